"""Follow-up actions (oppfølgingspunkter): the overview across councils, CSV, one action."""
from flask import Blueprint, abort

bp = Blueprint("followup", __name__, url_prefix="/oppfolging")


@bp.route("/")
def overview():
    abort(404)  # TODO(helper): the overview


@bp.route("/<int:action_id>")
def show(action_id: int):
    abort(404)  # TODO(helper): one action
