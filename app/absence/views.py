"""The member's own forfall (absence, with the vara they name) for a meeting of their council.

Views parse the form and run the service (services/proceedings/absence.py) as the current user in
one unit of work; the service says what may still be changed (until the meeting starts)."""
from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select

from app.absence.forms import AbsenceForm
from app.authz.absence import can_report_absence
from app.extensions import db
from app.models import Council, Meeting
from app.services.proceedings import absence, attendance
from app.web import run_as_current_user, save_form

bp = Blueprint("absence", __name__)

MEETING_URL = "/utvalg/<code>/moter/<int:year>/<int:number>"


def load_meeting(code: str, year: int, number: int) -> Meeting:
    """The meeting at its public address, attendance loaded; 404 when there is none."""
    meeting_id = db.session.scalar(
        select(Meeting.id).join(Council, Council.id == Meeting.council_id)
        .where(Council.code == code.upper(), Meeting.year == year, Meeting.number == number))
    if meeting_id is None:
        abort(404)
    return attendance.load_meeting(meeting_id)


def refuse(meeting: Meeting, rule):
    """The login page for anonymous visitors, 403 for those ``rule`` refuses, else None."""
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
    if not rule(current_user, meeting):
        abort(403)
    return None


def _report_url(meeting: Meeting) -> str:
    return url_for("absence.report", code=meeting.council.code, year=meeting.year,
                   number=meeting.number)


def meeting_url(meeting: Meeting) -> str:
    return url_for("main.meeting", code=meeting.council.code, year=meeting.year,
                   number=meeting.number)


def _form(meeting: Meeting, person) -> AbsenceForm:
    form = AbsenceForm()
    form.vara.choices = [(0, _("(ingen vara valgt)"))] + [
        (p.id, p.name) for p in absence.vara_choices(meeting, person)]
    return form


def _page(meeting, person, form, status=200):
    state = absence.member_absence(meeting, person)
    return render_template(
        "absence/report.html", meeting=meeting, council=meeting.council, form=form, state=state,
        closed=absence.closed_reason(meeting), has_seat=absence.has_seat(meeting, person),
        meeting_url=meeting_url(meeting)), status


@bp.route(MEETING_URL + "/forfall", methods=["GET", "POST"])
def report(code: str, year: int, number: int):
    meeting = load_meeting(code, year, number)
    refused = refuse(meeting, can_report_absence)
    if refused:
        return refused
    person = current_user.person
    form = _form(meeting, person)
    if request.method == "POST":
        if form.validate_on_submit():
            if save_form(form, lambda: absence.report(
                    meeting, person, reason=form.reason.data, vara_id=form.vara.data or None,
                    vara_name=form.vara_name.data)):
                flash(_("Forfallet er registrert. Sekretariatet ser det på oppmøtelisten."), "success")
                return redirect(_report_url(meeting))
            db.session.expire_all()
            meeting = attendance.load_meeting(meeting.id)
        return _page(meeting, person, form, 400)
    state = absence.member_absence(meeting, person)
    if state.row is not None:
        form.reason.data = state.row.absence_reason
    if state.vara is not None and state.vara.person_id:
        form.vara.data = state.vara.person_id
    elif state.vara is not None:
        form.vara_name.data = state.vara.name
    return _page(meeting, person, form)


@bp.route(MEETING_URL + "/forfall/trekk", methods=["POST"])
def withdraw(code: str, year: int, number: int):
    """Withdraw the forfall: first a confirmation, then (with ``bekreft``) the change."""
    meeting = load_meeting(code, year, number)
    refused = refuse(meeting, can_report_absence)
    if refused:
        return refused
    person = current_user.person
    form = AbsenceForm()  # CSRF only
    if not form.validate_on_submit():
        flash(_("Skjemaet var utløpt. Prøv igjen."), "error")
        return redirect(_report_url(meeting))
    if request.form.get("bekreft") != "ja":
        return render_template("absence/withdraw.html", meeting=meeting, council=meeting.council,
                               state=absence.member_absence(meeting, person),
                               closed=absence.closed_reason(meeting))
    outcome = run_as_current_user(lambda: absence.withdraw(meeting, person))
    if outcome.ok:
        flash(_("Forfallet er trukket. Du står som til stede."), "success")
    else:
        flash(outcome.error, "error")
    return redirect(_report_url(meeting))


@bp.app_context_processor
def _box_helpers():
    return {"absence_box": absence_box}


def absence_box(meeting: Meeting) -> dict | None:
    """The state the meeting page's «Ditt oppmøte» box shows, for a member of the council only."""
    if not can_report_absence(current_user, meeting):
        return None
    from app import disclosure
    from app.models import ItemKind
    from app.services.planning.agenda import item_number
    from app.services.proceedings import conflicts

    person = current_user.person
    closed = absence.closed_reason(meeting)
    items = [] if closed else sorted((i for i in meeting.items if i.kind == ItemKind.CASE),
                                     key=lambda i: i.position)
    shown = disclosure.item_views(items, current_user)
    declared = conflicts.by_item(meeting.id) if items else {}
    return {"state": absence.member_absence(meeting, person), "closed": closed,
            "has_seat": absence.has_seat(meeting, person), "url": _report_url(meeting),
            "case_items": [{
                "label": " ".join(filter(None, (item_number(i, meeting.council.case_number_format),
                                                shown[i.id].page_title))),
                "declared": any(d.person_id == person.id for d in declared.get(i.id, [])),
                "url": url_for("absence.declare_conflict", code=meeting.council.code,
                               year=meeting.year, number=meeting.number, item_id=i.id)}
                for i in items]}
