"""Page images of the papers for the user guide (chapter 18): the agenda's cover, its agenda table
and a case page, and the first page of the minutes, of NUIT 3/22 with the demo data, rendered
through LibreOffice as the secretariat's PDF.

    .venv/bin/python -m tests.paper_images [OUT_DIR]     # `make guide-images` runs it

The demo is loaded into a temporary SQLite database with the meeting cycle (the minutes of 3/22 out
for comments), at the week after the meeting, as the guide's other pictures are.
"""
import subprocess
import sys
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from app import create_app
from app.extensions import db
from app.models import Council, Meeting
from app.services.paperwork import papers, pdf
from config import TestingConfig

PROJECT_DIR = Path(__file__).resolve().parents[1]
OUT_DIR = PROJECT_DIR / "docs" / "images"
# (file, paper, which page: a page number or the first page holding this line)
PAPER_PAGES = [("40-innkalling-forside.png", "agenda", 1),
               ("41-innkalling-dagsorden.png", "agenda", "Dagsorden"),
               ("42-innkalling-sak.png", "agenda", "Sak 18/22"),
               ("43-referat-side-1.png", "minutes", 1)]
PAPER_NAMES = [name for name, _paper, _page in PAPER_PAGES]
DPI = "60"


def _page_texts(pdf_file: Path) -> list[str]:
    text = subprocess.run(["pdftotext", "-layout", "-enc", "UTF-8", str(pdf_file), "-"],
                          capture_output=True, check=True, timeout=60).stdout.decode("utf-8")
    return text.split("\f")


def _page_number(pdf_file: Path, which) -> int:
    if isinstance(which, int):
        return which
    for number, page in enumerate(_page_texts(pdf_file), 1):
        if any(line.strip() == which for line in page.splitlines()):
            return number
    raise LookupError(f"no page of {pdf_file.name} has the line {which!r}")


def _papers_of_nuit_3_22(work: Path) -> dict[str, Path]:
    """The full agenda and minutes of NUIT 3/22 as PDF files in ``work``."""
    import time_machine

    from app.demo import load_demo

    app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{work / 'demo.db'}",
                     UPLOAD_FOLDER=str(work / "uploads"))
    files = {}
    with app.app_context():
        db.create_all()
        with time_machine.travel(datetime(2024, 1, 1, tzinfo=UTC), tick=False):
            load_demo(with_cycle=False)
            db.session.commit()
        with time_machine.travel(datetime(2022, 5, 30, 9, 0, tzinfo=UTC), tick=False):
            load_demo(with_cycle=True)
            db.session.commit()
            nuit = db.session.query(Council).filter_by(code="NUIT").one()
            meeting = db.session.query(Meeting).filter_by(council_id=nuit.id, year=2022, number=3).one()
            for kind in ("agenda", "minutes"):
                path = work / f"{kind}.pdf"
                path.write_bytes(pdf.docx_to_pdf(papers.render(meeting, kind, public=False)))
                files[kind] = path
        db.session.remove()
        db.engine.dispose()
    return files


def take(out_dir: Path) -> list[Path]:
    """Write the PNGs of PAPER_PAGES into ``out_dir``; returns them in that order."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    with tempfile.TemporaryDirectory() as tmp:
        files = _papers_of_nuit_3_22(Path(tmp))
        for name, kind, which in PAPER_PAGES:
            page = str(_page_number(files[kind], which))
            target = out_dir / name
            subprocess.run(["pdftoppm", "-png", "-r", DPI, "-f", page, "-l", page, "-singlefile",
                            str(files[kind]), str(target.with_suffix(""))], check=True, timeout=60)
            written.append(target)
    return written


if __name__ == "__main__":
    for path in take(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR):
        print(f"wrote {path}")
