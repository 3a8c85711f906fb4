"""Published effect tables whose disclosure rule reads more than the effects themselves.

:func:`summary_table` is :func:`mia_helpers.effects.summary_table` with each measure's matched
starters (the common-support table's ``n_matched``, :func:`mia_helpers.effects.support_table`)
as quarter 0 of the rule on successive horizons: a reader who holds both tables may not learn,
by subtraction, that fewer than ``min_cell`` starters left the follow-up before the first
quarter shown (seen with ``min_cell`` 10: 39 matched starters of sanction transmission, 30 at
quarter 4, so 9 starters censored in between), and with the relative effect hidden where,
with the matched effect, it gives a small number of starters who entered or did not
(:func:`hide_relative_effects`). The starters' rule lives here, not in ``effects.py``, because
it reads the support table, which the estimators' summary does not take. The relative-effect
rules read only the effect rows: :func:`mia_helpers.effects.summary_table` and
:func:`mia_helpers.newcomers.measure_comparison` apply them themselves (by
:func:`hide_relative_effects` and :func:`hide_comparison_shares`, kept here with the other
rules), so that no public table function returns a relative effect that gives the entrants.

References
----------
Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley (differencing of nested
tables, section 4.2).
"""

from __future__ import annotations

import numbers
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import numpy as np
import pandas as pd

from mia_helpers.disclosure import (
    Protected,
    hide_more,
    record_hidden,
    x_bounds_gap,
    zeros_of_small_groups,
)
from mia_helpers.twin_persons import (  # the chapters join the twins with it
    TREATED_COLUMNS,
    TWIN_COLUMNS,
    with_twin_persons,
)

__all__ = ["caliper_table", "entrants_small", "entrants_steps_behind", "entrants_steps_small",
           "balance_published", "balance_unsafe", "hide_comparison_shares",
           "hide_relative_effects", "love_published", "merge_bins_by_persons",
           "support_histogram", "support_persons", "support_published",
           "starts_by_few_persons", "few_persons", "comparison_starts_by_few_persons",
           "bound_gives_share", "clipped_bounds_small", "bound_horizons",
           "clipped_bounds_behind",
           "estimate_grid", "effect_grid", "effect_pins_count", "grid_pins_count", "share_pins_count", "treated_share_read", "bound_pins_count",
           "mover_sides_read",
           "summary_quarters", "summary_table", "treated_share_small", "with_starters",
           "one_side_small", "one_side_behind", "hide_one_sided_points", "estimate_shown",
           "with_twin_persons", "summary_hides", "hide_as_summary", "published_curves"]


