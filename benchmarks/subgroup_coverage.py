"""Benchmark: coverage of the origin-group effect intervals of chapter 4, by Monte Carlo.

Chapter 4 reads the matched effects ("now versus later", "now versus never") by origin group
(:func:`mia_helpers.origin_effects.effects_by_group`, groups of
:data:`mia_helpers.codes.ORIGIN_GROUPS`) with the book's linearized, person-clustered
intervals (``interval="linearized"``: estimate +- quantile x SE, the quantile Student's t on
the estimator's effective degrees of freedom since the t-on-df change, normal before).
Appendix A measures their coverage on the whole sample only; this script measures it per
group.

Each of ``--replications`` R synthetic data sets (seed ``--base-seed + i``, fixed, not tuned)
is drawn with :func:`mia_helpers.montecarlo.replication_data` and turned into a panel with
:func:`~mia_helpers.montecarlo.replication_panel` (``--residents``, ``--newcomers``; the
Monte Carlo's defaults 3,000 and 300). For each measure (IBO and basic training by default)
the risk sets are matched as Appendix A's replication does
(:func:`mia_helpers.matching.match`, ``k = 3``, ``caliper = 0.2``), the effects of each origin
group are estimated with :func:`~mia_helpers.origin_effects.effects_by_group`, and the pooled
effect ("all", every origin in one group, the Appendix A estimate) is estimated the same way
as a reference. The truth per group is the generator's counterfactual re-simulation
(:func:`mia_helpers.synthetic.truth.activation_truth` with ``by_group=(measure,)``, the same
treated starts and draws as ``replication_data``'s truth for "all", averaged within each
group; its "all" rows are checked to equal ``replication_data``'s). That truth averages over
every resident starter of the group, whereas the matched estimator averages over the
starters that found a control within the caliper in their exact cell (sex x origin x
calendar period), often half of a small group; so the script also computes the truth over
the matched treated only (:func:`matched_truth`, same re-simulation and draws) and reports
bias, SE/SD and coverage against it too (columns ``*_m``): the interval's own target.

Printed per measure, estimand, group and quarter since the start (default 4-8), matched
estimator only:

- ``R_ci``: replications with a finite interval; ``nan_ci``: replications where the group
  had treated observed at the quarter but the interval is NaN (the estimator's "no variation"
  rule: a cumulative incidence of exactly 0 or 1 among the treated or the controls, or fewer
  than two persons); ``absent``: replications without an estimate for the group (no treated
  of the group matched, or none observed at that quarter);
- ``n_tr``: mean number of the group's matched treated observed at the quarter; ``n_true``:
  mean number of the group's resident starters behind the book's truth;
- ``bias`` (estimate minus that replication's truth, pp, over replications with a finite
  estimate and truth) and its Monte Carlo SE ``sd / sqrt(R)``;
- ``se/sd``: mean linearized SE over the SD of the errors, both over the replications with a
  finite interval, with its approximate Monte Carlo error ``ratio / sqrt(2 (R - 1))``
  (normal errors);
- ``cover``: share of the finite intervals that hold the truth, with its binomial Monte Carlo
  SE ``sqrt(c (1 - c) / R)``; ``cover_all``: the same with a NaN interval counted as not
  covering (what a reader who takes "no interval" as "no information" gets);
- ``bias_m``, ``mc_bias_m``, ``se_sd_m``, ``cover_m``, ``mc_cover_m``: the same against the
  matched treated's truth.

Then means over the quarters per group, and coverage, SD and mean of the errors in SE units
(z) by the cell's number of matched treated (bins :data:`SIZE_BINS`, groups pooled), against
both truths.

Coverage at different quarters comes from the same replications and is positively
correlated; each Monte Carlo SE is per cell. The raw per-replication rows (every estimator,
estimand, group and quarter) are written to ``--out`` (parquet, default under /tmp) after
every ``--checkpoint`` replications, so an interrupted run keeps its rows;
``--summarise PATH`` prints the table of a saved file without running anything. The CPU
seconds of each replication (all measures, the truth included) are printed at the end.

Usage (one core, niced, as on the shared machine)::

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 nice -n 10 python benchmarks/subgroup_coverage.py
    python benchmarks/subgroup_coverage.py --replications 200 --out /tmp/subcov_3000.parquet
    python benchmarks/subgroup_coverage.py --residents 20000 --replications 60
    python benchmarks/subgroup_coverage.py --summarise /tmp/subcov_3000.parquet
"""

