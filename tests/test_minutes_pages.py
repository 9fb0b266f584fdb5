"""The minutes pages: NUIT 3/22's minutes sent to the members for comments, a member's comment
listed under its item for the secretariat, who may read draft and commented minutes, approval
through NUIT 4/22's "Godkjenning av referat" (unresolved comments must be confirmed), approved
minutes locked, corrections as new versions (old versions still readable), publication, and an
exempt item that the public sees only by its public title."""
import html as html_lib
import re
from datetime import date, time

import pytest
import time_machine

from app.extensions import db
from app.models import (
    Council,
    ItemOutcome,
    ItemStatus,
    MembershipRole,
    MinutesStatus,
    OutboxMessage,
    User,
)
from app.services.planning import meetings, notice
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import attendance, followup, minutes, recording
from app.services.proceedings.meeting_setup import create_meeting_with_agenda
from tests.conftest import IsolatedClient, count_queries, login

# The text a user reads when approved minutes refuse a change (literal, not the code's constant).
LOCKED_MESSAGE = ("Referatet er godkjent og kan ikke endres. Bruk «Rett referatet» på referatsiden og "
                  "skriv hvorfor; den godkjente versjonen blir stående og kan fortsatt leses.")

AFTER_MEETING = date(2022, 5, 20)
MEMBER_EMAIL = "medlem.nuit@example.no"
OUTSIDER_EMAIL = "utenforstaende@example.no"
SECRET_TITLE = "Sikkerhetshendelse i testmiljøet for reseptformidleren"
SECRET_TEXT = "Hendelsen ble oppdaget ved en rutinemessig kontroll av tilgangslogger."
PUBLIC_TITLE = "Informasjonssikkerhet – orientering om en hendelse"
LEGAL_BASIS = "offl. § 15 første ledd"


class Reader(IsolatedClient):
    """A browser of its own: its requests run in app contexts of their own (tests/conftest.py),
    so it is known by its own session cookie only."""


def _reader(app) -> Reader:
    return Reader(app, app.response_class, use_cookies=True)


def _council(code="NUIT") -> Council:
    return db.session.query(Council).filter_by(code=code).one()


def _text(html: str) -> str:
    """What the reader sees: the page without tags, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _page(client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, response.status_code
    return _text(response.get_data(as_text=True))


def _section(client, url: str, item_id: int) -> str:
    """The text of one item's section of the minutes page."""
    html = client.get(url).get_data(as_text=True)
    part = html.split(f'aria-labelledby="sak-{item_id}"', 1)[1].split("</section>", 1)[0]
    return _text("<x " + part)


def _form_fields(html: str) -> dict[str, str]:
    """The textareas and checked radio buttons of a page's forms, as a browser would send them."""
    fields = {name: html_lib.unescape(value) for name, value in
              re.findall(r'<textarea[^>]*name="([^"]+)"[^>]*>\n?(.*?)</textarea>', html, re.S)}
    for attrs in re.findall(r"<input([^>]*\bchecked\b[^>]*)>", html):
        name, value = re.search(r'name="([^"]+)"', attrs), re.search(r'value="([^"]*)"', attrs)
        fields[name.group(1)] = value.group(1)
    return fields


def _item(meeting, seq: int):
    return next(i for i in meeting.items if i.case_seq == seq)


@pytest.fixture
def held(demo):
    """NUIT 3/22 held and recorded (the demo may already have done it and sent the minutes for
    comments); NUIT's members get invented e-mail addresses. Returns (council, meeting)."""
    council = _council()
    meeting = meeting_by_number(council, 2022, 3)
    with time_machine.travel(date(2022, 5, 19), tick=False):
        if meeting.minutes is None:
            attendance.prefill(meeting)
            for item in meeting.items:
                if item.is_case and item.status != ItemStatus.POSTPONED:
                    recording.record_item(item, item.version, outcome=ItemOutcome.DECIDED,
                                          decision_body=recording.initial_decision(item),
                                          discussion=f"Medlemmene drøftet {item.title.lower()}.")
            recording.mark_held(meeting)
        for n, membership in enumerate(council.memberships):
            membership.person.email = f"nuit.medlem{n}@example.no"
        # One member had forfall and a substitute came instead.
        absent = _absent_person(council)
        row = next(a for a in meeting.attendance if a.person_id == absent.id)
        attendance.set_attendance(row, status="absent", absence_reason="Annet møte")
        attendance.add_attendee(meeting, "substitute", name="Vera Varamedlem", substitute_for=absent)
        db.session.commit()
    return council, meeting


