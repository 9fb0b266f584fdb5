"""Shared column helpers."""
from datetime import datetime, timezone


def utcnow() -> datetime:
    return datetime.now(timezone.utc)


class StrEnum(str):
    """Marker base: classes holding the allowed values of a string column as constants."""

    @classmethod
    def values(cls) -> list[str]:
        return [v for k, v in vars(cls).items() if k.isupper() and isinstance(v, str)]
