"""The rules of a meeting's life as a new secretary meets them: minutes go out after the meeting,
a meeting is held on its day, a council meets only within its period, and the secretariat is told
whom an e-mail reached. Each rule is checked on the page and in the service."""
import html as htmllib
import re
from datetime import date, time

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import Meeting, MeetingStatus, MinutesStatus, OutboxMessage
from app.services import ServiceError
from app.services.planning import meetings, notice
from app.services.proceedings import minutes, recording
from app.services.registry import councils
from tests.conftest import login
from tests.factories import make_council, make_meeting

MEETING_DAY = date(2022, 5, 19)


def _text(page: str) -> str:
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _members(council, names_and_addresses):
    org = councils.upsert_organisation("Norsk helsenett SF", "NHN")
    for name, email in names_and_addresses:
        person = councils.upsert_person(name, organisation=org, email=email)
        councils.ensure_membership(person, council, "medlem", organisation=org)
    db.session.commit()


def _issued(council, day=MEETING_DAY):
    meeting = make_meeting(council, day=day)
    notice.issue_notice(meeting.id)
    db.session.commit()
    return meeting


def _held(council):
    meeting = _issued(council)
    with time_machine.travel(MEETING_DAY, tick=False):
        recording.mark_held(meeting)
    db.session.commit()
    return meeting


# --- minutes go to the members after the meeting ------------------------------------------------

def test_minutes_of_a_meeting_not_yet_held_cannot_be_sent_for_comments(client, app):
    council = make_council()
    meeting = _issued(council)
    login(client, app)
    with time_machine.travel(date(2022, 5, 10), tick=False):
        response = client.post(f"/moter/{meeting.id}/referat/send", data={"deadline": "2022-05-12"},
                               follow_redirects=True)
    text = _text(response.get_data(as_text=True))
    assert "Referatet kan sendes til kommentarer først når møtet er markert som avholdt." in text
    assert "er sendt til" not in text
    db.session.expire_all()
    assert meeting.minutes is None or meeting.minutes.status == MinutesStatus.DRAFT
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_the_comment_deadline_cannot_be_before_the_meeting(app):
    council = make_council()
    meeting = _held(council)
    # A meeting imported as held before a date check existed, with its day still ahead.
    meeting.date = date(2022, 6, 10)
    db.session.commit()
    with time_machine.travel(date(2022, 5, 20), tick=False), pytest.raises(ServiceError) as refused:
        minutes.send_for_comments(minutes.minutes_for(meeting), date(2022, 6, 1))
    assert str(refused.value) == "Fristen for kommentarer kan ikke være før møtet 10. juni 2022."


# --- a meeting is held on its day, not before -----------------------------------------------------

def test_a_meeting_ahead_cannot_be_marked_held(client, app):
    council = make_council()
    meeting = _issued(council)
    login(client, app)
    with time_machine.travel(date(2022, 5, 18), tick=False):
        response = client.post(f"/moter/{meeting.id}/avholdt", follow_redirects=True)
    assert ("Møtet er 19. mai 2022 og kan ikke markeres som avholdt før den dagen."
            in _text(response.get_data(as_text=True)))
    db.session.expire_all()
    assert meeting.status == MeetingStatus.ISSUED and meeting.minutes is None


def test_a_meeting_is_marked_held_on_its_day_and_after(client, app):
    council = make_council()
    today, earlier = _issued(council), _issued(council, day=date(2022, 3, 1))
    login(client, app)
    with time_machine.travel(MEETING_DAY, tick=False):
        for meeting in (today, earlier):
            response = client.post(f"/moter/{meeting.id}/avholdt", follow_redirects=True)
            assert (f"NUIT {meeting.label} er markert som avholdt."
                    in _text(response.get_data(as_text=True)))
    db.session.expire_all()
    assert today.status == earlier.status == MeetingStatus.HELD


def test_importing_a_meeting_as_held_before_its_day_is_refused(runner, app, tmp_path):
    make_council()
    db.session.commit()
    path = tmp_path / "nuit.yaml"
    path.write_text("meetings:\n  - council: NUIT\n    number: 7\n    date: 2022-11-30\n"
                    "    start: '09:00'\n    status: held\n    agenda: []\n", encoding="utf-8")
    with time_machine.travel(date(2022, 11, 1), tick=False):
        result = runner.invoke(args=["data", "import", str(path)])
    assert result.exit_code == 1
    assert "Møtet er 30. november 2022 og kan ikke markeres som avholdt før den dagen." in result.output
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0


