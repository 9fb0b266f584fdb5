"""Cases (saker) and their case file numbers."""
from datetime import date

from sqlalchemy import or_, select

from app.extensions import db
from app.models import Case, CaseLink
from app.services import ServiceError, numbering
from app.services.records import add


def case_by_file_number(year: int, seq: int) -> Case | None:
    return db.session.scalar(select(Case).where(Case.file_year == year, Case.file_seq == seq))


def parse_file_number(text: str) -> tuple[int, int]:
    try:
        year, seq = (int(part) for part in str(text).split("/"))
    except ValueError:
        raise ServiceError(f"'{text}' er ikke et arkivsaksnummer på formen '2022/123'.") from None
    if seq < 1 or not 1900 < year < 2200:
        raise ServiceError(f"'{text}' er ikke et arkivsaksnummer på formen '2022/123'.")
    return year, seq


def create_case(title: str, *, year: int | None = None, file_number: str | None = None,
                exempt: bool = False, legal_basis: str | None = None,
                public_title: str | None = None, **fields) -> Case:
    """Register a case. Its file number is allocated now ("YYYY/N", across all councils) unless a
    historic one is given."""
    if not (title or "").strip():
        raise ServiceError("Saken må ha en tittel.")
    if exempt and not (legal_basis or "").strip():
        raise ServiceError("En sak som er unntatt offentlighet må ha hjemmel (f.eks. offl. § 15).")
    if file_number:
        file_year, file_seq = parse_file_number(file_number)
        if case_by_file_number(file_year, file_seq):
            raise ServiceError(f"Arkivsaksnummer {file_number} er allerede i bruk.")
        numbering.raise_to_at_least(numbering.CASE_FILE_KEY, file_year, file_seq)
    else:
        file_year = year or date.today().year
        file_seq = numbering.next_case_file_number(file_year)
    return add(Case(title=title.strip(), file_year=file_year, file_seq=file_seq, exempt=exempt,
                    legal_basis=legal_basis if exempt else None,
                    public_title=public_title if exempt else None, **fields))


def link_cases(case: Case, other: Case) -> CaseLink:
    """Mark two cases as related (stored once, whichever way round it is asked)."""
    if case.id == other.id:
        raise ServiceError("En sak kan ikke knyttes til seg selv.")
    low, high = sorted((case.id, other.id))
    existing = db.session.scalar(select(CaseLink).where(
        CaseLink.case_id == low, CaseLink.related_case_id == high))
    return existing or add(CaseLink(case_id=low, related_case_id=high))


def related_cases(case: Case) -> list[Case]:
    links = db.session.execute(select(CaseLink.case_id, CaseLink.related_case_id).where(
        or_(CaseLink.case_id == case.id, CaseLink.related_case_id == case.id))).all()
    ids = {a if b == case.id else b for a, b in links}
    if not ids:
        return []
    return db.session.scalars(select(Case).where(Case.id.in_(ids)).order_by(Case.id)).all()
