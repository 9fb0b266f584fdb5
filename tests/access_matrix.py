"""The access matrix: every route of the app, as every kind of reader, against the access policy
declared for its endpoint in app/authz/routes.py (ROUTE_ACCESS) and the invented exempt material of
tests/exempt_scenario.py.

``check_routes`` returns the problems it finds as sentences (an empty list means none):

- a route whose endpoint has no declared policy, or whose URL parameters nobody knows how to fill;
- a status that does not follow from the policy (a refused reader must get 403, or the login page
  when not logged in; a permitted one must not);
- a 500;
- a secret word (tests/exempt_scenario.SECRET) in anything a reader without access receives:
  the body, a header, every XML part of a DOCX, the text of a PDF, a CSV; and at the end in the
  e-mails addressed to them;
- a refused POST that changed the database.

tests/test_access_matrix.py runs it on the app as it is (no problems) and on an app with a route
added without protection (the problems are found).
"""
import io
import re
import shutil
import subprocess
import tempfile
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime, time

import time_machine
from flask import session
from flask_login import login_user
from sqlalchemy import func, select

from app import authz, disclosure
from app.authz import Access, public
from app.authz import absence as absence_rules
from app.authz.archive import can_export_archive
from app.authz.history import can_view_history
from app.authz.inputs import can_open_input_page, may_give_input_in
from app.extensions import db
from app.models import (
    AgendaItem,
    CaseDocument,
    FollowUpAction,
    GeneratedPaper,
    ItemInput,
    Meeting,
    MinutesComment,
    OutboxMessage,
    User,
)
from app.services.casework import documents
from app.services.casework.cases import case_by_file_number
from app.services.paperwork import paper_store
from app.services.planning import meetings, notice
from app.services.planning.meetings import meeting_by_number
from app.services.registry import calendar_tokens, councils
from app.services.registry.users import create_user
from tests.archive_exports import stored_export
from tests.exempt_scenario import (
    ACTION_MARKER,
    CASE_BASIS,
    DOCUMENT_BASIS,
    EMAILS,
    NUFA_MEMBER,
    NUIT_MEMBER,
    PASSWORD,
    SECRET,
    SECRET_TITLE,
    SECRETARIAT,
    VIEW_DAY,
    build_scenario,
    council_by_code,
)
from tests.proposal_matrix import make_proposals, proposal_allowed
from tests.route_filling import route_values
from tests.test_pdf import _text_pdf

# --- the identities -------------------------------------------------------------------------------

ANONYMOUS = "anonym"
NO_ROLE = "innlogget uten rolle"
RESPONSIBLE = "ansvarlig for et oppfølgingspunkt"
ARCHIVIST = "arkivar"
ADMIN = "admin"
ALL_IDENTITIES = (ANONYMOUS, NO_ROLE, NUIT_MEMBER, NUFA_MEMBER, RESPONSIBLE, ARCHIVIST, SECRETARIAT,
                  ADMIN)
# Those who may see the exempt material of NUIT (the council of every invented secret below).
SEE_EXEMPT = frozenset({NUIT_MEMBER, ARCHIVIST, SECRETARIAT, ADMIN})
IDENTITY_EMAILS = {**EMAILS, NO_ROLE: "uten.rolle@example.no", RESPONSIBLE: "ruth.ansvarlig@example.no",
                   ARCHIVIST: "arkivar@example.no", ADMIN: "admin@example.no"}

# More invented secrets, beside those of the exempt scenario (all start with SECRET).
STALE_TITLE = "HEMMELIG-ORD-S: sak som ble unntatt etter at papirene ble laget"
STALE_PUBLIC_TITLE = "Sak om en avtale (unntatt senere)"
LATE_DOCUMENT = "HEMMELIG-ORD-V notat.pdf"  # public when the papers were made, exempt since
DRAFT_TITLE = "HEMMELIG-ORD-U: på utkastet til dagsorden, unntatt før innkallingen"
PAPER_DAY = datetime(2022, 6, 30, 12, 0)  # the stored papers are made, the case still public
EXEMPT_DAY = datetime(2022, 7, 1, 12, 0)  # the case becomes exempt, the notice is issued


def log_in_directly(client, user: User) -> None:
    """Log ``client`` in as ``user`` without the login form (which others throttle): Flask-Login's
    own ``login_user`` in a request context, its session copied into the client's cookie."""
    app = client.application
    with app.test_request_context():
        login_user(user)
        data = dict(session)
    with client.session_transaction() as client_session:
        client_session.update(data)


