"""Administration: the e-mail outbox (what is waiting, sent, failed; send again) and the councils'
Word templates for agendas and minutes (upload, check, choose which is used)."""
from functools import wraps

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.exceptions import RequestEntityTooLarge

from app import authz
from app.extensions import db
from app.i18n import localized_datetime
from app.models import OutboxMessage, OutboxStatus
from app.services import ServiceError
from app.services.core import mail
from app.web import commit_or_flash, get_or_404, run_service

bp = Blueprint("admin", __name__, url_prefix="/admin")

OUTBOX_LIMIT = 200
KIND_LABELS = {"notice_issued": _l("Innkalling sendt"), "papers_updated": _l("Oppdaterte sakspapirer"),
               "minutes_comments": _l("Referat til kommentar"), "minutes_approved": _l("Referat godkjent"),
               "followup_due_soon": _l("Påminnelse: frist snart"),
               "followup_overdue": _l("Påminnelse: frist passert"),
               "input_requested": _l("Innspill ønskes"),
               "account_invitation": _l("Invitasjon til konto"), "password_reset": _l("Nytt passord")}
STATUS_LABELS = {OutboxStatus.PENDING: _l("Venter"), OutboxStatus.SENT: _l("Sendt"),
                 OutboxStatus.FAILED: _l("Feilet")}


CHANGED_MEANWHILE = _l("Noen andre endret det samme i samme øyeblikk. Ingenting ble lagret; prøv igjen.")


