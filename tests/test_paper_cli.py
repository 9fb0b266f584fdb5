"""`flask agenda docx` and `flask minutes docx`: the same code as the buttons (a stored version),
clear Norwegian errors and a non-zero exit for an unknown council or meeting."""
import hashlib
import re

from app.extensions import db
from app.models import GeneratedPaper
from app.services.paperwork import paper_store, pdf
from tests.environment import needs_soffice
from tests.test_paper_store import docx_text


def _papers() -> list[GeneratedPaper]:
    return db.session.scalars(db.select(GeneratedPaper).order_by(GeneratedPaper.id)).all()


def test_agenda_docx_writes_the_file_and_stores_a_version(demo, runner, tmp_path):
    target = tmp_path / "agenda.docx"
    result = runner.invoke(args=["agenda", "docx", "NUIT", "3/22", "-o", str(target)])
    assert result.exit_code == 0, result.output
    data = target.read_bytes()
    (paper,) = _papers()
    assert paper.kind == "agenda" and paper.variant == "full" and paper.format == "docx"
    assert paper.version == 1 and paper.created_by_id is None
    assert hashlib.sha256(data).hexdigest() == paper.sha256
    assert paper_store.read(paper) == data
    assert "versjon 1" in result.output and paper.sha256 in result.output
    assert "DigiPan-rapporten" in docx_text(data)

    again = runner.invoke(args=["agenda", "docx", "nuit", "3/2022", "-o", str(target), "--public"])
    assert again.exit_code == 0, again.output
    assert [(p.variant, p.version) for p in _papers()] == [("full", 1), ("public", 1)]
    third = runner.invoke(args=["agenda", "docx", "NUIT", "3/22", "-o", str(tmp_path / "b.docx")])
    assert "versjon 2" in third.output
    assert [p.filename for p in _papers()] == ["NUIT-3-22-innkalling.docx",
                                               "NUIT-3-22-innkalling-offentlig.docx",
                                               "NUIT-3-22-innkalling.docx"]


def test_minutes_docx_of_a_held_meeting(demo_full, runner, tmp_path):
    target = tmp_path / "referat.docx"
    result = runner.invoke(args=["minutes", "docx", "NUIT", "3/22", "-o", str(target), "--public"])
    assert result.exit_code == 0, result.output
    (paper,) = _papers()
    assert paper.kind == "minutes" and paper.variant == "public"
    assert paper.filename == "NUIT-3-22-referat-offentlig.docx"
    assert hashlib.sha256(target.read_bytes()).hexdigest() == paper.sha256

    planned = runner.invoke(args=["minutes", "docx", "NUIT", "4/22", "-o", str(tmp_path / "x.docx")])
    assert planned.exit_code != 0 and "ikke noe referat" in planned.output
    assert not (tmp_path / "x.docx").exists()


def test_unknown_council_or_meeting_is_a_clear_error(demo, runner, tmp_path):
    target = tmp_path / "agenda.docx"
    cases = [
        (["agenda", "docx", "XYZ", "3/22"], "Ukjent utvalg «XYZ». Kjente utvalg: NEHR, NEHS, NUFA, NUIT."),
        (["agenda", "docx", "NUIT", "9/22"], "Ukjent møte «NUIT 9/22»"),
        (["minutes", "docx", "NUIT", "9/22"], "Ukjent møte «NUIT 9/22»"),
        (["agenda", "docx", "NUIT", "tre"], "«tre» er ikke et møtenummer"),
    ]
    for args, message in cases:
        result = runner.invoke(args=[*args, "-o", str(target)])
        assert result.exit_code != 0, args
        assert message in result.output, result.output
        assert not target.exists()
    assert _papers() == []


def test_pdf_without_libreoffice_is_a_clear_error(demo, runner, tmp_path, monkeypatch):
    monkeypatch.setattr(pdf, "soffice_available", lambda: False)
    target = tmp_path / "agenda.pdf"
    result = runner.invoke(args=["agenda", "docx", "NUIT", "3/22", "-o", str(target), "--pdf"])
    assert result.exit_code != 0
    assert "krever LibreOffice" in result.output and "libreoffice-writer-nogui" in result.output
    assert not target.exists() and _papers() == []


@needs_soffice
def test_pdf_with_libreoffice(demo_full, runner, tmp_path):
    target = tmp_path / "agenda.pdf"
    result = runner.invoke(args=["agenda", "docx", "NUIT", "3/22", "-o", str(target), "--pdf"])
    assert result.exit_code == 0, result.output
    assert target.read_bytes().startswith(b"%PDF-")
    minutes = tmp_path / "referat.pdf"
    result = runner.invoke(args=["minutes", "docx", "NUIT", "3/22", "-o", str(minutes), "--pdf"])
    assert result.exit_code == 0, result.output
    assert minutes.read_bytes().startswith(b"%PDF-")
    assert re.search(r"SHA-256 [0-9a-f]{64}", result.output)
    book = tmp_path / "saksdokument.pdf"
    result = runner.invoke(args=["agenda", "book", "NUIT", "3/22", "-o", str(book), "--public"])
    assert result.exit_code == 0, result.output
    assert book.read_bytes().startswith(b"%PDF-")
    assert [(p.kind, p.variant, p.format) for p in _papers()] == [
        ("agenda", "full", "pdf"), ("minutes", "full", "pdf"), ("meeting_book", "public", "pdf")]
