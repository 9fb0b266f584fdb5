"""Benchmark: render the NUIT 3/22 meeting page (19 rows) and a 150-item agenda in the test client.

Run with `make bench`; record the figures in docs/performance.md.
"""
import statistics
import tempfile
import time
from datetime import date
from datetime import time as clock_time

from app import create_app
from app.demo import load_demo
from app.extensions import db
from app.services.planning import meetings, notice
from app.services.registry import councils
from config import TestingConfig


def _measure(client, url: str, rounds: int = 200) -> tuple[float, float]:
    client.get(url)
    samples = []
    for _ in range(rounds):
        start = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - start) * 1000)
        assert response.status_code == 200
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95)]


def main() -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.db")
        with app.app_context():
            db.create_all()
            load_demo()
            council = councils.council_by_code("NUIT")
            big = meetings.create_meeting(council, date(2024, 1, 10), clock_time(8, 0))
            for n in range(150):
                meetings.add_case_item(big, f"Sak {n}", item_type="Drøfting",
                                       presenters=["Kari Nordmann"], duration=5)
            notice.issue_notice(big.id, accept_warnings=True)  # the items have no proposals
            db.session.commit()
            client = app.test_client()
            for label, url in (("NUIT 3/22 (19 rows)", "/utvalg/NUIT/moter/2022/3"),
                               ("150-item agenda", f"/utvalg/NUIT/moter/2024/{big.number}")):
                median, p95 = _measure(client, url)
                print(f"{label:22s} median {median:6.2f} ms   p95 {p95:6.2f} ms")


if __name__ == "__main__":
    main()
