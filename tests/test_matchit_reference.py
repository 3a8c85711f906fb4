"""Our single-risk-set matching against R's MatchIt on MatchIt's own example (lalonde).

Reference values: ``tests/reference/matchit_lalonde.R`` (committed, run with MatchIt 4.5.1 on
R 4.2.2; see ``matchit_lalonde.json`` for the versions) wrote ``lalonde.csv``,
``matchit_lalonde_units.csv`` (propensity score and weights per unit) and
``matchit_lalonde.json`` (weighted ATT on re78 per specification). CI does not need R; the
``rlive`` test reruns the script through ``Rscript`` when R and MatchIt are installed.

What is asserted, for nearest-neighbour matching with replacement on the glm logit score:

- propensity scores equal to R's ``glm`` within 1e-6 (absolute, probability scale; they agree
  to ~3e-9, the convergence tolerance of R's IRLS);
- matching weights of every unit identical (1e-12) and the weighted ATT within 1e-6 relative,
  for ratio 1, ratio 1 with ``caliper = 0.2`` (SD units), and ratio 2, against MatchIt's matrix
  path (MatchIt's own scores passed as the distance matrix ``|ps_t - ps_c|``), whose ties fall to
  the first control in data order, as ours by default;
- the defects of MatchIt 4.5.1's vector path (the plain ``distance = "glm"`` call) are pinned
  down exactly: it matches every treated unit to the nearest control *at or below* its score
  (integer ``abs()``: all distances below 1 compare equal), so the caliper is ignored and
  ``ratio = 2`` repeats the same control. Our engine reproduces those weights when told to
  take the left neighbour, and differs from them on purpose.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers.matching import nearest_neighbours
from mia_helpers.matchit_compat import (
    LALONDE_COVARIATES,
    LALONDE_SPECS,
    lalonde_comparison,
    matchit_nearest,
    matchit_propensity,
    matchit_weights,
    model_matrix,
    nearest_with_replacement,
    weighted_att,
)

REF = Path(__file__).resolve().parent / "reference"
COVARIATES = ["age", "educ", "race", "married", "nodegree", "re74", "re75"]
#: reference specification -> keyword arguments of matchit_nearest
SPECS = {
    "nearest_distmat": {},
    "caliper_distmat": {"caliper": 0.2},
    "ratio2_distmat": {"ratio": 2},
}
#: MatchIt versions whose vector path has the integer-abs defect (issue #163)
DEFECTIVE_VECTOR_PATH = ("4.5.1", "4.5.2", "4.5.3")


def _load(folder: Path):
    data = pd.read_csv(folder / "lalonde.csv")
    units = pd.read_csv(folder / "matchit_lalonde_units.csv")
    ref = json.loads((folder / "matchit_lalonde.json").read_text())
    assert (units["id"] == data["id"]).all()
    return data, units, ref


def _left_neighbour_weights(ps: np.ndarray, treat: np.ndarray) -> np.ndarray:
    """Weights of MatchIt 4.5.1's vector path: each treated unit takes the control just before
    it in a stable sort by score (the one after it only when none is before)."""
    order = np.argsort(ps, kind="stable")
    rank = np.empty(ps.size, np.int64)
    rank[order] = np.arange(ps.size)
    c_rank = np.sort(rank[~treat])
    p = np.searchsorted(c_rank, rank[treat])
    slot = np.where(p > 0, p - 1, p)
    mm = order[c_rank[slot]][:, None]
    return matchit_weights(mm, treat)


def check_against(folder: Path) -> dict[str, float]:
    """All assertions on one folder of reference files; returns our ATT per specification."""
    data, units, ref = _load(folder)
    treat = data["treat"].to_numpy().astype(bool)
    y = data["re78"].to_numpy()
    ps_r = units["distance"].to_numpy()
    X = model_matrix(data, COVARIATES)
    assert list(X.columns) == ["age", "educ", "racehispan", "racewhite", "married", "nodegree",
                               "re74", "re75"]
    ps = matchit_propensity(X.to_numpy(), treat)
    # R's glm stops IRLS at a relative deviance change of 1e-8: scores agree to ~1e-9
    np.testing.assert_allclose(ps, ps_r, rtol=0, atol=1e-6)
    assert ref["sd_distance"] == pytest.approx(ps.std(ddof=1), rel=1e-6)
    atts = {}
    for spec, kwargs in SPECS.items():
        want = ref["specs"][spec]
        for distance in (None, ps_r):  # our scores, and R's scores (isolates the matching)
            res = matchit_nearest(data, "treat", COVARIATES, distance=distance, **kwargs)
            np.testing.assert_allclose(res.weights, units[f"w_{spec}"], rtol=0, atol=1e-12,
                                       err_msg=spec)
            if want["caliper_abs"] is not None:
                assert res.caliper == pytest.approx(want["caliper_abs"], rel=1e-6)
            att = res.att(y, treat)
            # weights agree to 1e-12, so the ATT agrees to rounding: 1e-6 relative is loose
            assert att == pytest.approx(want["att"], rel=1e-6), spec
            assert int((res.weights[treat] > 0).sum()) == want["n_treated_matched"]
            assert int((res.weights[~treat] > 0).sum()) == want["n_controls_matched"]
        atts[spec] = att
    # the caliper binds on exactly one treated unit on this example
    assert ref["specs"]["caliper_distmat"]["n_treated_matched"] == treat.sum() - 1

    # MatchIt's plain call (vector path)
    version = ref["matchit_version"]
    if version in DEFECTIVE_VECTOR_PATH:
        w_left = _left_neighbour_weights(ps_r, treat)
        for spec in ("nearest", "caliper", "ratio2"):
            np.testing.assert_allclose(units[f"w_{spec}"], w_left, rtol=0, atol=1e-12,
                                       err_msg=spec)
            assert ref["specs"][spec]["att"] == pytest.approx(
                weighted_att(y, treat, w_left), rel=1e-9)
        assert ref["specs"]["ratio2"]["rows_with_same_control_twice"] == treat.sum()
        # the defect is material: for 105 of 185 treated units the control MatchIt's vector
        # path takes is strictly farther than the nearest control
        ours = nearest_with_replacement(ps_r, treat)[:, 0]
        d_near = np.abs(ps_r[ours] - ps_r[treat])
        order = np.argsort(ps_r, kind="stable")
        rank = np.empty(ps_r.size, np.int64)
        rank[order] = np.arange(ps_r.size)
        c_rank = np.sort(rank[~treat])
        p = np.searchsorted(c_rank, rank[treat])
        left = order[c_rank[np.where(p > 0, p - 1, p)]]
        assert int((np.abs(ps_r[left] - ps_r[treat]) > d_near).sum()) == 105
    else:
        # a MatchIt with the vector path fixed: its sorted scan is our ties="sorted"
        for spec, kwargs in {"nearest": {}, "caliper": {"caliper": 0.2},
                             "ratio2": {"ratio": 2}}.items():
            res = matchit_nearest(data, "treat", COVARIATES, distance=ps_r, ties="sorted",
                                  **kwargs)
            np.testing.assert_allclose(res.weights, units[f"w_{spec}"], rtol=0, atol=1e-12,
                                       err_msg=f"{spec} (MatchIt {version})")
    return atts


def test_committed_reference():
    """Our engine on the committed CSV reproduces MatchIt's committed reference values."""
    atts = check_against(REF)
    # MatchIt's example ATT, reproduced to six significant digits
    assert f"{atts['nearest_distmat']:.6g}" == "1967.94"


