"""Chapter 6 does not say of a hidden IBO estimate that it "is not read against" the
generator's value (read47).

Found by an analyst re-run of chapter 6 (read47: seed 2024, 6,000 residents, 3,000 newcomers,
min_cell 20, window 2007Q1-2015Q4): "IBO for newcomers (chapter 5). ... Here, four quarters
after the start: not shown (relative effect hidden, as in the chapter's own table) (generator:
38 per cent, an average over all starters, of whom matching dropped 26.5 per cent for lack of a
statistical twin, so the estimate averages over the others and is not read against it)": the
reason for not reading an estimate the table does not show at all. The recovery sentence had
been mended for the same (trial30b); the row's own sentence now gives the dropped share alone.

Data: a hand-made findings table in :func:`mia_helpers.conclusions.findings_table`'s columns;
no tolerance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers.conclusions import glue_texts

TAIL = "so the estimate averages over the others and is not read against it"


def _table() -> pd.DataFrame:
    return pd.DataFrame({
        "key": ["ibo_residents_q5", "ibo_newcomers_q4"], "chapter": ["04", "05"],
        "unit": ["%", "%"], "study_value": [24.0, 45.0], "estimate": [23.0, np.nan],
        "ci_low": [11.0, np.nan], "ci_high": [36.0, np.nan], "truth": [17.0, 38.0],
        "truth_held": [1.0, np.nan], "truth_own": [17.0, 38.0], "n": [400, 61],
        "note": ["", "relative effect hidden, as in the chapter's own table"]})


def test_hidden_estimate_has_no_reading_reason():
    out = glue_texts(_table(), {"ibo_residents_q5": 11.3, "ibo_newcomers_q4": 26.5})
    assert out["ibo_newcomers_q4"].startswith("not shown")
    assert TAIL not in out["ibo_newcomers_q4_truth"], out["ibo_newcomers_q4_truth"]
    assert out["ibo_newcomers_q4_truth"] == (" (generator: 38 per cent, an average over all starters, "
                                             "of whom matching dropped 26.5 per cent for lack "
                                             "of a statistical twin)")
    assert TAIL in out["ibo_residents_q5_truth"]  # shown: the reason stays
