"""The service layer: every change goes through these functions, whoever calls them
(web views, the command line, the importer, later the JSON API)."""


class ServiceError(Exception):
    """A rule was broken; the message is shown to the user as it is. The message is a lazy,
    parameterised text, ``ServiceError(_l("Fristen %(deadline)s …", deadline=…))`` (``_l`` is
    flask_babel's ``lazy_gettext``; the id is the Norwegian text), which ``str(error)`` gives in the
    reader's language when the view shows it (Norwegian outside a request)."""

    def __str__(self) -> str:
        return str(self.args[0]) if self.args else ""


class FieldError(ServiceError):
    """A rule about one declared field was broken (``field`` is its name, e.g. "title")."""

    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
