"""Demo data: a short history plus NUIT 3/22 transcribed from seed 002, in the import format."""
from pathlib import Path

from app.data_io.importer import import_document, load_yaml

DATA_DIR = Path(__file__).parent / "data"
FILES = ("history.yaml", "nuit-2022-3.yaml")  # order matters: 1/22 and 2/22 come before 3/22


def load_demo() -> str:
    """Import the demo files; a second run finds everything in place and changes nothing."""
    created = 0
    for name in FILES:
        report = import_document(load_yaml((DATA_DIR / name).read_text(encoding="utf-8")),
                                 actor="demo")
        created += report.meetings_created
    return f"{created} new meeting(s)"