def admin_required(view):
    """For admins only: others get 403, anonymous users log in."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not authz.can_administer(current_user):
            abort(403)
        return view(*args, **kwargs)
    return wrapper



@bp.route("/utboks")
@admin_required
def outbox():
    status = request.args.get("status")
    if status not in OutboxStatus.values():
        status = None
    counts = dict(db.session.execute(
        select(OutboxMessage.status, func.count(OutboxMessage.id)).group_by(OutboxMessage.status)).all())
    query = select(OutboxMessage)
    if status:
        query = query.where(OutboxMessage.status == status)
    messages = db.session.scalars(query.order_by(OutboxMessage.created_at.desc(), OutboxMessage.id.desc())
                                  .limit(OUTBOX_LIMIT)).all()
    shown_total = counts.get(status, 0) if status else sum(counts.values())
    return render_template("admin/outbox.html", messages=messages, counts=counts, status=status,
                           shown_total=shown_total, limit=OUTBOX_LIMIT, status_labels=STATUS_LABELS,
                           kind_labels=KIND_LABELS, mail_server=current_app.config.get("MAIL_SERVER"),
                           mail_port=current_app.config.get("MAIL_PORT"), when=localized_datetime)


@bp.route("/utboks/<int:message_id>/send-pa-nytt", methods=["POST"])
@admin_required
def retry(message_id: int):
    message = get_or_404(OutboxMessage, message_id)
    if commit_or_flash(lambda: mail.retry(message), CHANGED_MEANWHILE):
        flash(_("Meldingen er lagt i kø for å sendes på nytt."), "success")
    back = {"status": request.form["status"]} if request.form.get("status") else {}
    return redirect(url_for("admin.outbox", **back) + f"#melding-{message_id}")


# --- Word templates for the councils' papers ------------------------------------------------------

TEMPLATE_KIND_NAMES = {"agenda": _l("Innkalling"), "minutes": _l("Referat")}
TEMPLATE_KIND_SLUGS = {"innkalling": "agenda", "referat": "minutes"}


def _council_or_404(code: str):
    from app.services.registry.councils import council_by_code

    council = council_by_code(code.upper())
    if council is None:
        abort(404)
    return council


def _template_kind_or_404(slug: str) -> str:
    kind = TEMPLATE_KIND_SLUGS.get(slug)
    if kind is None:
        abort(404)
    return kind


def _slug(kind: str) -> str:
    return {v: k for k, v in TEMPLATE_KIND_SLUGS.items()}[kind]


@bp.route("/dokumentmaler")
@admin_required
def paper_templates():
    """Every council with the template each kind of paper is written from."""
    from app.models import Council, PaperTemplate

    councils = db.session.scalars(select(Council).order_by(Council.code)).all()
    active = {(t.council_id, t.kind): t for t in db.session.scalars(
        select(PaperTemplate).where(PaperTemplate.active.is_(True))
        .order_by(PaperTemplate.uploaded_at, PaperTemplate.id))}  # the newest wins
    return render_template("admin/paper_templates.html", councils=councils, active=active,
                           kind_names=TEMPLATE_KIND_NAMES, slug=_slug)


def _render_council_templates(council, errors: dict | None = None, status: int = 200):
    from app.services.casework.documents import human_size, max_upload_bytes
    from app.services.paperwork import paper_store

    rows = paper_store.templates_of(council)
    by_kind = {kind: [(t, email) for t, email in rows if t.kind == kind] for kind in TEMPLATE_KIND_NAMES}
    active = {kind: next((t for t, _email in by_kind[kind] if t.active), None) for kind in by_kind}
    return render_template("admin/council_paper_templates.html", council=council, by_kind=by_kind,
                           active=active, kind_names=TEMPLATE_KIND_NAMES, slug=_slug, when=localized_datetime,
                           errors=errors or {}, max_upload=human_size(max_upload_bytes())), status


@bp.route("/dokumentmaler/<code>")
@admin_required
def council_paper_templates(code: str):
    return _render_council_templates(_council_or_404(code))


@bp.route("/dokumentmaler/<code>/<kind_slug>", methods=["POST"])
@admin_required
def upload_paper_template(code: str, kind_slug: str):
    """Upload a restyled .docx; it is checked (content, then a trial rendering) before it is used."""
    from app.services.paperwork import paper_store

    council = _council_or_404(code)
    kind = _template_kind_or_404(kind_slug)
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _render_council_templates(council, {kind: _("Velg en Word-fil (.docx) å laste opp.")}, 400)
    data = upload.read()
    refused = run_service(lambda: paper_store.upload_template(
        council, kind, upload.filename, data, current_user), CHANGED_MEANWHILE)
    if refused:
        return _render_council_templates(council, {kind: refused}, 400)
    flash(_("Malen er lastet opp og brukes nå for %(kind)s i %(code)s.",
            kind=str(TEMPLATE_KIND_NAMES[kind]).lower(), code=council.code), "success")
    return redirect(url_for("admin.council_paper_templates", code=council.code) + f"#mal-{kind_slug}")


@bp.route("/dokumentmaler/<code>/<kind_slug>/<int:template_id>/bruk", methods=["POST"])
@admin_required
def activate_paper_template(code: str, kind_slug: str, template_id: int):
    from app.models import PaperTemplate
    from app.services.paperwork import paper_store

    council = _council_or_404(code)
    kind = _template_kind_or_404(kind_slug)
    template = get_or_404(PaperTemplate, template_id)
    if template.council_id != council.id or template.kind != kind:
        abort(404)
    refused = run_service(lambda: paper_store.activate_template(template), CHANGED_MEANWHILE)
    if refused:
        return _render_council_templates(council, {kind: refused}, 400)
    flash(_("Den valgte malen brukes nå for %(kind)s i %(code)s.",
            kind=str(TEMPLATE_KIND_NAMES[kind]).lower(), code=council.code), "success")
    return redirect(url_for("admin.council_paper_templates", code=council.code) + f"#mal-{kind_slug}")


@bp.route("/dokumentmaler/<code>/<kind_slug>/standard", methods=["POST"])
@admin_required
def built_in_paper_template(code: str, kind_slug: str):
    """Go back to the built-in template (the uploaded ones stay in the list)."""
    from app.services.paperwork import paper_store

    council = _council_or_404(code)
    kind = _template_kind_or_404(kind_slug)
    if not commit_or_flash(lambda: paper_store.use_built_in(council, kind), CHANGED_MEANWHILE):
        return redirect(url_for("admin.council_paper_templates", code=council.code))
    flash(_("Standardmalen brukes nå for %(kind)s i %(code)s.",
            kind=str(TEMPLATE_KIND_NAMES[kind]).lower(), code=council.code), "success")
    return redirect(url_for("admin.council_paper_templates", code=council.code) + f"#mal-{kind_slug}")


def _send_docx(data: bytes, name: str):
    import io

    from flask import send_file

    from app.services.paperwork.paper_store import CONTENT_TYPES

    response = send_file(io.BytesIO(data), mimetype=CONTENT_TYPES["docx"], as_attachment=True,
                         download_name=name)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"
    return response


@bp.route("/dokumentmaler/standard/<kind_slug>.docx")
@admin_required
def download_built_in_template(kind_slug: str):
    """The built-in template, to restyle in Word and upload for a council."""
    from app.services.paperwork import paper_store

    kind = _template_kind_or_404(kind_slug)
    return _send_docx(paper_store.built_in_template(kind), f"standardmal-{kind_slug}.docx")


@bp.route("/dokumentmaler/<code>/<kind_slug>/<int:template_id>.docx")
@admin_required
def download_paper_template(code: str, kind_slug: str, template_id: int):
    from app.models import PaperTemplate
    from app.services.paperwork import paper_store

    council = _council_or_404(code)
    kind = _template_kind_or_404(kind_slug)
    template = get_or_404(PaperTemplate, template_id)
    if template.council_id != council.id or template.kind != kind:
        abort(404)
    try:
        data = paper_store.read_template(template)
    except ServiceError as exc:
        current_app.logger.error("Mal %s kan ikke leveres: %s", template.id, exc)
        abort(404)
    return _send_docx(data, template.filename)


@bp.errorhandler(RequestEntityTooLarge)
def upload_too_large(_error):
    """A template over MAX_CONTENT_LENGTH is cut off before it is read; say so on the page."""
    from app.services.casework.documents import too_large_message

    args = request.view_args or {}
    if request.endpoint == "admin.upload_paper_template" and authz.can_administer(current_user):
        council = _council_or_404(args.get("code", ""))
        kind = _template_kind_or_404(args.get("kind_slug", ""))
        return _render_council_templates(council, {kind: too_large_message()}, 413)
    return render_template("error.html", title=_("Filen er for stor"), text=too_large_message(),
                           code=413), 413
