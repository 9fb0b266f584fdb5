"""The archive export as a background job.

An archivist asks for a package (``request_export``: a queued ArchiveExport row, in the unit of
work of the request). A worker then writes it with the exporter (app/services/archive/export.py),
zips it into ARCHIVE_FOLDER and records the result (``run_export``). One worker runs at a time
across processes: it holds the job lock WORKER_LOCK while it empties the queue (``run_pending``).

Who runs the worker: a small thread of the web process, started when a request has queued an
export (``start_worker``; off with ARCHIVE_THREAD=0), and the scheduler's job "archive-exports"
(app/scheduler.py) for deployments where the web process must not run threads. With
ARCHIVE_RUN_INLINE (the tests) the worker runs in the request itself, before the response.

Files: the package is written under ARCHIVE_FOLDER/arbeid/<export id>/ and zipped there; the ZIP
is moved to ARCHIVE_FOLDER/<random>.zip and the folder removed. An export that a killed process
left running is marked failed by the next worker run, which removes its folder.

Every change of state is committed inside ``acting_as`` the archivist who asked, so the audit
trail names them (the request's own step goes through the unit of work); the progress text
alone is written beside the export's transaction, unaudited.
"""
import logging
import os
import re
import secrets
import shutil
import threading
import time
from datetime import timedelta
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l
from sqlalchemy import select, update

from app.database import read_only
from app.extensions import db
from app.formatting import long_date
from app.models import ArchiveExport, ExportStatus
from app.services import FieldError
from app.services.archive.errors import ArchiveError
from app.services.archive.scope import Scope, meetings_in
from app.services.core import clock, joblock
from app.services.core.audit import acting_as
from app.services.core.input_checks import check_plausible_date

log = logging.getLogger(__name__)

WORKER_LOCK = "archive-export-worker"
# On SQLite the lock row expires after this (a killed worker must not block exports for ever);
# an export taking longer could be failed by another worker as "interrupted".
LOCK_TTL = timedelta(hours=2)
ACTIVE = (ExportStatus.QUEUED, ExportStatus.RUNNING)
JOB_ACTOR = "arkivjobb"  # the audit label of what the worker does on nobody's behalf
STORAGE_NAME = re.compile(r"^[0-9a-f]{32}\.zip$")
PROGRESS_EVERY = 1.0  # seconds between two progress writes

WAITING = _l("Venter på å starte.")
STARTING = _l("Starter …")
FINISHED = _l("Ferdig.")
INTERRUPTED = _l("Uttrekket ble avbrutt før det var ferdig (prosessen som laget det, stoppet). "
                 "Det som var skrevet, er slettet. Start uttrekket på nytt.")


# --- where the files are -------------------------------------------------------------------------

def archive_folder() -> Path:
    return Path(current_app.config["ARCHIVE_FOLDER"])


def work_folder(export_id: int) -> Path:
    """Where an export's package is written and zipped before the ZIP is moved into place."""
    return archive_folder() / "arbeid" / str(export_id)


def zip_path(export: ArchiveExport) -> Path | None:
    """The stored ZIP of a finished export (None when it has none, or a name not ours)."""
    name = export.zip_storage_name
    if not name or not STORAGE_NAME.match(name):
        return None
    return archive_folder() / name


def download_name(export: ArchiveExport) -> str:
    """'arkivuttrekk-NUIT-2022.zip', 'arkivuttrekk-alle-2020-2022.zip' or
    'arkivuttrekk-NUIT-2022-03-01-2022-06-30.zip'."""
    who = export.council.code if export.council else "alle"
    start, end = export.period_from, export.period_to
    if (start.month, start.day, end.month, end.day) == (1, 1, 12, 31):
        period = str(start.year) if start.year == end.year else f"{start.year}-{end.year}"
    else:
        period = f"{start.isoformat()}-{end.isoformat()}"
    return f"arkivuttrekk-{who}-{period}.zip"


def package_name(export: ArchiveExport) -> str:
    """The package's folder, inside the ZIP too: 'arkivuttrekk-NUIT-2022'."""
    return download_name(export).removesuffix(".zip")


def scope_of(export: ArchiveExport) -> Scope:
    return Scope(export.council, export.period_from, export.period_to)


# --- asking for an export --------------------------------------------------------------------------

