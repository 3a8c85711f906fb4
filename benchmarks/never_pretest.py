"""Does the positivity flag of the matched "now versus never" select data sets by the error of
their estimate (issue 14, the strict xfail ``never-bias`` of
``tests/test_calibration_shipped.py``)? Thirty-sixth session.

Question. At quarter 6 of the inburgering study 395 of the 400 data sets flag the positivity
failure (``effects._ipcw_capped_share`` > 0: some treated's twin has a fitted probability of
not having signed before k below ``effects._IPCW_FLOOR`` = 0.001) and report bounds; the 5
point estimates lie 2.3 pp above the truth (2.9 Monte Carlo SE of their mean). Hypothesis
(pre-test selection): the flag is a function of the fitted signing model, which is correlated
with the estimate's error, so "not flagged" selects data sets with high estimates.

Method. Per data set (the study's seeds, ``mia_helpers.montecarlo.replication_seeds`` of
``--base-seed``; the shipped 400 are base seed 2005) and quarter 1-9: the estimate of
``effects.effect_curves`` (reproduces the shipped ``att_pp``, ``ci_low``, ``ci_high``,
``unsupported_share``) minus the truth; the interval before the worst-case widening; the
flag's share and its statistic ``logmin`` (log10 of the smallest fitted survival before k of
a twin of a treated observed at k; flagged iff below -3); the fitted and the observed
signing hazard of the obligated twins (residence ground family or asylum: weighted means
over the IPCW logit's person-periods; the generator's is 0.69); ``n_exp``, the expected
number of twins still unsigned before k (pair-weighted sum of fitted survivals). Tables
(``--from-csv``): (1) errors of unflagged vs flagged data sets and Spearman correlations of
the error with ``logmin`` and with the fitted obligated hazard (MC SE of a correlation about
1 / sqrt(R) = 0.05); (2) the shift of the unflagged's mean error that those correlations
imply (a line of the error on normal scores, averaged over the unflagged; bootstrap SE) and
how often a random subset of the same size reaches the unflagged's t (mean over its MC SE);
(3) two identification rules fixed before their output was seen (the thresholds are the
project's disclosure floor ``min_cell`` = 10): R1 identify where ``n_exp`` >= 10 (the
expected persons behind the never-treated path, suggested in the thirty-sixth session), R2 flag only
where at least 10 treated lack support; R0 is the shipped rule.

Measured, shipped 400 data sets (base seed 2005; errors in pp, MC SE in brackets)::

         R  unfl      err_unfl      err_flag          diff  rho_lmin  rho_hfit  rho_lmin_hfit
    k
    3  400   334  -0.06 (0.07)  +0.07 (0.14)  -0.13 (0.16)    -0.003    -0.001         -0.282
    4  400   331  -0.20 (0.12)  +0.07 (0.21)  -0.27 (0.25)     0.032    -0.055         -0.297
    5  400   226  -0.29 (0.23)  -0.16 (0.24)  -0.13 (0.33)     0.013    -0.033         -0.305
    6  400     5  +2.32 (0.80)  -0.23 (0.28)  +2.54 (0.85)     0.043    -0.062         -0.307
    7  400     0             -  -0.39 (0.30)    +nan (nan)     0.024    -0.106         -0.302

         R  unfl  mean_all  shift_obs    shift_hfit  shift_lmin  t_unfl  p_random  p_fail
    k
    4  400   331     -0.15      -0.05  +0.00 (0.00)       -0.01   -1.59     0.803   0.025
    5  400   226     -0.24      -0.06  +0.03 (0.03)       -0.02   -1.26     0.625   0.057
    6  400     5     -0.19       2.51  +1.00 (0.74)        0.02    2.89     0.099   0.184

            point          bias     t       coverage  cov_bounds
    k rule
    4 R0      331  -0.20 (0.12) -1.59  0.955 (0.011)       0.986
      R1      400  -0.15 (0.11) -1.38  0.960 (0.010)         NaN
      R2      399  -0.16 (0.11) -1.45  0.962 (0.010)       0.000
    5 R0      226  -0.29 (0.23) -1.26  0.947 (0.015)       0.966
      R1      400  -0.24 (0.17) -1.41  0.953 (0.011)         NaN
      R2      341  -0.20 (0.18) -1.10  0.953 (0.011)       0.966
    6 R0        5  +2.32 (0.80)  2.89  1.000 (0.000)       0.992
      R1      400  -0.19 (0.27) -0.71  0.955 (0.010)         NaN
      R2       10  +1.54 (0.67)  2.30  1.000 (0.000)       0.992
    7 R0        0             -   NaN              -       1.000
      R1      400  -0.39 (0.30) -1.29  0.943 (0.012)         NaN
      R2        0             -   NaN              -       1.000
    8 R0        0             -   NaN              -       1.000
      R1      400  -0.91 (0.33) -2.77  0.948 (0.011)         NaN
      R2        0             -   NaN              -       1.000

Reading. There is no pre-test selection at quarters 4 and 5, where both groups are large:
the unflagged lie 0.27 (0.25) and 0.13 (0.33) pp *below* the flagged, and the flag's
statistic is uncorrelated with the error at every quarter (Spearman 0.00-0.04, MC SE 0.05).
The flag is decided by the fitted logit at the most extreme twin (a covariate outlier; one
of the five has a typical fitted obligated hazard, at its 45th percentile), not by the
noise that moves the estimate. A path does exist at quarter 6: four of the five kept data
sets lie in the lowest 5 per cent of the fitted obligated hazard, which correlates weakly
with the error (Spearman -0.06 at quarter 6, -0.11 at 7); the line implies a shift of
+1.0 (0.7) pp for the kept five, of the +2.5 pp observed. The rest is chance in a tiny,
skewed sample: the errors are left-skewed (a long tail of estimates below the truth), so a
mean of 5 drawn without that tail has a small SD and a t that is heavy on the right; random
5 of the 400 reach t >= 2.89 in 9.9 per cent of draws and fail the 2-MC-SE criterion
(either side) in 18 per cent. So the mechanism explains at most part of quarter 6, within
its own uncertainty, and the failure is mostly the bias criterion applied to 5 data sets (issue 14 asks for 200 per criterion; the coverage band is widened
for small parts, the bias criterion is not).

Rules (a rule was to be sought only if the mechanism was confirmed; R1 and R2 were written
down before their output was seen and are reported, not designed on these data). R1
never flags here (``n_exp`` >= 10 at quarters 1-9: the non-obligated twins stay unsigned),
so from quarter 7 on it claims point identification where the obligated lack support; at
quarter 8 its bias is 2.8 MC SE, its coverage 0.948 (the estimator before the flag, as
predicted: positivity is
a per-person condition, an aggregate count cannot see an unsupported subgroup). R2 keeps 10
point estimates at quarter 6, 2.3 MC SE above the truth: the same tail. No rule passes,
and none is proposed. Theory: the bias of the kept point estimates is E[e] + cov(e, kept) /
P(kept); it vanishes when the flag is uncorrelated with the error or the same in (nearly)
every data set. The shipped flag nearly meets the first condition where it is in
transition (quarters 4-6, table above); a rule judged on the same fitted signing model
cannot do better, and one that is deterministic here (R1) buys it by claiming support the
obligated do not have.

Check on independent data sets (base seed 2006, 400 data sets; the same code, nothing chosen on them)::

         R  unfl      err_unfl      err_flag          diff  rho_lmin  rho_hfit  rho_lmin_hfit
    k
    3  400   351  +0.03 (0.06)  -0.24 (0.19)  +0.28 (0.20)     0.012     0.025         -0.239
    4  400   347  -0.05 (0.12)  -0.63 (0.32)  +0.58 (0.34)     0.005     0.050         -0.248
    5  400   237  -0.18 (0.24)  -0.04 (0.26)  -0.15 (0.35)    -0.007     0.043         -0.258
    6  400     1   -2.57 (nan)  -0.08 (0.25)   -2.49 (nan)     0.011     0.034         -0.252
    7  400     0             -  -0.55 (0.36)    +nan (nan)     0.055     0.009         -0.248

         R  unfl  mean_all  shift_obs    shift_hfit  shift_lmin  t_unfl  p_random  p_fail
    k
    4  400   347     -0.13       0.08  -0.00 (0.00)        0.02   -0.44     0.038   0.003
    5  400   237     -0.12      -0.06  -0.01 (0.03)       -0.05   -0.77     0.648   0.005

            point          bias     t       coverage  cov_bounds
    k rule
    4 R0      347  -0.05 (0.12) -0.44  0.899 (0.016)       0.962
      R1      400  -0.13 (0.11) -1.17  0.907 (0.014)         NaN
      R2      397  -0.13 (0.11) -1.20  0.907 (0.015)       1.000
    5 R0      237  -0.18 (0.24) -0.77  0.958 (0.013)       0.902
      R1      400  -0.12 (0.18) -0.69  0.927 (0.013)         NaN
      R2      345  -0.16 (0.19) -0.84  0.942 (0.013)       0.873
    6 R0        1   -2.57 (nan)   NaN  1.000 (0.000)       0.987
      R1      400  -0.09 (0.25) -0.36  0.912 (0.014)         NaN
      R2       10  -1.85 (1.74) -1.06  0.900 (0.095)       0.990
    7 R0        0             -   NaN              -       1.000
      R1      400  -0.55 (0.36) -1.54  0.905 (0.015)         NaN
      R2        0             -   NaN              -       1.000
    8 R0        0             -   NaN              -       1.000
      R1      400  -1.15 (0.38) -3.00  0.922 (0.013)         NaN
      R2        0             -   NaN              -       1.000

On these data sets the correlations of the error with the flag's statistic and with the
fitted obligated hazard are 0.00-0.06 and of the other sign than on the shipped seeds, the
unflagged lie 0.58 (0.34) pp above and 0.15 (0.35) pp below the flagged at quarters 4 and 5,
and the one point estimate at quarter 6 lies 2.6 pp *below* the truth: no selection
mechanism replicates. R1 fails again at quarter 8 (3.0 MC SE). Seen here and not mended:
the shipped intervals' point coverage at quarter 4 is 0.899 (0.016), just under the band,
and the unwidened intervals cover 0.905-0.927 at quarters 4-8 (R1 rows) against
0.943-0.960 on the shipped seeds, on which the interval (``effects._mover_interval`` with
the pool residual hazard) was chosen (``benchmarks/never_inburgering.py``).

Usage (one core, 4-10 s a data set)::

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 python benchmarks/never_pretest.py \\
        --replications 400 --out /tmp/never37/shipped.csv      # --first N for a second process
    ... --base-seed 2006 --replications 400 --out /tmp/never37/s2006.csv
    ... --from-csv /tmp/never37/shipped.csv                     # the tables
"""
from __future__ import annotations

