"""The minutes workflow (DOMAIN.md §7): draft → sent to the members for comments → approved (by a
"Godkjenning av referat" item at a later meeting, or by circulation) → published.

Approved minutes are read-only: every service that changes what the minutes show asks
``check_minutes_editable`` first. A correction is a new version with a reason; every version
(a frozen copy of the content) stays readable.
"""
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app.extensions import db
from app.formatting import long_date
from app.models import (
    AgendaItem,
    AgendaItemPresenter,
    ApprovalMethod,
    Attendance,
    Council,
    FollowUpAction,
    ItemKind,
    ItemPurpose,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesComment,
    MinutesStatus,
    MinutesVersion,
    Person,
    User,
    VersionKind,
)
from app.services import ServiceError
from app.services.core import clock
from app.services.core.audit import current_actor
from app.services.core.input_checks import check_plausible_date
from app.services.core.records import add, assign
from app.services.proceedings.minutes_lock import LOCKED_MESSAGE, approval_text


class NeedsConfirmation(ServiceError):
    """The action is allowed but must be confirmed (the message says why); nothing was changed."""


def load_meeting(meeting_id: int) -> Meeting | None:
    """The meeting with everything its minutes show (the page and the DOCX), in a fixed number of
    queries."""
    return db.session.scalar(
        select(Meeting).where(Meeting.id == meeting_id).options(
            joinedload(Meeting.council).joinedload(Council.secretariat),
            joinedload(Meeting.chair), joinedload(Meeting.minute_taker),
            selectinload(Meeting.attendance).options(
                joinedload(Attendance.person).joinedload(Person.organisation),
                joinedload(Attendance.substitute_for)),
            selectinload(Meeting.items).options(
                joinedload(AgendaItem.case), joinedload(AgendaItem.sent_on_council),
                joinedload(AgendaItem.presenting_organisation),
                selectinload(AgendaItem.presenters).joinedload(AgendaItemPresenter.person),
                selectinload(AgendaItem.actions).options(
                    joinedload(FollowUpAction.responsible_person),
                    joinedload(FollowUpAction.responsible_organisation))),
            selectinload(Meeting.minutes).selectinload(Minutes.comments),
        ))


def approving_item(meeting: Meeting) -> AgendaItem | None:
    """The item of a later meeting that approved these minutes, if they were approved in a meeting."""
    if meeting.minutes_approved_by_item_id is None:
        return None
    return db.session.get(AgendaItem, meeting.minutes_approved_by_item_id)


def version_authors(versions: list[MinutesVersion]) -> dict[int, str]:
    """Who made each version, by user id: the linked person's name, else the e-mail address."""
    ids = {v.created_by_id for v in versions if v.created_by_id}
    if not ids:
        return {}
    users = db.session.scalars(select(User).where(User.id.in_(ids))
                               .options(joinedload(User.person))).all()
    return {u.id: (u.person.name if u.person else u.email) for u in users}


def minutes_for(meeting: Meeting) -> Minutes:
    """The meeting's minutes, started as a draft the first time they are needed."""
    if meeting.minutes is None:
        if meeting.status not in (MeetingStatus.ISSUED, MeetingStatus.HELD):
            raise ServiceError(_l("Referat kan bare skrives for et møte som er innkalt eller avholdt."))
        meeting.minutes = add(Minutes(meeting_id=meeting.id, status=MinutesStatus.DRAFT))
    return meeting.minutes


def snapshot(meeting: Meeting) -> dict:
    """What the minutes say now, as plain data (kept in each MinutesVersion)."""
    from app.formatting import presenter_cell
    from app.services.planning.agenda import item_number
    from app.services.proceedings import attendance, conflicts

    fmt = meeting.council.case_number_format
    groups = attendance.grouped(meeting)
    declared = conflicts.by_item(meeting.id)

    def names(rows):
        return [{"name": a.display_name, "reason": a.absence_reason,
                 "for": a.substitute_for.name if a.substitute_for else None,
                 "organisation": a.person.organisation.name
                 if a.person is not None and a.person.organisation is not None else None}
                for a in rows]

    items = []
    for item in sorted(meeting.items, key=lambda i: i.position):
        if item.kind != ItemKind.CASE:
            continue
        case = item.case
        items.append({
            "item_id": item.id, "number": item_number(item, fmt), "title": item.title,
            "item_type": item.item_type, "status": item.status, "outcome": item.outcome,
            "purpose": item.purpose,
            "presenter": presenter_cell([p.display_name for p in item.presenters],
                                        item.presenting_organisation.label
                                        if item.presenting_organisation else None),
            "discussion": item.discussion, "decision": item.decision_body,
            "input_summary": item.input_summary,
            "postponed_to": item.postponed_to_date.isoformat() if item.postponed_to_date else None,
            "sent_on_to": item.sent_on_council.code if item.sent_on_council else None,
            "exempt": bool(case and case.exempt), "public_title": case.public_title if case else None,
            "legal_basis": case.legal_basis if case else None,
            "actions": [{"description": a.description, "owner": a.owner_label, "due": a.due_text}
                        for a in item.actions],
            "conflicts": [d.person.name for d in declared.get(item.id, [])],
        })
    return {
        "chair": meeting.chair.name if meeting.chair else None,
        "minute_taker": meeting.minute_taker.name if meeting.minute_taker else None,
        "attendance": {group: names(rows) for group, rows in groups.items()},
        "items": items,
    }