def _absent_person(council):
    return [m.person for m in council.memberships
            if m.role == MembershipRole.MEMBER and m.active_on(AFTER_MEETING)][-1]


def _member_person(council):
    return next(m.person for m in council.memberships
                if m.role in (MembershipRole.MEMBER, MembershipRole.LEADER) and m.active_on(AFTER_MEETING))


def _client_as(app, email, roles=(), person=None):
    client = _reader(app)
    login(client, app, email=email, roles=roles)
    if person is not None:
        user = db.session.query(User).filter_by(email=email).one()
        user.person = person
        db.session.commit()
    return client


def _secretariat(app):
    return _client_as(app, "sekretar@example.no", roles=("secretariat",))


def _member(app, council):
    return _client_as(app, MEMBER_EMAIL, person=_member_person(council))


def _send(meeting, deadline=date(2022, 6, 1)):
    with time_machine.travel(AFTER_MEETING, tick=False):
        minutes.send_for_comments(minutes.minutes_for(meeting), deadline)
        db.session.commit()


def _meeting_4_22(council):
    """NUIT 4/22 (14 September 2022) with its "Godkjenning av referat" item, notice issued so
    its items have numbers."""
    meeting = meeting_by_number(council, 2022, 4)
    if meeting is None:
        meeting = create_meeting_with_agenda(council, date(2022, 9, 14), time(9, 0))
    if meeting.status == "planned":
        notice.issue_notice(meeting.id)
    db.session.commit()
    return meeting


def _approval_item(meeting_4):
    return next(i for i in meeting_4.items if i.title.startswith("Godkjenning av referat fra NUIT"))


def test_secretariat_sends_the_minutes_for_comments(held, demo):
    council, meeting = held
    url = f"/moter/{meeting.id}/referat"
    nehr = _council("NEHR")
    with time_machine.travel(AFTER_MEETING, tick=False):
        sent_on, noted = _item(meeting, 24), _item(meeting, 18)
        recording.record_item(sent_on, None, outcome=ItemOutcome.SENT_ON,
                              decision_body=sent_on.decision_body, sent_on_to=nehr)
        recording.record_item(noted, None, outcome=ItemOutcome.INFORMATION,
                              decision_body=noted.decision_body)
        followup.create_action(_item(meeting, 19), "Innspillene oppsummeres for partene.",
                               organisation=council.secretariat, due_date=date(2022, 6, 30),
                               due_label="Før sommeren")
        db.session.commit()
        secretariat = _secretariat(demo)
        page = secretariat.get(url).get_data(as_text=True)
        assert 'value="2022-05-27"' in page  # the deadline starts a week from today
        text = _text(page)
        assert "Referat fra NUIT møte 3/22" in text and "19. mai 2022 kl. 08:30" in text
        assert "Sak 19/22 Utveksling av helseopplysninger mellom NAV og helsesektoren Drøfting" in text
        assert "Saken er utsatt til møtet 14. september" in _section(secretariat, url, _item(meeting, 30).id)
        assert "Sendt videre til NEHR" in _section(secretariat, url, sent_on.id)
        assert "Tatt til orientering" in _section(secretariat, url, noted.id)
        absent = _absent_person(council)
        assert f"Forfall {absent.name} (Annet møte)" in text
        assert f"Varamedlemmer Vera Varamedlem (møtte for {absent.name})" in text
        assert "Til stede" in text and f"Møteleder {meeting.chair.name}" in text
        decision = _section(secretariat, url, _item(meeting, 19).id)
        assert "Drøftinger" in decision and "Vedtak: NUIT tar saken til orientering og" in decision
        assert (f"Oppfølgingspunkter Innspillene oppsummeres for partene. – ansvarlig: "
                f"{council.secretariat.label} – frist: Før sommeren") in decision

        refused = secretariat.post(f"{url}/send", data={"deadline": "2022-05-01"}, follow_redirects=True)
        assert "Fristen 1. mai 2022 har allerede gått ut" in _text(refused.get_data(as_text=True))
        db.session.expire_all()
        assert meeting.minutes is None or meeting.minutes.comment_deadline != date(2022, 5, 1)

        sent = secretariat.post(f"{url}/send", data={"deadline": "2022-06-01"}, follow_redirects=True)
        text = _text(sent.get_data(as_text=True))
    assert "Referatet er åpent for kommentarer med frist 1. juni 2022." in text
    assert "Referatet er sendt til alle 18 medlemmer." in text
    assert "Sendt til kommentar, frist 1. juni 2022" in text
    db.session.expire_all()
    assert meeting.minutes.status == MinutesStatus.COMMENTS
    mail = db.session.query(OutboxMessage).filter_by(kind="minutes_comments",
                                                     to_address="nuit.medlem0@example.no").one()
    assert f"/moter/{meeting.id}/referat" in mail.body and "1. juni 2022" in mail.body


