"""The meeting-day pages: attendance (oppmøte) and the minute-taker's recording page (protokoll),
as the secretariat uses them — what the pages show, what saving does, and what is refused."""
import html as htmllib
import re
from datetime import date, datetime, time

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import AgendaItem, AttendanceStatus, Council, Meeting, MeetingStatus
from app.services.core.clock import OSLO
from app.services.planning import case_queue, meetings, notice, proposal_text
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import attendance
from app.services.proceedings.meeting_setup import create_meeting_with_agenda
from tests.conftest import count_queries, login
from tests.factories import make_council, make_meeting

# The text a user reads when approved minutes refuse a change (literal, not the code's constant).
LOCKED_MESSAGE = ("Referatet er godkjent og kan ikke endres. Bruk «Rett referatet» på referatsiden og "
                  "skriv hvorfor; den godkjente versjonen blir stående og kan fortsatt leses.")

JSON = {"Accept": "application/json"}


def _council(code="NUIT") -> Council:
    return db.session.scalar(select(Council).where(Council.code == code))


def _nuit(number: int) -> Meeting:
    return meeting_by_number(_council(), 2022, number)


def _item(meeting: Meeting, number: str) -> AgendaItem:
    seq, yy = (int(p) for p in number.split("/"))
    return next(i for i in meeting.items if i.case_seq == seq and i.case_year == 2000 + yy)


def _text(page: str) -> str:
    """The page as a reader sees it: tags removed, spaces collapsed."""
    return " ".join(htmllib.unescape(re.sub(r"<[^>]+>", " ", page)).split())


def _attendance_rows(page: str) -> list[str]:
    """Names in the members-and-observers table, in order."""
    table = page.split('class="ds-table attendance"', 1)[1].split("</table>", 1)[0]
    return [htmllib.unescape(n).strip() for n in re.findall(r'<th scope="row">(.*?)</th>', table)]


def _row_html(page: str, row_id: int) -> str:
    return page.split(f'id="deltaker-{row_id}"', 1)[1].split("</tr>", 1)[0]


def _field(page: str, field_id: str) -> str:
    """The text in a textarea."""
    match = re.search(rf'<textarea[^>]*id="{field_id}"[^>]*>(.*?)</textarea>', page, re.S)
    return htmllib.unescape(match.group(1))


def _selected(page: str, select_id: str) -> str:
    select_html = page.split(f'id="{select_id}"', 1)[1].split("</select>", 1)[0]
    match = re.search(r"<option[^>]*selected[^>]*>(.*?)</option>", select_html)
    return htmllib.unescape(match.group(1)) if match else ""


def _record(client, meeting, item, version=None, *, headers=JSON, **fields):
    data = {"decision": "", "kind": "text", "discussion": "", "outcome": "", "postponed_to": "",
            "postponed_date": "", "sent_on": "", "version": str(item.version if version is None else version)}
    data.update(fields)
    return client.post(f"/moter/{meeting.id}/protokoll/{item.id}", data=data, headers=headers)


# --------------------------------------------------------------------------------------------
# Attendance
# --------------------------------------------------------------------------------------------

