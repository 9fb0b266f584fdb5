"""User accounts."""
import secrets

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from werkzeug.security import check_password_hash, generate_password_hash

from app.extensions import db
from app.models import Role, User, UserRole
from app.services import ServiceError
from app.services.core.records import add

MIN_PASSWORD_LENGTH = 10


def user_by_email(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == email.strip().lower()))


def check_roles(roles) -> list[str]:
    """The roles, sorted and each once; an unknown one is refused."""
    roles = sorted(set(roles or ()))
    unknown = set(roles) - set(Role.values())
    if unknown:
        raise ServiceError(_l("Ukjent rolle '%(role)s'; bruk %(roles)s.",
                              role=sorted(unknown)[0], roles=', '.join(Role.values())))
    return roles


def create_user(email: str, password: str, roles: list[str] = ()) -> User:
    email = (email or "").strip().lower()
    if "@" not in email:
        raise ServiceError(_l("'%(email)s' er ikke en gyldig e-postadresse.", email=email))
    if user_by_email(email):
        raise ServiceError(_l("Det finnes allerede en bruker med e-post %(email)s.", email=email))
    if len(password or "") < MIN_PASSWORD_LENGTH:
        raise ServiceError(_l("Passordet må ha minst %(min_length)s tegn.",
                              min_length=MIN_PASSWORD_LENGTH))
    user = User(email=email, role_rows=[UserRole(role=r) for r in check_roles(roles)])
    user.set_password(password)
    return add(user)


# Checked when no account has the address, made the same way as a real password's hash: the
# answer then takes as long as for a real account, so timing does not tell who has one.
_NO_SUCH_USER_HASH = generate_password_hash(secrets.token_urlsafe(16))


def authenticate(email: str, password: str) -> User | None:
    user = user_by_email(email or "")
    if user is None:
        check_password_hash(_NO_SUCH_USER_HASH, password or "")
        return None
    if not user.check_password(password or "") or not user.active:
        return None
    return user
