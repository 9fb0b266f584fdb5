"""What an agenda item is for, and the rule that goes with it: a standard item («Godkjenning av
innkalling og dagsorden», «Godkjenning av referat», «Oppfølgingspunkter fra tidligere møter»,
«Eventuelt») gets a meeting case number but never a case file of its own."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import (
    AgendaItem,
    Case,
    CaseDocument,
    CaseLink,
    CaseProposal,
    CaseQueueEntry,
    ItemPurpose,
)
from app.models.meeting import ROUTINE_PURPOSES
from app.services import ServiceError
from app.services.casework.cases import create_case
from app.services.core.records import assign


def refuse_case_for_routine(purpose: str, case: Case | None, exempt: bool = False) -> None:
    """A standard item gets a meeting case number but never a case file (nor is it exempt)."""
    if purpose not in ROUTINE_PURPOSES:
        return
    if case is not None:
        raise ServiceError(_l("Standardpunktene (godkjenning av innkalling og referat, "
                              "oppfølgingspunkter og eventuelt) hører ikke til en sak i "
                              "saksregisteret; sak %(number)s kan ikke knyttes til et slikt punkt.",
                              number=case.file_number))
    if exempt:
        raise ServiceError(_l("Standardpunktene (godkjenning av innkalling og referat, "
                              "oppfølgingspunkter og eventuelt) kan ikke unntas offentlighet."))


def set_purpose(item: AgendaItem, purpose: str) -> None:
    """Change what a case item is for. An item that becomes a standard item leaves its case file,
    which goes away when nothing else holds it (as migration 0013 did); one that holds more
    (another treatment, documents, links …) is refused. A standard item that becomes a case gets
    a case file of its own."""
    if purpose not in ItemPurpose.values() or purpose == ItemPurpose.BREAK or not item.is_case:
        raise ServiceError(_l("Ukjent formål '%(purpose)s' for en sak.", purpose=purpose))
    if purpose == item.purpose:
        return
    if purpose in ROUTINE_PURPOSES and item.case is not None:
        case = item.case
        if _case_holds_more_than(case, item):
            refuse_case_for_routine(purpose, case)
        assign(item, case=None)
        db.session.flush()
        db.session.delete(case)
    elif purpose not in ROUTINE_PURPOSES and item.case is None:
        assign(item, case=create_case(item.title, year=item.meeting.year))
    assign(item, purpose=purpose)
    db.session.flush()


def _case_holds_more_than(case: Case, item: AgendaItem) -> bool:
    """Whether anything but this item belongs to the case file."""
    holders = [
        select(AgendaItem.id).where(AgendaItem.case_id == case.id, AgendaItem.id != item.id),
        select(CaseDocument.id).where(CaseDocument.case_id == case.id),
        select(CaseQueueEntry.id).where(CaseQueueEntry.case_id == case.id),
        select(CaseProposal.id).where(CaseProposal.case_id == case.id),
        select(CaseLink.id).where((CaseLink.case_id == case.id) | (CaseLink.related_case_id == case.id)),
    ]
    return any(db.session.scalar(query.limit(1)) is not None for query in holders)
