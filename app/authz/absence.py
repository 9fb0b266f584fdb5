"""Members' own forfall and habilitet: who may report them for a meeting."""
from app.authz import is_member_of


def can_report_absence(user, meeting) -> bool:
    """A current member of the meeting's council (observers and varamedlemmer included) may open
    their own forfall page; what they may still change is the service's rule (until the meeting
    starts, only for planned or issued meetings)."""
    return is_member_of(user, meeting.council)


def can_declare_conflict(user, meeting) -> bool:
    """The same members may declare a conflict of interest (habilitet) on a case item."""
    return is_member_of(user, meeting.council)
