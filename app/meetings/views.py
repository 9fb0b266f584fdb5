"""Meeting calendar and agenda builder: the secretariat prepares a meeting up to the issued notice.

Every change goes through app/services (meetings, meeting_setup, proposal_text); views only parse
forms, call a service inside ``acting_as(current_user)``, commit, and show the result or the
service's message.
"""
import json
from datetime import date, time

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app import disclosure
from app.extensions import db
from app.formatting import format_case_number
from app.i18n import localized_date
from app.meetings import forms
from app.models import AgendaItem, CaseQueueEntry, Council, ItemKind, Meeting, MeetingStatus, Organisation
from app.services import (
    ServiceError,
    agenda,
    case_queue,
    meetings,
    notifications,
    phrases,
    proposal_text,
)
from app.services.audit import acting_as
from app.services.cases import case_by_file_number, parse_file_number
from app.services.meeting_setup import create_meeting_with_agenda
from app.web import commit_or_flash, get_or_404, secretariat_required

bp = Blueprint("meetings", __name__, url_prefix="/moter")

ITEM_LABELS = {"title": _l("Tittel"), "item_type": _l("Innretning"), "presenters": _l("Presenterer saken"),
               "presenting_organisation_id": _l("Organisasjon"), "duration_minutes": _l("Varighet"),
               "pinned_start": _l("Fast starttid"), "subitems": _l("Underpunkter")}
STATUS_LABELS = {"planned": _l("Planlagt"), "issued": _l("Innkalling sendt"), "held": _l("Avholdt"),
                 "cancelled": _l("Avlyst")}


def _councils() -> list[Council]:
    return db.session.scalars(select(Council).order_by(Council.code)).all()


def _commit_or_flash(action) -> bool:
    return commit_or_flash(action, CHANGED_MEANWHILE)

CHANGED_MEANWHILE = _l("Dagsordenen ble endret av noen andre i samme øyeblikk. Ingenting ble lagret; "
                       "se over siden og prøv igjen.")


def _builder_url(meeting_id: int, anchor: str | None = None) -> str:
    return url_for("meetings.builder", meeting_id=meeting_id) + (f"#{anchor}" if anchor else "")


def _item_or_404(meeting_id: int, item_id: int) -> AgendaItem:
    item = get_or_404(AgendaItem, item_id)
    if item.meeting_id != meeting_id:
        abort(404)
    return item


@bp.route("/")
@secretariat_required
def calendar():
    councils = _councils()
    code = request.args.get("utvalg") or (councils[0].code if councils else None)
    council = next((c for c in councils if c.code == code), None)
    year = request.args.get("år", type=int) or date.today().year
    rows = []
    if council is not None:
        rows = db.session.scalars(select(Meeting).where(
            Meeting.council_id == council.id, Meeting.year == year).order_by(Meeting.number)).all()
    return render_template("meetings/calendar.html", councils=councils, council=council, year=year,
                           meetings=rows, status_labels=STATUS_LABELS)


@bp.route("/nytt", methods=["GET", "POST"])
@secretariat_required
def new():
    form = forms.MeetingForm()
    councils = _councils()
    form.council.choices = forms.choices((c.id, f"{c.code} – {c.name}") for c in councils)
    if request.method == "GET" and request.args.get("utvalg"):
        chosen = next((c for c in councils if c.code == request.args["utvalg"]), None)
        if chosen:
            form.council.data = chosen.id
    if form.validate_on_submit():
        council = db.session.get(Council, form.council.data)
        created = {}

        def create():
            created["meeting"] = create_meeting_with_agenda(
                council, form.date.data, form.start.data, kind=form.kind.data,
                location=form.location.data or None)
            created["meeting"].video_url = form.video_url.data or None

        if _commit_or_flash(create):
            meeting = created["meeting"]
            flash(_("%(code)s %(label)s er opprettet med standardpunktene.", code=council.code,
                    label=meeting.label), "success")
            return redirect(_builder_url(meeting.id))
    return render_template("meetings/new.html", form=form), 400 if form.errors else 200


