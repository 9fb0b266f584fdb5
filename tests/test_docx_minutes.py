"""The minutes (referat) as a Word document, read back with python-docx: the demo's NUIT 1/22
(approved by 3/22's item 17/22) and NUIT 3/22 (a draft sent for comments)."""
from datetime import date, time

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db as _db
from app.models import AttendanceRole, Person
from app.services.paperwork import papers
from app.services.planning import notice
from app.services.proceedings import attendance, followup, recording
from tests.conftest import count_queries
from tests.test_demo_meeting import SEED_MEMBERS
from tests.test_docx_agenda import (
    footer_fields,
    nuit_meeting,
    open_docx,
    paragraphs,
    rows,
    section,
    tables,
)

FACTS_1_22 = [["Møte", "Møte 1/22"], ["Dato", "17. februar 2022"], ["Tid", "kl. 09:00"],
              ["Status", "Godkjent i møte 3/22, sak 17/22"]]


def person(name: str) -> Person:
    return _db.session.scalar(select(Person).where(Person.name == name))


def minutes_doc(number: int, public: bool = False):
    data = papers.render(nuit_meeting(number), "minutes", public)
    return data, open_docx(data)


def attendance_rows(document) -> dict[str, str]:
    (table,) = [t for t in tables(document) if rows(t) and rows(t)[0][0] in ("Til stede", "Forfall")]
    return dict((label, names) for label, names in rows(table))


def item_headings(document) -> list[str]:
    return [text for style, text in paragraphs(document) if style == "Sakstittel"]


def item_section(document, number: str) -> list[tuple[str, str]]:
    heading = next(text for style, text in paragraphs(document)
                   if style == "Sakstittel" and text.startswith(f"Sak {number}\t"))
    return section(document, heading, until_style="Sakstittel")


def action_rows(document) -> list[list[str]]:
    found = []
    for table in tables(document):
        if rows(table)[0] == ["Oppfølgingspunkt", "Ansvarlig", "Frist"]:
            found.extend(rows(table)[1:])
    return found


# --- NUIT 1/22: approved minutes ------------------------------------------------------------------

def test_first_page_has_council_meeting_date_time_and_approval(demo_full):
    _data, document = minutes_doc(1)
    texts = paragraphs(document)
    assert texts[:2] == [("Title", "Referat fra møte i NUIT"), ("Subtitle", "Prioriteringsutvalget")]
    facts = tables(document)[0]
    assert rows(facts) == FACTS_1_22
    # The facts table is on the first page: nothing before it breaks the page.
    assert not any(p.paragraph_format.page_break_before for p in document.paragraphs[:3])


def test_attendance_of_1_22(demo_full):
    _data, document = minutes_doc(1)
    assert ("Heading 1", "Oppmøte") in paragraphs(document)
    groups = attendance_rows(document)
    members = [name for name, _title, _org, role in SEED_MEMBERS if role != "observatør"]
    assert groups == {
        "Til stede": ", ".join(members),
        "Observatører": "Bodil Rabben",
        "Fra sekretariatet": "Direktoratet for e-helse (sekretariatet)",
        "Møteleder": "Mariann Hornnes",
    }


def test_every_item_with_number_title_type_and_decision(demo_full):
    meeting = nuit_meeting(1)
    _data, document = minutes_doc(1)
    cases = [i for i in sorted(meeting.items, key=lambda i: i.position) if i.kind == "case"]
    assert item_headings(document) == [f"Sak {i.case_seq}/22\t{i.title}" for i in cases]
    assert item_headings(document)[0] == "Sak 1/22\tGodkjenning av innkalling og dagsorden"
    assert item_section(document, "1/22") == [
        ("Saksinfo", "Innretning: Godkjenning"), ("Heading 3", "Vedtak:"),
        ("Normal", "NUIT godkjenner innkalling og dagsorden.")]
    assert item_section(document, "3/22")[:2] == [
        ("Saksinfo", "Innretning: Orientering"), ("Utfall", "Tatt til orientering")]
    assert item_section(document, "4/22") == [
        ("Saksinfo", "Innretning: Drøfting"),
        ("Heading 3", "Drøftinger"),
        ("Normal", "Medlemmene gav innspill til prioriteringene i porteføljen."),
        ("Heading 3", "Vedtak:"),
        ("Normal", "NUIT drøfter status og fremlagte utfordringer i porteføljen og ber relevante "
                   "aktører ta med seg innspill gitt i møtet i det videre arbeidet.")]


def test_follow_up_actions_with_owner_and_due(demo_full):
    _data, document = minutes_doc(1)
    assert action_rows(document) == [
        ["Oppdatert veikart med innspill fra møtet publiseres.", "Direktoratet for e-helse",
         "31. mars 2022"],
        ["Plan for innføring av kjernejournal i kommunal helse- og omsorgstjeneste legges fram for "
         "NUIT.", "Norsk Helsenet SF", "Q3 2022"],
    ]
    assert item_section(document, "5/22")[-1] == ("Heading 3", "Oppfølgingspunkter")


def test_footer_numbers_the_pages(demo_full):
    data, document = minutes_doc(1)
    text, fields = footer_fields(data)
    assert "Side 1 av 1" in text  # the field results Word and LibreOffice replace
    assert fields == ["PAGE", "NUMPAGES"]
    assert text.startswith("Godkjent i møte 3/22, sak 17/22")
    assert document.sections[0].header.paragraphs[0].text == \
        "Referat NUIT · Møte 1/22 · 17. februar 2022\tDirektoratet for e-helse"


