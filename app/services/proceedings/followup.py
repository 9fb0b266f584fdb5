"""Follow-up actions (oppfølgingspunkter, DOMAIN.md §8): created from an agenda item, owned by an
organisation and/or a person, due on a date (with an optional label such as "Q4 2022"), tracked
until done. Overdue is derived from the date."""
import io
from dataclasses import dataclass
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app import disclosure
from app.extensions import db
from app.formatting import long_date
from app.models import (
    OPEN_STATUSES,
    ActionStatus,
    AgendaItem,
    FollowUpAction,
    FollowUpNote,
    ItemKind,
    Meeting,
    Organisation,
    Person,
)
from app.services import ServiceError
from app.services.core import clock, csv_export
from app.services.core.audit import current_actor
from app.services.core.input_checks import check_plausible_date, required_text
from app.services.core.records import add, assign
from app.services.proceedings.minutes import NeedsConfirmation
from app.services.proceedings.minutes_lock import check_minutes_editable

STATUS_LABELS = {ActionStatus.OPEN: "Åpen", ActionStatus.IN_PROGRESS: "Under arbeid",
                 ActionStatus.DONE: "Utført", ActionStatus.CANCELLED: "Avbrutt"}


def _check_fields(description: str, organisation, person, due_date) -> str:
    description = required_text(description, "description", _l("Beskriv oppfølgingspunktet."),
                                multiline=True)
    if organisation is None and person is None:
        raise ServiceError(_l("Velg en ansvarlig organisasjon eller person."))
    if due_date is None:
        raise ServiceError(_l("Sett en frist (dato). «Q4 2022» eller «før jul» kan skrives som "
                              "tekst i tillegg."))
    return description


def create_action(item: AgendaItem, description: str, *, organisation: Organisation | None = None,
                  person: Person | None = None, due_date: date | None = None,
                  due_label: str | None = None, accept_past_due: bool = False) -> FollowUpAction:
    """A new action from an item. A due date already past needs ``accept_past_due`` (the page
    asks the user first)."""
    if item.kind != ItemKind.CASE:
        raise ServiceError(_l("Oppfølgingspunkter hører til saker, ikke pauser."))
    check_minutes_editable(item.meeting)
    description = _check_fields(description, organisation, person, due_date)
    check_plausible_date(due_date, "due_date")
    if due_date < clock.today() and not accept_past_due:
        raise NeedsConfirmation(_l("Fristen %(due_date)s er allerede passert. Bekreft at fristen er "
                                   "riktig, eller velg en senere dato.", due_date=long_date(due_date)))
    action = FollowUpAction(council_id=item.council_id, item=item, description=description,
                            responsible_organisation=organisation, responsible_person=person,
                            due_date=due_date, due_label=(due_label or "").strip() or None)
    return add(action)


def update_action(action: FollowUpAction, expected_version: int | None = None, **fields) -> bool:
    """Change description, owner, due date/label, status or where it was reported back."""
    if expected_version is not None and action.version != expected_version:
        raise ServiceError(_l("Oppfølgingspunktet er endret av noen andre etter at du åpnet det. "
                              "Ingenting ble lagret; last siden på nytt."))
    if "status" in fields and fields["status"] not in ActionStatus.values():
        raise ServiceError(_l("Ukjent status '%(status)s'.", status=fields['status']))
    merged = {"description": action.description, "organisation": action.responsible_organisation,
              "person": action.responsible_person, "due_date": action.due_date}
    merged.update({k.replace("responsible_", ""): v for k, v in fields.items()
                   if k in ("description", "responsible_organisation", "responsible_person", "due_date")})
    fields["description"] = _check_fields(merged["description"], merged["organisation"],
                                          merged["person"], merged["due_date"])
    if "due_date" in fields:
        check_plausible_date(fields["due_date"], "due_date")
    if "due_label" in fields:
        fields["due_label"] = (fields["due_label"] or "").strip() or None
    reported = fields.get("reported_item")
    if reported is not None and (reported.council_id != action.council_id
                                 or reported.meeting.date <= action.item.meeting.date):
        raise ServiceError(_l("Oppfølgingen må meldes tilbake i et senere møte i samme utvalg."))
    changed = assign(action, **fields)
    db.session.flush()
    return changed


