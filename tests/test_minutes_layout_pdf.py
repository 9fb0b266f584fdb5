"""The minutes (referat) through LibreOffice to PDF, read back page by page with pdftotext: no case
heading is the last line of a page (keep-with-next), and the last page is not a near-empty one.
The first page of NUIT 3/22's minutes is kept as PNG in test-artifacts/pdf/ for a person to look at.

Needs ``soffice`` and poppler (pdftotext, pdftoppm): skipped without LibreOffice on a developer's
machine, run (and failing) in CI, as tests/test_pdf.py.
"""
import io
import re
import subprocess
from datetime import date, time
from pathlib import Path

import pytest
import time_machine
from docx import Document

from app.services.paperwork import paper_templates, papers, pdf
from app.services.planning import notice
from app.services.proceedings import recording
from tests.environment import needs_soffice
from tests.test_docx_agenda import nuit_meeting, open_docx, paragraphs

pytestmark = needs_soffice

ARTIFACTS = Path(__file__).resolve().parents[1] / "test-artifacts" / "pdf"
SUB_HEADINGS = ("Drøftinger", "Vedtak:", "Oppfølgingspunkter")


def pages(data: bytes, tmp_path: Path) -> list[list[str]]:
    """Each page's body lines (pdftotext; the header's and footer's lines left out)."""
    source = tmp_path / "minutes.pdf"
    source.write_bytes(data)
    count = int(next(line.split()[-1] for line in subprocess.run(
        ["pdfinfo", str(source)], capture_output=True, check=True, text=True,
        timeout=60).stdout.splitlines() if line.startswith("Pages:")))
    found = []
    for number in range(1, count + 1):
        # -layout: lines as placed on the page (a heading's number and title, a table row and the
        # footer's two parts each on one line).
        text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", "-f", str(number),
                               "-l", str(number), str(source), "-"], capture_output=True,
                              check=True, text=True, timeout=60).stdout
        lines = [" ".join(line.split()) for line in text.splitlines() if line.strip()]
        # The header "Referat NUIT · Møte 3/22 · 19. mai 2022 … Direktoratet for e-helse" and
        # the footer "Utkast … Side 2 av 5".
        if lines and lines[0].startswith("Referat ") and " · " in lines[0]:
            lines.pop(0)
        if lines and re.search(r"Side \d+ av \d+$", lines[-1]):
            lines.pop()
        found.append(lines)
    return found


def squeeze(text: str) -> str:
    """Text without spaces and hyphens: pdftotext joins a word broken at its hyphen
    ("e-helseløsning" comes out as "ehelseløsning") and a wrapped line with a space."""
    return re.sub(r"[\s\-\u00ad]", "", text)


def case_headings(docx_data: bytes) -> list[str]:
    """Each case heading ('Sak 20/22 Tryggere Helseapper') as printed with its info line
    ('Innretning: Drøfting · Presenterer saken: …') when it has one: a heading is stranded when
    the page ends with it, or with it and only its info line."""
    found = []
    paras = paragraphs(open_docx(docx_data))
    for (style, text), (next_style, next_text) in zip(paras, paras[1:] + [("", "")], strict=True):
        if style == "Sakstittel":
            info = next_text if next_style == "Saksinfo" else ""
            found.append((" ".join(text.split()), " ".join(info.split())))
    return found


def stranded(page_lines: list[list[str]], headings: list[tuple[str, str]]) -> list[str]:
    """The headings that end a page: a case heading (it may wrap over two lines) alone or with
    only its info line and a sub-heading under it, or a sub-heading ("Vedtak:") alone."""
    found = []
    for lines in page_lines[:-1]:
        if lines and lines[-1] in SUB_HEADINGS:
            found.append(lines[-1])
        tail = squeeze(" ".join(lines[-5:]))
        for heading, info in headings:
            endings = [heading, heading + info] + [heading + info + sub for sub in SUB_HEADINGS]
            if any(tail.endswith(squeeze(end)) for end in endings):
                found.append(heading)
    return found


def as_pdf(docx_data: bytes) -> bytes:
    return pdf.docx_to_pdf(docx_data)


def keep_first_page(data: bytes, name: str) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    source = ARTIFACTS / f"{name}.pdf"
    source.write_bytes(data)
    subprocess.run(["pdftoppm", "-png", "-r", "60", "-f", "1", "-l", "1", "-singlefile",
                    str(source), str(ARTIFACTS / name)], check=True, timeout=60)
    return ARTIFACTS / f"{name}.png"


@pytest.mark.parametrize("number", [1, 3])
def test_demo_minutes_have_no_stranded_case_heading_and_no_near_empty_last_page(
        demo_full, tmp_path, number):
    docx_data = papers.render(nuit_meeting(number), "minutes", False)
    data = as_pdf(docx_data)
    page_lines = pages(data, tmp_path)
    assert len(page_lines) >= 2
    text = " ".join(" ".join(lines) for lines in page_lines)
    for words in ("Oppmøte", "Forfall", "Vara", "Fra sekretariatet", "Referent Ingrid Solberg",
                  "Åpne oppfølgingspunkter"):
        assert words in text
    headings = case_headings(docx_data)
    assert headings and all(squeeze(h) in squeeze(text) for h, _info in headings)  # as printed
    assert stranded(page_lines, headings) == []
    assert len(page_lines[-1]) >= 3, page_lines[-1]  # the last page holds more than a stray line
    if number == 3:
        image = keep_first_page(data, "referat-nuit-3-22")
        assert image.stat().st_size > 3_000


def _many_items_meeting(db, discussion_lengths: list[int]):
    from tests.factories import make_council, make_meeting

    council = make_council()
    meeting = make_meeting(council, day=date(2022, 5, 19), start=time(8, 30),
                           cases=len(discussion_lengths))
    notice.issue_notice(meeting.id)
    sentence = "Medlemmene drøftet saken grundig og gav innspill til det videre arbeidet. "
    cases = [i for i in sorted(meeting.items, key=lambda i: i.position) if i.kind == "case"]
    with time_machine.travel(date(2022, 5, 1), tick=False):
        for item, length in zip(cases, discussion_lengths, strict=False):
            recording.record_item(item, expected_version=item.version, outcome="decided",
                                  decision_body={"text": "Vedtatt."},
                                  discussion=sentence * length)
    db.session.commit()
    return meeting


def test_keep_with_next_holds_headings_that_would_end_a_page(app, db, tmp_path):
    """Forty items of varying length put case headings at many page ends; the template keeps each
    heading with its item. The same document from a template without keep-with-next strands some,
    so the check can see a stranded heading."""
    meeting = _many_items_meeting(db, [(n * 7) % 11 + 1 for n in range(40)])
    template, _uploaded = paper_templates.template_for(meeting.council, "minutes")
    docx_data = papers.render(meeting, "minutes", False)
    headings = case_headings(docx_data)
    assert stranded(pages(as_pdf(docx_data), tmp_path), headings) == []

    loose = Document(io.BytesIO(template))
    for name in ("Sakstittel", "Saksinfo", "Heading 3"):
        loose.styles[name].paragraph_format.keep_with_next = False
    raw = io.BytesIO()
    loose.save(raw)
    loose_pages = pages(as_pdf(papers.render(meeting, "minutes", False, raw.getvalue())), tmp_path)
    assert stranded(loose_pages, headings)
