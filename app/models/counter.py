"""Counter rows the numbering service locks while it allocates numbers."""
from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from app.extensions import db


class NumberCounter(db.Model):
    """The last number handed out in one sequence.

    ``key`` names the sequence: ``meeting:<council id>``, ``meeting-case:<council id>`` or
    ``case-file``; ``year`` is the calendar year the sequence belongs to.
    """

    __table_args__ = (UniqueConstraint("key", "year"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(40))
    year: Mapped[int]
    last_value: Mapped[int] = mapped_column(default=0)
