"""The secretariat's daily paths (issue 12), tried through the pages as a new user would: where
the meeting calendar opens, the links from the public pages to the secretariat's pages (and none
for others), exempt items tagged where the secretariat writes, the builder's and the recording
page's texts, the required date, organisation names, `flask serve` behind `make run`, and the
site's icon."""
import re
import socket
from datetime import datetime
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from app.demo import MEMBER_EMAIL, ensure_member_login
from app.extensions import db
from app.formatting import organisation_name, organisation_short
from app.models import AgendaItem, Council, Meeting, Organisation
from app.services.core.clock import OSLO
from app.services.planning.meetings import meeting_by_number
from tests.conftest import login
from tests.factories import page_text

BASIS = "offl. § 14"
TAG = f"Unntatt offentlighet, jf. {BASIS}"


def _council(code: str) -> Council:
    return db.session.scalar(select(Council).where(Council.code == code))


def _nuit(number: int) -> Meeting:
    return meeting_by_number(_council("NUIT"), 2022, number)


def _on(day: str):
    return time_machine.travel(datetime.fromisoformat(day).replace(hour=12, tzinfo=OSLO), tick=False)


def _log_in_member(client) -> None:
    """The demo member (a current member of NUIT, no role)."""
    password, _name = ensure_member_login()
    db.session.commit()
    assert client.post("/logg-inn", data={"email": MEMBER_EMAIL, "password": password}).status_code == 302


def _calendar_heading(client, url: str = "/moter/") -> str:
    text = page_text(client.get(url).get_data(as_text=True))
    return re.search(r"Møter i \S+ \d{4}", text).group(0)


# --- where the meeting calendar opens ------------------------------------------------------------

def test_the_calendar_opens_on_the_next_meeting(client, demo_full, app):
    login(client, app)
    with _on("2022-06-01"):  # NUIT 4/22 on 14 September is the next meeting
        assert _calendar_heading(client) == "Møter i NUIT 2022"


def test_without_upcoming_meetings_the_calendar_opens_on_the_latest(client, demo_full, app):
    login(client, app)
    with _on("2026-12-06"):
        page = page_text(client.get("/moter/").get_data(as_text=True))
    assert "Møter i NEHR 2023" in page  # NEHR 1/23 is the latest meeting of all
    assert "Ingen møter i" not in page


def test_a_member_starts_on_their_own_council(client, demo_full):
    _log_in_member(client)
    with _on("2026-12-06"):
        assert _calendar_heading(client) == "Møter i NUIT 2022"


def test_the_council_and_year_asked_for_still_apply(client, demo_full, app):
    login(client, app)
    with _on("2026-12-06"):
        assert _calendar_heading(client, "/moter/?utvalg=NUFA&år=2022") == "Møter i NUFA 2022"
        assert _calendar_heading(client, "/moter/?utvalg=NUFA") == "Møter i NUFA 2026"  # this year
        assert _calendar_heading(client, "/moter/?år=2022") == "Møter i NEHR 2022"
        page = page_text(client.get("/moter/?utvalg=NUIT&år=2023").get_data(as_text=True))
    assert "Møter i NUIT 2023" in page and "Ingen møter i NUIT i 2023 ennå." in page


# --- the secretariat's links from the public pages -----------------------------------------------

SECRETARIAT_PATHS = ("/oppmote", "/protokoll", "/moter/nytt")


def _meeting_url(meeting: Meeting) -> str:
    return f"/utvalg/NUIT/moter/{meeting.year}/{meeting.number}"


def test_the_public_meeting_page_leads_the_secretariat_to_its_pages(client, demo_full, app):
    held, planned = _nuit(3), _nuit(4)
    login(client, app)
    html = client.get(_meeting_url(held)).get_data(as_text=True)
    assert f'href="/moter/{held.id}">Sett opp dagsorden</a>' in html
    assert f'href="/moter/{held.id}/oppmote">Oppmøte</a>' in html
    assert f'href="/moter/{held.id}/protokoll">Føre møtet</a>' in html
    planned_html = client.get(_meeting_url(planned)).get_data(as_text=True)
    assert f'href="/moter/{planned.id}">Sett opp dagsorden</a>' in planned_html
    assert f"/moter/{planned.id}/protokoll" not in planned_html  # kept before the notice is sent


