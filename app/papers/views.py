"""Generated papers: the download buttons on the meeting, agenda-builder and minutes pages, and the
downloads of every stored version.

A button POSTs (CSRF) to ``papers.generate``, which renders the paper, stores it as a new version
(app/services/paperwork/paper_store.py) and redirects to that version's download, so what the user receives
is exactly the stored file. Downloads ask ``paper_store.may_read`` again: the full variant (with
exempt material) only ever goes to those who may see the council's exempt material.
"""
from dataclasses import dataclass, field
from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, flash, redirect, request, send_file, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user

from app import authz
from app.database import read_only
from app.extensions import db
from app.i18n import localized_datetime
from app.models import GeneratedPaper, Meeting, PaperFormat, PaperKind, PaperVariant
from app.services import ServiceError
from app.services.paperwork import paper_store
from app.web import run_as_current_user

bp = Blueprint("papers", __name__, url_prefix="/moter")

KIND_NAMES = {PaperKind.AGENDA: _l("Innkalling"), PaperKind.MINUTES: _l("Referat"),
              PaperKind.MEETING_BOOK: _l("Samlet saksdokument")}
VARIANT_NAMES = {PaperVariant.FULL: _l("full versjon"), PaperVariant.PUBLIC: _l("offentlig versjon")}
# The papers offered on each page: the meeting page and the agenda builder offer the agenda and the
# meeting book; the minutes page the minutes.
SECTIONS = {"agenda": (PaperKind.AGENDA, PaperKind.MEETING_BOOK), "minutes": (PaperKind.MINUTES,)}


@dataclass
class Button:
    kind: str
    variant: str
    fmt: str
    label: str


@dataclass
class VersionRow:
    paper: GeneratedPaper
    label: str
    who: str
    when: str
    withheld: str | None = None  # why the public no longer gets this public version


@dataclass
class Panel:
    buttons: list[Button] = field(default_factory=list)
    versions: list[VersionRow] = field(default_factory=list)
    show_who: bool = False
    warnings: list[str] = field(default_factory=list)  # for the secretariat: make a new public version



def _buttons(meeting: Meeting, kinds: tuple[str, ...], pdf: bool) -> list[Button]:
    buttons = []
    if not current_user.is_authenticated:  # readers without a login download stored versions
        return buttons
    for kind in kinds:
        variants = paper_store.readable_variants(current_user, meeting, kind)
        if not variants:
            continue
        if kind == PaperKind.MEETING_BOOK:
            if pdf:  # one book per reader: with exempt documents for those who may see them
                buttons.append(Button(kind, variants[0], PaperFormat.PDF, _("Samlet saksdokument (PDF)")))
            continue
        both = len(variants) == 2
        for variant in variants:
            for fmt in (PaperFormat.DOCX, PaperFormat.PDF) if pdf else (PaperFormat.DOCX,):
                buttons.append(Button(kind, variant, fmt, _label(kind, variant, fmt, both)))
    return buttons


def _label(kind: str, variant: str, fmt: str, both: bool) -> str:
    """'Last ned innkalling (DOCX)'; beside it, for those who get both, 'Offentlig innkalling
    (DOCX)' (exempt content left out)."""
    fmt_name = fmt.upper()
    if both and variant == PaperVariant.PUBLIC:
        if kind == PaperKind.MINUTES:
            return _("Offentlig referat (%(format)s)", format=fmt_name)
        return _("Offentlig innkalling (%(format)s)", format=fmt_name)
    if kind == PaperKind.MINUTES:
        return _("Last ned referat (%(format)s)", format=fmt_name)
    return _("Last ned innkalling (%(format)s)", format=fmt_name)


def version_label(paper: GeneratedPaper) -> str:
    return _("%(kind)s, %(variant)s, %(format)s", kind=KIND_NAMES.get(paper.kind, paper.kind),
             variant=VARIANT_NAMES.get(paper.variant, paper.variant), format=paper.format.upper())


