"""The count of a KSZ ``duplicate_key`` says what it counts (newuser30).

"10 row(s) (... 4 row(s) repeat another row exactly, 3 row(s) give a person-quarter
different values)" did not add up for the reader: the 10 are all rows of the person-quarters
with several rows, first copies included. The message now names the number of such
person-quarters and of those whose rows differ.
"""

from __future__ import annotations

import pytest
from test_analyst19_adapt import _delivery
from test_user26_adapt_problems import _rewrite

from mia_helpers.adapters import adapt
from mia_helpers.schemas import RegisterError


def test_duplicate_key_names_the_person_quarters_counted(tmp_path):
    m = _delivery(tmp_path, ksz_quarters=("20081", "20081", "20082"))  # 2008Q1 twice
    pos = ["Loontrekkende"] * 12
    pos[10] = "Zelfstandige"  # person 4's second row of 2008Q1: another position
    _rewrite(m, "ksz.csv", lambda d: d.assign(POS=pos))
    m["registers"]["ksz_positions"]["codes"]["position"]["Zelfstandige"] = "self_employed"
    with pytest.raises(RegisterError, match="'duplicate_key': 8 row") as err:
        adapt(m)
    text = str(err.value)
    assert "all rows of the 4 person-quarter(s) with several rows" in text
    assert "2 row(s) give a person-quarter different values (in 1 person-quarter(s)" in text
