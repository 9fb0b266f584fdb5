"""Minutes (referat): reading, comments, approval, publication, corrections and versions.

Who sees what is decided in app/authz (can_view_minutes, can_comment_minutes) and, for exempt
items, versions and comments, app/disclosure.py;
every change goes through app/services/proceedings/minutes.py (and recording.record_item for a draft's
texts). The page shows the minutes' content as ``minutes.snapshot`` describes it, so the current
minutes and every frozen version are rendered by the same template code.
"""
from collections import defaultdict
from datetime import UTC, date, datetime, timedelta

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import authz, disclosure
from app.extensions import db
from app.i18n import localized_date as long_date
from app.minutes import forms
from app.models import (
    AgendaItem,
    ItemKind,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesStatus,
)
from app.reach_messages import minutes_reach
from app.services import ServiceError
from app.services.core import clock
from app.services.planning import proposal_text
from app.services.planning.agenda import item_number
from app.services.planning.item_locking import lock_item
from app.services.proceedings import minutes as minutes_service
from app.services.proceedings import recording
from app.web import commit_or_flash, get_or_404, run_as_current_user, secretariat_required

bp = Blueprint("minutes", __name__, url_prefix="/moter")

STATUS_LABELS = {MinutesStatus.DRAFT: _l("Utkast"), MinutesStatus.COMMENTS: _l("Sendt til kommentar"),
                 MinutesStatus.APPROVED: _l("Godkjent"), MinutesStatus.PUBLISHED: _l("Publisert")}
CHANGED_MEANWHILE = _l("Referatet ble endret av noen andre i samme øyeblikk. Ingenting ble lagret; "
                       "se over siden og prøv igjen.")
NOT_AN_APPROVAL_ITEM = _l("Velg en sak «Godkjenning av referat» i et senere møte i samme utvalg.")
COMMENT_DAYS = 7  # the default deadline for comments: a week from today


# --- loading and access -----------------------------------------------------------------------

def _load(meeting_id: int) -> Meeting | None:
    return minutes_service.load_meeting(meeting_id)


def _deny(minutes: Minutes | None):
    """Anonymous readers log in; others learn nothing about a draft (404) and are refused
    minutes they may not read (403)."""
    if not current_user.is_authenticated:
        abort(redirect(url_for("auth.login", next=request.full_path.rstrip("?"))))
    abort(404 if minutes is None or minutes.status == MinutesStatus.DRAFT else 403)


def _readable(meeting_id: int) -> Meeting:
    meeting = _load(meeting_id)
    if meeting is None:
        abort(404)
    minutes = meeting.minutes
    if minutes is None and not authz.can_edit(current_user):
        _deny(None)
    if not authz.can_view_minutes(current_user, minutes):
        _deny(minutes)
    return meeting


def _minutes_or_404(meeting: Meeting) -> Minutes:
    if meeting.minutes is None:
        abort(404)
    return meeting.minutes


def _commit_or_flash(action) -> bool:
    return commit_or_flash(action, CHANGED_MEANWHILE)

def _show_url(meeting_id: int, anchor: str | None = None) -> str:
    return url_for("minutes.show", meeting_id=meeting_id) + (f"#{anchor}" if anchor else "")


def _local(moment: datetime | None) -> datetime | None:
    """A stored UTC time as Norwegian local time (SQLite gives it back without a time zone)."""
    if moment is None:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(clock.OSLO)


# --- what the viewer may see (app/disclosure.py decides) ----------------------------------------

def _display_items(content: dict, meeting: Meeting) -> list[dict]:
    """The snapshot's items for the current viewer (disclosure.minutes_items), with dates."""
    return [dict(row, postponed_date=date.fromisoformat(row["postponed_to"])
                 if row.get("postponed_to") else None)
            for row in disclosure.minutes_items(content, meeting, current_user)]


# --- labels -------------------------------------------------------------------------------------

def _meeting_label(meeting: Meeting) -> str:
    """'NUIT møte 4/22 (14. september 2022)'."""
    return _("%(code)s møte %(number)s/%(yy)s (%(date)s)", code=meeting.council.code,
             number=meeting.number, yy=f"{meeting.year % 100:02d}", date=long_date(meeting.date))


def _approval_choice(item: AgendaItem) -> str:
    """'NUIT møte 4/22 (14. september 2022), sak 33/22 Godkjenning av referat …'."""
    number = item_number(item, item.meeting.council.case_number_format)
    if number:
        return _("%(meeting)s, sak %(number)s %(title)s", meeting=_meeting_label(item.meeting),
                 number=number, title=item.title)
    return _("%(meeting)s: %(title)s", meeting=_meeting_label(item.meeting), title=item.title)


def _approving_item_url(item: AgendaItem | None) -> str | None:
    if item is None:
        return None
    if authz.can_edit(current_user):
        return url_for("meetings.builder", meeting_id=item.meeting_id) + f"#punkt-{item.id}"
    later = item.meeting
    return url_for("main.meeting", code=later.council.code, year=later.year,
                   number=later.number) + f"#sak-{item.id}"


