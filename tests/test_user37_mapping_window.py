"""user37: a misspelt key of the mapping's window (``{start: 2008Q1, ende: 2019Q4}``) was
ignored and the seed study's end 2016Q4 taken, unsaid: the panel lost three years of the
extract. A window given names both of its quarters and nothing else."""

from __future__ import annotations

import pytest

from mia_helpers.adapters import EXAMPLE_MAPPING, load_mapping
from mia_helpers.adapters.mapping import MappingFileError

GIVEN = "window: {start: 2005Q1, end: 2016Q4}"


def _mapping(tmp_path, window: str):
    text = EXAMPLE_MAPPING.read_text(encoding="utf-8")
    assert GIVEN in text
    path = tmp_path / "mapping.yaml"
    path.write_text(text.replace(GIVEN, window), encoding="utf-8")
    return path


@pytest.mark.parametrize("window,said", [
    ("window: {start: 2008Q1, ende: 2019Q4}", "unknown keys ['ende']; no end"),
    ("window: {begin: 2008Q1, end: 2019Q4}", "unknown keys ['begin']; no start"),
    ("window: {start: 2008Q1}", "no end"),
])
def test_a_window_with_a_misspelt_or_missing_quarter_is_refused(tmp_path, window, said):
    with pytest.raises(MappingFileError) as err:
        load_mapping(_mapping(tmp_path, window))
    assert said in str(err.value) and "window: {start: 2005Q1, end: 2024Q4}" in str(err.value)


# user38: a mapping window with a quarter that is no quarter label (``end: 2016Q5``, a date
# ``2016-12-31``) was refused as "not a quarter label (expected e.g. '2005Q1')", without naming
# which of the two quarters, nor why 2016Q5 is none; the message names the key and the fault
@pytest.mark.parametrize("window,said", [
    ("window: {start: 2005Q1, end: 2016Q5}", "end '2016Q5' is not a quarter label (the "
                                             "quarter after Q is 1 to 4, not 5)"),
    ("window: {start: 2005-Q1, end: 2016Q4}", "start '2005-Q1' is not a quarter label (write "
                                              "it as 2005Q1"),
    ("window: {start: 2005Q1, end: '31/12/2016'}", "end '31/12/2016' is not a quarter label "
                                                   "(year, then Q"),
])
def test_a_window_quarter_that_is_no_label_is_named(tmp_path, window, said):
    with pytest.raises(MappingFileError) as err:
        load_mapping(_mapping(tmp_path, window))
    assert said in str(err.value), str(err.value)
    assert "window: {start: 2005Q1, end: 2024Q4}" in str(err.value)

def test_a_whole_window_and_no_window_are_read(tmp_path):
    m = load_mapping(_mapping(tmp_path, "window: {start: 2008Q1, end: 2019Q4}"))
    assert (m.window.start, m.window.end) == (12, 59) and m.window_given
    m = load_mapping(_mapping(tmp_path, ""))
    assert (m.window.start, m.window.end) == (0, 47) and not m.window_given


def test_a_misspelt_key_of_monthly_is_refused(tmp_path):
    """``monthly: {column: MAAND, format: "%Y%m", rul: majority}`` applied the rule 'last'."""
    text = EXAMPLE_MAPPING.read_text(encoding="utf-8")
    assert "      rule: last " in text
    path = tmp_path / "mapping.yaml"
    path.write_text(text.replace("      rule: last ", "      rul: majority "), encoding="utf-8")
    with pytest.raises(MappingFileError) as err:
        load_mapping(path)
    assert "monthly: unknown keys ['rul']" in str(err.value)
