"""The download buttons on the meeting, agenda-builder and minutes pages: who gets which variant,
each click a new stored version, the list of earlier versions, downloads checked again."""
import hashlib
import re
from datetime import UTC, date, datetime

import pytest
import time_machine

from app.extensions import db
from app.models import GeneratedPaper, ItemOutcome
from app.services.paperwork import paper_store, pdf
from app.services.proceedings import minutes, recording
from app.services.registry.councils import ensure_membership, upsert_person
from app.services.registry.users import user_by_email
from tests.conftest import count_queries, login
from tests.environment import needs_soffice
from tests.test_paper_store import (
    PUBLIC_TITLE,
    SECRET_PROPOSAL,
    SECRET_TITLE,
    docx_text,
    meeting_with_exempt_case,
)

SECRET_DECISION = "NUIT tildelte kontrakten til Hemmelig AS."
MEETING_URL = "/utvalg/NUIT/moter/2022/1"


def buttons(html: str) -> list[str]:
    """The papers a page offers, as 'kind/variant/format' (from the forms' addresses)."""
    return re.findall(r'action="/moter/\d+/dokumenter/([a-z_]+/[a-z]+/[a-z]+)"', html)


def version_links(html: str) -> list[str]:
    return re.findall(r'href="(/moter/\d+/dokumenter/\d+)"', html)


@pytest.fixture
def no_pdf(monkeypatch):
    monkeypatch.setattr(pdf, "soffice_available", lambda: False)


def _member(app, client, meeting, email="medlem@example.no"):
    login(client, app, email=email, roles=())
    user = user_by_email(email)
    user.person = upsert_person("Mette Medlem")
    ensure_membership(user.person, meeting.council, "medlem", valid_from=date(2020, 1, 1))
    db.session.commit()
    return user


def _generate(client, meeting, path, follow=False):
    return client.post(f"/moter/{meeting.id}/dokumenter/{path}", data={"next": MEETING_URL},
                       follow_redirects=follow)


def test_the_public_sees_the_public_agenda_only_and_gets_no_exempt_text(app, client, no_pdf):
    meeting = meeting_with_exempt_case()
    # Without a login: stored versions only (every generation stores a file, so it takes a login).
    assert buttons(client.get(MEETING_URL).get_data(as_text=True)) == []
    assert _generate(client, meeting, "agenda/public/docx").status_code == 403
    reader = login(client, app, email="leser@example.no", roles=()) and user_by_email("leser@example.no")
    html = client.get(MEETING_URL).get_data(as_text=True)
    assert buttons(html) == ["agenda/public/docx"]
    assert "Last ned innkalling (DOCX)" in html
    response = _generate(client, meeting, "agenda/public/docx")
    assert response.status_code == 302
    download = client.get(response.headers["Location"])
    assert download.status_code == 200
    assert 'filename=NUIT-1-22-innkalling-offentlig.docx' in download.headers["Content-Disposition"]
    data = download.data
    paper = db.session.scalar(db.select(GeneratedPaper))
    assert paper.variant == "public" and paper.created_by_id == reader.id
    assert hashlib.sha256(data).hexdigest() == paper.sha256 == download.headers["X-Checksum-SHA256"]
    text = docx_text(data)
    assert PUBLIC_TITLE in text and SECRET_TITLE not in text and SECRET_PROPOSAL not in text

    # The full variant is neither made nor served for the public.
    assert _generate(client, meeting, "agenda/full/docx").status_code == 403
    full = paper_store.generate(meeting, "agenda", "full", "docx")
    db.session.commit()
    assert client.get(f"/moter/{meeting.id}/dokumenter/{full.id}").status_code == 403
    html = client.get(MEETING_URL).get_data(as_text=True)
    assert version_links(html) == [f"/moter/{meeting.id}/dokumenter/{paper.id}"]  # not the full one
    assert "Laget av" not in html  # who made a version is for the secretariat


def test_full_variant_is_403_for_a_logged_in_non_member_and_served_to_a_member(app, client, no_pdf):
    meeting = meeting_with_exempt_case()
    full = paper_store.generate(meeting, "agenda", "full", "docx")
    db.session.commit()
    login(client, app, email="leser@example.no", roles=())
    assert buttons(client.get(MEETING_URL).get_data(as_text=True)) == ["agenda/public/docx"]
    assert client.get(f"/moter/{meeting.id}/dokumenter/{full.id}").status_code == 403
    assert _generate(client, meeting, "agenda/full/docx").status_code == 403
    client.post("/logg-ut")

    _member(app, client, meeting)
    html = client.get(MEETING_URL).get_data(as_text=True)
    assert buttons(html) == ["agenda/full/docx", "agenda/public/docx"]
    assert "Offentlig innkalling (DOCX)" in html
    download = client.get(f"/moter/{meeting.id}/dokumenter/{full.id}")
    assert download.status_code == 200 and SECRET_PROPOSAL in docx_text(download.data)
    assert download.headers["Cache-Control"] == "private, no-store"


