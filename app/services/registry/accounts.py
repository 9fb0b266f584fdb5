"""Accounts for the people of the register: invitations and password resets (the admin's changes:
user_admin.py).

A person of the register gets a login by invitation: an account with no role (a member's rights
come from the memberships) and no usable password, linked to the person, and an e-mail with a
one-time link to choose a password. A forgotten password is replaced through the same kind of link.

The links carry a secret (``secrets.token_urlsafe``); only its SHA-256 is stored
(``AccountToken.token_hash``). A link works once, until it expires, and only while it is the newest
of its kind: a new one revokes the older ones, and using one revokes every other open link of the
account.
"""
import hashlib
import secrets
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.formatting import join_names, long_date
from app.models import AccountToken, Person, TokenPurpose, User
from app.services import FieldError, ServiceError
from app.services.core import clock, mail
from app.services.core.mail import external_url
from app.services.core.records import add
from app.services.registry.councils import EMAIL
from app.services.registry.users import MIN_PASSWORD_LENGTH, user_by_email

# What an account waiting for its first password has instead of a hash: no password matches it
# (werkzeug's check_password_hash finds no method in it).
UNUSABLE_PASSWORD = "!"
MAX_PASSWORD_LENGTH = 200


def has_password(user: User) -> bool:
    return bool(user.password_hash) and not user.password_hash.startswith(UNUSABLE_PASSWORD)


def _aware(moment: datetime | None) -> datetime | None:
    """SQLite gives stored moments back without a time zone; they are UTC."""
    if moment is not None and moment.tzinfo is None:
        return moment.replace(tzinfo=UTC)
    return moment


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def expiry_text(moment: datetime) -> str:
    """'9. desember 2026 kl. 14.30', Oslo time (e-mails are Norwegian)."""
    local = _aware(moment).astimezone(clock.OSLO)
    return f"{long_date(local.date())} kl. {local.strftime('%H.%M')}"


# --- Reading the state of an account --------------------------------------------------------------

def open_tokens(user: User, purpose: str | None = None) -> list[AccountToken]:
    """The user's links that still work: not used, not revoked, not expired."""
    query = select(AccountToken).where(AccountToken.user_id == user.id,
                                       AccountToken.used_at.is_(None),
                                       AccountToken.revoked_at.is_(None),
                                       AccountToken.expires_at > clock.now())
    if purpose is not None:
        query = query.where(AccountToken.purpose == purpose)
    return list(db.session.scalars(query.order_by(AccountToken.id)))


def account_of(person: Person) -> User | None:
    """The account linked to the person: an active one first, then the newest."""
    return db.session.scalars(select(User).where(User.person_id == person.id)
                              .order_by(User.active.desc(), User.id.desc())).first()


class AccountState:
    NONE = "none"
    INVITED = "invited"
    INVITATION_EXPIRED = "invitation_expired"
    ACTIVE = "active"
    DEACTIVATED = "deactivated"


@dataclass(frozen=True)
class AccountStatus:
    """What the person page and the lists show of a person's (or a user's) account."""

    state: str
    user: User | None = None
    expires_at: datetime | None = None

    @property
    def can_invite(self) -> bool:
        return self.state == AccountState.NONE

    @property
    def can_resend(self) -> bool:
        return self.state in (AccountState.INVITED, AccountState.INVITATION_EXPIRED)

    @property
    def can_revoke(self) -> bool:
        return self.state == AccountState.INVITED


_NOT_LOOKED_UP = object()


def _invitations_expiring(user_ids: list[int]) -> dict[int, datetime]:
    """When the open invitation of each of these accounts expires (one query for all)."""
    if not user_ids:
        return {}
    rows = db.session.execute(
        select(AccountToken.user_id, func.max(AccountToken.expires_at))
        .where(AccountToken.user_id.in_(user_ids), AccountToken.purpose == TokenPurpose.INVITATION,
               AccountToken.used_at.is_(None), AccountToken.revoked_at.is_(None),
               AccountToken.expires_at > clock.now())
        .group_by(AccountToken.user_id))
    return {user_id: _aware(expires) for user_id, expires in rows}


