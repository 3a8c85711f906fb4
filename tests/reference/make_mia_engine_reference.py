"""Reference estimates of the MIA matching engine (chapters 4-5), written before its refactor.

The refactor of issue 19 turned the chapter 4-5 engine (``mia_helpers.matching.match``,
``mia_helpers.effects.estimate_effects`` and their callers) into an adapter over one shared
core with the general API ``mia_helpers.dynamic``. This script ran the ORIGINAL engine (commit
message says so) on a small synthetic data set and stored its tidy results in
``tests/reference/mia_engine_reference.parquet``; ``tests/test_mia_engine_reference.py`` checks
that the engine still gives them to 1e-10 (floating-point noise of the same arithmetic; the
refactor is meant to change no operation on the numbers).

What is pinned (all on the generator's data with ``seed=11``, 1,500 residents and 750
newcomers, the ``small_data`` fixture of ``tests/conftest.py``):

- chapter 4: ``activation_effects`` for two measures (both estimands, ``k=3``, caliper 0.2,
  horizons 1..8, 19 bootstrap replications with the default fixed-score method, seed 5),
  including the matched hazard model's odds ratios;
- the re-estimating bootstrap (``bootstrap_method="refit"``, 9 replications) for one measure;
- chapter 4's effects by origin group (``origin_effects.effects_by_group``, bootstrap 9);
- chapter 5: the newcomer inburgering estimate (``newcomers.newcomer_effects`` with
  ``newcomer_specs(["inburgering"])``, both estimands, bootstrap 19).

The input panel's content hash is stored beside the results (``panel_hash``), so a change of
the generator is reported as such instead of as a change of the engine.

Regenerated twice after intentional estimator fixes, each time with exactly the affected rows
changed: the now-vs-never IPCW fix of issue 14 (inburgering now-vs-never rows), and the step
halving of ``core.newton_binary`` (2026-11-30: only the ``chapter4_refit`` rows, whose
resampled propensity logits had run away on rank-deficient designs) and, the same day, the
rule that gives no interval where the treated or the controls show no variation (the 16 rows
of small origin groups whose cumulative incidence is 0 or 1 lost their intervals, e.g.
[0, 0] from 3 treated). Regenerated a third time when the contract's exact cells gained the
residence ground (``newcomers.NEWCOMER_EXACT``, issue 14): only the 16 matched
``chapter5_inburgering`` rows changed (naive rows and every chapter 4 row to 1e-10).
Regenerated a fourth time for the positivity flag of "now versus never" (seventh session):
only ``ci_low``/``ci_high`` of the 7 matched ``chapter5_inburgering`` "now versus never" rows
at quarters 2-8 changed (widened by the worst case for the unsupported signers, within the
range an effect can take given the treated cumulative incidence); every other value of every
row is equal to 1e-10. Regenerated again in the fortieth session, when a horizon whose twins'
Kaplan-Meier rests on fewer than ``effects.MIN_CONTROL_PERSONS`` effective twins got the full
worst-case interval also where positivity fails there too: only ``ci_low`` of the 5 matched
``chapter5_inburgering`` "now versus never" rows at quarters 3-7 changed (to 100 (m1 - 1)).
Regenerated in the fifty-third session for the switch to the bias-corrected "now versus
later" estimator (issue 14, rule R4; tested against ``mia_helpers.bias_correction`` in
``tests/test_switch55_corrected_estimator.py``): every matched "now versus later" row changed
(``att_pp``, ``att_rel``, ``control_outcome``, ``se``, ``ci_low``, ``ci_high``); the matched
"now versus never" rows moved by at most 1e-6 pp (floating-point order of the shared outcome
arrays, not a change of the estimator; not traced further); naive rows and panel hash equal.

Run: ``python tests/reference/make_mia_engine_reference.py`` (about a minute).
"""

from __future__ import annotations

import os
import sys
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

