"""loependeJournal.xml and offentligJournal.xml: one journalregistrering per journalpost of the
package (each case document of an exported case), sorted by journalaar and journalsekvensnummer.

Both journals carry the saksmappe (and the journalpost's systemID, the same as in arkivstruktur)
inline per entry, as their schemas require. The public journal shows exempt material only as the
public does (app/disclosure.py): the case's public title or «Sak unntatt offentlighet», the
document as «Dokument 2022/123-4: Unntatt offentlighet, jf. …», never the real title or the
sender's name; the legal basis goes in skjermingshjemmel."""
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app import disclosure
from app.extensions import db
from app.models import Case, CaseDocument
from app.services.archive import ids
from app.services.archive.addml import record_creators
from app.services.archive.scope import Scope, journal_numbers, oslo_time
from app.services.archive.xmlstream import Writer, document

LOEPENDE_NS = "http://www.arkivverket.no/standarder/noark5/loependeJournal"
OFFENTLIG_NS = "http://www.arkivverket.no/standarder/noark5/offentligJournal"
BATCH = 500

# The same values as arkivstruktur.xml (structure.py): M500 tilgangsrestriksjon, M502 skjermingMetadata.
EXEMPT_RESTRICTION = "Unntatt offentlighet"
SCREEN_FOLDER_TITLE = "Skjerming tittel mappe - utvalgte ord"
SCREEN_RECORD_TITLE = "Skjerming tittel registrering - utvalgte ord"
SCREEN_SENDER = "Skjerming korrespondansepart"
SENDER, INTERNAL_SENDER = "Avsender", "Intern avsender"


@dataclass(frozen=True)
class JournalResult:
    journalposter: int  # journalregistreringer in each journal


def write_journals(folder: Path, scope: Scope, document_ids: Iterable[int],
                   meeting_ids: Iterable[int] = ()) -> JournalResult:
    """Write both journals into ``folder``; ``document_ids``: the journalposter of arkivstruktur
    (StructureResult.document_ids), ``meeting_ids`` the exported meetings (for the arkivskaper)."""
    document_ids = list(document_ids)
    numbers = journal_numbers(document_ids)
    order = sorted(numbers, key=lambda document_id: numbers[document_id])
    span = _journal_span(document_ids) or (scope.period_from, scope.period_to)
    creators = record_creators(scope, meeting_ids)
    with document(folder / "loependeJournal.xml", LOEPENDE_NS, "loependeJournal",
                  schema_location="loependeJournal.xsd") as full, \
            document(folder / "offentligJournal.xml", OFFENTLIG_NS, "offentligJournal",
                     schema_location="offentligJournal.xsd") as public:
        for writer in (full, public):
            _header(writer, scope, span, len(order), creators)
        for start in range(0, len(order), BATCH):
            batch = order[start:start + BATCH]
            rows = db.session.scalars(
                select(CaseDocument).where(CaseDocument.id.in_(batch))
                .options(selectinload(CaseDocument.case).selectinload(Case.submitted_by_organisation),
                         selectinload(CaseDocument.case).selectinload(Case.submitted_by_person)))
            by_id = {d.id: d for d in rows}
            for document_id in batch:
                entry = _Entry(by_id[document_id], *numbers[document_id])
                _loepende(full, entry)
                _offentlig(public, entry)
            full.flush()
            public.flush()
    return JournalResult(len(order))


def _journal_span(document_ids: list[int]):
    """The first and last journaldato of the entries: the journal covers the documents of the
    cases treated, registered whenever they were (the period's separation is «mykt»)."""
    if not document_ids:
        return None
    first = last = None
    for start in range(0, len(document_ids), BATCH):
        low, high = db.session.execute(
            select(func.min(CaseDocument.uploaded_at), func.max(CaseDocument.uploaded_at))
            .where(CaseDocument.id.in_(document_ids[start:start + BATCH]))).one()
        first = low if first is None or low < first else first
        last = high if last is None or high > last else last
    return oslo_time(first).date(), oslo_time(last).date()


