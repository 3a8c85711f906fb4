"""user38: a mapping window with a quarter that is no quarter label (``end: 2016Q5``, a date
``2016-12-31``) was refused as "not a quarter label (expected e.g. '2005Q1')", without naming
which of the two quarters, nor why 2016Q5 is none. The message now names the key and what is
wrong with the value."""

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
