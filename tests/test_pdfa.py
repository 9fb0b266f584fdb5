"""PDF/A-2b (issue 12): the agenda, the minutes and the meeting book checked as far as can be done
without a full validator (veraPDF is not available here): XMP identification (pdfaid:part 2,
conformance B, matching the document information), an output intent /GTS_PDFA1 with an ICC
profile, every font embedded (read both with pypdf from each page's resources and with poppler's
pdffonts), no encryption, a file identifier. PDF/A-2 allows transparency groups when the file has
an output intent, so a page with /Group /S /Transparency is accepted only then.

Also: the meeting book holds exactly the papers as issued, and uploaded templates in Calibri or
Cambria are set in the metric-compatible Carlito and Caladea.
"""
import io
import subprocess
import time
from datetime import UTC, date, datetime
from pathlib import Path

import time_machine
from docx import Document
from pypdf import PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DictionaryObject, NameObject, NumberObject, TextStringObject

from app.extensions import db
from app.services.casework.documents import add_document
from app.services.paperwork import pdf
from app.services.planning import meetings, notice
from app.services.registry.users import create_user
from tests.environment import needs_soffice
from tests.factories import make_council, make_meeting
from tests.test_pdf import (
    DOCX_DOCUMENT_TEXT,
    PDF_DOCUMENT_TEXT,
    _docx,
    _item,
    _nuit_3_22,
    _outline,
    _pdftotext,
    _text_pdf,
)

pytestmark = needs_soffice

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")
SCRIPTED_TEXT = "Vedlegg med skript fra Sykehuspartner"


def _obj(value):
    return value.get_object() if hasattr(value, "get_object") else value


def _fonts(resources, seen):
    """Every font dictionary in ``resources`` and in the resources of its form XObjects."""
    resources = _obj(resources)
    if resources is None or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in (_obj(resources.get("/Font")) or {}).values():
        yield _obj(font)
    for xobject in (_obj(resources.get("/XObject")) or {}).values():
        xobject = _obj(xobject)
        if xobject.get("/Subtype") == "/Form":
            yield from _fonts(xobject.get("/Resources"), seen)


def _font_embedded(font) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True
    if font.get("/Subtype") == "/Type0":
        return all(_font_embedded(_obj(d)) for d in _obj(font["/DescendantFonts"]))
    descriptor = _obj(font.get("/FontDescriptor")) or {}
    return any(key in descriptor for key in FONT_FILES)


def _pdffonts(data: bytes, tmp_path: Path) -> list[tuple[str, str, str]]:
    """(name, type, emb) of every font poppler finds."""
    source = tmp_path / f"fonts-{time.monotonic_ns()}.pdf"
    source.write_bytes(data)
    out = subprocess.run(["pdffonts", str(source)], capture_output=True, check=True, timeout=60)
    rows = out.stdout.decode("utf-8").splitlines()[2:]
    # name, then the type (one or two words), encoding, emb, sub, uni, object, generation
    return [(row.split()[0], " ".join(row.split()[1:-6]), row.split()[-5]) for row in rows]


def pdfa_2b_problems(data: bytes, tmp_path: Path) -> list[str]:
    """What keeps ``data`` from being PDF/A-2b, as far as these checks see; [] when nothing."""
    problems = []
    if not data.startswith(b"%PDF-1."):
        problems.append("header is not %PDF-1.n")
    reader = PdfReader(io.BytesIO(data))
    if "/Encrypt" in reader.trailer:
        problems.append("encrypted")
    if "/ID" not in reader.trailer:
        problems.append("no file identifier (/ID) in the trailer")
    xmp = reader.xmp_metadata
    if xmp is None:
        problems.append("no XMP metadata")
    else:
        if str(xmp.pdfaid_part) != "2" or str(xmp.pdfaid_conformance).upper() != "B":
            problems.append(f"pdfaid is {xmp.pdfaid_part}/{xmp.pdfaid_conformance}, not 2/B")
        info = reader.metadata or {}
        if info.get("/Title") and (xmp.dc_title or {}).get("x-default") != info["/Title"]:
            problems.append("the document information's title differs from dc:title")
        if info.get("/Producer") and xmp.pdf_producer != info["/Producer"]:
            problems.append("the document information's producer differs from pdf:Producer")
    root = reader.trailer["/Root"]
    intents = [_obj(i) for i in _obj(root.get("/OutputIntents")) or []]
    pdfa = [i for i in intents if i.get("/S") == "/GTS_PDFA1" and "/DestOutputProfile" in i]
    if len(pdfa) != 1:
        problems.append(f"{len(pdfa)} output intents /GTS_PDFA1 with a profile, not 1")
    elif _obj(pdfa[0]["/DestOutputProfile"]).get_data()[36:40] != b"acsp":
        problems.append("the output profile is not an ICC profile")
    seen: set[int] = set()
    for number, page in enumerate(reader.pages, start=1):
        for font in _fonts(page.get("/Resources"), seen):
            if not _font_embedded(font):
                problems.append(f"page {number}: font {font.get('/BaseFont')} not embedded")
        if "/AA" in page:
            problems.append(f"page {number}: additional actions (/AA)")
        for annotation in map(_obj, _obj(page.get("/Annots")) or []):
            action = _obj(annotation.get("/A")) or {}
            if action.get("/S") in ("/JavaScript", "/Launch") or "/AA" in annotation:
                problems.append(f"page {number}: an annotation runs {action.get('/S') or '/AA'}")
            if annotation.get("/Subtype") != "/Popup" and not int(annotation.get("/F", 0)) & 4:
                problems.append(f"page {number}: an annotation is not printed")
        group = _obj(page.get("/Group"))
        if group is not None and group.get("/S") == "/Transparency" and len(pdfa) != 1:
            problems.append(f"page {number}: transparency without an output intent")
    for name, kind, embedded in _pdffonts(data, tmp_path):
        if embedded != "yes" and kind != "Type 3":
            problems.append(f"pdffonts: {name} not embedded")
    return problems


