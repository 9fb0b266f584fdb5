"""The member's home page (/mitt): what a member or observer of a council has to do or read next.

``home_for(user)`` gathers it in a fixed number of queries, however many councils, meetings,
items, minutes, actions and proposals there are (tests/test_member_home.py counts them). Every
case title goes through app/disclosure.py; the stored papers follow authz.can_read_paper."""
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import func, or_, select
from sqlalchemy.orm import joinedload

from app import authz, disclosure
from app.authz import exemption_times_of
from app.extensions import db
from app.models import (
    OPEN_STATUSES,
    AgendaItem,
    Attendance,
    AttendanceStatus,
    CaseProposal,
    FollowUpAction,
    GeneratedPaper,
    ItemInput,
    Meeting,
    MeetingStatus,
    Membership,
    Minutes,
    MinutesStatus,
    PaperKind,
)
from app.services.core import clock
from app.services.planning.agenda import item_number

UPCOMING_LIMIT = 5
HOME_PAPER_KINDS = (PaperKind.AGENDA, PaperKind.MEETING_BOOK)


@dataclass
class CouncilSeat:
    membership: Membership
    last_held: Meeting | None = None  # "Siste møte", shown when the council has nothing upcoming


@dataclass
class UpcomingMeeting:
    meeting: Meeting
    absent: bool = False  # the user has reported forfall
    substitute: str | None = None  # who meets for the user (vara)
    papers: list[GeneratedPaper] = field(default_factory=list)  # newest readable version of each


@dataclass
class InputRequest:
    item: AgendaItem
    number: str
    shown: disclosure.Shown
    deadline: date | None
    given: bool  # the user has already sent input on it
    open: bool  # the deadline has not passed


@dataclass
class MinutesForComments:
    minutes: Minutes
    deadline: date | None


@dataclass
class ActionLine:
    action: FollowUpAction
    number: str
    item: disclosure.Shown
    mine: bool  # the user is responsible (else their organisation is)
    overdue: bool


@dataclass
class MemberHome:
    person: object | None
    seats: list[CouncilSeat] = field(default_factory=list)
    upcoming: list[UpcomingMeeting] = field(default_factory=list)
    inputs: list[InputRequest] = field(default_factory=list)
    minutes: list[MinutesForComments] = field(default_factory=list)
    actions: list[ActionLine] = field(default_factory=list)
    proposals: list[CaseProposal] = field(default_factory=list)
    today: date | None = None

    @property
    def linked(self) -> bool:
        return self.person is not None


def home_for(user) -> MemberHome:
    """The home page of ``user`` (logged in). A user without a linked person gets only their case
    proposals."""
    today = clock.today()
    person = user.person
    home = MemberHome(person=person, today=today)
    home.proposals = _proposals(user)
    if person is None:
        return home
    memberships = db.session.scalars(
        select(Membership).where(Membership.person_id == person.id)
        .options(joinedload(Membership.council), joinedload(Membership.organisation))
        .order_by(Membership.council_id, Membership.id)).unique().all()
    current = [m for m in memberships if m.active_on(today)]
    council_ids = sorted({m.council_id for m in current})
    upcoming = _upcoming(council_ids, today)
    last_held = _last_held(council_ids)
    home.seats = [CouncilSeat(m, None if any(u.council_id == m.council_id for u in upcoming)
                              else last_held.get(m.council_id)) for m in current]
    meeting_ids = [m.id for m in upcoming]
    home.upcoming = _with_attendance(upcoming, person)
    _attach_papers(user, home.upcoming)
    items = _input_items(meeting_ids)
    given = set(db.session.scalars(select(ItemInput.item_id).where(
        ItemInput.person_id == person.id, ItemInput.item_id.in_([i.id for i in items]))))
    actions = _actions(user, person)
    views = disclosure.item_views([*items, *(a.item for a in actions)], user)
    home.inputs = [InputRequest(i, item_number(i, i.meeting.council.case_number_format), views[i.id],
                                i.input_deadline, i.id in given,
                                i.input_deadline is None or i.input_deadline >= today)
                   for i in items]
    home.minutes = [MinutesForComments(m, m.comment_deadline) for m in _minutes(council_ids, today)]
    home.actions = [ActionLine(a, item_number(a.item, a.council.case_number_format), views[a.item.id],
                               a.responsible_person_id == person.id, a.is_overdue(today))
                    for a in actions]
    return home


def _upcoming(council_ids: list[int], today: date) -> list[Meeting]:
    return db.session.scalars(
        select(Meeting).where(Meeting.council_id.in_(council_ids), Meeting.date >= today,
                              Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.ISSUED]))
        .options(joinedload(Meeting.council))
        .order_by(Meeting.date, Meeting.start_time, Meeting.id).limit(UPCOMING_LIMIT)).all()


