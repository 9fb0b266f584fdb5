"""The member's home page (/mitt, issue 11): the landing page after login for members and
observers, what it lists, who sees which titles, and a fixed number of queries."""
import uuid
from datetime import UTC, date, datetime

import pytest
import time_machine

from app.extensions import db
from app.models import (
    AttendanceRole,
    CaseProposal,
    GeneratedPaper,
    ItemInput,
    PaperFormat,
    PaperKind,
    PaperVariant,
    User,
)
from app.services.casework import cases
from app.services.core.records import assign
from app.services.planning import meetings
from app.services.proceedings import attendance, followup
from app.services.registry import councils
from tests.conftest import count_queries, login
from tests.factories import make_council, make_meeting, page_text

NOW = datetime(2022, 9, 1, 10, 0, tzinfo=UTC)
MEMBER = "medlem@example.no"


@pytest.fixture
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def _member(council, name="Medlem Testesen", org_name="Bergen kommune"):
    org = councils.upsert_organisation(org_name)
    person = councils.upsert_person(name, organisation=org)
    councils.ensure_membership(person, council, "medlem", organisation=org, valid_from=date(2022, 1, 1))
    db.session.commit()
    return person


def _link(email, person):
    user = db.session.query(User).filter_by(email=email).one()
    user.person = person
    db.session.commit()
    return user


def _log_in_member(client, app, person):
    login(client, app, email=MEMBER, roles=())
    return _link(MEMBER, person)


def _text(response):
    assert response.status_code == 200, response.status_code
    return page_text(response.get_data(as_text=True))


def test_a_member_lands_on_mitt_after_login_and_a_given_next_still_wins(app, client, frozen):
    council = make_council()
    person = _member(council)
    login(client, app, email=MEMBER, roles=())
    _link(MEMBER, person)
    client.post("/logg-ut")
    response = client.post("/logg-inn", data={"email": MEMBER, "password": "riktig-passord-123"})
    assert response.headers["Location"].endswith("/mitt")
    client.post("/logg-ut")
    response = client.post("/logg-inn?next=/saker/",
                           data={"email": MEMBER, "password": "riktig-passord-123"})
    assert response.headers["Location"].endswith("/saker/")
    client.post("/logg-ut")
    response = client.post("/logg-inn?next=//evil.example/x",
                           data={"email": MEMBER, "password": "riktig-passord-123"})
    assert response.headers["Location"].endswith("/mitt")
    assert "Mitt" in _text(client.get("/mitt"))
    # A line break in next= (a header injection attempt) is no local address either: no 500.
    client.post("/logg-ut")
    response = client.post("/logg-inn?next=/mitt%0d%0aX-Injisert:%20ja",
                           data={"email": MEMBER, "password": "riktig-passord-123"})
    assert response.status_code == 302 and response.headers["Location"].endswith("/mitt")
    assert "X-Injisert" not in response.headers


def test_the_secretariat_and_an_unlinked_login_still_land_on_the_front_page(app, client):
    response = login(client, app)  # secretariat
    assert response.headers["Location"].endswith("/")
    client.post("/logg-ut")
    response = login(client, app, email="uten@example.no", roles=())
    assert response.headers["Location"].endswith("/")


def test_an_account_without_a_member_gets_a_friendly_page_with_what_it_can_use(app, client):
    login(client, app, email="uten@example.no", roles=())
    text = _text(client.get("/mitt"))
    assert "ikke knyttet til et medlem" in text
    assert "kontakt sekretariatet" in text
    assert "Saksregisteret" in text and "Endre passord" in text
    assert 'href="/mitt"' not in client.get("/").get_data(as_text=True)  # no nav link


def test_anonymous_visitors_are_sent_to_log_in(client):
    response = client.get("/mitt")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]


