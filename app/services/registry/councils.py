"""Organisations, councils, people and memberships."""
import re
from datetime import date

from flask_babel import lazy_gettext as _l
from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import joinedload

from app.extensions import db
from app.formatting import FormatError, check_case_number_format, long_date
from app.input_limits import clean_text
from app.models import Council, Membership, MembershipRole, Organisation, Person
from app.models.council import DEFAULT_CASE_NUMBER_FORMAT
from app.services import FieldError, ServiceError
from app.services.core.input_checks import check_plausible_date
from app.services.core.records import add, assign


def organisation_by_name(name: str) -> Organisation | None:
    return db.session.scalar(select(Organisation).where(Organisation.name == name))


def upsert_organisation(name: str, short_name: str | None = None) -> Organisation:
    name = clean_text(name)
    if not name:
        raise ServiceError(_l("Organisasjonen må ha et navn."))
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
            raise ServiceError(_l("Saksnummerformat: %(error)s", error=exc)) from None
    for field in ("active_from", "active_to"):
        check_plausible_date(fields.get(field), field)
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
        raise ServiceError(_l("Ukjent rolle '%(role)s'.", role=role))
    check_plausible_date(valid_from, "valid_from")
    check_plausible_date(valid_to, "valid_to")
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
    if on is None:
        raise FieldError("valid_to", _l("Skriv datoen medlemskapet slutter."))
    check_plausible_date(on, "valid_to")
    if membership.valid_to is not None:
        raise ServiceError(_l("Medlemskapet er allerede avsluttet %(valid_to)s.",
                              valid_to=long_date(membership.valid_to)))
    if membership.valid_from and on < membership.valid_from:
        raise FieldError("valid_to", _l("Sluttdatoen kan ikke være før startdatoen (%(valid_from)s).",
                                        valid_from=long_date(membership.valid_from)))
    assign(membership, valid_to=on)


def members_on(council: Council, day: date) -> list[Membership]:
    rows = db.session.scalars(
        select(Membership).where(Membership.council_id == council.id)
        .options(joinedload(Membership.person).joinedload(Person.organisation),
                 joinedload(Membership.organisation))
        .order_by(Membership.id)
    ).all()
    return [m for m in rows if m.active_on(day)]


# --- The secretariat's register (web pages) ------------------------------------------------------

COUNCIL_CODE = re.compile(r"[A-ZÆØÅ][A-ZÆØÅ0-9]{1,9}")
EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
ROLE_ORDER = [MembershipRole.LEADER, MembershipRole.DEPUTY_LEADER, MembershipRole.MEMBER,
              MembershipRole.SUBSTITUTE, MembershipRole.OBSERVER, MembershipRole.SECRETARIAT]


def _text(value: str | None, multiline: bool = False) -> str | None:
    return clean_text(value, multiline=multiline)


def _required(field: str, value: str | None, message: str, max_length: int) -> str:
    value = _text(value)
    if value is None:
        raise FieldError(field, message)
    if len(value) > max_length:
        raise FieldError(field, _l("Høyst %(max_length)s tegn.", max_length=max_length))
    return value


def _optional(field: str, value: str | None, max_length: int) -> str | None:
    value = _text(value)
    if value is not None and len(value) > max_length:
        raise FieldError(field, _l("Høyst %(max_length)s tegn.", max_length=max_length))
    return value


def paginate(query, page: int, per_page: int):
    """One page of ``query`` (a select): a count query and a page query, however long the list."""
    return db.paginate(query, page=max(page, 1), per_page=per_page, error_out=False)


# Councils

def councils_page(page: int, per_page: int):
    return paginate(select(Council).options(joinedload(Council.secretariat))
                    .order_by(Council.code), page, per_page)


def check_format(case_number_format: str | None) -> str:
    """The council's case-number format, checked; FieldError with the reason if it is unusable."""
    fmt = _required("case_number_format", case_number_format,
                    _l("Skriv et saksnummerformat, for eksempel {seq}/{yy}."), 40)
    try:
        check_case_number_format(fmt)
    except FormatError as exc:
        message = str(exc)
        raise FieldError("case_number_format", message[:1].upper() + message[1:] + ".") from None
    return fmt


