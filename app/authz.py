"""The one place that answers "may this user do that?". Pages, files, exports and (later) the API
and feeds all ask here. What a reader sees of exempt material instead (public title, legal
basis, documents left out) is app/disclosure.py, built on these answers."""
from datetime import date

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


def can_read_paper(user, meeting, kind: str, variant: str, created_at=None) -> bool:
    """May make or download a generated paper (agenda, minutes, meeting book) of the meeting?

    The full variant carries exempt material: only for those who may see the council's exempt
    material. Agenda and meeting book follow the agenda page (a planned meeting's agenda is a
    draft); minutes follow can_view_minutes. A reader who sees minutes only because they are
    published gets the versions made since publication (``created_at``), not earlier drafts."""
    from datetime import UTC

    from app.models import MinutesStatus, PaperKind, PaperVariant

    council = meeting.council
    if variant == PaperVariant.FULL and not can_view_exempt(user, council):
        return False
    if kind != PaperKind.MINUTES:
        return can_view_agenda(user, meeting)
    minutes = meeting.minutes
    if minutes is None or not can_view_minutes(user, minutes):
        return False
    public_reader = not (can_edit(user) or Role.ARCHIVIST in _roles(user) or is_member_of(user, council))
    if public_reader and created_at is not None and minutes.status == MinutesStatus.PUBLISHED:
        def utc(moment):
            return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment
        return utc(created_at) >= utc(minutes.published_at)
    return True


def can_generate_paper(user, meeting, kind: str, variant: str) -> bool:
    """Making a new stored version takes a login (every click stores a file)."""
    return getattr(user, "is_authenticated", False) and can_read_paper(user, meeting, kind, variant)


def can_view_followup(user) -> bool:
    """The follow-up overview: anyone logged in (each action still follows can_view_case)."""
    return bool(getattr(user, "is_authenticated", False))


def _is_responsible(user, action) -> bool:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    return person is not None and action.responsible_person_id == person.id


def can_view_action(user, action) -> bool:
    """A follow-up action: whoever may see its case, and always the person responsible for it
    (the reminder e-mails link them to it; the case itself still follows can_view_case)."""
    case = action.item.case
    return case is None or can_view_case(user, case) or _is_responsible(user, action)


def can_update_action(user, action) -> bool:
    """The secretariat, and the person responsible (progress notes and status)."""
    return can_edit(user) or _is_responsible(user, action)


# --- who may open which page: one access policy per endpoint ------------------------------------
#
# Every route of the app is declared here by its endpoint, with the rule its view enforces. The
# access matrix (tests/test_access_matrix.py) reads this table: it derives each identity's expected
# status from it, and fails on a route that is not declared. docs/permissions.md is this table
# written out with the rules on exempt material.

class Access:
    """The access policies of the routes.

    PUBLIC: everyone, logged in or not (what they see of exempt material: app/disclosure.py).
    LOGIN: anyone logged in; anonymous visitors are sent to the login page.
    EDIT: the secretariat and admins (``can_edit``); anonymous visitors log in, others get 403.
    ADMIN: admins (``can_administer``); anonymous visitors log in, others get 403.
    OBJECT: decided per object by the function named in ``OBJECT_RULES`` (a document, a paper,
    minutes, a follow-up action): those refused get 403 (404 for a draft they may not know of);
    where the page also needs a login, anonymous visitors log in.
    """

    PUBLIC = "public"
    LOGIN = "login"
    EDIT = "edit"
    ADMIN = "admin"
    OBJECT = "object"


