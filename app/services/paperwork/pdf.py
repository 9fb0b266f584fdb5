"""PDF through LibreOffice: the agenda and minutes as PDF/A-2b, and the meeting book ("samlet
saksdokument": the agenda followed by every attached case document, one file with bookmarks).

LibreOffice (``soffice``) is optional: without it ``soffice_available()`` is False and the PDF
buttons and commands are hidden (the README says how to install it). Every conversion runs ``soffice --headless`` in a
temporary folder of its own (``/tmp/lo-<random>``) holding the input, the output and a fresh
LibreOffice profile (``-env:UserInstallation``): two conversions at the same time would otherwise
share the user's profile and the second would wait for, or hand its work to, the first. The folder
is removed afterwards, whatever happened. A conversion that takes longer than ``SOFFICE_TIMEOUT``
seconds (default 120) is killed, with every process it started.

The meeting book is PDF/A-2b like the agenda (app/services/paperwork/pdfa.py adds what pypdf's
merge loses: XMP identification, the output intent). It holds the papers as the notice was issued
or last updated (``issued_papers``): documents uploaded later are left out, and a postponed or
withdrawn case is there only if it was on that agenda. An uploaded PDF with a font it does not
carry goes through LibreOffice's PDF import (Draw) and comes back as PDF/A-2b with embedded fonts.

Exempt material: the meeting book is made for ``disclosure.PUBLIC`` (the public agenda, no exempt
case's documents, no exempt document, bookmarks of exempt cases with the public title only) unless
the viewer may see exempt material of the council (``authz.can_view_exempt``); then for the viewer,
as app/disclosure.py decides, with exempt documents bookmarked with their legal basis.
"""
import io
import os
import re
import shutil
import signal
import subprocess
import tempfile
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

from flask import current_app, has_app_context
from flask_babel import lazy_gettext as _l
from flask_babel.speaklater import LazyString
from pypdf import PdfReader, PdfWriter
from pypdf.errors import PdfReadError
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import authz, disclosure
from app.extensions import db
from app.models import CaseDocument, ItemKind, ItemStatus, Meeting, MeetingStatus, NoticeVersion
from app.services import ServiceError
from app.services.core import clock
from app.services.paperwork import pdfa

DEFAULT_TIMEOUT = 120  # seconds
# Writer's PDF export as PDF/A-2b ("SelectPdfVersion" 2): fonts embedded, XMP metadata with
# pdfaid:part 2 and pdfaid:conformance B.
PDFA_TARGET = 'pdf:writer_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
# Other office files (presentations, spreadsheets) with their own application's PDF export.
PLAIN_TARGET = "pdf"
# An uploaded PDF read by LibreOffice's PDF import (Draw) and written again as PDF/A-2b.
PDF_IMPORT_FILTER = "draw_pdf_import"
REPAIR_TARGET = 'pdf:draw_pdf_Export:{"SelectPdfVersion":{"type":"long","value":"2"}}'
AGENDA_BOOKMARK = "Innkalling og dagsorden"

NOT_INSTALLED = _l("PDF kan ikke lages fordi LibreOffice (soffice) ikke er installert på serveren. "
                   "Last ned Word-filen (DOCX) i stedet, eller be driftsansvarlig installere LibreOffice.")


def _setting(name: str, default):
    if has_app_context():
        return current_app.config.get(name, default)
    return default


def soffice_path() -> str | None:
    """The LibreOffice program to run: ``SOFFICE`` from the configuration (a name or a path; an
    empty value turns PDF off), else ``soffice`` on the PATH."""
    configured = _setting("SOFFICE", None)
    if configured is not None and not str(configured).strip():
        return None
    return shutil.which(str(configured or "soffice"))


def soffice_available() -> bool:
    """True when PDF can be made here (the PDF buttons and ``--pdf`` options depend on it)."""
    return soffice_path() is not None


def docx_to_pdf(data: bytes) -> bytes:
    """A Word document (DOCX bytes) as PDF/A-2b. Raises ServiceError on failure (a lazy text, in the
    reader's language when shown)."""
    return _convert(data, "docx", PDFA_TARGET, "dokumentet")


def office_to_pdf(data: bytes, extension: str, name: str | None = None) -> bytes:
    """Any office file LibreOffice reads (DOCX, PPTX, XLSX …) as PDF; ``name`` is used in the
    error message."""
    return _convert(data, extension, PLAIN_TARGET, f"«{name}»" if name else "dokumentet")


