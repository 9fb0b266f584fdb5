"""The archive self-check (Arkade 5's Noark 5 tests) on a small valid package and on corrupted copies."""
import shutil
from pathlib import Path

import pytest
from flask import Flask

from app.services.archive.check import check_package
from app.services.archive.check_report import TEST_NAMES
from tests import archive_fixture as fx

LISTED = ["N5.01", "N5.02", "N5.03", "N5.04", "N5.05", "N5.06", "N5.07", "N5.08", "N5.10", "N5.16",
          "N5.21", "N5.24", "N5.28", "N5.30", "N5.32", "N5.33", "N5.34", "N5.42", "N5.46", "N5.47",
          "N5.48", "N5.51", "N5.59", "N5.61", "N5.62", "N5.63", "N5.64"]


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    return fx.build_package(tmp_path_factory.mktemp("archive") / "pakke")


@pytest.fixture
def package(built, tmp_path):
    return Path(shutil.copytree(built, tmp_path / "kopi"))


def failing(report, number):
    result = report.result(number)
    assert not result.passed, report.text()
    return "\n".join(result.messages)


def test_the_fixture_passes_every_test_and_the_report_lists_them_all(built):
    report = check_package(built)
    assert report.passed, report.text()
    text = report.text()
    for number in LISTED:
        assert f"{number} {TEST_NAMES[number]}: OK" in text
    assert "N5.10 Antall mapper: OK (2 i alt (moetemappe: 1, saksmappe: 1))" in text
    assert "N5.59 Antall journalposter: OK (1 i arkivstruktur.xml; 1 i loependeJournal.xml; 1 i offentligJournal.xml)" in text
    assert "N5.46 Antall konverterte dokumenter: OK (1 konverteringer)" in text


@pytest.mark.parametrize("corrupt", [
    fx.corrupt_document, fx.corrupt_addml_checksum, fx.duplicate_system_id, fx.break_reference,
    fx.empty_element, fx.empty_file, fx.unreferenced_file, fx.missing_file, fx.referenced_twice,
    fx.missing_xml,
], ids=lambda f: f.__name__)
def test_each_corruption_fails_naming_the_test_and_the_file(package, corrupt):
    number, file, what = corrupt(package)
    report = check_package(package)
    assert not report.passed
    messages = failing(report, number)
    assert file in messages
    assert f"{number} {TEST_NAMES[number]}: FEIL" in report.text()


def test_a_duplicate_system_id_is_named(package):
    _, _, duplicate = fx.duplicate_system_id(package)
    assert duplicate in failing(check_package(package), "N5.47")


def test_the_own_schema_for_virksomhetsspesifikke_metadata_is_enforced(package):
    path = package / "arkivstruktur.xml"
    path.write_text(path.read_text().replace("<m:moetesaksaar>2022<", "<m:moetesaksaar>tjueto<"))
    messages = failing(check_package(package), "N5.03")
    assert "arkivstruktur.xml" in messages and "moetesaksaar" in messages


def test_an_element_outside_the_official_schema_fails_n5_03(package):
    path = package / "offentligJournal.xml"
    path.write_text(path.read_text().replace("<journaldato>", "<tittel>Hemmelig</tittel><journaldato>", 1))
    assert "offentligJournal.xml" in failing(check_package(package), "N5.03")


def _set_addml_value(folder: Path, name: str, value: str, occurrence_of: str | None = None):
    tree = fx.etree.parse(str(folder / "arkivuttrekk.xml"))
    a = f"{{{fx.ADDML}}}"
    for prop in tree.iter(f"{a}property"):
        if prop.get("name") != name:
            continue
        if occurrence_of and prop.getparent().getparent().findtext(f"{a}value") != occurrence_of:
            continue
        prop.find(f"{a}value").text = value
        break
    tree.write(str(folder / "arkivuttrekk.xml"), xml_declaration=True, encoding="utf-8")


@pytest.mark.parametrize("name, value, element, number", [
    ("value", "3", "mappe", "N5.10"),
    ("value", "7", "registrering", "N5.16"),
    ("value", "2", "endring", "N5.61"),
    ("value", "4", "journalregistrering", "N5.59"),
    ("antallDokumentfiler", "5", None, "N5.28"),
    ("inneholderSkjermetInformasjon", "false", None, "N5.42"),
])
def test_a_count_in_arkivuttrekk_that_contradicts_the_files_fails(package, name, value, element, number):
    _set_addml_value(package, name, value, element)
    assert "arkivuttrekk.xml" in failing(check_package(package), number)


def test_journals_disagreeing_on_the_number_of_journalposts_fail_n5_59(package):
    path = package / "loependeJournal.xml"
    path.write_text(path.read_text().replace("<antallJournalposter>1<", "<antallJournalposter>2<"))
    assert "loependeJournal.xml" in failing(check_package(package), "N5.59")


def test_a_registration_without_document_is_counted_not_failed(package):
    tree = fx.etree.parse(str(package / "arkivstruktur.xml"))
    registration = tree.xpath("//*[local-name()='registrering']")[1]
    for description in registration.xpath("*[local-name()='dokumentbeskrivelse']"):
        registration.remove(description)
    tree.write(str(package / "arkivstruktur.xml"), xml_declaration=True, encoding="utf-8")
    report = check_package(package)
    assert report.result("N5.21").passed
    assert report.result("N5.21").details[0] == "1"
    assert fx.MREG in report.result("N5.21").details[1]


def test_without_xsds_in_the_package_the_configured_schema_folder_is_used(package):
    for name in fx.OFFICIAL_XSDS:
        (package / name).unlink()
    app = Flask(__name__)
    app.config["NOARK5_SCHEMA_DIR"] = str(fx.SHARED)
    with app.app_context():
        report = check_package(package)
    assert report.result("N5.03").passed, report.text()
    assert "arkivstruktur.xsd" in failing(report, "N5.01")  # a package must carry its schemas
    broken = package / "loependeJournal.xml"
    broken.write_text(broken.read_text().replace("<journaldato>", "<journaldatoX>", 1)
                      .replace("</journaldato>", "</journaldatoX>", 1))
    assert "loependeJournal.xml" in failing(check_package(package, schema_dir=fx.SHARED), "N5.03")
