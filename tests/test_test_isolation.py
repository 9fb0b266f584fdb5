"""The test infrastructure itself: a request in a test runs in a database session of its own, as in
production, so a view that changes data and forgets to commit fails its test.

Each test registers a tiny blueprint on its (fresh) app and requests it through the `client`
fixture, then reads the database from the test's own session.
"""
import pytest
from flask import Blueprint
from sqlalchemy import select, text

from app.extensions import db
from app.models import Council
from tests.factories import make_council


def _views(app, seen_sessions: list):
    """Two views that rename a council: one commits, the other (the bug) does not."""
    blueprint = Blueprint("test_isolation", __name__)

    @blueprint.post("/_test/rename/<int:council_id>/<commit>")
    def rename(council_id, commit):
        seen_sessions.append(db.session())
        db.session.get(Council, council_id).name = "Endret av forespørselen"
        if commit == "ja":
            db.session.commit()
        return "ok"

    app.register_blueprint(blueprint)


def _fresh_name(council_id: int) -> str:
    """The name as a new connection reads it (not the test's session or its identity map). On
    SQLite the test's session takes the write lock when it reads, so it commits first."""
    db.session.commit()
    with db.engine.connect() as connection:
        return connection.execute(text("SELECT name FROM council WHERE id = :id"),
                                  {"id": council_id}).scalar_one()


def test_a_view_that_forgets_to_commit_is_caught(app, client):
    seen: list = []
    _views(app, seen)
    council = make_council()
    db.session.commit()
    council_id = council.id

    assert client.post(f"/_test/rename/{council_id}/nei").status_code == 200

    assert seen and seen[0] is not db.session(), "the request used the test's own session"
    assert _fresh_name(council_id) == "Prioriteringsutvalget"
    # The test's session does not see it either: its objects are read again after the request.
    assert council.name == "Prioriteringsutvalget"
    assert db.session.scalar(select(Council.name).where(Council.id == council_id)) == "Prioriteringsutvalget"


def test_a_view_that_commits_is_seen_by_the_test(app, client):
    """The counterpart: the same check passes once the view commits (so the one above can fail)."""
    seen: list = []
    _views(app, seen)
    council = make_council()
    db.session.commit()
    council_id = council.id

    assert client.post(f"/_test/rename/{council_id}/ja").status_code == 200

    assert _fresh_name(council_id) == "Endret av forespørselen"
    assert council.name == "Endret av forespørselen"  # the test's object is read again


def test_two_requests_do_not_share_a_session(app, client):
    seen: list = []
    _views(app, seen)
    council_id = make_council().id
    db.session.commit()
    client.post(f"/_test/rename/{council_id}/ja")
    client.post(f"/_test/rename/{council_id}/ja")
    assert len(seen) == 2 and seen[0] is not seen[1]


@pytest.mark.parametrize("app", ["sqlite"], indirect=True)
def test_a_cli_command_runs_in_a_session_of_its_own(app, runner):
    import click

    sessions: list = []

    @app.cli.command("_test-forgets-commit")
    def forgets_commit():
        sessions.append(db.session())
        db.session.get(Council, council_id).name = "Endret av kommandoen"
        click.echo("done")

    council_id = make_council().id
    db.session.commit()
    result = runner.invoke(args=["_test-forgets-commit"])
    assert result.exit_code == 0, result.output
    assert sessions and sessions[0] is not db.session()
    assert _fresh_name(council_id) == "Prioriteringsutvalget"
