"""Discrete-time hazard models of school leavers' entry into a first job and a first stable job.

What is implemented
-------------------
- :func:`school_leaver_periods` - the person-period (person-quarter) risk set of school leavers:
  clock ``u`` = quarters since leaving school (``u = 0`` in the leaving quarter); one row per
  quarter at risk up to and including the event quarter; right-censoring at the window end, at an
  optional age limit and an optional maximum duration. For the stable-job event a quarter ``q``
  can only be known to start a stable job when ``q + stable_quarters - 1 <= window end``, so the
  stable risk set is censored at ``window_end - stable_quarters + 1`` (book/design.md section 4).
- :func:`group_periods` - identical covariate x duration-bin cells with counts of periods
  (trials) and events, plus the sparse person x cell maps that person-clustered standard errors
  need. A binomial GLM on the cells has exactly the likelihood of the Bernoulli GLM on the
  expanded rows, at a fraction of the memory.
- :func:`fit_hazard` - discrete-time logit (log-odds of the quarterly entry hazard) or
  complementary log-log (log of the continuous-time hazard rate, so ``exp(b)`` is a hazard
  ratio) with a piecewise-constant baseline (one dummy per duration bin, no intercept),
  fitted on the cells by the package's one binary-GLM solver (:func:`mia_helpers.core.
  fit_binary`: Fisher scoring with chunked Gram matrices, which keeps 1M persons in a few
  GiB); person-clustered sandwich covariance computed from per-person scores, identical to
  statsmodels' ``cov_type="cluster"`` on the expanded data (tested to 1e-6 in
  tests/test_hazard.py). Terms that cannot be estimated are warned about and flagged. :func:`fit_nested` fits M0-M3.
- Tables and figures for the chapter, all through disclosure control: :func:`risk_set_table`,
  :func:`nested_table`, :func:`truth_comparison`, :func:`lpm_table`,
  :func:`plot_cumulative_incidence`.
- :meth:`HazardFit.tidy` - one row per coefficient in the package vocabulary
  (:mod:`mia_helpers.core.results`): estimate, clustered SE, z, p, CI, and the exponentiated
  ratio (odds ratio for logit, hazard ratio for cloglog) with its CI.
- :func:`predict_cumulative_incidence` - predicted cumulative incidence ``F(u) = 1 -
  prod_{s<=u} (1 - h(s))`` for covariate profiles, with simulation bands from the clustered
  covariance.
- :func:`km_cumulative_incidence` - the descriptive (Kaplan-Meier type) cumulative incidence
  by group, with the numbers at risk for disclosure control.
- :func:`lpm_robustness` - linear probability model of the quarterly event with
  person-clustered SEs (linearmodels).

References
----------
Allison (1982), Jenkins (1995) for discrete-time hazard models on person-period data.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import scipy.sparse as sp
import statsmodels.api as sm

from mia_helpers import codes, core, covariates
from mia_helpers.data import window_of
from mia_helpers.disclosure import ESTIMATES_FOLLOW, check_min_cell, withhold_separation_counts
from mia_helpers.labels import label
from mia_helpers.quarters import Window, year_of
from mia_helpers.words import counted, plural

if TYPE_CHECKING:
    from matplotlib.figure import Figure

    from mia_helpers.disclosure import Protected

Event = Literal["job", "stable"]
Link = Literal["logit", "cloglog"]

#: the words of a gap of the hazard models by :data:`Link`: ``gap_ratio``, the ratio an
#: exponentiated coefficient is ("odds ratio" for logit, "hazard ratio" for cloglog), and
#: ``gap_scale``, the scale of a coefficient or a difference of coefficients ("log-odds",
#: "log-hazard"). fresh48 typed them in :mod:`mia_helpers.conclusions`; chapter 2 and
#: :func:`mia_helpers.subgroups.sex_difference_sentence` each had a conditional of their own
#: (rev48: one home, here beside the link)
LINK_WORDS: dict[str, dict[str, str]] = {
    "logit": {"gap_ratio": "odds ratio", "gap_scale": "log-odds"},
    "cloglog": {"gap_ratio": "hazard ratio", "gap_scale": "log-hazard"},
}


def link_words(link: str) -> dict[str, str]:
    """The words of :data:`LINK_WORDS` for ``link`` (a copy: ``gap_ratio``, ``gap_scale``).
    Raises ``ValueError`` naming the parameter ``link`` for another link."""
    if link not in LINK_WORDS:
        raise ValueError(f"parameter 'link' must be one of {sorted(LINK_WORDS)}; got {link!r}")
    return dict(LINK_WORDS[link])

#: the key variable: origin x generation, "origin:generation"
KEY = covariates.KEY
REFERENCE_GROUP = covariates.REFERENCE_ORIGIN_GENERATION
#: covariate blocks added in the nested models M1..M3 (M0 = key + duration only)
BLOCKS: dict[str, list[str]] = {
    "individual": [
        "sex", "education", "study_field", "dutch_level", "age_at_leaving", "registered_lag",
        "experience_years",
    ],
    "household": ["couple", "has_children", "female_with_children"],
    "parental": ["parent_employed", "parent_education"],
}
#: nested models: the blocks each model adds to M0
MODELS: dict[str, list[str]] = {
    "M0": [],
    "M1": ["individual"],
    "M2": ["individual", "household"],
    "M3": ["individual", "household", "parental"],
}
#: reference levels of the categorical covariates (the generator's zero terms where it has one)
REFERENCES: dict[str, str] = {
    KEY: REFERENCE_GROUP,
    "sex": "male",
    "education": "mid",
    "study_field": "general",
    "dutch_level": "native",
    "parent_education": "mid",
}
#: default duration bins (left edges): one per quarter 0..12, then 13-16, 17-24, 25+
DEFAULT_BINS: tuple[int, ...] = (*range(13), 13, 17, 25)

_CATEGORICAL = {KEY, "sex", "education", "study_field", "dutch_level", "parent_education"}
_PERSON_COLS = [
    "person_id", "sex", "birth_year", "origin", "generation", "education", "study_field",
    "dutch_level", "household", "children", "parent_employed", "parent_education",
    "school_leaving_quarter",
]
_PANEL_COLS = [
    "person_id", "quarter", "job_start", "run_start", "run_length", "registered", "experience",
]


def origin_generation_levels() -> list[str]:
    """Levels of the key variable for school leavers: belgian:native first, then each foreign
    origin's intermediate and second generation."""
    return covariates.origin_generation_levels(("intermediate", "second"))


def block_covariates(blocks: Sequence[str]) -> list[str]:
    """The covariates of the named blocks, in order (unknown block names raise).

    Raises ``KeyError`` for a name not in :data:`BLOCKS`.
    """
    out: list[str] = []
    for b in blocks:
        if b not in BLOCKS:
            raise KeyError(f"unknown covariate block {b!r}; choose from {sorted(BLOCKS)}")
        out += [c for c in BLOCKS[b] if c not in out]
    return out


# --------------------------------------------------------------------------------------------
# person-period expansion
# --------------------------------------------------------------------------------------------
def school_leaver_periods(
    data: str | Path | pd.DataFrame,
    event: Event = "job",
    stable_quarters: int = 4,
    window: Window | None = None,
    max_age: int | None = None,
    max_duration: int | None = None,
) -> pd.DataFrame:
    """Person-quarter risk set of school leavers for entry into a first (stable) job.

    Parameters
    ----------
    data : folder holding ``panel.parquet`` and ``persons.parquet``, or a panel already joined
        with the person covariates (:func:`mia_helpers.panel.load_panel`).
    event : ``"job"`` (first quarter of any employment run) or ``"stable"`` (first quarter of a
        run of at least ``stable_quarters`` employed quarters).
    stable_quarters : minimum length in quarters of a stable job.
    window : observation window (default: the window the panel was built over).
    max_age : censor from the quarter of the calendar year in which the person turns
        ``max_age`` (None: no age limit).
    max_duration : censor after ``u = max_duration`` quarters since leaving school.

    Returns
    -------
    pandas.DataFrame
        One row per person and quarter at risk, sorted by person and ``u``: ``person_id``,
        ``u`` (quarters since leaving school, 0 in the leaving quarter), ``event`` (1 in the
        quarter the first job / stable job starts, else 0), the key ``origin_generation`` and
        the covariates of :data:`BLOCKS`: ``sex``, ``education``, ``study_field``,
        ``dutch_level``, ``age_at_leaving`` (years), ``registered_lag`` (registered at VDAB in
        the previous quarter), ``experience_years`` (employed quarters before this quarter,
        capped at 20, divided by 4), ``couple``, ``has_children``, ``female_with_children``,
        ``parent_employed``, ``parent_education``.

    Notes
    -----
    Persons with a null ``school_leaving_quarter`` (adults at the window start, newcomers) are
    not school leavers and are left out. School leavers left out of the risk set (left school
    before the window start, after its last quarter at risk, too old, or without a panel row in
    the leaving quarter) are counted by reason in ``attrs["exclusions"]`` (a list of
    ``(reason, n_persons)`` pairs; see :func:`exclusion_table`). A person leaves the risk set after the event quarter,
    at the censoring quarter, or when their panel rows end. Durations at which nobody in the
    data has the event are kept here; :func:`group_periods` drops them.

    Raises
    ------
    ValueError
        If ``event`` is not ``"job"`` or ``"stable"``; if ``stable_quarters < 1``; if a
        given panel lacks the panel or person columns the risk set reads (naming them); if a
        school leaver's ``origin:generation`` is not one of the known groups.
    mia_helpers.files.DataFileError
        When ``data`` is a folder without a current panel.

    References
    ----------
    Person-period data for discrete-time hazards (Allison 1982; Jenkins 1995).
    """
    if event not in ("job", "stable"):
        raise ValueError(f"event must be 'job' or 'stable', got {event!r}")
    if stable_quarters < 1:
        raise ValueError("stable_quarters must be >= 1")
    if window is None:  # the window the panel was built over
        window = (
            Window(int(data["quarter"].min()), int(data["quarter"].max()))
            if isinstance(data, pd.DataFrame)
            else window_of(data)
        )
    if isinstance(data, pd.DataFrame):
        missing = [c for c in {*_PANEL_COLS, *_PERSON_COLS} if c not in data.columns]
        if missing:
            raise ValueError(f"panel lacks columns {sorted(missing)} (use load_panel)")
        panel = data.loc[data["school_leaving_quarter"].notna(), list({*_PANEL_COLS, *_PERSON_COLS})]
    else:
        path = Path(data)
        from mia_helpers.panel import require_current_panel

        require_current_panel(path)
        persons = pd.read_parquet(path / "persons.parquet", columns=_PERSON_COLS)
        persons = persons[persons["school_leaving_quarter"].notna()]
        panel = pd.read_parquet(
            path / "panel.parquet", columns=_PANEL_COLS,
            filters=[("person_id", "in", persons["person_id"].to_numpy())],
        )
        panel = panel.merge(persons, on="person_id", how="inner", validate="many_to_one")
    panel = panel.sort_values(["person_id", "quarter"], kind="stable").reset_index(drop=True)

    leavers = panel.drop_duplicates("person_id")[["person_id", "school_leaving_quarter",
                                                   "birth_year"]]
    pid = panel["person_id"].to_numpy()
    q = panel["quarter"].to_numpy().astype(np.int32)
    slq = panel["school_leaving_quarter"].to_numpy(dtype=float).astype(np.int32)
    reg = panel["registered"].to_numpy(dtype=bool)
    same_prev = np.r_[False, pid[1:] == pid[:-1]] & np.r_[False, q[1:] == q[:-1] + 1]
    reg_lag = np.r_[False, reg[:-1]] & same_prev

    u = q - slq
    # from here on only quarters since leaving school (u >= 0) inside the window
    sub = (u >= 0) & (q >= window.start)
    panel = panel.loc[sub].reset_index(drop=True)
    pid, q, slq, u, reg_lag = pid[sub], q[sub], slq[sub], u[sub], reg_lag[sub]
    if event == "job":
        ev = panel["job_start"].to_numpy(dtype=bool)
        last_q = window.end
    else:
        rs = panel["run_start"].to_numpy(dtype=float)
        rl = panel["run_length"].to_numpy(dtype=float)
        ev = (rs == q) & (rl >= stable_quarters)
        last_q = window.end - stable_quarters + 1
    keep = q <= last_q
    if max_age is not None:
        keep &= (year_of(q) - panel["birth_year"].to_numpy().astype(np.int32)) < max_age
    if max_duration is not None:
        keep &= u <= max_duration
    # first event quarter per person inside the risk set; keep rows up to it
    ev_in = ev & keep
    first_ev = pd.Series(np.where(ev_in, u, np.iinfo(np.int32).max)).groupby(pid).transform("min")
    keep &= u <= first_ev.to_numpy()
    # the risk set must be contiguous in u from 0: a gap in the panel rows ends it
    first_row = np.r_[True, pid[1:] != pid[:-1]]
    step_ok = np.where(first_row, u == 0, np.r_[False, q[1:] == q[:-1] + 1])
    cont = pd.Series(np.where(keep & step_ok, 0, 1)).groupby(pid).cumsum().to_numpy() == 0
    rows = keep & cont

    exclusions = _exclusion_log(leavers, set(np.unique(pid[rows])), window, last_q, max_age)
    p = panel.loc[rows]
    children = p["children"].to_numpy()
    og = pd.Series(covariates.origin_generation(p["origin"], p["generation"]), index=p.index)
    out = pd.DataFrame({
        "person_id": p["person_id"].to_numpy(),
        "u": u[rows].astype(np.int16),
        "event": ev[rows].astype(np.int8),
        KEY: pd.Categorical(og, categories=origin_generation_levels()),
        "sex": pd.Categorical(p["sex"].astype(str), categories=list(codes.SEXES)),
        "education": pd.Categorical(p["education"].astype(str), categories=list(codes.EDUCATIONS)),
        "study_field": pd.Categorical(
            p["study_field"].astype(str), categories=list(codes.STUDY_FIELDS)
        ),
        "dutch_level": pd.Categorical(
            p["dutch_level"].astype(str), categories=list(codes.DUTCH_LEVELS)
        ),
        "age_at_leaving": (year_of(slq[rows]) - p["birth_year"].to_numpy()).astype(np.int16),
        "registered_lag": reg_lag[rows].astype(np.int8),
        "experience_years": covariates.experience_years(p["experience"]).astype(np.float32),
        "couple": (p["household"] == "couple").to_numpy().astype(np.int8),
        "has_children": covariates.has_children(children).astype(np.int8),
        "female_with_children": covariates.female_with_children(p["sex"], children).astype(
            np.int8),
        "parent_employed": p["parent_employed"].to_numpy(dtype=bool).astype(np.int8),
        "parent_education": pd.Categorical(
            p["parent_education"].astype(str), categories=list(codes.PARENT_EDUCATIONS)
        ),
    })
    if out[KEY].isna().any():
        bad = og[out[KEY].isna().to_numpy()].iloc[0]
        raise ValueError(f"unexpected origin:generation {bad!r} among school leavers")
    out = out.reset_index(drop=True)
    # plain (reason, count) pairs: attrs must compare with == when pandas propagates them
    out.attrs["exclusions"] = list(exclusions.itertuples(index=False, name=None))
    return out