def make_identities() -> dict[str, User]:
    """The users of the identities the scenario does not make (make_people makes the members of
    NUIT and NUFA and the secretariat)."""
    responsible = councils.upsert_person("Ruth Ansvarlig", email=IDENTITY_EMAILS[RESPONSIBLE])
    users = {
        NO_ROLE: create_user(IDENTITY_EMAILS[NO_ROLE], PASSWORD, []),
        RESPONSIBLE: create_user(IDENTITY_EMAILS[RESPONSIBLE], PASSWORD, []),
        ARCHIVIST: create_user(IDENTITY_EMAILS[ARCHIVIST], PASSWORD, ["archivist"]),
        ADMIN: create_user(IDENTITY_EMAILS[ADMIN], PASSWORD, ["admin"]),
    }
    users[RESPONSIBLE].person = responsible
    db.session.flush()
    return users


def user_of(identity: str) -> User | None:
    if identity == ANONYMOUS:
        return None
    return db.session.scalar(select(User).where(User.email == IDENTITY_EMAILS[identity]))


# --- the world ------------------------------------------------------------------------------------

@dataclass
class World:
    meeting_id: int  # NUIT 3/22: the exempt scenario
    later_meeting_id: int  # NUIT 4/22: a paper made before its notice, on a case exempt since
    exempt_file: tuple[int, int]
    public_file: tuple[int, int]
    stale_file: tuple[int, int]  # the case made exempt after its public papers were stored
    action_id: int  # the scenario's action (its text is secret)
    responsible_action_id: int  # the action of RESPONSIBLE (ACTION_MARKER) on the exempt case
    stale_paper_ids: list[int] = field(default_factory=list)
    calendar_secret: str = ""  # the NUIT member's personal calendar feed


def _form_of_case(case) -> dict:
    return {"title": case.title, "description": case.description or "",
            "submitted_by_organisation": case.submitted_by_organisation_id or "",
            "submitted_by_person": case.submitted_by_person_id or "",
            "public_title": case.public_title or "", "legal_basis": case.legal_basis or "",
            "external_reference": case.external_reference or ""}


