"""Disclosure control of a table whose counts are part of another published table's counts.

Chapter 5 publishes the newcomers per residence ground twice: all of them in the steps table,
and those at risk in the feeder model (non-working newcomers, the model's ``n_persons`` per
ground term, :func:`mia_helpers.newcomers.feeder_table`). The difference is the number left out
of the feeder analysis: a reader who holds both tables learns it by subtraction. With seed
4242, 2,500 residents and 1,200 newcomers, ground "Work" had 125 persons in the steps table and
120 in the feeder table, so 5 persons (fewer than ``min_cell`` 10) were identifiable as left
out. :func:`feeder_against_steps` declares that relation to
:func:`mia_helpers.disclosure.suppress` (steps count = feeder count + an unpublished
difference) so that its own rules, and its checking record, decide what the feeder table may
show. It lives here and not in ``newcomers.py``, which is fingerprinted (editing it makes the
shipped Monte Carlo results stale).

Chapter 1 publishes the same newcomers again in its sample profile
(:func:`mia_helpers.describe.sample_profile`: persons by sample x origin x generation and the
shares of women, of high education, of good or native Dutch). The feeder table's persons per
origin, and its women, highly educated and Dutch levels, are those newcomers less the ones
never at risk of a first measure. With seed 5151, 3,000 residents and 1,500 newcomers chapter 1
had 137 Turkish newcomers and the feeder table 131, and about 776 women (persons x women's
share) against 769: groups of 6 and 7 persons. :func:`feeder_against_profile` declares those
relations to ``suppress`` too.

A count of chapter 1 that covers a reference level of the feeder model (which has no row, so
no published persons) is set against the levels that have one: the newcomers with low or
middle education (chapter 1: persons minus the highly educated) against the feeder's
low-education persons (middle is the reference), the difference being the middle-educated
persons at risk plus those left out. A reader knows no more, since no table of the run
publishes the feeder's total persons (every categorical variable leaves its reference level
out), but that difference may not be small either: with 105 newcomers of low or middle
education in chapter 1 and 100 of low education at risk, the 5 others would be known.

References
----------
Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley (section 4.2, disclosure
by differencing of linked tables).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from mia_helpers.disclosure import (
    VALUES_FOLLOW,
    Protected,
    feasible_intervals,
    suppress,
    suppress_small_cells,
    withhold_separation_counts,
    zeros_of_small_groups,
)

if TYPE_CHECKING:
    from mia_helpers.hazard import HazardFit

__all__ = ["FEEDER_LEDGER", "FEEDER_VALUES", "INTEGRATION_TERMS", "NOBODY_AT_RISK", "PROFILE_LINKS",
           "feeder_against_profile", "feeder_against_steps", "feeder_curves_published",
           "feeder_curves_within_grounds",
           "feeder_ledger_as", "feeder_zeros_of_small_terms", "profile_counts",
           "steps_and_feeder", "steps_persons_for_feeder"]

#: the value columns of :func:`mia_helpers.newcomers.feeder_table` (estimates computed on the
#: persons and events of their row: hidden with a hidden count)
FEEDER_VALUES: tuple[str, ...] = ("odds_ratio", "ci_low", "ci_high", "p")


#: the ledger's name of the feeder model's counts: a feeder count of a term has one key in
#: every linked table (:func:`feeder_against_steps`, :func:`feeder_against_profile`), so a
#: count hidden in one stays hidden in the next, and one published there is not hidden as a
#: last resort in another (close22-26: "the feeder and linked tables have no ledger keys")
FEEDER_LEDGER = "feeder model"


def _feeder_ledger_as() -> dict[str, tuple[str, dict[str, str]]]:
    """``ledger_as`` of the feeder's counts: the ledger's name of ``n_persons``, ``n_events``
    (the term is a key of the row, or given per column in a wide table)."""
    return feeder_ledger_as()


def feeder_ledger_as(model: str | None = None) -> dict[str, tuple[str, dict[str, str]]]:
    """``ledger_as`` of the feeder's counts ``n_persons``, ``n_events``: their names in the
    ledger, with ``model`` (:data:`FEEDER_LEDGER`) as a further key where the table has no
    ``model`` column (:func:`mia_helpers.newcomers.feeder_table`, keyed by ``term`` only):
    the same ledger key as the linked tables' rows (``model``, ``term``)."""
    extra = {} if model is None else {"model": model}
    return {"n_persons": ("feeder n_persons", dict(extra)),
            "n_events": ("feeder n_events", dict(extra))}


def _grounds_with_steps(feeder: Protected, periods: pd.DataFrame, steps: pd.DataFrame,
                        variable: str, persons: str, caller: str
                        ) -> tuple[list[dict], list[int], list[int]]:
    """The feeder's ground terms (``"residence_ground[work]"``) whose ground has a count
    published in ``steps`` (a hidden one gives no total to subtract from), in the feeder's
    order: ``(rows, feeder_rows, steps_rows)``, each row ``{variable: ground, "n_steps",
    "n_persons", "n_events"}`` (the feeder's counts recounted from ``periods``,
    :func:`_recount`), with its row position in ``feeder`` and in ``steps``. One loop for
    :func:`feeder_against_steps` and :func:`steps_persons_for_feeder`."""
    terms = feeder.data["term"].astype(str)
    prefix = f"{variable}["
    shown = pd.to_numeric(steps[persons], errors="coerce")
    pos = {str(g): k for k, g in enumerate(steps[variable].astype(str))}
    rows, feeder_rows, steps_rows = [], [], []
    for i in np.flatnonzero((terms.str.startswith(prefix) & terms.str.endswith("]")).to_numpy()):
        level = terms.iat[i][len(prefix):-1]
        if level not in pos or pd.isna(shown.iat[pos[level]]):
            continue
        rows.append({variable: level, "n_steps": int(shown.iat[pos[level]]),
                     **_recount(feeder, periods, variable, level, int(i), caller)})
        feeder_rows.append(int(i))
        steps_rows.append(pos[level])
    return rows, feeder_rows, steps_rows


