"""Standard agenda items are known by their purpose, not their title; the database keeps status
columns to their values and an item's council to its meeting's."""
import os
import sqlite3
import subprocess
import sys
from datetime import date, time
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from app.data_io.exporter import dump_yaml, export_document
from app.data_io.importer import import_document
from app.extensions import db
from app.models import ItemPurpose
from app.services import ServiceError
from app.services.planning import meetings, notice
from app.services.proceedings import minutes, recording
from app.services.proceedings.meeting_setup import create_meeting_with_agenda
from app.services.registry import councils
from tests.factories import add_item, make_council, make_meeting

PROJECT = Path(__file__).resolve().parent.parent
FLASK = str(Path(sys.executable).parent / "flask")


def _purposes(meeting) -> list[tuple[str, str]]:
    return [(i.title, i.purpose) for i in sorted(meeting.items, key=lambda i: i.position)]


def _held_with_minutes(council, day):
    meeting = make_meeting(council, day=day, cases=1)
    notice.issue_notice(meeting.id)
    with time_machine.travel(day, tick=False):
        recording.mark_held(meeting)
    db.session.commit()
    return meeting


def test_a_new_meeting_gets_its_standard_items_with_their_purposes(app):
    council = make_council()
    _held_with_minutes(council, date(2022, 3, 1))
    meeting = create_meeting_with_agenda(council, date(2022, 5, 19), time(9, 0))
    meetings.add_break(meeting, "Lunsj")
    assert _purposes(meeting) == [
        ("Godkjenning av innkalling og dagsorden", ItemPurpose.APPROVE_NOTICE),
        ("Godkjenning av referat fra NUIT 1. mars 2022", ItemPurpose.APPROVE_MINUTES),
        ("Lunsj", ItemPurpose.BREAK),
        ("Eventuelt", ItemPurpose.ANY_OTHER_BUSINESS),
    ]


def test_renamed_standard_items_keep_their_place_and_role(app):
    council = make_council()
    councils.ensure_membership(councils.upsert_person("Lise Leder"), council, "leder")  # presents them
    earlier = _held_with_minutes(council, date(2022, 3, 1))
    meeting = create_meeting_with_agenda(council, date(2022, 5, 19), time(9, 0))
    approval = next(i for i in meeting.items if i.purpose == ItemPurpose.APPROVE_MINUTES)
    closing = next(i for i in meeting.items if i.purpose == ItemPurpose.ANY_OTHER_BUSINESS)
    meetings.update_item(approval, title="Referat fra forrige møte")
    meetings.update_item(closing, title="Eventuelle saker")
    # A case that only looks like a standard item is a case.
    lookalike = add_item(meeting, "Godkjenning av referatmal for sekretariatet", item_type="Drøfting")
    added = add_item(meeting, "Ny sak", item_type="Drøfting")
    assert [i.title for i in sorted(meeting.items, key=lambda i: i.position)][-3:] == [
        "Godkjenning av referatmal for sekretariatet", "Ny sak", "Eventuelle saker"]
    assert minutes.approval_items(minutes.minutes_for(earlier)) == [approval]
    assert lookalike.purpose == added.purpose == ItemPurpose.CASE
    # "Eventuelt" needs no item type or proposal, whatever it is called.
    errors, warnings = notice.notice_problems(meeting)
    assert "«Eventuelle saker» mangler innretning." not in errors
    assert "«Eventuelle saker» har ikke forslag til vedtak." not in warnings
    assert "«Ny sak» har ikke forslag til vedtak." in warnings
    notice.issue_notice(meeting.id, accept_warnings=True)
    with time_machine.travel(date(2022, 5, 19), tick=False), pytest.raises(ServiceError) as refused:
        minutes.approve(minutes.minutes_for(earlier), item=lookalike)
    # Flashed refusals carry no user text (titles): the secretariat chose the item on the page.
    assert str(refused.value) == "Den valgte saken er ikke en sak «Godkjenning av referat»."


def _file(purpose_line: str = "") -> dict:
    import yaml

    return yaml.safe_load(f"""
meetings:
  - council: NUIT
    number: 2
    date: 2022-04-08
    start: '09:00'
    agenda:
      - title: Godkjenning av innkalling og dagsorden
      - title: Godkjenning av referat fra NUIT 17. februar 2022
      - title: Referatet fra forrige møte
{purpose_line}
      - title: Eventuelt
""")


