"""The standard items of every agenda («Godkjenning av innkalling og dagsorden», «Godkjenning av
referat», «Oppfølgingspunkter fra tidligere møter», «Eventuelt») get a meeting case number but no
case file of their own: they never clutter the case register, and every page and paper that shows
them works without a case."""
from datetime import date, time

import pytest
import time_machine
from sqlalchemy import func, select

from app.data_io.importer import ImportFailed, import_document
from app.extensions import db
from app.models import AgendaItem, Case, CaseQueueEntry, Council, ItemPurpose, ItemStatus, User
from app.services import ServiceError
from app.services.casework import cases
from app.services.paperwork import papers
from app.services.planning import item_purpose, meetings, notice
from app.services.proceedings import followup
from app.services.proceedings.meeting_setup import create_meeting_with_agenda
from app.services.registry import councils
from tests.conftest import login
from tests.factories import Reader, add_item, make_council, make_meeting, page_text
from tests.test_docx_agenda import body, cell_text, open_docx

ROUTINE = (ItemPurpose.APPROVE_NOTICE, ItemPurpose.APPROVE_MINUTES, ItemPurpose.FOLLOW_UP,
           ItemPurpose.ANY_OTHER_BUSINESS)


def _case_count() -> int:
    return db.session.scalar(select(func.count()).select_from(Case))


def _ordered(meeting) -> list[AgendaItem]:
    return sorted(meeting.items, key=lambda i: i.position)


def _new_meeting_with_standard_items(council):
    """A council with a leader (who presents the standard items), an earlier held meeting (so that
    "Godkjenning av referat" is added) and an open follow-up action (so that "Oppfølgingspunkter"
    is too)."""
    councils.ensure_membership(councils.upsert_person("Lise Leder"), council, "leder")
    earlier = make_meeting(council, day=date(2022, 3, 1), cases=1)
    notice.issue_notice(earlier.id)
    with time_machine.travel(date(2022, 3, 1), tick=False):
        from app.services.proceedings import recording
        recording.mark_held(earlier)
        case_item = next(i for i in earlier.items if i.purpose == ItemPurpose.CASE)
        followup.create_action(case_item, "Send veikartet på høring.",
                               organisation=council.secretariat, due_date=date(2022, 6, 30))
    db.session.commit()
    before = _case_count()
    meeting = create_meeting_with_agenda(council, date(2022, 5, 19), time(9, 0))
    db.session.commit()
    return meeting, before


def test_a_new_meetings_standard_items_get_numbers_but_no_case_files(app, client):
    council = make_council()
    meeting, cases_before = _new_meeting_with_standard_items(council)
    assert sorted(i.purpose for i in meeting.items) == sorted(ROUTINE)
    assert _case_count() == cases_before, "the standard items registered no case"
    real = add_item(meeting, "Nasjonal kjernejournal", item_type="Drøfting")
    notice.issue_notice(meeting.id, accept_warnings=True)  # the real case has no proposal
    db.session.commit()
    numbered = [(i.case_seq, i.title, i.case_id is None) for i in _ordered(meeting)]
    assert [(seq, routine) for seq, _title, routine in numbered] == [
        (2, True), (3, True), (4, True), (5, False), (6, True)], numbered
    assert real.case is not None and _case_count() == cases_before + 1

    login(client, app)
    register = page_text(client.get("/saker/").get_data(as_text=True))
    assert "Nasjonal kjernejournal" in register
    for title in ("Godkjenning av innkalling og dagsorden", "Godkjenning av referat",
                  "Oppfølgingspunkter fra tidligere møter", "Eventuelt"):
        assert title not in register


@pytest.mark.parametrize("purpose", ROUTINE)
def test_adding_a_standard_item_registers_no_case(app, purpose):
    meeting = make_meeting(make_council(), cases=0)
    before = _case_count()
    item = meetings.add_case_item(meeting, "Standardpunkt", purpose=purpose)
    db.session.flush()
    assert item.case_id is None and item.is_routine
    assert _case_count() == before


