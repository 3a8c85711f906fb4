"""Where does the product-limit influence under-cover on the inburgering study? (issue 14, item 6)

Per replication of the inburgering study (the shipped seeds) and horizon: the matched
"now versus never" estimate and truth, the share of treated without support
(``effects._ipcw_capped_share``: positive = not point-identified), the linearized SE and its
degrees of freedom under three Kaplan-Meier influences (``old``: the package's; ``pool``: the
product-limit influence with the factor 1 / (1 - h) and the KM's own hazard, R's ``survfit``;
``pool_corr``: ``pool`` plus the estimated IPCW coefficients' term), and the Kish effective
number of control rows behind the weighted Kaplan-Meier, (sum a)^2 / sum a^2 of the weights
at risk, smallest over the quarters l <= k.

Usage: ``python benchmarks/never_inburgering.py --replications 400 --out /tmp/ni.csv`` then
``--from-csv /tmp/ni.csv`` to tabulate.
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

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ipcw_correction import ESTIMAND, arrays, newcomer_match, resident_match  # noqa: E402

VARIANTS = ("old", "pool", "factor", "factor_hpool")


def pool_hazard_fit(ea, oa, K: int) -> np.ndarray:
    """(n, K) each risk-set row's hazard of the outcome at quarters 1..K from a linear-
    probability fit per quarter l of dN_l on [1, x] among ALL pool rows at risk at l
    (censored at the later start, as the Kaplan-Meier is; unweighted): a model-based hazard
    not driven by the few heavily weighted matched controls."""
    ks = np.arange(1, K + 1)
    E, S, A = oa.E, oa.S, oa.A
    at = ks[None, :] <= np.minimum(np.minimum(E, S), A)[:, None]
    ev = at & (E[:, None] == ks[None, :])
    c = np.flatnonzero(~ea.treated)
    D = np.hstack([np.ones((len(E), 1)), np.asarray(ea.X, np.float64)])
    hx = np.zeros((len(E), K))
    for lq in range(K):
        m = c[at[c, lq]]
        if m.size <= D.shape[1]:
            continue
        b = np.linalg.lstsq(D[m], ev[m, lq].astype(float), rcond=None)[0]
        hx[:, lq] = np.clip(D @ b, 0.0, 1.0)
    return hx


@contextlib.contextmanager
def km_variant(name: str, hx_rows: np.ndarray | None = None):
    """``old``: the package; ``pool``: factor + the KM's own hazard; ``factor``: factor + the
    package's smoothed row hazard; ``factor_hpool``: factor + :func:`pool_hazard_fit`
    (``hx_rows``: its rows at the matched controls, ``np.unique(control)`` order)."""
    from mia_helpers import effects as ef

    orig, orig_h = ef._km_influence, ef._hazards_from_cumulative

    def factor(a, at_risk, event, hx, k):
        num = (a[:, :k] * event[:, :k]).sum(axis=0)
        den = (a[:, :k] * at_risk[:, :k]).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            h = np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)
            S = float(np.prod(1.0 - h))
            r = a[:, :k] * (event[:, :k] - at_risk[:, :k] * hx[:, :k])
            q = np.where((den > 0) & (h < 1), 1.0 / np.where(den > 0, den * (1 - h), 1), 0.0)
            return S * (r * q[None, :]).sum(axis=1)

    def pool(a, at_risk, event, hx, k):
        num = (a[:, :k] * event[:, :k]).sum(axis=0)
        den = (a[:, :k] * at_risk[:, :k]).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            h = np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)
            S = float(np.prod(1.0 - h))
            r = a[:, :k] * (event[:, :k] - at_risk[:, :k] * h[None, :])
            q = np.where((den > 0) & (h < 1), 1.0 / np.where(den > 0, den * (1 - h), 1), 0.0)
            return S * (r * q[None, :]).sum(axis=1)

    if name == "pool":
        ef._km_influence = pool
    elif name in ("factor", "factor_hpool"):
        ef._km_influence = factor
    if name == "factor_hpool":
        ef._hazards_from_cumulative = lambda F: hx_rows
    try:
        yield
    finally:
        ef._km_influence, ef._hazards_from_cumulative = orig, orig_h


def evaluate(seed: int, study: str = "newcomers") -> pd.DataFrame:
    from mia_helpers import effects as ef
    from mia_helpers.matching import pair_weights

    res, truth, K = (newcomer_match(seed) if study == "newcomers"
                     else resident_match(seed, study=study))
    ea, oa, info, eta, bl, (m1, m0, n) = arrays(res, K)
    key = (ESTIMAND, "matched")
    out = {}
    hx_rows = pool_hazard_fit(ea, oa, K)[np.unique(ea.control)]
    for v in VARIANTS:
        with km_variant(v, hx_rows):
            se, df = ef._linearized_se(ea, oa, eta, bl, (ESTIMAND,), with_df=True)
        out[f"se_{v}"], out[f"df_{v}"] = 100 * se[key], df[key]
    tp, cp = ea.treated_pos, ea.control
    w = pair_weights(tp)
    share = ef._ipcw_capped_share(eta, bl, tp, cp, w, oa.A, K)
    ks = np.arange(1, K + 1)
    ipcw = ef._ipcw(eta[cp], bl, oa.reg[cp], K)
    at = ks[None, :] <= np.minimum(np.minimum(oa.E[cp], oa.S[cp]), oa.A[cp])[:, None]
    ess = np.full(K, np.nan)
    n_risk = np.full(K, np.nan)
    for k in ks:
        a = (w * (oa.A[tp] >= k))[:, None] * ipcw * at  # pair rows
        # by control row (a control reused by several treated is one row)
        u, inv = np.unique(cp, return_inverse=True)
        ar = np.stack([np.bincount(inv, a[:, j], u.size) for j in range(k)], axis=1)
        with np.errstate(invalid="ignore", divide="ignore"):
            e = ar.sum(0) ** 2 / (ar ** 2).sum(0)
        ess[k - 1] = np.nanmin(e) if np.isfinite(e).any() else np.nan
        n_risk[k - 1] = (ar[:, k - 1] > 0).sum()
    # the treated and control terms apart (never_variance.decompose, horizons 1..K), for
    # intervals that combine an interval of m1 with one of m0 (MOVER)
    import never_variance as nv

    nv.K = K
    dec = nv.decompose(ea, oa, eta, bl)
    for v in ("factor_pool", "factor_hpool", "old"):
        out[f"var_t_{v}"], out[f"var_c_{v}"] = dec[v][0][0], dec[v][0][1]
    return pd.DataFrame(dict(seed=seed, quarter_since_start=ks, att_pp=100 * (m1 - m0),
                             m1=m1, m0=m0,
                             true_att_pp=[truth.get(int(k), np.nan) for k in ks],
                             unsupported_share=share, ess=ess, n_at_risk=n_risk, **out))


def table(df: pd.DataFrame, level: float = 0.95, min_ess: float = 0.0) -> pd.DataFrame:
    from scipy import stats

    rows = []
    d = df[df["quarter_since_start"].between(4, 8)]
    for k, g in d.groupby("quarter_since_start"):
        pt = g[(g["unsupported_share"].fillna(0) <= 0) & (g["ess"] >= min_ess)]
        e = (pt["att_pp"] - pt["true_att_pp"]).to_numpy()
        R = len(e)
        if R < 2:
            continue
        row = dict(k=int(k), R=R, bias=e.mean(), mcse=e.std(ddof=1) / np.sqrt(R),
                   sd=e.std(ddof=1), med_ess=float(pt["ess"].median()))
        for v in VARIANTS:
            se = pt[f"se_{v}"].to_numpy()
            q = stats.t.ppf(0.5 + level / 2, pt[f"df_{v}"].to_numpy())
            row[f"{v}_se/sd"] = np.nanmean(se) / row["sd"]
            row[f"{v}_cov"] = np.nanmean(np.abs(e) <= q * se)
        rows.append(row)
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    from mia_helpers.montecarlo import replication_seeds

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replications", type=int, default=400)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--base-seed", type=int, default=None)
    ap.add_argument("--study", default="newcomers",
                    choices=("newcomers", "ibo", "basic_training", "zero_effect"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--from-csv", nargs="*", default=None)
    ap.add_argument("--min-ess", type=float, nargs="*", default=[0.0])
    a = ap.parse_args(argv)
    if a.from_csv:
        df = pd.concat([pd.read_csv(f) for f in a.from_csv], ignore_index=True)
    else:
        if a.base_seed is None:
            from mia_helpers.montecarlo import APPENDIX_A_STUDIES
            from mia_helpers.montecarlo_newcomers import INBURGERING_STUDY
            a.base_seed = (INBURGERING_STUDY if a.study == "newcomers"
                           else APPENDIX_A_STUDIES[a.study])["base_seed"]
        seeds = replication_seeds(a.base_seed, a.replications)[a.first:]
        parts, t0 = [], time.perf_counter()
        for i, s in enumerate(seeds):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore")
                parts.append(evaluate(s, a.study))
            if a.out and (i + 1) % 10 == 0:
                pd.concat(parts).to_csv(a.out, index=False)
                print(f"{i + 1} replications, {time.perf_counter() - t0:.0f} s", flush=True)
        df = pd.concat(parts, ignore_index=True)
        if a.out:
            df.to_csv(a.out, index=False)
    with pd.option_context("display.width", 250, "display.max_columns", 30):
        for m in a.min_ess:
            print(f"--- point-identified, Kish effective control rows >= {m}")
            print(table(df, min_ess=m).round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