def _exclusion_log(leavers: pd.DataFrame, kept: set, window: Window, last_q: int,
                   max_age: int | None) -> pd.DataFrame:
    """School leavers (persons with a leaving quarter and panel rows) left out of the risk set,
    counted by the first reason that applies."""
    slq = leavers["school_leaving_quarter"].to_numpy(dtype=float).astype(np.int64)
    out = ~leavers["person_id"].isin(list(kept)).to_numpy()
    reasons = [
        ("left school before the window start", slq < window.start),
        ("left school after the last quarter at risk", slq > last_q),
    ]
    if max_age is not None:
        age = year_of(slq) - leavers["birth_year"].to_numpy().astype(np.int64)
        reasons.append((f"aged {max_age} or older when leaving school", age >= max_age))
    reasons.append(("no panel row in the leaving quarter", np.ones(len(slq), bool)))
    left = out.copy()
    rows = []
    for reason, m in reasons:
        hit = left & m
        rows.append({"reason": reason, "n_persons": int(hit.sum())})
        left &= ~m
    log = pd.DataFrame(rows)
    return pd.concat([pd.DataFrame([{"reason": "school leavers with panel rows",
                                     "n_persons": len(slq)}]), log,
                      pd.DataFrame([{"reason": "in the risk set",
                                     "n_persons": int((~out).sum())}])], ignore_index=True)


def school_leaving_end(data: str | Path | pd.DataFrame, min_cell: int = 10) -> str | None:
    """The quarter in which school leaving in ``data`` ends, as a calendar label ("2014Q4"):
    the school-leaving quarter of the ``min_cell``-th latest school leaver, so that no single
    record sets it (the rule of chapter 1's register ranges,
    :func:`mia_helpers.describe.register_overview`, dpo24); None with fewer than ``min_cell``
    school leavers.

    Chapter 2 reads it to say why nobody left school in the last quarters of the window when
    the data's school leaving ends before them (prose36: the synthetic generator lets school
    leavers leave in the first ``school_leaving_span`` quarters of the window only, so with the
    default window nobody leaves school in its last eight quarters).

    Parameters
    ----------
    data : folder holding ``panel.parquet`` and ``persons.parquet``, or a panel already joined
        with the person covariates (:func:`mia_helpers.panel.load_panel`). School leavers are
        the persons with a ``school_leaving_quarter`` and panel rows, as in
        :func:`school_leaver_periods`' exclusion log.
    min_cell : int
        Disclosure threshold: a whole number >= 1 (10.0 is read as 10;
        :func:`mia_helpers.disclosure.check_min_cell`).

    Raises
    ------
    ValueError
        If ``min_cell`` is no whole number >= 1 or a given panel lacks ``person_id`` or
        ``school_leaving_quarter``.
    mia_helpers.files.DataFileError
        When ``data`` is a folder without a current panel.
    """
    from mia_helpers.quarters import to_label

    m = check_min_cell(min_cell, "hazard.school_leaving_end")  # val46: 10.5 was cut to 10
    if isinstance(data, pd.DataFrame):
        missing = [c for c in ("person_id", "school_leaving_quarter") if c not in data.columns]
        if missing:
            raise ValueError(f"school_leaving_end: the panel lacks columns {missing} (use "
                             "mia_helpers.panel.load_panel)")
        leavers = data.drop_duplicates("person_id")["school_leaving_quarter"]
    else:
        from mia_helpers.panel import require_current_panel

        path = Path(data)
        require_current_panel(path)
        persons = pd.read_parquet(path / "persons.parquet",
                                  columns=["person_id", "school_leaving_quarter"])
        in_panel = pd.read_parquet(path / "panel.parquet", columns=["person_id"])["person_id"]
        leavers = persons.loc[persons["person_id"].isin(in_panel.unique()),
                              "school_leaving_quarter"]
    slq = np.sort(pd.to_numeric(leavers, errors="coerce").dropna().to_numpy(dtype=np.int64))
    return to_label(int(slq[-m])) if len(slq) >= m else None


def exclusion_table(periods: dict[str, pd.DataFrame] | pd.DataFrame, min_cell: int = 10
                    ) -> pd.DataFrame:
    """The exclusion log of :func:`school_leaver_periods`: a column ``reason`` and one column
    of persons per risk set (school leavers, the persons left out by reason, and the persons
    in the risk set); counts below ``min_cell`` suppressed.

    ``periods``: one risk set, or risk sets by name. Raises ``ValueError`` when one of them
    has no ``attrs["exclusions"]`` (not made by :func:`school_leaver_periods`).
    """
    from mia_helpers.disclosure import suppress_small_cells

    periods = periods if isinstance(periods, dict) else {"persons": periods}
    cols = {}
    for name, pp in periods.items():
        if "exclusions" not in pp.attrs:
            raise ValueError(f"{name!r}: no exclusion log (not from school_leaver_periods)")
        cols[name] = pd.Series(dict(pp.attrs["exclusions"]), name=name)
    tab = pd.DataFrame(cols).rename_axis("reason")
    return suppress_small_cells(tab.reset_index(), count_cols=list(cols), min_cell=min_cell)


# --------------------------------------------------------------------------------------------
# grouping
# --------------------------------------------------------------------------------------------
@dataclass
class GroupedPeriods:
    """Person-period rows grouped into identical covariate x duration-bin cells.

    Attributes
    ----------
    cells : one row per cell: the grouping columns, ``dur`` (duration bin label = its left edge
        in quarters), ``trials`` (person-periods at risk) and ``events``.
    trials_pc, events_pc : sparse persons x cells matrices (CSR) of person-periods and events
        of each person in each cell; they turn cell-level residuals into per-person scores.
    persons : person ids in the row order of ``trials_pc``.
    bins : left edges of the duration bins.
    dropped_bins : duration bins left out because no event occurs in them (hazard 0 there).
    """

    cells: pd.DataFrame
    trials_pc: sp.csr_matrix
    events_pc: sp.csr_matrix
    persons: np.ndarray
    bins: tuple[int, ...]
    dropped_bins: tuple[int, ...] = ()
    columns: list[str] = field(default_factory=list)

    @property
    def n_persons(self) -> int:
        """Persons behind the grouped periods."""
        return int(self.trials_pc.shape[0])

    @property
    def n_periods(self) -> int:
        """Person-periods at risk (the cells' trials)."""
        return int(self.cells["trials"].sum())

    @property
    def n_events(self) -> int:
        """Events in the person-periods (the cells' events)."""
        return int(self.cells["events"].sum())


def duration_bin(u: np.ndarray, bins: Sequence[int]) -> np.ndarray:
    """Left edge of the duration bin each ``u`` falls in (``bins`` = sorted left edges, from 0).

    ``u``: (n,) int durations (quarters, >= 0); returns (n,) int edges. Raises ``ValueError``
    unless ``bins`` starts at 0 and increases strictly.
    """
    edges = np.asarray(bins)
    if edges[0] != 0 or np.any(np.diff(edges) <= 0):
        raise ValueError(f"bins must be increasing left edges starting at 0, got {list(bins)}")
    return edges[np.searchsorted(edges, np.asarray(u), side="right") - 1]


def reached_bins(dur: np.ndarray, bins: Sequence[int]) -> tuple[int, ...]:
    """The left edges of ``bins``, in their order, that at least one person-period reaches.

    ``dur``: (n,) left edges of the rows' bins (:func:`duration_bin`). A bin that no row
    reaches (beyond the window's reach: chapter 2's stable-job risk set over 2008Q1-2014Q4 ends
    at u = 24) is no term of a hazard model nor of the linear probability model, and not a bin
    of hazard 0: as a term it was dropped with a warning and listed in the nested tables as
    "dur: 25" (user46). The one reading of the bins reached, for :func:`group_periods` and
    :func:`lpm_robustness` (each had its own, rev46).
    """
    reached = set(np.unique(np.asarray(dur)).tolist())
    return tuple(int(b) for b in bins if int(b) in reached)


def _check_periods(periods: pd.DataFrame, person_col: str) -> None:
    """Refuse person-period rows :func:`group_periods` would misread (api52): a missing person
    (pandas codes it -1, scipy stopped with "negative axis 0 index"), a ``u`` missing,
    infinite or negative (binned into the last bin), an ``event`` missing or not 0/1, and a
    person's ``u`` repeated (that person-period counted twice). Raises ``ValueError`` naming
    the column, the count and what to do."""
    n_na = int(periods[person_col].isna().sum())
    if n_na:
        raise ValueError(f"group_periods: person_col={person_col!r} has "
                         f"{counted(n_na, 'missing value')}; every person-period row needs "
                         "its person (drop those rows or give them an id)")
    u = periods["u"]
    if pd.api.types.is_bool_dtype(u) or not pd.api.types.is_numeric_dtype(u):
        raise ValueError(f"group_periods: column 'u' (duration since the origin, in periods) "
                         f"must be numeric, got dtype {u.dtype}")
    uv = u.to_numpy(np.float64, na_value=np.nan)
    bad = ~np.isfinite(uv) | (uv < 0)
    if bad.any():
        raise ValueError(f"group_periods: column 'u' is missing, infinite or negative in "
                         f"{counted(int(bad.sum()), 'row')}; u is the duration since the "
                         "origin (0, 1, 2, ... periods): fix or drop those rows")
    ev = periods["event"]
    n_na = int(ev.isna().sum())
    if n_na:
        raise ValueError(f"group_periods: column 'event' has {counted(n_na, 'missing value')}; "
                         "it must be 0/1 (or False/True) in every person-period")
    try:
        evv = ev.to_numpy(np.float64)
    except (TypeError, ValueError):
        evv = None
    if evv is None or not np.isin(evv, (0.0, 1.0)).all():
        found = sorted(map(str, pd.unique(ev[~ev.isin([0, 1])])))[:5]
        raise ValueError(f"group_periods: column 'event' must be 0/1 (or False/True), found "
                         f"values {found}")
    n_dup = int(periods.duplicated([person_col, "u"]).sum())
    if n_dup:
        raise ValueError(f"group_periods: the ({person_col!r}, 'u') pairs of "
                         f"{counted(n_dup, 'row')} are already taken by another row; one row "
                         "per person and duration (a person with several spells: give each "
                         f"spell its own {person_col!r} value)")


