"""What the front page lists for everyone: the meetings coming up across the councils and the
latest published minutes (a fixed number of queries each)."""
from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.models import Meeting, MeetingStatus, Minutes, MinutesStatus
from app.services.core import clock

UPCOMING = (MeetingStatus.PLANNED, MeetingStatus.ISSUED)


def upcoming_meetings(limit: int = 10) -> list[Meeting]:
    """Planned and issued meetings from today on, soonest first, with their councils (one
    query). A planned one is shown as planned with its date only (authz.public)."""
    return list(db.session.scalars(
        select(Meeting).where(Meeting.status.in_(UPCOMING), Meeting.date >= clock.today())
        .options(joinedload(Meeting.council))
        .order_by(Meeting.date, Meeting.start_time, Meeting.id).limit(limit)))


def latest_published_minutes(limit: int = 5) -> list[Meeting]:
    """The meetings whose minutes were published last, newest first (one query)."""
    return list(db.session.scalars(
        select(Meeting).join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(Minutes.status == MinutesStatus.PUBLISHED)
        .options(joinedload(Meeting.council), joinedload(Meeting.minutes))
        .order_by(Minutes.published_at.desc(), Meeting.date.desc()).limit(limit)).unique())
