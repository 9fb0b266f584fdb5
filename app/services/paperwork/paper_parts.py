"""What the agenda and the minutes documents share: clean text, proposal blocks, meeting and
council facts, the exempt warning. The module docstring of papers.py lists the context keys."""
import re

from app.formatting import clock, join_names, long_date
from app.models import (
    Council,
    Meeting,
    MeetingKind,
)

KINDS = ("agenda", "minutes")
KIND_LABELS = {"agenda": "innkallingen", "minutes": "referatet"}
DEFAULT_PROPOSAL_HEADING = "Forslag til vedtak"
WITHDRAWN_TEXT = "Saken er trukket."
# Characters XML 1.0 does not allow, and the ones docxtpl would turn into paragraph and page
# breaks (\a, \f): pasted text sometimes carries them.
_BAD_CHARS = re.compile("[\x00-\x08\x0b-\x0c\x0e-\x1f\ufffe\uffff]")


# --- small helpers ---------------------------------------------------------------------------

def _clean(value: str | None) -> str:
    return _BAD_CHARS.sub("", value) if value else ""


def _paragraphs(text: str | None) -> list[str]:
    """Paragraphs separated by a blank line; a single line break stays a line break."""
    if not text:
        return []
    text = _clean(text).replace("\r\n", "\n")
    return [p.strip() for p in re.split(r"\n\s*\n", text) if p.strip()]


def _input_summary(row: dict) -> list[str]:
    """The summary of the members' input, as the last paragraph of the discussion ("Innspill: …");
    none in versions frozen before there was one."""
    summary = row.get("input_summary")
    return [f"Innspill: {_clean(summary)}"] if summary else []


def _body_blocks(content: dict) -> list[dict]:
    if content.get("points"):
        return [{"kind": "point", "number": f"{n}.", "text": _clean(point)}
                for n, point in enumerate(content["points"], 1)]
    return [{"kind": "text", "number": "", "text": p} for p in _paragraphs(content.get("text"))]


def proposal_blocks(body: dict | None) -> list[dict]:
    """A proposal or decision ({"text"} | {"points"} | {"parts"}) as blocks for the template:
    parts become a sub-heading "1. …" followed by the part's paragraphs or points."""
    if not body:
        return []
    if body.get("parts"):
        blocks = []
        for n, part in enumerate(body["parts"], 1):
            heading = _clean(part.get("heading"))
            blocks.append({"kind": "part", "number": f"{n}.",
                           "text": f"{n}. {heading}" if heading else f"{n}."})
            blocks.extend(_body_blocks(part))
        return blocks
    return _body_blocks(body)


def _meeting_facts(meeting: Meeting) -> dict:
    return {
        "label": meeting.label, "number": f"{meeting.number}/{meeting.year % 100:02d}",
        "date": long_date(meeting.date), "start": clock(meeting.start_time),
        "location": _clean(meeting.location), "video_url": _clean(meeting.video_url),
        "extraordinary": meeting.kind == MeetingKind.EXTRAORDINARY,
    }


def _council_facts(council: Council) -> dict:
    return {"code": council.code, "name": _clean(council.name)}


def _secretariat(council: Council) -> str:
    return _clean(council.secretariat.name) if council.secretariat else ""


def _case_heading(number: str) -> str:
    return f"Sak {number}" if number else "Sak"


def _confidential(public: bool, numbers: list[str]) -> str:
    """The full variant's warning on its first page when it holds exempt material."""
    if public or not numbers:
        return ""
    cases = join_names([n for n in numbers if n])
    return ("Dokumentet inneholder opplysninger som er unntatt offentlighet"
            + (f" (sak {cases})." if cases else "."))
