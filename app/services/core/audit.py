"""Audit trail written for every change.

Services run inside ``acting_as(...)`` (views through the request's user, the CLI as "cli"); a
session hook then writes one AuditEvent per changed field of every audited object, so no code path
can change data without leaving a record.
"""
import contextvars
import json
from contextlib import contextmanager
from datetime import date, datetime, time

from sqlalchemy import event, inspect
from sqlalchemy.orm import Session

from app.models import AuditEvent, JobLock, NumberCounter, OutboxMessage

_actor: contextvars.ContextVar[tuple[int | None, str]] = contextvars.ContextVar(
    "audit_actor", default=(None, "system")
)

NOT_AUDITED = (AuditEvent, NumberCounter, OutboxMessage, JobLock)
SECRET_FIELDS = {"password_hash", "token_hash", "calendar_token_hash"}


@contextmanager
def acting_as(user=None, label: str | None = None):
    """Attribute the changes made inside the block to a user (or a label such as 'cli')."""
    actor = (user.id, user.email) if user is not None else (None, label or "system")
    token = _actor.set(actor)
    try:
        yield
    finally:
        _actor.reset(token)


def current_actor() -> tuple[int | None, str]:
    return _actor.get()


def _as_text(value) -> str | None:
    if value is None:
        return None
    if isinstance(value, (date, datetime, time)):
        return value.isoformat()
    if isinstance(value, (dict, list)):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    return str(value)


def _column_changes(obj, only_changed: bool):
    state = inspect(obj)
    for attr in state.mapper.column_attrs:
        key = attr.key
        if key in ("id", "version"):
            continue
        history = state.attrs[key].history
        if only_changed and not history.has_changes():
            continue
        old = history.deleted[0] if history.deleted else None
        new = history.added[0] if history.added else getattr(obj, key)
        if only_changed and _as_text(old) == _as_text(new):
            continue
        if key in SECRET_FIELDS:
            old, new = ("***" if old else None), "***"
        yield key, _as_text(old), _as_text(new)


def _rows_for(session: Session):
    user_id, actor = current_actor()

    def row(obj, action, field=None, old=None, new=None):
        return {
            "user_id": user_id, "actor": actor, "action": action,
            "object_type": type(obj).__name__, "object_id": obj.id,
            "field": field, "old_value": old, "new_value": new,
        }

    for obj in session.new:
        if isinstance(obj, NOT_AUDITED):
            continue
        yield row(obj, "create")
        for field, _old, new in _column_changes(obj, only_changed=False):
            if new is not None:
                yield row(obj, "update", field, None, new)
    for obj in session.dirty:
        if isinstance(obj, NOT_AUDITED) or not session.is_modified(obj, include_collections=False):
            continue
        for field, old, new in _column_changes(obj, only_changed=True):
            yield row(obj, "update", field, old, new)


def _write_audit(session, _flush_context):
    rows = list(_rows_for(session))
    if rows:
        session.connection().execute(AuditEvent.__table__.insert(), rows)


def _write_delete(_mapper, connection, target):
    """Deletions (including rows removed by a cascade, which never appear in session.deleted)
    keep their last values in the trail."""
    if isinstance(target, NOT_AUDITED):
        return
    user_id, actor = current_actor()
    base = {"user_id": user_id, "actor": actor, "object_type": type(target).__name__,
            "object_id": target.id, "new_value": None}
    rows = [{**base, "action": "delete", "field": None, "old_value": None}]
    for attr in inspect(target).mapper.column_attrs:
        if attr.key in ("id", "version") or attr.key in SECRET_FIELDS:
            continue
        old = _as_text(getattr(target, attr.key))
        if old is not None:
            rows.append({**base, "action": "delete", "field": attr.key, "old_value": old})
    connection.execute(AuditEvent.__table__.insert(), rows)


def install() -> None:
    """Hook the audit writer into every ORM session and mapper (once per process)."""
    if not event.contains(Session, "after_flush", _write_audit):
        event.listen(Session, "after_flush", _write_audit)
    from app.extensions import db

    if not event.contains(db.Model, "after_delete", _write_delete):
        event.listen(db.Model, "after_delete", _write_delete, propagate=True)
