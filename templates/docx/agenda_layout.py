"""The agenda (innkalling og dagsorden): cover, agenda table, a section per case."""
from docx_kit import (  # the template building blocks
    AGENDA_WIDTHS,
    BREAK_FILL,
    Pt,
    blocks,
    cell_paragraph,
    cell_text,
    new_document,
    no_split,
    page_setup,
    para,
    people_table,
    save,
    shade,
    table,
    tag,
    tag_row,
)


def build_agenda() -> bytes:
    doc = new_document("Innkalling og dagsorden")
    page_setup(doc, "{{ council.code }} · {{ meeting.label }} · {{ meeting.date }}",
               "{{ secretariat }}", "Innkalling og dagsorden{{ ' – offentlig versjon' if public else '' }}")

    # Cover.
    para(doc, "Møte i {{ council.code }}", "Title").paragraph_format.space_before = Pt(120)
    para(doc, "{{ council.name }}", "Subtitle")
    para(doc, "{{ meeting.label }}", "Forside", bold=True)
    para(doc, "{{ meeting.date }} kl. {{ meeting.start }}", "Forside")
    tag(doc, "{%p if meeting.extraordinary %}")
    para(doc, "Ekstramøte", "Forside")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if meeting.location %}")
    para(doc, "Sted: {{ meeting.location }}", "Forside")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if meeting.video_url %}")
    para(doc, "Videolenke: {{ meeting.video_url }}", "Forside")
    tag(doc, "{%p endif %}")
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
    cell_text(presenter, "{%p if row.postponed %}")
    cell_paragraph(presenter, "{{ row.postponed }}", bold=True)
    cell_paragraph(presenter, "{%p else %}")
    cell_paragraph(presenter, "{{ row.presenter }}")
    cell_paragraph(presenter, "{%p endif %}")
    cell_text(start, "{{ row.start }}")
    tag_row(tbl, 6, "{%tr endif %}")
    tag_row(tbl, 7, "{%tr endfor %}")

    # One section per case.
    tag(doc, "{%p for case in cases %}")
    number = para(doc, "{{ case.heading }}", "Heading 1")
    number.paragraph_format.page_break_before = True
    number.paragraph_format.space_before = Pt(0)
    para(doc, "{{ case.title }}", "Heading 2").paragraph_format.space_before = Pt(0)
    tag(doc, "{%p if case.info %}")
    para(doc, "{{ case.info }}", "Saksinfo")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if case.note %}")
    para(doc, "{{ case.note }}", "Utfall")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p for text in case.text %}")
    para(doc, "{{ text }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p if case.documents %}")
    para(doc, "Vedlegg", "Heading 3")
    tag(doc, "{%p for d in case.documents %}")
    para(doc, "{{ d }}", "List Bullet")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if case.proposal %}")
    para(doc, "{{ case.proposal_heading }}", "Heading 3")
    blocks(doc, "case.proposal")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    doc.add_paragraph()  # a document ends with a paragraph, not a table
    return save(doc)


# --- the minutes (referat) -------------------------------------------------------------------
