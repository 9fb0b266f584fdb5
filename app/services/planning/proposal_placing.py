"""An accepted case proposal onto an agenda: the case register (casework) registers the case, and
planning puts it on one of its council's meetings being prepared or, when none is chosen, in the
council's case queue, in one unit of work."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import Case, Meeting, MeetingStatus
from app.models.proposal import CaseProposal
from app.services import FieldError
from app.services.casework import proposals
from app.services.core import clock
from app.services.planning import case_queue, meetings


def meetings_for(proposal: CaseProposal) -> list[Meeting]:
    """The meetings of the proposal's council still being prepared (planned or notice issued,
    today or later), by date."""
    return db.session.scalars(select(Meeting).where(
        Meeting.council_id == proposal.council_id, Meeting.date >= clock.today(),
        Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.ISSUED]))
        .order_by(Meeting.date, Meeting.id)).all()


def accept(proposal: CaseProposal, user, version: int | None = None, meeting_id: int | None = None,
           written: list[str] | None = None) -> Case:
    """``proposals.accept``, and when ``meeting_id`` names one of ``meetings_for`` the new case
    is put on that meeting's agenda with the item type proposed; otherwise it waits in the
    council's case queue (shown on the builder of each of its meetings)."""
    meeting = None
    if meeting_id is not None:
        meeting = next((m for m in meetings_for(proposal) if m.id == meeting_id), None)
        if meeting is None:
            raise FieldError("meeting", _l("Velg et møte i utvalget som ennå ikke er holdt."))
    case = proposals.accept(proposal, user, version, written=written)
    if meeting is not None:
        meetings.add_case_item(meeting, case.title, case=case, item_type=proposal.item_type,
                               duration=case_queue.DEFAULT_DURATION)
    else:
        case_queue.enqueue_proposed(case, proposal.council)
    return case
