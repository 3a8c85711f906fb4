"""Effects of activation measures by origin group (chapter 4, issue 14 item 7).

The effect on the treated of one origin group (Belgian, southern EU, eastern EU, non-EU;
:data:`mia_helpers.codes.ORIGIN_GROUPS`) is estimated on the same matched design as the
pooled effect: the starters of the group are matched, with the same propensity scores,
calipers and pool as in :func:`mia_helpers.matching.match`, and the starters of the other
groups are left out. Because the default matching is exact on origin (``TreatmentSpec.exact``)
their controls are the same as in the pooled analysis. The generator's truth per group is
in ``truth/activation_effects.parquet`` (column ``group``; read with
``load_truth(data, "activation_effects", group=g)``).

References
----------
Sianesi, B. (2004). An evaluation of the Swedish system of active labor market programs in the
1990s. *Review of Economics and Statistics* 86(1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from mia_helpers import codes
from mia_helpers.effects import EffectsResult, estimate_effects, subgroup_rows, with_truth
from mia_helpers.matching import MatchResult
from mia_helpers.twin_persons import add_twin_persons
from mia_helpers.words import plural

__all__ = ["group_result", "effects_by_group", "group_truth", "origin_table", "GROUP_COLUMNS"]

#: the columns of :func:`effects_by_group`'s table that its readers use (an empty table, when no
#: measure is split, still has them)
GROUP_COLUMNS = ("measure", "estimand", "quarter_since_start", "estimator", "att_pp", "att_rel",
                 "ci_low", "ci_high", "n_treated", "se", "group")


def group_result(res: MatchResult, keep_treated: np.ndarray) -> MatchResult:
    """``res`` restricted to the treated rows where ``keep_treated`` is True.

    Pool rows are all kept (with their scores), as are the calipers; pairs of the dropped
    treated are removed and positions renumbered.

    Parameters
    ----------
    res : a match result.
    keep_treated : bool array, one per row of ``res.rows`` (ignored on pool rows).

    Raises
    ------
    ValueError
        ``keep_treated`` not of shape ``(len(res.rows),)``.
    """
    keep_treated = np.asarray(keep_treated, bool)
    if keep_treated.shape != (len(res.rows),):
        raise ValueError(f"keep_treated has shape {keep_treated.shape}, expected "
                         f"({len(res.rows)},) (one per risk-set row)")
    rows, pk, tp, cp = subgroup_rows(res.rows["treated"].to_numpy(bool), keep_treated,
                                     res.pairs["treated"].to_numpy(),
                                     res.pairs["control"].to_numpy())
    pr = res.pairs[pk].assign(treated=tp, control=cp).reset_index(drop=True)
    return replace(res, rows=res.rows.iloc[rows].reset_index(drop=True),
                   X=res.X.iloc[rows].reset_index(drop=True), pairs=pr)


def effects_by_group(
    result: EffectsResult | Mapping[str, MatchResult],
    measures: Sequence[str] = codes.DIRECT_LINK_MEASURES,
    groups: Mapping[str, str] = codes.ORIGIN_GROUPS,
    estimands: Sequence[str] = ("now_vs_later",),
    max_quarter: int = 12,
    bootstrap: int = 0,
    seed: int = 0,
    n_jobs: int = 1,
    progress: bool = False,
    ci_level: float = 0.95,
    interval: str | None = None,
) -> pd.DataFrame:
    """Matched and naive effects on the treated of each origin group.

    Parameters
    ----------
    result : :func:`mia_helpers.effects.activation_effects` output (or its ``matches``).
    measures : measures to split (default: the direct-link measures).
    groups : origin -> group label.
    estimands, max_quarter, bootstrap, seed, n_jobs, progress, ci_level, interval : see
        :func:`mia_helpers.effects.estimate_effects` (the bootstrap resamples, and the
        linearized variance sums over, the persons of the group's design).

    Returns
    -------
    pandas.DataFrame
        :func:`~mia_helpers.effects.estimate_effects` columns plus ``group`` and the group's
        twins who entered or not in distinct persons (``control_entered_persons``,
        ``control_not_entered_persons``, int64: :func:`mia_helpers.twin_persons.twin_persons`
        of the group's match, read by :func:`origin_table`'s rule) and its starters in
        distinct persons (``treated_entered_persons``, ``treated_not_entered_persons``,
        ``treated_persons``); ``n_treated`` is
        the group's treated with the horizon observed (pass through disclosure control before
        publishing). With no measure to split (``measures`` empty, e.g. no direct-link measure
        among those run) or no treated in any group: no rows, with the columns
        :data:`GROUP_COLUMNS`.

    Raises
    ------
    ValueError
        A measure without a match result, or risk-set rows without the ``origin`` column, or
        an origin missing from ``groups``.
    """
    matches = result.matches if isinstance(result, EffectsResult) else dict(result)
    out = []
    for m in measures:  # loop over a few measures
        if m not in matches:
            raise ValueError(f"no match result for measure {m!r}; have {sorted(matches)}")
        res = matches[m]
        if "origin" not in res.rows.columns:
            raise ValueError(f"risk-set rows of {m!r} lack the 'origin' column")
        origin = res.rows["origin"].astype(str)
        unknown = sorted(set(origin) - set(groups))
        if unknown:
            raise ValueError(f"{plural(unknown, 'origin')} {unknown} "
                             f"{'has' if len(unknown) == 1 else 'have'} no group in 'groups'")
        label = origin.map(groups).to_numpy()
        treated = res.rows["treated"].to_numpy(bool)
        for g in dict.fromkeys(groups.values()):  # loop over a few groups
            in_g = label == g
            if not (treated & in_g).any():
                continue
            sub = group_result(res, in_g)
            t = estimate_effects(sub, estimands, max_quarter, bootstrap, seed, n_jobs, progress,
                                 ci_level, interval=interval)
            # the group's twins who entered or not, in distinct persons (origin_table's
            # rule, effect_tables.one_side_small)
            t = add_twin_persons(t, {m: sub})
            out.append(t.assign(group=g))
    if not out:
        return pd.DataFrame({c: pd.Series(dtype=object if c in ("measure", "estimand",
                                                                "estimator", "group")
                                          else float) for c in GROUP_COLUMNS})
    return pd.concat(out, ignore_index=True)


def group_truth(tidy: pd.DataFrame, truth: pd.DataFrame | None, population: str = "resident"
                ) -> pd.DataFrame:
    """``tidy`` (with ``group``) with ``true_att_pp`` from the generator's truth per group.

    ``truth``: all groups of ``truth/activation_effects.parquet``
    (``load_truth(data, "activation_effects", group=None)``), or None for real data.
    An empty ``tidy`` (no measure split) comes back empty, with a ``true_att_pp`` column.

    Raises
    ------
    ValueError
        ``tidy`` has rows but no ``group`` column (it is not :func:`effects_by_group` output).
    """
    if len(tidy) and "group" not in tidy.columns:
        raise ValueError("group_truth: the effects table has no 'group' column; pass the "
                         "output of origin_effects.effects_by_group")
    if truth is None or "group" not in truth.columns or tidy.empty:
        return with_truth(tidy, None)
    parts = []
    for g, d in tidy.groupby("group", sort=False):
        t = truth[truth["group"].astype(str) == str(g)]
        parts.append(with_truth(d, t, population))
    return pd.concat(parts, ignore_index=True)


def _group_sequences(rows: pd.DataFrame) -> pd.DataFrame:
    """Matched rows by origin group (``measure``, ``group``, ``quarter_since_start``, with
    ``treated_outcome``, ``ci_low``, ``ci_high``, ``point_identified`` where known) as
    :func:`mia_helpers.effect_tables.clipped_bounds_behind` takes them: one sequence per
    measure and group (``measure`` reads "measure|group"), ``estimand`` "" where absent (one
    estimand), ``estimator`` "matched" (:func:`origin_table` takes matched rows), and
    ``treated_outcome`` missing where the row's bounds do not give its treated share (the
    origin table prints no relative effect, so a point estimate gives no entrants; dpo25).
    A copy, index reset."""
    from mia_helpers.effect_tables import bound_gives_share

    seq = rows.reset_index(drop=True)
    seq = seq.assign(measure=seq["measure"].astype(str) + "|" + seq["group"].astype(str),
                     estimator="matched")
    if "estimand" not in seq.columns:
        seq["estimand"] = ""  # one estimand: the steps' keys are measure and estimand
    seq.loc[~bound_gives_share(seq), "treated_outcome"] = np.nan
    return seq


#: :func:`origin_table`'s matched effect of a group with no starter at a horizon
NO_TREATED: str = "not estimated (no treated)"


def origin_table(by_group: pd.DataFrame, quarters: Sequence[int], min_cell: int = 10,
                 note: str | None = None) -> pd.DataFrame:
    """Chapter 4's table of the matched effects by origin group at ``quarters``, after
    disclosure control, ready for :func:`mia_helpers.labels.table_markdown`.

    Parameters
    ----------
    by_group : DataFrame
        :func:`effects_by_group` then :func:`group_truth` output, matched rows (``measure``,
        ``group``, ``quarter_since_start``, ``att_pp``, ``ci_low``, ``ci_high``,
        ``true_att_pp``, ``n_treated``).
    quarters : sequence of int
        Horizons shown.
    min_cell : int
        Counts of starters below it are hidden, with the estimates on them; a group's counts at
        successive horizons may not differ by fewer than ``min_cell`` (sequence rule); and the
        groups of a measure and horizon add up to the starters the pooled effects table
        publishes (:func:`mia_helpers.effects.summary_table`), so they are one suppression
        group (``groups``): a published group count may not leave a hidden small one
        recoverable by subtraction from the pooled count. Together the two rules make a
        measure's group counts at a horizon shown all or not at all
        (:func:`mia_helpers.disclosure.suppress`, Notes): else the hidden groups' sum, the
        pooled count minus the published groups, would tell across horizons how many left.
        A group's ``n_treated`` counts starts (a person's first start of the measure in each
        registration spell, :mod:`mia_helpers.twin_persons`): where ``by_group`` carries the
        starters in distinct persons (``treated_persons``, as :func:`effects_by_group` gives
        them), a count of at least ``min_cell`` starts by fewer than ``min_cell`` persons is
        hidden too (``derived``, :func:`mia_helpers.effect_tables.few_persons`), with the
        estimates on it, before the group and sequence rules, which then protect it as any
        other hidden count (the pooled starters less the other groups would give it back).
        A count of 0 in a group whose largest count at ``quarters`` (its earliest horizon's)
        is below ``min_cell`` is hidden too (each of those few was not followed that long:
        :func:`mia_helpers.disclosure.zeros_of_small_groups`; dpo36). Worst-case bounds
        clipped at a group's treated share are hidden where they give a small count, judged
        along every horizon of ``by_group`` (:func:`mia_helpers.effect_tables.bound_horizons`,
        the horizons the figure draws), not only along ``quarters`` (orig51: a bound printed
        at quarter 4 beside the figure's quarter 3 gave the few who entered in between).
    note : str, optional
        The one cell of the table when there are no rows to show (no measure split). Default
        None: "(none of the measures run has a direct link to employers)"
        (:func:`mia_helpers.claims.no_direct_link`; chapter 4 passes its measures, so that a
        run of one reads "(basic training, the one measure run, has no direct link to
        employers)", cell45).

    Returns
    -------
    DataFrame
        One row per measure, group and horizon (values as published, markers in place), or
        one row holding ``note`` in ``measure`` when ``by_group`` has no rows at ``quarters``.
        Where ``by_group`` has ``point_identified`` and a published row's is False, ``att_pp``
        reads "bounds": ``ci_low`` and ``ci_high`` are then worst-case bounds, with no point
        (:func:`mia_helpers.labels.grid_bounds_note` words the caption). A published row of 0
        starters reads :data:`NO_TREATED` in ``att_pp`` and "–" in ``ci_low`` and
        ``ci_high``, whether or not it is flagged as not point-identified.
    """
    from mia_helpers.disclosure import suppress, zeros_of_small_groups

    cols = ["att_pp", "ci_low", "ci_high", "true_att_pp"]
    d = by_group[by_group["quarter_since_start"].isin(list(quarters))]
    if d.empty:
        if note is None:
            from mia_helpers.claims import no_direct_link

            note = f"({no_direct_link()})"
        return pd.DataFrame({"measure": [note]})
    few = None
    if "treated_persons" in d.columns:  # starts by few persons (nvn24, starts24)
        from mia_helpers.effect_tables import few_persons

        few = {"n_treated": few_persons(d["n_treated"], d["treated_persons"], min_cell)}
    # dpo36: 0 treated at a horizon of a group whose largest count (its earliest horizon's) is
    # below min_cell tells each of those few was not followed that long: a zero of a small
    # group, hidden
    followed = pd.to_numeric(d["n_treated"], errors="coerce").groupby(
        [d["measure"].astype(str), d["group"].astype(str)]).transform("max")
    t = suppress(d[["measure", "group", "quarter_since_start", *cols, "n_treated"]],
                 count_cols=["n_treated"], value_cols=cols, min_cell=min_cell,
                 groups={"n_treated": ["measure", "quarter_since_start"]},
                 sequence=("quarter_since_start", ["measure", "group"]),
                 zeros=zeros_of_small_groups(d, ["n_treated"], followed.to_numpy(float),
                                             min_cell),
                 name="effects by origin group", hide=few, hide_rule="derived")
    if {"treated_outcome", "control_outcome"} <= set(d.columns):
        # a side without variation: the effect gives the other side's few (dpo22; the rule of
        # the summary tables, mia_helpers.effect_tables.one_side_small)
        from mia_helpers.disclosure import hide_more
        from mia_helpers.effect_tables import one_side_small

        one = one_side_small(d.reset_index(drop=True), min_cell)
        t = hide_more(t, dict.fromkeys(("att_pp", "ci_low", "ci_high"), one), "share",
                      "effects by origin group: one-sided effects", min_cell)
        # worst-case bounds clipped at a group's treated share give its entrants: hidden
        # where they are few, or few more than at an earlier clipped horizon (dpo25; each
        # group its own sequence; this table prints no relative effect, so a point estimate
        # gives no entrants and takes no part in the steps), judged along every horizon of
        # by_group (bound_horizons), as the figure judges them (origin_published): the
        # table's bound at quarter 4 sits beside the figure's quarter 3 too (orig51)
        from mia_helpers.effect_tables import clipped_bounds_behind

        clip = clipped_bounds_behind(_group_sequences(by_group), _group_sequences(d),
                                     min_cell)
        t = hide_more(t, dict.fromkeys(("ci_low", "ci_high"), clip), "share",
                      "effects by origin group: bounds giving the entrants", min_cell)
        # the 1/(L n) grid (dpo28; the summary's rule since dpo26): an effect printed with
        # one decimal beside a hidden count narrows it against the group's count this table
        # publishes at another horizon (seed 5252, 3,000 residents, 1,200 newcomers,
        # ``min_cell`` 11: vocational training's non-EU starters, 77 at 4 quarters, 15.3 pp
        # at 8 beside x: of 67..77 only 71..75 fit, so 2 to 6 left in between); the interval
        # goes with it (its midpoint is the effect)
        from mia_helpers.effect_tables import grid_pins_count

        rows = d.reset_index(drop=True)
        published = t.reason["n_treated"].to_numpy() == ""
        pins = ~published & grid_pins_count(rows, rows[published], None, min_cell, 1,
                                            by=("group",))
        t = hide_more(t, dict.fromkeys(("att_pp", "ci_low", "ci_high"), pins), "share",
                      "effects by origin group: estimate pins its starters", min_cell)
    shown = t.render()
    if "point_identified" in d.columns:
        # an estimate that is not point-identified ("now versus never" where some twins could
        # not remain untreated): its lower and upper bounds are worst-case bounds, and no
        # point is printed, as in the summary tables (late24: seed 5151, Vocational training
        # for Non-EU starters at quarter 8 printed "7.5" between its bounds)
        from mia_helpers.labels import bound_cells, not_point_identified

        shown = shown.assign(att_pp=bound_cells(shown["att_pp"], not_point_identified(d)))
    # narrow36: a group with 0 starters at a horizon (published 0) has no estimate at all, not
    # bounds: it reads "not estimated (no treated)", its interval "–" (before: "bounds" beside
    # "–", which the caption's note words as worst-case bounds)
    none = t.data["n_treated"].eq(0).fillna(False).to_numpy(dtype=bool)
    if none.any():
        shown = shown.astype({c: object for c in ("att_pp", "ci_low", "ci_high")})
        shown.loc[none, "att_pp"] = NO_TREATED
        shown.loc[none, ["ci_low", "ci_high"]] = "–"
    if not pd.to_numeric(d["true_att_pp"], errors="coerce").notna().any():
        # a real extract has no truth: no column of dashes (user25), as in the summary table
        shown = shown.drop(columns="true_att_pp")
    return shown
