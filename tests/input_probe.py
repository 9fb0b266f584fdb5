"""Bad input on every route: integers out of range and malformed strings in the URL, the query
string and every form field, as the admin (who may post every form). ``probe_inputs`` returns
each request that answered 500 (or raised: the test app propagates exceptions), with the head
of its traceback; an empty list means none did.
"""
import io
import re
import traceback
from datetime import datetime, time

import time_machine
import wtforms
from flask import url_for
from flask_wtf import FlaskForm
from sqlalchemy import select
from werkzeug.routing.converters import AnyConverter, NumberConverter

from app.extensions import db
from app.models import AgendaItem, Attendance
from tests.access_matrix import ADMIN, World, log_in_directly, user_of, world_values
from tests.exempt_scenario import VIEW_DAY
from tests.route_filling import fill

HUGE = [2**64, 99999999999999999999, 2**63]
BAD_STRINGS = ["x" * 300, "\x00", "ÆØÅ%ff", "../../etc/passwd"]
QUERIES = [
    {name: "99999999999999999999" for name in ("år", "aar", "side", "item_id", "punkt", "utvalg", "status")},
    {name: "-1" for name in ("år", "aar", "side", "item_id", "punkt")},
    {name: "\x00<>'\"" for name in ("år", "aar", "side", "item_id", "punkt", "utvalg", "status", "q",
                                     "tekst", "omfang", "sorter", "forfalt", "alle", "lang", "next")},
]
FIELD_VALUES = ["18446744073709551616", "-1", "\x00", "x" * 3000, "9999-12-31", "0001-01-01",
                "{\"a\": [1, 2"]
PREFIXES = ["", "sak-", "registrert-", "pause-", "rediger-", "framdrift-", "eventuelt-", "roller-",
            "vara-", "deltaker-", "forfall-"]
RAW_FIELDS = ["order", "retning", "skjema", "status", "target", "action", "next", "item", "item_id",
              "original", "version", "revision", "postponed_to", "postponed_date", "sent_on",
              "outcome", "decision", "discussion", "kind", "is_break", "method", "confirm_unresolved"]
# Forms whose branch is chosen by a field: each branch is probed.
BRANCHES = {"followup.show": [{"skjema": "rediger"}, {"skjema": "framdrift"}],
            "minutes.approve": [{"method": "meeting"}, {"method": "circulation"}],
            "meetings.proposal": [{"action": "insert"}, {}]}


def as_admin(client) -> None:
    """Log the probing client in again as the admin (active again if a probe deactivated the
    account): posting to «Logg ut overalt», a password or the users page may end its session,
    and the rest of the probe would then only meet the login page."""
    admin = user_of(ADMIN)
    if not admin.active:
        admin.active = True
    db.session.commit()
    log_in_directly(client, admin)


def _form_classes(cls=FlaskForm):
    for sub in cls.__subclasses__():
        yield sub
        yield from _form_classes(sub)


def _field_names() -> set[str]:
    """The names of every field of every form of the app."""
    names = set()
    for form in _form_classes():
        for klass in form.__mro__:
            for name, value in vars(klass).items():
                if isinstance(value, wtforms.fields.core.UnboundField):
                    names.add(name)
    return names


def _form_data(value: str, meeting_id: int | None) -> dict:
    names = {p + n for p in PREFIXES for n in _field_names()} | set(RAW_FIELDS)
    if meeting_id is not None:  # the per-item and per-row fields of the meeting's pages
        for item_id in db.session.scalars(select(AgendaItem.id).where(AgendaItem.meeting_id == meeting_id)):
            names |= {f"punkt-{item_id}-{n}" for n in ("version", "kind", "decision", "discussion")}
            names |= {f"{n}-{item_id}" for n in ("decision", "kind", "discussion")}
        for row_id in db.session.scalars(select(Attendance.id).where(Attendance.meeting_id == meeting_id)):
            names |= {f"status-{row_id}", f"grunn-{row_id}"}
    return dict.fromkeys(sorted(names), value)


def _variants(rule, params: dict) -> list[tuple[str, dict]]:
    """(label, parameters) with one URL parameter at a time replaced by bad input."""
    variants = []
    for name, converter in rule._converters.items():
        if isinstance(converter, AnyConverter):
            continue
        bad = HUGE if isinstance(converter, NumberConverter) else BAD_STRINGS
        for value in bad:
            variants.append((f"{name}={str(value)[:20]}", {**params, name: value}))
    return variants


