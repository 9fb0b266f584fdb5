"""Case proposals (saksforslag): "alle aktører kan fremme sine e-helsesaker". A member, or a user
of a member organisation, proposes a case; the secretariat accepts it into the case register
(it gets its file number then) or declines it with a reason the proposer sees."""
from datetime import datetime

from sqlalchemy import BigInteger, CheckConstraint, DateTime, ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.base import StrEnum, one_of, utcnow
from app.models.case import Case
from app.models.council import Council, Organisation, Person


class ProposalStatus(StrEnum):
    SUBMITTED = "submitted"  # waiting for the secretariat
    ACCEPTED = "accepted"  # registered as a case
    DECLINED = "declined"
    WITHDRAWN = "withdrawn"  # by the proposer, before a decision


class CaseProposal(db.Model):
    __tablename__ = "case_proposal"
    __table_args__ = (
        CheckConstraint(one_of("status", ProposalStatus.values()), name="status"),
        CheckConstraint("NOT exempt OR legal_basis IS NOT NULL", name="exempt_needs_basis"),
        CheckConstraint("status != 'accepted' OR case_id IS NOT NULL", name="accepted_has_case"),
        CheckConstraint("status != 'declined' OR decline_reason IS NOT NULL", name="declined_has_reason"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(500))
    description: Mapped[str | None] = mapped_column(Text)
    council_id: Mapped[int] = mapped_column(ForeignKey("council.id"), index=True)
    item_type: Mapped[str | None] = mapped_column(String(20))  # the innretning wanted
    exempt: Mapped[bool] = mapped_column(default=False)
    legal_basis: Mapped[str | None] = mapped_column(String(200))
    public_title: Mapped[str | None] = mapped_column(String(500))
    proposer_user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    proposer_person_id: Mapped[int | None] = mapped_column(ForeignKey("person.id"))
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("organisation.id"))
    status: Mapped[str] = mapped_column(String(20), default=ProposalStatus.SUBMITTED)
    decline_reason: Mapped[str | None] = mapped_column(Text)
    case_id: Mapped[int | None] = mapped_column(ForeignKey("cases.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)
    decided_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    decided_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    version: Mapped[int] = mapped_column(default=1)

    council: Mapped[Council] = relationship()
    proposer_person: Mapped[Person | None] = relationship()
    organisation: Mapped[Organisation | None] = relationship()
    case: Mapped[Case | None] = relationship()
    documents: Mapped[list["CaseProposalDocument"]] = relationship(
        back_populates="proposal", order_by="CaseProposalDocument.id")

    __mapper_args__ = {"version_id_col": version}


class CaseProposalDocument(db.Model):
    """An attachment to a proposal, stored as case documents are (random name under UPLOAD_FOLDER);
    accepting the proposal makes it a document of the new case."""

    __tablename__ = "case_proposal_document"
    __table_args__ = (
        UniqueConstraint("stored_name"),
        CheckConstraint("size_bytes >= 0", name="size"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    proposal_id: Mapped[int] = mapped_column(ForeignKey("case_proposal.id"), index=True)
    original_name: Mapped[str] = mapped_column(String(255))
    stored_name: Mapped[str] = mapped_column(String(64))
    content_type: Mapped[str] = mapped_column(String(120))
    size_bytes: Mapped[int] = mapped_column(BigInteger)
    sha256: Mapped[str] = mapped_column(String(64))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=utcnow)

    proposal: Mapped[CaseProposal] = relationship(back_populates="documents")
