"""The fixed values arkivstruktur.xml uses (Noark 5's metadatakatalog, where it has them) and how
moments are written (structure.py, structure_parts.py and structure_reading.py share them)."""
from dataclasses import dataclass
from datetime import date, datetime, time

from app.models import AttendanceRole, ItemOutcome, ItemPurpose
from app.services.archive.scope import oslo_time
from app.services.core.clock import OSLO

NS = "http://www.arkivverket.no/standarder/noark5/arkivstruktur"
OWN_NAMESPACE = "https://motebok.example/noark5/moetesak/1.0"
XSI = "http://www.w3.org/2001/XMLSchema-instance"

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


def xml_moment(value: datetime | None) -> str | None:
    return oslo_time(value).isoformat(timespec="seconds") if value is not None else None


def day_start(day: date) -> datetime:
    return datetime.combine(day, time(), tzinfo=OSLO)


@dataclass(frozen=True)
class CouncilRef:
    id: int
    code: str
    name: str
    description: str | None
    secretariat: str


class Xml:
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
