"""Tests of the numerical core (mia_helpers.core) and the results contract of every fit class.

Tolerances
----------
- Core versus statsmodels: 1e-8 (absolute on coefficients, relative on standard errors and
  log likelihoods). Source: both implementations solve the same score equations; ours stops
  when the largest relative Newton step is below 1e-10, statsmodels is run with ``tol=1e-12``
  (GLM: relative deviance change) or Newton to ``gtol``/``maxiter`` defaults tightened below,
  so both sit within ~1e-10 of the same optimum; 1e-8 leaves two orders of magnitude for
  floating-point differences in the sandwich products (sums over a few thousand rows).
"""

from __future__ import annotations

import re
import subprocess
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
import statsmodels.api as sm
from scipy import stats

from mia_helpers import competing as C
from mia_helpers import core
from mia_helpers import hazard as hz

EXACT = 1e-8
ROOT = Path(__file__).resolve().parents[1]
LINKS = {"logit": sm.families.links.Logit(), "cloglog": sm.families.links.CLogLog()}


def _binary_data(link: str, seed: int = 1, n: int = 3000):
    rng = np.random.default_rng(seed)
    X = np.column_stack([np.ones(n), rng.normal(size=n), rng.integers(0, 2, n),
                         rng.normal(size=n)])
    eta = -1 + 0.5 * X[:, 1] + 0.7 * X[:, 2]
    p = 1 / (1 + np.exp(-eta)) if link == "logit" else -np.expm1(-np.exp(eta))
    y = (rng.random(n) < p).astype(float)
    w = rng.integers(1, 4, n).astype(float)
    g = rng.integers(0, 400, n)
    return X, y, w, g


@pytest.mark.parametrize("link", ["logit", "cloglog"])
def test_binary_glm_equals_statsmodels(link):
    """fit_binary with frequency weights and person clusters = statsmodels GLM(Binomial(link),
    freq_weights) with cov_type='cluster' (default small-sample factor)."""
    X, y, w, g = _binary_data(link)
    fit = core.fit_binary(X, w * y, w, link=link, groups=g)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # statsmodels: cov_type not fully supported with weights
        ref = sm.GLM(y, X, family=sm.families.Binomial(link=LINKS[link]), freq_weights=w).fit(
            tol=1e-12, cov_type="cluster", cov_kwds={"groups": g})
    assert fit.converged
    np.testing.assert_allclose(fit.params.to_numpy(), ref.params, atol=EXACT)
    np.testing.assert_allclose(fit.bse.to_numpy(), ref.bse, rtol=EXACT)
    assert fit.loglike == pytest.approx(ref.llf, rel=EXACT)


def _reference_scoring(X, events, trials, link, start, tol, pen):
    """The plain Fisher scoring loop the solver used before its speed-ups (link_terms and
    guards.gram in every iteration, intercept-rate start by least squares): the reference."""
    from mia_helpers.core.glm import link_terms
    from mia_helpers.core.guards import gram

    if start is None and link == "cloglog":
        start = _reference_scoring(X, events, trials, "logit", None, tol, pen)
    if start is None:
        p = events.sum() / trials.sum()
        b0 = np.log(p / (1 - p)) if link == "logit" else np.log(-np.log1p(-p))
        b = np.linalg.lstsq(gram(X, trials) + np.diag(pen), X.T @ (trials * b0), rcond=None)[0]
    else:
        b = np.array(start, float)
    for _ in range(100):
        mu, w1, _ = link_terms(X @ b, link)
        info = gram(X, trials * w1 * w1 * mu * (1.0 - mu)) + np.diag(pen)
        step = np.linalg.solve(info, X.T @ ((events - trials * mu) * w1) - pen * b)
        b = b + step
        if np.max(np.abs(step) / (1.0 + np.abs(b))) < tol:
            return b
    raise AssertionError("reference did not converge")


@pytest.mark.parametrize("case", ["logit", "cloglog", "logit-ridge", "logit-no-constant",
                                  "logit-start"])
def test_newton_binary_equals_the_reference_loop(case):
    """newton_binary (syrk Gram matrices, the start's information reused, a logit branch
    without link_terms' temporaries) solves to the same optimum as the plain loop.

    Tolerance: each solver stops when its largest relative step |step| / (1 + |b|) is below
    tol = 1e-10 (the docstring's criterion); with Newton's quadratic convergence the distance
    left to the optimum is then far below that step, so two converged solutions differ by
    less than 2 * tol relative to 1 + |b|."""
    link = "cloglog" if case == "cloglog" else "logit"
    X, y, w, _ = _binary_data(link, seed=3)
    if case == "logit-no-constant":
        X = X[:, 1:]
    pen = np.zeros(X.shape[1])
    if case == "logit-ridge":
        pen[1:] = 1e-4 * w.sum()
    start = np.full(X.shape[1], 0.1) if case == "logit-start" else None
    tol = 1e-10
    ref = _reference_scoring(X, w * y, w, link, start, tol, pen)
    got, converged = core.newton_binary(X, w * y, w, link, start=start, tol=tol, penalty=pen)
    assert converged
    assert np.max(np.abs(got - ref) / (1 + np.abs(ref))) < 2 * tol