from __future__ import annotations

import argparse
import os
import sys
import time
import warnings
from pathlib import Path

import numpy as np
import pandas as pd

MEASURES = ("workplace_learning_ibo", "training_basic")
ESTIMANDS = ("now_vs_later", "now_vs_never")
#: Appendix A's matching parameters (:func:`mia_helpers.montecarlo.replication_estimates`)
K_NEIGHBOURS, CALIPER = 3, 0.2
MAX_QUARTER = 12


def replication_rows(seed: int, residents: int, newcomers: int, measures, ci_level: float
                     ) -> pd.DataFrame:
    """Effect rows of every estimator, estimand, group (and "all") of one replication, with
    the truth of the group (``true_att_pp``, ``true_n_treated``)."""
    from mia_helpers import codes
    from mia_helpers.core import NotIdentifiedWarning
    from mia_helpers.matching import TreatmentSpec, match
    from mia_helpers.montecarlo import replication_data, replication_panel
    from mia_helpers.origin_effects import effects_by_group
    from mia_helpers.synthetic.truth import activation_truth

    pooled = {o: "all" for o in codes.ORIGIN_GROUPS}
    out = []
    data = panel = None
    for measure in measures:  # a few measures
        data = replication_data(seed, residents, newcomers, measure)
        if panel is None:  # the panel does not depend on the measure
            panel = replication_panel(data)
        truth = activation_truth(data.population, data.history, data.config, seed,
                                 data.window, measures=(measure,), by_group=(measure,),
                                 populations=("resident",))
        t_all = truth[truth["group"].astype(str) == "all"].reset_index(drop=True)
        ref = data.truth.reset_index(drop=True)
        if not np.allclose(t_all["true_att_pp"], ref["true_att_pp"], equal_nan=True):
            raise RuntimeError(f"seed {seed}, {measure}: the 'all' truth with by_group differs "
                               "from replication_data's; the per-group truth is not that of "
                               "the same treated")
        with warnings.catch_warnings():
            # propensity terms without treated in a risk set and "no variation" horizons:
            # expected in small groups; the NaN intervals are counted in the table
            warnings.simplefilter("ignore", NotIdentifiedWarning)
            res = match(panel, TreatmentSpec.measure(measure), k=K_NEIGHBOURS, caliper=CALIPER)
            kw = dict(estimands=ESTIMANDS, max_quarter=MAX_QUARTER, ci_level=ci_level,
                      interval="linearized")
            est = pd.concat([
                effects_by_group({measure: res}, [measure], **kw),
                effects_by_group({measure: res}, [measure], groups=pooled, **kw),
            ], ignore_index=True)
        keys = ["group", "estimand", "quarter_since_start"]
        est = est.astype({"group": str, "estimand": str, "quarter_since_start": np.int64})
        for t, suffix in ((truth, ""), (matched_truth(data, res, measure, seed), "_matched")):
            t = t[[*keys, "true_att_pp", "n_treated"]].rename(columns={
                "true_att_pp": f"true_att_pp{suffix}", "n_treated": f"true_n_treated{suffix}"})
            t = t.astype({"group": str, "estimand": str, "quarter_since_start": np.int64})
            est = est.merge(t, on=keys, how="left", validate="many_to_one")
        out.append(est.assign(measure=measure, seed=int(seed)))
    return pd.concat(out, ignore_index=True)


