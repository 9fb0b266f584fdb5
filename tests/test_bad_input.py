"""Bad input never gives a 500 (issue 10): out-of-range integers in URLs, query strings and form
fields, malformed hidden fields, implausible dates, invisible titles, giant case-number formats,
a non-UTF-8 import file; CSV cells that a spreadsheet would run; refusals that would name an
exempt case. Each answer is a 400 or 404 with the normal error page, or the form with a Norwegian
message, and nothing is changed."""
import csv
import io
import json
from datetime import date, time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select

from app.extensions import db
from app.form_fields import coerce_id, parse_id
from app.formatting import FormatError, check_case_number_format, format_case_number
from app.input_limits import EARLIEST_DATE, LATEST_DATE, MAX_DATABASE_INT, clean_text
from app.models import (
    AgendaItem,
    AuditEvent,
    Case,
    Council,
    FollowUpAction,
    Meeting,
    Membership,
    Organisation,
    OutboxMessage,
)
from app.services import FieldError, ServiceError
from app.services.core.csv_export import neutralise
from app.services.core.input_checks import IMPLAUSIBLE_DATE, check_plausible_date
from app.services.registry import councils
from tests.conftest import login
from tests.factories import make_council, make_meeting

HUGE = "99999999999999999999"  # above 2**63 - 1: OverflowError on SQLite, an error on PostgreSQL
NOT_FOUND = "Fant ikke siden"
BAD_FORM = "Skjemaet kunne ikke sendes"
DATE_MESSAGE = "Datoen må være mellom 1. januar 1990 og 31. desember 2100."


def _count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def _audit_count() -> int:
    return _count(AuditEvent)


@pytest.fixture
def secretary(client, app):
    login(client, app)
    return client


@pytest.fixture
def meeting(app):
    return make_meeting(make_council())


def _item(meeting) -> AgendaItem:
    return db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting.id)
                              .order_by(AgendaItem.position)).first()


# --- integers above 2**63 ------------------------------------------------------------------------

@pytest.mark.parametrize("method, url", [
    ("GET", f"/moter/{HUGE}"),
    ("GET", f"/utvalg/NUIT/moter/{HUGE}/1"),
    ("GET", "/utvalg/NUIT/moter/2022/" + HUGE + "/referat"),
    ("GET", f"/saker/2022/{HUGE}"),
    ("GET", f"/moter/1/dokumenter/{HUGE}"),
    ("GET", f"/oppfolging/{HUGE}"),
    ("GET", f"/register/personer/{HUGE}"),
    ("POST", f"/moter/{HUGE}/pause"),
    ("POST", f"/moter/1/saksko/{HUGE}"),
    ("POST", f"/moter/1/punkt/{HUGE}/flytt"),
])
def test_a_url_number_above_the_database_range_is_404(secretary, meeting, method, url):
    before = _audit_count()
    response = secretary.open(url, method=method)
    assert response.status_code == 404
    assert NOT_FOUND in response.get_data(as_text=True)
    assert _audit_count() == before


@pytest.mark.parametrize("url, status, shown", [
    (f"/moter/?utvalg=NUIT&år={HUGE}", 200, "NUIT"),  # ignored: the current year, as without it
    (f"/utvalg/NUIT?år={HUGE}", 200, "Møter"),
    ("/utvalg/NUIT?år=1800", 200, "Møter"),
    (f"/saker/?side={HUGE}", 200, "Saker"),  # clamped to the last page, as any page past the end
    (f"/register/personer?side={HUGE}", 404, NOT_FOUND),  # a page past the end, as before
    (f"/oppfolging/ny?item_id={HUGE}", 404, NOT_FOUND),
    (f"/oppfolging/ny?punkt={HUGE}", 404, NOT_FOUND),
])
def test_a_query_string_number_out_of_range_is_ignored_or_404(secretary, meeting, url, status, shown):
    response = secretary.get(url)
    assert response.status_code == status
    assert shown in response.get_data(as_text=True)


def test_the_calendar_ignores_a_year_out_of_range(secretary, meeting):
    """The meeting is in 2022; an implausible year shows the default year like no year at all."""
    with_2022 = secretary.get("/moter/?utvalg=NUIT&år=2022").get_data(as_text=True)
    assert "19. mai 2022" in with_2022
    default = secretary.get("/moter/?utvalg=NUIT").get_data(as_text=True)
    assert secretary.get(f"/moter/?utvalg=NUIT&år={HUGE}").get_data(as_text=True) == default


