"""The archivist's page (/arkiv) and the export job behind it (issue 13): who gets the page, the
readiness of each meeting, starting an export and following it to a ZIP whose SHA-256 is the one
shown, a failed export showing its error and leaving no file, bad input refused with a message
and nothing created, a GET that writes nothing, an export left running by a killed process, and
the worker run by the scheduler and by a thread.

Most tests run the job with a fake package writer (the job's own behaviour: status, progress,
failure, ZIP, checksum and record); test_the_real_exporter runs the real one on the demo."""
import hashlib
import io
import re
import zipfile
from datetime import datetime, timedelta
from pathlib import Path
from types import SimpleNamespace

import pytest
import time_machine
from sqlalchemy import event, func, select

from app.extensions import db
from app.models import ArchiveExport, AuditEvent, Council, ExportStatus
from app.scheduler import run_job
from app.services.archive import jobs
from app.services.archive.errors import ArchiveError
from app.services.archive.scope import Scope
from app.services.core import clock
from app.services.registry.users import create_user, user_by_email
from tests.conftest import login

ARCHIVIST = "arkivar@example.no"
NOT_HELD = "Møtet er ikke holdt ennå."
NOT_APPROVED = "Referatet er ikke godkjent ennå."


class FakeExporter:
    """export_package and zip_package as app/services/archive/export.py has them: writes a small
    package (or fails with ``fail`` after writing part of it) and zips it."""

    def __init__(self, fail: BaseException | None = None):
        self.fail = fail
        self.scopes: list[str] = []  # the labels of the scopes exported
        self.progress_seen: list[str | None] = []

    def export_package(self, scope, out_dir: Path, *, convert_pdf=None, progress=None):
        self.scopes.append(scope.label)
        out_dir.mkdir(parents=True)
        (out_dir / "arkivuttrekk.xml").write_text("<addml/>")
        progress("Skriver arkivstruktur.xml")
        with db.engine.connect() as connection:  # what the page would read meanwhile
            self.progress_seen.append(connection.scalar(select(ArchiveExport.progress)))
        if self.fail is not None:
            raise self.fail
        (out_dir / "DOKUMENT").mkdir()
        (out_dir / "DOKUMENT" / "1.pdf").write_bytes(b"%PDF-1.4\n%%EOF\n")
        check = SimpleNamespace(passed=True, text=lambda: "N5.01 Filene finnes: bestått")
        return SimpleNamespace(path=out_dir, counts={"moetemappe": 2, "saksmappe": 9},
                               skipped=[("NUIT 3/22", NOT_APPROVED), ("NUIT 4/22", NOT_HELD)],
                               report=check)

    def zip_package(self, folder: Path, zip_path: Path):
        with zipfile.ZipFile(zip_path, "w") as package:
            for path in sorted(folder.rglob("*")):
                package.write(path, Path(folder.name) / path.relative_to(folder))
        data = zip_path.read_bytes()
        return len(data), hashlib.sha256(data).hexdigest()


@pytest.fixture
def exporter(monkeypatch):
    fake = FakeExporter()
    monkeypatch.setattr(jobs, "_exporter", lambda: fake)
    return fake


def _archivist(client, app):
    login(client, app, ARCHIVIST, roles=("archivist",))
    return user_by_email(ARCHIVIST)


def _nuit():
    return db.session.scalar(select(Council).where(Council.code == "NUIT"))


def _exports():
    return db.session.scalars(select(ArchiveExport).order_by(ArchiveExport.id)).all()


def _archive_files(app) -> list[str]:
    folder = Path(app.config["ARCHIVE_FOLDER"])
    return sorted(str(p.relative_to(folder)) for p in folder.rglob("*") if p.is_file()) \
        if folder.exists() else []


def _start(client, council="NUIT", year="2022", follow=True):
    return client.post("/arkiv/uttrekk", data={"utvalg": council, "år": year},
                       follow_redirects=follow)


# --- who gets the page -------------------------------------------------------------------------------

def test_only_archivists_and_admins_get_the_page(app, client):
    response = client.get("/arkiv/")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
    for email, roles in (("medlem@example.no", ()), ("sekretar@example.no", ("secretariat",))):
        other = app.test_client()
        login(other, app, email, roles=roles)
        assert other.get("/arkiv/").status_code == 403
        assert other.post("/arkiv/uttrekk", data={"utvalg": "alle", "år": "2022"}).status_code == 403
        assert "Arkivuttrekk" not in other.get("/").get_data(as_text=True)  # not in the menu
    # Archivists find the page in the header menu, admins under Administrasjon.
    for email, roles, link_on in ((ARCHIVIST, ("archivist",), "/arkiv/"),
                                  ("admin@example.no", ("admin",), "/admin/utboks")):
        reader = app.test_client()
        login(reader, app, email, roles=roles)
        assert reader.get("/arkiv/").status_code == 200
        assert 'href="/arkiv/"' in reader.get(link_on).get_data(as_text=True)


