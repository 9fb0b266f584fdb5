"""Login and logout."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, g, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required, login_user, logout_user

from app.auth.forms import LoginForm
from app.auth.throttling import note_failed_login, throttled
from app.models import Role
from app.services.registry import sessions
from app.services.registry.users import authenticate
from app.web import run_as_current_user

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None, user=None) -> str:
    """A local ``next`` if one was given; else members and observers (a linked person, no
    role) land on their home page (/mitt), archivists on the archive page (/arkiv), everyone
    else on the front page."""
    if (target and target.startswith("/") and not urlsplit(target).netloc
            and not any(ord(c) < 32 or ord(c) == 127 for c in target)):
        return target
    if user is not None and user.person_id is not None and not user.roles:
        return url_for("members.home")
    if user is not None and user.roles == {Role.ARCHIVIST}:
        return url_for("archive.index")
    return url_for("main.index")


def _fresh_session() -> None:
    """Nothing of the session before (pending messages, the CSRF token) outlives a login or a
    logout; only the chosen language stays."""
    language = session.get("lang")
    session.clear()
    g.pop("csrf_token", None)  # Flask-WTF's per-request copy: the next form gets a new token
    if language:
        session["lang"] = language


def begin_session(user) -> None:
    """Log the user in on a fresh session (new CSRF token) that ends after SESSION_IDLE_HOURS
    without a request: the login form, a password set from a link, a changed password."""
    _fresh_session()
    login_user(user)
    session.permanent = True


@bp.route("/logg-inn", methods=["GET", "POST"])
@throttled
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            note_failed_login()
            form.password.errors.append(_("Feil e-post eller passord."))
        else:
            begin_session(user)
            run_as_current_user(lambda: sessions.record_login(user))
            flash(_("Du er logget inn."), "success")
            return redirect(_safe_next(request.args.get("next"), user))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


def _end_sessions_and_log_out() -> None:
    user = current_user._get_current_object()
    run_as_current_user(lambda: sessions.end_sessions(user))
    logout_user()
    _fresh_session()


@bp.route("/logg-ut", methods=["POST"])
@login_required
def logout():
    # Sessions are ended per user, so this also logs the user out in other browsers.
    _end_sessions_and_log_out()
    flash(_("Du er logget ut."), "info")
    return redirect(url_for("main.index"))


@bp.route("/logg-ut-overalt", methods=["POST"])
@login_required
def logout_everywhere():
    _end_sessions_and_log_out()
    flash(_("Du er logget ut på alle enheter og i alle nettlesere."), "info")
    return redirect(url_for("main.index"))
