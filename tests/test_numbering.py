"""The three numbers of DOMAIN.md §4, through the service functions, on SQLite and PostgreSQL.

Meeting numbers ("Møte 3/22"), meeting case numbers ("16/22", per council and year, given in agenda
order when the notice is issued) and case file numbers ("2022/123", across councils). The last tests
run many allocations at once from separate threads, each with its own session, and prove that no
number is doubled and none is skipped.
"""
import threading
from datetime import date, time

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from app.extensions import db as _db
from app.models import AgendaItem, Case, Council, ItemKind, ItemStatus, Meeting, MeetingStatus
from app.services import ServiceError
from app.services.casework.cases import create_case
from app.services.planning.agenda import agenda_rows
from app.services.planning.meetings import (
    add_break,
    add_case_item,
    create_meeting,
    postpone_item,
    withdraw_item,
)
from app.services.planning.notice import issue_notice
from app.services.proceedings.meeting_setup import purpose_from_title
from app.services.registry.councils import council_by_code, upsert_council
from tests.factories import add_item

COUNCIL_NAMES = {
    "NUIT": "Nasjonalt utvalg for IT-prioritering",
    "NUFA": "Nasjonalt utvalg for fag og arkitektur",
    "NEHR": "Nasjonalt e-helsestyre",
}


def council(code: str, **fields):
    found = council_by_code(code)
    return found if found is not None else upsert_council(code, COUNCIL_NAMES.get(code, code), **fields)


def meeting_with_cases(code: str, day: date, titles: list[str], **kwargs) -> Meeting:
    """A planned meeting whose items have an item type and a presenter but no proposal: the
    tests here issue with ``accept_warnings=True``, proposals are no part of numbering."""
    meeting = create_meeting(council(code), day, time(9, 0), **kwargs)
    for title in titles:
        # Cases registered in the meeting's year, as for historic data; the standard items with
        # their purpose, as meeting_setup makes them.
        add_item(meeting, title, item_type="Drøfting", duration=30, case_year=day.year,
                 purpose=purpose_from_title(title))
    return meeting


def seqs(meeting: Meeting) -> list[int | None]:
    return [item.case_seq for item in meeting.items]


def shown_numbers(meeting: Meeting) -> list[str]:
    """The "Sak" column of the agenda table."""
    return [row.number for row in agenda_rows(meeting)]


def council_seqs(code: str, year: int) -> list[int]:
    return sorted(_db.session.scalars(
        select(AgendaItem.case_seq).where(AgendaItem.council_id == council_by_code(code).id,
                                          AgendaItem.case_year == year,
                                          AgendaItem.case_seq.is_not(None))).all())


def file_seqs(year: int) -> list[int]:
    return sorted(_db.session.scalars(select(Case.file_seq).where(Case.file_year == year)).all())


STANDARD = ["Godkjenning av innkalling og dagsorden", "Godkjenning av referat", "Eventuelt"]


# --- meeting numbers -------------------------------------------------------------------------------

def test_meeting_numbers_per_council_and_year(db):
    nuit_1 = create_meeting(council("NUIT"), date(2022, 2, 17), time(9, 0))
    nuit_2 = create_meeting(council("NUIT"), date(2022, 4, 8), time(9, 0), kind="extraordinary")
    nuit_3 = create_meeting(council("NUIT"), date(2022, 5, 19), time(8, 30))
    nufa_1 = create_meeting(council("NUFA"), date(2022, 3, 2), time(10, 0))
    nuit_2023 = create_meeting(council("NUIT"), date(2023, 2, 9), time(9, 0))
    nuit_4 = create_meeting(council("NUIT"), date(2022, 9, 14), time(9, 0))
    db.session.commit()

    assert [m.number for m in (nuit_1, nuit_2, nuit_3)] == [1, 2, 3]  # the extraordinary one counts
    assert nuit_3.label == "Møte 3/22"
    assert nufa_1.number == 1 and nufa_1.label == "Møte 1/22"
    assert nuit_2023.number == 1 and nuit_2023.label == "Møte 1/23"
    assert nuit_4.number == 4


# --- meeting case numbers at issue -----------------------------------------------------------------

def test_no_numbers_before_the_notice_is_issued(db):
    meeting = meeting_with_cases("NUIT", date(2022, 2, 17), STANDARD)
    db.session.commit()
    assert seqs(meeting) == [None, None, None]
    assert shown_numbers(meeting) == ["", "", ""]


