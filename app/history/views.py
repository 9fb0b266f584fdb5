"""The history pages: one table of changes (Tidspunkt, Hvem, Hva, Felt, Før → Etter) with a filter
by person (?person=<user id>) and date range (?fra=, ?til=, YYYY-MM-DD). A bad date is named
in a message and the filter left out; nothing else changes. What each history holds:
app/services/core/history.py."""
from datetime import date
from functools import wraps

from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import func, select

from app import authz, disclosure
from app.authz.history import can_view_history
from app.extensions import db
from app.history.presentation import field_label, value_text
from app.i18n import localized_date
from app.input_limits import is_plausible_date
from app.models import AgendaItem, Attendance, Meeting, Person
from app.services.casework.cases import case_by_file_number
from app.services.core import history as history_service
from app.services.core.clock import OSLO
from app.web import IDS, query_int, query_page

bp = Blueprint("history", __name__)

ACTIONS = {"create": _l("opprettet"), "update": _l("endret"), "delete": _l("slettet")}
OBJECT_LABELS = {"Case": _l("Sak"), "CaseDocument": _l("Dokument"), "Meeting": _l("Møte"),
                 "AgendaItem": _l("Sakspunkt"), "Minutes": _l("Referat"), "Attendance": _l("Oppmøte"),
                 "ItemInput": _l("Innspill"), "ConflictDeclaration": _l("Habilitet"),
                 "MinutesComment": _l("Kommentar")}
LONGEST_VALUE = 400  # characters of an old or new value shown (JSON bodies can be long)


def history_reader_required(view):
    """For can_view_history: others get 403, anonymous visitors log in."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not can_view_history(current_user):
            abort(403)
        return view(*args, **kwargs)
    return wrapper


def _query_date(name: str, label: str, errors: list[str]) -> date | None:
    text = (request.args.get(name) or "").strip()
    if not text:
        return None
    try:
        day = date.fromisoformat(text)
    except ValueError:
        errors.append(_("%(label)s: «%(value)s» er ikke en dato. Skriv datoen som ÅÅÅÅ-MM-DD, "
                        "for eksempel 2022-05-19. Filteret er ikke brukt.",
                        label=label, value=text[:20]))
        return None
    if not is_plausible_date(day):
        errors.append(_("%(label)s: %(value)s er utenfor perioden Møtebok fører. Filteret er ikke "
                        "brukt.", label=label, value=localized_date(day)))
        return None
    return day


def _moment(moment) -> str:
    """'19. mai 2022 kl. 10.15', Oslo time."""
    local = moment.astimezone(OSLO)
    return _("%(date)s kl. %(time)s", date=localized_date(local.date()),
             time=local.strftime("%H.%M"))


def _value(text: str | None) -> str:
    if text is None:
        return ""
    return text if len(text) <= LONGEST_VALUE else text[:LONGEST_VALUE] + " …"


def _object_names(rows) -> dict[tuple[str, int], str]:
    """Agenda items by their title ("Sakspunkt: Eventuelt") and attendance rows by the person
    ("Oppmøte: Kari Nordmann"), one query each kind on the page. The readers of a history may see
    every title (can_view_history)."""
    names: dict[tuple[str, int], str] = {}
    ids = {row.object_id for row in rows if row.object_type == "AgendaItem"}
    if ids:
        for item_id, title in db.session.execute(
                select(AgendaItem.id, AgendaItem.title).where(AgendaItem.id.in_(ids))):
            names[("AgendaItem", item_id)] = f"{OBJECT_LABELS['AgendaItem']}: {title}"
    ids = {row.object_id for row in rows if row.object_type == "Attendance"}
    if ids:
        for row_id, name in db.session.execute(
                select(Attendance.id, func.coalesce(Person.name, Attendance.name))
                .outerjoin(Person, Person.id == Attendance.person_id).where(Attendance.id.in_(ids))):
            names[("Attendance", row_id)] = f"{OBJECT_LABELS['Attendance']}: {name}"
    return names


def _render(object_type: str, object_id: int, heading: str, back_url: str, back_label: str):
    errors: list[str] = []
    date_from = _query_date("fra", _("Fra dato"), errors)
    date_to = _query_date("til", _("Til dato"), errors)
    if date_from and date_to and date_from > date_to:
        errors.append(_("Fra-datoen er etter til-datoen. Filteret på dato er ikke brukt."))
        date_from = date_to = None
    person = query_int("person", IDS)
    page = history_service.history(object_type, object_id, user_id=person, date_from=date_from,
                                   date_to=date_to, page=query_page())
    several_kinds = len({row.object_type for row in page.rows}) > 1 or object_type in ("Meeting", "Case")
    names = _object_names(page.rows)
    rows = [{"at": _moment(row.at), "who": row.actor,
             "what": str(ACTIONS.get(row.action, row.action)),
             "object": names.get((row.object_type, row.object_id))
             or f"{OBJECT_LABELS.get(row.object_type, row.object_type)} {row.object_id}",
             "field": label, "old": _value(value_text(row.old_value, row.object_type, row.field)),
             "new": _value(value_text(row.new_value, row.object_type, row.field))}
            for row in page.rows
            if (label := field_label(row.object_type, row.field)) is not None]
    filters = {"person": person or "", "fra": date_from.isoformat() if date_from else "",
               "til": date_to.isoformat() if date_to else ""}
    return render_template("history/history.html", heading=heading, rows=rows, page=page,
                           errors=errors, filters=filters, several_kinds=several_kinds,
                           back_url=back_url, back_label=back_label,
                           filtered=bool(person or date_from or date_to))


@bp.route("/saker/<int:year>/<int:seq>/historikk")
@history_reader_required
def case(year: int, seq: int):
    found = case_by_file_number(year, seq)
    if found is None:
        abort(404)
    shown = disclosure.case_view(found, current_user)
    return _render("Case", found.id, _("Sak %(number)s: %(title)s", number=found.file_number,
                                       title=shown.page_title),
                   url_for("cases.show", year=year, seq=seq), _("Tilbake til saken"))


def _meeting_or_404(meeting_id: int) -> Meeting:
    meeting = db.session.get(Meeting, meeting_id)
    if meeting is None:
        abort(404)
    return meeting


def _meeting_page(meeting: Meeting) -> str:
    """The builder for the secretariat, the meeting's reading page for archivists."""
    if authz.can_edit(current_user):
        return url_for("meetings.builder", meeting_id=meeting.id)
    return url_for("main.meeting", code=meeting.council.code, year=meeting.year, number=meeting.number)


