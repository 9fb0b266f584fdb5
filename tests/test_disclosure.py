"""What an outsider may see of exempt material (DOMAIN.md §9), decided by app/disclosure.py for
every page, paper, download, CSV and e-mail.

The scenario puts on NUIT 3/22 an exempt case (title, text, proposal, decision, discussion, a
document and a follow-up action, all carrying the secret word) and, in the public case 18/22, a
document exempt on its own beside a public one. Then it walks every place that shows a case
title or a document name as an anonymous visitor and as a member of another council (NUFA):
the secret word never reaches them, the public title and the legal basis do. Members of NUIT
and the secretariat see the real texts, the exempt document marked with its legal basis.
Also: the follow-up overview and the action page follow one rule (the councils the case has
been on), minutes versions are shown by their kind, not by the wording of their reason, and the
secretariat marks a document exempt and changes it later.
"""
import io
import sqlite3
from datetime import date, time

import pytest
import time_machine
from pypdf import PdfReader
from sqlalchemy import select

from app import disclosure
from app.extensions import db
from app.models import (
    AuditEvent,
    CaseDocument,
    Meeting,
    OutboxMessage,
    VersionKind,
)
from app.services.casework import documents
from app.services.casework.cases import create_case
from app.services.paperwork import paper_store, papers, pdf
from app.services.planning import meetings
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import followup, minutes, recording
from tests.conftest import login
from tests.environment import needs_soffice
from tests.exempt_scenario import (  # noqa: F401  (the scenario's texts, used below)
    ANONYMOUS,
    CASE_BASIS,
    CASE_NOTE,
    DOCUMENT_BASIS,
    DOCUMENT_NOTE,
    EMAILS,
    NUFA_MEMBER,
    NUIT_MEMBER,
    PASSWORD,
    PUBLIC_DOCUMENT,
    PUBLIC_DOCUMENT_TEXT,
    PUBLIC_TITLE,
    SECRET,
    SECRET_ACTION,
    SECRET_CASE_DOCUMENT,
    SECRET_DECISION,
    SECRET_DOCUMENT,
    SECRET_DOCUMENT_TEXT,
    SECRET_TITLE,
    SECRETARIAT,
    VIEW_DAY,
    Scenario,
    build_scenario,
    council_by_code,
    docx_lines,
    docx_xml,
    leaked,
    make_people,
    user_for,
)
from tests.factories import Reader, page_text, upgrade_sqlite
from tests.test_pdf import _text_pdf

_council, _user, _people = council_by_code, user_for, make_people


@pytest.fixture
def scenario(demo) -> Scenario:
    return build_scenario()


def _client(app, role: str) -> Reader:
    client = Reader(app, app.response_class, use_cookies=True)
    if role != ANONYMOUS:
        login(client, app, email=EMAILS[role], password=PASSWORD)
    return client


def _is_login(response) -> bool:
    return response.status_code == 302 and "/logg-inn" in response.headers["Location"]


def _check_public_papers(agenda: bytes, minutes_docx: bytes, s: Scenario) -> None:
    for data in (agenda, minutes_docx):
        assert not leaked(docx_xml(data))
    lines = docx_lines(agenda)
    assert PUBLIC_TITLE in lines and CASE_NOTE in lines
    assert PUBLIC_DOCUMENT in lines  # the public case's public document
    # The case page's document table: the exempt document by its number and legal basis only.
    number = f"{s.public_file_number}-{s.secret_document}"
    assert lines[lines.index(number) + 1] == DOCUMENT_NOTE
    text = "\n".join(docx_lines(minutes_docx))
    assert f"Sak {s.number}\t{PUBLIC_TITLE}" in text and CASE_NOTE in text


# --- outsiders ------------------------------------------------------------------------------------