def group_periods(
    periods: pd.DataFrame,
    columns: Sequence[str],
    bins: Sequence[int] = DEFAULT_BINS,
    person_col: str = "person_id",
    drop_empty_bins: bool = True,
) -> GroupedPeriods:
    """Group person-period rows into cells of identical ``columns`` x duration bin.

    Parameters
    ----------
    periods : person-period rows with ``person_col``, ``u``, ``event`` (0/1) and ``columns``.
    columns : covariates defining the cells; use those of the largest model to fit, so that all
        nested models share one grouping.
    bins : left edges of the piecewise-constant baseline's duration bins.
    drop_empty_bins : leave out bins without any event (their hazard estimate is 0 and a
        dummy for them would not converge). Bins that no person-period reaches are left out
        whatever its value, and not listed as dropped: the data say nothing of them.

    Returns
    -------
    GroupedPeriods

    Raises
    ------
    ValueError
        If ``periods`` lacks ``person_col``, ``u``, ``event`` or a column of ``columns``; for
        missing values in ``person_col``; a ``u`` that is not numeric, missing, infinite or
        negative; an ``event`` that is missing or not 0/1 (True/False); two rows of one person
        with the same ``u`` (each message names the column and the count: api52, such rows
        were binned, counted twice or crashed in scipy); for ``bins`` that do not start at 0
        or do not increase.
    OverflowError
        When the cells' distinct combinations cannot be keyed in int64 (too many columns
        with many levels).
    """
    need = [person_col, "u", "event", *columns]
    missing = [c for c in need if c not in periods.columns]
    if missing:
        raise ValueError(f"person-period data lack {plural(missing, 'column')} {missing}")
    _check_periods(periods, person_col)
    dur = duration_bin(periods["u"].to_numpy(), bins)
    ev = periods["event"].to_numpy().astype(np.int64)
    dropped: tuple[int, ...] = ()
    keep = np.ones(len(periods), bool)
    if drop_empty_bins:
        ev_bin = pd.Series(ev).groupby(dur).sum()
        empty = ev_bin.index[ev_bin.to_numpy() == 0]
        dropped = tuple(int(b) for b in empty)
        keep = ~np.isin(dur, empty)
    # a bin that no person-period reaches is no term either (reached_bins); predictions past
    # the data extend the last bin observed
    used_bins = tuple(b for b in reached_bins(dur, bins) if b not in dropped)

    # one integer key per row from the codes of every grouping column (mixed radix)
    key = np.zeros(int(keep.sum()), np.int64)
    radix = 1
    for c in [*columns, "dur"]:
        if c == "dur":
            code, uniq = pd.factorize(dur[keep], sort=True)
            card = len(uniq) + 1
        elif isinstance(periods[c].dtype, pd.CategoricalDtype):
            code = periods[c].cat.codes.to_numpy()[keep]
            card = len(periods[c].cat.categories) + 1
        else:
            code, uniq = pd.factorize(periods[c].to_numpy()[keep], sort=True)
            card = len(uniq) + 1
        # missing values (code -1) form their own cell value
        code = np.where(code < 0, card - 1, code).astype(np.int64)
        if radix > np.iinfo(np.int64).max // card:
            raise OverflowError("too many distinct cells to key in int64")
        key = key * card + code
        radix *= card
    uniq_key, first, cell_of_row = np.unique(key, return_index=True, return_inverse=True)
    n_cells = len(uniq_key)
    rows_idx = np.flatnonzero(keep)
    cells = periods.iloc[rows_idx[first]][list(columns)].reset_index(drop=True)
    cells["dur"] = dur[rows_idx[first]]
    ev_k = ev[keep]
    cells["trials"] = np.bincount(cell_of_row, minlength=n_cells).astype(np.int64)
    cells["events"] = np.bincount(cell_of_row, weights=ev_k, minlength=n_cells).astype(np.int64)

    pcodes, persons = pd.factorize(periods[person_col].to_numpy()[keep], sort=True)
    shape = (len(persons), n_cells)
    trials_pc = sp.csr_matrix(
        (np.ones(len(pcodes)), (pcodes, cell_of_row)), shape=shape
    )
    trials_pc.sum_duplicates()
    hit = ev_k == 1
    events_pc = sp.csr_matrix(
        (np.ones(int(hit.sum())), (pcodes[hit], cell_of_row[hit])), shape=shape
    )
    events_pc.sum_duplicates()
    return GroupedPeriods(
        cells=cells, trials_pc=trials_pc, events_pc=events_pc, persons=np.asarray(persons),
        bins=used_bins, dropped_bins=dropped, columns=list(columns),
    )


# --------------------------------------------------------------------------------------------
# design
# --------------------------------------------------------------------------------------------
def design_matrix(
    frame: pd.DataFrame,
    covariates: Sequence[str],
    bins: Sequence[int],
    references: dict[str, str] | None = None,
) -> tuple[np.ndarray, list[str]]:
    """Design of a discrete-time hazard: one dummy per duration bin (no intercept), then the
    covariates (categoricals dummy-coded against their reference level; numbers as they are).

    ``frame`` holds a ``dur`` column of bin left edges and the covariates (cells, person-period
    rows or prediction profiles). Column names: ``dur[b]``, ``var[level]``, ``var``.

    Returns ``(X, names)``: X (n, p) float64, names (p,) str. ``references`` maps a
    categorical covariate to its reference level (default: :data:`REFERENCES` for the book's
    columns, else its first category; strings sorted). Raises ``ValueError`` for a reference
    level that is not a category of the column (naming ``references``) and for missing
    values, ``KeyError`` for a missing column, ``TypeError`` for a covariate that is neither
    numeric, boolean, categorical nor text (dates).
    """
    refs = {**REFERENCES, **(references or {})}
    core.require_complete(frame, [c for c in covariates if c in frame.columns],
                          "hazard design matrix")
    # (name, column source, value to match or None for a numeric column)
    spec: list[tuple[str, np.ndarray, object]] = []
    dur = frame["dur"].to_numpy()
    for b in bins:
        spec.append((f"dur[{b}]", dur, b))
    for c in covariates:
        s = frame[c]
        if (isinstance(s.dtype, pd.CategoricalDtype) or pd.api.types.is_string_dtype(s)
                or s.dtype == object or c in _CATEGORICAL):
            if isinstance(s.dtype, pd.CategoricalDtype):
                cats = list(s.cat.categories)
                codes_ = s.cat.codes.to_numpy()
            else:
                cats = sorted(pd.unique(s.dropna()))
                codes_ = pd.Categorical(s, categories=cats).codes
            ref = refs.get(c, cats[0])
            if ref not in cats:
                raise ValueError(f"reference level {ref!r} of {c!r} not among "
                                 f"{[str(v) for v in cats]}; pass "
                                 f"references={{{c!r}: <one of its levels>}} (fit_hazard's "
                                 "references)")
            for i, lev in enumerate(cats):
                if lev != ref:
                    spec.append((f"{c}[{lev}]", codes_, i))
        elif pd.api.types.is_bool_dtype(s) or pd.api.types.is_numeric_dtype(s):
            spec.append((c, s.to_numpy(dtype=float), None))
        else:  # dates, durations: their float is nanoseconds, never a covariate (api52)
            raise TypeError(f"hazard design matrix: covariate {c!r} has dtype {s.dtype}; use "
                            "numbers, booleans, categories or strings (convert dates to a "
                            "number of periods)")
    X = np.empty((len(frame), len(spec)))
    for j, (_, src, val) in enumerate(spec):
        X[:, j] = src if val is None else (src == val)
    return X, [n for n, _, _ in spec]


# --------------------------------------------------------------------------------------------
# fit
# --------------------------------------------------------------------------------------------
@dataclass
class HazardFit:
    """A fitted discrete-time hazard model.

    ``params`` are log-odds of the quarterly hazard (logit) or log hazard ratios (cloglog) for a
    one-unit difference, other covariates fixed; ``dur[b]`` terms are the baseline of the
    reference profile in duration bin ``b``. ``cov`` is the person-clustered covariance.
    ``not_identified`` maps every term without an estimate to the reason (collinear, no events
    where it is 1, separation); ``dropped_terms`` lists those terms.
    """

    params: pd.Series
    cov: pd.DataFrame
    cov_naive: pd.DataFrame
    link: Link
    covariates: list[str]
    bins: tuple[int, ...]
    dropped_terms: list[str]
    n_persons: int
    n_periods: int
    n_events: int
    n_cells: int
    loglike: float
    converged: bool
    name: str = ""
    dropped_bins: tuple[int, ...] = ()
    #: levels of the categorical covariates (to rebuild the design for predictions)
    levels: dict[str, list] = field(default_factory=dict)
    not_identified: dict[str, str] = field(default_factory=dict)
    terms: list[str] = field(default_factory=list)
    #: reference levels passed to :func:`fit_hazard` (beside :data:`REFERENCES`)
    references: dict[str, object] = field(default_factory=dict)
    #: each term dropped as collinear -> the identified terms' coefficients that make its column
    #: in the fitted cells (api53: predictions at profiles that break this relation are NaN,
    #: :func:`predict_cumulative_incidence`)
    collinear_relations: dict[str, dict[str, float]] = field(default_factory=dict)
    #: each term dropped as collinear -> the largest absolute residual of that relation over the
    #: fitted cells (a profile whose residual exceeds it, beyond rounding, breaks the relation)
    collinear_slack: dict[str, float] = field(default_factory=dict)

    @property
    def bse(self) -> pd.Series:
        """Standard errors of the coefficients (square roots of the covariance's diagonal), by term."""
        return pd.Series(np.sqrt(np.diag(self.cov)), index=self.params.index)

    @property
    def df_resid(self) -> int:
        """Residual degrees of freedom: person-periods minus identified parameters (acro's
        regression check, ``safe_dof_threshold``)."""
        names = self.terms or list(self.params.index)
        return int(self.n_periods) - sum(t not in self.not_identified for t in names)

    def tidy(self, level: float = 0.95, terms: Sequence[str] | None = None) -> pd.DataFrame:
        """Coefficient table in the package vocabulary (:mod:`mia_helpers.core.results`):
        ``model``, ``term``, ``estimate`` (log odds ratio for logit, log hazard ratio for
        cloglog), ``se`` (person-clustered), ``statistic``, ``p_value``, ``ci_low``,
        ``ci_high``, ``exp_estimate``, ``exp_ci_low``, ``exp_ci_high``, ``exp_kind``
        (odds ratio / hazard ratio), ``identified``, ``n`` (person-periods), ``n_persons``,
        ``n_events``, ``df_resid`` (:attr:`df_resid`). Terms that are not identified are rows
        with ``identified=False``.

        ``level`` in (0, 1) (``ValueError`` otherwise, :func:`mia_helpers.core.check_level`);
        ``terms``: keep only these terms' rows (in the table's order), all when None; a name
        that is no term of the model raises ``KeyError`` listing the terms (api52: a typo
        gave an empty table).
        """
        names = self.terms or list(self.params.index)
        if terms is not None:
            if isinstance(terms, str):
                terms = [terms]
            unknown = [t for t in terms if t not in names]
            if unknown:
                raise KeyError(f"HazardFit.tidy: {plural(unknown, 'term')} {unknown} not in the "
                               f"model {self.name or '(unnamed)'}; its terms are {names}")
        ident = np.array([t not in self.not_identified for t in names])
        out = core.coefficient_table(
            names, self.params.reindex(names).to_numpy(), self.bse.reindex(names).to_numpy(),
            level, core.EXP_KIND[self.link], ident)
        out.insert(0, "model", self.name)
        out["n"] = self.n_periods
        out["n_persons"] = self.n_persons
        out["n_events"] = self.n_events
        out["df_resid"] = self.df_resid
        if terms is not None:
            out = out[out["term"].isin(list(terms))]
        return out.reset_index(drop=True)


def _family(link: Link) -> sm.families.Binomial:
    """statsmodels' binomial family of ``link`` (used for predictions' inverse link)."""
    if link == "logit":
        return sm.families.Binomial(link=sm.families.links.Logit())
    if link == "cloglog":
        return sm.families.Binomial(link=sm.families.links.CLogLog())
    raise ValueError(f"link must be 'logit' or 'cloglog', got {link!r}")


def fit_design(
    grouped: GroupedPeriods,
    X: np.ndarray,
    link: Link = "logit",
    start_params: np.ndarray | None = None,
    maxiter: int = 100,
    names: Sequence[str] | None = None,
    model: str = "hazard model",
) -> core.BinaryGLMFit:
    """Binomial GLM on the cells of ``grouped`` with cell design ``X`` by the package's one
    solver (:func:`mia_helpers.core.fit_binary`), person-clustered through the sparse person x
    cell maps (``N`` = person-periods, statsmodels' small-sample factor).

    Returns
    -------
    mia_helpers.core.BinaryGLMFit

    Raises
    ------
    ValueError
        As :func:`mia_helpers.core.fit_binary`: names that do not match ``X``'s columns,
        non-finite values in ``X``, or cells holding no events or only events.
    """
    cells = grouped.cells
    return core.fit_binary(
        X, cells["events"].to_numpy(dtype=float), cells["trials"].to_numpy(dtype=float),
        link=link, names=None if names is None else list(names),
        cluster_map=(grouped.events_pc, grouped.trials_pc), start=start_params,
        maxiter=maxiter, model=model,
    )


