"""How numbers, dates and presenters are written (DOMAIN.md §4 and §5)."""
import re
from datetime import date, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from app.formatting import (
    FormatError,
    check_case_number_format,
    format_case_number,
    join_names,
    long_date,
    parse_case_number,
    postponed_text,
    presenter_cell,
)

FORMATS = ["{seq}/{yy}", "{seq:03d}/{yy}", "{seq:02d}/{yyyy}"]
MONTHS = ["januar", "februar", "mars", "april", "mai", "juni", "juli", "august", "september",
          "oktober", "november", "desember"]

seqs = st.integers(min_value=1, max_value=10**6)
years = st.integers(min_value=2000, max_value=2099)
names = st.from_regex(r"[A-ZÆØÅ][a-zæøå]{1,8}( [A-ZÆØÅ]\.)?( [A-ZÆØÅ][a-zæøå-]{1,10})?",
                      fullmatch=True)


# --- case numbers ----------------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, seq, year, text", [
    ("{seq}/{yy}", 16, 2022, "16/22"),
    ("{seq}/{yy}", 3, 2005, "3/05"),
    ("{seq:03d}/{yy}", 16, 2022, "016/22"),
    ("{seq:03d}/{yy}", 1234, 2022, "1234/22"),
    ("{seq:02d}/{yyyy}", 1, 2015, "01/2015"),
])
def test_examples(fmt, seq, year, text):
    assert format_case_number(fmt, seq, year) == text
    assert parse_case_number(fmt, text) == (seq, year)


@pytest.mark.parametrize("fmt", FORMATS)
@given(seq=seqs, year=years)
def test_format_then_parse_round_trips(fmt, seq, year):
    text = format_case_number(fmt, seq, year)
    assert parse_case_number(fmt, text) == (seq, year)


@pytest.mark.parametrize("fmt", FORMATS)
@given(seq=seqs, year=years)
def test_formatted_number_shows_the_sequence_and_the_year(fmt, seq, year):
    text = format_case_number(fmt, seq, year)
    number, _slash, year_part = text.partition("/")
    assert int(number) == seq
    assert year_part == (str(year) if "{yyyy}" in fmt else f"{year % 100:02d}")


@given(a=st.tuples(seqs, years), b=st.tuples(seqs, years))
def test_different_numbers_never_look_the_same(a, b):
    for fmt in FORMATS:
        if a != b:
            assert format_case_number(fmt, *a) != format_case_number(fmt, *b)


@pytest.mark.parametrize("fmt", FORMATS)
def test_check_accepts_the_council_formats(fmt):
    check_case_number_format(fmt)  # no error


@pytest.mark.parametrize("fmt", [
    "{yy}",                   # no {seq}
    "sak/{yyyy}",             # no {seq}
    "{seq}/{yy}/{month}",     # unknown field
    "{nr}/{yy}",              # unknown field, no {seq}
    "{seq}-{seq}/{yy}",       # two {seq}
    "{seq}",                  # no year
    "{seq:q}/{yy}",           # bad format spec
    "{seq/{yy}",              # unbalanced brace
])
def test_check_rejects_unusable_formats(fmt):
    with pytest.raises(FormatError):
        check_case_number_format(fmt)


@pytest.mark.parametrize("fmt, text", [
    ("{seq}/{yy}", ""),
    ("{seq}/{yy}", "abc"),
    ("{seq}/{yy}", "16"),
    ("{seq}/{yy}", "16-22"),
    ("{seq}/{yy}", "16/2022"),
    ("{seq}/{yy}", "16/22x"),
    ("{seq}/{yy}", "/22"),
    ("{seq}/{yy}", "0/22"),
    ("{seq}/{yy}", "-1/22"),
    ("{seq:02d}/{yyyy}", "01/15"),
    ("{seq:02d}/{yyyy}", "2015/01"),
])
def test_parse_rejects_garbage(fmt, text):
    with pytest.raises(FormatError) as excinfo:
        parse_case_number(fmt, text)
    # The message shows what a number should look like.
    assert format_case_number(fmt, 16, 2022) in str(excinfo.value)


