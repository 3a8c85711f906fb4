"""School leavers' origin x generation gaps by sex (chapter 2, women of non-European origin).

The seed study pays particular attention to the entry of women of non-European origin. This
module refits chapter 2's nested discrete-time hazard models and KHB decompositions separately
for women and men (:mod:`mia_helpers.hazard`, :mod:`mia_helpers.khb`), and sets the origin x
generation coefficients of the largest model beside the generator's direct terms per cell and
sex: ``job.origin_generation`` for men, plus ``job.female_origin_generation`` for women.

Within one sex the covariates ``sex`` and ``female_with_children`` are constant or duplicate
``has_children``, so they are left out of every block.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from mia_helpers import hazard as hz
from mia_helpers.core import NotIdentifiedWarning
from mia_helpers.core.levels import check_level, critical_value
from mia_helpers.disclosure import (
    check_min_cell,
    suppress_small_cells,
    withhold_separation_counts,
    zeros_of_small_groups,
)
from mia_helpers.hazard import CELL_RULES, publishable_cells
from mia_helpers.khb import KHBNotIdentifiedError, khb, not_identified_words, share_table
from mia_helpers.labels import book_rank, cell_list, fewer_than, require_columns

if TYPE_CHECKING:
    from matplotlib.figure import Figure

SEXES = ("female", "male")
#: covariates that are constant (or duplicate another) within one sex
WITHIN_SEX_DROPPED = ("sex", "female_with_children")
#: columns of :func:`gap_table` that its readers use
GAP_COLUMNS = ("sex", "event", "model", "group", "estimate", "se", "ci_low",
               "ci_high")
#: columns of :func:`truth_table` that its readers use (``truth`` only with a generator);
#: ``n_persons``, ``n_events`` and ``df_resid`` decide which cells are published
#: (:func:`mia_helpers.hazard.publishable_cells`)
TRUTH_TABLE_COLUMNS = ("sex", "group", "estimate", "ci_low", "ci_high", "n_persons",
                       "n_events", "df_resid")
#: the cell rules of a cell of one sex as :func:`gap_table` applies them: the events by sex are
#: published nowhere, so they are free unknowns of the audit (``unknown_to_reader``). The
#: checks of which by-sex cells a figure or sentence uses apply the same (narrow24: without
#: it, seed 3737, 4,000 residents, ``min_cell`` 13, the check "by-sex cells beside the truth"
#: listed six persons-without-the-event remainders as narrowed, which no table publishes)
BY_SEX_CELL_RULES: Mapping[str, Any] = MappingProxyType({**CELL_RULES,
                                                          "unknown_to_reader": ("n_events",)})
#: columns :func:`truth_coverage` and :func:`truth_coverage_sentence` read (``estimate``: the
#: cells they count are the ones :func:`plot_truth_by_sex` draws, :func:`published_truth_rows`)
COVERAGE_COLUMNS = ("estimate", "ci_low", "ci_high", "n_persons", "n_events", "df_resid")


def blocks_within_sex(blocks: Sequence[str]) -> dict[str, list[str]]:
    """The covariates of each named block (:data:`mia_helpers.hazard.BLOCKS`) without the
    sex-constant ones; unknown block names raise ``ValueError``/``KeyError`` as in hazard."""
    hz.block_covariates(blocks)
    return {b: [c for c in hz.BLOCKS[b] if c not in WITHIN_SEX_DROPPED] for b in blocks}


def split_by_sex(periods: Mapping[str, pd.DataFrame]) -> dict[str, dict[str, pd.DataFrame]]:
    """``{sex: {event: person-periods}}`` from chapter 2's ``{event: person-periods}``.

    Raises ``ValueError`` naming the event if a frame lacks the ``sex`` column or holds a
    value other than female/male (no row is dropped silently).
    """
    out: dict[str, dict[str, pd.DataFrame]] = {s: {} for s in SEXES}
    for ev, pp in periods.items():
        if "sex" not in pp.columns:
            raise ValueError(f"person-periods of event {ev!r} have no 'sex' column")
        sex = pp["sex"].astype(str)
        bad = sorted(set(sex) - set(SEXES))
        if bad:
            raise ValueError(f"event {ev!r}: column 'sex' holds {bad}; expected {list(SEXES)}")
        for s in SEXES:
            out[s][ev] = pp[sex.to_numpy() == s]
    return out


def withheld_cells(periods_by_sex: Mapping[str, Mapping[str, pd.DataFrame]],
                   min_cell: int) -> dict[str, dict[str, frozenset[str]]]:
    """The origin x generation cells whose terms a sex's models may not name as not
    estimable: ``{sex: {event: cells}}`` (cells as the levels of :data:`mia_helpers.hazard.
    KEY`, e.g. ``"eastern_eu:intermediate"``).

    A cell is withheld for a sex and event where ``0 < persons of that sex < min_cell`` (its
    gap is hidden, and "not identified" would tell of those few persons that all or none of
    them entered), or where the cell has no person of that sex and ``0 < persons of both
    sexes < min_cell``: the term is then "dropped: no variation (zero in every row)", which
    states that every one of the cell's few persons is of the other sex, while the risk-set
    table hides the cell as ``<min_cell`` (sex36: 300 residents, seed 2, ``min_cell`` 10, the
    four Turkish intermediate school leavers were all men, and the warnings, the sentence
    ``ch2_sex_dropped`` and a "–" in the women's columns of the gap table said so). A cell
    without persons of that sex among ``min_cell`` or more persons keeps its honest flag
    (a zero of a large group). Persons are counted in each event's risk set
    (``periods_by_sex``: ``{sex: {event: person-periods}}`` as :func:`split_by_sex` gives);
    a frame without ``person_id`` or the key column withholds nothing.
    """
    counts: dict[str, dict[str, pd.Series]] = {}
    for sex, pp in periods_by_sex.items():
        for ev, p in pp.items():
            if hz.KEY in p.columns and "person_id" in p.columns:
                n = p.groupby(p[hz.KEY].astype(str))["person_id"].nunique()
            else:
                n = pd.Series(dtype=float)
            counts.setdefault(ev, {})[sex] = n
    out: dict[str, dict[str, frozenset[str]]] = {s: {} for s in periods_by_sex}
    for ev, by in counts.items():
        pooled = pd.concat(by.values()).groupby(level=0).sum() if by else pd.Series(dtype=float)
        for sex, n in by.items():
            n = n.reindex(pooled.index, fill_value=0)
            small = ((n > 0) & (n < min_cell)) | ((n == 0) & (pooled > 0) & (pooled < min_cell))
            out[sex][ev] = frozenset(str(g) for g in pooled.index[small.to_numpy(bool)])
    return out


#: a term of the key in a model's warning or reason: ``origin_generation[eastern_eu:second]``
_KEY_TERM = re.compile(re.escape(hz.KEY) + r"\[(?P<cell>[^\]\['\"]+)\]")


def _names_withheld(text: str, cells: frozenset[str]) -> bool:
    """Whether ``text`` names the key term of one of ``cells``."""
    return any(m.group("cell") in cells for m in _KEY_TERM.finditer(str(text)))


def withheld_note(min_cell: int) -> str:
    """The one warning :func:`fit_by_sex` gives in place of those it withholds."""
    return (f"models by sex: terms of origin x generation cells with "
            f"{fewer_than(min_cell, 'person')} (of that sex, or of both sexes where the cell has none of that sex) that "
            "a model cannot estimate are not named (disclosure control); the tables hide "
            "these cells")


def fit_by_sex(
    periods: Mapping[str, pd.DataFrame],
    blocks: Sequence[str],
    link: hz.Link = "logit",
    min_cell: int = 10,
    level: float = 0.95,
) -> dict[str, dict[str, Any]]:
    """Nested hazard fits and KHB decompositions per sex and event.

    Models are M0 (origin x generation and duration) and M1..Mk adding one block of
    ``blocks`` at a time, as in chapter 2 but without the sex-constant covariates.

    Returns
    -------
    ``{sex: {"periods": {event: df}, "grouped": {event: GroupedPeriods},
    "fits": {event: {model: HazardFit}}, "khb": {event: KHBResult},
    "not_decomposed": {event: reason}, "withheld": {event: frozenset of cells}}}``. KHB needs
    every control identified
    (:func:`mia_helpers.khb.khb`); where a control is not identified within one sex (e.g. no
    entries among its few persons with no Dutch) that sex and event get no decomposition, a
    warning, and the reason under ``not_decomposed`` (in words with reader labels,
    :func:`mia_helpers.khb.not_identified_words`).

    Disclosure control (``min_cell``, minimum persons behind a published cell): the warnings
    of the fits that name the term of a cell :func:`withheld_cells` lists for that sex and
    event are not shown (one warning, :func:`withheld_note`, says that such terms are not
    named), nor is such a term named in a reason under ``not_decomposed``; the fits
    themselves keep every flag (``not_identified``, ``identified`` in ``.tidy()``), and
    ``withheld`` lists the cells, for :func:`mia_helpers.claims.sex_dropped_terms_sentence`.
    Raises ``ValueError`` unless ``min_cell`` is a whole number >= 1
    (:func:`mia_helpers.disclosure.check_min_cell`), and for ``level`` outside (0, 1).

    ``level`` is the confidence level of the KHB gaps' intervals (:func:`mia_helpers.khb.khb`),
    which decide whether :func:`khb_table` states a share (before api53 always 0.95, whatever
    chapter 2's ``level``).

    References
    ----------
    Discrete-time hazard models on person-period data (Allison 1982, Jenkins 1995;
    :mod:`mia_helpers.hazard`) and the KHB decomposition (Karlson, Holm and Breen 2012;
    :mod:`mia_helpers.khb`).
    """
    min_cell = check_min_cell(min_cell, "subgroups.fit_by_sex")
    check_level(level)
    added = blocks_within_sex(blocks)
    names = list(added)
    models = {f"M{i}": [c for b in names[:i] for c in added[b]] for i in range(len(names) + 1)}
    covs = [hz.KEY, *models[f"M{len(names)}"]]
    split = split_by_sex(periods)
    withheld = withheld_cells(split, min_cell)
    out: dict[str, dict[str, Any]] = {}
    held_back = False
    for sex, pp in split.items():
        grouped = {ev: hz.group_periods(p, covs) for ev, p in pp.items()}
        fits: dict[str, dict[str, Any]] = {}
        res, not_decomposed = {}, {}
        for ev, g in grouped.items():
            cells = withheld[sex].get(ev, frozenset())
            # the fits' warnings recorded and shown again, but not those naming a withheld
            # cell's term (sex36: "no variation" of a small cell told its sex)
            with warnings.catch_warnings(record=True) as caught:
                warnings.simplefilter("always")
                fits[ev] = {m: hz.fit_hazard(g, [hz.KEY, *c], link=link, name=m)
                            for m, c in models.items()}
                try:
                    res[ev] = khb(g, hz.KEY, added, link=link, level=level)
                    err = None
                except ValueError as e:  # a control not identified within this sex
                    if "not identified" not in str(e):
                        raise
                    err = e
            for w in caught:
                if _names_withheld(str(w.message), cells):
                    held_back = True
                    continue
                warnings.warn_explicit(w.message, w.category, w.filename, w.lineno)
            if err is None:
                continue
            if isinstance(err, KHBNotIdentifiedError):
                named = {t: r for t, r in err.not_identified.items()
                         if not _names_withheld(str(t), cells)}
                if len(named) < len(err.not_identified):
                    held_back = True
                    words = (not_identified_words(named) + " (and terms of cells with "
                             f"{fewer_than(min_cell, 'person')}, not named)" if named else
                             f"terms of cells with {fewer_than(min_cell, 'person')} cannot be "
                             "identified (which not named)")
                else:
                    words = err.reason  # the note's wording (KHBNotIdentifiedError.reason)
            else:
                words = str(err)
            # in words, by reader labels (a raw message holds a Python dict of terms);
            # the separation detail over person-periods withheld: a sex's few persons
            # of a cell make many trials (withhold_separation_counts, dpo25)
            why = withhold_separation_counts(words)
            not_decomposed[ev] = why
            warnings.warn(f"{sex}, {ev}: no KHB decomposition: {why}", stacklevel=2)
        out[sex] = {"periods": pp, "grouped": grouped, "fits": fits, "khb": res,
                    "not_decomposed": not_decomposed, "withheld": withheld[sex]}
    if held_back:
        warnings.warn(withheld_note(min_cell), NotIdentifiedWarning, stacklevel=2)
    return out


def true_terms_by_sex(parameters: Mapping[str, Any]) -> pd.DataFrame:
    """The generator's direct job-entry log-odds term of each origin x generation cell and sex
    (relative to natives of the same sex): columns ``sex``, ``group``, ``truth``."""
    job = parameters["config"]["job"]
    og = job["origin_generation"]
    fog = job.get("female_origin_generation", {})
    ref_f = og.get(hz.REFERENCE_GROUP, 0.0) + fog.get(hz.REFERENCE_GROUP, 0.0)
    ref_m = og.get(hz.REFERENCE_GROUP, 0.0)
    rows = []
    for g in hz.origin_generation_levels()[1:]:
        rows.append(("female", g, og.get(g, np.nan) + fog.get(g, 0.0) - ref_f))
        rows.append(("male", g, og.get(g, np.nan) - ref_m))
    return pd.DataFrame(rows, columns=["sex", "group", "truth"])


def true_sex_difference(parameters: Mapping[str, Any], groups: Iterable[str]) -> float:
    """The generator's women's minus men's direct job-entry term, relative to natives of the
    same sex (:func:`true_terms_by_sex`), averaged over ``groups``: what
    :func:`non_eu_sex_difference` over those cells estimates, i.e.
    ``job.female_origin_generation[cell]`` minus that of native women. NaN for no group.

    Raises
    ------
    ValueError
        Naming the cells the generator has no term for; when ``groups`` is one string or
        not iterable (any other iterable, a generator too, is read once:
        :func:`mia_helpers.labels.cell_list`).
    """
    groups = cell_list(groups, "subgroups.true_sex_difference", "groups")
    if not groups:
        return float("nan")
    t = true_terms_by_sex(parameters).pivot(index="group", columns="sex", values="truth")
    d = (t["female"] - t["male"]).reindex(list(groups))
    if d.isna().any():
        raise ValueError(f"no generator term for cells {list(d.index[d.isna()])}")
    return float(d.mean())


def gap_table(
    by_sex: Mapping[str, Mapping[str, Any]],
    level: float = 0.95,
    min_cell: int = 10,
) -> pd.DataFrame:
    """Origin x generation coefficients (vs natives of the same sex) per sex, event and model.

    Returns
    -------
    Long DataFrame: sex, event, model, group, estimate (log odds / log hazard ratio),
    se, ci_low, ci_high (at ``level``), exp_estimate (odds / hazard ratio),
    identified (False: NaN estimate), df_resid (residual degrees of freedom of the model),
    n_persons, n_events (of the group and sex at risk). Disclosure control by the cell rules
    every table, figure and sentence of a cell shares (:data:`mia_helpers.hazard.CELL_RULES`):
    estimates of groups with fewer than ``min_cell`` persons, events or persons without the
    event, or of a model with fewer residual degrees of freedom than acro's threshold, are
    suppressed (:func:`mia_helpers.disclosure.suppress_small_cells`).
    """
    rows = []
    for sex, r in by_sex.items():
        for ev, fits in r["fits"].items():
            counts = hz.group_counts(r["periods"][ev]).rename(columns={hz.KEY: "group"})
            counts["group"] = counts["group"].astype(str)
            for name, fit in fits.items():
                t = fit.tidy(level=level)
                t = t[t["term"].str.startswith(f"{hz.KEY}[")]
                d = pd.DataFrame({
                    "sex": sex, "event": ev, "model": name,
                    "group": t["term"].str.slice(len(hz.KEY) + 1, -1).to_numpy(),
                    "estimate": t["estimate"].to_numpy(),
                    "se": t["se"].to_numpy(),
                    "ci_low": t["ci_low"].to_numpy(), "ci_high": t["ci_high"].to_numpy(),
                    "exp_estimate": t["exp_estimate"].to_numpy(),
                    "identified": t["identified"].to_numpy(bool),
                    "df_resid": t["df_resid"].to_numpy(),
                })
                rows.append(d.merge(counts[["group", "n_persons", "n_events"]], on="group",
                                    how="left"))
    out = pd.concat(rows, ignore_index=True)
    values = ["estimate", "se", "ci_low", "ci_high", "exp_estimate"]
    # a term the model cannot identify has no estimate (hazard flags it, with a warning)
    out.loc[~out["identified"], values] = np.nan
    # a cell without persons of a sex has 0 of them (not a missing count); that zero, and
    # the "–" its unestimable term showed, told that all of a cell of fewer than min_cell
    # persons were of the other sex (sex36): hidden as a zero of a small group, the cell's
    # persons of both sexes in that event's risk set being the group
    out[["n_persons", "n_events"]] = out[["n_persons", "n_events"]].fillna(0)
    pooled = out.groupby(["event", "model", "group"])["n_persons"].transform("sum")
    zeros = zeros_of_small_groups(out, ["n_persons"], pooled.to_numpy(float), min_cell)
    # the table shows estimates only (gap_display): the persons by sex are published by the
    # KHB table by sex, the events by sex nowhere (free unknowns of the audit)
    return suppress_small_cells(out, min_cell=min_cell, value_cols=values,
                                name="origin gaps by sex", not_shown=["n_persons"],
                                unknown_to_reader=["n_events"], zeros=zeros, **CELL_RULES)


def truth_table(
    by_sex: Mapping[str, Mapping[str, Any]],
    parameters: Mapping[str, Any] | None,
    event: str = "job",
    level: float = 0.95,
) -> pd.DataFrame:
    """The largest model's cell coefficients per sex beside the generator's term per cell and
    sex (:func:`true_terms_by_sex`; no truth columns for real data). The first-job event is
    the one whose direct term the model can recover (chapter 2).

    Identified terms only. Returns columns: sex, group, estimate, se, ci_low,
    ci_high, n_persons, n_events (of the cell and sex at risk), df_resid (the model's
    residual degrees of freedom), and with ``parameters`` truth, z_vs_truth. Unsuppressed:
    a reader shows only the rows of :func:`mia_helpers.hazard.publishable_cells`, the cells
    :func:`gap_table` publishes.
    """
    frames = []
    for sex, r in by_sex.items():
        fits = r["fits"][event]
        top = fits[list(fits)[-1]]
        t = hz.truth_comparison(top, None, level=level).assign(sex=sex)
        ident = top.tidy(level=level).set_index("term")["identified"]
        t = t[[bool(ident.get(hz.key_term(g), False)) for g in t["group"]]]
        counts = hz.group_counts(r["periods"][event]).rename(columns={hz.KEY: "group"})
        counts["group"] = counts["group"].astype(str)
        frames.append(t.merge(counts[["group", "n_persons", "n_events"]], on="group"))
    out = pd.concat(frames, ignore_index=True)
    out = out[["sex", "group", "estimate", "se", "ci_low", "ci_high", "n_persons",
               "n_events", "df_resid"]]
    if parameters is not None:
        out = out.merge(true_terms_by_sex(parameters), on=["sex", "group"], how="left")
        out["z_vs_truth"] = (out["estimate"] - out["truth"]) / out["se"]
    return out


def khb_table(by_sex: Mapping[str, Mapping[str, Any]], min_cell: int = 10) -> pd.DataFrame:
    """KHB gap, explained part and shares per sex, event and group
    (:func:`mia_helpers.khb.share_table` with a ``sex`` column; small groups suppressed).
    Sex x event combinations without a decomposition (see :func:`fit_by_sex`) are absent and
    listed with their reason in ``attrs["not_decomposed"]``; none at all gives an empty table
    (same columns) and a warning.

    Disclosure control: the cell rules of the pooled table
    (:data:`mia_helpers.hazard.CELL_RULES`) and, because women and men of a group add up to
    the group's persons that chapter 2 publishes (the risk-set and nested-model tables), the
    two sexes of an event and group are one group of :func:`mia_helpers.disclosure.suppress`
    (``groups`` on ``n_persons``): a sex whose count is published is hidden too when the
    pooled count minus it (the other sex) is small, except for a cell whose pooled persons
    ``n`` the pooled tables hide because ``min_cell < n < 2 min_cell - 1``
    (:data:`mia_helpers.hazard.POOLED_CELL_RULES`: any split of such a cell shows a small sex,
    which the published ``n`` would bound). (The events by sex are not published;
    :func:`khb_display` leaves them out.) The counts of a sex
    without a decomposition take part (the reader can subtract the published sex from the
    pooled count all the same) and are then left out. A decomposed sex has a row for every
    cell of fewer than ``min_cell`` persons (both sexes), with its 0 or few persons and no
    estimate, and a 0 there is hidden as a zero of a small group, printed ``<min_cell`` as a
    small count (dpo37: the women's rows lacked a cell whose one school leaver was a man,
    shown ``<10`` in the men's rows, so the reader knew him for a man of that cell). A
    row's ``note`` follows its estimates
    (a note on a hidden gap, "its interval includes zero", would describe it).

    Source of the decomposition: Karlson, Holm and Breen (2012), :mod:`mia_helpers.khb`."""
    from mia_helpers.disclosure import suppress_small_cells

    frames, missing = [], {}
    events = list(dict.fromkeys(ev for r in by_sex.values() for ev in r["khb"]))
    # each event's cells of fewer than min_cell persons (both sexes): a decomposed sex shows
    # a row for each, so that a row left out does not tell that the sex has none there
    # (dpo37: the women's rows lacked a cell whose one person was a man, beside his "<10")
    cell_persons: dict[str, pd.Series] = {}
    for ev in events:
        n = [hz.group_counts(r["periods"][ev]).assign(
            group=lambda d: d[hz.KEY].astype(str)).set_index("group")["n_persons"]
            for r in by_sex.values()]
        cell_persons[ev] = pd.concat(n).groupby(level=0).sum()
    for sex, r in by_sex.items():
        missing |= {f"{sex}, {ev}": why for ev, why in r.get("not_decomposed", {}).items()}
        for ev in events:
            counts = hz.group_counts(r["periods"][ev])
            counts = counts.assign(group=counts[hz.KEY].astype(str))
            counts = counts[counts["group"] != hz.REFERENCE_GROUP]
            if ev in r["khb"]:
                t = share_table({ev: r["khb"][ev]}, naive_note=False)  # no naive column
                small = cell_persons[ev][(cell_persons[ev] > 0)
                                         & (cell_persons[ev] < min_cell)].index
                absent = [g for g in small if g not in set(t["group"]) and g !=
                          hz.REFERENCE_GROUP]
                if absent:  # the sex's 0 or few persons there, with no estimate
                    t = pd.concat([t, pd.DataFrame({"event": ev, "group": absent})],
                                  ignore_index=True)
                    t = t.iloc[sorted(range(len(t)), key=lambda i: book_rank(t["group"].iat[i]))]
                t = t.merge(counts[["group", "n_persons", "n_events"]], on="group", how="left")
                t[["n_persons", "n_events"]] = t[["n_persons", "n_events"]].fillna(0)
                t["_published"] = True
            else:  # counts only: the reader knows them from the pooled tables
                t = counts[["group", "n_persons", "n_events"]].assign(event=ev,
                                                                       _published=False)
            frames.append(t.assign(sex=sex))
    if not any(f["_published"].any() for f in frames):  # a small extract: say so
        warnings.warn("no sex and event could be decomposed: " + "; ".join(
            f"{where}: {why}" for where, why in missing.items()), stacklevel=2)
        out = pd.DataFrame(columns=["sex", "event", "group", "gap", "unexplained",
                                    "explained", "explained_se", "share_pct",
                                    "naive_share_pct", "note", "n_persons", "n_events"])
        out.attrs["not_decomposed"] = missing
        return out
    raw = pd.concat(frames, ignore_index=True)
    published = raw.pop("_published").to_numpy(bool)
    raw = raw[["sex", *[c for c in raw.columns if c != "sex"]]]
    values = [c for c in raw.columns
              if c not in ("sex", "event", "group", "n_persons", "n_events", "df_resid")]
    # a cell whose pooled persons the pooled tables hide (hazard.POOLED_CELL_RULES'
    # split_in_two) has no known total: its sexes form no group
    from mia_helpers.disclosure import NO_GROUP, split_bounds

    pooled = raw.groupby(["event", "group"])["n_persons"].transform("sum")
    # a sex's 0 persons of a small cell tells that all of them are of the other sex: hidden
    # as a zero of a small group, printed as a small count beside the other sex's (dpo37)
    zeros = zeros_of_small_groups(raw, ["n_persons"], pooled.to_numpy(float), min_cell)
    split = split_bounds(pooled.to_numpy(), min_cell)
    raw["_pooled"] = raw["group"].astype(object).where(~split, NO_GROUP)
    # the events by sex are published nowhere (khb_display leaves them out): free unknowns
    # of the audit, not in the checking record; keys: the pooled tables' cells in the run's
    # ledger (hazard.pooled_cell_rules), so that the two sexes of a cell the pooled tables
    # hide are hidden too (their sum is the pooled count)
    out = suppress_small_cells(raw, min_cell=min_cell, value_cols=values,
                               groups={"n_persons": ["event", "_pooled"]},
                               name="KHB decomposition by sex", shown_rows=published,
                               unknown_to_reader=["n_events"], zeros=zeros,
                               hide={"n_persons": nested_remainder_small(raw, by_sex, min_cell)},
                               keys=["event", "group"], key_names={"group": hz.KEY},
                               shares=hz.cell_shares(values),  # the ledger aside (user46)
                               **CELL_RULES)
    out = out[published].drop(columns="_pooled").reset_index(drop=True)
    out.attrs["not_decomposed"] = missing
    return out


def nested_remainder_small(raw: pd.DataFrame, by_sex: Mapping[str, Mapping[str, Any]],
                           min_cell: int) -> np.ndarray:
    """Rows of :func:`khb_table`'s counts (``sex``, ``event``, ``group``, ``n_persons``) whose
    persons are hidden because one risk set holds another within a sex.

    The stable-job risk set of a sex is part of its first-job one (as pooled, see
    :func:`mia_helpers.hazard.risk_set_table`): where a sex's persons at risk of the larger
    outside the smaller, ``n(larger) - n(smaller)``, are few (``0 < r < min_cell``), both
    published by-sex counts would tell them (seed 6464, ``min_cell`` 15: eastern EU
    intermediate women, 103 at risk of a first job and 96 of a stable one: 7 who left school
    in the window's last quarters). The smaller risk set's persons of that group are then
    hidden for every sex: they add up to the pooled count, so one sex's count alone would come
    back as the pooled count minus the other sex's.

    Parameters
    ----------
    raw : DataFrame
        One row per sex, event and group with ``n_persons``.
    by_sex : mapping
        :func:`fit_by_sex` output (``periods`` per sex and event, with ``person_id``).
    min_cell : int
        Disclosure threshold.

    Returns
    -------
    numpy.ndarray of bool, one per row of ``raw``: True where ``n_persons`` is to be hidden.
    """
    # sorted unique person ids per sex and risk set (arrays: no Python set per person)
    members = {(sex, ev): np.unique(pp["person_id"].to_numpy())
               for sex, r in by_sex.items() for ev, pp in r["periods"].items()}
    events = list(dict.fromkeys(raw["event"]))
    sexes = list(by_sex)

    def within(s: str, b: str, a: str) -> bool:  # risk set b of sex s inside risk set a
        return bool(np.isin(members[(s, b)], members[(s, a)], assume_unique=True).all())

    nested = [(a, b) for a in events for b in events if a != b
              and all((s, a) in members and (s, b) in members and within(s, b, a)
                      for s in sexes)
              and any(len(members[(s, b)]) != len(members[(s, a)]) for s in sexes)]
    n = raw.set_index(["sex", "event", "group"])["n_persons"].astype(float)
    hidden: set[tuple[str, str]] = set()
    for a, b in nested:
        for (sex, ev, group), count in n.items():
            if ev != b:
                continue
            rem = n.get((sex, a, group), 0.0) - count
            if 0 < rem < min_cell:
                hidden.add((b, str(group)))
    return np.array([(ev, str(g)) in hidden for ev, g in zip(raw["event"], raw["group"],
                                                              strict=True)], dtype=bool)


def women_minus_men(table: pd.DataFrame, model: str, event: str) -> pd.DataFrame:
    """Per group, women's minus men's coefficient of ``model`` for ``event`` from
    :func:`gap_table`, with the standard error of the difference (the two sexes are
    independent samples). Suppressed cells give NaN. Columns: group, women, men, diff,
    diff_se. Raises ``ValueError`` naming the missing columns when ``table`` is not a
    :func:`gap_table`."""
    require_columns(table, GAP_COLUMNS, "subgroups.women_minus_men", "subgroups.gap_table")
    d = table[(table["model"] == model) & (table["event"] == event)]
    if d.empty:  # a bare KeyError 'female' before (try44)
        raise ValueError(f"subgroups.women_minus_men: model {model!r} and event {event!r} are "
                         f"not in the gap table together (it has models "
                         f"{sorted(set(table['model']))!r}, events {sorted(set(table['event']))!r})")
    est = d.pivot(index="group", columns="sex", values="estimate").apply(
        pd.to_numeric, errors="coerce")
    se = d.pivot(index="group", columns="sex", values="se").apply(pd.to_numeric,
                                                                        errors="coerce")
    out = pd.DataFrame({"women": est["female"], "men": est["male"]})
    out["diff"] = out["women"] - out["men"]
    out["diff_se"] = np.sqrt(se["female"] ** 2 + se["male"] ** 2)
    return out.reset_index()


def _by_sex_fit(by_sex: Mapping[str, Mapping[str, Any]], sex: str, event: str,
                model: str) -> Any:
    """The fit of ``model`` for ``event`` and ``sex`` in a :func:`fit_by_sex` result;
    ``ValueError`` naming what it lacks (a bare ``KeyError`` before, try44)."""
    if sex not in by_sex:
        raise ValueError(f"by_sex has no {sex!r} fit (it has {sorted(by_sex)!r}); pass the "
                         "fit_by_sex(...) the gap table comes from")
    fits = by_sex[sex].get("fits", {})
    if model not in fits.get(event, {}):
        raise ValueError(f"by_sex has no {sex!r} {event!r} {model!r} fit (its {sex} fits: "
                         f"events {sorted(fits)!r}, models "
                         f"{sorted(fits.get(event, {}))!r}); pass the fit_by_sex(...) the gap "
                         "table comes from")
    return fits[event][model]


def _check_by_sex_behind(d: pd.DataFrame, by_sex: Mapping[str, Mapping[str, Any]],
                         model: str, event: str) -> None:
    """``ValueError`` unless each sex's ``model`` fit for ``event`` in ``by_sex`` has the
    estimates :func:`women_minus_men` read from the table (``d``) for its cells: a
    ``by_sex`` of other models under the same name, or of the other link, gave a standard
    error of other estimates without a word (try44). The table copies the fits' floats
    (:func:`gap_table`), so they agree to rounding; 1e-9 relative is far below any change of
    model (the estimates differ in the second decimal)."""
    for sex, col in (("female", "women"), ("male", "men")):
        fit = _by_sex_fit(by_sex, sex, event, model)
        own = fit.params.reindex([hz.key_term(g) for g in d["group"]]).to_numpy(float)
        if not np.allclose(own, d[col].to_numpy(float), rtol=1e-9, atol=1e-12):
            raise ValueError(f"subgroups.non_eu_sex_difference: by_sex's {sex} {model} fit for "
                             f"{event!r} has other estimates of the cells {list(d['group'])} "
                             "than the gap table: it is not the fit_by_sex behind the table "
                             "(other blocks or link?); pass the fit_by_sex(...) that "
                             "gap_table was given")


def non_eu_average_se(by_sex: Mapping[str, Mapping[str, Any]], model: str, event: str,
                      groups: Iterable[str]) -> float:
    """Standard error of the mean over ``groups`` of women's minus men's cell coefficient of
    ``model`` for ``event``: ``sqrt(sum over the sexes of 1' V[G, G] 1) / n``, with ``V`` each
    sex's person-clustered covariance of the cells' terms (:func:`fit_by_sex`'s fits; the
    sexes are independent samples). The cells of one sex share the native reference and the
    controls' coefficients, so their estimates covary; the sum of their variances alone
    understated the SE (sexmc44, benchmarks/sex_gap_montecarlo.py, seeds 7100-7159 at the
    chapter's sizes: the last model's first-job average had an SD of 0.066 over the data
    sets against a mean SE of 0.052, and its 95 % intervals covered the generator's value in
    82 % of them; this SE, on the same data sets: mean 0.074, coverage 98 %, and 100, 93,
    95 % for the raw first-job and both stable-job averages, MC SE about 3 %: within the
    rule's band, on the safe side). NaN for no group; ``KeyError`` naming the term a fit
    lacks; ``ValueError`` when ``by_sex`` has no fit of a sex, ``event`` and ``model``, or
    when ``groups`` is one string (a cell's name, not a list of cells; try44) or not
    iterable (:func:`mia_helpers.labels.cell_list`; a generator is read once)."""
    groups = cell_list(groups, "subgroups.non_eu_average_se", "groups")
    if not groups:
        return float("nan")
    terms = [hz.key_term(g) for g in groups]
    var = 0.0
    for sex in SEXES:
        cov = _by_sex_fit(by_sex, sex, event, model).cov
        missing = [t for t in terms if t not in cov.index]
        if missing:
            raise KeyError(f"subgroups.non_eu_average_se: the {sex} {event} {model} fit has no "
                           f"terms {missing}")
        var += float(cov.loc[terms, terms].to_numpy().sum())
    return float(np.sqrt(var) / len(groups))


def non_eu_sex_difference(
    table: pd.DataFrame, model: str, event: str, level: float = 0.95,
    by_sex: Mapping[str, Mapping[str, Any]] | None = None,
) -> dict[str, float]:
    """Mean over the non-EU origin cells (both generations) of women's minus men's
    coefficient (:func:`women_minus_men`), with its standard error and interval at ``level``.
    With ``by_sex`` (the :func:`fit_by_sex` the table comes from) the SE holds the
    covariances of a sex's cells (:func:`non_eu_average_se`); without it the cells are taken
    as independent, which understates the SE (the cells share the native reference): a table
    without its fits only, and a ``UserWarning`` says so where two or more cells are
    averaged. Suppressed cells are left out; ``n_cells`` says how many remain.
    Returns dict: mean, se, ci_low, ci_high, n_cells, groups (the cells averaged).
    Raises ``ValueError`` naming the missing columns when ``table`` is not a
    :func:`gap_table`, naming ``model`` and ``event`` when the table lacks them, and when
    ``by_sex`` lacks the fit or is not the one behind the table (its estimates of the cells
    differ; :func:`_check_by_sex_behind`, try44)."""
    from mia_helpers import codes

    require_columns(table, GAP_COLUMNS, "subgroups.non_eu_sex_difference",
                    "subgroups.gap_table")
    d = women_minus_men(table, model, event).dropna(subset=["diff", "diff_se"])
    d = d[d["group"].str.split(":").str[0].isin(codes.NON_EU_ORIGINS)]
    z = critical_value(level)
    n = len(d)
    mean = float(d["diff"].mean()) if n else float("nan")
    if by_sex is not None:
        _check_by_sex_behind(d, by_sex, model, event)
        se = non_eu_average_se(by_sex, model, event, list(d["group"]))
    else:
        se = float(np.sqrt((d["diff_se"] ** 2).sum()) / n) if n else float("nan")
        if n > 1:
            warnings.warn(
                f"subgroups.non_eu_sex_difference ({model}, {event}): without by_sex the SE "
                f"takes the {n} cells as independent, which understates it (they share the "
                "native reference and the controls); pass by_sex=fit_by_sex(...) for an "
                "interval that covers (benchmarks/sex_gap_montecarlo.py)", stacklevel=2)
    return {"mean": mean, "se": se, "ci_low": mean - z * se, "ci_high": mean + z * se,
            "n_cells": n, "groups": list(d["group"])}


def published_truth_rows(table: pd.DataFrame, min_cell: int = 10) -> pd.DataFrame:
    """The rows of :func:`truth_table` whose estimate the book shows: the cells
    :func:`gap_table` publishes (:func:`mia_helpers.hazard.publishable_cells`, the shared cell
    rules) with a finite estimate and interval. Raises ``ValueError`` naming the missing
    columns when ``table`` lacks the counts or ``df_resid``."""
    ok = publishable_cells(table, min_cell, name="by-sex cells beside the truth",
                           rules=BY_SEX_CELL_RULES)
    shown = table[ok.to_numpy()]
    finite = shown[["estimate", "ci_low", "ci_high"]].apply(pd.to_numeric, errors="coerce")
    return shown[np.isfinite(finite.to_numpy(float)).all(axis=1)]


def plot_truth_by_sex(table: pd.DataFrame, min_cell: int = 10) -> Figure:
    """Estimates (with intervals) and the generator's terms per cell, one panel per sex, from
    :func:`truth_table`; only the cells :func:`gap_table` publishes are drawn
    (:func:`published_truth_rows`). Returns the matplotlib Figure (a panel without a published
    cell says so). Raises ``ValueError`` naming the missing columns when ``table`` is not a
    :func:`truth_table`."""
    import matplotlib.pyplot as plt

    from mia_helpers.labels import label

    require_columns(table, TRUTH_TABLE_COLUMNS, "subgroups.plot_truth_by_sex",
                    "subgroups.truth_table")
    shown = published_truth_rows(table, min_cell)
    fig, axes = plt.subplots(1, 2, figsize=(10, 5), sharey=True, sharex=True)
    for ax, sex in zip(axes, SEXES, strict=True):
        d = shown[shown["sex"] == sex]
        ax.axvline(0, color="grey", lw=0.8)
        ax.set(title="women" if sex == "female" else "men")
        if d.empty:  # nothing published for this sex: say so rather than draw nothing
            ax.text(0.5, 0.5, "no published cell", ha="center", va="center",
                    transform=ax.transAxes)
            continue
        names = [label(g) for g in d["group"]]
        ax.errorbar(d["estimate"], names,
                    xerr=[d["estimate"] - d["ci_low"], d["ci_high"] - d["estimate"]],
                    fmt="o", label="estimate and interval")
        if "truth" in d:
            ax.plot(d["truth"], names, "kx", ms=9, label="generator's term")
    # one axis title for the figure (a long title per panel runs into the next one) and one
    # legend above the panels (a legend inside a panel would cover its points)
    fig.supxlabel("origin x generation coefficient, first job", fontsize="medium")
    drawn = [ax for ax in axes if ax.containers]
    top = 1.0
    if drawn:
        handles, labels_ = drawn[-1].get_legend_handles_labels()
        leg = fig.legend(handles, labels_, loc="upper center", ncol=len(handles),
                         frameon=False, bbox_to_anchor=(0.5, 1.0))
        top = 1.0 - leg.get_window_extent().height / fig.bbox.height - 0.01
    fig.tight_layout(rect=(0, 0, 1, top))
    return fig


def gap_display(gaps: pd.DataFrame, models: Sequence[str], decimals: int = 2) -> pd.DataFrame:
    """:func:`gap_table` for print: one row per event and origin x generation cell, one column
    per sex and model holding "ratio [low, high]" (odds or hazard ratio vs natives of the same
    sex, interval at the level of ``gaps``). Suppressed or unidentified cells show their
    marker or "–". Columns: event, group, then ``"<Women|Men>, <model>"`` per sex and model,
    in the order of :data:`SEXES` and ``models``. Raises ``ValueError`` naming a model that
    ``gaps`` does not hold, or the missing columns when ``gaps`` is not a :func:`gap_table`."""
    from mia_helpers.labels import interval_text

    require_columns(gaps, [c for c in GAP_COLUMNS if c != "se"],
                    "subgroups.gap_display", "subgroups.gap_table")
    missing = [m for m in models if m not in set(gaps["model"])]
    if missing:
        raise ValueError(f"models {missing!r} are not in the gap table "
                         f"(it has {sorted(set(gaps['model']))!r})")
    d = gaps[gaps["model"].isin(models)].copy()

    def ratio(v: object) -> object:
        x = pd.to_numeric(pd.Series([v]), errors="coerce").iloc[0]
        return v if isinstance(v, str) else float(np.exp(x))

    d["text"] = [interval_text(ratio(e), ratio(lo), ratio(hi), decimals)
                 for e, lo, hi in zip(d["estimate"], d["ci_low"], d["ci_high"], strict=True)]
    d["column"] = [f"{'Women' if s == 'female' else 'Men'}, {m}"
                   for s, m in zip(d["sex"], d["model"], strict=True)]
    order = [f"{'Women' if s == 'female' else 'Men'}, {m}" for s in SEXES for m in models]
    wide = d.pivot(index=["event", "group"], columns="column", values="text")
    wide = wide[[c for c in order if c in wide.columns]].reset_index()
    wide.columns.name = None
    # the events as ``gaps`` holds them, the cells in the book's origin order (not the
    # alphabetical order of the pivot)
    events = list(dict.fromkeys(d["event"]))
    rank = [(events.index(e), book_rank(g)) for e, g in zip(wide["event"], wide["group"],
                                                            strict=True)]
    return wide.iloc[sorted(range(len(wide)), key=rank.__getitem__)].reset_index(drop=True)


def sex_difference_table(gaps: pd.DataFrame, models: Sequence[str], level: float = 0.95,
                         by_sex: Mapping[str, Mapping[str, Any]] | None = None
                         ) -> pd.DataFrame:
    """:func:`non_eu_sex_difference` for each event of ``gaps`` and each of ``models``: one row
    per event and model with mean (women's minus men's log-odds or log-hazard gap, averaged
    over the non-EU cells), ci_low, ci_high (at ``level``) and n_cells (cells averaged:
    cells, not persons). Pass ``by_sex``, the :func:`fit_by_sex` behind ``gaps``: the
    interval then holds the covariances of a sex's cells (:func:`non_eu_average_se`; without
    it, too narrow). Raises ``ValueError`` naming the missing columns when ``gaps`` is not
    a :func:`gap_table`."""
    require_columns(gaps, GAP_COLUMNS, "subgroups.sex_difference_table", "subgroups.gap_table")
    rows = []
    for ev in dict.fromkeys(gaps["event"]):
        for m in models:
            d = non_eu_sex_difference(gaps, m, ev, level=level, by_sex=by_sex)
            rows.append({"event": ev, "model": m, "mean": d["mean"],
                         "ci_low": d["ci_low"], "ci_high": d["ci_high"],
                         "n_cells": d["n_cells"]})
    return pd.DataFrame(rows)


def truth_coverage(table: pd.DataFrame, min_cell: int = 10) -> tuple[int, int] | None:
    """How many cells of chapter 2's by-sex truth figure hold the generator's term inside their
    interval: (covered, compared). The cells compared are exactly those
    :func:`plot_truth_by_sex` draws with a cross: :func:`published_truth_rows` (the cells
    :func:`gap_table` publishes, with a finite estimate and interval) whose ``truth`` is finite
    (fig31: the count read the interval alone, so a cell the figure leaves out, or draws
    without a cross, could enter the "k of n"). None when the table has no truth (real data).
    Raises ``ValueError`` naming the missing columns when ``table`` is not a
    :func:`truth_table`."""
    require_columns(table, COVERAGE_COLUMNS, "subgroups.truth_coverage",
                    "subgroups.truth_table")
    if "truth" not in table:
        return None
    t = published_truth_rows(table, min_cell)
    t = t[np.isfinite(pd.to_numeric(t["truth"], errors="coerce").to_numpy(float))]
    covered = (t["ci_low"] <= t["truth"]) & (t["truth"] <= t["ci_high"])
    return int(covered.sum()), int(len(t))


#: the one row of :func:`khb_display` when no sex and event could be decomposed
NOTHING_DECOMPOSED = "no sex and event could be decomposed (the reasons are listed above)"


def khb_display(table: pd.DataFrame) -> pd.DataFrame:
    """:func:`khb_table` for print: sex, event, group, gap, explained_part (the
    gap minus the unexplained part, same log scale), share_pct (explained share, %) and
    n_persons, and ``note`` when the table has one (why a share is "–": e.g. the gap's
    interval includes zero, :data:`mia_helpers.khb.NO_SHARE_NOTE`). ``explained_part`` is
    renamed from ``explained`` so that it is not read as a share. An empty table (nothing
    decomposed) gives one row whose ``note`` says so (:data:`NOTHING_DECOMPOSED`), the other
    cells missing. Raises ``ValueError`` naming the missing columns when ``table`` is not a
    :func:`khb_table`."""
    cols = ["sex", "event", "group", "gap", "explained", "share_pct", "n_persons"]
    require_columns(table, cols, "subgroups.khb_display", "subgroups.khb_table")
    out = table[cols + (["note"] if "note" in table.columns else [])]
    out = out.rename(columns={"explained": "explained_part"})
    if out.empty:  # a small extract: one row that says so (a table needs a row to publish)
        out = pd.DataFrame([{**dict.fromkeys(out.columns, np.nan),
                             "note": NOTHING_DECOMPOSED}], columns=[*out.columns.drop(
                                 "note", errors="ignore"), "note"])
    return out


def sex_difference_sentence(diffs: pd.DataFrame, level: float, top: str,
                            link: str = "logit") -> str:
    """The reading of :func:`sex_difference_table` as one sentence (glued by chapter 2), per
    event (first stable job, then first job): women's minus men's gap raw (M0) and after the
    controls (``top``), with intervals at ``level``, on the log-odds (``link="logit"``) or
    log-hazard (``"cloglog"``) scale, and the number of non-EU cells averaged for that event.
    An event or model without a published cell, or without a finite estimate, is said to be
    not shown instead of printing missing numbers. Raises ``ValueError`` naming the missing
    columns when ``diffs`` is not a :func:`sex_difference_table`."""
    require_columns(diffs, ["event", "model", "mean", "ci_low", "ci_high", "n_cells"],
                    "subgroups.sex_difference_sentence", "subgroups.sex_difference_table")
    scale = hz.link_words(link)["gap_scale"]
    pct = f"{100 * level:g} per cent"

    def row(event: str, model: str) -> pd.Series | None:
        r = diffs[(diffs["event"] == event) & (diffs["model"] == model)]
        if r.empty or not r["n_cells"].iloc[0] or not np.isfinite(r["mean"].iloc[0]):
            return None
        return r.iloc[0]

    def num(x: float) -> str:
        text = f"{x:.2f}"
        return "0.00" if text == "-0.00" else text  # no negative zero in the prose

    def estimate(r: pd.Series) -> str:
        text = num(r["mean"])
        if np.isfinite(r["ci_low"]) and np.isfinite(r["ci_high"]):
            text += f" (interval at {pct}: {num(r['ci_low'])} to {num(r['ci_high'])})"
        return text

    parts = []
    for event, what in (("stable", "a first stable job"), ("job", "any first job")):
        raw, full = row(event, "M0"), row(event, top)
        if raw is None and full is None:
            parts.append(f"for {what} no non-EU cell of both sexes is published, so no average "
                         "difference is shown")
            continue
        n = int((raw if raw is not None else full)["n_cells"])
        # one cell is not averaged (seed38, seed 9292 at min_cell 25: "averaged over 1
        # published non-EU cell")
        cells = ("in the one published non-EU cell" if n == 1 else
                 f"averaged over {n} published non-EU cells")
        said = [f"{estimate(r)} {'raw' if r is raw else 'after the controls'}"
                for r in (raw, full) if r is not None]
        parts.append(f"for {what}, {cells}, women's gap differs from men's by "
                     + " and ".join(said))
    return ("; ".join(parts) + f" ({scale}; negative: women further behind)")


def truth_coverage_sentence(table: pd.DataFrame, level: float, min_cell: int = 10) -> str:
    """Chapter 2's reading of :func:`truth_coverage`: how many published cells' intervals (at
    ``level``) hold the generator's term; says so when there is no truth (real data) or no
    published cell, instead of "0 of 0". Raises ``ValueError`` naming the missing columns
    when ``table`` is not a :func:`truth_table`."""
    require_columns(table, COVERAGE_COLUMNS, "subgroups.truth_coverage_sentence",
                    "subgroups.truth_table")
    cov = truth_coverage(table, min_cell=min_cell)
    if cov is None:
        return "Without a generator (real data) there is no true term to compare with."
    if cov[1] == 0:
        # a published cell without a finite interval is not compared either (prose29: the
        # reason named only the publication rules)
        return ("No cell is published with an interval (each has too few persons, events, "
                "persons without the event or residual degrees of freedom, or no finite "
                "interval), so no cell is compared with the generator's term.")
    k, n = cov
    if n == 1:
        return (f"The interval (at {100 * level:g} per cent) of the one published cell "
                f"{'covers' if k else 'does not cover'} the generator's term.")
    if k == 0:
        verb, where = "do not cover", f"any of the {n} published cells"
    else:
        verb = "cover"
        where = (f"every one of the {n} published cells" if k == n
                 else f"{k} of {n} published cells")
    return f"The intervals (at {100 * level:g} per cent) {verb} the generator's term in {where}."
