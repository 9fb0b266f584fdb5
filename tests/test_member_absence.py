"""A member reports forfall for a meeting of their council with a vara from the register or by
name, changes or withdraws it until the meeting starts; the secretariat sees it on the attendance
page; the vara gets the notice e-mails; the minutes list the forfall and the vara."""
import html as html_lib
import re
from contextlib import contextmanager
from datetime import date, datetime, time

import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import Attendance, AttendanceRole, AttendanceStatus, OutboxMessage, User
from app.services.core.clock import OSLO
from app.services.planning import notice
from app.services.proceedings import attendance
from app.services.registry import councils
from tests.conftest import IsolatedClient, login
from tests.factories import make_council, make_meeting

BEFORE = datetime(2022, 5, 10, 12, 0, tzinfo=OSLO)
STARTED = datetime(2022, 5, 19, 8, 45, tzinfo=OSLO)  # the meeting starts 08.30
AFTER = datetime(2022, 5, 20, 12, 0, tzinfo=OSLO)
URL = "/utvalg/NUIT/moter/2022/1"
KARI = "kari.medlem@example.no"
NORA = "nora.nufa@example.no"


class Reader(IsolatedClient):
    """A browser of its own (tests/conftest.py)."""


def _text(html: str) -> str:
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _world():
    """NUIT with a leader, a member (Kari) and a varamedlem (Vera) who have e-mail addresses, and
    NUFA with Nora; NUIT's meeting 1/22 on 19 May 2022 at 08.30, planned."""
    council = make_council()
    meeting = make_meeting(council)
    people = {}
    for name, email, role in (("Lise Leder", "lise@example.no", "leder"),
                              ("Kari Medlem", KARI, "medlem"),
                              ("Vera Vara", "vera@example.no", "varamedlem")):
        people[name] = councils.upsert_person(name, email=email)
        councils.ensure_membership(people[name], council, role)
    nufa = make_council("NUFA", "Fagutvalget")
    people["Nora Nufa"] = councils.upsert_person("Nora Nufa", email=NORA)
    councils.ensure_membership(people["Nora Nufa"], nufa, "medlem")
    db.session.commit()
    return meeting, people


def _client(app, email="sekretar@example.no", roles=("secretariat",), person=None) -> Reader:
    client = Reader(app, app.response_class, use_cookies=True)
    login(client, app, email=email, roles=roles)
    if person is not None:
        user = db.session.scalar(select(User).where(User.email == email))
        user.person = person
        db.session.commit()
    return client


def _member(app, people, name="Kari Medlem", email=KARI) -> Reader:
    return _client(app, email, roles=(), person=people[name])


@contextmanager
def _at(moment):
    with time_machine.travel(moment, tick=False):
        yield


def _rows(meeting):
    db.session.expire_all()
    return {(a.display_name, a.role, a.status) for a in db.session.scalars(
        select(Attendance).where(Attendance.meeting_id == meeting.id))}


def _report(client, **data):
    return client.post(f"{URL}/forfall", data={"reason": "", "vara": "0", "vara_name": "", **data})


def test_member_reports_forfall_with_a_vara_from_the_register_and_the_secretariat_sees_it(app):
    meeting, people = _world()
    with _at(BEFORE):
        kari = _member(app, people)
        page = _text(kari.get(f"{URL}/forfall").get_data(as_text=True))
        assert "Du har ikke meldt forfall." in page and "Vera Vara" in page

        response = _report(kari, reason="Annet møte.", vara=str(people["Vera Vara"].id))
        assert response.status_code == 302  # the reason's own full stop is not doubled below
        page = _text(kari.get(f"{URL}/forfall").get_data(as_text=True))
        assert "Du har meldt forfall. Grunn: Annet møte. Vara: Vera Vara." in page

        box = _text(kari.get(URL).get_data(as_text=True))
        assert "Ditt oppmøte Du har meldt forfall. Grunn: Annet møte. Vara: Vera Vara." in box
        assert "Endre eller trekk forfall" in box

        secretariat = _client(app)
        html = secretariat.get(f"/moter/{meeting.id}/oppmote").get_data(as_text=True)
        kari_row = db.session.scalar(select(Attendance).where(
            Attendance.person_id == people["Kari Medlem"].id))
        row = _text(html.split(f'id="deltaker-{kari_row.id}"', 1)[1].split("</tr>", 1)[0])
        assert "meldt på forhånd" in row and "meldt av medlemmet" in row
        others = _text(html.split('id="andre"', 1)[1].split("</section>", 1)[0])
        assert "Vera Vara Varamedlem – møtte for Kari Medlem meldt av medlemmet" in others
        # The public meeting page has no box for the secretariat, who is no member.
        assert "Ditt oppmøte" not in secretariat.get(URL).get_data(as_text=True)


