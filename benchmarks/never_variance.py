"""Decomposition of the linearized variance of the matched "now versus never" estimator.

Issue 14, item 6. On the drawn design of ``tests/test_linearized_se.py`` (seed 0), each
replication's person-clustered variance (``_linearized_se``, the ``now_vs_never`` branch) is
split into its treated term sum_g t_g^2, its control term sum_g c_g^2 and the cross term
-2 sum_g t_g c_g (t_g, c_g: person g's treated and control contributions; the estimate is
m1 - m0), and their means over replications are set against the Monte Carlo variance of m1,
of m0 and -2 cov(m1, m0). Variants of the controls' Kaplan-Meier influence:

- ``old``: a (dN - Y hx) / den (``effects._km_influence`` before the thirty-fifth session);
- ``factor``: a (dN - Y hx) / (den (1 - h)) (the product-limit influence);
- ``factor_pool``: as ``factor`` with the KM's own pooled hazard h_l in place of the row's
  smoothed hazard hx (the residual then carries the composition of the risk set);
- ``factor_cal``: as ``factor`` with hx rescaled per quarter l so that the weighted
  residuals sum to zero, sum_j a_jl Y_jl hx_jl = sum_j a_jl dN_jl (hx keeps the ranking of
  the rows, the KM's hazard its level);
- ``factor_hfit``: as ``factor`` with hx from a weighted least-squares fit per quarter l of
  dN_l on [1, x] among the matched controls at risk at l, weights a_l (the KM's own data,
  censored at the later start as the KM is);
- ``factor_hpool``: as ``factor`` with hx from ``effects._pool_hazard_fit`` (a linear-
  probability hazard fit per quarter among all pool rows at risk, censored at the later start,
  unweighted): the package since the thirty-fifth session, with the MOVER interval
  (``benchmarks/never_inburgering.py``).

Run: ``python benchmarks/never_variance.py [R]`` (default 300; about 1 s a replication).

Results (R = 300, seed 0, horizons 1-6; variances x 1e4; band of the test 1 +- 0.123)::

    R = 300; horizons 1..6; figures x 1e4 (variances of shares)
    Monte Carlo  var(m1)       [ 6.782 10.273  9.385  9.47   8.057  7.74 ]
    Monte Carlo  var(m0)       [ 4.978  9.885 16.507 18.834 18.75  18.673]
    Monte Carlo  -2cov(m1,m0)  [-0.317 -0.622 -0.105 -1.241 -1.349 -2.378]
    Monte Carlo  var(m1-m0)    [11.443 19.536 25.787 27.063 25.458 24.034]
    sum a Y hx / sum a dN per quarter l (horizon 6; mean over replications):  [0.972 1.111 1.233 1.181 1.183 1.245]
    mean persons G per horizon: [469.337 469.337 469.337 469.337 469.337 469.337]  so G/(G-1) - 1 <= 0.002398081534772182
    largest share of KM weight at the IPCW cap: 0.0
    replications not point-identified (unsupported share > 0) per horizon: [ 0  0  0  2 18 52]
    --- old
      mean treated term        [6.866 9.116 9.537 9.225 8.62  7.905]  ratio [1.012 0.887 1.016 0.974 1.07  1.021]
      mean control term        [ 3.755  8.785 14.014 17.591 19.984 23.105]  ratio [0.754 0.889 0.849 0.934 1.066 1.237]
      mean cross term          [0.053 0.103 0.076 0.051 0.034 0.025]
      mean total var (G/(G-1)) [10.691 18.032 23.652 26.889 28.658 31.05 ]  ratio [0.934 0.923 0.917 0.994 1.126 1.292]
      mean SE / SD             [0.965 0.96  0.955 0.991 1.046 1.099]
      ... point-identified only [0.965 0.96  0.955 0.988 1.03  1.085]
    --- factor
      mean treated term        [6.866 9.116 9.537 9.225 8.62  7.905]  ratio [1.012 0.887 1.016 0.974 1.07  1.021]
      mean control term        [ 5.2   12.009 18.82  23.318 26.219 29.838]  ratio [1.045 1.215 1.14  1.238 1.398 1.598]
      mean cross term          [0.062 0.12  0.088 0.059 0.039 0.029]
      mean total var (G/(G-1)) [12.146 21.276 28.476 32.628 34.904 37.791]  ratio [1.061 1.089 1.104 1.206 1.371 1.572]
      mean SE / SD             [1.028 1.042 1.047 1.091 1.154 1.212]
      ... point-identified only [1.028 1.042 1.047 1.088 1.136 1.196]
    --- factor_pool
      mean treated term        [6.866 9.116 9.537 9.225 8.62  7.905]  ratio [1.012 0.887 1.016 0.974 1.07  1.021]
      mean control term        [ 5.313 11.941 17.374 20.244 21.35  21.082]  ratio [1.067 1.208 1.052 1.075 1.139 1.129]
      mean cross term          [0.037 0.075 0.06  0.042 0.031 0.027]
      mean total var (G/(G-1)) [12.242 21.177 27.029 29.574 30.065 29.075]  ratio [1.07  1.084 1.048 1.093 1.181 1.21 ]
      mean SE / SD             [1.032 1.038 1.019 1.041 1.083 1.097]
      ... point-identified only [1.032 1.038 1.019 1.038 1.067 1.076]
    --- factor_cal
      mean treated term        [6.866 9.116 9.537 9.225 8.62  7.905]  ratio [1.012 0.887 1.016 0.974 1.07  1.021]
      mean control term        [ 5.159 11.622 17.18  20.527 22.355 23.456]  ratio [1.036 1.176 1.041 1.09  1.192 1.256]
      mean cross term          [0.063 0.12  0.089 0.059 0.038 0.029]
      mean total var (G/(G-1)) [12.114 20.902 26.864 29.875 31.08  31.456]  ratio [1.059 1.07  1.042 1.104 1.221 1.309]
      mean SE / SD             [1.027 1.032 1.018 1.047 1.099 1.134]
      ... point-identified only [1.027 1.032 1.018 1.044 1.082 1.116]
    --- factor_hfit
      mean treated term        [6.866 9.116 9.537 9.225 8.62  7.905]  ratio [1.012 0.887 1.016 0.974 1.07  1.021]
      mean control term        [ 5.126 11.411 16.42  19.165 20.297 20.401]  ratio [1.03  1.154 0.995 1.018 1.082 1.093]
      mean cross term          [0.068 0.125 0.09  0.059 0.037 0.03 ]
      mean total var (G/(G-1)) [12.086 20.696 26.103 28.51  29.016 28.396]  ratio [1.056 1.059 1.012 1.053 1.14  1.181]
      mean SE / SD             [1.026 1.027 1.004 1.024 1.065 1.084]
      ... point-identified only [1.026 1.027 1.004 1.021 1.049 1.064]
    --- factor_hpool
      mean treated term        [6.866 9.116 9.537 9.225 8.62  7.905]  ratio [1.012 0.887 1.016 0.974 1.07  1.021]
      mean control term        [ 5.224 11.828 17.65  20.856 22.141 22.546]  ratio [1.049 1.197 1.069 1.107 1.181 1.207]
      mean cross term          [0.061 0.108 0.08  0.052 0.035 0.026]
      mean total var (G/(G-1)) [12.169 21.08  27.3   30.168 30.832 30.513]  ratio [1.063 1.079 1.059 1.115 1.211 1.27 ]
      mean SE / SD             [1.029 1.037 1.025 1.052 1.096 1.12 ]
      ... point-identified only [1.029 1.037 1.025 1.049 1.08  1.1  ]

Reading. The treated term matches var(m1) (ratio 0.89-1.07) and the G/(G-1) factor is
negligible (G ~ 469 persons: +0.2 %); the IPCW cap never binds; replications without
positivity (2, 18, 52 at k = 4, 5, 6) move the ratio by under 0.02. The over-statement is in
the control term, and there in the row hazard hx: the smoothed pool cumulative incidence of
``_control_regression`` (fitted on the pool observed at k, not censored at the later start
as the KM is, and differenced over horizons) predicts 11-25 % more events than the KM's own
data have at quarters 2-6 (``sum a Y hx / sum a dN``), and the misfit Y (h - hx) enters
every residual. With the factor the control term is then 1.14-1.60 var(m0). Rescaling hx to
the KM's level (``factor_cal``) removes part of it; taking hx from a weighted least-squares
hazard fit on the KM's own data (``factor_hfit``) gives SE/SD 1.00-1.08 at all horizons.
The cross term is near zero in every variant (as it should: few persons are on both sides),
while the Monte Carlo -2 cov(m1, m0) is -0.1 to -2.4: a small under-statement left.

Shipped in the thirty-fifth session: ``factor_hpool`` (SE / SD 1.03-1.12 here, inside the
band of ``tests/test_linearized_se.py``), with the MOVER interval of
``effects._mover_interval``, which the inburgering study needed (``benchmarks/
never_inburgering.py``: there ``factor_pool`` and ``factor_hfit`` failed by the interval's
shape, not its level). The thirty-fourth session's record follows. Both candidate fixes
were put in ``effects`` and Monte Carlo files regenerated (thirty-fourth session): the
inburgering study's matched "now versus never" point estimates then covered, at quarters 4
and 5 (331 and 226 of 400 data sets; the shipped old variant: 0.906 and 0.956),

- ``factor_hfit``: 0.85 and 0.78 (Appendix A's three measures stayed in the band:
  0.944-0.970 at quarters 4-8);
- ``factor_pool`` (the plain product-limit influence, R's ``survfit``): 0.879 and 0.867;

so on the inburgering study, whose inverse probability of censoring weights are heavy (a
median of about five effective persons behind a variance), the correct Kaplan-Meier influence
under-covers, and the old variant's two errors (the missing factor, the over-stating row
hazard) cancel there by chance. That record concluded that a term this decomposition does
not hold (the estimated IPCW and propensity coefficients, or the weights' own variability)
had to be found before the factor could ship; it shipped instead with the pool's residual
hazard and the MOVER interval (above), which mend the inburgering study's coverage by the
interval's shape.

Earlier reading, with ``factor_hfit`` in ``effects`` (``_km_hazard_fit``; the test's own estimator via
``effect_curves``, R = 300): matched now_vs_never SE/SD 1.026 1.027 1.004 1.024 1.065 1.084
(before 0.965 0.96 0.955 0.991 1.046 1.099), naive 1.014 0.946 0.994 0.987 1.031 1.03
(before 1.004 0.93 0.971 0.96 1.0 0.996), now_vs_later unchanged. On Appendix A's IBO study
(``benchmarks/ipcw_correction.py --study ibo --replications 200``, the shipped seeds; ``fixed``
is the package's SE with the fix, ``pooledh`` the KM's pooled hazard with the factor)::

     k   se_variant   R  bias    sd  mean_se  se_over_sd  ratio_mcse  coverage  coverage_mcse
     4        fixed 200 0.227 3.121    3.118       0.999       0.050     0.965          0.013
     4         corr 200 0.227 3.121    3.116       0.998       0.050     0.965          0.013
     4      pooledh 200 0.227 3.121    3.182       1.020       0.051     0.965          0.013
     4 pooledh_corr 200 0.227 3.121    3.177       1.018       0.051     0.965          0.013
     5        fixed 200 0.183 3.227    3.230       1.001       0.050     0.950          0.015
     5         corr 200 0.183 3.227    3.226       1.000       0.050     0.950          0.015
     5      pooledh 200 0.183 3.227    3.301       1.023       0.051     0.950          0.015
     5 pooledh_corr 200 0.183 3.227    3.294       1.021       0.051     0.950          0.015
     6        fixed 200 0.265 3.086    3.305       1.071       0.054     0.955          0.015
     6         corr 200 0.265 3.086    3.301       1.070       0.054     0.955          0.015
     6      pooledh 200 0.265 3.086    3.386       1.097       0.055     0.960          0.014
     6 pooledh_corr 200 0.265 3.086    3.377       1.094       0.055     0.960          0.014
     7        fixed 200 0.255 3.216    3.350       1.042       0.052     0.960          0.014
     7         corr 200 0.255 3.216    3.346       1.040       0.052     0.960          0.014
     7      pooledh 200 0.255 3.216    3.441       1.070       0.054     0.970          0.012
     7 pooledh_corr 200 0.255 3.216    3.429       1.066       0.053     0.970          0.012
     8        fixed 200 0.410 3.399    3.380       0.994       0.050     0.955          0.015
     8         corr 200 0.410 3.399    3.375       0.993       0.050     0.950          0.015
     8      pooledh 200 0.410 3.399    3.478       1.023       0.051     0.955          0.015
     8 pooledh_corr 200 0.410 3.399    3.462       1.019       0.051     0.955          0.015

(factor alone, issue 14: coverage 0.965 0.955 0.955 0.960 0.955, SE/SD 1.01-1.08.)
"""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests"))
from test_linearized_se import _design  # noqa: E402

