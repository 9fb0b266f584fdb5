"""Approved minutes: publication, corrections (a new version with a reason) and the versions pages. Routes of
the ``minutes`` blueprint (app/minutes/views.py); who sees which versions is app/disclosure.py's."""
from flask import abort, flash, redirect, render_template, request
from flask_babel import gettext as _
from flask_login import current_user

from app import authz, disclosure
from app.minutes import forms
from app.minutes.views import (
    CHANGED_MEANWHILE,
    _commit_or_flash,
    _display_items,
    _load,
    _local,
    _minutes_or_404,
    _readable,
    _show_url,
    _status_text,
    bp,
)
from app.models import AgendaItem, ItemKind
from app.services import ServiceError
from app.services.planning import proposal_text
from app.services.planning.agenda import item_number
from app.services.proceedings import minutes as minutes_service
from app.web import run_as_current_user, secretariat_required


@bp.route("/<int:meeting_id>/referat/publiser", methods=["GET", "POST"])
@secretariat_required
def publish(meeting_id: int):
    meeting = _load(meeting_id)
    if meeting is None:
        abort(404)
    minutes = _minutes_or_404(meeting)
    form = forms.ConfirmForm()
    if form.validate_on_submit():
        if _commit_or_flash(lambda: minutes_service.publish(minutes)):
            flash(_("Referatet er publisert og kan leses av alle."), "success")
        return redirect(_show_url(meeting_id))
    # What the public will see of the exempt items.
    exempt = [shown for shown in (disclosure.item_view(i, disclosure.PUBLIC)
                                  for i in sorted(meeting.items, key=lambda i: i.position))
              if shown.exempt]
    return render_template("minutes/publish.html", meeting=meeting, council=meeting.council,
                           minutes=minutes, form=form, exempt=exempt,
                           status_text=_status_text(minutes))


def _submitted_changes(items: list[AgendaItem]) -> tuple[dict[int, dict], dict[int, str]]:
    """The correction form's per-item fields: what differs from the minutes as they stand, and
    any item whose decision text cannot be read."""
    changes, errors = {}, {}
    for item in items:
        fields = {}
        if f"decision-{item.id}" in request.form:  # a field missing from the form is left alone
            kind = request.form.get(f"kind-{item.id}", proposal_text.kind_of(item.decision_body))
            source = request.form[f"decision-{item.id}"].replace("\r\n", "\n").strip()
            if (source != proposal_text.to_source(item.decision_body).strip()
                    or kind != proposal_text.kind_of(item.decision_body)):
                try:
                    fields["decision_body"] = proposal_text.parse(kind, source)
                except ServiceError as exc:
                    errors[item.id] = str(exc)
        if f"discussion-{item.id}" in request.form:
            discussion = request.form[f"discussion-{item.id}"].replace("\r\n", "\n").strip()
            if discussion != (item.discussion or "").strip():
                fields["discussion"] = discussion or None
        if fields:
            changes[item.id] = fields
    return changes, errors


@bp.route("/<int:meeting_id>/referat/rett", methods=["GET", "POST"])
@secretariat_required
def correct(meeting_id: int):
    meeting = _load(meeting_id)
    if meeting is None:
        abort(404)
    minutes = _minutes_or_404(meeting)
    if not minutes.locked:
        flash(_("Referatet er ikke godkjent ennå; endre vedtak og drøftinger direkte i referatet."),
              "warning")
        return redirect(_show_url(meeting_id))
    items = [i for i in meeting.items if i.kind == ItemKind.CASE]
    form = forms.CorrectionForm()
    item_errors: dict[int, str] = {}
    error = None
    if form.validate_on_submit():
        changes, item_errors = _submitted_changes(items)
        if not item_errors:
            outcome = run_as_current_user(lambda: minutes_service.correct(minutes, form.reason.data, changes),
                                          CHANGED_MEANWHILE)
            if outcome.ok:
                flash(_("Referatet er rettet. Versjon %(number)s er lagret; de tidligere versjonene "
                        "kan fortsatt leses.", number=outcome.value.number), "success")
                return redirect(_show_url(meeting_id))
            error = outcome.error
            meeting = _load(meeting_id)
            items = [i for i in meeting.items if i.kind == ItemKind.CASE]
    submitted = request.method == "POST"
    values = {}
    for item in items:
        values[item.id] = {
            "kind": request.form.get(f"kind-{item.id}") if submitted else proposal_text.kind_of(item.decision_body),
            "decision": request.form.get(f"decision-{item.id}") if submitted else proposal_text.to_source(item.decision_body),
            "discussion": request.form.get(f"discussion-{item.id}") if submitted else (item.discussion or ""),
        }
    fmt = meeting.council.case_number_format
    return render_template(
        "minutes/correct.html", meeting=meeting, council=meeting.council, minutes=minutes, form=form,
        items=items, values=values, item_errors=item_errors, error=error, fmt=fmt,
        item_number=item_number, kinds=forms.DECISION_KINDS,
        status_text=_status_text(minutes)), 400 if (form.errors or item_errors or error) else 200


# --- versions -----------------------------------------------------------------------------------

@bp.route("/<int:meeting_id>/referat/versjoner")
def versions(meeting_id: int):
    meeting = _readable(meeting_id)
    minutes = _minutes_or_404(meeting)
    shown = disclosure.visible_minutes_versions(minutes, current_user)
    return render_template("minutes/versions.html", meeting=meeting, council=meeting.council,
                           minutes=minutes, versions=shown, authors=minutes_service.version_authors(shown), local=_local,
                           status_text=_status_text(minutes), editor=authz.can_edit(current_user))


@bp.route("/<int:meeting_id>/referat/versjoner/<int:number>")
def version(meeting_id: int, number: int):
    meeting = _readable(meeting_id)
    minutes = _minutes_or_404(meeting)
    chosen = next((v for v in disclosure.visible_minutes_versions(minutes, current_user)
                   if v.number == number), None)
    if chosen is None:
        abort(404)
    content = chosen.content
    return render_template(
        "minutes/version.html", meeting=meeting, council=meeting.council, minutes=minutes,
        version=chosen, content=content, rows=_display_items(content, meeting),
        author=minutes_service.version_authors([chosen]).get(chosen.created_by_id), local=_local,
        latest=minutes.versions[-1].number, show_reasons=authz.can_view_exempt(current_user, meeting.council),
        editor=authz.can_edit(current_user))
