"""Habilitet: a member declares a conflict of interest on a case item until the meeting starts
(and may withdraw it); the secretariat records one said on the day on the recording page; the
minutes say "X fratrådte under behandlingen av sak N/YY", except in the public variant of an
exempt item."""
import io
import re
import zipfile

from sqlalchemy import select

from app.extensions import db
from app.models import ConflictDeclaration
from app.services.paperwork import papers
from app.services.planning import meetings, notice
from app.services.proceedings import recording
from tests.test_member_absence import (
    AFTER,
    BEFORE,
    NORA,
    STARTED,
    URL,
    Reader,
    _at,
    _client,
    _member,
    _text,
    _world,
)

SECRET_TITLE = "Leverandør Hemmelig AS sitt tilbud om journalløsning"
PUBLIC_TITLE = "Anskaffelse – vurdering av tilbud"


def _declared():
    db.session.expire_all()
    return {(d.person.name, d.reason) for d in db.session.scalars(select(ConflictDeclaration))}


def _declare_url(item) -> str:
    return f"{URL}/punkt/{item.id}/habilitet"


def _first_case(meeting):
    return sorted((i for i in meeting.items if i.is_case), key=lambda i: i.position)[0]


def test_member_declares_a_conflict_and_the_recording_page_shows_it(app):
    meeting, people = _world()
    notice.issue_notice(meeting.id)
    db.session.commit()
    item = _first_case(meeting)
    with _at(BEFORE):
        kari = _member(app, people)
        page = _text(kari.get(_declare_url(item)).get_data(as_text=True))
        assert "Habilitet: Sak 1/22 Sak nummer 1" in page
        assert "Hvorfor er du inhabil?" in page and "Hvorfor er du inhabil? (valgfritt)" not in page

        empty = kari.post(_declare_url(item), data={"reason": "  "})
        assert empty.status_code == 400
        assert "Skriv hvorfor du er inhabil." in _text(empty.get_data(as_text=True))
        assert _declared() == set()

        assert kari.post(_declare_url(item), data={"reason": "Styreverv i leverandøren"}).status_code == 302
        assert _declared() == {("Kari Medlem", "Styreverv i leverandøren")}
        page = _text(kari.get(_declare_url(item)).get_data(as_text=True))
        assert "Du har meldt at du er inhabil i saken. Grunn: Styreverv i leverandøren" in page
        box = _text(kari.get(URL).get_data(as_text=True))
        assert "1/22 Sak nummer 1 – du har meldt deg inhabil" in box

        recording_page = _text(_client(app).get(f"/moter/{meeting.id}/protokoll").get_data(as_text=True))
        assert "Habilitet: Kari Medlem (Styreverv i leverandøren)" in recording_page


def test_member_withdraws_a_conflict_after_confirming_and_not_after_the_start(app):
    meeting, people = _world()
    item = _first_case(meeting)
    with _at(BEFORE):
        kari = _member(app, people)
        kari.post(_declare_url(item), data={"reason": "Eier aksjer"})
        confirm = kari.post(_declare_url(item), data={"action": "trekk"})
        assert "Trekke habilitetserklæringen?" in _text(confirm.get_data(as_text=True))
        assert _declared() == {("Kari Medlem", "Eier aksjer")}
        kari.post(_declare_url(item), data={"action": "trekk", "bekreft": "ja"})
        assert _declared() == set()
        kari.post(_declare_url(item), data={"reason": "Eier aksjer"})
    with _at(STARTED):
        kari = _member(app, people)
        page = _text(kari.get(_declare_url(item)).get_data(as_text=True))
        assert "Møtet har startet." in page
        kari.post(_declare_url(item), data={"action": "trekk", "bekreft": "ja"})
        kari.post(_declare_url(item), data={"reason": "Noe annet"})
        assert _declared() == {("Kari Medlem", "Eier aksjer")}


