"""Cases waiting for a meeting (postponed there, or sent on from another council) on the builder,
the chain of treatments on the case page, and the "papers updated" e-mail."""
from datetime import date, time

from sqlalchemy import select

from app.extensions import db
from app.models import Council, ItemOutcome, OutboxMessage
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import recording
from app.services.proceedings.meeting_setup import create_meeting_with_agenda
from app.services.registry import councils
from tests.conftest import login


def _nuit():
    return db.session.scalar(select(Council).where(Council.code == "NUIT"))


def _item(meeting, seq):
    return next(i for i in meeting.items if i.case_seq == seq)


def test_postponed_case_waits_on_the_builder_and_is_put_on_the_agenda(client, demo):
    login(client, demo)
    september = create_meeting_with_agenda(_nuit(), date(2022, 9, 14), time(9, 0))
    db.session.commit()
    html = client.get(f"/moter/{september.id}").get_data(as_text=True)
    assert "Saker som venter på behandling" in html
    assert "Samarbeidsmodell for bruk av internasjonale standarder" in html
    assert "utsatt fra NUIT Møte 3/22" in html
    entry_id = html.split(f"/moter/{september.id}/saksko/")[1].split('"')[0]
    response = client.post(f"/moter/{september.id}/saksko/{entry_id}")
    assert response.status_code == 302
    titles = [i.title for i in sorted(september.items, key=lambda i: i.position)]
    assert titles[-2:] == ["Samarbeidsmodell for bruk av internasjonale standarder i helse- og "
                           "omsorgssektoren", "Eventuelt"]
    postponed = _item(meeting_by_number(_nuit(), 2022, 3), 30)
    placed = sorted(september.items, key=lambda i: i.position)[-2]
    assert placed.case_id == postponed.case_id  # the same case, a new treatment
    assert "Saker som venter på behandling" not in client.get(f"/moter/{september.id}").get_data(as_text=True)
    again = client.post(f"/moter/{september.id}/saksko/{entry_id}", follow_redirects=True)
    assert "Saken er allerede satt på en dagsorden." in again.get_data(as_text=True)


def test_case_sent_on_shows_the_chain_nuit_to_nehr(client, demo):
    login(client, demo)
    nehr = councils.upsert_council("NEHR", "Nasjonalt e-helseråd")
    item = _item(meeting_by_number(_nuit(), 2022, 3), 20)
    recording.record_item(item, outcome=ItemOutcome.SENT_ON, decision_body=item.proposal_body,
                          sent_on_to=nehr)
    db.session.commit()
    case = item.case
    html = client.get(f"/saker/{case.file_year}/{case.file_seq}").get_data(as_text=True)
    assert "NUIT → NEHR" in html
    assert "sendt videre til NEHR" in html and "Venter på behandling i NEHR" in html


def test_members_get_an_email_when_papers_change_after_issue(client, demo):
    login(client, demo)
    council = _nuit()
    for n, membership in enumerate(council.memberships):
        membership.person.email = f"medlem{n}@example.no"
    meeting = create_meeting_with_agenda(council, date(2022, 9, 14), time(9, 0))
    from app.services.planning.meetings import update_item
    from app.services.planning.notice import issue_notice
    issue_notice(meeting.id)
    update_item(meeting.items[0], title="Godkjenning av innkalling og dagsorden (endret)")
    db.session.commit()
    html = client.get(f"/moter/{meeting.id}").get_data(as_text=True)
    assert "Saker endret etter at innkallingen ble sendt: 1." in html
    before = db.session.query(OutboxMessage).filter_by(kind="papers_updated").count()
    response = client.post(f"/moter/{meeting.id}/varsle-oppdatering", follow_redirects=True)
    assert "lagt i utboksen til 18 mottakere" in response.get_data(as_text=True)
    messages = db.session.query(OutboxMessage).filter_by(kind="papers_updated").all()
    assert len(messages) - before == 18
    assert messages[0].subject == "Oppdaterte sakspapirer: NUIT møte 4/22 14. september 2022"


def test_only_the_secretariat_places_queued_cases(client, demo):
    login(client, demo, email="medlem@example.no", roles=())
    september = create_meeting_with_agenda(_nuit(), date(2022, 9, 14), time(9, 0))
    db.session.commit()
    assert client.post(f"/moter/{september.id}/saksko/1").status_code == 403
