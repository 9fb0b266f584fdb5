"""The minute-taker records NUIT 3/22 live in the browser (issue 4, "Recording the meeting"):
fields save on blur, a reload shows what was saved, a dropped network loses nothing typed, and a
save from an out-of-date page is refused without touching what the user wrote.

NUIT 3/22 is held in the demo and its minutes are not approved (with the demo's meeting cycle
they are out for comments), so it can still be recorded.
"""
import re

import pytest
from playwright.sync_api import expect

from app.extensions import db
from app.models import Council
from app.services.planning.meetings import meeting_by_number
from tests.e2e.helpers import log_in, new_page

SAVED = re.compile(r"^Lagret kl\. \d\d:\d\d:\d\d$")


@pytest.fixture(scope="module")
def nuit_3_22(live_server):
    """{case number: item id} and the meeting id of NUIT 3/22."""
    with live_server.app.app_context():
        council = db.session.query(Council).filter_by(code="NUIT").one()
        meeting = meeting_by_number(council, 2022, 3)
        items = {f"{i.case_seq}/22": i.id for i in meeting.items if i.case_seq}
        meeting_id = meeting.id
        db.session.remove()
    return meeting_id, items


def _open_recording(page, live, meeting_id: int) -> None:
    page.goto(live(f"/moter/{meeting_id}"))
    page.get_by_role("link", name="Føre møtet", exact=True).first.click()
    page.get_by_role("heading", level=1, name="Føre møtet NUIT Møte 3/22").wait_for()


def _item(page, item_id: int):
    return page.locator(f"#punkt-{item_id}")


def test_minute_taker_types_a_decision_and_it_is_saved_on_blur(page, live_server, nuit_3_22):
    meeting_id, items = nuit_3_22
    log_in(page, live_server)
    _open_recording(page, live_server, meeting_id)
    item = _item(page, items["21/22"])
    decision = "NUIT drøfter porteføljen og ber om en oversikt over gevinstene til neste møte."
    discussion = "Flere medlemmer etterlyste tydeligere prioriteringer."
    item.get_by_label("Vedtak").fill(decision)
    item.get_by_label("Drøftinger/merknader").fill(discussion)
    item.get_by_label("Utfall").focus()  # leaving the text field saves the item
    expect(item.locator(".save-status")).to_have_text(SAVED)
    # The outcome fields follow the chosen outcome.
    expect(item.get_by_label("Utsatt til møte")).to_be_hidden()
    item.get_by_label("Utfall").select_option(label="Utsatt til møte …")
    expect(item.get_by_label("Utsatt til møte")).to_be_visible()
    item.get_by_label("Utfall").select_option(label="Vedtak fattet")
    expect(item.locator(".save-status")).to_have_text(SAVED)

    page.reload()
    item = _item(page, items["21/22"])
    expect(item.get_by_label("Vedtak")).to_have_value(decision)
    expect(item.get_by_label("Drøftinger/merknader")).to_have_value(discussion)
    expect(item.get_by_label("Utfall")).to_have_value("decided")


def test_nothing_typed_is_lost_while_the_network_is_down(page, live_server, nuit_3_22):
    meeting_id, items = nuit_3_22
    log_in(page, live_server)
    _open_recording(page, live_server, meeting_id)
    item = _item(page, items["22/22"])
    text = "Skrevet mens nettet var nede."
    page.context.set_offline(True)
    item.get_by_label("Drøftinger/merknader").fill(text)
    item.get_by_label("Vedtak").focus()
    expect(item.locator(".save-status")).to_have_text("Ikke lagret – prøver igjen")
    expect(item.get_by_label("Drøftinger/merknader")).to_have_value(text)
    page.context.set_offline(False)  # the browser's "online" event makes it try again
    expect(item.locator(".save-status")).to_have_text(SAVED)
    page.reload()
    expect(_item(page, items["22/22"]).get_by_label("Drøftinger/merknader")).to_have_value(text)