def fit_hazard(
    grouped: GroupedPeriods,
    covariates: Sequence[str],
    link: Link = "logit",
    name: str = "",
    start_params: np.ndarray | None = None,
    maxiter: int = 100,
    references: Mapping[str, object] | None = None,
) -> HazardFit:
    """Fit a discrete-time hazard model on grouped person-period cells.

    Parameters
    ----------
    grouped : cells from :func:`group_periods` (their columns must include ``covariates``).
    covariates : covariates of this model, e.g. ``[KEY, *block_covariates(["individual"])]``.
    link : ``"logit"`` (coefficients = log odds ratios of the quarterly hazard) or
        ``"cloglog"`` (coefficients = log hazard ratios of an underlying continuous-time
        proportional-hazards model).
    references : reference level of a categorical or text covariate (column -> level), e.g.
        ``{"region": "north"}``; default :data:`REFERENCES` for the book's columns, else the
        first category (text: the first in sorted order). Kept on the fit for predictions.

    Returns
    -------
    HazardFit
        Coefficients with person-clustered covariance: sandwich ``H^-1 (sum_i s_i s_i') H^-1``
        with ``s_i`` the score of person ``i`` summed over their quarters and ``H`` the observed
        information, times ``G/(G-1) (N-1)/(N-K)`` (G persons, N person-periods, K terms) -
        statsmodels' ``cov_type="cluster"`` on the expanded data
        (:mod:`mia_helpers.core.sandwich`).

    Notes
    -----
    Terms that are linear combinations of earlier terms in the data (e.g. a covariate that is a
    function of education and generation) are dropped; terms without events (or only events)
    where they are 1, and separated terms, are not identified. Both are warned about
    (:class:`mia_helpers.core.NotIdentifiedWarning`), listed in ``not_identified`` with the
    reason and flagged ``identified=False`` in :meth:`HazardFit.tidy`.

    Raises
    ------
    ValueError
        If a covariate is not a grouping column of the cells, for missing or infinite values
        in a covariate (naming it and its person-periods), for a categorical covariate whose
        reference level has no person-period, for a reference level not among a
        covariate's categories (:func:`design_matrix`), and as :func:`fit_design` (no events
        or only events).
    TypeError
        For a covariate of a dtype that is no number, boolean, category or text (dates), as
        :func:`design_matrix`.

    References
    ----------
    Discrete-time hazard models (Allison 1982; Jenkins 1995) fitted by the package's binomial
    GLM on grouped cells (:func:`mia_helpers.core.fit_binary`); person-clustered SEs with
    statsmodels' small-sample factor.
    """
    missing = [c for c in covariates if c not in grouped.cells.columns]
    if missing:
        raise ValueError(f"covariates {missing} are not grouping columns of the cells")
    cells = grouped.cells
    refs = dict(references or {})
    # missing values form cells of their own (group_periods): count their person-periods,
    # not the cells (api52: "1 of 13 rows" were cells)
    bad = {c: int(cells.loc[cells[c].isna().to_numpy(), "trials"].sum()) for c in covariates}
    bad = {c: n for c, n in bad.items() if n}
    if bad:
        what = ", ".join(f"{c!r} ({counted(n, 'person-period')})" for c, n in bad.items())
        raise ValueError(f"fit_hazard: missing values in {plural(bad, 'covariate')} {what} of "
                         f"{counted(grouped.n_periods, 'person-period')}; drop or impute those "
                         "rows before group_periods")
    inf = {c: int(cells.loc[np.isinf(cells[c].to_numpy(np.float64)), "trials"].sum())
           for c in covariates if pd.api.types.is_float_dtype(cells[c])}
    inf = {c: n for c, n in inf.items() if n}
    if inf:  # api52: the solver said "non-finite values in term(s)", no count, no remedy
        what = ", ".join(f"{c!r} ({counted(n, 'person-period')})" for c, n in inf.items())
        raise ValueError(f"fit_hazard: infinite values in {plural(inf, 'covariate')} {what}; "
                         "replace them (e.g. cap the value) before group_periods")
    _check_reference_rows(cells, covariates, refs)
    X, names = design_matrix(cells, covariates, grouped.bins, references=refs)
    f = fit_design(grouped, X, link, start_params, maxiter, names=names,
                   model=f"hazard model {name}".strip())
    relations, slack = _collinear_relations(X, names, f.not_identified)
    idx = pd.Index(f.params.index, name="term")
    return HazardFit(
        params=f.params.set_axis(idx),
        cov=f.cov.set_axis(idx, axis=0).set_axis(idx, axis=1),
        cov_naive=pd.DataFrame(f.bread_inv, index=idx, columns=idx),
        link=link,
        covariates=list(covariates),
        bins=grouped.bins,
        dropped_terms=list(f.not_identified),
        n_persons=f.n_persons,
        n_periods=f.n,
        n_events=int(round(f.n_events)),
        n_cells=len(cells),
        loglike=f.loglike,
        converged=f.converged,
        name=name,
        dropped_bins=grouped.dropped_bins,
        levels=_fitted_levels(cells, covariates, refs),
        not_identified=dict(f.not_identified),
        terms=list(names),
        references=refs,
        collinear_relations=relations,
        collinear_slack=slack,
    )


def _collinear_relations(X: np.ndarray, names: Sequence[str], not_identified: Mapping[str, str]
                         ) -> tuple[dict[str, dict[str, float]], dict[str, float]]:
    """Each term a fit dropped as collinear, as the combination of the identified terms that
    makes its column in the fitted rows (least squares), and the largest absolute residual of
    that combination there; (``{}``, ``{}``) when none was dropped as collinear.

    ``X`` (rows x terms, named ``names``): the design the fit saw; ``not_identified``: term ->
    reason, as :func:`mia_helpers.core.fit_binary` / :func:`mia_helpers.core.fit_mnl` give it.
    The rows used are those where no term not identified for want of data (no events, no
    variation, separation) is non-zero: the solver leaves those rows out before its
    collinearity check (:func:`mia_helpers.core.guards.independent_columns`), so the relation
    it found holds on them. The prediction at a profile is identified only where the profile's
    row of the design is a combination of the fitted rows (an estimable function of a
    rank-deficient linear predictor), i.e. where it keeps every such relation (api53)."""
    collinear = [t for t, why in not_identified.items() if "collinear" in str(why)]
    if not collinear:
        return {}, {}
    pos = {n: j for j, n in enumerate(names)}
    X = np.asarray(X, np.float64)
    other = [pos[t] for t, why in not_identified.items()
             if "collinear" not in str(why) and t in pos]
    rows = ~(X[:, other] != 0).any(axis=1) if other else np.ones(len(X), bool)
    kept = [n for n in names if n not in not_identified]
    A = X[rows][:, [pos[n] for n in kept]]
    relations, slack = {}, {}
    for t in collinear:
        if t not in pos:
            continue
        y = X[rows, pos[t]]
        c = np.linalg.lstsq(A, y, rcond=None)[0] if len(kept) else np.zeros(0)
        c = np.where(np.abs(c) > 1e-12, c, 0.0)  # float dust of terms outside the relation
        relations[t] = {n: float(v) for n, v in zip(kept, c, strict=True) if v != 0}
        slack[t] = float(np.abs(y - A @ c).max()) if len(y) else 0.0
    return relations, slack


#: rounding allowed beyond a relation's residual in the fitted rows, relative to the size of
#: the profile's terms in it: float64 sums of a few dozen products are exact to about 1e-15
#: relative, and a profile that breaks a relation of 0/1 columns misses it by at least 1
RELATION_ROUNDING = 1e-9


def _relation_breaks(X: np.ndarray, names: Sequence[str], relations: Mapping[str, Mapping[str, float]],
                     slack: Mapping[str, float]) -> dict[str, np.ndarray]:
    """Term dropped as collinear -> (n,) bool: the rows of ``X`` (columns ``names``) whose value
    of the term differs from the combination the fitted data hold
    (:func:`_collinear_relations`) by more than that relation's ``slack`` plus
    :data:`RELATION_ROUNDING` of the row's terms in it. Terms whose rows all keep the relation
    are left out."""
    pos = {n: j for j, n in enumerate(names)}
    out = {}
    for t, comb in relations.items():
        if t not in pos or any(k not in pos for k in comb):
            continue
        parts = np.column_stack([X[:, pos[k]] * v for k, v in comb.items()]) if comb else (
            np.zeros((len(X), 1)))
        x = np.asarray(X[:, pos[t]], np.float64)
        size = np.abs(x) + np.abs(parts).sum(axis=1)
        broken = np.abs(x - parts.sum(axis=1)) > slack.get(t, 0.0) + RELATION_ROUNDING * (1 + size)
        if broken.any():
            out[t] = broken
    return out


def _check_reference_rows(cells: pd.DataFrame, covariates: Sequence[str],
                          references: Mapping[str, object]) -> None:
    """Refuse a categorical covariate whose reference level has no person-period (api52): its
    other levels' dummies then add up to one, the last was dropped as "collinear" and the
    others were read against it while the table named the empty level the reference."""
    refs = {**REFERENCES, **references}
    for c in covariates:
        s = cells[c]
        if not isinstance(s.dtype, pd.CategoricalDtype):
            continue
        cats = list(s.cat.categories)
        ref = refs.get(c, cats[0] if cats else None)
        if ref in cats and not (s.to_numpy(object) == ref).any():
            raise ValueError(
                f"fit_hazard: the reference level {ref!r} of {c!r} has no person-period; drop "
                f"the unused categories (data[{c!r}].cat.remove_unused_categories()) or pass "
                f"references={{{c!r}: <a level with rows>}}")


def _fitted_levels(cells: pd.DataFrame, covariates: Sequence[str],
                   references: Mapping[str, object]) -> dict[str, list]:
    """The levels of the fit's categorical covariates, to rebuild its design for predictions:
    a categorical's categories, and (api52) a text column's values with the reference first
    (they were not kept, so profiles without every level lost terms and were refused)."""
    refs = {**REFERENCES, **references}
    out: dict[str, list] = {}
    for c in covariates:
        s = cells[c]
        if isinstance(s.dtype, pd.CategoricalDtype):
            out[c] = list(s.cat.categories)
        elif pd.api.types.is_string_dtype(s) or s.dtype == object or c in _CATEGORICAL:
            cats = sorted(pd.unique(s.dropna()))
            ref = refs.get(c, cats[0] if cats else None)
            out[c] = [ref, *[v for v in cats if v != ref]] if ref in cats else cats
    return out


def explain_collinear(fit: HazardFit, periods: pd.DataFrame, tol: float = 1e-8) -> HazardFit:
    """``fit`` with the reason of every term dropped as collinear extended by the covariates
    whose terms it is a combination of in the data, e.g. "collinear with earlier terms: a
    combination of residence ground and the other levels of origin" (old29: chapter 5's
    feeder model dropped Origin: Turkish, and the table and prose said only "collinear with earlier terms": every
    newcomer of an EU origin has the EU-citizen ground and no other has, so the non-EU origins
    add up to the non-EU grounds).

    The dropped term's column of the design (:func:`design_matrix` on the cells of
    :func:`group_periods`, rebuilt from ``periods`` with ``fit.covariates`` and ``fit.bins``)
    is regressed by least squares on the identified terms' columns; the covariates of the
    terms with a coefficient above ``tol`` in absolute value are named (duration bins, the
    baseline, are not). Where the fit leaves a residual (the term was dropped for another
    reason) the reason is left as it is.

    Parameters
    ----------
    fit : HazardFit
        A fit of :func:`fit_hazard`.
    periods : DataFrame
        The person-period rows it was fitted on (``person_id``, ``u``, ``event`` and the
        covariates).
    tol : float
        Coefficients and residual below it count as zero (design columns are 0/1).

    Returns
    -------
    HazardFit
        A copy whose ``not_identified`` reasons say what the collinear terms combine; the
        same object where no term was dropped as collinear.

    Raises
    ------
    ValueError, KeyError
        As :func:`group_periods` and :func:`design_matrix` (missing columns).
    """
    from dataclasses import replace

    collinear = [t for t, r in fit.not_identified.items() if "collinear" in r]
    if not collinear:
        return fit
    # the bins as passed (the fit keeps those with events, group_periods drops the others again)
    bins = sorted({*fit.bins, *fit.dropped_bins})
    grouped = group_periods(periods, fit.covariates, bins=bins)
    X, names = design_matrix(grouped.cells, fit.covariates, grouped.bins,
                             references=dict(fit.references))
    col = {n: j for j, n in enumerate(names)}
    kept = [n for n in names if n not in fit.not_identified]
    base = X[:, [col[n] for n in kept]]
    reasons = dict(fit.not_identified)
    for t in collinear:
        y = X[:, col[t]]
        beta = np.linalg.lstsq(base, y, rcond=None)[0]
        if np.abs(base @ beta - y).max() > tol:
            continue
        used = [kept[i] for i in np.flatnonzero(np.abs(beta) > tol)]
        variables = list(dict.fromkeys(n.split("[", 1)[0] for n in used
                                       if not n.startswith("dur[")))
        own = t.split("[", 1)[0]
        words = [f"the other levels of {label(v).lower()}" if v == own else label(v).lower()
                 for v in variables]
        if words:
            joined = words[0] if len(words) == 1 else ", ".join(words[:-1]) + f" and {words[-1]}"
            reasons[t] = f"{reasons[t]}: a combination of {joined}"
    return replace(fit, not_identified=reasons)


