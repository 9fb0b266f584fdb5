"""The screenshots in docs/user-guide.md, made by walking through the guide in Chromium.

    make guide-images        # or: .venv/bin/python -m tests.e2e.guide_screenshots [OUT_DIR]

It starts the app on a free 127.0.0.1 port with a temporary SQLite database and the demo data, and
builds NUIT's meeting of 14 September 2022 as the guide describes, writing one PNG per step
(1280 px wide; each well under 300 KB) into docs/images/. `make test` does not rewrite
docs/images: tests/e2e/test_guide_screenshots.py runs this into a temporary folder instead, so the
script keeps working as the interface changes.
"""
import logging
import sys
import tempfile
from pathlib import Path

from tests.e2e.helpers import (
    PROJECT_DIR,
    launch_chromium,
    log_in,
    new_page,
    start_server,
    stop_server,
)

OUT_DIR = PROJECT_DIR / "docs" / "images"
DIRECTORATE = "Direktoratet for e-helse"
PORTFOLIO = "Nasjonal e-helseportefølje – status og planer"
COSTS = "Kostnadsfordeling av drift og forvaltning"
STANDARDS = "Samarbeidsmodell for bruk av internasjonale standarder"
DEFAULT_ITEMS = ["Godkjenning av innkalling og dagsorden",
                 "Godkjenning av referat fra NUIT 19. mai 2022", "Eventuelt"]
DISCUSS = ("NUIT drøfter saken og ber Direktoratet for e-helse ta med seg drøftingsinnspillene i "
           "det videre arbeidet.")

# The files the guide refers to, in the order they are made.
NAMES = ["01-logg-inn.png", "02-motekalender.png", "03-nytt-mote.png", "04-ny-dagsorden.png",
         "05-legg-til.png", "06-rekkefolge.png", "07-rediger-punkt.png", "08-forslag.png",
         "09-utsett.png", "10-send-innkalling.png", "11-dagsorden-sendt.png", "12-oppdatert.png",
         "13-konflikt.png", "14-motesiden.png"]


def _row(page, title: str):
    return page.locator("#dagsorden tbody tr").filter(
        has=page.get_by_role("link", name=title, exact=True))


def _wait_flash(page, text: str) -> None:
    page.locator(".ds-alert").filter(has_text=text).first.wait_for()


def _top(page) -> None:
    page.evaluate("window.scrollTo(0, 0)")


