"""The demo's member side (issue 11): a member login for a seed member of NUIT that lands on /mitt,
input on two items of NUIT 4/22, a forfall with a vara, an invented exempt case on NUIT 2/22 with
a document, and an exempt document in a public case."""
import re
from datetime import UTC, datetime

import time_machine
from sqlalchemy import func, select

from app.extensions import db
from app.models import AgendaItem, CaseDocument, Council, ItemInput, Role
from app.services.planning.meetings import meeting_by_number
from app.services.registry.users import user_by_email
from tests.conftest import login
from tests.factories import page_text

PUBLIC_TITLE = "Anskaffelse – vurdering av tilbud"
REAL_TITLE = "Anskaffelse av meldingstjeneste – prisevaluering av innkomne tilbud (oppdiktet)"


def _nuit(number):
    council = db.session.scalar(select(Council).where(Council.code == "NUIT"))
    return meeting_by_number(council, 2022, number)


def _demo_logins(runner) -> dict[str, tuple[str, str]]:
    result = runner.invoke(args=["users", "demo-login"])
    assert result.exit_code == 0, result.output
    return {line.split(":")[0]: tuple(re.search(r": (\S+) / (\S+)", line).groups())
            for line in result.output.splitlines()}


def test_the_member_login_lands_on_mitt_with_the_forfall_and_the_two_inputs(demo_full, runner, client):
    logins = _demo_logins(runner)
    assert logins["Demo login"][0] == "sekretariat@motebok.example"
    email, password = logins["Demo login, member of NUIT"]
    assert email == "medlem@motebok.example"
    assert "(Kristin Brekke)" in runner.invoke(args=["users", "demo-login"]).output
    assert _demo_logins(runner)["Demo login, member of NUIT"][1] != password  # new each run
    email, password = _demo_logins(runner)["Demo login, member of NUIT"]
    response = client.post("/logg-inn", data={"email": email, "password": password})
    assert response.status_code == 302 and response.headers["Location"].endswith("/mitt")
    with time_machine.travel(datetime(2022, 9, 1, 10, tzinfo=UTC), tick=False):
        text = page_text(client.get("/mitt").get_data(as_text=True))
    assert "Mitt: Kristin Brekke" in text and "Prioriteringsutvalget (NUIT)" in text
    assert "NUIT 4/22" in text and "Du har meldt forfall Vara: Kari Nordmann" in text
    assert text.count("Du har gitt innspill") == 2
    assert "Godkjenning av referat fra NUIT 19. mai 2022" in text
    assert "Oppfølgingspunkter fra tidligere møter" in text


def test_the_demo_prints_an_archivist_login_with_the_archivist_role_only(demo_full, runner, client):
    email, password = _demo_logins(runner)["Demo login, archivist"]
    assert email == "arkiv@motebok.example"
    assert _demo_logins(runner)["Demo login, archivist"][1] != password  # new each run
    email, password = _demo_logins(runner)["Demo login, archivist"]
    assert user_by_email(email).roles == {Role.ARCHIVIST}
    response = client.post("/logg-inn", data={"email": email, "password": password})
    assert response.status_code == 302


def test_4_22_has_input_on_two_items_and_a_forfall_with_a_vara_on_its_attendance_page(demo_full, client, app):
    september = _nuit(4)
    asked = [i for i in september.items if i.input_requested]
    assert len(asked) == 2 and all(i.input_deadline for i in asked)
    assert db.session.scalar(select(func.count()).select_from(ItemInput)
                             .where(ItemInput.item_id.in_([i.id for i in asked]))) == 2
    login(client, app)
    html = client.get(f"/moter/{september.id}/oppmote").get_data(as_text=True)
    text = page_text(html)
    assert "Forfall: 1" in text and "Kristin Brekke Bergen kommune Medlem" in text
    assert "Forfall meldt på forhånd" in text and 'value="Annet møte samme dag."' in html
    assert "Kari Nordmann Varamedlem – møtte for Kristin Brekke" in text


def test_the_exempt_case_on_2_22_shows_its_public_title_to_the_public_only(demo_full, client, app):
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.title == REAL_TITLE))
    assert item.meeting.number == 2 and (item.case_seq, item.case_year) == (32, 2022)
    assert item.case.exempt and item.case.legal_basis == "offl. § 15 første ledd"
    assert db.session.scalars(select(CaseDocument.original_name).where(
        CaseDocument.case_id == item.case_id)).all() == ["Prisevaluering av tilbud (oppdiktet).pdf"]
    assert [i.title for i in sorted(item.meeting.items, key=lambda i: i.position)][-2:] == [
        "Eventuelt", REAL_TITLE]  # raised under "Eventuelt"
    public = client.get("/utvalg/NUIT/moter/2022/2").get_data(as_text=True)
    assert PUBLIC_TITLE in page_text(public)
    assert "Unntatt offentlighet, jf. offl. § 15 første ledd" in page_text(public)
    assert "prisevaluering" not in public.lower() and "Leverandør Alfa" not in public
    login(client, app)
    assert REAL_TITLE in page_text(client.get("/utvalg/NUIT/moter/2022/2").get_data(as_text=True))


def test_the_exempt_documents_are_not_downloadable_without_access(demo_full, client, app):
    documents = db.session.scalars(select(CaseDocument).where(CaseDocument.exempt
                                                              | CaseDocument.case.has(exempt=True))).all()
    internal = next(d for d in documents if d.exempt)
    assert not internal.case.exempt and internal.legal_basis == "offl. § 14 første ledd"
    urls = [f"/saker/{d.case.file_year}/{d.case.file_seq}/vedlegg/{d.number}" for d in documents]
    assert len(urls) == 2
    for url in urls:
        assert client.get(url).status_code in (302, 403)
    login(client, app, email="uten@example.no", roles=())
    for url in urls:
        assert client.get(url).status_code == 403
    client.post("/logg-ut")
    login(client, app)
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200 and response.data.startswith(b"%PDF-")


def test_a_second_load_changes_nothing(demo_full):
    from app.demo import load_demo

    def counts():
        return {t.name: db.session.scalar(select(func.count()).select_from(t))
                for t in db.metadata.sorted_tables}

    before = counts()
    db.session.commit()
    assert load_demo() == "0 new meeting(s)"
    db.session.commit()
    assert counts() == before
