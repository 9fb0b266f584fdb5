"""The parts of arkivstruktur.xml below a meeting's folder: the moeteregistreringer (the notice,
the agenda, each item, the minutes), the saksmapper with their journalposter, and the skjerming,
dokumentbeskrivelse and dokumentobjekt they share. A mixin of structure._Export, which holds the
counts, the result and the document files these write to."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from app import disclosure
from app.models import AgendaItem, Case, CaseDocument, ItemOutcome, ItemStatus, Meeting
from app.services.archive import ids
from app.services.archive.documents import SHA256, SYSTEM, DocumentFile
from app.services.archive.scope import journal_numbers, oslo_time
from app.services.archive.structure_reading import (
    Treatment,
    approval_text_of,
    case_of,
    decision_text_of,
    item_status_of,
)
from app.services.archive.structure_values import (
    CASE_CLOSED,
    CASE_OPEN,
    ELECTRONIC,
    EXEMPT,
    FINISHED_DOCUMENT,
    JOURNAL_STATUS,
    JOURNALPOST_TYPE,
    MAIN_DOCUMENT,
    OUTCOMES,
    OWN_NAMESPACE,
    PURPOSES,
    SCREEN_DESCRIPTION_TITLE,
    SCREEN_FOLDER_TITLE,
    SCREEN_PART,
    SCREEN_RECORD_TITLE,
    SCREEN_WHOLE_DOCUMENT,
    CouncilRef,
    Xml,
    xml_moment,
)


class StructureParts:
    # --- moeteregistreringer ---------------------------------------------------------------------

    def _registration_head(self, x: Xml, system_id: str, record: Record) -> None:
        self.counts["moeteregistrering"] += 1
        x.leaf("systemID", system_id)
        x.leaf("opprettetDato", xml_moment(record.opened_at))
        x.leaf("opprettetAv", record.opened_by)
        x.leaf("arkivertDato", xml_moment(record.closed_at))
        x.leaf("arkivertAv", record.closed_by)

    def _registration_tail(self, x: Xml, kind: str, record: Record, *, case_kind: str | None = None,
                           status: str | None = None, handler: str | None = None) -> None:
        x.leaf("moeteregistreringstype", kind)
        x.leaf("moetesakstype", case_kind)
        x.leaf("moeteregistreringsstatus", status)
        x.leaf("administrativEnhet", record.unit)
        x.leaf("saksbehandler", handler or record.handler)

    def _paper_registration(self, x: Xml, meeting: Meeting, kind: str, record: Record,
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
                x.leaf("beskrivelse", approval_text_of(meeting.minutes))
            self._registration_tail(x, "Møteinnkallelse" if kind == "notice" else "Møteprotokoll",
                                    record)

    def _agenda_registration(self, x: Xml, meeting: Meeting, items: list[AgendaItem], fmt: str,
                             record: Record) -> None:
        from app.services.planning.agenda import item_number

        lines = []
        for item in items:
            shown = disclosure.public_item_title(item) if case_of(item) is not None and item.case.exempt \
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

    def _item_registration(self, x: Xml, item: AgendaItem, fmt: str,
                           treatments: dict[int, list[Treatment]], record: Record) -> None:
        from app.services.planning.agenda import item_number

        case = case_of(item)
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
            x.leaf("beskrivelse", decision_text_of(item))
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
                                    status=item_status_of(item), handler=presenters or None)
            if later is not None:
                x.leaf("referanseTilMoeteregistrering", ids.item_registration(later))
            if earlier is not None:
                x.leaf("referanseFraMoeteregistrering", ids.item_registration(earlier))

    # --- saksmapper ----------------------------------------------------------------------------------

    def _case_folder(self, x: Xml, case: Case, council: CouncilRef, treatments: list[Treatment],
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
            x.leaf("opprettetDato", xml_moment(case.created_at))
            x.leaf("opprettetAv", creator or SYSTEM)
            x.leaf("avsluttetDato", xml_moment(self.now))
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

    def _journalpost(self, x: Xml, document: CaseDocument, uploader: str | None) -> None:
        exempt = disclosure.document_exempt(document)
        uploaded = oslo_time(document.uploaded_at)
        by = uploader or SYSTEM
        year, sequence = self.journal.get(document.id) or journal_numbers([document.id])[document.id]
        files = self.files.case_document(document, uploader)
        self.result.document_ids.append(document.id)
        self.counts["journalpost"] += 1
        with x.open("registrering", "journalpost"):
            x.leaf("systemID", ids.document_journalpost(document.id))
            x.leaf("opprettetDato", xml_moment(uploaded))
            x.leaf("opprettetAv", by)
            x.leaf("arkivertDato", xml_moment(uploaded))
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

    def _skjerming(self, x: Xml, legal_basis: str | None, metadata: str, *,
                   whole_document: bool = False, part_of_document: bool = False) -> None:
        self.counts["skjerming"] += 1
        with x.open("skjerming"):
            x.leaf("tilgangsrestriksjon", EXEMPT)
            x.leaf("skjermingshjemmel", legal_basis or EXEMPT)
            x.leaf("skjermingMetadata", metadata)
            if whole_document or part_of_document:
                x.leaf("skjermingDokument", SCREEN_WHOLE_DOCUMENT if whole_document else SCREEN_PART)

    def _description(self, x: Xml, system_id: str, document_type: str, title: str, created: datetime,
                     created_by: str, files: list[DocumentFile], screened_by: str | None = None) -> None:
        self.counts["dokumentbeskrivelse"] += 1
        with x.open("dokumentbeskrivelse"):
            x.leaf("systemID", system_id)
            x.leaf("dokumenttype", document_type)
            x.leaf("dokumentstatus", FINISHED_DOCUMENT)
            x.leaf("tittel", title)
            x.leaf("opprettetDato", xml_moment(created))
            x.leaf("opprettetAv", created_by)
            x.leaf("dokumentmedium", ELECTRONIC)
            x.leaf("tilknyttetRegistreringSom", MAIN_DOCUMENT)
            x.leaf("dokumentnummer", 1)
            x.leaf("tilknyttetDato", xml_moment(created))
            x.leaf("tilknyttetAv", created_by)
            if screened_by is not None:
                self._skjerming(x, screened_by, SCREEN_DESCRIPTION_TITLE, part_of_document=True)
            for file in files:
                self._object(x, system_id, file)

    def _object(self, x: Xml, description_id: str, file: DocumentFile) -> None:
        self.counts["dokumentobjekt"] += 1
        with x.open("dokumentobjekt"):
            x.leaf("systemID", ids.document_object(description_id, file.key))
            x.leaf("versjonsnummer", 1)
            x.leaf("variantformat", file.variant)
            x.leaf("format", file.format)
            x.leaf("formatDetaljer", file.format_details)
            x.leaf("opprettetDato", xml_moment(file.created))
            x.leaf("opprettetAv", file.created_by)
            x.leaf("referanseDokumentfil", file.reference)
            x.leaf("sjekksum", file.sha256)
            x.leaf("sjekksumAlgoritme", SHA256)
            x.leaf("filstoerrelse", file.size)
            if file.conversion is not None:
                conversion = file.conversion
                with x.open("konvertering"):
                    x.leaf("konvertertDato", xml_moment(conversion.at))
                    x.leaf("konvertertAv", conversion.by)
                    x.leaf("konvertertFraFormat", conversion.from_format)
                    x.leaf("konvertertTilFormat", conversion.to_format)
                    x.leaf("konverteringsverktoey", conversion.tool)


@dataclass(frozen=True)
class Record:
    """Who and when for a meeting's registrations."""

    opened_at: datetime
    opened_by: str
    closed_at: datetime
    closed_by: str
    unit: str  # administrativEnhet: the council's secretariat
    handler: str  # saksbehandler when an item has no presenter: the minute-taker
