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
from datetime import date, datetime, time
from pathlib import Path

from lxml import etree
from sqlalchemy import select
from sqlalchemy.orm import selectinload

from app import disclosure
from app.extensions import db
from app.formatting import long_date
from app.models import (
    AgendaItem,
    AgendaItemPresenter,
    Attendance,
    AttendanceRole,
    AttendanceStatus,
    AuditEvent,
    Case,
    CaseDocument,
    Council,
    ItemKind,
    ItemOutcome,
    ItemPurpose,
    ItemStatus,
    Meeting,
    MeetingKind,
    MeetingStatus,
    Minutes,
    MinutesVersion,
    Person,
    User,
    VersionKind,
)
from app.services.archive import ids
from app.services.archive.documents import SHA256, SYSTEM, DocumentFile, DocumentFiles, user_name
from app.services.archive.scope import Scope, journal_numbers, meetings_in, oslo_time
from app.services.core import clock
from app.services.core.clock import OSLO

NS = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
OWN_NAMESPACE = "https://motebok.example/noark5/moetesak/1.0"
OWN_XSD = Path(__file__).with_name("motebok.xsd")
SCHEMA_LOCATION = f"{NS} arkivstruktur.xsd {OWN_NAMESPACE} motebok.xsd"

COUNT_KEYS = ("arkiv", "arkivdel", "klassifikasjonssystem", "klasse", "mappe", "saksmappe",
              "moetemappe", "registrering", "journalpost", "moeteregistrering",
              "dokumentbeskrivelse", "dokumentobjekt", "dokumentfiler", "skjerming", "konvertering")

# Values from Noark 5's metadatakatalog (obligatory values where it has them).
ELECTRONIC = "Elektronisk arkiv"
FINISHED_DOCUMENT = "Dokumentet er ferdigstilt"
MAIN_DOCUMENT = "Hoveddokument"
EXEMPT = "Unntatt offentlighet"
SCREEN_FOLDER_TITLE = "Skjerming tittel mappe - utvalgte ord"
SCREEN_RECORD_TITLE = "Skjerming tittel registrering - utvalgte ord"
SCREEN_DESCRIPTION_TITLE = "Skjerming tittel dokumentbeskrivelse"
SCREEN_WHOLE_DOCUMENT = "Skjerming av hele dokumentet"
SCREEN_PART = "Skjerming av deler av dokumentet"
CASE_OPEN, CASE_CLOSED = "Under behandling", "Avsluttet"
JOURNALPOST_TYPE = "Organinternt dokument uten oppfølging"
JOURNAL_STATUS = "Arkivert"

FINISHED = "Ferdig behandlet av utvalget"
POSTPONED = "Utsatt til nytt møte i samme utvalg"
WITHDRAWN = "Trukket"
SENT_ON = "Sendt videre til annet utvalg"

PURPOSES = {ItemPurpose.CASE: "sak", ItemPurpose.APPROVE_NOTICE: "godkjenning av innkalling og dagsorden",
            ItemPurpose.APPROVE_MINUTES: "godkjenning av referat",
            ItemPurpose.FOLLOW_UP: "oppfølgingspunkter", ItemPurpose.ANY_OTHER_BUSINESS: "eventuelt"}
OUTCOMES = {ItemOutcome.DECIDED: "vedtak fattet", ItemOutcome.INFORMATION: "tatt til orientering",
            ItemOutcome.POSTPONED: "utsatt", ItemOutcome.WITHDRAWN: "trukket",
            ItemOutcome.SENT_ON: "sendt videre"}
FUNCTIONS = {AttendanceRole.MEMBER: "Medlem", AttendanceRole.SUBSTITUTE: "Varamedlem",
             AttendanceRole.OBSERVER: "Observatør", AttendanceRole.SECRETARIAT: "Sekretariat",
             AttendanceRole.OTHER: "Annen deltaker"}


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


