"""The service layer: every change goes through these functions, whoever calls them
(web views, the command line, the importer, later the JSON API)."""


class ServiceError(Exception):
    """A rule was broken; the message is shown to the user as it is (Norwegian)."""


class FieldError(ServiceError):
    """A rule about one declared field was broken (``field`` is its name, e.g. "title")."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
