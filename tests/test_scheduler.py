"""The recurring jobs: follow-up reminders (frozen clock), the job lock, and scheduler processes
against a real SMTP server: a second process skips the jobs another holds, each reminder arrives
once."""
import os
import signal
import subprocess
import sys
import threading
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

import pytest
import time_machine
from sqlalchemy import select

from app.extensions import db
from app.models import ActionStatus, JobLock, OutboxMessage, OutboxStatus
from app.services.core import clock, joblock, mail
from app.services.planning import meetings
from app.services.proceedings import followup, notifications
from app.services.registry import councils
from tests.factories import make_council, make_meeting
from tests.smtp_sink import SmtpSink

PROJECT = Path(__file__).resolve().parent.parent
FLASK = str(Path(sys.executable).parent / "flask")
BASE_URL = "https://motebok.example.no"
DUE = date(2022, 6, 10)


def _at(day: date, hour: int = 7):
    """Freeze the clock on a Norwegian morning (the scan runs at 07.00)."""
    return time_machine.travel(datetime(day.year, day.month, day.day, hour, 0, tzinfo=clock.OSLO),
                               tick=False)


def _item(exempt: bool = False):
    council = make_council()
    meeting = make_meeting(council, cases=1)
    if exempt:
        meetings.add_case_item(meeting, "Hemmelig avtale med Fjordklinikken AS", item_type="Drøfting",
                               exempt=True, legal_basis="offl. § 23", public_title="Unntatt")
    db.session.commit()
    return [i for i in meeting.items if i.is_case][-1]


def _person(name="Kari Ansvarlig", email="kari@example.no"):
    return councils.upsert_person(name, email=email)


def _action(item, due=DUE, person=None, description="Veikartet publiseres på ehelse.no", **kwargs):
    with _at(date(2022, 5, 20)):
        action = followup.create_action(item, description, person=person or _person(),
                                        due_date=due, accept_past_due=True, **kwargs)
        db.session.commit()
    return action


def _reminders():
    db.session.expire_all()
    return db.session.scalars(select(OutboxMessage).where(OutboxMessage.kind.like("followup_%"))
                              .order_by(OutboxMessage.id)).all()


@pytest.fixture
def base_url(app):
    app.config.update(BASE_URL=BASE_URL, MAIL_SERVER=None)


def test_due_soon_exactly_seven_days_before_then_overdue_once_each(app, base_url):
    action = _action(_item(), due_label="før sommeren")

    with _at(DUE - timedelta(days=8)):
        assert notifications.scan_reminders() == 0
    with _at(DUE - timedelta(days=7)):
        assert notifications.scan_reminders() == 1
        assert notifications.scan_reminders() == 0, "second run the same day"
    with _at(DUE - timedelta(days=7), hour=23):
        assert notifications.scan_reminders() == 0
    for day in (DUE - timedelta(days=6), DUE - timedelta(days=1), DUE):
        with _at(day):
            assert notifications.scan_reminders() == 0, day
    with _at(DUE + timedelta(days=1)):
        assert notifications.scan_reminders() == 1
        assert notifications.scan_reminders() == 0
    with _at(DUE + timedelta(days=30)):
        assert notifications.scan_reminders() == 0

    soon, overdue = _reminders()
    assert (soon.kind, soon.to_address) == ("followup_due_soon", "kari@example.no")
    assert soon.subject == "Frist om 7 dager: oppfølgingspunkt i NUIT"
    assert "Til Kari Ansvarlig" in soon.body
    assert "Fristen er 10. juni 2022 («før sommeren»)." in soon.body
    assert "«Veikartet publiseres på ehelse.no»" in soon.body
    assert f"Se og oppdater punktet: {BASE_URL}/oppfolging/{action.id}" in soon.body
    assert (overdue.kind, overdue.to_address) == ("followup_overdue", "kari@example.no")
    assert overdue.subject == "Forfalt oppfølgingspunkt i NUIT"
    assert "Fristen gikk ut 10. juni 2022." in overdue.body