def _convert(data: bytes, extension: str, target: str, what: str) -> bytes:
    if not data:
        raise ServiceError(_l("Kunne ikke lage PDF av %(what)s: filen er tom.", what=what))
    result, output = _convert_files([(data, extension)], target, what)
    pdf = result[0]
    if pdf is None:
        raise ServiceError(_with_detail(_l("Kunne ikke lage PDF av %(what)s: LibreOffice kunne ikke lese "
                                           "filen.", what=what), output))
    return pdf


def _convert_files(files: list[tuple[bytes, str]], target: str, what: str,
                   infilter: str | None = None) -> tuple[list[bytes | None], str]:
    """Convert several files (data, extension) with one LibreOffice start (it takes most of the
    time). Returns the PDFs in order (None for a file LibreOffice could not read) and its output."""
    binary = soffice_path()
    if binary is None:
        raise ServiceError(NOT_INSTALLED)
    timeout = float(_setting("SOFFICE_TIMEOUT", DEFAULT_TIMEOUT)) * max(1, len(files))
    work = Path(tempfile.mkdtemp(prefix="lo-"))
    try:
        sources = []
        for n, (data, extension) in enumerate(files, start=1):
            source = work / f"dokument-{n:03d}.{extension}"
            source.write_bytes(data)
            sources.append(source)
        out = work / "out"
        command = [
            binary, f"-env:UserInstallation={(work / 'profile').as_uri()}",
            "--headless", "--invisible", "--norestore", "--nolockcheck", "--nodefault", "--nologo",
            *([f"--infilter={infilter}"] if infilter else []),
            "--convert-to", target, "--outdir", str(out), *map(str, sources),
        ]
        # HOME inside the folder too: LibreOffice writes caches there, and the web server's user
        # may have no writable home.
        env = {**os.environ, "HOME": str(work)}
        output = _run(command, env, timeout, what)
        results: list[bytes | None] = []
        for source in sources:
            result = out / f"{source.stem}.pdf"
            pdf = result.read_bytes() if result.is_file() else b""
            results.append(pdf if pdf.startswith(b"%PDF-") else None)
        return results, output
    finally:
        shutil.rmtree(work, ignore_errors=True)


def _run(command: list[str], env: dict, timeout: float, what: str) -> str:
    """Run soffice in a process group of its own, so that a timeout kills soffice.bin too (the
    ``soffice`` script starts it as a child)."""
    try:
        process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                   stdin=subprocess.DEVNULL, env=env, start_new_session=True)
    except OSError as error:
        raise ServiceError(_l("Kunne ikke starte LibreOffice for å lage PDF: %(strerror)s.",
                              strerror=error.strerror)) from error
    try:
        output, _ = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired as error:
        _kill_group(process)
        raise ServiceError(_l("Kunne ikke lage PDF av %(what)s: LibreOffice brukte mer enn %(seconds)g "
                              "sekunder og ble stoppet. Prøv igjen senere, eller last ned Word-filen "
                              "(DOCX).", what=what, seconds=timeout)) from error
    finally:
        if process.poll() is None:
            _kill_group(process)
    text = output.decode("utf-8", "replace") if output else ""
    if process.returncode != 0:
        raise ServiceError(_with_detail(_l("Kunne ikke lage PDF av %(what)s: LibreOffice avsluttet med "
                                           "feilkode %(code)s.", what=what, code=process.returncode), text))
    return text


def _kill_group(process: subprocess.Popen) -> None:
    try:
        os.killpg(process.pid, signal.SIGKILL)
    except (ProcessLookupError, PermissionError):
        pass
    process.communicate()


def _detail(output: str) -> str:
    """LibreOffice's last complaint ("Error: source file could not be loaded")."""
    lines = [line.strip() for line in (output or "").splitlines()
             if line.strip() and not line.startswith(("convert ", "Warning: failed to launch javaldx"))]
    return f"(LibreOffice: {lines[-1][:300]})" if lines else ""


def _with_detail(message, output: str) -> LazyString:
    """``message`` (a lazy text, in the reader's language when shown) and LibreOffice's complaint."""
    detail = _detail(output)
    return LazyString(lambda: f"{message} {detail}".strip())


# --- The meeting book -----------------------------------------------------------------------------

@dataclass
class BookEntry:
    """One case of the book: its bookmark title and the documents to include."""

    number: str
    title: str
    documents: list[disclosure.DocumentShown]

    @property
    def bookmark(self) -> str:
        return f"Sak {self.number} {self.title}" if self.number else self.title  # draft: no number yet


