"""The secretariat's register: councils, organisations, people and memberships (issue 3), and the
public council page's list of members and observers."""
import re
from datetime import date
from html import unescape
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import AuditEvent, Council, Membership, Organisation, Person
from app.services.registry import councils
from tests.conftest import count_queries, login
from tests.factories import make_council

# --- helpers ---------------------------------------------------------------------------------------


class _Tables(HTMLParser):
    """Every table of a page: its caption and the text of each body row's cells."""

    def __init__(self):
        super().__init__()
        self.tables, self._cell, self._row, self._in = [], None, None, None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append({"caption": "", "rows": []})
        elif tag == "caption":
            self._in = "caption"
        elif tag == "tbody":
            self._in = "tbody"
        elif tag == "tr" and self._in == "tbody":
            self._row = []
        elif tag == "td" and self._row is not None:
            self._cell = ""

    def handle_endtag(self, tag):
        if tag == "caption":
            self._in = None
        elif tag == "td" and self._cell is not None:
            self._row.append(" ".join(self._cell.split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            self.tables[-1]["rows"].append(self._row)
            self._row = None
        elif tag == "tbody":
            self._in = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell += data
        elif self._in == "caption":
            self.tables[-1]["caption"] += data.strip()


def tables(html: str) -> dict[str, list[list[str]]]:
    parser = _Tables()
    parser.feed(html)
    return {t["caption"]: t["rows"] for t in parser.tables}


def field_error(html: str, field: str) -> str | None:
    """The message shown under a field, if any, and check it is tied to the input."""
    match = re.search(rf'<div class="ds-validation-message"[^>]*id="{field}-feil">(.*?)</div>', html,
                      re.S)
    if match is None:
        return None
    control = re.search(rf'<(?:input|select|textarea)[^>]*\bid="{field}"[^>]*>', html)
    assert control is not None and f"{field}-feil" in control.group(0)
    assert 'aria-invalid="true"' in control.group(0)
    return unescape(match.group(1).strip())


def audit(object_type: str, object_id: int) -> list[tuple]:
    return [tuple(r) for r in db.session.execute(
        select(AuditEvent.action, AuditEvent.field, AuditEvent.old_value, AuditEvent.new_value,
               AuditEvent.actor)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id == object_id)
        .order_by(AuditEvent.id))]


def audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def fresh(model, ident):
    db.session.expire_all()
    return db.session.get(model, ident)


@pytest.fixture
def secretary(client, app):
    login(client, app)
    return client


COUNCIL_FORM = {
    "name": "Prioriteringsutvalget",
    "description": "Gir råd om prioritering.",
    "case_number_format": "{seq}/{yy}",
    "active_from": "2016-01-01",
    "active_to": "",
    "secretariat": "",
}


# --- access ----------------------------------------------------------------------------------------

PAGES = ["/register/", "/register/utvalg/ny", "/register/utvalg/NUIT", "/register/utvalg/NUIT/endre",
         "/register/utvalg/NUIT/medlemskap/ny", "/register/organisasjoner",
         "/register/organisasjoner/ny", "/register/organisasjoner/1", "/register/personer",
         "/register/personer/ny", "/register/personer/1", "/register/medlemskap/1/avslutt"]


@pytest.fixture
def registry_data(app):
    council = make_council()
    org = councils.upsert_organisation("Norsk helsenett SF", "NHN")
    person = councils.create_person("Kari Nordmann", title="Rådgiver", organisation=org)
    councils.add_membership(council, person, "medlem", valid_from=date(2022, 1, 1))
    db.session.commit()
    return council


def test_anonymous_users_are_sent_to_login(client, registry_data):
    for url in PAGES:
        response = client.get(url)
        assert response.status_code == 302, url
        assert "/logg-inn" in response.headers["Location"], url
    response = client.post("/register/organisasjoner/ny", data={"name": "Ny org"})
    assert response.status_code == 302
    assert councils.organisation_by_name("Ny org") is None


def test_archivists_get_403_and_change_nothing(client, app, registry_data):
    login(client, app, email="arkiv@example.no", roles=("archivist",))
    for url in PAGES:
        assert client.get(url).status_code == 403, url
    before = audit_count()
    response = client.post("/register/utvalg/NUIT/endre", data={**COUNCIL_FORM, "name": "Hacket"})
    assert response.status_code == 403
    assert "Ingen tilgang" in response.get_data(as_text=True)
    assert fresh(Council, registry_data.id).name == "Prioriteringsutvalget"
    assert audit_count() == before


@pytest.mark.parametrize("roles", [("secretariat",), ("admin",)])
def test_secretariat_and_admins_get_every_page(client, app, registry_data, roles):
    login(client, app, email=f"{roles[0]}@example.no", roles=roles)
    for url in PAGES:
        assert client.get(url).status_code == 200, url
    assert 'href="/register/"' in client.get("/").get_data(as_text=True)


# --- councils --------------------------------------------------------------------------------------

def test_council_list_shows_code_name_period_secretariat_and_format(secretary):
    make_council()
    councils.upsert_council("NEHS", "Nasjonalt e-helsestyre", case_number_format="{seq:03d}/{yy}",
                            active_from=date(2016, 1, 1), active_to=date(2023, 6, 30))
    db.session.commit()
    rows = tables(secretary.get("/register/").get_data(as_text=True))["Utvalg i rådsmodellen"]
    assert rows == [
        ["NEHS", "Nasjonalt e-helsestyre", "1. januar 2016 – 30. juni 2023", "–",
         "{seq:03d}/{yy} (for eksempel 016/22)"],
        ["NUIT", "Prioriteringsutvalget", "–", "Direktoratet for e-helse",
         "{seq}/{yy} (for eksempel 16/22)"],
    ]


def test_editing_a_council_saves_shows_and_audits_the_values(secretary):
    council = make_council()
    hdir = councils.create_organisation("Helsedirektoratet")
    db.session.commit()
    old_secretariat = council.secretariat_id
    form = {**COUNCIL_FORM, "name": "Prioriteringsutvalget for e-helse",
            "description": "Gir råd om prioritering av nasjonale e-helsetiltak.",
            "case_number_format": "{seq:02d}/{yyyy}", "active_from": "2016-01-01",
            "active_to": "31.12.2023", "secretariat": str(hdir.id), "code": "ENDRET"}
    response = secretary.post("/register/utvalg/NUIT/endre", data=form)
    assert response.status_code == 302
    assert response.headers["Location"] == "/register/utvalg/NUIT"

    html = secretary.get("/register/utvalg/NUIT").get_data(as_text=True)
    assert "Endringene i NUIT er lagret." in html
    assert "Prioriteringsutvalget for e-helse (NUIT)" in html
    assert "Gir råd om prioritering av nasjonale e-helsetiltak." in html
    assert "1. januar 2016 – 31. desember 2023" in html
    assert "<dd>Helsedirektoratet</dd>" in html
    assert "(for eksempel 16/2022)" in html
    # The code is fixed once created, whatever the form says.
    assert fresh(Council, council.id).code == "NUIT"
    assert councils.council_by_code("ENDRET") is None

    changes = {(field, old, new) for action, field, old, new, actor in audit("Council", council.id)
               if action == "update" and actor == "sekretar@example.no"}
    assert changes == {
        ("name", "Prioriteringsutvalget", "Prioriteringsutvalget for e-helse"),
        ("description", None, "Gir råd om prioritering av nasjonale e-helsetiltak."),
        ("case_number_format", "{seq}/{yy}", "{seq:02d}/{yyyy}"),
        ("active_from", None, "2016-01-01"),
        ("active_to", None, "2023-12-31"),
        ("secretariat_id", str(old_secretariat), str(hdir.id)),
    }


def test_edit_form_shows_the_current_values(secretary):
    make_council()
    html = secretary.get("/register/utvalg/NUIT/endre").get_data(as_text=True)
    assert 'value="Prioriteringsutvalget"' in html
    assert 'value="{seq}/{yy}"' in html
    assert re.search(r'<option selected value="\d+">Direktoratet for e-helse</option>', html)
    assert 'name="code"' not in html  # the code is shown, not editable


@pytest.mark.parametrize("fmt, message", [
    ("{seq}", "Formatet '{seq}' må inneholde {yy} eller {yyyy}."),
    ("{nr}/{yy}", "Ukjent felt 'nr' i '{nr}/{yy}'; bruk seq, yy eller yyyy."),
    ("{seq}/{seq}/{yy}", "Formatet '{seq}/{seq}/{yy}' må inneholde {seq} nøyaktig én gang."),
    ("{seq/{yy}", None),
    ("", "Skriv et saksnummerformat, for eksempel {seq}/{yy}."),
])
def test_a_bad_case_number_format_is_refused_next_to_the_field(secretary, fmt, message):
    council = make_council()
    db.session.commit()
    before = audit_count()
    response = secretary.post("/register/utvalg/NUIT/endre",
                              data={**COUNCIL_FORM, "name": "Nytt navn", "case_number_format": fmt})
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    error = field_error(html, "case_number_format")
    assert error is not None
    if message:
        assert error == message
    assert "Skjemaet har feil som må rettes" in html
    assert 'href="#case_number_format"' in html  # the summary links to the field
    # Nothing changed, not even the valid name.
    assert fresh(Council, council.id).name == "Prioriteringsutvalget"
    assert fresh(Council, council.id).case_number_format == "{seq}/{yy}"
    assert audit_count() == before


def test_other_council_field_errors_are_shown_next_to_their_fields(secretary):
    council = make_council()
    db.session.commit()
    response = secretary.post("/register/utvalg/NUIT/endre", data={
        **COUNCIL_FORM, "name": "", "active_from": "2020-01-01", "active_to": "2019-01-01"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(html, "name") == "Skriv navnet på utvalget."
    assert field_error(html, "active_to") == "Sluttdatoen kan ikke være før startdatoen."
    response = secretary.post("/register/utvalg/NUIT/endre",
                              data={**COUNCIL_FORM, "active_from": "31.02.2020"})
    assert field_error(response.get_data(as_text=True), "active_from") == (
        "Skriv en gyldig dato, for eksempel 19.05.2022.")
    assert fresh(Council, council.id).active_from is None


def test_creating_a_council(secretary):
    make_council()
    org = councils.create_organisation("Helsedirektoratet")
    db.session.commit()
    response = secretary.post("/register/utvalg/ny", data={
        **COUNCIL_FORM, "code": "nehr", "name": "Nasjonalt e-helseråd", "active_from": "2023-06-01",
        "secretariat": str(org.id)})
    assert response.status_code == 302
    assert response.headers["Location"] == "/register/utvalg/NEHR"
    council = councils.council_by_code("NEHR")
    assert council.name == "Nasjonalt e-helseråd" and council.secretariat_id == org.id
    assert ("create", None, None, None, "sekretar@example.no") in audit("Council", council.id)
    rows = tables(secretary.get("/register/").get_data(as_text=True))["Utvalg i rådsmodellen"]
    assert [r[0] for r in rows] == ["NEHR", "NUIT"]


@pytest.mark.parametrize("code, message", [
    ("NUIT", "Det finnes allerede et utvalg med koden NUIT."),
    ("nuit", "Det finnes allerede et utvalg med koden NUIT."),
    ("N-1", "Koden må være 2–10 store bokstaver eller sifre og begynne med en bokstav, "
            "for eksempel NUIT."),
    ("", "Skriv en kode for utvalget, for eksempel NUIT."),
])
def test_a_new_council_needs_a_new_valid_code(secretary, code, message):
    make_council()
    db.session.commit()
    response = secretary.post("/register/utvalg/ny", data={**COUNCIL_FORM, "code": code,
                                                           "name": "Et annet utvalg"})
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "code") == message
    assert db.session.scalar(select(func.count()).select_from(Council)) == 1


# --- organisations ---------------------------------------------------------------------------------

def test_creating_and_editing_an_organisation(secretary):
    response = secretary.post("/register/organisasjoner/ny",
                              data={"name": " Norsk helsenett SF ", "short_name": "NHN"})
    assert response.status_code == 302
    org = councils.organisation_by_name("Norsk helsenett SF")
    assert org.short_name == "NHN"
    html = secretary.get("/register/organisasjoner").get_data(as_text=True)
    assert "Organisasjonen er registrert." in html
    assert ["Norsk helsenett SF", "NHN"] in tables(html)["Organisasjoner"]

    response = secretary.post(f"/register/organisasjoner/{org.id}",
                              data={"name": "Norsk Helsenett SF", "short_name": ""})
    assert response.status_code == 302
    org = fresh(Organisation, org.id)
    assert (org.name, org.short_name) == ("Norsk Helsenett SF", None)
    events = audit("Organisation", org.id)
    assert ("update", "name", "Norsk helsenett SF", "Norsk Helsenett SF",
            "sekretar@example.no") in events
    assert ("update", "short_name", "NHN", None, "sekretar@example.no") in events


def test_a_duplicate_organisation_name_is_refused_with_a_clear_message(secretary):
    councils.create_organisation("Helse Vest RHF")
    other = councils.create_organisation("Helse Nord RHF")
    db.session.commit()
    before = audit_count()
    response = secretary.post("/register/organisasjoner/ny",
                              data={"name": "helse vest rhf", "short_name": ""})
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "name") == (
        "Det finnes allerede en organisasjon som heter «Helse Vest RHF».")
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 2

    response = secretary.post(f"/register/organisasjoner/{other.id}",
                              data={"name": "Helse Vest RHF", "short_name": "HN"})
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "name") == (
        "Det finnes allerede en organisasjon som heter «Helse Vest RHF».")
    other = fresh(Organisation, other.id)
    assert (other.name, other.short_name) == ("Helse Nord RHF", None)
    assert audit_count() == before