def probe_inputs(app, world: World) -> list[str]:
    found: list[str] = []
    client = app.test_client()
    log_in_directly(client, user_of(ADMIN))
    db.session.commit()

    def send(method: str, url: str, label: str, **kwargs) -> None:
        as_admin(client)
        try:
            response = client.open(url, method=method, **kwargs)
        except Exception as exc:  # the test app propagates what production answers with 500
            frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/app/" in f.filename]
            where = f"{frames[-1].filename.split('/app/')[-1]}:{frames[-1].lineno}" if frames else "?"
            found.append(f"{method} {url[:120]} [{label}]: {type(exc).__name__}: {str(exc)[:160]} at app/{where}")
            return
        if response.status_code >= 500:
            found.append(f"{method} {url[:120]} [{label}]: answered {response.status_code}")

    with time_machine.travel(datetime.combine(VIEW_DAY, time(12, 0)), tick=False):
        with app.test_request_context():
            values = world_values(world)
            plan = []
            for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
                if rule.endpoint in ("static", "design_system", "auth.logout"):
                    continue
                fills = fill(rule, values)
                if not fills:
                    continue
                params = fills[0]
                for method in ("GET", "POST"):
                    if method not in rule.methods:
                        continue
                    for label, bad in _variants(rule, params):
                        try:
                            plan.append((method, url_for(rule.endpoint, **bad), label, None))
                        except Exception as exc:  # a value the URL cannot even hold
                            found.append(f"url_for({rule.endpoint}, {label}): {type(exc).__name__}")
                    url = url_for(rule.endpoint, **params)
                    if method == "GET":
                        plan += [(method, url, f"query {n}", query) for n, query in enumerate(QUERIES)]
                    else:
                        for branch in BRANCHES.get(rule.endpoint, [{}]):
                            for value in FIELD_VALUES:
                                data = {**_form_data(value, params.get("meeting_id")), **branch}
                                plan.append((method, url, f"form {value[:12]!r} {branch}", data))
        db.session.commit()
        for method, url, label, payload in plan:
            if method == "GET":
                send(method, url, label, query_string=payload)
            elif payload is None:
                send(method, url, label, data={})
            else:
                if "file" in payload:  # uploads: a file that is not what it says
                    payload = {**payload, "file": (io.BytesIO(b"\xff\xfe\x00 ikke en docx"), "mal.docx")}
                send(method, url, label, data=payload)
    return found


# --- one bad field at a time, in the forms as the pages give them ------------------------------------

ONE_FIELD_VALUES = ["18446744073709551616", "\x00{\""]
DATE_VALUES = ["9999-12-31", "0001-01-01"]
SKIPPED_FIELDS = {"csrf_token", "submit"}


def _forms_on(html: str, page_url: str) -> list[tuple[str, dict[str, str], set[str]]]:
    """Each POST form of a page: its action, its fields as the page fills them, its date fields."""
    from urllib.parse import urljoin

    import lxml.html

    found = []
    for form in lxml.html.fromstring(html).forms:
        if (form.method or "GET").upper() != "POST":
            continue
        fields, dates = {}, set()
        for element in form.inputs:
            name = element.get("name")
            if not name or name in SKIPPED_FIELDS:
                continue
            kind = (element.get("type") or "").lower()
            if kind in ("checkbox", "radio") and not element.checked:
                continue
            if kind == "file":
                continue
            if element.tag == "select":
                value = element.value if not element.multiple else next(iter(element.value), "")
            else:
                value = element.value
            fields[name] = value if value is not None else ""
            if kind == "date":
                dates.add(name)
        found.append((urljoin(page_url, form.action or page_url), fields, dates))
    return found


def probe_forms(app, world: World) -> list[str]:
    """Every POST form found on every page the admin opens, sent back with one field at a time
    set to bad input (the others as the page filled them): never a 500."""
    from urllib.parse import urlsplit

    found: list[str] = []
    client = app.test_client()
    log_in_directly(client, user_of(ADMIN))
    db.session.commit()
    with time_machine.travel(datetime.combine(VIEW_DAY, time(12, 0)), tick=False):
        with app.test_request_context():
            values = world_values(world)
            pages = []
            for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
                if "GET" in rule.methods and rule.endpoint not in ("static", "design_system"):
                    fills = fill(rule, values)
                    if fills:
                        pages.append(url_for(rule.endpoint, **fills[0]))
        db.session.commit()
        seen = set()
        for page in pages:
            as_admin(client)
            response = client.get(page)
            if response.status_code != 200 or response.mimetype != "text/html":
                continue
            for action, fields, dates in _forms_on(response.get_data(as_text=True), page):
                path = urlsplit(action).path
                signature = (re.sub(r"\d+", "N", path), tuple(sorted(re.sub(r"\d+", "N", f) for f in fields)))
                if signature in seen:
                    continue
                seen.add(signature)
                for name in fields:
                    bad_values = ONE_FIELD_VALUES + (DATE_VALUES if name in dates else [])
                    for value in bad_values:
                        as_admin(client)
                        try:
                            answer = client.post(path, data={**fields, name: value})
                        except Exception as exc:  # the test app propagates what production answers with 500
                            frames = [f for f in traceback.extract_tb(exc.__traceback__) if "/app/" in f.filename]
                            where = f"{frames[-1].filename.split('/app/')[-1]}:{frames[-1].lineno}" if frames else "?"
                            found.append(f"POST {path} (form on {page}) {name}={value[:22]!r}: "
                                         f"{type(exc).__name__}: {str(exc)[:140]} at app/{where}")
                            continue
                        if answer.status_code >= 500:
                            found.append(f"POST {path} (form on {page}) {name}={value[:22]!r}: "
                                         f"answered {answer.status_code}")
    return found
