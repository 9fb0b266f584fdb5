"""Meetings and their agendas: create, add items, proposals, issue the notice, postpone."""
from datetime import date, time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm.attributes import flag_modified

from app.extensions import db
from app.formatting import long_date
from app.input_limits import clean_text
from app.models import (
    AgendaItem,
    AgendaItemPresenter,
    Case,
    CaseQueueEntry,
    Council,
    ItemInput,
    ItemKind,
    ItemPurpose,
    ItemStatus,
    ItemType,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Organisation,
    ProposalRevision,
)
from app.models.meeting import ROUTINE_PURPOSES
from app.models.proposal import CaseProposal
from app.services import ServiceError
from app.services.casework.cases import create_case
from app.services.core import numbering
from app.services.core.audit import current_actor
from app.services.core.input_checks import check_plausible_date, required_text
from app.services.core.records import add, assign
from app.services.planning import case_queue
from app.services.planning.item_purpose import refuse_case_for_routine
from app.services.registry.councils import person_by_name

ITEM_TITLE_REQUIRED = _l("Skriv tittelen.")

BREAK_TITLES = ("Pause", "Lunsj")


def meeting_by_number(council: Council, year: int, number: int) -> Meeting | None:
    return db.session.scalar(select(Meeting).where(
        Meeting.council_id == council.id, Meeting.year == year, Meeting.number == number))


def meetings_in_year(council: Council, year: int) -> list[Meeting]:
    """The council's meetings of a year, by number (the meeting calendar)."""
    return db.session.scalars(select(Meeting).where(
        Meeting.council_id == council.id, Meeting.year == year).order_by(Meeting.number)).all()


def move_targets(meeting: Meeting) -> list[Meeting]:
    """The council's other meetings still being prepared, where an item may be moved."""
    return db.session.scalars(select(Meeting).where(
        Meeting.council_id == meeting.council_id, Meeting.id != meeting.id,
        Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.ISSUED])).order_by(Meeting.date)).all()


def create_meeting(council: Council, day: date, start: time, *, kind: str = MeetingKind.ORDINARY,
                   location: str | None = None, number: int | None = None,
                   status: str = MeetingStatus.PLANNED) -> Meeting:
    """Create a meeting; its number is the council's next for that year unless a historic one is
    given (then it must be free)."""
    if kind not in MeetingKind.values():
        raise ServiceError(_l("Ukjent møtetype '%(kind)s'.", kind=kind))
    if status not in MeetingStatus.values():
        raise ServiceError(_l("Ukjent møtestatus '%(status)s'.", status=status))
    check_plausible_date(day, "date")
    check_in_period(council, day)
    if number is None:
        number = numbering.next_meeting_number(council.id, day.year)
    else:
        if meeting_by_number(council, day.year, number):
            raise ServiceError(_l("%(council_code)s har allerede møte %(number)s/%(year)02d.",
                                  council_code=council.code, number=number, year=day.year % 100))
        numbering.raise_to_at_least(numbering.meeting_key(council.id), day.year, number)
    meeting = add(Meeting(council=council, year=day.year, number=number, date=day,
                          start_time=start, kind=kind, location=location, status=status))
    _link_items_postponed_to(meeting)
    return meeting


def check_in_period(council: Council, day: date) -> None:
    """A council whose period has ended (NEHS after 2022) has no more meetings."""
    if council.active_to is not None and day > council.active_to:
        raise ServiceError(_l("%(council_code)s var aktivt til %(active_to)s og kan ikke ha møter etter "
                              "det. Velg et utvalg som er aktivt %(day)s.",
                              council_code=council.code, active_to=long_date(council.active_to),
                              day=long_date(day)))


def _link_items_postponed_to(meeting: Meeting) -> None:
    """Items earlier postponed to this date ("utsatt til møtet 14. september") now point here."""
    waiting = db.session.scalars(select(AgendaItem).where(
        AgendaItem.council_id == meeting.council_id, AgendaItem.status == ItemStatus.POSTPONED,
        AgendaItem.postponed_to_date == meeting.date, AgendaItem.postponed_to_meeting_id.is_(None),
        AgendaItem.meeting_id != meeting.id))
    for item in waiting:
        item.postponed_to_meeting = meeting