def test_lalonde_comparison_holds_against_the_reference():
    """The figures Appendix A glues (matchit_compat.lalonde_comparison) against the committed
    reference files read here: MatchIt's ATTs as committed, ours within 1e-6 relative, the
    scores within 1e-6 and the weights within 1e-12 (the tolerances of check_against), and
    the specifications those of this test."""
    data, units, ref = _load(REF)
    treat = data["treat"].to_numpy().astype(bool)
    assert LALONDE_SPECS == SPECS and list(LALONDE_COVARIATES) == COVARIATES
    cmp = lalonde_comparison(REF)
    assert lalonde_comparison() == cmp  # the default folder is the committed one
    assert (cmp.n_treated, cmp.n_units) == (treat.sum(), len(data))
    assert cmp.matchit_version == ref["matchit_version"]
    for spec in (*SPECS, "nearest", "caliper", "ratio2"):
        assert cmp.reference[spec] == ref["specs"][spec]["att"], spec
    for spec in SPECS:
        assert cmp.ours[spec] == pytest.approx(ref["specs"][spec]["att"], rel=1e-6), spec
        assert 0 <= cmp.weight_max_diff[spec] <= 1e-12, spec
    assert 0 <= cmp.att_max_rel_diff <= 1e-6
    ours_ps = matchit_propensity(model_matrix(data, COVARIATES).to_numpy(), treat)
    assert cmp.ps_max_diff == np.abs(ours_ps - units["distance"].to_numpy()).max()
    assert 0 < cmp.ps_max_diff <= 1e-6  # R's IRLS tolerance: not exactly equal
    # the text's bounds are the powers of ten just above the differences
    g = cmp.glue_values()
    assert 0.1 * float(g["a_mi_ps_bound"]) < cmp.ps_max_diff <= float(g["a_mi_ps_bound"])
    assert g["a_mi_ref_nearest_distmat"] == ref["specs"]["nearest_distmat"]["att"]
    assert g["a_mi_n_treated"] == treat.sum() and g["a_mi_ratio"] == 2


