"""Helpers shared by the blueprints' views: access decorators, lookups, and a unit of work run as
the request's user."""
from functools import wraps

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from app import authz, unit_of_work
from app.extensions import db
from app.input_limits import EARLIEST_DATE, LATEST_DATE, MAX_DATABASE_INT
from app.unit_of_work import Outcome

# Bounds for query_int
YEARS = (EARLIEST_DATE.year, LATEST_DATE.year)
IDS = (1, MAX_DATABASE_INT)
LAST_PAGE = 1_000_000  # far past any list's end, and small enough for the database's OFFSET


def secretariat_required(view):
    """The view is for the secretariat (and admins): others get 403, anonymous users log in."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not authz.can_edit(current_user):
            abort(403)
        return view(*args, **kwargs)
    return wrapper


def get_or_404(model, ident):
    obj = db.session.get(model, ident)
    if obj is None:
        abort(404)
    return obj


def query_int(name: str, bounds: tuple[int, int]) -> int | None:
    """The query-string integer ``name`` (``?år=2022``, ``?punkt=7``) within ``bounds`` (YEARS,
    IDS); None when absent, not a whole number or out of bounds: the view does what it does when
    the parameter is left out (its default year; 404 for a record it needs)."""
    value = request.args.get(name, type=int)
    if value is None or not bounds[0] <= value <= bounds[1]:
        return None
    return value


def query_page() -> int:
    """``?side=``: page 1 unless a whole number is given, and then at least 1 and at most
    LAST_PAGE (the view decides what a page past the end shows)."""
    value = request.args.get("side", type=int)
    return 1 if value is None else min(max(value, 1), LAST_PAGE)


def run_as_current_user(action, changed_meanwhile=None, anonymous: str = "anonym") -> Outcome:
    """``unit_of_work.run`` as the request's user (``anonymous`` names a visitor not logged in)."""
    actor = current_user._get_current_object() if current_user.is_authenticated else anonymous
    return unit_of_work.run(action, actor, changed_meanwhile)


def run_service(action, changed_meanwhile) -> str | None:
    """Run a service call as the current user and commit; on a refusal return the message (nothing
    is changed). ``changed_meanwhile`` is the message for a save that lost a race with a colleague's."""
    return run_as_current_user(action, changed_meanwhile).error


def show_refusal(form, outcome: Outcome) -> None:
    """A refused unit of work's message: next to the form field its FieldError names, else as a
    flash message."""
    field = form._fields.get(outcome.field or "")
    if field is not None:
        field.errors = [*field.errors, outcome.error]
    else:
        flash(outcome.error, "error")


def save_form(form, action, changed_meanwhile=None) -> bool:
    """``run_service`` for a form: a refusal is shown next to its field (show_refusal). True when
    it was saved."""
    outcome = run_as_current_user(action, changed_meanwhile)
    if not outcome.ok:
        show_refusal(form, outcome)
    return outcome.ok


def commit_or_flash(action, changed_meanwhile) -> bool:
    """``run_service``, showing a refusal as a flash message; True when it was saved."""
    outcome = run_as_current_user(action, changed_meanwhile)
    if not outcome.ok:
        flash(outcome.error, "error")
    return outcome.ok


def send_stored_document(document, *, exempt: bool):
    """An uploaded file (a case document, a proposal's attachment) as a download under its
    original name; 404 when the stored file is missing. An exempt one is never cached."""
    from flask import current_app, send_file

    from app.services.casework import documents

    path = documents.stored_path(document.stored_name)
    if not path.is_file():
        current_app.logger.error("Mangler lagret fil %s (%s)", document.stored_name, type(document).__name__)
        abort(404)
    response = send_file(path, mimetype=document.content_type, as_attachment=True,
                         download_name=document.original_name, conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store" if exempt else "private"
    return response
