"""Accounts and access that hold on every path (issue 10): the route × identity matrix.

Every route of the app (enumerated from ``app.url_map``, so a new route is covered or the test
fails) is opened as an anonymous visitor, a login without role, a member of NUIT, a member of
another council (NUFA), the person responsible for an action, an archivist, the secretariat and an
admin. The status must follow from the policy declared for the endpoint in app/authz/routes.py
(ROUTE_ACCESS, written out in docs/permissions.md), and the secret words of the invented exempt
material (tests/exempt_scenario.py, plus a case made exempt after its public papers were stored
and a draft item of a paper stored before its meeting's notice) must reach none of those without
access: no page, header, DOCX part, PDF text, CSV or e-mail. See tests/access_matrix.py.
"""
import re
from pathlib import Path

import time_machine
from flask import abort
from sqlalchemy import select

from app import authz
from app.authz import Access
from app.extensions import db
from app.models import OutboxMessage
from app.services.casework.cases import case_by_file_number
from app.web import secretariat_required
from tests.access_matrix import (
    ANONYMOUS,
    NUFA_MEMBER,
    RESPONSIBLE,
    SEE_EXEMPT,
    build_world,
    check_routes,
    log_in_directly,
    secrets_in,
    the_readers_see_it,
    user_of,
)
from tests.exempt_scenario import ACTION_MARKER, SECRET, VIEW_DAY


def test_every_route_as_every_identity_follows_its_policy_and_leaks_nothing(demo):
    world = build_world(demo)
    problems = check_routes(demo, world)
    assert problems == [], "\n" + "\n".join(problems)
    # The readers with access do see the exempt material, so nothing passes by being empty.
    assert the_readers_see_it(demo, world) == dict.fromkeys(SEE_EXEMPT, True)


def test_the_responsible_person_sees_the_action_but_not_the_case(demo):
    """DOMAIN.md §9: what they must do (the description, the due date), never the case's title."""
    world = build_world(demo)
    client = demo.test_client()
    log_in_directly(client, user_of(RESPONSIBLE))
    db.session.commit()
    with time_machine.travel(VIEW_DAY, tick=False):
        for url, due in ((f"/oppfolging/{world.responsible_action_id}", "30. juni 2022"),
                         ("/oppfolging/?alle=1", "30. juni 2022"),
                         ("/oppfolging/eksport.csv?alle=1", "2022-06-30")):
            response = client.get(url)
            assert response.status_code == 200, url
            assert ACTION_MARKER in response.get_data(as_text=True), url
            assert due in response.get_data(as_text=True), url
            assert secrets_in(response) == [], url
        # The scenario's other action on the same case is not theirs.
        assert client.get(f"/oppfolging/{world.action_id}").status_code == 403
    # The reminders: the due date and the way to the action, nothing of the case.
    reminders = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == user_of(RESPONSIBLE).email)).all()
    assert {m.kind for m in reminders} == {"followup_due_soon", "followup_overdue"}
    for message in reminders:
        text = f"{message.subject}\n{message.body}"
        assert f"/oppfolging/{world.responsible_action_id}" in text and SECRET not in text
        assert f"«{ACTION_MARKER}»" in text  # what they must do
    assert any("30. juni 2022" in m.body for m in reminders)


def test_docs_permissions_lists_every_route_with_its_declared_policy(app):
    """docs/permissions.md, the code and the matrix agree: the doc's list of routes is
    authz.ROUTE_ACCESS, and every route of the app is in it."""
    doc = (Path(__file__).resolve().parent.parent / "docs" / "permissions.md").read_text()
    listed = dict(re.findall(r"^\| `([\w.]+)` \| `[^`]*` \| [A-Z,]+ \| `([A-Z]+)`", doc, re.M))
    declared = {endpoint: policy.upper() for endpoint, policy in authz.ROUTE_ACCESS.items()}
    assert listed == declared
    assert {rule.endpoint for rule in app.url_map.iter_rules()} <= set(declared)


# --- the checker finds what it is there to find -------------------------------------------------------

def _add_leaky_route(app, protected: bool = False) -> None:
    """/lekk/<year>/<seq>: the case's real title, without any check (or behind the secretariat)."""
    def leak(year: int, seq: int):
        case = case_by_file_number(year, seq)
        if case is None:
            abort(404)
        return case.title

    view = secretariat_required(leak) if protected else leak
    app.add_url_rule("/lekk/<int:year>/<int:seq>", "lekk", view)


def test_the_matrix_catches_an_unprotected_route(demo, monkeypatch):
    _add_leaky_route(demo)
    world = build_world(demo)
    # Declared as a page for logged-in users: the visitor gets it (not the login page), and the
    # members of another council, and the responsible person, get the secret.
    monkeypatch.setitem(authz.ROUTE_ACCESS, "lekk", Access.LOGIN)
    problems = check_routes(demo, world, endpoints={"lekk"})
    year, seq = world.exempt_file
    assert f"GET /lekk/{year}/{seq} (lekk) as {ANONYMOUS}: answered 200, not the login page (login)" in problems
    for identity in (NUFA_MEMBER, RESPONSIBLE):
        assert f"GET /lekk/{year}/{seq} (lekk) as {identity}: the secret word in body" in problems
    # Declared for the secretariat: everyone else is let in where 403 was due.
    monkeypatch.setitem(authz.ROUTE_ACCESS, "lekk", Access.EDIT)
    problems = check_routes(demo, world, identities=(NUFA_MEMBER,), endpoints={"lekk"})
    assert f"GET /lekk/{year}/{seq} (lekk) as {NUFA_MEMBER}: answered 200, not 403 (edit)" in problems
    # Not declared at all: the route is named.
    monkeypatch.delitem(authz.ROUTE_ACCESS, "lekk")
    problems = check_routes(demo, world, identities=(ANONYMOUS,), endpoints={"lekk"})
    assert problems == ["lekk (/lekk/<int:year>/<int:seq>): no access policy declared in app/authz/routes.py "
                        "ROUTE_ACCESS"]


def test_the_matrix_accepts_the_same_route_protected(demo, monkeypatch):
    _add_leaky_route(demo, protected=True)
    world = build_world(demo)
    monkeypatch.setitem(authz.ROUTE_ACCESS, "lekk", Access.EDIT)
    assert check_routes(demo, world, endpoints={"lekk"}) == []
