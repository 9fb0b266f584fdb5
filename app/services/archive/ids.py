"""systemIDs for the units of an archive package.

Every writer of the package (arkivstruktur, the journals, the change log) names a unit by the same
systemID without asking the others: the ID is a UUID derived from the kind of unit and its row in
this database (uuid5), so it is the same in every export of the same data and unique per unit.
"""
import uuid

# A fixed namespace for Møtebok's archive units (never change it: earlier packages refer to it).
NAMESPACE = uuid.UUID("6b3c8f0e-2d5a-5c1e-9a47-4d6f1b0e7a21")


def system_id(kind: str, key: object) -> str:
    """'arkiv', 'arkivdel', 'klassifikasjonssystem', 'klasse', 'saksmappe', 'moetemappe',
    'registrering', 'dokumentbeskrivelse', 'dokumentobjekt', ... with the row's key (an id, or a
    tuple such as (meeting_id, 'minutes'))."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


# The one spelling of each unit's key, used by every writer of the package.
def arkiv() -> str:
    return system_id("arkiv", "motebok")


def case_folder(case_id: int) -> str:
    """The saksmappe of a case."""
    return system_id("saksmappe", case_id)


def meeting_folder(meeting_id: int) -> str:
    """The moetemappe of a meeting."""
    return system_id("moetemappe", meeting_id)


def document_journalpost(document_id: int) -> str:
    """The journalpost of one case document (CaseDocument)."""
    return system_id("journalpost", document_id)


def item_registration(item_id: int) -> str:
    """The moeteregistrering of one agenda item."""
    return system_id("moeteregistrering", ("item", item_id))


def paper_registration(meeting_id: int, kind: str) -> str:
    """The moeteregistrering of a meeting's paper: kind 'notice', 'agenda' or 'minutes'."""
    return system_id("moeteregistrering", (kind, meeting_id))


# Added for arkivstruktur.xml (app/services/archive/structure.py).
def arkivdel(council_code: str | None, period_from, period_to) -> str:
    """The arkivdel of one export's period (a council, or all: None)."""
    return system_id("arkivdel", (council_code or "*", period_from.isoformat(), period_to.isoformat()))


def klassifikasjonssystem() -> str:
    """The one classification: by council."""
    return system_id("klassifikasjonssystem", "utvalg")


def klasse(council_id: int) -> str:
    """A council's klasse (klasseID: the council's code)."""
    return system_id("klasse", council_id)


def document_description(document_id: int) -> str:
    """The dokumentbeskrivelse of one case document (CaseDocument)."""
    return system_id("dokumentbeskrivelse", ("document", document_id))


def paper_description(meeting_id: int, kind: str) -> str:
    """The dokumentbeskrivelse of a meeting's paper: kind 'notice' or 'minutes'."""
    return system_id("dokumentbeskrivelse", (kind, meeting_id))


def document_object(description_id: str, variant: str) -> str:
    """A dokumentobjekt of a dokumentbeskrivelse: variant 'production', 'archival' (PDF/A),
    'screened' (a paper's public variant) or 'screened-archival'."""
    return system_id("dokumentobjekt", (description_id, variant))
