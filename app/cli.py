"""Command line: `flask data import|export`, `flask demo`, `flask users create`, `flask agenda|minutes
docx` (the meeting papers), `flask archive export|check` (Noark 5), `flask serve` (app/serve.py,
for `make run`).

Every command calls the same service functions as the web pages.
"""
import logging
import secrets
import sys
from datetime import date
from pathlib import Path

import click
from flask import Flask
from flask.cli import AppGroup

from app import unit_of_work
from app.database import read_only
from app.extensions import db
from app.input_limits import EARLIEST_DATE, LATEST_DATE
from app.serve import print_demo_logins, serve_command

data_cli = AppGroup("data", help="Importer og eksporter data (YAML).")
users_cli = AppGroup("users", help="Brukerkontoer.")


@data_cli.command("import")
@click.argument("path", type=click.Path(exists=True, dir_okay=False, path_type=Path))
def import_command(path: Path) -> None:
    """Import FILE.yaml (all or nothing)."""
    from app.data_io.importer import ImportFailed, import_document, load_yaml

    try:
        report = import_document(load_yaml(path.read_bytes()), actor="cli")
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
@click.option("--year", type=click.IntRange(EARLIEST_DATE.year, LATEST_DATE.year),
              help="Bare møter i dette året.")
@click.option("-o", "--output", type=click.Path(dir_okay=False, path_type=Path),
              help="Fil å skrive til (standard: skjermen).")
def export_command(council_code: str | None, year: int | None, output: Path | None) -> None:
    """Export to YAML in the import format."""
    from app.data_io.exporter import dump_yaml, export_document
    from app.services.registry.councils import council_by_code

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
    """Create (or give a new random password to) the demo secretariat login and the demo member
    login (a seed member of NUIT), and print them."""
    print_demo_logins()


@users_cli.command("create")
@click.argument("email")
@click.option("--role", "roles", multiple=True,
              help="admin, secretariat eller archivist. Uten rolle: en konto for et medlem, med "
                   "rettigheter fra medlemskapene til personen.")
@click.option("--person", "person_ref", metavar="PERSON",
              help="Knytt kontoen til en person i registeret: fullt navn eller id.")
@click.option("--invite", is_flag=True,
              help="Send en invitasjon på e-post (lenke for å velge passord) i stedet for å sette "
                   "passordet her.")
@click.option("--password-stdin", is_flag=True, help="Les passordet fra standard inn.")
@click.option("--random-password", is_flag=True, help="Lag et tilfeldig passord og skriv det ut.")
def create_user_command(email: str, roles: tuple[str], person_ref: str | None, invite: bool,
                        password_stdin: bool, random_password: bool) -> None:
    """Create a user (optionally linked to a person of the register)."""
    from app.services.registry import user_admin

    if invite and (password_stdin or random_password):
        raise click.UsageError("--invite kan ikke kombineres med --password-stdin eller "
                               "--random-password.")
    # The person first: an unknown or ambiguous name is told before a password is asked for.
    outcome = unit_of_work.run(
        lambda: user_admin.person_from_reference(person_ref) if person_ref else None, "cli")
    if not outcome.ok:
        raise click.ClickException(outcome.error)
    person_id = outcome.value.id if outcome.value is not None else None
    password = None
    if random_password:
        password = secrets.token_urlsafe(12)
    elif password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    elif not invite:
        password = click.prompt("Passord", hide_input=True, confirmation_prompt=True)

    def create():
        from app.models import Person

        person = db.session.get(Person, person_id) if person_id is not None else None
        return user_admin.create_account(email, list(roles), person=person, password=password,
                                       send_invitation=invite)

    outcome = unit_of_work.run(create, "cli")
    if not outcome.ok:
        raise click.ClickException(outcome.error)
    user = outcome.value
    linked = f", linked to {user.person.name} (id {user.person.id})" if user.person else ""
    click.echo(f"Created user {user.email} with role(s) {', '.join(sorted(user.roles)) or '-'}{linked}.")
    if invite:
        click.echo("Invitation queued in the outbox (sent by `flask scheduler`).")
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
@click.argument("job", type=click.Choice(["send-outbox", "reminders", "archive-exports", "all"]))
def scheduler_once_command(job: str) -> None:
    """Run one job now (for cron or a test) under the same lock as the scheduler."""
    from flask import current_app

    from app.scheduler import describe, run_job

    app = current_app._get_current_object()
    for name in (["reminders", "send-outbox"] if job == "all" else [job]):
        click.echo(describe(name, run_job(app, name)))


agenda_cli = AppGroup("agenda", help="Innkalling og dagsorden som dokument (DOCX eller PDF).")
minutes_cli = AppGroup("minutes", help="Referat som dokument (DOCX eller PDF).")


def _fail(message: str):
    click.echo(f"Feil: {message}", err=True)
    sys.exit(1)


