"""The main pages on a phone (390 × 844) and a laptop (1280 × 900), issue 12: the page itself never
scrolls sideways (a wide table scrolls inside its own box), «Logg ut» can be reached (behind the
«Meny» button on a phone), and on the laptop the header is one compact band.

The server has the demo's meeting cycle (NUIT 3/22 held with attendance and minutes, follow-up
actions), so the attendance, recording and follow-up pages are full. /mitt is opened as Ole Johan
Kvan, a member of NUIT in the demo's register, given an account here.
"""
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import Council, User
from app.services.planning.meetings import meeting_by_number
from app.services.registry.councils import person_by_name
from app.services.registry.users import create_user
from tests.e2e.helpers import TIMEOUT_MS, log_in, start_server, stop_server

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}
HEADER_MAX_PX = 64  # one line (47 px here); a second line of links makes it about 80 px
MEMBER_EMAIL = "ole.johan.kvan@example.no"  # invented address
MEMBER_PASSWORD = "mitt-passord-123"
STAFF_EMAIL = "sekretar-admin@example.no"  # the secretariat and administrator: the longest menu
STAFF_PASSWORD = "riktig-passord-456"


@pytest.fixture(scope="module")
def cycle_server(tmp_path_factory, _demo_templates):
    """The app with the demo's meeting cycle, a login for the secretariat and administrator, and
    a member's login."""
    server, thread, live = start_server(tmp_path_factory.mktemp("e2e-responsive"),
                                        demo_file=_demo_templates(True))
    with live.app.app_context():
        create_user(STAFF_EMAIL, STAFF_PASSWORD, ["secretariat", "admin"])
        user = create_user(MEMBER_EMAIL, MEMBER_PASSWORD, [])
        user.person = person_by_name("Ole Johan Kvan")
        assert user.person is not None
        db.session.commit()
        db.session.remove()
    yield live
    stop_server(server, thread, live)


@pytest.fixture(scope="module")
def paths(cycle_server):
    """The main pages, by what they are (NUIT 3/22 for the meeting's pages)."""
    with cycle_server.app.app_context():
        nuit = db.session.scalar(select(Council).where(Council.code == "NUIT"))
        meeting = meeting_by_number(nuit, 2022, 3)
        case = next(i for i in meeting.items if i.case_seq)
        user_id = db.session.scalar(select(User.id).where(User.email == MEMBER_EMAIL))
        ids = {"meeting": meeting.id, "case": f"{case.case_year}/{case.case_seq}", "user": user_id}
        db.session.remove()
    m = ids["meeting"]
    return {
        "front page": "/",
        "council page": "/utvalg/NUIT",
        "meeting page": "/utvalg/NUIT/moter/2022/3",
        "public minutes": "/utvalg/NUIT/moter/2022/3/referat",
        "decisions": "/utvalg/NUIT/vedtak",
        "calendar": "/moter/?utvalg=NUIT&år=2022",
        "agenda builder": f"/moter/{m}",
        "attendance": f"/moter/{m}/oppmote",
        "recording": f"/moter/{m}/protokoll",
        "minutes": f"/moter/{m}/referat",
        "members' input": f"/moter/{m}/innspill",
        "follow-up overview": "/oppfolging/",
        "case register": "/saker/",
        "case page": f"/saker/{ids['case']}",
        "persons": "/register/personer",
        "organisations": "/register/organisasjoner",
        "council register": "/register/utvalg/NUIT",
        "users": "/admin/brukere",
        "user": f"/admin/brukere/{ids['user']}",
        "outbox": "/admin/utboks",
        "proposals": "/saksforslag/",
        "archive exports": "/arkiv/?utvalg=NUIT&år=2022",
        "builder in English": f"/moter/{m}?lang=en",  # longer menu labels
    }


def _states(browser, live):
    states = {}
    for who, email, password in (("staff", STAFF_EMAIL, STAFF_PASSWORD),
                                 ("member", MEMBER_EMAIL, MEMBER_PASSWORD)):
        context = browser.new_context()
        context.set_default_timeout(TIMEOUT_MS)
        page = context.new_page()
        log_in(page, live, email, password)
        states[who] = context.storage_state()
        context.close()
    return states


@pytest.fixture(scope="module")
def states(browser, cycle_server):
    return _states(browser, cycle_server)


