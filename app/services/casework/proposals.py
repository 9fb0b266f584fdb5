"""Case proposals (saksforslag): "alle aktører kan fremme sine e-helsesaker".

A member, or a registered user of a member organisation, submits a proposal with its
attachments; the secretariat accepts it into the case register (it gets its case file number
then, and its attachments become the case's documents) or declines it with a reason the proposer
sees; the proposer may withdraw it while it waits. A decision is taken once: a second accept or
decline (or one from a page opened before the first) is refused with a clear message.

Files are stored as case documents are (services/casework/documents.py). A file written by a
unit of work that fails must be removed by the caller: each function that writes files takes a
``written`` list and appends the stored name of every file it writes, and removes them itself
when it refuses.
"""
from flask_babel import lazy_gettext as _l
from sqlalchemy import case as sql_case
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app.authz.proposals import can_propose_case, council_is_active
from app.extensions import db
from app.models import Case, Council, ItemType, User
from app.models.case import CASE_FIELDS
from app.models.proposal import CaseProposal, CaseProposalDocument, ProposalStatus
from app.services import FieldError, ServiceError
from app.services.casework import documents
from app.services.casework.cases import create_case
from app.services.core import clock, mail
from app.services.core.records import add

REASON_MAX = 5000
MAX_FILES = 20

STATUS_LABELS = {
    ProposalStatus.SUBMITTED: _l("Til behandling"),
    ProposalStatus.ACCEPTED: _l("Godtatt"),
    ProposalStatus.DECLINED: _l("Avvist"),
    ProposalStatus.WITHDRAWN: _l("Trukket tilbake"),
}


def proposable_councils() -> list[Council]:
    """The councils a case may be proposed for today (active ones), by code."""
    return [c for c in db.session.scalars(select(Council).order_by(Council.code)) if council_is_active(c)]


def _text(name: str, value: str | None) -> str | None:
    declared = CASE_FIELDS[name]
    tidied = declared.tidy(value)
    message = declared.length_error(tidied)
    if message:
        raise FieldError(name, _l(declared.too_long_message(), max=declared.max_length,
                                  label=_l(declared.label)))
    return tidied


def _checked_fields(title, description, council_id, item_type, exempt, legal_basis,
                    public_title) -> dict:
    title = _text("title", title)
    if not title:
        raise FieldError("title", _l("Skriv tittelen på saken du foreslår."))
    council = db.session.get(Council, council_id) if isinstance(council_id, int) else None
    if council is None or not council_is_active(council):
        raise FieldError("council", _l("Velg et utvalg som finnes og er aktivt."))
    if item_type not in ItemType.values():
        raise FieldError("item_type", _l("Velg en innretning fra listen."))
    exempt = bool(exempt)
    basis = _text("legal_basis", legal_basis) if exempt else None
    if exempt and not basis:
        raise FieldError("legal_basis", _l("Et saksforslag som er unntatt offentlighet må ha hjemmel "
                                           "(f.eks. offl. § 15 første ledd)."))
    return {"title": title, "description": _text("description", description), "council": council,
            "item_type": item_type, "exempt": exempt, "legal_basis": basis,
            "public_title": _text("public_title", public_title) if exempt else None}


def submit(user, *, title: str | None, council_id: int | None, item_type: str | None,
           description: str | None = None, exempt: bool = False, legal_basis: str | None = None,
           public_title: str | None = None, files=(), written: list[str] | None = None) -> CaseProposal:
    """Submit a proposal as ``user`` with its attachments (``files``: (stream, file name) pairs).
    Every stored file's name goes into ``written``; on a refusal nothing stays on disk."""
    if not can_propose_case(user):
        raise ServiceError(_l("Bare medlemmer av et utvalg og brukere fra en medlemsvirksomhet kan "
                              "fremme saker."))
    values = _checked_fields(title, description, council_id, item_type, exempt, legal_basis,
                             public_title)
    files = [(stream, name) for stream, name in files if name]
    if len(files) > MAX_FILES:
        raise FieldError("files", _l("Du kan legge ved høyst %(max)s filer.", max=MAX_FILES))
    written = [] if written is None else written
    person = user.person
    try:
        proposal = add(CaseProposal(
            **values, proposer_user_id=user.id, proposer_person_id=person.id,
            organisation_id=person.organisation_id, status=ProposalStatus.SUBMITTED))
        for stream, name in files:
            try:
                stored = documents.store_upload(stream, name)
            except ServiceError as error:
                raise FieldError("files", str(error)) from None
            written.append(stored.stored_name)
            add(CaseProposalDocument(
                proposal=proposal, original_name=stored.display_name, stored_name=stored.stored_name,
                content_type=stored.content_type, size_bytes=stored.size_bytes, sha256=stored.sha256))
    except BaseException:
        discard(written)
        raise
    return proposal


def discard(written: list[str]) -> None:
    """Remove files written by a unit of work that did not commit."""
    for stored_name in written:
        documents.discard_file(stored_name)
    written.clear()


def _lock_submitted(proposal: CaseProposal, version: int | None) -> CaseProposal:
    """The proposal, locked, if it still waits and (when ``version`` is given) has not changed
    since the page was opened; else a refusal that says what became of it."""
    locked = db.session.scalar(select(CaseProposal).where(CaseProposal.id == proposal.id)
                               .with_for_update().execution_options(populate_existing=True))
    if locked.status != ProposalStatus.SUBMITTED:
        raise ServiceError(_l("Saksforslaget er allerede behandlet (%(status)s). Ingenting ble endret.",
                              status=STATUS_LABELS[locked.status]))
    if version is not None and version != locked.version:
        raise ServiceError(_l("Saksforslaget er endret siden du åpnet siden. Se over og prøv igjen."))
    return locked