def _secretariat():
    user = create_user("sekretar.pdfa@example.no", "riktig-passord-123", ["secretariat"])
    db.session.flush()
    return user


def _calibri_docx() -> bytes:
    document = Document()
    for text, font in (("Innkalling satt i Calibri: særskilt økonomi", "Calibri"),
                       ("Overskrift satt i Cambria for Ålesund", "Cambria")):
        run = document.add_paragraph().add_run(text)
        run.font.name = font
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- conformance ---------------------------------------------------------------------------------

def test_the_agenda_the_minutes_and_the_meeting_book_are_pdfa_2b(demo_full, tmp_path):
    from app.services.paperwork import papers

    meeting = _nuit_3_22()
    add_document(_item(meeting, "18/22").case, io.BytesIO(_text_pdf(PDF_DOCUMENT_TEXT)),
                 "Vedlegg fra Hdir.pdf")  # Helvetica, not embedded, as many uploads are
    add_document(_item(meeting, "21/22").case,
                 io.BytesIO(_docx(DOCX_DOCUMENT_TEXT, heading="Notat")), "Notat om legemiddellisten.docx")
    db.session.commit()

    agenda = pdf.docx_to_pdf(papers.render(meeting, "agenda", public=False))
    minutes = pdf.docx_to_pdf(papers.render(meeting, "minutes", public=False))
    book = pdf.meeting_book(meeting, _secretariat())

    assert pdfa_2b_problems(agenda, tmp_path) == []
    assert pdfa_2b_problems(minutes, tmp_path) == []
    assert pdfa_2b_problems(book, tmp_path) == []
    reader = PdfReader(io.BytesIO(book))
    assert reader.metadata.title == "Samlet saksdokument – NUIT møte 3/22"
    outline = _outline(reader)
    assert outline[0][0] == "Innkalling og dagsorden"
    assert [t.split(" ")[1] for t, _, _ in outline[1:]] == [f"{n}/22" for n in range(16, 32)]
    children = {t.split(" ")[1]: [c for c, _ in kids] for t, _, kids in outline[1:]}
    assert children["18/22"] == ["Vedlegg fra Hdir.pdf"]
    assert children["21/22"] == ["Notat om legemiddellisten.docx"]
    text = _pdftotext(book, tmp_path)
    assert PDF_DOCUMENT_TEXT in text and DOCX_DOCUMENT_TEXT in text


def test_the_checks_see_what_is_not_pdfa(tmp_path):
    """The checker itself: a plain pypdf file fails on every count it can."""
    problems = pdfa_2b_problems(_text_pdf(PDF_DOCUMENT_TEXT), tmp_path)

    assert "no XMP metadata" in problems
    assert "0 output intents /GTS_PDFA1 with a profile, not 1" in problems
    assert "page 1: font /Helvetica not embedded" in problems
    assert "pdffonts: Helvetica not embedded" in problems


def _pdf_with_script() -> bytes:
    """A PDF with embedded fonts (so it is used as it is) whose page runs JavaScript when opened
    and has a link that runs JavaScript."""
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf.docx_to_pdf(_docx(SCRIPTED_TEXT)))))
    script = DictionaryObject({NameObject("/S"): NameObject("/JavaScript"),
                               NameObject("/JS"): TextStringObject("app.alert('hei')")})
    page = writer.pages[0]
    page[NameObject("/AA")] = DictionaryObject({NameObject("/O"): script})
    link = DictionaryObject({
        NameObject("/Type"): NameObject("/Annot"), NameObject("/Subtype"): NameObject("/Link"),
        NameObject("/Rect"): ArrayObject([NumberObject(n) for n in (72, 700, 300, 720)]),
        NameObject("/A"): script.clone(writer)})
    page[NameObject("/Annots")] = ArrayObject([writer._add_object(link)])
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def test_scripts_in_an_uploaded_pdf_are_left_out_of_the_book(demo, tmp_path):
    meeting = _nuit_3_22()
    data = _pdf_with_script()
    assert "page 1: additional actions (/AA)" in pdfa_2b_problems(data, tmp_path)
    add_document(_item(meeting, "18/22").case, io.BytesIO(data), "Med skript.pdf")
    db.session.commit()

    book = pdf.meeting_book(meeting, _secretariat())

    assert pdfa_2b_problems(book, tmp_path) == []
    assert b"app.alert" not in book
    assert SCRIPTED_TEXT in _pdftotext(book, tmp_path)


