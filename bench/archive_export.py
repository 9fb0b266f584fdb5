"""Benchmark: the Noark 5 archive export (issue 13).

Targets: a synthetic decade (4 councils × 10 years × 6 meetings × 15 numbered items, with case
documents) exports in under 60 s on this machine without PDF conversion, with peak memory under
300 MB and growing far slower than the data. The first 1, 3 and 10 years of the decade are
exported, each in a fresh process, so that each run's peak RSS is its own.

The data is built once, in a SQLite file (or the empty database DATABASE_URL names), with
`add_all` in batches rather than a service call per row, but shaped as the services leave it:
meetings numbered per council and year, issued (frozen agenda), held with attendance and a chair,
recorded, their minutes sent for comments and approved by the next meeting's «Godkjenning av
referat» item (the decade's last meeting by circulation) and published; the standard items with a
meeting case number and no case file; the other items with a case file numbered across councils
per year ("2019/123"), one or two invented PDF/DOCX documents each stored as
app/services/casework/documents.py stores uploads, some cases exempt with a legal basis and a
public title, one item per council-year postponed to the next meeting; follow-up actions. Every
flush goes through the audit hook as a service's would, in the steps the services take them
(planned, issued, held, minutes sent, approved), with the clock set to the day each happened, so
the change log has a decade of dated events.

Run with `python -m bench.archive_export` (options: --years 1 3 10, --keep DIR, --no-heap, --profile);
record the figures in docs/performance.md.
"""
import argparse
import hashlib
import io
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
import uuid
import zipfile
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from datetime import time as clock_time
from pathlib import Path

from sqlalchemy import func, insert, select

from app.models import (
    ActionStatus,
    AgendaItem,
    AgendaItemPresenter,
    ApprovalMethod,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    AuditEvent,
    Case,
    CaseDocument,
    Council,
    FollowUpAction,
    ItemKind,
    ItemOutcome,
    ItemPurpose,
    ItemStatus,
    ItemType,
    Meeting,
    MeetingStatus,
    Membership,
    MembershipRole,
    Minutes,
    MinutesStatus,
    MinutesVersion,
    NoticeVersion,
    NumberCounter,
    Organisation,
    Person,
    ProposalRevision,
    Role,
    User,
    UserRole,
    VersionKind,
)

FIRST_YEAR = 2016
SCHEMA_DIR = Path(__file__).resolve().parents[1].parent / "shared" / "noark5"


@dataclass(frozen=True)
class Shape:
    councils: int = 4
    years: int = 10
    meetings: int = 6  # per council and year
    items: int = 15  # numbered agenda items per meeting (a break comes on top)
    first_year: int = FIRST_YEAR


# --------------------------------------------------------------------------- invented content

COUNCILS = [
    ("BYGG", "Utvalg for bygg og eiendom", "Eiendomsdirektoratet"),
    ("HELSE", "Helse- og omsorgsutvalget", "Direktoratet for helsetjenester"),
    ("SKOLE", "Utvalg for oppvekst og utdanning", "Utdanningsetaten"),
    ("KLIMA", "Klima- og miljøutvalget", "Miljøsekretariatet"),
    ("KULT", "Kulturutvalget", "Kultursekretariatet"),
    ("DIGI", "Digitaliseringsutvalget", "Digitaliseringsetaten"),
]
ORGANISATIONS = ["Nordvik kommune", "Sørdal kommune", "Østby kommune", "Vestfjord fylkeskommune",
                 "Fjellheim interkommunale selskap", "Havnevesenet i Nordvik", "Statens tilsyn for "
                 "tjenester", "Brukerrådet", "Arbeidstakerorganisasjonene"]
FIRST = ["Kari", "Ola", "Ingrid", "Per", "Marit", "Knut", "Sigrid", "Lars", "Anne", "Jon", "Liv",
         "Eirik", "Tone", "Bjørn", "Hilde", "Geir", "Randi", "Terje", "Solveig", "Arne"]
LAST = ["Nordmann", "Haugen", "Berg", "Dahl", "Lunde", "Strand", "Moe", "Bakke", "Solberg", "Vik",
        "Lie", "Fjeld", "Aas", "Holm", "Sæther", "Brekke", "Ødegård", "Engen", "Ruud", "Tangen"]
TOPICS = ["vedlikeholdsplan for kommunale bygg", "ny skolestruktur i nordre bydel",
          "handlingsplan for klimatilpasning", "digital innbyggerdialog", "budsjettrevisjon",
          "økonomirapport for andre tertial", "anskaffelse av fagsystem", "trafikksikkerhetsplan",
          "kulturhusets driftsmodell", "samarbeid om legevakt", "rullering av boligsosial plan",
          "høring om regional plan for vannforvaltning", "tilstandsrapport for idrettsanlegg",
          "strategi for åpne data", "årsmelding", "innspill til statsbudsjettet",
          "evaluering av tilskuddsordningen", "beredskapsplan for flom og skred"]
