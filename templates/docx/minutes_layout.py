"""The minutes (referat)."""
from docx_kit import (  # the template building blocks
    HEADER_FILL,
    Cm,
    Pt,
    blocks,
    cell_text,
    new_document,
    no_split,
    optional_para,
    page_setup,
    para,
    save,
    shade,
    table,
    tag,
    tag_row,
)

FACT_WIDTHS = [Cm(3.6), Cm(13.0)]
ACTION_WIDTHS = [Cm(9.0), Cm(4.4), Cm(3.2)]
PRESENT_WIDTHS = [Cm(7.0), Cm(9.6)]
OPEN_WIDTHS = [Cm(6.4), Cm(1.7), Cm(3.7), Cm(2.6), Cm(2.2)]


def fact_row(tbl, index: int, label: str, value: str, *, bold: bool = False) -> None:
    row = tbl.rows[index]
    no_split(row)
    shade(row.cells[0], HEADER_FILL)
    cell_text(row.cells[0], label, bold=True)
    cell_text(row.cells[1], value, bold=bold)


def build_minutes() -> bytes:
    doc = new_document("Referat")
    # A case heading keeps with its info line, and a sub-heading with what follows it.
    doc.styles["Saksinfo"].paragraph_format.keep_with_next = True
    page_setup(doc, "Referat {{ council.code }} · {{ meeting.label }} · {{ meeting.date }}",
               "{{ secretariat }}", "{{ status }}{{ ' – offentlig versjon' if public else '' }}")

    para(doc, "Referat fra møte i {{ council.code }}", "Title")
    para(doc, "{{ council.name }}", "Subtitle")
    facts = table(doc, FACT_WIDTHS, None, 10)
    fact_row(facts, 0, "Møte", "{{ meeting.label }}{{ ' (ekstramøte)' if meeting.extraordinary else '' }}")
    fact_row(facts, 1, "Dato", "{{ meeting.date }}")
    fact_row(facts, 2, "Tid", "kl. {{ meeting.time }}")
    tag_row(facts, 3, "{%tr if meeting.location %}")
    fact_row(facts, 4, "Sted", "{{ meeting.location }}")
    tag_row(facts, 5, "{%tr endif %}")
    tag_row(facts, 6, "{%tr if meeting.video_url %}")
    fact_row(facts, 7, "Videolenke", "{{ meeting.video_url }}")
    tag_row(facts, 8, "{%tr endif %}")
    fact_row(facts, 9, "Status", "{{ status }}", bold=True)
    tag(doc, "{%p if status_detail %}")
    para(doc, "{{ status_detail }}", "Merknad").paragraph_format.space_before = Pt(4)
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if confidential %}")
    para(doc, "{{ confidential }}", "Utfall").paragraph_format.space_before = Pt(4)
    tag(doc, "{%p endif %}")

    para(doc, "Oppmøte", "Heading 1")
    optional_para(doc, "not attendance_recorded", "Oppmøtet er ikke registrert.", "Merknad")
    para(doc, "Medlemmer til stede", "Heading 3")
    present = table(doc, PRESENT_WIDTHS, ["Navn", "Aktør"], 6)
    tag_row(present, 1, "{%tr for m in present %}")
    row = present.rows[2]
    no_split(row)
    cell_text(row.cells[0], "{{ m.name }}")
    cell_text(row.cells[1], "{{ m.organisation }}")
    tag_row(present, 3, "{%tr endfor %}")
    tag_row(present, 4, "{%tr if not present %}")
    no_split(present.rows[5])
    cell_text(present.rows[5].cells[0], "Ingen")
    tag_row(present, 6, "{%tr endif %}")
    para(doc).paragraph_format.space_after = Pt(2)
    people = table(doc, FACT_WIDTHS, None, 3)
    tag_row(people, 0, "{%tr for a in attendance %}")
    fact_row(people, 1, "{{ a.label }}", "{{ a.names }}")
    tag_row(people, 2, "{%tr endfor %}")

    para(doc, "Saker", "Heading 1")
    tag(doc, "{%p for item in items %}")
    heading = doc.add_paragraph(style="Sakstittel")
    heading.add_run("{{ item.heading }}")
    heading.add_run("\t")
    heading.add_run("{{ item.title }}")
    tag(doc, "{%p if item.item_type or item.presenter %}")
    para(doc, "{{ 'Innretning: ' + item.item_type if item.item_type else '' }}"
              "{{ ' · ' if item.item_type and item.presenter else '' }}"
              "{{ 'Presenterer saken: ' + item.presenter if item.presenter else '' }}", "Saksinfo")
    tag(doc, "{%p endif %}")
    optional_para(doc, "item.note", "{{ item.note }}", "Merknad")
    optional_para(doc, "item.outcome", "{{ item.outcome }}", "Utfall")
    tag(doc, "{%p if item.discussion %}")
    para(doc, "Drøftinger", "Heading 3")
    tag(doc, "{%p for text in item.discussion %}")
    para(doc, "{{ text }}")
    tag(doc, "{%p endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if item.decision %}")
    para(doc, "Vedtak:", "Heading 3")
    blocks(doc, "item.decision")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p if item.actions %}")
    para(doc, "Oppfølgingspunkter", "Heading 3")
    actions = table(doc, ACTION_WIDTHS, ["Oppfølgingspunkt", "Ansvarlig", "Frist"], 3)
    tag_row(actions, 1, "{%tr for a in item.actions %}")
    row = actions.rows[2]
    no_split(row)
    for cell, key in zip(row.cells, ("description", "owner", "due"), strict=True):
        cell_text(cell, "{{ a." + key + " }}")
    tag_row(actions, 3, "{%tr endfor %}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")
    optional_para(doc, "not items", "Ingen saker er registrert.", "Merknad")

    para(doc, "Åpne oppfølgingspunkter", "Heading 1")
    para(doc, "Oppfølgingspunkter fra dette og tidligere møter som ikke er fullført.", "Saksinfo")
    tag(doc, "{%p if open_actions %}")
    listed = table(doc, OPEN_WIDTHS, ["Oppfølgingspunkt", "Sak", "Ansvarlig", "Frist", "Status"], 3)
    tag_row(listed, 1, "{%tr for a in open_actions %}")
    row = listed.rows[2]
    no_split(row)
    for cell, key in zip(row.cells[:4], ("description", "case", "owner", "due"), strict=True):
        cell_text(cell, "{{ a." + key + " }}")
    cell_text(row.cells[4], "{{ a.status }}{{ ' (nytt)' if a.new else '' }}")
    tag_row(listed, 3, "{%tr endfor %}")
    tag(doc, "{%p else %}")
    para(doc, "Ingen åpne oppfølgingspunkter.", "Merknad")
    tag(doc, "{%p endif %}")
    end_paragraph(doc)
    return save(doc)


def end_paragraph(doc) -> None:
    """A document ends with a paragraph, not a table: a tiny one, so that it never makes a
    near-empty last page of its own."""
    last = para(doc)
    fmt = last.paragraph_format
    fmt.space_before = fmt.space_after = Pt(0)
    fmt.line_spacing = Pt(1)
    last.add_run("").font.size = Pt(1)


# --- saving ---------------------------------------------------------------------------------------