def matched_truth(data, res, measure: str, seed: int) -> pd.DataFrame:
    """The generator's truth averaged over the *matched* treated only (per group and "all"):
    the same counterfactual re-simulation, draws and treated starts as
    :func:`~mia_helpers.synthetic.truth.activation_truth`, restricted to the starts that
    :func:`~mia_helpers.matching.match` kept (those with a control within the caliper in
    their exact-matching cell). This is the estimand the matched estimator targets; the
    book's truth averages over every resident starter, matched or not.

    Calls the generator's private ``_effect_rows`` (the function ``activation_truth`` runs
    on all starts), as :mod:`mia_helpers.synthetic` has no public entry for a given set of
    starts. Raises RuntimeError when a matched start is not among the generator's first
    starts in a registration spell (the two would then not be the same treated)."""
    from mia_helpers import codes
    from mia_helpers.synthetic.truth import _effect_rows, first_starts_in_spell

    mi = codes.MEASURES.index(measure)
    pop, hist, win = data.population, data.history, data.window
    r = res.rows.iloc[np.unique(res.pairs["treated"].to_numpy())]
    order = np.argsort(pop.person_id)
    idx = order[np.searchsorted(pop.person_id, r["person_id"].to_numpy(), sorter=order)]
    if not (pop.person_id[idx] == r["person_id"].to_numpy()).all():
        raise RuntimeError(f"{measure}: matched treated persons missing from the population")
    cols = r["quarter"].to_numpy(np.int64) - win.start
    fr, fc = first_starts_in_spell(hist, mi)
    T = hist.state.shape[1]
    if not np.isin(idx.astype(np.int64) * T + cols, fr.astype(np.int64) * T + fc).all():
        raise RuntimeError(f"{measure}: a matched start is not a first start in a spell of "
                           "the generator's history")
    srt = np.lexsort((cols, idx))
    return pd.DataFrame.from_records(_effect_rows(pop, hist, data.config, seed, win, mi,
                                                  idx[srt], cols[srt], False, by_group=True))


def _write(df: pd.DataFrame, path: Path) -> None:
    tmp = path.with_name(path.name + ".part")
    df.to_parquet(tmp, index=False)
    os.replace(tmp, path)  # atomic: a reader never sees half a file


def coverage_table(rows: pd.DataFrame, quarters, groups, truth: str = "true_att_pp"
                   ) -> pd.DataFrame:
    """Per measure, estimand, group and quarter: the columns described in the module
    docstring (matched estimator; ``groups`` in display order, "all" included), against the
    truth column ``truth``."""
    d = rows[(rows["estimator"] == "matched") & rows["quarter_since_start"].isin(list(quarters))
             ].copy()
    keys = ["measure", "estimand", "group", "quarter_since_start"]
    R_total = rows["seed"].nunique()
    d["err"] = d["att_pp"] - d[truth]
    d["finite_est"] = np.isfinite(d["err"])
    d["finite_ci"] = d["finite_est"] & np.isfinite(d["ci_low"]) & np.isfinite(d["ci_high"])
    d["covered"] = d["finite_ci"] & (d["ci_low"] <= d[truth]) & (d[truth] <= d["ci_high"])
    recs = []
    for key, g in d.groupby(keys, sort=False):  # a few hundred cells
        e = g.loc[g["finite_est"], "err"]
        c = g[g["finite_ci"]]
        n_ci, n_est = len(c), len(e)
        sd = c["err"].std(ddof=1) if n_ci > 1 else np.nan
        ratio = c["se"].mean() / sd if n_ci > 1 and sd > 0 else np.nan
        cov = c["covered"].mean() if n_ci else np.nan
        obs = g[g["n_treated"] > 0]
        recs.append(dict(zip(keys, key, strict=True),
                         R_ci=n_ci,
                         nan_ci=int(len(obs) - n_ci),
                         absent=int(R_total - len(obs)),
                         n_tr=obs["n_treated"].mean(),
                         n_true=obs["true_n_treated"].mean(),
                         bias=e.mean(),
                         mc_bias=e.std(ddof=1) / np.sqrt(n_est) if n_est > 1 else np.nan,
                         se_sd=ratio,
                         mc_se_sd=ratio / np.sqrt(2 * (n_ci - 1)) if n_ci > 1 else np.nan,
                         cover=cov,
                         mc_cover=np.sqrt(cov * (1 - cov) / n_ci) if n_ci else np.nan,
                         cover_all=g["covered"].sum() / len(obs) if len(obs) else np.nan))
    out = pd.DataFrame(recs)
    order = {g: i for i, g in enumerate(groups)}
    out["_g"] = out["group"].map(order)
    return (out.sort_values(["measure", "estimand", "_g", "quarter_since_start"])
            .drop(columns="_g").reset_index(drop=True))