WORDS = ("utvalget saken kommunen tiltaket planen arbeidet rapporten økonomi vedtak forslag "
         "oppfølging gjennomføring kostnader risiko tidsplan innbyggerne tjenestene behov "
         "prioritering anbefaling høring innspill vurdering konsekvenser alternativ løsning "
         "ansvar samarbeid fremdrift status").split()
LEGAL_BASES = [("offl. § 13, jf. fvl. § 13 første ledd nr. 1", "Personalsak"),
               ("offl. § 23 første ledd", "Forhandlinger om avtale"),
               ("offl. § 14 første ledd", "Organinternt dokument"),
               ("offl. § 15 andre ledd", "Innspill til intern vurdering"),
               ("offl. § 24 andre ledd", "Kontroll- og reguleringstiltak")]
ITEM_TYPES = [ItemType.INFORMATION, ItemType.DISCUSSION, ItemType.DECISION, ItemType.RECOMMENDATION]
MEETING_DAYS = [(2, 8), (3, 22), (5, 3), (6, 14), (9, 13), (11, 22)]  # shifted per council


def _name(rng: random.Random) -> str:
    return f"{rng.choice(FIRST)} {rng.choice(LAST)}"


def _text(rng: random.Random, words: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(words)).capitalize() + "."


def _pdf(lines: list[str]) -> bytes:
    """A small valid PDF (one text page per 50 lines, WinAnsi Helvetica)."""
    pages = [lines[i:i + 50] for i in range(0, len(lines), 50)] or [[""]]
    objects: list[bytes] = []
    n_pages = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n_pages))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {n_pages} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, page in enumerate(pages):
        text = " ".join("(" + line.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")
                        + ") '" for line in page)
        stream = f"BT /F1 10 Tf 14 TL 50 800 Td {text} ET".encode("latin-1", "replace")
        objects.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources "
                       f"<< /Font << /F1 3 0 R >> >> /Contents {5 + 2 * i} 0 R >>".encode())
        objects.append(b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe6\xf8\xe5\xc6\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


_DOCX_TYPES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
               '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
               '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
               'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
               '<Override PartName="/word/document.xml" ContentType="application/vnd.'
               'openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
_DOCX_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
              'relationships/officeDocument" Target="word/document.xml"/></Relationships>')


def _docx(paragraphs: list[str]) -> bytes:
    """A small valid DOCX: what documents.detect_type recognises as Word."""
    from xml.sax.saxutils import escape

    body = "".join(f"<w:p><w:r><w:t>{escape(p)}</w:t></w:r></w:p>" for p in paragraphs)
    document = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<w:document xmlns:w='
                '"http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>'
                f'{body}</w:body></w:document>')
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", _DOCX_TYPES)
        archive.writestr("_rels/.rels", _DOCX_RELS)
        archive.writestr("word/document.xml", document)
    return out.getvalue()


# --------------------------------------------------------------------------- the data

class _Clock:
    """The services' clock, set to the moment each step of the history happened (so created_at,
    uploaded_at and the audit trail's dates are historic)."""

    def __init__(self):
        self.moment = datetime.now(UTC)

    def set(self, day: date, hour: int = 10, minute: int = 0) -> None:
        self.moment = datetime(day.year, day.month, day.day, hour, minute, tzinfo=UTC)

    def now(self) -> datetime:
        return self.moment


