"""Reading pages: councils, a council's meetings by year, a meeting's agenda, a council's
decisions (vedtak) by year."""
from flask import Blueprint, abort, current_app, render_template, send_from_directory
from flask_login import current_user
from sqlalchemy import func, select
from sqlalchemy.orm import selectinload

from app import authz, disclosure
from app.authz import public
from app.extensions import db
from app.models import AgendaItem, Council, ItemKind, Meeting, MinutesStatus
from app.services.core import clock
from app.services.paperwork.public_papers import public_minutes_papers
from app.services.planning import agenda
from app.services.proceedings import decisions as decisions_service
from app.services.proceedings import item_inputs, public_overview
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
    upcoming = public_overview.upcoming_meetings()
    return render_template(
        "main/index.html", councils=councils, upcoming=upcoming,
        place_visible={m.id for m in upcoming if public.can_view_meeting_place(current_user, m)},
        published=public_overview.latest_published_minutes())


@bp.route("/favicon.ico")
def favicon():
    """Browsers ask for /favicon.ico whatever the page links (base.html links the SVG one)."""
    return send_from_directory(current_app.static_folder, "favicon.ico",
                               mimetype="image/vnd.microsoft.icon", max_age=86400)


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
        .options(selectinload(Meeting.minutes)).order_by(Meeting.number)
    ).all()
    readable_minutes = {m.id for m in meetings
                        if m.minutes is not None and authz.can_view_minutes(current_user, m.minutes)
                        and m.minutes.status != MinutesStatus.DRAFT}
    counts = dict(db.session.execute(
        select(Meeting.id, func.count()).select_from(Meeting).join(Meeting.items)
        .where(Meeting.council_id == council.id, Meeting.year == year,
               AgendaItem.kind == ItemKind.CASE)
        .group_by(Meeting.id)
    ).all())
    return render_template("main/council.html", council=council, years=years, year=year,
                           meetings=meetings, counts=counts, readable_minutes=readable_minutes,
                           papers=public_minutes_papers(
                               [m for m in meetings if m.id in readable_minutes], current_user),
                           **roster(council, clock.today()))


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
    cases = {i.id: i.case for i in loaded.items if i.case is not None}
    openable = public.openable_case_ids(current_user, {c.id for c in cases.values()})
    case_links = {item_id: (c.file_year, c.file_seq) for item_id, c in cases.items() if c.id in openable}
    return render_template("main/meeting.html", meeting=loaded, council=council, rows=rows,
                           members=members, draft_hidden=draft_hidden, case_links=case_links,
                           input_links=input_links,
                           place_visible=public.can_view_meeting_place(current_user, loaded))


@bp.route("/utvalg/<code>/vedtak")
def decisions(code: str):
    """The council's decisions in a year (``?år=``): public once the minutes are published."""
    council = _council_or_404(code)
    years = decisions_service.decision_years(council)
    year = query_int("år", YEARS) or (years[0] if years else clock.today().year)
    listed = decisions_service.decisions_of(council, year, current_user)
    openable = public.openable_case_ids(
        current_user, {d.case_id for entry in listed for d in entry.decisions})
    return render_template("main/decisions.html", council=council, years=years, year=year,
                           listed=listed, openable=openable)


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
