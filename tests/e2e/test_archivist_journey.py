"""The browser test of the archivist's page (issue 13): tests/e2e/archivist_journey.py walks an
archivist through an export of NUIT 2022, from the login to the downloaded ZIP whose SHA-256 is the
one the page shows, checking each step and the page with axe (test_accessibility.check); the
walk's pictures for the user guide are made and small.
The real exporter runs: skipped without the official Noark 5 XSDs."""
import pytest

from tests.e2e.archivist_journey import ARCHIVE_NAMES, schemas_present, walk
from tests.e2e.test_accessibility import check

MAX_BYTES = 300 * 1024

pytestmark = pytest.mark.skipif(not schemas_present(),
                                reason="the official Noark 5 XSDs are not in ../shared/noark5")


def test_an_archivist_exports_nuit_2022_and_downloads_it(browser, tmp_path, _demo_templates):
    written = walk(browser, tmp_path / "bilder", demo_file=_demo_templates(True), pdf=False,
                   download_dir=tmp_path, check=check)
    assert [p.name for p in written] == ARCHIVE_NAMES
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert 5_000 < path.stat().st_size < MAX_BYTES, (path.name, path.stat().st_size)
