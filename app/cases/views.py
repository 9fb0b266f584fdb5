"""The case register: list with filters, case page, create/edit, related cases, attachments.

Reading is for every logged-in user, and for visitors a case that has been on an issued or held
meeting's agenda (authz.public.can_open_case_page) (exempt cases show only their public title, and exempt
documents only their number and legal basis, to those who may not see them: app/disclosure.py);
changes are for the secretariat. Views call the services as the current user, one unit of work
each (``web.run_as_current_user``), so the audit trail records who changed what.
"""
from flask import (
    Blueprint,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.exceptions import RequestEntityTooLarge

from app import authz, disclosure
from app.authz import public
from app.cases.forms import (
    CaseForm,
    ConfirmForm,
    DocumentAccessForm,
    FilterForm,
    LinkForm,
    UploadForm,
)
from app.extensions import db
from app.models import Case, CaseDocument, Council, Organisation, Person
from app.models.case import CASE_FIELDS
from app.services.casework import cases, documents
from app.services.planning import case_queue
from app.services.proceedings.decisions import treatment_texts
from app.web import (
    get_or_404,
    query_page,
    run_as_current_user,
    secretariat_required,
    send_stored_document,
    show_refusal,
)

bp = Blueprint("cases", __name__, url_prefix="/saker")

# The register's status labels (cases.CaseStatus.LABELS) in the reader's language.
STATUS_LABELS = {
    cases.CaseStatus.NEW: _l("Ny"),
    cases.CaseStatus.ON_AGENDA: _l("På dagsorden"),
    cases.CaseStatus.TREATED: _l("Behandlet"),
    cases.CaseStatus.POSTPONED: _l("Utsatt"),
    cases.CaseStatus.WITHDRAWN: _l("Trukket"),
}


def _case_or_404(year: int, seq: int) -> Case:
    case = cases.case_by_file_number(year, seq)
    if case is None:
        abort(404)
    return case


def _case_url(case: Case, endpoint: str = "cases.show", **kwargs) -> str:
    return url_for(endpoint, year=case.file_year, seq=case.file_seq, **kwargs)


# --- the register -------------------------------------------------------------------------------

@bp.route("/")
@login_required
def index():
    councils = db.session.scalars(select(Council).order_by(Council.code)).all()
    form = FilterForm(request.args)
    form.set_choices(councils, STATUS_LABELS, cases.file_years())
    if request.args:
        form.validate()  # invalid values are shown next to their field and ignored
    valid = {f.name: (f.data if not f.errors else None) for f in form}
    council = next((c for c in councils if c.code == valid["utvalg"]), None)
    page = cases.register_page(
        current_user, council=council, status=valid["status"] or None,
        year=int(valid["aar"]) if valid["aar"] else None, text=valid["tekst"] or None,
        page=query_page(),
        page_size=current_app.config.get("PAGE_SIZE", 50))
    filters = {k: v for k, v in request.args.items() if k not in ("side", "lang") and v}
    return render_template("cases/index.html", page=page, form=form, filters=filters,
                           filtered=bool(filters), status_labels=STATUS_LABELS)


# --- one case ----------------------------------------------------------------------------------

def _render_case(case: Case, *, upload_form=None, link_form=None, status: int = 200):
    all_treatments = cases.treatments_of([case.id])[case.id]
    # A visitor sees neither draft agendas nor the secretariat's queue.
    treatments = public.visible_treatments(current_user, all_treatments)
    waiting = case_queue.waiting_for(case.id) if current_user.is_authenticated else []
    council_ids = {t.council_id for t in all_treatments}
    shown = disclosure.case_view(case, current_user, council_ids)
    related = cases.related_cases(case)
    related_treatments = cases.treatments_of([r.id for r in related])
    openable = public.openable_case_ids(current_user, {r.id for r in related})
    related_rows = [
        (r, disclosure.case_view(r, current_user, {t.council_id for t in related_treatments[r.id]}))
        for r in related if r.id in openable
    ]
    return render_template(
        "cases/show.html", case=case, shown=shown, visible=not shown.hidden,
        status=cases.case_status(case) if len(treatments) == len(all_treatments)
        else cases.status_from_treatments(treatments),
        status_labels=STATUS_LABELS, treatments=treatments,
        texts={} if shown.hidden else treatment_texts(treatments, current_user),
        related=related_rows,
        documents=[] if shown.hidden else disclosure.document_views(
            documents.documents_of(case), current_user, council_ids),
        can_edit=authz.can_edit(current_user),
        # Forms not being submitted start empty (formdata=None): they must not read the request,
        # which may be an upload cut off for being too large.
        upload_form=upload_form or UploadForm(formdata=None),
        link_form=link_form or LinkForm(formdata=None), max_upload=documents.human_size(documents.max_upload_bytes()),
        human_size=documents.human_size, waiting=waiting, chain=_chain(treatments, waiting),
    ), status


def _chain(treatments, waiting) -> list[str]:
    """The councils the case has passed through and waits for, in order: NUFA → NUIT → NEHR."""
    codes = []
    for code in [t.council_code for t in treatments] + [e.council.code for e in waiting]:
        if not codes or codes[-1] != code:
            codes.append(code)
    return codes


def _login_page():
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


@bp.route("/<int:year>/<int:seq>")
def show(year: int, seq: int):
    """Anyone logged in; a visitor a case that has been on an issued or held meeting's agenda
    (authz.public.can_open_case_page), else the login page."""
    case = _case_or_404(year, seq)
    if not public.can_open_case_page(current_user, case):
        return _login_page()
    return _render_case(case)


def _case_form(case: Case | None = None) -> CaseForm:
    form = CaseForm(obj=case) if request.method == "GET" and case else CaseForm()
    if request.method == "GET" and case:
        form.submitted_by_organisation.data = case.submitted_by_organisation_id
        form.submitted_by_person.data = case.submitted_by_person_id
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    people = db.session.scalars(
        select(Person).options(joinedload(Person.organisation)).order_by(Person.name)).all()
    form.set_choices(organisations, people)
    return form


def _case_fields(form: CaseForm) -> dict:
    """Every declared field of a case (CASE_FIELDS) as the form gives it."""
    fields = {f.name: form[f.name].data for f in CASE_FIELDS}
    for name, model in (("submitted_by_organisation", Organisation), ("submitted_by_person", Person)):
        fields[name] = db.session.get(model, fields[name]) if fields[name] else None
    return fields


@bp.route("/ny", methods=["GET", "POST"])
@secretariat_required
def create():
    form = _case_form()
    if form.validate_on_submit():
        fields = _case_fields(form)
        org, person = fields.pop("submitted_by_organisation"), fields.pop("submitted_by_person")
        outcome = run_as_current_user(lambda: cases.create_case(
            fields.pop("title"), **fields,
            submitted_by_organisation_id=org.id if org else None,
            submitted_by_person_id=person.id if person else None))
        if not outcome.ok:
            show_refusal(form, outcome)
        else:
            case = outcome.value
            flash(_("Saken er registrert med arkivsaksnummer %(number)s.", number=case.file_number),
                  "success")
            return redirect(_case_url(case))
    return render_template("cases/form.html", form=form, case=None), 400 if form.errors else 200


@bp.route("/<int:year>/<int:seq>/endre", methods=["GET", "POST"])
@secretariat_required
def edit(year: int, seq: int):
    case = _case_or_404(year, seq)
    form = _case_form(case)
    if form.validate_on_submit():
        outcome = run_as_current_user(lambda: cases.update_case(case, **_case_fields(form)))
        if not outcome.ok:
            show_refusal(form, outcome)
        else:
            flash(_("Endringene er lagret.") if outcome.value else _("Ingen endringer å lagre."), "success")
            return redirect(_case_url(case))
    return render_template("cases/form.html", form=form, case=case), 400 if form.errors else 200


# --- related cases -------------------------------------------------------------------------------

@bp.route("/<int:year>/<int:seq>/relaterte", methods=["POST"])
@secretariat_required
def link(year: int, seq: int):
    case = _case_or_404(year, seq)
    form = LinkForm()
    if not form.validate_on_submit():
        return _render_case(case, link_form=form, status=400)
    outcome = run_as_current_user(lambda: cases.link_by_file_number(case, form.file_number.data))
    if not outcome.ok:
        form.file_number.errors.append(outcome.error)
        return _render_case(_case_or_404(year, seq), link_form=form, status=400)
    flash(_("Saken er knyttet til %(number)s.", number=outcome.value.file_number), "success")
    return redirect(_case_url(case) + "#relaterte")


@bp.route("/<int:year>/<int:seq>/relaterte/<int:other_id>/fjern", methods=["POST"])
@secretariat_required
def unlink(year: int, seq: int, other_id: int):
    case = _case_or_404(year, seq)
    other = get_or_404(Case, other_id)
    if not ConfirmForm().validate_on_submit():
        abort(400)
    outcome = run_as_current_user(lambda: cases.unlink_cases(case, other))
    if not outcome.ok:
        flash(outcome.error, "error")
    else:
        flash(_("Koblingen til %(number)s er fjernet.", number=other.file_number), "success")
    return redirect(_case_url(case) + "#relaterte")


# --- attachments ----------------------------------------------------------------------------------

@bp.route("/<int:year>/<int:seq>/vedlegg", methods=["POST"])
@secretariat_required
def upload(year: int, seq: int):
    case = _case_or_404(year, seq)
    form = UploadForm()
    if not form.validate_on_submit():
        return _render_case(case, upload_form=form, status=400)
    upload_file = form.file.data
    added, outcome = {}, None
    try:
        outcome = run_as_current_user(lambda: added.setdefault("document", documents.add_document(
            case, upload_file.stream, upload_file.filename, uploaded_by=current_user,
            exempt=form.exempt.data, legal_basis=form.legal_basis.data)))
    finally:
        if "document" in added and not (outcome and outcome.ok):  # no file without its row
            documents.discard_file(added["document"].stored_name)
    if not outcome.ok:
        form.file.errors.append(outcome.error)
        return _render_case(_case_or_404(year, seq), upload_form=form, status=400)
    document = outcome.value
    flash(_("Filen er lagt til som dokument %(number)s.", number=document.document_number), "success")
    return redirect(_case_url(case) + "#vedlegg")


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(_error):
    """A request over MAX_CONTENT_LENGTH is cut off before it is read; say so on the case page."""
    args = request.view_args or {}
    case = cases.case_by_file_number(args.get("year", 0), args.get("seq", 0)) if args else None
    if case is None or not authz.can_edit(current_user):
        return render_template("error.html", title=_("Filen er for stor"),
                               text=documents.too_large_message(), code=413), 413
    form = UploadForm(formdata=None)
    form.file.errors = [documents.too_large_message()]
    return _render_case(case, upload_form=form, status=413)


def _document_or_404(case: Case, number: int) -> CaseDocument:
    document = db.session.scalar(select(CaseDocument).where(
        CaseDocument.case_id == case.id, CaseDocument.number == number))
    if document is None:
        abort(404)
    return document


@bp.route("/<int:year>/<int:seq>/vedlegg/<int:number>")
def download(year: int, seq: int, number: int):
    """Served only after the access check: an exempt document (exempt by itself or in an exempt
    case) goes to those who may see the case's exempt material (disclosure.document_visible);
    everyone else, logged in or not, gets 403, whether the document exists or not."""
    case = _case_or_404(year, seq)
    if not public.can_open_case_page(current_user, case):
        return _login_page()
    if case.exempt and not disclosure.may_see_case(case, current_user):
        abort(403)
    document = _document_or_404(case, number)
    if not disclosure.document_visible(document, current_user):
        abort(403)
    return send_stored_document(document, exempt=disclosure.document_exempt(document))


@bp.route("/<int:year>/<int:seq>/vedlegg/<int:number>/skjerming", methods=["GET", "POST"])
@secretariat_required
def document_access(year: int, seq: int, number: int):
    """Mark a document exempt from public access with its legal basis, or public again."""
    case = _case_or_404(year, seq)
    document = _document_or_404(case, number)
    form = DocumentAccessForm(obj=document) if request.method == "GET" else DocumentAccessForm()
    if form.validate_on_submit():
        outcome = run_as_current_user(
            lambda: documents.set_exemption(document, form.exempt.data, form.legal_basis.data))
        if outcome.ok:
            flash(_("Endringene er lagret.") if outcome.value else _("Ingen endringer å lagre."),
                  "success")
            return redirect(_case_url(case) + "#vedlegg")
        form.legal_basis.errors.append(outcome.error)
    return render_template("cases/document_access.html", case=case, document=document, form=form,
                           human_size=documents.human_size), 400 if form.errors else 200


@bp.route("/<int:year>/<int:seq>/vedlegg/<int:number>/slett", methods=["GET", "POST"])
@secretariat_required
def delete_document(year: int, seq: int, number: int):
    case = _case_or_404(year, seq)
    document = _document_or_404(case, number)
    form = ConfirmForm()
    if form.validate_on_submit():
        outcome = run_as_current_user(lambda: documents.delete_document(document))
        if not outcome.ok:
            flash(outcome.error, "error")
            return redirect(_case_url(case) + "#vedlegg")
        documents.discard_file(outcome.value)
        flash(_("Dokument %(number)s er slettet.", number=number), "success")
        return redirect(_case_url(case) + "#vedlegg")
    return render_template("cases/delete_document.html", case=case, document=document, form=form,
                           human_size=documents.human_size)
