"""Filling a Word template with docxtpl in a sandboxed Jinja environment (templates are uploaded),
and a template error in words a secretary can act on."""
import io
import threading
from collections import OrderedDict
from datetime import UTC
from functools import lru_cache

from docxtpl import DocxTemplate
from flask_babel import lazy_gettext as _l
from jinja2 import StrictUndefined, TemplateSyntaxError
from jinja2.sandbox import SandboxedEnvironment
from lxml import etree

from app.services import ServiceError
from app.services.core import clock


class _Environment(SandboxedEnvironment):
    """Jinja's sandbox, remembering the last few compiled templates: the same Word template is
    compiled once, not on every render."""

    CACHE_SIZE = 16

    def __init__(self):
        super().__init__(autoescape=True, undefined=StrictUndefined)
        self._compiled: OrderedDict[str, object] = OrderedDict()
        self._lock = threading.Lock()

    def from_string(self, source, globals=None, template_class=None):
        if globals is not None or template_class is not None:
            return super().from_string(source, globals, template_class)
        with self._lock:
            compiled = self._compiled.get(source)
            if compiled is not None:
                self._compiled.move_to_end(source)
                return compiled
        compiled = super().from_string(source)  # a syntax error raises here and is not cached
        with self._lock:
            self._compiled[source] = compiled
            while len(self._compiled) > self.CACHE_SIZE:
                self._compiled.popitem(last=False)
        return compiled


_ENV = _Environment()


@lru_cache(maxsize=32)
def _patched(xml: str) -> str:
    return DocxTemplate.patch_xml(None, xml)  # a pure function of the XML (it reads no state)


class _Template(DocxTemplate):
    """docxtpl's template, cleaning ("patching") each part's XML once per distinct template part
    instead of on every render: an archive export renders hundreds of papers from one template."""

    def patch_xml(self, src_xml):
        return _patched(src_xml)


def render_bytes(template: bytes, context: dict, *, strict_xml: bool = False) -> bytes:
    try:
        doc = _Template(io.BytesIO(template))
        doc.init_docx()
    except Exception:  # python-docx raises several kinds for a file that is not a .docx
        raise ServiceError(_l("Filen er ikke et Word-dokument (.docx). Lagre malen i Word som "
                              "«Word-dokument (*.docx)», ikke som Word-mal (.dotx).")) from None
    if strict_xml:
        # docxtpl reads its output back leniently (lxml's recover mode) and would silently drop
        # what a misplaced tag broke; the check at upload reads it strictly.
        doc.render_init()
        etree.fromstring(doc.build_xml(context, _ENV).encode("utf-8"))
    doc.render(context, _ENV, autoescape=True)
    props = doc.docx.core_properties
    props.title = context["doc_title"]
    props.subject = f"{context['council']['name']} ({context['council']['code']})"
    # The file's own dates are when it was made (not the template's), in UTC as core.xml wants.
    made = clock.now().astimezone(UTC).replace(tzinfo=None, microsecond=0)
    props.created = props.modified = made
    props.language = "nb-NO"
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def template_problem(exc: Exception) -> str:
    """The template error in words a secretary can act on: Jinja's message and the text near it."""
    if isinstance(exc, etree.XMLSyntaxError):
        return ("taggene gir ugyldig Word-innhold (sjekk at hver {%p …%}, {%tr …%} og {%r …%} "
                f"står i sitt eget avsnitt, egen tabellrad eller eget tekstløp): {exc}")
    message = getattr(exc, "message", None) or str(exc)
    text = f"{type(exc).__name__}: {message}"
    # docxtpl keeps the template's text around the failing line (one line per Word paragraph,
    # tags stripped): lines lineno-4 … lineno+2, so the failing paragraph is the fourth.
    lines = [line.strip() for line in getattr(exc, "docx_context", None) or []]
    lineno = getattr(exc, "lineno", None) or 1
    at = min(3, lineno - 1)
    near = next((lines[n] for n in (at, at - 1, at + 1) if 0 <= n < len(lines) and lines[n]), "")
    if near:
        text += f" (i avsnittet «{near[:160]}»)"
    elif isinstance(exc, TemplateSyntaxError) and exc.lineno:
        text += f" (linje {exc.lineno} i malens XML)"
    return text
