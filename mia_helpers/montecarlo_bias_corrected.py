"""The bias-corrected matching study of issue 14: does the correction remove the "now versus
later" bias? Design and reading fixed before its first data set (fifty-first session).

Why. Against its own estimand (the truth over the matched starters) the book's matched "now
versus later" inburgering estimator lies about +0.055 pp above the truth, pooled over quarters
4-8, on the book's design (four studies, 1,600 data sets; Monte Carlo SE 0.018) and +0.078 pp
(0.023) on the targeted design (Appendix A, section "Post hoc: the "now versus later" bias on
two designs", read after those studies ran). An exploratory diagnosis on seeds 7100-7399
(``benchmarks/nvl_bias_diagnosis.py``, book/design.md section 4.6) located the cause in a
covariate imbalance left by nearest-neighbour matching on the estimated score and found that a
regression bias correction (bias-corrected matching, Abadie & Imbens 2011) is about as large as
the bias. Both findings are post hoc. This study asks, on seeds no estimator has seen and under
a reading written down before them, (1) whether the book's estimator is biased and (2) whether
the bias-corrected estimator (:func:`mia_helpers.bias_correction.corrected_later_estimates`) is
not. It judges a remedy; it is not yet the book's estimator, and no verdict of the earlier
studies changes: those were read for the code that ran them.

Design (:data:`DESIGN`), fixed now:

- the book's design of chapter 5's inburgering estimate (as
  :func:`mia_helpers.montecarlo_newcomers.replication_match`): 10,000 newcomers and no
  residents a data set, the default generator, chapter 5's specification, k = 3 twins,
  caliper 0.2 SD of the score, quarters 1-12, 95 per cent linearized intervals;
- ``replications`` = 400 data sets, seeds ``montecarlo.replication_seeds(2028, 400)`` (base
  2028, the second of the reserved bases 2027-2030), run to the end: no estimate is looked at
  before the last data set;
- both estimators on the same data set and the same pairs: ``book`` (the matched "now versus
  later" estimate and interval of :func:`mia_helpers.effects.effect_curves`) and
  ``corrected`` (the same pairs, each twin's outcome shifted by mu0(x_starter) - mu0(x_twin),
  mu0 a linear-probability fit per quarter among the pool rows, with its linearized interval);
- the truth: ``true_att_matched_pp``, the generator's effect over the matched starters with
  common random numbers (:func:`mia_helpers.montecarlo.matched_starters_truth`), and
  ``true_att_pp`` over all starters (reported, not judged here);
- the expected error (a variance reduction, as the diagnosis's part 3): each risk-set row's
  expected outcome at every quarter given the data set's state at its start, by
  :data:`REPLICAS` = 8 re-simulations with fresh draws after that quarter (starters under the
  truth's counterfactual, the contract blocked in that quarter only; pool rows as they are).
  Both estimators applied to these expected outcomes give each data set's expected error
  (``expected_error_pp``); its mean over data sets is the estimator's bias against the
  matched truth, with a spread between data sets well below the realised error's.

Reading (:func:`read_study`), fixed now. Q = quarters 4-8 (issue 14's), MC SE = the standard
deviation over data sets divided by the square root of their number; a pooled value is each
data set's mean over Q (data sets without a value at every quarter of Q are left out of the
pooled value and counted).

R1 (the book's bias, confirmatory): the book's pooled expected error exceeds 0 by more than
   2 MC SE. Read as "the bias of the book's estimator is confirmed on fresh seeds"; otherwise
   "not confirmed".
R2 (the remedy, the primary reading): the corrected estimator's pooled expected error lies
   within 2 MC SE of 0. Read as "the correction removes the bias, within the study's
   precision"; otherwise "the correction does not remove the bias". Power: with the
   diagnosis's spread (about 0.3 pp a data set at quarter 6) the MC SE is near 0.015 pp, so
   a bias of the size of the book's (0.055 pp) would be found with probability above 0.9;
   the reading states the MC SE it had.
R3 (issue 14's checks, reported): at each quarter of Q, the corrected estimator's realised
   bias against the matched truth within 2 MC SE of 0 and its coverage of that truth in
   [0.90, 0.98] (:func:`mia_helpers.montecarlo_confirmation.issue14_criteria` thresholds),
   each with the number of checks failed, and beside it how often an unbiased, calibrated
   estimator fails at least one of these ten checks (:func:`null_failure_rate`, from the
   data sets' own correlation of errors across quarters).
R4 (what follows): if R2 holds, the next step is to make the corrected estimator the book's
   (``mia_helpers.effects``), which changes the Monte Carlo code fingerprint, and to judge it
   by issue 14's criteria on new studies on base 2029 under a reading committed before them;
   if R2 fails, bias-corrected matching is not the remedy and the book keeps its estimator.
   This study does not resolve issue 14 either way.

No further data set of base 2028 is drawn after the study, whatever it shows.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

#: the study's design (see the module docstring); fixed before its first data set
DESIGN: dict[str, Any] = dict(replications=400, base_seed=2028, newcomers=10_000, residents=0,
                              treatment="inburgering", k=3, caliper=0.2, max_quarter=12,
                              level=0.95)
#: re-simulations of each risk-set row behind its expected outcome
REPLICAS = 8
#: issue 14's quarters
QUARTERS = (4, 5, 6, 7, 8)
#: the two estimators
ESTIMATORS = ("book", "corrected")
#: columns of the study's result rows (one per data set, estimator and quarter)
RESULT_COLUMNS = ("seed", "estimator", "quarter_since_start", "n_treated", "att_pp", "se_pp",
                  "ci_low", "ci_high", "expected_error_pp", "true_att_matched_pp",
                  "true_att_pp")


def _check_rows(df: pd.DataFrame) -> None:
    missing = [c for c in RESULT_COLUMNS if c not in df.columns]
    if missing:
        raise ValueError(f"the study's rows lack the columns {missing}; expected "
                         f"{list(RESULT_COLUMNS)}")
    bad = sorted(set(df["estimator"].astype(str)) - set(ESTIMATORS))
    if bad:
        raise ValueError(f"unknown estimators {bad} in column 'estimator'; expected "
                         f"{list(ESTIMATORS)}")
    if df.duplicated(["seed", "estimator", "quarter_since_start"]).any():
        raise ValueError("the study's rows repeat a (seed, estimator, quarter_since_start)")


def _mean_se(x: pd.Series) -> tuple[float, float, int]:
    x = pd.to_numeric(x, errors="coerce").dropna()
    n = int(x.size)
    if n < 2:
        return (float(x.mean()) if n else np.nan), np.nan, n
    return float(x.mean()), float(x.std(ddof=1) / np.sqrt(n)), n


def pooled_errors(df: pd.DataFrame, estimator: str, column: str = "expected_error_pp",
                  quarters: tuple[int, ...] = QUARTERS) -> tuple[pd.Series, int]:
    """Each data set's mean of ``column`` over ``quarters`` for one estimator.

    Returns
    -------
    (pandas.Series, int)
        The pooled value per seed (pp; data sets with a value at every quarter only) and the
        number of data sets left out for lacking one.
    """
    rows = df[(df["estimator"].astype(str) == estimator)
              & df["quarter_since_start"].isin(quarters)]
    wide = rows.pivot(index="seed", columns="quarter_since_start", values=column)
    wide = wide.reindex(columns=list(quarters))
    full = wide.notna().all(axis=1)
    n_seeds = df["seed"].nunique()
    return wide[full].mean(axis=1), int(n_seeds - full.sum())


def null_failure_rate(errors: pd.DataFrame, draws: int = 10_000, seed: int = 0,
                      level: float = 0.95, band: tuple[float, float] = (0.90, 0.98)) -> float:
    """Probability that an unbiased estimator with exact coverage fails at least one of
    issue 14's checks at the quarters of ``errors`` (R3): a bias beyond 2 MC SE, or a coverage
    outside ``band``, at any quarter.

    The per-data-set errors are drawn from a normal distribution with the estimated
    correlation across quarters (``errors``: one row per data set, one column per quarter,
    pp; rows with a missing value dropped) and mean zero; each data set's interval covers
    when its standardised error lies within the normal quantile of ``level``. ``draws``
    simulated studies of the same number of data sets, seeded by ``seed``, in chunks of 1,000
    (memory 8 bytes x 1,000 x data sets x quarters); the rate's own simulation error is at
    most 0.5 / sqrt(draws) (0.005 at the default).

    Returns NaN with fewer than 3 complete data sets.
    """
    e = errors.dropna()
    n, q = e.shape
    if n < 3 or q < 1:
        return np.nan
    corr = np.corrcoef(e.to_numpy(float), rowvar=False).reshape(q, q)
    from scipy.stats import norm

    rng = np.random.default_rng(seed)
    zq = norm.ppf(0.5 + level / 2)
    failed = 0
    for lo in range(0, int(draws), 1_000):
        m = min(1_000, int(draws) - lo)
        z = rng.multivariate_normal(np.zeros(q), corr, size=(m, n), method="eigh")
        mean = z.mean(axis=1)
        se = z.std(axis=1, ddof=1) / np.sqrt(n)
        bias_fail = (np.abs(mean) > 2 * se).any(axis=1)
        cover = (np.abs(z) <= zq).mean(axis=1)
        cover_fail = ((cover < band[0]) | (cover > band[1])).any(axis=1)
        failed += int((bias_fail | cover_fail).sum())
    return failed / int(draws)


def read_study(df: pd.DataFrame, quarters: tuple[int, ...] = QUARTERS,
               band: tuple[float, float] = (0.90, 0.98)) -> dict[str, Any]:
    """The study's reading, rules R1-R3 of the module docstring (R4 is what follows from R2).

    Parameters
    ----------
    df : pandas.DataFrame
        The study's rows, columns :data:`RESULT_COLUMNS` (pp; one row per seed, estimator
        and quarter).
    quarters, band : issue 14's quarters and coverage band.

    Returns
    -------
    dict
        ``r1`` and ``r2`` (bool), ``pooled`` ({estimator: (mean, MC SE, data sets)} of the
        pooled expected error, pp), ``left_out`` ({estimator: data sets without a value at
        every quarter}), ``correction`` ((mean, MC SE, data sets) of book minus corrected,
        pooled), ``checks`` (DataFrame: per estimator and quarter the realised bias, its MC
        SE, the coverage, its MC SE, the data sets, ``bias_ok`` and ``coverage_ok``),
        ``r3_failed`` (the corrected estimator's failed checks among the ten), ``null_rate``
        (:func:`null_failure_rate` of the corrected estimator's realised errors).

    Raises
    ------
    ValueError
        If a column of :data:`RESULT_COLUMNS` is missing, an estimator is unknown or a row
        repeats.
    """
    _check_rows(df)
    pooled, left_out = {}, {}
    per_seed = {}
    for est in ESTIMATORS:
        s, lo = pooled_errors(df, est, quarters=quarters)
        per_seed[est] = s
        pooled[est] = _mean_se(s)
        left_out[est] = lo
    both = pd.concat(per_seed, axis=1).dropna()
    correction = (_mean_se(both["book"] - both["corrected"]) if len(both)
                  else (np.nan, np.nan, 0))
    r1 = bool(np.isfinite(pooled["book"][1]) and pooled["book"][0] > 2 * pooled["book"][1])
    r2 = bool(np.isfinite(pooled["corrected"][1])
              and abs(pooled["corrected"][0]) <= 2 * pooled["corrected"][1])
    rows = []
    d = df[df["quarter_since_start"].isin(quarters)]
    for (est, q), g in d.groupby(["estimator", "quarter_since_start"], sort=True):
        ok = g["att_pp"].notna() & g["true_att_matched_pp"].notna()
        err = (g["att_pp"] - g["true_att_matched_pp"])[ok]
        b, b_se, n = _mean_se(err)
        has_ci = ok & g["ci_low"].notna() & g["ci_high"].notna()
        cov = ((g["ci_low"] <= g["true_att_matched_pp"])
               & (g["true_att_matched_pp"] <= g["ci_high"]))[has_ci]
        c = float(cov.mean()) if len(cov) else np.nan
        c_se = float(np.sqrt(c * (1 - c) / len(cov))) if len(cov) else np.nan
        rows.append(dict(estimator=str(est), quarter_since_start=int(q), bias_pp=b,
                         bias_mc_se=b_se, coverage=c, coverage_mc_se=c_se, data_sets=n,
                         bias_ok=bool(np.isfinite(b_se) and abs(b) <= 2 * b_se),
                         coverage_ok=bool(np.isfinite(c) and band[0] <= c <= band[1])))
    checks = pd.DataFrame(rows)
    corr = checks[checks["estimator"] == "corrected"]
    r3_failed = int((~corr["bias_ok"]).sum() + (~corr["coverage_ok"]).sum())
    c_rows = d[d["estimator"].astype(str) == "corrected"]
    errs = (c_rows.assign(e=c_rows["att_pp"] - c_rows["true_att_matched_pp"])
            .pivot(index="seed", columns="quarter_since_start", values="e"))
    return dict(r1=r1, r2=r2, pooled=pooled, left_out=left_out, correction=correction,
                checks=checks, r3_failed=r3_failed, null_rate=null_failure_rate(errs),
                data_sets=int(df["seed"].nunique()))


def study_params() -> Mapping[str, Any]:
    """The fixed design (:data:`DESIGN` with :data:`REPLICAS`), for a result file's metadata."""
    return dict(DESIGN, replicas=REPLICAS)
