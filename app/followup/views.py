"""Follow-up actions (oppfølgingspunkter): the overview across councils, CSV, one action, new
actions from an agenda item.

Every logged-in user sees the overview (authz.can_view_followup); actions of exempt cases are
left out for those who may not see the case, by the councils the case has been on, unless they
are responsible for it (app/disclosure.py: the service filters by its SQL condition, the action
page answers 403 by the same rule).
The secretariat creates and edits actions; the person responsible changes the status and writes
progress notes (authz.can_update_action). Views only parse forms and call services.followup
as the current user, one unit of work each (``web.run_as_current_user``).
"""

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required
from sqlalchemy import select
from sqlalchemy.orm import joinedload
from werkzeug.routing import BuildError

from app import authz, disclosure
from app.extensions import db
from app.followup import forms
from app.i18n import localized_date, localized_datetime
from app.models import (
    AgendaItem,
    Council,
    FollowUpAction,
    ItemKind,
    Meeting,
    MeetingStatus,
    Organisation,
    Person,
)
from app.services import ServiceError
from app.services.core import clock
from app.services.planning.agenda import item_number
from app.services.proceedings import followup
from app.services.proceedings.minutes_lock import check_minutes_editable
from app.web import IDS, commit_or_flash, get_or_404, query_int, run_as_current_user, secretariat_required

bp = Blueprint("followup", __name__, url_prefix="/oppfolging")

CHANGED_MEANWHILE = _l("Oppfølgingspunktet ble endret av noen andre i samme øyeblikk. Ingenting "
                       "ble lagret; last siden på nytt og prøv igjen.")



def meeting_label(meeting: Meeting) -> str:
    """'NUIT 3/22'."""
    return f"{meeting.council.code} {meeting.number}/{meeting.year % 100:02d}"


def _helpers() -> dict:
    return {"when": localized_datetime, "meeting_label": meeting_label, "item_number": item_number,
            "status_labels": forms.STATUS_LABELS, "today": clock.today()}


def _commit(action) -> bool:
    return commit_or_flash(action, CHANGED_MEANWHILE)

def _require_viewer():
    if not authz.can_view_followup(current_user):
        abort(403)


# --- the overview -------------------------------------------------------------------------------

def _filtered_actions():
    """The filter form (from the query string), the councils and the actions it selects."""
    councils = db.session.scalars(select(Council).order_by(Council.code)).all()
    form = forms.FilterForm(request.args)
    form.set_councils(councils)
    if request.args:
        form.validate()  # invalid values are shown next to their field and ignored
    valid = {f.name: (f.data if not f.errors else f.default) for f in form}
    council = next((c for c in councils if c.code == valid["utvalg"]), None)
    flt = followup.ActionFilter(
        council_id=council.id if council else None,
        scope=forms.SCOPE_FILTER.get(valid["omfang"], "all"),
        overdue=bool(valid["forfalt"]), include_closed=bool(valid["alle"]),
        order=forms.ORDER_FILTER.get(valid["sorter"], "due"))
    return form, valid, flt, followup.visible_actions(current_user, flt)


@bp.route("/")
@login_required
def overview():
    _require_viewer()
    form, valid, flt, actions = _filtered_actions()
    args = {k: v for k, v in request.args.items() if k != "lang" and v}
    person = current_user.person
    return render_template(
        "followup/overview.html", form=form, actions=actions, args=args, scope=valid["omfang"],
        scopes=forms.SCOPES, person=person, filtered=bool(args), **_helpers())


@bp.route("/eksport.csv")
@login_required
def export_csv():
    _require_viewer()
    _form, _valid, _flt, actions = _filtered_actions()
    return Response(followup.to_csv(actions), content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": "attachment; filename=oppfolgingspunkter.csv",
        "Cache-Control": "private, no-store"})


# --- a new action from an agenda item ------------------------------------------------------------

def _owners():
    organisations = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
    people = db.session.scalars(select(Person).options(joinedload(Person.organisation))
                                .order_by(Person.name)).all()
    return organisations, people