import argparse
import contextlib
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import stats
from scipy.special import expit

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ipcw_correction import newcomer_match  # noqa: E402

ESTIMAND = "now_vs_never"
KMAX = 9
#: residence grounds that oblige a newcomer to sign (the generator's
#: ``PopulationConfig.obligated_grounds``; "asylum" is the reference level of the design)
OBLIGATED = ("family", "asylum")


@contextlib.contextmanager
def capture():
    """Within the block, ``effects.effect_curves`` leaves its IPCW fit and its intervals
    before the worst-case widening in the yielded dict (``eta``, ``bl``, ``info``, ``lo``,
    ``hi``); nothing it returns changes."""
    from mia_helpers import effects as ef

    got: dict = {}
    fit, wcb = ef._fit_ipcw_arrays, ef._worst_case_bounds

    def fit_capture(*a, **kw):
        info: dict = {}
        eta, bl = fit(*a, **{**kw, "fit_info": info})
        got.update(eta=eta, bl=bl, info=info)
        return eta, bl

    def wcb_capture(lo, hi, share, m1):
        got.update(lo=np.asarray(lo, float).copy(), hi=np.asarray(hi, float).copy())
        return wcb(lo, hi, share, m1)

    ef._fit_ipcw_arrays, ef._worst_case_bounds = fit_capture, wcb_capture
    try:
        yield got
    finally:
        ef._fit_ipcw_arrays, ef._worst_case_bounds = fit, wcb


