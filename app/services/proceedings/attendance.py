"""Attendance (oppmøte): who was present, who had forfall, substitutes, observers, others, and
who chaired and took the minutes."""
from dataclasses import dataclass

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.models import (
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    Meeting,
    Membership,
    MembershipRole,
    Organisation,
    Person,
)
from app.services import ServiceError
from app.services.core.records import add, assign
from app.services.proceedings.minutes_lock import check_minutes_editable

ROLE_BY_MEMBERSHIP = {
    MembershipRole.LEADER: AttendanceRole.MEMBER,
    MembershipRole.DEPUTY_LEADER: AttendanceRole.MEMBER,
    MembershipRole.MEMBER: AttendanceRole.MEMBER,
    MembershipRole.OBSERVER: AttendanceRole.OBSERVER,
}


def load_meeting(meeting_id: int) -> Meeting | None:
    """The meeting with its council, roles and attendance rows, in a fixed number of queries."""
    return db.session.scalar(
        select(Meeting).where(Meeting.id == meeting_id).options(
            joinedload(Meeting.council), joinedload(Meeting.minutes),
            joinedload(Meeting.chair), joinedload(Meeting.minute_taker),
            selectinload(Meeting.attendance).options(joinedload(Attendance.person),
                                                     joinedload(Attendance.substitute_for))))


@dataclass
class People:
    """Everyone the attendance page offers, loaded once: every person (by name), the council's
    seats on the meeting day, and the ids of its substitutes and secretariat on that day.
    ``organisations`` is kept so that the people's lazy loads find them in the identity map
    (it holds only weak references) instead of asking the database."""

    organisations: list[Organisation]
    everyone: list[Person]
    seats: list[Membership]
    substitutes: list[int]
    secretariat: list[int]


def people_for(meeting: Meeting) -> People:
    organisations = db.session.scalars(select(Organisation)).all()
    everyone = db.session.scalars(select(Person).order_by(Person.name)).all()
    others = db.session.scalars(select(Membership).where(
        Membership.council_id == meeting.council_id,
        Membership.role.in_([MembershipRole.SUBSTITUTE, MembershipRole.SECRETARIAT]))).all()
    active = [m for m in others if m.active_on(meeting.date)]
    return People(
        organisations=organisations, everyone=everyone, seats=council_seats(meeting),
        substitutes=[m.person_id for m in active if m.role == MembershipRole.SUBSTITUTE],
        secretariat=[m.person_id for m in active if m.role == MembershipRole.SECRETARIAT])


def council_seats(meeting: Meeting) -> list[Membership]:
    """The memberships (members, leader, observers) active on the meeting day, leader first."""
    rows = db.session.scalars(select(Membership).where(
        Membership.council_id == meeting.council_id,
        Membership.role.in_(list(ROLE_BY_MEMBERSHIP)))).all()
    order = list(ROLE_BY_MEMBERSHIP)
    return sorted((m for m in rows if m.active_on(meeting.date)),
                  key=lambda m: (order.index(m.role), m.id))


def _row_for(meeting: Meeting, person: Person) -> Attendance | None:
    return next((a for a in meeting.attendance if a.person_id == person.id), None)


def missing_seats(meeting: Meeting) -> list[Membership]:
    """The members and observers on the meeting day who have no row on the attendance list yet."""
    listed = {a.person_id for a in meeting.attendance}
    missing = []
    for seat in council_seats(meeting):
        if seat.person_id not in listed:
            listed.add(seat.person_id)
            missing.append(seat)
    return missing


def on_notice_issued(meeting: Meeting) -> None:
    prefill(meeting)


def prefill(meeting: Meeting) -> list[Attendance]:
    """Make sure every member and observer has a row: present by default, kept as absent when
    forfall was reported in advance. The leader chairs unless someone else is set. Done when the
    notice is issued, at the first save of the attendance page, or with «Fyll ut fra
    medlemslisten» (never when a page is only read)."""
    check_minutes_editable(meeting)
    position = max((a.position for a in meeting.attendance), default=-1) + 1
    for membership in missing_seats(meeting):
        row = Attendance(meeting_id=meeting.id, person=membership.person,
                         role=ROLE_BY_MEMBERSHIP[membership.role],
                         status=AttendanceStatus.PRESENT, position=position)
        meeting.attendance.append(add(row))
        position += 1
        if membership.role == MembershipRole.LEADER and meeting.chair_id is None:
            assign(meeting, chair=membership.person)
    db.session.flush()
    return meeting.attendance


