"""Benchmark: does the estimated IPCW logit explain the under-coverage of the linearized
"now versus never" intervals (issue 14, item 6)?

For each replication of a Monte Carlo study this script matches once and computes the matched
``now_vs_never`` estimate with two person-clustered linearized standard errors
(:func:`mia_helpers.effects._linearized_se`): with the IPCW coefficients held fixed
(``ipcw_fit=None``) and with the first-order term of the estimated IPCW logit
(``ipcw_fit``: :func:`mia_helpers.effects._ipcw_correction`). The estimate is that of
:func:`mia_helpers.effects.effect_curves` (same arrays, same IPCW fit, same matching).

Studies: ``newcomers`` (the inburgering study of Appendix A,
:data:`mia_helpers.montecarlo_newcomers.INBURGERING_STUDY`, its data generation and match)
and ``ibo`` (the IBO resident study, :data:`mia_helpers.montecarlo.APPENDIX_A_STUDIES`
``"ibo"``), seeds :func:`mia_helpers.montecarlo.replication_seeds` of the studies' base seed
(the shipped replications' seeds, so the "fixed" column reproduces the shipped SEs).

Printed per quarter 4-8: R, bias and SD of estimate minus truth (pp), mean SE and the ratio
mean SE / SD with its Monte Carlo SE (about ratio / sqrt(2 (R - 1))), and the coverage of the
95 % Wald interval with its Monte Carlo SE sqrt(c (1 - c) / R), fixed and corrected.

Variants of the SE (``se_<variant>`` columns): ``fixed`` (the package's default),
``corr`` (with the IPCW term), ``pooledh`` / ``pooledh_corr`` (the same with the Kaplan-Meier
influence taken against the weighted Kaplan-Meier's own hazard instead of the row's smoothed
hazard ``hx``).

``--oracle N`` re-estimates with "oracle" IPCW coefficients (the mean raw coefficients of N
other data sets, a stand-in for the probability limit) held fixed: it shows whether estimating
the coefficients adds variance (then the oracle estimate would vary less) and how the fixed-
coefficient SE does when the weights are (nearly) known.

``--df`` prints the effective number of persons behind the variance estimate,
(sum x_i^2)^2 / sum x_i^4 over the centred person contributions, and the coverage of the Wald
interval with the t quantile of those degrees of freedom instead of the normal one.

``--check`` compares, on the first seed, the analytic derivative G = d m0(k) / d gamma with
central finite differences of the IPCW Kaplan-Meier at two step sizes, and the correction's
variance G V G' (V = H^-1 S H^-1, S the sum of the persons' score outer products) with the
variance of m0(k) over draws of gamma from N(gamma_hat, V).

Usage (one core)::

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 nice -n 10 python benchmarks/ipcw_correction.py \\
        --study newcomers --replications 200 --out /tmp/ipcw_newcomers.csv
    ... --study ibo --replications 200                   # the IBO resident study
    ... --study newcomers --replications 200 --oracle 40
    ... --study newcomers --replications 200 --df
    ... --study newcomers --check

(about 2.4 s per inburgering replication and 1.2 s per IBO replication on one core.)
"""

from __future__ import annotations

import argparse
import contextlib
import time
import warnings

import numpy as np
import pandas as pd

ESTIMAND = "now_vs_never"
QUARTERS = range(4, 9)
#: standard-error variants (columns se_<variant>): IPCW coefficients fixed / with their
#: first-order term, each with the row's smoothed hazard or the pooled hazard in the
#: Kaplan-Meier influence
VARIANTS = ("fixed", "corr", "pooledh", "pooledh_corr")


def newcomer_match(seed: int, estimand: str = ESTIMAND):
    """The inburgering study's data set and match of ``seed``
    (:func:`mia_helpers.montecarlo_newcomers.replication` up to the estimation) and its truth
    (``quarter_since_start`` -> true effect of ``estimand``, pp)."""
    from mia_helpers.montecarlo_newcomers import INBURGERING_STUDY as P
    from mia_helpers.montecarlo_newcomers import replication_match

    res, truth = replication_match(seed, P["newcomers"], P["residents"], P["treatment"],
                                   P["k"], P["caliper"])
    truth = truth[truth["estimand"].astype(str) == estimand]
    return res, dict(zip(truth["quarter_since_start"].astype(int), truth["true_att_pp"],
                         strict=True)), P["max_quarter"]


