"""Archive exports (arkivuttrekk): one row per package an archivist asked for, with what it held,
who asked, how far the background job has come and the checksum of the finished ZIP."""
from datetime import date, datetime

from sqlalchemy import JSON, BigInteger, CheckConstraint, DateTime, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import StrEnum, one_of, utcnow
from app.models.council import Council


class ExportStatus(StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DONE = "done"
    FAILED = "failed"


class ArchiveExport(db.Model):
    __table_args__ = (
        CheckConstraint(one_of("status", ExportStatus.values()), name="status"),
        CheckConstraint("period_from <= period_to", name="period"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int | None] = mapped_column(ForeignKey("council.id"))  # None: all councils
    period_from: Mapped[date]
    period_to: Mapped[date]
    status: Mapped[str] = mapped_column(String(20), default=ExportStatus.QUEUED)
    progress: Mapped[str | None] = mapped_column(String(200))  # the step the job is on, in words
    requested_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    requested_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    package_name: Mapped[str | None] = mapped_column(String(200))  # the folder inside the ZIP
    zip_storage_name: Mapped[str | None] = mapped_column(String(100), unique=True)
    zip_size: Mapped[int | None] = mapped_column(BigInteger)
    zip_sha256: Mapped[str | None] = mapped_column(String(64))
    # SHA-256 of the package's arkivuttrekk.xml, which holds the checksums of every other XML and
    # XSD (and arkivstruktur.xml those of the documents): it pins the whole package, also one
    # written to a folder from the command line (which has no ZIP).
    package_sha256: Mapped[str | None] = mapped_column(String(64))
    report: Mapped[dict | None] = mapped_column(JSON)  # counts, exported and skipped meetings
    error: Mapped[str | None] = mapped_column(Text)

    council: Mapped[Council | None] = relationship()
    requested_by = relationship("User", foreign_keys=[requested_by_id])