def test_a_member_comments_and_the_secretariat_sees_it_under_the_item(held, demo):
    council, meeting = held
    _send(meeting)
    url = f"/moter/{meeting.id}/referat"
    item = _item(meeting, 19)
    with time_machine.travel(date(2022, 5, 24), tick=False):
        member = _member(demo, council)
        text = _page(member, url)
        assert "Sendt til kommentar, frist 1. juni 2022" in text
        assert "Kommentar til sak 19/22" in text and "Kommentar til hele referatet" in text
        assert "Send til medlemmene for kommentarer" not in text  # the secretariat's forms
        empty = member.post(f"{url}/kommentar", data={"item_id": item.id, "text": "  "},
                            follow_redirects=True)
        assert "Skriv en kommentar." in _text(empty.get_data(as_text=True))
        done = member.post(f"{url}/kommentar", data={"item_id": item.id,
                                                     "text": "NAV var også representert i møtet."},
                           follow_redirects=True)
        assert "Kommentaren er lagret." in _text(done.get_data(as_text=True))
        assert "NAV var også representert i møtet." in _section(member, url, item.id)
    person = _member_person(council)
    secretariat = _secretariat(demo)
    section = _section(secretariat, url, item.id)
    assert "NAV var også representert i møtet." in section
    assert person.name in section and "24. mai 2022" in section and "Behandlet" in section
    other = _section(secretariat, url, _item(meeting, 20).id)
    assert "NAV var også representert" not in other
    # The secretariat marks it as handled, with a note.
    comment = meeting.minutes.comments[-1]
    secretariat.post(f"{url}/kommentar/{comment.id}/behandlet", data={"resolution": "Rettet i referatet."})
    db.session.expire_all()
    assert comment.resolved_at is not None and comment.resolution == "Rettet i referatet."
    assert "Sekretariatets merknad: Rettet i referatet." in _section(secretariat, url, item.id)


def test_who_may_read_draft_and_commented_minutes(held, demo):
    client = _reader(demo)
    council, meeting = held
    # A draft: NUIT 4/22 once its notice is issued (the minutes are started when needed).
    meeting_4 = _meeting_4_22(council)
    minutes.minutes_for(meeting_4)
    db.session.commit()
    draft_url = f"/moter/{meeting_4.id}/referat"
    url = f"/moter/{meeting.id}/referat"
    _send(meeting)
    with time_machine.travel(AFTER_MEETING, tick=False):
        # The public logs in first; nothing is shown.
        for target in (draft_url, url):
            response = client.get(target)
            assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
        assert "Referat" not in _page(client, "/utvalg/NUIT/moter/2022/3").split("Dagsorden")[0]
        # Someone logged in who is not a member.
        outsider = _client_as(demo, OUTSIDER_EMAIL)
        assert outsider.get(draft_url).status_code == 404
        assert outsider.get(url).status_code == 403
        assert outsider.post(f"{url}/kommentar", data={"text": "Hei"}).status_code == 403
        # A member reads the minutes sent for comments, not the draft.
        member = _member(demo, council)
        assert member.get(draft_url).status_code == 404
        assert "Sendt til kommentar" in _page(member, url)
        assert "Referat (sendt til kommentar)" in _page(member, "/utvalg/NUIT/moter/2022/3")
        # The secretariat reads the draft.
        secretariat = _secretariat(demo)
        assert "Utkast" in _page(secretariat, draft_url)
    assert db.session.query(User).filter_by(email=OUTSIDER_EMAIL).one().person is None


