"""The KHB decomposition: how much of a group gap do added covariates explain, on one scale.

Logit and cloglog coefficients are identified only up to the scale of the latent error, and
adding covariates that explain outcome variance changes that scale. The naive comparison of a
key coefficient before and after adding controls, ``b_naive - b_full``, therefore mixes
confounding with rescaling (it understates, and can even flip, the explained part).
Karlson, Holm & Breen (2012) compare instead the *full* model with a *reduced* model that
holds the residuals of the added controls (each control regressed linearly on the key
variables and the base terms): both models then have the same fit, the same residual variance
and the same scale, and

    b_reduced* - b_full = sum_j gamma_kj theta_j

where ``theta_j`` is the full-model coefficient of control ``j`` and ``gamma_kj`` the
coefficient of key term ``k`` in the linear regression of control ``j`` on the key and base
terms. Each control's (and each block's) contribution is its part of that sum; the explained
share of the gap of key term ``k`` is ``(b_reduced* - b_full) / b_reduced*``.

Implemented here on the grouped person-period cells of :mod:`mia_helpers.hazard` (every control
is constant within a cell, so the weighted cell regressions equal the person-period ones).
Standard errors of the difference use the delta method of Karlson, Holm & Breen (2012,
appendix), with person-clustered covariances for both ``theta`` and ``gamma``:
``Var = gamma_k' V_theta gamma_k + theta' V_gamma_k theta``.

References
----------
Karlson, K. B., Holm, A. and Breen, R. (2012). Comparing regression coefficients between
same-sample nested models using logit and probit: a new method. Sociological Methodology 42(1).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

import numpy as np
import pandas as pd

from mia_helpers import core
from mia_helpers.disclosure import withhold_separation_counts
from mia_helpers.hazard import (
    EVENT_LABELS,
    KEY,
    POOLED_CELL_RULES,
    GroupedPeriods,
    Link,
    cell_shares,
    design_matrix,
    fit_design,
)

if TYPE_CHECKING:
    from matplotlib.figure import Figure
    from numpy.typing import ArrayLike


@dataclass
class KHBResult:
    """Result of :func:`khb`.

    Attributes
    ----------
    summary : one row per key term: ``term``, ``naive`` (key coefficient of the model without
        the controls), ``reduced`` (with the residualised controls: the gap on the full
        model's scale), ``full``, ``diff`` = reduced - full (the part the controls explain),
        ``diff_se``, ``diff_ci_low``, ``diff_ci_high``, ``share`` = diff / reduced (explained
        share of the gap), ``naive_diff`` = naive - full, ``naive_share`` = naive_diff /
        naive, ``rescaling`` = reduced / naive; ``reduced_se``, ``reduced_ci_low``,
        ``reduced_ci_high`` and ``naive_se``, ``naive_ci_low``, ``naive_ci_high``: standard
        error and interval (at ``level``) of the two gaps, from each model's covariance
        (:func:`share_table` states no share of a gap whose interval includes zero).
    blocks : one row per key term and block: ``term``, ``block``, ``contribution`` (log-odds or
        log-hazard units), ``se``, ``share`` = contribution / reduced. Contributions sum to
        ``diff``.
    """

    summary: pd.DataFrame
    blocks: pd.DataFrame
    link: str
    #: "" if decomposed; else why not (``khb(..., not_identified="flag")``: every value NaN)
    note: str = ""
    #: person-periods of the full model and its residual degrees of freedom (person-periods
    #: minus parameters; acro's regression check), None when not decomposed
    n: int | None = None
    df_resid: int | None = None


class KHBNotIdentifiedError(ValueError):
    """A term of the KHB models is not identified (the decomposition needs every term).

    ``not_identified`` maps the terms to the reason; ``key_terms`` are the key's terms.
    """

    def __init__(self, not_identified: Mapping[str, str], key_terms: Sequence[str]):
        self.not_identified = dict(not_identified)
        self.key_terms = list(key_terms)
        super().__init__(f"KHB: terms {self.not_identified} are not identified; the "
                         "decomposition needs every term estimated (drop or group them)")

    @property
    def reason(self) -> str:
        """Why the gap is not decomposed, as the tables and prose print it: the text of
        ``KHBResult.note`` and of :func:`share_table`'s ``note`` after "not decomposable: "
        (:func:`not_decomposable_note`), i.e. :attr:`in_words` with a separation's direction
        and counts withheld (:func:`mia_helpers.disclosure.withhold_separation_counts`), e.g.
        ``'term Dutch level: No Dutch cannot be identified (one outcome only where it is 1
        (counts withheld))'``. The raw names and reasons stay in ``not_identified`` and in the
        exception's message (not for publication).

        Before bib47 it had its own wording (``'term "Dutch level: No Dutch" not identified
        (no events where it is 1)'``), used by no caller, that printed the separation's
        direction the note withholds."""
        return withhold_separation_counts(self.in_words)

    @property
    def in_words(self) -> str:
        """The terms and their reasons as a reader's phrase (:func:`not_identified_words`),
        e.g. ``'term Dutch level: No Dutch cannot be identified (no events where it
        is 1)'``; no raw term name or Python dict."""
        return not_identified_words(self.not_identified)


