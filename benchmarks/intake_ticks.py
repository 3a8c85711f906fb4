"""Calibration of chapter 3's intake ticks (``typology.intake_inflow_by_type``): over synthetic
data sets of several seeds, the share of bars whose observed share lies within the 95 per cent
binomial band of the generator's expected share, and the sign balance of observed - expected.

Runs the package functions the chapter calls (``ensure_data``, ``competing_data``,
``spell_intake``, ``register_proxy``, ``intake_inflow_by_type``) at the chapter's defaults.
Prints figures; not a timed test. The Monte Carlo error of a share of k of n bars is stated as
the binomial ``sqrt(0.95 * 0.05 / n)`` (bars of one data set are nearly independent: distinct
types or distinct measures of the same spells); the between-seed SEs use the seeds as
independent clusters. The share of bars below their tick need not be 0.5 when the ticks are
right (a binomial count is discrete and skewed); the clean balance checks are the mean z (0
when the ticks are right) and the total of starts minus expected starts over all intake spells
against its exact binomial SE ``sqrt(sum P (1 - P))``. The replay line counts intake spells
whose observed outcome the expected probabilities do not reproduce when fed the generator's own
uniform draws of the measure stream (0 when ticks and generator share spells, quarter and
covariates).

Usage: ``python benchmarks/intake_ticks.py [first_seed] [n_seeds] [table.parquet]`` (default
4110 20; the third argument saves the bars with their z).
"""

from __future__ import annotations

import sys

import numpy as np
import pandas as pd

from mia_helpers import codes
from mia_helpers import competing as cr
from mia_helpers import typology as ty
from mia_helpers.data import ensure_data, load_parameters
from mia_helpers.panel import load_panel
from mia_helpers.synthetic import draws
from mia_helpers.synthetic.simulate import ST_MEASURE

SHOWN = ["training_basic", "workplace_learning_ibo", "mediation_guidance",
         "vacancy_referral_automatic"]


def one_seed(seed: int) -> pd.DataFrame:
    data = ensure_data(None, seed, 20000, 10000, window=("2005Q1", "2016Q4"))
    truth = load_parameters(data)
    cd = cr.competing_data(load_panel(data), grouping="codes", measures=None)
    intake = ty.register_proxy(ty.spell_intake(cd, ty.load_spell_types(data)))
    itab = ty.intake_inflow_by_type(intake, truth, by="ideal_type", min_cell=10)
    itab["z"] = (pd.to_numeric(itab["pct"]) - itab["true_pct"]) / itab["se_pct"]
    # replay with the generator's own uniforms, and any start against its probability
    p = ty.intake_allocation_probabilities(intake, truth)
    q = intake["spell"].astype(np.int64).to_numpy() - int(truth["window_start"])
    ids = intake["person_id"].to_numpy(np.int64)
    u = np.empty(len(intake))
    for t in np.unique(q):
        u[q == t] = draws.uniform(seed, ST_MEASURE, int(t), ids[q == t])
    pick = (u[:, None] >= p.cumsum(axis=1).to_numpy()).sum(axis=1)
    obs = intake["outcome_label"].astype(str).map(
        {m: i for i, m in enumerate(codes.MEASURES)}).fillna(len(codes.MEASURES))
    p_any = p.sum(axis=1).to_numpy()
    start = (obs.to_numpy(int) < len(codes.MEASURES)).astype(float)
    return itab.assign(seed=seed, spells=len(intake), not_replayed=int((pick != obs).sum()),
                       excess=(start - p_any).sum(), var=(p_any * (1 - p_any)).sum(),
                       expected=p_any.sum())


def main(first: int = 4110, n: int = 20) -> None:
    tab = pd.concat([one_seed(s) for s in range(first, first + n)], ignore_index=True)
    tab = tab[tab["z"].notna() & np.isfinite(tab["z"])]
    if len(sys.argv) > 3:
        tab.to_parquet(sys.argv[3])  # for a closer look
    for name, t in (("shown four measures", tab[tab["outcome"].isin(SHOWN)]),
                    ("all nine measures", tab)):
        k, m = int((t["z"].abs() <= 1.959964).sum()), len(t)
        print(f"{name}: {k} of {m} bars within the 95% band = {k / m:.3f} "
              f"(MC SE {np.sqrt(0.95 * 0.05 / m):.3f}); observed below expected in "
              f"{int((t['z'] < 0).sum())} of {m} (MC SE of the share {np.sqrt(0.25 / m):.3f}); "
              f"mean z {t['z'].mean():+.3f} (SE {t['z'].std(ddof=1) / np.sqrt(m):.3f}), "
              f"sd z {t['z'].std(ddof=1):.3f}")
        by_seed = t.groupby("seed")["z"].agg(["mean", "size"])  # seeds are independent
        below = (t["z"] < 0).groupby(t["seed"]).mean()
        print(f"  between seeds ({len(by_seed)}): mean z {by_seed['mean'].mean():+.3f} (SE "
              f"{by_seed['mean'].std(ddof=1) / np.sqrt(len(by_seed)):.3f}); share below "
              f"{below.mean():.3f} (SE {below.std(ddof=1) / np.sqrt(len(below)):.3f})")
    s = tab.groupby("seed")[["spells", "not_replayed", "excess", "var", "expected"]].first()
    z = s["excess"] / np.sqrt(s["var"])
    print(f"intake spells {int(s['spells'].sum())}, not replayed by the expected probabilities "
          f"with the generator's uniforms: {int(s['not_replayed'].sum())}; starts minus expected "
          f"{s['excess'].sum():+.0f} ({100 * s['excess'].sum() / s['expected'].sum():+.2f}% of "
          f"expected), z {s['excess'].sum() / np.sqrt(s['var'].sum()):+.2f} (exact binomial SE); "
          f"z > 0 in {int((z > 0).sum())} of {len(z)} seeds")
    print(tab.groupby("outcome")["z"].agg(["mean", "std", "size"]).round(3).to_string())
    print(tab.groupby("ideal_type")["z"].agg(["mean", "std", "size"]).round(3).to_string())


if __name__ == "__main__":
    main(*(int(a) for a in sys.argv[1:3]))  # argv[3]: optional parquet path
