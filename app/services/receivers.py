"""Which service acts on which event of app/services/core/signals.py. ``create_app`` connects
them once per process (connecting again is harmless)."""
from app.services.core import signals


def connect() -> None:
    from app.services.proceedings import attendance, followup, notifications

    signals.case_made_exempt.connect(followup.on_case_made_exempt)
    signals.notice_issued.connect(attendance.on_notice_issued)
    signals.notice_issued.connect(notifications.on_notice_issued)
