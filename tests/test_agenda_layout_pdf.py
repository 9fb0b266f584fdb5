"""The NUIT 3/22 agenda as the members get it: rendered by LibreOffice to PDF and read page by page
(pdftotext per page). At most 8 pages with the demo data, no case heading left alone at the foot of
a page, a cover without the running header and footer, the exempt warning in the header of every
other page of the full variant only. Also the file itself: Word's normal mode (compatibility mode
15) and the document properties of the rendered file (when it was made, nb-NO).

The PDF tests need ``soffice`` and poppler (as tests/test_pdf.py): they skip without LibreOffice
on a developer's machine and run (and fail) in CI. Page images of the cover, the agenda table and
a case page are kept under test-artifacts/pdf/ for a person to look at. The case pages' content
(sub-items, documents, the presenter cell, the page-break flag) is checked in the .docx.
"""
import io
import re
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest
import time_machine
from lxml import etree

from app.extensions import db as _db
from app.services.casework import documents
from app.services.paperwork import papers, pdf
from tests.environment import needs_soffice
from tests.test_docx_agenda import (  # noqa: F401  (agenda_bytes, agenda_doc: fixtures)
    AGENDA_HEADER,
    agenda_bytes,
    agenda_doc,
    attachments,
    case_headings,
    cell_text,
    nuit_meeting,
    open_docx,
    section,
    table_with_header,
    text_nodes,
    xml_parts,
)
from tests.test_docx_public import exempt_item  # noqa: F401  (the fixture)

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "pdf"
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
EXEMPT_HEADER = "Inneholder opplysninger unntatt offentlighet"
RUNNING_HEADER = "NUIT · Møte 3/22 · 19. mai 2022"
CASE_HEADING = re.compile(r"^Sak \d+/22$")
FOOTER = re.compile(r"Side \d+ av \d+$")


# --- reading the PDF page by page --------------------------------------------------------------

def pages(data: bytes, tmp_path: Path) -> list[list[str]]:
    """Each page's non-empty lines as pdftotext -layout gives them, spaces collapsed."""
    source = tmp_path / "agenda.pdf"
    source.write_bytes(data)
    out = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(source), "-"],
                         capture_output=True, check=True, timeout=60).stdout.decode("utf-8")
    found = [[" ".join(line.split()) for line in page.splitlines() if line.strip()]
             for page in out.split("\f")]
    return found[:-1] if found and not found[-1] else found


def body_lines(page: list[str]) -> list[str]:
    """A page's lines without the running header (first line) and footer (last line)."""
    lines = list(page)
    if lines and FOOTER.search(lines[-1]):
        lines.pop()
    if lines and lines[0].startswith(RUNNING_HEADER):
        lines.pop(0)
    if lines and lines[0] == EXEMPT_HEADER:
        lines.pop(0)
    return lines


def stranded(found: list[list[str]], titles: list[str]) -> list[tuple[int, str]]:
    """(page number, line) of every page whose last line is a case heading or a case's title."""
    out = []
    for number, page in enumerate(found, 1):
        lines = body_lines(page)
        if not lines:
            continue
        last, before = lines[-1], lines[-2] if len(lines) > 1 else ""
        # A title may wrap: its last line ends it and the line before is part of it.
        if CASE_HEADING.match(last) or CASE_HEADING.match(before) or any(
                t == last or (t.endswith(last) and before and before in t) for t in titles):
            out.append((number, last))
    return out


