"""Why the product-limit influence under-covered on the inburgering study, and the interval that
replaced it (issue 14, item 6).

Per replication of a Monte Carlo study (default the inburgering study of Appendix A, the shipped
seeds) and horizon: the matched "now versus never" estimate m1 - m0 and its truth, the share of
treated without support (``effects._ipcw_capped_share``; positive = not point-identified, whose
intervals are the worst-case bounds and not judged here), and for four variants of the
controls' Kaplan-Meier influence the linearized SE, its degrees of freedom and the variances
of the two sides apart (``effects._linearized_se(..., parts=)``):

- ``old``: the package before the thirty-fifth session: no product-limit factor, the residual
  against the smoothed pool cumulative incidence of ``effects._control_regression``
  differenced into hazards (observed at k, not censored at the later start);
- ``factor``: the factor 1 / (1 - h_l) with the same residual hazard;
- ``pool``: the factor with the Kaplan-Meier's own hazard (R's ``survfit`` influence);
- ``shipped``: the package: the factor with the residual hazard of ``effects._pool_hazard_fit``
  (a linear-probability hazard of the whole pool, censored at the later start).

Each is judged with two intervals: the symmetric ``wald`` (estimate +- t(df) SE) and ``mover``
(``effects._mover_interval``: a Wald interval of m1 and a log(-log) interval of m0, combined).

Usage: ``python benchmarks/never_inburgering.py --replications 400 --out /tmp/ni.csv``
(``--first N`` to start at the N-th seed, for two processes; ``--study ibo`` etc. for
Appendix A's studies); ``--from-csv FILES`` tabulates. About 5 s a replication on one core.

Results (thirty-fifth session, 290 of the 400 inburgering data sets: seeds 1-140 and 201-350
of the shipped list; point-identified estimates only; coverage of 95 % intervals, binomial MC
SE about 0.014 at R = 240 and 0.017 at R = 160; the first run's CSV columns renamed to these
variants, ``factor`` without its two sides apart; ``--from-csv`` prints it)::

     k   R   bias    sd   skew  old/wald  old/mover  factor/wald  pool/wald  pool/mover  shipped/wald  shipped/mover
     3 242 -0.044 1.290 -0.990     0.942      0.946        0.946      0.938       0.950         0.942          0.946
     4 239 -0.221 2.289 -1.778     0.916      0.946        0.929      0.895       0.908         0.912          0.946
     5 162 -0.427 3.640 -1.634     0.957      0.988        0.969      0.883       0.932         0.920          0.951

Reading. At quarters 4 and 5 every symmetric interval that missed did so on the same side (of
401 point estimates: ``pool`` 44 misses, ``shipped`` 34, ``old`` 27, all with the estimate
above the truth): m0 too low because the few heavily weighted controls behind it had no
entry. There the Kaplan-Meier's own hazard is low too, so ``pool``'s SE is small exactly when
the estimate is off: the interval fails by its shape more than by its mean level. A residual
hazard from the whole pool (``shipped``) keeps the SE from following the estimate down, and
the log(-log) interval of m0 reaches higher where m0 is near zero; together (``shipped/mover``)
they cover 0.946-0.951. ``old`` covered by two errors cancelling (the missing factor, the
over-stating residual hazard; ``benchmarks/never_variance.py``), and with MOVER it
over-covers at quarter 5 (0.988). The variant was chosen on these data sets (three
candidates compared); the regenerated Monte Carlo files (all 400 inburgering data sets and
Appendix A's three measures, ``tests/test_calibration_shipped.py``) and the drawn design of
``tests/test_linearized_se.py`` are the checks.
"""
from __future__ import annotations

import argparse
import contextlib
import sys
from pathlib import Path

import numpy as np
import pandas as pd

sys.path.insert(0, str(Path(__file__).resolve().parent))
from ipcw_correction import (  # noqa: E402
    ESTIMAND,
    arrays,
    newcomer_match,
    pooled_hazard,
    resident_match,
    run_replications,
)

VARIANTS = ("old", "factor", "pool", "shipped")
INTERVALS = ("wald", "mover")


