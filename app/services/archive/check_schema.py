"""N5.03: every XML file of the package against its XSD.

arkivstruktur.xml is validated against a wrapper schema that imports arkivstruktur.xsd and every
extra schema arkivuttrekk.xml declares for it (the product's own XSD for virksomhetsspesifikkeMetadata):
virksomhetsspesifikkeMetadata is xs:anyType, whose content is checked only against element
declarations the validator knows, so without the import it would go unchecked.
"""
import tempfile
from pathlib import Path

from lxml import etree

from .check_addml import AddmlInfo

XS = "http://www.w3.org/2001/XMLSchema"

# The official schema of each file when arkivuttrekk.xml does not say (or cannot be read).
DEFAULT_SCHEMAS = {
    "arkivuttrekk.xml": ["addml.xsd"],
    "arkivstruktur.xml": ["arkivstruktur.xsd", "metadatakatalog.xsd"],
    "endringslogg.xml": ["endringslogg.xsd", "metadatakatalog.xsd"],
    "loependeJournal.xml": ["loependeJournal.xsd", "metadatakatalog.xsd"],
    "offentligJournal.xml": ["offentligJournal.xsd", "metadatakatalog.xsd"],
}
OFFICIAL_XSDS = {"addml.xsd", "arkivstruktur.xsd", "metadatakatalog.xsd", "endringslogg.xsd",
                 "loependeJournal.xsd", "offentligJournal.xsd"}

MAX_ERRORS_PER_FILE = 25
# The repeating units of the package's files (arkivstruktur, the journals, the change log).
STREAM_UNITS = ("{*}mappe", "{*}journalregistrering", "{*}endring")


def schemas_of(addml: AddmlInfo | None) -> dict[str, list[str]]:
    """XML file -> its schema files, main first; official ones completed from the defaults."""
    result = {k: list(v) for k, v in DEFAULT_SCHEMAS.items()}
    if addml is not None:
        for data in addml.data_objects.values():
            if data.file and data.file.endswith(".xml"):
                declared = [s for s in data.schemas if s]
                base = result.get(data.file, [])
                result[data.file] = base + [s for s in declared if s not in base]
    return result


def _target_namespace(xsd: Path) -> str | None:
    for _event, elem in etree.iterparse(str(xsd), events=("start",)):
        return elem.get("targetNamespace")
    return None


def _load_schema(main: Path, extras: list[Path]) -> etree.XMLSchema:
    if not extras:
        return etree.XMLSchema(etree.parse(str(main)))
    root = etree.Element(f"{{{XS}}}schema", nsmap={"xs": XS}, targetNamespace="urn:motebok:check-wrapper")
    for xsd in [main, *extras]:
        imp = etree.SubElement(root, f"{{{XS}}}import", schemaLocation=xsd.resolve().as_uri())
        namespace = _target_namespace(xsd)
        if namespace:
            imp.set("namespace", namespace)
    with tempfile.TemporaryDirectory() as tmp:
        wrapper = Path(tmp) / "wrapper.xsd"
        etree.ElementTree(root).write(str(wrapper))
        return etree.XMLSchema(etree.parse(str(wrapper)))


def _valid_as_stream(xml: Path, schema: etree.XMLSchema) -> bool:
    """Whether the file is valid, read as a stream that drops each unit (mappe, journal entry,
    change) once it is read, so memory stays flat however large the package. Any fault: False,
    and the caller reads the file whole for the messages with their line numbers."""
    try:
        for _event, elem in etree.iterparse(str(xml), events=("end",), tag=STREAM_UNITS,
                                            schema=schema, huge_tree=True):
            elem.clear(keep_tail=True)
            while elem.getprevious() is not None:
                del elem.getparent()[0]
    except etree.XMLSyntaxError:
        return False
    return True


def validate_all(folder: Path, schema_dir: Path, addml: AddmlInfo | None, fail) -> list[str]:
    """Validate every XML file that exists; call fail(message) per fault. Returns files validated."""
    validated = []
    for xml_name, schema_names in schemas_of(addml).items():
        xml = folder / xml_name
        if not xml.is_file():
            continue  # N5.01 reports it
        main, *rest = schema_names
        official = schema_dir if (schema_dir / main).is_file() else folder
        main_path = official / main
        extras = [folder / s for s in rest if s not in OFFICIAL_XSDS]
        missing = [p for p in [main_path, *extras] if not p.is_file()]
        if missing:
            fail(f"{xml_name}: skjema mangler: {', '.join(str(p.name) for p in missing)}")
            continue
        try:
            schema = _load_schema(main_path, extras)
        except (etree.XMLSchemaParseError, etree.XMLSyntaxError) as exc:
            fail(f"{xml_name}: skjemaet {', '.join(p.name for p in [main_path, *extras])} kan ikke leses: {exc}")
            continue
        if _valid_as_stream(xml, schema):
            validated.append(xml_name)
            continue
        try:
            doc = etree.parse(str(xml), etree.XMLParser(huge_tree=True))
        except etree.XMLSyntaxError as exc:
            fail(f"{xml_name}: ikke velformet XML: {exc}")
            continue
        if not schema.validate(doc):
            errors = list(schema.error_log)
            for err in errors[:MAX_ERRORS_PER_FILE]:
                fail(f"{xml_name} linje {err.line}: {err.message}")
            if len(errors) > MAX_ERRORS_PER_FILE:
                fail(f"{xml_name}: … og {len(errors) - MAX_ERRORS_PER_FILE} skjemafeil til")
        validated.append(xml_name)
        del doc
    return validated
