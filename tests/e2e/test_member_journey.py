"""The browser test of issue 11: a member invited by e-mail sets a password, lands on /mitt, opens
a case from the agenda, reports forfall with a vara, gives input, declares habilitet, comments on
the draft minutes, proposes a case and adds the calendar feed; the secretariat then sees each of
these where it works (tests/e2e/member_journey.py checks every step), and the walk's pictures for
the user guide are made and small."""
from tests.e2e.member_journey import MEMBER_NAMES, walk

MAX_BYTES = 300 * 1024


def test_a_members_journey_and_what_the_secretariat_sees(browser, tmp_path):
    written = walk(browser, tmp_path)
    assert [p.name for p in written] == MEMBER_NAMES
    for path in written:
        assert path.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
        assert 5_000 < path.stat().st_size < MAX_BYTES, (path.name, path.stat().st_size)