def test_others_are_refused_and_a_break_has_no_habilitet(app):
    meeting, people = _world()
    item = _first_case(meeting)
    pause = meetings.add_break(meeting, "Pause", duration=10)
    db.session.commit()
    with _at(BEFORE):
        nora = _member(app, people, "Nora Nufa", NORA)
        assert nora.get(_declare_url(item)).status_code == 403
        assert nora.post(_declare_url(item), data={"reason": "x"}).status_code == 403
        visitor = Reader(app, app.response_class, use_cookies=True)
        response = visitor.post(_declare_url(item), data={"reason": "x"})
        assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
        assert _member(app, people).get(_declare_url(pause)).status_code == 404
        assert _declared() == set()


def test_secretariat_records_a_conflict_on_the_day_and_removes_it_after_confirming(app):
    meeting, people = _world()
    notice.issue_notice(meeting.id)
    db.session.commit()
    item = _first_case(meeting)
    with _at(STARTED):
        secretariat = _client(app)
        url = f"/moter/{meeting.id}/punkt/{item.id}/habilitet"
        missing = secretariat.post(url, data={"person": "0", "reason": "Styreverv"})
        assert "Velg personen som er inhabil." in _text(missing.get_data(as_text=True))
        stranger = secretariat.post(url, data={"person": str(people["Nora Nufa"].id), "reason": "x"})
        assert "Velg personen som er inhabil." in _text(stranger.get_data(as_text=True))
        secretariat.post(url, data={"person": str(people["Lise Leder"].id), "reason": "Søsteren er leverandør"})
        assert _declared() == {("Lise Leder", "Søsteren er leverandør")}
        declaration = db.session.scalar(select(ConflictDeclaration))
        confirm = secretariat.post(url, data={"action": "fjern", "declaration": str(declaration.id)})
        assert "Fjerne habilitetserklæringen til Lise Leder?" in _text(confirm.get_data(as_text=True))
        assert _declared() == {("Lise Leder", "Søsteren er leverandør")}
        secretariat.post(url, data={"action": "fjern", "declaration": str(declaration.id), "bekreft": "ja"})
        assert _declared() == set()
        assert _member(app, people).get(url).status_code == 403


def _docx_text(data: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(data)) as docx:
        xml = docx.read("word/document.xml").decode()
    return " ".join(re.sub(r"<[^>]+>", " ", xml).split())


def test_minutes_say_who_withdrew_and_the_public_variant_of_an_exempt_item_leaves_it_out(app):
    meeting, people = _world()
    exempt = meetings.add_case_item(meeting, SECRET_TITLE, item_type="Beslutning", exempt=True,
                                    legal_basis="offl. § 15 første ledd", public_title=PUBLIC_TITLE,
                                    presenters=["Kari Nordmann"])
    notice.issue_notice(meeting.id, accept_warnings=True)  # the exempt item has no proposal
    db.session.commit()
    item = _first_case(meeting)
    with _at(BEFORE):
        kari = _member(app, people)
        kari.post(_declare_url(item), data={"reason": "Styreverv"})
        kari.post(_declare_url(exempt), data={"reason": "Ansatt hos leverandøren"})
    with _at(AFTER):
        recording.mark_held(db.session.get(type(meeting), meeting.id))
        db.session.commit()
        page = _text(_client(app).get(f"/moter/{meeting.id}/referat").get_data(as_text=True))
        assert "Kari Medlem fratrådte under behandlingen av sak 1/22." in page
        assert "Kari Medlem fratrådte under behandlingen av sak 4/22." in page

        loaded = db.session.get(type(meeting), meeting.id)
        full = _docx_text(papers.render(loaded, "minutes", public=False))
        assert "Kari Medlem fratrådte under behandlingen av sak 1/22." in full
        assert "Kari Medlem fratrådte under behandlingen av sak 4/22." in full
        public = _docx_text(papers.render(loaded, "minutes", public=True))
        assert "Kari Medlem fratrådte under behandlingen av sak 1/22." in public
        assert "sak 4/22." not in public and "Hemmelig" not in public
        assert PUBLIC_TITLE in public
