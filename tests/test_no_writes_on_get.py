"""Nothing writes on GET: every GET route of the app, opened with the demo's data as the
secretariat and as an admin, runs no INSERT, UPDATE or DELETE.

A route whose URL parameters the test cannot fill from the demo must be listed in UNFILLABLE with
the reason; a new route with a parameter nobody knows about fails the test until it is handled."""
import io
from contextlib import contextmanager
from itertools import product
from pathlib import Path

import pytest
from flask import url_for
from sqlalchemy import event, select
from werkzeug.routing.converters import AnyConverter

from app.extensions import db
from app.models import (
    AgendaItem,
    Attendance,
    Case,
    CaseDocument,
    Council,
    FollowUpAction,
    GeneratedPaper,
    Meeting,
    Membership,
    Organisation,
    PaperTemplate,
    Person,
    User,
)
from tests.conftest import login

STATIC = Path(__file__).resolve().parent.parent / "static"
WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")
PER_KIND = 3  # how many rows of each kind (meetings, items, …) the routes are opened with

# endpoint -> why its URL cannot be filled from the demo data
UNFILLABLE: dict[str, str] = {}


@contextmanager
def _writes(engine):
    seen: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(WRITES):
            seen.append(" ".join(statement.split())[:200])

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield seen
    finally:
        event.remove(engine, "before_cursor_execute", before)


def _ids(model, *where, order=None) -> list:
    query = select(model).where(*where).order_by(order if order is not None else model.id)
    return db.session.scalars(query).all()


def _meetings() -> list[Meeting]:
    """One meeting of each status and stage: planned, issued, held, minutes sent, minutes locked."""
    chosen: dict[tuple, Meeting] = {}
    for meeting in _ids(Meeting, order=Meeting.date):
        key = (meeting.status, meeting.minutes.status if meeting.minutes else None)
        chosen.setdefault(key, meeting)
    return list(chosen.values())