def not_identified_words(not_identified: Mapping[str, str]) -> str:
    """A phrase naming the terms a model cannot identify, by their reader labels
    (:func:`mia_helpers.labels.label`; a residualised control of the KHB reduced model,
    ``"x[a] (residual)"``, as ``"X: A (residual)"``), each with its reason in brackets:
    ``"term A (why) cannot be identified"`` or ``"terms A (why), B (why) and C (why) cannot be
    identified"``. The reasons are kept as given (they may hold counts: pass the phrase
    through :func:`mia_helpers.disclosure.redact_small_counts` before printing).

    Raises
    ------
    ValueError
        If ``not_identified`` is empty (there is nothing to say).
    """
    from mia_helpers.labels import label

    if not not_identified:
        raise ValueError("not_identified_words: no term given (not_identified is empty)")
    items = []
    for term, why in not_identified.items():
        term = str(term)
        tail = " (residual)" if term.endswith(" (residual)") else ""
        items.append((label(term[:-len(tail)] if tail else term) + tail, str(why).strip()))
    if len(items) == 1:
        name, why = items[0]
        return f"term {name} cannot be identified" + (f" ({why})" if why else "")
    said = [f"{name} ({why})" if why else name for name, why in items]
    return f"terms {', '.join(said[:-1])} and {said[-1]} cannot be identified"


def not_decomposable_note(err: ValueError) -> str:
    """The note of a gap KHB cannot decompose, in a reader's words: ``"not decomposable: term
    Dutch level: Basic cannot be identified (no events where it is 1)"`` for a
    :class:`KHBNotIdentifiedError` (:attr:`KHBNotIdentifiedError.in_words`, a separation's
    counts withheld), else the error's first clause. Chapter 6 printed the exception's message
    in its findings table and prose before (seed37: "not decomposable: KHB: terms
    {'dutch_level[basic]': 'no events where it is 1'} are not identified")."""
    if isinstance(err, KHBNotIdentifiedError) and err.not_identified:
        return "not decomposable: " + err.reason
    return "not decomposable: " + str(err).split(";")[0]


def _not_decomposed(err: KHBNotIdentifiedError, added: Mapping[str, Sequence[str]],
                    link: str) -> KHBResult:
    """A :class:`KHBResult` whose values are all NaN, with the reason in ``note``."""
    cols = ["naive", "reduced", "full", "diff", "diff_identity", "diff_se", "diff_ci_low",
            "diff_ci_high", "reduced_se", "reduced_ci_low", "reduced_ci_high", "naive_se",
            "naive_ci_low", "naive_ci_high", "share", "naive_diff", "naive_share", "rescaling"]
    summary = pd.DataFrame({"term": err.key_terms, **{c: np.nan for c in cols}})
    blocks = pd.DataFrame([{"term": t, "block": b, "contribution": np.nan, "se": np.nan,
                            "share": np.nan} for b in added for t in err.key_terms])
    return KHBResult(summary=summary, blocks=blocks, link=link,
                     # one wording with chapter 6's note (:func:`not_decomposable_note`); a
                     # separation's events and trials over person-periods withheld (dpo25)
                     note=not_decomposable_note(err))


