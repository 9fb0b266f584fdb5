"""Test fixtures.

Every test that uses ``app`` runs on SQLite, and also on PostgreSQL when ``TEST_DATABASE_URL`` is
set: the suite then creates a database of its own on that server (one per xdist worker) and drops
it at the end.

Requests and CLI commands run as in production: each in an app context and database session of its
own (``IsolatedClient``, ``IsolatedCliRunner``). The test body has its own app context and session
(``db.session``); before each request or command that session is committed, so what the test
arranged is in the database and its transaction is over. Its objects are then expired and read
again on next use, so after a request the test sees what the request *committed*, and nothing a
view left uncommitted.

The demo data is imported once per worker into a template SQLite file; ``demo`` and ``demo_full``
copy that file for each test (PostgreSQL: the rows are kept after the first import and inserted
again). Into a database that already has rows they import the demo on top, as before.
"""
import contextvars
import os
import shutil
import uuid
from contextlib import contextmanager
from pathlib import Path

import psycopg
import pytest
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from flask import current_app, has_app_context
from flask.sessions import SecureCookieSessionInterface
from flask.testing import FlaskClient, FlaskCliRunner
from itsdangerous import BadSignature
from sqlalchemy import event, text
from sqlalchemy.engine import make_url

from app import create_app
from app.extensions import db as _db
from config import TestingConfig

PG_URL = os.environ.get("TEST_DATABASE_URL")
BACKENDS = ["sqlite"] + (["postgresql"] if PG_URL else [])
CATALOG = Path(__file__).resolve().parent.parent / "translations" / "en" / "LC_MESSAGES"


@pytest.fixture(scope="session", autouse=True)
def compiled_translations():
    """The English .mo from the .po, as `make test` does with pybabel compile, so a plain `pytest`
    shows English too. Only when the .mo is missing or older than the .po; written to a temporary
    file and renamed, since xdist workers may do this at the same time."""
    po, mo = CATALOG / "messages.po", CATALOG / "messages.mo"
    if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
        return
    with po.open("rb") as handle:
        catalog = read_po(handle)
    partial = mo.with_name(f"messages.mo.{os.getpid()}.tmp")
    with partial.open("wb") as handle:
        write_mo(handle, catalog)
    os.replace(partial, mo)


def _end_test_transaction(app) -> None:
    """Commit the test's own session, if the test runs in ``app``'s context: its data is then in
    the database for the request, and on SQLite its BEGIN IMMEDIATE no longer holds the write
    lock the request may need."""
    if has_app_context() and current_app._get_current_object() is app:
        _db.session.commit()


class IsolatedClient(FlaskClient):
    """A test client whose requests get an app context (and so a database session) of their own,
    as in production, even though the test itself runs inside the app context of the `app`
    fixture: the request runs in an empty ``contextvars`` context, where Flask finds no app context
    to reuse and pushes a new one."""

    def open(self, *args, **kwargs):
        _end_test_transaction(self.application)
        return contextvars.Context().run(super().open, *args, **kwargs)


class IsolatedCliRunner(FlaskCliRunner):
    """``flask …`` commands in an app context and session of their own, as from a shell (where
    FlaskGroup pushes a fresh app context before running the command)."""

    def invoke(self, *args, **kwargs):
        _end_test_transaction(self.app)

        def run():
            with self.app.app_context():
                return FlaskCliRunner.invoke(self, *args, **kwargs)

        return contextvars.Context().run(run)


class ClockFreeSessionInterface(SecureCookieSessionInterface):
    """Flask's signed-cookie session, except that the signature's age is not checked. Tests freeze
    the clock (time_machine) in 2022 after logging in today; with the age check the login cookie
    would be "signed in the future" and the reader logged out. No test is about session expiry."""

    def open_session(self, app, request):
        serializer = self.get_signing_serializer(app)
        if serializer is None:
            return None
        value = request.cookies.get(self.get_cookie_name(app))
        if not value:
            return self.session_class()
        try:
            return self.session_class(serializer.loads(value))
        except BadSignature:
            return self.session_class()


def _admin_conninfo(url) -> str:
    return url.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)


@pytest.fixture(scope="session")
def postgres_url():
    """A fresh PostgreSQL database for this test run (for this xdist worker), dropped afterwards."""
    if not PG_URL:
        yield None
        return
    base = make_url(PG_URL)
    worker = os.environ.get("PYTEST_XDIST_WORKER", "main")  # session fixtures run once per worker
    name = f"{base.database or 'motebok'}_t{worker}_{uuid.uuid4().hex[:8]}"
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


def _make_app(url: str, uploads):
    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=url, UPLOAD_FOLDER=str(uploads),
                     ARCHIVE_FOLDER=str(uploads.parent / "archive"))
    app.test_client_class = IsolatedClient
    app.test_cli_runner_class = IsolatedCliRunner
    app.session_interface = ClockFreeSessionInterface()
    return app


@pytest.fixture(params=BACKENDS)
def app(request, tmp_path, postgres_schema_ready):
    if request.param == "postgresql":
        url = postgres_schema_ready
    else:
        url = f"sqlite:///{tmp_path / 'test.db'}"
    app = _make_app(url, tmp_path / "uploads")
    app.config["TEST_BACKEND"] = request.param
    app.config["TEST_DB_FILE"] = tmp_path / "test.db" if request.param == "sqlite" else None
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


