"""arkivuttrekk.xml: the package's description in ADDML 8.3, filled in as Arkivverket's template
(arkivuttrekk-mal-noark5.xml) shows: who made the records, the system, the period, the counts of
mapper, registreringer, endringer and journalregistreringer, and the SHA-256 of every XML file
and schema of the package (arkivuttrekk.xml itself, and its own addml.xsd, are not listed: the
template lists neither). The product's own motebok.xsd is declared as a schema of arkivstruktur,
so a validator checks the virksomhetsspesifikkeMetadata too."""
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import Council, Meeting
from app.services.archive.checksums import file_sha256
from app.services.archive.scope import Scope
from app.services.archive.xmlstream import Writer, document

ADDML_NS = "http://www.arkivverket.no/standarder/addml"
SYSTEM_NAME = "Møtebok"
SYSTEM_TYPE = "Sakarkiv (Noark-5)"
OWN_XSD_NAME = "motebok.xsd"


@dataclass(frozen=True)
class PackageFacts:
    """What arkivuttrekk.xml says about the package besides the files' checksums."""

    scope: Scope
    meeting_ids: Iterable[int]
    mapper: int
    registreringer: int
    endringer: int
    journalregistreringer: int
    document_files: int
    contains_exempt: bool


# (dataObject name, its XML file, its main schema, further schemas, [(count name, value attr)])
def _data_objects(facts: PackageFacts, own_xsd: bool) -> list:
    extra = ["metadatakatalog.xsd"] + ([OWN_XSD_NAME] if own_xsd else [])
    return [
        ("arkivstruktur", "arkivstruktur.xml", "arkivstruktur.xsd", extra,
         [("mappe", facts.mapper), ("registrering", facts.registreringer)]),
        ("endringslogg", "endringslogg.xml", "endringslogg.xsd", ["metadatakatalog.xsd"],
         [("endring", facts.endringer)]),
        ("loependeJournal", "loependeJournal.xml", "loependeJournal.xsd", ["metadatakatalog.xsd"],
         [("journalregistrering", facts.journalregistreringer)]),
        ("offentligJournal", "offentligJournal.xml", "offentligJournal.xsd", ["metadatakatalog.xsd"],
         [("journalregistrering", facts.journalregistreringer)]),
    ]


def record_creators(scope: Scope, meeting_ids: Iterable[int] = ()) -> list[str]:
    """The arkivskaper(e), as arkivstruktur names them: the secretariat of the council asked for,
    else of the councils of the exported meetings, each once."""
    if scope.council is not None:
        councils = [scope.council]
    else:
        ids = list(meeting_ids)
        query = select(Council).order_by(Council.code)
        if ids:
            query = query.where(Council.id.in_(select(Meeting.council_id).where(Meeting.id.in_(ids))))
        councils = list(db.session.scalars(query))
    names = [c.secretariat.name if c.secretariat else f"Sekretariatet for {c.code}" for c in councils]
    return list(dict.fromkeys(names)) or [SYSTEM_NAME]


def write_addml(folder: Path, facts: PackageFacts) -> Path:
    """Write arkivuttrekk.xml; every other XML file and schema must already be in ``folder``."""
    path = folder / "arkivuttrekk.xml"
    creators = record_creators(facts.scope, facts.meeting_ids)
    with document(path, ADDML_NS, "addml", schema_location="addml.xsd") as w:
        _addml(w, folder, facts, creators)
    return path


def _addml(w: Writer, folder: Path, facts: PackageFacts, creators: list[str]) -> None:
    with w.element("dataset"):
        w.leaf("description", "Noark 5-arkivuttrekk")
        with w.element("reference"):
            with w.element("context"), w.element("additionalElements"):
                with _additional(w, "recordCreators"), w.element("additionalElements"):
                    for name in creators:
                        with _additional(w, "recordCreator"):
                            w.leaf("value", name)
                with _additional(w, "systemType"):
                    w.leaf("value", SYSTEM_TYPE)
                with _additional(w, "systemName"):
                    w.leaf("value", SYSTEM_NAME)
                with _additional(w, "archive"):
                    w.leaf("value", f"{SYSTEM_NAME} {facts.scope.label}")
            with w.element("content"), w.element("additionalElements"), \
                    _additional(w, "archivalPeriod"), w.element("properties"):
                _prop(w, "startDate", facts.scope.period_from)
                _prop(w, "endDate", facts.scope.period_to)
        with w.element("dataObjects"), _data_object(w, "Noark 5-arkivuttrekk"):
            with w.element("properties"), _property(w, "info"), w.element("properties"):
                with _property(w, "type", "Noark 5"), w.element("properties"):
                    _prop(w, "version", "5.0")
                with _property(w, "additionalInfo"), w.element("properties"):
                    with _property(w, "periode"), w.element("properties"):
                        _prop(w, "inngaaendeSkille", "mykt")
                        _prop(w, "utgaaendeSkille", "mykt")
                    _prop(w, "inneholderSkjermetInformasjon", facts.contains_exempt, "boolean")
                    _prop(w, "omfatterDokumenterSomErKassert", False, "boolean")
                    _prop(w, "inneholderDokumenterSomSkalKasseres", False, "boolean")
                    _prop(w, "inneholderVirksomhetsspesifikkeMetadata", True, "boolean")
                    _prop(w, "antallDokumentfiler", facts.document_files, "integer")
            own_xsd = (folder / OWN_XSD_NAME).is_file()
            with w.element("dataObjects"):
                for name, xml, main, extra, counts in _data_objects(facts, own_xsd):
                    with _data_object(w, name), w.element("properties"):
                        _file(w, folder / xml)
                        with _property(w, "schema", "main"), w.element("properties"):
                            _schema_file(w, folder / main)
                        for schema in extra:
                            with _property(w, "schema"), w.element("properties"):
                                _schema_file(w, folder / schema)
                        with _property(w, "info"), w.element("properties"):
                            for element, value in counts:
                                with _property(w, "numberOfOccurrences", element), \
                                        w.element("properties"):
                                    _prop(w, "elementPath", f"//{element}")
                                    _prop(w, "value", value, "integer")


def _schema_file(w: Writer, path: Path) -> None:
    _file(w, path)
    with _property(w, "type", "XML Schema"), w.element("properties"):
        _prop(w, "version", "1.0")


def _file(w: Writer, path: Path) -> None:
    with _property(w, "file"), w.element("properties"):
        _prop(w, "name", path.name)
        with _property(w, "format", "XML"), w.element("properties"):
            _prop(w, "version", "1.0")
        with _property(w, "checksum"), w.element("properties"):
            _prop(w, "algorithm", "SHA-256")
            _prop(w, "value", file_sha256(path))


def _additional(w: Writer, name: str):
    return w.element("additionalElement", {"name": name})


def _data_object(w: Writer, name: str):
    return w.element("dataObject", {"name": name})


class _property:
    """``<property name=…><value>…</value> …children… </property>``."""

    def __init__(self, w: Writer, name: str, value=None, data_type: str | None = None):
        self.w, self.value = w, value
        attributes = {"name": name} | ({"dataType": data_type} if data_type else {})
        self.element = w.element("property", attributes)

    def __enter__(self):
        self.element.__enter__()
        if self.value is not None:
            self.w.leaf("value", self.value)
        return self

    def __exit__(self, *exc):
        return self.element.__exit__(*exc)


def _prop(w: Writer, name: str, value, data_type: str | None = None) -> None:
    with _property(w, name, value, data_type):
        pass
