"""The meeting day: attendance (oppmøte) and the minute-taker's recording page (protokoll).

As elsewhere, views only parse forms, run a service call as the current user (one unit of work,
``web.run_as_current_user``) and show the result or the service's message. The recording page
saves one item at a time, as a normal form post (no JavaScript) or as a fetch with
``Accept: application/json`` (static/js/recording.js), which answers with JSON.
"""
from datetime import date

from flask import Blueprint, abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload
from werkzeug.routing import BuildError
from wtforms.fields.choices import SelectChoice

from app import disclosure
from app.extensions import db
from app.meeting_day import forms
from app.models import (
    AgendaItem,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Council,
    FollowUpAction,
    ItemKind,
    ItemOutcome,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    Organisation,
    Person,
)
from app.services import ServiceError
from app.services.core import clock
from app.services.planning import meetings, proposal_text
from app.services.planning.agenda import item_number
from app.services.proceedings import attendance, recording
from app.services.proceedings.followup import STATUS_LABELS as ACTION_STATUS_LABELS
from app.web import commit_or_flash, get_or_404, run_as_current_user, secretariat_required

bp = Blueprint("meeting_day", __name__, url_prefix="/moter")

OUTCOME_LABELS = {
    ItemOutcome.DECIDED: _l("Vedtak fattet"),
    ItemOutcome.INFORMATION: _l("Tatt til orientering"),
    ItemOutcome.POSTPONED: _l("Utsatt til møte …"),
    ItemOutcome.WITHDRAWN: _l("Trukket"),
    ItemOutcome.SENT_ON: _l("Sendt videre til utvalg …"),
}
ROLE_LABELS = {
    AttendanceRole.MEMBER: _l("Medlem"), AttendanceRole.SUBSTITUTE: _l("Varamedlem"),
    AttendanceRole.OBSERVER: _l("Observatør"), AttendanceRole.SECRETARIAT: _l("Sekretariatet"),
    AttendanceRole.OTHER: _l("Annen deltaker"),
}
CHANGED_MEANWHILE = _l("Punktet ble lagret av noen andre i samme øyeblikk. Lagringen din ble ikke "
                       "gjort; teksten din står fortsatt i feltene.")
CONFLICT = _l("Punktet er lagret av noen andre etter at du åpnet siden. Lagringen din ble ikke gjort; "
              "teksten din står fortsatt i feltene. Se hva som er lagret nå, og velg hvilken tekst "
              "som skal gjelde.")
CANCELLED = _l("Møtet er avlyst; det har ikke oppmøte eller protokoll.")


def _commit_or_flash(action) -> bool:
    return commit_or_flash(action, CHANGED_MEANWHILE)


def _builder_url(meeting_id: int) -> str:
    return url_for("meetings.builder", meeting_id=meeting_id)


def _refuse_cancelled(meeting: Meeting):
    if meeting.status == MeetingStatus.CANCELLED:
        flash(str(CANCELLED), "error")
        return redirect(_builder_url(meeting.id))
    return None


def _locked(meeting: Meeting) -> bool:
    return meeting.minutes is not None and meeting.minutes.locked


def _minutes_url(meeting: Meeting) -> str | None:
    try:
        return url_for("minutes.show", meeting_id=meeting.id)
    except BuildError:
        return None


# --------------------------------------------------------------------------------------------
# Attendance
# --------------------------------------------------------------------------------------------

def _attendance_url(meeting_id: int, anchor: str | None = None) -> str:
    return url_for("meeting_day.attendance_page", meeting_id=meeting_id) + (f"#{anchor}" if anchor else "")


def _load_for_attendance(meeting_id: int) -> Meeting:
    meeting = db.session.scalar(
        select(Meeting).where(Meeting.id == meeting_id).options(
            joinedload(Meeting.council), joinedload(Meeting.minutes),
            joinedload(Meeting.chair), joinedload(Meeting.minute_taker),
            selectinload(Meeting.attendance).options(joinedload(Attendance.person),
                                                     joinedload(Attendance.substitute_for))))
    if meeting is None:
        abort(404)
    return meeting


