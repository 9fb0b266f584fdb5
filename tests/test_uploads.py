"""Case attachments: type checked by content, size limits, file names, storage, access, deletion."""
import hashlib
import io
import re
import zipfile
from datetime import date, time
from pathlib import Path

import pytest
from flask import current_app
from sqlalchemy import select

from app.extensions import db
from app.models import AgendaItem, AuditEvent, CaseDocument
from app.services.casework.cases import create_case
from app.services.casework.documents import clean_file_name
from app.services.planning import meetings, notice
from app.services.registry import councils
from app.services.registry.users import create_user
from tests.conftest import login
from tests.factories import add_item, make_council

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
MZ = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00" + b"\x00" * 200 + b"This program cannot be run in DOS mode"


def office(marker: str) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(marker, "<document/>")
    return buffer.getvalue()


DOCX = office("word/document.xml")
PPTX = office("ppt/presentation.xml")
XLSX = office("xl/workbook.xml")
PLAIN_ZIP = office("readme.txt")


@pytest.fixture
def case(app):
    case = create_case("Veikart for nasjonale e-helseløsninger", year=2022)
    db.session.commit()
    return case


def request(client, method: str, url: str, **kwargs):
    """Run one request in an app context of its own, as a server does: its own database session
    and its own ``g`` (so Flask-Login loads the user from this client's cookie). Without this the
    test client reuses the test's app context, and with it the last request's user and
    transaction."""
    db.session.rollback()  # the test's own session: see what earlier requests committed
    with current_app._get_current_object().app_context():
        response = client.open(url, method=method, **kwargs)
        response.get_data()  # read (and keep) the body while the context is there
    return response


def sign_in(app, client, email="sekretar@example.no", roles=("secretariat",)):
    with app.app_context():
        login(client, app, email=email, roles=roles)
    return client


@pytest.fixture
def secretary(client, app):
    return sign_in(app, client)


def upload(client, case, content: bytes, name: str):
    return request(client, "POST", f"/saker/{case.file_year}/{case.file_seq}/vedlegg",
                   data={"file": (io.BytesIO(content), name)}, content_type="multipart/form-data")


def get(client, url):
    return request(client, "GET", url)


def stored_files(app) -> list[Path]:
    root = Path(app.config["UPLOAD_FOLDER"])
    return [p for p in root.rglob("*") if p.is_file()] if root.exists() else []


def documents() -> list[CaseDocument]:
    db.session.rollback()  # a new transaction sees what the requests committed
    return db.session.scalars(select(CaseDocument).order_by(CaseDocument.id)).all()


def message(response) -> str:
    html = response.get_data(as_text=True)
    found = re.search(r'<div class="ds-validation-message"[^>]*id="file-feil">([^<]*)</div>', html)
    assert found, html
    return found.group(1)


# --- accepted files -----------------------------------------------------------------------------