def _status_text(minutes: Minutes | None) -> str:
    if minutes is None or minutes.status == MinutesStatus.DRAFT:
        return _("Utkast")
    if minutes.status == MinutesStatus.COMMENTS:
        return _("Sendt til kommentar, frist %(date)s", date=long_date(minutes.comment_deadline))
    return str(STATUS_LABELS[minutes.status])


# --- the page -----------------------------------------------------------------------------------

@bp.route("/<int:meeting_id>/referat")
def show(meeting_id: int):
    return render_minutes(meeting_id)


def render_minutes(meeting_id: int, status: int = 200, **page_forms):
    """The minutes page (also behind the public address in app/main/views.py). ``page_forms``
    replaces a form that failed validation, so its messages appear next to its fields."""
    meeting = _readable(meeting_id)
    minutes = meeting.minutes
    editor = authz.can_edit(current_user)
    if minutes is None and meeting.status not in (MeetingStatus.ISSUED, MeetingStatus.HELD):
        return render_template("minutes/not_started.html", meeting=meeting, council=meeting.council)
    content = minutes_service.snapshot(meeting)
    rows = _display_items(content, meeting)
    comments: dict[int | None, list[MinutesComment]] = defaultdict(list)
    if minutes is not None and disclosure.may_see_minutes_comments(minutes, current_user):
        for comment in minutes.comments:
            comments[comment.item_id].append(comment)
    locked = minutes is not None and minutes.locked
    context = {}
    if editor and not locked:
        send_form = page_forms.get("send_form") or forms.SendForm(formdata=None)
        if send_form.deadline.data is None:
            send_form.deadline.data = clock.today() + timedelta(days=COMMENT_DAYS)
        approve_form = page_forms.get("approve_form") or forms.ApproveForm(formdata=None)
        candidates = minutes_service.approval_items(minutes) if minutes is not None else []
        approve_form.item.choices = [(i.id, _approval_choice(i)) for i in candidates]
        if not candidates and "approve_form" not in page_forms:
            approve_form.method.data = "circulation"
        items = {i.id: i for i in meeting.items}
        context.update(
            send_form=send_form, approve_form=approve_form,
            unrecorded=[i for i in recording.unrecorded_items(meeting)
                        if i.status not in (ItemStatus.POSTPONED, ItemStatus.WITHDRAWN)]
            if meeting.status == MeetingStatus.HELD else [],
            text_forms={row["item_id"]: _item_text_form(items[row["item_id"]]) for row in rows},
            exempt_notes={item_id: shown.page_note for item_id, shown
                          in disclosure.item_views(meeting.items, current_user).items()})
    approving = minutes_service.approving_item(meeting) if locked else None
    return render_template(
        "minutes/show.html", meeting=meeting, council=meeting.council, minutes=minutes,
        content=content, rows=rows, comments=comments, editor=editor, locked=locked,
        status_text=_status_text(minutes),
        # The secretariat edits the text itself; the members comment.
        may_comment=not editor and authz.can_comment_minutes(current_user, minutes),
        show_reasons=authz.can_view_exempt(current_user, meeting.council), approving_item=approving,
        approval_text=minutes_service.approval_text(minutes) if locked else "",
        approving_url=_approving_item_url(approving), local=_local,
        versions=disclosure.visible_minutes_versions(minutes, current_user) if minutes is not None else [],
        locked_message=minutes_service.LOCKED_MESSAGE, **context), status


def _item_text_form(item: AgendaItem) -> forms.ItemTextForm:
    form = forms.ItemTextForm(formdata=None, prefix=f"punkt-{item.id}")
    form.version.data = item.version
    form.kind.data = proposal_text.kind_of(item.decision_body)
    form.decision.data = proposal_text.to_source(item.decision_body)
    form.discussion.data = item.discussion or ""
    return form


# --- the secretariat's workflow ---------------------------------------------------------------

