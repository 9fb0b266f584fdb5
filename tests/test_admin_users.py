"""The users page (admins only) and `flask users create --person/--invite`: accounts with their
roles, linked person, state and last login; create, invite, change roles, deactivate and
reactivate; the last admin and an admin's own account are protected."""
import re
from datetime import date

import pytest
from sqlalchemy import func, select

from app.extensions import db
from app.models import MembershipRole, User
from app.services.registry import councils
from app.services.registry.users import create_user
from tests.conftest import login
from tests.factories import make_council, page_text
from tests.test_accounts import account_of, link_in, outbox

ADMIN = "admin@example.no"
PASSWORD = "riktig-passord-123"


@pytest.fixture
def admin(client, app):
    login(client, app, email=ADMIN, roles=("admin",))
    return client


def user_id(email: str) -> int:
    return account_of(email).id


def can_log_in(app, email: str, password: str = PASSWORD) -> bool:
    return app.test_client().post("/logg-inn", data={"email": email, "password": password}).status_code == 302


def test_only_admins_see_the_users_page(client, app):
    assert "/logg-inn" in client.get("/admin/brukere").headers["Location"]
    login(client, app)  # the secretariat
    assert client.get("/admin/brukere").status_code == 403
    assert client.post("/admin/brukere/ny", data={"email": "x@example.no"}).status_code == 403
    assert client.post(f"/admin/brukere/{user_id('sekretar@example.no')}/deaktiver",
                       data={"bekreft": "ja"}).status_code == 403
    assert account_of("sekretar@example.no").active
    assert account_of("x@example.no") is None


def test_the_list_shows_roles_person_state_and_last_login(admin, app):
    person = councils.create_person("Arne Arkivar", email="arkiv@example.no")
    user = create_user("arkiv@example.no", PASSWORD, ["archivist"])
    user.person = person
    create_user("aldri@example.no", PASSWORD, [])
    db.session.commit()
    app.test_client().post("/logg-inn", data={"email": "arkiv@example.no", "password": PASSWORD})

    page = admin.get("/admin/brukere")
    assert page.status_code == 200
    text = page_text(page.get_data(as_text=True))
    assert "arkiv@example.no Arkivar Arne Arkivar Aktiv" in text
    assert "aldri@example.no Ingen (medlemskapene gir rettighetene) – Aktiv Aldri" in text
    assert "admin@example.no Administrator – Aktiv" in text
    assert account_of("arkiv@example.no").last_login_at is not None
    assert re.search(r"arkiv@example\.no Arkivar Arne Arkivar Aktiv \d{1,2}\. \w+ \d{4} kl\. \d\d:\d\d", text)


def test_an_admin_creates_an_account_with_a_password(admin, app):
    response = admin.post("/admin/brukere/ny", data={
        "email": "Ny.Sekretar@example.no", "roles": ["secretariat"], "person": "",
        "password": PASSWORD, "confirmation": PASSWORD})
    assert response.status_code == 302
    user = account_of("ny.sekretar@example.no")
    assert user.roles == {"secretariat"} and user.person is None
    assert can_log_in(app, "ny.sekretar@example.no")
    assert outbox("account_invitation") == []


def test_an_admin_creates_a_member_account_by_invitation(admin, app):
    council = make_council()
    person = councils.create_person("Mona Medlem", email="mona@example.no")
    councils.add_membership(council, person, MembershipRole.MEMBER, valid_from=date(2022, 1, 1))
    db.session.commit()
    response = admin.post("/admin/brukere/ny", data={
        "email": "mona@example.no", "person": str(person.id), "send_invitation": "y"})
    assert response.status_code == 302
    user = account_of("mona@example.no")
    assert user.roles == set() and user.person_id == person.id
    assert not can_log_in(app, "mona@example.no", "!")  # no password works before the invitation
    [message] = outbox("account_invitation")
    assert "NUIT (Prioriteringsutvalget)" in message.body
    browser = app.test_client()
    browser.post(link_in(message), data={"password": PASSWORD, "confirmation": PASSWORD})
    assert can_log_in(app, "mona@example.no")


