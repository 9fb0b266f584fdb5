"""endringslogg.xml: the audit trail's changes to the units of the package, as Noark 5 wants them
(which unit, which metadata element, when, by whom, from what to what).

Only units that are in arkivstruktur (so every referanseArkivenhet resolves there), only fields
that have a Noark 5 metadata element, and only changes of a value to another value: the schema
requires both tidligereVerdi and nyVerdi with content, so a creation (no earlier value), a
deletion, or a value set from or to nothing is left out."""
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import select

from app.extensions import db
from app.models import AgendaItem, AuditEvent, Case, CaseDocument, ItemKind, Meeting, Person, User
from app.services.archive import ids
from app.services.archive.scope import oslo_time
from app.services.archive.xmlstream import document

ENDRINGSLOGG_NS = "http://www.arkivverket.no/standarder/noark5/endringslogg"
BATCH = 500

# Per audited model: the unit's systemID and the Noark 5 metadata element each field maps to.
NOARK_FIELDS: dict[str, tuple[Callable[[int], str], dict[str, str]]] = {
    Case.__name__: (ids.case_folder, {
        "title": "tittel", "public_title": "offentligTittel", "description": "beskrivelse",
        "legal_basis": "skjermingshjemmel", "file_year": "saksaar", "file_seq": "sakssekvensnummer"}),
    Meeting.__name__: (ids.meeting_folder, {
        "date": "moetedato", "location": "moetested", "number": "moetenummer"}),
    AgendaItem.__name__: (ids.item_registration, {
        "title": "tittel", "status": "moeteregistreringsstatus"}),
    CaseDocument.__name__: (ids.document_journalpost, {
        "original_name": "tittel", "legal_basis": "skjermingshjemmel"}),
}

# Stored values that mean something else in Noark's words.
ITEM_STATUS = {"planned": "Ikke behandlet", "treated": "Ferdig behandlet av utvalget",
               "postponed": "Utsatt til nytt møte i samme utvalg", "withdrawn": "Trukket"}


@dataclass
class Units:
    """The package's units by kind (row ids); items: the agenda items with a moeteregistrering."""

    case_ids: Iterable[int] = ()
    meeting_ids: Iterable[int] = ()
    document_ids: Iterable[int] = ()
    item_ids: Iterable[int] | None = None  # None: every agenda item (not a break) of the meetings
    _by_type: dict = field(default_factory=dict, init=False)

    def of(self, object_type: str) -> list[int]:
        if object_type == AgendaItem.__name__:
            if self.item_ids is None:
                self.item_ids = _items_of(list(self.meeting_ids))
            return sorted(self.item_ids)
        return sorted({Case.__name__: self.case_ids, Meeting.__name__: self.meeting_ids,
                       CaseDocument.__name__: self.document_ids}[object_type])


def _items_of(meeting_ids: list[int]) -> list[int]:
    found: list[int] = []
    for start in range(0, len(meeting_ids), BATCH):
        found += db.session.scalars(select(AgendaItem.id).where(
            AgendaItem.meeting_id.in_(meeting_ids[start:start + BATCH]),
            AgendaItem.kind != ItemKind.BREAK))
    return found


def write_changelog(folder: Path, units: Units) -> int:
    """Write endringslogg.xml into ``folder``; the number of endringer written."""
    count = 0
    names = _ActorNames()
    with document(folder / "endringslogg.xml", ENDRINGSLOGG_NS, "endringslogg",
                  schema_location="endringslogg.xsd") as w:
        for object_type, (system_id, fields) in NOARK_FIELDS.items():
            wanted = units.of(object_type)
            for start in range(0, len(wanted), BATCH):
                rows = db.session.execute(
                    select(AuditEvent.object_id, AuditEvent.field, AuditEvent.old_value,
                           AuditEvent.new_value, AuditEvent.at, AuditEvent.user_id, AuditEvent.actor)
                    .where(AuditEvent.object_type == object_type, AuditEvent.action == "update",
                           AuditEvent.object_id.in_(wanted[start:start + BATCH]),
                           AuditEvent.field.in_(list(fields)))
                    .order_by(AuditEvent.object_id, AuditEvent.at, AuditEvent.id))
                for object_id, name, old, new, at, user_id, actor in rows:
                    old, new = _value(object_type, name, old), _value(object_type, name, new)
                    if not old or not new or old == new:
                        continue
                    with w.element("endring"):
                        w.leaf("referanseArkivenhet", system_id(object_id))
                        w.leaf("referanseMetadata", fields[name])
                        w.leaf("endretDato", oslo_time(at))
                        w.leaf("endretAv", names.of(user_id, actor))
                        w.leaf("tidligereVerdi", old)
                        w.leaf("nyVerdi", new)
                    count += 1
                w.flush()
    return count


def _value(object_type: str, name: str, value: str | None) -> str:
    text = (value or "").strip()
    if object_type == AgendaItem.__name__ and name == "status":
        return ITEM_STATUS.get(text, text)
    return text


class _ActorNames:
    """endretAv: the person's name, else the account's e-mail, else the label ("import", "cli")."""

    def __init__(self):
        self._known: dict[int, str] = {}

    def of(self, user_id: int | None, actor: str | None) -> str:
        if user_id is None:
            return actor or "system"
        if user_id not in self._known:
            row = db.session.execute(select(Person.name, User.email)
                                     .select_from(User).outerjoin(Person, Person.id == User.person_id)
                                     .where(User.id == user_id)).first()
            self._known[user_id] = (row and (row[0] or row[1])) or actor or "system"
        return self._known[user_id]