class _People:
    """Everyone the attendance page offers in its selects, loaded once: every person (by name),
    the council's seats on the meeting day, and its substitutes and secretariat."""

    def __init__(self, meeting: Meeting):
        # Organisations and people first (and kept: the identity map holds only weak references),
        # so that the seats' and people's lazy loads find them there instead of asking the database.
        self.organisations = db.session.scalars(select(Organisation)).all()
        self.all = db.session.scalars(select(Person).order_by(Person.name)).all()
        self.by_id = {p.id: p for p in self.all}
        self.seats = attendance.council_seats(meeting)
        self.seat_by_person = {m.person_id: m for m in self.seats}
        others = db.session.scalars(select(Membership).where(
            Membership.council_id == meeting.council_id,
            Membership.role.in_([MembershipRole.SUBSTITUTE, MembershipRole.SECRETARIAT]))).all()
        active = [m for m in others if m.active_on(meeting.date)]
        self.substitutes = [m.person_id for m in active if m.role == MembershipRole.SUBSTITUTE]
        self.secretariat = [m.person_id for m in active if m.role == MembershipRole.SECRETARIAT]

    def get(self, person_id: int | None) -> Person | None:
        return self.by_id.get(person_id) if person_id else None

    def grouped(self, groups: list[tuple[str, list[int]]], empty_label: str,
                exclude: set[int] = frozenset()) -> list:
        """Select choices in optgroups; each person once, the rest under "Andre personer"."""
        result = [SelectChoice(0, empty_label)]
        seen = set(exclude)
        for label, ids in groups:
            for person_id in ids:
                if person_id in seen or person_id not in self.by_id:
                    continue
                seen.add(person_id)
                result.append(_choice(person_id, self.by_id[person_id].name, label))
        others = str(_("Andre personer"))
        result += [_choice(p.id, p.name, others) for p in self.all if p.id not in seen]
        return result


def _choice(value, label, group):
    return SelectChoice(value, label, optgroup=group)


def _attendance_forms(meeting: Meeting, people: _People):
    code = meeting.council.code
    on_list = [a.person_id for a in meeting.attendance if a.person_id]
    seat_ids = [m.person_id for m in people.seats]
    roles = forms.RolesForm(prefix="roller")
    staff = [a.person_id for a in meeting.attendance
             if a.person_id and a.role == AttendanceRole.SECRETARIAT] + people.secretariat
    roles.chair.choices = people.grouped(
        [(_("Medlemmer og observatører i %(code)s", code=code), seat_ids),
         (_("På oppmøtelisten"), on_list)], _("(ikke valgt)"))
    roles.minute_taker.choices = people.grouped(
        [(_("Sekretariatet"), staff), (_("På oppmøtelisten"), on_list),
         (_("Medlemmer og observatører i %(code)s", code=code), seat_ids)], _("(ikke valgt)"))

    substitute = forms.SubstituteForm(prefix="vara")
    substitute.person.choices = people.grouped(
        [(_("Varamedlemmer i %(code)s", code=code), people.substitutes)], _("(velg person)"),
        exclude=set(on_list))
    absent = [a for a in meeting.attendance
              if a.role == AttendanceRole.MEMBER and a.status == AttendanceStatus.ABSENT and a.person_id]
    substitute.substitute_for.choices = forms.choices(
        [(0, _("(velg medlem med forfall)"))] + [(a.person_id, a.display_name) for a in absent])

    guest = forms.GuestForm(prefix="deltaker")
    guest.person.choices = people.grouped(
        [(_("Sekretariatet i %(code)s", code=code), people.secretariat)], _("(velg person)"),
        exclude=set(on_list))

    advance = forms.AdvanceAbsenceForm(prefix="forfall")
    advance.person.choices = forms.choices(
        [(0, _("(velg medlem)"))] + [(m.person_id, people.by_id[m.person_id].name) for m in people.seats])
    return roles, substitute, guest, advance


