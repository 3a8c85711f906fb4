"""export-check reads adapt_log.csv's columns as counts of register rows (analyst19: a copied
adapt_log.csv with counts of 3 passed, while exclusion_log.csv was caught)."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import disclosure_vocabulary as vocab
from mia_helpers import export_check


@pytest.mark.parametrize("col", ["source_rows", "register_rows", "repeated_rows",
                                 "reversed_in_quarter", "same_start_other_end", "of_rows"])
def test_adapt_log_columns_are_counts(col):
    assert vocab.is_count_name(col)
    assert not vocab.is_non_count_name(col)


def test_export_check_refuses_a_copied_adapt_log_with_small_counts(tmp_path):
    log = pd.DataFrame({"table": ["persons", "vdab_measures"], "file": ["p.csv", "m.csv"],
                        "source_rows": [30200, 91000], "register_rows": [30200, 90997],
                        "repeated_rows": [0, 3], "reversed_in_quarter": [0, 2],
                        "same_start_other_end": [0, 0]})
    log.to_csv(tmp_path / "adapt_log.csv", index=False)
    result = export_check.scan(tmp_path, min_cell=10)
    small = {f.detail.split("'")[1] for f in result.findings if f.rule == "small_count"}
    assert small == {"repeated_rows", "reversed_in_quarter"}, result.findings
    assert not result.ok
