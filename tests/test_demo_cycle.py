"""The demo shows the whole cycle (issue 4): held meetings with decisions and follow-up actions,
minutes approved at a later meeting, minutes out for comments, and the next meeting planned with
the carry-over items and the postponed case waiting in its queue."""
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import Council, FollowUpAction, ItemKind, MinutesStatus
from app.services.core import clock
from app.services.planning import case_queue
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import minutes

CARRY_OVER_TITLE = "Oppfølgingspunkter fra tidligere møter"  # the agenda item, as the reader sees it


def _nuit(number):
    council = db.session.scalar(select(Council).where(Council.code == "NUIT"))
    return meeting_by_number(council, 2022, number)


def test_1_22_and_2_22_are_recorded_approved_by_17_22_and_published(demo_full):
    approving = next(i for i in _nuit(3).items if i.case_seq == 17)
    for number in (1, 2):
        meeting = _nuit(number)
        cases = [i for i in meeting.items if i.kind == ItemKind.CASE]
        assert all(i.outcome for i in cases), [i.title for i in cases if not i.outcome]
        assert all(i.decision_body for i in cases if i.title != "Eventuelt")
        assert meeting.minutes.status == MinutesStatus.PUBLISHED  # public since 23 May 2022
        assert meeting.minutes_approved_by_item_id == approving.id
        assert minutes.approval_text(meeting.minutes) == "Godkjent i møte 3/22, sak 17/22"
        assert len(meeting.attendance) >= 18 and meeting.chair.name == "Mariann Hornnes"


def test_follow_up_actions_include_an_open_one_and_an_overdue_one(demo_full):
    actions = db.session.scalars(select(FollowUpAction)).all()
    today = clock.today()
    early = [a for a in actions if a.item.meeting.number in (1, 2)]
    assert len(early) == 3
    assert any(a.is_open and not a.is_overdue(today) for a in early)
    assert any(a.is_overdue(today) for a in early)
    done = next(a for a in early if a.status == "done")
    assert done.reported_item.case_seq == 21 and done.notes


def test_3_22_minutes_are_out_for_comments_and_4_22_is_planned_with_the_carry_over(demo_full):
    record = _nuit(3).minutes
    assert record.status == MinutesStatus.COMMENTS
    assert all(i.outcome for i in _nuit(3).items if i.kind == ItemKind.CASE)
    assert next(i for i in _nuit(3).items if i.case_seq == 30).outcome == "postponed"
    assert record.comment_deadline == date(2022, 6, 2)
    september = _nuit(4)
    assert (september.date, september.status) == (date(2022, 9, 14), "planned")
    titles = [i.title for i in sorted(september.items, key=lambda i: i.position)]
    assert titles == ["Godkjenning av innkalling og dagsorden",
                      "Godkjenning av referat fra NUIT 19. mai 2022", CARRY_OVER_TITLE, "Eventuelt"]
    carry = next(i for i in september.items if i.title == CARRY_OVER_TITLE)
    assert any("Oppdatert veikart med innspill fra møtet publiseres i etterkant" in line
               for line in carry.subitems)
    assert not any("Veikart versjon 22.1" in line for line in carry.subitems)  # done: not carried
    queued = case_queue.queue_for(september)
    assert [(e.case.title, e.from_item.case_seq) for e in queued] == [
        ("Samarbeidsmodell for bruk av internasjonale standarder i helse- og omsorgssektoren", 30)]


def test_the_standard_items_are_presented_by_the_leader_so_4_22_can_be_issued(demo_full):
    from app.services.planning.notice import notice_problems

    september = _nuit(4)
    assert {tuple(p.display_name for p in i.presenters) for i in september.items} == {
        ("Mariann Hornnes",)}
    assert notice_problems(september)[0] == []  # no errors block the notice