def fit_nested(
    grouped: GroupedPeriods,
    link: Link = "logit",
    models: dict[str, list[str]] | None = None,
) -> dict[str, HazardFit]:
    """Fit the nested models (default :data:`MODELS`: M0 = key + duration, M1 + individual,
    M2 + household, M3 + parental).

    ``models``: name -> covariates (each a :func:`fit_hazard`). Returns name -> fit. Raises as
    :func:`fit_hazard`. Source: discrete-time hazard models on grouped person-period data
    (Allison 1982, Jenkins 1995; module docstring).
    """
    models = MODELS if models is None else models
    out: dict[str, HazardFit] = {}
    for name, blocks in models.items():
        covs = [KEY, *block_covariates(blocks)]
        out[name] = fit_hazard(grouped, covs, link=link, name=name)
    return out


# --------------------------------------------------------------------------------------------
# results
# --------------------------------------------------------------------------------------------
def key_term(group: str) -> str:
    """Name of the coefficient of an origin x generation group."""
    return f"{KEY}[{group}]"


def predict_cumulative_incidence(
    fit: HazardFit,
    profiles: pd.DataFrame,
    max_u: int | None = None,
    level: float = 0.95,
    n_sim: int = 400,
    seed: int = 0,
) -> pd.DataFrame:
    """Predicted cumulative incidence of the event by quarters since leaving school.

    Parameters
    ----------
    fit : a hazard fit.
    profiles : one row per curve, with a ``profile`` label column and a value for every
        covariate of the model (time-constant over the curve).
    max_u : last duration (default: the last left edge of ``fit.bins`` + 4; a bin that no
        person-period reached is not among them since user46, :func:`group_periods`, so
        the default may end before the data's last duration: pass it).
    n_sim : parameter draws from ``N(params, cov)`` for the simulation band.

    Returns
    -------
    pandas.DataFrame
        ``profile``, ``u``, ``hazard``, ``cum_incidence`` (share that has entered by the end
        of quarter ``u``), ``ci_low``, ``ci_high`` (pointwise simulation band). Durations in
        bins without events (e.g. the leaving quarter when nobody starts a job then) get
        hazard 0. A profile using a term the fit could not identify for want of data (a level
        without rows or events, separation) gets NaN from the first duration the term applies
        to, with a ``NotIdentifiedWarning``; so does (api53) a profile that breaks the relation
        for which a term was dropped as collinear (the data hold ``b = a``, the profile has
        ``a = 1, b = 0``): its hazard is not identified, and ignoring the dropped term gave a
        finite curve. Profiles that keep the relation are predicted as before.

    Raises
    ------
    ValueError
        If ``profiles`` lacks the ``profile`` column, holds a level of a categorical covariate
        that the fit did not see, or does not produce every fitted term; for a link other
        than ``"logit"`` or ``"cloglog"``; if ``profiles`` lacks a covariate of the model
        (naming them: :func:`group_profiles` without ``base`` gives the origin x generation
        key only, which suits M0).

    Notes
    -----
    The cumulative incidence at ``u`` is ``1 - prod_{s <= u} (1 - h(s))`` of the discrete-time
    hazards ``h`` (Allison 1982, Jenkins 1995); the band is the pointwise 2.5% and 97.5%
    quantiles (for ``level`` 0.95) over ``n_sim`` curves of parameters drawn from their
    estimated normal distribution.
    """
    if "profile" not in profiles.columns:
        raise ValueError("profiles need a 'profile' label column")
    missing = [c for c in fit.covariates if c not in profiles.columns]
    if missing:
        raise ValueError(f"predict_cumulative_incidence: profiles lack the "
                         f"{plural(missing, 'covariate')} "
                         f"{missing} of the model {fit.name or '(unnamed)'}; give each a value "
                         "(hazard.group_profiles(base={...}) sets them for every group)")
    max_u = (fit.bins[-1] + 4) if max_u is None else max_u
    us = np.arange(max_u + 1)
    rows = profiles.loc[profiles.index.repeat(len(us))].reset_index(drop=True)
    rows["u"] = np.tile(us, len(profiles))
    # bins dropped for lack of events have no dummy: hazard 0 there
    bins_with_dropped = sorted({0, *fit.bins, *fit.dropped_bins})
    rows["dur"] = duration_bin(rows["u"].to_numpy(), bins_with_dropped)
    for c, levels in fit.levels.items():
        if c in rows.columns:
            bad = set(rows[c].astype(object)) - set(levels)
            if bad:
                raise ValueError(f"profiles hold unknown levels {sorted(bad)} of {c!r}")
            rows[c] = pd.Categorical(rows[c].astype(object), categories=levels)
    X, names = _design_for(fit, rows)
    in_model = np.isin(rows["dur"].to_numpy(), fit.bins)
    fam = _family(fit.link)
    rng = np.random.default_rng(seed)
    draws = rng.multivariate_normal(fit.params.to_numpy(), fit.cov.to_numpy(), size=n_sim)
    B = np.vstack([fit.params.to_numpy(), draws])
    H = fam.link.inverse(X @ B.T) * in_model[:, None]  # rows x (1 + n_sim)
    H[_unidentified_rows(fit, rows)] = np.nan
    n_p = len(profiles)
    H3 = H.reshape(n_p, len(us), -1)
    F = 1.0 - np.cumprod(1.0 - H3, axis=1)
    a = (1 - level) / 2
    out = pd.DataFrame({
        "profile": np.repeat(profiles["profile"].to_numpy(), len(us)),
        "u": np.tile(us, n_p),
        "hazard": H3[:, :, 0].ravel(),
        "cum_incidence": F[:, :, 0].ravel(),
        "ci_low": np.quantile(F[:, :, 1:], a, axis=2).ravel(),
        "ci_high": np.quantile(F[:, :, 1:], 1 - a, axis=2).ravel(),
    })
    return out


def _unidentified_rows(fit: HazardFit, frame: pd.DataFrame) -> np.ndarray:
    """(n,) bool: the prediction rows of ``frame`` at which a term the fit could not identify
    for want of data is not zero (a level without rows or without events, a separated term),
    and (api53) those that break the relation for which a term was dropped as collinear
    (:func:`_relation_breaks`; a row that keeps it is predicted by the terms the dropped one
    combines). Their hazard has no estimate: the model without the term would predict them
    as the reference level, a finite curve with a tight band (api52). Warns with a
    :class:`mia_helpers.core.NotIdentifiedWarning` naming the terms."""
    terms = [t for t, why in fit.not_identified.items() if "collinear" not in why]
    relations = getattr(fit, "collinear_relations", {}) or {}
    if not terms and not relations:
        return np.zeros(len(frame), bool)
    X, names = design_matrix(frame, fit.covariates, fit.bins, references=dict(fit.references))
    pos = {n: i for i, n in enumerate(names)}
    cols = [pos[t] for t in terms if t in pos]
    want = (X[:, cols] != 0).any(axis=1) if cols else np.zeros(len(frame), bool)
    if want.any():
        used = [t for t in terms if t in pos and (X[want, pos[t]] != 0).any()]
        core.warn_not_identified(
            f"predict_cumulative_incidence: the model {fit.name or '(unnamed)'} has no estimate "
            f"for {plural(used, 'term')} {used} ({'; '.join(fit.not_identified[t] for t in used)}"
            "); the hazard and cumulative incidence of the profiles using "
            f"{'it' if len(used) == 1 else 'them'} are NaN from the first duration at which "
            f"{'it applies' if len(used) == 1 else 'they apply'}")
    broken = _relation_breaks(X, names, relations, getattr(fit, "collinear_slack", {}) or {})
    if not broken:
        return want
    hit = np.any(list(broken.values()), axis=0)
    who = (f" {sorted(set(frame.loc[hit, 'profile'].astype(str)))}"
           if "profile" in frame.columns else "")
    one = len(broken) == 1
    core.warn_not_identified(
        f"predict_cumulative_incidence: the model {fit.name or '(unnamed)'} dropped "
        f"{plural(list(broken), 'term')} {list(broken)} ("
        + "; ".join(fit.not_identified.get(t, "collinear") for t in broken)
        + f"), and some profiles{who} break the relation the data hold between "
        f"{'it' if one else 'them'} and the terms kept: the model cannot tell their hazard, "
        "so their hazard and cumulative incidence are NaN (give such a profile values that "
        "the data hold together)")
    return want | hit


def _design_for(fit: HazardFit, frame: pd.DataFrame) -> tuple[np.ndarray, list[str]]:
    """Design of ``frame`` in the fitted model's columns (dropped terms left out)."""
    X, names = design_matrix(frame, fit.covariates, fit.bins, references=dict(fit.references))
    pos = {n: i for i, n in enumerate(names)}
    missing = [n for n in fit.params.index if n not in pos]
    if missing:
        raise ValueError(f"profiles do not produce terms {missing}")
    return X[:, [pos[n] for n in fit.params.index]], list(fit.params.index)


def group_profiles(
    groups: Sequence[str] | None = None, base: dict[str, object] | None = None
) -> pd.DataFrame:
    """Prediction profiles: one per origin x generation group, other covariates at ``base``
    values.

    Returns one row per group with ``profile`` (= the group), ``origin_generation`` and one
    column per key of ``base`` (its value in every row). Without ``base`` no other column is
    added: the profiles then suit a model of the key and duration only (M0); for a larger
    model pass ``base`` with its covariates (:func:`predict_cumulative_incidence` refuses
    profiles without one, naming it).
    """
    groups = origin_generation_levels() if groups is None else list(groups)
    df = pd.DataFrame({"profile": groups, KEY: groups})
    for k, v in (base or {}).items():
        df[k] = v
    return df


def km_cumulative_incidence(
    periods: pd.DataFrame, by: str | Sequence[str] = KEY, max_u: int | None = None
) -> pd.DataFrame:
    """Descriptive cumulative incidence (one minus the Kaplan-Meier survivor) by group.

    Returns
    -------
    pandas.DataFrame
        ``by`` columns, ``u``, ``n_at_risk`` (persons at risk at the start of quarter ``u``),
        ``events``, ``hazard`` = events / at risk, ``cum_incidence`` = 1 - prod_{s<=u}(1 -
        hazard(s)), ``events_total`` (the group's events over its whole follow-up, also after
        ``max_u``: what a count table of the run publishes; :func:`publishable_km` keeps the
        events after a curve's last step none or at least ``min_cell``).

    ``periods``: person-period rows with ``u`` (quarters since leaving school), ``event``
    (0/1) and the ``by`` columns, as :func:`school_leaver_periods` gives them (one row per
    person at risk and quarter); ``max_u``: last quarter shown. The life-table (Kaplan-Meier) estimator of
    discrete time (Kalbfleisch and Prentice 2002); a missing column raises ``KeyError``,
    missing values in ``u``, ``event`` or a ``by`` column ``ValueError`` naming the column and
    the count (api52: pandas' groupby dropped such rows from the curves without a word).
    """
    by = [by] if isinstance(by, str) else list(by)
    for c in ["u", "event", *by]:
        n_na = int(periods[c].isna().sum())
        if n_na:
            raise ValueError(f"km_cumulative_incidence: column {c!r} has "
                             f"{counted(n_na, 'missing value')}; drop or fill those "
                             "person-periods first")
    totals = periods.groupby(by, observed=True)["event"].sum().rename("events_total")
    p = periods if max_u is None else periods[periods["u"] <= max_u]
    t = (
        p.groupby([*by, "u"], observed=True)["event"]
        .agg(n_at_risk="size", events="sum")
        .reset_index()
        .sort_values([*by, "u"])
    )
    t["hazard"] = t["events"] / t["n_at_risk"]
    t["cum_incidence"] = 1.0 - t.groupby(by, observed=True)["hazard"].transform(
        lambda h: np.cumprod(1.0 - h.to_numpy())
    )
    t = t.merge(totals.reset_index(), on=by, how="left")
    return t.reset_index(drop=True)


