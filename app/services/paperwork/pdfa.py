"""PDF/A-2b for a PDF put together with pypdf (the meeting book).

pypdf's merge keeps the pages (with their embedded fonts) but not the PDF/A identification of the
LibreOffice files it came from. ``make_archival`` gives the merged file back what PDF/A-2b asks of
the document as a whole: XMP metadata with ``pdfaid:part`` 2 and ``pdfaid:conformance`` B that
agrees with the document information dictionary, and an output intent (``/GTS_PDFA1``) with an ICC
profile. The profile is the sRGB one LibreOffice embeds in its own PDF/A export (the agenda's), so
no ICC file is needed on the server.

What the pages hold is the sources' business: the agenda is LibreOffice's PDF/A-2b, office
attachments come from LibreOffice (fonts embedded), and ``fonts_not_embedded`` finds an uploaded
PDF that must go through LibreOffice first (app/services/paperwork/pdf.py).
"""
from datetime import datetime
from xml.sax.saxutils import escape

from pypdf import PdfReader, PdfWriter
from pypdf.generic import (
    ArrayObject,
    DecodedStreamObject,
    DictionaryObject,
    NameObject,
    NumberObject,
    StreamObject,
)

FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def _resolve(value):
    return value.get_object() if value is not None and hasattr(value, "get_object") else value


def _fonts_of(resources, seen: set[int]):
    """Every font dictionary reachable from ``resources``: its /Font entries and those of its form
    XObjects, Type3 fonts' own resources and patterns, each resource dictionary once."""
    resources = _resolve(resources)
    if not isinstance(resources, DictionaryObject) or id(resources) in seen:
        return
    seen.add(id(resources))
    for font in (_resolve(resources.get("/Font")) or {}).values():
        font = _resolve(font)
        if isinstance(font, DictionaryObject):
            yield font
            if font.get("/Subtype") == "/Type3":
                yield from _fonts_of(font.get("/Resources"), seen)
    for kind in ("/XObject", "/Pattern"):
        for child in (_resolve(resources.get(kind)) or {}).values():
            child = _resolve(child)
            if isinstance(child, DictionaryObject):
                yield from _fonts_of(child.get("/Resources"), seen)


def page_fonts(reader: PdfReader):
    """(page index, font dictionary) for every font the pages use."""
    seen: set[int] = set()
    for index, page in enumerate(reader.pages):
        for font in _fonts_of(page.get("/Resources"), seen):
            yield index, font
        for annotation in _resolve(page.get("/Annots")) or []:
            appearance = _resolve(_resolve(annotation).get("/AP")) or {}
            for state in appearance.values():
                state = _resolve(state)
                streams = state.values() if not isinstance(state, StreamObject) else [state]
                for stream in streams:
                    stream = _resolve(stream)
                    if isinstance(stream, DictionaryObject):
                        for font in _fonts_of(stream.get("/Resources"), seen):
                            yield index, font


def _embedded(font: DictionaryObject) -> bool:
    if font.get("/Subtype") == "/Type3":
        return True  # its glyphs are content streams in the file itself
    if font.get("/Subtype") == "/Type0":
        descendants = _resolve(font.get("/DescendantFonts")) or []
        return bool(descendants) and all(_embedded(_resolve(d)) for d in descendants)
    descriptor = _resolve(font.get("/FontDescriptor"))
    return isinstance(descriptor, DictionaryObject) and any(key in descriptor for key in FONT_FILES)


def fonts_not_embedded(reader: PdfReader) -> list[str]:
    """The names of the fonts the pages use without carrying them (PDF/A needs every font in the
    file), each once."""
    names: list[str] = []
    for _, font in page_fonts(reader):
        name = str(font.get("/BaseFont", "?")).lstrip("/")
        if not _embedded(font) and name not in names:
            names.append(name)
    return names


# Actions and annotations PDF/A-2 does not allow (ISO 19005-2, 6.5 and 6.6): an uploaded PDF may
# carry them on its pages, which pypdf copies into the book.
FORBIDDEN_ACTIONS = {"/Launch", "/Sound", "/Movie", "/ResetForm", "/ImportData", "/Hide",
                     "/SetOCGState", "/Rendition", "/Trans", "/GoTo3DView", "/JavaScript"}
