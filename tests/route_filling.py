"""Every route of the app with its URL parameters filled from the data in the database.

Shared by tests/test_no_writes_on_get.py (every GET route opened as the secretariat) and
tests/test_access_matrix.py (every route, as every identity). A route whose parameters cannot be
filled is returned as unfilled, so that a new route with a parameter nobody knows about fails the
test that uses this until it is handled here.
"""
from itertools import product
from pathlib import Path

from flask import url_for
from sqlalchemy import select
from werkzeug.routing.converters import AnyConverter

from app.extensions import db
from app.models import (
    AgendaItem,
    ArchiveExport,
    Attendance,
    Case,
    CaseDocument,
    CaseLink,
    CaseProposal,
    CaseProposalDocument,
    CaseQueueEntry,
    Council,
    FollowUpAction,
    GeneratedPaper,
    Meeting,
    Membership,
    Organisation,
    OutboxMessage,
    PaperTemplate,
    Person,
    User,
)

STATIC = Path(__file__).resolve().parent.parent / "static"
PER_KIND = 3  # how many rows of each kind (meetings, items, …) the routes are opened with


def rows(model, *where, order=None) -> list:
    query = select(model).where(*where).order_by(order if order is not None else model.id)
    return db.session.scalars(query).all()


def one_meeting_per_stage() -> list[Meeting]:
    """One meeting of each status and stage: planned, issued, held, minutes sent, minutes locked."""
    chosen: dict[tuple, Meeting] = {}
    for meeting in rows(Meeting, order=Meeting.date):
        key = (meeting.status, meeting.minutes.status if meeting.minutes else None)
        chosen.setdefault(key, meeting)
    return list(chosen.values())


