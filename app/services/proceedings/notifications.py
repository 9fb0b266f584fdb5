"""The e-mails the system sends, all through the outbox (app/services/core/mail.py).

Messages name meetings and link to pages; they never carry case titles, document names or case
texts, and what they say of a follow-up action is what app/disclosure.py gives the public, so
exempt material cannot leave by e-mail (the linked page checks access as always).
"""
from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app import authz, disclosure
from app.extensions import db
from app.formatting import long_date
from app.models import (
    OPEN_STATUSES,
    AgendaItem,
    AttendanceRole,
    FollowUpAction,
    Meeting,
    Minutes,
    Person,
)
from app.services.core import clock, mail
from app.services.core.mail import external_url

DUE_SOON_DAYS = 7


@dataclass(frozen=True)
class Reach:
    """Who a message to a council's members reached: everyone with an e-mail address got it."""

    council_code: str
    notified: list[str]
    without_address: list[str]

    @property
    def total(self) -> int:
        return len(self.notified) + len(self.without_address)


def _council_people(meeting: Meeting) -> list[Person]:
    """Members and observers of the council on the meeting day, each once, leader first."""
    from app.services.proceedings.attendance import council_seats

    return list({m.person.id: m.person for m in council_seats(meeting)}.values())


def reach(meeting: Meeting, people: list[Person] | None = None) -> Reach:
    """Who a message to the meeting's council reaches, and who has no address to reach."""
    people = _council_people(meeting) if people is None else people
    return Reach(meeting.council.code, [p.name for p in people if p.email],
                 sorted(p.name for p in people if not p.email))


def _meeting_name(meeting: Meeting) -> str:
    return f"{meeting.council.code} {meeting.label.lower()} {long_date(meeting.date)}"


def _meeting_link(meeting: Meeting) -> str:
    return external_url("main.meeting", code=meeting.council.code, year=meeting.year,
                        number=meeting.number)


def _substitutes(meeting: Meeting, people: list[Person]) -> list[Person]:
    """The registered varamedlemmer named for a member with forfall (by the member or the
    secretariat) who are not among ``people``: they are called to the meeting too."""
    known = {p.id for p in people}
    found = {a.person.id: a.person for a in meeting.attendance
             if a.role == AttendanceRole.SUBSTITUTE and a.person is not None and a.person.id not in known}
    return list(found.values())


def _to_members(meeting: Meeting, kind: str, subject: str, body: str,
                with_substitutes: bool = False) -> Reach:
    people = _council_people(meeting)
    if with_substitutes:
        people += _substitutes(meeting, people)
    for person in (p for p in people if p.email):
        mail.queue(person.email, subject, f"Til {person.name}\n\n{body}\n\nHilsen sekretariatet\n",
                   kind)
    return reach(meeting, people)


def on_notice_issued(meeting: Meeting) -> None:
    notice_issued(meeting)


def notice_issued(meeting: Meeting) -> Reach:
    when = f"{long_date(meeting.date)} kl. {meeting.start_time.strftime('%H.%M')}"
    place = f", {meeting.location}" if meeting.location else ""
    return _to_members(
        meeting, "notice_issued", f"Innkalling: {_meeting_name(meeting)}",
        f"Du er innkalt til {meeting.council.code} {meeting.label.lower()} {when}{place}.\n\n"
        f"Innkalling, dagsorden og sakspapirer: {_meeting_link(meeting)}{_inputs_asked(meeting)}",
        with_substitutes=True)


def _inputs_asked(meeting: Meeting) -> str:
    """The notice's line on the items where the secretariat asks for input, by number."""
    from app.services.planning.agenda import item_number

    fmt = meeting.council.case_number_format
    asked = [f"sak {item_number(i, fmt)} (frist {long_date(i.input_deadline)})"
             for i in sorted(meeting.items, key=lambda i: i.position)
             if i.input_requested and i.input_deadline and item_number(i, fmt)]
    if not asked:
        return ""
    listed = asked[0] if len(asked) == 1 else ", ".join(asked[:-1]) + " og " + asked[-1]
    return f"\n\nSekretariatet ber om innspill til {listed}. Gi innspill fra sakens side i dagsordenen."