def resident_match(seed: int, estimand: str = ESTIMAND, study: str = "ibo"):
    """The resident study's (default IBO) data set, match and truth of ``seed``
    (:func:`mia_helpers.montecarlo.replication` up to the estimation)."""
    from mia_helpers.matching import TreatmentSpec, match
    from mia_helpers.montecarlo import APPENDIX_A_STUDIES, replication_data, replication_panel

    P = APPENDIX_A_STUDIES[study]
    data = replication_data(seed, P["residents"], P["newcomers"], P["measure"])
    panel = replication_panel(data)
    res = match(panel, TreatmentSpec.measure(P["measure"]), k=P["k"], caliper=P["caliper"])
    t = data.truth[data.truth["estimand"].astype(str) == estimand]
    return res, dict(zip(t["quarter_since_start"].astype(int), t["true_att_pp"],
                         strict=True)), P["max_quarter"]


def arrays(res, K: int):
    """Estimation arrays, outcome arrays, the IPCW fit (with ``fit_info``) and the point
    estimate of :func:`mia_helpers.effects.effect_curves`."""
    from mia_helpers import effects as ef

    ea, oa = ef.estimation_arrays(res, "person_id", "score"), ef.outcome_arrays(res, K)
    info: dict = {}
    eta, bl = ef._fit_ipcw_arrays(ea.X, ea.names, ea.control, ea.weight, oa.E, oa.S, oa.A,
                                  oa.reg, K, fit_info=info)
    point = ef._estimate_arrays(ea.distance, ea.stratum, ea.risk_set, ea.treated, ea.k,
                                ea.cal_abs, oa.E, oa.S, oa.A, oa.reg, eta, bl, K, (ESTIMAND,),
                                ea.person)[(ESTIMAND, "matched")]
    return ea, oa, info, eta, bl, point


def evaluate(res, truth: dict, K: int, seed: int) -> pd.DataFrame:
    """Rows (quarter_since_start 1..K) of one replication: att_pp, truth, se_fixed, se_corr
    (pp; NaN where the treated or controls show no variation, as in effect_curves)."""
    from mia_helpers import effects as ef

    ea, oa, info, eta, bl, (m1, m0, n) = arrays(res, K)
    key = (ESTIMAND, "matched")
    se = {"fixed": ef._linearized_se(ea, oa, eta, bl, (ESTIMAND,))[key],
          "corr": ef._linearized_se(ea, oa, eta, bl, (ESTIMAND,), ipcw_fit=info)[key]}
    with pooled_hazard():
        se["pooledh"] = ef._linearized_se(ea, oa, eta, bl, (ESTIMAND,))[key]
        se["pooledh_corr"] = ef._linearized_se(ea, oa, eta, bl, (ESTIMAND,),
                                               ipcw_fit=info)[key]
    flat = np.isin(m1, (0.0, 1.0)) | np.isin(m0, (0.0, 1.0))
    ks = np.arange(1, K + 1)
    # the largest IPCW weight of a matched control row at risk (heavy-tail diagnostic)
    cp = np.unique(ea.control)
    ipcw = ef._ipcw(eta[cp], bl, oa.reg[cp], K)
    at = ks[None, :] <= np.minimum(np.minimum(oa.E[cp], oa.S[cp]), oa.A[cp])[:, None]
    return pd.DataFrame(dict(
        seed=seed, quarter_since_start=ks, att_pp=100 * (m1 - m0),
        true_att_pp=[truth.get(int(k), np.nan) for k in ks],
        **{f"se_{v}": np.where(flat, np.nan, 100 * x) for v, x in se.items()},
        max_ipcw=np.where(at, ipcw, 0).max(axis=0), n_treated=n, ipcw_fitted=bool(info)))


@contextlib.contextmanager
def pooled_hazard():
    """Within the block, :func:`mia_helpers.effects._km_influence` uses the weighted
    Kaplan-Meier's own (pooled) hazard at each quarter in the martingale residual instead of
    the row's smoothed hazard ``hx`` (the textbook influence function of the weighted
    Kaplan-Meier with fixed weights; the treated term is unchanged)."""
    from mia_helpers import effects as ef

    orig = ef._km_influence

    def km_pooled(a, at_risk, event, hx, k):
        num = (a[:, :k] * event[:, :k]).sum(axis=0)
        den = (a[:, :k] * at_risk[:, :k]).sum(axis=0)
        h = np.zeros(hx.shape[1])
        h[:k] = np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)
        return orig(a, at_risk, event, np.broadcast_to(h, hx.shape), k)

    ef._km_influence = km_pooled
    try:
        yield
    finally:
        ef._km_influence = orig


