"""Members' input (innspill) on agenda items (issue 11), through the pages: a member writes, edits
and deletes their input before the deadline or the meeting's start; the secretariat asks for it
with a deadline, reads all of it (the list page, the builder, the recording page) and puts a
summary in the minutes. Members do not read each other's input, and input on an exempt case is as
exempt as the case."""
import re
from datetime import date, datetime, time

import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import AgendaItem, ItemInput, MembershipRole, User
from app.services.core.clock import OSLO
from app.services.planning import meetings, notice
from app.services.registry import councils
from tests.conftest import count_queries, login
from tests.exempt_scenario import (
    EMAILS,
    NUFA_MEMBER,
    NUIT_MEMBER,
    PASSWORD,
    SECRET_INPUT,
    SECRET_INPUT_SUMMARY,
    SECRET_TITLE,
    SECRETARIAT,
    VIEW_DAY,
    build_scenario,
    docx_lines,
    leaked,
)
from tests.factories import make_council, make_meeting, page_text
from tests.test_agenda_builder import _edit

DAY = date(2022, 5, 19)  # the meeting, 08:30
BEFORE = datetime(2022, 5, 10, 12, 0, tzinfo=OSLO)
ANNA, BJORN, NINA, SECRETARY = ("anna@example.no", "bjorn@example.no", "nina@example.no",
                                "sekretar@example.no")
EXEMPT_TITLE = "Forhandlinger med Leverandør Hemmelig AS"
EXEMPT_PUBLIC_TITLE = "Sak om en leverandøravtale"


def at(moment: datetime):
    return time_machine.travel(moment, tick=False)


def _world():
    """NUIT with an issued meeting (three cases and an exempt one), two NUIT members (Anna of NHN,
    Bjørn) and a NUFA member (Nina)."""
    nuit = make_council()
    nufa = make_council("NUFA", "Fagutvalget")
    meeting = make_meeting(nuit, day=DAY, start=time(8, 30), cases=3)
    meetings.add_case_item(meeting, EXEMPT_TITLE, item_type="Drøfting", exempt=True,
                           legal_basis="offl. § 14", public_title=EXEMPT_PUBLIC_TITLE,
                           presenters=["Kari Nordmann"], proposal_heading="Forslag til vedtak",
                           proposal_body={"text": "NUIT drøfter saken."})
    nhn = councils.upsert_organisation("Norsk helsenett SF", "NHN")
    people = {}
    for email, name, council, org in ((ANNA, "Anna Medlem", nuit, nhn), (BJORN, "Bjørn Medlem", nuit, None),
                                      (NINA, "Nina Nufa", nufa, None)):
        person = councils.upsert_person(name, organisation=org)
        councils.ensure_membership(person, council, MembershipRole.MEMBER, valid_from=date(2022, 1, 1))
        people[email] = person
    notice.issue_notice(meeting.id)
    db.session.commit()
    return meeting, people


def _as(app, email, person=None, roles=()):
    client = app.test_client()
    login(client, app, email=email, roles=roles)
    if person is not None:
        db.session.scalar(select(User).where(User.email == email)).person = person
        db.session.commit()
    return client


def _items(meeting):
    return db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                              .order_by(AgendaItem.position)).all()


def _case(meeting, title="Sak nummer 1"):
    return next(i for i in _items(meeting) if i.title == title)


def _url(meeting, item, tail=""):
    return f"/utvalg/NUIT/moter/{meeting.year}/{meeting.number}/punkt/{item.id}/innspill{tail}"


def _inputs(item):
    return db.session.scalars(select(ItemInput).where(ItemInput.item_id == item.id)).all()


def _write(client, meeting, item, body, version=None):
    """Post the input form as the member's browser would: with the version the page was opened at."""
    if version is None:
        page = client.get(_url(meeting, item)).get_data(as_text=True)
        found = re.search(r'name="version" type="hidden" value="(\d*)"', page)
        version = found.group(1) if found else ""
    return client.post(_url(meeting, item), data={"body": body, "version": version})