def test_member_names_a_vara_by_name_and_changes_it(app):
    meeting, people = _world()
    with _at(BEFORE):
        kari = _member(app, people)
        assert _report(kari, vara_name="Per Personlig").status_code == 302
        assert ("Per Personlig", AttendanceRole.SUBSTITUTE, AttendanceStatus.PRESENT) in _rows(meeting)
        page = _text(kari.get(f"{URL}/forfall").get_data(as_text=True))
        assert "Du har meldt forfall. Vara: Per Personlig." in page

        assert _report(kari, vara=str(people["Vera Vara"].id)).status_code == 302
        rows = _rows(meeting)
        assert ("Vera Vara", AttendanceRole.SUBSTITUTE, AttendanceStatus.PRESENT) in rows
        assert not any(name == "Per Personlig" for name, _role, _status in rows)


def test_a_reason_ending_in_a_full_stop_is_not_shown_with_two(app):
    _meeting, people = _world()
    with _at(BEFORE):
        kari = _member(app, people)
        assert _report(kari, reason="Styremøte samme dag.", vara_name="Per Personlig").status_code == 302
        page = _text(kari.get(f"{URL}/forfall").get_data(as_text=True))
        assert "Du har meldt forfall. Grunn: Styremøte samme dag. Vara: Per Personlig." in page


def test_member_withdraws_forfall_after_confirming(app):
    meeting, people = _world()
    with _at(BEFORE):
        kari = _member(app, people)
        _report(kari, reason="Syk", vara=str(people["Vera Vara"].id))

        confirm = kari.post(f"{URL}/forfall/trekk")
        assert confirm.status_code == 200
        assert "Trekke forfallet til NUIT Møte 1/22?" in _text(confirm.get_data(as_text=True))
        assert ("Kari Medlem", AttendanceRole.MEMBER, AttendanceStatus.ABSENT) in _rows(meeting)

        assert kari.post(f"{URL}/forfall/trekk", data={"bekreft": "ja"}).status_code == 302
        assert _rows(meeting) == {("Kari Medlem", AttendanceRole.MEMBER, AttendanceStatus.PRESENT)}
        page = _text(kari.get(f"{URL}/forfall").get_data(as_text=True))
        assert "Forfallet er trukket. Du står som til stede." in page
        assert "Du har ikke meldt forfall." in page


def test_withdrawing_leaves_a_vara_the_secretariat_registered(app):
    meeting, people = _world()
    with _at(BEFORE):
        loaded = attendance.load_meeting(meeting.id)
        attendance.report_absence(loaded, people["Kari Medlem"], "Reise")
        attendance.add_attendee(loaded, AttendanceRole.SUBSTITUTE, person=people["Vera Vara"],
                                substitute_for=people["Kari Medlem"])
        db.session.commit()
        kari = _member(app, people)
        response = kari.post(f"{URL}/forfall/trekk", data={"bekreft": "ja"}, follow_redirects=True)
        assert ("Sekretariatet har registrert Vera Vara som vara for deg. Kontakt sekretariatet for "
                "å trekke forfallet.") in _text(response.get_data(as_text=True))
        assert ("Vera Vara", AttendanceRole.SUBSTITUTE, AttendanceStatus.PRESENT) in _rows(meeting)
        assert ("Kari Medlem", AttendanceRole.MEMBER, AttendanceStatus.ABSENT) in _rows(meeting)


def test_forfall_cannot_be_reported_or_changed_after_the_meeting_starts(app):
    meeting, people = _world()
    with _at(BEFORE):
        _report(_member(app, people), reason="Syk")
    with _at(STARTED):
        kari = _member(app, people)
        page = _text(kari.get(f"{URL}/forfall").get_data(as_text=True))
        assert "Møtet har startet. Forfall kan ikke lenger meldes, endres eller trekkes her" in page
        before = _rows(meeting)
        response = _report(kari, reason="Noe annet", vara_name="Per Personlig")
        assert "Møtet har startet." in _text(response.get_data(as_text=True))
        kari.post(f"{URL}/forfall/trekk", data={"bekreft": "ja"})
        assert _rows(meeting) == before
        db.session.expire_all()
        assert db.session.scalar(select(Attendance.absence_reason).where(
            Attendance.person_id == people["Kari Medlem"].id)) == "Syk"


