"""The Noark 5 arkivuttrekk (issue 13): the journals, the change log and arkivuttrekk.xml are
valid against Arkivverket's official schemas, the public journal never shows an exempt title,
the export refuses without schemas and leaves nothing behind when it fails, and the NUIT 2022
package of the demo passes every test of the self-check and fails it when corrupted."""
import hashlib
import shutil
from pathlib import Path
from types import SimpleNamespace

import pytest
from lxml import etree
from sqlalchemy import select

from app.extensions import db
from app.models import Case, CaseDocument, Council
from app.services.archive import ids
from app.services.archive.addml import PackageFacts, write_addml
from app.services.archive.changelog import Units, write_changelog
from app.services.archive.checksums import file_sha256
from app.services.archive.journals import write_journals
from app.services.archive.schemas import OFFICIAL_XSDS
from app.services.archive.scope import Scope, case_ids_of, ready_meeting_ids

SHARED = (Path(__file__).resolve().parents[1] / ".." / "shared" / "noark5").resolve()
EXEMPT_REAL = "Anskaffelse av meldingstjeneste – prisevaluering av innkomne tilbud (oppdiktet)"
EXEMPT_PUBLIC = "Anskaffelse – vurdering av tilbud"
ADDML = "{http://www.arkivverket.no/standarder/addml}"

pytestmark = pytest.mark.skipif(not (SHARED / "arkivstruktur.xsd").is_file(),
                                reason="the official Noark 5 XSDs are not in ../shared/noark5")


def _errors(xml: Path, xsd: str) -> list[str]:
    schema = etree.XMLSchema(etree.parse(str(SHARED / xsd)))
    schema.validate(etree.parse(str(xml)))
    return [f"{e.line}: {e.message}" for e in schema.error_log]


def _nuit_2022():
    council = db.session.scalar(select(Council).where(Council.code == "NUIT"))
    scope = Scope.year(council, 2022)
    meeting_ids = ready_meeting_ids(scope)
    case_ids = case_ids_of(meeting_ids)
    document_ids = list(db.session.scalars(select(CaseDocument.id).where(CaseDocument.case_id.in_(case_ids))))
    return scope, meeting_ids, case_ids, document_ids


def test_both_journals_are_valid_and_the_public_one_shows_only_the_public_title(demo_full, tmp_path):
    scope, meeting_ids, case_ids, document_ids = _nuit_2022()
    exempt = db.session.scalar(select(Case).where(Case.title == EXEMPT_REAL))
    assert exempt.id in case_ids and exempt.public_title == EXEMPT_PUBLIC

    result = write_journals(tmp_path, scope, document_ids, meeting_ids)

    assert result.journalposter == len(document_ids) > 0
    for name in ("loependeJournal", "offentligJournal"):
        assert _errors(tmp_path / f"{name}.xml", f"{name}.xsd") == []
    public = (tmp_path / "offentligJournal.xml").read_text(encoding="utf-8")
    full = (tmp_path / "loependeJournal.xml").read_text(encoding="utf-8")
    assert EXEMPT_REAL in full and EXEMPT_REAL not in public
    assert EXEMPT_PUBLIC in public
    for document_id in document_ids:
        document = db.session.get(CaseDocument, document_id)
        assert document.original_name not in public  # every document here is exempt
        assert ids.document_journalpost(document_id) in public
    numbers = [(int(r.findtext("{*}journalaar")), int(r.findtext("{*}journalsekvensnummer")))
               for r in etree.parse(str(tmp_path / "loependeJournal.xml")).iter("{*}journalpost")]
    assert numbers == sorted(numbers)


def test_the_change_log_is_valid_and_refers_only_to_units_of_the_package(demo_full, tmp_path):
    scope, meeting_ids, case_ids, document_ids = _nuit_2022()

    count = write_changelog(tmp_path, Units(case_ids, meeting_ids, document_ids))

    assert count > 0
    assert _errors(tmp_path / "endringslogg.xml", "endringslogg.xsd") == []
    tree = etree.parse(str(tmp_path / "endringslogg.xml"))
    changes = list(tree.iter("{*}endring"))
    assert len(changes) == count
    known = {ids.case_folder(i) for i in case_ids} | {ids.meeting_folder(i) for i in meeting_ids} | \
        {ids.document_journalpost(i) for i in document_ids} | \
        {ids.item_registration(i) for i in Units(meeting_ids=meeting_ids).of("AgendaItem")}
    assert {c.findtext("{*}referanseArkivenhet") for c in changes} <= known
    assert all(c.findtext("{*}tidligereVerdi") and c.findtext("{*}nyVerdi") for c in changes)


