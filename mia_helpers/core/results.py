"""One results vocabulary: the coefficient table every fitted model's ``.tidy(level)`` returns.

Columns (in this order): ``term``, ``estimate`` (log odds ratio, log hazard ratio or log relative
risk ratio), ``se`` (person-clustered unless the model says otherwise), ``statistic``
(Wald z = estimate / se), ``p_value`` (two-sided, normal), ``ci_low``, ``ci_high``
(Wald interval at the caller's ``level``, on the estimate's scale), ``exp_estimate``,
``exp_ci_low``, ``exp_ci_high`` (exponentiated), ``exp_kind`` (what the exponentiated
columns are: :data:`EXP_KIND`), ``identified`` (False: the maximum likelihood estimate does not
exist or the term was dropped; its estimate columns are NaN). Models add ``n``, ``n_persons``,
``n_events`` (and ``outcome`` for the multinomial logit) where they apply, and ``df_resid``: the
residual degrees of freedom, observations minus identified parameters (statsmodels'
``df_resid``), which disclosure control compares with acro's ``safe_dof_threshold``
(:func:`mia_helpers.disclosure.suppress`, ``dof=``).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from mia_helpers.core.levels import critical_value

#: what ``exp(estimate)`` is, by model kind
EXP_KIND = {"logit": "odds ratio", "cloglog": "hazard ratio", "mnl": "relative risk ratio"}

TIDY_COLUMNS = ["term", "estimate", "se", "statistic", "p_value", "ci_low", "ci_high",
                "exp_estimate", "exp_ci_low", "exp_ci_high", "exp_kind", "identified"]


def coefficient_table(
    terms: Sequence[str],
    estimate: np.ndarray,
    se: np.ndarray,
    level: float,
    exp_kind: str,
    identified: np.ndarray | None = None,
) -> pd.DataFrame:
    """The :data:`TIDY_COLUMNS` table of Wald statistics at confidence ``level``.

    Parameters
    ----------
    terms : term names, length k.
    estimate, se : (k,) float, on the linear-predictor scale.
    level : confidence level in (0, 1), e.g. 0.95.
    exp_kind : ``"odds ratio"``, ``"hazard ratio"`` or ``"relative risk ratio"``.
    identified : (k,) bool; where False every estimate column is NaN.

    Returns
    -------
    pandas.DataFrame
        One row per term, columns :data:`TIDY_COLUMNS` (Wald z statistic, two-sided normal p
        value, ``exp_*`` the exponentiated estimate and bounds).

    Raises
    ------
    ValueError
        If ``level`` is not strictly between 0 and 1 (:func:`mia_helpers.core.check_level`).
    """
    z = critical_value(level)
    est = np.asarray(estimate, np.float64).copy()
    se = np.asarray(se, np.float64).copy()
    ident = np.ones(len(est), bool) if identified is None else np.asarray(identified, bool)
    est[~ident] = np.nan
    se[~ident] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        stat = est / se
    out = pd.DataFrame({
        "term": list(terms),
        "estimate": est,
        "se": se,
        "statistic": stat,
        "p_value": 2 * stats.norm.sf(np.abs(stat)),
        "ci_low": est - z * se,
        "ci_high": est + z * se,
    })
    out["exp_estimate"] = np.exp(out["estimate"])
    out["exp_ci_low"] = np.exp(out["ci_low"])
    out["exp_ci_high"] = np.exp(out["ci_high"])
    out["exp_kind"] = exp_kind
    out["identified"] = ident
    return out