def evaluate(seed: int) -> pd.DataFrame:
    """Rows (quarter 1..KMAX) of one data set of the inburgering study: the estimate and its
    truth, the raw (unwidened) interval, the shipped flag share and the candidate statistics
    of positivity (module docstring)."""
    from mia_helpers import effects as ef

    res, truth, K = newcomer_match(seed, ESTIMAND)
    ea, oa = ef.estimation_arrays(res, "person_id", "score"), ef.outcome_arrays(res, K)
    with warnings.catch_warnings(), capture() as got:
        warnings.simplefilter("ignore")
        out = ef.effect_curves(ea, oa, (ESTIMAND,), interval="linearized")[(ESTIMAND, "matched")]
    eta, bl, info = got["eta"], got["bl"], got["info"]
    tp, cp, w = ea.treated_pos, ea.control, ea.weight
    ks = np.arange(1, K + 1)
    obl = res.rows["residence_ground"].astype(str).isin(OBLIGATED).to_numpy()
    # modelled probability of not having signed before k (no reg: as the shipped flag)
    h = expit(eta[cp, None] + bl[None, :K])
    before = np.hstack([np.ones((cp.size, 1)), np.cumprod(1.0 - h, axis=1)[:, :-1]])
    with np.errstate(divide="ignore"):
        logb = np.log10(before)
    wk = w[:, None] * (oa.A[tp][:, None] >= ks[None, :])  # (P, K)
    tot = wk.sum(axis=0)
    use = wk > 0
    logmin = np.where(use, logb, np.inf).min(axis=0)
    # expected persons behind the never path: pair-weighted modelled survival before k
    n_exp = (wk * before).sum(axis=0)
    n_exp_obl = (wk * before * obl[cp][:, None]).sum(axis=0)
    tot_obl = (wk * obl[cp][:, None]).sum(axis=0)
    # twins' rows observed at risk at l = k (pair-weighted; distinct rows)
    Ec = oa.E[cp]
    lim = np.minimum(np.minimum(Ec, oa.S[cp]), oa.A[cp])
    at_k = lim[:, None] >= ks[None, :]
    n_risk = (wk * at_k).sum(axis=0)
    n_risk_rows = np.array([np.unique(cp[use[:, j] & at_k[:, j]]).size for j in range(K)])
    ipcw = ef._ipcw(eta[cp], bl, oa.reg[cp], K)
    a = wk * at_k * ipcw
    with np.errstate(invalid="ignore", divide="ignore"):
        ess = a.sum(axis=0) ** 2 / (a ** 2).sum(axis=0)
    # the obligated twins' signing: fitted (mean over their person-periods of the fit) and
    # observed (share signing among their person-periods at risk), and the non-obligated
    rows, y, q = info.get("rows"), info.get("y"), info.get("quarter")
    stats = {}
    if rows is not None:
        fitted = expit(eta[rows] + bl[q - 1])
        for name, m in (("obl", obl[rows]), ("non", ~obl[rows])):
            stats[f"h_fit_{name}"] = float(np.average(fitted[m], weights=info["weight"][m]))
            stats[f"h_obs_{name}"] = float(np.average(y[m], weights=info["weight"][m]))
            stats[f"h_fit1_{name}"] = float(np.average(fitted[m & (q == 1)],
                                                       weights=info["weight"][m & (q == 1)]))
    kk = ks[:KMAX]
    return pd.DataFrame(dict(
        seed=seed, quarter_since_start=kk,
        att_pp=out["att"][:KMAX], true_att_pp=[truth.get(int(k), np.nan) for k in kk],
        m1=out["m1"][:KMAX], m0=out["m0"][:KMAX], se=out["se"][:KMAX],
        lo_raw=got["lo"][:KMAX], hi_raw=got["hi"][:KMAX],
        ci_low=out["lo"][:KMAX], ci_high=out["hi"][:KMAX],
        share=out["unsupported"][:KMAX], n_treated=tot[:KMAX], n_treated_obl=tot_obl[:KMAX],
        logmin=logmin[:KMAX], n_exp=n_exp[:KMAX], n_exp_obl=n_exp_obl[:KMAX],
        n_risk=n_risk[:KMAX], n_risk_rows=n_risk_rows[:KMAX], ess=ess[:KMAX], **stats))


