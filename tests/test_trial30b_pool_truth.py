"""Chapter 4's pool exercise told the reader to compare the change "with the generator's "not
now" truth" and gave no number (trial30b, seed 8383, 6,000 residents, min_cell 11: Table 8
has no truth column; the truth, -0.5 to -0.1 points at 4-8 quarters, stood only in the
summary table)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import exercise_answers


def _drawn(truth: list[float]) -> pd.DataFrame:
    """Three published horizons, bands 6 points wide."""
    return pd.DataFrame({"quarter_since_start": [4, 5, 8], "att_pp": [1.2, 0.3, 0.8],
                         "ci_low": [-1.8, -2.7, -2.2], "ci_high": [4.2, 3.3, 3.8],
                         "true_att_pp": truth})


def test_clause_states_the_truth_it_asks_to_compare_with():
    clause = exercise_answers.pool_compare_clause(_drawn([-0.1, -0.3, -0.5]), 0.95)
    assert clause == ("compare that change with the mean width of the measure's 95 per cent \"now "
                      "versus later\" band in this run, 6.00 points, and with the generator's "
                      "\"not now\" truth at the horizons drawn, -0.50 to -0.10 points"), clause


def test_clause_without_truth_or_band():
    real = exercise_answers.pool_compare_clause(_drawn([np.nan] * 3), 0.9)
    assert real.endswith("90 per cent \"now versus later\" band in this run, 6.00 points"), real
    assert "truth" not in exercise_answers.pool_compare_clause(
        _drawn([0.0] * 3).drop(columns="true_att_pp"), 0.95)
    none = exercise_answers.pool_compare_clause(_drawn([0.0] * 3).iloc[:0], 0.95)
    assert none.startswith("automatic vacancy referral is not among this run's measures"), none
