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
