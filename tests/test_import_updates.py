"""Re-importing edited files: what is matched, what is kept, what is refused."""
from datetime import date
from pathlib import Path

import yaml
from sqlalchemy import func, select

from app.data_io.importer import ImportFailed, import_document, load_yaml
from app.extensions import db
from app.models import AgendaItem, Case, Council, Meeting

DEMO = Path(__file__).resolve().parent.parent / "app" / "demo" / "data" / "nuit-2022-3.yaml"


def _demo_doc() -> dict:
    return load_yaml(DEMO.read_text(encoding="utf-8"))


def _item(number: int) -> AgendaItem:
    return db.session.scalar(select(AgendaItem).where(AgendaItem.case_year == 2022,
                                                      AgendaItem.case_seq == number,
                                                      AgendaItem.council_id == _nuit_id()))


def _nuit_id() -> int:
    return db.session.scalar(select(Council.id).where(Council.code == "NUIT"))


def _agenda(doc) -> list[dict]:
    return doc["meetings"][0]["agenda"]


def _refused(doc) -> str:
    try:
        import_document(doc)
    except ImportFailed as failure:
        return "\n".join(failure.errors)
    raise AssertionError("the import was accepted")


def test_reimport_without_access_keys_keeps_a_case_exempt(demo, client):
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.title.like("Vurdering av alternativer%")))
    item.case.exempt, item.case.legal_basis = True, "offl. § 14"
    item.case.public_title = "Intern vurdering"
    db.session.commit()
    import_document(_demo_doc())
    assert item.case.exempt and item.case.legal_basis == "offl. § 14"
    html = client.get("/utvalg/NUIT/moter/2022/3").get_data(as_text=True)
    assert "Vurdering av alternativer" not in html and "Intern vurdering" in html


def test_renamed_item_is_matched_by_its_case_number(demo):
    doc = _demo_doc()
    _agenda(doc)[-1]["title"] = "Eventuelt og avslutning"
    import_document(doc)
    assert _item(31).title == "Eventuelt og avslutning"
    assert db.session.scalar(select(func.count()).select_from(AgendaItem).where(
        AgendaItem.meeting_id == _item(31).meeting_id)) == 19


def test_numbered_item_left_out_of_the_file_is_refused(demo):
    doc = _demo_doc()
    del _agenda(doc)[-1]
    message = _refused(doc)
    assert "meetings[0].agenda: 'Eventuelt' (31/22) not in the file" in message
    assert _item(31) is not None


def test_item_left_out_of_a_planned_meeting_is_removed(app):
    doc = _demo_doc()
    meeting = doc["meetings"][0]
    doc["meetings"] = [meeting]  # without the entries recording 17/22's approvals
    meeting.update(status="planned", number=4, date=date(2022, 9, 14))
    for entry in meeting["agenda"]:
        entry.pop("case_number", None)
        if entry.get("status") == "postponed":
            entry["status"] = "planned"
            del entry["postponed_to"]
    import_document(doc)
    del meeting["agenda"][1]
    import_document(doc)
    stored = db.session.scalar(select(Meeting).where(Meeting.number == 4))
    titles = [i.title for i in stored.items]
    assert len(titles) == 18 and not any(t.startswith("Godkjenning av referat") for t in titles)
    assert [i.position for i in stored.items] == list(range(18))


def test_numbers_for_some_items_only_are_refused(app):
    doc = _demo_doc()
    del _agenda(doc)[2]["case_number"]
    assert "meetings[0].agenda[2].case_number: is missing" in _refused(doc)


def test_numbers_in_a_planned_meeting_are_refused(app):
    doc = _demo_doc()
    doc["meetings"][0]["status"] = "planned"
    assert "a planned meeting has no case numbers yet" in _refused(doc)


def test_held_meeting_cannot_go_back_to_planned(demo):
    doc = _demo_doc()
    doc["meetings"][0]["status"] = "planned"
    for entry in _agenda(doc):
        entry.pop("case_number", None)
    assert "cannot go back to planned" in _refused(doc)


def test_postponed_case_comes_back_as_the_same_case(demo):
    september = {
        "council": "NUIT", "number": 4, "date": date(2022, 9, 14), "start": "09:00",
        "status": "issued",
        "agenda": [{"title": "Godkjenning av innkalling og dagsorden", "type": "Godkjenning"},
                   {"title": "Samarbeidsmodell for bruk av internasjonale standarder i helse- og "
                             "omsorgssektoren", "type": "Drøfting"}],
    }
    cases_before = db.session.scalar(select(func.count()).select_from(Case))
    import_document({"meetings": [september]})
    later = db.session.scalar(select(AgendaItem).where(AgendaItem.case_seq == 33,
                                                       AgendaItem.case_year == 2022))
    assert later.case_id == _item(30).case_id
    # The same case comes back, and "Godkjenning av innkalling og dagsorden" registers none.
    assert db.session.scalar(select(func.count()).select_from(Case)) == cases_before
    assert _item(30).postponed_to_meeting == later.meeting


def test_too_long_names_and_huge_numbers_get_messages_not_tracebacks(app):
    doc = _demo_doc()
    _agenda(doc)[0]["presenters"] = ["N" * 250]
    _agenda(doc)[1]["access"] = {"exempt": True, "legal_basis": "x" * 300}
    doc["meetings"][0]["number"] = 3_000_000_000
    message = _refused(doc)
    assert "meetings[0].agenda[0].presenters[0]: is 250 characters long; at most 200 allowed" in message
    assert "meetings[0].agenda[1].access.legal_basis: is 300 characters long" in message
    assert "meetings[0].number: expected a meeting number from 1 to 999" in message


def test_export_of_a_reimported_file_is_unchanged(demo, runner, tmp_path):
    first = runner.invoke(args=["data", "export", "--council", "NUIT"]).output
    import_document(yaml.safe_load(first))
    assert runner.invoke(args=["data", "export", "--council", "NUIT"]).output == first
