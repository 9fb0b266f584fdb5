"""Meeting calendar and agenda builder: the secretariat prepares a meeting up to the issued notice.

Every change goes through app/services (meetings, meeting_setup, proposal_text); views only parse
forms, run a service call as the current user (``web.run_as_current_user``: one unit of work), and
show the result or the service's message.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import authz, disclosure
from app.authz import public
from app.extensions import db
from app.meetings import forms
from app.models import AgendaItem, CaseQueueEntry, Council, Meeting, MeetingStatus
from app.reach_messages import notice_reach
from app.services import ServiceError
from app.services.casework.cases import case_by_file_number, parse_file_number
from app.services.core import clock
from app.services.planning import agenda, case_queue, meetings, notice
from app.services.planning.calendar_start import calendar_start
from app.services.proceedings import item_inputs, notifications
from app.services.proceedings.meeting_setup import create_meeting_with_agenda
from app.services.registry import councils as councils_service
from app.web import YEARS, commit_or_flash, get_or_404, query_int, save_form, secretariat_required

bp = Blueprint("meetings", __name__, url_prefix="/moter")

STATUS_LABELS = {"planned": _l("Planlagt"), "issued": _l("Innkalling sendt"), "held": _l("Avholdt"),
                 "cancelled": _l("Avlyst")}


def _councils() -> list[Council]:
    return councils_service.all_councils()


def _commit_or_flash(action) -> bool:
    return commit_or_flash(action, CHANGED_MEANWHILE)

CHANGED_MEANWHILE = _l("Dagsordenen ble endret av noen andre i samme øyeblikk. Ingenting ble lagret; "
                       "se over siden og prøv igjen.")


def _builder_url(meeting_id: int, anchor: str | None = None) -> str:
    return url_for("meetings.builder", meeting_id=meeting_id) + (f"#{anchor}" if anchor else "")


def _item_or_404(meeting_id: int, item_id: int) -> AgendaItem:
    item = get_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting_id:
        abort(404)
    return item


@bp.route("/")
def calendar():
    """The secretariat plans here; members (their councils) and archivists (all) read it, with
    no way to change anything and links to the meetings' public pages (authz.public)."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if not public.can_view_calendar(current_user):
        abort(403)
    allowed = public.calendar_council_ids(current_user)
    councils = [c for c in _councils() if allowed is None or c.id in allowed]
    council, year = _calendar_choice(councils, allowed)
    rows = meetings.meetings_in_year(council, year) if council is not None else []
    return render_template("meetings/calendar.html", councils=councils, council=council, year=year,
                           meetings=rows, status_labels=STATUS_LABELS,
                           editable=authz.can_edit(current_user),
                           place_visible={m.id for m in rows
                                          if public.can_view_meeting_place(current_user, m)})


def _calendar_choice(councils: list[Council], allowed: set[int] | None) -> tuple[Council | None, int]:
    """The council and year the calendar shows: those asked for (``?utvalg=&år=``; a council
    without a year: this year), else those of the next meeting of the reader's councils, or of
    the latest one (calendar_start), so a new user does not start on an empty year."""
    code = request.args.get("utvalg")
    year = query_int("år", YEARS)
    if code:
        council = next((c for c in councils if c.code == code), councils[0] if councils else None)
        return council, year or clock.today().year  # an unknown council: the reader's first
    start = calendar_start(allowed)
    if start is None:
        return (councils[0] if councils else None), year or clock.today().year
    return start.council, year or start.year


@bp.route("/nytt", methods=["GET", "POST"])
@secretariat_required
def new():
    form = forms.MeetingForm()
    councils = _councils()
    form.council.choices = forms.choices((c.id, f"{c.code} – {c.name}") for c in councils)
    if request.method == "GET" and request.args.get("utvalg"):
        chosen = next((c for c in councils if c.code == request.args["utvalg"]), None)
        if chosen:
            form.council.data = chosen.id
    if form.validate_on_submit():
        council = db.session.get(Council, form.council.data)
        created = {}

        def create():
            created["meeting"] = create_meeting_with_agenda(
                council, form.date.data, form.start.data, kind=form.kind.data,
                location=form.location.data or None)
            created["meeting"].video_url = form.video_url.data or None

        if save_form(form, create, CHANGED_MEANWHILE):
            meeting = created["meeting"]
            flash(_("%(code)s %(label)s er opprettet med standardpunktene.", code=council.code,
                    label=meeting.label), "success")
            return redirect(_builder_url(meeting.id))
    return render_template("meetings/new.html", form=form), 400 if form.errors else 200


