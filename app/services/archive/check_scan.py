"""Streaming passes over the package's XML files for the self-check.

One pass over arkivstruktur.xml gathers everything the Arkade tests need (counts, systemIDs,
references, document objects, empty elements); the other XML files get a generic pass. Elements
are cleared as soon as they are read, so memory stays flat however large the package.
"""
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from lxml import etree

XSI_TYPE = "{http://www.w3.org/2001/XMLSchema-instance}type"
# References from one unit of arkivstruktur.xml to another, by systemID (those to an arkivdel or a
# klasse are Arkade's N5.48 and N5.51; referanseArvtaker/-Forloeper may name other packages).
UNIT_REFERENCES = ("referanseForrigeMoete", "referanseNesteMoete", "referanseTilMappe",
                   "referanseTilRegistrering", "referanseFraMoeteregistrering",
                   "referanseTilMoeteregistrering", "referanseAvskrivesAvJournalpost")
SCREENABLE = ("mappe", "registrering", "dokumentbeskrivelse")


def _local(tag) -> str:
    return etree.QName(tag).localname if isinstance(tag, str) else ""


@dataclass
class Frame:
    name: str
    xsi_type: str | None
    line: int
    system_id: str | None = None
    has_child: bool = False
    values: dict = field(default_factory=dict)  # leaf child name -> text (first)
    children: Counter = field(default_factory=Counter)


@dataclass
class FileScan:
    """What a generic pass found in one XML file."""
    counts: Counter = field(default_factory=Counter)
    empty: list[str] = field(default_factory=list)  # "element (linje n, etter systemID x)"
    values: dict[str, list[str]] = field(default_factory=dict)


@dataclass
class DocumentObject:
    system_id: str | None
    description_id: str | None
    reference: str | None
    checksum: str | None
    algorithm: str | None
    size: str | None
    line: int


@dataclass
class StructureScan(FileScan):
    types: dict[str, Counter] = field(default_factory=lambda: {"mappe": Counter(), "registrering": Counter()})
    system_ids: Counter = field(default_factory=Counter)
    system_id_places: dict[str, list[str]] = field(default_factory=dict)
    arkivdeler: list[dict] = field(default_factory=list)  # systemID, tittel, arkivdelstatus
    klasse_ids: set = field(default_factory=set)
    arkivdel_refs: list[tuple[str, str | None, str, int]] = field(default_factory=list)
    klasse_refs: list[tuple[str, str | None, str, int]] = field(default_factory=list)
    registrations_without_description: list[str] = field(default_factory=list)
    descriptions_without_object: list[str] = field(default_factory=list)
    document_objects: list[DocumentObject] = field(default_factory=list)
    skjerming: Counter = field(default_factory=Counter)  # per parent element
    konverteringer: int = 0
    unit_refs: list[tuple[str, str | None, str, str, int]] = field(default_factory=list)
    journalposts: dict[str, str | None] = field(default_factory=dict)  # systemID -> registreringsID
    # Real titles of screened units, by what the journals name them by: a saksmappe by its
    # mappeID, a journalpost by its systemID (with its documents' titles).
    screened_titles: dict[str, set[str]] = field(default_factory=dict)


def _iter(path: Path, on_start, on_end, empty: list[str]):
    """Walk the file; call on_start(stack) and on_end(stack, text) with the frame stack."""
    stack: list[Frame] = []
    last_system_id = None
    for event, elem in etree.iterparse(str(path), events=("start", "end"), remove_comments=True,
                                       remove_pis=True, huge_tree=True):
        if not isinstance(elem.tag, str):
            continue
        if event == "start":
            if stack:
                stack[-1].has_child = True
                stack[-1].children[_local(elem.tag)] += 1
            stack.append(Frame(_local(elem.tag), elem.get(XSI_TYPE), elem.sourceline or 0))
            if on_start:
                on_start(stack)
            continue
        frame = stack[-1]
        text = (elem.text or "").strip()
        if not frame.has_child:
            if frame.name == "systemID" and text:
                last_system_id = text
                if len(stack) > 1:
                    stack[-2].system_id = text
            if len(stack) > 1:
                stack[-2].values.setdefault(frame.name, text)
            if not text:
                after = f", etter systemID {last_system_id}" if last_system_id else ""
                empty.append(f"<{frame.name}> (linje {frame.line}{after})")
        on_end(stack, text)
        stack.pop()
        elem.clear()
        parent = elem.getparent()
        if parent is not None:
            while elem.getprevious() is not None:
                del parent[0]


