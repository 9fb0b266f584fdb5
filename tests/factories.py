"""Small builders for test data, going through the service layer like the app does."""
import html as html_lib
import re
from datetime import date, time

from flask import g
from flask.testing import FlaskClient

from app.extensions import db
from app.services.planning import meetings
from app.services.registry import councils


def make_council(code="NUIT", name="Prioriteringsutvalget", fmt="{seq}/{yy}"):
    secretariat = councils.upsert_organisation("Direktoratet for e-helse")
    return councils.upsert_council(code, name, case_number_format=fmt, secretariat=secretariat)


def make_meeting(council, day=date(2022, 5, 19), start=time(8, 30), cases=3, **kwargs):
    meeting = meetings.create_meeting(council, day, start, **kwargs)
    org = councils.upsert_organisation("Norsk helsenett SF", "NHN")
    for n in range(cases):
        meetings.add_case_item(meeting, f"Sak nummer {n + 1}", item_type="Drøfting",
                               presenters=["Kari Nordmann", "Ola Nordmann"], organisation=org,
                               duration=15, proposal_heading="Forslag til vedtak",
                               proposal_body={"text": f"{council.code} tar saken til orientering."})
    db.session.commit()
    return meeting


def add_item(meeting, title, **kwargs):
    """A case item complete enough for the notice: an item type and a presenter unless the test
    gives its own. No proposal unless given (then the notice needs ``accept_warnings=True``)."""
    kwargs.setdefault("item_type", "Drøfting")
    kwargs.setdefault("presenters", ["Kari Nordmann"])
    return meetings.add_case_item(meeting, title, **kwargs)


class Reader(FlaskClient):
    """A browser of its own. The tests share one app context (see tests/conftest.py), so the
    user Flask-Login caches in ``g`` is dropped before each request: each client is then known
    by its own session cookie only."""

    def open(self, *args, **kwargs):
        g.pop("_login_user", None)
        return super().open(*args, **kwargs)


def page_text(html: str) -> str:
    """What a reader sees of a page: no tags (inline tags join their words), whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    html = re.sub(r"</?(strong|em|b|i|span|a)\b[^>]*>", "", html)
    return " ".join(html_lib.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def upgrade_sqlite(database, target: str) -> None:
    """`flask db upgrade <target>` on an SQLite file, as a data migration test needs: stop at the
    revision before, insert old rows, then upgrade to head."""
    import os
    import subprocess
    import sys
    from pathlib import Path

    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "FLASK_APP": "wsgi"}
    done = subprocess.run([str(Path(sys.executable).parent / "flask"), "db", "upgrade", target],
                          cwd=Path(__file__).resolve().parent.parent, env=env, capture_output=True,
                          text=True, timeout=120)
    assert done.returncode == 0, done.stderr
