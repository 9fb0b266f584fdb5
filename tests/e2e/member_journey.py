"""A member's story in Chromium, from the invitation to the proposals queue: the browser test of
issue 11 (tests/e2e/test_member_journey.py) and the pictures of the guide's part for members.

    .venv/bin/python -m tests.e2e.member_journey [OUT_DIR]     # make guide-images runs it too

It starts its own server with the demo's meeting cycle (NUIT 3/22 held, its minutes out for
comments until 2 June 2022; NUIT 4/22 planned for 14 September 2022) with the clock set to the
days of the story (time-machine): on 30 May the secretariat invites Ole Johan Kvan (Helse Sør-Øst
RHF, a member of NUIT) and asks for input on a case of 4/22 by 31 May; on 31 May he sets his
password, reads the papers, reports forfall with a vara, gives input, declares himself
disqualified in another case, comments on 3/22's minutes, proposes a case and subscribes to the
calendar; on 1 June the secretariat sees each of these where it works and accepts the proposal,
and on 1 September issues the notice, after which the recording page shows the habilitet.
Every step is checked with what a user sees, so the walk fails when a step's effect is missing.
"""
import logging
import re
import sys
import tempfile
import urllib.request
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from app.extensions import db
from tests.e2e.helpers import PROJECT_DIR, launch_chromium, log_in, new_page, start_server, stop_server

OUT_DIR = PROJECT_DIR / "docs" / "images"
MEMBER_NAMES = ["30-mitt.png", "31-sak.png", "32-forfall.png", "33-innspill.png",
                "34-habilitet.png", "35-kommentar.png", "36-saksforslag.png", "37-kalender.png",
                "38-mitt-mobil.png", "39-sekretariatet-oppmote.png"]

OSLO = ZoneInfo("Europe/Oslo")
MEMBER_NAME = "Ole Johan Kvan"  # Helse Sør-Øst RHF, a member of NUIT in the demo's register
MEMBER_EMAIL = "ole.johan.kvan@example.no"  # invented: the demo has no e-mail addresses
MEMBER_PASSWORD = "mitt-nye-passord-1"
VARA_NAME = "Ola Nordmann"  # a placeholder name, not in the register
QUEUED = "Samarbeidsmodell for bruk av internasjonale standarder i helse- og omsorgssektoren"
CASE_TEXT = ("Direktoratet for e-helse legger fram et forslag til samarbeidsmodell for bruk av "
             "internasjonale standarder, med roller for direktoratet, helseforetakene og kommunene.")
NEW_CASE = "Anskaffelse av løsning for digital hjemmeoppfølging (oppdiktet)"
INPUT = ("Helse Sør-Øst RHF støtter samarbeidsmodellen, og ber om at de regionale "
         "helseforetakene får en fast plass i arbeidsgruppen for standarder.")
CONFLICT_REASON = "Jeg sitter i styret hos en av leverandørene som har gitt tilbud."
COMMENT = "Referatet bør nevne at de regionale helseforetakene ba om en plan for innføringen."
PROPOSAL = "Felles løsning for varsling av pasienter om endrede timer (oppdiktet)"
PROPOSAL_TEXT = ("Pasienter får i dag varsler om timeendringer fra flere kanaler. Vi foreslår at "
                 "NUIT drøfter en felles løsning.")


def _moment(text: str) -> datetime:
    return datetime.fromisoformat(text).replace(tzinfo=OSLO)


def _pdf() -> bytes:
    from app.demo.participation import _pdf as one_page_pdf

    return one_page_pdf(["Skisse til felles varsling (oppdiktet)"])


def _prepare(live) -> dict:
    """The member's e-mail address (the demo has none) and the ids the walk needs."""
    from app.models import Case, Council, Person
    from app.services.planning.meetings import meeting_by_number

    with live.app.app_context():
        nuit = db.session.query(Council).filter_by(code="NUIT").one()
        person = db.session.query(Person).filter_by(name=MEMBER_NAME).one()
        person.email = MEMBER_EMAIL
        # The postponed case has no description in the demo; the member reads one on its page.
        db.session.query(Case).filter_by(title=QUEUED).one().description = CASE_TEXT
        ids = {"person": person.id, "3/22": meeting_by_number(nuit, 2022, 3).id,
               "4/22": meeting_by_number(nuit, 2022, 4).id}
        db.session.commit()
        db.session.remove()
    return ids


