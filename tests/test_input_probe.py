"""No input found by the security probe gives a 500 (issue 10): every URL, query string and form
of the app, enumerated from ``app.url_map`` like the access matrix (tests/test_access_matrix.py),
gets out-of-range and malformed values. A module of its own so that pytest-xdist runs it beside
the matrix, not after it."""
from tests.access_matrix import build_world
from tests.input_probe import probe_forms, probe_inputs


def test_no_bad_input_on_any_route_or_form_gives_a_500(demo):
    """Integers above 2⁶³, negative and huge numbers, NUL bytes, long strings, impossible dates and
    malformed hidden fields (version, original, item …) in every URL, query string and form,
    posted as the admin: refused or ignored, never a 500."""
    world = build_world(demo)
    found = probe_inputs(demo, world)
    assert found == [], f"{len(found)} requests answered 500:\n" + "\n".join(found)


def test_no_form_sent_back_with_one_bad_field_gives_a_500(demo):
    """Every form as its page fills it, with one field at a time out of range or malformed
    (the hidden version, original and item fields too): refused or ignored, never a 500."""
    world = build_world(demo)
    found = probe_forms(demo, world)
    assert found == [], f"{len(found)} requests answered 500:\n" + "\n".join(found)