FORBIDDEN_ANNOTATIONS = {"/Sound", "/Movie", "/Screen", "/3D", "/RichMedia", "/FileAttachment"}
PRINT_FLAG = 4


def strip_forbidden(writer: PdfWriter) -> None:
    """Remove from every page what PDF/A-2 forbids: additional actions (/AA), forbidden actions
    on annotations, multimedia and file attachment annotations; every annotation is printed and
    visible (/F 4), as PDF/A asks."""
    for page in writer.pages:
        page.pop("/AA", None)
        annotations = _resolve(page.get("/Annots"))
        if not annotations:
            continue
        kept = []
        for reference in annotations:
            annotation = _resolve(reference)
            if not isinstance(annotation, DictionaryObject):
                continue
            if annotation.get("/Subtype") in FORBIDDEN_ANNOTATIONS:
                continue
            annotation.pop("/AA", None)
            action = _resolve(annotation.get("/A"))
            if isinstance(action, DictionaryObject) and action.get("/S") in FORBIDDEN_ACTIONS:
                del annotation["/A"]
            if annotation.get("/Subtype") != "/Popup":
                annotation[NameObject("/F")] = NumberObject(PRINT_FLAG)
            kept.append(reference)
        page[NameObject("/Annots")] = ArrayObject(kept)


def _xmp(title: str, producer: str, created: datetime) -> bytes:
    stamp = created.isoformat(timespec="seconds")
    title = escape(title)
    packet = f"""<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>
<x:xmpmeta xmlns:x="adobe:ns:meta/">
 <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">
  <rdf:Description rdf:about="" xmlns:pdfaid="http://www.aiim.org/pdfa/ns/id/">
   <pdfaid:part>2</pdfaid:part>
   <pdfaid:conformance>B</pdfaid:conformance>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">
   <dc:format>application/pdf</dc:format>
   <dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt></dc:title>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:pdf="http://ns.adobe.com/pdf/1.3/">
   <pdf:Producer>{escape(producer)}</pdf:Producer>
  </rdf:Description>
  <rdf:Description rdf:about="" xmlns:xmp="http://ns.adobe.com/xap/1.0/">
   <xmp:CreateDate>{stamp}</xmp:CreateDate>
   <xmp:ModifyDate>{stamp}</xmp:ModifyDate>
   <xmp:MetadataDate>{stamp}</xmp:MetadataDate>
  </rdf:Description>
 </rdf:RDF>
</x:xmpmeta>
<?xpacket end="w"?>"""
    return packet.encode("utf-8")


def _pdf_date(moment: datetime) -> str:
    """D:YYYYMMDDHHmmSS+HH'mm' (the same moment as the XMP dates)."""
    offset = moment.strftime("%z") or "+0000"
    return f"D:{moment.strftime('%Y%m%d%H%M%S')}{offset[0]}{offset[1:3]}'{offset[3:5]}'"


def make_archival(writer: PdfWriter, profile_source: PdfReader, *, title: str, producer: str,
                  created: datetime) -> None:
    """Make ``writer`` (pages already added) a PDF/A-2b file: the output intent copied from
    ``profile_source`` (a LibreOffice PDF/A file), XMP identification and matching document
    information, and no forbidden actions or annotations (``strip_forbidden``). Raises ValueError
    when ``profile_source`` has no output intent."""
    strip_forbidden(writer)
    intents = _resolve(profile_source.trailer["/Root"].get("/OutputIntents"))
    if not intents:
        raise ValueError("the profile source has no output intent")
    writer._root_object[NameObject("/OutputIntents")] = intents.clone(writer)
    metadata = DecodedStreamObject()
    metadata.set_data(_xmp(title, producer, created))
    metadata.update({NameObject("/Type"): NameObject("/Metadata"),
                     NameObject("/Subtype"): NameObject("/XML")})
    writer._root_object[NameObject("/Metadata")] = writer._add_object(metadata)
    stamp = _pdf_date(created)
    writer.add_metadata({"/Title": title, "/Producer": producer, "/CreationDate": stamp,
                         "/ModDate": stamp})
    writer.pdf_header = b"%PDF-1.7"
    writer.generate_file_identifiers()  # PDF/A needs /ID in the trailer
