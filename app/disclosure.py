"""What a reader gets of exempt material (unntatt offentlighet, DOMAIN.md §9), in one place.

``app/authz`` answers "who is this reader?" (``can_view_case``, ``is_case_reader``,
``exempt_council_ids`` …). This module answers, on top of it, "may this reader see it, and what
do they see instead?" for a case, an agenda item, a case document, a follow-up action and the
minutes. Every page, paper (DOCX, PDF), CSV and e-mail that shows a case title, a document name
or an exempt text asks here, so the rule and its wording exist once:

- an exempt case the reader may not see keeps its number and shows its public title (or
  «Sak unntatt offentlighet») and "Unntatt offentlighet, jf. <hjemmel>"; nothing else of it;
- an exempt document (exempt by itself, or in an exempt case) the reader may not see is never
  named: pages and papers say that there is a document exempt under its legal basis, and its
  download is refused; readers with access see it marked with its legal basis;
- a follow-up action of an exempt case goes to the case's readers and to the person responsible
  for it (who sees what to do, not the case);
- the minutes' versions: the drafts sent for comments stay with the council's members and the
  secretariat, decided by the version's kind, never by its text.

Readers are a user (``current_user``), ``PUBLIC`` (anyone: anonymous pages, e-mails, the public
variant of a paper) or ``FULL_ACCESS`` (the full variant of a paper, which is only ever handed to
those who may see the council's exempt material: ``authz.can_read_paper``). Everything is decided
when the reader asks, never from what was true when a paper was written.

The texts are Norwegian, as the papers and e-mails are; pages show ``page_title`` /
``page_note``, which translate them into the interface language. This module sits low: it uses
only the models and authz, never app.services.
"""
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext
from sqlalchemy import exists, not_, or_, select, true
from sqlalchemy.orm import aliased

from app import authz
from app.extensions import db
from app.models import AgendaItem, Case, CaseDocument, FollowUpAction, Role, VersionKind


def N_(text: str) -> str:
    """Marks a text for the translation catalogue (pybabel extracts ``N_``) without translating it."""
    return text


HIDDEN_TITLE = N_("Sak unntatt offentlighet")
EXEMPT_NOTE = N_("Unntatt offentlighet, jf. %(basis)s")  # "…, jf. offl. § 14"

PUBLIC = None


class _FullAccess:
    """The reader of a full variant: sees every exempt text (and changes nothing)."""

    is_authenticated = True
    person = None
    roles = frozenset({Role.ARCHIVIST})


FULL_ACCESS = _FullAccess()


def exempt_note(legal_basis: str | None) -> str:
    """'Unntatt offentlighet, jf. offl. § 14' (Norwegian: papers, e-mails, CSV)."""
    return EXEMPT_NOTE % {"basis": legal_basis or ""}


# --- cases and agenda items ----------------------------------------------------------------------

@dataclass(frozen=True)
class Shown:
    """What a reader gets of a case or of an agenda item."""

    title: str  # the real title, else the public title, else HIDDEN_TITLE (Norwegian)
    hidden: bool = False  # the reader gets the title and the note only: no text, documents, actions
    exempt: bool = False  # the case is exempt (the note is shown to everyone)
    legal_basis: str | None = None
    placeholder: bool = False  # ``title`` is HIDDEN_TITLE

    @property
    def note(self) -> str:
        return exempt_note(self.legal_basis) if self.exempt else ""

    @property
    def page_title(self) -> str:
        return gettext(HIDDEN_TITLE) if self.placeholder else self.title

    @property
    def page_note(self) -> str:
        return gettext(EXEMPT_NOTE, basis=self.legal_basis or "") if self.exempt else ""


def _hidden(public_title: str | None, legal_basis: str | None) -> Shown:
    """What those without access get of an exempt case: its public title and legal basis."""
    return Shown(title=public_title or HIDDEN_TITLE, hidden=True, exempt=True,
                 legal_basis=legal_basis, placeholder=not public_title)


def may_see_case(case: Case, user, council_ids: set[int] | None = None) -> bool:
    return authz.can_view_case(user, case, council_ids)


def case_view(case: Case | None, user, council_ids: set[int] | None = None, *,
              title: str | None = None) -> Shown:
    """The case as ``user`` sees it. ``title`` is what a reader with access sees (an agenda
    item's own title; by default the case's); ``council_ids`` as for authz.can_view_case."""
    shown = title if title is not None else (case.title if case is not None else "")
    if case is None or not case.exempt:
        return Shown(shown)
    if authz.can_view_case(user, case, council_ids):
        return Shown(shown, exempt=True, legal_basis=case.legal_basis)
    return _hidden(case.public_title, case.legal_basis)