def test_organisation_form_needs_a_name(secretary):
    response = secretary.post("/register/organisasjoner/ny", data={"name": " ", "short_name": "X" * 51})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(html, "name") == "Skriv navnet på organisasjonen."
    assert field_error(html, "short_name") == "Høyst 50 tegn."
    assert db.session.scalar(select(func.count()).select_from(Organisation)) == 0


# --- people ----------------------------------------------------------------------------------------

def test_creating_and_editing_a_person(secretary):
    org = councils.create_organisation("Folkehelseinstituttet", "FHI")
    db.session.commit()
    response = secretary.post("/register/personer/ny", data={
        "name": "Roger Schäffer", "title": "IT-direktør", "organisation": str(org.id),
        "email": "roger@example.no"})
    assert response.status_code == 302
    person = councils.person_by_name("Roger Schäffer")
    html = secretary.get("/register/personer").get_data(as_text=True)
    assert "Personen er registrert." in html
    assert ["Roger Schäffer", "IT-direktør", "Folkehelseinstituttet", "roger@example.no"] in (
        tables(html)["Personer"])

    response = secretary.post(f"/register/personer/{person.id}", data={
        "name": "Roger Schäffer", "title": "Direktør", "organisation": "", "email": ""})
    assert response.status_code == 302
    person = fresh(Person, person.id)
    assert (person.title, person.organisation_id, person.email) == ("Direktør", None, None)
    events = audit("Person", person.id)
    assert ("update", "title", "IT-direktør", "Direktør", "sekretar@example.no") in events
    assert ("update", "organisation_id", str(org.id), None, "sekretar@example.no") in events