def journal_registrations(path: Path):
    """(mappeID, journalpost systemID, every text) of each journalregistrering of a journal."""
    for _event, elem in etree.iterparse(str(path), events=("end",), huge_tree=True,
                                        tag="{*}journalregistrering"):
        folder = elem.find("{*}saksmappe/{*}mappeID")
        post = elem.find("{*}journalpost/{*}systemID")
        texts = [t.strip() for t in elem.itertext() if t.strip()]
        yield (folder.text.strip() if folder is not None and folder.text else None,
               post.text.strip() if post is not None and post.text else None, texts)
        elem.clear()
        while elem.getprevious() is not None:
            del elem.getparent()[0]


def scan_file(path: Path, value_names: tuple[str, ...] = ()) -> FileScan:
    scan = FileScan(values={n: [] for n in value_names})

    def on_end(stack, text):
        frame = stack[-1]
        scan.counts[frame.name] += 1
        if frame.name in scan.values and not frame.has_child:
            scan.values[frame.name].append(text)

    _iter(path, None, on_end, scan.empty)
    return scan


def scan_structure(path: Path) -> StructureScan:
    scan = StructureScan()

    def on_end(stack, text):
        frame = stack[-1]
        name = frame.name
        parent = stack[-2] if len(stack) > 1 else None
        scan.counts[name] += 1
        if name in scan.types:
            scan.types[name][frame.xsi_type or name] += 1
        if name == "systemID" and text and parent is not None:
            scan.system_ids[text] += 1
            scan.system_id_places.setdefault(text, []).append(f"<{parent.name}> linje {parent.line}")
            if parent.name == "klasse":
                scan.klasse_ids.add(text)
        elif name == "referanseArkivdel" and parent is not None and parent.name in (
                "mappe", "registrering", "dokumentbeskrivelse"):
            scan.arkivdel_refs.append((parent.name, parent.system_id, text, frame.line))
        elif name in ("referanseSekundaerKlassifikasjon", "referanseTilKlasse") and parent is not None:
            owner = next((f for f in reversed(stack[:-1]) if f.system_id), parent)
            scan.klasse_refs.append((f"{owner.name}/{name}", owner.system_id, text, frame.line))
        elif name in UNIT_REFERENCES and parent is not None:
            owner = next((f for f in reversed(stack[:-1]) if f.system_id), parent)
            scan.unit_refs.append((owner.name, owner.system_id, name, text, frame.line))
        elif name == "skjerming" and parent is not None:
            scan.skjerming[parent.name] += 1
        elif name == "konvertering" and parent is not None and parent.name == "dokumentobjekt":
            scan.konverteringer += 1
        elif name == "arkivdel":
            scan.arkivdeler.append({"systemID": frame.system_id, "tittel": frame.values.get("tittel"),
                                    "arkivdelstatus": frame.values.get("arkivdelstatus")})
        if name in SCREENABLE and frame.children["skjerming"]:
            title = frame.values.get("tittel")
            key = frame.values.get("mappeID") if name == "mappe" else \
                frame.system_id if name == "registrering" else (parent.system_id if parent else None)
            if title and key and title != frame.values.get("offentligTittel"):
                scan.screened_titles.setdefault(key, set()).add(title)
        if name == "registrering" and frame.xsi_type == "journalpost" and frame.system_id:
            scan.journalposts[frame.system_id] = frame.values.get("registreringsID")
        if name == "registrering":
            if not frame.children["dokumentbeskrivelse"]:
                scan.registrations_without_description.append(frame.system_id or f"linje {frame.line}")
        elif name == "dokumentbeskrivelse":
            physical = (frame.values.get("dokumentmedium") or "").lower() in ("fysisk medium", "fysisk arkiv")
            if not frame.children["dokumentobjekt"] and not physical:
                scan.descriptions_without_object.append(frame.system_id or f"linje {frame.line}")
        elif name == "dokumentobjekt":
            v = frame.values
            scan.document_objects.append(DocumentObject(
                frame.system_id, parent.system_id if parent is not None else None,
                v.get("referanseDokumentfil"), v.get("sjekksum"), v.get("sjekksumAlgoritme"),
                v.get("filstoerrelse"), frame.line))

    _iter(path, None, on_end, scan.empty)
    return scan
