"""Accounts from the register: the secretariat invites a person (from the person's page or a
council's member list), sends the invitation again or withdraws it. The rules are in
app/services/registry/accounts.py; the person page and the member list show each person's
account state (``accounts.status_of``)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import authz
from app.i18n import localized_datetime
from app.models import Person
from app.registry.views import bp
from app.services.registry import accounts
from app.services.registry.councils import council_by_code
from app.web import commit_or_flash, get_or_404, secretariat_required


def _person_for_invitations(person_id: int) -> Person:
    if not authz.can_invite(current_user):
        abort(403)
    return get_or_404(Person, person_id)


def _council_code() -> str:
    """The council whose member list the button was on ('' for the person's page)."""
    council = council_by_code((request.values.get("utvalg") or "").upper()[:10])
    return council.code if council is not None else ""


def _back(person: Person):
    """Back to the page the button was on: the council's member list or the person's page."""
    council = council_by_code(_council_code())
    if council is not None:
        return redirect(url_for("registry.council", code=council.code) + "#medlemmer")
    return redirect(url_for("registry.person_edit", person_id=person.id) + "#konto")


@bp.route("/personer/<int:person_id>/konto/inviter", methods=["POST"])
@secretariat_required
def invite_person(person_id: int):
    person = _person_for_invitations(person_id)
    actor = current_user._get_current_object()
    sent = {}
    if commit_or_flash(lambda: sent.setdefault("token", accounts.invite(person, actor)), None):
        flash(_("Invitasjonen er sendt. Lenken i e-posten er gyldig til %(when)s.",
                when=localized_datetime(sent["token"].expires_at)), "success")
    return _back(person)


@bp.route("/personer/<int:person_id>/konto/send-pa-nytt", methods=["POST"])
@secretariat_required
def resend_invitation(person_id: int):
    person = _person_for_invitations(person_id)
    user = accounts.account_of(person)
    if user is None:
        flash(_("Personen har ingen invitasjon å sende på nytt."), "error")
        return _back(person)
    actor = current_user._get_current_object()
    sent = {}
    if commit_or_flash(lambda: sent.setdefault("token", accounts.resend_invitation(user, actor)), None):
        flash(_("Invitasjonen er sendt på nytt; lenken i den forrige e-posten virker ikke lenger. "
                "Den nye er gyldig til %(when)s.", when=localized_datetime(sent["token"].expires_at)),
              "success")
    return _back(person)


@bp.route("/personer/<int:person_id>/konto/trekk-tilbake", methods=["GET", "POST"])
@secretariat_required
def revoke_invitation(person_id: int):
    """GET asks for confirmation; POST withdraws the invitation."""
    person = _person_for_invitations(person_id)
    status = accounts.status_of(person)
    if not status.can_revoke:
        flash(_("Personen har ingen ventende invitasjon."), "info")
        return _back(person)
    if request.method == "POST":
        if commit_or_flash(lambda: accounts.revoke_invitation(status.user), None):
            flash(_("Invitasjonen er trukket tilbake. Lenken i e-posten virker ikke lenger."),
                  "success")
        return _back(person)
    return render_template("registry/revoke_invitation.html", person=person, status=status,
                           council_code=_council_code())
