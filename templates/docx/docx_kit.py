"""The building blocks of the built-in Word templates: styles, tables, tags, page setup and a
reproducible save. The layouts are agenda_layout.py and minutes_layout.py; build.py writes the files.

Layout: A4, Arial (LibreOffice uses the metric-compatible Liberation Sans), headings in dark
blue, tables with a shaded header row that repeats on every page, "Side X av Y" in the footer.
Word compatibility mode 15 (Word opens the files in normal mode), Norwegian bokmål by default.
"""
import io
import zipfile
from datetime import datetime
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_TAB_ALIGNMENT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

HERE = Path(__file__).resolve().parent
FONT = "Arial"
NAVY = RGBColor(0x1B, 0x3A, 0x5C)
GREY = RGBColor(0x59, 0x59, 0x59)
HEADER_FILL = "DCE6F0"  # the tables' header row
BREAK_FILL = "F2F2F2"  # breaks (Pause, Lunsj) in the agenda table
BORDER = "A6A6A6"
WARNING = RGBColor(0xA8, 0x1C, 0x1C)  # the exempt warning in the header
PAGE_WIDTH, PAGE_HEIGHT = Cm(21.0), Cm(29.7)
MARGIN_SIDE = Cm(2.2)
TEXT_WIDTH = PAGE_WIDTH - 2 * MARGIN_SIDE  # 16.6 cm
FIXED_DATE = datetime(2022, 1, 1, 12, 0, 0)


# --- styles -------------------------------------------------------------------------------------

def _clear(style, tag: str) -> None:
    for child in style.element.findall(qn(tag)):
        style.element.remove(child)


def _fonts(rpr_owner) -> None:
    """Arial for every script, no theme fonts (a theme font would win over the named one)."""
    rpr = rpr_owner.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for key in list(fonts.attrib):
        del fonts.attrib[key]
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)


def paragraph_style(doc, name: str, *, base: str | None = "Normal", size: float | None = None,
                    bold: bool | None = None, italic: bool | None = None, color=None,
                    before: float | None = None, after: float | None = None,
                    keep_next: bool | None = None, align=None, left: float | None = None,
                    hanging: float | None = None, tab: float | None = None,
                    page_break_before: bool | None = None):
    """Create or reset a paragraph style: its character formatting is replaced as a whole, its
    paragraph formatting keeps what Word needs (outline level, numbering of list styles)."""
    styles = doc.styles
    try:
        style = styles[name]
    except KeyError:
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.quick_style = True
    if base is not None and style.name != base:
        style.base_style = styles[base]
    _clear(style, "w:rPr")
    ppr = style.element.get_or_add_pPr()
    for tag in ("w:pBdr", "w:contextualSpacing"):
        for child in ppr.findall(qn(tag)):
            ppr.remove(child)
    if name == "Subtitle":
        for child in ppr.findall(qn("w:numPr")):
            ppr.remove(child)
    font = style.font
    _fonts(style.element)
    if size is not None:
        font.size = Pt(size)
    font.bold = bold
    font.italic = italic
    if color is not None:
        font.color.rgb = color
    fmt = style.paragraph_format
    if before is not None:
        fmt.space_before = Pt(before)
    if after is not None:
        fmt.space_after = Pt(after)
    if keep_next is not None:
        fmt.keep_with_next = keep_next
    if align is not None:
        fmt.alignment = align
    if left is not None:
        fmt.left_indent = Cm(left)
    if hanging is not None:
        fmt.first_line_indent = Cm(-hanging)
    if tab is not None:
        fmt.tab_stops.add_tab_stop(Cm(tab))
    if page_break_before is not None:
        fmt.page_break_before = page_break_before
    return style


