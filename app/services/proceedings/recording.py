"""Recording the meeting on the day: per item the outcome, the decision (a copy of the final
proposal to start with) and a short summary of the discussion; late items under "Eventuelt";
marking the meeting held."""
from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.formatting import clock as clock_text
from app.formatting import long_date
from app.input_limits import clean_text
from app.models import (
    AgendaItem,
    Council,
    FollowUpAction,
    ItemKind,
    ItemOutcome,
    ItemStatus,
    Meeting,
    MeetingStatus,
)
from app.services import FieldError, ServiceError
from app.services.core import clock
from app.services.core.input_checks import required_text
from app.services.core.records import assign
from app.services.planning import case_queue, item_locking, meetings
from app.services.proceedings.minutes import minutes_for
from app.services.proceedings.minutes_lock import check_minutes_editable

OUTCOME_STATUS = {
    ItemOutcome.DECIDED: ItemStatus.TREATED,
    ItemOutcome.INFORMATION: ItemStatus.TREATED,
    ItemOutcome.SENT_ON: ItemStatus.TREATED,
    ItemOutcome.POSTPONED: ItemStatus.POSTPONED,
    ItemOutcome.WITHDRAWN: ItemStatus.WITHDRAWN,
}


def load_meeting(meeting_id: int) -> Meeting | None:
    """The meeting with its items, cases and follow-up actions, in a fixed number of queries."""
    return db.session.scalar(
        select(Meeting).where(Meeting.id == meeting_id).options(
            joinedload(Meeting.council), joinedload(Meeting.minutes),
            selectinload(Meeting.items).options(
                joinedload(AgendaItem.case), joinedload(AgendaItem.sent_on_council),
                joinedload(AgendaItem.postponed_to_meeting),
                selectinload(AgendaItem.actions).options(
                    joinedload(FollowUpAction.responsible_person),
                    joinedload(FollowUpAction.responsible_organisation)))))


def postponement_targets(meeting: Meeting) -> list[Meeting]:
    """The council's later meetings still being prepared: where an item may be postponed to."""
    return db.session.scalars(select(Meeting).where(
        Meeting.council_id == meeting.council_id, Meeting.date > meeting.date,
        Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.ISSUED])).order_by(Meeting.date)).all()


def check_recordable(meeting: Meeting) -> None:
    if meeting.status not in (MeetingStatus.ISSUED, MeetingStatus.HELD):
        raise ServiceError(_l("Møtet kan føres først når innkallingen er sendt."))
    check_minutes_editable(meeting)


def initial_decision(item: AgendaItem) -> dict | None:
    """The decision starts as the final proposal."""
    return item.decision_body if item.decision_body is not None else item.proposal_body


def record_item(item: AgendaItem, expected_version: int | None = None, *,
                outcome: str | None = None, decision_body: dict | None = None,
                discussion: str | None = None, postponed_to: Meeting | date | None = None,
                sent_on_to: Council | None = None) -> bool:
    """Save what was recorded for an item. ``expected_version`` is the version the page loaded;
    a save made from an older one is refused (EditConflict), as on the agenda builder."""
    meeting = item.meeting
    check_recordable(meeting)
    if item.kind != ItemKind.CASE:
        raise ServiceError(_l("Pauser har ingen vedtak."))
    if expected_version is not None and item.version != expected_version:
        raise item_locking.EditConflict(item, [], [])
    if outcome is not None and outcome not in ItemOutcome.values():
        raise ServiceError(_l("Ukjent utfall '%(outcome)s'.", outcome=outcome))
    meetings.check_proposal_body(decision_body)
    changed = assign(item, decision_body=decision_body,
                     discussion=clean_text(discussion, multiline=True))
    if outcome != item.outcome or outcome in (ItemOutcome.POSTPONED, ItemOutcome.SENT_ON):
        # What happened on the day is not a change to the papers sent out ("oppdatert").
        flagged = item.changed_after_issue
        changed |= _apply_outcome(item, outcome, postponed_to, sent_on_to)
        item.changed_after_issue = flagged
    minutes_for(meeting)
    db.session.flush()
    return changed