def feeder_against_steps(feeder: Protected, periods: pd.DataFrame, steps: pd.DataFrame,
                         min_cell: int = 10, variable: str = "residence_ground",
                         persons: str = "n_persons", values: Sequence[str] = FEEDER_VALUES,
                         name: str = "feeder model against the steps table (per ground)"
                         ) -> Protected:
    """The feeder table with the cells hidden that, set against the steps table, would tell
    how many persons of a ground are left out of the feeder analysis.

    Per ground with a term in ``feeder`` (``"residence_ground[work]"``) and a count published
    in ``steps``, one row of a table holding the steps count (``n_steps``), the feeder's
    persons (``n_persons``) and first measure starts (``n_events``) goes through
    :func:`mia_helpers.disclosure.suppress` with the relations ``n_steps = n_persons +
    difference`` and ``n_persons = n_events + difference`` (each difference unpublished, the
    relation's remainder): a small difference is then protected by suppress's own rules
    (complementary suppression and the exact audit), and the hidden cells are in the run's
    checking record under ``name``. Each count hidden there is hidden in the returned feeder
    table too, and so are the row's ``values`` (odds ratio, interval, p-value: computed on
    those persons).

    Parameters
    ----------
    feeder : Protected
        :func:`mia_helpers.newcomers.feeder_table` (``term``, ``n_persons``, ``n_events`` and
        ``values``).
    periods : DataFrame
        The person-periods the feeder model was fitted on
        (:func:`mia_helpers.newcomers.feeder_periods`: ``person_id``, ``event``, ``variable``);
        the counts hidden in ``feeder`` are recounted from them for the rules (not published).
    steps : DataFrame
        The steps table as published (``variable``, ``persons``): a hidden count (missing or a
        text marker) gives no relation, since the reader has no total to subtract from.
    min_cell : int
        Disclosure threshold (persons).
    variable, persons : str
        The grouping column (also the feeder terms' prefix) and the persons column of
        ``steps``.
    values : sequence of str
        The value columns of ``feeder`` hidden with a hidden count of their row.
    name : str
        The linked table's name in the checking record.

    Returns
    -------
    Protected
        ``feeder`` (same rows and columns) with the further hidden cells missing and their
        reasons (``complement`` for a count, ``derived`` for a value); ``feeder`` itself is
        not modified.

    Raises
    ------
    ValueError
        If a column is missing, or a count published in ``feeder`` differs from the one
        recounted from ``periods`` (not the periods of that table).
    """
    from mia_helpers.labels import require_columns

    require_columns(feeder.data, ["term", "n_persons", "n_events", *values],
                    "linked_tables.feeder_against_steps", "newcomers.feeder_table")
    require_columns(periods, ["person_id", "event", variable],
                    "linked_tables.feeder_against_steps", "newcomers.feeder_periods")
    require_columns(steps, [variable, persons], "linked_tables.feeder_against_steps",
                    "the chapter's steps table")
    terms = feeder.data["term"].astype(str)
    rows, where, _ = _grounds_with_steps(feeder, periods, steps, variable, persons,
                                         "feeder_against_steps")
    data, reason = feeder.data.copy(), feeder.reason.copy()
    out = Protected(data, reason, list(feeder.count_cols), feeder.min_cell, feeder.name,
                    feeder.pending, zeros=feeder.zeros)  # recorded once published
    # (record_published); its hidden zeros print as small counts (dpo37)
    if not rows:
        return out
    keyed = pd.DataFrame(rows).assign(
        model=FEEDER_LEDGER, term=[terms.iat[i] for i in where])  # the ledger's keys (old27)
    linked = suppress(keyed, count_cols=["n_steps", "n_persons", "n_events"],
                      min_cell=min_cell, name=name,
                      relations=[("n_steps", ["n_persons"], False),
                                 ("n_persons", ["n_events"], False)],
                      last_resort=["n_persons"],  # the feeder's own, not the steps table's
                      # dpo35: no events among fewer than min_cell persons is hidden too
                      zeros=zeros_of_small_groups(keyed, ["n_events"], "n_persons", min_cell),
                      keys=["model", "term"], ledger_as=_feeder_ledger_as())
    for k, i in enumerate(where):
        for col in ("n_persons", "n_events"):
            _hide(data, reason, i, col, linked.reason[col].iat[k])
        _follow(data, reason, i, values)
    return _with_zeros(out, {(c, where[k]) for c, k in linked.zeros})