def spread(found: list) -> list:
    """A few rows spread over the list (first, middle, last)."""
    if len(found) <= PER_KIND:
        return found
    return [found[0], found[len(found) // 2], found[-1]]


def _unique(objects: list) -> list:
    seen, result = set(), []
    for obj in objects:
        if obj.id not in seen:
            seen.add(obj.id)
            result.append(obj)
    return result


def route_values(meetings: list[Meeting] | None = None, cases: list[Case] | None = None,
                 documents: list[CaseDocument] | None = None,
                 actions: list[FollowUpAction] | None = None,
                 papers: list[GeneratedPaper] | None = None,
                 link_secrets: list[str] = (), calendar_secrets: list[str] = (),
                 items: list[AgendaItem] | None = None) -> dict[str, list[dict]]:
    """For each group of URL parameters that belong together, the values to try. By default a
    few rows of each kind; a caller may name the rows it needs (they are tried besides those;
    ``items``: agenda items for the member's input pages), the secrets of working links from
    invitation or reset e-mails, and of personal calendar feeds (calendar_tokens.renew)."""
    meetings = _unique((meetings or []) + one_meeting_per_stage())
    cases = _unique((cases or []) + spread(rows(Case)))
    documents = _unique((documents or []) + spread(rows(CaseDocument)))
    actions = _unique((actions or []) + spread(rows(FollowUpAction)))
    papers = _unique((papers or []) + spread(rows(GeneratedPaper)))
    groups = {
        ("meeting_id",): [{"meeting_id": m.id} for m in meetings],
        ("item_id", "meeting_id"): [
            {"meeting_id": m.id, "item_id": i.id}
            for m in meetings for i in spread(rows(AgendaItem, AgendaItem.meeting_id == m.id))],
        ("meeting_id", "row_id"): [
            {"meeting_id": m.id, "row_id": a.id}
            for m in meetings for a in spread(rows(Attendance, Attendance.meeting_id == m.id))],
        ("meeting_id", "number"): [
            {"meeting_id": m.id, "number": v.number}
            for m in meetings if m.minutes for v in m.minutes.versions],
        ("meeting_id", "paper_id"): [{"meeting_id": p.meeting_id, "paper_id": p.id} for p in papers],
        ("code",): [{"code": c.code} for c in rows(Council)],
        ("code", "number", "year"): [
            {"code": m.council.code, "year": m.year, "number": m.number} for m in meetings],
        ("code", "item_id", "number", "year"): [
            {"code": m.council.code, "year": m.year, "number": m.number, "item_id": i.id}
            for m in meetings
            for i in _unique([i for i in items or [] if i.meeting_id == m.id]
                             + spread(rows(AgendaItem, AgendaItem.meeting_id == m.id)))],
        ("seq", "year"): [{"year": c.file_year, "seq": c.file_seq} for c in cases],
        ("number", "seq", "year"): [
            {"year": d.case.file_year, "seq": d.case.file_seq, "number": d.number} for d in documents],
        ("action_id",): [{"action_id": a.id} for a in actions],
        ("membership_id",): [{"membership_id": m.id} for m in spread(rows(Membership))],
        ("org_id",): [{"org_id": o.id} for o in spread(rows(Organisation))],
        ("person_id",): [{"person_id": p.id} for p in spread(rows(Person))],
        ("kind_slug",): [{"kind_slug": "innkalling"}, {"kind_slug": "referat"}],
        ("code", "kind_slug"): [{"code": c.code, "kind_slug": slug} for c in rows(Council)[:1]
                                for slug in ("innkalling", "referat")],
        ("code", "kind_slug", "template_id"): [
            {"code": db.session.get(Council, t.council_id).code,
             "kind_slug": {"agenda": "innkalling", "minutes": "referat"}[t.kind], "template_id": t.id}
            for t in spread(rows(PaperTemplate))],
        ("user_id",): [{"user_id": u.id} for u in spread(rows(User))],
        # A link from an invitation or reset e-mail: an unknown one, and any working ones given.
        ("secret",): [{"secret": "ukjent-lenke"}] + [{"secret": secret} for secret in link_secrets],
        # A personal calendar feed's link: an unknown one, and any working ones given.
        ("token",): [{"token": "ukjent-kalender"}] + [{"token": secret} for secret in calendar_secrets],
        ("filename",): [{"filename": next(p for p in sorted(STATIC.rglob("*.css"))).relative_to(STATIC).as_posix()}],
        ("fmt", "kind", "meeting_id", "variant"): [
            {"meeting_id": m.id, "kind": kind, "variant": variant, "fmt": "docx"}
            for m in meetings for kind in ("agenda", "minutes") for variant in ("full", "public")],
        ("comment_id", "meeting_id"): [
            {"meeting_id": m.id, "comment_id": c.id}
            for m in meetings if m.minutes for c in m.minutes.comments[:1]],
        ("entry_id", "meeting_id"): [
            {"meeting_id": m.id, "entry_id": e.id} for m in meetings[:1] for e in spread(rows(CaseQueueEntry))],
        ("message_id",): [{"message_id": m.id} for m in spread(rows(OutboxMessage))],
        ("proposal_id",): [{"proposal_id": p.id} for p in spread(rows(CaseProposal))],
        ("document_id", "proposal_id"): [{"proposal_id": d.proposal_id, "document_id": d.id}
                                         for d in spread(rows(CaseProposalDocument))],
        # An archive export: the stored ones, else an id no row has (404 for those let in).
        ("export_id",): [{"export_id": e.id} for e in spread(rows(ArchiveExport))]
        or [{"export_id": 987654}],
        ("other_id", "seq", "year"): [
            {"year": c.file_year, "seq": c.file_seq, "other_id": link.related_case_id}
            for link in spread(rows(CaseLink)) for c in [db.session.get(Case, link.case_id)]],
    }
    return {",".join(sorted(k)): v for k, v in groups.items()}


def fill(rule, values: dict[str, list[dict]]) -> list[dict] | None:
    """Every set of URL parameters to open ``rule`` with (an ``any(…)`` part takes each of its
    values), or None when the rule's parameters are unknown or there is nothing to fill them."""
    arguments = set(rule.arguments)
    actions = [{}]
    for name, converter in rule._converters.items():
        if isinstance(converter, AnyConverter):  # e.g. <any(trekk, fjern):action>: every value
            arguments.discard(name)
            actions = [{name: value} for value in sorted(converter.items)]
    filled = values.get(",".join(sorted(arguments))) if arguments else [{}]
    if not filled:
        return None
    return [{**params, **action} for params, action in product(filled, actions)]


def route_urls(app, values: dict[str, list[dict]], method: str = "GET"):
    """Every URL of the routes answering ``method`` as (endpoint, url, parameters), and the routes
    that could not be filled (endpoint -> its parameters). Needs a request context."""
    urls, unfilled = [], {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if method not in rule.methods:
            continue
        filled = fill(rule, values)
        if filled is None:
            unfilled[rule.endpoint] = ", ".join(sorted(rule.arguments))
            continue
        for params in filled:
            urls.append((rule.endpoint, url_for(rule.endpoint, **params), params))
    return urls, unfilled
