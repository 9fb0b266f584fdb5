"""PDF through LibreOffice (issue 5): DOCX → PDF/A-2b, office attachments → PDF, the agenda and
minutes as PDF, and the meeting book ("samlet saksdokument") with bookmarks per case and no exempt
documents for those without access.

These tests need ``soffice`` and poppler's ``pdftotext``/``pdftoppm`` (``make test`` installs them
with apt-get when they are missing). They skip without LibreOffice on a developer's machine, and run
(and fail) in CI (``CI=true``), so the PDF paths are always tested there. One page of the agenda
and of the minutes is kept as PNG under test-artifacts/pdf/ for a person to look at.
"""
import io
import shutil
import subprocess
import tempfile
import threading
import time
import zipfile
from datetime import date
from pathlib import Path

import pytest
import time_machine
from docx import Document
from pypdf import PdfReader, PdfWriter
from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject
from sqlalchemy import select

from app.extensions import db
from app.models import Council
from app.services import ServiceError
from app.services.casework.documents import add_document
from app.services.paperwork import pdf
from app.services.planning import meetings
from app.services.planning.meetings import meeting_by_number
from app.services.registry.users import create_user
from tests.environment import needs_soffice

pytestmark = needs_soffice

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "pdf"

LEGAL_BASIS = "offl. § 13 jf. fvl. § 13 første ledd nr. 2"
PUBLIC_TITLE = "Sak om en leverandøravtale"
SECRET_TITLE = "Forhandlinger med Humlebol Helsedata AS om kjernejournalen"
SECRET_DOCUMENT_TEXT = "Tilbudet fra Humlebol er konfidensielt"
PDF_DOCUMENT_TEXT = "Vedlegg fra Helsedirektoratet om grunndata"
DOCX_DOCUMENT_TEXT = "Notat om pasientens legemiddelliste: særskilt økonomi på årsbasis"


# --- helpers ----------------------------------------------------------------------------------

def _docx(*paragraphs: str, heading: str | None = None, page_break_after: int | None = None) -> bytes:
    document = Document()
    if heading:
        document.add_heading(heading, level=1)
    for n, text in enumerate(paragraphs):
        document.add_paragraph(text)
        if page_break_after is not None and n == page_break_after:
            document.add_page_break()
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _text_pdf(text: str) -> bytes:
    """A small valid one-page PDF (made with pypdf) whose page says ``text`` (ASCII)."""
    writer = PdfWriter()
    page = writer.add_blank_page(595, 842)
    font = writer._add_object(DictionaryObject({
        NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica")}))
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject("/F1"): font})})
    content = DecodedStreamObject()
    content.set_data(f"BT /F1 14 Tf 72 760 Td ({text}) Tj ET".encode("ascii"))
    page[NameObject("/Contents")] = writer._add_object(content)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _pdftotext(data: bytes, tmp_path: Path) -> str:
    """The PDF's text as poppler extracts it, whitespace collapsed (table cells wrap)."""
    source = tmp_path / f"in-{time.monotonic_ns()}.pdf"
    source.write_bytes(data)
    result = subprocess.run(["pdftotext", "-enc", "UTF-8", str(source), "-"], capture_output=True,
                            check=True, timeout=60)
    return " ".join(result.stdout.decode("utf-8").split())