def test_weighted_gram_equals_gram():
    """The syrk Gram matrix equals guards.gram up to float64 rounding of sums over the rows
    (relative 1e-12: 3,000 rows of O(1) terms, each rounding ~1e-16); negative weights
    (an observed-information weight can be) take guards.gram itself."""
    from mia_helpers.core.glm import _weighted_gram
    from mia_helpers.core.guards import gram

    X, _, w, _ = _binary_data("logit", seed=4)
    ref = gram(X, w)
    np.testing.assert_allclose(_weighted_gram(X, w, chunk=1000), ref, rtol=1e-12)
    w_neg = w - 2.0
    np.testing.assert_array_equal(_weighted_gram(X, w_neg), gram(X, w_neg))


def test_pure_indicator_terms_finds_terms_without_events():
    """Columns 1 (no events where 1) and 2 (only events where 1) are found with their counts;
    a continuous column, an all-one column and an all-zero column are not."""
    rng = np.random.default_rng(5)
    n = 400
    y = (rng.random(n) < 0.4).astype(float)
    no_ev = ((y == 0) & (rng.random(n) < 0.3)).astype(float)
    only_ev = ((y == 1) & (rng.random(n) < 0.3)).astype(float)
    X = np.column_stack([np.ones(n), no_ev, only_ev, rng.normal(size=n), np.zeros(n),
                         rng.integers(0, 2, n)])
    w = rng.integers(1, 3, n).astype(float)
    from mia_helpers.core.guards import pure_indicator_terms

    found = pure_indicator_terms(X, w * y, w, list("abcdef"))
    assert found == [(1, "b", 0.0, float(w[no_ev == 1].sum())),
                     (2, "c", float(w[only_ev == 1].sum()), float(w[only_ev == 1].sum()))]


def test_mnl_equals_statsmodels():
    """fit_mnl with person clusters = statsmodels MNLogit with cov_type='cluster'."""
    rng = np.random.default_rng(2)
    n = 4000
    X = np.column_stack([np.ones(n), rng.normal(size=n), rng.integers(0, 2, n)])
    B = np.array([[0.0, -1.0, -1.5], [0.0, 0.5, -0.3], [0.0, 0.4, 0.8]])
    eta = X @ B
    P = np.exp(eta) / np.exp(eta).sum(axis=1, keepdims=True)
    y = (rng.random(n)[:, None] > np.cumsum(P, axis=1)).sum(axis=1)
    g = rng.integers(0, 500, n)
    fit = core.fit_mnl(X, y, 3, groups=g)
    ref = sm.MNLogit(y, X).fit(method="newton", disp=False, maxiter=100, tol=1e-14,
                               cov_type="cluster", cov_kwds={"groups": g})
    assert fit.converged
    np.testing.assert_allclose(fit.params.to_numpy(), np.asarray(ref.params), atol=EXACT)
    np.testing.assert_allclose(fit.bse.to_numpy(), np.asarray(ref.bse), rtol=EXACT)
    assert fit.loglike == pytest.approx(ref.llf, rel=EXACT)


def test_small_sample_factor_and_levels():
    assert core.small_sample_factor(10, 100, 5) == pytest.approx(10 / 9 * 99 / 95)
    assert core.small_sample_factor(10, 100, 5, "G/(G-1)") == pytest.approx(10 / 9)
    assert core.small_sample_factor(10, 100, 5, "none") == 1.0
    with pytest.raises(ValueError, match="correction"):
        core.small_sample_factor(10, 100, 5, "hc1")
    assert core.critical_value(0.9) == pytest.approx(stats.norm.ppf(0.95))
    with pytest.raises(ValueError, match="level"):
        core.critical_value(95)


def test_one_solver_family_and_no_literal_critical_value():
    """Issue 13's done-criterion: one solver family, one sandwich, no hard-coded 1.96."""
    out = subprocess.run(["grep", "-rn", r"def .*newton\|1\.96", str(ROOT / "mia_helpers")],
                         capture_output=True, text=True).stdout
    hits = [h for h in out.splitlines() if "__pycache__" not in h]
    assert all("/core/" in h for h in hits), hits
    assert not any("1.96" in h for h in hits), hits
    sandwiches = subprocess.run(["grep", "-rln", r"G / (G - 1)\|g / max(g", str(ROOT / "mia_helpers")],
                                capture_output=True, text=True).stdout.split()
    assert [s for s in sandwiches if "__pycache__" not in s] == [
        str(ROOT / "mia_helpers" / "core" / "sandwich.py")]


# --------------------------------------------------------------------------------------------
# the contract: every fit class's .tidy(level)
# --------------------------------------------------------------------------------------------
def _hazard_fit():
    rng = np.random.default_rng(3)
    n = 600
    persons = pd.DataFrame({"person_id": np.arange(n),
                            "group": pd.Categorical(rng.choice(["a", "b"], n))})
    rows = persons.loc[persons.index.repeat(6)].reset_index(drop=True)
    rows["u"] = np.tile(np.arange(6), n)
    rows["event"] = (rng.random(len(rows)) < 0.15).astype(int)
    g = hz.group_periods(rows, ["group"], bins=[0, 2, 4])
    return hz.fit_hazard(g, ["group"], link="cloglog", name="M"), "hazard ratio"


