"""One unit of work (app/unit_of_work.py): a change is saved whole and audited as the one who made
it, or refused with one kind of result and nothing changed."""
from datetime import date

import pytest
import time_machine
from sqlalchemy import func, select, text

from app import unit_of_work
from app.extensions import db
from app.models import AgendaItem, AuditEvent, FollowUpAction, ItemStatus, Meeting, Organisation, User
from app.services import ServiceError
from app.services.planning import item_locking
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import attendance
from app.services.proceedings.minutes import NeedsConfirmation
from app.services.registry import councils
from app.services.registry.users import create_user
from tests.conftest import login
from tests.factories import make_council, make_meeting

NEW_ORG = "Helse Nord RHF"


def _audit_count() -> int:
    return db.session.scalar(select(func.count()).select_from(AuditEvent))


def _org_exists() -> bool:
    return db.session.scalar(select(Organisation).where(Organisation.name == NEW_ORG)) is not None


@pytest.fixture
def user(app):
    user = create_user("sekretar@example.no", "riktig-passord-123", ["secretariat"])
    db.session.commit()
    return user


@pytest.fixture
def item(app):
    meeting = make_meeting(make_council(), cases=2)
    db.session.commit()
    return meeting.items[0]


def _refused(action, actor, **kwargs):
    """Run ``action`` after adding an organisation; the outcome, checked to have changed nothing."""
    before = _audit_count()

    def change():
        councils.upsert_organisation(NEW_ORG)
        db.session.flush()
        return action()

    outcome = unit_of_work.run(change, actor, **kwargs)
    assert not outcome.ok and outcome.value is None
    assert not _org_exists() and _audit_count() == before
    return outcome


def test_a_change_is_saved_and_audited_as_the_user(user):
    outcome = unit_of_work.run(lambda: councils.upsert_organisation(NEW_ORG), user)
    assert outcome.ok and outcome.value.name == NEW_ORG and outcome.error is None
    db.session.rollback()  # what was committed stays
    assert _org_exists()
    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "Organisation")).all()
    assert rows and {(r.user_id, r.actor) for r in rows} == {(user.id, "sekretar@example.no")}


def test_the_command_line_is_audited_with_its_label(app):
    assert unit_of_work.run(lambda: councils.upsert_organisation(NEW_ORG), "cli").ok
    actors = set(db.session.scalars(select(AuditEvent.actor).where(AuditEvent.object_type == "Organisation")))
    assert actors == {"cli"}


def test_a_broken_rule_gives_its_message(user):
    def refuse():
        raise ServiceError("Utvalget finnes ikke.")

    outcome = _refused(refuse, user)
    assert outcome.error == "Utvalget finnes ikke."
    assert (outcome.field, outcome.conflict, outcome.changed_meanwhile, outcome.needs_confirmation,
            outcome.raced) == (None, None, False, False, False)


def test_a_field_error_names_its_field(user):
    outcome = _refused(lambda: councils.create_person("Kari Nordmann", email="ikke-en-adresse"), user)
    assert outcome.field == "email" and "gyldig e-postadresse" in outcome.error


def test_a_request_for_confirmation_is_not_a_plain_refusal(user):
    def ask():
        raise NeedsConfirmation("Fristen er allerede passert. Bekreft at den er riktig.")

    outcome = _refused(ask, user)
    assert outcome.needs_confirmation and not outcome.raced
    assert outcome.error == "Fristen er allerede passert. Bekreft at den er riktig."


def test_an_out_of_date_form_is_an_edit_conflict(user, item):
    outcome = _refused(lambda: item_locking.check_version(
        item_locking.lock_item(item.id), item.version - 1, {"title": "Ny tittel"}, {"title": "Tittel"}), user)
    assert outcome.conflict is not None and outcome.conflict.item.id == item.id
    assert outcome.raced and not outcome.changed_meanwhile
    assert "endret av noen andre" in outcome.error


def test_a_save_overtaken_by_another_is_changed_meanwhile(user, item):
    title = item.title

    def overtaken():
        db.session.execute(text("UPDATE agenda_item SET version = version + 1 WHERE id = :id"),
                           {"id": item.id})
        item.title = "Ny tittel"

    outcome = _refused(overtaken, user, changed_meanwhile="Punktet ble endret i samme øyeblikk.")
    assert outcome.changed_meanwhile and outcome.raced and outcome.conflict is None
    assert outcome.error == "Punktet ble endret i samme øyeblikk."
    assert db.session.get(AgendaItem, item.id).title == title


def test_a_unique_number_taken_at_the_same_moment_is_changed_meanwhile(user):
    db.session.add(Organisation(name="Helse Vest RHF"))
    db.session.commit()
    outcome = _refused(lambda: db.session.add(Organisation(name="Helse Vest RHF")), user)
    assert outcome.changed_meanwhile and "Ingenting ble lagret" in outcome.error


def test_an_unexpected_error_is_rolled_back_and_raised(user):
    def broken():
        councils.upsert_organisation(NEW_ORG)
        db.session.flush()
        raise RuntimeError("feil")

    with pytest.raises(RuntimeError):
        unit_of_work.run(broken, user)
    assert not _org_exists()


# --- every change made through the pages names the user who made it -------------------------------

EMAIL = "sekretar@example.no"
AFTER_MEETING = date(2022, 5, 20)


def _post(client, url, data=None, status=302):
    response = client.post(url, data=data or {})
    assert response.status_code == status, response.get_data(as_text=True)[:2000]
    return response


