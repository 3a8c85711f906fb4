"""The chapter 4-5 engine gives the estimates it gave before the issue-19 refactor.

``tests/reference/mia_engine_reference.parquet`` was written by
``tests/reference/make_mia_engine_reference.py`` with the engine as it was before the refactor
(see that commit). The refactor changes no arithmetic on the numbers, so the tolerance is
1e-10 (floating-point noise only), absolute on percentage points, shares and log odds ratios,
except where the numbers rest on a float32 product whose summation order depends on the CPU.

That exception is the matched "now versus never" rows: their inverse probability of censoring
weights come from the IPCW logit's linear predictor, a float32 matrix product of the p <= 30
covariates (``effects._fit_ipcw_arrays``). BLAS picks its kernel, and so its summation order,
by CPU, so on another CPU those rows agree only to the float32 rounding bound of a p-term
inner product, gamma_p = p u / (1 - p u) with u = 2**-24 (Higham 2002, *Accuracy and
Stability of Numerical Algorithms*, eq. 3.5): shares (in [0, 1]) to gamma_p, percentage points
to 100 gamma_p, relative effects (a ratio of shares) to gamma_p (1 + |att_rel|) / control
share. (Seen on an AMD EPYC against the Intel machine that wrote the reference: differences
up to 1e-6 pp, a hundred times inside the bound; every other row within 1e-13.)
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from frames import assert_frame_equal

REF = Path(__file__).resolve().parent / "reference"
TOL = 1e-10
#: covariates of the IPCW logit's float32 linear predictor on the fixture (at most)
IPCW_TERMS = 30
GAMMA = IPCW_TERMS * 2.0**-24 / (1 - IPCW_TERMS * 2.0**-24)
PP_COLUMNS = ["att_pp", "ci_low", "ci_high", "se"]
SHARE_COLUMNS = ["treated_outcome", "control_outcome"]


def _tolerance(rows: pd.DataFrame, column: str) -> np.ndarray:
    """Absolute tolerance per row (module docstring): TOL, or the float32 bound on the rows
    that rest on the IPCW predictor."""
    ipcw = ((rows["estimand"].astype(str) == "now_vs_never")
            & (rows["estimator"].astype(str) == "matched")).to_numpy()
    if column in PP_COLUMNS:
        bound = np.full(len(rows), 100 * GAMMA)
    elif column in SHARE_COLUMNS:
        bound = np.full(len(rows), GAMMA)
    elif column == "att_rel":
        bound = GAMMA * (1 + np.abs(rows["att_rel"].to_numpy(np.float64))) / np.maximum(
            rows["control_outcome"].to_numpy(np.float64), 1e-12)
    else:  # counts
        bound = np.zeros(len(rows))
    return np.where(ipcw, np.maximum(bound, TOL), TOL)


def _script():
    spec = importlib.util.spec_from_file_location("make_mia_engine_reference",
                                                  REF / "make_mia_engine_reference.py")
    mod = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(mod)
    return mod


@pytest.fixture(scope="module")
def engine_now(small_data):
    """The engine's results on the ``small_data`` fixture (the reference's seed and size)."""
    mod = _script()
    out, h = mod.compute(small_data)
    return mod, out, h


def test_reference_input_is_the_same_data(engine_now):
    _, _, h = engine_now
    ref = pd.read_parquet(REF / "mia_engine_reference.parquet")
    assert ref["panel_hash"].iloc[0] == h, (
        "the generator's data changed since the reference was written, so the comparison "
        "below tests the generator, not the engine. The refactored engine was shown equal to "
        "the pre-refactor one (commit e277aa3, branch wt-dyn) on the old data; if nothing "
        "else changed in matching.py/effects.py since, regenerate the reference with "
        "`python tests/reference/make_mia_engine_reference.py` and commit it")


def test_chapter_4_5_estimates_unchanged(engine_now):
    mod, now, _ = engine_now
    ref = pd.read_parquet(REF / "mia_engine_reference.parquet").drop(columns="panel_hash")
    assert len(now) == len(ref)
    assert_frame_equal(now[mod.KEYS], ref[mod.KEYS])
    for c in mod.VALUES:
        a, b = now[c].to_numpy(np.float64), ref[c].to_numpy(np.float64)
        np.testing.assert_array_equal(np.isnan(a), np.isnan(b), err_msg=c)
        tol = _tolerance(ref, c)
        bad = np.abs(a - b) > tol
        assert not bad.any(), (
            f"{c}: {bad.sum()} rows differ beyond the tolerance, e.g.\n"
            f"{ref.loc[bad, mod.KEYS].head().to_string()}\n"
            f"now {a[bad][:5]}, reference {b[bad][:5]}, tolerance {tol[bad][:5]}")


# --------------------------------------------------------------------------------------------
# the general API on a plain long-format export gives the engine's numbers
# --------------------------------------------------------------------------------------------

K = 8


@pytest.fixture(scope="module")
def small_panel(small_data):
    from mia_helpers.panel import load_panel

    return load_panel(small_data)


def _specs(panel):
    from mia_helpers import newcomers as nc
    from mia_helpers.matching import TreatmentSpec

    return {"ibo": (panel, TreatmentSpec.measure("workplace_learning_ibo")),
            "inburgering": (nc.newcomer_panel(panel), nc.newcomer_specs(["inburgering"])[
                "inburgering"])}


@pytest.mark.parametrize("interval", ["bootstrap", "linearized"])
@pytest.mark.parametrize("which", ["ibo", "inburgering"])
def test_general_api_on_a_long_export_gives_the_engine_numbers(small_panel, which, interval):
    """A user with only the exported long panel (plain columns, no MIA spec) calls
    dynamic_match/dynamic_effects and gets the chapter 4-5 engine's pairs and estimates, with
    bootstrap or linearized intervals, to 1e-10 (same arithmetic; the tolerance is
    floating-point noise)."""
    from mia_helpers.codes import ORIGIN_GROUPS
    from mia_helpers.dynamic import dynamic_effects, dynamic_match
    from mia_helpers.effects import estimate_effects
    from mia_helpers.matching import long_panel, match
    from mia_helpers.origin_effects import effects_by_group

    panel, spec = _specs(small_panel)[which]
    res = match(panel, spec, k=3, caliper=0.2)
    data, mk, ek = long_panel(panel, spec, k=3, caliper=0.2)
    assert not any(isinstance(t, pd.CategoricalDtype) for t in data.dtypes)
    m = dynamic_match(data, **mk)
    # same risk-set rows, scores and pairs
    np.testing.assert_array_equal(m.rows["person_id"], res.rows["person_id"])
    np.testing.assert_array_equal(m.rows["quarter"], res.rows["quarter"])
    np.testing.assert_allclose(m.rows["score"], res.rows["score"], rtol=0, atol=TOL)
    assert_frame_equal(m.pairs, res.pairs)
    by = None
    if which == "ibo":  # chapter 4's origin groups through the general API's by=
        origin = panel.groupby("person_id")["origin"].first().astype(str).map(ORIGIN_GROUPS)
        m.panel["origin_group"] = m.panel["person_id"].map(origin)
        by = "origin_group"
    B = 9 if interval == "bootstrap" else 0
    dyn = dynamic_effects(m, horizons=range(1, K + 1), bootstrap=B, seed=5, ci_level=0.9,
                          by=by, interval=interval, **ek)
    ref = [estimate_effects(res, max_quarter=K, bootstrap=B, seed=5, n_jobs=1,
                            progress=False, ci_level=0.9, interval=interval).assign(group="all")]
    if by:
        ref.append(effects_by_group({spec.treatment: res}, [spec.treatment],
                                    estimands=("now_vs_later", "now_vs_never"),
                                    max_quarter=K, bootstrap=B, seed=5, ci_level=0.9,
                                    interval=interval))
    ref = pd.concat(ref).rename(columns={"quarter_since_start": "horizon"})
    keys = ["group", "estimand", "estimator", "horizon"]
    both = ref.merge(dyn, on=keys, suffixes=("_mia", "_dyn"), validate="one_to_one")
    assert len(both) == len(ref) == len(dyn)
    if interval == "linearized":  # the comparison is not of two NaN columns
        allm = both[(both["group"] == "all") & (both["estimator"] == "matched")]
        assert allm["se_dyn"].notna().all() and (allm["se_dyn"] > 0).all()
    for c in ("att_pp", "att_rel", "ci_low", "ci_high", "se", "treated_outcome",
              "control_outcome", "n_treated"):
        np.testing.assert_allclose(both[f"{c}_dyn"].astype(float), both[f"{c}_mia"].astype(float),
                                   rtol=0, atol=TOL, equal_nan=True, err_msg=c)
