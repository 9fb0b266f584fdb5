"""The agenda (innkalling og dagsorden) as a Word document, read back with python-docx: NUIT 3/22
from the demo must say what seed 002 says (cover, members, the agenda table, one section per case
with its decision proposal verbatim). Also: Word templates that are refused or accepted at upload.

The helpers at the top are shared with tests/test_docx_minutes.py and tests/test_docx_public.py.
"""
import io
import zipfile
from datetime import date, time

import docx
import pytest
from docx.table import Table
from docx.text.paragraph import Paragraph
from lxml import etree
from sqlalchemy import select

from app.extensions import db as _db
from app.models import Council
from app.services import ServiceError
from app.services.casework import documents
from app.services.paperwork import paper_templates, papers
from app.services.planning.meetings import meeting_by_number
from tests.conftest import count_queries
from tests.test_demo_meeting import SEED_AGENDA, SEED_MEMBERS

W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
AGENDA_HEADER = ["Sak", "Agenda", "Innretning", "Presenterer saken", "Start"]


# --- reading a .docx ------------------------------------------------------------------------------

def open_docx(data: bytes) -> docx.Document:
    return docx.Document(io.BytesIO(data))


def body(document) -> list:
    """The body in order: Paragraph and Table objects."""
    blocks = []
    for element in document.element.body.iterchildren():
        if element.tag == f"{W}p":
            blocks.append(Paragraph(element, document))
        elif element.tag == f"{W}tbl":
            blocks.append(Table(element, document))
    return blocks


def paragraphs(document) -> list[tuple[str, str]]:
    """(style name, text) of every body paragraph outside tables, empty ones left out."""
    return [(b.style.name, b.text) for b in body(document) if isinstance(b, Paragraph) and b.text]


def tables(document) -> list[Table]:
    return [b for b in body(document) if isinstance(b, Table)]


def cell_text(cell) -> str:
    """A cell's paragraphs joined by a space, tabs and runs of spaces as one space."""
    return " ".join(" ".join(p.text.split()) for p in cell.paragraphs if p.text.strip())


def rows(table: Table) -> list[list[str]]:
    return [[cell_text(c) for c in r.cells] for r in table.rows]


def table_with_header(document, header: list[str]) -> Table:
    (found,) = [t for t in tables(document) if rows(t) and rows(t)[0] == header]
    return found


