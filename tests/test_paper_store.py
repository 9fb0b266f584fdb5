"""Stored papers (app/services/paperwork/paper_store.py): every generation is a new version with its own file
and SHA-256, nothing is overwritten, public variants carry no exempt text, PDF with LibreOffice."""
import hashlib
import io
import re
import zipfile
from datetime import date

import pytest
from lxml import etree

from app.extensions import db
from app.models import GeneratedPaper
from app.services import ServiceError
from app.services.paperwork import paper_store, pdf
from app.services.planning import meetings, notice
from app.services.registry.councils import ensure_membership, upsert_person
from tests.environment import needs_soffice
from tests.factories import make_council, make_meeting

SECRET_TITLE = "Tilbudsevaluering kjernejournal – Leverandør Hemmelig AS"
SECRET_PROPOSAL = "NUIT tildeler kontrakten til Hemmelig AS for 41 millioner kroner."
PUBLIC_TITLE = "Anskaffelse av journaltjenester"
LEGAL_BASIS = "offl. § 23 første ledd"


def docx_text(data: bytes) -> str:
    """Every text node of every XML part of a DOCX (body, headers, footers, notes, properties),
    paragraph by paragraph, so a text split over several runs is still found."""
    chunks = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        for name in archive.namelist():
            if not name.endswith((".xml", ".rels")):
                continue
            root = etree.fromstring(archive.read(name))
            for paragraph in root.iter("{*}p"):
                chunks.append("".join(t.text or "" for t in paragraph.iter("{*}t")))
            chunks.append(" ".join(t.strip() for t in root.itertext() if t.strip()))
    return "\n".join(chunks)


def meeting_with_exempt_case(code="NUIT", name="Nasjonalt utvalg for IT-prioritering"):
    """An issued meeting 1/22 with two ordinary cases and one exempt case."""
    council = make_council(code, name)
    meeting = make_meeting(council, cases=2)
    meetings.add_case_item(meeting, SECRET_TITLE, item_type="Beslutning", exempt=True,
                           legal_basis=LEGAL_BASIS, public_title=PUBLIC_TITLE, presenters=["Kari Nordmann"],
                           proposal_heading="Forslag til vedtak", proposal_body={"text": SECRET_PROPOSAL})
    notice.issue_notice(meeting.id)
    db.session.commit()
    return meeting


def test_each_generation_is_a_new_version_and_nothing_is_overwritten(app):
    meeting = meeting_with_exempt_case()
    first = paper_store.generate(meeting, "agenda", "full", "docx")
    db.session.commit()
    first_bytes = paper_store.read(first)
    second = paper_store.generate(meeting, "agenda", "full", "docx")
    db.session.commit()

    rows = db.session.scalars(db.select(GeneratedPaper).order_by(GeneratedPaper.version)).all()
    assert [r.version for r in rows] == [1, 2]
    assert first.storage_name != second.storage_name
    folder = paper_store.generated_folder()
    assert (folder / first.storage_name).is_file() and (folder / second.storage_name).is_file()
    assert paper_store.read(first) == first_bytes  # the first file is untouched
    for paper in rows:
        data = paper_store.read(paper)
        assert data.startswith(b"PK")
        assert paper.sha256 == hashlib.sha256(data).hexdigest() and paper.size == len(data)
        assert paper.filename == "NUIT-1-22-innkalling.docx"
        assert SECRET_PROPOSAL in docx_text(data)  # the full variant has the exempt case

    public = paper_store.generate(meeting, "agenda", "public", "docx")
    db.session.commit()
    assert public.version == 1  # versions count per kind, variant and format
    assert public.filename == "NUIT-1-22-innkalling-offentlig.docx"
    assert [p.id for p in paper_store.papers_of(meeting)] == [public.id, second.id, first.id]


def test_public_variant_has_no_exempt_text_anywhere_in_the_file(app):
    meeting = meeting_with_exempt_case()
    paper = paper_store.generate(meeting, "agenda", "public", "docx")
    db.session.commit()
    text = docx_text(paper_store.read(paper))
    assert PUBLIC_TITLE in text and f"Unntatt offentlighet, jf. {LEGAL_BASIS}" in text
    for secret in (SECRET_TITLE, SECRET_PROPOSAL, "Hemmelig AS"):
        assert secret not in text
    with zipfile.ZipFile(io.BytesIO(paper_store.read(paper))) as archive:
        raw = b"".join(archive.read(name) for name in archive.namelist())
    assert b"Hemmelig" not in raw


