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
  ``rows`` (the agenda table: {is_break, number, title, subitems, item_type, presenter (names
  and organisation in one line), presenter_names, presenter_organisation, start, postponed,
  note}) and ``cases`` ({number, heading, title, info, note, subitems, text (paragraphs),
  new_page, documents (lines), attachments ({number "2022/123-4", title, note}),
  proposal_heading, proposal (blocks)}).
  ``new_page`` is true when the case text is long (agenda_paper.LONG_TEXT_*): the built-in
  template starts such a case, and the first case, on a new page and lets the others follow one
  another; a council that wants every case on its own page sets "page break before" on the case
  heading in its own template and ignores the flag.
minutes: ``doc_title``, ``public``, ``confidential``, ``secretariat``, ``council``, ``meeting``
  (as above, plus ``time``: "09:00–15:00", the start and the agenda's planned end),
  ``status`` ("Utkast" or "Godkjent i møte 4/22, sak 33/22"), ``status_detail``,
  ``attendance_recorded`` (False before anyone is on the list), ``present`` (the members present:
  {name, organisation}), ``attendance`` ({label, names}: Forfall, Vara ("X (for Y)"),
  Observatører, Fra sekretariatet, Møteleder, Referent always, "Ingen" where nobody; Observatører
  med forfall and Andre til stede when someone), ``items`` ({number, heading, title, item_type,
  presenter, note, outcome ("" when the decision says it; "Ingen saker" under an empty
  Eventuelt), discussion (paragraphs), decision (blocks), actions ({description, owner, due})})
  and ``open_actions`` (the council's open follow-up actions from this and earlier meetings:
  {description, case, owner, due, status, new}).
A proposal or decision is a list of blocks {kind: "part" | "point" | "text", number, text}.

Public variants (``public=True``) are made for ``disclosure.PUBLIC``, full variants for
``disclosure.FULL_ACCESS`` (app/disclosure.py decides what each gets): of an exempt case only its
number, public title, legal basis, type and presenters; the title, case text, documents, proposal,
decision, discussion and follow-up actions never reach the context, so they cannot reach the file.
An exempt document of a public case is listed by its number and legal basis only, never its name;
the full variant names it, marked with its legal basis.

The rendered file's document properties carry its title, the council, the time it was made
(UTC) and the language nb-NO (docx_render.render_bytes), not the template's.

Templates are rendered in Jinja's sandbox (an uploaded template is untrusted input) with
StrictUndefined, so a misspelt key is an error at upload (``check_template``), not an empty field.
"""

from flask_babel import lazy_gettext as _l
from jinja2 import TemplateError
from lxml import etree

from app import disclosure
from app.models import (
    Meeting,
)
from app.services import ServiceError
from app.services.paperwork import docx_render, paper_templates
from app.services.paperwork.agenda_paper import agenda_context  # noqa: F401  (papers.agenda_context)
from app.services.paperwork.minutes_paper import minutes_context  # noqa: F401
from app.services.paperwork.paper_parts import (
    DEFAULT_PROPOSAL_HEADING,
    KIND_LABELS,
    KINDS,
)

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
               "item_type": "Drøfting", "presenter": "Kari Nordmann Etaten",
               "presenter_names": "Kari Nordmann", "presenter_organisation": "Etaten",
               "start": "08:30", "postponed": "", "note": disclosure.exempt_note("offl. § 15")}
        return base | {
            "members": [person], "observers": [person], "observer_heading": "Observatør",
            "rows": [row, row | {"postponed": "Saken er utsatt til møtet 14. september",
                                 "start": "", "note": ""},
                     {"is_break": True, "number": "", "title": "Pause", "subitems": [],
                      "item_type": "", "presenter": "", "presenter_names": "",
                      "presenter_organisation": "", "start": "09:50", "postponed": "",
                      "note": ""}],
            "cases": [{"number": "1/22", "heading": "Sak 1/22", "title": "Sak",
                       "info": "Drøfting · Start kl. 08:30", "note": "Merknad",
                       "subitems": ["Underpunkt"], "text": ["Saksframstilling."],
                       "new_page": True, "documents": ["vedlegg.pdf"],
                       "attachments": [{"number": "2022/1-1", "title": "vedlegg.pdf",
                                        "note": disclosure.exempt_note("offl. § 14")}],
                       "proposal_heading": DEFAULT_PROPOSAL_HEADING, "proposal": blocks}],
        }
    if kind == "minutes":
        return base | {
            "meeting": base["meeting"] | {"time": "08:30–15:00"},
            "status": "Utkast", "status_detail": "Sendt til medlemmene for kommentarer.",
            "attendance_recorded": True,
            "present": [{"name": "Kari Nordmann", "organisation": "Etaten"}],
            "attendance": [{"label": "Forfall", "names": "Ola Nordmann"},
                           {"label": "Vara", "names": "Per Vara (for Ola Nordmann)"}],
            "open_actions": [{"description": "Følges opp.", "case": "1/22", "owner": "Etaten",
                              "due": "30. juni 2022", "status": "Åpen", "new": True}],
            "items": [{"number": "1/22", "heading": "Sak 1/22", "title": "Sak",
                       "item_type": "Drøfting", "presenter": "Kari Nordmann Etaten",
                       "note": "Merknad", "outcome": "Tatt til orientering",
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