def _open(browser, state, viewport, url):
    context = browser.new_context(storage_state=state, viewport=viewport, locale="nb-NO",
                                  timezone_id="Europe/Oslo")
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()
    blocked = []
    page.on("console", lambda message: blocked.append(message.text)
            if "Content Security Policy" in message.text else None)
    response = page.goto(url)
    assert response is not None and response.status == 200, (url, response and response.status)
    assert urlsplit(page.url).path == urlsplit(url).path, f"{url} led to {page.url}"  # not the login
    return page, blocked


def _measure(page) -> dict:
    return page.evaluate("""() => ({
        scroll: document.documentElement.scrollWidth,
        inner: window.innerWidth,
        header: Math.round(document.querySelector('.site-header').getBoundingClientRect().height),
    })""")


def _logout_reachable(page) -> bool:
    """«Logg ut» (in English «Log out») is visible, or becomes visible when the menus it sits in
    are opened (outermost first, as a person would)."""
    logout = page.locator("form[action$='/logg-ut'] button")
    menus = page.locator("details:has(form[action$='/logg-ut'])")
    for i in range(menus.count()):
        if not logout.is_visible() and menus.nth(i).get_attribute("open") is None:
            menus.nth(i).locator(":scope > summary").click()
    return logout.is_visible()


def _problems(browser, state, viewport, url, what) -> list[str]:
    """What is wrong with the page at this width (an empty list: nothing)."""
    page, blocked = _open(browser, state, viewport, url)
    problems = []
    try:
        figures = _measure(page)
        print(f"{what} @ {viewport['width']}: scrollWidth {figures['scroll']}, "
              f"header {figures['header']} px")
        if figures["scroll"] > figures["inner"]:
            problems.append(f"{what} ({url}) is {figures['scroll']} px wide at {figures['inner']} px")
        if viewport == LAPTOP and figures["header"] >= HEADER_MAX_PX:
            problems.append(f"{what}: the header is {figures['header']} px high")
        if not _logout_reachable(page):
            problems.append(f"{what}: «Logg ut» cannot be reached at {viewport['width']} px")
        problems += blocked
    finally:
        page.context.close()
    return problems


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
def test_secretariat_pages_fit_the_screen(browser, states, cycle_server, paths, viewport):
    problems = []
    for what, path in paths.items():
        problems += _problems(browser, states["staff"], viewport, cycle_server(path), what)
    assert problems == []


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["390px", "1280px"])
def test_member_pages_fit_the_screen(browser, states, cycle_server, viewport):
    problems = []
    for what, path in (("/mitt", "/mitt"), ("member's meeting page", "/utvalg/NUIT/moter/2022/3"),
                       ("calendar settings", "/konto/kalender"), ("follow-up (member)", "/oppfolging/")):
        problems += _problems(browser, states["member"], viewport, cycle_server(path), what)
    assert problems == []


def test_the_phone_menu_and_a_scrolling_table_pass_axe(browser, states, cycle_server, paths):
    """At 390 px with «Meny» open, on the attendance page (its table scrolls in its box)."""
    from tests.e2e.test_accessibility import check

    page, blocked = _open(browser, states["staff"], PHONE, cycle_server(paths["attendance"]))
    try:
        assert not page.get_by_role("navigation", name="Hovedmeny").is_visible()  # folded
        page.get_by_text("Meny", exact=True).click()
        page.get_by_role("navigation", name="Hovedmeny").get_by_role("link", name="Oppfølging").wait_for()
        assert page.get_by_role("button", name="Logg ut", exact=True).is_visible()
        check(page, "attendance page at 390 px with the menu open")
        scroller = page.locator(".table-scroll").first
        assert scroller.evaluate("e => e.scrollWidth > e.clientWidth")  # the table scrolls, the page not
        assert blocked == [], blocked
    finally:
        page.context.close()


def test_public_pages_fit_a_phone_without_a_login(browser, cycle_server):
    for path in ("/", "/utvalg/NUIT", "/utvalg/NUIT/moter/2022/3", "/logg-inn"):
        page, blocked = _open(browser, None, PHONE, cycle_server(path))
        try:
            figures = _measure(page)
            assert figures["scroll"] <= figures["inner"], (path, figures)
            page.get_by_text("Meny", exact=True).click()
            assert page.get_by_role("link", name="Logg inn", exact=True).is_visible(), path
            assert blocked == [], blocked
        finally:
            page.context.close()
