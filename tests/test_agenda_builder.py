"""The secretariat's agenda builder through the web pages (test client)."""
import json
import re
from datetime import date

from sqlalchemy import select

from app.extensions import db
from app.models import AgendaItem, Meeting, NoticeVersion
from tests.conftest import count_queries, login
from tests.pages import agenda_table


def _new_meeting(client, council_id, day="2022-09-14", start="09:00", **extra) -> int:
    response = client.post("/moter/nytt", data={"council": council_id, "date": day, "start": start,
                                                "kind": "ordinary", **extra})
    assert response.status_code == 302, response.get_data(as_text=True)
    return int(response.headers["Location"].rsplit("/", 1)[1])


def _nuit_id():
    from app.services.registry.councils import council_by_code
    return council_by_code("NUIT").id


def _items(meeting_id):
    return db.session.scalars(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id)
                              .order_by(AgendaItem.position)).all()


def _add_case(client, meeting_id, title, item_type="Drøfting", duration=30):
    response = client.post(f"/moter/{meeting_id}/sak", data={
        "sak-title": title, "sak-item_type": item_type, "sak-duration": duration})
    assert response.status_code == 302
    return db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == meeting_id,
                                                      AgendaItem.title == title))


def _opened(item) -> str:
    """The hidden 'original' field of the item form: the values as the editor opened them."""
    from app.services.planning.item_locking import item_values
    values = item_values(item)
    values["pinned_start"] = values["pinned_start"].strftime("%H:%M") if values["pinned_start"] else None
    return json.dumps(values)


def _edit(client, meeting_id, item, **changes):
    data = {"version": item.version, "original": _opened(item),
            "title": item.title, "item_type": item.item_type or "",
            "presenters": ", ".join(p.display_name for p in item.presenters),
            "organisation": item.presenting_organisation_id or 0,
            "duration": item.duration_minutes if item.duration_minutes is not None else "",
            "pinned_start": item.pinned_start.strftime("%H:%M") if item.pinned_start else "",
            "subitems": "\n".join(item.subitems or [])}
    data.update(changes)
    return client.post(f"/moter/{meeting_id}/punkt/{item.id}", data=data)


def _public_rows(client, year, number):
    return agenda_table(client, f"/utvalg/NUIT/moter/{year}/{number}")


def test_new_meeting_starts_with_the_standard_items(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id())
    meeting = db.session.get(Meeting, meeting_id)
    assert meeting.label == "Møte 4/22"
    titles = [i.title for i in _items(meeting_id)]
    assert titles == ["Godkjenning av innkalling og dagsorden",
                      "Godkjenning av referat fra NUIT 19. mai 2022", "Eventuelt"]
    referat = _items(meeting_id)[1]
    assert referat.proposal_body == {"text": "NUIT godkjenner referatet fra NUIT 19. mai 2022."}


