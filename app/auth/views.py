"""Login and logout."""
from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, session, url_for
from flask_babel import gettext as _
from flask_login import login_required, login_user, logout_user

from app.auth.forms import LoginForm
from app.services.registry.accounts import record_login
from app.services.registry.users import authenticate
from app.web import run_as_current_user

bp = Blueprint("auth", __name__)


def _safe_next(target: str | None) -> str:
    if target and not urlsplit(target).netloc and target.startswith("/"):
        return target
    return url_for("main.index")


@bp.route("/logg-inn", methods=["GET", "POST"])
def login():
    form = LoginForm()
    if form.validate_on_submit():
        user = authenticate(form.email.data, form.password.data)
        if user is None:
            form.password.errors.append(_("Feil e-post eller passord."))
        else:
            login_user(user)
            run_as_current_user(lambda: record_login(user))
            flash(_("Du er logget inn."), "success")
            return redirect(_safe_next(request.args.get("next")))
    return render_template("auth/login.html", form=form), 400 if form.errors else 200


@bp.route("/logg-ut", methods=["POST"])
@login_required
def logout():
    logout_user()
    language = session.get("lang")
    session.clear()  # nothing of the last user's (pending messages included) outlives the login
    if language:
        session["lang"] = language
    flash(_("Du er logget ut."), "info")
    return redirect(url_for("main.index"))
