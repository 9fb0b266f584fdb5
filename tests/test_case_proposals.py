"""Case proposals (issue 11, "alle aktører kan fremme sine e-helsesaker"): a member or a user of a
member organisation proposes a case; the secretariat accepts it into the case register or declines
it with a reason; the proposer follows it. Everything through the pages."""
import hashlib
import io
from datetime import date, timedelta
from pathlib import Path

from sqlalchemy import func, select

from app.extensions import db
from app.models import (
    AgendaItem,
    Case,
    CaseDocument,
    CaseProposal,
    CaseProposalDocument,
    CaseQueueEntry,
    OutboxMessage,
    User,
)
from app.services.casework import proposals
from app.services.casework.cases import create_case
from app.services.core import clock
from app.services.registry import councils
from app.services.registry.users import create_user
from tests.conftest import count_queries, login
from tests.factories import make_council, make_meeting, page_text

PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
ELF = b"\x7fELF\x02\x01\x01\x00" + b"\x00" * 200
PASSWORD = "riktig-passord-123"


def _user(email, person=None, roles=()):
    user = create_user(email, PASSWORD, list(roles))
    user.person = person
    db.session.commit()
    return user


def _client(app, email, roles=()):
    client = app.test_client()
    login(client, app, email=email, roles=roles, password=PASSWORD)
    return client


def _world(app):
    """NUIT and NUFA (active) and NEHS (ended 2023); a NUIT member from KS, a colleague at KS
    without a seat, a person at an organisation without a seat, the secretariat."""
    nuit = make_council("NUIT")
    councils.upsert_council("NUFA", "Fagutvalget")
    councils.upsert_council("NEHS", "Nasjonalt e-helsestyre", active_to=date(2023, 6, 30))
    ks = councils.upsert_organisation("KS")
    outside = councils.upsert_organisation("Firma AS")
    member = councils.upsert_person("Kari Medlem", organisation=ks)
    councils.ensure_membership(member, nuit, "medlem")
    colleague = councils.upsert_person("Ola Kollega", organisation=ks)
    stranger = councils.upsert_person("Per Utenfor", organisation=outside)
    other_member = councils.upsert_person("Nina Annen")
    councils.ensure_membership(other_member, nuit, "medlem")
    _user("kari@example.no", member)
    _user("ola@example.no", colleague)
    _user("per@example.no", stranger)
    _user("nina@example.no", other_member)
    _user("ingen@example.no")
    _user("sekretar@example.no", roles=("secretariat",))
    db.session.commit()
    return nuit


def _form(council_id, **fields):
    return {"title": "Felles løsning for timebestilling", "description": "Vi foreslår at NUIT drøfter "
            "en felles løsning.", "council": str(council_id), "item_type": "Drøfting", **fields}


def _submit(client, data, files=()):
    data = dict(data)
    if files:
        data["files"] = [(io.BytesIO(content), name) for content, name in files]
    return client.post("/saksforslag/ny", data=data, content_type="multipart/form-data")


def _stored_files(app) -> list[Path]:
    return [p for p in Path(app.config["UPLOAD_FOLDER"]).rglob("*") if p.is_file()]


def _count(model) -> int:
    db.session.rollback()
    return db.session.scalar(select(func.count()).select_from(model))


def _only_proposal() -> CaseProposal:
    db.session.rollback()
    return db.session.scalars(select(CaseProposal)).one()


# --- submitting -----------------------------------------------------------------------------------

