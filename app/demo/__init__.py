"""Demo data: a short history plus NUIT 3/22 transcribed from seed 002, in the import format, the
meeting cycle (cycle.py) and what members bring to it (participation.py); and the demo logins."""
import secrets
from pathlib import Path

from sqlalchemy import select

from app.data_io.importer import import_document, load_yaml
from app.demo.cycle import load_cycle
from app.demo.participation import MEMBER_NAME, add_exempt_case, load_participation, with_late_item
from app.extensions import db
from app.models import Person, Role
from app.services.core.audit import acting_as
from app.services.registry.users import create_user, user_by_email

DEMO_EMAIL = "sekretariat@motebok.example"
MEMBER_EMAIL = "medlem@motebok.example"  # linked to MEMBER_NAME, a seed member of NUIT
ARCHIVIST_EMAIL = "arkiv@motebok.example"

DATA_DIR = Path(__file__).parent / "data"
FILES = ("history.yaml", "nuit-2022-3.yaml")  # order matters: 1/22 and 2/22 come before 3/22


def load_demo(with_cycle: bool = True) -> str:
    """Import the demo files (and, unless ``with_cycle`` is False, the meeting cycle of
    data/cycle.yaml); a second run finds everything in place and changes nothing."""
    created = 0
    for name in FILES:
        doc = with_late_item(load_yaml((DATA_DIR / name).read_text(encoding="utf-8")))
        report = import_document(doc, actor="demo")
        created += report.meetings_created
    if not with_cycle:
        return f"{created} new meeting(s)"
    with acting_as(label="demo"):
        add_exempt_case()  # NUIT 2/22's late item, before the cycle records 2/22
        cycle = load_cycle(DATA_DIR / "cycle.yaml")
        participation = load_participation()
        db.session.commit()
    return (f"{created} new meeting(s)" + (", meeting cycle loaded" if cycle else "")
            + (", members' participation loaded" if participation else ""))


def ensure_demo_login() -> str:
    """The demo secretariat account, with a fresh random password (never a fixed one)."""
    return _ensure_role_login(DEMO_EMAIL, [Role.SECRETARIAT, Role.ADMIN])


def ensure_archivist_login() -> str:
    """The demo archivist's account (role archivist only), with a fresh random password."""
    return _ensure_role_login(ARCHIVIST_EMAIL, [Role.ARCHIVIST])


def _ensure_role_login(email: str, roles: list[str]) -> str:
    password = secrets.token_urlsafe(12)
    with acting_as(label="demo"):
        user = user_by_email(email)
        if user is None:
            create_user(email, password, roles)
        else:
            user.set_password(password)
        db.session.commit()
    return password


def ensure_member_login() -> tuple[str, str] | None:
    """The demo member's account (no role, linked to a seed member of NUIT), with a fresh random
    password: (password, the member's name); None when the demo is not loaded."""
    person = db.session.scalar(select(Person).where(Person.name == MEMBER_NAME))
    if person is None:
        return None
    password = secrets.token_urlsafe(12)
    with acting_as(label="demo"):
        user = user_by_email(MEMBER_EMAIL)
        if user is None:
            user = create_user(MEMBER_EMAIL, password, [])
        else:
            user.set_password(password)
        user.person_id = person.id
        db.session.commit()
    return password, person.name