@dataclass(frozen=True)
class _CouncilRef:
    id: int
    code: str
    name: str
    description: str | None
    secretariat: str


@dataclass(frozen=True)
class _Treatment:
    """One agenda item of a case, anywhere (for the case's status and its references)."""

    item_id: int
    case_id: int
    meeting_id: int
    order: tuple
    status: str
    outcome: str | None
    meeting_done: bool  # held (or cancelled) with approved minutes: nothing more to come there


def _moment(value: datetime | None) -> str | None:
    return oslo_time(value).isoformat(timespec="seconds") if value is not None else None


def _day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=OSLO)


def meeting_label(code: str, number: int, year: int) -> str:
    """'NUIT 3/22'."""
    return f"{code} {number}/{year % 100:02d}"


class _Xml:
    """Small helpers over lxml's incremental writer."""

    def __init__(self, xf):
        self.xf = xf

    def open(self, name: str, xsi_type: str | None = None, ns: str = NS):
        attrib = {f"{{{XSI}}}type": xsi_type} if xsi_type else None
        return self.xf.element(f"{{{ns}}}{name}", attrib)

    def leaf(self, name: str, value, ns: str = NS) -> None:
        """An element with text; nothing at all for None or an empty text (Arkade's N5.63)."""
        if value is None:
            return
        text = str(value).strip() if not isinstance(value, bool) else ("true" if value else "false")
        if not text:
            return
        with self.xf.element(f"{{{ns}}}{name}"):
            self.xf.write(text)