class _Builder:
    def __init__(self, shape: Shape, upload_root: Path, seed: int = 13):
        from app.extensions import db

        self.db = db
        self.shape = shape
        self.upload_root = upload_root
        self.rng = random.Random(seed)
        self.counts = {"meetings": 0, "items": 0, "cases": 0, "documents": 0, "document_bytes": 0}
        self.case_file_seq: dict[int, int] = {}
        self.document_numbers: dict[int, int] = {}  # id(case) -> last document number
        self.postponed: dict[tuple[int, int, int], AgendaItem] = {}  # (council id, year, n) -> item
        self.last_meeting_of: dict[int, int] = {}  # council id -> meeting id (minutes to approve)
        self.open_actions: dict[int, list[int]] = {}  # council id -> action ids

    # -- people and councils
    def registry(self) -> None:
        db, rng = self.db, self.rng
        orgs = [Organisation(name=name) for name in ORGANISATIONS]
        db.session.add_all(orgs)
        user_person = Person(name="Siri Sekretær", title="Arkivleder")
        self.user = User(email="bench@motebok.example", password_hash="!bench-no-login",
                         person=user_person)
        self.user.role_rows.append(UserRole(role=Role.SECRETARIAT))
        db.session.add(self.user)
        self.councils = []
        used = set()

        def person(title, organisation):
            while (name := _name(rng)) in used:
                pass
            used.add(name)
            return Person(name=name, title=title, organisation=organisation)

        for code, name, secretariat in COUNCILS[:self.shape.councils]:
            sec = Organisation(name=secretariat)
            council = Council(code=code, name=name, description=f"{name} (oppdiktet, for måling).",
                              active_from=date(self.shape.first_year, 1, 1), secretariat=sec)
            start = date(self.shape.first_year, 1, 1)
            seats = [(MembershipRole.LEADER, "Leder"), (MembershipRole.DEPUTY_LEADER, "Nestleder")]
            seats += [(MembershipRole.MEMBER, "Medlem")] * 7
            seats += [(MembershipRole.SUBSTITUTE, "Varamedlem")] * 2
            seats += [(MembershipRole.OBSERVER, "Observatør"), (MembershipRole.SECRETARIAT, "Rådgiver"),
                      (MembershipRole.SECRETARIAT, "Seniorrådgiver")]
            for role, title in seats:
                org = sec if role == MembershipRole.SECRETARIAT else rng.choice(orgs)
                council.memberships.append(Membership(person=person(title, org), role=role,
                                                      organisation=org, valid_from=start))
            db.session.add(council)
            self.councils.append(council)
        self.orgs = orgs
        db.session.flush()

    # -- documents, stored as documents.store_upload stores them
    def _store(self, data: bytes) -> tuple[str, int, str]:
        stored_name = uuid.uuid4().hex
        target = self.upload_root / stored_name[:2] / stored_name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        os.chmod(target, 0o640)
        return stored_name, len(data), hashlib.sha256(data).hexdigest()

    def document(self, case: Case, kind: str, title: str, *, exempt_basis=None) -> CaseDocument:
        rng = self.rng
        number = self.document_numbers[id(case)] = self.document_numbers.get(id(case), 0) + 1
        lines = [f"{case.file_year}/{case.file_seq}-{number} {title}"]
        lines += [_text(rng, rng.randint(8, 14)) for _ in range(rng.randint(30, 260))]
        if kind == "pdf":
            data, label = _pdf(lines), "Saksframlegg"
            content_type = "application/pdf"
        else:
            data, label = _docx(lines), "Vedlegg"
            content_type = ("application/vnd.openxmlformats-officedocument."
                            "wordprocessingml.document")
        stored_name, size, sha256 = self._store(data)
        self.counts["documents"] += 1
        self.counts["document_bytes"] += size
        return CaseDocument(
            case=case, number=number, original_name=f"{label} {case.file_year}-{case.file_seq}-{number}.{kind}",
            stored_name=stored_name, content_type=content_type, size_bytes=size, sha256=sha256,
            uploaded_by_id=self.user.id, exempt=exempt_basis is not None, legal_basis=exempt_basis)

    def case(self, year: int, title: str) -> Case:
        rng = self.rng
        seq = self.case_file_seq[year] = self.case_file_seq.get(year, 0) + 1
        exempt = rng.random() < 0.1
        basis, public = rng.choice(LEGAL_BASES) if exempt else (None, None)
        self.counts["cases"] += 1
        case = Case(file_year=year, file_seq=seq, title=title,
                    description=" ".join(_text(rng, 12) for _ in range(3)),
                    submitted_by_organisation=rng.choice(self.orgs), exempt=exempt,
                    legal_basis=basis, public_title=f"{public} – {year}" if exempt else None)
        return case

    # -- one year's meetings, each in the steps the services take, in the order they happened
    def year(self, year: int, clock: _Clock) -> None:
        db, shape = self.db, self.shape
        plans = [(self.meeting_day(council, year, n), council, n)
                 for council in self.councils for n in range(1, shape.meetings + 1)]
        plans.sort(key=lambda p: (p[0], p[1].id))
        for day, council, n in plans:
            clock.set(day - timedelta(days=28))  # the agenda, four weeks before
            with db.session.no_autoflush:
                meeting = self.plan_meeting(council, year, n, day)
            db.session.flush()
            clock.set(day - timedelta(days=14))  # the notice
            self.issue(meeting)
            db.session.flush()
            clock.set(day, 15, 30)  # the meeting day: recorded and held
            self.hold(meeting)
            self.approve_previous(meeting)
            db.session.flush()
            clock.set(day + timedelta(days=3))  # minutes sent for comments
            self.send_minutes(meeting)
            db.session.flush()
            if n == shape.meetings:
                self.last_meeting_of[council.id] = meeting.id
        self.counts["meetings"] += len(plans)

    def meeting_day(self, council: Council, year: int, n: int) -> date:
        month, day = MEETING_DAYS[n - 1]
        return date(year, month, day) + timedelta(days=self.councils.index(council))

    def plan_meeting(self, council: Council, year: int, n: int, day: date) -> Meeting:
        from app.services.proceedings.meeting_setup import CARRY_OVER_TITLE, minutes_phrase

        rng, shape = self.rng, self.shape
        leader = next(m for m in council.memberships if m.role == MembershipRole.LEADER)
        by_chair = {"presenters": [AgendaItemPresenter(position=0, person=leader.person)],
                    "presenting_organisation": leader.organisation}
        meeting = Meeting(council=council, year=year, number=n, date=day,
                          start_time=clock_time(9, 0), location=f"Rådhuset, møterom {rng.randint(1, 4)}",
                          status=MeetingStatus.PLANNED)
        self.db.session.add(meeting)
        rows: list[AgendaItem] = []

        def item(title, purpose, item_type, heading=None, body=None, **fields):
            it = AgendaItem(meeting=meeting, council_id=council.id, position=len(rows), kind=ItemKind.CASE,
                            purpose=purpose, title=title, item_type=item_type,
                            proposal_heading=heading, proposal_body=body, subitems=fields.pop("subitems", []),
                            **fields)
            if heading or body:
                it.proposal_revisions.append(ProposalRevision(number=1, heading=heading, body=body,
                                                              created_by_id=self.user.id))
            rows.append(it)
            return it

        code = council.code
        item("Godkjenning av innkalling og dagsorden", ItemPurpose.APPROVE_NOTICE, ItemType.APPROVAL,
             "Forslag til vedtak", {"text": f"{code} godkjenner innkalling og dagsorden."},
             duration_minutes=2, **_copy(by_chair))
        previous = self.last_meeting_of.get(council.id) if n == 1 else None
        previous = self.db.session.get(Meeting, previous) if previous else None
        if n > 1 or previous is not None:
            earlier = previous or self._meeting(council, year, n - 1)
            phrase = minutes_phrase(council, [earlier])
            item(f"Godkjenning av referat fra {phrase}", ItemPurpose.APPROVE_MINUTES, ItemType.APPROVAL,
                 "Forslag til vedtak", {"text": f"{code} godkjenner referatet fra {phrase}."},
                 duration_minutes=3, **_copy(by_chair))
        if self.open_actions.get(council.id):
            item(CARRY_OVER_TITLE, ItemPurpose.FOLLOW_UP, ItemType.INFORMATION, "Forslag til vedtak",
                 {"text": f"{code} tar oppfølgingspunktene til orientering."}, duration_minutes=5,
                 subitems=[f"Oppfølgingspunkt {i}" for i in self.open_actions[council.id]],
                 **_copy(by_chair))
        cases = shape.items - len(rows) - 1  # "Eventuelt" closes the agenda
        carried = self.postponed.pop((council.id, year, n), None)
        topics = rng.sample(TOPICS, len(TOPICS))
        for k in range(cases):
            if k == cases // 2:
                self.db.session.add(AgendaItem(meeting=meeting, council_id=council.id, position=len(rows),
                                               kind=ItemKind.BREAK, purpose=ItemPurpose.BREAK,
                                               title="Pause", duration_minutes=15, subitems=[]))
                rows.append(None)
            item_type = ITEM_TYPES[(k + n) % len(ITEM_TYPES)]
            if carried is not None and k == 0:  # back from the meeting it was postponed at
                case, title = carried.case, carried.title
                carried.postponed_to_meeting = meeting
                docs = [self.document(case, "pdf", "Oppdatert saksframlegg")]
            else:
                topic = topics[k]
                title = f"{topic[0].upper()}{topic[1:]} ({code} {n}/{year % 100:02d})"
                case = self.case(year, title)
                docs = [self.document(case, "pdf", "Saksframlegg")]
                if k % 2 == 0:
                    basis = "offl. § 14 første ledd" if (not case.exempt and rng.random() < 0.05) else None
                    docs.append(self.document(case, "docx", "Vedlegg", exempt_basis=basis))
            body = ({"points": [_text(rng, 10), _text(rng, 8)]} if item_type != ItemType.INFORMATION
                    else {"text": f"{code} tar saken til orientering."})
            presenter = AgendaItemPresenter(position=0, name=_name(rng))
            item(title, ItemPurpose.CASE, item_type, "Forslag til vedtak", body, case=case,
                 duration_minutes=rng.choice([10, 15, 20, 30]), presenters=[presenter],
                 presenting_organisation=rng.choice(self.orgs),
                 subitems=[_text(rng, 4) for _ in range(rng.randint(0, 2))])
            self.db.session.add_all(docs)
        item("Eventuelt", ItemPurpose.ANY_OTHER_BUSINESS, None, duration_minutes=5, **_copy(by_chair))
        self.db.session.add_all([r for r in rows if r is not None])
        return meeting

    def _meeting(self, council: Council, year: int, number: int) -> Meeting:
        return self.db.session.scalar(select(Meeting).where(
            Meeting.council_id == council.id, Meeting.year == year, Meeting.number == number))

    def issue(self, meeting: Meeting) -> None:
        from app.services.core.clock import now
        from app.services.planning.agenda import agenda_rows

        numbered = [i for i in sorted(meeting.items, key=lambda i: i.position) if i.kind == ItemKind.CASE]
        for seq, item in enumerate(numbered, start=(meeting.number - 1) * self.shape.items + 1):
            item.case_year, item.case_seq = meeting.year, seq
        self.counts["items"] += len(numbered)
        meeting.status = MeetingStatus.ISSUED
        meeting.notice_issued_at = now()
        meeting.notice_issued_by_id = self.user.id
        self.db.session.flush()
        frozen = [{"number": r.number, "title": r.title, "type": r.item_type, "presenter": r.presenter,
                   "start": r.start.strftime("%H:%M") if r.start else None, "break": r.is_break,
                   "proposal_heading": r.proposal_heading, "proposal": r.proposal_body}
                  for r in agenda_rows(meeting, viewer=None, show_exempt=True)]
        self.db.session.add(NoticeVersion(meeting_id=meeting.id, number=1, agenda=frozen,
                                          issued_by_id=self.user.id))
        position = 0
        for membership in meeting.council.memberships:  # attendance.prefill
            role = {MembershipRole.LEADER: AttendanceRole.MEMBER, MembershipRole.DEPUTY_LEADER:
                    AttendanceRole.MEMBER, MembershipRole.MEMBER: AttendanceRole.MEMBER,
                    MembershipRole.OBSERVER: AttendanceRole.OBSERVER}.get(membership.role)
            if role is None:
                continue
            meeting.attendance.append(Attendance(meeting_id=meeting.id, person=membership.person,
                                                 role=role, status=AttendanceStatus.PRESENT,
                                                 position=position))
            position += 1
            if membership.role == MembershipRole.LEADER:
                meeting.chair = membership.person

    def hold(self, meeting: Meeting) -> None:
        rng = self.rng
        council = meeting.council
        members = [a for a in meeting.attendance if a.role == AttendanceRole.MEMBER]
        absent = members[2 + rng.randint(0, len(members) - 3)]
        absent.status, absent.absence_reason, absent.reported_in_advance = \
            AttendanceStatus.ABSENT, "Forfall", True
        substitute = next(m.person for m in council.memberships if m.role == MembershipRole.SUBSTITUTE)
        staff = [m.person for m in council.memberships if m.role == MembershipRole.SECRETARIAT]
        position = len(meeting.attendance)
        meeting.attendance.append(Attendance(meeting_id=meeting.id, person=substitute,
                                             role=AttendanceRole.SUBSTITUTE, substitute_for=absent.person,
                                             position=position))
        for offset, person in enumerate(staff, start=1):
            meeting.attendance.append(Attendance(meeting_id=meeting.id, person=person,
                                                 role=AttendanceRole.SECRETARIAT, position=position + offset))
        meeting.minute_taker = staff[0]
        case_items = [i for i in meeting.items if i.kind == ItemKind.CASE]
        # One case a year is postponed from the second meeting to the third.
        postpone = case_items[-2] if meeting.number == 2 and self.shape.meetings > 2 else None
        for item in case_items:
            if item is postpone:
                item.status, item.outcome = ItemStatus.POSTPONED, ItemOutcome.POSTPONED
                item.postponed_to_date = self.meeting_day(council, meeting.year, 3)
                self.postponed[council.id, meeting.year, 3] = item
                continue
            item.outcome = (ItemOutcome.INFORMATION if item.item_type == ItemType.INFORMATION
                            else ItemOutcome.DECIDED)
            item.status = ItemStatus.TREATED
            item.decision_body = item.proposal_body
            if item.purpose == ItemPurpose.CASE:
                item.discussion = " ".join(_text(rng, rng.randint(10, 25)) for _ in range(rng.randint(1, 3)))
            elif item.purpose == ItemPurpose.ANY_OTHER_BUSINESS:
                item.discussion = "Ingen saker ble meldt under eventuelt."
        first_case = next(i for i in case_items if i.purpose == ItemPurpose.CASE and i is not postpone)
        action = FollowUpAction(council_id=council.id, item=first_case,
                                description=f"Sekretariatet følger opp {first_case.title.lower()}.",
                                responsible_organisation=council.secretariat,
                                due_date=meeting.date + timedelta(days=90), status=ActionStatus.OPEN)
        self.db.session.add(action)
        meeting.end_time = clock_time(14, 30)
        meeting.status = MeetingStatus.HELD
        meeting.minutes = Minutes(meeting_id=meeting.id, status=MinutesStatus.DRAFT)
        self.db.session.flush()
        # Actions reported back at this meeting are done; this meeting's stays open until the next.
        follow_up = next((i for i in case_items if i.purpose == ItemPurpose.FOLLOW_UP), None)
        for action_id in self.open_actions.get(council.id, []):
            done = self.db.session.get(FollowUpAction, action_id)
            done.status, done.reported_item_id = ActionStatus.DONE, follow_up.id if follow_up else None
        self.open_actions[council.id] = [action.id]

    def send_minutes(self, meeting: Meeting) -> None:
        from app.services.core.clock import now
        from app.services.proceedings.minutes import snapshot

        minutes = meeting.minutes
        minutes.status = MinutesStatus.COMMENTS
        minutes.comment_deadline = meeting.date + timedelta(days=10)
        minutes.sent_for_comments_at = now()
        minutes.versions.append(MinutesVersion(
            minutes_id=minutes.id, number=1, kind=VersionKind.COMMENTS,
            reason="Sendt til medlemmene for kommentarer", content=snapshot(meeting),
            created_by_id=self.user.id))

    def approve_previous(self, meeting: Meeting, *, by_circulation: bool = False) -> None:
        """The minutes this meeting's «Godkjenning av referat» approves (or, by circulation,
        the meeting's own)."""
        from app.services.proceedings.minutes import snapshot
        from app.services.proceedings.minutes_lock import approval_text

        if by_circulation:
            target, item = meeting, None
        else:
            item = next((i for i in meeting.items if i.purpose == ItemPurpose.APPROVE_MINUTES), None)
            if item is None:
                return
            target = self._previous(meeting)
        minutes = target.minutes
        minutes.status = MinutesStatus.APPROVED
        minutes.approval_method = ApprovalMethod.CIRCULATION if item is None else ApprovalMethod.MEETING
        minutes.approved_on = meeting.date + timedelta(days=21) if item is None else meeting.date
        target.minutes_approved_by_item_id = item.id if item else None
        minutes.versions.append(MinutesVersion(
            minutes_id=minutes.id, number=len(minutes.versions) + 1, kind=VersionKind.APPROVED,
            reason=approval_text(minutes), content=snapshot(target), created_by_id=self.user.id))
        self.db.session.flush()
        minutes.status = MinutesStatus.PUBLISHED
        from app.services.core.clock import now
        minutes.published_at = now()

    def _previous(self, meeting: Meeting) -> Meeting:
        if meeting.number > 1:
            return self._meeting(meeting.council, meeting.year, meeting.number - 1)
        return self._meeting(meeting.council, meeting.year - 1, self.shape.meetings)

    def audit_changes(self, clock: _Clock) -> None:
        """Some later edits, through the audit hook as the case page would make them: a title
        corrected, a case made exempt after the meeting."""
        cases = self.db.session.scalars(select(Case).order_by(Case.id)).all()
        for case in cases[::23]:
            clock.set(date(case.file_year, 12, 15))
            case.title = case.title + " – revidert"
            self.db.session.flush()
        for case in cases[5::47]:
            if not case.exempt:
                clock.set(date(case.file_year, 12, 20))
                case.exempt, case.legal_basis = True, "offl. § 13, jf. fvl. § 13 første ledd nr. 2"
                case.public_title = f"Sak unntatt offentlighet {case.file_year}"
                self.db.session.flush()

    def counters(self) -> None:
        """The numbering service's counters, as if every number had been taken through it."""
        db = self.db
        rows = []
        for year, council_id, last in db.session.execute(
                select(Meeting.year, Meeting.council_id, func.max(Meeting.number))
                .group_by(Meeting.year, Meeting.council_id)):
            rows.append({"key": f"meeting:{council_id}", "year": year, "last_value": last})
        for year, council_id, last in db.session.execute(
                select(AgendaItem.case_year, AgendaItem.council_id, func.max(AgendaItem.case_seq))
                .where(AgendaItem.case_seq.is_not(None))
                .group_by(AgendaItem.case_year, AgendaItem.council_id)):
            rows.append({"key": f"meeting-case:{council_id}", "year": year, "last_value": last})
        for year, last in self.case_file_seq.items():
            rows.append({"key": "case-file", "year": year, "last_value": last})
        for case_id, year, last in db.session.execute(
                select(CaseDocument.case_id, Case.file_year, func.max(CaseDocument.number))
                .join(Case, Case.id == CaseDocument.case_id).group_by(CaseDocument.case_id, Case.file_year)):
            rows.append({"key": f"case-document:{case_id}", "year": year, "last_value": last})
        db.session.execute(insert(NumberCounter), rows)