def _text(response) -> str:
    return page_text(response.get_data(as_text=True))


def test_a_member_writes_edits_and_deletes_their_input(app):
    with at(BEFORE):
        meeting, people = _world()
        item = _case(meeting)
        anna = _as(app, ANNA, people[ANNA])
        meeting_page = f"/utvalg/NUIT/moter/2022/{meeting.number}"
        assert "Gi innspill" in _text(anna.get(meeting_page))
        page = _text(anna.get(_url(meeting, item)))
        assert "Innspill kan gis og endres fram til møtet begynner 19. mai 2022 kl. 08:30" in page
        assert "Ditt innspill (valgfritt)" not in page  # the service requires it

        response = _write(anna, meeting, item, "NHN støtter forslaget.")
        assert response.status_code == 302
        assert [i.body for i in _inputs(item)] == ["NHN støtter forslaget."]
        assert "Endre innspill" in _text(anna.get(meeting_page))

        _write(anna, meeting, item, "NHN støtter forslaget, med ett forbehold.")
        assert [i.body for i in _inputs(item)] == ["NHN støtter forslaget, med ett forbehold."]

        confirm = _text(anna.get(_url(meeting, item, "/slett")))
        assert "Ja, slett innspillet" in confirm and "med ett forbehold" in confirm
        response = anna.post(_url(meeting, item, "/slett"), data={"version": _inputs(item)[0].version})
        assert response.status_code == 302
        assert _inputs(item) == []
        assert "Gi innspill" in _text(anna.get(meeting_page))


def test_a_save_from_a_page_opened_before_another_save_is_refused(app):
    with at(BEFORE):
        meeting, people = _world()
        item = _case(meeting)
        anna = _as(app, ANNA, people[ANNA])
        _write(anna, meeting, item, "Første utkast.")
        stale = _inputs(item)[0].version
        _write(anna, meeting, item, "Andre utkast.")
        response = anna.post(_url(meeting, item), data={"body": "Fra en gammel fane.", "version": stale})
        assert response.status_code == 400
        assert "endret eller slettet et annet sted" in _text(response)
        assert [i.body for i in _inputs(item)] == ["Andre utkast."]


def test_bad_input_changes_nothing_and_says_why(app):
    with at(BEFORE):
        meeting, people = _world()
        item = _case(meeting)
        anna = _as(app, ANNA, people[ANNA])
        for body, message in (("", "Skriv innspillet."), (" \u200b\n ", "Skriv innspillet."),
                              ("x" * 10_001, "Innspillet kan være høyst 10 000 tegn; det er 10001.")):
            response = _write(anna, meeting, item, body)
            assert response.status_code == 400
            assert message in _text(response)
            assert _inputs(item) == []


def test_the_secretariat_asks_for_input_with_a_deadline(app):
    with at(BEFORE):
        meeting, people = _world()
        item = _case(meeting)
        secretary = _as(app, SECRETARY, roles=("secretariat",))
        for changes, message in (
                ({"input_requested": "y", "input_deadline": ""}, "Velg fristen for innspill"),
                ({"input_requested": "y", "input_deadline": "2022-05-20"},
                 "Fristen for innspill kan ikke være etter møtedatoen 19. mai 2022."),
                ({"input_requested": "y", "input_deadline": "2022-05-01"},
                 "Fristen for innspill kan ikke være en dato som har vært")):
            response = _edit(secretary, meeting.id, item, **changes)
            assert response.status_code == 400
            assert message in _text(response)
            db.session.refresh(item)
            assert (item.input_requested, item.input_deadline) == (False, None)

        response = _edit(secretary, meeting.id, item, input_requested="y", input_deadline="2022-05-16")
        assert response.status_code == 302
        db.session.refresh(item)
        assert (item.input_requested, item.input_deadline) == (True, date(2022, 5, 16))
        assert "Innspill: 0 (bedt om, frist 16. mai 2022)" in _text(secretary.get(f"/moter/{meeting.id}"))

        anna = _as(app, ANNA, people[ANNA])
        page = _text(anna.get(f"/utvalg/NUIT/moter/2022/{meeting.number}"))
        assert "Sekretariatet ber om innspill innen 16. mai 2022" in page
        assert "Frist for innspill: 16. mai 2022" in _text(anna.get(_url(meeting, item)))

        response = _edit(secretary, meeting.id, db.session.get(AgendaItem, item.id))  # unchecked
        assert response.status_code == 302
        db.session.refresh(item)
        assert (item.input_requested, item.input_deadline) == (False, None)