def take(browser, live, out_dir: Path) -> list[Path]:
    """Walk through the guide on a running server ``live``; return the PNGs written."""
    out_dir.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []

    def shot(name: str, target=None, **kwargs) -> None:
        assert name in NAMES, name
        path = out_dir / name
        page.evaluate("document.activeElement && document.activeElement.blur()")
        (target or page).screenshot(path=str(path), animations="disabled", caret="hide", **kwargs)
        written.append(path)

    page = new_page(browser, height=800)

    # 1. Logg inn
    page.goto(live("/logg-inn"))
    page.get_by_label("E-post").fill("ola.nordmann@ehelse.no")
    shot("01-logg-inn.png", clip={"x": 0, "y": 0, "width": 1280, "height": 520})
    log_in(page, live)

    # 2. Møtekalenderen
    page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Møtekalender").click()
    page.get_by_label("Utvalg", exact=True).select_option("NUIT")
    page.get_by_label("År", exact=True).fill("2022")
    page.get_by_role("button", name="Vis").click()
    page.get_by_role("heading", name="Møter i NUIT 2022").wait_for()
    shot("02-motekalender.png", clip={"x": 0, "y": 0, "width": 1280, "height": 620})

    # 3. Nytt møte
    page.get_by_role("link", name="Nytt møte i NUIT").click()
    page.get_by_label("Dato", exact=True).fill("2022-09-14")
    page.get_by_label("Starttid", exact=True).fill("08:30")
    page.get_by_label("Sted").fill(DIRECTORATE)
    shot("03-nytt-mote.png", clip={"x": 0, "y": 0, "width": 1280, "height": 800})
    page.get_by_role("button", name="Opprett møtet").click()
    _wait_flash(page, "er opprettet med standardpunktene")
    builder_url = page.url.split("#")[0]

    # 4. The new agenda with the standard items and what stops the notice
    shot("04-ny-dagsorden.png", full_page=True)

    # 5. Add three cases and a break
    new_case = page.get_by_role("form", name="Ny sak")
    for title, item_type, minutes in [(PORTFOLIO, "Drøfting", "30"), (COSTS, "Drøfting", "30"),
                                      (STANDARDS, "Anbefaling", "20")]:
        new_case.get_by_label("Tittel på ny sak").fill(title)
        new_case.get_by_label("Innretning").select_option(label=item_type)
        new_case.get_by_label("Varighet (minutter)").fill(minutes)
        new_case.get_by_role("button", name="Legg til sak").click()
        _wait_flash(page, "er lagt til")
    add_break = page.get_by_role("form", name="Pause")
    add_break.get_by_label("Varighet (minutter)").fill("10")
    add_break.get_by_role("button", name="Legg til pause").click()
    _wait_flash(page, "Pause på 10 minutter er lagt til.")
    new_case.get_by_label("Tittel på ny sak").fill("Strategi for …")
    shot("05-legg-til.png", page.locator("#legg-til"))

    # 6. Order: new items went in before "Eventuelt"; move the break after the portfolio case
    for _ in range(2):
        with page.expect_navigation():
            _row(page, "Pause").get_by_role("button", name="Opp").click()
    _top(page)
    shot("06-rekkefolge.png", page.locator("#dagsorden"))

    # 7. Presenters for every case; a fixed time for the costs case
    for title, presenter in [(DEFAULT_ITEMS[0], "Mariann Hornnes"), (DEFAULT_ITEMS[1], "Mariann Hornnes"),
                             (PORTFOLIO, "Siv Ingebrigtsen"), (STANDARDS, "Lars Angell-Jørgensen"),
                             (DEFAULT_ITEMS[2], "Mariann Hornnes"), (COSTS, "Karl Vestli")]:
        page.goto(builder_url)
        page.get_by_role("link", name=title, exact=True).click()
        form = page.locator("#punktskjema")
        form.get_by_label("Presenterer saken").fill(presenter)
        form.get_by_label("Organisasjon som presenterer").select_option(label=DIRECTORATE)
        if title == COSTS:
            form.get_by_label("Fast starttid").fill("09:20")
            shot("07-rediger-punkt.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1000},
                 full_page=True)
        form.get_by_role("button", name="Lagre endringene").click()
        _wait_flash(page, "Endringene er lagret.")

    # 8. Decision proposals with the phrase library
    for title in (PORTFOLIO, COSTS):
        _row(page, title).get_by_role("link", name=f"Forslag til vedtak for {title}").click()
        page.get_by_label("Formulering fra biblioteket").select_option(label=DISCUSS)
        page.get_by_role("button", name="Sett inn formuleringen").click()
        page.wait_for_load_state()
        if title == COSTS:
            shot("08-forslag.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1000}, full_page=True)
        page.get_by_role("button", name="Lagre forslaget").click()
        _wait_flash(page, "Forslaget til vedtak er lagret.")

    # 9. Postpone a case
    page.get_by_role("link", name=STANDARDS, exact=True).click()
    page.get_by_label("Utsett til møtet").fill("2022-11-17")
    heading = page.get_by_role("heading", name="Utsett, flytt eller trekk")
    heading.scroll_into_view_if_needed()
    top = heading.bounding_box()["y"] + page.evaluate("window.scrollY") - 16
    shot("09-utsett.png", clip={"x": 0, "y": top, "width": 1280, "height": 400}, full_page=True)
    page.get_by_role("button", name="Utsett saken").click()
    _wait_flash(page, "Saken er utsatt til møtet")

    # 10. Issue the notice
    page.get_by_role("link", name="Send innkalling …").click()
    shot("10-send-innkalling.png", clip={"x": 0, "y": 0, "width": 1280, "height": 420})
    page.get_by_role("button", name="Send innkallingen").click()
    _wait_flash(page, "er sendt")
    _top(page)
    shot("11-dagsorden-sendt.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1000}, full_page=True)

    # 12. A change after the notice: "oppdatert"
    page.get_by_role("link", name="Eventuelt", exact=True).click()
    page.locator("#punktskjema").get_by_label("Varighet (minutter)").fill("10")
    page.get_by_role("button", name="Lagre endringene").click()
    _wait_flash(page, "Endringene er lagret.")
    shot("12-oppdatert.png", _row(page, "Eventuelt"))

    # 13. Two secretaries edit the same item
    page.get_by_role("link", name=PORTFOLIO, exact=True).click()
    other = page.context.new_page()  # a colleague saves first
    other.goto(page.url)
    other.locator("#punktskjema").get_by_label("Underpunkter").fill("Status for porteføljen\nVeikart 2023")
    other.get_by_role("button", name="Lagre endringene").click()
    _wait_flash(other, "Endringene er lagret.")
    other.close()
    page.locator("#punktskjema").get_by_label("Varighet (minutter)").fill("25")
    page.get_by_role("button", name="Lagre endringene").click()
    page.locator("#konflikt").wait_for()
    shot("13-konflikt.png", clip={"x": 0, "y": 0, "width": 1280, "height": 700})

    # 14. The meeting page participants see
    page.goto(live("/utvalg/NUIT/moter/2022/4"))
    shot("14-motesiden.png", clip={"x": 0, "y": 0, "width": 1280, "height": 900}, full_page=True)

    page.context.close()
    return written


def main(out_dir: Path = OUT_DIR) -> None:
    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    norwegian = Path("/usr/lib/chromium/locales/nb.pak").exists()  # Debian: chromium-l10n
    if not norwegian:
        print("chromium-l10n is not installed: date and time fields will show en-US formats "
              "(apt-get install -y chromium-l10n)", file=sys.stderr)

    with tempfile.TemporaryDirectory() as tmp:
        server, thread, live = start_server(Path(tmp))
        try:
            with sync_playwright() as playwright:
                browser = launch_chromium(playwright, norwegian_controls=norwegian)
                try:
                    for path in take(browser, live, out_dir):
                        print(f"{path.relative_to(PROJECT_DIR) if path.is_relative_to(PROJECT_DIR) else path}"
                              f"  {path.stat().st_size // 1024} KB")
                finally:
                    browser.close()
        finally:
            stop_server(server, thread, live)


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR)
