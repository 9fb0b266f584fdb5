"""Members' input (innspill) on agenda items, and what the secretariat does with it (issue 11).

- The secretariat may ask for input on a case item: a flag with a deadline (``set_input_request``).
- A current member of the meeting's council writes one input per item (``save_input``) and edits
  or deletes it (``delete_own_input``) until the window closes: the end of the deadline's day
  (Europe/Oslo) when one is set, and never after the meeting's start. A member may also give input
  on an item where none was asked for, until the meeting starts: the request only highlights the
  item and sets an earlier deadline.
- Input only on case items (not breaks, not postponed or withdrawn) of a planned or issued meeting.
- The secretariat reads it all (``inputs_for_meeting``, ``input_counts``: one query each) and may
  write a summary that goes into the minutes (``set_input_summary``, while the minutes are
  editable).

Who may read which input is app/authz/inputs.py; what a reader of an exempt case gets,
app/disclosure.py. Optimistic locking: ``ItemInput.version`` (a save from a page opened before
another save of the same input is refused with ``InputConflict``); for the summary, the text as
the page showed it (only the summary is compared: the recording page autosaves the item's other
fields meanwhile).
"""
from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload

from app.authz import can_view_agenda, can_view_case, is_member_of
from app.extensions import db
from app.formatting import clock as clock_text
from app.formatting import long_date
from app.input_limits import clean_text
from app.models import AgendaItem, ItemInput, ItemKind, ItemStatus, Meeting, MeetingStatus, Person
from app.models.base import utcnow
from app.services import FieldError, ServiceError
from app.services.core import clock
from app.services.core.input_checks import check_plausible_date
from app.services.core.records import add, assign
from app.services.proceedings.minutes_lock import check_minutes_editable

MAX_INPUT_LENGTH = 10_000  # characters of an input or of the summary (a page or two of text)


class InputConflict(ServiceError):
    """The input was saved (or deleted) elsewhere after this page was opened; nothing was saved."""


# --- when input may be written -------------------------------------------------------------------

def meeting_start(meeting: Meeting) -> datetime:
    return datetime.combine(meeting.date, meeting.start_time, tzinfo=clock.OSLO)


def closes_at(item: AgendaItem) -> datetime:
    """The moment input on ``item`` can no longer be written or changed: the end of the deadline's
    day in Oslo, or the meeting's start if that comes first."""
    start = meeting_start(item.meeting)
    if item.input_deadline is None:
        return start
    end_of_day = datetime.combine(item.input_deadline + timedelta(days=1), time(0), tzinfo=clock.OSLO)
    return min(start, end_of_day)


def takes_input(item: AgendaItem) -> bool:
    """A case item on the agenda (not postponed or withdrawn) of a planned or issued meeting."""
    return (item.kind == ItemKind.CASE
            and item.status not in (ItemStatus.POSTPONED, ItemStatus.WITHDRAWN)
            and item.meeting.status in (MeetingStatus.PLANNED, MeetingStatus.ISSUED))


def is_open(item: AgendaItem) -> bool:
    """Input on ``item`` may be written now (by a member)."""
    return takes_input(item) and clock.now() < closes_at(item)


def _check_may_write(item: AgendaItem, user) -> Person:
    """The author's person, when ``user`` may write input on ``item`` now; ServiceError else."""
    person = getattr(user, "person", None)
    if (person is None or not is_member_of(user, item.council) or not can_view_agenda(user, item.meeting)
            or (item.case is not None and not can_view_case(user, item.case))):
        raise ServiceError(_l("Bare medlemmene av %(council)s kan gi innspill til sakene på møtet.",
                              council=item.council.code))
    if not takes_input(item):
        raise ServiceError(_l("Det kan ikke gis innspill til dette punktet."))
    if clock.now() >= closes_at(item):
        if item.input_deadline is not None and clock.now() < meeting_start(item.meeting):
            raise ServiceError(_l("Fristen for innspill gikk ut %(deadline)s. Innspillet kan ikke "
                                  "lenger gis eller endres.", deadline=long_date(item.input_deadline)))
        raise ServiceError(_l("Møtet begynte %(date)s kl. %(time)s. Innspill kan ikke lenger gis "
                              "eller endres.", date=long_date(item.meeting.date),
                              time=clock_text(item.meeting.start_time)))
    return person


