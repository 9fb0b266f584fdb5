"""The follow-up pages: the overview across councils (filters, overdue, CSV), a new action from
an agenda item (a past due date must be confirmed), one action (the secretariat edits with a
version check, the person responsible reports progress, others read), exempt cases hidden."""
import csv
import io
import re
from datetime import date, time

import pytest
import time_machine

from app.extensions import db
from app.models import (
    ActionStatus,
    Council,
    FollowUpAction,
    Organisation,
    Person,
    User,
)
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import followup
from app.services.proceedings.meeting_setup import create_meeting_with_agenda
from tests.conftest import count_queries, login

AFTER_MEETING = date(2022, 5, 20)


def _meeting(code="NUIT", year=2022, number=3):
    council = db.session.query(Council).filter_by(code=code).one()
    return meeting_by_number(council, year, number)


def _item(meeting, seq):
    return next(i for i in meeting.items if i.case_seq == seq)


def _person(name):
    return db.session.query(Person).filter_by(name=name).one()


def _org(name):
    return db.session.query(Organisation).filter_by(name=name).one()


def _action(item, description, due, *, person=None, organisation=None, label=None):
    with time_machine.travel(AFTER_MEETING, tick=False):
        action = followup.create_action(item, description, person=person, organisation=organisation,
                                        due_date=due, due_label=label)
    db.session.commit()
    return action


# The actions these tests create (the demo has a few of its own, which the tests leave aside).
OURS = {"Oppdatert veikart publiseres", "Fordelingsnøkkel sendes på høring", "Monitoren legges fram",
        "NUFA-punkt til oppfølging"}