def test_input_is_refused_after_the_deadline_and_after_the_meeting_starts(app):
    with at(BEFORE):
        meeting, people = _world()
        item, other = _case(meeting), _case(meeting, "Sak nummer 2")
        item.input_requested, item.input_deadline = True, date(2022, 5, 16)
        db.session.commit()
        anna = _as(app, ANNA, people[ANNA])
        _write(anna, meeting, item, "Skrevet i tide.")
    with at(datetime(2022, 5, 16, 23, 50, tzinfo=OSLO)):  # the deadline's day is not over yet
        assert _write(anna, meeting, item, "Skrevet i tide, rettet.").status_code == 302
    with at(datetime(2022, 5, 17, 0, 10, tzinfo=OSLO)):
        version = _inputs(item)[0].version
        response = anna.post(_url(meeting, item), data={"body": "For sent.", "version": version})
        assert response.status_code == 400
        assert "Fristen for innspill gikk ut 16. mai 2022" in _text(response)
        assert anna.post(_url(meeting, item, "/slett"), data={"version": version}).status_code == 302
        assert [i.body for i in _inputs(item)] == ["Skrevet i tide, rettet."]
        page = _text(anna.get(_url(meeting, item)))
        assert "Fristen for innspill er ute" in page and "Skrevet i tide, rettet." in page
        assert "Ditt innspill" in _text(anna.get(f"/utvalg/NUIT/moter/2022/{meeting.number}"))
        # An item where none was asked for stays open until the meeting starts.
        assert _write(anna, meeting, other, "Om sak 2.").status_code == 302
    with at(datetime(2022, 5, 19, 8, 31, tzinfo=OSLO)):
        response = anna.post(_url(meeting, other), data={"body": "Etter start.", "version": 1})
        assert response.status_code == 400
        assert "Møtet begynte 19. mai 2022 kl. 08:30" in _text(response)
        assert [i.body for i in _inputs(other)] == ["Om sak 2."]


def test_others_than_the_councils_members_may_not_give_input(app):
    with at(BEFORE):
        meeting, people = _world()
        item = _case(meeting)
        anonymous = app.test_client()
        response = anonymous.get(_url(meeting, item))
        assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
        response = anonymous.post(_url(meeting, item), data={"body": "Anonymt.", "version": 0})
        assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
        nina = _as(app, NINA, people[NINA])
        assert nina.get(_url(meeting, item)).status_code == 403
        assert nina.post(_url(meeting, item), data={"body": "Fra NUFA.", "version": 0}).status_code == 403
        assert "Gi innspill" not in _text(nina.get(f"/utvalg/NUIT/moter/2022/{meeting.number}"))
        secretary = _as(app, SECRETARY, roles=("secretariat",))
        assert secretary.get(_url(meeting, item)).status_code == 403
        assert _inputs(item) == []
        # A non-member learns nothing about which items exist: 403 for any item id, also one that
        # does not exist or belongs to another meeting.
        base = f"/utvalg/NUIT/moter/2022/{meeting.number}/punkt"
        assert nina.get(f"{base}/999999/innspill").status_code == 403
        other = make_meeting(meeting.council, day=date(2022, 9, 1), cases=1)
        assert nina.get(f"{base}/{other.items[0].id}/innspill").status_code == 403


