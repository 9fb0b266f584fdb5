"""Minutes (referat) of a meeting: their workflow, members' comments and frozen versions.

The content (attendance, each item's discussion, decision and follow-up actions) lives on the
meeting and its items while it is written; a MinutesVersion freezes it when the minutes are sent
for comments, approved or corrected, so that every version stays readable.
"""
from datetime import date, datetime

from sqlalchemy import JSON, CheckConstraint, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import StrEnum, one_of, utcnow


class MinutesStatus(StrEnum):
    DRAFT = "draft"
    COMMENTS = "comments"  # sent to the members for comments
    APPROVED = "approved"
    PUBLISHED = "published"


class ApprovalMethod(StrEnum):
    MEETING = "meeting"  # a "Godkjenning av referat" item at a later meeting
    CIRCULATION = "circulation"  # by e-mail circulation


class VersionKind(StrEnum):
    """Why a version was frozen: it decides who may read it (app/disclosure.py)."""

    COMMENTS = "comments"  # the draft sent (again) to the members for comments
    APPROVED = "approved"
    CORRECTION = "correction"  # approved minutes corrected, with a reason


class Minutes(db.Model):
    __table_args__ = (
        CheckConstraint(one_of("status", MinutesStatus.values()), name="status"),
        CheckConstraint(one_of("approval_method", ApprovalMethod.values(), nullable=True),
                        name="approval_method"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), unique=True)
    status: Mapped[str] = mapped_column(String(20), default=MinutesStatus.DRAFT)
    comment_deadline: Mapped[date | None]
    sent_for_comments_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    approval_method: Mapped[str | None] = mapped_column(String(20))
    approved_on: Mapped[date | None]
    approval_note: Mapped[str | None] = mapped_column(Text)
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    version: Mapped[int] = mapped_column(default=1)

    meeting = relationship("Meeting", back_populates="minutes")
    comments: Mapped[list["MinutesComment"]] = relationship(
        back_populates="minutes", order_by="MinutesComment.created_at")
    versions: Mapped[list["MinutesVersion"]] = relationship(order_by="MinutesVersion.number")

    __mapper_args__ = {"version_id_col": version}

    @property
    def locked(self) -> bool:
        return self.status in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED)


class MinutesVersion(db.Model):
    """The minutes as they stood at a step of the workflow or after a correction (read-only)."""

    __table_args__ = (UniqueConstraint("minutes_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20))  # VersionKind
    reason: Mapped[str] = mapped_column(Text)  # shown to readers; never decides anything
    content: Mapped[dict] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class MinutesComment(db.Model):
    """A member's comment on draft minutes, on one item or (item_id empty) on the whole."""

    id: Mapped[int] = mapped_column(primary_key=True)
    minutes_id: Mapped[int] = mapped_column(ForeignKey("minutes.id"), index=True)
    item_id: Mapped[int | None] = mapped_column(ForeignKey("agenda_item.id"))
    author_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    author_name: Mapped[str] = mapped_column(String(200))
    text: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    resolved_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    resolution: Mapped[str | None] = mapped_column(Text)

    minutes: Mapped[Minutes] = relationship(back_populates="comments")