def keep_page(data: bytes, page: int, name: str) -> None:
    """test-artifacts/pdf/<name>.png: one page at 60 dpi."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / "agenda-layout.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", str(page), "-l", str(page), "-singlefile",
                    str(source), str(ARTIFACTS / name)], check=True, timeout=60)
    assert (ARTIFACTS / f"{name}.png").stat().st_size > 3_000


def first_page_with(found: list[list[str]], line: str) -> int:
    return next(n for n, page in enumerate(found, 1) if line in page)


def case_titles(meeting) -> list[str]:
    return [c["title"] for c in papers.agenda_context(meeting, False)["cases"]]


# --- the PDF -------------------------------------------------------------------------------------

@needs_soffice
def test_nuit_3_22_agenda_fits_in_eight_pages_without_stranded_headings(demo, tmp_path):
    meeting = nuit_meeting(3)
    data = pdf.docx_to_pdf(papers.render(meeting, "agenda", public=False))
    found = pages(data, tmp_path)
    assert len(found) <= 8, f"{len(found)} pages"
    assert stranded(found, case_titles(meeting)) == []
    # Every case is there, once, in order, each with its proposal.
    lines = [line for page in found for line in page]
    headings = [line for line in lines if CASE_HEADING.match(line)]
    assert headings == [f"Sak {n}/22" for n in range(16, 32)]
    assert "NUIT godkjenner innkalling og dagsorden." in lines
    # The cover carries no running header or footer; every other page does.
    assert RUNNING_HEADER not in " ".join(found[0]) and not FOOTER.search(" ".join(found[0]))
    assert found[0][0] == "Direktoratet for e-helse"  # the sender, where a logo goes
    for number, page in enumerate(found[1:], 2):
        assert page[0].startswith(RUNNING_HEADER), number
        assert page[-1].endswith(f"Side {number} av {len(found)}"), number
    assert EXEMPT_HEADER not in " ".join(lines)
    # The presenter's organisation is on a line of its own in the agenda table.
    table = found[first_page_with(found, "Dagsorden") - 1]
    assert not any(line.endswith(("e-", "Direktoratet for")) for line in table)
    keep_page(data, 1, "agenda-layout-cover")
    keep_page(data, first_page_with(found, "Dagsorden"), "agenda-layout-table")
    keep_page(data, first_page_with(found, "Sak 18/22"), "agenda-layout-case")


@needs_soffice
def test_cases_of_every_length_leave_no_heading_alone_at_the_foot_of_a_page(demo, tmp_path):
    """Case texts and attachments of different lengths move the headings up and down the pages."""
    meeting = nuit_meeting(3)
    for n, item in enumerate(i for i in sorted(meeting.items, key=lambda i: i.position) if i.case):
        item.case.description = "\n\n".join(
            f"Avsnitt {p} av saksframstillingen til saken, med bakgrunn og vurderinger. " * (1 + n % 3)
            for p in range(n % 5))
        for d in range(n % 3):
            documents.add_document(item.case, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), f"Vedlegg {d + 1}.pdf")
    _db.session.commit()
    found = pages(pdf.docx_to_pdf(papers.render(meeting, "agenda", public=False)), tmp_path)
    assert stranded(found, case_titles(meeting)) == []
    headings = [line for page in found for line in page if CASE_HEADING.match(line)]
    assert headings == [f"Sak {n}/22" for n in range(16, 32)]
    assert any(line.endswith("Vedlegg 2.pdf") for page in found for line in page)


@needs_soffice
def test_full_variant_with_exempt_material_says_so_in_every_header_but_the_cover(exempt_item,  # noqa: F811
                                                                                 tmp_path):
    meeting = nuit_meeting(3)
    full = pages(pdf.docx_to_pdf(papers.render(meeting, "agenda", public=False)), tmp_path)
    assert EXEMPT_HEADER not in full[0]
    assert all(page[1] == EXEMPT_HEADER for page in full[1:])
    public = pages(pdf.docx_to_pdf(papers.render(meeting, "agenda", public=True)), tmp_path)
    assert not any(EXEMPT_HEADER in line for page in public for line in page)
    assert all(page[0].startswith(RUNNING_HEADER) for page in public[1:])


# --- the file ------------------------------------------------------------------------------------

def headers(data: bytes) -> dict[str, str]:
    """Each header part's text (paragraphs joined by " | ")."""
    return {name: " | ".join("".join(t.text or "" for t in p.iter(f"{W}t"))
                             for p in etree.fromstring(xml).iter(f"{W}p"))
            for name, xml in xml_parts(data).items() if name.startswith("word/header")}


def test_exempt_warning_is_in_the_running_header_of_the_full_variant_only(exempt_item):  # noqa: F811
    meeting = nuit_meeting(3)
    full, public = (papers.render(meeting, "agenda", public=v) for v in (False, True))
    document = open_docx(full)
    running = [p.text for p in document.sections[0].header.paragraphs]
    assert running == [f"{RUNNING_HEADER}\tDirektoratet for e-helse", EXEMPT_HEADER]
    assert [p.text for p in document.sections[0].first_page_header.paragraphs] == [
        "Direktoratet for e-helse"]
    assert document.sections[0].different_first_page_header_footer
    assert not any(EXEMPT_HEADER in text for text in headers(public).values())
    public_running = [p.text for p in open_docx(public).sections[0].header.paragraphs]
    assert public_running == [f"{RUNNING_HEADER}\tDirektoratet for e-helse"]