def table(df: pd.DataFrame, z: float) -> pd.DataFrame:
    """Per quarter 4-8 and SE variant: R, bias and SD of estimate minus truth (pp), mean SE,
    SE / SD with its Monte Carlo SE (ratio / sqrt(2 (R - 1))) and the coverage of the Wald
    interval with its Monte Carlo SE sqrt(c (1 - c) / R)."""
    rows = []
    for k, g in df[df["quarter_since_start"].isin(QUARTERS)].groupby("quarter_since_start"):
        err = (g["att_pp"] - g["true_att_pp"]).to_numpy()
        R = int(np.isfinite(err).sum())
        sd = float(np.nanstd(err, ddof=1))
        for lab in VARIANTS:
            se = g[f"se_{lab}"].to_numpy()
            ratio = float(np.nanmean(se)) / sd
            cov = float(np.nanmean(np.abs(err) <= z * se))
            rows.append(dict(k=int(k), se_variant=lab, R=R, bias=float(np.nanmean(err)), sd=sd,
                             mean_se=float(np.nanmean(se)), se_over_sd=ratio,
                             ratio_mcse=ratio / np.sqrt(2 * (R - 1)), coverage=cov,
                             coverage_mcse=np.sqrt(cov * (1 - cov) / R)))
    return pd.DataFrame(rows)


def gradient_check(res, K: int, draws: int = 400, seed: int = 1) -> None:
    """Analytic G against central finite differences (two steps) and the correction's
    variance against the variance of m0(k) over gamma ~ N(gamma_hat, V)."""
    from mia_helpers import effects as ef
    from mia_helpers.matching import match_arrays, pair_weights

    ea, oa, info, eta, bl, _ = arrays(res, K)
    if not info:
        print("IPCW fallback (unit weights): nothing to check")
        return
    tp, cp, _ = match_arrays(ea.distance, ea.stratum, ea.risk_set, ea.treated, ea.k,
                             ea.cal_abs, ea.person)
    w = pair_weights(tp)
    m0 = ef._ipcw_m0_function(info, ea.X, tp, cp, w, oa.E, oa.S, oa.A, oa.reg, K)
    beta = info["beta"]
    G = ef._ipcw_m0_gradient(info, ea.X, tp, cp, w, oa.E, oa.S, oa.A, oa.reg, K)
    print(f"J = {beta.size} coefficients, {info['rows'].size} person-periods, "
          f"max |G| = {np.abs(G).max():.3g}")
    for step in (1e-3, 1e-5):
        fd = np.empty_like(G)
        for j in range(beta.size):
            d = np.zeros(beta.size)
            d[j] = step
            fd[:, j] = (m0(beta + d) - m0(beta - d)) / (2 * step)
        print(f"finite difference step {step:g}: max |G - FD| = {np.abs(G - fd).max():.3g} "
              f"(relative to max |G|: {np.abs(G - fd).max() / np.abs(G).max():.2g})")
    U, H = ef._ipcw_scores(info, ea.X, ea.person, int(ea.person.max()) + 1, K)
    Hi = np.linalg.inv(H)
    V = Hi @ (U.T @ U) @ Hi
    lin = np.sqrt(np.einsum("kj,jl,kl->k", G, V, G))
    rng = np.random.default_rng(seed)
    base = m0(beta)
    sims = np.array([m0(b) for b in rng.multivariate_normal(beta, V, draws)])
    print(f"sum of person scores (should be ~0): max |sum U| = {np.abs(U.sum(0)).max():.2g}")
    print("k   SD(m0) linear G'VG (pp)   SD(m0) over draws of gamma (pp)   mean shift (pp)")
    for k in range(K):
        print(f"{k + 1:2d}   {100 * lin[k]:8.3f}   {100 * sims[:, k].std(ddof=1):8.3f}   "
              f"{100 * (sims[:, k].mean() - base[k]):8.3f}")


def raw_coefficients(info: dict, K: int) -> np.ndarray:
    """The IPCW logit of ``fit_info`` on the raw scale: covariate slopes (nX) then the log-odds
    of quarters 1..K at x = 0 (K), the (eta, beta_l) parametrisation of the estimator."""
    beta, mu, sd, nX = info["beta"], info["mu"], info["sd"], info["nX"]
    bx, bd = beta[1:1 + nX] / sd[:nX], beta[1 + nX:] / sd[nX:]
    alpha = np.full(K, beta[0] - (mu[:nX] * bx).sum() - (mu[nX:] * bd).sum())
    alpha[info["quarters"] - 1] += bd
    return np.concatenate([bx, alpha])


