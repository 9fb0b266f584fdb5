"""Start times on the agenda (DOMAIN.md §5): meeting start + durations, pinned times win,
postponed and withdrawn items get no time and take no time."""
from datetime import time

from hypothesis import assume, given
from hypothesis import strategies as st

from app.services.planning.agenda_times import Slot, end_time, start_times

DAY = 24 * 60


def minutes(value: time) -> int:
    return value.hour * 60 + value.minute


def hhmm(value: time | None) -> str | None:
    return value.strftime("%H:%M") if value else None


# A working day: meetings start 06:00–11:59, pins fall 06:00–13:59, and at most 20 items of at most
# 30 minutes keep every agenda before midnight (times are clock times of one day).
meeting_starts = st.builds(time, st.integers(6, 11), st.integers(0, 59))
durations = st.one_of(st.none(), st.integers(0, 30))
plain_slots = st.builds(Slot, duration=durations)
maybe_skipped_slots = st.builds(Slot, duration=durations, skipped=st.booleans())
pins = st.builds(time, st.integers(6, 13), st.integers(0, 59))
any_slots = st.builds(Slot, duration=durations, pinned=st.one_of(st.none(), pins),
                      skipped=st.booleans())


# --- the seed: NUIT 3/22 (seed 002) --------------------------------------------------------------

# (number or break title, duration, postponed) in agenda order, as in nuit-2022-3.yaml.
SEED_AGENDA = [
    ("16/22", 2, False), ("17/22", 3, False), ("18/22", 15, False), ("19/22", 30, False),
    ("20/22", 30, False), ("Pause", 10, False), ("21/22", 30, False), ("22/22", 30, False),
    ("23/22", 30, False), ("24/22", 30, False), ("Lunsj", 30, False), ("25/22", 30, False),
    ("26/22", 20, False), ("27/22", 30, False), ("28/22", 40, False), ("Pause", 10, False),
    ("29/22", 45, False), ("30/22", 30, True), ("31/22", 5, False),
]
SEED_TIMES = ["08:30", "08:32", "08:35", "08:50", "09:20", "09:50", "10:00", "10:30", "11:00",
              "11:30", "12:00", "12:30", "13:00", "13:20", "13:50", "14:30", "14:40", None, "15:25"]


def test_seed_nuit_3_22_start_times():
    slots = [Slot(duration=d, skipped=postponed) for _label, d, postponed in SEED_AGENDA]
    assert [hhmm(t) for t in start_times(time(8, 30), slots)] == SEED_TIMES
    assert end_time(time(8, 30), slots) == time(15, 30)


def test_seed_with_pinned_breaks_gives_the_same_times():
    """The secretariat pins the breaks at the times printed in the seed: nothing moves."""
    slots = [Slot(duration=d, skipped=postponed,
                  pinned=time.fromisoformat(SEED_TIMES[i]) if label in ("Pause", "Lunsj") else None)
             for i, (label, d, postponed) in enumerate(SEED_AGENDA)]
    assert [hhmm(t) for t in start_times(time(8, 30), slots)] == SEED_TIMES


# --- examples --------------------------------------------------------------------------------------

def test_pinned_lunch_moves_the_items_after_it():
    slots = [Slot(30), Slot(30), Slot(30, pinned=time(11, 30)), Slot(20), Slot(15)]
    assert [hhmm(t) for t in start_times(time(9, 0), slots)] == [
        "09:00", "09:30", "11:30", "12:00", "12:20"]


def test_pin_earlier_than_computed_still_wins():
    slots = [Slot(60), Slot(10, pinned=time(9, 15)), Slot(5)]
    assert [hhmm(t) for t in start_times(time(9, 0), slots)] == ["09:00", "09:15", "09:25"]


def test_postponed_item_gets_no_time_and_takes_none():
    slots = [Slot(30), Slot(45, skipped=True), Slot(5)]
    assert [hhmm(t) for t in start_times(time(14, 40), slots)] == ["14:40", None, "15:10"]


def test_pin_on_a_postponed_item_is_ignored():
    slots = [Slot(30), Slot(45, pinned=time(13, 0), skipped=True), Slot(5)]
    assert [hhmm(t) for t in start_times(time(10, 0), slots)] == ["10:00", None, "10:30"]


