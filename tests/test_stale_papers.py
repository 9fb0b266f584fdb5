"""A stored public paper is checked against today's state, not the one it was made in.

A public agenda made while a case was public holds its real title and proposal; once the case (or
a document of a public case) is made exempt, that stored file must no longer reach anyone without
access to the council's exempt material: not listed on the meeting page, 403 at the download. An
agenda made while the meeting was still planned is a draft and stays withheld after the notice
is issued. The secretariat is told a new public version is needed, by case number only.
"""
import io
import re
import sqlite3
from datetime import date

import pytest
import time_machine

from app.extensions import db
from app.models import Case, GeneratedPaper
from app.services.casework import documents
from app.services.planning import meetings, notice
from app.services.registry.councils import ensure_membership, upsert_person
from app.services.registry.users import create_user
from tests.conftest import login
from tests.factories import Reader, make_council, make_meeting, upgrade_sqlite
from tests.test_disclosure import docx_lines, docx_xml
from tests.test_pdf import _text_pdf

SECRET = "KROKODILLE-HEMMELIG"
CASE_TITLE = "KROKODILLE-HEMMELIG: avtale med Ulv Data AS"
PROPOSAL = "NUIT godkjenner KROKODILLE-HEMMELIG-avtalen."
PUBLIC_TITLE = "Sak om en avtale"
DOCUMENT_NAME = "KROKODILLE-HEMMELIG-tilbud.pdf"
MEETING_URL = "/utvalg/NUIT/moter/2022/1"
PASSWORD = "riktig-passord-123"


def version_links(html: str) -> list[str]:
    return re.findall(r'href="(/moter/\d+/dokumenter/\d+)"', html)


def _reader(app, email=None) -> Reader:
    client = Reader(app, app.response_class, use_cookies=True)
    if email:
        client.post("/logg-inn", data={"email": email, "password": PASSWORD})
    return client


@pytest.fixture
def nuit(app):
    """NUIT 1/22 (issued) with a public case carrying the words that will become secret; a NUIT
    member, a member of another council (NUFA) and the secretariat."""
    with time_machine.travel(date(2022, 5, 2), tick=False):
        council = make_council("NUIT", "Prioriteringsutvalget")
        other = make_council("NUFA", "Fagutvalget")
        meeting = make_meeting(council, cases=1)
        item = meetings.add_case_item(meeting, CASE_TITLE, item_type="Beslutning", presenters=["Kari Nordmann"],
                                      proposal_heading="Forslag til vedtak", proposal_body={"text": PROPOSAL})
        db.session.flush()
        for email, council_of in (("medlem.nuit@example.no", council), ("medlem.nufa@example.no", other)):
            person = upsert_person(f"Person {email}")
            ensure_membership(person, council_of, "medlem", valid_from=date(2020, 1, 1))
            create_user(email, PASSWORD, []).person = person
        create_user("sekretar@example.no", PASSWORD, ["secretariat"])
        notice.issue_notice(meeting.id)
        db.session.commit()
        return meeting, item.case


def _generate_public_agenda(app, meeting) -> int:
    secretariat = _reader(app, "sekretar@example.no")
    response = secretariat.post(f"/moter/{meeting.id}/dokumenter/agenda/public/docx",
                                data={"next": MEETING_URL})
    assert response.status_code == 302
    return int(response.headers["Location"].rsplit("/", 1)[1])


