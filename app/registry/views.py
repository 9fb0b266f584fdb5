"""Councils, organisations, people and memberships (secretariat)."""
from flask import Blueprint

from app.web import secretariat_required

bp = Blueprint("registry", __name__, url_prefix="/register")


@bp.route("/")
@secretariat_required
def councils():
    return "Under arbeid", 200