def build_world(app) -> World:
    """The demo, the exempt scenario, the identities, and the papers stored before a case became
    exempt or before a meeting's notice was issued (made through the pages, as the secretariat)."""
    users = make_identities()
    scenario = build_scenario(responsible_user=users[RESPONSIBLE])
    nuit = council_by_code("NUIT")
    meeting = meeting_by_number(nuit, 2022, 3)
    secretariat = user_of(SECRETARIAT)
    # 19/22, a case of its own (16/22 and 17/22, standard items, have no case file to make exempt).
    stale_item = next(i for i in meeting.items if i.case_seq == 19)
    stale_case = stale_item.case
    with time_machine.travel(PAPER_DAY, tick=False):
        stale_item.title = stale_case.title = STALE_TITLE  # public still
        later = meetings.create_meeting(nuit, date(2022, 9, 14), time(9, 0))
        public_case = case_by_file_number(*scenario.public_file)
        late_document = documents.add_document(public_case, io.BytesIO(_text_pdf("HEMMELIG-ORD-V")),
                                               LATE_DOCUMENT)
        draft = meetings.add_case_item(later, DRAFT_TITLE, item_type="Drøfting",
                                       presenters=["Kari Nordmann"])
        meetings.add_case_item(later, "Orientering om veikartet", item_type="Orientering",
                               presenters=["Kari Nordmann"])
        db.session.commit()
        client = app.test_client()
        log_in_directly(client, secretariat)
        paper_urls = [f"/moter/{meeting.id}/dokumenter/agenda/public/docx",
                      f"/moter/{meeting.id}/dokumenter/minutes/public/docx",
                      f"/moter/{later.id}/dokumenter/agenda/public/docx"]
        if paper_store.pdf_available():  # LibreOffice: the PDF's text is read with pdftotext
            paper_urls.append(f"/moter/{meeting.id}/dokumenter/agenda/public/pdf")
        for url in paper_urls:
            response = client.post(url)
            assert response.status_code == 302 and "/dokumenter/" in response.headers["Location"], url
    with time_machine.travel(EXEMPT_DAY, tick=False):
        edit = f"/saker/{stale_case.file_year}/{stale_case.file_seq}/endre"
        response = client.post(edit, data={**_form_of_case(stale_case), "exempt": "y",
                                           "legal_basis": CASE_BASIS, "public_title": STALE_PUBLIC_TITLE})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        access = (f"/saker/{public_case.file_year}/{public_case.file_seq}/vedlegg/"
                  f"{late_document.number}/skjerming")
        response = client.post(access, data={"exempt": "y", "legal_basis": DOCUMENT_BASIS})
        assert response.status_code == 302, response.get_data(as_text=True)[:2000]
        draft_case = db.session.get(AgendaItem, draft.id).case
        draft_case.exempt, draft_case.legal_basis = True, CASE_BASIS
        db.session.commit()
        notice.issue_notice(later.id, secretariat, accept_warnings=True)  # no proposals yet
        db.session.commit()
    db.session.add(MinutesComment(minutes_id=meeting.minutes.id, author_id=user_of(NUIT_MEMBER).id,
                                  author_name="Medlem av NUIT", text="En kommentar til referatet."))
    db.session.commit()
    make_proposals()
    # A finished archive export of NUIT 2022 holding the exempt title (archivists and admins only).
    stored_export(nuit, 2022, {"arkivuttrekk/arkivstruktur.xml": f"<tittel>{SECRET_TITLE}</tittel>".encode()},
                  user=users[ARCHIVIST])
    assert db.session.get(type(stale_case), stale_case.id).exempt
    papers = db.session.scalars(select(GeneratedPaper).order_by(GeneratedPaper.id)).all()
    # The stored public papers do hold what has become exempt since (else the matrix proves nothing).
    held = {(p.meeting_id, p.kind, p.format): " ".join(t for _w, t in _file_texts(paper_store.read(p)))
            for p in papers}
    assert STALE_TITLE in held[(meeting.id, "agenda", "docx")]
    assert LATE_DOCUMENT in held[(meeting.id, "agenda", "docx")]
    assert STALE_TITLE in held[(meeting.id, "minutes", "docx")]
    assert DRAFT_TITLE in held[(later.id, "agenda", "docx")]
    responsible_action = db.session.scalar(select(FollowUpAction).where(
        FollowUpAction.description == ACTION_MARKER))
    calendar_secret = calendar_tokens.renew(user_of(NUIT_MEMBER))
    db.session.commit()
    return World(calendar_secret=calendar_secret, meeting_id=meeting.id, later_meeting_id=later.id, exempt_file=scenario.exempt_file,
                 public_file=scenario.public_file,
                 stale_file=(stale_case.file_year, stale_case.file_seq), action_id=scenario.action_id,
                 responsible_action_id=responsible_action.id, stale_paper_ids=[p.id for p in papers])


def world_values(world: World) -> dict[str, list[dict]]:
    """The URL parameters to try: the world's objects first, then a few of each kind."""
    cases = [case_by_file_number(*f) for f in (world.exempt_file, world.public_file, world.stale_file)]
    documents = db.session.scalars(select(CaseDocument).where(
        CaseDocument.case_id.in_([c.id for c in cases])).order_by(CaseDocument.id)).all()
    return route_values(
        meetings=[db.session.get(Meeting, world.meeting_id), db.session.get(Meeting, world.later_meeting_id)],
        cases=cases, documents=documents,
        actions=[db.session.get(FollowUpAction, i) for i in (world.action_id, world.responsible_action_id)],
        papers=[db.session.get(GeneratedPaper, i) for i in world.stale_paper_ids],
        calendar_secrets=[world.calendar_secret] if world.calendar_secret else [],
        items=db.session.scalars(select(AgendaItem).join(ItemInput, ItemInput.item_id == AgendaItem.id)
                                 .order_by(AgendaItem.id)).all())


# --- what a response holds, as text -----------------------------------------------------------------

def _pdf_text(data: bytes) -> str:
    """The text of a PDF, as tests/test_pdf.py reads it (pdftotext from poppler-utils)."""
    if shutil.which("pdftotext") is None:
        from pypdf import PdfReader
        return " ".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    with tempfile.NamedTemporaryFile(suffix=".pdf") as handle:
        handle.write(data)
        handle.flush()
        return subprocess.run(["pdftotext", "-layout", handle.name, "-"], capture_output=True,
                              check=True, timeout=60).stdout.decode("utf-8", "replace")


