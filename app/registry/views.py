"""Councils, organisations, people and memberships (secretariat).

Views read the form and run a service call as the current user, one unit of work (``_save``; the
audit trail comes from the session hook). A refusal changes nothing: the message is shown next to
the field it names, or at the top of the page.
"""

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _

from app.extensions import db
from app.formatting import format_case_number
from app.i18n import localized_date, localized_datetime
from app.models import Council, Membership, Organisation, Person
from app.registry.forms import (
    ROLE_LABELS,
    CouncilEditForm,
    CouncilForm,
    EndMembershipForm,
    MembershipForm,
    OrganisationForm,
    PersonForm,
)
from app.services.core import clock
from app.services.registry import accounts
from app.services.registry import councils as service
from app.web import get_or_404, query_page, save_form, secretariat_required

bp = Blueprint("registry", __name__, url_prefix="/register")


@bp.app_template_global()
def role_label(role: str) -> str:
    return ROLE_LABELS.get(role, role)


def _page_number() -> int:
    return query_page()


def _paginated(pagination):
    """404 for a page past the end (page 1 of an empty list is fine)."""
    if pagination.page > 1 and pagination.page > pagination.pages:
        abort(404)
    return pagination


def _per_page() -> int:
    return current_app.config["PAGE_SIZE"]


def _save(form, change) -> bool:
    """Run ``change`` as the current user, one unit of work (web.save_form)."""
    return save_form(form, change)


def _render_form(template: str, form, **context):
    """A form page: 400 when it is shown again with errors."""
    status = 400 if any(f.errors for f in form) else 200
    return render_template(template, form=form, **context), status


def _council_or_404(code: str) -> Council:
    council = service.council_by_code(code.upper())
    if council is None:
        abort(404)
    return council


def _organisation(org_id):
    return db.session.get(Organisation, org_id) if org_id else None


# Councils

@bp.route("/")
@secretariat_required
def councils():
    page = _paginated(service.councils_page(_page_number(), _per_page()))
    return render_template("registry/councils.html", page=page, example=format_case_number)


@bp.route("/utvalg/ny", methods=["GET", "POST"])
@secretariat_required
def council_new():
    form = CouncilForm()
    form.secretariat.set_rows(service.all_organisations())
    if form.validate_on_submit():
        def change():
            service.create_council(
                form.code.data, form.name.data, description=form.description.data,
                case_number_format=form.case_number_format.data,
                active_from=form.active_from.data, active_to=form.active_to.data,
                secretariat=_organisation(form.secretariat.data))
        if _save(form, change):
            code = form.code.data.strip().upper()
            flash(_("Utvalget %(code)s er opprettet.", code=code), "success")
            return redirect(url_for("registry.council", code=code))
    return _render_form("registry/council_form.html", form, council=None)


@bp.route("/utvalg/<code>")
@secretariat_required
def council(code: str):
    council = _council_or_404(code)
    groups = service.split_memberships(service.council_memberships(council), clock.today())
    account_statuses = accounts.statuses_of(
        [m.person for m in groups["current"] + groups["upcoming"]])
    return render_template("registry/council.html", council=council, example=format_case_number,
                           account_statuses=account_statuses, when=localized_datetime, **groups)


@bp.route("/utvalg/<code>/endre", methods=["GET", "POST"])
@secretariat_required
def council_edit(code: str):
    council = _council_or_404(code)
    form = CouncilEditForm(obj=council)
    form.secretariat.set_rows(service.all_organisations())
    if request.method == "GET":
        form.secretariat.data = council.secretariat_id
    if form.validate_on_submit():
        def change():
            service.update_council(
                council, name=form.name.data, description=form.description.data,
                case_number_format=form.case_number_format.data,
                active_from=form.active_from.data, active_to=form.active_to.data,
                secretariat=_organisation(form.secretariat.data))
        if _save(form, change):
            flash(_("Endringene i %(name)s er lagret.", name=council.code), "success")
            return redirect(url_for("registry.council", code=council.code))
    return _render_form("registry/council_form.html", form, council=council)


# Memberships

