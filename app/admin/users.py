"""The users page (admins): every account with its roles, linked person, state and last login;
create an account (with a password or an invitation), change roles and the linked person,
deactivate and reactivate, send an invitation again. The rules are in
app/services/registry/accounts.py and user_admin.py."""
from functools import wraps

from flask import abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import authz
from app.admin.user_forms import ROLE_LABELS, UserCreateForm, UserEditForm
from app.admin.views import CHANGED_MEANWHILE, bp
from app.extensions import db
from app.i18n import localized_datetime
from app.models import Person, User
from app.services.registry import accounts, user_admin
from app.services.registry.councils import all_people
from app.services.registry.users import MIN_PASSWORD_LENGTH
from app.web import commit_or_flash, get_or_404, run_as_current_user


def users_admin_required(view):
    """For those who may manage users (authz.can_manage_users): others 403, anonymous log in."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not authz.can_manage_users(current_user):
            abort(403)
        return view(*args, **kwargs)
    return wrapper


def _people_choices(form) -> None:
    form.person.set_rows(all_people(), label=lambda p: f"{p.name} ({p.email})" if p.email else p.name)


def _person(person_id: int | None) -> Person | None:
    return db.session.get(Person, person_id) if person_id else None


def _put_on_field(form, outcome) -> None:
    field = form._fields.get(outcome.field or "")
    if field is not None:
        field.errors = [*field.errors, outcome.error]
    else:
        flash(outcome.error, "error")


def _actor() -> User:
    return current_user._get_current_object()


@bp.route("/brukere")
@users_admin_required
def users():
    users_ = user_admin.users_list()
    rows = list(zip(users_, accounts.statuses_of_users(users_), strict=True))
    return render_template("admin/users.html", rows=rows, role_labels=ROLE_LABELS,
                           when=localized_datetime)


@bp.route("/brukere/ny", methods=["GET", "POST"])
@users_admin_required
def user_new():
    form = UserCreateForm()
    _people_choices(form)
    refused = False
    if form.validate_on_submit():
        actor = _actor()
        created = {}
        outcome = run_as_current_user(lambda: created.setdefault("user", user_admin.create_account(
            form.email.data, form.roles.data, person=_person(form.person.data),
            password=form.password.data, confirmation=form.confirmation.data,
            send_invitation=form.send_invitation.data, actor=actor)))
        if outcome.ok:
            flash(_("Brukeren er opprettet, og invitasjonen er sendt.") if form.send_invitation.data
                  else _("Brukeren er opprettet med passordet du valgte."), "success")
            return redirect(url_for("admin.user", user_id=created["user"].id))
        _put_on_field(form, outcome)
        refused = True
    return render_template("admin/user_new.html", form=form, min_length=MIN_PASSWORD_LENGTH,
                           invitation_hours=current_app.config["INVITATION_HOURS"]
                           ), 400 if form.errors or refused else 200


@bp.route("/brukere/<int:user_id>", methods=["GET", "POST"])
@users_admin_required
def user(user_id: int):
    account = get_or_404(User, user_id)
    form = UserEditForm()
    _people_choices(form)
    if request.method == "GET":
        form.roles.data = sorted(account.roles)
        form.person.data = account.person_id
    refused = False
    if form.validate_on_submit():
        actor = _actor()

        def change():
            user_admin.set_roles(account, form.roles.data, actor)
            user_admin.link_person(account, _person(form.person.data))
        outcome = run_as_current_user(change, CHANGED_MEANWHILE)
        if outcome.ok:
            flash(_("Endringene er lagret."), "success")
            if not authz.can_manage_users(actor):  # an admin who gave up the role
                return redirect(url_for("main.index"))
            return redirect(url_for("admin.user", user_id=account.id))
        _put_on_field(form, outcome)
        refused = True
    return render_template("admin/user.html", account=account, form=form,
                           status=accounts.status_of_user(account), role_labels=ROLE_LABELS,
                           when=localized_datetime), 400 if form.errors or refused else 200


def _change(user_id: int, action, done: str):
    account = get_or_404(User, user_id)
    actor = _actor()
    if commit_or_flash(lambda: action(account, actor), CHANGED_MEANWHILE):
        flash(done, "success")
    return redirect(url_for("admin.user", user_id=user_id))


@bp.route("/brukere/<int:user_id>/deaktiver", methods=["POST"])
@users_admin_required
def user_deactivate(user_id: int):
    if not request.form.get("bekreft"):
        flash(_("Kryss av for å bekrefte at kontoen skal deaktiveres."), "error")
        return redirect(url_for("admin.user", user_id=user_id))
    return _change(user_id, user_admin.deactivate,
                   _("Kontoen er deaktivert og logget ut overalt. Den kan aktiveres igjen."))


@bp.route("/brukere/<int:user_id>/aktiver", methods=["POST"])
@users_admin_required
def user_reactivate(user_id: int):
    return _change(user_id, lambda account, _actor: user_admin.reactivate(account),
                   _("Kontoen er aktivert igjen."))


@bp.route("/brukere/<int:user_id>/inviter", methods=["POST"])
@users_admin_required
def user_invite(user_id: int):
    return _change(user_id, accounts.resend_invitation,
                   _("Invitasjonen er sendt; en eldre invitasjonslenke virker ikke lenger."))


@bp.route("/brukere/<int:user_id>/trekk-invitasjon", methods=["POST"])
@users_admin_required
def user_revoke_invitation(user_id: int):
    if not request.form.get("bekreft"):
        flash(_("Kryss av for å bekrefte at invitasjonen skal trekkes tilbake."), "error")
        return redirect(url_for("admin.user", user_id=user_id))
    return _change(user_id, lambda account, _actor: accounts.revoke_invitation(account),
                   _("Invitasjonen er trukket tilbake. Lenken i e-posten virker ikke lenger."))