def test_the_council_page_has_a_new_meeting_button_for_the_secretariat(client, demo_full, app):
    login(client, app)
    html = client.get("/utvalg/NUIT").get_data(as_text=True)
    assert 'href="/moter/nytt?utvalg=NUIT">Nytt møte i NUIT</a>' in html


@pytest.mark.parametrize("who", ["anonymous", "member"])
def test_members_and_visitors_get_none_of_those_links(client, demo_full, who):
    if who == "member":
        _log_in_member(client)
    held = _nuit(3)
    for url in (_meeting_url(held), "/utvalg/NUIT"):
        html = client.get(url).get_data(as_text=True)
        assert not any(path in html for path in SECRETARIAT_PATHS), url
        assert f'href="/moter/{held.id}"' not in html
        assert "Sett opp dagsorden" not in html and "Nytt møte" not in html


# --- exempt items tagged where the secretariat writes --------------------------------------------

def _make_exempt(meeting: Meeting, seq: int) -> AgendaItem:
    item = next(i for i in meeting.items if i.case_seq == seq)
    item.case.exempt, item.case.legal_basis = True, BASIS
    db.session.commit()
    return item


def _tagged(html: str) -> bool:
    return f'<span class="ds-tag exempt-tag" data-color="danger" data-size="sm">{TAG}</span>' in html


def test_exempt_items_are_tagged_in_the_builder_and_the_item_pages(client, demo_full, app):
    meeting = _nuit(3)
    item = _make_exempt(meeting, 20)
    login(client, app)
    builder = client.get(f"/moter/{meeting.id}").get_data(as_text=True)
    row = builder.split(f'id="punkt-{item.id}"', 1)[1].split("</tr>", 1)[0]
    assert _tagged(row)
    assert builder.count("exempt-tag") == 1  # the public items are not tagged
    assert _tagged(client.get(f"/moter/{meeting.id}/punkt/{item.id}").get_data(as_text=True))
    assert _tagged(client.get(f"/moter/{meeting.id}/punkt/{item.id}/forslag").get_data(as_text=True))


def test_exempt_items_are_tagged_on_the_recording_and_minutes_pages(client, demo_full, app):
    meeting = _nuit(3)
    item = _make_exempt(meeting, 20)
    login(client, app)
    recording = client.get(f"/moter/{meeting.id}/protokoll").get_data(as_text=True)
    article = recording.split(f'id="punkt-{item.id}"', 1)[1].split("</article>", 1)[0]
    assert _tagged(article)
    minutes = client.get(f"/moter/{meeting.id}/referat").get_data(as_text=True)
    assert "Endre vedtak og drøftinger" in minutes
    editor = minutes.split(f'id="sak-{item.id}"', 1)[1].split("</section>", 1)[0]
    assert _tagged(editor)
    assert minutes.count("exempt-tag") == 1


# --- the builder's, the recording page's and the forms' texts ------------------------------------

def test_the_builder_names_each_proposal_once(client, demo_full, app):
    meeting = _nuit(4)
    login(client, app)
    text = page_text(client.get(f"/moter/{meeting.id}").get_data(as_text=True))
    assert "✓ · Forslag til vedtak" not in text
    assert ("Forslag til vedtak for Godkjenning av innkalling og dagsorden ✓ Godkjenning" in text)
    assert "Mangler forslag til vedtak · Skriv forslag til vedtak for Eventuelt" in text


def test_the_recording_page_has_no_stray_separator(client, demo_full, app):
    meeting = _nuit(3)
    login(client, app)
    html = client.get(f"/moter/{meeting.id}/protokoll").get_data(as_text=True)
    metas = [page_text(m) for m in re.findall(r'<p class="meta">(.*?)</p>', html, re.S)]
    # Eventuelt: no type and, a standard item, no case file: an empty line, no separator.
    assert "" in metas
    assert not any(m.startswith("·") or m.endswith("·") for m in metas)
    assert "Godkjenning" in metas  # 16/22: its type only, no case file
    assert any(m.startswith("Drøfting · Arkivsak 2022/") for m in metas)


