"""The public pages (issue 11): the front page, a council's page with its minutes and decisions,
the decisions by year, a planned meeting without its place, case pages for visitors, and the
meeting calendar for members and archivists (read-only).

The exempt material is the invented one of tests/exempt_scenario.py (NUIT 3/22, minutes
published): its secret word must reach none of those without access."""
import io
from dataclasses import dataclass
from datetime import date, datetime, time

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import ItemOutcome, Meeting, MinutesStatus
from app.services.casework import cases, documents
from app.services.paperwork import paper_store
from app.services.planning import meetings, notice
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import minutes, recording
from app.services.registry import councils
from tests.access_matrix import (
    ARCHIVIST,
    NO_ROLE,
    log_in_directly,
    make_identities,
    user_of,
)
from tests.conftest import count_queries, login
from tests.exempt_scenario import (
    CASE_NOTE,
    NUFA_MEMBER,
    NUIT_MEMBER,
    PUBLIC_DOCUMENT,
    PUBLIC_TITLE,
    SECRET_DECISION,
    SECRET_TITLE,
    SECRETARIAT,
    VIEW_DAY,
    build_scenario,
    council_by_code,
    leaked,
)
from tests.factories import make_council, make_meeting, page_text
from tests.test_pdf import _text_pdf

NOW = datetime.combine(VIEW_DAY, time(12, 0))
PLANNED_PLACE = "Møterom Fjordutsikt"
PLANNED_VIDEO = "https://video.example.no/nuit-planlagt"
PLANNED_ITEM = "Utkast: veikart for kodeverk"
ISSUED_PLACE = "Storsalen i Vitensenteret"


@dataclass
class World:
    scenario: object
    held: Meeting  # NUIT 3/22, minutes published
    planned: Meeting  # NUIT, September, not issued
    issued: Meeting  # NUFA, August, notice issued
    lone_case: tuple[int, int]  # never on any agenda
    planned_case: tuple[int, int]  # only on the planned meeting's draft agenda


@pytest.fixture
def world(demo):
    make_identities()
    scenario = build_scenario()
    nuit, nufa = council_by_code("NUIT"), council_by_code("NUFA")
    with time_machine.travel(NOW, tick=False):
        planned = meetings.create_meeting(nuit, date(2022, 9, 14), time(9, 0), location=PLANNED_PLACE)
        planned.video_url = PLANNED_VIDEO
        draft = meetings.add_case_item(planned, PLANNED_ITEM, item_type="Drøfting")
        # The public case of 18/22 comes back to NUIT: a draft treatment the public may not see.
        meetings.add_case_item(planned, "Oppfølging av dagsorden",
                               case=cases.case_by_file_number(*scenario.public_file),
                               item_type="Orientering")
        issued = meetings.create_meeting(nufa, date(2022, 8, 20), time(10, 0), location=ISSUED_PLACE)
        meetings.add_case_item(issued, "Orientering om grunndata", item_type="Orientering",
                               presenters=["Kari Nordmann"])
        lone = cases.create_case("Ny sak om kodeverk")
        documents.add_document(lone, io.BytesIO(_text_pdf("Notat")), "Notat om kodeverk.pdf")
        db.session.commit()
        notice.issue_notice(issued.id, accept_warnings=True)  # its one item has no proposal
        db.session.commit()
    return World(scenario=scenario, held=meeting_by_number(nuit, 2022, 3), planned=planned,
                 issued=issued, lone_case=(lone.file_year, lone.file_seq),
                 planned_case=(draft.case.file_year, draft.case.file_seq))


def reader(app, identity: str | None):
    client = app.test_client()
    if identity is not None:
        log_in_directly(client, user_of(identity))
        db.session.commit()
    return client


def get(client, url: str, status: int = 200) -> str:
    with time_machine.travel(NOW, tick=False):
        response = client.get(url)
    assert response.status_code == status, (url, response.status_code)
    return response.get_data(as_text=True)


def meeting_url(meeting: Meeting) -> str:
    return f"/utvalg/{meeting.council.code}/moter/{meeting.year}/{meeting.number}"