def report_absence(meeting: Meeting, person: Person, reason: str | None = None) -> Attendance:
    """Forfall reported before the meeting; the attendance form starts with it."""
    check_minutes_editable(meeting)
    row = _row_for(meeting, person)
    if row is None:
        seat = next((m for m in council_seats(meeting) if m.person_id == person.id), None)
        if seat is None:
            raise ServiceError(_l("Personen er ikke medlem eller observatør i %(council_code)s på "
                                  "møtedagen.", council_code=meeting.council.code))
        row = add(Attendance(meeting_id=meeting.id, person=person, role=ROLE_BY_MEMBERSHIP[seat.role],
                             position=len(meeting.attendance)))
        meeting.attendance.append(row)
    assign(row, status=AttendanceStatus.ABSENT, absence_reason=(reason or "").strip() or None,
           reported_in_advance=True)
    db.session.flush()
    return row


def set_attendance(row: Attendance, *, status: str, absence_reason: str | None = None) -> None:
    if status not in AttendanceStatus.values():
        raise ServiceError(_l("Ukjent oppmøtestatus '%(status)s'.", status=status))
    meeting = db.session.get(Meeting, row.meeting_id)
    check_minutes_editable(meeting)
    reason = (absence_reason or "").strip() or None
    assign(row, status=status, absence_reason=reason if status == AttendanceStatus.ABSENT else None)
    db.session.flush()


def add_attendee(meeting: Meeting, role: str, *, person: Person | None = None,
                 name: str | None = None, substitute_for: Person | None = None) -> Attendance:
    """A substitute (for a member), an observer, someone from the secretariat or another
    participant (presenter, guest), by registered person or free-text name."""
    check_minutes_editable(meeting)
    if role not in AttendanceRole.values():
        raise ServiceError(_l("Ukjent rolle '%(role)s'.", role=role))
    name = (name or "").strip() or None
    if person is None and name is None:
        raise ServiceError(_l("Velg en person eller skriv et navn."))
    if person is not None and _row_for(meeting, person):
        raise ServiceError(_l("Personen står allerede på oppmøtelisten."))
    if role == AttendanceRole.SUBSTITUTE:
        if substitute_for is None:
            raise ServiceError(_l("Velg hvilket medlem varamedlemmet møtte for."))
        absent = _row_for(meeting, substitute_for)
        if absent is None or absent.status != AttendanceStatus.ABSENT:
            raise ServiceError(_l("Medlemmet er ikke registrert med forfall; et varamedlem møter bare "
                                  "for et medlem med forfall."))
    elif substitute_for is not None:
        raise ServiceError(_l("Bare et varamedlem møter for et annet medlem."))
    row = add(Attendance(meeting_id=meeting.id, person=person, name=None if person else name,
                         role=role, substitute_for=substitute_for,
                         position=max((a.position for a in meeting.attendance), default=-1) + 1))
    meeting.attendance.append(row)
    return row


def remove_attendee(row: Attendance) -> None:
    """Take a substitute, observer or guest off the list (members stay: mark them absent)."""
    meeting = db.session.get(Meeting, row.meeting_id)
    check_minutes_editable(meeting)
    if row.role == AttendanceRole.MEMBER:
        raise ServiceError(_l("Medlemmer står alltid på listen; registrer forfall i stedet."))
    meeting.attendance.remove(row)
    db.session.delete(row)
    db.session.flush()


def set_roles(meeting: Meeting, *, chair: Person | None, minute_taker: Person | None) -> None:
    """Møteleder and referent."""
    check_minutes_editable(meeting)
    assign(meeting, chair=chair, minute_taker=minute_taker)
    db.session.flush()


def grouped(meeting: Meeting) -> dict[str, list[Attendance]]:
    """Attendance as the minutes list it: present members, forfall, substitutes, observers,
    the secretariat, others."""
    rows = meeting.attendance
    return {
        "present": [a for a in rows if a.role == AttendanceRole.MEMBER and a.status == AttendanceStatus.PRESENT],
        "absent": [a for a in rows if a.role == AttendanceRole.MEMBER and a.status == AttendanceStatus.ABSENT],
        "substitutes": [a for a in rows if a.role == AttendanceRole.SUBSTITUTE],
        "observers": [a for a in rows if a.role == AttendanceRole.OBSERVER and a.status == AttendanceStatus.PRESENT],
        "observers_absent": [a for a in rows if a.role == AttendanceRole.OBSERVER and a.status == AttendanceStatus.ABSENT],
        "secretariat": [a for a in rows if a.role == AttendanceRole.SECRETARIAT],
        "others": [a for a in rows if a.role == AttendanceRole.OTHER],
    }
