"""The meeting cycle through the service layer: hold NUIT 3/22, record every item, follow-up
actions, carry-over into NUIT 4/22, the minutes workflow and approval at 4/22."""
from datetime import date, time

import pytest
import time_machine

from app.extensions import db
from app.models import (
    ActionStatus,
    AttendanceStatus,
    Council,
    ItemOutcome,
    ItemStatus,
    MinutesStatus,
    OutboxMessage,
    Person,
)
from app.services import ServiceError
from app.services.planning import case_queue, meetings
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import attendance, followup, minutes, recording
from app.services.proceedings.meeting_setup import create_meeting_with_agenda
from app.services.proceedings.minutes import NeedsConfirmation

CARRY_OVER_TITLE = "Oppfølgingspunkter fra tidligere møter"  # the agenda item, as the reader sees it


def _nuit(number):
    council = db.session.query(Council).filter_by(code="NUIT").one()
    return council, meeting_by_number(council, 2022, number)


@pytest.fixture
def held_3_22(demo):
    with time_machine.travel(date(2022, 5, 19), tick=False):
        council, meeting = _nuit(3)
        for n, membership in enumerate(council.memberships):
            membership.person.email = f"medlem{n}@example.no"
        attendance.prefill(meeting)
        items = [i for i in meeting.items if i.is_case]
        for item in items:
            if item.status == ItemStatus.POSTPONED:
                continue
            recording.record_item(item, item.version, outcome=ItemOutcome.DECIDED,
                                  decision_body=recording.initial_decision(item),
                                  discussion=f"Drøfting av {item.title}.")
        recording.mark_held(meeting)
        db.session.commit()
    return council, meeting


def test_prefill_lists_every_member_and_observer_with_the_leader_chairing(held_3_22):
    council, meeting = held_3_22
    groups = attendance.grouped(meeting)
    assert len(groups["present"]) + len(groups["observers"]) == 18
    assert meeting.chair is not None


def test_forfall_reported_in_advance_is_kept_when_the_form_is_prefilled(demo):
    council, meeting = _nuit(3)
    person = meeting.council.memberships[0].person
    attendance.report_absence(meeting, person, "Sykdom")
    attendance.prefill(meeting)
    row = next(a for a in meeting.attendance if a.person_id == person.id)
    assert (row.status, row.absence_reason, row.reported_in_advance) == (
        AttendanceStatus.ABSENT, "Sykdom", True)


def test_cycle_carry_over_and_approval(held_3_22):
    council, meeting = held_3_22
    item = next(i for i in meeting.items if i.is_case and i.item_type == "Drøfting")
    with time_machine.travel(date(2022, 5, 20), tick=False):
        a1 = followup.create_action(item, "Oppdatert veikart publiseres",
                                    organisation=item.presenting_organisation or None,
                                    person=db.session.query(Person).first(), due_date=date(2022, 9, 1))
        with pytest.raises(NeedsConfirmation):
            followup.create_action(item, "For sent", person=a1.responsible_person,
                                   due_date=date(2022, 5, 1))
        db.session.commit()
        m = minutes.minutes_for(meeting)
        minutes.send_for_comments(m, date(2022, 6, 1))
        db.session.commit()
    assert m.status == MinutesStatus.COMMENTS
    assert db.session.query(OutboxMessage).filter_by(kind="minutes_comments").count() > 0
    # NUIT 4/22 gets the carry-over item and the minutes-approval item; 30/22 waits in its queue.
    next_meeting = create_meeting_with_agenda(council, date(2022, 9, 14), time(9, 0))
    titles = [i.title for i in next_meeting.items]
    assert CARRY_OVER_TITLE in titles
    assert any(t.startswith("Godkjenning av referat fra NUIT 19. mai 2022") for t in titles), titles
    queued = case_queue.queue_for(next_meeting)
    assert [e.case.title for e in queued] == [
        next(i for i in meeting.items if i.status == ItemStatus.POSTPONED).title]
    approval_item = next(i for i in next_meeting.items if i.title.startswith("Godkjenning av referat"))
    assert approval_item in minutes.approval_items(m)
    with time_machine.travel(date(2022, 9, 14), tick=False):
        minutes.approve(m, item=approval_item)
        db.session.commit()
    assert m.locked and meeting.minutes_approved_by_item_id == approval_item.id
    with pytest.raises(ServiceError, match="godkjent"):
        recording.record_item(item, None, outcome=ItemOutcome.DECIDED, decision_body=None)
    followup.update_action(a1, status=ActionStatus.DONE)