def test_the_importer_reads_purposes_and_infers_them_from_titles_in_older_files(app):
    make_council()
    db.session.commit()
    import_document(_file())
    meeting = meetings.meeting_by_number(make_council(), 2022, 2)
    assert [p for _t, p in _purposes(meeting)] == [
        ItemPurpose.APPROVE_NOTICE, ItemPurpose.APPROVE_MINUTES, ItemPurpose.CASE,
        ItemPurpose.ANY_OTHER_BUSINESS]
    import_document(_file("        purpose: approve_minutes"))
    db.session.expire_all()
    assert [p for _t, p in _purposes(meeting)][2] == ItemPurpose.APPROVE_MINUTES
    exported = dump_yaml(export_document("NUIT", 2022))
    assert exported.count("purpose:") == 1 and "purpose: approve_minutes" in exported


def test_an_unknown_purpose_in_a_file_is_refused(app):
    from app.data_io.importer import ImportFailed

    make_council()
    db.session.commit()
    with pytest.raises(ImportFailed) as failed:
        import_document(_file("        purpose: lunsj"))
    assert any("meetings[0].agenda[2].purpose: 'lunsj' is not one of" in e for e in failed.value.errors)


@pytest.mark.parametrize("statement", [
    "UPDATE meeting SET status = 'avholdt'",
    "UPDATE agenda_item SET status = 'done'",
    "UPDATE agenda_item SET purpose = 'break'",
    "UPDATE agenda_item SET outcome = 'approved'",
    "UPDATE minutes SET status = 'final'",
    "UPDATE follow_up_action SET status = 'closed'",
    "UPDATE outbox_message SET status = 'queued'",
    "UPDATE agenda_item SET council_id = (SELECT id FROM council WHERE code = 'NUFA')",
])
def test_the_database_refuses_values_and_councils_the_services_never_write(app, statement):
    from app.services.core import mail
    from app.services.proceedings import followup

    council = make_council()
    make_council("NUFA", "Fagutvalget")
    meeting = _held_with_minutes(council, date(2022, 3, 1))
    item = next(i for i in meeting.items if i.is_case)
    followup.create_action(item, "Noe skal gjøres.", organisation=council.secretariat,
                           due_date=date(2022, 6, 1), accept_past_due=True)
    mail.queue("kari@example.no", "Emne", "Tekst", "test")
    db.session.commit()
    with pytest.raises(IntegrityError):
        db.session.execute(text(statement))
        db.session.flush()
    db.session.rollback()


def test_the_migration_fills_purpose_from_the_titles(tmp_path):
    """Upgrade an existing 0005 database with items in it: the purposes come from the titles."""
    path = tmp_path / "old.db"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{path}", "FLASK_APP": "wsgi"}

    def flask(*args):
        done = subprocess.run([FLASK, *args], cwd=PROJECT, env=env, capture_output=True, text=True,
                              timeout=120)
        assert done.returncode == 0, done.stderr
        return done

    flask("db", "upgrade", "0005")
    with sqlite3.connect(path) as conn:
        conn.execute("INSERT INTO council (id, code, name, case_number_format) VALUES (1, 'NUIT', 'P', '{seq}/{yy}')")
        conn.execute("INSERT INTO meeting (id, council_id, year, number, kind, date, start_time, status) "
                     "VALUES (1, 1, 2022, 3, 'ordinary', '2022-05-19', '08:30:00', 'held')")
        titles = [("case", "Godkjenning av innkalling og dagsorden"),
                  ("case", "Godkjenning av referat fra NUIT 17. februar og ekstramøtet 8. april 2022"),
                  ("case", "Oppfølgingspunkter fra tidligere møter"), ("break", "Pause"),
                  ("case", "Nasjonal e-helseportefølje"), ("case", " Eventuelt ")]
        for position, (kind, title) in enumerate(titles):
            conn.execute("INSERT INTO agenda_item (meeting_id, council_id, position, kind, title, subitems, "
                         "status, changed_after_issue, version) VALUES (1, 1, ?, ?, ?, '[]', 'planned', 0, 1)",
                         (position, kind, title))
        conn.execute("INSERT INTO minutes (meeting_id, status, version) VALUES (1, 'draft', 1)")
    flask("db", "upgrade", "head")
    with sqlite3.connect(path) as conn:
        purposes = [row[0] for row in conn.execute("SELECT purpose FROM agenda_item ORDER BY position")]
        assert conn.execute("PRAGMA foreign_key_check").fetchall() == []
    assert purposes == ["approve_notice", "approve_minutes", "follow_up", "break", "case",
                        "any_other_business"]