def test_no_exempt_warning_in_the_header_without_exempt_material(demo):
    data = papers.render(nuit_meeting(3), "agenda", public=False)
    assert not any(EXEMPT_HEADER in text for text in headers(data).values())


@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_word_opens_the_papers_in_normal_mode(demo, kind):
    settings = etree.fromstring(xml_parts(papers.render(nuit_meeting(1 if kind == "minutes" else 3),
                                                        kind, public=False))["word/settings.xml"])
    modes = [s.get(f"{W}val") for s in settings.iter(f"{W}compatSetting")
             if s.get(f"{W}name") == "compatibilityMode"]
    assert modes == ["15"]


@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_document_properties_carry_the_render_time_and_norwegian(demo, kind):
    meeting = nuit_meeting(1 if kind == "minutes" else 3)
    with time_machine.travel(datetime(2022, 5, 10, 9, 41, 7, tzinfo=UTC), tick=False):
        data = papers.render(meeting, kind, public=False)
    core = open_docx(data).core_properties
    assert core.created == core.modified == datetime(2022, 5, 10, 9, 41, 7, tzinfo=UTC)
    assert core.language == "nb-NO"
    raw = xml_parts(data)["docProps/core.xml"].decode("utf-8")
    assert "2022-05-10T09:41:07Z" in raw
    styles = etree.fromstring(xml_parts(data)["word/styles.xml"])
    (lang,) = styles.iter(f"{W}docDefaults")
    assert lang.find(f"{W}rPrDefault/{W}rPr/{W}lang").get(f"{W}val") == "nb-NO"


# --- the case pages ------------------------------------------------------------------------------

def test_a_case_with_long_text_starts_a_new_page(demo):
    meeting = nuit_meeting(3)
    item = next(i for i in meeting.items if i.case_seq == 22)
    item.case.description = "\n\n".join(f"Avsnitt {n} om kostnadsfordelingen. " * 6 for n in range(10))
    _db.session.commit()
    assert papers.agenda_context(meeting, False)["cases"][6]["new_page"] is True
    headings = case_headings(open_docx(papers.render(meeting, "agenda", False)))
    assert [h.text for h in headings if h.paragraph_format.page_break_before] == [
        "Sak 16/22", "Sak 22/22"]


def test_exempt_document_is_marked_in_the_full_variant_and_not_named_in_the_public(demo):
    meeting = nuit_meeting(3)
    case = next(i for i in meeting.items if i.case_seq == 20).case
    public = documents.add_document(case, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "Notat.pdf")
    exempt = documents.add_document(case, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "Tilbud Lerke AS.pdf",
                                    exempt=True, legal_basis="offl. § 23 første ledd")
    _db.session.commit()
    full = open_docx(papers.render(meeting, "agenda", False))
    assert attachments(full, "Sak 20/22") == [
        [public.document_number, "Notat.pdf"],
        [exempt.document_number, "Tilbud Lerke AS.pdf (Unntatt offentlighet, jf. offl. § 23 første "
                                 "ledd)"]]
    data = papers.render(meeting, "agenda", True)
    assert attachments(open_docx(data), "Sak 20/22") == [
        [public.document_number, "Notat.pdf"],
        [exempt.document_number, "Unntatt offentlighet, jf. offl. § 23 første ledd"]]
    assert "Lerke" not in " ".join(text_nodes(data))


def test_case_page_of_18_22_lists_its_sub_items(agenda_doc):  # noqa: F811
    assert section(agenda_doc, "Sak 18/22")[2:] == [
        ("Underpunkt", "1\tVidere prosess PDS steg 2"),
        ("Underpunkt", "2\tProsess for nye mandater for utvalgene i styringsmodellen"),
        ("Heading 3", "Forslag til vedtak"), ("Normal", "NUIT tar sakene til orientering.")]


def test_presenter_cell_puts_the_organisation_on_its_own_line(agenda_doc):  # noqa: F811
    table = table_with_header(agenda_doc, AGENDA_HEADER)
    presenters = {cell_text(r.cells[0]): [p.text for p in r.cells[3].paragraphs if p.text]
                  for r in table.rows[1:] if cell_text(r.cells[0])}
    assert presenters["18/22"] == ["Mariann Hornnes og Karl Vestli", "Direktoratet for e-helse"]
    assert presenters["19/22"] == ["Lars Erik Antonsen og Marit Hermansen", "NAV"]
    assert presenters["30/22"] == ["Saken er utsatt til møtet 14. september"]
