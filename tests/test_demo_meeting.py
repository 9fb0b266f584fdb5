"""`flask demo` loads NUIT 3/22 exactly as in seed 002 (agenda table, members, decision proposals)
plus a short history, and running it again changes nothing."""
import re
from html.parser import HTMLParser

import pytest
from sqlalchemy import func, select

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

MEETING_URL = "/utvalg/NUIT/moter/2022/3"

# The agenda table of seed 002: Sak | Agenda | Innretning | Presenterer saken | Start.
SEED_AGENDA = [
    ("16/22", "Godkjenning av innkalling og dagsorden", "Godkjenning",
     "Mariann Hornnes Direktoratet for e-helse", "08:30"),
    ("17/22", "Godkjenning av referat fra NUIT 17. februar og ekstramøtet 8. april 2022",
     "Godkjenning", "Mariann Hornnes Direktoratet for e-helse", "08:32"),
    ("18/22", "Orientering fra Direktoratet for e-helse", "Orientering",
     "Mariann Hornnes og Karl Vestli Direktoratet for e-helse", "08:35"),
    ("19/22", "Utveksling av helseopplysninger mellom NAV og helsesektoren", "Drøfting",
     "Lars Erik Antonsen og Marit Hermansen NAV", "08:50"),
    ("20/22", "Tryggere Helseapper", "Drøfting", "Arve Paulsen Helsedirektoratet", "09:20"),
    ("", "Pause", "", "", "09:50"),
    ("21/22", "Nasjonal e-helseportefølje – status og planer samt oppdatert Veikart", "Drøfting",
     "Siv Ingebrigtsen Direktoratet for e-helse", "10:00"),
    ("22/22", "Kostnadsfordeling av drift og forvaltning for de nasjonale e-helseløsningene",
     "Drøfting", "Karl Vestli Direktoratet for e-helse", "10:30"),
    ("23/22", "Ansvarsfordeling og prinsipper for innføring av nasjonale e-helseløsning",
     "Drøfting", "Siv Ingebrigtsen Direktoratet for e-helse", "11:00"),
    ("24/22", "Nasjonal e-helsemonitor – status og plan for videreutvikling", "Anbefaling",
     "Ole Bryøen Direktoratet for e-helse", "11:30"),
    ("", "Lunsj", "", "", "12:00"),
    ("25/22", "Strategi digital smittevernberedskap", "Drøfting",
     "Roger Schäffer og Susanne Hegg FHI", "12:30"),
    ("26/22", "DigiPan-rapporten", "Drøfting", "Terje Wistner og Ellen Normannseth KS", "13:00"),
    ("27/22", "Orientering om arbeidet med Felles kommunal journal (FKJ)", "Drøfting",
     "Terje Wistner og Kjetil Løyning KS", "13:20"),
    ("28/22", "Strategisk plan for digitalisering av legemiddelområdet", "Drøfting",
     "Ivar Thor Jonsson, Mildrid Ræstad og Solrun Elvik Direktoratet for e-helse", "13:50"),
    ("", "Pause", "", "", "14:30"),
    ("29/22", "Vurdering av alternativer for felles styring av PLL og PDS steg 2", "Drøfting",
     "Lars Angell-Jørgensen Direktoratet for e-helse", "14:40"),
    ("30/22", "Samarbeidsmodell for bruk av internasjonale standarder i helse- og omsorgssektoren",
     "Drøfting", "Saken er utsatt til møtet 14. september", ""),
    ("31/22", "Eventuelt", "", "Mariann Hornnes Direktoratet for e-helse", "15:25"),
]