@bp.route("/<int:meeting_id>/oppmote", methods=["GET", "POST"])
@secretariat_required
def attendance_page(meeting_id: int):
    meeting = _load_for_attendance(meeting_id)
    refused = _refuse_cancelled(meeting)
    if refused:
        return refused
    locked = _locked(meeting)
    people = _People(meeting)
    roles, substitute, guest, advance = _attendance_forms(meeting, people)
    if request.method == "POST":
        if roles.validate_on_submit():
            if _commit_or_flash(lambda: _save_attendance(meeting, roles, people)):
                flash(_("Oppmøtet er lagret."), "success")
        else:
            flash(_("Velg møteleder og referent fra listene."), "error")
        return redirect(_attendance_url(meeting_id))
    roles.chair.data = meeting.chair_id or 0
    roles.minute_taker.data = meeting.minute_taker_id or 0
    members = [a for a in meeting.attendance if a.role in (AttendanceRole.MEMBER, AttendanceRole.OBSERVER)]
    others = [a for a in meeting.attendance if a not in members]
    return render_template(
        "meeting_day/attendance.html", meeting=meeting, council=meeting.council, locked=locked,
        members=members, others=others, seat_by_person=people.seat_by_person,
        role_labels=ROLE_LABELS, roles_form=roles, substitute_form=substitute, guest_form=guest,
        advance_form=advance, minutes_url=_minutes_url(meeting),
        groups=attendance.grouped(meeting), missing=[] if locked else attendance.missing_seats(meeting))


@bp.route("/<int:meeting_id>/oppmote/fyll-ut", methods=["POST"])
@secretariat_required
def prefill_attendance(meeting_id: int):
    """«Fyll ut fra medlemslisten»: every member and observer on the list, present by default."""
    meeting = _load_for_attendance(meeting_id)
    refused = _refuse_cancelled(meeting)
    if refused:
        return refused
    before = len(meeting.attendance)
    if _commit_or_flash(lambda: attendance.prefill(meeting)):
        flash(_("%(count)s medlemmer og observatører er lagt til på oppmøtelisten.",
                count=len(meeting.attendance) - before), "success")
    return redirect(_attendance_url(meeting_id))


def _save_attendance(meeting: Meeting, roles, people: _People) -> None:
    if not _locked(meeting):
        attendance.prefill(meeting)
    for row in meeting.attendance:
        if row.role not in (AttendanceRole.MEMBER, AttendanceRole.OBSERVER):
            continue
        status = request.form.get(f"status-{row.id}")
        if status is None:
            continue
        reason = (request.form.get(f"grunn-{row.id}") or "").strip() or None
        if status == AttendanceStatus.PRESENT:
            reason = None
        if status != row.status or reason != row.absence_reason:
            attendance.set_attendance(row, status=status, absence_reason=reason)
    chair, taker = people.get(roles.chair.data), people.get(roles.minute_taker.data)
    if (chair, taker) != (meeting.chair, meeting.minute_taker) or _locked(meeting):
        attendance.set_roles(meeting, chair=chair, minute_taker=taker)


def _form_error(form) -> str:
    return next(iter(e for errors in form.errors.values() for e in errors),
                _("Skjemaet kunne ikke leses; prøv igjen."))


@bp.route("/<int:meeting_id>/oppmote/vara", methods=["POST"])
@secretariat_required
def add_substitute(meeting_id: int):
    return _add_attendee(meeting_id, "vara")


@bp.route("/<int:meeting_id>/oppmote/deltaker", methods=["POST"])
@secretariat_required
def add_guest(meeting_id: int):
    return _add_attendee(meeting_id, "deltaker")


def _add_attendee(meeting_id: int, which: str):
    meeting = _load_for_attendance(meeting_id)
    refused = _refuse_cancelled(meeting)
    if refused:
        return refused
    people = _People(meeting)
    _roles, substitute, guest, _advance = _attendance_forms(meeting, people)
    form = substitute if which == "vara" else guest
    if not form.validate_on_submit():
        flash(_form_error(form), "error")
        return redirect(_attendance_url(meeting_id, "legg-til"))
    person = people.get(form.person.data)
    name = None if person else (form.name.data or "").strip()
    if which == "vara":
        role = AttendanceRole.SUBSTITUTE
        absent_for = people.get(form.substitute_for.data)
        if absent_for is None:
            flash(_("Velg hvilket medlem varamedlemmet møtte for."), "error")
            return redirect(_attendance_url(meeting_id, "legg-til"))
    else:
        role, absent_for = form.role.data, None
    added = {}
    if _commit_or_flash(lambda: added.setdefault("row", attendance.add_attendee(
            meeting, role, person=person, name=name, substitute_for=absent_for))):
        row = added["row"]
        if absent_for is not None:
            flash(_("%(name)s er registrert som varamedlem for %(member)s.", name=row.display_name,
                    member=absent_for.name), "success")
        else:
            flash(_("%(name)s er lagt til på oppmøtelisten (%(role)s).", name=row.display_name,
                    role=str(ROLE_LABELS[role]).lower()), "success")
        return redirect(_attendance_url(meeting_id, "andre"))
    return redirect(_attendance_url(meeting_id, "legg-til"))


