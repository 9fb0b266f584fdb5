"""How a change of the audit trail reads on the history pages: the field's Norwegian name and the
values as a secretary writes them (dates as "7. september 2022", Ja/Nei, a proposal's text),
instead of the column names and stored forms the trail keeps."""
import json
from datetime import date, datetime

from flask_babel import lazy_gettext as _l

from app.i18n import localized_date, localized_datetime
from app.models.case import CASE_FIELDS
from app.services.planning import proposal_text

_COMMON = {
    "title": _l("Tittel"), "status": _l("Status"), "position": _l("Plassering"),
    "created_at": _l("Opprettet"), "version": None, "id": None,
}
FIELD_LABELS = {
    "Case": {f.name: _l(f.label) for f in CASE_FIELDS} | {
        "file_year": _l("Saksår"), "file_seq": _l("Sekvensnummer"), "exempt_since": None,
        "submitted_by_organisation_id": _l("Innsendt av virksomhet"),
        "submitted_by_person_id": _l("Innsendt av person")},
    "CaseDocument": {
        "original_name": _l("Filnavn"), "number": _l("Dokumentnummer"), "exempt": _l("Unntatt offentlighet"),
        "legal_basis": _l("Hjemmel"), "content_type": _l("Filtype"), "size_bytes": _l("Størrelse (byte)"),
        "sha256": _l("Sjekksum (SHA-256)"), "stored_name": None, "uploaded_at": _l("Lastet opp"),
        "uploaded_by_id": None, "case_id": None, "exempt_since": None},
    "Meeting": {
        "date": _l("Dato"), "start_time": _l("Starttid"), "location": _l("Sted"),
        "video_url": _l("Videolenke"), "kind": _l("Møtetype"), "cancel_reason": _l("Grunn for avlysning"),
        "notice_issued_at": _l("Innkalling sendt"), "number": _l("Møtenummer"), "year": _l("År"),
        "chair_id": _l("Møteleder"), "minute_taker_id": _l("Referent"), "calendar_sequence": None,
        "council_id": None, "notice_issued_by_id": None},
    "AgendaItem": {
        "item_type": _l("Innretning"), "duration_minutes": _l("Varighet (minutter)"),
        "pinned_start": _l("Fast starttid"), "subitems": _l("Underpunkter"),
        "proposal_heading": _l("Overskrift for forslaget"), "proposal_body": _l("Forslag til vedtak"),
        "decision_body": _l("Vedtak"), "discussion": _l("Drøftinger"), "outcome": _l("Utfall"),
        "postponed_to_date": _l("Utsatt til"), "input_requested": _l("Ber om innspill"),
        "input_deadline": _l("Frist for innspill"), "input_summary": _l("Oppsummering av innspill"),
        "changed_after_issue": _l("Endret etter innkallingen"), "case_year": _l("Møtesaksår"),
        "case_seq": _l("Møtesaksnummer"), "presenting_organisation_id": _l("Presenterende virksomhet"),
        "case_id": _l("Sak"), "kind": None, "purpose": None, "council_id": None, "meeting_id": _l("Møte"),
        "sent_on_council_id": _l("Sendt videre til"), "postponed_to_meeting_id": _l("Utsatt til møte")},
    "Attendance": {
        "status": _l("Oppmøte"), "absence_reason": _l("Grunn for forfall"),
        "reported_in_advance": _l("Meldt på forhånd"), "role": _l("Rolle"), "name": _l("Navn"),
        "person_id": _l("Person"), "substitute_for_id": _l("Møtte for"), "meeting_id": None},
    "ItemInput": {"body": _l("Innspill"), "person_id": _l("Person"), "updated_at": _l("Sist lagret"),
                  "item_id": None, "created_by_id": None},
    "ConflictDeclaration": {"reason": _l("Grunn"), "person_id": _l("Person"), "item_id": None,
                            "created_by_id": None},
    "MinutesComment": {"text": _l("Kommentar"), "author_name": _l("Skrevet av"),
                       "resolution": _l("Svar fra sekretariatet"), "resolved_at": _l("Behandlet"),
                       "item_id": None, "minutes_id": None, "author_id": None, "resolved_by_id": None},
    "Minutes": {
        "comment_deadline": _l("Frist for kommentarer"), "sent_for_comments_at": _l("Sendt til kommentarer"),
        "approval_method": _l("Godkjenningsmåte"), "approved_on": _l("Godkjent dato"),
        "approval_note": _l("Merknad til godkjenningen"), "published_at": _l("Publisert"),
        "meeting_id": None},
}


_ITEM_STATUS = {"planned": _l("Planlagt"), "treated": _l("Behandlet"), "postponed": _l("Utsatt"),
                "withdrawn": _l("Trukket")}
VALUE_LABELS = {
    ("Meeting", "status"): {"planned": _l("Planlagt"), "issued": _l("Innkalling sendt"),
                            "held": _l("Avholdt"), "cancelled": _l("Avlyst")},
    ("Attendance", "status"): {"present": _l("Til stede"), "absent": _l("Forfall")},
    ("Attendance", "role"): {"member": _l("Medlem"), "substitute": _l("Varamedlem"),
                             "observer": _l("Observatør"), "secretariat": _l("Sekretariatet"),
                             "other": _l("Annen deltaker")},
    ("Meeting", "kind"): {"ordinary": _l("Ordinært"), "extraordinary": _l("Ekstramøte")},
    ("AgendaItem", "status"): _ITEM_STATUS,
    ("AgendaItem", "outcome"): {"decided": _l("Vedtak fattet"), "information": _l("Tatt til orientering"),
                                "postponed": _l("Utsatt"), "withdrawn": _l("Trukket"),
                                "sent_on": _l("Sendt videre")},
    ("Minutes", "status"): {"draft": _l("Utkast"), "comments": _l("Sendt til kommentar"),
                            "approved": _l("Godkjent"), "published": _l("Publisert")},
    ("Minutes", "approval_method"): {"meeting": _l("I et senere møte"), "circulation": _l("På sirkulasjon")},
}


def field_label(object_type: str, field: str | None) -> str | None:
    """The field's name in the interface; None for bookkeeping columns a reader need not see
    (the row is left out); the column name itself when nobody named it."""
    if field is None:
        return ""
    labels = FIELD_LABELS.get(object_type, {})
    if field in labels:
        label = labels[field]
    elif field in _COMMON:
        label = _COMMON[field]
    else:
        return field
    return None if label is None else str(label)


def value_text(text: str | None, object_type: str = "", field: str | None = None) -> str:
    """A stored value as a reader would write it."""
    if text is None or text == "":
        return ""
    named = VALUE_LABELS.get((object_type, field), {})
    if text in named:
        return str(named[text])
    if text in ("True", "False"):
        return str(_l("Ja") if text == "True" else _l("Nei"))
    if len(text) >= 10 and text[4] == "-" and text[7] == "-":
        try:
            if len(text) == 10:
                return localized_date(date.fromisoformat(text))
            return localized_datetime(datetime.fromisoformat(text))
        except ValueError:
            pass
    if text.startswith("{") or text.startswith("["):
        try:
            return _structured(json.loads(text))
        except ValueError:
            return text
    return text


def _structured(value) -> str:
    """A proposal or decision as the editor shows it; a list (sub-items) one per line."""
    if isinstance(value, dict) and value.keys() & set(proposal_text.KINDS):
        return proposal_text.to_source(value)
    if isinstance(value, list):
        return "\n".join(str(v) for v in value)
    return json.dumps(value, ensure_ascii=False)
