"""What members bring to the demo (issue 11), all invented: an exempt case that NUIT 2/22 took up
under "Eventuelt", with a document; an exempt document in a public case; input on two items of
NUIT 4/22 and a forfall with a vara there. Written through the services like cycle.py, and
idempotent: a second run finds everything in place and changes nothing.

The late item is added after NUIT 3/22 is imported and before the cycle records 2/22, so it gets
the next free meeting case number (32/22; 3/22 keeps the seed's 16/22–31/22) and 2/22's minutes
include it. The history file does not list it (the tests that build NUIT 3/22 from the history
need its numbers as they are), so ``with_late_item`` adds it to the file's 2/22 when the demo is
imported again; otherwise the importer would refuse a numbered item missing from the file.

The persons are seed members of NUIT (the demo member login, app/demo/__init__.py, is one of
them); the vara is a placeholder name, not a real person."""
import io
from datetime import date, datetime, time

from sqlalchemy import select

from app.data_io import exporter
from app.extensions import db
from app.models import (
    AgendaItem,
    AttendanceRole,
    CaseDocument,
    Council,
    ItemInput,
    ItemType,
    Person,
)
from app.services.casework import cases, documents
from app.services.core import clock
from app.services.core.records import add, assign
from app.services.planning import meetings
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import attendance, recording

MEMBER_NAME = "Kristin Brekke"  # a member of NUIT in the seed; the demo member login is hers
SUBSTITUTE_NAME = "Kari Nordmann"  # the Norwegian placeholder name: an invented vara

EXEMPT_TITLE = "Anskaffelse av meldingstjeneste – prisevaluering av innkomne tilbud (oppdiktet)"
EXEMPT_PUBLIC_TITLE = "Anskaffelse – vurdering av tilbud"
EXEMPT_BASIS = "offl. § 15 første ledd"
EXEMPT_DESCRIPTION = (
    "Oppdiktet demosak. Sekretariatet legger fram prisevalueringen av de tre tilbudene i "
    "anskaffelsen av en felles meldingstjeneste. Leverandør Alfa har laveste pris, leverandør Beta "
    "best kvalitet; evalueringsnotatet følger vedlagt.")
EXEMPT_PROPOSAL = "NUIT anbefaler at tildelingen gjøres etter evalueringen i vedlagte notat."
EXEMPT_DOCUMENT = "Prisevaluering av tilbud (oppdiktet).pdf"

INTERNAL_CASE = 12  # 12/22, Kostnadsfordeling … – prinsipper (public)
INTERNAL_DOCUMENT = "Internt arbeidsnotat om kostnadsfordeling (oppdiktet).pdf"
INTERNAL_BASIS = "offl. § 14 første ledd"

INPUT_DEADLINE = date(2022, 9, 7)
INPUTS = {  # item title on NUIT 4/22 -> the demo member's input (invented)
    "Godkjenning av referat fra NUIT 19. mai 2022":
        "Bergen kommune ber om at referatet under sak 21/22 også nevner innspillet om "
        "kommunenes kapasitet til innføring.",
    "Oppfølgingspunkter fra tidligere møter":
        "Vi ønsker en kort status på når prinsippene for kostnadsfordeling kommer tilbake til NUIT.",
}


def _nuit() -> Council:
    return db.session.scalar(select(Council).where(Council.code == "NUIT"))


def _person(name: str) -> Person | None:
    return db.session.scalar(select(Person).where(Person.name == name))


def _exempt_item() -> AgendaItem | None:
    council = _nuit()
    if council is None:
        return None
    return db.session.scalar(select(AgendaItem).where(
        AgendaItem.council_id == council.id, AgendaItem.title == EXEMPT_TITLE))


def add_exempt_case() -> bool:
    """The exempt case raised under "Eventuelt" at NUIT 2/22, before the cycle records 2/22.
    Skipped once there, or once 2/22's minutes exist (its record is then the cycle's)."""
    council = _nuit()
    meeting = meeting_by_number(council, 2022, 2) if council is not None else None
    if meeting is None or meeting.minutes is not None or _exempt_item() is not None:
        return False
    case = cases.create_case(EXEMPT_TITLE, year=2022, description=EXEMPT_DESCRIPTION, exempt=True,
                             legal_basis=EXEMPT_BASIS, public_title=EXEMPT_PUBLIC_TITLE)
    # Registered on the day of the meeting it was raised at, as it would have been.
    registered = datetime.combine(meeting.date, time(9, 0), tzinfo=clock.OSLO)
    assign(case, created_at=registered, exempt_since=registered)
    item = recording.add_late_item(meeting, EXEMPT_TITLE, item_type=ItemType.RECOMMENDATION, case=case)
    meetings.set_proposal(item, "Forslag til vedtak", {"text": EXEMPT_PROPOSAL})
    return True