def test_a_public_agenda_made_before_the_case_became_exempt_is_withheld(app, nuit):
    meeting, case = nuit
    with time_machine.travel(date(2022, 5, 3), tick=False):
        paper_id = _generate_public_agenda(app, meeting)
    download = f"/moter/{meeting.id}/dokumenter/{paper_id}"
    anonymous = _reader(app)
    with time_machine.travel(date(2022, 5, 4), tick=False):
        assert download in version_links(anonymous.get(MEETING_URL).get_data(as_text=True))
        before = anonymous.get(download)
        assert before.status_code == 200 and CASE_TITLE in docx_lines(before.data)

    with time_machine.travel(date(2022, 5, 5), tick=False):  # the secretariat makes it exempt
        secretariat = _reader(app, "sekretar@example.no")
        response = secretariat.post(f"/saker/{case.file_year}/{case.file_seq}/endre", data={
            "title": CASE_TITLE, "exempt": "y", "legal_basis": "offl. § 23 første ledd",
            "public_title": PUBLIC_TITLE})
        assert response.status_code == 302, response.get_data(as_text=True)

        outsiders = (anonymous, _reader(app, "medlem.nufa@example.no"))
        for outsider in outsiders:
            html = outsider.get(MEETING_URL).get_data(as_text=True)
            assert download not in version_links(html) and SECRET not in html
            refused = outsider.get(download)
            assert refused.status_code == 403 and SECRET.encode() not in refused.data

        # The secretariat is told, by case number, and makes a new public version.
        html = secretariat.get(MEETING_URL).get_data(as_text=True)
        assert "Holdes tilbake for offentligheten." in html
        assert (f"Den ble laget før sak {case.file_number} ble unntatt offentlighet (helt eller delvis). "
                "Lag en ny offentlig versjon.") in html
        # A member of NUIT may still read the old one (they see the exempt material anyway).
        assert _reader(app, "medlem.nuit@example.no").get(download).status_code == 200

        new_id = _generate_public_agenda(app, meeting)
        new_download = f"/moter/{meeting.id}/dokumenter/{new_id}"
        html = anonymous.get(MEETING_URL).get_data(as_text=True)
        assert version_links(html) == [new_download]
        fresh = anonymous.get(new_download)
        assert fresh.status_code == 200
        assert PUBLIC_TITLE in docx_lines(fresh.data) and SECRET not in docx_xml(fresh.data)
        assert "Lag en ny offentlig versjon" not in secretariat.get(MEETING_URL).get_data(as_text=True)


def test_a_document_made_exempt_withholds_the_public_papers_that_named_it(app, nuit):
    meeting, case = nuit
    with time_machine.travel(date(2022, 5, 3), tick=False):
        document = documents.add_document(case, io.BytesIO(_text_pdf("Tilbudet")), DOCUMENT_NAME)
        db.session.commit()
        number = document.number
        paper_id = _generate_public_agenda(app, meeting)
    download = f"/moter/{meeting.id}/dokumenter/{paper_id}"
    anonymous = _reader(app)
    assert DOCUMENT_NAME in docx_lines(anonymous.get(download).data)

    with time_machine.travel(date(2022, 5, 5), tick=False):
        secretariat = _reader(app, "sekretar@example.no")
        response = secretariat.post(
            f"/saker/{case.file_year}/{case.file_seq}/vedlegg/{number}/skjerming",
            data={"exempt": "y", "legal_basis": "offl. § 23 første ledd"})
        assert response.status_code == 302
        assert download not in version_links(anonymous.get(MEETING_URL).get_data(as_text=True))
        refused = anonymous.get(download)
        assert refused.status_code == 403 and SECRET.encode() not in refused.data
        assert f"før sak {case.file_number} ble unntatt" in secretariat.get(MEETING_URL).get_data(as_text=True)


def test_lifting_an_exemption_does_not_withhold_anything(app, nuit):
    """Only what is exempt today counts: a case made public again leaves the papers alone."""
    meeting, case = nuit
    with time_machine.travel(date(2022, 5, 3), tick=False):
        paper_id = _generate_public_agenda(app, meeting)
    with time_machine.travel(date(2022, 5, 5), tick=False):
        case = db.session.get(Case, case.id)
        case.exempt, case.legal_basis, case.public_title = True, "offl. § 14", PUBLIC_TITLE
        db.session.commit()
        case.exempt, case.legal_basis, case.public_title = False, None, None
        db.session.commit()
        assert _reader(app).get(f"/moter/{meeting.id}/dokumenter/{paper_id}").status_code == 200


