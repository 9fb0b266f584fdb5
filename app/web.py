"""Helpers shared by the blueprints' views: access decorators, lookups, and a unit of work run as
the request's user."""
from functools import wraps

from flask import abort, flash, redirect, request, url_for
from flask_login import current_user

from app import authz, unit_of_work
from app.extensions import db
from app.unit_of_work import Outcome


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


def run_as_current_user(action, changed_meanwhile=None, anonymous: str = "anonym") -> Outcome:
    """``unit_of_work.run`` as the request's user (``anonymous`` names a visitor not logged in)."""
    actor = current_user._get_current_object() if current_user.is_authenticated else anonymous
    return unit_of_work.run(action, actor, changed_meanwhile)


def run_service(action, changed_meanwhile) -> str | None:
    """Run a service call as the current user and commit; on a refusal return the message (nothing
    is changed). ``changed_meanwhile`` is the message for a save that lost a race with a colleague's."""
    return run_as_current_user(action, changed_meanwhile).error


def commit_or_flash(action, changed_meanwhile) -> bool:
    """``run_service``, showing a refusal as a flash message; True when it was saved."""
    outcome = run_as_current_user(action, changed_meanwhile)
    if not outcome.ok:
        flash(outcome.error, "error")
    return outcome.ok
