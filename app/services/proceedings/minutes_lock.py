"""Approved minutes are read-only: what every change to a meeting's record checks first."""
from app.models import Meeting
from app.services import ServiceError

LOCKED_MESSAGE = ("Referatet er godkjent og kan ikke endres. Bruk «Rett referatet» på referatsiden og skriv hvorfor; "
                  "den godkjente versjonen blir stående og kan fortsatt leses.")


def check_minutes_editable(meeting: Meeting) -> None:
    if meeting.minutes is not None and meeting.minutes.locked:
        raise ServiceError(LOCKED_MESSAGE)