def with_late_item(doc: dict) -> dict:
    """The demo file ``doc`` with the late item of NUIT 2/22 on that meeting's agenda (as the
    export writes it) once the demo has it, so that importing the file again changes nothing."""
    item = _exempt_item()
    if item is None:
        return doc
    fmt = item.meeting.council.case_number_format
    for entry in doc.get("meetings") or []:
        if (entry.get("council"), entry.get("number"), str(entry.get("date"))[:4]) != ("NUIT", 2, "2022") \
                or not entry.get("agenda"):  # an entry without an agenda leaves it as it is
            continue
        late = exporter.item_entry(item, fmt)
        if all(e.get("case_number") != late["case_number"] for e in entry["agenda"]):
            entry["agenda"] = [*entry["agenda"], late]
    return doc


def load_participation() -> bool:
    """After the cycle: the exempt document in a public case, the forfall with a vara and the
    input on NUIT 4/22. Returns False when everything was already in place."""
    council = _nuit()
    september = meeting_by_number(council, 2022, 4)
    member = _person(MEMBER_NAME)
    if september is None or member is None:
        return False
    exempt = _exempt_item()
    changed = exempt is not None and _document(council, exempt.case_seq, EXEMPT_DOCUMENT, [
        "Prisevaluering av tilbud (oppdiktet demodokument)",
        "Alfa: laveste pris. Beta: beste kvalitet. Gamma: avvist."])
    changed |= _document(council, INTERNAL_CASE, INTERNAL_DOCUMENT, [
        "Internt arbeidsnotat (oppdiktet demodokument)",
        "Skisse til fordelingsnokkel mellom aktorene; ikke ferdigbehandlet."],
        legal_basis=INTERNAL_BASIS)
    changed |= _forfall(september, member)
    changed |= _inputs(september, member)
    db.session.flush()
    return changed


def _document(council: Council, seq: int, name: str, lines: list[str],
              legal_basis: str | None = None) -> bool:
    """A document on the case of NUIT's item ``seq``/22, exempt on its own when ``legal_basis``
    is given (a document of an exempt case is exempt with it)."""
    item = db.session.scalar(select(AgendaItem).where(
        AgendaItem.council_id == council.id, AgendaItem.case_year == 2022, AgendaItem.case_seq == seq))
    if item is None or item.case is None or db.session.scalar(select(CaseDocument.id).where(
            CaseDocument.case_id == item.case_id, CaseDocument.original_name == name)):
        return False
    documents.add_document(item.case, io.BytesIO(_pdf(lines)), name,
                           exempt=legal_basis is not None, legal_basis=legal_basis)
    return True


def _forfall(meeting, member: Person) -> bool:
    if any(a.person_id == member.id for a in meeting.attendance):
        return False
    attendance.report_absence(meeting, member, "Annet møte samme dag.")
    attendance.add_attendee(meeting, AttendanceRole.SUBSTITUTE, name=SUBSTITUTE_NAME,
                            substitute_for=member)
    return True


def _inputs(meeting, member: Person) -> bool:
    """The input request on two items and the member's input on both. Written as rows: the input
    service (innspill) is being built in its own branch."""
    changed = False
    by_title = {i.title: i for i in meeting.items}
    for title, body in INPUTS.items():
        item = by_title.get(title)
        if item is None:
            continue
        changed |= assign(item, input_requested=True, input_deadline=INPUT_DEADLINE)
        if db.session.scalar(select(ItemInput.id).where(
                ItemInput.item_id == item.id, ItemInput.person_id == member.id)) is None:
            written = datetime.combine(date(2022, 9, 5), time(14, 30), tzinfo=clock.OSLO)
            add(ItemInput(item_id=item.id, person_id=member.id, body=body, created_at=written,
                          updated_at=written))
            changed = True
    return changed


def _pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the given lines (ASCII), small and valid, made in code."""
    text = "BT /F1 12 Tf 72 760 Td 16 TL " + " ".join(
        "(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)") + ") '"
        for line in lines) + " ET"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(text), text.encode("latin-1")),
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()