# --- the front page ---------------------------------------------------------------------------------

def test_front_page_shows_upcoming_meetings_and_the_latest_minutes(demo, world):
    html = get(reader(demo, None), "/")
    upcoming, rest = html.split('id="nyeste-referater"')
    upcoming = page_text(upcoming.split('id="kommende-moter"')[1])
    nufa, nuit = f"NUFA {world.issued.label}", f"NUIT {world.planned.label}"
    # Soonest first; the issued one with its place, the planned one as planned, its date only.
    assert upcoming.index(nufa) < upcoming.index(nuit)
    assert f"{nufa} · 20. august 2022 · {ISSUED_PLACE}" in upcoming
    assert f"{nuit} · 14. september 2022 · Planlagt" in upcoming
    assert PLANNED_PLACE not in html and PLANNED_VIDEO not in html
    assert "NUIT Møte 3/22" not in upcoming  # held: in the past
    assert f'href="{meeting_url(world.planned)}"' in html
    # The latest published minutes, with their decisions.
    assert "Referat fra NUIT Møte 3/22" in page_text(rest)
    assert 'href="/utvalg/NUIT/moter/2022/3/referat"' in rest
    assert 'href="/utvalg/NUIT/vedtak?%C3%A5r=2022#mote-3"' in rest
    # The councils' cards stay.
    assert 'href="/utvalg/NUFA"' in html and 'href="/utvalg/NEHR"' in html
    assert not leaked(html)


# --- a planned meeting ------------------------------------------------------------------------------

def test_a_planned_meeting_shows_its_date_but_not_its_place_or_agenda(demo, world):
    url = meeting_url(world.planned)
    for identity in (None, NO_ROLE, NUFA_MEMBER, ARCHIVIST):
        text = page_text(get(reader(demo, identity), url))
        assert "14. september 2022" in text and "Status: Planlagt" in text
        assert "Møtet er planlagt. Innkalling med sted og saksliste kommer når den er sendt." in text
        for hidden in (PLANNED_PLACE, PLANNED_VIDEO, PLANNED_ITEM, "09:00"):
            assert hidden not in text, (identity, hidden)
    # The council's members and the secretariat prepare it: they see all of it.
    for identity in (NUIT_MEMBER, SECRETARIAT):
        html = get(reader(demo, identity), url)
        assert PLANNED_PLACE in html and f'href="{PLANNED_VIDEO}"' in html and PLANNED_ITEM in html
        assert "Innkalling med sted og saksliste kommer" not in html
    # Once the notice is issued, everyone sees where.
    html = get(reader(demo, None), meeting_url(world.issued))
    assert ISSUED_PLACE in html and "Innkalling med sted" not in html


# --- the council page and the decisions -----------------------------------------------------------

def test_the_council_page_links_the_minutes_the_decisions_and_only_public_papers(demo, world):
    with time_machine.travel(NOW, tick=False):
        full = paper_store.generate(world.held, "minutes", "full", "docx", user_of(SECRETARIAT))
        public = paper_store.generate(world.held, "minutes", "public", "docx", user_of(SECRETARIAT))
        db.session.commit()
    held_id = world.held.id
    for identity in (None, NUFA_MEMBER):
        html = get(reader(demo, identity), "/utvalg/NUIT?år=2022")
        assert 'href="/utvalg/NUIT/moter/2022/3/referat"' in html
        assert 'href="/utvalg/NUIT/vedtak?%C3%A5r=2022#mote-3"' in html
        assert 'href="/utvalg/NUIT/vedtak?%C3%A5r=2022"' in html  # the year's decisions
        assert f'href="/moter/{held_id}/dokumenter/{public.id}"' in html
        assert f"/dokumenter/{full.id}" not in html
        assert not leaked(html)
        # The paper listed is one the reader gets.
        assert reader(demo, identity).get(f"/moter/{held_id}/dokumenter/{public.id}").status_code == 200
    # A planned meeting has no minutes yet: nothing to link.
    assert f"/moter/{world.planned.id}/referat" not in get(reader(demo, None), "/utvalg/NUIT?år=2022")