def _invitation_link(live) -> str:
    from sqlalchemy import select

    from app.models import OutboxMessage

    with live.app.app_context():
        body = db.session.scalars(select(OutboxMessage.body).where(
            OutboxMessage.kind == "account_invitation", OutboxMessage.to_address == MEMBER_EMAIL)
            .order_by(OutboxMessage.id.desc())).first()
        db.session.remove()
    return re.search(r"/konto/invitasjon/[A-Za-z0-9_-]+", body).group(0)


def _wait_flash(page, text: str) -> None:
    page.locator(".ds-alert").filter(has_text=text).first.wait_for()


def _clip(page, first, last=None, margin: int = 16, width: int = 1280) -> dict:
    """A full-page clip from the top of ``first`` to the bottom of ``last``."""
    scroll = page.evaluate("window.scrollY")
    top, end_box = first.bounding_box(), (last or first).bounding_box()
    y = max(top["y"] + scroll - margin, 0)
    end = end_box["y"] + end_box["height"] + scroll + margin
    return {"x": 0, "y": y, "width": width, "height": end - y}


def _events(url: str) -> dict:
    """The events of an iCalendar feed: SUMMARY -> UID."""
    import icalendar

    with urllib.request.urlopen(url, timeout=15) as response:  # noqa: S310 (our own test server)
        assert response.headers.get_content_type() == "text/calendar"
        calendar = icalendar.Calendar.from_ical(response.read())
    return {str(e.get("SUMMARY")): str(e.get("UID")) for e in calendar.walk("VEVENT")}


def _secretariat_prepares(browser, live, ids: dict) -> None:
    """30 May: the invitation, and 4/22's agenda with a case that asks for input by 31 May and a
    new case (where the member will declare himself disqualified)."""
    page = new_page(browser)
    log_in(page, live)
    page.goto(live(f"/register/personer/{ids['person']}"))
    page.get_by_role("button", name=re.compile("^Inviter")).click()
    _wait_flash(page, "Invitasjonen er sendt.")
    assert "Invitert, utløper" in page.locator("#kontostatus").inner_text()

    builder = live(f"/moter/{ids['4/22']}")
    page.goto(builder)
    page.locator("section[aria-labelledby=saksko]").get_by_role("button", name="Sett på dagsordenen").click()
    _wait_flash(page, "Saken er satt på dagsordenen.")
    new_case = page.get_by_role("form", name="Ny sak")
    new_case.get_by_label("Tittel på ny sak").fill(NEW_CASE)
    new_case.get_by_label("Innretning").select_option(label="Drøfting")
    new_case.get_by_label("Varighet (minutter)").fill("20")
    new_case.get_by_role("button", name="Legg til sak").click()
    _wait_flash(page, "er lagt til")
    # Who presents each item (the notice needs it); input asked for on the postponed case.
    for title in ("Godkjenning av innkalling og dagsorden", "Godkjenning av referat fra NUIT 19. mai 2022",
                  "Oppfølgingspunkter fra tidligere møter", QUEUED, NEW_CASE, "Eventuelt"):
        page.goto(builder)
        page.get_by_role("link", name=title, exact=True).click()
        form = page.locator("#punktskjema")
        if not form.get_by_label("Presenterer saken").input_value():
            form.get_by_label("Presenterer saken").fill(
                "Lars Angell-Jørgensen" if title in (QUEUED, NEW_CASE) else "Mariann Hornnes")
            form.get_by_label("Organisasjon som presenterer").select_option(label="Direktoratet for e-helse")
        if title == QUEUED:
            form.get_by_label("Be medlemmene om innspill").check()
            form.get_by_label("Frist for innspill").fill("2022-05-31")
        form.get_by_role("button", name="Lagre endringene").click()
        _wait_flash(page, "Endringene er lagret.")
    page.context.close()


