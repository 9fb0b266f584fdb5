"""Generated papers kept for good, and the councils' own Word templates.

Every generation (a button on the meeting or minutes page, or `flask agenda|minutes docx`) becomes
a new ``GeneratedPaper`` row with a file of its own under ``UPLOAD_FOLDER/generated/``: versions
count up per (meeting, kind, variant, format), nothing is overwritten, and each row keeps who made
it, when, the size and the SHA-256 of the bytes, so the exact file that was sent can be found again.

Generation is two steps so the web view can render (which may take seconds for a PDF) without
holding SQLite's write lock: ``produce`` only reads; ``store`` writes the file and the row.
``generate`` does both.

Templates: ``upload_template`` checks a .docx by content and by rendering it with a sample
(``papers.check_template``) before it becomes the council's active template; a template that fails
is refused and the previous one stays active.
"""
import hashlib
import io
import os
import re
import uuid
import zipfile
from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError

from app import authz, disclosure
from app.extensions import db
from app.models import (
    Council,
    GeneratedPaper,
    Meeting,
    MeetingStatus,
    PaperFormat,
    PaperKind,
    PaperTemplate,
    PaperVariant,
    User,
)
from app.services import ServiceError
from app.services.core import clock
from app.services.paperwork import paper_templates

KIND_SLUGS = {PaperKind.AGENDA: "innkalling", PaperKind.MINUTES: "referat",
              PaperKind.MEETING_BOOK: "samlet-saksdokument"}
KIND_LABELS = {PaperKind.AGENDA: "Innkalling", PaperKind.MINUTES: "Referat",
               PaperKind.MEETING_BOOK: "Samlet saksdokument"}
CONTENT_TYPES = {
    PaperFormat.DOCX: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    PaperFormat.PDF: "application/pdf",
}
TEMPLATE_KINDS = (PaperKind.AGENDA, PaperKind.MINUTES)
NO_LIBREOFFICE = _l("PDF krever LibreOffice (soffice), som ikke er installert på denne maskinen. "
                    "Installer pakken libreoffice-writer-nogui, eller last ned DOCX i stedet.")


# --- what may be made and read ----------------------------------------------------------------

def pdf_available() -> bool:
    """True when LibreOffice can convert to PDF here (the PDF buttons are hidden otherwise)."""
    try:
        from app.services.paperwork import pdf
    except ImportError:  # pragma: no cover - the module ships with the app
        return False
    return pdf.soffice_available()


def check_request(kind: str, variant: str, fmt: str) -> None:
    """Refuse a paper that does not exist (the meeting book is a PDF only) or needs LibreOffice."""
    if kind not in PaperKind.values() or variant not in PaperVariant.values() \
            or fmt not in PaperFormat.values():
        raise ServiceError(_l("Ukjent dokumenttype."))
    if kind == PaperKind.MEETING_BOOK and fmt != PaperFormat.PDF:
        raise ServiceError(_l("Samlet saksdokument lages bare som PDF."))
    if fmt == PaperFormat.PDF and not pdf_available():
        raise ServiceError(NO_LIBREOFFICE)


def has_minutes(meeting: Meeting) -> bool:
    """Minutes can be written once the notice is out (the minutes page opens then, too)."""
    return meeting.minutes is not None or meeting.status in (MeetingStatus.ISSUED, MeetingStatus.HELD)


def may_read(user, meeting: Meeting, kind: str, variant: str, paper: GeneratedPaper | None = None,
             times=None) -> bool:
    """authz.can_read_paper (kept here under the name the views and CLI use)."""
    return authz.can_read_paper(user, meeting, kind, variant, paper, times)


def readable_variants(user, meeting: Meeting, kind: str) -> list[str]:
    return [v for v in (PaperVariant.FULL, PaperVariant.PUBLIC) if may_read(user, meeting, kind, v)]


# --- names and storage ------------------------------------------------------------------------

