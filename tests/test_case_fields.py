"""A case's fields are declared once (models/case.py: CASE_FIELDS): the service, the form, the
YAML import and export all obey the same limits and rules; changing a case changes only what is
given; every case travels in the export, also one that has never been on an agenda."""
import pytest
import yaml

from app import create_app
from app.extensions import db as _db
from app.services import ServiceError
from app.services.casework.cases import case_by_file_number, create_case, update_case
from app.services.registry import councils
from config import TestingConfig
from tests.conftest import login


@pytest.fixture
def empty_app(tmp_path):
    """A second application on a fresh, empty SQLite database."""
    other = create_app(TestingConfig, SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'other.db'}")
    with other.app_context():
        _db.create_all()
    yield other
    with other.app_context():
        _db.session.remove()
        _db.engine.dispose()


def registered_case():
    """An exempt case with every field filled in, on no agenda."""
    org = councils.upsert_organisation("Norsk helsenett SF", "NHN")
    person = councils.upsert_person("Kari Nordmann", title="Rådgiver", organisation=org)
    case = create_case("Anskaffelse av ny journalløsning", year=2022,
                       description="Evaluering av tilbudene.", submitted_by_organisation=org,
                       submitted_by_person=person, exempt=True, legal_basis="offl. § 23",
                       public_title="Anskaffelse", external_reference="NHN 22/4711")
    _db.session.commit()
    return case


def fields_of(case) -> dict:
    return {"file_number": case.file_number, "title": case.title, "description": case.description,
            "organisation": case.submitted_by_organisation.name,
            "person": case.submitted_by_person.name, "exempt": case.exempt,
            "legal_basis": case.legal_basis, "public_title": case.public_title,
            "external_reference": case.external_reference}


def run_import(runner, tmp_path, doc):
    path = tmp_path / "import.yaml"
    path.write_text(yaml.safe_dump(doc, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return runner.invoke(args=["data", "import", str(path)])


# --- the service --------------------------------------------------------------------------------

def test_update_changes_only_the_fields_given(db):
    case = registered_case()
    before = fields_of(case)

    assert update_case(case, title="Ny journalløsning") is True
    assert fields_of(case) == {**before, "title": "Ny journalløsning"}

    update_case(case, description=None, public_title="  ")
    assert (case.description, case.public_title) == (None, None)
    assert (case.title, case.exempt, case.legal_basis) == ("Ny journalløsning", True, "offl. § 23")


@pytest.mark.parametrize("fields, message", [
    ({"title": "x" * 501}, "Tittelen kan ha høyst 500 tegn."),
    ({"description": "x" * 20001}, "«Beskrivelse» kan ha høyst 20000 tegn."),
    ({"legal_basis": "x" * 201}, "Hjemmelen kan ha høyst 200 tegn."),
    ({"public_title": "x" * 501}, "Den offentlige tittelen kan ha høyst 500 tegn."),
    ({"title": "  "}, "Saken må ha en tittel."),
])
def test_service_refuses_a_broken_limit_naming_the_field(db, fields, message):
    case = registered_case()
    with pytest.raises(ServiceError) as refused:
        update_case(case, **fields)
    assert str(refused.value) == message
    with pytest.raises(ServiceError) as refused:
        create_case(**{"title": "Sak", "exempt": True, "legal_basis": "offl. § 23", **fields})
    assert str(refused.value) == message


def test_the_form_takes_its_limits_from_the_declaration(client, app):
    login(client, app)
    response = client.post("/saker/ny", data={"title": "Sak", "description": "x" * 20001})
    assert response.status_code == 400
    assert "«Beskrivelse» kan ha høyst 20000 tegn." in response.get_data(as_text=True)


def test_the_external_reference_is_registered_shown_and_limited(client, app):
    login(client, app)
    too_long = client.post("/saker/ny", data={"title": "Sak", "external_reference": "x" * 201})
    assert too_long.status_code == 400
    assert "«Ekstern referanse» kan ha høyst 200 tegn." in too_long.get_data(as_text=True)

    response = client.post("/saker/ny", data={"title": "Sak", "external_reference": " NHN 22/4711 "},
                           follow_redirects=True)
    html = response.get_data(as_text=True)
    assert "<dt>Ekstern referanse</dt><dd>NHN 22/4711</dd>" in html


# --- export and import -----------------------------------------------------------------------

def test_a_case_on_no_agenda_is_exported_and_comes_back(db, runner, empty_app, tmp_path):
    expected = fields_of(registered_case())
    result = runner.invoke(args=["data", "export"])
    assert result.exit_code == 0, result.output

    with empty_app.app_context():
        other_runner = empty_app.test_cli_runner()
        imported = run_import(other_runner, tmp_path, yaml.safe_load(result.output))
        assert imported.exit_code == 0, imported.output
        assert fields_of(case_by_file_number(2022, 1)) == expected


def test_an_import_changes_only_the_case_fields_it_gives(db, runner, tmp_path):
    before = fields_of(registered_case())
    result = run_import(runner, tmp_path, {"cases": [
        {"file_number": "2022/1", "description": "Tilbudene er evaluert."}]})
    assert result.exit_code == 0, result.output
    db.session.expire_all()
    assert fields_of(case_by_file_number(2022, 1)) == {**before, "description": "Tilbudene er evaluert."}


@pytest.mark.parametrize("entry, problem", [
    # The rule depends on the case in the database: it is the service's, found on import.
    ({"file_number": "2022/1", "legal_basis": None},
     "cases[0].legal_basis: En sak som er unntatt offentlighet må ha hjemmel (f.eks. offl. § 15)."),
    ({"file_number": "2022/7", "description": "Uten tittel"},
     "cases[0].title: Saken må ha en tittel."),
    ({"file_number": "2022/1", "title": "x" * 501},
     "cases[0].title: is 501 characters long; at most 500 allowed"),
    ({"file_number": "2022/1", "submitted_by_person": "Ola Ukjent"},
     "cases[0].submitted_by_person: unknown person 'Ola Ukjent'; list them under people"),
])
def test_an_import_breaking_a_case_rule_is_refused_and_changes_nothing(db, runner, tmp_path, entry,
                                                                       problem):
    before = fields_of(registered_case())
    result = run_import(runner, tmp_path, {"cases": [entry]})
    assert result.exit_code != 0
    assert "Import refused; nothing was written." in result.output
    assert problem in result.output
    db.session.rollback()
    assert fields_of(case_by_file_number(2022, 1)) == before
    assert case_by_file_number(2022, 7) is None