def base_styles(doc) -> None:
    # Document defaults: Arial 10.5 pt, Norwegian bokmål (spelling, hyphenation).
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    for child in list(rpr):
        rpr.remove(child)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    rpr.append(fonts)
    for tag, val in (("w:sz", "21"), ("w:szCs", "21")):
        el = OxmlElement(tag)
        el.set(qn("w:val"), val)
        rpr.append(el)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "nb-NO")
    lang.set(qn("w:eastAsia"), "nb-NO")
    lang.set(qn("w:bidi"), "ar-SA")
    rpr.append(lang)

    normal = paragraph_style(doc, "Normal", base=None, size=10.5, before=0, after=6)
    normal.paragraph_format.line_spacing = 1.15
    paragraph_style(doc, "Title", size=28, bold=True, color=NAVY, before=0, after=6)
    paragraph_style(doc, "Subtitle", size=15, color=GREY, before=0, after=18)
    paragraph_style(doc, "Heading 1", size=16, bold=True, color=NAVY, before=18, after=8,
                    keep_next=True)
    paragraph_style(doc, "Heading 2", size=13, bold=True, color=NAVY, before=14, after=4,
                    keep_next=True)
    paragraph_style(doc, "Heading 3", size=11, bold=True, color=NAVY, before=10, after=3,
                    keep_next=True)
    paragraph_style(doc, "Heading 4", size=10.5, bold=True, color=GREY, before=8, after=2,
                    keep_next=True)
    paragraph_style(doc, "List Bullet", after=3)
    paragraph_style(doc, "Header", size=9, color=GREY, after=0)
    paragraph_style(doc, "Footer", size=8.5, color=GREY, after=0)
    for name in ("Header", "Footer"):
        tabs = doc.styles[name].element.pPr.find(qn("w:tabs"))
        if tabs is not None:
            doc.styles[name].element.pPr.remove(tabs)
        doc.styles[name].paragraph_format.tab_stops.add_tab_stop(TEXT_WIDTH, WD_TAB_ALIGNMENT.RIGHT)
    # Own styles (names in Norwegian, as the secretary sees them in Word's style list).
    paragraph_style(doc, "Forside", size=14, color=NAVY, after=4)
    paragraph_style(doc, "Forside avsender", size=16, bold=True, color=NAVY, before=150, after=0)
    paragraph_style(doc, "Saksinfo", size=9.5, color=GREY, after=8)
    paragraph_style(doc, "Merknad", italic=True, color=GREY, after=6)
    paragraph_style(doc, "Utfall", bold=True, after=6)
    paragraph_style(doc, "Vedtakspunkt", left=0.75, hanging=0.75, tab=0.75, after=4)
    paragraph_style(doc, "Tabelltekst", size=9.5, before=1, after=1)
    doc.styles["Tabelltekst"].paragraph_format.line_spacing = 1.0
    paragraph_style(doc, "Tabellpunkt", base="Tabelltekst", size=9, color=GREY, left=0.35,
                    hanging=0.35, tab=0.35)
    paragraph_style(doc, "Sakstittel", base="Heading 2", size=13, bold=True, color=NAVY,
                    before=16, after=4, keep_next=True, left=2.4, hanging=2.4, tab=2.4)


# --- tables -------------------------------------------------------------------------------------

def _el(tag: str, **attrs) -> OxmlElement:
    el = OxmlElement(tag)
    for key, value in attrs.items():
        el.set(qn(f"w:{key}"), str(value))
    return el


