"""A forgotten password: a one-time link by e-mail that expires (PASSWORD_RESET_HOURS), is void once
used or when a newer one is sent; the answer never tells whether an address has an account. And a
logged-in user's own new password."""
from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from app.extensions import db
from app.services.registry import accounts, user_admin
from app.services.registry.users import create_user
from tests.conftest import login
from tests.factories import page_text
from tests.test_accounts import account_of, link_in, outbox

EMAIL = "glemsk@example.no"
OLD_PASSWORD = "gammelt-passord-1"
NEW_PASSWORD = "nytt-passord-12345"


@pytest.fixture
def forgetful(app):
    create_user(EMAIL, OLD_PASSWORD, ["secretariat"])
    db.session.commit()


def can_log_in(app, password: str, email: str = EMAIL) -> bool:
    response = app.test_client().post("/logg-inn", data={"email": email, "password": password})
    return response.status_code == 302


def ask(app, email: str):
    return app.test_client().post("/glemt-passord", data={"email": email})


def test_the_login_page_links_to_the_forgotten_password_page(client, app):
    html = client.get("/logg-inn").get_data(as_text=True)
    assert 'href="/glemt-passord"' in html and "Glemt passordet?" in html
    assert client.get("/glemt-passord").status_code == 200


def test_the_answer_is_the_same_for_a_known_and_an_unknown_address(app, forgetful):
    known = ask(app, EMAIL)
    unknown = ask(app, "ingen.konto@example.no")
    assert known.status_code == unknown.status_code == 200
    assert known.get_data() == unknown.get_data()
    assert "Hvis adressen hører til en aktiv konto" in page_text(known.get_data(as_text=True))
    [message] = outbox("password_reset")
    assert message.to_address == EMAIL
    assert message.subject == "Nytt passord i Møtebok"
    assert "Noen (forhåpentligvis du) har bedt om" in message.body


def test_an_empty_address_is_asked_for_again(app):
    response = ask(app, "")
    assert response.status_code == 400
    assert "Skriv e-postadressen du logger inn med." in response.get_data(as_text=True)
    assert outbox("password_reset") == []


def test_the_link_sets_a_new_password_once_and_the_old_one_stops_working(app, forgetful):
    ask(app, EMAIL)
    link = link_in(outbox("password_reset")[0])
    browser = app.test_client()
    assert "Velg et nytt passord" in browser.get(link).get_data(as_text=True)
    done = browser.post(link, data={"password": NEW_PASSWORD, "confirmation": NEW_PASSWORD})
    assert done.status_code == 302
    assert "Passordet er endret, og du er logget inn." in page_text(browser.get("/").get_data(as_text=True))

    assert not can_log_in(app, OLD_PASSWORD)
    assert can_log_in(app, NEW_PASSWORD)
    used = app.test_client().post(link, data={"password": "et-tredje-passord", "confirmation":
                                              "et-tredje-passord"})
    assert used.status_code == 410
    assert "Lenken er allerede brukt" in used.get_data(as_text=True)
    assert can_log_in(app, NEW_PASSWORD)


def test_a_newer_link_voids_the_older_one(app, forgetful):
    ask(app, EMAIL)
    ask(app, EMAIL)
    older, newer = outbox("password_reset")
    refused = app.test_client().post(link_in(older), data={"password": NEW_PASSWORD,
                                                           "confirmation": NEW_PASSWORD})
    assert refused.status_code == 410
    assert "Be om en ny lenke" in refused.get_data(as_text=True)
    assert can_log_in(app, OLD_PASSWORD)
    assert app.test_client().get(link_in(newer)).status_code == 200


def test_the_link_expires_after_the_configured_hours(app, forgetful):
    app.config["PASSWORD_RESET_HOURS"] = 2
    with time_machine.travel(datetime(2026, 12, 6, 8, 0, tzinfo=UTC), tick=False) as traveller:
        ask(app, EMAIL)
        [message] = outbox("password_reset")
        assert "gyldig til 6. desember 2026 kl. 11.00." in message.body
        traveller.shift(timedelta(hours=2, seconds=1))
        expired = app.test_client().post(link_in(message), data={"password": NEW_PASSWORD,
                                                                 "confirmation": NEW_PASSWORD})
        assert expired.status_code == 410
        assert "Lenken er utløpt." in expired.get_data(as_text=True)
    assert can_log_in(app, OLD_PASSWORD)


def test_deactivated_and_never_activated_accounts_get_no_link(app, forgetful):
    account_of(EMAIL).active = False
    db.session.commit()
    from app.services.registry import councils

    person = councils.create_person("Invitert Person", email="invitert@example.no")
    db.session.commit()
    accounts.invite(person, None)
    db.session.commit()
    assert ask(app, EMAIL).status_code == 200
    assert ask(app, "invitert@example.no").status_code == 200
    assert outbox("password_reset") == []


def test_deactivating_an_account_voids_its_reset_link(app, forgetful):
    ask(app, EMAIL)
    link = link_in(outbox("password_reset")[0])
    user = account_of(EMAIL)
    user_admin.deactivate(user, None)
    db.session.commit()
    assert app.test_client().get(link).status_code == 410


def test_a_logged_in_user_changes_the_password(client, app, forgetful):
    login(client, app, email=EMAIL, password=OLD_PASSWORD)
    assert client.get("/konto/passord").status_code == 200

    wrong = client.post("/konto/passord", data={"current": "feil-passord-1", "password": NEW_PASSWORD,
                                                "confirmation": NEW_PASSWORD})
    assert wrong.status_code == 400
    assert "Det nåværende passordet er feil." in wrong.get_data(as_text=True)
    mismatch = client.post("/konto/passord", data={"current": OLD_PASSWORD, "password": NEW_PASSWORD,
                                                   "confirmation": "noe-helt-annet"})
    assert mismatch.status_code == 400
    assert can_log_in(app, OLD_PASSWORD)

    generation = account_of(EMAIL).session_generation
    done = client.post("/konto/passord", data={"current": OLD_PASSWORD, "password": NEW_PASSWORD,
                                               "confirmation": NEW_PASSWORD})
    assert done.status_code == 302
    assert account_of(EMAIL).session_generation > generation  # the other sessions end
    assert client.get("/konto/passord").status_code == 200  # this browser stays logged in
    assert not can_log_in(app, OLD_PASSWORD)
    assert can_log_in(app, NEW_PASSWORD)


def test_the_password_page_needs_a_login(client, app):
    response = client.get("/konto/passord")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]


def test_a_new_password_voids_an_open_reset_link(client, app, forgetful):
    ask(app, EMAIL)
    link = link_in(outbox("password_reset")[0])
    login(client, app, email=EMAIL, password=OLD_PASSWORD)
    client.post("/konto/passord", data={"current": OLD_PASSWORD, "password": NEW_PASSWORD,
                                        "confirmation": NEW_PASSWORD})
    stale = app.test_client().post(link, data={"password": "et-tredje-passord",
                                               "confirmation": "et-tredje-passord"})
    assert stale.status_code == 410
    assert can_log_in(app, NEW_PASSWORD)


def test_asking_again_and_again_fills_no_inbox_and_the_answer_stays_the_same(app, forgetful):
    """Three requests for one address in 15 minutes send three e-mails; the fourth gets the same
    page and sends nothing."""
    answers = [ask(app, EMAIL) for _ in range(4)]
    assert {a.status_code for a in answers} == {200}
    assert len({a.get_data() for a in answers}) == 1
    assert len(outbox("password_reset")) == 3