def test_approval_through_4_22_asks_about_unresolved_comments_and_locks_the_minutes(held, demo):
    council, meeting = held
    _send(meeting)
    meeting_4 = _meeting_4_22(council)
    approving = _approval_item(meeting_4)
    number = f"{approving.case_seq}/22"
    url = f"/moter/{meeting.id}/referat"
    with time_machine.travel(date(2022, 5, 25), tick=False):
        member = _member(demo, council)
        member.post(f"{url}/kommentar", data={"text": "Navnet på observatøren er feilstavet."})
    with time_machine.travel(date(2022, 9, 14), tick=False):
        secretariat = _secretariat(demo)
        text = _page(secretariat, url)
        assert f"NUIT møte 4/22 (14. september 2022), sak {number} Godkjenning av referat fra NUIT" in text
        other_item = next(i for i in meeting_4.items if i.title == "Eventuelt")
        wrong = secretariat.post(f"{url}/godkjenn", data={"method": "meeting", "item": other_item.id},
                                 follow_redirects=True)
        assert "Velg en sak «Godkjenning av referat» i et senere møte" in _text(wrong.get_data(as_text=True))
        asked = secretariat.post(f"{url}/godkjenn", data={"method": "meeting", "item": approving.id})
        assert asked.status_code == 409
        question = _text(asked.get_data(as_text=True))
        assert "1 kommentar(er) som ikke er behandlet" in question
        assert "Navnet på observatøren er feilstavet." in question and "Godkjenn likevel" in question
        db.session.expire_all()
        assert meeting.minutes.status == MinutesStatus.COMMENTS
        assert meeting.minutes_approved_by_item_id is None

        done = secretariat.post(f"{url}/godkjenn", data={"method": "meeting", "item": approving.id,
                                                         "confirm_unresolved": "1"},
                                follow_redirects=True)
        page = done.get_data(as_text=True)
        text = _text(page)
        assert f"Godkjent i møte 4/22, sak {number}" in text
        assert f'/moter/{meeting_4.id}#punkt-{approving.id}' in page  # linked to the approving item
        db.session.expire_all()
        assert meeting.minutes.status == MinutesStatus.APPROVED
        assert meeting.minutes_approved_by_item_id == approving.id
        # Read-only: no forms to edit or comment, and a stale form is refused with the reason.
        assert "Endre vedtak og drøftinger" not in text and "Godkjenn referatet" not in text
        assert LOCKED_MESSAGE in text
        item = _item(meeting, 19)
        before = item.decision_body
        refused = secretariat.post(f"{url}/punkt/{item.id}", data={
            f"punkt-{item.id}-version": item.version, f"punkt-{item.id}-kind": "text",
            f"punkt-{item.id}-decision": "Et nytt vedtak.", f"punkt-{item.id}-discussion": ""},
            follow_redirects=True)
        assert LOCKED_MESSAGE in _text(refused.get_data(as_text=True))
        db.session.expire_all()
        assert item.decision_body == before
        # Members still read approved minutes (linked to 4/22's public page); the public only
        # once they are published.
        member = _member(demo, council)
        page = member.get(url).get_data(as_text=True)
        assert f"Godkjent i møte 4/22, sak {number}" in _text(page)
        assert f"/utvalg/NUIT/moter/2022/4#sak-{approving.id}" in page
        assert "Kommentar til sak" not in _text(page)
        assert _reader(demo).get(url).status_code == 302


def _approve_by_circulation(meeting, day=date(2022, 6, 10)):
    with time_machine.travel(day, tick=False):
        minutes.approve(minutes.minutes_for(meeting), circulated_on=day, note="Godkjent per e-post.")
        db.session.commit()


