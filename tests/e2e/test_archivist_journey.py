"""The browser test of the archivist's page (issue 13): an archivist logs in and lands on
/arkiv, chooses NUIT 2022 from the demo (NUIT 3/22's minutes approved by circulation, so three of
the four meetings are ready), starts an export, follows it while the page refreshes itself (the
export runs in the web process's worker thread, as in production) and downloads the ZIP, whose
SHA-256 is the one the page shows.

The real exporter runs here: it needs the official Noark 5 XSDs in ../shared/noark5 (skipped
without them). PDF/A conversion is turned off (SOFFICE="") to keep the test short."""
import hashlib
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import select

from app.extensions import db
from tests.e2e.helpers import log_in, start_server, stop_server

SCHEMAS = (Path(__file__).resolve().parents[2] / ".." / "shared" / "noark5").resolve()
ARCHIVIST_EMAIL = "arkivar@example.no"
ARCHIVIST_PASSWORD = "riktig-passord-123"
EXPORT_TIMEOUT_MS = 240_000  # the whole export, on a slow machine

pytestmark = pytest.mark.skipif(not (SCHEMAS / "arkivstruktur.xsd").is_file(),
                                reason="the official Noark 5 XSDs are not in ../shared/noark5")


def _ready_for_the_archive() -> None:
    """As the archive tests do: the demo's case documents dated back into 2022 (a document belongs
    to the period it was registered in; the demo uploads them today), and NUIT 3/22's minutes
    approved by circulation, as the secretariat would."""
    from app import unit_of_work
    from app.models import CaseDocument, Council
    from app.services.planning.meetings import meeting_by_number
    from app.services.proceedings import minutes
    from app.services.registry.users import create_user

    for n, document in enumerate(db.session.scalars(select(CaseDocument).order_by(CaseDocument.id))):
        document.uploaded_at = datetime(2022, 2, 1, 9, 0, tzinfo=UTC) + timedelta(minutes=n)
    db.session.commit()
    nuit = db.session.scalar(select(Council).where(Council.code == "NUIT"))
    meeting = meeting_by_number(nuit, 2022, 3)
    outcome = unit_of_work.run(lambda: minutes.approve(meeting.minutes, circulated_on=meeting.date,
                                                       confirm_unresolved=True), "cli")
    assert outcome.ok, outcome.error
    create_user(ARCHIVIST_EMAIL, ARCHIVIST_PASSWORD, ["archivist"])
    db.session.commit()


@pytest.fixture(scope="module")
def archive_server(tmp_path_factory, _demo_templates):
    base = tmp_path_factory.mktemp("e2e-archive")
    server, thread, live = start_server(base, demo_file=_demo_templates(True))
    live.app.config.update(ARCHIVE_FOLDER=str(base / "archive"), ARCHIVE_RUN_INLINE=False,
                           ARCHIVE_THREAD=True, NOARK5_SCHEMA_DIR=str(SCHEMAS), SOFFICE="")
    with live.app.app_context():
        _ready_for_the_archive()
        db.session.remove()
    yield live
    stop_server(server, thread, live)


def test_an_archivist_exports_nuit_2022_and_downloads_it(archive_server, page, tmp_path):
    live = archive_server
    log_in(page, live, ARCHIVIST_EMAIL, ARCHIVIST_PASSWORD)
    assert page.url == live("/arkiv/")  # the archivist's landing page
    assert page.get_by_role("link", name="Arkivuttrekk").count() == 1  # in the menu

    page.get_by_label("Utvalg", exact=True).select_option("NUIT")
    page.get_by_label("År", exact=True).fill("2022")
    page.get_by_role("button", name="Vis møtene").click()
    page.get_by_text("3 av 4 møter er klare for arkivet.").wait_for()
    assert page.get_by_role("row", name="NUIT Møte 4/22").get_by_text("Møtet er ikke holdt ennå.").count() == 1

    page.get_by_role("button", name="Lag arkivuttrekk").click()
    page.get_by_text("Arkivuttrekket av NUIT 2022 er startet.").wait_for()
    # The page reloads itself until the export is done (<meta refresh> while one runs).
    link = page.get_by_role("link", name="Last ned arkivuttrekk-NUIT-2022.zip")
    link.wait_for(timeout=EXPORT_TIMEOUT_MS)
    card = page.locator("article.archive-export").first
    assert card.get_by_text("Ferdig", exact=True).count() == 1
    assert card.get_by_text("1 møte hoppet over").count() == 1  # NUIT 4/22, not held
    assert card.get_by_text("Egenkontrollen: bestått").count() == 1
    shown = card.locator("code.checksum").inner_text().strip()

    with page.expect_download() as download_info:
        link.click()
    download = download_info.value
    assert download.suggested_filename == "arkivuttrekk-NUIT-2022.zip"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    assert hashlib.sha256(saved.read_bytes()).hexdigest() == shown
    names = zipfile.ZipFile(saved).namelist()
    assert "arkivuttrekk-NUIT-2022/arkivuttrekk.xml" in names
    assert any(name.startswith("arkivuttrekk-NUIT-2022/DOKUMENT/") for name in names)
