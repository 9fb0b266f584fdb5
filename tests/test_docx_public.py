"""Public variants of the agenda and the minutes: an exempt case (unntatt offentlighet) keeps its
number, public title and legal basis; nothing else of it is anywhere in the file (every text node
and attribute of every XML part: document, headers, footers, docProps)."""
import io
from datetime import date

import pytest
from sqlalchemy import select

from app.extensions import db as _db
from app.models import Organisation, Person
from app.services.casework import cases, documents
from app.services.paperwork import papers
from app.services.proceedings import attendance, followup, recording
from tests.test_docx_agenda import (
    AGENDA_HEADER,
    cell_text,
    nuit_meeting,
    open_docx,
    paragraphs,
    table_with_header,
    text_nodes,
    xml_parts,
)

PUBLIC_TITLE = "Sak om avtale med leverandør"
NOTE = "Unntatt offentlighet, jf. offl. § 15 første ledd"
SECRETS = {
    "title": "Forhandlingsstrategi Zebrafink-avtalen",
    "subitem": "Budsjettramme Kolibri",
    "description": "Saksframstilling om Pelikan-budet på 48 millioner",
    "proposal_heading": "Forslag til vedtak om Flamingo",
    "proposal": "NUIT godtar Albatross-tilbudet",
    "decision": "NUIT godtok Albatross-tilbudet med forbehold om Marabu",
    "discussion": "Medlemmene drøftet Kondor-risikoen",
    "action": "Direktoratet forhandler videre om Pingvin-klausulen",
    "document": "Tilbud fra Struts AS.pdf",
}


@pytest.fixture
def exempt_item(demo_full):
    """23/22 of NUIT 3/22 made exempt, with invented confidential text everywhere an item has
    text: title, sub-item, case text, proposal, decision, discussion, follow-up action, document."""
    meeting = nuit_meeting(3)
    item = next(i for i in meeting.items if i.case_seq == 23)
    cases.update_case(item.case, title=SECRETS["title"], description=SECRETS["description"],
                      exempt=True, legal_basis="offl. § 15 første ledd", public_title=PUBLIC_TITLE)
    item.title = SECRETS["title"]
    item.subitems = [SECRETS["subitem"]]
    item.proposal_heading = SECRETS["proposal_heading"]
    item.proposal_body = {"points": [SECRETS["proposal"], "Saken følges opp."]}
    _db.session.flush()
    recording.record_item(item, expected_version=item.version, outcome="decided",
                          decision_body={"parts": [{"heading": "Avtalen",
                                                    "text": SECRETS["decision"]}]},
                          discussion=SECRETS["discussion"])
    directorate = _db.session.scalar(select(Organisation).where(
        Organisation.name == "Direktoratet for e-helse"))
    followup.create_action(item, SECRETS["action"], organisation=directorate,
                           due_date=date(2022, 6, 30), accept_past_due=True)
    documents.add_document(item.case, io.BytesIO(b"%PDF-1.4\n%%EOF\n"), SECRETS["document"])
    _db.session.commit()
    return item


def render(kind: str, public: bool) -> bytes:
    return papers.render(nuit_meeting(3), kind, public)


def leaked(data: bytes) -> list[str]:
    """The secrets found anywhere in the file: in its text nodes and attributes, or in the raw
    bytes of any XML part (case-insensitive)."""
    nodes = " ".join(text_nodes(data)).lower()
    raw = b" ".join(xml_parts(data).values()).decode("utf-8").lower()
    return [key for key, secret in SECRETS.items() if secret.lower() in nodes or secret.lower() in raw]


def all_text(data: bytes) -> str:
    return " ".join(text_nodes(data))


# --- the agenda ------------------------------------------------------------------------------------