def lpm_robustness(
    periods: pd.DataFrame,
    covariates: Sequence[str],
    bins: Sequence[int] = DEFAULT_BINS,
    name: str = "",
    level: float = 0.95,
) -> pd.DataFrame:
    """Linear probability model of the quarterly event (percentage points per quarter) with
    duration-bin dummies and person-clustered SEs (linearmodels ``IV2SLS`` without instruments,
    ``cov_type="clustered"``), on the expanded person-period rows.

    Returns
    -------
    pandas.DataFrame
        ``model``, ``term``, ``estimate`` (difference in the quarterly event probability, in
        percentage points), ``se``, ``ci_low``, ``ci_high`` (at ``level``),
        ``df_resid`` (the model's residual degrees of freedom).

    Raises
    ------
    ValueError
        For missing columns, and the person-period rows :func:`group_periods` refuses
        (missing persons, ``u`` missing or negative, ``event`` not 0/1, repeated person and
        ``u``), naming the column and the count; as :func:`design_matrix` for covariates.
    """
    from linearmodels.iv import IV2SLS

    missing = [c for c in ["person_id", "u", "event", *covariates] if c not in periods.columns]
    if missing:
        raise ValueError(f"lpm_robustness: person-period data lack {plural(missing, 'column')} "
                         f"{missing}")
    _check_periods(periods, "person_id")  # as group_periods (api52)
    frame = periods.assign(dur=duration_bin(periods["u"].to_numpy(), bins))
    used = list(reached_bins(frame["dur"].to_numpy(), bins))
    X, names = design_matrix(frame, covariates, used)
    keep, _ = core.independent_columns(X, np.ones(len(X)), names)
    X = pd.DataFrame(X[:, keep], columns=[n for n, k in zip(names, keep, strict=True) if k])
    y = pd.Series(frame["event"].to_numpy(dtype=float) * 100.0, name="event_pp")
    res = IV2SLS(y, X, None, None).fit(
        cov_type="clustered", clusters=pd.Series(frame["person_id"].to_numpy())
    )
    ci = res.conf_int(level=core.check_level(level))
    return pd.DataFrame({
        "model": name,
        "term": res.params.index,
        "estimate": res.params.to_numpy(),
        "se": res.std_errors.to_numpy(),
        "ci_low": ci["lower"].to_numpy(),
        "ci_high": ci["upper"].to_numpy(),
        "df_resid": int(res.df_resid),
    })


# --------------------------------------------------------------------------------------------
# publishable tables and figures (every table passes disclosure control)
# --------------------------------------------------------------------------------------------
EVENT_LABELS = {"job": "first job", "stable": "first stable job"}

#: The disclosure rules of a published origin x generation cell of a hazard model, one set for
#: every table, figure and sentence that shows such a cell (:func:`nested_table`,
#: :func:`publishable_cells`, chapter 2's truth table, :func:`mia_helpers.subgroups.gap_table`,
#: :func:`mia_helpers.khb.share_table`): keyword arguments of
#: :func:`mia_helpers.disclosure.suppress`. The persons (``n_persons``) and the persons with
#: the event (``n_events``) of the cell are counts (primary rule); the persons without the
#: event, ``n_persons - n_events``, are an unpublished remainder that may not be small
#: (complement rule); and the estimates of a model with fewer than 10 residual degrees of
#: freedom (``df_resid``) are hidden (acro's ``dof`` rule).
CELL_RULES: Mapping[str, Any] = MappingProxyType({
    "count_cols": ("n_persons", "n_events"),
    "relations": (("n_persons", ("n_events",), False),),
    "dof": "df_resid",
    # a cell's estimate (odds ratio, gap, explained share) gives no count back: it is hidden
    # with a count this table hides, not with one only another table's cells make it hide
    # (the ledger: chapter 2's stable-job persons, hidden by the risk-set table)
    "values_follow": ESTIMATES_FOLLOW,
})


def cell_shares(values: Sequence[str], persons: str = "n_persons",
                events: str = "n_events") -> dict[str, tuple[str, str]]:
    """The ``shares`` argument of :func:`mia_helpers.disclosure.suppress` that ties each
    estimate column of ``values`` to its own cell's ``events`` and ``persons``: the estimate is
    hidden (rule ``share``) where the persons with the event or without it are fewer than
    ``min_cell``, whatever an earlier table of the run hid.

    :data:`CELL_RULES` says the same through its relation (persons without the event are a
    complement). Before led46 ``suppress`` applied that rule only to a row whose persons and
    events the ledger had not hidden yet, and model estimates do not follow a count hidden only
    by the ledger (:data:`mia_helpers.disclosure.ESTIMATES_FOLLOW`); ``suppress`` now hides
    every value the table alone would hide, and this argument states the rule in the call.
    Where an earlier table of the run had hidden the cell's pooled entrants or persons, the
    estimates of a cell with few persons without the event were published (user46: chapter 2 at seed 2019, ``min_cell`` 25, printed
    the KHB gaps of Eastern EU and other non-EU intermediate-generation men, 24 and 14 of them
    without a first job, beside the gap table that hid the same cells)."""
    return {str(v): (events, persons) for v in values}


#: :data:`CELL_RULES` for a cell of both sexes together (chapter 2's pooled tables: the
#: risk sets, nested models, KHB decomposition, truth table, linear probability model), which
#: chapter 2 also publishes by sex (:mod:`mia_helpers.subgroups`) and whose persons add up to
#: the persons in the risk set (:func:`exclusion_table`). Two more rules of
#: :func:`mia_helpers.disclosure.suppress`: ``split_in_two`` (a cell's persons ``n`` with
#: ``min_cell < n < 2 min_cell - 1`` are hidden, else the by-sex counts, one of them small,
#: would be bounded by it: seed 2005, 3,000 residents, ``min_cell`` 20, the 35 eastern EU
#: intermediate school leavers were published pooled and as 18 men and 17 women, each
#: ``<20``, so each lay in [16, 19]) and ``groups`` on the persons (all the table's cells
#: add up to the persons at risk: with 2,000 residents the risk-set table hid only the 16
#: Subsaharan intermediate school leavers, and 1,018 in the risk set minus the published
#: cells gave 16). A table whose rows hold several events groups by its event column
#: instead.
POOLED_CELL_RULES: Mapping[str, Any] = MappingProxyType({
    **CELL_RULES,
    "split_in_two": ("n_persons",),
    "groups": MappingProxyType({"n_persons": ()}),
})


def pooled_cell_rules(event: str, key: str | None = KEY, persons: str = "n_persons",
                      events: str = "n_events") -> dict[str, Any]:
    """:data:`POOLED_CELL_RULES` plus the identity of the cells in the run's ledger, so that
    every pooled table of chapter 2 hides the same cells.

    Each pooled table (risk sets, nested models, truth table, KHB decomposition, linear
    probability model, and the checks of which cells figures and sentences use) chooses the
    extra cells that keep a hidden cell's persons from being the risk-set total minus the
    published cells (``groups``). Chosen table by table, they can differ (the risk-set table
    also holds the stable-job risk set and its relation to the first-job one): random count
    vectors of 12 cells at ``min_cell`` 10 gave, 13 times in 400, such a pair, e.g. a
    risk-set table hiding cells 2, 8 and 10 of the first job and a nested-model table hiding
    2, 7 and 8. A reader of both sees every cell but 2 (4 persons) and 8 (10 persons, shown
    as at least ``min_cell``), whose sum 14 follows from the total: cell 2 lies in [1, 4].
    With these rules a table hides again every cell an earlier table of the run hid (the
    ``ledger`` rule of :func:`mia_helpers.disclosure.suppress`, cells identified by origin x
    generation and event), so the cells hidden in every table are those of the first one,
    whose own audit protects them: the risk-set table, which comes first and holds every
    relation of the others.

    Parameters
    ----------
    event : str
        The risk set (``"job"``, ``"stable"``) whose persons and events the table publishes.
    key : str or None
        The column holding the origin x generation cell (``"group"`` in the truth and KHB
        tables, :data:`KEY` in :func:`group_counts`), or None when the table's index (named
        :data:`KEY`) holds it.
    persons, events : str
        The table's columns of persons at risk and of events.

    Returns
    -------
    dict
        Keyword arguments of :func:`mia_helpers.disclosure.suppress` (and of
        :func:`publishable_cells`'s ``rules``).
    """
    rules: dict[str, Any] = {**POOLED_CELL_RULES, "count_cols": (persons, events),
                             "relations": ((persons, (events,), False),),
                             "split_in_two": (persons,), "groups": {persons: ()}}
    rules["keys"] = [key] if key else []
    if key and key != KEY:
        rules["key_names"] = {key: KEY}
    rules["ledger_as"] = {persons: ("n_persons", {"event": event}),
                          events: ("n_events", {"event": event})}
    return rules


def publishable_cells(table: pd.DataFrame, min_cell: int = 10, name: str = "",
                      rules: Mapping[str, Any] = CELL_RULES) -> pd.Series:
    """Which rows (origin x generation cells) of a hazard-model table the book may show.

    The one test every figure and sentence of a cell estimate passes, so that it rests on
    exactly the cells the tables publish: :func:`mia_helpers.disclosure.suppress` with
    :data:`CELL_RULES` on the cell's counts and residual degrees of freedom.

    Parameters
    ----------
    table : DataFrame
        One row per cell (and sex, model...), unsuppressed, with the numeric columns
        ``n_persons``, ``n_events`` (of the cell at risk) and ``df_resid`` (of the model the
        row's estimate comes from), e.g. :func:`truth_comparison` merged with
        :func:`group_counts`, or :func:`mia_helpers.subgroups.truth_table`.
    min_cell : int
        Disclosure threshold.
    name : str
        Name of the check in the run's disclosure record (default "publishable cells").
    rules : mapping
        :data:`CELL_RULES` (a cell of one sex) or :data:`POOLED_CELL_RULES` (a cell of both
        sexes, whose persons chapter 2 also publishes by sex), as the table that shows the
        cells uses them; :func:`pooled_cell_rules` for the pooled cells of one event, so that
        the check hides what the run's pooled tables hid (its ``keys`` column is then needed).

    Returns
    -------
    pandas.Series of bool
        Same index as ``table``: True where an estimate of the row is published (whether or
        not the estimate itself is finite).

    Raises
    ------
    ValueError
        Naming the missing columns when ``table`` lacks a count or ``df_resid``, or (from
        ``suppress``) when a count is negative or not numeric (a table suppressed already).
    """
    from mia_helpers.disclosure import suppress
    from mia_helpers.labels import require_columns

    need = [*rules["count_cols"], rules["dof"], *rules.get("keys", ())]
    require_columns(table, need, "hazard.publishable_cells",
                    "a cell table with n_persons, n_events and df_resid "
                    "(hazard.truth_comparison with hazard.group_counts, subgroups.truth_table)")
    cells = table[list(dict.fromkeys(need))].reset_index(drop=True).assign(_estimate=1.0)
    persons, events = rules["count_cols"][:2]  # the cell's own counts, the ledger aside
    p = suppress(cells, min_cell=min_cell, value_cols=["_estimate"],
                 name=name or "publishable cells",
                 shares=cell_shares(["_estimate"], persons, events), **rules)
    return pd.Series(~p.mask["_estimate"].to_numpy(), index=table.index, dtype=bool)


def group_counts(periods: pd.DataFrame, by: str = KEY) -> pd.DataFrame:
    """Persons, events and person-quarters at risk by group (``n_persons``, ``n_events``,
    ``n_periods``), before disclosure control."""
    return (
        periods.groupby(by, observed=True)
        .agg(n_persons=("person_id", "nunique"), n_events=("event", "sum"),
             n_periods=("event", "size"))
        .reset_index()
    )


def publishable_groups(fit: HazardFit, periods: pd.DataFrame, min_cell: int = 10,
                       name: str = "", event: str | None = None) -> list[str]:
    """The origin x generation cells (reference group excluded) whose coefficient in ``fit``
    the book may show and state: identified, and published under :data:`CELL_RULES`
    (:func:`publishable_cells` on the cell counts of ``periods``, the person-periods ``fit``
    was fitted on, and ``fit``'s residual degrees of freedom; :data:`POOLED_CELL_RULES`: the
    cells of both sexes; with ``event``, :func:`pooled_cell_rules` of that risk set: the
    cells the run's pooled tables hid stay hidden), in the order of
    :func:`origin_generation_levels`. Figures of a cell's fitted curve and sentences about a
    cell's coefficient use these cells only."""
    counts = group_counts(periods)
    counts[KEY] = counts[KEY].astype(str)
    tidy = fit.tidy().set_index("term")
    counts = counts[[key_term(g) in tidy.index and bool(tidy.loc[key_term(g), "identified"])
                     for g in counts[KEY]]]
    counts = counts[counts[KEY] != REFERENCE_GROUP].assign(df_resid=int(fit.df_resid))
    ok = publishable_cells(counts, min_cell, name=name or f"cells of {fit.name or 'a model'}",
                           rules=POOLED_CELL_RULES if event is None
                           else pooled_cell_rules(event))
    shown = set(counts.loc[ok.to_numpy(), KEY])
    return [g for g in origin_generation_levels() if g in shown]


def school_leavers_by_cell(persons: pd.DataFrame, min_cell: int | None = None) -> pd.Series:
    """School leavers per origin x generation cell (``"origin:generation"``) of the persons
    register: the persons with a school-leaving quarter, whatever it is, as chapter 1's sample
    profile publishes them (persons times the share of school leavers).

    With ``min_cell``, the most chapter 1 tells a reader about them: where the profile
    withholds a cell's share of school leavers (:func:`mia_helpers.describe.leavers_withheld`,
    with the cells it withholds beside them: :func:`mia_helpers.describe.withheld_leaver_cells`)
    the cell's persons instead (all persons of the cell, an upper bound of its school leavers
    that the profile publishes), so that :func:`risk_set_table` audits its parts against what
    the reader knows, not against a count the reader lacks (prof24); where the profile
    withholds those persons too (:func:`mia_helpers.describe.profile_person_bounds`), the
    reader's upper bound of them (dpo30a)."""
    from mia_helpers.labels import require_columns

    require_columns(persons, ["origin", "generation", "school_leaving_quarter"],
                    "hazard.school_leavers_by_cell", "the persons register")
    key = persons["origin"].astype(str) + ":" + persons["generation"].astype(str)
    out = key[persons["school_leaving_quarter"].notna()].value_counts().rename("school_leavers")
    if min_cell is None:
        return out
    from mia_helpers.describe import profile_person_bounds, withheld_leaver_cells

    everyone = key.value_counts().reindex(out.index)
    # a cell whose persons the profile withholds too: the reader's upper bound of them
    # (dpo30a: 38 published beside a risk set 'x' left at most 18 outside it)
    bound = profile_person_bounds(persons, min_cell).reindex(out.index)
    everyone = everyone.where(bound.isna(), bound).astype("int64")
    withheld = withheld_leaver_cells(persons, min_cell).reindex(out.index, fill_value=False)
    return out.where(~withheld.to_numpy(dtype=bool), everyone).rename("school_leavers")


