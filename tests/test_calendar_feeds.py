"""Calendar feeds (issue 11): a public feed per council and a personal feed behind a secret link.
The feeds are parsed back with icalendar, as a calendar client reads them."""
import re
from datetime import date, datetime, time, timedelta

import pytest
import time_machine
from icalendar import Calendar
from sqlalchemy import event, select

from app.extensions import db
from app.models import AuditEvent, Meeting, MeetingKind, User
from app.services.core import clock
from app.services.core.audit import acting_as
from app.services.planning import meetings, notice
from app.services.registry import calendar_tokens, councils
from app.services.registry.users import create_user
from tests.conftest import count_queries
from tests.factories import add_item, make_council, make_meeting

TODAY = datetime(2022, 5, 2, 12, 0, tzinfo=clock.OSLO)
SECRET_WORD = "HEMMELIG-KALENDER"
PLACE = "Møterom Nansen, Vitaminveien 4"
VIDEO = "https://video.example.no/nuit-3-22"


@pytest.fixture
def frozen():
    with time_machine.travel(TODAY, tick=False):
        yield


def _member(council, email: str) -> User:
    person = councils.upsert_person(f"Person {email}")
    councils.add_membership(council, person, "medlem", valid_from=date(2020, 1, 1))
    user = create_user(email, "riktig-passord-123", [])
    user.person = person
    db.session.commit()
    return user


def _events(data: bytes) -> dict[str, object]:
    calendar = Calendar.from_ical(data)
    return {str(event["UID"]): event for event in calendar.walk("VEVENT")}


def _one(data: bytes):
    events = _events(data)
    assert len(events) == 1, list(events)
    return next(iter(events.values()))


def _feed(client, code="NUIT"):
    response = client.get(f"/utvalg/{code}/kalender.ics")
    assert response.status_code == 200
    assert response.headers["Content-Type"] == "text/calendar; charset=utf-8"
    return response.data


def _meeting(council, **kwargs) -> Meeting:
    meeting = make_meeting(council, day=date(2022, 5, 19), start=time(8, 30), **kwargs)
    meeting.location, meeting.video_url = PLACE, VIDEO
    db.session.commit()
    return meeting


def test_one_meeting_through_a_move_and_a_cancellation_stays_one_event(app, client, frozen):
    nuit = make_council()
    meeting = _meeting(nuit)
    notice.issue_notice(meeting.id)
    db.session.commit()

    first = _one(_feed(client))
    uid = str(first["UID"])
    assert uid == f"meeting-{meeting.id}@127.0.0.1"
    assert str(first["SUMMARY"]) == "NUIT møte 1/22"
    assert str(first["STATUS"]) == "CONFIRMED"
    start = first.decoded("DTSTART")
    assert start == datetime(2022, 5, 19, 8, 30, tzinfo=clock.OSLO)
    assert start.utcoffset() == timedelta(hours=2)  # summer time in Oslo
    # Ends when the agenda does: three cases of 15 minutes.
    assert first.decoded("DTEND") - start == timedelta(minutes=45)
    assert str(first["LOCATION"]) == PLACE
    assert VIDEO in str(first["DESCRIPTION"])
    assert "/utvalg/NUIT/moter/2022/1" in str(first["URL"])
    sequence = int(first["SEQUENCE"])

    # Moved to the next day at nine: the same event, a higher SEQUENCE, the new time.
    with acting_as(label="test"):
        meetings.update_meeting(meeting, date=date(2022, 5, 20), start_time=time(9, 0))
    db.session.commit()
    moved = _one(_feed(client))
    assert str(moved["UID"]) == uid
    assert int(moved["SEQUENCE"]) > sequence
    assert moved.decoded("DTSTART") == datetime(2022, 5, 20, 9, 0, tzinfo=clock.OSLO)
    assert str(moved["STATUS"]) == "CONFIRMED"

    # Cancelled: still there, marked cancelled, same UID, SEQUENCE raised again.
    with acting_as(label="test"):
        meetings.cancel_meeting(meeting, "Saken er ikke klar.")
    db.session.commit()
    cancelled = _one(_feed(client))
    assert str(cancelled["UID"]) == uid
    assert str(cancelled["STATUS"]) == "CANCELLED"
    assert int(cancelled["SEQUENCE"]) > int(moved["SEQUENCE"])
    assert cancelled.decoded("DTSTART") == datetime(2022, 5, 20, 9, 0, tzinfo=clock.OSLO)
    assert "avlyst" in str(cancelled["DESCRIPTION"])
    # The UID does not depend on when the feed is read.
    assert str(_one(_feed(client))["UID"]) == uid


