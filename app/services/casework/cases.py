"""Cases (saker) and their case file numbers; the case register (list, filters, status)."""
from dataclasses import dataclass, field
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import and_, exists, func, not_, or_, select
from sqlalchemy import case as sql_case
from sqlalchemy.orm import aliased

from app import authz, disclosure
from app.extensions import db
from app.formatting import format_case_number
from app.input_limits import MAX_DATABASE_INT
from app.models import (
    AgendaItem,
    Case,
    CaseLink,
    Council,
    ItemStatus,
    Meeting,
    MeetingStatus,
)
from app.models.case import CASE_FIELDS
from app.services import FieldError, ServiceError
from app.services.core import clock, numbering, signals
from app.services.core.records import add, assign


def case_by_file_number(year: int, seq: int) -> Case | None:
    return db.session.scalar(select(Case).where(Case.file_year == year, Case.file_seq == seq))


def parse_file_number(text: str) -> tuple[int, int]:
    try:
        year, seq = (int(part) for part in str(text).split("/"))
    except ValueError:
        raise ServiceError(_l("'%(text)s' er ikke et arkivsaksnummer på formen '2022/123'.",
                              text=text)) from None
    if not 1 <= seq <= MAX_DATABASE_INT or not 1900 < year < 2200:
        raise ServiceError(_l("'%(text)s' er ikke et arkivsaksnummer på formen '2022/123'.", text=text))
    return year, seq


def create_case(title: str, *, year: int | None = None, file_number: str | None = None,
                **fields) -> Case:
    """Register a case with the declared fields given (models/case.py: CASE_FIELDS). Its file
    number is allocated now ("YYYY/N", across all councils) unless a historic one is given."""
    values = _checked(_case_values({"title": title, **fields}))
    if file_number:
        file_year, file_seq = parse_file_number(file_number)
        if case_by_file_number(file_year, file_seq):
            raise ServiceError(_l("Arkivsaksnummer %(file_number)s er allerede i bruk.",
                                  file_number=file_number))
        numbering.raise_to_at_least(numbering.CASE_FILE_KEY, file_year, file_seq)
    else:
        file_year = year or clock.today().year
        file_seq = numbering.next_case_file_number(file_year)
    return add(Case(file_year=file_year, file_seq=file_seq, **values))


def update_case(case: Case, **changes) -> bool:
    """Change the declared fields given (never the file number); a field left out keeps its value,
    one given as None or empty is cleared. Returns True when something changed; the audit hook
    records each changed field."""
    current = {f.attribute: getattr(case, f.attribute) for f in CASE_FIELDS}
    values = _checked({**current, **_case_values(changes)})
    changed = assign(case, **values)
    db.session.flush()
    if values["exempt"] and not current["exempt"]:
        # Its follow-up actions may already be carried over, by name, onto public agendas.
        signals.case_made_exempt.send(case)
    return changed


def _case_values(given: dict) -> dict:
    """The given declared fields, tidied, by model attribute (a submitter is given as the record,
    or as its id under ``submitted_by_person_id``)."""
    attributes = {f.attribute: f for f in CASE_FIELDS if f.attribute != f.name}
    values = {}
    for name, value in given.items():
        if name in attributes:
            values[name] = value
        elif name in CASE_FIELDS:
            declared = CASE_FIELDS[name]
            if declared.attribute != name:
                values[declared.attribute] = value.id if value is not None else None
            else:
                values[name] = declared.tidy(value)
        else:
            raise TypeError(f"A case has no field {name!r}")
    return values


def _checked(values: dict) -> dict:
    """The case's rules on its new values; a public case keeps no legal basis or public title."""
    if not values.get("title"):
        raise FieldError("title", _l("Saken må ha en tittel."))
    values["exempt"] = bool(values.get("exempt"))
    if values["exempt"] and not values.get("legal_basis"):
        raise FieldError("legal_basis",
                         _l("En sak som er unntatt offentlighet må ha hjemmel (f.eks. offl. § 15)."))
    if not values["exempt"]:
        values.update(legal_basis=None, public_title=None)
    for declared in CASE_FIELDS.texts:
        message = declared.length_error(values.get(declared.name))
        if message:
            raise FieldError(declared.name, message)
    return values


def link_cases(case: Case, other: Case) -> CaseLink:
    """Mark two cases as related (stored once, whichever way round it is asked)."""
    if case.id == other.id:
        raise ServiceError(_l("En sak kan ikke knyttes til seg selv."))
    low, high = sorted((case.id, other.id))
    existing = db.session.scalar(select(CaseLink).where(
        CaseLink.case_id == low, CaseLink.related_case_id == high))
    return existing or add(CaseLink(case_id=low, related_case_id=high))


def link_by_file_number(case: Case, file_number: str) -> Case:
    """Link ``case`` to the case with file number "2022/123"; returns that case."""
    year, seq = parse_file_number((file_number or "").strip())
    other = case_by_file_number(year, seq)
    if other is None:
        raise ServiceError(_l("Fant ingen sak med arkivsaksnummer %(year)s/%(seq)s.", year=year, seq=seq))
    link_cases(case, other)
    db.session.flush()
    return other