def steps_persons_for_feeder(feeder: Protected, periods: pd.DataFrame, steps: pd.DataFrame,
                             min_cell: int = 10, variable: str = "residence_ground",
                             persons: str = "n_persons") -> np.ndarray:
    """Rows of the steps table whose published persons the steps table must hide so that
    :func:`feeder_against_steps` can protect the feeder's persons left out of the analysis.

    :func:`feeder_against_steps` cannot hide a count of the steps table, which the chapter
    publishes first: where a ground's feeder persons and first starts are both hidden
    (``x``: at least ``min_cell`` each) beside its published newcomers, the newcomers
    without a first start, or those left out, are narrowed below ``[1, min_cell - 1]``
    whatever the feeder hides (dpo37: seed 2005, 300 residents, 100 newcomers, ``min_cell``
    10: 18 asylum newcomers, feeder persons and starts ``x``, so at most 8 without a start;
    the record listed it as narrowed and ``export-check`` refused the run). The linked table
    of :func:`feeder_against_steps` is built and protected here without being recorded (and
    without the run's ledger), and the exact audit (:func:`mia_helpers.disclosure.
    feasible_intervals`) names each ground with a small remainder still narrowed.

    Parameters are those of :func:`feeder_against_steps` (``steps`` rendered, as it would be
    published). Returns one bool per row of ``steps``: True where its ``persons`` must be
    hidden (only where published).
    """
    out = np.zeros(len(steps), bool)
    rows, mine, where = _grounds_with_steps(feeder, periods, steps, variable, persons,
                                            "steps_persons_for_feeder")
    if not rows:
        return out
    keyed = pd.DataFrame(rows).drop(columns=[variable])
    # the feeder's hidden counts stay hidden (feeder_against_steps: through the ledger)
    held = {c: feeder.reason[c].iloc[mine].ne("").to_numpy() for c in ("n_persons", "n_events")}
    relations = [("n_steps", ["n_persons"], False), ("n_persons", ["n_events"], False)]
    probe = suppress(keyed, count_cols=["n_steps", "n_persons", "n_events"],
                     min_cell=min_cell, relations=relations, last_resort=["n_persons"],
                     zeros=zeros_of_small_groups(keyed, ["n_events"], "n_persons", min_cell),
                     hide=held if any(m.any() for m in held.values()) else None,
                     hide_rule="complement", record=False,
                     name="steps persons for the feeder (probe)")
    iv = feasible_intervals(probe, relations=relations, table=keyed)
    for r in iv.loc[~iv["protected"], "row"]:
        out[where[int(r)]] = True
    return out


def steps_and_feeder(steps: pd.DataFrame, feeder: Protected, periods: pd.DataFrame,
                     min_cell: int = 10, rules: Mapping | None = None,
                     variable: str = "residence_ground", persons: str = "n_persons"
                     ) -> tuple[pd.DataFrame, Protected]:
    """The steps table and the feeder table, protected in the order in which the feeder's
    check can act on the steps table's totals (dpo37).

    The steps table is protected first without being recorded (``rules``: the arguments of
    :func:`mia_helpers.disclosure.suppress` for it, ``hide`` included); where the feeder's
    persons left out of its analysis, or without a first start, stay narrowed against a
    ground's published newcomers (:func:`steps_persons_for_feeder`), that ground's newcomers
    are hidden too (``complement``, added to ``rules["hide"]``; the values on them follow
    where ``rules["value_cols"]`` names them). Then the steps table is protected again and
    recorded, and the feeder table is checked against it (:func:`feeder_against_steps`,
    recorded under its name). Returns the rendered steps table (for print) and the feeder
    table (not yet recorded itself: :func:`mia_helpers.disclosure.record_published`).

    Raises
    ------
    ValueError
        As :func:`feeder_against_steps` and :func:`mia_helpers.disclosure.suppress`; also
        where ``rules["hide_rule"]`` is given and is not ``"complement"`` while a ground's
        persons must be hidden.
    """
    rules = dict(rules or {})
    rules.pop("record", None)
    probe = suppress_small_cells(steps, min_cell=min_cell, record=False, **rules)
    more = steps_persons_for_feeder(feeder, periods, probe, min_cell, variable, persons)
    if more.any():
        if rules.get("hide_rule", "complement") != "complement":
            raise ValueError("linked_tables.steps_and_feeder: the steps table's hide_rule "
                             f"must be 'complement' to hide a ground's {persons}")
        hide = {c: np.asarray(m, bool) for c, m in (rules.get("hide") or {}).items()}
        hide[persons] = hide.get(persons, np.zeros(len(steps), bool)) | more
        rules.update(hide=hide, hide_rule="complement")
    published = suppress_small_cells(steps, min_cell=min_cell, **rules)
    return published, feeder_against_steps(feeder, periods, published, min_cell=min_cell,
                                           variable=variable, persons=persons)


def _term_counts(term: str, periods: pd.DataFrame, caller: str) -> dict[str, int]:
    """Persons and events of the feeder periods behind ``term``, counted as
    :func:`mia_helpers.newcomers.feeder_table` counts them: ``var[level]`` the periods at
    ``var == level``, any other term the periods where its column is above 0."""
    var = term[:-1].split("[", 1)[0] if term.endswith("]") and "[" in term else term
    if var not in periods.columns:
        raise ValueError(f"linked_tables.{caller}: feeder term {term!r} has no column {var!r} "
                         f"in periods (columns: {list(periods.columns)}); pass the periods "
                         "the feeder model was fitted on (newcomers.feeder_periods)")
    if var != term:
        m = (periods[var].astype(str) == term[len(var) + 1:-1]).to_numpy()
    else:
        m = (pd.to_numeric(periods[var], errors="coerce") > 0).to_numpy()
    return {"n_persons": int(periods.loc[m, "person_id"].nunique()),
            "n_events": int(periods.loc[m, "event"].sum())}