# --- NUIT 3/22: a draft, with the whole attendance ------------------------------------------------

def test_draft_minutes_say_utkast_on_the_first_page(demo_full):
    data, document = minutes_doc(3)
    assert rows(tables(document)[0])[-1] == ["Status", "Utkast"]
    assert ("Merknad", "Sendt til medlemmene for kommentarer, frist 2. juni 2022.") in paragraphs(document)
    assert footer_fields(data)[0].startswith("Utkast")


def test_attendance_groups_forfall_substitutes_referent(demo_full):
    meeting = nuit_meeting(3)
    attendance.report_absence(meeting, person("Bjørn Nilsen"), "Annet møte")
    attendance.add_attendee(meeting, AttendanceRole.SUBSTITUTE, name="Hanne Vara",
                            substitute_for=person("Bjørn Nilsen"))
    attendance.add_attendee(meeting, AttendanceRole.OTHER, name="Lars Erik Antonsen")
    attendance.set_roles(meeting, chair=person("Mariann Hornnes"), minute_taker=person("Terje Wistner"))
    _db.session.commit()
    _data, document = minutes_doc(3)
    groups = attendance_rows(document)
    assert list(groups) == ["Til stede", "Forfall", "Varamedlemmer", "Observatører",
                            "Fra sekretariatet", "Andre til stede", "Møteleder", "Referent"]
    assert "Bjørn Nilsen" not in groups["Til stede"]
    assert groups["Forfall"] == "Bjørn Nilsen (Annet møte)"
    assert groups["Varamedlemmer"] == "Hanne Vara (møtte for Bjørn Nilsen)"
    assert groups["Andre til stede"] == "Lars Erik Antonsen"
    assert (groups["Møteleder"], groups["Referent"]) == ("Mariann Hornnes", "Terje Wistner")


def test_items_of_3_22_with_points_parts_postponed_and_actions(demo_full):
    _data, document = minutes_doc(3)
    assert [h.split("\t")[0] for h in item_headings(document)] == [f"Sak {n}/22" for n in range(16, 32)]
    assert item_section(document, "21/22")[3:7] == [
        ("Heading 3", "Vedtak:"),
        ("Vedtakspunkt", "1.\tNUIT drøfter status og fremlagte utfordringer i porteføljen og ber "
                         "relevante aktører ta med seg innspill gitt i møtet i det videre arbeidet."),
        ("Vedtakspunkt", "2.\tNUIT drøfter versjon 22.2 av veikart for nasjonale e-helseløsninger. "
                         "Oppdatert veikart med innspill fra møtet vil bli publisert i etterkant av "
                         "møtet."),
        ("Vedtakspunkt", "3.\tNUIT drøfter fremlagte forslag til tiltak for 2023, og ber relevante "
                         "aktører ta med seg tiltakene og innspill fra møtet til drøfting i egne "
                         "virksomheter.")]
    parts = [text for style, text in item_section(document, "24/22") if style == "Heading 4"]
    assert parts == ["1. Videreutvikling av Nasjonal e-helsemonitor",
                     "2. Forbedringsarbeid rundt rapporten Ressursbruk på IKT i helse- og "
                     "omsorgstjenesten"]
    assert item_section(document, "30/22") == [
        ("Saksinfo", "Innretning: Drøfting"), ("Utfall", "Saken er utsatt til møtet 14. september")]
    assert action_rows(document) == [
        ["Saken fremmes igjen for NUIT når nødvendige økonomiske analyser er gjennomført.",
         "Direktoratet for e-helse", "Når analysene er gjennomført"],
        ["Oppdatert veikart med innspill fra møtet publiseres i etterkant av møtet.",
         "Direktoratet for e-helse", "30. juni 2022"],
    ]


def test_minutes_of_a_meeting_without_attendance_or_minutes_yet(demo):
    _data, document = minutes_doc(3)
    assert ("Merknad", "Oppmøtet er ikke registrert.") in paragraphs(document)
    assert rows(tables(document)[0])[-1] == ["Status", "Utkast"]


def test_rendering_minutes_runs_a_fixed_number_of_queries(app, db):
    from tests.factories import make_council, make_meeting

    council = make_council()
    counts = []
    for n, day in ((3, date(2022, 5, 19)), (30, date(2022, 6, 19))):
        meeting = make_meeting(council, day=day, start=time(8, 30), cases=n)
        notice.issue_notice(meeting.id)
        with time_machine.travel(date(2022, 5, 1), tick=False):
            for item in meeting.items:
                recording.record_item(item, expected_version=item.version, outcome="decided",
                                      decision_body={"text": "Vedtatt."}, discussion="Drøftet.")
                followup.create_action(item, "Følges opp.", organisation=item.presenting_organisation,
                                       due_date=date(2022, 12, 31))
        db.session.commit()
        db.session.expire_all()
        with count_queries(db.engine) as queries:
            papers.render(meeting, "minutes", False)
        counts.append(queries())
    assert counts[0] == counts[1]


@pytest.mark.parametrize("public", [False, True])
def test_document_title_property(demo_full, public):
    _data, document = minutes_doc(1, public)
    assert document.core_properties.title == "Referat, NUIT møte 1/22 (17. februar 2022)"
