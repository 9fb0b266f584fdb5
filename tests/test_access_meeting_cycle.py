"""Who sees exempt material in the meeting cycle (DOMAIN.md §9): an exempt case on NUIT 3/22 with a
decision, discussion, proposal, follow-up action (with a note), member comments, minutes approved
at NUIT 4/22, published and corrected, and NUIT 4/22 issued with the carry-over item on its public
agenda. Every page issue 4 added is walked as six people: anonymous, logged in without roles, a
member of another council (NUFA), a member of NUIT, the secretariat and an admin. Those without
access never see the secret texts (only the public title and "Unntatt offentlighet, jf. …");
those with access do; the secretariat's forms refuse everyone else and change nothing; and no
e-mail in the outbox carries the secret texts."""
import html as html_lib
import re
from dataclasses import dataclass
from datetime import date, time

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AgendaItem,
    AuditEvent,
    Council,
    FollowUpAction,
    ItemOutcome,
    MembershipRole,
    MinutesComment,
    MinutesStatus,
    OutboxMessage,
    User,
)
from app.services.core.audit import acting_as
from app.services.planning import case_queue, meetings, notice
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import attendance, followup, minutes, notifications, recording
from app.services.proceedings.meeting_setup import create_meeting_with_agenda
from app.services.registry import councils
from app.services.registry.users import create_user
from tests.conftest import IsolatedClient, login

CARRY_OVER_TITLE = "Oppfølgingspunkter fra tidligere møter"  # the agenda item, as the reader sees it

LEGAL_BASIS = "offl. § 15 første ledd"
EXEMPT_NOTE = f"Unntatt offentlighet, jf. {LEGAL_BASIS}"
PUBLIC_TITLE = "Sak om en leverandøravtale"
# Invented secret texts, each with a word found nowhere else in the demo.
SECRET_TITLE = "Mistanke om prissamarbeid hos Blåklokke Data AS"
SECRET_PROPOSAL = "NUIT ber om at forholdet til Blåklokke-anskaffelsen vurderes rettslig."
SECRET_DECISION = "NUIT anbefaler at kontrakten med Vindelsnekke Systemer heves."
SECRET_DISCUSSION = "Medlemmene pekte på at Grevlingbyrået har fått innsyn i anbudene."
SECRET_CORRECTED = "Medlemmene pekte på at Piggsoppkontoret har fått innsyn i anbudene."
SECRET_ACTION = "Innhente advokatvurdering av Tusseladd-klausulen innen fristen."
SECRET_DUE_LABEL = "før Marimjelle-møtet"
SECRET_NOTE = "Advokatfirmaet Kveldsolsvik er kontaktet."
SECRET_COMMENT = "Navnet på Snøspurv-leverandøren er feilstavet i drøftingene."
SECRET_RESOLUTION = "Rettet til Snøspurv Leveranse AS."
PUBLIC_ACTION = "Sekretariatet følger opp leverandørsaken."
SECRETS = (SECRET_TITLE, SECRET_PROPOSAL, SECRET_DECISION, SECRET_DISCUSSION, SECRET_CORRECTED,
           SECRET_ACTION, SECRET_DUE_LABEL, SECRET_NOTE, SECRET_COMMENT, SECRET_RESOLUTION)
MARKERS = ("Blåklokke", "Vindelsnekke", "Grevlingbyrå", "Piggsopp", "Tusseladd", "Marimjelle",
           "Kveldsolsvik", "Snøspurv")

VIEW_DAY = date(2022, 9, 20)  # after NUIT 4/22: minutes approved, published and corrected
MEMBER_EMAIL = "medlem.nuit@example.no"
NUFA_EMAIL = "medlem.nufa@example.no"
PLAIN_EMAIL = "innlogget@example.no"
SECRETARIAT_EMAIL = "sekretar@example.no"
ADMIN_EMAIL = "admin@example.no"
RESPONSIBLE_EMAIL = "ansvarlig@example.no"

ANONYMOUS, NO_ROLE, NUFA_MEMBER, NUIT_MEMBER, SECRETARIAT, ADMIN = (
    "anonym", "uten roller", "medlem av NUFA", "medlem av NUIT", "sekretariatet", "admin")
