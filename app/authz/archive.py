"""Who may make archive exports (arkivuttrekk) and download them."""
from app.authz import _roles
from app.models import Role


def can_export_archive(user) -> bool:
    """Archivists, and admins (who may do everything). Not the secretariat: handing the records
    over for keeping is the archive's job (DOMAIN.md §1), and a package holds every council's
    exempt material."""
    return bool(_roles(user) & {Role.ARCHIVIST, Role.ADMIN})