def _check_item_type(item_type: str | None) -> None:
    if item_type and item_type not in ItemType.values():
        raise ServiceError(_l("Ukjent innretning '%(item_type)s'; bruk en av %(types)s.",
                              item_type=item_type, types=', '.join(ItemType.values())))


def check_proposal_body(body: dict | None) -> None:
    """A proposal body is {"text": str}, {"points": [str]} or {"parts": [{heading, text|points}]}."""
    if body is None:
        return
    if not isinstance(body, dict) or len(body) != 1 or next(iter(body)) not in ("text", "points", "parts"):
        raise ServiceError(_l("Forslag til vedtak må ha enten tekst, nummererte punkter eller deler."))


def _presenter_rows(names: list[str]) -> list[AgendaItemPresenter]:
    rows = []
    for position, name in enumerate(n for n in map(clean_text, names) if n):
        person = person_by_name(name)
        rows.append(AgendaItemPresenter(position=position, person=person,
                                        name=None if person else name))
    return rows


def _is_closing_item(item: AgendaItem) -> bool:
    return item.purpose == ItemPurpose.ANY_OTHER_BUSINESS


def _next_position(meeting: Meeting) -> int:
    """Where a new item goes: last, but before a closing "Eventuelt" (which then moves down)."""
    items = sorted(meeting.items, key=lambda i: i.position)
    if items and _is_closing_item(items[-1]):
        closing = items[-1]
        position = closing.position
        assign(closing, position=position + 1)
        return position
    return (items[-1].position + 1) if items else 0


def _refuse_if_closed(meeting: Meeting) -> None:
    if meeting.status == MeetingStatus.CANCELLED:
        raise ServiceError(_l("Møtet er avlyst; det kan ikke få nye punkter."))


def add_case_item(meeting: Meeting, title: str, *, case: Case | None = None,
                  item_type: str | None = None, presenters: list[str] = (),
                  organisation: Organisation | None = None, duration: int | None = None,
                  pinned_start: time | None = None, subitems: list[str] = (),
                  proposal_heading: str | None = None, proposal_body: dict | None = None,
                  exempt: bool = False, legal_basis: str | None = None,
                  public_title: str | None = None, allocate_number: bool = True,
                  case_year: int | None = None, purpose: str = ItemPurpose.CASE) -> AgendaItem:
    """Put a case on the agenda (registering a new case unless one is given). After the notice is
    issued the item gets the council's next free meeting case number at once (the importer, which
    may carry historic numbers, numbers items itself and passes ``allocate_number=False``)."""
    title = required_text(title, "title", ITEM_TITLE_REQUIRED)
    _check_item_type(item_type)
    check_proposal_body(proposal_body)
    if purpose not in ItemPurpose.values() or purpose == ItemPurpose.BREAK:
        raise ServiceError(_l("Ukjent formål '%(purpose)s' for en sak.", purpose=purpose))
    refuse_case_for_routine(purpose, case, exempt)
    if duration is not None and duration < 0:
        raise ServiceError(_l("Varigheten kan ikke være negativ."))
    if allocate_number:
        # Serialise with issue_notice: an item added while the notice is being issued must see
        # the new status and get its number.
        meeting = numbering.lock_meeting(meeting.id)
    _refuse_if_closed(meeting)
    if case is None and purpose not in ROUTINE_PURPOSES:
        case = create_case(title, year=case_year, exempt=exempt, legal_basis=legal_basis,
                           public_title=public_title)
    item = AgendaItem(meeting=meeting, council_id=meeting.council_id, position=_next_position(meeting),
                      kind=ItemKind.CASE, purpose=purpose, case=case, title=title,
                      item_type=item_type or None,
                      presenting_organisation=organisation, duration_minutes=duration,
                      pinned_start=pinned_start, subitems=list(subitems),
                      presenters=_presenter_rows(list(presenters)))
    add(item)
    _fill_waiting_entry(item)
    if proposal_heading or proposal_body:
        set_proposal(item, proposal_heading, proposal_body)
    if allocate_number and meeting.status in (MeetingStatus.ISSUED, MeetingStatus.HELD):
        numbering.number_items(meeting, [item])
        item.changed_after_issue = meeting.status == MeetingStatus.ISSUED
    db.session.flush()
    return item