def test_book_engine_matches_up_to_ties():
    """The chapter 4 engine's neighbour search (matching.nearest_neighbours, one stratum, on
    MatchIt's scores) finds matched sets as near as MatchIt's for every treated unit; it breaks
    ties among controls with identical scores below the treated unit by taking the last in data
    order instead of the first, which on lalonde changes the control of 6 of 185 treated units
    (equally near ones), hence the weights and the ATT there."""
    data, units, ref = _load(REF)
    treat = data["treat"].to_numpy().astype(bool)
    ps = units["distance"].to_numpy()
    c_idx = np.flatnonzero(~treat)
    y = data["re78"].to_numpy()
    cmp = lalonde_comparison(REF)  # the counts and ATTs Appendix A glues, held against these
    for spec, k, cal in (("nearest_distmat", 1, np.inf),
                         ("caliper_distmat", 1, ref["specs"]["caliper_distmat"]["caliper_abs"]),
                         ("ratio2_distmat", 2, np.inf)):
        idx, dist = nearest_neighbours(ps[treat], np.zeros(treat.sum(), int), ps[~treat],
                                       np.zeros((~treat).sum(), int), k, cal)
        ours = nearest_with_replacement(ps, treat, k, None if np.isinf(cal) else cal)
        d_ours = np.where(ours >= 0, np.abs(ps[np.clip(ours, 0, None)] - ps[treat][:, None]),
                          np.inf)
        np.testing.assert_array_equal(dist, d_ours)  # same distances, so equally near
        mm = np.where(idx >= 0, c_idx[np.clip(idx, 0, None)], -1)
        differ = (mm != ours).any(axis=1)
        assert 0 < differ.sum() <= 10
        assert cmp.engine_differ[spec] == differ.sum() and cmp.engine_equally_near[spec]
        assert cmp.engine_att[spec] == pytest.approx(
            weighted_att(y, treat, matchit_weights(mm, treat)), rel=1e-12)
        # the different, equally near controls change the ATT (the text's "hence")
        assert cmp.engine_att[spec] != pytest.approx(ref["specs"][spec]["att"], rel=1e-6)
        # every differing treated unit has several controls at exactly its matched distance
        for i in np.flatnonzero(differ):
            n_at = (np.abs(ps[~treat] - ps[treat][i]) == d_ours[i, -1]).sum()
            assert n_at >= 2