def test_a_correction_needs_a_reason_and_becomes_a_new_version(held, demo):
    council, meeting = held
    url = f"/moter/{meeting.id}/referat"
    with time_machine.travel(date(2022, 6, 15), tick=False) as traveller:
        secretariat = _secretariat(demo)
        refused = secretariat.post(f"{url}/godkjenn", data={"method": "circulation",
                                                            "circulated_on": "2022-06-20"},
                                   follow_redirects=True)
        assert "Datoen for godkjenningen kan ikke være fram i tid." in _text(refused.get_data(as_text=True))
        approved = secretariat.post(f"{url}/godkjenn", data={
            "method": "circulation", "circulated_on": "2022-06-10", "note": "Godkjent per e-post."},
            follow_redirects=True)
        assert "Godkjent ved sirkulasjon 10. juni 2022" in _text(approved.get_data(as_text=True))
        db.session.expire_all()
        versions_before = len(meeting.minutes.versions)
        item = _item(meeting, 19)
        old_text = item.decision_body["text"]
        form = {f"kind-{item.id}": "text", f"decision-{item.id}": "NUIT tar saken til orientering.",
                f"discussion-{item.id}": item.discussion or ""}

        empty = secretariat.post(f"{url}/rett", data={"reason": "  ", **form})
        assert empty.status_code == 400
        assert "Skriv hvorfor referatet rettes." in _text(empty.get_data(as_text=True))
        same = {f"kind-{item.id}": "text", f"decision-{item.id}": old_text,
                f"discussion-{item.id}": item.discussion or ""}
        unchanged = secretariat.post(f"{url}/rett", data={"reason": "Ingen endring", **same})
        assert "Ingenting er endret; rettelsen ble ikke lagret." in _text(unchanged.get_data(as_text=True))
        db.session.expire_all()
        assert len(meeting.minutes.versions) == versions_before
        assert item.decision_body["text"] == old_text

        traveller.move_to(date(2022, 6, 20))
        # The form as the page fills it, with one decision changed: only that item changes.
        fields = _form_fields(secretariat.get(f"{url}/rett").get_data(as_text=True))
        assert fields[f"decision-{item.id}"] == old_text
        other = _item(meeting, 20)
        other_before = (other.decision_body, other.discussion)
        fields.update(form, reason="Vedtaket var feil gjengitt.")
        saved = secretariat.post(f"{url}/rett", data=fields, follow_redirects=True)
        new_number = versions_before + 1
        assert f"Versjon {new_number} er lagret" in _text(saved.get_data(as_text=True))
        assert "NUIT tar saken til orientering." in _section(secretariat, url, item.id)
        db.session.expire_all()
        assert (other.decision_body, other.discussion) == other_before

        listing = _page(secretariat, f"{url}/versjoner")
        assert f"Versjon {new_number} Rettet: Vedtaket var feil gjengitt. 20. juni 2022" in listing
        assert "Godkjent ved sirkulasjon 10. juni 2022" in listing and "sekretar@example.no" in listing
        old = _page(secretariat, f"{url}/versjoner/{new_number - 1}")
        assert old_text in old and "Dette er en tidligere versjon" in old
        new = _page(secretariat, f"{url}/versjoner/{new_number}")
        assert "NUIT tar saken til orientering." in new and old_text not in new
        assert secretariat.get(f"{url}/versjoner/{new_number + 1}").status_code == 404