def feeder_zeros_of_small_terms(feeder: Protected, periods: pd.DataFrame, min_cell: int = 10,
                                values: Sequence[str] = FEEDER_VALUES,
                                name: str = "feeder model: no starts among few persons"
                                ) -> Protected:
    """The feeder table with every term's first starts hidden where they are 0 among fewer
    than ``min_cell`` persons (dpo36).

    :func:`mia_helpers.newcomers.feeder_table` (fingerprinted, unchanged) hides the persons
    of a term of fewer than ``min_cell`` persons but shows its 0 first starts, since a zero
    is no person: yet "0 of the newcomers with an NT2 course started a VDAB measure" tells of
    each of those few persons that they did not (attribute disclosure; Hundepool et al. 2012,
    ch. 5, group disclosure; :func:`mia_helpers.disclosure.zeros_of_small_groups`). The
    persons and events of every term are recounted from ``periods`` (not published) and go,
    one row per term, through :func:`mia_helpers.disclosure.suppress` with ``zeros=`` (and
    the relation persons = events + an unpublished difference), so the hidden zeros are in
    the checking record under ``name`` and hidden in the returned table (reason
    ``complement``) with the row's ``values`` (``derived``). A term no person at risk holds
    has its 0 persons and 0 first starts printed "–" (not applicable), with the reason
    :data:`NOBODY_AT_RISK` (bib47). :func:`feeder_against_steps`
    does the same for the grounds it links, :func:`feeder_against_profile` calls this for
    every term, so chapter 5's path (``feeder_table`` -> ``feeder_against_steps`` ->
    ``feeder_against_profile``) publishes no such zero.

    Parameters
    ----------
    feeder : Protected
        :func:`mia_helpers.newcomers.feeder_table` (``term``, ``n_persons``, ``n_events`` and
        ``values``), possibly already through another linked table.
    periods : DataFrame
        The person-periods the feeder model was fitted on
        (:func:`mia_helpers.newcomers.feeder_periods`): ``person_id``, ``event`` and the
        column of every term (``var`` of ``var[level]``, or the term itself).
    min_cell : int
        Disclosure threshold (persons).
    values : sequence of str
        The value columns of ``feeder`` hidden with a hidden count of their row.
    name : str
        The table's name in the checking record.

    Returns
    -------
    Protected
        ``feeder`` (same rows and columns) with the further hidden cells missing; ``feeder``
        itself is not modified.

    Raises
    ------
    ValueError
        If a column is missing, or a count published in ``feeder`` differs from the one
        recounted from ``periods``.
    """
    from mia_helpers.labels import require_columns

    require_columns(feeder.data, ["term", "n_persons", "n_events", *values],
                    "linked_tables.feeder_zeros_of_small_terms", "newcomers.feeder_table")
    require_columns(periods, ["person_id", "event"], "linked_tables.feeder_zeros_of_small_terms",
                    "newcomers.feeder_periods")
    data, reason = feeder.data.copy(), feeder.reason.copy()
    out = Protected(data, reason, list(feeder.count_cols), feeder.min_cell, feeder.name,
                    feeder.pending, zeros=feeder.zeros)  # recorded once published
    # (record_published); its hidden zeros print as small counts (dpo37)
    terms = feeder.data["term"].astype(str).tolist()
    rows = []
    for i, t in enumerate(terms):
        counts = _term_counts(t, periods, "feeder_zeros_of_small_terms")
        for col, n in counts.items():
            pub = feeder.data[col].iat[i]
            if not pd.isna(pub) and int(pub) != n:
                raise ValueError(
                    f"linked_tables.feeder_zeros_of_small_terms: {col} of term {t!r} is "
                    f"{int(pub)} in the feeder table but {n} in periods; pass the periods "
                    "the feeder model was fitted on")
        rows.append(counts)
    if not rows:
        return out
    _nobody_at_risk(data, [r["n_persons"] == 0 for r in rows])
    keyed = pd.DataFrame(rows).assign(model=FEEDER_LEDGER, term=terms)
    zeros = zeros_of_small_groups(keyed, ["n_events"], "n_persons", min_cell)
    if not zeros["n_events"].any():
        return out
    linked = suppress(keyed, count_cols=["n_persons", "n_events"], min_cell=min_cell,
                      name=name, relations=[("n_persons", ["n_events"], False)],
                      zeros=zeros, keys=["model", "term"], ledger_as=_feeder_ledger_as())
    for i in range(len(terms)):
        for col in ("n_persons", "n_events"):
            _hide(data, reason, i, col, linked.reason[col].iat[i])
        _follow(data, reason, i, values)
    return _with_zeros(out, set(linked.zeros))


#: the reason of a feeder term no person at risk holds (its counts are not applicable)
NOBODY_AT_RISK = "no newcomer at risk holds this level"