def item_view(item: AgendaItem, user, council_ids: set[int] | None = None) -> Shown:
    """An agenda item (its own title) as ``user`` sees it; a break is always shown."""
    return case_view(item.case, user, council_ids, title=item.title)


def public_item_title(item: AgendaItem) -> str:
    """An item's title as anyone may read it, for messages that do not know their reader (a
    service's refusal): an exempt case's public title, else «Sak unntatt offentlighet»."""
    case = item.case
    if case is None or not case.exempt:
        return item.title
    return _hidden(case.public_title, case.legal_basis).page_title


def _case_councils(case_ids: Iterable[int]) -> dict[int, set[int]]:
    """The councils each case has been on, in one query (authz.case_council_ids for many)."""
    councils: dict[int, set[int]] = defaultdict(set)
    ids = set(case_ids)
    if ids:
        for case_id, council_id in db.session.execute(
                select(AgendaItem.case_id, AgendaItem.council_id)
                .where(AgendaItem.case_id.in_(ids)).distinct()):
            councils[case_id].add(council_id)
    return councils


def _councils_for(user, case_ids: Iterable[int]) -> dict[int, set[int]] | None:
    """The councils of the given cases when the answer depends on them (the reader is a member
    of some council), looked up in one query; None when it does not (everything or nothing)."""
    if not authz.exempt_council_ids(user):  # None: sees every case; empty: sees none
        return None
    return _case_councils(case_ids)


def item_views(items: Iterable[AgendaItem], user) -> dict[int, Shown]:
    """Each item by id as ``user`` sees it, with at most one query for a whole agenda."""
    items = list(items)
    councils = _councils_for(user, {i.case_id for i in items if i.case is not None and i.case.exempt})
    return {i.id: item_view(i, user, None if councils is None else councils.get(i.case_id, set()))
            for i in items}


# --- documents -------------------------------------------------------------------------------------

def document_exempt(document: CaseDocument) -> bool:
    """Exempt by itself, or as a document of an exempt case."""
    return bool(document.exempt or document.case.exempt)


def document_legal_basis(document: CaseDocument) -> str | None:
    if document.exempt:
        return document.legal_basis
    return document.case.legal_basis if document.case.exempt else None


def document_visible(document: CaseDocument, user, council_ids: set[int] | None = None) -> bool:
    """May ``user`` open the document and see its name? ``council_ids``: its case's councils."""
    return not document_exempt(document) or authz.is_case_reader(user, document.case, council_ids)


@dataclass(frozen=True)
class DocumentShown:
    """A case document as a reader sees it in a list."""

    document: CaseDocument
    visible: bool  # may open it and see its name
    exempt: bool
    legal_basis: str | None

    @property
    def name(self) -> str | None:
        return self.document.original_name if self.visible else None

    @property
    def marked(self) -> bool:
        """Shown marked as exempt: a document exempt on its own (in an exempt case every document
        is, and the case says so)."""
        return self.visible and bool(self.document.exempt)

    @property
    def note(self) -> str:
        return exempt_note(self.legal_basis) if self.exempt else ""

    @property
    def page_note(self) -> str:
        return gettext(EXEMPT_NOTE, basis=self.legal_basis or "") if self.exempt else ""

    @property
    def line(self) -> str:
        """The document in a paper's list of attachments (Norwegian): its name (marked when
        exempt on its own); for a reader without access its number and legal basis only."""
        if not self.visible:
            return f"Dokument {self.document.document_number}: {self.note}"
        return f"{self.document.original_name} ({self.note})" if self.marked else self.document.original_name


def document_views(documents: Iterable[CaseDocument], user,
                   council_ids: set[int] | None = None) -> list[DocumentShown]:
    """The documents as ``user`` sees them, in the given order, with at most one query.
    ``council_ids``: the councils of their case, when they are all one case's and known."""
    documents = list(documents)
    councils = None
    if council_ids is None:
        councils = _councils_for(user, {d.case_id for d in documents if document_exempt(d)})
    views = []
    for d in documents:
        known = council_ids if councils is None else councils.get(d.case_id, set())
        exempt = document_exempt(d)
        views.append(DocumentShown(d, visible=not exempt or authz.is_case_reader(user, d.case, known),
                                   exempt=exempt, legal_basis=document_legal_basis(d)))
    return views


def public_document_title(document: CaseDocument) -> str:
    """A document's title as the public journal and the archive's offentligTittel give it: its
    name, or for an exempt document «Dokument 2022/38-1: Unntatt offentlighet, jf. …»."""
    shown = document_views([document], PUBLIC, council_ids=set())[0]
    return shown.name or shown.line


