"""The archive export's own error: what stopped an export or a check, in words for the archivist."""
from app.services import ServiceError


class ArchiveError(ServiceError):
    """An export or check that cannot go on (missing schemas, a failed self-check, bad scope)."""