def test_new_meeting_form_shows_errors_next_to_fields_and_creates_nothing(client, demo):
    login(client, demo)
    before = db.session.scalar(select(db.func.count()).select_from(Meeting))
    response = client.post("/moter/nytt", data={"council": _nuit_id(), "date": "14.09.2022",
                                                "start": "25:00", "video_url": "ikke en lenke"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'id="date-feil"' in html and "Skriv datoen som åååå-mm-dd" in html
    assert 'aria-describedby="start-feil"' in html
    assert "Skriv en gyldig lenke" in html
    assert db.session.scalar(select(db.func.count()).select_from(Meeting)) == before


def test_building_and_issuing_a_meeting(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id(), start="09:00")
    first = _add_case(client, meeting_id, "Tryggere helseapper", "Anbefaling", 30)
    second = _add_case(client, meeting_id, "DigiPan-rapporten", "Drøfting", 20)
    third = _add_case(client, meeting_id, "Samarbeidsmodell for standarder", "Drøfting", 30)
    client.post(f"/moter/{meeting_id}/pause", data={"pause-title": "Lunsj", "pause-duration": 30})
    # "Eventuelt" goes last: move it down past the three cases and the lunch.
    eventuelt = next(i for i in _items(meeting_id) if i.title == "Eventuelt")
    for _ in range(4):
        client.post(f"/moter/{meeting_id}/punkt/{eventuelt.id}/flytt", data={"retning": "ned"})
    assert [i.title for i in _items(meeting_id)][-1] == "Eventuelt"
    # Presenters for every item, and a pinned time for the lunch.
    for item in _items(meeting_id):
        if item.kind == "case":
            assert _edit(client, meeting_id, item, presenters="Mariann Hornnes").status_code == 302
    lunch = next(i for i in _items(meeting_id) if i.title == "Lunsj")
    assert _edit(client, meeting_id, lunch, pinned_start="11:00").status_code == 302
    # A proposal written with the phrase library.
    url = f"/moter/{meeting_id}/punkt/{first.id}/forslag"
    page = client.post(url, data={"heading": "Forslag til vedtak", "kind": "text", "body": "",
                                  "phrase": "1", "action": "insert"}).get_data(as_text=True)
    assert "NUIT slutter seg til anbefalingene fra […]." in page
    client.post(url, data={"heading": "Forslag til vedtak", "kind": "text", "action": "save",
                           "body": "NUIT slutter seg til anbefalingene fra prosjektet."})
    db.session.refresh(first)
    assert first.proposal_body == {"text": "NUIT slutter seg til anbefalingene fra prosjektet."}
    client.post(f"/moter/{meeting_id}/punkt/{third.id}/utsett", data={"to_date": "2022-10-20"})
    response = client.post(f"/moter/{meeting_id}/send", data={"accept_warnings": "y"})
    assert response.status_code == 302, response.get_data(as_text=True)

    rows = _public_rows(client, 2022, 4)
    assert [r[0] for r in rows] == ["32/22", "33/22", "34/22", "35/22", "36/22", "", "37/22"]
    starts = {r[1].split(" Forslag")[0]: r[-1] for r in rows}
    assert starts["Godkjenning av innkalling og dagsorden"] == "09:00"
    assert starts["Tryggere helseapper"] == "09:05"
    assert starts["DigiPan-rapporten"] == "09:35"
    assert starts["Lunsj"] == "11:00"  # pinned
    assert starts["Eventuelt"] == "11:30"
    postponed = next(r for r in rows if r[1].startswith("Samarbeidsmodell"))
    assert postponed[3] == "Saken er utsatt til møtet 20. oktober" and postponed[4] == ""
    assert second.id  # used
    frozen = db.session.scalar(select(NoticeVersion).where(NoticeVersion.meeting_id == meeting_id))
    assert [r["number"] for r in frozen.agenda if not r["break"]][:2] == ["32/22", "33/22"]


def test_issue_is_refused_while_an_item_lacks_a_presenter(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id())
    _add_case(client, meeting_id, "Sak uten presentatør")
    page = client.get(f"/moter/{meeting_id}/send").get_data(as_text=True)
    assert "«Sak uten presentatør» mangler hvem som presenterer saken." in page
    client.post(f"/moter/{meeting_id}/send", data={"accept_warnings": "y"})
    assert db.session.get(Meeting, meeting_id).status == "planned"
    assert all(i.case_seq is None for i in _items(meeting_id))


def test_second_of_two_conflicting_saves_is_refused_and_nothing_is_lost(app, demo):
    first, second = app.test_client(), app.test_client()
    login(first, app, email="kari@example.no")
    login(second, app, email="ola@example.no")
    meeting = db.session.scalar(select(Meeting).where(Meeting.number == 3, Meeting.year == 2022,
                                                      Meeting.council_id == _nuit_id()))
    item = next(i for i in meeting.items if i.title == "DigiPan-rapporten")
    opened_version, opened = item.version, _opened(item)
    # The first secretary changes the duration and the sub-items.
    assert _edit(first, meeting.id, item, duration=25, subitems="Funn\nAnbefalinger").status_code == 302
    # The second, working from the old page, changes the duration and the title.
    response = _edit(second, meeting.id, item, version=opened_version, original=opened, duration=40,
                     title="DigiPan-rapporten (revidert)", subitems="")
    html = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Punktet er endret av noen andre etter at du åpnet det" in html
    assert re.search(r"<td>Varighet</td><td>25</td><td>40</td>", html)
    assert 'value="DigiPan-rapporten (revidert)"' in html  # the second editor's input is kept
    assert "Funn\nAnbefalinger</textarea>" in html  # the first one's sub-items are taken over
    assert "<td>Underpunkter</td>" not in html  # only the duration is a real clash
    db.session.refresh(item)
    assert (item.duration_minutes, item.title) == (25, "DigiPan-rapporten")
    assert item.subitems == ["Funn", "Anbefalinger"]


def test_cancel_needs_a_reason(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id())
    response = client.post(f"/moter/{meeting_id}/avlys", data={"reason": ""})
    assert response.status_code == 400 and "Fyll ut feltet." in response.get_data(as_text=True)
    client.post(f"/moter/{meeting_id}/avlys", data={"reason": "For få saker"})
    meeting = db.session.get(Meeting, meeting_id)
    assert (meeting.status, meeting.cancel_reason) == ("cancelled", "For få saker")


def test_withdraw_asks_for_confirmation_first(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id())
    item = _add_case(client, meeting_id, "Sak som trekkes")
    page = client.get(f"/moter/{meeting_id}/punkt/{item.id}/trekk").get_data(as_text=True)
    assert "Trekk saken: «Sak som trekkes»?" in page
    db.session.refresh(item)
    assert item.status == "planned"
    client.post(f"/moter/{meeting_id}/punkt/{item.id}/trekk")
    db.session.refresh(item)
    assert item.status == "withdrawn"


def test_proposal_revisions_are_listed(client, demo):
    login(client, demo)
    meeting = db.session.scalar(select(Meeting).where(Meeting.number == 3, Meeting.year == 2022,
                                                      Meeting.council_id == _nuit_id()))
    item = next(i for i in meeting.items if i.title.startswith("Utveksling av helseopplysninger"))
    client.post(f"/moter/{meeting.id}/punkt/{item.id}/forslag", data={
        "heading": "__annen__", "custom_heading": "Forslag til vedtak - oppdatert 2",
        "kind": "points", "body": "NUIT tar saken til orientering.\nPartene følger opp.",
        "action": "save"})
    html = client.get(f"/moter/{meeting.id}/punkt/{item.id}/forslag/versjoner").get_data(as_text=True)
    assert "Versjon 2" in html and "Versjon 1" in html
    assert "Forslag til vedtak - oppdatert 2" in html and "<li>Partene følger opp.</li>" in html


def test_pages_are_for_the_secretariat_only(client, demo):
    assert client.get("/moter/").status_code == 302  # to the login page
    login(client, demo, email="arkiv@example.no", roles=("archivist",))
    # The archivist reads the calendar (tests/test_public_pages.py), but plans nothing.
    meeting_id = db.session.scalar(select(Meeting.id).order_by(Meeting.id))
    assert client.get("/moter/nytt").status_code == 403
    assert client.get(f"/moter/{meeting_id}").status_code == 403
    assert client.post("/moter/nytt", data={}).status_code == 403


def test_builder_query_count_does_not_grow_with_the_agenda(client, app):
    from tests.factories import make_council, make_meeting

    login(client, app)
    council = make_council()
    small = make_meeting(council, day=date(2022, 3, 1), cases=10)
    large = make_meeting(council, day=date(2022, 4, 1), cases=40)
    counts = []
    for meeting in (small, large):
        client.get(f"/moter/{meeting.id}")
        with count_queries(db.engine) as n:
            assert client.get(f"/moter/{meeting.id}").status_code == 200
        counts.append(n())
    assert counts[0] == counts[1]


def test_proposal_saved_over_a_newer_version_is_refused_and_kept_in_the_form(client, demo):
    login(client, demo)
    meeting = db.session.scalar(select(Meeting).where(Meeting.number == 3, Meeting.year == 2022,
                                                      Meeting.council_id == _nuit_id()))
    item = next(i for i in meeting.items if i.title == "DigiPan-rapporten")
    url = f"/moter/{meeting.id}/punkt/{item.id}/forslag"
    opened = len(item.proposal_revisions)
    first = client.post(url, data={"heading": "Forslag til vedtak", "kind": "text", "action": "save",
                                   "revision": opened, "body": "NUIT tar rapporten til orientering."})
    assert first.status_code == 302
    second = client.post(url, data={"heading": "Forslag til vedtak", "kind": "text", "action": "save",
                                    "revision": opened, "body": "NUIT slutter seg til anbefalingene."})
    html = second.get_data(as_text=True)
    assert second.status_code == 400
    assert "Noen andre har lagret en ny versjon av forslaget" in html
    assert "NUIT slutter seg til anbefalingene.</textarea>" in html
    db.session.refresh(item)
    assert item.proposal_body == {"text": "NUIT tar rapporten til orientering."}


def test_add_forms_show_their_errors_next_to_the_field(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id())
    response = client.post(f"/moter/{meeting_id}/sak", data={"sak-title": "", "sak-duration": "-5"})
    html = response.get_data(as_text=True)
    assert response.status_code == 400
    assert 'aria-describedby="sak-title-feil"' in html and "Skriv sakens tittel." in html
    assert 'id="sak-duration-feil"' in html and "Mellom 0 og 1440 minutter." in html
    missing = client.post(f"/moter/{meeting_id}/registrert-sak", data={"registrert-file_number": "2022/999"})
    assert "Fant ingen sak med arkivsaksnummer 2022/999." in missing.get_data(as_text=True)
    assert len(_items(meeting_id)) == 3  # nothing was added


def test_a_save_changing_only_presenters_still_refuses_an_older_form(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id())
    item = _add_case(client, meeting_id, "Sak med presentatører")
    opened_version, opened = item.version, _opened(item)
    assert _edit(client, meeting_id, item, presenters="Kari Nordmann").status_code == 302
    response = _edit(client, meeting_id, item, version=opened_version, original=opened,
                     presenters="Ola Hansen")
    assert response.status_code == 409
    db.session.refresh(item)
    assert [p.display_name for p in item.presenters] == ["Kari Nordmann"]


def test_after_issue_only_the_moved_item_is_marked_updated(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id())
    for title in ("Sak A", "Sak B"):
        item = _add_case(client, meeting_id, title)
    for item in _items(meeting_id):
        _edit(client, meeting_id, item, presenters="Mariann Hornnes", item_type=item.item_type or "Drøfting")
    assert client.post(f"/moter/{meeting_id}/send", data={"accept_warnings": "y"}).status_code == 302
    sak_b = next(i for i in _items(meeting_id) if i.title == "Sak B")
    client.post(f"/moter/{meeting_id}/punkt/{sak_b.id}/flytt", data={"retning": "opp"})
    order = [i.id for i in _items(meeting_id)]
    last = order.pop()  # drag the last item to the top
    client.post(f"/moter/{meeting_id}/rekkefolge", data={"order": ",".join(map(str, [last, *order]))})
    marked = [i.title for i in _items(meeting_id) if i.changed_after_issue]
    assert sorted(marked) == ["Eventuelt", "Sak B"]


def test_new_items_go_before_eventuelt(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id())
    _add_case(client, meeting_id, "Sak A")
    client.post(f"/moter/{meeting_id}/pause", data={"pause-title": "Pause", "pause-duration": 10})
    assert [i.title for i in _items(meeting_id)] == [
        "Godkjenning av innkalling og dagsorden", "Godkjenning av referat fra NUIT 19. mai 2022",
        "Sak A", "Pause", "Eventuelt"]


def test_cancelled_meeting_takes_no_new_items(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id())
    client.post(f"/moter/{meeting_id}/avlys", data={"reason": "Utsatt på ubestemt tid"})
    client.post(f"/moter/{meeting_id}/sak", data={"sak-title": "Sen sak", "sak-duration": 10})
    assert "Sen sak" not in [i.title for i in _items(meeting_id)]


def test_minutes_item_names_issued_meetings_whose_day_has_passed(client, demo):
    login(client, demo)
    september = _new_meeting(client, _nuit_id(), day="2022-09-14")
    for item in _items(september):
        _edit(client, september, item, presenters="Mariann Hornnes", item_type=item.item_type or "")
    client.post(f"/moter/{september}/send", data={"accept_warnings": "y"})
    november = _new_meeting(client, _nuit_id(), day="2022-11-01")
    assert _items(november)[1].title == "Godkjenning av referat fra NUIT 19. mai og 14. september 2022"


def test_meeting_date_can_be_corrected_within_its_year(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id(), day="2022-09-14")
    response = client.post(f"/moter/{meeting_id}/rediger", data={
        "date": "2022-09-15", "start": "10:00", "kind": "ordinary", "location": "Oslo"})
    assert response.status_code == 302
    meeting = db.session.get(Meeting, meeting_id)
    assert (meeting.date, meeting.start_time.hour, meeting.number) == (date(2022, 9, 15), 10, 4)
    refused = client.post(f"/moter/{meeting_id}/rediger", data={
        "date": "2023-01-15", "start": "10:00", "kind": "ordinary"})
    assert "kan ikke flyttes til et annet år" in refused.get_data(as_text=True)
    db.session.refresh(meeting)
    assert meeting.date == date(2022, 9, 15)


def test_draft_agenda_is_not_public_until_the_notice_is_issued(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id())
    _add_case(client, meeting_id, "Foreløpig sak")
    assert "Foreløpig sak" in client.get("/utvalg/NUIT/moter/2022/4").get_data(as_text=True)
    client.post("/logg-ut")
    html = client.get("/utvalg/NUIT/moter/2022/4").get_data(as_text=True)
    assert "Foreløpig sak" not in html
    assert "Dagsordenen publiseres når innkallingen er sendt." in html
    assert db.session.get(Meeting, meeting_id).status == "planned"


def test_inserting_an_unknown_phrase_gets_a_message(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id())
    item = _add_case(client, meeting_id, "Sak")
    response = client.post(f"/moter/{meeting_id}/punkt/{item.id}/forslag", data={
        "heading": "Forslag til vedtak", "kind": "text", "body": "", "phrase": "99",
        "action": "insert"})
    assert response.status_code == 400
    assert "Velg en formulering fra listen." in response.get_data(as_text=True)


def test_logout_drops_pending_messages(client, demo):
    login(client, demo)
    meeting_id = _new_meeting(client, _nuit_id())
    client.post(f"/moter/{meeting_id}/sak", data={"sak-title": "Hemmelig tittel", "sak-duration": 5})
    client.post("/logg-ut")
    assert "Hemmelig tittel" not in client.get("/").get_data(as_text=True)