# --- exactly the issued papers --------------------------------------------------------------------

def _at(day: int, hour: int = 10):
    return time_machine.travel(datetime(2022, 5, day, hour, tzinfo=UTC), tick=False)


def test_the_meeting_book_holds_the_papers_as_issued(app, tmp_path):
    with _at(2):
        meeting = make_meeting(make_council(), cases=3)
        first, second, third = sorted(meeting.items, key=lambda i: i.position)
        add_document(first.case, io.BytesIO(_docx(DOCX_DOCUMENT_TEXT)), "Saksnotat.docx")
        add_document(second.case, io.BytesIO(_text_pdf(PDF_DOCUMENT_TEXT)), "Vedlegg.pdf")
        add_document(third.case, io.BytesIO(_text_pdf("Utredning om utsatt sak")), "Utredning.pdf")
        db.session.commit()
    with _at(5):
        notice.issue_notice(meeting.id)
        db.session.commit()
    with _at(10):  # after the notice
        add_document(first.case, io.BytesIO(_text_pdf("Etterslep lastet opp etter innkallingen")),
                     "Etterslep.pdf")
        meetings.postpone_item(third, to_date=date(2022, 9, 14))
        late = meetings.add_case_item(meeting, "Sak meldt etter innkallingen", duration=10)
        db.session.flush()
        add_document(late.case, io.BytesIO(_text_pdf("Notat til den trukne saken")), "Trukket.pdf")
        meetings.withdraw_item(late)
        db.session.commit()

    book = pdf.meeting_book(meeting, _secretariat())

    reader = PdfReader(io.BytesIO(book))
    assert _outline(reader)[0][0] == "Innkalling og dagsorden"
    cases = [(title, [c for c, _ in children]) for title, _, children in _outline(reader)[1:]]
    assert cases == [("Sak 1/22 Sak nummer 1", ["Saksnotat.docx"]),
                     ("Sak 2/22 Sak nummer 2", ["Vedlegg.pdf"]),
                     ("Sak 3/22 Sak nummer 3", ["Utredning.pdf"])]  # postponed, but it was issued
    text = _pdftotext(book, tmp_path)
    assert DOCX_DOCUMENT_TEXT in text and PDF_DOCUMENT_TEXT in text
    assert "Utredning om utsatt sak" in text
    assert "Etterslep lastet opp etter innkallingen" not in text  # uploaded after the notice
    assert "Notat til den trukne saken" not in text  # withdrawn, never on the issued agenda
    assert pdfa_2b_problems(book, tmp_path) == []


def test_a_document_uploaded_before_an_updated_notice_is_in_the_book(app):
    with _at(2):
        meeting = make_meeting(make_council(), cases=1)
        (item,) = meeting.items
        notice.issue_notice(meeting.id)
        db.session.commit()
    with _at(3):
        add_document(item.case, io.BytesIO(_text_pdf("Tillegg")), "Tillegg.pdf")
        db.session.commit()
    secretariat = _secretariat()
    before = _outline(PdfReader(io.BytesIO(pdf.meeting_book(meeting, secretariat))))
    with _at(4):  # the notice is updated: its frozen agenda is a new version
        from app.models import NoticeVersion
        db.session.add(NoticeVersion(meeting_id=meeting.id, number=2, agenda=[
            {"number": "1/22", "title": "Sak nummer 1"}], issued_at=datetime(2022, 5, 4, 10, tzinfo=UTC)))
        db.session.commit()

    after = _outline(PdfReader(io.BytesIO(pdf.meeting_book(meeting, secretariat))))

    assert before[1][2] == []
    assert [c for c, _ in after[1][2]] == ["Tillegg.pdf"]


def test_before_the_notice_the_book_has_no_withdrawn_case(app):
    meeting = make_meeting(make_council(), cases=2)  # planned: no notice issued yet
    kept, dropped = sorted(meeting.items, key=lambda i: i.position)
    add_document(dropped.case, io.BytesIO(_text_pdf("Notat til saken som trekkes")), "Trekkes.pdf")
    meetings.withdraw_item(dropped)
    db.session.commit()

    outline = _outline(PdfReader(io.BytesIO(pdf.meeting_book(meeting, _secretariat()))))

    assert [title for title, _, _ in outline] == ["Innkalling og dagsorden", kept.title]


# --- fonts ---------------------------------------------------------------------------------------

def test_calibri_and_cambria_are_set_in_embedded_carlito_and_caladea(tmp_path):
    result = pdf.docx_to_pdf(_calibri_docx())

    fonts = {name.split("+")[-1]: embedded for name, _, embedded in _pdffonts(result, tmp_path)}
    assert fonts.get("Carlito") == "yes", fonts
    assert any(name.startswith("Caladea") and embedded == "yes" for name, embedded in fonts.items()), fonts
    assert pdfa_2b_problems(result, tmp_path) == []
    assert "Innkalling satt i Calibri: særskilt økonomi" in _pdftotext(result, tmp_path)