def _fill_waiting_entry(item: AgendaItem) -> None:
    """A case that waited in the council's queue (postponed or sent on) leaves it when it is put
    on an agenda, however that happens."""
    if item.case is None:  # a standard item is never queued
        return

    entry = db.session.scalar(select(CaseQueueEntry).where(
        CaseQueueEntry.council_id == item.council_id, CaseQueueEntry.case_id == item.case_id,
        CaseQueueEntry.placed_item_id.is_(None)).order_by(CaseQueueEntry.id).limit(1))
    if entry is not None:
        entry.placed_item_id = item.id


def add_break(meeting: Meeting, title: str = "Pause", *, duration: int | None = None,
              pinned_start: time | None = None) -> AgendaItem:
    if duration is not None and duration < 0:
        raise ServiceError(_l("Varigheten kan ikke være negativ."))
    _refuse_if_closed(meeting)
    return add(AgendaItem(meeting=meeting, council_id=meeting.council_id,
                          position=_next_position(meeting), kind=ItemKind.BREAK,
                          purpose=ItemPurpose.BREAK,
                          title=clean_text(title) or "Pause", duration_minutes=duration,
                          pinned_start=pinned_start, subitems=[]))


def set_proposal(item: AgendaItem, heading: str | None, body: dict | None,
                 expected_revision: int | None = None) -> ProposalRevision | None:
    """Save a new version of the decision proposal; earlier versions are kept as revisions.

    ``expected_revision`` is the number of versions the editor saw: if someone saved a newer one
    meanwhile, the save is refused (nothing is lost: both versions stay readable)."""
    check_proposal_body(body)
    if expected_revision is not None and len(item.proposal_revisions) != expected_revision:
        raise ServiceError(_l("Noen andre har lagret en ny versjon av forslaget etter at du åpnet det. "
                              "Forslaget ditt er ikke lagret; teksten din står fortsatt i skjemaet. "
                              "Se gjeldende versjon under, og lagre på nytt om ditt skal gjelde."))
    if item.proposal_heading == heading and item.proposal_body == body and item.proposal_revisions:
        return None
    user_id, _actor = current_actor()
    revision = ProposalRevision(number=len(item.proposal_revisions) + 1, heading=heading, body=body,
                                created_by_id=user_id)
    item.proposal_revisions.append(revision)
    assign(item, proposal_heading=heading, proposal_body=body)
    _mark_changed_after_issue(item)
    db.session.flush()
    return revision


def update_item(item: AgendaItem, **fields) -> bool:
    """Change an item's fields (title, item_type, duration_minutes, pinned_start, subitems, status…).

    Leaving "postponed" clears where it was postponed to; an item brought back from "withdrawn"
    in an issued meeting gets the next free number."""
    _check_item_type(fields.get("item_type"))
    if "title" in fields:
        fields["title"] = required_text(fields["title"], "title", ITEM_TITLE_REQUIRED)
    if "subitems" in fields:
        fields["subitems"] = [s for s in map(clean_text, fields["subitems"] or []) if s]
    if fields.get("status", ItemStatus.POSTPONED) != ItemStatus.POSTPONED:
        fields.update(postponed_to_date=None, postponed_to_meeting=None)
    if "postponed_to_date" in fields and fields["postponed_to_date"] != item.postponed_to_date:
        fields.setdefault("postponed_to_meeting", None)
    if "presenters" in fields:
        names = fields.pop("presenters")
        if [p.display_name for p in item.presenters] != list(names):
            item.presenters = _presenter_rows(list(names))
            _mark_changed_after_issue(item)
            # The presenters are child rows: force an UPDATE of the item so that its version
            # moves on and an editor working from an older form is refused.
            flag_modified(item, "subitems")
    was_postponed = item.status == ItemStatus.POSTPONED
    changed = assign(item, **fields)
    if changed:
        _mark_changed_after_issue(item)
        _update_queue(item, was_postponed)
    if item.meeting.status in (MeetingStatus.ISSUED, MeetingStatus.HELD) and numbering.needs_number(item):
        numbering.number_items(item.meeting, [item])
    db.session.flush()
    return changed


def _update_queue(item: AgendaItem, was_postponed: bool) -> None:
    """A postponed case waits in the council's queue for its target meeting (a standard item,
    having no case, never does: see case_queue.enqueue_postponed)."""
    if item.status == ItemStatus.POSTPONED:
        case_queue.enqueue_postponed(item)
    elif was_postponed:
        case_queue.withdraw_entries_from(item)


