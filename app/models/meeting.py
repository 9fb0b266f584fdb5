"""Meetings and their agenda items."""
from datetime import date, datetime, time

from sqlalchemy import (
    JSON,
    CheckConstraint,
    DateTime,
    ForeignKey,
    ForeignKeyConstraint,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship, validates

from app.extensions import db
from app.models.base import StrEnum, one_of, utcnow
from app.models.case import Case
from app.models.council import Council, Organisation, Person


class MeetingKind(StrEnum):
    ORDINARY = "ordinary"
    EXTRAORDINARY = "extraordinary"


class MeetingStatus(StrEnum):
    PLANNED = "planned"
    ISSUED = "issued"  # innkalling sendt
    HELD = "held"
    CANCELLED = "cancelled"


class Meeting(db.Model):
    __table_args__ = (
        UniqueConstraint("council_id", "year", "number"),
        # The target of agenda_item's (meeting_id, council_id) foreign key.
        UniqueConstraint("id", "council_id"),
        CheckConstraint(one_of("status", MeetingStatus.values()), name="status"),
        CheckConstraint(one_of("kind", MeetingKind.values()), name="kind"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), index=True)
    year: Mapped[int]
    number: Mapped[int]
    kind: Mapped[str] = mapped_column(String(20), default=MeetingKind.ORDINARY)
    date: Mapped[date]
    start_time: Mapped[time]
    end_time: Mapped[time | None]  # "Møtet ble avsluttet kl.", recorded when it is held
    location: Mapped[str | None] = mapped_column(String(300))
    video_url: Mapped[str | None] = mapped_column(String(500))
    status: Mapped[str] = mapped_column(String(20), default=MeetingStatus.PLANNED)
    cancel_reason: Mapped[str | None] = mapped_column(Text)
    notice_issued_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    notice_issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # The "Godkjenning av referat" item (at a later meeting) that approved this meeting's minutes.
    minutes_approved_by_item_id: Mapped[int | None] = mapped_column(
        ForeignKey("agenda_item.id", use_alter=True))
    chair_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))  # møteleder
    minute_taker_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))  # referent
    # iCalendar SEQUENCE: raised whenever what a calendar shows changes (time, place, status), so
    # that calendar clients update the event instead of adding a second one.
    calendar_sequence: Mapped[int] = mapped_column(default=0, server_default="0")

    council: Mapped[Council] = relationship()
    chair: Mapped[Person | None] = relationship(foreign_keys=[chair_id])
    minute_taker: Mapped[Person | None] = relationship(foreign_keys=[minute_taker_id])
    minutes = relationship("Minutes", back_populates="meeting", uselist=False)
    attendance = relationship("Attendance", order_by="Attendance.position")
    items: Mapped[list["AgendaItem"]] = relationship(
        back_populates="meeting",
        order_by="AgendaItem.position",
        foreign_keys="AgendaItem.meeting_id",
        primaryjoin="Meeting.id == AgendaItem.meeting_id",
    )

    @validates("date", "start_time", "end_time", "location", "video_url", "status")
    def _raise_calendar_sequence(self, key, value):
        old = getattr(self, key)
        if old is not None and old != value:
            self.calendar_sequence = (self.calendar_sequence or 0) + 1
        return value

    @property
    def label(self) -> str:
        """'Møte 3/22'."""
        return f"Møte {self.number}/{self.year % 100:02d}"

    def __repr__(self) -> str:
        return f"<Meeting {self.council_id} {self.number}/{self.year}>"


class NoticeVersion(db.Model):
    """The agenda as it stood when the notice was issued (frozen; later changes are compared to it)."""

    __table_args__ = (UniqueConstraint("meeting_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meeting.id"), index=True)
    number: Mapped[int]
    issued_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    issued_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    agenda: Mapped[list] = mapped_column(JSON)


class ItemKind(StrEnum):
    CASE = "case"
    BREAK = "break"


class ItemPurpose(StrEnum):
    """What an agenda item is for. The standard items are found by this, never by their title."""

    CASE = "case"
    APPROVE_NOTICE = "approve_notice"  # Godkjenning av innkalling og dagsorden
    APPROVE_MINUTES = "approve_minutes"  # Godkjenning av referat fra …
    FOLLOW_UP = "follow_up"  # Oppfølgingspunkter fra tidligere møter
    ANY_OTHER_BUSINESS = "any_other_business"  # Eventuelt
    BREAK = "break"


# The standard items of every agenda: they get a meeting case number but no case file of their
# own (their decisions belong to the meeting, not to a case).
ROUTINE_PURPOSES = frozenset({ItemPurpose.APPROVE_NOTICE, ItemPurpose.APPROVE_MINUTES,
                              ItemPurpose.FOLLOW_UP, ItemPurpose.ANY_OTHER_BUSINESS})


class ItemType(StrEnum):
    """Innretning."""

    APPROVAL = "Godkjenning"
    INFORMATION = "Orientering"
    DISCUSSION = "Drøfting"
    RECOMMENDATION = "Anbefaling"
    DECISION = "Beslutning"


class ItemOutcome(StrEnum):
    """What the council did with an item, as recorded on the day."""

    DECIDED = "decided"  # vedtak fattet
    INFORMATION = "information"  # tatt til orientering
    POSTPONED = "postponed"
    WITHDRAWN = "withdrawn"
    SENT_ON = "sent_on"  # sendt videre til et annet utvalg


class ItemStatus(StrEnum):
    PLANNED = "planned"
    TREATED = "treated"
    POSTPONED = "postponed"
    WITHDRAWN = "withdrawn"


