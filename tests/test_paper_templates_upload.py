"""The admin pages for the councils' Word templates: upload (checked by content and by a trial
rendering), refusal with the template error, the previous template staying active, reactivating
an older one, back to the built-in one; a restyled NUIT template changes NUIT's papers only."""
import hashlib
import html as html_lib
import io

import pytest
from docx import Document

from app.extensions import db
from app.models import PaperTemplate
from app.services import ServiceError
from app.services.paperwork import paper_store, paper_templates
from app.services.registry.councils import council_by_code
from tests.conftest import login
from tests.factories import make_council, make_meeting
from tests.test_paper_store import docx_text

MARKER = "Helsedirektoratets mal for NUIT – restylet"
FONT = "Georgia"


def restyled(kind="agenda", marker=MARKER, font=FONT) -> bytes:
    """The built-in template as a secretary changes it in Word: another font, a fixed text."""
    document = Document(io.BytesIO(paper_templates.built_in_path(kind).read_bytes()))
    document.styles["Normal"].font.name = font
    first = document.paragraphs[0]
    first.insert_paragraph_before(marker)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def broken(kind="agenda") -> bytes:
    """A template with a tag left unclosed."""
    document = Document(io.BytesIO(paper_templates.built_in_path(kind).read_bytes()))
    document.add_paragraph("Møtested: {{ meeting.location ")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.fixture
def councils(app):
    nuit = make_council("NUIT", "Nasjonalt utvalg for IT-prioritering")
    nufa = make_council("NUFA", "Nasjonalt fagutvalg")
    return nuit, nufa


def _upload(client, code, slug, data, name="nuit-mal.docx", follow=False):
    return client.post(f"/admin/dokumentmaler/{code}/{slug}",
                       data={"file": (io.BytesIO(data), name)},
                       content_type="multipart/form-data", follow_redirects=follow)


def _admin(client, app):
    login(client, app, email="admin@example.no", roles=("admin",))


def test_only_admins_manage_templates(app, client, councils):
    assert "/logg-inn" in client.get("/admin/dokumentmaler").headers["Location"]
    login(client, app)  # the secretariat
    assert client.get("/admin/dokumentmaler").status_code == 403
    assert _upload(client, "NUIT", "innkalling", restyled()).status_code == 403
    assert db.session.scalar(db.select(db.func.count()).select_from(PaperTemplate)) == 0


def test_the_overview_and_the_built_in_template_download(app, client, councils):
    _admin(client, app)
    page = client.get("/admin/dokumentmaler").get_data(as_text=True)
    assert "NUIT" in page and "NUFA" in page and "Standardmalen" in page
    assert 'href="/admin/dokumentmaler"' in client.get("/admin/utboks").get_data(as_text=True)
    for slug, kind in (("innkalling", "agenda"), ("referat", "minutes")):
        response = client.get(f"/admin/dokumentmaler/standard/{slug}.docx")
        assert response.status_code == 200
        assert response.data == paper_templates.built_in_path(kind).read_bytes()
        assert f"filename=standardmal-{slug}.docx" in response.headers["Content-Disposition"]


def test_a_restyled_template_for_nuit_changes_nuits_papers_and_no_other_councils(app, client, councils):
    nuit, nufa = councils
    nuit_meeting = make_meeting(nuit, cases=2)
    nufa_meeting = make_meeting(nufa, cases=2)
    _admin(client, app)
    uploaded = restyled()
    response = _upload(client, "NUIT", "innkalling", uploaded, follow=True)
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "Malen er lastet opp og brukes nå for innkalling i NUIT." in page
    assert "I bruk: «nuit-mal.docx»" in page
    template = db.session.scalar(db.select(PaperTemplate))
    assert template.sha256 == hashlib.sha256(uploaded).hexdigest()  # stored as sent
    assert f'title="{template.sha256}"' in page and "admin@example.no" in page

    nuit_paper = paper_store.generate(nuit_meeting, "agenda", "full", "docx")
    nufa_paper = paper_store.generate(nufa_meeting, "agenda", "full", "docx")
    minutes_template, _row = paper_templates.template_for(nuit, "minutes")
    db.session.commit()
    nuit_data, nufa_data = paper_store.read(nuit_paper), paper_store.read(nufa_paper)
    assert MARKER in docx_text(nuit_data) and FONT in _styles(nuit_data)
    assert MARKER not in docx_text(nufa_data) and FONT not in _styles(nufa_data)
    assert nuit_paper.template_id == template.id and nufa_paper.template_id is None
    assert "Sak nummer 1" in docx_text(nuit_data)  # still the meeting's agenda
    # The minutes template of NUIT is still the built-in one.
    assert minutes_template == paper_templates.built_in_path("minutes").read_bytes()

    download = client.get(f"/admin/dokumentmaler/NUIT/innkalling/{template.id}.docx")
    assert hashlib.sha256(download.data).hexdigest() == template.sha256


