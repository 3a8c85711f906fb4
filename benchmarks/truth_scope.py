"""How far the truth over *matched* starters is from the truth over *all* starters.

The generator's truth (and Appendix A's "bias") averages each start's effect over all of a
measure's starters; the matched estimate over those with a twin in the caliper. This script
prints, per measure, estimand and quarter 4..8 since the start: the share of starters dropped,
the truth over all starters, the truth over the matched ones
(:func:`mia_helpers.matched_truth.match_scope_truth`), their difference, and, for scale, the
Monte Carlo SE of the matched bias from the shipped results
(:func:`mia_helpers.montecarlo.summarise` of ``results/*.parquet``).

Data sets: the book's default data (seed 2005, 20,000 residents, 10,000 newcomers; chapter 4's
k = 3, caliper 0.2) and the first ``--replications`` data sets of Appendix A's studies (their
seeds and sizes: 3,000 residents and 300 newcomers; inburgering: 10,000 newcomers).
Figures only, no timings.

Usage: ``python benchmarks/truth_scope.py [--replications 5] [--no-book] [--no-inburgering]``
"""

from __future__ import annotations

import argparse
import warnings

import numpy as np
import pandas as pd

MEASURES = ("workplace_learning_ibo", "training_basic", "vacancy_referral_automatic")
STUDY_OF = {"workplace_learning_ibo": "ibo", "training_basic": "basic_training",
            "vacancy_referral_automatic": "zero_effect"}
QUARTERS = range(4, 9)
#: base seed of the Monte Carlo data sets this benchmark read (2029 is the switched studies', rule R4)
RECORDED_BASE_SEED = 2005


def _shipped_se() -> pd.DataFrame:
    """MC SE of the matched bias per measure, estimand and quarter (shipped results)."""
    from mia_helpers import montecarlo as mc
    from mia_helpers import montecarlo_newcomers as mcn

    out = []
    res = pd.read_parquet(mc.SHIPPED_RESULTS)
    nres = pd.read_parquet(mcn.SHIPPED_RESULTS)
    for m, (frame, study) in {**{m: (res, s) for m, s in STUDY_OF.items()},
                              "inburgering": (nres, "inburgering")}.items():
        s = mc.summarise(frame[frame["study"] == study])
        s = s[s["estimator"] == "matched"]
        out.append(s.assign(measure=m)[["measure", "estimand", "quarter_since_start",
                                        "replications", "bias", "mc_se_bias"]])
    return pd.concat(out, ignore_index=True)


def book_default(k: int = 3, caliper: float = 0.2) -> pd.DataFrame:
    """The book's default data: chapter 4's three measures, chapter 5's inburgering."""
    from mia_helpers import newcomers as nc
    from mia_helpers.data import ensure_data
    from mia_helpers.matched_truth import match_scope_truth
    from mia_helpers.matching import TreatmentSpec, match
    from mia_helpers.panel import load_panel
    from mia_helpers.quarters import Window
    from mia_helpers.synthetic.config import GeneratorConfig
    from mia_helpers.synthetic.population import make_population
    from mia_helpers.synthetic.simulate import simulate

    seed, window, cfg = 2005, Window(), GeneratorConfig()
    folder = ensure_data(None, seed=seed, residents=20_000, newcomers=10_000)
    panel = load_panel(folder)
    pop = make_population(cfg, seed, 20_000, 10_000, window)
    hist = simulate(pop, cfg, seed, window)
    rows = []
    for m in MEASURES:
        res = match(panel, TreatmentSpec.measure(m), k=k, caliper=caliper)
        rows.append(match_scope_truth(res, pop, hist, cfg, seed, window, quarters=QUARTERS))
    spec = nc.newcomer_specs(["inburgering"])["inburgering"]
    res = match(nc.newcomer_panel(panel), spec, k=k, caliper=caliper)
    rows.append(match_scope_truth(res, pop, hist, cfg, seed, window, "inburgering",
                                  quarters=QUARTERS))
    return pd.concat(rows, ignore_index=True).assign(data="book seed 2005")


