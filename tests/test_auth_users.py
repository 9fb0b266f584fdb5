"""Logging in and out, and `flask users create`."""
from sqlalchemy import select

from app.extensions import db
from app.models import AuditEvent, User
from tests.conftest import login


def test_login_with_wrong_password_is_refused_with_message(client, app):
    login(client, app)
    client.post("/logg-ut")
    response = client.post("/logg-inn", data={"email": "sekretar@example.no", "password": "feil"})
    assert response.status_code == 400
    assert "Feil e-post eller passord." in response.get_data(as_text=True)


def test_login_then_logout(client, app):
    login(client, app)
    assert "sekretar@example.no" in client.get("/").get_data(as_text=True)
    client.post("/logg-ut")
    assert "Logg inn" in client.get("/").get_data(as_text=True)


def test_login_ignores_offsite_next(client, app):
    from app.services.registry.users import create_user

    create_user("a@example.no", "langt-passord-1", ["secretariat"])
    db.session.commit()
    response = client.post("/logg-inn?next=https://evil.example/", data={
        "email": "a@example.no", "password": "langt-passord-1"})
    assert response.headers["Location"] == "/"


def test_inactive_user_cannot_log_in(client, app):
    from app.services.registry.users import create_user

    user = create_user("b@example.no", "langt-passord-1", [])
    user.active = False
    db.session.commit()
    response = client.post("/logg-inn", data={"email": "b@example.no", "password": "langt-passord-1"})
    assert response.status_code == 400


def test_csrf_is_enforced_on_login_when_enabled(app):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/logg-inn", data={"email": "x@example.no", "password": "y"})
    assert response.status_code == 400
    assert "Feil e-post" not in response.get_data(as_text=True)


def test_users_create_reads_password_from_stdin_and_hashes_it(runner, app):
    result = runner.invoke(args=["users", "create", "Leder@Example.no", "--role", "secretariat",
                                 "--password-stdin"], input="et-hemmelig-passord\n")
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "leder@example.no"))
    assert user.roles == {"secretariat"}
    assert "et-hemmelig-passord" not in user.password_hash
    assert user.check_password("et-hemmelig-passord")
    audit = db.session.scalars(select(AuditEvent).where(AuditEvent.object_type == "User")).all()
    assert audit and all(e.actor == "cli" for e in audit)
    assert all("et-hemmelig" not in (e.new_value or "") for e in audit)


def test_users_create_refuses_bad_input(runner, app):
    short = runner.invoke(args=["users", "create", "c@example.no", "--password-stdin"], input="kort\n")
    assert short.exit_code != 0 and "minst 10 tegn" in short.output
    bad_role = runner.invoke(args=["users", "create", "c@example.no", "--role", "sjef",
                                   "--password-stdin"], input="langt-passord-1\n")
    assert bad_role.exit_code != 0 and "Ukjent rolle 'sjef'" in bad_role.output
    assert db.session.scalar(select(User).where(User.email == "c@example.no")) is None


def test_missing_csrf_token_gets_a_norwegian_page(app):
    app.config["WTF_CSRF_ENABLED"] = True
    response = app.test_client().post("/logg-ut")
    assert response.status_code == 400
    assert "Skjemaet kunne ikke sendes" in response.get_data(as_text=True)
