"""The self-check of an arkivuttrekk: Arkivverket's Arkade 5 Noark 5 tests, as far as they can be
run without Arkade, with Arkade's numbers and names (see check_report.TEST_NAMES).

check_package(folder) -> CheckReport. Arkade's count tests ("analysis") pass and report their
figures, unless a figure contradicts what arkivuttrekk.xml states; its control tests fail with a
message per fault naming the file and the element or systemID.

Stricter than Arkade where the issue asks for it: N5.24 (a dokumentbeskrivelse without dokumentobjekt,
physical media excepted), N5.34 (a file referenced twice) and N5.64 (an empty document file) fail
instead of only counting; N5.30 also compares filstoerrelse; every numberOfOccurrences in
arkivuttrekk.xml is compared with its file (under N5.10, N5.16, N5.59, N5.61, others under N5.02).
N5.21 only counts, as in Arkade: a meeting registration may rightly have no document of its own.
"""
from pathlib import Path

from flask import current_app, has_app_context
from lxml import etree

from .check_addml import AddmlInfo, read_addml
from .check_report import CheckReport, Results
from .check_scan import FileScan, StructureScan, journal_registrations, scan_file, scan_structure
from .check_schema import OFFICIAL_XSDS, validate_all
from .checksums import file_sha256

ADDML = "arkivuttrekk.xml"
STRUCTURE = "arkivstruktur.xml"
CHANGELOG = "endringslogg.xml"
RUNNING = "loependeJournal.xml"
PUBLIC = "offentligJournal.xml"
XML_FILES = (ADDML, STRUCTURE, CHANGELOG, RUNNING, PUBLIC)
DOCUMENT_DIRS = ("DOKUMENT", "dokumenter")

# What the generic pass keeps of the other XML files (the change log's references, the journals'
# units).
JOURNAL_VALUES = ("referanseArkivenhet", "antallJournalposter", "systemID", "registreringsID")

# Which test answers for a count stated in arkivuttrekk.xml (numberOfOccurrences), by element.
OCCURRENCE_TEST = {"mappe": "N5.10", "registrering": "N5.16", "endring": "N5.61",
                   "journalregistrering": "N5.59"}


def default_schema_dir(folder: Path) -> Path | None:
    """The package's own XSDs, else the app's NOARK5_SCHEMA_DIR."""
    if (folder / "arkivstruktur.xsd").is_file():
        return folder
    configured = current_app.config.get("NOARK5_SCHEMA_DIR") if has_app_context() else None
    return Path(configured) if configured else None


def check_package(folder: Path, schema_dir: Path | None = None) -> CheckReport:
    folder = Path(folder)
    schema_dir = Path(schema_dir) if schema_dir else default_schema_dir(folder)
    r = Results()

    addml = _read_addml(folder, r)
    _n5_01_files_exist(folder, addml, r)
    _n5_02_checksums(folder, addml, r)
    if schema_dir is None:
        r.fail("N5.03", "fant ingen skjemaer: verken i uttrekket eller i NOARK5_SCHEMA_DIR")
    else:
        validate_all(folder, schema_dir, addml, lambda m: r.fail("N5.03", m))

    scans: dict[str, FileScan] = {}
    for name in XML_FILES:
        path = folder / name
        if not path.is_file():
            continue
        try:
            if name == STRUCTURE:
                scans[name] = scan_structure(path)
            else:
                scans[name] = scan_file(path, JOURNAL_VALUES)
        except etree.XMLSyntaxError as exc:
            r.fail("N5.63", f"{name}: kan ikke leses: {exc}")
    structure = scans.get(STRUCTURE)
    documents = _document_files(folder)

    if structure is not None:
        _structure_counts(structure, r)
        _document_tests(folder, structure, documents, r)
        _reference_tests(structure, addml, r)
    else:
        for number in ("N5.04", "N5.05", "N5.07", "N5.08", "N5.10", "N5.16", "N5.30", "N5.47"):
            r.fail(number, f"{STRUCTURE} mangler eller kan ikke leses")
    _n5_28_document_count(folder, documents, addml, r)
    _n5_59_journalposts(structure, scans, addml, r)
    _n5_61_62_changelog(structure, scans.get(CHANGELOG), r)
    if structure is not None:
        _mb_unit_references(structure, r)
        _mb_journals_match(structure, scans, r)
        _mb_screened_titles(structure, folder / PUBLIC if PUBLIC in scans else None, r)
    _occurrences(scans, addml, r)
    for name, scan in scans.items():
        for where in scan.empty:
            r.fail("N5.63", f"{name}: elementet {where} mangler innhold")
    return CheckReport(str(folder), r.all())