@pytest.mark.parametrize("role", (ANONYMOUS, NUFA_MEMBER))
def test_outsiders_never_get_the_exempt_case_or_document(scenario, demo, role):
    s = scenario
    with time_machine.travel(VIEW_DAY, tick=False):
        client = _client(demo, role)

        def get(url: str, status: int | None = 200):
            response = client.get(url)
            body = response.get_data(as_text=True) if response.mimetype.startswith("text") else ""
            assert not leaked(body), f"{role} gets the secret on {url}"
            if status is not None:
                assert response.status_code == status, (url, response.status_code)
            return response, page_text(body)

        def logged_in(url: str, status: int = 200):
            """A page for logged-in readers: the anonymous visitor is sent to the login."""
            response, text = get(url, None)
            assert _is_login(response) if role == ANONYMOUS else response.status_code == status, url
            return text

        # The meeting page and the published minutes (and their versions): the public title and
        # the legal basis, nothing else.
        _response, text = get("/utvalg/NUIT/moter/2022/3")
        assert f"{s.number} {PUBLIC_TITLE} {CASE_NOTE}" in text
        for url in ("/utvalg/NUIT/moter/2022/3/referat", f"/moter/{s.meeting_id}/referat"):
            _response, text = get(url)
            assert f"Sak {s.number} {PUBLIC_TITLE} Drøfting {CASE_NOTE}" in text
        _response, text = get(f"/moter/{s.meeting_id}/referat/versjoner")
        for number in (1, 2):  # the draft sent for comments, the approved version
            get(f"/moter/{s.meeting_id}/referat/versjoner/{number}", 404 if number == 1 else 200)

        # Downloads: the exempt document and the exempt case's document are refused; the public
        # document of the same case is not.
        for url in (f"{s.public_case}/vedlegg/{s.secret_document}",
                    f"{s.exempt_case}/vedlegg/{s.case_document}"):
            response, _text = get(url, 403)
            assert SECRET.encode() not in response.data
        response, _text = get(f"{s.public_case}/vedlegg/{s.public_document}")
        assert PUBLIC_DOCUMENT_TEXT.encode() in response.data

        # The case register, its search and the case pages.
        text = logged_in("/saker/")
        if role != ANONYMOUS:
            assert f"{PUBLIC_TITLE} {CASE_NOTE}" in text
        text = logged_in("/saker/?tekst=Krokodille")
        if role != ANONYMOUS:
            assert "Ingen saker" in text
        # The case pages are open to visitors too: the cases were on an issued agenda (issue 11).
        _response, text = get(s.exempt_case)
        assert PUBLIC_TITLE in text and CASE_NOTE in text
        assert "Vedleggene er unntatt offentlighet." in text
        _response, text = get(s.public_case)
        document = f"{s.public_file_number}-{s.secret_document}"
        assert f"{document} {DOCUMENT_NOTE}" in text and PUBLIC_DOCUMENT in text

        # Follow-up: the action is neither listed, exported nor shown.
        for url in ("/oppfolging/?alle=1", "/oppfolging/?alle=1&utvalg=NUIT",
                    "/oppfolging/eksport.csv?alle=1"):
            text = logged_in(url)
            assert f"/oppfolging/{s.action_id}" not in text
        logged_in(f"/oppfolging/{s.action_id}", 403)

        # Papers: what the reader may make and download is the public variant.
        meeting = db.session.get(Meeting, s.meeting_id)
        if role == ANONYMOUS:  # versions someone else made
            stored = {kind: paper_store.generate(meeting, kind, "public", "docx")
                      for kind in ("agenda", "minutes")}
            full = paper_store.generate(meeting, "agenda", "full", "docx")
            db.session.commit()
            paths = {kind: f"/moter/{s.meeting_id}/dokumenter/{paper.id}"
                     for kind, paper in stored.items()}
            get(f"/moter/{s.meeting_id}/dokumenter/{full.id}", 403)
        else:
            paths = {}
            for kind in ("agenda", "minutes"):
                response = client.post(f"/moter/{s.meeting_id}/dokumenter/{kind}/public/docx")
                assert response.status_code == 302, kind
                paths[kind] = response.headers["Location"]
            assert client.post(f"/moter/{s.meeting_id}/dokumenter/agenda/full/docx").status_code == 403
        downloads = {kind: get(path)[0].data for kind, path in paths.items()}
        _check_public_papers(downloads["agenda"], downloads["minutes"], s)


def test_the_public_papers_and_the_full_ones(scenario, demo):
    s = scenario
    meeting = db.session.get(Meeting, s.meeting_id)
    _check_public_papers(papers.render(meeting, "agenda", public=True),
                         papers.render(meeting, "minutes", public=True), s)
    # The full variant names the exempt document, marked with its legal basis.
    full = docx_lines(papers.render(meeting, "agenda", public=False))
    assert f"{SECRET_DOCUMENT} ({DOCUMENT_NOTE})" in full and SECRET_TITLE in full
    assert SECRET_CASE_DOCUMENT in full  # under its exempt case, which says so
    # The full agenda holds exempt material of 18/22 (its document) and of the exempt case.
    warning = next(line for line in full if line.startswith("Dokumentet inneholder"))
    assert "18/22" in warning and s.number in warning