@bp.route("/<int:meeting_id>")
@secretariat_required
def builder(meeting_id: int):
    return _render_builder(meeting_id)


def _render_builder(meeting_id: int, status: int = 200, **add_forms):
    """The builder page; ``add_forms`` replaces an "add" form that failed validation, so its
    messages appear next to its fields."""
    meeting = agenda.load_meeting(meeting_id)
    if meeting is None:
        abort(404)
    rows = agenda.agenda_rows(meeting, current_user)
    items = {i.id: i for i in meeting.items}
    errors, warnings = notice.notice_problems(meeting) if meeting.status == MeetingStatus.PLANNED else ([], [])
    add_forms.setdefault("case_form", forms.NewCaseItemForm(prefix="sak", formdata=None))
    add_forms.setdefault("existing_form", forms.ExistingCaseItemForm(prefix="registrert", formdata=None))
    add_forms.setdefault("break_form", forms.BreakForm(prefix="pause", formdata=None))
    queue = case_queue.queue_for(meeting)
    queue_titles = {e.id: disclosure.case_view(e.case, current_user).page_title for e in queue}
    changed_items = sum(1 for i in meeting.items if i.changed_after_issue)
    return render_template(
        "meetings/builder.html", meeting=meeting, council=meeting.council, rows=rows, items=items,
        status_labels=STATUS_LABELS, errors=errors, warnings=warnings, queue=queue,
        queue_titles=queue_titles, changed_items=changed_items,
        input_counts=item_inputs.input_counts(meeting), **add_forms), status