@pytest.mark.parametrize("content,name,content_type", [
    (PDF, "Saksfremlegg.pdf", "application/pdf"),
    (DOCX, "Notat.docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
    (PPTX, "Presentasjon.PPTX",
     "application/vnd.openxmlformats-officedocument.presentationml.presentation"),
    (XLSX, "Økonomi.xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
])
def test_valid_file_is_stored_with_checksum_and_downloadable(app, secretary, case, content, name,
                                                             content_type):
    response = upload(secretary, case, content, name)
    assert response.status_code == 302, response.get_data(as_text=True)
    [document] = documents()
    assert document.sha256 == hashlib.sha256(content).hexdigest()
    assert (document.size_bytes, document.content_type, document.original_name) == (
        len(content), content_type, name)
    assert document.document_number == "2022/1-1"
    assert document.uploaded_by_id is not None
    # Stored under a random name in UPLOAD_FOLDER, nothing of the user's name on disk.
    assert re.fullmatch(r"[0-9a-f]{32}", document.stored_name)
    [path] = stored_files(app)
    assert path.name == document.stored_name and path.read_bytes() == content
    static = Path(app.static_folder).resolve()
    assert static not in path.resolve().parents
    page = get(secretary, "/saker/2022/1").get_data(as_text=True)
    assert name in page and "2022/1-1" in page
    download = get(secretary, "/saker/2022/1/vedlegg/1")
    assert download.status_code == 200
    assert download.data == content
    assert download.headers["Content-Type"].startswith(content_type)
    assert download.headers["Content-Disposition"].startswith("attachment")
    assert download.headers["X-Content-Type-Options"] == "nosniff"


def test_norwegian_file_names_are_kept_and_documents_numbered_in_order(app, secretary, case):
    upload(secretary, case, PDF, "Møtereferat – ærlig og åpen.pdf")
    upload(secretary, case, PDF, "rapport<script>.pdf")
    first, second = documents()
    assert first.original_name == "Møtereferat – ærlig og åpen.pdf"
    assert second.original_name == "rapport_script_.pdf"
    assert [d.number for d in (first, second)] == [1, 2]
    response = get(secretary, "/saker/2022/1/vedlegg/1")
    assert "filename*=UTF-8''M%C3%B8tereferat" in response.headers["Content-Disposition"]


# --- refused files ----------------------------------------------------------------------------------

@pytest.mark.parametrize("content, name", [(ELF, "saksfremlegg.pdf"), (MZ, "saksfremlegg.pdf"),
                                           (MZ + DOCX, "setup.docx")],
                         ids=["elf", "mz", "mz-with-docx-appended"])
def test_renamed_executable_is_refused(app, secretary, case, content, name):
    response = upload(secretary, case, content, name)
    assert response.status_code == 400
    assert "er ikke en gyldig PDF, DOCX, PPTX eller XLSX-fil" in message(response)
    assert documents() == [] and stored_files(app) == []


def test_executable_extension_is_refused(app, secretary, case):
    response = upload(secretary, case, MZ, "setup.exe")
    assert response.status_code == 400
    assert "Filtypen «.exe» er ikke tillatt" in message(response)
    assert documents() == [] and stored_files(app) == []


@pytest.mark.parametrize("content,name,text", [
    (DOCX, "notat.pdf", "heter .pdf, men innholdet er Word (DOCX)"),
    (PDF, "notat.xlsx", "heter .xlsx, men innholdet er PDF"),
    (PLAIN_ZIP, "notat.docx", "er ikke en gyldig"),
    (b"", "tom.pdf", "Filen er tom"),
])
def test_extension_must_match_the_content(app, secretary, case, content, name, text):
    response = upload(secretary, case, content, name)
    assert response.status_code == 400
    assert text in message(response)
    assert documents() == [] and stored_files(app) == []


@pytest.mark.parametrize("name", ["../../etc/passwd.pdf", "..\\..\\windows\\notat.pdf",
                                  "/etc/passwd.pdf", "mappe/notat.pdf"])
def test_path_traversal_file_name_is_refused(app, secretary, case, name, tmp_path):
    response = upload(secretary, case, PDF, name)
    assert response.status_code == 400
    assert "Filnavnet kan ikke inneholde mapper" in message(response)
    assert documents() == [] and stored_files(app) == []
    assert not (tmp_path / "etc").exists()


def test_clean_file_name_rules():
    assert clean_file_name("  Årsrapport   2022.pdf ") == "Årsrapport 2022.pdf"
    assert clean_file_name("CON.pdf") == "_CON.pdf"
    assert clean_file_name("a\x00b.pdf".replace("\x00", "")) == "ab.pdf"
    with pytest.raises(Exception, match="filtypen"):
        clean_file_name("uten-filtype")


def test_oversized_request_is_refused_with_a_clear_message(app, secretary, case):
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = upload(secretary, case, PDF + b"0" * 4096, "stor.pdf")
    assert response.status_code == 413
    text = message(response)
    assert "Filen er for stor" in text and "1 kB" in text
    assert "Veikart for nasjonale e-helseløsninger" in response.get_data(as_text=True)  # the page
    assert documents() == [] and stored_files(app) == []


def test_file_over_max_upload_mb_is_refused_while_streaming(app, secretary, case):
    app.config["MAX_CONTENT_LENGTH"] = None  # only the upload limit applies
    app.config["MAX_UPLOAD_MB"] = 1
    response = upload(secretary, case, PDF + b"0" * (1024 * 1024), "stor.pdf")
    assert response.status_code == 400
    assert "Filen er for stor. Største tillatte størrelse er 1 MB" in message(response)
    assert documents() == [] and stored_files(app) == []


def test_missing_file_gets_a_message_next_to_the_field(app, secretary, case):
    response = request(secretary, "POST", "/saker/2022/1/vedlegg", data={},
                       content_type="multipart/form-data")
    assert response.status_code == 400
    assert "Velg en fil å laste opp" in message(response)


# --- access -------------------------------------------------------------------------------------------

def test_only_the_secretariat_uploads(app, client, case):
    sign_in(app, client, email="leser@example.no", roles=())
    assert upload(client, case, PDF, "notat.pdf").status_code == 403
    anonymous = app.test_client()
    response = upload(anonymous, case, PDF, "notat.pdf")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
    assert documents() == []


@pytest.fixture
def exempt_document(app, secretary):
    council = make_council("NUIT")
    case = create_case("Evaluering av tilbud fra Leverandør X", year=2022, exempt=True,
                       legal_basis="offl. § 23", public_title="Anskaffelse")
    meeting = meetings.create_meeting(council, date(2022, 5, 19), time(8, 30))
    add_item(meeting, "Anskaffelse", case=case)
    person = councils.upsert_person("Medlem Medlemsen")
    councils.ensure_membership(person, council, "medlem", valid_from=date(2020, 1, 1))
    member = create_user("medlem@example.no", "riktig-passord-123", [])
    member.person = person
    create_user("leser@example.no", "riktig-passord-123", [])
    create_user("arkiv@example.no", "riktig-passord-123", ["archivist"])
    db.session.commit()
    assert upload(secretary, case, PDF, "Tilbud Leverandør X.pdf").status_code == 302
    return case


def _client_for(app, email):
    return sign_in(app, app.test_client(), email=email)


def test_exempt_case_document_is_refused_to_those_without_access(app, exempt_document):
    url = "/saker/2022/1/vedlegg/1"
    # The case is on a planned meeting only: a visitor may not know of it and logs in (issue 11).
    response = get(app.test_client(), url)
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]
    meeting_id = db.session.scalar(select(AgendaItem.meeting_id).where(
        AgendaItem.case_id == exempt_document.id))
    notice.issue_notice(meeting_id, accept_warnings=True)  # no proposal
    db.session.commit()
    assert get(app.test_client(), url).status_code == 403  # on an issued agenda: 403, not a login page
    reader = _client_for(app, "leser@example.no")  # logged in, no role, no membership
    assert get(reader, url).status_code == 403
    page = get(reader, "/saker/2022/1").get_data(as_text=True)
    assert "Leverandør X" not in page and "Vedleggene er unntatt offentlighet" in page
    assert "Leverandør X" not in get(reader, "/saker/").get_data(as_text=True)
    assert "Leverandør X" not in get(reader, "/saker/?tekst=tilbud").get_data(as_text=True)
    for email in ("medlem@example.no", "arkiv@example.no", "sekretar@example.no"):
        response = get(_client_for(app, email), url)
        assert response.status_code == 200, email
        assert response.data == PDF
        assert response.headers["Cache-Control"] == "private, no-store"


def test_public_case_document_is_public(app, secretary, case):
    upload(secretary, case, PDF, "notat.pdf")
    assert get(secretary, "/saker/2022/1/vedlegg/1").data == PDF
    # A visitor, once the case has been on an issued agenda (before that: the login page).
    assert "/logg-inn" in get(app.test_client(), "/saker/2022/1/vedlegg/1").headers["Location"]
    meeting = meetings.create_meeting(make_council("NUIT"), date(2022, 5, 19), time(8, 30))
    add_item(meeting, case.title, case=case)
    notice.issue_notice(meeting.id, accept_warnings=True)  # no proposal
    db.session.commit()
    assert get(app.test_client(), "/saker/2022/1/vedlegg/1").data == PDF


def test_document_of_another_case_is_404(app, secretary, case):
    create_case("Annen sak", year=2022)
    db.session.commit()
    upload(secretary, case, PDF, "notat.pdf")
    assert get(secretary, "/saker/2022/2/vedlegg/1").status_code == 404


# --- deletion -------------------------------------------------------------------------------------------

def test_deleting_needs_confirmation_and_removes_the_file(app, secretary, case):
    upload(secretary, case, PDF, "notat.pdf")
    [document] = documents()
    sha = document.sha256
    confirm = get(secretary, "/saker/2022/1/vedlegg/1/slett")
    assert confirm.status_code == 200
    assert "Slette vedlegget?" in confirm.get_data(as_text=True)
    assert len(documents()) == 1 and len(stored_files(app)) == 1  # nothing happened yet
    response = request(secretary, "POST", "/saker/2022/1/vedlegg/1/slett")
    assert response.status_code == 302
    assert documents() == [] and stored_files(app) == []
    trail = {e.field: e.old_value for e in db.session.scalars(select(AuditEvent).where(
        AuditEvent.object_type == "CaseDocument", AuditEvent.action == "delete"))}
    assert trail["sha256"] == sha and trail["original_name"] == "notat.pdf"
    # The next upload gets a new number: document numbers are never reused.
    upload(secretary, case, PDF, "nytt.pdf")
    assert [d.number for d in documents()] == [2]
