"""What a new meeting starts with (DOMAIN.md §5): "Godkjenning av innkalling og dagsorden",
"Godkjenning av referat fra {council} {dates}" naming every set of minutes not yet approved, and
"Eventuelt"; and, when the council has open follow-up actions, an "Oppfølgingspunkter" item
listing them (the secretariat may drop it)."""
from datetime import date, time

from sqlalchemy import select

from app.extensions import db
from app.formatting import join_names, long_date
from app.models import Council, ItemPurpose, ItemType, Meeting, MeetingKind, MeetingStatus, MembershipRole
from app.services.planning import meetings
from app.services.proceedings import followup

CARRY_OVER_TITLE = "Oppfølgingspunkter fra tidligere møter"


def purpose_from_title(title: str) -> str:
    """The purpose of a case item in a file written before items carried one, read from the
    standard titles (the same rules migration 0007 filled the column with)."""
    text = title.strip().lower()
    if text == "eventuelt":
        return ItemPurpose.ANY_OTHER_BUSINESS
    if text.startswith("godkjenning av referat"):
        return ItemPurpose.APPROVE_MINUTES
    if text.startswith("godkjenning av innkalling"):
        return ItemPurpose.APPROVE_NOTICE
    if text == CARRY_OVER_TITLE.lower():
        return ItemPurpose.FOLLOW_UP
    return ItemPurpose.CASE


def unapproved_minutes(council: Council, before: date) -> list[Meeting]:
    """Meetings of the council before the date that were held (or issued, and their day has
    passed) and whose minutes no item has approved yet."""
    return db.session.scalars(select(Meeting).where(
        Meeting.council_id == council.id,
        Meeting.status.in_([MeetingStatus.HELD, MeetingStatus.ISSUED]),
        Meeting.date < before, Meeting.minutes_approved_by_item_id.is_(None),
    ).order_by(Meeting.date)).all()


def minutes_phrase(council: Council, held: list[Meeting]) -> str:
    """'NUIT 17. februar og ekstramøtet 8. april 2022' (the year once when all share it)."""
    same_year = len({m.date.year for m in held}) == 1
    parts = [("ekstramøtet " if m.kind == MeetingKind.EXTRAORDINARY else "")
             + long_date(m.date, with_year=not same_year) for m in held]
    text = f"{council.code} {join_names(parts)}"
    return f"{text} {held[-1].date.year}" if same_year else text


def chair_presenter(council: Council, day: date) -> dict:
    """The standard items are presented by the council's leader, for the leader's organisation
    (seed 002: "Mariann Hornnes" for 16/22, 17/22 and 31/22); nothing when there is no leader."""
    leader = next((m for m in council.memberships
                   if m.role == MembershipRole.LEADER and m.active_on(day)), None)
    if leader is None:
        return {}
    return {"presenters": [leader.person.name],
            "organisation": leader.organisation or leader.person.organisation}


def create_meeting_with_agenda(council: Council, day: date, start: time, **kwargs) -> Meeting:
    meeting = meetings.create_meeting(council, day, start, **kwargs)
    code = council.code
    by_chair = chair_presenter(council, day)
    meetings.add_case_item(meeting, "Godkjenning av innkalling og dagsorden", **by_chair,
                           purpose=ItemPurpose.APPROVE_NOTICE, item_type=ItemType.APPROVAL, duration=2,
                           proposal_heading="Forslag til vedtak",
                           proposal_body={"text": f"{code} godkjenner innkalling og dagsorden."})
    held = unapproved_minutes(council, day)
    if held:
        phrase = minutes_phrase(council, held)
        meetings.add_case_item(meeting, f"Godkjenning av referat fra {phrase}", **by_chair,
                               purpose=ItemPurpose.APPROVE_MINUTES, item_type=ItemType.APPROVAL, duration=3,
                               proposal_heading="Forslag til vedtak",
                               proposal_body={"text": f"{code} godkjenner referatet fra {phrase}."})
    open_actions = followup.open_actions(council.id)
    if open_actions:
        meetings.add_case_item(meeting, CARRY_OVER_TITLE, **by_chair, purpose=ItemPurpose.FOLLOW_UP,
                               item_type=ItemType.INFORMATION, duration=5,
                               subitems=followup.carry_over_text(open_actions),
                               proposal_heading="Forslag til vedtak",
                               proposal_body={"text": f"{code} tar oppfølgingspunktene til orientering."})
    meetings.add_case_item(meeting, "Eventuelt", **by_chair, purpose=ItemPurpose.ANY_OTHER_BUSINESS,
                           duration=5)
    return meeting
