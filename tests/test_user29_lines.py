"""user29: a listed value problem of a register delivered in one file names the file and
line holding the value, as one of a register in several files did (user28b)."""

from __future__ import annotations

import pytest
from test_analyst19_adapt import _delivery
from test_user26_adapt_problems import _rewrite

from mia_helpers.adapters import MappingError, adapt


def test_a_value_of_a_single_file_register_names_its_file_and_line(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(
        GESLACHT=["Man", "Vrouw", "X", "X"]))
    with pytest.raises(MappingError) as err:
        adapt(m, out=tmp_path / "extract")
    p = err.value.problems
    row = p[p.value == "X"].iloc[0]
    assert row["where"] == "personen.csv line 4 (+1 more row(s))"
    assert "personen.csv line 4 (+1 more row(s))" in str(err.value)
    listed = (tmp_path / "extract.adapt_problems.csv").read_text(encoding="utf-8")
    assert "personen.csv line 4" in listed