RECORDING_PAGES = ("meeting_day.recording_page", "meeting_day.record")


def _recording_url(item: AgendaItem) -> str | None:
    """The minute-taker's recording page at the item, when that page exists."""
    for endpoint in RECORDING_PAGES:
        if endpoint in current_app.view_functions:
            try:
                return url_for(endpoint, meeting_id=item.meeting_id) + f"#punkt-{item.id}"
            except BuildError:
                continue
    return None


def _after_create_url(action: FollowUpAction) -> str:
    """Back to the recording page when there is one, else the new action."""
    return _recording_url(action.item) or url_for("followup.show", action_id=action.id)


@bp.route("/ny", methods=["GET", "POST"])
@secretariat_required
def new():
    item_id = query_int("item_id", IDS) or query_int("punkt", IDS)
    if item_id is None:
        abort(404)
    item = get_or_404(AgendaItem, item_id)
    if item.kind != ItemKind.CASE:
        abort(404)
    form = forms.ActionForm()
    organisations, people = _owners()
    form.set_choices(organisations, people)
    confirmation = None
    try:
        check_minutes_editable(item.meeting)
        blocked = None
    except ServiceError as exc:  # approved minutes: the page says so instead of offering a form
        blocked = str(exc)
    if blocked is None and form.validate_on_submit():
        outcome = run_as_current_user(lambda: followup.create_action(
            item, form.description.data,
            organisation=db.session.get(Organisation, form.organisation.data) if form.organisation.data else None,
            person=db.session.get(Person, form.person.data) if form.person.data else None,
            due_date=form.due_date.data, due_label=form.due_label.data,
            accept_past_due=form.accept_past_due.data), CHANGED_MEANWHILE)
        if outcome.needs_confirmation:
            confirmation = outcome.error
        elif not outcome.ok:
            flash(outcome.error, "error")
        else:
            action = outcome.value
            flash(_("Oppfølgingspunktet er lagret (frist %(due)s).", due=action.due_text), "success")
            return redirect(_after_create_url(action))
    status = 400 if form.errors else 200
    return render_template("followup/new.html", form=form, item=item, meeting=item.meeting,
                           number=item_number(item, item.council.case_number_format),
                           shown=disclosure.item_view(item, current_user),
                           confirmation=confirmation, blocked=blocked,
                           show_confirm=bool(confirmation or form.accept_past_due.data),
                           back_url=_recording_url(item) or url_for(
                               "main.meeting", code=item.council.code, year=item.meeting.year,
                               number=item.meeting.number),
                           **_helpers()), status


# --- one action ---------------------------------------------------------------------------------

def _reported_choices(action: FollowUpAction) -> list[tuple[int, str]]:
    """The case items of the council's later meetings (where the action can be reported back)."""
    items = db.session.scalars(
        select(AgendaItem).join(Meeting, AgendaItem.meeting_id == Meeting.id)
        .where(AgendaItem.council_id == action.council_id, AgendaItem.kind == ItemKind.CASE,
               Meeting.date > action.item.meeting.date, Meeting.status != MeetingStatus.CANCELLED)
        .options(joinedload(AgendaItem.meeting).joinedload(Meeting.council),
                 joinedload(AgendaItem.case))
        .order_by(Meeting.date, AgendaItem.position)).all()
    fmt = action.council.case_number_format
    shown = disclosure.item_views(items, current_user)
    choices = []
    for item in items:
        number = item_number(item, fmt)
        label = f"{meeting_label(item.meeting)} ({localized_date(item.meeting.date)}) – "
        title = shown[item.id].page_title
        label += _("sak %(number)s %(title)s", number=number, title=title) if number else title
        choices.append((item.id, label))
    return choices