def _copy(by_chair: dict) -> dict:
    """The chair's presenter row for one more item (a row belongs to one item)."""
    return {"presenters": [AgendaItemPresenter(position=0, person=p.person) for p in by_chair["presenters"]],
            "presenting_organisation": by_chair["presenting_organisation"]}


def build(shape: Shape, upload_root: Path) -> dict:
    """Fill the app's (empty) database with the synthetic decade; returns the counts."""
    from app.extensions import db
    from app.services.core import audit, clock

    clock_ = _Clock()
    real_now = clock.now
    clock.now = clock_.now
    try:
        builder = _Builder(shape, upload_root)
        clock_.set(date(shape.first_year - 1, 12, 1))
        with audit.acting_as(label="bench"):
            builder.registry()
        with audit.acting_as(builder.user):
            for year in range(shape.first_year, shape.first_year + shape.years):
                builder.year(year, clock_)
                db.session.commit()
            last = shape.first_year + shape.years - 1
            for council in builder.councils:  # the decade's last minutes, approved by circulation
                meeting = builder._meeting(council, last, shape.meetings)
                clock_.set(meeting.date + timedelta(days=21))
                builder.approve_previous(meeting, by_circulation=True)
            builder.audit_changes(clock_)
            builder.counters()
            db.session.commit()
    finally:
        clock.now = real_now
    counts = dict(builder.counts)
    counts["audit_events"] = db.session.scalar(select(func.count()).select_from(AuditEvent))
    db.session.expunge_all()
    return counts