def test_no_e_mail_carries_the_secret(scenario, demo):
    """The person responsible for the exempt case's action is told what to do (its description),
    as on the action's page; nothing else of the case reaches any e-mail."""
    messages = db.session.scalars(select(OutboxMessage)).all()
    kinds = {m.kind for m in messages}
    assert {"minutes_comments", "minutes_approved", "followup_due_soon", "followup_overdue"} <= kinds
    for message in messages:
        text = f"{message.subject}\n{message.body}"
        if message.kind.startswith("followup_"):
            assert message.to_address == "rita.ansvarlig@example.no"
            assert f"«{SECRET_ACTION}»" in text
            text = text.replace(SECRET_ACTION, "")
        assert not leaked(text), message.kind


# --- those with access ----------------------------------------------------------------------------

@pytest.mark.parametrize("role", (NUIT_MEMBER, SECRETARIAT))
def test_those_with_access_see_the_texts_and_the_exempt_document_marked(scenario, demo, role):
    s = scenario
    with time_machine.travel(VIEW_DAY, tick=False):
        client = _client(demo, role)

        def text(url: str) -> str:
            response = client.get(url)
            assert response.status_code == 200, url
            return page_text(response.get_data(as_text=True))

        assert SECRET_TITLE in text("/utvalg/NUIT/moter/2022/3")
        assert SECRET_DECISION in text("/utvalg/NUIT/moter/2022/3/referat")
        page = text(s.exempt_case)
        assert SECRET_TITLE in page and SECRET_CASE_DOCUMENT in page and CASE_NOTE in page
        page = text(s.public_case)
        assert f"{SECRET_DOCUMENT} {DOCUMENT_NOTE}" in page and PUBLIC_DOCUMENT in page
        response = client.get(f"{s.public_case}/vedlegg/{s.secret_document}")
        assert response.status_code == 200 and SECRET_DOCUMENT_TEXT.encode() in response.data
        assert response.headers["Cache-Control"] == "private, no-store"
        assert client.get(f"{s.public_case}/vedlegg/{s.public_document}").headers[
            "Cache-Control"] == "private"
        page = text(f"/oppfolging/{s.action_id}")
        assert SECRET_ACTION in page and SECRET_TITLE in page and CASE_NOTE in page
        assert f"/oppfolging/{s.action_id}" in client.get("/oppfolging/?alle=1").get_data(as_text=True)


# --- the meeting book (PDF) -----------------------------------------------------------------------

@needs_soffice
def test_the_meeting_book_leaves_the_exempt_document_out_for_outsiders(scenario, demo):
    meeting = db.session.get(Meeting, scenario.meeting_id)

    def read(book: bytes) -> tuple[str, list[str]]:
        reader = PdfReader(io.BytesIO(book))
        titles = []
        for entry in reader.outline:
            titles.extend(e.title for e in (entry if isinstance(entry, list) else [entry]))
        return " ".join(page.extract_text() or "" for page in reader.pages), titles

    for viewer in (None, _user(NUFA_MEMBER)):
        book = pdf.meeting_book(meeting, viewer)
        text, titles = read(book)
        assert not leaked(text) and not any(leaked(t) for t in titles)
        assert SECRET.encode() not in book and SECRET.encode("utf-16-be") not in book
        assert PUBLIC_DOCUMENT in titles and PUBLIC_DOCUMENT_TEXT in text
        assert f"Sak {scenario.number} {PUBLIC_TITLE}" in titles
    text, titles = read(pdf.meeting_book(meeting, _user(SECRETARIAT)))
    assert f"{SECRET_DOCUMENT} ({DOCUMENT_NOTE})" in titles and SECRET_DOCUMENT_TEXT in text


# --- one rule for the follow-up overview and the action page ----------------------------------------