@bp.app_template_global()
def paper_panel(meeting: Meeting, section: str) -> Panel:
    """What the papers block on a page shows this reader: the buttons (PDF ones only when
    LibreOffice is installed) and the stored versions they may download (one query)."""
    kinds = SECTIONS[section]
    panel = Panel(buttons=_buttons(meeting, kinds, paper_store.pdf_available()),
                  show_who=authz.can_edit(current_user))
    readable = {(k, v) for k in kinds for v in paper_store.readable_variants(current_user, meeting, k)}
    if not readable:
        return panel
    times = authz.exemption_times(meeting)
    newest_public = set()
    for paper, email in paper_store.history(meeting, kinds):
        if (paper.kind, paper.variant) not in readable or not paper_store.may_read(
                current_user, meeting, paper.kind, paper.variant, paper, times):
            continue
        stale = authz.stale_public_paper(paper, meeting, times)
        withheld = _withheld_text(stale) if stale else None
        panel.versions.append(VersionRow(paper, version_label(paper),
                                         email or _("kommandolinjen eller en leser uten innlogging"),
                                         localized_datetime(paper.created_at), withheld))
        if paper.variant == PaperVariant.PUBLIC and (paper.kind, paper.format) not in newest_public:
            newest_public.add((paper.kind, paper.format))  # history is newest first
            if withheld and panel.show_who:
                panel.warnings.append(_(
                    "Den nyeste offentlige versjonen (%(paper)s) vises ikke lenger for offentligheten: "
                    "%(why)s Lag en ny offentlig versjon.", paper=version_label(paper), why=withheld))
    return panel


def _withheld_text(stale: authz.StalePaper) -> str:
    """Why a stored public version is withheld (case numbers only: never an exempt title)."""
    if stale.newly_exempt:
        return _("Den ble laget før sak %(numbers)s ble unntatt offentlighet (helt eller delvis).",
                 numbers=", ".join(stale.newly_exempt))
    return _("Den ble laget før innkallingen ble sendt, mens dagsordenen var et utkast.")


def _back(meeting: Meeting) -> str:
    """Where a refused generation returns to: the page the button was on (a local path only)."""
    target = request.form.get("next", "")
    parts = urlsplit(target)
    if target.startswith("/") and not target.startswith("//") and not parts.scheme and not parts.netloc:
        return target
    return url_for("main.meeting", code=meeting.council.code, year=meeting.year, number=meeting.number)


@bp.route("/<int:meeting_id>/dokumenter/<kind>/<variant>/<fmt>", methods=["POST"])
def generate(meeting_id: int, kind: str, variant: str, fmt: str):
    """Make a new version of a paper and send the reader to its download."""
    if kind not in PaperKind.values() or variant not in PaperVariant.values() \
            or fmt not in PaperFormat.values():
        abort(404)
    # Render outside a write transaction: on SQLite a POST begins with BEGIN IMMEDIATE, and a PDF
    # can take seconds. End the transaction the login lookup began, read, then write.
    db.session.rollback()
    with read_only():
        meeting = db.session.get(Meeting, meeting_id)
        if meeting is None:
            abort(404)
        if not authz.can_generate_paper(current_user, meeting, kind, variant):
            abort(403)
        back = _back(meeting)
        try:
            rendered = paper_store.produce(meeting, kind, variant, fmt, current_user)
        except ServiceError as exc:
            db.session.rollback()
            flash(str(exc), "error")
            return redirect(back)
        db.session.rollback()
    stored, outcome = {}, None
    try:
        outcome = run_as_current_user(lambda: stored.setdefault("paper", paper_store.store(
            db.session.get(Meeting, meeting_id), kind, variant, fmt, rendered, current_user)),
            _l("Dokumentet kunne ikke lagres. Prøv igjen."), anonymous="anonym leser")
    finally:
        if "paper" in stored and not (outcome and outcome.ok):  # no file without its row
            paper_store.discard(stored["paper"])
    if not outcome.ok:
        flash(outcome.error, "error")
        return redirect(back)
    return redirect(url_for("papers.download", meeting_id=meeting_id, paper_id=outcome.value.id))


@bp.route("/<int:meeting_id>/dokumenter/<int:paper_id>")
def download(meeting_id: int, paper_id: int):
    """A stored version, after the access check (full variants only for those who may see the
    council's exempt material; everyone else, logged in or not, gets 403)."""
    paper = db.session.get(GeneratedPaper, paper_id)
    if paper is None or paper.meeting_id != meeting_id:
        abort(404)
    meeting = db.session.get(Meeting, meeting_id)
    if not paper_store.may_read(current_user, meeting, paper.kind, paper.variant, paper):
        abort(403)
    try:
        data = paper_store.read(paper)
    except ServiceError as exc:
        current_app.logger.error("Generert dokument %s kan ikke leveres: %s", paper.id, exc)
        abort(404)
    import io

    response = send_file(io.BytesIO(data), mimetype=paper_store.CONTENT_TYPES[paper.format],
                         as_attachment=True, download_name=paper.filename)
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Cache-Control"] = ("private, no-store" if paper.variant == PaperVariant.FULL
                                         else "private")
    response.headers["X-Checksum-SHA256"] = paper.sha256
    return response
