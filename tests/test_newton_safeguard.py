"""Fisher scoring cannot run away: ``core.newton_binary`` halves steps that lower the penalised
log likelihood and declares convergence only on a full step.

The stored design (``tests/reference/newton_runaway_design.npz``) is a propensity logit of the
re-estimating bootstrap found by a tester: 4,466 rows, 30 columns of rank 28 (one column all
zero), 36 events, ridge 0.4466 on every column but the constant. Plain Fisher scoring from the
event rate overshot, ran to |b| ~ 1e297 and passed the relative-step test there, reporting
convergence; every score of that risk set was then the same number and the matching was
arbitrary. The reference is scipy's L-BFGS-B on the same (strictly concave) objective, whose
optimum is unique; the tolerance 1e-4 on the coefficients is that optimiser's precision at
its default gradient tolerance (``gtol`` 1e-5 on the projected gradient, tightened to 1e-10
here), far below the 1e297 of the defect.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
from scipy.optimize import minimize

from mia_helpers.core.glm import _penalised_loglik, newton_binary

CASE = Path(__file__).parent / "reference" / "newton_runaway_design.npz"


def test_runaway_design_converges_to_the_penalised_optimum():
    d = np.load(CASE)
    X, e, t, pen = d["X"], d["events"], d["trials"], d["penalty"]
    b, ok = newton_binary(X, e, t, "logit", penalty=pen)
    assert ok and np.all(np.isfinite(b)) and np.abs(b).max() < 50

    def f(beta):
        return -_penalised_loglik(X @ beta, beta, e, t, pen, "logit")

    def g(beta):
        mu = 1 / (1 + np.exp(-(X @ beta)))
        return -(X.T @ (e - t * mu) - pen * beta)

    ref = minimize(f, np.zeros(X.shape[1]), jac=g, method="L-BFGS-B",
                   options={"gtol": 1e-10, "ftol": 1e-15, "maxiter": 10_000})
    assert f(b) <= ref.fun + 1e-8 * (1 + abs(ref.fun))  # at least as good as the reference
    # the estimable part agrees (the all-zero column's coefficient is 0 in both)
    np.testing.assert_allclose(X @ b, X @ ref.x, atol=1e-4)
    np.testing.assert_allclose(np.abs(g(b)).max(), 0, atol=1e-6)


def test_ordinary_fit_is_plain_fisher_scoring():
    """On a well-posed design no step is halved: the estimate equals the unpenalised
    maximum likelihood (statsmodels' Logit, to its 1e-8 convergence)."""
    import statsmodels.api as sm

    rng = np.random.default_rng(0)
    X = np.column_stack([np.ones(2000), rng.normal(size=(2000, 3))])
    y = (rng.random(2000) < 1 / (1 + np.exp(-(X @ [-1, 0.5, -0.3, 0.2])))).astype(float)
    b, ok = newton_binary(X, y, np.ones(2000), "logit")
    ref = sm.Logit(y, X).fit(disp=0, tol=1e-12)
    assert ok
    np.testing.assert_allclose(b, ref.params, atol=1e-8)
