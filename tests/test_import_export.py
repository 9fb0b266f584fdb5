"""`flask data import` / `flask data export`: re-importing changes nothing, export → import into an
empty database → export gives the same file and the same agenda, the export filters work, issued
meetings get their case numbers on import, and councils' own number formats are shown and read."""
import dataclasses
import re
from datetime import date

import pytest
import yaml
from sqlalchemy import func, select

from app import create_app
from app.demo import DATA_DIR
from app.extensions import db as _db
from app.models import (
    AgendaItem,
    AgendaItemPresenter,
    AuditEvent,
    Case,
    Council,
    Meeting,
    Membership,
    NumberCounter,
    Organisation,
    Person,
    ProposalRevision,
)
from app.services.planning.agenda import agenda_rows, load_meeting
from config import TestingConfig
from tests.conftest import login

COUNTED = (Organisation, Council, Person, Membership, Meeting, AgendaItem, AgendaItemPresenter,
           Case, ProposalRevision, AuditEvent, NumberCounter)


# --- helpers -------------------------------------------------------------------------------------

def row_counts(db) -> dict:
    db.session.rollback()
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in COUNTED}


def import_file(runner, path):
    result = runner.invoke(args=["data", "import", str(path)])
    assert result.exit_code == 0, result.output
    return result


def export_text(runner, *options) -> str:
    """Run `flask data export OPTIONS` and return the YAML it printed."""
    result = runner.invoke(args=["data", "export", *options])
    assert result.exit_code == 0, result.output
    return result.output