def both_truths(rows: pd.DataFrame, quarters, groups) -> pd.DataFrame:
    """:func:`coverage_table` against the book's truth (every resident starter of the group)
    beside the bias, SE/SD and coverage against the matched treated's truth (suffix
    ``_m``, :func:`matched_truth`), when the rows carry it."""
    t = coverage_table(rows, quarters, groups)
    if "true_att_pp_matched" not in rows.columns:
        return t
    m = coverage_table(rows, quarters, groups, "true_att_pp_matched")
    cols = ["bias", "mc_bias", "se_sd", "cover", "mc_cover"]
    return pd.concat([t, m[cols].add_suffix("_m")], axis=1)


#: bins of the group's matched treated observed at the quarter (:func:`size_table`)
SIZE_BINS = (2, 10, 20, 40, 80, 160, 320, np.inf)


def size_table(rows: pd.DataFrame, quarters, level: float, truth: str = "true_att_pp"
               ) -> pd.DataFrame:
    """Coverage by the number of the cell's matched treated (bins :data:`SIZE_BINS`), over
    measures, groups (not "all") and quarters, per estimand: ``cells`` (cells with a finite
    interval), ``cover`` (share covering ``truth``; cells of one replication are correlated,
    so the binomial ``mc_cover`` is a lower bound of its MC error), ``sd_z`` and ``mean_z``
    (SD and mean of the errors in SE units: 1 and 0 for a calibrated, unbiased interval) and
    ``nan_share`` (NaN intervals among the cells of the bin with a finite estimate).

    ``cover`` is the book's interval (``ci_low``..``ci_high``: normal quantile before the
    estimator's t-on-df intervals, Student t on the column ``df`` after). Two what-if
    columns, computed from the same estimates and SEs: ``cover_t``, Student's t on
    ``n_tr - 1`` degrees of freedom; ``cover_dof``, the normal quantile on the SE times
    ``sqrt(n_tr / (n_tr - 1))`` (the treated's degrees-of-freedom correction);
    ``median_df``: the median of the estimator's ``df`` (NaN when the rows have none)."""
    from scipy import stats

    from mia_helpers.core import critical_value

    d = rows[(rows["estimator"] == "matched") & rows["quarter_since_start"].isin(list(quarters))
             & (rows["group"] != "all") & (rows["n_treated"] > 0)].copy()
    d["bin"] = pd.cut(d["n_treated"], SIZE_BINS, right=False)
    err = d["att_pp"] - d[truth]
    ok = np.isfinite(err) & np.isfinite(d["se"])
    d["nan_ci"] = (np.isfinite(err) & ~np.isfinite(d["se"])).astype(float).where(
        np.isfinite(err))
    d["z"] = (err / d["se"]).where(ok)
    z_crit = critical_value(level)
    inside = (d["ci_low"] <= d[truth]) & (d[truth] <= d["ci_high"])  # the book's interval
    d["covered"] = inside.astype(float).where(ok)
    n_tr = d["n_treated"].to_numpy(float)
    t_crit = stats.t.ppf(0.5 + level / 2, np.maximum(n_tr - 1, 1))
    d["covered_t"] = (d["z"].abs() <= t_crit).astype(float).where(ok)
    dof = np.sqrt(n_tr / np.maximum(n_tr - 1, 1))
    d["covered_dof"] = (d["z"].abs() <= z_crit * dof).astype(float).where(ok)
    g = d.groupby(["estimand", "bin"], observed=True)
    cov, n = g["covered"].mean(), g["z"].count()
    return pd.DataFrame({"cells": n, "cover": cov, "mc_cover": np.sqrt(cov * (1 - cov) / n),
                         "sd_z": g["z"].std(ddof=1), "mean_z": g["z"].mean(),
                         "nan_share": g["nan_ci"].mean(), "cover_t": g["covered_t"].mean(),
                         "cover_dof": g["covered_dof"].mean(),
                         # the interval's degrees of freedom where the estimator reports them
                         "median_df": (g["df"].median() if "df" in d.columns
                                       else np.nan)})