def test_a_held_meeting_ends_in_the_feed_when_it_really_ended(app, client, frozen):
    """The end recorded when the meeting is marked held replaces the agenda's planned end, with a
    higher SEQUENCE so calendar clients update the event."""
    from app.services.proceedings import recording

    meeting = _meeting(make_council())
    notice.issue_notice(meeting.id)
    db.session.commit()
    planned = _one(_feed(client))
    assert planned.decoded("DTEND") == datetime(2022, 5, 19, 9, 15, tzinfo=clock.OSLO)
    with time_machine.travel(datetime(2022, 5, 19, 12, 0, tzinfo=clock.OSLO), tick=False), \
            acting_as(label="test"):
        recording.mark_held(meeting, end_time=time(10, 5))
        db.session.commit()
        held = _one(_feed(client))
    assert held.decoded("DTEND") == datetime(2022, 5, 19, 10, 5, tzinfo=clock.OSLO)
    assert int(held["SEQUENCE"]) > int(planned["SEQUENCE"])


def test_public_feed_shows_no_place_of_a_planned_meeting_before_the_notice(app, client, frozen):
    nuit = make_council()
    meeting = _meeting(nuit, kind=MeetingKind.EXTRAORDINARY)
    planned = _one(_feed(client))
    assert str(planned["STATUS"]) == "TENTATIVE"
    assert str(planned["SUMMARY"]) == "NUIT møte 1/22 (ekstramøte)"
    assert "LOCATION" not in planned
    assert PLACE not in _feed(client).decode() and VIDEO not in _feed(client).decode()
    # A member of the council sees the place in the personal feed (they may see the draft).
    member = _member(nuit, "medlem@example.no")
    secret = calendar_tokens.renew(member)
    db.session.commit()
    mine = _one(client.get(f"/kalender/{secret}.ics").data)
    assert str(mine["LOCATION"]) == PLACE and VIDEO in str(mine["DESCRIPTION"])
    # Once the notice is issued, everyone sees where.
    notice.issue_notice(meeting.id)
    db.session.commit()
    assert str(_one(_feed(client))["LOCATION"]) == PLACE


def test_no_case_title_reaches_a_feed_exempt_or_not(app, client, frozen):
    nuit = make_council()
    meeting = _meeting(nuit, cases=0)
    item = add_item(meeting, f"{SECRET_WORD}: forhandlinger", item_type="Drøfting", duration=30)
    item.case.exempt, item.case.legal_basis = True, "offl. § 14"
    add_item(meeting, "Offentlig sak om veikartet", item_type="Orientering")
    db.session.commit()
    member = _member(nuit, "medlem@example.no")
    create_user("sekretar@example.no", "riktig-passord-123", ["secretariat"])
    secretariat = db.session.scalar(select(User).where(User.email == "sekretar@example.no"))
    secrets = [calendar_tokens.renew(member), calendar_tokens.renew(secretariat)]
    db.session.commit()
    feeds = [_feed(client)] + [client.get(f"/kalender/{s}.ics").data for s in secrets]
    for data in feeds:
        text = data.decode()
        assert "BEGIN:VEVENT" in text
        assert SECRET_WORD not in text and "veikartet" not in text
    notice.issue_notice(meeting.id, accept_warnings=True)  # no proposals
    db.session.commit()
    assert SECRET_WORD not in _feed(client).decode()


def test_personal_feed_holds_the_meetings_of_the_users_councils(app, client, frozen):
    nuit, nufa = make_council(), make_council("NUFA", "Fagutvalget")
    nuit_meeting, nufa_meeting = _meeting(nuit), _meeting(nufa)
    member = _member(nuit, "medlem@example.no")
    nobody = create_user("uten.rolle@example.no", "riktig-passord-123", [])
    archivist = create_user("arkivar@example.no", "riktig-passord-123", ["archivist"])
    secrets = {u.email: calendar_tokens.renew(u) for u in (member, nobody, archivist)}
    db.session.commit()

    def uids(email):
        response = client.get(f"/kalender/{secrets[email]}.ics")
        assert response.status_code == 200
        return set(_events(response.data))

    host = "127.0.0.1"
    assert uids("medlem@example.no") == {f"meeting-{nuit_meeting.id}@{host}"}
    assert uids("uten.rolle@example.no") == set()
    assert uids("arkivar@example.no") == {f"meeting-{nuit_meeting.id}@{host}",
                                          f"meeting-{nufa_meeting.id}@{host}"}
    # An archivist may not see draft agendas: no place of a planned meeting.
    archive = client.get(f"/kalender/{secrets['arkivar@example.no']}.ics").data.decode()
    assert PLACE not in archive
    # The public feeds of the two councils are separate.
    assert set(_events(_feed(client, "NUFA"))) == {f"meeting-{nufa_meeting.id}@{host}"}


def test_the_feed_holds_the_last_twelve_months_and_the_future(app, client, frozen):
    nuit = make_council()
    old = meetings.create_meeting(nuit, date(2021, 4, 1), time(9, 0))
    recent = meetings.create_meeting(nuit, date(2021, 6, 1), time(9, 0))
    future = meetings.create_meeting(nuit, date(2022, 11, 1), time(9, 0))
    db.session.commit()
    found = _events(_feed(client))
    assert {f"meeting-{m.id}@127.0.0.1" for m in (recent, future)} == set(found)
    assert f"meeting-{old.id}@127.0.0.1" not in found
    # No agenda: three hours.
    event = found[f"meeting-{future.id}@127.0.0.1"]
    assert event.decoded("DTEND") - event.decoded("DTSTART") == timedelta(hours=3)


