"""Sessions and login: throttling, sessions the server ends, idle expiry, renewal at login, and no
user text in the session cookie."""
import io
import json
import re
import zlib
from datetime import datetime, timedelta

import time_machine
from flask.sessions import SecureCookieSessionInterface
from itsdangerous import base64_decode
from werkzeug import security

from app.extensions import db
from app.models import User
from app.services.registry import users
from app.services.registry.users import create_user, user_by_email
from tests.conftest import login

PASSWORD = "riktig-passord-123"
LOCKED_OUT = "For mange mislykkede innlogginger. Vent 15 minutter og prøv igjen"


def _account(email="ola@example.no", roles=("secretariat",)) -> User:
    user = create_user(email, PASSWORD, list(roles))
    db.session.commit()
    return user


def _attempt(client, email, password, address="127.0.0.1"):
    return client.post("/logg-inn", data={"email": email, "password": password},
                       environ_base={"REMOTE_ADDR": address})


def _logged_in(client) -> bool:
    """Whether the client reaches a page for the secretariat (else: sent to the login page)."""
    response = client.get("/saker/")
    assert response.status_code in (200, 302)
    return response.status_code == 200


# Throttling


def test_after_five_failures_even_the_right_password_is_refused(app, client):
    _account()
    for _ in range(5):
        assert _attempt(client, "ola@example.no", "feil-passord").status_code == 400
    refused = _attempt(client, "OLA@example.no ", PASSWORD)
    assert refused.status_code == 429
    assert LOCKED_OUT in refused.get_data(as_text=True)
    assert not _logged_in(client)


def test_the_lockout_ends_after_fifteen_minutes(app, client):
    _account()
    for _ in range(5):
        _attempt(client, "ola@example.no", "feil-passord")
    assert _attempt(client, "ola@example.no", PASSWORD).status_code == 429
    with time_machine.travel(datetime.now() + timedelta(minutes=16), tick=False):
        assert _attempt(client, "ola@example.no", PASSWORD).status_code == 302


def test_a_locked_address_does_not_lock_others_and_successes_do_not_count(app, client):
    _account("ola@example.no")
    _account("kari@example.no")
    for _ in range(6):
        assert _attempt(client, "kari@example.no", PASSWORD).status_code == 302
    for _ in range(5):
        _attempt(client, "ola@example.no", "feil-passord")
    assert _attempt(client, "kari@example.no", PASSWORD).status_code == 302


def test_twenty_failures_from_one_network_address_lock_it(app, client):
    _account()
    for n in range(20):
        assert _attempt(client, f"ukjent{n}@example.no", "feil-passord", "10.0.0.7").status_code == 400
    refused = _attempt(client, "ola@example.no", PASSWORD, "10.0.0.7")
    assert refused.status_code == 429 and LOCKED_OUT in refused.get_data(as_text=True)
    assert _attempt(client, "ola@example.no", PASSWORD, "10.0.0.8").status_code == 302


def test_an_unknown_address_costs_one_hash_check_like_a_known_one(app, monkeypatch):
    _account()
    real_hash = user_by_email("ola@example.no").password_hash
    checked = []

    def recording_check(pwhash, password):
        checked.append(pwhash.split("$")[0])
        return security.check_password_hash(pwhash, password)

    monkeypatch.setattr(users, "check_password_hash", recording_check)
    monkeypatch.setattr("app.models.user.check_password_hash", recording_check)
    assert users.authenticate("finnes.ikke@example.no", "feil-passord") is None
    assert users.authenticate("ola@example.no", "feil-passord") is None
    method = real_hash.split("$")[0]
    assert checked == [method, method]


# Sessions ended on the server


def test_a_cookie_replayed_after_logout_gets_the_login_page(app, client):
    login(client, app)
    cookie = client.get_cookie("session").value
    copy = app.test_client()
    copy.set_cookie("session", cookie)
    assert _logged_in(copy)  # the copy works while the session lives

    client.post("/logg-ut")
    replay = app.test_client()
    replay.set_cookie("session", cookie)
    response = replay.get("/saker/")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
    assert not _logged_in(copy)