# --- the member's own input ----------------------------------------------------------------------

def own_input(item: AgendaItem, person: Person | None) -> ItemInput | None:
    if person is None:
        return None
    return db.session.scalar(select(ItemInput).where(ItemInput.item_id == item.id,
                                                     ItemInput.person_id == person.id))


def _check_version(found: ItemInput | None, expected_version: int | None) -> None:
    """``expected_version``: the input's version when the page was opened, 0 when it had none,
    None not to check."""
    if expected_version is None:
        return
    if (found.version if found is not None else 0) != expected_version:
        raise InputConflict(_l("Innspillet ditt er endret eller slettet et annet sted etter at du "
                               "åpnet siden. Ingenting ble lagret; se over det som er lagret nå og "
                               "prøv igjen."))


def save_input(item: AgendaItem, user, body: str | None,
               expected_version: int | None = None) -> ItemInput:
    """Create or edit ``user``'s input on ``item`` (``user.person`` is the author)."""
    person = _check_may_write(item, user)
    text = clean_text(body, multiline=True)
    if text is None:
        raise FieldError("body", _l("Skriv innspillet."))
    if len(text) > MAX_INPUT_LENGTH:
        raise FieldError("body", _l("Innspillet kan være høyst %(max)s tegn; det er %(length)s.",
                                    max=f"{MAX_INPUT_LENGTH:,}".replace(",", " "), length=len(text)))
    found = own_input(item, person)
    _check_version(found, expected_version)
    if found is None:
        return add(ItemInput(item_id=item.id, person_id=person.id, body=text,
                             created_by_id=getattr(user, "id", None)))
    if assign(found, body=text):
        found.updated_at = utcnow()
    return found


def delete_own_input(item: AgendaItem, user, expected_version: int | None = None) -> None:
    person = _check_may_write(item, user)
    found = own_input(item, person)
    if found is None:
        raise ServiceError(_l("Du har ikke gitt innspill til denne saken."))
    _check_version(found, expected_version)
    db.session.delete(found)
    db.session.flush()


# --- the meeting page's links for a member -----------------------------------------------------------

@dataclass(frozen=True)
class InputLink:
    """What the meeting page shows a member next to an item."""

    has_input: bool
    open: bool
    requested: bool
    deadline: date | None


def member_links(meeting: Meeting, user) -> dict[int, InputLink]:
    """For a current member of the meeting's council, by item id: the items where they may give
    input now or have given it. One query, whatever the agenda's length; {} for anyone else."""
    person = getattr(user, "person", None)
    if person is None or not is_member_of(user, meeting.council) or not can_view_agenda(user, meeting):
        return {}
    given = set(db.session.scalars(
        select(ItemInput.item_id).join(AgendaItem, AgendaItem.id == ItemInput.item_id)
        .where(AgendaItem.meeting_id == meeting.id, ItemInput.person_id == person.id)))
    links = {}
    for item in meeting.items:
        if item.kind != ItemKind.CASE:
            continue
        open_now = is_open(item)
        if open_now or item.id in given:
            links[item.id] = InputLink(has_input=item.id in given, open=open_now,
                                       requested=item.input_requested and open_now,
                                       deadline=item.input_deadline)
    return links


# --- what the secretariat sees ----------------------------------------------------------------------

def inputs_for_meeting(meeting: Meeting) -> dict[int, list[ItemInput]]:
    """All input of the meeting by item id, each list by author's name, with the author and their
    organisation loaded: one query. For those who may read all input (authz.inputs)."""
    found = db.session.scalars(
        select(ItemInput).join(AgendaItem, AgendaItem.id == ItemInput.item_id)
        .join(Person, Person.id == ItemInput.person_id)
        .where(AgendaItem.meeting_id == meeting.id)
        .options(joinedload(ItemInput.person).joinedload(Person.organisation))
        .order_by(Person.name, ItemInput.id))
    by_item: dict[int, list[ItemInput]] = defaultdict(list)
    for item_input in found:
        by_item[item_input.item_id].append(item_input)
    return dict(by_item)


