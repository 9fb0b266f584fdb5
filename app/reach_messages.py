"""What the secretariat is told after a message to a council's members: how many it reached and
how many have no e-mail address (app/services/notifications.Reach). No names: a flash message
travels in the session cookie, which carries no user-entered text."""
from flask_babel import gettext as _

from app.services.proceedings.notifications import Reach


def _nobody(reach: Reach) -> tuple[str, str]:
    return _("Ingen e-post ble sendt: ingen i %(code)s har e-postadresse.",
             code=reach.council_code), "warning"


def notice_reach(reach: Reach) -> tuple[str, str]:
    """The flash message and its category after the notice went out."""
    if not reach.notified:
        return _nobody(reach)
    if not reach.without_address:
        return _("Innkallingen er sendt til alle %(count)s medlemmer.", count=reach.total), "success"
    return _("Innkallingen er sendt til %(sent)s av %(total)s medlemmer. %(missing)s mangler "
             "e-postadresse; legg den inn under Utvalg og personer → Personer.",
             sent=len(reach.notified), total=reach.total, missing=len(reach.without_address)), "warning"


def minutes_reach(reach: Reach) -> tuple[str, str]:
    """The flash message and its category after the minutes went out for comments."""
    if not reach.notified:
        return _nobody(reach)
    if not reach.without_address:
        return _("Referatet er sendt til alle %(count)s medlemmer.", count=reach.total), "success"
    return _("Referatet er sendt til %(sent)s av %(total)s medlemmer. %(missing)s mangler "
             "e-postadresse; legg den inn under Utvalg og personer → Personer.",
             sent=len(reach.notified), total=reach.total, missing=len(reach.without_address)), "warning"