def _meeting_from_args(council_code: str, meeting_ref: str):
    """'NUIT', '3/22' → the meeting, or a clear Norwegian error and exit code 1."""
    import re

    from sqlalchemy import select

    from app.models import Council
    from app.services.planning.meetings import meeting_by_number
    from app.services.registry.councils import council_by_code

    council = council_by_code(council_code.strip().upper())
    if council is None:
        known = ", ".join(db.session.scalars(select(Council.code).order_by(Council.code))) or "ingen"
        _fail(f"Ukjent utvalg «{council_code}». Kjente utvalg: {known}.")
    match = re.fullmatch(r"\s*(\d{1,3})\s*/\s*(\d{2}|\d{4})\s*", meeting_ref)
    if match is None:
        _fail(f"«{meeting_ref}» er ikke et møtenummer. Skriv nummer/år, f.eks. 3/22.")
    number, year = int(match.group(1)), int(match.group(2))
    year = year + 2000 if year < 100 else year
    meeting = meeting_by_number(council, year, number)
    if meeting is None:
        _fail(f"Ukjent møte «{council.code} {meeting_ref.strip()}»: {council.code} har ikke noe "
              f"møte {number}/{year % 100:02d}.")
    return meeting


def _write_paper(kind: str, council_code: str, meeting_ref: str, output: Path, public: bool,
                 as_pdf: bool) -> None:
    """The same code as the download buttons: paper_store.generate renders the paper and stores it
    as a new version (with SHA-256); the file written is that version's bytes."""
    from app.services.paperwork import paper_store

    meeting = _meeting_from_args(council_code, meeting_ref)
    fmt = "pdf" if as_pdf or kind == "meeting_book" else "docx"
    if fmt == "pdf" and not paper_store.pdf_available():
        what = "Samlet saksdokument" if kind == "meeting_book" else "--pdf"
        _fail(f"{what} krever LibreOffice (soffice), som ikke er installert på denne maskinen. "
              "Installer det med `apt-get install libreoffice-writer-nogui`, eller lag DOCX "
              "(uten --pdf).")
    variant = "public" if public else "full"
    def generate():
        paper = paper_store.generate(meeting, kind, variant, fmt)
        return paper, paper_store.read(paper)

    outcome = unit_of_work.run(generate, "cli")
    if not outcome.ok:
        _fail(outcome.error)
    paper, data = outcome.value
    try:
        output.write_bytes(data)
    except OSError as exc:
        _fail(f"Kunne ikke skrive {output}: {exc.strerror or exc}. Versjon {paper.version} er lagret "
              "i Møtebok og kan lastes ned der.")
    click.echo(f"Skrev {output} ({paper_store.paper_label(paper)}, {meeting.council.code} "
               f"{meeting.number}/{meeting.year % 100:02d}): versjon {paper.version}, "
               f"{paper.size} byte, SHA-256 {paper.sha256}")


def _paper_command(group: AppGroup, kind: str, name: str, help_text: str, default_name: str):
    @group.command(name, help=help_text, short_help=help_text.split(", f.eks.")[0] + ".")
    @click.argument("council_code", metavar="UTVALG")
    @click.argument("meeting_ref", metavar="MØTE")
    @click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
                  help=f"Filen som skrives (f.eks. {default_name}).")
    @click.option("--public", is_flag=True,
                  help="Offentlig versjon: innhold unntatt offentlighet er utelatt.")
    @click.option("--pdf", "as_pdf", is_flag=True, help="PDF/A i stedet for DOCX (krever LibreOffice).")
    def command(council_code: str, meeting_ref: str, output: Path, public: bool, as_pdf: bool) -> None:
        _write_paper(kind, council_code, meeting_ref, output, public, as_pdf)

    return command


_paper_command(agenda_cli, "agenda", "docx",
               "Innkalling og dagsorden for et møte, f.eks. `flask agenda docx NUIT 3/22 -o "
               "innkalling.docx`.", "innkalling.docx")
_paper_command(minutes_cli, "minutes", "docx",
               "Referat fra et møte, f.eks. `flask minutes docx NUIT 3/22 -o referat.docx`.",
               "referat.docx")


@agenda_cli.command("book")
@click.argument("council_code", metavar="UTVALG")
@click.argument("meeting_ref", metavar="MØTE")
@click.option("-o", "--output", required=True, type=click.Path(dir_okay=False, path_type=Path),
              help="PDF-filen som skrives (f.eks. saksdokument.pdf).")
@click.option("--public", is_flag=True, help="Uten dokumenter som er unntatt offentlighet.")
def agenda_book_command(council_code: str, meeting_ref: str, output: Path, public: bool) -> None:
    """Samlet saksdokument (PDF): innkallingen og alle saksdokumentene, med bokmerker per sak."""
    _write_paper("meeting_book", council_code, meeting_ref, output, public, True)


archive_cli = AppGroup("archive", help="Arkivuttrekk etter Noark 5 (v5.0).")


def _day(ctx, param, value):
    """--from/--to: a date as ÅÅÅÅ-MM-DD, refused in Norwegian."""
    if value is None:
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise click.BadParameter(f"«{value}» er ikke en dato; skriv den som ÅÅÅÅ-MM-DD, for eksempel "
                                 "2022-01-01.") from None


