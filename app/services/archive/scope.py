"""What an archive export holds: the councils and period asked for, and per meeting whether it is
ready for the archive (held, minutes approved) or why not. The command, the archivist's page and
the package writers all ask here."""
from dataclasses import dataclass
from datetime import UTC, date, datetime

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.formatting import long_date
from app.models import AgendaItem, CaseDocument, Council, Meeting, MeetingStatus, MinutesStatus
from app.services.core.clock import OSLO

READY_MINUTES = (MinutesStatus.APPROVED, MinutesStatus.PUBLISHED)


@dataclass(frozen=True)
class Scope:
    """Councils (None: all) and a period, both ends included."""

    council: Council | None
    period_from: date
    period_to: date

    @classmethod
    def year(cls, council: Council | None, year: int) -> "Scope":
        return cls(council, date(year, 1, 1), date(year, 12, 31))

    @property
    def label(self) -> str:
        """'NUIT 2022', 'Alle utvalg 2020–2022' or 'NUIT 1. mars 2022–30. juni 2022'."""
        who = self.council.code if self.council else str(_l("Alle utvalg"))
        whole_years = (self.period_from.month, self.period_from.day) == (1, 1) and \
            (self.period_to.month, self.period_to.day) == (12, 31)
        if whole_years:
            years = str(self.period_from.year) if self.period_from.year == self.period_to.year \
                else f"{self.period_from.year}–{self.period_to.year}"
            return f"{who} {years}"
        return f"{who} {long_date(self.period_from)}–{long_date(self.period_to)}"


@dataclass(frozen=True)
class MeetingReadiness:
    meeting: Meeting
    reason: str | None  # None: ready for the archive

    @property
    def ready(self) -> bool:
        return self.reason is None


def why_not_ready(meeting: Meeting) -> str | None:
    """None when the meeting may go to the archive; else the reason, in Norwegian."""
    if meeting.status == MeetingStatus.CANCELLED:
        return str(_l("Møtet ble avlyst."))
    if meeting.status != MeetingStatus.HELD:
        return str(_l("Møtet er ikke holdt ennå."))
    minutes = meeting.minutes
    if minutes is None:
        return str(_l("Møtet har ikke referat."))
    if minutes.status not in READY_MINUTES:
        return str(_l("Referatet er ikke godkjent ennå."))
    return None


def meetings_in(scope: Scope) -> list[MeetingReadiness]:
    """Every meeting of the scope, by council, date and number, each with its readiness."""
    query = (select(Meeting)
             .where(Meeting.date >= scope.period_from, Meeting.date <= scope.period_to)
             .options(selectinload(Meeting.minutes), selectinload(Meeting.council))
             .order_by(Meeting.council_id, Meeting.date, Meeting.number))
    if scope.council is not None:
        query = query.where(Meeting.council_id == scope.council.id)
    return [MeetingReadiness(m, why_not_ready(m)) for m in db.session.scalars(query)]


def ready_meeting_ids(scope: Scope) -> list[int]:
    return [r.meeting.id for r in meetings_in(scope) if r.ready]


def case_ids_of(meeting_ids: list[int]) -> list[int]:
    """The cases treated at these meetings (a routine item has no case), each once, by id."""
    if not meeting_ids:
        return []
    return list(db.session.scalars(
        select(AgendaItem.case_id).where(AgendaItem.meeting_id.in_(meeting_ids),
                                         AgendaItem.case_id.is_not(None))
        .distinct().order_by(AgendaItem.case_id)))


def journal_numbers(document_ids: list[int]) -> dict[int, tuple[int, int]]:
    """Each case document's (journalaar, journalsekvensnummer): the year it was registered (Oslo)
    and its place among all documents registered that year, by time and id. Counted over the
    whole register, not just the export, so a document keeps its number in every package."""
    wanted = set(document_ids)
    numbers: dict[int, tuple[int, int]] = {}
    counters: dict[int, int] = {}
    rows = db.session.execute(select(CaseDocument.id, CaseDocument.uploaded_at)
                              .order_by(CaseDocument.uploaded_at, CaseDocument.id))
    for document_id, uploaded_at in rows:
        year = oslo_time(uploaded_at).year
        counters[year] = counters.get(year, 0) + 1
        if document_id in wanted:
            numbers[document_id] = (year, counters[year])
    return numbers


def oslo_time(moment: datetime) -> datetime:
    """A stored moment in Oslo time (SQLite gives it back without a zone: it is UTC)."""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(OSLO)
