"""axe-core (bundled with axe-playwright-python; nothing is downloaded) on the main pages: any
violation with impact "serious" or "critical" fails the test (issue 3, "Accessibility": WCAG 2.1 AA).

Every page is checked as the browser renders it, logged in as the secretariat where the page
needs it. The pages of a planned meeting (builder, item editor, proposal editor, issue page) are
checked on a meeting created here, so that every form on them is shown.
"""
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from sqlalchemy import select

from app.extensions import db
from app.models import AgendaItem, Council, ItemKind, Meeting
from tests.e2e.helpers import TIMEOUT_MS, log_in

# The new case of `planned_meeting` (its number, if the heading shows one, is the next free one).
PLANNED_ITEM = re.compile(r"(Sak \d+/22: )?Tryggere helseapper – oppfølging")
PLANNED_PROPOSAL = re.compile(r"Forslag til vedtak( i sak \d+/22)?")
FAILING_IMPACTS = ("serious", "critical")
# WCAG 2.0/2.1 A and AA, plus axe's best practices (reported, but only serious/critical fail).
AXE_OPTIONS = {"resultTypes": ["violations"],
               "runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa",
                                                     "best-practice"]}}


def report(violations: list[dict]) -> str:
    lines = []
    for v in violations:
        lines.append(f"[{v['impact']}] {v['id']}: {v['help']} ({v['helpUrl']})")
        for node in v["nodes"][:10]:
            lines.append(f"    at {', '.join(map(str, node['target']))}: {node['html'][:200]}")
            summary = (node.get("failureSummary") or "").replace("\n", " ")
            if summary:
                lines.append(f"       {summary[:400]}")
        if len(v["nodes"]) > 10:
            lines.append(f"    … and {len(v['nodes']) - 10} more")
    return "\n".join(lines)


def visit(page, url: str, heading, status: int = 200) -> None:
    """Open the page and make sure it is the page meant (a 403 or an error page passes axe too):
    the HTTP status and the page's one <h1> (a string is compared exactly, a pattern in full)."""
    response = page.goto(url)
    assert response is not None, f"no response for {url}"
    assert response.status == status, f"{url} answered {response.status}, not {status}"
    expect_heading(page, heading)


def expect_heading(page, heading) -> None:
    text = " ".join(page.get_by_role("heading", level=1).inner_text().split())
    if isinstance(heading, re.Pattern):
        assert heading.fullmatch(text), f"the page's heading is {text!r}, not {heading.pattern!r} ({page.url})"
    else:
        assert text == heading, f"the page's heading is {text!r}, not {heading!r} ({page.url})"


def check(page, what: str) -> None:
    results = Axe().run(page, options=AXE_OPTIONS).response
    failing = [v for v in results["violations"] if v["impact"] in FAILING_IMPACTS]
    minor = [v for v in results["violations"] if v["impact"] not in FAILING_IMPACTS]
    if minor:  # shown with -rA or on failure; not a failure
        print(f"{what}: minor axe findings\n{report(minor)}")
    assert not failing, f"axe found serious/critical violations on {what} ({page.url}):\n{report(failing)}"


@pytest.fixture(scope="module")
def ids(live_server):
    """Database ids of NUIT 3/22 and one of its case items."""
    with live_server.app.app_context():
        nuit = db.session.scalar(select(Council).where(Council.code == "NUIT"))
        meeting = db.session.scalar(select(Meeting).where(
            Meeting.council_id == nuit.id, Meeting.year == 2022, Meeting.number == 3))
        item = db.session.scalar(select(AgendaItem).where(
            AgendaItem.meeting_id == meeting.id, AgendaItem.kind == ItemKind.CASE,
            AgendaItem.title == "Tryggere Helseapper"))
        db.session.remove()
        return {"meeting": meeting.id, "item": item.id}


@pytest.fixture(scope="module")
def logged_in_state(browser, live_server):
    context = browser.new_context()
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    log_in(page, live_server)
    state = context.storage_state()
    context.close()
    return state


@pytest.fixture
def secretary(browser, logged_in_state):
    context = browser.new_context(storage_state=logged_in_state, viewport={"width": 1280, "height": 900})
    context.set_default_timeout(TIMEOUT_MS)
    yield context.new_page()
    context.close()