def public_case_title(case: Case) -> str:
    """An exempt case's title as the public may read it: its public title, else «Sak unntatt
    offentlighet» (in Norwegian: for documents and archive packages, not for a page)."""
    return case_view(case, PUBLIC).title


# --- follow-up actions -----------------------------------------------------------------------------

@dataclass(frozen=True)
class ActionShown:
    """A follow-up action as a reader sees it."""

    visible: bool  # may see the action (description, owner, due date, notes)
    item: Shown  # the agenda item it came from
    reported: Shown | None  # the item where it was reported back


def action_view(action: FollowUpAction, user) -> ActionShown:
    """Whoever may see its case, and the person responsible for it (authz.can_view_action): the
    responsible person sees what they must do (the description, the due date and its label),
    never more of an exempt case than the public. The reminder e-mails ask with
    ``authz.PersonReader(person)``."""
    return ActionShown(
        visible=authz.can_view_action(user, action), item=item_view(action.item, user),
        reported=item_view(action.reported_item, user) if action.reported_item is not None else None)


def visible_actions_condition(user):
    """SQL: the FollowUpAction rows ``user`` may see, by the same rule as ``action_view``
    (the readers of the action's case, by the councils the case has been on, and the person
    responsible)."""
    if authz.exempt_council_ids(user) is None:
        return true()
    item, case = aliased(AgendaItem), aliased(Case)
    hidden_case = exists().where(item.id == FollowUpAction.item_id, case.id == item.case_id,
                                 case.exempt, not_(authz.case_reader_condition(user, case.id)))
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    if person is None:
        return not_(hidden_case)
    return or_(not_(hidden_case), FollowUpAction.responsible_person_id == person.id)


# --- the agenda and the minutes --------------------------------------------------------------------

def agenda_hidden(meeting, user) -> bool:
    """A planned meeting's agenda is a draft, hidden from those who may not see drafts."""
    return not authz.can_view_agenda(user, meeting)


def may_see_minutes_comments(minutes, user) -> bool:
    """Comments are between the members and the secretariat, never public."""
    return authz.can_edit(user) or authz.is_member_of(user, minutes.meeting.council)


def visible_minutes_versions(minutes, user) -> list:
    """The secretariat, archivists and the council's members see every version; everyone else
    the versions from the approval on (the drafts went to the members only)."""
    versions = list(minutes.versions)
    if (authz.exempt_council_ids(user) is None
            or authz.is_member_of(user, minutes.meeting.council)):
        return versions
    start = next((n for n, v in enumerate(versions) if v.kind == VersionKind.APPROVED), len(versions))
    return versions[start:]


def minutes_items(content: dict, meeting, user) -> list[dict]:
    """The items of a minutes snapshot (services.minutes.snapshot, or a frozen version) for
    ``user``: an item exempt then or now that the user may not see keeps only its number, public
    title, legal basis (as they are now) and outcome: no discussion, decision or actions.
    ``meeting`` must have its items and their cases loaded."""
    items = {i.id: i for i in meeting.items}
    cases = {}
    for row in content["items"]:
        item = items.get(row["item_id"])
        if item is not None and item.case is not None and (row["exempt"] or item.case.exempt):
            cases[row["item_id"]] = item.case
    councils = _councils_for(user, {c.id for c in cases.values()})
    rows = []
    for row in content["items"]:
        case = cases.get(row["item_id"])
        if row["exempt"] or case is not None:
            if case is None:  # the item is gone: only those who see every case may read it
                known = set()
            else:
                known = None if councils is None else councils.get(case.id, set())
            if not authz.is_case_reader(user, case, known):
                now = case is not None and case.exempt
                shown = _hidden(case.public_title if now else row.get("public_title"),
                               case.legal_basis if now else row.get("legal_basis"))
                rows.append({
                    "item_id": row["item_id"], "number": row["number"], "hidden": True,
                    "title": shown.page_title, "legal_basis": shown.legal_basis,
                    "item_type": row["item_type"], "status": row["status"],
                    "outcome": row["outcome"], "postponed_to": row.get("postponed_to"),
                    "sent_on_to": row["sent_on_to"], "discussion": None, "decision": None,
                    "input_summary": None, "actions": []})
                continue
        rows.append(dict(row, hidden=False))
    return rows


# --- members' input (innspill) ---------------------------------------------------------------------

def visible_inputs(inputs: Iterable, user) -> list:
    """The inputs (ItemInput) ``user`` may read: the secretariat, admins and archivists all, an
    author their own; input on an exempt case only for those who may see the case, so that a
    reader without access learns neither its text nor that it exists (authz.inputs)."""
    from app.authz.inputs import can_read_input

    return [item_input for item_input in inputs if can_read_input(user, item_input)]
