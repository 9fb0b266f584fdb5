"""Engine settings per database.

SQLite: a transaction that may write starts with ``BEGIN IMMEDIATE``, so two writers are
serialised at the start of their transactions instead of one failing halfway or acting on stale
reads (this is what makes number allocation safe there). Read-only work (GET/HEAD requests, exports)
starts with a plain ``BEGIN`` and, with WAL, neither blocks nor is blocked by a writer.
PostgreSQL needs nothing here: the numbering service takes row locks itself.
"""
import contextvars
from contextlib import contextmanager

from flask import has_request_context, request
from sqlalchemy import event

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
_read_only = contextvars.ContextVar("read_only", default=False)


@contextmanager
def read_only():
    """Mark work that only reads (e.g. an export), so SQLite does not take the write lock."""
    token = _read_only.set(True)
    try:
        yield
    finally:
        _read_only.reset(token)


def _is_read_only() -> bool:
    if _read_only.get():
        return True
    return has_request_context() and request.method in SAFE_METHODS


def _lower(value):
    return value.lower() if isinstance(value, str) else value


def configure_engine(engine) -> None:
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record):
        dbapi_connection.isolation_level = None  # we issue BEGIN ourselves
        # SQLite's own lower() folds ASCII only; this one folds Æ/Ø/Å too, so ilike() searches are
        # case-insensitive for Norwegian text as they are on PostgreSQL. (Registered before any
        # statement runs: SQLite refuses to replace a function while a statement is active.)
        dbapi_connection.create_function("lower", 1, _lower, deterministic=True)
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute("PRAGMA busy_timeout=30000")
        if engine.url.database and engine.url.database != ":memory:":
            cursor.execute("PRAGMA journal_mode=WAL")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection):
        connection.exec_driver_sql("BEGIN" if _is_read_only() else "BEGIN IMMEDIATE")