ROLES = (ANONYMOUS, NO_ROLE, NUFA_MEMBER, NUIT_MEMBER, SECRETARIAT, ADMIN)
OUTSIDERS = (ANONYMOUS, NO_ROLE, NUFA_MEMBER)
EDITORS = (SECRETARIAT, ADMIN)


class Reader(IsolatedClient):
    """A browser of its own: its requests run in app contexts of their own (tests/conftest.py),
    so it is known by its own session cookie only."""


def _text(html: str) -> str:
    """What the reader sees: the page without tags (inline tags join their words), whitespace
    collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(strong|em|b|i|span|a)\b[^>]*>", "", html)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def _leaks(body: str) -> list[str]:
    """The secret words found in a response, read raw and as text (every secret text has one)."""
    seen = body + " " + html_lib.unescape(body)
    return [marker for marker in MARKERS if marker.lower() in seen.lower()]


# --- the scenario ---------------------------------------------------------------------------------

@dataclass
class Cycle:
    council_id: int
    meeting_id: int  # NUIT 3/22
    next_id: int  # NUIT 4/22
    item_id: int  # the exempt item on 3/22
    number: str  # its meeting case number, e.g. "32/22"
    case_path: str  # /saker/<year>/<seq>
    action_id: int
    public_action_id: int  # a public action reported back under the exempt item
    open_comment_id: int
    attendance_row_id: int
    queue_entry_id: int
    failed_message_id: int
    versions: list[int]  # minutes version numbers
    public_versions: list[int]  # those the public may read (from the approval on)


def _council(code: str) -> Council:
    return db.session.scalar(select(Council).where(Council.code == code))


def _user(email: str) -> User:
    return db.session.scalar(select(User).where(User.email == email))


def _nuit_member_person(council: Council):
    return next(m.person for m in council.memberships
                if m.role in (MembershipRole.MEMBER, MembershipRole.LEADER)
                and m.active_on(date(2022, 5, 1)) and m.active_on(VIEW_DAY))


def _build(demo) -> Cycle:
    council = _council("NUIT")
    meeting = meeting_by_number(council, 2022, 3)
    nufa = _council("NUFA")
    for n, membership in enumerate(council.memberships):
        membership.person.email = f"nuit.medlem{n}@example.no"
    member_person = _nuit_member_person(council)
    nufa_person = councils.upsert_person("Nils Nufa-Medlem", email="nils.nufa@example.no")
    councils.ensure_membership(nufa_person, nufa, MembershipRole.MEMBER, valid_from=date(2022, 1, 1))
    responsible = councils.upsert_person("Rita Ansvarlig", email=RESPONSIBLE_EMAIL,
                                         organisation=council.secretariat)
    for email, roles, person in ((MEMBER_EMAIL, [], member_person), (NUFA_EMAIL, [], nufa_person),
                                 (PLAIN_EMAIL, [], None), (SECRETARIAT_EMAIL, ["secretariat"], None),
                                 (ADMIN_EMAIL, ["admin"], None)):
        user = create_user(email, "riktig-passord-123", roles)
        user.person = person
    db.session.commit()
    secretariat_user, member_user = _user(SECRETARIAT_EMAIL), _user(MEMBER_EMAIL)

    with acting_as(secretariat_user):
        with time_machine.travel(date(2022, 5, 19), tick=False):
            item = meetings.add_case_item(
                meeting, SECRET_TITLE, item_type="Drøfting", exempt=True, legal_basis=LEGAL_BASIS,
                public_title=PUBLIC_TITLE, presenters=["Kari Nordmann"],
                proposal_heading="Forslag til vedtak", proposal_body={"text": SECRET_PROPOSAL})
            db.session.flush()
            assert item.case_seq is not None  # 3/22 is held: the item is numbered at once
            attendance.prefill(meeting)
            recording.record_item(item, item.version, outcome=ItemOutcome.DECIDED,
                                  decision_body={"text": SECRET_DECISION}, discussion=SECRET_DISCUSSION)
            recording.mark_held(meeting)
            action = followup.create_action(item, SECRET_ACTION, person=responsible,
                                            organisation=council.secretariat,
                                            due_date=date(2022, 6, 30), due_label=SECRET_DUE_LABEL)
            db.session.flush()
            followup.add_note(action, SECRET_NOTE, "Sekretariatet")
            # A public action from 2/22, reported back under the exempt item.
            earlier = meeting_by_number(council, 2022, 2)
            public_action = followup.create_action(
                next(i for i in earlier.items if i.is_case), PUBLIC_ACTION,
                organisation=council.secretariat, due_date=date(2022, 5, 19), accept_past_due=True)
            db.session.flush()
            followup.update_action(public_action, reported_item=item)
            db.session.commit()
        with time_machine.travel(date(2022, 5, 20), tick=False):
            minutes.send_for_comments(minutes.minutes_for(meeting), date(2022, 6, 1))
            db.session.commit()
    with time_machine.travel(date(2022, 5, 25), tick=False):
        with acting_as(member_user):
            resolved = minutes.add_comment(meeting.minutes, member_user, SECRET_COMMENT, item=item)
            still_open = minutes.add_comment(meeting.minutes, member_user,
                                             "Oppmøtelisten mangler en observatør.")
        db.session.commit()
    with acting_as(secretariat_user):
        with time_machine.travel(date(2022, 5, 30), tick=False):
            minutes.resolve_comment(resolved, SECRET_RESOLUTION)
            nxt = create_meeting_with_agenda(council, date(2022, 9, 14), time(9, 0))
            db.session.flush()
            notice.issue_notice(nxt.id)
            db.session.commit()
        # Reminders to the person responsible: one 7 days ahead, one when overdue.
        for day in (date(2022, 6, 23), date(2022, 7, 1)):
            with time_machine.travel(day, tick=False):
                assert notifications.scan_reminders() == 1
        with time_machine.travel(date(2022, 9, 14), tick=False):
            approving = next(i for i in nxt.items if i.title.startswith("Godkjenning av referat"))
            minutes.approve(meeting.minutes, item=approving, note="Godkjent uten merknader.",
                            confirm_unresolved=True)
            minutes.publish(meeting.minutes)
            db.session.commit()
        with time_machine.travel(date(2022, 9, 15), tick=False):
            minutes.correct(meeting.minutes, "Drøftingene var feil gjengitt.",
                            {item.id: {"discussion": SECRET_CORRECTED}})
            db.session.commit()

    failed = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).first()
    failed.status, failed.last_error = "failed", "550 Mailbox unavailable"
    db.session.commit()
    entry = case_queue.queue_for(nxt)[0]  # 30/22, postponed to 14 September
    versions = [v.number for v in meeting.minutes.versions]
    public = [v.number for v in meeting.minutes.versions
              if not v.reason.startswith("Sendt")]
    assert meeting.minutes.status == MinutesStatus.PUBLISHED
    return Cycle(
        council_id=council.id, meeting_id=meeting.id, next_id=nxt.id, item_id=item.id,
        number=f"{item.case_seq}/22", case_path=f"/saker/{item.case.file_year}/{item.case.file_seq}",
        action_id=action.id, public_action_id=public_action.id, open_comment_id=still_open.id,
        attendance_row_id=meeting.attendance[0].id, queue_entry_id=entry.id,
        failed_message_id=failed.id, versions=versions, public_versions=public)


@pytest.fixture
def cycle(demo) -> Cycle:
    return _build(demo)


def _client(app, role: str) -> Reader:
    client = Reader(app, app.response_class, use_cookies=True)
    email = {NO_ROLE: PLAIN_EMAIL, NUFA_MEMBER: NUFA_EMAIL, NUIT_MEMBER: MEMBER_EMAIL,
             SECRETARIAT: SECRETARIAT_EMAIL, ADMIN: ADMIN_EMAIL}.get(role)
    if email:
        login(client, app, email=email)
    return client


def _is_login_redirect(response) -> bool:
    return response.status_code == 302 and "/logg-inn" in response.headers["Location"]


# --- pages --------------------------------------------------------------------------------------

def _secretariat_pages(c: Cycle) -> list[str]:
    m3, m4 = c.meeting_id, c.next_id
    return [f"/moter/{m3}/oppmote", f"/moter/{m3}/protokoll", f"/moter/{m3}/avholdt",
            f"/moter/{m3}/oppmote/{c.attendance_row_id}/fjern", f"/moter/{m3}/referat/publiser",
            f"/moter/{m3}/referat/rett", f"/moter/{m3}", f"/moter/{m4}",
            f"/oppfolging/ny?item_id={c.item_id}"]


def _minutes_pages(c: Cycle) -> list[str]:
    base = f"/moter/{c.meeting_id}/referat"
    return [base, "/utvalg/NUIT/moter/2022/3/referat", f"{base}/versjoner"]


def _followup_pages() -> list[str]:
    return ["/oppfolging/", "/oppfolging/?alle=1", "/oppfolging/?forfalt=1",
            "/oppfolging/?omfang=mine", "/oppfolging/?omfang=organisasjon&sorter=utvalg",
            "/oppfolging/?utvalg=NUIT", "/oppfolging/eksport.csv",
            "/oppfolging/eksport.csv?alle=1&utvalg=NUIT"]


@pytest.mark.parametrize("role", OUTSIDERS)
def test_those_without_access_never_see_the_exempt_material(cycle, demo, role):
    with time_machine.travel(VIEW_DAY, tick=False):
        client = _client(demo, role)
        seen: dict[str, int] = {}

        def get(url: str):
            response = client.get(url)
            body = response.get_data(as_text=True)
            assert not _leaks(body), f"{role} sees {_leaks(body)} on {url}"
            seen[url] = response.status_code
            return response, body

        # The secretariat's pages: a login for the anonymous, a refusal for the others.
        for url in _secretariat_pages(cycle) + ["/admin/utboks"]:
            response, _body = get(url)
            assert _is_login_redirect(response) if role == ANONYMOUS else response.status_code == 403, url

        # The published minutes, at both addresses, and the versions from the approval on: the
        # item by its number, public title and legal basis, with its outcome and nothing else.
        for url in _minutes_pages(cycle)[:2]:
            response, body = get(url)
            assert response.status_code == 200, url
            text = _text(body)
            assert f"Sak {cycle.number} {PUBLIC_TITLE} Drøfting {EXEMPT_NOTE}" in text, url
            assert "Publisert" in text
            assert "Kommentar" not in text and "Oppmøtelisten mangler" not in text
        versions_url = _minutes_pages(cycle)[2]
        response, body = get(versions_url)
        listing = _text(body)
        assert response.status_code == 200 and "Rettet: Drøftingene var feil gjengitt." in listing
        assert "Sendt til medlemmene" not in listing
        for number in cycle.versions:
            response, body = get(f"{versions_url}/{number}")
            if number in cycle.public_versions:
                assert response.status_code == 200
                assert f"Sak {cycle.number} {PUBLIC_TITLE} Drøfting {EXEMPT_NOTE}" in _text(body)
            else:  # the draft sent to the members
                assert response.status_code == 404
        # NUIT 4/22 has no minutes yet: nothing to read.
        response, _body = get(f"/moter/{cycle.next_id}/referat")
        assert _is_login_redirect(response) if role == ANONYMOUS else response.status_code == 404

        # The public agendas: 3/22 names the item by its public title; 4/22 carries the open
        # action over by its case number only.
        response, body = get("/utvalg/NUIT/moter/2022/3")
        text = _text(body)
        assert response.status_code == 200
        assert f"{cycle.number} {PUBLIC_TITLE} {EXEMPT_NOTE}" in text
        response, body = get("/utvalg/NUIT/moter/2022/4")
        text = _text(body)
        assert response.status_code == 200 and CARRY_OVER_TITLE in text
        assert (f"Oppfølgingspunkt i sak {cycle.number} (unntatt offentlighet, jf. {LEGAL_BASIS}), "
                "frist 30. juni 2022") in text

        # Follow-up: the action is left out of the overview and the CSV; its page is refused.
        for url in _followup_pages():
            response, body = get(url)
            if role == ANONYMOUS:
                assert _is_login_redirect(response), url
                continue
            assert response.status_code == 200, url
            if "eksport.csv" in url:
                assert f";{cycle.number};" not in body
            else:
                assert f'href="/oppfolging/{cycle.action_id}"' not in body
        response, _body = get(f"/oppfolging/{cycle.action_id}")
        assert _is_login_redirect(response) if role == ANONYMOUS else response.status_code == 403
        # A public action reported back under the exempt item names it by its public title.
        response, body = get(f"/oppfolging/{cycle.public_action_id}")
        if role != ANONYMOUS:
            text = _text(body)
            assert PUBLIC_ACTION in text
            assert (f"Meldt tilbake i NUIT 3/22 (19. mai 2022), sak {cycle.number} {PUBLIC_TITLE} "
                    f"{EXEMPT_NOTE}") in text
            overview = _text(get("/oppfolging/?alle=1")[1])
            assert PUBLIC_ACTION in overview and f"3/22, sak {cycle.number}" in overview

        # The case page: public title, legal basis, the treatment without its title; the
        # register's search finds nothing by the secret words.
        # Visitors too: the case was on an issued agenda (issue 11).
        response, body = get(cycle.case_path)
        text = _text(body)
        assert response.status_code == 200
        assert PUBLIC_TITLE in text and EXEMPT_NOTE in text
        assert f"NUIT Møte 3/22 19. mai 2022 {cycle.number} Behandlet" in text
        for word in ("Blåklokke", "prissamarbeid"):  # (the page repeats the words searched for)
            body = client.get(f"/saker/?tekst={word}").get_data(as_text=True)
            if role != ANONYMOUS:
                assert cycle.case_path not in body and "Ingen saker" in _text(body)
    assert len(seen) == 30  # every page above was read


@pytest.mark.parametrize("role", (NUIT_MEMBER, SECRETARIAT, ADMIN))
def test_those_with_access_see_the_real_texts(cycle, demo, role):
    with time_machine.travel(VIEW_DAY, tick=False):
        client = _client(demo, role)

        def page(url: str, status: int = 200) -> str:
            response = client.get(url)
            assert response.status_code == status, (url, response.status_code)
            return _text(response.get_data(as_text=True))

        for url in _secretariat_pages(cycle) + ["/admin/utboks"]:
            response = client.get(url)
            if role == NUIT_MEMBER or (role == SECRETARIAT and url == "/admin/utboks"):
                assert response.status_code == 403, url
                assert not _leaks(response.get_data(as_text=True))
            else:
                assert response.status_code in (200, 302), url
        if role in EDITORS:
            text = page(f"/moter/{cycle.meeting_id}/protokoll")
            assert SECRET_TITLE in text and SECRET_DECISION in text and SECRET_CORRECTED in text
            assert SECRET_ACTION in text
            text = page(f"/moter/{cycle.meeting_id}/referat/rett")
            assert SECRET_TITLE in text and SECRET_CORRECTED in text
            text = page(f"/oppfolging/ny?item_id={cycle.item_id}")
            assert SECRET_TITLE in text and EXEMPT_NOTE in text
            text = page(f"/moter/{cycle.next_id}")
            assert "Saker som venter på behandling" in text

        # The minutes in full: the corrected discussion now, the approved text in its version;
        # the comments and the secretariat's notes on them.
        for url in _minutes_pages(cycle)[:2]:
            text = page(url)
            assert f"Sak {cycle.number} {SECRET_TITLE}" in text
            assert SECRET_DECISION in text and SECRET_CORRECTED in text and SECRET_ACTION in text
            assert SECRET_DISCUSSION not in text
            assert SECRET_COMMENT in text and SECRET_RESOLUTION in text
        base = f"/moter/{cycle.meeting_id}/referat/versjoner"
        assert "Sendt til medlemmene for kommentarer" in page(base)
        approved = next(n for n in cycle.public_versions if n != cycle.versions[-1])
        old = page(f"{base}/{approved}")
        assert SECRET_TITLE in old and SECRET_DISCUSSION in old and SECRET_CORRECTED not in old
        assert SECRET_CORRECTED in page(f"{base}/{cycle.versions[-1]}")
        assert SECRET_DISCUSSION in page(f"{base}/{cycle.versions[0]}")  # the draft the members got

        text = page("/utvalg/NUIT/moter/2022/3")
        assert SECRET_TITLE in text and SECRET_PROPOSAL in text

        # Follow-up: listed, exported and readable with its note.
        assert SECRET_ACTION in page("/oppfolging/?alle=1")
        csv_text = client.get("/oppfolging/eksport.csv").get_data(as_text=True)
        assert SECRET_ACTION in csv_text and f";{cycle.number};" in csv_text
        text = page(f"/oppfolging/{cycle.action_id}")
        assert SECRET_ACTION in text and SECRET_NOTE in text and SECRET_TITLE in text
        assert EXEMPT_NOTE in text

        text = page(f"/oppfolging/{cycle.public_action_id}")
        assert f"sak {cycle.number} {SECRET_TITLE} {EXEMPT_NOTE}" in text

        text = page(cycle.case_path)
        assert SECRET_TITLE in text and f"Offentlig tittel: «{PUBLIC_TITLE}»" in text


# --- the secretariat's forms ---------------------------------------------------------------------

def _posts(c: Cycle) -> list[tuple[str, dict]]:
    """Every form of the meeting cycle, filled in as a user with the right would fill it."""
    m3, m4, item = c.meeting_id, c.next_id, c.item_id
    return [
        (f"/moter/{m3}/oppmote", {f"status-{c.attendance_row_id}": "absent",
                                  f"grunn-{c.attendance_row_id}": "Syk", "roller-chair": "0",
                                  "roller-minute_taker": "0"}),
        (f"/moter/{m3}/oppmote/vara", {"vara-name": "Inntrenger", "vara-person": "0",
                                       "vara-substitute_for": "0"}),
        (f"/moter/{m3}/oppmote/deltaker", {"deltaker-name": "Inntrenger", "deltaker-person": "0",
                                           "deltaker-role": "other"}),
        (f"/moter/{m3}/oppmote/{c.attendance_row_id}/fjern", {}),
        (f"/moter/{m3}/oppmote/forfall", {"forfall-person": "0", "forfall-reason": "Syk"}),
        (f"/moter/{m3}/protokoll/{item}", {"outcome": "withdrawn", "kind": "text",
                                           "decision": "Endret av en inntrenger.", "discussion": "",
                                           "version": ""}),
        (f"/moter/{m3}/protokoll/eventuelt", {"eventuelt-title": "Sak fra en inntrenger"}),
        (f"/moter/{m3}/avholdt", {}),
        (f"/moter/{m3}/referat/send", {"deadline": "2022-12-01"}),
        (f"/moter/{m3}/referat/kommentar/{c.open_comment_id}/behandlet", {"resolution": "Avvist"}),
        (f"/moter/{m3}/referat/punkt/{item}", {f"punkt-{item}-kind": "text",
                                               f"punkt-{item}-decision": "Endret.",
                                               f"punkt-{item}-discussion": ""}),
        (f"/moter/{m3}/referat/godkjenn", {"method": "circulation", "circulated_on": "2022-09-01"}),
        (f"/moter/{m3}/referat/publiser", {}),
        (f"/moter/{m3}/referat/rett", {"reason": "Inntrengeren retter.", f"kind-{item}": "text",
                                       f"decision-{item}": "Endret av en inntrenger.",
                                       f"discussion-{item}": "Endret."}),
        (f"/moter/{m4}/saksko/{c.queue_entry_id}", {}),
        (f"/moter/{m4}/varsle-oppdatering", {}),
        (f"/oppfolging/ny?item_id={item}", {"description": "Nytt punkt fra en inntrenger.",
                                            "organisation": "", "person": "",
                                            "due_date": "2022-12-31"}),
        (f"/oppfolging/{c.action_id}", {"skjema": "rediger", "rediger-version": "",
                                        "rediger-description": "Endret av en inntrenger.",
                                        "rediger-due_date": "2022-12-31"}),
        (f"/oppfolging/{c.action_id}", {"skjema": "framdrift", "framdrift-status": "done",
                                        "framdrift-note": "Ferdig, sier inntrengeren."}),
        (f"/admin/utboks/{c.failed_message_id}/send-pa-nytt", {}),
    ]


def _state() -> tuple:
    """Everything a form could change: the audit trail records every changed field of every
    audited row; the outbox is not audited, so it is compared row by row."""
    audit = db.session.scalar(select(func.count(AuditEvent.id)))
    outbox = tuple(db.session.execute(select(OutboxMessage.id, OutboxMessage.status,
                                             OutboxMessage.attempts).order_by(OutboxMessage.id)))
    return audit, outbox


@pytest.mark.parametrize("role", (ANONYMOUS, NO_ROLE, NUFA_MEMBER, NUIT_MEMBER))
def test_the_secretariats_forms_refuse_everyone_else_and_change_nothing(cycle, demo, role):
    with time_machine.travel(VIEW_DAY, tick=False):
        client = _client(demo, role)
        # Add a comment too: the minutes are published, so nobody may comment any more.
        forms = _posts(cycle) + [(f"/moter/{cycle.meeting_id}/referat/kommentar",
                                  {"text": "Kommentar etter publisering.", "item_id": ""})]
        before = _state()
        for url, data in forms:
            response = client.post(url, data=data)
            body = response.get_data(as_text=True)
            if role == ANONYMOUS and not url.endswith("/kommentar"):
                assert _is_login_redirect(response), (url, response.status_code)
            elif role == ANONYMOUS:  # published minutes are public; commenting is over for all
                assert response.status_code == 403
            else:
                assert response.status_code == 403, (url, response.status_code)
            assert not _leaks(body) or role == NUIT_MEMBER, url
            db.session.rollback()
            assert _state() == before, f"{role}: {url} changed something"
        db.session.expire_all()
        item = db.session.get(AgendaItem, cycle.item_id)
        assert item.discussion == SECRET_CORRECTED and item.outcome == ItemOutcome.DECIDED
        action = db.session.get(FollowUpAction, cycle.action_id)
        assert action.description == SECRET_ACTION and len(action.notes) == 1


def test_the_secretariat_may_not_resend_e_mail(cycle, demo):
    with time_machine.travel(VIEW_DAY, tick=False):
        client = _client(demo, SECRETARIAT)
        before = _state()
        response = client.post(f"/admin/utboks/{cycle.failed_message_id}/send-pa-nytt")
        assert response.status_code == 403
        assert _state() == before


def test_no_e_mail_carries_the_exempt_material(cycle, demo):
    assert all(_leaks(secret) for secret in SECRETS)
    messages = db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()
    kinds = {m.kind for m in messages}
    assert {"minutes_comments", "notice_issued", "minutes_approved", "followup_due_soon",
            "followup_overdue"} <= kinds
    reminders = [m for m in messages if m.kind.startswith("followup_")]
    assert {m.to_address for m in reminders} == {RESPONSIBLE_EMAIL}
    for message in messages:
        text = message.subject + "\n" + message.body
        if message in reminders:  # the responsible person is told what to do, as on the page
            assert f"«{SECRET_ACTION}»" in text
            text = text.replace(SECRET_ACTION, "").replace(SECRET_DUE_LABEL, "")
        assert not _leaks(text), (message.kind, message.subject)
    assert any(f"(«{SECRET_DUE_LABEL}»)" in m.body for m in reminders)
    assert f"/oppfolging/{cycle.action_id}" in reminders[0].body
    # What the outbox page shows the admin: subjects only, none of them secret.
    with time_machine.travel(VIEW_DAY, tick=False):
        page = _client(demo, ADMIN).get("/admin/utboks")
        assert page.status_code == 200 and not _leaks(page.get_data(as_text=True))


# --- before publication, and a case made exempt later --------------------------------------------

@pytest.mark.parametrize("stage", ("draft", "comments", "approved"))
def test_unpublished_minutes_stay_with_the_secretariat_and_the_members(demo, stage):
    council = _council("NUIT")
    meeting = meeting_by_number(council, 2022, 3)
    nufa_person = councils.upsert_person("Nils Nufa-Medlem")
    councils.ensure_membership(nufa_person, _council("NUFA"), MembershipRole.MEMBER,
                               valid_from=date(2022, 1, 1))
    for email, roles, person in ((MEMBER_EMAIL, [], _nuit_member_person(council)),
                                 (NUFA_EMAIL, [], nufa_person), (PLAIN_EMAIL, [], None),
                                 (SECRETARIAT_EMAIL, ["secretariat"], None)):
        create_user(email, "riktig-passord-123", roles).person = person
    with time_machine.travel(date(2022, 5, 20), tick=False):
        item = meetings.add_case_item(meeting, SECRET_TITLE, exempt=True, legal_basis=LEGAL_BASIS,
                                      public_title=PUBLIC_TITLE)
        db.session.flush()
        recording.record_item(item, None, outcome=ItemOutcome.DECIDED,
                              decision_body={"text": SECRET_DECISION}, discussion=SECRET_DISCUSSION)
        recording.mark_held(meeting)
        if stage != "draft":
            minutes.send_for_comments(meeting.minutes, date(2022, 6, 1))
        if stage == "approved":
            minutes.approve(meeting.minutes, circulated_on=date(2022, 5, 20))
        db.session.commit()
    base = f"/moter/{meeting.id}/referat"
    urls = [base, "/utvalg/NUIT/moter/2022/3/referat", f"{base}/versjoner", f"{base}/versjoner/1"]
    with time_machine.travel(date(2022, 5, 21), tick=False):
        for role in (ANONYMOUS, NO_ROLE, NUFA_MEMBER, NUIT_MEMBER, SECRETARIAT):
            client = _client(demo, role)
            for url in urls:
                response = client.get(url)
                body = response.get_data(as_text=True)
                if role == SECRETARIAT or (role == NUIT_MEMBER and stage != "draft"):
                    if url.endswith("/1") and stage == "draft":
                        assert response.status_code == 404  # no version frozen yet
                        continue
                    assert response.status_code == 200, (role, url)
                    if "versjoner" not in url or url.endswith("/1"):
                        assert SECRET_TITLE in _text(body) and SECRET_DISCUSSION in _text(body)
                    continue
                assert not _leaks(body), (role, url)
                if role == ANONYMOUS:
                    assert _is_login_redirect(response), url
                else:  # nothing about a draft; the members' minutes are refused
                    assert response.status_code == (404 if stage == "draft" else 403), (role, url)
            if role in OUTSIDERS:  # nor may they comment on the item
                response = client.post(f"{base}/kommentar", data={"text": "Innspill utenfra.",
                                                                   "item_id": str(item.id)})
                assert _is_login_redirect(response) if role == ANONYMOUS else \
                    response.status_code == (404 if stage == "draft" else 403)
                db.session.rollback()
                assert db.session.scalar(select(func.count(MinutesComment.id))) == 0
            # The meeting page links the minutes only for those who may read them.
            page = client.get("/utvalg/NUIT/moter/2022/3").get_data(as_text=True)
            linked = f'href="{base}"' in page
            assert linked == (role == SECRETARIAT or (role == NUIT_MEMBER and stage != "draft")), role
            assert not _leaks(page) or role in (NUIT_MEMBER, SECRETARIAT)


def test_a_case_made_exempt_after_its_action_was_carried_over_leaves_the_public_agenda(demo):
    council = _council("NUIT")
    meeting = meeting_by_number(council, 2022, 3)
    item = next(i for i in meeting.items if i.case_seq == 19)
    with time_machine.travel(date(2022, 5, 20), tick=False):
        recording.mark_held(meeting)
        followup.create_action(item, SECRET_ACTION, organisation=council.secretariat,
                               due_date=date(2022, 6, 30), due_label=SECRET_DUE_LABEL)
        other = next(i for i in meeting.items if i.case_seq == 20)
        followup.create_action(other, "Lage en plan for utvekslingen.",
                               organisation=council.secretariat, due_date=date(2022, 8, 31))
        nxt = create_meeting_with_agenda(council, date(2022, 9, 14), time(9, 0))
        db.session.flush()
        notice.issue_notice(nxt.id)
        db.session.commit()
    public = Reader(demo, demo.response_class, use_cookies=True)
    with time_machine.travel(date(2022, 6, 1), tick=False):
        text = _text(public.get("/utvalg/NUIT/moter/2022/4").get_data(as_text=True))
        assert SECRET_ACTION in text  # a public case's action is carried over by name

        secretariat = _client(demo, SECRETARIAT)
        case = item.case
        saved = secretariat.post(f"/saker/{case.file_year}/{case.file_seq}/endre", data={
            "title": case.title, "exempt": "y", "legal_basis": LEGAL_BASIS,
            "public_title": PUBLIC_TITLE, "submitted_by_organisation": "", "submitted_by_person": ""},
            follow_redirects=True)
        assert "Endringene er lagret." in _text(saved.get_data(as_text=True))

        body = public.get("/utvalg/NUIT/moter/2022/4").get_data(as_text=True)
        text = _text(body)
        assert not _leaks(body)
        assert (f"Oppfølgingspunkt i sak 19/22 (unntatt offentlighet, jf. {LEGAL_BASIS}), "
                "frist 30. juni 2022") in text
        assert "Lage en plan for utvekslingen." in text  # the public case's action stays
        carry = next(i for i in nxt.items if i.title == CARRY_OVER_TITLE)
        assert len(carry.subitems) == len(followup.open_actions(council.id))
