"""Case proposals (saksforslag): who may propose a case, see a proposal, withdraw or decide it.

A proposal's existence is not public: only its proposer and the secretariat, admins and
archivists (read-only) know of it, whether it is exempt or not."""
from datetime import date

# The clock through app.authz, whose import of it is the one the layer contract allows.
from app.authz import PRIVILEGED_READERS, _roles, can_edit, clock


def _active(valid_from, valid_to, on: date) -> bool:
    return (valid_from is None or valid_from <= on) and (valid_to is None or on <= valid_to)


def council_is_active(council, on: date | None = None) -> bool:
    """A council a case may be proposed for: within its period (NEHS ended in 2023)."""
    return _active(council.active_from, council.active_to, on or clock.today())


def member_organisation_ids(on: date | None = None) -> set[int]:
    """The organisations with a seat today: a current membership's organisation (or, when the
    membership names none, its person's). One query."""
    from sqlalchemy import func, or_, select

    from app.extensions import db
    from app.models import Membership, Person

    on = on or clock.today()
    return set(db.session.scalars(
        select(func.coalesce(Membership.organisation_id, Person.organisation_id))
        .join(Person, Membership.person_id == Person.id)
        .where(or_(Membership.valid_from.is_(None), Membership.valid_from <= on),
               or_(Membership.valid_to.is_(None), Membership.valid_to >= on))
        .distinct())) - {None}


def can_propose_case(user) -> bool:
    """A member of any council today, or a registered user of a member organisation (the
    user's person works for an organisation with a current seat)."""
    if not getattr(user, "is_authenticated", False) or user.person is None:
        return False
    person = user.person
    today = clock.today()
    if any(m.active_on(today) for m in person.memberships):
        return True
    return person.organisation_id is not None and person.organisation_id in member_organisation_ids(today)


def is_proposer(user, proposal) -> bool:
    return getattr(user, "is_authenticated", False) and proposal.proposer_user_id == user.id


def can_view_proposal(user, proposal) -> bool:
    """The proposer, the secretariat and admins, and archivists (read-only); nobody else, exempt
    or not."""
    return is_proposer(user, proposal) or bool(_roles(user) & PRIVILEGED_READERS)


def can_withdraw_proposal(user, proposal) -> bool:
    """Only the proposer withdraws (the service refuses once it is decided)."""
    return is_proposer(user, proposal)


def can_decide_proposal(user) -> bool:
    """Accept into the case register or decline: the secretariat and admins."""
    return can_edit(user)


def can_see_proposal_queue(user) -> bool:
    return can_edit(user)
