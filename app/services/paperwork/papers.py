"""The meeting papers as Word documents: the agenda (innkalling og dagsorden) and the minutes
(referat), written from .docx templates with docxtpl (Jinja tags inside a Word document).

The layout lives in the template (templates/docx/agenda.docx and minutes.docx, built by
templates/docx/build.py, or a council's own uploaded copy, see paper_templates.template_for); the
data comes from ``agenda_context`` / ``minutes_context`` as plain dicts, lists and strings, so
a secretary who restyles a template in Word can use the same keys:

agenda: ``doc_title``, ``public``, ``confidential`` (the full variant's warning when it holds
  exempt material, else ""), ``secretariat``, ``council`` {code, name}, ``meeting`` {label,
  number, date, start, location, video_url, extraordinary}, ``members`` and ``observers`` (each
  {name, title, organisation}; "(leder)" is part of the leader's name), ``observer_heading``,
  ``rows`` (the agenda table: {is_break, number, title, subitems, item_type, presenter, start,
  postponed, note}) and ``cases`` ({number, heading, title, info, note, text (paragraphs),
  documents (lines), proposal_heading, proposal (blocks)}).
minutes: ``doc_title``, ``public``, ``confidential``, ``secretariat``, ``council``, ``meeting``,
  ``status`` ("Utkast" or "Godkjent i møte 4/22, sak 33/22"), ``status_detail``, ``attendance``
  ({label, names}) and ``items`` ({number, heading, title, item_type, note, outcome, discussion
  (paragraphs), decision (blocks), actions ({description, owner, due})}).
A proposal or decision is a list of blocks {kind: "part" | "point" | "text", number, text}.

Public variants (``public=True``) are made for ``disclosure.PUBLIC``, full variants for
``disclosure.FULL_ACCESS`` (app/disclosure.py decides what each gets): of an exempt case only its
number, public title, legal basis, type and presenters; the title, case text, documents, proposal,
decision, discussion and follow-up actions never reach the context, so they cannot reach the file.
An exempt document of a public case is listed by its number and legal basis only, never its name;
the full variant names it, marked with its legal basis.

Templates are rendered in Jinja's sandbox (an uploaded template is untrusted input) with
StrictUndefined, so a misspelt key is an error at upload (``check_template``), not an empty field.
"""
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from jinja2 import TemplateError
from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import disclosure
from app.extensions import db
from app.formatting import clock, join_names, long_date
from app.models import (
    CaseDocument,
    Council,
    ItemOutcome,
    ItemStatus,
    Meeting,
    MeetingKind,
    MembershipRole,
    MinutesStatus,
)
from app.services import ServiceError
from app.services.paperwork import docx_render, paper_templates
from app.services.planning import agenda
from app.services.proceedings import conflicts
from app.services.registry import councils

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


# --- the agenda ------------------------------------------------------------------------------

def _people(meeting: Meeting) -> tuple[list[dict], list[dict]]:
    """Members and observers on the meeting day, leader first (as the council's page lists them)."""
    current = councils.split_memberships(councils.council_memberships(meeting.council),
                                         meeting.date)["current"]

    def person(m) -> dict:
        org = m.organisation or m.person.organisation
        suffix = f" ({m.role})" if m.role in (MembershipRole.LEADER, MembershipRole.DEPUTY_LEADER,
                                              MembershipRole.SUBSTITUTE) else ""
        return {"name": _clean(m.person.name) + suffix, "title": _clean(m.person.title),
                "organisation": _clean(org.name) if org else ""}

    members = [person(m) for m in current
               if m.role not in (MembershipRole.OBSERVER, MembershipRole.SECRETARIAT)]
    observers = [person(m) for m in current if m.role == MembershipRole.OBSERVER]
    return members, observers


def _documents(case_ids: set[int], reader) -> dict[int, list[disclosure.DocumentShown]]:
    """Each case's attached documents as ``reader`` gets them (one query for the whole agenda)."""
    if not case_ids:
        return {}
    found: dict[int, list[disclosure.DocumentShown]] = {}
    documents = db.session.scalars(
        select(CaseDocument).where(CaseDocument.case_id.in_(case_ids))
        .options(joinedload(CaseDocument.case))
        .order_by(CaseDocument.case_id, CaseDocument.number))
    for shown in disclosure.document_views(documents, reader):
        found.setdefault(shown.document.case_id, []).append(shown)
    return found


