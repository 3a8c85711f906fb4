"""The generator's true effect averaged over the *matched* starters only.

The generator's truth (:mod:`mia_helpers.synthetic.truth`) averages each start's factual
minus counterfactual outcome over **all** treated starts of a measure (with the horizon
observed); the matched estimate (:func:`mia_helpers.matching.match`,
:func:`mia_helpers.effects.estimate_effects`) averages over the starters who found a twin
within the caliper. With starters dropped the two are different estimands (ATT over all
starters against ATT over matched starters; Rosenbaum & Rubin 1985 on incomplete matching),
so "estimate minus truth" mixes the estimator's error with the gap between them.

The truth's counterfactuals are re-simulated row by row with draws keyed by person (common
random numbers), so a start's counterfactual outcome does not depend on which other starts are
re-simulated with it: calling the truth's own per-start routine on a subset of starts gives the
truth averaged over that subset. :func:`truth_over_starts` does so for any (person, quarter)
starts; :func:`match_scope_truth` for the treated rows of a
:class:`~mia_helpers.matching.MatchResult`, all and matched, so the two truths differ only in whom they average over.

This module is outside the Monte Carlo fingerprint (:func:`mia_helpers.montecarlo.
code_fingerprint`); it only reads and calls the generator's functions.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from mia_helpers import codes

__all__ = ["starts_of", "truth_over_starts", "match_scope_truth"]


def starts_of(population: Any, person_id: np.ndarray, quarter: np.ndarray, window: Any
              ) -> tuple[np.ndarray, np.ndarray]:
    """(rows, cols) of the generator's arrays for starts given as ``person_id`` and absolute
    ``quarter`` (the panel's): rows index ``population.person_id``, cols are quarters since
    ``window.start``. Raises ``KeyError`` naming a person id the population lacks."""
    pid = np.asarray(population.person_id)
    order = np.argsort(pid, kind="stable")
    want = np.asarray(person_id)
    pos = np.searchsorted(pid[order], want)
    pos = np.minimum(pos, pid.size - 1)
    rows = order[pos]
    bad = pid[rows] != want
    if bad.any():
        raise KeyError(f"matched_truth.starts_of: person_id {want[bad][0]!r} is not in the "
                       "generator's population (another seed or size?)")
    cols = (np.asarray(quarter, np.int64) - int(window.start)).astype(np.int64)
    return rows, cols


def truth_over_starts(population: Any, history: Any, config: Any, seed: int, window: Any,
                      treatment: str, rows: np.ndarray, cols: np.ndarray) -> pd.DataFrame:
    """The generator's true effect of ``treatment`` (a VDAB measure code or a key of
    :data:`mia_helpers.codes.NEWCOMER_TREATMENTS`) averaged over the starts ``(rows, cols)``
    only (:func:`starts_of`), by the truth's own counterfactual re-simulation.

    Returns the truth's rows (``group`` "all"): ``estimand``, ``quarter_since_start``,
    ``true_att_pp``, ``treated_outcome``, ``counterfactual_outcome``, ``n_treated``. With all
    of a measure's first starts in a spell it equals
    :func:`mia_helpers.synthetic.truth.activation_truth`'s rows for them (test
    ``tests/test_est27_matched_truth.py``). Raises ``ValueError`` for an unknown treatment or
    no starts."""
    from mia_helpers.synthetic import truth
    from mia_helpers.synthetic.simulate import KIND_INBURGERING

    if treatment in codes.MEASURES:
        kind, regular_only = codes.MEASURES.index(treatment), False
    elif treatment in codes.NEWCOMER_TREATMENTS:
        kind = KIND_INBURGERING + list(codes.NEWCOMER_TREATMENTS).index(treatment)
        regular_only = True
    else:
        raise ValueError(f"truth_over_starts: unknown treatment {treatment!r}")
    rows, cols = np.asarray(rows, np.int64), np.asarray(cols, np.int64)
    if rows.size == 0:
        raise ValueError(f"truth_over_starts: no starts of {treatment!r} given")
    recs = truth._effect_rows(population, history, config, seed, window, kind, rows, cols,
                              regular_only)
    return pd.DataFrame.from_records(recs).drop(columns="group")


def match_scope_truth(res: Any, population: Any, history: Any, config: Any, seed: int,
                      window: Any, treatment: str | None = None,
                      quarters: Sequence[int] | None = None) -> pd.DataFrame:
    """The truth over all treated rows of the match ``res`` and over its matched ones.

    ``res``: a :class:`mia_helpers.matching.MatchResult` on a panel of the generator's data
    (same seed, sizes, window and configuration as ``population``/``history``/``config``).
    Returns one row per estimand and quarter since the start: ``n_starters``, ``n_matched``
    (treated rows, and those with a twin), ``dropped_share`` (1 - matched / starters),
    ``truth_all`` and ``truth_matched`` (pp, each over its starts with the horizon
    observed), ``difference`` (matched minus all, pp) and ``n_all``/``n_matched_observed``
    (starts with the horizon observed)."""
    treatment = treatment or res.spec.treatment
    rows = res.rows
    treated = np.flatnonzero(rows["treated"].to_numpy(bool))
    matched = np.zeros(len(rows), bool)
    matched[np.unique(res.pairs["treated"].to_numpy())] = True
    pid, q = rows["person_id"].to_numpy(), rows["quarter"].to_numpy()
    r_all, c_all = starts_of(population, pid[treated], q[treated], window)
    m = matched[treated]
    keys = ["estimand", "quarter_since_start"]
    t_all = truth_over_starts(population, history, config, seed, window, treatment,
                              r_all, c_all)
    t_m = truth_over_starts(population, history, config, seed, window, treatment,
                            r_all[m], c_all[m])
    out = t_all[[*keys, "true_att_pp", "n_treated"]].rename(
        columns={"true_att_pp": "truth_all", "n_treated": "n_all"}).merge(
        t_m[[*keys, "true_att_pp", "n_treated"]].rename(
            columns={"true_att_pp": "truth_matched", "n_treated": "n_matched_observed"}),
        on=keys, validate="one_to_one")
    out.insert(0, "measure", treatment)
    out["n_starters"] = int(treated.size)
    out["n_matched"] = int(m.sum())
    out["dropped_share"] = 1.0 - m.sum() / treated.size
    out["difference"] = out["truth_matched"] - out["truth_all"]
    if quarters is not None:
        out = out[out["quarter_since_start"].isin(list(quarters))]
    return out.reset_index(drop=True)