@bp.route("/<int:meeting_id>/saksko/<int:entry_id>", methods=["POST"])
@secretariat_required
def place_queued(meeting_id: int, entry_id: int):
    """Put a case waiting in the council's queue (postponed or sent on) on this agenda."""
    meeting = get_or_404(Meeting, meeting_id)
    entry = get_or_404(CaseQueueEntry, entry_id)
    if _commit_or_flash(lambda: meetings.place_from_queue(entry, meeting)):
        flash(_("Saken er satt på dagsordenen."), "success")
    return redirect(url_for(".builder", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/varsle-oppdatering", methods=["POST"])
@secretariat_required
def notify_updated(meeting_id: int):
    """E-mail the members that the papers changed after the notice was issued."""
    meeting = get_or_404(Meeting, meeting_id)
    sent = []
    if _commit_or_flash(lambda: sent.append(notifications.papers_updated(meeting))):
        flash(_("Varsel om oppdaterte sakspapirer er lagt i utboksen til %(num)s mottakere.",
                num=len(sent[0].notified)), "success")
    return redirect(url_for(".builder", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/sak", methods=["POST"])
@secretariat_required
def add_case(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    form = forms.NewCaseItemForm(prefix="sak")
    if not form.validate_on_submit():
        return _render_builder(meeting_id, 400, case_form=form)
    created = {}
    if _commit_or_flash(lambda: created.setdefault("item", meetings.add_case_item(
            meeting, form.title.data, item_type=form.item_type.data or None,
            duration=form.duration.data))):
        item = created["item"]
        flash(_("Saken er lagt til (arkivsak %(number)s).", number=item.case.file_number), "success")
        return redirect(_builder_url(meeting_id, f"punkt-{item.id}"))
    return redirect(_builder_url(meeting_id, "legg-til"))


@bp.route("/<int:meeting_id>/registrert-sak", methods=["POST"])
@secretariat_required
def add_existing_case(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    form = forms.ExistingCaseItemForm(prefix="registrert")
    if not form.validate_on_submit():
        return _render_builder(meeting_id, 400, existing_form=form)
    try:
        case = case_by_file_number(*parse_file_number(form.file_number.data.strip()))
    except ServiceError as exc:
        form.file_number.errors.append(str(exc))
        return _render_builder(meeting_id, 400, existing_form=form)
    if case is None:
        form.file_number.errors.append(_("Fant ingen sak med arkivsaksnummer %(number)s.",
                                          number=form.file_number.data.strip()))
        return _render_builder(meeting_id, 400, existing_form=form)
    if _commit_or_flash(lambda: meetings.add_case_item(meeting, case.title, case=case, duration=30)):
        flash(_("Sak %(number)s er lagt til.", number=case.file_number), "success")
    return redirect(_builder_url(meeting_id, "legg-til"))


@bp.route("/<int:meeting_id>/pause", methods=["POST"])
@secretariat_required
def add_break(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    form = forms.BreakForm(prefix="pause")
    if not form.validate_on_submit():
        return _render_builder(meeting_id, 400, break_form=form)
    if _commit_or_flash(lambda: meetings.add_break(meeting, form.title.data, duration=form.duration.data)):
        flash(_("Pausen på %(minutes)s minutter er lagt til.", minutes=form.duration.data), "success")
    return redirect(_builder_url(meeting_id, "legg-til"))


@bp.route("/<int:meeting_id>/punkt/<int:item_id>/flytt", methods=["POST"])
@secretariat_required
def move(meeting_id: int, item_id: int):
    item = _item_or_404(meeting_id, item_id)
    direction = -1 if request.form.get("retning") == "opp" else 1
    _commit_or_flash(lambda: meetings.move_item(item, direction))
    return redirect(_builder_url(meeting_id, f"punkt-{item_id}"))


@bp.route("/<int:meeting_id>/rekkefolge", methods=["POST"])
@secretariat_required
def reorder(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    try:
        ids = [int(v) for v in request.form.get("order", "").split(",") if v]
    except ValueError:
        abort(400)
    ok = _commit_or_flash(lambda: meetings.reorder(meeting, ids))
    if request.headers.get("X-Requested-With") == "fetch":
        return ("", 204) if ok else ("", 409)
    return redirect(_builder_url(meeting_id))


@bp.route("/<int:meeting_id>/send", methods=["GET", "POST"])
@secretariat_required
def issue(meeting_id: int):
    meeting = agenda.load_meeting(meeting_id)
    if meeting is None:
        abort(404)
    form = forms.IssueForm()
    errors, warnings = notice.notice_problems(meeting)
    if form.validate_on_submit():
        if _commit_or_flash(lambda: notice.issue_notice(
                meeting.id, current_user, accept_warnings=form.accept_warnings.data)):
            flash(_("Innkallingen til %(code)s %(label)s er registrert. Sakene har fått møtesaksnummer.",
                    code=meeting.council.code, label=meeting.label), "success")
            flash(*notice_reach(notifications.reach(meeting)))
            return redirect(_builder_url(meeting_id))
    return render_template("meetings/issue.html", meeting=meeting, form=form, errors=errors,
                           warnings=warnings)


@bp.route("/<int:meeting_id>/rediger", methods=["GET", "POST"])
@secretariat_required
def edit_meeting(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    form = forms.EditMeetingForm(obj=None if request.method == "POST" else meeting)
    if request.method == "GET":
        form.start.data = meeting.start_time
    if form.validate_on_submit():
        if save_form(form, lambda: meetings.update_meeting(
                meeting, date=form.date.data, start_time=form.start.data, kind=form.kind.data,
                location=form.location.data or None, video_url=form.video_url.data or None),
                CHANGED_MEANWHILE):
            flash(_("%(label)s er endret.", label=meeting.label), "success")
            return redirect(_builder_url(meeting_id))
    return render_template("meetings/edit.html", meeting=meeting, form=form), 400 if form.errors else 200


@bp.route("/<int:meeting_id>/avlys", methods=["GET", "POST"])
@secretariat_required
def cancel(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    form = forms.CancelForm()
    if form.validate_on_submit():
        if save_form(form, lambda: meetings.cancel_meeting(meeting, form.reason.data), CHANGED_MEANWHILE):
            flash(_("%(label)s er avlyst. Møtenummeret brukes ikke på nytt.", label=meeting.label), "success")
            return redirect(_builder_url(meeting_id))
    return render_template("meetings/cancel.html", meeting=meeting, form=form), 400 if form.errors else 200
