"""Chapter 6 on seed 8383 (6,000 residents, 2,000 newcomers, min_cell 11): "IBO effect,
newcomers (4 quarters) is not read against the generator's value: matching dropped 32.4 %
..." beside "relative effect hidden" in the findings table: a hidden estimate has nothing to
read against the generator, and the sentence says so first."""
from __future__ import annotations

import numpy as np

from mia_helpers import conclusions as cc


def _rows() -> dict:
    rows = {f.key: {"estimate": 30.0, "ci_low": 18.5, "ci_high": 43.0, "n_persons": 100,
                    "truth": 30.0} for f in cc.STUDY_FINDINGS}
    rows["ibo_newcomers_q4"].update(estimate=np.nan, ci_low=np.nan, ci_high=np.nan,
                                    dropped_pct=32.4)
    return rows


def test_hidden_finding_out_of_scope_is_said_hidden():
    rows = _rows()
    rec = cc.recovery_sentence(cc.findings_table(rows, synthetic=True), cc.truth_scope_of(rows))
    assert "the finding \"IBO effect, newcomers (4 quarters)\" has no estimate shown to read " \
           "against the generator's value (the table hides it; matching dropped 32.4 per cent of its starters" in rec, rec
    assert "is not read against" not in rec, rec


def test_shown_finding_out_of_scope_reads_as_before():
    rows = _rows()
    rows["ibo_newcomers_q4"].update(estimate=30.0, ci_low=18.5, ci_high=43.0)
    rec = cc.recovery_sentence(cc.findings_table(rows, synthetic=True), cc.truth_scope_of(rows))
    assert "the finding \"IBO effect, newcomers (4 quarters)\" is not read against the " \
           "generator's value: matching dropped 32.4 per cent" in rec, rec
