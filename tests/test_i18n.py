"""Norwegian by default; English as the second language on the reading pages."""
from datetime import date
from pathlib import Path

import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

CATALOG = Path(__file__).resolve().parent.parent / "translations" / "en" / "LC_MESSAGES"


@pytest.fixture(autouse=True, scope="module")
def compiled_catalog():
    """What `make test` does with pybabel compile, so the test also runs under plain pytest."""
    with (CATALOG / "messages.po").open("rb") as po, (CATALOG / "messages.mo").open("wb") as mo:
        write_mo(mo, read_po(po))


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
    assert "Case register" in register or "Cases" in register
    bad_date = client.post("/moter/nytt", data={"council": 2, "date": "14.09.2022", "start": "09:00"})
    assert "Write the date as yyyy-mm-dd" in bad_date.get_data(as_text=True)