def active_export(scope: Scope) -> ArchiveExport | None:
    """A queued or running export of exactly this scope."""
    council = (ArchiveExport.council_id == scope.council.id if scope.council is not None
               else ArchiveExport.council_id.is_(None))
    return db.session.scalar(select(ArchiveExport).where(
        council, ArchiveExport.period_from == scope.period_from,
        ArchiveExport.period_to == scope.period_to, ArchiveExport.status.in_(ACTIVE)).limit(1))


def request_export(scope: Scope, user) -> ArchiveExport:
    """A queued export of ``scope`` asked for by ``user``. Refused (nothing written) for an
    implausible period, while the same scope is queued or running, and when no meeting of the
    scope is ready for the archive. Run it with ``start_worker`` after the commit."""
    from app.authz.archive import can_export_archive

    if not can_export_archive(user):
        raise ArchiveError(_l("Bare arkivarer og administratorer kan lage arkivuttrekk."))
    check_plausible_date(scope.period_from, "period_from")
    check_plausible_date(scope.period_to, "period_to")
    if scope.period_from > scope.period_to:
        raise FieldError("period_to", _l("Perioden må slutte samme dag som den begynner eller "
                                         "senere."))
    if active_export(scope) is not None:
        raise ArchiveError(_l("Et arkivuttrekk av %(scope)s står allerede i kø eller er i gang. "
                              "Vent til det er ferdig.", scope=scope.label))
    if not any(r.ready for r in meetings_in(scope)):
        raise ArchiveError(_l("Ingen møter i %(scope)s er klare for arkivet (holdt, med godkjent "
                              "referat). Ingen uttrekk er startet.", scope=scope.label))
    export = ArchiveExport(council_id=scope.council.id if scope.council else None,
                           period_from=scope.period_from, period_to=scope.period_to,
                           status=ExportStatus.QUEUED, progress=str(WAITING),
                           requested_by_id=getattr(user, "id", None), requested_at=clock.now())
    db.session.add(export)
    db.session.flush()
    return export


def record_folder_export(scope: Scope, result) -> ArchiveExport:
    """Record an export written to a folder from the command line (``flask archive export``):
    a finished row with what it held and its package checksum, but no ZIP to download."""
    exported = [{"id": m.id, "council": m.council.code,
                 "label": f"{m.council.code} {m.number}/{m.year % 100:02d}", "date": long_date(m.date)}
                for m in (r.meeting for r in meetings_in(scope) if r.ready)]
    now = clock.now()
    export = ArchiveExport(council_id=scope.council.id if scope.council else None,
                           period_from=scope.period_from, period_to=scope.period_to,
                           status=ExportStatus.DONE, progress=str(FINISHED), requested_at=now,
                           started_at=now, finished_at=now, package_name=str(result.path)[:200],
                           package_sha256=result.package_sha256, report=_report(result, exported))
    db.session.add(export)
    db.session.flush()
    return export


def exports(limit: int = 50) -> list[ArchiveExport]:
    """The newest exports first, with who asked and the council (for the archivist's page)."""
    from sqlalchemy.orm import selectinload

    return list(db.session.scalars(
        select(ArchiveExport).options(selectinload(ArchiveExport.council),
                                      selectinload(ArchiveExport.requested_by))
        .order_by(ArchiveExport.requested_at.desc(), ArchiveExport.id.desc()).limit(limit)))


# --- the worker ----------------------------------------------------------------------------------------

def run_pending() -> int | None:
    """Under the worker lock: fail the exports a killed process left running, then run the
    queued ones, oldest first, until none is left. Returns how many ran (done or failed), or
    None when another process holds the lock (it empties the queue itself)."""
    db.session.rollback()  # SQLite: no transaction of ours may hold the write lock meanwhile
    with joblock.exclusive(WORKER_LOCK, ttl=LOCK_TTL) as acquired:
        if not acquired:
            return None
        try:
            fail_interrupted()
            tried: list[int] = []
            while (export_id := _next_queued(tried)) is not None:
                tried.append(export_id)
                run_export(export_id)
            return len(tried)
        finally:
            db.session.rollback()


def _next_queued(tried: list[int]) -> int | None:
    with read_only():
        query = select(ArchiveExport.id).where(ArchiveExport.status == ExportStatus.QUEUED)
        if tried:
            query = query.where(ArchiveExport.id.not_in(tried))
        export_id = db.session.scalar(query.order_by(ArchiveExport.requested_at, ArchiveExport.id)
                                      .limit(1))
        db.session.rollback()
    return export_id


def has_queued() -> bool:
    with read_only():
        found = db.session.scalar(select(ArchiveExport.id).where(
            ArchiveExport.status == ExportStatus.QUEUED).limit(1)) is not None
        db.session.rollback()
    return found


