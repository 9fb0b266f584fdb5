"""Reading pages: councils, a council's meetings by year, a meeting's agenda."""
from flask import Blueprint, abort, render_template
from flask_login import current_user
from sqlalchemy import func, select

from app import disclosure
from app.extensions import db
from app.models import AgendaItem, Council, ItemKind, Meeting
from app.services.core import clock
from app.services.planning import agenda
from app.services.proceedings import item_inputs
from app.services.registry.councils import members_on, roster
from app.web import YEARS, query_int

bp = Blueprint("main", __name__)


def _council_or_404(code: str) -> Council:
    council = db.session.scalar(select(Council).where(Council.code == code.upper()))
    if council is None:
        abort(404)
    return council


@bp.route("/")
def index():
    councils = db.session.scalars(select(Council).order_by(Council.id)).all()
    return render_template("main/index.html", councils=councils)


@bp.route("/utvalg/<code>")
def council(code: str):
    council = _council_or_404(code)
    years = db.session.scalars(
        select(Meeting.year).where(Meeting.council_id == council.id).distinct()
        .order_by(Meeting.year.desc())
    ).all()
    year = query_int("år", YEARS) or (years[0] if years else clock.today().year)
    meetings = db.session.scalars(
        select(Meeting).where(Meeting.council_id == council.id, Meeting.year == year)
        .order_by(Meeting.number)
    ).all()
    counts = dict(db.session.execute(
        select(Meeting.id, func.count()).select_from(Meeting).join(Meeting.items)
        .where(Meeting.council_id == council.id, Meeting.year == year,
               AgendaItem.kind == ItemKind.CASE)
        .group_by(Meeting.id)
    ).all())
    return render_template("main/council.html", council=council, years=years, year=year,
                           meetings=meetings, counts=counts, **roster(council, clock.today()))


@bp.route("/utvalg/<code>/moter/<int:year>/<int:number>")
def meeting(code: str, year: int, number: int):
    council = _council_or_404(code)
    meeting_id = db.session.scalar(select(Meeting.id).where(
        Meeting.council_id == council.id, Meeting.year == year, Meeting.number == number))
    if meeting_id is None:
        abort(404)
    loaded = agenda.load_meeting(meeting_id)
    draft_hidden = disclosure.agenda_hidden(loaded, current_user)
    rows = [] if draft_hidden else agenda.agenda_rows(loaded, current_user)
    members = members_on(council, loaded.date)
    input_links = {} if draft_hidden else item_inputs.member_links(loaded, current_user)
    return render_template("main/meeting.html", meeting=loaded, council=council, rows=rows,
                           members=members, draft_hidden=draft_hidden, input_links=input_links)


@bp.route("/utvalg/<code>/moter/<int:year>/<int:number>/referat")
def minutes(code: str, year: int, number: int):
    """The minutes at the meeting's public address (published minutes are public; the minutes
    pages decide who sees what)."""
    from app.minutes.views import render_minutes

    council = _council_or_404(code)
    meeting_id = db.session.scalar(select(Meeting.id).where(
        Meeting.council_id == council.id, Meeting.year == year, Meeting.number == number))
    if meeting_id is None:
        abort(404)
    return render_minutes(meeting_id)
