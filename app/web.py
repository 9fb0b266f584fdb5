"""Helpers shared by the blueprints' views: access decorators and lookups."""
from functools import wraps

from flask import abort, redirect, request, url_for
from flask_login import current_user

from app import authz
from app.extensions import db


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


def run_service(action, changed_meanwhile) -> str | None:
    """Run a service call as the current user and commit. On a rule violation roll back and return
    the message (nothing is changed); ``changed_meanwhile`` is the message for a save that lost a
    race with a colleague's (stale version or a unique number taken at the same moment)."""
    from flask_login import current_user
    from sqlalchemy.exc import IntegrityError
    from sqlalchemy.orm.exc import StaleDataError

    from app.services import ServiceError
    from app.services.core.audit import acting_as

    try:
        with acting_as(current_user):
            action()
        db.session.commit()
        return None
    except ServiceError as exc:
        db.session.rollback()
        return str(exc)
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        return str(changed_meanwhile)


def commit_or_flash(action, changed_meanwhile) -> bool:
    """``run_service``, showing a refusal as a flash message; True when it was saved."""
    from flask import flash

    message = run_service(action, changed_meanwhile)
    if message is not None:
        flash(message, "error")
    return message is None