def oracle_study(build, seeds, oracle_seeds) -> pd.DataFrame:
    """Estimates and fixed-coefficient SEs with the estimated IPCW coefficients and with
    'oracle' coefficients (the mean raw coefficients over the data sets of ``oracle_seeds``,
    independent of ``seeds``): if estimating the coefficients added variance, the estimate
    with oracle coefficients would vary less than the estimate with estimated ones."""
    from mia_helpers import effects as ef

    coefs = []
    for s in oracle_seeds:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res, _, K = build(s)
            info = arrays(res, K)[2]
        if info:
            coefs.append(raw_coefficients(info, K))
    gamma = np.mean(coefs, axis=0)
    print(f"oracle IPCW coefficients: mean of {len(coefs)} fits", flush=True)
    parts = []
    for i, s in enumerate(seeds):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res, truth, K = build(s)
            ea, oa, info, eta, bl, (m1, m0, n) = arrays(res, K)
            nX = ea.X.shape[1]
            eta_o = (np.asarray(ea.X, np.float64) @ gamma[:nX])
            bl_o = gamma[nX:]
            m1o, m0o, _ = ef._estimate_arrays(
                ea.distance, ea.stratum, ea.risk_set, ea.treated, ea.k, ea.cal_abs, oa.E, oa.S,
                oa.A, oa.reg, eta_o, bl_o, K, (ESTIMAND,), ea.person)[(ESTIMAND, "matched")]
            key = (ESTIMAND, "matched")
            se_f = ef._linearized_se(ea, oa, eta, bl, (ESTIMAND,))[key]
            se_c = ef._linearized_se(ea, oa, eta, bl, (ESTIMAND,), ipcw_fit=info)[key]
            se_o = ef._linearized_se(ea, oa, eta_o, bl_o, (ESTIMAND,))[key]
        ks = np.arange(1, K + 1)
        parts.append(pd.DataFrame(dict(
            seed=s, quarter_since_start=ks, true_att_pp=[truth.get(int(k), np.nan) for k in ks],
            att_pp=100 * (m1 - m0), att_oracle_pp=100 * (m1o - m0o), se_fixed=100 * se_f,
            se_corr=100 * se_c, se_oracle=100 * se_o)))
        if (i + 1) % 20 == 0:
            print(f"{i + 1} replications", flush=True)
    return pd.concat(parts, ignore_index=True)


def oracle_table(df: pd.DataFrame, z: float) -> pd.DataFrame:
    """SD of the error with estimated and with oracle IPCW coefficients, the mean SEs and the
    coverage of the oracle estimate with its fixed-coefficient SE."""
    rows = []
    for k, g in df[df["quarter_since_start"].isin(QUARTERS)].groupby("quarter_since_start"):
        e = (g["att_pp"] - g["true_att_pp"]).to_numpy()
        eo = (g["att_oracle_pp"] - g["true_att_pp"]).to_numpy()
        R = int(np.isfinite(e).sum())
        rows.append(dict(
            k=int(k), R=R, sd_estimated=np.nanstd(e, ddof=1), sd_oracle=np.nanstd(eo, ddof=1),
            se_fixed=g["se_fixed"].mean(), se_corr=g["se_corr"].mean(),
            se_oracle=g["se_oracle"].mean(),
            cov_oracle=float(np.nanmean(np.abs(eo) <= z * g["se_oracle"].to_numpy())),
            sd_mcse_rel=1 / np.sqrt(2 * (R - 1))))
    return pd.DataFrame(rows)


def df_study(build, seeds) -> pd.DataFrame:
    """Per replication: estimate, fixed SE and its effective degrees of freedom,
    (sum x_i^2)^2 / sum x_i^4 over the centred person contributions x_i (the effective number
    of persons behind the sum of squares; :func:`mia_helpers.effects._cluster_var`): a
    diagnostic of how few heavily weighted persons carry the variance."""
    from mia_helpers import effects as ef

    parts = []
    key = (ESTIMAND, "matched")
    for i, s in enumerate(seeds):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res, truth, K = build(s)
            ea, oa, info, eta, bl, (m1, m0, n) = arrays(res, K)
            se, dfs = ef._linearized_se(ea, oa, eta, bl, (ESTIMAND,), with_df=True)
            se, df = se[key], dfs[key]
        ks = np.arange(1, K + 1)
        parts.append(pd.DataFrame(dict(
            seed=s, quarter_since_start=ks, true_att_pp=[truth.get(int(k), np.nan) for k in ks],
            att_pp=100 * (m1 - m0), se_fixed=100 * se, df=df)))
        if (i + 1) % 20 == 0:
            print(f"{i + 1} replications", flush=True)
    return pd.concat(parts, ignore_index=True)


