"""Files attached to a case (vedlegg). The file itself lives under UPLOAD_FOLDER with a random
name; the original name is kept only for display and for the download's file name.

A document can be exempt from public access on its own, with its legal basis, inside a public
case (DOMAIN.md §9); every document of an exempt case is exempt too. Who sees what:
app/disclosure.py."""
from datetime import datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    DateTime,
    ForeignKey,
    String,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.extensions import db
from app.models.base import utcnow
from app.models.case import Case


class CaseDocument(db.Model):
    """One document of a case: "2022/123-4" is document 4 of case file 2022/123 (DOMAIN.md §4)."""

    __tablename__ = "case_document"
    __table_args__ = (
        UniqueConstraint("case_id", "number"),
        UniqueConstraint("stored_name"),
        CheckConstraint("size_bytes >= 0", name="size"),
        CheckConstraint("NOT exempt OR legal_basis IS NOT NULL", name="exempt_needs_basis"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    case_id: Mapped[int] = mapped_column(ForeignKey("cases.id"), index=True)
    number: Mapped[int]
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(120))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    exempt: Mapped[bool] = mapped_column(default=False, server_default=false())
    legal_basis: Mapped[str | None] = mapped_column(String(200))  # "offl. § 14"
    # When the document last became exempt: a public paper made before then may hold it.
    exempt_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    case: Mapped[Case] = relationship()

    @validates("exempt")
    def _note_exempt_since(self, _key, exempt):
        if exempt and not self.exempt:
            self.exempt_since = utcnow()
        return exempt

    @property
    def document_number(self) -> str:
        """'2022/123-4'."""
        return f"{self.case.file_number}-{self.number}"

    def __repr__(self) -> str:
        return f"<CaseDocument {self.case_id}-{self.number} {self.original_name!r}>"
