"""Login sessions that the server can end.

A session cookie carries "user id:session generation" (``User.get_id``). Raising the user's
generation (logout, «Logg ut overalt», a new password, deactivation) makes every copy of every
cookie issued before it worthless: ``user_for_session`` no longer finds its user.
"""
from app.extensions import db
from app.models import User
from app.services.core import clock


def user_for_session(session_user_id: str) -> User | None:
    """The active user a session's stored id names, or None when the session has been ended."""
    user_id, _, generation = (session_user_id or "").partition(":")
    if not (user_id.isdigit() and generation.isdigit()):
        return None  # a cookie from before session generations, or tampered with
    user = db.session.get(User, int(user_id))
    if user is None or not user.active or (user.session_generation or 0) != int(generation):
        return None
    return user


def record_login(user: User) -> None:
    user.last_login_at = clock.now()


def end_sessions(user: User) -> None:
    """Log the user out in every browser: every session cookie issued so far is refused."""
    user.end_sessions()
