"""The official Noark 5 (v5.0) schemas an export copies into its package and validates against.

They are read at run time from the folder named by the setting NOARK5_SCHEMA_DIR (environment
variable of the same name); they are never kept in this repository."""
from pathlib import Path

from flask import current_app
from flask_babel import lazy_gettext as _l

from app.services.archive.errors import ArchiveError

# The schemas a package holds beside its XML files (arkivuttrekk.xml: addml.xsd).
OFFICIAL_XSDS = ("addml.xsd", "arkivstruktur.xsd", "metadatakatalog.xsd", "endringslogg.xsd",
                 "loependeJournal.xsd", "offentligJournal.xsd")

WHERE_TO_GET = _l("Last ned XML-skjemaene for Noark 5 versjon 5.0 fra Arkivverkets nettsted "
                  "(arkivverket.no, Noark 5 – skjemaer for arkivuttrekk), legg filene i en mappe og "
                  "sett NOARK5_SCHEMA_DIR til den mappen.")


def schema_dir() -> Path:
    """The folder holding every file of OFFICIAL_XSDS; ArchiveError saying what is missing."""
    setting = current_app.config.get("NOARK5_SCHEMA_DIR")
    if not setting:
        raise ArchiveError(_l("Innstillingen NOARK5_SCHEMA_DIR er ikke satt, så Møtebok finner ikke "
                              "de offisielle Noark 5-skjemaene. %(where)s", where=WHERE_TO_GET))
    folder = Path(setting).expanduser()
    if not folder.is_dir():
        raise ArchiveError(_l("NOARK5_SCHEMA_DIR peker på %(folder)s, som ikke er en mappe. %(where)s",
                              folder=str(folder), where=WHERE_TO_GET))
    missing = [name for name in OFFICIAL_XSDS if not (folder / name).is_file()]
    if missing:
        raise ArchiveError(_l("Mappen %(folder)s (NOARK5_SCHEMA_DIR) mangler %(files)s. %(where)s",
                              folder=str(folder), files=", ".join(missing), where=WHERE_TO_GET))
    return folder
