"""The minutes (referat) as a docxtpl context: see papers.py for the keys."""
from datetime import date

from app import disclosure
from app.formatting import long_date
from app.models import (
    ItemOutcome,
    ItemStatus,
    Meeting,
    MinutesStatus,
)
from app.services.paperwork.paper_parts import (
    WITHDRAWN_TEXT,
    _case_heading,
    _clean,
    _confidential,
    _council_facts,
    _input_summary,
    _meeting_facts,
    _paragraphs,
    _secretariat,
    proposal_blocks,
)
from app.services.proceedings import conflicts

ATTENDANCE_LABELS = [
    ("present", "Til stede"), ("absent", "Forfall"), ("substitutes", "Varamedlemmer"),
    ("observers", "Observatører"), ("observers_absent", "Observatører med forfall"),
    ("secretariat", "Fra sekretariatet"), ("others", "Andre til stede"),
]


def _names(rows: list[dict], group: str, public: bool) -> str:
    names = []
    for row in rows:
        name = _clean(row["name"])
        if group == "substitutes" and row.get("for"):
            name += f" (møtte for {_clean(row['for'])})"
        elif group in ("absent", "observers_absent") and row.get("reason") and not public:
            name += f" ({_clean(row['reason'])})"
        names.append(name)
    return ", ".join(names)


def _outcome(row: dict, meeting_day: date) -> str:
    postponed = date.fromisoformat(row["postponed_to"]) if row.get("postponed_to") else None
    if (row["outcome"] == ItemOutcome.POSTPONED or row["status"] == ItemStatus.POSTPONED) and postponed:
        return "Saken er utsatt til møtet " + long_date(
            postponed, with_year=postponed.year != meeting_day.year)
    if row["outcome"] == ItemOutcome.SENT_ON and row.get("sent_on_to"):
        return f"Sendt videre til {row['sent_on_to']}"
    if row["outcome"] == ItemOutcome.INFORMATION:
        return "Tatt til orientering"
    if row["outcome"] == ItemOutcome.WITHDRAWN or row["status"] == ItemStatus.WITHDRAWN:
        return WITHDRAWN_TEXT
    return ""


def minutes_context(meeting: Meeting, public: bool) -> dict:
    from app.services.proceedings import minutes as minutes_service

    loaded = minutes_service.load_meeting(meeting.id)
    council = loaded.council
    content = minutes_service.snapshot(loaded)
    groups = content["attendance"]
    attendance = [{"label": label, "names": _names(groups[key], key, public)}
                  for key, label in ATTENDANCE_LABELS if groups.get(key)]
    for label, name in (("Møteleder", content["chair"]), ("Referent", content["minute_taker"])):
        if name:
            attendance.append({"label": label, "names": _clean(name)})
    items = []
    reader = disclosure.PUBLIC if public else disclosure.FULL_ACCESS
    shown = disclosure.item_views(loaded.items, reader)
    for row in content["items"]:
        view = shown[row["item_id"]]
        hidden = view.hidden
        items.append({
            "number": row["number"], "heading": _case_heading(row["number"]),
            "title": _clean(view.title), "item_type": _clean(row["item_type"]),
            "note": _clean(view.note),
            "outcome": _outcome(row, loaded.date),
            "discussion": [] if hidden else [
                _clean(conflicts.withdrawn_text(name, row["number"])) for name in row.get("conflicts", [])
            ] + _paragraphs(row["discussion"]) + _input_summary(row),
            "decision": [] if hidden else proposal_blocks(row["decision"]),
            "actions": [] if hidden else [
                {"description": _clean(a["description"]), "owner": _clean(a["owner"]),
                 "due": _clean(a["due"])} for a in row["actions"]],
        })
    record = loaded.minutes
    status = minutes_service.approval_text(record) if record is not None else "Utkast"
    detail = ""
    if record is not None and record.status == MinutesStatus.COMMENTS and record.comment_deadline:
        detail = ("Sendt til medlemmene for kommentarer, frist "
                  f"{long_date(record.comment_deadline)}.")
    return {
        "doc_title": f"Referat, {council.code} {loaded.label.lower()} ({long_date(loaded.date)})",
        "public": public, "secretariat": _secretariat(council), "council": _council_facts(council),
        "meeting": _meeting_facts(loaded), "status": status, "status_detail": detail,
        "confidential": _confidential(public, [r["number"] for r in content["items"]
                                               if shown[r["item_id"]].exempt]),
        "attendance": attendance, "items": items,
    }
