"""The service layer's refusals are shown in the reader's language, with their parameters filled in
(issue 9 §6): lazy texts (``lazy_gettext``) whose English is in translations/en. Norwegian stays the
default; dates inside the messages are written the Norwegian way (app.formatting.long_date)."""
from datetime import date

import time_machine

from app.extensions import db
from app.services.registry import councils
from tests import test_minutes_pages as minutes_pages
from tests import test_registry as registry
from tests.factories import make_council
from tests.test_minutes_pages import AFTER_MEETING, _secretariat, _text
from tests.test_registry import COUNCIL_FORM, field_error

# The fixtures of the pages' own tests: a logged-in secretary; NUIT 3/22 held and recorded.
secretary = registry.secretary
held = minutes_pages.held


def test_a_refused_council_code_reads_in_english_with_the_code(secretary):
    make_council()
    db.session.commit()
    data = {**COUNCIL_FORM, "code": "nuit", "name": "Et annet utvalg"}

    norwegian = secretary.post("/register/utvalg/ny", data=data)
    assert norwegian.status_code == 400
    assert field_error(norwegian.get_data(as_text=True), "code") == (
        "Det finnes allerede et utvalg med koden NUIT.")

    secretary.get("/?lang=en")  # the choice is kept in the session
    english = secretary.post("/register/utvalg/ny", data=data)
    assert english.status_code == 400
    assert field_error(english.get_data(as_text=True), "code") == (
        "There is already a council with the code NUIT.")


def test_a_refused_end_date_reads_in_english_with_the_start_date(secretary):
    council = make_council()
    person = councils.create_person("Terje Wistner")
    member = councils.add_membership(council, person, "medlem", valid_from=date(2021, 3, 1))
    db.session.commit()
    url = f"/register/medlemskap/{member.id}/avslutt"
    data = {"valid_to": "2020-12-31", "confirm": "y"}

    secretary.get(f"{url}?lang=en")
    english = secretary.post(url, data=data)
    assert english.status_code == 400
    assert field_error(english.get_data(as_text=True), "valid_to") == (
        "The end date cannot be before the start date (1. mars 2021).")

    secretary.get("/?lang=nb")
    norwegian = secretary.post(url, data=data)
    assert field_error(norwegian.get_data(as_text=True), "valid_to") == (
        "Sluttdatoen kan ikke være før startdatoen (1. mars 2021).")
    db.session.expire_all()
    assert db.session.get(type(member), member.id).valid_to is None


def test_a_refusal_shown_as_a_message_reads_in_english_with_the_deadline(held, demo):
    _council, meeting = held
    url = f"/moter/{meeting.id}/referat"
    with time_machine.travel(AFTER_MEETING, tick=False):
        secretariat = _secretariat(demo)
        secretariat.get(f"{url}?lang=en")
        english = secretariat.post(f"{url}/send", data={"deadline": "2022-05-01"}, follow_redirects=True)
        text = _text(english.get_data(as_text=True))
        assert "The deadline 1. mai 2022 has already passed; choose a date from today onwards." in text
        assert "har allerede gått ut" not in text

        secretariat.get(f"{url}?lang=nb")
        norwegian = secretariat.post(f"{url}/send", data={"deadline": "2022-05-01"}, follow_redirects=True)
        assert ("Fristen 1. mai 2022 har allerede gått ut; velg en dato fra og med i dag."
                in _text(norwegian.get_data(as_text=True)))