def test_each_click_stores_a_new_version_listed_with_who_when_and_checksum(app, client, no_pdf):
    meeting = meeting_with_exempt_case()
    login(client, app)
    with time_machine.travel(date(2022, 5, 20), tick=False):
        first = _generate(client, meeting, "agenda/full/docx")
        second = _generate(client, meeting, "agenda/full/docx")
    assert first.headers["Location"] != second.headers["Location"]
    papers = db.session.scalars(db.select(GeneratedPaper).order_by(GeneratedPaper.version)).all()
    assert [p.version for p in papers] == [1, 2]
    assert papers[0].storage_name != papers[1].storage_name
    for paper, response in zip(papers, (first, second), strict=True):
        assert response.headers["Location"].endswith(f"/dokumenter/{paper.id}")
        data = client.get(response.headers["Location"]).data
        assert hashlib.sha256(data).hexdigest() == paper.sha256

    for url in (MEETING_URL, f"/moter/{meeting.id}"):  # the meeting page and the agenda builder
        html = client.get(url).get_data(as_text=True)
        assert buttons(html) == ["agenda/full/docx", "agenda/public/docx"]
        assert "Tidligere versjoner (2)" in html
        assert version_links(html) == [f"/moter/{meeting.id}/dokumenter/{papers[1].id}",
                                       f"/moter/{meeting.id}/dokumenter/{papers[0].id}"]
        for paper in papers:
            assert f'title="{paper.sha256}">{paper.sha256[:12]}…' in html
        assert "sekretar@example.no" in html and "20. mai 2022" in html
        assert "Innkalling, full versjon, DOCX" in html


def test_pdf_buttons_only_with_libreoffice(app, client, monkeypatch):
    meeting = meeting_with_exempt_case()
    login(client, app)
    monkeypatch.setattr(pdf, "soffice_available", lambda: False)
    html = client.get(MEETING_URL).get_data(as_text=True)
    assert buttons(html) == ["agenda/full/docx", "agenda/public/docx"]
    assert "PDF" not in html
    refused = _generate(client, meeting, "agenda/full/pdf", follow=True)
    assert "LibreOffice" in refused.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(GeneratedPaper)) == 0

    monkeypatch.setattr(pdf, "soffice_available", lambda: True)
    html = client.get(MEETING_URL).get_data(as_text=True)
    assert buttons(html) == ["agenda/full/docx", "agenda/full/pdf", "agenda/public/docx",
                             "agenda/public/pdf", "meeting_book/full/pdf"]
    assert "Samlet saksdokument (PDF)" in html and "Last ned innkalling (PDF)" in html


def test_a_planned_meetings_agenda_offers_nothing_to_the_public(app, client, no_pdf):
    from tests.factories import make_council, make_meeting

    meeting = make_meeting(make_council(), cases=1)
    html = client.get(MEETING_URL).get_data(as_text=True)
    assert buttons(html) == []
    assert _generate(client, meeting, "agenda/public/docx").status_code == 403
    login(client, app)
    assert buttons(client.get(MEETING_URL).get_data(as_text=True)) == ["agenda/full/docx",
                                                                        "agenda/public/docx"]


def test_unknown_paper_or_version_of_another_meeting_is_404(app, client, no_pdf):
    meeting = meeting_with_exempt_case()
    paper = paper_store.generate(meeting, "agenda", "public", "docx")
    db.session.commit()
    assert client.get(f"/moter/{meeting.id + 1}/dokumenter/{paper.id}").status_code == 404
    assert client.get(f"/moter/{meeting.id}/dokumenter/{paper.id + 1}").status_code == 404
    assert _generate(client, meeting, "letter/public/docx").status_code == 404


def test_the_meeting_page_still_runs_a_fixed_number_of_queries(app, client, no_pdf):
    meeting = meeting_with_exempt_case()
    login(client, app)
    counts = []
    for n in range(2):
        for _ in range(3 * n):
            paper_store.generate(meeting, "agenda", "full", "docx")
        db.session.commit()
        client.get(MEETING_URL)
        with count_queries(db.engine) as queries:
            assert client.get(MEETING_URL).status_code == 200
        counts.append(queries())
    assert counts[0] == counts[1]


# --- minutes ----------------------------------------------------------------------------------

def held_meeting_with_minutes():
    """1/22 with the exempt case, held, decisions recorded, minutes sent for comments."""
    with time_machine.travel(date(2022, 5, 2), tick=False):  # exempt from the start
        meeting = meeting_with_exempt_case()
    with time_machine.travel(date(2022, 5, 19), tick=False):
        for item in meeting.items:
            decision = SECRET_DECISION if item.case.exempt else "Tatt til orientering."
            recording.record_item(item, item.version, outcome=ItemOutcome.DECIDED,
                                  decision_body={"text": decision})
        recording.mark_held(meeting)
        db.session.commit()
    with time_machine.travel(date(2022, 5, 20), tick=False):
        minutes.send_for_comments(minutes.minutes_for(meeting), date(2022, 6, 1))
        db.session.commit()
    return meeting