def test_attendance_page_lists_the_18_nuit_members_and_observer_with_the_leader_chairing(client, demo):
    meeting = _nuit(3)  # held in the demo's papers, with no attendance recorded
    login(client, demo)
    page = client.get(f"/moter/{meeting.id}/oppmote").get_data(as_text=True)
    assert _attendance_rows(page) == [] and meeting.attendance == []
    assert "18 medlemmer og observatører i NUIT står ikke på oppmøtelisten: Mariann Hornnes," in _text(page)
    assert "Fyll ut fra medlemslisten" in page
    response = client.post(f"/moter/{meeting.id}/oppmote/fyll-ut", follow_redirects=True)
    page = response.get_data(as_text=True)
    assert "18 medlemmer og observatører er lagt til på oppmøtelisten." in _text(page)
    assert "Fyll ut fra medlemslisten" not in page
    names = _attendance_rows(page)
    assert len(names) == 18
    assert names[0] == "Mariann Hornnes" and "Bodil Rabben" in names and "Kristin Brekke" in names
    assert _selected(page, "roller-chair") == "Mariann Hornnes"
    text = _text(page)
    assert "Medlemmer til stede: 17. Varamedlemmer: 0. Observatører: 1. Forfall: 0." in text
    # Filling in again adds nobody twice.
    again = client.post(f"/moter/{meeting.id}/oppmote/fyll-ut", follow_redirects=True).get_data(as_text=True)
    assert _attendance_rows(again) == names
    assert "0 medlemmer og observatører er lagt til på oppmøtelisten." in _text(again)


def test_forfall_reported_before_the_meeting_is_prefilled(client, demo):
    council = _council()
    planned = create_meeting_with_agenda(council, date(2022, 9, 14), time(9, 0))
    db.session.commit()
    login(client, demo)
    page = client.get(f"/moter/{planned.id}/oppmote").get_data(as_text=True)
    person = next(m.person for m in council.memberships if m.person.name == "Asbjørn Finstad")
    assert f'<option value="{person.id}">Asbjørn Finstad</option>' in page
    response = client.post(f"/moter/{planned.id}/oppmote/forfall",
                           data={"forfall-person": person.id, "forfall-reason": "Sykdom"},
                           follow_redirects=True)
    page = response.get_data(as_text=True)
    member = next(a for a in planned.attendance if a.person_id == person.id)
    assert "Forfallet er registrert." in _text(page)
    row = _row_html(page, member.id)
    assert re.search(r'value="absent" checked', row)
    assert 'value="Sykdom"' in row and "meldt på forhånd" in row
    assert "Forfall: 1." in _text(page)
    # Nobody chosen: a clear message, nothing registered.
    response = client.post(f"/moter/{planned.id}/oppmote/forfall", data={"forfall-person": "0"},
                           follow_redirects=True)
    assert "Velg medlemmet som har meldt forfall." in _text(response.get_data(as_text=True))


def test_marking_absence_and_choosing_chair_and_minute_taker(client, demo):
    meeting = _nuit(3)
    login(client, demo)
    client.post(f"/moter/{meeting.id}/oppmote/fyll-ut")
    rows = {a.display_name: a for a in meeting.attendance}
    absent = rows["Roger Schäffer"]
    data = {f"status-{a.id}": "present" for a in rows.values()}
    data[f"status-{absent.id}"] = "absent"
    data[f"grunn-{absent.id}"] = "Annet møte"
    data["roller-chair"] = rows["Erik M. Hansen"].person_id
    data["roller-minute_taker"] = rows["Bente Christensen"].person_id
    page = client.post(f"/moter/{meeting.id}/oppmote", data=data, follow_redirects=True).get_data(as_text=True)
    assert "Oppmøtet er lagret." in _text(page)
    row = _row_html(page, absent.id)
    assert 'value="absent" checked' in row and 'value="Annet møte"' in row
    assert "meldt på forhånd" not in row  # marked on the day, not reported in advance
    assert _selected(page, "roller-chair") == "Erik M. Hansen"
    assert _selected(page, "roller-minute_taker") == "Bente Christensen"
    assert "Forfall: 1." in _text(page)


