"""A small but complete Noark 5 v5.0 arkivuttrekk, and corruptions that work on any package.

build_package(folder) writes a package that passes every test of app/services/archive/check.py:
one arkiv, arkivdel, klassifikasjonssystem and klasse; a saksmappe with a screened journalpost
whose document has a production and an archival format (with a konvertering); a moetemappe with a
moeteregistrering carrying virksomhetsspesifikkeMetadata in the product's own namespace; an
endringslogg; both journals; the official XSDs copied from ../shared/noark5 (into the tmp folder
only) and arkivuttrekk.xml with the checksums and counts of what was written.

The corruption helpers read only what the standard fixes (file names, element names), so the lead
can run them on a real export: each returns a short description of what it broke.
"""
import hashlib
import shutil
from pathlib import Path

from lxml import etree

SHARED = Path(__file__).resolve().parents[1] / ".." / "shared" / "noark5"
OFFICIAL_XSDS = ("addml.xsd", "arkivstruktur.xsd", "metadatakatalog.xsd", "endringslogg.xsd",
                 "loependeJournal.xsd", "offentligJournal.xsd")

N5 = "http://www.arkivverket.no/standarder/noark5/"
AS = N5 + "arkivstruktur"
ADDML = "http://www.arkivverket.no/standarder/addml"
XSI = "http://www.w3.org/2001/XMLSchema-instance"
XSI_TYPE = f"{{{XSI}}}type"
OWN_NS = "urn:motebok:noark5:virksomhetsspesifikkeMetadata"
OWN_XSD = "motebok-metadata.xsd"

ARKIV, ARKIVDEL, KLASSSYS, KLASSE = (f"00000000-0000-4000-8000-00000000000{i}" for i in range(1, 5))
SAK, JP, DB, DO1, DO2 = (f"00000000-0000-4000-8000-00000000001{i}" for i in range(5))
MOETE, MREG, MDB, MDO = (f"00000000-0000-4000-8000-00000000002{i}" for i in range(4))
WHEN, WHO = "2022-06-01T10:00:00+02:00", "Møtebok"

OWN_XSD_TEXT = f"""<?xml version="1.0" encoding="utf-8"?>
<xs:schema xmlns:xs="http://www.w3.org/2001/XMLSchema" targetNamespace="{OWN_NS}"
  xmlns="{OWN_NS}" elementFormDefault="qualified">
  <xs:element name="moetesak">
    <xs:complexType>
      <xs:sequence>
        <xs:element name="moetesaksaar" type="xs:integer"/>
        <xs:element name="moetesakssekvensnummer" type="xs:integer"/>
      </xs:sequence>
    </xs:complexType>
  </xs:element>
</xs:schema>
"""


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _el(parent, tag_, text=None, ns=AS, **attrs):
    el = etree.SubElement(parent, f"{{{ns}}}{tag_}", attrs)
    if text is not None:
        el.text = str(text)
    return el


def _leaves(parent, pairs, ns=AS):
    for name, text in pairs:
        _el(parent, name, text, ns=ns)


def _write(tree_root, path: Path):
    etree.ElementTree(tree_root).write(str(path), xml_declaration=True, encoding="utf-8", pretty_print=True)


def _document_object(parent, sid, ref, folder, variant, fmt, konvertering=False):
    obj = _el(parent, "dokumentobjekt")
    path = folder / ref
    _leaves(obj, [("systemID", sid), ("versjonsnummer", 1), ("variantformat", variant), ("format", fmt),
                  ("opprettetDato", WHEN), ("opprettetAv", WHO), ("referanseDokumentfil", ref),
                  ("sjekksum", sha256(path)), ("sjekksumAlgoritme", "SHA256"),
                  ("filstoerrelse", path.stat().st_size)])
    if konvertering:
        k = _el(obj, "konvertering")
        _leaves(k, [("konvertertDato", WHEN), ("konvertertAv", WHO), ("konvertertFraFormat", "DOCX"),
                    ("konvertertTilFormat", "PDF/A-2b"), ("konverteringsverktoey", "LibreOffice")])


