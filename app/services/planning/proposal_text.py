"""Decision proposals as the editor's plain text, and back.

- text:   paragraphs separated by a blank line
- points: one numbered point per line
- parts:  a line starting with "# " starts a part (its heading); the lines after it are the part's
          text (paragraphs separated by a blank line)
"""
from flask_babel import lazy_gettext as _l

from app.services import ServiceError

KINDS = ("text", "points", "parts")


def parse(kind: str, source: str) -> dict | None:
    source = (source or "").replace("\r\n", "\n").strip()
    if not source:
        return None
    if kind == "text":
        return {"text": _paragraphs(source)}
    if kind == "points":
        return {"points": [line.strip() for line in source.split("\n") if line.strip()]}
    if kind == "parts":
        parts, current = [], None
        for line in source.split("\n"):
            if line.startswith("# "):
                current = {"heading": line[2:].strip(), "lines": []}
                parts.append(current)
            elif current is None:
                if line.strip():
                    raise ServiceError(_l("Når forslaget har deler, må første linje være en "
                                          "overskrift som begynner med «# »."))
            else:
                current["lines"].append(line)
        result = []
        for part in parts:
            text = _paragraphs("\n".join(part["lines"]))
            if not text:
                raise ServiceError(_l("Delen «%(heading)s» mangler tekst.", heading=part['heading']))
            result.append({"heading": part["heading"], "text": text})
        return {"parts": result}
    raise ServiceError(_l("Ukjent form på forslaget: %(kind)s.", kind=kind))


def _paragraphs(source: str) -> str:
    blocks = [" ".join(line.strip() for line in block.split("\n") if line.strip())
              for block in source.strip().split("\n\n")]
    return "\n\n".join(b for b in blocks if b)


def kind_of(body: dict | None) -> str:
    return next(iter(body)) if body else "text"


def to_source(body: dict | None) -> str:
    if not body:
        return ""
    if "text" in body:
        return body["text"]
    if "points" in body:
        return "\n".join(body["points"])
    lines = []
    for part in body["parts"]:
        lines.append(f"# {part['heading']}")
        lines.append(part.get("text") or "\n".join(part.get("points", [])))
        lines.append("")
    return "\n".join(lines).strip()