def _read_addml(folder: Path, r: Results) -> AddmlInfo | None:
    try:
        return read_addml(folder / ADDML)
    except OSError:
        return None  # N5.01 reports it
    except etree.XMLSyntaxError as exc:
        r.fail("N5.02", f"{ADDML}: kan ikke leses: {exc}")
        return None


def _n5_01_files_exist(folder: Path, addml: AddmlInfo | None, r: Results) -> None:
    expected = list(XML_FILES) + sorted(OFFICIAL_XSDS)
    if addml is not None:
        expected += [f.name for f in addml.files if f.name not in expected]
    for name in expected:
        if not name or not (folder / name).is_file():
            r.fail("N5.01", f"filen {name or '(uten navn i ' + ADDML + ')'} mangler")
    r.info("N5.01", f"{len(expected)} filer kontrollert")


def _n5_02_checksums(folder: Path, addml: AddmlInfo | None, r: Results) -> None:
    if addml is None:
        r.fail("N5.02", f"{ADDML} mangler eller kan ikke leses")
        return
    seen = set()
    for entry in addml.files:
        if entry.is_schema and entry.name in seen:
            continue
        seen.add(entry.name)
        where = f"{ADDML}, dataObject «{entry.data_object}», fil {entry.name}"
        if not entry.has_checksum:
            r.fail("N5.02", f"{where}: sjekksum mangler")
        elif (entry.algorithm or "").upper() not in ("SHA-256", "SHA256"):
            r.fail("N5.02", f"{where}: sjekksumalgoritme «{entry.algorithm}» støttes ikke (SHA-256)")
        elif not (folder / entry.name).is_file():
            r.fail("N5.02", f"{where}: filen finnes ikke")
        else:
            actual = file_sha256(folder / entry.name)
            if actual != (entry.checksum or "").lower():
                r.fail("N5.02", f"{where}: oppgitt sjekksum {entry.checksum} ≠ beregnet {actual}")
    r.info("N5.02", f"{len(seen)} filer, SHA-256")


def _structure_counts(s: StructureScan, r: Results) -> None:
    r.info("N5.04", f"{s.counts['arkiv']} arkiv")
    r.info("N5.05", f"{s.counts['arkivdel']} arkivdeler")
    for part in s.arkivdeler:
        r.info("N5.06", f"arkivdel {part['systemID']} ({part['tittel']}): {part['arkivdelstatus']}")
    r.info("N5.07", f"{s.counts['klassifikasjonssystem']} klassifikasjonssystem")
    r.info("N5.08", f"{s.counts['klasse']} klasser")
    for number, kind in (("N5.10", "mappe"), ("N5.16", "registrering")):
        per_type = ", ".join(f"{t}: {n}" for t, n in sorted(s.types[kind].items()))
        r.info(number, f"{s.counts[kind]} i alt" + (f" ({per_type})" if per_type else ""))
    r.info("N5.21", f"{len(s.registrations_without_description)}")
    if s.registrations_without_description:
        r.info("N5.21", "systemID " + ", ".join(s.registrations_without_description[:20]))
    r.info("N5.24", f"{len(s.descriptions_without_object)}")
    for sid in s.descriptions_without_object:
        r.fail("N5.24", f"{STRUCTURE}: dokumentbeskrivelse {sid} har ikke dokumentobjekt")
    r.info("N5.46", f"{s.konverteringer} konverteringer")


def _document_files(folder: Path) -> dict[str, Path] | None:
    """Document files by their path relative to the package (posix), or None without the folder."""
    base = next((folder / d for d in DOCUMENT_DIRS if (folder / d).is_dir()), None)
    if base is None:
        return None
    return {p.relative_to(folder).as_posix(): p for p in base.rglob("*") if p.is_file()}