def _item_form(item, **changes) -> dict:
    data = {"version": item.version, "original": json.dumps({"title": item.title}),
            "title": item.title, "item_type": item.item_type or "", "presenters": "",
            "organisation": 0, "duration": item.duration_minutes or "", "pinned_start": "",
            "subitems": ""}
    data.update(changes)
    return data


@pytest.mark.parametrize("changes", [
    {"version": HUGE}, {"version": "abc"}, {"version": "-1"}, {"version": "1.5"},
    {"original": "{"}, {"original": "[1, 2]"}, {"original": "7"},
])
def test_a_malformed_hidden_field_on_the_item_form_is_400(secretary, meeting, changes):
    item = _item(meeting)
    before = _audit_count()
    response = secretary.post(f"/moter/{meeting.id}/punkt/{item.id}",
                              data=_item_form(item, title="Endret tittel", **changes))
    assert response.status_code == 400
    assert BAD_FORM in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).title == "Sak nummer 1"
    assert _audit_count() == before


def test_an_out_of_date_version_on_the_item_form_is_still_a_conflict(secretary, meeting):
    item = _item(meeting)
    response = secretary.post(f"/moter/{meeting.id}/punkt/{item.id}",
                              data=_item_form(item, version=item.version + 5, title="Endret tittel"))
    assert response.status_code == 409


@pytest.mark.parametrize("field", ["organisation", "duration"])
def test_a_huge_number_in_an_item_field_is_a_field_error(secretary, meeting, field):
    item = _item(meeting)
    response = secretary.post(f"/moter/{meeting.id}/punkt/{item.id}", data=_item_form(item, **{field: HUGE}))
    assert response.status_code == 400
    assert "Skjemaet har feil som må rettes" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).version == item.version


def test_moving_an_item_to_a_huge_meeting_id_asks_for_a_meeting(secretary, meeting):
    item = _item(meeting)
    response = secretary.post(f"/moter/{meeting.id}/punkt/{item.id}/flytt-til", data={"target": HUGE},
                              follow_redirects=True)
    assert response.status_code == 200
    assert "Velg møtet punktet skal flyttes til." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).meeting_id == meeting.id


@pytest.mark.parametrize("value", [HUGE, "abc", "-3"])
def test_a_bad_person_id_in_an_attendance_form_changes_nothing(secretary, meeting, value):
    before = _audit_count()
    response = secretary.post(f"/moter/{meeting.id}/oppmote/deltaker",
                              data={"role": "observer", "person": value, "name": ""})
    assert response.status_code == 302  # back to the attendance page with the form's message
    assert _audit_count() == before


def test_a_huge_council_id_on_the_new_meeting_form_is_a_field_error(secretary, meeting):
    before = _count(Meeting)
    response = secretary.post("/moter/nytt", data={"council": HUGE, "date": "2022-09-14",
                                                   "start": "09:00", "kind": "ordinary"})
    assert response.status_code == 400
    assert _count(Meeting) == before


# --- plausible dates -----------------------------------------------------------------------------

@pytest.mark.parametrize("day", ["1899-05-19", "0022-05-19", "2101-01-01", "9999-12-31"])
def test_a_meeting_date_out_of_range_is_refused_on_the_field(secretary, meeting, day):
    council_id = meeting.council_id
    before = _count(Meeting)
    response = secretary.post("/moter/nytt", data={"council": council_id, "date": day,
                                                   "start": "09:00", "kind": "ordinary"})
    assert response.status_code == 400
    assert DATE_MESSAGE in response.get_data(as_text=True)
    assert _count(Meeting) == before


def test_a_membership_date_out_of_range_is_refused_on_the_field(secretary, app):
    make_council()
    person = councils.create_person("Kari Nordmann")
    db.session.commit()
    response = secretary.post("/register/utvalg/NUIT/medlemskap/ny", data={
        "person": str(person.id), "role": "medlem", "organisation": "", "valid_from": "1889-01-01"})
    assert response.status_code == 400
    assert DATE_MESSAGE in response.get_data(as_text=True)
    assert _count(Membership) == 0


def _held(meeting) -> Meeting:
    from app.services.planning import notice
    from app.services.proceedings import recording

    notice.issue_notice(meeting.id)
    recording.mark_held(meeting)
    db.session.commit()
    return meeting