def _mean_se(x: pd.Series) -> str:
    """'mean (MC SE)' of ``x``; '-' when empty."""
    if len(x) == 0:
        return "-"
    se = x.std(ddof=1) / np.sqrt(len(x)) if len(x) > 1 else np.nan
    return f"{x.mean():+.2f} ({se:.2f})"


def mechanism_table(d: pd.DataFrame, quarters=range(3, 8)) -> pd.DataFrame:
    """Per quarter: the errors (estimate minus truth, pp) of the unflagged and the flagged data
    sets (mean and MC SE), their difference, and Spearman correlations of the error with the
    flag's statistic (``logmin``: log10 of the smallest fitted survival of a twin; flagged
    iff below -3) and with the fitted signing hazard of the obligated twins (the observed
    one, ``h_obs_obl``, gives the same to 0.001 on the shipped data sets), and of the two
    statistics with each other (MC SE of a correlation about 1 / sqrt(R))."""
    rows = []
    for k in quarters:
        x = d[d["quarter_since_start"] == k]
        f = x["share"] > 0
        a, b = x.loc[~f, "err"], x.loc[f, "err"]
        diff = a.mean() - b.mean() if len(a) and len(b) else np.nan
        sed = (np.sqrt(a.var() / len(a) + b.var() / len(b)) if len(a) > 1 and len(b) > 1
               else np.nan)
        rho = {c: stats.spearmanr(x["err"], x[c]).statistic for c in ("logmin", "h_fit_obl")}
        rows.append(dict(k=k, R=len(x), unfl=len(a), err_unfl=_mean_se(a),
                         err_flag=_mean_se(b), diff=f"{diff:+.2f} ({sed:.2f})",
                         rho_lmin=round(rho["logmin"], 3),
                         rho_hfit=round(rho["h_fit_obl"], 3),
                         rho_lmin_hfit=round(stats.spearmanr(x["logmin"],
                                                               x["h_fit_obl"]).statistic, 3)))
    return pd.DataFrame(rows).set_index("k")


