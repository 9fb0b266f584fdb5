"""Shared column helpers."""
from datetime import datetime

from app.services.core import clock


def utcnow() -> datetime:
    return clock.now()


class StrEnum(str):
    """Marker base: classes holding the allowed values of a string column as constants."""

    @classmethod
    def values(cls) -> list[str]:
        return [v for k, v in vars(cls).items() if k.isupper() and isinstance(v, str)]


def one_of(column: str, values: list[str], *, nullable: bool = False) -> str:
    """The CHECK expression keeping a string column to its StrEnum's values."""
    allowed = ", ".join(f"'{v}'" for v in values)
    return f"{column} IS NULL OR {column} IN ({allowed})" if nullable else f"{column} IN ({allowed})"
