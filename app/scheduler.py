"""The recurring jobs: send the outbox, and scan follow-up actions for reminders once a day.

Run them in one process of their own with ``flask scheduler run`` (APScheduler). Each run also
takes a database lock (app/services/joblock.py), so a second scheduler process, or one started
by mistake on every machine, skips the run instead of doing it twice.
"""
import logging

from apscheduler.schedulers.blocking import BlockingScheduler
from apscheduler.triggers.cron import CronTrigger
from apscheduler.triggers.interval import IntervalTrigger
from flask import Flask

from app.extensions import db
from app.services import joblock, mail, notifications

log = logging.getLogger(__name__)

JOBS = {
    "send-outbox": mail.send_pending,
    "reminders": notifications.scan_reminders,
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
                result = JOBS[name]()
                db.session.commit()
                return result
        except Exception:
            db.session.rollback()
            log.exception("Jobben %s feilet", name)
            raise
        finally:
            db.session.remove()


def build_scheduler(app: Flask) -> BlockingScheduler:
    scheduler = BlockingScheduler(timezone=app.config["TIMEZONE"])
    scheduler.add_job(run_job, IntervalTrigger(seconds=app.config["OUTBOX_INTERVAL_SECONDS"]),
                      args=[app, "send-outbox"], id="send-outbox", max_instances=1, coalesce=True)
    scheduler.add_job(run_job, CronTrigger(hour=app.config["REMINDER_HOUR"]),
                      args=[app, "reminders"], id="reminders", max_instances=1, coalesce=True,
                      misfire_grace_time=6 * 3600)
    return scheduler