def _freeze(minutes: Minutes, kind: str, reason: str) -> MinutesVersion:
    user_id, _actor = current_actor()
    version = MinutesVersion(minutes_id=minutes.id, number=len(minutes.versions) + 1, kind=kind,
                             reason=reason, content=snapshot(minutes.meeting), created_by_id=user_id)
    minutes.versions.append(add(version))
    return version


def send_for_comments(minutes: Minutes, deadline: date | None):
    """Send the draft to the members; they may comment until the deadline. Returns whom the
    e-mail reached (notifications.Reach)."""
    meeting = minutes.meeting
    if minutes.locked:
        raise ServiceError(LOCKED_MESSAGE)
    if meeting.status != MeetingStatus.HELD:
        raise ServiceError(_l("Referatet kan sendes til kommentarer først når møtet er markert som "
                              "avholdt."))
    if deadline is None:
        raise ServiceError(_l("Sett en frist for kommentarer."))
    check_plausible_date(deadline, "deadline")
    if deadline < clock.today():
        raise ServiceError(_l("Fristen %(deadline)s har allerede gått ut; velg en dato fra og med i dag.",
                              deadline=long_date(deadline)))
    if deadline < meeting.date:
        raise ServiceError(_l("Fristen for kommentarer kan ikke være før møtet %(meeting_date)s.",
                              meeting_date=long_date(meeting.date)))
    again = minutes.status == MinutesStatus.COMMENTS
    assign(minutes, status=MinutesStatus.COMMENTS, comment_deadline=deadline,
           sent_for_comments_at=clock.now())
    _freeze(minutes, VersionKind.COMMENTS, "Sendt på ny til medlemmene for kommentarer" if again
            else "Sendt til medlemmene for kommentarer")
    db.session.flush()
    from app.services.proceedings import notifications
    return notifications.minutes_sent_for_comments(minutes)


def add_comment(minutes: Minutes, user, text: str, item: AgendaItem | None = None) -> MinutesComment:
    from app import authz

    if not authz.can_comment_minutes(user, minutes):
        if (minutes.status == MinutesStatus.COMMENTS and minutes.comment_deadline
                and clock.today() > minutes.comment_deadline):
            raise ServiceError(_l("Fristen for kommentarer gikk ut %(deadline)s. Kontakt "
                                  "sekretariatet om du har merknader.",
                                  deadline=long_date(minutes.comment_deadline)))
        raise ServiceError(_l("Du kan ikke kommentere dette referatet nå."))
    text = (text or "").strip()
    if not text:
        raise ServiceError(_l("Skriv en kommentar."))
    if item is not None and item.meeting_id != minutes.meeting_id:
        raise ServiceError(_l("Punktet hører ikke til dette møtet."))
    author = user.person.name if user.person else user.email
    comment = MinutesComment(minutes=minutes, item_id=item.id if item else None,
                             author_id=user.id, author_name=author, text=text)
    return add(comment)


def resolve_comment(comment: MinutesComment, resolution: str | None = None) -> None:
    if comment.resolved_at is not None:
        raise ServiceError(_l("Kommentaren er allerede behandlet."))
    user_id, _actor = current_actor()
    assign(comment, resolved_at=clock.now(), resolved_by_id=user_id,
           resolution=(resolution or "").strip() or None)
    db.session.flush()


def unresolved_comments(minutes: Minutes) -> list[MinutesComment]:
    return [c for c in minutes.comments if c.resolved_at is None]


