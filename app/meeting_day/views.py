"""The meeting day: attendance and the minute-taker's recording page."""
from flask import Blueprint

bp = Blueprint("meeting_day", __name__, url_prefix="/moter")
