"""Benchmark: bias and coverage of chapter 2's women's-minus-men's non-EU gap, by Monte Carlo.

Chapter 2 ("Women and men of non-European origin", notebooks/02_school_leaver_entry.md) refits
its nested discrete-time hazard models separately for women and men
(:func:`mia_helpers.subgroups.fit_by_sex`), tabulates each origin x generation coefficient
against natives of the same sex (:func:`~mia_helpers.subgroups.gap_table`) and reads the
women's minus men's coefficient averaged over the published non-EU cells, with an interval
(:func:`~mia_helpers.subgroups.sex_difference_table`, for M0 and the last model). This script
runs that pipeline exactly as the notebook calls it, with the notebook's parameter cell
(:data:`CHAPTER`: 20,000 residents, 10,000 newcomers, window 2005Q1-2016Q4, stable jobs of 4
quarters, no age cap, logit link, blocks individual/household/parental, ``min_cell`` 10,
level 0.95), on ``--replications`` R synthetic data sets with seeds ``--base-seed`` +
0..R-1 (base 7100, unread before this script; fixed, not tuned).

The generator's value of one replication, event and model is the mean, over the cells that
replication averaged (:func:`~mia_helpers.subgroups.non_eu_sex_difference`'s ``groups``), of
the generator's women's minus men's direct term relative to natives of the same sex
(:func:`~mia_helpers.subgroups.true_terms_by_sex` from the data's recorded parameters,
:func:`mia_helpers.data.load_parameters`): ``job.female_origin_generation[cell] -
job.female_origin_generation["belgian:native"]`` (0 for every cell by default). For the
first job it is the term the per-sex models estimate; for the first stable job it is the same
direct term (job ends do not depend on sex in the generator), read as the value a reader of
the table would compare with.

Printed per event and model (M0 and the last model): ``R`` (replications with an estimate),
``mean`` (mean estimate), ``truth`` (mean generator's value), ``bias`` (mean of estimate minus
that replication's value), ``mc_se`` (its Monte Carlo SE, SD of the errors / sqrt(R)),
``bias/mc_se``, ``sd`` (SD of the errors), ``mean_se`` (mean of the chapter's SE of the
average), ``cover`` (share of the chapter's intervals holding the value) and ``mc_cover``
(binomial Monte Carlo SE, sqrt(c (1 - c) / R)), ``n_cells`` (mean cells averaged), and, as a
diagnostic outside the reading rule, ``mean_se_cov`` and ``cover_cov``: the same average's SE
from each sex's whole covariance matrix (:func:`average_se`) and its coverage. Then, per
event, model and cell, the mean women's minus men's coefficient and its Monte Carlo SE (where
a bias sits).

Runs: the first (seeds 7100-7159, commit 6496f35) ran the chapter as it then was, the
cells' SEs combined as independent; the rule flagged the last model's first-job coverage (0.82,
MC SE 0.05). Its cause, the covariance of one sex's cells (they share the native reference and
the controls), is measured by ``mean_se_cov``/``cover_cov`` (same seeds, second run):

    event  model  bias   mc_se  sd     mean_se cover  mean_se_cov cover_cov
    job    M0     0.006  0.007  0.053  0.048   0.933  0.056       1.000
    job    M3    -0.004  0.009  0.066  0.052   0.817  0.074       0.983
    stable M0    -0.005  0.008  0.063  0.057   0.917  0.065       0.933
    stable M3    -0.014  0.009  0.069  0.062   0.933  0.084       0.950

(no bias: every row within 2 MC SE of the generator's 0; each cell's own SE matches its SD
over the data sets within about 10 %, so the shortfall is the covariance between cells). The
chapter now passes ``by_sex`` (:func:`mia_helpers.subgroups.non_eu_average_se`), so ``se``
of a run of this version is that SE and equals ``se_cov`` (an implementation of its own here).
Confirmation with this version on fresh seeds 7200-7259 (``--base-seed 7200``), no row flagged:

    event  model  bias   mc_se  sd     mean_se cover  mc_cover
    job    M0    -0.004  0.007  0.057  0.056   0.967  0.023
    job    M3     0.003  0.011  0.087  0.074   0.933  0.032
    stable M0    -0.009  0.008  0.062  0.065   0.983  0.017
    stable M3    -0.007  0.012  0.097  0.084   0.917  0.036

Reading rule, fixed before the first run with R > 3: bias beyond 2 Monte Carlo SE, or
coverage outside [nominal - 2 MC SE, nominal + 2 MC SE] -> a defect to locate; otherwise no
evidence of one. (``flag`` applies it; the coverage's MC SE there is the larger of the
observed one and the nominal one, sqrt(0.95 x 0.05 / R), so an observed 100 per cent is not
read with a zero SE.)

Each seed's data are generated into ``MIA_DATA_ROOT`` (:func:`mia_helpers.data.ensure_data`)
and its folder is deleted after use unless ``--keep-data``. Rows are written to ``--out``
(parquet) after every replication; ``--summarise PATH`` prints the tables of a saved file.

Usage (one core, as on the shared machine)::

    OPENBLAS_NUM_THREADS=1 OMP_NUM_THREADS=1 MIA_DATA_ROOT=/tmp/xcache \\
        python benchmarks/sex_gap_montecarlo.py --replications 20 --out /tmp/sexgap.parquet
"""

