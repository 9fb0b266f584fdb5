"""Outgoing e-mail through an outbox table.

Services only ``queue`` messages (in the same transaction as the change they report); the
scheduler's job ``send_pending`` delivers them over SMTP. A mail server that is down delays
messages and loses none: each failure is retried with a growing pause, and after the last retry
the message is marked failed, where an admin sees it and can retry it. A refusal of one message
(say "550 no such mailbox") marks that message failed at once and does not hold up the others; an
unreachable server postpones the whole batch.

A message is claimed before it is sent (its next attempt is pushed ahead and committed), so two
senders never pick the same message, even without the job lock.
"""
import logging
import re
import smtplib
from datetime import timedelta
from email.message import EmailMessage
from email.utils import make_msgid

from flask import current_app, url_for
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError

from app.extensions import db
from app.models import OutboxMessage, OutboxStatus
from app.services import ServiceError
from app.services.core import clock

log = logging.getLogger(__name__)

MAX_ATTEMPTS = 20
CLAIM_SECONDS = 300
BATCH_SIZE = 100


def external_url(endpoint: str, **values) -> str:
    """An absolute link for an e-mail, from BASE_URL (also outside a request: the scheduler)."""
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        return url_for(endpoint, _external=True, **values)


def backoff(attempts: int) -> timedelta:
    """1, 2, 4 … minutes after each failure, at most an hour."""
    return timedelta(minutes=min(2 ** max(attempts - 1, 0), 60))


def queue(to_address: str, subject: str, body: str, kind: str,
          dedupe_key: str | None = None) -> OutboxMessage | None:
    """Add a message to the outbox. With a ``dedupe_key`` already used, nothing is added (returns
    None): that is how a reminder is never queued twice."""
    if dedupe_key is not None and db.session.scalar(
            select(OutboxMessage.id).where(OutboxMessage.dedupe_key == dedupe_key)):
        return None
    message = OutboxMessage(to_address=to_address, subject=subject, body=body, kind=kind,
                            dedupe_key=dedupe_key, next_attempt_at=clock.now())
    try:
        with db.session.begin_nested():
            db.session.add(message)
    except IntegrityError:  # queued at the same moment by another process
        return None
    return message


def _due_ids(now) -> list[int]:
    return db.session.scalars(
        select(OutboxMessage.id).where(OutboxMessage.status == OutboxStatus.PENDING,
                                       OutboxMessage.next_attempt_at <= now)
        .order_by(OutboxMessage.id).limit(BATCH_SIZE)).all()


def _claim(message_id: int) -> dict | None:
    """Push the message's next attempt ahead and commit, so no other sender picks it while this
    one talks to the mail server. Returns what the e-mail needs, or None when another sender has
    the message (or it is no longer due). No transaction stays open while the e-mail is sent."""
    now = clock.now()
    result = db.session.execute(
        update(OutboxMessage)
        .where(OutboxMessage.id == message_id, OutboxMessage.status == OutboxStatus.PENDING,
               OutboxMessage.next_attempt_at <= now)
        .values(next_attempt_at=now + timedelta(seconds=CLAIM_SECONDS))
        .execution_options(synchronize_session=False))
    claimed = None
    if result.rowcount == 1:
        message = db.session.get(OutboxMessage, message_id)
        claimed = {"to": message.to_address, "subject": message.subject, "body": message.body}
    db.session.commit()
    return claimed


def _as_email(to_address: str, subject: str, body: str) -> EmailMessage:
    email = EmailMessage()
    email["From"] = current_app.config["MAIL_FROM"]
    email["To"] = to_address
    email["Subject"] = subject
    email["Message-ID"] = make_msgid(domain="motebok")
    email.set_content(body)
    return email


def _connect() -> smtplib.SMTP:
    cfg = current_app.config
    smtp = smtplib.SMTP(cfg["MAIL_SERVER"], int(cfg["MAIL_PORT"]), timeout=20)
    if cfg["MAIL_USE_TLS"]:
        smtp.starttls()
    if cfg["MAIL_USERNAME"]:
        smtp.login(cfg["MAIL_USERNAME"], cfg["MAIL_PASSWORD"] or "")
    return smtp


# Refusals of one message (its address, its size …); the connection stays usable for the others.
_MESSAGE_ERRORS = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError,
                   smtplib.SMTPNotSupportedError, ValueError)


def _codes(error: Exception) -> list[int]:
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        return [code for code, _ in error.recipients.values()]
    return [error.smtp_code] if isinstance(error, smtplib.SMTPResponseException) else []


