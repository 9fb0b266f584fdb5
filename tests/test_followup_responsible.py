"""The person responsible for a follow-up action can always open it (the reminder e-mail links
there), even when its case is exempt and they are not a member; others without access cannot."""
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import Council, Person
from app.services.planning import meetings
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import followup
from app.services.registry import councils
from app.services.registry.users import create_user
from tests.conftest import login

SECRET = "Forhandlingsstrategi mot leverandør Zyxwv"


def _exempt_action():
    council = db.session.scalar(select(Council).where(Council.code == "NUIT"))
    meeting = meeting_by_number(council, 2022, 3)
    item = meetings.add_case_item(meeting, "Avtale med leverandør Zyxwv", exempt=True,
                                  legal_basis="offl. § 15 første ledd", public_title="Sak om en avtale")
    outsider = councils.upsert_organisation("Eksternt konsulentselskap")
    owner = Person(name="Oda Oppfølger", organisation=outsider)
    db.session.add(owner)
    db.session.flush()
    action = followup.create_action(item, SECRET, person=owner, due_date=date(2031, 1, 1))
    owner_user = create_user("oda@example.no", "riktig-passord-123", [])
    owner_user.person = owner
    create_user("annen@example.no", "riktig-passord-123", [])
    db.session.commit()
    return action


def test_the_responsible_person_sees_their_exempt_action(client, demo):
    action = _exempt_action()
    login(client, demo, email="oda@example.no", roles=())
    page = client.get(f"/oppfolging/{action.id}")
    assert page.status_code == 200 and SECRET in page.get_data(as_text=True)
    mine = client.get("/oppfolging/?omfang=mine").get_data(as_text=True)
    assert SECRET in mine
    assert "Avtale med leverandør Zyxwv" not in page.get_data(as_text=True)  # the case stays exempt


def test_someone_else_without_access_does_not(client, demo):
    action = _exempt_action()
    login(client, demo, email="annen@example.no", roles=())
    assert client.get(f"/oppfolging/{action.id}").status_code == 403
    assert SECRET not in client.get("/oppfolging/").get_data(as_text=True)
    assert SECRET not in client.get("/oppfolging/eksport.csv").get_data(as_text=True)