def add_note(action: FollowUpAction, text: str, author: str | None = None) -> FollowUpNote:
    text = required_text(text, "text", _l("Skriv et notat."), multiline=True)
    user_id, actor = current_actor()
    note = FollowUpNote(text=text, created_by_id=user_id, author_name=author or actor)
    action.notes.append(note)
    db.session.flush()
    return note


def open_actions(council_id: int) -> list[FollowUpAction]:
    """The council's open actions, by due date (carried over to its next meeting until done)."""
    return db.session.scalars(
        select(FollowUpAction).where(FollowUpAction.council_id == council_id,
                                     FollowUpAction.status.in_(OPEN_STATUSES))
        .options(*_load_options()).order_by(FollowUpAction.due_date, FollowUpAction.id)).all()


def _load_options():
    return (joinedload(FollowUpAction.council), joinedload(FollowUpAction.responsible_person),
            joinedload(FollowUpAction.responsible_organisation),
            joinedload(FollowUpAction.item).joinedload(AgendaItem.case),
            joinedload(FollowUpAction.item).joinedload(AgendaItem.meeting),
            joinedload(FollowUpAction.reported_item).joinedload(AgendaItem.meeting),
            selectinload(FollowUpAction.notes))


@dataclass
class ActionFilter:
    council_id: int | None = None
    scope: str = "all"  # all | mine | my_organisation
    overdue: bool = False
    include_closed: bool = False
    order: str = "due"  # due | council


def visible_actions(viewer, flt: ActionFilter) -> list[FollowUpAction]:
    """Actions the viewer may see (disclosure.visible_actions_condition), filtered. Actions from
    exempt cases are left out for those who may not see the case, unless they are responsible."""
    query = select(FollowUpAction).join(AgendaItem, FollowUpAction.item_id == AgendaItem.id)
    if flt.council_id:
        query = query.where(FollowUpAction.council_id == flt.council_id)
    if not flt.include_closed or flt.overdue:
        query = query.where(FollowUpAction.status.in_(OPEN_STATUSES))
    if flt.overdue:
        query = query.where(FollowUpAction.due_date < clock.today())
    person = getattr(viewer, "person", None) if getattr(viewer, "is_authenticated", False) else None
    if flt.scope == "mine":
        query = query.where(FollowUpAction.responsible_person_id == (person.id if person else -1))
    elif flt.scope == "my_organisation":
        org_id = person.organisation_id if person and person.organisation_id else -1
        query = query.where(FollowUpAction.responsible_organisation_id == org_id)
    # The same rule as the action page: the case's readers (by the councils the case has been
    # on), and the person responsible.
    query = query.where(disclosure.visible_actions_condition(viewer))
    if flt.order == "council":
        from app.models import Council
        query = query.join(Council, FollowUpAction.council_id == Council.id)
        order = (Council.code, FollowUpAction.due_date)
    else:
        order = (FollowUpAction.due_date, FollowUpAction.council_id)
    return db.session.scalars(query.options(*_load_options()).order_by(*order, FollowUpAction.id)
                              ).unique().all()


CSV_HEADER = ["Utvalg", "Møte", "Sak", "Beskrivelse", "Ansvarlig person", "Ansvarlig organisasjon",
              "Frist", "Frist (tekst)", "Status", "Forfalt", "Meldt tilbake i"]


