"""`flask data import`: load organisations, councils, people, memberships and meetings from YAML.

The whole file is checked first (app/data_io/validation.py); then it is written in one transaction
through the service layer, so numbering rules and the audit trail apply as for any other change.
Records are matched on their natural keys (organisation name, council code, person name, meeting
council+year+number, agenda item title within its meeting), so importing a file twice changes
nothing the second time.
"""
from contextlib import contextmanager
from dataclasses import dataclass, field

import yaml
from sqlalchemy import select

from app import unit_of_work
from app.data_io.validation import Validator, parse_date, parse_time
from app.extensions import db
from app.formatting import format_case_number, parse_case_number
from app.models import (
    AgendaItem,
    Council,
    ItemKind,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Organisation,
    Person,
)
from app.models.case import CASE_FIELDS
from app.models.fields import ORGANISATION, PERSON
from app.models.meeting import ROUTINE_PURPOSES
from app.services import FieldError, ServiceError
from app.services.casework import cases
from app.services.core import clock, numbering
from app.services.core.records import assign
from app.services.planning import item_purpose, meetings
from app.services.proceedings import recording
from app.services.proceedings.meeting_setup import purpose_from_title
from app.services.registry import councils


class ImportFailed(Exception):
    def __init__(self, errors: list[str]):
        super().__init__("\n".join(errors))
        self.errors = errors


@dataclass
class ImportReport:
    meetings_created: int = 0
    meetings_updated: int = 0
    items_created: int = 0
    numbers_allocated: int = 0
    notes: list[str] = field(default_factory=list)


def load_yaml(text: str | bytes):
    """The YAML document in ``text`` (a file's bytes must be UTF-8); ImportFailed if it is not one."""
    if isinstance(text, bytes):
        try:
            text = text.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFailed([
                f"(file): not UTF-8 text (byte 0x{text[exc.start]:02X} at position {exc.start}); "
                "save the file as UTF-8 and import it again"]) from None
    try:
        return yaml.safe_load(text)
    except yaml.YAMLError as exc:
        raise ImportFailed([f"(file): not valid YAML: {exc}"]) from None
    except ValueError as exc:  # e.g. an impossible date such as 2022-02-30
        raise ImportFailed([f"(file): {exc}"]) from None


def validate(doc) -> list[str]:
    known_orgs = set(db.session.scalars(select(Organisation.name)))
    known_councils = dict(db.session.execute(select(Council.code, Council.case_number_format)).all())
    known_people = set(db.session.scalars(select(Person.name)))
    return Validator(known_orgs, known_councils, known_people).document(doc)


def import_document(doc, actor: str = "import") -> ImportReport:
    """Validate and write ``doc``; all or nothing. Raises ImportFailed with every problem found."""
    errors = validate(doc)
    if errors:
        raise ImportFailed(errors)
    report = ImportReport()
    outcome = unit_of_work.run(lambda: _Writer(report).write(doc), actor)
    if not outcome.ok:
        raise ImportFailed([outcome.error])
    return report


def _org(name: str | None) -> Organisation | None:
    return councils.organisation_by_name(name) if name else None


def _access_fields(access: dict) -> dict:
    exempt = bool(access.get("exempt"))
    return {"exempt": exempt, "legal_basis": access.get("legal_basis") if exempt else None,
            "public_title": access.get("public_title") if exempt else None}


def _case_values(entry: dict) -> dict:
    """The declared case fields a ``cases`` entry gives (a key left out is not given)."""
    values = {}
    for declared in CASE_FIELDS.in_yaml:
        if declared.key in entry:
            value = entry[declared.key]
            if declared.kind == ORGANISATION:
                value = _org(value)
            elif declared.kind == PERSON:
                value = councils.person_by_name(value) if value else None
            values[declared.name] = value
    return values


@contextmanager
def _at(path: str, keys: dict[str, str]):
    """A service's refusal as an import error at ``path``, or at the key of the field it names
    (``keys``: field name -> its path below ``path``)."""
    try:
        yield
    except FieldError as exc:
        where = f"{path}.{keys[exc.field]}" if exc.field in keys else path
        raise ImportFailed([f"{where}: {exc}"]) from None
    except ServiceError as exc:
        raise ImportFailed([f"{path}: {exc}"]) from None


CASE_KEYS = {f.name: f.key for f in CASE_FIELDS.in_yaml}
ITEM_CASE_KEYS = {"description": "description", "exempt": "access.exempt",
                  "legal_basis": "access.legal_basis", "public_title": "access.public_title",
                  "title": "title"}