def _service_calls():
    """(what, call) for each service that takes a typed date; each call gets the date."""
    from app.services.planning import meetings
    from app.services.proceedings import followup

    def new_meeting(day):
        meetings.create_meeting(db.session.scalar(select(Council)), day, time(9))

    def edit_meeting(day):
        meetings.update_meeting(db.session.scalar(select(Meeting)), date=day)

    def postpone(day):
        meetings.postpone_item(db.session.scalar(select(AgendaItem)), to_date=day)

    def membership(day):
        councils.add_membership(db.session.scalar(select(Council)), councils.create_person("Ny Person"),
                                "medlem", valid_from=day)

    def council_period(day):
        councils.create_council("NYTT", "Nytt utvalg", active_from=day)

    def action_due(day):
        followup.create_action(db.session.scalar(select(AgendaItem)), "Følg opp.",
                               organisation=db.session.scalar(select(Organisation)), due_date=day)

    return {"meeting date": new_meeting, "moved meeting": edit_meeting, "postponed to": postpone,
            "membership from": membership, "council period": council_period, "due date": action_due}


@pytest.mark.parametrize("what", sorted(_service_calls()))
@pytest.mark.parametrize("day", [date(1989, 12, 31), date(2101, 1, 1)])
def test_services_refuse_implausible_dates(app, meeting, what, day):
    """The importer and the command line call these too: the service refuses by itself."""
    with pytest.raises(FieldError) as refused:
        _service_calls()[what](day)
    assert str(refused.value) == DATE_MESSAGE
    db.session.rollback()


def test_the_comment_deadline_must_be_plausible(app, meeting):
    from app.services.proceedings import minutes

    _held(meeting)
    with pytest.raises(FieldError) as refused:
        minutes.send_for_comments(minutes.minutes_for(meeting), date(2222, 1, 1))
    assert str(refused.value) == DATE_MESSAGE


@settings(deadline=None)  # no timing: the machine is shared
@given(st.dates())
def test_check_plausible_date_accepts_exactly_1990_to_2100(day):
    if EARLIEST_DATE <= day <= LATEST_DATE:
        assert check_plausible_date(day, "date") == day
    else:
        with pytest.raises(FieldError) as refused:
            check_plausible_date(day, "date")
        assert refused.value.field == "date"
        assert refused.value.args[0] is IMPLAUSIBLE_DATE


# --- invisible titles ----------------------------------------------------------------------------

INVISIBLE = ["\u200b\u200b", "\u0007", " \u00a0\t", "\u202e\u2060", "\u2028"]


@pytest.mark.parametrize("title", INVISIBLE)
def test_a_case_title_of_invisible_characters_is_refused(secretary, app, title):
    response = secretary.post("/saker/ny", data={"title": title})
    assert response.status_code == 400
    assert "Saken må ha en tittel." in response.get_data(as_text=True) \
        or "Skriv sakens tittel." in response.get_data(as_text=True)
    assert _count(Case) == 0


@pytest.mark.parametrize("title", INVISIBLE)
def test_an_item_title_of_invisible_characters_is_refused(secretary, meeting, title):
    item = _item(meeting)
    response = secretary.post(f"/moter/{meeting.id}/punkt/{item.id}", data=_item_form(item, title=title))
    assert response.status_code == 400
    assert "Skriv tittelen." in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(AgendaItem, item.id).title == "Sak nummer 1"


def test_services_refuse_invisible_names_and_titles(app, meeting):
    from app.services.casework import cases
    from app.services.planning import meetings
    from app.services.proceedings import followup

    item = _item(meeting)
    org = db.session.scalar(select(Organisation))
    calls = {
        "Saken må ha en tittel.": lambda: cases.create_case("\u200b"),
        "Skriv tittelen.": lambda: meetings.add_case_item(meeting, "\u0007\u200b"),
        "Beskriv oppfølgingspunktet.": lambda: followup.create_action(
            item, "\u200b\u200b", organisation=org, due_date=date(2030, 1, 1)),
        "Skriv navnet på personen.": lambda: councils.create_person("\u2060"),
        "Skriv navnet på organisasjonen.": lambda: councils.create_organisation("\u200b "),
        "Skriv navnet på utvalget.": lambda: councils.create_council("NYTT", "\u0000"),
    }
    for message, call in calls.items():
        with pytest.raises(ServiceError) as refused:
            call()
        assert str(refused.value) == message
        db.session.rollback()


def test_control_characters_are_taken_out_of_stored_text(app, meeting):
    from app.services.planning import meetings

    item = meetings.add_case_item(meeting, "\u200bSak\x00 om\tting\x07 ")
    assert item.title == "Sak om ting"
    assert item.case.title == "Sak om ting"


