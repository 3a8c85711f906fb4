"""Distinct persons behind both sides of each effect row (disclosure control).

The effect rows of :func:`mia_helpers.effects.estimate_effects` give the comparison side's
cumulative incidence (``control_outcome``) but not how many persons it rests on. Matching is
with replacement: one control person serves several starters (default data, seed 2005, 20,000
residents, 10,000 newcomers: NT2's 20,297 pairs use 5,969 control persons, 3.4 times each on
average, one of them 31 times), so ``control_outcome x n_treated``, the twins "in treated-equivalents" that
:func:`mia_helpers.effect_tables.treated_share_small` used to read, can count 11 where three
persons entered (dpo, twins24). :func:`twin_persons` counts, per effect row, the *distinct*
persons of the comparison side whose outcome counts as an entry by that horizon and those who
count without one, from the match's public arrays (:func:`mia_helpers.effects.outcome_arrays`,
the match's ``rows`` and ``pairs``), without touching the estimators (whose files the Monte
Carlo appendices fingerprint); :func:`with_twin_persons` joins them to an
:class:`~mia_helpers.effects.EffectsResult`'s rows, where the disclosure rules of
:mod:`mia_helpers.effect_tables` read them.

The starters' side is counted in *starts*: ``n_treated`` and the entrants ``treated_outcome x
n_treated`` count treated risk-set rows, and a person's first start of a measure *in each
registration spell* is one (:class:`mia_helpers.matching.TreatmentSpec`'s ``spell_col``), so a
person who started the measure in two spells counts twice (default data: over chapter 4's nine
measures 35,913 starts by 32,802 persons, 2,943 of whom started one measure two to four times;
every matched effect row counts fewer persons than starts, a median of 4.4 % fewer and up to
12 %; 300 residents, 150 newcomers, seed 2005, ``min_cell`` 10: IBO at quarter 10, 27 starts
by 26 persons, 10 starts without an entry by 9 persons). :func:`twin_persons` therefore also
counts the distinct starters behind each row (:data:`TREATED_COLUMNS`, treated24;
:func:`treated_persons_arrays`). Chapter 5's integration steps count a person's first start
ever (``spell_col=None``), so there the starts are persons.
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd

from mia_helpers.words import plural

__all__ = ["TWIN_COLUMNS", "TREATED_COLUMNS", "PERSON_COLUMNS", "twin_persons",
           "twin_persons_arrays", "treated_persons_arrays", "add_twin_persons",
           "with_twin_persons"]

#: the twins' columns :func:`twin_persons` adds to the effect rows (int64 persons)
TWIN_COLUMNS = ("control_entered_persons", "control_not_entered_persons")
#: the starters' columns :func:`twin_persons` adds to the effect rows (int64 persons)
TREATED_COLUMNS = ("treated_entered_persons", "treated_not_entered_persons", "treated_persons")
#: every column :func:`add_twin_persons` joins: the twins', then the starters'
PERSON_COLUMNS = TWIN_COLUMNS + TREATED_COLUMNS
_KEYS = ["measure", "estimand", "estimator", "quarter_since_start"]


def _persons_per_horizon(person: np.ndarray, mask: np.ndarray) -> np.ndarray:
    """(K,) int64: per column of ``mask`` ((m, K) bool, one row per entry of ``person``, (m,)
    int codes), the distinct persons with at least one True entry."""
    K = mask.shape[1]
    if person.size == 0:
        return np.zeros(K, np.int64)
    order = np.argsort(person, kind="stable")
    p = person[order]
    starts = np.flatnonzero(np.r_[True, p[1:] != p[:-1]])
    return np.logical_or.reduceat(mask[order], starts, axis=0).sum(axis=0).astype(np.int64)


def twin_persons(res: Any, estimands: Any = ("now_vs_later", "now_vs_never"),
                 max_quarter: int = 12) -> pd.DataFrame:
    """Distinct comparison persons and distinct starters behind each effect row of one match.

    Parameters
    ----------
    res : MatchResult
        The match :func:`mia_helpers.effects.estimate_effects` estimated on (``rows`` with
        ``person_id``, ``treated``, ``risk_set``; ``pairs`` with ``treated``, ``control``
        row positions; what :func:`mia_helpers.effects.outcome_arrays` reads), possibly a
        subgroup's (:func:`mia_helpers.origin_effects.group_result`).
    estimands : sequence of str, or one str
        ``now_vs_later`` and/or ``now_vs_never``.
    max_quarter : int
        K, the last horizon.

    Returns
    -------
    DataFrame
        One row per estimand x estimator (``matched``, ``naive``) x horizon k = 1..K:
        ``measure`` (``res.spec.treatment``), ``estimand``, ``estimator``,
        ``quarter_since_start`` (int64) and the int64 counts ``control_entered_persons`` and
        ``control_not_entered_persons``: distinct persons (``person_id``) of the comparison
        side that the row's ``control_outcome`` counts as entered by k, and that it counts
        without an entry by k. A person with several comparison rows (risk sets, matched to
        several starters) counts once in each count it has a row in, so may count in both.

        - matched, now versus later (the twins' mean at k over the pairs whose starter and
          twin are both observed at k): the twins of those pairs with the outcome by k
          (``E <= k``), and without it.
        - matched, now versus never (the IPCW Kaplan-Meier of the twins of the starters
          observed at k, each twin censored at its own later start ``S`` and at the end of
          its follow-up ``A``): "entered" are the twins whose outcome is observed while they
          are still at risk and by k (``1 <= E <= min(S, A, k)``: before, or in the quarter
          of, their own later start), the Kaplan-Meier's events; "without an entry" are the
          other twins at risk in the first quarter (``min(E, S, A) >= 1``), censored or
          entering after their start or after k. Each has a positive weight in the
          curve (inverse probability weights are at least 1).
        - naive (the "control" side is the whole pool of the starters' risk sets, not twins):
          pool rows (``treated`` False) of the risk sets with a starter observed at k; for
          now versus later those observed at k (``A >= k``), entered where ``E <= k``; for
          now versus never those at risk in the first quarter (``min(E, S, A) >= 1``),
          entered where ``1 <= E <= min(S, A, k)``, as for the twins.

        and the int64 counts of the starters' side, :data:`TREATED_COLUMNS`:
        ``treated_entered_persons`` and ``treated_not_entered_persons``, the distinct persons
        of the starters the row's ``treated_outcome`` counts as entered by k (``E <= k``) and
        without an entry by k, and ``treated_persons``, the distinct persons of the starters
        the row's ``n_treated`` counts. ``n_treated`` counts starts (treated risk-set rows: a
        person's first start in each registration spell), so a person who started the
        measure in two spells counts twice in it and once here, and counts in both the
        entered and the not entered count where one start entered by k and the other did not
        (so ``treated_persons`` <= entered + not entered persons). The starters are those of
        the estimator (:func:`treated_persons_arrays`).

    Raises
    ------
    ValueError
        For an unknown estimand, or rows without ``person_id``.
    """
    from mia_helpers.effects import outcome_arrays

    if isinstance(estimands, str):
        estimands = (estimands,)
    unknown = sorted(set(estimands) - {"now_vs_later", "now_vs_never"})
    if unknown:
        raise ValueError(f"twin_persons: unknown {plural(unknown, 'estimand')} {unknown}; "
                         "choose now_vs_later "
                         "and/or now_vs_never")
    if "person_id" not in res.rows.columns:
        raise ValueError("twin_persons: the match's rows lack person_id; distinct persons "
                         "cannot be counted")
    K = int(max_quarter)
    args = (pd.factorize(res.rows["person_id"])[0], res.rows["treated"].to_numpy(bool),
            pd.factorize(res.rows["risk_set"])[0], res.pairs["treated"].to_numpy(),
            res.pairs["control"].to_numpy(), outcome_arrays(res, K), estimands)
    twins, starters = twin_persons_arrays(*args), treated_persons_arrays(*args)
    parts = [pd.DataFrame({
        "measure": res.spec.treatment, "estimand": est, "estimator": estimator,
        "quarter_since_start": np.arange(1, K + 1, dtype=np.int64),
        **dict(zip(PERSON_COLUMNS, (*twins[(est, estimator)], *starters[(est, estimator)]),
                   strict=True))})
        for est, estimator in twins]
    return pd.concat(parts, ignore_index=True)


def twin_persons_arrays(person: np.ndarray, treated: np.ndarray, risk_set: np.ndarray,
                        treated_pos: np.ndarray, control_pos: np.ndarray, oa: Any,
                        estimands: Any = ("now_vs_later", "now_vs_never")
                        ) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray]]:
    """The counts of :func:`twin_persons` on arrays: ``person`` (n,) int codes, ``treated``
    (n,) bool, ``risk_set`` (n,) int codes 0..R-1 of the risk-set rows; ``treated_pos`` and
    ``control_pos`` the pairs' row positions; ``oa`` the rows' ``OutcomeArrays`` (``E``,
    ``S``, ``A`` and ``max_quarter`` = K are read). Returns ``(estimand, estimator)`` ->
    (entered, not entered), each (K,) int64 distinct persons at k = 1..K (definitions in
    :func:`twin_persons`)."""
    K = int(oa.max_quarter)
    E, S, A = (np.asarray(v, np.int64) for v in (oa.E, oa.S, oa.A))
    person, rset = np.asarray(person), np.asarray(risk_set, np.int64)
    treated = np.asarray(treated, bool)
    tp, cp = np.asarray(treated_pos, np.int64), np.asarray(control_pos, np.int64)
    ks = np.arange(1, K + 1)[None, :]
    lim = np.minimum(np.minimum(E, S), A)  # last quarter at risk in a Kaplan-Meier
    event = (E >= 1) & (E <= lim)  # the outcome observed while at risk
    # pool rows: their risk set has a starter observed at k (up to its last such k)
    R = int(rset.max()) + 1 if rset.size else 0
    last_t = np.zeros(R, np.int64)
    if treated.any():
        np.maximum.at(last_t, rset[treated], A[treated])
    pool = np.flatnonzero(~treated)
    active = last_t[rset[pool]][:, None] >= ks  # (pool, K)
    out: dict[tuple[str, str], tuple[np.ndarray, np.ndarray]] = {}
    for est in estimands:
        if est == "now_vs_later":
            pair = (A[tp][:, None] >= ks) & (A[cp][:, None] >= ks)
            ent = E[cp][:, None] <= ks
            obs = active & (A[pool][:, None] >= ks)
            pent = E[pool][:, None] <= ks
        else:
            pair = (A[tp][:, None] >= ks) & (lim[cp] >= 1)[:, None]
            ent = event[cp][:, None] & (E[cp][:, None] <= ks)
            obs = active & (lim[pool] >= 1)[:, None]
            pent = event[pool][:, None] & (E[pool][:, None] <= ks)
        out[(est, "matched")] = (_persons_per_horizon(person[cp], pair & ent),
                                 _persons_per_horizon(person[cp], pair & ~ent))
        out[(est, "naive")] = (_persons_per_horizon(person[pool], obs & pent),
                               _persons_per_horizon(person[pool], obs & ~pent))
    return out


def treated_persons_arrays(person: np.ndarray, treated: np.ndarray, risk_set: np.ndarray,
                           treated_pos: np.ndarray, control_pos: np.ndarray, oa: Any,
                           estimands: Any = ("now_vs_later", "now_vs_never")
                           ) -> dict[tuple[str, str], tuple[np.ndarray, np.ndarray, np.ndarray]]:
    """The starters' counts of :func:`twin_persons` on arrays (arguments as
    :func:`twin_persons_arrays`; ``E`` and ``A`` of ``oa`` are read). Returns ``(estimand,
    estimator)`` -> (entered, not entered, all), each (K,) int64 distinct persons at k =
    1..K among the starters (treated rows) that the estimator of
    :mod:`mia_helpers.effects` counts in ``n_treated`` at k, entered where ``E <= k``:

    - matched, now versus later: the matched starters with at least one pair whose starter
      and twin are both observed at k (``A >= k``);
    - matched, now versus never: the matched starters observed at k;
    - naive, now versus later: the starters observed at k whose risk set has a pool row
      observed at k;
    - naive, now versus never: every starter observed at k.

    Summed over rows instead of persons these are the estimators' ``n_treated`` and
    ``treated_outcome x n_treated`` (``tests/test_treated24_persons.py``)."""
    K = int(oa.max_quarter)
    E, A = (np.asarray(v, np.int64) for v in (oa.E, oa.A))
    person, rset = np.asarray(person), np.asarray(risk_set, np.int64)
    treated = np.asarray(treated, bool)
    tp, cp = np.asarray(treated_pos, np.int64), np.asarray(control_pos, np.int64)
    ks = np.arange(1, K + 1)[None, :]
    tu, tinv = np.unique(tp, return_inverse=True)  # the matched starters' rows
    both = (A[tp][:, None] >= ks) & (A[cp][:, None] >= ks)  # (pairs, K)
    flat = (tinv[:, None] * K + np.arange(K)[None, :])[both]
    kept = np.bincount(flat, minlength=tu.size * K).reshape(tu.size, K) > 0
    tt = np.flatnonzero(treated)  # every starter's row (the naive estimators)
    R = int(rset.max()) + 1 if rset.size else 0
    last_c = np.full(R, -1, np.int64)  # the last horizon a pool row of the risk set is observed
    if (~treated).any():
        np.maximum.at(last_c, rset[~treated], A[~treated])
    obs_t = A[tt][:, None] >= ks
    rows = {("now_vs_later", "matched"): (tu, kept),
            ("now_vs_never", "matched"): (tu, A[tu][:, None] >= ks),
            ("now_vs_later", "naive"): (tt, obs_t & (last_c[rset[tt]][:, None] >= ks)),
            ("now_vs_never", "naive"): (tt, obs_t)}
    out: dict[tuple[str, str], tuple[np.ndarray, np.ndarray, np.ndarray]] = {}
    for est in estimands:
        for estimator in ("matched", "naive"):
            r, obs = rows[(est, estimator)]
            ent = E[r][:, None] <= ks
            out[(est, estimator)] = tuple(_persons_per_horizon(person[r], m) for m in (
                obs & ent, obs & ~ent, obs))
    return out


def add_twin_persons(tidy: pd.DataFrame, matches: dict[str, Any]) -> pd.DataFrame:
    """``tidy`` (effect rows of :func:`mia_helpers.effects.estimate_effects`, any number of
    measures) with :data:`PERSON_COLUMNS` (the twins' :data:`TWIN_COLUMNS` and the
    starters' :data:`TREATED_COLUMNS`) from :func:`twin_persons` of each measure's match in
    ``matches`` (any keys -> MatchResult, whose ``spec.treatment`` is the rows' ``measure``;
    the estimands and last horizon are read from ``tidy``; an entry without ``spec``,
    ``rows`` or ``pairs``, a stand-in, is skipped). Same rows in the same order; existing
    person columns are replaced. The columns are int64 where every row has a match, else
    float64 with NaN on the rows without one (the rules then fall back there: the twins in
    treated-equivalents, the starters in starts).

    Raises
    ------
    ValueError
        If ``tidy`` lacks a key column (``measure``, ``estimand``, ``estimator``,
        ``quarter_since_start``), or repeats a key.
    """
    missing = [c for c in _KEYS if c not in tidy.columns]
    if missing:
        raise ValueError(f"add_twin_persons: the effect rows lack {missing}")
    out = tidy.drop(columns=[c for c in PERSON_COLUMNS if c in tidy.columns])
    parts = []
    for res in matches.values():
        if not all(hasattr(res, a) for a in ("spec", "rows", "pairs")):
            continue  # a stand-in without the match's arrays: its rows keep the fallback
        # the rows' measure is the spec's label (estimate_effects), whatever the dict's key
        rows = out[out["measure"].astype(str) == str(res.spec.treatment)]
        if rows.empty:
            continue
        est = tuple(pd.unique(rows["estimand"].astype(str)))
        K = int(pd.to_numeric(rows["quarter_since_start"]).max())
        parts.append(twin_persons(res, est, K).astype({"measure": str}))
    if not parts:
        return out.assign(**{c: np.nan for c in PERSON_COLUMNS})
    counts = pd.concat(parts, ignore_index=True)
    keys = out[_KEYS].astype({"measure": str, "estimand": str, "estimator": str})
    keys["quarter_since_start"] = pd.to_numeric(keys["quarter_since_start"]).astype(np.int64)
    joined = keys.merge(counts, on=_KEYS, how="left", validate="many_to_one")
    if keys.duplicated().any():
        raise ValueError("add_twin_persons: the effect rows repeat a (measure, estimand, "
                         "estimator, quarter_since_start) key")
    for c in PERSON_COLUMNS:
        v = joined[c].to_numpy()
        out[c] = v.astype(np.int64) if not pd.isna(v).any() else v.astype(float)
    return out


def with_twin_persons(result: Any) -> Any:
    """An :class:`~mia_helpers.effects.EffectsResult` (or anything with ``tidy`` and
    ``matches``) whose ``tidy`` carries :data:`PERSON_COLUMNS` (:func:`add_twin_persons`);
    ``None`` stays ``None`` (a run where nothing could be estimated), and an object without
    ``matches`` (a stand-in with ``tidy`` alone) is returned as it is: its rows keep the
    rules' fallback, the twins in treated-equivalents and the starters in starts."""
    if result is None or not hasattr(result, "matches"):
        return result
    out = copy.copy(result)  # a shallow copy: the matches are shared, not copied
    out.tidy = add_twin_persons(result.tidy, result.matches)
    return out
