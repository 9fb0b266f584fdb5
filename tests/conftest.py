"""Test fixtures.

Every test that uses ``app`` runs on SQLite, and also on PostgreSQL when ``TEST_DATABASE_URL`` is
set: the suite then creates a database of its own on that server and drops it at the end.
"""
import os
import uuid
from contextlib import contextmanager

import psycopg
import pytest
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db as _db
from config import TestingConfig

PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])


def _admin_conninfo(url) -> str:
    return url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh PostgreSQL database for this test run, dropped afterwards."""
    if not PG_URL:
        yield None
        return
    base = make_url(PG_URL)
    name = f"{base.database or 'motebok'}_t{uuid.uuid4().hex[:8]}"
    with psycopg.connect(_admin_conninfo(base), autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield base.set(drivername="postgresql+psycopg", database=name).render_as_string(hide_password=False)
    with psycopg.connect(_admin_conninfo(base), autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


@pytest.fixture(scope="session")
def postgres_schema_ready(postgres_url):
    """Create the tables on the PostgreSQL test database once per run."""
    if postgres_url:
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=postgres_url)
        with app.app_context():
            _db.create_all()
            _db.engine.dispose()
    return postgres_url


def _truncate_all() -> None:
    tables = ", ".join(f'"{t.name}"' for t in _db.metadata.sorted_tables)
    _db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
    _db.session.commit()


@pytest.fixture(params=BACKENDS)
def app(request, tmp_path, postgres_schema_ready):
    if request.param == "postgresql":
        url = postgres_schema_ready
    else:
        url = f"sqlite:///{tmp_path / 'test.db'}"
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url,
                     UPLOAD_FOLDER=str(tmp_path / "uploads"))
    with app.app_context():
        if request.param == "postgresql":
            _truncate_all()
        else:
            _db.create_all()
        yield app
        _db.session.remove()
        _db.engine.dispose()


@pytest.fixture
def db(app):
    return _db


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def demo(app):
    """The demo's papers (history + NUIT 3/22, held) without the meeting cycle: no minutes,
    attendance, follow-up actions or NUIT 4/22 yet, so a test can run the cycle itself."""
    from app.demo import load_demo

    load_demo(with_cycle=False)
    return app


@pytest.fixture
def demo_full(app):
    """The whole demo as `make run` loads it, meeting cycle included (app/demo/data/cycle.yaml)."""
    from app.demo import load_demo

    load_demo()
    return app


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@contextmanager
def count_queries(engine):
    """Count SQL statements run inside the block: ``with count_queries(db.engine) as n: …; n()``."""
    statements: list[str] = []

    def before(_conn, _cursor, statement, *_args):
        if not statement.lstrip().upper().startswith(("BEGIN", "SAVEPOINT", "RELEASE")):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", before)
    try:
        yield lambda: len(statements)
    finally:
        event.remove(engine, "before_cursor_execute", before)


def login(client, app, email="sekretar@example.no", roles=("secretariat",), password="riktig-passord-123"):
    """Create a user with the roles and log the client in."""
    from app.services.registry.users import create_user, user_by_email

    # The test's app context is active (the `app` fixture), and test-client requests reuse it, so
    # everything shares one session; a second app context would wait for its SQLite write lock.
    if user_by_email(email) is None:
        create_user(email, password, list(roles))
    _db.session.commit()
    response = client.post("/logg-inn", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response
