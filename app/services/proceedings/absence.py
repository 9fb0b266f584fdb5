"""Forfall reported by the member: the member's own attendance row marked absent in advance, and
the substitute (vara) they name, from the council's varamedlemmer or by a free-text name. Until
the meeting starts they may change or withdraw it. The secretariat sees the same rows on the
attendance page (services/proceedings/attendance.py), marked as reported by the member.

Who reported what is read from the audit trail (every change carries its user), so the member
withdraws only the vara row they named, never one the secretariat added by hand."""
from dataclasses import dataclass
from datetime import datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.input_limits import clean_text
from app.models import (
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    AuditEvent,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    Person,
    User,
)
from app.services import FieldError, ServiceError
from app.services.core import clock
from app.services.core.records import assign
from app.services.proceedings import attendance

REASON_MAX = 500
NAME_MAX = 200
STARTED = _l("Møtet har startet. Forfall kan ikke lenger meldes, endres eller trekkes her; "
             "kontakt sekretariatet.")
NOT_OPEN = _l("Møtet er avlyst eller allerede holdt; forfall kan ikke meldes.")


def starts_at(meeting: Meeting) -> datetime:
    return datetime.combine(meeting.date, meeting.start_time, tzinfo=clock.OSLO)


def has_started(meeting: Meeting) -> bool:
    return clock.now() >= starts_at(meeting)


def closed_reason(meeting: Meeting) -> str | None:
    """Why a member can no longer report or change anything for the meeting, or None."""
    if meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.ISSUED):
        return str(NOT_OPEN)
    if has_started(meeting):
        return str(STARTED)
    return None


def check_open(meeting: Meeting) -> None:
    reason = closed_reason(meeting)
    if reason is not None:
        raise ServiceError(reason)


def _created_or_changed_by(row_ids: list[int], fields: tuple[str, ...]) -> dict[int, int | None]:
    """For each attendance row: the person linked to the user of its latest audited creation or
    change of one of ``fields`` ("" for creation). One query."""
    if not row_ids:
        return {}
    events = db.session.execute(
        select(AuditEvent.object_id, AuditEvent.action, AuditEvent.field, User.person_id)
        .outerjoin(User, User.id == AuditEvent.user_id)
        .where(AuditEvent.object_type == Attendance.__name__, AuditEvent.object_id.in_(row_ids))
        .order_by(AuditEvent.id)).all()
    latest: dict[int, int | None] = {}
    for row_id, action, field, person_id in events:
        if (action == "create" and "" in fields) or (action == "update" and field in fields):
            latest[row_id] = person_id
    return latest


def reported_by_members(meeting: Meeting) -> set[int]:
    """The ids of the attendance rows the member concerned set themselves: a forfall whose latest
    change was the member's own, and a vara row created by the member it stands in for."""
    absent = [a for a in meeting.attendance if a.status == AttendanceStatus.ABSENT and a.person_id]
    varas = [a for a in meeting.attendance
             if a.role == AttendanceRole.SUBSTITUTE and a.substitute_for_id]
    changed = _created_or_changed_by([a.id for a in absent], ("status", "absence_reason"))
    created = _created_or_changed_by([a.id for a in varas], ("",))
    return ({a.id for a in absent if changed.get(a.id) == a.person_id}
            | {a.id for a in varas if created.get(a.id) == a.substitute_for_id})


@dataclass
class MemberAbsence:
    """A member's forfall for a meeting as the member's own pages show it."""

    row: Attendance | None  # the member's row when it says absent
    vara: Attendance | None  # the substitute standing in for the member
    vara_by_member: bool  # the member named the vara (and may change or withdraw it)

    @property
    def absent(self) -> bool:
        return self.row is not None


def member_absence(meeting: Meeting, person: Person) -> MemberAbsence:
    row = next((a for a in meeting.attendance if a.person_id == person.id
                and a.status == AttendanceStatus.ABSENT), None)
    vara = next((a for a in meeting.attendance if a.role == AttendanceRole.SUBSTITUTE
                 and a.substitute_for_id == person.id), None)
    by_member = vara is not None and vara.id in reported_by_members(meeting)
    return MemberAbsence(row, vara, by_member)