def test_public_agenda_has_no_exempt_content(exempt_item):
    data = render("agenda", public=True)
    assert leaked(data) == []
    document = open_docx(data)
    table = table_with_header(document, AGENDA_HEADER)
    (row,) = [r for r in table.rows if cell_text(r.cells[0]) == "23/22"]
    assert [p.text for p in row.cells[1].paragraphs if p.text] == [PUBLIC_TITLE, NOTE]
    assert cell_text(row.cells[2]) == "Drøfting"  # type and presenters are public
    texts = paragraphs(document)
    start = texts.index(("Heading 1", "Sak 23/22"))
    assert texts[start + 1:start + 4] == [
        ("Heading 2", PUBLIC_TITLE),
        ("Saksinfo", "Drøfting · Presenterer saken: Siv Ingebrigtsen, Direktoratet for e-helse · "
                     "Start kl. 11:00"),
        ("Utfall", NOTE)]
    assert texts[start + 4] == ("Heading 1", "Sak 24/22")  # no text, documents or proposal


def test_full_agenda_has_the_exempt_content_marked(exempt_item):
    data = render("agenda", public=False)
    assert sorted(leaked(data)) == sorted(
        ["title", "subitem", "description", "proposal_heading", "proposal", "document"])
    assert NOTE in all_text(data)
    assert PUBLIC_TITLE not in all_text(data)


CONFIDENTIAL = "Dokumentet inneholder opplysninger som er unntatt offentlighet (sak 23/22)."


@pytest.mark.parametrize("kind", ["agenda", "minutes"])
def test_full_variant_warns_on_its_first_page_that_it_holds_exempt_material(exempt_item, kind):
    texts = [text for _style, text in paragraphs(open_docx(render(kind, public=False)))]
    assert CONFIDENTIAL in texts[:8]
    assert CONFIDENTIAL not in all_text(render(kind, public=True))


def test_no_warning_without_exempt_material(demo_full):
    assert "unntatt offentlighet" not in all_text(render("agenda", public=False))


def test_public_agenda_says_it_is_the_public_version(exempt_item):
    data = render("agenda", public=True)
    assert "Innkalling og dagsorden – offentlig versjon" in all_text(data)
    assert ("Merknad", "Offentlig versjon: saker unntatt offentlighet vises bare med offentlig "
                       "tittel.") in paragraphs(open_docx(data))
    assert "offentlig versjon" not in all_text(render("agenda", public=False))


# --- the minutes ------------------------------------------------------------------------------------

def test_public_minutes_have_no_exempt_content(exempt_item):
    data = render("minutes", public=True)
    assert leaked(data) == []
    texts = paragraphs(open_docx(data))
    start = texts.index(("Sakstittel", f"Sak 23/22\t{PUBLIC_TITLE}"))
    assert texts[start + 1:start + 4] == [  # the presenters are public, as on the agenda
        ("Saksinfo", "Innretning: Drøfting · Presenterer saken: Siv Ingebrigtsen Direktoratet for "
                     "e-helse"), ("Merknad", NOTE),
        ("Sakstittel", "Sak 24/22\tNasjonal e-helsemonitor – status og plan for videreutvikling")]
    # Other items keep their decisions and actions.
    assert "Oppdatert veikart med innspill fra møtet publiseres i etterkant av møtet." in all_text(data)


def test_full_minutes_have_the_exempt_content(exempt_item):
    data = render("minutes", public=False)
    assert sorted(leaked(data)) == sorted(["title", "decision", "discussion", "action"])
    assert NOTE in all_text(data)


def test_public_minutes_leave_out_reasons_for_forfall(demo_full):
    meeting = nuit_meeting(3)
    bjorn = _db.session.scalar(select(Person).where(Person.name == "Bjørn Nilsen"))
    attendance.report_absence(meeting, bjorn, "Sykehusinnleggelse")
    _db.session.commit()
    assert "Bjørn Nilsen (Sykehusinnleggelse)" in all_text(render("minutes", public=False))
    public = all_text(render("minutes", public=True))
    assert "Sykehusinnleggelse" not in public
    assert "Bjørn Nilsen" in public


def test_document_properties_carry_no_case_titles(exempt_item):
    for kind in ("agenda", "minutes"):
        core = xml_parts(render(kind, public=True))["docProps/core.xml"].decode("utf-8")
        assert "NUIT møte 3/22 (19. mai 2022)" in core
        assert SECRETS["title"] not in core and PUBLIC_TITLE not in core