def input_counts(meeting: Meeting) -> dict[int, int]:
    """How many inputs each item of the meeting has, by item id: one query."""
    return dict(db.session.execute(
        select(ItemInput.item_id, func.count()).join(AgendaItem, AgendaItem.id == ItemInput.item_id)
        .where(AgendaItem.meeting_id == meeting.id).group_by(ItemInput.item_id)).all())


# --- what the secretariat does ------------------------------------------------------------------------

def set_input_request(item: AgendaItem, requested: bool, deadline: date | None) -> bool:
    """Ask the members for input on ``item`` by ``deadline`` (required, not after the meeting's
    date), or stop asking (the deadline goes too). True when something changed."""
    deadline = deadline if requested else None
    if (bool(item.input_requested), item.input_deadline) == (requested, deadline):
        return False
    if requested:
        if item.kind != ItemKind.CASE:
            raise FieldError("input_requested", _l("Det kan bare bes om innspill til saker, ikke pauser."))
        if item.meeting.status not in (MeetingStatus.PLANNED, MeetingStatus.ISSUED):
            raise FieldError("input_requested", _l("Det kan bare bes om innspill før møtet er avholdt."))
        if deadline is None:
            raise FieldError("input_deadline", _l("Velg fristen for innspill (åååå-mm-dd)."))
        check_plausible_date(deadline, "input_deadline")
        if deadline > item.meeting.date:
            raise FieldError("input_deadline", _l(
                "Fristen for innspill kan ikke være etter møtedatoen %(date)s.",
                date=long_date(item.meeting.date)))
        if deadline != item.input_deadline and deadline < clock.today():
            raise FieldError("input_deadline", _l("Fristen for innspill kan ikke være en dato som "
                                                  "har vært; velg i dag eller senere."))
    changed = assign(item, input_requested=requested, input_deadline=deadline)
    if changed and requested and item.meeting.status == MeetingStatus.ISSUED:
        # Before the notice the members cannot see the agenda: the notice names these items.
        from app.services.proceedings import notifications

        notifications.input_requested(item)
    return changed


def request_input(item: AgendaItem, deadline: date | None) -> bool:
    return set_input_request(item, True, deadline)


def stop_requesting_input(item: AgendaItem) -> bool:
    return set_input_request(item, False, None)


def set_input_summary(item: AgendaItem, text: str | None, original: str | None = None) -> bool:
    """The summary of the input that goes into the minutes under the item (empty: none).
    Written while the meeting is recorded and its minutes are editable. ``original``: the summary
    as the page showed it; when someone else has saved another since, nothing is saved (the
    item's other fields, autosaved by the recording page meanwhile, do not count)."""
    meeting = item.meeting
    if meeting.status not in (MeetingStatus.ISSUED, MeetingStatus.HELD):
        raise ServiceError(_l("Oppsummeringen kan skrives når innkallingen er sendt."))
    check_minutes_editable(meeting)
    if item.kind != ItemKind.CASE:
        raise ServiceError(_l("Pauser har ingen innspill."))
    if original is not None and clean_text(original, multiline=True) != item.input_summary:
        raise InputConflict(_l("Oppsummeringen er endret av noen andre etter at du åpnet siden. "
                               "Ingenting ble lagret; se over den som er lagret nå og prøv igjen."))
    summary = clean_text(text, multiline=True)
    if summary is not None and len(summary) > MAX_INPUT_LENGTH:
        raise FieldError("input_summary", _l(
            "Oppsummeringen kan være høyst %(max)s tegn; den er %(length)s.",
            max=f"{MAX_INPUT_LENGTH:,}".replace(",", " "), length=len(summary)))
    return assign(item, input_summary=summary)