def test_an_archivist_lands_on_the_archive_page_after_login(app, client):
    create_user(ARCHIVIST, "riktig-passord-123", ["archivist"])
    db.session.commit()
    response = client.post("/logg-inn", data={"email": ARCHIVIST, "password": "riktig-passord-123"})
    assert response.headers["Location"] == "/arkiv/"


# --- readiness ---------------------------------------------------------------------------------------

def test_the_page_shows_which_meetings_are_ready_and_why_not(demo_full, client):
    _archivist(client, demo_full)
    page = client.get("/arkiv/?utvalg=NUIT&år=2022").get_data(as_text=True)
    assert "Møtene i NUIT 2022" in page
    assert "2 av 4 møter er klare for arkivet." in page
    rows = {re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", row)).strip()
            for row in re.findall(r"<tr>(.*?)</tr>", page, re.S)}
    assert any(row.startswith("NUIT Møte 4/22") and NOT_HELD in row for row in rows), rows
    assert any(row.startswith("NUIT Møte 3/22") and NOT_APPROVED in row for row in rows), rows
    assert any(row.startswith("NUIT Møte 1/22") and row.endswith("Klar") for row in rows), rows
    assert "Lag arkivuttrekk" in page


def test_the_page_shows_last_year_by_default(demo_full, client):
    _archivist(client, demo_full)
    with time_machine.travel(datetime(2023, 3, 1, 12, 0, tzinfo=clock.OSLO), tick=False):
        page = client.get("/arkiv/").get_data(as_text=True)
    assert "Møtene i Alle utvalg 2022" in page and "NUIT Møte 3/22" in page


# --- an export from start to download ------------------------------------------------------------------

def test_an_export_runs_and_the_page_shows_it_done_with_its_checksum(demo_full, client, exporter):
    user = _archivist(client, demo_full)
    response = _start(client, follow=False)
    assert response.status_code == 302
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Arkivuttrekket av NUIT 2022 er startet." in page

    [export] = _exports()
    assert export.status == ExportStatus.DONE and export.requested_by_id == user.id
    assert exporter.scopes == ["NUIT 2022"]
    assert exporter.progress_seen == ["Skriver arkivstruktur.xml"]  # committed while it ran
    assert export.started_at and export.finished_at and export.package_name == "arkivuttrekk-NUIT-2022"
    # What the page shows: status, who, the counts, the skipped meetings with the reason, the
    # checksum and the size, and no self-refresh once nothing runs.
    assert "Ferdig" in page and ARCHIVIST in page
    assert "møtemapper: 2, saksmapper: 9" in page and "2 møter hoppet over" in page
    assert f"NUIT 4/22: {NOT_HELD}" in page
    assert "NUIT 1/22, 17. februar 2022" in page  # among the meetings exported
    assert export.zip_sha256 in page and re.fullmatch(r"[0-9a-f]{64}", export.zip_sha256)
    assert "refresh" not in page  # nothing runs: the page no longer reloads itself
    # One ZIP in the archive folder, the work folder gone.
    assert _archive_files(demo_full) == [export.zip_storage_name]

    download = client.get(f"/arkiv/uttrekk/{export.id}/zip")
    assert download.status_code == 200
    assert hashlib.sha256(download.data).hexdigest() == export.zip_sha256
    assert len(download.data) == export.zip_size
    assert 'filename=arkivuttrekk-NUIT-2022.zip' in download.headers["Content-Disposition"]
    assert download.headers["Cache-Control"] == "private, no-store"
    names = zipfile.ZipFile(io.BytesIO(download.data)).namelist()
    assert "arkivuttrekk-NUIT-2022/DOKUMENT/1.pdf" in names

    # Recorded: who asked, and the checksum, in the audit trail under the archivist's name.
    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "ArchiveExport", AuditEvent.object_id == export.id)).all()
    assert {e.actor for e in events} == {ARCHIVIST}
    assert any(e.field == "zip_sha256" and e.new_value == export.zip_sha256 for e in events)
    assert any(e.field == "status" and e.new_value == "done" for e in events)


