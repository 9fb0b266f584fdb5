"""arkivstruktur.xml (Noark 5 v5.0) and the files under DOKUMENT/ for one export's scope.

The shape (docs/archive.md explains every element to the archivist):

    arkiv                            the council model
      arkivdel                       the period of the export
        klassifikasjonssystem        by council
          klasse  (klasseID: NUIT)   per council
            mappe moetemappe         per exported meeting, in date order, holding the
                                     moeteregistreringer: the notice, the agenda, each agenda item
                                     (breaks left out) and the minutes
            mappe saksmappe          per case treated at an exported meeting, written after the
                                     first such meeting (councils by code, meetings by date),
                                     holding a journalpost per document

The XML is streamed with ``lxml.etree.xmlfile``: each meeting is read with its items, cases and
documents (one query each), written, flushed, and its rows let go of (expunged from the session)
before the next meeting is read, so memory stays flat however many years are exported.

The element order follows the XSD: a mappe's or registrering's children come before the elements
its subtype adds (a saksmappe's journalposter before saksaar, a moetemappe's registreringer before
moetenummer).
"""
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app.extensions import db
from app.formatting import long_date
from app.models import (
    AgendaItem,
    AgendaItemPresenter,
    Attendance,
    Case,
    CaseDocument,
    Council,
    ItemKind,
    ItemPurpose,
    Meeting,
    MeetingKind,
    User,
)
from app.services.archive import ids
from app.services.archive.documents import SYSTEM, DocumentFiles, user_name
from app.services.archive.scope import Scope, journal_numbers, meetings_in, oslo_time
from app.services.archive.structure_parts import Record, StructureParts
from app.services.archive.structure_reading import (
    approval_of,
    approval_text_of,
    case_of,
    creators_of,
    exempt_bases_of,
    minute_taker_of,
    participants_of,
    release_rows,
    treatments_of,
    user_name_of,
)
from app.services.archive.structure_values import (
    ELECTRONIC,
    NS,
    OWN_NAMESPACE,
    XSI,
    CouncilRef,
    Xml,
    day_start,
    xml_moment,
)
from app.services.core import clock

OWN_XSD = Path(__file__).with_name("motebok.xsd")
SCHEMA_LOCATION = f"{NS} arkivstruktur.xsd {OWN_NAMESPACE} motebok.xsd"

COUNT_KEYS = ("arkiv", "arkivdel", "klassifikasjonssystem", "klasse", "mappe", "saksmappe",
              "moetemappe", "registrering", "journalpost", "moeteregistrering",
              "dokumentbeskrivelse", "dokumentobjekt", "dokumentfiler", "skjerming", "konvertering")

@dataclass
class StructureResult:
    counts: dict[str, int] = field(default_factory=lambda: dict.fromkeys(COUNT_KEYS, 0))
    meeting_ids: list[int] = field(default_factory=list)
    case_ids: list[int] = field(default_factory=list)
    document_ids: list[int] = field(default_factory=list)  # CaseDocument ids exported
    skipped: list[tuple[str, str]] = field(default_factory=list)  # ("NUIT 3/22", reason)
    contains_exempt: bool = False


@dataclass(frozen=True)
class _MeetingRef:
    """What the writer keeps of a meeting between meetings (no ORM rows)."""

    id: int
    council_id: int
    date: date
    number: int
    year: int


def meeting_label(code: str, number: int, year: int) -> str:
    """'NUIT 3/22'."""
    return f"{code} {number}/{year % 100:02d}"