def _mark_changed_after_issue(item: AgendaItem) -> None:
    if item.meeting.status == MeetingStatus.ISSUED and not item.changed_after_issue:
        item.changed_after_issue = True


def remove_item(item: AgendaItem) -> None:
    """Take an item off a planned agenda. Numbered items are never removed: withdraw them."""
    if item.case_seq is not None:
        raise ServiceError(_l("Saken har fått møtesaksnummer og kan ikke fjernes; trekk den i stedet."))
    if db.session.scalar(select(ItemInput.id).where(ItemInput.item_id == item.id).limit(1)) is not None:
        raise ServiceError(_l("Medlemmene har gitt innspill til saken, så punktet kan ikke fjernes; "
                              "trekk saken i stedet, så blir innspillene tatt vare på."))
    meeting = item.meeting
    db.session.delete(item)
    db.session.flush()
    remaining_items = sorted((i for i in meeting.items if i is not item), key=lambda i: i.position)
    for position, remaining in enumerate(remaining_items):
        assign(remaining, position=position)


def postpone_item(item: AgendaItem, to_date: date | None = None,
                  to_meeting: Meeting | None = None) -> None:
    """Postpone: the item keeps its number here and takes no time; a later agenda gives the same
    case a new number. A standard item (no case) is only marked postponed and is not queued: the
    later meeting has standard items of its own (its "Godkjenning av referat" names the minutes
    still not approved)."""
    if not item.is_case:
        raise ServiceError(_l("Bare saker kan utsettes."))
    if to_meeting is not None:
        if to_meeting.council_id != item.council_id:
            raise ServiceError(_l("Saken kan bare utsettes til et møte i samme utvalg."))
        if to_meeting.status == MeetingStatus.CANCELLED:
            raise ServiceError(_l("Møtet %(label)s er avlyst; velg et annet møte.", label=to_meeting.label))
        to_date = to_meeting.date
    elif to_date is not None:
        to_meeting = db.session.scalar(select(Meeting).where(
            Meeting.council_id == item.council_id, Meeting.date == to_date))
    if to_date is None:
        raise ServiceError(_l("Velg møtet saken utsettes til."))
    check_plausible_date(to_date, "to_date")
    if to_date <= item.meeting.date:
        raise ServiceError(_l("Saken må utsettes til et senere møte."))
    update_item(item, status=ItemStatus.POSTPONED, postponed_to_date=to_date,
                postponed_to_meeting=to_meeting)


def withdraw_item(item: AgendaItem) -> None:
    if not item.is_case:
        raise ServiceError(_l("Bare saker kan trekkes."))
    update_item(item, status=ItemStatus.WITHDRAWN)


def set_status(item: AgendaItem, status: str) -> None:
    if status not in ItemStatus.values():
        raise ServiceError(_l("Ukjent status '%(status)s'.", status=status))
    update_item(item, status=status)


def move_item(item: AgendaItem, direction: int) -> None:
    """Move an item one place up (-1) or down (+1) in its agenda."""
    items = sorted(item.meeting.items, key=lambda i: i.position)
    index = items.index(item)
    target = index + direction
    if not 0 <= target < len(items):
        return
    items[index], items[target] = items[target], items[index]
    reorder(item.meeting, [i.id for i in items], moved=item)


def reorder(meeting: Meeting, item_ids: list[int], moved: AgendaItem | None = None) -> None:
    """Put the agenda in the given order (all of the meeting's items, each once). After issue,
    only the item that was moved is marked "oppdatert", not the ones that shifted around it."""
    by_id = {i.id: i for i in meeting.items}
    if sorted(item_ids) != sorted(by_id):
        raise ServiceError(_l("Rekkefølgen må inneholde alle punktene på dagsordenen nøyaktig én gang."))
    before = [i.id for i in sorted(meeting.items, key=lambda i: i.position)]
    if before == list(item_ids):
        return
    moved_ids = {moved.id} if moved is not None else _moved_items(before, list(item_ids))
    for position, item_id in enumerate(item_ids):
        assign(by_id[item_id], position=position)
    for item_id in moved_ids:
        _mark_changed_after_issue(by_id[item_id])
    db.session.flush()


