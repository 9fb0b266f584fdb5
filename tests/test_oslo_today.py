""""Today" is the Norwegian calendar day, from app/services/clock.py, wherever the app asks."""
import re
from datetime import UTC, datetime
from pathlib import Path

import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import Case
from tests.conftest import login

APP = Path(__file__).resolve().parent.parent / "app"
NEW_YEAR_IN_OSLO = datetime(2022, 12, 31, 23, 30, tzinfo=UTC)  # 00:30 on 1 January 2023 in Oslo


def test_a_case_registered_half_past_midnight_on_new_years_day_gets_the_new_years_file_number(client, app):
    login(client, app)
    with time_machine.travel(NEW_YEAR_IN_OSLO, tick=False):
        response = client.post("/saker/ny", data={"title": "Nyttårssak"})
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/saker/2023/1")
    case = db.session.scalar(select(Case))
    assert case.file_number == "2023/1"


def test_the_calendar_opens_on_the_norwegian_year(client, demo):
    login(client, demo)
    with time_machine.travel(NEW_YEAR_IN_OSLO, tick=False):
        page = client.get("/moter/?utvalg=NUIT").get_data(as_text=True)
    assert "Møter i NUIT 2023" in page and "Ingen møter i NUIT i 2023 ennå." in page


def test_no_code_outside_the_clock_asks_the_machine_for_the_date():
    pattern = re.compile(r"\b(date\.today|datetime\.today|datetime\.now|datetime\.utcnow)\(")
    offenders = [f"{path.relative_to(APP.parent)}:{number}: {line.strip()}"
                 for path in sorted(APP.rglob("*.py")) if path.name != "clock.py"
                 for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                 if pattern.search(line)]
    assert offenders == []
