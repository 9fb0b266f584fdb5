"""The calendar feeds and the page of the personal feed's secret link (/konto/kalender).

The feeds are read by calendar clients without a session: the council's feed is public, the
personal feed's secret link is its key. Opening a feed writes nothing and sets no cookie.
"""
from flask import Blueprint, abort, flash, make_response, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user, login_required
from sqlalchemy import select

from app.extensions import db
from app.i18n import localized_datetime
from app.models import Council
from app.services.core.mail import external_url
from app.services.planning import calendar_feed
from app.services.registry import calendar_tokens
from app.web import run_as_current_user

bp = Blueprint("feeds", __name__)

CONTENT_TYPE = "text/calendar; charset=utf-8"


def _ics(data: bytes, filename: str, cache: str):
    response = make_response(data)
    response.headers["Content-Type"] = CONTENT_TYPE
    response.headers["Content-Disposition"] = f'inline; filename="{filename}"'
    response.headers["Cache-Control"] = cache
    return response


@bp.route("/utvalg/<code>/kalender.ics")
def council(code: str):
    council = db.session.scalar(select(Council).where(Council.code == code.upper()))
    if council is None:
        abort(404)
    return _ics(calendar_feed.council_feed(council), f"{council.code.lower()}.ics",
                "public, max-age=900")


@bp.route("/kalender/<token>.ics")
def personal(token: str):
    user = calendar_tokens.user_for_token(token)
    if user is None:
        abort(404)
    # Private: the feed may hold the place of a planned meeting, for this reader only.
    return _ics(calendar_feed.personal_feed(user), "motebok.ics", "private, no-store")


@bp.route("/konto/kalender", methods=["GET", "POST"])
@login_required
def settings():
    # The page may show the secret link: no referrer leaves it, like the one-time link pages.
    response = make_response(_settings())
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


def _settings():
    user = current_user._get_current_object()
    if request.method == "POST":
        action = request.form.get("handling")
        if action == "ny":
            outcome = run_as_current_user(lambda: calendar_tokens.renew(user))
            if outcome.ok:
                # Shown on this page only, once: never in a flash message (the cookie) or a log.
                return render_template("feeds/settings.html", user=user, has_link=True,
                                       new_url=external_url("feeds.personal", token=outcome.value),
                                       created_at=localized_datetime(user.calendar_token_created_at))
            flash(outcome.error, "error")
        elif action == "av":
            if not request.form.get("bekreft"):
                flash(_("Kryss av for å bekrefte at kalenderlenken skal slås av."), "error")
            else:
                outcome = run_as_current_user(lambda: calendar_tokens.revoke(user))
                if outcome.ok:
                    flash(_("Kalenderlenken er slått av. Kalendere som abonnerte på den, får ikke "
                            "flere oppdateringer."), "success")
                else:
                    flash(outcome.error, "error")
        else:
            flash(_("Velg hva du vil gjøre med kalenderlenken."), "error")
        return redirect(url_for("feeds.settings"))
    return render_template("feeds/settings.html", user=user,
                           has_link=calendar_tokens.has_link(user), new_url=None,
                           created_at=localized_datetime(user.calendar_token_created_at))