def test_substitute_only_for_a_member_with_forfall(client, demo):
    meeting = _nuit(3)
    login(client, demo)
    client.post(f"/moter/{meeting.id}/oppmote/fyll-ut")
    rows = {a.display_name: a for a in meeting.attendance}
    present = rows["Terje Wistner"]
    response = client.post(f"/moter/{meeting.id}/oppmote/vara", follow_redirects=True, data={
        "vara-name": "Kari Vara", "vara-substitute_for": present.person_id})
    text = _text(response.get_data(as_text=True))
    assert ("Medlemmet er ikke registrert med forfall; et varamedlem møter bare for et medlem "
            "med forfall.") in text
    assert "Kari Vara" not in text

    attendance.set_attendance(present, status=AttendanceStatus.ABSENT)
    db.session.commit()
    response = client.post(f"/moter/{meeting.id}/oppmote/vara", follow_redirects=True, data={
        "vara-name": "Kari Vara", "vara-substitute_for": present.person_id})
    page = response.get_data(as_text=True)
    assert "Varamedlemmet er lagt til på oppmøtelisten." in _text(page)
    others = page.split('id="andre"', 1)[1].split("</section>", 1)[0]
    assert "Kari Vara" in others and "Varamedlem – møtte for Terje Wistner" in _text(others)
    assert "Varamedlemmer: 1." in _text(page)


def test_guests_are_added_and_removed_after_confirmation_but_members_stay(client, demo):
    meeting = _nuit(3)
    login(client, demo)
    client.post(f"/moter/{meeting.id}/oppmote/fyll-ut")
    response = client.post(f"/moter/{meeting.id}/oppmote/deltaker", follow_redirects=True, data={
        "deltaker-role": "other", "deltaker-name": "Lars Erik Antonsen"})
    assert "Deltakeren er lagt til på oppmøtelisten (annen deltaker)." in _text(response.get_data(as_text=True))
    guest = next(a for a in meeting.attendance if a.display_name == "Lars Erik Antonsen")
    response = client.post(f"/moter/{meeting.id}/oppmote/deltaker", follow_redirects=True,
                           data={"deltaker-role": "other", "deltaker-name": ""})
    assert "Velg en person eller skriv et navn." in _text(response.get_data(as_text=True))

    confirm = client.get(f"/moter/{meeting.id}/oppmote/{guest.id}/fjern").get_data(as_text=True)
    assert "Fjerne Lars Erik Antonsen fra oppmøtelisten?" in _text(confirm)
    page = client.post(f"/moter/{meeting.id}/oppmote/{guest.id}/fjern",
                       follow_redirects=True).get_data(as_text=True)
    assert "Deltakeren er tatt bort fra oppmøtelisten." in _text(page)
    assert "Lars Erik Antonsen" not in page.split('id="andre"', 1)[1].split("</section>", 1)[0]

    member = next(a for a in meeting.attendance if a.display_name == "Mariann Hornnes")
    page = client.post(f"/moter/{meeting.id}/oppmote/{member.id}/fjern",
                       follow_redirects=True).get_data(as_text=True)
    assert "Medlemmer står alltid på listen; registrer forfall i stedet." in _text(page)
    assert "Mariann Hornnes" in _attendance_rows(page)


def test_cancelled_meeting_has_no_attendance_or_recording(client, demo):
    council = _council()
    meeting = create_meeting_with_agenda(council, date(2022, 10, 20), time(9, 0))
    meetings.cancel_meeting(meeting, "Ingen saker")
    db.session.commit()
    login(client, demo)
    for url in (f"/moter/{meeting.id}/oppmote", f"/moter/{meeting.id}/protokoll"):
        response = client.get(url, follow_redirects=True)
        assert "Møtet er avlyst; det har ikke oppmøte eller protokoll." in _text(response.get_data(as_text=True))
    assert meeting.attendance == []