def has_seat(meeting: Meeting, person: Person) -> bool:
    return any(m.person_id == person.id for m in attendance.council_seats(meeting))


def vara_choices(meeting: Meeting, person: Person) -> list[Person]:
    """The council's varamedlemmer on the meeting day who are not on the attendance list yet
    (or are already this member's vara), by name."""
    memberships = db.session.scalars(select(Membership).where(
        Membership.council_id == meeting.council_id,
        Membership.role == MembershipRole.SUBSTITUTE)).all()
    busy = {a.person_id for a in meeting.attendance
            if a.person_id and a.substitute_for_id != person.id}
    people = {m.person_id: m.person for m in memberships
              if m.active_on(meeting.date) and m.person_id not in busy and m.person_id != person.id}
    return sorted(people.values(), key=lambda p: p.name)


def _clean_reason(reason: str | None) -> str | None:
    reason = clean_text(reason)
    if reason is not None and len(reason) > REASON_MAX:
        raise FieldError("reason", _l("Grunnen kan være høyst %(max)s tegn.", max=REASON_MAX))
    return reason


def _vara_choice(meeting: Meeting, person: Person, vara_id: int | None,
                 vara_name: str | None) -> tuple[Person | None, str | None]:
    name = clean_text(vara_name)
    if vara_id and name:
        raise FieldError("vara_name", _l("Velg et varamedlem fra listen eller skriv et navn, ikke begge."))
    if name is not None and len(name) > NAME_MAX:
        raise FieldError("vara_name", _l("Navnet kan være høyst %(max)s tegn.", max=NAME_MAX))
    if not vara_id:
        return None, name
    chosen = next((p for p in vara_choices(meeting, person) if p.id == vara_id), None)
    if chosen is None:
        raise FieldError("vara", _l("Velg et varamedlem i %(code)s fra listen.",
                                    code=meeting.council.code))
    return chosen, None


def report(meeting: Meeting, person: Person, *, reason: str | None = None,
           vara_id: int | None = None, vara_name: str | None = None) -> Attendance:
    """The member reports (or changes) their forfall, and names a vara or none. A vara the
    secretariat registered stays; the member may not replace it here."""
    check_open(meeting)
    if not has_seat(meeting, person):
        raise ServiceError(_l("Du har ingen fast plass i %(code)s på møtedagen, og kan ikke melde "
                              "forfall her. Kontakt sekretariatet.", code=meeting.council.code))
    reason = _clean_reason(reason)
    vara_person, name = _vara_choice(meeting, person, vara_id, vara_name)
    current = member_absence(meeting, person)
    wanted = vara_person is not None or name is not None
    same = current.vara is not None and (
        (vara_person is not None and current.vara.person_id == vara_person.id)
        or (name is not None and current.vara.person_id is None and current.vara.name == name))
    if current.vara is not None and not current.vara_by_member and wanted and not same:
        raise FieldError("vara", _l("Sekretariatet har registrert %(name)s som vara for deg. "
                                    "Kontakt sekretariatet for å endre det.",
                                    name=current.vara.display_name))
    row = attendance.report_absence(meeting, person, reason)
    if current.vara is not None and current.vara_by_member and not same:
        attendance.remove_attendee(current.vara)
    if wanted and not same:
        attendance.add_attendee(meeting, AttendanceRole.SUBSTITUTE, person=vara_person, name=name,
                                substitute_for=person)
    db.session.flush()
    return row


def withdraw(meeting: Meeting, person: Person) -> None:
    """The member withdraws their forfall: present again, and the vara they named removed."""
    check_open(meeting)
    current = member_absence(meeting, person)
    if not current.absent:
        raise ServiceError(_l("Du har ikke meldt forfall til dette møtet."))
    if current.vara is not None and not current.vara_by_member:
        raise ServiceError(_l("Sekretariatet har registrert %(name)s som vara for deg. Kontakt "
                              "sekretariatet for å trekke forfallet.", name=current.vara.display_name))
    if current.vara is not None:
        attendance.remove_attendee(current.vara)
    assign(current.row, status=AttendanceStatus.PRESENT, absence_reason=None,
           reported_in_advance=False)
    db.session.flush()