@archive_cli.command("export")
@click.option("--council", "council_code", help="Utvalget (f.eks. NUIT).")
@click.option("--all-councils", is_flag=True, help="Alle utvalg.")
@click.option("--year", type=click.IntRange(EARLIEST_DATE.year, LATEST_DATE.year), help="Møter i dette året.")
@click.option("--from", "date_from", callback=_day, help="Første dag (ÅÅÅÅ-MM-DD).")
@click.option("--to", "date_to", callback=_day, help="Siste dag (ÅÅÅÅ-MM-DD).")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path),
              help="Mappen uttrekket skrives til (må være ny eller tom).")
@click.option("--pdf/--no-pdf", "convert_pdf", default=None,
              help="Lag arkivformat (PDF/A-2b) med LibreOffice (standard: når det er installert).")
def archive_export_command(council_code, all_councils, year, date_from, date_to, out_dir, convert_pdf) -> None:
    """Write an arkivuttrekk (avleveringspakke) of the held meetings with approved minutes."""
    from app.services.archive.errors import ArchiveError
    from app.services.archive.export import export_package
    from app.services.archive.scope import Scope
    from app.services.registry.councils import council_by_code

    if bool(council_code) == all_councils:
        raise click.UsageError("oppgi enten --council UTVALG eller --all-councils")
    by_year = year is not None and date_from is None and date_to is None
    if not by_year and (year is not None or date_from is None or date_to is None):
        raise click.UsageError("oppgi enten --year eller både --from og --to")
    council = None
    if council_code:
        council = council_by_code(council_code.strip().upper())
        if council is None:
            _fail(f"Ukjent utvalg «{council_code}».")
    if year is not None:
        scope = Scope.year(council, year)
    else:
        if date_from > date_to:
            raise click.UsageError("--from kan ikke være etter --to")
        scope = Scope(council, date_from, date_to)

    if out_dir.exists() and not out_dir.is_dir():
        _fail(f"{out_dir} er en fil, ikke en mappe. Velg en ny mappe for uttrekket.")

    def progress(*args, **_kwargs):
        click.echo("  " + " ".join(str(a) for a in args))

    click.echo(f"Arkivuttrekk {scope.label} → {out_dir}")
    try:
        with read_only():
            result = export_package(scope, out_dir, convert_pdf=convert_pdf, progress=progress)
            exported = _meeting_labels(result.meeting_ids)
    except ArchiveError as exc:
        _fail(str(exc))
    from app.services.archive.jobs import record_folder_export

    unit_of_work.run(lambda: record_folder_export(scope, result), "cli")
    click.echo("Antall: " + ", ".join(f"{key} {value}" for key, value in result.counts.items()))
    click.echo(f"Møter i uttrekket ({len(exported)}):")
    for label in exported:
        click.echo(f"  {label}")
    click.echo(f"Møter som ikke er med ({len(result.skipped)}):")
    for label, reason in result.skipped:
        click.echo(f"  {label}: {reason}")
    click.echo(f"Kontrollen besto. Uttrekket er skrevet til {result.path}")
    click.echo(f"Sjekksum (SHA-256) for arkivuttrekk.xml: {result.package_sha256}")


def _meeting_labels(meeting_ids) -> list[str]:
    """'NUIT 1/22, 17. februar 2022' for each meeting, by council, date and number."""
    from sqlalchemy import select

    from app.formatting import long_date
    from app.models import Council, Meeting

    ids = list(meeting_ids)
    labels = []
    for start in range(0, len(ids), 500):
        labels += [(code, day, number, f"{code} {number}/{year % 100:02d}, {long_date(day)}")
                   for code, day, number, year in db.session.execute(
                       select(Council.code, Meeting.date, Meeting.number, Meeting.year)
                       .join(Council, Council.id == Meeting.council_id)
                       .where(Meeting.id.in_(ids[start:start + 500])))]
    return [label for *_key, label in sorted(labels)]


@archive_cli.command("check")
@click.argument("folder", type=click.Path(path_type=Path))
def archive_check_command(folder: Path) -> None:
    """Check an arkivuttrekk as Arkade 5 does (Arkade's test numbers); exit code 1 when it fails."""
    from app.services.archive.check import check_package

    if not folder.is_dir():
        _fail(f"Fant ingen mappe {folder}: oppgi mappen arkivuttrekket ligger i.")

    report = check_package(folder)
    click.echo(report.text())
    if not report.passed:
        sys.exit(1)


def register(app: Flask) -> None:
    app.cli.add_command(data_cli)
    app.cli.add_command(users_cli)
    app.cli.add_command(demo_command)
    app.cli.add_command(scheduler_cli)
    app.cli.add_command(agenda_cli)
    app.cli.add_command(minutes_cli)
    app.cli.add_command(serve_command)
    app.cli.add_command(archive_cli)