def test_a_member_submits_a_proposal_with_an_attachment_and_follows_it(app):
    nuit = _world(app)
    kari = _client(app, "kari@example.no")
    assert "Fremme en sak" in kari.get("/").get_data(as_text=True)
    response = _submit(kari, _form(nuit.id), files=[(PDF, "notat.pdf")])
    assert response.status_code == 302
    proposal = _only_proposal()
    assert response.headers["Location"].endswith(f"/saksforslag/{proposal.id}")
    assert (proposal.status, proposal.council.code, proposal.item_type) == ("submitted", "NUIT", "Drøfting")
    assert proposal.proposer_person.name == "Kari Medlem" and proposal.organisation.name == "KS"
    [attachment] = proposal.documents
    assert attachment.original_name == "notat.pdf"
    assert attachment.sha256 == hashlib.sha256(PDF).hexdigest()
    page = page_text(kari.get(f"/saksforslag/{proposal.id}").get_data(as_text=True))
    assert "Felles løsning for timebestilling" in page and "Til behandling" in page
    assert "notat.pdf" in page and "Trekk tilbake saksforslaget" in page
    download = kari.get(f"/saksforslag/{proposal.id}/vedlegg/{attachment.id}")
    assert download.status_code == 200 and download.data == PDF
    # The function the /mitt page calls.
    kari_user = db.session.scalar(select(User).where(User.email == "kari@example.no"))
    assert [p.id for p in proposals.proposals_of(kari_user)] == [proposal.id]


def test_a_user_of_a_member_organisation_may_propose(app):
    nuit = _world(app)
    ola = _client(app, "ola@example.no")  # KS holds a seat in NUIT through Kari
    assert ola.get("/saksforslag/ny").status_code == 200
    assert _submit(ola, _form(nuit.id)).status_code == 302
    assert _only_proposal().organisation.name == "KS"


def test_a_user_without_person_or_member_organisation_gets_403_with_the_reason(app):
    nuit = _world(app)
    for email in ("ingen@example.no", "per@example.no"):
        client = _client(app, email)
        assert "Fremme en sak" not in client.get("/").get_data(as_text=True)
        response = client.get("/saksforslag/ny")
        assert response.status_code == 403
        assert "Bare medlemmer av et utvalg og brukere som er registrert på en medlemsvirksomhet" in \
            page_text(response.get_data(as_text=True))
        assert _submit(client, _form(nuit.id)).status_code == 403
    assert _count(CaseProposal) == 0
    anonymous = app.test_client()
    response = anonymous.get("/saksforslag/ny")
    assert response.status_code == 302 and "/logg-inn" in response.headers["Location"]


def _refused(app, client, data, files, message):
    response = _submit(client, data, files)
    assert response.status_code == 400, response.status_code
    assert message in page_text(response.get_data(as_text=True))
    assert _count(CaseProposal) == 0 and _count(CaseProposalDocument) == 0
    assert _stored_files(app) == []


def test_bad_input_changes_nothing_and_says_why(app):
    nuit = _world(app)
    kari = _client(app, "kari@example.no")
    nehs = councils.council_by_code("NEHS")
    _refused(app, kari, _form(nuit.id, title=""), [(PDF, "notat.pdf")],
             "Skriv tittelen på saken du foreslår.")
    _refused(app, kari, _form(987654), [(PDF, "notat.pdf")], "Velg et utvalg som finnes og er aktivt.")
    _refused(app, kari, _form(nehs.id), [], "Velg et utvalg som finnes og er aktivt.")
    _refused(app, kari, _form(nuit.id, item_type="Hemmelig"), [], "Velg en innretning fra listen.")
    _refused(app, kari, _form(nuit.id), [(PDF, "notat.pdf"), (ELF, "program.pdf")],
             "er ikke en gyldig PDF, DOCX, PPTX eller XLSX-fil")
    _refused(app, kari, _form(nuit.id), [(PDF, "notat.exe")], "Filtypen «.exe» er ikke tillatt.")
    app.config["MAX_CONTENT_LENGTH"] = None  # only the upload limit applies
    app.config["MAX_UPLOAD_MB"] = 1
    _refused(app, kari, _form(nuit.id), [(PDF + b"0" * (1024 * 1024), "stor.pdf")],
             "Filen er for stor. Største tillatte størrelse er 1 MB")


def test_a_request_over_the_size_limit_gets_the_form_with_the_reason(app):
    nuit = _world(app)
    kari = _client(app, "kari@example.no")
    app.config["MAX_CONTENT_LENGTH"] = 1024
    response = _submit(kari, _form(nuit.id), [(PDF + b"0" * 4096, "stor.pdf")])
    assert response.status_code == 413
    assert "Filen er for stor" in page_text(response.get_data(as_text=True))
    assert _count(CaseProposal) == 0 and _stored_files(app) == []


