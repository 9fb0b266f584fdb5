"""Command line: `flask data import|export`, `flask demo`, `flask users create`.

Every command calls the same service functions as the web pages.
"""
import logging
import secrets
import sys
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from app.database import read_only
from app.extensions import db
from app.services import ServiceError
from app.services.audit import acting_as

data_cli = AppGroup("data", help="Importer og eksporter data (YAML).")
users_cli = AppGroup("users", help="Brukerkontoer.")


@data_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(path: Path) -> None:
    """Import FILE.yaml (all or nothing)."""
    from app.data_io.importer import ImportFailed, import_document, load_yaml

    try:
        report = import_document(load_yaml(path.read_text(encoding="utf-8")), actor="cli")
    except ImportFailed as failure:
        click.echo(f"Import refused; nothing was written. {len(failure.errors)} problem(s) in {path}:",
                   err=True)
        for error in failure.errors:
            click.echo(f"  {error}", err=True)
        sys.exit(1)
    click.echo(f"Imported {path}: {report.meetings_created} meeting(s) created, "
               f"{report.meetings_updated} updated, {report.items_created} agenda item(s) created, "
               f"{report.numbers_allocated} case number(s) allocated.")


@data_cli.command("export")
@click.option("--council", "council_code", help="Bare dette utvalget (f.eks. NUIT).")
@click.option("--year", type=int, help="Bare møter i dette året.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Fil å skrive til (standard: skjermen).")
def export_command(council_code: str | None, year: int | None, output: Path | None) -> None:
    """Export to YAML in the import format."""
    from app.data_io.exporter import dump_yaml, export_document
    from app.services.councils import council_by_code

    if council_code and council_by_code(council_code) is None:
        raise click.UsageError(f"unknown council '{council_code}'")
    with read_only():
        text = dump_yaml(export_document(council_code, year))
    if output:
        output.write_text(text, encoding="utf-8")
        click.echo(f"Wrote {output}")
    else:
        click.echo(text, nl=False)


@click.command("demo")
@click.option("--if-empty", is_flag=True, help="Bare hvis databasen ikke har noen utvalg ennå.")
def demo_command(if_empty: bool) -> None:
    """Load the demo data (NUIT 3/22 from the seed and a short history); safe to run twice."""
    from sqlalchemy import func, select

    from app.demo import load_demo
    from app.models import Council

    if if_empty and db.session.scalar(select(func.count()).select_from(Council)):
        click.echo("The database already has data; demo not loaded.")
        return
    report = load_demo()
    click.echo(f"Demo data loaded ({report}).")


@users_cli.command("demo-login")
def demo_login_command() -> None:
    """Create (or give a new random password to) the demo secretariat login and print it."""
    from app.demo import DEMO_EMAIL, ensure_demo_login

    password = ensure_demo_login()
    click.echo(f"Demo login: {DEMO_EMAIL} / {password}")


@users_cli.command("create")
@click.argument("email")
@click.option("--role", "roles", multiple=True, help="admin, secretariat eller archivist.")
@click.option("--password-stdin", is_flag=True, help="Les passordet fra standard inn.")
@click.option("--random-password", is_flag=True, help="Lag et tilfeldig passord og skriv det ut.")
def create_user_command(email: str, roles: tuple[str], password_stdin: bool,
                        random_password: bool) -> None:
    """Create a user."""
    from app.services.users import create_user

    if random_password:
        password = secrets.token_urlsafe(12)
    elif password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Passord", hide_input=True, confirmation_prompt=True)
    try:
        with acting_as(label="cli"):
            user = create_user(email, password, list(roles))
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    click.echo(f"Created user {user.email} with role(s) {', '.join(sorted(user.roles)) or '-'}.")
    if random_password:
        click.echo(f"Password: {password}")


scheduler_cli = AppGroup("scheduler", help="De faste jobbene: utsending av e-post og påminnelser.")


@scheduler_cli.command("run")
def scheduler_run_command() -> None:
    """Run the scheduler in this process until stopped (one such process is enough)."""
    import signal

    from flask import current_app

    from app.scheduler import build_scheduler, run_job

    app = current_app._get_current_object()
    logging.basicConfig(level=logging.INFO)
    click.echo("Planleggeren kjører: e-post hvert "
               f"{app.config['OUTBOX_INTERVAL_SECONDS']}. sekund, påminnelser kl. "
               f"{app.config['REMINDER_HOUR']:02d}.00. Stopp med Ctrl+C.")
    scheduler = build_scheduler(app)

    def stop(_signum, _frame):
        raise SystemExit(0)

    # systemd and supervisor stop with SIGTERM: finish the job that is running (so its lock is
    # released) instead of dying in the middle of it.
    signal.signal(signal.SIGTERM, stop)
    try:
        try:
            run_job(app, "reminders")  # catch up at start (the scan is idempotent)
        except Exception:  # logged by run_job; the e-mail job runs all the same
            pass
        scheduler.start()
    except (KeyboardInterrupt, SystemExit):
        pass
    finally:
        if scheduler.running:
            scheduler.shutdown(wait=True)
    click.echo("Planleggeren er stoppet.")


@scheduler_cli.command("once")
@click.argument("job", type=click.Choice(["send-outbox", "reminders", "all"]))
def scheduler_once_command(job: str) -> None:
    """Run one job now (for cron or a test) under the same lock as the scheduler."""
    from flask import current_app

    from app.scheduler import describe, run_job

    app = current_app._get_current_object()
    for name in (["reminders", "send-outbox"] if job == "all" else [job]):
        click.echo(describe(name, run_job(app, name)))


def register(app: Flask) -> None:
    app.cli.add_command(data_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(scheduler_cli)