from mia_helpers import effects as ef  # noqa: E402
from mia_helpers.matching import pair_weights  # noqa: E402

E_ = "now_vs_never"
K = 6
VARIANTS = ("old", "factor", "factor_pool", "factor_cal", "factor_hfit", "factor_hpool")


def _hazard_fit(a, at_risk, event, x, k):
    """(n, k) fitted hazard of a weighted least-squares fit per quarter l <= k of dN_l on
    [1, x] among the rows at risk at l, weights a_l (the Kaplan-Meier's own data)."""
    D = np.hstack([np.ones((x.shape[0], 1)), x])
    out = np.zeros((x.shape[0], k))
    for j in range(k):
        wl = a[:, j] * at_risk[:, j]
        if wl.sum() <= 0:
            continue
        M = (D * wl[:, None]).T @ D
        M += 1e-8 * np.trace(M) / M.shape[0] * np.eye(M.shape[0])
        b = np.linalg.solve(M, (D * wl[:, None]).T @ event[:, j].astype(float))
        out[:, j] = np.clip(D @ b, 0.0, 1.0)
    return out


def _km_phi(a, at_risk, event, hx, k, variant, x=None, hpool=None):
    num = (a[:, :k] * event[:, :k]).sum(axis=0)
    den = (a[:, :k] * at_risk[:, :k]).sum(axis=0)
    h = np.where(den > 0, num / np.where(den > 0, den, 1), 0.0)
    S = float(np.prod(1.0 - h))
    hh = np.broadcast_to(h, (a.shape[0], k)) if variant == "factor_pool" else hx[:, :k]
    if variant == "factor_hfit":
        hh = _hazard_fit(a, at_risk, event, x, k)
    if variant == "factor_hpool":
        hh = hpool[:, :k]
    if variant == "factor_cal":  # hx rescaled per quarter: the weighted residuals sum to 0
        ex = (a[:, :k] * at_risk[:, :k] * hx[:, :k]).sum(axis=0)
        hh = np.clip(hx[:, :k] * np.where(ex > 0, num / np.where(ex > 0, ex, 1), 0.0), 0, 1)
    r = a[:, :k] * (event[:, :k] - at_risk[:, :k] * hh)
    if variant == "old":
        live = den > 0
        q = np.where(live, 1.0 / np.where(live, den, 1), 0.0)
    else:
        live = (den > 0) & (h < 1)
        q = np.where(live, 1.0 / np.where(live, den * (1.0 - h), 1), 0.0)
    return S * (r * q).sum(axis=1)


