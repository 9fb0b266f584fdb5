"""Run a scheduled job in one process at a time, across gunicorn workers and machines.

PostgreSQL: a session-level advisory lock (``pg_try_advisory_lock``) on a connection of its own,
released when the job ends or the process dies. SQLite: a lock row per job, taken by a conditional
UPDATE inside ``BEGIN IMMEDIATE``; it expires after ``ttl`` so a killed process cannot block the
job for ever. A process that does not get the lock skips the run.
"""
import os
import socket
import uuid
import zlib
from contextlib import contextmanager
from datetime import timedelta

from sqlalchemy import select, text, update
from sqlalchemy.dialects.sqlite import insert as sqlite_insert

from app.extensions import db
from app.models import JobLock
from app.services.core import clock


def _holder() -> str:
    """Who holds the lock: machine and process for the admin, plus a token of this acquisition
    so that releasing never frees a lock another thread or process has taken since."""
    return f"{socket.gethostname()[:60]}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@contextmanager
def exclusive(name: str, ttl: timedelta = timedelta(minutes=30)):
    """``with exclusive("reminders") as acquired:`` — run the job only if ``acquired``."""
    if db.engine.dialect.name == "postgresql":
        with _advisory(name) as acquired:
            yield acquired
    else:
        with _lock_row(name, ttl) as acquired:
            yield acquired


def advisory_key(name: str) -> int:
    """The PostgreSQL advisory lock key of a job (stable across processes and releases)."""
    return zlib.crc32(f"motebok:{name}".encode())


@contextmanager
def _advisory(name: str):
    key = advisory_key(name)
    with db.engine.connect() as connection:
        acquired = connection.execute(text("SELECT pg_try_advisory_lock(:k)"), {"k": key}).scalar()
        connection.commit()
        try:
            yield bool(acquired)
        finally:
            if acquired:
                connection.execute(text("SELECT pg_advisory_unlock(:k)"), {"k": key})
                connection.commit()


@contextmanager
def _lock_row(name: str, ttl: timedelta):
    me, now = _holder(), clock.now()
    with db.engine.begin() as connection:  # BEGIN IMMEDIATE (app/database.py)
        connection.execute(sqlite_insert(JobLock).values(name=name).on_conflict_do_nothing())
        taken = connection.execute(
            update(JobLock).where(JobLock.name == name,
                                  (JobLock.locked_until.is_(None)) | (JobLock.locked_until < now))
            .values(holder=me, locked_until=now + ttl)).rowcount == 1
    try:
        yield taken
    finally:
        if taken:
            with db.engine.begin() as connection:
                connection.execute(update(JobLock).where(JobLock.name == name, JobLock.holder == me)
                                   .values(locked_until=None, last_run_at=clock.now()))


def holder_of(name: str) -> str | None:
    return db.session.scalar(select(JobLock.holder).where(JobLock.name == name))
