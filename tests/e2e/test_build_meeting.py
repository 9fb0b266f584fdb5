"""A secretary builds a NUIT meeting in the browser, from an empty calendar entry to an issued
notice, and sees the numbers and start times the rules give (issue 3, "Browser tests").

The demo is loaded, so NUIT's last meeting case number is 31/22 (NUIT 3/22, 19 May 2022): the new
meeting on 14 September 2022 is "Møte 4/22" and its cases continue at 32/22.
"""
import re

from tests.e2e.helpers import TIMEOUT_MS, log_in

MEETING_DATE = "2022-09-14"
PORTFOLIO = "Nasjonal e-helseportefølje – status og planer"
COSTS = "Kostnadsfordeling av drift og forvaltning"
STANDARDS = "Samarbeidsmodell for bruk av internasjonale standarder"
APPROVE_NOTICE = "Godkjenning av innkalling og dagsorden"
APPROVE_MINUTES = "Godkjenning av referat fra NUIT 19. mai 2022"
ANY_OTHER = "Eventuelt"
DIRECTORATE = "Direktoratet for e-helse"

# What the agenda must show once issued: (number, title, type, presenter, start).
EXPECTED_BUILDER = [
    ("32/22", APPROVE_NOTICE, "Godkjenning", f"Mariann Hornnes {DIRECTORATE}", "2 min", "08:30"),
    ("33/22", APPROVE_MINUTES, "Godkjenning", f"Mariann Hornnes {DIRECTORATE}", "3 min", "08:32"),
    ("34/22", PORTFOLIO, "Drøfting", f"Siv Ingebrigtsen {DIRECTORATE}", "30 min", "08:35"),
    ("", "Pause", "", "", "10 min", "09:05"),
    ("35/22", COSTS, "Drøfting", f"Karl Vestli {DIRECTORATE}", "30 min", "09:20 (fast)"),
    ("36/22", STANDARDS, "Anbefaling", "Saken er utsatt til møtet 17. november", "20 min", ""),
    ("37/22", ANY_OTHER, "", f"Mariann Hornnes {DIRECTORATE}", "5 min", "09:50"),
]


def _cells(page, table_selector: str) -> list[list[str]]:
    """The text of each body row's cells, with the first line of the "Agenda" cell only (the
    title; the builder adds proposal links under it)."""
    rows = []
    for row in page.locator(f"{table_selector} tbody tr").all():
        texts = [" ".join(t.split()) for t in row.locator("td").all_inner_texts()]
        texts[1] = row.locator("td").nth(1).locator("strong").first.inner_text().strip()
        rows.append(texts)
    return rows


def _titles(page) -> list[str]:
    return [t.strip() for t in page.locator("#dagsorden tbody tr td:nth-child(2) strong").all_inner_texts()]


def _row(page, title: str):
    return page.locator("#dagsorden tbody tr").filter(
        has=page.get_by_role("link", name=title, exact=True))


def _flash(page, text: str) -> None:
    page.locator(".ds-alert").filter(has_text=text).first.wait_for()


def _open_item(page, title: str) -> None:
    page.get_by_role("link", name=title, exact=True).click()
    page.get_by_role("heading", level=1, name=re.compile(re.escape(title))).wait_for()


def _edit_item(page, title: str, *, presenters: str | None = None, organisation: str | None = None,
               item_type: str | None = None, pinned: str | None = None) -> None:
    """Open the item editor from the builder, fill the fields given and save."""
    _open_item(page, title)
    form = page.locator("#punktskjema")
    if item_type is not None:
        form.get_by_label("Innretning").select_option(label=item_type)
    if presenters is not None:
        form.get_by_label("Presenterer saken").fill(presenters)
    if organisation is not None:
        form.get_by_label("Organisasjon som presenterer").select_option(label=organisation)
    if pinned is not None:
        form.get_by_label("Fast starttid").fill(pinned)
    form.get_by_role("button", name="Lagre endringene").click()
    _flash(page, "Endringene er lagret.")


def _write_proposal(page, title: str, phrases: list[str], kind: str = "Tekst") -> None:
    """Write a decision proposal with the phrase library: choose a phrase, "Sett inn
    formuleringen" (a server round trip that keeps what is already written), then save."""
    # "Skriv forslag til vedtak for …" while there is none, "Forslag til vedtak for …" after
    _row(page, title).get_by_role("link", name=re.compile("^(Skriv f|F)orslag til vedtak")).click()
    page.get_by_role("heading", level=1, name="Forslag til vedtak").wait_for()
    page.get_by_label(kind, exact=True).check()
    for phrase in phrases:
        page.get_by_label("Formulering fra biblioteket").select_option(label=phrase)
        page.get_by_role("button", name="Sett inn formuleringen").click()
        page.wait_for_load_state()
        assert phrase in page.locator("#body").input_value()
    page.get_by_role("button", name="Lagre forslaget").click()
    _flash(page, "Forslaget til vedtak er lagret.")