def test_save_after_an_autosave_says_it_is_already_saved(client, demo_full, app):
    login(client, app)
    html = client.get(f"/moter/{_nuit(3).id}/protokoll").get_data(as_text=True)
    assert 'data-msg-unchanged="Alt er allerede lagret"' in html
    assert "Ingen endringer å lagre" not in html
    script = (Path(__file__).resolve().parent.parent / "static" / "js" / "recording.js").read_text()
    assert '"Alt er allerede lagret"' in script and "Ingen endringer å lagre" not in script


def test_an_empty_date_is_said_to_be_required(client, demo_full, app):
    login(client, app)
    council = _council("NUIT")
    before = db.session.scalar(select(db.func.count()).select_from(Meeting))
    empty = client.post("/moter/nytt", data={"council": council.id, "date": "", "start": "09:00"})
    text = page_text(empty.get_data(as_text=True))
    assert empty.status_code == 400
    assert "Datoen må fylles ut (åååå-mm-dd)." in text and "Skriv datoen som" not in text
    wrong = client.post("/moter/nytt", data={"council": council.id, "date": "14.09", "start": "09:00"})
    assert "Skriv datoen som åååå-mm-dd" in page_text(wrong.get_data(as_text=True))
    assert db.session.scalar(select(db.func.count()).select_from(Meeting)) == before


# --- organisation names ----------------------------------------------------------------------------

def test_organisations_have_their_full_name_in_the_interface(client, demo_full, app):
    fhi = db.session.scalar(select(Organisation).where(Organisation.short_name == "FHI"))
    assert (organisation_name(fhi), organisation_short(fhi)) == ("Folkehelseinstituttet", "FHI")
    login(client, app)
    meeting = _nuit(3)
    attendance = client.get(f"/moter/{meeting.id}/oppmote").get_data(as_text=True)
    row = page_text(attendance.split("Roger Schäffer", 1)[1].split("</tr>", 1)[0])
    assert "Folkehelseinstituttet" in row and "FHI" not in row
    # the agenda's presenter column keeps the short name, as the seed's agenda does
    agenda = page_text(client.get(_meeting_url(meeting)).get_data(as_text=True))
    assert "Roger Schäffer og Susanne Hegg FHI" in agenda


def test_a_name_without_a_short_name_is_the_same_everywhere():
    org = Organisation(name="Direktoratet for e-helse")
    assert organisation_name(org) == organisation_short(org) == org.label == "Direktoratet for e-helse"
    assert organisation_name(None) == organisation_short(None) == ""


# --- `flask serve` behind `make run` ------------------------------------------------------------

def test_serve_stops_with_a_message_when_the_port_is_taken(runner, demo, monkeypatch):
    served = []
    monkeypatch.setattr("app.serve.run_server", served.append)
    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        result = runner.invoke(args=["serve", "--port", str(port), "--demo-login"])
    assert result.exit_code == 1
    assert f"Port {port} er opptatt" in result.output
    assert f"PORT={port + 1} make run" in result.output
    assert "http://" not in result.output and "Demo login" not in result.output
    assert served == []


def test_serve_prints_the_logins_and_address_once_the_port_is_bound(runner, demo, monkeypatch):
    answered = []

    def check(server):  # instead of serving: is the port already taken by the server?
        with socket.socket() as probe:
            answered.append(probe.connect_ex(("127.0.0.1", server.port)) == 0)

    monkeypatch.setattr("app.serve.run_server", check)
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        port = free.getsockname()[1]
    result = runner.invoke(args=["serve", "--port", str(port), "--demo-login"])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].startswith("Demo login: sekretariat@motebok.example / ")
    assert lines[-1] == f"Møtebok: http://127.0.0.1:{port}"
    assert answered == [True]


def test_make_run_serves_through_flask_serve():
    makefile = (Path(__file__).resolve().parent.parent / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "flask serve --demo-login --host 127.0.0.1 --port $(PORT)" in run
    assert "echo" not in run and "flask run" not in run


# --- the site's icon ---------------------------------------------------------------------------------

def test_the_site_has_an_icon(client, demo):
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200
    assert icon.mimetype == "image/vnd.microsoft.icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    html = client.get("/").get_data(as_text=True)
    href = re.search(r'<link rel="icon" href="([^"]+)"', html).group(1)
    linked = client.get(href)
    assert linked.status_code == 200 and linked.mimetype == "image/svg+xml"
