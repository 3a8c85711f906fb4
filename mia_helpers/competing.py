"""Discrete-time competing risks of inflow into activation measures (chapter 3).

Implements, over registered jobseeker quarters:

- :func:`competing_data` - person-period data of the time to the *first* measure start of a
  VDAB registration spell. The clock is ``u`` = elapsed registration duration in quarters
  (``u = 0`` in the spell's first quarter, book/design.md section 4). A jobseeker is at risk in every
  quarter of the spell (registered, hence not employed) up to and including the quarter of
  the first start; the outcome of a row is 0 (no inflow) or the index ``k = 1..K`` of the
  measure (or measure group) started; column ``exit`` records how a quarter without start
  ends (still registered, job, inactivity). Leaving the register is a competing event; only
  the window end censors a spell.
- :func:`design_matrix` - covariate blocks (duration dummies, origin x generation cells,
  the "low-link" origin indicator, self-reliance components, demographics, newcomer feeder).
- :func:`fit_inflow` - multinomial logit over {no inflow, measure 1..K} per jobseeker quarter
  with person-clustered standard errors; :meth:`InflowFit.tidy` gives log relative risk ratios
  and relative risk ratios with their confidence intervals. The fit is the package's
  multinomial-logit solver (:func:`mia_helpers.core.fit_mnl`: Newton-Raphson on the rows
  collapsed to unique covariate patterns plus the core cluster sandwich); it reproduces
  statsmodels ``MNLogit(...).fit(cov_type="cluster")`` to rounding error (tested) and is
  an order of magnitude faster on the book's data (statsmodels took minutes per model).
- :func:`fit_exits`, :class:`CompetingModel` - a multinomial logit of leaving the register
  {stay, job, inactivity} on the quarters without a start, combined with the inflow model
  into the hazards of all competing outcomes (Putter, Fiocco and Geskus 2007).
- :func:`cif_from_hazards`, :func:`predict_cif` - cumulative incidence functions from
  cause-specific discrete hazards (the discrete-time Aalen-Johansen estimator)
  ``CIF_m(u) = sum_{v<=u} S(v-1) h_m(v)``, ``S(v) = prod_{w<=v} (1 - sum_m h_m(w))``, for
  chosen covariate profiles (model-based) and :func:`nonparametric_cif` by group.
- :func:`origin_gap` - how much of the origin gap in cumulative inflow a covariate block
  accounts for, on the probability scale.

Why the first start of a spell: the cumulative incidence "probability that the first measure
of a spell is m and starts within u quarters" needs a risk set that leaves at the first
event. The synthetic generator lets a jobseeker start a measure of kind m only when no
spell of m is still running; since measure spells end when registration ends, no measure is
running before the first start of a spell, so the first-start risk set is the one in which
the generator's multinomial logit holds exactly. Rows in which a measure started earlier in
the spell still runs would otherwise need to be dropped (see ``in_measure`` in the panel).

References
----------
Allison, P. D. (1982). Discrete-time methods for the analysis of event histories.
Sociological Methodology 13, 61-98.
Jenkins, S. P. (1995). Easy estimation methods for discrete-time duration models. Oxford
Bulletin of Economics and Statistics 57(1), 129-138.
Aalen, O. O. and Johansen, S. (1978). An empirical transition matrix for non-homogeneous
Markov chains based on censored observations. Scandinavian Journal of Statistics 5(3),
141-150.
Putter, H., Fiocco, M. and Geskus, R. B. (2007). Tutorial in biostatistics: competing risks
and multi-state models. Statistics in Medicine 26, 2389-2430.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

from mia_helpers import codes, core, covariates
from mia_helpers.labels import book_rank, cell_list, fewer_than, min_cell_rule
from mia_helpers.quarters import BASE_YEAR
from mia_helpers.words import counted, plural

if TYPE_CHECKING:
    from mia_helpers.disclosure import Protected

__all__ = [
    "BLOCKS",
    "EXITS",
    "NO_INFLOW",
    "STAY",
    "CompetingModel",
    "KEY",
    "REFERENCE_GROUP",
    "GeneratorHazards",
    "InflowFit",
    "cif_from_hazards",
    "competing_data",
    "design_matrix",
    "fit_exits",
    "fit_generator_check",
    "fit_inflow",
    "GENERATOR_CHECK_BLOCKS",
    "cell_rrr_table",
    "inflow_counts",
    "measure_groups",
    "nonparametric_cif",
    "GAP_FLAGS",
    "NOT_IDENTIFIED_REASONS",
    "gap_display",
    "gap_identification_sentence",
    "origin_gap",
    "persons_against_counts",
    "persons_by_cell",
    "unidentified_cell_outcomes",
    "predict_cif",
    "profile_table",
    "profiles",
    "true_cell_coefficients",
    "true_coefficients",
]

#: Label of outcome 0.
NO_INFLOW = "no_inflow"
#: The origin x generation column (``"origin:generation"``), named as in
#: :mod:`mia_helpers.hazard` and :mod:`mia_helpers.covariates`: one concept, one name.
KEY = covariates.KEY
#: Reference origin x generation group of the origin dummies (natives of Belgian origin).
REFERENCE_GROUP = covariates.REFERENCE_ORIGIN_GENERATION
#: Covariate blocks understood by :func:`design_matrix`.
BLOCKS = ("duration", "origin", "low_link", "self_reliance", "demographics", "newcomer")
#: Label of the pooled outcome of measures left out of ``measures``.
OTHER = "other_measure"
#: Competing exits from the register (codes 1, 2 of the ``exit`` column of competing_data).
EXITS = ("exit_job", "exit_inactivity")
#: Label of outcome 0 of the exit model (still registered next quarter).
STAY = "stay_registered"


# --------------------------------------------------------------------------------------------
# outcomes and person-period data
# --------------------------------------------------------------------------------------------
def measure_groups(
    grouping: str | Mapping[str, str] = "codes",
    measures: Sequence[str] | None = None,
) -> dict[str, str]:
    """Map each of the nine measure codes to its outcome group.

    Parameters
    ----------
    grouping : "codes", "types" or mapping
        ``"codes"``: one outcome per measure code (nine); ``"types"``: the seven measure types
        of :data:`mia_helpers.codes.MEASURE_TYPES`; a mapping ``code -> group`` must assign
        every one of the nine codes.
    measures : list of codes, optional
        Measures kept as outcomes; starts of the other codes are pooled into one outcome
        ``"other_measure"`` (by :func:`competing_data` only when some spell flows into it:
        an extract holding only the kept measures has no such outcome). Default: all nine.

    Returns
    -------
    dict
        ``code -> group`` for all nine codes, in :data:`codes.MEASURES` order.

    Raises
    ------
    ValueError
        An unknown measure code (in ``measures`` or in the mapping), an unknown grouping name,
        a mapping that leaves a measure unassigned, gives one no (or a non-string) group
        name or uses the reserved name ``"no_inflow"``, or an empty ``measures``; the
        message names the code.
    TypeError
        If ``grouping`` is neither a string nor a mapping.
    """
    if isinstance(grouping, str):
        if grouping == "codes":
            mapping = {m: m for m in codes.MEASURES}
        elif grouping == "types":
            mapping = dict(codes.MEASURE_TYPES)
        else:
            raise ValueError(f"grouping must be 'codes', 'types' or a mapping, got {grouping!r}")
    elif isinstance(grouping, Mapping):
        unknown = [k for k in grouping if k not in codes.MEASURES]
        if unknown:
            raise ValueError(
                f"grouping names unknown measure {plural(unknown, 'code')} {unknown}; known "
                "codes: "
                f"{list(codes.MEASURES)}"
            )
        missing = [m for m in codes.MEASURES if m not in grouping]
        if missing:
            raise ValueError(f"grouping leaves {plural(missing, 'measure')} {missing} "
                             "unassigned to a group")
        bad = [k for k, v in grouping.items() if not isinstance(v, str) or not v]
        if bad:
            raise ValueError(f"grouping gives {plural(bad, 'measure')} {bad} no group name")
        mapping = {m: grouping[m] for m in codes.MEASURES}
    else:
        raise TypeError(f"grouping must be a string or a mapping, got {type(grouping).__name__}")
    if NO_INFLOW in mapping.values():
        raise ValueError(f"{NO_INFLOW!r} is reserved for the no-inflow outcome")
    if measures is not None:
        if isinstance(measures, str):
            measures = [measures]
        unknown = [m for m in measures if m not in codes.MEASURES]
        if unknown:
            raise ValueError(
                f"unknown measure {plural(unknown, 'code')} {unknown}; known codes: "
                f"{list(codes.MEASURES)}"
            )
        if not measures:
            raise ValueError("measures is empty: keep at least one measure")
        kept = set(measures)
        mapping = {m: (g if m in kept else OTHER) for m, g in mapping.items()}
    return mapping


def _outcome_labels(mapping: Mapping[str, str]) -> list[str]:
    groups: list[str] = []
    for m in codes.MEASURES:
        if mapping[m] not in groups:
            groups.append(mapping[m])
    if OTHER in groups:  # the pooled rest goes last
        groups = [g for g in groups if g != OTHER] + [OTHER]
    return [NO_INFLOW, *groups]


def competing_data(
    panel: pd.DataFrame,
    grouping: str | Mapping[str, str] = "codes",
    measures: Sequence[str] | None = None,
    window_end: int | None = None,
) -> pd.DataFrame:
    """Person-period data of the time to the first measure start of each registration spell.

    Parameters
    ----------
    panel : DataFrame
        The person-quarter panel (:func:`mia_helpers.panel.load_panel`), with the person
        covariates joined.
    grouping, measures : see :func:`measure_groups`.
    window_end : int, optional
        Last quarter index to use (rows after it are dropped: censoring at the window end).
        Default: the panel's last quarter (its own window end).

    Returns
    -------
    DataFrame
        One row per spell and quarter at risk, sorted by person, quarter. Columns: the panel's
        columns plus ``spell`` (registration start), ``u`` (int, elapsed quarters),
        ``outcome`` (int: 0 no inflow, k = 1..K the k-th outcome group), ``outcome_label``
        (categorical over ``attrs["outcomes"]``), ``origin_generation`` (:data:`KEY`,
        ``origin:generation``),
        ``low_link`` (1.0 for southern-EU first/intermediate generation and non-EU origins),
        ``age``, ``feeder`` (integration contract signed in an earlier quarter), ``exit``
        (int: how a quarter without measure start ends: 0 still registered in the spell next
        quarter, 1 ``exit_job`` - employed next quarter, 2 ``exit_inactivity`` - not
        registered and not employed next quarter, including leaving the panel, e.g. at 65)
        and ``censored`` (bool: the spell's last row lies at the window end, so how it ends
        is unknown). Leaving the register is a competing event of inflow (it ends the spell
        without a measure), not censoring (Putter, Fiocco and Geskus 2007); only the window
        end censors. ``attrs``: ``outcomes`` (labels), ``grouping`` (code -> group),
        ``simultaneous`` (rows in which more than one group started; the first in code order
        is kept), ``exits`` (labels of exit codes 1, 2), ``window_end``.

    Notes
    -----
    Timing follows the generator: in a registered quarter the measure start is drawn; a
    jobseeker without a start then leaves the register (or not) before the next quarter.
    So per row the events are ordered "measure start, then exit"; a row at the window end
    reveals a start but not an exit.

    Raises
    ------
    ValueError, TypeError
        As :func:`measure_groups` for ``grouping`` and ``measures``; ``ValueError`` if
        ``panel`` lacks ``person_id``, ``quarter``, ``registered``, ``employed``,
        ``elapsed_registration``, ``registration_start`` or a ``start_<code>`` column of the
        nine measures (naming them).
    """
    mapping = measure_groups(grouping, measures)
    labels = _outcome_labels(mapping)
    need = ["person_id", "quarter", "registered", "employed", "elapsed_registration",
            "registration_start"]
    need += [f"start_{m}" for m in codes.MEASURES]
    missing = [c for c in need if c not in panel.columns]
    if missing:
        raise ValueError(f"panel lacks {plural(missing, 'column')} {missing}")
    exit_cause, end = _exit_causes(panel, window_end)
    d = panel[panel["registered"].to_numpy(bool) & (panel["quarter"].to_numpy() <= end)]
    exit_cause = exit_cause[panel["registered"].to_numpy(bool)
                            & (panel["quarter"].to_numpy() <= end)]
    order = np.lexsort((d["quarter"].to_numpy(), d["person_id"].to_numpy()))
    d = d.iloc[order].reset_index(drop=True)
    exit_cause = exit_cause[order]
    # outcome group started this quarter (first group in code order when several)
    starts = d[[f"start_{m}" for m in codes.MEASURES]].to_numpy(bool)
    group_idx = np.array([labels.index(mapping[m]) for m in codes.MEASURES])
    K = len(labels) - 1
    by_group = np.zeros((len(d), K), bool)
    for j, g in enumerate(group_idx):  # loop over nine measures
        by_group[:, g - 1] |= starts[:, j]
    any_start = by_group.any(axis=1)
    outcome = np.where(any_start, by_group.argmax(axis=1) + 1, 0)
    simultaneous = int((by_group.sum(axis=1) > 1).sum())
    # keep quarters up to and including the first start of each spell
    spell = d["registration_start"].to_numpy()
    key = pd.MultiIndex.from_arrays([d["person_id"].to_numpy(), spell])
    prior = (
        pd.Series(any_start.astype(np.int32), index=key).groupby(level=[0, 1]).cumsum().to_numpy()
        - any_start
    )
    keep = prior == 0
    d = d.loc[keep].copy()
    d["outcome"] = outcome[keep].astype(np.int64)
    if labels[-1] == OTHER and not (d["outcome"].to_numpy() == K).any():
        # user45: the pooled rest, into which no spell flows (an extract holding only the
        # measures kept), is no outcome: it has no row to drop, and as an outcome without
        # rows it stopped the inflow model whatever `measures` said
        labels = labels[:-1]
    # exit (end of the quarter) only matters where no measure started in it
    ex = np.where(outcome[keep] > 0, 0, exit_cause[keep])
    d["exit"] = np.maximum(ex, 0).astype(np.int64)
    d["censored"] = ex < 0
    d["spell"] = spell[keep].astype(np.int64)
    d["u"] = d["elapsed_registration"].to_numpy().astype(np.int64)
    d["outcome_label"] = pd.Categorical.from_codes(d["outcome"].to_numpy(), categories=labels)
    _derived(d)
    d = d.reset_index(drop=True)
    d.attrs = {"outcomes": labels, "grouping": mapping, "simultaneous": simultaneous,
               "exits": list(EXITS), "window_end": int(end)}
    return d


def _exit_causes(panel: pd.DataFrame, window_end: int | None) -> tuple[np.ndarray, int]:
    """Per panel row: how a registered quarter ends (see :func:`competing_data`).

    Returns (codes aligned with ``panel`` rows: 0 still registered in the same spell next
    quarter, 1 job, 2 inactivity, -1 censored at the window end; window end used).
    """
    q = panel["quarter"].to_numpy().astype(np.int64)
    end = int(q.max()) if window_end is None else int(window_end)
    pid = panel["person_id"].to_numpy()
    order = np.lexsort((q, pid))
    qo, po = q[order], pid[order]
    reg = panel["registered"].to_numpy(bool)[order]
    emp = panel["employed"].to_numpy(bool)[order]
    spell = panel["registration_start"].to_numpy(float)[order]
    nxt = np.zeros(len(qo), bool)
    nxt[:-1] = (po[1:] == po[:-1]) & (qo[1:] == qo[:-1] + 1)
    nreg = np.zeros(len(qo), bool)
    nemp = np.zeros(len(qo), bool)
    nspell = np.full(len(qo), np.nan)
    nreg[:-1], nemp[:-1], nspell[:-1] = reg[1:], emp[1:], spell[1:]
    stay = nxt & nreg & (nspell == spell)
    code = np.where(stay, 0, np.where(qo >= end, -1, np.where(nxt & nemp, 1, 2)))
    code = np.where(reg, code, 0)
    out = np.empty(len(q), np.int64)
    out[order] = code
    return out, end


def _derived(d: pd.DataFrame) -> None:
    """Add origin_generation, low_link, age and feeder columns (in place) where the inputs
    exist."""
    if {"origin", "generation"} <= set(d.columns):
        o = _as_str(d["origin"])
        g = _as_str(d["generation"])
        d[KEY] = pd.Series(o, index=d.index).str.cat(pd.Series(g, index=d.index), sep=":")
        non_eu = np.isin(o, codes.NON_EU_ORIGINS)
        d["low_link"] = (non_eu | ((o == "southern_eu") & (g != "second"))).astype(float)
    if "birth_year" in d.columns:
        d["age"] = (BASE_YEAR + d["quarter"].to_numpy() // 4) - d["birth_year"].to_numpy()
    if {"inburgering_started", "contract_signed"} <= set(d.columns):
        d["feeder"] = (
            d["inburgering_started"].to_numpy(bool) & ~d["contract_signed"].to_numpy(bool)
        ).astype(float)


# --------------------------------------------------------------------------------------------
# design
# --------------------------------------------------------------------------------------------
def _str_codes(values: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """``values`` as (integer codes, the distinct values as ``str``; NaN kept as NaN): what
    ``values.astype(str).to_numpy()`` holds, as ``strings[codes]``, without converting every
    row (pandas 3 builds an Arrow string array row by row: 0.13 s per 300,000 categorical
    rows against 0.01 s here)."""
    found, distinct = pd.factorize(values, use_na_sentinel=False)
    strings = np.asarray([np.nan if pd.isna(x) else str(x) for x in distinct], dtype=object)
    return found, strings


def _as_str(values: pd.Series) -> np.ndarray:
    """``values.astype(str).to_numpy()`` (object array), computed by :func:`_str_codes`."""
    found, strings = _str_codes(values)
    return strings[found]


def _dummies(values: pd.Series, levels: Sequence[str], ref: str, prefix: str) -> pd.DataFrame:
    found, strings = _str_codes(values)
    unknown = sorted({str(x) for x in strings} - set(levels))
    if unknown:
        raise ValueError(f"{prefix}: unknown {plural(unknown, 'value')} {unknown}")
    level = np.asarray([list(levels).index(x) for x in strings], dtype=np.int64)[found]
    return pd.DataFrame(
        {f"{prefix}[{lv}]": (level == i).astype(float) for i, lv in enumerate(levels)
         if lv != ref},
        index=values.index,
    )


def _groups() -> list[str]:
    return [f"{o}:{g}" for o in codes.ORIGINS for g in codes.GENERATIONS]


def _design_groups(values: pd.Series) -> list[str]:
    """The origin x generation levels of the design: the cells that exist
    (:func:`mia_helpers.covariates.origin_generation_levels`: natives, and the first,
    intermediate and second generation of every foreign origin), plus any other code of
    :func:`_groups` that ``values`` holds (a real extract may code one).

    Seed 9494 (any seed), chapter 3: a dummy for every code of :func:`_groups` put nine cells
    that no person can be in (Belgian first generation, Turkish natives, ...) into the design,
    and the fit printed a NotIdentifiedWarning for each, twice per model, which no sentence
    explained. Their columns were zero in every row, so leaving them out changes no estimate.
    """
    _, strings = _str_codes(values)
    present = {str(x) for x in strings}
    usual = covariates.origin_generation_levels()
    return [g for g in _groups() if g in usual or g in present]


#: input columns of each covariate block (checked for missing values)
_BLOCK_INPUTS = {
    "duration": ["u"], "origin": [KEY], "low_link": ["low_link"],
    "self_reliance": ["dutch_level", "education", "experience"],
    "demographics": ["sex", "age", "household", "children"], "newcomer": ["feeder"],
}


def design_matrix(
    data: pd.DataFrame,
    blocks: Sequence[str] = ("duration", "origin", "self_reliance"),
    max_u: int = 8,
) -> pd.DataFrame:
    """Covariates of the inflow model, one column per term, plus a constant.

    Parameters
    ----------
    data : DataFrame
        Rows of :func:`competing_data` (or profile rows with the same covariate columns).
    blocks : list of str
        Subset of :data:`BLOCKS`:

        - ``duration``: dummies ``u[1]..u[max_u]`` of elapsed duration (``u >= max_u``
          pooled; reference ``u = 0``).
        - ``origin``: dummies ``origin_generation[...]`` of the origin x generation groups
          (reference ``belgian:native``), named as in :mod:`mia_helpers.hazard`; cells no
          person can be in (a Belgian first generation, say) only where ``data`` holds them.
        - ``low_link``: the generator's origin term, 1 for southern-EU first and intermediate
          generation and for non-EU origins.
        - ``self_reliance``: Dutch level (reference ``native``), education (reference
          ``mid``), and ``experience_years`` = min(experience, 20) / 4 (years of employment, capped
          at five).
        - ``demographics``: female, age 50+, couple, has children.
        - ``newcomer``: ``feeder`` (integration contract signed in an earlier quarter).
    max_u : int
        Cap of the duration dummies.

    Returns
    -------
    DataFrame of float, same index as ``data``; first column ``const``.

    Raises
    ------
    ValueError
        For an unknown block; for missing values in a column a block uses
        (:func:`mia_helpers.core.require_complete`, naming it); for a value of an origin,
        Dutch level or education column outside the known levels.
    KeyError
        If ``data`` lacks a column a block uses (``u``, ``origin_generation``, ...).
    """
    unknown = [b for b in blocks if b not in BLOCKS]
    if unknown:
        raise ValueError(f"unknown covariate {plural(unknown, 'block')} {unknown}; known: "
                         f"{list(BLOCKS)}")
    core.require_complete(data, [c for b in blocks for c in _BLOCK_INPUTS[b]],
                          "inflow design matrix")
    parts = [pd.DataFrame({"const": np.ones(len(data))}, index=data.index)]
    if "duration" in blocks:
        uc = np.minimum(data["u"].to_numpy(), max_u)
        parts.append(
            pd.DataFrame(
                {f"u[{k}{'+' if k == max_u else ''}]": (uc == k).astype(float)
                 for k in range(1, max_u + 1)},
                index=data.index,
            )
        )
    if "origin" in blocks:
        parts.append(_dummies(data[KEY], _design_groups(data[KEY]), REFERENCE_GROUP, KEY))
    if "low_link" in blocks:
        parts.append(pd.DataFrame({"low_link": data["low_link"].to_numpy(float)},
                                  index=data.index))
    if "self_reliance" in blocks:
        parts.append(_dummies(data["dutch_level"], codes.DUTCH_LEVELS, "native", "dutch"))
        parts.append(_dummies(data["education"], codes.EDUCATIONS, "mid", "education"))
        parts.append(pd.DataFrame(
            {"experience_years": covariates.experience_years(data["experience"])},
            index=data.index,
        ))
    if "demographics" in blocks:
        parts.append(pd.DataFrame({
            "female": (_as_str(data["sex"]) == "female").astype(float),
            "age_50_plus": covariates.age_50_plus(data["age"]),
            "couple": (_as_str(data["household"]) == "couple").astype(float),
            "has_children": covariates.has_children(data["children"]),
        }, index=data.index))
    if "newcomer" in blocks:
        parts.append(pd.DataFrame({"feeder": data["feeder"].to_numpy(float)}, index=data.index))
    return pd.concat(parts, axis=1)


# --------------------------------------------------------------------------------------------
# model
# --------------------------------------------------------------------------------------------
@dataclass
class InflowFit:
    """A fitted multinomial logit of inflow (see :func:`fit_inflow`).

    Attributes
    ----------
    params, bse : DataFrame
        Coefficients (log relative risk ratios of outcome k versus no inflow for a one-unit
        difference in the term, other terms fixed) and their person-clustered standard errors;
        index = terms, columns = outcome labels 1..K.
    cov : ndarray
        Clustered covariance of the stacked coefficients (outcome-major order).
    columns : list of str
        Design columns (the model's terms).
    outcomes : list of str
        Outcome labels, ``outcomes[0] == "no_inflow"``.
    blocks, max_u : design settings, reused for predictions.
    n_rows, n_persons, n_spells : sample facts; ``events``: rows per outcome.
    converged : bool
    """

    params: pd.DataFrame
    bse: pd.DataFrame
    cov: np.ndarray
    columns: list[str]
    outcomes: list[str]
    blocks: tuple[str, ...]
    max_u: int
    n_rows: int
    n_persons: int
    n_spells: int
    events: pd.Series
    converged: bool
    dropped: list[str] = field(default_factory=list)

    identified: pd.DataFrame | None = None
    not_identified: dict = field(default_factory=dict)
    #: each term dropped as collinear -> the kept terms' coefficients that make its column in
    #: the data, and the largest residual there (api53; :meth:`hazards`)
    collinear_relations: dict[str, dict[str, float]] = field(default_factory=dict)
    collinear_slack: dict[str, float] = field(default_factory=dict)

    def tidy(self, level: float = 0.95) -> pd.DataFrame:
        """One row per outcome and term, in the package vocabulary
        (:mod:`mia_helpers.core.results`): ``outcome``, ``term``, ``estimate`` (log relative
        risk ratio versus no inflow), ``se`` (person-clustered), ``statistic``,
        ``p_value``, ``ci_low``, ``ci_high`` (``level`` Wald interval), ``exp_estimate``
        (relative risk ratio), ``exp_ci_low``, ``exp_ci_high``, ``exp_kind``,
        ``identified`` (False: no inflow into that outcome where the term is 1, or separation;
        estimate columns NaN), ``n`` (person-quarters), ``n_persons``, ``n_events`` (rows with
        that outcome), ``df_resid`` (person-quarters minus identified parameters: acro's
        residual degrees of freedom)."""
        ident = (self.identified if self.identified is not None
                 else pd.DataFrame(True, index=self.params.index, columns=self.params.columns))
        df_resid = int(self.n_rows) - int(ident.to_numpy().sum())
        parts = []
        for o in self.params.columns:
            t = core.coefficient_table(list(self.params.index), self.params[o].to_numpy(),
                                       self.bse[o].to_numpy(), level,
                                       core.EXP_KIND["mnl"], ident[o].to_numpy())
            t.insert(0, "outcome", o)
            t["n"] = self.n_rows
            t["n_persons"] = self.n_persons
            t["n_events"] = int(self.events[o])
            t["df_resid"] = df_resid
            parts.append(t)
        p = pd.concat(parts, ignore_index=True)
        p["outcome"] = pd.Categorical(p["outcome"], categories=self.outcomes[1:])
        return p.sort_values(["outcome", "term"], key=_term_order(self.columns)).reset_index(
            drop=True)

    def hazards(self, rows: pd.DataFrame) -> np.ndarray:
        """Predicted probabilities (n, K+1) of no inflow and of each outcome for ``rows``
        (a term fixed at -inf, i.e. no inflow into an outcome where it is 1, gives
        probability 0 there).

        A row at which a dropped term has no estimate gets NaN in every column, with a
        :class:`mia_helpers.core.NotIdentifiedWarning` naming the term (api53; before, the
        dropped term was read as 0): a term dropped for want of variation (a level without
        rows) that is not zero in the row, or a term dropped as collinear where the row breaks
        the relation the data hold between it and the kept terms
        (:func:`mia_helpers.hazard.predict_cumulative_incidence` does the same). Rows that
        keep the relations are predicted as before."""
        full = design_matrix(rows, self.blocks, self.max_u)
        X = full.reindex(columns=self.columns, fill_value=0.0).to_numpy()
        bad = _dropped_rows(self, full)
        B = self.params.to_numpy()
        neg = np.isneginf(B)
        eta = X @ np.where(neg, 0.0, B)
        eta = np.where((X != 0) @ neg.astype(float) > 0, -np.inf, eta)
        eta = np.column_stack([np.zeros(len(X)), eta])
        eta -= eta.max(axis=1, keepdims=True)
        w = np.exp(eta)
        p = w / w.sum(axis=1, keepdims=True)
        p[bad] = np.nan
        return p


def _dropped_rows(fit: InflowFit, full: pd.DataFrame) -> np.ndarray:
    """(n,) bool: rows of the full design ``full`` (every column of :func:`design_matrix`)
    at which a term ``fit`` dropped has no estimate: a term dropped without variation (zero
    in every row of the data) that is not zero there, or a term dropped as collinear whose
    relation with the kept terms the row breaks (:func:`mia_helpers.hazard._relation_breaks`).
    Warns naming the terms."""
    from mia_helpers.hazard import _relation_breaks

    X, names = full.to_numpy(np.float64), list(full.columns)
    relations = fit.collinear_relations or {}
    zero = [t for t in fit.dropped if t not in relations and t in full.columns]
    used = [t for t in zero if (full[t].to_numpy() != 0).any()]
    hit = (full[used].to_numpy() != 0).any(axis=1) if used else np.zeros(len(full), bool)
    broken = _relation_breaks(X, names, relations, fit.collinear_slack or {})
    if used:
        core.warn_not_identified(
            f"competing model: {plural(used, 'term')} {used} dropped (no variation in the data: "
            "zero in every row) but not zero in some prediction rows: the model has no "
            f"estimate for {'it' if len(used) == 1 else 'them'}, so those rows' probabilities "
            "are NaN")
    if broken:
        core.warn_not_identified(
            f"competing model: {plural(list(broken), 'term')} {list(broken)} dropped as "
            "collinear, and some prediction rows break the relation the data hold between "
            f"{'it' if len(broken) == 1 else 'them'} and the terms kept: the model cannot tell "
            "their probabilities, so they are NaN (give such a row values that the data hold "
            "together)")
        hit = hit | np.any(list(broken.values()), axis=0)
    return hit


def _term_order(columns: list[str]):
    order = {c: i for i, c in enumerate(columns)}

    def key(s: pd.Series) -> pd.Series:
        if s.name == "term":
            return s.map(order)
        return s.cat.codes if hasattr(s, "cat") else s

    return key


#: the covariates of chapter 3's generator check (``tbl-inflow-check``): the generator's own
#: allocation terms (:func:`design_matrix` blocks), with the newcomer indicator
GENERATOR_CHECK_BLOCKS = ("duration", "low_link", "self_reliance", "newcomer")


def fit_generator_check(data: pd.DataFrame) -> tuple[pd.DataFrame, InflowFit]:
    """Chapter 3's generator check: :func:`fit_inflow` with :data:`GENERATOR_CHECK_BLOCKS` on
    the spells of school leavers (a ``school_leaving_quarter``) and newcomers (``sample``
    "newcomer"), who start with no work experience before the window, so that the model
    with the generator's covariates is correctly specified on them (adults present at the
    window start carry an experience stock the panel cannot see). rev48: the chapter selected
    and fitted these spells twice, once per grouping of the measures, in its own cells.

    Parameters
    ----------
    data : :func:`competing_data`'s spell-quarters (one row per person, spell and quarter at
        risk; columns ``school_leaving_quarter``, ``sample`` and those of :func:`fit_inflow`),
        with its ``attrs`` (kept on the selection, which :func:`fit_inflow` reads).

    Returns
    -------
    (the selected spell-quarters, a DataFrame like ``data``; the fit, an :class:`InflowFit`)

    Raises
    ------
    ValueError
        Naming the missing column(s) when ``data`` lacks ``school_leaving_quarter`` or
        ``sample``; and as :func:`fit_inflow`.
    """
    missing = [c for c in ("school_leaving_quarter", "sample") if c not in data.columns]
    if missing:
        raise ValueError(f"fit_generator_check: data lacks the {plural(missing, 'column')} "
                         f"{missing} "
                         "(spell-quarters of competing.competing_data)")
    keep = (data["school_leaving_quarter"].notna() | (data["sample"] == "newcomer")).to_numpy()
    fresh = data[keep]
    fresh.attrs = data.attrs
    return fresh, fit_inflow(fresh, GENERATOR_CHECK_BLOCKS)


def fit_inflow(
    data: pd.DataFrame,
    blocks: Sequence[str] = ("duration", "origin", "self_reliance"),
    max_u: int = 8,
    maxiter: int = 100,
    label: str = "inflow model",
) -> InflowFit:
    """Fit the multinomial logit of inflow with person-clustered standard errors.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`competing_data`.
    blocks, max_u : see :func:`design_matrix`. Design columns that are constant zero in
        ``data`` (empty cells) are dropped and listed in ``InflowFit.dropped``.
    maxiter : int
        Newton iterations.
    label : str
        The model's name in its warnings, followed by its blocks (``inflow model (duration +
        origin + ...)``; :func:`fit_exits` passes ``exit model``).

    Returns
    -------
    InflowFit
        Coefficients are log relative risk ratios (per quarter, outcome k versus no inflow);
        the standard errors are the sandwich estimator clustered on ``person_id`` (statsmodels
        ``cov_type="cluster"``), which allows any dependence between the quarters and spells
        of one person.

    Raises
    ------
    ValueError
        If ``data`` does not come from :func:`competing_data`, or an outcome has no row (no
        spell flows into it: naming the chapter parameters ``measures`` and ``grouping``; the
        engine's own message said only "group or drop them", newuser21); and as
        :func:`design_matrix` (unknown block, missing values, unknown levels) and
        :func:`mia_helpers.core.fit_mnl` (fewer than two persons, for the clustered
        covariance).
    """
    if "outcome" not in data.columns:
        raise ValueError("data must come from competing_data (no 'outcome' column)")
    labels = list(data.attrs.get("outcomes", []))
    y = data["outcome"].to_numpy()
    if not labels:
        labels = [NO_INFLOW, *[str(k) for k in range(1, int(y.max()) + 1)]]
    counts = np.bincount(np.asarray(y, dtype=np.int64), minlength=len(labels))
    absent = [labels[j] for j in range(len(labels)) if counts[j] == 0]
    if absent:  # before the design and the fit: what to change, in the chapter's words
        raise ValueError(
            f"inflow model: no spell of these data flows into {absent} "
            f"({plural(absent, 'outcome')} without any row, whose relative risk "
            f"{'ratio has' if len(absent) == 1 else 'ratios have'} no data); leave "
            f"{'it' if len(absent) == 1 else 'them'} out of the "
            "chapter's parameter `measures` (the rest is pooled), group the measures into "
            "types (parameter `grouping`: \"types\"), or use a larger extract or window")
    X = design_matrix(data, blocks, max_u)
    core.require_complete(X, list(X.columns), "inflow design matrix")
    fit = core.fit_mnl(X.to_numpy(), y, len(labels), groups=data["person_id"].to_numpy(),
                       names=list(X.columns), outcomes=labels, maxiter=maxiter,
                       model=f"{label} ({' + '.join(blocks)})")  # user29: M0 or M1
    cols = list(fit.params.index)
    from mia_helpers.hazard import _collinear_relations

    relations, slack = _collinear_relations(X.to_numpy(np.float64), list(X.columns),
                                            dict(fit.dropped))
    return InflowFit(
        params=fit.params,
        bse=fit.bse,
        cov=fit.cov,
        columns=cols,
        outcomes=labels,
        blocks=tuple(blocks),
        max_u=max_u,
        n_rows=len(data),
        n_persons=fit.n_persons,
        n_spells=int(data[["person_id", "spell"]].drop_duplicates().shape[0]),
        events=fit.events,
        converged=fit.converged,
        dropped=[t for t, _ in fit.dropped],
        identified=fit.identified,
        not_identified=fit.not_identified,
        collinear_relations=relations,
        collinear_slack=slack,
    )


class GeneratorHazards:
    """The synthetic generator's true hazards, with the interface of :class:`InflowFit` used by
    :func:`predict_cif` and :func:`origin_gap`.

    **Inflow.** Per jobseeker quarter the generator draws one multinomial logit over {no
    start, nine measures}: ``eta_m = base_m + self_reliance_m * s + low_link_m * L
    + duration_m * min(u, 8) / 4 + feeder * after_contract`` with ``s`` the self-reliance
    index (Dutch level, education, ``experience * min(exper, 20) / 4``). The hazard of an
    outcome group is the sum of the probabilities of its codes. ``s`` is computed from the
    panel's experience column, which for adults at the window start lacks the generator's
    pre-window stock (20 quarters if employed at the start, 8 otherwise); for them these are
    the hazards of a person with in-window experience only. The unobserved-selection term of
    the sensitivity scenario is left out (it is zero by default).

    **Exits** (``exits=True``). A jobseeker without a start leaves the register before the
    next quarter for a job with probability ``logistic(job index + jobseeker
    + experience * min(exper, 20) / 4 + duration * min(N, 12) + age_50_plus * [age >= 50])``
    (the generator's :class:`~mia_helpers.synthetic.config.JobConfig` terms: education,
    Dutch, sex, children, household, parents, origin x generation cell, residence ground)
    and otherwise for inactivity with probability ``logistic(registration.deregister)``.
    ``N`` = non-employed quarters = ``nonemployed_at_start + u`` (column
    ``nonemployed_at_start``, default 0: the non-employment started with the spell, as for a
    school leaver registering on leaving school). Left out: effects of measures of earlier
    spells, of integration treatments, the asylum seekers' waiting time for labour-market
    access and retirement at 65; the exit hazards are exact for a jobseeker without those
    (e.g. a school leaver's first spell), approximations otherwise. Per row the outcomes are
    ordered as in the generator, start then exit: ``P(exit e) = P(no start) * g_e``.

    Parameters
    ----------
    parameters : dict
        ``truth/parameters.json`` (:func:`mia_helpers.data.load_parameters`).
    grouping, measures : see :func:`measure_groups`.
    exits : bool
        Add the outcomes :data:`EXITS` (competing exits from the register).
    """

    def __init__(
        self,
        parameters: Mapping[str, Any],
        grouping: str | Mapping[str, str] = "codes",
        measures: Sequence[str] | None = None,
        exits: bool = True,
    ) -> None:
        self.config = parameters["config"]
        self.grouping = measure_groups(grouping, measures)
        self.exits = exits
        self.outcomes = _outcome_labels(self.grouping) + (list(EXITS) if exits else [])
        self.blocks: tuple[str, ...] = ("origin",)

    def inflow_hazards(self, rows: pd.DataFrame) -> np.ndarray:
        """True probabilities (n, K+1) of no start and of each outcome group for ``rows``."""
        cfg = self.config
        sr = cfg["self_reliance"]
        s = (
            rows["dutch_level"].astype(str).map(sr["dutch"]).to_numpy(float)
            + rows["education"].astype(str).map(sr["education"]).to_numpy(float)
            + sr["experience"] * np.minimum(rows["experience"].to_numpy(float), 20.0) / 4.0
        )
        ms = [cfg["measures"][m] for m in codes.MEASURES]
        par = {k: np.array([m[k] for m in ms]) for k in
               ("base", "self_reliance", "low_link", "duration")}
        feeder = rows["feeder"].to_numpy(float) if "feeder" in rows else np.zeros(len(rows))
        eta = (
            par["base"]
            + par["self_reliance"] * s[:, None]
            + par["low_link"] * rows["low_link"].to_numpy(float)[:, None]
            + par["duration"] * np.minimum(rows["u"].to_numpy(float), 8)[:, None] / 4.0
            + cfg["newcomer"]["feeder_measures"] * feeder[:, None]
        )
        w = np.exp(eta)
        p = w / (1.0 + w.sum(axis=1, keepdims=True))
        labels = _outcome_labels(self.grouping)
        out = np.zeros((len(rows), len(labels)))
        for j, m in enumerate(codes.MEASURES):  # loop over nine measures
            out[:, labels.index(self.grouping[m])] += p[:, j]
        out[:, 0] = 1.0 - p.sum(axis=1)
        return out

    def exit_hazards(self, rows: pd.DataFrame) -> np.ndarray:
        """True probabilities (n, 3) of staying registered, leaving for a job and leaving
        for inactivity before the next quarter, given no measure start in the row.

        Raises ``ValueError`` naming the columns of ``rows`` the generator's exit hazards need and
        it lacks.
        """
        jc, rc = self.config["job"], self.config["registration"]
        need = ["education", "dutch_level", "sex", "children", "household", "parent_employed",
                "parent_education", KEY, "experience", "age", "u"]
        missing = [c for c in need if c not in rows.columns]
        if missing:
            raise ValueError(f"rows lack {plural(missing, 'column')} {missing} needed for the "
                             "true exit hazards")
        female = rows["sex"].astype(str).to_numpy() == "female"
        ground = (rows["residence_ground"].astype(object).to_numpy()
                  if "residence_ground" in rows else np.full(len(rows), None))
        gterm = np.array([jc["residence_ground"].get(g, 0.0) if isinstance(g, str) else 0.0
                          for g in pd.unique(ground)])
        gterm = gterm[pd.Index(pd.unique(ground)).get_indexer(ground)]
        n0 = (rows["nonemployed_at_start"].to_numpy(float) if "nonemployed_at_start" in rows
              else np.zeros(len(rows)))
        eta = (
            jc["base"] + jc["jobseeker"]
            + rows["education"].astype(str).map(jc["education"]).to_numpy(float)
            + rows["dutch_level"].astype(str).map(jc["dutch"]).to_numpy(float)
            + jc["female"] * female
            + jc["female_children"] * (female & (rows["children"].to_numpy(float) > 0))
            + jc["couple"] * (rows["household"].astype(str).to_numpy() == "couple")
            + jc["parent_employed"] * rows["parent_employed"].to_numpy(float)
            + rows["parent_education"].astype(str).map(jc["parent_education"]).to_numpy(float)
            + rows[KEY].astype(str).map(jc["origin_generation"]).to_numpy(float)
            + gterm
            + jc["experience"] * np.minimum(rows["experience"].to_numpy(float), 20.0) / 4.0
            + jc["duration"] * np.minimum(n0 + rows["u"].to_numpy(float), 12.0)
            + jc["age_50_plus"] * (rows["age"].to_numpy(float) >= 50)
        )
        p_job = 1.0 / (1.0 + np.exp(-eta))
        p_ina = (1.0 - p_job) / (1.0 + np.exp(-rc["deregister"]))
        return np.column_stack([1.0 - p_job - p_ina, p_job, p_ina])

    def hazards(self, rows: pd.DataFrame) -> np.ndarray:
        """True probabilities (n, len(outcomes)) of each outcome of ``rows``: no event, the
        measure groups and (``exits=True``) the exits, ordered start-then-exit."""
        h = self.inflow_hazards(rows)
        return _combine(h, self.exit_hazards(rows)) if self.exits else h


def _combine(h: np.ndarray, g: np.ndarray) -> np.ndarray:
    """Per-row outcome probabilities: a start (h[:, 1:]) first, then given no start an exit."""
    return np.column_stack([h[:, :1] * g[:, :1], h[:, 1:], h[:, :1] * g[:, 1:]])


def _require_exits(data: pd.DataFrame) -> None:
    if not {"exit", "censored"} <= set(data.columns):
        raise ValueError("data lack the 'exit' and 'censored' columns of competing_data: "
                         "rebuild them with mia_helpers.competing.competing_data")


def fit_exits(
    data: pd.DataFrame,
    blocks: Sequence[str] = ("duration", "origin", "self_reliance"),
    max_u: int = 8,
    maxiter: int = 100,
) -> InflowFit:
    """Multinomial logit of leaving the register, given no measure start in the quarter.

    Rows of :func:`competing_data` without a measure start and not at the window end
    (``censored``); outcome 0 :data:`STAY` (registered in the spell next quarter), then
    :data:`EXITS` (job, inactivity). Same design and person-clustered standard errors as
    :func:`fit_inflow`. Combine with the inflow fit in :class:`CompetingModel`. Source: the
    discrete-time multinomial logit of competing events (Allison 1982, Jenkins 1995).
    A block named twice in ``blocks`` counts once (chapter 3 adds ``demographics`` to M1's
    blocks, which may hold it already: user52, whose warning then read "inflow model
    (duration + origin + demographics + demographics)").

    Raises
    ------
    ValueError
        ``data`` without the exit columns, or an exit without events.
    """
    _require_exits(data)
    keep = (data["outcome"].to_numpy() == 0) & ~data["censored"].to_numpy(bool)
    d = data.loc[keep].copy()
    d["outcome"] = d["exit"].to_numpy()
    d.attrs = {**data.attrs, "outcomes": [STAY, *EXITS]}
    seen = set(np.unique(d["outcome"].to_numpy()).tolist())
    absent = [name for j, name in enumerate([STAY, *EXITS]) if j not in seen]
    if absent:  # (fit_inflow's message would point at the measures)
        raise ValueError(f"exit model: no quarter of these data ends in {absent} "
                         f"({plural(absent, 'outcome')} without any row); use a larger extract "
                         "or window")
    return fit_inflow(d, list(dict.fromkeys(blocks)), max_u, maxiter, label="exit model")


@dataclass
class CompetingModel:
    """Inflow and exit models together: hazards of all competing outcomes per quarter.

    ``hazards(rows)`` gives (n, 1 + K + 2) probabilities over {no event, the K measure
    groups, :data:`EXITS`}: a start with the inflow model's probability, otherwise an exit
    with the exit model's (start-then-exit, the order of :func:`competing_data`). Passed to
    :func:`predict_cif`, the cumulative incidences treat leaving the register as a competing
    event (Putter, Fiocco and Geskus 2007); the relative risk ratios of inflow are those of
    ``inflow``.
    """

    inflow: InflowFit
    exits: InflowFit

    @property
    def outcomes(self) -> list[str]:
        """The model's outcomes: the inflow outcomes, then the exit causes (without the exit
        model's reference outcome)."""
        return list(self.inflow.outcomes) + list(self.exits.outcomes[1:])

    @property
    def blocks(self) -> tuple[str, ...]:
        """The covariate blocks of the inflow model."""
        return self.inflow.blocks

    def hazards(self, rows: pd.DataFrame) -> np.ndarray:
        """Probabilities (n, len(outcomes)) of each outcome in the quarter of ``rows``."""
        return _combine(self.inflow.hazards(rows), self.exits.hazards(rows))


# --------------------------------------------------------------------------------------------
# cumulative incidence
# --------------------------------------------------------------------------------------------
def cif_from_hazards(h: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Discrete-time Aalen-Johansen: cumulative incidence from cause-specific hazards.

    Parameters
    ----------
    h : array (..., U, K)
        ``h[..., u, m]`` = probability of inflow into outcome m at duration u given no inflow
        before u (u = 0..U-1 along the second-last axis).

    Returns
    -------
    cif : array (..., U, K)
        ``CIF_m(u) = sum_{v<=u} S(v-1) h_m(v)``, the probability that the first inflow is into
        m and happens at or before u.
    surv : array (..., U)
        ``S(u) = prod_{v<=u} (1 - sum_m h_m(v))``, the probability of no inflow by u.
        ``surv + cif.sum(-1) == 1`` at every u.

    Raises
    ------
    ValueError
        If ``h`` has fewer than 2 dimensions, a negative hazard, or hazards summing to more
        than one (beyond 1e-12) at some duration.

    References
    ----------
    The discrete-time Aalen-Johansen estimator (Aalen and Johansen 1978; Putter, Fiocco and
    Geskus 2007), applied to model hazards.
    """
    h = np.asarray(h, float)
    if h.ndim < 2:
        raise ValueError("h must have shape (..., U, K)")
    total = h.sum(axis=-1)
    if (h < 0).any() or (total > 1 + 1e-12).any():
        raise ValueError("hazards must be non-negative and sum to at most one per duration")
    surv = np.cumprod(1.0 - total, axis=-1)
    before = np.concatenate([np.ones_like(surv[..., :1]), surv[..., :-1]], axis=-1)
    cif = np.cumsum(before[..., None] * h, axis=-2)
    return cif, surv


def predict_cif(
    fit: InflowFit | CompetingModel | GeneratorHazards,
    profiles: pd.DataFrame,
    horizon: int = 12,
    by: str = "profile",
) -> pd.DataFrame:
    """Model-based cumulative incidence of each outcome for covariate profiles.

    Parameters
    ----------
    fit : InflowFit, CompetingModel or GeneratorHazards
        The hazard model (fitted, or the generator's truth). With exits among its outcomes
        (:class:`CompetingModel`, ``GeneratorHazards(exits=True)``) leaving the register is
        a competing event; an :class:`InflowFit` alone gives inflow in a world in which
        nobody leaves.
    profiles : DataFrame
        Covariate rows (without ``u``). Rows sharing the value of column ``by`` are averaged:
        pass one row per profile for a "typical person" curve, or many persons' rows with a
        common label for a standardised curve (the average of their individual curves).
        Time-varying covariates are held at their profile values over u.
    horizon : int
        Durations u = 0..horizon.
    by : str
        Column naming the profile.

    Returns
    -------
    DataFrame
        Columns: profile, u, outcome, cum_incidence (probability that the first inflow is into
        the outcome at or before u; for ``outcome == "no_inflow"`` the probability of no inflow by
        u, so values sum to one over outcomes at each u).

    Raises
    ------
    ValueError
        If ``profiles`` lacks the column ``by``, and as :func:`design_matrix` for the
        profiles' covariates (unknown levels, missing values).

    Notes
    -----
    The cumulative incidence of outcome k at ``u`` sums, over ``s <= u``, the probability of
    no event before ``s`` times the hazard of k at ``s`` (:func:`cif_from_hazards`), the
    discrete-time form of the cumulative incidence function of competing risks (Putter,
    Fiocco and Geskus 2007; Allison 1982).
    """
    if by not in profiles.columns:
        raise ValueError(f"profiles lack the profile column {by!r}")
    n, U = len(profiles), horizon + 1
    rep = profiles.loc[profiles.index.repeat(U)].reset_index(drop=True)
    rep["u"] = np.tile(np.arange(U), n)
    p = fit.hazards(rep).reshape(n, U, len(fit.outcomes))
    cif, surv = cif_from_hazards(p[:, :, 1:])
    allv = np.concatenate([surv[:, :, None], cif], axis=2)  # (n, U, K+1)
    # averaged by integer codes of the profile and the outcome (strings repeated n U K times
    # cost pandas 3 an Arrow string array each), labelled after the mean; rows whose label is
    # missing are dropped, as a groupby on the labels drops them
    K = len(fit.outcomes)
    lab, labels = pd.factorize(profiles[by].to_numpy())
    out = pd.DataFrame({
        "p": np.repeat(lab, U * K),
        "u": np.tile(np.repeat(np.arange(U), K), n),
        "o": np.tile(np.arange(K), n * U),
        "cum_incidence": allv.reshape(-1),
    })
    # a row without an estimate (NaN, InflowFit.hazards) makes its profile's mean NaN: the
    # mean over the others would be a finite curve of fewer persons (api53)
    keys = [out["p"], out["u"], out["o"]]
    na = out["cum_incidence"].isna().groupby(keys, sort=False).any().to_numpy()
    out = out.groupby(["p", "u", "o"], sort=False)["cum_incidence"].mean().reset_index()
    out.loc[na, "cum_incidence"] = np.nan
    out = out[out["p"].to_numpy() >= 0]
    return pd.DataFrame({
        "profile": labels[out["p"].to_numpy()],
        "u": out["u"].to_numpy(),
        "outcome": np.asarray(fit.outcomes, dtype=object)[out["o"].to_numpy()],
        "cum_incidence": out["cum_incidence"].to_numpy(),
    })


def nonparametric_cif(
    data: pd.DataFrame,
    by: str | Sequence[str] | None = None,
    horizon: int = 12,
    exits: bool = True,
    persons: bool = False,
) -> pd.DataFrame:
    """Nonparametric (Aalen-Johansen) cumulative incidence of each outcome by group.

    With ``exits=True`` (default) leaving the register for a job or inactivity is a
    competing event and only the window end censors (Putter, Fiocco and Geskus 2007): per
    duration u the hazard of a first inflow into m is ``d_m(u) / n(u)`` (first inflows into m
    at u over the spells at risk at u, including late entries) and, given no start, the
    hazard of exit e is ``x_e(u) / (n(u) - d(u) - c(u))`` with ``c(u)`` the spells whose row at
    u lies at the window end (a start is seen there, an exit is not). ``F_m(u)`` is then the
    probability that the spell's first measure is m and starts within u quarters, in the
    world in which jobseekers do leave the register. With ``exits=False`` exits are treated
    as censoring: ``F_m(u)`` is the inflow share in a world in which nobody leaves, which
    assumes leaving is independent of inflow (the chapter-3 curves before issue 14).

    Parameters
    ----------
    data : DataFrame
        Output of :func:`competing_data`.
    by : column name(s) of the groups, optional.
    horizon : int
        Durations u = 0..horizon.
    exits : bool
        Treat exits from the register as competing events (outcomes :data:`EXITS`).
    persons : bool
        Also count persons, for disclosure control (the other counts are spells, and a
        person can have several spells): ``n_at_risk_persons`` (distinct persons at risk at
        u), ``event_persons`` (persons of the group whose first event of that outcome within
        the horizon is at u; summed over any quarters it is at most the distinct persons
        with such an event there, so steps merged until it reaches ``min_cell`` rest on
        ``min_cell`` persons) and ``cum_event_persons`` (distinct persons with such an event
        up to u). For ``no_inflow`` the events are those of any outcome.

    Returns
    -------
    DataFrame
        Columns: the ``by`` columns, u, outcome, cum_incidence, n_at_risk (spells at risk at u),
        events (events of the outcome at u), cum_events (up to u). For
        ``outcome == "no_inflow"`` cum_incidence is the probability of no event by u (still
        registered without a measure when ``exits``) and events count all events. CIFs of all outcomes
        plus that probability sum to one at every u.

    Raises
    ------
    ValueError
        ``exits=True`` on data without the exit columns; missing values in ``u``,
        ``outcome`` or a ``by`` column, a ``u`` that is no whole number >= 0, or an
        ``outcome`` that is no whole number in 0..K (K outcomes of ``attrs["outcomes"]``),
        each naming the column and the count (api52: such rows were dropped, or a negative
        outcome was read as censoring, without a word).
    KeyError
        For a ``by`` column, ``u`` or ``outcome`` missing from ``data`` (listing them).
    """
    by = [] if by is None else ([by] if isinstance(by, str) else list(by))
    _check_cif_rows(data, by)
    labels = list(data.attrs.get("outcomes") or
                  [NO_INFLOW, *map(str, range(1, int(data["outcome"].max()) + 1))])
    n_bad = int((data["outcome"].to_numpy() > len(labels) - 1).sum())
    if n_bad:
        raise ValueError(f"nonparametric_cif: {counted(n_bad, 'row')} of column 'outcome' "
                         f"{'holds' if n_bad == 1 else 'hold'} a code above "
                         f"{len(labels) - 1}, the number of outcomes {labels[1:]}")
    if exits:
        _require_exits(data)
    d = data[data["u"].to_numpy() <= horizon]
    K = len(labels) - 1
    E = len(EXITS) if exits else 0
    keys = by + ["u"]
    y = d["outcome"].to_numpy()
    ev = np.zeros((len(d), K + 1 + E + 1))
    ev[np.arange(len(d)), y] = 1.0
    if exits:
        x = d["exit"].to_numpy()
        hit = (y == 0) & (x > 0)
        ev[np.flatnonzero(hit), K + x[hit]] = 1.0
        ev[:, -1] = ((y == 0) & d["censored"].to_numpy(bool)).astype(float)
    cols = [*labels, *EXITS[:E], "_censored"]
    evdf = pd.DataFrame(ev, columns=cols, index=d.index)
    evdf["n_at_risk"] = 1.0
    for k in keys:
        evdf[k] = d[k].astype(str).to_numpy() if k != "u" else d[k].to_numpy()
    agg = evdf.groupby(keys, observed=True, sort=True).sum()
    # complete the u grid within each group
    groups = agg.index.droplevel("u").unique() if by else [()]
    if by:
        full = pd.MultiIndex.from_tuples(
            [(*(g if isinstance(g, tuple) else (g,)), u) for g in groups
             for u in range(horizon + 1)], names=keys)
    else:
        full = pd.Index(range(horizon + 1), name="u")
    agg = agg.reindex(full, fill_value=0.0)
    G, U = len(groups), horizon + 1
    n = agg["n_at_risk"].to_numpy().reshape(G, U)
    d_m = agg[labels[1:]].to_numpy().reshape(G, U, K)
    h = np.where(n[..., None] > 0, d_m / np.maximum(n[..., None], 1), 0.0)
    if exits:
        x_e = agg[list(EXITS)].to_numpy().reshape(G, U, E)
        left = n - d_m.sum(-1) - agg["_censored"].to_numpy().reshape(G, U)
        g = np.where(left[..., None] > 0, x_e / np.maximum(left[..., None], 1), 0.0)
        g_all = np.concatenate([1.0 - g.sum(-1, keepdims=True), g], axis=-1)
        h_all = np.concatenate([1.0 - h.sum(-1, keepdims=True), h], axis=-1)
        comb = _combine(h_all.reshape(-1, K + 1), g_all.reshape(-1, E + 1)).reshape(G, U, -1)
        h = comb[..., 1:]
        d_m = np.concatenate([d_m, x_e], axis=-1)
    outs = labels + list(EXITS[:E])
    cif, surv = cif_from_hazards(np.clip(h, 0.0, 1.0))
    allv = np.concatenate([surv[..., None], cif], axis=2)
    events = np.concatenate([d_m.sum(-1, keepdims=True), d_m], axis=2)
    cum = np.cumsum(events, axis=1)
    J = len(outs)
    idx = agg.index.to_frame(index=False)
    out = idx.loc[idx.index.repeat(J)].reset_index(drop=True)
    out["outcome"] = np.tile(outs, G * U)
    out["cum_incidence"] = allv.reshape(-1)
    out["n_at_risk"] = np.repeat(n.reshape(-1), J).astype(np.int64)
    out["events"] = events.reshape(-1).astype(np.int64)
    out["cum_events"] = cum.reshape(-1).astype(np.int64)
    if persons:
        out = _person_counts(out, d, by, labels, exits)
    return out


def _check_cif_rows(data: pd.DataFrame, by: list[str]) -> None:
    """Refuse what :func:`nonparametric_cif` would drop or misread without a word (api52):
    missing columns (``KeyError``), missing values in ``u``, ``outcome`` or ``by``, a ``u``
    that is no whole number >= 0 and an ``outcome`` that is no whole number >= 0
    (``ValueError``, naming the column and the count)."""
    missing = [c for c in ["u", "outcome", *by] if c not in data.columns]
    if missing:
        raise KeyError(f"nonparametric_cif: data lack {plural(missing, 'column')} {missing}; "
                       f"columns are {list(data.columns)}")
    for c in ["u", "outcome", *by]:
        n_na = int(data[c].isna().sum())
        if n_na:
            raise ValueError(f"nonparametric_cif: column {c!r} has "
                             f"{counted(n_na, 'missing value')}; drop or fill those rows "
                             "first (they would leave the curves unsaid)")
    for c in ("u", "outcome"):
        v = data[c]
        ok = pd.api.types.is_numeric_dtype(v) and not pd.api.types.is_bool_dtype(v)
        x = v.to_numpy(np.float64) if ok else np.zeros(0)
        n_bad = int(((x < 0) | (x != np.floor(x))).sum()) if ok else len(v)
        if n_bad:
            raise ValueError(f"nonparametric_cif: column {c!r} must hold whole numbers >= 0 "
                             f"({'quarters since the origin' if c == 'u' else 'outcome codes, 0 none'}"
                             f"); {counted(n_bad, 'row')} {'does' if n_bad == 1 else 'do'} not")


def _person_counts(out: pd.DataFrame, d: pd.DataFrame, by: list[str], labels: list[str],
                   exits: bool) -> pd.DataFrame:
    """Add :func:`nonparametric_cif`'s person counts to its output ``out`` (rows of ``d``)."""
    keys = [*by, "u"]
    base = pd.DataFrame({k: (d[k].astype(str).to_numpy() if k != "u" else d[k].to_numpy())
                         for k in keys})
    base["person_id"] = d["person_id"].to_numpy()
    y = d["outcome"].to_numpy()
    names = np.array([*labels, *EXITS], dtype=object)
    kind = np.where(y > 0, names[np.minimum(y, len(labels) - 1)], None)
    if exits:
        x = d["exit"].to_numpy()
        hit = (y == 0) & (x > 0)
        kind[hit] = names[len(labels) - 1 + x[hit]]
    base["outcome"] = kind
    risk = base.groupby(keys, observed=True)["person_id"].nunique().rename("n_at_risk_persons")
    ev = base[base["outcome"].notna()]
    ev = pd.concat([ev, ev.assign(outcome=labels[0])], ignore_index=True)  # any event
    first = ev.groupby([*by, "person_id", "outcome"], observed=True)["u"].min().reset_index()
    first = first.groupby([*keys, "outcome"], observed=True).size().rename("event_persons")
    out = out.join(risk, on=keys).join(first, on=[*keys, "outcome"])
    out["n_at_risk_persons"] = out["n_at_risk_persons"].fillna(0).astype(np.int64)
    out["event_persons"] = out["event_persons"].fillna(0).astype(np.int64)
    out["cum_event_persons"] = out.groupby([*by, "outcome"], observed=True, sort=False)[
        "event_persons"].cumsum().astype(np.int64) if by else \
        out.groupby("outcome", sort=False)["event_persons"].cumsum().astype(np.int64)
    return out


# --------------------------------------------------------------------------------------------
# descriptives and decomposition
# --------------------------------------------------------------------------------------------
def _same_inflows(ev: pd.DataFrame, variables: Sequence[str]
                  ) -> dict[tuple[str, str, str], tuple[str, str, str]]:
    """Rows of :func:`profile_table` that count exactly the inflows of a row of an earlier
    variable (generation "native" and origin "belgian"): ``(outcome, variable, value)`` ->
    the earliest such ``(outcome, variable, value)``. Two rows count the same inflows when
    their cross-tabulated count equals both their counts (vectorised per pair of variables:
    a handful of group-bys, no set per row)."""
    out: dict[tuple[str, str, str], tuple[str, str, str]] = {}
    o = ev["outcome_label"].astype(str).to_numpy()
    for j, w in enumerate(variables):
        y = ev[w].astype(str).to_numpy()
        n_y = pd.Series(1, index=pd.MultiIndex.from_arrays([o, y])).groupby(level=[0, 1]).size()
        for v in variables[:j]:
            x = ev[v].astype(str).to_numpy()
            both = pd.DataFrame({"o": o, "x": x, "y": y}).value_counts()
            n_x = pd.Series(1, index=pd.MultiIndex.from_arrays([o, x])).groupby(
                level=[0, 1]).size()
            ix = both.index
            same = ((both.to_numpy() == n_x.reindex(ix.droplevel(2)).to_numpy())
                    & (both.to_numpy() == n_y.reindex(ix.droplevel(1)).to_numpy()))
            for oc, xv, yv in ix[same]:  # the few identical rows
                out.setdefault((oc, w, yv), (oc, v, xv))
    return out


def profile_table(
    data: pd.DataFrame,
    variables: Sequence[str] = ("origin", "generation", "sex", "education", "dutch_level"),
    min_cell: int | None = None,
    withhold: Mapping[str, Sequence[str]] | None = None,
) -> pd.DataFrame | Protected:
    """Composition of the first inflows into each outcome.

    Parameters
    ----------
    data : output of :func:`competing_data`.
    variables : person attributes to tabulate (plus the duration at inflow).
    min_cell : if given, the table is returned after disclosure control.
    withhold : mapping ``{outcome: [origins]}``, optional
        Origins whose share of the outcome is hidden whatever its size (rule ``complement``,
        the share with it, and the outcome's other origins protected against the known
        100 %), because a later table's origin x generation cells could not be protected
        against that origin's total (:func:`composition_withheld`). Needs ``min_cell``.
        Given (even empty), the table is also checked against the RRR table's cells
        (:func:`suppress_cell_rrr` run on the cells' persons, not recorded): a generation
        whose cells that table cannot protect against the generation's published persons
        (all its cells small: comp27, seed 7, 2,000 residents, 1,000 newcomers,
        ``min_cell`` 20) has its persons, spells and share withheld here (rule
        ``complement``), and the check runs again until no such generation is left
        (:func:`_generations_withheld`); where the origins' hidden totals, read through
        their markers, narrow a cell, the outcome's smallest shown origin is withheld too
        (dpo28); where the RRR table's own origin groups leave a cell narrowed, or withholding
        generations frees it no further, the Belgian share (and the natives', the same
        inflows) is withheld (narrow36: :func:`_own_total_withheld`). Generation "native"
        and origin "belgian" are twins (``suppress(twins=)``): hidden together.
        :func:`withheld_shares_sentence` counts the hidden shares for the prose.

    Returns
    -------
    DataFrame, or :class:`mia_helpers.disclosure.Protected` when ``min_cell`` is given
        Long table: outcome, variable, value, n_inflows (first inflows of spells),
        n_persons (distinct persons behind them), share (% of the outcome's first inflows
        with that value, one decimal). Duration at inflow is variable ``u_at_inflow`` with
        values "0", "1-3", "4-7", "8+" quarters since registration. Under disclosure control
        small counts are hidden, and because the shares of one outcome and variable add up to
        100 % (so their total is known), further cells of that outcome and variable are hidden
        until no hidden cell can be recovered by subtraction (complement rule); a share is
        hidden with its counts. The chapter prints the shares only, every hidden one ``x``, so
        the rows of sex, education, Dutch and duration are audited and rendered with one
        marker (``suppress(one_marker=)``; dpo37: before, the audit read ``<10`` and ``x``
        markers the page does not print, and on a small extract listed a small outcome's
        durations at inflow, all hidden beside the outcome's known inflows, as narrowed,
        which ``export-check`` refused). Origin and generation keep the markers' audit:
        :func:`withheld_shares_sentence` says how many of their hidden shares are small.
    """
    ev = data[data["outcome"].to_numpy() > 0].copy()
    ev["u_at_inflow"] = pd.cut(ev["u"], [-1, 0, 3, 7, np.inf], labels=["0", "1-3", "4-7", "8+"])
    rows = []
    for v in [*variables, "u_at_inflow"]:  # loop over a handful of variables
        t = (ev.groupby(["outcome_label", v], observed=True)
             .agg(n_inflows=("u", "size"), n_persons=("person_id", "nunique")).reset_index()
             .rename(columns={"outcome_label": "outcome", v: "value"}))
        t["variable"] = v
        t["value"] = t["value"].astype(str)
        rows.append(t)
    out = pd.concat(rows, ignore_index=True)
    out["share"] = (100 * out["n_inflows"] / out.groupby(["outcome", "variable"], observed=True)[
        "n_inflows"].transform("sum")).round(1)
    out["outcome"] = out["outcome"].astype(str)
    out = out[["outcome", "variable", "value", "n_inflows", "n_persons", "share"]]
    if min_cell is None:
        return out
    from mia_helpers.disclosure import suppress

    # A row counting the same inflows as a row of an earlier variable (generation "native" =
    # origin "belgian") publishes that row again. Suppressed on its own, its group could hide
    # it while the other variable shows it (seed 2005, 800 residents, min_cell 10: sanction
    # transmission's natives hidden among the generations, 17.9 % shown as Belgian origin, so
    # the two small generations hidden beside them added up to 16 inflows, each 7 to 9). Such
    # a copy is a twin of the other row (suppress(twins=)): the two are hidden together and
    # audited as one count in both groups. (Before narrow36 the copy was left out of its
    # group's rules, whose other cells were then protected against a known total: a small
    # outcome's generations, all small, stayed narrowed, e.g. 4, 1 and 5 of a known 10, each
    # at most 8, where hiding the natives with the Belgian origin frees them.)
    twin = _same_inflows(ev, [*variables, "u_at_inflow"])
    row_of = {(str(o), v, str(x)): i for i, (o, v, x) in enumerate(zip(
        out["outcome"], out["variable"], out["value"], strict=True))}  # rows of the table
    copy_of = np.array([row_of.get(twin.get(key), -1) if key in twin else -1
                        for key in row_of])
    twins = {int(i): int(copy_of[i]) for i in np.flatnonzero(copy_of >= 0)}
    grp = ["outcome", "variable"]
    table = out.reset_index(drop=True)
    # the page prints the shares only, every hidden one "x": the audit reads them so (dpo37),
    # but for origin and generation, whose hidden shares withheld_shares_sentence counts as
    # small and as other (with no other, every hidden one is small: the markers again)
    alike = ~table["variable"].isin(["origin", "generation"]).to_numpy()
    keys = list(zip(out["outcome"].astype(str), out["variable"], out["value"].astype(str),
                    strict=True))

    def build(generations: Mapping[str, set[str]], record: bool) -> Protected:
        wanted = {(o, "origin", str(x)) for o, xs in (withhold or {}).items() for x in xs} | {
            (o, "origin", x) for o, xs in origins.items() for x in xs} | {
            (o, "generation", g) for o, gs in generations.items() for g in gs}
        held = np.array([k in wanted for k in keys], bool)
        for i, j in twins.items():  # a withheld row holds back its twin
            held[i] = held[j] = held[i] or held[j]
        return suppress(table, count_cols=["n_inflows", "n_persons"],
                        min_cell=min_cell, value_cols={"share": ["n_inflows", "n_persons"]},
                        groups={"n_inflows": grp, "n_persons": grp},
                        hide={"n_inflows": held, "n_persons": held} if held.any() else None,
                        hide_rule="complement", twins=twins or None,
                        keys=["outcome", "variable", "value"], name="inflow profile",
                        record=record, one_marker=alike)

    generations: dict[str, set[str]] = {}
    origins: dict[str, set[str]] = {}  # withheld for the origins' markers (dpo28)
    if withhold is not None:
        generations = _generations_withheld(data, min_cell, lambda g: build(g, False),
                                            origins)
    return build(generations, True)


def withheld_shares_sentence(composition: Protected,
                             variables: Sequence[str] = ("origin", "generation")) -> str:
    """A sentence counting the hidden shares of :func:`profile_table`'s ``variables`` (rows
    of the Belgian origin and the natives, which are the same inflows, counted once as
    origin): those hidden as small (fewer than ``min_cell`` persons) and those hidden beside
    them, by the complement rule or withheld for the RRR table's cells (``withhold``,
    :func:`composition_withheld`, :func:`_generations_withheld`; dpo28). Counts of shares,
    not of persons."""
    c, r = composition.data, composition.reason
    rows = c["variable"].isin(list(variables)).to_numpy() & ~(
        (c["variable"] == "generation") & (c["value"].astype(str) == "native")).to_numpy()
    why = r.loc[rows, "n_persons"].to_numpy()
    n, small = int(rows.sum()), int((why == "primary").sum())
    other = int(((why != "") & (why != "primary")).sum())
    hid = small + other
    if hid == 0:
        return f"No {' or '.join(variables)} share of a measure is hidden"
    # seed37: "Of the 90 origin and generation shares" under a table that prints 99 (the
    # natives' generation row, the Belgian origin's inflows again, is counted once)
    natives = bool(((c["variable"] == "generation") & (c["value"].astype(str) == "native")
                    ).any()) and {"origin", "generation"} <= set(variables)
    once = (" (the natives' generation row, which repeats the Belgian origin's, is not "
            "counted again)" if natives else "")
    return _withheld_shares_text(composition, variables, n, small, other) + once


def _withheld_shares_text(composition: Protected, variables: Sequence[str], n: int,
                          small: int, other: int) -> str:
    """:func:`withheld_shares_sentence` without its note on the natives' row: ``n`` shares,
    ``small`` hidden as resting on fewer than ``min_cell`` persons, ``other`` beside them."""
    hid = small + other
    # 0, 1 or more of each kind said as such (read28, seed 6262, 4,000 residents, 1,500
    # newcomers, min_cell 12: "8 are hidden: 0 because they rest on fewer than 12 persons
    # and 8 beside them, so that neither a small share nor ..." with no small share)
    head = (f"Of the {n} {' and '.join(variables)} shares of the measures, "
            f"{'one is' if hid == 1 else f'{hid} are'} hidden")
    rests = f"on {fewer_than(composition.min_cell, 'person')}"
    if not other:
        return (f"{head} because {'it rests' if small == 1 else 'they rest'} {rests}; no "
                f"other share is hidden beside {'it' if small == 1 else 'them'}")
    purpose = ("so that no hidden origin x generation cell of the relative-risk table can be "
           "recovered from the shown shares and the hidden ones' markers")
    if not small:
        # not "none because": the book's glue check reads "none" as a missing number; at
        # min_cell 1 no share can rest on fewer (mend46: "no share rests on fewer than 1
        # person" before), so the clause is not said
        though = min_cell_rule(composition.min_cell, f", though no share rests {rests}")
        return f"{head}{though}: {'it is' if hid == 1 else 'they are'} withheld {purpose}"
    return (f"{head}: {small} because {'it rests' if small == 1 else 'they rest'} {rests} "
            f"and {other} beside {'it' if small == 1 else 'them'}, so that neither a small "
            "share nor a hidden origin x generation cell of the relative-risk table can be "
            "recovered from the shown shares and the hidden ones' markers")


def _cell_persons(data: pd.DataFrame) -> pd.DataFrame:
    """The persons behind :func:`cell_rrr_table`'s cells, counted from ``data`` before any
    model is fitted: one row per outcome (``data.attrs["outcomes"]`` but "none", else the
    outcomes with an inflow) and origin x generation cell but the reference, columns
    ``origin_generation``, ``outcome``, ``n_persons`` (0 where nobody flows in)."""
    ev = data[data["outcome"].to_numpy() > 0]
    n = (ev.groupby([KEY, "outcome_label"], observed=True)["person_id"].nunique())
    cells = sorted({str(k) for k in data[KEY].astype(str).unique()} - {REFERENCE_GROUP})
    outcomes = [str(o) for o in data.attrs.get("outcomes", [])[1:]] or sorted(
        {str(o) for o in ev["outcome_label"].astype(str).unique()})
    n.index = pd.MultiIndex.from_arrays([n.index.get_level_values(0).astype(str),
                                         n.index.get_level_values(1).astype(str)])
    t = pd.DataFrame([(k, o) for o in outcomes for k in cells], columns=[KEY, "outcome"])
    t["n_persons"] = n.reindex(pd.MultiIndex.from_frame(t[[KEY, "outcome"]])).fillna(0) \
        .to_numpy(np.int64)
    return t


def _generations_withheld(data: pd.DataFrame, min_cell: int,
                          build: Callable[[Mapping[str, set[str]]], Protected],
                          origins: dict[str, set[str]] | None = None
                          ) -> dict[str, set[str]]:
    """Generations whose persons :func:`profile_table` must hide so that
    :func:`suppress_cell_rrr` leaves no hidden cell narrowed against the generations' totals
    (comp27; before, the RRR table only recorded them as narrowed and ``export-check``
    refused the run). ``build(generations)`` is the composition table withholding
    ``{outcome: {generation}}`` (not recorded); the RRR table's suppression is run on the
    cells' persons (:func:`_cell_persons`) against it, and each outcome and generation of a
    cell it leaves narrowed is withheld, until none is left (hiding a generation's total
    only removes an equation of the audit, so the rounds stop). The markers of the withheld
    totals are then read too (:func:`_narrowed_by_markers`): a cell they narrow withholds the
    outcome's smallest shown generation. A cell narrowed through the origins' totals and
    markers alone (dpo28: seed 3737, 2,000 residents, 700 newcomers, ``min_cell`` 20, basic
    training's Eastern-EU intermediate and second generations, 3 and 7, each at most 10,
    from the Turkish total's ``x`` and Eastern EU's shown first generation; seed 7, 2,000
    residents, 1,000 newcomers: vocational training's Sub-Saharan 2 and 9, each at most 12;
    before, "not this function's" and seen by no audit) withholds the outcome's smallest
    shown origin (added to ``origins``, which ``build`` reads), until none is left. A cell
    still narrowed when nothing is left to withhold is recorded as narrowed (``inflow cell
    rrr against the composition's generation markers`` or ``... origin markers``), which
    ``export-check`` refuses. (comp27 recorded seed 3737's sanction-transmission cells,
    Maghrebi and Sub-Saharan second generation: their only bound was their own second
    generation's ``<20`` over five small cells, which :func:`_narrowed_by_markers` no longer
    counts as narrowing.)"""
    t = _cell_persons(data)
    t["exp_estimate"] = np.nan  # the estimates play no part in the counts' rules
    ev = data[data["outcome"].to_numpy() > 0]
    persons = ev.groupby(ev["outcome_label"].astype(str))["person_id"].nunique().to_dict()
    generation = t[KEY].str.split(":", n=1).str[1].to_numpy()
    held: dict[str, set[str]] = {}
    stuck: list[int] = []
    # each round withholds one more origin or generation of an outcome (a new one: the
    # rounds are as many as those, at most) or stops, recording what is left narrowed. The
    # bound was len(t) + 1 rounds, fewer than the origins and generations an outcome of few
    # cells can withhold one by one: run out, the loop returned without a record, and the
    # cells it left narrowed passed unlisted (dpo38)
    most = len(t) + 2 * int(data["outcome"].to_numpy().max(initial=0) + 1) * (
        len(pd.unique(generation)) + t[KEY].str.split(":", n=1).str[0].nunique() + 2) + 2
    for _ in range(most):
        comp = build(held)
        prot, left = _suppress_cells(t, min_cell, comp, "composition check", record=False)
        own = _own_total_withheld(t, prot, comp, min_cell, origins)
        if own is not None and origins is not None:
            origins.setdefault(own[0], set()).add(own[1])
            continue
        by_origins = []
        if not left:
            # narrowed through the generations: not already through the origins alone
            by_origins = _narrowed_by_markers(t, prot, comp, min_cell, persons,
                                              generations=False)
            left = sorted(set(_narrowed_by_markers(t, prot, comp, min_cell, persons))
                          - set(by_origins))
        if by_origins and origins is not None:
            # narrowed by the origins' totals and markers alone (dpo28): the outcome's
            # smallest shown origin joins the hidden ones (their sum is then less known)
            o = str(t.at[by_origins[0], "outcome"])
            c = comp.data
            ok = ((c["outcome"].astype(str) == o) & (c["variable"] == "origin")
                  & (c["value"].astype(str) != REFERENCE_GROUP.split(":", 1)[0])
                  & c["n_persons"].notna()).to_numpy()
            if ok.any():
                rest = c[ok]
                origins.setdefault(o, set()).add(
                    str(rest["value"].iloc[int(np.argmin(rest["n_persons"]))]))
                continue
        stuck = by_origins  # nothing left to withhold: recorded below
        added = False
        for r in left:
            o, g = str(t.at[r, "outcome"]), str(generation[r])
            if g not in held.get(o, set()):
                held.setdefault(o, set()).add(g)
                added = True
                break
            # its generation is withheld already: the outcome's smallest generation shown
            c = comp.data
            ok = ((c["outcome"].astype(str) == o) & (c["variable"] == "generation")
                  & ~c["value"].astype(str).isin([*held.get(o, set()), "native"])
                  & c["n_persons"].notna()).to_numpy()
            if ok.any():
                rest = c[ok]
                held[o].add(str(rest["value"].iloc[int(np.argmin(rest["n_persons"]))]))
                added = True
                break
        if not added and left and origins is not None:
            # every generation withheld in vain: the outcome's Belgian share (and the natives',
            # its twin) too, so that its other origins' persons are no known total (narrow36:
            # seed 2005, 300 residents, 100 newcomers, min_cell 10: manual vacancy referral,
            # 33 persons of other origins in 18 cells, all small)
            for r in left:
                o = str(t.at[r, "outcome"])
                c = comp.data
                bel = ((c["outcome"].astype(str) == o) & (c["variable"] == "origin")
                       & (c["value"].astype(str) == REFERENCE_GROUP.split(":", 1)[0])
                       & c["n_persons"].notna()).to_numpy()
                if bel.any() and REFERENCE_GROUP.split(":", 1)[0] not in origins.get(o, ()):
                    origins.setdefault(o, set()).add(REFERENCE_GROUP.split(":", 1)[0])
                    added = True
                    break
        if not added:
            if left:  # withholding generations frees them no further: the record says so
                labels = [f"n_persons ({t.at[r, KEY]}, {t.at[r, 'outcome']})" for r in left]
                _record_narrowed("inflow cell rrr against the composition's generation "
                                 "markers", prot, left, min_cell, labels)
            break
    else:
        raise RuntimeError("competing._generations_withheld did not settle in "
                           f"{most} rounds; this is a bug")
    if stuck:  # narrowed through the origins' markers with every shown origin withheld
        labels = [f"n_persons ({t.at[r, KEY]}, {t.at[r, 'outcome']})" for r in stuck]
        _record_narrowed("inflow cell rrr against the composition's origin markers", prot,
                         stuck, min_cell, labels)
    return held


def _own_total_withheld(t: pd.DataFrame, prot: Protected, comp: Protected, min_cell: int,
                        origins: Mapping[str, set[str]] | None) -> tuple[str, str] | None:
    """The ``(outcome, origin)`` whose share the composition table must withhold so that the
    RRR table's own audit (its origins' groups, :func:`_origin_groups`) leaves no hidden
    small cell of ``t`` (:func:`_cell_persons`, suppressed as ``prot`` against ``comp``)
    narrowed, or None. A cell narrowed in the group of its shown origin withholds that
    origin; one narrowed in the group of the outcome's hidden origins, whose total is the
    outcome's persons less the Belgian origin's, withholds the Belgian origin (and with it
    the natives, its twin), so that the group has no known total (narrow36: seed 2005, 300
    residents, 100 newcomers, ``min_cell`` 10: workplace learning IBO's 16 persons of hidden
    origins in 15 hidden cells, 12 of them small, each at most 4; before, the RRR table's
    record listed them as narrowed and ``export-check`` refused the run). An origin already
    in ``origins`` is not named again."""
    from mia_helpers.disclosure import feasible_intervals

    c = comp.data
    ok = ((c["variable"] == "origin") & ~comp.mask["share"]).to_numpy()
    shown = set(zip(c["outcome"].astype(str)[ok], c["value"].astype(str)[ok], strict=True))
    ref = REFERENCE_GROUP.split(":", 1)[0]
    whole = {o for o, v in shown if v == ref}
    t2 = t.assign(_origin=_origin_groups(t, min_cell, shown, whole))
    fi = feasible_intervals(prot, groups={"n_persons": ["outcome", "_origin"]}, table=t2)
    for r in fi.loc[~fi["protected"].astype(bool), "row"]:
        i = int(np.flatnonzero(t2.index == r)[0])
        o, g = str(t2["outcome"].iat[i]), str(t2["_origin"].iat[i])
        x = ref if g == _HIDDEN_ORIGINS else g
        if x not in (origins or {}).get(o, set()) and (o, x) in shown:
            return o, x
    return None


def _narrowed_by_markers(t: pd.DataFrame, prot: Protected, comp: Protected,
                         min_cell: int, persons: Mapping[str, float],
                         generations: bool = True) -> list[int]:
    """Rows of the RRR cells' table ``t`` (:func:`_cell_persons`) whose hidden small count a
    reader of both tables bounds more tightly than ``[1, min_cell - 1]`` (by linear
    programming, scipy's HiGHS): per outcome, the outcome's persons are known, each origin's
    and generation's persons in the composition table ``comp`` (shown, or an unknown bounded
    by its marker) are the sum of its cells, and the origins' and the generations' persons
    each add up to the outcome's (the Belgian origin's being the natives'). A hidden count's
    marker bounds it: small ``1`` to ``min_cell - 1``, else at least ``min_cell``. A cell is
    narrowed when its interval (whole persons: :func:`mia_helpers.disclosure.
    _component_interval`) does not reach 1 and ``min_cell - 1``, or, where one of its totals
    is hidden as small, that total's own cap (``min_cell - 1`` less one for each other small
    cell of it; as :func:`mia_helpers.disclosure._marker_high`: the markers themselves say
    so, whatever else is published; dpo28). This reads
    the markers of the composition's hidden generation totals, which the RRR table's audit
    (known totals only) does not (comp27: a withheld first generation of 12 persons,
    marked ``x``, bounded the Maghrebi second generation's 6 by 8). ``persons``: each
    outcome's persons with a first inflow (published by :func:`inflow_counts`).
    ``generations=False``: the origins' equations only (what the reader has without the
    generations' totals and markers). An outcome missing from ``persons`` is skipped."""
    from mia_helpers.disclosure import _component_interval, _protected_enough

    ref_origin, ref_gen = REFERENCE_GROUP.split(":", 1)
    n = pd.to_numeric(t["n_persons"]).to_numpy(float)
    hidden = prot.reason["n_persons"].to_numpy() != ""
    key = t[KEY].astype(str).str.split(":", n=1)
    c = comp.data
    out: list[int] = []
    for o in dict.fromkeys(t["outcome"].astype(str)):
        rows = np.flatnonzero((t["outcome"].astype(str) == o).to_numpy() & hidden)
        if not any(n[r] < min_cell for r in rows):
            continue
        cc = c[(c["outcome"].astype(str) == o) & c["variable"].isin(["origin", "generation"])]
        tot = {(str(v), str(x)): (np.nan if pd.isna(p) else float(p)) for v, x, p in
               zip(cc["variable"], cc["value"], cc["n_persons"], strict=True)}
        true = {k: 0.0 for k in tot}
        for r in np.flatnonzero((t["outcome"].astype(str) == o).to_numpy()):
            for j, v in enumerate(("origin", "generation")):
                true[(v, key.iat[r][j])] = true.get((v, key.iat[r][j]), 0.0) + n[r]
        if o not in persons:
            continue
        n_all = float(persons[o])
        rest = n_all - n[(t["outcome"].astype(str) == o).to_numpy()].sum()
        true[("origin", ref_origin)] = true[("generation", ref_gen)] = rest
        unknown = [int(r) for r in rows] + [k for k, v in tot.items() if np.isnan(v)]
        col = {u: i for i, u in enumerate(unknown)}
        a_eq, b_eq = [], []

        def equation(parts: dict, rhs: float, unknown: list = unknown, col: dict = col,
                     tot: dict = tot, a_eq: list = a_eq, b_eq: list = b_eq) -> None:
            a, b = np.zeros(len(unknown)), rhs
            for u, w in parts.items():
                if u in col:
                    a[col[u]] += w
                else:
                    b -= w * (n[u] if isinstance(u, int) else tot[u])
            a_eq.append(a)
            b_eq.append(b)

        for v, x in tot:
            j = int(v == "generation")
            if x in (ref_origin, ref_gen) or (j and not generations):
                continue
            cells = {int(r): 1.0 for r in np.flatnonzero((t["outcome"].astype(str) == o)
                                                         .to_numpy()) if key.iat[r][j] == x}
            equation({**cells, (v, x): -1.0}, 0.0)
        for v in ("origin", "generation")[:1 + generations]:
            equation({k: 1.0 for k in tot if k[0] == v}, n_all)
        if generations and ("origin", ref_origin) in tot and ("generation", ref_gen) in tot:
            equation({("origin", ref_origin): 1.0, ("generation", ref_gen): -1.0}, 0.0)
        value = [n[u] if isinstance(u, int) else true.get(u, 0.0) for u in unknown]
        bounds = [(min(1.0, x), min_cell - 1.0) if x < min_cell else (float(min_cell), None)
                  for x in value]
        small = {u for u, x in zip(unknown, value, strict=True) if x < min_cell}
        mine = np.flatnonzero((t["outcome"].astype(str) == o).to_numpy())
        if not a_eq:
            continue
        a_arr, b_arr = np.array(a_eq), np.array(b_eq)
        for r in rows:
            if n[r] >= min_cell or n[r] == 0:
                continue
            # the markers' own cap (dpo28, as disclosure._marker_high): a total hidden as
            # small holding this cell and other cells hidden as small (each at least 1)
            cap = min_cell - 1.0
            for j, v in enumerate(("origin", "generation")[:1 + generations]):
                x = key.iat[r][j]
                if (v, x) in small:
                    # a hidden zero of a small cell (dpo34) is not at least 1
                    cap = min(cap, min_cell - 1.0 - sum(
                        1 for q in mine if q != r and int(q) in small and n[int(q)] > 0
                        and key.iat[q][j] == x))
            try:
                lo, hi = _component_interval(a_arr, b_arr, bounds, col[int(r)])
            except RuntimeError:  # infeasible: the markers of another table disagree
                continue
            if not _protected_enough(lo, hi, min_cell, cap):
                out.append(int(r))
    return out


def inflow_counts(data: pd.DataFrame, min_cell: int | None = None
                  ) -> pd.DataFrame | Protected:
    """Spells, quarters at risk and first inflows per outcome.

    Returns
    -------
    DataFrame, or :class:`mia_helpers.disclosure.Protected` when ``min_cell`` is given
        One row per outcome (``no_inflow`` = spells that end without inflow, censored):
        outcome, n_spells, n_persons, pct_spells (% of all spells, one decimal). Under
        disclosure control small counts are hidden and, since the spells of all outcomes add
        up to a known total, so many more spell counts that none can be recovered
        (complement rule); ``pct_spells`` follows ``n_spells``. A person can flow into
        one outcome in several spells, so an outcome's spells less its persons count the
        repeated inflows, and between 1 and that many persons have more than one: where it is
        below ``min_cell`` the persons are hidden (a remainder of :func:`mia_helpers.disclosure.suppress`'s
        ``relations``; dpo22, seed 7171, 2,500 residents, ``min_cell`` 11: 132 sanction
        transmissions of 128 persons said that one to four jobseekers were sanctioned twice).
    """
    last = data.groupby(["person_id", "spell"], sort=False).tail(1)
    out = (last.groupby("outcome_label", observed=False)
           .agg(n_spells=("u", "size"), n_persons=("person_id", "nunique")).reset_index()
           .rename(columns={"outcome_label": "outcome"}))
    out["outcome"] = out["outcome"].astype(str)
    out["pct_spells"] = (100 * out["n_spells"] / out["n_spells"].sum()).round(1)
    if min_cell is None:
        return out
    from mia_helpers.disclosure import suppress

    return suppress(out, count_cols=["n_spells", "n_persons"], min_cell=min_cell,
                    value_cols={"pct_spells": "n_spells"}, groups={"n_spells": []},
                    relations=[("n_spells", ["n_persons"], False)],
                    keys=["outcome"], name="inflow counts")


def fit_sizes(fits: Mapping[str, InflowFit], min_cell: int = 10,
              name: str = "inflow model sizes") -> Protected:
    """Size and convergence of the inflow models (one row per model, in the order of
    ``fits``): ``model``, ``terms per outcome``, ``quarters`` (jobseeker quarters at risk),
    ``spells``, ``persons``, ``converged`` ("True"/"False"), under disclosure control.

    The quarters, spells and persons are counts like any other (on a small extract they can
    be few), and a model's spells less its persons count the repeated spells: between 1 and
    that many persons have more than one, so where that remainder is below ``min_cell`` the
    persons are hidden (:func:`mia_helpers.disclosure.suppress`'s ``relations``, the rule of
    :func:`inflow_counts` and of chapter 1's register overview, which hides the VDAB
    registrations' persons by it: the models' spells and persons, on an extract without
    exclusions its rows and persons, gave them back). Likewise the quarters less the spells
    (the spells' quarters after their first). The table was built in the notebook without
    control before dpo23. The models share the sample, so a count hidden in one model's row is
    hidden in every row (else another row gives it).
    """
    from mia_helpers.disclosure import hide_more, suppress

    out = pd.DataFrame([{"model": str(name), "terms per outcome": len(f.columns),
                         "quarters": int(f.n_rows), "spells": int(f.n_spells),
                         "persons": int(f.n_persons), "converged": str(bool(f.converged))}
                        for name, f in fits.items()])
    counts = ["quarters", "spells", "persons"]
    if out.empty:
        out = pd.DataFrame(columns=["model", "terms per outcome", *counts, "converged"])
    prot = suppress(out, count_cols=counts, min_cell=min_cell,
                    relations=[("spells", ["persons"], False), ("quarters", ["spells"], False)],
                    name=name)
    # the same sample in every model: a count hidden anywhere is hidden everywhere
    same = {c: np.full(len(out), bool(prot.mask[c].any())) for c in counts}
    return hide_more(prot, same, "complement", f"{name}: shared sample", min_cell)


def at_risk_phrase(data: pd.DataFrame, min_cell: int = 10) -> str:
    """``"17,944 jobseeker quarters at risk of 2,670 persons"`` for the caption of the inflow
    counts (``data``: :func:`competing_data`), each count under the rules of
    :func:`fit_sizes` (the same sample; a hidden count reads as its marker, ``"<10"`` or
    ``"x"``), so the caption does not give back what the model-size table hides."""
    spells = int(data[["person_id", "spell"]].drop_duplicates().shape[0])
    one = SimpleNamespace(columns=[], n_rows=len(data), n_spells=spells,
                          n_persons=int(data["person_id"].nunique()), converged=True)
    prot = fit_sizes({"sample": one}, min_cell, name="inflow sample (caption)")
    shown = prot.render()

    def text(col: str) -> str:
        value = prot.data.loc[0, col]
        return str(shown.loc[0, col]) if pd.isna(value) else f"{int(value):,}"

    return f"{text('quarters')} jobseeker quarters at risk of {text('persons')} persons"


def cell_rrr_table(fit: InflowFit, data: pd.DataFrame, level: float = 0.95) -> pd.DataFrame:
    """Relative risk ratios of the origin x generation groups (versus ``belgian:native``).

    Returns
    -------
    DataFrame
        Long: origin_generation (:data:`KEY`), outcome, ``estimate`` (the log RRR), ``se``,
        ``exp_estimate`` (the RRR), ``exp_ci_low``, ``exp_ci_high`` (:meth:`InflowFit.tidy`'s
        columns at ``level``: one concept, one name; the reader's label "RRR" comes from
        :data:`mia_helpers.labels.RRR_LABELS`), ``identified``,
        n_persons (distinct persons of the group with a first inflow into the outcome: the
        count behind the estimate, for disclosure control), df_resid (residual degrees of
        freedom of the model, for acro's check). Where n_persons is 0 the maximum
        likelihood estimate does not exist and the estimate columns are NaN.
    """
    td = fit.tidy(level).drop(columns=["n", "n_persons", "n_events"])
    prefix = f"{KEY}["
    td = td[td["term"].str.startswith(prefix)].copy()
    td[KEY] = td["term"].str[len(prefix):-1]
    td["outcome"] = td["outcome"].astype(str)
    ev = data[data["outcome"].to_numpy() > 0]
    n = (ev.groupby([KEY, "outcome_label"], observed=True)["person_id"].nunique()
         .rename("n_persons").reset_index().rename(columns={"outcome_label": "outcome"}))
    n["outcome"] = n["outcome"].astype(str)
    td = td.merge(n, on=[KEY, "outcome"], how="left")
    td["n_persons"] = td["n_persons"].fillna(0).astype(np.int64)
    # no inflow at all in the group: the estimate runs off to zero and is not shown
    none = td["n_persons"].to_numpy() == 0
    td.loc[none, ["estimate", "se", "exp_estimate", "exp_ci_low", "exp_ci_high"]] = np.nan
    td.loc[none, "identified"] = False
    return td[[KEY, "outcome", "estimate", "se", "exp_estimate", "exp_ci_low", "exp_ci_high",
               "identified", "n_persons", *(["df_resid"] if "df_resid" in td.columns else [])]]


def persons_by_cell(data: pd.DataFrame) -> pd.Series:
    """Distinct persons of each origin x generation cell (``origin_generation``) in
    :func:`competing_data` rows: the persons at risk of every outcome of the cell (dpo34,
    :func:`suppress_cell_rrr`'s ``group_persons``).

    Returns
    -------
    Series
        int64, indexed by the cell label (str), named ``n_persons``.

    Raises
    ------
    ValueError
        If ``data`` lacks ``origin_generation`` or ``person_id``.
    """
    missing = [c for c in (KEY, "person_id") if c not in data.columns]
    if missing:
        raise ValueError(f"persons_by_cell: columns {missing} missing (rows of competing_data)")
    n = data.groupby(data[KEY].astype(str))["person_id"].nunique().astype(np.int64)
    return n.rename("n_persons")


def _zero_cells(table: pd.DataFrame, group_persons: Mapping[str, float] | pd.Series | None,
                min_cell: int) -> dict[str, np.ndarray] | None:
    """:func:`suppress_cell_rrr`'s zeros of small cells: ``n_persons`` 0 (nobody of the cell
    flowed in) where the cell has fewer than ``min_cell`` persons (``group_persons``);
    None without ``group_persons``."""
    from mia_helpers.disclosure import zeros_of_small_groups

    if group_persons is None:
        return None
    gp = {str(k): v for k, v in dict(group_persons).items()}
    cells = table[KEY].astype(str)
    absent = sorted(set(cells) - set(gp))
    if absent:
        raise ValueError(f"suppress_cell_rrr: group_persons lacks the cells {absent} of the "
                         "table; pass the persons of every cell (persons_by_cell(data))")
    persons = cells.map(gp).to_numpy(dtype=float)
    return {"n_persons": zeros_of_small_groups(table, ["n_persons"], persons,
                                               min_cell)["n_persons"]}


def suppress_cell_rrr(table: pd.DataFrame, min_cell: int,
                      composition: Protected | None = None,
                      name: str = "inflow cell rrr", *,
                      group_persons: Mapping[str, float] | pd.Series | None = None
                      ) -> Protected:
    """Disclosure control of :func:`cell_rrr_table` against the composition table's totals.

    :func:`profile_table` publishes, per outcome, the share of its first inflows (spells) of
    each origin, and :func:`inflow_counts` the outcome's spells: their product is the origin's
    spells, at least its persons (and at most the outcome's spells less persons above them).
    The origin x generation cells of one outcome and origin add up to those persons, so
    suppressing each cell on its own let an origin's spells less its published cells bound
    its hidden cells (dpo18, seed 7, 2,000 residents, 1,000 newcomers, min_cell 20:
    Sub-Saharan origin held 10.4 % of vocational training's 309 spells, 32, and its first
    generation showed 20 persons, so its two hidden generations held at most 12 persons
    together). Here the cells of one outcome and origin whose share the composition table
    publishes are a group whose total the reader knows (rule ``complement``): its hidden
    cells are two or more and add up to ``min_cell`` persons or more, and the exact audit
    marks the table ``fail`` where no suppression can protect them.

    A generation's cells span the origins and add up to the generation's persons, which the
    composition table publishes too (old27; close24-26 left them to the composition table's
    audit). After the origins' rule, the origins' and the generations' totals are audited
    together (:func:`_narrowed_by_generation`); a hidden small cell they narrow beyond what
    the origins' totals alone do gets a shown cell hidden beside it (``complement``: the
    smallest shown cell of its generation, else of its origin, else of its outcome), and the
    rules run again. Where no cell of this table is left to hide (a generation whose cells
    are all small: Turkish first 5 and Maghrebi first 7 of a known 12, each at least 3), the
    checking record gets an entry ``<name> against the generations' totals`` listing them as
    narrowed, which ``export-check`` refuses until the composition table hides that total:
    since comp27 :func:`profile_table`, given ``withhold`` as chapter 3 gives it, withholds
    such a generation's persons itself (:func:`_generations_withheld`), so the entry is left
    for callers that do not. Given ``composition``, the hidden cells are also read with the
    composition's hidden origin and generation totals as unknowns bounded by their markers
    (:func:`_narrowed_by_markers`, the outcome's persons being the natives' shown persons
    plus the cells'); a cell so narrowed gets an entry ``<name> against the composition's
    markers`` (dpo28; ``export-check`` refuses it; in the chapter's order the composition
    has already withheld what frees them).

    The origins whose share the composition table hides are one group: their shares are the
    100 % less the shown ones, so their cells' sum is known (narrow24: before, each was a
    group of its own, no total). Where the composition table shows the Belgian share, that is;
    else (or without ``composition``) they belong to no group. An origin whose own total
    leaves a small cell narrowed whatever this table hides (dpo24, seed 3737, 4,000
    residents, 1,200 newcomers, ``min_cell`` 13: Sub-Saharan origin's 33 IBO spells, its first
    and second generations ``x``, so its intermediate generation at most 33 - 26 = 7) is for
    the composition table to hide: :func:`composition_withheld`, computed before it.

    Parameters
    ----------
    table : DataFrame
        :func:`cell_rrr_table` (``origin_generation`` ``"origin:generation"``, ``outcome``,
        ``n_persons``, the estimate columns, optionally ``df_resid``).
    min_cell : int
        Minimum persons behind a published count.
    composition : Protected, optional
        :func:`profile_table` under the same ``min_cell``: an origin's total counts as known
        only where it publishes that origin's share of the outcome. Default None: every
        origin's total with ``min_cell`` persons or more counts as known.
    name : str
        Name of the table in the checking record.
    group_persons : mapping or Series ``{origin_generation: persons}``, optional
        The persons of each cell (at risk of every outcome; :func:`persons_by_cell`). A cell
        of fewer than ``min_cell`` persons of which nobody flowed into an outcome would show
        ``n_persons`` 0: "none of the 4 persons of the cell started IBO", an attribute
        disclosure about each of them (dpo34). Such zeros are hidden (``complement``,
        rendered ``x``; :func:`mia_helpers.disclosure.zeros_of_small_groups`), counted in
        the checking record, and the origins' totals protect them as a small count. Default
        None: the cells' persons are unknown here and zeros are shown (as before dpo34).

    Returns
    -------
    Protected
        The table (same columns) with small counts and their estimates hidden.

    Raises
    ------
    ValueError
        If ``group_persons`` lacks a cell of ``table``, and as
        :func:`mia_helpers.disclosure.suppress`.
    """
    zeros = _zero_cells(table, group_persons, min_cell)
    out, left = _suppress_cells(table, min_cell, composition, name, record=True, zeros=zeros)
    if left:  # nothing inside this table protects them: the composition must hide a total
        _record_narrowed(f"{name} against the generations' totals", out, left, min_cell)
    if composition is not None and "n_persons" in composition.data.columns:
        # the composition's hidden totals read through their markers (dpo28)
        marked = sorted(set(_narrowed_by_markers(table, out, composition, min_cell,
                                                 _outcome_persons(table, composition)))
                        - set(left))
        if marked:
            _record_narrowed(f"{name} against the composition's markers", out, marked,
                             min_cell, [f"n_persons ({table[KEY].iat[r]}, "
                                        f"{table['outcome'].iat[r]})" for r in marked])
    return out


def _outcome_persons(table: pd.DataFrame, composition: Protected) -> dict[str, float]:
    """Each outcome's persons with a first inflow (published by :func:`inflow_counts`) as
    :func:`suppress_cell_rrr` knows them: the natives' persons the composition table shows
    plus the cells' persons. An outcome whose natives the composition hides is left out
    (:func:`_narrowed_by_markers` then skips it; the chapter's own check,
    :func:`_generations_withheld`, counts the persons from the data)."""
    ref = REFERENCE_GROUP.split(":", 1)[0]
    c = composition.data
    nat = c[(c["variable"] == "origin") & (c["value"].astype(str) == ref)
            & c["n_persons"].notna()]
    cells = pd.to_numeric(table["n_persons"]).groupby(table["outcome"].astype(str)).sum()
    return {str(o): float(p) + float(cells.get(str(o), 0.0))
            for o, p in zip(nat["outcome"].astype(str), nat["n_persons"], strict=True)}


def _suppress_cells(table: pd.DataFrame, min_cell: int, composition: Protected | None,
                    name: str, record: bool,
                    zeros: Mapping[str, np.ndarray] | None = None
                    ) -> tuple[Protected, list[int]]:
    """:func:`suppress_cell_rrr`'s rules (recorded if ``record``) and the rows of hidden
    small cells left narrowed against the generations' totals (not recorded here)."""
    from mia_helpers.disclosure import NO_GROUP, suppress

    t = table.copy()
    shown, whole = None, set()
    if composition is not None:
        c = composition.data
        ok = ((c["variable"] == "origin") & ~composition.mask["share"]).to_numpy()
        shown = set(zip(c["outcome"].astype(str)[ok], c["value"].astype(str)[ok], strict=True))
        ref = REFERENCE_GROUP.split(":", 1)[0]
        whole = {o for o, v in shown if v == ref}
    t["_origin"] = _origin_groups(t, min_cell, shown, whole)
    gen = _generation_groups(t, min_cell, composition)
    values = [c for c in ("exp_estimate", "exp_ci_low", "exp_ci_high", "estimate", "se")
              if c in t.columns]
    extra = np.zeros(len(t), bool)  # hidden for the generations' totals (old27)

    def run(final: bool) -> Protected:
        return suppress(t, count_cols=["n_persons"], min_cell=min_cell, value_cols=values,
                        groups={"n_persons": ["outcome", "_origin"]},
                        hide={"n_persons": extra} if extra.any() else None,
                        hide_rule="complement", zeros=zeros,
                        dof="df_resid" if "df_resid" in t.columns else None, name=name,
                        record=final and record)

    n = pd.to_numeric(t["n_persons"]).to_numpy(float)
    for _ in range(len(t)):  # each round hides one more cell or stops
        prot = run(final=False)
        shown_now = prot.reason["n_persons"].to_numpy() == ""
        bad = _narrowed_by_generation(prot, t, gen, min_cell)
        # the smallest shown cell of its generation, else of its origin, else of its outcome
        cands = []
        for same in (gen, t["_origin"].to_numpy(), t["outcome"].astype(str).to_numpy()):
            cands = [i for b in bad for i in np.flatnonzero(same == same[b])
                     if shown_now[i] and n[i] > 0 and same[b] != NO_GROUP]
            if cands:
                break
        if not cands:
            break  # protected, or nothing left to hide (the record says narrowed)
        extra[min(cands, key=lambda i: n[i])] = True
    out = run(final=True)
    return out.drop(["_origin"]), _narrowed_by_generation(out, t, gen, min_cell)


def _record_narrowed(name: str, prot: Protected, rows: Sequence[int], min_cell: int,
                     labels: Sequence[str] | None = None) -> None:
    """A checking-record entry listing the hidden small cells of ``rows`` as narrowed (it
    hides no cell itself; ``export-check`` refuses a record listing narrowed cells until the
    chapter hides a total more). ``labels``: the cells' names (default ``n_persons (row
    i)``, rows counted from 1)."""
    from mia_helpers import disclosure

    labels = list(labels) if labels is not None else [
        f"n_persons (row {int(r) + 1})" for r in rows]
    empty = pd.DataFrame("", index=prot.reason.index, columns=["n_persons"])
    disclosure._record(name, empty, len(empty), min_cell, ["n_persons"], [], None, None,
                       disclosure.DEFAULT_DOF_THRESHOLD, disclosure.DEFAULT_NK_N,
                       disclosure.DEFAULT_NK_K, disclosure.DEFAULT_PRATIO_P, [], labels)
    if disclosure.os.environ.get(disclosure.RECORD_ENV):
        disclosure.write_record(disclosure.os.environ[disclosure.RECORD_ENV])


def _generation_groups(t: pd.DataFrame, min_cell: int, composition: Protected | None
                       ) -> np.ndarray:
    """The generation group ``"outcome|generation"`` of each row of :func:`cell_rrr_table`
    whose total the reader knows: the composition table's persons (or share) of that
    generation in that outcome are published (a generation's cells span the origins and add
    up to its persons); without ``composition``, every generation of ``min_cell`` persons or
    more. Else :data:`mia_helpers.disclosure.NO_GROUP`."""
    from mia_helpers.disclosure import NO_GROUP

    generation = t[KEY].astype(str).str.split(":", n=1).str[1].fillna("")
    outcome = t["outcome"].astype(str)
    if composition is None:
        known = (t.groupby([outcome, generation])["n_persons"].transform("sum").to_numpy()
                 >= min_cell)
    else:
        c, m = composition.data, composition.mask
        hid = np.logical_and.reduce([m[k].to_numpy() for k in ("n_persons", "share", "n_inflows")
                                     if k in m.columns] or [np.ones(len(c), bool)])
        ok = (c["variable"] == "generation").to_numpy() & ~hid
        pub = set(zip(c["outcome"].astype(str)[ok], c["value"].astype(str)[ok], strict=True))
        known = np.array([(o, g) in pub for o, g in zip(outcome, generation, strict=True)],
                         dtype=bool)
    return np.where(known, (outcome + "|" + generation).to_numpy(), NO_GROUP).astype(object)


def _narrowed_by_generation(prot: Protected, t: pd.DataFrame, gen: np.ndarray,
                            min_cell: int) -> list[int]:
    """Rows of :func:`suppress_cell_rrr`'s table whose hidden small count the origins' and the
    generations' known totals together narrow (the exact audit,
    :func:`mia_helpers.disclosure.feasible_intervals`, on a copy of the counts grouped by
    generation and tied to the counts grouped by origin)."""
    from mia_helpers.disclosure import Protected as P
    from mia_helpers.disclosure import feasible_intervals

    d = pd.DataFrame({"outcome": t["outcome"].to_numpy(), "_origin": t["_origin"].to_numpy(),
                      "_gen": gen, "n_persons": t["n_persons"].to_numpy(),
                      "_n_gen": t["n_persons"].to_numpy()})
    r = pd.DataFrame("", index=d.index, columns=d.columns)
    r["n_persons"] = r["_n_gen"] = prot.reason["n_persons"].to_numpy()
    iv = feasible_intervals(P(d, r, ["n_persons", "_n_gen"], min_cell, "audit"),
                            relations=[("n_persons", ["_n_gen"], True)],
                            groups={"n_persons": ["outcome", "_origin"],
                                    "_n_gen": ["outcome", "_gen"]}, table=d)
    bad = iv[~iv["protected"].astype(bool) & (iv["kind"] == "cell")]
    if bad.empty:
        return []
    alone = feasible_intervals(P(d, r, ["n_persons"], min_cell, "audit"),
                               groups={"n_persons": ["outcome", "_origin"]}, table=d)
    was = {int(x) for x in alone.loc[~alone["protected"].astype(bool), "row"]}
    # narrowed by the generations' totals: not already by the origins' (suppress's own audit)
    return sorted({int(x) for x in bad["row"]} - was)


_HIDDEN_ORIGINS = "(origins whose share is hidden)"


def _origin_groups(t: pd.DataFrame, min_cell: int, shown: set | None, whole: set
                   ) -> np.ndarray:
    """The group of each row of :func:`cell_rrr_table` (``origin_generation``, ``outcome``,
    ``n_persons``) in :func:`suppress_cell_rrr`: its origin where the composition table shows
    the origin's share (``shown``: ``(outcome, origin)`` pairs; None: every origin of
    ``min_cell`` persons or more) and the origin has ``min_cell`` persons or more; else, for an
    outcome of ``whole`` (the composition shows the Belgian share, so the hidden shares add up
    to a known rest), one group of the outcome's hidden origins; else
    :data:`mia_helpers.disclosure.NO_GROUP`."""
    from mia_helpers.disclosure import NO_GROUP

    origin = t[KEY].astype(str).str.split(":", n=1).str[0]
    outcome = t["outcome"].astype(str)
    known = (t.groupby([outcome, origin])["n_persons"].transform("sum").to_numpy() >= min_cell)
    if shown is not None:
        known &= np.array([(o, g) in shown for o, g in zip(outcome, origin, strict=True)],
                          dtype=bool)
    rest = np.where(outcome.isin(whole).to_numpy(), _HIDDEN_ORIGINS, NO_GROUP)
    return np.where(known, origin.to_numpy(), rest).astype(object)


def composition_withheld(data: pd.DataFrame, min_cell: int) -> dict[str, list[str]]:
    """Origins whose share of an outcome :func:`profile_table` must hide (its ``withhold``)
    so that :func:`suppress_cell_rrr` can protect every hidden cell of the RRR table.

    The composition table is published first, but its origin shares times the outcome's
    spells are the totals of the RRR table's origin x generation cells. Where an origin's
    total leaves a hidden small cell narrowed whatever the RRR table hides (dpo24, seed 3737,
    4,000 residents, 1,200 newcomers, ``min_cell`` 13: Sub-Saharan origin's 33 IBO spells, its
    first and second generations ``x``, its intermediate generation at most 7; Eastern EU's
    32, all three generations ``<13``, each at least 8), the origin's share is withheld and its
    cells join the group of the hidden origins (their sum, the rest of the 100 %, is known).
    Computed on the cells' persons (:func:`cell_rrr_table`'s ``n_persons``) before any table
    is published: the RRR table's suppression is run (not recorded) with the groups it will
    have, and :func:`mia_helpers.disclosure.feasible_intervals` finds the cells no
    suppression inside it protects; their origin is withheld, or, for a cell already among
    the hidden origins, the outcome's smallest shown origin too, until none is left
    (the composition table's own rules may hide further origins: that only joins them to
    the hidden group, which widens every interval). Origins with fewer than ``min_cell``
    persons in the outcome are withheld from the start (their total would bound their cells
    below ``min_cell``).

    Returns
    -------
    dict
        ``{outcome: [origins]}``, only outcomes with a withheld origin.
    """
    from mia_helpers.disclosure import feasible_intervals, suppress

    t = _cell_persons(data)
    outcomes = list(dict.fromkeys(t["outcome"]))
    origin = t[KEY].str.split(":", n=1).str[0]
    size = t.groupby([t["outcome"], origin])["n_persons"].sum()
    held: dict[str, set[str]] = {o: set() for o in outcomes}
    for (o, g), v in size.items():
        if v < min_cell:
            held[str(o)].add(str(g))
    whole = set(outcomes)
    for _ in range(len(size) + 1):  # each round withholds one more origin or stops
        shown = {(str(o), str(g)) for (o, g) in size.index if str(g) not in held[str(o)]}
        t["_g"] = _origin_groups(t, min_cell, shown, whole)
        prot = suppress(t, count_cols=["n_persons"], min_cell=min_cell,
                        groups={"n_persons": ["outcome", "_g"]}, record=False)
        iv = feasible_intervals(prot, groups={"n_persons": ["outcome", "_g"]}, table=t)
        bad = iv[~iv["protected"].astype(bool)]
        if bad.empty:
            break
        added = False
        for r in bad["row"]:
            o, g, grp = str(t.at[r, "outcome"]), str(origin[r]), t.at[r, "_g"]
            if grp != _HIDDEN_ORIGINS and g not in held[o]:
                held[o].add(g)
                added = True
                break
            rest = [(v, str(gg)) for (oo, gg), v in size.items()
                    if str(oo) == o and str(gg) not in held[o]]
            if rest:
                held[o].add(min(rest)[1])
                added = True
                break
        if not added:
            break
    return {o: sorted(g) for o, g in held.items() if g}


def published_cell_curves(curves: pd.DataFrame, rrr: pd.DataFrame,
                           reference: str = REFERENCE_GROUP,
                           flags: pd.DataFrame | None = None) -> pd.DataFrame:
    """The model-based curves (:func:`predict_cif` of a profile per cell) that rest on a
    published estimate: a cell's curve of an outcome is kept only where the disclosure-
    controlled :func:`cell_rrr_table` shows that cell's RRR for that outcome (the reference
    cell has no RRR and is kept), so a figure never draws a coefficient the table hides.

    Parameters
    ----------
    curves : rows with ``profile`` (an origin x generation cell, as :func:`profiles` names
        them) and ``outcome``.
    rrr : :func:`cell_rrr_table` after disclosure control (``Protected.data``: hidden values
        missing), with :data:`KEY`, ``outcome`` and ``exp_estimate``.
    reference : the reference cell.
    flags : optional rows of :func:`unidentified_cell_outcomes` (or :func:`origin_gap`'s
        output): the curves of the (cell, outcome) pairs the model cannot identify are
        dropped too, and so are those where ``exp_estimate`` has ``identified`` False (a curve of a
        cell without inflow is a flat 0 per cent extrapolation, not an estimate). The
        reference's own curves go only when the reference has no inflow into the outcome
        (reason ``reference_no_events``).

    Returns
    -------
    DataFrame: the rows of ``curves`` kept, index reset.

    Raises
    ------
    ValueError naming the missing columns of either table.
    """
    from mia_helpers.labels import require_columns

    require_columns(curves, ["profile", "outcome"], "competing.published_cell_curves",
                    "competing.predict_cif")
    require_columns(rrr, [KEY, "outcome", "exp_estimate"], "competing.published_cell_curves",
                    "competing.cell_rrr_table (after disclosure control)")
    shown = rrr[pd.to_numeric(rrr["exp_estimate"], errors="coerce").notna()]
    if "identified" in shown.columns:
        shown = shown[shown["identified"].astype(bool)]
    pairs = set(zip(shown[KEY].astype(str), shown["outcome"].astype(str), strict=True))
    bad = _flag_lookup(flags) if flags is not None else {}
    no_ref = {o for (_, o), r in bad.items() if r == "reference_no_events"}
    keep = [((p == reference) and (o not in no_ref)) or ((p, o) in pairs and (p, o) not in bad)
            for p, o in zip(curves["profile"].astype(str), curves["outcome"].astype(str),
                            strict=True)]
    return curves[keep].reset_index(drop=True)


def profiles(
    cells: Iterable[str],
    u: int = 0,
    **covariates: Any,
) -> pd.DataFrame:
    """Covariate profiles for :func:`predict_cif`: one row per origin x generation group
    (``cells``: values of :data:`KEY`, e.g. ``"maghreb:second"``).

    Defaults describe a young jobseeker without work experience: Dutch ``good``, education
    ``mid``, experience 0, male, age 25, single, no children, no integration contract,
    employed parent with medium education, non-employed since the spell started.
    Override any of them by keyword (e.g. ``dutch_level="basic"``).

    ``u``: the elapsed duration (quarters) of every row. Returns one row per cell with
    ``origin_generation``, ``profile`` (= the cell), ``u``, the covariates above and
    ``low_link`` (float 0/1).

    Raises
    ------
    ValueError
        For a keyword that is not one of the covariates above, a cell that is not an
        origin x generation group, or ``cells`` one string or not iterable
        (:func:`mia_helpers.labels.cell_list`; any iterable, a generator too, is read once).
    """
    base: dict[str, Any] = {
        "dutch_level": "good", "education": "mid", "experience": 0, "sex": "male",
        "age": 25, "household": "single", "children": 0, "feeder": 0.0,
        "parent_employed": True, "parent_education": "mid", "nonemployed_at_start": 0,
    }
    unknown = [k for k in covariates if k not in base]
    if unknown:
        raise ValueError(f"unknown profile {plural(unknown, 'covariate')} {unknown}; known: "
                         f"{sorted(base)}")
    base.update(covariates)
    cells = cell_list(cells, "competing.profiles")  # a generator: read once (mend45)
    bad = [c for c in cells if c not in _groups()]
    if bad:
        raise ValueError(f"unknown origin x generation {plural(bad, 'group')} {bad}; known: "
                         f"{_groups()}")
    d = pd.DataFrame({KEY: list(cells), "profile": list(cells), "u": u, **base})
    o = d[KEY].str.split(":").str[0]
    g = d[KEY].str.split(":").str[1]
    d["low_link"] = (o.isin(codes.NON_EU_ORIGINS) | ((o == "southern_eu") & (g != "second"))
                     ).astype(float)
    return d


#: spells of :func:`origin_gap`'s groups predicted in one call of :func:`predict_cif` (their
#: rows there are (horizon + 1) x 2 times as many, each with the model's design columns:
#: about 0.4 GB at 50,000 spells, horizon 8 and 50 columns)
_GAP_BATCH_ROWS = 50_000


def origin_gap(
    data: pd.DataFrame,
    fit: InflowFit | CompetingModel | GeneratorHazards,
    horizon: int = 8,
    cells: Sequence[str] | None = None,
    reference: str = REFERENCE_GROUP,
) -> pd.DataFrame:
    """Gap in cumulative inflow between each origin x generation cell and the reference.

    For the persons of a cell, at the first quarter of each of their spells, the model-based
    cumulative incidence at ``horizon`` is averaged twice: with their own cell, and with the
    reference cell, keeping all their other covariates (an Oaxaca-Blinder style counterfactual
    on the probability scale). ``adjusted_gap`` is their difference; ``raw_gap`` is the
    nonparametric cumulative incidence of the cell minus that of the reference. The
    share of the raw gap that the model's other covariates account for is, in per cent,
    ``share_explained_pct = 100 * (1 - adjusted_gap / raw_gap)`` (per cent, as the book's
    other shares, e.g. chapter 2's KHB ``share_pct``).

    When ``fit`` has the exit outcomes (:class:`CompetingModel`, or :class:`GeneratorHazards`
    with ``exits=True``) leaving the register is a competing event in both the
    nonparametric and the model-based curves, and the reference cell's origin terms replace
    the cell's in the exit hazards too; otherwise exits are treated as censoring.

    Returns
    -------
    DataFrame
        Columns: origin_generation (:data:`KEY`), outcome, n_spells, n_persons (of the
        group), n_inflow_persons (persons of the group with a first inflow into the outcome
        within ``horizon`` quarters, u <= horizon: those behind cum_incidence_group),
        n_reference_inflow_persons (the same for the reference cell, behind
        cum_incidence_reference and so behind every gap; counts for disclosure control:
        suppress with all three, see chapter 3), cum_incidence_group, cum_incidence_reference
        (nonparametric, at horizon, %),
        raw_gap, adjusted_gap (percentage points), share_explained_pct (%, NaN when the raw gap
        is below 0.1 pp), identified (bool), not_identified_reason (str, ``""`` where
        identified; :data:`GAP_FLAGS`). Where the model cannot identify the cell's term for
        the outcome (:func:`unidentified_cell_outcomes`: no inflow of the cell or of the
        reference, a dropped or separated term) every value of the cell
        (:data:`GAP_NOT_IDENTIFIED_VALUES`: cum_incidence_group, raw_gap, adjusted_gap,
        share_explained_pct) is NaN, so the frame carries no finite estimate of a cell it
        flags: never a prediction that extrapolates (a cell with no inflow would show an
        adjusted gap equal to minus the reference's level, or 0.0 pp), and no raw gap beside
        a gap the table calls "not identified" (prose36: the raw gap and the cell's
        cumulative incidence stayed). The counts, cum_incidence_reference (the reference's,
        published in every row of the outcome) and the flags stay.

    Warns
    -----
    NotIdentifiedWarning
        (:class:`mia_helpers.core.NotIdentifiedWarning`) naming every pair not identified.

    Raises
    ------
    ValueError
        If ``fit`` has no ``origin`` block; when ``cells`` is one string or not iterable
        (:func:`mia_helpers.labels.cell_list`); and as :func:`predict_cif` for the persons'
        covariate rows.
    """
    if "origin" not in getattr(fit, "blocks", ()):
        raise ValueError("origin_gap needs a fit with the 'origin' block")
    exits = any(o in EXITS for o in fit.outcomes)
    base = data[data["u"].to_numpy() == data.groupby(["person_id", "spell"])["u"].transform(
        "min").to_numpy()]
    # the cells in the book's order (origins of codes.ORIGINS, then generations)
    cells = (cell_list(cells, "competing.origin_gap") if cells is not None
             else sorted(set(base[KEY].astype(str)) - {reference}, key=book_rank))
    # the persons behind the cumulative incidence at the horizon: first inflows up to it
    ev = data[(data["outcome"].to_numpy() > 0) & (data["u"].to_numpy() <= horizon)]
    n_ev = ev.groupby([KEY, "outcome_label"], observed=True)["person_id"].nunique()
    n_group = base.groupby(KEY)["person_id"].nunique()
    np_cif = nonparametric_cif(data, by=KEY, horizon=horizon, exits=exits)
    np_cif = np_cif[np_cif["u"] == horizon].set_index([KEY, "outcome"])["cum_incidence"]
    keys = base[KEY].astype(str).to_numpy()
    groups = [(c, base[keys == c]) for c in cells]
    groups = [(c, b) for c, b in groups
              if not b.empty and c in np_cif.index.get_level_values(0)]
    # the groups' own and reference profiles predicted together, in batches of at most
    # _GAP_BATCH_ROWS spells (one design matrix per batch instead of one per group; the rows
    # of a batch are (horizon + 1) times as many, so memory stays bounded on a large extract)
    pcs: dict[str, pd.DataFrame] = {}
    batch: list[tuple[str, pd.DataFrame]] = []
    for i, (c, b) in enumerate(groups):
        batch.append((c, b))
        if i + 1 == len(groups) or sum(len(x) for _, x in batch) + len(groups[i + 1][1]) > \
                _GAP_BATCH_ROWS:
            frames = []
            for j, (_, bj) in enumerate(batch):
                frames.append(bj.assign(profile=f"{j}:own"))
                frames.append(bj.assign(profile=f"{j}:reference", low_link=0.0,
                                        **{KEY: reference}))
            pc = predict_cif(fit, pd.concat(frames, ignore_index=True), horizon=horizon)
            pc = pc[pc["u"] == horizon].pivot(index="outcome", columns="profile", values="cum_incidence")
            for j, (cj, _) in enumerate(batch):
                pcs[cj] = pc[[f"{j}:own", f"{j}:reference"]].set_axis(["own", "reference"],
                                                                     axis=1)
            batch = []
    out = []
    for c, b in groups:  # origin x generation groups, in the book's order
        pc = pcs[c]
        for m in [o for o in fit.outcomes[1:] if o not in EXITS]:
            raw = np_cif.get((c, m), np.nan) - np_cif.get((reference, m), np.nan)
            adj = pc.loc[m, "own"] - pc.loc[m, "reference"]
            out.append({
                KEY: c, "outcome": m, "n_spells": len(b), "n_persons": n_group[c],
                "n_inflow_persons": int(n_ev.get((c, m), 0)),
                "n_reference_inflow_persons": int(n_ev.get((reference, m), 0)),
                "cum_incidence_group": 100 * np_cif.get((c, m), np.nan),
                "cum_incidence_reference": 100 * np_cif.get((reference, m), np.nan),
                "raw_gap": 100 * raw, "adjusted_gap": 100 * adj,
                "share_explained_pct": 100 * (1 - adj / raw) if abs(raw) >= 1e-3 else np.nan,
            })
    return _flag_gaps(pd.DataFrame(out), data, fit, [c for c, _ in groups], reference)


def _flag_gaps(gap: pd.DataFrame, data: pd.DataFrame, fit: Any, cells: list[str],
               reference: str) -> pd.DataFrame:
    """:func:`origin_gap`'s rows with the :data:`GAP_FLAGS` columns; the model-based values
    (:data:`GAP_NOT_IDENTIFIED_VALUES`) NaN where :func:`unidentified_cell_outcomes` lists the pair,
    with a :class:`~mia_helpers.core.NotIdentifiedWarning` naming them (none for the
    generator's true hazards, which are known)."""
    # the generator's true hazards are known: nothing to identify
    bad = ({} if isinstance(fit, GeneratorHazards) else
           _flag_lookup(unidentified_cell_outcomes(data, fit, cells=cells, reference=reference)))
    if gap.empty:
        return gap.assign(identified=pd.Series(dtype=bool),
                          not_identified_reason=pd.Series(dtype=str))
    reason = np.array([bad.get((str(c), str(o)), "") for c, o in
                       zip(gap[KEY], gap["outcome"], strict=True)], dtype=object)
    gap["identified"] = reason == ""
    gap["not_identified_reason"] = reason.astype(str)
    rows = ~gap["identified"].to_numpy()
    if rows.any():
        gap.loc[rows, list(GAP_NOT_IDENTIFIED_VALUES)] = np.nan
        pairs = [f"{c} / {o} ({r})" for c, o, r in
                 zip(gap.loc[rows, KEY], gap.loc[rows, "outcome"],
                     gap.loc[rows, "not_identified_reason"], strict=True)]
        core.warn_not_identified(
            f"origin_gap: the model cannot identify the gap of "
            f"{counted(pairs, 'cell x outcome pair')}: {', '.join(pairs)}; "
            f"{'its' if len(pairs) == 1 else 'their'} {list(GAP_NOT_IDENTIFIED_VALUES)} are NaN "
            "(identified=False, not_identified_reason); see "
            "competing.unidentified_cell_outcomes")
    return gap


#: count columns of :func:`origin_gap` (the gap table's disclosure control)
GAP_COUNTS: tuple[str, ...] = ("n_persons", "n_inflow_persons", "n_reference_inflow_persons")


def publishable_gaps(gap: pd.DataFrame, min_cell: int = 10) -> Protected:
    """Disclosure control of :func:`origin_gap` rows (chapter 3's gap table).

    Every value (the two cumulative incidences at the horizon, the gaps, the share
    explained) follows all three counts of :data:`GAP_COUNTS`: the reference's
    cumulative incidence rests on the reference's persons with an inflow within the horizon,
    and every gap on both cells' (before, a gap was published beside a natives' curve level
    resting on fewer than ``min_cell`` persons whenever the group's counts passed). A zero
    ``n_inflow_persons`` of a group of fewer than ``min_cell`` persons (``n_persons``), "none
    of the 4 persons of the cell started", is hidden too (``complement``, rendered ``x``;
    :func:`mia_helpers.disclosure.zeros_of_small_groups`, dpo34); its values follow the
    group's small count already.

    Parameters
    ----------
    gap : DataFrame
        Rows of :func:`origin_gap` (any subset of outcomes), optionally with further value
        columns (e.g. ``true_adjusted_gap``).
    min_cell : int

    Returns
    -------
    :class:`mia_helpers.disclosure.Protected`
        ``n_spells`` and ``n_reference_inflow_persons`` stay in ``data`` (drop them before
        rendering: the book does not publish them).

    Raises
    ------
    ValueError
        If ``gap`` lacks ``origin_generation``, ``outcome`` or a count of :data:`GAP_COUNTS`,
        and as :func:`mia_helpers.disclosure.suppress`.
    """
    from mia_helpers.disclosure import suppress, zeros_of_small_groups

    missing = [c for c in (KEY, "outcome", *GAP_COUNTS) if c not in gap.columns]
    if missing:
        raise ValueError(f"publishable_gaps: columns {missing} missing (rows of origin_gap)")
    flags = [c for c in GAP_FLAGS if c in gap.columns]
    if flags:
        raise ValueError(f"publishable_gaps: columns {flags} are origin_gap's identification "
                         "flags, not values to protect: drop them (gap.drop(columns=list("
                         "competing.GAP_FLAGS))) and show them with gap_display(table, gap)")
    values = [c for c in gap.columns if c not in {KEY, "outcome", "n_spells", *GAP_COUNTS}]
    # none of a group of fewer than min_cell persons flowed in: hidden (dpo34)
    zeros = zeros_of_small_groups(gap, ["n_inflow_persons"], "n_persons", min_cell)
    return suppress(gap, count_cols=list(GAP_COUNTS), value_cols=values, min_cell=min_cell,
                    zeros=zeros, name="origin gaps")


def _hide_as_complement(gaps: Protected, column: str, rows: np.ndarray | list[int],
                        record: str, min_cell: int) -> Protected:
    """``gaps`` with ``column`` hidden at the positions ``rows`` (reason ``complement``), also
    in the checking record under ``record`` (:func:`mia_helpers.disclosure.hide_more`);
    ``gaps`` itself when ``rows`` is empty. The common step of :func:`gaps_against_rrr`, :func:`gaps_against_composition` and
    :func:`gaps_against_persons`."""
    from mia_helpers.disclosure import hide_more

    mask = np.zeros(len(gaps.data), bool)
    mask[np.asarray(rows, dtype=np.int64)] = True
    return hide_more(gaps, {column: mask}, "complement", record, min_cell)


def gaps_against_rrr(gaps: Protected, rrr: Protected | pd.DataFrame,
                     min_cell: int = 10) -> Protected:
    """Chapter 3's gap table with its persons with an inflow hidden where, set against the RRR
    table, they would tell how many persons of a cell started the measure only after the
    horizon.

    The RRR table (:func:`cell_rrr_table`, ``n_persons``) counts a cell's persons with a first
    inflow into the outcome at any duration; the gap table (:func:`origin_gap`,
    ``n_inflow_persons``) those with one within the horizon. Both published, their difference
    is the persons whose first inflow came later: with seed 5353 and ``min_cell`` 20, Maghreb
    (first generation) had 59 persons with an IBO in the RRR table and 57 within 8 quarters in
    the gap table, so 2 persons were known to have started an IBO after quarter 8. Where that
    difference is between 1 and ``min_cell - 1`` and both counts are published, the gap
    table's ``n_inflow_persons`` is hidden (reason ``complement``; the cell's cumulative
    incidences and gaps stay: they are not counts and rest on ``min_cell`` persons or more),
    and recorded in the run's checking record (:func:`mia_helpers.disclosure.record_hidden`).

    Parameters
    ----------
    gaps : disclosure.Protected
        :func:`publishable_gaps` (``origin_generation``, ``outcome``, ``n_inflow_persons``).
    rrr : disclosure.Protected or DataFrame
        The RRR table as published (``origin_generation``, ``outcome``, ``n_persons``; a
        hidden count is missing and gives no difference).
    min_cell : int
        Disclosure threshold (persons).

    Returns
    -------
    disclosure.Protected
        ``gaps`` with the further hidden cells (same rows and columns); ``gaps`` itself is not
        modified.

    Raises
    ------
    ValueError
        If a column is missing.
    """
    from mia_helpers.disclosure import Protected
    from mia_helpers.labels import require_columns

    r = rrr.data if isinstance(rrr, Protected) else rrr
    require_columns(gaps.data, [KEY, "outcome", "n_inflow_persons"],
                    "competing.gaps_against_rrr", "competing.publishable_gaps")
    require_columns(r, [KEY, "outcome", "n_persons"], "competing.gaps_against_rrr",
                    "competing.cell_rrr_table")
    total = (r.assign(n=pd.to_numeric(r["n_persons"], errors="coerce").astype(float))
             .set_index([KEY, "outcome"])["n"])
    data, reason = gaps.data, gaps.reason
    within = pd.to_numeric(data["n_inflow_persons"], errors="coerce").astype(float)
    keys = pd.MultiIndex.from_arrays([data[KEY].astype(str), data["outcome"].astype(str)])
    total.index = pd.MultiIndex.from_arrays([total.index.get_level_values(0).astype(str),
                                             total.index.get_level_values(1).astype(str)])
    later = total.reindex(keys).to_numpy() - within.to_numpy()
    small = (later > 0) & (later < min_cell) & (reason["n_inflow_persons"].to_numpy() == "")
    return _hide_as_complement(gaps, "n_inflow_persons", np.flatnonzero(small),
                               "origin gaps: persons with an inflow against the RRR table",
                               min_cell)


def gaps_against_composition(gaps: Protected, composition: Protected | pd.DataFrame,
                             min_cell: int = 10, rrr: Protected | None = None) -> Protected:
    """Chapter 3's gap table with its persons with an inflow hidden where, set against the
    composition table's origin totals, they would bound the origin's hidden cells below
    ``min_cell``.

    :func:`profile_table` publishes an origin's share of an outcome's first inflows (spells,
    at any duration) and :func:`inflow_counts` the outcome's spells: their product is the
    origin's spells, at least the persons of all its generation cells. The gap table
    (:func:`origin_gap`) publishes some cells' persons with an inflow within the horizon, each
    at most that cell's spells, so the origin's spells less the published cells bound the
    other cells together from above: dpo21, seed 5757, 2,500 residents, 1,000 newcomers,
    min_cell 15: Sub-Saharan origin held 10.5 % of vocational training's 325 spells, 34, and
    the gap table showed 21 persons of its first generation, so its intermediate and second
    generations held at most 13 (in fact 2 and 11); Eastern EU, 8.0 % of 325 = 26 and 15
    shown, at most 11 (4 and 7). The RRR table hides those first generations' counts for this
    reason (:func:`suppress_cell_rrr`, dpo18's case); the gap table gave them back as lower
    bounds. Where an origin's spells less its cells shown here is between 1 and
    ``min_cell - 1`` and some cell of it is hidden, the shown counts are hidden, smallest
    first, until the remainder is ``min_cell`` or more or none is shown (reason
    ``complement``, recorded in the run's checking record); the cumulative incidences and
    gaps stay (not counts).

    Parameters
    ----------
    gaps : disclosure.Protected
        :func:`publishable_gaps` (or :func:`gaps_against_rrr`): ``origin_generation``
        ("origin:generation"), ``outcome``, ``n_inflow_persons``.
    composition : disclosure.Protected
        :func:`profile_table` under the same ``min_cell`` (``outcome``, ``variable``,
        ``value``, ``n_inflows``, ``share``): an origin's total counts where its share is
        shown; a generation's total likewise bounds that generation's cells of all origins.
    min_cell : int
        Disclosure threshold (persons).
    rrr : disclosure.Protected, optional
        The RRR table as published (:func:`suppress_cell_rrr`). Its markers are bounds too:
        a cell it hides as ``x`` has ``min_cell`` persons or more, one it hides as
        ``<min_cell`` at least one. With it, a cell the RRR table hides as small must keep
        ``min_cell - 1`` as an upper bound given its group's total less every other cell's
        lower bound (the RRR value, its marker's bound, or this table's count where larger),
        and the gap table's counts that raise such a bound are hidden, smallest first, until
        it does (dpo24, seed 3737, 4,000 residents, 1,200 newcomers, ``min_cell`` 13:
        Sub-Saharan origin's 33 IBO spells, its first generation ``x`` in the RRR table, 15
        persons of its second generation here, so its intermediate generation, ``<13``, at
        most 33 - 13 - 15 = 5). The hidden origins of an outcome are one group (their shares
        are the rest of the 100 % where the Belgian share is shown), as in
        :func:`suppress_cell_rrr`.

    Returns
    -------
    disclosure.Protected
        ``gaps`` with the further hidden cells; ``gaps`` itself is not modified.
    """
    from mia_helpers.labels import require_columns

    require_columns(gaps.data, [KEY, "outcome", "n_inflow_persons"],
                    "competing.gaps_against_composition", "competing.publishable_gaps")
    c = composition.data
    require_columns(c, ["outcome", "variable", "value", "n_inflows"],
                    "competing.gaps_against_composition", "competing.profile_table")
    data = gaps.data
    n = pd.to_numeric(data["n_inflow_persons"], errors="coerce").astype(float).to_numpy()
    parts = data[KEY].astype(str).str.split(":", n=1)
    outcome = data["outcome"].astype(str).to_numpy()
    hide: list[int] = []
    if rrr is not None:
        require_columns(rrr.data, [KEY, "outcome", "n_persons"],
                        "competing.gaps_against_composition", "competing.suppress_cell_rrr")
        at = {(str(k), str(o)): i for i, (k, o) in enumerate(zip(
            rrr.data[KEY], rrr.data["outcome"], strict=True))}  # rows of the RRR table
        r_n = pd.to_numeric(rrr.data["n_persons"], errors="coerce").astype(float).to_numpy()
        r_why = rrr.reason["n_persons"].to_numpy()
        row = np.array([at.get((str(k), o), -1) for k, o in zip(data[KEY], outcome,
                                                                 strict=True)])
        # the RRR table's lower bound of each gap row's cell, and whether it hides it as small
        base = np.array([0.0 if j < 0 else (r_n[j] if r_why[j] == "" else
                                           (1.0 if r_why[j] == "primary" else float(min_cell)))
                         for j in row])
        small = np.array([j >= 0 and r_why[j] == "primary" for j in row])
    g_why = gaps.reason["n_inflow_persons"].to_numpy()
    # an origin's cells (its generations), and likewise a generation's cells (its origins)
    for variable, part in (("origin", 0), ("generation", 1)):
        is_var = (c["variable"].astype(str) == variable).to_numpy()
        shown_share = (is_var & ~composition.mask["share"].to_numpy()
                       & ~composition.mask["n_inflows"].to_numpy())
        total = dict(zip(zip(c["outcome"].astype(str)[shown_share],
                             c["value"].astype(str)[shown_share], strict=True),
                         pd.to_numeric(c["n_inflows"][shown_share]).astype(float),
                         strict=True))
        group = parts.str[part].to_numpy().astype(object)
        if variable == "origin" and rrr is not None:
            # the outcome's hidden origins: one group, total the rest of the outcome's spells
            ref = REFERENCE_GROUP.split(":", 1)[0]
            for o in sorted(set(outcome)):
                mine = c["outcome"].astype(str).to_numpy() == o
                if (o, ref) not in total:
                    continue
                whole = [pd.to_numeric(c["n_inflows"][mine & (c["variable"] == v).to_numpy()])
                         for v in pd.unique(c["variable"][mine])]
                whole = [w.sum() for w in whole if w.notna().all() and len(w)]
                if not whole:
                    continue
                rest = float(whole[0]) - sum(v for (oo, _), v in total.items() if oo == o)
                out_o = outcome == o
                hid = out_o & ~np.isin(group, [g for (oo, g) in total if oo == o])
                group[hid] = _HIDDEN_ORIGINS
                total[(o, _HIDDEN_ORIGINS)] = rest
        for key, idx in pd.Series(range(len(data))).groupby([outcome, group]).groups.items():
            if key not in total:
                continue
            shown = [i for i in idx if np.isfinite(n[i]) and i not in hide]
            if len(shown) == len(idx):  # no hidden cell to bound
                continue
            shown.sort(key=lambda i: n[i])
            while shown and 0 < total[key] - n[shown].sum() < min_cell:
                hide.append(shown.pop(0))
            if rrr is None:
                continue
            for j in [i for i in idx if small[i]]:  # the RRR table's small hidden cells
                while True:
                    low = {i: max(base[i], n[i] if (np.isfinite(n[i]) and i not in hide) else
                                  (1.0 if g_why[i] == "primary" else
                                   float(min_cell) if g_why[i] != "" else 0.0))
                           for i in idx if i != j}
                    if total[key] - sum(low.values()) >= min_cell - 1:
                        break
                    raise_ = sorted((i for i in low if np.isfinite(n[i]) and i not in hide
                                     and n[i] > base[i]), key=lambda i: n[i])
                    if not raise_:
                        break  # the RRR table's own audit answers for what is left
                    hide.append(raise_[0])
    return _hide_as_complement(
        gaps, "n_inflow_persons", hide,
        "origin gaps: persons with an inflow against the composition table", min_cell)


def gaps_against_persons(gaps: Protected, persons: pd.DataFrame, min_cell: int = 10
                         ) -> Protected:
    """Chapter 3's gap table with a cell's jobseekers (``n_persons``) hidden where they fall
    short of the cell's persons by 1 to ``min_cell - 1``.

    Chapter 1's sample profile publishes the persons of every origin x generation cell (and
    its tables of origins give them back where the profile hides one); the gap table publishes
    the cell's persons with a jobseeker spell, so the difference counts the cell's persons who
    were never registered at VDAB in the window (dpo22, seed 7171, 2,500 residents, 400
    newcomers, ``min_cell`` 11: 53 Other non-EU residents of the intermediate generation in
    chapter 1, 52 jobseekers here, so one was never registered; 14 of the 17 foreign cells
    differed by 1 to 10). The rule takes every cell's persons as known (conservative where
    chapter 1 hides one). Hidden counts get reason ``complement`` and are recorded in the run's
    checking record; the cumulative incidences and gaps stay (they are per spell, not per
    person).

    Parameters
    ----------
    gaps : disclosure.Protected
        :func:`publishable_gaps` (or after :func:`gaps_against_rrr`,
        :func:`gaps_against_composition`): ``origin_generation`` ("origin:generation"),
        ``n_persons``.
    persons : DataFrame
        The persons register (``origin``, ``generation``; one row per person).
    min_cell : int
        Disclosure threshold (persons).

    Returns
    -------
    disclosure.Protected
        ``gaps`` with the further hidden cells; ``gaps`` itself is not modified.

    Raises
    ------
    ValueError
        A cell with more jobseekers than persons (``persons`` is not of the same data).
    """
    from mia_helpers.labels import require_columns

    require_columns(gaps.data, [KEY, "n_persons"], "competing.gaps_against_persons",
                    "competing.publishable_gaps")
    require_columns(persons, ["origin", "generation"], "competing.gaps_against_persons",
                    "the persons register")
    cells = (persons["origin"].astype(str) + ":" + persons["generation"].astype(str)).value_counts()
    data = gaps.data
    n = pd.to_numeric(data["n_persons"], errors="coerce").astype(float).to_numpy()
    total = data[KEY].astype(str).map(cells).astype(float).to_numpy()
    if (np.isfinite(n) & np.isfinite(total) & (n > total)).any():
        raise ValueError("competing.gaps_against_persons: a cell has more jobseekers than "
                         "persons; give the persons register of the same data")
    hide = np.isfinite(n) & np.isfinite(total) & (total - n > 0) & (total - n < min_cell)
    return _hide_as_complement(
        gaps, "n_persons", np.flatnonzero(hide),
        "origin gaps: jobseekers against the persons of chapter 1's cells", min_cell)


def persons_against_counts(outcomes: Sequence[str], n_persons: Sequence[float],
                           counts: Protected | pd.DataFrame,
                           min_cell: int = 10) -> list[bool]:
    """Which persons counts of a subpopulation to hide because :func:`inflow_counts` publishes
    the same outcome's persons of the whole population: their difference (the persons outside
    the subpopulation with that inflow) may not be a small count.

    Chapter 3's generator check counts the school leavers and newcomers with a first inflow
    into each outcome, its counts table all jobseekers with one: with 55 and 48, the table
    pair would say that 7 adults present at the window's start had that inflow.

    Parameters
    ----------
    outcomes : sequence of str
        The outcome of each row of the subpopulation's table.
    n_persons : sequence of numbers
        Its persons with a first inflow into that outcome (a subset of the whole
        population's).
    counts : disclosure.Protected or DataFrame
        :func:`inflow_counts` as published (``outcome``, ``n_persons``; a hidden count is
        missing and gives no difference).
    min_cell : int
        Disclosure threshold (persons).

    Returns
    -------
    list of bool
        One per row, True where ``0 < total - n_persons < min_cell``: pass as
        :func:`mia_helpers.disclosure.suppress`'s ``hide`` for the count column.

    Raises
    ------
    ValueError
        If ``counts`` lacks a column, or the two sequences differ in length.
    """
    from mia_helpers.disclosure import Protected
    from mia_helpers.labels import require_columns

    c = counts.data if isinstance(counts, Protected) else counts
    require_columns(c, ["outcome", "n_persons"], "competing.persons_against_counts",
                    "competing.inflow_counts")
    outcomes, n = list(outcomes), pd.to_numeric(pd.Series(list(n_persons)), errors="coerce")
    if len(outcomes) != len(n):
        raise ValueError(f"persons_against_counts: {len(outcomes)} outcomes but {len(n)} "
                         "counts")
    total = pd.to_numeric(c["n_persons"], errors="coerce").astype(float).set_axis(
        c["outcome"].astype(str))
    diff = total.reindex([str(o) for o in outcomes]).to_numpy() - n.to_numpy(float)
    return [bool(d > 0 and d < min_cell) for d in diff]


def true_coefficients(parameters: Mapping[str, Any], outcomes: Sequence[str]) -> pd.DataFrame:
    """The generator's allocation coefficients, as terms of :func:`design_matrix`.

    For each measure code m in ``outcomes`` (pooled groups have no single true coefficient):
    ``low_link`` = low_link_m; ``experience_years`` = self_reliance_m * experience (per four
    quarters); ``dutch[x]`` = self_reliance_m * (dutch[x] - dutch[native]);
    ``education[x]`` = self_reliance_m * (education[x] - education[mid]); ``feeder`` = the
    newcomer feeder shift (equal for all measures). Duration dummies have no one-to-one
    truth (the generator's term is linear, duration_m * min(u, 8) / 4).

    Returns
    -------
    DataFrame
        Long: outcome, term, true_estimate (log relative risk ratio versus no inflow).
    """
    cfg = parameters["config"]
    sr = cfg["self_reliance"]
    rows = []
    for m in outcomes:
        if m not in cfg["measures"]:
            continue
        p = cfg["measures"][m]
        b = p["self_reliance"]
        rows.append((m, "low_link", p["low_link"]))
        rows.append((m, "experience_years", b * sr["experience"]))
        rows += [(m, f"dutch[{x}]", b * (sr["dutch"][x] - sr["dutch"]["native"]))
                 for x in codes.DUTCH_LEVELS if x != "native"]
        rows += [(m, f"education[{x}]", b * (sr["education"][x] - sr["education"]["mid"]))
                 for x in codes.EDUCATIONS if x != "mid"]
        rows.append((m, "feeder", cfg["newcomer"]["feeder_measures"]))
    return pd.DataFrame(rows, columns=["outcome", "term", "true_estimate"])


def true_cell_coefficients(parameters: Mapping[str, Any], outcomes: Sequence[str]) -> pd.DataFrame:
    """True log RRR of each origin x generation cell versus ``belgian:native`` per measure.

    In the generator the only direct origin term of allocation is ``low_link_m * L``, so the
    true cell coefficient (given the self-reliance components) is ``low_link_m`` for
    low-link groups and 0 otherwise. Columns: outcome, term (``origin_generation[...]``,
    as in :func:`design_matrix`), origin_generation (:data:`KEY`), ``estimate`` (the true log
    RRR) and ``exp_estimate`` (the true RRR), named as :func:`cell_rrr_table`'s columns.
    """
    ms = parameters["config"]["measures"]
    tc = pd.DataFrame({"measure": [m for m in outcomes if m in ms]})
    tc["low_link"] = [ms[m]["low_link"] for m in tc["measure"]]
    cells = pd.DataFrame({KEY: [c for c in _groups() if c != REFERENCE_GROUP]})
    o = cells[KEY].str.split(":").str[0]
    g = cells[KEY].str.split(":").str[1]
    L = (o.isin(codes.NON_EU_ORIGINS) | ((o == "southern_eu") & (g != "second"))).astype(float)
    out = tc[["measure", "low_link"]].merge(cells.assign(L=L), how="cross")
    out["estimate"] = out["low_link"] * out["L"]
    out["exp_estimate"] = np.exp(out["estimate"])
    out["term"] = f"{KEY}[" + out[KEY] + "]"
    return out.rename(columns={"measure": "outcome"})[
        ["outcome", "term", KEY, "estimate", "exp_estimate"]]


# --------------------------------------------------------------------------------------------
# cells whose origin term the inflow model cannot identify (gaps and curves)
# --------------------------------------------------------------------------------------------
#: flag columns that :func:`origin_gap` adds: ``identified`` (bool) and
#: ``not_identified_reason`` (str, ``""`` where identified; else a key of
#: :data:`NOT_IDENTIFIED_REASONS`)
GAP_FLAGS: tuple[str, str] = ("identified", "not_identified_reason")

#: why a (cell, outcome) gap or curve is not identified, in order of precedence (one reason
#: per cell and outcome), with the words :func:`gap_identification_sentence` uses
NOT_IDENTIFIED_REASONS: dict[str, str] = {
    "no_events": "no person of the cell started that measure",
    "reference_no_events": "no person of the reference cell started that measure",
    "term_dropped": "the model dropped the cell's term (collinear)",
    "term_not_identified": "the model cannot estimate the cell's term (separation)",
    # the exit hazards enter the cumulative inflow into every measure (the probability of
    # still being registered and without a start), hence every measure of the cell (prose36)
    "exit_term_not_identified": "the model of leaving the register cannot estimate the "
                                "cell's term (separation), and leaving the register enters "
                                "the cell's cumulative inflow into every measure",
}

#: what :func:`gap_display` writes in place of a gap that is not identified
NOT_IDENTIFIED_TEXT = "not identified"

#: the model-based columns of :func:`origin_gap` (NaN where a cell is not identified)
GAP_MODEL_VALUES: tuple[str, ...] = ("adjusted_gap", "share_explained_pct")

#: every value of a cell in :func:`origin_gap` (NaN where the cell is not identified, and
#: shown as :data:`NOT_IDENTIFIED_TEXT` by :func:`gap_display`): the model-based values and
#: the cell's nonparametric cumulative incidence and raw gap, so that a flagged cell carries
#: no finite estimate (prose36)
GAP_NOT_IDENTIFIED_VALUES: tuple[str, ...] = ("cum_incidence_group", "raw_gap",
                                              *GAP_MODEL_VALUES)


def truth_beside(table: pd.DataFrame, truth: pd.DataFrame, *, value: str = "exp_estimate",
                 name: str = "true_exp_estimate", hidden: str = "x") -> pd.DataFrame:
    """``table`` (a rendered table of estimates by ``outcome`` and :data:`KEY`, as
    ``Protected.render()`` gives it) with the generator's ``truth[value]`` beside it as column
    ``name``, shown only in rows whose estimate ``table[value]`` is published: where
    disclosure control hid the estimate (the marker ``hidden``, the render's value marker),
    the truth is shown as the same marker.

    Why: the truth is a generator parameter, not a statistic of the row's persons, but a
    number printed beside a count marked small reads as one to the export check
    (``derived_of_small``, which cannot tell a parameter from an estimate), and without the
    estimate there is nothing to compare it with. Shape: ``table``'s rows, in its order, plus
    one column (object dtype where a marker is shown). Raises ``KeyError`` naming a missing
    column."""
    keys = ["outcome", KEY]
    for frame, what, cols in ((table, "table", [*keys, value]), (truth, "truth", [*keys, value])):
        missing = [c for c in cols if c not in frame.columns]
        if missing:
            raise KeyError(f"truth_beside: the {what} has no {plural(missing, 'column')} "
                           f"{missing}")
    out = table.merge(truth[[*keys, value]].rename(columns={value: name}), on=keys,
                      how="left", validate="many_to_one")
    shown = out[value].astype(str).str.strip() != hidden
    out[name] = out[name].astype(object).where(shown.to_numpy(), hidden)
    return out


def _inflow_of(fit: Any) -> InflowFit | None:
    """The :class:`InflowFit` of inflow in ``fit`` (None for the generator's hazards)."""
    if isinstance(fit, CompetingModel):
        return fit.inflow
    return fit if isinstance(fit, InflowFit) else None


def _cell_term(cell: str) -> str:
    return f"{KEY}[{cell}]"


def unidentified_cell_outcomes(
    data: pd.DataFrame,
    fit: InflowFit | CompetingModel | GeneratorHazards | pd.DataFrame | None = None,
    cells: Sequence[str] | None = None,
    reference: str = REFERENCE_GROUP,
) -> pd.DataFrame:
    """The (origin x generation cell, outcome) pairs whose origin gap or model-based curve
    the inflow model cannot identify.

    A pair is listed (reasons of :data:`NOT_IDENTIFIED_REASONS`, the first that applies):

    - ``no_events``: no person of the cell flows into the outcome in ``data`` (any duration);
      the maximum likelihood estimate of the cell's term runs off to minus infinity and a
      prediction for the cell is an extrapolation (0 per cent inflow);
    - ``reference_no_events``: the same for the reference cell (every cell of that outcome);
    - ``term_dropped``: the cell's design column is not among the fit's terms (collinear or
      empty: the prediction silently uses the reference's term);
    - ``term_not_identified``: ``identified`` is False for the cell's term and outcome in
      :meth:`InflowFit.tidy` (quasi-complete separation, or a diverging estimate, as
      :func:`mia_helpers.core.fit_mnl` flags it with a
      :class:`~mia_helpers.core.NotIdentifiedWarning`), or in the ``identified`` column of
      ``fit`` when it is a :func:`cell_rrr_table`;
    - ``exit_term_not_identified`` (a :class:`CompetingModel`): the cell's term of the model
      of leaving the register is not identified for an exit cause. This flag is necessarily
      cell-wide, on every measure of the cell, even where one exit cause alone is not
      identified and every measure's own inflow term is: the exit model has one term per
      cell and exit cause and none per measure (its rows are the quarters without a start,
      :func:`fit_exits`), and its hazards enter every measure's model-based cumulative
      incidence through the probability of still being registered without a start,
      ``CIF_m(u) = sum_{v<=u} S(v-1) h_m(v)`` with ``S`` the product over all outcomes,
      exits included (:func:`cif_from_hazards`). No measure's curve or adjusted gap of the
      cell is free of the term, so no measure could be left unflagged (prose36). A measure
      flagged for its own inflow term (the reasons above) keeps that reason.

    Parameters
    ----------
    data : DataFrame
        Output of :func:`competing_data` (``origin_generation``, ``outcome``,
        ``outcome_label``, ``person_id``; outcome labels in ``attrs["outcomes"]``).
    fit : InflowFit, CompetingModel, GeneratorHazards, DataFrame or None
        The model (its ``tidy()`` flags), or a :func:`cell_rrr_table` (``identified``
        column). With None or the generator's true hazards (known, so identified) only the
        event counts of ``data`` are checked.
    cells : the cells to check (default: the cells of ``data`` other than ``reference``).
    reference : the reference cell.

    Returns
    -------
    DataFrame
        Columns ``origin_generation`` (str), ``outcome`` (str), ``not_identified_reason``
        (str); one row per listed pair, cells in the book's order, outcomes in the model's
        order; no rows when every pair is identified.

    Raises
    ------
    ValueError
        Naming the missing columns of ``data`` (or of ``fit`` as a table).
    """
    from mia_helpers.labels import require_columns

    require_columns(data, [KEY, "outcome", "outcome_label", "person_id"],
                    "competing.unidentified_cell_outcomes", "competing.competing_data")
    cols = [KEY, "outcome", "not_identified_reason"]
    inflow = _inflow_of(fit)
    if inflow is not None:
        outcomes = [str(o) for o in inflow.outcomes[1:]]
    elif data.attrs.get("outcomes"):
        outcomes = [str(o) for o in data.attrs["outcomes"][1:]]
    else:
        outcomes = sorted(set(data["outcome_label"].astype(str)) - {NO_INFLOW})
    outcomes = [o for o in outcomes if o not in EXITS]
    keys = data[KEY].astype(str)
    cells = (list(cells) if cells is not None
             else sorted(set(keys) - {reference}, key=book_rank))
    ev = data[data["outcome"].to_numpy() > 0]
    seen = set(zip(ev[KEY].astype(str), ev["outcome_label"].astype(str), strict=True))
    flags: dict[tuple[str, str], str] = {}
    if isinstance(fit, pd.DataFrame):
        require_columns(fit, [KEY, "outcome", "identified"],
                        "competing.unidentified_cell_outcomes", "competing.cell_rrr_table")
        table_ident = {(str(c), str(o)): bool(i) for c, o, i in
                       zip(fit[KEY], fit["outcome"], fit["identified"], strict=True)}
    else:
        table_ident = {}
    if inflow is not None:
        td = inflow.tidy()
        model_ident = {(str(t), str(o)): bool(i) for t, o, i in
                       zip(td["term"], td["outcome"], td["identified"], strict=True)}
    else:
        model_ident = {}
    exit_bad: set[str] = set()
    if isinstance(fit, CompetingModel):
        et = fit.exits.tidy()
        exit_bad = {str(t) for t, i in zip(et["term"], et["identified"], strict=True)
                    if not bool(i)}
    for c in cells:
        for o in outcomes:
            if (c, o) not in seen:
                flags[(c, o)] = "no_events"
            elif (reference, o) not in seen:
                flags[(c, o)] = "reference_no_events"
            elif inflow is not None and _cell_term(c) not in inflow.columns:
                flags[(c, o)] = "term_dropped"
            elif (not model_ident.get((_cell_term(c), o), True)
                  or not table_ident.get((c, o), True)):
                flags[(c, o)] = "term_not_identified"
            elif _cell_term(c) in exit_bad:
                flags[(c, o)] = "exit_term_not_identified"
    return pd.DataFrame([(c, o, r) for (c, o), r in flags.items()], columns=cols).astype(str)


def _flag_lookup(flags: pd.DataFrame) -> dict[tuple[str, str], str]:
    """``{(cell, outcome): reason}`` of the pairs not identified in ``flags``: rows of
    :func:`unidentified_cell_outcomes`, or of :func:`origin_gap` (``identified`` False)."""
    from mia_helpers.labels import require_columns

    require_columns(flags, [KEY, "outcome", "not_identified_reason"],
                    "competing flags", "competing.unidentified_cell_outcomes or origin_gap")
    f = flags if "identified" not in flags.columns else flags[~flags["identified"].astype(bool)]
    return {(str(c), str(o)): str(r) for c, o, r in
            zip(f[KEY], f["outcome"], f["not_identified_reason"], strict=True)}


def gap_display(table: pd.DataFrame | Protected, flags: pd.DataFrame,
                columns: Sequence[str] = GAP_NOT_IDENTIFIED_VALUES) -> pd.DataFrame:
    """The gap table for display, with :data:`NOT_IDENTIFIED_TEXT` in place of the values
    (``columns``: by default :data:`GAP_NOT_IDENTIFIED_VALUES`, the cell's cumulative
    incidence and raw gap and the model-based values, which :func:`origin_gap` leaves NaN) of
    every (cell, outcome) the model cannot identify, so a reader sees
    "not identified" rather than a blank that reads as suppressed or a number.

    Parameters
    ----------
    table : DataFrame or :class:`mia_helpers.disclosure.Protected`
        Rows of :func:`origin_gap` (a ``Protected`` is rendered first, markers in place) with
        ``origin_generation`` and ``outcome``.
    flags : rows of :func:`unidentified_cell_outcomes`, or :func:`origin_gap`'s output (its
        ``identified`` and ``not_identified_reason`` columns).
    columns : the value columns to replace (those present in ``table``).

    Returns
    -------
    DataFrame
        A copy; the replaced columns hold ``object`` values. The flag columns
        (:data:`GAP_FLAGS`) are dropped (the text says it).

    Raises
    ------
    ValueError
        Naming the missing key columns of ``table`` or ``flags``.
    """
    from mia_helpers.labels import require_columns

    shown = table.render() if hasattr(table, "render") else table.copy()
    require_columns(shown, [KEY, "outcome"], "competing.gap_display", "competing.origin_gap")
    bad = _flag_lookup(flags)
    rows = np.array([(str(c), str(o)) in bad for c, o in
                     zip(shown[KEY], shown["outcome"], strict=True)], dtype=bool)
    for col in [c for c in columns if c in shown.columns]:
        # a value that disclosure control hid keeps its marker (the flag would say more)
        here = rows & (table.reason[col].eq("").to_numpy() if hasattr(table, "reason")
                       else True)
        if here.any():
            shown[col] = shown[col].astype(object)
            shown.loc[here, col] = NOT_IDENTIFIED_TEXT
    return shown.drop(columns=[c for c in GAP_FLAGS if c in shown.columns])


def _published_pairs(shown: pd.DataFrame | Protected) -> set[tuple[str, str]]:
    """(cell, outcome) rows of a published gap table whose model-based values disclosure
    control did not hide (every row of a plain DataFrame)."""
    data = shown.data if hasattr(shown, "reason") else shown
    ok = np.ones(len(data), dtype=bool)
    if hasattr(shown, "reason"):
        for col in [c for c in GAP_MODEL_VALUES if c in shown.reason.columns]:
            ok &= shown.reason[col].eq("").to_numpy()
    return {(str(c), str(o)) for c, o, k in
            zip(data[KEY], data["outcome"], ok, strict=True) if k}


def gap_identification_sentence(flags: pd.DataFrame,
                                shown: pd.DataFrame | Protected | None = None) -> str:
    """One sentence for the book: how many (cell, outcome) pairs the model cannot identify,
    which, and why; ``""`` when every pair is identified (glue it after the gap table; it
    starts with a space).

    Parameters
    ----------
    flags : rows of :func:`unidentified_cell_outcomes`, or :func:`origin_gap`'s output.
    shown : optional, the published gap table (a :class:`~mia_helpers.disclosure.Protected`
        after disclosure control, or its rows): only its rows are counted and named, and not
        those whose model-based values disclosure control hid (they show its marker, and
        the sentence must not say more than the table).

    Raises
    ------
    ValueError naming the missing columns of ``flags`` or ``shown``.
    """
    from mia_helpers.labels import label, require_columns

    bad = _flag_lookup(flags)
    if shown is not None:
        require_columns(shown.data if hasattr(shown, "reason") else shown, [KEY, "outcome"],
                        "competing.gap_identification_sentence", "competing.origin_gap")
        keep = _published_pairs(shown)
        bad = {k: r for k, r in bad.items() if k in keep}
    if not bad:
        return ""
    by_reason: dict[str, list[str]] = {}
    for (c, o), r in bad.items():
        by_reason.setdefault(r, []).append(f"{label(c)} / {label(o)}")
    parts = [f"{NOT_IDENTIFIED_REASONS.get(r, r)} ({', '.join(v)})"
             for r, v in by_reason.items()]
    n = len(bad)
    pairs = "pair" if n == 1 else "pairs"
    return (f" The model cannot identify the gap of {n} cell x measure {pairs}, shown as "
            f"\"{NOT_IDENTIFIED_TEXT}\" rather than as a number: {'; '.join(parts)}.")