def status_of_user(user: User | None, invitation_expires=_NOT_LOOKED_UP) -> AccountStatus:
    if user is None:
        return AccountStatus(AccountState.NONE)
    if has_password(user):
        return AccountStatus(AccountState.ACTIVE if user.active else AccountState.DEACTIVATED, user)
    if not user.active:  # the invitation was withdrawn before it was used
        return AccountStatus(AccountState.NONE, user)
    if invitation_expires is _NOT_LOOKED_UP:
        invitation_expires = _invitations_expiring([user.id]).get(user.id)
    if invitation_expires is not None:
        return AccountStatus(AccountState.INVITED, user, invitation_expires)
    return AccountStatus(AccountState.INVITATION_EXPIRED, user)


def statuses_of_users(users: list[User]) -> list[AccountStatus]:
    """The status of each account, in a fixed number of queries (list pages)."""
    expiring = _invitations_expiring([u.id for u in users if u.active and not has_password(u)])
    return [status_of_user(u, expiring.get(u.id)) for u in users]


def status_of(person: Person) -> AccountStatus:
    return status_of_user(account_of(person))


def statuses_of(people: list[Person]) -> dict[int, AccountStatus]:
    """The account status of each person (by id), for a list page."""
    if not people:
        return {}
    ids = [p.id for p in people]
    accounts: dict[int, User] = {}
    for user in db.session.scalars(select(User).where(User.person_id.in_(ids))
                                   .order_by(User.active, User.id)):
        accounts[user.person_id] = user  # the last wins: active first, then the newest
    statuses = dict(zip(accounts, statuses_of_users(list(accounts.values())), strict=True))
    return {p.id: statuses.get(p.id, AccountStatus(AccountState.NONE)) for p in people}


# --- Links ----------------------------------------------------------------------------------------

def _lifetime(purpose: str) -> timedelta:
    key = "INVITATION_HOURS" if purpose == TokenPurpose.INVITATION else "PASSWORD_RESET_HOURS"
    return timedelta(hours=int(current_app.config[key]))


def revoke_open_links(user: User, purpose: str | None = None, keep: AccountToken | None = None) -> None:
    now = clock.now()
    for token in open_tokens(user, purpose):
        if token is not keep:
            token.revoked_at = now


def _issue(user: User, purpose: str, actor: User | None) -> tuple[str, AccountToken]:
    """A new link for the user; the older open links of the same kind stop working."""
    revoke_open_links(user, purpose)
    secret = secrets.token_urlsafe(32)
    now = clock.now()
    token = add(AccountToken(user_id=user.id, purpose=purpose, token_hash=_hash(secret),
                             created_at=now, expires_at=now + _lifetime(purpose),
                             created_by_id=actor.id if actor is not None else None))
    return secret, token


class LinkRefused(ServiceError):
    """A link that does not work (any more). ``gone`` is True for a link that once worked (used,
    withdrawn, replaced or expired): the page answers 410 instead of 404."""

    def __init__(self, message, gone: bool):
        super().__init__(message)
        self.gone = gone


def _refusal(purpose: str, reason: str) -> LinkRefused:
    again = (_l("Be sekretariatet sende invitasjonen på nytt.") if purpose == TokenPurpose.INVITATION
             else _l("Be om en ny lenke på siden «Glemt passordet?»."))
    texts = {
        "unknown": _l("Lenken er ikke gyldig. Kontroller at du har med hele lenken fra e-posten. "
                      "%(again)s", again=again),
        "used": _l("Lenken er allerede brukt. Logg inn med passordet du valgte, eller %(again)s",
                   again=_l("be om en ny lenke på siden «Glemt passordet?».")),
        "revoked": _l("Lenken er ikke lenger gyldig: den er erstattet av en nyere eller trukket "
                      "tilbake. Bruk lenken i den nyeste e-posten. %(again)s", again=again),
        "expired": _l("Lenken er utløpt. %(again)s", again=again),
        "inactive": _l("Kontoen er deaktivert. Ta kontakt med sekretariatet."),
    }
    return LinkRefused(texts[reason], gone=reason != "unknown")