def _tail_shift(e: np.ndarray, stat: np.ndarray, kept: np.ndarray) -> float:
    """The shift of the mean error of the ``kept`` data sets that a straight line of the
    error ``e`` on the normal scores of the ranks of ``stat`` (fitted over all data sets)
    implies: slope x mean normal score of the kept. Ranks, as the statistics are heavy-tailed
    (``logmin``: an extreme over thousands of twins)."""
    z = stats.norm.ppf((stats.rankdata(stat) - 0.5) / len(stat))
    slope = np.polyfit(z, e, 1)[0]
    return float(slope * z[kept].mean())


def tail_table(d: pd.DataFrame, quarters=range(4, 8), draws: int = 100_000,
               seed: int = 0, boot: int = 1000) -> pd.DataFrame:
    """Per quarter: how far the unflagged data sets' mean error lies from all data sets'
    (observed), how far the selection implied by the error's (linear) dependence on the
    fitted signing hazard of the obligated and on the flag's statistic ``logmin`` predicts it
    to lie (:func:`_tail_shift`; the first with its bootstrap SE over ``boot`` resamples of
    the data sets), and the share of random subsets of the
    same size whose t statistic (mean error over its MC SE) is at least the unflagged's (how
    often chance alone gives it, with these skewed errors; ``p_random``) and whose |t|
    exceeds 2 (how often such a subset fails issue 14's bias criterion; ``p_fail``)."""
    rng = np.random.default_rng(seed)
    rows = []
    for k in quarters:
        x = d[d["quarter_since_start"] == k]
        f = (x["share"] > 0).to_numpy()
        e, h = x["err"].to_numpy(), x["h_fit_obl"].to_numpy()
        n = int((~f).sum())
        if n < 2:
            continue
        pred = _tail_shift(e, h, ~f)
        # its MC SE: the same over resamples of the data sets (kept ones resampled as well)
        bs = []
        for _ in range(boot):
            i = rng.integers(0, len(e), len(e))
            if (~f[i]).any():
                bs.append(_tail_shift(e[i], h[i], ~f[i]))
        pred_se = float(np.std(bs, ddof=1))
        pred_lm = _tail_shift(e, x["logmin"].to_numpy(), ~f)
        t_obs = e[~f].mean() / (e[~f].std(ddof=1) / np.sqrt(n))
        idx = np.argsort(rng.random((draws, len(e))), axis=1)[:, :n] if n < len(e) else None
        if idx is None:
            p = p2 = np.nan
        else:
            s = e[idx]
            t = s.mean(axis=1) / (s.std(axis=1, ddof=1) / np.sqrt(n))
            p = float(np.mean(t >= t_obs))
            p2 = float(np.mean(np.abs(t) > 2))
        rows.append(dict(k=k, R=len(e), unfl=n, mean_all=round(e.mean(), 2),
                         shift_obs=round(e[~f].mean() - e.mean(), 2),
                         shift_hfit=f"{pred:+.2f} ({pred_se:.2f})", shift_lmin=round(pred_lm, 2),
                         t_unfl=round(t_obs, 2), p_random=round(p, 3),
                         p_fail=round(p2, 3)))
    return pd.DataFrame(rows).set_index("k")


