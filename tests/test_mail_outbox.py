"""E-mail through the outbox, delivered to a real SMTP server (aiosmtpd) started by the test.

What a council member notices: one notice e-mail each, with a working link, in readable Norwegian;
nothing lost and nothing doubled while the mail server is down; what an admin sees when a message
cannot be delivered.
"""
from datetime import UTC, datetime, timedelta
from email.utils import parseaddr

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import MembershipRole, OutboxMessage, OutboxStatus
from app.services.core import mail
from app.services.planning import meetings, notice
from app.services.registry import councils
from tests.factories import make_council, make_meeting
from tests.smtp_sink import SmtpSink

BASE_URL = "https://motebok.example.no"
T0 = datetime(2022, 5, 10, 7, 0, tzinfo=UTC)


@pytest.fixture
def smtp(app):
    sink = SmtpSink().start()
    app.config.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=sink.port, MAIL_USE_TLS=False,
                      MAIL_USERNAME=None, BASE_URL=BASE_URL,
                      MAIL_FROM="Møtebok – NUIT <motebok@example.no>")
    yield sink
    sink.stop()


MEMBERS = [("Kåre Ærlig Øvrebø", "kare@example.no", MembershipRole.LEADER),
           ("Åse Bjørk", "ase@example.no", MembershipRole.MEMBER),
           ("Per Ås", "per@example.no", MembershipRole.OBSERVER)]


def _council_with_members():
    council = make_council()
    for name, email, role in MEMBERS:
        councils.ensure_membership(councils.upsert_person(name, email=email), council, role)
    # A member without an e-mail address gets nothing (and breaks nothing).
    councils.ensure_membership(councils.upsert_person("Uten Epost"), council, MembershipRole.MEMBER)
    db.session.commit()
    return council


def _issued_meeting(**kwargs):
    council = _council_with_members()
    meeting = make_meeting(council, location="Møterom Ålesund, Grønland", **kwargs)
    notice.issue_notice(meeting.id)
    db.session.commit()
    return meeting


def _outbox():
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).order_by(OutboxMessage.id)).all()


