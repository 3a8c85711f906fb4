"""The chapter 4-5 engine gives the estimates it gave before the issue-19 refactor.

``tests/reference/mia_engine_reference.parquet`` was written by
``tests/reference/make_mia_engine_reference.py`` with the engine as it was before the refactor
(see that commit). The refactor changes no arithmetic on the numbers, so the tolerance is
1e-10 (floating-point noise only), absolute on percentage points, shares and log odds ratios.
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
        np.testing.assert_allclose(a, b, rtol=0, atol=TOL, equal_nan=True, err_msg=c)


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