def _all_rows(html: str) -> list[list[str]]:
    """The cells of each body row of the page's table, as the reader sees the text."""
    if "<tbody>" not in html:
        return []
    body = html.split("<tbody>", 1)[1].split("</tbody>")[0]
    return [[" ".join(re.sub(r"<[^>]+>", " ", cell).split())
             for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr[^>]*>(.*?)</tr>", body, re.S)]


def _rows(html: str) -> list[list[str]]:
    """The rows of the actions made by these tests."""
    return [row for row in _all_rows(html) if row[3] in OURS]


def _descriptions(client, url="/oppfolging/") -> list[str]:
    return [row[3] for row in _rows(client.get(url).get_data(as_text=True))]


def _user(email) -> User:
    return db.session.query(User).filter_by(email=email).one()


def _link(email, person) -> None:
    _user(email).person = person
    db.session.commit()


@pytest.fixture
def actions(demo):
    """Three NUIT 3/22 actions and one NUFA 2/22 action, created the day after the meeting."""
    nuit = _meeting()
    nufa = _meeting("NUFA", 2022, 2)
    hornnes, finstad = _person("Mariann Hornnes"), _person("Asbjørn Finstad")
    return {
        "veikart": _action(_item(nuit, 21), "Oppdatert veikart publiseres", date(2022, 9, 1),
                           person=hornnes),
        "kostnader": _action(_item(nuit, 22), "Fordelingsnøkkel sendes på høring", date(2022, 12, 31),
                             organisation=_org("KS"), label="Q4 2022"),
        "monitor": _action(_item(nuit, 24), "Monitoren legges fram", date(2022, 6, 1),
                           person=finstad, organisation=_org("KS")),
        "nufa": _action(nufa.items[1] if nufa.items[1].is_case else nufa.items[0],
                        "NUFA-punkt til oppfølging", date(2022, 10, 1), person=finstad),
    }


# --- the overview ------------------------------------------------------------------------------

def test_overview_needs_a_login(app, client):
    response = client.get("/oppfolging/")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
    assert client.get("/oppfolging/eksport.csv").status_code == 302


def test_overview_lists_every_open_action_by_due_date_with_overdue_tagged(actions, client, app):
    login(client, app, email="leser@example.no", roles=())
    with time_machine.travel(date(2022, 9, 10), tick=False):
        rows = _rows(client.get("/oppfolging/").get_data(as_text=True))
    assert [r[3] for r in rows] == ["Monitoren legges fram", "Oppdatert veikart publiseres",
                                    "NUFA-punkt til oppfølging", "Fordelingsnøkkel sendes på høring"]
    monitor, veikart, nufa, kostnader = rows
    assert monitor[:3] == ["NUIT", "3/22 19. mai 2022", "24/22"]
    assert monitor[4] == "Asbjørn Finstad, KS"
    assert monitor[5] == "1. juni 2022"
    assert monitor[6] == "Åpen Forfalt" and veikart[6] == "Åpen Forfalt"
    assert nufa[0] == "NUFA" and nufa[6] == "Åpen"
    # A label is shown with its date beside it.
    assert kostnader[5] == "Q4 2022 31. desember 2022" and kostnader[6] == "Åpen"
    assert kostnader[7] == "–"


def test_overview_filters_mine_my_organisation_overdue_and_council(actions, client, app):
    login(client, app, email="finstad@example.no", roles=())
    finstad = _person("Asbjørn Finstad")  # works for KS in the demo
    _link("finstad@example.no", finstad)
    assert finstad.organisation.name == "KS"
    with time_machine.travel(date(2022, 9, 10), tick=False):
        assert _descriptions(client, "/oppfolging/?omfang=mine") == [
            "Monitoren legges fram", "NUFA-punkt til oppfølging"]
        assert _descriptions(client, "/oppfolging/?omfang=organisasjon") == [
            "Monitoren legges fram", "Fordelingsnøkkel sendes på høring"]
        assert _descriptions(client, "/oppfolging/?forfalt=y") == [
            "Monitoren legges fram", "Oppdatert veikart publiseres"]
        assert _descriptions(client, "/oppfolging/?omfang=mine&forfalt=y") == ["Monitoren legges fram"]
        assert _descriptions(client, "/oppfolging/?utvalg=NUFA") == ["NUFA-punkt til oppfølging"]
        by_council = _descriptions(client, "/oppfolging/?sorter=utvalg")
    # Sorted by council: NUFA's before NUIT's (councils by id: NUFA was created first).
    assert by_council[0] == "NUFA-punkt til oppfølging"
    # Before the due dates none of them is overdue.
    with time_machine.travel(date(2022, 5, 25), tick=False):
        assert _descriptions(client, "/oppfolging/?forfalt=y") == []
        page = client.get("/oppfolging/?forfalt=y&omfang=mine").get_data(as_text=True)
    assert "Ingen oppfølgingspunkter passer filtrene." in page


def test_mine_without_a_person_says_why_the_list_is_empty(actions, client, app):
    login(client, app, email="ukjent@example.no", roles=())
    page = client.get("/oppfolging/?omfang=mine").get_data(as_text=True)
    assert "ikke knyttet til en person" in page
    assert _all_rows(page) == []


def test_done_actions_show_only_when_asked(actions, client, app):
    followup.update_action(actions["veikart"], status=ActionStatus.DONE)
    db.session.commit()
    login(client, app, email="leser@example.no", roles=())
    assert "Oppdatert veikart publiseres" not in _descriptions(client)
    rows = _rows(client.get("/oppfolging/?alle=y").get_data(as_text=True))
    assert ["Oppdatert veikart publiseres", "Utført"] in [[r[3], r[6]] for r in rows]


def test_unknown_filter_values_are_ignored_with_a_message(actions, client, app):
    login(client, app, email="leser@example.no", roles=())
    response = client.get("/oppfolging/?utvalg=XYZ&sorter=tull")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Velg en verdi fra listen." in page
    assert len(_rows(page)) == 4  # all of them: the filter was not applied


def test_overview_runs_a_fixed_number_of_queries(demo, client, app):
    nuit = _meeting()
    items = [i for i in nuit.items if i.is_case]
    people = db.session.query(Person).order_by(Person.id).all()
    orgs = db.session.query(Organisation).order_by(Organisation.id).all()

    def make(n):
        for k in range(n):
            _action(items[k % len(items)], f"Punkt {k}", date(2022, 6, 1 + k % 28),
                    person=people[k % len(people)], organisation=orgs[k % len(orgs)])

    login(client, app, email="medlem@example.no", roles=())
    _link("medlem@example.no", people[0])
    make(3)
    counts = []
    for _round in range(2):
        with count_queries(db.engine) as queries:
            response = client.get("/oppfolging/?omfang=alle&alle=y")
        assert response.status_code == 200
        counts.append((len(_all_rows(response.get_data(as_text=True))), queries()))
        make(27)
    assert counts[1][0] - counts[0][0] == 27
    assert counts[0][1] == counts[1][1], counts


# --- CSV ----------------------------------------------------------------------------------------

def test_csv_has_a_bom_semicolons_a_header_and_the_filtered_rows(actions, client, app):
    login(client, app, email="leser@example.no", roles=())
    with time_machine.travel(date(2022, 9, 10), tick=False):
        response = client.get("/oppfolging/eksport.csv?utvalg=NUIT")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert "filename=oppfolgingspunkter.csv" in response.headers["Content-Disposition"]
    text = response.get_data(as_text=True)
    assert text.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
    rows = rows[:1] + [r for r in rows[1:] if r[3] in OURS]
    assert rows[0] == ["Utvalg", "Møte", "Sak", "Beskrivelse", "Ansvarlig person",
                       "Ansvarlig organisasjon", "Frist", "Frist (tekst)", "Status", "Forfalt",
                       "Meldt tilbake i"]
    assert len(rows) == 4  # the NUFA action is filtered out
    assert all(r[0] == "NUIT" for r in rows[1:])
    assert rows[1] == ["NUIT", "3/22", "24/22", "Monitoren legges fram", "Asbjørn Finstad", "KS",
                       "2022-06-01", "", "Åpen", "ja", ""]
    kostnader = next(r for r in rows if r[3] == "Fordelingsnøkkel sendes på høring")
    assert kostnader[6:10] == ["2022-12-31", "Q4 2022", "Åpen", "nei"]


def test_the_page_links_the_csv_with_the_same_filters(actions, client, app):
    login(client, app, email="leser@example.no", roles=())
    page = client.get("/oppfolging/?utvalg=NUFA&forfalt=y").get_data(as_text=True)
    link = re.search(r'href="([^"]*eksport\.csv[^"]*)"', page).group(1).replace("&amp;", "&")
    assert "utvalg=NUFA" in link and "forfalt=y" in link
    assert "Last ned CSV" in page


# --- a new action -------------------------------------------------------------------------------

def _created():
    return db.session.query(FollowUpAction).filter_by(description="Veikartet oppdateres")


def _new_form(item, **values):
    data = {"description": "Veikartet oppdateres", "organisation": "", "person": "",
            "due_date": "2022-09-01", "due_label": ""}
    data.update(values)
    return data


def test_creating_an_action_from_an_item(demo, client, app):
    login(client, app)
    item = _item(_meeting(), 21)
    hornnes = _person("Mariann Hornnes")
    page = client.get(f"/oppfolging/ny?punkt={item.id}").get_data(as_text=True)
    assert "Nytt oppfølgingspunkt" in page and "21/22" in page and item.title in page
    with time_machine.travel(AFTER_MEETING, tick=False):
        response = client.post(f"/oppfolging/ny?item_id={item.id}", data=_new_form(
            item, person=str(hornnes.id), due_date="2022-12-15", due_label="før jul"))
    assert response.status_code == 302
    action = _created().one()
    assert (action.item_id, action.responsible_person_id, action.due_date, action.due_label) == (
        item.id, hornnes.id, date(2022, 12, 15), "før jul")
    # Back to the minute-taker's page at the item (or to the new action without that page).
    location = response.headers["Location"]
    assert location.endswith(f"/protokoll#punkt-{item.id}") or location.endswith(f"/oppfolging/{action.id}")
    followed = client.get(f"/oppfolging/{action.id}").get_data(as_text=True)
    assert "før jul (15. desember 2022)" in followed


def test_a_past_due_date_must_be_confirmed_and_nothing_is_saved_before(demo, client, app):
    login(client, app)
    item = _item(_meeting(), 21)
    form = _new_form(item, organisation=str(_org("KS").id), due_date="2022-05-01")
    with time_machine.travel(AFTER_MEETING, tick=False):
        response = client.post(f"/oppfolging/ny?punkt={item.id}", data=form)
        page = response.get_data(as_text=True)
        assert response.status_code == 200
        assert "Fristen 1. mai 2022 er allerede passert." in page
        assert "Fristen er riktig selv om den er passert" in page
        assert 'value="Veikartet oppdateres"' in page or "Veikartet oppdateres</textarea>" in page
        assert _created().count() == 0
        response = client.post(f"/oppfolging/ny?punkt={item.id}", data=dict(form, accept_past_due="y"))
    assert response.status_code == 302
    action = _created().one()
    assert action.due_date == date(2022, 5, 1)


def test_a_new_action_needs_an_owner_and_a_readable_date(demo, client, app):
    login(client, app)
    item = _item(_meeting(), 21)
    response = client.post(f"/oppfolging/ny?punkt={item.id}", data=_new_form(item, due_date="1. sept"))
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Velg en ansvarlig organisasjon eller person." in page
    assert "Skriv datoen som åååå-mm-dd" in page
    assert _created().count() == 0


def test_only_the_secretariat_creates_actions(demo, client, app):
    item = _item(_meeting(), 21)
    assert client.get(f"/oppfolging/ny?punkt={item.id}").status_code == 302  # log in first
    login(client, app, email="leser@example.no", roles=())
    assert client.get(f"/oppfolging/ny?punkt={item.id}").status_code == 403
    assert client.post(f"/oppfolging/ny?punkt={item.id}", data=_new_form(
        item, organisation=str(_org("KS").id))).status_code == 403
    assert _created().count() == 0


def test_breaks_and_unknown_items_have_no_new_action_page(demo, client, app):
    login(client, app)
    pause = next(i for i in _meeting().items if not i.is_case)
    assert client.get(f"/oppfolging/ny?punkt={pause.id}").status_code == 404
    assert client.get("/oppfolging/ny?punkt=99999").status_code == 404
    assert client.get("/oppfolging/ny").status_code == 404


# --- one action ---------------------------------------------------------------------------------

def _edit_data(action, **values):
    data = {"skjema": "rediger", "rediger-version": str(action.version),
            "rediger-description": action.description,
            "rediger-organisation": str(action.responsible_organisation_id or ""),
            "rediger-person": str(action.responsible_person_id or ""),
            "rediger-due_date": action.due_date.isoformat(), "rediger-due_label": action.due_label or "",
            "rediger-reported_item": str(action.reported_item_id or "")}
    data.update({f"rediger-{k}": v for k, v in values.items()})
    return data


def _progress_data(action, **values):
    data = {"skjema": "framdrift", "framdrift-version": str(action.version),
            "framdrift-status": action.status, "framdrift-note": ""}
    data.update({f"framdrift-{k}": v for k, v in values.items()})
    return data


def test_action_page_shows_the_item_owner_due_date_and_status(actions, client, app):
    login(client, app, email="leser@example.no", roles=())
    action = actions["veikart"]
    with time_machine.travel(date(2022, 9, 10), tick=False):
        page = client.get(f"/oppfolging/{action.id}").get_data(as_text=True)
    assert "NUIT 3/22" in page and "19. mai 2022" in page
    assert "21/22" in page and action.item.title in page
    assert "Oppdatert veikart publiseres" in page and "Mariann Hornnes" in page
    assert "1. september 2022" in page and "Forfalt" in page
    assert "Ikke meldt tilbake ennå" in page
    # A reader without a role sees no forms.
    assert "Lagre framdriften" not in page and "Lagre endringene" not in page


def test_secretariat_edits_and_a_stale_form_is_refused(actions, client, app):
    login(client, app)
    action = actions["veikart"]
    stale = _edit_data(action, description="Veikart publiseres i september")
    page = client.get(f"/oppfolging/{action.id}").get_data(as_text=True)
    assert "Lagre endringene" in page and "Lagre framdriften" in page
    response = client.post(f"/oppfolging/{action.id}", data=_edit_data(
        action, description="Oppdatert veikart publiseres på nettsidene", due_label="Q3 2022"))
    assert response.status_code == 302
    db.session.refresh(action)
    assert (action.description, action.due_label) == ("Oppdatert veikart publiseres på nettsidene", "Q3 2022")
    # A form opened before that save is refused and changes nothing.
    response = client.post(f"/oppfolging/{action.id}", data=stale)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "endret av noen andre" in page
    assert "Veikart publiseres i september" in page  # the user's text is kept in the form
    db.session.refresh(action)
    assert action.description == "Oppdatert veikart publiseres på nettsidene"


def test_secretariat_records_where_the_action_was_reported_back(actions, client, app):
    login(client, app)
    action = actions["veikart"]
    council = action.council
    later = meeting_by_number(council, 2022, 4)  # in the demo (planned, 14 September)
    if later is None:
        later = create_meeting_with_agenda(council, date(2022, 9, 14), time(9, 0))
        db.session.commit()
    page = client.get(f"/oppfolging/{action.id}").get_data(as_text=True)
    target = next(i for i in later.items if i.is_case)
    assert f'value="{target.id}"' in page and "NUIT 4/22 (14. september 2022)" in page
    # Items of the meeting itself (not later) are not offered.
    assert f'<option value="{action.item_id}"' not in page
    response = client.post(f"/oppfolging/{action.id}", data=_edit_data(action, reported_item=str(target.id)))
    assert response.status_code == 302
    page = client.get(f"/oppfolging/{action.id}").get_data(as_text=True)
    assert "NUIT 4/22" in page and "Ikke meldt tilbake ennå" not in page
    rows = _rows(client.get("/oppfolging/").get_data(as_text=True))
    assert next(r for r in rows if r[3] == action.description)[7].startswith("4/22")
    # An item of the same meeting is refused.
    response = client.post(f"/oppfolging/{action.id}", data=_edit_data(
        action, reported_item=str(action.item_id)))
    assert response.status_code == 400 and "Velg en verdi fra listen." in response.get_data(as_text=True)


def test_responsible_person_adds_a_note_and_changes_status_but_not_the_description(actions, client, app):
    action = actions["veikart"]
    login(client, app, email="hornnes@example.no", roles=())
    _link("hornnes@example.no", action.responsible_person)
    page = client.get(f"/oppfolging/{action.id}").get_data(as_text=True)
    assert "Lagre framdriften" in page and "Lagre endringene" not in page
    with time_machine.travel(date(2022, 6, 2, ), tick=False):
        response = client.post(f"/oppfolging/{action.id}", data=_progress_data(
            action, status=ActionStatus.IN_PROGRESS, note="Utkast sendt til KS."))
    assert response.status_code == 302
    db.session.refresh(action)
    assert action.status == ActionStatus.IN_PROGRESS
    page = client.get(f"/oppfolging/{action.id}").get_data(as_text=True)
    assert "Under arbeid" in page and "Utkast sendt til KS." in page
    assert "Mariann Hornnes, 2. juni 2022 kl." in page
    # The edit form is the secretariat's.
    response = client.post(f"/oppfolging/{action.id}", data=_edit_data(action, description="Noe annet"))
    assert response.status_code == 403
    db.session.refresh(action)
    assert action.description == "Oppdatert veikart publiseres"


def test_a_note_alone_keeps_the_status_and_an_empty_save_says_so(actions, client, app):
    action = actions["veikart"]
    login(client, app, email="hornnes@example.no", roles=())
    _link("hornnes@example.no", action.responsible_person)
    client.post(f"/oppfolging/{action.id}", data=_progress_data(action, note="Første notat"))
    response = client.post(f"/oppfolging/{action.id}", data=_progress_data(action), follow_redirects=True)
    assert "Ingenting å lagre" in response.get_data(as_text=True)
    db.session.refresh(action)
    assert action.status == ActionStatus.OPEN and [n.text for n in action.notes] == ["Første notat"]


def test_a_stale_status_change_is_refused_and_its_note_not_saved(actions, client, app):
    action = actions["veikart"]
    login(client, app, email="hornnes@example.no", roles=())
    _link("hornnes@example.no", action.responsible_person)
    stale = _progress_data(action, status=ActionStatus.DONE, note="Ferdig")
    followup.update_action(action, status=ActionStatus.CANCELLED)
    db.session.commit()
    response = client.post(f"/oppfolging/{action.id}", data=stale)
    assert response.status_code == 409
    assert "endret av noen andre" in response.get_data(as_text=True)
    db.session.refresh(action)
    assert action.status == ActionStatus.CANCELLED and action.notes == []


def test_a_stranger_reads_but_cannot_change_an_action(actions, client, app):
    action = actions["veikart"]
    login(client, app, email="fremmed@example.no", roles=())
    _link("fremmed@example.no", _person("Asbjørn Finstad"))  # responsible for other actions
    assert client.get(f"/oppfolging/{action.id}").status_code == 200
    assert client.post(f"/oppfolging/{action.id}", data=_progress_data(
        action, status=ActionStatus.DONE, note="Ferdig")).status_code == 403
    assert client.post(f"/oppfolging/{action.id}", data=_edit_data(
        action, description="Noe annet")).status_code == 403
    db.session.refresh(action)
    assert (action.status, action.description, action.notes) == (
        ActionStatus.OPEN, "Oppdatert veikart publiseres", [])


def test_exempt_actions_are_hidden_from_those_who_may_not_see_the_case(actions, client, app):
    action = actions["monitor"]
    case = action.item.case
    case.exempt, case.legal_basis, case.public_title = True, "offl. § 15 første ledd", "Intern sak"
    db.session.commit()
    # A logged-in reader without membership: not listed, not exported, the page refuses.
    login(client, app, email="leser@example.no", roles=())
    assert "Monitoren legges fram" not in _descriptions(client)
    assert "Monitoren legges fram" not in client.get("/oppfolging/eksport.csv").get_data(as_text=True)
    assert client.get(f"/oppfolging/{action.id}").status_code == 403
    assert client.get(f"/oppfolging/{actions['veikart'].id}").status_code == 200
    client.post("/logg-ut")
    # A member of NUIT sees it, with the exemption noted on the action's page.
    member = next(m.person for m in action.council.memberships if m.valid_to is None)
    login(client, app, email="medlem@example.no", roles=())
    _link("medlem@example.no", member)
    assert "Monitoren legges fram" in _descriptions(client)
    page = client.get(f"/oppfolging/{action.id}").get_data(as_text=True)
    assert "Unntatt offentlighet, jf. offl. § 15 første ledd" in page


def test_unknown_action_is_404(demo, client, app):
    login(client, app)
    assert client.get("/oppfolging/99999").status_code == 404


def test_the_menu_links_the_overview(demo, client, app):
    login(client, app)
    assert 'href="/oppfolging/"' in client.get("/oppfolging/").get_data(as_text=True)


def test_no_new_action_once_the_minutes_are_approved(demo, client, app):
    from app.models import MinutesStatus
    from app.services.proceedings import minutes

    login(client, app)
    meeting = _meeting()
    record = minutes.minutes_for(meeting)
    record.status = MinutesStatus.APPROVED
    db.session.commit()
    item = _item(meeting, 21)
    page = client.get(f"/oppfolging/ny?punkt={item.id}").get_data(as_text=True)
    assert "Referatet er godkjent og kan ikke endres." in page
    assert "Lagre oppfølgingspunktet" not in page
    response = client.post(f"/oppfolging/ny?punkt={item.id}", data=_new_form(
        item, organisation=str(_org("KS").id)))
    assert response.status_code == 200 and _created().count() == 0
