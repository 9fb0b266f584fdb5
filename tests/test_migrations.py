"""`flask db upgrade` from empty, then `flask db check`, must be clean on SQLite and PostgreSQL."""
import os
import subprocess
import sys
import uuid
from pathlib import Path

import psycopg
import pytest
from sqlalchemy.engine import make_url

PROJECT = Path(__file__).resolve().parent.parent
FLASK = str(Path(sys.executable).parent / "flask")


def _flask(database_url: str, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "DATABASE_URL": database_url, "FLASK_APP": "wsgi"}
    return subprocess.run([FLASK, *args], cwd=PROJECT, env=env, capture_output=True, text=True,
                          timeout=120)


def _upgrade_then_check(database_url: str) -> None:
    upgrade = _flask(database_url, "db", "upgrade")
    assert upgrade.returncode == 0, upgrade.stderr
    check = _flask(database_url, "db", "check")
    assert check.returncode == 0, check.stdout + check.stderr
    assert "No new upgrade operations detected" in check.stdout + check.stderr


def test_migrations_match_models_on_sqlite(tmp_path):
    _upgrade_then_check(f"sqlite:///{tmp_path / 'migrated.db'}")


@pytest.fixture
def empty_postgres_database(postgres_url):
    if postgres_url is None:
        pytest.skip("TEST_DATABASE_URL not set: PostgreSQL migrations are checked in CI (.ci/run)")
    base = make_url(postgres_url)
    admin = base.set(drivername="postgresql", database="postgres").render_as_string(hide_password=False)
    name = f"motebok_migr_{uuid.uuid4().hex[:8]}"
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    yield base.set(database=name).render_as_string(hide_password=False)
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def test_migrations_match_models_on_postgresql(empty_postgres_database):
    _upgrade_then_check(empty_postgres_database)


def test_demo_loads_on_a_migrated_database(tmp_path):
    """What `make run` does: upgrade, load the demo, print a login with a random password."""
    url = f"sqlite:///{tmp_path / 'run.db'}"
    assert _flask(url, "db", "upgrade").returncode == 0
    first = _flask(url, "demo", "--if-empty")
    assert first.returncode == 0, first.stderr
    assert "Demo data loaded" in first.stdout
    again = _flask(url, "demo", "--if-empty")
    assert "already has data" in again.stdout
    logins = [_flask(url, "users", "demo-login").stdout for _ in range(2)]
    assert all(line.startswith("Demo login: sekretariat@motebok.example / ") for line in logins)
    assert logins[0] != logins[1], "each run prints a new random password"
