"""Security headers on every response (registered in create_app)."""
from flask import Flask, request
from flask_login import current_user

# No inline scripts or styles anywhere: scripts are files under static/js, wired by data-*
# attributes; styles are classes in static/css/app.css.
CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'self'",
    "script-src 'self'",
    "style-src 'self'",
    "img-src 'self' data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
])
HSTS = "max-age=31536000; includeSubDomains"
# Files that are the same for everybody: they may be cached.
ASSET_ENDPOINTS = {"static", "design_system"}


def install(app: Flask) -> None:
    app.after_request(add_security_headers)


def add_security_headers(response):
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Frame-Options", "DENY")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Content-Type-Options", "nosniff")
    if request.is_secure:
        headers.setdefault("Strict-Transport-Security", HSTS)
    if request.endpoint not in ASSET_ENDPOINTS and current_user.is_authenticated:
        # Any page may show exempt material to a reader with access: no copy in any cache.
        # A download that already decided (private, no-store for exempt files) keeps its header.
        if "private" not in headers.get("Cache-Control", ""):
            headers["Cache-Control"] = "no-store"
    return response