def test_a_standard_item_is_never_given_a_case_nor_made_exempt(app):
    meeting = make_meeting(make_council(), cases=1)
    case = _ordered(meeting)[0].case
    with pytest.raises(ServiceError) as refused:
        meetings.add_case_item(meeting, "Eventuelt", case=case, purpose=ItemPurpose.ANY_OTHER_BUSINESS)
    assert "hører ikke til en sak i saksregisteret" in str(refused.value)
    assert case.file_number in str(refused.value)
    with pytest.raises(ServiceError) as exempt:
        meetings.add_case_item(meeting, "Eventuelt", purpose=ItemPurpose.ANY_OTHER_BUSINESS,
                               exempt=True, legal_basis="offl. § 14")
    assert "kan ikke unntas offentlighet" in str(exempt.value)
    # A case item still gets its case, new or given.
    again = meetings.add_case_item(meeting, case.title, case=case)
    assert again.case is case and meetings.add_case_item(meeting, "Ny sak").case is not None


def test_an_item_that_becomes_a_standard_item_leaves_its_case_file(app):
    meeting = make_meeting(make_council(), cases=2)
    first, second = _ordered(meeting)
    item_purpose.set_purpose(first, ItemPurpose.APPROVE_MINUTES)
    db.session.flush()
    assert first.case is None and cases.case_by_file_number(2022, 1) is None
    # A case file that holds more (here: another treatment) is never dropped: refused.
    meetings.add_case_item(make_meeting(meeting.council, day=date(2022, 9, 14), cases=0),
                           second.title, case=second.case)
    with pytest.raises(ServiceError):
        item_purpose.set_purpose(second, ItemPurpose.FOLLOW_UP)
    # Back to a case: a case file of its own.
    item_purpose.set_purpose(first, ItemPurpose.CASE)
    assert first.case is not None and first.case.title == first.title


def test_a_postponed_standard_item_keeps_its_number_and_is_not_queued(app):
    council = make_council()
    meeting, _ = _new_meeting_with_standard_items(council)
    later = meetings.create_meeting(council, date(2022, 9, 14), time(9, 0))
    notice.issue_notice(meeting.id)
    approval = next(i for i in meeting.items if i.purpose == ItemPurpose.APPROVE_MINUTES)
    meetings.postpone_item(approval, to_meeting=later)
    db.session.commit()
    assert approval.status == ItemStatus.POSTPONED and approval.case_seq is not None
    assert db.session.scalar(select(func.count()).select_from(CaseQueueEntry)) == 0
    # The later meeting's own "Godkjenning av referat" names the minutes still not approved.
    next_one = create_meeting_with_agenda(council, date(2022, 10, 20), time(9, 0))
    titles = [i.title for i in next_one.items if i.purpose == ItemPurpose.APPROVE_MINUTES]
    assert titles == ["Godkjenning av referat fra NUIT 1. mars og 19. mai 2022"]


def test_the_import_refuses_a_case_file_for_a_standard_item(app):
    make_council()
    db.session.commit()
    doc = {"meetings": [{"council": "NUIT", "number": 2, "date": date(2022, 4, 8), "start": "09:00",
                         "agenda": [{"title": "Godkjenning av innkalling og dagsorden",
                                     "case_file_number": "2022/7"},
                                    {"title": "Eventuelt"}]}]}
    with pytest.raises(ImportFailed) as failed:
        import_document(doc)
    assert any(e.startswith("meetings[0].agenda[0].case_file_number: a standard item")
               for e in failed.value.errors), failed.value.errors
    del doc["meetings"][0]["agenda"][0]["case_file_number"]
    doc["meetings"][0]["agenda"][0]["access"] = {"exempt": False}  # harmless: nothing to change
    import_document(doc)
    assert _case_count() == 0
    doc["meetings"][0]["agenda"][1]["access"] = {"exempt": True, "legal_basis": "offl. § 14"}
    with pytest.raises(ImportFailed) as exempt:
        import_document(doc)
    assert any(e.startswith("meetings[0].agenda[1].access.exempt: a standard item")
               for e in exempt.value.errors), exempt.value.errors


# --- pages and papers of the demo's NUIT 3/22, whose standard items have no case ----------------

def _nuit_3_22():
    nuit = db.session.scalar(select(Council).where(Council.code == "NUIT"))
    return meetings.meeting_by_number(nuit, 2022, 3)


def _shown(response) -> str:
    assert response.status_code == 200, response.status_code
    return page_text(response.get_data(as_text=True))


STANDARD_ROWS = ("16/22 Godkjenning av innkalling og dagsorden",
                 "17/22 Godkjenning av referat fra NUIT 17. februar og ekstramøtet 8. april 2022",
                 "31/22 Eventuelt")


