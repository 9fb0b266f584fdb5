"""The service layer: every change goes through these functions, whoever calls them
(web views, the command line, the importer, later the JSON API)."""


class ServiceError(Exception):
    """A rule was broken; the message is shown to the user as it is (Norwegian)."""