class _Export(StructureParts):
    def __init__(self, folder: Path, scope: Scope, convert_pdf: bool,
                 progress: Callable[[str], None] | None):
        self.folder = folder
        self.scope = scope
        self.progress = progress or (lambda _text: None)
        self.files = DocumentFiles(folder, convert_pdf)
        self.result = StructureResult()
        self.counts = self.result.counts
        self.now = oslo_time(clock.now())
        self.arkivdel_id = ids.arkivdel(scope.council.code if scope.council else None,
                                        scope.period_from, scope.period_to)
        self.ready: list[_MeetingRef] = []
        self.ready_ids: set[int] = set()
        self.councils: list[CouncilRef] = []
        self.emitted_cases: set[int] = set()
        self.journal: dict[int, tuple[int, int]] = {}
        self.case_order: dict[int, int] = {}

    # --- before the stream -------------------------------------------------------------------------

    def plan(self) -> None:
        council_ids: list[int] = [self.scope.council.id] if self.scope.council is not None else []
        for readiness in meetings_in(self.scope):
            meeting = readiness.meeting
            if readiness.ready:
                self.ready.append(_MeetingRef(meeting.id, meeting.council_id, meeting.date,
                                              meeting.number, meeting.year))
                if meeting.council_id not in council_ids:
                    council_ids.append(meeting.council_id)
            else:
                self.result.skipped.append((meeting_label(meeting.council.code, meeting.number,
                                                          meeting.year), readiness.reason))
        self.ready_ids = {m.id for m in self.ready}
        councils = db.session.scalars(select(Council).where(Council.id.in_(council_ids))
                                      .options(selectinload(Council.secretariat))
                                      .order_by(Council.code)).all()
        self.councils = [CouncilRef(c.id, c.code, c.name, c.description,
                                     c.secretariat.name if c.secretariat else f"Sekretariatet for {c.code}")
                         for c in councils]
        # Journal numbers once for every document the export may hold (ids only).
        if self.ready_ids:
            case_ids = select(AgendaItem.case_id).where(AgendaItem.meeting_id.in_(self.ready_ids),
                                                        AgendaItem.purpose == ItemPurpose.CASE,
                                                        AgendaItem.case_id.is_not(None))
            document_ids = list(db.session.scalars(
                select(CaseDocument.id).where(CaseDocument.case_id.in_(case_ids))))
            self.journal = journal_numbers(document_ids)

    # --- the stream ----------------------------------------------------------------------------------

    def write(self) -> StructureResult:
        self.folder.mkdir(parents=True, exist_ok=True)
        keep = set(db.session.identity_map.keys())
        self.plan()
        with etree.xmlfile(str(self.folder / "arkivstruktur.xml"), encoding="utf-8") as xf:
            xf.write_declaration()
            x = Xml(xf)
            with xf.element(f"{{{NS}}}arkiv", {f"{{{XSI}}}schemaLocation": SCHEMA_LOCATION},
                            nsmap={None: NS, "mb": OWN_NAMESPACE, "xsi": XSI}):
                self._arkiv_head(x)
                with x.open("arkivdel"):
                    self._arkivdel_head(x)
                    if self.councils:
                        with x.open("klassifikasjonssystem"):
                            self._classification_head(x)
                            for council in self.councils:
                                self._klasse(x, council, keep)
                xf.write("\n")
        self.counts["dokumentfiler"] = self.files.files
        self.counts["konvertering"] = self.files.conversions
        self.counts["mappe"] = self.counts["saksmappe"] + self.counts["moetemappe"]
        self.counts["registrering"] = self.counts["journalpost"] + self.counts["moeteregistrering"]
        self.result.case_ids.sort()
        self.result.document_ids.sort()
        return self.result

    def _arkiv_head(self, x: Xml) -> None:
        self.counts["arkiv"] += 1
        x.leaf("systemID", ids.arkiv())
        x.leaf("tittel", "Nasjonal rådsmodell for e-helse: utvalgenes møter og saker")
        x.leaf("beskrivelse", "Møtebøker, innkallinger, referater og saksdokumenter fra utvalgene i "
                              f"den nasjonale styringsmodellen for e-helse, uttrekk {self.scope.label}.")
        x.leaf("arkivstatus", "Avsluttet")
        x.leaf("dokumentmedium", ELECTRONIC)
        x.leaf("opprettetDato", xml_moment(day_start(self.scope.period_from)))
        x.leaf("opprettetAv", SYSTEM)
        x.leaf("avsluttetDato", xml_moment(self.now))
        x.leaf("avsluttetAv", SYSTEM)
        for name in dict.fromkeys(c.secretariat for c in self.councils) or ["Møtebok"]:
            with x.open("arkivskaper"):
                x.leaf("arkivskaperID", name)
                x.leaf("arkivskaperNavn", name)

    def _arkivdel_head(self, x: Xml) -> None:
        self.counts["arkivdel"] += 1
        x.leaf("systemID", self.arkivdel_id)
        x.leaf("tittel", f"Utvalgenes møter og saker {self.scope.label}")
        x.leaf("arkivdelstatus", "Avsluttet periode")
        x.leaf("dokumentmedium", ELECTRONIC)
        x.leaf("opprettetDato", xml_moment(day_start(self.scope.period_from)))
        x.leaf("opprettetAv", SYSTEM)
        x.leaf("avsluttetDato", xml_moment(self.now))
        x.leaf("avsluttetAv", SYSTEM)
        x.leaf("arkivperiodeStartDato", self.scope.period_from.isoformat())
        x.leaf("arkivperiodeSluttDato", self.scope.period_to.isoformat())

    def _classification_head(self, x: Xml) -> None:
        self.counts["klassifikasjonssystem"] += 1
        x.leaf("systemID", ids.klassifikasjonssystem())
        x.leaf("klassifikasjonstype", "Emnebasert, ett nivå")
        x.leaf("tittel", "Utvalg")
        x.leaf("beskrivelse", "Én klasse per utvalg; klasseID er utvalgets kode (NUIT, NUFA …).")
        x.leaf("opprettetDato", xml_moment(day_start(self.scope.period_from)))
        x.leaf("opprettetAv", SYSTEM)

    def _klasse(self, x: Xml, council: CouncilRef, keep: set) -> None:
        self.counts["klasse"] += 1
        with x.open("klasse"):
            x.leaf("systemID", ids.klasse(council.id))
            x.leaf("klasseID", council.code)
            x.leaf("tittel", council.name)
            x.leaf("beskrivelse", council.description)
            x.leaf("opprettetDato", xml_moment(day_start(self.scope.period_from)))
            x.leaf("opprettetAv", SYSTEM)
            mine = [m for m in self.ready if m.council_id == council.id]
            for n, ref in enumerate(mine):
                label = meeting_label(council.code, ref.number, ref.year)
                self.progress(f"Skriver {label} til arkivstruktur.xml")
                previous = mine[n - 1].id if n > 0 else None
                following = mine[n + 1].id if n + 1 < len(mine) else None
                self._meeting(x, ref, council, previous, following)
                x.xf.write("\n")
                x.xf.flush()
                release_rows(keep)

    # --- one meeting -----------------------------------------------------------------------------

    def _load(self, meeting_id: int) -> Meeting:
        return db.session.scalars(select(Meeting).where(Meeting.id == meeting_id).options(
            selectinload(Meeting.council).selectinload(Council.secretariat),
            selectinload(Meeting.minutes),
            selectinload(Meeting.chair), selectinload(Meeting.minute_taker),
            selectinload(Meeting.attendance).selectinload(Attendance.person),
            selectinload(Meeting.items).selectinload(AgendaItem.case).options(
                selectinload(Case.submitted_by_person), selectinload(Case.submitted_by_organisation)),
            selectinload(Meeting.items).selectinload(AgendaItem.presenters)
            .selectinload(AgendaItemPresenter.person),
            selectinload(Meeting.items).selectinload(AgendaItem.sent_on_council),
        )).one()

    def _meeting(self, x: Xml, ref: _MeetingRef, council: CouncilRef, previous: int | None,
                 following: int | None) -> None:
        meeting = self._load(ref.id)
        items = [i for i in meeting.items if i.kind == ItemKind.CASE]
        case_ids = list(dict.fromkeys(case_of(i).id for i in items if case_of(i) is not None))
        treatments = treatments_of(case_ids)
        closed_at, closed_by = approval_of(meeting)
        opened_at = meeting.notice_issued_at or day_start(meeting.date)
        opened_by = user_name_of(meeting.notice_issued_by_id) or SYSTEM
        number = f"{meeting.number}/{meeting.year % 100:02d}"
        fmt = meeting.council.case_number_format
        self.result.meeting_ids.append(meeting.id)
        self.counts["moetemappe"] += 1
        with x.open("mappe", "moetemappe"):
            x.leaf("systemID", ids.meeting_folder(meeting.id))
            x.leaf("mappeID", meeting_label(council.code, meeting.number, meeting.year))
            x.leaf("tittel", f"{council.name} ({council.code}), møte {number}, {long_date(meeting.date)}")
            x.leaf("dokumentmedium", ELECTRONIC)
            x.leaf("opprettetDato", xml_moment(opened_at))
            x.leaf("opprettetAv", opened_by)
            x.leaf("avsluttetDato", xml_moment(closed_at))
            x.leaf("avsluttetAv", closed_by)
            x.leaf("referanseArkivdel", self.arkivdel_id)
            with x.open("virksomhetsspesifikkeMetadata"):
                with x.open("moete", ns=OWN_NAMESPACE):
                    x.leaf("moeteaar", meeting.year, OWN_NAMESPACE)
                    x.leaf("moetesekvensnummer", meeting.number, OWN_NAMESPACE)
                    x.leaf("moetetype", "ekstraordinært" if meeting.kind == MeetingKind.EXTRAORDINARY
                           else "ordinært", OWN_NAMESPACE)
                    x.leaf("startKlokkeslett", meeting.start_time.isoformat(timespec="seconds"),
                           OWN_NAMESPACE)
                    if meeting.end_time is not None:
                        x.leaf("sluttKlokkeslett", meeting.end_time.isoformat(timespec="seconds"),
                               OWN_NAMESPACE)
                    x.leaf("referatGodkjent", approval_text_of(meeting.minutes), OWN_NAMESPACE)
            record = Record(opened_at, opened_by, closed_at, closed_by, council.secretariat,
                             minute_taker_of(meeting) or council.secretariat)
            exempt_bases = exempt_bases_of(items)
            self._paper_registration(x, meeting, "notice", record, exempt_bases)
            self._agenda_registration(x, meeting, items, fmt, record)
            for item in items:
                self._item_registration(x, item, fmt, treatments, record)
            self._paper_registration(x, meeting, "minutes", record, exempt_bases)
            x.leaf("moetenummer", number)
            x.leaf("utvalg", f"{council.name} ({council.code})")
            x.leaf("moetedato", meeting.date.isoformat())
            x.leaf("moetested", meeting.location or ("Videomøte" if meeting.video_url else None))
            if previous is not None:
                x.leaf("referanseForrigeMoete", ids.meeting_folder(previous))
            if following is not None:
                x.leaf("referanseNesteMoete", ids.meeting_folder(following))
            for name, function in participants_of(meeting):
                with x.open("moetedeltaker"):
                    x.leaf("moetedeltakerNavn", name)
                    x.leaf("moetedeltakerFunksjon", function)
        new_cases = list(dict.fromkeys(
            case_of(i) for i in items if case_of(i) is not None and case_of(i).id not in self.emitted_cases))
        if not new_cases:
            return
        documents: dict[int, list[CaseDocument]] = {}
        for document in db.session.scalars(
                select(CaseDocument).where(CaseDocument.case_id.in_([c.id for c in new_cases]))
                .options(selectinload(CaseDocument.case)).order_by(CaseDocument.number)):
            documents.setdefault(document.case_id, []).append(document)
        creators = creators_of("Case", [c.id for c in new_cases])
        uploaders = {u.id: user_name(u) for u in db.session.scalars(select(User).where(
            User.id.in_({d.uploaded_by_id for ds in documents.values() for d in ds if d.uploaded_by_id}))
            .options(selectinload(User.person)))}
        for case in new_cases:
            self.emitted_cases.add(case.id)
            self._case_folder(x, case, council, treatments.get(case.id, []), documents.get(case.id, []),
                              creators.get(case.id), uploaders)


# --- the interface ---------------------------------------------------------------------------------

def write_arkivstruktur(folder: Path, scope: Scope, *, convert_pdf: bool | None = None,
                        progress: Callable[[str], None] | None = None) -> StructureResult:
    """Write folder/arkivstruktur.xml and folder/DOKUMENT/… for the meetings of ``scope`` that are
    ready for the archive (scope.meetings_in); the others are listed in ``skipped`` with the reason.
    ``convert_pdf`` None: convert the meeting papers to PDF/A-2b when LibreOffice is installed.
    Raises ArchiveError (naming the document) when a stored file is missing or fails its checksum,
    or a paper cannot be made."""
    if convert_pdf is None:
        from app.services.paperwork.paper_store import pdf_available

        convert_pdf = pdf_available()
    return _Export(Path(folder), scope, convert_pdf, progress).write()
