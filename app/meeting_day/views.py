"""The meeting day: attendance (oppmøte) and the minute-taker's recording page (protokoll).

As elsewhere, views only parse forms, run a service call as the current user (one unit of work,
``web.run_as_current_user``) and show the result or the service's message. The recording page
saves one item at a time, as a normal form post (no JavaScript) or as a fetch with
``Accept: application/json`` (static/js/recording.js), which answers with JSON.
"""

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from werkzeug.routing import BuildError
from wtforms.fields.choices import SelectChoice

from app.extensions import db
from app.meeting_day import forms
from app.models import (
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    ItemOutcome,
    Meeting,
    MeetingStatus,
    Person,
)
from app.services.proceedings import absence, attendance
from app.web import commit_or_flash, get_or_404, secretariat_required

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
    meeting = attendance.load_meeting(meeting_id)
    if meeting is None:
        abort(404)
    return meeting


class _People:
    """The attendance page's selects, built from ``attendance.people_for``."""

    def __init__(self, meeting: Meeting):
        loaded = attendance.people_for(meeting)
        self._loaded = loaded  # keeps the organisations in the identity map
        self.all = loaded.everyone
        self.by_id = {p.id: p for p in self.all}
        self.seats = loaded.seats
        self.seat_by_person = {m.person_id: m for m in self.seats}
        self.substitutes = loaded.substitutes
        self.secretariat = loaded.secretariat

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
        by_member=absence.reported_by_members(meeting),
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
    # str(): a lazy text flashed into the session would come back as trusted markup.
    return str(next(iter(e for errors in form.errors.values() for e in errors),
                    _("Skjemaet kunne ikke leses; prøv igjen.")))


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
    if _commit_or_flash(lambda: attendance.add_attendee(
            meeting, role, person=person, name=name, substitute_for=absent_for)):
        if absent_for is not None:
            flash(_("Varamedlemmet er lagt til på oppmøtelisten."), "success")
        else:
            flash(_("Deltakeren er lagt til på oppmøtelisten (%(role)s).",
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
        if _commit_or_flash(lambda: attendance.remove_attendee(row)):
            flash(_("Deltakeren er tatt bort fra oppmøtelisten."), "success")
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
        flash(_("Forfallet er registrert."), "success")
    return redirect(_attendance_url(meeting_id, "forfall"))
