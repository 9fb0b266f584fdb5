"""Small builders for test data, going through the service layer like the app does."""
from datetime import date, time

from app.extensions import db
from app.services.planning import meetings
from app.services.registry import councils


def make_council(code="NUIT", name="Prioriteringsutvalget", fmt="{seq}/{yy}"):
    secretariat = councils.upsert_organisation("Direktoratet for e-helse")
    return councils.upsert_council(code, name, case_number_format=fmt, secretariat=secretariat)


def make_meeting(council, day=date(2022, 5, 19), start=time(8, 30), cases=3, **kwargs):
    meeting = meetings.create_meeting(council, day, start, **kwargs)
    org = councils.upsert_organisation("Norsk helsenett SF", "NHN")
    for n in range(cases):
        meetings.add_case_item(meeting, f"Sak nummer {n + 1}", item_type="Drøfting",
                               presenters=["Kari Nordmann", "Ola Nordmann"], organisation=org,
                               duration=15, proposal_heading="Forslag til vedtak",
                               proposal_body={"text": f"{council.code} tar saken til orientering."})
    db.session.commit()
    return meeting