def filename_for(meeting: Meeting, kind: str, variant: str, fmt: str) -> str:
    """'NUIT-3-22-innkalling.docx', 'NUIT-3-22-referat-offentlig.docx'."""
    code = re.sub(r"[^A-Za-z0-9ÆØÅæøå_-]", "_", meeting.council.code)
    public = "-offentlig" if variant == PaperVariant.PUBLIC else ""
    return f"{code}-{meeting.number}-{meeting.year % 100:02d}-{KIND_SLUGS[kind]}{public}.{fmt}"


def generated_folder() -> Path:
    folder = Path(current_app.config["UPLOAD_FOLDER"]) / "generated"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def _stored_path(folder: Path, storage_name: str) -> Path:
    if not re.fullmatch(r"[0-9a-f]{32}", storage_name or ""):
        raise ServiceError(_l("Ugyldig lagringsnavn."))
    return folder / storage_name


def _write_new(folder: Path, data: bytes) -> str:
    """Write ``data`` to a new random file name in ``folder`` (never an existing one)."""
    storage_name = uuid.uuid4().hex
    path = _stored_path(folder, storage_name)
    with open(path, "xb") as out:  # "x": fail rather than overwrite
        out.write(data)
    os.chmod(path, 0o640)
    return storage_name


def _read_checked(path: Path, sha256: str) -> bytes:
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ServiceError(_l("Den lagrede filen finnes ikke lenger.")) from None
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ServiceError(_l("Den lagrede filen stemmer ikke med sjekksummen og blir ikke levert."))
    return data


# --- generating -------------------------------------------------------------------------------

@dataclass(frozen=True)
class Rendered:
    data: bytes
    template_id: int | None


def produce(meeting: Meeting, kind: str, variant: str, fmt: str, user=None) -> Rendered:
    """Render the paper's bytes (reads only). Raises ServiceError for a paper that cannot be made,
    or when the given user may not have it (``user=None`` is the command line: no restriction)."""
    from app.services.paperwork import papers

    check_request(kind, variant, fmt)
    if user is not None and not may_read(user, meeting, kind, variant):
        raise ServiceError(_l("Du har ikke tilgang til dette dokumentet."))
    if kind == PaperKind.MINUTES and not has_minutes(meeting):
        raise ServiceError(_l("Møtet har ikke noe referat ennå: innkallingen er ikke sendt."))
    public = variant == PaperVariant.PUBLIC
    if kind == PaperKind.MEETING_BOOK:
        from app.services.paperwork import pdf

        row = paper_templates.active_template(meeting.council, PaperKind.AGENDA)
        # The command line (no user) gets the full book.
        viewer = disclosure.PUBLIC if public else (user or disclosure.FULL_ACCESS)
        return Rendered(pdf.meeting_book(meeting, viewer), row.id if row else None)
    template, row = paper_templates.template_for(meeting.council, kind)
    data = papers.render(meeting, kind, public, template=template)
    if fmt == PaperFormat.PDF:
        from app.services.paperwork import pdf

        data = pdf.docx_to_pdf(data)
    return Rendered(data, row.id if row else None)


def _next_version(meeting: Meeting, kind: str, variant: str, fmt: str) -> int:
    from sqlalchemy import func

    current = db.session.scalar(select(func.max(GeneratedPaper.version)).where(
        GeneratedPaper.meeting_id == meeting.id, GeneratedPaper.kind == kind,
        GeneratedPaper.variant == variant, GeneratedPaper.format == fmt))
    return (current or 0) + 1


