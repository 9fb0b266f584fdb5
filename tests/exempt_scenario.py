"""The invented exempt material of the disclosure tests and the access matrix (DOMAIN.md §9).

On NUIT 3/22: an exempt case (title, text, proposal, decision, discussion, a member's input and
its summary for the minutes, a document and a follow-up action, all carrying the secret word) and, in the public case 18/22, a document exempt
on its own beside a public one. The minutes are sent for comments, approved and published, and
the follow-up reminders are sent. The texts are invented; SECRET is in every exempt text and
nowhere else, so finding it anywhere a reader without access looks is a leak.
"""
import io
import zipfile
from dataclasses import dataclass
from datetime import date

import time_machine
from docx import Document
from sqlalchemy import select

from app.extensions import db
from app.models import Council, ItemInput, ItemOutcome, MembershipRole, User
from app.services.casework import documents
from app.services.planning import meetings
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import (
    attendance,
    followup,
    item_inputs,
    minutes,
    notifications,
    recording,
)
from app.services.registry import councils
from app.services.registry.users import create_user
from tests.test_pdf import _text_pdf

SECRET = "HEMMELIG-ORD"  # in every exempt text below, and nowhere else
SECRET_TITLE = "HEMMELIG-ORD-A: forhandlingene med Krokodille Data AS"
SECRET_DESCRIPTION = "Saksframstillingen om HEMMELIG-ORD-A2."
SECRET_PROPOSAL = "NUIT godtar HEMMELIG-ORD-A3."
SECRET_REFERENCE = "Leverandørens ref. HEMMELIG-ORD-F"
SECRET_SUBMITTER = "Innsender HEMMELIG-ORD-G"
SECRET_DECISION = "NUIT godtok HEMMELIG-ORD-D med forbehold."
SECRET_DISCUSSION = "Medlemmene drøftet HEMMELIG-ORD-D2."
SECRET_ACTION = "Forhandle videre om HEMMELIG-ORD-E."
SECRET_INPUT = "Innspill fra et medlem om HEMMELIG-ORD-H."
SECRET_INPUT_SUMMARY = "Medlemmene gav innspill om HEMMELIG-ORD-I."
ACTION_MARKER = "OPPGAVE-MERKE: lever statusrapporten"  # an action the responsible person may read
SECRET_CASE_DOCUMENT = "HEMMELIG-ORD-C vedlegg.pdf"  # a document of the exempt case
SECRET_DOCUMENT = "HEMMELIG-ORD-B tilbud.pdf"  # exempt on its own, in a public case
SECRET_DOCUMENT_TEXT = "HEMMELIG-ORD-B innhold"
PUBLIC_DOCUMENT = "Offentlig notat.pdf"
PUBLIC_DOCUMENT_TEXT = "Offentlig notat om grunndata"
PUBLIC_TITLE = "Sak om en leverandøravtale"
CASE_BASIS, DOCUMENT_BASIS = "offl. § 14", "offl. § 23 første ledd"
CASE_NOTE = f"Unntatt offentlighet, jf. {CASE_BASIS}"
DOCUMENT_NOTE = f"Unntatt offentlighet, jf. {DOCUMENT_BASIS}"

VIEW_DAY = date(2022, 7, 2)  # minutes approved and published, reminders sent
ANONYMOUS, NUFA_MEMBER, NUIT_MEMBER, SECRETARIAT = ("anonym", "medlem av NUFA", "medlem av NUIT",
                                                    "sekretariatet")
EMAILS = {NUFA_MEMBER: "medlem.nufa@example.no", NUIT_MEMBER: "medlem.nuit@example.no",
          SECRETARIAT: "sekretar@example.no"}
PASSWORD = "riktig-passord-123"


def leaked(text: str) -> bool:
    return SECRET.lower() in text.lower()


def council_by_code(code: str) -> Council:
    return db.session.scalar(select(Council).where(Council.code == code))


def user_for(role: str) -> User:
    return db.session.scalar(select(User).where(User.email == EMAILS[role]))


def make_people(council: Council, nufa: Council):
    """A current NUIT member, a NUFA member (and no NUIT member) and the users for the roles."""
    nuit_person = next(m.person for m in council.memberships
                       if m.role in (MembershipRole.MEMBER, MembershipRole.LEADER)
                       and m.active_on(date(2022, 5, 1)) and m.active_on(VIEW_DAY))
    nufa_person = councils.upsert_person("Nina Nufa-Medlem")
    councils.ensure_membership(nufa_person, nufa, MembershipRole.MEMBER, valid_from=date(2022, 1, 1))
    for role, roles, person in ((NUFA_MEMBER, [], nufa_person), (NUIT_MEMBER, [], nuit_person),
                                (SECRETARIAT, ["secretariat"], None)):
        create_user(EMAILS[role], PASSWORD, roles).person = person



# --- the scenario ---------------------------------------------------------------------------------

