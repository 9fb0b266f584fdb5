"""The meeting papers the system writes (agenda, minutes, meeting book) and the Word templates
they are written from."""
from datetime import datetime

from sqlalchemy import DateTime, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db
from app.models.base import StrEnum, utcnow


class PaperKind(StrEnum):
    AGENDA = "agenda"  # innkalling og dagsorden
    MINUTES = "minutes"  # referat
    MEETING_BOOK = "meeting_book"  # samlet saksdokument (PDF only)


class PaperVariant(StrEnum):
    FULL = "full"
    PUBLIC = "public"  # exempt content left out


class PaperFormat(StrEnum):
    DOCX = "docx"
    PDF = "pdf"


class GeneratedPaper(db.Model):
    """One generated file, kept for ever: regenerating makes a new version, so the exact file
    that was sent can be found again (who, when, SHA-256)."""

    __table_args__ = (UniqueConstraint("meeting_id", "kind", "variant", "format", "version"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    variant: Mapped[str] = mapped_column(String(10))
    format: Mapped[str] = mapped_column(String(10))
    version: Mapped[int]
    filename: Mapped[str] = mapped_column(String(200))
    storage_name: Mapped[str] = mapped_column(String(100), unique=True)
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64))
    template_id: Mapped[int | None] = mapped_column(ForeignKey("paper_template.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class PaperTemplate(db.Model):
    """A council's own Word template for a kind of paper (uploaded in the admin pages). The newest
    active one is used; without one, the built-in template under templates/docx/ is."""

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    filename: Mapped[str] = mapped_column(String(200))
    storage_name: Mapped[str] = mapped_column(String(100), unique=True)
    sha256: Mapped[str] = mapped_column(String(64))
    active: Mapped[bool] = mapped_column(default=True)
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    uploaded_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
