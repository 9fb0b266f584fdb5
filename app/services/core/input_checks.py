"""The service layer's checks on typed values, with their messages: a date must be plausible and
a required text must have something visible in it (app/input_limits.py holds the bounds)."""
from datetime import date

from flask_babel import lazy_gettext as _l

from app.input_limits import clean_text, is_plausible_date
from app.services import FieldError

IMPLAUSIBLE_DATE = _l("Datoen må være mellom 1. januar 1990 og 31. desember 2100.")


def check_plausible_date(value: date | None, field: str) -> date | None:
    """``value`` when it is None or between 1 January 1990 and 31 December 2100; FieldError on
    ``field`` otherwise (a typo such as 20222-05-19 or 0022-05-19)."""
    if value is not None and not is_plausible_date(value):
        raise FieldError(field, IMPLAUSIBLE_DATE)
    return value


def required_text(value: str | None, field: str, message, *, multiline: bool = False) -> str:
    """``value`` cleaned (app.input_limits.clean_text); FieldError with ``message`` when nothing
    visible is left."""
    cleaned = clean_text(value, multiline=multiline)
    if cleaned is None:
        raise FieldError(field, message)
    return cleaned