def test_the_demos_standard_items_have_numbers_and_no_case(demo_full):
    meeting = _nuit_3_22()
    routine = [i for i in _ordered(meeting) if i.is_routine]
    assert [(i.case_seq, i.case_id) for i in routine] == [(16, None), (17, None), (31, None)]


def test_secretariat_pages_show_the_standard_items(demo_full, client):
    meeting = _nuit_3_22()
    closing = next(i for i in meeting.items if i.purpose == ItemPurpose.ANY_OTHER_BUSINESS)
    login(client, demo_full)
    builder = _shown(client.get(f"/moter/{meeting.id}"))
    assert "16/22" in builder and "Godkjenning av innkalling og dagsorden" in builder
    item_page = _shown(client.get(f"/moter/{meeting.id}/punkt/{closing.id}"))
    assert "Eventuelt" in item_page and "Arkivsak" not in item_page
    for url in (f"/moter/{meeting.id}/protokoll", f"/moter/{meeting.id}/referat"):
        text = _shown(client.get(url))
        assert "Godkjenning av innkalling og dagsorden" in text and "16/22" in text, url
    history = _shown(client.get(f"/moter/{meeting.id}/punkt/{closing.id}/historikk"))
    assert "Eventuelt" in history
    # A follow-up action raised under "Eventuelt": its page, the overview and the CSV.
    with time_machine.travel(date(2022, 5, 19), tick=False):
        action = followup.create_action(closing, "Lag møteplan for 2023.",
                                        organisation=meeting.council.secretariat,
                                        due_date=date(2022, 9, 1))
    db.session.commit()
    page = _shown(client.get(f"/oppfolging/{action.id}"))
    assert "Lag møteplan for 2023." in page and "31/22" in page
    assert "Lag møteplan for 2023." in _shown(client.get("/oppfolging/?alle=1"))
    csv = client.get("/oppfolging/eksport.csv?alle=1")
    assert csv.status_code == 200 and "Lag møteplan for 2023." in csv.get_data(as_text=True)


def test_public_pages_show_the_standard_items_without_a_case_link(demo_full):
    visitor = Reader(demo_full, demo_full.response_class)
    meeting_page = visitor.get("/utvalg/NUIT/moter/2022/3")
    shown = _shown(meeting_page)
    assert all(row in shown for row in STANDARD_ROWS), shown
    html = meeting_page.get_data(as_text=True)
    # The title of a case links to its case page; a standard item's title links nowhere.
    assert ">Godkjenning av innkalling og dagsorden</a>" not in html
    # The published minutes of 1/22 and the decisions they hold.
    minutes = _shown(visitor.get("/utvalg/NUIT/moter/2022/1/referat"))
    assert "Sak 1/22 Godkjenning av innkalling og dagsorden" in minutes
    decisions = _shown(visitor.get("/utvalg/NUIT/vedtak"))
    assert "1/22 Godkjenning av innkalling og dagsorden Møte 1/22" in decisions
    assert "9/22 Eventuelt" in decisions or "Eventuelt" not in decisions


def test_a_member_reads_the_meeting_with_its_standard_items(demo_full):
    member = Reader(demo_full, demo_full.response_class)
    login(member, demo_full, email="medlem@example.no", roles=())
    user = db.session.scalar(select(User).where(User.email == "medlem@example.no"))
    user.person = councils.person_by_name("Mariann Hornnes")
    db.session.commit()
    assert "Mitt" in _shown(member.get("/mitt"))
    meeting = _nuit_3_22()
    text = _shown(member.get(f"/utvalg/NUIT/moter/2022/{meeting.number}"))
    assert "16/22 Godkjenning av innkalling og dagsorden" in text


def _docx_text(data: bytes) -> str:
    lines = []
    for block in body(open_docx(data)):
        if hasattr(block, "rows"):
            lines += [" ".join(cell_text(c) for c in row.cells) for row in block.rows]
        else:
            lines.append(block.text)
    return "\n".join(lines)


@pytest.mark.parametrize("kind", ["agenda", "minutes"])
@pytest.mark.parametrize("public", [False, True])
def test_agenda_and_minutes_papers_number_the_standard_items(demo_full, kind, public):
    text = _docx_text(papers.render(_nuit_3_22(), kind, public))
    assert "16/22" in text and "Godkjenning av innkalling og dagsorden" in text
    assert "31/22" in text and "Eventuelt" in text
