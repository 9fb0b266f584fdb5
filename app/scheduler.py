"""The recurring jobs: send the outbox, scan follow-up actions for reminders once a day, and run
the queued archive exports (for a web process that runs no threads: app/services/archive/jobs.py).

Run them in one process of their own with ``flask scheduler run`` (APScheduler). Each run also
takes a database lock (app/services/core/joblock.py), so a second scheduler process, or one started
by mistake on every machine, skips the run instead of doing it twice.
"""
import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from app.extensions import db
from app.services.archive import jobs as archive_jobs
from app.services.core import clock, joblock, mail
from app.services.proceedings import notifications

log = logging.getLogger(__name__)

JOBS = {
    "send-outbox": mail.send_pending,
    "reminders": notifications.scan_reminders,
    "archive-exports": archive_jobs.run_pending,
}


def run_job(app: Flask, name: str):
    """One run of a job, in an app context, under its lock. Returns the job's result, or None
    when another process holds the lock."""
    with app.app_context():
        try:
            with joblock.exclusive(name) as acquired:
                if not acquired:
                    log.info("Jobben %s kjører i en annen prosess; denne runden hoppes over.", name)
                    return None
                try:
                    result = JOBS[name]()
                    db.session.commit()
                    if result and (not isinstance(result, dict) or any(result.values())):
                        log.info(describe(name, result))
                except BaseException:  # also SystemExit from SIGTERM during a run
                    # Before the lock is released: on SQLite the release needs the write lock
                    # that the job's open transaction would still hold.
                    db.session.rollback()
                    raise
                return result
        except Exception:
            log.exception("Jobben %s feilet", name)
            raise
        finally:
            db.session.remove()


def describe(name: str, result) -> str:
    """One line for the log or the terminal about a run of a job."""
    if result is None:
        return f"{name}: hoppet over (kjører i en annen prosess)"
    if name == "reminders":
        return f"{name}: {result} påminnelse(r) lagt i utboksen"
    if name == "archive-exports":
        return f"{name}: {result} arkivuttrekk kjørt"
    text = f"{name}: {result['sent']} sendt, {result['failed']} feilet"
    if result["logged"]:
        text += f", {result['logged']} skrevet til loggen (MAIL_SERVER er ikke satt)"
    return text


def build_scheduler(app: Flask) -> BlockingScheduler:
    """The outbox every OUTBOX_INTERVAL_SECONDS (first run at once), the reminder scan daily at
    REMINDER_HOUR (Norwegian time), the archive exports' queue every ARCHIVE_INTERVAL_SECONDS."""
    scheduler = BlockingScheduler(timezone=app.config["TIMEZONE"])
    scheduler.add_job(run_job, IntervalTrigger(seconds=app.config["OUTBOX_INTERVAL_SECONDS"]),
                      args=[app, "send-outbox"], id="send-outbox", max_instances=1, coalesce=True,
                      next_run_time=clock.now())
    scheduler.add_job(run_job, CronTrigger(hour=app.config["REMINDER_HOUR"]),
                      args=[app, "reminders"], id="reminders", max_instances=1, coalesce=True,
                      misfire_grace_time=6 * 3600)
    scheduler.add_job(run_job, IntervalTrigger(seconds=app.config["ARCHIVE_INTERVAL_SECONDS"]),
                      args=[app, "archive-exports"], id="archive-exports", max_instances=1,
                      coalesce=True, next_run_time=clock.now())
    return scheduler