def whole_groups(out: pd.DataFrame, relations: Sequence[tuple[str, Sequence[str], bool]]
                 ) -> dict[str, np.ndarray]:
    """The entrants of :func:`risk_set_table` that are a whole group, as ``suppress``'s
    ``hide`` (``hide_rule="complement"``): a count of persons with an event equal to the
    persons it is a part of (``n_entered_<ev>`` equal to ``n_persons_<ev>``, every school
    leaver of the cell at risk found a first job; ``n_entered_stable`` equal to
    ``n_entered_job``, every one with a first job found a first stable job), positive. Such a
    row printed "10 | 10 | 100.0", an attribute of every member of the cell (class
    disclosure, at any group size; dpo38: seed 33, 300 residents, ``min_cell`` 10: the 10
    Turkish second-generation school leavers at risk, all with a first job).

    ``out``: the unprotected table; ``relations``: its ``(total, [part], exhaustive)``
    relations, of which those whose part counts entrants (``n_entered_*``, ``n_events``) are
    read.
    Returns ``{part column: bool per row}``, combined over the relations of each part. The
    models' tables (:func:`nested_table`, :func:`truth_table`) pass their ``n_events`` beside
    ``n_persons`` alike: their ledger hides what the risk-set table hid, and this the rest
    where they run without it."""
    from mia_helpers.disclosure import whole_group_cells

    hide: dict[str, np.ndarray] = {}
    for total, parts, _ in relations:
        for part in parts:
            if not part.startswith(("n_entered_", "n_events")):
                continue
            mask = np.asarray(whole_group_cells(out, total, part), dtype=bool)
            hide[part] = hide.get(part, np.zeros(len(out), bool)) | mask
    return hide


def risk_set_table(
    periods: dict[str, pd.DataFrame], min_cell: int = 10,
    leavers: pd.Series | None = None,
) -> Protected:
    """Persons by origin x generation in each risk set (event), the number of them who entered
    within the window and their share (unadjusted; censoring differs by group, see the curves).

    Parameters
    ----------
    periods : ``{event: person-periods}`` of :func:`school_leaver_periods` (e.g. "job",
        "stable"); the risk sets differ (the stable-job one stops ``stable_quarters - 1``
        quarters before the window end), so each share has its own denominator.
    min_cell : disclosure threshold.
    leavers : school leavers per cell as chapter 1 publishes them
        (:func:`school_leavers_by_cell`), optional: a risk set's persons of a cell are then
        also a part of them, whose remainder (the cell's school leavers outside the risk set:
        left school before the window start, after the last quarter at risk, or without a
        panel row) may not be few (dpo22, seed 7171, 2,500 residents, window from 2007Q1,
        ``min_cell`` 11: chapter 1's 29 Sub-Saharan school leavers of the intermediate
        generation and 27 here said that 2 had left school before the window).

    Returns
    -------
    :class:`mia_helpers.disclosure.Protected` indexed by origin x generation, per event ``ev``
    the columns ``n_persons_<ev>`` (persons in that risk set: the denominator),
    ``n_entered_<ev>`` (persons with the event) and ``<ev>_pct`` (``100 n_entered_<ev> /
    n_persons_<ev>``, one decimal). A group absent from a risk set has 0 persons there.
    Disclosure control: small counts hidden; a share hidden when the persons with or without
    the event are few, and an event count hidden when the persons without it
    (``n_persons_<ev> - n_entered_<ev>``) are few; where one risk set holds another (the
    stable-job risk set is part of the first-job one), the persons in the larger but not the
    smaller may not be few either, or the smaller count is hidden; likewise where the
    persons with one event are among those with another (a first stable job is a first
    job): the persons with the one but not the other may not be few; the persons of a cell
    follow :data:`POOLED_CELL_RULES` (``split_in_two``: published by sex too; ``groups``: the
    cells add up to the persons in the risk set of :func:`exclusion_table`); none entered of
    a cell of fewer than ``min_cell`` persons at risk is hidden too (each of them had no
    event: :func:`mia_helpers.disclosure.zeros_of_small_groups`; dpo36).

    Raises
    ------
    ValueError
        A cell with more school leavers at risk than school leavers in ``leavers``
        (``leavers`` is not of the same data).
    """
    from mia_helpers.disclosure import suppress, zeros_of_small_groups

    frames, members, entrants = [], {}, {}
    for ev, pp in periods.items():
        c = group_counts(pp)[[KEY, "n_persons", "n_events"]]
        c[KEY] = c[KEY].astype(str)
        c = c.set_index(KEY).rename(columns={"n_persons": f"n_persons_{ev}",
                                             "n_events": f"n_entered_{ev}"})
        frames.append(c)
        members[ev] = set(pd.unique(pp["person_id"]))
        entrants[ev] = set(pd.unique(pp.loc[pp["event"].astype(bool), "person_id"]))
    out = pd.concat(frames, axis=1).fillna(0).astype("int64")
    out = out.reindex([g for g in origin_generation_levels() if g in out.index])
    for ev in periods:
        with np.errstate(invalid="ignore", divide="ignore"):
            out[f"{ev}_pct"] = (100 * out[f"n_entered_{ev}"] / out[f"n_persons_{ev}"]).round(1)
    out = out[[c for ev in periods for c in (f"n_persons_{ev}", f"n_entered_{ev}", f"{ev}_pct")]]
    out.index.name = KEY
    relations = [(f"n_persons_{ev}", [f"n_entered_{ev}"], False) for ev in periods]
    # nested risk sets: the persons of the larger outside the smaller are a remainder too
    relations += [(f"n_persons_{a}", [f"n_persons_{b}"], False)
                  for a in periods for b in periods
                  if a != b and members[b] <= members[a] and members[b] != members[a]]
    # nested entrants (a first stable job is a first job): the persons with one event but not
    # the other are a remainder too (seed 2005, 3,000 residents, min_cell 10: 25 eastern EU
    # intermediate school leavers with a first job and 21 with a first stable job were both
    # published, so 4 had a job but no stable one)
    relations += [(f"n_entered_{a}", [f"n_entered_{b}"], False)
                  for a in periods for b in periods
                  if a != b and entrants[b] <= entrants[a] and entrants[b] != entrants[a]]
    pairs = {ev: (f"n_entered_{ev}", f"n_persons_{ev}") for ev in periods}
    extra: list[str] = []
    if leavers is not None:  # chapter 1's school leavers of each cell, known to the reader
        out["_leavers"] = leavers.reindex(out.index.astype(str)).fillna(0).astype("int64").to_numpy()
        if (out["_leavers"] < out[[f"n_persons_{ev}" for ev in periods]].max(axis=1)).any():
            raise ValueError("hazard.risk_set_table: a cell has more school leavers at risk "
                             "than school leavers in `leavers`; give those of the same data")
        relations += [("_leavers", [f"n_persons_{ev}"], False) for ev in periods]
        extra = ["_leavers"]
    # dpo36: none entered of a cell of fewer than min_cell persons at risk: each of them had
    # no first job (stable job); hidden as a zero of a small group
    small_zero = {e: zeros_of_small_groups(out, [e], n, min_cell)[e] for e, n in pairs.values()}
    table = suppress(out, count_cols=[c for pair in pairs.values() for c in pair] + extra,
                    min_cell=min_cell, not_shown=extra or None, zeros=small_zero,
                    hide=whole_groups(out, relations), hide_rule="complement",
                    value_cols={f"{ev}_pct": list(pair) for ev, pair in pairs.items()},
                    shares={f"{ev}_pct": pair for ev, pair in pairs.items()},
                    relations=relations, keys=[], name="risk sets",
                    ledger_as={c: (kind, {"event": ev}) for ev in periods for c, kind in
                               ((f"n_persons_{ev}", "n_persons"),
                                (f"n_entered_{ev}", "n_events"))},
                    split_in_two=[f"n_persons_{ev}" for ev in periods],
                    groups={f"n_persons_{ev}": [] for ev in periods},
                    # this table is the first to publish them (narrow24b, seed 1111)
                    last_resort=[c for pair in pairs.values() for c in pair])
    return table.drop(extra) if extra else table


def publishable_km(km: pd.DataFrame, min_cell: int = 10) -> pd.DataFrame:
    """Kaplan-Meier cumulative incidence safe to plot or export.

    A group's curve stops where fewer than ``min_cell`` persons are at risk, and its steps
    are coarsened so that each rests on at least ``min_cell`` events
    (:func:`mia_helpers.disclosure.coarsen_steps`: the curve holds its level until that many
    events have accumulated). The counts (``n_at_risk``, ``events``) and the per-quarter
    ``hazard`` are dropped: successive counts would reveal the few who leave. With an
    ``events_total`` column (:func:`km_cumulative_incidence`) the events after a curve's last
    step are none or at least ``min_cell`` (``coarsen_steps(total=)``): the risk-set table
    publishes each group's persons and entrants, and where nobody was censored before that
    step its level times the persons is the entrants up to it, so the difference would count
    the few who entered after it. A step to a cumulative incidence of 1 is not shown either (the
    curve holds its level before it): every one of the ``min_cell`` or more persons still at
    risk entered in that quarter, and with nobody censored before it every school leaver of
    the group did, a whole group (dpo38), which the risk-set table hides as its entrants.
    """
    from mia_helpers.disclosure import coarsen_steps

    by = [c for c in km.columns if c not in ("u", "n_at_risk", "events", "hazard",
                                             "cum_incidence", "events_total")]
    out = coarsen_steps(km.drop(columns=[c for c in ("hazard",) if c in km.columns]),
                        time="u", value="cum_incidence", events="events", at_risk="n_at_risk",
                        by=by, min_cell=min_cell, start=0.0,
                        total="events_total" if "events_total" in km.columns else None)
    out = out.dropna(subset=["cum_incidence"]).reset_index(drop=True)
    # a whole group: the level before the step to 1 is held (the events of the step, at
    # least min_cell, are after the curve's last step, as coarsen_steps' total allows)
    full = out["cum_incidence"].to_numpy(dtype=float) >= 1.0 - 1e-12
    if full.any():
        below = out["cum_incidence"].where(~full)
        held = below.groupby([out[c] for c in by], observed=True, sort=False).ffill() \
            if by else below.ffill()
        out["cum_incidence"] = held.fillna(0.0).to_numpy(dtype=float)
    return out


def plot_cumulative_incidence(
    km: dict[str, pd.DataFrame], min_cell: int = 10, max_u: int = 24
) -> Figure:
    """One row of panels per generation (intermediate, second), one column per event; a line per
    origin, with natives (belgian:native) in black in every panel. The legend names, with the
    book's labels, every origin drawn in any panel (and the natives). Returns the figure.

    Curves are those of :func:`publishable_km`. A group with entries whose published curve
    never leaves 0 (fewer than ``min_cell`` entries before it stops) is not drawn: a flat line
    at 0 would read as nobody entering (seed 2005, 800 residents: 8 of the 11 Southern EU
    intermediate-generation school leavers found a first job, drawn at 0)."""
    import matplotlib.pyplot as plt
    import seaborn as sns
    from matplotlib.lines import Line2D

    from mia_helpers.labels import label

    gens = ["intermediate", "second"]
    fig, axes = plt.subplots(len(gens), len(km), figsize=(5 * len(km), 7), sharex=True,
                             sharey=True, squeeze=False)
    palette = dict(zip(codes.ORIGINS[1:], sns.color_palette("colorblind", 6), strict=True))
    drawn: set[str] = set()
    from mia_helpers.plots import unique_rows

    for j, (ev, t) in enumerate(km.items()):
        # one curve per origin x generation: seaborn would average repeated quarters (a curve
        # per sex, say) into one line without a word
        t = unique_rows(t[t["u"] <= max_u], [KEY, "u"], f"hazard.plot_cumulative_incidence ({ev})")
        entered = t.groupby(t[KEY].astype(str), observed=True)["events"].sum()
        t = publishable_km(t, min_cell)
        held = t.groupby(t[KEY].astype(str), observed=True)["cum_incidence"].max().eq(0)
        held = held[held & entered.reindex(held.index).gt(0)].index
        t = t[~t[KEY].astype(str).isin(held)]
        og = t[KEY].astype(str)
        t = t.assign(origin=og.str.split(":").str[0], generation=og.str.split(":").str[1])
        nat = t[t["generation"] == "native"]
        for i, g in enumerate(gens):
            ax = axes[i, j]
            sub = t[t["generation"] == g]
            drawn |= set(sub["origin"])
            if not sub.empty:  # a generation with no curve published: natives only
                sns.lineplot(data=sub, x="u", y="cum_incidence", hue="origin",
                             palette=palette, ax=ax, drawstyle="steps-post", legend=False,
                             errorbar=None)
            ax.step(nat["u"], nat["cum_incidence"], where="post", color="black", lw=2)
            ax.set_title(f"{EVENT_LABELS.get(ev, ev)}: {g} generation")
            ax.set_xlabel("quarters since leaving school")
            ax.set_ylabel("cumulative incidence")
    # one legend for all panels: an origin drawn only in some panel is named all the same
    handles = [Line2D([], [], color=palette[o], label=label(o))
               for o in codes.ORIGINS[1:] if o in drawn]
    handles.append(Line2D([], [], color="black", lw=2, label=label(REFERENCE_GROUP)))
    fig.legend(handles=handles, loc="center right", title="Origin")
    fig.tight_layout(rect=(0, 0, 0.85, 1))
    return fig


