"""Checks an import document before anything is written, naming the place of every problem:
``meetings[0].agenda[3].type: 'Drøftng' is not one of Godkjenning, Orientering, …``."""
import re
from datetime import date, time

from app.formatting import FormatError, check_case_number_format, parse_case_number
from app.input_limits import EARLIEST_DATE, LATEST_DATE, MAX_DATABASE_INT, is_plausible_date
from app.models import ItemPurpose, ItemStatus, ItemType, MeetingKind, MeetingStatus, MembershipRole
from app.models.case import CASE_FIELDS
from app.models.fields import FLAG, ORGANISATION, PERSON

TOP_KEYS = {"organisations", "councils", "people", "memberships", "cases", "meetings"}
ORG_KEYS = {"name", "short_name"}
COUNCIL_KEYS = {"code", "name", "description", "case_number_format", "secretariat",
                "active_from", "active_to"}
PERSON_KEYS = {"name", "title", "organisation", "email"}
MEMBERSHIP_KEYS = {"person", "council", "role", "organisation", "from", "to"}
MEETING_KEYS = {"council", "number", "date", "start", "end", "kind", "status", "location", "members",
                "agenda", "cancel_reason", "video_url", "minutes_approved_by"}
MEMBER_KEYS = {"name", "title", "organisation", "role", "email"}
BREAK_KEYS = {"break", "start", "duration"}
ITEM_KEYS = {"case_number", "case_file_number", "title", "description", "type", "presenters",
             "organisation", "start", "duration", "subitems", "access", "proposal", "status",
             "postponed_to", "purpose"}
ACCESS_KEYS = {"exempt", "legal_basis", "public_title"}
CASE_KEYS = {"file_number"} | {f.key for f in CASE_FIELDS.in_yaml}
MAX_MEETING_NUMBER = 999
MINUTES_PER_DAY = 24 * 60
COUNCIL_CODE = re.compile(r"[A-ZÆØÅ][A-ZÆØÅ0-9-]{1,9}")
FILE_NUMBER = re.compile(r"([0-9]{4})/([1-9][0-9]*)")


def parse_time(value) -> time:
    """'08:30' -> time(8, 30). YAML 1.1 reads an unquoted 14:30 as the base-60 number 870, so
    integers are turned back into hours and minutes before they are checked."""
    if isinstance(value, int) and not isinstance(value, bool):
        hours, minutes = divmod(value, 60)
        text = f"{hours:02d}:{minutes:02d}"
    elif isinstance(value, str):
        text = value.strip()
    else:
        raise ValueError(f"{value!r} is not a time (HH:MM)")
    match = re.fullmatch(r"([0-9]{1,2}):([0-9]{2})", text)
    if not match or int(match[1]) > 23 or int(match[2]) > 59:
        raise ValueError(f"'{text}' is not a valid time (HH:MM, 00:00–23:59)")
    return time(int(match[1]), int(match[2]))


def parse_date(value) -> date:
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise ValueError(f"{value!r} is not a date (YYYY-MM-DD)")