def test_arkivuttrekk_xml_is_valid_addml_with_the_checksums_and_counts(demo_full, tmp_path):
    scope, meeting_ids, *_ = _nuit_2022()
    for name in OFFICIAL_XSDS:
        shutil.copyfile(SHARED / name, tmp_path / name)
    for name in ("arkivstruktur.xml", "endringslogg.xml", "loependeJournal.xml", "offentligJournal.xml",
                 "motebok.xsd"):
        (tmp_path / name).write_text(f"<{name.split('.')[0]}/>", encoding="utf-8")

    write_addml(tmp_path, PackageFacts(scope, meeting_ids, mapper=7, registreringer=40, endringer=12,
                                       journalregistreringer=2, document_files=9, contains_exempt=True))

    assert _errors(tmp_path / "arkivuttrekk.xml", "addml.xsd") == []
    tree = etree.parse(str(tmp_path / "arkivuttrekk.xml"))
    checksums = {}
    for prop in tree.iter(f"{ADDML}property"):
        if prop.get("name") == "file":
            values = {p.get("name"): p.findtext(f"{ADDML}value") for p in prop.iter(f"{ADDML}property")}
            checksums[values["name"]] = values["value"]
    listed = set(OFFICIAL_XSDS) - {"addml.xsd"} | {"arkivstruktur.xml", "endringslogg.xml",
                                                   "loependeJournal.xml", "offentligJournal.xml", "motebok.xsd"}
    assert set(checksums) == listed
    assert all(checksums[name] == file_sha256(tmp_path / name) for name in listed)
    counts = {p.findtext(f"{ADDML}value"): next(q.findtext(f"{ADDML}value") for q in p.iter(f"{ADDML}property")
                                                if q.get("name") == "value")
              for p in tree.iter(f"{ADDML}property") if p.get("name") == "numberOfOccurrences"}
    assert counts == {"mappe": "7", "registrering": "40", "endring": "12", "journalregistrering": "2"}
    text = (tmp_path / "arkivuttrekk.xml").read_text(encoding="utf-8")
    assert "recordCreator" in text and "<value>Møtebok</value>" in text


def test_without_the_schema_setting_the_command_stops_and_writes_nothing(demo_full, runner, tmp_path):
    demo_full.config["NOARK5_SCHEMA_DIR"] = None
    out = tmp_path / "packages" / "NUIT-2022"

    result = runner.invoke(args=["archive", "export", "--council", "NUIT", "--year", "2022", "--out", str(out)])

    assert result.exit_code == 1
    assert "NOARK5_SCHEMA_DIR" in result.output and "Arkivverket" in result.output
    assert not (tmp_path / "packages").exists()


