"""Norwegian by default; English as the second language on the reading pages."""
import contextvars
import os
from datetime import date
from pathlib import Path

from babel.messages.extract import DEFAULT_KEYWORDS, extract_from_dir
from babel.messages.frontend import parse_mapping_cfg
from babel.messages.pofile import read_po

PROJECT = Path(__file__).resolve().parent.parent
CATALOG = PROJECT / "translations" / "en" / "LC_MESSAGES"
# The keywords of `make translations` (Makefile): the translation functions of the code.
KEYWORDS = {**DEFAULT_KEYWORDS, "_l": None, "lazy_gettext": None, "_nav_label": None, "N_": None}


def extract_messages() -> dict[str, list[str]]:
    """What `pybabel extract -F babel.cfg` finds in the code and templates today: msgid → where."""
    with (PROJECT / "babel.cfg").open(encoding="utf-8") as cfg:
        method_map, options_map = parse_mapping_cfg(cfg)

    def directories(path: str) -> bool:  # as pybabel: no hidden or _private folders; no npm
        name = os.path.basename(path)
        return not name.startswith((".", "_")) and name != "node_modules"

    found: dict[str, list[str]] = {}
    for filename, lineno, message, _comments, _context in extract_from_dir(
            str(PROJECT), method_map, options_map, keywords=KEYWORDS, directory_filter=directories):
        msgid = message[0] if isinstance(message, tuple) else message
        if msgid:
            found.setdefault(msgid, []).append(f"{filename}:{lineno}")
    return found


def test_pages_are_norwegian_by_default(client, demo):
    html = client.get("/utvalg/NUIT/moter/2022/3").get_data(as_text=True)
    assert '<html lang="nb"' in html and ">Dagsorden</h2>" in html
    assert "19. mai 2022" in html and "Saken er utsatt til møtet 14. september" in html
    assert 'hreflang="en">English</a>' in html


def test_english_is_chosen_with_a_link_and_kept(client, demo):
    html = client.get("/utvalg/NUIT/moter/2022/3?lang=en").get_data(as_text=True)
    assert '<html lang="en"' in html and ">Agenda</h2>" in html
    assert "19 May 2022" in html and "Postponed to the meeting on 14 September" in html
    assert "<th scope=\"col\">Presented by</th>" in html
    assert "Drøfting" in html  # the papers themselves are not translated
    again = client.get("/utvalg/NUIT?år=2022").get_data(as_text=True)
    assert "Meetings in 2022" in again and "17 February 2022" in again
    back = client.get("/?lang=nb").get_data(as_text=True)
    assert "Utvalg i den nasjonale rådsmodellen for e-helse" in back


def test_english_error_page_and_login(client, demo):
    client.get("/?lang=en")
    assert "Page not found" in client.get("/utvalg/XYZ").get_data(as_text=True)
    response = client.post("/logg-inn", data={"email": "x@example.no", "password": "feil"})
    assert "Wrong e-mail or password." in response.get_data(as_text=True)


def test_extraction_finds_the_texts_of_code_and_templates():
    """The extraction below is not vacuous: it sees a form label, a flash message and a template."""
    found = extract_messages()
    assert len(found) > 500
    assert "Feil e-post eller passord." in found and "Saksregister" in found
    assert any(where.startswith("templates/") for where in found["Saksregister"])


def test_every_text_in_the_code_has_english():
    """A new label with _() fails here until messages.po has its English (`make translations`
    adds it to the .po without a translation; then write the msgstr)."""
    with (CATALOG / "messages.po").open("rb") as po:
        catalog = read_po(po)
    missing = []
    for msgid, where in sorted(extract_messages().items()):
        message = catalog.get(msgid)
        strings = message.string if message is not None and isinstance(message.string, tuple) else (
            (message.string,) if message is not None else ("",))
        if message is None or message.fuzzy or not all(strings):
            missing.append(f"{msgid!r} ({', '.join(where)})")
    assert missing == [], "texts without English in messages.po:\n" + "\n".join(missing)


def test_every_english_text_is_translated():
    with (CATALOG / "messages.po").open("rb") as po:
        catalog = read_po(po)
    assert [m.id for m in catalog if m.id and not m.string] == []
    # A fuzzy entry is pybabel's guess from a similar text ("Oppfølging" once became "Details").
    assert [m.id for m in catalog if m.id and m.fuzzy] == []


def test_secretariat_pages_in_english(client, demo):
    from tests.conftest import login

    login(client, demo)
    client.get("/?lang=en")
    calendar = client.get("/moter/?utvalg=NUIT&år=2022").get_data(as_text=True)
    assert "Meeting calendar" in calendar and "Møtekalender</h1>" not in calendar
    from sqlalchemy import select

    from app.extensions import db
    from app.models import Meeting
    nuit_3 = db.session.scalar(select(Meeting).where(Meeting.date == date(2022, 5, 19)))
    builder = client.get(f"/moter/{nuit_3.id}").get_data(as_text=True)
    assert "19 May 2022" in builder and "Drøfting" in builder  # the papers stay Norwegian
    register = client.get("/saker/").get_data(as_text=True)
    assert '<h1 class="ds-heading" data-size="lg">Case register</h1>' in register
    assert "Saksregister" not in register
    bad_date = client.post("/moter/nytt", data={"council": 2, "date": "14.09.2022", "start": "09:00"})
    assert "Write the date as yyyy-mm-dd" in bad_date.get_data(as_text=True)


def test_a_service_error_message_may_be_translatable_with_parameters(app):
    from flask_babel import lazy_gettext

    from app.services import ServiceError

    error = ServiceError(lazy_gettext("Saken er utsatt til møtet %(date)s.", date="14. september"))

    def shown_in(url: str) -> str:
        """str(error) in a request of its own (an empty contextvars context: its own app context
        and `g`, where Flask-Babel keeps the request's locale), as in production."""
        def run():
            with app.test_request_context(url):
                return str(error)
        return contextvars.Context().run(run)

    assert shown_in("/") == "Saken er utsatt til møtet 14. september."
    assert shown_in("/?lang=en") == "The case has been postponed to the meeting on 14. september."


def test_a_stored_moment_reads_in_oslo_time_in_the_readers_language(app):
    """One helper (app.i18n.localized_datetime) for the outbox, the follow-up notes and the
    papers' version lists: UTC from the database, Oslo time on the page."""
    from datetime import datetime

    from flask_babel import refresh

    from app.i18n import localized_datetime

    moment = datetime(2022, 5, 20, 8, 15)  # naive UTC, as SQLite gives it back
    with app.test_request_context("/?lang=nb"):
        refresh()
        assert localized_datetime(moment) == "20. mai 2022 kl. 10:15"
    with app.test_request_context("/?lang=en"):
        refresh()
        assert localized_datetime(moment) == "20 May 2022 at 10:15"


def test_a_stored_moment_as_a_date_is_the_day_it_was_in_oslo(app):
    """``long_date`` of a datetime (a case registered 23:30 UTC) gives Oslo's day, not UTC's."""
    from datetime import datetime

    from flask_babel import refresh

    from app.i18n import localized_date

    with app.test_request_context("/?lang=nb"):
        refresh()
        assert localized_date(datetime(2022, 5, 18, 23, 30)) == "19. mai 2022"