def _nobody_at_risk(data: pd.DataFrame, empty: Sequence[bool]) -> None:
    """Set, in place, the persons and first starts of the feeder terms ``empty`` (no person
    at risk holds them) to missing, printed "–" (not applicable), not 0, with the reason
    :data:`NOBODY_AT_RISK` (bib47). A term of a categorical level nobody in ``periods`` holds
    (a hand-built ``periods`` whose categories list a level without rows; never
    :func:`mia_helpers.newcomers.feeder_periods`, which keeps the levels of the rows at risk)
    is a column of zeros the model cannot estimate: :func:`mia_helpers.newcomers.feeder_table`
    (fingerprinted) printed its 0 persons and 0 first starts as counts, with the reason "no
    variation (zero in every row)"; 0 of 0 is no count of anyone."""
    rows = np.flatnonzero(np.asarray(empty, bool))
    if not len(rows):
        return
    for col in ("n_persons", "n_events"):
        data[col] = data[col].astype("Int64")
        data.loc[data.index[rows], col] = pd.NA
    if "not_identified" in data.columns:
        data.loc[data.index[rows], "not_identified"] = NOBODY_AT_RISK


def _with_zeros(table: Protected, zeros: set) -> Protected:
    """``table`` with the hidden zeros of small groups ``zeros`` (``(column, row)`` of the
    feeder table, from a linked table's :func:`mia_helpers.disclosure.suppress`) added to
    its own, so that they print as small counts, not ``x`` (dpo37: a term's 0 first starts
    beside its ``<10`` persons, printed ``x``, which says "not small", could only be 0)."""
    from dataclasses import replace

    mine = {(c, int(i)) for c, i in zeros if c in ("n_persons", "n_events")
            and table.reason[c].iat[int(i)] != ""}
    return replace(table, zeros=frozenset(table.zeros) | mine) if mine else table


def _recount(feeder: Protected, periods: pd.DataFrame, variable: str, level: str, i: int,
             caller: str) -> dict[str, int]:
    """``{"n_persons": ..., "n_events": ...}`` of the feeder periods at ``variable == level``
    (row ``i`` of ``feeder``), checked against the counts ``feeder`` publishes there: a
    ``ValueError`` naming ``caller`` when the periods are not those the model was fitted on."""
    m = (periods[variable].astype(str) == level).to_numpy()
    counts = {"n_persons": int(periods.loc[m, "person_id"].nunique()),
              "n_events": int(periods.loc[m, "event"].sum())}
    term = str(feeder.data["term"].iat[i])
    for col, n in counts.items():
        pub = feeder.data[col].iat[i]
        if not pd.isna(pub) and int(pub) != n:
            raise ValueError(
                f"linked_tables.{caller}: {col} of term {term!r} is {int(pub)} in the feeder "
                f"table but {n} in periods; pass the periods the feeder model was fitted on")
    return counts


def _hide(data: pd.DataFrame, reason: pd.DataFrame, i: int, col: str, why: str) -> None:
    """Hide count ``col`` of row ``i`` (in place) for ``why`` unless already hidden or ``why``
    is empty."""
    if why and reason[col].iat[i] == "":
        reason.loc[reason.index[i], col] = why
        data.loc[data.index[i], col] = pd.NA


def _follow(data: pd.DataFrame, reason: pd.DataFrame, i: int, values: Sequence[str]) -> None:
    """Hide the ``values`` of row ``i`` (``derived``, in place) when one of its counts is
    hidden by a rule values follow (:data:`mia_helpers.disclosure.VALUES_FOLLOW`)."""
    if reason.loc[reason.index[i], ["n_persons", "n_events"]].isin(VALUES_FOLLOW).any():
        for v in values:
            if reason[v].iat[i] == "":
                reason.loc[reason.index[i], v] = "derived"
                data.loc[data.index[i], v] = np.nan


#: chapter 1's share columns (:func:`mia_helpers.describe.sample_profile`) that a feeder
#: variable splits: ``{share column: (feeder variable, levels counted by the share)}``; the
#: levels of the variable outside the set make up the share's complement (persons minus
#: the count)
PROFILE_LINKS: dict[str, tuple[str, tuple[str, ...]]] = {
    "women_pct": ("sex", ("female",)),
    "high_education_pct": ("education", ("high",)),
    "good_dutch_pct": ("dutch", ("good", "native")),
}

#: half a unit of the last decimal of chapter 1's shares (per cent to one decimal)
_SHARE_HALF_STEP = 0.05