def decompose(ea, oa, eta, beta_l):
    """{variant: (3, K) [treated, control, cross] terms and (K,) total variance incl. G/(G-1)}"""
    E, S, A, person = oa.E, oa.S, oa.A, ea.person
    P = int(person.max()) + 1
    n_rows = len(E)
    ks = np.arange(1, K + 1)
    tp, cp = ea.treated_pos, ea.control
    w = pair_weights(tp)
    crow = np.unique(cp)
    pos = np.zeros(n_rows, np.int64)
    pos[crow] = np.arange(crow.size)
    mu0 = ef._control_regression(ea.X, ea.risk_set, ea.treated, E, A, K, crow)
    tu, tinv = np.unique(tp, return_inverse=True)
    at_all = ks[None, :] <= np.minimum(np.minimum(E, S), A)[:, None]
    ev_all = at_all & (E[:, None] == ks[None, :])
    hx_c = ef._hazards_from_cumulative(mu0)
    hpool = ef._pool_hazard_fit(ea.X, ea.treated, E, S, A, K, np.arange(n_rows))
    ipcw_rows = ef._ipcw(eta, beta_l, oa.reg, K)
    wn = np.bincount(tinv, w, tu.size)
    out = {v: (np.full((3, K), np.nan), np.full(K, np.nan)) for v in VARIANTS}
    out["level"] = np.full(K, np.nan)
    out["G"] = np.full(K, np.nan)
    out["capped"] = np.full(K, np.nan)
    out["unsupported"] = ef._ipcw_capped_share(eta, beta_l, tp, cp, w, A, K)
    for k in ks:
        obs_t = A[tu] >= k
        Wj = np.bincount(cp, w * (A[tp] >= k), n_rows)
        cj = np.flatnonzero(Wj > 0)
        a = Wj[cj, None] * ipcw_rows[cj]
        f0 = np.bincount(tinv, w * mu0[pos[cp], k - 1], tu.size) / wn
        yt = (E[tu] <= k).astype(float)
        n = int(obs_t.sum())
        d = (yt - f0)[obs_t]
        pt = np.bincount(person[tu[obs_t]], (d - d.mean()) / np.sqrt(n * (n - 1)), P)
        inv = np.zeros(P, bool)
        inv[person[tu[obs_t]]] = True
        inv[person[cj]] = True
        G = inv.sum()
        out["G"][k - 1] = G
        out["capped"][k - 1] = (a * (ipcw_rows[cj] >= 0.999 / ef._IPCW_FLOOR)).sum() / a.sum()
        if k == K:  # expected over observed events of hx, per quarter (1: hx has the KM's level)
            ar, evk = at_all[cj], ev_all[cj]
            out["level"] = ((a * ar * hx_c[pos[cj]]).sum(axis=0)
                            / np.maximum((a * evk).sum(axis=0), 1e-12))
        for v in VARIANTS:
            phi = _km_phi(a, at_all[cj], ev_all[cj], hx_c[pos[cj]], k, v, ea.X[cj],
                          hpool[cj])
            pc = np.bincount(person[cj], phi, P)
            out[v][0][:, k - 1] = [(pt ** 2).sum(), (pc ** 2).sum(), -2 * (pt * pc).sum()]
            psi = (pt - pc)[inv]
            out[v][1][k - 1] = G / (G - 1) * ((psi - psi.mean()) ** 2).sum()
    return out