def test_issue_numbers_case_items_in_agenda_order_skipping_breaks_and_withdrawn(db):
    meeting = create_meeting(council("NUIT"), date(2022, 2, 17), time(9, 0))
    add_item(meeting, "Godkjenning av innkalling og dagsorden", item_type="Godkjenning")
    add_item(meeting, "Godkjenning av referat", item_type="Godkjenning")
    add_break(meeting, "Pause", duration=10)
    withdrawn = add_item(meeting, "Sak som trekkes", item_type="Orientering")
    add_item(meeting, "Tryggere helseapper", item_type="Drøfting")
    add_break(meeting, "Lunsj", duration=30)
    add_item(meeting, "Eventuelt")
    withdraw_item(withdrawn)
    db.session.commit()

    issue_notice(meeting.id, accept_warnings=True)
    db.session.commit()

    assert meeting.status == MeetingStatus.ISSUED
    assert seqs(meeting) == [1, 2, None, None, 3, None, 4]
    assert shown_numbers(meeting) == ["1/22", "2/22", "", "", "3/22", "", "4/22"]


def test_numbers_use_the_councils_display_format(db):
    council("NEHR", case_number_format="{seq:02d}/{yyyy}")
    meeting = meeting_with_cases("NEHR", date(2015, 3, 1), STANDARD)
    issue_notice(meeting.id, accept_warnings=True)
    db.session.commit()
    assert shown_numbers(meeting) == ["01/2015", "02/2015", "03/2015"]


def test_next_meeting_continues_the_years_sequence(db):
    first = meeting_with_cases("NUIT", date(2022, 2, 17), STANDARD)
    second = meeting_with_cases("NUIT", date(2022, 4, 8), ["Ekstrasak", "Eventuelt"],
                                kind="extraordinary")
    third = meeting_with_cases("NUIT", date(2022, 5, 19), STANDARD + ["Strategi"])
    db.session.commit()
    for meeting in (first, second, third):
        issue_notice(meeting.id, accept_warnings=True)
        db.session.commit()

    assert seqs(first) == [1, 2, 3]
    assert seqs(second) == [4, 5]
    assert seqs(third) == [6, 7, 8, 9]
    assert shown_numbers(third)[0] == "6/22"


def test_each_council_and_each_year_starts_at_one(db):
    nuit_2022 = meeting_with_cases("NUIT", date(2022, 11, 10), STANDARD)
    nufa_2022 = meeting_with_cases("NUFA", date(2022, 11, 11), STANDARD)
    nuit_2023 = meeting_with_cases("NUIT", date(2023, 1, 12), STANDARD)
    db.session.commit()
    for meeting in (nuit_2022, nufa_2022, nuit_2023):
        issue_notice(meeting.id, accept_warnings=True)
        db.session.commit()

    assert shown_numbers(nuit_2022) == ["1/22", "2/22", "3/22"]
    assert shown_numbers(nufa_2022) == ["1/22", "2/22", "3/22"]
    assert shown_numbers(nuit_2023) == ["1/23", "2/23", "3/23"]


def test_item_added_after_issue_gets_the_next_free_number_at_once(db):
    first = meeting_with_cases("NUIT", date(2022, 2, 17), STANDARD)
    second = meeting_with_cases("NUIT", date(2022, 4, 8), ["Ekstrasak", "Eventuelt"])
    db.session.commit()
    issue_notice(first.id, accept_warnings=True)
    issue_notice(second.id, accept_warnings=True)
    db.session.commit()

    late = add_case_item(first, "Sak meldt etter innkalling", item_type="Orientering")
    assert late.case_seq == 6  # 1–3 and 4–5 are taken: the next free number, not 4
    late_break = add_break(first, "Pause")
    db.session.commit()

    assert late_break.case_seq is None
    # New items go before the closing "Eventuelt" (3/22), which keeps its number.
    assert seqs(first) == [1, 2, 6, None, 3]
    assert shown_numbers(first)[2] == "6/22"


def test_withdrawn_after_issue_keeps_its_number_and_it_is_not_reused(db):
    meeting = meeting_with_cases("NUIT", date(2022, 2, 17), STANDARD)
    db.session.commit()
    issue_notice(meeting.id, accept_warnings=True)
    db.session.commit()

    withdraw_item(meeting.items[1])
    late = add_case_item(meeting, "Ny sak")
    db.session.commit()

    assert seqs(meeting) == [1, 2, 4, 3]  # the new item goes before "Eventuelt"
    assert late.case_seq == 4