def walk(browser, out_dir: Path | None) -> list[Path]:
    """The member's story and what the secretariat sees of it; the PNGs written (MEMBER_NAMES'
    order) when ``out_dir`` is given."""
    import time_machine
    from playwright.sync_api import expect

    written: list[Path] = []

    def shot(page, name: str, **kwargs) -> None:
        assert name in MEMBER_NAMES, name
        if out_dir is None:
            return
        out_dir.mkdir(parents=True, exist_ok=True)
        path = out_dir / name
        page.evaluate("document.activeElement && document.activeElement.blur()")
        page.screenshot(path=str(path), animations="disabled", caret="hide", **kwargs)
        written.append(path)

    with tempfile.TemporaryDirectory() as tmp, \
            time_machine.travel(_moment("2022-05-30 09:00"), tick=True) as clock:
        server, thread, live = start_server(Path(tmp), with_cycle=True)
        try:
            ids = _prepare(live)
            m3, m4 = ids["3/22"], ids["4/22"]
            clock.move_to(_moment("2022-05-30 09:15"))
            _secretariat_prepares(browser, live, ids)

            # 31 May: the member opens the link from the e-mail and chooses a password.
            clock.move_to(_moment("2022-05-31 08:30"))
            page = new_page(browser)
            page.goto(live(_invitation_link(live)))
            page.get_by_role("heading", name="Velkommen til Møtebok").wait_for()
            page.get_by_label("Nytt passord").fill(MEMBER_PASSWORD)
            page.get_by_label("Gjenta det nye passordet").fill(MEMBER_PASSWORD)
            page.get_by_role("button", name="Lagre passordet og logg inn").click()
            _wait_flash(page, "Passordet er satt, og du er logget inn.")
            assert page.url.endswith("/mitt"), page.url
            expect(page.get_by_role("heading", level=1)).to_have_text(f"Mitt: {MEMBER_NAME}")
            for heading in ("Mine utvalg", "Mine neste møter", "Saker der sekretariatet ber om innspill",
                            "Referater til kommentering", "Mine saksforslag"):
                page.get_by_role("heading", name=heading, exact=True).wait_for()
            inputs = page.locator("section[aria-labelledby=innspill]")
            expect(inputs).to_contain_text(QUEUED)
            expect(inputs).to_contain_text("Frist 31. mai 2022")
            expect(page.locator("section[aria-labelledby=referater]")).to_contain_text(
                "Kommentarfrist 2. juni 2022")
            page.goto(live("/mitt"))  # without the message
            shot(page, "30-mitt.png", full_page=True, clip=_clip(
                page, page.locator("main h1"), page.locator("section[aria-labelledby=referater]")))

            # The papers: NUIT 4/22 from /mitt, and a case from its agenda.
            page.locator("section[aria-labelledby=neste-moter]").get_by_role(
                "link", name="NUIT 4/22").click()
            page.wait_for_url(re.compile(r"/utvalg/NUIT/moter/2022/4$"))
            page.get_by_role("link", name=QUEUED, exact=True).click()
            expect(page.get_by_role("heading", level=1)).to_contain_text(QUEUED)
            case_text = page.locator("main")
            expect(case_text).to_contain_text(CASE_TEXT)
            expect(case_text).to_contain_text("Møte 4/22")
            shot(page, "31-sak.png", clip={"x": 0, "y": 0, "width": 1280, "height": 760})
            page.go_back()

            # Forfall with a vara, from the meeting page's «Ditt oppmøte».
            box = page.get_by_role("complementary", name="Ditt oppmøte")
            box.get_by_role("link", name="Meld forfall").click()
            page.get_by_label("Grunn").fill("Styremøte i Helse Sør-Øst RHF samme dag.")
            page.get_by_label("… eller vara som ikke står i listen (navn)").fill(VARA_NAME)
            page.get_by_role("button", name="Meld forfall").click()
            _wait_flash(page, "orfall")
            page.get_by_text(VARA_NAME).first.wait_for()
            shot(page, "32-forfall.png", clip={"x": 0, "y": 0, "width": 1280, "height": 760})

            # Input on the case where the secretariat asks for it (by 31 May).
            page.goto(live("/mitt"))
            page.locator("section[aria-labelledby=innspill] li").filter(has_text=QUEUED).get_by_role(
                "link", name="Gi innspill").click()
            page.get_by_label("Ditt innspill").fill(INPUT)
            page.get_by_role("button", name="Lagre innspillet").click()
            _wait_flash(page, "nnspill")
            expect(page.get_by_label("Ditt innspill")).to_have_value(INPUT)
            shot(page, "33-innspill.png", clip={"x": 0, "y": 0, "width": 1280, "height": 760})

            # Habilitet in the new case, from the meeting page.
            page.goto(live("/utvalg/NUIT/moter/2022/4"))
            box = page.get_by_role("complementary", name="Ditt oppmøte")
            expect(box).to_contain_text("Du har meldt forfall")
            box.get_by_text("Habilitet: meld at du er inhabil i en sak").click()
            box.get_by_role("link", name=re.compile(re.escape(NEW_CASE))).click()
            page.get_by_label("Hvorfor er du inhabil?").fill(CONFLICT_REASON)
            page.get_by_role("button", name="Meld inhabilitet").click()
            page.get_by_text(f"Du har meldt at du er inhabil i saken. Grunn: {CONFLICT_REASON}").wait_for()
            shot(page, "34-habilitet.png", clip={"x": 0, "y": 0, "width": 1280, "height": 700})

            # A comment on the draft minutes of NUIT 3/22 (deadline 2 June).
            clock.move_to(_moment("2022-05-31 09:10"))
            page.goto(live("/mitt"))
            page.locator("section[aria-labelledby=referater]").get_by_role(
                "link", name="Referat fra NUIT 3/22").click()
            case = page.locator("section.case").filter(has=page.get_by_role("heading", name="Sak 21/22 "))
            case.get_by_text("Kommenter sak 21/22").click()
            case.get_by_label("Kommentar til sak 21/22").fill(COMMENT)
            case.get_by_role("button", name="Send kommentaren").click()
            _wait_flash(page, "Kommentaren er lagret.")
            case = page.locator("section.case").filter(has=page.get_by_role("heading", name="Sak 21/22 "))
            expect(case).to_contain_text(COMMENT)
            case.scroll_into_view_if_needed()
            shot(page, "35-kommentar.png", full_page=True, clip=_clip(page, case))

            # A case proposal with an attachment.
            page.goto(live("/mitt"))
            page.get_by_role("link", name="Foreslå en sak").first.click()
            page.get_by_label("Tittel").first.fill(PROPOSAL)
            page.get_by_label("Beskrivelse").fill(PROPOSAL_TEXT)
            page.get_by_label("Utvalg").select_option(label="NUIT – Prioriteringsutvalget")
            page.get_by_label("Innretning").select_option(label="Drøfting")
            page.get_by_label("Vedlegg").set_input_files(files=[{
                "name": "Skisse til felles varsling.pdf", "mimeType": "application/pdf",
                "buffer": _pdf()}])
            shot(page, "36-saksforslag.png", full_page=True,
                 clip=_clip(page, page.locator("main h1"), page.get_by_role("button", name="Send saksforslaget")))
            page.get_by_role("button", name="Send saksforslaget").click()
            _wait_flash(page, "aksforslag")
            expect(page.get_by_role("heading", level=1)).to_have_text(PROPOSAL)
            expect(page.locator("main dl")).to_contain_text("StatusTil behandling")
            expect(page.get_by_role("link", name="Skisse til felles varsling.pdf")).to_be_visible()

            # The calendar: a personal link, fetched as a calendar program would.
            page.goto(live("/mitt"))
            page.get_by_role("link", name="Møtene i kalenderen din").click()
            page.get_by_role("button", name="Lag ny kalenderlenke").click()
            link = page.get_by_role("textbox", name="Kalenderlenke")
            link.wait_for()
            # The link is made with the configured address of the site; fetched here from the test's.
            feed_path = re.search(r"/kalender/[A-Za-z0-9_-]+\.ics$", link.input_value()).group(0)
            shot(page, "37-kalender.png", clip={"x": 0, "y": 0, "width": 1280, "height": 820})
            personal, public = _events(live(feed_path)), _events(live("/utvalg/NUIT/kalender.ics"))
            assert personal.get("NUIT møte 4/22"), personal
            assert personal["NUIT møte 4/22"] == public.get("NUIT møte 4/22"), (personal, public)
            page.context.close()

            # /mitt on a phone.
            phone = new_page(browser, width=390, height=844)
            log_in(phone, live, MEMBER_EMAIL, MEMBER_PASSWORD)
            phone.goto(live("/mitt"))
            expect(phone.locator("section[aria-labelledby=neste-moter]")).to_contain_text("Du har meldt forfall")
            expect(phone.locator("section[aria-labelledby=innspill]")).to_contain_text("Du har gitt innspill")
            shot(phone, "38-mitt-mobil.png", full_page=True, clip=_clip(
                phone, phone.locator("main h1"), phone.locator("section[aria-labelledby=innspill]"),
                width=390))
            phone.context.close()

            # 1 June: the secretariat sees each of these where it works.
            clock.move_to(_moment("2022-06-01 10:00"))
            page = new_page(browser)
            log_in(page, live)
            page.goto(live(f"/moter/{m4}/oppmote"))
            row = page.locator("#oppmote tbody tr").filter(has_text=MEMBER_NAME)
            expect(row.first).to_contain_text("meldt av medlemmet")
            vara = page.locator("tr").filter(has_text=VARA_NAME)
            expect(vara.first).to_contain_text(f"møtte for {MEMBER_NAME}")
            page.get_by_role("heading", level=1).scroll_into_view_if_needed()
            shot(page, "39-sekretariatet-oppmote.png", full_page=True, clip=_clip(
                page, page.locator("main p.breadcrumb").first, vara.first))

            page.goto(live(f"/moter/{m4}"))
            queued_row = page.locator("#dagsorden tbody tr").filter(
                has=page.get_by_role("link", name=QUEUED, exact=True))
            expect(queued_row).to_contain_text("Innspill: 1")
            queued_row.get_by_role("link", name="Innspill: 1").click()
            expect(page.locator("main")).to_contain_text(INPUT)
            expect(page.locator("main")).to_contain_text(MEMBER_NAME)

            page.goto(live(f"/moter/{m3}/referat"))
            expect(page.locator("section.case").filter(
                has=page.get_by_role("heading", name="Sak 21/22 "))).to_contain_text(COMMENT)

            page.goto(live("/saksforslag/"))
            page.get_by_role("link", name=PROPOSAL).click()
            page.get_by_role("button", name="Godta og registrer som sak").click()
            _wait_flash(page, "Saksforslaget er godtatt og registrert som sak")
            file_number = re.search(r"registrert som sak (2022/\d+)\.", page.locator(".ds-alert").filter(
                has_text="Saksforslaget er godtatt").inner_text()).group(1)
            expect(page.get_by_role("heading", level=1)).to_have_text(PROPOSAL)  # the new case
            page.context.close()

            # 1 September: the notice of 4/22 is issued; the recording page shows the habilitet
            # and the input under their items.
            clock.move_to(_moment("2022-09-01 10:00"))
            page = new_page(browser)
            log_in(page, live)
            page.goto(live(f"/moter/{m4}"))
            page.get_by_role("link", name="Send innkalling …").click()
            accept = page.get_by_label("Send innkallingen selv om det er advarsler")
            if accept.count():
                accept.check()
            page.get_by_role("button", name="Send innkallingen").click()
            _wait_flash(page, "er registrert")
            page.goto(live(f"/moter/{m4}/protokoll"))
            conflict = page.locator("article.record-item").filter(
                has=page.get_by_role("heading", name=f": {NEW_CASE}"))
            expect(conflict).to_contain_text(f"Habilitet: {MEMBER_NAME} ({CONFLICT_REASON})")
            given = page.locator("article.record-item").filter(
                has=page.get_by_role("heading", name=f": {QUEUED}"))
            expect(given).to_contain_text("Innspill fra medlemmene (1)")
            expect(given).to_contain_text(INPUT)
            page.context.close()

            # The member sees the case file number on /mitt.
            page = new_page(browser)
            log_in(page, live, MEMBER_EMAIL, MEMBER_PASSWORD)
            page.goto(live("/mitt"))
            expect(page.locator("section[aria-labelledby=saksforslag]")).to_contain_text(
                f"Tatt inn som sak {file_number}")
            page.context.close()
        finally:
            stop_server(server, thread, live)
    return written


def main(out_dir: Path = OUT_DIR) -> None:
    from playwright.sync_api import sync_playwright

    logging.getLogger("werkzeug").setLevel(logging.WARNING)
    with sync_playwright() as playwright:
        browser = launch_chromium(playwright, norwegian_controls=Path(
            "/usr/lib/chromium/locales/nb.pak").exists())
        try:
            for path in walk(browser, out_dir):
                print(f"{path.relative_to(PROJECT_DIR) if path.is_relative_to(PROJECT_DIR) else path}"
                      f"  {path.stat().st_size // 1024} KB")
        finally:
            browser.close()


if __name__ == "__main__":
    main(Path(sys.argv[1]) if len(sys.argv) > 1 else OUT_DIR)
