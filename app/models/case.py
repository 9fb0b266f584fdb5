"""Cases: the persistent matter, numbered once as a file ("2022/123") for its whole life."""
from datetime import datetime

from sqlalchemy import CheckConstraint, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.extensions import db
from app.models.base import utcnow
from app.models.council import Organisation, Person
from app.models.fields import FLAG, ORGANISATION, PERSON, Field, Fields


class Case(db.Model):
    __tablename__ = "cases"
    __table_args__ = (
        UniqueConstraint("file_year", "file_seq"),
        CheckConstraint("NOT exempt OR legal_basis IS NOT NULL", name="exempt_needs_basis"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    file_year: Mapped[int]
    file_seq: Mapped[int]
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    submitted_by_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    submitted_by_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    exempt: Mapped[bool] = mapped_column(default=False)
    legal_basis: Mapped[str | None] = mapped_column(String(200))
    public_title: Mapped[str | None] = mapped_column(String(500))
    external_reference: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    # When the case last became exempt: a public paper made before then may hold its real content.
    exempt_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    submitted_by_organisation: Mapped[Organisation | None] = relationship()
    submitted_by_person: Mapped[Person | None] = relationship()

    @validates("exempt")
    def _note_exempt_since(self, _key, exempt):
        if exempt and not self.exempt:
            self.exempt_since = utcnow()
        return exempt

    @property
    def file_number(self) -> str:
        return f"{self.file_year}/{self.file_seq}"

    def __repr__(self) -> str:
        return f"<Case {self.file_number} {self.title[:30]!r}>"


# What a case page, its form, the service and the YAML import/export know about a case. A public
# case keeps no legal basis or public title (services/cases.py).
CASE_FIELDS = Fields(
    Case,
    Field("title", "Tittel", required=True, too_long="Tittelen kan ha høyst %(max)s tegn."),
    Field("description", "Beskrivelse", max_length=20000, multiline=True),
    Field("submitted_by_organisation", "Innsendt av virksomhet", kind=ORGANISATION),
    Field("submitted_by_person", "Innsendt av person", kind=PERSON),
    Field("exempt", "Unntatt offentlighet", kind=FLAG),
    Field("legal_basis", "Hjemmel", too_long="Hjemmelen kan ha høyst %(max)s tegn."),
    Field("public_title", "Offentlig tittel",
          too_long="Den offentlige tittelen kan ha høyst %(max)s tegn."),
    Field("external_reference", "Ekstern referanse"),
)


class CaseLink(db.Model):
    """A link between two related cases, stored once (lower id first)."""

    __table_args__ = (
        UniqueConstraint("case_id", "related_case_id"),
        CheckConstraint("case_id < related_case_id", name="ordered"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
    related_case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"))