HERE = Path(__file__).resolve().parent
OUT = HERE / "mia_engine_reference.parquet"
MEASURES = ("workplace_learning_ibo", "training_vocational")
SETTINGS = dict(k=3, caliper=0.2, max_quarter=8, seed=5)
KEYS = ["analysis", "measure", "group", "estimand", "estimator", "quarter_since_start"]
VALUES = ["att_pp", "att_rel", "ci_low", "ci_high", "se", "n_treated", "treated_outcome",
          "control_outcome"]


def panel_hash(panel: pd.DataFrame) -> str:
    """Content hash of the panel (all columns, in a canonical row and column order)."""
    p = panel.sort_values(["person_id", "quarter"]).reset_index(drop=True)
    p = p[sorted(p.columns)]
    h = pd.util.hash_pandas_object(p, index=False).to_numpy()
    return f"{int(np.bitwise_xor.reduce(h * np.arange(1, len(h) + 1, dtype=np.uint64))):016x}"


def compute(data_dir: str | Path) -> tuple[pd.DataFrame, str]:
    """Tidy results of every pinned analysis on the data folder, and the panel hash."""
    from mia_helpers import newcomers as nc
    from mia_helpers.effects import activation_effects, estimate_effects
    from mia_helpers.origin_effects import effects_by_group
    from mia_helpers.panel import load_panel

    panel = load_panel(data_dir)
    parts = []
    res = activation_effects(panel, MEASURES, bootstrap=19, n_jobs=1, progress=False,
                             **SETTINGS)
    parts.append(res.tidy.assign(analysis="chapter4", group="all"))
    for m, fit in res.hazards.items():
        h = fit.tidy(0.9)
        parts.append(pd.DataFrame({
            "analysis": "chapter4_hazard", "measure": m, "group": "all", "estimand": "hazard",
            "estimator": "matched", "quarter_since_start": h["quarter_since_start"].astype(str),
            "att_pp": h["estimate"], "ci_low": h["ci_low"], "ci_high": h["ci_high"],
            "se": h["se"], "n_treated": h["n_treated_persons"].astype("int64"),
        }))
    refit = estimate_effects(res.matches[MEASURES[0]], max_quarter=SETTINGS["max_quarter"],
                             bootstrap=9, seed=SETTINGS["seed"], n_jobs=1, progress=False,
                             bootstrap_method="refit", ci_level=0.9)
    parts.append(refit.assign(analysis="chapter4_refit", group="all"))
    by = effects_by_group(res, measures=[MEASURES[0]], estimands=("now_vs_later",
                                                                  "now_vs_never"),
                          max_quarter=SETTINGS["max_quarter"], bootstrap=9,
                          seed=SETTINGS["seed"], n_jobs=1)
    parts.append(by.assign(analysis="chapter4_origin"))
    npanel = nc.newcomer_panel(panel)
    eff = nc.newcomer_effects(npanel, nc.newcomer_specs(["inburgering"]), bootstrap=19,
                              n_jobs=1, with_hazard=False, **SETTINGS)
    parts.append(eff.tidy.assign(analysis="chapter5_inburgering", group="all"))
    out = pd.concat(parts, ignore_index=True)
    out["quarter_since_start"] = out["quarter_since_start"].astype(str)
    for c in KEYS:
        out[c] = out[c].astype(str)
    out["n_treated"] = out["n_treated"].astype("float64")
    out = out[KEYS + VALUES].sort_values(KEYS, ignore_index=True)
    return out, panel_hash(panel)


def main() -> None:
    from mia_helpers.panel import build_panel
    from mia_helpers.synthetic import generate

    with tempfile.TemporaryDirectory() as tmp:
        data = Path(tmp) / "data"
        generate(data, seed=11, residents=1500, newcomers=750)
        build_panel(data)
        out, h = compute(data)
    out["panel_hash"] = h
    tmp_out = OUT.with_suffix(".tmp.parquet")
    out.to_parquet(tmp_out, index=False)
    os.replace(tmp_out, OUT)  # atomic
    print(f"wrote {OUT} ({len(out)} rows, panel hash {h})", file=sys.stderr)


if __name__ == "__main__":
    main()