def _document_tests(folder: Path, s: StructureScan, documents: dict[str, Path] | None, r: Results) -> None:
    documents = documents or {}
    referenced: dict[str, list[str]] = {}
    empty_files = 0
    for obj in s.document_objects:
        who = f"{STRUCTURE}: dokumentobjekt {obj.system_id or '(uten systemID)'} (dokumentbeskrivelse {obj.description_id}, linje {obj.line})"
        if not obj.reference:
            r.fail("N5.32", f"{who}: referanseDokumentfil mangler")
            continue
        ref = obj.reference.replace("\\", "/")
        referenced.setdefault(ref, []).append(obj.system_id or f"linje {obj.line}")
        path = documents.get(ref)
        if path is None:
            r.fail("N5.32", f"{who}: filen {ref} finnes ikke")
            r.fail("N5.30", f"{who}: filen {ref} finnes ikke")
            continue
        if (obj.algorithm or "").upper() not in ("SHA-256", "SHA256"):
            r.fail("N5.30", f"{who}: sjekksumAlgoritme «{obj.algorithm}» støttes ikke (SHA-256)")
        elif file_sha256(path).lower() != (obj.checksum or "").lower():
            r.fail("N5.30", f"{who}: sjekksum for {ref} stemmer ikke med filen")
        size = path.stat().st_size
        if obj.size is not None and obj.size != str(size):
            r.fail("N5.30", f"{who}: filstoerrelse {obj.size} ≠ faktisk {size} for {ref}")
        if size == 0:
            empty_files += 1
            r.fail("N5.64", f"{ref}: tom dokumentfil (dokumentobjekt {obj.system_id})")
    r.info("N5.30", f"{len(s.document_objects)} dokumentobjekter")
    r.info("N5.32", f"{len(referenced)} refererte filer")
    unreferenced = sorted(set(documents) - set(referenced))
    r.info("N5.33", f"{len(unreferenced)}")
    for name in unreferenced:
        r.fail("N5.33", f"{name}: dokumentfilen er ikke referert fra noe dokumentobjekt i {STRUCTURE}")
    multi = {ref: ids for ref, ids in referenced.items() if len(ids) > 1}
    r.info("N5.34", f"{len(multi)}")
    for ref, ids in sorted(multi.items()):
        r.fail("N5.34", f"{ref}: referert fra {len(ids)} dokumentobjekter i {STRUCTURE} ({', '.join(ids)})")
    r.info("N5.64", f"{empty_files}")


def _reference_tests(s: StructureScan, addml: AddmlInfo | None, r: Results) -> None:
    duplicates = {sid: n for sid, n in s.system_ids.items() if n > 1}
    r.info("N5.47", f"{len(s.system_ids)} systemID-er")
    for sid in sorted(duplicates):
        r.fail("N5.47", f"{STRUCTURE}: systemID {sid} forekommer {duplicates[sid]} ganger "
                        f"({'; '.join(s.system_id_places[sid])})")
    part_ids = {p["systemID"] for p in s.arkivdeler}
    r.info("N5.48", f"{len(s.arkivdel_refs)} referanser")
    for element, sid, ref, line in s.arkivdel_refs:
        if ref not in part_ids:
            r.fail("N5.48", f"{STRUCTURE}: {element} {sid or '?'} (linje {line}) refererer til arkivdel {ref}, som ikke finnes")
    r.info("N5.51", f"{len(s.klasse_refs)} referanser")
    for element, sid, ref, line in s.klasse_refs:
        if ref not in s.klasse_ids:
            r.fail("N5.51", f"{STRUCTURE}: {element} i {sid or '?'} (linje {line}) refererer til klasse {ref}, som ikke finnes")
    total = sum(s.skjerming.values())
    r.info("N5.42", f"{total} i alt" + "".join(f", {n} i {e}" for e, n in sorted(s.skjerming.items())))
    stated = (addml.additional.get("inneholderSkjermetInformasjon") if addml else None) or ""
    if stated.lower() == "true" and total == 0:
        r.fail("N5.42", f"{ADDML} sier inneholderSkjermetInformasjon=true, men {STRUCTURE} har ingen skjerming")
    if stated.lower() == "false" and total > 0:
        r.fail("N5.42", f"{ADDML} sier inneholderSkjermetInformasjon=false, men {STRUCTURE} har {total} skjerminger")


def _n5_28_document_count(folder: Path, documents, addml: AddmlInfo | None, r: Results) -> None:
    if documents is None:
        r.fail("N5.28", f"{folder.name}/: mappen {DOCUMENT_DIRS[0]} finnes ikke")
        documents = {}
    elif not documents:
        r.fail("N5.28", f"{DOCUMENT_DIRS[0]}/: ingen dokumentfiler")
    r.info("N5.28", f"{len(documents)} dokumentfiler funnet")
    stated = addml.additional.get("antallDokumentfiler") if addml else None
    if stated is None:
        r.fail("N5.28", f"{ADDML}: antallDokumentfiler mangler")
    else:
        r.info("N5.28", f"{stated} oppgitt i {ADDML}")
        if stated != str(len(documents)):
            r.fail("N5.28", f"{ADDML}: antallDokumentfiler er {stated}, men {len(documents)} dokumentfiler finnes")


def _journal_posts(scan: FileScan | None, name: str, r: Results) -> int | None:
    if scan is None:
        r.fail("N5.59", f"{name} mangler eller kan ikke leses")
        return None
    count = scan.counts["journalregistrering"]
    stated = scan.values["antallJournalposter"]
    if stated and stated[0] != str(count):
        r.fail("N5.59", f"{name}: journalhode/antallJournalposter er {stated[0]}, men filen har {count} journalregistreringer")
    r.info("N5.59", f"{count} i {name}")
    return count


