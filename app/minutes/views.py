"""Minutes (referat): reading, comments, approval, publication, corrections and versions."""
from flask import Blueprint, abort

bp = Blueprint("minutes", __name__, url_prefix="/moter")


@bp.route("/<int:meeting_id>/referat")
def show(meeting_id: int):
    abort(404)  # TODO(helper): the minutes page