def _styles(data: bytes) -> str:
    import zipfile

    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return archive.read("word/styles.xml").decode("utf-8")


def test_a_broken_template_is_refused_with_its_error_and_the_previous_stays_active(app, client, councils):
    from app.services.paperwork import papers

    nuit, _nufa = councils
    _admin(client, app)
    assert _upload(client, "NUIT", "innkalling", restyled()).status_code == 302
    good = paper_templates.active_template(nuit, "agenda")

    with pytest.raises(ServiceError) as template_error:
        papers.check_template("agenda", broken())
    response = _upload(client, "NUIT", "innkalling", broken(), name="ødelagt.docx")
    page = html_lib.unescape(response.get_data(as_text=True))
    assert response.status_code == 400
    assert "Malen «ødelagt.docx» kan ikke brukes:" in page
    assert str(template_error.value) in page
    assert "Den forrige malen er fortsatt i bruk." in page
    assert paper_templates.active_template(nuit, "agenda").id == good.id
    assert db.session.scalar(db.select(db.func.count()).select_from(PaperTemplate)) == 1
    assert len(list(paper_templates.templates_folder().iterdir())) == 1  # no stray file


def test_files_that_are_not_word_documents_are_refused(app, client, councils):
    _admin(client, app)
    for data, name, message in (
            (b"%PDF-1.7 not a template", "mal.docx", "ikke et gyldig Word-dokument (DOCX)"),
            (restyled(), "mal.pdf", "må være et Word-dokument (.docx)"),
            (b"", "mal.docx", "Filen er tom."),
    ):
        response = _upload(client, "NUIT", "referat", data, name=name)
        assert response.status_code == 400
        assert message in html_lib.unescape(response.get_data(as_text=True))
    missing = client.post("/admin/dokumentmaler/NUIT/referat", data={},
                          content_type="multipart/form-data")
    assert "Velg en Word-fil (.docx) å laste opp." in missing.get_data(as_text=True)
    assert db.session.scalar(db.select(db.func.count()).select_from(PaperTemplate)) == 0


def test_reactivate_an_older_template_and_go_back_to_the_built_in_one(app, client, councils):
    nuit, _nufa = councils
    _admin(client, app)
    _upload(client, "NUIT", "referat", restyled("minutes", "Første mal"), name="forste.docx")
    _upload(client, "NUIT", "referat", restyled("minutes", "Andre mal"), name="andre.docx")
    first, second = db.session.scalars(db.select(PaperTemplate).order_by(PaperTemplate.id)).all()
    assert paper_templates.active_template(nuit, "minutes").id == second.id
    assert [row.filename for row, _email in paper_store.templates_of(nuit)] == ["andre.docx",
                                                                                "forste.docx"]

    page = client.post(f"/admin/dokumentmaler/NUIT/referat/{first.id}/bruk",
                       follow_redirects=True).get_data(as_text=True)
    assert "Den valgte malen brukes nå for referat i NUIT." in page
    assert paper_templates.active_template(nuit, "minutes").id == first.id
    data, row = paper_templates.template_for(nuit, "minutes")
    assert row.id == first.id and hashlib.sha256(data).hexdigest() == first.sha256

    page = client.post("/admin/dokumentmaler/NUIT/referat/standard",
                       follow_redirects=True).get_data(as_text=True)
    assert "Standardmalen brukes nå for referat i NUIT." in page and "I bruk: standardmalen." in page
    data, row = paper_templates.template_for(nuit, "minutes")
    assert row is None and data == paper_templates.built_in_path("minutes").read_bytes()
    # Both uploads are kept and can be used again.
    assert db.session.scalar(db.select(db.func.count()).select_from(PaperTemplate)) == 2
    other = council_by_code("NUFA")
    assert client.post(f"/admin/dokumentmaler/NUFA/referat/{first.id}/bruk").status_code == 404
    assert paper_templates.active_template(other, "minutes") is None


def test_a_template_over_the_size_limit_is_refused_on_the_page(app, client, councils):
    _admin(client, app)
    app.config["MAX_CONTENT_LENGTH"] = 2000
    response = _upload(client, "NUIT", "innkalling", restyled())
    assert response.status_code == 413
    page = html_lib.unescape(response.get_data(as_text=True))
    assert "Filen er for stor." in page and "Dokumentmaler for NUIT" in page
    assert db.session.scalar(db.select(db.func.count()).select_from(PaperTemplate)) == 0
