"""An archivist's export in Chromium: the browser test of issue 13's page
(tests/e2e/test_archivist_journey.py) and the pictures of the guide's part for archivists.

    .venv/bin/python -m tests.e2e.archivist_journey [OUT_DIR]     # make guide-images runs it too

It starts its own server with the demo's meeting cycle, the case documents dated into 2022 (a
document belongs to the period it was registered in; the demo uploads them today) and NUIT
3/22's minutes approved by circulation, so three of NUIT's four 2022 meetings are ready. On 15
February 2023 (time-machine) the archivist logs in and lands on /arkiv, chooses NUIT 2022, starts
an export, follows it while the page reloads itself (the export runs in the web process's worker
thread, as in production) and downloads the ZIP, whose SHA-256 is the one the page shows.

The real exporter runs: it needs the official Noark 5 XSDs (NOARK5_SCHEMA_DIR, else
../shared/noark5). ``pdf=False`` turns the PDF/A conversion off (SOFFICE="") to keep the test short.
"""
import hashlib
import logging
import os
import sys
import tempfile
import zipfile
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import select

from app.extensions import db
from tests.e2e.helpers import PROJECT_DIR, launch_chromium, log_in, new_page, start_server, stop_server

OUT_DIR = PROJECT_DIR / "docs" / "images"
ARCHIVE_NAMES = ["44-arkivuttrekk-moter.png", "45-arkivuttrekk-ferdig.png"]
SCHEMAS = Path(os.environ.get("NOARK5_SCHEMA_DIR")
               or (PROJECT_DIR / ".." / "shared" / "noark5")).resolve()
OSLO = ZoneInfo("Europe/Oslo")
ARCHIVIST_EMAIL = "arkivar@example.no"
ARCHIVIST_PASSWORD = "riktig-passord-123"
EXPORT_TIMEOUT_MS = 300_000  # the whole export, PDF/A included, on a slow machine


def schemas_present() -> bool:
    return (SCHEMAS / "arkivstruktur.xsd").is_file()


def _prepare(live, pdf: bool) -> None:
    """The archive settings, the documents dated into 2022, 3/22's minutes approved, and the
    archivist's account."""
    from app import unit_of_work
    from app.models import CaseDocument, Council
    from app.services.planning.meetings import meeting_by_number
    from app.services.proceedings import minutes
    from app.services.registry.users import create_user

    live.app.config.update(ARCHIVE_RUN_INLINE=False, ARCHIVE_THREAD=True,
                           NOARK5_SCHEMA_DIR=str(SCHEMAS), **({} if pdf else {"SOFFICE": ""}))
    with live.app.app_context():
        documents = db.session.scalars(select(CaseDocument).order_by(CaseDocument.id))
        for n, document in enumerate(documents):
            document.uploaded_at = datetime(2022, 2, 1, 9, 0, tzinfo=UTC) + timedelta(minutes=n)
        db.session.commit()
        nuit = db.session.scalar(select(Council).where(Council.code == "NUIT"))
        meeting = meeting_by_number(nuit, 2022, 3)
        outcome = unit_of_work.run(lambda: minutes.approve(
            meeting.minutes, circulated_on=meeting.date, confirm_unresolved=True), "cli")
        assert outcome.ok, outcome.error
        create_user(ARCHIVIST_EMAIL, ARCHIVIST_PASSWORD, ["archivist"])
        db.session.commit()
        db.session.remove()


