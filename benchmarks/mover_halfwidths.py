"""Do the two half-widths of the matched "now versus never" interval give a hidden count?

mover37 (thirty-sixth session). Since the thirty-fifth session the interval is a MOVER
combination (``effects._mover_interval``) of the starters' Wald interval (variance var_t) and
the controls' log(-log) Kaplan-Meier interval (var_c). From the printed effect, its two bounds
and the controls' share m0 (``att / rel`` where the relative effect is printed) a reader
solves for a = q sqrt(var_t) and b = q sqrt(var_c) (``effect_tables.mover_sides_read``; q,
the Student quantile on ``df``, is not printed). var_t is about m1 (1 - m1) / (n - 1) times a
ratio rho (the part of the starters' spread that the pool's fitted mu0 does not explain), so a
count n hidden by the horizon rule might be read from the published horizon j before it:
n_k = n_j (a_j / a_k)^2 m1_k (1 - m1_k) / (m1_j (1 - m1_j)).

For every summary row (chapter 4's ``effect_tables.summary_table``, quarters 4, 5, 8) whose
count is hidden beside a printed effect and interval, it prints the reader's miss (reading
minus the true count) four ways:

- ``dpo27``: the symmetric reading of dpo27, n_j (w_j / w_k)^2 with w the printed half-width;
- ``printed``: the MOVER reading on the printed (one-decimal) numbers, m0 at k printed where
  the relative effect is, else the true m0 (the reader's best case);
- ``exact``: the MOVER reading on the unrounded interval with the true m0 and m1;
- ``exact_vt``: var_t itself (exact, q known): what is left is the drift of rho.

and, over every printed row, the controls' side read as an effective number
m0 (1 - m0) / (b / 1.96)^2 against the distinct twins still at risk at k.

Run: ``python benchmarks/mover_halfwidths.py`` (about 2 minutes; data sets cached).

Results (thirty-sixth session; the table of the 51 rows above these lines)::

    dpo27     median |miss|  16.5, max   56.1, within half a count 0 of 51
    printed   median |miss|  17.4, max  279.7, within half a count 1 of 51
    exact     median |miss|   4.9, max   14.6, within half a count 3 of 51
    exact_vt  median |miss|   4.5, max   14.3, within half a count 3 of 51
    controls' side read as effective twins / twins at risk over 100 printed rows: b read as 0
    in 2; else min, 10, 50, 90 per cent, max [0.78, 1.01, 1.39, 2.15, 2923483292.69];
    fewest twins at risk behind a printed row: 45

Re-run in the thirty-eighth session with the controls' variance model-based (then
``never_repair2.km_model_var``, withdrawn that session and adopted in the thirty-ninth as
``effects._km_model_var``) and the normal quantile (q now known: ``exact`` is
``exact_vt``)::

    dpo27     median |miss|  17.5, max   57.9, within half a count 0 of 51
    printed   median |miss|  12.8, max  240.6, within half a count 0 of 51
    exact     median |miss|   4.5, max   14.3, within half a count 3 of 51
    exact_vt  median |miss|   4.5, max   14.3, within half a count 3 of 51
    controls' side read as effective twins / twins at risk over 100 printed rows: b read as 0
    in 3; else min, 10, 50, 90 per cent, max [0.57, 0.98, 1.39, 2.07, 5703353147.26];
    fewest twins at risk behind a printed row: 45
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd

import mia_helpers.effects as ef
from mia_helpers.data import ensure_data
from mia_helpers.effect_tables import mover_sides_read, summary_table, with_twin_persons

#: (seed, residents, newcomers, population): the data sets of dpo26/dpo27, old29 and dpo29
DATA = [(5252, 3000, 1200, "resident"), (5252, 3000, 1200, "newcomer"),
        (7171, 2500, 400, "resident"), (4242, 1500, 500, "resident")]
MIN_CELLS = (11, 20)
K = 8


def run(seed: int, residents: int, newcomers: int, population: str):
    """The effects (chapter 4's estimand "now versus never", linearized) with each measure's
    (m1, var_t) per horizon, and the twins at risk per horizon."""
    data = ensure_data(None, seed=seed, residents=residents, newcomers=newcomers, truth=False)
    seen, orig = [], ef._mover_interval

    def spy(m1, m0, vt, vc, q):
        seen.append(vt.copy())
        return orig(m1, m0, vt, vc, q)

    ef._mover_interval = spy
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            res = with_twin_persons(ef.activation_effects(
                data, estimands=("now_vs_never",), max_quarter=K, progress=False,
                interval="linearized", with_hazard=False, population=population))
    finally:
        ef._mover_interval = orig
    measures = list(res.matches)
    assert len(seen) == len(measures)
    at_risk = {}
    for m, mr in res.matches.items():
        oa = ef.outcome_arrays(mr, K)
        lim = np.minimum(np.minimum(oa.E, oa.S), oa.A)
        person = pd.factorize(mr.rows["person_id"])[0]
        tp, cp = mr.pairs["treated"].to_numpy(), mr.pairs["control"].to_numpy()
        for k in range(1, K + 1):
            on = (oa.A[tp] >= k) & (lim[cp] >= k)
            at_risk[(m, k)] = np.unique(person[cp[on]]).size
    return res, dict(zip(measures, seen, strict=True)), at_risk


def readings(res, vts, at_risk, min_cell, tag):
    summ = summary_table(res.tidy, res, (4, 5, 8), min_cell=min_cell).data
    tidy = res.tidy[res.tidy["estimator"] == "matched"]
    miss, ctrl = [], []
    for m in vts:
        t = tidy[tidy["measure"].astype(str) == m].set_index("quarter_since_start")
        p = summ[summ["measure"].astype(str) == m].set_index("quarter_since_start")
        printed = {k: p.loc[k] for k in (4, 5, 8) if not pd.isna(p.loc[k, "ci_low"])}

        def m0_of(k, p=p, t=t):
            rel = p.loc[k, "matched_rel_pct"]
            return (p.loc[k, "matched_pp"] / rel if not pd.isna(rel) and rel != 0
                    else t.loc[k, "control_outcome"])

        for k, row in printed.items():
            _, b = mover_sides_read(row["matched_pp"], row["ci_low"], row["ci_high"], m0_of(k))
            m0 = m0_of(k)
            with np.errstate(divide="ignore"):  # b read as 0: no spread of the controls
                read_c = m0 * (1 - m0) / (b[0] / 1.96) ** 2
            ctrl.append(dict(data=tag, min_cell=min_cell, measure=m, k=k, read_c=read_c,
                             twins_at_risk=at_risk[(m, k)]))
        for k in (5, 8):
            if k not in printed or not pd.isna(printed[k]["n_treated"]):
                continue
            prev = [j for j in (4, 5) if j < k and j in printed
                    and not pd.isna(printed[j]["n_treated"])
                    and not pd.isna(printed[j]["matched_rel_pct"])]
            if not prev:
                continue
            j = prev[-1]
            nj, nk = int(printed[j]["n_treated"]), int(t.loc[k, "n_treated"])

            def reading(att, lo, hi, m0, m1):
                a, _ = mover_sides_read(att, lo, hi, m0)
                return a[0], m1 * (1 - m1)

            pj, pk = printed[j], printed[k]
            a_j, v_j = reading(pj["matched_pp"], pj["ci_low"], pj["ci_high"], m0_of(j),
                               m0_of(j) + pj["matched_pp"] / 100)
            a_k, v_k = reading(pk["matched_pp"], pk["ci_low"], pk["ci_high"], m0_of(k),
                               m0_of(k) + pk["matched_pp"] / 100)
            e = {x: reading(t.loc[x, "att_pp"], t.loc[x, "ci_low"], t.loc[x, "ci_high"],
                            t.loc[x, "control_outcome"], t.loc[x, "treated_outcome"])
                 for x in (j, k)}
            w_j = (pj["ci_high"] - pj["ci_low"]) / 2
            w_k = (pk["ci_high"] - pk["ci_low"]) / 2
            vt = vts[m]
            miss.append(dict(
                data=tag, min_cell=min_cell, measure=m, k=k, j=j, n_j=nj, n_k=nk,
                m0=round(float(t.loc[k, "control_outcome"]), 2),
                dpo27=nj * (w_j / w_k) ** 2 - nk,
                printed=nj * (a_j / a_k) ** 2 * v_k / v_j - nk,
                exact=nj * (e[j][0] / e[k][0]) ** 2 * e[k][1] / e[j][1] - nk,
                exact_vt=nj * vt[j - 1] / vt[k - 1] * e[k][1] / e[j][1] - nk))
    return miss, ctrl


def main() -> None:
    miss, ctrl = [], []
    for seed, r, n, pop in DATA:
        res, vts, at_risk = run(seed, r, n, pop)
        for mc in MIN_CELLS:
            a, b = readings(res, vts, at_risk, mc, f"{seed}/{r}/{n} {pop}")
            miss += a
            ctrl += b
    M = pd.DataFrame(miss)
    pd.set_option("display.width", 200)
    print(M.round(1).to_string())
    for c in ("dpo27", "printed", "exact", "exact_vt"):
        e = M[c].abs()
        print(f"{c:9s} median |miss| {e.median():5.1f}, max {e.max():6.1f}, "
              f"within half a count {int((e < 0.5).sum())} of {e.notna().sum()}")
    C = pd.DataFrame(ctrl).drop_duplicates(["data", "measure", "k"])
    ratio = C["read_c"] / C["twins_at_risk"]
    fin = np.isfinite(ratio)
    q = ratio[fin].quantile([0, 0.1, 0.5, 0.9, 1]).round(2).tolist()
    print(f"controls' side read as effective twins / twins at risk over {len(C)} printed rows: "
          f"b read as 0 in {int((~fin).sum())}; else min, 10, 50, 90 per cent, max {q}; "
          f"fewest twins at risk behind a printed row: {C['twins_at_risk'].min()}")


if __name__ == "__main__":
    main()