def table(doc, widths: list[Cm], header: list[str] | None, rows: int):
    """A table with fixed column widths, thin grey borders and a shaded header row that repeats on
    each page (formatting is direct, so it looks the same in Word and LibreOffice; a secretary
    restyles it by editing the template's table)."""
    count = rows + (1 if header else 0)
    tbl = doc.add_table(rows=count, cols=len(widths))
    tbl_pr = tbl._tbl.tblPr
    for child in list(tbl_pr):
        tbl_pr.remove(child)
    # In the order the schema wants them.
    tbl_pr.append(_el("w:tblW", w=int(sum(widths) / 635), type="dxa"))
    tbl_pr.append(_el("w:jc", val="left"))
    borders = _el("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        borders.append(_el(f"w:{side}", val="single", sz=4, space=0, color=BORDER))
    tbl_pr.append(borders)
    tbl_pr.append(_el("w:tblLayout", type="fixed"))
    margins = _el("w:tblCellMar")
    for side, value in (("top", 40), ("left", 85), ("bottom", 40), ("right", 85)):
        margins.append(_el(f"w:{side}", w=value, type="dxa"))
    tbl_pr.append(margins)
    tbl_pr.append(_el("w:tblLook", val="04A0", firstRow=1, lastRow=0, firstColumn=0, lastColumn=0,
                      noHBand=1, noVBand=1))
    for col, width in zip(tbl.columns, widths, strict=True):
        col.width = width
    for row in tbl.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = width
            cell.paragraphs[0].style = doc.styles["Tabelltekst"]
    if header:
        head = tbl.rows[0]
        tr_pr = head._tr.get_or_add_trPr()
        tr_pr.append(_el("w:cantSplit"))
        tr_pr.append(_el("w:tblHeader"))
        for cell, text in zip(head.cells, header, strict=True):
            shade(cell, HEADER_FILL)
            run = cell.paragraphs[0].add_run(text)
            run.bold = True
            run.font.color.rgb = NAVY
    return tbl


def shade(cell, fill: str) -> None:
    cell._tc.get_or_add_tcPr().append(_el("w:shd", val="clear", color="auto", fill=fill))


def no_split(row) -> None:
    row._tr.get_or_add_trPr().append(_el("w:cantSplit"))


def tag_row(tbl, index: int, tag: str) -> None:
    """A row holding only a docxtpl row tag ({%tr … %}); the whole row is replaced by the tag."""
    tbl.rows[index].cells[0].paragraphs[0].add_run(tag)


def cell_text(cell, text: str, *, bold: bool = False, style: str | None = None):
    paragraph = cell.paragraphs[0]
    if style:
        paragraph.style = style
    run = paragraph.add_run(text)
    run.bold = bold or None
    return paragraph


def cell_paragraph(cell, text: str, *, bold: bool = False, style: str = "Tabelltekst"):
    paragraph = cell.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold or None
    return paragraph


# --- text helpers -------------------------------------------------------------------------------

def para(doc, text: str = "", style: str | None = None, *, bold: bool = False):
    paragraph = doc.add_paragraph(style=style)
    if text:
        run = paragraph.add_run(text)
        run.bold = bold or None
    return paragraph


def optional_para(doc, condition: str, text: str, style: str | None = None) -> None:
    """A paragraph printed only when the Jinja ``condition`` holds ({%p if %} … {%p endif %})."""
    tag(doc, "{%p if " + condition + " %}")
    para(doc, text, style)
    tag(doc, "{%p endif %}")


def tag(doc, text: str):
    """A paragraph holding only a docxtpl paragraph tag ({%p … %}): it disappears when rendered."""
    return doc.add_paragraph(text)


def blocks(doc, var: str) -> None:
    """A decision proposal or decision: ``var`` is a list of blocks {kind, number, text}: "part"
    (a sub-heading "1. …"), "point" (a numbered point) or "text" (a paragraph)."""
    tag(doc, "{%p for b in " + var + " %}")
    tag(doc, '{%p if b.kind == "part" %}')
    para(doc, "{{ b.text }}", "Heading 4")
    tag(doc, '{%p elif b.kind == "point" %}')
    point = doc.add_paragraph(style="Vedtakspunkt")
    point.add_run("{{ b.number }}")
    point.add_run("\t")
    point.add_run("{{ b.text }}")
    tag(doc, "{%p else %}")
    para(doc, "{{ b.text }}")
    tag(doc, "{%p endif %}")
    tag(doc, "{%p endfor %}")


def field(paragraph, instruction: str) -> None:
    """A Word field (PAGE, NUMPAGES) as fldChar runs; "1" shows until the field is updated."""
    def run_with(child):
        run = paragraph.add_run()
        run._r.append(child)
        return run

    run_with(_el("w:fldChar", fldCharType="begin"))
    instr = OxmlElement("w:instrText")
    instr.set(qn("xml:space"), "preserve")
    instr.text = f" {instruction} "
    run_with(instr)
    run_with(_el("w:fldChar", fldCharType="separate"))
    paragraph.add_run("1")
    run_with(_el("w:fldChar", fldCharType="end"))


def page_setup(doc, header_left: str, header_right: str, footer_left: str) -> None:
    section = doc.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = PAGE_WIDTH, PAGE_HEIGHT
    section.left_margin = section.right_margin = MARGIN_SIDE
    section.top_margin, section.bottom_margin = Cm(2.4), Cm(2.2)
    section.header_distance, section.footer_distance = Cm(1.1), Cm(1.0)
    header = section.header.paragraphs[0]
    header.style = doc.styles["Header"]
    header.add_run(header_left)
    header.add_run("\t")
    right = header.add_run(header_right)
    right.bold = True
    right.font.color.rgb = NAVY
    footer = section.footer.paragraphs[0]
    footer.style = doc.styles["Footer"]
    footer.add_run(footer_left)
    footer.add_run("\t")
    footer.add_run("Side ")
    field(footer, "PAGE")
    footer.add_run(" av ")
    field(footer, "NUMPAGES")


def cover_page(doc, sender: str) -> None:
    """A first page (the cover) without the running header and footer: its header holds only
    the sender, in the place where a council's own template puts its logo and address."""
    paragraph_style(doc, "Avsender", size=13, bold=True, color=NAVY, after=0)
    section = doc.sections[0]
    section.different_first_page_header_footer = True
    header = section.first_page_header
    header.is_linked_to_previous = False
    paragraph = header.paragraphs[0]
    paragraph.style = doc.styles["Avsender"]
    paragraph.add_run(sender)
    footer = section.first_page_footer
    footer.is_linked_to_previous = False
    footer.paragraphs[0].style = doc.styles["Footer"]


def header_note(doc, condition: str, text: str) -> None:
    """A second line in the running header, shown only when ``condition`` holds when rendered."""
    header = doc.sections[0].header
    header.add_paragraph("{%p if " + condition + " %}")
    note = header.add_paragraph(style="Header")
    run = note.add_run(text)
    run.bold = True
    run.font.color.rgb = WARNING
    header.add_paragraph("{%p endif %}")


def new_document(title: str):
    doc = Document()
    base_styles(doc)
    # The built-in template's thumbnail and sample text are not ours.
    body = doc.element.body
    for child in list(body):
        if child.tag != qn("w:sectPr"):
            body.remove(child)
    package = doc.part.package
    for rel_id, rel in list(package.rels.items()):
        if rel.reltype.endswith("/thumbnail"):
            package.rels.pop(rel_id)
    # python-docx's default template carries ~140 table styles (350 kB) and a Word 2010 copy of
    # the styles; dropping them makes every render faster. "Table Grid" stays for the secretary.
    for style in list(doc.styles.element.findall(qn("w:style"))):
        if style.get(qn("w:type")) == "table" and style.get(qn("w:styleId")) not in (
                "TableNormal", "TableGrid"):
            doc.styles.element.remove(style)
    for rel_id, rel in list(doc.part.rels.items()):
        if rel.reltype.endswith(("/stylesWithEffects", "/customXml")):
            doc.part.rels.pop(rel_id)
    settings = doc.settings.element
    for tag_name, value in (("w:decimalSymbol", ","), ("w:listSeparator", ";")):
        element = settings.find(qn(tag_name))
        if element is not None:
            element.set(qn("w:val"), value)
    theme_lang = settings.find(qn("w:themeFontLang"))
    if theme_lang is not None:
        theme_lang.set(qn("w:val"), "nb-NO")
    # Word 2013 and later (mode 15): Word opens the papers in normal mode, not compatibility mode.
    for setting in settings.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    props = doc.core_properties
    props.title = title
    props.author = "Møtebok"
    props.last_modified_by = "Møtebok"
    props.comments = ""
    props.keywords = ""
    props.subject = ""
    props.revision = 1
    props.created = props.modified = FIXED_DATE
    return doc


# --- the agenda (innkalling og dagsorden) ------------------------------------------------------

AGENDA_WIDTHS = [Cm(1.5), Cm(6.6), Cm(2.4), Cm(4.6), Cm(1.5)]
PEOPLE_WIDTHS = [Cm(5.4), Cm(6.2), Cm(5.0)]


def people_table(doc, var: str) -> None:
    tbl = table(doc, PEOPLE_WIDTHS, ["Navn", "Tittel", "Aktør"], 3)
    tag_row(tbl, 1, "{%tr for m in " + var + " %}")
    row = tbl.rows[2]
    no_split(row)
    for cell, key in zip(row.cells, ("name", "title", "organisation"), strict=True):
        cell_text(cell, "{{ m." + key + " }}")
    tag_row(tbl, 3, "{%tr endfor %}")


def save(doc) -> bytes:
    """The .docx with fixed ZIP timestamps and entry order, so a rebuild changes no bytes."""
    raw = io.BytesIO()
    doc.save(raw)
    out = io.BytesIO()
    with zipfile.ZipFile(raw) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=(2022, 1, 1, 0, 0, 0))
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            dst.writestr(fixed, src.read(info.filename))
    return out.getvalue()