def agenda_context(meeting: Meeting, public: bool) -> dict:
    loaded = agenda.load_meeting(meeting.id)
    council = loaded.council
    reader = disclosure.PUBLIC if public else disclosure.FULL_ACCESS
    rows = agenda.agenda_rows(loaded, viewer=reader)
    items = {i.id: i for i in loaded.items}
    # agenda_rows already hides what the reader may not see; asked again so nothing depends on that
    shown = disclosure.item_views(loaded.items, reader)
    documents = _documents({items[r.item_id].case_id for r in rows
                            if not r.is_break and not shown[r.item_id].hidden
                            and items[r.item_id].case_id is not None}, reader)
    members, observers = _people(loaded)
    table, cases = [], []
    for row in rows:
        start = clock(row.start) if not row.postponed and not row.withdrawn else ""
        if row.is_break:
            table.append({"is_break": True, "number": "", "title": _clean(row.title),
                          "subitems": [], "item_type": "", "presenter": "", "start": start,
                          "postponed": "", "note": ""})
            continue
        case = items[row.item_id].case
        view = shown[row.item_id]
        is_hidden = view.hidden
        title = _clean(view.title) if is_hidden else _clean(row.title)
        exempt_note = _clean(view.note)
        notes = [n for n in (exempt_note, WITHDRAWN_TEXT if row.withdrawn else "") if n]
        table.append({
            "is_break": False, "number": row.number, "title": title,
            "subitems": [] if is_hidden else [_clean(s) for s in row.subitems],
            "item_type": _clean(row.item_type), "presenter": _clean(row.presenter),
            "start": start, "postponed": row.postponed, "note": " ".join(notes),
        })
        info = [_clean(row.item_type)]
        if row.presenter and not row.postponed:
            info.append(f"Presenterer saken: {_clean(row.presenter)}")
        if start:
            info.append(f"Start kl. {start}")
        case_notes = [n for n in (exempt_note, row.postponed,
                                  WITHDRAWN_TEXT if row.withdrawn else "") if n]
        cases.append({
            "number": row.number, "heading": _case_heading(row.number), "title": title,
            "info": " · ".join(i for i in info if i), "note": " · ".join(case_notes),
            "text": [] if is_hidden or case is None else _paragraphs(case.description),
            "documents": [] if is_hidden or case is None
            else [_clean(d.line) for d in documents.get(case.id, [])],
            "proposal_heading": DEFAULT_PROPOSAL_HEADING if is_hidden
            else _clean(row.proposal_heading) or DEFAULT_PROPOSAL_HEADING,
            "proposal": [] if is_hidden else proposal_blocks(row.proposal_body),
        })
    return {
        "doc_title": f"Innkalling og dagsorden, {council.code} {loaded.label.lower()} "
                     f"({long_date(loaded.date)})",
        "public": public, "secretariat": _secretariat(council), "council": _council_facts(council),
        "meeting": _meeting_facts(loaded), "members": members, "observers": observers,
        "observer_heading": "Observatør" if len(observers) == 1 else "Observatører",
        "confidential": _confidential(public, [
            r.number for r in rows if not r.is_break and (
                shown[r.item_id].exempt
                or any(d.exempt for d in documents.get(items[r.item_id].case_id, [])))]),
        "rows": table, "cases": cases,
    }


# --- the minutes -----------------------------------------------------------------------------

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


# --- rendering (app/services/paperwork/docx_render.py) ------------------------------------------

def render(meeting: Meeting, kind: str, public: bool, template: bytes | None = None) -> bytes:
    """The agenda or minutes of ``meeting`` as .docx bytes, from ``template`` (default: the
    council's template, see paper_templates.template_for)."""
    if kind not in KINDS:
        raise ServiceError(_l("Ukjent dokumenttype «%(kind)s».", kind=kind))
    if template is None:
        template, _uploaded = paper_templates.template_for(meeting.council, kind)
    context = agenda_context(meeting, public) if kind == "agenda" else minutes_context(meeting, public)
    try:
        return docx_render.render_bytes(template, context)
    except (TemplateError, etree.XMLSyntaxError) as exc:
        raise ServiceError(_l("Malen for %(kind)s kan ikke brukes: %(template_problem)s",
                              kind=KIND_LABELS[kind], template_problem=docx_render.template_problem(exc))) from None