def test_non_members_get_403_and_visitors_the_login_page(app):
    meeting, people = _world()
    with _at(BEFORE):
        nora = _member(app, people, "Nora Nufa", NORA)
        assert nora.get(f"{URL}/forfall").status_code == 403
        assert _report(nora, reason="x").status_code == 403
        assert nora.post(f"{URL}/forfall/trekk", data={"bekreft": "ja"}).status_code == 403
        assert "Ditt oppmøte" not in nora.get(URL).get_data(as_text=True)
        visitor = Reader(app, app.response_class, use_cookies=True)
        for response in (visitor.get(f"{URL}/forfall"), _report(visitor, reason="x")):
            assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
        assert _rows(meeting) == set()


def test_bad_input_changes_nothing_and_says_why(app):
    meeting, people = _world()
    with _at(BEFORE):
        kari = _member(app, people)
        response = _report(kari, reason="x" * 501)
        assert response.status_code == 400
        assert "Høyst 500 tegn." in _text(response.get_data(as_text=True))
        response = _report(kari, reason="Syk", vara="987654")
        assert response.status_code == 400
        assert "Velg et varamedlem i NUIT fra listen." in _text(response.get_data(as_text=True))
        response = _report(kari, vara=str(people["Vera Vara"].id), vara_name="Per Personlig")
        assert "Velg et varamedlem fra listen eller skriv et navn, ikke begge." in _text(
            response.get_data(as_text=True))
        assert _rows(meeting) == set()


def _mail_to(address: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.to_address == address)
                              .order_by(OutboxMessage.id)).all()


def test_the_vara_gets_the_notice_and_the_updated_notice(app):
    meeting, people = _world()
    with _at(BEFORE):
        _report(_member(app, people), reason="Syk", vara=str(people["Vera Vara"].id))
        notice.issue_notice(meeting.id)
        db.session.commit()
        assert [m.subject for m in _mail_to("vera@example.no")] == [
            "Innkalling: NUIT møte 1/22 19. mai 2022"]
        assert [m.subject for m in _mail_to(KARI)] == ["Innkalling: NUIT møte 1/22 19. mai 2022"]

        secretariat = _client(app)
        assert secretariat.post(f"/moter/{meeting.id}/varsle-oppdatering").status_code == 302
        sent = _mail_to("vera@example.no")
        assert sent[-1].subject == "Oppdaterte sakspapirer: NUIT møte 1/22 19. mai 2022"
        assert sent[-1].body.startswith("Til Vera Vara")
        assert all("Sak nummer" not in m.body for m in sent)  # never case titles
        assert len(_mail_to(KARI)) == 2  # the member with forfall keeps receiving them


def test_the_minutes_page_lists_the_forfall_and_the_vara(app):
    meeting, people = _world()
    with _at(BEFORE):
        _report(_member(app, people), reason="Annet møte", vara=str(people["Vera Vara"].id))
        notice.issue_notice(meeting.id)
        db.session.commit()
    with _at(AFTER):
        page = _text(_client(app).get(f"/moter/{meeting.id}/referat").get_data(as_text=True))
        assert "Forfall Kari Medlem (Annet møte)" in page
        assert "Varamedlemmer Vera Vara (møtte for Kari Medlem)" in page
        assert "Til stede Lise Leder" in page


def test_a_varamedlem_without_a_seat_is_told_to_ask_the_secretariat(app):
    meeting, people = _world()
    with _at(BEFORE):
        vera = _member(app, people, "Vera Vara", "vera.login@example.no")
        page = _text(vera.get(f"{URL}/forfall").get_data(as_text=True))
        assert "Du har ingen fast plass i NUIT på møtedagen" in page
        response = _report(vera, reason="Syk")
        assert "Du har ingen fast plass i NUIT på møtedagen" in _text(response.get_data(as_text=True))
        assert _rows(meeting) == set()
        assert date(2022, 5, 19) == meeting.date and meeting.start_time == time(8, 30)