def unlink_cases(case: Case, other: Case) -> None:
    """Remove the link between two related cases (the audit trail keeps the deleted link)."""
    low, high = sorted((case.id, other.id))
    link = db.session.scalar(select(CaseLink).where(
        CaseLink.case_id == low, CaseLink.related_case_id == high))
    if link is None:
        raise ServiceError(_l("Sakene %(file_number)s og %(other_file_number)s er ikke knyttet sammen.",
                              file_number=case.file_number, other_file_number=other.file_number))
    db.session.delete(link)
    db.session.flush()


def related_cases(case: Case) -> list[Case]:
    links = db.session.execute(select(CaseLink.case_id, CaseLink.related_case_id).where(
        or_(CaseLink.case_id == case.id, CaseLink.related_case_id == case.id))).all()
    ids = {a if b == case.id else b for a, b in links}
    if not ids:
        return []
    return db.session.scalars(select(Case).where(Case.id.in_(ids)).order_by(Case.id)).all()


# ---------------------------------------------------------------------------------------------
# The register: status, treatments, filtered and paginated list


class CaseStatus:
    """A case's status in the register, derived (never stored) from its *latest agenda item*.

    The latest agenda item is the case's item on the meeting with the latest date (ties: the item
    added last), ignoring items on cancelled meetings. Then:

    - ``ny`` (Ny): the case has no agenda item on any meeting that is not cancelled;
    - ``trukket`` (Trukket): the latest item was withdrawn;
    - ``utsatt`` (Utsatt): the latest item was postponed and the case is not on a later agenda;
    - ``behandlet`` (Behandlet): the latest item is marked treated, or its meeting has been held;
    - ``dagsorden`` (På dagsorden): otherwise, i.e. the latest item is planned on a meeting that is
      planned or whose notice has been issued.

    A case that comes back to a council (or moves on to another) takes the status of its newest
    treatment: postponed in May and on the September agenda is "På dagsorden".
    """

    NEW = "ny"
    ON_AGENDA = "dagsorden"
    TREATED = "behandlet"
    POSTPONED = "utsatt"
    WITHDRAWN = "trukket"

    LABELS = {NEW: "Ny", ON_AGENDA: "På dagsorden", TREATED: "Behandlet", POSTPONED: "Utsatt",
              WITHDRAWN: "Trukket"}


def _latest_items():
    """Subquery: per case, its latest agenda item's status and that meeting's status."""
    ranked = (
        select(
            AgendaItem.case_id.label("case_id"),
            AgendaItem.status.label("item_status"),
            Meeting.status.label("meeting_status"),
            func.row_number().over(
                partition_by=AgendaItem.case_id,
                order_by=(Meeting.date.desc(), AgendaItem.id.desc()),
            ).label("rank"),
        )
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.case_id.is_not(None), Meeting.status != MeetingStatus.CANCELLED)
        .subquery("ranked")
    )
    return select(ranked.c.case_id, ranked.c.item_status, ranked.c.meeting_status).where(
        ranked.c.rank == 1).subquery("latest")


def _status_column(latest):
    return sql_case(
        (latest.c.case_id.is_(None), CaseStatus.NEW),
        (latest.c.item_status == ItemStatus.WITHDRAWN, CaseStatus.WITHDRAWN),
        (latest.c.item_status == ItemStatus.POSTPONED, CaseStatus.POSTPONED),
        (or_(latest.c.item_status == ItemStatus.TREATED,
             latest.c.meeting_status == MeetingStatus.HELD), CaseStatus.TREATED),
        else_=CaseStatus.ON_AGENDA,
    )


def case_status(case: Case) -> str:
    """The derived status of one case (see CaseStatus)."""
    latest = _latest_items()
    return db.session.scalar(
        select(_status_column(latest)).select_from(Case)
        .outerjoin(latest, latest.c.case_id == Case.id).where(Case.id == case.id))


def status_from_treatments(treatments: list["Treatment"]) -> str:
    """CaseStatus derived from the given treatments only (what a reader may see of them: a
    visitor does not see a draft agenda, so its item must not make the case "På dagsorden")."""
    standing = [t for t in treatments if t.meeting_status != MeetingStatus.CANCELLED]
    if not standing:
        return CaseStatus.NEW
    latest = max(standing, key=lambda t: (t.meeting_date, t.item_id))
    if latest.item_status == ItemStatus.WITHDRAWN:
        return CaseStatus.WITHDRAWN
    if latest.item_status == ItemStatus.POSTPONED:
        return CaseStatus.POSTPONED
    if latest.item_status == ItemStatus.TREATED or latest.meeting_status == MeetingStatus.HELD:
        return CaseStatus.TREATED
    return CaseStatus.ON_AGENDA