def test_members_do_not_see_each_others_input(app):
    with at(BEFORE):
        meeting, people = _world()
        item = _case(meeting)
        anna = _as(app, ANNA, people[ANNA])
        _write(anna, meeting, item, "Annas synspunkt på saken.")
        bjorn = _as(app, BJORN, people[BJORN])
        for url in (_url(meeting, item), f"/utvalg/NUIT/moter/2022/{meeting.number}"):
            assert "Annas synspunkt" not in bjorn.get(url).get_data(as_text=True)
        assert "Gi innspill" in _text(bjorn.get(f"/utvalg/NUIT/moter/2022/{meeting.number}"))
        assert bjorn.get(f"/moter/{meeting.id}/innspill").status_code == 403


def test_the_secretariat_reads_all_input_on_the_list_builder_and_recording_pages(app):
    with at(BEFORE):
        meeting, people = _world()
        item = _case(meeting)
        _write(_as(app, ANNA, people[ANNA]), meeting, item, "NHN ber om en utredning.")
        _write(_as(app, BJORN, people[BJORN]), meeting, item, "Bjørn er enig.")
        secretary = _as(app, SECRETARY, roles=("secretariat",))
        listing = _text(secretary.get(f"/moter/{meeting.id}/innspill"))
        assert "Innspill i alt: 2" in listing
        assert "Anna Medlem, Norsk helsenett SF" in listing and "NHN ber om en utredning." in listing
        assert "Bjørn Medlem" in listing and "Bjørn er enig." in listing
        assert "10. mai 2022 kl. 12:00" in listing
        assert "Innspill: 2" in _text(secretary.get(f"/moter/{meeting.id}"))
    with at(datetime(2022, 5, 19, 9, 0, tzinfo=OSLO)):
        recording = _text(secretary.get(f"/moter/{meeting.id}/protokoll"))
        assert "Innspill fra medlemmene (2)" in recording
        assert "NHN ber om en utredning." in recording and "Bjørn er enig." in recording
        assert "Oppsummering av innspill til referatet" in recording


def test_the_summary_goes_into_the_minutes_and_the_public_docx_leaves_it_out_of_an_exempt_item(app):
    with at(BEFORE):
        meeting, people = _world()
        item, exempt = _case(meeting), _case(meeting, EXEMPT_TITLE)
        anna = _as(app, ANNA, people[ANNA])
        _write(anna, meeting, item, "NHN ber om en utredning.")
        _write(anna, meeting, exempt, "Om leverandøren.")
        secretary = _as(app, SECRETARY, roles=("secretariat",))
    with at(datetime(2022, 5, 19, 9, 0, tzinfo=OSLO)):
        summary_url = f"/moter/{meeting.id}/protokoll/{{}}/oppsummering"
        response = secretary.post(summary_url.format(item.id), data={
            "input_summary": "x" * 10_001, "original": ""}, follow_redirects=True)
        assert "Oppsummeringen kan være høyst 10 000 tegn" in _text(response)
        db.session.refresh(item)
        assert item.input_summary is None
        for target, text in ((item, "Medlemmene ønsker en utredning."),
                             (exempt, "Medlemmene hadde merknader om leverandøren.")):
            response = secretary.post(summary_url.format(target.id),
                                      data={"input_summary": text, "original": ""})
            assert response.status_code == 302
        # Saved by someone else since this page showed an empty summary: refused.
        response = secretary.post(summary_url.format(item.id), data={
            "input_summary": "Overskrevet.", "original": ""}, follow_redirects=True)
        assert "Oppsummeringen er endret av noen andre" in _text(response)
        assert secretary.post(f"/moter/{meeting.id}/avholdt").status_code == 302
        minutes = _text(secretary.get(f"/moter/{meeting.id}/referat"))
        assert "Innspill: Medlemmene ønsker en utredning." in minutes
        assert "Innspill: Medlemmene hadde merknader om leverandøren." in minutes

        def docx(variant):
            response = secretary.post(f"/moter/{meeting.id}/dokumenter/minutes/{variant}/docx")
            assert response.status_code == 302
            return " ".join(docx_lines(secretary.get(response.headers["Location"]).get_data()))

        full, public = docx("full"), docx("public")
        assert "Innspill: Medlemmene ønsker en utredning." in full
        assert "Innspill: Medlemmene hadde merknader om leverandøren." in full
        assert "Innspill: Medlemmene ønsker en utredning." in public
        assert "leverandøren" not in public and EXEMPT_PUBLIC_TITLE in public


