"""The agenda (innkalling og dagsorden) as a docxtpl context: see papers.py for the keys."""

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import disclosure
from app.extensions import db
from app.formatting import clock, join_names, long_date
from app.models import (
    AgendaItem,
    CaseDocument,
    Meeting,
    MembershipRole,
)
from app.services.paperwork.paper_parts import (
    DEFAULT_PROPOSAL_HEADING,
    WITHDRAWN_TEXT,
    _case_heading,
    _clean,
    _confidential,
    _council_facts,
    _meeting_facts,
    _paragraphs,
    _secretariat,
    proposal_blocks,
)
from app.services.planning import agenda
from app.services.registry import councils


def _people(meeting: Meeting) -> tuple[list[dict], list[dict]]:
    """Members and observers on the meeting day, leader first (as the council's page lists them)."""
    current = councils.split_memberships(councils.council_memberships(meeting.council),
                                         meeting.date)["current"]

    def person(m) -> dict:
        org = m.organisation or m.person.organisation
        suffix = f" ({m.role})" if m.role in (MembershipRole.LEADER, MembershipRole.DEPUTY_LEADER,
                                              MembershipRole.SUBSTITUTE) else ""
        return {"name": _clean(m.person.name) + suffix, "title": _clean(m.person.title),
                "organisation": _clean(org.name) if org else ""}

    members = [person(m) for m in current
               if m.role not in (MembershipRole.OBSERVER, MembershipRole.SECRETARIAT)]
    observers = [person(m) for m in current if m.role == MembershipRole.OBSERVER]
    return members, observers


def _documents(case_ids: set[int], reader) -> dict[int, list[disclosure.DocumentShown]]:
    """Each case's attached documents as ``reader`` gets them (one query for the whole agenda)."""
    if not case_ids:
        return {}
    found: dict[int, list[disclosure.DocumentShown]] = {}
    documents = db.session.scalars(
        select(CaseDocument).where(CaseDocument.case_id.in_(case_ids))
        .options(joinedload(CaseDocument.case))
        .order_by(CaseDocument.case_id, CaseDocument.number))
    for shown in disclosure.document_views(documents, reader):
        found.setdefault(shown.document.case_id, []).append(shown)
    return found


# A case whose text is longer than this starts on a new page in the built-in template (the
# ``new_page`` flag); shorter cases follow one another.
LONG_TEXT_CHARACTERS = 1500
LONG_TEXT_PARAGRAPHS = 8


def _attachment(shown: disclosure.DocumentShown) -> dict:
    """A document as the case page lists it: its number, its name when the reader may see it, and
    the legal basis when it is exempt on its own or hidden (what disclosure decided)."""
    return {"number": shown.document.document_number, "title": _clean(shown.name),
            "note": _clean(shown.note) if shown.marked or not shown.visible else ""}


def _presenters(item: AgendaItem) -> tuple[str, str]:
    """The presenter cell's two lines: the names, and the organisation's short name."""
    organisation = item.presenting_organisation
    return (_clean(join_names([p.display_name for p in item.presenters])),
            _clean(organisation.label) if organisation else "")


def _new_page(text: list[str]) -> bool:
    return len(text) > LONG_TEXT_PARAGRAPHS or sum(map(len, text)) > LONG_TEXT_CHARACTERS


def agenda_context(meeting: Meeting, public: bool) -> dict:
    loaded = agenda.load_meeting(meeting.id)
    council = loaded.council
    reader = disclosure.PUBLIC if public else disclosure.FULL_ACCESS
    rows = agenda.agenda_rows(loaded, viewer=reader)
    items = {i.id: i for i in loaded.items}
    # agenda_rows already hides what the reader may not see; asked again so nothing depends on that
    shown = disclosure.item_views(loaded.items, reader)
    documents = _documents({items[r.item_id].case_id for r in rows
                            if not r.is_break and not shown[r.item_id].hidden
                            and items[r.item_id].case_id is not None}, reader)
    members, observers = _people(loaded)
    table, cases = [], []
    for row in rows:
        start = clock(row.start) if not row.postponed and not row.withdrawn else ""
        if row.is_break:
            table.append({"is_break": True, "number": "", "title": _clean(row.title),
                          "subitems": [], "item_type": "", "presenter": "", "presenter_names": "",
                          "presenter_organisation": "", "start": start, "postponed": "",
                          "note": ""})
            continue
        case = items[row.item_id].case
        view = shown[row.item_id]
        is_hidden = view.hidden
        title = _clean(view.title) if is_hidden else _clean(row.title)
        exempt_note = _clean(view.note)
        notes = [n for n in (exempt_note, WITHDRAWN_TEXT if row.withdrawn else "") if n]
        subitems = [] if is_hidden else [_clean(s) for s in row.subitems]
        names, organisation = _presenters(items[row.item_id])
        table.append({
            "is_break": False, "number": row.number, "title": title, "subitems": subitems,
            "item_type": _clean(row.item_type), "presenter": _clean(row.presenter),
            "presenter_names": names, "presenter_organisation": organisation,
            "start": start, "postponed": row.postponed, "note": " ".join(notes),
        })
        info = [_clean(row.item_type)]
        if row.presenter and not row.postponed:
            who = ", ".join(part for part in (names, organisation) if part) or _clean(row.presenter)
            info.append(f"Presenterer saken: {who}")
        if start:
            info.append(f"Start kl. {start}")
        case_notes = [n for n in (exempt_note, row.postponed,
                                  WITHDRAWN_TEXT if row.withdrawn else "") if n]
        text = [] if is_hidden or case is None else _paragraphs(case.description)
        attached = [] if is_hidden or case is None else documents.get(case.id, [])
        cases.append({
            "number": row.number, "heading": _case_heading(row.number), "title": title,
            "info": " · ".join(i for i in info if i), "note": " · ".join(case_notes),
            "subitems": subitems, "text": text, "new_page": _new_page(text),
            "documents": [_clean(d.line) for d in attached],
            "attachments": [_attachment(d) for d in attached],
            "proposal_heading": DEFAULT_PROPOSAL_HEADING if is_hidden
            else _clean(row.proposal_heading) or DEFAULT_PROPOSAL_HEADING,
            "proposal": [] if is_hidden else proposal_blocks(row.proposal_body),
        })
    return {
        "doc_title": f"Innkalling og dagsorden, {council.code} {loaded.label.lower()} "
                     f"({long_date(loaded.date)})",
        "public": public, "secretariat": _secretariat(council), "council": _council_facts(council),
        "meeting": _meeting_facts(loaded), "members": members, "observers": observers,
        "observer_heading": "Observatør" if len(observers) == 1 else "Observatører",
        "confidential": _confidential(public, [
            r.number for r in rows if not r.is_break and (
                shown[r.item_id].exempt
                or any(d.exempt for d in documents.get(items[r.item_id].case_id, [])))]),
        "rows": table, "cases": cases,
    }
