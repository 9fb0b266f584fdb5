"""Case documents (vedlegg): checked by content, stored under a random name outside the web root.

Rules:

- Allowed types are PDF, DOCX, PPTX and XLSX, recognised by their **content**: a PDF starts with
  ``%PDF-``; the Office formats are ZIP files containing ``word/document.xml``,
  ``ppt/presentation.xml`` or ``xl/workbook.xml``. The file name's extension must name the same
  type, so a renamed executable or a spreadsheet called ".pdf" is refused.
- The size limit is ``MAX_UPLOAD_MB`` (the app also sets ``MAX_CONTENT_LENGTH``, so larger
  requests are cut off before they are read; see app/cases/views.py).
- The original file name is kept for display and for the download's name only, after cleaning.
  A name with a path in it (``../../etc/passwd.pdf``, ``C:\\x.pdf``) is refused. The file is stored
  as ``UPLOAD_FOLDER/<2 hex>/<32 hex>``: nothing from the user's name reaches the file system.
- A SHA-256 checksum and the size are stored with the record (Noark 5 ``sjekksum``).
- A document can be exempt from public access on its own, with its legal basis, inside a public
  case (DOMAIN.md §9): ``add_document(exempt=…, legal_basis=…)`` and ``set_exemption``. Who gets
  it, and what the others see, is app/disclosure.py.
"""
import hashlib
import os
import re
import unicodedata
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import gettext
from flask_babel import lazy_gettext as _l

from app.extensions import db
from app.models import Case, CaseDocument
from app.models.case import CASE_FIELDS
from app.services import ServiceError
from app.services.core import numbering
from app.services.core.records import add, assign

CHUNK = 64 * 1024
NAME_MAX = 200


@dataclass(frozen=True)
class FileType:
    extension: str
    content_type: str
    label: str
    zip_marker: str | None = None  # the entry an Office file of this type must contain


