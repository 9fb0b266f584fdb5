"""The one place that answers "may this user do that?". Pages, files, exports and (later) the API
and feeds all ask here. What a reader sees of exempt material instead (public title, legal
basis, documents left out) is app/disclosure.py, built on these answers."""
from dataclasses import dataclass
from datetime import date, datetime

from app.models import Council, Role
from app.services.core import clock


def _roles(user) -> set[str]:
    if user is None or not getattr(user, "is_authenticated", False):
        return set()
    return user.roles


def can_edit(user) -> bool:
    """May prepare meetings, register cases and change council data."""
    return bool(_roles(user) & {Role.ADMIN, Role.SECRETARIAT})


def can_administer(user) -> bool:
    return Role.ADMIN in _roles(user)


def can_invite(user) -> bool:
    """May invite people of the register to an account, send an invitation again or withdraw it."""
    return can_edit(user)


def can_manage_users(user) -> bool:
    """The users page: create accounts, change roles, deactivate and reactivate."""
    return can_administer(user)


def is_member_of(user, council: Council, on: date | None = None) -> bool:
    if not getattr(user, "is_authenticated", False) or user.person is None:
        return False
    person = user.person
    on = on or clock.today()
    return any(m.council_id == council.id and m.active_on(on) for m in person.memberships)


def can_view_exempt(user, council: Council) -> bool:
    """Exempt (unntatt offentlighet) material of a council: secretariat, admin, archivists and the
    council's current members; never the public."""
    if _roles(user) & {Role.ADMIN, Role.SECRETARIAT, Role.ARCHIVIST}:
        return True
    return is_member_of(user, council)


PRIVILEGED_READERS = frozenset({Role.ADMIN, Role.SECRETARIAT, Role.ARCHIVIST})


def exempt_council_ids(user, on: date | None = None) -> set[int] | None:
    """The councils whose exempt material the user may see: ``None`` means every council
    (secretariat, admin, archivists); otherwise the ids of the councils the user is a current
    member of (an empty set for the public). Lets list queries filter in SQL by the same rule as
    can_view_exempt."""
    if _roles(user) & PRIVILEGED_READERS:
        return None
    if not getattr(user, "is_authenticated", False) or user.person is None:
        return set()
    on = on or clock.today()
    return {m.council_id for m in user.person.memberships if m.active_on(on)}


def case_council_ids(case) -> set[int]:
    """The councils a case has been on (any agenda item of any of their meetings)."""
    from sqlalchemy import select

    from app.extensions import db
    from app.models import AgendaItem

    return set(db.session.scalars(
        select(AgendaItem.council_id).where(AgendaItem.case_id == case.id).distinct()))


def is_case_reader(user, case, council_ids: set[int] | None = None) -> bool:
    """May see the exempt material of a case (the case itself when it is exempt, and its exempt
    documents): secretariat, admin and archivists, and the current members of a council the
    case has been on (``can_view_exempt`` for that council). Pass ``council_ids`` when the caller
    already knows them (list pages), to save a query."""
    allowed = exempt_council_ids(user)
    if allowed is None:
        return True
    if not allowed:
        return False
    if council_ids is None:
        council_ids = case_council_ids(case)
    return bool(allowed & set(council_ids))


def case_reader_condition(user, case_id):
    """``is_case_reader`` as an SQL condition on a case id column, so that list queries filter in
    the database by the same rule."""
    from sqlalchemy import exists, false, true
    from sqlalchemy.orm import aliased

    from app.models import AgendaItem

    allowed = exempt_council_ids(user)
    if allowed is None:
        return true()
    if not allowed:
        return false()
    item = aliased(AgendaItem)  # never correlated with an AgendaItem of the enclosing query
    return exists().where(item.case_id == case_id, item.council_id.in_(allowed))


def can_view_case(user, case, council_ids: set[int] | None = None) -> bool:
    """May see a case's real title, description and documents: public cases everyone, exempt
    cases their readers (``is_case_reader``). What the others see instead: app/disclosure.py."""
    return not case.exempt or is_case_reader(user, case, council_ids)