# "Medlemmer og observatører i NUIT" from seed 002, in its order: name, title, aktør, role.
SEED_MEMBERS = [
    ("Mariann Hornnes", "Direktør", "Direktoratet for e-helse", "leder"),
    ("Asbjørn Finstad", "Avdelingsdirektør", "KS", "medlem"),
    ("Morten Fronth-Andersen", "Avdelingsdirektør Prosjekt og Tjenstedesign", "Helsedirektoratet",
     "medlem"),
    ("Ole Johan Kvan", "Enhetsleder IKT koordinering", "Helse Sør-Øst RHF", "medlem"),
    ("Bente R. Herdlevær", "Kommunaldirektør", "Bærum kommune", "medlem"),
    ("Roger Schäffer", "IT-direktør", "Folkehelseinstituttet", "medlem"),
    ("Erik M. Hansen", "Adm. direktør IKT", "Helse Vest RHF", "medlem"),
    ("Wenche P. Dehli", "Helse- og velferdsdirektør", "Trondheim kommune", "medlem"),
    ("Egil Johanessen", "Fastlege", "Representerer fastlegene", "medlem"),
    ("Per Olav Skjesol", "IKT-sjef", "Helse Midt-Norge RHF", "medlem"),
    ("Harald Sundt-Ohlsen", "Avdelingsdirektør", "Oslo kommune", "medlem"),
    ("Bente Christensen", "Seniorrådgiver", "Norsk Sykepleierforbund", "medlem"),
    ("Bjørn Nilsen", "IT-sjef", "Helse Nord RHF", "medlem"),
    ("Terje Jørgensen", "Leder eHelse arkitektur, ForUT, Digitaliserings- og IKT-kontoret",
     "Bodø kommune", "medlem"),
    ("Anne-Lise Härter", "Direktør e-helse", "Apotekforeningen", "medlem"),
    ("Terje Wistner", "Avdelingsdirektør e-helse", "KS", "medlem"),
    ("Kristin Brekke", "Fagleder", "Bergen kommune", "medlem"),
    ("Bodil Rabben", "Divisjonsdirektør Nasjonale e-helseløsninger", "Norsk Helsenet SF",
     "observatør"),
]

COUNTED = (Organisation, Council, Person, Membership, Meeting, AgendaItem, AgendaItemPresenter,
           Case, ProposalRevision, AuditEvent, NumberCounter)


# --- helpers -------------------------------------------------------------------------------------

class TableParser(HTMLParser):
    """Collects every <table> of a page as rows of cells; a cell is its whitespace-normalised text.
    ``strong`` keeps the first <strong> text of each cell (the bold title in the Agenda column)."""

    def __init__(self):
        super().__init__()
        self.tables: list[list[dict]] = []
        self._row = None
        self._cell = None

    def handle_starttag(self, tag, attrs):
        if tag == "table":
            self.tables.append([])
        elif tag == "tr":
            self._row = {"class": dict(attrs).get("class", ""), "cells": [], "strong": [],
                         "header": False}
        elif tag in ("td", "th") and self._row is not None:
            self._cell = {"text": [], "strong": None, "in_strong": False}
            self._row["header"] = tag == "th"
        elif tag == "strong" and self._cell is not None and self._cell["strong"] is None:
            self._cell["in_strong"] = True
            self._cell["strong"] = ""

    def handle_endtag(self, tag):
        if tag == "strong" and self._cell is not None:
            self._cell["in_strong"] = False
        elif tag in ("td", "th") and self._cell is not None:
            self._row["cells"].append(" ".join("".join(self._cell["text"]).split()))
            self._row["strong"].append(" ".join((self._cell["strong"] or "").split()))
            self._cell = None
        elif tag == "tr" and self._row is not None:
            if not self._row["header"]:
                self.tables[-1].append(self._row)
            self._row = None

    def handle_data(self, data):
        if self._cell is not None:
            # The space keeps text of separate elements (e.g. <li>) from running together.
            self._cell["text"].append(data + " ")
            if self._cell["in_strong"]:
                self._cell["strong"] += data


def page_tables(client, url) -> list[list[dict]]:
    response = client.get(url)
    assert response.status_code == 200, url
    parser = TableParser()
    parser.feed(response.get_data(as_text=True))
    return parser.tables


def agenda_table(client) -> list[dict]:
    return page_tables(client, MEETING_URL)[0]


def as_seed_row(row: dict) -> tuple:
    """(Sak, bold title, Innretning, Presenterer saken, Start) of one agenda row."""
    number, _agenda, item_type, presenter, start = row["cells"]
    return number, row["strong"][1], item_type, presenter, start


def row_counts(db) -> dict:
    db.session.rollback()
    return {model.__name__: db.session.scalar(select(func.count()).select_from(model))
            for model in COUNTED}