def open_token(secret: str, purpose: str, lock: bool = False) -> AccountToken:
    """The working link with this secret, or LinkRefused saying why not. Reads only."""
    query = select(AccountToken).where(AccountToken.token_hash == _hash(secret or ""),
                                       AccountToken.purpose == purpose)
    if lock:  # two tabs redeeming the same link: the second waits, then finds it used
        query = query.with_for_update().execution_options(populate_existing=True)
    token = db.session.scalar(query) if secret and len(secret) <= 100 else None
    if token is None:
        raise _refusal(purpose, "unknown")
    if token.used_at is not None:
        raise _refusal(purpose, "used")
    if token.revoked_at is not None:
        raise _refusal(purpose, "revoked")
    if _aware(token.expires_at) <= clock.now():
        raise _refusal(purpose, "expired")
    if not token.user.active:
        raise _refusal(purpose, "inactive")
    return token


def check_new_password(password: str | None, confirmation: str | None,
                       field: str = "password", confirmation_field: str = "confirmation") -> str:
    password = password or ""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise FieldError(field, _l("Passordet må ha minst %(min_length)s tegn.",
                                   min_length=MIN_PASSWORD_LENGTH))
    if len(password) > MAX_PASSWORD_LENGTH:
        raise FieldError(field, _l("Passordet kan ha høyst %(max_length)s tegn.",
                                   max_length=MAX_PASSWORD_LENGTH))
    if password != (confirmation or ""):
        raise FieldError(confirmation_field, _l("Passordene er ikke like. Skriv det samme passordet "
                                                "to ganger."))
    return password


def redeem(secret: str, purpose: str, password: str, confirmation: str) -> User:
    """Use a link: the account gets the new password, the link is used up and the account's other
    open links stop working. An invitation's account becomes active."""
    token = open_token(secret, purpose, lock=True)
    password = check_new_password(password, confirmation)
    user = token.user
    user.set_password(password)
    token.used_at = clock.now()
    revoke_open_links(user, keep=token)
    return user


# --- Invitations ----------------------------------------------------------------------------------

def _inviter_name(actor: User | None) -> str:
    if actor is None:
        return "Sekretariatet"
    return actor.person.name if actor.person is not None else actor.email


def _councils_text(person: Person | None) -> str:
    """'NUIT (Prioriteringsutvalget) og NUFA (Fagutvalget)': the councils the person sits in now or
    will from a later date."""
    if person is None:
        return ""
    today = clock.today()
    councils = {m.council.code: m.council for m in person.memberships
                if m.valid_to is None or m.valid_to >= today}
    return join_names([f"{c.code} ({c.name})" for _code, c in sorted(councils.items())])


def _invitation_mail(user: User, secret: str, token: AccountToken, actor: User | None) -> None:
    person = user.person
    link = external_url("auth.accept_invitation", secret=secret)
    councils = _councils_text(person)
    where = (f" Der finner du innkallinger, sakspapirer og referater for {councils}."
             if councils else "")
    greeting = f"Til {person.name}\n\n" if person is not None else ""
    body = (f"{greeting}{_inviter_name(actor)} har invitert deg til Møtebok, møtesystemet for "
            f"den nasjonale rådsmodellen for e-helse.{where}\n\n"
            f"Velg et passord for å ta i bruk kontoen din:\n{link}\n\n"
            f"Lenken kan brukes én gang og er gyldig til {expiry_text(token.expires_at)}. "
            f"Er den utløpt, kan du be sekretariatet sende en ny invitasjon.\n\n"
            f"Brukernavnet ditt er e-postadressen {user.email}.\n\nHilsen sekretariatet\n")
    mail.queue(user.email, "Invitasjon til Møtebok", body, "account_invitation")


def send_invitation(user: User, actor: User | None) -> AccountToken:
    secret, token = _issue(user, TokenPurpose.INVITATION, actor)
    _invitation_mail(user, secret, token, actor)
    return token


def check_email(email: str | None, field: str = "email") -> str:
    email = (email or "").strip().lower()
    if not EMAIL.fullmatch(email) or len(email) > 254:
        raise FieldError(field, _l("Skriv en gyldig e-postadresse, for eksempel navn@example.no."))
    return email