def profile_counts(profile: Protected, levels: Mapping[str, Sequence[str]], sample: str = "newcomer",
                   links: Mapping[str, tuple[str, Sequence[str]]] = PROFILE_LINKS
                   ) -> pd.DataFrame:
    """The counts of one sample that a reader of chapter 1's sample profile can add up: per
    origin the persons summed over generations, and per share of ``links`` the persons with
    the characteristic and without it (persons times the share, or times one minus it, summed
    over the sample's rows).

    A share is published in per cent to one decimal, so it gives a row's count exactly only
    while the row has fewer than 1,000 persons (two counts of ``n`` persons differ by
    ``100 / n`` percentage points, more than the rounding step of 0.1, and the reader takes
    the one count inside the share's rounding interval); from 1,000 persons on it leaves a
    range. Each count here is the *largest* the published numbers allow (per row
    ``floor(n * (share + 0.05) / 100)``, or ``n - ceil(n * (share - 0.05) / 100)`` for the
    complement): equal to the true count where the share is exact, above it otherwise, so a
    difference checked against it is never smaller than the one a reader can bound
    (conservative). A count is left out (the reader cannot add it up) when a cell it needs is
    hidden in the profile: a row's persons, or the share.

    Parameters
    ----------
    profile : Protected
        :func:`mia_helpers.describe.sample_profile` as chapter 1 publishes it (same data and
        ``min_cell``): ``sample``, ``origin``, ``persons`` and the share columns of ``links``.
    levels : mapping ``{variable: [levels]}``
        The levels of each feeder variable (``"sex"``, ``"education"``, ``"dutch"``) in the
        feeder data: the complement of a share is the levels outside its set.
    sample : str
        The profile's sample of the feeder population (newcomers).
    links : mapping
        :data:`PROFILE_LINKS`.

    Returns
    -------
    DataFrame
        One row per count: ``variable`` (``"origin"`` or a feeder variable), ``levels`` (tuple
        of the levels the count covers), ``count`` (int, persons), ``source`` (the profile
        column it comes from, with ``" (complement)"`` for persons minus the count).

    Raises
    ------
    ValueError
        If a column is missing or the profile has no row of ``sample``.
    """
    from mia_helpers.labels import require_columns

    require_columns(profile.data, ["sample", "origin", "persons", *links],
                    "linked_tables.profile_counts", "describe.sample_profile")
    d = profile.data[profile.data["sample"].astype(str) == sample]
    if d.empty:
        raise ValueError(f"linked_tables.profile_counts: the profile has no row of sample "
                         f"{sample!r} (samples: {sorted(profile.data['sample'].astype(str).unique())})")
    n = pd.to_numeric(d["persons"], errors="coerce").astype(float)
    rows = []
    for origin, m in d.groupby(d["origin"].astype(str), sort=True).groups.items():
        if n.loc[m].notna().all():
            rows.append(("origin", (origin,), int(n.loc[m].sum()), "persons"))
    if n.notna().all():
        for col, (var, on) in links.items():
            s = pd.to_numeric(d[col], errors="coerce").astype(float)
            if s.isna().any():
                continue
            hi = np.minimum(np.floor(n * (s + _SHARE_HALF_STEP) / 100 + 1e-9), n)
            lo = np.maximum(np.ceil(n * (s - _SHARE_HALF_STEP) / 100 - 1e-9), 0)
            rest = tuple(lv for lv in levels.get(var, ()) if lv not in on)
            rows.append((var, tuple(on), int(hi.sum()), col))
            if rest:
                rows.append((var, rest, int((n - lo).sum()), f"{col} (complement)"))
    return pd.DataFrame(rows, columns=["variable", "levels", "count", "source"])


