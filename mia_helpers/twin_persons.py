"""Distinct persons behind the comparison side of each effect row (disclosure control).

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
"""

from __future__ import annotations

import copy
from typing import Any

import numpy as np
import pandas as pd

__all__ = ["TWIN_COLUMNS", "twin_persons", "twin_persons_arrays", "add_twin_persons",
           "with_twin_persons"]

#: the two columns :func:`twin_persons` adds to the effect rows (int64 persons)
TWIN_COLUMNS = ("control_entered_persons", "control_not_entered_persons")
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
    """Distinct comparison persons behind each effect row of one match.

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
        raise ValueError(f"twin_persons: unknown estimand(s) {unknown}; choose now_vs_later "
                         "and/or now_vs_never")
    if "person_id" not in res.rows.columns:
        raise ValueError("twin_persons: the match's rows lack person_id; distinct persons "
                         "cannot be counted")
    K = int(max_quarter)
    counts = twin_persons_arrays(
        pd.factorize(res.rows["person_id"])[0], res.rows["treated"].to_numpy(bool),
        pd.factorize(res.rows["risk_set"])[0], res.pairs["treated"].to_numpy(),
        res.pairs["control"].to_numpy(), outcome_arrays(res, K), estimands)
    parts = [pd.DataFrame({
        "measure": res.spec.treatment, "estimand": est, "estimator": estimator,
        "quarter_since_start": np.arange(1, K + 1, dtype=np.int64),
        TWIN_COLUMNS[0]: ent, TWIN_COLUMNS[1]: non})
        for (est, estimator), (ent, non) in counts.items()]
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


def add_twin_persons(tidy: pd.DataFrame, matches: dict[str, Any]) -> pd.DataFrame:
    """``tidy`` (effect rows of :func:`mia_helpers.effects.estimate_effects`, any number of
    measures) with :data:`TWIN_COLUMNS` from :func:`twin_persons` of each measure's match in
    ``matches`` (any keys -> MatchResult, whose ``spec.treatment`` is the rows' ``measure``;
    the estimands and last horizon are read from ``tidy``; an entry without ``spec``,
    ``rows`` or ``pairs``, a stand-in, is skipped). Same rows in the same order; existing
    twin columns are replaced. The columns are int64 where every row has a match, else
    float64 with NaN on the rows without one (the rules then fall back to
    treated-equivalents there).

    Raises
    ------
    ValueError
        If ``tidy`` lacks a key column (``measure``, ``estimand``, ``estimator``,
        ``quarter_since_start``), or repeats a key.
    """
    missing = [c for c in _KEYS if c not in tidy.columns]
    if missing:
        raise ValueError(f"add_twin_persons: the effect rows lack {missing}")
    out = tidy.drop(columns=[c for c in TWIN_COLUMNS if c in tidy.columns])
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
        return out.assign(**{c: np.nan for c in TWIN_COLUMNS})
    counts = pd.concat(parts, ignore_index=True)
    keys = out[_KEYS].astype({"measure": str, "estimand": str, "estimator": str})
    keys["quarter_since_start"] = pd.to_numeric(keys["quarter_since_start"]).astype(np.int64)
    joined = keys.merge(counts, on=_KEYS, how="left", validate="many_to_one")
    if keys.duplicated().any():
        raise ValueError("add_twin_persons: the effect rows repeat a (measure, estimand, "
                         "estimator, quarter_since_start) key")
    for c in TWIN_COLUMNS:
        v = joined[c].to_numpy()
        out[c] = v.astype(np.int64) if not pd.isna(v).any() else v.astype(float)
    return out


def with_twin_persons(result: Any) -> Any:
    """An :class:`~mia_helpers.effects.EffectsResult` (or anything with ``tidy`` and
    ``matches``) whose ``tidy`` carries :data:`TWIN_COLUMNS` (:func:`add_twin_persons`);
    ``None`` stays ``None`` (a run where nothing could be estimated), and an object without
    ``matches`` (a stand-in with ``tidy`` alone) is returned as it is: its rows keep the
    rules' fallback, the twins in treated-equivalents."""
    if result is None or not hasattr(result, "matches"):
        return result
    out = copy.copy(result)  # a shallow copy: the matches are shared, not copied
    out.tidy = add_twin_persons(result.tidy, result.matches)
    return out