def test_an_exempt_proposal_needs_a_legal_basis(app):
    nuit = _world(app)
    kari = _client(app, "kari@example.no")
    _refused(app, kari, _form(nuit.id, exempt="y"), [], "Skriv hjemmelen for unntaket")
    response = _submit(kari, _form(nuit.id, exempt="y", legal_basis="offl. § 15 første ledd",
                                   public_title="Sak om en avtale"))
    assert response.status_code == 302
    proposal = _only_proposal()
    assert (proposal.exempt, proposal.legal_basis, proposal.public_title) == (
        True, "offl. § 15 første ledd", "Sak om en avtale")


# --- who sees it ----------------------------------------------------------------------------------

def test_nobody_but_the_proposer_and_the_secretariat_opens_a_proposal(app):
    nuit = _world(app)
    kari = _client(app, "kari@example.no")
    _submit(kari, _form(nuit.id), files=[(PDF, "notat.pdf")])
    proposal = _only_proposal()
    attachment = proposal.documents[0]
    for email in ("nina@example.no", "ola@example.no", "ingen@example.no"):
        other = _client(app, email)
        assert other.get(f"/saksforslag/{proposal.id}").status_code == 404
        assert other.get(f"/saksforslag/{proposal.id}/vedlegg/{attachment.id}").status_code == 404
        assert other.post(f"/saksforslag/{proposal.id}/trekk", data={"bekreft": "ja"}).status_code == 404
        assert other.get("/saksforslag/").status_code == 403
        assert other.post(f"/saksforslag/{proposal.id}/godta").status_code == 403
    assert _only_proposal().status == "submitted"
    secretary = _client(app, "sekretar@example.no", roles=("secretariat",))
    assert secretary.get(f"/saksforslag/{proposal.id}/vedlegg/{attachment.id}").data == PDF


def test_the_proposer_withdraws_after_confirming(app):
    nuit = _world(app)
    kari = _client(app, "kari@example.no")
    _submit(kari, _form(nuit.id))
    proposal = _only_proposal()
    response = kari.post(f"/saksforslag/{proposal.id}/trekk", data={"version": proposal.version},
                         follow_redirects=True)
    assert "Kryss av for å bekrefte" in page_text(response.get_data(as_text=True))
    assert _only_proposal().status == "submitted"
    response = kari.post(f"/saksforslag/{proposal.id}/trekk",
                         data={"version": proposal.version, "bekreft": "ja"}, follow_redirects=True)
    assert "Saksforslaget er trukket tilbake." in page_text(response.get_data(as_text=True))
    assert _only_proposal().status == "withdrawn"
    secretary = _client(app, "sekretar@example.no", roles=("secretariat",))
    response = secretary.post(f"/saksforslag/{proposal.id}/godta", follow_redirects=True)
    assert "Saksforslaget er allerede behandlet (Trukket tilbake)" in page_text(response.get_data(as_text=True))
    assert _count(Case) == 0


# --- the secretariat decides -----------------------------------------------------------------------

