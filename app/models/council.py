"""Organisations, councils, people and their memberships."""
from datetime import date

from sqlalchemy import CheckConstraint, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import StrEnum

DEFAULT_CASE_NUMBER_FORMAT = "{seq}/{yy}"


class Organisation(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str | None] = mapped_column(String(50))

    @property
    def label(self) -> str:
        """How the papers' tight columns name the organisation: its short name (NAV, FHI, KS)
        when it has one (app.formatting.organisation_short, where the rule is written)."""
        from app.formatting import organisation_short

        return organisation_short(self)

    def __repr__(self) -> str:
        return f"<Organisation {self.name}>"


class Council(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(10), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    active_from: Mapped[date | None]
    active_to: Mapped[date | None]
    secretariat_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    case_number_format: Mapped[str] = mapped_column(String(40), default=DEFAULT_CASE_NUMBER_FORMAT)

    secretariat: Mapped[Organisation | None] = relationship()
    memberships: Mapped[list["Membership"]] = relationship(back_populates="council")

    def __repr__(self) -> str:
        return f"<Council {self.code}>"


class Person(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str | None] = mapped_column(String(200))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    email: Mapped[str | None] = mapped_column(String(254))

    organisation: Mapped[Organisation | None] = relationship()
    memberships: Mapped[list["Membership"]] = relationship(back_populates="person")

    def __repr__(self) -> str:
        return f"<Person {self.name}>"


class MembershipRole(StrEnum):
    LEADER = "leder"
    DEPUTY_LEADER = "nestleder"
    MEMBER = "medlem"
    SUBSTITUTE = "varamedlem"
    OBSERVER = "observatør"
    SECRETARIAT = "sekretariat"


class Membership(db.Model):
    """A person's seat in a council for a period. Ended by setting valid_to, never deleted."""

    __table_args__ = (
        CheckConstraint(
            "valid_to IS NULL OR valid_from IS NULL OR valid_to >= valid_from", name="period"
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    person_id: Mapped[int] = mapped_column(ForeignKey("person.id"), index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), index=True)
    role: Mapped[str] = mapped_column(String(20))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    valid_from: Mapped[date | None]
    valid_to: Mapped[date | None]

    person: Mapped[Person] = relationship(back_populates="memberships")
    council: Mapped[Council] = relationship(back_populates="memberships")
    organisation: Mapped[Organisation | None] = relationship()

    def active_on(self, day: date) -> bool:
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or day <= self.valid_to
        )
