"""The one place that answers "may this user do that?". Pages, files, exports and (later) the API
and feeds all ask here."""
from datetime import date

from app.models import Council, Role


def _roles(user) -> set[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return user.roles


def can_edit(user) -> bool:
    """May prepare meetings, register cases and change council data."""
    return bool(_roles(user) & {Role.ADMIN, Role.SECRETARIAT})


def can_administer(user) -> bool:
    return Role.ADMIN in _roles(user)


def is_member_of(user, council: Council, on: date | None = None) -> bool:
    if not getattr(user, "is_authenticated", False) or user.person is None:
        return False
    person = user.person
    on = on or date.today()
    return any(m.council_id == council.id and m.active_on(on) for m in person.memberships)


def can_view_exempt(user, council: Council) -> bool:
    """Exempt (unntatt offentlighet) material of a council: secretariat, admin, archivists and the
    council's current members; never the public."""
    if _roles(user) & {Role.ADMIN, Role.SECRETARIAT, Role.ARCHIVIST}:
        return True
    return is_member_of(user, council)