def _description(parent, sid, title, folder, objects):
    d = _el(parent, "dokumentbeskrivelse")
    _leaves(d, [("systemID", sid), ("dokumenttype", "Brev"), ("dokumentstatus", "Dokumentet er ferdigstilt"),
                ("tittel", title), ("opprettetDato", WHEN), ("opprettetAv", WHO),
                ("tilknyttetRegistreringSom", "Hoveddokument"), ("dokumentnummer", 1),
                ("tilknyttetDato", WHEN), ("tilknyttetAv", WHO)])
    for args in objects:
        _document_object(d, *args[:1], args[1], folder, *args[2:])


def _structure(folder: Path):
    root = etree.Element(f"{{{AS}}}arkiv", nsmap={None: AS, "xsi": XSI, "m": OWN_NS})
    _leaves(root, [("systemID", ARKIV), ("tittel", "Møtebok"), ("opprettetDato", WHEN), ("opprettetAv", WHO),
                   ("avsluttetDato", WHEN), ("avsluttetAv", WHO)])
    skaper = _el(root, "arkivskaper")
    _leaves(skaper, [("arkivskaperID", "NUIT"), ("arkivskaperNavn", "Nord-Utsira interkommunale tjeneste")])
    part = _el(root, "arkivdel")
    _leaves(part, [("systemID", ARKIVDEL), ("tittel", "Møter 2022"), ("arkivdelstatus", "Avsluttet periode"),
                   ("opprettetDato", WHEN), ("opprettetAv", WHO), ("avsluttetDato", WHEN), ("avsluttetAv", WHO),
                   ("arkivperiodeStartDato", "2022-01-01"), ("arkivperiodeSluttDato", "2022-12-31")])
    system = _el(part, "klassifikasjonssystem")
    _leaves(system, [("systemID", KLASSSYS), ("klassifikasjonstype", "Emnebasert"), ("tittel", "Saker"),
                     ("opprettetDato", WHEN), ("opprettetAv", WHO)])
    klasse = _el(system, "klasse")
    _leaves(klasse, [("systemID", KLASSE), ("klasseID", "000"), ("tittel", "Møtesaker"),
                     ("opprettetDato", WHEN), ("opprettetAv", WHO)])

    sak = _el(klasse, "mappe", **{XSI_TYPE: "saksmappe"})
    _leaves(sak, [("systemID", SAK), ("mappeID", "2022/7"), ("tittel", "Ansettelse av daglig leder"),
                  ("offentligTittel", "Ansettelse av ******"), ("opprettetDato", WHEN), ("opprettetAv", WHO),
                  ("avsluttetDato", WHEN), ("avsluttetAv", WHO), ("referanseArkivdel", ARKIVDEL)])
    skj = _el(sak, "skjerming")
    _leaves(skj, [("tilgangsrestriksjon", "13"), ("skjermingshjemmel", "Offl. § 13 jf. fvl. § 13"),
                  ("skjermingMetadata", "tittel")])
    jp = _el(sak, "registrering", **{XSI_TYPE: "journalpost"})
    _leaves(jp, [("systemID", JP), ("opprettetDato", WHEN), ("opprettetAv", WHO), ("arkivertDato", WHEN),
                 ("arkivertAv", WHO)])
    _description(jp, DB, "Innstilling", folder,
                 [(DO1, "DOKUMENT/innstilling.docx", "Produksjonsformat", "DOCX"),
                  (DO2, "DOKUMENT/innstilling.pdf", "Arkivformat", "PDF/A-2b", True)])
    _leaves(jp, [("tittel", "Innstilling: ansettelse av daglig leder"), ("offentligTittel", "Innstilling: ansettelse")])
    _leaves(jp, [("journalaar", 2022), ("journalsekvensnummer", 12), ("journalpostnummer", 1),
                 ("journalposttype", "Organinternt dokument uten oppfølging"), ("journalstatus", "Arkivert"),
                 ("journaldato", "2022-06-01")])
    _leaves(sak, [("saksaar", 2022), ("sakssekvensnummer", 7), ("saksdato", "2022-05-01"),
                  ("administrativEnhet", "Sekretariatet"), ("saksansvarlig", "Kari Nordmann"),
                  ("saksstatus", "Avsluttet"), ("referanseSekundaerKlassifikasjon", KLASSE)])

    moete = _el(klasse, "mappe", **{XSI_TYPE: "moetemappe"})
    _leaves(moete, [("systemID", MOETE), ("mappeID", "NUIT 3/22"), ("tittel", "Styremøte 19. mai 2022"),
                    ("opprettetDato", WHEN), ("opprettetAv", WHO), ("avsluttetDato", WHEN), ("avsluttetAv", WHO)])
    reg = _el(moete, "registrering", **{XSI_TYPE: "moeteregistrering"})
    _leaves(reg, [("systemID", MREG), ("opprettetDato", WHEN), ("opprettetAv", WHO), ("arkivertDato", WHEN),
                  ("arkivertAv", WHO)])
    _description(reg, MDB, "Protokoll", folder, [(MDO, "DOKUMENT/protokoll.pdf", "Arkivformat", "PDF/A-2b")])
    _leaves(reg, [("tittel", "Sak 16/22 Ansettelse")])
    vsm = _el(reg, "virksomhetsspesifikkeMetadata")
    sak_no = _el(vsm, "moetesak", ns=OWN_NS)
    _leaves(sak_no, [("moetesaksaar", 2022), ("moetesakssekvensnummer", 16)], ns=OWN_NS)
    _leaves(reg, [("moeteregistreringstype", "Møtesak"), ("moeteregistreringsstatus", "Ferdig behandlet av utvalget"),
                  ("administrativEnhet", "Sekretariatet"), ("saksbehandler", "Kari Nordmann")])
    _leaves(moete, [("moetenummer", "3/22"), ("utvalg", "Styret"), ("moetedato", "2022-05-19"),
                    ("moetested", "Rådhuset")])
    deltaker = _el(moete, "moetedeltaker")
    _leaves(deltaker, [("moetedeltakerNavn", "Ola Nordmann"), ("moetedeltakerFunksjon", "Møteleder")])
    _write(root, folder / "arkivstruktur.xml")


