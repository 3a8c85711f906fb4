"""A small long-format panel for the rsmatch reference test, generated here (our own data).

Shaped like the examples of risk-set matching (Lu 2005): subjects seen at visits 1, 2, ...
until they drop out, a treatment that starts at some visit (``time_of_trt``, missing if never),
rows kept after the start, fixed and time-varying numeric covariates, a string and a factor.

Usage:  python tests/reference/risk_set_panel.py [out.csv]
(default ``tests/reference/risk_set_panel.csv``; ``tests/test_dynamic.py`` checks that the
committed file equals :func:`risk_set_panel` with its defaults).
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np
import pandas as pd


def risk_set_panel(n_subjects: int = 80, max_visits: int = 6, seed: int = 20261130) -> pd.DataFrame:
    """Deterministic long panel: one row per subject and visit.

    Parameters
    ----------
    n_subjects : int
        Number of subjects (ids ``S001``, ``S002``, ...).
    max_visits : int
        Last possible visit; each subject is seen at visits 1..n_i, n_i uniform on
        2..max_visits (drop-out, no gaps).
    seed : int
        Seed of :func:`numpy.random.default_rng`.

    Returns
    -------
    pandas.DataFrame
        Columns ``subject_id`` (str), ``visit`` (int, 1-based), ``time_of_trt`` (float visit
        of the treatment start, NaN if never seen to start), ``sex`` (str ``F``/``M``),
        ``educ`` (int years), ``ses`` (str level ``"1"``..``"5"``), ``age`` (float years,
        rising with the visit), ``score`` (float, time-varying), sorted by subject and visit.
        Nobody with ``ses == "5"`` starts (zero hazard by construction), so a model with
        ``ses`` cannot identify that level's coefficient: the test of that warning relies on it.
    """
    rng = np.random.default_rng(seed)
    n = n_subjects
    ids = np.array([f"S{i + 1:03d}" for i in range(n)])
    n_vis = rng.integers(2, max_visits + 1, size=n)
    sex = rng.choice(np.array(["F", "M"]), size=n)
    educ = rng.choice(np.array([12, 14, 16, 18]), size=n)
    ses = rng.choice(np.array(["1", "2", "3", "4", "5"]), size=n, p=[0.25, 0.25, 0.2, 0.2, 0.1])
    age0 = np.round(rng.uniform(60, 85, size=n), 1)
    base = rng.normal(0.0, 1.0, size=n)
    subj = np.repeat(np.arange(n), n_vis)
    visit = np.concatenate([np.arange(1, v + 1) for v in n_vis])
    age = np.round(age0[subj] + 1.5 * (visit - 1) + rng.uniform(0, 0.5, size=subj.size), 2)
    score = np.round(base[subj] + 0.3 * (visit - 1) + rng.normal(0, 0.5, size=subj.size), 3)
    eta = -2.6 + 0.6 * score + 0.05 * (age - 72) + 0.4 * (sex[subj] == "M") - 0.1 * (educ[subj] - 15)
    hazard = np.where(ses[subj] == "5", 0.0, 1.0 / (1.0 + np.exp(-eta)))
    start = rng.uniform(size=subj.size) < hazard
    first = pd.Series(np.where(start, visit, np.nan)).groupby(subj).transform("min").to_numpy()
    return pd.DataFrame({"subject_id": ids[subj], "visit": visit, "time_of_trt": first,
                         "sex": sex[subj], "educ": educ[subj], "ses": ses[subj], "age": age,
                         "score": score})


if __name__ == "__main__":
    out = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(__file__).with_suffix(".csv")
    tmp = out.with_suffix(".tmp")
    risk_set_panel().to_csv(tmp, index=False)
    tmp.replace(out)
