"""Browser tests: the real app served on 127.0.0.1 in a background thread, driven by Playwright
through Debian's Chromium (``/usr/bin/chromium``; never a browser download).

Each test module gets its own server and temporary SQLite file, with CSRF on as in production, a
secretariat login (tests.e2e.helpers.SECRETARY_EMAIL) and the demo data (NUIT 1/22–3/22 and the
other councils' meetings). These tests run on SQLite only: they do not use the top-level ``app``
fixture, which is parametrised over PostgreSQL.
"""
from pathlib import Path

import pytest

from tests.e2e.helpers import CHROMIUM, launch_chromium, new_page, start_server, stop_server
from tests.environment import in_ci


@pytest.fixture(scope="module")
def live_server(tmp_path_factory, _demo_templates):
    """The app with the demo data (copied from the suite's template, tests/conftest.py) and a
    secretariat login, for one test module."""
    server, thread, live = start_server(tmp_path_factory.mktemp("e2e"), demo_file=_demo_templates(False))
    yield live
    stop_server(server, thread, live)


@pytest.fixture(scope="session")
def browser():
    if not Path(CHROMIUM).exists():
        message = f"{CHROMIUM} is missing: apt-get install -y chromium (make test does this)"
        if in_ci():
            pytest.fail(message)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = launch_chromium(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    """A fresh browser context per test (no cookies), 1280 px wide, Norwegian locale. The test
    fails when the Content-Security-Policy blocked anything on the way (an inline script, style
    or handler: Chromium reports it on the console)."""
    page = new_page(browser)
    blocked = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    yield page
    page.context.close()
    assert blocked == [], blocked