def can_view_draft_agenda(user, council: Council) -> bool:
    """A planned meeting's agenda (before the notice is issued) is a draft: the secretariat and
    the council's members see it; the public sees it once the notice has gone out."""
    return can_edit(user) or is_member_of(user, council)


def can_view_agenda(user, meeting) -> bool:
    """A meeting's agenda: a planned meeting's for those who may see drafts, any other for all."""
    from app.models import MeetingStatus

    return meeting.status != MeetingStatus.PLANNED or can_view_draft_agenda(user, meeting.council)


def can_record(user) -> bool:
    """May keep attendance, record decisions, write and approve minutes, manage follow-up."""
    return can_edit(user)


def can_view_minutes(user, minutes) -> bool:
    """Draft minutes: the secretariat. Sent for comments or approved: also the council's members.
    Published: everyone (exempt items still follow can_view_case)."""
    from app.models import MinutesStatus

    if minutes is None:
        return can_edit(user)
    if can_edit(user) or Role.ARCHIVIST in _roles(user):
        return True
    if minutes.status == MinutesStatus.PUBLISHED:
        return True
    if minutes.status == MinutesStatus.DRAFT:
        return False
    return is_member_of(user, minutes.meeting.council)


def can_comment_minutes(user, minutes) -> bool:
    from app.models import MinutesStatus

    if minutes is None or minutes.status != MinutesStatus.COMMENTS:
        return False
    if can_edit(user):
        return True
    deadline_passed = minutes.comment_deadline is not None and clock.today() > minutes.comment_deadline
    return not deadline_passed and is_member_of(user, minutes.meeting.council)


def can_read_paper(user, meeting, kind: str, variant: str, paper=None, times=None) -> bool:
    """May make or download a generated paper (agenda, minutes, meeting book) of the meeting?

    The full variant carries exempt material: only for those who may see the council's exempt
    material. Agenda and meeting book follow the agenda page (a planned meeting's agenda is a
    draft); minutes follow can_view_minutes. For a stored ``paper``, two more checks against the
    state of today: a reader who sees minutes only because they are published gets the versions
    made since publication, not earlier drafts; and a public version that has gone stale
    (``stale_public_paper``; ``times`` as there) goes only to those who may see the council's
    exempt material."""
    from app.models import MinutesStatus, PaperKind, PaperVariant

    council = meeting.council
    exempt_reader = can_view_exempt(user, council)
    if variant == PaperVariant.FULL and not exempt_reader:
        return False
    if paper is not None and not exempt_reader and stale_public_paper(paper, meeting, times) is not None:
        return False
    if kind != PaperKind.MINUTES:
        return can_view_agenda(user, meeting)
    minutes = meeting.minutes
    if minutes is None or not can_view_minutes(user, minutes):
        return False
    public_reader = not (can_edit(user) or Role.ARCHIVIST in _roles(user) or is_member_of(user, council))
    if public_reader and paper is not None and minutes.status == MinutesStatus.PUBLISHED:
        return _utc(paper.created_at) >= _utc(minutes.published_at)
    return True


def _utc(moment):
    from datetime import UTC

    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment


@dataclass(frozen=True)
class StalePaper:
    """Why a stored public version may no longer go to the public: it was made before the notice
    was issued (a draft agenda), or before these cases (by case number) or documents of theirs
    became exempt."""
    before_notice: bool = False
    newly_exempt: tuple[str, ...] = ()


def exemption_times(meeting) -> dict[str, datetime]:
    """For each case on the meeting that holds exempt material today (the case, or a document of
    it): its file number and the last moment any of it became exempt. One query."""
    return exemption_times_of([meeting.id]).get(meeting.id, {})


