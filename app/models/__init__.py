"""All models, importable from one place (Alembic and the services import from here)."""
from app.models.audit import AuditEvent
from app.models.case import Case, CaseLink
from app.models.council import Council, Membership, MembershipRole, Organisation, Person
from app.models.counter import NumberCounter
from app.models.document import CaseDocument
from app.models.meeting import (
    AgendaItem,
    AgendaItemPresenter,
    ItemKind,
    ItemStatus,
    ItemType,
    Meeting,
    MeetingKind,
    MeetingStatus,
    NoticeVersion,
    ProposalRevision,
)
from app.models.user import Role, User, UserRole

__all__ = [
    "AgendaItem", "AgendaItemPresenter", "AuditEvent", "Case", "CaseDocument", "CaseLink", "Council", "ItemKind",
    "ItemStatus", "ItemType", "Meeting", "MeetingKind", "MeetingStatus", "Membership",
    "MembershipRole", "NoticeVersion", "NumberCounter", "Organisation", "Person", "ProposalRevision", "Role", "User",
    "UserRole",
]
