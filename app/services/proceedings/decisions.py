"""The decisions (vedtak) of a council, per year: each treated case of its held meetings whose
minutes the reader may see, with what the reader may see of it (app/disclosure.py).

The public reads the decisions of published minutes; the council's members, archivists and the
secretariat also those of minutes sent for comments or approved (``authz.can_view_minutes``).
Draft minutes are not listed: their decisions are not settled. A fixed number of queries,
however many meetings and decisions the year holds.
"""
from dataclasses import dataclass, field

from sqlalchemy import select
from sqlalchemy.orm import joinedload, selectinload

from app import authz, disclosure
from app.extensions import db
from app.models import (
    AgendaItem,
    Council,
    ItemKind,
    ItemPurpose,
    ItemStatus,
    Meeting,
    MeetingStatus,
    Minutes,
    MinutesStatus,
)
from app.services.planning.agenda import item_number

LISTED_MINUTES = (MinutesStatus.COMMENTS, MinutesStatus.APPROVED, MinutesStatus.PUBLISHED)


@dataclass
class Decision:
    """One treated case as the reader sees it."""

    item_id: int
    number: str  # "16/22"
    title: str  # disclosure: the public title (or «Sak unntatt offentlighet») when hidden
    hidden: bool  # exempt and the reader may not see it: no decision text
    exempt_note: str  # «Unntatt offentlighet, jf. …» in the interface language, or ""
    outcome: str | None
    decision: dict | None  # the decision text (proposal shape); None when hidden
    sent_on_to: str | None
    case_id: int | None
    file_year: int | None
    file_seq: int | None


@dataclass
class MeetingDecisions:
    meeting: Meeting
    minutes: Minutes
    decisions: list[Decision] = field(default_factory=list)

    @property
    def published(self) -> bool:
        return self.minutes.status == MinutesStatus.PUBLISHED


def decision_years(council: Council) -> list[int]:
    """The years with a held meeting with minutes past the draft, newest first (one query)."""
    return list(db.session.scalars(
        select(Meeting.year).join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(Meeting.council_id == council.id, Meeting.status == MeetingStatus.HELD,
               Minutes.status.in_(LISTED_MINUTES))
        .distinct().order_by(Meeting.year.desc())))


def decisions_of(council: Council, year: int, user) -> list[MeetingDecisions]:
    """The meetings of ``council`` in ``year`` whose decisions ``user`` may read, in meeting
    order, each with its treated cases in agenda order (at most four queries)."""
    held = db.session.scalars(
        select(Meeting).join(Minutes, Minutes.meeting_id == Meeting.id)
        .where(Meeting.council_id == council.id, Meeting.year == year,
               Meeting.status == MeetingStatus.HELD, Minutes.status.in_(LISTED_MINUTES))
        .options(joinedload(Meeting.council), joinedload(Meeting.minutes),
                 selectinload(Meeting.items).options(joinedload(AgendaItem.case),
                                                     joinedload(AgendaItem.sent_on_council)))
        .order_by(Meeting.number)).unique().all()
    readable = [m for m in held if authz.can_view_minutes(user, m.minutes)]
    treated = [i for m in readable for i in m.items
               if i.kind == ItemKind.CASE and i.status == ItemStatus.TREATED]
    shown = disclosure.item_views(treated, user)
    result = []
    for meeting in readable:
        entry = MeetingDecisions(meeting, meeting.minutes)
        for item in sorted(meeting.items, key=lambda i: i.position):
            if item.id not in shown or item.kind != ItemKind.CASE:
                continue
            view = shown[item.id]
            if item.purpose == ItemPurpose.ANY_OTHER_BUSINESS and not item.decision_body:
                continue  # "Eventuelt" with no matters: nothing was decided, no empty row
            case = item.case
            entry.decisions.append(Decision(
                item_id=item.id, number=item_number(item, council.case_number_format),
                title=view.page_title, hidden=view.hidden, exempt_note=view.page_note,
                outcome=item.outcome, decision=None if view.hidden else item.decision_body,
                sent_on_to=item.sent_on_council.code if item.sent_on_council else None,
                case_id=case.id if case else None, file_year=case.file_year if case else None,
                file_seq=case.file_seq if case else None))
        result.append(entry)
    return result


@dataclass(frozen=True)
class TreatmentText:
    """What a case page shows under one treatment: the decision proposal of that agenda item and,
    once its minutes are readable to the reader (not a draft), the decision."""

    proposal_heading: str
    proposal: dict | None
    decision: dict | None


def treatment_texts(treatments: list, user) -> dict[int, TreatmentText]:
    """Per agenda item id of ``treatments`` (casework.cases.Treatment, already reduced to those
    the reader may see), its proposal and decision, in one query. The caller shows none of it
    for an exempt case the reader may not see (disclosure.case_view)."""
    ids = [t.item_id for t in treatments]
    if not ids:
        return {}
    items = db.session.scalars(
        select(AgendaItem).where(AgendaItem.id.in_(ids))
        .options(joinedload(AgendaItem.meeting).joinedload(Meeting.minutes),
                 joinedload(AgendaItem.meeting).joinedload(Meeting.council))).unique().all()
    texts = {}
    for item in items:
        minutes = item.meeting.minutes
        decided = (minutes is not None and minutes.status != MinutesStatus.DRAFT
                   and authz.can_view_minutes(user, minutes))
        texts[item.id] = TreatmentText(item.proposal_heading or "", item.proposal_body,
                                       item.decision_body if decided else None)
    return texts