def test_secretary_builds_and_issues_a_nuit_meeting(page, live_server):
    log_in(page, live_server)

    # The calendar: NUIT 2022 has 1/22–3/22; create the next meeting.
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Møtekalender").click()
    page.get_by_label("Utvalg", exact=True).select_option("NUIT")
    page.get_by_label("År", exact=True).fill("2022")
    page.get_by_role("button", name="Vis").click()
    page.get_by_role("link", name="Nytt møte i NUIT").click()
    page.get_by_label("Dato", exact=True).fill(MEETING_DATE)
    page.get_by_label("Starttid", exact=True).fill("08:30")
    page.get_by_label("Sted").fill(DIRECTORATE)
    page.get_by_role("button", name="Opprett møtet").click()
    _flash(page, "NUIT Møte 4/22 er opprettet med standardpunktene.")
    page.get_by_role("heading", level=1, name="Dagsorden for NUIT Møte 4/22").wait_for()
    builder_url = page.url
    assert _titles(page) == [APPROVE_NOTICE, APPROVE_MINUTES, ANY_OTHER]

    # Three new cases with "Legg til sak", and a break.
    new_case = page.get_by_role("form", name="Ny sak")
    for title, item_type, minutes in [(PORTFOLIO, "Drøfting", "30"), (COSTS, "Drøfting", "30"),
                                      (STANDARDS, "Anbefaling", "20")]:
        new_case.get_by_label("Tittel på ny sak").fill(title)
        new_case.get_by_label("Innretning").select_option(label=item_type)
        new_case.get_by_label("Varighet (minutter)").fill(minutes)
        new_case.get_by_role("button", name="Legg til sak").click()
        page.get_by_role("link", name=title, exact=True).wait_for()  # the flash names no title
        _flash(page, "Saken er lagt til (arkivsak ")
    add_break = page.get_by_role("form", name="Pause")
    add_break.get_by_label("Pause").select_option("Pause")
    add_break.get_by_label("Varighet (minutter)").fill("10")
    add_break.get_by_role("button", name="Legg til pause").click()
    _flash(page, "Pausen på 10 minutter er lagt til.")
    # New items go before the closing "Eventuelt".
    assert _titles(page) == [APPROVE_NOTICE, APPROVE_MINUTES, PORTFOLIO, COSTS, STANDARDS,
                             "Pause", ANY_OTHER]

    # Reorder with the keyboard-accessible buttons: the break up one place from the keyboard
    # (focus "Opp", press Enter), then back down with "Ned".
    button = _row(page, "Pause").get_by_role("button", name=re.compile("^Opp"))
    with page.expect_navigation():
        button.focus()
        button.press("Enter")
    assert _titles(page) == [APPROVE_NOTICE, APPROVE_MINUTES, PORTFOLIO, COSTS, "Pause",
                             STANDARDS, ANY_OTHER]
    with page.expect_navigation():
        _row(page, "Pause").get_by_role("button", name=re.compile("^Ned")).click()
    assert _titles(page) == [APPROVE_NOTICE, APPROVE_MINUTES, PORTFOLIO, COSTS, STANDARDS,
                             "Pause", ANY_OTHER]

    # Drag and drop (the JavaScript enhancement): the break onto the top half of the COSTS row.
    # (Both rows must be on screen: the "Ned" redirect scrolled to the moved row.)
    page.locator("#dagsorden").evaluate("table => table.scrollIntoView()")
    pause_row, costs_row = _row(page, "Pause"), _row(page, COSTS)
    with page.expect_navigation():  # the script posts the new order, then reloads
        pause_row.locator("td").first.drag_to(costs_row.locator("td").first,
                                              target_position={"x": 5, "y": 3})
    assert _titles(page) == [APPROVE_NOTICE, APPROVE_MINUTES, PORTFOLIO, "Pause", COSTS,
                             STANDARDS, ANY_OTHER]

    # Presenters and organisation for every case (the issue check demands them), a pinned time.
    for title, presenter in [(APPROVE_NOTICE, "Mariann Hornnes"), (APPROVE_MINUTES, "Mariann Hornnes"),
                             (PORTFOLIO, "Siv Ingebrigtsen"), (STANDARDS, "Lars Angell-Jørgensen"),
                             (ANY_OTHER, "Mariann Hornnes")]:
        _edit_item(page, title, presenters=presenter, organisation=DIRECTORATE)
    _edit_item(page, COSTS, presenters="Karl Vestli", organisation=DIRECTORATE, pinned="09:20")
    assert _row(page, COSTS).locator("td").nth(5).inner_text().strip() == "09:20 (fast)"

    # Decision proposals from the phrase library (the council and presenting organisation are
    # filled in by the library).
    discuss = ("NUIT drøfter saken og ber Direktoratet for e-helse ta med seg "
               "drøftingsinnspillene i det videre arbeidet.")
    come_back = "… og ber om at saken igjen fremmes for NUIT når […]."
    _write_proposal(page, PORTFOLIO, [discuss])
    _write_proposal(page, COSTS, [discuss, come_back], kind="Nummererte punkter (ett per linje)")
    for title in (PORTFOLIO, COSTS):
        row = _row(page, title)
        assert row.get_by_role("link", name=f"Forslag til vedtak for {title}", exact=True).count() == 1
        assert "✓" in row.inner_text() and "Mangler forslag" not in row.inner_text()

    # Postpone one case to a later meeting.
    _open_item(page, STANDARDS)
    page.get_by_label("Utsett til møtet").fill("2022-11-17")
    page.get_by_role("button", name="Utsett saken").click()
    _flash(page, "Saken er utsatt til møtet 17. november 2022.")
    assert "Saken er utsatt til møtet 17. november" in _row(page, STANDARDS).inner_text()

    # Issue the notice (accepting warnings if the page shows any).
    page.get_by_role("link", name="Send innkalling …").click()
    page.get_by_role("heading", level=1, name="Send innkalling til NUIT Møte 4/22").wait_for()
    accept = page.get_by_label("Send innkallingen selv om det er advarsler")
    if accept.count():
        accept.check()
    page.get_by_role("button", name="Send innkallingen").click()
    _flash(page, "Innkallingen til NUIT Møte 4/22 er registrert. Sakene har fått møtesaksnummer.")
    assert page.url.split("#")[0] == builder_url.split("#")[0]
    assert "Innkalling sendt" in page.locator("p.lead").inner_text()

    # The builder: numbers continue after 31/22, times follow durations, the pin and the break.
    shown = [row[:6] for row in _cells(page, "#dagsorden")]
    assert shown == [list(r) for r in EXPECTED_BUILDER]

    # The public meeting page shows the same numbers and times, and the proposals.
    page.get_by_role("link", name="Se dagsordenen slik deltakerne ser den").click()
    page.get_by_role("heading", level=1, name="Møte i NUIT").wait_for()
    assert page.url.endswith("/utvalg/NUIT/moter/2022/4")
    public = _cells(page, "table.agenda")
    expected_public = [[n, t, ty, p, s.replace(" (fast)", "")] for n, t, ty, p, _d, s in EXPECTED_BUILDER]
    assert public == expected_public
    proposals = page.locator("section.case")
    assert proposals.filter(has_text=f"Sak 34/22 {PORTFOLIO}").filter(has_text=discuss).count() == 1
    costs_points = proposals.filter(has_text=f"Sak 35/22 {COSTS}").locator("ol li").all_inner_texts()
    assert costs_points == [discuss, come_back]

    # A change after issue is allowed, and the agenda marks the item "oppdatert".
    page.goto(builder_url)
    _open_item(page, ANY_OTHER)
    page.locator("#punktskjema").get_by_label("Varighet (minutter)").fill("10")
    page.locator("#punktskjema").get_by_role("button", name="Lagre endringene").click()
    _flash(page, "Endringene er lagret.")
    assert "oppdatert" in _row(page, ANY_OTHER).inner_text()
    page.goto(live_server("/utvalg/NUIT/moter/2022/4"))
    updated = page.locator("table.agenda tbody tr").filter(has_text=ANY_OTHER)
    assert "oppdatert" in updated.inner_text()