def test_a_changed_stored_file_is_not_served(app):
    meeting = meeting_with_exempt_case()
    paper = paper_store.generate(meeting, "agenda", "public", "docx")
    db.session.commit()
    path = paper_store.generated_folder() / paper.storage_name
    path.write_bytes(path.read_bytes() + b"x")
    with pytest.raises(ServiceError, match="sjekksummen"):
        paper_store.read(paper)


def test_a_version_number_taken_at_the_same_moment_gets_the_next(app, monkeypatch):
    meeting = meeting_with_exempt_case()
    paper_store.generate(meeting, "agenda", "full", "docx")
    db.session.commit()
    real = paper_store._next_version
    calls = []

    def stale(*args):  # the first attempt sees the number before a colleague's version 1
        calls.append(1)
        return 1 if len(calls) == 1 else real(*args)

    monkeypatch.setattr(paper_store, "_next_version", stale)
    paper = paper_store.generate(meeting, "agenda", "full", "docx")
    db.session.commit()
    assert paper.version == 2 and len(calls) == 2
    assert len(list(paper_store.generated_folder().iterdir())) == 2  # no stray file


def test_who_made_each_version_is_kept(app):
    from app.services.registry.users import create_user

    meeting = meeting_with_exempt_case()
    user = create_user("sekretar@example.no", "riktig-passord-123", ["secretariat"])
    db.session.commit()
    paper_store.generate(meeting, "agenda", "full", "docx", user=user)
    paper_store.generate(meeting, "agenda", "public", "docx")
    db.session.commit()
    assert [email for _paper, email in paper_store.history(meeting)] == [None, "sekretar@example.no"]


def test_access_rules_for_the_variants(app):
    from app.services.registry.users import create_user

    meeting = meeting_with_exempt_case()
    member = create_user("medlem@example.no", "riktig-passord-123", [])
    member.person = upsert_person("Mette Medlem")
    ensure_membership(member.person, meeting.council, "medlem", valid_from=date(2020, 1, 1))
    outsider = create_user("leser@example.no", "riktig-passord-123", [])
    db.session.commit()
    assert paper_store.readable_variants(member, meeting, "agenda") == ["full", "public"]
    assert paper_store.readable_variants(outsider, meeting, "agenda") == ["public"]
    with pytest.raises(ServiceError, match="ikke tilgang"):
        paper_store.produce(meeting, "agenda", "full", "docx", outsider)
    # The minutes: none before the meeting is held and the secretariat shares them.
    assert paper_store.readable_variants(outsider, meeting, "minutes") == []


def test_a_planned_meetings_agenda_is_a_draft(app):
    council = make_council()
    meeting = make_meeting(council, cases=1)
    from app.services.registry.users import create_user

    outsider = create_user("leser@example.no", "riktig-passord-123", [])
    db.session.commit()
    assert paper_store.readable_variants(outsider, meeting, "agenda") == []
    with pytest.raises(ServiceError, match="ikke noe referat"):
        paper_store.produce(meeting, "minutes", "full", "docx")


def test_papers_that_do_not_exist_are_refused(app, monkeypatch):
    meeting = meeting_with_exempt_case()
    with pytest.raises(ServiceError, match="bare som PDF"):
        paper_store.produce(meeting, "meeting_book", "full", "docx")
    with pytest.raises(ServiceError, match="Ukjent dokumenttype"):
        paper_store.produce(meeting, "letter", "full", "docx")
    monkeypatch.setattr(pdf, "soffice_available", lambda: False)
    with pytest.raises(ServiceError, match="LibreOffice"):
        paper_store.produce(meeting, "agenda", "full", "pdf")
    assert db.session.scalar(db.select(db.func.count()).select_from(GeneratedPaper)) == 0


@needs_soffice
def test_pdf_agenda_and_meeting_book_are_stored_too(app):
    meeting = meeting_with_exempt_case()
    agenda = paper_store.generate(meeting, "agenda", "public", "pdf")
    book = paper_store.generate(meeting, "meeting_book", "public", "pdf")
    db.session.commit()
    for paper in (agenda, book):
        data = paper_store.read(paper)
        assert data.startswith(b"%PDF-")
        assert paper.sha256 == hashlib.sha256(data).hexdigest()
    assert agenda.filename == "NUIT-1-22-innkalling-offentlig.pdf"
    assert book.filename == "NUIT-1-22-samlet-saksdokument-offentlig.pdf"
    assert re.search(rb"pdfaid:part[^0-9]{0,10}2", paper_store.read(agenda))  # PDF/A-2