@dataclass
class Treatment:
    """One agenda item of a case: where and when it was (or will be) before a council."""

    case_id: int
    item_id: int
    item_title: str
    item_status: str
    number: str  # meeting case number in the council's format ("16/22"), "" before the notice
    council_id: int
    council_code: str
    meeting_year: int
    meeting_number: int
    meeting_date: date
    meeting_status: str
    sent_on_to: str | None = None  # the council the case was sent on to ("NEHR")

    @property
    def meeting_label(self) -> str:
        return f"Møte {self.meeting_number}/{self.meeting_year % 100:02d}"

    @property
    def label(self) -> str:
        """'NUIT 16/22', or 'NUIT møte 3/22' while the item has no number yet."""
        if self.number:
            return f"{self.council_code} {self.number}"
        return f"{self.council_code} {self.meeting_label.lower()}"


def treatments_of(case_ids: list[int]) -> dict[int, list[Treatment]]:
    """Every case's agenda items across councils and meetings, oldest first (one query)."""
    result: dict[int, list[Treatment]] = {case_id: [] for case_id in case_ids}
    if not case_ids:
        return result
    sent_on = aliased(Council)
    rows = db.session.execute(
        select(AgendaItem.case_id, AgendaItem.id, AgendaItem.title, AgendaItem.status,
               AgendaItem.case_seq, AgendaItem.case_year, Council.id, Council.code,
               Council.case_number_format, Meeting.year, Meeting.number, Meeting.date,
               Meeting.status, sent_on.code)
        .join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .join(Council, Meeting.council_id == Council.id)
        .outerjoin(sent_on, AgendaItem.sent_on_council_id == sent_on.id)
        .where(AgendaItem.case_id.in_(case_ids))
        .order_by(Meeting.date, AgendaItem.position, AgendaItem.id)
    ).all()
    for (case_id, item_id, title, item_status, seq, year, council_id, code, fmt, m_year,
         m_number, m_date, m_status, sent_on_code) in rows:
        result[case_id].append(Treatment(
            case_id=case_id, item_id=item_id, item_title=title, item_status=item_status,
            number=format_case_number(fmt, seq, year) if seq is not None else "",
            council_id=council_id, council_code=code, meeting_year=m_year,
            meeting_number=m_number, meeting_date=m_date, meeting_status=m_status,
            sent_on_to=sent_on_code))
    return result


@dataclass
class RegisterRow:
    case: Case
    status: str
    treatments: list[Treatment] = field(default_factory=list)
    shown: disclosure.Shown | None = None  # the case as the viewer sees it

    @property
    def status_label(self) -> str:
        return CaseStatus.LABELS[self.status]

    @property
    def title(self) -> str:
        return self.shown.title if self.shown else self.case.title


@dataclass
class RegisterPage:
    rows: list[RegisterRow]
    total: int
    page: int
    pages: int
    page_size: int


def _escape_like(text: str) -> str:
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")


def _text_condition(text: str, viewer):
    """Title/description contain ``text`` (case-insensitive on SQLite and PostgreSQL). For an exempt
    case the viewer may not see, only its public title is searched, so a search never reveals what
    the real title or description says."""
    pattern = f"%{_escape_like(text)}%"
    real = or_(Case.title.ilike(pattern, escape="\\"), Case.description.ilike(pattern, escape="\\"))
    public = Case.public_title.ilike(pattern, escape="\\")
    may_see = authz.case_reader_condition(viewer, Case.id)
    return or_(and_(not_(Case.exempt), real), and_(Case.exempt, or_(public, and_(may_see, real))))


def register_page(viewer, *, council: Council | None = None, status: str | None = None,
                  year: int | None = None, text: str | None = None, page: int = 1,
                  page_size: int = 50) -> RegisterPage:
    """One page of the case register, newest file numbers first, in a fixed number of queries
    (a count, the page of cases with their status and submitters, their treatments)."""
    if status and status not in CaseStatus.LABELS:
        raise ServiceError(_l("Ukjent status '%(status)s'.", status=status))
    latest = _latest_items()
    status_col = _status_column(latest)
    conditions = []
    if council is not None:
        conditions.append(exists().where(AgendaItem.case_id == Case.id,
                                         AgendaItem.council_id == council.id))
    if status:
        conditions.append(status_col == status)
    if year:
        conditions.append(Case.file_year == year)
    if text and text.strip():
        conditions.append(_text_condition(text.strip(), viewer))

    total = db.session.scalar(
        select(func.count()).select_from(Case)
        .outerjoin(latest, latest.c.case_id == Case.id).where(*conditions))
    pages = max(1, -(-total // page_size))
    page = min(max(1, page), pages)
    found = db.session.execute(
        select(Case, status_col.label("status"))
        .outerjoin(latest, latest.c.case_id == Case.id)
        .where(*conditions)
        .order_by(Case.file_year.desc(), Case.file_seq.desc())
        .limit(page_size).offset((page - 1) * page_size)
    ).all()
    by_case = treatments_of([c.id for c, _ in found])
    rows = []
    for found_case, found_status in found:
        treated = by_case[found_case.id]
        shown = disclosure.case_view(found_case, viewer, {t.council_id for t in treated})
        rows.append(RegisterRow(case=found_case, status=found_status, treatments=treated,
                                shown=shown))
    return RegisterPage(rows=rows, total=total, page=page, pages=pages, page_size=page_size)


def file_years() -> list[int]:
    return list(db.session.scalars(select(Case.file_year).distinct().order_by(Case.file_year.desc())))
