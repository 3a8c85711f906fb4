"""Published effect tables whose disclosure rule reads more than the effects themselves.

:func:`summary_table` is :func:`mia_helpers.effects.summary_table` with each measure's matched
starters (the common-support table's ``n_matched``, :func:`mia_helpers.effects.support_table`)
as quarter 0 of the rule on successive horizons: a reader who holds both tables may not learn,
by subtraction, that fewer than ``min_cell`` starters left the follow-up before the first
quarter shown (seen with ``min_cell`` 10: 39 matched starters of sanction transmission, 30 at
quarter 4, so 9 starters censored in between). It lives here, not in ``effects.py``, because
editing that module makes the shipped Monte Carlo results stale (their fingerprint); the rule
belongs in ``effects.summary_table`` at the next regeneration.

References
----------
Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley (differencing of nested
tables, section 4.2).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from typing import Any

import pandas as pd

from mia_helpers.disclosure import Protected

__all__ = ["estimate_grid", "summary_table"]


def summary_table(tidy: pd.DataFrame, result: Any, quarters: Sequence[int] = (4, 5, 8),
                  min_cell: int = 10) -> Protected:
    """The effects summary (:func:`mia_helpers.effects.summary_table`, same rows, columns and
    markers) with the matched starters as the first horizon of each measure's count sequence.

    Parameters
    ----------
    tidy : DataFrame
        ``EffectsResult.tidy`` rows (``measure``, ``estimand``, ``estimator``,
        ``quarter_since_start``, ``att_pp``, ``att_rel``, ``ci_low``, ``ci_high``,
        ``n_treated``, ...), as for ``effects.summary_table``.
    result : EffectsResult
        The result ``tidy`` came from: its ``support()`` gives the matched starters per measure
        (summed over risk sets, as the common-support table publishes them).
    quarters : sequence of int
        Horizons shown (quarters since the start, >= 1).
    min_cell : int
        Disclosure threshold (persons).

    Returns
    -------
    Protected
        As ``effects.summary_table``; a count is also hidden (``horizon``) where it falls short
        of the matched starters by fewer than ``min_cell`` persons (and the rule then goes on
        from the starters to the next horizon shown).

    Raises
    ------
    ValueError
        If a quarter is below 1, or a measure of ``tidy`` has no row in ``result.support()``.
    """
    from mia_helpers import effects

    if any(int(q) < 1 for q in quarters):
        raise ValueError(f"quarters must be >= 1 (quarter 0 holds the starters): {quarters}")
    starters = result.support().groupby("measure", sort=False, observed=True)["n_matched"].sum()
    starters.index = starters.index.astype(str)
    keys = tidy.loc[tidy["estimator"].astype(str) == "matched", ["measure", "estimand"]]
    keys = keys.astype(str).drop_duplicates()
    missing = sorted(set(keys["measure"]) - set(starters.index))
    if missing:
        raise ValueError(f"summary_table: no matched starters in result.support() for "
                         f"{missing}; pass the EffectsResult the tidy rows come from")
    q0 = keys.assign(estimator="matched", quarter_since_start=0,
                     n_treated=keys["measure"].map(starters).to_numpy())
    rows = pd.concat([tidy.astype({"measure": str, "estimand": str, "estimator": str}), q0],
                     ignore_index=True)
    table = effects.summary_table(rows, (0, *quarters), min_cell=min_cell)
    keep = (table.data["quarter_since_start"] != 0).to_numpy()
    return replace(table, data=table.data[keep].reset_index(drop=True),
                   reason=table.reason[keep].reset_index(drop=True))


def estimate_grid(rows: pd.DataFrame, index: str, columns: str, min_cell: int = 10,
                  name: str = "effect estimates", decimals: int = 2) -> pd.DataFrame:
    """A grid of matched effects (``att_pp``) for an exercise or a comparison, each estimate
    shown only when at least ``min_cell`` treated lie behind it, the counts hidden where
    they change by fewer than ``min_cell`` between successive horizons.

    Parameters
    ----------
    rows : DataFrame
        One row per cell with ``index``, ``columns``, ``att_pp`` (pp) and ``n_treated``
        (matched treated behind it, int); ``quarter_since_start`` as ``index`` or ``columns``
        makes the cells of one row (or column) a cohort's successive horizons.
    index, columns : str
        Columns of ``rows`` spanning the grid.
    min_cell : int
        Disclosure threshold (persons).
    name : str
        The table's name in the run's checking record.
    decimals : int
        Rounding of the published estimates.

    Returns
    -------
    DataFrame
        ``index`` x ``columns``, estimates as published (text markers where hidden, ``x``).

    Raises
    ------
    ValueError
        Naming the missing columns of ``rows``.
    """
    from mia_helpers.disclosure import suppress
    from mia_helpers.labels import require_columns

    quarter = "quarter_since_start"
    require_columns(rows, [index, columns, "att_pp", "n_treated"], "effect_tables.estimate_grid",
                    "EffectsResult.tidy")
    d = rows[[index, columns, "att_pp", "n_treated"]].assign(att_pp=rows["att_pp"].round(decimals))
    other = columns if index == quarter else index if columns == quarter else None
    t = suppress(d, count_cols=["n_treated"], value_cols={"att_pp": "n_treated"},
                 min_cell=min_cell, name=name,
                 sequence=(quarter, [other]) if other is not None else None)
    shown = t.render()
    return shown.pivot(index=index, columns=columns, values="att_pp")