class AgendaItem(db.Model):
    """A row of a meeting's agenda: a case (with a meeting case number once issued) or a break.

    ``council_id`` repeats the meeting's council so that the database itself keeps meeting case
    numbers unique per council and year.
    """

    __table_args__ = (
        UniqueConstraint("council_id", "case_year", "case_seq"),
        # An item's council is its meeting's council.
        ForeignKeyConstraint(["meeting_id", "council_id"], ["meeting.id", "meeting.council_id"]),
        CheckConstraint("duration_minutes IS NULL OR duration_minutes >= 0", name="duration"),
        CheckConstraint("kind = 'case' OR case_seq IS NULL", name="breaks_unnumbered"),
        CheckConstraint(one_of("kind", ItemKind.values()), name="kind"),
        CheckConstraint(one_of("purpose", ItemPurpose.values()), name="purpose"),
        CheckConstraint("(kind = 'break') = (purpose = 'break')", name="break_purpose"),
        CheckConstraint(one_of("status", ItemStatus.values()), name="status"),
        CheckConstraint(one_of("outcome", ItemOutcome.values(), nullable=True), name="outcome"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(index=True)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"))
    position: Mapped[int]
    kind: Mapped[str] = mapped_column(String(10), default=ItemKind.CASE)
    purpose: Mapped[str] = mapped_column(String(30), default=ItemPurpose.CASE)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"), index=True)
    case_year: Mapped[int | None]
    case_seq: Mapped[int | None]
    title: Mapped[str] = mapped_column(String(500))
    item_type: Mapped[str | None] = mapped_column(String(20))
    presenting_organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    duration_minutes: Mapped[int | None]
    pinned_start: Mapped[time | None]
    subitems: Mapped[list] = mapped_column(JSON, default=list)
    proposal_heading: Mapped[str | None] = mapped_column(String(200))
    proposal_body: Mapped[dict | None] = mapped_column(JSON)
    status: Mapped[str] = mapped_column(String(20), default=ItemStatus.PLANNED)
    postponed_to_date: Mapped[date | None]
    postponed_to_meeting_id: Mapped[int | None] = mapped_column(ForeignKey("meeting.id"))
    changed_after_issue: Mapped[bool] = mapped_column(default=False)
    # Recorded on the meeting day (the minutes): outcome, decision (same shape as the proposal)
    # and a short summary of the discussion.
    outcome: Mapped[str | None] = mapped_column(String(20))
    decision_body: Mapped[dict | None] = mapped_column(JSON)
    discussion: Mapped[str | None] = mapped_column(Text)
    sent_on_council_id: Mapped[int | None] = mapped_column(ForeignKey("council.id"))
    # Input (innspill) from the members: asked for by the secretariat, with a deadline; a summary
    # of what came in may go into the minutes.
    input_requested: Mapped[bool] = mapped_column(default=False, server_default=false())
    input_deadline: Mapped[date | None]
    input_summary: Mapped[str | None] = mapped_column(Text)
    version: Mapped[int] = mapped_column(default=1)

    meeting: Mapped[Meeting] = relationship(back_populates="items", foreign_keys=[meeting_id],
                                            primaryjoin="AgendaItem.meeting_id == Meeting.id")
    council: Mapped[Council] = relationship(foreign_keys=[council_id])
    case: Mapped[Case | None] = relationship()
    presenting_organisation: Mapped[Organisation | None] = relationship()
    postponed_to_meeting: Mapped[Meeting | None] = relationship(foreign_keys=[postponed_to_meeting_id])
    presenters: Mapped[list["AgendaItemPresenter"]] = relationship(
        order_by="AgendaItemPresenter.position", cascade="all, delete-orphan"
    )
    proposal_revisions: Mapped[list["ProposalRevision"]] = relationship(
        order_by="ProposalRevision.number", cascade="all, delete-orphan"
    )
    sent_on_council: Mapped[Council | None] = relationship(foreign_keys=[sent_on_council_id])
    actions = relationship("FollowUpAction", foreign_keys="FollowUpAction.item_id",
                           back_populates="item", order_by="FollowUpAction.id")

    __mapper_args__ = {"version_id_col": version}

    @property
    def is_case(self) -> bool:
        return self.kind == ItemKind.CASE

    @property
    def is_routine(self) -> bool:
        """A standard item ("Eventuelt", "Godkjenning av referat" …): numbered, but no case file."""
        return self.purpose in ROUTINE_PURPOSES

    @property
    def takes_time(self) -> bool:
        return self.status not in (ItemStatus.POSTPONED, ItemStatus.WITHDRAWN)


class AgendaItemPresenter(db.Model):
    """One presenter of an item: a registered person or a free-text name."""

    __table_args__ = (
        CheckConstraint("person_id IS NOT NULL OR name IS NOT NULL", name="person_or_name"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    position: Mapped[int]
    person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    name: Mapped[str | None] = mapped_column(String(200))

    person: Mapped[Person | None] = relationship()

    @property
    def display_name(self) -> str:
        return self.person.name if self.person else self.name


class ProposalRevision(db.Model):
    """Every saved version of an item's decision proposal; the item holds the current one."""

    __table_args__ = (UniqueConstraint("item_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    item_id: Mapped[int] = mapped_column(ForeignKey("agenda_item.id"), index=True)
    number: Mapped[int]
    heading: Mapped[str | None] = mapped_column(String(200))
    body: Mapped[dict | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