def test_logg_ut_overalt_ends_the_session_in_every_browser(app, client):
    login(client, app)
    laptop = app.test_client()
    login(laptop, app)
    response = client.post("/logg-ut-overalt", follow_redirects=True)
    assert "Du er logget ut på alle enheter og i alle nettlesere." in response.get_data(as_text=True)
    assert not _logged_in(client)
    assert not _logged_in(laptop)


def test_a_new_password_or_deactivation_ends_sessions_elsewhere(app, client):
    login(client, app)
    user = user_by_email("sekretar@example.no")
    generation = user.get_id()
    user.set_password("et-helt-nytt-passord")
    # The browser that changed the password logs in again with the new generation.
    assert user.get_id() != generation
    db.session.commit()
    assert not _logged_in(client)

    login(client, app, password="et-helt-nytt-passord")
    assert _logged_in(client)
    user_by_email("sekretar@example.no").active = False
    db.session.commit()
    assert not _logged_in(client)
    user_by_email("sekretar@example.no").active = True  # reactivated: the old cookie stays dead
    db.session.commit()
    assert not _logged_in(client)


def test_login_records_when_and_renews_the_csrf_token(app, client):
    _account()
    app.config["WTF_CSRF_ENABLED"] = True
    page = client.get("/logg-inn").get_data(as_text=True)
    before = re.search(r'name="csrf_token" type="hidden" value="([^"]+)"', page).group(1)
    response = client.post("/logg-inn", data={"email": "ola@example.no", "password": PASSWORD,
                                              "csrf_token": before})
    assert response.status_code == 302
    assert user_by_email("ola@example.no").last_login_at is not None
    # A form filled in before the login no longer counts.
    stale = client.post("/logg-ut", data={"csrf_token": before})
    assert stale.status_code == 400
    assert _logged_in(client)


def test_a_session_ends_after_eight_idle_hours_and_activity_keeps_it(app, client):
    app.session_interface = SecureCookieSessionInterface()  # with the age check tests leave out
    login(client, app)
    start = datetime.now()
    with time_machine.travel(start + timedelta(hours=7), tick=False):
        assert _logged_in(client)  # renews the cookie
    with time_machine.travel(start + timedelta(hours=14), tick=False):
        assert _logged_in(client)
    with time_machine.travel(start + timedelta(hours=22, minutes=1), tick=False):
        assert not _logged_in(client)


def test_the_session_cookie_is_httponly_and_samesite_lax(app, client):
    response = login(client, app)
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie and "Secure" not in cookie
    app.config["SESSION_COOKIE_SECURE"] = True
    fresh = app.test_client()
    assert "Secure" in login(fresh, app).headers["Set-Cookie"]


# No user text in the cookie


def _cookie_payload(response) -> str:
    value = response.headers["Set-Cookie"].split(";")[0].split("=", 1)[1]
    compressed = value.startswith(".")
    data = base64_decode(value.lstrip(".").split(".")[0])
    return json.dumps(json.loads(zlib.decompress(data) if compressed else data), ensure_ascii=False)


def test_flash_messages_carry_no_title_or_file_name(app, client):
    login(client, app)
    title = "Hemmelig tittel Blåbærsyltetøy"
    registered = client.post("/saker/ny", data={"title": title})
    assert registered.status_code == 302
    assert "Saken er registrert med arkivsaksnummer" in _cookie_payload(registered)
    assert "Blåbærsyltetøy" not in _cookie_payload(registered)

    case_url = registered.headers["Location"].split("#")[0]
    uploaded = client.post(f"{case_url}/vedlegg", content_type="multipart/form-data", data={
        "file": (io.BytesIO(b"%PDF-1.4\n%%EOF\n"), "Styrets-hemmelige-notat-Xq7.pdf")})
    assert uploaded.status_code == 302
    payload = _cookie_payload(uploaded)
    assert "er lagt til som dokument" in payload
    assert "Xq7" not in payload and "hemmelige" not in payload