def _book_reader(meeting: Meeting, viewer):
    """Who the book is made for: the viewer when they may see the council's exempt material (the
    full agenda), else the public (the public agenda), so the book never holds more than its agenda."""
    return viewer if authz.can_view_exempt(viewer, meeting.council) else disclosure.PUBLIC


def issued_papers(meeting: Meeting) -> tuple[datetime | None, set[str] | None]:
    """What the meeting's papers were when the notice was last issued (or updated): the moment
    (documents uploaded later are not in the book) and the case numbers on that agenda (a postponed
    or withdrawn case is in the book only if it was there).

    The latest ``NoticeVersion`` decides. A meeting without one: before the notice (planned) the
    papers as they stand, without postponed or withdrawn cases; one brought in already issued
    (an import has no frozen agenda) the agenda as it stands, cut at ``notice_issued_at`` if known."""
    latest = db.session.scalar(select(NoticeVersion).where(NoticeVersion.meeting_id == meeting.id)
                               .order_by(NoticeVersion.number.desc()).limit(1))
    if latest is not None:
        return latest.issued_at, {row["number"] for row in latest.agenda or [] if row.get("number")}
    if meeting.status == MeetingStatus.PLANNED:
        return None, set()
    return meeting.notice_issued_at, None


def book_entries(meeting: Meeting, viewer) -> list[BookEntry]:
    """The agenda's cases in agenda order, with the documents the book's reader may see and that
    belonged to the papers as issued (``issued_papers``)."""
    from app.services.planning.agenda import item_number

    reader = _book_reader(meeting, viewer)
    fmt = meeting.council.case_number_format
    cutoff, issued_numbers = issued_papers(meeting)
    items = [i for i in sorted(meeting.items, key=lambda i: i.position)
             if i.kind == ItemKind.CASE
             and (i.status not in (ItemStatus.POSTPONED, ItemStatus.WITHDRAWN)
                  or issued_numbers is None or item_number(i, fmt) in issued_numbers)]
    shown = disclosure.item_views(items, reader)
    by_case: dict[int, list[disclosure.DocumentShown]] = {}
    # A standard item has a bookmark but no case file, so no documents.
    case_ids = {i.case_id for i in items if i.case_id is not None and not shown[i.id].hidden}
    if case_ids:
        query = select(CaseDocument).where(CaseDocument.case_id.in_(case_ids))
        if cutoff is not None:
            query = query.where(CaseDocument.uploaded_at <= cutoff)
        documents = db.session.scalars(query.options(joinedload(CaseDocument.case))
                                       .order_by(CaseDocument.case_id, CaseDocument.number))
        for document in disclosure.document_views(documents, reader):
            if document.visible:
                by_case.setdefault(document.document.case_id, []).append(document)
    return [BookEntry(number=item_number(item, fmt), title=shown[item.id].title,
                      documents=by_case.get(item.case_id, []) if item.case_id is not None else [])
            for item in items]


def meeting_book(meeting: Meeting, viewer) -> bytes:
    """The agenda as PDF (the public variant unless ``viewer`` may see the council's exempt
    material) followed by each case's documents in agenda order (``book_entries``: the papers as
    issued), as one PDF/A-2b file with a bookmark for the agenda, one per case (pointing at the
    case's section in the agenda) and one per document under its case. Uploaded PDFs whose fonts
    are all embedded are used as they are; other PDFs go through LibreOffice's PDF import (fonts
    replaced by embedded ones; the layout may shift a little), and Word, PowerPoint and Excel files
    are converted, all in one LibreOffice run each. Raises ServiceError naming a document that cannot be
    read or converted (a book silently missing a document must not be sent)."""
    from app.services.paperwork import papers

    public = _book_reader(meeting, viewer) is disclosure.PUBLIC
    entries = book_entries(meeting, viewer)
    documents = _document_pdfs([d.document for entry in entries for d in entry.documents])
    agenda = _reader(docx_to_pdf(papers.render(meeting, "agenda", public=public)), "dagsordenen")

    writer = PdfWriter()
    writer.append(agenda, import_outline=False)
    writer.add_outline_item(title=AGENDA_BOOKMARK, page_number=0)
    section_pages = _case_section_pages(agenda, [e.number for e in entries])
    for entry in entries:
        target = section_pages.get(entry.number)
        if target is None:  # no section of its own in the agenda: its first document, or the agenda
            target = len(writer.pages) if entry.documents else 0
        parent = writer.add_outline_item(title=entry.bookmark, page_number=target, is_open=True)
        for shown in entry.documents:
            start = len(writer.pages)
            writer.append(documents[shown.document.id], import_outline=False)
            writer.add_outline_item(title=shown.line, page_number=start, parent=parent)

    writer.page_mode = "/UseOutlines"  # opens with the bookmarks shown
    pdfa.make_archival(writer, agenda, producer="Møtebok", created=clock.now(),
                       title=f"Samlet saksdokument – {meeting.council.code} {meeting.label.lower()}")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _reader(data: bytes, what: str) -> PdfReader:
    try:
        reader = PdfReader(io.BytesIO(data))
        if reader.is_encrypted and not reader.decrypt(""):
            raise ServiceError(_l("%(what)s er passordbeskyttet og kan ikke tas med i det samlede "
                                  "saksdokumentet. Last opp en utgave uten passord.",
                                  what=what[:1].upper() + what[1:]))
        len(reader.pages)  # reads the page tree: a broken file fails here, not half-way through
        return reader
    except ServiceError:
        raise
    except (PdfReadError, ValueError, KeyError, TypeError, OSError) as error:
        raise ServiceError(_l("%(what)s er ikke en lesbar PDF og kan ikke tas med i det samlede "
                              "saksdokumentet.", what=what[:1].upper() + what[1:])) from error