def test_missing_duration_counts_as_zero():
    slots = [Slot(None), Slot(10), Slot(None), Slot(5)]
    assert [hhmm(t) for t in start_times(time(8, 0), slots)] == ["08:00", "08:00", "08:10", "08:10"]
    assert end_time(time(8, 0), slots) == time(8, 15)


def test_empty_agenda_ends_when_it_starts():
    assert start_times(time(9, 0), []) == []
    assert end_time(time(9, 0), []) == time(9, 0)


# --- properties ------------------------------------------------------------------------------------

@given(meeting_starts, st.lists(plain_slots, max_size=20))
def test_each_item_starts_when_the_one_before_ends(start, slots):
    times = start_times(start, slots)
    assert len(times) == len(slots)
    if slots:
        assert times[0] == start
    for before, after, slot in zip(times, times[1:], slots, strict=False):
        assert minutes(after) == minutes(before) + (slot.duration or 0)


@given(meeting_starts, st.lists(maybe_skipped_slots, max_size=20))
def test_without_pins_times_never_decrease_and_end_is_start_plus_durations(start, slots):
    times = start_times(start, slots)
    shown = [t for t in times if t is not None]
    assert shown == sorted(shown)
    total = sum(s.duration or 0 for s in slots if not s.skipped)
    assert minutes(end_time(start, slots)) == minutes(start) + total


@given(meeting_starts, st.lists(any_slots, max_size=20))
def test_skipped_items_get_no_time_and_take_no_time(start, slots):
    """Postponing or withdrawing items changes nothing for the others: the times are exactly those
    of the agenda without them."""
    times = start_times(start, slots)
    for slot, t in zip(slots, times, strict=True):
        assert (t is None) == slot.skipped
    kept = [s for s in slots if not s.skipped]
    assert [t for t in times if t is not None] == start_times(start, kept)
    assert end_time(start, slots) == end_time(start, kept)


@given(meeting_starts, st.lists(any_slots, max_size=20), st.data())
def test_pinned_time_wins_and_later_items_follow_from_it(start, slots, data):
    active = [i for i, s in enumerate(slots) if not s.skipped]
    assume(active)
    i = data.draw(st.sampled_from(active), label="pinned item")
    pin = data.draw(pins, label="pin")
    slots = slots[:i] + [Slot(slots[i].duration, pinned=pin)] + slots[i + 1:]
    times = start_times(start, slots)
    assert times[i] == pin
    clock = minutes(pin) + (slots[i].duration or 0)
    for j in range(i + 1, len(slots)):
        slot = slots[j]
        if slot.skipped:
            assert times[j] is None
            continue
        if slot.pinned is not None:
            break  # the next pin takes over
        assert minutes(times[j]) == clock
        clock += slot.duration or 0


@given(meeting_starts, st.lists(any_slots, max_size=20))
def test_items_before_a_pin_are_not_affected_by_it(start, slots):
    pinned = [i for i, s in enumerate(slots) if s.pinned is not None and not s.skipped]
    assume(pinned)
    last = pinned[-1]
    unpinned = slots[:last] + [Slot(slots[last].duration, skipped=slots[last].skipped)] + slots[last + 1:]
    assert start_times(start, slots)[:last] == start_times(start, unpinned)[:last]


@given(meeting_starts, st.lists(any_slots, max_size=20))
def test_end_time_is_when_the_last_timed_item_ends(start, slots):
    times = start_times(start, slots)
    timed = [(t, s) for t, s in zip(times, slots, strict=True) if t is not None]
    if not timed:
        assert end_time(start, slots) == start
    else:
        last_start, last_slot = timed[-1]
        assert minutes(end_time(start, slots)) == minutes(last_start) + (last_slot.duration or 0)


@given(meeting_starts, st.lists(plain_slots, min_size=1, max_size=20), st.integers(1, 60))
def test_longer_item_pushes_every_later_item_by_the_same_amount(start, slots, extra):
    i = len(slots) // 2
    longer = slots[:i] + [Slot((slots[i].duration or 0) + extra)] + slots[i + 1:]
    before, after = start_times(start, slots), start_times(start, longer)
    assert after[:i + 1] == before[:i + 1]
    for old, new in zip(before[i + 1:], after[i + 1:], strict=True):
        assert minutes(new) == minutes(old) + extra
