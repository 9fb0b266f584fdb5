"""The case register (secretariat)."""
from flask import Blueprint

from app.web import secretariat_required

bp = Blueprint("cases", __name__, url_prefix="/saker")


@bp.route("/")
@secretariat_required
def index():
    return "Under arbeid", 200
