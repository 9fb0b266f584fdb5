"""The meeting page: agenda table, fixed query count, exempt cases hidden from the public."""
from datetime import date

from app.extensions import db
from app.models import ItemPurpose
from app.services.planning import meetings, notice
from app.services.registry import councils
from tests.conftest import count_queries, login
from tests.factories import make_council, make_meeting


def _queries_for_meeting_page(client, app, items: int, year: int) -> int:
    council = make_council()
    for n in range(items // 5):  # members grow with the agenda too
        org = councils.upsert_organisation(f"Helseforetak {n}")
        person = councils.upsert_person(f"Medlem {n}", title="Rådgiver", organisation=org)
        councils.ensure_membership(person, council, "medlem", organisation=org)
    meeting = make_meeting(council, day=date(year, 3, 1), cases=items)
    meetings.add_break(meeting, "Pause", duration=10)
    notice.issue_notice(meeting.id)
    db.session.commit()
    url = f"/utvalg/NUIT/moter/{year}/{meeting.number}"
    client.get(url)  # warm up
    with count_queries(db.engine) as n:
        response = client.get(url)
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert f"{items}/{year % 100}" in html and f"Medlem {items // 5 - 1}" in html
    return n()


def test_meeting_page_query_count_does_not_grow_with_agenda(client, app):
    small = _queries_for_meeting_page(client, app, 15, 2030)
    large = _queries_for_meeting_page(client, app, 150, 2031)
    assert small == large
    assert small <= 10


def test_meeting_page_shows_numbers_presenters_and_times(client, app):
    council = make_council()
    meeting = make_meeting(council, cases=2)
    meetings.add_break(meeting, "Lunsj", duration=30)
    meetings.add_case_item(meeting, "Eventuelt", duration=5, presenters=["Kari Nordmann"],
                           purpose=ItemPurpose.ANY_OTHER_BUSINESS)
    notice.issue_notice(meeting.id)
    db.session.commit()
    html = client.get("/utvalg/NUIT/moter/2022/1").get_data(as_text=True)
    # The organisation on a line of its own under the names, as in the seed's table.
    assert 'Kari Nordmann og Ola Nordmann<br><span class="meta">NHN</span>' in html
    for number, start in (("1/22", "08:30"), ("2/22", "08:45"), ("3/22", "09:30")):
        assert f"<td>{number}</td>" in html and start in html
    assert "Lunsj" in html and "09:00" in html
    assert "19. mai 2022" in html


def test_unknown_meeting_and_council_give_norwegian_404(client, app):
    make_council()
    db.session.commit()
    for url in ("/utvalg/NUIT/moter/2022/9", "/utvalg/XYZ"):
        response = client.get(url)
        assert response.status_code == 404
        assert "Fant ikke siden" in response.get_data(as_text=True)


def _exempt_meeting():
    council = make_council()
    meeting = meetings.create_meeting(council, date(2022, 5, 19), make_meeting.__defaults__[1])
    meetings.add_case_item(meeting, "Leverandørens tilbud om ny journalløsning", item_type="Beslutning",
                           exempt=True, legal_basis="offl. § 15 første ledd",
                           public_title="Anskaffelse – vurdering av tilbud", presenters=["Kari Nordmann"],
                           proposal_heading="Forslag til vedtak",
                           proposal_body={"text": "NUIT anbefaler tilbudet fra Leverandør A."})
    notice.issue_notice(meeting.id)  # the public sees an agenda once the notice is issued
    db.session.commit()
    return meeting


def test_exempt_case_title_hidden_from_the_public(client, app):
    _exempt_meeting()
    html = client.get("/utvalg/NUIT/moter/2022/1").get_data(as_text=True)
    assert "Leverandørens tilbud" not in html
    assert "Leverandør A" not in html  # nor the proposal that names it
    assert "Anskaffelse – vurdering av tilbud" in html
    assert "Unntatt offentlighet, jf. offl. § 15 første ledd" in html


def test_exempt_case_title_shown_to_the_secretariat(client, app):
    _exempt_meeting()
    login(client, app)
    html = client.get("/utvalg/NUIT/moter/2022/1").get_data(as_text=True)
    assert "Leverandørens tilbud om ny journalløsning" in html
    assert "NUIT anbefaler tilbudet fra Leverandør A." in html


def test_proposals_are_shown_as_text_points_or_parts(client, demo):
    html = client.get("/utvalg/NUIT/moter/2022/3").get_data(as_text=True)
    section_21 = html[html.index("Sak 21/22"):html.index("Sak 22/22 ")]
    assert section_21.count("<li>") == 3 and "<ol>" in section_21
    section_24 = html[html.index("Sak 24/22"):html.index("Sak 25/22")]
    assert "<h4>Vedtak:</h4>" in section_24
    assert "1. Videreutvikling av Nasjonal e-helsemonitor" in section_24
    assert "2. Forbedringsarbeid rundt rapporten Ressursbruk" in section_24
    section_25 = html[html.index("Sak 25/22"):html.index("Sak 26/22")]
    assert section_25.count("<p>") == 3
