"""Cases: related cases, exempt rules, and postponed items finding their target meeting."""
from datetime import date, time

import pytest

from app.extensions import db
from app.services import ServiceError
from app.services.casework.cases import create_case, link_cases, related_cases
from app.services.planning import meetings, notice
from tests.factories import add_item, make_council


def test_related_cases_are_linked_both_ways_once(app):
    nufa_case = create_case("Samarbeidsmodell for internasjonale standarder", year=2022)
    nuit_case = create_case("Standardisering – videre arbeid", year=2022)
    link_cases(nufa_case, nuit_case)
    link_cases(nuit_case, nufa_case)  # asking again changes nothing
    db.session.commit()
    assert related_cases(nufa_case) == [nuit_case]
    assert related_cases(nuit_case) == [nufa_case]
    with pytest.raises(ServiceError, match="seg selv"):
        link_cases(nufa_case, nufa_case)


def test_exempt_case_needs_a_legal_basis(app):
    with pytest.raises(ServiceError, match="hjemmel"):
        create_case("Tilbudsevaluering", year=2022, exempt=True)
    case = create_case("Tilbudsevaluering", year=2022, exempt=True, legal_basis="offl. § 23",
                       public_title="Anskaffelse")
    assert (case.exempt, case.legal_basis, case.public_title) == (True, "offl. § 23", "Anskaffelse")


def test_postponed_item_points_at_the_meeting_once_it_is_created(app):
    council = make_council()
    may = meetings.create_meeting(council, date(2022, 5, 19), time(8, 30))
    item = add_item(may, "Samarbeidsmodell for bruk av internasjonale standarder")
    notice.issue_notice(may.id, accept_warnings=True)
    meetings.postpone_item(item, to_date=date(2022, 9, 14))
    db.session.commit()
    assert item.postponed_to_meeting is None
    september = meetings.create_meeting(council, date(2022, 9, 14), time(9, 0))
    db.session.commit()
    assert item.postponed_to_meeting == september
    assert item.case_seq == 1  # keeps its number in May


def test_postponing_to_an_earlier_date_is_refused(app):
    council = make_council()
    meeting = meetings.create_meeting(council, date(2022, 5, 19), time(8, 30))
    item = meetings.add_case_item(meeting, "Sak")
    with pytest.raises(ServiceError, match="senere møte"):
        meetings.postpone_item(item, to_date=date(2022, 5, 1))
    assert item.status == "planned"


def test_item_brought_back_after_withdrawal_gets_the_next_free_number(app):
    council = make_council()
    meeting = meetings.create_meeting(council, date(2022, 5, 19), time(8, 30))
    first = add_item(meeting, "Godkjenning av innkalling og dagsorden")
    withdrawn = add_item(meeting, "Sak som ble trukket")
    meetings.withdraw_item(withdrawn)
    notice.issue_notice(meeting.id, accept_warnings=True)
    assert (first.case_seq, withdrawn.case_seq) == (1, None)
    meetings.set_status(withdrawn, "planned")
    db.session.commit()
    assert withdrawn.case_seq == 2


def test_postponed_item_set_back_to_planned_forgets_its_target(app):
    council = make_council()
    may = meetings.create_meeting(council, date(2022, 5, 19), time(8, 30))
    september = meetings.create_meeting(council, date(2022, 9, 14), time(9, 0))
    item = meetings.add_case_item(may, "Samarbeidsmodell")
    meetings.postpone_item(item, to_date=date(2022, 9, 14))
    assert item.postponed_to_meeting == september  # found by its date
    meetings.set_status(item, "planned")
    db.session.commit()
    assert (item.postponed_to_date, item.postponed_to_meeting) == (None, None)
