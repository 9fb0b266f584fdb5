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