def test_the_secretariat_accepts_a_proposal_into_the_case_register(app):
    nuit = _world(app)
    earlier = create_case("En tidligere sak", year=clock.today().year)
    db.session.commit()
    kari = _client(app, "kari@example.no")
    _submit(kari, _form(nuit.id, exempt="y", legal_basis="offl. § 14", public_title="Sak om timebestilling"),
            files=[(PDF, "notat.pdf")])
    proposal = _only_proposal()
    secretary = _client(app, "sekretar@example.no", roles=("secretariat",))
    queue = page_text(secretary.get("/saksforslag/").get_data(as_text=True))
    assert "Til behandling (1)" in queue and "Felles løsning for timebestilling" in queue
    assert "Saksforslag (1 nye)" in page_text(secretary.get("/saker/").get_data(as_text=True))
    page = page_text(secretary.get(f"/saksforslag/{proposal.id}").get_data(as_text=True))
    assert "Godta og registrer som sak" in page and "Avvis forslaget" in page

    response = secretary.post(f"/saksforslag/{proposal.id}/godta", data={"version": proposal.version})
    number = f"{earlier.file_year}/{earlier.file_seq + 1}"
    assert response.status_code == 302 and response.headers["Location"].endswith(f"/saker/{number}")
    db.session.rollback()
    case = db.session.scalar(select(Case).where(Case.file_seq == earlier.file_seq + 1))
    assert (case.title, case.exempt, case.legal_basis, case.public_title) == (
        "Felles løsning for timebestilling", True, "offl. § 14", "Sak om timebestilling")
    assert case.submitted_by_person.name == "Kari Medlem" and case.submitted_by_organisation.name == "KS"
    [document] = db.session.scalars(select(CaseDocument).where(CaseDocument.case_id == case.id)).all()
    assert document.original_name == "notat.pdf" and document.sha256 == hashlib.sha256(PDF).hexdigest()
    assert secretary.get(f"/saker/{number}/vedlegg/{document.number}").data == PDF
    assert "Saksforslag (0 nye)" in page_text(secretary.get("/saker/").get_data(as_text=True))

    # The proposer sees the status and the case number.
    page = page_text(kari.get(f"/saksforslag/{proposal.id}").get_data(as_text=True))
    assert "Godtatt" in page and f"Forslaget er registrert som sak {number}" in page
    assert "Trekk tilbake saksforslaget" not in page
    # The e-mail says it is decided and links to it, without the title.
    [message] = db.session.scalars(select(OutboxMessage).where(
        OutboxMessage.to_address == "kari@example.no")).all()
    assert message.subject == "Saksforslaget ditt er behandlet"
    assert f"/saksforslag/{proposal.id}" in message.body and "timebestilling" not in message.body

    # A second accept (a page opened before the first) says it is decided and changes nothing.
    response = secretary.post(f"/saksforslag/{proposal.id}/godta", data={"version": proposal.version},
                              follow_redirects=True)
    assert "Saksforslaget er allerede behandlet (Godtatt). Ingenting ble endret." in page_text(
        response.get_data(as_text=True))
    response = secretary.post(f"/saksforslag/{proposal.id}/avvis",
                              data={"version": proposal.version, "reason": "For sent"}, follow_redirects=True)
    assert "Saksforslaget er allerede behandlet (Godtatt)" in page_text(response.get_data(as_text=True))
    assert _count(Case) == 2 and _count(CaseDocument) == 1
    assert _only_proposal().status == "accepted"


def test_declining_needs_a_reason_and_the_proposer_sees_it(app):
    nuit = _world(app)
    kari = _client(app, "kari@example.no")
    _submit(kari, _form(nuit.id))
    proposal = _only_proposal()
    secretary = _client(app, "sekretar@example.no", roles=("secretariat",))
    response = secretary.post(f"/saksforslag/{proposal.id}/avvis", data={"version": proposal.version,
                                                                          "reason": "  "})
    assert response.status_code == 400
    assert "Skriv begrunnelsen forslagsstilleren skal få." in page_text(response.get_data(as_text=True))
    assert _only_proposal().status == "submitted"
    reason = "Saken hører hjemme i NUFA først; fremm den der."
    response = secretary.post(f"/saksforslag/{proposal.id}/avvis",
                              data={"version": proposal.version, "reason": reason})
    assert response.status_code == 302
    assert (_only_proposal().status, _only_proposal().decline_reason) == ("declined", reason)
    page = page_text(kari.get(f"/saksforslag/{proposal.id}").get_data(as_text=True))
    assert "Avvist" in page and reason in page
    assert _count(Case) == 0