def group_summary(table: pd.DataFrame) -> pd.DataFrame:
    """Means over the quarters of :func:`both_truths` per measure, estimand and group (the
    quarters share replications, so no Monte Carlo SE is given for these means)."""
    cols = [c for c in ["n_tr", "n_true", "nan_ci", "bias", "se_sd", "cover", "cover_all",
                        "bias_m", "se_sd_m", "cover_m"] if c in table.columns]
    return table.groupby(["measure", "estimand", "group"], sort=False)[cols].mean()


def main(argv=None) -> int:
    from mia_helpers.montecarlo_confirmation import ISSUE14_QUARTERS

    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--replications", type=int, default=100)
    p.add_argument("--residents", type=int, default=3000)
    p.add_argument("--newcomers", type=int, default=300)
    p.add_argument("--base-seed", type=int, default=4000)
    p.add_argument("--measures", nargs="+", default=list(MEASURES))
    p.add_argument("--ci-level", type=float, default=0.95)
    p.add_argument("--quarters", type=int, nargs=2, default=ISSUE14_QUARTERS,
                   metavar=("FIRST", "LAST"),
                   help="first and last quarter since the start read (default: issue 14's "
                        "judged quarters, montecarlo_confirmation.ISSUE14_QUARTERS: "
                        "%(default)s)")
    p.add_argument("--out", type=Path, default=None,
                   help="raw rows (parquet; default /tmp/subgroup_coverage_<residents>.parquet)")
    p.add_argument("--checkpoint", type=int, default=10)
    p.add_argument("--summarise", type=Path, default=None,
                   help="print the table of a saved raw file and exit")
    a = p.parse_args(argv)
    from mia_helpers import codes

    groups = ["all", *dict.fromkeys(codes.ORIGIN_GROUPS.values())]
    quarters = range(a.quarters[0], a.quarters[1] + 1)
    if a.summarise is not None:
        if not a.summarise.is_file():
            p.error(f"--summarise: no file {a.summarise}")
        rows = pd.read_parquet(a.summarise)
    else:
        if a.replications < 2:
            p.error(f"--replications must be >= 2 (an SD of errors needs two), got "
                    f"{a.replications}")
        unknown = sorted(set(a.measures) - set(codes.MEASURES))
        if unknown:
            p.error(f"--measures: unknown {unknown}; choose from {list(codes.MEASURES)}")
        out = a.out or Path(f"/tmp/subgroup_coverage_{a.residents}.parquet")
        parts, cpu = [], []
        for i in range(a.replications):
            c0 = time.process_time()
            parts.append(replication_rows(a.base_seed + i, a.residents, a.newcomers,
                                          a.measures, a.ci_level))
            cpu.append(time.process_time() - c0)
            parts[-1]["cpu_s"] = cpu[-1]
            if (i + 1) % a.checkpoint == 0 or i + 1 == a.replications:
                _write(pd.concat(parts, ignore_index=True), out)
                print(f"{i + 1}/{a.replications} replications, {np.mean(cpu):.2f} CPU s each",
                      file=sys.stderr, flush=True)
        rows = pd.concat(parts, ignore_index=True)
        print(f"raw rows: {out}")
    R = rows["seed"].nunique()
    cpu_rep = rows.groupby("seed")["cpu_s"].first() if "cpu_s" in rows else pd.Series(dtype=float)
    print(f"R = {R} replications (seeds {rows['seed'].min()}..{rows['seed'].max()}), "
          f"measures {sorted(rows['measure'].unique())}, matched estimator, "
          f"linearized intervals; CPU s per replication (all measures): "
          f"mean {cpu_rep.mean():.2f}, median {cpu_rep.median():.2f}")
    table = both_truths(rows, quarters, groups)
    with pd.option_context("display.max_rows", None, "display.width", 250,
                           "display.float_format", "{:.3f}".format):
        print(table.to_string(index=False))
        print("\nmeans over quarters", f"{quarters.start}-{quarters.stop - 1}:")
        print(group_summary(table).to_string())
        print("\nby the cell's matched treated (groups, not 'all'; quarters "
              f"{quarters.start}-{quarters.stop - 1}):")
        print(size_table(rows, quarters, a.ci_level).to_string())
        if "true_att_pp_matched" in rows.columns:
            print("\nthe same against the matched treated's truth:")
            print(size_table(rows, quarters, a.ci_level, "true_att_pp_matched").to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