@bp.route("/<int:meeting_id>/oppmote/<int:row_id>/fjern", methods=["GET", "POST"])
@secretariat_required
def remove_attendee(meeting_id: int, row_id: int):
    row = get_or_404(Attendance, row_id)
    if row.meeting_id != meeting_id:
        abort(404)
    meeting = db.session.get(Meeting, meeting_id)
    if request.method == "POST":
        name = row.display_name
        if _commit_or_flash(lambda: attendance.remove_attendee(row)):
            flash(_("%(name)s er tatt bort fra oppmøtelisten.", name=name), "success")
        return redirect(_attendance_url(meeting_id, "andre"))
    return render_template("meeting_day/remove_attendee.html", meeting=meeting, row=row,
                           council=meeting.council, role_label=ROLE_LABELS.get(row.role, row.role))


@bp.route("/<int:meeting_id>/oppmote/forfall", methods=["POST"])
@secretariat_required
def report_absence(meeting_id: int):
    meeting = _load_for_attendance(meeting_id)
    refused = _refuse_cancelled(meeting)
    if refused:
        return refused
    people = _People(meeting)
    *_ignored, advance = _attendance_forms(meeting, people)
    if not advance.validate_on_submit():
        flash(_form_error(advance), "error")
        return redirect(_attendance_url(meeting_id, "forfall"))
    person = people.get(advance.person.data)
    if person is None:
        flash(_("Velg medlemmet som har meldt forfall."), "error")
        return redirect(_attendance_url(meeting_id, "forfall"))
    if _commit_or_flash(lambda: attendance.report_absence(meeting, person, advance.reason.data)):
        flash(_("Forfall er registrert for %(name)s.", name=person.name), "success")
    return redirect(_attendance_url(meeting_id, "forfall"))


# --------------------------------------------------------------------------------------------
# Recording (protokoll)
# --------------------------------------------------------------------------------------------

def _recording_url(meeting_id: int, item_id: int | None = None) -> str:
    return url_for("meeting_day.recording_page", meeting_id=meeting_id) + (
        f"#punkt-{item_id}" if item_id else "")


def _load_for_recording(meeting_id: int) -> Meeting:
    meeting = db.session.scalar(
        select(Meeting).where(Meeting.id == meeting_id).options(
            joinedload(Meeting.council), joinedload(Meeting.minutes),
            selectinload(Meeting.items).options(
                joinedload(AgendaItem.case), joinedload(AgendaItem.sent_on_council),
                joinedload(AgendaItem.postponed_to_meeting),
                selectinload(AgendaItem.actions).options(
                    joinedload(FollowUpAction.responsible_person),
                    joinedload(FollowUpAction.responsible_organisation)))))
    if meeting is None:
        abort(404)
    return meeting


def _followup_url(item_id: int) -> str:
    try:
        return url_for("followup.new", item_id=item_id)
    except BuildError:
        return f"/oppfolging/ny?punkt={item_id}"


def _item_values(item: AgendaItem) -> dict:
    """What the item's fields show when the page is opened."""
    decision = recording.initial_decision(item)
    outcome = item.outcome or {ItemStatus.POSTPONED: ItemOutcome.POSTPONED,
                               ItemStatus.WITHDRAWN: ItemOutcome.WITHDRAWN}.get(item.status, "")
    postponed_to, postponed_date = "", ""
    if item.postponed_to_meeting_id:
        postponed_to = str(item.postponed_to_meeting_id)
    elif item.postponed_to_date:
        postponed_date = item.postponed_to_date.isoformat()
    return {"decision": proposal_text.to_source(decision), "kind": proposal_text.kind_of(decision),
            "discussion": item.discussion or "", "outcome": outcome, "postponed_to": postponed_to,
            "postponed_date": postponed_date,
            "sent_on": str(item.sent_on_council_id or ""), "version": item.version}


