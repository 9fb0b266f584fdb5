"""`flask data export`: the same YAML format the importer reads (docs/import-format.md)."""
import yaml
from sqlalchemy import or_, select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.formatting import clock, format_case_number
from app.models import (
    AgendaItem,
    AgendaItemPresenter,
    Case,
    Council,
    ItemKind,
    Meeting,
    Membership,
    Organisation,
    Person,
)
from app.models.case import CASE_FIELDS
from app.models.fields import FLAG, ORGANISATION, PERSON
from app.services.proceedings.meeting_setup import purpose_from_title


def _compact(entry: dict) -> dict:
    return {k: v for k, v in entry.items() if v not in (None, [], {})}


def export_document(council_code: str | None = None, year: int | None = None) -> dict:
    council_query = select(Council).order_by(Council.id)
    if council_code:
        council_query = council_query.where(Council.code == council_code)
    council_rows = db.session.scalars(council_query).all()
    council_ids = [c.id for c in council_rows]
    meeting_query = (
        select(Meeting).where(Meeting.council_id.in_(council_ids))
        .order_by(Meeting.council_id, Meeting.year, Meeting.number)
        .options(selectinload(Meeting.items).options(
            joinedload(AgendaItem.case), joinedload(AgendaItem.presenting_organisation),
            selectinload(AgendaItem.presenters).joinedload(AgendaItemPresenter.person)))
    )
    if year:
        meeting_query = meeting_query.where(Meeting.year == year)
    memberships = db.session.scalars(
        select(Membership).where(Membership.council_id.in_(council_ids))
        .options(joinedload(Membership.person), joinedload(Membership.council),
                 joinedload(Membership.organisation)).order_by(Membership.id)
    ).all()
    meeting_rows = db.session.scalars(meeting_query).all()
    return {
        "organisations": [_compact({"name": o.name, "short_name": o.short_name}) for o in
                          db.session.scalars(select(Organisation).order_by(Organisation.name))],
        "councils": [_council(c) for c in council_rows],
        "people": [_person(p) for p in
                   db.session.scalars(select(Person).order_by(Person.name, Person.id))],
        "memberships": [_membership(m) for m in memberships],
        "cases": [_case(c) for c in _cases(meeting_rows, filtered=bool(council_code or year))],
        "meetings": [_meeting(m, memberships) for m in meeting_rows],
    }


def _cases(meeting_rows: list[Meeting], filtered: bool) -> list[Case]:
    """Every case; with a filter, the cases on the exported agendas and those on no agenda."""
    query = select(Case).order_by(Case.file_year, Case.file_seq).options(
        joinedload(Case.submitted_by_organisation), joinedload(Case.submitted_by_person))
    if filtered:
        exported = {i.case_id for m in meeting_rows for i in m.items if i.case_id is not None}
        on_agenda = select(AgendaItem.case_id).where(AgendaItem.case_id.is_not(None))
        query = query.where(or_(Case.id.in_(exported), Case.id.not_in(on_agenda)))
    return db.session.scalars(query).all()


def _case(case: Case) -> dict:
    entry = {"file_number": case.file_number}
    for field in CASE_FIELDS.in_yaml:
        value = getattr(case, field.name)
        if field.kind in (ORGANISATION, PERSON):
            value = value.name if value is not None else None
        entry[field.key] = bool(value) if field.kind == FLAG else value
    return _compact(entry)


def _council(c: Council) -> dict:
    return _compact({
        "code": c.code, "name": c.name, "description": c.description,
        "case_number_format": c.case_number_format,
        "secretariat": c.secretariat.name if c.secretariat else None,
        "active_from": c.active_from, "active_to": c.active_to,
    })


def _person(p: Person) -> dict:
    return _compact({"name": p.name, "title": p.title,
                     "organisation": p.organisation.name if p.organisation else None,
                     "email": p.email})


def _membership(m: Membership) -> dict:
    return _compact({"person": m.person.name, "council": m.council.code, "role": m.role,
                     "organisation": m.organisation.name if m.organisation else None,
                     "from": m.valid_from, "to": m.valid_to})


def _meeting(m: Meeting, memberships: list[Membership]) -> dict:
    members = [
        _compact({"name": ms.person.name, "title": ms.person.title,
                  "organisation": ms.organisation.name if ms.organisation else None,
                  "role": ms.role})
        for ms in memberships if ms.council_id == m.council_id and ms.active_on(m.date)
    ]
    return {
        "council": m.council.code, "number": m.number, "date": m.date, "start": clock(m.start_time),
        **({"end": clock(m.end_time)} if m.end_time else {}),
        "kind": m.kind, "status": m.status, "location": m.location,
        **({"video_url": m.video_url} if m.video_url else {}),
        **({"cancel_reason": m.cancel_reason} if m.cancel_reason else {}),
        **({"minutes_approved_by": _approver_number(m)} if m.minutes_approved_by_item_id else {}),
        "members": members,
        "agenda": [item_entry(i, m.council.case_number_format) for i in m.items],
    }


def _approver_number(m: Meeting) -> str:
    approver = db.session.get(AgendaItem, m.minutes_approved_by_item_id)
    return format_case_number(m.council.case_number_format, approver.case_seq, approver.case_year)


def item_entry(item: AgendaItem, fmt: str) -> dict:
    """An agenda item in the import format."""
    if item.kind == ItemKind.BREAK:
        return _compact({"break": item.title, "start": clock(item.pinned_start) or None,
                         "duration": item.duration_minutes})
    proposal = None
    if item.proposal_heading or item.proposal_body:
        proposal = _compact({"heading": item.proposal_heading, **(item.proposal_body or {})})
    return _compact({
        "case_number": format_case_number(fmt, item.case_seq, item.case_year)
        if item.case_seq else None,
        "case_file_number": item.case.file_number if item.case is not None else None,
        "title": item.title,
        # Written when the title alone would not tell (files without it get it from the title).
        "purpose": item.purpose if item.purpose != purpose_from_title(item.title) else None,
        "type": item.item_type,
        "presenters": [p.display_name for p in item.presenters],
        "organisation": item.presenting_organisation.name if item.presenting_organisation else None,
        "start": clock(item.pinned_start) or None,
        "duration": item.duration_minutes,
        "subitems": list(item.subitems or []),
        "proposal": proposal,
        "status": item.status,
        "postponed_to": item.postponed_to_date,
    })


class _Dumper(yaml.SafeDumper):
    pass


def _str_representer(dumper, value: str):
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _str_representer)


def dump_yaml(doc: dict) -> str:
    return yaml.dump(doc, Dumper=_Dumper, allow_unicode=True, sort_keys=False, width=100)