@settings(deadline=None)  # no timing: the machine is shared
@given(st.text())
def test_clean_text_leaves_visible_text_without_control_characters(text):
    cleaned = clean_text(text)
    if cleaned is None:
        return
    assert cleaned == cleaned.strip()
    assert not any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 for c in cleaned)
    assert clean_text(cleaned) == cleaned


@settings(deadline=None)  # no timing: the machine is shared
@given(st.text(), st.booleans())
def test_multiline_text_keeps_its_line_breaks(text, multiline):
    cleaned = clean_text(f"a\n{text}\nb", multiline=True)
    assert cleaned.startswith("a\n") and cleaned.endswith("\nb")


# --- the case-number format ----------------------------------------------------------------------

@pytest.mark.parametrize("fmt", ["{seq:999999999d}/{yy}", "{seq:07d}/{yy}", "{seq}/{yy:.999999}",
                                 "{seq:x>1000000}/{yy}", "{seq:{yyyy}}/{yy}",
                                 "{seq}/{yy}" + "-" * 40])
def test_a_case_number_format_that_makes_giant_numbers_is_refused(secretary, app, fmt):
    council = make_council()
    db.session.commit()
    response = secretary.post("/register/utvalg/NUIT/endre", data={
        "name": "Prioriteringsutvalget", "description": "", "case_number_format": fmt,
        "active_from": "2016-01-01", "active_to": "", "secretariat": ""})
    assert response.status_code == 400
    assert "Skjemaet har feil som må rettes" in response.get_data(as_text=True)
    db.session.expire_all()
    assert db.session.get(Council, council.id).case_number_format == "{seq}/{yy}"


def test_a_six_digit_padding_is_allowed():
    check_case_number_format("{seq:06d}/{yyyy}")
    assert format_case_number("{seq:06d}/{yyyy}", 16, 2022) == "000016/2022"


@settings(deadline=None)  # no timing: the machine is shared
@given(st.text(alphabet="{}seqy:0123456789d>/.x", max_size=30))
def test_an_accepted_case_number_format_writes_short_numbers(fmt):
    try:
        check_case_number_format(fmt)
    except FormatError:
        return
    assert len(format_case_number(fmt, 123456, 2022)) < 100


# --- id parsing ----------------------------------------------------------------------------------

@settings(deadline=None)  # no timing: the machine is shared
@given(st.integers())
def test_parse_id_accepts_only_what_the_database_holds(number):
    expected = number if 0 < number <= MAX_DATABASE_INT else None
    assert parse_id(str(number)) == expected
    if expected is None and number != 0:
        with pytest.raises(ValueError):
            coerce_id(str(number))


@settings(deadline=None)  # no timing: the machine is shared
@given(st.text())
def test_parse_id_never_raises(text):
    assert parse_id(text) is None or 0 < parse_id(text) <= MAX_DATABASE_INT


# --- the import file -----------------------------------------------------------------------------

def test_a_non_utf8_import_file_is_refused_and_changes_nothing(app, runner, tmp_path):
    path = tmp_path / "latin1.yaml"
    path.write_bytes("organisations:\n  - name: Helse Sør-Øst\n".encode("latin-1"))
    before = (_count(Organisation), _audit_count())
    result = runner.invoke(args=["data", "import", str(path)])
    assert result.exit_code == 1
    assert "not UTF-8 text" in result.output
    assert "Traceback" not in result.output
    assert (_count(Organisation), _audit_count()) == before


def test_an_import_date_out_of_range_is_reported_at_its_path(app, runner, tmp_path):
    path = tmp_path / "old.yaml"
    path.write_text("councils:\n  - code: NUIT\n    name: Prioriteringsutvalget\n"
                    "    active_from: 1899-01-01\n", encoding="utf-8")
    result = runner.invoke(args=["data", "import", str(path)])
    assert result.exit_code == 1
    assert "active_from: 1899-01-01 is not between 1990-01-01 and 2100-12-31" in result.output
    assert _count(Council) == 0


# --- CSV ----------------------------------------------------------------------------------------

@pytest.mark.parametrize("cell", ["=HYPERLINK(\"https://example.com\",\"Klikk\")", "+1", "-2+3",
                                  "@SUM(A1)", "\tx", "\rx"])