@pytest.fixture(scope="module")
def planned_meeting(browser, logged_in_state, live_server):
    """A planned NUIT meeting (14 September 2022) with a new case, made through the forms:
    builder URL and the new case's item URL."""
    context = browser.new_context(storage_state=logged_in_state)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    page.goto(live_server("/moter/nytt?utvalg=NUIT"))
    page.get_by_label("Dato", exact=True).fill("2022-09-14")
    page.get_by_label("Starttid", exact=True).fill("08:30")
    page.get_by_role("button", name="Opprett møtet").click()
    page.get_by_role("heading", level=1, name="Dagsorden for NUIT Møte 4/22").wait_for()
    builder = page.url.split("#")[0]
    form = page.get_by_role("form", name="Ny sak")
    form.get_by_label("Tittel på ny sak").fill("Tryggere helseapper – oppfølging")
    form.get_by_label("Innretning").select_option(label="Drøfting")
    form.get_by_role("button", name="Legg til sak").click()
    # Presenters everywhere, so the issue page shows its warning (no proposal) and the checkbox.
    for title in ("Godkjenning av innkalling og dagsorden", "Godkjenning av referat fra NUIT 19. mai 2022",
                  "Eventuelt", "Tryggere helseapper – oppfølging"):
        page.goto(builder)
        page.get_by_role("link", name=title, exact=True).click()
        page.get_by_label("Presenterer saken").fill("Mariann Hornnes")
        page.get_by_role("button", name="Lagre endringene").click()
        page.get_by_text("Endringene er lagret.").wait_for()
    page.get_by_role("link", name="Tryggere helseapper – oppfølging", exact=True).click()
    page.get_by_role("heading", level=1).wait_for()
    item = page.url.split("#")[0]
    context.close()
    return {"builder": builder, "item": item}


# Pages anyone may read.
@pytest.mark.parametrize("path, what, heading, status", [
    ("/", "front page", "Utvalg i den nasjonale rådsmodellen for e-helse", 200),
    ("/logg-inn", "login page", "Logg inn", 200),
    ("/utvalg/NUIT", "council page (NUIT)", "Prioriteringsutvalget (NUIT)", 200),
    ("/utvalg/NUIT/moter/2022/3", "public meeting page NUIT 3/22", "Møte i NUIT", 200),
    ("/finnes-ikke", "404 page", "Fant ikke siden", 404),
])
def test_public_pages(page, live_server, path, what, heading, status):
    visit(page, live_server(path), heading, status)
    check(page, what)


def test_login_with_errors(page, live_server):
    visit(page, live_server("/logg-inn"), "Logg inn")
    page.get_by_role("button", name="Logg inn").click()
    page.locator("#feiloppsummering").wait_for()
    expect_heading(page, "Logg inn")
    check(page, "login page with errors")


def test_meeting_page_logged_in(secretary, live_server):
    visit(secretary, live_server("/utvalg/NUIT/moter/2022/3"), "Møte i NUIT")
    check(secretary, "meeting page NUIT 3/22 (secretariat)")


def test_meeting_calendar(secretary, live_server):
    visit(secretary, live_server("/moter/?utvalg=NUIT&år=2022"), "Møtekalender")
    check(secretary, "meeting calendar")


def test_new_meeting_form(secretary, live_server):
    visit(secretary, live_server("/moter/nytt?utvalg=NUIT"), "Nytt møte")
    check(secretary, "new meeting form")


def test_new_meeting_form_with_errors(secretary, live_server):
    visit(secretary, live_server("/moter/nytt?utvalg=NUIT"), "Nytt møte")
    secretary.get_by_label("Videolenke").fill("ikke en lenke")
    secretary.get_by_role("button", name="Opprett møtet").click()
    secretary.locator("#feiloppsummering").wait_for()
    expect_heading(secretary, "Nytt møte")
    # The errors are tied to their fields.
    date = secretary.get_by_label("Dato", exact=True)
    assert date.get_attribute("aria-invalid") == "true"
    assert "date-feil" in date.get_attribute("aria-describedby")
    check(secretary, "new meeting form with validation errors")


def test_agenda_builder_of_held_meeting(secretary, live_server, ids):
    visit(secretary, live_server(f"/moter/{ids['meeting']}"), "Dagsorden for NUIT Møte 3/22")
    check(secretary, "agenda builder NUIT 3/22")