def _council_fields(name, description, case_number_format, active_from, active_to,
                    secretariat) -> dict:
    fmt = check_format(case_number_format)
    check_plausible_date(active_from, "active_from")
    check_plausible_date(active_to, "active_to")
    if active_from and active_to and active_to < active_from:
        raise FieldError("active_to", _l("Sluttdatoen kan ikke være før startdatoen."))
    return {
        "name": _required("name", name, _l("Skriv navnet på utvalget."), 200),
        "description": _text(description, multiline=True),
        "case_number_format": fmt,
        "active_from": active_from,
        "active_to": active_to,
        "secretariat": secretariat,
    }


def create_council(code: str, name: str, *, description: str | None = None,
                   case_number_format: str = DEFAULT_CASE_NUMBER_FORMAT,
                   active_from: date | None = None, active_to: date | None = None,
                   secretariat: Organisation | None = None) -> Council:
    """A new council. Its code is fixed from now on (it is in addresses and documents)."""
    code = (code or "").strip().upper()
    if not code:
        raise FieldError("code", _l("Skriv en kode for utvalget, for eksempel NUIT."))
    if not COUNCIL_CODE.fullmatch(code):
        raise FieldError("code", _l("Koden må være 2–10 store bokstaver eller sifre og begynne "
                                    "med en bokstav, for eksempel NUIT."))
    fields = _council_fields(name, description, case_number_format, active_from, active_to,
                             secretariat)
    if council_by_code(code) is not None:
        raise FieldError("code", _l("Det finnes allerede et utvalg med koden %(code)s.", code=code))
    return add(Council(code=code, **fields))


def update_council(council: Council, *, name: str, description: str | None,
                   case_number_format: str, active_from: date | None, active_to: date | None,
                   secretariat: Organisation | None) -> bool:
    """Change a council's settings (never its code). Returns True when something changed."""
    fields = _council_fields(name, description, case_number_format, active_from, active_to,
                             secretariat)
    return assign(council, **fields)


# Organisations

def organisations_page(page: int, per_page: int):
    return paginate(select(Organisation).order_by(Organisation.name, Organisation.id),
                    page, per_page)


def all_councils() -> list[Council]:
    return db.session.scalars(select(Council).order_by(Council.code)).all()


def other_councils(council: Council) -> list[Council]:
    return db.session.scalars(select(Council).where(Council.id != council.id)
                              .order_by(Council.code)).all()


def all_organisations() -> list[Organisation]:
    return list(db.session.scalars(select(Organisation).order_by(Organisation.name)))


def _organisation_fields(org: Organisation | None, name: str, short_name: str | None) -> dict:
    name = _required("name", name, _l("Skriv navnet på organisasjonen."), 200)
    same = db.session.scalar(select(Organisation).where(
        func.lower(Organisation.name) == name.lower(),
        *([Organisation.id != org.id] if org is not None else [])))
    if same is not None:
        raise FieldError("name", _l("Det finnes allerede en organisasjon som heter «%(name)s».",
                                    name=same.name))
    return {"name": name, "short_name": _optional("short_name", short_name, 50)}


def _flush_unique_name(name: str) -> None:
    """Flush; a concurrent save of the same name hits the unique constraint and gets the same
    message as the check above."""
    try:
        with db.session.begin_nested():
            db.session.flush()
    except IntegrityError:
        raise FieldError("name", _l("Det finnes allerede en organisasjon som heter «%(name)s».",
                                    name=name)) from None


def create_organisation(name: str, short_name: str | None = None) -> Organisation:
    fields = _organisation_fields(None, name, short_name)
    org = Organisation(**fields)
    db.session.add(org)
    _flush_unique_name(fields["name"])
    return org


def update_organisation(org: Organisation, *, name: str, short_name: str | None) -> bool:
    fields = _organisation_fields(org, name, short_name)
    changed = assign(org, **fields)
    if changed:
        _flush_unique_name(fields["name"])
    return changed


# People

def people_page(page: int, per_page: int, search: str | None = None):
    query = select(Person).options(joinedload(Person.organisation))
    search = _text(search)
    if search:
        escaped = search.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
        query = query.where(Person.name.ilike(f"%{escaped}%", escape="\\"))
    return paginate(query.order_by(Person.name, Person.id), page, per_page)


def all_people() -> list[Person]:
    return list(db.session.scalars(
        select(Person).options(joinedload(Person.organisation)).order_by(Person.name, Person.id)))


def _person_fields(name, title, organisation, email) -> dict:
    email = _optional("email", email, 254)
    if email is not None and not EMAIL.fullmatch(email):
        raise FieldError("email", _l("Skriv en gyldig e-postadresse, for eksempel navn@example.no."))
    return {
        "name": _required("name", name, _l("Skriv navnet på personen."), 200),
        "title": _optional("title", title, 200),
        "organisation": organisation,
        "email": email,
    }