def _term_name(term: str) -> str:
    """A model term's reader name inside a table cell or sentence: "experience_years" ->
    "experience (years)" (lower case unless the name starts with an acronym)."""
    name = label(term)
    return name[0].lower() + name[1:] if name[1:2].islower() else name


def _small_fit_size(n_periods: int, df_resid: int, min_cell: int) -> tuple[str, str]:
    """A model's person-periods and residual degrees of freedom as :func:`nested_table`
    prints them: as they are, or, for a model fitted on ``0 < n_periods < min_cell``
    person-periods, ``<min_cell`` for both (true of both, and the book's marker of a hidden
    count, which the table's caption need not explain). Its persons are at most its
    person-periods, so
    "1 person-period" says one person (user38: on an extract of 30 persons chapter 2's
    stable-job table showed models M2 and M3 on 1 person-period each and export-check refused
    the run); the residual degrees of freedom are the person-periods less the terms, which the
    table shows, so they are hidden with them. The model's estimates are hidden already (the
    ``dof`` rule)."""
    if 0 < n_periods < min_cell:
        return f"<{min_cell}", f"<{min_cell}"
    return f"{n_periods:,}", f"{df_resid:,}"


def nested_table(
    fits: dict[str, HazardFit],
    periods: pd.DataFrame,
    min_cell: int = 10,
    level: float = 0.95,
    event: str | None = None,
) -> pd.DataFrame:
    """Origin x generation ratios (odds ratios for logit, hazard ratios for cloglog) with CIs
    across the nested models, one row per group, plus the persons and events behind each
    group; estimates of groups with fewer than ``min_cell`` persons or events are
    suppressed (:data:`POOLED_CELL_RULES`). The last rows give each model's log-likelihood, terms, person-periods ``n``
    and residual degrees of freedom (both hidden for a model fitted on fewer than
    ``min_cell`` person-periods, :func:`_small_fit_size`); a model whose residual degrees of
    freedom are below
    acro's ``safe_dof_threshold`` (10) has all its estimates suppressed (``dof`` rule, in the
    checking record). With ``event`` (the risk set of ``periods``) the cells the run's pooled
    tables hid are hidden here too (:func:`pooled_cell_rules`). A cell of fewer than
    ``min_cell`` persons with no events has its 0 hidden too (each of them had none:
    :func:`mia_helpers.disclosure.zeros_of_small_groups`; dpo36)."""
    from mia_helpers.disclosure import (
        DEFAULT_DOF_THRESHOLD,
        suppress,
        suppress_small_cells,
        zeros_of_small_groups,
    )

    counts = group_counts(periods).set_index(KEY)[["n_persons", "n_events"]]
    groups = [g for g in origin_generation_levels()[1:] if g in counts.index]
    tab = counts.loc[groups].copy()
    for name, f in fits.items():
        t = f.tidy(level=level).set_index("term")
        cell = []
        for g in groups:
            k = key_term(g)
            if k in t.index:
                r = t.loc[k]
                cell.append(f"{r['exp_estimate']:.2f} [{r['exp_ci_low']:.2f}, "
                            f"{r['exp_ci_high']:.2f}]" if r["identified"]
                            else "not identified")
            else:
                cell.append("")
        tab[name] = cell
    tab.index.name = KEY
    dof = suppress(pd.DataFrame({"model": list(fits), "n": [f.n_periods for f in fits.values()],
                                 "df_resid": [f.df_resid for f in fits.values()],
                                 "estimates": 1.0}),
                   count_cols=[], value_cols=["estimates"], dof="df_resid",
                   dof_threshold=DEFAULT_DOF_THRESHOLD, name="nested models: residual dof")
    for name, low in zip(fits, dof.mask["estimates"], strict=True):
        if low:
            tab[name] = "x"  # the marker of a hidden value
    ledger = {} if event is None else {k: v for k, v in pooled_cell_rules(event, None).items()
                                       if k in ("keys", "ledger_as")}
    # dpo36: no events among a cell of fewer than min_cell persons tells each of them had none
    small_zero = zeros_of_small_groups(tab, ["n_events"], "n_persons", min_cell)
    tab = suppress_small_cells(tab, count_cols=POOLED_CELL_RULES["count_cols"],
                               min_cell=min_cell, value_cols=list(fits), zeros=small_zero,
                               # every school leaver of the cell entered: hidden (dpo38)
                               hide=whole_groups(tab, POOLED_CELL_RULES["relations"]),
                               hide_rule="complement",
                               relations=POOLED_CELL_RULES["relations"],
                               split_in_two=POOLED_CELL_RULES["split_in_two"],
                               groups=POOLED_CELL_RULES["groups"],
                               values_follow=POOLED_CELL_RULES["values_follow"],
                               shares=cell_shares(list(fits)),  # the ledger aside (user46)
                               **ledger)
    foot = pd.DataFrame(
        {name: [f"{f.loglike:.1f}", str(len(f.params)),
                # reader names as the prose writes them, and the reason after a colon (its
                # own parentheses nested in "experience years (no variation (zero in every
                # row))": seed 6464)
                # (a separation's events and trials over person-periods withheld: trials
                # are no count of persons, withhold_separation_counts, dpo25)
                "; ".join(f"{_term_name(t)}: {withhold_separation_counts(r)}"
                          for t, r in f.not_identified.items()) or "-",
                *_small_fit_size(f.n_periods, f.df_resid, min_cell)]
         for name, f in fits.items()},
        index=pd.Index(["log-likelihood", "terms", "not identified (reason)",
                        "person-periods", "residual dof"], name=KEY),
    )
    tab = tab.astype(object)
    return pd.concat([tab, foot]).fillna("")


def truth_comparison(
    fit: HazardFit, parameters: dict | None, level: float = 0.95
) -> pd.DataFrame:
    """The model's origin x generation coefficients beside the generator's
    ``config.job.origin_generation`` log-odds terms (None for real data: no truth column).

    Columns: ``group``, ``estimate``, ``se``, ``ci_low``, ``ci_high``,
    ``df_resid`` (the model's residual degrees of freedom, for the ``dof`` rule of
    :data:`CELL_RULES`), ``truth``, ``estimate_minus_truth_in_se``. Merge the cells' counts
    (:func:`group_counts`) and publish with :data:`CELL_RULES`; figures and sentences keep the
    rows of :func:`publishable_cells`."""
    t = fit.tidy(level=level).set_index("term")
    groups = [g for g in origin_generation_levels()[1:] if key_term(g) in t.index]
    out = pd.DataFrame({"group": groups})
    for c in ("estimate", "se", "ci_low", "ci_high"):
        out[c] = [t.loc[key_term(g), c] for g in groups]
    out["df_resid"] = int(fit.df_resid)
    if parameters is not None:
        og = parameters["config"]["job"]["origin_generation"]
        out["truth"] = [og.get(g, np.nan) for g in groups]
        out["estimate_minus_truth_in_se"] = (out["estimate"] - out["truth"]) / out["se"]
    return out


def truth_table(truth: pd.DataFrame, periods: pd.DataFrame, min_cell: int = 10,
                event: str = "job", name: str = "chapter 2 truth table") -> pd.DataFrame:
    """Chapter 2's truth table as published: :func:`truth_comparison` with each cell's
    persons and events (:func:`group_counts` of ``periods``), under the rules of the pooled
    tables of risk set ``event`` (:func:`pooled_cell_rules`), and a cell of fewer than
    ``min_cell`` persons with no events has its 0 hidden too (each of them had none:
    :func:`mia_helpers.disclosure.zeros_of_small_groups`; dpo36).

    Parameters
    ----------
    truth : DataFrame
        :func:`truth_comparison` output (``group``, estimates, ``df_resid``, ...).
    periods : DataFrame
        The person-periods of the risk set the model was fitted on (``KEY``, ``person_id``,
        ``event``).
    min_cell : int
        Disclosure threshold (persons).
    event : str
        The risk set's name (the ledger keys of the pooled tables).
    name : str
        The table's name in the checking record.

    Returns
    -------
    DataFrame
        The rendered table (markers in place), ``truth``'s columns without ``df_resid``, plus
        ``n_persons`` and ``n_events``.

    Raises
    ------
    ValueError
        Naming the columns ``truth`` or ``periods`` lack.
    """
    from mia_helpers.disclosure import suppress_small_cells, zeros_of_small_groups
    from mia_helpers.labels import require_columns

    require_columns(truth, ["group", "df_resid"], "hazard.truth_table", "hazard.truth_comparison")
    require_columns(periods, [KEY, "person_id", "event"], "hazard.truth_table",
                    "hazard.school_leaver_periods")
    counts = group_counts(periods).rename(columns={KEY: "group"})
    counts["group"] = counts["group"].astype(str)
    out = truth.assign(group=truth["group"].astype(str)).merge(
        counts[["group", "n_persons", "n_events"]], on="group")
    cols = [c for c in out.columns if c not in ("group", "n_persons", "n_events", "df_resid")]
    return suppress_small_cells(
        out, min_cell=min_cell, value_cols=cols, **pooled_cell_rules(event, "group"),
        zeros=zeros_of_small_groups(out, ["n_events"], "n_persons", min_cell),
        hide=whole_groups(out, [("n_persons", ["n_events"], False)]),  # dpo38
        hide_rule="complement", shares=cell_shares(cols),  # the ledger aside (user46)
        name=name).drop(columns="df_resid")


def lpm_table(
    periods: dict[str, pd.DataFrame],
    models: dict[str, list[str]],
    min_cell: int = 10,
) -> pd.DataFrame:
    """Origin x generation gaps of the linear probability model (percentage points of the
    quarterly entry probability, vs natives), one column per event x model, with the persons
    behind each group (at risk of the first event of ``periods``). Disclosure control: an
    event's gaps are shown only for the cells the hazard models' tables publish for that event
    (:data:`POOLED_CELL_RULES` on the cell's persons and events at risk of it and the model's residual
    degrees of freedom; "x" otherwise), and small groups are suppressed."""
    from mia_helpers.disclosure import suppress_small_cells

    cols, shown = {}, {}
    for ev, pp in periods.items():
        dof = []
        for m, blocks in models.items():
            t = lpm_robustness(pp, [KEY, *block_covariates(blocks)], name=m).set_index("term")
            cols[f"{ev} {m} (pp)"] = t["estimate"]
            dof.append(int(t["df_resid"].iloc[0]))
        counts = group_counts(pp).assign(df_resid=min(dof))
        counts[KEY] = counts[KEY].astype(str)
        ok = publishable_cells(counts, min_cell, name=f"linear probability model cells: {ev}",
                               rules=pooled_cell_rules(ev))
        shown[ev] = set(counts.loc[ok.to_numpy(), KEY].astype(str))
    groups = origin_generation_levels()[1:]
    out = pd.DataFrame({c: s.reindex([key_term(g) for g in groups]).to_numpy()
                        for c, s in cols.items()}, index=pd.Index(groups, name=KEY)).round(2)
    out = out.astype(object)
    for ev in periods:
        hide = [g not in shown[ev] for g in groups]
        for m in models:
            out.loc[hide, f"{ev} {m} (pp)"] = "x"  # the marker of a hidden value
    first = next(iter(periods.values()))
    out.insert(0, "n_persons", group_counts(first).set_index(KEY)["n_persons"]
               .reindex(groups).fillna(0).astype(int).to_numpy())
    return suppress_small_cells(out, count_cols=["n_persons"], min_cell=min_cell,
                                value_cols=list(cols),
                                split_in_two=POOLED_CELL_RULES["split_in_two"],
                                groups=POOLED_CELL_RULES["groups"], keys=[],
                                values_follow=POOLED_CELL_RULES["values_follow"],
                                ledger_as={"n_persons": ("n_persons",
                                                         {"event": next(iter(periods))})})
