"""Benchmark: the agenda DOCX (issue 5).

Targets: the NUIT 3/22 agenda in under 0.3 s; a synthetic 200-item agenda in under 3 s; time and
peak memory growing linearly with the number of items; and the ratio to a bare python-docx script
that writes the same paragraphs and tables (the floor for this format) under 2.

`papers.render` is measured whole: loading the meeting, building the context, rendering the Word
template with docxtpl and zipping the file. The bare script gets the finished context for free and
only writes the same cover lines, member table, agenda table and case sections with python-docx.

Run with `make bench`; record the figures in docs/performance.md.
"""
import io
import statistics
import tempfile
import time
import tracemalloc
from datetime import date
from datetime import time as clock_time

from docx import Document

from app import create_app
from app.extensions import db
from app.services.paperwork import papers
from app.services.planning import meetings, notice
from app.services.registry import councils
from config import TestingConfig


def bare_python_docx(context: dict) -> bytes:
    """The same text and tables straight with python-docx: the floor for writing this file."""
    doc = Document()
    doc.add_paragraph(f"Møte i {context['council']['code']}")
    doc.add_paragraph(context["meeting"].get("label", ""))
    doc.add_paragraph(context["meeting"].get("date", ""))
    doc.add_paragraph(context["secretariat"])
    doc.add_heading(f"Medlemmer og observatører i {context['council']['code']}", 1)
    people = doc.add_table(rows=1, cols=3)
    for cell, text in zip(people.rows[0].cells, ("Navn", "Tittel", "Aktør"), strict=True):
        cell.text = text
    for person in context["members"] + context["observers"]:
        cells = people.add_row().cells
        cells[0].text, cells[1].text, cells[2].text = person["name"], person["title"], person["organisation"]
    doc.add_heading("Dagsorden", 1)
    table = doc.add_table(rows=1, cols=5)
    for cell, text in zip(table.rows[0].cells, ("Sak", "Agenda", "Innretning", "Presenterer saken", "Start"),
                          strict=True):
        cell.text = text
    for row in context["rows"]:
        cells = table.add_row().cells
        cells[0].text = row["number"]
        cells[1].paragraphs[0].add_run(row["title"]).bold = True
        for sub in row["subitems"]:
            cells[1].add_paragraph(f"– {sub}")
        cells[2].text = row["item_type"]
        cells[3].text = row["postponed"] or row["presenter"]
        cells[4].text = row["start"]
    for case in context["cases"]:
        doc.add_heading(case["heading"], 1)
        doc.add_heading(case["title"], 2)
        doc.add_paragraph(case["info"])
        for paragraph in case["text"]:
            doc.add_paragraph(paragraph)
        for name in case["documents"]:
            doc.add_paragraph(name, style="List Bullet")
        if case["proposal"]:
            doc.add_heading(case["proposal_heading"], 3)
            for block in case["proposal"]:
                doc.add_paragraph(block["text"] if block["kind"] != "point"
                                  else f"{block['number']} {block['text']}")
    out = io.BytesIO()
    doc.save(out)
    return out.getvalue()


def _median_seconds(fn, rounds: int) -> float:
    fn()  # warm-up
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - start)
    return statistics.median(samples)


def _peak_mib(fn) -> float:
    tracemalloc.start()
    fn()
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return peak / 2**20


def _synthetic(council, day: date, items: int):
    org = councils.upsert_organisation("Direktoratet for e-helse")
    meeting = meetings.create_meeting(council, day, clock_time(8, 30))
    for n in range(items):
        if n % 10 == 9:
            meetings.add_break(meeting, "Pause", duration=10)
            continue
        meetings.add_case_item(
            meeting, f"Sak nummer {n} om nasjonale e-helseløsninger", item_type="Drøfting",
            organisation=org, presenters=["Kari Nordmann", "Ola Nordmann"], duration=15,
            subitems=["Status", "Videre arbeid"], proposal_heading="Forslag til vedtak",
            proposal_body={"points": ["NUIT drøfter saken.", "NUIT ber Direktoratet for e-helse "
                                      "ta med seg innspillene i det videre arbeidet."]})
    notice.issue_notice(meeting.id)
    db.session.commit()
    return meeting


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.db",
                         UPLOAD_FOLDER=f"{tmp}/uploads")
        with app.app_context():
            db.create_all()
            from app.demo import load_demo
            from app.models import Council
            from app.services.planning.meetings import meeting_by_number

            load_demo(with_cycle=False)
            nuit = db.session.query(Council).filter_by(code="NUIT").one()
            demo_meeting = meeting_by_number(nuit, 2022, 3)
            seconds = _median_seconds(lambda: papers.render(demo_meeting, "agenda", False), 20)
            print(f"NUIT 3/22 agenda DOCX: median {seconds * 1000:.0f} ms (20 rounds; target < 300 ms)")

            bench = councils.upsert_council("BENCH", "Benchmark-utvalget")
            print("items | render median | per item | peak memory | bare python-docx | ratio")
            for n, items in enumerate((50, 100, 200, 400)):
                meeting = _synthetic(bench, date(2030, 1, 1 + n), items)
                rounds = 5 if items <= 200 else 3
                rendered = _median_seconds(lambda m=meeting: papers.render(m, "agenda", False), rounds)
                context = papers.agenda_context(meeting, False)
                bare = _median_seconds(lambda c=context: bare_python_docx(c), rounds)
                peak = _peak_mib(lambda m=meeting: papers.render(m, "agenda", False))
                print(f"{items:5d} | {rendered * 1000:8.0f} ms | {rendered / items * 1000:5.2f} ms | "
                      f"{peak:6.1f} MiB | {bare * 1000:8.0f} ms | {rendered / bare:4.2f}")


if __name__ == "__main__":
    main()