class _Export:
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
        self.councils: list[_CouncilRef] = []
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
        self.councils = [_CouncilRef(c.id, c.code, c.name, c.description,
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
            x = _Xml(xf)
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

    def _arkiv_head(self, x: _Xml) -> None:
        self.counts["arkiv"] += 1
        x.leaf("systemID", ids.arkiv())
        x.leaf("tittel", "Nasjonal rådsmodell for e-helse: utvalgenes møter og saker")
        x.leaf("beskrivelse", "Møtebøker, innkallinger, referater og saksdokumenter fra utvalgene i "
                              f"den nasjonale styringsmodellen for e-helse, uttrekk {self.scope.label}.")
        x.leaf("arkivstatus", "Avsluttet")
        x.leaf("dokumentmedium", ELECTRONIC)
        x.leaf("opprettetDato", _moment(_day_start(self.scope.period_from)))
        x.leaf("opprettetAv", SYSTEM)
        x.leaf("avsluttetDato", _moment(self.now))
        x.leaf("avsluttetAv", SYSTEM)
        for name in dict.fromkeys(c.secretariat for c in self.councils) or ["Møtebok"]:
            with x.open("arkivskaper"):
                x.leaf("arkivskaperID", name)
                x.leaf("arkivskaperNavn", name)

    def _arkivdel_head(self, x: _Xml) -> None:
        self.counts["arkivdel"] += 1
        x.leaf("systemID", self.arkivdel_id)
        x.leaf("tittel", f"Utvalgenes møter og saker {self.scope.label}")
        x.leaf("arkivdelstatus", "Avsluttet periode")
        x.leaf("dokumentmedium", ELECTRONIC)
        x.leaf("opprettetDato", _moment(_day_start(self.scope.period_from)))
        x.leaf("opprettetAv", SYSTEM)
        x.leaf("avsluttetDato", _moment(self.now))
        x.leaf("avsluttetAv", SYSTEM)
        x.leaf("arkivperiodeStartDato", self.scope.period_from.isoformat())
        x.leaf("arkivperiodeSluttDato", self.scope.period_to.isoformat())

    def _classification_head(self, x: _Xml) -> None:
        self.counts["klassifikasjonssystem"] += 1
        x.leaf("systemID", ids.klassifikasjonssystem())
        x.leaf("klassifikasjonstype", "Emnebasert, ett nivå")
        x.leaf("tittel", "Utvalg")
        x.leaf("beskrivelse", "Én klasse per utvalg; klasseID er utvalgets kode (NUIT, NUFA …).")
        x.leaf("opprettetDato", _moment(_day_start(self.scope.period_from)))
        x.leaf("opprettetAv", SYSTEM)

    def _klasse(self, x: _Xml, council: _CouncilRef, keep: set) -> None:
        self.counts["klasse"] += 1
        with x.open("klasse"):
            x.leaf("systemID", ids.klasse(council.id))
            x.leaf("klasseID", council.code)
            x.leaf("tittel", council.name)
            x.leaf("beskrivelse", council.description)
            x.leaf("opprettetDato", _moment(_day_start(self.scope.period_from)))
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
                _release(keep)

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

    def _meeting(self, x: _Xml, ref: _MeetingRef, council: _CouncilRef, previous: int | None,
                 following: int | None) -> None:
        meeting = self._load(ref.id)
        items = [i for i in meeting.items if i.kind == ItemKind.CASE]
        case_ids = list(dict.fromkeys(_case(i).id for i in items if _case(i) is not None))
        treatments = _treatments(case_ids)
        closed_at, closed_by = _approval(meeting)
        opened_at = meeting.notice_issued_at or _day_start(meeting.date)
        opened_by = _user_name(meeting.notice_issued_by_id) or SYSTEM
        number = f"{meeting.number}/{meeting.year % 100:02d}"
        fmt = meeting.council.case_number_format
        self.result.meeting_ids.append(meeting.id)
        self.counts["moetemappe"] += 1
        with x.open("mappe", "moetemappe"):
            x.leaf("systemID", ids.meeting_folder(meeting.id))
            x.leaf("mappeID", meeting_label(council.code, meeting.number, meeting.year))
            x.leaf("tittel", f"{council.name} ({council.code}), møte {number}, {long_date(meeting.date)}")
            x.leaf("dokumentmedium", ELECTRONIC)
            x.leaf("opprettetDato", _moment(opened_at))
            x.leaf("opprettetAv", opened_by)
            x.leaf("avsluttetDato", _moment(closed_at))
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
                    x.leaf("referatGodkjent", _approval_text(meeting.minutes), OWN_NAMESPACE)
            record = _Record(opened_at, opened_by, closed_at, closed_by, council.secretariat,
                             _minute_taker(meeting) or council.secretariat)
            exempt_bases = _exempt_bases(items)
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
            for name, function in _participants(meeting):
                with x.open("moetedeltaker"):
                    x.leaf("moetedeltakerNavn", name)
                    x.leaf("moetedeltakerFunksjon", function)
        new_cases = list(dict.fromkeys(
            _case(i) for i in items if _case(i) is not None and _case(i).id not in self.emitted_cases))
        if not new_cases:
            return
        documents: dict[int, list[CaseDocument]] = {}
        for document in db.session.scalars(
                select(CaseDocument).where(CaseDocument.case_id.in_([c.id for c in new_cases]))
                .options(selectinload(CaseDocument.case)).order_by(CaseDocument.number)):
            documents.setdefault(document.case_id, []).append(document)
        creators = _creators("Case", [c.id for c in new_cases])
        uploaders = {u.id: user_name(u) for u in db.session.scalars(select(User).where(
            User.id.in_({d.uploaded_by_id for ds in documents.values() for d in ds if d.uploaded_by_id}))
            .options(selectinload(User.person)))}
        for case in new_cases:
            self.emitted_cases.add(case.id)
            self._case_folder(x, case, council, treatments.get(case.id, []), documents.get(case.id, []),
                              creators.get(case.id), uploaders)

    # --- moeteregistreringer ---------------------------------------------------------------------

    def _registration_head(self, x: _Xml, system_id: str, record: "_Record") -> None:
        self.counts["moeteregistrering"] += 1
        x.leaf("systemID", system_id)
        x.leaf("opprettetDato", _moment(record.opened_at))
        x.leaf("opprettetAv", record.opened_by)
        x.leaf("arkivertDato", _moment(record.closed_at))
        x.leaf("arkivertAv", record.closed_by)

    def _registration_tail(self, x: _Xml, kind: str, record: "_Record", *, case_kind: str | None = None,
                           status: str | None = None, handler: str | None = None) -> None:
        x.leaf("moeteregistreringstype", kind)
        x.leaf("moetesakstype", case_kind)
        x.leaf("moeteregistreringsstatus", status)
        x.leaf("administrativEnhet", record.unit)
        x.leaf("saksbehandler", handler or record.handler)

    def _paper_registration(self, x: _Xml, meeting: Meeting, kind: str, record: "_Record",
                            exempt_bases: list[str]) -> None:
        """The notice or the minutes. When the meeting treated exempt material, the full paper
        holds it: the dokumentbeskrivelse is screened in part (the legal bases), and the public
        variant comes with it as «Dokument hvor deler av innholdet er skjermet»."""
        paper = "agenda" if kind == "notice" else "minutes"
        code, number = meeting.council.code, f"{meeting.number}/{meeting.year % 100:02d}"
        title = (f"Innkalling og dagsorden – {code} møte {number}" if kind == "notice"
                 else f"Referat – {code} møte {number}")
        files = self.files.meeting_paper(meeting, paper)
        screened_by = "; ".join(exempt_bases) or None
        if screened_by is not None:
            files += self.files.meeting_paper(meeting, paper, public=True)
        with x.open("registrering", "moeteregistrering"):
            self._registration_head(x, ids.paper_registration(meeting.id, kind), record)
            self._description(x, ids.paper_description(meeting.id, kind),
                              "Møteinnkalling" if kind == "notice" else "Møteprotokoll", title,
                              files[0].created, files[0].created_by, files, screened_by)
            x.leaf("tittel", title)
            if kind == "minutes":
                x.leaf("beskrivelse", _approval_text(meeting.minutes))
            self._registration_tail(x, "Møteinnkallelse" if kind == "notice" else "Møteprotokoll",
                                    record)

    def _agenda_registration(self, x: _Xml, meeting: Meeting, items: list[AgendaItem], fmt: str,
                             record: "_Record") -> None:
        from app.services.planning.agenda import item_number

        lines = []
        for item in items:
            shown = disclosure.public_item_title(item) if _case(item) is not None and item.case.exempt \
                else item.title
            lines.append(f"{item_number(item, fmt) or '–'} {shown}")
        code, number = meeting.council.code, f"{meeting.number}/{meeting.year % 100:02d}"
        with x.open("registrering", "moeteregistrering"):
            self._registration_head(x, ids.paper_registration(meeting.id, "agenda"), record)
            x.leaf("tittel", f"Saksliste – {code} møte {number}")
            x.leaf("beskrivelse", "\n".join(lines))
            with x.open("kryssreferanse"):
                x.leaf("referanseTilRegistrering", ids.paper_registration(meeting.id, "notice"))
            self._registration_tail(x, "Saksliste", record)

    def _item_registration(self, x: _Xml, item: AgendaItem, fmt: str,
                           treatments: dict[int, list[_Treatment]], record: "_Record") -> None:
        from app.services.planning.agenda import item_number

        case = _case(item)
        exempt = case is not None and case.exempt
        number = item_number(item, fmt)
        earlier = later = None
        if case is not None:
            exported = [t for t in treatments.get(case.id, []) if t.meeting_id in self.ready_ids]
            position = next((n for n, t in enumerate(exported) if t.item_id == item.id), None)
            if position is not None:
                earlier = exported[position - 1].item_id if position > 0 else None
                later = exported[position + 1].item_id if position + 1 < len(exported) else None
        presenters = ", ".join(p.display_name for p in item.presenters if p.display_name)
        with x.open("registrering", "moeteregistrering"):
            self._registration_head(x, ids.item_registration(item.id), record)
            if exempt:
                self._skjerming(x, case.legal_basis, SCREEN_RECORD_TITLE)
                self.result.contains_exempt = True
            if number:
                x.leaf("registreringsID", f"{item.council.code} sak {number}")
            x.leaf("tittel", item.title)
            if exempt:
                x.leaf("offentligTittel", disclosure.public_case_title(case))
            x.leaf("beskrivelse", _decision_text(item))
            if item.case_seq is not None:
                with x.open("virksomhetsspesifikkeMetadata"):
                    with x.open("moetesak", ns=OWN_NAMESPACE):
                        x.leaf("moetesaksaar", item.case_year, OWN_NAMESPACE)
                        x.leaf("moetesakssekvensnummer", item.case_seq, OWN_NAMESPACE)
                        x.leaf("moetesaksnummer", number, OWN_NAMESPACE)
                        x.leaf("formaal", PURPOSES.get(item.purpose, "sak"), OWN_NAMESPACE)
                        x.leaf("innretning", item.item_type, OWN_NAMESPACE)
                        x.leaf("utfall", OUTCOMES.get(item.outcome), OWN_NAMESPACE)
                        if item.sent_on_council is not None:
                            x.leaf("sendtVidereTilUtvalg", item.sent_on_council.code, OWN_NAMESPACE)
                        if item.postponed_to_date is not None:
                            x.leaf("utsattTilDato", item.postponed_to_date.isoformat(), OWN_NAMESPACE)
            if case is not None:
                with x.open("kryssreferanse"):
                    x.leaf("referanseTilMappe", ids.case_folder(case.id))
            self._registration_tail(x, "Saksframlegg", record, case_kind=item.item_type,
                                    status=_item_status(item), handler=presenters or None)
            if later is not None:
                x.leaf("referanseTilMoeteregistrering", ids.item_registration(later))
            if earlier is not None:
                x.leaf("referanseFraMoeteregistrering", ids.item_registration(earlier))

    # --- saksmapper ----------------------------------------------------------------------------------

    def _case_folder(self, x: _Xml, case: Case, council: _CouncilRef, treatments: list[_Treatment],
                     documents: list[CaseDocument], creator: str | None,
                     uploaders: dict[int, str | None]) -> None:
        exported = [t for t in treatments if t.meeting_id in self.ready_ids]
        done = bool(treatments) and all(t.meeting_done for t in treatments) and \
            treatments[-1].status == ItemStatus.TREATED and \
            treatments[-1].outcome not in (ItemOutcome.POSTPONED, ItemOutcome.SENT_ON)
        self.result.case_ids.append(case.id)
        self.counts["saksmappe"] += 1
        if case.exempt:
            self.result.contains_exempt = True
        responsible = (case.submitted_by_person.name if case.submitted_by_person else None) or \
            (case.submitted_by_organisation.name if case.submitted_by_organisation else None) or \
            council.secretariat
        with x.open("mappe", "saksmappe"):
            x.leaf("systemID", ids.case_folder(case.id))
            x.leaf("mappeID", case.file_number)
            x.leaf("tittel", case.title)
            if case.exempt:
                x.leaf("offentligTittel", disclosure.public_case_title(case))
            x.leaf("beskrivelse", case.description)
            x.leaf("dokumentmedium", ELECTRONIC)
            x.leaf("opprettetDato", _moment(case.created_at))
            x.leaf("opprettetAv", creator or SYSTEM)
            x.leaf("avsluttetDato", _moment(self.now))
            x.leaf("avsluttetAv", SYSTEM)
            x.leaf("referanseArkivdel", self.arkivdel_id)
            for treatment in exported:
                with x.open("kryssreferanse"):
                    x.leaf("referanseTilRegistrering", ids.item_registration(treatment.item_id))
            if case.exempt:
                self._skjerming(x, case.legal_basis, SCREEN_FOLDER_TITLE)
            for document in documents:
                self._journalpost(x, document, uploaders.get(document.uploaded_by_id))
            x.leaf("saksaar", case.file_year)
            x.leaf("sakssekvensnummer", case.file_seq)
            x.leaf("saksdato", oslo_time(case.created_at).date().isoformat())
            x.leaf("administrativEnhet", council.secretariat)
            x.leaf("saksansvarlig", responsible)
            x.leaf("saksstatus", CASE_CLOSED if done else CASE_OPEN)

    def _journalpost(self, x: _Xml, document: CaseDocument, uploader: str | None) -> None:
        exempt = disclosure.document_exempt(document)
        uploaded = oslo_time(document.uploaded_at)
        by = uploader or SYSTEM
        year, sequence = self.journal.get(document.id) or journal_numbers([document.id])[document.id]
        files = self.files.case_document(document, uploader)
        self.result.document_ids.append(document.id)
        self.counts["journalpost"] += 1
        with x.open("registrering", "journalpost"):
            x.leaf("systemID", ids.document_journalpost(document.id))
            x.leaf("opprettetDato", _moment(uploaded))
            x.leaf("opprettetAv", by)
            x.leaf("arkivertDato", _moment(uploaded))
            x.leaf("arkivertAv", by)
            x.leaf("referanseArkivdel", self.arkivdel_id)
            if exempt:
                self.result.contains_exempt = True
                self._skjerming(x, disclosure.document_legal_basis(document), SCREEN_RECORD_TITLE,
                                whole_document=True)
            self._description(x, ids.document_description(document.id), "Saksdokument",
                              document.original_name, uploaded, by, files)
            x.leaf("registreringsID", document.document_number)
            x.leaf("tittel", document.original_name)
            if exempt:
                x.leaf("offentligTittel", disclosure.public_document_title(document))
            x.leaf("journalaar", year)
            x.leaf("journalsekvensnummer", sequence)
            x.leaf("journalpostnummer", document.number)
            x.leaf("journalposttype", JOURNALPOST_TYPE)
            x.leaf("journalstatus", JOURNAL_STATUS)
            x.leaf("journaldato", uploaded.date().isoformat())

    # --- shared parts ------------------------------------------------------------------------------

    def _skjerming(self, x: _Xml, legal_basis: str | None, metadata: str, *,
                   whole_document: bool = False, part_of_document: bool = False) -> None:
        self.counts["skjerming"] += 1
        with x.open("skjerming"):
            x.leaf("tilgangsrestriksjon", EXEMPT)
            x.leaf("skjermingshjemmel", legal_basis or EXEMPT)
            x.leaf("skjermingMetadata", metadata)
            if whole_document or part_of_document:
                x.leaf("skjermingDokument", SCREEN_WHOLE_DOCUMENT if whole_document else SCREEN_PART)

    def _description(self, x: _Xml, system_id: str, document_type: str, title: str, created: datetime,
                     created_by: str, files: list[DocumentFile], screened_by: str | None = None) -> None:
        self.counts["dokumentbeskrivelse"] += 1
        with x.open("dokumentbeskrivelse"):
            x.leaf("systemID", system_id)
            x.leaf("dokumenttype", document_type)
            x.leaf("dokumentstatus", FINISHED_DOCUMENT)
            x.leaf("tittel", title)
            x.leaf("opprettetDato", _moment(created))
            x.leaf("opprettetAv", created_by)
            x.leaf("dokumentmedium", ELECTRONIC)
            x.leaf("tilknyttetRegistreringSom", MAIN_DOCUMENT)
            x.leaf("dokumentnummer", 1)
            x.leaf("tilknyttetDato", _moment(created))
            x.leaf("tilknyttetAv", created_by)
            if screened_by is not None:
                self._skjerming(x, screened_by, SCREEN_DESCRIPTION_TITLE, part_of_document=True)
            for file in files:
                self._object(x, system_id, file)

    def _object(self, x: _Xml, description_id: str, file: DocumentFile) -> None:
        self.counts["dokumentobjekt"] += 1
        with x.open("dokumentobjekt"):
            x.leaf("systemID", ids.document_object(description_id, file.key))
            x.leaf("versjonsnummer", 1)
            x.leaf("variantformat", file.variant)
            x.leaf("format", file.format)
            x.leaf("formatDetaljer", file.format_details)
            x.leaf("opprettetDato", _moment(file.created))
            x.leaf("opprettetAv", file.created_by)
            x.leaf("referanseDokumentfil", file.reference)
            x.leaf("sjekksum", file.sha256)
            x.leaf("sjekksumAlgoritme", SHA256)
            x.leaf("filstoerrelse", file.size)
            if file.conversion is not None:
                conversion = file.conversion
                with x.open("konvertering"):
                    x.leaf("konvertertDato", _moment(conversion.at))
                    x.leaf("konvertertAv", conversion.by)
                    x.leaf("konvertertFraFormat", conversion.from_format)
                    x.leaf("konvertertTilFormat", conversion.to_format)
                    x.leaf("konverteringsverktoey", conversion.tool)


@dataclass(frozen=True)
class _Record:
    """Who and when for a meeting's registrations."""

    opened_at: datetime
    opened_by: str
    closed_at: datetime
    closed_by: str
    unit: str  # administrativEnhet: the council's secretariat
    handler: str  # saksbehandler when an item has no presenter: the minute-taker


# --- reading -----------------------------------------------------------------------------------------

def _release(keep: set) -> None:
    """Let go of the rows read for one meeting (never of what the caller had loaded or changed)."""
    session = db.session
    busy = set(session.dirty) | set(session.new)
    for key, obj in list(session.identity_map.items()):
        if key not in keep and obj not in busy and obj in session:  # (expunge cascades)
            session.expunge(obj)


def _treatments(case_ids: list[int]) -> dict[int, list[_Treatment]]:
    """Every agenda item of these cases, in meeting order, by case."""
    found: dict[int, list[_Treatment]] = {}
    if not case_ids:
        return found
    rows = db.session.execute(
        select(AgendaItem.id, AgendaItem.case_id, AgendaItem.meeting_id, AgendaItem.status,
               AgendaItem.outcome, AgendaItem.position, Meeting.date, Meeting.number, Meeting.status,
               Minutes.status)
        .join(Meeting, Meeting.id == AgendaItem.meeting_id)
        .outerjoin(Minutes, Minutes.meeting_id == Meeting.id)
        .where(AgendaItem.case_id.in_(case_ids), AgendaItem.purpose == ItemPurpose.CASE)
        .order_by(Meeting.date, Meeting.number, AgendaItem.position))
    for item_id, case_id, meeting_id, status, outcome, position, day, number, meeting_status, \
            minutes_status in rows:
        done = meeting_status == MeetingStatus.CANCELLED or (
            meeting_status == MeetingStatus.HELD and minutes_status in ("approved", "published"))
        found.setdefault(case_id, []).append(_Treatment(
            item_id, case_id, meeting_id, (day, number, position), status, outcome, done))
    return found


def _case(item: AgendaItem) -> Case | None:
    """The item's case; a routine item (approving the notice or minutes, follow-up, any other
    business) has none, even where older data still links one (migration 0013 detaches them)."""
    return item.case if item.purpose == ItemPurpose.CASE else None


def _exempt_bases(items: list[AgendaItem]) -> list[str]:
    """The legal bases of the exempt material the meeting's full papers hold: its exempt cases
    and the exempt documents of its public cases (which the full agenda names)."""
    cases = [c for c in map(_case, items) if c is not None]
    bases = [c.legal_basis or EXEMPT for c in cases if c.exempt]
    public = [c.id for c in cases if not c.exempt]
    if public:
        bases += db.session.scalars(select(CaseDocument.legal_basis).where(
            CaseDocument.case_id.in_(public), CaseDocument.exempt.is_(True))).all()
    return sorted({b or EXEMPT for b in bases})


def _user_name(user_id: int | None) -> str | None:
    if user_id is None:
        return None
    return user_name(db.session.get(User, user_id))


def _creators(object_type: str, object_ids: list[int]) -> dict[int, str]:
    """Who created each row, from the audit trail: the person's name, else the actor recorded."""
    rows = db.session.execute(
        select(AuditEvent.object_id, AuditEvent.actor, Person.name)
        .outerjoin(User, User.id == AuditEvent.user_id).outerjoin(Person, Person.id == User.person_id)
        .where(AuditEvent.object_type == object_type, AuditEvent.object_id.in_(object_ids),
               AuditEvent.action == "create")
        .order_by(AuditEvent.at.desc()))
    return {object_id: name or actor for object_id, actor, name in rows}


def _approval(meeting: Meeting) -> tuple[datetime, str]:
    """When and by whom the minutes were approved (closing the meeting's folder)."""
    version = db.session.scalars(
        select(MinutesVersion).where(MinutesVersion.minutes_id == meeting.minutes.id,
                                     MinutesVersion.kind == VersionKind.APPROVED)
        .order_by(MinutesVersion.number.desc()).limit(1)).first()
    if version is not None:
        return version.created_at, _user_name(version.created_by_id) or SYSTEM
    return _day_start(meeting.minutes.approved_on or meeting.date), SYSTEM


def _approval_text(minutes: Minutes | None) -> str | None:
    from app.services.proceedings.minutes_lock import approval_text

    return approval_text(minutes) if minutes is not None else None


def _minute_taker(meeting: Meeting) -> str | None:
    return meeting.minute_taker.name if meeting.minute_taker is not None else None


def _participants(meeting: Meeting) -> list[tuple[str, str]]:
    """(name, function) of everyone present; the chair as «Møteleder», the minute-taker as
    «Referent», listed even when they are not on the attendance list."""
    people: list[tuple[str, str]] = []
    seen: set[int] = set()
    for row in meeting.attendance:
        if row.status != AttendanceStatus.PRESENT or not row.display_name:
            continue
        if row.person_id is not None and row.person_id == meeting.chair_id:
            function = "Møteleder"
        elif row.person_id is not None and row.person_id == meeting.minute_taker_id:
            function = "Referent"
        else:
            function = FUNCTIONS.get(row.role, "Annen deltaker")
        if row.person_id is not None:
            seen.add(row.person_id)
        people.append((row.display_name, function))
    for person, function in ((meeting.chair, "Møteleder"), (meeting.minute_taker, "Referent")):
        if person is not None and person.id not in seen:
            seen.add(person.id)
            people.append((person.name, function))
    return people


def _item_status(item: AgendaItem) -> str | None:
    if item.status == ItemStatus.WITHDRAWN or item.outcome == ItemOutcome.WITHDRAWN:
        return WITHDRAWN
    if item.status == ItemStatus.POSTPONED or item.outcome == ItemOutcome.POSTPONED:
        return POSTPONED
    if item.outcome == ItemOutcome.SENT_ON:
        return SENT_ON
    if item.status == ItemStatus.TREATED or item.outcome is not None:
        return FINISHED
    return None


def _decision_text(item: AgendaItem) -> str | None:
    """The decision as plain text ("Vedtak: …"), or where a postponed item went."""
    from app.services.paperwork.paper_parts import proposal_blocks

    lines = []
    for block in proposal_blocks(item.decision_body):
        text = block["text"]
        lines.append(f"{block['number']} {text}" if block["kind"] == "point" else text)
    if lines:
        return "Vedtak:\n" + "\n".join(lines)
    if item.postponed_to_date is not None:
        return f"Saken er utsatt til møtet {long_date(item.postponed_to_date)}."
    return None


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