def feeder_against_profile(feeder: Protected, periods: pd.DataFrame, profile: Protected,
                           min_cell: int = 10, sample: str = "newcomer",
                           values: Sequence[str] = FEEDER_VALUES,
                           name: str = "feeder model against chapter 1's sample profile"
                           ) -> Protected:
    """The feeder table with the cells hidden that, set against chapter 1's sample profile,
    would tell how many newcomers of an origin, sex, education or Dutch level are left out of
    the feeder analysis.

    Rule: every count chapter 1 lets a reader add up for the newcomers (:func:`profile_counts`:
    persons of an origin over its generations; persons times the share of women, of high
    education, of good or native Dutch, and persons minus that) whose levels are all terms of
    the feeder table is a published total of those terms' persons plus an unpublished
    difference (the newcomers never at risk), and the terms' persons are their first starts
    plus another. All of them go, as one row, through :func:`mia_helpers.disclosure.suppress`
    with those relations (the hidden cells are in the run's checking record under ``name``):
    no difference of 1 to ``min_cell - 1`` persons stays recoverable. The rule is
    conservative in three ways: a chapter-1 count from a rounded share is taken as the largest
    count the share allows and as known exactly; the feeder counts are recounted from
    ``periods`` and taken as published even where ``feeder`` already hides them (so the
    relations may hide more than needed); and if ``suppress`` hides a chapter-1 count, the
    feeder persons it covers are hidden as well. A count hidden here is hidden in the returned
    table too (reason ``complement``), with the row's ``values`` (``derived``). A reference
    level has no row in the feeder table: a count that covers it is set against its other
    levels' persons (the reference level's persons join the unpublished difference, see the
    module docstring), and a count of reference levels only takes part in no relation. First,
    every term's 0 first starts among fewer than ``min_cell`` persons are hidden
    (:func:`feeder_zeros_of_small_terms`; dpo36), and in the linked row such a zero is a
    hidden zero of :func:`mia_helpers.disclosure.suppress` (``zeros=``) as well.

    Parameters
    ----------
    feeder : Protected
        :func:`mia_helpers.newcomers.feeder_table` (``term``, ``n_persons``, ``n_events`` and
        ``values``), possibly already through :func:`feeder_against_steps`.
    periods : DataFrame
        The person-periods of the feeder model (:func:`mia_helpers.newcomers.feeder_periods`:
        ``person_id``, ``event`` and the variables ``origin``, ``sex``, ``education``,
        ``dutch``).
    profile : Protected
        :func:`mia_helpers.describe.sample_profile` of the same data with the same
        ``min_cell`` (what chapter 1 publishes).
    min_cell : int
        Disclosure threshold (persons).
    sample : str
        The profile's sample the feeder persons belong to.
    values : sequence of str
        The value columns of ``feeder`` hidden with a hidden count of their row.
    name : str
        The linked table's name in the checking record.

    Returns
    -------
    Protected
        ``feeder`` (same rows and columns) with the further hidden cells missing and their
        reasons; ``feeder`` itself is not modified.

    Raises
    ------
    ValueError
        If a column is missing, a published feeder count differs from the one recounted from
        ``periods``, or a chapter-1 count is smaller than the feeder persons it covers (the
        profile is not of the same data).
    """
    from mia_helpers.labels import require_columns

    require_columns(feeder.data, ["term", "n_persons", "n_events", *values],
                    "linked_tables.feeder_against_profile", "newcomers.feeder_table")
    variables = sorted({"origin", *(v for v, _ in PROFILE_LINKS.values())})
    require_columns(periods, ["person_id", "event", *variables],
                    "linked_tables.feeder_against_profile", "newcomers.feeder_periods")
    levels = {v: sorted(periods[v].astype(str).unique()) for v in variables}
    totals = profile_counts(profile, levels, sample)
    # dpo36: every term's 0 first starts among fewer than min_cell persons hidden first (the
    # last linked step of chapter 5, so no path to the published table shows such a zero)
    feeder = feeder_zeros_of_small_terms(feeder, periods, min_cell, values)
    terms = feeder.data["term"].astype(str)
    row_of = {t: i for i, t in enumerate(terms)}
    data, reason = feeder.data.copy(), feeder.reason.copy()
    if "not_identified" in data.columns:  # a separation's events and trials over
        # person-periods withheld: trials are no count of persons (dpo25)
        data["not_identified"] = data["not_identified"].map(
            lambda v: withhold_separation_counts(v) if isinstance(v, str) else v)
    out = Protected(data, reason, list(feeder.count_cols), feeder.min_cell, feeder.name,
                    feeder.pending, zeros=feeder.zeros)  # recorded once published
    # (record_published); its hidden zeros print as small counts (dpo37)
    wide: dict[str, int] = {}
    relations: list[tuple[str, list[str], bool]] = []
    covers: dict[str, list[str]] = {}
    for k, r in enumerate(totals.itertuples(index=False)):
        # the levels with a term; a reference level (or one without a row) has no published
        # persons, so its persons join the unpublished difference (below)
        parts = [f"{r.variable}[{lv}]" for lv in r.levels if f"{r.variable}[{lv}]" in row_of]
        if not parts:
            continue  # only reference levels: no published persons to set against the count
        for t in parts:
            if f"{t} persons" in wide:
                continue
            recount = _recount(feeder, periods, r.variable, t[len(r.variable) + 1:-1],
                               row_of[t], "feeder_against_profile")
            wide[f"{t} persons"], wide[f"{t} events"] = recount["n_persons"], recount["n_events"]
            relations.append((f"{t} persons", [f"{t} events"], False))
        covered = sum(wide[f"{t} persons"] for t in parts)
        if r.count < covered:
            raise ValueError(
                f"linked_tables.feeder_against_profile: chapter 1 counts {r.count} newcomers "
                f"for {r.source} ({', '.join(r.levels)}) but the feeder table {covered}; pass "
                "describe.sample_profile of the same data")
        total = f"chapter 1 {k}: {r.source}"
        wide[total] = r.count
        covers[total] = parts
        relations.append((total, [f"{t} persons" for t in parts], False))
    if not covers:
        return out
    # the ledger's keys (old27): one row, keyed by its index; each feeder count by its term
    one = pd.DataFrame([wide], index=pd.Index([FEEDER_LEDGER], name="model"))
    # dpo36: a term's 0 first starts among fewer than min_cell persons are hidden zeros too
    small_zero = {f"{t} events": np.array([wide[f"{t} events"] == 0
                                           and 0 < wide[f"{t} persons"] < min_cell])
                  for t in {c.rsplit(" ", 1)[0] for c in wide if c not in covers}}
    linked = suppress(one, count_cols=list(wide), min_cell=min_cell, zeros=small_zero,
                      name=name, relations=relations,  # the feeder's persons, not chapter 1's
                      last_resort=[c for c in wide
                                   if c.endswith(" persons") and c not in covers],
                      keys=[], ledger_as={c: (_feeder_ledger_as()[f"n_{kind}"][0],
                                              {"term": t})
                                          for c in wide if c not in covers
                                          for t, kind in [c.rsplit(" ", 1)]})
    why = linked.reason.iloc[0]
    hide: dict[tuple[str, str], str] = {}
    for col, w in why.items():
        if not w:
            continue
        if col in covers:  # a chapter-1 count hidden: hide the feeder persons it covers
            for t in covers[col]:
                hide.setdefault((t, "n_persons"), "complement")
        else:
            t, kind = col.rsplit(" ", 1)
            hide[(t, "n_persons" if kind == "persons" else "n_events")] = w
    for (t, col), w in hide.items():
        _hide(data, reason, row_of[t], col, w)
    for t in {t for t, _ in hide}:
        _follow(data, reason, row_of[t], values)
    return out


#: the feeder model's terms whose odds ratios set the "contract + NT2" curves apart from "none"
#: (:func:`mia_helpers.newcomers.feeder_curves`)
INTEGRATION_TERMS: tuple[str, ...] = ("inburgering_before", "nt2_before")