def test_the_queue_runs_a_fixed_number_of_queries(app):
    nuit = _world(app)
    nufa = councils.council_by_code("NUFA")
    kari = db.session.scalar(select(User).where(User.email == "kari@example.no"))
    secretary = _client(app, "sekretar@example.no", roles=("secretariat",))
    counts = []
    made = 0
    for total in (2, 30):
        while made < total:
            proposal = proposals.submit(kari, title=f"Forslag {made}", council_id=(nuit, nufa)[made % 2].id,
                                        item_type="Orientering", description="Tekst",
                                        files=[(io.BytesIO(PDF), "notat.pdf")])
            if made % 3 == 0:
                proposals.decline(proposal, None, "Ikke nå")
            made += 1
        db.session.commit()
        with count_queries(db.engine) as n:
            html = secretary.get("/saksforslag/").get_data(as_text=True)
        assert html.count('href="/saksforslag/') - html.count('href="/saksforslag/"') >= total
        with count_queries(db.engine) as m:
            secretary.get("/saksforslag/?utvalg=NUFA")
        counts.append((n(), m()))
    assert counts[0] == counts[1], counts


def test_accepting_may_put_the_case_on_a_meeting_of_the_council_being_prepared(app):
    nuit = _world(app)
    nufa = councils.council_by_code("NUFA")
    today = clock.today()
    coming = make_meeting(nuit, day=today + timedelta(days=30), cases=1)
    other_council = make_meeting(nufa, day=today + timedelta(days=30), cases=0)
    kari = _client(app, "kari@example.no")
    _submit(kari, _form(nuit.id, item_type="Anbefaling"))
    proposal = _only_proposal()
    secretary = _client(app, "sekretar@example.no", roles=("secretariat",))
    page = page_text(secretary.get(f"/saksforslag/{proposal.id}").get_data(as_text=True))
    assert coming.label in page and "Ikke nå: saken venter i sakskøen til utvalget" in page
    # A meeting of another council is refused, and nothing is registered.
    response = secretary.post(f"/saksforslag/{proposal.id}/godta",
                              data={"version": proposal.version, "meeting": other_council.id},
                              follow_redirects=True)
    assert "Velg et møte i utvalget som ennå ikke er holdt." in page_text(response.get_data(as_text=True))
    assert _count(Case) == 1 and _only_proposal().status == "submitted"  # the meeting's own case
    response = secretary.post(f"/saksforslag/{proposal.id}/godta",
                              data={"version": proposal.version, "meeting": coming.id})
    assert response.status_code == 302
    db.session.rollback()
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == coming.id,
                                                      AgendaItem.case_id == _only_proposal().case_id))
    assert (item.title, item.item_type) == ("Felles løsning for timebestilling", "Anbefaling")


def test_accepted_without_a_meeting_the_case_waits_in_the_councils_case_queue(app):
    nuit = _world(app)
    coming = make_meeting(nuit, day=clock.today() + timedelta(days=30), cases=1)
    kari = _client(app, "kari@example.no")
    _submit(kari, _form(nuit.id, item_type="Anbefaling"))
    proposal = _only_proposal()
    secretary = _client(app, "sekretar@example.no", roles=("secretariat",))
    assert secretary.post(f"/saksforslag/{proposal.id}/godta",
                          data={"version": proposal.version, "meeting": ""}).status_code == 302
    db.session.rollback()
    case = db.session.get(Case, _only_proposal().case_id)
    builder = page_text(secretary.get(f"/moter/{coming.id}").get_data(as_text=True))
    assert "Saker som venter på behandling" in builder
    assert f"Felles løsning for timebestilling (saksnr. {case.file_number}; saksforslag fra" in builder
    entry = db.session.scalar(select(CaseQueueEntry).where(CaseQueueEntry.case_id == case.id))
    response = secretary.post(f"/moter/{coming.id}/saksko/{entry.id}")
    assert response.status_code == 302
    db.session.rollback()
    item = db.session.scalar(select(AgendaItem).where(AgendaItem.meeting_id == coming.id,
                                                      AgendaItem.case_id == case.id))
    assert (item.title, item.item_type) == ("Felles løsning for timebestilling", "Anbefaling")
    assert db.session.get(CaseQueueEntry, entry.id).placed_item_id == item.id
