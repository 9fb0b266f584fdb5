"""The agenda (innkalling og dagsorden): cover, members, the agenda table, then the cases one after
the other. A case starts a new page only when the context says so (``case.new_page``: its text is
long) and the first case after the agenda table; a council that wants every case on its own page
uploads a template whose case heading always has "page break before". Headings keep with the
next paragraph, so no case heading is left alone at the foot of a page."""
from docx_kit import (  # the template building blocks
    AGENDA_WIDTHS,
    BREAK_FILL,
    Cm,
    Pt,
    blocks,
    cell_paragraph,
    cell_text,
    cover_page,
    header_note,
    new_document,
    no_split,
    optional_para,
    page_setup,
    para,
    paragraph_style,
    people_table,
    save,
    shade,
    table,
    tag,
    tag_row,
)

EXEMPT_HEADER = "Inneholder opplysninger unntatt offentlighet"
ATTACHMENT_WIDTHS = [Cm(2.6), Cm(14.0)]  # document number, its name


def agenda_styles(doc) -> None:
    """The styles only the agenda uses (names in Norwegian, as in Word's style list)."""
    paragraph_style(doc, "Underpunkt", left=0.75, hanging=0.75, tab=0.75, after=3)


def agenda_table(doc) -> None:
    tbl = table(doc, AGENDA_WIDTHS, ["Sak", "Agenda", "Innretning", "Presenterer saken", "Start"], 7)
    tag_row(tbl, 1, "{%tr for row in rows %}")
    tag_row(tbl, 2, "{%tr if row.is_break %}")
    brk = tbl.rows[3]
    no_split(brk)
    for cell in brk.cells:
        shade(cell, BREAK_FILL)
    cell_text(brk.cells[1], "{{ row.title }}", bold=True)
    cell_text(brk.cells[4], "{{ row.start }}", bold=True)
    tag_row(tbl, 4, "{%tr else %}")
    case = tbl.rows[5]
    no_split(case)
    number, title, item_type, presenter, start = case.cells
    cell_text(number, "{{ row.number }}")
    cell_text(title, "{{ row.title }}", bold=True)
    cell_paragraph(title, "{%p for s in row.subitems %}")
    sub = cell_paragraph(title, "", style="Tabellpunkt")
    sub.add_run("–")
    sub.add_run("\t")
    sub.add_run("{{ s }}")
    cell_paragraph(title, "{%p endfor %}")
    cell_paragraph(title, "{%p if row.note %}")
    note = cell_paragraph(title, "{{ row.note }}")
    note.runs[0].italic = True
    cell_paragraph(title, "{%p endif %}")
    cell_text(item_type, "{{ row.item_type }}")
    # The names, then the organisation on its own line (as in seed 002).
    cell_text(presenter, "{%p if row.postponed %}")
    cell_paragraph(presenter, "{{ row.postponed }}", bold=True)
    cell_paragraph(presenter, "{%p else %}")
    cell_paragraph(presenter, "{%p if row.presenter_names %}")
    cell_paragraph(presenter, "{{ row.presenter_names }}")
    cell_paragraph(presenter, "{%p endif %}")
    cell_paragraph(presenter, "{%p if row.presenter_organisation %}")
    cell_paragraph(presenter, "{{ row.presenter_organisation }}")
    cell_paragraph(presenter, "{%p endif %}")
    cell_paragraph(presenter, "{%p endif %}")
    cell_text(start, "{{ row.start }}")
    tag_row(tbl, 6, "{%tr endif %}")
    tag_row(tbl, 7, "{%tr endfor %}")