def _header(w: Writer, scope: Scope, span, count: int, creators) -> None:
    with w.element("journalhode"):
        w.leaf("journalStartDato", span[0])
        w.leaf("journalSluttDato", span[1])
        w.leaf("seleksjon", f"Journalposter i sakene som ble behandlet i møtene i uttrekket ({scope.label})")
        w.leaf("antallJournalposter", count)
        for name in creators:
            with w.element("arkivskaper"):
                w.leaf("arkivskaperID", name)
                w.leaf("arkivskaperNavn", name)


class _Entry:
    """One journalpost with what both journals need of it."""

    def __init__(self, doc: CaseDocument, year: int, sequence: int):
        self.doc, self.case, self.year, self.sequence = doc, doc.case, year, sequence
        self.registered = oslo_time(doc.uploaded_at).date()
        self.case_exempt = bool(self.case.exempt)
        self.doc_exempt = disclosure.document_exempt(doc)
        self.public_case_title = disclosure.public_case_title(self.case)
        self.public_doc_title = disclosure.public_document_title(doc)
        self.doc_basis = disclosure.document_legal_basis(doc)

    @property
    def sender(self) -> tuple[str, str]:
        case = self.case
        if case.submitted_by_person is not None:
            return SENDER, case.submitted_by_person.name
        if case.submitted_by_organisation is not None:
            return SENDER, case.submitted_by_organisation.name
        return INTERNAL_SENDER, "Møtebok"

    @property
    def public_sender(self) -> tuple[str, str]:
        kind, name = self.sender
        return (kind, disclosure.exempt_note(self.doc_basis)) if self.doc_exempt else (kind, name)


def _loepende(w: Writer, e: _Entry) -> None:
    with w.element("journalregistrering"):
        with w.element("saksmappe"):
            w.leaf("mappeID", e.case.file_number)
            w.leaf("saksaar", e.case.file_year)
            w.leaf("sakssekvensnummer", e.case.file_seq)
            w.leaf("tittel", e.case.title)
            if e.case_exempt:
                w.leaf("offentligTittel", e.public_case_title)
                w.leaf("skjermingMetadata", SCREEN_FOLDER_TITLE)
        _journalpost(w, e, public=False)


def _offentlig(w: Writer, e: _Entry) -> None:
    with w.element("journalregistrering"):
        with w.element("saksmappe"):
            w.leaf("mappeID", e.case.file_number)
            w.leaf("saksaar", e.case.file_year)
            w.leaf("sakssekvensnummer", e.case.file_seq)
            w.leaf("offentligTittel", e.public_case_title)
            if e.case_exempt:
                w.leaf("tilgangsrestriksjon", EXEMPT_RESTRICTION)
                w.leaf("skjermingshjemmel", e.case.legal_basis)
        _journalpost(w, e, public=True)


def _journalpost(w: Writer, e: _Entry, *, public: bool) -> None:
    """The journalpost of either journal: the public one has no real title, and an exempt
    document's sender is replaced by the note (as disclosure gives it)."""
    with w.element("journalpost"):
        _journalpost_head(w, e)
        if not public:
            w.leaf("tittel", e.doc.original_name)
        w.leaf("offentligTittel", e.public_doc_title)
        if e.doc_exempt:
            w.leaf("skjermingMetadata", SCREEN_RECORD_TITLE)
        w.leaf("journaldato", e.registered)
        w.leaf("dokumentetsDato", e.registered)
        if e.doc_exempt:
            w.leaf("tilgangsrestriksjon", EXEMPT_RESTRICTION)
            w.leaf("skjermingshjemmel", e.doc_basis)
        kind, name = e.public_sender if public else e.sender
        with w.element("korrespondansepart"):
            w.leaf("korrespondanseparttype", kind)
            w.leaf("korrespondansepartNavn", name)
            if e.doc_exempt and not public:
                w.leaf("skjermingMetadata", SCREEN_SENDER)


def _journalpost_head(w: Writer, e: _Entry) -> None:
    w.leaf("systemID", ids.document_journalpost(e.doc.id))
    w.leaf("registreringsID", e.doc.document_number)
    w.leaf("journalaar", e.year)
    w.leaf("journalsekvensnummer", e.sequence)
    w.leaf("journalpostnummer", e.doc.number)
