"""Møtebok: meetings and cases of the national e-health councils."""
import logging
from pathlib import Path

from flask import Flask, render_template

from app.extensions import babel, csrf, db, limiter, login_manager, migrate

PROJECT_DIR = Path(__file__).resolve().parent.parent


def create_app(config_class=None, **overrides) -> Flask:
    from config import Config

    app = Flask(__name__, template_folder=str(PROJECT_DIR / "templates"),
                static_folder=str(PROJECT_DIR / "static"))
    app.config.from_mapping((config_class or Config).load())
    app.config.update(overrides)
    app.config["MAX_CONTENT_LENGTH"] = app.config["MAX_UPLOAD_MB"] * 1024 * 1024
    if app.config.get("PROXY_FIX"):
        from werkzeug.middleware.proxy_fix import ProxyFix
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=1, x_proto=1, x_host=1)
    _register_converters(app)

    _init_extensions(app)
    _register_blueprints(app)
    _register_error_pages(app)
    _register_template_helpers(app)

    from app import cli
    cli.register(app)
    if not app.debug and not app.testing:
        logging.basicConfig(level=logging.INFO)
    return app


def _register_converters(app: Flask) -> None:
    from app.converters import BoundedIntegerConverter
    from app.request_guard import refuse_nul_characters

    app.url_map.converters["int"] = BoundedIntegerConverter
    app.before_request(refuse_nul_characters)


def _init_extensions(app: Flask) -> None:
    from app import models  # noqa: F401  (register the models with SQLAlchemy)
    from app.database import configure_engine
    from app.services import receivers
    from app.services.core import audit

    db.init_app(app)
    migrate.init_app(app, db, directory=str(PROJECT_DIR / "migrations"),
                     render_as_batch=True, compare_type=True)
    login_manager.init_app(app)
    login_manager.login_view = "auth.login"
    login_manager.login_message = _login_message()
    login_manager.localize_callback = str  # flash plain text, not a lazy string
    csrf.init_app(app)
    from app.i18n import select_locale

    babel.init_app(app, default_locale="nb", default_timezone="Europe/Oslo",
                   default_translation_directories=str(PROJECT_DIR / "translations"),
                   locale_selector=select_locale)
    from flask_babel import refresh

    # Choose the language per request, also where requests share an app context (tests, CLI).
    app.before_request(refresh)
    limiter.init_app(app)
    from app import security_headers
    security_headers.install(app)
    with app.app_context():
        configure_engine(db.engine)
    audit.install()
    receivers.connect()

    @login_manager.user_loader
    def load_user(session_user_id: str):
        from app.services.registry.sessions import user_for_session
        return user_for_session(session_user_id)


def _login_message():
    from flask_babel import lazy_gettext
    return lazy_gettext("Logg inn for å se denne siden.")


def _register_blueprints(app: Flask) -> None:
    from app.absence import conflicts  # noqa: F401  (habilitet pages)
    from app.absence.views import bp as absence_bp
    from app.admin import users  # noqa: F401  (the users page's routes)
    from app.admin.views import bp as admin_bp
    from app.archive.views import bp as archive_bp
    from app.auth import accounts  # noqa: F401  (invitations, password reset and change)
    from app.auth.views import bp as auth_bp
    from app.cases.views import bp as cases_bp
    from app.feeds.views import bp as feeds_bp
    from app.followup.views import bp as followup_bp
    from app.history.views import bp as history_bp
    from app.inputs.views import bp as inputs_bp
    from app.main.views import bp as main_bp
    from app.meeting_day import recording_pages  # noqa: F401  (the recording page's routes)
    from app.meeting_day.views import bp as meeting_day_bp
    from app.meetings import items  # noqa: F401  (the item pages' routes)
    from app.meetings.views import bp as meetings_bp
    from app.members.views import bp as members_bp
    from app.minutes import versions  # noqa: F401  (corrections and versions)
    from app.minutes.views import bp as minutes_bp
    from app.papers.views import bp as papers_bp
    from app.proposals.views import bp as proposals_bp
    from app.registry import accounts as registry_accounts  # noqa: F401  (invite from the register)
    from app.registry.views import bp as registry_bp

    for blueprint in (auth_bp, main_bp, meetings_bp, meeting_day_bp, minutes_bp, followup_bp,
                      cases_bp, registry_bp, admin_bp, papers_bp, absence_bp, feeds_bp,
                      history_bp, proposals_bp,
                      inputs_bp, members_bp, archive_bp):
        app.register_blueprint(blueprint)
    _register_design_system(app)


def _register_design_system(app: Flask) -> None:
    """Serve Designsystemet's CSS straight from node_modules (installed by `npm ci`)."""
    from flask import send_from_directory

    dist = PROJECT_DIR / "node_modules" / "@digdir" / "designsystemet-css" / "dist"

    @app.route("/assets/ds/<path:filename>")
    def design_system(filename: str):
        if not filename.endswith(".css"):
            from flask import abort
            abort(404)
        return send_from_directory(dist, filename, max_age=86400)


def _register_error_pages(app: Flask) -> None:
    from flask_babel import lazy_gettext as _l

    messages = {
        400: (_l("Skjemaet kunne ikke sendes"), _l("Skjemaet var utløpt eller ufullstendig. Gå "
              "tilbake, last siden på nytt og prøv igjen. Ingenting ble lagret.")),
        403: (_l("Ingen tilgang"), _l("Du har ikke tilgang til denne siden.")),
        404: (_l("Fant ikke siden"), _l("Siden finnes ikke, eller den er flyttet.")),
        500: (_l("Noe gikk galt"), _l("En feil oppstod hos oss. Prøv igjen om litt.")),
    }

    def handler(error):
        code = getattr(error, "code", 500) or 500
        title, text = messages.get(code, messages[500])
        return render_template("error.html", title=str(title), text=str(text), code=code), code

    for code in messages:
        app.register_error_handler(code, handler)


def _register_template_helpers(app: Flask) -> None:
    from app import authz
    from app.formatting import clock, organisation_name
    from app.i18n import LANGUAGES, current_language, localized_date
    from app.services.planning.agenda import time_span

    app.jinja_env.filters["long_date"] = localized_date
    app.jinja_env.globals["languages"] = LANGUAGES
    app.jinja_env.globals["current_language"] = current_language
    app.jinja_env.filters["clock"] = clock
    app.jinja_env.filters["time_span"] = time_span
    app.jinja_env.filters["organisation_name"] = organisation_name
    app.jinja_env.globals["authz"] = authz
    app.jinja_env.globals["nav_links"] = NAV_LINKS


# Menu entries for the secretariat: (endpoint, label). Blueprints add theirs here.
def _nav_label(text: str):
    from flask_babel import lazy_gettext
    return lazy_gettext(text)


NAV_LINKS = [
    ("meetings.calendar", _nav_label("Møtekalender")),
    ("cases.index", _nav_label("Saker")),
    ("followup.overview", _nav_label("Oppfølging")),
    ("registry.councils", _nav_label("Utvalg og personer")),
]
