"""All models, importable from one place (Alembic and the services import from here)."""
from app.models.archive import ArchiveExport, ExportStatus
from app.models.attendance import Attendance, AttendanceRole, AttendanceStatus
from app.models.audit import AuditEvent
from app.models.case import Case, CaseLink
from app.models.council import Council, Membership, MembershipRole, Organisation, Person
from app.models.counter import NumberCounter
from app.models.document import CaseDocument
from app.models.followup import OPEN_STATUSES, ActionStatus, FollowUpAction, FollowUpNote
from app.models.meeting import (
    AgendaItem,
    AgendaItemPresenter,
    ItemKind,
    ItemOutcome,
    ItemPurpose,
    ItemStatus,
    ItemType,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NoticeVersion,
    ProposalRevision,
)
from app.models.minutes import (
    ApprovalMethod,
    Minutes,
    MinutesComment,
    MinutesStatus,
    MinutesVersion,
    VersionKind,
)
from app.models.outbox import JobLock, OutboxMessage, OutboxStatus
from app.models.papers import GeneratedPaper, PaperFormat, PaperKind, PaperTemplate, PaperVariant
from app.models.participation import ConflictDeclaration, ItemInput
from app.models.proposal import CaseProposal, CaseProposalDocument, ProposalStatus
from app.models.queue import CaseQueueEntry, QueueReason
from app.models.user import AccountToken, Role, TokenPurpose, User, UserRole

__all__ = [
    "ArchiveExport", "ExportStatus",
    "AccountToken", "TokenPurpose", "OPEN_STATUSES", "ActionStatus", "AgendaItem", "AgendaItemPresenter", "ApprovalMethod", "Attendance",
    "AttendanceRole", "AttendanceStatus", "AuditEvent", "Case", "CaseDocument", "CaseLink", "CaseQueueEntry",
    "Council", "FollowUpAction", "FollowUpNote", "ItemKind", "ItemPurpose", "ItemOutcome", "ItemStatus", "ItemType", "JobLock",
    "Meeting", "MeetingKind", "MeetingStatus", "Membership", "MembershipRole", "Minutes", "MinutesComment",
    "MinutesStatus", "MinutesVersion", "NoticeVersion", "NumberCounter", "Organisation", "OutboxMessage",
    "OutboxStatus", "GeneratedPaper", "PaperFormat", "PaperKind", "PaperTemplate", "PaperVariant", "Person", "ProposalRevision", "QueueReason", "Role", "User", "UserRole",
    "VersionKind", "ConflictDeclaration", "ItemInput", "CaseProposal", "CaseProposalDocument",
    "ProposalStatus",
]
