"""A finished archive export made without the exporter: its row and a stored ZIP holding the
given files. For the tests that open every route (the access matrix, no writes on GET)."""
import hashlib
import secrets
import zipfile
from datetime import date
from pathlib import Path

from flask import current_app

from app.extensions import db
from app.models import ArchiveExport, ExportStatus
from app.services.core import clock


def stored_export(council, year: int, files: dict[str, bytes], user=None) -> ArchiveExport:
    folder = Path(current_app.config["ARCHIVE_FOLDER"])
    folder.mkdir(parents=True, exist_ok=True)
    name = f"{secrets.token_hex(16)}.zip"
    with zipfile.ZipFile(folder / name, "w") as package:
        for path, data in files.items():
            package.writestr(path, data)
    data = (folder / name).read_bytes()
    export = ArchiveExport(council_id=council.id if council else None, period_from=date(year, 1, 1),
                           period_to=date(year, 12, 31), status=ExportStatus.DONE,
                           requested_by_id=getattr(user, "id", None), requested_at=clock.now(),
                           started_at=clock.now(), finished_at=clock.now(),
                           package_name=f"arkivuttrekk-{year}", zip_storage_name=name,
                           zip_size=len(data), zip_sha256=hashlib.sha256(data).hexdigest(),
                           report={"counts": {}, "exported": [], "skipped": [], "check": None})
    db.session.add(export)
    db.session.flush()
    return export