def _message_specific(error: Exception) -> bool:
    """True when the server refused this one message; False when the server itself is unreachable,
    disconnected or unavailable (421), so the rest of the batch would fail the same way."""
    return isinstance(error, _MESSAGE_ERRORS) and 421 not in _codes(error)


def _permanent(error: Exception) -> bool:
    """A 5xx refusal (e.g. "550 no such mailbox") or a message that cannot be encoded: retrying
    will not help, so the message is marked failed at once for an admin to look at."""
    codes = _codes(error)
    if codes:
        return all(code >= 500 for code in codes)
    return isinstance(error, (smtplib.SMTPNotSupportedError, ValueError))


def _failed(message_id: int, error: Exception, permanent: bool = False) -> None:
    message = db.session.get(OutboxMessage, message_id)
    message.attempts += 1
    message.last_error = f"{type(error).__name__}: {error}"[:2000]
    if permanent or message.attempts >= MAX_ATTEMPTS:
        message.status = OutboxStatus.FAILED
    message.next_attempt_at = clock.now() + backoff(message.attempts)
    log.warning("E-post %s til %s ikke sendt (forsøk %s%s): %s", message.id, message.to_address,
                message.attempts, ", gitt opp" if message.status == OutboxStatus.FAILED else "",
                message.last_error)
    db.session.commit()


# A one-time link (an invitation, a password reset: app/services/registry/accounts.py) opens an
# account. Once the e-mail has gone, the outbox keeps the message without the link's secret.
ONE_TIME_LINK = re.compile(r"(/konto/(?:invitasjon|nytt-passord)/)[A-Za-z0-9_-]+")
SENT_LINK_PLACEHOLDER = r"\1[fjernet etter sending]"


def _sent(message_id: int) -> None:
    message = db.session.get(OutboxMessage, message_id)
    message.body = ONE_TIME_LINK.sub(SENT_LINK_PLACEHOLDER, message.body)
    message.status, message.sent_at, message.last_error = OutboxStatus.SENT, clock.now(), None
    message.attempts += 1
    db.session.commit()


def send_pending() -> dict:
    """Send what is due. Returns counts: sent, failed (this round), logged (no MAIL_SERVER)."""
    now = clock.now()
    counts = {"sent": 0, "failed": 0, "logged": 0}
    ids = _due_ids(now)
    db.session.commit()
    if not ids:
        return counts
    if not current_app.config.get("MAIL_SERVER"):
        for message in db.session.scalars(select(OutboxMessage).where(OutboxMessage.id.in_(ids))):
            log.info("E-post (MAIL_SERVER er ikke satt, ikke sendt) til %s: %s\n%s",
                     message.to_address, message.subject, message.body)
            # Kept in the outbox; not picked up again until someone sets MAIL_SERVER and retries.
            message.next_attempt_at = now + timedelta(days=3650)
            message.last_error = "MAIL_SERVER er ikke satt; meldingen er skrevet til loggen."
            counts["logged"] += 1
        db.session.commit()
        return counts
    smtp = None
    try:
        for position, message_id in enumerate(ids):
            claimed = _claim(message_id)
            if claimed is None:
                continue
            try:
                email = _as_email(claimed["to"], claimed["subject"], claimed["body"])
                if smtp is None:
                    smtp = _connect()
                smtp.send_message(email)
            except (OSError, ValueError) as error:  # smtplib's errors are OSErrors
                server_down = smtp is None or not _message_specific(error)
                _failed(message_id, error, permanent=not server_down and _permanent(error))
                counts["failed"] += 1
                if server_down:
                    counts["failed"] += _postpone_rest(ids[position + 1:], error)
                    break
                continue
            _sent(message_id)
            counts["sent"] += 1
    finally:
        if smtp is not None:
            try:
                smtp.quit()
            except OSError:
                pass
    return counts


def _postpone_rest(ids: list[int], error: Exception) -> int:
    """The server is unreachable: the rest of the batch waits too (each counts an attempt)."""
    postponed = 0
    for message_id in ids:
        if _claim(message_id) is not None:
            _failed(message_id, error)
            postponed += 1
    return postponed


def retry(message: OutboxMessage) -> None:
    """An admin sends a failed (or logged) message again."""
    if message.status == OutboxStatus.SENT:
        raise ServiceError(_l("Meldingen er allerede sendt."))
    message.status, message.attempts = OutboxStatus.PENDING, 0
    message.next_attempt_at = clock.now()
    db.session.flush()
