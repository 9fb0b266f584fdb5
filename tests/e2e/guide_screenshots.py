"""The screenshots in docs/user-guide.md, made by walking through the guide in Chromium.

    make guide-images        # or: .venv/bin/python -m tests.e2e.guide_screenshots [OUT_DIR]

It starts the app on a free 127.0.0.1 port with a temporary SQLite database and the demo data, and
builds NUIT's meeting of 14 September 2022 as the guide describes, writing one PNG per step
(1280 px wide; each well under 300 KB) into docs/images/. `make test` does not rewrite
docs/images: tests/e2e/test_guide_screenshots.py runs this into a temporary folder instead, so the
script keeps working as the interface changes.

The chapters on the meeting day, the minutes and follow-up actions are shot on a second server
with the demo's meeting cycle (NUIT 3/22 held with its minutes out for comments, NUIT 4/22
planned). There the clock is set to the days of the story (time-machine), so that dates, deadlines
and "Forfalt" in the pictures match the text: a member comments on the minutes in May, the
secretariat issues the notice of 4/22 on 1 September and holds the meeting on 14 September.
"""
import logging
import re
import sys
import tempfile
from datetime import date, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from app.extensions import db
from tests.e2e.helpers import (
    PROJECT_DIR,
    SECRETARY_EMAIL,
    TIMEOUT_MS,
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
AGENDA_NAMES = ["01-logg-inn.png", "02-motekalender.png", "03-nytt-mote.png", "04-ny-dagsorden.png",
                "05-legg-til.png", "06-rekkefolge.png", "07-rediger-punkt.png", "08-forslag.png",
                "09-utsett.png", "10-send-innkalling.png", "11-dagsorden-sendt.png",
                "12-oppdatert.png", "13-konflikt.png", "14-motesiden.png"]
CYCLE_NAMES = ["17-referat-kommentarer.png", "22-saksko.png", "15-oppmote.png",
               "19-frist-passert.png", "16-fore-motet.png", "18-godkjenn-referat.png",
               "20-oppfolgingspunkt.png", "21-oppfolging-oversikt.png"]
NAMES = AGENDA_NAMES + CYCLE_NAMES


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
    _wait_flash(page, "Pausen på 10 minutter er lagt til.")
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
    _wait_flash(page, "er registrert")
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
    written += take_cycle(browser, out_dir)
    return written


# --- The meeting day, the minutes and follow-up (the demo's meeting cycle) ----------------------

OSLO = ZoneInfo("Europe/Oslo")
MEMBER_EMAIL = "asbjorn.finstad@example.no"  # Asbjørn Finstad, KS, member of NUIT
MEMBER_PASSWORD = "riktig-passord-456"
SECRETARY_NAME = "Ola Nordmann"  # the secretariat's referent (not in the demo's register)
SUBSTITUTE_NAME = "Kari Nordmann"  # FHI's substitute in NUIT (not in the demo's register)
QUEUED = "Samarbeidsmodell for bruk av internasjonale standarder i helse- og omsorgssektoren"
MINUTES_ITEM = "Godkjenning av referat fra NUIT 19. mai 2022"
CARRY_OVER = "Oppfølgingspunkter fra tidligere møter"
ROADMAP_ACTION = "Oppdatert veikart med innspill fra møtet publiseres i etterkant av møtet."
NEW_ACTION = ("Direktoratet for e-helse utarbeider et forslag til mandat for samarbeidet og legger "
              "det fram for NUIT.")
COMMENT_21 = ("Jeg savner at medlemmene ba om en egen orientering om veikartet på neste møte. "
              "Kan det tas inn under drøftingene?")
COMMENT_22 = "Vedtaket bør si at saken kommer tilbake til NUIT når analysen er ferdig."


def _moment(text: str) -> datetime:
    """'2022-09-14 08:45' in Norwegian time."""
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


def _clip(page, first, last=None, margin: int = 16, bottom: int | None = None) -> dict:
    """A full-page clip from the top of ``first`` to the bottom of ``last`` (page coordinates),
    with ``margin`` pixels around (``bottom`` below, if given)."""
    scroll = page.evaluate("window.scrollY")
    top, end_box = first.bounding_box(), (last or first).bounding_box()
    y = max(top["y"] + scroll - margin, 0)
    end = end_box["y"] + end_box["height"] + scroll + (margin if bottom is None else bottom)
    return {"x": 0, "y": y, "width": 1280, "height": end - y}


def _breadcrumb(page):
    return page.locator("main p.breadcrumb").first


def _prepare_cycle(live) -> dict:
    """What the demo has no page for: a member's login (to comment on the minutes), and a
    secretariat person (the referent, whose login the secretary uses) and a substitute in NUIT's
    register. Returns the meeting ids."""
    from app.models import Council, Person
    from app.services.planning.meetings import meeting_by_number
    from app.services.registry import councils
    from app.services.registry.users import create_user, user_by_email

    with live.app.app_context():
        nuit = db.session.query(Council).filter_by(code="NUIT").one()
        member = create_user(MEMBER_EMAIL, MEMBER_PASSWORD, [])
        member.person = db.session.query(Person).filter_by(name="Asbjørn Finstad").one()
        directorate = councils.organisation_by_name(DIRECTORATE)
        fhi = councils.organisation_by_name("Folkehelseinstituttet")
        secretary = councils.upsert_person(SECRETARY_NAME, organisation_id=directorate.id)
        councils.ensure_membership(secretary, nuit, "sekretariat", organisation=directorate,
                                   valid_from=date(2022, 1, 1))
        user_by_email(SECRETARY_EMAIL).person = secretary
        substitute = councils.upsert_person(SUBSTITUTE_NAME, organisation_id=fhi.id)
        councils.ensure_membership(substitute, nuit, "varamedlem", organisation=fhi,
                                   valid_from=date(2022, 1, 1))
        ids = {"3/22": meeting_by_number(nuit, 2022, 3).id, "4/22": meeting_by_number(nuit, 2022, 4).id}
        db.session.commit()
        db.session.remove()
    return ids


def _case_section(page, number: str):
    """A case in the minutes: its <section>, found by the heading "Sak 21/22 …"."""
    return page.locator("section.case").filter(
        has=page.get_by_role("heading", name=f"Sak {number} "))


def _record_item(page, title: str):
    """An item on the recording page, found by its heading ("Sak 36/22: …")."""
    return page.locator("article.record-item").filter(
        has=page.get_by_role("heading", name=f": {title}"))


def _saved(item) -> None:
    from playwright.sync_api import expect

    # The autosave waits for a pause in typing, then a round trip: a loaded CI machine needs
    # more than Playwright's default 5 s (TIMEOUT_MS, as every other step here).
    expect(item.locator(".save-status")).to_have_text(re.compile(r"^Lagret kl\. "), timeout=TIMEOUT_MS)


def take_cycle(browser, out_dir: Path) -> list[Path]:
    """The chapters "Møtedagen", "Referat" and "Oppfølgingspunkter" on a server with the demo's
    meeting cycle, at the days of the story; returns the PNGs written (CYCLE_NAMES' order)."""
    import time_machine

    written: list[Path] = []

    def shot(page, name: str, target=None, **kwargs) -> None:
        assert name in CYCLE_NAMES, name
        path = out_dir / name
        page.evaluate("document.activeElement && document.activeElement.blur()")
        (target or page).screenshot(path=str(path), animations="disabled", caret="hide", **kwargs)
        written.append(path)

    def secretary_page(live):
        page = new_page(browser, height=900)
        log_in(page, live)
        return page

    with tempfile.TemporaryDirectory() as tmp, \
            time_machine.travel(_moment("2022-05-30 09:00"), tick=True) as clock:
        # The demo is loaded the week after NUIT 3/22 (its relative due dates count from here).
        server, thread, live = start_server(Path(tmp), with_cycle=True)
        try:
            meeting = _prepare_cycle(live)
            m3, m4 = meeting["3/22"], meeting["4/22"]

            # Referat: a member comments on the minutes of 3/22 before the deadline (2 June).
            clock.move_to(_moment("2022-05-31 14:05"))
            page = new_page(browser, height=900)
            log_in(page, live, MEMBER_EMAIL, MEMBER_PASSWORD)
            page.goto(live(f"/moter/{m3}/referat"))
            for number, text in (("21/22", COMMENT_21), ("22/22", COMMENT_22)):
                case = _case_section(page, number)
                case.get_by_text(f"Kommenter sak {number}").click()
                case.get_by_label(f"Kommentar til sak {number}").fill(text)
                case.get_by_role("button", name="Send kommentaren").click()
                _wait_flash(page, "Kommentaren er lagret.")
            page.context.close()

            # The secretariat takes the first comment into the minutes and marks it done.
            clock.move_to(_moment("2022-06-03 10:15"))
            page = secretary_page(live)
            page.goto(live(f"/moter/{m3}/referat"))
            case = _case_section(page, "21/22")
            case.get_by_text("Endre vedtak og drøftinger").click()
            case.get_by_label("Drøftinger").fill(
                "Medlemmene drøftet status og utfordringer i porteføljen, og ba om en egen "
                "orientering om veikartet på neste møte.")
            case.get_by_role("button", name="Lagre", exact=True).click()
            _wait_flash(page, "Vedtak og drøftinger er lagret.")
            case = _case_section(page, "21/22")
            case.get_by_label("Merknad").fill("Tatt inn i drøftingene.")
            case.get_by_role("button", name=re.compile("^Behandlet")).click()
            _wait_flash(page, "Kommentaren er merket som behandlet.")
            heading = page.get_by_role("heading", name="Sak 21/22 ")
            heading.scroll_into_view_if_needed()
            shot(page, "17-referat-kommentarer.png", full_page=True,
                 clip=_clip(page, heading, _case_section(page, "22/22")))
            page.context.close()

            # 1 September: the builder of NUIT 4/22 with the carry-over item and the case queue.
            clock.move_to(_moment("2022-09-01 10:00"))
            page = secretary_page(live)
            builder_url = live(f"/moter/{m4}")
            page.goto(builder_url)
            queue = page.locator("section[aria-labelledby=saksko]")
            shot(page, "22-saksko.png", full_page=True,
                 clip=_clip(page, _breadcrumb(page), queue, bottom=8))
            queue.get_by_role("button", name="Sett på dagsordenen").click()
            _wait_flash(page, "Saken er satt på dagsordenen.")
            # The postponed case had no presenter, time or proposal in 3/22's papers.
            for title in ("Godkjenning av innkalling og dagsorden", MINUTES_ITEM, CARRY_OVER,
                          QUEUED, "Eventuelt"):
                page.goto(builder_url)
                page.get_by_role("link", name=title, exact=True).click()
                form = page.locator("#punktskjema")
                if form.get_by_label("Presenterer saken").input_value():
                    continue
                presenter = "Lars Angell-Jørgensen" if title == QUEUED else "Mariann Hornnes"
                form.get_by_label("Presenterer saken").fill(presenter)
                form.get_by_label("Organisasjon som presenterer").select_option(label=DIRECTORATE)
                if title == QUEUED:
                    form.get_by_label("Varighet (minutter)").fill("20")
                form.get_by_role("button", name="Lagre endringene").click()
                _wait_flash(page, "Endringene er lagret.")
            page.goto(builder_url)
            _row(page, QUEUED).get_by_role("link", name=f"Forslag til vedtak for {QUEUED}").click()
            page.get_by_label("Formulering fra biblioteket").select_option(label=DISCUSS)
            page.get_by_role("button", name="Sett inn formuleringen").click()
            page.wait_for_load_state()
            page.get_by_role("button", name="Lagre forslaget").click()
            _wait_flash(page, "Forslaget til vedtak er lagret.")

            # A member reports forfall in advance.
            page.goto(live(f"/moter/{m4}/oppmote"))
            advance = page.locator("#forfall")
            advance.get_by_label("Medlem eller observatør").select_option(label="Roger Schäffer")
            advance.get_by_label("Grunn").fill("Annet møte")
            advance.get_by_role("button", name="Registrer forfall").click()
            _wait_flash(page, "Forfallet er registrert.")

            page.goto(builder_url)
            page.get_by_role("link", name="Send innkalling …").click()
            accept = page.get_by_label("Send innkallingen selv om det er advarsler")
            if accept.count():
                accept.check()
            page.get_by_role("button", name="Send innkallingen").click()
            _wait_flash(page, "er registrert")
            page.context.close()

            # 14 September, the meeting day: attendance.
            clock.move_to(_moment("2022-09-14 08:50"))
            page = secretary_page(live)
            page.goto(builder_url)
            page.get_by_role("link", name="Oppmøte", exact=True).first.click()
            page.get_by_role("heading", level=1, name="Oppmøte NUIT Møte 4/22").wait_for()
            substitute = page.locator("form[aria-labelledby=ny-vara]")
            substitute.get_by_label("Møtte for").select_option(label="Roger Schäffer")
            substitute.locator("#vara-person").select_option(label=SUBSTITUTE_NAME)
            substitute.get_by_role("button", name="Legg til varamedlem").click()
            _wait_flash(page, "Varamedlemmet er lagt til på oppmøtelisten.")
            guest = page.locator("form[aria-labelledby=ny-deltaker]")
            guest.get_by_label("Rolle").select_option(label="Sekretariatet")
            guest.locator("#deltaker-person").select_option(label=SECRETARY_NAME)
            guest.get_by_role("button", name="Legg til deltaker").click()
            _wait_flash(page, "Deltakeren er lagt til")
            row = page.locator("#oppmote tbody tr").filter(has_text="Bjørn Nilsen")
            row.get_by_label("Forfall", exact=True).check()
            row.get_by_label("Grunn for forfall for Bjørn Nilsen").fill("Sykdom")
            page.get_by_label("Møteleder").select_option(label="Mariann Hornnes")
            page.get_by_label("Referent").select_option(label=SECRETARY_NAME)
            page.get_by_role("button", name="Lagre oppmøte").click()
            _wait_flash(page, "Oppmøtet er lagret.")
            page.reload()  # without the message
            shot(page, "15-oppmote.png", full_page=True,
                 clip=_clip(page, _breadcrumb(page), page.locator("#andre")))

            # Recording the meeting live, from 9 o'clock.
            clock.move_to(_moment("2022-09-14 09:05"))
            page.get_by_role("link", name="Føre møtet", exact=True).click()
            page.get_by_role("heading", level=1, name="Føre møtet NUIT Møte 4/22").wait_for()
            for title, outcome in (("Godkjenning av innkalling og dagsorden", "Vedtak fattet"),
                                   (MINUTES_ITEM, "Vedtak fattet"),
                                   (CARRY_OVER, "Tatt til orientering")):
                item = _record_item(page, title)
                item.get_by_label("Utfall").select_option(label=outcome)
                _saved(item)
            late = page.locator("#eventuelt")
            late.get_by_label("Tittel på saken").fill("Møteplan for 2023")
            late.get_by_label("Innretning").select_option(label="Orientering")
            late.get_by_role("button", name="Legg til sak").click()
            _wait_flash(page, "er lagt til under Eventuelt.")
            for title in ("Eventuelt", "Møteplan for 2023"):
                item = _record_item(page, title)
                item.get_by_label("Utfall").select_option(label="Tatt til orientering")
                _saved(item)

            # A follow-up action from the queued case: first with a mistyped year.
            item = _record_item(page, QUEUED)
            item.get_by_role("link", name=re.compile("^Nytt oppfølgingspunkt")).click()
            page.get_by_label("Beskrivelse").fill(NEW_ACTION)
            page.get_by_label("Ansvarlig organisasjon").select_option(label=DIRECTORATE)
            page.get_by_label("Ansvarlig person").select_option(label=f"{SECRETARY_NAME} ({DIRECTORATE})")
            page.get_by_label("Frist", exact=True).fill("2021-12-31")
            page.get_by_label("Frist som tekst").fill("Q4 2022")
            page.get_by_role("button", name="Lagre oppfølgingspunktet").click()
            page.locator("#bekreft-frist").wait_for()
            shot(page, "19-frist-passert.png", full_page=True,
                 clip=_clip(page, _breadcrumb(page),
                            page.get_by_role("button", name="Lagre oppfølgingspunktet")))
            page.get_by_label("Frist", exact=True).fill("2022-12-31")
            page.get_by_role("button", name="Lagre oppfølgingspunktet").click()
            _wait_flash(page, "Oppfølgingspunktet er lagret (frist Q4 2022).")

            clock.move_to(_moment("2022-09-14 10:42"))
            page.reload()  # the page's form token lasts an hour (see "Økten er utløpt" in the guide)
            item = _record_item(page, QUEUED)
            item.get_by_label("Drøftinger/merknader").fill(
                "Medlemmene støttet samarbeidsmodellen og ba om at kommunesektoren tas med i "
                "arbeidet.")
            item.get_by_label("Utfall").focus()  # leaving the text field saves the item
            _saved(item)
            item.get_by_label("Utfall").select_option(label="Vedtak fattet")
            _saved(item)
            item.scroll_into_view_if_needed()
            shot(page, "16-fore-motet.png", full_page=True, clip=_clip(page, item))

            page.get_by_role("link", name="Marker møtet som avholdt …").first.click()
            page.get_by_role("button", name="Ja, marker som avholdt").click()
            _wait_flash(page, "er markert som avholdt")

            # After the meeting: 4/22's item 34/22 approves the minutes of 3/22.
            clock.move_to(_moment("2022-09-14 15:30"))
            page.goto(live(f"/moter/{m3}/referat"))
            approve = page.locator("#godkjenn")
            approve.get_by_label("I et senere møte").check()
            approve.get_by_label("Saken som godkjente referatet").select_option(
                label=f"NUIT møte 4/22 (14. september 2022), sak 34/22 {MINUTES_ITEM}")
            shot(page, "18-godkjenn-referat.png", full_page=True,
                 clip=_clip(page, _breadcrumb(page),
                            page.locator("section[aria-labelledby=arbeidsflyt]"), bottom=8))
            approve.get_by_role("button", name="Godkjenn referatet").click()
            page.get_by_role("button", name="Godkjenn likevel").click()
            _wait_flash(page, "Referatet er godkjent: Godkjent i møte 4/22, sak 34/22.")
            page.context.close()

            # The next morning: a follow-up action is done and was reported back at 4/22.
            clock.move_to(_moment("2022-09-15 09:10"))
            page = secretary_page(live)
            page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Oppfølging").click()
            page.get_by_role("link", name=ROADMAP_ACTION).click()
            progress = page.locator("form").filter(has=page.get_by_role("button", name="Lagre framdriften"))
            progress.get_by_label("Status").select_option(label="Utført")
            progress.get_by_label("Nytt notat om framdriften").fill(
                "Veikartet ble publisert 1. juli 2022 og presentert i NUIT 14. september.")
            progress.get_by_role("button", name="Lagre framdriften").click()
            _wait_flash(page, "Framdriften er lagret.")
            page.get_by_label("Meldt tilbake i").select_option(
                label=f"NUIT 4/22 (14. september 2022) – sak 35/22 {CARRY_OVER}")
            page.get_by_role("button", name="Lagre endringene").click()
            _wait_flash(page, "Endringene er lagret.")
            page.goto(page.url.split("#")[0])  # without the message
            shot(page, "20-oppfolgingspunkt.png", full_page=True,
                 clip=_clip(page, _breadcrumb(page),
                            page.get_by_role("button", name="Lagre framdriften")))

            page.get_by_role("link", name="Tilbake til oppfølgingspunktene").click()
            page.get_by_label("Utvalg").select_option(label="NUIT – Prioriteringsutvalget")
            page.get_by_label("Vis også utførte og avbrutte").check()
            page.get_by_role("button", name="Filtrer").click()
            page.get_by_text("oppfølgingspunkter.", exact=False).first.wait_for()
            shot(page, "21-oppfolging-oversikt.png", full_page=True,
                 clip=_clip(page, page.locator("main h1"), page.locator("main table")))
            page.context.close()
        finally:
            stop_server(server, thread, live)
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