def test_person_form_errors_are_next_to_their_fields(secretary):
    person = councils.create_person("Kari Nordmann", email="kari@example.no")
    db.session.commit()
    response = secretary.post(f"/register/personer/{person.id}", data={
        "name": "", "title": "", "organisation": "9999", "email": "kari-at-example"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert field_error(html, "name") == "Skriv navnet på personen."
    assert field_error(html, "organisation") == "Velg fra listen."
    response = secretary.post(f"/register/personer/{person.id}", data={
        "name": "Kari", "title": "", "organisation": "abc", "email": "kari@example.no"})
    assert field_error(response.get_data(as_text=True), "organisation") == "Velg fra listen."
    response = secretary.post(f"/register/personer/{person.id}", data={
        "name": "Kari", "title": "", "organisation": "", "email": "kari-at-example"})
    assert field_error(response.get_data(as_text=True), "email") == (
        "Skriv en gyldig e-postadresse, for eksempel navn@example.no.")
    person = fresh(Person, person.id)
    assert (person.name, person.email) == ("Kari Nordmann", "kari@example.no")


def test_people_search_by_name(secretary):
    for name in ("Terje Wistner", "Terje Jørgensen", "Bente Christensen", "Ærlig Ås"):
        councils.create_person(name)
    db.session.commit()

    def names(query):
        html = secretary.get("/register/personer", query_string={"q": query}).get_data(as_text=True)
        return [row[0] for row in tables(html).get(f"Personer med «{query}» i navnet", [])], html

    assert names("terje")[0] == ["Terje Jørgensen", "Terje Wistner"]
    assert names("CHRIST")[0] == ["Bente Christensen"]
    assert names("%")[0] == []
    found, html = names("Ingen slik")
    assert found == [] and "Ingen personer har «Ingen slik» i navnet." in html


# --- lists: pagination and fixed query counts ---------------------------------------------------------

def _fill(kind: str, n: int, start: int) -> None:
    org = councils.create_organisation(f"Organisasjon {start:03d}")
    for i in range(start, start + n):
        if kind == "organisation":
            councils.create_organisation(f"Organisasjon {i + 1:03d}", f"O{i}")
        else:
            councils.create_person(f"Person {i:03d}", title="Rådgiver", organisation=org)
    db.session.commit()


def _queries(client, url: str) -> tuple[int, str]:
    client.get(url)
    with count_queries(db.engine) as n:
        response = client.get(url)
    assert response.status_code == 200
    return n(), response.get_data(as_text=True)


@pytest.mark.parametrize("kind, url", [("organisation", "/register/organisasjoner"),
                                       ("person", "/register/personer"),
                                       ("person", "/register/personer?q=Person")])
def test_list_pages_run_a_fixed_number_of_queries(secretary, kind, url):
    _fill(kind, 5, 0)
    small, html = _queries(secretary, url)
    assert "Viser 1–" in html
    _fill(kind, 55, 100)
    large, html = _queries(secretary, url)
    assert small == large, (small, large)
    assert small <= 6


def test_council_list_runs_a_fixed_number_of_queries(secretary):
    def add_councils(codes):
        for code in codes:
            org = councils.create_organisation(f"Sekretariat {code}")
            councils.create_council(code, f"Utvalg {code}", secretariat=org)
        db.session.commit()

    add_councils([f"A{i}" for i in range(5)])
    small, _ = _queries(secretary, "/register/")
    add_councils([f"B{i}" for i in range(55)])
    large, html = _queries(secretary, "/register/")
    assert small == large
    assert "Sekretariat B10" in html


def test_lists_are_paginated(secretary, app):
    app.config["PAGE_SIZE"] = 20
    _fill("organisation", 44, 0)  # 45 organisations: pages of 20, 20 and 5
    html = secretary.get("/register/organisasjoner").get_data(as_text=True)
    rows = tables(html)["Organisasjoner"]
    assert len(rows) == 20 and rows[0][0] == "Organisasjon 000"
    assert "Viser 1–20 av 45 organisasjoner (side 1 av 3)." in html
    assert 'href="/register/organisasjoner?side=2">Neste</a>' in html
    html = secretary.get("/register/organisasjoner?side=3").get_data(as_text=True)
    assert [r[0] for r in tables(html)["Organisasjoner"]] == [
        f"Organisasjon {i:03d}" for i in range(40, 45)]
    assert 'href="/register/organisasjoner?side=2">Forrige</a>' in html
    assert secretary.get("/register/organisasjoner?side=4").status_code == 404
    assert secretary.get("/register/organisasjoner?side=x").status_code == 200

    _fill("person", 25, 500)
    html = secretary.get("/register/personer?q=Person&side=2").get_data(as_text=True)
    assert len(tables(html)["Personer med «Person» i navnet"]) == 5
    assert 'href="/register/personer?q=Person&amp;side=1">Forrige</a>' in html


# --- memberships -----------------------------------------------------------------------------------

@pytest.fixture
def nuit(app):
    council = make_council()
    ks = councils.create_organisation("KS")
    fastlegene = councils.create_organisation("Representerer fastlegene")
    people = {
        "leder": councils.create_person("Mariann Hornnes", title="Direktør",
                                        organisation=council.secretariat),
        "ks": councils.create_person("Terje Wistner", title="Avdelingsdirektør e-helse",
                                     organisation=ks),
        "lege": councils.create_person("Egil Johanessen", title="Fastlege"),
    }
    councils.add_membership(council, people["leder"], "leder", valid_from=date(2020, 1, 1))
    db.session.commit()
    return council, people, {"ks": ks, "fastlegene": fastlegene}


def test_adding_a_membership(secretary, nuit):
    council, people, orgs = nuit
    response = secretary.post("/register/utvalg/NUIT/medlemskap/ny", data={
        "person": str(people["lege"].id), "role": "medlem",
        "organisation": str(orgs["fastlegene"].id), "valid_from": "2022-01-01"})
    assert response.status_code == 302
    html = secretary.get("/register/utvalg/NUIT").get_data(as_text=True)
    assert "Medlemskapet er registrert: medlem i NUIT fra 1. januar 2022." in html
    current = tables(html)["Nåværende medlemmer og observatører i NUIT"]
    assert [row[:6] for row in current] == [
        ["Leder", "Mariann Hornnes", "Direktør", "Direktoratet for e-helse", "1. januar 2020", ""],
        ["Medlem", "Egil Johanessen", "Fastlege", "Representerer fastlegene", "1. januar 2022", ""],
    ]
    membership = db.session.scalar(select(Membership).where(
        Membership.person_id == people["lege"].id))
    assert ("create", None, None, None, "sekretar@example.no") in audit("Membership", membership.id)

    # Without an organisation, the seat represents the person's own organisation.
    secretary.post("/register/utvalg/NUIT/medlemskap/ny", data={
        "person": str(people["ks"].id), "role": "observatør", "organisation": "",
        "valid_from": "2022-01-01"})
    seat = db.session.scalar(select(Membership).where(Membership.person_id == people["ks"].id))
    assert (seat.role, seat.organisation_id) == ("observatør", orgs["ks"].id)


@pytest.mark.parametrize("form, field, message", [
    ({"person": "", "role": "medlem"}, "person", "Velg en person."),
    ({"role": "sjef"}, "role", "Velg en rolle fra listen."),
    ({"valid_from": ""}, "valid_from", "Skriv datoen medlemskapet gjelder fra."),
    ({"valid_from": "1. mai"}, "valid_from", "Skriv en gyldig dato, for eksempel 19.05.2022."),
    ({"person": "leder"}, "person", "Mariann Hornnes har allerede et medlemskap i NUIT (leder) i "
                                    "denne perioden. Avslutt det først."),
    ({"role": "leder"}, "role", "NUIT har allerede en leder i denne perioden (Mariann Hornnes). "
                                "Avslutt det vervet først."),
])
def test_a_bad_membership_is_refused_next_to_the_field(secretary, nuit, form, field, message):
    council, people, _orgs = nuit
    data = {"person": str(people["ks"].id), "role": "medlem", "organisation": "",
            "valid_from": "2022-01-01", **form}
    if data["person"] in people:
        data["person"] = str(people[data["person"]].id)
    before = audit_count()
    response = secretary.post("/register/utvalg/NUIT/medlemskap/ny", data=data)
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), field) == message
    assert db.session.scalar(select(func.count()).select_from(Membership)) == 1
    assert audit_count() == before


