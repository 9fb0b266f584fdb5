"""The archivist's page: choose a council (or all) and a year, see each meeting's readiness, start
an export, follow the exports and download the finished ones.

``?utvalg=NUIT&år=2022`` chooses what is shown (default: all councils, last year); a council
code or year that is not one is named in a message, and nothing else happens. The form «Lag
arkivuttrekk» POSTs the same two fields; the export is queued in the request's unit of work and
run by the worker (in a thread, by the scheduler, or in the request with ARCHIVE_RUN_INLINE). The
page reloads itself (a <meta refresh>) only while an export is queued or running."""
from dataclasses import dataclass
from functools import wraps

from flask import Blueprint, abort, current_app, flash, redirect, render_template, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from sqlalchemy import select

from app.authz.archive import can_export_archive
from app.extensions import db
from app.i18n import localized_datetime
from app.models import ArchiveExport, Council, ExportStatus
from app.services.archive import jobs
from app.services.archive.scope import Scope, meetings_in
from app.services.casework.documents import human_size
from app.services.core import clock
from app.web import YEARS, get_or_404, run_as_current_user

bp = Blueprint("archive", __name__, url_prefix="/arkiv")

ALL = "alle"  # ?utvalg=alle: every council
REFRESH_SECONDS = 5
# The counts of a finished export worth showing (ExportResult.counts), in this order.
COUNT_LABELS = {"moetemappe": _l("møtemapper"), "saksmappe": _l("saksmapper"),
                "moeteregistrering": _l("møteregistreringer"), "journalpost": _l("journalposter"),
                "dokumentfiler": _l("dokumentfiler"), "konvertering": _l("konverteringer til PDF/A"),
                "skjerming": _l("skjerminger"), "endring": _l("endringer i endringsloggen")}
STATUS_LABELS = {ExportStatus.QUEUED: (_l("I kø"), "info"),
                 ExportStatus.RUNNING: (_l("Pågår"), "info"),
                 ExportStatus.DONE: (_l("Ferdig"), "success"),
                 ExportStatus.FAILED: (_l("Feilet"), "danger")}


def archivist_required(view):
    """For can_export_archive: others get 403, anonymous visitors log in."""
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not current_user.is_authenticated:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        if not can_export_archive(current_user):
            abort(403)
        return view(*args, **kwargs)
    return wrapper


@dataclass
class Choice:
    """The council (None: all) and year asked for, with what was wrong in the request."""

    council: Council | None
    year: int
    errors: list[str]

    @property
    def scope(self) -> Scope:
        return Scope.year(self.council, self.year)

    @property
    def args(self) -> dict:
        return {"utvalg": self.council.code if self.council else ALL, "år": self.year}


def _choice(values) -> Choice:
    """The council and year of ``values`` (query string or form); the default for what is
    missing or wrong (all councils, last year), and a message for what is wrong."""
    errors: list[str] = []
    council = None
    code = (values.get("utvalg") or "").strip()
    if code and code.lower() != ALL:
        council = db.session.scalar(select(Council).where(Council.code == code))
        if council is None:
            errors.append(_("Det finnes ikke noe utvalg med koden «%(code)s».", code=code[:20]))
    year = clock.today().year - 1
    text = (values.get("år") or "").strip()
    if text:
        if not (text.isascii() and text.isdigit()):
            errors.append(_("«%(text)s» er ikke et årstall. Skriv året med fire sifre, for eksempel "
                            "2022.", text=text[:20]))
        elif not YEARS[0] <= int(text) <= YEARS[1]:
            errors.append(_("Året må være mellom %(first)s og %(last)s.", first=YEARS[0],
                            last=YEARS[1]))
        else:
            year = int(text)
    return Choice(council, year, errors)


@dataclass
class ExportRow:
    export: ArchiveExport
    label: str
    status: str
    color: str
    who: str
    when: str
    finished: str
    size: str | None
    download_name: str
    counts: list[tuple[str, int]]


def _rows(exports: list[ArchiveExport]) -> list[ExportRow]:
    rows = []
    for export in exports:
        label, color = STATUS_LABELS.get(export.status, (export.status, "neutral"))
        who = export.requested_by.email if export.requested_by else _("kommandolinjen")
        rows.append(ExportRow(export, jobs.scope_of(export).label, str(label), color, who,
                              localized_datetime(export.requested_at),
                              localized_datetime(export.finished_at),
                              human_size(export.zip_size) if export.zip_size is not None else None,
                              jobs.download_name(export), _counts(export.report)))
    return rows


def _counts(report: dict | None) -> list[tuple[str, int]]:
    counts = (report or {}).get("counts") or {}
    return [(str(label), counts[key]) for key, label in COUNT_LABELS.items() if key in counts]


def _page(choice: Choice, status: int = 200):
    readiness = meetings_in(choice.scope)
    exports = jobs.exports()
    busy = any(e.status in jobs.ACTIVE for e in exports)
    councils = db.session.scalars(select(Council).order_by(Council.code)).all()
    return render_template(
        "archive/index.html", choice=choice, readiness=readiness,
        ready=sum(1 for r in readiness if r.ready), councils=councils, all_value=ALL,
        active=jobs.active_export(choice.scope), rows=_rows(exports),
        refresh=REFRESH_SECONDS if busy else None), status


@bp.route("/")
@archivist_required
def index():
    return _page(_choice(request.args))


@bp.route("/uttrekk", methods=["POST"])
@archivist_required
def start():
    """Queue an export of the council and year in the form, then run the queue."""
    choice = _choice(request.form)
    if choice.errors:
        return _page(choice, 400)
    scope = choice.scope
    outcome = run_as_current_user(lambda: jobs.request_export(scope, current_user))
    if not outcome.ok:
        flash(outcome.error, "error")
        return redirect(url_for("archive.index", **choice.args))
    flash(_("Arkivuttrekket av %(scope)s er startet. Følg det i listen under.", scope=scope.label),
          "success")
    jobs.start_worker()
    return redirect(url_for("archive.index", **choice.args) + "#uttrekk")


@bp.route("/uttrekk/<int:export_id>/zip")
@archivist_required
def download(export_id: int):
    """A finished export's ZIP, as «arkivuttrekk-NUIT-2022.zip»; its SHA-256 in a header too."""
    export = get_or_404(ArchiveExport, export_id)
    path = jobs.zip_path(export) if export.status == ExportStatus.DONE else None
    if path is None:
        abort(404)
    if not path.is_file():
        current_app.logger.error("Mangler arkivuttrekk %s (%s)", export.id, export.zip_storage_name)
        abort(404)
    response = send_file(path, mimetype="application/zip", as_attachment=True,
                         download_name=jobs.download_name(export), conditional=True)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = "private, no-store"  # it holds exempt material
    if export.zip_sha256:
        response.headers["X-Checksum-SHA256"] = export.zip_sha256
    return response