def fail_interrupted() -> int:
    """Mark failed every export still "running" (the caller holds the worker lock, so nobody is
    running it) and remove its partial files. Returns how many."""
    with read_only():
        ids = list(db.session.scalars(select(ArchiveExport.id).where(
            ArchiveExport.status == ExportStatus.RUNNING)))
        db.session.rollback()
    for export_id in ids:
        shutil.rmtree(work_folder(export_id), ignore_errors=True)
        _commit_as(JOB_ACTOR, lambda export_id=export_id: _mark_failed(export_id, str(INTERRUPTED)))
        log.warning("Arkivuttrekk %s ble avbrutt og er merket som feilet.", export_id)
    return len(ids)


def run_export(export_id: int) -> None:
    """Run one queued export: mark it running, write the package into its work folder, zip it
    into ARCHIVE_FOLDER, remove the folder and record size, SHA-256 and the report; on any
    failure record the error and leave no files."""
    export = db.session.get(ArchiveExport, export_id)
    if export is None or export.status != ExportStatus.QUEUED:
        db.session.rollback()
        return
    actor = export.requested_by or JOB_ACTOR
    name = package_name(export)
    if not _commit_as(actor, lambda: _mark_running(export_id)):
        return
    folder = work_folder(export_id)
    shutil.rmtree(folder, ignore_errors=True)
    stored: Path | None = None
    try:
        folder.mkdir(parents=True)
        result, exported = _write_package(export_id, actor, folder / name)
        partial = folder / "uttrekk.zip"
        size, sha256 = _exporter().zip_package(result.path, partial)
        archive_folder().mkdir(parents=True, exist_ok=True)
        stored = archive_folder() / f"{secrets.token_hex(16)}.zip"
        os.replace(partial, stored)
        shutil.rmtree(folder, ignore_errors=True)
        report = _report(result, exported)
        _commit_as(actor, lambda: _mark_done(export_id, result.path.name, stored.name, size, sha256,
                                             report, getattr(result, "package_sha256", None)))
    except BaseException as exc:  # also SystemExit: a stopped scheduler leaves no half package
        db.session.rollback()
        shutil.rmtree(folder, ignore_errors=True)
        if stored is not None:
            stored.unlink(missing_ok=True)
        message = _error_text(exc, export_id)
        _commit_as(actor, lambda: _mark_failed(export_id, message))
        if not isinstance(exc, Exception):
            raise


def _exporter():
    """The package writer, imported when a job runs (it loads the XML machinery)."""
    from app.services.archive import export

    return export


def _acting(actor):
    return acting_as(label=actor) if isinstance(actor, str) else acting_as(actor)


def _commit_as(actor, change):
    """``change()`` flushed and committed inside ``acting_as(actor)``, as the unit of work does
    for views (a service may not import it), so the audit rows name the archivist who asked (or
    JOB_ACTOR); rolled back and raised on any error."""
    try:
        with _acting(actor):
            value = change()
            db.session.flush()
            db.session.commit()
    except BaseException:
        db.session.rollback()
        raise
    return value


def _write_package(export_id: int, actor, out_dir: Path):
    """The exporter's result and the meetings it exports, read in one read-only transaction (on
    SQLite it takes no write lock, so progress can be written beside it)."""
    db.session.rollback()
    with read_only(), _acting(actor):
        scope = scope_of(db.session.get(ArchiveExport, export_id))
        exported = [{"id": r.meeting.id, "council": r.meeting.council.code,
                     "label": f"{r.meeting.council.code} {r.meeting.number}/{r.meeting.year % 100:02d}",
                     "date": long_date(r.meeting.date)}
                    for r in meetings_in(scope) if r.ready]
        try:
            result = _exporter().export_package(scope, out_dir, progress=_progress_writer(export_id))
        finally:
            db.session.rollback()
    return result, exported


def _progress_writer(export_id: int):
    """``progress(text)`` for the exporter: the step it is on, committed on a connection of its
    own at most once a PROGRESS_EVERY (the page shows it while the export runs)."""
    last = [0.0]

    def progress(text, *_args, **_kwargs) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_EVERY:
            return
        last[0] = now
        try:
            with db.engine.begin() as connection:
                connection.execute(update(ArchiveExport).where(ArchiveExport.id == export_id)
                                   .values(progress=str(text)[:200]))
        except Exception:  # noqa: BLE001 - progress is for the eye; the export goes on
            log.warning("Fremdriften til arkivuttrekk %s kunne ikke lagres.", export_id,
                        exc_info=True)

    return progress