def test_ending_a_membership_needs_confirmation_and_keeps_it_in_history(secretary, nuit):
    council, people, _orgs = nuit
    member = councils.add_membership(council, people["ks"], "medlem", valid_from=date(2021, 3, 1))
    db.session.commit()
    url = f"/register/medlemskap/{member.id}/avslutt"

    page = secretary.get(url).get_data(as_text=True)
    assert "Terje Wistner" in page and "Medlemskapet slettes ikke." in page

    # Not confirmed: nothing happens.
    response = secretary.post(url, data={"valid_to": "2023-06-30"})
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "confirm") == "Kryss av for å bekrefte."
    assert fresh(Membership, member.id).valid_to is None

    # Before the membership began: refused next to the date.
    response = secretary.post(url, data={"valid_to": "2020-12-31", "confirm": "y"})
    assert response.status_code == 400
    assert field_error(response.get_data(as_text=True), "valid_to") == (
        "Sluttdatoen kan ikke være før startdatoen (1. mars 2021).")
    assert fresh(Membership, member.id).valid_to is None

    response = secretary.post(url, data={"valid_to": "2023-06-30", "confirm": "y"})
    assert response.status_code == 302
    assert fresh(Membership, member.id).valid_to == date(2023, 6, 30)
    assert db.session.scalar(select(func.count()).select_from(Membership)) == 2  # never deleted
    assert ("update", "valid_to", None, "2023-06-30", "sekretar@example.no") in (
        audit("Membership", member.id))

    html = secretary.get("/register/utvalg/NUIT").get_data(as_text=True)
    assert "Medlemskapet i NUIT er avsluttet 30. juni 2023." in html
    found = tables(html)
    assert [r[1] for r in found["Nåværende medlemmer og observatører i NUIT"]] == ["Mariann Hornnes"]
    assert found["Avsluttede medlemskap i NUIT"] == [
        ["Medlem", "Terje Wistner", "KS", "1. mars 2021", "30. juni 2023"]]
    public = secretary.get("/utvalg/NUIT").get_data(as_text=True)
    assert "Terje Wistner" not in public

    # Ending it again changes nothing.
    response = secretary.post(url, data={"valid_to": "2024-01-01", "confirm": "y"})
    assert response.status_code == 302
    assert fresh(Membership, member.id).valid_to == date(2023, 6, 30)

    # The person can get a new seat later, and both show.
    secretary.post("/register/utvalg/NUIT/medlemskap/ny", data={
        "person": str(people["ks"].id), "role": "varamedlem", "organisation": "",
        "valid_from": "2024-01-01"})
    person_page = secretary.get(f"/register/personer/{people['ks'].id}").get_data(as_text=True)
    assert tables(person_page)["Medlemskapene til Terje Wistner"] == [
        ["NUIT", "Varamedlem", "KS", "fra 1. januar 2024"],
        ["NUIT", "Medlem", "KS", "1. mars 2021 – 30. juni 2023"],
    ]