def test_an_agenda_made_while_the_meeting_was_planned_stays_a_draft(app):
    with time_machine.travel(date(2022, 5, 2), tick=False):
        council = make_council("NUIT", "Prioriteringsutvalget")
        meeting = make_meeting(council, cases=1)
        meetings.add_case_item(meeting, CASE_TITLE, item_type="Beslutning", presenters=["Kari Nordmann"])
        db.session.commit()
        client = app.test_client()
        login(client, app)
        response = client.post(f"/moter/{meeting.id}/dokumenter/agenda/public/docx",
                               data={"next": MEETING_URL})
        assert response.status_code == 302
        draft = response.headers["Location"]
        anonymous = _reader(app)
        assert anonymous.get(draft).status_code == 403  # a planned meeting's agenda is a draft

    with time_machine.travel(date(2022, 5, 4), tick=False):
        notice.issue_notice(meeting.id, accept_warnings=True)  # CASE_TITLE has no proposal
        db.session.commit()
        html = anonymous.get(MEETING_URL).get_data(as_text=True)
        assert CASE_TITLE in html  # the agenda is public now ...
        assert draft not in version_links(html)  # ... the draft made before the notice is not
        refused = anonymous.get(draft)
        assert refused.status_code == 403 and SECRET.encode() not in refused.data
        html = client.get(MEETING_URL).get_data(as_text=True)
        assert "Den ble laget før innkallingen ble sendt, mens dagsordenen var et utkast." in html
        assert draft in version_links(html)  # the secretariat still has it

        response = client.post(f"/moter/{meeting.id}/dokumenter/agenda/public/docx",
                               data={"next": MEETING_URL})
        fresh = anonymous.get(response.headers["Location"])
        assert fresh.status_code == 200 and CASE_TITLE in docx_lines(fresh.data)
        assert db.session.query(GeneratedPaper).count() == 2


def test_becoming_exempt_stamps_the_moment_and_staying_exempt_does_not_move_it(app, nuit):
    meeting, case = nuit
    with time_machine.travel(date(2022, 5, 7), tick=False):
        case = db.session.get(Case, case.id)
        assert case.exempt_since is None
        case.exempt, case.legal_basis = True, "offl. § 14"
        db.session.commit()
        stamped = case.exempt_since
        assert stamped is not None and stamped.date() == date(2022, 5, 7)
    with time_machine.travel(date(2022, 5, 9), tick=False):
        case.title = "Ny tittel"
        case.exempt = True
        db.session.commit()
        assert case.exempt_since == stamped


def test_the_migration_dates_existing_exemptions_from_the_audit_trail(tmp_path):
    """0009: an exempt case became exempt when the audit trail last says so; without such a row,
    when it was registered. Documents likewise."""
    database = tmp_path / "old.db"
    upgrade_sqlite(database, "0008")
    with sqlite3.connect(database) as conn:
        for case_id, exempt in ((1, 1), (2, 1), (3, 0)):
            conn.execute("INSERT INTO cases (id, file_year, file_seq, title, exempt, legal_basis, created_at)"
                         " VALUES (?, 2022, ?, 'Sak', ?, ?, '2022-01-10 09:00:00')",
                         (case_id, case_id, exempt, "offl. § 14" if exempt else None))
        conn.execute("INSERT INTO case_document (case_id, number, original_name, stored_name, content_type,"
                     " size_bytes, sha256, uploaded_at, exempt, legal_basis) VALUES (3, 1, 'a.pdf', 'x',"
                     " 'application/pdf', 1, 'x', '2022-02-01 10:00:00', 1, 'offl. § 14')")
        for at, value in (("2022-03-01 08:00:00", "True"), ("2022-03-02 08:00:00", "False"),
                          ("2022-04-01 08:00:00", "True")):
            conn.execute("INSERT INTO audit_event (at, actor, action, object_type, object_id, field,"
                         " new_value) VALUES (?, 'x', 'update', 'Case', 1, 'exempt', ?)", (at, value))
    upgrade_sqlite(database, "head")
    with sqlite3.connect(database) as conn:
        since = dict(conn.execute("SELECT id, exempt_since FROM cases"))
        assert since[1].startswith("2022-04-01 08:00:00")  # the last time it became exempt
        assert since[2].startswith("2022-01-10 09:00:00")  # exempt since it was registered
        assert since[3] is None
        assert conn.execute("SELECT exempt_since FROM case_document").fetchone()[0].startswith(
            "2022-02-01 10:00:00")
