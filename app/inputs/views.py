"""Members' input (innspill) on agenda items: a member writes, edits and deletes their own input
on an item before the meeting (``edit``, ``delete``); the secretariat reads all input of a meeting
(``meeting_inputs``) and writes the summary that goes into the minutes (``save_summary``, from the
recording page). The rules are in app/services/proceedings/item_inputs.py and app/authz/inputs.py.
"""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app import disclosure
from app.authz.inputs import can_open_input_page, may_give_input_in
from app.extensions import db
from app.i18n import localized_datetime
from app.inputs import forms
from app.models import AgendaItem, Council, ItemKind
from app.services.planning import agenda, item_locking
from app.services.planning.agenda import item_number
from app.services.proceedings import item_inputs
from app.web import get_or_404, run_as_current_user, save_form, secretariat_required, show_refusal

bp = Blueprint("inputs", __name__)

ITEM_URL = "/utvalg/<code>/moter/<int:year>/<int:number>/punkt/<int:item_id>/innspill"


def _member_item(code: str, year: int, number: int, item_id: int) -> AgendaItem:
    """The case item at this address, for a member who may open its input page: 404 for an
    address that names no case item, 403 for anyone else (the caller sends anonymous visitors to
    the login page first)."""
    # Whether the reader sits on the council comes first: the answer for anyone else is 403
    # whatever the item id, so it tells nothing about which items an agenda holds.
    council = db.session.scalar(select(Council).where(Council.code == code.upper()))
    if council is not None and not may_give_input_in(current_user, council):
        abort(403)
    item = get_or_404(AgendaItem, item_id)
    meeting = item.meeting
    if (meeting.council.code != code.upper() or meeting.year != year or meeting.number != number
            or item.kind != ItemKind.CASE):
        abort(404)
    if not can_open_input_page(current_user, item):
        abort(403)
    return item


def _login():
    return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))


def _edit_url(item: AgendaItem) -> str:
    meeting = item.meeting
    return url_for("inputs.edit", code=meeting.council.code, year=meeting.year,
                   number=meeting.number, item_id=item.id)


def _meeting_url(item: AgendaItem) -> str:
    meeting = item.meeting
    return url_for("main.meeting", code=meeting.council.code, year=meeting.year,
                   number=meeting.number) + f"#sak-{item.id}"


def _page(item: AgendaItem, form, template: str = "inputs/edit.html", status: int = 200):
    own = item_inputs.own_input(item, current_user.person)
    meeting = item.meeting
    return render_template(
        template, item=item, meeting=meeting, council=meeting.council, form=form, own=own,
        title=disclosure.item_view(item, current_user).page_title,
        number=item_number(item, meeting.council.case_number_format),
        open=item_inputs.is_open(item), takes_input=item_inputs.takes_input(item),
        start=item_inputs.meeting_start(meeting),
        saved_at=localized_datetime(own.updated_at) if own else "",
        meeting_url=_meeting_url(item), edit_url=_edit_url(item)), status


@bp.route(ITEM_URL, methods=["GET", "POST"])
def edit(code: str, year: int, number: int, item_id: int):
    if not current_user.is_authenticated:
        return _login()
    item = _member_item(code, year, number, item_id)
    form = forms.InputForm()
    if request.method == "GET":
        own = item_inputs.own_input(item, current_user.person)
        form.version.data = own.version if own else 0
        form.body.data = own.body if own else ""
    elif form.validate_on_submit():
        if save_form(form, lambda: item_inputs.save_input(item, current_user, form.body.data,
                                                          form.version.data)):
            flash(_("Innspillet ditt er lagret. Du kan endre det fram til fristen."), "success")
            return redirect(_edit_url(item))
        own = item_inputs.own_input(item, current_user.person)
        form.version.data = own.version if own else 0
    return _page(item, form, status=400 if form.errors or request.method == "POST" else 200)


@bp.route(ITEM_URL + "/slett", methods=["GET", "POST"])
def delete(code: str, year: int, number: int, item_id: int):
    """Delete one's own input, after a confirmation."""
    if not current_user.is_authenticated:
        return _login()
    item = _member_item(code, year, number, item_id)
    own = item_inputs.own_input(item, current_user.person)
    if own is None:
        flash(_("Du har ikke gitt innspill til denne saken."), "info")
        return redirect(_edit_url(item))
    form = forms.DeleteInputForm()
    if request.method == "GET":
        if not item_inputs.is_open(item):
            flash(_("Fristen for innspill er ute. Innspill kan ikke lenger gis eller endres."), "info")
            return redirect(_edit_url(item))
        form.version.data = own.version
    elif form.validate_on_submit():
        outcome = run_as_current_user(
            lambda: item_inputs.delete_own_input(item, current_user, form.version.data))
        if outcome.ok:
            flash(_("Innspillet ditt er slettet."), "success")
            return redirect(_meeting_url(item))
        flash(outcome.error, "error")
        return redirect(_edit_url(item))
    return _page(item, form, "inputs/delete.html")


@bp.route("/moter/<int:meeting_id>/innspill")
@secretariat_required
def meeting_inputs(meeting_id: int):
    """All input of a meeting, item by item (the secretariat)."""
    meeting = agenda.load_meeting(meeting_id)
    if meeting is None:
        abort(404)
    rows = [row for row in agenda.agenda_rows(meeting, current_user) if not row.is_break]
    items = {i.id: i for i in meeting.items}
    inputs = item_inputs.inputs_for_meeting(meeting)
    shown = {item_id: [(found, localized_datetime(found.updated_at))
                       for found in disclosure.visible_inputs(found_inputs, current_user)]
             for item_id, found_inputs in inputs.items()}
    return render_template("inputs/meeting_inputs.html", meeting=meeting, council=meeting.council,
                           rows=rows, items=items, inputs=shown,
                           total=sum(len(found) for found in shown.values()))


@bp.route("/moter/<int:meeting_id>/protokoll/<int:item_id>/oppsummering", methods=["POST"])
@secretariat_required
def save_summary(meeting_id: int, item_id: int):
    """The summary of an item's input for the minutes (a form of the recording page)."""
    item = get_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting_id:
        abort(404)
    form = forms.SummaryForm()
    back = url_for("meeting_day.recording_page", meeting_id=meeting_id) + f"#innspill-{item_id}"
    if not form.validate_on_submit():
        flash(_("Skjemaet var utløpt eller ufullstendig. Last siden på nytt og prøv igjen."), "error")
        return redirect(back)
    original = request.form.get("original")

    def save():
        locked = item_locking.lock_item(item_id)
        item_inputs.set_input_summary(locked, form.input_summary.data, original=original)

    outcome = run_as_current_user(save)
    if outcome.ok:
        flash(_("Oppsummeringen av innspillene er lagret."), "success")
    else:
        show_refusal(form, outcome)
        for error in form.input_summary.errors:
            flash(error, "error")
    return redirect(back)
