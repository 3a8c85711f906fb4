"""Over-coverage of the matched inburgering "now versus never" intervals at quarters 4-6
(issue 14; forty-third session, helper cov46). EXPLORATORY AND DESCRIPTIVE: this script reads
Monte Carlo output already on disk, runs no data set, changes no package code and adopts
nothing.

Background. Issue 14 asks for coverage within [0.90, 0.98] at quarters 4-8. The matched
"now versus never" intervals (``effects.effect_curves``, ``interval="linearized"``) over-cover
at quarters 4-5 on the two bases read this week: base 2016 (``benchmarks/never_k.py``, k = 3
rows: 0.984 and 0.983) and base 2017 (``benchmarks/never_positivity.py``: 0.970 and 0.980),
while the confirmation study (base 2007) covers 0.956 at quarter 4. This script describes,
per base and quarter 4-6, the point estimates' errors against their standard errors; it does
not locate a cause.

What the interval is (``effects._linearized_se``, ``effects._mover_interval``). The estimate
is d = m1 - m0: m1 the starters' share with the outcome by quarter k, m0 the matched twins'
inverse-probability-of-censoring weighted (IPCW) Kaplan-Meier cumulative incidence, twins
censored at a later start. Two variances: ``var_t``, the person-clustered sum of squares of
the treated term y_i - mu0(x_i) (centred, divided by sqrt(n (n - 1)), then
``_cluster_var``'s G/(G - 1)); ``var_c = effects._km_model_var``, the variance of the
Kaplan-Meier's influence (Reid 1981) under a linear-probability model of the whole pool's
outcome hazard (``_pool_hazard_fit``), each (person, calendar quarter) cell's increments summed
and squared. The stored ``se`` is sqrt(var_t + var_c); the interval is not +- 1.96 se but the
MOVER combination (Zou & Donner 2008) of a Wald interval for m1 and a log(-log) interval for
the twins' survival 1 - m0 (Kalbfleisch & Prentice 2002), normal quantile: asymmetric.

Approximations that could make the interval conservative (none is measured here; each is a
candidate for a later, pre-registered study):

1. The cross term. se^2 = var_t + var_c leaves out -2 cov(treated term, twins' term), and
   MOVER takes the two sides as independent. A person can be a starter in one risk set and a
   twin in another, and twins are reused with replacement across starters (the twin's total
   pair weight enters ``a``); a positive covariance would make the sum too large. The
   person-clustered cross term was near zero in ``benchmarks/never_variance.py`` (an earlier
   estimator and base). Literature: Abadie & Imbens (2006), section 4, write the matching
   estimator's error as a sum of person terms whose control part counts each control K_M
   times; the independence of the two sides is an assumption of this implementation.
2. The model-based control variance. Each increment's variance is hx (1 - hx) with hx the
   pool model's fitted hazard, not the twin's own. If the fit is a projection of the true
   hazards p (with matching means), mean hx (1 - hx) - mean p (1 - p) = mean (p - hx)^2 >= 0
   (the Bernoulli variance is concave): hazard heterogeneity the linear model misses is added
   as noise. With the Kaplan-Meier's weights the inequality is only approximate. The
   weighted Greenwood formula (Greenwood 1926; Kalbfleisch & Prentice 2002, section 1.4;
   ``book/references.bib``) is the same variance with the Kaplan-Meier's own hazards in
   place of hx.
3. The variance of a Kaplan-Meier product. var_c is first order (the product-limit influence,
   Reid 1981, the delta method behind Greenwood's formula) in S(k), den_l and h_l, plugged in;
   with few heavily weighted twins the first-order variance of a product of k factors may be
   off in either direction. The MOVER log(-log) interval for S then transforms it; its lower
   side of d (the upper side of m0) is the wide one where S is near 1.
4. The IPCW weights treated as known. The estimated censoring model's first-order term
   (``effects._ipcw_correction``, stacked M-estimation, Newey & McFadden 1994; Robins &
   Rotnitzky 1992 for estimated censoring weights, both in ``book/references.bib``;
   Robins & Finkelstein 2000 for IPCW) lowers the standard error when added
   (``benchmarks/ipcw_correction.py``): holding the weights fixed errs on the wide side.
5. The propensity score and calipers held fixed. Abadie & Imbens (2016) show that
   estimating the score changes the variance of the effect on the treated in either
   direction; for "now versus later" the adjustment lowered the SEs by 2-4 per cent
   (``benchmarks/later_variance.py``, ``tests/test_calibration_shipped.py``
   LATER_COVERAGE).
6. Small-sample factors. The treated term divides by sqrt(n (n - 1)) (unbiased for the
   mean's variance) and ``_cluster_var`` multiplies by G/(G - 1) on top (G the involved
   persons, starters and twins): together about 1 + 1/n + 1/G on the variance, a few in
   10,000 at this study's n (thousands of starters; ``n_treated`` is printed): too small to
   matter here.
7. A person's rows taken as perfectly correlated (``_km_model_var`` with ``period`` None, an
   upper bound): does not apply, the newcomer studies' outcome arrays carry ``period``
   (``dynamic.py``).

What is printed, per base (2005 shipped ``results/montecarlo_newcomers.parquet``, 2007
``results/montecarlo_confirmation.parquet``, 2016 k45's CSV at k = 3, 2017 pos46's CSV) and
quarter 4-6, for the matched estimator's point estimates (``point_identified`` True; the
worst-case bounds of flagged horizons are left out): n, coverage of ``true_att_pp`` with its
binomial Monte Carlo SE, bias, the SD of the errors (estimate - truth, ddof 1), mean and
median SE, the ratio mean SE / SD with a 95 per cent percentile interval from a bootstrap
over data sets (the rows of one quarter resampled with replacement, ``--boot`` draws, seed
``--seed``), the coverage a normal error with that bias and SD would have under +- 1.96 mean
SE (``cov_normal``, a reading aid), the misses below and above the interval, and the
interval's mean lower and upper half-widths in SD units. SE is the stored ``se`` where the
file has it; pos46's CSV has none, so there the SE is the interval's implied one,
(hi - lo) / (2 x 1.959964) (``se_kind`` says which; on the files with both, ``hw_over_se``
gives the mean of implied over stored). The variance split (``var_t``, ``var_c``) is not
stored in any of the files. Where the file stores m1 (pos46's CSV) it is recovered from the
MOVER interval (two equations, the two half-widths, in two unknowns; :func:`mover_parts`,
checked against ``effects._mover_interval`` in ``tests/test_cov46_never_overcoverage.py``);
elsewhere it is reported as not stored and nothing is re-run. Then the same for
"now versus later" (stored ``se``, Student t intervals) as a reference: its SE / SD ratio is
known to be 1.03-1.12 at quarters 4-8 on the shipped study.

Proposal for a later session (not run here; base seed 2018, reserved by the session notes
for issue 14, unread). Pre-register in the script's docstring and commit before any output:
N = 600 data sets of ``montecarlo_newcomers.INBURGERING_STUDY`` (``replication_seeds(2018,
N)``, one process, pos46's prefix stopping rule), each through
``never_decompose.match_with_generator`` and ``effects.effect_curves`` (linearized), quarters
4 and 5, point estimates only. Store per data set and quarter: m1, m0, ``var_t`` and
``var_c`` (``_linearized_se``'s ``parts``), the person-clustered cross term of the two sides
(candidate 1), ``var_c`` recomputed with the generator's true outcome hazards of the twins'
rows in place of ``hx`` (candidate 2), ``var_t`` with the IPCW term (``ipcw_fit``,
candidate 4), and ``never_decompose``'s truths so that the error splits into the treated
side (m1 minus the starters' true share) and the twins' side (m0 minus the generator's
never-treated share of the matched starters). Also three intervals on the same numbers: the
package's MOVER log(-log), the symmetric d +- 1.96 sqrt(var_t + var_c), and MOVER with a
plain Wald interval for m0. Reading, fixed in advance: (R1) a side's variance is located as
conservative when the percentile bootstrap interval (over data sets) of sqrt(mean var) / SD
of that side's error lies above 1.05 at both quarters, and as not conservative when it
holds 1; (R2) a candidate approximation is a measured contributor when its variant moves
the total SE / SD ratio at least half-way to 1 at both quarters (none is removed from the
package on this base); (R3) an interval is a candidate for a held-out study (base 2020 or
later), not an adoption, when at both quarters its coverage lies in [0.93, 0.97] and its
misses on each side are at most 4 per cent; the package's own interval is read as a fifth
base of this script's table.

Usage: ``python benchmarks/never_overcoverage.py [--k-csv PATH] [--pos-csv PATH]
[--results DIR] [--boot 2000] [--seed 46]``.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np
import pandas as pd
from scipy import optimize, stats

from mia_helpers.labels import not_point_identified

ROOT = Path(__file__).resolve().parents[1]
Z = float(stats.norm.ppf(0.975))
QUARTERS = (4, 5, 6)
K_CSV = Path("/work/notes/k45/never_k_2016.csv")
POS_CSV = Path("/work/notes/pos46/never_positivity_2017.csv")
NEEDED = ("replication", "quarter_since_start", "att_pp", "true_att_pp", "ci_low", "ci_high",
          "point_identified")
HOW = {
    "k": "benchmarks/never_k.py --out PATH (base seed 2016, about 5 s a data set; "
         "k45's run wrote /work/notes/k45/never_k_2016.csv)",
    "pos": "benchmarks/never_positivity.py (base seed 2017; pos46's run wrote "
           "/work/notes/pos46/never_positivity_2017.csv)",
    "shipped": "make montecarlo (regenerates results/montecarlo_newcomers.parquet and "
               "results/montecarlo_confirmation.parquet)",
}


def kept_rows(path: Path, base: int) -> pd.DataFrame:
    """The rows of the inburgering study of base seed ``base`` (2005: the first study, 2007:
    the confirmation) in the results file ``path``, of one estimator's code only (rec55: the
    files held rows of any key, and after the switch to the bias-corrected estimator the
    shipped inburgering file holds the new code's study, so two estimators' rows must never
    be pooled): the rows under the study's key of this code, else of a recorded earlier
    fingerprint (``mia_helpers.claims.RECORDED_FINGERPRINTS``), read from ``path`` or else
    from its archive under ``results/records/<fingerprint>/``. ``attrs["fingerprint"]``
    names the code. A file without ``study_key`` (a hand-made file of one study) is read
    whole. KeyError when neither holds them."""
    import pyarrow.parquet as pq

    from mia_helpers import claims
    from mia_helpers import montecarlo_confirmation as mcc
    from mia_helpers import montecarlo_newcomers as mcn

    if "study_key" not in pq.read_schema(path).names:
        return pd.read_parquet(path)
    params = mcn._params(**{**mcc.CONFIRMED_STUDY, "base_seed": int(base)})
    current = mcn.code_fingerprint()
    archive = Path(path).parent / "records"
    for fp in (current, *[f for f in claims.RECORDED_FINGERPRINTS if f != current]):
        for where in (Path(path), archive / fp / Path(path).name):
            if not where.is_file():
                continue
            d = pd.read_parquet(where, filters=[("study_key", "==", mcn._key(params, fp))])
            if len(d):
                d.attrs["fingerprint"] = fp
                return d.reset_index(drop=True)
    raise KeyError(f"never_overcoverage: {path} (nor its archive under {archive}) holds no "
                   f"rows of the inburgering study of base seed {base} under this code's "
                   "key or a recorded one")


def _require(path: Path, how: str) -> Path:
    path = Path(path)
    if not path.is_file():
        raise FileNotFoundError(f"never_overcoverage: {path} does not exist; produce it with "
                                f"{how}, or pass its path")
    return path


def _tidy(d: pd.DataFrame, path: Path, base: int, estimand: str | None = None) -> pd.DataFrame:
    """The rows of one base in common columns: base, estimand, replication, quarter, att_pp,
    true_att_pp, ci_low, ci_high, se (NaN where not stored), m1 (NaN where not stored),
    n_treated (NaN where not stored), point_identified (bool)."""
    missing = [c for c in NEEDED if c not in d.columns]
    if missing:
        raise KeyError(f"never_overcoverage: {path} has no column(s) {missing}")
    if estimand is not None:
        d = d.assign(estimand=estimand)
    elif "estimand" not in d.columns:
        raise KeyError(f"never_overcoverage: {path} has no column 'estimand'")
    if "estimator" in d.columns:
        d = d[d["estimator"] == "matched"]
    out = pd.DataFrame({
        "base": base, "estimand": d["estimand"].astype(str).to_numpy(),
        "replication": d["replication"].to_numpy(),
        "quarter": d["quarter_since_start"].astype(int).to_numpy(),
        **{c: d[c].astype(float).to_numpy() for c in ("att_pp", "true_att_pp", "ci_low",
                                                      "ci_high")},
        **{c: (d[c].astype(float).to_numpy() if c in d.columns else np.nan)
           for c in ("se", "m1", "n_treated")},
        # the package's one test of the flag (a missing value is not a flag)
        "point_identified": ~not_point_identified(d),
    })
    return out


def load(k_csv: Path = K_CSV, pos_csv: Path = POS_CSV, results: Path = ROOT / "results"
         ) -> pd.DataFrame:
    """Every base's rows (:func:`_tidy`), stacked. FileNotFoundError naming the file and how
    to produce it when one is missing."""
    frames = []
    for name, base in (("montecarlo_newcomers.parquet", 2005),
                       ("montecarlo_confirmation.parquet", 2007)):
        p = _require(Path(results) / name, HOW["shipped"])
        frames.append(_tidy(kept_rows(p, base), p, base))
    p = _require(k_csv, HOW["k"])
    d = pd.read_csv(p)
    if "k" not in d.columns:
        raise KeyError(f"never_overcoverage: {p} has no column 'k' (never_k.py's rows carry it)")
    frames.append(_tidy(d[d["k"] == 3], p, 2016))
    p = _require(pos_csv, HOW["pos"])
    frames.append(_tidy(pd.read_csv(p), p, 2017, estimand="now_vs_never"))
    return pd.concat(frames, ignore_index=True)


def mover_parts(m1, att_pp, lo, hi, q: float = Z) -> tuple[np.ndarray, np.ndarray]:
    """(var_t, var_c) in pp^2 recovered from a MOVER interval (``effects._mover_interval``:
    lo = d - sqrt(q^2 var_t + (u0 - m0)^2), hi = d + sqrt(q^2 var_t + (m0 - l0)^2), with
    (l0, u0) the log(-log) interval of m0 on se_ll = sqrt(var_c) / (S |log S|)). Given m1 the
    difference of the squared half-widths depends on x = q se_ll alone; it is solved on a grid
    of x in (0, 8] refined by Brent's method, then var_t from the lower half-width. NaN where
    there is no solution (S outside (0, 1), no sign change, or a negative var_t)."""
    m1, att_pp, lo, hi = (np.atleast_1d(np.asarray(v, float)) for v in (m1, att_pp, lo, hi))
    var_t, var_c = np.full(m1.shape, np.nan), np.full(m1.shape, np.nan)
    xs = np.linspace(1e-6, 8.0, 4001)
    for i in range(m1.size):
        d = att_pp[i] / 100
        S = 1.0 - (m1[i] - d)
        L2, H2 = (d - lo[i] / 100) ** 2, (hi[i] / 100 - d) ** 2
        if not (0 < S < 1) or not np.isfinite(L2 + H2):
            continue

        def gap(x, S=S, target=H2 - L2):
            return (S ** np.exp(-x) - S) ** 2 - (S - S ** np.exp(x)) ** 2 - target

        g = gap(xs)
        cross = np.flatnonzero(np.sign(g[:-1]) * np.sign(g[1:]) <= 0)
        if cross.size == 0:
            continue
        j = cross[0]
        x = xs[j] if g[j] == 0 else optimize.brentq(gap, xs[j], xs[j + 1], xtol=1e-14)
        vt = (L2 - (S - S ** np.exp(x)) ** 2) / q ** 2
        if vt < -1e-12:
            continue
        var_t[i] = 1e4 * max(vt, 0.0)
        var_c[i] = 1e4 * (x / q * S * abs(np.log(S))) ** 2
    return var_t, var_c


def describe(d: pd.DataFrame, boot: int = 2000, seed: int = 46,
             quarters=QUARTERS) -> pd.DataFrame:
    """Per base, estimand and quarter in ``quarters``: the point estimates' (``point_identified``
    with a finite estimate, truth and interval) n, coverage, mc_se_cov, bias, sd_err,
    mean_se, median_se, ratio (mean SE / SD), ratio_lo/ratio_hi (bootstrap over data sets),
    cov_normal, below/above (misses), hw_lo_sd/hw_hi_sd (mean half-widths over SD),
    se_kind, hw_over_se, n_treated (mean), and var_t/var_c/share_c (means, pp^2, where m1 is
    stored; NaN otherwise). Exploratory and descriptive."""
    rng = np.random.default_rng(seed)
    rows = []
    for (base, est, k), g in d[d["quarter"].isin(quarters)].groupby(
            ["base", "estimand", "quarter"], sort=True):
        g = g[g["point_identified"] & np.isfinite(g[["att_pp", "true_att_pp", "ci_low",
                                                       "ci_high"]]).all(axis=1)]
        n = len(g)
        row = dict(base=base, estimand=est, quarter=k, n=n)
        if n < 2:
            rows.append(row)
            continue
        err = (g["att_pp"] - g["true_att_pp"]).to_numpy()
        implied = ((g["ci_high"] - g["ci_low"]) / (2 * Z)).to_numpy()
        stored = g["se"].notna().all()
        se = g["se"].to_numpy() if stored else implied
        below = (g["true_att_pp"] < g["ci_low"]).to_numpy()
        above = (g["true_att_pp"] > g["ci_high"]).to_numpy()
        cov = 1.0 - (below | above).mean()
        sd = err.std(ddof=1)
        idx = rng.integers(0, n, (boot, n))
        with np.errstate(invalid="ignore", divide="ignore"):
            rb = se[idx].mean(axis=1) / err[idx].std(axis=1, ddof=1)
        rb = np.where(np.isfinite(rb), rb, np.nan)  # a draw of one data set repeated: no SD
        r = se.mean() / sd
        b = err.mean() / sd
        row.update(
            coverage=cov, mc_se_cov=np.sqrt(cov * (1 - cov) / n), bias=err.mean(), sd_err=sd,
            mean_se=se.mean(), median_se=float(np.median(se)), ratio=r,
            ratio_lo=float(np.nanquantile(rb, 0.025)), ratio_hi=float(np.nanquantile(rb, 0.975)),
            cov_normal=float(stats.norm.cdf(Z * r - b) - stats.norm.cdf(-Z * r - b)),
            below=int(below.sum()), above=int(above.sum()),
            err_q025_sd=float(np.quantile(err, 0.025) / sd),
            err_q975_sd=float(np.quantile(err, 0.975) / sd), skew=float(stats.skew(err)),
            hw_lo_sd=float((g["att_pp"] - g["ci_low"]).mean() / sd),
            hw_hi_sd=float((g["ci_high"] - g["att_pp"]).mean() / sd),
            ratio_implied=float(implied.mean() / sd),
            se_kind="stored" if stored else "implied",
            hw_over_se=float((implied / g["se"].to_numpy()).mean()) if stored else np.nan,
            n_treated=float(g["n_treated"].mean()))
        if g["m1"].notna().all():
            vt, vc = mover_parts(g["m1"], g["att_pp"], g["ci_low"], g["ci_high"])
            row.update(var_t=np.nanmean(vt), var_c=np.nanmean(vc),
                       share_c=np.nanmean(vc / (vt + vc)), split_n=int(np.isfinite(vt).sum()))
        rows.append(row)
    return pd.DataFrame(rows)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--k-csv", type=Path, default=K_CSV)
    ap.add_argument("--pos-csv", type=Path, default=POS_CSV)
    ap.add_argument("--results", type=Path, default=ROOT / "results")
    ap.add_argument("--boot", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=46)
    a = ap.parse_args(argv)
    try:
        d = load(a.k_csv, a.pos_csv, a.results)
    except (FileNotFoundError, KeyError) as e:
        print(e.args[0] if e.args else e, file=sys.stderr)
        return 2
    t = describe(d, a.boot, a.seed)
    pd.set_option("display.width", 250, "display.max_columns", 40)
    print("Rows of bases 2005 and 2007: one estimator's code only, the study's key under this "
          "code or else under the recorded earlier fingerprint (results/records), never two "
          "codes pooled.")
    print("EXPLORATORY AND DESCRIPTIVE (issue 14; nothing adopted). Matched estimator, point "
          f"estimates only; ratio interval: percentile bootstrap over data sets, {a.boot} "
          f"draws, seed {a.seed}.")
    cols = ["base", "quarter", "n", "coverage", "mc_se_cov", "bias", "sd_err", "mean_se",
            "median_se", "ratio", "ratio_lo", "ratio_hi", "cov_normal", "ratio_implied",
            "se_kind", "hw_over_se", "n_treated"]
    tails = ["base", "quarter", "n", "below", "above", "err_q025_sd", "err_q975_sd", "skew",
             "hw_lo_sd", "hw_hi_sd"]
    for est, title in (("now_vs_never", '"now versus never"'),
                       ("now_vs_later", '"now versus later" (reference)')):
        s = t[t["estimand"] == est]
        print(f"\n{title}")
        print(s[[c for c in cols if c in s.columns]].round(3).to_string(index=False))
        print("tails: misses below / above the interval; the errors' 2.5 and 97.5 per cent "
              "quantiles and the mean half-widths, in SD units of the errors (truth below "
              "ci_low when the error exceeds hw_lo)")
        print(s[[c for c in tails if c in s.columns]].round(3).to_string(index=False))
        q45 = s[s["quarter"].isin((4, 5))]
        print(f"quarters 4-5, all bases: {int(q45['n'].sum())} point estimates, "
              f"{int(q45['below'].sum())} misses below, {int(q45['above'].sum())} above")
        if est == "now_vs_never":
            split = s.dropna(subset=["var_t"]) if "var_t" in s.columns else s.iloc[:0]
            print("\nvariance split (pp^2, means over point estimates): stored in no file; "
                  "recovered from the MOVER interval where m1 is stored (base 2017 only); "
                  "not available for bases 2005, 2007, 2016 (nothing re-run)")
            if len(split):
                print(split[["base", "quarter", "split_n", "var_t", "var_c", "share_c"]]
                      .round(3).to_string(index=False))
        else:
            print("base 2017 (never_positivity.py) stores no 'now versus later' rows")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
