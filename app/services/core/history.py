"""The change history of a case, a meeting, an agenda item or the minutes, read from the audit
trail (who, when, which field, old → new), filtered by person and date range, a page at a time.

What each history holds (``scope``):

- a case: the case and its documents (CaseDocument);
- a meeting: the meeting, its agenda items (those still on it; an item moved to another meeting
  takes its history along), its minutes, its attendance (forfall and vara, also those members
  report themselves), the members' input and habilitet on its items and the comments on its
  minutes;
- an item: the agenda item, with the input and habilitet on it;
- the minutes: the minutes of the meeting and the members' comments.

Secret fields (``audit.SECRET_FIELDS``) are masked when written and left out here too. Three
queries a page, however long the history.
"""
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import and_, false, func, or_, select

from app.extensions import db
from app.models import (
    AgendaItem,
    Attendance,
    AuditEvent,
    CaseDocument,
    ConflictDeclaration,
    ItemInput,
    Minutes,
    MinutesComment,
    Person,
    User,
)
from app.services.core.audit import SECRET_FIELDS
from app.services.core.clock import OSLO

PER_PAGE = 50


@dataclass(frozen=True)
class HistoryRow:
    at: datetime  # UTC
    actor: str
    user_id: int | None
    action: str  # create | update | delete
    object_type: str
    object_id: int
    field: str | None
    old_value: str | None
    new_value: str | None


@dataclass(frozen=True)
class HistoryPage:
    rows: list[HistoryRow]
    total: int
    page: int
    pages: int
    actors: list[tuple[int, str]]  # (user id, e-mail or label) of everyone in the whole history


def _rows_of(model, ids):
    return and_(AuditEvent.object_type == model.__name__, AuditEvent.object_id.in_(ids))


def scope(object_type: str, object_id: int):
    """The audit rows that belong to the object's history, as an SQL condition. What members do
    belongs to it too: forfall and vara (Attendance), input and habilitet on the items, comments
    on the minutes."""
    own = and_(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id)
    if object_type == "Case":
        return or_(own, _rows_of(CaseDocument, select(CaseDocument.id).where(CaseDocument.case_id == object_id)))
    if object_type == "Meeting":
        items = select(AgendaItem.id).where(AgendaItem.meeting_id == object_id)
        minutes = select(Minutes.id).where(Minutes.meeting_id == object_id)
        return or_(own, _rows_of(AgendaItem, items), _rows_of(Minutes, minutes),
                   _rows_of(Attendance, select(Attendance.id).where(Attendance.meeting_id == object_id)),
                   _member_rows(items),
                   _rows_of(MinutesComment, select(MinutesComment.id).where(MinutesComment.minutes_id.in_(minutes))))
    if object_type == "AgendaItem":
        return or_(own, _member_rows(select(AgendaItem.id).where(AgendaItem.id == object_id)))
    if object_type == "Minutes":
        return or_(own, _rows_of(MinutesComment, select(MinutesComment.id).where(MinutesComment.minutes_id == object_id)))
    return own


def _member_rows(items):
    """Input and habilitet on these agenda items."""
    return or_(_rows_of(ItemInput, select(ItemInput.id).where(ItemInput.item_id.in_(items))),
               _rows_of(ConflictDeclaration,
                        select(ConflictDeclaration.id).where(ConflictDeclaration.item_id.in_(items))))


def _start_of(day: date) -> datetime:
    """Midnight in Oslo at the start of ``day``, as UTC (the trail stores UTC)."""
    return datetime.combine(day, time(0), tzinfo=OSLO).astimezone(UTC)


def _utc(moment: datetime) -> datetime:
    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


def history(object_type: str, object_id: int, *, user_id: int | None = None,
            date_from: date | None = None, date_to: date | None = None, page: int = 1,
            per_page: int = PER_PAGE) -> HistoryPage:
    """The object's history, newest first: changes by ``user_id`` only, between ``date_from`` and
    ``date_to`` (Oslo calendar days, both included), page ``page``."""
    in_scope = and_(scope(object_type, object_id),
                    or_(AuditEvent.field.is_(None), AuditEvent.field.not_in(sorted(SECRET_FIELDS))))
    conditions = [in_scope]
    if user_id is not None:
        conditions.append(AuditEvent.user_id == user_id)
    if date_from is not None:
        conditions.append(AuditEvent.at >= _start_of(date_from))
    if date_to is not None:
        conditions.append(AuditEvent.at < _start_of(date_to + timedelta(days=1)))
    if date_from is not None and date_to is not None and date_from > date_to:
        conditions.append(false())
    total = db.session.scalar(select(func.count()).select_from(AuditEvent).where(*conditions))
    pages = max(1, -(-total // per_page))
    page = min(max(page, 1), pages)
    found = db.session.execute(
        select(AuditEvent).where(*conditions)
        .order_by(AuditEvent.at.desc(), AuditEvent.id.desc())
        .offset((page - 1) * per_page).limit(per_page)).scalars().all()
    # Who: the person's name when the account is linked to one, else the e-mail address.
    actors = db.session.execute(
        select(AuditEvent.user_id, func.coalesce(Person.name, User.email, func.max(AuditEvent.actor)))
        .outerjoin(User, User.id == AuditEvent.user_id)
        .outerjoin(Person, Person.id == User.person_id)
        .where(in_scope, AuditEvent.user_id.is_not(None))
        .group_by(AuditEvent.user_id, User.email, Person.name)
        .order_by(func.coalesce(Person.name, User.email))).all()
    names = dict(actors)
    rows = [HistoryRow(_utc(e.at), names.get(e.user_id, e.actor), e.user_id, e.action, e.object_type,
                       e.object_id, e.field, e.old_value, e.new_value) for e in found]
    return HistoryPage(rows=rows, total=total, page=page, pages=pages,
                       actors=[(uid, label) for uid, label in actors])