@bp.route("/utvalg/<code>/medlemskap/ny", methods=["GET", "POST"])
@secretariat_required
def membership_new(code: str):
    council = _council_or_404(code)
    form = MembershipForm()
    form.person.set_rows(service.all_people(), label=lambda p: (
        f"{p.name} ({p.organisation.name})" if p.organisation else p.name))
    form.organisation.set_rows(service.all_organisations())
    if form.validate_on_submit():
        person = db.session.get(Person, form.person.data)

        def change():
            service.add_membership(council, person, form.role.data,
                                   organisation=_organisation(form.organisation.data),
                                   valid_from=form.valid_from.data)
        if _save(form, change):
            flash(_("Medlemskapet er registrert: %(role)s i %(code)s fra %(date)s.",
                    role=role_label(form.role.data).lower(), code=council.code,
                    date=localized_date(form.valid_from.data)), "success")
            return redirect(url_for("registry.council", code=council.code))
    return _render_form("registry/membership_form.html", form, council=council)


@bp.route("/medlemskap/<int:membership_id>/avslutt", methods=["GET", "POST"])
@secretariat_required
def membership_end(membership_id: int):
    membership = get_or_404(Membership, membership_id)
    council = membership.council
    if membership.valid_to is not None:
        flash(_("Medlemskapet er allerede avsluttet %(date)s.", date=localized_date(membership.valid_to)),
              "info")
        return redirect(url_for("registry.council", code=council.code))
    form = EndMembershipForm()
    if form.validate_on_submit():
        if _save(form, lambda: service.end_membership(membership, form.valid_to.data)):
            flash(_("Medlemskapet i %(code)s er avsluttet %(date)s. "
                    "Det vises under historikk.", code=council.code,
                    date=localized_date(form.valid_to.data)), "success")
            return redirect(url_for("registry.council", code=council.code))
    return _render_form("registry/membership_end.html", form, membership=membership,
                        council=council)


# Organisations

@bp.route("/organisasjoner")
@secretariat_required
def organisations():
    page = _paginated(service.organisations_page(_page_number(), _per_page()))
    return render_template("registry/organisations.html", page=page)


@bp.route("/organisasjoner/ny", methods=["GET", "POST"])
@secretariat_required
def organisation_new():
    form = OrganisationForm()
    if form.validate_on_submit():
        if _save(form, lambda: service.create_organisation(form.name.data, form.short_name.data)):
            flash(_("Organisasjonen er registrert."), "success")
            return redirect(url_for("registry.organisations"))
    return _render_form("registry/organisation_form.html", form, organisation=None)


@bp.route("/organisasjoner/<int:org_id>", methods=["GET", "POST"])
@secretariat_required
def organisation_edit(org_id: int):
    org = get_or_404(Organisation, org_id)
    form = OrganisationForm(obj=org)
    if form.validate_on_submit():
        if _save(form, lambda: service.update_organisation(
                org, name=form.name.data, short_name=form.short_name.data)):
            flash(_("Endringene i organisasjonen er lagret."), "success")
            return redirect(url_for("registry.organisations"))
    return _render_form("registry/organisation_form.html", form, organisation=org)


# People

@bp.route("/personer")
@secretariat_required
def people():
    query = request.args.get("q", "").strip()[:200]
    page = _paginated(service.people_page(_page_number(), _per_page(), query))
    return render_template("registry/people.html", page=page, query=query)


@bp.route("/personer/ny", methods=["GET", "POST"])
@secretariat_required
def person_new():
    form = PersonForm()
    form.organisation.set_rows(service.all_organisations())
    if form.validate_on_submit():
        created = []

        def change():
            created.append(service.create_person(
                form.name.data, title=form.title.data,
                organisation=_organisation(form.organisation.data), email=form.email.data))
        if _save(form, change):
            flash(_("Personen er registrert."), "success")
            return redirect(url_for("registry.people"))
    return _render_form("registry/person_form.html", form, person=None, memberships=[])


@bp.route("/personer/<int:person_id>", methods=["GET", "POST"])
@secretariat_required
def person_edit(person_id: int):
    person = get_or_404(Person, person_id)
    form = PersonForm(obj=person)
    form.organisation.set_rows(service.all_organisations())
    if request.method == "GET":
        form.organisation.data = person.organisation_id
    if form.validate_on_submit():
        def change():
            service.update_person(person, name=form.name.data, title=form.title.data,
                                  organisation=_organisation(form.organisation.data),
                                  email=form.email.data)
        if _save(form, change):
            flash(_("Endringene for personen er lagret."), "success")
            return redirect(url_for("registry.people"))
    return _render_form("registry/person_form.html", form, person=person,
                        memberships=service.person_memberships(person),
                        account=accounts.status_of(person), when=localized_datetime)