def _inflow_fit():
    rng = np.random.default_rng(4)
    n = 3000
    d = pd.DataFrame({"person_id": rng.integers(0, 600, n), "spell": 0,
                      "u": rng.integers(0, 4, n), "low_link": rng.integers(0, 2, n).astype(float),
                      "outcome": rng.choice(3, n, p=[0.8, 0.1, 0.1])})
    d.attrs = {"outcomes": [C.NO_INFLOW, "m1", "m2"]}
    return C.fit_inflow(d, ("duration", "low_link"), max_u=3), "relative risk ratio"


def _binary_fit():
    X, y, w, g = _binary_data("logit")
    return core.fit_binary(X, w * y, w, groups=g), "odds ratio"



def _matched_hazard_fit():
    from mia_helpers.data import ensure_data
    from mia_helpers.effects import hazard_model
    from mia_helpers.matching import TreatmentSpec, match
    from mia_helpers.panel import load_panel

    panel = load_panel(ensure_data(residents=3000, newcomers=1500))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", core.NotIdentifiedWarning)
        res = match(panel, TreatmentSpec.measure("workplace_learning_ibo"))
        return hazard_model(res, max_quarter=8), "odds ratio"


@pytest.mark.parametrize("make", [_binary_fit, _hazard_fit, _inflow_fit, _matched_hazard_fit],
                         ids=["BinaryGLMFit", "HazardFit", "InflowFit", "MatchedHazardFit"])
def test_tidy_contract(make):
    fit, kind = make()
    for level in (0.95, 0.8):
        t = fit.tidy(level=level)
        assert list(t.columns[t.columns.isin(core.TIDY_COLUMNS)]) == core.TIDY_COLUMNS
        assert {"n", "n_persons", "n_events"} <= set(t.columns)
        assert (t["exp_kind"] == kind).all()
        ok = t[t["identified"]]
        assert len(ok) > 0
        z = core.critical_value(level)
        np.testing.assert_allclose(ok["ci_high"] - ok["estimate"], z * ok["se"])
        np.testing.assert_allclose(ok["exp_ci_low"], np.exp(ok["ci_low"]))
        np.testing.assert_allclose(ok["statistic"], ok["estimate"] / ok["se"])


def test_mnl_fit_tidy_contract():
    rng = np.random.default_rng(5)
    X = np.column_stack([np.ones(500), rng.normal(size=500)])
    f = core.fit_mnl(X, rng.choice(3, 500), 3, groups=rng.integers(0, 100, 500))
    t = f.tidy(0.9)
    assert list(t.columns[t.columns.isin(core.TIDY_COLUMNS)]) == core.TIDY_COLUMNS
    assert {"outcome", "n", "n_persons", "n_events"} <= set(t.columns)
    assert (t["exp_kind"] == "relative risk ratio").all()


def test_no_module_imports_private_hazard_helpers():
    src = (ROOT / "mia_helpers" / "khb.py").read_text()
    block = re.search(r"from mia_helpers\.hazard import \(([^)]*)\)", src)
    assert block is not None and not re.search(r"\b_\w+", block.group(1))


def test_one_name_per_derived_covariate():
    """Issue 13 item 3: hazard, competing-risk and matching code use the covariate builder's
    names and definitions."""
    from mia_helpers import covariates as cv
    from mia_helpers import matching as M

    d = pd.DataFrame({"u": [0, 3], "dutch_level": ["none", "native"], "education": ["low", "mid"],
                      "experience": [30.0, 6.0], "sex": ["female", "male"], "age": [55, 30],
                      "household": ["couple", "single"], "children": [2, 0]})
    X = C.design_matrix(d, ("self_reliance", "demographics"))
    for name in ("experience_years", "has_children", "age_50_plus", "dutch[none]"):
        assert name in X.columns
    np.testing.assert_allclose(X["experience_years"], cv.experience_years(d["experience"]))
    np.testing.assert_allclose(X["has_children"], cv.has_children(d["children"]))
    assert {"experience_years", "has_children", "age_50_plus"} <= set(M.NUMERIC)
    hz_covs = set(hz.block_covariates(list(hz.BLOCKS)))
    assert {"experience_years", "has_children"} <= hz_covs
    assert hz.REFERENCE_GROUP == C.REFERENCE_GROUP == cv.REFERENCE_ORIGIN_GENERATION
    assert hz.KEY == C.KEY == cv.KEY  # one concept, one name (issue 13)
    assert hz.origin_generation_levels()[0] == cv.REFERENCE_ORIGIN_GENERATION
    assert M.design_matrix(pd.DataFrame({"sex": ["f", "m", "f"]}), ["sex"]).columns.tolist() == [
        "sex[m]"]