def test_approved_minutes_refuse_attendance_changes(client, demo_full):
    meeting = _nuit(1)  # the demo's 1/22: minutes approved by 3/22's 17/22
    assert meeting.minutes.locked
    login(client, demo_full)
    page = client.get(f"/moter/{meeting.id}/oppmote").get_data(as_text=True)
    assert LOCKED_MESSAGE in htmllib.unescape(page)
    assert "Lagre oppmøte" not in page
    row = meeting.attendance[0]
    before = (row.status, len(meeting.attendance))
    response = client.post(f"/moter/{meeting.id}/oppmote", follow_redirects=True,
                           data={f"status-{row.id}": "absent"})
    assert LOCKED_MESSAGE in _text(response.get_data(as_text=True))
    response = client.post(f"/moter/{meeting.id}/oppmote/deltaker", follow_redirects=True,
                           data={"deltaker-role": "other", "deltaker-name": "Ny gjest"})
    assert LOCKED_MESSAGE in _text(response.get_data(as_text=True))
    db.session.expire_all()
    assert (meeting.attendance[0].status, len(meeting.attendance)) == before


# --------------------------------------------------------------------------------------------
# Recording
# --------------------------------------------------------------------------------------------

def test_recording_page_starts_from_the_proposal_and_shows_outcomes(client, demo):
    meeting = _nuit(3)
    login(client, demo)
    page = client.get(f"/moter/{meeting.id}/protokoll").get_data(as_text=True)
    for item in meeting.items:
        if item.is_case and item.proposal_body:
            assert _field(page, f"vedtak-{item.id}") == proposal_text.to_source(item.proposal_body)
    first = _item(meeting, "16/22")
    assert _field(page, f"vedtak-{first.id}") == "NUIT godkjenner innkalling og dagsorden."
    text = _text(page)
    assert "Sak 16/22: Godkjenning av innkalling og dagsorden" in text
    assert "Drøftinger/merknader" in text and "Nytt oppfølgingspunkt" in text
    # 30/22 was postponed in the papers: the outcome says so.
    postponed = _item(meeting, "30/22")
    assert _selected(page, f"utfall-{postponed.id}") == "Utsatt til møte …"
    assert "Utsatt til 14. september 2022" in text
    # Breaks are plain rows, without fields.
    assert re.search(r'<p class="record-break" id="punkt-\d+">Pause</p>', page)
    assert 'name="csrf-token"' in page


def test_saving_an_item_with_the_form_and_with_json(client, demo):
    meeting = _nuit(3)
    item = _item(meeting, "21/22")
    login(client, demo)
    response = _record(client, meeting, item, headers={}, decision="NUIT drøfter porteføljen.",
                       discussion="Flere ba om en oversikt over gevinster.", outcome="decided")
    assert response.status_code == 302 and response.headers["Location"].endswith(f"#punkt-{item.id}")
    page = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "Punktet er lagret kl." in _text(page)
    assert _field(page, f"vedtak-{item.id}") == "NUIT drøfter porteføljen."
    assert _field(page, f"drofting-{item.id}") == "Flere ba om en oversikt over gevinster."
    assert _selected(page, f"utfall-{item.id}") == "Vedtak fattet"

    db.session.expire_all()
    with time_machine.travel(datetime(2022, 5, 19, 10, 41, 3, tzinfo=OSLO), tick=False):
        response = _record(client, meeting, item, decision="Punkt én\nPunkt to", kind="points",
                           discussion="", outcome="information")
    body = response.get_json()
    assert response.status_code == 200
    assert body["ok"] is True and body["saved_at"] == "10:41:03" and body["message"] == "Lagret kl. 10:41:03"
    page = client.get(f"/moter/{meeting.id}/protokoll").get_data(as_text=True)
    assert _field(page, f"vedtak-{item.id}") == "Punkt én\nPunkt to"
    assert _field(page, f"drofting-{item.id}") == ""
    assert _selected(page, f"utfall-{item.id}") == "Tatt til orientering"
    assert f'name="version" value="{body["version"]}"' in page.split(f'id="punkt-{item.id}"')[1]
    # Saving the same again is accepted and keeps the version.
    response = _record(client, meeting, item, body["version"], decision="Punkt én\nPunkt to",
                       kind="points", outcome="information")
    assert response.get_json()["version"] == body["version"]


