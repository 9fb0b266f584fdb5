"""arkivstruktur.xml and DOKUMENT/ for NUIT 2022 from the demo (issue 13): valid against the official
Noark 5 v5.0 schemas and the product's own XSD, with what an archivist looks for."""
import hashlib
from datetime import date
from pathlib import Path

import pytest
import time_machine
from lxml import etree
from sqlalchemy import select

from app.extensions import db
from app.models import Council
from app.services.archive import ids
from app.services.archive.errors import ArchiveError
from app.services.archive.scope import Scope
from app.services.archive.structure import (
    COUNT_KEYS,
    NS,
    OWN_NAMESPACE,
    OWN_XSD,
    write_arkivstruktur,
)
from app.services.core.audit import acting_as
from app.services.planning.meetings import meeting_by_number
from app.services.proceedings import minutes
from tests.environment import needs_soffice

SCHEMAS = Path(__file__).resolve().parents[1] / ".." / "shared" / "noark5"
if not (SCHEMAS / "arkivstruktur.xsd").exists():
    SCHEMAS = Path("/work/shared/noark5")
N = {"n": NS, "mb": OWN_NAMESPACE, "xsi": "http://www.w3.org/2001/XMLSchema-instance"}

pytestmark = pytest.mark.skipif(not (SCHEMAS / "arkivstruktur.xsd").exists(),
                                reason="the Noark 5 v5.0 schemas (../shared/noark5) are not here")


def _schema(tmp_path) -> etree.XMLSchema:
    """arkivstruktur.xsd and motebok.xsd together: the lax xs:anyType of virksomhetsspesifikkeMetadata
    is then checked against the product's own declarations."""
    wrapper = tmp_path / "wrapper.xsd"
    wrapper.write_text(
        '<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema">'
        f'<xs:import namespace="{NS}" schemaLocation="{(SCHEMAS / "arkivstruktur.xsd").as_uri()}"/>'
        f'<xs:import namespace="{OWN_NAMESPACE}" schemaLocation="{OWN_XSD.as_uri()}"/>'
        '</xs:schema>', encoding="utf-8")
    return etree.XMLSchema(etree.parse(str(wrapper)))


def _nuit():
    return db.session.scalar(select(Council).where(Council.code == "NUIT"))


def _export(tmp_path, **options):
    folder = tmp_path / "pakke"
    result = write_arkivstruktur(folder, Scope.year(_nuit(), 2022), convert_pdf=False, **options)
    return folder, result, etree.parse(str(folder / "arkivstruktur.xml"))


def _approve_3_22():
    """Drive NUIT 3/22's minutes (out for comments in the demo) to approved, as the secretariat would."""
    meeting = meeting_by_number(_nuit(), 2022, 3)
    with time_machine.travel(date(2022, 6, 3), tick=False), acting_as(label="test"):
        minutes.approve(meeting.minutes, circulated_on=date(2022, 6, 3), confirm_unresolved=True)
        db.session.commit()


def _hold_4_22_with_the_postponed_case():
    """NUIT 4/22 takes up the case postponed at 3/22 (30/22), is held and its minutes approved."""
    from app.models import ItemKind, ItemOutcome
    from app.services.planning import case_queue, meetings, notice
    from app.services.proceedings import recording

    september = meeting_by_number(_nuit(), 2022, 4)
    with time_machine.travel(date(2022, 9, 1), tick=False), acting_as(label="test"):
        item = meetings.place_from_queue(case_queue.queue_for(september)[0], september)
        # 30/22 had no presenter at 3/22 (seed 002) and has no proposal: the secretary fills in
        # the presenter and accepts the missing proposal, as on the page.
        meetings.update_item(item, presenters=["Mariann Hornnes"])
        notice.issue_notice(september.id, accept_warnings=True)
        db.session.commit()
    with time_machine.travel(date(2022, 9, 14), tick=False), acting_as(label="test"):
        for item in september.items:
            if item.kind == ItemKind.CASE:
                recording.record_item(item, outcome=ItemOutcome.INFORMATION)
        recording.mark_held(september)
        db.session.commit()
    with time_machine.travel(date(2022, 9, 20), tick=False), acting_as(label="test"):
        minutes.approve(minutes.minutes_for(september), circulated_on=date(2022, 9, 20))
        db.session.commit()


def _folder(tree, mappe_id):
    found = tree.xpath("//n:mappe[n:mappeID=$id]", namespaces=N, id=mappe_id)
    assert len(found) == 1, mappe_id
    return found[0]