def _spread(rows: list) -> list:
    """A few rows spread over the list (first, middle, last)."""
    if len(rows) <= PER_KIND:
        return rows
    return [rows[0], rows[len(rows) // 2], rows[-1]]


def _values() -> dict[str, list[dict]]:
    """For each group of URL parameters that belong together, the values to try."""
    meetings = _meetings()
    cases = _spread(_ids(Case))
    documents = _spread(_ids(CaseDocument))
    groups = {
        ("meeting_id",): [{"meeting_id": m.id} for m in meetings],
        ("item_id", "meeting_id"): [
            {"meeting_id": m.id, "item_id": i.id}
            for m in meetings for i in _spread(_ids(AgendaItem, AgendaItem.meeting_id == m.id))],
        ("meeting_id", "row_id"): [
            {"meeting_id": m.id, "row_id": a.id}
            for m in meetings for a in _spread(_ids(Attendance, Attendance.meeting_id == m.id))],
        ("meeting_id", "number"): [
            {"meeting_id": m.id, "number": v.number}
            for m in meetings if m.minutes for v in m.minutes.versions],
        ("meeting_id", "paper_id"): [
            {"meeting_id": p.meeting_id, "paper_id": p.id} for p in _spread(_ids(GeneratedPaper))],
        ("code",): [{"code": c.code} for c in _ids(Council)],
        ("code", "number", "year"): [
            {"code": m.council.code, "year": m.year, "number": m.number} for m in meetings],
        ("seq", "year"): [{"year": c.file_year, "seq": c.file_seq} for c in cases],
        ("number", "seq", "year"): [
            {"year": d.case.file_year, "seq": d.case.file_seq, "number": d.number} for d in documents],
        ("action_id",): [{"action_id": a.id} for a in _spread(_ids(FollowUpAction))],
        ("membership_id",): [{"membership_id": m.id} for m in _spread(_ids(Membership))],
        ("org_id",): [{"org_id": o.id} for o in _spread(_ids(Organisation))],
        ("person_id",): [{"person_id": p.id} for p in _spread(_ids(Person))],
        ("kind_slug",): [{"kind_slug": "innkalling"}, {"kind_slug": "referat"}],
        ("code", "kind_slug", "template_id"): [
            {"code": db.session.get(Council, t.council_id).code, "kind_slug": {"agenda": "innkalling", "minutes": "referat"}[t.kind],
             "template_id": t.id} for t in _spread(_ids(PaperTemplate))],
        ("user_id",): [{"user_id": u.id} for u in _spread(_ids(User))],
        # A link from an invitation or reset e-mail: an unknown one, and a working one (_files).
        ("secret",): [{"secret": "ukjent-lenke"}, {"secret": _LINK_SECRETS[-1]}],
        ("filename",): [{"filename": next(p for p in sorted(STATIC.rglob("*.css"))).relative_to(STATIC).as_posix()}],
    }
    return {",".join(sorted(k)): v for k, v in groups.items()}


def _urls(app) -> tuple[list[str], dict[str, str]]:
    """Every GET URL to open, and the routes that could not be filled (endpoint -> parameters)."""
    values = _values()
    urls, unfilled = [], {}
    for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
        if "GET" not in rule.methods:
            continue
        arguments = set(rule.arguments)
        actions = [{}]
        for name, converter in rule._converters.items():
            if isinstance(converter, AnyConverter):  # e.g. <any(trekk, fjern):action>: every value
                arguments.discard(name)
                actions = [{name: value} for value in sorted(converter.items)]
        filled = values.get(",".join(sorted(arguments))) if arguments else [{}]
        if not filled:
            unfilled[rule.endpoint] = ", ".join(sorted(rule.arguments))
            continue
        for params, action in product(filled, actions):
            urls.append(url_for(rule.endpoint, **params, **action))
    return urls, unfilled


_LINK_SECRETS: list[str] = []


def _files() -> None:
    """What the demo lacks: a case document, a generated paper, an uploaded Word template and a
    pending invitation (opening its link must not use it up)."""
    from app.services.casework import documents
    from app.services.paperwork import paper_store, paper_templates
    from app.services.planning.meetings import meeting_by_number
    from app.services.registry.councils import council_by_code

    nuit = council_by_code("NUIT")
    meeting = meeting_by_number(nuit, 2022, 3)
    case = next(i.case for i in meeting.items if i.case is not None)
    documents.add_document(case, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "Rapport.pdf")
    paper_store.generate(meeting, "agenda", "full", "docx")
    paper_store.upload_template(nuit, "agenda", "mal.docx", paper_templates.built_in_path("agenda").read_bytes())
    _LINK_SECRETS.append(_pending_invitation())
    db.session.commit()


def _pending_invitation() -> str:
    """Invite a person of the demo; the secret of the link, read from the e-mail."""
    import re

    from app.models import OutboxMessage
    from app.services.registry import accounts

    person = _ids(Person)[0]
    person.email = person.email or "invitert@example.no"
    accounts.invite(person, None)
    db.session.flush()
    body = db.session.scalars(select(OutboxMessage.body).order_by(OutboxMessage.id.desc())).first()
    return re.search(r"/konto/invitasjon/([A-Za-z0-9_-]+)", body).group(1)


@pytest.mark.parametrize("roles", [("secretariat",), ("admin",)], ids=["secretariat", "admin"])
def test_no_get_route_writes_to_the_database(client, demo_full, roles):
    _files()
    login(client, demo_full, email=f"{roles[0]}@example.no", roles=roles)
    db.session.commit()
    with demo_full.test_request_context():
        urls, unfilled = _urls(demo_full)
    assert unfilled == {e: p for e, p in unfilled.items() if e in UNFILLABLE}, (
        "Routes whose URL parameters the test cannot fill; give them values in _values() or list "
        f"them in UNFILLABLE with the reason: {unfilled}")
    assert len(urls) > 100
    written, failed = {}, {}
    for url in urls:
        with _writes(db.engine) as seen:
            response = client.get(url)
            response.get_data()
        db.session.rollback()
        if seen:
            written[url] = seen
        if response.status_code >= 500:
            failed[url] = response.status_code
    assert written == {}
    assert failed == {}