def _n5_59_journalposts(structure: StructureScan | None, scans: dict, addml: AddmlInfo | None, r: Results) -> None:
    in_structure = structure.types["registrering"]["journalpost"] if structure else None
    if in_structure is not None:
        r.info("N5.59", f"{in_structure} i {STRUCTURE}")
    running = _journal_posts(scans.get(RUNNING), RUNNING, r)
    public = _journal_posts(scans.get(PUBLIC), PUBLIC, r)
    if running is not None and public is not None and running != public:
        r.fail("N5.59", f"{RUNNING} har {running} journalposter, {PUBLIC} har {public}")
    sharp = addml is not None and all(
        (addml.additional.get(k) or "").lower() == "skarpt" for k in ("inngaaendeSkille", "utgaaendeSkille"))
    if sharp and in_structure is not None:
        for name, count in ((RUNNING, running), (PUBLIC, public)):
            if count is not None and count != in_structure:
                r.fail("N5.59", f"{name} har {count} journalposter, {STRUCTURE} har {in_structure} "
                                f"(periodeskillet er skarpt)")


def _n5_61_62_changelog(structure: StructureScan | None, changelog: FileScan | None, r: Results) -> None:
    if changelog is None:
        r.fail("N5.61", f"{CHANGELOG} mangler eller kan ikke leses")
        r.fail("N5.62", f"{CHANGELOG} mangler eller kan ikke leses")
        return
    r.info("N5.61", f"{changelog.counts['endring']} endringer")
    references = changelog.values["referanseArkivenhet"]
    r.info("N5.62", f"{len(references)} referanser")
    if structure is None:
        r.fail("N5.62", f"{STRUCTURE} mangler: referansene kan ikke kontrolleres")
        return
    for ref in references:
        if ref not in structure.system_ids:
            r.fail("N5.62", f"{CHANGELOG}: referanseArkivenhet {ref} finnes ikke som systemID i {STRUCTURE}")


def _mb_unit_references(s: StructureScan, r: Results) -> None:
    r.info("MB.1", f"{len(s.unit_refs)} referanser")
    for owner, sid, element, ref, line in s.unit_refs:
        if ref not in s.system_ids:
            r.fail("MB.1", f"{STRUCTURE}: {element} i {owner} {sid or '?'} (linje {line}) "
                           f"refererer til {ref}, som ikke finnes")


def _mb_journals_match(s: StructureScan, scans: dict, r: Results) -> None:
    """Each journal's journalposter are journalposter of arkivstruktur.xml: systemID and
    registreringsID alike."""
    numbers = set(s.journalposts.values())
    for name in (RUNNING, PUBLIC):
        scan = scans.get(name)
        if scan is None:
            continue
        for sid in scan.values["systemID"]:
            if sid not in s.system_ids:
                r.fail("MB.2", f"{name}: systemID {sid} finnes ikke i {STRUCTURE}")
        for number in scan.values["registreringsID"]:
            if number not in numbers:
                r.fail("MB.2", f"{name}: registreringsID {number} er ingen journalpost i {STRUCTURE}")
    r.info("MB.2", f"{len(s.journalposts)} journalposter i {STRUCTURE}")


def _mb_screened_titles(s: StructureScan, public: Path | None, r: Results) -> None:
    """No real title of a screened saksmappe, journalpost or document appears, whole or inside a
    text, in that unit's entry of the public journal."""
    r.info("MB.3", f"{sum(map(len, s.screened_titles.values()))} skjermede titler")
    if public is None or not s.screened_titles:
        return
    for folder_id, post_id, texts in journal_registrations(public):
        titles = s.screened_titles.get(folder_id, set()) | s.screened_titles.get(post_id, set())
        for title in titles:
            if any(title in text for text in texts):
                r.fail("MB.3", f"{PUBLIC}: journalposten {post_id or '?'} (sak {folder_id or '?'}) "
                               f"viser den skjermede tittelen «{title}»")


def _occurrences(scans: dict, addml: AddmlInfo | None, r: Results) -> None:
    """Every numberOfOccurrences in arkivuttrekk.xml against the file it counts."""
    if addml is None:
        return
    for data in addml.data_objects.values():
        scan = scans.get(data.file or "")
        for element, stated in data.occurrences:
            number = OCCURRENCE_TEST.get(element, "N5.02")
            if scan is None:
                continue  # N5.01 reports the missing file
            actual = scan.counts[element]
            if stated != str(actual):
                r.fail(number, f"{ADDML}: numberOfOccurrences for {element} i {data.file} er oppgitt som "
                               f"{stated or '(tom)'}, men filen har {actual}")
