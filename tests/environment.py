"""What the test run is running on."""
import os


def in_ci() -> bool:
    """True on a CI machine: any non-empty ``CI`` variable (GitHub Actions and GitLab set
    ``CI=true``, others ``CI=1``). There a missing tool (LibreOffice, Chromium) fails the tests
    that need it instead of skipping them."""
    return bool(os.environ.get("CI", "").strip())


def _needs_soffice():
    import shutil

    import pytest

    return pytest.mark.skipif(
        shutil.which("soffice") is None and not in_ci(),
        reason="LibreOffice (soffice) is not installed: apt-get install -y libreoffice-writer-nogui "
               "poppler-utils (make test does this)")


# The tests that render through LibreOffice: skipped on a machine without it, failed in CI.
needs_soffice = _needs_soffice()
