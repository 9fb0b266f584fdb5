"""Login throttling (Flask-Limiter): after 5 failed logins for one e-mail address, or 20 failed
logins from one network address, within 15 minutes, the login form refuses every attempt (the
right password too) until the window has passed. Only failures count, so a busy office behind one
address is not locked out by its own successful logins."""
from flask import g, make_response, render_template, request
from flask_babel import gettext as _

from app.auth.forms import LoginForm
from app.extensions import limiter

WINDOW_MINUTES = 15
PER_EMAIL = f"5 per {WINDOW_MINUTES} minutes"
PER_ADDRESS = f"20 per {WINDOW_MINUTES} minutes"


def _submitted_email() -> str:
    return "email:" + (request.form.get("email") or "").strip().lower()


def _client_address() -> str:
    return "address:" + (request.remote_addr or "unknown")


def note_failed_login() -> None:
    """Called by the login view when the address or password was wrong: this attempt counts."""
    g.login_failed = True


def _failed(_response) -> bool:
    return g.get("login_failed", False)


def _refused(_limit):
    form = LoginForm()
    message = _("For mange mislykkede innlogginger. Vent %(minutes)s minutter og prøv igjen, "
                "eller bruk «Glemt passordet?».", minutes=WINDOW_MINUTES)
    response = make_response(render_template("auth/login.html", form=form, refused=message), 429)
    response.headers["Retry-After"] = str(WINDOW_MINUTES * 60)
    return response


def throttled(view):
    """The login view's limits; they apply to submitted attempts (POST) only."""
    for limit, key in ((PER_EMAIL, _submitted_email), (PER_ADDRESS, _client_address)):
        view = limiter.limit(limit, key_func=key, methods=["POST"], deduct_when=_failed,
                             on_breach=_refused)(view)
    return view


def _reset_refused(_limit):
    """The same answer as an accepted request (nothing tells whether the address has an
    account); only no e-mail is sent."""
    return make_response(render_template("auth/forgot_password_sent.html"), 200)


def reset_throttled(view):
    """«Glemt passordet?»: at most 3 requests for one address and 20 from one network address in
    15 minutes, so nobody can fill someone's inbox with reset e-mails."""
    for limit, key in ((f"3 per {WINDOW_MINUTES} minutes", _submitted_email), (PER_ADDRESS, _client_address)):
        view = limiter.limit(limit, key_func=key, methods=["POST"], on_breach=_reset_refused)(view)
    return view