@pytest.mark.parametrize(("days", "subject"), [
    (3, "Frist om 3 dager"), (1, "Frist i morgen"), (0, "Frist i dag")])
def test_an_action_due_within_seven_days_is_reminded_at_once(app, base_url, days, subject):
    _action(_item(), due=DUE)
    with _at(DUE - timedelta(days=days)):
        assert notifications.scan_reminders() == 1
    [reminder] = _reminders()
    assert reminder.subject == f"{subject}: oppfølgingspunkt i NUIT"


def test_no_reminder_for_closed_actions_or_people_without_email(app, base_url):
    item = _item()
    done = _action(item, person=_person("Ferdig Person", "ferdig@example.no"))
    cancelled = _action(item, person=_person("Avlyst Person", "avlyst@example.no"))
    _action(item, person=_person("Uten Epost", None))
    with _at(date(2022, 5, 20)):
        followup.update_action(done, status=ActionStatus.DONE)
        followup.update_action(cancelled, status=ActionStatus.CANCELLED)
        followup.create_action(item, "Bare en organisasjon har ansvaret", due_date=DUE,
                               organisation=councils.upsert_organisation("Helse Nord RHF"))
        in_progress = _action(item, person=_person("I Gang", "igang@example.no"))
        followup.update_action(in_progress, status=ActionStatus.IN_PROGRESS)
        db.session.commit()

    for day in (DUE - timedelta(days=7), DUE + timedelta(days=1)):
        with _at(day):
            notifications.scan_reminders()

    assert [(r.to_address, r.kind) for r in _reminders()] == [
        ("igang@example.no", "followup_due_soon"), ("igang@example.no", "followup_overdue")]


def test_a_new_due_date_gives_a_new_reminder(app, base_url):
    action = _action(_item())
    with _at(DUE - timedelta(days=7)):
        assert notifications.scan_reminders() == 1
        followup.update_action(action, due_date=DUE - timedelta(days=2))
        db.session.commit()
        assert notifications.scan_reminders() == 1
        assert notifications.scan_reminders() == 0
    # Postponed by a month: reminded again a week before the new date, and not before.
    with _at(DUE):
        followup.update_action(action, due_date=DUE + timedelta(days=30))
        db.session.commit()
        assert notifications.scan_reminders() == 0
    with _at(DUE + timedelta(days=23)):
        assert notifications.scan_reminders() == 1
    assert [r.subject for r in _reminders()] == [
        "Frist om 7 dager: oppfølgingspunkt i NUIT", "Frist om 5 dager: oppfølgingspunkt i NUIT",
        "Frist om 7 dager: oppfølgingspunkt i NUIT"]


def test_a_reminder_on_an_exempt_case_says_what_to_do_but_nothing_of_the_case(app, base_url):
    """One rule with the action's page: the responsible person is told the description and the
    due date with its label, never the exempt case's title."""
    _action(_item(exempt=True), description="Send utkastet til juridisk vurdering",
            due_label="før styremøtet")
    with _at(DUE - timedelta(days=7)):
        assert notifications.scan_reminders() == 1
    with _at(DUE + timedelta(days=1)):
        assert notifications.scan_reminders() == 1
    due_soon, overdue = _reminders()
    for reminder in (due_soon, overdue):
        text = reminder.subject + reminder.body
        assert "Fjordklinikken" not in text and "Hemmelig" not in text
        assert "«Send utkastet til juridisk vurdering»" in reminder.body
        assert "/oppfolging/" in reminder.body
    assert "(«før styremøtet»)" in due_soon.body


# --- the job lock -------------------------------------------------------------------------------

def _try_in_thread(app, name="reminders") -> bool:
    """Take the lock as another worker would (own thread, own database connection)."""
    result = []

    def attempt():
        with app.app_context():
            with joblock.exclusive(name) as acquired:
                result.append(acquired)
            db.session.remove()

    thread = threading.Thread(target=attempt)
    thread.start()
    thread.join(60)
    return result[0]