def test_nuit_2022_is_valid_and_holds_the_ready_meetings(demo_full, tmp_path):
    progress = []
    folder, result, tree = _export(tmp_path, progress=progress.append)

    _schema(tmp_path).assertValid(tree)
    empty = [e.tag for e in tree.iter() if len(e) == 0 and not (e.text or "").strip()]
    assert empty == []  # Arkade's N5.63
    assert set(result.counts) == set(COUNT_KEYS)
    assert [label for label, _reason in result.skipped] == ["NUIT 3/22", "NUIT 4/22"]
    assert "ikke godkjent" in dict(result.skipped)["NUIT 3/22"]
    assert result.counts["moetemappe"] == 2 == len(result.meeting_ids)
    assert progress and "NUIT 1/22" in progress[0]

    first = _folder(tree, "NUIT 1/22")
    assert first.get(f"{{{N['xsi']}}}type") == "moetemappe"
    assert first.findtext("n:moetenummer", namespaces=N) == "1/22"
    assert first.findtext("n:moetedato", namespaces=N).startswith("2022-")
    functions = {p.findtext("n:moetedeltakerFunksjon", namespaces=N): p.findtext("n:moetedeltakerNavn",
                                                                                  namespaces=N)
                 for p in first.findall("n:moetedeltaker", namespaces=N)}
    assert functions["Møteleder"] == "Mariann Hornnes"
    assert "Medlem" in functions
    second = _folder(tree, "NUIT 2/22")
    # 1/22 and 2/22 point at each other; 2/22's next meeting (3/22) is not in the package.
    assert first.findtext("n:referanseNesteMoete", namespaces=N) == second.findtext("n:systemID", namespaces=N)
    assert second.findtext("n:referanseForrigeMoete", namespaces=N) == first.findtext("n:systemID", namespaces=N)
    assert second.find("n:referanseNesteMoete", namespaces=N) is None

    types = [r.findtext("n:moeteregistreringstype", namespaces=N)
             for r in first.findall("n:registrering", namespaces=N)]
    assert types[:2] == ["Møteinnkallelse", "Saksliste"] and types[-1] == "Møteprotokoll"
    numbers = first.xpath(".//mb:moetesak/mb:moetesaksnummer/text()", namespaces=N)
    assert numbers and numbers[0] == "1/22"
    years = first.xpath(".//mb:moetesak/mb:moetesaksaar/text()", namespaces=N)
    assert set(years) == {"2022"}


def test_routine_items_are_registrations_only_and_cases_are_saksmapper(demo_full, tmp_path):
    _folder_, result, tree = _export(tmp_path)
    routine = tree.xpath("//n:registrering[.//mb:formaal!='sak']", namespaces=N)
    assert {r.findtext("n:tittel", namespaces=N) for r in routine} >= {
        "Godkjenning av innkalling og dagsorden", "Eventuelt"}
    for registration in routine:  # in the meeting's folder, with no case folder behind it
        assert registration.getparent().get(f"{{{N['xsi']}}}type") == "moetemappe"
        assert registration.find("n:kryssreferanse", namespaces=N) is None
    case_titles = tree.xpath("//n:mappe[@xsi:type='saksmappe']/n:tittel/text()", namespaces=N)
    assert "Eventuelt" not in case_titles and "Godkjenning av innkalling og dagsorden" not in case_titles
    assert len(case_titles) == result.counts["saksmappe"] == len(result.case_ids)
    # Every item with a case points at its saksmappe, and that saksmappe is in the package.
    folders = set(tree.xpath("//n:mappe[@xsi:type='saksmappe']/n:systemID/text()", namespaces=N))
    references = tree.xpath("//n:registrering/n:kryssreferanse/n:referanseTilMappe/text()", namespaces=N)
    assert references and set(references) <= folders
    a_case = tree.xpath("//n:mappe[@xsi:type='saksmappe']", namespaces=N)[0]
    assert a_case.findtext("n:saksaar", namespaces=N) == a_case.findtext("n:mappeID", namespaces=N).split("/")[0]
    assert a_case.findtext("n:saksstatus", namespaces=N) in ("Avsluttet", "Under behandling")


