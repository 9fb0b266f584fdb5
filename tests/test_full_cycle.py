"""Issue 4's whole cycle through the pages, with a real SMTP server and a frozen clock:

hold NUIT 3/22 (attendance, a decision for every item, three follow-up actions, 30/22 postponed),
create NUIT 4/22 and see the carry-over items, send the minutes for comments, comment as a member,
approve them through 4/22's "Godkjenning av referat" item, and find them locked with the approval
linked. Every e-mail on the way arrives once at the SMTP server."""
from datetime import date, datetime

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import (
    AgendaItem,
    Council,
    FollowUpAction,
    ItemStatus,
    MeetingStatus,
    MinutesStatus,
    Organisation,
    Person,
    User,
)
from app.services.core import mail
from app.services.core.clock import OSLO
from app.services.planning import proposal_text
from app.services.planning.meetings import meeting_by_number, update_item
from app.services.planning.notice import issue_notice
from app.services.registry.users import create_user
from tests.conftest import login
from tests.smtp_sink import SmtpSink

CARRY_OVER_TITLE = "Oppfølgingspunkter fra tidligere møter"  # the agenda item, as the reader sees it

MEMBER_EMAIL = "medlem@example.no"


def at(day: date, hour: int = 10) -> datetime:
    return datetime(day.year, day.month, day.day, hour, 0, tzinfo=OSLO)


@pytest.fixture
def smtp(app):
    sink = SmtpSink().start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port, BASE_URL="https://motebok.example.no")
    yield sink
    sink.stop()


@pytest.fixture
def nuit_3_22_on_the_day(demo):
    """NUIT 3/22 as on the morning of 19 May 2022: notice issued, nothing recorded yet, the members
    with (invented) e-mail addresses, and one member with a login."""
    council = db.session.scalar(select(Council).where(Council.code == "NUIT"))
    meeting = meeting_by_number(council, 2022, 3)
    for item in meeting.items:
        if item.is_case:
            update_item(item, status=ItemStatus.PLANNED)
    meeting.status = MeetingStatus.ISSUED
    members = sorted((m for m in council.memberships), key=lambda m: m.id)
    for n, membership in enumerate(members):
        membership.person.email = f"medlem{n}@example.no"
    member = members[1].person
    user = create_user(MEMBER_EMAIL, "riktig-passord-123", [])
    user.person = member
    db.session.commit()
    return council, meeting, member


def _ok(response, *expected):
    html = response.get_data(as_text=True)
    assert response.status_code == 200, html[:2000]
    for text in expected:
        assert text in html, text
    return html


