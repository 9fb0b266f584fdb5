"""The agenda builder's item pages: edit an item (with conflict handling), postpone, reinstate,
move to another meeting, withdraw or remove, and the decision proposal with its revisions.
Routes of the ``meetings`` blueprint (app/meetings/views.py)."""
from flask import abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import disclosure
from app.extensions import db
from app.form_fields import parse_id
from app.i18n import localized_date
from app.meetings import forms
from app.meetings.views import (
    CHANGED_MEANWHILE,
    _builder_url,
    _commit_or_flash,
    _item_or_404,
    bp,
)
from app.models import AgendaItem, ItemKind, Meeting
from app.services.planning import item_locking, meetings, phrases, proposal_text
from app.services.planning.agenda import item_number
from app.services.planning.item_locking import item_values
from app.services.proceedings import item_inputs
from app.services.registry import councils as councils_service
from app.web import run_as_current_user, secretariat_required, show_refusal

ITEM_LABELS = {"title": _l("Tittel"), "item_type": _l("Innretning"), "presenters": _l("Presenterer saken"),
               "presenting_organisation_id": _l("Organisasjon"), "duration_minutes": _l("Varighet"),
               "pinned_start": _l("Fast starttid"), "subitems": _l("Underpunkter")}


def _item_form(item: AgendaItem):
    if item.kind == ItemKind.BREAK:
        form = forms.BreakItemForm()
    else:
        form = forms.ItemForm()
        orgs = councils_service.all_organisations()
        form.organisation.choices = forms.choices([(0, _("(ingen)"))] + [(o.id, o.name) for o in orgs])
    return form


@bp.route("/<int:meeting_id>/punkt/<int:item_id>", methods=["GET", "POST"])
@secretariat_required
def edit_item(meeting_id: int, item_id: int):
    item = _item_or_404(meeting_id, item_id)
    form = _item_form(item)
    conflict = None
    if request.method == "GET":
        forms.fill_item_form(form, item)
    elif form.validate_on_submit():
        fields = forms.submitted_item_fields(form, item)
        original = form.original.data

        def save():
            locked = item_locking.lock_item(item.id)
            item_locking.check_version(locked, form.version.data or 0, fields, ITEM_LABELS,
                                   original=original)
            meetings.update_item(locked, **fields)
            if locked.kind == ItemKind.CASE:
                item_inputs.set_input_request(locked, form.input_requested.data,
                                              form.input_deadline.data)

        outcome = run_as_current_user(save, CHANGED_MEANWHILE)
        if outcome.ok:
            flash(_("Endringene er lagret."), "success")
            return redirect(_builder_url(meeting_id, f"punkt-{item_id}"))
        if outcome.conflict is not None:
            conflict = outcome.conflict
            item = conflict.item
            # Fields this editor did not touch take the colleague's values; the editor's own
            # changes stay in the form. Saving again is then a deliberate choice.
            for field in conflict.taken_over:
                forms.show_stored_value(form, field, getattr(item, field) if field != "presenters"
                              else [p.display_name for p in item.presenters])
            form.version.data = item.version
            form.original.data = forms.snapshot(item_values(item))
        else:
            show_refusal(form, outcome)
    meeting = item.meeting
    targets = meetings.move_targets(meeting)
    move_form = forms.MoveForm()
    move_form.target.choices = forms.choices((m.id, f"{m.label} ({localized_date(m.date)})") for m in targets)
    status = 409 if conflict else (400 if form.errors else 200)
    return render_template("meetings/item.html", item=item, meeting=meeting, form=form,
                           exempt_note=disclosure.item_view(item, current_user).page_note,
                           conflict=conflict, postpone_form=forms.PostponeForm(),
                           move_form=move_form, number=item_number(item, item.meeting.council.case_number_format)), status


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
    target_id = parse_id(request.form.get("target"))
    target = db.session.get(Meeting, target_id) if target_id else None
    if target is None:
        flash(_("Velg møtet punktet skal flyttes til."), "error")
        return redirect(url_for("meetings.edit_item", meeting_id=meeting_id, item_id=item_id))
    if _commit_or_flash(lambda: meetings.move_to_meeting(item, target)):
        flash(_("Punktet er flyttet til %(label)s.", label=target.label), "success")
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
                                   exempt_note=disclosure.item_view(item, current_user).page_note,
                                   form=form, number=item_number(item, item.meeting.council.case_number_format)), 400
        phrase = library[int(form.phrase.data)]
        form.body.data = ((form.body.data or "").rstrip() + ("\n\n" if form.body.data else "") + phrase)
        if form.kind.data == "points":
            form.body.data = form.body.data.replace("\n\n" + phrase, "\n" + phrase)
    elif form.validate_on_submit():
        heading = form.custom_heading.data.strip() if form.heading.data == "__annen__" else form.heading.data
        if not heading:
            form.custom_heading.errors.append(_("Skriv overskriften, eller velg en av de faste."))
        else:
            def save():
                body = proposal_text.parse(form.kind.data, form.body.data)
                meetings.set_proposal(item_locking.lock_item(item.id), heading, body,
                                      expected_revision=form.revision.data)

            outcome = run_as_current_user(save, CHANGED_MEANWHILE)
            if outcome.ok:
                flash(_("Forslaget til vedtak er lagret."), "success")
                return redirect(_builder_url(meeting_id, f"punkt-{item_id}"))
            form.body.errors.append(outcome.error)
            form.revision.data = len(item.proposal_revisions)
    return render_template("meetings/proposal.html", item=item, meeting=item.meeting,
                                   exempt_note=disclosure.item_view(item, current_user).page_note, form=form,
                           number=item_number(item, item.meeting.council.case_number_format)), 400 if form.errors else 200


@bp.route("/<int:meeting_id>/punkt/<int:item_id>/forslag/versjoner")
@secretariat_required
def proposal_revisions(meeting_id: int, item_id: int):
    item = _item_or_404(meeting_id, item_id)
    return render_template("meetings/revisions.html", item=item, meeting=item.meeting,
                           number=item_number(item, item.meeting.council.case_number_format))