def test_mitt_lists_councils_meetings_forfall_inputs_actions_and_proposals(app, client, frozen):
    council = make_council()
    person = _member(council)
    other = make_council("NUFA", "Fagutvalget")
    september = make_meeting(council, day=date(2022, 9, 14), cases=3)
    make_meeting(council, day=date(2022, 3, 1), cases=1)  # past: not listed
    item, *_others = sorted((i for i in september.items if i.is_case), key=lambda i: i.position)
    assign(item, input_requested=True, input_deadline=date(2022, 9, 7))
    case = cases.create_case("Hemmelig anbud fra Leverandør Zeta", exempt=True,
                             legal_basis="offl. § 15 første ledd", public_title="Anskaffelse")
    secret_item = meetings.add_case_item(september, "Hemmelig anbud fra Leverandør Zeta", case=case)
    assign(secret_item, input_requested=True, input_deadline=date(2022, 8, 20))
    db.session.add(ItemInput(item_id=item.id, person_id=person.id, body="Mitt innspill."))
    attendance.report_absence(september, person, "Ferie")
    attendance.add_attendee(september, AttendanceRole.SUBSTITUTE, name="Vara Varesen",
                            substitute_for=person)
    # An action on an exempt case of another council, with the member responsible: they see what
    # to do, not the case.
    nufa = make_meeting(other, day=date(2022, 5, 5), cases=0)
    nufa_case = cases.create_case("Skjult NUFA-tittel om Leverandør Omega", exempt=True,
                                  legal_basis="offl. § 14", public_title="Offentlig NUFA-tittel")
    nufa_item = meetings.add_case_item(nufa, "Skjult NUFA-tittel om Leverandør Omega", case=nufa_case)
    followup.create_action(nufa_item, "Send notatet til sekretariatet.", person=person,
                           due_date=date(2022, 8, 1), accept_past_due=True)
    followup.create_action(item, "Kommunene melder inn behov.",
                           organisation=person.organisation, due_date=date(2022, 12, 1))
    followup.create_action(item, "Noe for en annen organisasjon.",
                           organisation=councils.upsert_organisation("KS"), due_date=date(2022, 12, 1))
    db.session.commit()
    user = _log_in_member(client, app, person)
    db.session.add(CaseProposal(title="Mitt forslag om felles API-er", council_id=council.id,
                                proposer_user_id=user.id, status="declined", decline_reason="Nei."))
    db.session.commit()

    text = _text(client.get("/mitt"))
    assert "Mitt: Medlem Testesen" in text
    assert "Prioriteringsutvalget (NUIT)" in text and "Fagutvalget" not in text
    assert "14. september 2022" in text and "1. mars 2022" not in text.split("Mine neste møter")[1]
    assert "Du har meldt forfall Vara: Vara Varesen" in text
    # Input requests: the member's own council's exempt case shows its real title and the note.
    assert "Sak nummer 1" in text and "Frist 7. september 2022 · Du har gitt innspill" in text
    assert "Hemmelig anbud fra Leverandør Zeta" in text
    assert "Unntatt offentlighet, jf. offl. § 15 første ledd" in text
    assert "Frist 20. august 2022 · Fristen er ute" in text
    # Follow-up: their own and their organisation's; the exempt case of another council by its
    # public title only.
    assert "Send notatet til sekretariatet." in text and "Ansvarlig: deg" in text and "Forfalt" in text
    assert "Offentlig NUFA-tittel" in text and "Omega" not in text
    assert "Kommunene melder inn behov." in text and "Ansvarlig: organisasjonen din" in text
    assert "Noe for en annen organisasjon." not in text
    assert "Mitt forslag om felles API-er" in text and "Avslått" in text
    assert 'href="/mitt"' in client.get("/").get_data(as_text=True)  # the nav link


def test_mitt_links_the_newest_version_of_each_paper_the_member_may_read(app, client, frozen):
    council = make_council()
    person = _member(council)
    meeting = make_meeting(council, day=date(2022, 9, 14), cases=1)
    _papers(meeting)
    _log_in_member(client, app, person)
    html = client.get("/mitt").get_data(as_text=True)
    text = page_text(html)
    assert "Innkalling, full versjon, DOCX" in text and "Innkalling, offentlig versjon, PDF" in text
    assert "Samlet saksdokument, full versjon, PDF" in text
    assert html.count("/dokumenter/") == 8  # one link per kind, variant and format: the newest
    newest = max(p.id for p in db.session.query(GeneratedPaper).filter_by(
        kind=PaperKind.AGENDA, variant=PaperVariant.FULL, format=PaperFormat.DOCX))
    assert f"/moter/{meeting.id}/dokumenter/{newest}" in html
    client.post("/logg-ut")
    login(client, app, email="uten@example.no", roles=())
    assert _text(client.get("/mitt")).count("Innkalling,") == 0  # no meetings without a seat