def _label(document: CaseDocument) -> str:
    """The document as a refusal names it: by number only (the refusal is flashed, and a flash
    carries no user text)."""
    return f"Vedlegg {document.document_number}"


def _document_pdfs(documents: list[CaseDocument]) -> dict[int, PdfReader]:
    """Each document as PDF with every font embedded, by id."""
    from app.services.casework.documents import stored_path

    readers: dict[int, PdfReader] = {}
    office: list[tuple[CaseDocument, bytes]] = []
    repair: list[tuple[CaseDocument, bytes]] = []
    for document in documents:
        if document.id in readers or any(d.id == document.id for d, _ in office + repair):
            continue  # the same case twice on one agenda
        try:
            data = stored_path(document.stored_name).read_bytes()
        except OSError as error:
            raise ServiceError(_l("%(label)s mangler på serveren, så det samlede saksdokumentet ble ikke "
                                  "laget.", label=_label(document))) from error
        if not data.startswith(b"%PDF-"):
            office.append((document, data))
        elif pdfa.fonts_not_embedded(reader := _reader(data, _label(document))):
            repair.append((document, data))
        else:
            readers[document.id] = reader
    for batch, target, infilter in ((office, PLAIN_TARGET, None),
                                    (repair, REPAIR_TARGET, PDF_IMPORT_FILTER)):
        if batch:
            readers.update(_converted(batch, target, infilter))
    return readers


def _converted(batch: list[tuple[CaseDocument, bytes]], target: str,
               infilter: str | None) -> dict[int, PdfReader]:
    """``batch`` through one LibreOffice run; refused, naming the document, when one cannot be
    converted or still lacks a font."""
    files = [(data, "pdf" if infilter else document.original_name.rpartition(".")[2].lower())
             for document, data in batch]
    try:
        pdfs, output = _convert_files(files, target, "vedleggene", infilter)
    except ServiceError as error:
        raise ServiceError(_l("Det samlede saksdokumentet ble ikke laget. %(error)s",
                              error=error)) from error
    readers: dict[int, PdfReader] = {}
    for (document, _), pdf in zip(batch, pdfs, strict=True):
        reader = _reader(pdf, _label(document)) if pdf is not None else None
        if reader is None or pdfa.fonts_not_embedded(reader):  # a font left out is not PDF/A
            raise ServiceError(_with_detail(_l("%(label)s kunne ikke gjøres om til PDF, så det samlede "
                                               "saksdokumentet ble ikke laget.", label=_label(document)),
                                            output if reader is None else ""))
        readers[document.id] = reader
    return readers


def _case_section_pages(agenda: PdfReader, numbers: list[str]) -> dict[str, int]:
    """The agenda page where each case's own section begins: the first page with a line starting
    "Sak 16/22" (the agenda table has the number in a column of its own, without "Sak")."""
    found: dict[str, int] = {}
    patterns = {n: re.compile(rf"(^|\n)\s*Sak\s+{re.escape(n)}(?![\d/])") for n in numbers if n}
    for index, page in enumerate(agenda.pages):
        try:
            text = page.extract_text() or ""
        except Exception:  # noqa: BLE001 - text extraction only places bookmarks
            continue
        for number, pattern in patterns.items():
            if number not in found and pattern.search(text):
                found[number] = index
    return found