def test_the_exempt_case_carries_skjerming_and_its_public_title(demo_full, tmp_path):
    from app.demo.participation import EXEMPT_TITLE

    _folder_, result, tree = _export(tmp_path)
    assert result.contains_exempt
    case = tree.xpath("//n:mappe[@xsi:type='saksmappe'][n:tittel=$t]", namespaces=N, t=EXEMPT_TITLE)
    assert len(case) == 1
    case = case[0]
    assert case.findtext("n:offentligTittel", namespaces=N) not in (None, EXEMPT_TITLE)
    screening = case.find("n:skjerming", namespaces=N)
    assert screening.findtext("n:tilgangsrestriksjon", namespaces=N) == "Unntatt offentlighet"
    assert screening.findtext("n:skjermingshjemmel", namespaces=N).startswith("offl.")
    assert screening.findtext("n:skjermingMetadata", namespaces=N)
    item = tree.xpath("//n:registrering[n:kryssreferanse/n:referanseTilMappe=$id]", namespaces=N,
                      id=case.findtext("n:systemID", namespaces=N))[0]
    assert item.xpath("string(.//mb:moetesaksnummer)", namespaces=N) == "32/22"
    assert item.find("n:skjerming", namespaces=N) is not None
    assert item.findtext("n:offentligTittel", namespaces=N) == case.findtext("n:offentligTittel", namespaces=N)
    assert result.counts["skjerming"] == len(tree.xpath("//n:skjerming", namespaces=N)) >= 2


def test_the_full_papers_of_a_meeting_with_exempt_material_are_screened_in_part(demo_full, tmp_path):
    import zipfile

    from app.demo.participation import EXEMPT_BASIS, EXEMPT_TITLE

    folder, _result, tree = _export(tmp_path)
    for kind in ("Møteinnkallelse", "Møteprotokoll"):
        description = _folder(tree, "NUIT 2/22").xpath(
            "n:registrering[n:moeteregistreringstype=$kind]/n:dokumentbeskrivelse", namespaces=N,
            kind=kind)[0]
        screening = description.find("n:skjerming", namespaces=N)
        assert EXEMPT_BASIS in screening.findtext("n:skjermingshjemmel", namespaces=N)
        assert screening.findtext("n:skjermingDokument", namespaces=N) == "Skjerming av deler av dokumentet"
        files = {o.findtext("n:variantformat", namespaces=N): o.findtext("n:referanseDokumentfil", namespaces=N)
                 for o in description.findall("n:dokumentobjekt", namespaces=N)}
        full, public = files["Produksjonsformat"], files["Dokument hvor deler av innholdet er skjermet"]
        assert public.endswith("-offentlig.docx")
        texts = {}
        for name in (full, public):
            with zipfile.ZipFile(folder / name) as docx:
                texts[name] = docx.read("word/document.xml").decode("utf-8")
        assert EXEMPT_TITLE in texts[full] and EXEMPT_TITLE not in texts[public]


def test_an_exempt_document_in_a_public_case_is_screened_with_its_own_basis(demo_full, tmp_path):
    from app.demo.participation import INTERNAL_BASIS, INTERNAL_DOCUMENT

    _folder_, _result, tree = _export(tmp_path)
    post = tree.xpath("//n:registrering[@xsi:type='journalpost'][n:tittel=$name]", namespaces=N,
                      name=INTERNAL_DOCUMENT)[0]
    case = post.getparent()
    assert case.find("n:skjerming", namespaces=N) is None  # the case itself is public
    assert post.findtext("n:skjerming/n:skjermingshjemmel", namespaces=N) == INTERNAL_BASIS
    assert post.findtext("n:skjerming/n:skjermingDokument", namespaces=N) == "Skjerming av hele dokumentet"
    number = post.findtext("n:registreringsID", namespaces=N)
    assert number.startswith(case.findtext("n:mappeID", namespaces=N) + "-")
    # the same public title as the public journal and the public pages give it
    assert post.findtext("n:offentligTittel", namespaces=N) == \
        f"Dokument {number}: Unntatt offentlighet, jf. {INTERNAL_BASIS}"


def test_a_period_without_finished_meetings_gives_an_empty_valid_structure(demo_full, tmp_path):
    folder = tmp_path / "tom"
    result = write_arkivstruktur(folder, Scope.year(_nuit(), 2030), convert_pdf=False)
    _schema(tmp_path).assertValid(etree.parse(str(folder / "arkivstruktur.xml")))
    assert result.meeting_ids == [] and result.skipped == []
    assert (result.counts["klasse"], result.counts["mappe"], result.counts["dokumentfiler"]) == (1, 0, 0)