def test_the_decisions_page_shows_public_decisions_and_only_the_public_title_of_an_exempt_case(demo, world):
    number = world.scenario.number
    for identity in (None, NO_ROLE, NUFA_MEMBER):
        html = get(reader(demo, identity), "/utvalg/NUIT/vedtak?år=2022")
        text = page_text(html)
        assert "Vedtak i NUIT 2022" in text and "Møte 3/22, 19. mai 2022" in text
        assert "16/22 Godkjenning av innkalling og dagsorden" in text
        assert f"{number} {PUBLIC_TITLE} {CASE_NOTE}" in text
        assert not leaked(html), identity
        # Titles link to the case pages.
        assert f'href="{world.scenario.public_case}"' in html
    member = get(reader(demo, NUIT_MEMBER), "/utvalg/NUIT/vedtak?år=2022")
    assert SECRET_TITLE in member and SECRET_DECISION in member


def test_an_item_where_nothing_was_decided_gets_no_empty_row(demo, world):
    """«Eventuelt» with no matters has no decision: the list leaves it out."""
    text = page_text(get(reader(demo, None), "/utvalg/NUIT/vedtak?år=2022"))
    assert "16/22 Godkjenning av innkalling og dagsorden" in text
    assert "Eventuelt" not in text


def test_decisions_of_minutes_not_yet_published_are_for_the_members(demo, world):
    held = db.session.get(Meeting, world.held.id)
    held.minutes.status, held.minutes.published_at = MinutesStatus.APPROVED, None
    db.session.commit()
    for identity in (None, NUFA_MEMBER):
        text = page_text(get(reader(demo, identity), "/utvalg/NUIT/vedtak?år=2022"))
        assert "Ingen offentlige vedtak i NUIT i 2022." in text and "Møte 3/22" not in text
        council_page = get(reader(demo, identity), "/utvalg/NUIT?år=2022")
        assert "#mote-3" not in council_page and "/moter/2022/3/referat" not in council_page
    text = page_text(get(reader(demo, NUIT_MEMBER), "/utvalg/NUIT/vedtak?år=2022"))
    assert "Møte 3/22, 19. mai 2022" in text and SECRET_DECISION in text
    assert "Referatet er ikke publisert ennå: vedtakene er ikke offentlige." in text


# --- case pages from the meeting page -----------------------------------------------------------

def test_a_visitor_follows_the_case_links_of_a_held_meeting(demo, world):
    visitor = reader(demo, None)
    html = get(visitor, meeting_url(world.held))
    scenario = world.scenario
    assert f'href="{scenario.public_case}"' in html and f'href="{scenario.exempt_case}"' in html
    # The exempt case: its public title and legal basis, nothing else.
    exempt = get(visitor, scenario.exempt_case)
    assert PUBLIC_TITLE in exempt and CASE_NOTE in page_text(exempt)
    assert not leaked(exempt)
    # The public case: its documents the visitor may read, its proposal, no draft treatment.
    public = get(visitor, scenario.public_case)
    assert PUBLIC_DOCUMENT in public and not leaked(public)
    assert "NUIT tar sakene til orientering." in public
    assert f'href="{meeting_url(world.held)}"' in public
    assert f'href="{meeting_url(world.planned)}"' not in public  # a draft agenda
    assert "Status Behandlet" in page_text(public)  # not "På dagsorden" (the draft)
    assert 'href="/saker/"' not in public  # the register is for those logged in
    with time_machine.travel(NOW, tick=False):
        download = visitor.get(f"{scenario.public_case}/vedlegg/{scenario.public_document}")
        assert download.status_code == 200 and download.data.startswith(b"%PDF")
        assert visitor.get(f"{scenario.public_case}/vedlegg/{scenario.secret_document}").status_code == 403
    # A member of the council sees the case's coming treatment too.
    member = get(reader(demo, NUIT_MEMBER), scenario.public_case)
    assert f'href="{meeting_url(world.planned)}"' in member
    assert "Status På dagsorden" in page_text(member)


