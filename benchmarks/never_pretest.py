"""Does the positivity flag of the matched "now versus never" select data sets by the error of
their estimate (issue 14, the strict xfail ``never-bias`` of
``tests/test_calibration_shipped.py``)?

(Docstring completed below with the measured table and the reading.)
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
    iff below -3) and with the fitted and observed signing hazard of the obligated twins
    (MC SE of a correlation about 1 / sqrt(R))."""
    rows = []
    for k in quarters:
        x = d[d["quarter_since_start"] == k]
        f = x["share"] > 0
        a, b = x.loc[~f, "err"], x.loc[f, "err"]
        diff = a.mean() - b.mean() if len(a) and len(b) else np.nan
        sed = (np.sqrt(a.var() / len(a) + b.var() / len(b)) if len(a) > 1 and len(b) > 1
               else np.nan)
        rho = {c: stats.spearmanr(x["err"], x[c]).statistic
               for c in ("logmin", "h_fit_obl", "h_obs_obl")}
        rows.append(dict(k=k, R=len(x), unflagged=len(a), err_unflagged=_mean_se(a),
                         err_flagged=_mean_se(b), diff=f"{diff:+.2f} ({sed:.2f})",
                         rho_logmin=round(rho["logmin"], 3),
                         rho_hfit=round(rho["h_fit_obl"], 3), rho_hobs=round(rho["h_obs_obl"], 3),
                         rho_logmin_hfit=round(stats.spearmanr(x["logmin"],
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
    often chance alone gives it, with these skewed errors)."""
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
            p = np.nan
        else:
            s = e[idx]
            t = s.mean(axis=1) / (s.std(axis=1, ddof=1) / np.sqrt(n))
            p = float(np.mean(t >= t_obs))
        rows.append(dict(k=k, R=len(e), unflagged=n, all_mean=round(e.mean(), 2),
                         shift_observed=round(e[~f].mean() - e.mean(), 2),
                         shift_pred_hfit=f"{pred:+.2f} ({pred_se:.2f})", shift_pred_logmin=round(pred_lm, 2),
                         t_unflagged=round(t_obs, 2),
                         p_random_subset=p))
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
                             bias_se_ratio=round(x.loc[p, "err"].mean()
                                                 / (x.loc[p, "err"].std(ddof=1)
                                                    / np.sqrt(p.sum())), 2) if p.sum() > 1
                             else np.nan,
                             coverage=_cov_se(c),
                             bounds_coverage=round(cov[~p].mean(), 3) if (~p).any() else np.nan))
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
    from mia_helpers.montecarlo_newcomers import INBURGERING_STUDY

    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--base-seed", type=int, default=INBURGERING_STUDY["base_seed"])
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
