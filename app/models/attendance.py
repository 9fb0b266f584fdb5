"""Who attended a meeting (oppmøte): members, substitutes, observers, presenters, the secretariat."""
from sqlalchemy import CheckConstraint, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import StrEnum
from app.models.council import Person


class AttendanceRole(StrEnum):
    MEMBER = "member"
    SUBSTITUTE = "substitute"  # varamedlem who attended for a member
    OBSERVER = "observer"
    SECRETARIAT = "secretariat"
    OTHER = "other"  # presenters and other guests


class AttendanceStatus(StrEnum):
    PRESENT = "present"
    ABSENT = "absent"  # forfall


class Attendance(db.Model):
    __table_args__ = (
        UniqueConstraint("meeting_id", "person_id"),
        CheckConstraint("person_id IS NOT NULL OR name IS NOT NULL", name="person_or_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    name: Mapped[str | None] = mapped_column(String(200))
    role: Mapped[str] = mapped_column(String(20))
    status: Mapped[str] = mapped_column(String(20), default=AttendanceStatus.PRESENT)
    absence_reason: Mapped[str | None] = mapped_column(Text)
    # Forfall reported before the meeting (pre-filled on the attendance form).
    reported_in_advance: Mapped[bool] = mapped_column(default=False)
    substitute_for_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    position: Mapped[int] = mapped_column(default=0)

    person: Mapped[Person | None] = relationship(foreign_keys=[person_id])
    substitute_for: Mapped[Person | None] = relationship(foreign_keys=[substitute_for_id])

    @property
    def display_name(self) -> str:
        return self.person.name if self.person else self.name