def xml_parts(data: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return {name: z.read(name) for name in z.namelist()
                if name.endswith((".xml", ".rels"))}


def text_nodes(data: bytes) -> list[str]:
    """Every text node and attribute value of every XML part of the file: document, headers,
    footers, styles, docProps (core title, app), relationships."""
    found = []
    for xml in xml_parts(data).values():
        for element in etree.fromstring(xml).iter():
            if isinstance(element.tag, str):
                found.extend(element.attrib.values())
            if element.text:
                found.append(element.text)
            if element.tail and element.tail.strip():
                found.append(element.tail)
    return found


def part_xml(data: bytes, prefix: str) -> list[etree._Element]:
    return [etree.fromstring(xml) for name, xml in xml_parts(data).items()
            if name.startswith(prefix) and name.endswith(".xml")]


def footer_fields(data: bytes) -> tuple[str, list[str]]:
    """The footers' text (field results included) and their field instructions."""
    text, fields = [], []
    for root in part_xml(data, "word/footer"):
        text.append("".join(t.text or "" for t in root.iter(f"{W}t")))
        fields.extend((i.text or "").strip() for i in root.iter(f"{W}instrText"))
        fields.extend(f.get(f"{W}instr").strip() for f in root.iter(f"{W}fldSimple"))
    return " ".join(text), fields


def nuit_meeting(number: int):
    nuit = _db.session.scalar(select(Council).where(Council.code == "NUIT"))
    return meeting_by_number(nuit, 2022, number)


def section(document, heading: str, until_style: str = "Heading 1") -> list[tuple[str, str]]:
    """The paragraphs after the one whose text is ``heading`` up to the next ``until_style``."""
    paras = paragraphs(document)
    start = next(n for n, (_style, text) in enumerate(paras) if text == heading)
    out = []
    for style, text in paras[start + 1:]:
        if style == until_style:
            break
        out.append((style, text))
    return out


def attachments(document, heading: str) -> list[list[str]]:
    """The rows of the attachments table in the section of the case headed ``heading``."""
    blocks = body(document)
    start = next(n for n, b in enumerate(blocks) if isinstance(b, Paragraph) and b.text == heading)
    for block in blocks[start + 1:]:
        if isinstance(block, Paragraph) and block.style.name == "Heading 1":
            break
        if isinstance(block, Table):
            return rows(block)
    return []


# --- fixtures ---------------------------------------------------------------------------------------

@pytest.fixture
def agenda_bytes(demo):
    return papers.render(nuit_meeting(3), "agenda", public=False)


@pytest.fixture
def agenda_doc(agenda_bytes):
    return open_docx(agenda_bytes)


def seed_row(row) -> tuple:
    """(Sak, bold title, Innretning, Presenterer saken, Start) of a row of the agenda table."""
    number, agenda, item_type, presenter, start = row.cells
    return (cell_text(number), agenda.paragraphs[0].text, cell_text(item_type),
            cell_text(presenter), cell_text(start))


# --- the agenda table ---------------------------------------------------------------------------

def test_agenda_table_is_the_seed_agenda_in_order(agenda_doc):
    table = table_with_header(agenda_doc, AGENDA_HEADER)
    assert [seed_row(r) for r in table.rows[1:]] == SEED_AGENDA
    numbers = [seed_row(r)[0] for r in table.rows[1:] if seed_row(r)[0]]
    assert numbers == [f"{n}/22" for n in range(16, 32)]


def test_header_row_repeats_on_every_page(agenda_doc):
    table = table_with_header(agenda_doc, AGENDA_HEADER)
    header = table.rows[0]._tr
    assert header.find(f"{W}trPr/{W}tblHeader") is not None
    assert all(run.bold for cell in table.rows[0].cells for run in cell.paragraphs[0].runs)


def test_case_titles_and_break_rows_are_bold(agenda_doc):
    table = table_with_header(agenda_doc, AGENDA_HEADER)
    for row in table.rows[1:]:
        title = row.cells[1].paragraphs[0]
        assert title.runs and all(run.bold for run in title.runs), title.text
    breaks = [r for r in table.rows[1:] if not cell_text(r.cells[0])]
    assert [(cell_text(r.cells[1]), cell_text(r.cells[4])) for r in breaks] == [
        ("Pause", "09:50"), ("Lunsj", "12:00"), ("Pause", "14:30")]
    for row in breaks:  # a break has only its title and its start time, both in bold
        assert [cell_text(c) for c in (row.cells[0], row.cells[2], row.cells[3])] == ["", "", ""]
        assert all(run.bold for run in row.cells[4].paragraphs[0].runs)


def test_postponed_row_says_so_in_bold_and_has_no_time(agenda_doc):
    table = table_with_header(agenda_doc, AGENDA_HEADER)
    (row,) = [r for r in table.rows if cell_text(r.cells[0]) == "30/22"]
    presenter = [p for p in row.cells[3].paragraphs if p.text]
    assert [p.text for p in presenter] == ["Saken er utsatt til møtet 14. september"]
    assert all(run.bold for run in presenter[0].runs)
    assert cell_text(row.cells[4]) == ""


def test_sub_items_are_listed_under_the_title_of_18_22(agenda_doc):
    table = table_with_header(agenda_doc, AGENDA_HEADER)
    (row,) = [r for r in table.rows if cell_text(r.cells[0]) == "18/22"]
    lines = [" ".join(p.text.split()) for p in row.cells[1].paragraphs if p.text]
    assert lines == ["Orientering fra Direktoratet for e-helse",
                     "– Videre prosess PDS steg 2",
                     "– Prosess for nye mandater for utvalgene i styringsmodellen"]
    assert not any(run.bold for p in row.cells[1].paragraphs[1:] for run in p.runs)


# --- cover, members, header and footer ---------------------------------------------------------

def test_cover_names_council_meeting_date_and_secretariat(agenda_doc):
    cover = []
    for block in body(agenda_doc):
        if isinstance(block, Paragraph) and block.paragraph_format.page_break_before:
            break
        if isinstance(block, Paragraph) and block.text:
            cover.append(block.text)
    assert cover == ["Møte i NUIT", "Prioriteringsutvalget", "Møte 3/22", "19. mai 2022 kl. 08:30",
                     "Direktoratet for e-helse"]


def test_cover_shows_location_and_video_link_when_set(demo):
    meeting = nuit_meeting(3)
    meeting.location = "Thon Hotel Opera, Oslo"
    meeting.video_url = "https://teams.example.no/nuit-3-22"
    _db.session.commit()
    texts = [text for _style, text in paragraphs(open_docx(papers.render(meeting, "agenda", False)))]
    assert "Sted: Thon Hotel Opera, Oslo" in texts
    assert "Videolenke: https://teams.example.no/nuit-3-22" in texts


def test_members_and_observers_as_in_the_seed(agenda_doc):
    heading = next(b for b in body(agenda_doc)
                   if isinstance(b, Paragraph) and b.text == "Medlemmer og observatører i NUIT")
    assert heading.style.name == "Heading 1"
    members, observers = [t for t in tables(agenda_doc) if rows(t)[0] == ["Navn", "Tittel", "Aktør"]]
    expected = [(f"{name} (leder)" if role == "leder" else name, title, org)
                for name, title, org, role in SEED_MEMBERS]
    assert [tuple(r) for r in rows(members)[1:]] == [e for e, s in zip(expected, SEED_MEMBERS, strict=True)
                                                     if s[3] != "observatør"]
    assert [tuple(r) for r in rows(observers)[1:]] == [
        ("Bodil Rabben", "Divisjonsdirektør Nasjonale e-helseløsninger", "Norsk Helsenet SF")]
    assert len(rows(members)[1:]) + len(rows(observers)[1:]) == 18
    assert ("Heading 3", "Observatør") in paragraphs(agenda_doc)


def test_header_and_footer(agenda_bytes, agenda_doc):
    header = agenda_doc.sections[0].header.paragraphs[0].text
    assert header == "NUIT · Møte 3/22 · 19. mai 2022\tDirektoratet for e-helse"
    text, fields = footer_fields(agenda_bytes)
    assert "Innkalling og dagsorden" in text and "Side 1 av 1" in text
    assert fields == ["PAGE", "NUMPAGES"]


def test_page_is_a4_portrait(agenda_doc):
    section_ = agenda_doc.sections[0]
    assert (round(section_.page_width.cm, 1), round(section_.page_height.cm, 1)) == (21.0, 29.7)


def test_document_title_property(agenda_doc):
    assert agenda_doc.core_properties.title == \
        "Innkalling og dagsorden, NUIT møte 3/22 (19. mai 2022)"


# --- one section per case -------------------------------------------------------------------------

def case_headings(document) -> list[Paragraph]:
    return [b for b in body(document) if isinstance(b, Paragraph) and b.style.name == "Heading 1"
            and b.text.startswith("Sak ")]


def test_one_section_per_case_short_ones_following_each_other(agenda_doc):
    headings = case_headings(agenda_doc)
    assert [h.text for h in headings] == [f"Sak {n}/22" for n in range(16, 32)]
    # The cases start on a new page after the agenda table; the demo's cases are short (a
    # proposal, no long text), so they follow one another.
    assert [bool(h.paragraph_format.page_break_before) for h in headings] == [True] + [False] * 15
    assert all(h.style.paragraph_format.keep_with_next for h in headings)
    titles = [text for style, text in paragraphs(agenda_doc) if style == "Heading 2"]
    assert titles == [row[1] for row in SEED_AGENDA if row[0]]


def test_each_section_tells_type_presenter_and_start(agenda_doc):
    assert section(agenda_doc, "Sak 19/22")[1] == (
        "Saksinfo", "Drøfting · Presenterer saken: Lars Erik Antonsen og Marit Hermansen, NAV · "
        "Start kl. 08:50")


def test_proposals_are_verbatim(agenda_doc):
    assert section(agenda_doc, "Sak 16/22")[2:] == [
        ("Heading 3", "Forslag til vedtak"), ("Normal", "NUIT godkjenner innkalling og dagsorden.")]
    assert section(agenda_doc, "Sak 19/22")[2:] == [
        ("Heading 3", "Forslag til vedtak - oppdatert"),
        ("Normal", "NUIT tar saken til orientering og partene tar med seg innspillene i det videre "
                   "arbeidet.")]
    assert section(agenda_doc, "Sak 22/22")[2:] == [
        ("Heading 3", "Vedtak til drøfting i NUIT"),
        ("Normal", "NUIT drøfter fremlagte forslag til fordeling av vekst i kostnader til forvaltning "
                   "og drift for de nasjonale e-helseløsningene for 2023. NUITs innspill vil bli "
                   "innarbeidet i forslag som skal drøftes i Nasjonalt e-helsestyre.")]
    assert [text for _style, text in section(agenda_doc, "Sak 25/22")[3:]] == [
        "Med utgangspunkt i kunnskap og erfaring fra pandemien følges saken opp videre i dialog "
        "mellom eHelse, KS, Helsedirektoratet FHI for å sikre en samordnet helhetlig "
        "utviklingsretning for digitaliseringstiltak av smittevernberedskapen. En av virksomhetene "
        "blir gitt et tydelig mandag til å følge opp videre arbeid.",
        "Digitaliseringsarbeidet innen helseberedskap og smittevern må innlemmes i øvrig "
        "e-helsearbeid og synliggjøres i revidert e-Helse strategi og veikart.",
        "Innspill fra NUIT tas med i det videre arbeidet."]


def test_proposal_21_22_has_its_three_numbered_points(agenda_doc):
    assert section(agenda_doc, "Sak 21/22")[2:] == [
        ("Heading 3", "Forslag til vedtak"),
        ("Vedtakspunkt", "1.\tNUIT drøfter status og fremlagte utfordringer i porteføljen og ber "
                         "relevante aktører ta med seg innspill gitt i møtet i det videre arbeidet."),
        ("Vedtakspunkt", "2.\tNUIT drøfter versjon 22.2 av veikart for nasjonale e-helseløsninger. "
                         "Oppdatert veikart med innspill fra møtet vil bli publisert i etterkant av "
                         "møtet."),
        ("Vedtakspunkt", "3.\tNUIT drøfter fremlagte forslag til tiltak for 2023, og ber relevante "
                         "aktører ta med seg tiltakene og innspill fra møtet til drøfting i egne "
                         "virksomheter."),
    ]


def test_proposal_24_22_has_its_two_parts_with_sub_headings(agenda_doc):
    assert section(agenda_doc, "Sak 24/22")[2:] == [
        ("Heading 3", "Vedtak:"),
        ("Heading 4", "1. Videreutvikling av Nasjonal e-helsemonitor"),
        ("Normal", "NUIT anbefaler forslag til plan for videre utvikling av Nasjonal e-helsemonitor."),
        ("Normal", "NUIT ber Direktoratet for e-helse ta med seg innspill gitt i møtet i det videre "
                   "arbeidet."),
        ("Heading 4", "2. Forbedringsarbeid rundt rapporten Ressursbruk på IKT i helse- og "
                      "omsorgstjenesten"),
        ("Normal", "Direktoratet for e-helse ber NUIT anbefale forbedringsprosess for nytt format og "
                   "utforming av rapporten Ressursbruk på IKT i helse- og omsorgstjenesten."),
        ("Normal", "NUIT ber Direktoratet for e-helse ta med seg innspill gitt i møtet i det videre "
                   "arbeidet."),
    ]


def test_postponed_case_section_says_when_and_eventuelt_has_no_proposal(agenda_doc):
    assert section(agenda_doc, "Sak 30/22")[1:] == [
        ("Saksinfo", "Drøfting"), ("Utfall", "Saken er utsatt til møtet 14. september")]
    assert section(agenda_doc, "Sak 31/22")[1:] == [
        ("Saksinfo", "Presenterer saken: Mariann Hornnes, Direktoratet for e-helse · Start kl. 15:25")]


def test_case_text_and_attached_documents(demo):
    meeting = nuit_meeting(3)
    item = next(i for i in meeting.items if i.case_seq == 20)
    item.case.description = "Prosjektet har vurdert 40 apper.\n\nAnbefalingene følger vedlagt."
    report = documents.add_document(item.case, io.BytesIO(b"%PDF-1.4\n%%EOF\n"),
                                    "Rapport Tryggere helseapper.pdf")
    slides = documents.add_document(item.case, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "Presentasjon.pdf")
    _db.session.commit()
    doc = open_docx(papers.render(meeting, "agenda", False))
    assert section(doc, "Sak 20/22")[2:6] == [
        ("Normal", "Prosjektet har vurdert 40 apper."), ("Normal", "Anbefalingene følger vedlagt."),
        ("Heading 3", "Vedlegg"), ("Heading 3", "Forslag til vedtak")]
    assert attachments(doc, "Sak 20/22") == [
        [report.document_number, "Rapport Tryggere helseapper.pdf"],
        [slides.document_number, "Presentasjon.pdf"]]
    assert report.document_number.startswith("2022/") and report.document_number.endswith("-1")
    assert attachments(doc, "Sak 19/22") == []


def test_texts_with_xml_characters_survive(demo):
    meeting = nuit_meeting(3)
    item = next(i for i in meeting.items if i.case_seq == 26)
    item.title = 'Apper & <journaler> "i" kommunene'
    item.proposal_body = {"text": "A < B & C\x0b er lov."}
    _db.session.commit()
    doc = open_docx(papers.render(meeting, "agenda", False))
    assert section(doc, "Sak 26/22")[0] == ("Heading 2", 'Apper & <journaler> "i" kommunene')
    assert ("Normal", "A < B & C er lov.") in section(doc, "Sak 26/22")


# --- speed: a fixed number of queries -----------------------------------------------------------

def test_rendering_runs_a_fixed_number_of_queries(app, db):
    from tests.factories import make_council, make_meeting

    council = make_council()
    small = make_meeting(council, day=date(2022, 5, 19), start=time(8, 30), cases=3)
    large = make_meeting(council, day=date(2022, 6, 19), start=time(8, 30), cases=40)
    counts = []
    for meeting in (small, large):
        db.session.expire_all()
        with count_queries(db.engine) as n:
            papers.render(meeting, "agenda", False)
        counts.append(n())
    assert counts[0] == counts[1]
    assert counts[0] <= 12


# --- templates: the built-in ones, restyled ones, broken ones --------------------------------------

def built_in(kind: str) -> bytes:
    return paper_templates.built_in_path(kind).read_bytes()


def edited(kind: str, change) -> bytes:
    document = open_docx(built_in(kind))
    change(document)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def add_paragraph(text: str):
    return lambda document: document.add_paragraph(text)


@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_built_in_templates_pass_the_check(app, kind):
    papers.check_template(kind, built_in(kind))


@pytest.mark.parametrize("broken, problem", [
    ("{{ council.code ", "TemplateSyntaxError"),
    ("{% for x in %}", "TemplateSyntaxError"),
    ("{%p if meeting.location %}", "TemplateSyntaxError"),  # never closed
    ("{{ council.nmae }}", "nmae"),
])
def test_broken_template_is_refused_with_the_template_error(app, broken, problem):
    with pytest.raises(ServiceError) as refused:
        papers.check_template("agenda", edited("agenda", add_paragraph(broken)))
    message = str(refused.value)
    assert message.startswith("Malen for innkallingen kan ikke brukes: ")
    assert problem in message


def test_syntax_error_names_the_text_near_it(app):
    with pytest.raises(ServiceError) as refused:
        papers.check_template("minutes", edited("minutes", add_paragraph("Referent: {% if x %")))
    assert "Malen for referatet kan ikke brukes" in str(refused.value)
    assert "Referent: {% if x %" in str(refused.value)


def test_tags_that_break_the_word_structure_are_refused(app):
    def split_if(document):
        # A plain {% if %} opened in a paragraph and closed inside a table cell.
        document.add_paragraph("{% if public %}Offentlig")
        document.add_table(rows=1, cols=1).cell(0, 0).text = "versjon{% endif %}"

    with pytest.raises(ServiceError, match="ugyldig Word-innhold"):
        papers.check_template("agenda", edited("agenda", split_if))


def test_template_code_runs_in_a_sandbox(app):
    with pytest.raises(ServiceError, match="SecurityError"):
        papers.check_template("agenda", edited("agenda", add_paragraph(
            "{{ council.__class__.__mro__[1].__subclasses__() }}")))


def test_a_file_that_is_not_a_word_document_is_refused(app):
    with pytest.raises(ServiceError, match="ikke et Word-dokument"):
        papers.check_template("agenda", b"%PDF-1.4 not a template")
    with pytest.raises(ServiceError, match="tom"):
        papers.check_template("minutes", b"")


def test_restyled_template_renders_with_its_own_look(demo):
    def restyle(document):
        normal = document.styles["Normal"]
        normal.font.name = "Times New Roman"
        document.styles["Heading 1"].font.size = docx.shared.Pt(20)
        document.sections[0].left_margin = docx.shared.Cm(3)
        document.add_paragraph("Utarbeidet av sekretariatet for {{ council.name }}.")

    template = edited("agenda", restyle)
    papers.check_template("agenda", template)
    data = papers.render(nuit_meeting(3), "agenda", False, template=template)
    document = open_docx(data)
    assert document.styles["Normal"].font.name == "Times New Roman"
    assert document.styles["Heading 1"].font.size == docx.shared.Pt(20)
    assert round(document.sections[0].left_margin.cm, 1) == 3.0
    texts = [text for _style, text in paragraphs(document)]
    assert texts[0] == "Møte i NUIT"
    assert "Utarbeidet av sekretariatet for Prioriteringsutvalget." in texts
    table = table_with_header(document, AGENDA_HEADER)
    assert [seed_row(r) for r in table.rows[1:]] == SEED_AGENDA


def test_a_template_that_fails_when_generating_gives_a_service_error(demo):
    template = edited("agenda", add_paragraph("{{ council.nmae }}"))
    with pytest.raises(ServiceError, match="Malen for innkallingen kan ikke brukes"):
        papers.render(nuit_meeting(3), "agenda", False, template=template)


def test_unknown_kind_is_refused(demo):
    with pytest.raises(ServiceError, match="Ukjent dokumenttype"):
        papers.render(nuit_meeting(3), "meeting_book", False)
    with pytest.raises(ServiceError, match="Ukjent dokumenttype"):
        papers.check_template("notice", built_in("agenda"))


def shape(value):
    """The keys of a context, recursively; a list of dicts by the keys its elements have, an empty
    list or a list of strings as "list"."""
    if isinstance(value, dict):
        return {key: shape(v) for key, v in value.items()}
    if isinstance(value, list):
        merged = "list"
        for element in value:
            if isinstance(element, dict):
                merged = [merge(merged[0], shape(element))] if merged != "list" else [shape(element)]
        return merged
    return type(value).__name__


def merge(a, b):
    if isinstance(a, dict) and isinstance(b, dict):
        return {key: merge(a.get(key, "list"), b.get(key, "list")) for key in a | b}
    if isinstance(a, list) and isinstance(b, list):
        return [merge(a[0], b[0])]
    return b if a == "list" else a


def test_upload_check_uses_the_same_keys_as_real_papers(demo_full):
    """A template that passes check_template renders real papers: the invented data used by the
    check has exactly the keys of the real agenda and minutes."""
    meeting = nuit_meeting(3)
    item = next(i for i in meeting.items if i.case_seq == 20)  # a case page with a document
    documents.add_document(item.case, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "Rapport.pdf")
    _db.session.commit()
    real = {"agenda": papers.agenda_context(meeting, False),
            "minutes": papers.minutes_context(meeting, False)}
    for kind, context in real.items():
        sample = papers.sample_context(kind)
        assert shape(sample) == shape(context), kind


def test_built_in_templates_are_what_build_py_writes(tmp_path):
    """templates/docx/build.py is the source of the built-in templates: rebuilding changes nothing."""
    import runpy

    build = runpy.run_path(str(paper_templates.BUILT_IN_DIR / "build.py"))
    assert build["main"](["build.py", str(tmp_path)]) == 0
    for kind in ("agenda", "minutes"):
        assert (tmp_path / f"{kind}.docx").read_bytes() == built_in(kind), \
            f"templates/docx/{kind}.docx is out of date: run templates/docx/build.py"