def test_the_overview_and_the_action_page_follow_the_same_rule(demo):
    """An exempt case that has been on NUFA and then NUIT: its NUIT action is for NUFA's members
    too (the councils the case has been on), on the overview, in the CSV and on its page alike;
    an exempt case only ever on NUIT is not, except for the person responsible."""
    council, nufa = _council("NUIT"), _council("NUFA")
    _people(council, nufa)
    responsible = _user(NUFA_MEMBER).person
    with time_machine.travel(date(2022, 5, 19), tick=False):
        nufa_meeting = meetings.create_meeting(nufa, date(2022, 4, 20), time(9, 0))
        earlier = meetings.add_case_item(nufa_meeting, "HEMMELIG-ORD-F først i NUFA", exempt=True,
                                         legal_basis=CASE_BASIS, public_title="Sak fra NUFA")
        db.session.flush()
        meeting = meeting_by_number(council, 2022, 3)
        both = meetings.add_case_item(meeting, earlier.title, case=earlier.case)
        only_nuit = meetings.add_case_item(meeting, "HEMMELIG-ORD-G bare i NUIT", exempt=True,
                                           legal_basis=CASE_BASIS)
        public = next(i for i in meeting.items if i.case_seq == 16)
        db.session.flush()
        actions = {
            "both": followup.create_action(both, "Punkt i saken fra NUFA.", organisation=council.secretariat,
                                           due_date=date(2022, 6, 30)),
            "only_nuit": followup.create_action(only_nuit, "Punkt i NUIT-saken.",
                                                organisation=council.secretariat, due_date=date(2022, 6, 30)),
            "mine": followup.create_action(only_nuit, "Punkt Nina har ansvar for.", person=responsible,
                                           due_date=date(2022, 6, 30)),
            "public": followup.create_action(public, "Punkt i en offentlig sak.",
                                             organisation=council.secretariat, due_date=date(2022, 6, 30)),
        }
        db.session.commit()
    ids = {name: a.id for name, a in actions.items()}
    expected = {NUFA_MEMBER: {"both", "mine", "public"},
                NUIT_MEMBER: {"both", "only_nuit", "mine", "public"}}
    with time_machine.travel(date(2022, 5, 20), tick=False):
        for role, names in expected.items():
            client = _client(demo, role)
            overview = client.get("/oppfolging/?alle=1").get_data(as_text=True)
            listed = {name for name, i in ids.items() if f'href="/oppfolging/{i}"' in overview}
            csv_text = client.get("/oppfolging/eksport.csv?alle=1").get_data(as_text=True)
            exported = {name for name, a in actions.items() if a.description in csv_text}
            shown = {name for name, i in ids.items()
                     if client.get(f"/oppfolging/{i}").status_code == 200}
            assert listed == exported == shown == names, role
            # Same answers as disclosure gives the services.
            user = _user(role)
            assert {name for name, a in actions.items()
                    if disclosure.action_view(a, user).visible} == names


# --- minutes versions by kind ---------------------------------------------------------------------

def test_which_minutes_versions_a_reader_gets_depends_on_their_kind_not_their_reason(demo):
    council, nufa = _council("NUIT"), _council("NUFA")
    _people(council, nufa)
    meeting = meeting_by_number(council, 2022, 3)
    with time_machine.travel(date(2022, 5, 20), tick=False):
        recording.mark_held(meeting)
        minutes.send_for_comments(minutes.minutes_for(meeting), date(2022, 6, 1))
    with time_machine.travel(date(2022, 6, 2), tick=False):
        minutes.approve(meeting.minutes, circulated_on=date(2022, 6, 2))
        minutes.publish(meeting.minutes)
        minutes.correct(meeting.minutes, "Skrivefeil.",
                        {next(i for i in meeting.items if i.case_seq == 16).id: {"discussion": "Rettet."}})
    record = meeting.minutes
    assert [v.kind for v in record.versions] == [VersionKind.COMMENTS, VersionKind.APPROVED,
                                                VersionKind.CORRECTION]
    # Reasons are texts for people: reworded, they decide nothing.
    record.versions[0].reason = "Godkjent for utsending til medlemmene"
    record.versions[1].reason = "Vedtatt ved sirkulasjon"
    db.session.commit()

    assert [v.number for v in disclosure.visible_minutes_versions(record, None)] == [2, 3]
    assert [v.number for v in disclosure.visible_minutes_versions(record, _user(NUFA_MEMBER))] == [2, 3]
    for role in (NUIT_MEMBER, SECRETARIAT):
        assert [v.number for v in disclosure.visible_minutes_versions(record, _user(role))] == [1, 2, 3]
    with time_machine.travel(date(2022, 6, 3), tick=False):
        client = _client(demo, ANONYMOUS)
        base = f"/moter/{meeting.id}/referat/versjoner"
        assert [client.get(f"{base}/{n}").status_code for n in (1, 2, 3)] == [404, 200, 200]
        listing = page_text(client.get(base).get_data(as_text=True))
        assert "Vedtatt ved sirkulasjon" in listing and "Godkjent for utsending" not in listing