def write_yaml(tmp_path, doc, name="import.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def meeting(db, code: str, year: int, number: int) -> Meeting:
    council = db.session.scalar(select(Council).where(Council.code == code))
    found = db.session.scalar(select(Meeting).where(
        Meeting.council_id == council.id, Meeting.year == year, Meeting.number == number))
    assert found is not None, f"{code} {number}/{year} missing"
    return load_meeting(found.id)


def visible_rows(db, code: str, year: int, number: int) -> list[dict]:
    """The meeting's agenda rows as the meeting page shows them, without database ids."""
    rows = []
    for row in agenda_rows(meeting(db, code, year, number)):
        data = dataclasses.asdict(row)
        del data["item_id"]
        rows.append(data)
    return rows


def numbers_and_titles(db, code, year, number) -> list[tuple[str, str]]:
    return [(r["number"], r["title"]) for r in visible_rows(db, code, year, number)]


def sak_column(client, url) -> list[str]:
    """The 'Sak' cell of every agenda row on a meeting page (breaks give '')."""
    html = client.get(url).get_data(as_text=True)
    body = re.split(r'<table class="[^"]*\bagenda\b[^"]*"[^>]*>', html, maxsplit=1)[1]
    body = body.split("</tbody>", 1)[0]
    rows = re.findall(r"<tr[^>]*>\s*<td>(.*?)</td>", body.split("<tbody>", 1)[1], re.S)
    return [cell.strip() for cell in rows]


@pytest.fixture
def empty_app(tmp_path):
    """A second application on a fresh, empty SQLite database (also used on the PostgreSQL run,
    which makes the round trip cross databases)."""
    other = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.db'}")
    with other.app_context():
        _db.create_all()
    yield other
    with other.app_context():
        _db.session.remove()
        _db.engine.dispose()


def rich_document() -> dict:
    """A file using most of the format: people and dated memberships, an exempt case, a postponed
    case, proposals with points and parts, a held meeting with numbers and an issued one without."""
    return {
        "organisations": [{"name": "Direktoratet for e-helse", "short_name": "E-helse"},
                          {"name": "Folkehelseinstituttet", "short_name": "FHI"},
                          {"name": "KS"}],
        "councils": [{"code": "NUIT", "name": "Prioriteringsutvalget",
                      "case_number_format": "{seq}/{yy}", "secretariat": "Direktoratet for e-helse",
                      "active_from": date(2016, 1, 1)}],
        "people": [{"name": "Mariann Hornnes", "title": "Direktør",
                    "organisation": "Direktoratet for e-helse", "email": "mh@example.no"},
                   {"name": "Terje Wistner", "title": "Avdelingsdirektør e-helse",
                    "organisation": "KS"}],
        "memberships": [{"person": "Mariann Hornnes", "council": "NUIT", "role": "leder",
                         "organisation": "Direktoratet for e-helse", "from": date(2021, 1, 1)},
                        {"person": "Terje Wistner", "council": "NUIT", "role": "medlem",
                         "organisation": "KS", "from": date(2020, 1, 1), "to": date(2021, 12, 31)}],
        "meetings": [
            {"council": "NUIT", "number": 1, "date": date(2022, 2, 17), "start": "09:00",
             "kind": "ordinary", "status": "held", "location": "Oslo",
             "members": [{"name": "Roger Schäffer", "title": "IT-direktør",
                          "organisation": "Folkehelseinstituttet", "role": "medlem"}],
             "agenda": [
                 {"case_number": "1/22", "title": "Godkjenning av innkalling og dagsorden",
                  "type": "Godkjenning", "presenters": ["Mariann Hornnes"],
                  "organisation": "Direktoratet for e-helse", "duration": 5,
                  "proposal": {"heading": "Forslag til vedtak",
                               "text": "NUIT godkjenner innkalling og dagsorden."}},
                 {"case_number": "2/22", "title": "Kostnadsfordeling", "type": "Drøfting",
                  "presenters": ["Mariann Hornnes", "Karl Vestli"],
                  "organisation": "Direktoratet for e-helse", "duration": 30,
                  "subitems": ["Prinsipper", "Fordeling"],
                  "access": {"exempt": True, "legal_basis": "offl. § 15 første ledd",
                             "public_title": "Sak om kostnader"},
                  "proposal": {"heading": "Forslag til vedtak",
                               "points": ["NUIT drøfter saken.", "NUIT ber om ny sak."]}},
                 {"break": "Lunsj", "start": "11:30", "duration": 30},
                 {"case_number": "3/22", "title": "Nasjonal e-helsemonitor", "type": "Anbefaling",
                  "presenters": ["Roger Schäffer"], "organisation": "Folkehelseinstituttet",
                  "duration": 20,
                  "proposal": {"heading": "Vedtak:", "parts": [
                      {"heading": "Videreutvikling", "text": "NUIT anbefaler planen."},
                      {"heading": "Ressursbruk", "points": ["NUIT anbefaler prosessen."]}]}},
                 {"case_number": "4/22", "title": "Samarbeidsmodell", "type": "Drøfting",
                  "status": "postponed", "postponed_to": date(2022, 4, 8)},
                 {"case_number": "5/22", "title": "Eventuelt", "presenters": ["Mariann Hornnes"],
                  "organisation": "Direktoratet for e-helse", "duration": 5, "status": "treated"},
             ]},
            {"council": "NUIT", "number": 2, "date": date(2022, 4, 8), "start": "09:00",
             "kind": "extraordinary", "status": "issued",
             "agenda": [
                 {"title": "Godkjenning av innkalling og dagsorden", "type": "Godkjenning"},
                 {"title": "Samarbeidsmodell", "type": "Drøfting", "duration": 40},
                 {"break": "Pause", "duration": 10},
                 {"title": "Eventuelt"},
             ]},
        ],
    }


# --- importing twice ----------------------------------------------------------------------------

def test_importing_the_demo_files_twice_creates_nothing_new(runner, db):
    for name in ("history.yaml", "nuit-2022-3.yaml"):
        import_file(runner, DATA_DIR / name)
    before = row_counts(db)
    assert before["Meeting"] == 5 and before["AuditEvent"] > 0
    for name in ("history.yaml", "nuit-2022-3.yaml"):
        result = import_file(runner, DATA_DIR / name)
        assert "0 meeting(s) created" in result.output
        assert "0 agenda item(s) created, 0 case number(s) allocated" in result.output
    assert row_counts(db) == before


def test_importing_a_rich_file_twice_creates_nothing_new(runner, db, tmp_path):
    path = write_yaml(tmp_path, rich_document())
    first = import_file(runner, path)
    assert "2 meeting(s) created" in first.output
    assert "3 case number(s) allocated" in first.output  # the issued meeting's three cases
    before = row_counts(db)
    agenda_before = visible_rows(db, "NUIT", 2022, 2)
    second = import_file(runner, path)
    assert ("0 meeting(s) created, 2 updated, 0 agenda item(s) created, "
            "0 case number(s) allocated") in second.output
    assert row_counts(db) == before  # includes AuditEvent: nothing changed, nothing recorded
    assert visible_rows(db, "NUIT", 2022, 2) == agenda_before


# --- round trip ----------------------------------------------------------------------------------

def test_export_then_import_into_an_empty_database_round_trips(demo, runner, db, empty_app, tmp_path):
    first_file = tmp_path / "nuit-2022.yaml"
    result = runner.invoke(args=["data", "export", "--council", "NUIT", "--year", "2022",
                                 "-o", str(first_file)])
    assert result.exit_code == 0, result.output
    first_text = first_file.read_text(encoding="utf-8")
    assert "16/22" in first_text and "Vedtak til drøfting i NUIT" in first_text
    expected_rows = {n: visible_rows(db, "NUIT", 2022, n) for n in (1, 2, 3)}

    with empty_app.app_context():
        other_runner = empty_app.test_cli_runner()
        assert row_counts(_db)["Meeting"] == 0
        import_file(other_runner, first_file)
        second_file = tmp_path / "again.yaml"
        result = other_runner.invoke(args=["data", "export", "--council", "NUIT", "--year", "2022",
                                           "-o", str(second_file)])
        assert result.exit_code == 0, result.output
        for number in (1, 2, 3):
            assert visible_rows(_db, "NUIT", 2022, number) == expected_rows[number]
        # The re-imported meeting page shows the seed's table too.
        html = empty_app.test_client().get("/utvalg/NUIT/moter/2022/3").get_data(as_text=True)
        assert 'Lars Erik Antonsen og Marit Hermansen<br><span class="meta">NAV</span>' in html
        assert "Saken er utsatt til møtet 14. september" in html

    assert second_file.read_text(encoding="utf-8") == first_text


def test_round_trip_keeps_exempt_postponed_and_allocated_data(runner, db, empty_app, tmp_path):
    import_file(runner, write_yaml(tmp_path, rich_document()))
    first_text = export_text(runner)
    expected = {n: visible_rows(db, "NUIT", 2022, n) for n in (1, 2)}
    path = tmp_path / "all.yaml"
    path.write_text(first_text, encoding="utf-8")
    with empty_app.app_context():
        other_runner = empty_app.test_cli_runner()
        import_file(other_runner, path)
        assert export_text(other_runner) == first_text
        for number in (1, 2):
            assert visible_rows(_db, "NUIT", 2022, number) == expected[number]
    exported = yaml.safe_load(first_text)
    item = exported["meetings"][0]["agenda"][1]
    exempt = next(c for c in exported["cases"] if c["file_number"] == item["case_file_number"])
    assert (exempt["exempt"], exempt["legal_basis"], exempt["public_title"]) == (
        True, "offl. § 15 første ledd", "Sak om kostnader")
    # Exempt titles are hidden from readers without access on the meeting page.
    assert expected[1][1]["title"] == "Sak om kostnader"


def test_the_meeting_end_time_round_trips(runner, db, empty_app, tmp_path):
    doc = rich_document()
    doc["meetings"][0]["end"] = "14:45"
    import_file(runner, write_yaml(tmp_path, doc))
    first_text = export_text(runner)
    assert [m.get("end") for m in yaml.safe_load(first_text)["meetings"]][:1] == ["14:45"]
    path = tmp_path / "all.yaml"
    path.write_text(first_text, encoding="utf-8")
    with empty_app.app_context():
        other_runner = empty_app.test_cli_runner()
        import_file(other_runner, path)
        assert export_text(other_runner) == first_text


# --- export filters --------------------------------------------------------------------------------

def test_export_for_one_council_has_only_its_meetings(demo, runner):
    doc = yaml.safe_load(export_text(runner, "--council", "NUFA"))
    assert [c["code"] for c in doc["councils"]] == ["NUFA"]
    assert doc["meetings"], "NUFA has a demo meeting"
    assert {m["council"] for m in doc["meetings"]} == {"NUFA"}
    assert all(m["council"] == "NUFA" for m in doc["memberships"])


def test_export_for_one_year_has_only_that_years_meetings(demo, runner):
    doc = yaml.safe_load(export_text(runner, "--year", "2023"))
    assert [(m["council"], m["number"], m["date"]) for m in doc["meetings"]] == \
        [("NEHR", 1, date(2023, 3, 15))]
    doc = yaml.safe_load(export_text(runner, "--council", "NUIT", "--year", "2022"))
    assert [m["number"] for m in doc["meetings"]] == [1, 2, 3]
    assert all(m["date"].year == 2022 for m in doc["meetings"])


def test_export_for_a_year_without_meetings_is_empty(demo, runner):
    doc = yaml.safe_load(export_text(runner, "--council", "NUIT", "--year", "2023"))
    assert doc["meetings"] == []


def test_export_of_unknown_council_is_an_error(demo, runner, tmp_path):
    out = tmp_path / "out.yaml"
    result = runner.invoke(args=["data", "export", "--council", "NOPE", "-o", str(out)])
    assert result.exit_code != 0
    assert "unknown council 'NOPE'" in result.output
    assert not out.exists()


# --- case numbers allocated on import ----------------------------------------------------------

def nuit_4_22(status: str) -> dict:
    return {"meetings": [{
        "council": "NUIT", "number": 4, "date": date(2022, 9, 14), "start": "09:00",
        "status": status,
        "agenda": [
            {"title": "Godkjenning av innkalling og dagsorden", "type": "Godkjenning",
             "duration": 5},
            {"title": "Godkjenning av referat fra NUIT 19. mai 2022", "type": "Godkjenning",
             "duration": 5},
            {"break": "Pause", "duration": 10},
            {"title": "Samarbeidsmodell for bruk av internasjonale standarder i helse- og "
                      "omsorgssektoren", "type": "Drøfting", "duration": 30},
            {"title": "Eventuelt", "duration": 5},
        ],
    }]}


def test_issuing_on_import_allocates_numbers_in_agenda_order(demo, runner, db, client, tmp_path):
    url = "/utvalg/NUIT/moter/2022/4"
    import_file(runner, write_yaml(tmp_path, nuit_4_22("planned"), "planned.yaml"))
    login(client, demo)  # a planned meeting's draft agenda is for the secretariat
    assert sak_column(client, url) == ["", "", "", "", ""]  # planned: no numbers yet

    result = import_file(runner, write_yaml(tmp_path, nuit_4_22("issued"), "issued.yaml"))
    assert "4 case number(s) allocated" in result.output
    # NUIT 3/22 ended with 31/22: the sequence continues, breaks get none.
    assert sak_column(client, url) == ["32/22", "33/22", "", "34/22", "35/22"]

    # Issued again (same file): numbers are never changed or re-allocated.
    result = import_file(runner, write_yaml(tmp_path, nuit_4_22("issued"), "issued.yaml"))
    assert "0 case number(s) allocated" in result.output
    assert sak_column(client, url) == ["32/22", "33/22", "", "34/22", "35/22"]
    # And 3/22 still has 16/22–31/22.
    assert sak_column(client, "/utvalg/NUIT/moter/2022/3")[0] == "16/22"


def test_numbers_start_at_one_in_a_new_year(demo, runner, client, tmp_path):
    doc = nuit_4_22("issued")
    doc["meetings"][0].update(number=1, date=date(2023, 2, 2))
    import_file(runner, write_yaml(tmp_path, doc))
    assert sak_column(client, "/utvalg/NUIT/moter/2023/1") == ["1/23", "2/23", "", "3/23", "4/23"]


def test_postponed_case_on_a_later_agenda_gets_a_new_number_but_is_the_same_case(
        demo, runner, db, client, tmp_path):
    postponed = db.session.scalar(select(AgendaItem).where(
        AgendaItem.case_year == 2022, AgendaItem.case_seq == 30,
        AgendaItem.council_id == select(Council.id).where(Council.code == "NUIT").scalar_subquery()))
    file_number = postponed.case.file_number
    doc = nuit_4_22("issued")
    doc["meetings"][0]["agenda"][3]["case_file_number"] = file_number
    import_file(runner, write_yaml(tmp_path, doc))

    assert sak_column(client, "/utvalg/NUIT/moter/2022/4")[3] == "34/22"
    later = db.session.scalar(select(AgendaItem).where(AgendaItem.case_seq == 34,
                                                       AgendaItem.case_year == 2022))
    assert later.case_id == postponed.case_id
    db.session.refresh(postponed)
    assert (postponed.case_year, postponed.case_seq) == (2022, 30)  # keeps its number in 3/22


# --- council number formats ------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, given, allocated", [
    ("{seq:03d}/{yy}", ["016/22", "017/22", "018/22"], ["019/22", "020/22"]),
    ("{seq:02d}/{yyyy}", ["01/2022", "02/2022", "03/2022"], ["04/2022", "05/2022"]),
])
def test_council_number_format_is_shown_and_read(runner, db, client, tmp_path, fmt, given,
                                                 allocated):
    def meeting(number, day, numbers):
        titles = ["Godkjenning av innkalling", "Nasjonal e-helseportefølje", "Eventuelt"]
        agenda = [{"title": t, **({"case_number": n} if n else {})}
                  for t, n in zip(titles, numbers, strict=False)]
        agenda.insert(2, {"break": "Pause", "duration": 15})
        return {"council": "NEHS", "number": number, "date": day, "start": "10:00",
                "status": "held", "agenda": agenda}

    doc = {
        "organisations": [{"name": "Direktoratet for e-helse"}],
        "councils": [{"code": "NEHS", "name": "Nasjonalt e-helsestyre", "case_number_format": fmt,
                      "secretariat": "Direktoratet for e-helse"}],
        # Meeting 2 carries its historic numbers; meeting 3 has none, so they are allocated.
        "meetings": [meeting(2, date(2022, 6, 8), given), meeting(3, date(2022, 9, 8), [None] * 2)],
    }
    import_file(runner, write_yaml(tmp_path, doc))
    assert sak_column(client, "/utvalg/NEHS/moter/2022/2") == [*given[:2], "", given[2]]
    assert sak_column(client, "/utvalg/NEHS/moter/2022/3") == [allocated[0], allocated[1], ""]
    # The stored numbers are the sequence, whatever the display format.
    seqs = db.session.scalars(select(AgendaItem.case_seq).where(AgendaItem.kind == "case")
                              .order_by(AgendaItem.meeting_id, AgendaItem.position)).all()
    assert seqs == [int(given[0].split("/")[0]) + k for k in range(5)]
    # Export writes the council's format, and importing that export changes nothing.
    exported = yaml.safe_load(export_text(runner, "--council", "NEHS"))
    assert [i.get("case_number") for i in exported["meetings"][0]["agenda"]] == \
        [*given[:2], None, given[2]]


def test_number_in_the_default_form_is_refused_for_a_council_with_year_yyyy(runner, db, tmp_path):
    doc = {
        "councils": [{"code": "NEHS", "name": "Nasjonalt e-helsestyre",
                      "case_number_format": "{seq:02d}/{yyyy}"}],
        "meetings": [{"council": "NEHS", "number": 1, "date": date(2022, 2, 1), "start": "10:00",
                      "status": "held", "agenda": [{"case_number": "16/22", "title": "Sak"}]}],
    }
    result = runner.invoke(args=["data", "import", str(write_yaml(tmp_path, doc))])
    assert result.exit_code != 0
    assert ("meetings[0].agenda[0].case_number: '16/22' is not a case number of the form "
            "'16/2022'") in result.output
