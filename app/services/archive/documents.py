"""The files of an archive package under DOKUMENT/: the case documents as stored (their SHA-256
checked against the row while they are copied) and the meeting papers (the full notice/agenda and
the approved minutes) as DOCX, the production format, plus PDF/A-2b, the archival format, when
LibreOffice converts here.

A meeting paper is the stored GeneratedPaper that went out when there is one (the newest full DOCX
agenda made before the meeting day ended; the newest full DOCX minutes made on or after the day
they were approved), else it is rendered now from the meeting as the database holds it.

Every file is written once, under a name of its own; ``DocumentFile`` says what
arkivstruktur.xml's dokumentobjekt needs to know of it.
"""
import hashlib
import re
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import CaseDocument, GeneratedPaper, Meeting, PaperFormat, PaperKind, PaperVariant, User
from app.services import ServiceError
from app.services.archive.errors import ArchiveError
from app.services.archive.scope import oslo_time
from app.services.core import clock

PRODUCTION = "Produksjonsformat"
ARCHIVAL = "Arkivformat"
SCREENED = "Dokument hvor deler av innholdet er skjermet"
SHA256 = "SHA-256"
PDFA = "PDF/A-2b"
SYSTEM = "Møtebok"
CONVERSION_TOOL = "LibreOffice (soffice --headless --convert-to pdf, SelectPdfVersion 2)"
CHUNK = 64 * 1024