@dataclass
class Scenario:
    meeting_id: int
    number: str  # the exempt item's meeting case number
    exempt_case: str  # /saker/<year>/<seq>
    public_case: str
    public_file_number: str
    case_document: int  # document numbers
    secret_document: int
    public_document: int
    action_id: int
    exempt_file: tuple[int, int] = (0, 0)  # the exempt case's (year, seq)
    public_file: tuple[int, int] = (0, 0)


def build_scenario(responsible_user=None) -> Scenario:
    """The exempt case, the exempt document and the rest on NUIT 3/22 (see the module's doc).
    ``responsible_user``: a user whose person is also made responsible for an action of the
    exempt case (described by ACTION_MARKER, no secret in it)."""
    council, nufa = council_by_code("NUIT"), council_by_code("NUFA")
    meeting = meeting_by_number(council, 2022, 3)
    for n, membership in enumerate(council.memberships):
        membership.person.email = f"nuit.medlem{n}@example.no"
    make_people(council, nufa)
    responsible = councils.upsert_person("Rita Ansvarlig", email="rita.ansvarlig@example.no",
                                         organisation=council.secretariat)
    with time_machine.travel(date(2022, 5, 19), tick=False):
        item = meetings.add_case_item(
            meeting, SECRET_TITLE, item_type="Drøfting", exempt=True, legal_basis=CASE_BASIS,
            public_title=PUBLIC_TITLE, presenters=["Kari Nordmann"],
            proposal_heading="Forslag til vedtak", proposal_body={"text": SECRET_PROPOSAL})
        db.session.flush()
        item.case.description = SECRET_DESCRIPTION
        item.case.external_reference = SECRET_REFERENCE
        item.case.submitted_by_person = councils.upsert_person(SECRET_SUBMITTER)
        # 18/22, a case of its own (16/22, the approval of the notice, has no case file).
        public_case = next(i for i in meeting.items if i.case_seq == 18).case
        case_document = documents.add_document(item.case, io.BytesIO(_text_pdf("HEMMELIG-ORD-C")),
                                               SECRET_CASE_DOCUMENT)
        public_document = documents.add_document(
            public_case, io.BytesIO(_text_pdf(PUBLIC_DOCUMENT_TEXT)), PUBLIC_DOCUMENT)
        secret_document = documents.add_document(
            public_case, io.BytesIO(_text_pdf(SECRET_DOCUMENT_TEXT)), SECRET_DOCUMENT, exempt=True,
            legal_basis=DOCUMENT_BASIS)
        # The demo's meeting is held already: the input is stored as it was given before it.
        db.session.add(ItemInput(item_id=item.id, person_id=user_for(NUIT_MEMBER).person.id,
                                 body=SECRET_INPUT))
        attendance.prefill(meeting)
        recording.record_item(item, item.version, outcome=ItemOutcome.DECIDED,
                              decision_body={"text": SECRET_DECISION}, discussion=SECRET_DISCUSSION)
        item_inputs.set_input_summary(item, SECRET_INPUT_SUMMARY)
        recording.mark_held(meeting)
        action = followup.create_action(item, SECRET_ACTION, person=responsible,
                                        organisation=council.secretariat, due_date=date(2022, 6, 30))
        if responsible_user is not None:
            followup.create_action(item, ACTION_MARKER, person=responsible_user.person,
                                   due_date=date(2022, 6, 30))
        db.session.commit()
    with time_machine.travel(date(2022, 5, 20), tick=False):
        minutes.send_for_comments(minutes.minutes_for(meeting), date(2022, 6, 1))
        db.session.commit()
    with time_machine.travel(date(2022, 6, 2), tick=False):
        minutes.approve(meeting.minutes, circulated_on=date(2022, 6, 2))
        minutes.publish(meeting.minutes)
        db.session.commit()
    for day in (date(2022, 6, 23), date(2022, 7, 1)):  # a week before the due date, and after it
        with time_machine.travel(day, tick=False):
            assert notifications.scan_reminders() == (1 if responsible_user is None else 2)
    return Scenario(
        meeting_id=meeting.id, number=f"{item.case_seq}/22",
        exempt_case=f"/saker/{item.case.file_year}/{item.case.file_seq}",
        public_case=f"/saker/{public_case.file_year}/{public_case.file_seq}",
        public_file_number=public_case.file_number, case_document=case_document.number,
        secret_document=secret_document.number, public_document=public_document.number,
        action_id=action.id, exempt_file=(item.case.file_year, item.case.file_seq),
        public_file=(public_case.file_year, public_case.file_seq))


# --- papers as text -------------------------------------------------------------------------------

def docx_xml(data: bytes) -> str:
    """Every XML part of a .docx (document, headers, footers, properties), raw."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        return " ".join(archive.read(name).decode("utf-8") for name in archive.namelist()
                        if name.endswith(".xml") or name.endswith(".rels"))


def docx_lines(data: bytes) -> list[str]:
    """The paragraphs of a .docx, table cells included."""
    document = Document(io.BytesIO(data))
    lines = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            for cell in row.cells:
                lines.extend(p.text for p in cell.paragraphs)
    return lines
