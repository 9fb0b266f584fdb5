"""Nothing writes on GET: every GET route of the app, opened with the demo's data as the
secretariat and as an admin, runs no INSERT, UPDATE or DELETE.

A route whose URL parameters the test cannot fill from the demo must be listed in UNFILLABLE with
the reason; a new route with a parameter nobody knows about fails the test until it is handled."""
import io
from contextlib import contextmanager

import pytest
from sqlalchemy import event

from app.extensions import db
from tests.archive_exports import stored_export
from tests.conftest import login
from tests.route_filling import route_urls, route_values

WRITES = ("INSERT", "UPDATE", "DELETE", "REPLACE")

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


def _urls(app) -> tuple[list[str], dict[str, str]]:
    """Every GET URL to open, and the routes that could not be filled (endpoint -> parameters)."""
    urls, unfilled = route_urls(app, route_values(link_secrets=_LINK_SECRETS[-1:],
                                                  calendar_secrets=_CALENDAR_SECRETS[-1:]))
    return [url for _endpoint, url, _params in urls], unfilled


_LINK_SECRETS: list[str] = []
_CALENDAR_SECRETS: list[str] = []


def _files() -> None:
    """What the demo lacks: a case document, a generated paper, an uploaded Word template, a
    pending invitation (opening its link must not use it up), a personal calendar feed's link
    (opening the feed writes nothing) and a finished archive export."""
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
    _CALENDAR_SECRETS.append(_calendar_link())
    _proposal(nuit)
    stored_export(nuit, 2022, {"arkivuttrekk/arkivuttrekk.xml": b"<addml/>"})
    db.session.commit()


def _calendar_link() -> str:
    """The secret of a member's personal calendar feed."""
    from sqlalchemy import select

    from app.models import Membership
    from app.services.registry import calendar_tokens
    from app.services.registry.users import create_user

    member = db.session.scalars(select(Membership).order_by(Membership.id)).first()
    user = create_user("kalender.medlem@example.no", "riktig-passord-123", [])
    user.person_id = member.person_id
    db.session.flush()
    return calendar_tokens.renew(user)


def _proposal(council) -> None:
    """A case proposal with an attachment (its page and download)."""
    from app.models import CaseProposal, CaseProposalDocument
    from app.services.casework import documents
    from app.services.registry.users import create_user

    proposer = create_user("forslagsstiller@example.no", "riktig-passord-123", [])
    proposal = CaseProposal(title="Et saksforslag", council_id=council.id, item_type="Drøfting",
                            proposer_user_id=proposer.id)
    stored = documents.store_upload(io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "Forslag.pdf")
    db.session.add_all([proposal, CaseProposalDocument(
        proposal=proposal, original_name=stored.display_name, stored_name=stored.stored_name,
        content_type=stored.content_type, size_bytes=stored.size_bytes, sha256=stored.sha256)])


def _pending_invitation() -> str:
    """Invite a person of the demo; the secret of the link, read from the e-mail."""
    import re

    from sqlalchemy import select

    from app.models import OutboxMessage, Person
    from app.services.registry import accounts

    person = db.session.scalars(select(Person).order_by(Person.id)).first()
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
