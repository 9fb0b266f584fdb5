"""Administration: the e-mail outbox (what is waiting, sent, failed; send again)."""
from datetime import UTC, datetime
from functools import wraps

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from app import authz
from app.extensions import db
from app.i18n import localized_date
from app.models import OutboxMessage, OutboxStatus
from app.services import ServiceError, clock, mail
from app.services.audit import acting_as
from app.web import get_or_404

bp = Blueprint("admin", __name__, url_prefix="/admin")

OUTBOX_LIMIT = 200
KIND_LABELS = {"notice_issued": _l("Innkalling sendt"), "papers_updated": _l("Oppdaterte sakspapirer"),
               "minutes_comments": _l("Referat til kommentar"), "minutes_approved": _l("Referat godkjent"),
               "followup_due_soon": _l("Påminnelse: frist snart"),
               "followup_overdue": _l("Påminnelse: frist passert")}
STATUS_LABELS = {OutboxStatus.PENDING: _l("Venter"), OutboxStatus.SENT: _l("Sendt"),
                 OutboxStatus.FAILED: _l("Feilet")}


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


def _when(value: datetime | None) -> str:
    """'20. mai 2022 kl. 10:15' in Norwegian time (stored times are UTC)."""
    if value is None:
        return ""
    if value.tzinfo is None:  # SQLite gives back naive UTC
        value = value.replace(tzinfo=UTC)
    value = value.astimezone(clock.OSLO)
    return _("%(date)s kl. %(time)s", date=localized_date(value.date()), time=value.strftime("%H:%M"))


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
                           mail_port=current_app.config.get("MAIL_PORT"), when=_when)


@bp.route("/utboks/<int:message_id>/send-pa-nytt", methods=["POST"])
@admin_required
def retry(message_id: int):
    message = get_or_404(OutboxMessage, message_id)
    try:
        with acting_as(current_user):
            mail.retry(message)
        db.session.commit()
        flash(_("Meldingen til %(to)s er lagt i kø for å sendes på nytt.", to=message.to_address),
              "success")
    except ServiceError as exc:
        db.session.rollback()
        flash(str(exc), "error")
    back = {"status": request.form["status"]} if request.form.get("status") else {}
    return redirect(url_for("admin.outbox", **back) + f"#melding-{message_id}")
