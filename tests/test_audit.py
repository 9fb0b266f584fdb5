"""Every change leaves audit events: who, when, which object, which field, old and new value."""
from datetime import date, time

from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent
from app.services.core.audit import acting_as
from app.services.planning import meetings, notice
from app.services.registry.users import create_user
from tests.factories import add_item, make_council


def _events(object_type, field=None):
    query = select(AuditEvent).where(AuditEvent.object_type == object_type)
    if field:
        query = query.where(AuditEvent.field == field)
    return db.session.scalars(query.order_by(AuditEvent.id)).all()


def test_changes_are_recorded_with_actor_field_old_and_new_value(app):
    user = create_user("sekretar@example.no", "langt-passord-1", ["secretariat"])
    council = make_council()
    db.session.commit()
    with acting_as(user):
        meeting = meetings.create_meeting(council, date(2022, 5, 19), time(8, 30))
        item = meetings.add_case_item(meeting, "Tryggere helseapper", item_type="Drøfting", duration=30)
        db.session.commit()
        meetings.update_item(item, duration_minutes=40, item_type="Anbefaling")
        db.session.commit()

    created = _events("Meeting")
    assert created[0].action == "create" and created[0].actor == "sekretar@example.no"
    assert created[0].user_id == user.id
    duration = _events("AgendaItem", "duration_minutes")
    assert [(e.old_value, e.new_value) for e in duration] == [(None, "30"), ("30", "40")]
    item_type = _events("AgendaItem", "item_type")[-1]
    assert (item_type.old_value, item_type.new_value) == ("Drøfting", "Anbefaling")
    assert all(e.at is not None for e in duration)


def test_proposal_revisions_are_kept(app):
    council = make_council()
    meeting = meetings.create_meeting(council, date(2022, 5, 19), time(8, 30))
    item = meetings.add_case_item(meeting, "Utveksling av helseopplysninger",
                                  proposal_heading="Forslag til vedtak",
                                  proposal_body={"text": "NUIT tar saken til orientering."})
    meetings.set_proposal(item, "Forslag til vedtak - oppdatert",
                          {"text": "NUIT tar saken til orientering og partene tar med seg innspillene."})
    db.session.commit()
    assert [r.heading for r in item.proposal_revisions] == ["Forslag til vedtak",
                                                            "Forslag til vedtak - oppdatert"]
    assert item.proposal_heading == "Forslag til vedtak - oppdatert"
    assert item.proposal_revisions[0].body == {"text": "NUIT tar saken til orientering."}


def test_change_after_issue_marks_item_updated(client, app):
    council = make_council()
    meeting = meetings.create_meeting(council, date(2022, 5, 19), time(8, 30))
    item = add_item(meeting, "Nasjonal e-helseportefølje", duration=30)
    other = add_item(meeting, "Eventuelt", duration=5)
    notice.issue_notice(meeting.id, accept_warnings=True)  # no proposals
    db.session.commit()
    meetings.update_item(item, duration_minutes=45)
    db.session.commit()
    assert item.changed_after_issue and not other.changed_after_issue
    html = client.get("/utvalg/NUIT/moter/2022/1").get_data(as_text=True)
    assert html.count("oppdatert") == 1


def test_removed_presenter_leaves_its_name_in_the_audit_trail(app):
    council = make_council()
    meeting = meetings.create_meeting(council, date(2022, 5, 19), time(8, 30))
    item = meetings.add_case_item(meeting, "Utveksling av helseopplysninger",
                                  presenters=["Lars Erik Antonsen", "Marit Hermansen"])
    db.session.commit()
    meetings.update_item(item, presenters=["Lars Erik Antonsen"])
    db.session.commit()
    removed = [e.old_value for e in _events("AgendaItemPresenter", "name") if e.action == "delete"]
    assert "Marit Hermansen" in removed