def case_sections(doc) -> None:
    """The cases one after the other: heading, title, facts, sub-items, text, attached documents,
    the decision proposal."""
    tag(doc, "{%p for case in cases %}")
    tag(doc, "{%p if loop.first or case.new_page %}")
    number = para(doc, "{{ case.heading }}", "Heading 1")
    number.paragraph_format.page_break_before = True
    number.paragraph_format.space_before = Pt(0)
    tag(doc, "{%p else %}")
    para(doc, "{{ case.heading }}", "Heading 1").paragraph_format.space_before = Pt(28)
    tag(doc, "{%p endif %}")
    para(doc, "{{ case.title }}", "Heading 2").paragraph_format.space_before = Pt(0)
    tag(doc, "{%p if case.info %}")
    para(doc, "{{ case.info }}", "Saksinfo").paragraph_format.keep_with_next = True
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if case.note %}")
    para(doc, "{{ case.note }}", "Utfall").paragraph_format.keep_with_next = True
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for s in case.subitems %}")
    sub = doc.add_paragraph(style="Underpunkt")
    sub.add_run("{{ loop.index }}").bold = True
    sub.add_run("\t")
    sub.add_run("{{ s }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p for text in case.text %}")
    para(doc, "{{ text }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if case.attachments %}")
    para(doc, "Vedlegg", "Heading 3")
    attachments = table(doc, ATTACHMENT_WIDTHS, None, 3)
    tag_row(attachments, 0, "{%tr for d in case.attachments %}")
    row = attachments.rows[1]
    no_split(row)
    cell_text(row.cells[0], "{{ d.number }}")
    name = cell_text(row.cells[1], "{{ d.title }}")
    name.add_run("{{ ' (' ~ d.note ~ ')' if d.title and d.note else d.note }}").italic = True
    tag_row(attachments, 2, "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if case.proposal %}")
    para(doc, "{{ case.proposal_heading }}", "Heading 3")
    blocks(doc, "case.proposal")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def build_agenda() -> bytes:
    doc = new_document("Innkalling og dagsorden")
    agenda_styles(doc)
    page_setup(doc, "{{ council.code }} · {{ meeting.label }} · {{ meeting.date }}",
               "{{ secretariat }}", "Innkalling og dagsorden{{ ' – offentlig versjon' if public else '' }}")
    # The full variant holding exempt material says so on every page but the cover.
    header_note(doc, "confidential", EXEMPT_HEADER)
    cover_page(doc, "{{ secretariat }}")

    # Cover.
    para(doc, "Møte i {{ council.code }}", "Title").paragraph_format.space_before = Pt(120)
    para(doc, "{{ council.name }}", "Subtitle")
    para(doc, "{{ meeting.label }}", "Forside", bold=True)
    para(doc, "{{ meeting.date }} kl. {{ meeting.start }}", "Forside")
    optional_para(doc, "meeting.extraordinary", "Ekstramøte", "Forside")
    optional_para(doc, "meeting.location", "Sted: {{ meeting.location }}", "Forside")
    optional_para(doc, "meeting.video_url", "Videolenke: {{ meeting.video_url }}", "Forside")
    tag(doc, "{%p if public %}")
    para(doc, "Offentlig versjon: saker unntatt offentlighet vises bare med offentlig tittel.",
         "Merknad").paragraph_format.space_before = Pt(12)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if confidential %}")
    para(doc, "{{ confidential }}", "Utfall").paragraph_format.space_before = Pt(12)
    tag(doc, "{%p endif %}")
    para(doc, "{{ secretariat }}", "Forside avsender")

    # Members and observers.
    heading = para(doc, "Medlemmer og observatører i {{ council.code }}", "Heading 1")
    heading.paragraph_format.page_break_before = True
    heading.paragraph_format.space_before = Pt(0)
    people_table(doc, "members")
    tag(doc, "{%p if observers %}")
    para(doc, "{{ observer_heading }}", "Heading 3")
    people_table(doc, "observers")
    tag(doc, "{%p endif %}")

    # The agenda table.
    heading = para(doc, "Dagsorden", "Heading 1")
    heading.paragraph_format.page_break_before = True
    heading.paragraph_format.space_before = Pt(0)
    agenda_table(doc)

    case_sections(doc)
    doc.add_paragraph()  # a document ends with a paragraph, not a table
    return save(doc)
