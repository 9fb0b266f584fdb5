"""A council's case queue: cases postponed to one of its meetings, or sent on to it from another
council, waiting to be put on an agenda."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import AgendaItem, CaseQueueEntry, Council, Meeting, QueueReason
from app.services import ServiceError
from app.services.core.records import add, assign

DEFAULT_DURATION = 30  # minutes, as for a new case on the builder (a postponed row shows no time)


def enqueue_postponed(item: AgendaItem) -> CaseQueueEntry | None:
    """The postponed case waits for the meeting it was postponed to."""
    if item.case_id is None:
        return None
    withdraw_entries_from(item)
    return add(CaseQueueEntry(council_id=item.council_id, case_id=item.case_id,
                              reason=QueueReason.POSTPONED, from_item_id=item.id,
                              target_date=item.postponed_to_date,
                              target_meeting_id=item.postponed_to_meeting_id))


def send_on(item: AgendaItem, council: Council) -> CaseQueueEntry:
    """"Sent on to NEHR": the same case waits in the other council's queue (or is linked to the
    treatment already waiting there)."""
    if item.case_id is None:
        raise ServiceError(_l("Bare registrerte saker kan sendes videre."))
    if council.id == item.council_id:
        raise ServiceError(_l("Saken kan ikke sendes videre til samme utvalg; utsett den i stedet."))
    waiting = db.session.scalar(select(CaseQueueEntry).where(
        CaseQueueEntry.council_id == council.id, CaseQueueEntry.case_id == item.case_id,
        CaseQueueEntry.placed_item_id.is_(None)))
    if waiting is not None:
        assign(waiting, from_item_id=item.id, reason=QueueReason.SENT_ON)
        return waiting
    withdraw_entries_from(item)
    return add(CaseQueueEntry(council_id=council.id, case_id=item.case_id,
                              reason=QueueReason.SENT_ON, from_item_id=item.id))


def enqueue_proposed(case, council: Council) -> CaseQueueEntry:
    """An accepted case proposal waits for any meeting of its council (no earlier treatment)."""
    return add(CaseQueueEntry(council_id=council.id, case_id=case.id, reason=QueueReason.PROPOSED))


def withdraw_entries_from(item: AgendaItem) -> None:
    """When the outcome of an item changes, the queue entries it made (and that are still
    waiting) go away."""
    for entry in db.session.scalars(select(CaseQueueEntry).where(
            CaseQueueEntry.from_item_id == item.id, CaseQueueEntry.placed_item_id.is_(None))):
        db.session.delete(entry)
    db.session.flush()


def queue_for(meeting: Meeting) -> list[CaseQueueEntry]:
    """What waits for this meeting: entries aimed at it (by meeting or date) and entries for the
    council with no particular meeting."""
    return db.session.scalars(
        select(CaseQueueEntry).where(
            CaseQueueEntry.council_id == meeting.council_id,
            CaseQueueEntry.placed_item_id.is_(None),
            or_(CaseQueueEntry.target_meeting_id == meeting.id,
                CaseQueueEntry.target_date == meeting.date,
                (CaseQueueEntry.target_meeting_id.is_(None)) & (CaseQueueEntry.target_date.is_(None))))
        .options(joinedload(CaseQueueEntry.case), joinedload(CaseQueueEntry.from_item))
        .order_by(CaseQueueEntry.created_at, CaseQueueEntry.id)).all()


def treatments(case_id: int) -> list[AgendaItem]:
    """Every agenda item of the case, oldest meeting first: the chain NUFA → NUIT → NEHR."""
    return db.session.scalars(
        select(AgendaItem).join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.case_id == case_id)
        .options(joinedload(AgendaItem.meeting).joinedload(Meeting.council),
                 joinedload(AgendaItem.sent_on_council))
        .order_by(Meeting.date, AgendaItem.id)).all()


def waiting_for(case_id: int) -> list[CaseQueueEntry]:
    return db.session.scalars(
        select(CaseQueueEntry).where(CaseQueueEntry.case_id == case_id,
                                     CaseQueueEntry.placed_item_id.is_(None))
        .options(joinedload(CaseQueueEntry.council))).all()