def walk(browser, out_dir: Path | None, *, demo_file: Path | None = None, pdf: bool = True,
         download_dir: Path | None = None, check=None) -> list[Path]:
    """The archivist's export from the page to the checked download; the PNGs written
    (ARCHIVE_NAMES' order) when ``out_dir`` is given. ``check(page, what)`` is called on the page
    before and after the export (the browser test's accessibility check)."""
    check = check or (lambda _page, _what: None)
    import time_machine
    from playwright.sync_api import expect

    written: list[Path] = []

    def shot(page, name: str, **kwargs) -> None:
        assert name in ARCHIVE_NAMES, name
        if out_dir is None:
            return
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / name
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.screenshot(path=str(path), animations="disabled", caret="hide", **kwargs)
        written.append(path)

    with tempfile.TemporaryDirectory() as tmp, time_machine.travel(
            datetime(2023, 2, 15, 10, 0, tzinfo=OSLO), tick=True):
        server, thread, live = start_server(Path(tmp), with_cycle=True, demo_file=demo_file)
        live.app.config["ARCHIVE_FOLDER"] = str(Path(tmp) / "archive")
        try:
            _prepare(live, pdf)
            page = new_page(browser)
            log_in(page, live, ARCHIVIST_EMAIL, ARCHIVIST_PASSWORD)
            assert page.url == live("/arkiv/"), page.url  # the archivist's landing page
            expect(page.get_by_role("link", name="Arkivuttrekk", exact=True)).to_have_count(1)

            page.get_by_label("Utvalg", exact=True).select_option("NUIT")
            page.get_by_label("År", exact=True).fill("2022")
            page.get_by_role("button", name="Vis møtene").click()
            page.get_by_text("3 av 4 møter er klare for arkivet.").wait_for()
            expect(page.get_by_role("row", name="NUIT Møte 4/22")).to_contain_text(
                "Møtet er ikke holdt ennå.")
            expect(page.locator("#bekreft")).to_contain_text("tar med de 3 møtene som er klare")
            shot(page, "44-arkivuttrekk-moter.png", full_page=True)
            check(page, "the archivist's page before an export")

            page.get_by_role("button", name="Lag arkivuttrekk").click()
            page.get_by_text("Arkivuttrekket av NUIT 2022 er startet.").wait_for()
            # The page reloads itself until the export is done.
            link = page.get_by_role("link", name="Last ned arkivuttrekk-NUIT-2022.zip")
            link.wait_for(timeout=EXPORT_TIMEOUT_MS)
            card = page.locator("article.archive-export").first
            expect(card.get_by_text("Ferdig", exact=True)).to_have_count(1)
            expect(card).to_contain_text("arkivar@example.no, 15. februar 2023")
            expect(card).to_contain_text("1 møte hoppet over")
            expect(card).to_contain_text("NUIT 4/22: Møtet er ikke holdt ennå.")
            expect(card.get_by_text("Egenkontrollen: bestått")).to_have_count(1)
            shown = card.locator("code.checksum").inner_text().strip()
            card.scroll_into_view_if_needed()
            shot(page, "45-arkivuttrekk-ferdig.png", full_page=True, clip=_clip(page, card))
            check(page, "the archivist's page with a finished export")

            with page.expect_download() as download_info:
                link.click()
            download = download_info.value
            assert download.suggested_filename == "arkivuttrekk-NUIT-2022.zip"
            saved = Path(download_dir or tmp) / download.suggested_filename
            download.save_as(saved)
            assert hashlib.sha256(saved.read_bytes()).hexdigest() == shown
            names = zipfile.ZipFile(saved).namelist()
            assert "arkivuttrekk-NUIT-2022/arkivuttrekk.xml" in names, names[:10]
            assert any(n.startswith("arkivuttrekk-NUIT-2022/DOKUMENT/") for n in names), names[:10]
            page.context.close()
        finally:
            stop_server(server, thread, live)
    return written


def _clip(page, element, margin: int = 16, width: int = 1280) -> dict:
    """The box of ``element`` on the page, with a margin, as a screenshot clip (page coordinates)."""
    box = element.bounding_box()
    scroll = page.evaluate("window.scrollY")
    top = max(box["y"] + scroll - margin, 0)
    return {"x": 0, "y": top, "width": width, "height": box["height"] + 2 * margin}


def main(out_dir: Path = OUT_DIR) -> None:
    import shutil

    from playwright.sync_api import sync_playwright

    if not schemas_present():
        sys.exit(f"The Noark 5 XSDs are not in {SCHEMAS}: set NOARK5_SCHEMA_DIR.")
    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        try:
            for path in walk(browser, out_dir, pdf=shutil.which("soffice") is not None):
                print(f"{path.relative_to(PROJECT_DIR) if path.is_relative_to(PROJECT_DIR) else path}"
                      f"  {path.stat().st_size // 1024} KB")
        finally:
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR)
