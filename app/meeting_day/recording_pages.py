"""The minute-taker's recording page (protokoll): outcome, decision and discussion per item, saved
one item at a time as a form post or as a fetch answered with JSON (static/js/recording.js); late
items under «Eventuelt»; marking the meeting held. Routes of the ``meeting_day`` blueprint."""
from datetime import date

from flask import abort, flash, jsonify, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.routing import BuildError

from app import disclosure
from app.extensions import db
from app.form_fields import parse_id
from app.meeting_day import forms
from app.meeting_day.views import (
    CHANGED_MEANWHILE,
    CONFLICT,
    OUTCOME_LABELS,
    _builder_url,
    _commit_or_flash,
    _form_error,
    _locked,
    _minutes_url,
    _refuse_cancelled,
    bp,
)
from app.models import AgendaItem, Council, ItemKind, ItemOutcome, ItemStatus, Meeting, MeetingStatus
from app.services import ServiceError
from app.services.core import clock
from app.services.planning import item_locking, proposal_text
from app.services.planning.agenda import item_number
from app.services.proceedings import item_inputs, recording
from app.services.proceedings.followup import STATUS_LABELS as ACTION_STATUS_LABELS
from app.services.registry import councils as councils_service
from app.web import get_or_404, run_as_current_user, save_form, secretariat_required


def _recording_url(meeting_id: int, item_id: int | None = None) -> str:
    return url_for("meeting_day.recording_page", meeting_id=meeting_id) + (
        f"#punkt-{item_id}" if item_id else "")