# --------------------------------------------------------------------------- measuring

def _app(database_url: str, uploads: Path):
    from app import create_app
    from config import TestingConfig

    schemas = os.environ.get("NOARK5_SCHEMA_DIR") or str(SCHEMA_DIR)
    os.environ["NOARK5_SCHEMA_DIR"] = schemas
    return create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=database_url, UPLOAD_FOLDER=str(uploads),
                      NOARK5_SCHEMA_DIR=schemas)


def _scope(first_year: int, years: int):
    from app.services.archive.scope import Scope

    return Scope(None, date(first_year, 1, 1), date(first_year + years - 1, 12, 31))


def _exported_counts(scope) -> dict:
    """What the scope holds: ready meetings, their numbered items, the documents of their cases."""
    from app.extensions import db
    from app.services.archive.scope import case_ids_of, ready_meeting_ids

    meeting_ids = ready_meeting_ids(scope)
    items = db.session.scalar(select(func.count()).select_from(AgendaItem).where(
        AgendaItem.meeting_id.in_(meeting_ids), AgendaItem.case_seq.is_not(None)))
    documents, document_bytes = db.session.execute(
        select(func.count(), func.coalesce(func.sum(CaseDocument.size_bytes), 0))
        .where(CaseDocument.case_id.in_(case_ids_of(meeting_ids)))).one()
    return {"meetings": len(meeting_ids), "items": items, "documents": documents,
            "document_mb": document_bytes / 1e6}


