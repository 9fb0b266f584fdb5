"""The state of a meeting's minutes that other services read: approved minutes are read-only
(what every change to a meeting's record checks first), and how their approval reads."""
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.formatting import long_date
from app.models import AgendaItem, ApprovalMethod, Meeting, Minutes, MinutesStatus
from app.services import ServiceError
from app.services.planning.agenda import item_number

LOCKED_MESSAGE = _l("Referatet er godkjent og kan ikke endres. Bruk «Rett referatet» på referatsiden og "
                    "skriv hvorfor; den godkjente versjonen blir stående og kan fortsatt leses.")


def check_minutes_editable(meeting: Meeting) -> None:
    if meeting.minutes is not None and meeting.minutes.locked:
        raise ServiceError(LOCKED_MESSAGE)


def approval_text(minutes: Minutes) -> str:
    """'Godkjent i møte 4/22, sak 33/22' or 'Godkjent ved sirkulasjon 1. juni 2022'."""
    if minutes.status not in (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED):
        return "Utkast"
    if minutes.approval_method == ApprovalMethod.CIRCULATION:
        return f"Godkjent ved sirkulasjon {long_date(minutes.approved_on)}"
    item = db.session.get(AgendaItem, minutes.meeting.minutes_approved_by_item_id)
    number = item_number(item, item.meeting.council.case_number_format)
    later = item.meeting
    return f"Godkjent i møte {later.number}/{later.year % 100:02d}" + (f", sak {number}" if number else "")
