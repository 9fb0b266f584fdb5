"""Habilitet pages: the member declares (or withdraws) a conflict of interest on a case item of
their council's meeting; the secretariat records or removes one from the recording page."""
from flask import abort, flash, g, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from app import disclosure
from app.absence.forms import ConflictForm, RecordConflictForm
from app.absence.views import MEETING_URL, bp, load_meeting, meeting_url, refuse
from app.authz.absence import can_declare_conflict
from app.extensions import db
from app.models import AgendaItem, ConflictDeclaration, ItemKind, Meeting
from app.services.planning.agenda import item_number
from app.services.proceedings import absence, conflicts
from app.web import get_or_404, run_as_current_user, save_form, secretariat_required


def _case_item(meeting: Meeting, item_id: int) -> AgendaItem:
    item = db.session.get(AgendaItem, item_id)
    if item is None or item.meeting_id != meeting.id or item.kind != ItemKind.CASE:
        abort(404)
    return item


def _declare_url(meeting: Meeting, item: AgendaItem) -> str:
    return url_for("absence.declare_conflict", code=meeting.council.code, year=meeting.year,
                   number=meeting.number, item_id=item.id)


@bp.route(MEETING_URL + "/punkt/<int:item_id>/habilitet", methods=["GET", "POST"])
def declare_conflict(code: str, year: int, number: int, item_id: int):
    meeting = load_meeting(code, year, number)
    refused = refuse(meeting, can_declare_conflict)
    if refused:
        return refused
    item = _case_item(meeting, item_id)
    person = current_user.person
    form = ConflictForm()
    confirm = False
    status = 200
    if request.method == "POST":
        withdrawing = request.form.get("action") == "trekk"
        if not form.validate_on_submit():
            status = 400
        elif withdrawing and request.form.get("bekreft") != "ja":
            confirm = True
        elif withdrawing:
            outcome = run_as_current_user(lambda: conflicts.withdraw(item, person))
            if outcome.ok:
                flash(_("Habilitetserklæringen er trukket."), "success")
                return redirect(_declare_url(meeting, item))
            flash(outcome.error, "error")
            status = 400
        elif save_form(form, lambda: conflicts.declare(item, person, form.reason.data, current_user)):
            flash(_("Du er registrert som inhabil i saken. Det står i referatet at du fratrådte."),
                  "success")
            return redirect(_declare_url(meeting, item))
        else:
            status = 400
    declaration = conflicts.declaration_of(item, person)
    if request.method == "GET" and declaration is not None:
        form.reason.data = declaration.reason
    return render_template(
        "absence/conflict.html", meeting=meeting, council=meeting.council, item=item, form=form,
        shown=disclosure.item_view(item, current_user),
        number=item_number(item, meeting.council.case_number_format), declaration=declaration,
        closed=absence.closed_reason(meeting), confirm=confirm, meeting_url=meeting_url(meeting)), status


# --- the secretariat ---------------------------------------------------------------------------

def _record_url(meeting_id: int, item_id: int) -> str:
    return url_for("absence.record_conflict", meeting_id=meeting_id, item_id=item_id)


@bp.route("/moter/<int:meeting_id>/punkt/<int:item_id>/habilitet", methods=["GET", "POST"])
@secretariat_required
def record_conflict(meeting_id: int, item_id: int):
    """Record a conflict said on the day, or remove one (``action=fjern``, confirmed)."""
    meeting = get_or_404(Meeting, meeting_id)
    item = _case_item(meeting, item_id)
    people = conflicts.council_people(meeting)
    form = RecordConflictForm()
    form.person.choices = [(0, _("(velg person)"))] + [(p.id, p.name) for p in people]
    removing = None
    status = 200
    if request.method == "POST":
        if not form.validate_on_submit():
            status = 400
        elif request.form.get("action") == "fjern":
            declaration = db.session.get(ConflictDeclaration, request.form.get("declaration", type=int) or 0)
            if declaration is None or declaration.item_id != item.id:
                abort(404)
            if request.form.get("bekreft") != "ja":
                removing = declaration
            else:
                outcome = run_as_current_user(lambda: conflicts.remove(declaration))
                flash(_("Habilitetserklæringen er fjernet.") if outcome.ok else outcome.error,
                      "success" if outcome.ok else "error")
                return redirect(_record_url(meeting_id, item_id))
        else:
            person = next((p for p in people if p.id == form.person.data), None)
            if save_form(form, lambda: conflicts.record(item, person, form.reason.data, current_user)):
                flash(_("Habilitet er registrert."), "success")
                return redirect(_record_url(meeting_id, item_id))
            status = 400
    return render_template(
        "absence/record_conflict.html", meeting=meeting, council=meeting.council, item=item,
        form=form, shown=disclosure.item_view(item, current_user),
        number=item_number(item, meeting.council.case_number_format),
        declarations=conflicts.by_item(meeting.id).get(item.id, []), removing=removing), status


@bp.app_context_processor
def _conflict_helpers():
    return {"item_conflicts": item_conflicts}


def item_conflicts(meeting_id: int, item_id: int) -> list[ConflictDeclaration]:
    """The declarations of an item, for the recording page's partial: one query per page."""
    cache = g.setdefault("_conflicts_by_meeting", {})
    if meeting_id not in cache:
        cache[meeting_id] = conflicts.by_item(meeting_id)
    return cache[meeting_id].get(item_id, [])