class Validator:
    def __init__(self, known_organisations: set[str], known_councils: dict[str, str],
                 known_people: set[str] = frozenset()):
        self.errors: list[str] = []
        self.organisations = set(known_organisations)
        self.councils = dict(known_councils)  # code -> case number format
        self.known_people = set(known_people)  # may submit cases; memberships need listed people
        self.people: set[str] = set()

    def error(self, path: str, message: str) -> None:
        self.errors.append(f"{path}: {message}")

    # --- generic checks -------------------------------------------------------------------------
    def mapping(self, value, path: str, allowed: set[str], required: tuple[str, ...] = ()) -> bool:
        if not isinstance(value, dict):
            self.error(path, f"expected a mapping, got {type(value).__name__}")
            return False
        for key in value:
            if key not in allowed:
                self.error(f"{path}.{key}", f"unknown key; allowed: {', '.join(sorted(allowed))}")
        for key in required:
            if value.get(key) in (None, ""):
                self.error(f"{path}.{key}", "is required")
        return True

    def sequence(self, value, path: str) -> list:
        if value is None:
            return []
        if not isinstance(value, list):
            self.error(path, f"expected a list, got {type(value).__name__}")
            return []
        return value

    def text(self, value, path: str, optional: bool = True) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str) or not value.strip():
            self.error(path, f"expected text, got {value!r}")

    def texts(self, entry: dict, path: str, limits: dict[str, int]) -> None:
        """Each listed key, when present, must be non-empty text no longer than its limit
        (the database's column length)."""
        for key, limit in limits.items():
            value = entry.get(key)
            if value is None:
                continue
            if not isinstance(value, str) or not value.strip():
                self.error(f"{path}.{key}", f"expected text, got {value!r}")
            elif len(value) > limit:
                self.error(f"{path}.{key}", f"is {len(value)} characters long; at most {limit} allowed")

    def one_of(self, value, path: str, allowed: list[str], optional: bool = False) -> None:
        if value is None and optional:
            return
        if not isinstance(value, str) or value not in allowed:
            self.error(path, f"'{value}' is not one of {', '.join(allowed)}")

    def a_date(self, value, path: str, optional: bool = True) -> date | None:
        if value is None and optional:
            return None
        try:
            day = parse_date(value)
        except ValueError as exc:
            self.error(path, str(exc))
            return None
        if not is_plausible_date(day):
            self.error(path, f"{day.isoformat()} is not between {EARLIEST_DATE.isoformat()} and "
                             f"{LATEST_DATE.isoformat()}")
            return None
        return day

    def a_time(self, value, path: str) -> None:
        if value is None:
            return
        try:
            parse_time(value)
        except ValueError as exc:
            self.error(path, str(exc))

    def minutes(self, value, path: str) -> None:
        if value is None:
            return
        if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value <= MINUTES_PER_DAY:
            self.error(path, f"expected a whole number of minutes (0 to {MINUTES_PER_DAY}), got {value!r}")

    def organisation(self, value, path: str) -> None:
        if value is None:
            return
        if not isinstance(value, str):
            self.error(path, f"expected an organisation name, got {value!r}")
        elif value not in self.organisations:
            self.error(path, f"unknown organisation '{value}'; list it under organisations")

    def council(self, value, path: str) -> bool:
        if not isinstance(value, str) or value not in self.councils:
            self.error(path, f"unknown council '{value}'")
            return False
        return True

    # --- sections -------------------------------------------------------------------------------
    def document(self, doc) -> list[str]:
        if not self.mapping(doc, "(file)", TOP_KEYS):
            return self.errors
        for i, org in enumerate(self.sequence(doc.get("organisations"), "organisations")):
            path = f"organisations[{i}]"
            if self.mapping(org, path, ORG_KEYS, ("name",)):
                self.texts(org, path, {"name": 200, "short_name": 50})
                if isinstance(org.get("name"), str):
                    self.organisations.add(org["name"])
        for i, council in enumerate(self.sequence(doc.get("councils"), "councils")):
            self.council_entry(council, f"councils[{i}]")
        for i, person in enumerate(self.sequence(doc.get("people"), "people")):
            path = f"people[{i}]"
            if self.mapping(person, path, PERSON_KEYS, ("name",)):
                self.texts(person, path, {"name": 200, "title": 200, "email": 254})
                self.organisation(person.get("organisation"), f"{path}.organisation")
                if isinstance(person.get("name"), str):
                    self.people.add(person["name"])
        seen_cases: dict[str, str] = {}
        for i, case in enumerate(self.sequence(doc.get("cases"), "cases")):
            self.case_entry(case, f"cases[{i}]", seen_cases)
        seen_meetings: dict[tuple, str] = {}
        seen_numbers: dict[tuple, str] = {}
        meetings = self.sequence(doc.get("meetings"), "meetings")
        for i, meeting in enumerate(meetings):
            self.meeting(meeting, f"meetings[{i}]", seen_meetings, seen_numbers)
        for i, membership in enumerate(self.sequence(doc.get("memberships"), "memberships")):
            self.membership(membership, f"memberships[{i}]")
        return self.errors

    def council_entry(self, council, path: str) -> None:
        if not self.mapping(council, path, COUNCIL_KEYS, ("code", "name")):
            return
        self.texts(council, path, {"code": 10, "name": 200, "description": 20000,
                                   "case_number_format": 40})
        code = council.get("code")
        if isinstance(code, str) and not COUNCIL_CODE.fullmatch(code):
            self.error(f"{path}.code", f"'{code}' is not a council code such as NUIT")
        fmt = council.get("case_number_format") or "{seq}/{yy}"
        try:
            check_case_number_format(fmt)
        except FormatError as exc:
            self.error(f"{path}.case_number_format", str(exc))
            fmt = "{seq}/{yy}"
        self.organisation(council.get("secretariat"), f"{path}.secretariat")
        start = self.a_date(council.get("active_from"), f"{path}.active_from")
        end = self.a_date(council.get("active_to"), f"{path}.active_to")
        if start and end and end < start:
            self.error(f"{path}.active_to", "is before active_from")
        if isinstance(code, str):
            self.councils[code] = fmt

    def case_entry(self, case, path: str, seen: dict[str, str]) -> None:
        """A case with its declared fields (models/case.py: CASE_FIELDS); the rules that depend on
        the case's other values (an exempt case needs a legal basis) are the service's."""
        if not self.mapping(case, path, CASE_KEYS, ("file_number",)):
            return
        file_number = case.get("file_number")
        if file_number is not None and self.file_number(file_number, f"{path}.file_number"):
            if str(file_number) in seen:
                self.error(f"{path}.file_number", f"'{file_number}' is also at {seen[str(file_number)]}")
            seen[str(file_number)] = path
        self.texts(case, path, CASE_FIELDS.yaml_limits())
        for field in CASE_FIELDS.in_yaml:
            value, key_path = case.get(field.key), f"{path}.{field.key}"
            if field.kind == FLAG and value is not None and not isinstance(value, bool):
                self.error(key_path, "expected true or false")
            elif field.kind == ORGANISATION:
                self.organisation(value, key_path)
            elif field.kind == PERSON and value is not None and value not in self.people | self.known_people:
                self.error(key_path, f"unknown person '{value}'; list them under people")

    def file_number(self, value, path: str) -> bool:
        match = FILE_NUMBER.fullmatch(str(value))
        if not match or not 1900 < int(match[1]) < 2200 or int(match[2]) > MAX_DATABASE_INT:
            self.error(path, f"'{value}' is not a case file number such as 2022/123")
            return False
        return True

    def membership(self, membership, path: str) -> None:
        if not self.mapping(membership, path, MEMBERSHIP_KEYS, ("person", "council", "role")):
            return
        person = membership.get("person")
        if not isinstance(person, str) or person not in self.people:
            self.error(f"{path}.person", f"unknown person '{membership.get('person')}'; list them under people")
        self.council(membership.get("council"), f"{path}.council")
        self.one_of(membership.get("role"), f"{path}.role", MembershipRole.values())
        self.organisation(membership.get("organisation"), f"{path}.organisation")
        start = self.a_date(membership.get("from"), f"{path}.from")
        end = self.a_date(membership.get("to"), f"{path}.to")
        if start and end and end < start:
            self.error(f"{path}.to", "is before from")

    def meeting(self, meeting, path: str, seen_meetings: dict, seen_numbers: dict) -> None:
        if not self.mapping(meeting, path, MEETING_KEYS, ("council", "number", "date", "start")):
            return
        council_ok = self.council(meeting.get("council"), f"{path}.council")
        number = meeting.get("number")
        if number is not None and (isinstance(number, bool) or not isinstance(number, int)
                                   or not 1 <= number <= MAX_MEETING_NUMBER):
            self.error(f"{path}.number",
                       f"expected a meeting number from 1 to {MAX_MEETING_NUMBER}, got {number!r}")
        day = self.a_date(meeting.get("date"), f"{path}.date", optional=False)
        self.a_time(meeting.get("start"), f"{path}.start")
        self.a_time(meeting.get("end"), f"{path}.end")
        if meeting.get("end") is not None and meeting.get("start") is not None:
            try:
                if parse_time(meeting["end"]) <= parse_time(meeting["start"]):
                    self.error(f"{path}.end", f"the meeting ends at {meeting['end']}, not after "
                               f"its start {meeting['start']}")
            except ValueError:
                pass  # reported above
        self.one_of(meeting.get("kind", "ordinary"), f"{path}.kind", MeetingKind.values())
        self.one_of(meeting.get("status", "planned"), f"{path}.status", MeetingStatus.values())
        self.texts(meeting, path, {"location": 300, "cancel_reason": 5000, "video_url": 500})
        if meeting.get("minutes_approved_by") is not None:
            approved_by = str(meeting["minutes_approved_by"])
            council_fmt = self.councils.get(meeting.get("council"), "{seq}/{yy}") \
                if isinstance(meeting.get("council"), str) else "{seq}/{yy}"
            try:
                parse_case_number(council_fmt, approved_by)
            except FormatError:
                self.error(f"{path}.minutes_approved_by",
                           f"'{approved_by}' is not a case number of the form "
                           f"'{council_fmt.format(seq=17, yy='22', yyyy=2022)}'")
        if council_ok and day and isinstance(number, int):
            key = (meeting["council"], day.year, number)
            if key in seen_meetings:
                self.error(f"{path}.number", f"meeting {number}/{day.year % 100:02d} of "
                           f"{meeting['council']} is also at {seen_meetings[key]}")
            seen_meetings[key] = path
        for j, member in enumerate(self.sequence(meeting.get("members"), f"{path}.members")):
            mpath = f"{path}.members[{j}]"
            if self.mapping(member, mpath, MEMBER_KEYS, ("name", "role")):
                self.texts(member, mpath, {"name": 200, "title": 200, "email": 254})
                self.one_of(member.get("role"), f"{mpath}.role", MembershipRole.values())
                self.organisation(member.get("organisation"), f"{mpath}.organisation")
                if isinstance(member.get("name"), str):
                    self.people.add(member["name"])
        council_code = meeting.get("council")
        fmt = self.councils.get(council_code, "{seq}/{yy}") if isinstance(council_code, str) else "{seq}/{yy}"
        agenda = self.sequence(meeting.get("agenda"), f"{path}.agenda")
        self.numbers_all_or_none(agenda, path, meeting.get("status", "planned"))
        for k, entry in enumerate(agenda):
            ipath = f"{path}.agenda[{k}]"
            if isinstance(entry, dict) and "break" in entry:
                if self.mapping(entry, ipath, BREAK_KEYS, ("break",)):
                    self.texts(entry, ipath, {"break": 500})
                    self.a_time(entry.get("start"), f"{ipath}.start")
                    self.minutes(entry.get("duration"), f"{ipath}.duration")
            else:
                self.agenda_item(entry, ipath, meeting, day, fmt, seen_numbers)

    def numbers_all_or_none(self, agenda: list, path: str, status) -> None:
        """Meeting case numbers exist once the notice is issued, for every case item at once."""
        case_items = [(k, e) for k, e in enumerate(agenda)
                      if isinstance(e, dict) and "break" not in e
                      and e.get("status", "planned") != ItemStatus.WITHDRAWN]
        numbered = [k for k, e in case_items if e.get("case_number") is not None]
        if numbered and status == MeetingStatus.PLANNED:
            self.error(f"{path}.agenda[{numbered[0]}].case_number",
                       "a planned meeting has no case numbers yet; they are given when the notice is issued")
        elif numbered and len(numbered) < len(case_items):
            missing = next(k for k, e in case_items if e.get("case_number") is None)
            self.error(f"{path}.agenda[{missing}].case_number",
                       "is missing; give every case item of the meeting its number, or none "
                       "(they are then allocated in agenda order)")

    def agenda_item(self, item, path: str, meeting: dict, day: date | None, fmt: str,
                    seen_numbers: dict) -> None:
        if not self.mapping(item, path, ITEM_KEYS, ("title",)):
            return
        self.texts(item, path, {"title": 500, "description": CASE_FIELDS["description"].max_length})
        if item.get("case_number") is not None:
            self.case_number(str(item["case_number"]), f"{path}.case_number", meeting, day, fmt,
                             seen_numbers)
        if item.get("case_file_number") is not None:
            self.file_number(item["case_file_number"], f"{path}.case_file_number")
        self.one_of(item.get("type"), f"{path}.type", ItemType.values(), optional=True)
        self.one_of(item.get("purpose"), f"{path}.purpose",
                    [p for p in ItemPurpose.values() if p != ItemPurpose.BREAK], optional=True)
        for n, name in enumerate(self.sequence(item.get("presenters"), f"{path}.presenters")):
            self.text(name, f"{path}.presenters[{n}]", optional=False)
            if isinstance(name, str) and len(name) > 200:
                self.error(f"{path}.presenters[{n}]", f"is {len(name)} characters long; at most 200 allowed")
        self.organisation(item.get("organisation"), f"{path}.organisation")
        self.a_time(item.get("start"), f"{path}.start")
        self.minutes(item.get("duration"), f"{path}.duration")
        for n, sub in enumerate(self.sequence(item.get("subitems"), f"{path}.subitems")):
            self.text(sub, f"{path}.subitems[{n}]", optional=False)
            if isinstance(sub, str) and len(sub) > 500:
                self.error(f"{path}.subitems[{n}]", f"is {len(sub)} characters long; at most 500 allowed")
        self.access(item.get("access"), f"{path}.access")
        self.proposal(item.get("proposal"), f"{path}.proposal")
        status = item.get("status", "planned")
        self.one_of(status, f"{path}.status", ItemStatus.values())
        target = self.a_date(item.get("postponed_to"), f"{path}.postponed_to")
        if status == ItemStatus.POSTPONED and item.get("postponed_to") is None:
            self.error(f"{path}.postponed_to", "is required when status is postponed")
        if status != ItemStatus.POSTPONED and item.get("postponed_to") is not None:
            self.error(f"{path}.postponed_to", "is only allowed when status is postponed")
        if target and day and target <= day:
            self.error(f"{path}.postponed_to", "must be after the meeting's date")

    def case_number(self, text: str, path: str, meeting: dict, day: date | None, fmt: str,
                    seen_numbers: dict) -> None:
        try:
            seq, year = parse_case_number(fmt, text)
        except FormatError:
            example = fmt.format(seq=16, yy="22", yyyy=2022)
            self.error(path, f"'{text}' is not a case number of the form '{example}'")
            return
        if day and year != day.year:
            self.error(path, f"'{text}' belongs to {year}, but the meeting is in {day.year}")
            return
        key = (meeting.get("council"), year, seq)
        if key in seen_numbers:
            self.error(path, f"duplicate case number '{text}' (also at {seen_numbers[key]})")
        seen_numbers[key] = path

    def access(self, access, path: str) -> None:
        if access is None:
            return
        if not self.mapping(access, path, ACCESS_KEYS):
            return
        self.texts(access, path, {key: CASE_FIELDS[key].max_length for key in ("legal_basis", "public_title")})
        if not isinstance(access.get("exempt", False), bool):
            self.error(f"{path}.exempt", "expected true or false")
        if access.get("exempt") and not access.get("legal_basis"):
            self.error(f"{path}.legal_basis", "is required when exempt is true (e.g. 'offl. § 15 første ledd')")

    def proposal(self, proposal, path: str) -> None:
        if proposal is None:
            return
        if not self.mapping(proposal, path, {"heading", "text", "points", "parts"}):
            return
        self.texts(proposal, path, {"heading": 200})
        self.proposal_body(proposal, path, allow_parts=True)

    def proposal_body(self, body: dict, path: str, allow_parts: bool) -> None:
        kinds = [k for k in ("text", "points", "parts") if body.get(k) is not None]
        allowed = "text, points or parts" if allow_parts else "text or points"
        if len(kinds) != 1 or (kinds[0] == "parts" and not allow_parts):
            self.error(path, f"give exactly one of {allowed}")
            return
        if kinds[0] == "text":
            self.text(body["text"], f"{path}.text", optional=False)
        elif kinds[0] == "points":
            points = self.sequence(body["points"], f"{path}.points")
            if not points:
                self.error(f"{path}.points", "needs at least one point")
            for n, point in enumerate(points):
                self.text(point, f"{path}.points[{n}]", optional=False)
        else:
            parts = self.sequence(body["parts"], f"{path}.parts")
            if not parts:
                self.error(f"{path}.parts", "needs at least one part")
            for n, part in enumerate(parts):
                ppath = f"{path}.parts[{n}]"
                if self.mapping(part, ppath, {"heading", "text", "points"}, ("heading",)):
                    self.texts(part, ppath, {"heading": 500})
                    self.proposal_body(part, ppath, allow_parts=False)