def _load_for_recording(meeting_id: int) -> Meeting:
    meeting = recording.load_meeting(meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _followup_url(item_id: int) -> str:
    try:
        return url_for("followup.new", item_id=item_id)
    except BuildError:
        return f"/oppfolging/ny?punkt={item_id}"


def _item_values(item: AgendaItem) -> dict:
    """What the item's fields show when the page is opened."""
    decision = recording.initial_decision(item)
    outcome = item.outcome or {ItemStatus.POSTPONED: ItemOutcome.POSTPONED,
                               ItemStatus.WITHDRAWN: ItemOutcome.WITHDRAWN}.get(item.status, "")
    postponed_to, postponed_date = "", ""
    if item.postponed_to_meeting_id:
        postponed_to = str(item.postponed_to_meeting_id)
    elif item.postponed_to_date:
        postponed_date = item.postponed_to_date.isoformat()
    return {"decision": proposal_text.to_source(decision), "kind": proposal_text.kind_of(decision),
            "discussion": item.discussion or "", "outcome": outcome, "postponed_to": postponed_to,
            "postponed_date": postponed_date,
            "sent_on": str(item.sent_on_council_id or ""), "version": item.version}


def _submitted_values() -> dict:
    form = request.form
    return {"decision": form.get("decision", ""), "kind": form.get("kind", "text"),
            "discussion": form.get("discussion", ""), "outcome": form.get("outcome", ""),
            "postponed_to": form.get("postponed_to", ""), "postponed_date": form.get("postponed_date", ""),
            "sent_on": form.get("sent_on", ""), "version": form.get("version", "")}


def _render_recording(meeting: Meeting, status: int = 200, *, submitted: dict | None = None):
    """The recording page. ``submitted`` = {item_id: {"values", "error", "conflict"}} keeps what
    the user wrote in an item whose save was refused (the form post without JavaScript)."""
    submitted = submitted or {}
    later = recording.postponement_targets(meeting)
    councils = councils_service.other_councils(meeting.council)
    fmt = meeting.council.case_number_format
    shown = disclosure.item_views(meeting.items, current_user)
    rows = []
    for item in sorted(meeting.items, key=lambda i: i.position):
        if item.kind == ItemKind.BREAK:
            rows.append({"item": item, "is_break": True})
            continue
        extra = submitted.get(item.id, {})
        rows.append({
            "item": item, "is_break": False, "number": item_number(item, fmt),
            "title": shown[item.id].page_title, "exempt_note": shown[item.id].page_note,
            "values": extra.get("values") or _item_values(item),
            "stored": _item_values(item) if extra.get("conflict") else None,
            "error": extra.get("error"), "conflict": extra.get("conflict"),
            "actions": item.actions, "followup_url": _followup_url(item.id),
        })
    late_form = forms.LateItemForm(prefix="eventuelt", formdata=None)
    return render_template(
        "meeting_day/recording.html", meeting=meeting, council=meeting.council, rows=rows,
        later_meetings=later, councils=councils, outcome_labels=OUTCOME_LABELS,
        action_status_labels=ACTION_STATUS_LABELS, locked=_locked(meeting),
        recordable=meeting.status in (MeetingStatus.ISSUED, MeetingStatus.HELD),
        late_form=late_form, minutes_url=_minutes_url(meeting),
        meeting_inputs=item_inputs.inputs_for_meeting(meeting),
        unrecorded=len(recording.unrecorded_items(meeting))), status


@bp.route("/<int:meeting_id>/protokoll")
@secretariat_required
def recording_page(meeting_id: int):
    meeting = _load_for_recording(meeting_id)
    refused = _refuse_cancelled(meeting)
    if refused:
        return refused
    if meeting.status == MeetingStatus.PLANNED:
        flash(_("Møtet kan føres først når innkallingen er sendt."), "error")
        return redirect(_builder_url(meeting_id))
    return _render_recording(meeting)


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _postponement(values: dict, council_id: int):
    """The meeting (id from the select) or the date (åååå-mm-dd) the item is postponed to."""
    if values["postponed_to"]:
        target_id = parse_id(values["postponed_to"])
        target = db.session.get(Meeting, target_id) if target_id else None
        if target is None or target.council_id != council_id:
            raise ServiceError(_("Velg møtet saken utsettes til fra listen."))
        return target
    if values["postponed_date"].strip():
        try:
            return date.fromisoformat(values["postponed_date"].strip())
        except ValueError:
            raise ServiceError(_("Skriv datoen som åååå-mm-dd, f.eks. 2022-05-19.")) from None
    return None


def _sent_on(values: dict) -> Council | None:
    if not values["sent_on"]:
        return None
    council_id = parse_id(values["sent_on"])
    council = db.session.get(Council, council_id) if council_id else None
    if council is None:
        raise ServiceError(_("Velg utvalget saken sendes videre til fra listen."))
    return council


@bp.route("/<int:meeting_id>/protokoll/<int:item_id>", methods=["POST"])
@secretariat_required
def record(meeting_id: int, item_id: int):
    item = get_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting_id:
        abort(404)
    values = _submitted_values()
    as_json = _wants_json()
    try:
        version = int(values["version"]) if values["version"] else None
    except ValueError:
        version = None

    def save():
        item = item_locking.lock_item(item_id)
        if version is not None and item.version != version:
            raise item_locking.EditConflict(item, [], [])
        outcome = values["outcome"] or None
        recording.record_item(
            item, version, outcome=outcome,
            decision_body=proposal_text.parse(values["kind"] or "text", values["decision"]),
            discussion=values["discussion"],
            postponed_to=_postponement(values, item.council_id) if outcome == ItemOutcome.POSTPONED else None,
            sent_on_to=_sent_on(values) if outcome == ItemOutcome.SENT_ON else None)

    saved = run_as_current_user(save, CHANGED_MEANWHILE)
    conflict = saved.raced
    if saved.conflict is not None:
        message, status = str(CONFLICT), 409
    elif not saved.ok:
        message, status = saved.error, 409 if conflict else 400
    else:
        saved_at = clock.now().astimezone(clock.OSLO).strftime("%H:%M:%S")
        item = db.session.get(AgendaItem, item_id)
        if as_json:
            return jsonify(ok=True, version=item.version, saved_at=saved_at,
                           message=_("Lagret kl. %(time)s", time=saved_at))
        flash(_("Punktet er lagret kl. %(time)s.", time=saved_at), "success")
        return redirect(_recording_url(meeting_id, item_id))
    # Refused: nothing was saved; the user's text is sent back untouched.
    item = db.session.get(AgendaItem, item_id)
    if as_json:
        body = {"ok": False, "message": message}
        if conflict:
            body.update(version=item.version, stored=_item_values(item))
        return jsonify(body), status
    values["version"] = item.version if conflict else values["version"]
    meeting = _load_for_recording(meeting_id)
    return _render_recording(meeting, status, submitted={
        item_id: {"values": values, "error": message, "conflict": conflict}})


@bp.errorhandler(CSRFError)
def csrf_failed(error):
    if _wants_json():
        return jsonify(ok=False, message=_("Økten er utløpt. Last siden på nytt; teksten din er "
                                           "tatt vare på i nettleseren.")), 400
    return render_template("error.html", title=_("Skjemaet kunne ikke sendes"),
                           text=_("Skjemaet var utløpt eller ufullstendig. Gå tilbake, last siden på "
                                  "nytt og prøv igjen. Ingenting ble lagret."), code=400), 400


@bp.route("/<int:meeting_id>/protokoll/eventuelt", methods=["POST"])
@secretariat_required
def add_late_item(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    form = forms.LateItemForm(prefix="eventuelt")
    if not form.validate_on_submit():
        flash(_form_error(form), "error")
        return redirect(_recording_url(meeting_id) + "#eventuelt")
    added = {}
    if _commit_or_flash(lambda: added.setdefault("item", recording.add_late_item(
            meeting, form.title.data, item_type=form.item_type.data or None))):
        item = added["item"]
        number = item_number(item, meeting.council.case_number_format)
        flash(_("Sak %(number)s er lagt til under Eventuelt.", number=number), "success")
        return redirect(_recording_url(meeting_id, item.id))
    return redirect(_recording_url(meeting_id) + "#eventuelt")


@bp.route("/<int:meeting_id>/avholdt", methods=["GET", "POST"])
@secretariat_required
def mark_held(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    # A held meeting whose minutes are still open: the same page records (or corrects) its end.
    held = meeting.status == MeetingStatus.HELD and not _locked(meeting)
    form = forms.MarkHeldForm(data={"end_time": meeting.end_time})
    if request.method == "POST":
        if form.validate_on_submit():
            if held:
                saved = save_form(form, lambda: recording.set_end_time(meeting, form.end_time.data),
                                  CHANGED_MEANWHILE)
                message = _("Tidspunktet møtet ble avsluttet er lagret.")
            else:
                saved = save_form(form, lambda: recording.mark_held(meeting, form.end_time.data),
                                  CHANGED_MEANWHILE)
                message = _("%(code)s %(label)s er markert som avholdt. Referatet er påbegynt som "
                            "utkast.", code=meeting.council.code, label=meeting.label)
            if saved:
                flash(message, "success")
                return redirect(_recording_url(meeting_id))
            if not form.end_time.errors:  # refused as a whole (flashed)
                return redirect(_recording_url(meeting_id))
        # else: the end time's message is shown next to the field
    elif meeting.status != MeetingStatus.ISSUED and not held:
        flash(_("Bare et møte med sendt innkalling kan markeres som avholdt."), "error")
        return redirect(_recording_url(meeting_id) if meeting.status == MeetingStatus.HELD
                        else _builder_url(meeting_id))
    unrecorded = recording.unrecorded_items(meeting)
    fmt = meeting.council.case_number_format
    return render_template("meeting_day/mark_held.html", meeting=meeting, council=meeting.council,
                           form=form, held=held, unrecorded=[(item_number(i, fmt), i.title) for i in unrecorded])