def _journal(folder: Path, kind: str):
    ns = N5 + kind
    root = etree.Element(f"{{{ns}}}{kind}", nsmap={None: ns})
    head = _el(root, "journalhode", ns=ns)
    _leaves(head, [("journalStartDato", "2022-01-01"), ("journalSluttDato", "2022-12-31"),
                   ("antallJournalposter", 1)], ns=ns)
    skaper = _el(head, "arkivskaper", ns=ns)
    _leaves(skaper, [("arkivskaperID", "NUIT"), ("arkivskaperNavn", "Nord-Utsira interkommunale tjeneste")], ns=ns)
    reg = _el(root, "journalregistrering", ns=ns)
    sak = _el(reg, "saksmappe", ns=ns)
    _leaves(sak, [("saksaar", 2022), ("sakssekvensnummer", 7)], ns=ns)
    if kind == "loependeJournal":
        _leaves(sak, [("tittel", "Ansettelse av daglig leder"), ("offentligTittel", "Ansettelse av ******")], ns=ns)
    else:
        _leaves(sak, [("offentligTittel", "Ansettelse av ******")], ns=ns)
    jp = _el(reg, "journalpost", ns=ns)
    _leaves(jp, [("systemID", JP), ("journalaar", 2022), ("journalsekvensnummer", 12), ("journalpostnummer", 1)], ns=ns)
    if kind == "loependeJournal":
        _leaves(jp, [("tittel", "Innstilling: ansettelse av daglig leder")], ns=ns)
    _leaves(jp, [("offentligTittel", "Innstilling: ansettelse"), ("journaldato", "2022-06-01"),
                 ("tilgangsrestriksjon", "13"), ("skjermingshjemmel", "Offl. § 13 jf. fvl. § 13")], ns=ns)
    part = _el(jp, "korrespondansepart", ns=ns)
    _leaves(part, [("korrespondanseparttype", "Intern mottaker"), ("korrespondansepartNavn", "Styret")], ns=ns)
    _write(root, folder / f"{kind}.xml")


def _changelog(folder: Path):
    ns = N5 + "endringslogg"
    root = etree.Element(f"{{{ns}}}endringslogg", nsmap={None: ns})
    e = _el(root, "endring", ns=ns)
    _leaves(e, [("referanseArkivenhet", SAK), ("referanseMetadata", "tittel"), ("endretDato", WHEN),
                ("endretAv", "Kari Nordmann"), ("tidligereVerdi", "Ansettelse"),
                ("nyVerdi", "Ansettelse av daglig leder")], ns=ns)
    _write(root, folder / "endringslogg.xml")