def _tree_bytes(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file()]
    return len(files), sum(p.stat().st_size for p in files)


def child(spec: dict) -> dict:
    """One export in this (fresh) process: time, peak RSS and, with ``heap``, Python's peak heap
    (tracemalloc makes the run several times slower, so it is a separate run)."""
    import tracemalloc

    app = _app(spec["database_url"], Path(spec["uploads"]))
    with app.app_context():
        from app.services.archive.export import export_package

        scope = _scope(spec["first_year"], spec["years"])
        out = Path(spec["out"])
        usage = resource.getrusage(resource.RUSAGE_SELF)
        rss_before, cpu_before = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime
        profiler = None
        if spec.get("profile"):
            import cProfile

            profiler = cProfile.Profile()
            profiler.enable()
        if spec["heap"]:
            tracemalloc.start(25 if spec.get("profile") else 1)
        phases: list[list] = []  # [step, seconds into the export, CPU seconds, peak RSS so far]
        renders = _time_paper_renders()

        def progress(message, *_args, **_kwargs) -> None:
            if "arkivstruktur.xml" in str(message) and phases and "arkivstruktur" in phases[-1][0]:
                return  # one line per meeting: the phase is already recorded
            now = resource.getrusage(resource.RUSAGE_SELF)
            phases.append([str(message), time.perf_counter() - start,
                           now.ru_utime + now.ru_stime - cpu_before, now.ru_maxrss / 1024])

        start = time.perf_counter()
        result = export_package(scope, out, convert_pdf=False, progress=progress)
        seconds = time.perf_counter() - start
        usage = resource.getrusage(resource.RUSAGE_SELF)
        rss_peak, cpu = usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime - cpu_before
        heap_peak = tracemalloc.get_traced_memory()[1] / 2**20 if spec["heap"] else None
        if profiler is not None:
            _profile_report(profiler, spec["heap"])
        tracemalloc.stop()
        files, size = _tree_bytes(out)
        return {"years": spec["years"], "seconds": seconds, "cpu_seconds": cpu,
                "rss_before_mb": rss_before,
                "rss_peak_mb": rss_peak, "heap_peak_mb": heap_peak, "package_mb": size / 2**20,
                "files": files, "phases": phases, "paper_renders": renders, "exporter_counts": getattr(result, "counts", None),
                **_exported_counts(scope)}


