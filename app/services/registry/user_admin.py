"""The admin's changes to accounts (Administrasjon › Brukere, and `flask users create`): create,
roles, the linked person, deactivate and reactivate. The last active admin keeps the admin role,
and nobody deactivates their own account."""
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app.extensions import db
from app.models import Person, Role, User, UserRole
from app.services import FieldError, ServiceError
from app.services.core.records import add
from app.services.registry.accounts import (
    UNUSABLE_PASSWORD,
    check_email,
    check_new_password,
    check_person_free,
    revoke_open_links,
)
from app.services.registry.accounts import (
    send_invitation as mail_invitation,
)
from app.services.registry.users import check_roles, user_by_email


def create_account(email: str, roles=(), person: Person | None = None, password: str | None = None,
                   confirmation: str | None = None, send_invitation: bool = False,
                   actor: User | None = None) -> User:
    """An admin's (or the command line's) new account: with a password, or with an invitation by
    e-mail to choose one. Without a role it is a member's account (rights from the memberships of
    the linked person)."""
    email = check_email(email)
    if user_by_email(email) is not None:
        raise FieldError("email", _l("Det finnes allerede en bruker med denne e-postadressen."))
    roles = check_roles(roles)
    check_person_free(person)
    if not send_invitation:
        password = check_new_password(password, password if confirmation is None else confirmation)
    user = add(User(email=email, password_hash=UNUSABLE_PASSWORD, person=person, active=True,
                    role_rows=[UserRole(role=r) for r in roles]))
    if send_invitation:
        mail_invitation(user, actor)
    else:
        user.set_password(password)
    return user


def _active_admins() -> int:
    return db.session.scalar(select(func.count(User.id)).join(UserRole)
                             .where(UserRole.role == Role.ADMIN, User.active.is_(True))) or 0


def _is_last_admin(user: User) -> bool:
    return user.active and Role.ADMIN in user.roles and _active_admins() <= 1


def set_roles(user: User, roles, actor: User | None = None) -> bool:
    """Give the account these roles (the others are taken away). The last active admin keeps the
    admin role: otherwise nobody could manage users any more."""
    roles = check_roles(roles)
    if Role.ADMIN not in roles and _is_last_admin(user):
        raise ServiceError(_l("Dette er den eneste aktive administratoren. Gi en annen bruker "
                              "administratorrollen først."))
    if set(roles) == user.roles:
        return False
    user.role_rows = [row for row in user.role_rows if row.role in roles] + [
        UserRole(role=r) for r in roles if r not in user.roles]
    db.session.flush()
    return True


def link_person(user: User, person: Person | None) -> bool:
    if (person.id if person is not None else None) == user.person_id:
        return False
    if user.active:
        check_person_free(person, user)
    user.person = person
    return True


def deactivate(user: User, actor: User | None) -> None:
    """The account can no longer log in; its sessions end and its open links stop working."""
    if actor is not None and user.id == actor.id:
        raise ServiceError(_l("Du kan ikke deaktivere din egen konto."))
    if not user.active:
        raise ServiceError(_l("Kontoen er allerede deaktivert."))
    if _is_last_admin(user):
        raise ServiceError(_l("Dette er den eneste aktive administratoren. Gi en annen bruker "
                              "administratorrollen først."))
    user.active = False
    user.end_sessions()
    revoke_open_links(user)


def reactivate(user: User) -> None:
    if user.active:
        raise ServiceError(_l("Kontoen er allerede aktiv."))
    check_person_free(user.person, user)
    user.active = True


def users_list() -> list[User]:
    from sqlalchemy.orm import joinedload

    return list(db.session.scalars(select(User).options(joinedload(User.person))
                                   .order_by(User.email)))


def person_from_reference(reference: str) -> Person:
    """A person named on the command line: an id ('12') or the full name (one person only)."""
    reference = (reference or "").strip()
    if reference.isdigit():
        person = db.session.get(Person, int(reference))
        if person is None:
            raise ServiceError(_l("Fant ingen person med id %(id)s.", id=reference))
        return person
    people = list(db.session.scalars(select(Person).where(
        func.lower(Person.name) == " ".join(reference.split()).lower()).order_by(Person.id)))
    if not people:
        raise ServiceError(_l("Fant ingen person som heter «%(name)s».", name=reference))
    if len(people) > 1:
        raise ServiceError(_l("Flere personer heter «%(name)s» (id %(ids)s). Oppgi id-en i stedet.",
                              name=reference, ids=", ".join(str(p.id) for p in people)))
    return people[0]
