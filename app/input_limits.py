"""Where typed input is bounded, as pure functions every layer may use (models, services, forms,
the importer): integers the database can hold, plausible dates, and text that is more than
invisible characters. The messages that go with them are the callers' (services raise FieldError).
"""
import unicodedata
from datetime import date

# The largest value of the database's integer columns (BIGINT; SQLite's INTEGER).
MAX_DATABASE_INT = 2**63 - 1

# Dates a user may type for meetings, due dates, memberships and deadlines.
EARLIEST_DATE = date(1990, 1, 1)
LATEST_DATE = date(2100, 12, 31)

# Control, format (zero-width, direction marks), and separator characters: text made only of
# these looks empty.
_INVISIBLE_CATEGORIES = frozenset({"Cc", "Cf", "Zs", "Zl", "Zp"})
_KEPT_IN_MULTILINE = frozenset("\n\t")


def is_database_int(value: int) -> bool:
    return -MAX_DATABASE_INT - 1 <= value <= MAX_DATABASE_INT


def is_plausible_date(value: date) -> bool:
    return EARLIEST_DATE <= value <= LATEST_DATE


def _invisible(char: str) -> bool:
    return char.isspace() or unicodedata.category(char) in _INVISIBLE_CATEGORIES


def _without_controls(value: str, multiline: bool) -> str:
    if multiline:
        value = value.replace("\r\n", "\n").replace("\r", "\n")
    kept = []
    for char in value:
        if unicodedata.category(char) != "Cc" or (multiline and char in _KEPT_IN_MULTILINE):
            kept.append(char)
        elif char.isspace():  # a tab or line break in a one-line text is a space
            kept.append(" ")
    return "".join(kept)


def clean_text(value: str | None, *, multiline: bool = False) -> str | None:
    """``value`` without control characters (line breaks and tabs stay in multi-line text, CR LF
    becoming LF; in one-line text they become spaces), stripped of invisible characters at both ends; None when nothing visible is
    left, e.g. "\\u200b\\u200b" or "\\a"."""
    if value is None:
        return None
    value = _without_controls(value, multiline)
    visible = [i for i, char in enumerate(value) if not _invisible(char)]
    if not visible:
        return None
    return value[visible[0]:visible[-1] + 1]