def run_demo(runner):
    result = runner.invoke(args=["demo"])
    assert result.exit_code == 0, result.output
    return result


def nuit_item(db, seq: int, year: int = 2022) -> AgendaItem:
    nuit_id = db.session.scalar(select(Council.id).where(Council.code == "NUIT"))
    item = db.session.scalar(select(AgendaItem).where(
        AgendaItem.council_id == nuit_id, AgendaItem.case_year == year, AgendaItem.case_seq == seq))
    assert item is not None, f"NUIT {seq}/{year % 100} missing"
    return item


@pytest.fixture
def loaded(demo_full):
    """The demo as `flask demo` (make run) loads it: load_demo() with the meeting cycle, copied
    from the suite's template. The command itself is tested below and in test_migrations.py."""
    return demo_full


# --- `flask demo` ------------------------------------------------------------------------------

def test_demo_command_is_idempotent(runner, db):
    first = run_demo(runner)
    assert "5 new meeting(s), meeting cycle loaded" in first.output
    after_first = row_counts(db)
    assert after_first["Meeting"] == 6  # the five imported, and NUIT 4/22 planned by the cycle
    second = run_demo(runner)
    assert "0 new meeting(s)" in second.output
    assert row_counts(db) == after_first  # no new rows anywhere, not even audit events


def test_demo_loads_the_four_councils(loaded, db):
    councils = dict(db.session.execute(select(Council.code, Council.name)).all())
    assert councils == {"NUFA": "Fagutvalget", "NUIT": "Prioriteringsutvalget",
                        "NEHS": "Nasjonalt e-helsestyre", "NEHR": "Nasjonalt e-helseråd"}


# --- the NUIT 3/22 page -----------------------------------------------------------------------------

def test_meeting_page_shows_the_seed_agenda_in_order(loaded, client):
    rows = agenda_table(client)
    assert [as_seed_row(r) for r in rows] == SEED_AGENDA


def test_meeting_page_header_and_column_names(loaded, client):
    html = client.get(MEETING_URL).get_data(as_text=True)
    assert "Møte 3/22 · 19. mai 2022 kl. 08:30" in " ".join(html.split())
    header = html.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert re.findall(r"<th[^>]*>(.*?)</th>", header) == [
        "Sak", "Agenda", "Innretning", "Presenterer saken", "Start"]


def test_breaks_have_no_number_and_their_time_in_bold(loaded, client):
    breaks = [r for r in agenda_table(client) if r["class"] == "break"]
    assert [(r["cells"][0], r["strong"][1], r["strong"][4]) for r in breaks] == [
        ("", "Pause", "09:50"), ("", "Lunsj", "12:00"), ("", "Pause", "14:30")]


def test_postponed_row_keeps_number_and_title_but_has_no_time(loaded, client):
    (row,) = [r for r in agenda_table(client) if r["class"] == "postponed"]
    assert row["cells"][0] == "30/22"
    assert row["strong"][3] == "Saken er utsatt til møtet 14. september"
    assert row["cells"][4] == ""


def test_sub_items_are_listed_under_18_22(loaded, client):
    row = next(r for r in agenda_table(client) if r["cells"][0] == "18/22")
    assert row["cells"][1] == ("Orientering fra Direktoratet for e-helse "
                               "Videre prosess PDS steg 2 "
                               "Prosess for nye mandater for utvalgene i styringsmodellen")


def test_meeting_page_lists_the_18_members_and_observers(loaded, client):
    members = page_tables(client, MEETING_URL)[1]
    assert [tuple(r["cells"]) for r in members] == SEED_MEMBERS
    assert len(members) == 18
    assert [r["cells"][3] for r in members].count("leder") == 1
    assert [r["cells"][3] for r in members].count("observatør") == 1


# --- decision proposals, verbatim from the seed -------------------------------------------------------

def test_proposal_19_22_has_the_updated_heading(loaded, db):
    item = nuit_item(db, 19)
    assert item.proposal_heading == "Forslag til vedtak - oppdatert"
    assert item.proposal_body == {"text": "NUIT tar saken til orientering og partene tar med seg "
                                          "innspillene i det videre arbeidet."}