def test_a_failed_export_shows_its_error_and_leaves_no_zip(demo_full, client, exporter):
    _archivist(client, demo_full)
    exporter.fail = ArchiveError("N5.30 Dokumentenes sjekksummer: feil i DOKUMENT/1.pdf")
    page = _start(client).get_data(as_text=True)
    [export] = _exports()
    assert export.status == ExportStatus.FAILED and export.zip_storage_name is None
    assert "Feilet" in page and "N5.30 Dokumentenes sjekksummer: feil i DOKUMENT/1.pdf" in page
    assert _archive_files(demo_full) == []  # neither the ZIP nor the half-written package
    assert client.get(f"/arkiv/uttrekk/{export.id}/zip").status_code == 404


def test_an_unexpected_error_is_named_without_its_details(demo_full, client, exporter):
    _archivist(client, demo_full)
    exporter.fail = RuntimeError("/hemmelig/sti")
    page = _start(client).get_data(as_text=True)
    [export] = _exports()
    assert export.status == ExportStatus.FAILED
    assert "feil i Møtebok (RuntimeError)" in export.error and "/hemmelig/sti" not in page
    assert _archive_files(demo_full) == []


# --- bad input ---------------------------------------------------------------------------------------

@pytest.mark.parametrize(("council", "year", "message"), [
    ("XYZ", "2022", "Det finnes ikke noe utvalg med koden «XYZ»."),
    ("NUIT", "abc", "«abc» er ikke et årstall."),
    ("NUIT", "3022", "Året må være mellom 1990 og 2100."),
])
def test_bad_input_is_named_and_nothing_is_created(demo_full, client, exporter, council, year, message):
    _archivist(client, demo_full)
    response = _start(client, council, year)
    assert response.status_code == 400
    assert message in response.get_data(as_text=True)
    assert _exports() == [] and exporter.scopes == []
    page = client.get(f"/arkiv/?utvalg={council}&år={year}").get_data(as_text=True)
    assert message in page and "Lag arkivuttrekk" not in page  # no form for a scope not understood


def test_a_scope_without_ready_meetings_is_refused(demo_full, client, exporter):
    _archivist(client, demo_full)
    page = _start(client, "NUIT", "2030").get_data(as_text=True)
    assert "Ingen møter i NUIT 2030 er klare for arkivet" in page
    assert _exports() == [] and exporter.scopes == []


def test_the_service_itself_refuses_an_export_to_anyone_but_archivists_and_admins(demo_full):
    """Not only the page: a caller of jobs.request_export (the API, a script) is held to the rule."""
    secretary = create_user("sekr-arkiv@example.no", "riktig-passord-123", ["secretariat"])
    with pytest.raises(ArchiveError, match="Bare arkivarer og administratorer"):
        jobs.request_export(Scope.year(_nuit(), 2022), secretary)
    with pytest.raises(ArchiveError):
        jobs.request_export(Scope.year(_nuit(), 2022), None)
    assert _exports() == []


def test_the_same_scope_is_not_queued_twice(demo_full):
    user = create_user(ARCHIVIST, "riktig-passord-123", ["archivist"])
    scope = Scope.year(_nuit(), 2022)
    jobs.request_export(scope, user)
    db.session.commit()
    with pytest.raises(ArchiveError, match="står allerede i kø eller er i gang"):
        jobs.request_export(scope, user)
    jobs.request_export(Scope.year(None, 2022), user)  # another scope is fine


