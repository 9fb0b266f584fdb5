"""The case register: access, create/edit with audit, filters, derived status, exempt titles,
related cases, treatments, fixed query counts."""
import re
from datetime import date, time

import pytest
from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, Case, CaseLink
from app.services.casework.cases import CaseStatus, case_status, create_case, link_cases
from app.services.planning import meetings, notice
from app.services.registry import councils
from app.services.registry.users import user_by_email
from tests.conftest import count_queries, login
from tests.factories import add_item, make_council

SECRET = "Anskaffelse av journalsystem fra Leverandør X"


def request(client, method: str, url: str, **kwargs):
    """Run one request in an app context of its own, as a server does: its own database session
    and its own ``g`` (Flask-Login then loads the user from this client's cookie, not the last
    request's). The test's own session starts a new transaction to see what requests committed."""
    db.session.rollback()
    with current_app._get_current_object().app_context():
        response = client.open(url, method=method, **kwargs)
        response.get_data()
    return response


def get(client, url, **params):
    return request(client, "GET", url, query_string=params)


def post(client, url, data=None):
    return request(client, "POST", url, data=data or {})


def sign_in(client, app, email="sekretar@example.no", roles=("secretariat",)):
    with app.app_context():
        login(client, app, email=email, roles=roles)
    return client


def _page(client, **params) -> str:
    response = get(client, "/saker/", **params)
    assert response.status_code == 200, response.get_data(as_text=True)
    return response.get_data(as_text=True)


def _file_numbers(html: str) -> list[str]:
    return re.findall(r'href="/saker/\d{4}/\d+">(\d{4}/\d+)</a>', html)


def _login_plain(client, app, email="leser@example.no"):
    return sign_in(client, app, email=email, roles=())


def _make_member(app, email, council):
    """A user without roles whose person is a current member of ``council``."""
    from app.services.registry.users import create_user

    person = councils.upsert_person(f"Medlem {email}")
    councils.ensure_membership(person, council, "medlem", valid_from=date(2020, 1, 1))
    user = create_user(email, "riktig-passord-123", [])
    user.person = person
    db.session.commit()


# --- access -------------------------------------------------------------------------------------

@pytest.mark.parametrize("path", ["/saker/", "/saker/ny", "/saker/2022/1", "/saker/2022/1/endre"])
def test_anonymous_users_are_sent_to_login(client, app, path):
    create_case("En sak", year=2022)
    db.session.commit()
    response = get(client, path)
    assert response.status_code == 302
    assert "/logg-inn" in response.headers["Location"]


def test_plain_users_read_the_register_but_cannot_change_it(client, app):
    case = create_case("Nasjonal kjernejournal", year=2022)
    db.session.commit()
    _login_plain(client, app)
    assert "Nasjonal kjernejournal" in _page(client)
    assert "Registrer ny sak" not in _page(client)
    assert get(client, "/saker/ny").status_code == 403
    assert post(client, "/saker/ny", data={"title": "Snik"}).status_code == 403
    assert get(client, f"/saker/{case.file_year}/{case.file_seq}/endre").status_code == 403
    assert post(client, f"/saker/{case.file_year}/{case.file_seq}/relaterte",
                       data={"file_number": "2022/1"}).status_code == 403
    assert db.session.scalar(select(Case).where(Case.title == "Snik")) is None


def test_unknown_case_is_404(client, app):
    sign_in(client, app)
    assert get(client, "/saker/2022/999").status_code == 404


# --- create and edit -------------------------------------------------------------------------------

def test_secretariat_registers_a_case_and_sees_its_file_number(client, app):
    org = councils.upsert_organisation("Norsk helsenett SF", "NHN")
    person = councils.upsert_person("Kari Nordmann", organisation=org)
    db.session.commit()
    sign_in(client, app)
    response = post(client, "/saker/ny", data={
        "title": "  Samarbeidsmodell for standarder ", "description": "Bakgrunn …",
        "submitted_by_organisation": str(org.id), "submitted_by_person": str(person.id),
    })
    assert response.status_code == 302
    case = db.session.scalar(select(Case))
    year = date.today().year
    assert case.file_number == f"{year}/1"
    assert response.headers["Location"].endswith(f"/saker/{year}/1")
    assert (case.title, case.submitted_by_organisation_id, case.submitted_by_person_id) == (
        "Samarbeidsmodell for standarder", org.id, person.id)
    page = get(client, response.headers["Location"]).get_data(as_text=True)
    assert f"arkivsaksnummer {year}/1" in page
    assert "Kari Nordmann, Norsk helsenett SF" in page
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "Case")).all()
    assert {a.user_id for a in audit} == {user_by_email("sekretar@example.no").id}


