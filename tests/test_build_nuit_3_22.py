"""Build NUIT 3/22 by hand through the secretariat's pages, on a database holding only the history
(NUIT 1/22 and 2/22), and get the seed's agenda: numbers 16/22–31/22, types, presenters, times."""
from pathlib import Path

import yaml
from sqlalchemy import select

from app.data_io.importer import import_document, load_yaml
from app.extensions import db
from app.models import AgendaItem, Organisation
from app.services.registry.councils import council_by_code
from tests.conftest import login
from tests.pages import agenda_table

DATA = Path(__file__).resolve().parent.parent / "app" / "demo" / "data"

# The agenda table of seed 002 (Sak, Innretning, Presenterer saken, Start).
SEED_ROWS = [
    ("16/22", "Godkjenning", "Mariann Hornnes Direktoratet for e-helse", "08:30"),
    ("17/22", "Godkjenning", "Mariann Hornnes Direktoratet for e-helse", "08:32"),
    ("18/22", "Orientering", "Mariann Hornnes og Karl Vestli Direktoratet for e-helse", "08:35"),
    ("19/22", "Drøfting", "Lars Erik Antonsen og Marit Hermansen NAV", "08:50"),
    ("20/22", "Drøfting", "Arve Paulsen Helsedirektoratet", "09:20"),
    ("", "", "", "09:50"),
    ("21/22", "Drøfting", "Siv Ingebrigtsen Direktoratet for e-helse", "10:00"),
    ("22/22", "Drøfting", "Karl Vestli Direktoratet for e-helse", "10:30"),
    ("23/22", "Drøfting", "Siv Ingebrigtsen Direktoratet for e-helse", "11:00"),
    ("24/22", "Anbefaling", "Ole Bryøen Direktoratet for e-helse", "11:30"),
    ("", "", "", "12:00"),
    ("25/22", "Drøfting", "Roger Schäffer og Susanne Hegg FHI", "12:30"),
    ("26/22", "Drøfting", "Terje Wistner og Ellen Normannseth KS", "13:00"),
    ("27/22", "Drøfting", "Terje Wistner og Kjetil Løyning KS", "13:20"),
    ("28/22", "Drøfting", "Ivar Thor Jonsson, Mildrid Ræstad og Solrun Elvik Direktoratet for e-helse", "13:50"),
    ("", "", "", "14:30"),
    ("29/22", "Drøfting", "Lars Angell-Jørgensen Direktoratet for e-helse", "14:40"),
    ("30/22", "Drøfting", "Saken er utsatt til møtet 14. september", ""),
    ("31/22", "", "Mariann Hornnes Direktoratet for e-helse", "15:25"),
]


def _rows(client, url):
    """(Sak, Innretning, Presenterer saken, Start) of each agenda row."""
    return [(r[0], r[2], r[3], r[4]) for r in agenda_table(client, url)]


def _item(meeting_id, title):
    return db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                                      AgendaItem.title == title))


def _org_id(name):
    return db.session.scalar(select(Organisation.id).where(Organisation.name == name)) if name else 0


def _save_item(client, meeting_id, item, entry):
    response = client.post(f"/moter/{meeting_id}/punkt/{item.id}", data={
        "version": item.version, "title": item.title, "item_type": entry.get("type") or "",
        "presenters": ", ".join(entry.get("presenters") or []),
        "organisation": _org_id(entry.get("organisation")),
        "duration": entry.get("duration", ""), "pinned_start": "",
        "subitems": "\n".join(entry.get("subitems") or [])})
    assert response.status_code == 302, response.get_data(as_text=True)


def test_secretary_builds_nuit_3_22_from_the_seed(client, app):
    import_document(load_yaml((DATA / "history.yaml").read_text(encoding="utf-8")))
    login(client, app)
    seed = yaml.safe_load((DATA / "nuit-2022-3.yaml").read_text(encoding="utf-8"))["meetings"][0]
    nuit = council_by_code("NUIT")

    response = client.post("/moter/nytt", data={"council": nuit.id, "date": "2022-05-19",
                                                "start": "08:30", "kind": "ordinary"})
    meeting_id = int(response.headers["Location"].rsplit("/", 1)[1])
    # The standard items are there, the minutes item naming both unapproved meetings.
    standard = [i.title for i in db.session.scalars(select(AgendaItem).where(
        AgendaItem.meeting_id == meeting_id).order_by(AgendaItem.position))]
    assert standard[1] == "Godkjenning av referat fra NUIT 17. februar og ekstramøtet 8. april 2022"

    for entry in seed["agenda"]:
        if "break" in entry:
            client.post(f"/moter/{meeting_id}/pause", data={"pause-title": entry["break"],
                                                           "pause-duration": entry["duration"]})
            continue
        item = _item(meeting_id, entry["title"])
        if item is None and entry["title"] == "Godkjenning av referat fra NUIT 17. februar og ekstramøtet 8. april 2022":
            item = _item(meeting_id, standard[1])
        if item is None:
            client.post(f"/moter/{meeting_id}/sak", data={
                "sak-title": entry["title"], "sak-item_type": entry.get("type") or "",
                "sak-duration": entry.get("duration", "")})
            item = _item(meeting_id, entry["title"])
        _save_item(client, meeting_id, item, entry)
    # "Eventuelt" was created first with the standard items: move it to the end.
    eventuelt = _item(meeting_id, "Eventuelt")
    for _ in range(len(seed["agenda"])):
        client.post(f"/moter/{meeting_id}/punkt/{eventuelt.id}/flytt", data={"retning": "ned"})
    postponed = _item(meeting_id, "Samarbeidsmodell for bruk av internasjonale standarder i helse- og omsorgssektoren")
    client.post(f"/moter/{meeting_id}/punkt/{postponed.id}/utsett", data={"to_date": "2022-09-14"})
    response = client.post(f"/moter/{meeting_id}/send", data={"accept_warnings": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)

    assert _rows(client, "/utvalg/NUIT/moter/2022/3") == SEED_ROWS
