"""Levels that read differently under their variable (reader trial: "Dutch level: None" read
like a Python None)."""

from mia_helpers.labels import label


def test_no_dutch_is_not_printed_as_none():
    for term in ("dutch_level[none]", "dutch[none]", "dutch_level=none"):
        assert label(term) == "Dutch level: No Dutch"
    assert label("dutch_level[good]") == "Dutch level: Good"
    # other variables keep the plain level names
    assert label("education[low]") == "Education: Low"