def test_creating_refuses_bad_input_and_changes_nothing(admin, app):
    create_user("finnes@example.no", PASSWORD, [])
    db.session.commit()
    taken = admin.post("/admin/brukere/ny", data={"email": "finnes@example.no", "password": PASSWORD,
                                                  "confirmation": PASSWORD})
    assert taken.status_code == 400
    assert "Det finnes allerede en bruker med denne e-postadressen." in taken.get_data(as_text=True)
    short = admin.post("/admin/brukere/ny", data={"email": "ny@example.no", "password": "kort",
                                                  "confirmation": "kort"})
    assert short.status_code == 400
    assert "Passordet må ha minst 10 tegn." in short.get_data(as_text=True)
    bad_role = admin.post("/admin/brukere/ny", data={"email": "ny@example.no", "roles": ["sjef"],
                                                     "password": PASSWORD, "confirmation": PASSWORD})
    assert bad_role.status_code == 400
    bad_address = admin.post("/admin/brukere/ny", data={"email": "ikke-en-adresse",
                                                        "send_invitation": "y"})
    assert bad_address.status_code == 400
    assert "Skriv en gyldig e-postadresse" in bad_address.get_data(as_text=True)
    assert account_of("ny@example.no") is None
    assert db.session.scalar(select(func.count(User.id))) == 2
    assert outbox("account_invitation") == []


def test_changing_roles_and_the_last_admin(admin, app):
    create_user("kollega@example.no", PASSWORD, ["archivist"])
    db.session.commit()
    colleague = user_id("kollega@example.no")
    assert admin.post(f"/admin/brukere/{colleague}", data={"roles": ["secretariat", "archivist"]}
                      ).status_code == 302
    assert account_of("kollega@example.no").roles == {"secretariat", "archivist"}

    me = user_id(ADMIN)
    refused = admin.post(f"/admin/brukere/{me}", data={"roles": ["secretariat"]})
    assert refused.status_code == 400
    assert "Dette er den eneste aktive administratoren" in refused.get_data(as_text=True)
    assert account_of(ADMIN).roles == {"admin"}

    admin.post(f"/admin/brukere/{colleague}", data={"roles": ["admin"]})
    assert admin.post(f"/admin/brukere/{me}", data={"roles": ["secretariat"]}).status_code == 302
    assert account_of(ADMIN).roles == {"secretariat"}
    assert admin.get("/admin/brukere").status_code == 403  # no longer an admin


def test_deactivating_ends_the_login_and_reactivating_restores_it(admin, app):
    create_user("sluttet@example.no", PASSWORD, ["secretariat"])
    db.session.commit()
    other = app.test_client()
    login(other, app, email="sluttet@example.no", roles=("secretariat",), password=PASSWORD)
    target = user_id("sluttet@example.no")
    generation = account_of("sluttet@example.no").session_generation

    unconfirmed = admin.post(f"/admin/brukere/{target}/deaktiver")
    assert unconfirmed.status_code == 302
    assert account_of("sluttet@example.no").active

    admin.post(f"/admin/brukere/{target}/deaktiver", data={"bekreft": "ja"})
    user = account_of("sluttet@example.no")
    assert not user.active and user.session_generation > generation
    assert not can_log_in(app, "sluttet@example.no")
    assert "Deaktivert" in page_text(admin.get(f"/admin/brukere/{target}").get_data(as_text=True))

    admin.post(f"/admin/brukere/{target}/aktiver")
    assert account_of("sluttet@example.no").active
    assert can_log_in(app, "sluttet@example.no")