def test_every_document_file_is_referenced_once_with_its_checksum(demo_full, tmp_path):
    folder, result, tree = _export(tmp_path)
    references = tree.xpath("//n:dokumentobjekt/n:referanseDokumentfil/text()", namespaces=N)
    files = sorted(p.relative_to(folder).as_posix() for p in (folder / "DOKUMENT").rglob("*") if p.is_file())
    assert sorted(references) == files and len(set(references)) == len(references)
    assert result.counts["dokumentfiler"] == len(files) == result.counts["dokumentobjekt"]
    for obj in tree.xpath("//n:dokumentobjekt", namespaces=N):
        data = (folder / obj.findtext("n:referanseDokumentfil", namespaces=N)).read_bytes()
        assert obj.findtext("n:sjekksum", namespaces=N) == hashlib.sha256(data).hexdigest()
        assert obj.findtext("n:filstoerrelse", namespaces=N) == str(len(data))
        assert obj.findtext("n:variantformat", namespaces=N) in (
            "Produksjonsformat", "Dokument hvor deler av innholdet er skjermet")
    journalposts = tree.xpath("//n:registrering[@xsi:type='journalpost']", namespaces=N)
    assert len(journalposts) == result.counts["journalpost"] == len(result.document_ids) > 0
    assert {j.findtext("n:journalpostnummer", namespaces=N) for j in journalposts} >= {"1"}
    system_ids = tree.xpath("//n:systemID/text()", namespaces=N)
    assert len(system_ids) == len(set(system_ids))


def test_the_export_lets_go_of_each_meeting_s_rows(demo_full, tmp_path):
    """The benchmark's memory bound: rows read for a meeting are let go of before the next one."""
    from app.models import AgendaItem, Attendance, CaseDocument, Meeting

    db.session.expunge_all()
    _export(tmp_path)
    held = [obj for obj in db.session.identity_map.values()
            if isinstance(obj, Meeting | AgendaItem | Attendance | CaseDocument)]
    assert held == []


def test_a_document_that_fails_its_checksum_stops_the_export(demo_full, tmp_path):
    from app.models import CaseDocument
    from app.services.casework.documents import stored_path

    document = db.session.scalars(select(CaseDocument).order_by(CaseDocument.id)).first()
    stored_path(document.stored_name).write_bytes(b"changed on the server")
    with pytest.raises(ArchiveError, match=document.document_number):
        _export(tmp_path)


def test_3_22_approved_through_the_services_joins_the_package(demo_full, tmp_path):
    _approve_3_22()
    _folder_, result, tree = _export(tmp_path)
    _schema(tmp_path).assertValid(tree)
    assert [label for label, _reason in result.skipped] == ["NUIT 4/22"]
    third = _folder(tree, "NUIT 3/22")
    assert third.xpath("string(.//mb:moetesak[mb:moetesakssekvensnummer=16]/mb:moetesaksnummer)",
                       namespaces=N) == "16/22"
    postponed = third.xpath("n:registrering[.//mb:moetesakssekvensnummer=30]", namespaces=N)[0]
    assert postponed.findtext("n:moeteregistreringsstatus", namespaces=N) == \
        "Utsatt til nytt møte i samme utvalg"
    waiting = tree.xpath("//n:mappe[n:systemID=$id]", namespaces=N,
                         id=postponed.findtext("n:kryssreferanse/n:referanseTilMappe", namespaces=N))[0]
    assert waiting.findtext("n:saksstatus", namespaces=N) == "Under behandling"  # waiting for 4/22
    assert postponed.find("n:referanseTilMoeteregistrering", namespaces=N) is None  # 4/22 not in it
    assert _folder(tree, "NUIT 2/22").findtext("n:referanseNesteMoete", namespaces=N) == \
        ids.meeting_folder(meeting_by_number(_nuit(), 2022, 3).id)
    protocol = third.xpath("n:registrering[n:moeteregistreringstype='Møteprotokoll']", namespaces=N)[0]
    assert protocol.findtext("n:beskrivelse", namespaces=N) == "Godkjent ved sirkulasjon 3. juni 2022"
    assert protocol.xpath("n:dokumentbeskrivelse/n:dokumentobjekt/n:referanseDokumentfil/text()",
                          namespaces=N) == ["DOKUMENT/moeter/NUIT-2022-3/NUIT-3-22-referat.docx"]


