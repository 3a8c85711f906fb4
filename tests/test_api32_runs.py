"""api32: one grouping of whole quarters into runs (labels.quarter_runs), behind both the
prose's quarter lists (claims._runs, tested in test_trial25b_runs.py) and the ``adapt``
command's warning about KSZ quarters without rows (before, cli.adapt had its own copy)."""
import pandas as pd

from mia_helpers.cli.adapt import ksz_gap_warning
from mia_helpers.labels import quarter_runs
from mia_helpers.quarters import Window, to_index


def test_runs_sorted_and_deduplicated():
    assert quarter_runs([10, 6, 7, 8, 8]) == [(6, 8), (10, 10)]
    assert quarter_runs([3]) == [(3, 3)]
    assert quarter_runs([]) == []
    assert quarter_runs([4, 5, 9, 10, 11, 12]) == [(4, 5), (9, 12)]


def test_ksz_warning_lists_the_missing_runs():
    present = [q for q in range(to_index("2010Q1"), to_index("2012Q4") + 1)
               if q not in {to_index("2010Q3"), to_index("2011Q1"), to_index("2011Q2"),
                            to_index("2011Q3")}]
    text = ksz_gap_warning(pd.Series(present), Window(0, 47), "ksz_2011.csv")
    assert "in 4 quarters" in text, text
    assert "2010Q3, 2011Q1..2011Q3;" in text, text
    assert ksz_gap_warning(pd.Series(range(8)), Window(0, 47)) == ""