def approval_items(minutes: Minutes) -> list[AgendaItem]:
    """Items that can approve these minutes: "Godkjenning av referat" items (by purpose) at a
    later meeting of the same council that is not cancelled."""
    meeting = minutes.meeting
    return db.session.scalars(
        select(AgendaItem).join(Meeting, AgendaItem.meeting_id == Meeting.id).where(
            Meeting.council_id == meeting.council_id, Meeting.date > meeting.date,
            Meeting.status != MeetingStatus.CANCELLED,
            AgendaItem.purpose == ItemPurpose.APPROVE_MINUTES)
        .order_by(Meeting.date, AgendaItem.position)).all()


def approve(minutes: Minutes, *, item: AgendaItem | None = None, circulated_on: date | None = None,
            note: str | None = None, confirm_unresolved: bool = False) -> None:
    """Approve at a later meeting's "Godkjenning av referat" item, or by circulation (date and
    note). Unresolved comments need ``confirm_unresolved``."""
    meeting = minutes.meeting
    if minutes.locked:
        raise ServiceError(_l("Referatet er allerede godkjent."))
    if (item is None) == (circulated_on is None):
        raise ServiceError(_l("Velg enten saken i et senere møte som godkjente referatet, eller datoen "
                              "for godkjenning ved sirkulasjon."))
    if item is not None:
        if item.council_id != meeting.council_id or item.kind != ItemKind.CASE:
            raise ServiceError(_l("Referatet må godkjennes av en sak i samme utvalg."))
        if item.purpose != ItemPurpose.APPROVE_MINUTES:
            raise ServiceError(_l("Den valgte saken er ikke en sak «Godkjenning av referat»."))
        if item.meeting.date <= meeting.date:
            raise ServiceError(_l("Referatet må godkjennes i et senere møte."))
        if item.meeting.date > clock.today():
            raise ServiceError(_l("Referatet godkjennes i møtet %(meeting_date)s; det kan registreres fra "
                                  "og med den dagen.", meeting_date=long_date(item.meeting.date)))
        approved_on, method = item.meeting.date, ApprovalMethod.MEETING
    else:
        check_plausible_date(circulated_on, "circulated_on")
        if circulated_on < meeting.date:
            raise ServiceError(_l("Referatet kan ikke være godkjent før møtet ble holdt."))
        if circulated_on > clock.today():
            raise ServiceError(_l("Datoen for godkjenningen kan ikke være fram i tid."))
        approved_on, method = circulated_on, ApprovalMethod.CIRCULATION
    open_comments = unresolved_comments(minutes)
    if open_comments and not confirm_unresolved:
        raise NeedsConfirmation(_l("Referatet har %(count)s kommentar(er) som ikke er behandlet. Bekreft "
                                   "at det skal godkjennes likevel.", count=len(open_comments)))
    assign(minutes, status=MinutesStatus.APPROVED, approval_method=method, approved_on=approved_on,
           approval_note=(note or "").strip() or None)
    assign(meeting, minutes_approved_by_item_id=item.id if item else None)
    _freeze(minutes, VersionKind.APPROVED, approval_text(minutes))
    db.session.flush()
    from app.services.proceedings import notifications
    notifications.minutes_approved(minutes)


def publish(minutes: Minutes) -> None:
    if minutes.status != MinutesStatus.APPROVED:
        raise ServiceError(_l("Bare godkjente referater kan publiseres."))
    assign(minutes, status=MinutesStatus.PUBLISHED, published_at=clock.now())
    db.session.flush()


def correct(minutes: Minutes, reason: str, changes: dict[int, dict]) -> MinutesVersion:
    """A correction of approved minutes: ``changes`` maps item ids to new ``discussion`` and/or
    ``decision_body``. Saved as a new version with the reason; earlier versions stay as they were."""
    if not minutes.locked:
        raise ServiceError(_l("Referatet er ikke godkjent ennå; endre det direkte."))
    reason = (reason or "").strip()
    if not reason:
        raise ServiceError(_l("Skriv hvorfor referatet rettes."))
    items = {i.id: i for i in minutes.meeting.items}
    changed = False
    for item_id, fields in changes.items():
        item = items.get(item_id)
        if item is None:
            raise ServiceError(_l("Punktet hører ikke til dette møtet."))
        unknown = set(fields) - {"discussion", "decision_body"}
        if unknown:
            raise ServiceError(_l("Bare drøftinger og vedtak kan rettes."))
        changed |= assign(item, **fields)
    if not changed:
        raise ServiceError(_l("Ingenting er endret; rettelsen ble ikke lagret."))
    version = _freeze(minutes, VersionKind.CORRECTION, f"Rettet: {reason}")
    db.session.flush()
    return version