def _time_paper_renders() -> list:
    """Count and time the meeting papers rendered during the export (the agenda and minutes
    DOCX, full and public, when no stored paper is found): [count, seconds]."""
    from app.services.paperwork import papers

    totals = [0, 0.0]
    render = papers.render

    def timed(*args, **kwargs):
        start = time.perf_counter()
        try:
            return render(*args, **kwargs)
        finally:
            totals[0] += 1
            totals[1] += time.perf_counter() - start

    papers.render = timed
    return totals


def _profile_report(profiler, heap: bool) -> None:
    """Where the time went (cProfile, top functions) and, with ``heap``, what is still allocated
    at the end by line (tracemalloc), on stderr."""
    import pstats
    import tracemalloc

    profiler.disable()
    stats = pstats.Stats(profiler, stream=sys.stderr).strip_dirs()
    stats.sort_stats("cumulative").print_stats(40)
    stats.sort_stats("tottime").print_stats(25)
    if heap:
        snapshot = tracemalloc.take_snapshot()
        for stat in snapshot.statistics("traceback")[:5]:
            print(f"{stat.size / 2**20:.1f} MiB in {stat.count} blocks", file=sys.stderr)
            for line in stat.traceback.format(limit=8):
                print(line, file=sys.stderr)


def _run_child(spec: dict) -> dict:
    done = subprocess.run([sys.executable, "-m", "bench.archive_export", "--child", json.dumps(spec)],
                          stdout=subprocess.PIPE, text=True, cwd=Path(__file__).resolve().parents[1])
    if done.returncode != 0:
        sys.stderr.write(done.stdout)
        raise SystemExit(f"the export of {spec['years']} year(s) failed")
    return json.loads(done.stdout.strip().splitlines()[-1])


