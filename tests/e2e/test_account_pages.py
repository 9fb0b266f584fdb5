"""Accounts in a real browser, with CSRF on: the secretariat invites a member from the person page,
the member opens the link from the e-mail, chooses a password and is logged in; and axe-core finds
no serious or critical violation on the account pages (the users page, a new user, the
forgotten-password and change-password pages, the member list with its account column)."""
import re

import pytest
from sqlalchemy import select

from app.extensions import db
from app.models import OutboxMessage, Person
from tests.e2e.helpers import TIMEOUT_MS, log_in, new_page
from tests.e2e.test_accessibility import check, visit

ADMIN_EMAIL = "admin.e2e@example.no"
ADMIN_PASSWORD = "admin-passord-123"
INVITED_EMAIL = "invitert.e2e@example.no"


@pytest.fixture(scope="module")
def setup(live_server):
    """An admin login, and a person of the demo with an e-mail address (the demo has none)."""
    from app.services.registry.users import create_user

    with live_server.app.app_context():
        create_user(ADMIN_EMAIL, ADMIN_PASSWORD, ["admin"])
        person = db.session.scalars(select(Person).order_by(Person.id)).first()
        person.email = INVITED_EMAIL
        db.session.commit()
        person_id, name = person.id, person.name
        db.session.remove()
    return {"person_id": person_id, "name": name}


def _invitation_link(live_server) -> str:
    with live_server.app.app_context():
        body = db.session.scalars(select(OutboxMessage.body).where(
            OutboxMessage.kind == "account_invitation").order_by(OutboxMessage.id.desc())).first()
        db.session.remove()
    return re.search(r"/konto/invitasjon/[A-Za-z0-9_-]+", body).group(0)


def test_an_invitation_from_the_person_page_to_a_logged_in_member(browser, live_server, setup):
    secretary = new_page(browser)
    log_in(secretary, live_server)
    visit(secretary, live_server(f"/register/personer/{setup['person_id']}"), f"Endre {setup['name']}")
    check(secretary, "person page with the account section")
    secretary.get_by_role("button", name=re.compile("^Inviter")).click()
    secretary.get_by_text("Invitasjonen er sendt.", exact=False).wait_for()
    assert "Invitert, utløper" in secretary.locator("#kontostatus").inner_text()
    secretary.context.close()

    member = new_page(browser)
    member.set_default_timeout(TIMEOUT_MS)
    visit(member, live_server(_invitation_link(live_server)), "Velkommen til Møtebok")
    check(member, "set a password from an invitation")
    member.get_by_label("Nytt passord").fill("mitt-nye-passord-1")
    member.get_by_label("Gjenta det nye passordet").fill("mitt-nye-passord-1")
    member.get_by_role("button", name="Lagre passordet og logg inn").click()
    member.get_by_text("Passordet er satt, og du er logget inn.", exact=False).wait_for()
    assert INVITED_EMAIL in member.locator(".site-user").inner_text()
    member.context.close()


def test_the_account_pages_pass_axe(browser, live_server, setup):
    admin = new_page(browser)
    log_in(admin, live_server, email=ADMIN_EMAIL, password=ADMIN_PASSWORD)
    for path, heading, what in [
            ("/admin/brukere", "Brukere", "users page"),
            ("/admin/brukere/ny", "Ny bruker", "new user form"),
            ("/konto/passord", "Endre passord", "change password"),
            ("/register/utvalg/NUIT", "Prioriteringsutvalget (NUIT)", "member list with accounts")]:
        visit(admin, live_server(path), heading)
        check(admin, what)
    admin.get_by_role("link", name="Brukere").first.click()
    admin.get_by_role("link", name=ADMIN_EMAIL).click()
    expect = admin.get_by_role("heading", level=1)
    assert expect.inner_text() == ADMIN_EMAIL
    check(admin, "a user's page")
    admin.context.close()

    anonymous = new_page(browser)
    visit(anonymous, live_server("/glemt-passord"), "Glemt passordet?")
    check(anonymous, "forgotten password")
    anonymous.get_by_label("E-post").fill("hvem-som-helst@example.no")
    anonymous.get_by_role("button", name="Send lenke").click()
    expect_sent = anonymous.get_by_role("heading", level=1)
    expect_sent.wait_for()
    assert expect_sent.inner_text() == "Sjekk e-posten din"
    check(anonymous, "forgotten password, sent")
    anonymous.context.close()
