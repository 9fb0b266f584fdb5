"""Change history (issue 11): the secretariat and archivists see who changed what, when, from
what to what, on a case, a meeting, an agenda item and the minutes; filtered by person and date."""
from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.services.casework import cases
from app.services.core import clock
from app.services.core.audit import acting_as
from app.services.planning import meetings, notice
from app.services.proceedings import minutes as minutes_service
from app.services.registry import councils
from app.services.registry.users import create_user
from tests.conftest import count_queries
from tests.factories import Reader, make_council, make_meeting, page_text

PASSWORD = "riktig-passord-123"


def _browser(app, email: str, roles=()) -> Reader:
    if db.session.scalar(select(User).where(User.email == email)) is None:
        create_user(email, PASSWORD, list(roles))
    db.session.commit()
    browser = Reader(app, app.response_class, use_cookies=True)
    response = browser.post("/logg-inn", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302
    return browser


def _case_form(case, **changes) -> dict:
    data = {"title": case.title, "description": case.description or "",
            "submitted_by_organisation": "", "submitted_by_person": "",
            "public_title": case.public_title or "", "legal_basis": case.legal_basis or "",
            "external_reference": case.external_reference or ""}
    if case.exempt:
        data["exempt"] = "y"
    return {**data, **changes}


def _edit(browser, case, **changes) -> None:
    case = db.session.get(type(case), case.id)
    response = browser.post(f"/saker/{case.file_year}/{case.file_seq}/endre", data=_case_form(case, **changes))
    assert response.status_code == 302, response.get_data(as_text=True)[:1500]


@pytest.fixture
def case(app):
    make_council()
    found = cases.create_case("Nasjonal kjernejournal", year=2022, description="Første utkast.")
    db.session.commit()
    return found


def _history(browser, case, query: str = "") -> str:
    response = browser.get(f"/saker/{case.file_year}/{case.file_seq}/historikk{query}")
    assert response.status_code == 200, response.status_code
    return page_text(response.get_data(as_text=True))


def test_secretariat_sees_who_when_field_and_old_to_new_for_a_case_edited_through_the_form(app, case):
    kari = _browser(app, "kari@example.no", ["secretariat"])
    with time_machine.travel(datetime(2022, 5, 19, 10, 15, tzinfo=clock.OSLO), tick=False):
        _edit(kari, case, title="Nasjonal kjernejournal – videre arbeid")
    text = _history(kari, case)
    assert "Tidspunkt Hvem Hva Felt Før → Etter" in text
    assert (f"19. mai 2022 kl. 10.15 kari@example.no endret (Sak {case.id}) Tittel Nasjonal "
            "kjernejournal → Nasjonal kjernejournal – videre arbeid") in text
    # The case page links to it.
    page = kari.get(f"/saker/{case.file_year}/{case.file_seq}").get_data(as_text=True)
    assert f"/saker/{case.file_year}/{case.file_seq}/historikk" in page


def test_history_filters_by_person_and_date_range_and_names_a_bad_date(app, case):
    kari = _browser(app, "kari@example.no", ["secretariat"])
    ola = _browser(app, "ola@example.no", ["secretariat"])
    with time_machine.travel(datetime(2022, 5, 19, 10, 0, tzinfo=clock.OSLO), tick=False):
        _edit(kari, case, description="Kari skrev dette.")
    with time_machine.travel(datetime(2022, 6, 2, 23, 30, tzinfo=clock.OSLO), tick=False):
        _edit(ola, case, description="Ola skrev dette.")
    ola_id = db.session.scalar(select(User.id).where(User.email == "ola@example.no"))

    everything = _history(kari, case)
    assert "Kari skrev dette." in everything and "Ola skrev dette." in everything
    only_ola = _history(kari, case, f"?person={ola_id}")
    assert "kari@example.no endret" not in only_ola and "ola@example.no endret" in only_ola
    assert "1 endring." in only_ola
    # Dates are Oslo calendar days, both ends included (23.30 on 2 June is 2 June).
    in_june = _history(kari, case, "?fra=2022-06-01&til=2022-06-02")
    assert "ola@example.no endret" in in_june and "kari@example.no endret" not in in_june
    in_may = _history(kari, case, "?til=2022-05-31")
    assert "kari@example.no endret" in in_may and "ola@example.no endret" not in in_may
    assert "Ingen endringer passer filtrene." in _history(kari, case, "?fra=2099-01-01")

    bad = _history(kari, case, "?fra=2022-13-45&til=i+går")
    assert "Fra dato: «2022-13-45» er ikke en dato." in bad
    assert "Til dato: «i går» er ikke en dato." in bad
    assert "Kari skrev dette." in bad and "Ola skrev dette." in bad  # the filter is left out
    ancient = _history(kari, case, "?fra=0001-01-01")
    assert "Fra dato: 1. januar 1 er utenfor perioden Møtebok fører." in ancient
    assert "er ikke en dato" not in ancient and "Kari skrev dette." in ancient
    backwards = _history(kari, case, "?fra=2022-06-02&til=2022-05-01")
    assert "Fra-datoen er etter til-datoen." in backwards and "Kari skrev dette." in backwards
    # Nonsense in the person filter is ignored, not a 500.
    assert "Kari skrev dette." in _history(kari, case, "?person=99999999999999999999999&side=-3")


def test_only_the_secretariat_admins_and_archivists_see_history(app, case):
    url = f"/saker/{case.file_year}/{case.file_seq}/historikk"
    nuit = councils.council_by_code("NUIT")
    person = councils.upsert_person("Medlem Medlemsen")
    councils.add_membership(nuit, person, "medlem", valid_from=date(2020, 1, 1))
    member = create_user("medlem@example.no", PASSWORD, [])
    member.person = person
    db.session.commit()
    assert _browser(app, "medlem@example.no").get(url).status_code == 403
    assert _browser(app, "uten.rolle@example.no").get(url).status_code == 403
    assert "/logg-inn" in app.test_client().get(url).headers["Location"]
    for email, role in (("arkivar@example.no", "archivist"), ("admin@example.no", "admin")):
        assert _browser(app, email, [role]).get(url).status_code == 200
    page = _browser(app, "medlem@example.no").get(f"/saker/{case.file_year}/{case.file_seq}")
    assert "/historikk" not in page.get_data(as_text=True)
    assert _browser(app, "arkivar@example.no").get("/saker/2022/999/historikk").status_code == 404


def test_the_history_of_an_exempt_case_shows_its_real_titles_to_archivists(app, case):
    """Old and new values are shown as they were: these readers may see exempt material."""
    kari = _browser(app, "kari@example.no", ["secretariat"])
    _edit(kari, case, title="HEMMELIG-HISTORIKK: forhandlinger", exempt="y",
          legal_basis="offl. § 14", public_title="Sak om en avtale")
    text = _history(_browser(app, "arkivar@example.no", ["archivist"]), case)
    assert "Nasjonal kjernejournal → HEMMELIG-HISTORIKK: forhandlinger" in text
    assert "Unntatt offentlighet Nei → Ja" in text
    # No secret field ever shows.
    assert "password_hash" not in text and "calendar_token_hash" not in text


def test_meeting_history_includes_its_items_and_minutes(app):
    nuit = make_council()
    meeting = make_meeting(nuit, cases=1)
    item = meeting.items[0]
    kari = _browser(app, "kari@example.no", ["secretariat"])
    kari_user = db.session.scalar(select(User).where(User.email == "kari@example.no"))
    with acting_as(kari_user):
        meetings.update_meeting(meeting, location="Møterom Nansen")
        meetings.update_item(item, title="Sak nummer 1 – endret")
        meetings.set_proposal(item, "Forslag til vedtak", {"points": ["Første punkt.", "Andre punkt."]})
        notice.issue_notice(meeting.id, kari_user)
        minutes_id = minutes_service.minutes_for(meeting).id
        db.session.commit()
    text = page_text(kari.get(f"/moter/{meeting.id}/historikk").get_data(as_text=True))
    assert f"kari@example.no endret (Møte {meeting.id}) Sted – → Møterom Nansen" in text
    assert "kari@example.no endret (Sakspunkt: Sak nummer 1 – endret) Tittel Sak nummer 1 → Sak nummer 1 – endret" in text
    assert f"kari@example.no opprettet (Referat {minutes_id})" in text
    # Values as a secretary writes them, bookkeeping columns left out.
    assert "Forslag til vedtak NUIT tar saken til orientering. → Første punkt. Andre punkt." in text
    assert "Status Planlagt → Innkalling sendt" in text
    assert "Innkalling sendt – → " in text and "version" not in text and "calendar_sequence" not in text
    item_text = page_text(kari.get(f"/moter/{meeting.id}/punkt/{item.id}/historikk").get_data(as_text=True))
    assert "Sak nummer 1 → Sak nummer 1 – endret" in item_text and "Møterom Nansen" not in item_text
    minutes_text = page_text(kari.get(f"/moter/{meeting.id}/referat/historikk").get_data(as_text=True))
    assert "kari@example.no opprettet" in minutes_text and "Status – → Utkast" in minutes_text
    assert "Møterom Nansen" not in minutes_text
    # The item belongs to its own meeting only; a meeting without minutes has no minutes history.
    other = make_meeting(nuit, day=date(2022, 9, 1), cases=0)
    assert kari.get(f"/moter/{other.id}/punkt/{item.id}/historikk").status_code == 404
    assert kari.get(f"/moter/{other.id}/referat/historikk").status_code == 404
    # The builder, the item page and the minutes page link to their histories.
    assert f"/moter/{meeting.id}/historikk" in kari.get(f"/moter/{meeting.id}").get_data(as_text=True)
    assert f"/moter/{meeting.id}/punkt/{item.id}/historikk" in kari.get(
        f"/moter/{meeting.id}/punkt/{item.id}").get_data(as_text=True)
    assert f"/moter/{meeting.id}/referat/historikk" in kari.get(
        f"/moter/{meeting.id}/referat").get_data(as_text=True)


def test_a_history_page_runs_the_same_number_of_queries_however_long(app, case):
    kari = _browser(app, "kari@example.no", ["secretariat"])
    url = f"/saker/{case.file_year}/{case.file_seq}/historikk"
    _edit(kari, case, description="En endring.")
    kari.get(url)
    with count_queries(db.engine) as small:
        kari.get(url)
    for n in range(8):
        _edit(_browser(app, f"person{n}@example.no", ["secretariat"]), case, description=f"Endring {n}.")
    with count_queries(db.engine) as large:
        text = page_text(kari.get(url).get_data(as_text=True))
    assert "Endring 7." in text and "person7@example.no" in text
    assert small() == large()


def test_what_members_do_is_in_the_meeting_history(app):
    """Forfall and vara, input and habilitet are part of the meeting's history, with who did it."""
    from app.models import Attendance, ConflictDeclaration, ItemInput, Person
    from app.services.core.records import add

    nuit = make_council()
    meeting = make_meeting(nuit, cases=1)
    item = meeting.items[0]
    person = add(Person(name="Kari Medlem"))
    member = create_user("kari.medlem@example.no", "riktig-passord-123", [])
    member.person_id = person.id
    db.session.commit()
    with acting_as(member):
        add(Attendance(meeting_id=meeting.id, person_id=person.id, role="member", status="absent",
                       absence_reason="Annet møte", reported_in_advance=True))
        add(ItemInput(item_id=item.id, person_id=person.id, body="Vi støtter forslaget."))
        add(ConflictDeclaration(item_id=item.id, person_id=person.id, reason="Leverandør er min arbeidsgiver."))
        db.session.commit()
    secretary = _browser(app, "ola@example.no", ["secretariat"])
    text = page_text(secretary.get(f"/moter/{meeting.id}/historikk").get_data(as_text=True))
    # Who by name (the account is linked to a person); the attendance row by whose it is.
    assert "Kari Medlem endret (Oppmøte: Kari Medlem) Oppmøte – → Forfall" in text
    assert "Grunn for forfall – → Annet møte" in text
    assert "Innspill – → Vi støtter forslaget." in text
    assert "Grunn – → Leverandør er min arbeidsgiver." in text
    item_text = page_text(secretary.get(f"/moter/{meeting.id}/punkt/{item.id}/historikk").get_data(as_text=True))
    assert "Vi støtter forslaget." in item_text and "Annet møte" not in item_text