# --- a council meets within its period ---------------------------------------------------------

def _nehs():
    council = councils.upsert_council("NEHS", "Nasjonalt e-helsestyre", active_from=date(2016, 1, 1),
                                      active_to=date(2022, 12, 31))
    db.session.commit()
    return council


def test_no_meeting_for_a_council_after_its_period_on_the_page(client, app):
    council = _nehs()
    login(client, app)
    response = client.post("/moter/nytt", data={"council": council.id, "date": "2023-02-09",
                                                 "start": "10:00", "kind": "ordinary"})
    text = _text(response.get_data(as_text=True))
    assert ("NEHS var aktivt til 31. desember 2022 og kan ikke ha møter etter det. Velg et utvalg "
            "som er aktivt 9. februar 2023.") in text
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 0
    # Within the period it is created as before.
    response = client.post("/moter/nytt", data={"council": council.id, "date": "2022-12-08",
                                                 "start": "10:00", "kind": "ordinary"},
                           follow_redirects=True)
    assert "NEHS Møte 1/22 er opprettet med standardpunktene." in _text(response.get_data(as_text=True))


def test_no_meeting_for_a_council_after_its_period_in_the_service_and_import(runner, app, tmp_path):
    council = _nehs()
    with pytest.raises(ServiceError, match="NEHS var aktivt til 31. desember 2022"):
        meetings.create_meeting(council, date(2023, 1, 5), time(10, 0))
    meeting = meetings.create_meeting(council, date(2022, 12, 8), time(10, 0))
    meetings.update_meeting(meeting, date=date(2022, 12, 31))  # the last day is allowed
    council.active_to = date(2022, 12, 15)
    with pytest.raises(ServiceError, match="NEHS var aktivt til 15. desember 2022"):
        meetings.update_meeting(meeting, date=date(2022, 12, 20))
    db.session.rollback()
    path = tmp_path / "nehs.yaml"
    path.write_text("meetings:\n  - council: NEHS\n    number: 1\n    date: 2023-03-01\n"
                    "    start: '10:00'\n    agenda: []\n", encoding="utf-8")
    result = runner.invoke(args=["data", "import", str(path)])
    assert result.exit_code == 1 and "NEHS var aktivt til 31. desember 2022" in result.output


# --- what stops the notice -------------------------------------------------------------------------

UNTYPED = "«Sak uten innretning» mangler innretning."


def test_an_item_without_an_item_type_stops_the_notice_in_the_service_as_on_the_page(client, app):
    meeting = make_meeting(make_council())
    meetings.add_case_item(meeting, "Sak uten innretning", presenters=["Kari Nordmann"],
                           proposal_heading="Forslag til vedtak", proposal_body={"text": "NUIT drøfter."})
    db.session.commit()
    login(client, app)
    response = client.post(f"/moter/{meeting.id}/send", data={"accept_warnings": "y"},
                           follow_redirects=True)
    on_the_page = f"Innkallingen kan ikke sendes ennå: {UNTYPED}"
    assert on_the_page in _text(response.get_data(as_text=True))
    with pytest.raises(ServiceError) as refused:  # no page in between: the same refusal
        notice.issue_notice(meeting.id, accept_warnings=True)
    assert str(refused.value) == on_the_page
    db.session.rollback()
    meeting = db.session.get(Meeting, meeting.id)
    assert meeting.status == MeetingStatus.PLANNED
    assert all(i.case_seq is None for i in meeting.items)


def test_an_item_without_a_proposal_needs_the_warning_accepted_in_the_service(app):
    meeting = make_meeting(make_council(), cases=1)
    meetings.add_case_item(meeting, "Sak uten forslag", item_type="Drøfting", presenters=["Kari Nordmann"])
    db.session.commit()
    with pytest.raises(ServiceError, match="Bekreft at innkallingen skal sendes selv om: "
                                           "«Sak uten forslag» har ikke forslag til vedtak."):
        notice.issue_notice(meeting.id)
    db.session.rollback()
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.PLANNED
    notice.issue_notice(meeting.id, accept_warnings=True)
    db.session.commit()
    assert db.session.get(Meeting, meeting.id).status == MeetingStatus.ISSUED


# --- whom the e-mails reached ---------------------------------------------------------------------

