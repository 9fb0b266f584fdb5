"""The minutes (referat) as a Word document, read back with python-docx: the demo's NUIT 1/22
(approved by 3/22's item 17/22) and NUIT 3/22 (a draft sent for comments)."""
from datetime import date, time

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db as _db
from app.models import AttendanceRole, MeetingStatus, Person
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

FACTS_1_22 = [["Møte", "Møte 1/22"], ["Dato", "17. februar 2022"], ["Tid", "kl. 09:00–12:00"],
              ["Status", "Godkjent i møte 3/22, sak 17/22"]]


def person(name: str) -> Person:
    return _db.session.scalar(select(Person).where(Person.name == name))


def minutes_doc(number: int, public: bool = False):
    data = papers.render(nuit_meeting(number), "minutes", public)
    return data, open_docx(data)


def attendance_rows(document) -> dict[str, str]:
    (table,) = [t for t in tables(document) if rows(t) and rows(t)[0][0] == "Forfall"]
    return dict((label, names) for label, names in rows(table))


def present_rows(document) -> list[list[str]]:
    (table,) = [t for t in tables(document) if rows(t) and rows(t)[0] == ["Navn", "Aktør"]]
    return rows(table)[1:]


def open_action_rows(document) -> list[list[str]]:
    header = ["Oppfølgingspunkt", "Sak", "Ansvarlig", "Frist", "Status"]
    (table,) = [t for t in tables(document) if rows(t) and rows(t)[0] == header]
    return rows(table)[1:]


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
    members = [[name, org] for name, _title, org, role in SEED_MEMBERS if role != "observatør"]
    assert present_rows(document) == members
    assert attendance_rows(document) == {
        "Forfall": "Ingen", "Vara": "Ingen", "Observatører": "Bodil Rabben",
        "Fra sekretariatet": "Ingrid Solberg", "Møteleder": "Mariann Hornnes",
        "Referent": "Ingrid Solberg",
    }


