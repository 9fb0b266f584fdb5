"""One export: the whole arkivuttrekk written into a temporary folder beside the target, checked
as Arkade 5 would check it, and only then renamed into place. A failed, interrupted or killed
export never leaves something that looks like a finished package: the partial folder is removed
(a killed process leaves only a hidden ``.NAME.partial-…`` folder, never NAME)."""
import os
import secrets
import shutil
import zipfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from flask_babel import lazy_gettext as _l

from app.services.archive.addml import OWN_XSD_NAME, PackageFacts, write_addml
from app.services.archive.changelog import Units, write_changelog
from app.services.archive.checksums import file_sha256
from app.services.archive.errors import ArchiveError
from app.services.archive.journals import write_journals
from app.services.archive.schemas import OFFICIAL_XSDS, schema_dir
from app.services.archive.scope import Scope, ready_meeting_ids

Progress = Callable[..., None]
MAX_FAULTS_SHOWN = 5


@dataclass
class ExportResult:
    path: Path
    counts: dict
    skipped: list  # [(meeting label, reason)]
    report: object  # check.CheckReport
    meeting_ids: list = field(default_factory=list)
    package_sha256: str | None = None  # of arkivuttrekk.xml, which pins every other file


def export_package(scope: Scope, out_dir: Path, *, convert_pdf: bool | None = None,
                   progress: Progress | None = None) -> ExportResult:
    """Write the package for ``scope`` to ``out_dir`` (which must not exist, or be empty)."""
    schemas = schema_dir()  # no schemas: stop before writing anything
    from app.services.archive.check import check_package
    from app.services.archive.structure import OWN_XSD, write_arkivstruktur

    if not ready_meeting_ids(scope):
        raise ArchiveError(_l("Ingen møter i %(scope)s er klare for arkivet (holdt, med godkjent "
                              "referat). Ingenting ble skrevet.", scope=scope.label))
    out_dir = Path(out_dir)
    if out_dir.exists() and (not out_dir.is_dir() or any(out_dir.iterdir())):
        raise ArchiveError(_l("%(folder)s finnes allerede og er ikke en tom mappe. Velg en ny mappe "
                              "for uttrekket, eller fjern den gamle.", folder=str(out_dir)))
    say = progress or (lambda *_args, **_kwargs: None)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    partial = out_dir.parent / f".{out_dir.name}.partial-{secrets.token_hex(4)}"
    partial.mkdir()
    try:
        for name in OFFICIAL_XSDS:
            shutil.copyfile(schemas / name, partial / name)
        shutil.copyfile(OWN_XSD, partial / OWN_XSD_NAME)
        say(str(_l("Skriver arkivstruktur.xml og dokumentene")))
        structure = write_arkivstruktur(partial, scope, convert_pdf=convert_pdf, progress=progress)
        if not structure.document_ids:
            raise ArchiveError(_l("Uttrekket for %(scope)s har ingen journalposter (ingen dokumenter i "
                                  "sakene som ble behandlet), og Noark 5-journalene kan ikke være tomme.",
                                  scope=scope.label))
        say(str(_l("Skriver løpende og offentlig journal")))
        journals = write_journals(partial, scope, structure.document_ids, structure.meeting_ids)
        say(str(_l("Skriver endringsloggen")))
        changes = write_changelog(partial, Units(structure.case_ids, structure.meeting_ids,
                                                 structure.document_ids))
        if changes == 0:
            raise ArchiveError(_l("Uttrekket for %(scope)s har ingen endringer å føre i "
                                  "endringslogg.xml, og Noark 5-endringsloggen kan ikke være tom.",
                                  scope=scope.label))
        counts = dict(structure.counts, endring=changes, journalregistrering=journals.journalposter)
        say(str(_l("Skriver arkivuttrekk.xml")))
        write_addml(partial, PackageFacts(
            scope=scope, meeting_ids=structure.meeting_ids, mapper=counts["mappe"],
            registreringer=counts["registrering"], endringer=changes,
            journalregistreringer=journals.journalposter, document_files=counts["dokumentfiler"],
            contains_exempt=structure.contains_exempt))
        say(str(_l("Kontrollerer uttrekket (Arkade 5-testene)")))
        report = check_package(partial, schema_dir=partial)
        if not report.passed:
            raise ArchiveError(_l("Uttrekket besto ikke kontrollen, og ble ikke lagret. %(faults)s",
                                  faults=_faults(report)))
        if out_dir.is_dir():
            out_dir.rmdir()  # empty, as checked above
        os.replace(partial, out_dir)
    except ArchiveError:
        shutil.rmtree(partial, ignore_errors=True)
        raise
    except BaseException as exc:
        shutil.rmtree(partial, ignore_errors=True)
        if isinstance(exc, Exception):
            raise ArchiveError(_l("Eksporten stoppet, og ingenting ble lagret: %(error)s",
                                  error=f"{type(exc).__name__}: {exc}")) from exc
        raise
    return ExportResult(out_dir, counts, list(structure.skipped), report, list(structure.meeting_ids),
                        file_sha256(out_dir / "arkivuttrekk.xml"))


def _faults(report) -> str:
    """The failed tests with their messages (each names the file and element), the first few."""
    lines = []
    for result in report.results:
        if result.passed:
            continue
        for message in list(result.messages)[:MAX_FAULTS_SHOWN] or [""]:
            lines.append(f"{result.number} {result.name}: {message}".rstrip(": "))
    more = len(lines) - MAX_FAULTS_SHOWN
    shown = "; ".join(lines[:MAX_FAULTS_SHOWN])
    return shown + (str(_l(" (og %(n)s feil til)", n=more)) if more > 0 else "")


def zip_package(folder: Path, zip_path: Path) -> tuple[int, str]:
    """The package as one ZIP (its files under the folder's name); returns (size, SHA-256).
    Written beside zip_path first, so a half-written ZIP is never found under its name."""
    folder, zip_path = Path(folder), Path(zip_path)
    partial = zip_path.with_name(f".{zip_path.name}.partial-{secrets.token_hex(4)}")
    try:
        with zipfile.ZipFile(partial, "w", compression=zipfile.ZIP_DEFLATED, allowZip64=True) as archive:
            for path in sorted(folder.rglob("*")):
                if path.is_file():
                    archive.write(path, f"{folder.name}/{path.relative_to(folder).as_posix()}")
        os.replace(partial, zip_path)
    except BaseException:
        partial.unlink(missing_ok=True)
        raise
    return zip_path.stat().st_size, file_sha256(zip_path)