def test_a_held_job_lock_makes_a_second_taker_skip(app):
    db.session.commit()
    with joblock.exclusive("reminders") as first:
        assert first is True
        assert _try_in_thread(app) is False
        assert _try_in_thread(app, "send-outbox") is True, "another job has its own lock"
    assert _try_in_thread(app) is True
    with joblock.exclusive("reminders") as again:
        assert again is True


HOLD_LOCK = """
import sys, time
from app import create_app
from app.services.core import joblock
from config import TestingConfig

with create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=sys.argv[1]).app_context():
    with joblock.exclusive("reminders") as acquired:
        print(acquired, flush=True)
        time.sleep(120)
"""


def test_the_lock_of_a_killed_process_does_not_block_for_ever(app):
    db.session.commit()
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, app.config["SQLALCHEMY_DATABASE_URI"]],
                              cwd=PROJECT, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "True"
        assert _try_in_thread(app) is False
    finally:
        holder.kill()
        holder.wait(30)
        holder.stdout.close()
    if db.engine.dialect.name == "postgresql":
        # The advisory lock belonged to the dead process's connection: free as soon as the server
        # notices the connection is gone.
        deadline = time.monotonic() + 10
        while not _try_in_thread(app) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert _try_in_thread(app) is True
        return
    # SQLite: the lock row stays until it expires, 30 minutes after it was taken.
    assert _try_in_thread(app) is False
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=29)):
        assert _try_in_thread(app) is False
    with time_machine.travel(datetime.now(UTC) + timedelta(minutes=31)):
        assert _try_in_thread(app) is True
    assert _try_in_thread(app) is True, "released again by the one that took it over"
    # A lock row left behind by a process on another machine, expired.
    db.session.execute(JobLock.__table__.update().values(
        holder="annen-maskin:4242:dead", locked_until=datetime.now(UTC) - timedelta(minutes=1)))
    db.session.commit()
    with joblock.exclusive("reminders") as acquired:
        assert acquired is True
    db.session.expire_all()
    assert db.session.get(JobLock, "reminders").locked_until is None


# --- real processes -----------------------------------------------------------------------------

def _env(app, tmp_path, sink, **extra) -> dict:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAIL_", "OUTBOX_"))}
    env.update(DATABASE_URL=app.config["SQLALCHEMY_DATABASE_URI"], FLASK_APP="wsgi",
               MOTEBOK_INSTANCE_DIR=str(tmp_path / "instance"), BASE_URL=BASE_URL,
               MAIL_FROM="Møtebok <motebok@example.no>", PYTHONUNBUFFERED="1", **extra)
    if sink is not None:
        env.update(MAIL_SERVER="127.0.0.1", MAIL_PORT=str(sink.port))
    return env


def _actions_due_around_today(count: int) -> dict[str, int]:
    """Actions for ``count`` people, due from a week ago to a week ahead (real today: the
    processes cannot share a frozen clock). Returns the reminders expected per address."""
    item = _item()
    today = clock.today()
    expected = {}
    for n in range(count):
        due = today + timedelta(days=(n % 15) - 7)
        person = _person(f"Ansvarlig {n}", f"ansvarlig{n}@example.no")
        followup.create_action(item, f"Tiltak {n}", person=person, due_date=due, accept_past_due=True)
        expected[person.email] = 1
    # Beyond the week: no reminder yet.
    followup.create_action(item, "Senere", person=_person("Senere", "senere@example.no"),
                           due_date=today + timedelta(days=8))
    db.session.commit()
    db.session.remove()
    return expected


