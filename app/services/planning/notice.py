"""Issuing the notice (innkalling): what stops it, then numbers, the frozen agenda and the
notice_issued signal (attendance filled in, members e-mailed)."""
from flask_babel import gettext
from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select

from app import disclosure
from app.extensions import db
from app.models import ItemKind, ItemPurpose, Meeting, MeetingStatus, NoticeVersion
from app.services import ServiceError
from app.services.core import clock, numbering, signals
from app.services.core.records import add, assign


def notice_problems(meeting: Meeting) -> tuple[list[str], list[str]]:
    """What stops the notice from being issued (errors) and what the secretary should look at
    (warnings). Postponed and withdrawn items are not checked; "Eventuelt" needs no item type.
    Plain strings in the reader's language (Norwegian outside a request): the pages show them as
    text, so an item title in them is escaped like any other."""
    errors, warnings = [], []
    for item in meeting.items:
        if item.kind != ItemKind.CASE or not item.takes_time:
            continue
        title = disclosure.public_item_title(item)  # the refusal does not know its reader
        if not item.item_type and item.purpose != ItemPurpose.ANY_OTHER_BUSINESS:
            errors.append(gettext("«%(title)s» mangler innretning.", title=title))
        if not item.presenters:
            errors.append(gettext("«%(title)s» mangler hvem som presenterer saken.", title=title))
        if not item.proposal_body and item.purpose != ItemPurpose.ANY_OTHER_BUSINESS:
            warnings.append(gettext("«%(title)s» har ikke forslag til vedtak.", title=title))
    if not any(i.kind == ItemKind.CASE for i in meeting.items):
        errors.append(gettext("Dagsordenen har ingen saker."))
    return errors, warnings


def issue_notice(meeting_id: int, user=None, *, accept_warnings: bool = False) -> Meeting:
    """Issue the notice (innkalling): number the case items in agenda order, freeze the agenda as
    issued, and record who did it and when.

    Runs under a lock on the meeting row and on the council's counter, so two secretaries pressing
    the button at once get one issue and one clear refusal. Every caller gets the same checks
    (``notice_problems``): missing item types or presenters stop it, and warnings (missing
    proposals) need ``accept_warnings``.
    """
    from app.services.planning.agenda import agenda_rows

    meeting = numbering.lock_meeting(meeting_id)
    if meeting.status != MeetingStatus.PLANNED:
        raise ServiceError(_l("Innkallingen til %(council_code)s %(label)s er allerede sendt, eller møtet "
                              "er avlyst.", council_code=meeting.council.code, label=meeting.label))
    cases = [i for i in meeting.items if i.kind == ItemKind.CASE]
    if not cases:
        raise ServiceError(_l("Dagsordenen har ingen saker."))
    errors, warnings = notice_problems(meeting)
    if errors:
        raise ServiceError(_l("Innkallingen kan ikke sendes ennå: %(problems)s",
                              problems=" ".join(errors)))
    if warnings and not accept_warnings:
        raise ServiceError(_l("Bekreft at innkallingen skal sendes selv om: %(problems)s",
                              problems=" ".join(warnings)))
    numbering.number_items(meeting, cases)
    assign(meeting, status=MeetingStatus.ISSUED,
           notice_issued_at=clock.now(),
           notice_issued_by_id=user.id if user is not None else None)
    db.session.flush()
    frozen = [{"number": r.number, "title": r.title, "type": r.item_type, "presenter": r.presenter,
               "start": r.start.strftime("%H:%M") if r.start else None, "break": r.is_break,
               "proposal_heading": r.proposal_heading, "proposal": r.proposal_body}
              for r in agenda_rows(meeting, viewer=None, show_exempt=True)]
    versions = db.session.scalar(select(func.count()).select_from(NoticeVersion)
                                 .where(NoticeVersion.meeting_id == meeting.id))
    add(NoticeVersion(meeting_id=meeting.id, number=versions + 1, agenda=frozen,
                      issued_by_id=user.id if user is not None else None))
    signals.notice_issued.send(meeting)
    return meeting