def _papers(meeting):
    for kind in (PaperKind.AGENDA, PaperKind.MEETING_BOOK):
        for variant in (PaperVariant.FULL, PaperVariant.PUBLIC):
            for fmt in (PaperFormat.DOCX, PaperFormat.PDF):
                for version in (1, 2):
                    db.session.add(GeneratedPaper(
                        meeting_id=meeting.id, kind=kind, variant=variant, format=fmt,
                        version=version, filename=f"x.{fmt}", storage_name=uuid.uuid4().hex,
                        size=1, sha256="0" * 64))
    db.session.commit()


def test_mitt_runs_the_same_number_of_queries_for_little_and_much(app, client, frozen):
    council = make_council()
    person = _member(council)
    second = make_council("NUFA", "Fagutvalget")
    councils.ensure_membership(person, second, "observatør", valid_from=date(2022, 1, 1))
    db.session.commit()
    user = _log_in_member(client, app, person)

    def make(n, day):
        for k in range(n):
            for c in (council, second):
                meeting = make_meeting(c, day=date(2022, 9, day + k), cases=3)
                _papers(meeting)
                case = cases.create_case(f"Unntatt {k}", exempt=True, legal_basis="offl. § 14",
                                         public_title="Offentlig")
                exempt = meetings.add_case_item(meeting, f"Unntatt {k}", case=case)
                for item in meeting.items:
                    assign(item, input_requested=True, input_deadline=date(2022, 9, 10))
                    followup.create_action(item, f"Tiltak {item.id}", person=person,
                                           organisation=person.organisation,
                                           due_date=date(2022, 8, 1), accept_past_due=True)
                db.session.add(ItemInput(item_id=exempt.id, person_id=person.id, body="Innspill."))
                attendance.report_absence(meeting, person)
                db.session.add(CaseProposal(title=f"Forslag {k}", council_id=c.id,
                                            proposer_user_id=user.id))
        db.session.commit()

    make(1, 5)
    counts = []
    for _round in range(2):
        with count_queries(db.engine) as queries:
            response = client.get("/mitt")
        text = _text(response)
        counts.append((text.count("Tiltak "), text.count("Du har meldt forfall"), queries()))
        make(4, 15)
    assert counts[0][:2] == (8, 2) and counts[1][:2] == (40, 5), counts  # 5 meetings at most
    assert counts[0][2] == counts[1][2], counts


def test_the_home_page_links_to_forfall_input_habilitet_proposals_and_the_calendar(
        app, client, frozen):
    council = make_council()
    person = _member(council)
    meeting = make_meeting(council, day=date(2022, 9, 14), cases=1)
    item = next(i for i in meeting.items if i.is_case)
    assign(item, input_requested=True)
    db.session.commit()
    _log_in_member(client, app, person)
    page = client.get("/mitt").get_data(as_text=True)
    assert f'href="/utvalg/NUIT/moter/2022/{meeting.number}/forfall">Meld forfall' in page
    assert f'/punkt/{item.id}/innspill">Gi innspill' in page
    # Each link names its case for screen readers (the visible texts repeat per case).
    assert f'Gi innspill<span class="visually-hidden"> – {item.title}</span>' in page
    assert f'/punkt/{item.id}/habilitet"' in page
    assert 'href="/saksforslag/ny">Foreslå en sak' in page
    assert 'href="/konto/kalender"' in page


def test_an_accepted_proposal_shows_its_case_file_number(app, client, frozen):
    council = make_council()
    person = _member(council)
    user = _log_in_member(client, app, person)
    case = cases.create_case("Felles API-er for timebestilling", year=2022)
    db.session.add(CaseProposal(title="Felles API-er for timebestilling", council_id=council.id,
                                proposer_user_id=user.id, status="accepted", case_id=case.id))
    db.session.commit()

    text = _text(client.get("/mitt"))
    assert f"NUIT · Tatt inn som sak {case.file_number}" in text