def test_council_registry_page_runs_a_fixed_number_of_queries(secretary, nuit):
    council, _people, orgs = nuit

    def add_members(n, start):
        for i in range(start, start + n):
            org = councils.create_organisation(f"Aktør {i}")
            person = councils.create_person(f"Medlem {i}", title="Rådgiver", organisation=org)
            councils.add_membership(council, person, "medlem", organisation=orgs["ks"],
                                    valid_from=date(2020, 1, 1))
            if i % 2:
                councils.end_membership(person.memberships[0], date(2021, 1, 1))
        db.session.commit()

    add_members(5, 0)
    small, _ = _queries(secretary, "/register/utvalg/NUIT")
    add_members(55, 100)
    large, html = _queries(secretary, "/register/utvalg/NUIT")
    assert small == large
    assert len(tables(html)["Avsluttede medlemskap i NUIT"]) == 2 + 27


# --- the public council page -----------------------------------------------------------------------

def test_public_council_page_lists_members_and_observers_as_in_the_seed(client, demo):
    html = client.get("/utvalg/NUIT").get_data(as_text=True)
    assert "Medlemmer og observatører i NUIT" in html
    found = tables(html)
    members = found["Medlemmer i NUIT"]
    assert len(members) == 17
    assert members[0] == ["Mariann Hornnes (leder)", "Direktør", "Direktoratet for e-helse"]
    assert members[1] == ["Asbjørn Finstad", "Avdelingsdirektør", "KS"]
    assert ["Egil Johanessen", "Fastlege", "Representerer fastlegene"] in members
    assert members[-1] == ["Kristin Brekke", "Fagleder", "Bergen kommune"]
    assert [r[2] for r in members].count("KS") == 2
    assert found["Observatører i NUIT"] == [
        ["Bodil Rabben", "Divisjonsdirektør Nasjonale e-helseløsninger", "Norsk Helsenet SF"]]
    observer_heading = html.index(">Observatør</h3>")
    assert html.index("Kristin Brekke") < observer_heading < html.index("Bodil Rabben")