def test_converted_papers_get_an_archival_variant_with_its_konvertering(demo_full, tmp_path, monkeypatch):
    """The package's shape when converting, without LibreOffice: a stand-in converter."""
    from app.services.paperwork import pdf

    monkeypatch.setattr(pdf, "docx_to_pdf", lambda data: b"%PDF-1.7 stand-in for " + data[:4])
    folder = tmp_path / "pakke"
    result = write_arkivstruktur(folder, Scope.year(_nuit(), 2022), convert_pdf=True)
    tree = etree.parse(str(folder / "arkivstruktur.xml"))
    _schema(tmp_path).assertValid(tree)
    notice = tree.xpath("//n:mappe[n:mappeID='NUIT 1/22']/n:registrering"
                        "[n:moeteregistreringstype='Møteinnkallelse']/n:dokumentbeskrivelse", namespaces=N)[0]
    objects = notice.findall("n:dokumentobjekt", namespaces=N)
    assert [o.findtext("n:variantformat", namespaces=N) for o in objects] == ["Produksjonsformat", "Arkivformat"]
    assert [o.findtext("n:format", namespaces=N) for o in objects] == ["DOCX", "PDF/A-2b"]
    assert objects[0].find("n:konvertering", namespaces=N) is None
    conversion = objects[1].find("n:konvertering", namespaces=N)
    assert (conversion.findtext("n:konvertertFraFormat", namespaces=N),
            conversion.findtext("n:konvertertTilFormat", namespaces=N)) == ("DOCX", "PDF/A-2b")
    assert "LibreOffice" in conversion.findtext("n:konverteringsverktoey", namespaces=N)
    papers = len(tree.xpath("//n:registrering[n:moeteregistreringstype='Møteinnkallelse' or "
                            "n:moeteregistreringstype='Møteprotokoll']/n:dokumentbeskrivelse/n:dokumentobjekt",
                            namespaces=N))
    assert result.counts["konvertering"] == papers // 2 == len(tree.xpath("//n:konvertering", namespaces=N))
    assert result.counts["dokumentfiler"] == result.counts["dokumentobjekt"] == papers + len(result.document_ids)


def test_a_postponed_case_s_two_treatments_point_at_each_other(demo_full, tmp_path):
    _approve_3_22()
    _hold_4_22_with_the_postponed_case()
    _folder_, result, tree = _export(tmp_path)
    _schema(tmp_path).assertValid(tree)
    assert result.skipped == []
    postponed = _folder(tree, "NUIT 3/22").xpath("n:registrering[.//mb:moetesakssekvensnummer=30]",
                                                  namespaces=N)[0]
    again = _folder(tree, "NUIT 4/22").xpath(
        "n:registrering[n:kryssreferanse/n:referanseTilMappe=$case]", namespaces=N,
        case=postponed.findtext("n:kryssreferanse/n:referanseTilMappe", namespaces=N))[0]
    assert again.xpath("string(.//mb:moetesaksnummer)", namespaces=N) != "30/22"  # a new number there
    assert postponed.findtext("n:referanseTilMoeteregistrering", namespaces=N) == \
        again.findtext("n:systemID", namespaces=N)
    assert again.findtext("n:referanseFraMoeteregistrering", namespaces=N) == \
        postponed.findtext("n:systemID", namespaces=N)
    assert again.findtext("n:moeteregistreringsstatus", namespaces=N) == "Ferdig behandlet av utvalget"
    case = tree.xpath("//n:mappe[n:systemID=$id]", namespaces=N,
                      id=postponed.findtext("n:kryssreferanse/n:referanseTilMappe", namespaces=N))[0]
    assert case.findtext("n:saksstatus", namespaces=N) == "Avsluttet"
    assert len(case.findall("n:kryssreferanse", namespaces=N)) == 2


@needs_soffice
def test_with_libreoffice_the_papers_are_also_archived_as_pdfa(demo_full, tmp_path):
    folder = tmp_path / "pakke"
    result = write_arkivstruktur(folder, Scope.year(_nuit(), 2022), convert_pdf=True)
    tree = etree.parse(str(folder / "arkivstruktur.xml"))
    _schema(tmp_path).assertValid(tree)
    archival = tree.xpath("//n:dokumentobjekt[n:variantformat='Arkivformat']", namespaces=N)
    assert len(archival) == 4  # notice and minutes of 1/22 and 2/22
    assert result.counts["konvertering"] == len(tree.xpath("//n:konvertering", namespaces=N)) >= 4
    for obj in archival:
        assert obj.findtext("n:format", namespaces=N) == "PDF/A-2b"
        conversion = obj.find("n:konvertering", namespaces=N)
        assert conversion.findtext("n:konvertertFraFormat", namespaces=N) == "DOCX"
        assert conversion.findtext("n:konvertertTilFormat", namespaces=N) == "PDF/A-2b"
        data = (folder / obj.findtext("n:referanseDokumentfil", namespaces=N)).read_bytes()
        assert data.startswith(b"%PDF-") and b"pdfaid:part" in data