def test_ties_rules_agree_without_ties():
    """Both tie rules give the same matches when no two controls are equidistant (continuous
    scores), and every match is the nearest control (brute force over all pairs)."""
    rng = np.random.default_rng(3)
    ps = rng.uniform(size=400)
    treat = rng.uniform(size=400) < 0.3
    for ratio, cal in ((1, None), (3, None), (2, 0.01)):
        a = nearest_with_replacement(ps, treat, ratio, cal, ties="data")
        b = nearest_with_replacement(ps, treat, ratio, cal, ties="sorted")
        np.testing.assert_array_equal(a, b)
        d = np.abs(ps[treat][:, None] - ps[~treat][None, :])
        if cal is not None:
            d = np.where(d <= cal, d, np.inf)
        best = np.flatnonzero(~treat)[np.argsort(d, axis=1)[:, :ratio]]
        best = np.where(np.isfinite(np.sort(d, axis=1)[:, :ratio]), best, -1)
        np.testing.assert_array_equal(a, best)


def test_weights_rules():
    """MatchIt's weights: matched treated 1, controls sum of 1/(matches of their treated),
    rescaled to sum to the number of matched controls; unmatched treated 0."""
    treat = np.array([1, 1, 1, 0, 0, 0, 0], bool)
    mm = np.array([[3, 4], [3, -1], [-1, -1]])
    w = matchit_weights(mm, treat)
    raw = np.array([0.5 + 1.0, 0.5])  # controls 3 and 4
    np.testing.assert_allclose(w, [1, 1, 0, *(raw * 2 / raw.sum()), 0, 0])


@pytest.mark.rlive
def test_live_rscript(tmp_path):
    """Regenerate the reference with the installed R/MatchIt and compare live."""
    rscript = shutil.which("Rscript")
    if rscript is None:
        pytest.skip("Rscript is not on PATH (install r-base-core and r-cran-matchit to run)")
    probe = subprocess.run([rscript, "-e", "library(MatchIt)"], capture_output=True, text=True)
    if probe.returncode != 0:
        pytest.skip("R package MatchIt is not installed (apt-get install r-cran-matchit)")
    subprocess.run([rscript, str(REF / "matchit_lalonde.R"), str(tmp_path)], check=True,
                   capture_output=True, text=True, timeout=120)
    atts = check_against(tmp_path)
    committed = json.loads((REF / "matchit_lalonde.json").read_text())
    live = json.loads((tmp_path / "matchit_lalonde.json").read_text())
    if live["matchit_version"] == committed["matchit_version"]:
        for spec in SPECS:
            assert live["specs"][spec]["att"] == pytest.approx(atts[spec], rel=1e-6)


def test_aliased_columns_are_dropped_as_glm_drops_them():
    """A constant and a duplicated column (aliased with the intercept and an earlier column)
    are found, dropped with a warning naming them, and the scores equal those of the fit
    without them (to 1e-9, the solver's tolerance); before, the unpenalised Newton step raised
    a singular-matrix error (new-user trial, fifth session)."""
    import warnings

    from mia_helpers.core import NotIdentifiedWarning
    from mia_helpers.matchit_compat import aliased_columns, matchit_propensity

    rng = np.random.default_rng(1)
    X = rng.normal(size=(2000, 4))
    y = (rng.random(2000) < 1 / (1 + np.exp(-X[:, 0]))).astype(int)
    Xa = np.column_stack([X[:, :2], np.full(2000, 3.0), X[:, 2:], X[:, 1] * 2 - X[:, 0]])
    np.testing.assert_array_equal(aliased_columns(Xa), [False, False, True, False, False, True])
    assert not aliased_columns(X).any()
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        got = matchit_propensity(Xa, y, names=["a", "b", "c", "d", "e", "f"])
    msg = " ".join(str(w.message) for w in rec if issubclass(w.category, NotIdentifiedWarning))
    assert "'c'" in msg and "'f'" in msg
    np.testing.assert_allclose(got, matchit_propensity(X, y), rtol=0, atol=1e-9)