def khb(
    grouped: GroupedPeriods,
    key: str,
    added: Mapping[str, Sequence[str]],
    base: Sequence[str] = (),
    link: Link = "logit",
    level: float = 0.95,
    not_identified: Literal["raise", "flag"] = "raise",
) -> KHBResult:
    """KHB decomposition of the key coefficients between a model with ``key`` (+ ``base``) and
    the model that adds the controls in ``added``.

    Parameters
    ----------
    grouped : grouped person-period cells whose columns include key, base and added covariates.
    key : the key covariate (a categorical: one term per non-reference level; or a number).
    added : controls to add, by block name, e.g. ``{"individual": [...], "household": [...]}``.
    base : covariates in both models (besides the duration dummies).
    link : ``"logit"`` or ``"cloglog"``.
    level : confidence level of ``diff_ci_low``/``diff_ci_high``, in (0, 1).
    not_identified : what to do when a term of the three models is not identified (e.g. a
        control level without events): ``"raise"`` a :class:`KHBNotIdentifiedError` (a
        ``ValueError``), or ``"flag"``: warn
        (:class:`~mia_helpers.core.guards.NotIdentifiedWarning`) and return a result whose
        values are NaN and whose ``note`` says "not decomposable: ..." with the terms and
        counts (shown by :func:`share_table`).

    Returns
    -------
    KHBResult
        Coefficients in log-odds (logit) or log-hazard (cloglog) units.

    Raises
    ------
    KHBNotIdentifiedError
        If a term is not identified and ``not_identified="raise"``.
    ValueError
        For ``not_identified`` other than ``"raise"``/``"flag"``, a ``level`` outside
        (0, 1), an empty ``added``, a ``key`` that produces no term, and as
        :func:`mia_helpers.hazard.fit_design` (cells with no events or only events) and
        :func:`mia_helpers.hazard.design_matrix` (a bad reference level).
    KeyError
        If ``grouped.cells`` lacks ``key`` or a covariate of ``base``/``added``.

    References
    ----------
    Karlson, Holm & Breen (2012); the delta-method standard errors of the difference follow
    their paper (see the module docstring).
    """
    if not_identified not in ("raise", "flag"):
        raise ValueError(f"not_identified must be 'raise' or 'flag', got {not_identified!r}")
    core.check_level(level)
    if not added:
        raise ValueError("added must name at least one block of controls")
    cells = grouped.cells
    w = cells["trials"].to_numpy(dtype=float)
    Xb, nb = design_matrix(cells, [key, *base], grouped.bins)
    kb, _ = core.independent_columns(Xb, w, nb)
    Xb, nb = Xb[:, kb], [n for n, k in zip(nb, kb, strict=True) if k]
    key_idx = [i for i, n in enumerate(nb) if n == key or n.startswith(f"{key}[")]
    if not key_idx:
        raise ValueError(f"key {key!r} produces no term")
    Zs, zn, zb = [], [], []
    for block, covs in added.items():
        Z, names = design_matrix(cells, list(covs), [])
        Zs.append(Z)
        zn += names
        zb += [block] * len(names)
    Z = np.column_stack(Zs)
    # drop controls that are linear in earlier terms (base first, then the controls in order)
    keep = core.independent_columns(np.column_stack([Xb, Z]), w)[0][Xb.shape[1]:]
    Z, zn, zb = Z[:, keep], [n for n, k in zip(zn, keep, strict=True) if k], np.array(zb)[keep]

    # full and naive models
    def fit(X: np.ndarray, names: list[str], start=None) -> tuple[np.ndarray, np.ndarray]:
        f = fit_design(grouped, X, link, start_params=start, names=names, model="KHB model")
        if f.not_identified:
            raise KHBNotIdentifiedError(f.not_identified, [nb[i] for i in key_idx])
        return f.params.to_numpy(), f.cov.to_numpy()

    pb = Xb.shape[1]
    # residualise the controls on key + base (weighted by person-periods in the cell)
    XtWX_inv = np.linalg.inv(core.gram(Xb, w))
    gamma = XtWX_inv @ (Xb.T @ (Z * w[:, None]))  # (pb x J)
    E = Z - Xb @ gamma
    try:
        full = fit(np.column_stack([Xb, Z]), [*nb, *zn])
        naive = fit(Xb, nb)
        reduced = fit(np.column_stack([Xb, E]), [*nb, *[f"{n} (residual)" for n in zn]],
                      full[0])
    except KHBNotIdentifiedError as err:
        if not_identified == "raise":
            raise
        core.warn_not_identified(f"{err}; the result is flagged not decomposable (NaN)")
        return _not_decomposed(err, added, link)
    beta_f = full[0][key_idx]
    theta = full[0][pb:]
    V_theta = full[1][pb:, pb:]
    beta_r = reduced[0][key_idx]
    gk = gamma[key_idx]  # (K x J)

    # small-sample factor of the clustered covariance of gamma: the package default
    # (statsmodels' G/(G-1) (N-1)/(N-K), N person-periods, K = key + base terms)
    corr = core.small_sample_factor(grouped.n_persons, grouped.n_periods, pb)

    def diff_and_se(mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
        th = np.where(mask, theta, 0.0)
        d = gk @ th
        v1 = np.einsum("kj,jl,kl->k", gk[:, mask], V_theta[np.ix_(mask, mask)], gk[:, mask])
        # person scores of the control regressions, combined with theta: sum_j theta_j s_ij
        r = E @ th
        U = (grouped.trials_pc @ (Xb * r[:, None])) @ XtWX_inv[:, key_idx]
        v2 = corr * (U**2).sum(axis=0)
        return d, np.sqrt(v1 + v2)

    z = core.critical_value(level)
    d_all, se_all = diff_and_se(np.ones(len(theta), bool))
    terms = [nb[i] for i in key_idx]
    beta_n = naive[0][key_idx]
    summary = pd.DataFrame({
        "term": terms,
        "naive": beta_n,
        "reduced": beta_r,
        "full": beta_f,
        "diff": beta_r - beta_f,
        "diff_identity": d_all,
        "diff_se": se_all,
    })
    summary["diff_ci_low"] = summary["diff"] - z * summary["diff_se"]
    summary["diff_ci_high"] = summary["diff"] + z * summary["diff_se"]
    idx = np.asarray(key_idx)
    for name, (params, cov) in (("reduced", reduced), ("naive", naive)):
        se = np.sqrt(np.diag(cov)[idx])
        summary[f"{name}_se"] = se
        summary[f"{name}_ci_low"] = params[idx] - z * se
        summary[f"{name}_ci_high"] = params[idx] + z * se
    summary["share"] = summary["diff"] / summary["reduced"]
    summary["naive_diff"] = summary["naive"] - summary["full"]
    summary["naive_share"] = summary["naive_diff"] / summary["naive"]
    summary["rescaling"] = summary["reduced"] / summary["naive"]
    rows = []
    for block in added:
        mask = zb == block
        d, se = diff_and_se(mask)
        rows.append(pd.DataFrame({
            "term": terms, "block": block, "contribution": d, "se": se,
            "share": d / beta_r,
        }))
    blocks = pd.concat(rows, ignore_index=True)
    return KHBResult(summary=summary, blocks=blocks, link=link, n=int(grouped.n_periods),
                     df_resid=int(grouped.n_periods) - (pb + len(zn)))


def gap_spans_zero(summary: pd.DataFrame, gap: str = "reduced") -> np.ndarray | None:
    """Per row of a :class:`KHBResult` ``summary``: whether the ``gap``'s (``"reduced"`` or
    ``"naive"``) interval includes zero, so that no share of it is stated (the ratio's
    confidence set is unbounded, Fieller 1954); boolean array of len(summary), or None for a
    summary without the gap's interval columns."""
    lo, hi = (summary.get(f"{gap}_ci_{k}") for k in ("low", "high"))
    if lo is None or hi is None:
        return None
    return (lo.to_numpy() <= 0) & (hi.to_numpy() >= 0)


#: ``share_table``'s note for a row whose gap's interval includes zero (no share stated)
NO_SHARE_NOTE = "gap's interval includes zero: no share stated"
#: ``share_table``'s note for a row whose naive (M0) gap's interval alone includes zero: the
#: KHB share is stated, the naive share not (seed 5353, window 2007Q1-2018Q4: Southern EU
#: (second generation)'s stable-job row showed "–" for the naive share without a reason)
NO_NAIVE_SHARE_NOTE = "naive gap's interval includes zero: no naive share stated"


def share_table(
    results: Mapping[str, KHBResult],
    counts: Mapping[str, pd.DataFrame] | None = None,
    min_cell: int = 10,
    naive_note: bool = True,
) -> pd.DataFrame:
    """Gap and explained share per group and event, one row per (event, group): ``gap``
    (the reduced model's key coefficient: the gap on the full model's scale), ``unexplained``
    (the full model's), ``explained`` (= gap - unexplained, with ``explained_se``),
    ``share_pct`` (KHB), ``naive_share_pct`` (naive coefficient difference), and the share of
    each block, and ``note`` ("" or, for an event :func:`khb` could not decompose, "not
    decomposable: ..." with the reason; its values are NaN), ``df_resid`` (residual degrees
    of freedom of the event's full model). ``counts`` (per event, from
    :func:`mia_helpers.hazard.group_counts`) adds ``n_persons``/``n_events`` and suppresses
    groups below ``min_cell``, and every value of an event whose model has fewer than 10
    residual degrees of freedom (acro's ``safe_dof_threshold``).

    A share of a gap whose interval (``reduced_ci_low``..``reduced_ci_high`` of
    :func:`khb`; for the naive share, the naive gap's) includes zero is not stated: its
    ``share_pct`` (and block shares, or ``naive_share_pct``) is NaN, printed "–", and ``note``
    says :data:`NO_SHARE_NOTE`; where only the naive gap's interval does, ``note`` says
    :data:`NO_NAIVE_SHARE_NOTE` (unless ``naive_note`` is False: a table that does not show
    the naive share). A ratio whose denominator's interval includes zero has an
    unbounded confidence set (Fieller 1954, "Some problems in interval estimation", JRSS B
    16(2), 175-185), so its point value (e.g. 4,439 % for a gap of -0.002) means nothing.
    """
    from mia_helpers.disclosure import suppress_small_cells

    rows = []
    for ev, r in results.items():
        s = r.summary.set_index("term")
        note = getattr(r, "note", "")
        b = r.blocks.pivot(index="term", columns="block", values="share") * 100
        b.columns = [f"share_{c}_pct" for c in b.columns]
        t = pd.DataFrame({
            "event": ev,
            "group": [x.split("[", 1)[1].rstrip("]") if "[" in x else x for x in s.index],
            "gap": s["reduced"].to_numpy(),
            "unexplained": s["full"].to_numpy(),
            "explained": s["diff"].to_numpy(),
            "explained_se": s["diff_se"].to_numpy(),
            "share_pct": 100 * s["share"].to_numpy(),
            "naive_share_pct": 100 * s["naive_share"].to_numpy(),
            "note": note,
            "df_resid": getattr(r, "df_resid", None),
        })
        t = pd.concat([t, b.loc[s.index].reset_index(drop=True)], axis=1)
        for gap, cols in (("reduced", ["share_pct", *b.columns]), ("naive", ["naive_share_pct"])):
            spans = gap_spans_zero(s, gap)
            if spans is None:  # a summary from before the intervals: nothing to test
                continue
            t.loc[spans, cols] = np.nan
            if gap == "reduced":
                t.loc[spans & (t["note"] == ""), "note"] = NO_SHARE_NOTE
            elif naive_note:
                t.loc[spans & (t["note"] == ""), "note"] = NO_NAIVE_SHARE_NOTE
        if counts is not None:
            c = counts[ev].assign(group=lambda d: d.iloc[:, 0].astype(str))
            t = t.merge(c[["group", "n_persons", "n_events"]], on="group", how="left")
        rows.append(t)
    out = pd.concat(rows, ignore_index=True).round(3)
    if counts is None:
        return out
    values = [c for c in out.columns
              if c not in ("event", "group", "n_persons", "n_events", "df_resid")]
    # the same rules as the models' gap tables (hazard.CELL_RULES): persons without an event
    # are a complement, so a gap hidden there is not printed here; the note follows the
    # values (on a hidden gap, "its interval includes zero" would describe it)
    # and the pooled cells' rules (hazard.POOLED_CELL_RULES: published by sex too, adding up
    # to the persons at risk of the event)
    # and the cells the run's other pooled tables hid (hazard.pooled_cell_rules: the ledger,
    # cells identified by event and origin x generation)
    rules = {**POOLED_CELL_RULES, "groups": {"n_persons": ["event"]}, "keys": ["event", "group"],
             "key_names": {"group": KEY}}
    return suppress_small_cells(out, min_cell=min_cell, value_cols=values,
                                name="KHB decomposition",
                                shares=cell_shares(values),  # the ledger aside (user46)
                                **rules)


#: how the naive explained share (the M0 and full models' coefficient difference over the M0
#: coefficient, ``naive_share_pct`` of :func:`share_table`) compares with the KHB share
#: (``share_pct``) over the groups with both: :func:`naive_case`
NaiveCase = Literal["larger", "smaller", "equal", "sign_flip", "not_identified"]
NAIVE_CASES: tuple[NaiveCase, ...] = ("larger", "smaller", "equal", "sign_flip",
                                      "not_identified")


def _naive_pairs(naive_pct: ArrayLike, khb_pct: ArrayLike) -> tuple[np.ndarray, np.ndarray]:
    """The paired shares (%) of :func:`naive_case` where both are finite, as float arrays."""
    a, b = (pd.to_numeric(pd.Series(np.atleast_1d(np.asarray(x, dtype=object))),
                          errors="coerce").to_numpy(float) for x in (naive_pct, khb_pct))
    if a.shape != b.shape:
        raise ValueError(f"khb.naive_case: naive_pct has {a.size} shares and khb_pct {b.size}; "
                         "pass one naive and one KHB share per group (share_table's "
                         "naive_share_pct and share_pct columns)")
    both = np.isfinite(a) & np.isfinite(b)
    return a[both], b[both]


def _flips(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    """Per pair: the two shares have opposite signs at the one decimal the table prints
    (a share printed 0.0 has no sign)."""
    return np.sign(np.round(a, 1)) * np.sign(np.round(b, 1)) < 0


def naive_case(naive_pct: ArrayLike, khb_pct: ArrayLike) -> NaiveCase:
    """Which of :data:`NAIVE_CASES` describes the naive explained share against the KHB share.

    Parameters
    ----------
    naive_pct, khb_pct : one share each (float) or one per group (array-like of equal length,
        e.g. :func:`share_table`'s ``naive_share_pct`` and ``share_pct`` of the published
        rows), in per cent; NaN (not stated: not decomposable, suppressed, or a gap whose
        interval includes zero) leaves the group out.

    Returns
    -------
    One of :data:`NAIVE_CASES`, decided in this order:

    - ``"not_identified"``: no group has both shares, so the two cannot be compared;
    - ``"sign_flip"``: in at least one group the two shares, at the one decimal the table
      prints, have opposite signs (the naive comparison mixes confounding with rescaling and
      can turn the explained part around; Karlson, Holm & Breen 2012);
    - ``"equal"``: the median over the groups of naive minus KHB share is below 0.05 points
      (zero at one decimal);
    - ``"larger"`` / ``"smaller"``: that median is above / below zero.

    Raises
    ------
    ValueError
        When the two inputs hold different numbers of shares.
    """
    a, b = _naive_pairs(naive_pct, khb_pct)
    if a.size == 0:
        return "not_identified"
    if _flips(a, b).any():
        return "sign_flip"
    diff = float(np.median(a - b))
    if round(abs(diff), 1) == 0:
        return "equal"
    return "larger" if diff > 0 else "smaller"


def naive_case_sentence(naive_pct: ArrayLike, khb_pct: ArrayLike) -> str:
    """Chapter 2's clause on where the naive explained share lies against the KHB share, one
    wording per case of :func:`naive_case` (same parameters and errors); the distance is the
    median over the groups of naive minus KHB share, in percentage points at one decimal.
    A clause without a capital and a full stop, e.g. ``"here it lies a median 1.2 points
    below the KHB share"``."""
    case = naive_case(naive_pct, khb_pct)
    if case == "not_identified":
        return "without a group with both a naive and a KHB share the two cannot be compared here"
    a, b = _naive_pairs(naive_pct, khb_pct)
    diff = float(np.median(a - b))
    side = "above" if diff > 0 else "below"
    if case == "equal":
        return "here it equals the KHB share up to a median difference below 0.05 points"
    if case == "sign_flip":
        flips = int(_flips(a, b).sum())
        if a.size == 1:
            return (f"here it even has the opposite sign of the KHB share, {abs(diff):.1f} "
                    f"points {side} it, in the one group with both shares")
        where = ("a median difference below 0.05 points" if round(abs(diff), 1) == 0
                 else f"a median {abs(diff):.1f} points {side} it")
        return (f"here it even has the opposite sign of the KHB share in {flips} of the "
                f"{a.size} groups with both shares ({where})")
    return f"here it lies a median {abs(diff):.1f} points {side} the KHB share"


def not_decomposed_sentence(results: Mapping[str, KHBResult]) -> str:
    """One sentence for the prose: which events :func:`khb` could not decompose and why, or
    that every event was decomposed (event names from :data:`EVENT_LABELS`)."""
    bad = {ev: r.note for ev, r in results.items() if getattr(r, "note", "")}
    if not bad:
        return "Every event's gaps could be decomposed."
    return " ".join(
        f"For the {EVENT_LABELS.get(ev, ev)} the gaps are not decomposable: "
        f"{note.removeprefix('not decomposable: ')}; its rows in the table are empty, with the "
        "reason in the note column."
        for ev, note in bad.items())


def plot_gap_and_share(table: pd.DataFrame) -> Figure:
    """Left: each group's gap (reduced model, on the full model's scale) split into the part
    the controls explain and the unexplained rest, per event. Right: explained share (%) by
    block. Takes the output of :func:`share_table`; suppressed and not decomposable rows are
    left out (none left: a figure that says so)."""
    import matplotlib.pyplot as plt
    import seaborn as sns

    from mia_helpers.labels import label

    t = table[pd.to_numeric(table["gap"], errors="coerce").notna()].copy()
    block_cols = [c for c in t.columns if c.startswith("share_") and c.endswith("_pct")
                  and c != "share_pct"]
    events = list(dict.fromkeys(t["event"]))
    if t.empty:  # every event not decomposable or suppressed: say so instead of bars
        fig, ax = plt.subplots(figsize=(6, 1.5))
        ax.axis("off")
        ax.text(0.5, 0.5, "no decomposition to show (not decomposable or suppressed; "
                "see the table's note column)", ha="center", va="center", wrap=True)
        return fig
    fig, axes = plt.subplots(1, 1 + len(events), figsize=(5 + 4.5 * len(events), 6),
                             sharey=True, squeeze=False)
    axes = axes[0]
    groups = list(dict.fromkeys(t["group"]))
    y = np.arange(len(groups))
    ax = axes[0]
    h = 0.8 / len(events)
    colors = sns.color_palette("colorblind", 2 + len(block_cols))
    for k, ev in enumerate(events):
        s = t[t["event"] == ev].set_index("group").reindex(groups)
        off = (k - (len(events) - 1) / 2) * h
        ax.barh(y + off, s["unexplained"].astype(float), h, color=colors[k], alpha=0.9,
                label=f"{EVENT_LABELS.get(ev, ev)}: unexplained")
        ax.barh(y + off, s["explained"].astype(float), h,
                left=s["unexplained"].astype(float), color=colors[k], alpha=0.35,
                label=f"{EVENT_LABELS.get(ev, ev)}: explained")
    ax.axvline(0, color="black", lw=0.8)
    ax.set_yticks(y, [label(g) for g in groups])
    ax.set_xlabel("gap with natives (coefficient, full-model scale)")
    for k, ev in enumerate(events):
        ax = axes[1 + k]
        s = t[t["event"] == ev].set_index("group").reindex(groups)
        pos, neg = np.zeros(len(groups)), np.zeros(len(groups))
        for j, c in enumerate(block_cols):
            v = s[c].astype(float).to_numpy()
            left = np.where(v >= 0, pos, neg)
            ax.barh(y, v, left=left, color=colors[2 + j],
                    label=label(c.removeprefix("share_").removesuffix("_pct")))
            pos, neg = np.where(v >= 0, pos + v, pos), np.where(v < 0, neg + v, neg)
        ax.plot(s["naive_share_pct"].astype(float), y, "kx", label="naive difference")
        ax.axvline(0, color="black", lw=0.8)
        ax.set_xlabel("explained share of the gap (%)")
        ax.set_title(EVENT_LABELS.get(ev, ev))
    axes[0].invert_yaxis()
    h, lab = axes[-1].get_legend_handles_labels()
    fig.legend(h, lab, loc="lower center", ncol=len(lab), fontsize=9)
    axes[0].legend(loc="upper center", bbox_to_anchor=(0.5, -0.1), ncol=2, fontsize=8)
    fig.tight_layout(rect=(0, 0.06, 1, 1))
    return fig
