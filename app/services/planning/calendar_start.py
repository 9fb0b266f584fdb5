"""Where the meeting calendar opens when no council or year is asked for: on the next meeting of
the reader's councils, else on the latest one, so a new user never starts on an empty year."""
from sqlalchemy import select

from app.extensions import db
from app.models import Meeting, MeetingStatus
from app.services.core import clock


def calendar_start(council_ids: set[int] | None) -> Meeting | None:
    """The meeting the calendar opens on, among the councils ``council_ids`` (None: all): the
    next one not cancelled from today on, else the latest held or planned; None when there is
    none."""
    query = select(Meeting).where(Meeting.status != MeetingStatus.CANCELLED)
    if council_ids is not None:
        if not council_ids:
            return None
        query = query.where(Meeting.council_id.in_(council_ids))
    upcoming = db.session.scalar(query.where(Meeting.date >= clock.today())
                                 .order_by(Meeting.date, Meeting.start_time, Meeting.id).limit(1))
    if upcoming is not None:
        return upcoming
    return db.session.scalar(query.order_by(Meeting.date.desc(), Meeting.id.desc()).limit(1))