def _walk_agenda_builder(client, council_id):
    response = _post(client, "/moter/nytt", {"council": council_id, "date": "2022-09-14",
                                             "start": "09:00", "kind": "ordinary"})
    meeting_id = int(response.headers["Location"].rsplit("/", 1)[1])
    for title in ("Veikart for e-helse", "Nasjonal kjernejournal"):
        _post(client, f"/moter/{meeting_id}/sak", {"sak-title": title, "sak-item_type": "Drøfting",
                                                   "sak-duration": 30})
    meeting = db.session.get(Meeting, meeting_id)
    first, case = meeting.items[0], next(i for i in meeting.items if i.title == "Nasjonal kjernejournal")
    _post(client, f"/moter/{meeting_id}/punkt/{case.id}/flytt", {"retning": "opp"})
    db.session.refresh(case)
    _post(client, f"/moter/{meeting_id}/punkt/{case.id}", {
        "version": case.version, "original": "{}", "title": "Nasjonal kjernejournal for alle",
        "item_type": "Beslutning", "presenters": "Kari Nordmann", "organisation": 0, "duration": 20,
        "pinned_start": "", "subitems": ""})
    db.session.refresh(case)
    _post(client, f"/moter/{meeting_id}/punkt/{case.id}/forslag", {
        "heading": "Forslag til vedtak", "custom_heading": "", "kind": "text",
        "body": "NUIT slutter seg til planen.", "revision": len(case.proposal_revisions)})
    db.session.refresh(case)
    assert (case.title, case.proposal_body) == ("Nasjonal kjernejournal for alle",
                                                {"text": "NUIT slutter seg til planen."})
    first_id = first.id
    positions = {i.id: i.position for i in meeting.items if i.id != first_id}
    _post(client, f"/moter/{meeting_id}/punkt/{first_id}/fjern")
    db.session.expire_all()
    meeting = db.session.get(Meeting, meeting_id)
    assert first_id not in {i.id for i in meeting.items}
    assert {i.id: i.position for i in meeting.items} != positions  # the others were renumbered
    return meeting_id


def _walk_meeting_day(client, meeting):
    rows = list(meeting.attendance)
    data = {f"status-{a.id}": "present" for a in rows}
    data[f"status-{rows[-1].id}"] = "absent"
    data[f"grunn-{rows[-1].id}"] = "Annet møte"
    data["roller-chair"] = rows[0].person_id
    data["roller-minute_taker"] = rows[1].person_id
    _post(client, f"/moter/{meeting.id}/oppmote", data)
    item = next(i for i in meeting.items if i.is_case and i.status != ItemStatus.POSTPONED)
    _post(client, f"/moter/{meeting.id}/protokoll/{item.id}", {
        "decision": "NUIT tar saken til orientering.", "kind": "text", "discussion": "Drøftet.",
        "outcome": "decided", "postponed_to": "", "postponed_date": "", "sent_on": "",
        "version": str(item.version)})
    db.session.expire_all()
    assert item.outcome == "decided" and rows[-1].status == "absent"
    return item


def _walk_followup(client, item):
    _post(client, f"/oppfolging/ny?punkt={item.id}", {
        "description": "Veikartet oppdateres", "organisation": str(item.council.secretariat_id), "person": "",
        "due_date": "2022-09-01", "due_label": ""})
    action = db.session.scalar(select(FollowUpAction).where(FollowUpAction.description == "Veikartet oppdateres"))
    _post(client, f"/oppfolging/{action.id}", {
        "skjema": "framdrift", "framdrift-version": str(action.version),
        "framdrift-status": "in_progress", "framdrift-note": "Arbeidet er i gang."})
    db.session.refresh(action)
    assert action.status == "in_progress"


def _walk_minutes(client, meeting):
    url = f"/moter/{meeting.id}/referat"
    _post(client, f"{url}/send", {"deadline": "2022-06-01"})
    with time_machine.travel(date(2022, 6, 10), tick=False):
        _post(client, f"{url}/godkjenn", {"method": "circulation", "circulated_on": "2022-06-10",
                                          "note": "Godkjent per e-post."})
        _post(client, f"{url}/publiser")
    db.session.expire_all()
    assert meeting.minutes.published_at is not None


def test_every_change_made_through_the_pages_is_audited_as_the_user(client, demo):
    nuit = councils.council_by_code("NUIT")
    held = meeting_by_number(nuit, 2022, 3)
    attendance.prefill(held)
    db.session.commit()
    login(client, demo)
    user = db.session.scalar(select(User).where(User.email == EMAIL))
    start = db.session.scalar(select(func.max(AuditEvent.id)))

    with time_machine.travel(AFTER_MEETING, tick=False):
        _walk_agenda_builder(client, nuit.id)
        item = _walk_meeting_day(client, held)
        _walk_followup(client, item)
    _walk_minutes(client, held)

    rows = db.session.scalars(select(AuditEvent).where(AuditEvent.id > start)).all()
    changed = {(r.object_type, r.action, r.field) for r in rows}
    assert {("Meeting", "create", None), ("AgendaItem", "delete", None),
            ("AgendaItem", "update", "position"), ("AgendaItem", "update", "title"),
            ("AgendaItem", "update", "proposal_body"), ("AgendaItem", "update", "outcome"),
            ("Attendance", "update", "status"), ("FollowUpAction", "create", None),
            ("FollowUpAction", "update", "status"), ("Minutes", "update", "status"),
            ("Minutes", "update", "published_at")} <= changed
    others = [(r.actor, r.object_type, r.field) for r in rows if (r.user_id, r.actor) != (user.id, EMAIL)]
    assert others == []