def test_issuing_tells_how_many_were_notified_and_who_has_no_address(client, app):
    council = make_council()
    _members(council, [("Kari Nordmann", None), ("Per Hansen", "per@example.no"),
                       ("Ola Nordmann", ""), ("Lise Berg", "lise@example.no")])
    meeting = make_meeting(council)
    login(client, app)
    response = client.post(f"/moter/{meeting.id}/send", data={"accept_warnings": "y"},
                           follow_redirects=True)
    text = _text(response.get_data(as_text=True))
    assert "Innkallingen til NUIT Møte 1/22 er registrert. Sakene har fått møtesaksnummer." in text
    assert ("Innkallingen er sendt til 2 av 4 medlemmer. 2 mangler e-postadresse; legg den inn "
            "under Utvalg og personer → Personer.") in text
    assert sorted(db.session.scalars(select(OutboxMessage.to_address))) == [
        "lise@example.no", "per@example.no"]


def test_issuing_when_nobody_has_an_address_says_no_email_was_sent(client, app):
    council = make_council()
    _members(council, [("Kari Nordmann", None), ("Ola Nordmann", None)])
    meeting = make_meeting(council)
    login(client, app)
    response = client.post(f"/moter/{meeting.id}/send", data={"accept_warnings": "y"},
                           follow_redirects=True)
    text = _text(response.get_data(as_text=True))
    assert "Ingen e-post ble sendt: ingen i NUIT har e-postadresse." in text
    assert "Innkallingen er sendt" not in text
    assert db.session.scalar(select(func.count()).select_from(OutboxMessage)) == 0


def test_minutes_sent_to_everyone_with_an_address(client, app):
    council = make_council()
    _members(council, [("Per Hansen", "per@example.no"), ("Lise Berg", "lise@example.no")])
    meeting = _held(council)
    login(client, app)
    with time_machine.travel(date(2022, 5, 20), tick=False):
        response = client.post(f"/moter/{meeting.id}/referat/send", data={"deadline": "2022-06-01"},
                               follow_redirects=True)
    text = _text(response.get_data(as_text=True))
    assert "Referatet er åpent for kommentarer med frist 1. juni 2022." in text
    assert "Referatet er sendt til alle 2 medlemmer." in text


def test_minutes_when_nobody_has_an_address(client, app):
    council = make_council()
    _members(council, [("Kari Nordmann", None)])
    meeting = _held(council)
    login(client, app)
    with time_machine.travel(date(2022, 5, 20), tick=False):
        response = client.post(f"/moter/{meeting.id}/referat/send", data={"deadline": "2022-06-01"},
                               follow_redirects=True)
    text = _text(response.get_data(as_text=True))
    assert "Ingen e-post ble sendt: ingen i NUIT har e-postadresse." in text
    assert "Referatet er sendt til" not in text


def test_the_service_returns_whom_the_minutes_reached(app):
    council = make_council()
    _members(council, [("Kari Nordmann", None), ("Per Hansen", "per@example.no")])
    meeting = _held(council)
    with time_machine.travel(date(2022, 5, 20), tick=False):
        reach = minutes.send_for_comments(minutes.minutes_for(meeting), date(2022, 6, 1))
    assert (reach.notified, reach.without_address, reach.total) == (["Per Hansen"], ["Kari Nordmann"], 2)


# --- the attendance list is filled in by a write, never by opening the page --------------------

def test_issuing_the_notice_puts_every_member_on_the_attendance_list(client, app):
    council = make_council()
    _members(council, [("Kari Nordmann", None), ("Per Hansen", "per@example.no")])
    meeting = _issued(council)
    assert sorted(a.display_name for a in meeting.attendance) == ["Kari Nordmann", "Per Hansen"]
    login(client, app)
    page = client.get(f"/moter/{meeting.id}/oppmote").get_data(as_text=True)
    assert "Fyll ut fra medlemslisten" not in page
    assert "Medlemmer til stede: 2." in _text(page)


def test_the_first_save_of_a_planned_meetings_attendance_fills_in_the_list(client, app):
    council = make_council()
    _members(council, [("Kari Nordmann", None), ("Per Hansen", None)])
    meeting = make_meeting(council)
    login(client, app)
    page = client.get(f"/moter/{meeting.id}/oppmote").get_data(as_text=True)
    assert ("2 medlemmer og observatører i NUIT står ikke på oppmøtelisten: Kari Nordmann, "
            "Per Hansen.") in _text(page)
    assert meeting.attendance == []
    response = client.post(f"/moter/{meeting.id}/oppmote",
                           data={"roller-chair": "0", "roller-minute_taker": "0"}, follow_redirects=True)
    text = _text(response.get_data(as_text=True))
    assert "Oppmøtet er lagret." in text and "Medlemmer til stede: 2." in text
    assert "står ikke på oppmøtelisten" not in text