def test_proposal_21_22_has_three_numbered_points(loaded, db):
    item = nuit_item(db, 21)
    assert item.proposal_heading == "Forslag til vedtak"
    assert item.proposal_body == {"points": [
        "NUIT drøfter status og fremlagte utfordringer i porteføljen og ber relevante aktører ta "
        "med seg innspill gitt i møtet i det videre arbeidet.",
        "NUIT drøfter versjon 22.2 av veikart for nasjonale e-helseløsninger. Oppdatert veikart "
        "med innspill fra møtet vil bli publisert i etterkant av møtet.",
        "NUIT drøfter fremlagte forslag til tiltak for 2023, og ber relevante aktører ta med seg "
        "tiltakene og innspill fra møtet til drøfting i egne virksomheter.",
    ]}


def test_proposal_22_22_is_headed_vedtak_til_drofting(loaded, db):
    item = nuit_item(db, 22)
    assert item.proposal_heading == "Vedtak til drøfting i NUIT"
    assert item.proposal_body == {"text": (
        "NUIT drøfter fremlagte forslag til fordeling av vekst i kostnader til forvaltning og "
        "drift for de nasjonale e-helseløsningene for 2023. NUITs innspill vil bli innarbeidet i "
        "forslag som skal drøftes i Nasjonalt e-helsestyre.")}


def test_proposal_24_22_has_two_parts(loaded, db):
    item = nuit_item(db, 24)
    assert item.proposal_heading == "Vedtak:"
    parts = item.proposal_body["parts"]
    # The seed numbers the parts "1." and "2."; the number is the part's position.
    assert [p["heading"] for p in parts] == [
        "Videreutvikling av Nasjonal e-helsemonitor",
        "Forbedringsarbeid rundt rapporten Ressursbruk på IKT i helse- og omsorgstjenesten"]
    assert parts[0]["text"].split("\n\n") == [
        "NUIT anbefaler forslag til plan for videre utvikling av Nasjonal e-helsemonitor.",
        "NUIT ber Direktoratet for e-helse ta med seg innspill gitt i møtet i det videre arbeidet."]
    assert parts[1]["text"].split("\n\n") == [
        "Direktoratet for e-helse ber NUIT anbefale forbedringsprosess for nytt format og "
        "utforming av rapporten Ressursbruk på IKT i helse- og omsorgstjenesten.",
        "NUIT ber Direktoratet for e-helse ta med seg innspill gitt i møtet i det videre arbeidet."]


def test_proposal_25_22_has_three_paragraphs(loaded, db):
    item = nuit_item(db, 25)
    assert item.proposal_heading == "Forslag til vedtak"
    assert item.proposal_body["text"].split("\n\n") == [
        "Med utgangspunkt i kunnskap og erfaring fra pandemien følges saken opp videre i dialog "
        "mellom eHelse, KS, Helsedirektoratet FHI for å sikre en samordnet helhetlig "
        "utviklingsretning for digitaliseringstiltak av smittevernberedskapen. En av virksomhetene "
        "blir gitt et tydelig mandag til å følge opp videre arbeid.",
        "Digitaliseringsarbeidet innen helseberedskap og smittevern må innlemmes i øvrig "
        "e-helsearbeid og synliggjøres i revidert e-Helse strategi og veikart.",
        "Innspill fra NUIT tas med i det videre arbeidet.",
    ]


@pytest.mark.parametrize("seq, text", [
    (16, "NUIT godkjenner innkalling og dagsorden."),
    (17, "NUIT godkjenner referatet fra NUIT 17. februar og ekstramøtet 8. april 2022."),
    (18, "NUIT tar sakene til orientering."),
    (28, "NUIT drøfter saken og ber Direktoratet for e-helse ta med seg drøftingsinnspillene i "
         "det videre arbeidet."),
])
def test_plain_proposals_are_verbatim(loaded, db, seq, text):
    item = nuit_item(db, seq)
    assert (item.proposal_heading, item.proposal_body) == ("Forslag til vedtak", {"text": text})


def test_each_proposal_is_kept_as_its_first_revision(loaded, db):
    item = nuit_item(db, 19)
    assert [(r.number, r.heading) for r in item.proposal_revisions] == \
        [(1, "Forslag til vedtak - oppdatert")]


