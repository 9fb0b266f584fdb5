"""Invitations: the secretariat invites a person of the register from the person's page or the
council's member list; the person gets an e-mail with a one-time link (72 hours), chooses a
password and is then logged in as a member, with the rights of the membership. Sending again
voids the older link; withdrawing voids it too."""
import re
from datetime import UTC, date, datetime, timedelta

import pytest
import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import AccountToken, AuditEvent, MembershipRole, OutboxMessage, User
from app.services.registry import councils
from app.services.registry.users import create_user
from tests.conftest import login
from tests.factories import make_council, make_meeting, page_text

MEMBER_NAME = "Kari Medlem"
MEMBER_EMAIL = "kari.medlem@example.no"
NEW_PASSWORD = "et-godt-passord-42"
T0 = datetime(2026, 12, 6, 13, 30, tzinfo=UTC)  # 14.30 in Oslo


@pytest.fixture
def nuit_member(app):
    """A member of NUIT (with an e-mail address) and a planned NUIT meeting with a draft agenda."""
    council = make_council()
    person = councils.create_person(MEMBER_NAME, email=MEMBER_EMAIL)
    councils.add_membership(council, person, MembershipRole.MEMBER, valid_from=date(2022, 1, 1))
    meeting = make_meeting(council)
    db.session.commit()
    return person, meeting


@pytest.fixture
def secretary(client, app):
    login(client, app)
    return client


def outbox(kind: str) -> list[OutboxMessage]:
    db.session.expire_all()
    return list(db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind == kind)
                                   .order_by(OutboxMessage.id)))


def link_in(message: OutboxMessage) -> str:
    """The path of the one-time link in an e-mail (the link itself is absolute, from BASE_URL)."""
    match = re.search(r"http://127\.0\.0\.1:5000(/konto/[a-z-]+/[A-Za-z0-9_-]+)", message.body)
    assert match, message.body
    return match.group(1)


def invite(secretary, person, **form) -> str:
    response = secretary.post(f"/register/personer/{person.id}/konto/inviter", data=form)
    assert response.status_code == 302
    return response.headers["Location"]


def account_of(email: str) -> User | None:
    db.session.expire_all()
    return db.session.scalar(select(User).where(User.email == email))


def person_page(secretary, person) -> str:
    return page_text(secretary.get(f"/register/personer/{person.id}").get_data(as_text=True))


