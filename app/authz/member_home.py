"""Access helpers of the member's home page (/mitt)."""
from collections import defaultdict
from datetime import datetime

from sqlalchemy import func, or_, select

from app.authz import _utc


def exemption_times_by_meeting(meeting_ids: list[int]) -> dict[int, dict[str, datetime]]:
    """``authz.exemption_times`` for several meetings in one query: per meeting id, each case on
    it holding exempt material today (by file number) with the last moment any of it became
    exempt. Decides, as there, whether a stored public paper has gone stale."""
    from app.extensions import db
    from app.models import AgendaItem, Case, CaseDocument

    rows = db.session.execute(
        select(AgendaItem.meeting_id, Case.file_year, Case.file_seq, Case.exempt, Case.exempt_since,
               func.max(CaseDocument.exempt_since))
        .join(Case, AgendaItem.case_id == Case.id)
        .outerjoin(CaseDocument, (CaseDocument.case_id == Case.id) & CaseDocument.exempt)
        .where(AgendaItem.meeting_id.in_(meeting_ids), or_(Case.exempt, CaseDocument.id.is_not(None)))
        .group_by(AgendaItem.meeting_id, Case.id, Case.file_year, Case.file_seq, Case.exempt,
                  Case.exempt_since))
    times: dict[int, dict[str, datetime]] = defaultdict(dict)
    for meeting_id, year, seq, exempt, case_since, document_since in rows:
        moments = [_utc(m) for m in (case_since if exempt else None, document_since) if m is not None]
        if moments:
            times[meeting_id][f"{year}/{seq}"] = max(moments)
    return times
