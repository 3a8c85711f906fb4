"""Shared inputs of ``claims.newcomer_claims`` tests other than the effect rows: the steps
table, the feeder model and the newcomer/resident comparison (one definition for the test
files that call it; duplicates tool, twenty-fourth session); and the newcomer panel of
``claims.obligated_entry_sentence`` (rev46: written twice before)."""

from __future__ import annotations

import pandas as pd


def newcomer_inputs() -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(steps, feeder, comparison): two grounds, the feeder's two step terms (contract
    identified, NT2 near one), IBO at quarter 5 for newcomers and residents."""
    steps = pd.DataFrame({"residence_ground": ["family", "work"], "n_persons": [700, 250],
                          "n_contract": [680, 190]})
    feeder = pd.DataFrame({"term": ["inburgering_before", "nt2_before"],
                           "odds_ratio": [2.65, 1.00], "ci_low": [2.24, 0.86],
                           "ci_high": [3.14, 1.16], "identified": True, "not_identified": ""})
    comp = pd.DataFrame({"population": ["newcomer", "resident"],
                         "measure": "workplace_learning_ibo", "quarter_since_start": 5,
                         "att_pp": [5.0, 6.0]})
    return steps, feeder, comp


def entry_panel(ob_jobs: tuple[int, int], other_jobs: tuple[int, int]) -> pd.DataFrame:
    """One row per newcomer (``person_id``, ``obligated``, ``stable_regular_job_start``) from
    each side's (persons, persons with a stable regular job start): obligated first."""
    rows, pid = [], 0
    for ob, (n, k) in ((True, ob_jobs), (False, other_jobs)):
        for i in range(n):
            rows.append({"person_id": pid, "obligated": ob, "stable_regular_job_start": i < k})
            pid += 1
    return pd.DataFrame(rows)
