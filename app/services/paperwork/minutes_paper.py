"""The minutes (referat) as a docxtpl context: see papers.py for the keys."""
from datetime import date

from app import disclosure
from app.formatting import long_date
from app.models import (
    ItemOutcome,
    ItemPurpose,
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
from app.services.planning.agenda import item_number, time_span
from app.services.proceedings import conflicts, followup

# The attendance table below the members present: (group, label, always printed).
ATTENDANCE_LABELS = [
    ("absent", "Forfall", True), ("substitutes", "Vara", True),
    ("observers", "Observatører", True), ("observers_absent", "Observatører med forfall", False),
    ("secretariat", "Fra sekretariatet", True), ("others", "Andre til stede", False),
]
NOBODY = "Ingen"
NOTHING_RAISED = "Ingen saker"


def _names(rows: list[dict], group: str, public: bool) -> str:
    names = []
    for row in rows:
        name = _clean(row["name"])
        if group == "substitutes" and row.get("for"):
            name += f" (for {_clean(row['for'])})"
        elif group in ("absent", "observers_absent") and row.get("reason") and not public:
            name += f" ({_clean(row['reason'])})"
        names.append(name)
    return ", ".join(names)


def _attendance(content: dict, public: bool) -> tuple[list[dict], list[dict]]:
    """The members present ({name, organisation}) and the other groups ({label, names}): forfall,
    vara, observers, the secretariat, chair and referent always, "Ingen" where nobody."""
    groups = content["attendance"]
    present = [{"name": _clean(row["name"]), "organisation": _clean(row.get("organisation"))}
               for row in groups.get("present", [])]
    rows = [{"label": label, "names": _names(groups.get(key, []), key, public) or NOBODY}
            for key, label, always in ATTENDANCE_LABELS if always or groups.get(key)]
    for label, name in (("Møteleder", content["chair"]), ("Referent", content["minute_taker"])):
        rows.append({"label": label, "names": _clean(name) or NOBODY})
    return present, rows


def _shows_outcome(row: dict, outcome: str) -> bool:
    """The outcome line unless the decision already says it (a decision or "tatt til orientering"
    with the decision text that says so)."""
    if not outcome:
        return False
    return not (row["decision"] and row["outcome"] in (ItemOutcome.DECIDED, ItemOutcome.INFORMATION))


def _open_actions(meeting: Meeting, reader) -> list[dict]:
    """The council's open follow-up actions from this meeting and earlier ones, with their
    status; an action the reader may not see (disclosure.action_view) is left out."""
    found = []
    for action in followup.open_actions(meeting.council_id):
        if action.item.meeting.date > meeting.date or not disclosure.action_view(action, reader).visible:
            continue
        found.append({
            "description": _clean(action.description),
            "case": item_number(action.item, meeting.council.case_number_format),
            "owner": _clean(action.owner_label), "due": _clean(action.due_text),
            "status": followup.STATUS_LABELS[action.status],
            "new": action.item.meeting_id == meeting.id,
        })
    return found


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
    present, attendance = _attendance(content, public)
    items = []
    reader = disclosure.PUBLIC if public else disclosure.FULL_ACCESS
    shown = disclosure.item_views(loaded.items, reader)
    for row in content["items"]:
        view = shown[row["item_id"]]
        hidden = view.hidden
        outcome = _outcome(row, loaded.date)
        entry = {
            "number": row["number"], "heading": _case_heading(row["number"]),
            "title": _clean(view.title), "item_type": _clean(row["item_type"]),
            "presenter": _clean(row.get("presenter")), "note": _clean(view.note),
            "outcome": outcome if _shows_outcome(row, outcome) else "",
            "discussion": [] if hidden else [
                _clean(conflicts.withdrawn_text(name, row["number"])) for name in row.get("conflicts", [])
            ] + _paragraphs(row["discussion"]) + _input_summary(row),
            "decision": [] if hidden else proposal_blocks(row["decision"]),
            "actions": [] if hidden else [
                {"description": _clean(a["description"]), "owner": _clean(a["owner"]),
                 "due": _clean(a["due"])} for a in row["actions"]],
        }
        raised = entry["outcome"] or entry["discussion"] or entry["decision"] or entry["actions"]
        if row.get("purpose") == ItemPurpose.ANY_OTHER_BUSINESS and not raised and not hidden:
            entry["outcome"] = NOTHING_RAISED
        items.append(entry)
    record = loaded.minutes
    status = minutes_service.approval_text(record) if record is not None else "Utkast"
    detail = ""
    if record is not None and record.status == MinutesStatus.COMMENTS and record.comment_deadline:
        detail = ("Sendt til medlemmene for kommentarer, frist "
                  f"{long_date(record.comment_deadline)}.")
    return {
        "doc_title": f"Referat, {council.code} {loaded.label.lower()} ({long_date(loaded.date)})",
        "public": public, "secretariat": _secretariat(council), "council": _council_facts(council),
        "meeting": _meeting_facts(loaded) | {"time": time_span(loaded)}, "status": status, "status_detail": detail,
        "confidential": _confidential(public, [r["number"] for r in content["items"]
                                               if shown[r["item_id"]].exempt]),
        "attendance_recorded": bool(loaded.attendance), "present": present,
        "attendance": attendance, "items": items,
        "open_actions": _open_actions(loaded, reader),
    }