def test_a_get_writes_nothing(demo_full, client):
    user = _archivist(client, demo_full)
    jobs.request_export(Scope.year(_nuit(), 2022), user)  # queued: the page refreshes itself
    db.session.commit()
    writes = []

    def note(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            writes.append(statement)

    event.listen(db.engine, "before_cursor_execute", note)
    try:
        page = client.get("/arkiv/?utvalg=NUIT&år=2022").get_data(as_text=True)
    finally:
        event.remove(db.engine, "before_cursor_execute", note)
    assert writes == []
    assert 'data-refresh-seconds="5"' in page and "js/auto-refresh.js" in page and "I kø" in page
    assert '<noscript><meta http-equiv="refresh" content="5; url=/arkiv/?utvalg=NUIT' in page
    assert "står i kø eller er i gang" in page and "Lag arkivuttrekk" not in page


# --- the worker ----------------------------------------------------------------------------------------

def test_an_export_left_running_is_failed_and_its_files_removed(demo_full, exporter):
    user = create_user(ARCHIVIST, "riktig-passord-123", ["archivist"])
    killed = jobs.request_export(Scope.year(_nuit(), 2022), user)
    killed.status = ExportStatus.RUNNING
    db.session.commit()
    leftover = jobs.work_folder(killed.id) / "pakke"
    leftover.mkdir(parents=True)
    (leftover / "arkivstruktur.xml").write_text("<arkiv>")
    queued = jobs.request_export(Scope.year(None, 2022), user)
    db.session.commit()
    assert jobs.run_pending() == 1
    killed, queued = db.session.get(ArchiveExport, killed.id), db.session.get(ArchiveExport, queued.id)
    assert killed.status == ExportStatus.FAILED and "ble avbrutt" in killed.error
    assert not jobs.work_folder(killed.id).exists()
    assert queued.status == ExportStatus.DONE
    assert _archive_files(demo_full) == [queued.zip_storage_name]


def test_the_scheduler_runs_the_queue(demo_full, exporter):
    demo_full.config["ARCHIVE_THREAD"] = False
    user = create_user(ARCHIVIST, "riktig-passord-123", ["archivist"])
    export = jobs.request_export(Scope.year(_nuit(), 2022), user)
    db.session.commit()
    assert run_job(demo_full, "archive-exports") == 1
    assert db.session.get(ArchiveExport, export.id).status == ExportStatus.DONE
    db.session.commit()  # SQLite: the test's read must not hold the write lock
    assert run_job(demo_full, "archive-exports") == 0


def test_the_worker_thread_runs_an_export_after_the_response(demo_full, client, exporter):
    demo_full.config.update(ARCHIVE_RUN_INLINE=False, ARCHIVE_THREAD=True)
    _archivist(client, demo_full)
    assert _start(client, follow=False).status_code == 302
    assert jobs.wait_for_worker(timeout=60)
    db.session.expire_all()
    [export] = _exports()
    assert export.status == ExportStatus.DONE
    page = client.get("/arkiv/").get_data(as_text=True)
    assert export.zip_sha256 in page


def test_without_the_thread_an_export_waits_for_the_scheduler(demo_full, client, exporter):
    demo_full.config.update(ARCHIVE_RUN_INLINE=False, ARCHIVE_THREAD=False)
    _archivist(client, demo_full)
    _start(client)
    [export] = _exports()
    assert export.status == ExportStatus.QUEUED and exporter.scopes == []
    assert db.session.scalar(select(func.count()).select_from(ArchiveExport)) == 1


# --- the real exporter ---------------------------------------------------------------------------------

SCHEMAS = (Path(__file__).resolve().parents[1] / ".." / "shared" / "noark5").resolve()


@pytest.mark.skipif(not (SCHEMAS / "arkivstruktur.xsd").is_file(),
                    reason="the official Noark 5 XSDs are not in ../shared/noark5")
def test_the_real_exporter_from_the_page_to_a_checked_zip(demo_full, client):
    """NUIT 2022 from the demo, with the case documents dated into 2022 and NUIT 3/22's minutes
    approved (as the export's own tests do), exported from the page: the ZIP holds a package
    that passes `flask archive check` once unpacked. PDF/A conversion off (SOFFICE="")."""
    from app import unit_of_work
    from app.models import CaseDocument
    from app.services.planning.meetings import meeting_by_number
    from app.services.proceedings import minutes

    demo_full.config.update(NOARK5_SCHEMA_DIR=str(SCHEMAS), SOFFICE="")
    for n, document in enumerate(db.session.scalars(select(CaseDocument).order_by(CaseDocument.id))):
        document.uploaded_at = datetime(2022, 2, 1, 9, 0, tzinfo=clock.OSLO) + timedelta(minutes=n)
    meeting = meeting_by_number(_nuit(), 2022, 3)
    assert unit_of_work.run(lambda: minutes.approve(meeting.minutes, circulated_on=meeting.date,
                                                    confirm_unresolved=True), "cli").ok
    _archivist(client, demo_full)

    page = _start(client).get_data(as_text=True)
    [export] = _exports()
    assert export.status == ExportStatus.DONE, export.error
    assert "Egenkontrollen: bestått" in page and export.zip_sha256 in page
    assert "1 møte hoppet over" in page and f"NUIT 4/22: {NOT_HELD}" in page
    assert [m["label"] for m in export.report["exported"]] == ["NUIT 1/22", "NUIT 2/22", "NUIT 3/22"]
    assert export.report["counts"]["moetemappe"] == 3
    assert _archive_files(demo_full) == [export.zip_storage_name]  # the work folder is gone

    download = client.get(f"/arkiv/uttrekk/{export.id}/zip")
    assert hashlib.sha256(download.data).hexdigest() == export.zip_sha256
    unpacked = Path(demo_full.config["ARCHIVE_FOLDER"]).parent / "utpakket"
    zipfile.ZipFile(io.BytesIO(download.data)).extractall(unpacked)
    result = demo_full.test_cli_runner().invoke(
        args=["archive", "check", str(unpacked / "arkivuttrekk-NUIT-2022")])
    assert result.exit_code == 0, result.output
