"""What members bring to a meeting before it starts: input (innspill) on an item and declarations
of a conflict of interest (habilitet). Forfall is an Attendance row (models/attendance.py)."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import utcnow
from app.models.council import Person


class ItemInput(db.Model):
    """A member's written input on an agenda item: one per person and item, edited by its author
    until the deadline or the meeting's start. As exempt as the item's case (app/disclosure.py)."""

    __tablename__ = "item_input"
    __table_args__ = (UniqueConstraint("item_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    item = relationship("AgendaItem")
    person: Mapped[Person] = relationship()

    __mapper_args__ = {"version_id_col": version}


class ConflictDeclaration(db.Model):
    """Habilitet: a member declares a conflict of interest on an item and leaves the room for it
    ("X fratrådte under behandlingen av sak 22/22")."""

    __tablename__ = "conflict_declaration"
    __table_args__ = (UniqueConstraint("item_id", "person_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    reason: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))

    item = relationship("AgendaItem")
    person: Mapped[Person] = relationship()