def _utc(value: datetime) -> datetime:
    """SQLite gives naive datetimes back (stored in UTC), PostgreSQL aware ones."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def test_notice_is_queued_per_member_and_delivered_with_link_and_norwegian_letters(app, smtp):
    meeting = _issued_meeting()
    queued = _outbox()
    assert sorted(m.to_address for m in queued) == sorted(email for _, email, _ in MEMBERS)
    assert {m.status for m in queued} == {OutboxStatus.PENDING}
    link = f"{BASE_URL}/utvalg/NUIT/moter/{meeting.year}/{meeting.number}"
    assert all(link in m.body for m in queued)
    assert smtp.envelopes == [], "nothing leaves before the job runs"

    counts = mail.send_pending()

    assert counts == {"sent": 3, "failed": 0, "logged": 0}
    assert smtp.per_recipient() == {email: 1 for _, email, _ in MEMBERS}
    received = {parseaddr(m["To"])[1]: m for m in smtp.messages()}
    kare = received["kare@example.no"]
    assert str(kare["From"]) == "Møtebok – NUIT <motebok@example.no>"
    assert str(kare["Subject"]) == f"Innkalling: NUIT møte {meeting.number}/22 19. mai 2022"
    body = smtp.text(kare)
    assert body.startswith("Til Kåre Ærlig Øvrebø\n")
    assert (f"Du er innkalt til NUIT møte {meeting.number}/22 19. mai 2022 kl. 08.30, "
            "Møterom Ålesund, Grønland.") in body
    assert f"Innkalling, dagsorden og sakspapirer: {link}" in body
    assert "Hilsen sekretariatet" in body
    assert "Åse Bjørk" in smtp.text(received["ase@example.no"])
    # The link works: it is the public meeting page.
    assert app.test_client().get(link.removeprefix(BASE_URL)).status_code == 200

    sent = _outbox()
    assert {m.status for m in sent} == {OutboxStatus.SENT}
    assert all(m.sent_at is not None and m.attempts == 1 and m.last_error is None for m in sent)
    assert mail.send_pending() == {"sent": 0, "failed": 0, "logged": 0}
    assert len(smtp.envelopes) == 3, "a sent message is never sent again"


def test_server_down_keeps_messages_and_delivers_each_once_when_it_returns(app, smtp):
    with time_machine.travel(T0, tick=False) as traveller:
        _issued_meeting()
        smtp.stop()

        counts = mail.send_pending()

        assert counts == {"sent": 0, "failed": 3, "logged": 0}
        waiting = _outbox()
        assert {m.status for m in waiting} == {OutboxStatus.PENDING}
        assert [m.attempts for m in waiting] == [1, 1, 1]
        assert all("ConnectionRefusedError" in m.last_error for m in waiting)
        assert {_utc(m.next_attempt_at) for m in waiting} == {T0 + mail.backoff(1)}
        assert mail.backoff(1) == timedelta(minutes=1)

        # Before the pause is over nothing is tried (and no attempt is counted).
        traveller.shift(timedelta(seconds=30))
        assert mail.send_pending() == {"sent": 0, "failed": 0, "logged": 0}
        assert [m.attempts for m in _outbox()] == [1, 1, 1]

        # Down for the second try too: the pause doubles.
        traveller.shift(timedelta(seconds=31))
        assert mail.send_pending()["failed"] == 3
        second = _outbox()
        assert [m.attempts for m in second] == [2, 2, 2]
        assert {_utc(m.next_attempt_at) for m in second} == {T0 + timedelta(seconds=61, minutes=2)}

        traveller.shift(timedelta(minutes=2))
        smtp.start()  # the same port again
        assert mail.send_pending() == {"sent": 3, "failed": 0, "logged": 0}
        traveller.shift(timedelta(hours=2))
        assert mail.send_pending() == {"sent": 0, "failed": 0, "logged": 0}

    assert smtp.per_recipient() == {email: 1 for _, email, _ in MEMBERS}
    delivered = _outbox()
    assert {m.status for m in delivered} == {OutboxStatus.SENT}
    assert [m.attempts for m in delivered] == [3, 3, 3]
    assert all(m.last_error is None for m in delivered)


def test_after_the_last_retry_a_message_is_failed_and_an_admin_can_retry_it(app, smtp):
    smtp.stop()
    with time_machine.travel(T0, tick=False) as traveller:
        mail.queue("kare@example.no", "Prøve", "Hei på deg, Kåre!", "test")
        db.session.commit()
        for attempt in range(1, mail.MAX_ATTEMPTS + 1):
            assert mail.send_pending()["failed"] == 1
            message = _outbox()[0]
            assert message.attempts == attempt
            expected = OutboxStatus.FAILED if attempt == mail.MAX_ATTEMPTS else OutboxStatus.PENDING
            assert message.status == expected
            traveller.shift(timedelta(hours=1, seconds=1))
        # Given up: never tried again on its own.
        traveller.shift(timedelta(days=7))
        assert mail.send_pending() == {"sent": 0, "failed": 0, "logged": 0}
        assert _outbox()[0].attempts == mail.MAX_ATTEMPTS

        smtp.start()
        mail.retry(_outbox()[0])
        db.session.commit()
        message = _outbox()[0]
        assert (message.status, message.attempts) == (OutboxStatus.PENDING, 0)
        assert mail.send_pending() == {"sent": 1, "failed": 0, "logged": 0}

    assert smtp.per_recipient() == {"kare@example.no": 1}
    assert smtp.text(smtp.messages()[0]).strip() == "Hei på deg, Kåre!"
    with pytest.raises(mail.ServiceError, match="allerede sendt"):
        mail.retry(_outbox()[0])


def test_a_refused_address_fails_at_once_and_does_not_hold_up_the_others(app, smtp):
    smtp.refuse = {"finnes-ikke@example.no"}
    for address in ("kare@example.no", "finnes-ikke@example.no", "ase@example.no"):
        mail.queue(address, "Innkalling", "Tekst", "test")
    db.session.commit()

    assert mail.send_pending() == {"sent": 2, "failed": 1, "logged": 0}

    by_address = {m.to_address: m for m in _outbox()}
    refused = by_address["finnes-ikke@example.no"]
    assert refused.status == OutboxStatus.FAILED
    assert "550" in refused.last_error and "Mottakeren finnes ikke" in refused.last_error
    assert {by_address["kare@example.no"].status, by_address["ase@example.no"].status} == {
        OutboxStatus.SENT}
    assert smtp.per_recipient() == {"kare@example.no": 1, "ase@example.no": 1}


def test_without_mail_server_messages_are_logged_and_kept(app, caplog):
    app.config.update(MAIL_SERVER=None, BASE_URL=BASE_URL)
    _issued_meeting()
    caplog.set_level("INFO", logger="app.services.core.mail")

    assert mail.send_pending() == {"sent": 0, "failed": 0, "logged": 3}

    logged = [r.getMessage() for r in caplog.records if "MAIL_SERVER er ikke satt" in r.getMessage()]
    assert len(logged) == 3
    assert any("kare@example.no" in line and "Innkalling: NUIT møte" in line
               and "Til Kåre Ærlig Øvrebø" in line for line in logged)
    kept = _outbox()
    assert len(kept) == 3
    assert all(m.status == OutboxStatus.PENDING and m.sent_at is None for m in kept)
    assert all("MAIL_SERVER er ikke satt" in m.last_error for m in kept)

    caplog.clear()
    assert mail.send_pending() == {"sent": 0, "failed": 0, "logged": 0}
    assert not caplog.records, "a logged message is not written to the log on every run"


SECRET = "Oppkjøp av Fjordklinikken AS"


def test_notice_mail_never_carries_an_exempt_case_title(app, smtp):
    council = _council_with_members()
    meeting = make_meeting(council, cases=1)
    meetings.add_case_item(meeting, f"{SECRET}: forhandlingsposisjon", item_type="Drøfting",
                           presenters=["Kari Nordmann"], exempt=True, legal_basis="offl. § 23",
                           public_title="Unntatt offentlighet",
                           proposal_body={"text": f"Rådet støtter {SECRET}."})
    db.session.commit()
    notice.issue_notice(meeting.id)
    db.session.commit()
    from app.services.proceedings import notifications

    notifications.papers_updated(meeting)
    db.session.commit()

    queued = _outbox()
    assert {m.kind for m in queued} == {"notice_issued", "papers_updated"}
    assert len(queued) == 6
    for message in queued:
        for secret in ("Fjordklinikken", "forhandlingsposisjon"):
            assert secret not in message.subject and secret not in message.body
    mail.send_pending()
    assert len(smtp.envelopes) == 6
    assert all(b"Fjordklinikken" not in e.original_content for e in smtp.envelopes)


def test_a_one_time_link_leaves_the_outbox_once_the_e_mail_has_gone(app, smtp):
    """The recipient gets the reset link; the outbox keeps the message without its secret, and
    the link still works."""
    import re

    from app.services.registry import accounts
    from app.services.registry.users import create_user

    create_user("glemsk@example.no", "gammelt-passord-123", [])
    accounts.request_password_reset("glemsk@example.no")
    db.session.commit()
    assert mail.send_pending()["sent"] == 1

    [delivered] = smtp.messages()
    link = re.search(r"https://\S+/konto/nytt-passord/([A-Za-z0-9_-]+)", smtp.text(delivered))
    assert link is not None
    secret = link.group(1)
    [stored] = _outbox()
    assert stored.status == OutboxStatus.SENT
    assert secret not in stored.body
    assert "/konto/nytt-passord/[fjernet etter sending]" in stored.body
    assert accounts.redeem(secret, "password_reset", "nytt-passord-4567", "nytt-passord-4567")