def summary_quarters(max_quarter: int) -> tuple[int, ...]:
    """The horizons of chapter 4's summary table: 4, 5 and 8 quarters where estimated (up to
    ``max_quarter``), else ``max_quarter`` alone. The relative effects the table and the
    prose may show depend on this set (:func:`entrants_steps_small`)."""
    return tuple(q for q in (4, 5, 8) if q <= int(max_quarter)) or (int(max_quarter),)


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
        from the starters to the next horizon shown), and a naive effect (``derived``) where
        its own starters, or its pool, who entered or did not number fewer than ``min_cell``
        (:func:`one_side_small` of the naive row, as the figures apply it; dpo29); a count
        of 0 treated at a horizon of a measure matched for fewer than ``min_cell`` starters
        (each of them not followed that long) is hidden too (``complement``,
        :func:`mia_helpers.disclosure.zeros_of_small_groups`; dpo36).

    Raises
    ------
    ValueError
        If a quarter is below 1, or a measure of ``tidy`` has no row in ``result.support()``.
    """
    from mia_helpers import effects

    if any(int(q) < 1 for q in quarters):
        raise ValueError(f"quarters must be >= 1 (quarter 0 holds the starters): {quarters}")
    rows = with_starters(tidy, result)
    # effects.summary_table hides the relative effects that give the entrants itself
    # (hide_relative_effects; the quarter-0 rows carry no estimate, so they hide nothing)
    table = effects.summary_table(rows, (0, *quarters), min_cell=min_cell)
    keep = (table.data["quarter_since_start"] != 0).to_numpy()
    at = np.cumsum(keep) - 1  # a kept row's new position: its hidden zeros keep their mark
    table = replace(table, data=table.data[keep].reset_index(drop=True),
                    reason=table.reason[keep].reset_index(drop=True),
                    zeros=frozenset((c, int(at[i])) for c, i in table.zeros if keep[i]))
    # dpo36: 0 treated at a horizon of a measure matched for fewer than min_cell starters
    # tells each of them was not followed that long (a zero of a small group): hidden
    first = rows[(pd.to_numeric(rows["quarter_since_start"]) == 0)
                 & (rows["estimator"].astype(str) == "matched")]
    matched = dict(zip(zip(first["measure"].astype(str), first["estimand"].astype(str),
                           strict=True), pd.to_numeric(first["n_treated"]), strict=True))
    group = [matched.get((m, e), np.nan) for m, e in zip(
        table.data["measure"].astype(str), table.data["estimand"].astype(str), strict=True)]
    zero = zeros_of_small_groups(table.data, ["n_treated"], np.asarray(group, float),
                                 min_cell)["n_treated"]
    table = hide_more(table, {c: zero for c in table.data.columns
                              if c == "n_treated" or c.endswith(("_pp", "_pct"))
                              or c.startswith("ci_")}, "complement",
                      "effects summary: no treated left of fewer than min_cell matched", min_cell)
    # the starters count starts: where they are at least min_cell starts by fewer persons,
    # the count and every value on it go, as the primary rule hides them on few starts (nvn24)
    few = starts_by_few_persons(tidy, table.data, min_cell)
    values = [c for c in table.data.columns
              if c == "n_treated" or c.endswith(("_pp", "_pct")) or c.startswith("ci_")]
    table = hide_more(table, dict.fromkeys(values, few), "derived",
                      "effects summary: starts by fewer persons than min_cell", min_cell)
    if "naive_pp" not in table.data.columns:
        return table
    # the naive effect on its own starters and pool, by the rule of the matched one (dpo29,
    # seed 4242, 1,500 residents, 500 newcomers, min_cell 20: basic training's naive -5.1 pp
    # at quarter 1 rested on 7 starters who had entered)
    naive = one_side_small(_matched_behind(tidy, table.data, None, "naive"), min_cell)
    if not naive.any():
        return table
    return hide_more(table, {"naive_pp": naive}, "derived",
                     "effects summary: naive effect on few entrants", min_cell)


def starts_by_few_persons(tidy: pd.DataFrame, rows: pd.DataFrame, min_cell: int) -> np.ndarray:
    """Whether each row of a summary (``measure``, ``estimand``, ``quarter_since_start``, and
    ``n_treated``: the matched starts behind it) publishes at least ``min_cell`` starts made by
    fewer than ``min_cell`` distinct persons (bool per row of ``rows``). ``n_treated`` counts
    starts, a person's first start of the measure in each registration spell
    (:mod:`mia_helpers.twin_persons`); the persons are the matched rows' ``treated_persons``
    of ``tidy`` (:func:`~mia_helpers.twin_persons.with_twin_persons`). All False where ``tidy``
    lacks them (its rows then count starts only) or ``min_cell`` is 0 or less; a row whose
    persons are missing is not hidden by this rule."""
    if min_cell <= 0 or rows.empty or "treated_persons" not in tidy.columns:
        return np.zeros(len(rows), bool)
    keys = ["measure", "estimand", "quarter_since_start"]
    m = tidy[tidy["estimator"].astype(str) == "matched"]
    persons = pd.Series(pd.to_numeric(m["treated_persons"], errors="coerce").to_numpy(),
                        index=pd.MultiIndex.from_arrays(
                            [m["measure"].astype(str), m["estimand"].astype(str),
                             pd.to_numeric(m["quarter_since_start"]).astype(np.int64)],
                            names=keys))
    persons = persons[~persons.index.duplicated()]
    at = pd.MultiIndex.from_arrays([rows["measure"].astype(str), rows["estimand"].astype(str),
                                    pd.to_numeric(rows["quarter_since_start"]).astype(np.int64)],
                                   names=keys)
    return few_persons(rows["n_treated"], persons.reindex(at), min_cell)


def few_persons(starts: Any, persons: Any, min_cell: int) -> np.ndarray:
    """The rule of :func:`starts_by_few_persons` and :func:`support_published` on aligned
    arrays: where a count of ``starts`` (or rows) of at least ``min_cell`` rests on fewer than
    ``min_cell`` distinct ``persons`` (bool per entry). A missing count or person count
    (non-numeric, NaN) is not hidden by this rule; nothing is where ``min_cell`` is 0 or less.
    Raises ``ValueError`` when ``starts`` and ``persons`` differ in length."""
    n, p = (pd.to_numeric(pd.Series(np.asarray(x, dtype=object)), errors="coerce")
            .astype(float).to_numpy() for x in (starts, persons))
    if n.shape != p.shape:
        raise ValueError(f"few_persons: {len(n)} counts against {len(p)} person counts; "
                         "pass one person count per count")
    if min_cell <= 0:
        return np.zeros(len(n), bool)
    return (p < min_cell) & (n >= min_cell)


#: the count columns of the common-support table and, per column, the distinct persons
#: :func:`support_persons` counts behind it
SUPPORT_PERSONS = {"n_treated": "treated_persons", "n_pool": "pool_persons",
                   "n_matched": "matched_persons", "n_dropped": "dropped_persons"}


def support_persons(result: Any) -> pd.DataFrame:
    """Distinct persons behind each count of the common-support table, per measure:
    ``measure`` and the int64 columns of :data:`SUPPORT_PERSONS`'s values. The table's counts
    are risk-set rows summed over elapsed durations (:func:`mia_helpers.effects.support_table`):
    a starter's first start of the measure in each registration spell is one row, so a person
    who started in two spells counts twice, and a pool member once per duration at risk. Here
    each person counts once: among the starters (treated rows), the matched (a treated row
    with a twin), the dropped (a treated row without one) and the pool (the other rows).

    ``result``: an :class:`~mia_helpers.effects.EffectsResult` (``matches``: measure -> match
    with ``rows``, holding ``person_id`` and ``treated``, and ``pairs``, holding the matched
    starters' row positions in ``treated``).

    Raises
    ------
    ValueError
        Naming the measure whose match rows lack ``person_id`` or ``treated``.
    """
    out = []
    for measure, res in result.matches.items():
        missing = [c for c in ("person_id", "treated") if c not in res.rows.columns]
        if missing:
            raise ValueError(f"support_persons: the match rows of {measure!r} lack {missing}; "
                             "the common-support counts cannot be counted in persons")
        person = res.rows["person_id"].to_numpy()
        treated = res.rows["treated"].to_numpy(bool)
        matched = np.zeros(len(person), bool)
        matched[res.pairs["treated"].to_numpy(np.int64)] = True
        out.append({"measure": str(measure),
                    "treated_persons": pd.unique(person[treated]).size,
                    "pool_persons": pd.unique(person[~treated]).size,
                    "matched_persons": pd.unique(person[treated & matched]).size,
                    "dropped_persons": pd.unique(person[treated & ~matched]).size})
    cols = ["measure", *SUPPORT_PERSONS.values()]
    return pd.DataFrame(out, columns=cols).astype(dict.fromkeys(cols[1:], np.int64))


def support_published(result: Any, min_cell: int = 10) -> Protected:
    """The common-support table the chapters publish: :func:`mia_helpers.effects.support_table`
    with every count of at least ``min_cell`` rows (starts, or pool quarters) that rests on
    fewer than ``min_cell`` distinct persons (:func:`support_persons`) hidden (``derived``,
    recorded in the checking record), as the primary rule hides a count of few rows, and
    what it would give back hidden with it: the dropped share (``dropped_pct``, with the
    starters it gives the dropped) and, where a row then hides one count alone of ``n_treated
    = n_matched + n_dropped``, the smaller published other one (``complement``). A person who
    started a measure in two registration spells counts twice in the starters (nvn24). A
    measure started by fewer than ``min_cell`` persons has a 0 dropped or matched hidden too
    (``complement``; each starter's outcome: :func:`mia_helpers.disclosure.
    zeros_of_small_groups`; dpo36).

    Raises ``ValueError`` as :func:`mia_helpers.effects.support_table` and
    :func:`support_persons`."""
    from mia_helpers import effects

    table = effects.support_table(result, min_cell=min_cell)
    persons = support_persons(result).set_index("measure").reindex(
        table.data["measure"].astype(str))
    d = table.data
    # dpo36: 0 dropped (or 0 matched) of a measure started by fewer than min_cell persons
    # tells each of them found a twin (or none did): a zero of a small group, hidden
    zero = zeros_of_small_groups(d, ["n_matched", "n_dropped"],
                                 persons["treated_persons"].to_numpy(float), min_cell)
    if any(v.any() for v in zero.values()):
        table = hide_more(table, {**zero, "dropped_pct": zero["n_dropped"] | zero["n_matched"]},
                          "complement", "common support: zeros of measures started by fewer "
                          "persons than min_cell", min_cell)
        d = table.data
    few = {c: few_persons(d[c], persons[p], min_cell) for c, p in SUPPORT_PERSONS.items()}
    anchor = matched_anchor(result, d, min_cell)
    if not any(v.any() for v in few.values()) and not anchor.any():
        return table
    hidden_any = np.logical_or.reduce([few[c] for c in ("n_treated", "n_matched", "n_dropped")])
    if any(v.any() for v in few.values()):
        table = hide_more(table, {**few, "dropped_pct": hidden_any}, "derived",
                          "common support: starts by fewer persons than min_cell", min_cell)
    if anchor.any():
        table = hide_more(table, {"n_matched": anchor, "dropped_pct": anchor}, "complement",
                          "common support: matched starters bounding a hidden horizon",
                          min_cell)
    # n_treated = n_matched + n_dropped: no count hidden alone in a row
    parts = ["n_treated", "n_matched", "n_dropped"]
    gone = table.data[parts].isna().to_numpy()
    more = {c: np.zeros(len(gone), bool) for c in parts}
    for i in np.flatnonzero(gone.sum(axis=1) == 1):
        # the starters hidden: the smaller part; a part hidden: the other part (the smaller
        # published count, as a part is at most the starters)
        left = [c for j, c in enumerate(parts) if not gone[i, j] and c != "n_treated"]
        smallest = min(left, key=lambda c: float(table.data[c].iat[i]))
        more[smallest][i] = True
    if any(v.any() for v in more.values()):
        table = hide_more(table, more, "complement",
                          "common support: complements of starts by few persons", min_cell)
    return table


def matched_anchor(result: Any, support: pd.DataFrame, min_cell: int) -> np.ndarray:
    """Whether each measure's matched starters (``support``'s ``n_matched``) must be hidden
    because the summary tables, which read them as quarter 0 of their horizons
    (:func:`with_starters`), hide a later count as not small (``x``: at least ``min_cell``)
    that the published starters would bound (bool per row of ``support``; dpo45). That is
    where they number ``min_cell`` to ``2 min_cell - 2`` and some matched count of
    ``result.tidy`` at a quarter of 1 or more lies between ``min_cell`` and one fewer than
    them (:func:`mia_helpers.disclosure.x_bounds_gap`, the rule of ``suppress``): the ``x`` then leaves at most the starters less ``min_cell`` censored in between
    (chapter 5, seed 2005, 3,000 residents, 300 newcomers: 11 matched starters of the
    inburgering contract, ``x`` at 4, 5 and 8 quarters, so at most one censored). All False
    where ``result`` has no ``tidy`` with ``measure``, ``estimator``,
    ``quarter_since_start`` and ``n_treated``."""
    out = np.zeros(len(support), bool)
    tidy = getattr(result, "tidy", None)
    need = {"measure", "estimator", "quarter_since_start", "n_treated"}
    if min_cell <= 0 or not isinstance(tidy, pd.DataFrame) or not need <= set(tidy.columns):
        return out
    later = tidy[(tidy["estimator"].astype(str) == "matched")
                 & (pd.to_numeric(tidy["quarter_since_start"], errors="coerce") >= 1)]
    counts = pd.to_numeric(later["n_treated"], errors="coerce")
    by = dict(tuple(counts.groupby(later["measure"].astype(str))))
    matched = pd.to_numeric(support["n_matched"], errors="coerce").to_numpy(float)
    for i, (m, n) in enumerate(zip(support["measure"].astype(str), matched, strict=True)):
        if np.isnan(n) or m not in by:
            continue
        # the suppress rule's own test (val46: written here a second time before)
        out[i] = any(x_bounds_gap(n, c, min_cell) for c in by[m].to_numpy(float))
    return out


#: the tidy column of the twins' own share with the outcome before the bias correction
#: (:func:`mia_helpers.effects.estimate_effects`): the share the disclosure rules count on
UNCORRECTED_SHARE = "control_outcome_uncorrected"


def _twins_share(rows: pd.DataFrame) -> np.ndarray:
    """The twins' own share with the outcome per row (float64, NaN where unknown), the share
    whose product with ``n_treated`` counts the twins with the outcome in treated-equivalents:
    ``control_outcome_uncorrected`` where ``rows`` carries it (NaN there falls back), else
    ``control_outcome``. The matched "now versus later" ``control_outcome`` is bias-corrected
    (Abadie & Imbens 2011), a regression-adjusted share that is no count of persons (it can
    lie outside [0, 1]): a small-cell rule on it hid rows on many twins and published rows on
    few (switch55, ``tests/test_switch55_twin_counts.py``)."""
    share = pd.to_numeric(rows["control_outcome"], errors="coerce").to_numpy(dtype=float)
    if UNCORRECTED_SHARE in rows.columns:
        own = pd.to_numeric(rows[UNCORRECTED_SHARE], errors="coerce").to_numpy(dtype=float)
        share = np.where(np.isfinite(own), own, share)
    return share


def treated_share_small(rows: pd.DataFrame, min_cell: int) -> np.ndarray:
    """Whether a matched row's relative effect would reveal a small count (bool per row).

    ``rows``: effect rows with ``n_treated`` and ``treated_outcome`` (the treated mean at that
    quarter). True where the starters who entered (``treated_outcome`` x ``n_treated``,
    rounded) or those who did not number between 1 and ``min_cell - 1``; False where a
    column is missing or ``min_cell`` is 0 or less. ``n_treated`` counts *starts* (a
    person's first start of the measure in each registration spell), so where ``rows`` has
    ``treated_entered_persons`` and ``treated_not_entered_persons`` (int64, or float64 with
    NaN on rows without them; :func:`mia_helpers.twin_persons.add_twin_persons`) the
    starters are counted as *distinct persons* too: True where either lies between 1 and
    ``min_cell - 1`` (six starts who entered by three persons who started twice are three
    persons; ``tests/test_treated24_persons.py``; treated24). A person count is at most its
    starts and positive where they are, so the persons' rule hides every row the starts'
    rule hides; rows without the persons (NaN, or older rows) keep the starts' rule.

    The relative effect gives the controls' mean too (``m0 = att / rel``), so a row is also
    True where the twins who entered, or did not, are few. Where ``rows`` has
    ``control_entered_persons`` and ``control_not_entered_persons`` (int64, or float64 with
    NaN on rows without them; :func:`mia_helpers.twin_persons.add_twin_persons`) they are
    counted as *distinct persons*: True where either lies between 1 and ``min_cell - 1``.
    Matching is with replacement, so one twin serves several starters (NT2 on the default
    data: 3.4 times on average, :mod:`mia_helpers.twin_persons`), and twins counted in
    treated-equivalents can reach ``min_cell`` on a few persons (12 starters matched to the
    same two twins, one of whom entered: 6 treated-equivalents who entered, one person;
    ``tests/test_twins24_distinct.py``); the rule is about persons (twins24). For "now versus
    never" the twins who entered are those whose outcome the IPCW Kaplan-Meier counts as an
    event (observed by the horizon, before or in the quarter of their own later start), the
    others at risk count without an entry; for the naive estimator the comparison side is the
    pool of the starters' risk sets (:func:`mia_helpers.twin_persons.twin_persons`). Where
    the persons are enough a row is not True for the twins however few treated-equivalents
    they make (a twin weighted ``1 / k`` is still one person).

    On rows without those counts (NaN, or older rows without the columns) and with
    ``control_outcome`` the twins are counted, as before, in treated-equivalents
    (``control_outcome`` x ``n_treated``: each of ``k`` twins weighted ``1 / k``, as
    Appendix C's curves count them), True where they lie strictly between 0 and
    ``min_cell`` (dpo22, seed 7171, 400 newcomers, ``min_cell`` 11: the contract at quarter
    4, -5.6 pp, -100 %, 18 starters: the twins' 5.6 % is one treated-equivalent, one to three
    twins who entered). Treated-equivalents need not be whole numbers, so they are not
    rounded here. The share counted is the twins' own: ``control_outcome_uncorrected``
    where ``rows`` carries it (the matched "now versus later" ``control_outcome`` is
    bias-corrected, a regression-adjusted share that counts no persons; switch55), else
    ``control_outcome``.
    """
    if min_cell <= 0 or not {"n_treated", "treated_outcome"} <= set(rows.columns):
        return np.zeros(len(rows), bool)
    def small(*counts: np.ndarray) -> np.ndarray:  # some count in 1..min_cell - 1
        return np.logical_or.reduce([(c > 0) & (c < min_cell) for c in counts])

    def counted(cols: Sequence[str]) -> tuple[np.ndarray, np.ndarray]:
        # (rows carrying both person counts, the counts' small test) for an entered / not
        # entered pair of twin_persons' columns
        if not set(cols) <= set(rows.columns):
            return np.zeros(len(rows), bool), np.zeros(len(rows), bool)
        e, ne = (pd.to_numeric(rows[c], errors="coerce").to_numpy(dtype=float) for c in cols)
        return np.isfinite(e) & np.isfinite(ne), small(e, ne)

    n = pd.to_numeric(rows["n_treated"], errors="coerce").to_numpy(dtype=float)
    entered = np.rint(pd.to_numeric(rows["treated_outcome"], errors="coerce")
                      .to_numpy(dtype=float) * n)
    out = small(entered, n - entered)
    starters, few = counted(TREATED_COLUMNS[:2])
    out |= starters & few
    persons, few = counted(TWIN_COLUMNS)  # rows whose twins are counted in persons
    out |= persons & few
    if "control_outcome" in rows.columns:
        twins = _twins_share(rows) * n  # real twins, not the corrected share (switch55)
        tol = 1e-9 * np.maximum(n, 1)  # a share of 0 or 1 up to rounding: nobody, everybody
        out |= ~persons & (((twins > tol) & (twins < min_cell))
                           | ((n - twins > tol) & (n - twins < min_cell)))
    return out


def one_side_small(rows: pd.DataFrame, min_cell: int) -> np.ndarray:
    """Whether a matched row's effect itself rests on a small count (bool per row): where the
    starters who entered, or did not (distinct persons too where ``rows`` carries
    ``treated_entered_persons`` and ``treated_not_entered_persons``; else starts), or their
    twins who entered, or did not (distinct persons where ``rows`` carries
    ``control_entered_persons`` and ``control_not_entered_persons``,
    :func:`mia_helpers.twin_persons.add_twin_persons`; else treated-equivalents), number
    fewer than ``min_cell`` (:func:`treated_share_small`), the
    matched effect, its interval and its relative effect are hidden, not only the relative
    effect.

    Where the starters or their twins show no variation at that quarter (a mean of 0 or 1),
    the effect has no interval and the fit's warning says so, so the effect ``m1 - m0`` gives
    the other side's mean (dpo22, seed 7171, 400 newcomers, ``min_cell`` 11: the contract at
    quarter 4 read -5.6 pp without an interval on 18 starters, so no starter had entered and
    the twins' 5.6 % was one treated-equivalent). With variation on both sides the effect still
    rests on those few events, and it is a difference of multiples of ``1 / (k n)``: dpo23,
    seed 2468, 400 newcomers, ``min_cell`` 11: the contract at quarters 4, 5 and 8 read 9.1,
    14.3 and 4.8 pp (2/22, 3/21, 1/21) on 5 starters who entered of 22 and 21 and 2 to 4
    treated-equivalent twins, which gave the starters (hidden, 7 fewer than the 29 matched)
    and the few events back. Like the curve-step rule, an effect is published only where
    each side's entrants and non-entrants number ``min_cell`` or more. ``rows`` as for
    :func:`treated_share_small`, with ``control_outcome``; all False without it.

    A side whose members *all* entered (a mean of 1 up to rounding, on starters or twins) is
    a whole group, not "no person" left out: the effect and relative effect give its mean
    back (``m0 = att / rel``, ``m1 = att + m0``), so 50 pp and +100 % on 40 starters say
    every one of them entered, the class disclosure export-check's ``whole_group`` rule
    refuses as a share of 100 % (dpo31, ``tests/test_dpo31_whole_effect.py``). Such rows are
    hidden too; a side where nobody entered is a zero, which the rules page lets pass. On
    the twins' side both the twins' own share (``control_outcome_uncorrected`` where given:
    every twin entered) and the printed, for "now versus later" bias-corrected,
    ``control_outcome`` (what ``att / rel`` gives back) are read (switch55).
    """
    if min_cell <= 0 or not {"n_treated", "treated_outcome", "control_outcome"} <= set(
            rows.columns):
        return np.zeros(len(rows), bool)
    n = pd.to_numeric(rows["n_treated"], errors="coerce").to_numpy(dtype=float)
    whole = np.zeros(len(rows), bool)
    # the twins' own share (all twins entered) and the printed one (a reader's m0 of 1)
    for mean in (*(pd.to_numeric(rows[c], errors="coerce").to_numpy(dtype=float)
                   for c in ("treated_outcome", "control_outcome")), _twins_share(rows)):
        with np.errstate(invalid="ignore"):
            whole |= (n > 0) & (mean >= 1.0 - 1e-9)  # NaN compares False
    return treated_share_small(rows, min_cell) | whole


#: half the last decimal of a printed matched effect (pp) and relative effect (%): the
#: summary tables and chapter 5's comparison print both with one decimal
PRINTED_HALF = 0.05


def treated_share_read(att_pp: Any, rel_pct: Any, half: float = PRINTED_HALF
                       ) -> tuple[np.ndarray, np.ndarray]:
    """The interval of the starters' mean ``m1`` (a share, 0 to 1) that a reader computes from
    a printed matched effect ``att_pp`` (pp) and relative effect ``rel_pct`` (%), each known
    within ``half`` of its printed value: ``m1 = att (1 + 1 / rel)``, whose extremes over
    that box lie at its corners (linear in ``att`` for a given ``rel``, monotone in ``rel``
    for a given ``att``). Returns ``(lo, hi)`` arrays clipped to [0, 1]; ``(0, 1)`` where a
    value is missing or the relative effect's box reaches zero (no bound)."""
    a = pd.to_numeric(pd.Series(np.asarray(att_pp, dtype=object)), errors="coerce").to_numpy(
        dtype=float) / 100.0
    r = pd.to_numeric(pd.Series(np.asarray(rel_pct, dtype=object)), errors="coerce").to_numpy(
        dtype=float) / 100.0
    h = half / 100.0
    usable = np.isfinite(a) & np.isfinite(r) & (np.abs(r) > h)
    corners = []
    for da in (-h, h):
        for dr in (-h, h):
            with np.errstate(divide="ignore", invalid="ignore"):
                corners.append((a + da) * (1.0 + 1.0 / (r + dr)))
    c = np.column_stack(corners)
    lo = np.where(usable, np.clip(np.nanmin(np.where(usable[:, None], c, 0.0), axis=1), 0, 1),
                  0.0)
    hi = np.where(usable, np.clip(np.nanmax(np.where(usable[:, None], c, 1.0), axis=1), 0, 1),
                  1.0)
    return lo, hi


def mover_sides_read(att_pp: Any, ci_low: Any, ci_high: Any, m0: Any
                     ) -> tuple[np.ndarray, np.ndarray]:
    """What a reader recovers of each side of a matched "now versus never" interval
    (:func:`mia_helpers.effects._mover_interval`) from the printed effect ``att_pp``, its
    bounds ``ci_low``/``ci_high`` (pp) and the controls' share ``m0`` (0 to 1; printed as
    ``att / rel`` where a relative effect is): ``(a, b)``, float arrays (shares), a = q
    sqrt(var_t) and b = q sqrt(var_c), q the interval's quantile (since the thirty-ninth
    session the normal one, as ``var_c`` is model-based:
    :func:`mia_helpers.effects._km_model_var`) and var_t, var_c the variances of the starters' and the controls' side
    (:func:`mia_helpers.effects._linearized_se`, ``parts``). NaN where a value is missing,
    ``m0`` is not in (0, 1) or no pair fits (rounded, worst-case or clipped bounds).

    With L = att - lo and U = hi - att (shares) the interval gives L^2 = a^2 + (u0 - m0)^2 and
    U^2 = a^2 + (m0 - l0)^2, with u0 - m0 = S - S^exp(c), m0 - l0 = S^exp(-c) - S (S = 1 -
    m0, c = b / (S |log S|), the log(-log) interval), so L^2 - U^2 is a function of c alone
    (0 at c = 0; positive for m0 below one half, negative above), whose smallest root is
    found by bisection, and a follows from L. Two equations,
    two unknowns: exact on unrounded values; the asymmetry L - U that fixes b is of the
    size of the printed rounding unless m0 is near 0 (book/disclosure.md, mover37)."""
    from scipy.optimize import brentq

    def num(x: Any) -> np.ndarray:
        return pd.to_numeric(pd.Series(np.asarray(x, dtype=object).ravel()),
                             errors="coerce").to_numpy(dtype=float)

    att, lo, hi, m = num(att_pp), num(ci_low), num(ci_high), num(m0)
    a, b = np.full(att.size, np.nan), np.full(att.size, np.nan)
    for i in np.flatnonzero(np.isfinite(att) & np.isfinite(lo) & np.isfinite(hi)
                            & np.isfinite(m) & (m > 0) & (m < 1)):
        L, U, S = (att[i] - lo[i]) / 100.0, (hi[i] - att[i]) / 100.0, 1.0 - m[i]
        if L < 0 or U < 0:
            continue

        def gap(c: float, L: float = L, U: float = U, S: float = S) -> float:
            return (S - S ** np.exp(c)) ** 2 - (S ** np.exp(-c) - S) ** 2 - (L * L - U * U)

        grid = np.r_[0.0, np.geomspace(1e-6, 50.0, 400)]
        g = np.array([gap(x) for x in grid])
        cross = np.flatnonzero(np.sign(g[1:]) != np.sign(g[:-1]))
        if g[0] == 0:
            c = 0.0
        elif cross.size:  # the smallest c that fits (the log(-log) asymmetry is not monotone)
            c = brentq(gap, grid[cross[0]], grid[cross[0] + 1], xtol=1e-15)
        else:  # no spread of the controls fits the asymmetry
            continue
        a2 = L * L - (S - S ** np.exp(c)) ** 2
        if a2 >= 0:
            a[i], b[i] = np.sqrt(a2), c * S * abs(np.log(S))
    return a, b


def share_pins_count(lo: Any, hi: Any, n: Any, min_cell: int) -> np.ndarray:
    """Whether a share known to lie in ``[lo, hi]`` narrows a hidden count ``n`` of which it
    is a whole-number fraction (bool per entry): True where some ``n'`` within ``min_cell -
    1`` of ``n`` (and at least 1) admits no whole ``a'`` with ``a' / n'`` in ``[lo, hi]``, so
    that a reader who knows ``n`` only to a range of ``min_cell - 1`` (a starters count hidden
    because it differs from the published count of an earlier or later horizon by 1 to
    ``min_cell - 1``) rules some of it out by rational reconstruction. dpo26 (seed 5252,
    3,000 residents, 1,200 newcomers, ``min_cell`` 11; chapter 5's comparison of measures):
    newcomers' other workplace learning at quarter 8, 7.1 pp and 39.3 % beside starters ``x``
    after 59 at quarter 5, so ``m1`` in [0.2497, 0.2537] and the starters in [49, 58]: only
    13/52 and 14/56 fit, so 7 or 3 starters were censored in between (in fact 7); vocational
    training at quarter 5, -2.6 pp, -14.3 %, starters ``x`` after 71: only 11/69 and 11/70
    fit (in fact 70, one censored). False where ``n`` is missing or below ``min_cell``
    (hidden with its estimates by the primary rule), or ``min_cell`` is 1 or less. An
    interval at least ``1 / n'`` wide holds a fraction of every ``n'``, so a count of a few
    hundred is rarely narrowed by one-decimal values."""
    lo, hi, n = (pd.to_numeric(pd.Series(np.asarray(x, dtype=object)), errors="coerce")
                 .to_numpy(dtype=float) for x in (lo, hi, n))
    out = np.zeros(len(n), bool)
    if min_cell <= 1:
        return out
    eps = 1e-9
    for i in np.flatnonzero(np.isfinite(n) & np.isfinite(lo) & np.isfinite(hi)
                            & (n >= min_cell)):
        cand = np.arange(max(1, int(n[i]) - (min_cell - 1)), int(n[i]) + min_cell, dtype=float)
        fits = np.floor(hi[i] * cand + eps) >= np.ceil(lo[i] * cand - eps)
        out[i] = not fits.all()
    return out


def estimate_shown(rows: pd.DataFrame, min_cell: int) -> np.ndarray:
    """Whether a matched effect row may be published (bool per row): at least ``min_cell``
    starters behind it and not :func:`one_side_small`. The starters are distinct persons
    (``treated_persons``, :func:`mia_helpers.twin_persons.add_twin_persons`) where the row
    carries them, else ``n_treated`` (starts: a person who started the measure in two
    registration spells counts twice; treated24). The filter of the prose that states, or
    averages, the effects a table or curve publishes (chapter 4's pool exercise), so that it
    reads the same estimates as :func:`estimate_grid` and :func:`hide_one_sided_points`
    show."""
    n = pd.to_numeric(rows["n_treated"], errors="coerce").to_numpy(dtype=float)
    if "treated_persons" in rows.columns:
        tp = pd.to_numeric(rows["treated_persons"], errors="coerce").to_numpy(dtype=float)
        n = np.where(np.isfinite(tp), tp, n)
    return (n >= min_cell) & ~one_side_small(rows, min_cell)


def one_side_behind(tidy: pd.DataFrame, rows: pd.DataFrame, min_cell: int,
                    estimand: str | None = None) -> np.ndarray:
    """:func:`one_side_small` of the matched estimate of ``tidy`` behind each row of a
    published table or figure (``rows`` with ``measure``, ``quarter_since_start`` and, unless
    ``estimand`` is given, ``estimand``)."""
    return one_side_small(_matched_behind(tidy, rows, estimand), min_cell)


#: how near (pp) a worst-case bound may lie to the treated share's own limit, 100 m1 or
#: 100 (m1 - 1), and still be read as it: half the last decimal the tables print
BOUND_SHARE_TOL = 0.05


def bound_gives_share(rows: pd.DataFrame) -> np.ndarray:
    """Whether a matched row's published worst-case bounds give its treated share ``m1``
    (bool per row): the row is not point-identified (``point_identified`` False,
    :func:`mia_helpers.labels.not_point_identified`) and ``ci_high`` lies within
    :data:`BOUND_SHARE_TOL` pp of ``100 m1`` or ``ci_low`` within it of ``100 (m1 - 1)``.

    :func:`mia_helpers.effects.estimate_effects` keeps the widened interval within what an
    effect can be given the starters' cumulative incidence, [100 (m1 - 1), 100 m1]
    (``effects._worst_case_bounds``), and where many twins cannot remain untreated the
    widening reaches those limits: the bound then *is* ``100 m1`` (dpo25: chapter 5, seed
    3131, 8,000 newcomers, "now versus never", inburgering at quarter 8 printed "bounds
    [-82.8, 17.2]", a width of exactly 100 points, so m1 = 17.2 %). Times the starters a
    clipped bound gives the starters who entered, as a relative effect does
    (:func:`hide_relative_effects`); ``rows`` need ``treated_outcome``, ``ci_low`` and
    ``ci_high`` (all False without them)."""
    from mia_helpers.labels import not_point_identified

    if not {"treated_outcome", "ci_low", "ci_high"} <= set(rows.columns):
        return np.zeros(len(rows), bool)
    m1, lo, hi = (pd.to_numeric(rows[c], errors="coerce").to_numpy(dtype=float)
                  for c in ("treated_outcome", "ci_low", "ci_high"))
    with np.errstate(invalid="ignore"):
        near = ((np.abs(hi - 100.0 * m1) <= BOUND_SHARE_TOL)
                | (np.abs(lo - 100.0 * (m1 - 1.0)) <= BOUND_SHARE_TOL))
    return not_point_identified(rows) & near


def clipped_bounds_small(rows: pd.DataFrame, min_cell: int) -> np.ndarray:
    """Whether a matched row's bounds must be hidden because, clipped at the treated share
    (:func:`bound_gives_share`), they give a small count (bool per row): the starters who
    entered, or did not, fewer than ``min_cell`` (:func:`treated_share_small`), or, beside an
    earlier horizon of the same measure and estimand, the few who entered in between
    (:func:`entrants_steps_small`), the rules a relative effect is hidden by. Before this
    rule (dpo25) only the relative effect of such a row was hidden, which a bound row does
    not print anyway, so its clipped bounds gave the step: 100 starters, 30 entered by
    quarter 4 (relative effect 20 % on 5 points), "bounds [-65.0, 35.0]" at quarter 5, so 5
    entered in quarter 5 (``tests/test_dpo25_bounds.py``). ``rows``: matched effect rows of
    the published horizons in order, as :func:`entrants_steps_small` takes them."""
    clipped = bound_gives_share(rows)
    if not clipped.any() or min_cell <= 0:
        return np.zeros(len(rows), bool)
    return clipped & (treated_share_small(rows, min_cell) | entrants_steps_small(rows, min_cell))


def bound_horizons(tidy: pd.DataFrame) -> tuple[int, ...]:
    """The horizons along which a matched bound clipped at the treated share is judged
    (:func:`clipped_bounds_behind`): every quarter since the start, 1 or later, of the matched
    rows of ``tidy`` (``estimator``, ``quarter_since_start``), in order; empty without any.
    These are the horizons the effect curves draw, and the summary table, which shows only
    some of them, is judged along the same ones: a bound the table prints at quarter 4 sits
    beside the curves' quarter 3 as much as beside its own quarter 5. One function for the
    figures (:func:`hide_one_sided_points`) and the tables (:func:`hide_relative_effects`),
    and for the prose that states the range (:func:`horizon_range_words`). claims51: the
    curves judged a clipped bound over every horizon and the table over its own (concl50,
    chapter 5, seed 4103, ``estimand = "now_vs_never"``, ``min_cell`` 20: MO's "bounds
    [-92.6, 7.4]" printed at quarter 4 by the table, which the curves hid beside their
    quarter 3), so the figure and the table disagreed about the same bound, and the table's
    bound beside the curves' other quarters gave the few who entered in between.

    Raises ``ValueError`` naming the missing columns."""
    from mia_helpers.labels import require_columns

    require_columns(tidy, ["estimator", "quarter_since_start"], "effect_tables.bound_horizons",
                    "EffectsResult.tidy")
    q = pd.to_numeric(tidy.loc[tidy["estimator"].astype(str) == "matched",
                               "quarter_since_start"], errors="coerce").dropna()
    return tuple(sorted({int(v) for v in q if v >= 1}))


def horizon_range_words(horizons: Sequence[int]) -> str:
    """The horizons of :func:`bound_horizons` in words, after "over": "quarters 1 to 12" for a
    run without gaps, "quarters 1, 2 and 4" otherwise, "quarter 4" for one, "no quarter" for
    none."""
    qs = sorted({int(q) for q in horizons})
    if not qs:
        return "no quarter"
    if len(qs) == 1:
        return f"quarter {qs[0]}"
    if qs == list(range(qs[0], qs[-1] + 1)) and len(qs) > 2:
        return f"quarters {qs[0]} to {qs[-1]}"
    return "quarters " + ", ".join(str(q) for q in qs[:-1]) + f" and {qs[-1]}"


def clipped_bounds_behind(tidy: pd.DataFrame, rows: pd.DataFrame, min_cell: int,
                          estimand: str | None = None) -> np.ndarray:
    """:func:`clipped_bounds_small` judged along :func:`bound_horizons` of ``tidy`` (every
    horizon its matched rows hold, per measure and estimand), read off at each row of a
    published figure or table (``rows`` with ``measure``, ``quarter_since_start`` and, unless
    ``estimand`` names the one estimand, ``estimand``): bool per row, False for a row whose
    horizon or measure ``tidy`` does not hold. The curves and the summary table call it
    alike, so a clipped bound is hidden in both or in neither (claims51).

    Raises ``ValueError`` naming the missing columns of ``tidy``."""
    from mia_helpers.labels import require_columns

    keys = ["measure", "estimand", "quarter_since_start"]
    require_columns(tidy, [*keys, "estimator"], "effect_tables.clipped_bounds_behind",
                    "EffectsResult.tidy")
    out = np.zeros(len(rows), bool)
    horizons = bound_horizons(tidy)
    if not horizons or rows.empty:
        return out
    m = tidy[tidy["estimator"].astype(str) == "matched"].astype(
        {"measure": str, "estimand": str})
    q = pd.to_numeric(m["quarter_since_start"], errors="coerce")
    every = m[q.isin(horizons)].assign(quarter_since_start=q[q.isin(horizons)].astype(int))
    every = every.drop_duplicates(keys).sort_values(keys, kind="stable").reset_index(drop=True)
    flags = clipped_bounds_small(every, min_cell)
    hit = dict(zip(zip(every["measure"], every["estimand"], every["quarter_since_start"],
                       strict=True), flags, strict=True))
    est = (rows["estimand"].astype(str).to_numpy() if estimand is None
           else np.full(len(rows), estimand, dtype=object))
    rq = pd.to_numeric(rows["quarter_since_start"], errors="coerce").to_numpy(dtype=float)
    for i, (mm, e, qq) in enumerate(zip(rows["measure"].astype(str), est, rq, strict=True)):
        out[i] = bool(np.isfinite(qq) and hit.get((mm, e, int(qq)), False))
    return out


def bound_pins_count(rows: pd.DataFrame, min_cell: int) -> np.ndarray:
    """Whether a matched row's worst-case bound, clipped at the treated share
    (:func:`bound_gives_share`) and printed with one decimal, pins its starters count if
    that count is hidden (:func:`share_pins_count` on ``m1`` within 0.05 pp of the printed
    bound; bool per row of ``rows``, matched effect rows with ``n_treated``): the bound
    gives ``m1`` to 0.0005, which narrows a hidden count of a few hundred. The caller
    hides the bounds where this is True and the count is hidden (dpo26)."""
    clipped = bound_gives_share(rows)
    if not clipped.any() or min_cell <= 1:
        return np.zeros(len(rows), bool)
    m1 = np.round(100.0 * pd.to_numeric(rows["treated_outcome"], errors="coerce")
                  .to_numpy(dtype=float), 1) / 100.0
    h = PRINTED_HALF / 100.0
    return clipped & share_pins_count(m1 - h, m1 + h, rows["n_treated"], min_cell)


def hide_one_sided_points(curves: pd.DataFrame, tidy: pd.DataFrame, min_cell: int
                          ) -> pd.DataFrame:
    """Effect curves (rows of ``measure``, ``estimand``, ``quarter_since_start``,
    ``estimator``) with the matched points of :func:`one_side_small` not drawn (``att_pp``,
    ``ci_low``, ``ci_high``, ``att_rel``, ``se`` missing): the figure's form of the rule of
    the summary tables. A bound hidden by :func:`clipped_bounds_small` is hidden the same
    way, whole (its row has no point of its own to draw). A naive point is not drawn either
    where its own starters who entered, or did not, or its pool's, are few
    (:func:`one_side_small` of the naive row of ``tidy``; dpo29, seed 4242, 1,500
    residents, 500 newcomers, ``min_cell`` 20: chapter 4 drew the naive effect of basic
    training at quarter 1 on 7 starters who had entered, and of sanction transmission at
    quarters 1 to 3 on 8, 12 and 15, where the matched point was hidden)."""
    out = curves.copy()
    estimator = out["estimator"].astype(str)
    naive = estimator.eq("naive").to_numpy()
    hide = np.zeros(len(out), bool)
    if naive.any():  # the naive estimate's own starters and pool (dpo29)
        hide[naive] = one_side_small(_matched_behind(tidy, out[naive], None, "naive"), min_cell)
        cols = [c for c in ("att_pp", "ci_low", "ci_high", "att_rel", "se") if c in out.columns]
        out.loc[hide, cols] = np.nan
    matched = estimator.eq("matched").to_numpy()
    if not matched.any():
        return out
    hide = np.zeros(len(out), bool)
    hide[matched] = one_side_behind(tidy, out[matched], min_cell)
    cols = [c for c in ("att_pp", "ci_low", "ci_high", "att_rel", "se") if c in out.columns]
    out.loc[hide, cols] = np.nan
    # a band clipped at the treated share draws m1 at every horizon: where that gives a
    # small count, or a small step from an earlier horizon, the band is not drawn (dpo25)
    band = np.zeros(len(out), bool)
    # judged along bound_horizons, as the summary table judges its own (claims51)
    band[matched] = clipped_bounds_behind(tidy, out[matched], min_cell)
    # the row is not point-identified (a clipped bound), so it has no point to draw either:
    # hidden whole, or a caption reads it as a row without even a bound (trial25b)
    out.loc[band, cols] = np.nan
    return out


#: what :func:`summary_hides` reads per matched row: the summary's column of each part
SUMMARY_PARTS = {"effect": ("matched_pp",), "interval": ("ci_low", "ci_high"),
                 "relative": ("matched_rel_pct",)}


def summary_hides(rows: pd.DataFrame, summary: Protected | pd.DataFrame
                  ) -> dict[str, np.ndarray]:
    """Which parts of each matched effect row the published summary hides: ``{"effect",
    "interval", "relative"}`` -> bool per row of ``rows`` (``measure``, ``estimand``,
    ``quarter_since_start``, ``estimator`` where present: only ``matched`` rows can be hit).

    The one rule by which a figure or a table that carries the summary's effects elsewhere
    (chapter 4's rendement curves, :func:`hide_as_summary`; the bias table,
    :func:`mia_helpers.claims.bias_table` with ``summary``) hides what the summary hides,
    whatever rule hid it there: a missing cell of the summary's ``matched_pp``,
    ``ci_low``/``ci_high`` or ``matched_rel_pct`` (``summary`` is the ``Protected`` table or
    its ``.data``, in which hidden cells are missing; a value the summary lacks for another
    reason is not published either) is hidden. dpo27: the summary's
    rules that need its published starters (:func:`share_pins_count`,
    :func:`effect_pins_count` on :func:`effect_grid`, :func:`bound_pins_count`: an effect, a
    relative effect or a bound printed beside a starters count the horizon rule hid narrows
    that count) were not applied to the curves and the bias table, which carried the same
    effects (the bias averaged over horizons beside the published truths and the other
    horizons' estimates gives a hidden one back). A row whose horizon the summary does not
    show is not hit.

    Raises
    ------
    ValueError
        Naming the columns ``summary`` or ``rows`` lacks.
    """
    from mia_helpers.labels import require_columns

    keys = ["measure", "estimand", "quarter_since_start"]
    require_columns(rows, keys, "effect_tables.summary_hides", "EffectsResult.tidy")
    data = summary.data if isinstance(summary, Protected) else summary
    require_columns(data, keys, "effect_tables.summary_hides", "summary_table")
    shown = data.reset_index(drop=True)
    table = data[keys].reset_index(drop=True).astype(
        {"measure": str, "estimand": str}).assign(quarter_since_start=lambda x: pd.to_numeric(
            x["quarter_since_start"], errors="coerce"))
    for part, cols in SUMMARY_PARTS.items():
        present = [c for c in cols if c in shown.columns]
        table[part] = shown[present].isna().any(axis=1).to_numpy() if present else False
    table = table.drop_duplicates(keys)
    look = rows[keys].reset_index(drop=True).astype({"measure": str, "estimand": str}).assign(
        quarter_since_start=lambda x: pd.to_numeric(x["quarter_since_start"], errors="coerce"))
    hit = look.merge(table, on=keys, how="left", validate="many_to_one")
    matched = (rows["estimator"].astype(str).eq("matched").to_numpy()
               if "estimator" in rows.columns else np.ones(len(rows), bool))
    return {part: matched & hit[part].fillna(False).to_numpy(dtype=bool)
            for part in SUMMARY_PARTS}


def hide_as_summary(curves: pd.DataFrame, summary: Protected) -> pd.DataFrame:
    """Effect curves (rows of ``measure``, ``estimand``, ``quarter_since_start``,
    ``estimator``, ``att_pp``, ``ci_low``, ``ci_high``...) with what the published summary
    hides not drawn (:func:`summary_hides`): a matched point whose effect the summary hides
    loses its point and band (``att_pp``, ``ci_low``, ``ci_high``, ``att_rel``, ``se``), a band
    the summary hides loses its band (and, for a row that is not point-identified, whose
    band is all it draws, the row whole), a hidden relative effect its ``att_rel``. A new
    frame; the rows stay. dpo27 (see :func:`summary_hides`)."""
    from mia_helpers.labels import not_point_identified

    out = curves.copy()
    if out.empty:
        return out
    hides = summary_hides(out, summary)
    point = [c for c in ("att_pp", "ci_low", "ci_high", "att_rel", "se") if c in out.columns]
    band = [c for c in ("ci_low", "ci_high") if c in out.columns]
    bounds_only = not_point_identified(out)
    whole = hides["effect"] | (hides["interval"] & bounds_only)
    out.loc[whole, point] = np.nan
    out.loc[hides["interval"], band] = np.nan
    if "att_rel" in out.columns:
        out.loc[hides["relative"], "att_rel"] = np.nan
    return out


def published_curves(tidy: pd.DataFrame, estimand: str, summary: Protected,
                     min_cell: int = 10) -> pd.DataFrame:
    """The rendement curves of ``estimand`` as the book draws them: :func:`mia_helpers.effects.
    curves_for_plot` (no point on fewer than ``min_cell`` starters, no counts), then
    :func:`hide_one_sided_points` (a side's entrants or non-entrants few, naive points
    included) and :func:`hide_as_summary` (what the published ``summary`` hides). One
    function for chapter 4's figure and Appendix A's, which draws the same measure's curves
    on the same data: dpo29 (seed 4242, 1,500 residents, 500 newcomers, ``min_cell`` 20)
    found Appendix A drawing IBO's matched effect at quarters 1, 5 and 8, which chapter 4
    hid (a side of 1 to 19 persons; effects that narrow the hidden starters), and averaging
    them in its prose.

    ``tidy``: ``EffectsResult.tidy`` rows (best with the twins' person counts,
    :func:`with_twin_persons`), possibly with ``true_att_pp``; ``summary``: the
    :func:`summary_table` of the same rows and ``estimand``. Returns the rows of
    ``estimand`` without counts, hidden points missing.
    """
    from mia_helpers.effects import curves_for_plot

    curves = curves_for_plot(tidy, estimand, min_cell=min_cell)
    return hide_as_summary(hide_one_sided_points(curves, tidy, min_cell), summary)


def entrants_steps_small(rows: pd.DataFrame, min_cell: int) -> np.ndarray:
    """Whether a matched row's relative effect, beside that of an earlier horizon, would reveal
    a small count (bool per row).

    With the matched effect and the starters a published relative effect gives the starters
    who entered by that horizon, ``E = m1 n``, and those who did not, ``n - E``
    (:func:`treated_share_small`). Two horizons of one measure and estimand give their
    difference: with the same starters at both (nobody censored in between) the number who
    entered between them (dpo18, seed 7, 800 residents, 400 newcomers, min_cell 10:
    vocational training at quarter 4, 12.2 pp, 60.0 %, 74 starters: 24 entered; at quarter
    5, 10.4 pp, 35.9 %, 74 starters: 29; so 5 entered in quarter 5). Along the horizons of
    ``rows`` in order, a row is True where its ``E`` or ``n - E`` differs by 1 to
    ``min_cell - 1`` from that of an earlier row still shown (not True here and not
    :func:`treated_share_small`); such a row's relative effect is then not shown, and the
    next row is compared with the earlier ones that are.

    The relative effect gives the twins' mean too (``m0 = att / rel``), so the same holds on
    the twins' side (twins25): 100 starters each with its own twin, 30 twins entered by
    quarter 4 (20.0 pp, 66.7 %) and 33 by quarter 5 (37.0 pp, 112.1 %), so 3 twins entered
    in quarter 5 (``tests/test_twins25_steps.py``). A row is True too where, beside an
    earlier row still shown, the twins who entered, or did not, differ by a small number in
    either reading, the conservative one: in treated-equivalents (``control_outcome`` x
    ``n_treated``, what the reader computes, on the twins' own share
    ``control_outcome_uncorrected`` where ``rows`` carries it: the matched "now versus
    later" ``control_outcome`` is bias-corrected and counts no persons, switch55; not
    rounded, True where the difference is
    above 0 and below ``min_cell``) and, where ``rows`` carries
    :data:`~mia_helpers.twin_persons.TWIN_COLUMNS` on both rows, in distinct persons
    (1 to ``min_cell - 1``). With ``k`` twins per starter (weights ``1 / k``) and twins
    serving several starters, a step of many treated-equivalents can be few persons (one
    twin matched to 12 starters) and a step of few treated-equivalents many persons, so
    either reading being small hides the row. Rows without a twins' mean (NaN) compare
    the starters only.

    ``rows``: matched effect rows of the published horizons (``measure``,
    ``quarter_since_start``, ``n_treated``, ``treated_outcome``, and ``estimand`` if there
    are several; ``control_outcome`` and the twins' person counts where known); rows below
    ``min_cell`` starters or without a treated mean are skipped (False). All False where a
    column is missing or ``min_cell`` is 0 or less.
    """
    out = np.zeros(len(rows), bool)
    need = {"measure", "quarter_since_start", "n_treated", "treated_outcome"}
    if min_cell <= 0 or not need <= set(rows.columns):
        return out
    n = pd.to_numeric(rows["n_treated"], errors="coerce").to_numpy(dtype=float)
    entered = np.rint(pd.to_numeric(rows["treated_outcome"], errors="coerce")
                      .to_numpy(dtype=float) * n)
    usable = (n >= min_cell) & np.isfinite(entered) & ~treated_share_small(rows, min_cell)

    def column(c: str) -> np.ndarray:  # NaN where the column is missing
        if c not in rows.columns:
            return np.full(len(rows), np.nan)
        return pd.to_numeric(rows[c], errors="coerce").to_numpy(dtype=float)

    # the twins (twins25): treated-equivalents, and persons; the twins' own share, not the
    # bias-corrected control_outcome, which counts no persons (switch55)
    twins = (_twins_share(rows) if "control_outcome" in rows.columns
             else column("control_outcome")) * n
    te = np.column_stack([twins, n - twins])
    tp = np.column_stack([column(c) for c in TWIN_COLUMNS])
    tol = 1e-9 * np.maximum(n, 1)  # a treated-equivalent difference of 0 up to rounding

    def step_small(i: int, j: int) -> bool:  # rows i and j differ by a small count
        if any(0 < abs(a - b) < min_cell for a, b in (
                (entered[i], entered[j]), (n[i] - entered[i], n[j] - entered[j]))):
            return True
        d = np.abs(te[i] - te[j])  # NaN (no twins' mean) compares as False
        if np.any((d > max(tol[i], tol[j])) & (d < min_cell)):
            return True
        d = np.abs(tp[i] - tp[j])
        return bool(np.any((d > 0) & (d < min_cell)))

    keys = ["measure", *(["estimand"] if "estimand" in rows.columns else [])]
    order = pd.to_numeric(rows["quarter_since_start"], errors="coerce").to_numpy()
    for _, idx in rows.reset_index(drop=True).groupby(
            [rows[k].astype(str).to_numpy() for k in keys]).groups.items():
        shown: list[int] = []
        for i in sorted(idx, key=lambda j: order[j]):
            if not usable[i]:
                continue
            if any(step_small(i, j) for j in shown):
                out[i] = True
            else:
                shown.append(i)
    return out


def entrants_small(tidy: pd.DataFrame, rows: pd.DataFrame, min_cell: int,
                   estimand: str | None = None) -> np.ndarray:
    """:func:`treated_share_small` of the matched estimate of ``tidy`` behind each row of a
    published table (bool per row of ``rows``).

    ``rows`` holds ``measure`` and ``quarter_since_start``, and ``estimand`` unless the
    argument ``estimand`` names the one estimand of the table; a row without a matched
    estimate in ``tidy`` (the first one kept where a key repeats) is False. Chapter 4's
    summary table (:func:`summary_table`) and chapter 5's comparison of measures
    (:func:`mia_helpers.stepwise.measure_comparison_skipping`) hide their relative effects
    where this is True."""
    return treated_share_small(_matched_behind(tidy, rows, estimand), min_cell)


def entrants_steps_behind(tidy: pd.DataFrame, rows: pd.DataFrame, min_cell: int,
                          estimand: str | None = None) -> np.ndarray:
    """:func:`entrants_steps_small` of the matched estimates of ``tidy`` behind the rows of a
    published table (``measure``, ``quarter_since_start``, and ``estimand`` unless the
    argument names the table's one estimand), bool per row; a row without a matched estimate
    is False. Chapter 4's summary table and chapter 5's comparison of measures
    (:func:`mia_helpers.stepwise.measure_comparison_skipping`) hide their relative effects
    where this is True."""
    return entrants_steps_small(_matched_behind(tidy, rows, estimand), min_cell)


def _matched_behind(tidy: pd.DataFrame, rows: pd.DataFrame,
                    estimand: str | None, estimator: str = "matched") -> pd.DataFrame:
    """The matched row of ``tidy`` behind each row of a published table, in its order (one
    row per row of ``rows``; all-missing where ``tidy`` has none; the first one kept where a
    key repeats), with the keys ``measure``, ``estimand``, ``quarter_since_start`` as
    columns; ``estimand`` names the table's one estimand, else ``rows`` has the column;
    ``estimator`` the rows of ``tidy`` read (``"naive"``: the naive row behind each)."""
    keys = ["measure", "estimand", "quarter_since_start"]
    m = tidy[tidy["estimator"].astype(str) == estimator].astype({"measure": str, "estimand": str})
    m = m.drop_duplicates(keys).set_index(keys)
    est = (rows["estimand"].astype(str).to_numpy() if estimand is None
           else np.full(len(rows), estimand, dtype=object))
    idx = pd.MultiIndex.from_arrays([
        rows["measure"].astype(str).to_numpy(), est,
        pd.to_numeric(rows["quarter_since_start"]).astype(m.index.levels[2].dtype).to_numpy()],
        names=keys)
    return m.reindex(idx).reset_index()


def hide_relative_effects(table: Protected, tidy: pd.DataFrame, min_cell: int) -> Protected:
    """Hide ``matched_rel_pct`` (rule ``share``) where it would reveal a small count: the last
    step of :func:`mia_helpers.effects.summary_table`.

    ``table``: a summary with ``measure``, ``estimand``, ``quarter_since_start`` and
    ``matched_rel_pct``; ``tidy``: the effect rows it was made of (with ``treated_outcome``;
    without it, or without ``matched_rel_pct``, ``table`` is returned as it is). Returns the
    table with those cells missing and their reason ``share``, recorded in the run's checking
    record.

    The relative effect is ``m1 / m0 - 1`` and the matched effect ``m1 - m0``, so a reader of
    both recovers the treated mean ``m1 = att (1 + 1/rel)``; times the published starters it
    is the number of starters who entered by that quarter, whose complement is those who did
    not (seed 2005, 800 residents, 400 newcomers, min_cell 20: application assignment at
    quarter 8, 3.3 pp, 6.2 %, 41 starters: m1 in [0.5525, 0.5775], 23 entered, 18 did not).
    Hidden where either count (``treated_outcome`` x ``n_treated``, rounded; in distinct
    persons too where ``tidy`` carries them) is below ``min_cell``, whether or not
    ``n_treated`` is published (it can be known from another table or horizon), or the
    twins' (:func:`treated_share_small`). Where one side shows no
    variation the matched effect and its interval are hidden too (:func:`one_side_small`).
    """
    if "matched_rel_pct" not in table.data.columns or "treated_outcome" not in tidy.columns:
        return table
    small = entrants_small(tidy, table.data, min_cell)
    small &= table.data["matched_rel_pct"].notna().to_numpy()
    # and where, beside an earlier horizon's, it gives the few who entered in between
    # (starters or twins: entrants_steps_small, twins25)
    small |= entrants_steps_behind(tidy, table.data, min_cell) & table.data[
        "matched_rel_pct"].notna().to_numpy()
    # a side without variation: the effect itself gives the other side (one_side_small)
    effect_cols = [c for c in ("matched_pp", "ci_low", "ci_high", "matched_rel_pct")
                   if c in table.data.columns]
    one_sided = one_side_behind(tidy, table.data, min_cell) & table.data[
        effect_cols].notna().any(axis=1).to_numpy()
    # in the checking record too (suppress recorded the table before this rule)
    hide = dict.fromkeys(effect_cols, one_sided)
    hide["matched_rel_pct"] = small | one_sided
    # worst-case bounds clipped at the treated share give the entrants as a relative
    # effect does: hidden by the same rules (dpo25)
    behind = _matched_behind(tidy, table.data, None)
    # along every horizon of tidy (bound_horizons), as the curves judge them: the table's
    # bound at quarter 4 sits beside the curves' quarter 3 too (claims51)
    clipped = clipped_bounds_behind(tidy, table.data, min_cell)
    # a starters count hidden beside the treated mean it divides: the mean, read from the
    # printed effect and relative effect (or a clipped bound), pins the count (dpo26)
    if "n_treated" in table.data.columns and "matched_pp" in table.data.columns:
        n_hidden = table.data["n_treated"].isna().to_numpy()
        pinned = share_pins_count(*treated_share_read(table.data["matched_pp"],
                                                      table.data["matched_rel_pct"]),
                                  behind["n_treated"], min_cell)
        hide["matched_rel_pct"] = hide["matched_rel_pct"] | (
            n_hidden & pinned & table.data["matched_rel_pct"].notna().to_numpy())
        clipped = clipped | (n_hidden & bound_pins_count(behind, min_cell))
        # the effect itself, on the grid of 1 / (L n), narrows a small hidden count (dpo26)
        gridded = n_hidden & effect_pins_count(table.data["matched_pp"], behind, min_cell,
                                               tidy=tidy)
        for c in effect_cols:
            hide[c] = hide[c] | gridded
    for c in ("ci_low", "ci_high"):
        if c in hide:
            hide[c] = hide[c] | clipped
    return hide_more(table, hide, "share",
                     "effects summary: relative effects giving the entrants", min_cell)


def hide_comparison_shares(comparison: pd.DataFrame, tidy: dict[str, pd.DataFrame | None],
                           estimand: str, min_cell: int) -> pd.DataFrame:
    """The comparison with ``att_rel_pct`` hidden (value marker) where, with ``att_pp`` and
    ``n_treated``, it gives a small number of starters who entered or did not
    (:func:`mia_helpers.effect_tables.treated_share_small`: ``m1 = att (1 + 1/rel)``; the
    same rule as chapter 4's summary table), or beside an earlier horizon's gives the few who
    entered in between (:func:`entrants_steps_small`; the starters' or the twins', twins25):
    the last step of :func:`mia_helpers.newcomers.measure_comparison`. ``tidy``: population (``newcomer``,
    ``resident``) -> the effect rows of its part of ``comparison`` (None: none).
    """
    if "att_rel_pct" not in comparison.columns:
        return comparison
    small = pd.Series(False, index=comparison.index)
    for pop, t in tidy.items():
        if t is not None:
            rows = comparison["population"].astype(str).eq(pop)
            small.loc[rows] = (entrants_small(t, comparison.loc[rows], min_cell, estimand)
                               # beside an earlier horizon: the few who entered in between
                               | entrants_steps_behind(t, comparison.loc[rows], min_cell,
                                                       estimand))
    one_sided = pd.Series(False, index=comparison.index)
    clipped = pd.Series(False, index=comparison.index)  # bounds giving m1 (dpo25)
    for pop, t in tidy.items():
        if t is not None:
            rows = comparison["population"].astype(str).eq(pop)
            one_sided.loc[rows] = one_side_behind(t, comparison.loc[rows], min_cell, estimand)
            clipped.loc[rows] = clipped_bounds_small(
                _matched_behind(t, comparison.loc[rows], estimand), min_cell)
    # a starters count hidden (a marker) beside the treated mean it divides: the mean, read
    # from the printed effect and relative effect (or a clipped bound), pins it (dpo26)
    if {"n_treated", "att_pp"} <= set(comparison.columns):
        n_hidden = pd.to_numeric(comparison["n_treated"], errors="coerce").isna()
        lo, hi = treated_share_read(comparison["att_pp"], comparison["att_rel_pct"])
        for pop, t in tidy.items():
            if t is not None:
                rows = comparison["population"].astype(str).eq(pop)
                behind = _matched_behind(t, comparison.loc[rows], estimand)
                pinned = share_pins_count(lo[rows.to_numpy()], hi[rows.to_numpy()],
                                          behind["n_treated"], min_cell)
                small.loc[rows] |= n_hidden.loc[rows].to_numpy() & pinned
                clipped.loc[rows] |= n_hidden.loc[rows].to_numpy() & bound_pins_count(
                    behind, min_cell)
                # the effect itself on the grid of 1 / (L n) (dpo26)
                one_sided.loc[rows] |= n_hidden.loc[rows].to_numpy() & effect_pins_count(
                    comparison.loc[rows, "att_pp"], behind, min_cell, tidy=t)
    effect_cols = [c for c in ("att_pp", "att_rel_pct", "ci_low", "ci_high")
                   if c in comparison.columns]
    bounds = [c for c in ("ci_low", "ci_high") if c in comparison.columns]
    return _mark_rendered(comparison, ((small, ["att_rel_pct"]), (one_sided, effect_cols),
                                       (clipped, bounds)),
                          "share", "measures comparison: relative effects giving the entrants",
                          min_cell)


def _mark_rendered(table: pd.DataFrame, hides: Sequence[tuple[Any, Sequence[str]]], rule: str,
                   name: str, min_cell: int) -> pd.DataFrame:
    """``table`` (rendered: markers in place) with, for each ``(mask, columns)`` of ``hides``,
    the numbers of those columns in the rows of ``mask`` shown as the value marker and
    recorded under ``rule`` as entry ``name`` (:func:`record_hidden`); ``table`` itself when
    no number is hit."""
    from mia_helpers.disclosure import DEFAULT_VALUE_MARKER

    out = table.copy()
    added = pd.DataFrame("", index=out.index, columns=out.columns)
    for mask, cols in hides:
        for c in cols:
            hide = mask & pd.to_numeric(out[c], errors="coerce").notna()
            if hide.any():
                out[c] = out[c].astype(object)
                out.loc[hide, c] = DEFAULT_VALUE_MARKER
                added.loc[hide, c] = rule
    if not (added != "").any().any():
        return table
    record_hidden(name, added, min_cell)
    return out


def comparison_starts_by_few_persons(comparison: pd.DataFrame,
                                     tidy: dict[str, pd.DataFrame | None], estimand: str,
                                     min_cell: int) -> pd.DataFrame:
    """Chapter 5's comparison of measures (:func:`mia_helpers.newcomers.measure_comparison`,
    rendered, one row per ``population``, ``measure`` and ``quarter_since_start``) with each
    starters count (``n_treated``) of at least ``min_cell`` starts by fewer than ``min_cell``
    persons hidden (``x``), with every estimate of its row, and recorded (``derived``,
    ``measures comparison: starts by fewer persons than min_cell``): the comparison's
    measures are matched as in chapter 4 (:func:`mia_helpers.newcomers.measure_specs`: a
    person's first start in each registration spell), so its counts are starts too
    (:func:`starts_by_few_persons`; ``tidy``: population -> its effect rows with
    ``treated_persons``, None for none). A row's starters observed at a later horizon are a
    subset of those at an earlier one, so the rows hidden end each count sequence and open no
    difference the sequence rule has not seen. ``comparison`` itself when nothing is hit."""
    few = pd.Series(False, index=comparison.index)
    for pop, t in tidy.items():
        rows = comparison["population"].astype(str).eq(pop)
        if t is not None and rows.any():
            few.loc[rows] = starts_by_few_persons(
                t, comparison.loc[rows].assign(estimand=estimand), min_cell)
    cols = [c for c in ("att_pp", "att_rel_pct", "ci_low", "ci_high", "true_att_pp",
                        "n_treated") if c in comparison.columns]
    return _mark_rendered(comparison, [(few, cols)], "derived",
                          "measures comparison: starts by fewer persons than min_cell", min_cell)


def with_starters(tidy: pd.DataFrame, result: Any) -> pd.DataFrame:
    """``tidy`` with one row at ``quarter_since_start`` 0 per matched measure and estimand
    whose ``n_treated`` is the measure's matched starters (the common-support table's
    ``n_matched``, summed over risk sets) and whose estimates are missing: fed to a table's
    rule on successive horizons, it makes the starters the first count of each sequence (see
    the module docstring). Drop the quarter-0 rows after the rule.

    Parameters
    ----------
    tidy : DataFrame
        ``EffectsResult.tidy`` rows (``measure``, ``estimand``, ``estimator``,
        ``quarter_since_start``, ``n_treated``, ...).
    result : EffectsResult
        The result ``tidy`` came from (its ``support()``).

    Returns
    -------
    DataFrame
        ``tidy`` (``measure``, ``estimand``, ``estimator`` as ``str``) and the quarter-0 rows.

    Raises
    ------
    ValueError
        If a matched measure of ``tidy`` has no row in ``result.support()``.
    """
    starters = result.support().groupby("measure", sort=False, observed=True)["n_matched"].sum()
    starters.index = starters.index.astype(str)
    keys = tidy.loc[tidy["estimator"].astype(str) == "matched", ["measure", "estimand"]]
    keys = keys.astype(str).drop_duplicates()
    missing = sorted(set(keys["measure"]) - set(starters.index))
    if missing:
        raise ValueError(f"no matched starters in result.support() for {missing}; pass the "
                         "EffectsResult the tidy rows come from")
    q0 = keys.assign(estimator="matched", quarter_since_start=0,
                     n_treated=keys["measure"].map(starters).to_numpy())
    return pd.concat([tidy.astype({"measure": str, "estimand": str, "estimator": str}), q0],
                     ignore_index=True)


def effect_grid(rows: pd.DataFrame, max_lcm: int = 60) -> np.ndarray:
    """The grid of each matched effect row (int per row): the smallest ``L`` up to
    ``max_lcm`` for which the twins who entered, ``control_outcome`` x ``n_treated``, are a
    multiple of ``1 / L`` (each of a starter's ``k_i`` twins weighted ``1 / k_i``: ``L``
    divides the least common multiple of 1..``k``), so that ``att L n`` is whole; 0 where
    there is none (missing values) and on every "now versus never" row (``estimand``): its
    inverse probability weights give no grid, and a weighted sum that happens to lie within
    the tolerance of ``1 / L`` (heart53: Appendix C shares on grids of 41 and 53) would make
    the reader's least common multiple so fine that no "now versus later" effect narrows its
    count, switching :func:`effect_pins_count` and :func:`grid_pins_count` off. It reads the
    printed ``control_outcome``, not the twins' own share: the grid is the reader's
    arithmetic on the printed effect, and a bias-corrected "now versus later" share, off
    the grid, gives 0 (no grid; switch55)."""
    out = np.zeros(len(rows), np.int64)
    if not {"control_outcome", "n_treated"} <= set(rows.columns):
        return out
    b = (pd.to_numeric(rows["control_outcome"], errors="coerce").to_numpy(dtype=float)
         * pd.to_numeric(rows["n_treated"], errors="coerce").to_numpy(dtype=float))
    if "estimand" in rows.columns:
        b[rows["estimand"].astype(str).to_numpy() == "now_vs_never"] = np.nan
    for lcm in range(1, max_lcm + 1):
        with np.errstate(invalid="ignore"):
            on = (out == 0) & np.isfinite(b) & (np.abs(b * lcm - np.rint(b * lcm))
                                                 < 1e-6 * np.maximum(1.0, b * lcm))
        out[on] = lcm
    return out


def effect_pins_count(att_pp: Any, rows: pd.DataFrame, min_cell: int,
                      half: float = PRINTED_HALF, tidy: pd.DataFrame | None = None
                      ) -> np.ndarray:
    """Whether a printed matched effect (``att_pp``, pp, known within ``half``) narrows the
    starters count ``n_treated`` of its row on the grid of ``1 / (L n)``
    (:func:`effect_grid`, :func:`share_pins_count` on ``att L``): bool per row of ``rows``
    (matched effect rows with ``control_outcome`` and ``n_treated``). One decimal fixes
    ``att`` to 1e-3, finer than ``1 / (6 n)`` below about 170 starters (dpo26: newcomers'
    vocational training at quarter 5, -2.6 pp beside ``x`` after 71 starters: of 61..70 only
    63, 64, 65 and 70 fit). The tables hide an effect where this is True and its count is
    hidden. The grid is the reader's: the least common multiple of the rows' own grids (and
    of the matched rows of ``tidy``, all its horizons), as a reader who knows ``k`` takes
    the least common multiple of 1..``k``; a row whose twins happen to sum to a whole number
    is not read on a coarser grid than that."""
    own = effect_grid(rows)
    every = own if tidy is None else np.concatenate([own, effect_grid(
        tidy[tidy["estimator"].astype(str) == "matched"])])
    reader = int(np.lcm.reduce(every[every > 0])) if (every > 0).any() else 0
    lcm = np.where(own > 0, float(reader), 0.0)
    att = pd.to_numeric(pd.Series(np.asarray(att_pp, dtype=object)), errors="coerce").to_numpy(
        dtype=float)
    lo, hi = (att - half) / 100.0 * lcm, (att + half) / 100.0 * lcm
    return (lcm > 0) & share_pins_count(lo, hi, rows["n_treated"], min_cell)


def grid_pins_count(rows: pd.DataFrame, cohort: pd.DataFrame | None, k: int | None,
                    min_cell: int, decimals: int, by: Sequence[str] = ()) -> np.ndarray:
    """Whether a matched "now versus later" estimate, printed with ``decimals``, narrows its
    starters count that a reader could hold against another count of the same cohort (bool
    per row of ``rows``: ``measure``, ``quarter_since_start``, ``att_pp``, ``n_treated`` and
    ``estimand`` where known).

    The matched effect is ``(A - B) / n``: ``A`` starters who entered, ``B`` their twins who
    entered, each of a starter's ``k_i <= k`` twins weighted ``1 / k_i``, so ``att L n`` is a
    whole number for ``L`` the least common multiple of 1..``k``. Two decimals of a pp value
    fix ``att`` to 1e-4, finer than ``1 / (L n)`` for counts below some 1,700 (``k`` 3), so
    of the counts near ``n`` only a few fit (:func:`share_pins_count` on ``att L``). dpo26
    (seed 5252, 3,000 residents, 1,200 newcomers, ``min_cell`` 11, chapter 4 with
    ``max_quarter`` 5): the estimands exercise printed application assignment at 5 quarters
    as -2.09 beside the summary's 244 starters at quarter 4 and ``x`` at 5; of 234..243 only
    239 fits, so 5 starters were censored in between (basic training -6.81: 203 of 207, 4;
    vocational training 3.89: 313 of 317, 4).

    A row is True where its count lies within ``min_cell - 1`` of a count of the same
    measure and estimand (and the same values of the columns ``by``, e.g. the pool) at
    another horizon in ``cohort`` (the counts a reader holds: the published horizons, the
    starters as quarter 0, the grid's own other cells) and some count within ``min_cell - 1``
    of it does not fit. "Now versus never" (inverse probability weights, no grid) and rows
    without a count are False.

    Since dpo27 the rule does not depend on the caller passing both: without ``cohort`` the
    reader is taken to hold a count near every one (a row is True wherever its estimate
    narrows its count), and without ``k`` the grid is the rows' own
    (:func:`effect_grid` on ``control_outcome`` x ``n_treated``, the least common multiple
    over the matched rows of ``rows`` and ``cohort``, as :func:`effect_pins_count` reads it).

    Raises
    ------
    ValueError
        Without ``k`` where ``rows`` carry no ``control_outcome`` to read the grid from (a
        "now versus later" row: the grid cannot be told, so the rule cannot be applied).
    """
    out = np.zeros(len(rows), bool)
    if min_cell <= 1 or rows.empty or (k is not None and int(k) < 1):
        return out
    est_rows = (rows["estimand"].astype(str).to_numpy() if "estimand" in rows.columns
                else np.full(len(rows), "now_vs_later", dtype=object))
    if k is not None:
        lcm = int(np.lcm.reduce(np.arange(1, int(k) + 1)))
    elif not (est_rows != "now_vs_never").any():
        return out
    elif "control_outcome" not in rows.columns:
        raise ValueError("effect_tables.grid_pins_count: without k (twins per starter) the grid "
                         "of 1/(L n) is read from the rows' control_outcome, which they lack; "
                         "pass k, or the EffectsResult.tidy rows")
    else:
        grids = [effect_grid(rows)]
        if cohort is not None and "control_outcome" in cohort.columns:
            grids.append(effect_grid(cohort[cohort["estimator"].astype(str) == "matched"]
                                     if "estimator" in cohort.columns else cohort))
        every = np.concatenate(grids)
        if not (every > 0).any():
            return out
        lcm = int(np.lcm.reduce(every[every > 0]))
    half = 0.5 * 10.0 ** -int(decimals)
    att = pd.to_numeric(rows["att_pp"], errors="coerce").round(decimals).to_numpy(dtype=float)
    n = pd.to_numeric(rows["n_treated"], errors="coerce").to_numpy(dtype=float)
    pins = share_pins_count((att - half) / 100.0 * lcm, (att + half) / 100.0 * lcm, n,
                            min_cell)
    est = est_rows
    if cohort is None:  # no counts given: the reader may hold one near each (dpo27)
        return pins & (est != "now_vs_never")
    c = cohort[cohort["estimator"].astype(str) == "matched"] if "estimator" in cohort else cohort
    c_est = (c["estimand"].astype(str).to_numpy() if "estimand" in c.columns
             else np.full(len(c), "now_vs_later", dtype=object))
    c_n = pd.to_numeric(c["n_treated"], errors="coerce").to_numpy(dtype=float)
    def column(frame: pd.DataFrame, col: str, fill: object) -> pd.Series:
        # a frame without the column (one measure; horizons unknown: NaN, compared with all)
        return frame[col] if col in frame.columns else pd.Series(fill, index=frame.index)

    c_q = pd.to_numeric(column(c, "quarter_since_start", np.nan), errors="coerce").to_numpy(
        dtype=float)
    c_m = column(c, "measure", "").astype(str).to_numpy()
    q = pd.to_numeric(column(rows, "quarter_since_start", np.nan), errors="coerce").to_numpy(
        dtype=float)
    r_m = column(rows, "measure", "").astype(str).to_numpy()
    for i in np.flatnonzero(pins & (est != "now_vs_never")):
        same = (c_m == r_m[i]) & (c_est == est[i]) & (c_q != q[i])
        for col in by:
            same &= c[col].astype(str).to_numpy() == str(rows[col].iat[i])
        d = np.abs(c_n[same] - n[i])
        out[i] = bool(np.any((d > 0) & (d < min_cell)))
    return out


def estimate_grid(rows: pd.DataFrame, index: str, columns: str, min_cell: int = 10,
                  name: str = "effect estimates", decimals: int = 2, k: int | None = None,
                  cohort: pd.DataFrame | None = None) -> pd.DataFrame:
    """A grid of matched effects (``att_pp``) for an exercise or a comparison, each estimate
    shown only when at least ``min_cell`` treated lie behind it, the counts hidden where
    they change by fewer than ``min_cell`` between successive horizons.

    Parameters
    ----------
    rows : DataFrame
        One row per cell with ``index``, ``columns``, ``att_pp`` (pp) and ``n_treated``
        (matched treated behind it, int); ``quarter_since_start`` as ``index`` or ``columns``
        makes the cells of one row (or column) a cohort's successive horizons. With
        ``treated_outcome`` and ``control_outcome`` (the tidy rows have them) an estimate is
        hidden too where either side's entrants or non-entrants are fewer than ``min_cell``
        (:func:`one_side_small`; the twins in distinct persons where the rows carry
        ``control_entered_persons`` and ``control_not_entered_persons``,
        :func:`mia_helpers.twin_persons.with_twin_persons`). With ``point_identified`` an
        estimate whose flag is False is printed as "bounds [low, high]" of ``ci_low`` and
        ``ci_high`` (:func:`mia_helpers.labels.bound_text`, "–" without them).
    index, columns : str
        Columns of ``rows`` spanning the grid.
    min_cell : int
        Disclosure threshold (persons).
    name : str
        The table's name in the run's checking record.
    decimals : int
        Rounding of the published estimates.
    k : int, optional
        Twins per starter of the matching. A "now versus later" estimate is hidden
        (``share``) where, printed with ``decimals``, it pins its starters count on the grid
        of ``1 / (L n)`` (:func:`grid_pins_count`) and that count lies within ``min_cell - 1``
        of another count of the same measure and estimand in ``cohort``. Without ``k`` the
        grid is read from the rows' ``control_outcome`` (dpo27: the rule applied only when
        the caller passed both ``k`` and ``cohort``); rows of "now versus later" with neither
        are refused (``ValueError``).
    cohort : DataFrame, optional
        Matched effect rows of every horizon (``measure``, ``estimand``,
        ``quarter_since_start``, ``n_treated``; the rows of ``rows`` among them, and the
        starters as quarter 0 where known): the counts a reader may hold from other tables;
        where ``index`` or ``columns`` is another column than ``measure``, ``estimand`` and
        ``quarter_since_start`` (a pool), ``cohort`` carries it too and a count is compared
        only with counts of the same value. Without it the reader is taken to hold a count
        near each one (every estimate that narrows its count is hidden: safe, and more than
        with the cohort).

    Returns
    -------
    DataFrame
        ``index`` x ``columns`` in their order of first appearance in ``rows``, estimates as
        published (text markers where hidden, ``x``); paste it with
        :func:`mia_helpers.labels.table_markdown` (reader names, a caption, a number).

    Raises
    ------
    ValueError
        Naming the missing columns of ``rows``; without ``k`` where "now versus later" rows
        carry no ``control_outcome`` (:func:`grid_pins_count`).
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
    if {"treated_outcome", "control_outcome"} <= set(rows.columns):
        # an estimate on fewer than min_cell entrants or non-entrants on either side (dpo23,
        # the rule of the summary tables: one_side_small)
        from mia_helpers.disclosure import hide_more

        few = one_side_small(rows.reset_index(drop=True), min_cell)
        t = hide_more(t, {"att_pp": few}, "share", f"{name}: few entrants", min_cell)
    if True:  # always (dpo27): k and cohort only sharpen the rule, their absence is safe
        # the 1/(L n) grid: an estimate printed with two decimals pins its starters count,
        # which may be hidden (horizon rule) or near one published elsewhere (dpo26)
        from mia_helpers.disclosure import hide_more

        by = [c for c in (index, columns) if c not in ("measure", "estimand", quarter)]
        pins = grid_pins_count(rows.reset_index(drop=True), cohort, k, min_cell, decimals, by)
        t = hide_more(t, {"att_pp": pins}, "share", f"{name}: estimate pins its starters",
                      min_cell)
    shown = t.render()
    if "point_identified" in rows.columns:
        # a published estimate that is not point-identified is printed as its worst-case
        # bounds, with no point (labels.bound_text, as the summary tables print it; late24:
        # chapter 4's estimands exercise printed Basic training's "now versus never" bound at
        # 12 quarters, seed 9090, as the estimate 6.90)
        from mia_helpers.labels import bound_text, not_point_identified

        bound = not_point_identified(rows)
        low, high = ((rows[c].reset_index(drop=True).round(decimals) if c in rows.columns
                      else pd.Series(np.nan, index=pd.RangeIndex(len(rows))))
                     for c in ("ci_low", "ci_high"))
        est = shown["att_pp"].astype(object)
        for i in np.flatnonzero(bound):
            est.iat[i] = bound_text(est.iat[i], low.iat[i], high.iat[i], decimals)
        shown = shown.assign(att_pp=est)
    # rows and columns in the order of ``rows`` (a pivot sorts them: measure codes came out
    # alphabetically, not in the book's order)
    grid = shown.pivot(index=index, columns=columns, values="att_pp")
    return grid.reindex(index=pd.unique(d[index]), columns=pd.unique(d[columns]))


def origin_published(by_group: pd.DataFrame, quarters: Sequence[int], min_cell: int = 10
                     ) -> pd.DataFrame:
    """``by_group`` with the estimates the origin-group table does not publish set missing, so
    that chapter 4's prose on the groups (:func:`mia_helpers.claims.origin_claims`) and its
    figure state and draw only what the table lets out.

    A row keeps ``att_pp``, ``ci_low``, ``ci_high`` and ``true_att_pp`` only where
    :func:`mia_helpers.origin_effects.origin_table` publishes its estimate: at the horizons of
    the table as printed (``quarters``) as that table shows it, at the other horizons (drawn in
    the figure, judged in the prose) as the same table over every horizon of ``by_group``
    shows it. With ``min_cell`` 20 on seed 4242 (2,500 residents) the table
    hid every non-EU estimate (their counts are the complement of the small groups') while the
    prose stated "-5.2 percentage points for Non-EU starters" and the figure drew the curve.
    A row printed as "bounds" whose bounds the table hides (a disclosure marker in
    ``ci_low`` or ``ci_high``) is not published: before orig51 the figure drew it.

    Parameters
    ----------
    by_group : DataFrame
        Matched rows of :func:`mia_helpers.origin_effects.effects_by_group` with the group truth
        (``measure``, ``group``, ``quarter_since_start``, ``att_pp``, ``ci_low``, ``ci_high``,
        ``true_att_pp``, ``n_treated``).
    quarters : sequence of int
        The horizons of the printed table.
    min_cell : int
        Disclosure threshold (persons).

    Returns
    -------
    DataFrame
        A copy of ``by_group`` (same rows and columns), hidden estimates NaN. ``n_treated`` is
        kept: it decides nothing published here beyond what the table decides.

    Raises
    ------
    ValueError
        Naming the missing columns of ``by_group``.
    """
    from mia_helpers.labels import require_columns
    from mia_helpers.origin_effects import origin_table

    keys = ["measure", "group", "quarter_since_start"]
    values = ["att_pp", "ci_low", "ci_high", "true_att_pp"]
    require_columns(by_group, [*keys, *values, "n_treated"], "effect_tables.origin_published",
                    "origin_effects.group_truth")
    out = by_group.copy()
    if out.empty:
        return out
    everything = sorted(pd.unique(out["quarter_since_start"]))
    shown = pd.Series(True, index=out.index)
    for qs, scope in ((everything, ~out["quarter_since_start"].isin(list(quarters))),
                      ([q for q in quarters if q in everything],
                       out["quarter_since_start"].isin(list(quarters)))):
        if not qs:
            continue
        t = origin_table(out, qs, min_cell=min_cell)
        if "att_pp" not in t.columns:  # the note row: nothing published
            shown &= ~scope
            continue
        # "bounds": a published worst-case bound (origin_table; late24), kept for the prose
        # to name as a bound, not as hidden; but not where the table hides the bounds
        # themselves ("bounds" beside "x": clipped at the treated share, dpo25), which the
        # figure drew before orig51
        marked = t[["ci_low", "ci_high"]].map(lambda v: isinstance(v, str)).any(axis=1)
        bound = (t["att_pp"].astype(str) == "bounds") & ~marked
        pub = t.assign(published=pd.to_numeric(t["att_pp"], errors="coerce").notna() | bound)
        pub = pub.astype({"measure": str, "group": str})[[*keys, "published"]]
        merged = out[keys].astype({"measure": str, "group": str}).merge(
            pub, on=keys, how="left")["published"].fillna(False).astype(bool)
        shown &= (merged.to_numpy() | ~scope.to_numpy())
        if qs is not everything and "control_outcome" in out.columns:
            # the printed table's counts are the reader's at every horizon: a point of the
            # figure or prose beside no count may not narrow its count against them on the
            # 1/(L n) grid (dpo28; origin_table's own rule reads only its own counts)
            n_pub = t.assign(n=pd.to_numeric(t["n_treated"], errors="coerce"))
            n_pub = n_pub[n_pub["n"].notna()].astype({"measure": str, "group": str})[keys]
            held = out[keys].astype({"measure": str, "group": str}).merge(
                n_pub.assign(held=True), on=keys, how="left")["held"].fillna(False).to_numpy(
                dtype=bool)
            other = ~out["quarter_since_start"].isin(list(quarters)).to_numpy()
            rows = out.reset_index(drop=True)
            pins = grid_pins_count(rows, rows[held], None, min_cell, 1, by=("group",))
            shown &= ~(pins & other)
    out.loc[~shown, values] = float("nan")
    return out


def caliper_table(rows: pd.DataFrame, support: Protected, measure: str,
                  summary: Protected | None = None, quarter: int = 5, min_cell: int = 10,
                  value_cols: Any = None, name: str = "caliper exercise",
                  result: Any = None, starters: float | None = None) -> Protected:
    """Chapter 4's caliper exercise: one measure matched again at other calipers, its starters
    dropped for lack of support and its matched starters at one horizon, protected together
    with the chapter's own tables of the same run.

    The exercise's counts and the chapter's describe the same starters under other
    calipers, so their differences are counts of persons: the dropped at one caliper minus
    those at another are the starters who find a twin only within the wider one; the
    matched at ``quarter`` likewise; and the common-support table's starters minus an
    exercise row's dropped are that caliper's matched starters, of whom those not at
    ``quarter`` are the ones followed for less. Rules, besides the small counts
    (:func:`mia_helpers.disclosure.suppress`):

    - across calipers (``horizon``, via ``hide``): a published count of the exercise may not
      differ by fewer than ``min_cell`` (and not by 0) from the chapter's published count
      (``support``'s ``n_dropped``; ``summary``'s matched ``n_treated`` at ``quarter``) or
      from another exercise row's published count, in the order of ``rows``; else it is
      hidden (its estimate stays, as for the sequence rule);
    - within a caliper (``complement``, as relations): starters = dropped + matched (the
      matched small: the dropped hidden), and matched = treated at ``quarter`` + those
      followed for less (that remainder small: the treated hidden);
    - starts by few persons (``derived``, the rule of :func:`support_published` and
      :func:`summary_table`): the counts are starts (a person who started the measure in two
      registration spells counts twice), so where ``rows`` carries the distinct persons behind
      them (``dropped_persons``, ``treated_persons_q<quarter>``), a count of at least
      ``min_cell`` starts by fewer than ``min_cell`` persons is hidden, with the values on it
      (``value_cols``), and recorded as ``<name>: starts by fewer persons than min_cell``; it
      counts as unpublished in the rule across calipers. The person columns are not published.
    - zeros of a small group (dpo36): a row's 0 dropped or 0 matched at ``quarter`` where
      the starters number fewer than ``min_cell`` (``starters``, or the support table's,
      also where it hides them as small) would tell each starter's outcome: hidden
      (``complement``, :func:`mia_helpers.disclosure.zeros_of_small_groups`);
    - across calipers in persons (old27): the counts are starts, and two published counts
      differing by ``min_cell`` starts or more may differ by fewer persons (a person who
      started in two spells found a twin only within the wider caliper in both). The starts of
      two calipers are nested (a wider caliper drops a subset of the narrower one's dropped,
      and matches a superset of its matched), so the persons behind their difference number
      at least the difference of their persons; where both persons are known (the row's
      person columns; the chapter's from ``result``) a count whose persons differ by fewer
      than ``min_cell`` from a published count's is hidden as well, unless the starts are
      equal (then the sets are). (The matched at ``quarter`` are nested only as far as their
      twins are followed alike under both calipers; the rule is read the same way there.)

    Parameters
    ----------
    rows : DataFrame
        One row per caliper: ``caliper``, ``n_dropped`` (summed over risk sets, as
        ``EffectsResult.support()``), ``n_treated_q<quarter>`` (matched treated at
        ``quarter``), and value columns (the effect at ``quarter``, balance...); optionally
        the distinct persons behind the counts, ``dropped_persons`` (the measure's
        ``dropped_persons`` of :func:`support_persons`) and ``treated_persons_q<quarter>``
        (the matched row's ``treated_persons`` of :func:`with_twin_persons`); without them
        the counts are read as persons.
    support : Protected
        The chapter's common-support table (:func:`mia_helpers.effects.support_table`) as
        published: ``measure``, ``n_treated`` (starters), ``n_dropped``.
    measure : str
        The measure of the exercise (absent from ``support`` when the chapter does not
        evaluate it: then only the exercise's own rows are compared).
    summary : Protected, optional
        The chapter's effects summary (:func:`summary_table`) of the exercise's estimand, as
        published; None when it shows another estimand (its counts are then not the same
        starters' counts).
    quarter : int
        The horizon of the exercise's matched treated.
    min_cell : int
        Disclosure threshold (persons).
    value_cols
        As :func:`mia_helpers.disclosure.suppress` (e.g. ``{"att_pp_q5": "n_treated_q5"}``).
    name : str
        The table's name in the run's checking record.
    result : EffectsResult, optional
        The chapter's own run (:func:`with_twin_persons` of
        :func:`mia_helpers.effects.activation_effects`), whose persons behind ``support``'s
        dropped (:func:`support_persons`) and ``summary``'s matched at ``quarter``
        (``treated_persons`` of its matched "now versus later" row) the rule in persons
        reads. None: the chapter's counts are compared in starts only.
    starters : int, optional
        The measure's starters where ``support`` lacks the measure (cal27: a share of
        starters dropped, ``dropped_pct``, gives them back with the dropped, so the relation
        starters = dropped + matched holds as with the support table's); ignored otherwise.

    Returns
    -------
    Protected
        ``rows`` (same columns) with hidden cells missing and their reasons.

    Raises
    ------
    ValueError
        Naming the missing columns.
    """
    from mia_helpers.disclosure import suppress
    from mia_helpers.labels import require_columns

    treated = f"n_treated_q{int(quarter)}"
    require_columns(rows, ["caliper", "n_dropped", treated], "effect_tables.caliper_table",
                    "the exercise's rows")
    require_columns(support.data, ["measure", "n_treated", "n_dropped"],
                    "effect_tables.caliper_table", "effects.support_table")
    s = support.data[support.data["measure"].astype(str) == str(measure)]
    # a measure the chapter does not evaluate (not in its measures): nothing published of it
    chapter = {"n_dropped": s["n_dropped"].iat[0] if len(s) else np.nan, treated: np.nan}
    # what the chapter's tables hide of the same run (read29): a count, or the summary's effect
    hidden = {"n_dropped": bool(len(s)) and bool(support.reason.loc[s.index, "n_dropped"]
                                                  .ne("").iat[0]), treated: False}
    effect_hidden = False
    if summary is not None:
        d = summary.data
        at = d[(d["measure"].astype(str) == str(measure))
               & (d["quarter_since_start"].astype(int) == int(quarter))]
        if len(at):
            chapter[treated] = at["n_treated"].iat[0]
            why = summary.reason.loc[at.index]
            hidden[treated] = "n_treated" in why.columns and bool(why["n_treated"].ne("").iat[0])
            effect_hidden = "matched_pp" in why.columns and bool(why["matched_pp"].ne("").iat[0])
    d = rows.reset_index(drop=True).copy()
    own_row = _chapters_caliper_rows(d, result, measure, quarter, treated, hidden)
    # starts by few persons (nvn24, starts24): hidden after the rules below, unpublished in them
    person_cols = {"n_dropped": "dropped_persons", treated: f"treated_persons_q{int(quarter)}"}
    persons = {c: (pd.to_numeric(d.pop(p)).to_numpy(float) if p in d.columns
                   else np.full(len(d), np.nan)) for c, p in person_cols.items()}
    few = {c: few_persons(d[c], persons[c], min_cell) for c in person_cols}
    theirs = _chapter_persons(result, measure, quarter, summary is not None)
    hide = {}
    for col, pub in chapter.items():
        shown = [] if pd.isna(pub) else [(float(pub), theirs[col])]
        h = np.zeros(len(d), bool)
        for i, v in enumerate(pd.to_numeric(d[col]).to_numpy(float)):
            if 0 < v < min_cell or few[col][i]:
                continue  # small, or by few persons: hidden as such, not published
            if own_row[col][i]:  # the chapter's own match: the count its table hides
                h[i] = True
                continue
            pv = persons[col][i]
            if any(0 < abs(v - w) < min_cell or (v != w and abs(pv - pw) < min_cell)
                   for w, pw in shown):  # a NaN person count compares as not small
                h[i] = True
            else:
                shown.append((v, pv))
        hide[col] = h
    counts, relations, helpers = ["n_dropped", treated], [], []
    starters = s["n_treated"].iat[0] if len(s) else (np.nan if starters is None else starters)
    if not pd.isna(starters):  # the support table's starters: matched = starters - dropped
        helpers = ["_starters", "_matched"]
        d["_starters"] = int(starters)
        d["_matched"] = d["_starters"] - pd.to_numeric(d["n_dropped"]).astype(int)
        relations = [("_starters", ["n_dropped", "_matched"], True),
                     ("_matched", [treated], False)]
    # dpo36: 0 dropped (or 0 matched at the horizon) among fewer than min_cell starters tells
    # of each of them that they found a twin (or were not followed): hidden as a zero of a
    # small group; a starters count the support table hides as small is below min_cell
    group = np.nan if pd.isna(starters) else float(starters)
    if len(s) and pd.isna(group) and support.reason.loc[s.index, "n_treated"].iat[0] == "primary":
        group = float(min_cell - 1)  # hidden as small: between 1 and min_cell - 1 starters
    zeros = zeros_of_small_groups(d, counts, np.full(len(d), group), min_cell)
    # the helpers are known to the reader (from the support table) but not shown here: the
    # checking record counts the cells of the published columns only
    p = suppress(d, count_cols=[*counts, *helpers], min_cell=min_cell, value_cols=value_cols,
                 relations=relations, hide=hide, name=name, not_shown=helpers, zeros=zeros)
    p = p.drop(helpers) if helpers else p
    effect = f"att_pp_q{int(quarter)}"
    if effect_hidden and effect in p.data.columns and own_row["role"].any():
        p = hide_more(p, {effect: own_row["role"]}, "derived",
                      f"{name}: the chapter's own estimate, which its summary hides", min_cell)
    if not any(m.any() for m in few.values()):
        return p
    # the values on a count go with it, as suppress's value_cols say (a list: on every count)
    on = ({v: [c] if isinstance(c, str) else list(c) for v, c in value_cols.items()}
          if isinstance(value_cols, Mapping) else dict.fromkeys(value_cols or [], counts))
    more = {**few, **{v: np.logical_or.reduce([few[c] for c in cs if c in few])
                      for v, cs in on.items() if any(c in few for c in cs)}}
    # starts by few persons are at least min_cell starts: a hidden one is no small count, and
    # none of them is a part the relations give back (the matched at a caliper are not
    # published, the helpers above), so hiding them after the rules opens no remainder
    return hide_more(p, more, "derived", f"{name}: starts by fewer persons than min_cell",
                     min_cell)


def _chapters_caliper_rows(d: pd.DataFrame, result: Any, measure: str, quarter: int,
                           treated: str, hidden: dict[str, bool]) -> dict[str, np.ndarray]:
    """Rows of :func:`caliper_table`'s ``d`` that repeat a count the chapter's own tables hide
    (bool per row, per count column; ``"role"``: the rows of the chapter's caliper).

    The row whose ``role`` is "the chapter's" (:func:`caliper_role`) is the chapter's own
    match, so its counts are the support table's dropped and the summary's matched at
    ``quarter``; where those tables hide a count (``hidden``), printing it here would undo
    that (read29: seed 8282, 3,000 residents, 1,200 newcomers, min_cell 15, IBO's 341 matched
    starters at 5 quarters, hidden in the summary as 6 apart from quarter 4's 347, printed on
    the exercise's row of the chapter's caliper). Without ``role``, a row whose count equals
    the chapter's hidden one, read from ``result`` (its ``support()`` and matched "now versus
    later" ``tidy`` row), is taken for it.
    """
    n = len(d)
    role = (d["role"].astype(str).eq("the chapter's").to_numpy() if "role" in d.columns
            else np.zeros(n, bool))
    out: dict[str, np.ndarray] = {"role": role}
    theirs = {"n_dropped": np.nan, treated: np.nan}
    if result is not None:
        try:
            sup = result.support()
            theirs["n_dropped"] = float(sup.loc[sup["measure"].astype(str) == str(measure),
                                                "n_dropped"].sum())
        except (AttributeError, KeyError, TypeError):
            pass  # no support: the role alone tells the chapter's row
        t = getattr(result, "tidy", None)
        if t is not None and {"measure", "estimator", "estimand", "quarter_since_start",
                              "n_treated"} <= set(t.columns):
            t = t[(t["measure"].astype(str) == str(measure)) & (t["estimator"] == "matched")
                  & (t["estimand"] == "now_vs_later")
                  & (t["quarter_since_start"].astype(int) == int(quarter))]
            if len(t):
                theirs[treated] = float(t["n_treated"].iat[0])
    for col in ("n_dropped", treated):
        v = pd.to_numeric(d[col], errors="coerce").to_numpy(float)
        out[col] = (role | (v == theirs[col])) if hidden.get(col) else np.zeros(n, bool)
    return out


def _chapter_persons(result: Any, measure: str, quarter: int, with_summary: bool
                     ) -> dict[str, float]:
    """The persons behind the chapter's dropped and matched-at-``quarter`` counts of
    ``measure`` that :func:`caliper_table` compares (NaN where unknown)."""
    treated = f"n_treated_q{int(quarter)}"
    out = {"n_dropped": np.nan, treated: np.nan}
    if result is None:
        return out
    sp = support_persons(result)
    at = sp[sp["measure"] == str(measure)]
    if len(at):
        out["n_dropped"] = float(at["dropped_persons"].iat[0])
    t = result.tidy
    if with_summary and "treated_persons" in t.columns:
        t = t[(t["measure"].astype(str) == str(measure)) & (t["estimator"] == "matched")
              & (t["estimand"] == "now_vs_later")
              & (t["quarter_since_start"].astype(int) == int(quarter))]
        if len(t):
            out[treated] = float(t["treated_persons"].iat[0])
    return out


#: group of the common-support figure -> the common-support table's column counting it
SUPPORT_GROUPS: dict[str, str] = {"pool": "n_pool", "treated (dropped)": "n_dropped",
                                  "treated (matched)": "n_matched"}


def merge_bins_by_persons(bin_of_row: np.ndarray, person: np.ndarray, bins: int,
                          min_cell: int) -> list[int]:
    """Left edges (bin indices) of adjacent histogram bins merged until each holds at least
    ``min_cell`` *distinct* persons.

    ``bin_of_row`` (int in ``0..bins-1``) and ``person`` (ids), one entry per row of one
    group; a person may have rows in several bins (a pool member at several elapsed
    durations). Bins are taken left to right into the current merged bin until the persons
    with a row in it number ``min_cell``; a last remainder with fewer joins the merged bin
    before it. Returns the sorted first bin of each merged bin (``[0]`` when the whole range
    is one bin). Counting distinct persons over the merged range, not summing each bin's
    distinct persons, is the point: the first version (``effects.support_histogram``) summed them,
    so a person with rows in two bins counted twice and a drawn bar rested on fewer than
    ``min_cell`` persons (dpo19: seed 2005, 800 residents, 400 newcomers, min_cell 10, pool of
    mediation guidance, a bar of 5 persons, density x width x the pool's 748 persons).
    """
    # persons as integer codes; a person counts in the current merged bin when stamped with
    # its number (no Python objects per person: one pass of array operations per bin)
    _, code = np.unique(np.asarray(person), return_inverse=True)
    code = code.reshape(-1)
    order = np.argsort(bin_of_row, kind="stable")
    b_sorted, c_sorted = np.asarray(bin_of_row)[order], code[order]
    cuts = np.searchsorted(b_sorted, np.arange(bins + 1))
    stamp = np.full(code.max() + 1 if len(code) else 0, -1, np.int64)
    starts, merged, current = [0], 0, 0
    for b in range(bins):  # tens of bins
        c = c_sorted[cuts[b]:cuts[b + 1]]
        new = np.unique(c[stamp[c] != merged])
        stamp[new] = merged
        current += len(new)
        if current >= min_cell and b < bins - 1:
            starts.append(b + 1)
            merged, current = merged + 1, 0
    if current < min_cell and len(starts) > 1:
        starts.pop()  # the remainder joins the merged bin before it
    return starts


def _extreme_by_persons(score: np.ndarray, person: np.ndarray, min_cell: int
                        ) -> tuple[float, float]:
    """Axis limits of the common-support figure: the ``min_cell``-th smallest of the persons'
    lowest scores and the ``min_cell``-th largest of their highest, so that at least
    ``min_cell`` distinct persons have a score at or beyond each limit (the ``min_cell``-th
    row could belong to one person with many rows)."""
    d = pd.DataFrame({"p": person, "s": score}).groupby("p")["s"].agg(["min", "max"])
    lows, highs = np.sort(d["min"].to_numpy()), np.sort(d["max"].to_numpy())[::-1]
    k = min(min_cell, len(d)) - 1
    lo, hi = float(lows[k]), float(highs[k])
    if not hi > lo:
        lo, hi = float(score.min()), float(score.max()) + 1e-9
    return lo, hi


def _hidden_groups(support: Protected | None, measure: str) -> set[str]:
    """Groups of the common-support figure whose count ``support`` (the common-support table as
    published) hides for ``measure``: the figure does not draw them."""
    if support is None:
        return set()
    rows = support.data["measure"].astype(str).to_numpy() == str(measure)
    return {g for g, col in SUPPORT_GROUPS.items()
            if col in support.reason.columns and (support.reason.loc[rows, col] != "").any()}


def support_histogram(res: Any, bins: int = 30, min_cell: int = 10,
                      support: Protected | None = None) -> pd.DataFrame:
    """Risk-set rows by centred logit propensity score bin, per measure and group, for
    chapter 4's common-support figure; every drawn bar rests on at least ``min_cell``
    distinct persons, and the figure tells nothing the common-support table hides.

    The first version (``effects.support_histogram``, removed) with three leaks closed
    (dpo19):

    - bars: adjacent bins are merged until each holds ``min_cell`` *distinct* persons
      (:func:`merge_bins_by_persons`). The effects version summed the bins' distinct persons,
      so a pool member with rows in two bins counted twice: seed 2005, 800 residents, 400
      newcomers, min_cell 10, eight pool bars of 5 to 9 persons (mediation guidance: density
      0.00559 x width 1.195 x the pool's 748 persons = 5).
    - totals: the density is over the group's *rows* (its starts; the pool's person-quarters),
      the unit the common-support table counts (``n_matched``, ``n_dropped``, ``n_pool``). The
      effects version normalised by distinct persons, a total the bars' shares give away
      (each share is persons / total with persons >= ``min_cell``), and starts minus persons
      counts the few repeated starts: same run, basic training, 50 dropped starts in the
      table, shares 12/48, 10/48, 11/48, 15/48 in the figure, so 2 repeated starts.
    - hidden groups: a group whose count ``support`` hides is not drawn. Seed 7, 400
      residents, 200 newcomers, min_cell 10: sanction transmission, 30 starters, matched and
      dropped hidden (7 matched); the figure drew the dropped with shares 10/23 and 13/23, so
      23 dropped and 30 - 23 = 7 matched.

    The axis ends where ``min_cell`` distinct persons' scores lie beyond it
    (:func:`_extreme_by_persons`; the effects version took the ``min_cell``-th row).

    Parameters
    ----------
    res : EffectsResult or dict of str to MatchResult
        The matching results (``.matches``); each ``rows`` holds ``score``, ``risk_set``,
        ``treated``, ``person_id``, and ``pairs`` the matched treated's row positions.
    bins : int
        Equal-width bins over the axis before merging (>= 1).
    min_cell : int
        Disclosure threshold (distinct persons per bar and per group).
    support : Protected, optional
        The common-support table as published (:func:`mia_helpers.effects.support_table`):
        the pool, the dropped or the matched starters of a measure are not drawn where it
        hides ``n_pool``, ``n_dropped`` or ``n_matched``. Pass it whenever the table is
        published beside the figure.

    Returns
    -------
    DataFrame
        ``measure``, ``group`` (pool / treated (dropped) / treated (matched)), ``bin_low``,
        ``bin_high``, ``bin_mid`` (centred logit score), ``rows`` (the group's risk-set rows in
        the bar), ``persons`` (distinct persons among them, >= ``min_cell``; not for drawing),
        ``density`` (``rows`` per unit of score over the group's rows, 1/score unit: the bars
        of a group integrate to 1). A group with fewer than ``min_cell`` persons in all is left
        out.

    Raises
    ------
    ValueError
        If ``bins`` < 1, or a measure's rows lack ``person_id``.
    """
    from mia_helpers.disclosure import check_no_person_ids

    if int(bins) < 1:
        raise ValueError(f"support_histogram: bins must be >= 1, got {bins}")
    matches = res.matches if hasattr(res, "matches") else res
    cols = ["measure", "group", "bin_low", "bin_high", "bin_mid", "rows", "persons", "density"]
    parts = []
    for m, r in matches.items():
        rows = r.rows
        if "person_id" not in rows.columns:
            raise ValueError(f"support_histogram: {m}: risk-set rows lack person_id; distinct "
                             "persons per bin cannot be counted")
        if not len(rows):
            continue
        s = (rows["score"] - rows.groupby("risk_set")["score"].transform("mean")).to_numpy(float)
        pid = rows["person_id"].to_numpy()
        treated = rows["treated"].to_numpy(bool)
        matched = np.zeros(len(rows), bool)
        matched[r.pairs["treated"].to_numpy()] = True
        group = np.where(treated, np.where(matched, "treated (matched)", "treated (dropped)"),
                         "pool")
        lo, hi = _extreme_by_persons(s, pid, min_cell)
        edges = np.linspace(lo, hi, int(bins) + 1)
        idx = np.clip(np.searchsorted(edges, s, side="right") - 1, 0, int(bins) - 1)
        hidden = _hidden_groups(support, m)
        for g in sorted(set(group)):
            sel = group == g
            if pd.unique(pid[sel]).size < min_cell or g in hidden:
                continue
            starts = merge_bins_by_persons(idx[sel], pid[sel], int(bins), min_cell)
            bounds = np.array([*starts, int(bins)])
            merged = np.searchsorted(np.array(starts), idx[sel], side="right") - 1
            by = pd.DataFrame({"b": merged, "p": pid[sel]}).groupby("b")["p"]
            per = by.nunique().reindex(range(len(starts)), fill_value=0).to_numpy()
            n_rows = by.size().reindex(range(len(starts)), fill_value=0).to_numpy()
            lo_e, hi_e = edges[bounds[:-1]], edges[bounds[1:]]
            parts.append(pd.DataFrame({
                "measure": m, "group": g, "bin_low": lo_e, "bin_high": hi_e,
                "bin_mid": (lo_e + hi_e) / 2, "rows": n_rows, "persons": per,
                "density": n_rows / (int(sel.sum()) * (hi_e - lo_e)),
            }))
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    check_no_person_ids(out)
    return out


def _few(n: np.ndarray, min_cell: int) -> np.ndarray:
    return (n > 0) & (n < min_cell)


def balance_unsafe(r: Any, min_cell: int) -> pd.DataFrame:
    """Which standardised mean differences of one measure's matching rest on a small count.

    ``smd_before`` compares the mean of a covariate over all starters' rows with that over the
    pool's rows, ``smd_after`` over the matched starters' rows with the weighted matched
    controls' (:func:`mia_helpers.matching.smd_table`). The mean of a 0/1 covariate is a share:
    with the starters' number (published in the common-support table) and the pool's share
    (close to the population's) an SMD gives the starters holding the category (dpo19: seed
    2005, 800 residents, 400 newcomers, min_cell 10, basic training, 98 starts, no Dutch: pool
    share 0.008, SMD 0.25, so 4.9, in fact 5 starts). An SMD is unsafe where, in one of its
    two groups, the distinct persons with a row holding the category, or with a row not
    holding it, number 1 to ``min_cell - 1``, or where the group itself has fewer than
    ``min_cell`` distinct persons (every covariate's SMD then rests on them).

    Parameters
    ----------
    r : MatchResult or DynamicMatch
        ``rows`` (``treated`` and the person column: ``person_id``, or the ``id`` column of a
        :class:`mia_helpers.dynamic.DynamicMatch`, read from its ``columns``; api52: a user's
        own id column was refused), ``X`` (rows x covariates, the balance table's columns)
        and ``pairs`` (``treated``, ``control`` row positions).
    min_cell : int
        Disclosure threshold (persons).

    Returns
    -------
    DataFrame
        One row per covariate (``covariate``) with bool ``before`` and ``after``: True where
        that SMD is unsafe.

    Raises
    ------
    ValueError
        If the rows lack the person column; for a ``min_cell`` that is no whole number >= 1
        (:func:`mia_helpers.disclosure.check_min_cell`).
    """
    from mia_helpers.disclosure import check_min_cell

    min_cell = check_min_cell(min_cell, "balance_unsafe")
    rows = r.rows
    person = (getattr(r, "columns", None) or {}).get("id") or "person_id"
    if person not in rows.columns:
        raise ValueError(f"balance_unsafe: risk-set rows lack the person column {person!r}; "
                         "persons behind a covariate's mean cannot be counted")
    X = pd.DataFrame(np.asarray(r.X, dtype=float), columns=list(r.X.columns))
    binary = X.isin([0.0, 1.0]).all().to_numpy()
    pid = pd.factorize(rows[person])[0]
    treated = rows["treated"].to_numpy(bool)
    matched = np.zeros(len(rows), bool)
    matched[r.pairs["treated"].to_numpy()] = True
    controls = np.zeros(len(rows), bool)
    controls[r.pairs["control"].to_numpy()] = True
    unsafe = {}
    for name, sel in (("treated", treated), ("pool", ~treated), ("matched", matched),
                      ("controls", controls)):
        if not sel.any():
            unsafe[name] = np.zeros(X.shape[1], bool)
            continue
        per = X[sel].groupby(pid[sel])
        n_persons = per.ngroups
        with_1 = per.max().eq(1.0).sum().to_numpy()  # persons with a row holding it
        with_0 = per.min().eq(0.0).sum().to_numpy()  # persons with a row not holding it
        bad = binary & (_few(with_1, min_cell) | _few(with_0, min_cell))
        unsafe[name] = bad | (n_persons < min_cell)
    return pd.DataFrame({"covariate": list(r.X.columns),
                         "before": unsafe["treated"] | unsafe["pool"],
                         "after": unsafe["matched"] | unsafe["controls"]})


def balance_published(res: Any, min_cell: int = 10) -> pd.DataFrame:
    """``EffectsResult.balance()`` (``res``: an EffectsResult or its ``matches`` dict, which may
    hold :class:`mia_helpers.dynamic.DynamicMatch` results of a user's own panel, keyed by a
    name) with the SMDs that rest on a small count missing (:func:`balance_unsafe`), for
    chapter 4's balance table, its prose and its love plot. Raises ``ValueError`` as
    :func:`balance_unsafe` (no person column, ``min_cell`` no whole number >= 1).

    Only the pooled rows (``risk_set == "pooled"``) are published and kept; the hidden SMDs
    are NaN (a maximum over covariates skips them). Returns ``measure``, ``risk_set``,
    ``covariate``, ``smd_before``, ``smd_after`` in the order of ``res.balance()``.
    """
    parts = []
    for m, r in (res.matches if hasattr(res, "matches") else res).items():
        b = r.balance[r.balance["risk_set"] == "pooled"].assign(measure=m)
        u = balance_unsafe(r, min_cell).set_index("covariate")
        b = b.copy()
        b.loc[u.reindex(b["covariate"])["before"].fillna(True).to_numpy(bool),
              "smd_before"] = np.nan
        b.loc[u.reindex(b["covariate"])["after"].fillna(True).to_numpy(bool),
              "smd_after"] = np.nan
        parts.append(b)
    cols = ["measure", "risk_set", "covariate", "smd_before", "smd_after"]
    out = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    return out[[*cols, *[c for c in out.columns if c not in cols]]]


def love_published(res: Any, measures: Sequence[str] | None = None, min_cell: int = 10
                   ) -> pd.DataFrame:
    """The points of chapter 4's love plot: a long table
    (``measure``, ``covariate``, ``sample`` "before"/"after", ``abs_smd``) of ``measures``
    (default: all), without the SMDs that rest on a small count (:func:`balance_unsafe`)."""
    b = balance_published(res, min_cell)
    if measures is not None:
        b = b[b["measure"].isin(list(measures))]
    parts = [pd.DataFrame({"measure": b["measure"], "covariate": b["covariate"],
                           "sample": sample, "abs_smd": b[col].abs()})
             for sample, col in (("before", "smd_before"), ("after", "smd_after"))]
    long = pd.concat(parts)  # per measure: its covariates before, then after
    long["_m"] = pd.Categorical(long["measure"], categories=list(dict.fromkeys(b["measure"])))
    long = long.sort_values("_m", kind="stable").drop(columns="_m")
    return long.dropna(subset=["abs_smd"]).reset_index(drop=True)


#: the exercise's calipers besides the chapter's own (SD of the logit score): narrow, wide
EXERCISE_CALIPERS: tuple[float, ...] = (0.01, 2.0)


def caliper_role(caliper: float, own: float) -> str:
    """How chapter 4's caliper exercise names a row: "the chapter's" for the run's own
    ``caliper`` (``own``), else "narrower" or "wider" than it."""
    return ("the chapter's" if np.isclose(caliper, own) else
            "narrower" if caliper < own else "wider")


#: the horizon (quarters since the start) chapter 4's caliper exercise reads, where estimated
EXERCISE_QUARTER = 5


def exercise_quarter(max_quarter: int) -> int:
    """The horizon of chapter 4's caliper exercise: :data:`EXERCISE_QUARTER` (5), or the
    chapter's last horizon ``max_quarter`` when that is earlier (prose47), a horizon the
    chapter's summary table also shows (:func:`summary_quarters`). Raises ``ValueError``
    naming the parameter unless ``max_quarter`` is a whole number >= 1."""
    # a number first: int("a") or int(None) raised without naming the parameter (rev47)
    if isinstance(max_quarter, bool) or not isinstance(max_quarter, numbers.Real) \
            or int(max_quarter) != max_quarter or max_quarter < 1:
        raise ValueError(f"exercise_quarter: max_quarter must be a whole number >= 1 (the "
                         f"chapter's parameter max_quarter), got {max_quarter!r}")
    return min(EXERCISE_QUARTER, int(max_quarter))


def caliper_exercise_rows(data: Any, measure: str, own: float, k: int,
                          truth: pd.DataFrame | None = None, quarter: int = EXERCISE_QUARTER,
                          calipers: Sequence[float] = EXERCISE_CALIPERS,
                          max_quarter: int = 12
                          ) -> tuple[pd.DataFrame, pd.DataFrame, Any]:
    """Chapter 4's caliper exercise before disclosure control: ``measure`` matched ("now
    versus later") at ``calipers`` and at the run's own caliper ``own`` (once when it is
    among them), in increasing order, followed up to ``max_quarter`` as the chapter's own run
    (its parameter ``max_quarter``; prose47: the exercise matched to the default 12 whatever
    the chapter's last horizon, so its own-caliper row was not the chapter's run).

    Returns ``(rows, behind, run)``: ``rows`` as :func:`caliper_table` reads them, one per
    caliper, with ``role`` (:func:`caliper_role`), ``n_dropped``, ``dropped_pct`` (of the
    measure's starters), ``max_smd_after`` (pooled), ``att_pp_q<quarter>``,
    ``true_att_pp_q<quarter>`` (the generator's truth averaged over *all* the measure's
    starters, the same on every row; only with ``truth``, :func:`mia_helpers.data.load_truth`),
    ``n_treated_q<quarter>`` and the persons behind the counts (not published);
    ``behind``: each row's matched estimate (for :func:`one_side_small`); ``run``: the widest
    caliper's :class:`~mia_helpers.effects.EffectsResult` (for its warnings).
    Raises ``ValueError`` for a caliper that is not positive, and for a ``quarter`` beyond
    ``max_quarter`` (naming both; :func:`exercise_quarter` gives one within it)."""
    from mia_helpers.effects import activation_effects, with_truth

    cals = sorted({float(c) for c in calipers} | {float(own)})
    if min(cals) <= 0:
        raise ValueError(f"caliper_exercise_rows: calipers must be positive, got {cals}")
    q = int(quarter)
    if not 1 <= q <= int(max_quarter):
        raise ValueError(f"caliper_exercise_rows: quarter {q} is not estimated with "
                         f"max_quarter {max_quarter} (the last horizon); use "
                         f"effect_tables.exercise_quarter(max_quarter)")
    rows, behind, run = [], [], None
    for cal in cals:
        run = with_twin_persons(activation_effects(
            data, [measure], k=k, caliper=cal, max_quarter=int(max_quarter),
            estimands=("now_vs_later",), progress=False, with_hazard=False))
        t = with_truth(run.tidy, truth)
        t = t[(t["estimator"] == "matched") & (t["quarter_since_start"] == q)]
        behind.append(t)
        sup = run.support()
        row = dict(caliper=cal, role=caliper_role(cal, own),
                   n_dropped=int(sup["n_dropped"].sum()),
                   dropped_pct=100 * sup["n_dropped"].sum() / sup["n_treated"].sum(),
                   max_smd_after=run.balance().query("risk_set == 'pooled'")[
                       "smd_after"].abs().max(), **{f"att_pp_q{q}": t["att_pp"].item()})
        if truth is not None:
            row[f"true_att_pp_q{q}"] = t["true_att_pp"].item()
        rows.append({**row, f"n_treated_q{q}": t["n_treated"].item(),
                     f"treated_persons_q{q}": t["treated_persons"].item(),
                     "dropped_persons": support_persons(run)["dropped_persons"].sum()})
    return pd.DataFrame(rows), pd.concat(behind, ignore_index=True), run


def exercise_value_cols(rows: pd.DataFrame, quarter: int = 5) -> dict[str, str]:
    """The value columns of :func:`caliper_exercise_rows`' ``rows`` -> the count each rests
    on, for :func:`caliper_table` (``value_cols``): the effect and the truth beside it on the
    matched at ``quarter`` (the truth only where ``rows`` holds it), the share dropped on the
    dropped (the share and the starters give the count back)."""
    q = int(quarter)
    out = {f"att_pp_q{q}": f"n_treated_q{q}", f"true_att_pp_q{q}": f"n_treated_q{q}",
           "dropped_pct": "n_dropped"}
    return {v: c for v, c in out.items() if v in rows.columns}