def prepare(workdir: Path, shape: Shape) -> tuple[str, Path]:
    """The database (built unless ``workdir`` already holds it) and the upload folder."""
    from app.extensions import db

    database_url = os.environ.get("DATABASE_URL") or f"sqlite:///{workdir}/bench.db"
    if database_url.startswith("postgres://") or database_url.startswith("postgresql://"):
        database_url = "postgresql+psycopg://" + database_url.split("://", 1)[1]
    uploads = workdir / "uploads"
    app = _app(database_url, uploads)
    with app.app_context():
        db.create_all()
        if db.session.scalar(select(func.count()).select_from(Meeting)):
            print(f"using the data already in {database_url}")
            return database_url, uploads
        start = time.perf_counter()
        counts = build(shape, uploads)
        print(f"built {shape} in {time.perf_counter() - start:.1f} s: {counts}")
    return database_url, uploads


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--years", type=int, nargs="+", default=[1, 3, 10])
    parser.add_argument("--keep", type=Path, help="build the data in this folder (reused if there)")
    parser.add_argument("--no-heap", action="store_true", help="skip the tracemalloc runs")
    parser.add_argument("--profile", action="store_true",
                        help="print cProfile's top functions (and tracemalloc's top lines) per run")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        print(json.dumps(child(json.loads(args.child))))
        return
    shape = Shape()
    tmp = None
    if args.keep:
        workdir = args.keep
        workdir.mkdir(parents=True, exist_ok=True)
    else:
        tmp = tempfile.TemporaryDirectory()
        workdir = Path(tmp.name)
    try:
        database_url, uploads = prepare(workdir, shape)
        rows = []
        for years in args.years:
            runs = {}
            for heap in ([False] if args.no_heap else [False, True]):
                out = workdir / f"export-{years}y{'-heap' if heap else ''}"
                shutil.rmtree(out, ignore_errors=True)
                runs[heap] = _run_child({"database_url": database_url, "uploads": str(uploads),
                                         "first_year": shape.first_year, "years": years,
                                         "out": str(out), "heap": heap, "profile": args.profile})
                shutil.rmtree(out, ignore_errors=True)
            row = runs[False]
            row["heap_peak_mb"] = runs[True]["heap_peak_mb"] if True in runs else None
            rows.append(row)
            print(json.dumps(row), file=sys.stderr)
        print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.1f} now")
        print("years | meetings | items | documents | package MB | time s | CPU s | RSS before MB | "
              "peak RSS MB | heap peak MB | peak RSS / package MB")
        for r in rows:
            heap = f"{r['heap_peak_mb']:.1f}" if r["heap_peak_mb"] is not None else "–"
            print(f"{r['years']:5d} | {r['meetings']:8d} | {r['items']:5d} | {r['documents']:9d} | "
                  f"{r['package_mb']:10.1f} | {r['seconds']:6.1f} | {r['cpu_seconds']:5.1f} | "
                  f"{r['rss_before_mb']:13.1f} | {r['rss_peak_mb']:11.1f} | {heap:>12} | "
                  f"{r['rss_peak_mb'] / r['package_mb']:.2f}")
        for r in rows:  # where the time and memory go: each step's start, peak RSS until then
            steps = [f"{step} @ {at:.1f} s (CPU {cpu:.1f} s), {rss:.0f} MB"
                     for step, at, cpu, rss in r["phases"]]
            count, spent = r["paper_renders"]
            steps.append(f"{count} meeting papers rendered in {spent:.1f} s of it")
            print(f"{r['years']} year(s): " + "; ".join(steps) +
                  f"; done @ {r['seconds']:.1f} s (CPU {r['cpu_seconds']:.1f} s), "
                  f"{r['rss_peak_mb']:.0f} MB")
    finally:
        if tmp is not None:
            tmp.cleanup()


if __name__ == "__main__":
    main()
