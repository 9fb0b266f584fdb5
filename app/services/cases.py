"""Cases (saker) and their case file numbers."""
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import Case
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
