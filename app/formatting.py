"""How numbers, dates and presenters are written in the interface and in documents."""
import re
import string
from datetime import date, time

from babel.dates import format_date

from app.input_limits import MAX_DATABASE_INT

ALLOWED_FIELDS = {"seq", "yy", "yyyy"}
MAX_CASE_NUMBER_FORMAT_LENGTH = 40
MAX_FIELD_WIDTH = 6  # "{seq:06d}": zero-padding to six digits is plenty; wider makes giant strings


class FormatError(ValueError):
    pass


def check_case_number_format(fmt: str) -> None:
    """Raise FormatError unless ``fmt`` is a usable case-number format such as '{seq:03d}/{yy}'."""
    if len(fmt) > MAX_CASE_NUMBER_FORMAT_LENGTH:
        raise FormatError(f"formatet kan ha høyst {MAX_CASE_NUMBER_FORMAT_LENGTH} tegn")
    try:
        parsed = [(f, spec) for _lit, f, spec, _conv in string.Formatter().parse(fmt) if f is not None]
    except ValueError as exc:
        raise FormatError(f"ugyldig format {fmt!r}: {exc}") from None
    fields = [f for f, _spec in parsed]
    if any("{" in (spec or "") for _f, spec in parsed):
        raise FormatError(f"ugyldig format {fmt!r}: et felt kan ikke stå inne i et annet")
    if any(_widest(spec) > MAX_FIELD_WIDTH for _f, spec in parsed):
        raise FormatError(f"bredden på et felt i {fmt!r} kan være høyst {MAX_FIELD_WIDTH} tegn, "
                          "for eksempel {seq:03d}")
    unknown = set(fields) - ALLOWED_FIELDS
    if unknown:
        raise FormatError(f"ukjent felt {sorted(unknown)[0]!r} i {fmt!r}; bruk seq, yy eller yyyy")
    if fields.count("seq") != 1:
        raise FormatError(f"formatet {fmt!r} må inneholde {{seq}} nøyaktig én gang")
    if "yy" not in fields and "yyyy" not in fields:
        raise FormatError(f"formatet {fmt!r} må inneholde {{yy}} eller {{yyyy}}")
    try:
        format_case_number(fmt, 1, 2022)
    except (ValueError, TypeError) as exc:
        raise FormatError(f"ugyldig format {fmt!r}: {exc}") from None


def _widest(spec: str | None) -> int:
    """The largest number (width or precision) in a format spec such as '03d' or '0>4', after its
    fill and alignment (a fill may itself be a digit)."""
    spec = spec or ""
    if len(spec) >= 2 and spec[1] in "<>=^":
        spec = spec[2:]
    elif spec[:1] in ("<", ">", "=", "^"):
        spec = spec[1:]
    return max((int(number) for number in re.findall(r"[0-9]+", spec)), default=0)


def format_case_number(fmt: str, seq: int, year: int) -> str:
    """'{seq}/{yy}' with 16, 2022 -> '16/22'; '{seq:02d}/{yyyy}' with 1, 2015 -> '01/2015'."""
    return fmt.format(seq=seq, yy=f"{year % 100:02d}", yyyy=year)


def parse_case_number(fmt: str, text: str) -> tuple[int, int]:
    """The inverse of format_case_number: returns (seq, year). Two-digit years are 20xx."""
    pattern = ""
    for literal, field, _spec, _conv in string.Formatter().parse(fmt):
        pattern += re.escape(literal)
        if field == "seq":
            pattern += r"(?P<seq>[0-9]+)"
        elif field == "yy":
            pattern += r"(?P<yy>[0-9]{2})"
        elif field == "yyyy":
            pattern += r"(?P<yyyy>[0-9]{4})"
    match = re.fullmatch(pattern, text.strip())
    if not match or not 1 <= int(match["seq"]) <= MAX_DATABASE_INT:
        example = format_case_number(fmt, 16, 2022)
        raise FormatError(f"'{text}' er ikke et saksnummer på formen '{example}'")
    year = int(match["yyyy"]) if match.groupdict().get("yyyy") else 2000 + int(match["yy"])
    return int(match["seq"]), year


NORWEGIAN_DATE = "d. MMMM y"  # CLDR pattern: "19. mai 2022"
NORWEGIAN_DAY_MONTH = "d. MMMM"  # "14. september"


def long_date(day: date, with_year: bool = True) -> str:
    """'19. mai 2022' (or '14. september' without the year), always in Norwegian whatever the
    interface language: for generated documents and the service layer's messages. Babel's
    format_date with the locale fixed (Flask-Babel's would follow the reader's language; the
    pages use app.i18n.localized_date for that)."""
    return format_date(day, NORWEGIAN_DATE if with_year else NORWEGIAN_DAY_MONTH, locale="nb")


def clock(value: time | None) -> str:
    return value.strftime("%H:%M") if value else ""


def join_names(names: list[str]) -> str:
    """'A', 'A og B', 'A, B og C'."""
    names = [n for n in names if n]
    if len(names) <= 1:
        return "".join(names)
    return ", ".join(names[:-1]) + " og " + names[-1]


def split_names(text: str | None) -> list[str]:
    """'A, B og C' → ['A', 'B', 'C'] (the inverse of join_names)."""
    return [n.strip() for n in (text or "").replace(" og ", ",").split(",") if n.strip()]


def presenter_cell(names: list[str], organisation_label: str | None) -> str:
    """'Lars Erik Antonsen og Marit Hermansen NAV' as in the agenda's "Presenterer saken" column."""
    return " ".join(part for part in (join_names(names), organisation_label or "") if part)


def postponed_text(target: date, meeting_day: date) -> str:
    """'Saken er utsatt til møtet 14. september' (the year is added when it differs)."""
    return f"Saken er utsatt til møtet {long_date(target, with_year=target.year != meeting_day.year)}"


# --- organisations: one rule for the short and the long name -------------------------------------
#
# The long name ("Folkehelseinstituttet") everywhere in the interface: lists of people, rosters,
# attendance, running text, choices in forms. The short name ("FHI", when the organisation has
# one) only where the meeting papers use it, in their tight columns: the agenda's "Presenterer
# saken" and a follow-up action's owner (``Organisation.label``); the pages that show those
# columns (the agenda builder, the meeting page, the follow-up lists) follow the papers.

def organisation_name(org) -> str:
    """The organisation in the interface: its full name ('Folkehelseinstituttet')."""
    return org.name if org is not None else ""


def organisation_short(org) -> str:
    """The organisation in a paper's tight column: its short name ('FHI'), else its full name."""
    return (org.short_name or org.name) if org is not None else ""
