"""Small helpers for writing the package's XML as a stream (lxml.etree.xmlfile), never as one tree."""
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from pathlib import Path

from lxml import etree


@contextmanager
def document(path: Path, namespace: str, root: str, *, schema_location: str | None = None,
             extra_nsmap: dict | None = None) -> Iterator["Writer"]:
    """Open ``path`` and its root element ``root`` in ``namespace`` (the default namespace)."""
    nsmap = {None: namespace} | (extra_nsmap or {})
    attributes = {}
    if schema_location:
        xsi = "http://www.w3.org/2001/XMLSchema-instance"
        nsmap["xsi"] = xsi
        attributes[f"{{{xsi}}}schemaLocation"] = f"{namespace} {schema_location}"
    with etree.xmlfile(str(path), encoding="utf-8") as xf:
        xf.write_declaration()
        with xf.element(f"{{{namespace}}}{root}", attributes, nsmap=nsmap):
            yield Writer(xf, namespace)


class Writer:
    def __init__(self, xf, namespace: str):
        self.xf = xf
        self.ns = namespace

    def element(self, name: str, attributes: dict | None = None):
        """A container element: ``with w.element("journalpost"): ...``."""
        return self.xf.element(f"{{{self.ns}}}{name}", attributes or {})

    def leaf(self, name: str, value, attributes: dict | None = None) -> None:
        """A text element; left out when the value is None or empty (no empty elements)."""
        text = text_of(value)
        if text == "":
            return
        with self.xf.element(f"{{{self.ns}}}{name}", attributes or {}):
            self.xf.write(text)

    def flush(self) -> None:
        self.xf.flush()


def text_of(value) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, date):
        return value.isoformat()
    return str(value).strip()
