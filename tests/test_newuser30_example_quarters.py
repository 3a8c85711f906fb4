"""Examples of a broken key rule show quarters as labels (newuser30).

A KSZ person-quarter delivered twice, its quarter written ``2017K1`` in the raw file, was
shown in the example table as ``quarter 48``: an index that is in no raw file. The
examples now write ``2017Q1``-style labels beside the file and line.
"""

from __future__ import annotations

import pytest
from test_analyst19_adapt import _delivery

from mia_helpers.adapters import adapt
from mia_helpers.schemas import RegisterError


def test_duplicate_person_quarter_examples_show_quarter_labels(tmp_path):
    m = _delivery(tmp_path, ksz_quarters=("20081", "20081", "20082"))  # 2008Q1 twice
    with pytest.raises(RegisterError, match="'duplicate_key'") as err:
        adapt(m)
    ex = err.value.examples
    assert set(ex["quarter"]) == {"2008Q1"}  # not the index 12
    assert "2008Q1" in str(err.value) and "ksz.csv line" in str(err.value)