def test_a_case_never_on_an_issued_agenda_sends_the_visitor_to_log_in(demo, world):
    visitor = reader(demo, None)
    for year, seq in (world.lone_case, world.planned_case):
        with time_machine.travel(NOW, tick=False):
            for url in (f"/saker/{year}/{seq}", f"/saker/{year}/{seq}/vedlegg/1"):
                response = visitor.get(url)
                assert response.status_code == 302 and "/logg-inn" in response.headers["Location"], url
    # Logged in, as before, anyone opens it.
    year, seq = world.lone_case
    assert "Ny sak om kodeverk" in get(reader(demo, NO_ROLE), f"/saker/{year}/{seq}")
    # No link leads a visitor there: the draft agenda is hidden, the member gets the link.
    year, seq = world.planned_case
    assert f"/saker/{year}/{seq}" not in get(visitor, meeting_url(world.planned))
    assert f'href="/saker/{year}/{seq}"' in get(reader(demo, NUIT_MEMBER), meeting_url(world.planned))


def test_a_cancelled_meetings_case_is_not_linked_for_a_visitor(demo, world):
    with time_machine.travel(NOW, tick=False):
        meetings.cancel_meeting(db.session.get(Meeting, world.planned.id), "Ingen saker klare")
        db.session.commit()
    year, seq = world.planned_case
    html = get(reader(demo, None), meeting_url(world.planned))
    assert PLANNED_ITEM in html  # the agenda of a cancelled meeting is public
    assert f"/saker/{year}/{seq}" not in html
    assert f'href="/saker/{year}/{seq}"' in get(reader(demo, NO_ROLE), meeting_url(world.planned))


# --- the meeting calendar ---------------------------------------------------------------------------

def test_a_member_reads_their_councils_calendar_without_edit_links(demo, world):
    member = reader(demo, NUIT_MEMBER)
    html = get(member, "/moter/?år=2022")
    assert "Møter i NUIT 2022" in html and 'href="/moter/"' in html  # in the menu too
    assert "/moter/nytt" not in html and "Nytt møte" not in html
    assert f'href="/moter/{world.held.id}"' not in html  # no agenda builder
    assert f'href="{meeting_url(world.held)}"' in html and f'href="{meeting_url(world.planned)}"' in html
    assert PLANNED_PLACE in html  # a member sees the draft's place
    assert '<option value="NUFA"' not in html
    # Another council's meetings are not theirs: they get their own council.
    html = get(member, "/moter/?utvalg=NUFA&år=2022")
    assert "Møter i NUIT 2022" in html and ISSUED_PLACE not in html
    nufa = get(reader(demo, NUFA_MEMBER), "/moter/?år=2022")
    assert "Møter i NUFA 2022" in nufa and ISSUED_PLACE in nufa and '<option value="NUIT"' not in nufa


def test_the_archivist_reads_every_calendar_read_only(demo, world):
    archivist = reader(demo, ARCHIVIST)
    html = get(archivist, "/moter/?utvalg=NUFA&år=2022")
    assert "Møter i NUFA 2022" in html and ISSUED_PLACE in html
    assert "Nytt møte" not in html and f'href="/moter/{world.issued.id}"' not in html
    assert f'href="{meeting_url(world.issued)}"' in html
    html = get(archivist, "/moter/?utvalg=NUIT&år=2022")
    assert f'href="{meeting_url(world.planned)}"' in html
    assert PLANNED_PLACE not in html and "Kommer med innkallingen" in html  # a draft's place
    # The secretariat plans there.
    html = get(reader(demo, SECRETARIAT), "/moter/?utvalg=NUIT&år=2022")
    assert "Nytt møte i NUIT" in html and f'href="/moter/{world.planned.id}"' in html
    assert PLANNED_PLACE in html


def test_the_calendar_is_refused_to_a_login_without_role_and_to_visitors(demo, world):
    get(reader(demo, NO_ROLE), "/moter/", 403)
    assert 'href="/moter/"' not in get(reader(demo, NO_ROLE), "/")
    with time_machine.travel(NOW, tick=False):
        response = reader(demo, None).get("/moter/")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]


