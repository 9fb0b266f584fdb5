"""The meeting cycle of the demo (data/cycle.yaml): NUIT 1/22 and 2/22 held and recorded with
follow-up actions and their minutes approved by 3/22's item 17/22; NUIT 3/22 held with its minutes
sent to the members for comments; NUIT 4/22 planned with the carry-over items and 30/22 waiting in
its queue. Everything goes through the services, as the pages would do it."""
from datetime import date, datetime, time, timedelta

import yaml
from sqlalchemy import select

from app.extensions import db
from app.models import (
    AgendaItem,
    AttendanceRole,
    Council,
    ItemOutcome,
    ItemStatus,
    ItemType,
    Minutes,
    Organisation,
)
from app.services.core import clock
from app.services.core.records import assign
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import attendance, followup, minutes, recording
from app.services.proceedings.meeting_setup import create_meeting_with_agenda
from app.services.registry.councils import person_by_name, upsert_person


def load_cycle(path) -> bool:
    """Apply the cycle once; returns False when it is already in place."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    council = db.session.scalar(select(Council).where(Council.code == data["council"]))
    first = meeting_by_number(council, 2022, data["held"][0]["meeting"])
    if db.session.scalar(select(Minutes).where(Minutes.meeting_id == first.id)) is not None:
        return False
    for entry in data["held"]:
        _record(council, entry)
    _approve(council, data["approved_by"])
    _send_for_comments(council, data["comments"])
    nxt = data["next_meeting"]
    hours, minutes_ = (int(part) for part in nxt["start"].split(":"))
    create_meeting_with_agenda(council, nxt["date"], time(hours, minutes_))
    return True


def _item(council: Council, number: str) -> AgendaItem:
    seq, yy = (int(part) for part in number.split("/"))
    return db.session.scalar(select(AgendaItem).where(
        AgendaItem.council_id == council.id, AgendaItem.case_seq == seq,
        AgendaItem.case_year == 2000 + yy))


def _record(council: Council, entry: dict) -> None:
    meeting = meeting_by_number(council, 2022, entry["meeting"])
    attendance.prefill(meeting)
    _attendance(council, meeting, entry)
    discussions = entry.get("discussion", {})
    for item in sorted(meeting.items, key=lambda i: i.position):
        if not item.is_case or item.status == ItemStatus.WITHDRAWN:
            continue
        if item.status == ItemStatus.POSTPONED:
            recording.record_item(item, outcome=ItemOutcome.POSTPONED, decision_body=None,
                                  postponed_to=item.postponed_to_date)
            continue
        number = f"{item.case_seq}/{item.case_year % 100:02d}"
        outcome = (ItemOutcome.INFORMATION if item.item_type == ItemType.INFORMATION
                   else ItemOutcome.DECIDED)
        recording.record_item(item, outcome=outcome, decision_body=recording.initial_decision(item),
                              discussion=discussions.get(number))
    for action in entry.get("actions", []):
        _action(council, action)
    end = entry.get("end")
    recording.mark_held(meeting, time(*(int(part) for part in end.split(":"))) if end else None)


def _attendance(council: Council, meeting, entry: dict) -> None:
    """Forfall with a substitute, the secretariat by name and the referent (invented names for
    the secretariat's staff and the substitute; the members are the seed's)."""
    for spec in entry.get("forfall", []):
        member = person_by_name(spec["member"])
        attendance.report_absence(meeting, member, spec.get("reason"))
        if spec.get("substitute"):
            attendance.add_attendee(meeting, AttendanceRole.SUBSTITUTE, name=spec["substitute"],
                                    substitute_for=member)
    staff = []
    for name in entry.get("secretariat", []):
        person = person_by_name(name) or upsert_person(name, title="Seniorrådgiver",
                                                           organisation=council.secretariat)
        attendance.add_attendee(meeting, AttendanceRole.SECRETARIAT, person=person)
        staff.append(person)
    if not staff and council.secretariat is not None:
        attendance.add_attendee(meeting, AttendanceRole.SECRETARIAT,
                                name=f"{council.secretariat.name} (sekretariatet)")
    if entry.get("referent"):
        attendance.set_roles(meeting, chair=meeting.chair, minute_taker=person_by_name(entry["referent"]))


def _due(value) -> date:
    if isinstance(value, str) and value.startswith("+") and value.endswith("d"):
        return clock.today() + timedelta(days=int(value[1:-1]))
    return value


def _action(council: Council, spec: dict) -> None:
    organisation = db.session.scalar(select(Organisation).where(
        Organisation.name == spec["organisation"]))
    action = followup.create_action(
        _item(council, spec["case"]), spec["description"], organisation=organisation,
        due_date=_due(spec["due"]), due_label=spec.get("due_label"), accept_past_due=True)
    for note in spec.get("notes", []):
        followup.add_note(action, note, author="Sekretariatet")
    fields = {"status": spec.get("status", "open")}
    if spec.get("reported_in"):
        fields["reported_item"] = _item(council, spec["reported_in"])
    followup.update_action(action, **fields)


def _approve(council: Council, spec: dict) -> None:
    item = _item(council, spec["item"])
    approved_at = datetime.combine(item.meeting.date, time(12, 0), tzinfo=clock.OSLO)
    for number in spec["meetings"]:
        meeting = meeting_by_number(council, 2022, number)
        record = minutes.minutes_for(meeting)
        minutes.approve(record, item=item)
        assign(record.versions[-1], created_at=approved_at)  # dated the day it happened
        if spec.get("published"):
            minutes.publish(record)
            assign(record, published_at=datetime.combine(spec["published"], time(12, 0),
                                                         tzinfo=clock.OSLO))


def _send_for_comments(council: Council, spec: dict) -> None:
    """Sent on the historic date with the historic deadline (the service refuses a deadline in
    the past, so the dates are set after sending)."""
    meeting = meeting_by_number(council, 2022, spec["meeting"])
    record = minutes.minutes_for(meeting)
    minutes.send_for_comments(record, clock.today())
    sent = datetime.combine(spec["sent"], time(12, 0), tzinfo=clock.OSLO)
    assign(record, comment_deadline=spec["deadline"], sent_for_comments_at=sent)
    assign(record.versions[-1], created_at=sent)
