"""`flask data import` refuses malformed YAML: a non-zero exit, a message that names the exact place
and the problem, and nothing written to the database (not even the parts of the file that were fine).
"""
import copy
from datetime import date

import pytest
import yaml
from sqlalchemy import func, select

from app.models import (
    AgendaItem,
    AgendaItemPresenter,
    AuditEvent,
    Case,
    Council,
    Meeting,
    Membership,
    NumberCounter,
    Organisation,
    Person,
    ProposalRevision,
)

COUNTED = (Organisation, Council, Person, Membership, Meeting, AgendaItem, AgendaItemPresenter,
           Case, ProposalRevision, AuditEvent, NumberCounter)


# --- helpers -------------------------------------------------------------------------------------

def database_state(db) -> dict:
    """Row counts of every table an import writes to, plus the number counters' values (a refused
    import must not even move a counter)."""
    db.session.rollback()  # read what is committed, not what a failed command left behind
    state = {model.__name__: db.session.scalar(select(func.count()).select_from(model))
             for model in COUNTED}
    state["counters"] = sorted(db.session.execute(
        select(NumberCounter.key, NumberCounter.year, NumberCounter.last_value)).all())
    return state


def valid_document() -> dict:
    """A small, valid file: NUIT 3/22 with three cases and a break (agenda[3] is a Drøfting)."""
    return {
        "organisations": [{"name": "Direktoratet for e-helse"}, {"name": "NAV"}],
        "councils": [{"code": "NUIT", "name": "Prioriteringsutvalget",
                      "case_number_format": "{seq}/{yy}", "secretariat": "Direktoratet for e-helse"}],
        "meetings": [{
            "council": "NUIT", "number": 3, "date": date(2022, 5, 19), "start": "08:30",
            "kind": "ordinary", "status": "held", "location": None,
            "members": [{"name": "Mariann Hornnes", "title": "Direktør",
                         "organisation": "Direktoratet for e-helse", "role": "leder"}],
            "agenda": [
                {"case_number": "16/22", "title": "Godkjenning av innkalling og dagsorden",
                 "type": "Godkjenning", "presenters": ["Mariann Hornnes"],
                 "organisation": "Direktoratet for e-helse", "duration": 2,
                 "proposal": {"heading": "Forslag til vedtak",
                              "text": "NUIT godkjenner innkalling og dagsorden."}},
                {"case_number": "17/22", "title": "Godkjenning av referat fra NUIT 17. februar",
                 "type": "Godkjenning", "presenters": ["Mariann Hornnes"],
                 "organisation": "Direktoratet for e-helse", "duration": 3},
                {"break": "Pause", "start": "09:50"},
                {"case_number": "18/22",
                 "title": "Utveksling av helseopplysninger mellom NAV og helsesektoren",
                 "type": "Drøfting", "presenters": ["Lars Erik Antonsen", "Marit Hermansen"],
                 "organisation": "NAV", "duration": 30},
            ],
        }],
    }