def feeder_curves_published(curves: pd.DataFrame, feeder: Protected) -> pd.DataFrame:
    """The model's predicted curves that show no odds ratio the feeder table hides.

    :func:`mia_helpers.newcomers.feeder_curves` predicts each residence ground's cumulative
    incidence with and without contract and NT2 from the feeder model. Against the reference
    ground's curve a ground's predicted quarterly hazards give its odds ratio back
    (``logit h_g(u) - logit h_ref(u)``, the same at every ``u``), and the two integration
    profiles give those of ``inburgering_before`` and ``nt2_before`` together. Where the
    feeder table as published hides an odds ratio (its persons or events hidden, or its
    counts the complement of a small one), the figure would print it after all (dpo19: seed
    2005, 800 residents, 400 newcomers, min_cell 10: ground "Work", 30 persons and 23 first
    starts, hidden as 7 persons had none; its predicted curve gives the odds ratio 1.41).

    Parameters
    ----------
    curves : DataFrame
        :func:`mia_helpers.newcomers.feeder_curves` output (``residence_ground``,
        ``integration`` "contract + NT2" / "none", ``u``, ``cum_incidence``, ...).
    feeder : Protected
        The feeder table as published (after :func:`feeder_against_steps` and
        :func:`feeder_against_profile`): ``term`` and the odds ratio column ``odds_ratio``.

    Returns
    -------
    DataFrame
        ``curves`` without the grounds whose ``residence_ground[...]`` odds ratio is hidden
        (the reference ground, which has no term, stays), and without the "contract + NT2"
        rows where an odds ratio of :data:`INTEGRATION_TERMS` is hidden. Curves of
        :func:`feeder_curves_within_grounds` (``attrs["profiles"]``: each ground's other
        covariates) differ between grounds in those covariates too, so two grounds' curves
        give back the sum of the odds ratios of every term in which their profiles differ:
        a ground is left out, the reference too, where the odds ratio of a term of its profile
        that not every ground's profile shares is hidden (api53).

    Raises
    ------
    ValueError
        If ``curves`` lacks ``residence_ground`` or ``integration``, or ``feeder`` lacks
        ``term`` or ``odds_ratio``.
    """
    from mia_helpers.labels import require_columns

    require_columns(curves, ["residence_ground", "integration"],
                    "linked_tables.feeder_curves_published", "newcomers.feeder_curves")
    require_columns(feeder.data, ["term", "odds_ratio"], "linked_tables.feeder_curves_published",
                    "newcomers.feeder_table")
    hidden = set(feeder.data["term"].astype(str)[(feeder.reason["odds_ratio"] != "")
                                                 .to_numpy()])
    ground = curves["residence_ground"].astype(str)
    keep = ~(("residence_ground[" + ground + "]").isin(hidden))
    profiles = curves.attrs.get("profiles") or {}
    for g, prof in profiles.items():  # terms a ground's profile does not share with all
        differ = [f"{c}[{v}]" for c, v in prof.items()
                  if any(str(p.get(c)) != str(v) for p in profiles.values())]
        if hidden & set(differ):
            keep &= ground != str(g)
    if hidden & set(INTEGRATION_TERMS):
        keep &= curves["integration"].astype(str) != "contract + NT2"
    return curves[keep.to_numpy()].reset_index(drop=True)


def feeder_curves_within_grounds(fit: HazardFit, periods: pd.DataFrame,
                                 max_u: int = 16) -> pd.DataFrame:
    """:func:`mia_helpers.newcomers.feeder_curves` ground by ground, each ground's other
    covariates (origin, sex, education, Dutch) at their most frequent level among that
    ground's persons at risk, not among all newcomers.

    api53: with the modes of all newcomers, every ground's profile had the most frequent
    origin of the whole cohort (at seed 4255 Eastern EU, an origin whose newcomers all hold
    the EU-citizen ground). The data hold the relation "non-EU origin if and only if a non-EU
    ground", the model drops one origin term as collinear, and a profile of a non-EU ground
    with an EU origin has a hazard the model cannot tell:
    :func:`mia_helpers.hazard.predict_cumulative_incidence` now gives it NaN, where before it
    drew the curve of the dropped origin under another name. A ground's own most frequent
    levels are levels its newcomers have, which keep the relation. The curves of two grounds
    then differ in those covariates too (:func:`feeder_curves_published` reads
    ``attrs["profiles"]`` for that).

    Parameters
    ----------
    fit : the feeder model (:func:`mia_helpers.newcomers.feeder_hazard`).
    periods : its person-periods (:func:`mia_helpers.newcomers.feeder_periods`).
    max_u : last quarter since arrival drawn.

    Returns
    -------
    DataFrame
        The columns of :func:`mia_helpers.newcomers.feeder_curves`, the grounds in the
        model's order; ``attrs["profiles"]``: ground -> {covariate: level} of the covariates
        other than the ground and :data:`INTEGRATION_TERMS`.

    Raises
    ------
    ValueError
        When ``periods`` holds no residence ground, and as
        :func:`mia_helpers.newcomers.feeder_curves`.
    """
    from mia_helpers import newcomers as nc

    ground = periods["residence_ground"].astype(str)
    grounds = [str(g) for g in fit.levels.get("residence_ground", []) if (ground == str(g)).any()]
    grounds = grounds or sorted(ground.unique())
    if not grounds:
        raise ValueError("feeder_curves_within_grounds: the periods hold no residence ground")
    parts, profiles = [], {}
    for g in grounds:
        own = periods[(ground == g).to_numpy()]
        parts.append(nc.feeder_curves(fit, own, grounds=[g], max_u=max_u))
        profiles[g] = {c: own[c].mode().iloc[0] for c in fit.covariates
                       if c not in ("residence_ground", *INTEGRATION_TERMS)}
    out = pd.concat(parts, ignore_index=True)
    out.attrs["profiles"] = profiles
    return out