def to_csv(actions: list[FollowUpAction]) -> str:
    """Semicolon-separated with a BOM, the way Norwegian Excel opens it."""
    from app.services.planning.agenda import item_number

    today = clock.today()
    out = io.StringIO()
    writer = csv_export.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    for a in actions:
        meeting = a.item.meeting
        reported = a.reported_item.meeting if a.reported_item else None
        writer.writerow([
            a.council.code, f"{meeting.number}/{meeting.year % 100:02d}",
            item_number(a.item, a.council.case_number_format), a.description,
            a.responsible_person.name if a.responsible_person else "",
            a.responsible_organisation.name if a.responsible_organisation else "",
            a.due_date.isoformat(), a.due_label or "", STATUS_LABELS[a.status],
            "ja" if a.is_overdue(today) else "nei",
            f"{reported.number}/{reported.year % 100:02d}" if reported else "",
        ])
    return "\ufeff" + out.getvalue()


def _exempt_line(number: str, legal_basis: str | None, due: date | None) -> str:
    """The carry-over line of an exempt case's action: the case number only (and the due date as
    a date: the free-text label is part of the exempt action)."""
    note = disclosure.exempt_note(legal_basis)
    line = (f"Oppfølgingspunkt i sak {number}" if number else "Oppfølgingspunkt") + (
        f" ({note[:1].lower()}{note[1:]})")
    return line + (f", frist {long_date(due)}" if due else "")


def carry_over_text(actions: list[FollowUpAction]) -> list[str]:
    """One line per open action for the next meeting's "Oppfølgingspunkter" item."""
    from app.services.planning.agenda import item_number

    lines = []
    for a in actions:
        number = item_number(a.item, a.council.case_number_format)
        shown = disclosure.item_view(a.item, disclosure.PUBLIC)
        if shown.hidden:
            # The agenda is public: an action of an exempt case is named by its case only.
            lines.append(_exempt_line(number, shown.legal_basis, a.due_date))
            continue
        lines.append(f"{a.description} ({a.owner_label}; frist: {a.due_text}"
                     + (f"; sak {number}" if number else "") + ")")
    return lines


def on_case_made_exempt(case) -> None:
    hide_carried_over(case)


def hide_carried_over(case) -> int:
    """A case made exempt after its actions were carried over: the lines carry_over_text wrote
    for them on later agendas (which are public, and keep their text) are rewritten to name the
    case only. A line is the action's when it starts with its description or ends with its
    item's case number ("; sak 21/22)"). Returns the number of lines rewritten."""
    from app.services.planning.agenda import item_number

    actions = db.session.scalars(
        select(FollowUpAction).join(AgendaItem, FollowUpAction.item_id == AgendaItem.id)
        .where(AgendaItem.case_id == case.id).options(*_load_options())).all()
    if not actions:
        return 0
    numbers = {a.id: item_number(a.item, a.council.case_number_format) for a in actions}
    earliest = min(a.item.meeting.date for a in actions)
    later_items = db.session.scalars(
        select(AgendaItem).join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.council_id.in_({a.council_id for a in actions}),
               AgendaItem.kind == ItemKind.CASE, Meeting.date > earliest)).all()
    rewritten = 0
    for item in later_items:
        if not item.subitems:
            continue
        ours = [a for a in actions if a.council_id == item.council_id]
        lines = []
        for line in item.subitems:
            action = next((a for a in ours if line.startswith(f"{a.description} (")), None)
            exact = action is not None
            if action is None:
                action = next((a for a in ours if numbers[a.id]
                               and line.endswith(f"; sak {numbers[a.id]})")), None)
            if action is None:
                lines.append(line)
                continue
            # The due date only when the line is surely this action's (several may share an item).
            lines.append(_exempt_line(numbers[action.id], case.legal_basis,
                                      action.due_date if exact else None))
            rewritten += 1
        if lines != item.subitems:
            assign(item, subitems=lines)
    db.session.flush()
    return rewritten


def meeting_actions(meeting: Meeting) -> list[FollowUpAction]:
    return [a for item in sorted(meeting.items, key=lambda i: i.position) for a in item.actions]