def test_sent_on_puts_the_case_in_the_other_councils_queue(held_3_22):
    council, meeting = held_3_22
    from app.services.registry import councils
    nehr = councils.upsert_council("NEHR", "Nasjonalt e-helseråd")
    item = next(i for i in meeting.items if i.is_case and i.item_type == "Anbefaling")
    recording.record_item(item, None, outcome=ItemOutcome.SENT_ON,
                          decision_body=item.decision_body, sent_on_to=nehr)
    db.session.commit()
    waiting = case_queue.waiting_for(item.case_id)
    assert [(e.council.code, e.reason) for e in waiting] == [("NEHR", "sent_on")]
    nehr_meeting = create_meeting_with_agenda(nehr, date(2022, 10, 1), time(10, 0))
    placed = meetings.place_from_queue(case_queue.queue_for(nehr_meeting)[0], nehr_meeting)
    assert [t.meeting.council.code for t in case_queue.treatments(item.case_id)] == ["NUIT", "NEHR"]
    assert placed.case_id == item.case_id and not case_queue.waiting_for(item.case_id)


def test_members_comment_until_the_deadline_and_approval_waits_for_the_meeting_day(held_3_22):
    from app.services.registry.users import create_user

    council, meeting = held_3_22
    member = create_user("medlem@example.no", "riktig-passord-123", [])
    member.person = council.memberships[1].person
    record = minutes.minutes_for(meeting)
    with time_machine.travel(date(2022, 5, 25), tick=False):
        minutes.send_for_comments(record, date(2022, 6, 2))
        next_meeting = create_meeting_with_agenda(council, date(2022, 9, 14), time(9, 0))
        approval_item = next(i for i in next_meeting.items if i.title.startswith("Godkjenning av referat"))
        with pytest.raises(ServiceError, match="godkjennes i møtet 14. september 2022"):
            minutes.approve(record, item=approval_item)
    with time_machine.travel(date(2022, 6, 2), tick=False):
        minutes.add_comment(record, member, "Siste dag for kommentarer.")
    with time_machine.travel(date(2022, 6, 3), tick=False):
        with pytest.raises(ServiceError, match="Fristen for kommentarer gikk ut 2. juni 2022"):
            minutes.add_comment(record, member, "For sent.")
    assert [c.text for c in record.comments] == ["Siste dag for kommentarer."]


def test_postponed_items_need_no_outcome_and_come_back_with_a_usable_duration(demo):
    council, meeting = _nuit(3)
    postponed = next(i for i in meeting.items if i.status == ItemStatus.POSTPONED)
    assert postponed not in recording.unrecorded_items(meeting)
    september = create_meeting_with_agenda(council, date(2022, 9, 14), time(9, 0))
    placed = meetings.place_from_queue(case_queue.queue_for(september)[0], september)
    assert placed.case_id == postponed.case_id and placed.duration_minutes == 30


def test_the_overview_sorted_by_council_follows_the_council_codes(demo):
    from app.services.proceedings.followup import ActionFilter, visible_actions
    from app.services.registry import councils
    from tests.factories import make_meeting

    zulu = councils.upsert_council("AAA", "Et utvalg som sorteres først")  # created last, sorts first
    council, meeting = _nuit(3)
    nuit_item = next(i for i in meeting.items if i.is_case)
    other = make_meeting(zulu, day=date(2022, 6, 1), cases=1)
    org = nuit_item.presenting_organisation or councils.upsert_organisation("Direktoratet for e-helse")
    followup.create_action(nuit_item, "NUIT-punkt", organisation=org, due_date=date(2030, 1, 1))
    followup.create_action(other.items[0], "AAA-punkt", organisation=org, due_date=date(2031, 1, 1))
    rows = visible_actions(None, ActionFilter(order="council"))
    assert [a.council.code for a in rows] == ["AAA", "NUIT"]


def test_a_case_is_postponed_only_to_a_meeting_of_its_own_council(demo):
    """The service refuses it whoever calls (the page, the CLI, an import): postponed to another
    council's meeting, the case would show up on that council's agenda."""
    _council, meeting = _nuit(3)
    nufa = db.session.query(Council).filter_by(code="NUFA").one()
    with time_machine.travel(date(2022, 5, 1), tick=False):
        other = meetings.create_meeting(nufa, date(2022, 9, 1), time(9, 0))
        cancelled = meetings.create_meeting(meeting.council, date(2022, 10, 1), time(9, 0))
        meetings.cancel_meeting(cancelled, "Ingen saker.")
        db.session.flush()
    item = next(i for i in meeting.items if i.is_case and i.status != ItemStatus.POSTPONED)
    with pytest.raises(ServiceError) as refused:
        meetings.postpone_item(item, to_meeting=other)
    assert str(refused.value) == "Saken kan bare utsettes til et møte i samme utvalg."
    with pytest.raises(ServiceError) as refused:
        meetings.postpone_item(item, to_meeting=cancelled)
    assert str(refused.value) == f"Møtet {cancelled.label} er avlyst; velg et annet møte."
    assert item.status != ItemStatus.POSTPONED
