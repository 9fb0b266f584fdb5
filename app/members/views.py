"""The member's home page (/mitt): the landing page after login for members and observers."""
from flask import Blueprint, render_template
from flask_login import current_user, login_required

from app.papers.views import version_label
from app.services.proceedings.member_home import home_for

bp = Blueprint("members", __name__)


@bp.route("/mitt")
@login_required
def home():
    home = home_for(current_user)
    return render_template("members/home.html", home=home, paper_label=version_label)
