"""Habilitet: a member declares a conflict of interest on a case item and leaves the room while
it is treated. The member declares or withdraws it until the meeting starts; the secretariat may
record or remove one until the minutes are approved (a member who says it on the day). The
minutes say "X fratrådte under behandlingen av sak 22/22." under the item."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.input_limits import clean_text
from app.models import (
    AgendaItem,
    ConflictDeclaration,
    ItemKind,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    Person,
)
from app.services import FieldError, ServiceError
from app.services.core.records import add
from app.services.proceedings.absence import check_open
from app.services.proceedings.minutes_lock import check_minutes_editable

REASON_MAX = 1000


def check_case_item(item: AgendaItem) -> None:
    if item.kind != ItemKind.CASE:
        raise ServiceError(_l("Habilitet gjelder en sak, ikke en pause."))


def council_people(meeting: Meeting) -> list[Person]:
    """Everyone with a membership of the meeting's council on the meeting day (members, observers,
    varamedlemmer), by name: who may declare a conflict."""
    memberships = db.session.scalars(select(Membership).where(
        Membership.council_id == meeting.council_id).options(joinedload(Membership.person))).all()
    people = {m.person_id: m.person for m in memberships
              if m.active_on(meeting.date) and m.role != MembershipRole.SECRETARIAT}
    return sorted(people.values(), key=lambda p: p.name)


def declaration_of(item: AgendaItem, person: Person) -> ConflictDeclaration | None:
    return db.session.scalar(select(ConflictDeclaration).where(
        ConflictDeclaration.item_id == item.id, ConflictDeclaration.person_id == person.id))


def _reason(reason: str | None) -> str:
    cleaned = clean_text(reason, multiline=True)
    if cleaned is None:
        raise FieldError("reason", _l("Skriv hvorfor du er inhabil."))
    if len(cleaned) > REASON_MAX:
        raise FieldError("reason", _l("Grunnen kan være høyst %(max)s tegn.", max=REASON_MAX))
    return cleaned


def _declare(item: AgendaItem, person: Person, reason: str | None, created_by) -> ConflictDeclaration:
    check_case_item(item)
    if person.id not in {p.id for p in council_people(item.meeting)}:
        raise FieldError("person", _l("Personen er ikke medlem av %(code)s på møtedagen.",
                                      code=item.meeting.council.code))
    reason = _reason(reason)
    existing = declaration_of(item, person)
    if existing is not None:
        existing.reason = reason
        db.session.flush()
        return existing
    return add(ConflictDeclaration(item_id=item.id, person_id=person.id, reason=reason,
                                   created_by_id=getattr(created_by, "id", None)))


def declare(item: AgendaItem, person: Person, reason: str | None, created_by=None) -> ConflictDeclaration:
    """The member declares (or changes the reason for) a conflict, until the meeting starts."""
    check_open(item.meeting)
    return _declare(item, person, reason, created_by)


def withdraw(item: AgendaItem, person: Person) -> None:
    check_open(item.meeting)
    declaration = declaration_of(item, person)
    if declaration is None:
        raise ServiceError(_l("Du har ikke meldt habilitet i denne saken."))
    db.session.delete(declaration)
    db.session.flush()


def _check_recordable(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError(_l("Møtet er avlyst."))
    check_minutes_editable(meeting)


def record(item: AgendaItem, person: Person | None, reason: str | None, created_by=None) -> ConflictDeclaration:
    """The secretariat records a conflict (said on the day, or sent in by e-mail)."""
    _check_recordable(item.meeting)
    if person is None:
        raise FieldError("person", _l("Velg personen som er inhabil."))
    return _declare(item, person, reason, created_by)


def remove(declaration: ConflictDeclaration) -> None:
    _check_recordable(declaration.item.meeting)
    db.session.delete(declaration)
    db.session.flush()


def by_item(meeting_id: int) -> dict[int, list[ConflictDeclaration]]:
    """The meeting's declarations per item id, persons loaded, by name. One query."""
    rows = db.session.scalars(
        select(ConflictDeclaration).join(AgendaItem, AgendaItem.id == ConflictDeclaration.item_id)
        .where(AgendaItem.meeting_id == meeting_id)
        .options(joinedload(ConflictDeclaration.person))).all()
    found: dict[int, list[ConflictDeclaration]] = {}
    for row in sorted(rows, key=lambda r: (r.person.name, r.id)):
        found.setdefault(row.item_id, []).append(row)
    return found


def withdrawn_text(name: str, number: str | None) -> str:
    """The minutes' line (generated document text, always Norwegian)."""
    if number:
        return f"{name} fratrådte under behandlingen av sak {number}."
    return f"{name} fratrådte under behandlingen av saken."