def test_postponed_item_keeps_its_number_and_gets_a_new_one_on_the_later_agenda(db):
    may = meeting_with_cases("NUIT", date(2022, 5, 19), STANDARD[:2] + ["Samarbeidsmodell",
                                                                       "Eventuelt"])
    september = meeting_with_cases("NUIT", date(2022, 9, 14), STANDARD)
    db.session.commit()
    issue_notice(may.id, accept_warnings=True)
    db.session.commit()
    postponed = may.items[2]
    case_id, file_number = postponed.case_id, postponed.case.file_number
    cases_before = db.session.scalar(select(func.count(Case.id)))

    postpone_item(postponed, to_meeting=september)
    again = add_item(september, "Samarbeidsmodell", case=postponed.case, item_type="Drøfting")
    db.session.commit()
    issue_notice(september.id, accept_warnings=True)
    db.session.commit()

    assert postponed.status == ItemStatus.POSTPONED
    assert postponed.case_seq == 3
    row = agenda_rows(may)[2]
    assert (row.number, row.postponed, row.start) == (
        "3/22", "Saken er utsatt til møtet 14. september", None)
    assert shown_numbers(september) == ["5/22", "6/22", "7/22", "8/22"]
    assert again.case_seq == 7  # placed before "Eventuelt", numbered in agenda order
    assert again.case_id == postponed.case_id == case_id
    assert again.case.file_number == file_number  # one case, one file number for its whole life
    assert db.session.scalar(select(func.count(Case.id))) == cases_before


def test_issuing_twice_is_refused_and_changes_nothing(db):
    meeting = meeting_with_cases("NUIT", date(2022, 2, 17), STANDARD)
    other = meeting_with_cases("NUIT", date(2022, 4, 8), ["Ekstrasak"])
    db.session.commit()
    issue_notice(meeting.id, accept_warnings=True)
    db.session.commit()
    issued_at = meeting.notice_issued_at

    with pytest.raises(ServiceError):
        issue_notice(meeting.id, accept_warnings=True)
    db.session.commit()  # even committing what the refused call left behind changes nothing
    db.session.expire_all()

    assert seqs(meeting) == [1, 2, 3]
    assert meeting.status == MeetingStatus.ISSUED
    assert meeting.notice_issued_at == issued_at
    issue_notice(other.id, accept_warnings=True)
    db.session.commit()
    assert seqs(other) == [4]  # the refused call used up no numbers


def test_issuing_an_agenda_without_cases_is_refused(db):
    meeting = create_meeting(council("NUIT"), date(2022, 2, 17), time(9, 0))
    add_break(meeting, "Pause")
    db.session.commit()
    with pytest.raises(ServiceError):
        issue_notice(meeting.id, accept_warnings=True)
    db.session.rollback()
    assert meeting.status == MeetingStatus.PLANNED


@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(agenda=st.lists(st.sampled_from(["case", "break", "withdrawn"]), min_size=1, max_size=8),
       added_later=st.lists(st.sampled_from(["case", "break"]), max_size=3))
def test_any_agenda_is_numbered_gap_free_in_agenda_order(db, agenda, added_later):
    nuit = council("NUIT")
    last_before = max(council_seqs("NUIT", 2022), default=0)
    meeting = create_meeting(nuit, date(2022, 6, 1), time(9, 0))
    for kind in agenda:
        if kind == "break":
            add_break(meeting, duration=10)
        else:
            item = add_item(meeting, "Sak", duration=15)
            if kind == "withdrawn":
                withdraw_item(item)
    db.session.commit()

    if "case" not in agenda and "withdrawn" not in agenda:
        with pytest.raises(ServiceError):
            issue_notice(meeting.id, accept_warnings=True)
        db.session.rollback()
        return
    issue_notice(meeting.id, accept_warnings=True)
    db.session.commit()
    for kind in added_later:
        add_case_item(meeting, "Sen sak") if kind == "case" else add_break(meeting)
    db.session.commit()

    kinds = agenda + added_later
    expected, next_seq = [], last_before + 1
    for kind in kinds:
        if kind == "case":
            expected.append(next_seq)
            next_seq += 1
        else:
            expected.append(None)
    assert seqs(meeting) == expected
    assert council_seqs("NUIT", 2022) == list(range(1, next_seq))


# --- case file numbers -----------------------------------------------------------------------------

def test_case_file_numbers_run_across_councils_and_restart_each_year(db):
    first = create_case("Utveksling av helseopplysninger", year=2022)
    nuit = meeting_with_cases("NUIT", date(2022, 5, 19), ["Tryggere helseapper"])
    nufa = meeting_with_cases("NUFA", date(2022, 6, 2), ["Felles kommunal journal"])
    next_year = create_case("Ny sak", year=2023)
    db.session.commit()

    assert first.file_number == "2022/1"
    assert nuit.items[0].case.file_number == "2022/2"
    assert nufa.items[0].case.file_number == "2022/3"
    assert next_year.file_number == "2023/1"
    assert create_case("Enda en sak", year=2022).file_number == "2022/4"