def test_an_admin_cannot_deactivate_themselves(admin, app):
    me = user_id(ADMIN)
    admin.post(f"/admin/brukere/{me}/deaktiver", data={"bekreft": "ja"})
    assert account_of(ADMIN).active
    assert "Du kan ikke deaktivere din egen konto." in page_text(admin.get("/admin/brukere").get_data(as_text=True))


def test_an_admin_resends_and_withdraws_an_invitation(admin, app):
    admin.post("/admin/brukere/ny", data={"email": "venter@example.no", "send_invitation": "y"})
    target = user_id("venter@example.no")
    assert "Invitert, utløper" in page_text(admin.get(f"/admin/brukere/{target}").get_data(as_text=True))
    assert re.search(r"venter@example\.no Ingen \(medlemskapene gir rettighetene\) – Invitert, utløper "
                     r"\d{1,2}\. \w+ \d{4} kl\. \d\d:\d\d Aldri",
                     page_text(admin.get("/admin/brukere").get_data(as_text=True)))
    admin.post(f"/admin/brukere/{target}/inviter")
    first, second = outbox("account_invitation")
    assert app.test_client().get(link_in(first)).status_code == 410
    admin.post(f"/admin/brukere/{target}/trekk-invitasjon", data={"bekreft": "ja"})
    assert app.test_client().get(link_in(second)).status_code == 410
    assert not account_of("venter@example.no").active


# The command line

def test_cli_links_an_account_to_a_person_by_name_or_id(runner, app):
    person = councils.create_person("Kåre Ås", email="kare@example.no")
    other = councils.create_person("Liv Li")
    db.session.commit()
    by_name = runner.invoke(args=["users", "create", "kare@example.no", "--person", "kåre ås",
                                  "--password-stdin"], input=f"{PASSWORD}\n")
    assert by_name.exit_code == 0, by_name.output
    assert f"linked to Kåre Ås (id {person.id})" in by_name.output
    user = account_of("kare@example.no")
    assert user.person_id == person.id and user.roles == set()
    assert user.check_password(PASSWORD)

    by_id = runner.invoke(args=["users", "create", "liv@example.no", "--person", str(other.id),
                                "--role", "archivist", "--random-password"])
    assert by_id.exit_code == 0, by_id.output
    assert account_of("liv@example.no").person_id == other.id


def test_cli_refuses_an_ambiguous_or_unknown_person(runner, app):
    first = councils.create_person("Ola Nordmann")
    second = councils.create_person("Ola Nordmann", email="ola2@example.no")
    db.session.commit()
    ambiguous = runner.invoke(args=["users", "create", "ola@example.no", "--person", "Ola Nordmann",
                                    "--password-stdin"], input=f"{PASSWORD}\n")
    assert ambiguous.exit_code != 0
    assert f"Flere personer heter «Ola Nordmann» (id {first.id}, {second.id})" in ambiguous.output
    unknown = runner.invoke(args=["users", "create", "ola@example.no", "--person", "Ola Ukjent",
                                  "--password-stdin"], input=f"{PASSWORD}\n")
    assert unknown.exit_code != 0 and "Fant ingen person som heter «Ola Ukjent»." in unknown.output
    missing_id = runner.invoke(args=["users", "create", "ola@example.no", "--person", "999",
                                     "--password-stdin"], input=f"{PASSWORD}\n")
    assert missing_id.exit_code != 0 and "Fant ingen person med id 999." in missing_id.output
    assert account_of("ola@example.no") is None


def test_cli_invites_instead_of_asking_for_a_password(runner, app):
    person = councils.create_person("Siri Sekretær", email="siri@example.no")
    db.session.commit()
    result = runner.invoke(args=["users", "create", "siri@example.no", "--person", str(person.id),
                                 "--role", "secretariat", "--invite"])
    assert result.exit_code == 0, result.output
    assert "Invitation queued" in result.output
    [message] = outbox("account_invitation")
    assert message.to_address == "siri@example.no"
    assert "Sekretariatet har invitert deg" in message.body
    assert app.test_client().get(link_in(message)).status_code == 200