def test_the_migration_gives_existing_versions_their_kind(tmp_path):
    """0006 reads the kind of versions made before it from the reasons the application wrote."""
    database = tmp_path / "old.db"
    upgrade_sqlite(database, "0005")
    with sqlite3.connect(database) as conn:
        conn.execute("INSERT INTO council (id, code, name, case_number_format) "
                     "VALUES (1, 'NUIT', 'Prioriteringsutvalget', '{seq}/{yy}')")
        conn.execute("INSERT INTO meeting (id, council_id, year, number, kind, date, start_time, status)"
                     " VALUES (1, 1, 2022, 3, 'ordinary', '2022-05-19', '08:30:00', 'held')")
        conn.execute("INSERT INTO minutes (id, meeting_id, status, version) VALUES (1, 1, 'published', 1)")
        for number, reason in enumerate(("Sendt til medlemmene for kommentarer",
                                         "Godkjent i møte 4/22, sak 33/22", "Rettet: Skrivefeil."), 1):
            conn.execute("INSERT INTO minutes_version (minutes_id, number, reason, content, created_at)"
                         " VALUES (1, ?, ?, '{}', '2022-06-01 12:00:00')", (number, reason))
    upgrade_sqlite(database, "head")
    with sqlite3.connect(database) as conn:
        kinds = [k for (k,) in conn.execute("SELECT kind FROM minutes_version ORDER BY number")]
        assert kinds == ["comments", "approved", "correction"]
        assert conn.execute("SELECT exempt FROM case_document").fetchall() == []


# --- the secretariat marks a document exempt --------------------------------------------------------

def test_the_secretariat_marks_a_document_exempt_and_changes_it_later(app, client):
    case = create_case("Veikart for nasjonale e-helseløsninger", year=2022)
    db.session.commit()
    login(client, app)
    url = f"/saker/{case.file_year}/{case.file_seq}"

    def upload(**fields):
        return client.post(f"{url}/vedlegg", content_type="multipart/form-data", data={
            "file": (io.BytesIO(_text_pdf("innhold")), "Vurdering.pdf"), **fields})

    refused = upload(exempt="y", legal_basis="")
    assert refused.status_code == 400
    assert "Skriv hjemmelen for unntaket" in refused.get_data(as_text=True)
    assert db.session.scalars(select(CaseDocument)).all() == []
    assert upload(exempt="y", legal_basis=DOCUMENT_BASIS).status_code == 302
    document = db.session.scalar(select(CaseDocument))
    assert (document.exempt, document.legal_basis) == (True, DOCUMENT_BASIS)
    assert f"Vurdering.pdf {DOCUMENT_NOTE}" in page_text(client.get(url).get_data(as_text=True))

    access = f"{url}/vedlegg/{document.number}/skjerming"
    assert "Lagre skjermingen" in client.get(access).get_data(as_text=True)
    assert client.post(access, data={"legal_basis": ""}).status_code == 302  # public again
    db.session.refresh(document)
    assert (document.exempt, document.legal_basis) == (False, None)
    assert DOCUMENT_NOTE not in page_text(client.get(url).get_data(as_text=True))
    assert client.post(access, data={"exempt": "y", "legal_basis": "offl. § 14"}).status_code == 302
    db.session.refresh(document)
    assert (document.exempt, document.legal_basis) == (True, "offl. § 14")
    changes = [(e.field, e.old_value, e.new_value) for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "CaseDocument",
                                 AuditEvent.action == "update").order_by(AuditEvent.id))]
    assert ("exempt", "True", "False") in changes and ("legal_basis", None, "offl. § 14") in changes
    # Only the secretariat changes it.
    reader = Reader(app, app.response_class, use_cookies=True)
    login(reader, app, email="leser@example.no", roles=())
    assert reader.post(access, data={"legal_basis": ""}).status_code == 403


def test_a_public_reader_never_gets_a_document_of_an_exempt_case(demo):
    """A document of an exempt case is exempt as before, whatever its own flag says."""
    council = _council("NUIT")
    item = next(i for i in meeting_by_number(council, 2022, 3).items if i.case_seq == 18)
    with time_machine.travel(date(2022, 5, 19), tick=False):
        document = documents.add_document(item.case, io.BytesIO(_text_pdf("innhold")), "Notat.pdf")
        item.case.exempt, item.case.legal_basis = True, CASE_BASIS
        db.session.commit()
    assert disclosure.document_exempt(document) and not document.exempt
    assert not disclosure.document_visible(document, disclosure.PUBLIC)
    assert disclosure.document_visible(document, disclosure.FULL_ACCESS)
    [shown] = disclosure.document_views([document], disclosure.PUBLIC)
    assert shown.name is None and shown.line == f"Dokument {document.document_number}: {CASE_NOTE}"