def _decided(proposal: CaseProposal, status: str, by, **fields) -> None:
    proposal.status = status
    proposal.decided_at = clock.now()
    proposal.decided_by_id = getattr(by, "id", None)
    for name, value in fields.items():
        setattr(proposal, name, value)
    db.session.flush()


def withdraw(proposal: CaseProposal, user, version: int | None = None) -> CaseProposal:
    """The proposer takes the proposal back while it waits."""
    if proposal.proposer_user_id != getattr(user, "id", None):
        raise ServiceError(_l("Bare den som fremmet saksforslaget kan trekke det tilbake."))
    proposal = _lock_submitted(proposal, version)
    proposal.status = ProposalStatus.WITHDRAWN
    db.session.flush()
    return proposal


def accept(proposal: CaseProposal, user, version: int | None = None,
           written: list[str] | None = None) -> Case:
    """Register the proposal as a case (its file number from the numbering service) with the
    proposal's title, description, submitter, item's public access and attachments (copied,
    SHA-256 checked); the proposer is told by e-mail."""
    proposal = _lock_submitted(proposal, version)
    case = create_case(
        proposal.title, description=proposal.description,
        submitted_by_organisation_id=proposal.organisation_id,
        submitted_by_person_id=proposal.proposer_person_id, exempt=proposal.exempt,
        legal_basis=proposal.legal_basis, public_title=proposal.public_title)
    written = [] if written is None else written
    try:
        for attachment in proposal.documents:
            stored_name = documents.copy_stored(attachment.stored_name, attachment.sha256)
            written.append(stored_name)
            documents.register_stored(case, documents.StoredFile(
                attachment.original_name, stored_name, attachment.content_type,
                attachment.size_bytes, attachment.sha256), user)
    except BaseException:
        discard(written)
        raise
    _decided(proposal, ProposalStatus.ACCEPTED, user, case_id=case.id)
    _tell_proposer(proposal)
    return case


def decline(proposal: CaseProposal, user, reason: str | None, version: int | None = None) -> CaseProposal:
    """Decline with a reason the proposer sees; the proposer is told by e-mail."""
    reason = (reason or "").strip()
    if not reason:
        raise FieldError("reason", _l("Skriv begrunnelsen forslagsstilleren skal få."))
    if len(reason) > REASON_MAX:
        raise FieldError("reason", _l("Begrunnelsen kan ha høyst %(max)s tegn.", max=REASON_MAX))
    proposal = _lock_submitted(proposal, version)
    _decided(proposal, ProposalStatus.DECLINED, user, decline_reason=reason)
    _tell_proposer(proposal)
    return proposal


def _tell_proposer(proposal: CaseProposal) -> None:
    """No title in the e-mail (e-mails may be forwarded; the proposal may be exempt): the status
    and the link to the page, which checks access."""
    proposer = db.session.get(User, proposal.proposer_user_id)
    if proposer is None or not proposer.email:
        return
    link = mail.external_url("proposals.show", proposal_id=proposal.id)
    mail.queue(proposer.email, "Saksforslaget ditt er behandlet",
               f"Saksforslaget ditt (nr. {proposal.id}) er behandlet av sekretariatet.\n\n"
               f"Se resultatet her: {link}\n\nHilsen sekretariatet\n", "proposal_decided")


# --- reading ------------------------------------------------------------------------------------

def _with_details(query):
    return query.options(joinedload(CaseProposal.council), joinedload(CaseProposal.case),
                         joinedload(CaseProposal.proposer_person), joinedload(CaseProposal.organisation),
                         selectinload(CaseProposal.documents))


def proposals_of(user) -> list[CaseProposal]:
    """The user's own proposals, newest first (two queries)."""
    if not getattr(user, "is_authenticated", False):
        return []
    return db.session.scalars(_with_details(select(CaseProposal)).where(
        CaseProposal.proposer_user_id == user.id)
        .order_by(CaseProposal.created_at.desc(), CaseProposal.id.desc())).unique().all()


def queue(council: Council | None = None) -> list[CaseProposal]:
    """The secretariat's queue: waiting proposals first (oldest first), then the decided ones
    (newest first), of one council or all. Two queries."""
    waiting_first = sql_case((CaseProposal.status == ProposalStatus.SUBMITTED, 0), else_=1)
    # Waiting: oldest first; decided: newest first.
    order = sql_case((CaseProposal.status == ProposalStatus.SUBMITTED, CaseProposal.id),
                     else_=-CaseProposal.id)
    query = _with_details(select(CaseProposal)).order_by(waiting_first, order)
    if council is not None:
        query = query.where(CaseProposal.council_id == council.id)
    return db.session.scalars(query).unique().all()


def waiting_count() -> int:
    """How many proposals wait for the secretariat (the «Saksforslag (N nye)» link)."""
    return db.session.scalar(select(func.count(CaseProposal.id)).where(
        CaseProposal.status == ProposalStatus.SUBMITTED)) or 0


def proposal_document(proposal: CaseProposal, document_id: int) -> CaseProposalDocument | None:
    return db.session.scalar(select(CaseProposalDocument).where(
        CaseProposalDocument.proposal_id == proposal.id, CaseProposalDocument.id == document_id))

