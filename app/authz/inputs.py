"""Who may write and read members' input (innspill) on an agenda item (issue 11).

Input is addressed to the secretariat: the secretariat and admins read all of it, archivists the
input of the cases they may see, and an author their own; members do not read each other's.
Input on an exempt case is exactly as exempt as the case: on top of the rules above, a reader who
may not see the case (``can_view_case``) never gets the input, its text or the fact that it
exists. When input may be written (the deadline, the meeting's start) is the service's rule
(app/services/proceedings/item_inputs.py); this module answers who.
"""
from app.authz import _roles, can_edit, can_view_agenda, can_view_case, is_member_of
from app.models import ItemKind, Role


def may_give_input_in(user, council) -> bool:
    """Input pages of a council's items are for its current members only (asked before the item
    is looked up, so others learn nothing of an agenda's items)."""
    return is_member_of(user, council)


def can_open_input_page(user, item) -> bool:
    """The member's input page of an item (``inputs.edit``, ``inputs.delete``): a current member
    of the item's council, on a case item of an agenda they may see (a member of the council
    always sees its exempt cases; asked all the same)."""
    if item is None or item.kind != ItemKind.CASE:
        return False
    if not may_give_input_in(user, item.council):
        return False
    if not can_view_agenda(user, item.meeting):
        return False
    return item.case is None or can_view_case(user, item.case)


def can_read_all_inputs(user) -> bool:
    """Every input of a meeting (the secretariat's list, the builder's counts, the recording
    page): the secretariat and admins."""
    return can_edit(user)


def is_author(user, item_input) -> bool:
    person = getattr(user, "person", None) if getattr(user, "is_authenticated", False) else None
    return person is not None and item_input.person_id == person.id


def can_read_input(user, item_input) -> bool:
    """One input: the secretariat, admins and archivists, and its author; never another member.
    On an exempt case also ``can_view_case`` (an author who has left the council no longer
    reads their input on an exempt case)."""
    allowed = can_edit(user) or Role.ARCHIVIST in _roles(user) or is_author(user, item_input)
    case = item_input.item.case
    return allowed and (case is None or can_view_case(user, case))
