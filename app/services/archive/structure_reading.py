"""What the arkivstruktur writer reads besides the meeting it writes: a case's treatments, who
created and approved what, who took part, and the item's status and decision in Noark's words."""
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import select

from app.extensions import db
from app.formatting import long_date
from app.models import (
    AgendaItem,
    AttendanceStatus,
    AuditEvent,
    Case,
    CaseDocument,
    ItemOutcome,
    ItemPurpose,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesVersion,
    Person,
    User,
    VersionKind,
)
from app.services.archive.documents import SYSTEM, user_name
from app.services.archive.structure_values import (
    EXEMPT,
    FINISHED,
    FUNCTIONS,
    POSTPONED,
    SENT_ON,
    WITHDRAWN,
    day_start,
)


@dataclass(frozen=True)
class Treatment:
    """One agenda item of a case, anywhere (for the case's status and its references)."""

    item_id: int
    case_id: int
    meeting_id: int
    order: tuple
    status: str
    outcome: str | None
    meeting_done: bool  # held (or cancelled) with approved minutes: nothing more to come there


def release_rows(keep: set) -> None:
    """Let go of the rows read for one meeting (never of what the caller had loaded or changed)."""
    session = db.session
    busy = set(session.dirty) | set(session.new)
    for key, obj in list(session.identity_map.items()):
        if key not in keep and obj not in busy and obj in session:  # (expunge cascades)
            session.expunge(obj)


def treatments_of(case_ids: list[int]) -> dict[int, list[Treatment]]:
    """Every agenda item of these cases, in meeting order, by case."""
    found: dict[int, list[Treatment]] = {}
    if not case_ids:
        return found
    rows = db.session.execute(
        select(AgendaItem.id, AgendaItem.case_id, AgendaItem.meeting_id, AgendaItem.status,
               AgendaItem.outcome, AgendaItem.position, Meeting.date, Meeting.number, Meeting.status,
               Minutes.status)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .outerjoin(Minutes, Minutes.meeting_id == Meeting.id)
        .where(AgendaItem.case_id.in_(case_ids), AgendaItem.purpose == ItemPurpose.CASE)
        .order_by(Meeting.date, Meeting.number, AgendaItem.position))
    for item_id, case_id, meeting_id, status, outcome, position, day, number, meeting_status, \
            minutes_status in rows:
        done = meeting_status == MeetingStatus.CANCELLED or (
            meeting_status == MeetingStatus.HELD and minutes_status in ("approved", "published"))
        found.setdefault(case_id, []).append(Treatment(
            item_id, case_id, meeting_id, (day, number, position), status, outcome, done))
    return found


def case_of(item: AgendaItem) -> Case | None:
    """The item's case; a routine item (approving the notice or minutes, follow-up, any other
    business) has none, even where older data still links one (migration 0013 detaches them)."""
    return item.case if item.purpose == ItemPurpose.CASE else None


def exempt_bases_of(items: list[AgendaItem]) -> list[str]:
    """The legal bases of the exempt material the meeting's full papers hold: its exempt cases
    and the exempt documents of its public cases (which the full agenda names)."""
    cases = [c for c in map(case_of, items) if c is not None]
    bases = [c.legal_basis or EXEMPT for c in cases if c.exempt]
    public = [c.id for c in cases if not c.exempt]
    if public:
        bases += db.session.scalars(select(CaseDocument.legal_basis).where(
            CaseDocument.case_id.in_(public), CaseDocument.exempt.is_(True))).all()
    return sorted({b or EXEMPT for b in bases})


def user_name_of(user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return user_name(db.session.get(User, user_id))


def creators_of(object_type: str, object_ids: list[int]) -> dict[int, str]:
    """Who created each row, from the audit trail: the person's name, else the actor recorded."""
    rows = db.session.execute(
        select(AuditEvent.object_id, AuditEvent.actor, Person.name)
        .outerjoin(User, User.id == AuditEvent.user_id).outerjoin(Person, Person.id == User.person_id)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id.in_(object_ids),
               AuditEvent.action == "create")
        .order_by(AuditEvent.at.desc()))
    return {object_id: name or actor for object_id, actor, name in rows}


def approval_of(meeting: Meeting) -> tuple[datetime, str]:
    """When and by whom the minutes were approved (closing the meeting's folder)."""
    version = db.session.scalars(
        select(MinutesVersion).where(MinutesVersion.minutes_id == meeting.minutes.id,
                                     MinutesVersion.kind == VersionKind.APPROVED)
        .order_by(MinutesVersion.number.desc()).limit(1)).first()
    if version is not None:
        return version.created_at, user_name_of(version.created_by_id) or SYSTEM
    return day_start(meeting.minutes.approved_on or meeting.date), SYSTEM


def approval_text_of(minutes: Minutes | None) -> str | None:
    from app.services.proceedings.minutes_lock import approval_text

    return approval_text(minutes) if minutes is not None else None


def minute_taker_of(meeting: Meeting) -> str | None:
    return meeting.minute_taker.name if meeting.minute_taker is not None else None


def participants_of(meeting: Meeting) -> list[tuple[str, str]]:
    """(name, function) of everyone present; the chair as «Møteleder», the minute-taker as
    «Referent», listed even when they are not on the attendance list."""
    people: list[tuple[str, str]] = []
    seen: set[int] = set()
    for row in meeting.attendance:
        if row.status != AttendanceStatus.PRESENT or not row.display_name:
            continue
        if row.person_id is not None and row.person_id == meeting.chair_id:
            function = "Møteleder"
        elif row.person_id is not None and row.person_id == meeting.minute_taker_id:
            function = "Referent"
        else:
            function = FUNCTIONS.get(row.role, "Annen deltaker")
        if row.person_id is not None:
            seen.add(row.person_id)
        people.append((row.display_name, function))
    for person, function in ((meeting.chair, "Møteleder"), (meeting.minute_taker, "Referent")):
        if person is not None and person.id not in seen:
            seen.add(person.id)
            people.append((person.name, function))
    return people


def item_status_of(item: AgendaItem) -> str | None:
    if item.status == ItemStatus.WITHDRAWN or item.outcome == ItemOutcome.WITHDRAWN:
        return WITHDRAWN
    if item.status == ItemStatus.POSTPONED or item.outcome == ItemOutcome.POSTPONED:
        return POSTPONED
    if item.outcome == ItemOutcome.SENT_ON:
        return SENT_ON
    if item.status == ItemStatus.TREATED or item.outcome is not None:
        return FINISHED
    return None


def decision_text_of(item: AgendaItem) -> str | None:
    """The decision as plain text ("Vedtak: …"), or where a postponed item went."""
    from app.services.paperwork.paper_parts import proposal_blocks

    lines = []
    for block in proposal_blocks(item.decision_body):
        text = block["text"]
        lines.append(f"{block['number']} {text}" if block["kind"] == "point" else text)
    if lines:
        return "Vedtak:\n" + "\n".join(lines)
    if item.postponed_to_date is not None:
        return f"Saken er utsatt til møtet {long_date(item.postponed_to_date)}."
    return None