def test_exempt_case_without_legal_basis_gets_a_message_next_to_the_field(client, app):
    sign_in(client, app)
    response = post(client, "/saker/ny", data={"title": "Tilbudsevaluering", "exempt": "y"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="legal_basis-feil"' in html
    assert 'aria-describedby="legal_basis-beskrivelse legal_basis-feil"' in html
    assert "Skriv hjemmelen for unntaket" in html
    assert db.session.scalar(select(Case)) is None


def test_title_is_required(client, app):
    sign_in(client, app)
    response = post(client, "/saker/ny", data={"title": "  "})
    assert response.status_code == 400
    assert 'id="title-feil"' in response.get_data(as_text=True)


def test_editing_a_case_records_audit_events(client, app):
    case = create_case("Gammel tittel", year=2022)
    db.session.commit()
    sign_in(client, app)
    url = f"/saker/{case.file_year}/{case.file_seq}/endre"
    form = get(client, url).get_data(as_text=True)
    assert 'value="Gammel tittel"' in form
    response = post(client, url, data={"title": "Ny tittel", "exempt": "y",
                                       "legal_basis": "offl. § 15 første ledd",
                                       "public_title": "Anskaffelse"})
    assert response.status_code == 302
    db.session.rollback()
    case = db.session.get(Case, case.id)
    assert (case.title, case.exempt, case.legal_basis, case.public_title) == (
        "Ny tittel", True, "offl. § 15 første ledd", "Anskaffelse")
    assert case.file_number == "2022/1"  # never changes
    events = {(e.field, e.old_value, e.new_value): e.user_id for e in db.session.scalars(
        select(AuditEvent).where(AuditEvent.object_type == "Case", AuditEvent.action == "update",
                                 AuditEvent.object_id == case.id, AuditEvent.user_id.is_not(None)))}
    user_id = user_by_email("sekretar@example.no").id
    assert events[("title", "Gammel tittel", "Ny tittel")] == user_id
    assert events[("exempt", "False", "True")] == user_id
    assert events[("legal_basis", None, "offl. § 15 første ledd")] == user_id
    # Making it public again drops the legal basis and public title.
    post(client, url, data={"title": "Ny tittel"})
    db.session.rollback()
    case = db.session.get(Case, case.id)
    assert (case.exempt, case.legal_basis, case.public_title) == (False, None, None)


# --- related cases ----------------------------------------------------------------------------------

def test_link_and_unlink_related_cases(client, app):
    first = create_case("Første sak", year=2022)
    second = create_case("Andre sak", year=2022)
    db.session.commit()
    sign_in(client, app)
    url = f"/saker/{first.file_year}/{first.file_seq}"
    response = post(client, url + "/relaterte", data={"file_number": "2022/99"})
    assert response.status_code == 400
    assert "Fant ingen sak med arkivsaksnummer 2022/99" in response.get_data(as_text=True)
    response = post(client, url + "/relaterte", data={"file_number": "2022/2"})
    assert response.status_code == 302
    assert "2022/2 Andre sak" in get(client, url).get_data(as_text=True)
    assert "2022/1 Første sak" in get(client, "/saker/2022/2").get_data(as_text=True)
    response = post(client, f"{url}/relaterte/{second.id}/fjern")
    assert response.status_code == 302
    assert db.session.scalar(select(CaseLink)) is None
    assert "Ingen relaterte saker" in get(client, url).get_data(as_text=True)
    deleted = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "CaseLink", AuditEvent.action == "delete")).all()
    assert deleted and deleted[0].user_id is not None


# --- status, treatments, filters ------------------------------------------------------------------------

@pytest.fixture
def register(app):
    """Cases in every status, across NUIT (format 016/22) and NUFA."""
    nuit = make_council("NUIT", fmt="{seq:03d}/{yy}")
    nufa = make_council("NUFA", "Fagutvalget")
    cases = {
        "new": create_case("Ny sak om ærlige data", year=2023),
        "planned": create_case("Strategi for e-helse", year=2022),
        "treated": create_case("Veikart for nasjonale e-helseløsninger", year=2022,
                               description="Oppdatert VEIKART med økonomi"),
        "postponed": create_case("Samarbeidsmodell for standarder", year=2022),
        "withdrawn": create_case("Sak som ble trukket", year=2022),
        "moved_on": create_case("Postponed, then back on a later agenda", year=2022),
    }
    held = meetings.create_meeting(nuit, date(2022, 3, 10), time(9, 0), status="held")
    may = meetings.create_meeting(nuit, date(2022, 5, 19), time(8, 30))
    sept = meetings.create_meeting(nuit, date(2022, 9, 14), time(9, 0))
    nufa_meeting = meetings.create_meeting(nufa, date(2022, 2, 1), time(9, 0))
    meetings.add_case_item(nufa_meeting, "Veikart (NUFA)", case=cases["treated"])
    meetings.add_case_item(held, "Veikart", case=cases["treated"])
    add_item(may, "Strategi", case=cases["planned"])
    postponed = add_item(may, "Standarder", case=cases["postponed"])
    withdrawn = add_item(may, "Trukket", case=cases["withdrawn"])
    first = add_item(may, "Først utsatt", case=cases["moved_on"])
    notice.issue_notice(may.id, accept_warnings=True)  # no proposals
    meetings.postpone_item(postponed, to_date=date(2022, 12, 1))
    meetings.postpone_item(first, to_date=sept.date)
    meetings.withdraw_item(withdrawn)
    meetings.add_case_item(sept, "Tilbake på dagsorden", case=cases["moved_on"])
    cancelled = meetings.create_meeting(nuit, date(2022, 10, 1), time(9, 0))
    meetings.add_case_item(cancelled, "På et avlyst møte", case=cases["planned"])
    meetings.cancel_meeting(cancelled, "Ingen saker")
    db.session.commit()
    return cases