def _last_held(council_ids: list[int]) -> dict[int, Meeting]:
    """The latest held meeting of each council, in one query."""
    latest = (select(Meeting.council_id, func.max(Meeting.date).label("day"))
              .where(Meeting.council_id.in_(council_ids), Meeting.status == MeetingStatus.HELD)
              .group_by(Meeting.council_id).subquery())
    meetings = db.session.scalars(
        select(Meeting).join(latest, (latest.c.council_id == Meeting.council_id)
                             & (latest.c.day == Meeting.date))
        .where(Meeting.status == MeetingStatus.HELD)
        .options(joinedload(Meeting.council)).order_by(Meeting.number)).all()
    return {m.council_id: m for m in meetings}  # two held the same day: the later number


def _with_attendance(meetings: list[Meeting], person) -> list[UpcomingMeeting]:
    """Each meeting with the user's forfall and the vara meeting for them (one query)."""
    rows = db.session.scalars(
        select(Attendance).where(Attendance.meeting_id.in_([m.id for m in meetings]),
                                 or_(Attendance.person_id == person.id,
                                     Attendance.substitute_for_id == person.id))
        .options(joinedload(Attendance.person))).all()
    by_meeting = defaultdict(list)
    for row in rows:
        by_meeting[row.meeting_id].append(row)
    result = []
    for meeting in meetings:
        own = next((r for r in by_meeting[meeting.id] if r.person_id == person.id), None)
        vara = next((r for r in by_meeting[meeting.id] if r.substitute_for_id == person.id), None)
        result.append(UpcomingMeeting(
            meeting, absent=own is not None and own.status == AttendanceStatus.ABSENT,
            substitute=vara.display_name if vara is not None else None))
    return result


def _attach_papers(user, upcoming: list[UpcomingMeeting]) -> None:
    """The newest stored version of each agenda and meeting book (variant, format) the user may
    read, for every meeting at once (two queries)."""
    by_id = {u.meeting.id: u for u in upcoming}
    papers = db.session.scalars(
        select(GeneratedPaper).where(GeneratedPaper.meeting_id.in_(list(by_id)),
                                     GeneratedPaper.kind.in_(HOME_PAPER_KINDS))
        .order_by(GeneratedPaper.meeting_id, GeneratedPaper.created_at.desc(),
                  GeneratedPaper.id.desc())).all()
    times = exemption_times_of(by_id)
    seen = set()
    for paper in papers:
        key = (paper.meeting_id, paper.kind, paper.variant, paper.format)
        if key in seen:
            continue
        entry = by_id[paper.meeting_id]
        if authz.can_read_paper(user, entry.meeting, paper.kind, paper.variant, paper,
                                times.get(paper.meeting_id, {})):
            seen.add(key)
            entry.papers.append(paper)
    for entry in upcoming:
        entry.papers.sort(key=lambda p: (HOME_PAPER_KINDS.index(p.kind), p.variant, p.format))


def _input_items(meeting_ids: list[int]) -> list[AgendaItem]:
    return db.session.scalars(
        select(AgendaItem).join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.meeting_id.in_(meeting_ids), AgendaItem.input_requested)
        .options(joinedload(AgendaItem.case),
                 joinedload(AgendaItem.meeting).joinedload(Meeting.council))
        .order_by(Meeting.date, AgendaItem.position)).unique().all()


def _minutes(council_ids: list[int], today: date) -> list[Minutes]:
    """Minutes out for comments in the user's councils whose deadline has not passed."""
    return db.session.scalars(
        select(Minutes).join(Meeting, Minutes.meeting_id == Meeting.id)
        .where(Meeting.council_id.in_(council_ids), Minutes.status == MinutesStatus.COMMENTS,
               or_(Minutes.comment_deadline.is_(None), Minutes.comment_deadline >= today))
        .options(joinedload(Minutes.meeting).joinedload(Meeting.council))
        .order_by(Minutes.comment_deadline, Meeting.date)).unique().all()


def _actions(user, person) -> list[FollowUpAction]:
    """Open actions the user or their organisation is responsible for, that the user may see
    (disclosure.visible_actions_condition), by due date."""
    owner = FollowUpAction.responsible_person_id == person.id
    if person.organisation_id is not None:
        owner = or_(owner, FollowUpAction.responsible_organisation_id == person.organisation_id)
    return db.session.scalars(
        select(FollowUpAction)
        .where(owner, FollowUpAction.status.in_(OPEN_STATUSES),
               disclosure.visible_actions_condition(user))
        .options(joinedload(FollowUpAction.council),
                 joinedload(FollowUpAction.item).joinedload(AgendaItem.case),
                 joinedload(FollowUpAction.item).joinedload(AgendaItem.meeting))
        .order_by(FollowUpAction.due_date, FollowUpAction.id)).unique().all()


def _proposals(user) -> list[CaseProposal]:
    """The user's own case proposals (their own text: no exempt material of anyone else)."""
    return db.session.scalars(
        select(CaseProposal).where(CaseProposal.proposer_user_id == user.id)
        .options(joinedload(CaseProposal.council), joinedload(CaseProposal.case))
        .order_by(CaseProposal.created_at.desc(), CaseProposal.id.desc())).all()

