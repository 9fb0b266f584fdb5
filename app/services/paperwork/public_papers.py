"""The stored public minutes papers a list page offers beside each meeting (the council page):
for each meeting the newest public version per format that the reader may download, checked
by ``authz.can_read_paper`` like every download. A fixed number of queries for any number of
meetings."""
from collections import defaultdict

from sqlalchemy import select

from app.authz import can_read_paper, exemption_times_of
from app.extensions import db
from app.models import GeneratedPaper, Meeting, PaperKind, PaperVariant


def public_minutes_papers(meetings: list[Meeting], user) -> dict[int, list[GeneratedPaper]]:
    """Per meeting id, the newest readable public minutes paper of each format (DOCX before
    PDF). ``meetings`` must have their council and minutes loaded (two queries here)."""
    by_id = {m.id: m for m in meetings if m.minutes is not None}
    result: dict[int, list[GeneratedPaper]] = defaultdict(list)
    if not by_id:
        return result
    papers = db.session.scalars(
        select(GeneratedPaper).where(GeneratedPaper.meeting_id.in_(by_id),
                                     GeneratedPaper.kind == PaperKind.MINUTES,
                                     GeneratedPaper.variant == PaperVariant.PUBLIC)
        .order_by(GeneratedPaper.created_at.desc(), GeneratedPaper.id.desc())).all()
    times = exemption_times_of(by_id)
    seen = set()
    for paper in papers:
        key = (paper.meeting_id, paper.format)
        if key in seen:
            continue
        meeting = by_id[paper.meeting_id]
        if can_read_paper(user, meeting, paper.kind, paper.variant, paper, times[meeting.id]):
            seen.add(key)  # the newest version the reader may read
            result[meeting.id].append(paper)
    for listed in result.values():
        listed.sort(key=lambda p: p.format)
    return result