def test_a_new_case_gets_a_file_number_of_the_year_it_is_registered(db):
    # Registered today for a meeting next year: the file number belongs to this year.
    today = date.today()
    meeting = create_meeting(council("NUIT"), date(today.year + 1, 1, 20), time(9, 0))
    item = add_case_item(meeting, "Sak meldt inn før nyttår")
    assert item.case.file_year == today.year


def test_issuing_does_not_change_case_file_numbers(db):
    meeting = meeting_with_cases("NUIT", date(2022, 5, 19), ["Veikart", "Kjernejournal", "Helsenorge"])
    db.session.commit()
    before = [item.case.file_number for item in meeting.items]
    issue_notice(meeting.id, accept_warnings=True)
    db.session.commit()
    assert [item.case.file_number for item in meeting.items] == before == [
        "2022/1", "2022/2", "2022/3"]


# --- the database's own guard ----------------------------------------------------------------------

def test_database_rejects_a_duplicate_meeting_case_number(db):
    meeting = meeting_with_cases("NUIT", date(2022, 2, 17), STANDARD)
    db.session.commit()
    issue_notice(meeting.id, accept_warnings=True)
    db.session.commit()
    other = create_meeting(council("NUIT"), date(2022, 4, 8), time(9, 0))
    case = create_case("Dublett", year=2022)
    db.session.commit()

    db.session.add(AgendaItem(meeting=other, council_id=other.council_id, position=0,
                              kind=ItemKind.CASE, case=case, title="Dublett",
                              case_year=2022, case_seq=2))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert council_seqs("NUIT", 2022) == [1, 2, 3]


def test_database_allows_the_same_case_number_in_another_council(db):
    nufa = create_meeting(council("NUFA"), date(2022, 4, 8), time(9, 0))
    nuit = create_meeting(council("NUIT"), date(2022, 4, 8), time(9, 0))
    for meeting in (nufa, nuit):
        db.session.add(AgendaItem(meeting=meeting, council_id=meeting.council_id, position=0,
                                  kind=ItemKind.CASE, title="Sak", case_year=2022, case_seq=1))
    db.session.commit()
    assert council_seqs("NUFA", 2022) == council_seqs("NUIT", 2022) == [1]


def test_database_rejects_a_duplicate_meeting_number(db):
    nuit = council("NUIT")
    create_meeting(nuit, date(2022, 2, 17), time(9, 0))
    db.session.commit()

    db.session.add(Meeting(council=nuit, year=2022, number=1, date=date(2022, 3, 1),
                           start_time=time(9, 0)))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert db.session.scalar(select(func.count(Meeting.id))) == 1


def test_database_rejects_a_duplicate_case_file_number(db):
    create_case("Første", year=2022)
    db.session.commit()
    db.session.add(Case(title="Dublett", file_year=2022, file_seq=1))
    with pytest.raises(IntegrityError):
        db.session.flush()
    db.session.rollback()
    assert file_seqs(2022) == [1]


def test_service_refuses_a_taken_historic_meeting_number(db):
    create_meeting(council("NUIT"), date(2022, 2, 17), time(9, 0), number=2)
    db.session.commit()
    with pytest.raises(ServiceError):
        create_meeting(council("NUIT"), date(2022, 3, 1), time(9, 0), number=2)
    db.session.rollback()
    # Numbers below a historic one are not handed out again automatically.
    assert create_meeting(council("NUIT"), date(2022, 5, 19), time(9, 0)).number == 3


# --- concurrency -----------------------------------------------------------------------------------

def run_together(app, jobs):
    """Run each job in its own thread with its own app context and session, all released at once by
    a barrier. A job returns plain values; it is committed when it returns and rolled back when it
    raises. Returns ("ok", value), ("refused", message) or ("error", repr) per job."""
    barrier = threading.Barrier(len(jobs))
    results: list = [None] * len(jobs)

    def worker(index, job):
        with app.app_context():
            try:
                barrier.wait(timeout=60)
                value = job()
                _db.session.commit()
                results[index] = ("ok", value)
            except ServiceError as exc:
                _db.session.rollback()
                results[index] = ("refused", str(exc))
            except Exception as exc:  # noqa: BLE001 - reported by the test
                _db.session.rollback()
                results[index] = ("error", repr(exc))
            finally:
                _db.session.remove()

    # The main thread must hold no transaction (on SQLite it would block every writer).
    _db.session.commit()
    _db.session.close()
    threads = [threading.Thread(target=worker, args=(i, job)) for i, job in enumerate(jobs)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=180)
    assert not any(thread.is_alive() for thread in threads), "a worker hung"
    return results