def _submitted_values() -> dict:
    form = request.form
    return {"decision": form.get("decision", ""), "kind": form.get("kind", "text"),
            "discussion": form.get("discussion", ""), "outcome": form.get("outcome", ""),
            "postponed_to": form.get("postponed_to", ""), "postponed_date": form.get("postponed_date", ""),
            "sent_on": form.get("sent_on", ""), "version": form.get("version", "")}


def _render_recording(meeting: Meeting, status: int = 200, *, submitted: dict | None = None):
    """The recording page. ``submitted`` = {item_id: {"values", "error", "conflict"}} keeps what
    the user wrote in an item whose save was refused (the form post without JavaScript)."""
    submitted = submitted or {}
    later = db.session.scalars(select(Meeting).where(
        Meeting.council_id == meeting.council_id, Meeting.date > meeting.date,
        Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.ISSUED])).order_by(Meeting.date)).all()
    councils = db.session.scalars(select(Council).where(
        Council.id != meeting.council_id).order_by(Council.code)).all()
    fmt = meeting.council.case_number_format
    shown = disclosure.item_views(meeting.items, current_user)
    rows = []
    for item in sorted(meeting.items, key=lambda i: i.position):
        if item.kind == ItemKind.BREAK:
            rows.append({"item": item, "is_break": True})
            continue
        extra = submitted.get(item.id, {})
        rows.append({
            "item": item, "is_break": False, "number": item_number(item, fmt),
            "title": shown[item.id].page_title, "exempt_note": shown[item.id].page_note,
            "values": extra.get("values") or _item_values(item),
            "stored": _item_values(item) if extra.get("conflict") else None,
            "error": extra.get("error"), "conflict": extra.get("conflict"),
            "actions": item.actions, "followup_url": _followup_url(item.id),
        })
    late_form = forms.LateItemForm(prefix="eventuelt", formdata=None)
    return render_template(
        "meeting_day/recording.html", meeting=meeting, council=meeting.council, rows=rows,
        later_meetings=later, councils=councils, outcome_labels=OUTCOME_LABELS,
        action_status_labels=ACTION_STATUS_LABELS, locked=_locked(meeting),
        recordable=meeting.status in (MeetingStatus.ISSUED, MeetingStatus.HELD),
        late_form=late_form, minutes_url=_minutes_url(meeting),
        unrecorded=len(recording.unrecorded_items(meeting))), status


@bp.route("/<int:meeting_id>/protokoll")
@secretariat_required
def recording_page(meeting_id: int):
    meeting = _load_for_recording(meeting_id)
    refused = _refuse_cancelled(meeting)
    if refused:
        return refused
    if meeting.status == MeetingStatus.PLANNED:
        flash(_("Møtet kan føres først når innkallingen er sendt."), "error")
        return redirect(_builder_url(meeting_id))
    return _render_recording(meeting)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _postponement(values: dict, council_id: int):
    """The meeting (id from the select) or the date (åååå-mm-dd) the item is postponed to."""
    if values["postponed_to"]:
        try:
            target = db.session.get(Meeting, int(values["postponed_to"]))
        except ValueError:
            target = None
        if target is None or target.council_id != council_id:
            raise ServiceError(_("Velg møtet saken utsettes til fra listen."))
        return target
    if values["postponed_date"].strip():
        try:
            return date.fromisoformat(values["postponed_date"].strip())
        except ValueError:
            raise ServiceError(_("Skriv datoen som åååå-mm-dd, f.eks. 2022-05-19.")) from None
    return None


def _sent_on(values: dict) -> Council | None:
    if not values["sent_on"]:
        return None
    try:
        council = db.session.get(Council, int(values["sent_on"]))
    except ValueError:
        council = None
    if council is None:
        raise ServiceError(_("Velg utvalget saken sendes videre til fra listen."))
    return council


