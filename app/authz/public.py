"""The public pages (issue 11): who may open a case page, see where a meeting is held, and read
the meeting calendar. What a reader sees of exempt material on those pages is still
app/disclosure.py."""
from collections.abc import Iterable

from sqlalchemy import select

from app.authz import _roles, can_edit, can_view_agenda, is_member_of
from app.extensions import db
from app.models import AgendaItem, Case, Meeting, MeetingStatus, Role

# A case whose agenda item stands on a meeting of one of these statuses has been made public by
# the notice (planned: a draft; cancelled: never issued, or its agenda was withdrawn).
PUBLISHED_MEETINGS = (MeetingStatus.ISSUED, MeetingStatus.HELD)


def _logged_in(user) -> bool:
    return bool(getattr(user, "is_authenticated", False))


def can_view_meeting_place(user, meeting) -> bool:
    """Where a meeting is held (place, video link) is published with the notice: before it, only
    those who may see the draft agenda know it (as ``can_view_agenda``)."""
    return can_view_agenda(user, meeting)


def openable_case_ids(user, case_ids: Iterable[int]) -> set[int]:
    """The cases among ``case_ids`` whose page ``user`` may open (``can_open_case_page``), in at
    most one query: logged-in readers every one; anonymous visitors those that have been on the
    agenda of an issued or held meeting."""
    ids = {i for i in case_ids if i is not None}
    if not ids or _logged_in(user):
        return ids
    return set(db.session.scalars(
        select(AgendaItem.case_id).join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .where(AgendaItem.case_id.in_(ids), Meeting.status.in_(PUBLISHED_MEETINGS)).distinct()))


def can_open_case_page(user, case: Case) -> bool:
    """A case page (and its documents' downloads): anyone logged in, as before; an anonymous
    visitor only a case that has stood on the agenda of an issued or held meeting (the public
    could read its title there). Anything else sends the visitor to the login page. An exempt
    case still shows only its public title (disclosure.case_view)."""
    return case.id in openable_case_ids(user, [case.id])


def member_council_ids(user) -> set[int]:
    """The councils ``user`` is a current member of (``is_member_of``)."""
    if not _logged_in(user) or user.person is None:
        return set()
    return {m.council_id for m in user.person.memberships if is_member_of(user, m.council)}


def draft_council_ids(user) -> set[int] | None:
    """The councils whose draft agendas (planned meetings) ``user`` may see: ``None`` for all
    (the secretariat), else those the user is a current member of (``can_view_draft_agenda``)."""
    return None if can_edit(user) else member_council_ids(user)


def visible_treatments(user, treatments: list) -> list:
    """A case's treatments (casework.cases.Treatment) without those on a planned meeting's draft
    agenda that ``user`` may not see."""
    allowed = draft_council_ids(user)
    return [t for t in treatments if t.meeting_status != MeetingStatus.PLANNED
            or allowed is None or t.council_id in allowed]


# --- the meeting calendar -------------------------------------------------------------------------

def calendar_council_ids(user) -> set[int] | None:
    """The councils whose meetings ``user`` sees in the meeting calendar: ``None`` for all (the
    secretariat, admins and archivists), else the councils the user is a current member of."""
    if can_edit(user) or Role.ARCHIVIST in _roles(user):
        return None
    return member_council_ids(user)


def can_view_calendar(user) -> bool:
    """The meeting calendar: the secretariat (to plan), archivists (all councils) and members
    (their councils), the last two read-only (``can_edit``)."""
    ids = calendar_council_ids(user)
    return ids is None or bool(ids)