def issue_job(meeting_id):
    def job():
        meeting = issue_notice(meeting_id, accept_warnings=True)
        return [item.case_seq for item in meeting.items]
    return job


def create_case_job(title, year):
    def job():
        return create_case(title, year=year).file_seq
    return job


def test_concurrent_issues_and_case_registrations_give_unique_gap_free_numbers(app, db):
    meeting_ids, case_items = [], 0
    for k in range(24):
        meeting = create_meeting(council("NUIT"), date(2022, 1 + k // 3, 1 + k % 28), time(9, 0))
        add_item(meeting, "Godkjenning av innkalling og dagsorden", item_type="Godkjenning", case_year=2022)
        add_break(meeting, "Pause", duration=10)
        add_item(meeting, f"Sak {k}", item_type="Drøfting", duration=30, case_year=2022)
        case_items += 2
        if k % 2:
            add_item(meeting, "Eventuelt", case_year=2022)
            case_items += 1
        meeting_ids.append(meeting.id)
    db.session.commit()
    files_before = len(file_seqs(2022))
    assert files_before == case_items

    jobs = [issue_job(mid) for mid in meeting_ids]
    jobs += [create_case_job(f"Ny sak {k}", 2022) for k in range(8)]
    jobs += [create_case_job(f"Sak for neste år {k}", 2031) for k in range(8)]  # counter is new
    results = run_together(app, jobs)

    assert [status for status, _ in results] == ["ok"] * len(jobs), results
    assert council_seqs("NUIT", 2022) == list(range(1, case_items + 1))
    assert file_seqs(2022) == list(range(1, files_before + 8 + 1))
    assert file_seqs(2031) == list(range(1, 8 + 1))

    for mid, (_, returned) in zip(meeting_ids, results, strict=False):
        meeting = db.session.get(Meeting, mid)
        assert meeting.status == MeetingStatus.ISSUED
        numbers = seqs(meeting)
        assert numbers == returned  # what the secretary was shown is what was stored
        assert numbers[1] is None  # the break
        case_numbers = [n for n in numbers if n is not None]
        # One notice takes one unbroken block: its items are numbered consecutively.
        assert case_numbers == list(range(case_numbers[0], case_numbers[0] + len(case_numbers)))

    # The next allocation continues right after the last one.
    late = add_case_item(db.session.get(Meeting, meeting_ids[0]), "Sen sak")
    assert late.case_seq == case_items + 1


def test_two_secretaries_issuing_the_same_meeting_get_one_issue_and_one_refusal(app, db):
    meeting_ids = []
    for k in range(6):
        meeting = meeting_with_cases("NUIT", date(2022, 2, 1 + k), STANDARD)
        meeting_ids.append(meeting.id)
    db.session.commit()

    # Two threads per meeting, twelve in all, released together.
    jobs = [issue_job(mid) for mid in meeting_ids for _twice in range(2)]
    results = run_together(app, jobs)

    assert not [r for r in results if r[0] == "error"], results
    for k, mid in enumerate(meeting_ids):
        pair = sorted(status for status, _ in results[2 * k:2 * k + 2])
        assert pair == ["ok", "refused"], (mid, results[2 * k:2 * k + 2])
    assert council_seqs("NUIT", 2022) == list(range(1, 6 * 3 + 1))  # 18 numbers, none doubled
    for mid in meeting_ids:
        assert db.session.get(Meeting, mid).status == MeetingStatus.ISSUED


def test_concurrent_meeting_creation_gives_gap_free_meeting_numbers(app, db):
    nufa_id = council("NUFA").id
    db.session.commit()

    def create_job(k):
        def job():
            nufa = _db.session.get(Council, nufa_id)
            return create_meeting(nufa, date(2022, 1 + k // 2, 1 + k), time(9, 0)).number
        return job

    results = run_together(app, [create_job(k) for k in range(20)])

    assert [status for status, _ in results] == ["ok"] * 20, results
    assert sorted(number for _, number in results) == list(range(1, 21))
    stored = db.session.scalars(select(Meeting.number).where(Meeting.council_id == nufa_id)).all()
    assert sorted(stored) == list(range(1, 21))