@bp.route("/<int:meeting_id>/referat/send", methods=["POST"])
@secretariat_required
def send(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    form = forms.SendForm()
    if not form.validate_on_submit():
        return render_minutes(meeting_id, 400, send_form=form)

    sent = []

    def send_it():
        minutes = minutes_service.minutes_for(meeting)
        sent.append(minutes_service.send_for_comments(minutes, form.deadline.data))

    if _commit_or_flash(send_it):
        flash(_("Referatet er åpent for kommentarer med frist %(date)s.",
                date=long_date(form.deadline.data)), "success")
        flash(*minutes_reach(sent[0]))
    return redirect(_show_url(meeting_id))


@bp.route("/<int:meeting_id>/referat/kommentar", methods=["POST"])
def comment(meeting_id: int):
    meeting = _readable(meeting_id)
    minutes = _minutes_or_404(meeting)
    if not authz.can_comment_minutes(current_user, minutes):
        abort(403)
    form = forms.CommentForm()
    item = None
    if form.item_id.data:
        item = next((i for i in meeting.items if i.id == form.item_id.data), None)
        if item is None:
            abort(404)
    anchor = f"sak-{item.id}" if item else "kommentarer"
    if not form.validate_on_submit():
        for error in form.text.errors:
            flash(error, "error")
        return redirect(_show_url(meeting_id, anchor))
    if _commit_or_flash(lambda: minutes_service.add_comment(minutes, current_user, form.text.data,
                                                            item=item)):
        flash(_("Kommentaren er lagret. Sekretariatet ser den sammen med punktet."), "success")
    return redirect(_show_url(meeting_id, anchor))


@bp.route("/<int:meeting_id>/referat/kommentar/<int:comment_id>/behandlet", methods=["POST"])
@secretariat_required
def resolve(meeting_id: int, comment_id: int):
    comment = get_or_404(MinutesComment, comment_id)
    if comment.minutes.meeting_id != meeting_id:
        abort(404)
    form = forms.ResolveForm()
    if not form.validate_on_submit():
        for error in form.resolution.errors:
            flash(error, "error")
    elif _commit_or_flash(lambda: minutes_service.resolve_comment(comment, form.resolution.data)):
        flash(_("Kommentaren er merket som behandlet."), "success")
    return redirect(_show_url(meeting_id, f"kommentar-{comment_id}"))


@bp.route("/<int:meeting_id>/referat/punkt/<int:item_id>", methods=["POST"])
@secretariat_required
def save_item(meeting_id: int, item_id: int):
    """A draft's decision and discussion for one item (the outcome stays as recorded)."""
    item = get_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting_id or item.kind != ItemKind.CASE:
        abort(404)
    form = forms.ItemTextForm(prefix=f"punkt-{item_id}")
    if not form.validate_on_submit():
        for error in form.discussion.errors:
            flash(error, "error")
        return redirect(_show_url(meeting_id, f"sak-{item_id}"))

    def save():
        body = proposal_text.parse(form.kind.data or "text", form.decision.data)
        locked = lock_item(item_id)
        version = form.version.data
        recording.record_item(
            locked, version, outcome=locked.outcome, decision_body=body,
            discussion=form.discussion.data,
            postponed_to=locked.postponed_to_meeting or locked.postponed_to_date,
            sent_on_to=locked.sent_on_council)

    if _commit_or_flash(save):
        flash(_("Vedtak og drøftinger er lagret."), "success")
    return redirect(_show_url(meeting_id, f"sak-{item_id}"))


@bp.route("/<int:meeting_id>/referat/godkjenn", methods=["POST"])
@secretariat_required
def approve(meeting_id: int):
    meeting = _load(meeting_id)
    if meeting is None:
        abort(404)
    form = forms.ApproveForm()
    if not form.validate_on_submit():
        return render_minutes(meeting_id, 400, approve_form=form)
    item = None
    if form.method.data == "meeting":
        if not form.item.data:
            form.item.errors = [_("Velg saken i et senere møte som godkjente referatet.")]
            return render_minutes(meeting_id, 400, approve_form=form)
        item = db.session.get(AgendaItem, form.item.data)
        if item is None:
            abort(404)
        circulated_on = None
    else:
        circulated_on = form.circulated_on.data
        if circulated_on is None:
            form.circulated_on.errors = [_("Skriv datoen referatet ble godkjent ved sirkulasjon.")]
            return render_minutes(meeting_id, 400, approve_form=form)
    confirmed = form.confirm_unresolved.data == "1"

    def approve_it():
        minutes = minutes_service.minutes_for(meeting)
        if item is not None and item not in minutes_service.approval_items(minutes):
            raise ServiceError(str(NOT_AN_APPROVAL_ITEM))
        minutes_service.approve(minutes, item=item, circulated_on=circulated_on, note=form.note.data,
                                confirm_unresolved=confirmed)

    outcome = run_as_current_user(approve_it, CHANGED_MEANWHILE)
    if outcome.needs_confirmation:
        meeting = _load(meeting_id)
        unresolved = minutes_service.unresolved_comments(meeting.minutes)
        items = {i.id: i for i in meeting.items}
        return render_template(
            "minutes/confirm_approve.html", meeting=meeting, council=meeting.council, form=form,
            message=outcome.error, unresolved=unresolved, items=items, local=_local,
            fmt=meeting.council.case_number_format, item_number=item_number,
            approval=_approval_choice(item) if item else
            _("ved sirkulasjon %(date)s", date=long_date(circulated_on))), 409
    if not outcome.ok:
        flash(outcome.error, "error")
        return redirect(_show_url(meeting_id, "godkjenn"))
    flash(_("Referatet er godkjent: %(text)s. Det kan ikke lenger endres.",
            text=minutes_service.approval_text(meeting.minutes)), "success")
    return redirect(_show_url(meeting_id))