def response_texts(response) -> list[tuple[str, str]]:
    """Everything a reader receives, as (where, text): each header, the body, and for a DOCX
    (or any ZIP) each part with and without its tags (Word splits words into runs), for a PDF
    its text."""
    texts = [(f"header {name}", value) for name, value in response.headers.items()]
    return texts + _file_texts(response.get_data())


def _file_texts(data: bytes) -> list[tuple[str, str]]:
    texts = [("body", data.decode("utf-8", "replace"))]
    if data[:2] == b"PK":
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            for name in archive.namelist():
                part = archive.read(name).decode("utf-8", "replace")
                texts.append((f"part {name}", part))
                texts.append((f"text of {name}", re.sub(r"<[^>]+>", "", part)))
    elif data[:5] == b"%PDF-":
        texts.append(("PDF text", _pdf_text(data)))
    return texts


def secrets_in(response) -> list[str]:
    return [where for where, content in response_texts(response) if SECRET.lower() in content.lower()]


# --- expected statuses ----------------------------------------------------------------------------

ALLOW, DENY = "allow", "deny"


def _object_rule(endpoint: str, method: str, user, params: dict) -> str:
    """ALLOW or DENY for an OBJECT route (authz.OBJECT_RULES), by the object in the URL."""
    if endpoint in ("minutes.show", "minutes.versions", "minutes.version", "minutes.comment",
                    "main.minutes"):
        if "meeting_id" in params:
            meeting = db.session.get(Meeting, params["meeting_id"])
        else:
            meeting = meeting_by_number(council_by_code(params["code"]), params["year"], params["number"])
        if meeting is None:
            return ALLOW  # 404 for everyone
        minutes = meeting.minutes
        allowed = authz.can_view_minutes(user, minutes)
        if endpoint == "minutes.version" and minutes is not None:
            allowed = allowed and params["number"] in {
                v.number for v in disclosure.visible_minutes_versions(minutes, user)}
        if endpoint == "minutes.comment":
            allowed = allowed and authz.can_comment_minutes(user, minutes)
        return ALLOW if allowed else DENY
    if endpoint == "cases.show":
        case = case_by_file_number(params["year"], params["seq"])
        return ALLOW if case is None or public.can_open_case_page(user, case) else DENY
    if endpoint == "cases.download":
        case = case_by_file_number(params["year"], params["seq"])
        if case is not None and not public.can_open_case_page(user, case):
            return DENY
        document = db.session.scalar(select(CaseDocument).where(
            CaseDocument.case_id == case.id, CaseDocument.number == params["number"]))
        return ALLOW if document is None or disclosure.document_visible(document, user) else DENY
    if endpoint == "meetings.calendar":
        return ALLOW if public.can_view_calendar(user) else DENY
    if endpoint == "papers.generate":
        meeting = db.session.get(Meeting, params["meeting_id"])
        return ALLOW if authz.can_generate_paper(user, meeting, params["kind"], params["variant"]) else DENY
    if endpoint == "papers.download":
        paper = db.session.get(GeneratedPaper, params["paper_id"])
        meeting = db.session.get(Meeting, params["meeting_id"])
        return ALLOW if authz.can_read_paper(user, meeting, paper.kind, paper.variant,
                                             paper=paper) else DENY
    if endpoint == "followup.show":
        action = db.session.get(FollowUpAction, params["action_id"])
        if user is None:
            return DENY
        if not authz.can_view_action(user, action):
            return DENY
        if method == "GET":
            return ALLOW
        may = authz.can_edit if params.get("skjema") == "rediger" else (
            lambda u: authz.can_update_action(u, action))
        return ALLOW if may(user) else DENY
    if endpoint in ("absence.report", "absence.withdraw", "absence.declare_conflict"):
        meeting = meeting_by_number(council_by_code(params["code"]), params["year"], params["number"])
        if meeting is None:
            return ALLOW  # 404 for everyone
        return ALLOW if absence_rules.can_report_absence(user, meeting) else DENY
    if endpoint.startswith("history."):
        return ALLOW if can_view_history(user) else DENY
    if endpoint.startswith("archive."):
        return ALLOW if can_export_archive(user) else DENY
    if endpoint.startswith("proposals."):
        return ALLOW if proposal_allowed(endpoint, user, params) else DENY
    if endpoint in ("inputs.edit", "inputs.delete"):
        if user is None:
            return DENY  # the login page first
        council = council_by_code(params["code"])
        if council is not None and not may_give_input_in(user, council):
            return DENY  # before the item is looked up: no hint of which items exist
        item = db.session.get(AgendaItem, params["item_id"])
        meeting = meeting_by_number(council_by_code(params["code"]), params["year"], params["number"])
        if item is None or meeting is None or item.meeting_id != meeting.id or not item.is_case:
            return ALLOW  # 404 for everyone
        return ALLOW if can_open_input_page(user, item) else DENY
    raise AssertionError(f"{endpoint}: an OBJECT route the matrix has no rule for (authz.OBJECT_RULES)")