# --- arkivuttrekk.xml -------------------------------------------------------------------------

def _prop(parent, name, value=None, **attrs):
    props = parent.find(f"{{{ADDML}}}properties")
    if props is None:
        props = _el(parent, "properties", ns=ADDML)
    p = _el(props, "property", ns=ADDML, name=name, **attrs)
    if value is not None:
        _el(p, "value", value, ns=ADDML)
    return p


def _file_prop(parent, folder: Path, name: str):
    f = _prop(parent, "file")
    _prop(f, "name", name)
    fmt = _prop(f, "format", "XML")
    _prop(fmt, "version", "1.0")
    c = _prop(f, "checksum")
    _prop(c, "algorithm", "SHA-256")
    _prop(c, "value", sha256(folder / name))


def _schema_prop(parent, folder: Path, name: str, main: bool):
    s = _prop(parent, "schema", "main" if main else None)
    _file_prop(s, folder, name)
    t = _prop(s, "type", "XML Schema")
    _prop(t, "version", "1.0")


def _count(folder: Path, file: str, element: str) -> int:
    tree = etree.parse(str(folder / file))
    return len(tree.xpath(f"//*[local-name()='{element}']"))


def write_addml(folder: Path, extra_schemas: tuple[str, ...] = (OWN_XSD,)) -> None:
    """(Re)write arkivuttrekk.xml from what is in folder: checksums, counts, antallDokumentfiler."""
    root = etree.Element(f"{{{ADDML}}}addml", nsmap={None: ADDML, "xsi": XSI}, name="Noark 5-arkivuttrekk")
    root.set(f"{{{XSI}}}schemaLocation", f"{ADDML} addml.xsd")
    ds = _el(root, "dataset", ns=ADDML)
    _el(ds, "description", "Noark 5-arkivuttrekk", ns=ADDML)
    ref = _el(ds, "reference", ns=ADDML)
    ctx = _el(_el(ref, "context", ns=ADDML), "additionalElements", ns=ADDML)
    creators = _el(_el(ctx, "additionalElement", ns=ADDML, name="recordCreators"), "additionalElements", ns=ADDML)
    _el(_el(creators, "additionalElement", ns=ADDML, name="recordCreator"), "value", "NUIT", ns=ADDML)
    for name, value in (("systemType", "Noark 5 møtebehandling"), ("systemName", "Møtebok"), ("archive", "Møtebok")):
        _el(_el(ctx, "additionalElement", ns=ADDML, name=name), "value", value, ns=ADDML)
    content = _el(_el(ref, "content", ns=ADDML), "additionalElements", ns=ADDML)
    period = _el(content, "additionalElement", ns=ADDML, name="archivalPeriod")
    _prop(period, "startDate", "2022-01-01")
    _prop(period, "endDate", "2022-12-31")
    objs = _el(ds, "dataObjects", ns=ADDML)
    package = _el(objs, "dataObject", ns=ADDML, name="Noark 5-arkivuttrekk")
    info = _prop(package, "info")
    t = _prop(info, "type", "Noark 5")
    _prop(t, "version", "5.0")
    add = _prop(info, "additionalInfo")
    per = _prop(add, "periode")
    _prop(per, "inngaaendeSkille", "skarpt")
    _prop(per, "utgaaendeSkille", "skarpt")
    skjermet = "true" if _count(folder, "arkivstruktur.xml", "skjerming") else "false"
    _prop(add, "inneholderSkjermetInformasjon", skjermet, dataType="boolean")
    _prop(add, "omfatterDokumenterSomErKassert", "false", dataType="boolean")
    _prop(add, "inneholderDokumenterSomSkalKasseres", "false", dataType="boolean")
    _prop(add, "inneholderVirksomhetsspesifikkeMetadata", "true" if extra_schemas else "false", dataType="boolean")
    documents = [p for p in (folder / "DOKUMENT").rglob("*") if p.is_file()]
    _prop(add, "antallDokumentfiler", str(len(documents)), dataType="integer")
    inner = _el(package, "dataObjects", ns=ADDML)
    units = (("arkivstruktur", ("mappe", "registrering"), extra_schemas), ("endringslogg", ("endring",), ()),
             ("loependeJournal", ("journalregistrering",), ()), ("offentligJournal", ("journalregistrering",), ()))
    for name, elements, extra in units:
        obj = _el(inner, "dataObject", ns=ADDML, name=name)
        _file_prop(obj, folder, f"{name}.xml")
        _schema_prop(obj, folder, f"{name}.xsd", True)
        _schema_prop(obj, folder, "metadatakatalog.xsd", False)
        for xsd in extra:
            _schema_prop(obj, folder, xsd, False)
        i = _prop(obj, "info")
        for element in elements:
            occ = _prop(i, "numberOfOccurrences", element)
            _prop(occ, "elementPath", f"//{element}")
            _prop(occ, "value", str(_count(folder, f"{name}.xml", element)), dataType="integer")
    _write(root, folder / "arkivuttrekk.xml")