def test_a_save_from_an_out_of_date_page_is_refused_and_changes_nothing(client, demo):
    meeting = _nuit(3)
    item = _item(meeting, "22/22")
    login(client, demo)
    opened = item.version
    assert _record(client, meeting, item, opened, decision="Først lagret.", outcome="decided").status_code == 200
    response = _record(client, meeting, item, opened, decision="Skrevet på en gammel side.",
                       discussion="Min drøfting")
    body = response.get_json()
    assert response.status_code == 409 and body["ok"] is False
    assert "Punktet er lagret av noen andre etter at du åpnet siden." in body["message"]
    assert body["stored"]["decision"] == "Først lagret." and body["version"] > opened
    # Without JavaScript: the page comes back with the user's text and the message beside the item.
    response = _record(client, meeting, item, opened, headers={}, decision="Skrevet på en gammel side.",
                       discussion="Min drøfting")
    assert response.status_code == 409
    page = response.get_data(as_text=True)
    assert _field(page, f"vedtak-{item.id}") == "Skrevet på en gammel side."
    assert _field(page, f"drofting-{item.id}") == "Min drøfting"
    section = _text(page.split(f'id="punkt-{item.id}"', 1)[1].split("</article>", 1)[0])
    assert "Punktet er lagret av noen andre" in section and "Vedtak lagret nå: Først lagret." in section
    page = client.get(f"/moter/{meeting.id}/protokoll").get_data(as_text=True)
    assert _field(page, f"vedtak-{item.id}") == "Først lagret."
    assert _field(page, f"drofting-{item.id}") == ""


def test_postponed_item_goes_to_the_target_meetings_queue(client, demo):
    meeting = _nuit(3)
    target = create_meeting_with_agenda(_council(), date(2022, 9, 14), time(9, 0))
    db.session.commit()
    item = _item(meeting, "29/22")
    login(client, demo)
    page = client.get(f"/moter/{meeting.id}/protokoll").get_data(as_text=True)
    assert f'<option value="{target.id}">Møte 4/22 (14. september 2022)</option>' in page
    response = _record(client, meeting, item, outcome="postponed", decision="", postponed_to="")
    assert response.status_code == 400
    assert response.get_json() == {"ok": False, "message": "Velg møtet saken utsettes til."}
    response = _record(client, meeting, item, outcome="postponed", postponed_to=str(target.id))
    assert response.status_code == 200
    assert item.case_id in [e.case_id for e in case_queue.queue_for(target)]
    page = client.get(f"/moter/{meeting.id}/protokoll").get_data(as_text=True)
    assert _selected(page, f"utsatt-{item.id}") == "Møte 4/22 (14. september 2022)"
    # A date before the meeting is refused with the service's message.
    response = _record(client, meeting, _item(meeting, "28/22"), outcome="postponed",
                       postponed_date="2022-05-01")
    assert response.get_json()["message"] == "Saken må utsettes til et senere møte."


def test_item_sent_on_to_another_council(client, demo):
    meeting = _nuit(3)
    item = _item(meeting, "24/22")
    nehr = _council("NEHR")
    login(client, demo)
    response = _record(client, meeting, item, outcome="sent_on", sent_on=str(nehr.id),
                       decision="NUIT anbefaler saken for NEHR.")
    assert response.status_code == 200
    assert [(e.council.code, e.reason) for e in case_queue.waiting_for(item.case_id)] == [("NEHR", "sent_on")]
    page = client.get(f"/moter/{meeting.id}/protokoll").get_data(as_text=True)
    assert _selected(page, f"videre-{item.id}") == "NEHR – Nasjonalt e-helseråd"
    assert "Sendt videre til NEHR" in _text(page)
    response = _record(client, meeting, item, outcome="sent_on", sent_on="")
    assert response.get_json()["message"] == "Velg utvalget saken sendes videre til."