def store(meeting: Meeting, kind: str, variant: str, fmt: str, rendered: Rendered,
          user=None) -> GeneratedPaper:
    """Keep the bytes as the next version (a new file; nothing is overwritten)."""
    folder = generated_folder()
    storage_name = _write_new(folder, rendered.data)
    try:
        for _attempt in range(5):  # a colleague may take the same version number at the same moment
            paper = GeneratedPaper(
                meeting_id=meeting.id, kind=kind, variant=variant, format=fmt,
                version=_next_version(meeting, kind, variant, fmt),
                filename=filename_for(meeting, kind, variant, fmt), storage_name=storage_name,
                size=len(rendered.data), sha256=hashlib.sha256(rendered.data).hexdigest(),
                template_id=rendered.template_id, created_at=clock.now(),
                created_by_id=getattr(user, "id", None) if getattr(user, "is_authenticated", False)
                else None)
            try:
                with db.session.begin_nested():
                    db.session.add(paper)
                return paper
            except IntegrityError:
                continue
        raise ServiceError(_l("Dokumentet kunne ikke lagres fordi mange ble laget samtidig. Prøv igjen."))
    except BaseException:
        (folder / storage_name).unlink(missing_ok=True)
        raise


def generate(meeting: Meeting, kind: str, variant: str, fmt: str, user=None) -> GeneratedPaper:
    """Render the paper and store it as a new version (the caller commits)."""
    return store(meeting, kind, variant, fmt, produce(meeting, kind, variant, fmt, user), user)


def discard(paper: GeneratedPaper) -> None:
    """Remove the file of a paper whose row was rolled back (never of a committed one)."""
    try:
        _stored_path(generated_folder(), paper.storage_name).unlink(missing_ok=True)
    except (OSError, ServiceError):
        current_app.logger.warning("Kunne ikke slette generert fil %s", paper.storage_name)


def read(paper: GeneratedPaper) -> bytes:
    """The stored bytes, checked against the SHA-256 recorded when it was made."""
    return _read_checked(_stored_path(generated_folder(), paper.storage_name), paper.sha256)


def papers_of(meeting: Meeting, kinds: tuple[str, ...] | None = None) -> list[GeneratedPaper]:
    """The meeting's generated papers, newest first."""
    query = select(GeneratedPaper).where(GeneratedPaper.meeting_id == meeting.id)
    if kinds:
        query = query.where(GeneratedPaper.kind.in_(kinds))
    return list(db.session.scalars(
        query.order_by(GeneratedPaper.created_at.desc(), GeneratedPaper.id.desc())))


def history(meeting: Meeting, kinds: tuple[str, ...] | None = None) -> list[tuple[GeneratedPaper, str | None]]:
    """Like ``papers_of``, with the e-mail of the user who made each (None: the command line or a
    reader who was not logged in), in one query."""
    query = (select(GeneratedPaper, User.email).outerjoin(User, User.id == GeneratedPaper.created_by_id)
             .where(GeneratedPaper.meeting_id == meeting.id))
    if kinds:
        query = query.where(GeneratedPaper.kind.in_(kinds))
    return [(paper, email) for paper, email in db.session.execute(
        query.order_by(GeneratedPaper.created_at.desc(), GeneratedPaper.id.desc()))]


def paper_label(paper: GeneratedPaper) -> str:
    """'Innkalling, offentlig versjon, DOCX'."""
    variant = "offentlig versjon" if paper.variant == PaperVariant.PUBLIC else "full versjon"
    return f"{KIND_LABELS.get(paper.kind, paper.kind)}, {variant}, {paper.format.upper()}"


# --- the councils' Word templates -------------------------------------------------------------

def is_docx(data: bytes) -> bool:
    """A Word file by content: a ZIP (from its first byte) with [Content_Types].xml and
    word/document.xml (the same test as app/services/casework/documents.py applies to attachments)."""
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError, ValueError):
        return False
    return "[Content_Types].xml" in names and "word/document.xml" in names


def _check_kind(kind: str) -> None:
    if kind not in TEMPLATE_KINDS:
        raise ServiceError(_l("Ukjent maltype: velg innkalling eller referat."))