def test_the_whole_cycle(client, app, smtp, nuit_3_22_on_the_day):
    council, meeting, member = nuit_3_22_on_the_day
    with time_machine.travel(at(date(2022, 5, 19), 8), tick=False) as clock:
        login(client, app)

        # Attendance: the 18 seats are filled in from the list of members; one member has forfall.
        _ok(client.get(f"/moter/{meeting.id}/oppmote"), "Fyll ut fra medlemslisten")
        _ok(client.post(f"/moter/{meeting.id}/oppmote/fyll-ut", follow_redirects=True),
            "18 medlemmer og observatører er lagt til på oppmøtelisten.", "Mariann Hornnes",
            "Kristin Brekke")
        absent = next(a for a in meeting.attendance if a.person_id == member.id)
        leader = next(a for a in meeting.attendance if a.person.name == "Mariann Hornnes")
        form = {f"status-{a.id}": "present" for a in meeting.attendance}
        form.update({f"status-{absent.id}": "absent", f"grunn-{absent.id}": "Annet møte",
                     "roller-chair": leader.person_id, "roller-minute_taker": 0})
        response = client.post(f"/moter/{meeting.id}/oppmote", data=form, follow_redirects=True)
        _ok(response, "Oppmøtet er lagret.")
        assert (absent.status, absent.absence_reason) == ("absent", "Annet møte")
        assert meeting.chair.name == "Mariann Hornnes" and len(meeting.attendance) == 18

        # Recording: a decision for every item; 30/22 is postponed to 14 September.
        _ok(client.get(f"/moter/{meeting.id}/protokoll"), "30/22", "Samarbeidsmodell for bruk av")
        cases = [i for i in sorted(meeting.items, key=lambda i: i.position) if i.is_case]
        for item in cases:
            data = {"kind": proposal_text.kind_of(item.proposal_body),
                    "decision": proposal_text.to_source(item.proposal_body),
                    "discussion": f"Drøftet i møtet ({item.case_seq}/22).", "version": item.version,
                    "outcome": "information" if item.item_type == "Orientering" else "decided"}
            if item.case_seq == 30:
                data.update(outcome="postponed", postponed_date="2022-09-14", decision="")
            response = client.post(f"/moter/{meeting.id}/protokoll/{item.id}", data=data,
                                   headers={"Accept": "application/json"})
            assert response.status_code == 200, response.get_json()
            assert response.get_json()["ok"] is True
        assert all(i.outcome for i in cases)
        postponed = next(i for i in cases if i.case_seq == 30)
        assert (postponed.status, postponed.postponed_to_date) == ("postponed", date(2022, 9, 14))

        # A stale autosave is refused and changes nothing.
        first = cases[2]
        stale = client.post(f"/moter/{meeting.id}/protokoll/{first.id}",
                            data={"kind": "text", "decision": "Feil tekst", "outcome": "decided",
                                  "discussion": "", "version": first.version - 1},
                            headers={"Accept": "application/json"})
        assert stale.status_code == 409 and first.decision_body != {"text": "Feil tekst"}

        # Three follow-up actions.
        directorate = db.session.scalar(select(Organisation).where(
            Organisation.name == "Direktoratet for e-helse"))
        roadmap = next(i for i in cases if i.case_seq == 21)
        apps = next(i for i in cases if i.case_seq == 20)
        leader_person = db.session.scalar(select(Person).where(Person.name == "Mariann Hornnes"))
        for item, text, due, label, person in [
            (roadmap, "Oppdatert veikart publiseres i etterkant av møtet.", "2022-06-30", "", None),
            (apps, "Saken fremmes igjen for NUIT når økonomiske analyser er gjennomført.",
             "2022-12-31", "Q4 2022", None),
            (roadmap, "Status for porteføljen legges fram på neste møte.", "2022-09-14", "",
             leader_person.id)]:
            response = client.post(f"/oppfolging/ny?item_id={item.id}", data={
                "description": text, "organisation": directorate.id, "person": person or "",
                "due_date": due, "due_label": label}, follow_redirects=True)
            assert response.status_code == 200
        actions = db.session.scalars(select(FollowUpAction).order_by(FollowUpAction.id)).all()
        assert [a.due_text for a in actions] == ["30. juni 2022", "Q4 2022", "14. september 2022"]

        # The meeting is marked held.
        response = client.post(f"/moter/{meeting.id}/avholdt", follow_redirects=True)
        assert response.status_code == 200 and meeting.status == MeetingStatus.HELD

        # NUIT 4/22: minutes approval and carry-over items; 30/22 waits in its queue.
        clock.move_to(at(date(2022, 5, 24)))
        login(client, app)
        response = client.post("/moter/nytt", data={
            "council": council.id, "date": "2022-09-14", "start": "09:00", "kind": "ordinary"})
        assert response.status_code == 302, response.get_data(as_text=True)[:1500]
        september = meeting_by_number(council, 2022, 4)
        titles = [i.title for i in sorted(september.items, key=lambda i: i.position)]
        assert titles == ["Godkjenning av innkalling og dagsorden",
                          "Godkjenning av referat fra NUIT 19. mai 2022", CARRY_OVER_TITLE, "Eventuelt"]
        carry = next(i for i in september.items if i.title == CARRY_OVER_TITLE)
        assert carry.subitems[0].startswith("Oppdatert veikart publiseres i etterkant av møtet.")
        assert len(carry.subitems) == 3
        _ok(client.get(f"/moter/{september.id}"), "Saker som venter på behandling",
            "Samarbeidsmodell for bruk av internasjonale standarder")

        # The minutes go to the members for comments; each member with an address gets one e-mail.
        response = client.post(f"/moter/{meeting.id}/referat/send", data={"deadline": "2022-06-02"},
                               follow_redirects=True)
        assert response.status_code == 200
        assert meeting.minutes.status == MinutesStatus.COMMENTS
        mail.send_pending()
        subjects = [m["Subject"] for m in smtp.messages()]
        assert subjects.count("Referat til kommentar: NUIT møte 3/22 19. mai 2022") == 18
        assert set(smtp.per_recipient().values()) == {1}
        body = smtp.text(smtp.messages()[0])
        assert f"https://motebok.example.no/moter/{meeting.id}/referat" in body
        assert "2. juni 2022" in body

        # A member comments on 21/22.
        member_client = app.test_client()
        login(member_client, app, email=MEMBER_EMAIL, roles=())
        _ok(member_client.get(f"/moter/{meeting.id}/referat"), "Sendt til kommentar")
        response = member_client.post(f"/moter/{meeting.id}/referat/kommentar", data={
            "item_id": roadmap.id, "text": "Punkt 2 bør nevne KS som bidragsyter."},
            follow_redirects=True)
        assert response.status_code == 200
        assert [c.author_name for c in meeting.minutes.comments] == [member.name]

        # 4/22's notice goes out; at the meeting the minutes are approved through its item.
        clock.move_to(at(date(2022, 9, 14)))
        issue_notice(september.id)
        db.session.commit()
        login(client, app)
        approval = next(i for i in september.items if i.title.startswith("Godkjenning av referat"))
        _ok(client.get(f"/moter/{meeting.id}/referat"), "Punkt 2 bør nevne KS som bidragsyter.")
        data = {"method": "meeting", "item": approval.id}
        refused = client.post(f"/moter/{meeting.id}/referat/godkjenn", data=data)
        assert refused.status_code == 409
        assert "1 kommentar(er) som ikke er behandlet" in refused.get_data(as_text=True)
        assert meeting.minutes.status == MinutesStatus.COMMENTS
        response = client.post(f"/moter/{meeting.id}/referat/godkjenn",
                               data=dict(data, confirm_unresolved="1"), follow_redirects=True)
        _ok(response, "Godkjent i møte 4/22, sak 33/22")
        assert meeting.minutes.status == MinutesStatus.APPROVED
        assert meeting.minutes_approved_by_item_id == approval.id

        # Locked: recording refuses, with the explanation.
        refused = client.post(f"/moter/{meeting.id}/protokoll/{first.id}", data={
            "kind": "text", "decision": "Endret etterpå", "outcome": "decided", "discussion": "",
            "version": first.version}, headers={"Accept": "application/json"})
        assert refused.status_code == 400
        assert "Referatet er godkjent og kan ikke endres" in refused.get_json()["message"]
        assert first.decision_body != {"text": "Endret etterpå"}

        mail.send_pending()
        approved = [m for m in smtp.messages()
                    if m["Subject"] == "Referat godkjent: NUIT møte 3/22 19. mai 2022"]
        assert len(approved) == 18
        notices = [m for m in smtp.messages() if m["Subject"].startswith("Innkalling: NUIT møte 4/22")]
        assert len(notices) == 18
        assert set(smtp.per_recipient().values()) == {3}  # comments, notice, approved: once each
    assert db.session.scalar(select(User).where(User.email == MEMBER_EMAIL)).person_id == member.id
    assert db.session.scalar(select(AgendaItem).where(AgendaItem.id == approval.id)).case_seq == 33