def exemption_times_of(meeting_ids) -> dict[int, dict[str, datetime]]:
    """``exemption_times`` for many meetings in one query, by meeting id (list pages)."""
    from collections import defaultdict

    from sqlalchemy import func, or_, select

    from app.extensions import db
    from app.models import AgendaItem, Case, CaseDocument

    ids = set(meeting_ids)
    times: dict[int, dict[str, datetime]] = defaultdict(dict)
    if not ids:
        return times
    rows = db.session.execute(
        select(AgendaItem.meeting_id, Case.file_year, Case.file_seq, Case.exempt, Case.exempt_since,
               func.max(CaseDocument.exempt_since))
        .join(AgendaItem, AgendaItem.case_id == Case.id)
        .outerjoin(CaseDocument, (CaseDocument.case_id == Case.id) & CaseDocument.exempt)
        .where(AgendaItem.meeting_id.in_(ids), or_(Case.exempt, CaseDocument.id.is_not(None)))
        .group_by(AgendaItem.meeting_id, Case.id, Case.file_year, Case.file_seq, Case.exempt,
                  Case.exempt_since))
    for meeting_id, year, seq, exempt, case_since, document_since in rows:
        moments = [_utc(m) for m in (case_since if exempt else None, document_since) if m is not None]
        if moments:
            times[meeting_id][f"{year}/{seq}"] = max(moments)
    return times


def stale_public_paper(paper, meeting, times: dict[str, datetime] | None = None) -> StalePaper | None:
    """A stored public paper is checked against today's state, not the one it was made in: if a
    case or document in it has become exempt since, or (agenda, meeting book) it was made before
    the notice was issued, it may hold what the public may not see. Pass ``times``
    (``exemption_times``) when checking many papers of one meeting."""
    from app.models import PaperKind, PaperVariant

    if paper.variant != PaperVariant.PUBLIC:
        return None
    made = _utc(paper.created_at)
    # A meeting imported as already issued has no known notice moment: nothing to compare with.
    before_notice = (paper.kind != PaperKind.MINUTES and meeting.notice_issued_at is not None
                     and made < _utc(meeting.notice_issued_at))
    if times is None:
        times = exemption_times(meeting)
    newly_exempt = tuple(sorted(number for number, since in times.items() if since > made))
    if before_notice or newly_exempt:
        return StalePaper(before_notice, newly_exempt)
    return None


def can_generate_paper(user, meeting, kind: str, variant: str) -> bool:
    """Making a new stored version takes a login (every click stores a file)."""
    return getattr(user, "is_authenticated", False) and can_read_paper(user, meeting, kind, variant)


def can_view_followup(user) -> bool:
    """The follow-up overview: anyone logged in (each action still follows can_view_case)."""
    return bool(getattr(user, "is_authenticated", False))


@dataclass(frozen=True)
class PersonReader:
    """A reader known only as a person of the register: the addressee of an e-mail, who may have
    no login (and whose e-mail may be forwarded). Sees what the public sees, and what the person
    is responsible for; never a council's exempt material, whatever their memberships."""
    person: object
    is_authenticated: bool = False


def _person_of(user):
    if isinstance(user, PersonReader) or getattr(user, "is_authenticated", False):
        return getattr(user, "person", None)
    return None


def _is_responsible(user, action) -> bool:
    person = _person_of(user)
    return person is not None and action.responsible_person_id == person.id


def can_view_action(user, action) -> bool:
    """A follow-up action (its description, due date and label, owner, notes): whoever may see
    its case, and always the person responsible for it, who must know what to do; the case's
    real title and texts still follow can_view_case. One rule for the page, the overview, the
    CSV and the reminder e-mails (disclosure.action_view)."""
    case = action.item.case
    return case is None or can_view_case(user, case) or _is_responsible(user, action)


def can_update_action(user, action) -> bool:
    """The secretariat, and the person responsible (progress notes and status)."""
    return can_edit(user) or _is_responsible(user, action)


# The access policy of every endpoint (ROUTE_ACCESS) lives beside these rules.
from app.authz.routes import OBJECT_RULES, ROUTE_ACCESS, Access, route_access  # noqa: E402,F401