from __future__ import annotations

import argparse
import shutil
import time
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mia_helpers import hazard as hz
from mia_helpers import subgroups as sg
from mia_helpers.core.levels import critical_value
from mia_helpers.data import ensure_data, load_parameters

#: the chapter's parameter cell (notebooks/02_school_leaver_entry.md), the values it is run with
CHAPTER: Mapping[str, Any] = {
    "residents": 20000, "newcomers": 10000, "window": ("2005Q1", "2016Q4"),
    "stable_quarters": 4, "max_age": None, "link": "logit",
    "blocks": ("individual", "household", "parental"), "min_cell": 10, "level": 0.95,
}
BASE_SEED = 7100


def models_read(blocks: Sequence[str]) -> list[str]:
    """The models the chapter's difference table reads: M0 and the last (``top``)."""
    return ["M0", f"M{len(blocks)}"]


def generator_value(parameters: Mapping[str, Any], groups: Sequence[str]) -> float:
    """The generator's women's minus men's direct job-entry term (relative to natives of the
    same sex) averaged over ``groups``: :func:`mia_helpers.subgroups.true_sex_difference`
    (chapter 6's truth too); NaN for no group."""
    return sg.true_sex_difference(parameters, groups)


def average_se(by_sex: Mapping[str, Mapping[str, Any]], event: str, model: str,
               groups: Sequence[str]) -> float:
    """The SE of the mean over ``groups`` of women's minus men's cell coefficient from each
    sex's whole (person-clustered) covariance matrix, ``sqrt(sum over sexes of 1' V[G, G] 1)
    / n``. First written here as the diagnostic that found the chapter's independent-cells SE
    too narrow; since then the chapter's own (:func:`mia_helpers.subgroups.non_eu_average_se`),
    which this calls."""
    return sg.non_eu_average_se(by_sex, model, event, groups)


def replicate(data: Path, p: Mapping[str, Any] = CHAPTER) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The chapter's by-sex pipeline on one data folder: (rows per event and model, rows per
    event, model and non-EU cell). Rows per event and model: event, model, mean, se, ci_low,
    ci_high, n_cells, truth (:func:`generator_value` over the cells averaged), covered."""
    periods = {ev: hz.school_leaver_periods(data, ev, stable_quarters=p["stable_quarters"],
                                            max_age=p["max_age"]) for ev in ("job", "stable")}
    with warnings.catch_warnings():  # the chapter prints them; here they would flood the log
        warnings.simplefilter("ignore")
        by_sex = sg.fit_by_sex(periods, list(p["blocks"]), link=p["link"],
                               min_cell=p["min_cell"])
        gaps = sg.gap_table(by_sex, level=p["level"], min_cell=p["min_cell"])
    models = models_read(p["blocks"])
    diffs = sg.sex_difference_table(gaps, models, level=p["level"], by_sex=by_sex)
    params = load_parameters(data)
    rows, cells = [], []
    for ev in dict.fromkeys(gaps["event"]):
        for m in models:
            d = sg.non_eu_sex_difference(gaps, m, ev, level=p["level"], by_sex=by_sex)
            table = diffs[(diffs["event"] == ev) & (diffs["model"] == m)].iloc[0]
            if not np.isclose(table["mean"], d["mean"], equal_nan=True):
                raise AssertionError(f"{ev}, {m}: table mean {table['mean']} != {d['mean']}")
            truth = generator_value(params, d["groups"])
            se_cov = average_se(by_sex, ev, m, d["groups"])
            z = critical_value(p["level"])
            rows.append({"event": ev, "model": m, "mean": d["mean"], "se": d["se"],
                         "ci_low": d["ci_low"], "ci_high": d["ci_high"],
                         "n_cells": d["n_cells"], "truth": truth,
                         "covered": bool(d["ci_low"] <= truth <= d["ci_high"]),
                         "se_cov": se_cov,
                         "covered_cov": bool(abs(d["mean"] - truth) <= z * se_cov)})
            w = sg.women_minus_men(gaps, m, ev)
            w = w[w["group"].isin(d["groups"])]
            cells.append(w.assign(event=ev, model=m))
    return pd.DataFrame(rows), pd.concat(cells, ignore_index=True)


def summarise(rows: pd.DataFrame, nominal: float = CHAPTER["level"]) -> pd.DataFrame:
    """Per event and model: R, mean, truth, bias, mc_se, bias/mc_se, sd, mean_se, cover,
    mc_cover, n_cells, and ``flag`` (the reading rule of the module docstring)."""
    out = []
    for (ev, m), d in rows.dropna(subset=["mean"]).groupby(["event", "model"], sort=False):
        err = d["mean"] - d["truth"]
        r = len(d)
        sd = float(err.std(ddof=1)) if r > 1 else float("nan")
        mc = sd / np.sqrt(r)
        c = float(d["covered"].mean())
        mc_c = float(np.sqrt(c * (1 - c) / r))
        flag = bool(abs(err.mean()) > 2 * mc or abs(c - nominal) > 2 * max(
            mc_c, np.sqrt(nominal * (1 - nominal) / r)))
        out.append({"event": ev, "model": m, "R": r, "mean": d["mean"].mean(),
                    "truth": d["truth"].mean(), "bias": err.mean(), "mc_se": mc,
                    "bias/mc_se": err.mean() / mc, "sd": sd, "mean_se": d["se"].mean(),
                    "cover": c, "mc_cover": mc_c, "n_cells": d["n_cells"].mean(),
                    "flag": flag, **({"mean_se_cov": d["se_cov"].mean(),
                                      "cover_cov": d["covered_cov"].mean()}
                                     if "se_cov" in d else {})})
    return pd.DataFrame(out)


def summarise_cells(cells: pd.DataFrame) -> pd.DataFrame:
    """Per event, model and cell: replications, mean women's, men's coefficient and their
    difference, the difference's Monte Carlo SE, the mean of its SE."""
    g = cells.groupby(["event", "model", "group"], sort=False)
    out = g.agg(R=("diff", "size"), women=("women", "mean"), men=("men", "mean"),
                diff=("diff", "mean"), sd=("diff", "std"), mean_se=("diff_se", "mean"))
    out["mc_se"] = out["sd"] / np.sqrt(out["R"])
    return out.reset_index()