def test_with_an_incomplete_schema_folder_the_message_names_the_missing_files(demo_full, runner, tmp_path):
    schemas = tmp_path / "schemas"
    schemas.mkdir()
    shutil.copyfile(SHARED / "arkivstruktur.xsd", schemas / "arkivstruktur.xsd")
    demo_full.config["NOARK5_SCHEMA_DIR"] = str(schemas)

    result = runner.invoke(args=["archive", "export", "--council", "NUIT", "--year", "2022",
                                 "--out", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert "metadatakatalog.xsd" in result.output and "addml.xsd" in result.output
    assert not (tmp_path / "out").exists()


def test_a_period_without_finished_meetings_is_refused_before_anything_is_written(demo_full, runner,
                                                                                tmp_path):
    demo_full.config["NOARK5_SCHEMA_DIR"] = str(SHARED)

    result = runner.invoke(args=["archive", "export", "--council", "NUIT", "--year", "2030",
                                 "--out", str(tmp_path / "packages" / "NUIT-2030")])

    assert result.exit_code == 1
    assert "Ingen møter i NUIT 2030 er klare for arkivet" in result.output
    assert not (tmp_path / "packages").exists()


def test_the_command_wants_one_council_choice_and_one_period(demo_full, runner, tmp_path):
    demo_full.config["NOARK5_SCHEMA_DIR"] = str(SHARED)
    out = str(tmp_path / "out")
    for args in (["--year", "2022"], ["--council", "NUIT", "--all-councils", "--year", "2022"],
                 ["--council", "NUIT"], ["--council", "NUIT", "--year", "2022", "--from", "2022-01-01"]):
        result = runner.invoke(args=["archive", "export", *args, "--out", out])
        assert result.exit_code == 2, args
    assert not (tmp_path / "out").exists()


def test_bad_dates_and_paths_are_refused_in_norwegian_and_nothing_is_written(demo_full, runner, tmp_path):
    demo_full.config["NOARK5_SCHEMA_DIR"] = str(SHARED)
    out = tmp_path / "pakker"
    out.mkdir()
    result = runner.invoke(args=["archive", "export", "--council", "NUIT", "--from", "2022-13-01",
                                 "--to", "2022-12-31", "--out", str(out / "ny")])
    assert result.exit_code == 2 and "«2022-13-01» er ikke en dato; skriv den som ÅÅÅÅ-MM-DD" in result.output
    a_file = out / "fil.txt"
    a_file.write_text("x")
    result = runner.invoke(args=["archive", "export", "--council", "NUIT", "--year", "2022",
                                 "--out", str(a_file)])
    assert result.exit_code == 1 and f"{a_file} er en fil, ikke en mappe." in result.output
    assert a_file.read_text() == "x" and sorted(p.name for p in out.iterdir()) == ["fil.txt"]
    result = runner.invoke(args=["archive", "check", str(out / "finnes-ikke")])
    assert result.exit_code == 1 and "Fant ingen mappe" in result.output


# --- the whole package (needs the structure writer and the checker) ------------------------------

def _leftovers(parent: Path) -> list[str]:
    return sorted(p.name for p in parent.iterdir())


def test_an_export_that_fails_its_check_leaves_neither_package_nor_partial_folder(demo_full, tmp_path,
                                                                                   monkeypatch):
    from app.services.archive import export
    from app.services.archive.errors import ArchiveError

    demo_full.config["NOARK5_SCHEMA_DIR"] = str(SHARED)
    approve_the_minutes_of_3_22()
    real = export.write_changelog
    monkeypatch.setattr(export, "write_changelog", lambda *a, **k: real(*a, **k) + 1)  # a wrong count
    scope = _nuit_2022()[0]

    with pytest.raises(ArchiveError) as failure:
        export.export_package(scope, tmp_path / "packages" / "NUIT-2022", convert_pdf=False)

    assert "N5.61" in str(failure.value) and "endringslogg.xml" in str(failure.value)
    assert _leftovers(tmp_path / "packages") == []


def test_an_interrupted_export_leaves_nothing(demo_full, tmp_path, monkeypatch):
    from app.services.archive import export

    demo_full.config["NOARK5_SCHEMA_DIR"] = str(SHARED)
    approve_the_minutes_of_3_22()

    def interrupted(*_args, **_kwargs):
        raise KeyboardInterrupt

    monkeypatch.setattr(export, "write_journals", interrupted)
    with pytest.raises(KeyboardInterrupt):
        export.export_package(_nuit_2022()[0], tmp_path / "packages" / "NUIT-2022", convert_pdf=False)
    assert _leftovers(tmp_path / "packages") == []


def test_an_existing_package_is_never_overwritten(demo_full, tmp_path):
    from app.services.archive.errors import ArchiveError
    from app.services.archive.export import export_package

    demo_full.config["NOARK5_SCHEMA_DIR"] = str(SHARED)
    old = tmp_path / "packages" / "NUIT-2022"
    old.mkdir(parents=True)
    (old / "arkivuttrekk.xml").write_text("older package")

    with pytest.raises(ArchiveError, match="finnes allerede"):
        export_package(_nuit_2022()[0], old, convert_pdf=False)
    assert _leftovers(tmp_path / "packages") == ["NUIT-2022"]
    assert (old / "arkivuttrekk.xml").read_text() == "older package"


def approve_the_minutes_of_3_22() -> None:
    """NUIT 3/22 is held and its minutes are out for comments in the demo: approve them by
    circulation, as the secretariat would, so three of the four 2022 meetings are ready."""
    from app import unit_of_work
    from app.services.planning.meetings import meeting_by_number
    from app.services.proceedings import minutes

    council = db.session.scalar(select(Council).where(Council.code == "NUIT"))
    meeting = meeting_by_number(council, 2022, 3)
    outcome = unit_of_work.run(lambda: minutes.approve(meeting.minutes, circulated_on=meeting.date,
                                                       confirm_unresolved=True), "cli")
    assert outcome.ok, outcome.error


@pytest.fixture(scope="module")
def nuit_2022(_demo_templates, tmp_path_factory):
    """The demo with NUIT 3/22's minutes approved, exported once by `flask archive export`."""
    from tests.conftest import _make_app

    base = tmp_path_factory.mktemp("archive-nuit-2022")
    template = _demo_templates.sqlite_file(True)
    shutil.copyfile(template, base / "demo.db")
    if (template.parent / "uploads").is_dir():
        shutil.copytree(template.parent / "uploads", base / "uploads")
    app = _make_app(f"sqlite:///{base / 'demo.db'}", base / "uploads")
    app.config["NOARK5_SCHEMA_DIR"] = str(SHARED)
    with app.app_context():
        approve_the_minutes_of_3_22()
        db.session.commit()
        out = base / "packages" / "NUIT-2022"
        result = app.test_cli_runner().invoke(
            args=["archive", "export", "--council", "NUIT", "--year", "2022", "--out", str(out), "--no-pdf"])
        exempt = db.session.scalar(select(Case).where(Case.title == EXEMPT_REAL))
        yield SimpleNamespace(app=app, folder=out, output=result.output, exit_code=result.exit_code,
                              exempt=exempt)
        db.session.remove()
        db.engine.dispose()


def test_the_nuit_2022_export_lists_what_is_in_it_and_what_is_not(nuit_2022):
    assert nuit_2022.exit_code == 0, nuit_2022.output
    output = nuit_2022.output
    assert "Møter i uttrekket (3):" in output
    for label in ("NUIT 1/22, 17. februar 2022", "NUIT 2/22, 8. april 2022", "NUIT 3/22, 19. mai 2022"):
        assert label in output
    assert "Møter som ikke er med (1):" in output
    assert "4/22" in output and "Møtet er ikke holdt ennå." in output
    assert str(nuit_2022.folder) in output
    assert not [p for p in nuit_2022.folder.parent.iterdir() if p.name.startswith(".")]


def test_a_command_line_export_is_recorded_with_its_package_checksum_and_shown_to_the_archivist(nuit_2022):
    from app.models import ArchiveExport, ExportStatus
    from tests.conftest import login
    from tests.factories import page_text

    checksum = hashlib.sha256((nuit_2022.folder / "arkivuttrekk.xml").read_bytes()).hexdigest()
    assert f"Sjekksum (SHA-256) for arkivuttrekk.xml: {checksum}" in nuit_2022.output
    export = db.session.scalars(select(ArchiveExport)).one()  # in the fixture's app context
    assert (export.status, export.package_sha256, export.zip_storage_name) == \
        (ExportStatus.DONE, checksum, None)
    assert export.package_name == str(nuit_2022.folder) and export.requested_by is None
    assert [m["label"] for m in export.report["exported"]] == ["NUIT 1/22", "NUIT 2/22", "NUIT 3/22"]
    client = nuit_2022.app.test_client()
    login(client, nuit_2022.app, "arkivar-cli@example.no", roles=("archivist",))
    text = page_text(client.get("/arkiv/?utvalg=NUIT&år=2022").get_data(as_text=True))
    assert "kommandolinjen" in text and checksum in text
    assert f"Skrevet til mappen {nuit_2022.folder} på serveren" in text
    assert "Last ned" not in text


def test_each_journal_header_spans_the_dates_of_its_entries(nuit_2022):
    """The journals hold the documents of the cases treated, registered whenever they were: the
    header's dates are their first and last journaldato, not the meetings' year."""
    for name in ("loependeJournal.xml", "offentligJournal.xml"):
        tree = etree.parse(str(nuit_2022.folder / name))
        days = sorted(e.text for e in tree.iter("{*}journaldato"))
        assert days, name
        assert tree.findtext("{*}journalhode/{*}journalStartDato") == days[0]
        assert tree.findtext("{*}journalhode/{*}journalSluttDato") == days[-1]


def test_every_xml_of_the_package_is_valid_against_its_schema(nuit_2022):
    folder = nuit_2022.folder
    for xml, xsd in (("arkivuttrekk.xml", "addml.xsd"), ("arkivstruktur.xml", "arkivstruktur.xsd"),
                     ("endringslogg.xml", "endringslogg.xsd"), ("loependeJournal.xml", "loependeJournal.xsd"),
                     ("offentligJournal.xml", "offentligJournal.xsd")):
        assert _errors(folder / xml, xsd) == [], xml
    for name in OFFICIAL_XSDS:
        assert (folder / name).read_bytes() == (SHARED / name).read_bytes()  # unchanged
    assert (folder / "motebok.xsd").is_file() and any((folder / "DOKUMENT").iterdir())


def test_the_package_passes_every_test_of_the_check(nuit_2022, tmp_path):
    from app.services.archive.check import check_package

    with nuit_2022.app.app_context():
        report = check_package(nuit_2022.folder)
    assert report.passed, report.text()
    assert all(r.passed for r in report.results)
    numbers = {r.number for r in report.results}
    assert {"N5.01", "N5.02", "N5.03", "N5.30", "N5.47", "N5.59", "N5.61", "N5.62", "N5.63", "N5.64"} <= numbers

    result = nuit_2022.app.test_cli_runner().invoke(args=["archive", "check", str(nuit_2022.folder)])
    assert result.exit_code == 0, result.output
    assert "N5.47" in result.output


def test_the_exempt_case_shows_only_its_public_title_in_the_public_journal(nuit_2022):
    public = (nuit_2022.folder / "offentligJournal.xml").read_text(encoding="utf-8")
    assert EXEMPT_PUBLIC in public
    assert EXEMPT_REAL not in public
    assert EXEMPT_REAL in (nuit_2022.folder / "loependeJournal.xml").read_text(encoding="utf-8")
    structure = (nuit_2022.folder / "arkivstruktur.xml").read_text(encoding="utf-8")
    assert ids.case_folder(nuit_2022.exempt.id) in structure and "skjerming" in structure


@pytest.mark.parametrize("corruption", ["corrupt_document", "corrupt_addml_checksum",
                                        "duplicate_system_id", "break_reference"])
def test_the_check_catches_a_corrupted_copy_of_the_package(nuit_2022, tmp_path, corruption):
    from app.services.archive.check import check_package
    from tests import archive_fixture

    copy = tmp_path / "copy"
    shutil.copytree(nuit_2022.folder, copy)
    number, file_name, _detail = getattr(archive_fixture, corruption)(copy)

    with nuit_2022.app.app_context():
        report = check_package(copy)

    assert not report.passed
    failed = {r.number: r for r in report.results if not r.passed}
    assert number in failed, report.text()
    assert any(Path(file_name).name in m for m in failed[number].messages), failed[number].messages
    cli = nuit_2022.app.test_cli_runner().invoke(args=["archive", "check", str(copy)])
    assert cli.exit_code == 1 and number in cli.output


@pytest.mark.parametrize("corruption", ["break_unit_reference", "foreign_journalpost",
                                        "leak_screened_title"])
def test_the_check_catches_what_the_file_checksums_do_not_show(nuit_2022, tmp_path, corruption):
    """Edited and resealed (the checksums in arkivuttrekk.xml updated): only Møtebok's own tests
    beyond Arkade's list see it, naming the file."""
    from app.services.archive.check import check_package
    from tests import archive_fixture

    copy = tmp_path / "copy"
    shutil.copytree(nuit_2022.folder, copy)
    number, file_name, _detail = getattr(archive_fixture, corruption)(copy)

    with nuit_2022.app.app_context():
        report = check_package(copy)

    assert [r.number for r in report.failed()] == [number], report.text()
    assert any(file_name in m for m in report.result(number).messages)


def test_the_package_zips_with_its_size_and_checksum(nuit_2022, tmp_path):
    import hashlib
    import zipfile

    from app.services.archive.export import zip_package

    size, digest = zip_package(nuit_2022.folder, tmp_path / "NUIT-2022.zip")

    data = (tmp_path / "NUIT-2022.zip").read_bytes()
    assert (size, digest) == (len(data), hashlib.sha256(data).hexdigest())
    names = zipfile.ZipFile(tmp_path / "NUIT-2022.zip").namelist()
    assert "NUIT-2022/arkivuttrekk.xml" in names and "NUIT-2022/offentligJournal.xml" in names
    assert any(n.startswith("NUIT-2022/DOKUMENT/") for n in names)
    assert [p.name for p in tmp_path.iterdir()] == ["NUIT-2022.zip"]
