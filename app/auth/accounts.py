"""Account pages on the auth blueprint: choosing a first password from an invitation, a forgotten
password (a reset link by e-mail) and a logged-in user's new password. The rules are in
app/services/registry/accounts.py.

A link opened with GET only shows the form: nothing is written and the link is not used up until
the form is sent. After a password is set from a link the browser is logged in as that account."""
from flask import flash, make_response, redirect, render_template, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required

from app import unit_of_work
from app.auth.account_forms import ChangePasswordForm, ForgotPasswordForm, SetPasswordForm
from app.auth.throttling import reset_throttled
from app.auth.views import _safe_next, begin_session, bp
from app.i18n import localized_datetime
from app.models import TokenPurpose
from app.services.registry import accounts, sessions
from app.services.registry.users import MIN_PASSWORD_LENGTH
from app.web import run_as_current_user

RESET_REQUESTED_BY = "anonym (glemt passord)"


def _put_on_field(form, outcome) -> None:
    field = form._fields.get(outcome.field or "")
    if field is not None:
        field.errors = [*field.errors, outcome.error]
    else:
        form.form_errors.append(outcome.error)


def _refused_page(refused: accounts.LinkRefused | str, purpose: str, gone: bool = True):
    title = (_("Invitasjonslenken virker ikke") if purpose == TokenPurpose.INVITATION
             else _("Lenken for nytt passord virker ikke"))
    gone = getattr(refused, "gone", gone)
    return render_template("auth/link_refused.html", title=title, text=str(refused),
                           purpose=purpose), 410 if gone else 404


def _set_password_from_link(secret: str, purpose: str, welcome: str):
    try:
        token = accounts.open_token(secret, purpose)
    except accounts.LinkRefused as refused:
        return _refused_page(refused, purpose)
    user, expires_at = token.user, token.expires_at
    form = SetPasswordForm()
    if form.validate_on_submit():
        def redeem_and_log_in():
            accounts.redeem(secret, purpose, form.password.data, form.confirmation.data)
            sessions.record_login(user)

        # The account's owner sets the password (whoever else may be logged in in this browser).
        outcome = unit_of_work.run(redeem_and_log_in, user)
        if outcome.ok:
            begin_session(user)
            flash(welcome, "success")
            return redirect(_safe_next(None, user))  # a member lands on /mitt
        if outcome.field is None:  # used or revoked in the meantime
            return _refused_page(outcome.error, purpose)
        _put_on_field(form, outcome)
    return render_template("auth/set_password.html", form=form, purpose=purpose, email=user.email,
                           expires_at=expires_at, when=localized_datetime,
                           min_length=MIN_PASSWORD_LENGTH), 400 if form.errors else 200


def _private(result):
    """The secret is in the URL: kept out of caches and out of the Referer of what the page loads."""
    response = make_response(result)
    response.headers["Cache-Control"] = "no-store"
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


@bp.route("/konto/invitasjon/<secret>", methods=["GET", "POST"])
def accept_invitation(secret: str):
    return _private(_set_password_from_link(
        secret, TokenPurpose.INVITATION,
        _("Passordet er satt, og du er logget inn. Velkommen til Møtebok!")))


@bp.route("/konto/nytt-passord/<secret>", methods=["GET", "POST"])
def reset_password(secret: str):
    return _private(_set_password_from_link(secret, TokenPurpose.PASSWORD_RESET,
                                            _("Passordet er endret, og du er logget inn.")))


@bp.route("/glemt-passord", methods=["GET", "POST"])
@reset_throttled
def forgot_password():
    """The answer is the same page whether or not the address has an account."""
    form = ForgotPasswordForm()
    if form.validate_on_submit():
        outcome = run_as_current_user(lambda: accounts.request_password_reset(form.email.data),
                                      anonymous=RESET_REQUESTED_BY)
        if not outcome.ok:
            raise RuntimeError(outcome.error)  # nothing in a reset request can be refused
        return render_template("auth/forgot_password_sent.html")
    return render_template("auth/forgot_password.html", form=form), 400 if form.errors else 200


@bp.route("/konto/passord", methods=["GET", "POST"])
@login_required
def change_password():
    form = ChangePasswordForm()
    if form.validate_on_submit():
        user = current_user._get_current_object()
        outcome = run_as_current_user(lambda: accounts.change_password(
            user, form.current.data, form.password.data, form.confirmation.data))
        if outcome.ok:
            begin_session(user)  # this browser stays logged in; the other sessions have ended
            flash(_("Passordet er endret. Andre steder du var logget inn, er du nå logget ut."),
                  "success")
            return redirect(url_for("main.index"))
        _put_on_field(form, outcome)
    return render_template("auth/change_password.html", form=form,
                           min_length=MIN_PASSWORD_LENGTH), 400 if form.errors else 200
