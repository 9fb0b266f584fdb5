"""iCalendar feeds (RFC 5545) of the meetings: one public feed per council, and one personal feed
per user with the meetings of the user's councils (its secret link: registry/calendar_tokens.py).

Each meeting is one event whose UID never changes (``meeting-<id>@<host>``); its SEQUENCE is
``Meeting.calendar_sequence``, raised by the model whenever the date, time, place, video link or
status changes, so that a calendar client updates the event it has instead of adding a second
one. A cancelled meeting stays in the feed with STATUS:CANCELLED.

What a feed shows: the meeting's label ("NUIT møte 3/22"), time, place or video link, and a link
to its page with the papers; never a case title, so no exempt title can reach a feed. The place
and video link of a planned meeting (before the notice) are shown only to those who may see its
draft agenda (``authz.can_view_draft_agenda``): never in the public feed.

Both feeds run a fixed number of queries, however many meetings they hold.
"""
from datetime import datetime, timedelta
from urllib.parse import urlsplit

from flask import current_app, url_for
from icalendar import Calendar, Event
from sqlalchemy import func, select
from sqlalchemy.orm import joinedload, selectinload

from app import authz
from app.extensions import db
from app.models import AuditEvent, Council, Meeting, MeetingKind, MeetingStatus
from app.services.core import clock
from app.services.planning.agenda import meeting_end
from app.services.planning.agenda_times import to_minutes

PRODID = "-//Møtebok//Møtekalender//NO"
PAST_DAYS = 365  # meetings of the last twelve months, and every future one
DEFAULT_LENGTH = timedelta(hours=3)  # when the agenda gives no length
STATUS = {MeetingStatus.PLANNED: "TENTATIVE", MeetingStatus.ISSUED: "CONFIRMED",
          MeetingStatus.HELD: "CONFIRMED", MeetingStatus.CANCELLED: "CANCELLED"}


def council_feed(council: Council) -> bytes:
    """The public feed of a council: what anyone may know of its meetings."""
    meetings = _meetings([council.id])
    return _calendar(f"{council.code} – {council.name}", meetings, reader=None)


def personal_feed(user) -> bytes:
    """The meetings of the councils the user is a current member of (the secretariat, admins and
    archivists: of every council). A member also sees the place of a planned meeting."""
    council_ids = authz.exempt_council_ids(user)  # None: every council
    meetings = _meetings(council_ids)
    return _calendar("Møtebok – mine møter", meetings, reader=user)


def _meetings(council_ids) -> list[Meeting]:
    if council_ids is not None and not council_ids:
        return []
    since = clock.today() - timedelta(days=PAST_DAYS)
    query = (select(Meeting).where(Meeting.date >= since)
             .options(joinedload(Meeting.council), selectinload(Meeting.items))
             .order_by(Meeting.date, Meeting.start_time, Meeting.id))
    if council_ids is not None:
        query = query.where(Meeting.council_id.in_(council_ids))
    return list(db.session.scalars(query).unique())


def _last_modified(meetings: list[Meeting]) -> dict[int, datetime]:
    """The last recorded change of each meeting (the audit trail), in one query."""
    if not meetings:
        return {}
    rows = db.session.execute(
        select(AuditEvent.object_id, func.max(AuditEvent.at))
        .where(AuditEvent.object_type == Meeting.__name__,
               AuditEvent.object_id.in_([m.id for m in meetings]))
        .group_by(AuditEvent.object_id))
    return {meeting_id: _utc(at) for meeting_id, at in rows}


def _utc(moment: datetime) -> datetime:
    from datetime import UTC

    return moment.replace(tzinfo=UTC) if moment.tzinfo is None else moment.astimezone(UTC)


def uid_host() -> str:
    """The host part of every UID: from BASE_URL (else SERVER_NAME), the same on every call."""
    host = urlsplit(current_app.config.get("BASE_URL") or "").hostname
    return host or current_app.config.get("SERVER_NAME") or "motebok"


def meeting_uid(meeting: Meeting) -> str:
    return f"meeting-{meeting.id}@{uid_host()}"


def _shows_place(meeting: Meeting, reader) -> bool:
    if meeting.status != MeetingStatus.PLANNED:
        return True
    return reader is not None and authz.can_view_draft_agenda(reader, meeting.council)


def _times(meeting: Meeting) -> tuple[datetime, datetime]:
    start = datetime.combine(meeting.date, meeting.start_time, tzinfo=clock.OSLO)
    end = meeting_end(meeting)
    minutes = to_minutes(end) - to_minutes(meeting.start_time) if end is not None else 0
    length = timedelta(minutes=minutes) if minutes > 0 else DEFAULT_LENGTH
    return start, start + length


def summary(meeting: Meeting) -> str:
    """'NUIT møte 3/22', '(ekstramøte)' added for an extraordinary meeting."""
    text = f"{meeting.council.code} møte {meeting.number}/{meeting.year % 100:02d}"
    if meeting.kind == MeetingKind.EXTRAORDINARY:
        text += " (ekstramøte)"
    return text


def _event(meeting: Meeting, reader, stamp: datetime, modified: datetime | None) -> Event:
    start, end = _times(meeting)
    page = url_for("main.meeting", code=meeting.council.code, year=meeting.year,
                   number=meeting.number, _external=True)
    event = Event()
    event.add("uid", meeting_uid(meeting))
    event.add("sequence", meeting.calendar_sequence or 0)
    event.add("dtstamp", stamp)
    if modified is not None:
        event.add("last-modified", modified)
    event.add("dtstart", start)
    event.add("dtend", end)
    event.add("summary", summary(meeting))
    event.add("status", STATUS.get(meeting.status, "CONFIRMED"))
    event.add("url", page)
    lines = []
    if meeting.status == MeetingStatus.CANCELLED:
        lines.append("Møtet er avlyst.")
    elif meeting.status == MeetingStatus.PLANNED:
        lines.append("Planlagt møte: innkallingen er ikke sendt ennå.")
    if _shows_place(meeting, reader):
        if meeting.location:
            event.add("location", meeting.location)
        if meeting.video_url:
            lines.append(f"Videolenke: {meeting.video_url}")
    lines.append(f"Dagsorden og sakspapirer: {page}")
    event.add("description", "\n".join(lines))
    return event


def _calendar(name: str, meetings: list[Meeting], reader) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", "Europe/Oslo")
    stamp = clock.now().replace(microsecond=0)
    modified = _last_modified(meetings)
    with current_app.test_request_context(base_url=current_app.config["BASE_URL"]):
        for meeting in meetings:
            calendar.add_component(_event(meeting, reader, stamp, modified.get(meeting.id)))
    if meetings:
        calendar.add_missing_timezones()
    return calendar.to_ical()
