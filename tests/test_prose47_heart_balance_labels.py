"""Appendix C's balance table names every covariate by its label (prose47).

Found by an analyst re-run of Appendix C at its defaults: the balance table (standardised mean
differences before and after matching, pooled over risk sets) read "Age", "Surgery: Prior
bypass" and the raw name "year", which :data:`mia_helpers.labels.LABELS` did not know. The
appendix's prose calls it the calendar year (of acceptance).

Data: the public Stanford heart transplant data (``heart.load_jasa``), matched as the appendix
matches them at its defaults (weekly periods, k = 3, caliper 0.2); no tolerance.
"""

from __future__ import annotations

import warnings

from mia_helpers import labels
from mia_helpers.dynamic import dynamic_match
from mia_helpers.heart import jasa_panel, load_jasa

COVARIATES = ["age", "surgery", "year"]  # notebooks/C_heart_transplant.md


def test_every_balance_row_has_a_reader_name():
    panel = jasa_panel(load_jasa(), period_days=7)
    with warnings.catch_warnings():  # the few-matches warning is not under test
        warnings.simplefilter("ignore")
        match = dynamic_match(panel, id="id", time="period", at_risk="waiting",
                              treatment_start="transplant_start", covariates=COVARIATES,
                              k=3, caliper=0.2)
    rows = match.balance.query("risk_set == 'pooled'")["covariate"]
    shown = labels.relabel(rows).tolist()
    raw = [c for c, s in zip(rows, shown, strict=True) if s == c.replace("_", " ")]
    assert not raw, f"balance rows shown by their raw names: {raw}"
    assert "Year of acceptance (since Nov. 1967)" in shown