def _once_all(env) -> str:
    """`flask scheduler once all` in a process of its own; its output."""
    done = subprocess.run([FLASK, "scheduler", "once", "all"], cwd=PROJECT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    return done.stdout


def test_a_second_scheduler_process_skips_the_jobs_another_holds(app, tmp_path):
    """What two scheduler processes at once come to, without racing them: while this test holds
    both job locks (as a first process would), another process does nothing; afterwards one run
    queues and sends every reminder, and the next run sends none of them again."""
    expected = _actions_due_around_today(30)
    sink = SmtpSink().start()
    try:
        env = _env(app, tmp_path, sink)
        with joblock.exclusive("reminders") as reminders, joblock.exclusive("send-outbox") as outbox:
            assert reminders and outbox
            skipped = _once_all(env)
        assert skipped == ("reminders: hoppet over (kjører i en annen prosess)\n"
                           "send-outbox: hoppet over (kjører i en annen prosess)\n")
        assert sink.envelopes == []
        assert db.session.scalars(select(OutboxMessage)).all() == [], "nothing queued while held"
        db.session.rollback()  # SQLite: the test's read must not keep the write lock from the process

        first = _once_all(env)
        again = _once_all(env)
    finally:
        sink.stop()
    assert first == "reminders: 30 påminnelse(r) lagt i utboksen\nsend-outbox: 30 sendt, 0 feilet\n"
    assert again == "reminders: 0 påminnelse(r) lagt i utboksen\nsend-outbox: 0 sendt, 0 feilet\n"
    assert sink.per_recipient() == expected
    assert len(sink.envelopes) == 30
    db.session.expire_all()
    assert {m.status for m in db.session.scalars(select(OutboxMessage))} == {OutboxStatus.SENT}


def test_scheduler_once_reminders_says_what_it_did(app, tmp_path):
    expected = _actions_due_around_today(3)
    env = _env(app, tmp_path, None)
    first = subprocess.run([FLASK, "scheduler", "once", "reminders"], cwd=PROJECT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert first.stdout == "reminders: 3 påminnelse(r) lagt i utboksen\n"
    again = subprocess.run([FLASK, "scheduler", "once", "reminders"], cwd=PROJECT, env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.stdout == "reminders: 0 påminnelse(r) lagt i utboksen\n"
    outbox = subprocess.run([FLASK, "scheduler", "once", "send-outbox"], cwd=PROJECT, env=env,
                            capture_output=True, text=True, timeout=120)
    assert outbox.returncode == 0, outbox.stderr
    assert outbox.stdout == ("send-outbox: 0 sendt, 0 feilet, 3 skrevet til loggen "
                             "(MAIL_SERVER er ikke satt)\n")
    assert "MAIL_SERVER er ikke satt, ikke sendt) til ansvarlig0@example.no" in outbox.stderr
    assert sorted(m.to_address for m in _reminders()) == sorted(expected)


def test_scheduler_run_sends_queued_mail_and_stops_cleanly(app, tmp_path):
    _actions_due_around_today(1)
    mail.queue("ase@example.no", "Referat til kommentar: NUIT møte 3/22", "Kommenter innen fredag.",
               "minutes_comments")
    db.session.commit()
    db.session.remove()
    sink = SmtpSink().start()
    process = subprocess.Popen([FLASK, "scheduler", "run"], cwd=PROJECT,
                               env=_env(app, tmp_path, sink, OUTBOX_INTERVAL_SECONDS="1"),
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        deadline = time.monotonic() + 60
        while len(sink.envelopes) < 2 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        assert sorted(sink.per_recipient()) == ["ansvarlig0@example.no", "ase@example.no"]
        # Something queued while it runs goes out within the interval.
        mail.queue("per@example.no", "Innkalling: NUIT møte 4/22", "Velkommen.", "notice_issued")
        db.session.commit()
        db.session.remove()
        while len(sink.envelopes) < 3 and time.monotonic() < deadline and process.poll() is None:
            time.sleep(0.2)
        assert sink.per_recipient()["per@example.no"] == 1
    finally:
        process.send_signal(signal.SIGTERM)
        out, err = process.communicate(timeout=60)
        sink.stop()
    assert process.returncode == 0, err
    assert "Planleggeren kjører: e-post hvert 1. sekund, påminnelser kl. 07.00." in out
    assert out.rstrip().endswith("Planleggeren er stoppet.")
    assert "send-outbox: 2 sendt, 0 feilet" in err
    assert len(sink.envelopes) == 3
    if db.engine.dialect.name == "sqlite":
        assert all(lock.locked_until is None for lock in db.session.scalars(select(JobLock)))