def test_csv_cells_a_spreadsheet_would_run_are_neutralised(cell):
    assert neutralise(cell) == "'" + cell
    assert neutralise("Vanlig tekst") == "Vanlig tekst"
    assert neutralise(7) == 7


def test_the_follow_up_export_neutralises_a_formula_in_a_description(secretary, meeting):
    from app.services.proceedings import followup

    _held(meeting)
    org = db.session.scalar(select(Organisation))
    followup.create_action(_item(meeting), '=HYPERLINK("https://example.com","Klikk")',
                           organisation=org, due_date=date(2030, 1, 1))
    db.session.commit()
    assert _count(FollowUpAction) == 1
    response = secretary.get("/oppfolging/eksport.csv")
    assert response.status_code == 200
    rows = list(csv.reader(io.StringIO(response.get_data(as_text=True).lstrip("\ufeff")), delimiter=";"))
    descriptions = [row[3] for row in rows[1:]]
    assert descriptions == ['\'=HYPERLINK("https://example.com","Klikk")']


# --- refusals and exempt titles -----------------------------------------------------------------

def _exempt_item(meeting) -> AgendaItem:
    from app.services.casework import cases

    item = _item(meeting)
    cases.update_case(item.case, title="Hemmelig tittel", exempt=True, legal_basis="offl. § 14",
                      public_title="Sak om anskaffelse")
    item.title = "Hemmelig tittel"
    item.item_type = None
    db.session.commit()
    return item


def test_the_notice_check_names_an_exempt_item_by_its_public_title(app, meeting):
    from app.services.planning import notice

    _exempt_item(meeting)
    errors, _warnings = notice.notice_problems(meeting)
    assert "«Sak om anskaffelse» mangler innretning." in errors
    assert not any("Hemmelig" in e for e in errors)


def test_the_approval_refusal_names_an_exempt_item_by_its_public_title(app):
    from app.services.proceedings import minutes

    council = make_council()
    first = _held(make_meeting(council, day=date(2022, 5, 19), cases=1))
    later = make_meeting(council, day=date(2022, 6, 19), cases=1)
    item = _exempt_item(later)  # a case, not "Godkjenning av referat"
    with pytest.raises(ServiceError) as refused:
        minutes.approve(minutes.minutes_for(first), item=item)
    assert "Hemmelig" not in str(refused.value)


@pytest.mark.parametrize("version", ["²", HUGE + "0", "x"])
def test_a_malformed_version_on_the_minutes_item_form_is_400(secretary, meeting, version):
    """"²".isdigit() is true but int("²") fails: the old check let it through to a 500."""
    _held(meeting)
    item = _item(meeting)
    before = _audit_count()
    response = secretary.post(f"/moter/{meeting.id}/referat/punkt/{item.id}", data={
        f"punkt-{item.id}-version": version, f"punkt-{item.id}-kind": "text",
        f"punkt-{item.id}-decision": "Endret vedtak.", f"punkt-{item.id}-discussion": ""})
    assert response.status_code == 400
    assert BAD_FORM in response.get_data(as_text=True)
    assert _audit_count() == before


def test_the_export_command_refuses_a_year_out_of_range(app, runner):
    result = runner.invoke(args=["data", "export", "--year", HUGE])
    assert result.exit_code == 2  # click's usage error, with the range it accepts
    assert "1990<=x<=2100" in result.output


# --- a NUL character (PostgreSQL refuses it in text) ------------------------------------------------

@pytest.mark.parametrize("method, url, data", [
    ("GET", "/utvalg/NU%00IT", None),
    ("GET", "/saker/?tekst=avtale%00", None),
    ("GET", "/admin/dokumentmaler/NU%00IT", None),
    ("POST", "/logg-inn", {"email": "sekretar@example.no\x00", "password": "x"}),
    ("POST", "/glemt-passord", {"email": "a\x00@example.no"}),
    ("POST", "/saker/ny", {"title": "Avtale\x00"}),
])
def test_a_nul_character_anywhere_is_400_and_changes_nothing(secretary, meeting, method, url, data):
    before = (_audit_count(), _count(OutboxMessage))
    response = secretary.open(url, method=method, data=data)
    assert response.status_code == 400
    assert BAD_FORM in response.get_data(as_text=True)
    assert (_audit_count(), _count(OutboxMessage)) == before


def test_a_nul_character_in_a_json_body_is_400(secretary, meeting):
    item = _item(meeting)
    response = secretary.post(f"/moter/{meeting.id}/punkt/{item.id}", json={"title": "Sak\u0000"})
    assert response.status_code == 400