def _cov_se(c: np.ndarray) -> str:
    """'coverage (binomial MC SE)' of the booleans ``c``; '-' when empty."""
    if len(c) == 0:
        return "-"
    m = float(np.mean(c))
    return f"{m:.3f} ({np.sqrt(m * (1 - m) / len(c)):.3f})"


def rule_table(d: pd.DataFrame, quarters=range(4, 9), min_cell: int = 10) -> pd.DataFrame:
    """Bias (MC SE) and coverage (binomial MC SE) of the point estimates, and the coverage of
    the bounds, per quarter under the shipped rule R0 (flag where ``share`` > 0), R1
    (flag where ``n_exp`` < ``min_cell``) and R2 (flag where ``share * n_treated`` >=
    ``min_cell``; module docstring). Flagged intervals are the
    raw ones widened as ``effects._worst_case_bounds`` by the shipped share (1 where it is
    0)."""
    from mia_helpers.effects import _worst_case_bounds

    rows = []
    for k in quarters:
        x = d[d["quarter_since_start"] == k]
        for rule, flag in (("R0", x["share"] > 0), ("R1", x["n_exp"] < min_cell),
                           ("R2", x["share"] * x["n_treated"] >= min_cell)):
            share = np.where(x["share"] > 0, x["share"], 1.0)
            lo, hi = _worst_case_bounds(x["lo_raw"].to_numpy(), x["hi_raw"].to_numpy(),
                                        np.where(flag, share, 0.0), x["m1"].to_numpy())
            cov = (lo <= x["true_att_pp"]) & (x["true_att_pp"] <= hi)
            p = ~flag.to_numpy()
            c = cov[p]
            rows.append(dict(k=k, rule=rule, point=int(p.sum()),
                             bias=_mean_se(x.loc[p, "err"]),
                             t=round(x.loc[p, "err"].mean()
                                                 / (x.loc[p, "err"].std(ddof=1)
                                                    / np.sqrt(p.sum())), 2) if p.sum() > 1
                             else np.nan,
                             coverage=_cov_se(c),
                             cov_bounds=round(cov[~p].mean(), 3) if (~p).any() else np.nan))
    return pd.DataFrame(rows).set_index(["k", "rule"])


def load(paths) -> pd.DataFrame:
    """The CSVs of :func:`run`, one row per data set and quarter, with ``err`` (pp)."""
    d = pd.concat([pd.read_csv(p) for p in paths]).drop_duplicates(
        ["seed", "quarter_since_start"])
    return d.assign(err=d["att_pp"] - d["true_att_pp"])


def run(seeds: list[int], out: Path) -> pd.DataFrame:
    """Evaluate ``seeds``, appending to the CSV ``out`` after each (resumes: seeds already in
    ``out`` are skipped)."""
    done = set(pd.read_csv(out)["seed"]) if out.exists() else set()
    for i, s in enumerate(seeds):
        if s in done:
            continue
        t = time.time()
        df = evaluate(int(s))
        df.to_csv(out, mode="a", header=not out.exists(), index=False)
        print(f"{i + 1}/{len(seeds)} seed {s} {time.time() - t:.1f}s", flush=True)
    return pd.read_csv(out)


def main(argv=None) -> None:
    from mia_helpers.montecarlo import replication_seeds

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base-seed", type=int, default=2005)  # the study it read; 2029 is reserved
    p.add_argument("--replications", type=int, default=400)
    p.add_argument("--first", type=int, default=0)
    p.add_argument("--out", type=Path, default=Path("/tmp/never_pretest.csv"))
    p.add_argument("--from-csv", nargs="+", type=Path)
    a = p.parse_args(argv)
    if a.from_csv:
        d = load(a.from_csv)
        with pd.option_context("display.width", 200, "display.max_columns", 20):
            print(f"{d['seed'].nunique()} data sets")
            print(mechanism_table(d), tail_table(d), rule_table(d), sep="\n\n")
        return
    seeds = replication_seeds(a.base_seed, a.replications)[a.first:]
    run(seeds, a.out)


if __name__ == "__main__":
    main()