def test_publishing_makes_the_minutes_public_with_exempt_items_hidden(held, demo):
    council, meeting = held
    with time_machine.travel(AFTER_MEETING, tick=False):
        secret = meetings.add_case_item(meeting, SECRET_TITLE, item_type="Orientering", exempt=True,
                                        legal_basis=LEGAL_BASIS, public_title=PUBLIC_TITLE)
        db.session.flush()
        recording.record_item(secret, None, outcome=ItemOutcome.INFORMATION,
                              decision_body={"text": "NUIT tar orienteringen om hendelsen til etterretning."},
                              discussion=SECRET_TEXT)
        followup.create_action(secret, "Tilgangsloggene gjennomgås på nytt.",
                               organisation=council.secretariat, due_date=date(2022, 6, 30))
        db.session.commit()
    _approve_by_circulation(meeting)
    url = f"/moter/{meeting.id}/referat"
    public_url = "/utvalg/NUIT/moter/2022/3/referat"
    with time_machine.travel(date(2022, 6, 11), tick=False):
        public = _reader(demo)
        secretariat = _secretariat(demo)
        assert public.get(public_url).status_code == 302  # approved, not yet published

        question = _page(secretariat, f"{url}/publiser")
        assert "Publiser referatet fra NUIT møte 3/22?" in question and PUBLIC_TITLE in question
        done = secretariat.post(f"{url}/publiser", follow_redirects=True)
        assert "Referatet er publisert og kan leses av alle." in _text(done.get_data(as_text=True))
        db.session.expire_all()
        assert meeting.minutes.status == MinutesStatus.PUBLISHED

        for target in (url, public_url):
            text = _page(public, target)
            assert "Publisert" in text and "Godkjent ved sirkulasjon 10. juni 2022" in text
            assert "Godkjent per e-post." in text
            assert "Sak 19/22 Utveksling av helseopplysninger mellom NAV og helsesektoren" in text
            assert PUBLIC_TITLE in text and f"Unntatt offentlighet, jf. {LEGAL_BASIS}" in text
            assert SECRET_TITLE not in text and SECRET_TEXT not in text
            assert "hendelsen til etterretning" not in text and "Tilgangsloggene" not in text
            assert "Kommentar" not in text
            assert "Annet møte" not in text  # reasons for forfall: members and secretariat only
        outsider = _client_as(demo, "utenforstaende@example.no", roles=())
        assert "Annet møte" not in _page(outsider, url)
        assert "Annet møte" in _page(secretariat, url)
        assert "Referat" in _page(public, "/utvalg/NUIT/moter/2022/3").split("Dagsorden")[0]
        # The frozen version is filtered the same way.
        listing = _page(public, f"{url}/versjoner")
        assert "Sendt til medlemmene" not in listing  # drafts went to the members only
        number = meeting.minutes.versions[-1].number
        frozen = _page(public, f"{url}/versjoner/{number}")
        assert PUBLIC_TITLE in frozen and SECRET_TITLE not in frozen and SECRET_TEXT not in frozen
        # The secretariat and the council's members see the exempt item in full.
        for reader in (secretariat, _member(demo, council)):
            section = _section(reader, url, secret.id)
            assert SECRET_TITLE in section and SECRET_TEXT in section and "Tilgangsloggene" in section


def test_the_minutes_page_runs_a_fixed_number_of_queries(held, demo):
    council, meeting = held
    url = f"/moter/{meeting.id}/referat"
    secretariat = _secretariat(demo)
    secretariat.get(url)

    def queries() -> int:
        db.session.expire_all()
        with count_queries(db.engine) as n:
            assert secretariat.get(url).status_code == 200
        return n()

    before = queries()
    with time_machine.travel(AFTER_MEETING, tick=False):
        for n in range(6):
            item = meetings.add_case_item(meeting, f"Ekstra sak {n}", item_type="Drøfting")
            db.session.flush()
            recording.record_item(item, None, outcome=ItemOutcome.DECIDED,
                                  decision_body={"text": f"Vedtak {n}."}, discussion=f"Drøfting {n}.")
            followup.create_action(item, f"Tiltak {n}", organisation=council.secretariat,
                                   due_date=date(2022, 12, 1))
        db.session.commit()
    assert queries() == before


def test_a_meeting_without_minutes_yet(held, demo):
    council, _meeting = held
    with time_machine.travel(AFTER_MEETING, tick=False):
        planned = meeting_by_number(council, 2022, 4) or create_meeting_with_agenda(
            council, date(2022, 9, 14), time(9, 0))
        db.session.commit()
        url = f"/moter/{planned.id}/referat"
        assert "Referatet kan skrives når innkallingen er sendt." in _page(_secretariat(demo), url)
        assert _member(demo, council).get(url).status_code == 404
        assert "/logg-inn" in _reader(demo).get(url).headers["Location"]


def test_the_minutes_page_gives_the_time_span_the_minutes_document_gives(demo_full, client):
    """«kl. 09:00–12:00» as the DOCX's «Tid»: NUIT 1/22's planned end while no end is recorded,
    and the end recorded when it was held once there is one."""
    text = _text(client.get("/utvalg/NUIT/moter/2022/1/referat").get_data(as_text=True))
    assert "17. februar 2022 kl. 09:00–12:00" in text
    meeting_by_number(_council(), 2022, 1).end_time = time(11, 40)
    db.session.commit()
    text = _text(client.get("/utvalg/NUIT/moter/2022/1/referat").get_data(as_text=True))
    assert "17. februar 2022 kl. 09:00–11:40" in text