def test_the_list_page_runs_the_same_number_of_queries_small_or_large(app):
    with at(BEFORE):
        secretary = _as(app, SECRETARY, roles=("secretariat",))
        nuit = make_council()
        counts = []
        for n, size in enumerate((3, 15)):
            meeting = make_meeting(nuit, day=date(2022, 6 + n, 1), cases=size)
            for i, item in enumerate(_items(meeting)):
                for k in range(size // 3):
                    person = councils.upsert_person(f"Person {n}-{i}-{k}",
                                                    organisation=councils.upsert_organisation(f"Org {k}"))
                    db.session.add(ItemInput(item_id=item.id, person_id=person.id, body=f"Innspill {k}"))
            db.session.commit()
            secretary.get(f"/moter/{meeting.id}/innspill")
            with count_queries(db.engine) as queries:
                response = secretary.get(f"/moter/{meeting.id}/innspill")
            assert response.status_code == 200
            counts.append(queries())
        assert counts[0] == counts[1]


def test_input_on_an_exempt_case_is_as_exempt_as_the_case(demo):
    """The exempt scenario (tests/exempt_scenario.py): its NUIT member's input and the summary
    carry the secret word. A member of another council gets neither, nor any sign of the input;
    the author reads their own; the secretariat reads it; the public minutes leave the summary out."""
    scenario = build_scenario()
    with at(datetime.combine(VIEW_DAY, time(12, 0), tzinfo=OSLO)):
        item = db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == scenario.meeting_id,
                                                          AgendaItem.title == SECRET_TITLE))
        meeting = item.meeting
        clients = {}
        for role in (NUFA_MEMBER, NUIT_MEMBER, SECRETARIAT):
            clients[role] = app_client = demo.test_client()
            login(app_client, demo, email=EMAILS[role], password=PASSWORD)
        url = _url(meeting, item)
        nufa = clients[NUFA_MEMBER]
        for path in (url, url + "/slett", f"/moter/{meeting.id}/innspill",
                     f"/utvalg/NUIT/moter/2022/{meeting.number}",
                     f"/utvalg/NUIT/moter/2022/{meeting.number}/referat"):
            response = nufa.get(path)
            assert not leaked(response.get_data(as_text=True)), path
        assert nufa.get(url).status_code == 403
        page = _text(nufa.get(f"/utvalg/NUIT/moter/2022/{meeting.number}"))
        assert not any(link in page for link in ("Gi innspill", "Endre innspill", "Ditt innspill"))
        assert "HEMMELIG-ORD-I" not in _text(nufa.get(f"/utvalg/NUIT/moter/2022/{meeting.number}/referat"))

        assert SECRET_INPUT in _text(clients[NUIT_MEMBER].get(url))  # the author, after the meeting
        assert SECRET_INPUT in _text(clients[SECRETARIAT].get(f"/moter/{meeting.id}/innspill"))
        published = _text(clients[NUIT_MEMBER].get(f"/utvalg/NUIT/moter/2022/{meeting.number}/referat"))
        assert f"Innspill: {SECRET_INPUT_SUMMARY}" in published


