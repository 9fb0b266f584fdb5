"""Benchmark: the minute-taker's autosave. One JSON save of an item's decision, discussion and
outcome on the recording page of a 40-item meeting (what recording.js sends on blur and on its
timer), in the test client.

Run with `make bench`; record the figures in docs/performance.md.
"""
import statistics
import tempfile
import time
from datetime import date
from datetime import time as clock_time

from app import create_app
from app.extensions import db
from app.models import AgendaItem
from app.services.planning import meetings, notice
from app.services.registry import councils
from app.services.registry.users import create_user
from config import TestingConfig


def main(rounds: int = 100) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp}/bench.db")
        with app.app_context():
            db.create_all()
            org = councils.upsert_organisation("Direktoratet for e-helse")
            council = councils.upsert_council("NUIT", "Prioriteringsutvalget", secretariat=org)
            meeting = meetings.create_meeting(council, date(2022, 5, 19), clock_time(8, 30))
            for n in range(40):
                meetings.add_case_item(meeting, f"Sak {n}", item_type="Drøfting", organisation=org,
                                       presenters=["Kari Nordmann"], duration=10,
                                       proposal_heading="Forslag til vedtak",
                                       proposal_body={"text": "NUIT tar saken til orientering."})
            notice.issue_notice(meeting.id)
            create_user("bench@example.no", "benchmark-passord", ["secretariat"])
            db.session.commit()
            meeting_id, item_id = meeting.id, meeting.items[20].id
        client = app.test_client()
        client.post("/logg-inn", data={"email": "bench@example.no", "password": "benchmark-passord"})
        version = None
        samples = []
        for n in range(rounds):
            if version is None:
                with app.app_context():
                    version = db.session.get(AgendaItem, item_id).version
            start = time.perf_counter()
            response = client.post(f"/moter/{meeting_id}/protokoll/{item_id}", data={
                "version": version, "kind": "text", "outcome": "decided",
                "decision": f"NUIT tar saken til orientering ({n}).",
                "discussion": f"Medlemmene drøftet saken, runde {n}."},
                headers={"Accept": "application/json"})
            samples.append((time.perf_counter() - start) * 1000)
            assert response.status_code == 200, response.get_data(as_text=True)
            version = response.get_json()["version"]
        samples.sort()
        print(f"autosave of one item, 40-item meeting: median {statistics.median(samples):.1f} ms, "
              f"p95 {samples[int(len(samples) * 0.95)]:.1f} ms, max {samples[-1]:.1f} ms ({rounds} rounds)")


if __name__ == "__main__":
    main()
