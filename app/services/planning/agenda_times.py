"""Start times of agenda items, computed from the meeting's start and the items' durations.

Rules: the first item starts when the meeting starts; each item starts when the one before it ends;
a pinned time wins over the computed one (and the items after it follow from it); postponed and
withdrawn items get no time and take no time; a missing duration counts as zero.
"""
from dataclasses import dataclass
from datetime import time

MINUTES_PER_DAY = 24 * 60


@dataclass(frozen=True)
class Slot:
    duration: int | None = None
    pinned: time | None = None
    skipped: bool = False  # postponed or withdrawn


def to_minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def from_minutes(minutes: int) -> time:
    minutes %= MINUTES_PER_DAY
    return time(minutes // 60, minutes % 60)


def start_times(meeting_start: time, slots: list[Slot]) -> list[time | None]:
    clock = to_minutes(meeting_start)
    result: list[time | None] = []
    for slot in slots:
        if slot.skipped:
            result.append(None)
            continue
        if slot.pinned is not None:
            clock = to_minutes(slot.pinned)
        result.append(from_minutes(clock))
        clock += slot.duration or 0
    return result


def end_time(meeting_start: time, slots: list[Slot]) -> time:
    clock = to_minutes(meeting_start)
    for slot in slots:
        if slot.skipped:
            continue
        if slot.pinned is not None:
            clock = to_minutes(slot.pinned)
        clock += slot.duration or 0
    return from_minutes(clock)
