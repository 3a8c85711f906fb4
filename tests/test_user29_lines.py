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
    assert row["where"] == "personen.csv line 4 (+1 more row)"
    assert "personen.csv line 4 (+1 more row)" in str(err.value)
    listed = (tmp_path / "extract.adapt_problems.csv").read_text(encoding="utf-8")
    assert "personen.csv line 4" in listed


def test_the_examples_of_a_broken_rule_name_their_file_and_line(tmp_path):
    import pandas as pd

    from mia_helpers.schemas import RegisterError

    m = _delivery(tmp_path)
    _rewrite(m, "ksz.csv", lambda d: pd.concat([d, d.iloc[[5]]]))  # a person-quarter twice
    with pytest.raises(RegisterError) as err:
        adapt(m)
    assert err.value.rule == "duplicate_key"
    assert err.value.examples["where"].tolist() == ["ksz.csv line 7", "ksz.csv line 18"]
    assert "ksz.csv line 18" in str(err.value)


def test_the_examples_of_a_register_with_unread_values_name_their_line_too(tmp_path):
    import pandas as pd

    from mia_helpers.adapters.core import ExtractProblemsError

    m = _delivery(tmp_path)
    _rewrite(m, "ksz.csv", lambda d: pd.concat([d.assign(POS=["XX"] + ["Loontrekkende"] * (
        len(d) - 1)), d.iloc[[5]]]))
    with pytest.raises(ExtractProblemsError) as err:
        adapt(m)
    dup = next(e for e in err.value.errors if getattr(e, "rule", "") == "duplicate_key")
    assert dup.examples["where"].tolist() == ["ksz.csv line 7", "ksz.csv line 18"]


def test_a_file_none_of_whose_columns_is_found_is_not_called_empty(tmp_path):
    from mia_helpers.schemas import RegisterError

    m = _delivery(tmp_path)
    m["registers"]["persons"]["read"] = {"encoding": "latin-1"}  # no `sep: ';'`
    with pytest.raises(RegisterError) as err:
        adapt(m)
    text = str(err.value)
    assert "set `read: {sep: ';'}` for register 'persons'" in text
    assert "empty_table" not in text  # before: 'a required register is empty' as well