def test_public_council_page_shows_only_current_members(client, app):
    council = make_council()
    old = councils.create_person("Gammel Leder", title="Direktør")
    new = councils.create_person("Ny Leder", title="Direktør")
    later = councils.create_person("Senere Medlem")
    membership = councils.add_membership(council, old, "leder", valid_from=date(2016, 1, 1))
    councils.end_membership(membership, date(2021, 12, 31))
    councils.add_membership(council, new, "leder", valid_from=date(2022, 1, 1))
    councils.add_membership(council, later, "medlem", valid_from=date(2099, 1, 1))
    db.session.commit()
    html = client.get("/utvalg/NUIT").get_data(as_text=True)
    assert tables(html)["Medlemmer i NUIT"] == [["Ny Leder (leder)", "Direktør", ""]]
    assert "Gammel Leder" not in html and "Senere Medlem" not in html
    assert "Observatør" not in html


def test_public_council_page_runs_a_fixed_number_of_queries(client, app):
    council = make_council()

    def add_members(n, start):
        for i in range(start, start + n):
            org = councils.create_organisation(f"Aktør {i}")
            person = councils.create_person(f"Medlem {i}", title="Rådgiver", organisation=org)
            councils.add_membership(council, person, "observatør" if i % 10 == 0 else "medlem",
                                    valid_from=date(2020, 1, 1))
        db.session.commit()

    add_members(5, 0)
    small, _ = _queries(client, "/utvalg/NUIT")
    add_members(55, 100)
    large, html = _queries(client, "/utvalg/NUIT")
    assert small == large
    assert len(tables(html)["Medlemmer i NUIT"]) == 53
    assert len(tables(html)["Observatører i NUIT"]) == 7
    assert small <= 6
