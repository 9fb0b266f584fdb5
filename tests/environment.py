"""What the test run is running on."""
import os


def in_ci() -> bool:
    """True on a CI machine: any non-empty ``CI`` variable (GitHub Actions and GitLab set
    ``CI=true``, others ``CI=1``). There a missing tool (LibreOffice, Chromium) fails the tests
    that need it instead of skipping them."""
    return bool(os.environ.get("CI", "").strip())