def montecarlo_sets(replications: int, inburgering: bool,
                    only: tuple[str, ...] = MEASURES) -> pd.DataFrame:
    """The first ``replications`` data sets of Appendix A's studies (of the ``only``
    measures)."""
    from mia_helpers import montecarlo as mc
    from mia_helpers import montecarlo_newcomers as mcn
    from mia_helpers.matched_truth import match_scope_truth
    from mia_helpers.matching import TreatmentSpec, match
    from mia_helpers.synthetic.config import GeneratorConfig
    from mia_helpers.synthetic.population import make_population
    from mia_helpers.synthetic.simulate import simulate

    rows = []
    for m, study in STUDY_OF.items():
        if m not in only:
            continue
        p = {**mc.APPENDIX_A_STUDIES[study], "base_seed": RECORDED_BASE_SEED}
        for seed in mc.replication_seeds(p["base_seed"], p["replications"])[:replications]:
            d = mc.replication_data(seed, p["residents"], p["newcomers"], m)
            panel = mc.replication_panel(d, mc.replication_columns(m))
            res = match(panel, TreatmentSpec.measure(m), k=p["k"], caliper=p["caliper"])
            rows.append(match_scope_truth(res, d.population, d.history, d.config, seed,
                                          d.window, quarters=QUARTERS).assign(seed=seed))
    if inburgering:
        p = {**mcn.INBURGERING_STUDY, "base_seed": RECORDED_BASE_SEED}
        for seed in mc.replication_seeds(p["base_seed"], p["replications"])[:replications]:
            res, _ = mcn.replication_match(seed, p["newcomers"], p["residents"], "inburgering",
                                           p["k"], p["caliper"])
            cfg = GeneratorConfig()
            from mia_helpers.quarters import Window

            window = Window()
            pop = make_population(cfg, seed, p["residents"], p["newcomers"], window)
            hist = simulate(pop, cfg, seed, window)
            rows.append(match_scope_truth(res, pop, hist, cfg, seed, window, "inburgering",
                                          quarters=QUARTERS).assign(seed=seed))
    return pd.concat(rows, ignore_index=True).assign(data="Monte Carlo")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--replications", type=int, default=5)
    ap.add_argument("--no-book", action="store_true")
    ap.add_argument("--no-inburgering", action="store_true")
    ap.add_argument("--only", nargs="*", default=list(MEASURES),
                    help="Appendix A measures to replicate (none: inburgering only)")
    a = ap.parse_args(argv)
    warnings.simplefilter("ignore")
    pd.set_option("display.width", 200)
    se = _shipped_se()
    cols = ["measure", "estimand", "quarter_since_start", "dropped_share", "truth_all",
            "truth_matched", "difference"]
    if not a.no_book:
        b = book_default()
        print("== book default data (seed 2005, 20,000 residents, 10,000 newcomers)")
        print(b[cols].round(3).to_string(index=False))
    mcd = montecarlo_sets(a.replications, not a.no_inburgering, tuple(a.only))
    g = mcd.groupby(["measure", "estimand", "quarter_since_start"], sort=False)
    summ = pd.DataFrame({
        "data_sets": g.size(),
        "dropped_share": g["dropped_share"].mean(),
        "truth_all": g["truth_all"].mean(),
        "truth_matched": g["truth_matched"].mean(),
        "mean_difference": g["difference"].mean(),
        "sd_difference": g["difference"].std(ddof=1),
    }).reset_index()
    summ["se_mean_difference"] = summ["sd_difference"] / np.sqrt(summ["data_sets"])
    summ = summ.merge(se, on=["measure", "estimand", "quarter_since_start"], how="left")
    summ = summ.rename(columns={"bias": "shipped_bias", "mc_se_bias": "shipped_mc_se_bias"})
    summ["difference_over_mc_se"] = summ["mean_difference"] / summ["shipped_mc_se_bias"]
    # the shipped bias read against the matched starters' truth (exact when data_sets equals
    # the study's replications: the mean is linear)
    summ["bias_vs_matched"] = summ["shipped_bias"] - summ["mean_difference"]
    print(f"\n== Monte Carlo data sets (first {a.replications} seeds of each Appendix A study)")
    print(summ.drop(columns=["replications"]).round(3).to_string(index=False))
    per = mcd.groupby("measure", sort=False)["dropped_share"].agg(["min", "max"])
    print("\ndropped share per data set (min, max):")
    print(per.round(3).to_string())
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