@bp.route("/<int:meeting_id>")
@secretariat_required
def builder(meeting_id: int):
    return _render_builder(meeting_id)


def _render_builder(meeting_id: int, status: int = 200, **add_forms):
    """The builder page; ``add_forms`` replaces an "add" form that failed validation, so its
    messages appear next to its fields."""
    meeting = agenda.load_meeting(meeting_id)
    if meeting is None:
        abort(404)
    rows = agenda.agenda_rows(meeting, current_user)
    items = {i.id: i for i in meeting.items}
    errors, warnings = meetings.notice_problems(meeting) if meeting.status == MeetingStatus.PLANNED else ([], [])
    add_forms.setdefault("case_form", forms.NewCaseItemForm(prefix="sak", formdata=None))
    add_forms.setdefault("existing_form", forms.ExistingCaseItemForm(prefix="registrert", formdata=None))
    add_forms.setdefault("break_form", forms.BreakForm(prefix="pause", formdata=None))
    queue = case_queue.queue_for(meeting)
    queue_titles = {e.id: disclosure.case_view(e.case, current_user).page_title for e in queue}
    changed_items = sum(1 for i in meeting.items if i.changed_after_issue)
    return render_template(
        "meetings/builder.html", meeting=meeting, council=meeting.council, rows=rows, items=items,
        status_labels=STATUS_LABELS, errors=errors, warnings=warnings, queue=queue,
        queue_titles=queue_titles, changed_items=changed_items, **add_forms), status