# --- the decisions page runs a fixed number of queries ----------------------------------------------

def _held_year(council, year: int, meetings_count: int, cases_per_meeting: int) -> None:
    """Meetings with decided cases (one exempt each) and published minutes."""
    for n in range(meetings_count):
        day = date(year, 2 + n, 10)
        with time_machine.travel(datetime.combine(day, time(8, 0)), tick=False):
            meeting = make_meeting(council, day=day, cases=cases_per_meeting)
            meetings.add_case_item(meeting, "HEMMELIG-ORD-Q: forhandling", item_type="Drøfting",
                                   exempt=True, legal_basis="offl. § 14", public_title="Avtalesak",
                                   presenters=["Kari Nordmann"])
            notice.issue_notice(meeting.id, accept_warnings=True)  # the exempt item has no proposal
            for item in meeting.items:
                recording.record_item(item, item.version, outcome=ItemOutcome.DECIDED,
                                      decision_body={"text": f"Vedtatt: {item.title}."})
            recording.mark_held(meeting)
            minutes.send_for_comments(minutes.minutes_for(meeting), day)
            minutes.approve(meeting.minutes, circulated_on=day)
            minutes.publish(meeting.minutes)
            db.session.commit()


def _decision_page_queries(client, year: int, meetings_count: int, cases: int, member: bool) -> int:
    council = council_by_code("NUIT") or make_council()
    _held_year(council, year, meetings_count, cases)
    url = f"/utvalg/NUIT/vedtak?år={year}"
    client.get(url)  # warm up
    with count_queries(db.engine) as n:
        response = client.get(url)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert html.count("Vedtatt: Sak nummer") == meetings_count * cases
    if member:  # the council's member reads the exempt decisions
        assert html.count("Vedtatt: HEMMELIG-ORD-Q") == meetings_count
    else:
        assert html.count("Avtalesak") == meetings_count and not leaked(html)
    return n()


@pytest.mark.parametrize("identity", ["visitor", "member"])
def test_the_decisions_page_query_count_does_not_grow(client, app, identity):
    if identity == "member":
        login(client, app, email="medlem@example.no", roles=())
        from app.services.registry.users import user_by_email

        person = councils.upsert_person("Mona Medlem")
        user_by_email("medlem@example.no").person = person
        councils.ensure_membership(person, make_council(), "medlem", valid_from=date(2000, 1, 1))
        db.session.commit()
    member = identity == "member"
    small = _decision_page_queries(client, 2023, 1, 2, member)
    large = _decision_page_queries(client, 2024, 4, 8, member)
    assert small == large
    assert small <= 12


def _council_and_front_page_queries(client, year: int, meetings_count: int) -> tuple[int, int]:
    council = council_by_code("NUIT") or make_council()
    _held_year(council, year, meetings_count, 2)
    held = db.session.scalars(select(Meeting).where(Meeting.year == year)).all()
    with time_machine.travel(datetime(year, 12, 1, 12, 0), tick=False):
        for meeting in held:
            paper_store.generate(meeting, "minutes", "public", "docx")
            meetings.create_meeting(council, date(year + 1, meeting.date.month, 1), time(9, 0),
                                    location="Møterom")
        db.session.commit()
        counts = []
        for url in (f"/utvalg/NUIT?år={year}", "/"):
            client.get(url)  # warm up
            with count_queries(db.engine) as n:
                response = client.get(url)
            assert response.status_code == 200
            counts.append(n())
        html = client.get(f"/utvalg/NUIT?år={year}").get_data(as_text=True)
    assert html.count("/dokumenter/") == meetings_count and html.count("#mote-") == meetings_count
    return tuple(counts)


def test_the_council_page_and_the_front_page_run_a_fixed_number_of_queries(client, app):
    small = _council_and_front_page_queries(client, 2023, 1)
    large = _council_and_front_page_queries(client, 2025, 5)
    assert small == large
    assert max(small) <= 12