def test_second_of_two_conflicting_saves_is_refused(browser, live_server):
    """Two secretaries open the same item; the second save is refused with what changed, and
    nothing the first saved is lost."""
    first_ctx, second_ctx = browser.new_context(), browser.new_context()
    for context in (first_ctx, second_ctx):
        context.set_default_timeout(TIMEOUT_MS)
    try:
        first, second = first_ctx.new_page(), second_ctx.new_page()
        for page in (first, second):
            log_in(page, live_server)
        # NUIT 3/22 is held; its items can still be edited (and are recorded).
        first.goto(live_server("/moter/?utvalg=NUIT&år=2022"))
        first.get_by_role("link", name="Møte 3/22", exact=True).click()
        first.get_by_role("link", name="Tryggere Helseapper", exact=True).click()
        item_url = first.url
        second.goto(item_url)

        first.locator("#punktskjema").get_by_label("Varighet (minutter)").fill("45")
        first.get_by_role("button", name="Lagre endringene").click()
        _flash(first, "Endringene er lagret.")

        second.locator("#punktskjema").get_by_label("Varighet (minutter)").fill("20")
        second.get_by_role("button", name="Lagre endringene").click()
        alert = second.locator("#konflikt")
        alert.get_by_role("heading", name="Lagringen ble stoppet").wait_for()
        assert "endret av noen andre" in alert.inner_text()
        difference = alert.locator("tbody tr").filter(has_text="Varighet").locator("td").all_inner_texts()
        assert difference == ["Varighet", "45", "20"]

        first.goto(item_url)  # what the first saved is still there
        assert first.locator("#punktskjema").get_by_label("Varighet (minutter)").input_value() == "45"
    finally:
        first_ctx.close()
        second_ctx.close()
