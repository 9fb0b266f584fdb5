"""Follow-up actions (oppfølgingspunkter) created from decisions, and their progress notes."""
from datetime import date, datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import StrEnum, one_of, utcnow
from app.models.council import Council, Organisation, Person


class ActionStatus(StrEnum):
    OPEN = "open"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


class FollowUpAction(db.Model):
    __table_args__ = (
        CheckConstraint("responsible_organisation_id IS NOT NULL OR responsible_person_id IS NOT NULL",
                        name="has_owner"),
        CheckConstraint(one_of("status", ActionStatus.values()), name="status"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), index=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    description: Mapped[str] = mapped_column(Text)
    responsible_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    responsible_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    due_date: Mapped[date]
    due_label: Mapped[str | None] = mapped_column(String(100))  # "Q4 2022", "før jul"
    status: Mapped[str] = mapped_column(String(20), default=ActionStatus.OPEN, index=True)
    # The item of a later meeting where the action was reported back.
    reported_item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    version: Mapped[int] = mapped_column(default=1)

    council: Mapped[Council] = relationship()
    item = relationship("AgendaItem", foreign_keys=[item_id], back_populates="actions")
    reported_item = relationship("AgendaItem", foreign_keys=[reported_item_id])
    responsible_organisation: Mapped[Organisation | None] = relationship()
    responsible_person: Mapped[Person | None] = relationship()
    notes: Mapped[list["FollowUpNote"]] = relationship(order_by="FollowUpNote.created_at",
                                                        cascade="all, delete-orphan")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_open(self) -> bool:
        return self.status in OPEN_STATUSES

    def is_overdue(self, today: date) -> bool:
        return self.is_open and self.due_date < today

    @property
    def owner_label(self) -> str:
        parts = [p for p in (self.responsible_person and self.responsible_person.name,
                             self.responsible_organisation and self.responsible_organisation.label) if p]
        return ", ".join(parts)

    @property
    def due_text(self) -> str:
        from app.formatting import long_date
        return self.due_label or long_date(self.due_date)


class FollowUpNote(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    action_id: Mapped[int] = mapped_column(ForeignKey("follow_up_action.id"), index=True)
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author_name: Mapped[str | None] = mapped_column(String(200))