def input_requested(item: AgendaItem) -> Reach:
    """The secretariat asks for input (innspill) on an item of an issued meeting: its number, the
    meeting and the deadline, and a link to the input page (never the title)."""
    from app.services.planning.agenda import item_number

    meeting = item.meeting
    number = item_number(item, meeting.council.case_number_format)
    what = f"sak {number}" if number else "en sak"
    link = external_url("inputs.edit", code=meeting.council.code, year=meeting.year,
                        number=meeting.number, item_id=item.id)
    return _to_members(
        meeting, "input_requested", f"Innspill ønskes: {_meeting_name(meeting)}",
        f"Sekretariatet ber om innspill til {what} på {_meeting_name(meeting)}, innen "
        f"{long_date(item.input_deadline)}.\n\nSe saken og gi innspill: {link}")


def papers_updated(meeting: Meeting) -> Reach:
    return _to_members(
        meeting, "papers_updated", f"Oppdaterte sakspapirer: {_meeting_name(meeting)}",
        f"Sakspapirene til {_meeting_name(meeting)} er oppdatert etter at innkallingen ble sendt. "
        f"Endrede saker er merket «oppdatert».\n\n{_meeting_link(meeting)}", with_substitutes=True)


def minutes_sent_for_comments(minutes: Minutes) -> Reach:
    meeting = minutes.meeting
    link = external_url("minutes.show", meeting_id=meeting.id)
    return _to_members(
        meeting, "minutes_comments", f"Referat til kommentar: {_meeting_name(meeting)}",
        f"Utkast til referat fra {_meeting_name(meeting)} er klart. Kommenter innen "
        f"{long_date(minutes.comment_deadline)}.\n\n{link}")


def minutes_approved(minutes: Minutes) -> Reach:
    from app.services.proceedings.minutes_lock import approval_text

    meeting = minutes.meeting
    link = external_url("minutes.show", meeting_id=meeting.id)
    return _to_members(
        meeting, "minutes_approved", f"Referat godkjent: {_meeting_name(meeting)}",
        f"Referatet fra {_meeting_name(meeting)} er godkjent ({approval_text(minutes)}).\n\n{link}")


def _due_in(days: timedelta) -> str:
    if days.days == 0:
        return "Frist i dag"
    if days.days == 1:
        return "Frist i morgen"
    return f"Frist om {days.days} dager"


def scan_reminders() -> int:
    """The daily job: a reminder 7 days before an open action's due date and one when it is
    overdue, to the responsible person. Keyed by action, kind and due date, so a reminder is
    queued once however often (or in however many processes) the scan runs."""
    today = clock.today()
    actions = db.session.scalars(
        select(FollowUpAction).where(FollowUpAction.status.in_(OPEN_STATUSES),
                                     FollowUpAction.responsible_person_id.is_not(None),
                                     FollowUpAction.due_date <= today + timedelta(days=DUE_SOON_DAYS))
        .options(joinedload(FollowUpAction.responsible_person), joinedload(FollowUpAction.council),
                 joinedload(FollowUpAction.item).joinedload(AgendaItem.case))
        .order_by(FollowUpAction.id)).all()
    queued = 0
    for action in actions:
        person = action.responsible_person
        if not person.email:
            continue
        overdue = action.due_date < today
        kind = "followup_overdue" if overdue else "followup_due_soon"
        link = external_url("followup.show", action_id=action.id)
        # The addressee sees what the responsible person sees on the action's page: what to do
        # and by when; nothing of the case (its title is in neither the subject nor the body).
        shown = disclosure.action_view(action, authz.PersonReader(person))
        if overdue:
            subject = f"Forfalt oppfølgingspunkt i {action.council.code}"
            lead = f"Fristen gikk ut {long_date(action.due_date)}."
        else:
            subject = f"{_due_in(action.due_date - today)}: oppfølgingspunkt i {action.council.code}"
            label = f" («{action.due_label}»)" if action.due_label and shown.visible else ""
            lead = f"Fristen er {long_date(action.due_date)}{label}."
        what = f"\n\n«{action.description}»" if shown.visible else ""
        body = (f"Til {person.name}\n\nDu er ansvarlig for et oppfølgingspunkt i "
                f"{action.council.code}. {lead}{what}\n\nSe og oppdater punktet: {link}\n")
        key = f"{kind}:{action.id}:{action.due_date.isoformat()}"
        if mail.queue(person.email, subject, body, kind, dedupe_key=key) is not None:
            queued += 1
    db.session.commit()
    return queued