def _build_template(directory, with_cycle: bool):
    """An SQLite file holding the demo (as load_demo(with_cycle) leaves it), and its uploads."""
    from app.demo import load_demo

    path = directory / "demo.db"
    app = _make_app(f"sqlite:///{path}", directory / "uploads")
    with app.app_context():
        _db.create_all()
        load_demo(with_cycle=with_cycle)
        _db.session.commit()
        _db.session.remove()
        _db.engine.dispose()
    return path


class DemoTemplates:
    """The demo, imported once per session (per xdist worker) and copied into each test's database:
    an SQLite file, and on PostgreSQL the rows of every table."""

    def __init__(self, tmp_path_factory):
        self._tmp_path_factory = tmp_path_factory
        self._files: dict[bool, Path] = {}
        self.pg_rows: dict[bool, list] = {}
        self.pg_uploads: dict[bool, Path] = {}  # the stored files that go with pg_rows

    def keep_pg_uploads(self, with_cycle: bool, uploads: Path) -> None:
        directory = self._tmp_path_factory.mktemp("demo-pg-uploads") / "uploads"
        if uploads.is_dir():
            shutil.copytree(uploads, directory)
        self.pg_uploads[with_cycle] = directory

    def sqlite_file(self, with_cycle: bool) -> Path:
        if with_cycle not in self._files:
            directory = self._tmp_path_factory.mktemp("demo-full" if with_cycle else "demo")
            self._files[with_cycle] = _build_template(directory, with_cycle)
        return self._files[with_cycle]

    def __call__(self, with_cycle: bool) -> Path:
        return self.sqlite_file(with_cycle)


@pytest.fixture(scope="session")
def _demo_templates(tmp_path_factory):
    return DemoTemplates(tmp_path_factory)


def _database_is_empty() -> bool:
    anything = " OR ".join(f'EXISTS (SELECT 1 FROM "{t.name}")' for t in _db.metadata.sorted_tables)
    empty = not _db.session.scalar(text(f"SELECT {anything}"))
    _db.session.commit()
    return empty


def _table_rows() -> list:
    return [(table, [dict(row._mapping) for row in _db.session.execute(table.select())])
            for table in _db.metadata.sorted_tables]


def _insert_rows(snapshot: list) -> None:
    """PostgreSQL: the rows back in (parents first), then each id sequence past the largest id.
    A foreign key to a table inserted later (the meeting ↔ agenda item cycle) is filled in
    afterwards with an UPDATE."""
    order = {table: n for n, (table, _rows) in enumerate(snapshot)}
    later = []
    for table, rows in snapshot:
        forward = [fk.parent.name for fk in table.foreign_keys if order[fk.column.table] >= order[table]]
        if rows:
            _db.session.execute(table.insert(), [{**row, **dict.fromkeys(forward)} for row in rows])
        if forward:
            later.append((table, forward, rows))
    for table, forward, rows in later:
        [key] = table.primary_key.columns
        for row in rows:
            values = {name: row[name] for name in forward if row[name] is not None}
            if values:
                _db.session.execute(table.update().where(key == row[key.name]).values(values))
    for table, _rows in snapshot:
        key = list(table.primary_key.columns)
        if len(key) == 1 and key[0].type.python_type is int:
            _db.session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('\"{table.name}\"', '{key[0].name}'), "
                f'COALESCE((SELECT MAX("{key[0].name}") FROM "{table.name}"), 0) + 1, false)'))
    _db.session.commit()


def _load_demo_into(app, templates: DemoTemplates, with_cycle: bool):
    from app.demo import load_demo

    if not _database_is_empty():
        # Something came first (another fixture, or both demo and demo_full): import on top of
        # it, as load_demo always could.
        load_demo(with_cycle=with_cycle)
        _db.session.commit()
        return app
    if app.config["TEST_BACKEND"] != "sqlite":
        if with_cycle in templates.pg_rows:
            _insert_rows(templates.pg_rows[with_cycle])
            if templates.pg_uploads[with_cycle].is_dir():
                shutil.copytree(templates.pg_uploads[with_cycle], app.config["UPLOAD_FOLDER"],
                                dirs_exist_ok=True)
        else:
            load_demo(with_cycle=with_cycle)
            _db.session.commit()
            templates.pg_rows[with_cycle] = _table_rows()
            templates.keep_pg_uploads(with_cycle, Path(app.config["UPLOAD_FOLDER"]))
            _db.session.commit()
        return app
    template = templates.sqlite_file(with_cycle)
    target = app.config["TEST_DB_FILE"]
    _db.session.remove()
    _db.engine.dispose()
    for suffix in ("-wal", "-shm"):
        if os.path.exists(f"{target}{suffix}"):
            os.remove(f"{target}{suffix}")
    shutil.copyfile(template, target)
    uploads = template.parent / "uploads"
    if uploads.is_dir():
        shutil.copytree(uploads, app.config["UPLOAD_FOLDER"], dirs_exist_ok=True)
    return app


@pytest.fixture
def demo(app, _demo_templates):
    """The demo's papers (history + NUIT 3/22, held) without the meeting cycle: no minutes,
    attendance, follow-up actions or NUIT 4/22 yet, so a test can run the cycle itself."""
    return _load_demo_into(app, _demo_templates, with_cycle=False)


@pytest.fixture
def demo_full(app, _demo_templates):
    """The whole demo as `make run` loads it, meeting cycle included (app/demo/data/cycle.yaml)."""
    return _load_demo_into(app, _demo_templates, with_cycle=True)


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

    # The test's session commits the user; the login request runs in a session of its own.
    if user_by_email(email) is None:
        create_user(email, password, list(roles))
    _db.session.commit()
    response = client.post("/logg-inn", data={"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)
    return response
