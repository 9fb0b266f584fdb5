"""A council's case queue: cases waiting to be put on one of its agendas, because they were
postponed there, sent on from another council (NUFA → NUIT → NEHR), or proposed by a member and
accepted by the secretariat (no earlier treatment then)."""
from datetime import date, datetime

from sqlalchemy import DateTime, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import StrEnum, utcnow
from app.models.case import Case
from app.models.council import Council


class QueueReason(StrEnum):
    POSTPONED = "postponed"
    SENT_ON = "sent_on"
    PROPOSED = "proposed"  # an accepted case proposal (CaseProposal)


class CaseQueueEntry(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), index=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    reason: Mapped[str] = mapped_column(String(20))
    # The treatment it comes from; none for an accepted proposal.
    from_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    target_date: Mapped[date | None]
    target_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    # Set when the case is put on an agenda; the entry then leaves the queue.
    placed_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    council: Mapped[Council] = relationship()
    case: Mapped[Case] = relationship()
    from_item = relationship("AgendaItem", foreign_keys=[from_item_id])
    placed_item = relationship("AgendaItem", foreign_keys=[placed_item_id])
    target_meeting = relationship("Meeting", foreign_keys=[target_meeting_id])