def test_an_invited_member_chooses_a_password_and_sees_the_draft_agenda(secretary, app, nuit_member):
    person, meeting = nuit_member
    assert "Ingen konto" in person_page(secretary, person)

    back = invite(secretary, person)
    assert back.endswith(f"/register/personer/{person.id}#konto")
    page = person_page(secretary, person)
    assert "Invitasjonen er sendt. Lenken i e-posten er gyldig til" in page
    assert "Invitert, utløper" in page

    [message] = outbox("account_invitation")
    assert message.to_address == MEMBER_EMAIL
    assert message.subject == "Invitasjon til Møtebok"
    assert f"Til {MEMBER_NAME}" in message.body
    assert "sekretar@example.no har invitert deg til Møtebok" in message.body
    assert "NUIT (Prioriteringsutvalget)" in message.body
    assert re.search(r"gyldig til \d{1,2}\. \w+ \d{4} kl\. \d\d\.\d\d\.", message.body)
    link = link_in(message)

    invited = app.test_client()  # the member's own browser
    form = invited.get(link)
    assert form.status_code == 200
    assert form.headers["Referrer-Policy"] == "no-referrer" and form.headers["Cache-Control"] == "no-store"
    assert "Velg et passord for kontoen din" in page_text(form.get_data(as_text=True))
    assert MEMBER_EMAIL in form.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.scalar(select(AccountToken.used_at)) is None  # opening it used nothing

    mismatch = invited.post(link, data={"password": NEW_PASSWORD, "confirmation": "noe-annet-1234"})
    assert mismatch.status_code == 400
    assert "Passordene er ikke like" in mismatch.get_data(as_text=True)
    short = invited.post(link, data={"password": "kort", "confirmation": "kort"})
    assert short.status_code == 400
    assert "Passordet må ha minst 10 tegn." in short.get_data(as_text=True)
    assert not account_of(MEMBER_EMAIL).check_password("kort")

    done = invited.post(link, data={"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert done.status_code == 302 and done.headers["Location"] == "/mitt"  # a member's home page
    home = page_text(invited.get("/mitt").get_data(as_text=True))
    assert "Passordet er satt, og du er logget inn." in home and MEMBER_EMAIL in home

    user = account_of(MEMBER_EMAIL)
    assert user.person_id == person.id and user.roles == set() and user.active
    assert user.last_login_at is not None
    meeting_url = f"/utvalg/NUIT/moter/{meeting.year}/{meeting.number}"
    assert "Sak nummer 1" in invited.get(meeting_url).get_data(as_text=True)
    assert "Sak nummer 1" not in app.test_client().get(meeting_url).get_data(as_text=True)

    invited.post("/logg-ut")
    again = app.test_client().post("/logg-inn", data={"email": MEMBER_EMAIL, "password": NEW_PASSWORD})
    assert again.status_code == 302
    assert "Aktiv konto" in person_page(secretary, person)

    used = app.test_client().get(link)
    assert used.status_code == 410
    assert "Lenken er allerede brukt" in used.get_data(as_text=True)
    reused = app.test_client().post(link, data={"password": "et-annet-passord-9",
                                               "confirmation": "et-annet-passord-9"})
    assert reused.status_code == 410
    assert account_of(MEMBER_EMAIL).check_password(NEW_PASSWORD)


def test_the_audit_names_who_invited_and_who_chose_the_password_and_hides_the_secret(
        secretary, app, nuit_member):
    person, _meeting = nuit_member
    invite(secretary, person)
    link = link_in(outbox("account_invitation")[0])
    app.test_client().post(link, data={"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    secret = link.rsplit("/", 1)[1]

    events = db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type.in_(("User", "AccountToken")))).all()
    created = [e for e in events if e.object_type == "AccountToken" and e.action == "create"]
    assert created and all(e.actor == "sekretar@example.no" for e in created)
    used = [e for e in events if e.field == "used_at"]
    assert used and all(e.actor == MEMBER_EMAIL for e in used)
    hashes = [e for e in events if e.field in ("token_hash", "password_hash")]
    assert hashes and all(e.new_value == "***" for e in hashes)
    assert not any(secret in (e.new_value or "") for e in events)


def test_an_invitation_link_expires_after_72_hours(secretary, app, nuit_member):
    person, _meeting = nuit_member
    with time_machine.travel(T0, tick=False) as traveller:
        invite(secretary, person)
        [message] = outbox("account_invitation")
        assert "gyldig til 9. desember 2026 kl. 14.30." in message.body
        link = link_in(message)
        traveller.shift(timedelta(hours=71, minutes=59))
        assert app.test_client().get(link).status_code == 200
        traveller.shift(timedelta(minutes=2))
        expired = app.test_client().get(link)
        assert expired.status_code == 410
        assert "Lenken er utløpt. Be sekretariatet sende invitasjonen på nytt." in page_text(
            expired.get_data(as_text=True))
        refused = app.test_client().post(link, data={"password": NEW_PASSWORD,
                                                     "confirmation": NEW_PASSWORD})
        assert refused.status_code == 410
        assert not account_of(MEMBER_EMAIL).check_password(NEW_PASSWORD)
        assert "Invitasjonen er utløpt" in person_page(secretary, person)


def test_sending_again_voids_the_older_link(secretary, app, nuit_member):
    person, _meeting = nuit_member
    invite(secretary, person)
    response = secretary.post(f"/register/personer/{person.id}/konto/send-pa-nytt")
    assert response.status_code == 302
    first, second = outbox("account_invitation")
    old = app.test_client().get(link_in(first))
    assert old.status_code == 410
    assert "erstattet av en nyere" in old.get_data(as_text=True)
    assert app.test_client().get(link_in(second)).status_code == 200
    assert db.session.scalar(select(func.count(User.id)).where(User.email == MEMBER_EMAIL)) == 1


def test_withdrawing_an_invitation_voids_its_link_after_a_confirmation(secretary, app, nuit_member):
    person, _meeting = nuit_member
    invite(secretary, person)
    link = link_in(outbox("account_invitation")[0])

    confirm = secretary.get(f"/register/personer/{person.id}/konto/trekk-tilbake")
    assert confirm.status_code == 200
    assert f"Trekke tilbake invitasjonen til {MEMBER_NAME}?" in page_text(confirm.get_data(as_text=True))
    assert app.test_client().get(link).status_code == 200  # nothing happens before the POST

    secretary.post(f"/register/personer/{person.id}/konto/trekk-tilbake")
    assert app.test_client().get(link).status_code == 410
    assert not account_of(MEMBER_EMAIL).active
    page = person_page(secretary, person)
    assert "Invitasjonen er trukket tilbake." in page and "Ingen konto" in page

    invite(secretary, person)  # invited again later: the same account, a new link that works
    assert app.test_client().get(link_in(outbox("account_invitation")[-1])).status_code == 200
    assert account_of(MEMBER_EMAIL).active


def test_inviting_from_the_member_list_shows_the_state_there(secretary, app, nuit_member):
    person, _meeting = nuit_member
    page = page_text(secretary.get("/register/utvalg/NUIT").get_data(as_text=True))
    assert f"{MEMBER_NAME}" in page and "Ingen konto Inviter" in page

    back = invite(secretary, person, utvalg="NUIT")
    assert back.endswith("/register/utvalg/NUIT#medlemmer")
    page = page_text(secretary.get("/register/utvalg/NUIT").get_data(as_text=True))
    assert "Invitert, utløper" in page and "Send invitasjonen på nytt" in page


def test_invitations_that_cannot_be_sent_are_refused_and_change_nothing(secretary, app, nuit_member):
    person, _meeting = nuit_member
    no_address = councils.create_person("Uten Epost")
    create_user("opptatt@example.no", "langt-passord-1", ["archivist"])
    taken = councils.create_person("Per Opptatt", email="opptatt@example.no")
    db.session.commit()

    invite(secretary, no_address)
    assert "Personen har ingen e-postadresse" in person_page(secretary, no_address)
    invite(secretary, taken)
    assert "E-postadressen brukes allerede av en annen konto" in person_page(secretary, taken)
    assert outbox("account_invitation") == []
    assert db.session.scalar(select(func.count(User.id)).where(User.person_id.is_not(None))) == 0

    invite(secretary, person)
    app.test_client().post(link_in(outbox("account_invitation")[0]),
                           data={"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    invite(secretary, person)
    assert "Personen har allerede en aktiv konto." in person_page(secretary, person)
    assert len(outbox("account_invitation")) == 1


def test_only_the_secretariat_invites(app, nuit_member):
    person, _meeting = nuit_member
    anonymous = app.test_client()
    response = anonymous.post(f"/register/personer/{person.id}/konto/inviter")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
    member = app.test_client()
    login(member, app, email="uten.rolle@example.no", roles=())
    assert member.post(f"/register/personer/{person.id}/konto/inviter").status_code == 403
    assert member.get(f"/register/personer/{person.id}/konto/trekk-tilbake").status_code == 403
    assert outbox("account_invitation") == []


def test_an_unknown_link_gets_a_clear_page_and_no_form(app):
    response = app.test_client().get("/konto/invitasjon/finnes-ikke")
    assert response.status_code == 404
    text = page_text(response.get_data(as_text=True))
    assert "Lenken er ikke gyldig" in text and "Til innloggingen" in text
    assert 'type="password"' not in response.get_data(as_text=True)


def test_a_password_chosen_from_the_link_begins_a_fresh_session_like_the_login_form(
        secretary, app, nuit_member):
    """A new CSRF token and the idle expiry (a permanent session), as after the login form."""
    person, _meeting = nuit_member
    invite(secretary, person)
    link = link_in(outbox("account_invitation")[0])
    invited = app.test_client()
    invited.get(link)
    with invited.session_transaction() as before:
        before["csrf_token"] = "the-token-before"
    done = invited.post(link, data={"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert done.status_code == 302
    with invited.session_transaction() as after:
        assert after.permanent
        assert after.get("csrf_token") != "the-token-before"
        assert after.get("_user_id", "").startswith(f"{account_of(MEMBER_EMAIL).id}:")