def _keep_first_page(data: bytes, name: str) -> Path:
    """test-artifacts/pdf/<name>.png: the first page at 80 dpi."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "80", "-f", "1", "-l", "1", "-singlefile", str(source),
                    str(ARTIFACTS / name)], check=True, timeout=60)
    image = ARTIFACTS / f"{name}.png"
    assert image.stat().st_size > 5_000  # a page with something on it
    return image


def _assert_pdfa_2b(data: bytes) -> PdfReader:
    assert data.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(data))
    xmp = reader.xmp_metadata
    assert xmp is not None, "no XMP metadata: not PDF/A"
    assert str(xmp.pdfaid_part) == "2"
    assert str(xmp.pdfaid_conformance).upper() == "B"
    return reader


def _via_libreoffice(flat_xml: str, source_ext: str, target_ext: str, tmp_path: Path) -> bytes:
    """An office file made by LibreOffice from a flat ODF document (tests only)."""
    work = tmp_path / f"make-{target_ext}"
    work.mkdir()
    (work / f"source.{source_ext}").write_text(flat_xml, encoding="utf-8")
    subprocess.run([shutil.which("soffice") or "soffice", f"-env:UserInstallation={(work / 'p').as_uri()}",
                    "--headless", "--convert-to", target_ext, "--outdir", str(work),
                    str(work / f"source.{source_ext}")], capture_output=True, check=True, timeout=120)
    return (work / f"source.{target_ext}").read_bytes()


ODF_NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
          'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
          'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
          'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" office:version="1.2"')
SLIDE_TEXT = "Lysbilde om kjernejournal for Østfold"
CELL_TEXT = "Budsjett for Ålesund og Tromsø"


def _pptx(tmp_path: Path) -> bytes:
    return _via_libreoffice(
        f'<?xml version="1.0" encoding="UTF-8"?><office:document {ODF_NS} '
        'office:mimetype="application/vnd.oasis.opendocument.presentation"><office:body>'
        '<office:presentation><draw:page draw:name="s1"><draw:frame svg:x="2cm" svg:y="2cm" '
        f'svg:width="22cm" svg:height="3cm"><draw:text-box><text:p>{SLIDE_TEXT}</text:p>'
        '</draw:text-box></draw:frame></draw:page></office:presentation></office:body>'
        '</office:document>', "fodp", "pptx", tmp_path)


def _xlsx(tmp_path: Path) -> bytes:
    return _via_libreoffice(
        f'<?xml version="1.0" encoding="UTF-8"?><office:document {ODF_NS} '
        'office:mimetype="application/vnd.oasis.opendocument.spreadsheet"><office:body>'
        '<office:spreadsheet><table:table table:name="Ark1"><table:table-row><table:table-cell '
        f'office:value-type="string"><text:p>{CELL_TEXT}</text:p></table:table-cell>'
        '</table:table-row><table:table-row><table:table-cell office:value-type="float" '
        'office:value="1250000"><text:p>1250000</text:p></table:table-cell></table:table-row>'
        '</table:table></office:spreadsheet></office:body>'
        '</office:document>', "fods", "xlsx", tmp_path)


def _outline(reader: PdfReader) -> list[tuple[str, int, list[tuple[str, int]]]]:
    """[(title, page, [(child title, page), …]), …] of the top-level bookmarks."""
    result = []
    for entry in reader.outline:
        if isinstance(entry, list):
            parent_title, parent_page, _ = result[-1]
            result[-1] = (parent_title, parent_page,
                          [(child.title, reader.get_destination_page_number(child)) for child in entry])
        else:
            result.append((entry.title, reader.get_destination_page_number(entry), []))
    return result


def _nuit_3_22():
    council = db.session.scalar(select(Council).where(Council.code == "NUIT"))
    return meeting_by_number(council, 2022, 3)


def _item(meeting, number: str):
    return next(i for i in meeting.items if i.case_seq is not None and f"{i.case_seq}/22" == number)


def _upload(case, data: bytes, name: str):
    return add_document(case, io.BytesIO(data), name)


def _secretariat():
    user = create_user("sekretar.pdf@example.no", "riktig-passord-123", ["secretariat"])
    db.session.flush()
    return user


# --- conversion ----------------------------------------------------------------------------------

def test_a_docx_becomes_pdfa_2b_with_the_norwegian_text_extractable(tmp_path):
    data = _docx("Særskilt økonomi på årsbasis for Ålesund og Tromsø.", "Side to: «sitat» – tankestrek.",
                 heading="Møte i NUIT", page_break_after=0)
    result = pdf.docx_to_pdf(data)

    reader = _assert_pdfa_2b(result)
    assert len(reader.pages) == 2
    text = _pdftotext(result, tmp_path)
    assert "Møte i NUIT" in text
    assert "Særskilt økonomi på årsbasis for Ålesund og Tromsø." in text
    assert "Side to: «sitat» – tankestrek." in text


def test_conversions_at_the_same_time_each_get_their_own_profile_and_leave_nothing_behind(
        tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    results: dict[int, bytes | Exception] = {}

    def convert(n: int) -> None:
        try:
            results[n] = pdf.docx_to_pdf(_docx(f"Dokument nummer {n} fra sekretariatet."))
        except Exception as error:  # noqa: BLE001 - reported by the assertion below
            results[n] = error

    threads = [threading.Thread(target=convert, args=(n,)) for n in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)

    assert all(isinstance(results.get(n), bytes) for n in range(3)), results
    for n in range(3):
        assert f"Dokument nummer {n} fra sekretariatet." in _pdftotext(results[n], tmp_path)
    assert list(scratch.iterdir()) == []  # every /tmp/lo-… folder (profile included) is gone


def test_a_conversion_that_takes_too_long_is_stopped_with_a_clear_message(tmp_path, monkeypatch):
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    monkeypatch.setattr(pdf, "DEFAULT_TIMEOUT", 0.05)

    with pytest.raises(ServiceError) as refused:
        pdf.docx_to_pdf(_docx("Et dokument som aldri blir ferdig."))

    assert "LibreOffice brukte mer enn 0.05 sekunder og ble stoppet" in str(refused.value)
    assert list(scratch.iterdir()) == []


def test_without_libreoffice_pdf_is_switched_off_with_a_norwegian_message(app):
    app.config["SOFFICE"] = ""  # as on a machine without LibreOffice
    assert pdf.soffice_available() is False
    with pytest.raises(ServiceError, match="LibreOffice \\(soffice\\) ikke er installert"):
        pdf.docx_to_pdf(_docx("Hei"))

    app.config["SOFFICE"] = "/finnes/ikke/soffice"
    assert pdf.soffice_available() is False
    app.config["SOFFICE"] = None
    assert pdf.soffice_available() is True


def test_presentations_and_spreadsheets_convert_for_the_meeting_book(tmp_path):
    slides = pdf.office_to_pdf(_pptx(tmp_path), "pptx", "Presentasjon.pptx")
    sheet = pdf.office_to_pdf(_xlsx(tmp_path), "xlsx", "Budsjett.xlsx")

    assert SLIDE_TEXT in _pdftotext(slides, tmp_path)
    assert CELL_TEXT in _pdftotext(sheet, tmp_path)


def test_a_file_libreoffice_cannot_read_is_refused_naming_it():
    with pytest.raises(ServiceError) as refused:
        pdf.office_to_pdf(_broken_pptx(), "pptx", "Ødelagt.pptx")

    assert str(refused.value).startswith("Kunne ikke lage PDF av «Ødelagt.pptx»: LibreOffice kunne "
                                         "ikke lese filen.")


# --- the agenda and the minutes ----------------------------------------------------------------

def test_the_nuit_3_22_agenda_as_pdf(demo, tmp_path):
    from app.services.paperwork import papers

    meeting = _nuit_3_22()
    data = papers.render(meeting, "agenda", public=False)
    started = time.perf_counter()
    result = pdf.docx_to_pdf(data)
    seconds = time.perf_counter() - started

    reader = _assert_pdfa_2b(result)
    assert 3 <= len(reader.pages) <= 30
    text = _pdftotext(result, tmp_path)
    assert "Møte i NUIT" in text
    positions = [text.find(f"Sak {n}/22") for n in range(16, 32)]
    assert -1 not in positions, [n for n, p in zip(range(16, 32), positions, strict=True) if p < 0]
    assert positions == sorted(positions)
    assert "Saken er utsatt til møtet 14. september" in text
    assert "æ" in text and "ø" in text and "å" in text
    _keep_first_page(result, "agenda-nuit-3-22")
    print(f"NUIT 3/22 agenda: DOCX → PDF/A in {seconds:.2f} s, {len(reader.pages)} pages")


def test_the_minutes_of_nuit_3_22_as_pdf(demo_full, tmp_path):
    from app.services.paperwork import papers

    meeting = _nuit_3_22()
    result = pdf.docx_to_pdf(papers.render(meeting, "minutes", public=False))

    reader = _assert_pdfa_2b(result)
    assert 2 <= len(reader.pages) <= 40
    text = _pdftotext(result, tmp_path)
    assert "Sak 16/22" in text and "Sak 31/22" in text
    assert "Vedtak:" in text
    assert f"Side 1 av {len(reader.pages)}" in text
    _keep_first_page(result, "minutes-nuit-3-22")


# --- the meeting book --------------------------------------------------------------------------

def test_the_meeting_book_for_the_secretariat(demo, tmp_path):
    meeting = _nuit_3_22()
    # 18/22 and 21/22: cases with case files (16/22, a standard item, has none to hold documents).
    first, later = _item(meeting, "18/22"), _item(meeting, "21/22")
    _upload(first.case, _text_pdf(PDF_DOCUMENT_TEXT), "Vedlegg fra Hdir.pdf")
    _upload(later.case, _docx(DOCX_DOCUMENT_TEXT, heading="Notat"), "Notat om legemiddellisten.docx")
    _upload(later.case, _xlsx(tmp_path), "Budsjett 2022.xlsx")
    db.session.commit()

    book = pdf.meeting_book(meeting, _secretariat())

    reader = PdfReader(io.BytesIO(book))
    outline = _outline(reader)
    assert outline[0][:2] == ("Innkalling og dagsorden", 0)
    cases = outline[1:]
    assert [title.split(" ")[1] for title, _, _ in cases] == [f"{n}/22" for n in range(16, 32)]
    by_number = {title.split(" ")[1]: (title, page, children) for title, page, children in cases}
    assert by_number["16/22"][0] == "Sak 16/22 Godkjenning av innkalling og dagsorden"
    assert by_number["18/22"][0] == f"Sak 18/22 {first.title}"
    assert by_number["21/22"][0] == f"Sak 21/22 {later.title}"
    assert [c for c, _ in by_number["18/22"][2]] == ["Vedlegg fra Hdir.pdf"]
    assert [c for c, _ in by_number["21/22"][2]] == ["Notat om legemiddellisten.docx",
                                                      "Budsjett 2022.xlsx"]
    assert all(children == [] for number, (_, _, children) in by_number.items()
               if number not in ("18/22", "21/22"))

    # Each document's bookmark opens its first page; the documents follow the agenda in order.
    pdf_page = by_number["18/22"][2][0][1]
    docx_page = by_number["21/22"][2][0][1]
    xlsx_page = by_number["21/22"][2][1][1]
    agenda_pages = pdf_page
    assert agenda_pages >= 3 and docx_page == pdf_page + 1 and xlsx_page > docx_page
    assert len(reader.pages) == xlsx_page + 1
    assert PDF_DOCUMENT_TEXT in reader.pages[pdf_page].extract_text()
    assert "Notat om pasientens legemiddelliste" in reader.pages[docx_page].extract_text()
    # A case's own bookmark opens its section of the agenda.
    for _number, (_title, page, _children) in by_number.items():
        assert page < agenda_pages
    for number in ("16/22", "18/22", "21/22"):
        assert f"Sak {number}" in reader.pages[by_number[number][1]].extract_text()

    text = _pdftotext(book, tmp_path)
    assert "Saken er utsatt til møtet 14. september" in text
    assert text.index(PDF_DOCUMENT_TEXT) < text.index(DOCX_DOCUMENT_TEXT) < text.index(CELL_TEXT)


def _exempt_case_with_a_document(meeting):
    with time_machine.travel(date(2022, 5, 20), tick=False):
        item = meetings.add_case_item(meeting, SECRET_TITLE, exempt=True, legal_basis=LEGAL_BASIS,
                                      public_title=PUBLIC_TITLE)
        db.session.flush()
    _upload(item.case, _docx(SECRET_DOCUMENT_TEXT, heading=SECRET_TITLE), "Tilbud Humlebol.docx")
    _upload(_item(meeting, "18/22").case, _text_pdf(PDF_DOCUMENT_TEXT), "Vedlegg fra Hdir.pdf")
    db.session.commit()
    return item


def test_the_public_meeting_book_leaves_exempt_documents_out(demo, tmp_path):
    meeting = _nuit_3_22()
    item = _exempt_case_with_a_document(meeting)
    number = f"{item.case_seq}/22"

    book = pdf.meeting_book(meeting, None)  # anonymous

    reader = PdfReader(io.BytesIO(book))
    outline = _outline(reader)
    titles = [title for title, _, _ in outline]
    exempt = next(entry for entry in outline if entry[0].startswith(f"Sak {number} "))
    assert exempt[0] == f"Sak {number} {PUBLIC_TITLE}"
    assert exempt[2] == []  # no document under it
    public_case = next(entry for entry in outline if entry[0].startswith("Sak 18/22 "))
    assert public_case[2] == [("Vedlegg fra Hdir.pdf", len(reader.pages) - 1)]
    text = _pdftotext(book, tmp_path)
    assert PDF_DOCUMENT_TEXT in text  # public documents are there
    assert "Unntatt offentlighet" in text
    for secret in ("Humlebol", SECRET_TITLE, SECRET_DOCUMENT_TEXT):
        assert secret not in text
        assert not any(secret in title for title in titles)
    assert b"Humlebol" not in book and "Humlebol".encode("utf-16-be") not in book  # metadata, outline

    # The secretariat's book has the exempt case's real title and its document.
    full = PdfReader(io.BytesIO(pdf.meeting_book(meeting, _secretariat())))
    entry = next(e for e in _outline(full) if e[0].startswith(f"Sak {number} "))
    assert entry[0] == f"Sak {number} {SECRET_TITLE}"
    assert [c for c, _ in entry[2]] == ["Tilbud Humlebol.docx"]
    assert SECRET_DOCUMENT_TEXT in full.pages[entry[2][0][1]].extract_text()


def _locked_pdf() -> bytes:
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(_text_pdf(PDF_DOCUMENT_TEXT))))
    writer.encrypt(user_password="hemmelig", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _broken_pptx() -> bytes:
    """Passes the upload check (a ZIP with ppt/presentation.xml) but is no presentation."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as broken:
        broken.writestr("[Content_Types].xml", "<Types/>")
        broken.writestr("ppt/presentation.xml", "ikke xml")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "make", "complaint"), [
    ("Låst.pdf", _locked_pdf, "er passordbeskyttet og kan ikke tas med i det samlede saksdokumentet. "
                              "Last opp en utgave uten passord."),
    ("Ødelagt.pptx", _broken_pptx, "kunne ikke gjøres om til PDF, så det samlede saksdokumentet ble "
                                   "ikke laget."),
], ids=["locked-pdf", "broken-pptx"])
def test_an_attachment_that_cannot_be_used_stops_the_book_naming_the_document(demo, name, make, complaint):
    meeting = _nuit_3_22()
    document = _upload(_item(meeting, "18/22").case, make(), name)
    db.session.commit()

    with pytest.raises(ServiceError) as refused:
        pdf.meeting_book(meeting, _secretariat())

    # By its number: the refusal is flashed, and a flash carries no file name.
    assert str(refused.value).startswith(f"Vedlegg {document.document_number} {complaint}")
    assert name not in str(refused.value)
