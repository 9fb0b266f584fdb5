"""Organisations, councils, people and memberships."""
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.formatting import FormatError, check_case_number_format
from app.models import Council, Membership, MembershipRole, Organisation, Person
from app.services import ServiceError
from app.services.records import add, assign


def organisation_by_name(name: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def upsert_organisation(name: str, short_name: str | None = None) -> Organisation:
    name = (name or "").strip()
    if not name:
        raise ServiceError("Organisasjonen må ha et navn.")
    org = organisation_by_name(name)
    if org is None:
        return add(Organisation(name=name, short_name=short_name or None))
    assign(org, short_name=short_name or None)
    return org


def council_by_code(code: str) -> Council | None:
    return db.session.scalar(select(Council).where(Council.code == code))


def upsert_council(code: str, name: str, **fields) -> Council:
    fmt = fields.get("case_number_format")
    if fmt is not None:
        try:
            check_case_number_format(fmt)
        except FormatError as exc:
            raise ServiceError(f"Saksnummerformat: {exc}") from None
    council = council_by_code(code)
    if council is None:
        return add(Council(code=code, name=name, **fields))
    assign(council, name=name, **fields)
    return council


def person_by_name(name: str) -> Person | None:
    return db.session.scalars(select(Person).where(Person.name == name).order_by(Person.id)).first()


def upsert_person(name: str, **fields) -> Person:
    person = person_by_name(name)
    if person is None:
        return add(Person(name=name, **fields))
    assign(person, **{k: v for k, v in fields.items() if v is not None})
    return person


def ensure_membership(person: Person, council: Council, role: str, *,
                      organisation: Organisation | None = None,
                      valid_from: date | None = None, valid_to: date | None = None,
                      on: date | None = None) -> Membership:
    """Find the person's membership with this role (active on ``on`` or starting ``valid_from``),
    or create it."""
    if role not in MembershipRole.values():
        raise ServiceError(f"Ukjent rolle '{role}'.")
    for m in person.memberships:
        if m.council_id != council.id or m.role != role:
            continue
        if (on is not None and m.active_on(on)) or (on is None and m.valid_from == valid_from):
            if organisation is not None:
                assign(m, organisation=organisation)
            if on is None:
                assign(m, valid_to=valid_to)
            return m
    return add(Membership(person=person, council=council, role=role, organisation=organisation,
                          valid_from=valid_from, valid_to=valid_to))


def end_membership(membership: Membership, on: date) -> None:
    """Memberships end; they are never deleted, so history stays visible."""
    if membership.valid_from and on < membership.valid_from:
        raise ServiceError("Sluttdato kan ikke være før startdato.")
    assign(membership, valid_to=on)


def members_on(council: Council, day: date) -> list[Membership]:
    rows = db.session.scalars(
        select(Membership).where(Membership.council_id == council.id)
        .options(joinedload(Membership.person).joinedload(Person.organisation),
                 joinedload(Membership.organisation))
        .order_by(Membership.id)
    ).all()
    return [m for m in rows if m.active_on(day)]
