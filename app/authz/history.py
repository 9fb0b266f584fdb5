"""Who may read the change history (the audit trail) of cases, meetings, items and minutes."""
from app.authz import PRIVILEGED_READERS, _roles


def can_view_history(user) -> bool:
    """The secretariat, admins and archivists. The history shows old and new values as they were,
    exempt titles included: these readers may see every council's exempt material anyway
    (``exempt_council_ids`` is None for them), so nothing is hidden from them here."""
    return bool(_roles(user) & PRIVILEGED_READERS)