def create_person(name: str, *, title: str | None = None,
                  organisation: Organisation | None = None, email: str | None = None) -> Person:
    return add(Person(**_person_fields(name, title, organisation, email)))


def update_person(person: Person, *, name: str, title: str | None,
                  organisation: Organisation | None, email: str | None) -> bool:
    return assign(person, **_person_fields(name, title, organisation, email))


def person_memberships(person: Person) -> list[Membership]:
    return list(db.session.scalars(
        select(Membership).where(Membership.person_id == person.id)
        .options(joinedload(Membership.council), joinedload(Membership.organisation))
        .order_by(Membership.valid_from.desc(), Membership.id.desc())))


# Memberships

def council_memberships(council: Council) -> list[Membership]:
    """Every membership of the council, ended ones too, with person and organisations loaded
    (one query however many there are)."""
    return list(db.session.scalars(
        select(Membership).where(Membership.council_id == council.id)
        .options(joinedload(Membership.person).joinedload(Person.organisation),
                 joinedload(Membership.organisation))
        .order_by(Membership.id)))


def _role_rank(membership: Membership) -> int:
    return ROLE_ORDER.index(membership.role) if membership.role in ROLE_ORDER else len(ROLE_ORDER)


def split_memberships(memberships: list[Membership], day: date) -> dict[str, list[Membership]]:
    """Current (leader first, then by role, then in the order they were added), upcoming and
    ended (most recently ended first)."""
    current = sorted((m for m in memberships if m.active_on(day)), key=_role_rank)
    upcoming = [m for m in memberships if m.valid_from is not None and m.valid_from > day]
    ended = sorted((m for m in memberships if m.valid_to is not None and m.valid_to < day),
                   key=lambda m: (m.valid_to, m.id), reverse=True)
    return {"current": current, "upcoming": upcoming, "ended": ended}


def roster(council: Council, day: date) -> dict[str, list[Membership]]:
    """The council as the public page shows it: members (leader first) and observers."""
    current = split_memberships(council_memberships(council), day)["current"]
    return {
        "members": [m for m in current if m.role not in (MembershipRole.OBSERVER,
                                                         MembershipRole.SECRETARIAT)],
        "observers": [m for m in current if m.role == MembershipRole.OBSERVER],
        "secretariat": [m for m in current if m.role == MembershipRole.SECRETARIAT],
    }


def _overlaps(m: Membership, start: date, end: date | None) -> bool:
    return (m.valid_to is None or m.valid_to >= start) and (end is None or m.valid_from is None
                                                            or m.valid_from <= end)


def add_membership(council: Council, person: Person | None, role: str, *,
                   organisation: Organisation | None = None,
                   valid_from: date | None = None) -> Membership:
    """A person's new seat in a council from a date (without an organisation: the one the person
    belongs to). One seat per person and council at a time, and one leader at a time."""
    if person is None:
        raise FieldError("person", _l("Velg en person."))
    if role not in MembershipRole.values():
        raise FieldError("role", _l("Velg en rolle fra listen."))
    if valid_from is None:
        raise FieldError("valid_from", _l("Skriv datoen medlemskapet gjelder fra."))
    check_plausible_date(valid_from, "valid_from")
    if council.active_to is not None and valid_from > council.active_to:
        raise FieldError("valid_from", _l("%(council_code)s ble avviklet %(active_to)s.",
                                          council_code=council.code, active_to=long_date(council.active_to)))
    others = council_memberships(council)
    for m in others:
        if m.person_id == person.id and _overlaps(m, valid_from, None):
            raise FieldError("person", _l("%(person_name)s har allerede et medlemskap i %(council_code)s "
                                          "(%(role)s) i denne perioden. Avslutt det først.",
                                          person_name=person.name, council_code=council.code, role=m.role))
    if role == MembershipRole.LEADER:
        for m in others:
            if m.role == MembershipRole.LEADER and _overlaps(m, valid_from, None):
                raise FieldError("role", _l("%(council_code)s har allerede en leder i denne perioden "
                                            "(%(person_name)s). Avslutt det vervet først.",
                                            council_code=council.code, person_name=m.person.name))
    # The organisation the seat represents is kept on the membership, so a later change of the
    # person's employer does not rewrite history.
    return add(Membership(person=person, council=council, role=role,
                          organisation=organisation or person.organisation, valid_from=valid_from))