# --- checking a template at upload -------------------------------------------------------------

def sample_context(kind: str, public: bool = False) -> dict:
    """Invented data that takes every branch of the built-in templates (breaks, sub-items, a
    postponed and an exempt case, each kind of proposal block, attendance, actions)."""
    blocks = [{"kind": "part", "number": "1.", "text": "1. Første del"},
              {"kind": "text", "number": "", "text": "Utvalget anbefaler forslaget."},
              {"kind": "point", "number": "1.", "text": "Første punkt."}]
    base = {
        "doc_title": "Prøvedokument", "public": public, "secretariat": "Sekretariatet",
        "confidential": "Dokumentet inneholder opplysninger som er unntatt offentlighet (sak 1/22).",
        "council": {"code": "UTV", "name": "Prøveutvalget"},
        "meeting": {"label": "Møte 1/22", "number": "1/22", "date": "19. mai 2022",
                    "start": "08:30", "location": "Møterom 1", "video_url": "https://example.no/m",
                    "extraordinary": True},
    }
    if kind == "agenda":
        person = {"name": "Kari Nordmann (leder)", "title": "Direktør", "organisation": "Etaten"}
        row = {"is_break": False, "number": "1/22", "title": "Sak", "subitems": ["Underpunkt"],
               "item_type": "Drøfting", "presenter": "Kari Nordmann Etaten", "start": "08:30",
               "postponed": "", "note": disclosure.exempt_note("offl. § 15")}
        return base | {
            "members": [person], "observers": [person], "observer_heading": "Observatør",
            "rows": [row, row | {"postponed": "Saken er utsatt til møtet 14. september",
                                 "start": "", "note": ""},
                     {"is_break": True, "number": "", "title": "Pause", "subitems": [],
                      "item_type": "", "presenter": "", "start": "09:50", "postponed": "",
                      "note": ""}],
            "cases": [{"number": "1/22", "heading": "Sak 1/22", "title": "Sak",
                       "info": "Drøfting · Start kl. 08:30", "note": "Merknad",
                       "text": ["Saksframstilling."], "documents": ["vedlegg.pdf"],
                       "proposal_heading": DEFAULT_PROPOSAL_HEADING, "proposal": blocks}],
        }
    if kind == "minutes":
        return base | {
            "status": "Utkast", "status_detail": "Sendt til medlemmene for kommentarer.",
            "attendance": [{"label": "Til stede", "names": "Kari Nordmann, Ola Nordmann"}],
            "items": [{"number": "1/22", "heading": "Sak 1/22", "title": "Sak",
                       "item_type": "Drøfting", "note": "Merknad", "outcome": "Tatt til orientering",
                       "discussion": ["Medlemmene drøftet saken."], "decision": blocks,
                       "actions": [{"description": "Følges opp.", "owner": "Etaten",
                                    "due": "30. juni 2022"}]}],
        }
    raise ServiceError(_l("Ukjent dokumenttype «%(kind)s».", kind=kind))


def check_template(kind: str, data: bytes) -> None:
    """Render ``data`` (an uploaded .docx template) with invented data, as the agenda or the
    minutes; raises ServiceError naming the problem (Jinja's message and where) if it fails."""
    if kind not in KINDS:
        raise ServiceError(_l("Ukjent dokumenttype «%(kind)s».", kind=kind))
    if not data:
        raise ServiceError(_l("Filen er tom."))
    for public in (False, True):
        try:
            docx_render.render_bytes(data, sample_context(kind, public), strict_xml=True)
        except ServiceError:
            raise
        except Exception as exc:  # any failure of an uploaded template is a refusal, never a 500
            raise ServiceError(_l("Malen for %(kind)s kan ikke brukes: %(template_problem)s",
                                  kind=KIND_LABELS[kind], template_problem=docx_render.template_problem(exc))) from None