def df_table(df: pd.DataFrame, level: float) -> pd.DataFrame:
    """Coverage of the Wald interval with the normal and with the t(df) quantile."""
    from scipy import stats

    z = stats.norm.ppf(0.5 + level / 2)
    rows = []
    for k, g in df[df["quarter_since_start"].isin(QUARTERS)].groupby("quarter_since_start"):
        e, se = (g["att_pp"] - g["true_att_pp"]).to_numpy(), g["se_fixed"].to_numpy()
        q = stats.t.ppf(0.5 + level / 2, g["df"].to_numpy())
        R = len(e)
        c_z, c_t = np.mean(np.abs(e) <= z * se), np.mean(np.abs(e) <= q * se)
        rows.append(dict(k=int(k), R=R, median_df=float(g["df"].median()),
                         min_df=float(g["df"].min()), coverage_z=c_z, coverage_t=c_t,
                         mcse_t=np.sqrt(c_t * (1 - c_t) / R),
                         mean_width_ratio_t_over_z=float(np.mean(q) / z)))
    return pd.DataFrame(rows)


def run_replications(seeds, one, out: str | None = None) -> pd.DataFrame:
    """``one(seed)`` (a DataFrame of one replication's rows) for every seed, warnings silenced,
    concatenated; with ``out`` a CSV of the rows so far is written every 10 replications (a
    checkpoint, with the elapsed time printed) and at the end. Shared by this script and
    ``never_inburgering.py``."""
    parts, t0 = [], time.perf_counter()
    for i, s in enumerate(seeds):
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            parts.append(one(s))
        if out and (i + 1) % 10 == 0:
            pd.concat(parts).to_csv(out, index=False)
            print(f"{i + 1} replications, {time.perf_counter() - t0:.0f} s", flush=True)
    df = pd.concat(parts, ignore_index=True)
    if out:
        df.to_csv(out, index=False)
    return df


def main(argv: list[str] | None = None) -> int:
    from mia_helpers import core
    from mia_helpers.montecarlo import replication_seeds

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--study", choices=("newcomers", "ibo"), default="newcomers")
    ap.add_argument("--replications", type=int, default=200)
    ap.add_argument("--base-seed", type=int, default=2005)
    ap.add_argument("--out", default=None, help="CSV of the per-replication rows")
    ap.add_argument("--from-csv", default=None, help="tabulate a CSV written by --out")
    ap.add_argument("--check", action="store_true", help="gradient and perturbation checks")
    ap.add_argument("--level", type=float, default=0.95)
    ap.add_argument("--df", action="store_true",
                    help="effective degrees of freedom of the variance and t-quantile coverage")
    ap.add_argument("--oracle", type=int, default=0,
                    help="compare with 'oracle' IPCW coefficients averaged over this many "
                         "other data sets (seeds of base seed + 1)")
    a = ap.parse_args(argv)
    z = core.critical_value(a.level)
    build = newcomer_match if a.study == "newcomers" else resident_match
    seeds = replication_seeds(a.base_seed, a.replications)
    if a.check:
        res, _, K = build(seeds[0])
        gradient_check(res, K)
        return 0
    if a.df:
        df = pd.read_csv(a.from_csv) if a.from_csv else df_study(build, seeds)
        if a.out and not a.from_csv:
            df.to_csv(a.out, index=False)
        print(f"study {a.study}, {df['seed'].nunique()} replications, matched {ESTIMAND}, "
              "normal against t(effective df) quantile, fixed IPCW coefficients")
        print(df_table(df, a.level).round(3).to_string(index=False))
        return 0
    if a.oracle:
        df = (pd.read_csv(a.from_csv) if a.from_csv else
              oracle_study(build, seeds, replication_seeds(a.base_seed + 1, a.oracle)))
        if a.out and not a.from_csv:
            df.to_csv(a.out, index=False)
        print(f"study {a.study}, {df['seed'].nunique()} replications, matched {ESTIMAND}, "
              "estimated against oracle IPCW coefficients")
        with pd.option_context("display.width", 200, "display.max_columns", 30):
            print(oracle_table(df, z).round(3).to_string(index=False))
        return 0
    if a.from_csv:
        df = pd.read_csv(a.from_csv)
    else:
        df = run_replications(seeds, lambda s: evaluate(*build(s), s), a.out)
    print(f"study {a.study}, {df['seed'].nunique()} replications, matched {ESTIMAND}; "
          f"IPCW logit fitted in {df.groupby('seed')['ipcw_fitted'].first().mean():.0%}")
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        print(table(df, z).round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