def build_package(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name in OFFICIAL_XSDS:
        shutil.copyfile(SHARED / name, folder / name)
    (folder / OWN_XSD).write_text(OWN_XSD_TEXT, encoding="utf-8")
    docs = folder / "DOKUMENT"
    docs.mkdir(exist_ok=True)
    (docs / "innstilling.docx").write_bytes(b"PK\x03\x04 innstilling (docx)")
    (docs / "innstilling.pdf").write_bytes(b"%PDF-1.7 innstilling (PDF/A-2b)")
    (docs / "protokoll.pdf").write_bytes(b"%PDF-1.7 protokoll (PDF/A-2b)")
    _structure(folder)
    _journal(folder, "loependeJournal")
    _journal(folder, "offentligJournal")
    _changelog(folder)
    write_addml(folder)
    return folder


# --- corruptions: each works on any package and returns (test number, file at fault, what) ------

def _tree(folder: Path, name: str):
    return etree.parse(str(folder / name))


def _all(tree, local: str):
    return tree.xpath(f"//*[local-name()='{local}']")


def _save(tree, folder: Path, name: str):
    tree.write(str(folder / name), xml_declaration=True, encoding="utf-8")


def _references(folder: Path) -> list[str]:
    return [e.text.strip().replace("\\", "/") for e in _all(_tree(folder, "arkivstruktur.xml"), "referanseDokumentfil")]


def corrupt_document(folder: Path):
    ref = _references(folder)[0]
    with (folder / ref).open("ab") as f:
        f.write(b"\0corrupted")
    return "N5.30", ref, f"{ref} changed after its checksum was taken"


def corrupt_addml_checksum(folder: Path):
    tree = _tree(folder, "arkivuttrekk.xml")
    for prop in tree.iter(f"{{{ADDML}}}property"):
        if prop.get("name") == "value" and prop.getparent().getparent().get("name") == "checksum":
            file_prop = prop.getparent().getparent().getparent().getparent()
            name = next(p for p in file_prop.iter(f"{{{ADDML}}}property") if p.get("name") == "name")
            value = prop.find(f"{{{ADDML}}}value")
            value.text = ("0" if value.text[0] != "0" else "1") + value.text[1:]
            _save(tree, folder, "arkivuttrekk.xml")
            return "N5.02", name.findtext(f"{{{ADDML}}}value"), "one checksum in arkivuttrekk.xml altered"
    raise AssertionError("no checksum in arkivuttrekk.xml")


def duplicate_system_id(folder: Path):
    tree = _tree(folder, "arkivstruktur.xml")
    ids = _all(tree, "systemID")
    duplicate = ids[1].text
    ids[-1].text = duplicate
    _save(tree, folder, "arkivstruktur.xml")
    return "N5.47", "arkivstruktur.xml", duplicate


def break_reference(folder: Path):
    """The first referanseArkivdel (N5.48), else klasse reference (N5.51), else change log (N5.62)."""
    nowhere = "ffffffff-ffff-4fff-bfff-ffffffffffff"
    tree = _tree(folder, "arkivstruktur.xml")
    for local, number in (("referanseArkivdel", "N5.48"), ("referanseSekundaerKlassifikasjon", "N5.51")):
        refs = _all(tree, local)
        if refs:
            refs[0].text = nowhere
            _save(tree, folder, "arkivstruktur.xml")
            return number, "arkivstruktur.xml", nowhere
    log = _tree(folder, "endringslogg.xml")
    _all(log, "referanseArkivenhet")[0].text = nowhere
    _save(log, folder, "endringslogg.xml")
    return "N5.62", "endringslogg.xml", nowhere


def empty_element(folder: Path, name: str = "arkivstruktur.xml"):
    tree = _tree(folder, name)
    leaf = next(e for e in tree.iter() if isinstance(e.tag, str) and len(e) == 0 and (e.text or "").strip())
    leaf.text = ""
    _save(tree, folder, name)
    return "N5.63", name, etree.QName(leaf).localname


def empty_file(folder: Path):
    ref = _references(folder)[0]
    (folder / ref).write_bytes(b"")
    return "N5.64", ref, "emptied"


def unreferenced_file(folder: Path):
    ref = "DOKUMENT/uten-referanse.pdf"
    (folder / ref).write_bytes(b"%PDF-1.7 nobody refers to me")
    return "N5.33", ref, "added"


def missing_file(folder: Path):
    ref = _references(folder)[0]
    (folder / ref).unlink()
    return "N5.32", ref, "deleted"


def referenced_twice(folder: Path):
    tree = _tree(folder, "arkivstruktur.xml")
    refs = _all(tree, "referanseDokumentfil")
    refs[1].text = refs[0].text
    _save(tree, folder, "arkivstruktur.xml")
    return "N5.34", refs[0].text.strip().replace("\\", "/"), "second dokumentobjekt points at the first's file"


def missing_xml(folder: Path, name: str = "endringslogg.xml"):
    (folder / name).unlink()
    return "N5.01", name, "deleted"


# --- corruptions the file checksums do not show (arkivuttrekk.xml is resealed after the edit) ---

def reseal(folder: Path, name: str) -> None:
    """Give ``name`` its new SHA-256 in arkivuttrekk.xml, as a careless tool would."""
    tree = _tree(folder, "arkivuttrekk.xml")
    for prop in tree.iter(f"{{{ADDML}}}property"):
        if prop.get("name") != "file":
            continue
        children = prop.findall(f"{{{ADDML}}}properties/{{{ADDML}}}property")
        names = [p for p in children if p.get("name") == "name"]
        if names and names[0].findtext(f"{{{ADDML}}}value") == name:
            checksum = next(p for p in children if p.get("name") == "checksum")
            value = next(p for p in checksum.iter(f"{{{ADDML}}}property") if p.get("name") == "value")
            value.find(f"{{{ADDML}}}value").text = sha256(folder / name)
    _save(tree, folder, "arkivuttrekk.xml")


def break_unit_reference(folder: Path):
    """A referanseForrigeMoete / kryssreferanse pointing at no unit (resealed)."""
    nowhere = "eeeeeeee-eeee-4eee-beee-eeeeeeeeeeee"
    tree = _tree(folder, "arkivstruktur.xml")
    for local in ("referanseForrigeMoete", "referanseTilMappe", "referanseTilRegistrering"):
        refs = _all(tree, local)
        if refs:
            refs[0].text = nowhere
            _save(tree, folder, "arkivstruktur.xml")
            reseal(folder, "arkivstruktur.xml")
            return "MB.1", "arkivstruktur.xml", nowhere
    raise AssertionError("no reference between units in arkivstruktur.xml")


def foreign_journalpost(folder: Path):
    """A journal entry whose registreringsID no journalpost of arkivstruktur.xml has (resealed)."""
    tree = _tree(folder, "loependeJournal.xml")
    _all(tree, "registreringsID")[0].text = "2099/99-1"
    _save(tree, folder, "loependeJournal.xml")
    reseal(folder, "loependeJournal.xml")
    return "MB.2", "loependeJournal.xml", "2099/99-1"


def leak_screened_title(folder: Path):
    """A screened case's real title written into its entry of the public journal (resealed)."""
    structure = _tree(folder, "arkivstruktur.xml")
    screened = next(m for m in _all(structure, "mappe")
                    if m.find("{*}skjerming") is not None and m.findtext("{*}mappeID"))
    number, title = screened.findtext("{*}mappeID"), screened.findtext("{*}tittel")
    journal = _tree(folder, "offentligJournal.xml")
    entry = next(f for f in _all(journal, "saksmappe") if f.findtext("{*}mappeID") == number)
    entry.find("{*}offentligTittel").text = title
    _save(journal, folder, "offentligJournal.xml")
    reseal(folder, "offentligJournal.xml")
    return "MB.3", "offentligJournal.xml", title
