"""The three numbers of DOMAIN.md §4, allocated under a lock.

Each sequence has a counter row. ``_take`` increments it with a single
``UPDATE … RETURNING``: on PostgreSQL that statement takes the row lock and holds it until the
transaction ends, so a second allocator waits and then sees the new value; on SQLite every
transaction already starts with ``BEGIN IMMEDIATE`` (see app/database.py). Unique constraints on
the numbered columns are the last line of defence. Numbers are never computed as max()+1.
"""
from sqlalchemy import select, update
from sqlalchemy.dialects.postgresql import insert as pg_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.models import AgendaItem, ItemKind, ItemStatus, Meeting, NumberCounter


def meeting_key(council_id: int) -> str:
    return f"meeting:{council_id}"


def meeting_case_key(council_id: int) -> str:
    return f"meeting-case:{council_id}"


CASE_FILE_KEY = "case-file"


def _ensure_counter(key: str, year: int) -> None:
    insert = pg_insert if db.engine.dialect.name == "postgresql" else sqlite_insert
    stmt = insert(NumberCounter).values(key=key, year=year, last_value=0)
    db.session.execute(stmt.on_conflict_do_nothing(index_elements=["key", "year"]))


def _take(key: str, year: int, count: int = 1) -> int:
    """Reserve ``count`` consecutive numbers; returns the last one."""
    stmt = (
        update(NumberCounter)
        .where(NumberCounter.key == key, NumberCounter.year == year)
        .values(last_value=NumberCounter.last_value + count)
        .returning(NumberCounter.last_value)
    )
    last = db.session.execute(stmt).scalar()
    if last is None:
        _ensure_counter(key, year)
        last = db.session.execute(stmt).scalar_one()
    return last


def raise_to_at_least(key: str, year: int, value: int) -> None:
    """Record that numbers up to ``value`` are taken (historic data imported with its numbers)."""
    _ensure_counter(key, year)
    db.session.execute(
        update(NumberCounter)
        .where(NumberCounter.key == key, NumberCounter.year == year,
               NumberCounter.last_value < value)
        .values(last_value=value)
    )


def peek(key: str, year: int) -> int:
    value = db.session.scalar(
        select(NumberCounter.last_value).where(NumberCounter.key == key, NumberCounter.year == year)
    )
    return value or 0


def next_meeting_number(council_id: int, year: int) -> int:
    return _take(meeting_key(council_id), year)


def next_case_file_number(year: int) -> int:
    return _take(CASE_FILE_KEY, year)


def lock_meeting(meeting_id: int) -> Meeting:
    """Load a meeting with a row lock (PostgreSQL) so that two issue calls run one after the other."""
    return db.session.execute(
        select(Meeting).where(Meeting.id == meeting_id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()


def needs_number(item: AgendaItem) -> bool:
    return (
        item.kind == ItemKind.CASE
        and item.case_seq is None
        and item.status != ItemStatus.WITHDRAWN
    )


def number_items(meeting: Meeting, items: list[AgendaItem]) -> None:
    """Give the items (in the order given) the next meeting case numbers of the meeting's council."""
    todo = [item for item in items if needs_number(item)]
    if not todo:
        return
    last = _take(meeting_case_key(meeting.council_id), meeting.year, len(todo))
    for seq, item in enumerate(todo, start=last - len(todo) + 1):
        item.case_year = meeting.year
        item.case_seq = seq


def document_key(case_id: int) -> str:
    return f"case-document:{case_id}"


def next_document_number(case_id: int, file_year: int) -> int:
    """The next document number in a case file: the 4 of "2022/123-4" (never reused)."""
    return _take(document_key(case_id), file_year)
