"""Estimate several treatments and skip, with a warning, those the data cannot estimate.

Chapter 5 estimates its integration steps together (:func:`mia_helpers.newcomers.newcomer_effects`),
and the matching engine stops the whole run when one step has no starter matched within the
caliper (:class:`mia_helpers.matching.NoMatchError`) or nobody starts it
(:class:`~mia_helpers.matching.NoStartersError`). On a small
extract that stops the chapter mid-run; :func:`effects_skipping` drops such a step instead, warns
naming it and what to do, and returns the steps it skipped so that the prose can say that they
were not estimated. :func:`measure_comparison_skipping` does the same for chapter 5's comparison
of VDAB measures between newcomers and residents (parameter ``measures``).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from typing import Any

import pandas as pd

#: the engine's reason when nobody starts a step (:func:`mia_helpers.matching.match`)
NOBODY_STARTS = "nobody starts it in the risk sets"


def failed_step(error: ValueError, steps: list[str]) -> tuple[str, str] | None:
    """``(step, reason)`` of an engine error about one of ``steps``
    (:class:`mia_helpers.matching.NotEstimableError`: nobody starts it, reason
    :data:`NOBODY_STARTS`; or no starter has a twin within the caliper), else None.

    Used by :func:`effects_skipping` and by :mod:`mia_helpers.conclusions` (chapter 6 words a
    skipped step as chapters 4 and 5 do, with :func:`mia_helpers.claims.skip_words`). Raises
    nothing: an error that is not about a step of ``steps`` gives None.
    """
    from mia_helpers.matching import NoMatchError, NoStartersError, NotEstimableError

    if not isinstance(error, NotEstimableError) or error.treatment not in steps:
        return None
    if isinstance(error, NoStartersError):
        return error.treatment, NOBODY_STARTS
    if isinstance(error, NoMatchError):
        return error.treatment, (f"no treated unit matched within the caliper "
                                 f"({error.caliper} SD of the logit score)")
    return error.treatment, str(error)


def _remedy(reason: str, parameter: str, rest: list[str], caliper: object) -> str:
    """What to do about a skipped step, in the words of the warning."""
    more = ("use a larger extract (more persons, or a wider cohort window): nobody starts it "
            "here, so a wider caliper does not help" if reason == NOBODY_STARTS else
            f"widen `caliper` (now {caliper}) or use a larger extract")
    drop = (f"to leave it out, pass -p {parameter} '[{', '.join(rest)}]'" if rest else
            f"no other entry of `{parameter}` is left to estimate")
    return f"To estimate it, {more}; {drop}."


def effects_skipping(
    estimate: Callable[..., Any], specs: dict[str, Any], parameter: str,
    required: bool = False, population: str = "", stacklevel: int = 2, **kwargs: Any
) -> tuple[Any | None, dict[str, str]]:
    """``estimate(panel, specs=specs, **kwargs)`` without the steps it cannot estimate.

    Parameters
    ----------
    estimate : callable
        An effects function taking ``specs`` (treatment -> TreatmentSpec) and the keyword
        arguments ``kwargs`` (``panel`` included), e.g.
        :func:`mia_helpers.newcomers.newcomer_effects`; a step the data cannot estimate is one
        it raises :class:`mia_helpers.matching.NotEstimableError` about (the matching
        engine's ``NoStartersError`` and ``NoMatchError``).
    specs : dict
        The steps to estimate, in order.
    parameter : str
        The notebook parameter that lists the steps (named in the warning, e.g. ``"treatments"``).
    required : bool
        Raise ``ValueError`` (naming ``parameter``, the reasons and ``caliper``) when no step
        could be estimated, instead of returning ``(None, skipped)``.
    population : str
        Whom the steps are estimated for, named in the warning ("newcomers"; "" names none).
    stacklevel : int
        Of the warning (2: the caller's line; a wrapper passes 3).
    **kwargs
        Passed on to ``estimate``.

    Returns
    -------
    (result, skipped)
        ``result``: what ``estimate`` returns for the steps it could estimate (None when none
        could); ``skipped``: step -> the engine's reason, in the order skipped. A run with a
        failing step is repeated without it (at most ``len(specs)`` runs).

    Warns
    -----
    UserWarning
        Once per skipped step, naming it, the reason, and the remedies: widen ``caliper`` or use
        a larger extract (only the latter when nobody starts the step), or leave it out of
        ``parameter``.

    Raises
    ------
    ValueError
        Any error of ``estimate`` that is not a ``NotEstimableError`` about one of the steps
        (not a step the data cannot estimate, but a mistake to fix); with ``required``, when no
        step could be estimated.
    """
    left = dict(specs)
    skipped: dict[str, str] = {}
    while left:
        try:
            return estimate(specs=left, **kwargs), skipped
        except ValueError as err:
            failed = failed_step(err, list(left))
            if failed is None:
                raise
            step, reason = failed
            skipped[step] = reason
            del left[step]
            rest = [s for s in specs if s not in skipped]
            whom = f" for {population} and is left out for them" if population else (
                " and is left out of this run")
            warnings.warn(
                f"{step!r} is not estimated{whom}: {reason}. "
                + _remedy(reason, parameter, rest, kwargs.get("caliper", "the default")),
                stacklevel=stacklevel,
            )
    if required:
        raise ValueError(f"no step of {parameter}={list(specs)} could be estimated ({skipped}); "
                         "widen the caliper (parameter `caliper`) or use a larger extract")
    return None, skipped


def obligated_exercise_effects(
    panel: Any, full: Any, steps_done: list[str], residence_grounds: list[str] | None,
    arrival_quarters: Any, support: dict[str, pd.DataFrame] | None = None, **kwargs: Any
) -> tuple[Any | None, Any | None, list[str], str]:
    """Chapter 5's obligated-grounds exercise: inburgering's "now versus later" effects within
    the obligated residence grounds (family, asylum) beside the chapter's own.

    Parameters
    ----------
    panel : pandas.DataFrame
        The whole person-quarter panel (:func:`mia_helpers.panel.load_panel`).
    full : pandas.DataFrame
        The chapter's ``tidy`` effects table (over the grounds it kept).
    steps_done : list of str
        The steps the chapter estimated; inburgering must be among them.
    residence_grounds : list of str or None
        The chapter's ``residence_grounds`` parameter (None: all grounds).
    arrival_quarters : object
        The chapter's ``arrival_quarters`` parameter
        (:func:`mia_helpers.newcomers.newcomer_panel`, whose warning of newcomers without an
        ``arrival_quarter`` is not repeated here: the chapter's own call on ``panel`` gives it).
    support : dict, optional
        Filled, when the exercise runs, with ``{"": EffectsResult.support()}`` (the common
        support of its propensity logits, ``not_identified`` and ``score_model`` per risk set),
        for :func:`mia_helpers.claims.support_warnings_sentence`, which says what the
        ``NotIdentifiedWarning`` lines printed under the exercise mean.
    **kwargs
        ``k``, ``caliper``, ``max_quarter`` of :func:`mia_helpers.newcomers.newcomer_effects`.

    Returns
    -------
    (sub, full, grounds, why)
        ``sub``: the ``tidy`` table within the obligated grounds (None when not estimated);
        ``full``: the chapter's table (None when ``sub`` is); ``grounds``: the obligated grounds
        among those kept; ``why``: why there is no comparison ("" when there is one), in
        words, for :func:`mia_helpers.claims.obligated_gap_claim`.
    """
    from mia_helpers import newcomers as nc
    from mia_helpers.twin_persons import with_twin_persons

    grounds = [g for g in ("family", "asylum") if g in (residence_grounds or [g])]
    why = ("inburgering is not among the steps estimated" if "inburgering" not in steps_done
           else "no obligated ground is among those kept" if not grounds
           else "the chapter keeps only obligated grounds already"
           if set(residence_grounds or ()) == set(grounds) else "")
    if why:
        return None, None, grounds, why
    with warnings.catch_warnings():
        # the chapter's own newcomer_panel, on the same panel, has warned of the newcomers
        # without an arrival quarter: one fact, one warning (rev46: printed in two cells)
        warnings.filterwarnings("ignore", message=r"newcomer_panel: .* have no arrival_quarter",
                                category=UserWarning)
        sub = nc.newcomer_panel(panel, arrival_quarters, grounds)
    r, _ = effects_skipping(nc.newcomer_effects, nc.newcomer_specs(["inburgering"]),
                            "treatments", panel=sub, estimands=("now_vs_later",),
                            with_hazard=False, **kwargs)
    if r is None:
        return None, None, grounds, "no obligated starter found a twin within the caliper"
    if support is not None:
        support[""] = r.support()
    # the twins who entered or not in distinct persons, for the rules the gap claim reads
    # (effect_tables.one_side_small; twin_persons)
    return with_twin_persons(r).tidy, full, grounds, ""


def measure_comparison_skipping(
    npanel: pd.DataFrame, panel: pd.DataFrame, measures: Sequence[str],
    truth: pd.DataFrame | None, quarters: Sequence[int], estimand: str, min_cell: int = 10,
    support: dict[str, pd.DataFrame] | None = None,
    tidy_by_population: dict[str, pd.DataFrame | None] | None = None, **kwargs: Any
) -> tuple[pd.DataFrame, dict[str, dict[str, str]]]:
    """Chapter 5's comparison of VDAB measures between newcomers and residents, without the
    measures the data cannot estimate for a population.

    Each population's measures are estimated with :func:`mia_helpers.effects.activation_effects`
    through :func:`effects_skipping` (parameter ``measures``): a measure without any starter
    matched within the caliper, or without any starter, is left out for that population with
    a warning naming it, the population and what to do, and the other measures go on.

    Parameters
    ----------
    npanel : pandas.DataFrame
        The newcomers' person-quarter panel (:func:`mia_helpers.newcomers.newcomer_panel`).
    panel : pandas.DataFrame
        The whole panel (:func:`mia_helpers.panel.load_panel`); the resident specs select the
        residents.
    measures : sequence of str
        Measure codes (the chapter's parameter ``measures``).
    truth : pandas.DataFrame or None
        ``truth/activation_effects.parquet`` (None for a real extract).
    quarters : sequence of int
        Horizons tabulated (quarters since the start).
    estimand : str
        ``"now_vs_later"`` or ``"now_vs_never"``.
    min_cell : int
        Disclosure control: estimates behind fewer matched starters are hidden
        (:func:`mia_helpers.newcomers.measure_comparison`).
    support : dict, optional
        Filled with ``{"newcomers": ..., "residents": ...}``: each estimated population's
        ``EffectsResult.support()`` (``not_identified`` and ``score_model`` per measure and
        risk set; never published, it counts rows), for
        :func:`mia_helpers.claims.support_warnings_sentence`, which says what the
        ``NotIdentifiedWarning`` lines printed under the comparison mean.
    tidy_by_population : dict, optional
        Filled with ``{"newcomer": ..., "resident": ...}``: each population's effect rows
        behind the comparison (None where nothing was estimated; never published), for
        :func:`mia_helpers.claims.newcomer_claims` (``comparison_tidy``), which says which
        small count hides an effect (tidy47).
    **kwargs
        Passed to :func:`~mia_helpers.effects.activation_effects` (``k``, ``caliper``,
        ``max_quarter``, ``bootstrap``, ``seed``, ``estimands``, ``interval`` ...).

    Returns
    -------
    (comparison, skipped)
        ``comparison``: :func:`mia_helpers.newcomers.measure_comparison` of what was estimated,
        without the horizons at which no matched starter is left (nothing estimated there);
        one row per population, measure and horizon. Each count sequence starts at the
        measure's matched starters (:func:`mia_helpers.effect_tables.with_starters`), as in
        chapter 4's summary table: a count within ``min_cell`` of them is hidden; a count of
        starts by fewer than ``min_cell`` persons is hidden with its row's estimates
        (:func:`mia_helpers.effect_tables.comparison_starts_by_few_persons`). With
        ``point_identified`` (bool) where some row is not point-identified (``"now_vs_never"``:
        worst-case bounds, no estimate): print it with
        :func:`mia_helpers.labels.comparison_shown`; the sentences of
        :mod:`mia_helpers.claims` leave such rows out of their rankings. ``skipped``: ``{"newcomer": {measure:
        reason}, "resident": {...}}``, the measures not estimated per population, in order.

    Raises
    ------
    ValueError
        When no measure could be estimated for either population (naming ``measures``,
        ``caliper`` and a larger extract), or any error of the engine that is not about one
        measure (see :func:`effects_skipping`).
    """
    from mia_helpers import newcomers as nc
    from mia_helpers.effect_tables import comparison_starts_by_few_persons, with_starters
    from mia_helpers.effects import activation_effects
    from mia_helpers.twin_persons import with_twin_persons

    tidy: dict[str, pd.DataFrame | None] = {}
    skipped: dict[str, dict[str, str]] = {}
    for pop, data in (("newcomer", npanel), ("resident", panel)):
        res, skipped[pop] = effects_skipping(
            activation_effects, nc.measure_specs(list(measures), pop), "measures",
            population=f"{pop}s", stacklevel=3, data=data, **kwargs)
        res = with_twin_persons(res)  # the twins in distinct persons (the effect rules)
        # the matched starters as quarter 0 of each count sequence (effect_tables.with_starters):
        # chapter 4's summary table hides a resident count by that rule, so this table must too
        tidy[pop] = None if res is None else with_starters(res.tidy, res)
        if support is not None and res is not None:
            support[f"{pop}s"] = res.support()
    if tidy["newcomer"] is None and tidy["resident"] is None:
        raise ValueError(f"no VDAB measure of measures={list(measures)} could be estimated for "
                         f"newcomers or residents ({skipped}); widen the caliper (parameter "
                         f"`caliper`, now {kwargs.get('caliper', 'the default')}) or use a "
                         "larger extract")
    if any(int(q) < 1 for q in quarters):
        raise ValueError(f"quarters must be >= 1 (quarter 0 holds the starters): {quarters}")
    if tidy_by_population is not None:
        tidy_by_population.update(tidy)
    comparison = nc.measure_comparison(tidy["newcomer"], tidy["resident"], truth,
                                       (0, *quarters), estimand, min_cell)
    empty = (pd.to_numeric(comparison["n_treated"], errors="coerce").eq(0)
             | comparison["quarter_since_start"].eq(0))
    comparison = comparison[~empty].reset_index(drop=True)  # the rows published
    # its counts are starts (chapter 4's specs): a count by few persons goes (starts24)
    comparison = comparison_starts_by_few_persons(comparison, tidy, estimand, min_cell)
    # measure_comparison has hidden the relative effects that give the entrants
    # (effect_tables.hide_comparison_shares; the rows dropped here carry no estimate)
    return comparison, skipped