ROUTE_ACCESS: dict[str, str] = {
    # reading pages and files for everyone
    "main.index": Access.PUBLIC,
    "main.council": Access.PUBLIC,
    "main.meeting": Access.PUBLIC,  # a planned meeting's agenda: can_view_agenda
    "main.minutes": Access.OBJECT,
    "static": Access.PUBLIC,
    "design_system": Access.PUBLIC,
    "auth.login": Access.PUBLIC,
    "auth.logout": Access.LOGIN,
    # the case register
    "cases.index": Access.LOGIN,
    "cases.show": Access.LOGIN,  # an exempt case: can_view_case, else its public title only
    "cases.download": Access.OBJECT,
    "cases.create": Access.EDIT,
    "cases.edit": Access.EDIT,
    "cases.link": Access.EDIT,
    "cases.unlink": Access.EDIT,
    "cases.upload": Access.EDIT,
    "cases.document_access": Access.EDIT,
    "cases.delete_document": Access.EDIT,
    # meetings and the agenda builder
    "meetings.calendar": Access.EDIT,
    "meetings.new": Access.EDIT,
    "meetings.builder": Access.EDIT,
    "meetings.place_queued": Access.EDIT,
    "meetings.notify_updated": Access.EDIT,
    "meetings.add_case": Access.EDIT,
    "meetings.add_existing_case": Access.EDIT,
    "meetings.add_break": Access.EDIT,
    "meetings.move": Access.EDIT,
    "meetings.reorder": Access.EDIT,
    "meetings.issue": Access.EDIT,
    "meetings.edit_meeting": Access.EDIT,
    "meetings.cancel": Access.EDIT,
    "meetings.edit_item": Access.EDIT,
    "meetings.postpone": Access.EDIT,
    "meetings.reinstate": Access.EDIT,
    "meetings.move_to": Access.EDIT,
    "meetings.confirm_item_action": Access.EDIT,
    "meetings.proposal": Access.EDIT,
    "meetings.proposal_revisions": Access.EDIT,
    # the meeting day (can_record)
    "meeting_day.attendance_page": Access.EDIT,
    "meeting_day.prefill_attendance": Access.EDIT,
    "meeting_day.add_substitute": Access.EDIT,
    "meeting_day.add_guest": Access.EDIT,
    "meeting_day.remove_attendee": Access.EDIT,
    "meeting_day.report_absence": Access.EDIT,
    "meeting_day.recording_page": Access.EDIT,
    "meeting_day.record": Access.EDIT,
    "meeting_day.add_late_item": Access.EDIT,
    "meeting_day.mark_held": Access.EDIT,
    # minutes
    "minutes.show": Access.OBJECT,
    "minutes.versions": Access.OBJECT,
    "minutes.version": Access.OBJECT,
    "minutes.comment": Access.OBJECT,
    "minutes.send": Access.EDIT,
    "minutes.resolve": Access.EDIT,
    "minutes.save_item": Access.EDIT,
    "minutes.approve": Access.EDIT,
    "minutes.publish": Access.EDIT,
    "minutes.correct": Access.EDIT,
    # generated papers
    "papers.generate": Access.OBJECT,
    "papers.download": Access.OBJECT,
    # follow-up
    "followup.overview": Access.LOGIN,  # each action: can_view_action
    "followup.export_csv": Access.LOGIN,
    "followup.show": Access.OBJECT,
    "followup.new": Access.EDIT,
    # the register of councils, organisations and people
    "registry.councils": Access.EDIT,
    "registry.council_new": Access.EDIT,
    "registry.council": Access.EDIT,
    "registry.council_edit": Access.EDIT,
    "registry.membership_new": Access.EDIT,
    "registry.membership_end": Access.EDIT,
    "registry.organisations": Access.EDIT,
    "registry.organisation_new": Access.EDIT,
    "registry.organisation_edit": Access.EDIT,
    "registry.people": Access.EDIT,
    "registry.person_new": Access.EDIT,
    "registry.person_edit": Access.EDIT,
    # administration
    "admin.outbox": Access.ADMIN,
    "admin.retry": Access.ADMIN,
    "admin.paper_templates": Access.ADMIN,
    "admin.council_paper_templates": Access.ADMIN,
    "admin.upload_paper_template": Access.ADMIN,
    "admin.activate_paper_template": Access.ADMIN,
    "admin.built_in_paper_template": Access.ADMIN,
    "admin.download_built_in_template": Access.ADMIN,
    "admin.download_paper_template": Access.ADMIN,
}

# The function deciding each OBJECT route (by the object in its URL). Anonymous visitors of the
# minutes pages and of a follow-up action are sent to the login page instead of a 403.
OBJECT_RULES: dict[str, str] = {
    "main.minutes": "can_view_minutes",
    "minutes.show": "can_view_minutes",
    "minutes.versions": "can_view_minutes",
    "minutes.version": "can_view_minutes, then disclosure.visible_minutes_versions",
    "minutes.comment": "can_comment_minutes",
    "cases.download": "disclosure.document_visible (is_case_reader)",
    "papers.generate": "can_generate_paper",
    "papers.download": "can_read_paper",
    "followup.show": "can_view_action (GET); can_edit or can_update_action (POST)",
}


def route_access(endpoint: str) -> str | None:
    """The declared policy of an endpoint, or None for a route nobody declared."""
    return ROUTE_ACCESS.get(endpoint)