def test_the_meeting_page_finds_a_members_links_in_a_fixed_number_of_queries(app):
    with at(BEFORE):
        nuit = make_council()
        person = councils.upsert_person("Anna Medlem")
        councils.ensure_membership(person, nuit, MembershipRole.MEMBER, valid_from=date(2022, 1, 1))
        anna = _as(app, ANNA, person)
        counts = []
        for n, size in enumerate((3, 15)):
            meeting = make_meeting(nuit, day=date(2022, 6 + n, 1), cases=size)
            for item in _items(meeting)[::2]:
                db.session.add(ItemInput(item_id=item.id, person_id=person.id, body="Innspill"))
            db.session.commit()
            url = f"/utvalg/NUIT/moter/2022/{meeting.number}"
            anna.get(url)
            with count_queries(db.engine) as queries:
                page = _text(anna.get(url))
            assert page.count("Endre innspill") == len(_items(meeting)[::2])
            assert page.count("Gi innspill") == size - len(_items(meeting)[::2])
            counts.append(queries())
        assert counts[0] == counts[1]


def test_an_item_with_input_is_not_removed_from_the_agenda(app):
    with at(BEFORE):
        nuit = make_council()
        person = councils.upsert_person("Anna Medlem")
        councils.ensure_membership(person, nuit, MembershipRole.MEMBER, valid_from=date(2022, 1, 1))
        meeting = make_meeting(nuit, day=DAY, cases=2)  # planned: the items have no numbers yet
        item = _case(meeting)
        anna = _as(app, ANNA, person)
        assert _write(anna, meeting, item, "Innspill til et utkast.").status_code == 302
        secretary = _as(app, SECRETARY, roles=("secretariat",))
        response = secretary.post(f"/moter/{meeting.id}/punkt/{item.id}/fjern", follow_redirects=True)
        assert "Medlemmene har gitt innspill til saken, så punktet kan ikke fjernes" in _text(response)
        assert db.session.get(AgendaItem, item.id) is not None
        assert [i.body for i in _inputs(item)] == ["Innspill til et utkast."]


def _mails():
    from app.models import OutboxMessage

    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def test_asking_for_input_on_an_issued_meeting_e_mails_the_members_without_the_title(app):
    from app.services.proceedings import item_inputs

    with at(BEFORE):
        meeting, people = _world()
        for email, person in people.items():
            person.email = email
        exempt = _case(meeting, EXEMPT_TITLE)
        before = len(_mails())
        item_inputs.request_input(exempt, date(2022, 5, 16))
        db.session.commit()
        sent = _mails()[before:]
        assert sorted(m.to_address for m in sent) == [ANNA, BJORN]  # NUIT's members, not Nina
        number = f"{exempt.case_seq}/22"
        for message in sent:
            assert message.subject == f"Innspill ønskes: NUIT møte {meeting.number}/22 19. mai 2022"
            assert f"innspill til sak {number} på NUIT møte" in message.body
            assert "innen 16. mai 2022" in message.body and _url(meeting, exempt) in message.body
            assert EXEMPT_TITLE not in message.body and EXEMPT_PUBLIC_TITLE not in message.body
        item_inputs.request_input(exempt, date(2022, 5, 16))  # nothing changed: no new e-mail
        db.session.commit()
        assert len(_mails()) == before + 2


def test_input_asked_before_the_notice_is_named_in_the_notice_e_mail(app):
    from app.services.proceedings import item_inputs

    with at(BEFORE):
        nuit = make_council()
        meeting = make_meeting(nuit, day=DAY, start=time(8, 30), cases=2)
        person = councils.upsert_person("Anna Medlem")
        person.email = ANNA
        councils.ensure_membership(person, nuit, MembershipRole.MEMBER, valid_from=date(2022, 1, 1))
        item = _case(meeting)
        item_inputs.request_input(item, date(2022, 5, 16))
        db.session.commit()
        assert _mails() == []  # the members cannot see a planned agenda yet
        notice.issue_notice(meeting.id)
        db.session.commit()
        [message] = _mails()
        assert message.subject.startswith("Innkalling:")
        assert f"Sekretariatet ber om innspill til sak {item.case_seq}/22 (frist 16. mai 2022)" in message.body
        assert "Sak nummer 1" not in message.body