@given(st.text(max_size=12))
def test_parse_rejects_any_text_that_is_not_a_case_number(text):
    if re.fullmatch(r"\d+/\d{2}", text.strip()) and int(text.strip().split("/")[0]) >= 1:
        assert parse_case_number("{seq}/{yy}", text)[0] >= 1
    else:
        with pytest.raises(FormatError):
            parse_case_number("{seq}/{yy}", text)


# --- dates -----------------------------------------------------------------------------------------

def test_long_date_examples():
    assert long_date(date(2022, 5, 19)) == "19. mai 2022"
    assert long_date(date(2022, 9, 14), with_year=False) == "14. september"
    assert long_date(date(2022, 2, 17)) == "17. februar 2022"


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2099, 12, 31)))
def test_long_date_is_norwegian_day_month_year(day):
    assert long_date(day) == f"{day.day}. {MONTHS[day.month - 1]} {day.year}"
    assert long_date(day, with_year=False) == f"{day.day}. {MONTHS[day.month - 1]}"


def test_postponed_text_same_year_has_no_year():
    assert (postponed_text(date(2022, 9, 14), date(2022, 5, 19))
            == "Saken er utsatt til møtet 14. september")


def test_postponed_text_next_year_has_the_year():
    assert (postponed_text(date(2023, 1, 12), date(2022, 11, 10))
            == "Saken er utsatt til møtet 12. januar 2023")


@given(st.dates(min_value=date(2000, 1, 1), max_value=date(2098, 12, 31)), st.integers(1, 500))
def test_postponed_text_shows_the_year_only_when_it_differs(meeting_day, days_later):
    target = meeting_day + timedelta(days=days_later)
    text = postponed_text(target, meeting_day)
    assert text.startswith("Saken er utsatt til møtet ")
    expected = f"{target.day}. {MONTHS[target.month - 1]}"
    if target.year != meeting_day.year:
        expected += f" {target.year}"
    assert text == f"Saken er utsatt til møtet {expected}"


# --- presenters ------------------------------------------------------------------------------------

@pytest.mark.parametrize("names_, org, cell", [
    (["Mariann Hornnes"], "Direktoratet for e-helse", "Mariann Hornnes Direktoratet for e-helse"),
    (["Lars Erik Antonsen", "Marit Hermansen"], "NAV", "Lars Erik Antonsen og Marit Hermansen NAV"),
    (["Ivar Thor Jonsson", "Mildrid Ræstad", "Solrun Elvik"], "Direktoratet for e-helse",
     "Ivar Thor Jonsson, Mildrid Ræstad og Solrun Elvik Direktoratet for e-helse"),
    (["Roger Schäffer", "Susanne Hegg"], "FHI", "Roger Schäffer og Susanne Hegg FHI"),
    (["Arve Paulsen"], None, "Arve Paulsen"),
    ([], "KS", "KS"),
    ([], None, ""),
    (["A", "", "B"], "KS", "A og B KS"),
])
def test_presenter_cell_examples(names_, org, cell):
    assert presenter_cell(names_, org) == cell


def test_join_names():
    assert join_names(["A"]) == "A"
    assert join_names(["A", "B"]) == "A og B"
    assert join_names(["A", "B", "C"]) == "A, B og C"
    assert join_names(["A", "B", "C", "D"]) == "A, B, C og D"


@given(st.lists(names, min_size=1, max_size=6), st.sampled_from(["NAV", "FHI", "KS", None]))
def test_presenter_cell_lists_every_name_in_order_then_the_organisation(people, org):
    cell = presenter_cell(people, org)
    body = cell[: -len(org) - 1] if org else cell
    if org:
        assert cell.endswith(" " + org)
    if len(people) == 1:
        assert body == people[0]
    else:
        # "A, B og C": the last name after " og ", the others separated by ", ".
        head, sep, last = body.rpartition(" og ")
        assert sep and last == people[-1]
        assert head.split(", ") == people[:-1]
    assert not cell.startswith(" ") and not cell.endswith(" ") and "  " not in cell