@bp.route("/<int:meeting_id>/saksko/<int:entry_id>", methods=["POST"])
@secretariat_required
def place_queued(meeting_id: int, entry_id: int):
    """Put a case waiting in the council's queue (postponed or sent on) on this agenda."""
    meeting = get_or_404(Meeting, meeting_id)
    entry = get_or_404(CaseQueueEntry, entry_id)
    if _commit_or_flash(lambda: case_queue.place(entry, meeting)):
        flash(_("Saken er satt på dagsordenen."), "success")
    return redirect(url_for(".builder", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/varsle-oppdatering", methods=["POST"])
@secretariat_required
def notify_updated(meeting_id: int):
    """E-mail the members that the papers changed after the notice was issued."""
    meeting = get_or_404(Meeting, meeting_id)
    sent = []
    if _commit_or_flash(lambda: sent.append(notifications.papers_updated(meeting))):
        flash(_("Varsel om oppdaterte sakspapirer er lagt i utboksen til %(num)s mottakere.",
                num=sent[0]), "success")
    return redirect(url_for(".builder", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/sak", methods=["POST"])
@secretariat_required
def add_case(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    form = forms.NewCaseItemForm(prefix="sak")
    if not form.validate_on_submit():
        return _render_builder(meeting_id, 400, case_form=form)
    created = {}
    if _commit_or_flash(lambda: created.setdefault("item", meetings.add_case_item(
            meeting, form.title.data, item_type=form.item_type.data or None,
            duration=form.duration.data))):
        item = created["item"]
        flash(_("Saken «%(title)s» er lagt til (arkivsak %(number)s).", title=item.title,
                number=item.case.file_number), "success")
        return redirect(_builder_url(meeting_id, f"punkt-{item.id}"))
    return redirect(_builder_url(meeting_id, "legg-til"))


@bp.route("/<int:meeting_id>/registrert-sak", methods=["POST"])
@secretariat_required
def add_existing_case(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    form = forms.ExistingCaseItemForm(prefix="registrert")
    if not form.validate_on_submit():
        return _render_builder(meeting_id, 400, existing_form=form)
    try:
        case = case_by_file_number(*parse_file_number(form.file_number.data.strip()))
    except ServiceError as exc:
        form.file_number.errors.append(str(exc))
        return _render_builder(meeting_id, 400, existing_form=form)
    if case is None:
        form.file_number.errors.append(_("Fant ingen sak med arkivsaksnummer %(number)s.",
                                          number=form.file_number.data.strip()))
        return _render_builder(meeting_id, 400, existing_form=form)
    if _commit_or_flash(lambda: meetings.add_case_item(meeting, case.title, case=case, duration=30)):
        flash(_("Sak %(number)s «%(title)s» er lagt til.", number=case.file_number, title=case.title), "success")
    return redirect(_builder_url(meeting_id, "legg-til"))


@bp.route("/<int:meeting_id>/pause", methods=["POST"])
@secretariat_required
def add_break(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    form = forms.BreakForm(prefix="pause")
    if not form.validate_on_submit():
        return _render_builder(meeting_id, 400, break_form=form)
    if _commit_or_flash(lambda: meetings.add_break(meeting, form.title.data, duration=form.duration.data)):
        flash(_("%(title)s på %(minutes)s minutter er lagt til.", title=form.title.data,
                minutes=form.duration.data), "success")
    return redirect(_builder_url(meeting_id, "legg-til"))


@bp.route("/<int:meeting_id>/punkt/<int:item_id>/flytt", methods=["POST"])
@secretariat_required
def move(meeting_id: int, item_id: int):
    item = _item_or_404(meeting_id, item_id)
    direction = -1 if request.form.get("retning") == "opp" else 1
    _commit_or_flash(lambda: meetings.move_item(item, direction))
    return redirect(_builder_url(meeting_id, f"punkt-{item_id}"))


@bp.route("/<int:meeting_id>/rekkefolge", methods=["POST"])
@secretariat_required
def reorder(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    try:
        ids = [int(v) for v in request.form.get("order", "").split(",") if v]
    except ValueError:
        abort(400)
    ok = _commit_or_flash(lambda: meetings.reorder(meeting, ids))
    if request.headers.get("X-Requested-With") == "fetch":
        return ("", 204) if ok else ("", 409)
    return redirect(_builder_url(meeting_id))


def _item_form(item: AgendaItem):
    if item.kind == ItemKind.BREAK:
        form = forms.BreakItemForm()
    else:
        form = forms.ItemForm()
        orgs = db.session.scalars(select(Organisation).order_by(Organisation.name)).all()
        form.organisation.choices = forms.choices([(0, _("(ingen)"))] + [(o.id, o.name) for o in orgs])
    return form


def _fill_item_form(form, item: AgendaItem) -> None:
    form.version.data = item.version
    form.original.data = json.dumps(_snapshot(meetings.item_values(item)))
    form.title.data = item.title
    form.duration.data = item.duration_minutes
    form.pinned_start.data = item.pinned_start
    if item.kind == ItemKind.CASE:
        form.item_type.data = item.item_type or ""
        form.presenters.data = ", ".join(p.display_name for p in item.presenters)
        form.organisation.data = item.presenting_organisation_id or 0
        form.subitems.data = "\n".join(item.subitems or [])


def _snapshot(values: dict) -> dict:
    """Item values as JSON-friendly data (times as "HH:MM")."""
    return {k: (v.strftime("%H:%M") if isinstance(v, time) else v) for k, v in values.items()}


def _show_in_form(form, field: str, value) -> None:
    """Put a stored value back into the item form (used to take over a colleague's change)."""
    if field == "title":
        form.title.data = value
    elif field == "duration_minutes":
        form.duration.data = value
    elif field == "pinned_start":
        form.pinned_start.data = value
    elif field == "item_type":
        form.item_type.data = value or ""
    elif field == "presenters":
        form.presenters.data = ", ".join(value)
    elif field == "presenting_organisation_id":
        form.organisation.data = value or 0
    elif field == "subitems":
        form.subitems.data = "\n".join(value)


def _submitted_fields(form, item: AgendaItem) -> dict:
    fields = {"title": form.title.data.strip(), "duration_minutes": form.duration.data,
              "pinned_start": form.pinned_start.data}
    if item.kind == ItemKind.CASE:
        names = [n.strip() for n in (form.presenters.data or "").replace(" og ", ",").split(",")]
        fields.update(item_type=form.item_type.data or None,
                      presenters=[n for n in names if n],
                      presenting_organisation_id=form.organisation.data or None,
                      subitems=[s.strip() for s in (form.subitems.data or "").splitlines() if s.strip()])
    return fields


@bp.route("/<int:meeting_id>/punkt/<int:item_id>", methods=["GET", "POST"])
@secretariat_required
def edit_item(meeting_id: int, item_id: int):
    item = _item_or_404(meeting_id, item_id)
    form = _item_form(item)
    conflict = None
    if request.method == "GET":
        _fill_item_form(form, item)
    elif form.validate_on_submit():
        fields = _submitted_fields(form, item)
        try:
            original = json.loads(form.original.data or "{}")
            with acting_as(current_user):
                item = meetings.lock_item(item.id)
                meetings.check_version(item, int(form.version.data or 0), fields, ITEM_LABELS,
                                       original=original)
                meetings.update_item(item, **fields)
            db.session.commit()
            flash(_("Endringene er lagret."), "success")
            return redirect(_builder_url(meeting_id, f"punkt-{item_id}"))
        except (StaleDataError, IntegrityError):
            db.session.rollback()
            flash(str(CHANGED_MEANWHILE), "error")
        except meetings.EditConflict as exc:
            db.session.rollback()
            conflict = exc
            # Fields this editor did not touch take the colleague's values; the editor's own
            # changes stay in the form. Saving again is then a deliberate choice.
            for field in exc.taken_over:
                _show_in_form(form, field, getattr(item, field) if field != "presenters"
                              else [p.display_name for p in item.presenters])
            form.version.data = item.version
            form.original.data = json.dumps(_snapshot(meetings.item_values(item)))
        except ServiceError as exc:
            db.session.rollback()
            flash(str(exc), "error")
    meeting = item.meeting
    targets = db.session.scalars(select(Meeting).where(
        Meeting.council_id == meeting.council_id, Meeting.id != meeting.id,
        Meeting.status.in_([MeetingStatus.PLANNED, MeetingStatus.ISSUED])).order_by(Meeting.date)).all()
    move_form = forms.MoveForm()
    move_form.target.choices = forms.choices((m.id, f"{m.label} ({localized_date(m.date)})") for m in targets)
    status = 409 if conflict else (400 if form.errors else 200)
    return render_template("meetings/item.html", item=item, meeting=meeting, form=form,
                           conflict=conflict, postpone_form=forms.PostponeForm(),
                           move_form=move_form, number=_number(item)), status


def _number(item: AgendaItem) -> str:
    if item.case_seq is None:
        return ""
    return format_case_number(item.meeting.council.case_number_format, item.case_seq, item.case_year)


@bp.route("/<int:meeting_id>/punkt/<int:item_id>/utsett", methods=["POST"])
@secretariat_required
def postpone(meeting_id: int, item_id: int):
    item = _item_or_404(meeting_id, item_id)
    form = forms.PostponeForm()
    if not form.validate_on_submit():
        flash(_("Velg datoen for møtet saken utsettes til (åååå-mm-dd)."), "error")
        return redirect(url_for("meetings.edit_item", meeting_id=meeting_id, item_id=item_id))
    if _commit_or_flash(lambda: meetings.postpone_item(item, to_date=form.to_date.data)):
        flash(_("Saken er utsatt til møtet %(date)s.", date=localized_date(form.to_date.data)), "success")
    return redirect(_builder_url(meeting_id, f"punkt-{item_id}"))


@bp.route("/<int:meeting_id>/punkt/<int:item_id>/gjenopprett", methods=["POST"])
@secretariat_required
def reinstate(meeting_id: int, item_id: int):
    item = _item_or_404(meeting_id, item_id)
    if _commit_or_flash(lambda: meetings.set_status(item, "planned")):
        flash(_("Saken står på dagsordenen igjen."), "success")
    return redirect(_builder_url(meeting_id, f"punkt-{item_id}"))


@bp.route("/<int:meeting_id>/punkt/<int:item_id>/flytt-til", methods=["POST"])
@secretariat_required
def move_to(meeting_id: int, item_id: int):
    item = _item_or_404(meeting_id, item_id)
    target = db.session.get(Meeting, request.form.get("target", type=int) or 0)
    if target is None:
        flash(_("Velg møtet punktet skal flyttes til."), "error")
        return redirect(url_for("meetings.edit_item", meeting_id=meeting_id, item_id=item_id))
    if _commit_or_flash(lambda: meetings.move_to_meeting(item, target)):
        flash(_("«%(title)s» er flyttet til %(label)s.", title=item.title, label=target.label), "success")
        return redirect(_builder_url(target.id, f"punkt-{item_id}"))
    return redirect(url_for("meetings.edit_item", meeting_id=meeting_id, item_id=item_id))


CONFIRMABLE = {
    "trekk": (_l("Trekk saken"), _l("Saken blir stående på dagsordenen som trukket, uten tid. "
                                   "Møtesaksnummeret blir ikke brukt på nytt."),
              meetings.withdraw_item, _l("Saken er trukket.")),
    "fjern": (_l("Fjern punktet"), _l("Punktet tas helt bort fra dagsordenen. Saken blir liggende i "
                                     "saksregisteret."),
              meetings.remove_item, _l("Punktet er fjernet fra dagsordenen.")),
}


@bp.route("/<int:meeting_id>/punkt/<int:item_id>/<any(trekk, fjern):action>", methods=["GET", "POST"])
@secretariat_required
def confirm_item_action(meeting_id: int, item_id: int, action: str):
    item = _item_or_404(meeting_id, item_id)
    title, explanation, service, done = CONFIRMABLE[action]
    if request.method == "POST":
        if _commit_or_flash(lambda: service(item)):
            flash(str(done), "success")
        return redirect(_builder_url(meeting_id))
    return render_template("meetings/confirm.html", item=item, meeting=item.meeting, title=title,
                           explanation=explanation, action=action)


@bp.route("/<int:meeting_id>/punkt/<int:item_id>/forslag", methods=["GET", "POST"])
@secretariat_required
def proposal(meeting_id: int, item_id: int):
    item = _item_or_404(meeting_id, item_id)
    if item.kind != ItemKind.CASE:
        abort(404)
    form = forms.ProposalForm()
    headings = phrases.headings_for(item)
    form.heading.choices = forms.choices([(h, h) for h in headings] + [("__annen__", _("Annen overskrift"))])
    library = phrases.phrases_for(item)
    form.phrase.choices = forms.choices([("", _("Velg en formulering …"))]
                                        + [(str(i), p) for i, p in enumerate(library)])
    if request.method == "GET":
        current = item.proposal_heading or headings[0]
        form.heading.data = current if current in headings else "__annen__"
        form.custom_heading.data = "" if current in headings else current
        form.kind.data = proposal_text.kind_of(item.proposal_body)
        form.body.data = proposal_text.to_source(item.proposal_body)
        form.revision.data = len(item.proposal_revisions)
    elif request.form.get("action") == "insert":
        if not form.phrase.validate(form) or not form.phrase.data:
            form.phrase.errors = [_("Velg en formulering fra listen.")]
            return render_template("meetings/proposal.html", item=item, meeting=item.meeting,
                                   form=form, number=_number(item)), 400
        phrase = library[int(form.phrase.data)]
        form.body.data = ((form.body.data or "").rstrip() + ("\n\n" if form.body.data else "") + phrase)
        if form.kind.data == "points":
            form.body.data = form.body.data.replace("\n\n" + phrase, "\n" + phrase)
    elif form.validate_on_submit():
        heading = form.custom_heading.data.strip() if form.heading.data == "__annen__" else form.heading.data
        if not heading:
            form.custom_heading.errors.append(_("Skriv overskriften, eller velg en av de faste."))
        else:
            try:
                body = proposal_text.parse(form.kind.data, form.body.data)
                with acting_as(current_user):
                    item = meetings.lock_item(item.id)
                    meetings.set_proposal(item, heading, body,
                                          expected_revision=_int_or_none(form.revision.data))
                db.session.commit()
                flash(_("Forslaget til vedtak er lagret."), "success")
                return redirect(_builder_url(meeting_id, f"punkt-{item_id}"))
            except (ServiceError, IntegrityError) as exc:
                db.session.rollback()
                form.body.errors.append(str(exc) if isinstance(exc, ServiceError) else str(CHANGED_MEANWHILE))
                form.revision.data = len(item.proposal_revisions)
    return render_template("meetings/proposal.html", item=item, meeting=item.meeting, form=form,
                           number=_number(item)), 400 if form.errors else 200


def _int_or_none(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@bp.route("/<int:meeting_id>/punkt/<int:item_id>/forslag/versjoner")
@secretariat_required
def proposal_revisions(meeting_id: int, item_id: int):
    item = _item_or_404(meeting_id, item_id)
    return render_template("meetings/revisions.html", item=item, meeting=item.meeting,
                           number=_number(item))


@bp.route("/<int:meeting_id>/send", methods=["GET", "POST"])
@secretariat_required
def issue(meeting_id: int):
    meeting = agenda.load_meeting(meeting_id)
    if meeting is None:
        abort(404)
    form = forms.IssueForm()
    errors, warnings = meetings.notice_problems(meeting)
    if form.validate_on_submit():
        if _commit_or_flash(lambda: meetings.issue_notice(
                meeting.id, current_user, enforce_checks=True,
                accept_warnings=form.accept_warnings.data)):
            flash(_("Innkallingen til %(code)s %(label)s er sendt. Sakene har fått møtesaksnummer.",
                    code=meeting.council.code, label=meeting.label), "success")
            return redirect(_builder_url(meeting_id))
    return render_template("meetings/issue.html", meeting=meeting, form=form, errors=errors,
                           warnings=warnings)


@bp.route("/<int:meeting_id>/rediger", methods=["GET", "POST"])
@secretariat_required
def edit_meeting(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    form = forms.EditMeetingForm(obj=None if request.method == "POST" else meeting)
    if request.method == "GET":
        form.start.data = meeting.start_time
    if form.validate_on_submit():
        if _commit_or_flash(lambda: meetings.update_meeting(
                meeting, date=form.date.data, start_time=form.start.data, kind=form.kind.data,
                location=form.location.data or None, video_url=form.video_url.data or None)):
            flash(_("%(label)s er endret.", label=meeting.label), "success")
            return redirect(_builder_url(meeting_id))
    return render_template("meetings/edit.html", meeting=meeting, form=form), 400 if form.errors else 200


@bp.route("/<int:meeting_id>/avlys", methods=["GET", "POST"])
@secretariat_required
def cancel(meeting_id: int):
    meeting = get_or_404(Meeting, meeting_id)
    form = forms.CancelForm()
    if form.validate_on_submit():
        if _commit_or_flash(lambda: meetings.cancel_meeting(meeting, form.reason.data)):
            flash(_("%(label)s er avlyst. Møtenummeret brukes ikke på nytt.", label=meeting.label), "success")
            return redirect(_builder_url(meeting_id))
    return render_template("meetings/cancel.html", meeting=meeting, form=form), 400 if form.errors else 200