def test_text_left_unsaved_when_the_page_was_closed_is_restored(page, live_server, nuit_3_22):
    meeting_id, items = nuit_3_22
    log_in(page, live_server)
    _open_recording(page, live_server, meeting_id)
    context = page.context
    text = "Skrevet rett før laptopen gikk tom for strøm."
    context.set_offline(True)
    item = _item(page, items["23/22"])
    item.get_by_label("Drøftinger/merknader").fill(text)
    item.get_by_label("Vedtak").focus()
    expect(item.locator(".save-status")).to_have_text("Ikke lagret – prøver igjen")
    page.close()
    context.set_offline(False)

    again = context.new_page()
    _open_recording(again, live_server, meeting_id)
    item = _item(again, items["23/22"])
    expect(item.get_by_label("Drøftinger/merknader")).to_have_value(text)
    expect(item.locator(".record-message")).to_have_text("Gjenopprettet tekst som ikke var lagret")
    expect(item.locator(".save-status")).to_have_text(SAVED)
    again.reload()
    expect(_item(again, items["23/22"]).get_by_label("Drøftinger/merknader")).to_have_value(text)


def test_a_save_from_an_out_of_date_page_is_refused_and_the_text_stays(page, browser, live_server, nuit_3_22):
    meeting_id, items = nuit_3_22
    log_in(page, live_server)
    _open_recording(page, live_server, meeting_id)
    colleague = new_page(browser)
    try:
        log_in(colleague, live_server)
        _open_recording(colleague, live_server, meeting_id)
        theirs = _item(colleague, items["25/22"])
        theirs.get_by_label("Drøftinger/merknader").fill("Kollegaens tekst.")
        theirs.get_by_role("button", name=re.compile("^Lagre")).click()
        expect(theirs.locator(".save-status")).to_have_text(SAVED)
    finally:
        colleague.context.close()

    mine = _item(page, items["25/22"])
    mine.get_by_label("Drøftinger/merknader").fill("Min tekst.")
    mine.get_by_label("Vedtak").focus()
    message = mine.locator(".record-message")
    expect(message).to_contain_text("Punktet er lagret av noen andre etter at du åpnet siden.")
    expect(message).to_contain_text("Kollegaens tekst.")
    expect(mine.get_by_label("Drøftinger/merknader")).to_have_value("Min tekst.")
    # The user decides: keep their own text, which is then saved over the colleague's.
    mine.get_by_role("button", name="Lagre min tekst").click()
    expect(mine.locator(".save-status")).to_have_text(SAVED)
    page.reload()
    expect(_item(page, items["25/22"]).get_by_label("Drøftinger/merknader")).to_have_value("Min tekst.")


def test_a_login_ended_elsewhere_says_so_and_the_text_comes_back_after_a_new_login(
        page, browser, live_server, nuit_3_22):
    meeting_id, items = nuit_3_22
    log_in(page, live_server)
    _open_recording(page, live_server, meeting_id)
    laptop = new_page(browser)
    try:
        log_in(laptop, live_server)
        laptop.locator(".account-menu > summary").click()  # the account menu, under the e-mail address
        laptop.get_by_role("button", name="Logg ut overalt").click()
        laptop.get_by_text("Du er logget ut på alle enheter og i alle nettlesere.").wait_for()
    finally:
        laptop.context.close()

    item = _item(page, items["24/22"])
    text = "Skrevet etter at innloggingen var avsluttet."
    item.get_by_label("Drøftinger/merknader").fill(text)
    item.get_by_label("Vedtak").focus()
    expect(item.locator(".record-message")).to_contain_text("Siden er utløpt eller du er logget ut")
    expect(item.locator(".save-status")).to_have_text("Ikke lagret")

    log_in(page, live_server)
    _open_recording(page, live_server, meeting_id)
    item = _item(page, items["24/22"])
    expect(item.get_by_label("Drøftinger/merknader")).to_have_value(text)
    expect(item.locator(".save-status")).to_have_text(SAVED)


def test_meeting_day_pages_pass_axe(page, live_server, nuit_3_22):
    """Serious or critical axe findings fail, as for the other pages (tests/e2e/test_accessibility)."""
    from tests.e2e.test_accessibility import check

    meeting_id, _items = nuit_3_22
    log_in(page, live_server)
    page.goto(live_server(f"/moter/{meeting_id}/oppmote"))
    check(page, "the attendance page")
    page.goto(live_server(f"/moter/{meeting_id}/protokoll"))
    check(page, "the recording page")
