"""The cluster-robust sandwich covariance, with its small-sample correction as an argument.

``V = c * A^-1 (sum_g s_g s_g') A^-1`` where ``A`` is the information (minus the Hessian of the
log likelihood), ``s_g`` the score summed over the rows of cluster ``g`` and ``c`` the
small-sample factor:

- ``"statsmodels"`` (default): ``G/(G-1) * (N-1)/(N-K)``, what statsmodels applies for
  ``cov_type="cluster"`` (``use_correction=True``; ``statsmodels.stats.sandwich_covariance.
  cov_cluster``), also Stata's default for ``vce(cluster)`` in regress-type models;
- ``"G/(G-1)"``: the cluster-count factor only (Stata's for ``logit, vce(cluster)``);
- ``"none"``: no correction.

``G`` clusters, ``N`` observations (rows of the *expanded* data: person-periods, not cells) and
``K`` estimated parameters.
"""

from __future__ import annotations

from typing import Literal

import numpy as np

Correction = Literal["statsmodels", "G/(G-1)", "none"]

#: the default small-sample correction of every clustered covariance in mia_helpers
DEFAULT_CORRECTION: Correction = "statsmodels"


def small_sample_factor(n_clusters: int, n_obs: int, n_params: int,
                        correction: Correction = DEFAULT_CORRECTION) -> float:
    """The factor ``c`` of :func:`cluster_covariance` (see the module docstring).

    Raises
    ------
    ValueError
        For an unknown ``correction`` or fewer than two clusters.
    """
    G, N, K = int(n_clusters), int(n_obs), int(n_params)
    if correction == "none":
        return 1.0
    if G < 2:
        raise ValueError(f"a cluster-robust covariance needs at least 2 clusters, got {G}")
    if correction == "G/(G-1)":
        return G / (G - 1)
    if correction == "statsmodels":
        if N <= K:
            raise ValueError(f"n_obs ({N}) must exceed n_params ({K})")
        return G / (G - 1) * (N - 1) / (N - K)
    raise ValueError(f"correction must be 'statsmodels', 'G/(G-1)' or 'none', got {correction!r}")


def cluster_sums(scores: np.ndarray, groups: np.ndarray) -> np.ndarray:
    """Per-cluster sums of row scores.

    Parameters
    ----------
    scores : (n, k) float
    groups : (n,) cluster labels (any hashable dtype numpy can sort).

    Returns
    -------
    (G, k) float64, clusters in sorted label order.
    """
    scores = np.asarray(scores, np.float64)
    codes_, _ = _factorize(groups)
    out = np.zeros((int(codes_.max()) + 1 if codes_.size else 0, scores.shape[1]))
    np.add.at(out, codes_, scores)
    return out


def _factorize(groups: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    uniq, inv = np.unique(np.asarray(groups), return_inverse=True)
    return inv.ravel(), uniq


def cluster_covariance(
    bread_inv: np.ndarray,
    cluster_scores: np.ndarray,
    n_obs: int,
    correction: Correction = DEFAULT_CORRECTION,
) -> np.ndarray:
    """Cluster-robust sandwich ``c * B (S'S) B`` with ``B = bread_inv`` (inverse information,
    (k, k)) and ``S = cluster_scores`` ((G, k), one summed score per cluster); ``c`` from
    :func:`small_sample_factor` with ``K = k``.

    Returns
    -------
    (k, k) float64 covariance matrix.

    Raises
    ------
    ValueError
        As :func:`small_sample_factor`: an unknown ``correction``, fewer than two clusters, or
        ``n_obs <= k`` with the ``"statsmodels"`` correction.
    """
    S = np.asarray(cluster_scores, np.float64)
    G, k = S.shape
    c = small_sample_factor(G, n_obs, k, correction)
    return c * (bread_inv @ (S.T @ S) @ bread_inv)