def test_late_item_under_eventuelt_gets_the_next_number_after_eventuelt(client, demo):
    meeting = _nuit(3)
    login(client, demo)
    response = client.post(f"/moter/{meeting.id}/protokoll/eventuelt", follow_redirects=True,
                           data={"eventuelt-title": "Status for e-resept", "eventuelt-item_type": "Orientering"})
    page = response.get_data(as_text=True)
    assert "Sak 32/22 er lagt til under Eventuelt." in _text(page)
    headings = [_text(h) for h in re.findall(r'<h2 class="ds-heading" data-size="sm"[^>]*>(.*?)</h2>', page)]
    assert headings[-2:] == ["Sak 31/22: Eventuelt", "Sak 32/22: Status for e-resept"]
    response = client.post(f"/moter/{meeting.id}/protokoll/eventuelt", follow_redirects=True,
                           data={"eventuelt-title": "  "})
    assert "Skriv tittelen på saken." in _text(response.get_data(as_text=True))


def test_marking_an_issued_meeting_held_asks_first(client, app):
    council = make_council()
    meeting = make_meeting(council, cases=2)
    notice.issue_notice(meeting.id)
    db.session.commit()
    login(client, app)
    page = client.get(f"/moter/{meeting.id}/protokoll").get_data(as_text=True)
    assert "Marker møtet som avholdt …" in page
    confirm = _text(client.get(f"/moter/{meeting.id}/avholdt").get_data(as_text=True))
    assert "Marker NUIT Møte 1/22 som avholdt?" in confirm
    assert "Disse sakene har ikke fått utfall ennå: 1/22 Sak nummer 1 2/22 Sak nummer 2" in confirm
    page = client.post(f"/moter/{meeting.id}/avholdt", follow_redirects=True).get_data(as_text=True)
    assert "NUIT Møte 1/22 er markert som avholdt." in _text(page)
    db.session.expire_all()
    assert meeting.status == MeetingStatus.HELD and meeting.minutes is not None
    assert "Marker møtet som avholdt" not in page


def test_planned_meeting_cannot_be_recorded_yet(client, app):
    meeting = make_meeting(make_council(), cases=1)
    login(client, app)
    response = client.get(f"/moter/{meeting.id}/protokoll", follow_redirects=True)
    assert "Møtet kan føres først når innkallingen er sendt." in _text(response.get_data(as_text=True))
    item = meeting.items[0]
    response = _record(client, meeting, item, outcome="decided")
    assert response.status_code == 400
    assert response.get_json()["message"] == "Møtet kan føres først når innkallingen er sendt."


def test_approved_minutes_refuse_recording(client, demo_full):
    meeting = _nuit(1)
    item = next(i for i in meeting.items if i.is_case and i.discussion is None)
    login(client, demo_full)
    page = client.get(f"/moter/{meeting.id}/protokoll").get_data(as_text=True)
    assert LOCKED_MESSAGE in htmllib.unescape(page)
    assert "recording.js" not in page and "readonly" in page
    response = _record(client, meeting, item, decision="Endret etterpå", discussion="Nei")
    assert response.status_code == 400
    assert response.get_json() == {"ok": False, "message": LOCKED_MESSAGE}
    db.session.expire_all()
    assert item.discussion is None


@pytest.mark.parametrize("path,method", [
    ("/oppmote", "get"), ("/oppmote", "post"), ("/oppmote/forfall", "post"), ("/oppmote/vara", "post"),
    ("/protokoll", "get"), ("/protokoll/{item}", "post"), ("/protokoll/eventuelt", "post"),
    ("/avholdt", "post"),
])
def test_only_the_secretariat_may_use_the_meeting_day_pages(client, demo, path, method):
    meeting = _nuit(3)
    item = _item(meeting, "18/22")
    login(client, demo, email="medlem@example.no", roles=())
    url = f"/moter/{meeting.id}" + path.format(item=item.id)
    response = getattr(client, method)(url, data={"decision": "x"}, headers=JSON)
    assert response.status_code == 403
    db.session.expire_all()
    assert meeting.attendance == [] and item.decision_body is None