@bp.route("/<int:meeting_id>/protokoll/<int:item_id>", methods=["POST"])
@secretariat_required
def record(meeting_id: int, item_id: int):
    item = get_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting_id:
        abort(404)
    values = _submitted_values()
    as_json = _wants_json()
    try:
        version = int(values["version"]) if values["version"] else None
    except ValueError:
        version = None

    def save():
        item = meetings.lock_item(item_id)
        if version is not None and item.version != version:
            raise meetings.EditConflict(item, [], [])
        outcome = values["outcome"] or None
        recording.record_item(
            item, version, outcome=outcome,
            decision_body=proposal_text.parse(values["kind"] or "text", values["decision"]),
            discussion=values["discussion"],
            postponed_to=_postponement(values, item.council_id) if outcome == ItemOutcome.POSTPONED else None,
            sent_on_to=_sent_on(values) if outcome == ItemOutcome.SENT_ON else None)

    saved = run_as_current_user(save, CHANGED_MEANWHILE)
    conflict = saved.raced
    if saved.conflict is not None:
        message, status = str(CONFLICT), 409
    elif not saved.ok:
        message, status = saved.error, 409 if conflict else 400
    else:
        saved_at = clock.now().astimezone(clock.OSLO).strftime("%H:%M:%S")
        item = db.session.get(AgendaItem, item_id)
        if as_json:
            return jsonify(ok=True, version=item.version, saved_at=saved_at,
                           message=_("Lagret kl. %(time)s", time=saved_at))
        flash(_("«%(title)s» er lagret kl. %(time)s.", title=item.title, time=saved_at), "success")
        return redirect(_recording_url(meeting_id, item_id))
    # Refused: nothing was saved; the user's text is sent back untouched.
    item = db.session.get(AgendaItem, item_id)
    if as_json:
        body = {"ok": False, "message": message}
        if conflict:
            body.update(version=item.version, stored=_item_values(item))
        return jsonify(body), status
    values["version"] = item.version if conflict else values["version"]
    meeting = _load_for_recording(meeting_id)
    return _render_recording(meeting, status, submitted={
        item_id: {"values": values, "error": message, "conflict": conflict}})


@bp.errorhandler(CSRFError)
def csrf_failed(error):
    if _wants_json():
        return jsonify(ok=False, message=_("Økten er utløpt. Last siden på nytt; teksten din er "
                                           "tatt vare på i nettleseren.")), 400
    return render_template("error.html", title=_("Skjemaet kunne ikke sendes"),
                           text=_("Skjemaet var utløpt eller ufullstendig. Gå tilbake, last siden på "
                                  "nytt og prøv igjen. Ingenting ble lagret."), code=400), 400


@bp.route("/<int:meeting_id>/protokoll/eventuelt", methods=["POST"])
@secretariat_required
def add_late_item(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    form = forms.LateItemForm(prefix="eventuelt")
    if not form.validate_on_submit():
        flash(_form_error(form), "error")
        return redirect(_recording_url(meeting_id) + "#eventuelt")
    added = {}
    if _commit_or_flash(lambda: added.setdefault("item", recording.add_late_item(
            meeting, form.title.data, item_type=form.item_type.data or None))):
        item = added["item"]
        number = item_number(item, meeting.council.case_number_format)
        flash(_("Sak %(number)s «%(title)s» er lagt til under Eventuelt.", number=number,
                title=item.title), "success")
        return redirect(_recording_url(meeting_id, item.id))
    return redirect(_recording_url(meeting_id) + "#eventuelt")


@bp.route("/<int:meeting_id>/avholdt", methods=["GET", "POST"])
@secretariat_required
def mark_held(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    if request.method == "POST":
        if _commit_or_flash(lambda: recording.mark_held(meeting)):
            flash(_("%(code)s %(label)s er markert som avholdt. Referatet er påbegynt som utkast.",
                    code=meeting.council.code, label=meeting.label), "success")
        return redirect(_recording_url(meeting_id))
    if meeting.status != MeetingStatus.ISSUED:
        flash(_("Bare et møte med sendt innkalling kan markeres som avholdt."), "error")
        return redirect(_recording_url(meeting_id) if meeting.status == MeetingStatus.HELD
                        else _builder_url(meeting_id))
    unrecorded = recording.unrecorded_items(meeting)
    fmt = meeting.council.case_number_format
    return render_template("meeting_day/mark_held.html", meeting=meeting, council=meeting.council,
                           unrecorded=[(item_number(i, fmt), i.title) for i in unrecorded])