def test_item_editor_of_held_meeting(secretary, live_server, ids):
    visit(secretary, live_server(f"/moter/{ids['meeting']}/punkt/{ids['item']}"),
          "Sak 20/22: Tryggere Helseapper")
    check(secretary, "item editor (NUIT 3/22, Tryggere Helseapper)")


def test_proposal_editor_of_held_meeting(secretary, live_server, ids):
    visit(secretary, live_server(f"/moter/{ids['meeting']}/punkt/{ids['item']}/forslag"),
          "Forslag til vedtak i sak 20/22")
    check(secretary, "proposal editor (NUIT 3/22)")


def test_agenda_builder_of_planned_meeting(secretary, planned_meeting):
    visit(secretary, planned_meeting["builder"], "Dagsorden for NUIT Møte 4/22")
    check(secretary, "agenda builder (planned meeting, with the add forms and issue checks)")


def test_item_editor_of_planned_meeting(secretary, planned_meeting):
    visit(secretary, planned_meeting["item"], PLANNED_ITEM)
    check(secretary, "item editor (planned meeting: postpone, move, withdraw)")


def test_item_editor_with_errors(secretary, planned_meeting):
    visit(secretary, planned_meeting["item"], PLANNED_ITEM)
    form = secretary.locator("#punktskjema")
    form.get_by_label("Tittel", exact=True).fill("")
    form.get_by_label("Varighet (minutter)").fill("-5")
    form.get_by_role("button", name="Lagre endringene").click()
    secretary.locator("#feiloppsummering").wait_for()
    check(secretary, "item editor with validation errors")


def test_proposal_editor_with_phrase_inserted(secretary, planned_meeting):
    visit(secretary, planned_meeting["item"] + "/forslag", PLANNED_PROPOSAL)
    secretary.get_by_label("Formulering fra biblioteket").select_option(index=1)
    secretary.get_by_role("button", name="Sett inn formuleringen").click()
    secretary.wait_for_load_state()
    check(secretary, "proposal editor (planned meeting, phrase inserted)")


def test_item_editor_with_edit_conflict(secretary, planned_meeting):
    visit(secretary, planned_meeting["item"], PLANNED_ITEM)
    other = secretary.context.new_page()  # someone else saves in between
    other.goto(planned_meeting["item"])
    other.get_by_label("Varighet (minutter)").fill("25")
    other.get_by_role("button", name="Lagre endringene").click()
    other.get_by_text("Endringene er lagret.").wait_for()
    other.close()
    secretary.get_by_label("Varighet (minutter)").fill("40")
    secretary.get_by_role("button", name="Lagre endringene").click()
    secretary.locator("#konflikt").wait_for()
    check(secretary, "item editor showing an edit conflict")


def test_issue_page(secretary, planned_meeting):
    visit(secretary, planned_meeting["builder"] + "/send", "Send innkalling til NUIT Møte 4/22")
    # The new case has no proposal yet: a warning and the "send anyway" checkbox are shown.
    secretary.get_by_label("Send innkallingen selv om det er advarsler").wait_for()
    check(secretary, "issue page with a warning")


def test_proposal_revisions(secretary, planned_meeting):
    visit(secretary, planned_meeting["item"] + "/forslag", PLANNED_PROPOSAL)
    secretary.get_by_label("Deler", exact=False).check()
    secretary.locator("#body").fill("# Første del\nNUIT drøfter saken.\n# Andre del\nNUIT anbefaler […].")
    secretary.get_by_role("button", name="Lagre forslaget").click()
    secretary.get_by_text("Forslaget til vedtak er lagret.").wait_for()
    visit(secretary, planned_meeting["item"] + "/forslag", PLANNED_PROPOSAL)
    check(secretary, "proposal editor showing a saved proposal in parts")
    visit(secretary, planned_meeting["item"] + "/forslag/versjoner",
          re.compile(r"Versjoner av forslaget til vedtak( i sak \d+/22)?"))
    check(secretary, "proposal revisions")


def test_axe_reports_serious_violations(page):
    """The check itself works offline: a page with an unlabelled field and an image without
    text fails it."""
    page.set_content('<!doctype html><html lang="nb"><head><title>x</title></head><body><main>'
                     '<h1>x</h1><img src="data:image/gif;base64,R0lGODlhAQABAAAAACw="><input></main></body></html>')
    with pytest.raises(AssertionError) as failure:
        check(page, "a bad page")
    assert "image-alt" in str(failure.value) and "label" in str(failure.value)
