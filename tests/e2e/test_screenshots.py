"""Full-page screenshots of the public NUIT 3/22 meeting page and its agenda builder, kept as test
artifacts under test-artifacts/screenshots/ (gitignored) for a person to look at (issue 3)."""
import struct

from tests.e2e.helpers import artifact_dir, log_in

MIN_BYTES = 20_000  # a blank or broken page is far smaller than a rendered agenda


def _png_size(path) -> tuple[int, int]:
    data = path.read_bytes()[:24]
    assert data[:8] == b"\x89PNG\r\n\x1a\n", f"{path} is not a PNG"
    return struct.unpack(">II", data[16:24])


def _shoot(page, name: str):
    path = artifact_dir("screenshots") / name
    path.unlink(missing_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path


def test_screenshots_of_meeting_page_and_agenda_builder(page, live_server):
    page.goto(live_server("/utvalg/NUIT/moter/2022/3"))
    page.get_by_role("heading", level=1, name="Møte i NUIT").wait_for()
    public = _shoot(page, "nuit-3-22-meeting-page.png")

    log_in(page, live_server)
    page.goto(live_server("/moter/?utvalg=NUIT&år=2022"))
    page.get_by_role("link", name="Møte 3/22", exact=True).click()
    page.get_by_role("heading", level=1, name="Dagsorden for NUIT Møte 3/22").wait_for()
    builder = _shoot(page, "nuit-3-22-agenda-builder.png")

    for path in (public, builder):
        assert path.exists(), path
        assert path.stat().st_size > MIN_BYTES, f"{path} is only {path.stat().st_size} bytes"
        width, height = _png_size(path)
        assert width == 1280 and height > 1500, (path, width, height)  # the whole 16-case agenda