def _meeting_name(meeting: Meeting) -> str:
    return f"{meeting.council.code} {meeting.label}"


@bp.route("/moter/<int:meeting_id>/historikk")
@history_reader_required
def meeting(meeting_id: int):
    found = _meeting_or_404(meeting_id)
    return _render("Meeting", found.id, _("%(meeting)s med sakspunkter og referat",
                                          meeting=_meeting_name(found)),
                   _meeting_page(found), _("Tilbake til dagsordenen"))


@bp.route("/moter/<int:meeting_id>/punkt/<int:item_id>/historikk")
@history_reader_required
def item(meeting_id: int, item_id: int):
    found = db.session.get(AgendaItem, item_id)
    if found is None or found.meeting_id != meeting_id:
        abort(404)
    shown = disclosure.item_view(found, current_user)
    return _render("AgendaItem", found.id, _("%(meeting)s, sakspunkt: %(title)s",
                                             meeting=_meeting_name(found.meeting),
                                             title=shown.page_title),
                   url_for("meetings.edit_item", meeting_id=meeting_id, item_id=item_id)
                   if authz.can_edit(current_user) else _meeting_page(found.meeting),
                   _("Tilbake til sakspunktet"))


@bp.route("/moter/<int:meeting_id>/referat/historikk")
@history_reader_required
def minutes(meeting_id: int):
    found = _meeting_or_404(meeting_id)
    if found.minutes is None:
        abort(404)
    return _render("Minutes", found.minutes.id, _("Referat fra %(meeting)s",
                                                   meeting=_meeting_name(found)),
                   url_for("minutes.show", meeting_id=found.id), _("Tilbake til referatet"))