def test_minutes_buttons_follow_who_may_read_the_minutes(app, client, no_pdf):
    meeting = held_meeting_with_minutes()
    minutes_url = f"/moter/{meeting.id}/referat"
    login(client, app)
    html = client.get(minutes_url).get_data(as_text=True)
    assert buttons(html) == ["minutes/full/docx", "minutes/public/docx"]
    assert "Last ned referat (DOCX)" in html and "Offentlig referat (DOCX)" in html
    response = client.post(f"/moter/{meeting.id}/dokumenter/minutes/full/docx",
                           data={"next": minutes_url})
    download = client.get(response.headers["Location"])
    assert 'filename=NUIT-1-22-referat.docx' in download.headers["Content-Disposition"]
    assert SECRET_DECISION in docx_text(download.data)
    public = client.post(f"/moter/{meeting.id}/dokumenter/minutes/public/docx")
    public_download = client.get(public.headers["Location"])
    assert 'filename=NUIT-1-22-referat-offentlig.docx' in public_download.headers["Content-Disposition"]
    assert SECRET_DECISION not in docx_text(public_download.data)
    assert "Tidligere versjoner (2)" in client.get(minutes_url).get_data(as_text=True)
    full_url, public_url = response.headers["Location"], public.headers["Location"]
    client.post("/logg-ut")

    # Sent for comments: not for the public yet, not even the public variant.
    assert client.get(public_url).status_code == 403
    assert client.post(f"/moter/{meeting.id}/dokumenter/minutes/public/docx").status_code == 403

    _member(app, client, meeting)  # members read (and download) the minutes sent for comments
    assert buttons(client.get(minutes_url).get_data(as_text=True)) == ["minutes/full/docx",
                                                                       "minutes/public/docx"]
    assert client.get(full_url).status_code == 200
    client.post("/logg-ut")

    for paper in db.session.scalars(db.select(GeneratedPaper)):  # made during the comment period
        paper.created_at = datetime(2022, 5, 25, 12, 0, tzinfo=UTC)
    with time_machine.travel(date(2022, 6, 2), tick=False):
        minutes.approve(meeting.minutes, circulated_on=date(2022, 6, 2))
        minutes.publish(meeting.minutes)
        db.session.commit()
    html = client.get(f"{MEETING_URL}/referat").get_data(as_text=True)
    assert buttons(html) == []  # no login: stored versions only
    # Versions made before publication were drafts: they stay with the members.
    assert version_links(html) == []
    assert client.get(public_url).status_code == 403
    assert client.get(full_url).status_code == 403
    with time_machine.travel(date(2022, 6, 3), tick=False):
        login(client, app, email="leser@example.no", roles=())
        made = client.post(f"/moter/{meeting.id}/dokumenter/minutes/public/docx")
        client.post("/logg-ut")
        html = client.get(f"{MEETING_URL}/referat").get_data(as_text=True)
    assert version_links(html) == [made.headers["Location"]]
    assert client.get(made.headers["Location"]).status_code == 200


@needs_soffice
def test_pdf_download_with_libreoffice(app, client):
    meeting = meeting_with_exempt_case()
    login(client, app, email="leser@example.no", roles=())
    response = _generate(client, meeting, "agenda/public/pdf")
    assert response.status_code == 302, response.get_data(as_text=True)
    download = client.get(response.headers["Location"])
    assert download.data.startswith(b"%PDF-") and download.mimetype == "application/pdf"
    assert 'filename=NUIT-1-22-innkalling-offentlig.pdf' in download.headers["Content-Disposition"]
    book = _generate(client, meeting, "meeting_book/public/pdf")
    assert client.get(book.headers["Location"]).data.startswith(b"%PDF-")


def test_a_document_made_from_the_english_interface_is_still_norwegian(app, client, no_pdf):
    """The reader's language is the interface's only: the agenda says "19. mai 2022"."""
    meeting = meeting_with_exempt_case()  # 19 May 2022
    login(client, app, email="leser@example.no", roles=())
    html = client.get(MEETING_URL + "?lang=en").get_data(as_text=True)
    assert "19 May 2022" in html and "19. mai 2022" not in html
    response = _generate(client, meeting, "agenda/public/docx")
    assert response.status_code == 302
    text = docx_text(client.get(response.headers["Location"]).data)
    assert "19. mai 2022" in text and "19 May" not in text
    assert "Dagsorden" in text and "Presenterer saken" in text  # the template's own labels