FILE_TYPES = {
    "pdf": FileType("pdf", "application/pdf", "PDF"),
    "docx": FileType("docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
                     "Word (DOCX)", "word/document.xml"),
    "pptx": FileType("pptx",
                     "application/vnd.openxmlformats-officedocument.presentationml.presentation",
                     "PowerPoint (PPTX)", "ppt/presentation.xml"),
    "xlsx": FileType("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                     "Excel (XLSX)", "xl/workbook.xml"),
}
ALLOWED_TEXT = "PDF, DOCX, PPTX eller XLSX"

_WINDOWS_RESERVED = {"CON", "PRN", "AUX", "NUL", *(f"COM{i}" for i in range(1, 10)),
                     *(f"LPT{i}" for i in range(1, 10))}


def max_upload_bytes() -> int:
    """The smaller of MAX_UPLOAD_MB and the request limit MAX_CONTENT_LENGTH."""
    limit = int(current_app.config.get("MAX_UPLOAD_MB", 50)) * 1024 * 1024
    request_limit = current_app.config.get("MAX_CONTENT_LENGTH")
    return min(limit, request_limit) if request_limit else limit


def human_size(size: int) -> str:
    """'50 MB', '1 kB', '312 byte' (Norwegian style: decimal comma)."""
    if size >= 1024 * 1024:
        value, unit = size / (1024 * 1024), "MB"
    elif size >= 1024:
        value, unit = size / 1024, "kB"
    else:
        return f"{size} byte"
    text = f"{value:.1f}".rstrip("0").rstrip(".").replace(".", ",")
    return f"{text} {unit}"


def too_large_message() -> str:
    """In the reader's language (a plain string: the pages show it as text)."""
    return gettext("Filen er for stor. Største tillatte størrelse er %(size)s. Ingen fil ble lagret.",
                   size=human_size(max_upload_bytes()))


def clean_file_name(name: str | None) -> str:
    """The name shown for a file: like werkzeug's secure_filename, but keeping Norwegian (and other)
    letters. Names that carry a path are refused rather than silently cut down."""
    name = unicodedata.normalize("NFC", (name or "").strip())
    if not name:
        raise ServiceError(_l("Filen mangler navn."))
    if "/" in name or "\\" in name or ".." in name or "\x00" in name:
        raise ServiceError(_l("Filnavnet kan ikke inneholde mapper eller «..». Gi filen et vanlig navn "
                              "(f.eks. «saksfremlegg.pdf») og last den opp på nytt."))
    name = "".join(ch for ch in name if unicodedata.category(ch)[0] != "C")  # control characters
    name = re.sub(r"[^\w\s.,()+\-–]", "_", name)  # keeps letters (æ, ø, å …), digits, _ . , ( ) + -
    name = re.sub(r"\s+", " ", name).strip(" ._")
    stem, dot, ext = name.rpartition(".")
    if not dot or not stem:
        raise ServiceError(_l("Filnavnet må slutte med filtypen (%(allowed)s), f.eks. «notat.pdf».",
                              allowed=ALLOWED_TEXT))
    if stem.split(".")[0].upper() in _WINDOWS_RESERVED:
        stem = f"_{stem}"
    return f"{stem[:NAME_MAX - len(ext) - 1]}.{ext}"


def detect_type(path: Path) -> FileType | None:
    """What the file *is*, from its bytes (never its name)."""
    with open(path, "rb") as fh:
        head = fh.read(5)
    if head == b"%PDF-":
        return FILE_TYPES["pdf"]
    # An Office file is a ZIP from its first byte; is_zipfile alone would also accept a program
    # with a ZIP appended to it.
    if not head.startswith(b"PK\x03\x04") or not zipfile.is_zipfile(path):
        return None
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    if "[Content_Types].xml" not in names:
        return None
    for file_type in FILE_TYPES.values():
        if file_type.zip_marker and file_type.zip_marker in names:
            return file_type
    return None


def upload_root() -> Path:
    root = Path(current_app.config["UPLOAD_FOLDER"])
    root.mkdir(parents=True, exist_ok=True)
    return root


def stored_path(stored_name: str) -> Path:
    """Where a stored file lives. ``stored_name`` is always our own 32 hex digits."""
    if not re.fullmatch(r"[0-9a-f]{32}", stored_name or ""):
        raise ServiceError(_l("Ugyldig lagringsnavn."))
    return upload_root() / stored_name[:2] / stored_name


def _receive(stream, target: Path, limit: int) -> tuple[int, str]:
    """Copy ``stream`` to ``target``; returns (size, sha256). Refuses more than ``limit`` bytes."""
    digest = hashlib.sha256()
    size = 0
    with open(target, "xb") as out:
        while chunk := stream.read(CHUNK):
            size += len(chunk)
            if size > limit:
                raise ServiceError(too_large_message())
            digest.update(chunk)
            out.write(chunk)
    return size, digest.hexdigest()


def _legal_basis(exempt: bool, legal_basis: str | None) -> str | None:
    """The legal basis to store: required when exempt, and within a case's legal-basis limit."""
    if not exempt:
        return None
    basis = (legal_basis or "").strip()
    if not basis:
        raise ServiceError(_l("Et dokument som er unntatt offentlighet må ha hjemmel (f.eks. offl. § 14)."))
    too_long = CASE_FIELDS["legal_basis"].length_error(basis)
    if too_long:
        raise ServiceError(too_long)
    return basis


def set_exemption(document: CaseDocument, exempt: bool, legal_basis: str | None = None) -> bool:
    """Make the document exempt from public access with its legal basis, or public again (a
    document of an exempt case stays exempt with its case). Returns True when something changed;
    the audit trail records it."""
    basis = _legal_basis(exempt, legal_basis)
    changed = assign(document, exempt=bool(exempt), legal_basis=basis)
    db.session.flush()
    return changed


@dataclass(frozen=True)
class StoredFile:
    """An uploaded file checked and written under UPLOAD_FOLDER, not yet registered anywhere."""
    display_name: str
    stored_name: str
    content_type: str
    size_bytes: int
    sha256: str


def store_upload(stream, file_name: str | None) -> StoredFile:
    """Check an uploaded file (name, type by content, size) and store it under a random name.
    A refused file leaves nothing on disk; the caller registers the stored file in the same unit
    of work and calls ``discard_file`` if that unit of work fails."""
    display_name = clean_file_name(file_name)
    extension = display_name.rpartition(".")[2].lower()
    if extension not in FILE_TYPES:
        raise ServiceError(_l("Filtypen «.%(extension)s» er ikke tillatt. Last opp %(allowed)s.",
                              extension=extension, allowed=ALLOWED_TEXT))

    stored_name = uuid.uuid4().hex
    target = stored_path(stored_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        size, sha256 = _receive(stream, target, max_upload_bytes())
        if size == 0:
            raise ServiceError(_l("Filen er tom."))
        actual = detect_type(target)
        if actual is None:
            raise ServiceError(_l("Filen «%(display_name)s» er ikke en gyldig %(allowed)s-fil. "
                                  "Innholdet ble sjekket, ikke bare navnet; ingen fil ble lagret.",
                                  display_name=display_name, allowed=ALLOWED_TEXT))
        if actual.extension != extension:
            raise ServiceError(_l("Filen «%(display_name)s» heter .%(extension)s, men innholdet er "
                                  "%(label)s. Gi filen riktig filtype og last den opp på nytt.",
                                  display_name=display_name, extension=extension, label=actual.label))
        os.chmod(target, 0o640)
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return StoredFile(display_name, stored_name, actual.content_type, size, sha256)


def copy_stored(stored_name: str, sha256: str) -> str:
    """A copy of a stored file under a new random name, checked against its SHA-256 (a file that
    has changed on disk is refused); returns the new stored name. The caller discards it if its
    unit of work fails."""
    source = stored_path(stored_name)
    new_name = uuid.uuid4().hex
    target = stored_path(new_name)
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        with open(source, "rb") as stream:
            _size, copied = _receive(stream, target, 2**63 - 1)
        if copied != sha256:
            raise ServiceError(_l("Den lagrede filen stemmer ikke med sjekksummen sin. Ingenting ble lagret."))
        os.chmod(target, 0o640)
    except FileNotFoundError:
        target.unlink(missing_ok=True)
        raise ServiceError(_l("En lagret fil mangler. Ingenting ble lagret.")) from None
    except BaseException:
        target.unlink(missing_ok=True)
        raise
    return new_name


def add_document(case: Case, stream, file_name: str | None, uploaded_by=None, *,
                 exempt: bool = False, legal_basis: str | None = None) -> CaseDocument:
    """Check and store an uploaded file and register it as the case's next document (exempt
    from public access on its own when ``exempt``, with its ``legal_basis``).

    The file is written before the database commits; callers that roll back call
    ``discard_file(document.stored_name)`` (app/cases/views.py does).
    """
    basis = _legal_basis(exempt, legal_basis)
    stored = store_upload(stream, file_name)
    try:
        return register_stored(case, stored, uploaded_by, exempt=exempt, legal_basis=basis)
    except BaseException:
        discard_file(stored.stored_name)
        raise


def register_stored(case: Case, stored: StoredFile, uploaded_by=None, *, exempt: bool = False,
                    legal_basis: str | None = None) -> CaseDocument:
    """Register a stored file as the case's next document ("2022/123-4")."""
    number = numbering.next_document_number(case.id, case.file_year)
    return add(CaseDocument(
        case=case, number=number, original_name=stored.display_name, stored_name=stored.stored_name,
        content_type=stored.content_type, size_bytes=stored.size_bytes, sha256=stored.sha256,
        uploaded_by_id=getattr(uploaded_by, "id", None), exempt=bool(exempt), legal_basis=legal_basis))


def documents_of(case: Case) -> list[CaseDocument]:
    return list(db.session.scalars(
        db.select(CaseDocument).where(CaseDocument.case_id == case.id).order_by(CaseDocument.number)))


def delete_document(document: CaseDocument) -> str:
    """Remove the document's record; returns its stored name so the caller deletes the file once
    the deletion is committed (``discard_file``). The audit trail keeps name and checksum."""
    stored_name = document.stored_name
    db.session.delete(document)
    db.session.flush()
    return stored_name


def discard_file(stored_name: str) -> None:
    try:
        stored_path(stored_name).unlink(missing_ok=True)
    except (OSError, ServiceError):
        current_app.logger.warning("Kunne ikke slette lagret fil %s", stored_name)
