"""Editing an agenda item safely: a row lock, and optimistic locking (a save from a form opened
before a colleague's save is refused with EditConflict, naming what differs)."""
from datetime import time

from flask_babel import lazy_gettext as _l
from sqlalchemy import select

from app.extensions import db
from app.models import AgendaItem
from app.services import ServiceError


class EditConflict(ServiceError):
    """Someone else saved the item after this editor opened it; nothing was saved."""

    def __init__(self, item: AgendaItem, differences: list[tuple[str, str, str]],
                 taken_over: list[str]):
        self.item = item
        self.differences = differences  # (field label, value now, value you wrote)
        self.taken_over = taken_over  # fields only the other person changed
        super().__init__(_l("Punktet er endret av noen andre etter at du åpnet det. Lagringen din ble "
                            "ikke gjort. Endringene deres er hentet inn i skjemaet der du ikke selv "
                            "hadde endret noe; se over og lagre på nytt."))


ITEM_FIELDS = ("title", "item_type", "presenters", "presenting_organisation_id",
               "duration_minutes", "pinned_start", "subitems")


def item_values(item: AgendaItem) -> dict:
    """The editable values of an item, as the item form and the conflict check compare them."""
    values = {field: getattr(item, field) for field in ITEM_FIELDS if field != "presenters"}
    values["presenters"] = [p.display_name for p in item.presenters]
    values["subitems"] = list(item.subitems or [])
    return values


def check_version(item: AgendaItem, expected_version: int, submitted: dict,
                  labels: dict[str, str], original: dict | None = None) -> None:
    """Optimistic locking: refuse a save made from an out-of-date form.

    ``original`` holds the values the form was opened with: a field the editor left alone but a
    colleague changed is "taken over"; a field both changed is listed as a difference."""
    if item.version == expected_version:
        return
    current = item_values(item)
    original = original or {}
    differences, taken_over = [], []
    for field, label in labels.items():
        if field not in submitted:
            continue
        now, yours = _comparable(current.get(field)), _comparable(submitted[field])
        before = original.get(field, yours)
        if _comparable(before) == yours:
            if now != yours:
                taken_over.append(field)
        elif now != yours:
            differences.append((label, _shown(current.get(field)), _shown(submitted[field])))
    raise EditConflict(item, differences, taken_over)


def _comparable(value):
    if isinstance(value, time):
        return value.strftime("%H:%M")
    if isinstance(value, tuple):
        return list(value)
    return value


def _shown(value) -> str:
    if value is None or value == [] or value == "":
        return "(tomt)"
    if isinstance(value, (list, tuple)):
        return ", ".join(str(v) for v in value)
    if isinstance(value, time):
        return value.strftime("%H:%M")
    return str(value)


def lock_item(item_id: int) -> AgendaItem:
    """Load an item with a row lock (PostgreSQL), fresh from the database, so that the version
    check and the save cannot be overtaken by a colleague's commit in between."""
    return db.session.execute(
        select(AgendaItem).where(AgendaItem.id == item_id).with_for_update()
        .execution_options(populate_existing=True)
    ).scalar_one()