# extension -> (format as Noark's M701 names it here, MIME type for formatDetaljer)
FORMATS = {
    "pdf": ("PDF", "application/pdf"),
    "docx": ("DOCX", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    "pptx": ("PPTX", "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    "xlsx": ("XLSX", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
}


@dataclass(frozen=True)
class Conversion:
    at: datetime
    by: str
    from_format: str
    to_format: str
    tool: str


@dataclass(frozen=True)
class DocumentFile:
    """One file under DOKUMENT/, as a dokumentobjekt describes it."""

    reference: str  # referanseDokumentfil: relative to the package root, "DOKUMENT/…"
    variant: str  # PRODUCTION or ARCHIVAL
    format: str
    format_details: str | None
    sha256: str
    size: int
    created: datetime
    created_by: str
    conversion: Conversion | None = None
    key: str = "production"  # which of its dokumentbeskrivelse's objects: ids.document_object


def _safe(text: str) -> str:
    return re.sub(r"[^A-Za-z0-9ÆØÅæøå_-]+", "_", text).strip("_") or "x"


def user_name(user: User | None) -> str | None:
    """A person's name for opprettetAv and the like (the account's e-mail without a person)."""
    if user is None:
        return None
    return user.person.name if user.person is not None else user.email


class DocumentFiles:
    """Writes the package's document files under ``root``/DOKUMENT, each once."""

    def __init__(self, root: Path, convert_pdf: bool):
        self.root = root
        self.convert_pdf = convert_pdf
        self.files = 0
        self.conversions = 0
        self._written: set[str] = set()

    # --- writing ---------------------------------------------------------------------------------

    def _target(self, *parts: str) -> tuple[str, Path]:
        reference = "/".join(("DOKUMENT", *parts))
        if reference in self._written:
            raise ArchiveError(f"Filen {reference} ville blitt skrevet to ganger i uttrekket.")
        self._written.add(reference)
        path = self.root.joinpath(*reference.split("/"))
        path.parent.mkdir(parents=True, exist_ok=True)
        return reference, path

    def _write(self, data: bytes, *parts: str) -> tuple[str, str, int]:
        reference, path = self._target(*parts)
        path.write_bytes(data)
        self.files += 1
        return reference, hashlib.sha256(data).hexdigest(), len(data)

    # --- case documents --------------------------------------------------------------------------

    def case_document(self, document: CaseDocument, uploaded_by: str | None) -> list[DocumentFile]:
        """Copy the stored file as it is, checking it against the SHA-256 kept since the upload."""
        from app.services.casework.documents import stored_path

        case = document.case
        extension = document.original_name.rpartition(".")[2].lower() if "." in document.original_name \
            else ""
        fmt, mime = FORMATS.get(extension, (extension.upper() or "ukjent", document.content_type))
        folder = f"sak-{case.file_year}-{case.file_seq}"
        name = f"{case.file_year}-{case.file_seq}-{document.number}" + (f".{extension}" if extension else "")
        reference, target = self._target("saker", folder, name)
        digest = hashlib.sha256()
        size = 0
        try:
            with open(stored_path(document.stored_name), "rb") as source, open(target, "wb") as out:
                while chunk := source.read(CHUNK):
                    digest.update(chunk)
                    size += len(chunk)
                    out.write(chunk)
        except (OSError, ServiceError) as error:
            target.unlink(missing_ok=True)
            raise ArchiveError(f"Dokument {document.document_number} mangler på serveren, så uttrekket "
                               f"ble ikke laget.") from error
        if digest.hexdigest() != document.sha256 or size != document.size_bytes:
            target.unlink(missing_ok=True)
            raise ArchiveError(f"Dokument {document.document_number} stemmer ikke med sjekksummen som ble "
                               f"lagret da det ble lastet opp, så uttrekket ble ikke laget.")
        self.files += 1
        return [DocumentFile(reference, PRODUCTION, fmt, mime, document.sha256, size,
                             oslo_time(document.uploaded_at), uploaded_by or SYSTEM)]

    # --- meeting papers --------------------------------------------------------------------------

    def meeting_paper(self, meeting: Meeting, kind: str, public: bool = False) -> list[DocumentFile]:
        """The full agenda (kind 'agenda') or minutes ('minutes') as DOCX, and as PDF/A-2b when
        converting; ``public``: the public variant, exempt content left out (variantformat
        «Dokument hvor deler av innholdet er skjermet»). Raises ArchiveError when it can be
        neither read nor made."""
        from app.services.paperwork import paper_store, papers

        variant = PaperVariant.PUBLIC if public else PaperVariant.FULL
        stored = _sent_paper(meeting, kind, variant)
        try:
            if stored is not None:
                data = paper_store.read(stored)
                created = oslo_time(stored.created_at)
                created_by = user_name(db.session.get(User, stored.created_by_id)) \
                    if stored.created_by_id else None
            else:
                data = papers.render(meeting, kind, public=public)
                created, created_by = oslo_time(clock.now()), None
        except ServiceError as error:
            raise ArchiveError(f"{meeting.council.code} {meeting.label}: {_KIND_NAMES[kind]} kunne ikke "
                               f"leses eller lages: {error}") from error
        base = paper_store.filename_for(meeting, kind, variant, PaperFormat.DOCX).rsplit(".", 1)[0]
        folder = _safe(f"{meeting.council.code}-{meeting.year}-{meeting.number}")
        reference, sha, size = self._write(data, "moeter", folder, f"{base}.docx")
        fmt, mime = FORMATS["docx"]
        files = [DocumentFile(reference, SCREENED if public else PRODUCTION, fmt, mime, sha, size, created,
                              created_by or SYSTEM, key="screened" if public else "production")]
        if self.convert_pdf:
            from app.services.paperwork import pdf

            try:
                converted = pdf.docx_to_pdf(data)
            except ServiceError as error:
                raise ArchiveError(f"{meeting.council.code} {meeting.label}: {_KIND_NAMES[kind]} kunne ikke "
                                   f"gjøres om til PDF/A: {error}") from error
            at = oslo_time(clock.now())
            reference, sha, size = self._write(converted, "moeter", folder, f"{base}.pdf")
            self.conversions += 1
            files.append(DocumentFile(reference, SCREENED if public else ARCHIVAL, PDFA, "application/pdf",
                                      sha, size, at, SYSTEM, Conversion(at, SYSTEM, fmt, PDFA, CONVERSION_TOOL),
                                      key="screened-archival" if public else "archival"))
        return files


_KIND_NAMES = {"agenda": "innkallingen", "minutes": "referatet"}


def _sent_paper(meeting: Meeting, kind: str, variant: str) -> GeneratedPaper | None:
    """The stored DOCX that went out: the newest agenda made before the meeting day ended, the
    newest minutes made on or after the day they were approved."""
    candidates = db.session.scalars(select(GeneratedPaper).where(
        GeneratedPaper.meeting_id == meeting.id, GeneratedPaper.kind == kind,
        GeneratedPaper.variant == variant, GeneratedPaper.format == PaperFormat.DOCX)
        .order_by(GeneratedPaper.version.desc())).all()
    for paper in candidates:
        made = oslo_time(paper.created_at)
        if kind == PaperKind.AGENDA and made.date() < meeting.date + timedelta(days=1):
            return paper
        approved_on = meeting.minutes.approved_on if meeting.minutes is not None else None
        if kind == PaperKind.MINUTES and approved_on is not None and made.date() >= approved_on:
            return paper
    return None
