"""Small helpers shared by the services."""
from app.extensions import db


def assign(obj, **fields) -> bool:
    """Set the given attributes; returns True when something actually changed.
    The audit hook records each changed field when the session flushes."""
    changed = False
    for name, value in fields.items():
        if getattr(obj, name) != value:
            setattr(obj, name, value)
            changed = True
    return changed


def add(obj):
    db.session.add(obj)
    db.session.flush()
    return obj