def test_status_is_derived_from_the_latest_agenda_item(app, register):
    expected = {"new": CaseStatus.NEW, "planned": CaseStatus.ON_AGENDA,
                "treated": CaseStatus.TREATED, "postponed": CaseStatus.POSTPONED,
                "withdrawn": CaseStatus.WITHDRAWN, "moved_on": CaseStatus.ON_AGENDA}
    assert {k: case_status(c) for k, c in register.items()} == expected


def test_filters_by_status_council_year_and_text(client, app, register):
    sign_in(client, app)
    numbers = {k: c.file_number for k, c in register.items()}
    unfiltered = _page(client)
    assert len(_file_numbers(unfiltered)) == 6
    assert "ds-validation-message" not in unfiltered
    assert _file_numbers(_page(client, status="ny")) == [numbers["new"]]
    assert _file_numbers(_page(client, status="behandlet")) == [numbers["treated"]]
    assert _file_numbers(_page(client, status="utsatt")) == [numbers["postponed"]]
    assert _file_numbers(_page(client, status="trukket")) == [numbers["withdrawn"]]
    assert set(_file_numbers(_page(client, status="dagsorden"))) == {numbers["planned"],
                                                                     numbers["moved_on"]}
    assert _file_numbers(_page(client, utvalg="NUFA")) == [numbers["treated"]]
    assert numbers["new"] not in _file_numbers(_page(client, utvalg="NUIT"))
    assert _file_numbers(_page(client, aar="2023")) == [numbers["new"]]
    assert len(_file_numbers(_page(client, aar="2022"))) == 5
    # Text: title or description, case-insensitive, Norwegian letters included.
    assert _file_numbers(_page(client, tekst="veikart")) == [numbers["treated"]]
    assert _file_numbers(_page(client, tekst="ØKONOMI")) == [numbers["treated"]]
    assert _file_numbers(_page(client, tekst="ÆRLIGE")) == [numbers["new"]]
    assert _file_numbers(_page(client, tekst="100%")) == []
    # Combined.
    assert _file_numbers(_page(client, tekst="sak", status="trukket", aar="2022")) == [
        numbers["withdrawn"]]
    # Unknown filter values are reported and ignored, not a crash.
    html = _page(client, status="tull", utvalg="XYZ")
    assert len(_file_numbers(html)) == 6
    assert 'id="status-feil">Velg en verdi fra listen.' in html and 'id="utvalg-feil"' in html


def test_list_and_case_page_show_treatments_in_the_councils_format(client, app, register):
    sign_in(client, app)
    html = _page(client, tekst="veikart")
    assert "NUFA møte 1/22" in html and "NUIT 001/22" in html  # NUFA: notice not issued yet
    assert 'href="/utvalg/NUIT/moter/2022/1"' in html
    case = register["moved_on"]
    page = get(client, f"/saker/{case.file_year}/{case.file_seq}").get_data(as_text=True)
    assert 'href="/utvalg/NUIT/moter/2022/2"' in page and 'href="/utvalg/NUIT/moter/2022/3"' in page
    assert "Utsatt" in page and "På dagsorden" in page and "Tilbake på dagsorden" in page


def test_pagination(client, app):
    app.config["PAGE_SIZE"] = 5
    for n in range(12):
        create_case(f"Sak {n + 1}", year=2022)
    db.session.commit()
    sign_in(client, app)
    first = _page(client)
    assert _file_numbers(first) == [f"2022/{n}" for n in range(12, 7, -1)]
    assert "12 saker, side 1 av 3" in first
    assert _file_numbers(_page(client, side=3)) == ["2022/2", "2022/1"]
    assert _file_numbers(_page(client, side=99)) == ["2022/2", "2022/1"]  # clamped
    assert 'href="/saker/?side=2&amp;tekst=Sak"' in _page(client, tekst="Sak")