def upload_template(council: Council, kind: str, filename: str | None, data: bytes,
                    user=None) -> PaperTemplate:
    """Check an uploaded Word template and make it the council's active template for ``kind``.
    A template that is not a .docx or fails to render is refused (ServiceError with the template
    error); nothing changes then, and the previous template stays active."""
    from app.services.casework.documents import clean_file_name, human_size, max_upload_bytes
    from app.services.paperwork import papers

    _check_kind(kind)
    name = clean_file_name(filename)
    if not name.lower().endswith(".docx"):
        raise ServiceError(_l("Malen «%(name)s» må være et Word-dokument (.docx). Den forrige malen er "
                              "fortsatt i bruk.", name=name))
    if not data:
        raise ServiceError(_l("Filen er tom. Den forrige malen er fortsatt i bruk."))
    if len(data) > max_upload_bytes():
        raise ServiceError(_l("Filen er for stor. Største tillatte størrelse er %(size)s. Den "
                              "forrige malen er fortsatt i bruk.", size=human_size(max_upload_bytes())))
    if not is_docx(data):
        raise ServiceError(_l("Filen «%(name)s» er ikke et gyldig Word-dokument (DOCX). Innholdet ble "
                              "sjekket, ikke bare navnet. Den forrige malen er fortsatt i bruk.", name=name))
    try:
        papers.check_template(kind, data)
    except ServiceError as exc:
        raise ServiceError(_l("Malen «%(name)s» kan ikke brukes: %(error)s Den forrige malen er fortsatt i "
                              "bruk.", name=name, error=exc)) from exc
    folder = paper_templates.templates_folder()
    storage_name = _write_new(folder, data)
    try:
        _deactivate(council, kind)
        template = PaperTemplate(council_id=council.id, kind=kind, filename=name,
                                 storage_name=storage_name, sha256=hashlib.sha256(data).hexdigest(),
                                 active=True, uploaded_at=clock.now(),
                                 uploaded_by_id=getattr(user, "id", None))
        db.session.add(template)
        db.session.flush()
        return template
    except BaseException:
        (folder / storage_name).unlink(missing_ok=True)
        raise


def _deactivate(council: Council, kind: str, keep: PaperTemplate | None = None) -> None:
    for row in db.session.scalars(select(PaperTemplate).where(
            PaperTemplate.council_id == council.id, PaperTemplate.kind == kind,
            PaperTemplate.active.is_(True))):
        if row is not keep:
            row.active = False
    db.session.flush()


def activate_template(template: PaperTemplate) -> None:
    """Use an earlier uploaded template again (checked again first: the papers may have changed
    since it was uploaded)."""
    from app.services.paperwork import papers

    try:
        papers.check_template(template.kind, read_template(template))
    except ServiceError as exc:
        raise ServiceError(_l("Malen «%(name)s» kan ikke brukes: %(error)s Den forrige malen er "
                              "fortsatt i bruk.", name=template.filename, error=exc)) from exc
    council = db.session.get(Council, template.council_id)
    _deactivate(council, template.kind, keep=template)
    template.active = True
    db.session.flush()


def use_built_in(council: Council, kind: str) -> None:
    """Go back to the built-in template (templates/docx/<kind>.docx) for the council."""
    _check_kind(kind)
    _deactivate(council, kind)


def read_template(template: PaperTemplate) -> bytes:
    return _read_checked(_stored_path(paper_templates.templates_folder(), template.storage_name),
                         template.sha256)


def built_in_template(kind: str) -> bytes:
    _check_kind(kind)
    return paper_templates.built_in_path(kind).read_bytes()


def templates_of(council: Council) -> list[tuple[PaperTemplate, str | None]]:
    """The council's uploaded templates, newest first, with the uploader's e-mail (one query)."""
    return list(db.session.execute(
        select(PaperTemplate, User.email).outerjoin(User, User.id == PaperTemplate.uploaded_by_id)
        .where(PaperTemplate.council_id == council.id)
        .order_by(PaperTemplate.uploaded_at.desc(), PaperTemplate.id.desc())).tuples())