def invite(person: Person, actor: User | None) -> AccountToken:
    """Invite a person of the register: an account linked to the person (no role; a member's rights
    come from the memberships) and an e-mail with a link to choose a password. A pending invitation
    is sent again (the older link stops working)."""
    if not person.email:
        raise ServiceError(_l("Personen har ingen e-postadresse. Legg inn e-postadressen før du "
                              "inviterer."))
    email = check_email(person.email)
    user = account_of(person)
    if user is not None and has_password(user):
        if user.active:
            raise ServiceError(_l("Personen har allerede en aktiv konto."))
        raise ServiceError(_l("Personen har en deaktivert konto. En administrator kan aktivere den "
                              "igjen under Administrasjon › Brukere."))
    owner = user_by_email(email)
    if owner is not None and owner is not user:
        raise ServiceError(_l("E-postadressen brukes allerede av en annen konto. En administrator kan "
                              "knytte den kontoen til personen under Administrasjon › Brukere."))
    if user is None:
        user = add(User(email=email, password_hash=UNUSABLE_PASSWORD, person=person, active=True))
    else:
        user.email, user.active = email, True
    return send_invitation(user, actor)


def resend_invitation(user: User, actor: User | None) -> AccountToken:
    """A new invitation link for an account still waiting for its first password."""
    if has_password(user):
        raise ServiceError(_l("Kontoen er allerede tatt i bruk; det er ingen invitasjon å sende på "
                              "nytt."))
    if not user.active:
        check_person_free(user.person, user)
        user.active = True
    return send_invitation(user, actor)


def revoke_invitation(user: User) -> None:
    """Withdraw a pending invitation: its link stops working and the account, never used, is
    deactivated (it can be invited again)."""
    if has_password(user):
        raise ServiceError(_l("Kontoen er allerede tatt i bruk; invitasjonen kan ikke trekkes "
                              "tilbake. En administrator kan deaktivere kontoen."))
    if not open_tokens(user, TokenPurpose.INVITATION) and not user.active:
        raise ServiceError(_l("Invitasjonen er allerede trukket tilbake."))
    revoke_open_links(user, TokenPurpose.INVITATION)
    user.active = False


# --- Password reset -------------------------------------------------------------------------------

def request_password_reset(email: str | None) -> None:
    """E-mail a reset link to the account with this address, if there is an active one that has a
    password. The caller says the same whatever happened here, so the answer never tells whether
    an address has an account."""
    user = user_by_email((email or "")[:254])
    if user is None or not user.active or not has_password(user):
        return
    secret, token = _issue(user, TokenPurpose.PASSWORD_RESET, None)
    link = external_url("auth.reset_password", secret=secret)
    greeting = f"Til {user.person.name}\n\n" if user.person is not None else ""
    body = (f"{greeting}Noen (forhåpentligvis du) har bedt om å få sette nytt passord for "
            f"Møtebok-kontoen {user.email}.\n\nVelg et nytt passord her:\n{link}\n\n"
            f"Lenken kan brukes én gang og er gyldig til {expiry_text(token.expires_at)}. "
            f"Har du ikke bedt om dette, kan du se bort fra e-posten; passordet ditt er ikke "
            f"endret.\n\nHilsen sekretariatet\n")
    mail.queue(user.email, "Nytt passord i Møtebok", body, "password_reset")


def change_password(user: User, current: str, password: str, confirmation: str) -> None:
    """A logged-in user's own new password; the sessions begun with the old one end."""
    if not user.check_password(current or ""):
        raise FieldError("current", _l("Det nåværende passordet er feil."))
    user.set_password(check_new_password(password, confirmation))
    revoke_open_links(user, TokenPurpose.PASSWORD_RESET)


def check_person_free(person: Person | None, user: User | None = None) -> None:
    if person is None:
        return
    other = db.session.scalar(select(User).where(User.person_id == person.id, User.active.is_(True),
                                                 User.id != (user.id if user else -1)))
    if other is not None:
        raise FieldError("person", _l("Personen har allerede en aktiv konto."))
