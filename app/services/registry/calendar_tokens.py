"""The secret link of a user's personal calendar feed (``/kalender/<secret>.ics``).

The link is the key: a calendar client subscribes without a session. Only the SHA-256 of the
secret is stored (``User.calendar_token_hash``, masked in the audit trail); the secret itself is
handed out once, by ``renew``. Renewing replaces it (the old link stops working at once), revoking
clears it. A deactivated account's link finds nobody.
"""
import hashlib
import hmac
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import User
from app.services import ServiceError
from app.services.core import clock
from app.services.core.records import assign

# token_urlsafe(32) gives 43 characters; anything much longer is not a link of ours.
MAX_SECRET_LENGTH = 100


def _hash(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def has_link(user: User) -> bool:
    return user.calendar_token_hash is not None


def renew(user: User) -> str:
    """A new secret link for the user's feed; the old one (if any) stops working. Returns the
    secret: it is shown once and never stored."""
    secret = secrets.token_urlsafe(32)
    assign(user, calendar_token_hash=_hash(secret), calendar_token_created_at=clock.now())
    db.session.flush()
    return secret


def revoke(user: User) -> None:
    """Turn the link off: every calendar subscribed to it stops getting updates."""
    if not has_link(user):
        raise ServiceError(_l("Du har ingen kalenderlenke å slå av."))
    assign(user, calendar_token_hash=None, calendar_token_created_at=None)
    db.session.flush()


def user_for_token(secret: str | None) -> User | None:
    """The active user whose link carries ``secret``, or None (unknown, revoked, renewed since,
    or the account deactivated). The lookup is by the secret's hash, so the secret itself is
    never compared character by character."""
    if not secret or len(secret) > MAX_SECRET_LENGTH:
        return None
    digest = _hash(secret)
    user = db.session.scalar(select(User).where(User.calendar_token_hash == digest))
    if user is None or not user.active or not hmac.compare_digest(user.calendar_token_hash, digest):
        return None
    return user
