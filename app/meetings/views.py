"""Meeting calendar and agenda builder (secretariat)."""
from flask import Blueprint

from app.web import secretariat_required

bp = Blueprint("meetings", __name__, url_prefix="/moter")


@bp.route("/")
@secretariat_required
def calendar():
    return "Under arbeid", 200
