"""Security headers on every response, and no inline scripts for the Content-Security-Policy to
block: every GET route of the app (the list tests/test_no_writes_on_get.py builds), as the
secretariat, and the pages a visitor sees."""
import re

from app.extensions import db
from tests.conftest import login
from tests.test_no_writes_on_get import _files, _urls

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"<[^>]+\son[a-z]+\s*=", re.IGNORECASE)
INLINE_STYLE = re.compile(r"<[^>]+\sstyle\s*=", re.IGNORECASE)


def _assert_security_headers(url, response):
    headers = response.headers
    csp = headers.get("Content-Security-Policy", "")
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp, url
    assert "frame-ancestors 'none'" in csp, url
    assert headers.get("X-Frame-Options") == "DENY", url
    assert headers.get("X-Content-Type-Options") == "nosniff", url
    # The one-time link pages (/konto/…) send no referrer at all: their address is the secret.
    expected = "no-referrer" if url.startswith("/konto/") and url != "/konto/passord" else "same-origin"
    assert headers.get("Referrer-Policy") == expected, url
    assert "Strict-Transport-Security" not in headers, url  # only over HTTPS


def _assert_no_inline_code(url, response):
    if response.mimetype != "text/html":
        return
    html = response.get_data(as_text=True)
    assert not INLINE_SCRIPT.search(html), url
    assert not EVENT_HANDLER.search(html), url
    assert not INLINE_STYLE.search(html), url


def test_every_page_has_the_headers_and_no_inline_code(client, demo_full):
    _files()
    login(client, demo_full)
    db.session.commit()
    with demo_full.test_request_context():
        urls, _unfilled = _urls(demo_full)
    assert len(urls) > 100
    for url in urls:
        response = client.get(url)
        _assert_security_headers(url, response)
        _assert_no_inline_code(url, response)
        cache = response.headers.get("Cache-Control", "")
        if url.startswith(("/static/", "/assets/")):
            assert "no-store" not in cache, url
        else:
            # Any page may show exempt material to a logged-in reader: nothing is cached.
            assert "no-store" in cache or cache == "private", (url, cache)


def test_visitors_pages_have_the_headers(client, demo_full):
    for url in ("/", "/logg-inn", "/finnes-ikke"):
        response = client.get(url)
        _assert_security_headers(url, response)
        _assert_no_inline_code(url, response)


def test_hsts_only_over_https(client, app):
    assert "Strict-Transport-Security" not in client.get("/logg-inn").headers
    secure = client.get("/logg-inn", base_url="https://localhost")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


def test_behind_a_proxy_https_is_seen_when_proxy_fix_is_on(app):
    from app import create_app
    from config import TestingConfig

    proxied = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=app.config["SQLALCHEMY_DATABASE_URI"],
                         PROXY_FIX=True)
    response = proxied.test_client().get("/logg-inn", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in response.headers