def write_yaml(tmp_path, doc, name="import.yaml"):
    path = tmp_path / name
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def write_text(tmp_path, text, name="import.yaml"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def import_file(runner, path):
    return runner.invoke(args=["data", "import", str(path)])


def problem_lines(result) -> list[str]:
    """The indented problem lines the command prints after 'Import refused; …'."""
    return [line.strip() for line in result.output.splitlines() if line.startswith("  ")]


def assert_refused(runner, db, path, expected_message: str) -> list[str]:
    """Import ``path``; it must fail, print ``expected_message`` as one of its problems, and leave
    the database exactly as it was."""
    before = database_state(db)
    result = import_file(runner, path)
    assert result.exit_code != 0, result.output
    assert "Import refused; nothing was written." in result.output
    problems = problem_lines(result)
    assert expected_message in problems, result.output
    assert database_state(db) == before
    return problems


def with_change(change) -> dict:
    doc = copy.deepcopy(valid_document())
    change(doc)
    return doc


def agenda(doc) -> list:
    return doc["meetings"][0]["agenda"]


# --- the valid file is valid (so every refusal below is caused by the one change made) ----------

def test_valid_document_imports(runner, db, tmp_path):
    result = import_file(runner, write_yaml(tmp_path, valid_document()))
    assert result.exit_code == 0, result.output
    assert db.session.scalar(select(func.count()).select_from(Meeting)) == 1
    assert db.session.scalar(select(func.count()).select_from(AgendaItem)) == 4


# --- one problem each, named precisely --------------------------------------------------------

def test_misspelt_item_type_is_refused_with_the_exact_place(runner, db, tmp_path):
    doc = with_change(lambda d: agenda(d)[3].update(type="Drøftng"))
    assert_refused(runner, db, write_yaml(tmp_path, doc),
                   "meetings[0].agenda[3].type: 'Drøftng' is not one of Godkjenning, Orientering, "
                   "Drøfting, Anbefaling, Beslutning")


def test_exit_code_is_one_and_the_file_is_named(runner, db, tmp_path):
    path = write_yaml(tmp_path, with_change(lambda d: agenda(d)[3].update(type="Drøftng")))
    result = import_file(runner, path)
    assert result.exit_code == 1
    assert f"1 problem(s) in {path}" in result.output


def test_unknown_council_is_refused(runner, db, tmp_path):
    doc = with_change(lambda d: d["meetings"][0].update(council="NUTI"))
    assert_refused(runner, db, write_yaml(tmp_path, doc), "meetings[0].council: unknown council 'NUTI'")


def test_duplicate_case_number_in_one_file_is_refused(runner, db, tmp_path):
    doc = with_change(lambda d: agenda(d)[1].update(case_number="16/22"))
    assert_refused(runner, db, write_yaml(tmp_path, doc),
                   "meetings[0].agenda[1].case_number: duplicate case number '16/22' "
                   "(also at meetings[0].agenda[0].case_number)")


def test_duplicate_case_number_across_meetings_in_one_file_is_refused(runner, db, tmp_path):
    def add_second_meeting(d):
        second = copy.deepcopy(d["meetings"][0])
        second.update(number=4, date=date(2022, 9, 14), members=[])
        second["agenda"] = [{"case_number": "18/22", "title": "Eventuelt"}]
        d["meetings"].append(second)

    assert_refused(runner, db, write_yaml(tmp_path, with_change(add_second_meeting)),
                   "meetings[1].agenda[0].case_number: duplicate case number '18/22' "
                   "(also at meetings[0].agenda[3].case_number)")


def later_meeting_reusing_16_22() -> dict:
    """NUIT 4/22 whose first item claims 16/22, already used by 3/22 in the database. The file is
    valid on its own (so validation passes) and lists a new organisation before the clash."""
    return {
        "organisations": [{"name": "Helse Nord RHF"}],
        "meetings": [{
            "council": "NUIT", "number": 4, "date": date(2022, 9, 14), "start": "09:00",
            "status": "held",
            "members": [{"name": "Bjørn Nilsen", "title": "IT-sjef",
                         "organisation": "Helse Nord RHF", "role": "medlem"}],
            "agenda": [{"case_number": "16/22", "title": "Samarbeidsmodell for standarder",
                        "type": "Drøfting"}],
        }],
    }


def test_case_number_already_in_the_database_is_refused(runner, db, tmp_path):
    assert import_file(runner, write_yaml(tmp_path, valid_document(), "first.yaml")).exit_code == 0
    assert_refused(runner, db, write_yaml(tmp_path, later_meeting_reusing_16_22(), "second.yaml"),
                   "meetings[0].agenda[0].case_number: '16/22' is already used by "
                   "'Godkjenning av innkalling og dagsorden' in NUIT Møte 3/22")


def test_error_found_while_writing_still_writes_nothing(runner, db, tmp_path):
    """The clash is only found after the organisation, the person and the meeting have been written
    in the transaction; all of it must be rolled back."""
    assert import_file(runner, write_yaml(tmp_path, valid_document(), "first.yaml")).exit_code == 0
    result = import_file(runner, write_yaml(tmp_path, later_meeting_reusing_16_22(), "second.yaml"))
    assert result.exit_code != 0
    db.session.rollback()
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Helse Nord RHF")) is None
    assert db.session.scalar(select(Person).where(Person.name == "Bjørn Nilsen")) is None
    assert db.session.scalar(select(Meeting).where(Meeting.number == 4)) is None
    # The first import is intact, and a corrected file still goes through with the next numbers.
    fixed = later_meeting_reusing_16_22()
    fixed["meetings"][0]["agenda"][0]["case_number"] = "19/22"
    assert import_file(runner, write_yaml(tmp_path, fixed, "fixed.yaml")).exit_code == 0
    assert db.session.scalar(select(Organisation).where(Organisation.name == "Helse Nord RHF"))


def test_meeting_ending_before_it_starts_is_refused(runner, db, tmp_path):
    doc = with_change(lambda d: d["meetings"][0].update(end="08:00"))
    assert_refused(runner, db, write_yaml(tmp_path, doc),
                   "meetings[0].end: the meeting ends at 08:00, not after its start 08:30")


def test_quoted_hour_25_is_refused(runner, db, tmp_path):
    doc = with_change(lambda d: agenda(d)[0].update(start="25:00"))
    assert_refused(runner, db, write_yaml(tmp_path, doc),
                   "meetings[0].agenda[0].start: '25:00' is not a valid time (HH:MM, 00:00–23:59)")


def test_unquoted_hour_25_read_as_base_60_number_is_refused(runner, db, tmp_path):
    # YAML 1.1 reads an unquoted 25:00 as the sexagesimal integer 1500.
    text = yaml.safe_dump(valid_document(), allow_unicode=True, sort_keys=False)
    assert "start: 08:30\n" in text  # a leading zero keeps 08:30 a string
    text = text.replace("start: 08:30\n", "start: 25:00\n")
    assert yaml.safe_load(text)["meetings"][0]["start"] == 1500
    assert_refused(runner, db, write_text(tmp_path, text),
                   "meetings[0].start: '25:00' is not a valid time (HH:MM, 00:00–23:59)")


def test_unquoted_valid_time_is_accepted(runner, db, tmp_path):
    # The same base-60 reading of a valid time (14:30 -> 870) must give 14:30, not an error.
    text = yaml.safe_dump(valid_document(), allow_unicode=True, sort_keys=False)
    assert "start: 09:50\n" in text
    text = text.replace("start: 09:50\n", "start: 14:30\n")
    assert yaml.safe_load(text)["meetings"][0]["agenda"][2]["start"] == 870
    result = import_file(runner, write_text(tmp_path, text))
    assert result.exit_code == 0, result.output
    pause = db.session.scalar(select(AgendaItem).where(AgendaItem.title == "Pause"))
    assert pause.pinned_start.strftime("%H:%M") == "14:30"


def test_postponed_without_target_meeting_is_refused(runner, db, tmp_path):
    doc = with_change(lambda d: agenda(d)[3].update(status="postponed"))
    assert_refused(runner, db, write_yaml(tmp_path, doc),
                   "meetings[0].agenda[3].postponed_to: is required when status is postponed")


def test_postponed_to_a_date_before_the_meeting_is_refused(runner, db, tmp_path):
    doc = with_change(lambda d: agenda(d)[3].update(status="postponed",
                                                    postponed_to=date(2022, 5, 1)))
    assert_refused(runner, db, write_yaml(tmp_path, doc),
                   "meetings[0].agenda[3].postponed_to: must be after the meeting's date")


def test_exempt_without_legal_basis_is_refused(runner, db, tmp_path):
    doc = with_change(lambda d: agenda(d)[3].update(access={"exempt": True,
                                                            "public_title": "Samarbeid med NAV"}))
    assert_refused(runner, db, write_yaml(tmp_path, doc),
                   "meetings[0].agenda[3].access.legal_basis: is required when exempt is true "
                   "(e.g. 'offl. § 15 første ledd')")


def test_unknown_item_key_is_refused(runner, db, tmp_path):
    def typo(d):
        item = agenda(d)[0]
        item["presenter"] = item.pop("presenters")

    problems = assert_refused(
        runner, db, write_yaml(tmp_path, with_change(typo)),
        "meetings[0].agenda[0].presenter: unknown key; allowed: access, case_file_number, "
        "case_number, description, duration, organisation, postponed_to, presenters, proposal, "
        "purpose, start, status, subitems, title, type")
    assert len(problems) == 1


def test_unknown_top_level_key_is_refused(runner, db, tmp_path):
    def typo(d):
        d["meeting"] = d.pop("meetings")

    assert_refused(runner, db, write_yaml(tmp_path, with_change(typo)),
                   "(file).meeting: unknown key; allowed: cases, councils, meetings, memberships, "
                   "organisations, people")


def test_invalid_yaml_syntax_is_refused_with_the_line(runner, db, tmp_path):
    text = yaml.safe_dump(valid_document(), allow_unicode=True, sort_keys=False)
    lines = text.splitlines()
    # Break the indentation of one line inside the agenda.
    broken_at = next(i for i, line in enumerate(lines) if "type: Drøfting" in line)
    lines[broken_at] = "  " + lines[broken_at].strip() + ": ["
    before = database_state(db)
    result = import_file(runner, write_text(tmp_path, "\n".join(lines) + "\n"))
    assert result.exit_code != 0
    problems = problem_lines(result)
    assert problems[0].startswith("(file): not valid YAML:"), result.output
    assert f"line {broken_at + 1}" in result.output
    assert database_state(db) == before


def test_bad_case_number_format_is_refused(runner, db, tmp_path):
    doc = with_change(lambda d: d["councils"][0].update(case_number_format="{n}/{yy}"))
    before = database_state(db)
    result = import_file(runner, write_yaml(tmp_path, doc))
    assert result.exit_code != 0
    problems = problem_lines(result)
    assert any(p.startswith("councils[0].case_number_format: ") and "{n}/{yy}" in p
               for p in problems), result.output
    assert database_state(db) == before


def test_case_number_not_in_the_councils_format_is_refused(runner, db, tmp_path):
    doc = with_change(lambda d: agenda(d)[0].update(case_number="16-22"))
    assert_refused(runner, db, write_yaml(tmp_path, doc),
                   "meetings[0].agenda[0].case_number: '16-22' is not a case number of the form "
                   "'16/22'")


def test_case_number_from_another_year_is_refused(runner, db, tmp_path):
    doc = with_change(lambda d: agenda(d)[0].update(case_number="16/21"))
    assert_refused(runner, db, write_yaml(tmp_path, doc),
                   "meetings[0].agenda[0].case_number: '16/21' belongs to 2021, but the meeting "
                   "is in 2022")


def test_every_problem_is_listed_not_just_the_first(runner, db, tmp_path):
    def several(d):
        agenda(d)[3]["type"] = "Drøftng"
        agenda(d)[0]["start"] = "25:00"
        d["meetings"][0]["council"] = "NUTI"

    problems = assert_refused(runner, db, write_yaml(tmp_path, with_change(several)),
                              "meetings[0].council: unknown council 'NUTI'")
    assert "meetings[0].agenda[0].start: '25:00' is not a valid time (HH:MM, 00:00–23:59)" in problems
    assert any(p.startswith("meetings[0].agenda[3].type: 'Drøftng'") for p in problems)


def test_refused_file_leaves_earlier_data_untouched(runner, db, tmp_path):
    """A bad re-import of an existing meeting must not change the stored meeting either."""
    assert import_file(runner, write_yaml(tmp_path, valid_document(), "first.yaml")).exit_code == 0
    doc = with_change(lambda d: (agenda(d)[0].update(title="Ny tittel"),
                                 agenda(d)[3].update(type="Drøftng")))
    assert_refused(runner, db, write_yaml(tmp_path, doc, "second.yaml"),
                   "meetings[0].agenda[3].type: 'Drøftng' is not one of Godkjenning, Orientering, "
                   "Drøfting, Anbefaling, Beslutning")
    titles = db.session.scalars(select(AgendaItem.title).order_by(AgendaItem.position)).all()
    assert titles[0] == "Godkjenning av innkalling og dagsorden"
    assert "Ny tittel" not in titles


@pytest.mark.parametrize("bad_time", ["8.30", "24:00", "12:60"])
def test_other_impossible_meeting_times_are_refused(runner, db, tmp_path, bad_time):
    doc = with_change(lambda d: d["meetings"][0].update(start=bad_time))
    problems = assert_refused(runner, db, write_yaml(tmp_path, doc),
                              f"meetings[0].start: '{bad_time}' is not a valid time "
                              "(HH:MM, 00:00–23:59)")
    assert len(problems) == 1


# --- values the file can get wrong in ways only the database or YAML itself notices ---------------

def test_impossible_calendar_date_is_refused_with_a_message(runner, db, tmp_path):
    # 2022-02-30 looks like a YAML date, so PyYAML's loader itself raises ValueError.
    text = yaml.safe_dump(valid_document(), allow_unicode=True, sort_keys=False)
    text = text.replace("date: 2022-05-19", "date: 2022-02-30")
    before = database_state(db)
    result = import_file(runner, write_text(tmp_path, text))
    assert result.exit_code != 0
    assert "Import refused; nothing was written." in result.output, repr(result.exception)
    assert problem_lines(result), result.output
    assert database_state(db) == before


def test_number_where_a_title_is_expected_is_refused_with_a_message(runner, db, tmp_path):
    doc = with_change(lambda d: agenda(d)[0].update(title=2022))
    before = database_state(db)
    result = import_file(runner, write_yaml(tmp_path, doc))
    assert result.exit_code != 0
    problems = problem_lines(result)
    assert any(p.startswith("meetings[0].agenda[0].title: ") for p in problems), \
        (result.output, repr(result.exception))
    assert database_state(db) == before


def test_number_where_an_organisation_name_is_expected_is_refused_with_a_message(runner, db,
                                                                                 tmp_path):
    doc = with_change(lambda d: d["organisations"].append({"name": 1881}))
    before = database_state(db)
    result = import_file(runner, write_yaml(tmp_path, doc))
    assert result.exit_code != 0
    problems = problem_lines(result)
    assert any(p.startswith("organisations[2].name: ") for p in problems), \
        (result.output, repr(result.exception))
    assert database_state(db) == before


def test_case_file_number_from_an_impossible_year_names_its_place(runner, db, tmp_path):
    doc = with_change(lambda d: agenda(d)[0].update(case_file_number="1800/1"))
    before = database_state(db)
    result = import_file(runner, write_yaml(tmp_path, doc))
    assert result.exit_code != 0
    problems = problem_lines(result)
    assert any(p.startswith("meetings[0].agenda[0].case_file_number: ") for p in problems), \
        result.output
    assert database_state(db) == before


def test_title_longer_than_the_database_allows_is_refused_with_a_message(runner, db, tmp_path):
    # Agenda item titles are stored in a 500-character column.
    doc = with_change(lambda d: agenda(d)[3].update(title="Utveksling " * 50))
    before = database_state(db)
    result = import_file(runner, write_yaml(tmp_path, doc))
    assert result.exit_code != 0, "a 550-character title was accepted"
    problems = problem_lines(result)
    assert any(p.startswith("meetings[0].agenda[3].title: ") for p in problems), \
        (result.output, repr(result.exception))
    assert database_state(db) == before