def expected(policy: str, endpoint: str, method: str, user, params: dict) -> str:
    logged_in = user is not None
    if policy == Access.PUBLIC:
        return ALLOW
    if policy == Access.LOGIN:
        return ALLOW if logged_in else DENY
    if policy == Access.EDIT:
        return ALLOW if authz.can_edit(user) else DENY
    if policy == Access.ADMIN:
        return ALLOW if authz.can_administer(user) else DENY
    if policy == Access.OBJECT:
        return _object_rule(endpoint, method, user, params)
    raise AssertionError(f"{endpoint}: unknown policy {policy!r}")


def _is_login(response) -> bool:
    return response.status_code == 302 and "/logg-inn" in response.headers.get("Location", "")


def status_problem(policy: str, verdict: str, identity: str, response) -> str | None:
    status = response.status_code
    if status >= 500:
        return f"answered {status}"
    if verdict == ALLOW:
        if status == 403 or _is_login(response):
            return f"refused ({status}) though the policy ({policy}) allows it"
        return None
    if identity == ANONYMOUS and policy in (Access.LOGIN, Access.EDIT, Access.ADMIN):
        return None if _is_login(response) else f"answered {status}, not the login page ({policy})"
    if policy in (Access.EDIT, Access.ADMIN):
        return None if status == 403 else f"answered {status}, not 403 ({policy})"
    if status in (403, 404) or _is_login(response):
        return None
    return f"answered {status} though the policy ({policy}) refuses it"


# --- the check --------------------------------------------------------------------------------------

def _fingerprint() -> tuple:
    """The number of rows of every table, in one query: a refused POST changes none of them (the
    audit trail gets a row for every change)."""
    counts = [select(func.count()).select_from(table).scalar_subquery()
              for table in db.metadata.sorted_tables]
    row = db.session.execute(select(*counts)).one()
    db.session.rollback()
    return tuple(row)


# The forms a POST route holds, when it holds several: each is tried (an empty POST would be
# refused as incomplete before the permission is asked).
POST_FORMS = {"followup.show": [{"skjema": "rediger"}, {"skjema": "framdrift"}]}

SYNTHETIC = 987654  # an id no row has: for a route whose kind of object the world lacks


def _fills(rule, values: dict[str, list[dict]]) -> list[dict] | None:
    from werkzeug.routing.converters import AnyConverter

    from tests.route_filling import fill

    found = fill(rule, values)
    if found is not None:
        return found
    arguments = sorted(a for a, c in rule._converters.items() if not isinstance(c, AnyConverter))
    if ",".join(arguments) not in values:
        return None  # parameters nobody knows
    return [{name: SYNTHETIC for name in arguments}]  # known, but no such row: refused all the same


def check_routes(app, world: World, identities=ALL_IDENTITIES, endpoints=None) -> list[str]:
    """Every route (or those of ``endpoints``) as each identity; the problems found. Runs on
    VIEW_DAY (the scenario's minutes published, the reminders sent)."""
    from flask import url_for

    problems: list[str] = []
    with time_machine.travel(datetime.combine(VIEW_DAY, time(12, 0)), tick=False):
        with app.test_request_context():
            values = world_values(world)
            plan = []  # (endpoint, policy, method, url, params)
            for rule in sorted(app.url_map.iter_rules(), key=lambda r: r.rule):
                if endpoints is not None and rule.endpoint not in endpoints:
                    continue
                policy = authz.route_access(rule.endpoint)
                if policy is None:
                    problems.append(f"{rule.endpoint} ({rule.rule}): no access policy declared in "
                                    "app/authz/routes.py ROUTE_ACCESS")
                    continue
                fills = _fills(rule, values)
                if fills is None:
                    problems.append(f"{rule.endpoint} ({rule.rule}): the matrix cannot fill its "
                                    f"parameters ({', '.join(sorted(rule.arguments))}); add them "
                                    "to tests/route_filling.py")
                    continue
                for params in fills:
                    url = url_for(rule.endpoint, **params)
                    if "GET" in rule.methods:
                        plan.append((rule.endpoint, policy, "GET", url, params, None))
                    if "POST" in rule.methods:
                        for data in POST_FORMS.get(rule.endpoint, [{}]):
                            plan.append((rule.endpoint, policy, "POST", url, params, data))
        db.session.commit()
        for identity in identities:
            problems += _check_identity(app, identity, plan, world)
        problems += _check_outbox(identities)
    return problems


