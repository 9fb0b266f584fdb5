"""The user guide's pictures stay makeable and small, and the guide shows every one of them (the
members' part's pictures are made by tests/e2e/member_journey.py, tested in test_member_journey.py;
the archivists' by tests/e2e/archivist_journey.py, tested in test_archivist_journey.py;
the papers' page images by tests/paper_images.py, tested here).

The script runs here into a temporary folder: `make test` never rewrites docs/images (the
pictures carry today's date); `make guide-images` does.
"""
import re

from tests.e2e.archivist_journey import ARCHIVE_NAMES
from tests.e2e.guide_screenshots import NAMES, take
from tests.e2e.helpers import PROJECT_DIR
from tests.e2e.member_journey import MEMBER_NAMES
from tests.environment import needs_soffice
from tests.paper_images import PAPER_NAMES
from tests.paper_images import take as take_paper_images

GUIDE = PROJECT_DIR / "docs" / "user-guide.md"
IMAGES = PROJECT_DIR / "docs" / "images"
MAX_BYTES = 300 * 1024


def test_guide_refers_to_every_picture_and_they_exist():
    referenced = re.findall(r"!\[[^\]]+\]\(images/([^)]+\.png)\)", GUIDE.read_text(encoding="utf-8"))
    assert sorted(referenced) == sorted(NAMES + MEMBER_NAMES + PAPER_NAMES + ARCHIVE_NAMES)  # each once
    for name in NAMES + MEMBER_NAMES + PAPER_NAMES + ARCHIVE_NAMES:
        path = IMAGES / name
        assert path.exists(), f"{path} is missing: run `make guide-images`"
        assert path.stat().st_size < MAX_BYTES, f"{path} is {path.stat().st_size // 1024} KB"


def test_screenshot_script_walks_through_the_guide(browser, live_server, tmp_path):
    written = take(browser, live_server, tmp_path)
    assert [p.name for p in written] == NAMES
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert 5_000 < path.stat().st_size < MAX_BYTES, (path.name, path.stat().st_size)


@needs_soffice
def test_the_papers_page_images_are_made_from_the_demos_nuit_3_22(tmp_path):
    written = take_paper_images(tmp_path)
    assert [p.name for p in written] == PAPER_NAMES
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert 5_000 < path.stat().st_size < MAX_BYTES, (path.name, path.stat().st_size)