def test_settings_page_makes_shows_once_renews_and_turns_off_the_link(app, client, frozen):
    nuit = make_council()
    _meeting(nuit)
    _member(nuit, "medlem@example.no")
    assert client.get("/konto/kalender").status_code == 302  # log in first
    client.post("/logg-inn", data={"email": "medlem@example.no", "password": "riktig-passord-123"})
    page = client.get("/konto/kalender").get_data(as_text=True)
    assert "Du har ingen kalenderlenke." in page and "Outlook" in page and "Google" in page
    assert "Lag ny kalenderlenke" in page and "Slå av kalenderlenken" not in page

    made = client.post("/konto/kalender", data={"handling": "ny"})
    assert made.status_code == 200
    text = made.get_data(as_text=True)
    assert "Kopier lenken nå. Av sikkerhetshensyn vises den bare én gang." in text
    first = re.search(r'value="(http://127\.0\.0\.1:5000/kalender/([A-Za-z0-9_-]+)\.ics)"', text)
    assert first is not None
    first_url, first_secret = first.groups()
    assert "Set-Cookie" not in made.headers or first_secret not in made.headers["Set-Cookie"]
    assert client.get(f"/kalender/{first_secret}.ics").status_code == 200
    # Shown once: the page says a link exists, and when it was made, but not the link.
    again = client.get("/konto/kalender").get_data(as_text=True)
    assert first_secret not in again
    assert "Du har en kalenderlenke, laget 2. mai 2022" in again
    # Nothing of the secret in the audit trail.
    trail = db.session.scalars(select(AuditEvent)).all()
    assert all(first_secret not in f"{e.old_value} {e.new_value}" for e in trail)
    assert {e.new_value for e in trail if e.field == "calendar_token_hash"} == {"***"}

    renewed = client.post("/konto/kalender", data={"handling": "ny"}).get_data(as_text=True)
    second_secret = re.search(r"/kalender/([A-Za-z0-9_-]+)\.ics", renewed).group(1)
    assert second_secret != first_secret
    assert client.get(f"/kalender/{first_secret}.ics").status_code == 404
    assert client.get(f"/kalender/{second_secret}.ics").status_code == 200

    # Turning it off needs the confirmation; then the link is dead.
    refused = client.post("/konto/kalender", data={"handling": "av"}, follow_redirects=True)
    assert "Kryss av for å bekrefte" in refused.get_data(as_text=True)
    assert client.get(f"/kalender/{second_secret}.ics").status_code == 200
    done = client.post("/konto/kalender", data={"handling": "av", "bekreft": "ja"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Kalenderlenken er slått av." in done and "Du har ingen kalenderlenke." in done
    assert client.get(f"/kalender/{second_secret}.ics").status_code == 404
    assert client.get("/kalender/ukjent.ics").status_code == 404


def test_a_deactivated_accounts_link_stops_working(app, client, frozen):
    nuit = make_council()
    member = _member(nuit, "medlem@example.no")
    secret = calendar_tokens.renew(member)
    db.session.commit()
    assert client.get(f"/kalender/{secret}.ics").status_code == 200
    member.active = False
    db.session.commit()
    assert client.get(f"/kalender/{secret}.ics").status_code == 404


def test_opening_a_feed_writes_nothing_and_sets_no_cookie(app, client, frozen):
    nuit = make_council()
    _meeting(nuit)
    member = _member(nuit, "medlem@example.no")
    secret = calendar_tokens.renew(member)
    db.session.commit()
    written = []

    def before(_conn, _cursor, statement, *_args):
        if statement.lstrip().upper().startswith(("INSERT", "UPDATE", "DELETE")):
            written.append(statement)

    event.listen(db.engine, "before_cursor_execute", before)
    try:
        for url in (f"/kalender/{secret}.ics", "/utvalg/NUIT/kalender.ics", "/kalender/feil.ics"):
            response = client.get(url)
            assert "Set-Cookie" not in response.headers, url
    finally:
        event.remove(db.engine, "before_cursor_execute", before)
    assert written == []
    feed = client.get(f"/kalender/{secret}.ics")
    assert "private" in feed.headers["Cache-Control"]
    assert feed.headers["X-Content-Type-Options"] == "nosniff"


def test_a_feed_runs_the_same_number_of_queries_however_many_meetings(app, client, frozen):
    nuit = make_council()
    member = _member(nuit, "medlem@example.no")
    secret = calendar_tokens.renew(member)
    db.session.commit()

    def queries():
        counts = []
        for url in ("/utvalg/NUIT/kalender.ics", f"/kalender/{secret}.ics"):
            client.get(url)  # warm up
            with count_queries(db.engine) as n:
                client.get(url)
            counts.append(n())
        return counts

    make_meeting(nuit, day=date(2022, 5, 19), cases=2)
    small = queries()
    for month in range(6, 12):
        make_meeting(nuit, day=date(2022, month, 10), cases=4)
    large = queries()
    assert len(_events(client.get("/utvalg/NUIT/kalender.ics").data)) == 7
    assert small == large