def main(R: int = 300) -> None:
    warnings.simplefilter("ignore")
    rng = np.random.default_rng(0)
    m1s, m0s, terms, tot, lev = [], [], {v: [] for v in VARIANTS}, {v: [] for v in VARIANTS}, []
    gs, caps, uns = [], [], []
    for _ in range(R):
        ea, oa = _design(rng)
        eta, bl = ef._fit_ipcw_arrays(ea.X, ea.names, ea.control, ea.weight, oa.E, oa.S, oa.A,
                                      oa.reg, K)
        m1, m0, _ = ef._estimate_arrays(ea.distance, ea.stratum, ea.risk_set, ea.treated, ea.k,
                                        ea.cal_abs, oa.E, oa.S, oa.A, oa.reg, eta, bl, K, (E_,),
                                        ea.person)[(E_, "matched")]
        m1s.append(m1)
        m0s.append(m0)
        dec = decompose(ea, oa, eta, bl)
        lev.append(dec["level"])
        gs.append(dec["G"])
        caps.append(dec["capped"])
        uns.append(dec["unsupported"])
        for v in VARIANTS:
            terms[v].append(dec[v][0])
            tot[v].append(dec[v][1])
    m1s, m0s = np.array(m1s), np.array(m0s)
    att = m1s - m0s
    vm1, vm0 = m1s.var(axis=0, ddof=1), m0s.var(axis=0, ddof=1)
    cov = np.array([np.cov(m1s[:, j], m0s[:, j])[0, 1] for j in range(K)])
    vatt = att.var(axis=0, ddof=1)
    np.set_printoptions(precision=3, suppress=True, linewidth=120)
    print(f"R = {R}; horizons 1..{K}; figures x 1e4 (variances of shares)")
    print("Monte Carlo  var(m1)      ", vm1 * 1e4)
    print("Monte Carlo  var(m0)      ", vm0 * 1e4)
    print("Monte Carlo  -2cov(m1,m0) ", -2 * cov * 1e4)
    print("Monte Carlo  var(m1-m0)   ", vatt * 1e4)
    print(f"sum a Y hx / sum a dN per quarter l (horizon {K}; mean over replications): ",
          np.nanmean(lev, axis=0))
    print("mean persons G per horizon:", np.nanmean(gs, axis=0), " so G/(G-1) - 1 <=",
          np.nanmax(1 / (np.array(gs) - 1)))
    print("largest share of KM weight at the IPCW cap:", np.nanmax(caps))
    print("replications not point-identified (unsupported share > 0) per horizon:",
          (np.array(uns) > 0).sum(axis=0))
    for v in VARIANTS:
        T = np.nanmean(np.array(terms[v]), axis=0)
        se = np.sqrt(np.array(tot[v]))
        print(f"--- {v}")
        print("  mean treated term       ", T[0] * 1e4, " ratio", T[0] / vm1)
        print("  mean control term       ", T[1] * 1e4, " ratio", T[1] / vm0)
        print("  mean cross term         ", T[2] * 1e4)
        print("  mean total var (G/(G-1))", np.nanmean(tot[v], axis=0) * 1e4,
              " ratio", np.nanmean(tot[v], axis=0) / vatt)
        print("  mean SE / SD            ", np.nanmean(se, axis=0) / np.sqrt(vatt))
        ok = np.array(uns) == 0
        print("  ... point-identified only", np.array([
            np.nanmean(se[ok[:, j], j]) / np.std(att[ok[:, j], j], ddof=1) for j in range(K)]))


if __name__ == "__main__":
    main(int(sys.argv[1]) if len(sys.argv) > 1 else 300)
