"""One unit of work: a service call, its flush and its commit, all as one actor, with every way of
refusing turned into one result.

Web views (through app/web.py), the command line, the importer and a JSON API call ``run``. It knows
nothing about requests or logins: the acting user (or a label such as "cli") is passed in. The
commit happens inside ``acting_as``, so what is flushed at commit time is audited as that actor.
"""
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from flask_babel import lazy_gettext as _l
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm.exc import StaleDataError

from app.extensions import db
from app.services import ServiceError
from app.services.core.audit import acting_as
from app.services.planning.item_locking import EditConflict
from app.services.proceedings.minutes import NeedsConfirmation

CHANGED_MEANWHILE = _l("Noen andre lagret en endring i samme øyeblikk. Ingenting ble lagret; "
                       "se over og prøv igjen.")


@dataclass(frozen=True)
class Outcome:
    """What became of a unit of work. When ``ok`` is False nothing was changed and ``error`` is the
    message to show."""

    ok: bool
    value: Any = None
    error: str | None = None
    field: str | None = None  # the form field a FieldError names
    conflict: EditConflict | None = None  # saved by someone else after the form was opened
    changed_meanwhile: bool = False  # lost a race at commit: stale version or a number taken
    needs_confirmation: bool = False  # allowed, but only when the user confirms

    @property
    def raced(self) -> bool:
        return self.conflict is not None or self.changed_meanwhile


def run(action: Callable[[], Any], actor, changed_meanwhile=None) -> Outcome:
    """Call ``action`` as ``actor`` (a user, or a label such as "cli"), then flush and commit inside
    the same ``acting_as``. On a refusal or a lost race roll back and say why; ``changed_meanwhile``
    is the message for a lost race. Any other exception is rolled back and raised."""
    user, label = (None, actor) if isinstance(actor, str) else (actor, None)
    try:
        with acting_as(user, label=label):
            value = action()
            db.session.flush()
            db.session.commit()
    except EditConflict as exc:
        db.session.rollback()
        return Outcome(False, error=str(exc), conflict=exc)
    except NeedsConfirmation as exc:
        db.session.rollback()
        return Outcome(False, error=str(exc), needs_confirmation=True)
    except ServiceError as exc:
        db.session.rollback()
        return Outcome(False, error=str(exc), field=getattr(exc, "field", None))
    except (StaleDataError, IntegrityError):
        db.session.rollback()
        return Outcome(False, error=str(changed_meanwhile or CHANGED_MEANWHILE), changed_meanwhile=True)
    except BaseException:
        db.session.rollback()
        raise
    return Outcome(True, value=value)
