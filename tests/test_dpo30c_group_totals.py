"""dpo30c: export-check's ``whole_group`` rule read a count equal to its total only where the
total was named as :data:`TOTAL_NAME` ("n_persons", "persons"); a total named by its persons
("newcomers") or in words ("Number of persons") passed beside a count equal to it."""
from __future__ import annotations

import pandas as pd

from mia_helpers.export_check import check_table


def test_a_total_named_by_its_persons_is_read():
    for total in ("newcomers", "Number of persons", "Residents"):
        t = pd.DataFrame({"ground": ["asylum", "work"], total: [31, 45], "n_contract": [31, 20]})
        found = dict(check_table(t, 10))
        assert f"'n_contract' equals its total {total!r} (row 1)" in \
            found.get("whole_group", ""), (total, found)


def test_the_design_and_a_part_below_its_total_pass():
    t = pd.DataFrame({"ground": ["asylum", "work"], "Starters": [31, 45],
                      "Matched starters": [31, 45], "n_contract": [30, 20]})
    assert "whole_group" not in dict(check_table(t, 10))