def test_every_item_with_number_title_type_and_decision(demo_full):
    meeting = nuit_meeting(1)
    _data, document = minutes_doc(1)
    cases = [i for i in sorted(meeting.items, key=lambda i: i.position) if i.kind == "case"]
    assert item_headings(document) == [f"Sak {i.case_seq}/22\t{i.title}" for i in cases]
    assert item_headings(document)[0] == "Sak 1/22\tGodkjenning av innkalling og dagsorden"
    assert item_section(document, "1/22") == [
        ("Saksinfo", "Innretning: Godkjenning · Presenterer saken: Mariann Hornnes "
                     "Direktoratet for e-helse"), ("Heading 3", "Vedtak:"),
        ("Normal", "NUIT godkjenner innkalling og dagsorden.")]
    # The decision says it was taken to information: no "Tatt til orientering" above it.
    assert [p for p in item_section(document, "3/22") if p[0] in ("Utfall", "Heading 3")] == [
        ("Heading 3", "Vedtak:")]
    assert item_section(document, "4/22") == [
        ("Saksinfo", "Innretning: Drøfting · Presenterer saken: Siv Ingebrigtsen Direktoratet "
                     "for e-helse"),
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
    # The end recorded when the meeting was marked held (1/22 shows the agenda's planned end).
    assert ["Tid", "kl. 08:30–15:15"] in rows(tables(document)[0])
    assert ("Merknad", "Sendt til medlemmene for kommentarer, frist 2. juni 2022.") in paragraphs(document)
    assert footer_fields(data)[0].startswith("Utkast")


def test_attendance_of_3_22_with_forfall_vara_and_referent(demo_full):
    _data, document = minutes_doc(3)
    present = present_rows(document)
    assert ["Mariann Hornnes", "Direktoratet for e-helse"] in present
    assert ["Egil Johanessen", "Representerer fastlegene"] in present
    assert len(present) == 16 and "Per Olav Skjesol" not in [name for name, _org in present]
    assert attendance_rows(document) == {
        "Forfall": "Per Olav Skjesol (Annet møte)",
        "Vara": "Marte Kirkerud (for Per Olav Skjesol)",
        "Observatører": "Bodil Rabben",
        "Fra sekretariatet": "Ingrid Solberg, Henrik Aasen",
        "Møteleder": "Mariann Hornnes",
        "Referent": "Ingrid Solberg",
    }


def test_public_variant_leaves_out_the_reason_for_forfall(demo_full):
    _data, document = minutes_doc(3, public=True)
    assert attendance_rows(document)["Forfall"] == "Per Olav Skjesol"


def test_more_attendance_groups_appear_when_someone_is_in_them(demo_full):
    meeting = nuit_meeting(3)
    attendance.report_absence(meeting, person("Bjørn Nilsen"), "Sykdom")
    attendance.add_attendee(meeting, AttendanceRole.SUBSTITUTE, name="Hanne Vara",
                            substitute_for=person("Bjørn Nilsen"))
    attendance.add_attendee(meeting, AttendanceRole.OTHER, name="Lars Erik Antonsen")
    attendance.report_absence(meeting, person("Bodil Rabben"))
    attendance.set_roles(meeting, chair=person("Mariann Hornnes"), minute_taker=None)
    _db.session.commit()
    _data, document = minutes_doc(3)
    groups = attendance_rows(document)
    assert list(groups) == ["Forfall", "Vara", "Observatører", "Observatører med forfall",
                            "Fra sekretariatet", "Andre til stede", "Møteleder", "Referent"]
    assert groups["Forfall"] == "Per Olav Skjesol (Annet møte), Bjørn Nilsen (Sykdom)"
    assert groups["Vara"] == ("Marte Kirkerud (for Per Olav Skjesol), "
                              "Hanne Vara (for Bjørn Nilsen)")
    assert (groups["Observatører"], groups["Observatører med forfall"]) == ("Ingen", "Bodil Rabben")
    assert groups["Andre til stede"] == "Lars Erik Antonsen"
    assert groups["Referent"] == "Ingen"


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
    assert item_section(document, "31/22")[:2] == [
        ("Saksinfo", "Presenterer saken: Mariann Hornnes Direktoratet for e-helse"),
        ("Utfall", "Ingen saker")]
    assert action_rows(document) == [
        ["Saken fremmes igjen for NUIT når nødvendige økonomiske analyser er gjennomført.",
         "Direktoratet for e-helse", "Når analysene er gjennomført"],
        ["Oppdatert veikart med innspill fra møtet publiseres i etterkant av møtet.",
         "Direktoratet for e-helse", "30. juni 2022"],
    ]


def test_open_actions_new_and_carried_over_with_status(demo_full):
    _data, document = minutes_doc(3)
    assert paragraphs(document)[-2:] == [
        ("Heading 1", "Åpne oppfølgingspunkter"),
        ("Saksinfo", "Oppfølgingspunkter fra dette og tidligere møter som ikke er fullført.")]
    listed = open_action_rows(document)
    assert [(case, status) for _what, case, _who, _due, status in listed] == [
        ("21/22", "Åpen (nytt)"), ("7/22", "Under arbeid"), ("20/22", "Åpen (nytt)"),
        ("12/22", "Åpen")]
    assert listed[1] == ["Plan for innføring av kjernejournal i kommunal helse- og omsorgstjeneste "
                         "legges fram for NUIT.", "7/22", "Norsk Helsenet SF", "Q3 2022",
                         "Under arbeid"]
    # NUIT 1/22 lists its own open action only: the veikart action is done, 2/22's came later.
    _data, first = minutes_doc(1)
    assert [row[1] for row in open_action_rows(first)] == ["7/22"]


def test_open_actions_of_an_exempt_case_stay_out_of_the_public_variant(demo_full):
    from app.services.casework import cases as case_service

    item = next(i for i in nuit_meeting(3).items if i.case_seq == 21)
    case_service.update_case(item.case, exempt=True, legal_basis="offl. § 15 første ledd",
                             public_title="Porteføljesak")
    _db.session.commit()
    _data, public = minutes_doc(3, public=True)
    assert "21/22" not in [row[1] for row in open_action_rows(public)]
    assert "Oppdatert veikart" not in " ".join(text for _s, text in paragraphs(public))
    _data, full = minutes_doc(3)
    assert "21/22" in [row[1] for row in open_action_rows(full)]


def test_minutes_of_a_meeting_without_attendance_or_minutes_yet(demo):
    _data, document = minutes_doc(3)
    assert ("Merknad", "Oppmøtet er ikke registrert.") in paragraphs(document)
    assert rows(tables(document)[0])[-1] == ["Status", "Utkast"]
    assert present_rows(document) == [["Ingen", ""]]
    assert attendance_rows(document)["Referent"] == "Ingen"
    assert ("Merknad", "Ingen åpne oppfølgingspunkter.") in paragraphs(document)


def test_flask_minutes_docx_of_the_demo_shows_draft_forfall_and_referent(demo_full, app, tmp_path):
    target = tmp_path / "referat.docx"
    result = app.test_cli_runner().invoke(args=["minutes", "docx", "NUIT", "3/22", "-o", str(target)])
    assert result.exit_code == 0, result.output
    document = open_docx(target.read_bytes())
    text = " ".join([t for _s, t in paragraphs(document)]
                    + [" ".join(r) for t in tables(document) for r in rows(t)])
    for word in ("Utkast", "Forfall", "Referent", "Ingrid Solberg", "Marte Kirkerud"):
        assert word in text


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


# --- when the meeting ended --------------------------------------------------------------------

def test_marking_held_records_when_the_meeting_ended_for_the_minutes(client, app):
    from tests.conftest import login
    from tests.factories import make_council, make_meeting
    from tests.test_meeting_day_pages import _text

    meeting = make_meeting(make_council(), cases=2)  # starts 08:30, planned end 09:00
    notice.issue_notice(meeting.id)
    _db.session.commit()
    login(client, app)
    confirm = _text(client.get(f"/moter/{meeting.id}/avholdt").get_data(as_text=True))
    assert "Møtet ble avsluttet kl. (valgfritt)" in confirm
    for bad, message in (("08:00", "Møtet kan ikke slutte før det begynte kl. 08:30."),
                         ("kvart over", "Skriv klokkeslettet som tt:mm, f.eks. 08:30.")):
        page = _text(client.post(f"/moter/{meeting.id}/avholdt",
                                 data={"end_time": bad}).get_data(as_text=True))
        assert message in page and "Marker NUIT Møte 1/22 som avholdt?" in page
        _db.session.expire_all()
        assert meeting.status == MeetingStatus.ISSUED and meeting.end_time is None
    page = client.post(f"/moter/{meeting.id}/avholdt", data={"end_time": "11:45"},
                       follow_redirects=True).get_data(as_text=True)
    assert "NUIT Møte 1/22 er markert som avholdt." in _text(page)
    _db.session.expire_all()
    assert (meeting.status, meeting.end_time) == (MeetingStatus.HELD, time(11, 45))
    facts = rows(tables(open_docx(papers.render(meeting, "minutes", False)))[0])
    assert ["Tid", "kl. 08:30–11:45"] in facts
    # Corrected later, from the recording page, while the minutes are a draft.
    recording_page = _text(client.get(f"/moter/{meeting.id}/protokoll").get_data(as_text=True))
    assert "Møtet ble avsluttet kl. 11:45. Registrer når møtet ble avsluttet" in recording_page
    page = client.get(f"/moter/{meeting.id}/avholdt").get_data(as_text=True)
    assert "Når ble NUIT Møte 1/22 avsluttet?" in _text(page) and 'value="11:45"' in page
    page = client.post(f"/moter/{meeting.id}/avholdt", data={"end_time": "12:10"},
                       follow_redirects=True).get_data(as_text=True)
    assert "Tidspunktet møtet ble avsluttet er lagret." in _text(page)
    _db.session.expire_all()
    assert (meeting.status, meeting.end_time) == (MeetingStatus.HELD, time(12, 10))