def _edit_form(action: FollowUpAction, formdata=None) -> forms.EditActionForm:
    form = forms.EditActionForm(prefix="rediger", formdata=formdata)
    organisations, people = _owners()
    form.set_choices(organisations, people)
    form.set_reported_choices(_reported_choices(action))
    if formdata is None:
        form.version.data = action.version
        form.description.data = action.description
        form.organisation.data = action.responsible_organisation_id
        form.person.data = action.responsible_person_id
        form.due_date.data = action.due_date
        form.due_label.data = action.due_label
        form.reported_item.data = action.reported_item_id
    return form


def _progress_form(action: FollowUpAction, formdata=None) -> forms.ProgressForm:
    form = forms.ProgressForm(prefix="framdrift", formdata=formdata)
    if formdata is None:
        form.version.data = action.version
        form.status.data = action.status
    return form


def _version(field) -> int:
    try:
        return int(field.data)
    except (TypeError, ValueError):
        return -1  # refused as out of date


def _render_action(action: FollowUpAction, edit_form=None, progress_form=None, status=200,
                   view: disclosure.ActionShown | None = None):
    may_edit = authz.can_edit(current_user)
    may_update = authz.can_update_action(current_user, action)
    if may_edit and edit_form is None:
        edit_form = _edit_form(action)
    if may_update and progress_form is None:
        progress_form = _progress_form(action)
    item = action.item
    view = view or disclosure.action_view(action, current_user)
    return render_template(
        "followup/show.html", action=action, item=item, meeting=item.meeting, case=item.case,
        number=item_number(item, action.council.case_number_format), shown=view.item,
        reported=action.reported_item, reported_shown=view.reported,
        reported_number=item_number(action.reported_item, action.council.case_number_format)
        if action.reported_item else None,
        edit_form=edit_form if may_edit else None,
        progress_form=progress_form if may_update else None, **_helpers()), status


@bp.route("/<int:action_id>", methods=["GET", "POST"])
@login_required
def show(action_id: int):
    _require_viewer()
    action = get_or_404(FollowUpAction, action_id)
    view = disclosure.action_view(action, current_user)
    if not view.visible:
        abort(403)
    if request.method == "GET":
        return _render_action(action, view=view)
    which = request.form.get("skjema")
    if which == "rediger":
        return _save_edit(action)
    if which == "framdrift":
        return _save_progress(action)
    abort(400)


def _save_edit(action: FollowUpAction):
    if not authz.can_edit(current_user):
        abort(403)
    form = _edit_form(action, formdata=request.form)
    if not form.validate():
        return _render_action(action, edit_form=form, status=400)

    def save():
        followup.update_action(
            action, expected_version=_version(form.version),
            description=form.description.data,
            responsible_organisation=db.session.get(Organisation, form.organisation.data)
            if form.organisation.data else None,
            responsible_person=db.session.get(Person, form.person.data) if form.person.data else None,
            due_date=form.due_date.data, due_label=form.due_label.data,
            reported_item=db.session.get(AgendaItem, form.reported_item.data)
            if form.reported_item.data else None)

    if _commit(save):
        flash(_("Endringene er lagret."), "success")
        return redirect(url_for("followup.show", action_id=action.id))
    action = db.session.get(FollowUpAction, action.id)
    return _render_action(action, edit_form=form, status=409)


def _save_progress(action: FollowUpAction):
    if not authz.can_update_action(current_user, action):
        abort(403)
    form = _progress_form(action, formdata=request.form)
    if not form.validate():
        return _render_action(action, progress_form=form, status=400)
    new_status = form.status.data
    note = (form.note.data or "").strip()
    if new_status == action.status and not note:
        flash(_("Ingenting å lagre: velg en annen status eller skriv et notat."), "info")
        return redirect(url_for("followup.show", action_id=action.id))
    author = current_user.person.name if current_user.person else current_user.email

    def save():
        if new_status != action.status:
            followup.update_action(action, expected_version=_version(form.version), status=new_status)
        if note:
            followup.add_note(action, note, author)

    if _commit(save):
        flash(_("Framdriften er lagret."), "success")
        return redirect(url_for("followup.show", action_id=action.id) + "#framdrift")
    action = db.session.get(FollowUpAction, action.id)
    return _render_action(action, progress_form=form, status=409)