def _tried_when_allowed(endpoint: str, method: str, params: dict, world: World) -> bool:
    """A permitted POST is left to the fuzz test, except making the papers of the exempt
    scenario's meeting: the fresh paper each reader gets is scanned like any download."""
    return (method == "POST" and endpoint == "papers.generate"
            and params.get("meeting_id") == world.meeting_id and params.get("fmt") == "docx")


def _check_identity(app, identity: str, plan: list, world: World) -> list[str]:
    problems = []
    opened: set[tuple[str, str]] = set()
    client = app.test_client()
    user = user_of(identity)
    if user is not None:
        log_in_directly(client, user)
    db.session.commit()
    secret_free = identity not in SEE_EXEMPT
    for endpoint, policy, method, url, params, data in plan:
        user = user_of(identity)
        verdict = expected(policy, endpoint, method, user, {**params, **(data or {})})
        db.session.commit()
        if verdict == ALLOW and policy in (Access.EDIT, Access.ADMIN):
            # The secretariat's and the admin's pages do not depend on the object: one of each.
            if (endpoint, method) in opened:
                continue
            opened.add((endpoint, method))
        if method == "POST" and verdict == ALLOW:
            if not _tried_when_allowed(endpoint, method, params, world):
                continue  # permitted changes are tried by the fuzz test, as the admin
            response = _request(client, "POST", url, data, problems, identity, follow=True)
        elif method == "POST":
            if endpoint == "auth.logout":
                continue
            before = _fingerprint()
            response = _request(client, "POST", url, data, problems, identity)
            db.session.commit()
            if before != _fingerprint():
                problems.append(f"POST {url} as {identity}: refused, yet the database changed")
        else:
            response = _request(client, "GET", url, None, problems, identity)
        if response is None:
            continue
        found = status_problem(policy, verdict, identity, response)
        if found:
            problems.append(f"{method} {url} ({endpoint}) as {identity}: {found}")
        if secret_free and response.status_code < 500:
            places = secrets_in(response)
            if places:
                problems.append(f"{method} {url} ({endpoint}) as {identity}: the secret word in "
                                f"{', '.join(places[:4])}")
    return problems


def _request(client, method: str, url: str, data, problems: list, identity: str,
             follow: bool = False):
    """The response, or None when the request raised (the test app propagates what production
    answers with 500): then the problem is noted."""
    try:
        return client.open(url, method=method, data=data, follow_redirects=follow)
    except Exception as exc:  # noqa: BLE001 - every exception is a 500 in production
        problems.append(f"{method} {url} as {identity}: raised {type(exc).__name__}: {str(exc)[:160]}")
        db.session.rollback()
        return None


def _check_outbox(identities) -> list[str]:
    problems = []
    for identity in identities:
        if identity in SEE_EXEMPT or identity == ANONYMOUS:
            continue
        address = IDENTITY_EMAILS[identity]
        for message in db.session.scalars(select(OutboxMessage).where(
                func.lower(OutboxMessage.to_address) == address.lower())):
            if SECRET.lower() in f"{message.subject}\n{message.body}".lower():
                problems.append(f"e-mail «{message.subject}» ({message.kind}) to {identity}: the "
                                "secret word")
    db.session.rollback()
    return problems


def the_readers_see_it(app, world: World) -> dict[str, bool]:
    """Whether each identity with access finds the exempt case's real title on its page (so that
    the matrix cannot pass by everything being empty)."""
    seen = {}
    with time_machine.travel(datetime.combine(VIEW_DAY, time(12, 0)), tick=False):
        for identity in sorted(SEE_EXEMPT):
            client = app.test_client()
            log_in_directly(client, user_of(identity))
            db.session.commit()
            year, seq = world.exempt_file
            seen[identity] = SECRET_TITLE in client.get(f"/saker/{year}/{seq}").get_data(as_text=True)
    return seen