def _apply_outcome(item: AgendaItem, outcome: str | None, postponed_to, sent_on_to) -> bool:
    if outcome == ItemOutcome.POSTPONED:
        if postponed_to is None:
            raise ServiceError(_l("Velg møtet saken utsettes til."))
        if isinstance(postponed_to, Meeting):
            meetings.postpone_item(item, to_meeting=postponed_to)
        else:
            meetings.postpone_item(item, to_date=postponed_to)
    elif outcome == ItemOutcome.SENT_ON:
        if sent_on_to is None:
            raise ServiceError(_l("Velg utvalget saken sendes videre til."))
        if sent_on_to.id != item.sent_on_council_id:
            case_queue.withdraw_entries_from(item)
        meetings.update_item(item, status=ItemStatus.TREATED)
        assign(item, sent_on_council=sent_on_to)
        db.session.flush()
        case_queue.send_on(item, sent_on_to)
    else:
        status = OUTCOME_STATUS.get(outcome, ItemStatus.PLANNED)
        if item.sent_on_council_id is not None:
            case_queue.withdraw_entries_from(item)
        meetings.update_item(item, status=status)
        assign(item, sent_on_council=None)
    return assign(item, outcome=outcome)


def add_late_item(meeting: Meeting, title: str, *, item_type: str | None = None,
                  case=None) -> AgendaItem:
    """A case raised under "Eventuelt": placed right after it, with the next free number (a new
    case unless a registered ``case`` is given)."""
    check_recordable(meeting)
    title = required_text(title, "title", _l("Skriv tittelen på saken."))
    item = meetings.add_case_item(meeting, title, case=case, item_type=item_type)
    ordered = sorted(meeting.items, key=lambda i: i.position)
    closing = next((i for i in ordered if meetings._is_closing_item(i)), None)
    if closing is not None:
        # add_case_item put it before "Eventuelt"; a late item belongs after it.
        ids = [i.id for i in ordered if i is not item]
        ids.insert(ids.index(closing.id) + 1, item.id)
        meetings.reorder(meeting, ids, moved=item)
    return item


def check_day_has_come(meeting: Meeting) -> None:
    """A meeting is held on its day or later, never marked held in advance."""
    if meeting.date > clock.today():
        raise ServiceError(_l("Møtet er %(meeting_date)s og kan ikke markeres som avholdt før den dagen.",
                              meeting_date=long_date(meeting.date)))


def mark_held(meeting: Meeting, end_time: time | None = None) -> None:
    """The meeting has taken place: its agenda is final and its minutes are started. ``end_time``:
    when it ended ("Møtet ble avsluttet kl."), for the minutes' "Tid: 09:00–15:00"."""
    if meeting.status == MeetingStatus.HELD:
        minutes_for(meeting)
        if end_time is not None:
            set_end_time(meeting, end_time)
        return
    if meeting.status != MeetingStatus.ISSUED:
        raise ServiceError(_l("Bare et møte med sendt innkalling kan markeres som avholdt."))
    check_day_has_come(meeting)
    if end_time is not None:
        set_end_time(meeting, end_time)
    assign(meeting, status=MeetingStatus.HELD)
    minutes_for(meeting)
    db.session.flush()


def set_end_time(meeting: Meeting, end_time: time | None) -> None:
    """When the meeting ended (None: not recorded; the minutes then show the planned end)."""
    check_minutes_editable(meeting)
    if end_time is not None and end_time <= meeting.start_time:
        raise FieldError("end_time", _l("Møtet kan ikke slutte før det begynte kl. %(start)s.",
                                        start=clock_text(meeting.start_time)))
    assign(meeting, end_time=end_time)
    db.session.flush()


def unrecorded_items(meeting: Meeting) -> list[AgendaItem]:
    """Case items with no outcome yet (shown as a reminder before the minutes go out)."""
    return [i for i in meeting.items if i.kind == ItemKind.CASE and not i.outcome
            and i.status not in (ItemStatus.POSTPONED, ItemStatus.WITHDRAWN)]