def _recording_queries(client, app, cases: int, year: int) -> int:
    council = db.session.scalar(select(Council).where(Council.code == "NUIT")) or make_council()
    meeting = make_meeting(council, day=date(year, 3, 1), cases=cases)
    meetings.add_break(meeting, "Pause", duration=10)
    notice.issue_notice(meeting.id)
    db.session.commit()
    url = f"/moter/{meeting.id}/protokoll"
    client.get(url)  # warm up
    with count_queries(db.engine) as n:
        response = client.get(url)
    assert response.status_code == 200
    assert f"Sak {cases}/{year % 100}: Sak nummer {cases}" in _text(response.get_data(as_text=True))
    return n()


def test_recording_page_query_count_does_not_grow_with_the_agenda(client, app):
    login(client, app)
    small = _recording_queries(client, app, 5, 2030)
    large = _recording_queries(client, app, 30, 2031)
    assert small == large
    assert small <= 9  # 8 before issue 11; the members' input on the page adds one query



def _attendance_queries(client, members: int, year: int) -> int:
    from app.services.registry import councils
    council = make_council(code=f"U{year}")
    for n in range(members):
        org = councils.upsert_organisation(f"Organisasjon {year}-{n}")
        person = councils.upsert_person(f"Medlem {year}-{n}", organisation=org)
        councils.ensure_membership(person, council, "medlem", organisation=org)
    meeting = make_meeting(council, day=date(year, 3, 1), cases=1)
    notice.issue_notice(meeting.id)
    db.session.commit()
    url = f"/moter/{meeting.id}/oppmote"
    client.get(url)  # the first visit warms the caches
    with count_queries(db.engine) as n:
        response = client.get(url)
    assert _attendance_rows(response.get_data(as_text=True))[-1] == f"Medlem {year}-{members - 1}"
    return n()


def test_attendance_page_query_count_does_not_grow_with_the_council(client, app):
    login(client, app)
    small = _attendance_queries(client, 3, 2030)
    large = _attendance_queries(client, 25, 2031)
    assert small == large
    assert small <= 15


def test_an_expired_form_token_gets_a_json_answer_the_page_can_show(client, demo):
    meeting = _nuit(3)
    item = _item(meeting, "18/22")
    login(client, demo)
    demo.config["WTF_CSRF_ENABLED"] = True
    try:
        response = _record(client, meeting, item, decision="Uten gyldig skjema", csrf_token="utløpt")
    finally:
        demo.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 400
    assert response.get_json() == {"ok": False, "message": "Økten er utløpt. Last siden på nytt; "
                                   "teksten din er tatt vare på i nettleseren."}
    db.session.expire_all()
    assert item.decision_body is None


def test_the_recording_page_still_saves_hours_after_it_was_opened(client, demo):
    """The minute-taker keeps the page open all day: its form token must not run out after an hour
    (WTF_CSRF_TIME_LIMIT)."""
    from datetime import datetime, timedelta

    import time_machine

    meeting = _nuit(3)
    item = _item(meeting, "18/22")
    try:
        with time_machine.travel(datetime(2022, 5, 19, 8, 0), tick=False) as clock:
            login(client, demo)
            demo.config["WTF_CSRF_ENABLED"] = True
            page = client.get(f"/moter/{meeting.id}/protokoll").get_data(as_text=True)
            token = page.split('name="csrf-token" content="')[1].split('"')[0]
            clock.shift(timedelta(hours=7))
            response = _record(client, meeting, item, decision="Lagret om ettermiddagen",
                               outcome="decided", csrf_token=token)
    finally:
        demo.config["WTF_CSRF_ENABLED"] = False
    assert response.status_code == 200, response.get_json()
    assert item.decision_body == {"text": "Lagret om ettermiddagen"}