@contextlib.contextmanager
def km_variant(name: str, rset: np.ndarray):
    """Within the block, ``effects._linearized_se`` computes variant ``name`` (module doc)."""
    from mia_helpers import effects as ef

    orig_km, orig_fit = ef._km_influence, ef._pool_hazard_fit

    def no_factor(a, at_risk, event, hx, k):
        num = (a[:, :k] * event[:, :k]).sum(axis=0)
        den = (a[:, :k] * at_risk[:, :k]).sum(axis=0)
        with np.errstate(invalid="ignore", divide="ignore"):
            h = np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)
            r = a[:, :k] * (event[:, :k] - at_risk[:, :k] * hx[:, :k])
            return float(np.prod(1.0 - h)) * np.where(
                den > 0, r / np.where(den > 0, den, 1), 0.0).sum(axis=1)

    def old_fit(X, treated, E, S, A, K, rows, **_):
        return ef._hazards_from_cumulative(ef._control_regression(X, rset, treated, E, A, K, rows))

    if name in ("old", "factor"):
        ef._pool_hazard_fit = old_fit
    if name == "old":
        ef._km_influence = no_factor
    try:
        # "pool": the Kaplan-Meier's own hazard in the residual (ipcw_correction.pooled_hazard)
        with pooled_hazard() if name == "pool" else contextlib.nullcontext():
            yield
    finally:
        ef._km_influence, ef._pool_hazard_fit = orig_km, orig_fit


def evaluate(seed: int, study: str = "newcomers") -> pd.DataFrame:
    """Rows (quarter_since_start 1..K) of one replication (module doc)."""
    from mia_helpers import effects as ef

    res, truth, K = (newcomer_match(seed) if study == "newcomers"
                     else resident_match(seed, study=study))
    ea, oa, _, eta, bl, (m1, m0, _) = arrays(res, K)
    key = (ESTIMAND, "matched")
    out = {}
    for v in VARIANTS:
        parts: dict = {}
        with km_variant(v, ea.risk_set):
            se, df = ef._linearized_se(ea, oa, eta, bl, (ESTIMAND,), with_df=True, parts=parts)
        out[f"se_{v}"], out[f"df_{v}"] = 100 * se[key], df[key]
        out[f"var_t_{v}"], out[f"var_c_{v}"] = parts[key]
    share = ef._ipcw_capped_share(eta, bl, ea.treated_pos, ea.control, ea.weight, oa.A, K)
    ks = np.arange(1, K + 1)
    return pd.DataFrame(dict(seed=seed, quarter_since_start=ks, att_pp=100 * (m1 - m0),
                             m1=m1, m0=m0, true_att_pp=[truth.get(int(k), np.nan) for k in ks],
                             unsupported_share=share, **out))


def table(df: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Per quarter 3-8 (point-identified estimates): R, bias, SD and skewness of the error
    (pp) and, per variant present in ``df`` and interval, the coverage (module doc)."""
    from scipy import stats

    from mia_helpers.effects import _mover_interval

    rows = []
    d = df[df["quarter_since_start"].between(3, 8) & ~(df["unsupported_share"] > 0)]
    for k, g in d.groupby("quarter_since_start"):
        e = (g["att_pp"] - g["true_att_pp"]).to_numpy()
        if len(e) < 3:
            continue
        row = dict(k=int(k), R=len(e), bias=e.mean(), sd=e.std(ddof=1),
                   skew=float(stats.skew(e)))
        for v in VARIANTS:
            if f"se_{v}" not in g:
                continue
            q = stats.t.ppf(0.5 + level / 2, g[f"df_{v}"].to_numpy())
            row[f"{v}/wald"] = np.mean(np.abs(e) <= q * g[f"se_{v}"].to_numpy())
            if f"var_c_{v}" in g:
                lo, hi = _mover_interval(g["m1"].to_numpy(), g["m0"].to_numpy(),
                                         g[f"var_t_{v}"].to_numpy(),
                                         g[f"var_c_{v}"].to_numpy(), q)
                t = g["true_att_pp"].to_numpy()
                row[f"{v}/mover"] = np.mean((lo <= t) & (t <= hi))
        rows.append(row)
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    from mia_helpers.montecarlo import replication_seeds

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replications", type=int, default=400)
    ap.add_argument("--first", type=int, default=0)
    ap.add_argument("--base-seed", type=int, default=2005)
    ap.add_argument("--study", default="newcomers",
                    choices=("newcomers", "ibo", "basic_training", "zero_effect"))
    ap.add_argument("--out", default=None)
    ap.add_argument("--from-csv", nargs="*", default=None)
    a = ap.parse_args(argv)
    if a.from_csv:
        df = pd.concat([pd.read_csv(f) for f in a.from_csv], ignore_index=True)
    else:
        seeds = replication_seeds(a.base_seed, a.replications)[a.first:]
        df = run_replications(seeds, lambda s: evaluate(s, a.study), a.out)
    print(f"{df['seed'].nunique()} replications; matched {ESTIMAND}, point-identified only")
    with pd.option_context("display.width", 250, "display.max_columns", 30):
        print(table(df).round(3).to_string(index=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