def _report(result, exported: list[dict]) -> dict:
    """What the page shows of a finished export: the counts, the meetings exported and those
    skipped with the reason, and the self-check's verdict and text."""
    check = result.report  # check_report.CheckReport
    written = set(getattr(result, "meeting_ids", None) or [])
    if written:  # the exporter's own list wins over the readiness read before it ran
        exported = [m for m in exported if m["id"] in written]
    return {
        "counts": {str(k): v for k, v in dict(result.counts).items()},
        "exported": exported,
        "skipped": [{"label": str(label), "reason": str(reason)} for label, reason in result.skipped],
        "check": None if check is None else {"passed": bool(check.passed), "text": check.text()},
    }


def _error_text(exc: BaseException, export_id: int) -> str:
    if isinstance(exc, ArchiveError):
        return str(exc)
    if not isinstance(exc, Exception):
        return str(INTERRUPTED)
    log.exception("Arkivuttrekk %s feilet", export_id)
    return str(_l("Uttrekket stoppet på grunn av en feil i Møtebok (%(kind)s). Feilen er skrevet "
                  "i loggen; kontakt IT om den kommer igjen.", kind=type(exc).__name__))


def _mark_running(export_id: int) -> bool:
    export = db.session.get(ArchiveExport, export_id, with_for_update=True)
    if export is None or export.status != ExportStatus.QUEUED:
        return False
    export.status = ExportStatus.RUNNING
    export.started_at = clock.now()
    export.progress = str(STARTING)
    return True


def _mark_done(export_id: int, package: str, storage_name: str, size: int, sha256: str,
               report: dict, package_sha256: str | None = None) -> None:
    export = db.session.get(ArchiveExport, export_id, with_for_update=True)
    if export.status != ExportStatus.RUNNING:  # failed as interrupted by another worker meanwhile
        raise ArchiveError(INTERRUPTED)
    export.status = ExportStatus.DONE
    export.finished_at = clock.now()
    export.progress = str(FINISHED)
    export.package_name = package[:200]
    export.zip_storage_name = storage_name
    export.zip_size = size
    export.zip_sha256 = sha256
    export.package_sha256 = package_sha256
    export.report = report
    export.error = None


def _mark_failed(export_id: int, message: str) -> None:
    export = db.session.get(ArchiveExport, export_id, with_for_update=True)
    if export is None or export.status == ExportStatus.DONE:
        return
    export.status = ExportStatus.FAILED
    export.finished_at = clock.now()
    export.progress = None
    export.error = message


# --- the worker thread of the web process ---------------------------------------------------------

_guard = threading.Lock()
_wanted = threading.Event()
_worker: threading.Thread | None = None


def start_worker() -> None:
    """After a request has committed a queued export: run the queue. In the request itself with
    ARCHIVE_RUN_INLINE; else in the web process's one worker thread (started if none is
    running) unless ARCHIVE_THREAD is off, when the scheduler's job picks it up."""
    global _worker
    app = current_app._get_current_object()
    if app.config.get("ARCHIVE_RUN_INLINE"):
        db.session.rollback()
        _drain(app)
        return
    if not app.config.get("ARCHIVE_THREAD", True):
        return
    with _guard:
        _wanted.set()
        if _worker is None or not _worker.is_alive():
            _worker = threading.Thread(target=_work, args=(app,), name="arkivuttrekk", daemon=True)
            _worker.start()


def wait_for_worker(timeout: float) -> bool:
    """Wait until the worker thread has nothing left to do (tests, a clean shutdown)."""
    worker = _worker
    if worker is not None:
        worker.join(timeout)
        return not worker.is_alive()
    return True


def _work(app) -> None:
    global _worker
    while True:
        with _guard:
            if not _wanted.is_set():
                _worker = None
                return
            _wanted.clear()
        _drain(app)


def _drain(app) -> None:
    """Run the queue in an app context of its own; while another process holds the lock and
    something is queued, wait and try again (that process may have looked before ours came)."""
    with app.app_context():
        try:
            while run_pending() is None and has_queued():
                time.sleep(app.config.get("ARCHIVE_RETRY_SECONDS", 5))
        except Exception:  # noqa: BLE001 - a thread has nobody to raise to
            log.exception("Arkivuttrekkene kunne ikke kjøres")
        finally:
            db.session.remove()