class _Writer:
    def __init__(self, report: ImportReport):
        self.report = report

    def write(self, doc: dict) -> None:
        for entry in doc.get("organisations") or []:
            councils.upsert_organisation(entry["name"], entry.get("short_name"))
        for entry in doc.get("councils") or []:
            self.council(entry)
        for entry in doc.get("people") or []:
            councils.upsert_person(entry["name"], title=entry.get("title"),
                                   organisation=_org(entry.get("organisation")),
                                   email=entry.get("email"))
        for entry in doc.get("memberships") or []:
            councils.ensure_membership(
                councils.person_by_name(entry["person"]), councils.council_by_code(entry["council"]),
                entry["role"], organisation=_org(entry.get("organisation")),
                valid_from=parse_date(entry["from"]) if entry.get("from") else None,
                valid_to=parse_date(entry["to"]) if entry.get("to") else None)
        for i, entry in enumerate(doc.get("cases") or []):
            self.case(entry, f"cases[{i}]")
        for i, entry in enumerate(doc.get("meetings") or []):
            self.meeting(entry, f"meetings[{i}]")
        for i, entry in enumerate(doc.get("meetings") or []):
            if entry.get("minutes_approved_by") is not None:
                self.minutes_approval(entry, f"meetings[{i}].minutes_approved_by")
        self.link_postponements()

    def minutes_approval(self, entry: dict, path: str) -> None:
        """Link a meeting's minutes to the "Godkjenning av referat" item that approved them."""
        council = councils.council_by_code(entry["council"])
        meeting = meetings.meeting_by_number(council, parse_date(entry["date"]).year, entry["number"])
        seq, year = parse_case_number(council.case_number_format, str(entry["minutes_approved_by"]))
        approver = db.session.scalar(select(AgendaItem).where(
            AgendaItem.council_id == council.id, AgendaItem.case_year == year,
            AgendaItem.case_seq == seq))
        if approver is None:
            raise ImportFailed([f"{path}: no item {entry['minutes_approved_by']} in {council.code}"])
        assign(meeting, minutes_approved_by_item_id=approver.id)

    def council(self, entry: dict) -> None:
        fields = {
            "description": entry.get("description"),
            "case_number_format": entry.get("case_number_format") or "{seq}/{yy}",
            "secretariat": _org(entry.get("secretariat")),
            "active_from": parse_date(entry["active_from"]) if entry.get("active_from") else None,
            "active_to": parse_date(entry["active_to"]) if entry.get("active_to") else None,
        }
        councils.upsert_council(entry["code"], entry["name"], **fields)

    def case(self, entry: dict, path: str) -> None:
        """Register the case with its file number, or change the fields the entry gives."""
        file_number = str(entry["file_number"])
        found = cases.case_by_file_number(*cases.parse_file_number(file_number))
        values = _case_values(entry)
        with _at(path, CASE_KEYS):
            if found is None:
                cases.create_case(values.pop("title", None), file_number=file_number, **values)
            else:
                cases.update_case(found, **values)

    def meeting(self, entry: dict, path: str) -> None:
        council = councils.council_by_code(entry["council"])
        day = parse_date(entry["date"])
        start = parse_time(entry["start"])
        status = entry.get("status", MeetingStatus.PLANNED)
        meeting = meetings.meeting_by_number(council, day.year, entry["number"])
        was_planned_here = meeting is not None and meeting.status == MeetingStatus.PLANNED
        fields = dict(kind=entry.get("kind", "ordinary"), location=entry.get("location"),
                      cancel_reason=entry.get("cancel_reason"), video_url=entry.get("video_url"))
        if meeting is None:
            meeting = meetings.create_meeting(council, day, start, number=entry["number"],
                                              kind=fields["kind"], location=fields["location"])
            self.report.meetings_created += 1
        else:
            if meeting.status != MeetingStatus.PLANNED and status == MeetingStatus.PLANNED:
                raise ImportFailed([f"{path}.status: the notice for {council.code} {meeting.label} "
                                    "has been issued; a meeting cannot go back to planned"])
            self.report.meetings_updated += 1
        # The status is set after the agenda, so that items keep the numbers the file gives them.
        if "end" in entry:  # absent: the recorded end time is left as it is
            fields["end_time"] = parse_time(entry["end"]) if entry["end"] is not None else None
        assign(meeting, date=day, start_time=start, **fields)
        for member in entry.get("members") or []:  # absent: the memberships are left as they are
            org = _org(member.get("organisation"))
            person = councils.upsert_person(member["name"], title=member.get("title"),
                                            organisation=org, email=member.get("email"))
            councils.ensure_membership(person, council, member["role"], organisation=org, on=day)
        if "agenda" in entry:  # absent: the agenda is left as it is
            self.agenda(meeting, entry["agenda"] or [], path)
        if status == MeetingStatus.HELD and meeting.status != MeetingStatus.HELD:
            recording.check_day_has_come(meeting)  # marking it held; one already held stays so
        if was_planned_here and status in (MeetingStatus.ISSUED, MeetingStatus.HELD):
            # Its papers so far were drafts. (A meeting the file brings already issued has no
            # known notice moment, and no papers made here before it.)
            assign(meeting, notice_issued_at=clock.now())
        assign(meeting, status=status)
        if status in (MeetingStatus.ISSUED, MeetingStatus.HELD):
            before = numbering.peek(numbering.meeting_case_key(council.id), meeting.year)
            numbering.number_items(meeting, [i for i in meeting.items if i.kind == ItemKind.CASE])
            self.report.numbers_allocated += (
                numbering.peek(numbering.meeting_case_key(council.id), meeting.year) - before)
        db.session.flush()

    def agenda(self, meeting: Meeting, entries: list[dict], path: str) -> None:
        """Match each entry to an existing item (by meeting case number, then case file number,
        then title and its occurrence), update or create it, and deal with items the file leaves
        out: unnumbered ones are removed, numbered ones are never removed (refused)."""
        fmt = meeting.council.case_number_format
        unmatched = list(meeting.items)
        by_number = {(i.case_year, i.case_seq): i for i in unmatched if i.case_seq is not None}
        by_file = {i.case.file_number: i for i in unmatched if i.case is not None}
        by_title: dict[tuple[str, str, int], AgendaItem] = {}
        counts: dict[tuple[str, str], int] = {}
        for item in unmatched:
            key = (item.kind, item.title)
            by_title[(*key, counts.get(key, 0))] = item
            counts[key] = counts.get(key, 0) + 1
        counts = {}
        for position, entry in enumerate(entries):
            is_break = "break" in entry
            kind = ItemKind.BREAK if is_break else ItemKind.CASE
            title = (entry["break"] if is_break else entry["title"]).strip()
            occurrence = counts.get((kind, title), 0)
            counts[(kind, title)] = occurrence + 1
            candidates = [by_title.get((kind, title, occurrence))]
            if not is_break:
                if entry.get("case_file_number"):
                    candidates.insert(0, by_file.get(str(entry["case_file_number"])))
                if entry.get("case_number") is not None:
                    number = parse_case_number(fmt, str(entry["case_number"]))
                    candidates.insert(0, by_number.get((number[1], number[0])))
            item = next((c for c in candidates if c is not None and c in unmatched), None)
            if item is not None:
                unmatched.remove(item)
            ipath = f"{path}.agenda[{position}]"
            if is_break:
                self.break_item(meeting, item, entry, position)
            else:
                self.case_item(meeting, item, entry, position, ipath)
        self.leftovers(meeting, unmatched, path)

    def leftovers(self, meeting: Meeting, items: list[AgendaItem], path: str) -> None:
        numbered = [i for i in items if i.case_seq is not None]
        if numbered:
            fmt = meeting.council.case_number_format
            names = ", ".join(f"'{i.title}' ({format_case_number(fmt, i.case_seq, i.case_year)})"
                              for i in numbered)
            raise ImportFailed([f"{path}.agenda: {names} not in the file; items with a meeting "
                                "case number are never removed (list them, or mark them withdrawn)"])
        for item in items:
            meetings.remove_item(item)

    def break_item(self, meeting: Meeting, item: AgendaItem | None, entry: dict, position: int) -> None:
        pinned = parse_time(entry["start"]) if entry.get("start") is not None else None
        if item is None:
            item = meetings.add_break(meeting, entry["break"], duration=entry.get("duration"),
                                      pinned_start=pinned)
            self.report.items_created += 1
        assign(item, position=position, duration_minutes=entry.get("duration"), pinned_start=pinned)

    def case_item(self, meeting: Meeting, item: AgendaItem | None, entry: dict, position: int,
                  path: str) -> None:
        access = entry.get("access")
        fields = dict(
            item_type=entry.get("type"), duration_minutes=entry.get("duration"),
            pinned_start=parse_time(entry["start"]) if entry.get("start") is not None else None,
            subitems=list(entry.get("subitems") or []),
            presenting_organisation=_org(entry.get("organisation")),
        )
        purpose = entry.get("purpose") or (item.purpose if item is not None
                                            else purpose_from_title(entry["title"]))
        if purpose in ROUTINE_PURPOSES:
            self.refuse_case_fields(entry, path)
        if item is None:
            case = None
            if purpose not in ROUTINE_PURPOSES:
                case = self.case_for(None, entry, path) or self.postponed_case(meeting, entry["title"])
            with _at(path, ITEM_CASE_KEYS):
                item = meetings.add_case_item(
                    meeting, entry["title"], case=case, presenters=entry.get("presenters") or [],
                    purpose=purpose,
                    organisation=fields["presenting_organisation"], item_type=fields["item_type"],
                    duration=fields["duration_minutes"], pinned_start=fields["pinned_start"],
                    subitems=fields["subitems"], allocate_number=False, case_year=meeting.year,
                    **_access_fields(access or {}))
            self.report.items_created += 1
        else:
            self.case_for(item, entry, path)
            meetings.update_item(item, title=entry["title"].strip(),
                                 presenters=list(entry.get("presenters") or []), **fields)
        assign(item, position=position)
        if entry.get("purpose") is not None:  # a file without purposes leaves them as they are
            with _at(path, {}):
                item_purpose.set_purpose(item, entry["purpose"])
        # The case's fields an item may carry; a file without them leaves the case alone.
        case_fields = _access_fields(access) if access is not None else {}
        if entry.get("description") is not None:
            case_fields["description"] = entry["description"]
        if case_fields and item.case is not None:  # a standard item has no case to change
            with _at(path, ITEM_CASE_KEYS):
                cases.update_case(item.case, **case_fields)
        self.case_number(item, entry, meeting, path)
        proposal = entry.get("proposal")
        if proposal:
            body = {k: proposal[k] for k in ("text", "points", "parts") if proposal.get(k) is not None}
            meetings.set_proposal(item, proposal.get("heading"), body or None)
        target = parse_date(entry["postponed_to"]) if entry.get("postponed_to") else None
        meetings.update_item(item, status=entry.get("status", ItemStatus.PLANNED),
                             postponed_to_date=target)

    @staticmethod
    def refuse_case_fields(entry: dict, path: str) -> None:
        """A standard item has no case file: a file giving it one (or case fields) is refused."""
        given = [key for key in ("case_file_number", "description") if entry.get(key)]
        if (entry.get("access") or {}).get("exempt"):
            given.append("access.exempt")
        if given:
            raise ImportFailed([f"{path}.{given[0]}: a standard item (purpose approve_notice, "
                                "approve_minutes, follow_up or any_other_business) has no case "
                                "file and is never exempt; leave out case_file_number, "
                                "description and access"])

    def postponed_case(self, meeting: Meeting, title: str):
        """A case postponed to this meeting ("utsatt til møtet 14. september") comes back as the
        same case."""
        earlier = db.session.scalars(select(AgendaItem).where(
            AgendaItem.council_id == meeting.council_id, AgendaItem.status == ItemStatus.POSTPONED,
            AgendaItem.postponed_to_date == meeting.date, AgendaItem.title == title.strip(),
            AgendaItem.meeting_id != meeting.id)).first()
        return earlier.case if earlier is not None else None

    def case_for(self, item: AgendaItem | None, entry: dict, path: str):
        """The case named by case_file_number (found or created with that number); None lets
        the service register a new case."""
        file_number = entry.get("case_file_number")
        if file_number:
            year, seq = cases.parse_file_number(str(file_number))
            found = cases.case_by_file_number(year, seq)
            if item is not None and item.case is not None and item.case is not found:
                raise ImportFailed([f"{path}.case_file_number: the item already belongs to case "
                                    f"{item.case.file_number}"])
            if found is not None:
                return found
            with _at(path, ITEM_CASE_KEYS):
                return cases.create_case(entry["title"], file_number=str(file_number),
                                         **_access_fields(entry.get("access") or {}))
        return item.case if item is not None else None

    def case_number(self, item: AgendaItem, entry: dict, meeting: Meeting, path: str) -> None:
        if entry.get("case_number") is None:
            return
        text = str(entry["case_number"])
        seq, year = parse_case_number(meeting.council.case_number_format, text)
        if item.case_seq is not None and (item.case_year, item.case_seq) != (year, seq):
            raise ImportFailed([f"{path}.case_number: the item already has another number; "
                                "meeting case numbers are never changed"])
        holder = db.session.scalar(select(AgendaItem).where(
            AgendaItem.council_id == meeting.council_id, AgendaItem.case_year == year,
            AgendaItem.case_seq == seq))
        if holder is not None and holder is not item:
            raise ImportFailed([f"{path}.case_number: '{text}' is already used by "
                                f"'{holder.title}' in {meeting.council.code} {holder.meeting.label}"])
        assign(item, case_year=year, case_seq=seq)
        numbering.raise_to_at_least(numbering.meeting_case_key(meeting.council_id), year, seq)

    def link_postponements(self) -> None:
        """Point postponed items at the target meeting when it exists."""
        db.session.flush()
        rows = db.session.scalars(select(AgendaItem).where(
            AgendaItem.status == ItemStatus.POSTPONED, AgendaItem.postponed_to_date.is_not(None),
            AgendaItem.postponed_to_meeting_id.is_(None))).all()
        for item in rows:
            target = db.session.scalar(select(Meeting).where(
                Meeting.council_id == item.council_id, Meeting.date == item.postponed_to_date))
            if target is not None:
                assign(item, postponed_to_meeting=target)
