"""What arkivuttrekk.xml (ADDML 8.3) says about the package: its files, their checksums and
schemas, the element counts and the package facts (antallDokumentfiler, skjerming, period).

Read the way Arkade 5 reads it: by property names, as Arkivverket's template arkivuttrekk-mal-noark5.xml
fills them in. The file is small, so it is parsed whole.
"""
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

ADDML_NS = "http://www.arkivverket.no/standarder/addml"
_A = f"{{{ADDML_NS}}}"


@dataclass
class FileEntry:
    name: str
    data_object: str
    is_schema: bool
    algorithm: str | None
    checksum: str | None
    has_checksum: bool


@dataclass
class DataObject:
    name: str
    file: str | None = None
    schemas: list[str] = field(default_factory=list)  # "main" first
    occurrences: list[tuple[str, str]] = field(default_factory=list)  # (element, stated value)


@dataclass
class AddmlInfo:
    files: list[FileEntry] = field(default_factory=list)
    data_objects: dict[str, DataObject] = field(default_factory=dict)
    additional: dict[str, str] = field(default_factory=dict)

    def data_object_for(self, file_name: str) -> DataObject | None:
        return next((d for d in self.data_objects.values() if d.file == file_name), None)


def _props(el) -> list:
    return el.findall(f"{_A}properties/{_A}property")


def _prop(el, name: str):
    return next((p for p in _props(el) if p.get("name") == name), None)


def _value(el) -> str | None:
    v = el.find(f"{_A}value") if el is not None else None
    return v.text.strip() if v is not None and v.text is not None else None


def _file_entry(file_prop, data_object: str, is_schema: bool) -> FileEntry:
    checksum = _prop(file_prop, "checksum")
    return FileEntry(
        name=_value(_prop(file_prop, "name")) or "",
        data_object=data_object,
        is_schema=is_schema,
        algorithm=_value(_prop(checksum, "algorithm")) if checksum is not None else None,
        checksum=_value(_prop(checksum, "value")) if checksum is not None else None,
        has_checksum=checksum is not None,
    )


def read_addml(path: Path) -> AddmlInfo:
    """Raises OSError or etree.XMLSyntaxError when the file cannot be read."""
    root = etree.parse(str(path)).getroot()
    info = AddmlInfo()
    package = root.find(f"{_A}dataset/{_A}dataObjects/{_A}dataObject")
    if package is None:
        return info
    for add in package.iter(f"{_A}property"):
        if add.get("name") == "additionalInfo":
            for p in add.iter(f"{_A}property"):
                if p is not add and p.get("name") and _value(p) is not None:
                    info.additional[p.get("name")] = _value(p)
    for obj in package.findall(f"{_A}dataObjects/{_A}dataObject"):
        name = obj.get("name") or ""
        data = DataObject(name)
        info.data_objects[name] = data
        for prop in _props(obj):
            kind = prop.get("name")
            if kind == "file":
                entry = _file_entry(prop, name, False)
                data.file = entry.name
                info.files.append(entry)
            elif kind == "schema":
                for file_prop in (p for p in _props(prop) if p.get("name") == "file"):
                    entry = _file_entry(file_prop, name, True)
                    if _value(prop) == "main":
                        data.schemas.insert(0, entry.name)
                    else:
                        data.schemas.append(entry.name)
                    info.files.append(entry)
            elif kind == "info":
                for occ in (p for p in _props(prop) if p.get("name") == "numberOfOccurrences"):
                    path_value = _value(_prop(occ, "elementPath")) or _value(occ) or ""
                    element = path_value.rstrip("/").split("/")[-1].split(":")[-1]
                    data.occurrences.append((element, _value(_prop(occ, "value")) or ""))
    return info
