"""The one place the services ask for the time, so that a test can freeze it (time-machine)."""
from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

OSLO = ZoneInfo("Europe/Oslo")


def now() -> datetime:
    return datetime.now(UTC)


def today() -> date:
    """Today's date in Norway (due dates and reminders are Norwegian calendar days)."""
    return datetime.now(OSLO).date()
