"""Interface language: Norwegian bokmål by default, English as the second language.

The reader picks the language with ?lang=en / ?lang=nb (a link in the page header); the choice is
kept in the session. Message ids are the Norwegian texts; translations/en/LC_MESSAGES/messages.po
holds the English ones (compiled to .mo by `make run`/`make test`; `make translations` updates it,
see docs/architecture.md). Generated documents stay Norwegian; the service layer's messages are lazy texts
(``lazy_gettext``) with named parameters, shown in the reader's language.
"""
from datetime import UTC, datetime

from flask import has_request_context, request, session
from flask_babel import format_date, format_time, get_locale
from flask_babel import gettext as _

LANGUAGES = {"nb": "Norsk", "en": "English"}
DEFAULT = "nb"


def select_locale() -> str:
    """The reader's language; outside a request (the command line, the scheduler, an importer run)
    the default, so a service message shown there reads in Norwegian."""
    if not has_request_context():
        return DEFAULT
    chosen = request.args.get("lang")
    if chosen in LANGUAGES:
        session["lang"] = chosen
        return chosen
    return session.get("lang", DEFAULT)


def current_language() -> str:
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT


# CLDR patterns of a date in running text, per interface language: (with the year, without).
DATE_PATTERNS = {"nb": ("d. MMMM y", "d. MMMM"), "en": ("d MMMM y", "d MMMM")}


def localized_date(day, with_year: bool = True) -> str:
    """'19. mai 2022' in Norwegian, '19 May 2022' in English: Flask-Babel's format_date in the
    reader's language (the template filter ``long_date``). Documents and service messages use
    app.formatting.long_date, which is always Norwegian. A stored moment (a datetime, UTC) is
    the day it was in Oslo."""
    if isinstance(day, datetime):
        from app.services.core.clock import OSLO

        day = (day if day.tzinfo else day.replace(tzinfo=UTC)).astimezone(OSLO).date()
    with_year_pattern, without_year_pattern = DATE_PATTERNS.get(current_language(), DATE_PATTERNS[DEFAULT])
    return format_date(day, with_year_pattern if with_year else without_year_pattern)


def localized_datetime(moment: datetime | None) -> str:
    """A stored moment (UTC; SQLite gives it back without a time zone) as '20. mai 2022 kl. 10:15'
    in Oslo time, or '20 May 2022 at 10:15' in English."""
    if moment is None:
        return ""
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    from app.services.core.clock import OSLO

    local = moment.astimezone(OSLO)
    return _("%(date)s kl. %(time)s", date=localized_date(local.date()),
             time=format_time(local.time(), "HH:mm"))