def _moved_items(before: list[int], after: list[int]) -> set[int]:
    """The one item whose move explains the new order (a drag and drop), or, failing that, every
    item whose position changed."""
    for item_id in before:
        if [i for i in before if i != item_id] == [i for i in after if i != item_id]:
            return {item_id}
    return {a for a, b in zip(before, after, strict=True) if a != b}


def move_to_meeting(item: AgendaItem, target: Meeting) -> None:
    """Move an unnumbered item to another meeting of the same council (numbered items are
    postponed instead, so that their number stays where it was given)."""
    if target.id == item.meeting_id:
        raise ServiceError(_l("Punktet står allerede på dette møtet."))
    if target.council_id != item.council_id:
        raise ServiceError(_l("Punktet kan bare flyttes til et møte i samme utvalg."))
    if target.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ServiceError(_l("Punktet kan ikke flyttes til et møte som er avholdt eller avlyst."))
    if item.case_seq is not None:
        raise ServiceError(_l("Saken har fått møtesaksnummer; utsett den i stedet for å flytte den."))
    source = item.meeting
    assign(item, meeting=target, position=_next_position(target))
    remaining = sorted((i for i in source.items if i is not item), key=lambda i: i.position)
    for position, other in enumerate(remaining):
        assign(other, position=position)
    if target.status == MeetingStatus.ISSUED:
        numbering.number_items(target, [item])
        item.changed_after_issue = True
    db.session.flush()


def cancel_meeting(meeting: Meeting, reason: str) -> None:
    reason = required_text(reason, "reason", _l("Skriv hvorfor møtet avlyses."), multiline=True)
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ServiceError(_l("Møtet er allerede avholdt eller avlyst."))
    assign(meeting, status=MeetingStatus.CANCELLED, cancel_reason=reason)
    db.session.flush()


def update_meeting(meeting: Meeting, **fields) -> None:
    """Change date, start, location, video link or kind (the meeting number never changes)."""
    if "kind" in fields and fields["kind"] not in MeetingKind.values():
        raise ServiceError(_l("Ukjent møtetype '%(kind)s'.", kind=fields['kind']))
    day = check_plausible_date(fields.get("date"), "date")
    if day is not None and day.year != meeting.year:
        raise ServiceError(_l("Møtet kan ikke flyttes til et annet år, fordi møtenummeret hører til "
                              "%(year)s. Avlys møtet og opprett et nytt i %(new_year)s.",
                              year=meeting.year, new_year=day.year))
    if meeting.status in (MeetingStatus.HELD, MeetingStatus.CANCELLED):
        raise ServiceError(_l("Et avholdt eller avlyst møte kan ikke endres."))
    if day is not None:
        check_in_period(meeting.council, day)
    assign(meeting, **fields)
    db.session.flush()


def place_from_queue(entry: CaseQueueEntry, meeting: Meeting) -> AgendaItem:
    """Put a waiting case on the meeting's agenda (before "Eventuelt"), with the type, presenters
    and proposal of its earlier treatment as a starting point."""
    if entry.placed_item_id is not None:
        raise ServiceError(_l("Saken er allerede satt på en dagsorden."))
    if entry.council_id != meeting.council_id:
        raise ServiceError(_l("Saken venter på et annet utvalg."))
    source = entry.from_item
    if source is None:  # an accepted proposal: the type its proposer asked for
        proposal = db.session.scalar(select(CaseProposal).where(CaseProposal.case_id == entry.case_id))
        item = add_case_item(meeting, entry.case.title, case=entry.case,
                             item_type=proposal.item_type if proposal is not None else None,
                             organisation=entry.case.submitted_by_organisation,
                             duration=case_queue.DEFAULT_DURATION)
    else:
        item = add_case_item(
            meeting, source.title, case=entry.case, item_type=source.item_type,
            presenters=[p.display_name for p in source.presenters],
            organisation=source.presenting_organisation,
            duration=source.duration_minutes or case_queue.DEFAULT_DURATION,
            subitems=list(source.subitems or []), proposal_heading=source.proposal_heading,
            proposal_body=source.proposal_body)
    assign(entry, placed_item_id=item.id)
    db.session.flush()
    return item