def test_postponed_30_22_points_at_14_september(loaded, db):
    item = nuit_item(db, 30)
    assert item.status == "postponed"
    assert item.postponed_to_date.isoformat() == "2022-09-14"


# --- the short history ------------------------------------------------------------------------

def test_history_has_nuit_1_22_and_extraordinary_2_22_with_cases_1_to_15(loaded, db):
    nuit_id = db.session.scalar(select(Council.id).where(Council.code == "NUIT"))
    meetings = {m.number: m for m in db.session.scalars(
        select(Meeting).where(Meeting.council_id == nuit_id, Meeting.year == 2022))}
    assert sorted(meetings) == [1, 2, 3, 4]  # 4/22 (14 September) is planned, not yet issued
    assert (meetings[4].date.isoformat(), meetings[4].status) == ("2022-09-14", "planned")
    del meetings[4]
    assert (meetings[1].date.isoformat(), meetings[1].kind) == ("2022-02-17", "ordinary")
    assert (meetings[2].date.isoformat(), meetings[2].kind) == ("2022-04-08", "extraordinary")

    def numbers(meeting):
        return [i.case_seq for i in meeting.items if i.kind == "case"]

    # 2/22 also took up an invented exempt case under "Eventuelt" (app/demo/participation.py),
    # added after 3/22's numbers: the next free one, 32/22.
    assert numbers(meetings[1]) + numbers(meetings[2]) == [*range(1, 16), 32]
    assert numbers(meetings[3]) == list(range(16, 32))
    # Every numbered case is a registered case with its own case file number; the standard items
    # (approval of notice and minutes, follow-up, "Eventuelt") have a number but no case file.
    numbered = [i for m in meetings.values() for i in m.items if i.kind == "case"]
    cases = [i for i in numbered if not i.is_routine]
    assert len({i.case.file_number for i in cases}) == len(cases) == 32 - 8
    assert [(i.meeting.number, i.case_seq) for i in numbered if i.case is None] == [
        (1, 1), (1, 2), (1, 9), (2, 10), (2, 15), (3, 16), (3, 17), (3, 31)]


def test_history_has_one_nufa_and_one_nehr_meeting(loaded, db):
    per_council = dict(db.session.execute(
        select(Council.code, func.count(Meeting.id)).join(Meeting, Meeting.council_id == Council.id)
        .group_by(Council.code)).all())
    assert per_council == {"NUIT": 4, "NUFA": 1, "NEHR": 1}


def test_council_page_lists_the_2022_meetings(loaded, client):
    table = page_tables(client, "/utvalg/NUIT?år=2022")[0]  # then the members
    assert [tuple(r["cells"][:3]) for r in table] == [
        ("Møte 1/22", "17. februar 2022", "Ordinært"),
        ("Møte 2/22", "8. april 2022", "Ekstramøte"),
        ("Møte 3/22", "19. mai 2022", "Ordinært"),
        ("Møte 4/22", "14. september 2022", "Ordinært"),
    ]
    html = client.get("/utvalg/NUIT?år=2022").get_data(as_text=True)
    for number in (1, 2, 3):
        assert f'href="/utvalg/NUIT/moter/2022/{number}"' in html


def test_history_meeting_pages_open(loaded, client):
    rows = page_tables(client, "/utvalg/NUIT/moter/2022/2")[0]
    assert [r["cells"][0] for r in rows] == ["10/22", "11/22", "12/22", "13/22", "14/22", "15/22",
                                             "32/22"]
    nufa = page_tables(client, "/utvalg/NUFA/moter/2022/2")[0]
    assert nufa[0]["cells"][0] == "8/22"
    nehr = page_tables(client, "/utvalg/NEHR/moter/2023/1")[0]
    assert nehr[0]["cells"][0] == "1/23"


def test_council_page_counts_cases_not_breaks(loaded, client):
    # The "Saker" column counts cases: 1/22 has 9 (plus a break), 2/22 has 7 (10/22–15/22 and
    # the late 32/22), 3/22 has 16 (16/22–31/22, plus three breaks).
    table = page_tables(client, "/utvalg/NUIT?år=2022")[0]  # then the members
    assert [r["cells"][4] for r in table] == ["9", "7", "16", "4"]
