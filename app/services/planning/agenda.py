"""The agenda as readers see it: rows with numbers, times and presenter cells (seed 002's table).

``load_meeting`` fetches a meeting and everything its agenda shows in a fixed number of queries,
however long the agenda is.
"""
from dataclasses import dataclass, field
from datetime import date, time

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app import disclosure
from app.extensions import db
from app.formatting import clock, format_case_number, join_names, postponed_text, presenter_cell
from app.models import AgendaItem, AgendaItemPresenter, ItemKind, ItemStatus, Meeting
from app.services.planning.agenda_times import Slot, end_time, start_times


@dataclass
class AgendaRow:
    item_id: int
    is_break: bool
    number: str
    title: str
    subitems: list[str] = field(default_factory=list)
    item_type: str = ""
    presenter: str = ""  # names and organisation in one line (the documents' cell text)
    presenter_names: str = ""  # the pages put the organisation on a line of its own
    presenter_organisation: str = ""
    start: time | None = None
    postponed: str = ""
    postponed_date: date | None = None
    withdrawn: bool = False
    exempt_note: str = ""
    exempt_basis: str = ""
    exempt_tag: str = ""  # disclosure's page_note for any exempt case (the pages' tag)
    changed_after_issue: bool = False
    proposal_heading: str = ""
    proposal_body: dict | None = None


def load_meeting(meeting_id: int) -> Meeting | None:
    return db.session.scalar(
        select(Meeting).where(Meeting.id == meeting_id)
        .options(
            joinedload(Meeting.council),
            selectinload(Meeting.items).options(
                joinedload(AgendaItem.case),
                joinedload(AgendaItem.presenting_organisation),
                selectinload(AgendaItem.presenters).joinedload(AgendaItemPresenter.person),
            ),
        )
    )


def item_number(item: AgendaItem, case_number_format: str) -> str:
    if item.case_seq is None:
        return ""
    return format_case_number(case_number_format, item.case_seq, item.case_year)


def item_slots(items: list[AgendaItem]) -> list[Slot]:
    return [Slot(duration=i.duration_minutes, pinned=i.pinned_start, skipped=not i.takes_time)
            for i in items]


def meeting_end(meeting: Meeting) -> time | None:
    """When the meeting ended, as recorded when it was held, else the agenda's planned end (None
    for an empty agenda)."""
    if meeting.end_time is not None:
        return meeting.end_time
    items = sorted(meeting.items, key=lambda i: i.position)
    return end_time(meeting.start_time, item_slots(items)) if items else None


def time_span(meeting: Meeting) -> str:
    """'09:00–15:00' (the minutes' «Tid», on the page and in the document), or the start alone."""
    end = meeting_end(meeting)
    start = meeting.start_time
    return f"{clock(start)}–{clock(end)}" if end and end != start else clock(start)


def agenda_rows(meeting: Meeting, viewer=None, show_exempt: bool = False) -> list[AgendaRow]:
    """Rows for ``viewer`` (a user, or disclosure.PUBLIC / FULL_ACCESS); an exempt case the viewer
    may not see shows what disclosure.item_view gives them: its public title and legal basis,
    no sub-items or proposal (``show_exempt`` is for the secretariat's frozen copy of an issued
    notice). Reading pages ask ``disclosure.agenda_hidden`` first."""
    items = sorted(meeting.items, key=lambda i: i.position)
    times = start_times(meeting.start_time, item_slots(items))
    shown = disclosure.item_views(items, disclosure.FULL_ACCESS if show_exempt else viewer)
    fmt = meeting.council.case_number_format
    rows = []
    for item, start in zip(items, times, strict=True):
        if item.kind == ItemKind.BREAK:
            rows.append(AgendaRow(item_id=item.id, is_break=True, number="", title=item.title,
                                  start=start))
            continue
        row = AgendaRow(
            item_id=item.id, is_break=False, number=item_number(item, fmt), title=item.title,
            subitems=list(item.subitems or []), item_type=item.item_type or "",
            presenter=presenter_cell([p.display_name for p in item.presenters],
                                     item.presenting_organisation.label
                                     if item.presenting_organisation else None),
            presenter_names=join_names([p.display_name for p in item.presenters]),
            presenter_organisation=(item.presenting_organisation.label
                                    if item.presenting_organisation else ""),
            start=start, withdrawn=item.status == ItemStatus.WITHDRAWN,
            changed_after_issue=item.changed_after_issue,
            proposal_heading=item.proposal_heading or "", proposal_body=item.proposal_body,
        )
        if item.status == ItemStatus.POSTPONED and item.postponed_to_date:
            row.postponed = postponed_text(item.postponed_to_date, meeting.date)
            row.postponed_date = item.postponed_to_date
        view = shown[item.id]
        row.exempt_tag = view.page_note
        if view.hidden:
            row.title = view.title
            row.subitems = []
            row.proposal_heading, row.proposal_body = "", None
            row.exempt_note = view.note
            row.exempt_basis = view.legal_basis
        rows.append(row)
    return rows