# --- exempt cases --------------------------------------------------------------------------------------

@pytest.fixture
def exempt_case(app):
    council = make_council("NUIT")
    case = create_case(SECRET, year=2022, exempt=True, legal_basis="offl. § 23",
                       public_title="Anskaffelse", description="Tilbudet fra Leverandør X")
    meeting = meetings.create_meeting(council, date(2022, 5, 19), time(8, 30))
    meetings.add_case_item(meeting, SECRET, case=case)
    db.session.commit()
    return case


def test_exempt_title_is_hidden_from_plain_users_in_list_page_and_search(client, app, exempt_case):
    _login_plain(client, app)
    html = _page(client)
    assert "Leverandør X" not in html
    assert "Anskaffelse" in html and "Unntatt offentlighet" in html
    # Searching for what the real title or description says finds nothing …
    assert _file_numbers(_page(client, tekst="journalsystem")) == []
    assert _file_numbers(_page(client, tekst="leverandør x")) == []
    # … while the public title is searchable.
    assert _file_numbers(_page(client, tekst="anskaffelse")) == ["2022/1"]
    page = get(client, "/saker/2022/1").get_data(as_text=True)
    assert "Leverandør X" not in page
    assert "Anskaffelse" in page and "offl. § 23" in page


def test_members_of_the_council_and_the_secretariat_see_exempt_titles(client, app, exempt_case):
    from app.services.registry.users import create_user

    _make_member(app, "medlem@example.no", councils.council_by_code("NUIT"))
    nufa = make_council("NUFA", "Fagutvalget")
    _make_member(app, "medlem-nufa@example.no", nufa)  # member of another council only
    create_user("arkiv@example.no", "riktig-passord-123", ["archivist"])
    create_user("sekretar@example.no", "riktig-passord-123", ["secretariat"])
    db.session.commit()

    sign_in(client, app, email="medlem@example.no", roles=())
    assert SECRET in _page(client)
    assert _file_numbers(_page(client, tekst="journalsystem")) == ["2022/1"]
    other = app.test_client()
    sign_in(other, app, email="medlem-nufa@example.no", roles=())
    assert SECRET not in _page(other)
    assert _file_numbers(_page(other, tekst="journalsystem")) == []
    secretariat = app.test_client()
    sign_in(secretariat, app)
    assert SECRET in _page(secretariat, tekst="JOURNALSYSTEM")
    archivist = app.test_client()
    sign_in(archivist, app, email="arkiv@example.no", roles=("archivist",))
    assert SECRET in _page(archivist)


# --- fixed number of queries -----------------------------------------------------------------------------

def _fill(count: int):
    council = make_council("NUIT")
    org = councils.upsert_organisation("Norsk helsenett SF", "NHN")
    meeting = meetings.create_meeting(council, date(2022, 5, 19), time(8, 30))
    for n in range(count):
        case = create_case(f"Sak {n}", year=2022, exempt=n % 3 == 0,
                           legal_basis="offl. § 15" if n % 3 == 0 else None,
                           submitted_by_organisation_id=org.id)
        if n % 2:
            add_item(meeting, f"Sak {n}", case=case)
    if count > 1:
        link_cases(*db.session.scalars(select(Case).limit(2)).all())
    notice.issue_notice(meeting.id, accept_warnings=True)  # no proposals
    db.session.commit()


@pytest.mark.parametrize("who", ["secretariat", "member", "reader"])
def test_register_runs_a_fixed_number_of_queries(app, who):
    """5 or 60 cases (a full page of 50), with treatments, exempt cases and links: same count."""
    from tests.conftest import _truncate_all

    counts = []
    for count in (5, 60):
        with app.app_context():
            if db.engine.dialect.name == "postgresql":
                _truncate_all()
            else:
                db.drop_all()
                db.create_all()
            _fill(count)
            client = app.test_client()
            if who == "member":
                _make_member(app, "medlem@example.no", councils.council_by_code("NUIT"))
                sign_in(client, app, email="medlem@example.no", roles=())
            else:
                sign_in(client, app, email=f"{who}@example.no",
                        roles=("secretariat",) if who == "secretariat" else ())
            with count_queries(db.engine) as n:
                html = _page(client)
            assert len(_file_numbers(html)) == min(count, 50)
            with count_queries(db.engine) as m:
                _page(client, tekst="Sak", status="dagsorden", utvalg="NUIT", aar="2022")
            counts.append((n(), m()))
    assert counts[0] == counts[1], counts
    assert counts[0][0] <= 10, counts