def run(replications: int, base_seed: int, out: Path, p: Mapping[str, Any] = CHAPTER,
        keep_data: bool = False, overrides: dict | None = None, tag: str = ""
        ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Run the replications (seeds ``base_seed + i``), writing rows to ``out`` after each."""
    rows, cells = [], []
    for i in range(replications):
        seed = base_seed + i
        t0 = time.process_time()
        data = ensure_data(None, seed=seed, residents=p["residents"],
                           newcomers=p["newcomers"], window=p["window"],
                           overrides=overrides, tag=tag)
        r, c = replicate(data, p)
        rows.append(r.assign(seed=seed))
        cells.append(c.assign(seed=seed))
        if not keep_data:
            shutil.rmtree(data, ignore_errors=True)
        print(f"seed {seed}: {time.process_time() - t0:.0f} CPU s; " + "; ".join(
            f"{a.event} {a.model} {a.mean:+.3f} [{a.ci_low:+.3f}, {a.ci_high:+.3f}]"
            for a in r.itertuples()), flush=True)
        pd.concat(rows).to_parquet(out)
        pd.concat(cells).to_parquet(cells_path(out))
    return pd.concat(rows, ignore_index=True), pd.concat(cells, ignore_index=True)


def cells_path(out: Path) -> Path:
    """Where the per-cell rows of ``out`` are written."""
    return out.with_name(out.stem + "_cells.parquet")


def report(rows: pd.DataFrame, cells: pd.DataFrame) -> None:
    """Print both summaries."""
    with pd.option_context("display.width", 200, "display.max_columns", 30,
                           "display.float_format", "{:.3f}".format):
        print(summarise(rows).to_string(index=False))
        print()
        print(summarise_cells(cells).to_string(index=False))


def main(argv: Sequence[str] | None = None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replications", type=int, default=3)
    ap.add_argument("--base-seed", type=int, default=BASE_SEED)
    ap.add_argument("--residents", type=int, default=CHAPTER["residents"])
    ap.add_argument("--newcomers", type=int, default=CHAPTER["newcomers"])
    ap.add_argument("--out", type=Path, default=Path("/tmp/sex_gap_montecarlo.parquet"))
    ap.add_argument("--keep-data", action="store_true")
    ap.add_argument("--summarise", type=Path, default=None)
    a = ap.parse_args(argv)
    if a.summarise:
        report(pd.read_parquet(a.summarise), pd.read_parquet(cells_path(a.summarise)))
        return
    p = {**CHAPTER, "residents": a.residents, "newcomers": a.newcomers}
    rows, cells = run(a.replications, a.base_seed, a.out, p, keep_data=a.keep_data)
    report(rows, cells)


if __name__ == "__main__":
    main()
