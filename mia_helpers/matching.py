"""Dynamic matching on the propensity score, duration by duration (Sianesi 2004).

This is the reference Python implementation of the book's matching engine (book/design.md section 4).
Its risk-set rule, exact cells, propensity fits, calipers, neighbour search and support counts
are also the core of the general long-format API :mod:`mia_helpers.dynamic` (one
implementation; :func:`long_panel` exports the MIA design for it).
A treatment is described by a :class:`TreatmentSpec`: a boolean *start* column of the
person-quarter panel, a *clock* (the elapsed duration ``u`` that defines the risk sets), an
*at-risk* condition and an optional *spell* column inside which only the first start counts.
Chapter 4 uses VDAB measures on the registration clock (:meth:`TreatmentSpec.measure`);
chapter 5 passes its own clock (quarters since arrival) and inburgering steps.

For every value of the clock ``u``:

- *treated* are the person-quarters at risk at ``u`` whose first start of the treatment in the
  current spell falls in that quarter;
- the *pool* are the person-quarters at risk at ``u`` that have not started the treatment in the
  current spell before or at ``u`` (they may start it later: Sianesi's "now versus later");
- a logit propensity score of starting at ``u`` is fitted on covariates and history up to ``u``
  (one logit per ``u``, or one pooled logit with clock dummies);
- each treated is matched with replacement to its ``k`` nearest pool members on the logit of the
  score, exactly within strata of sex and origin and within a caliper of ``caliper`` standard
  deviations of the logit score (MatchIt's ``std.caliper``). By default the strata also hold
  the calendar year of ``u`` (``TreatmentSpec.calendar_band = 4`` quarters): risk sets are
  defined by elapsed duration, not calendar time, and a control from a later quarter reaches
  the window end sooner, so without it controls of late starters drop out of long horizons
  (on the book's data this alone moved estimates by about 1 pp);
- treated without any pool member inside the caliper are dropped for lack of common support and
  counted in :attr:`MatchResult.support`;
- no person is their own control: a treated row is never matched to a pool row of the same
  person (an earlier spell, or, in the pooled risk set ``u >= max_clock``, an earlier
  quarter of the same spell, which is mechanically known to stay unemployed until the start);
  the pooled risk set is matched exactly on ``u``.

Public API
----------
- :class:`TreatmentSpec` - what is treated, on which clock, among whom, with which outcome.
- :func:`risk_sets` - the person-quarter rows of all risk sets with covariates and history.
- :func:`design_matrix` - numeric covariate matrix (dummies, history) of risk-set rows.
- :func:`nearest_neighbours` - vectorised k-nearest-neighbour search in exact strata.
- :func:`match` - propensity scores, matching, balance and common support: a :class:`MatchResult`.
- :func:`smd_table` - standardised mean differences before and after matching.
- :func:`load_matching_panel` - the panel columns the specs need, lean enough for 1M persons.
- :func:`long_panel` - the MIA design as a plain long panel for :mod:`mia_helpers.dynamic`.
- shared core: :func:`no_start_before`, :func:`exact_strata`, :func:`fit_propensity`,
  :func:`caliper_widths`, :func:`match_arrays`, :func:`support_counts`, :func:`pairs_frame`,
  :func:`control_weights`, :class:`MatchedRows`.

Covariates (all "up to u"): sex, origin, generation, education, Dutch level, household,
children, age (and its square, under 25, 50 plus), employment experience observed in the window
(capped at 20 quarters), employed at the window start and school leaver in the window (experience
before the window is not observed; these two flags stand in for it), ever employed and quarters
since the last employment, prior measure starts, calendar quarter, the clock ``u`` (in the last,
pooled risk set), and for newcomers residence ground, years since arrival and whether the
integration contract was signed before u.

References
----------
Sianesi, B. (2004). An evaluation of the Swedish system of active labor market programs in the
1990s. *Review of Economics and Statistics* 86(1). Ho, D., Imai, K., King, G., Stuart, E. (2011).
MatchIt. *Journal of Statistical Software* 42(8). Austin, P. (2011). An introduction to
propensity score methods. *Multivariate Behavioral Research* 46(3).
"""

from __future__ import annotations

import warnings
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path

import numpy as np
import pandas as pd

from mia_helpers import core, covariates
from mia_helpers.quarters import year_of

__all__ = [
    "MatchResult",
    "MatchedRows",
    "NoMatchError",
    "NoStartersError",
    "NotEstimableError",
    "PanelArrays",
    "TreatmentSpec",
    "caliper_widths",
    "control_weights",
    "design_matrix",
    "exact_strata",
    "fit_logit",
    "fit_propensity",
    "match",
    "no_start_before",
    "pairs_frame",
    "support_counts",
    "nearest_neighbours",
    "load_matching_panel",
    "long_panel",
    "match_arrays",
    "pair_weights",
    "panel_arrays",
    "panel_reads",
    "propensity_scores",
    "risk_sets",
    "smd_table",
]

#: denominator convention of every caliper SD (sample SD, n - 1: R's ``sd`` as MatchIt uses it)
CALIPER_DDOF = 1

#: Person covariates that become dummies (first level dropped) when present in the panel.
CATEGORICAL = ("sex", "origin", "generation", "education", "dutch_level", "household",
               "residence_ground")
#: History and person covariates used as numbers (built by :func:`risk_sets`).
NUMERIC = (
    "age", "age_sq", "age_under_25", "age_50_plus", "children_capped", "has_children",
    "experience_years",
    "employed_at_window_start", "left_school_in_window", "ever_employed", "quarters_since_employment",
    "prior_measure_starts", "calendar_quarter", "clock", "inburgering_started",
    "years_since_arrival",
)


class NotEstimableError(ValueError):
    """The data cannot estimate ``treatment``'s effect with these settings: a step a chapter
    may leave out (:func:`mia_helpers.stepwise.effects_skipping`), not a mistake in the call.
    Attribute ``treatment`` (str, the treatment's code); subclasses say why."""

    def __init__(self, treatment: str, message: str) -> None:
        self.treatment = treatment
        super().__init__(message)


class NoStartersError(NotEstimableError):
    """Nobody starts ``treatment`` in the risk sets (no treated row): more data, not a wider
    caliper, could estimate it. The message reads ``"nobody starts '<treatment>' in the risk
    sets"``."""

    def __init__(self, treatment: str) -> None:
        super().__init__(treatment, f"nobody starts {treatment!r} in the risk sets")

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (self.treatment,))


class NoMatchError(NotEstimableError):
    """No treated unit of ``treatment`` has a twin within the caliper. Attributes
    ``treatment`` and ``caliper`` (in SDs of the logit score); the message starts with
    ``repr(treatment)`` and a colon."""

    def __init__(self, treatment: str, caliper: float | None) -> None:
        self.caliper = caliper
        super().__init__(treatment, f"{treatment!r}: no treated unit matched within the "
                                    f"caliper ({caliper} SD of the logit score); widen the "
                                    "caliper")

    def __reduce__(self):  # picklable across worker processes
        return (type(self), (self.treatment, self.caliper))


@dataclass(frozen=True)
class TreatmentSpec:
    """What is treated, on which clock, among whom, and with which outcome.

    Parameters
    ----------
    treatment : label of the treatment (a measure code, ``"inburgering"`` ...).
    start_col : boolean panel column, True in the quarter the treatment starts.
    clock_col : panel column holding the elapsed duration ``u`` (quarters) that defines the risk
        sets; rows where it is missing are never at risk.
    at_risk : boolean expression evaluated on the panel with :meth:`pandas.DataFrame.eval`
        (e.g. ``"registered & ~employed"``), or a callable ``panel -> bool array``. Both are
        checked (:func:`_eval_rule`, :func:`_rule_values`): a callable must return one
        True/False per row of the frame it is given, in its order; a count, 0/1 integers,
        missing values or another length are refused with a ``ValueError`` naming the
        treatment (before, a count was read as "at risk wherever not 0", silently; try43).
    spell_col : column identifying the spell (its start quarter) inside which only the *first*
        start counts and after which a person leaves the pool (a spell = a run of consecutive
        panel rows of one person with the same value); ``None`` = the whole history.
    outcome_col : boolean panel column: the outcome event starts this quarter (default entry into
        stable employment).
    population : value of the person column ``sample`` to keep (``"resident"``, ``"newcomer"``)
        or ``None`` for everybody.
    max_clock : risk sets are formed for ``u = 0 .. max_clock - 1`` separately and one last risk
        set for ``u >= max_clock``, pooled for the propensity score (with ``u`` among its
        covariates) but matched exactly on ``u``.
    stable_quarters : quarters a run must last to be stable; decides when a horizon is observed.
    window_end : last quarter of the observation window (horizon k of a start at t is observed
        when ``t + k + stable_quarters - 1 <= window_end``); ``None`` = the panel's last quarter.
    covariates : names (categorical and numeric, see :data:`CATEGORICAL`, :data:`NUMERIC`) of the
        propensity-score covariates; ``None`` = all that are present and vary.
    exact : columns matched exactly (strata).
    calendar_band : when set (default 4: calendar years), the exact strata also hold calendar
        periods of this many quarters, so treated and controls start in the same period and
        nearly the same horizons are observed; ``None`` to match across calendar time.
    pool_exclude : boolean expression (``DataFrame.eval``) of rows that may not serve as controls
        although at risk, e.g. ``"any_start"`` to keep out those starting another treatment at u.
    later_start_at_risk : boolean expression (``DataFrame.eval``) of the person-quarters in which
        a later start of the treatment is possible: the risk set of the censoring model of the
        "now versus never" estimand (``mia_helpers.effects.outcome_arrays``, ``reg``), which
        must hold every quarter in which a twin can start and so leave the never-treated
        comparison. ``None`` (default): the quarters in which the person is in the spec's risk
        sets (``at_risk``, first start). Give it where starts also happen outside the matching
        risk set: newcomers sign the integration contract while employed, so their censoring
        in employed quarters went unmodelled and the IPCW under-weighted twins with a job
        spell (issue 14; ``benchmarks/never_censoring.py``).
    """

    treatment: str
    start_col: str
    clock_col: str = "elapsed_registration"
    at_risk: str | Callable[[pd.DataFrame], np.ndarray] = "registered & ~employed"
    spell_col: str | None = "registration_start"
    outcome_col: str = "stable_job_start"
    population: str | None = "resident"
    max_clock: int = 12
    stable_quarters: int = 4
    window_end: int | None = None
    covariates: tuple[str, ...] | None = None
    exact: tuple[str, ...] = ("sex", "origin")
    calendar_band: int | None = 4
    pool_exclude: str | None = None
    later_start_at_risk: str | None = None

    @classmethod
    def measure(cls, measure: str, **kwargs: object) -> TreatmentSpec:
        """The spec of a VDAB measure: first start in the registration spell, clock u.

        ``measure`` is the measure code (str); the start column is ``start_<measure>``; the
        keyword arguments set other fields (a ``TypeError`` names an unknown one, as the
        dataclass constructor does)."""
        return cls(treatment=measure, start_col=f"start_{measure}", **kwargs)

    def with_(self, **kwargs: object) -> TreatmentSpec:
        """A copy with some fields changed (:func:`dataclasses.replace`; ``TypeError`` for an
        unknown field)."""
        return replace(self, **kwargs)


def _has_rule(rule: object) -> bool:
    """Whether an optional rule field is set (``None`` and a text of blanks only, such as
    ``""``, mean no rule)."""
    return rule is not None and not (isinstance(rule, str) and rule.strip() == "")


def _true_false(arr: np.ndarray, head: str) -> np.ndarray:
    """(n,) bool: ``arr`` checked to hold only True/False (a bool array, or an object array
    of Python/NumPy booleans such as a nullable ``boolean`` column without missing values).

    Raises
    ------
    ValueError
        If values are missing (told to fill them) or are not True/False (told to write a
        comparison); the message begins with ``head``.
    """
    if arr.dtype == bool:
        return arr
    if arr.dtype == object:
        missing = pd.isna(arr)
        # vectorised (fix46): the values present are all Python/NumPy booleans ("empty" when
        # none is present), the same test as _eval_rule's
        if pd.api.types.infer_dtype(arr[~missing], skipna=False) in ("boolean", "empty"):
            if not missing.any():
                return arr.astype(bool)
            raise ValueError(f"{head} is missing in {int(missing.sum())} of {arr.size} panel "
                             "rows (a True/False column with missing values); fill them first, "
                             "e.g. panel[col] = panel[col].fillna(False), so that each row is "
                             "decided")
    raise ValueError(f"{head} gives {arr.dtype} values, not True/False; write a "
                     "comparison (e.g. 'since_arrival >= 4') or combine flags with & | ~")


def _rule_values(value: object, n_rows: int, head: str, index: pd.Index | None = None,
                 rows: np.ndarray | None = None, broadcast: bool = False) -> np.ndarray:
    """(n,) bool: the values of a rule (a text rule's :meth:`pandas.DataFrame.eval` or a
    callable's return value) checked to be one True/False per row.

    Parameters
    ----------
    value : what the rule gave: an array, a :class:`pandas.Series` or a scalar.
    n_rows : number of rows of the frame the rule was evaluated on.
    head : start of every message (the spec's treatment, field and rule).
    index : the frame's index. A Series whose index holds the same (unique) labels in
        another order is aligned to it by label, as pandas aligns; a Series with other
        labels is refused. ``None``: a Series is read in its order.
    rows : (n,) bool, the rows the rule decides (the spec's population); values in the
        other rows are neither checked nor used (False in the result). ``None``: all rows.
    broadcast : a single True/False (the text rule ``"True"``) holds for every row.

    Raises
    ------
    ValueError
        If the values are not ``n_rows`` long (or one value, without ``broadcast``), a
        Series's labels are not the frame's, values are missing or are not True/False; the
        message begins with ``head``.
    """
    if isinstance(value, pd.Series) and index is not None and not value.index.equals(index):
        same = (len(value) == len(index) and value.index.is_unique and index.is_unique
                and bool(value.index.isin(index).all()))
        if not same and not (value.index.is_unique and index.is_unique):
            raise ValueError(f"{head} gives a Series in another order on duplicated index "
                             "labels (the frame's or its own), which cannot be aligned by "
                             "label; return a Series with the index of the frame it is given, "
                             "in its order, or an array in the rows' order (e.g. .to_numpy())")
        if not same:
            raise ValueError(f"{head} gives a Series whose index labels are not the panel "
                             "rows' labels; return a Series with the index of the frame it is "
                             "given, or an array in the rows' order (e.g. .to_numpy())")
        value = value.reindex(index)
    arr = np.asarray(value)
    if arr.ndim == 0 and broadcast and isinstance(arr.item(), (bool, np.bool_)):
        arr = np.full(n_rows, bool(arr.item()))
    if arr.shape != (n_rows,):
        got = f"one value ({arr.item()!r})" if arr.ndim == 0 else f"{arr.shape} values"
        raise ValueError(f"{head} gives {got} for {n_rows} panel rows; it must "
                         "give one True/False per row, in the rows' order")
    if rows is None:
        return _true_false(arr, head)
    out = np.zeros(n_rows, bool)
    out[rows] = _true_false(arr[rows], head)
    return out


def _eval_rule(df: pd.DataFrame, spec: TreatmentSpec, field_name: str,
               rows: np.ndarray | None = None) -> np.ndarray:
    """(n,) bool: the spec's rule ``field_name`` (``at_risk``, ``pool_exclude`` or
    ``later_start_at_risk``) evaluated on the rows of ``df``: a text rule with
    :meth:`pandas.DataFrame.eval` (the text ``"True"`` holds for every row); a callable
    (allowed for ``at_risk`` only) called on ``df``. With ``rows`` ((n,) bool, the spec's
    population) only those rows are checked and decided; the others are False (a text rule
    pandas cannot evaluate on every row is evaluated on those rows alone). A text rule reads
    a column of object dtype holding only True/False (and missing values) as a nullable
    ``boolean`` column, so that ``~`` negates it (Python's ``~True`` is -2, truthy).

    Raises
    ------
    ValueError
        If the rule is neither text nor (for ``at_risk``) a callable, names a column ``df``
        lacks, cannot be evaluated (a syntax error, an operation the columns do not allow), a
        callable raises (its exception is chained), or the rule gives values other than one
        True/False per row (a count such as ``"since_arrival"`` would otherwise be read as
        "at risk wherever it is not 0"; a True/False column with missing values; another
        length; a Series with other index labels: :func:`_rule_values`); the message names
        the spec's treatment, the field and the rule.
    """
    expr = getattr(spec, field_name)
    if callable(expr) and field_name == "at_risk":
        name = getattr(expr, "__qualname__", type(expr).__name__)
        head = f"TreatmentSpec {spec.treatment!r}: {field_name}={name} (a callable)"
        try:
            value = expr(df)
        except Exception as err:
            raise ValueError(f"{head} raised {type(err).__name__}: {err}") from err
        return _rule_values(value, len(df), head, index=df.index, rows=rows)
    head = f"TreatmentSpec {spec.treatment!r}: {field_name}={expr!r}"
    if not isinstance(expr, str):
        raise ValueError(f"{head} must be a boolean expression in text, evaluated on the "
                         "panel with pandas.DataFrame.eval (e.g. 'registered & ~employed')")
    # a True/False column of object dtype (pd.concat of a bool column and a frame without it,
    # or its fillna(False)) is read as a nullable boolean column: pandas would apply
    # Python's ~ to its values, ~True == -2, which is truthy (try45)
    flags = {c: df[c].astype("boolean") for c in df.columns
             if isinstance(c, str) and c in expr and df[c].dtype == object
             and pd.api.types.infer_dtype(df[c], skipna=True) == "boolean"}
    try:
        value = df.eval(expr, resolvers=(flags,)) if flags else df.eval(expr)
    except pd.errors.UndefinedVariableError as err:
        raise ValueError(f"{head} names a column the panel lacks ({err}); use a panel "
                         "column's name or join the column to the panel first") from err
    except Exception as err:
        if rows is not None and not rows.all():
            # pandas may fail on the other rows only (a sorted panel's rules run on every
            # row): the population's own rows decide, as on an unsorted panel (try45)
            out = np.zeros(len(df), bool)
            out[rows] = _eval_rule(df[rows], spec, field_name)
            return out
        raise ValueError(f"{head} cannot be evaluated by pandas.DataFrame.eval "
                         f"({type(err).__name__}: {err}); write a boolean expression of "
                         "panel columns, e.g. 'registered & ~employed'") from err
    return _rule_values(value, len(df), head, index=df.index, rows=rows, broadcast=True)


# --------------------------------------------------------------------------------------------
# dense person x quarter arrays
# --------------------------------------------------------------------------------------------


@dataclass
class PanelArrays:
    """Dense person x quarter arrays of the panel (rows = persons in ``person_ids`` order).

    ``q0`` is the quarter index of column 0; a person without a panel row in a quarter is neither
    registered nor employed there.
    """

    person_ids: np.ndarray
    q0: int
    registered: np.ndarray
    employed: np.ndarray
    present0: np.ndarray
    flags: dict[str, np.ndarray] = field(default_factory=dict)

    @property
    def n_quarters(self) -> int:
        """Quarters of the panel window (columns of the person x quarter arrays)."""
        return self.registered.shape[1]

    def index(self, person_id: np.ndarray) -> np.ndarray:
        """(n,) int64 row of each person id in :attr:`person_ids` (:func:`numpy.searchsorted`:
        an id not in the panel gets the row where it would be inserted, unchecked)."""
        return np.searchsorted(self.person_ids, person_id)

    def next_event(self, name: str) -> np.ndarray:
        """(persons, quarters) int16: column of the first flag ``name`` strictly after each
        column; ``n_quarters + 1000`` when none.

        Raises ``KeyError`` when ``name`` is not among :attr:`flags` (give it to
        :func:`panel_arrays`).
        """
        key = f"__next_{name}"
        if key not in self.flags:
            flag = self.flags[name]
            n, T = flag.shape
            out = np.full((n, T), T + 1000, np.int16)
            nxt = np.full(n, T + 1000, np.int16)
            for c in range(T - 1, -1, -1):
                out[:, c] = nxt
                nxt = np.where(flag[:, c], np.int16(c), nxt)
            self.flags[key] = out
        return self.flags[key]


def panel_arrays(panel: pd.DataFrame, flags: Sequence[str]) -> PanelArrays:
    """Dense arrays of ``registered``, ``employed`` and the boolean columns ``flags``.

    Parameters
    ----------
    panel : pandas.DataFrame
        Person-quarter rows with columns ``person_id``, ``quarter`` (int quarter index),
        ``registered``, ``employed`` and every name in ``flags`` (bool or 0/1), at most one row
        per person and quarter.
    flags : sequence of str
        Further boolean columns to store in :attr:`PanelArrays.flags`.

    Returns
    -------
    PanelArrays
        (persons, quarters) bool arrays over the quarters ``quarter.min() .. quarter.max()``,
        persons in sorted id order; ``present0`` (persons,) bool: a panel row in the first
        quarter.

    Raises
    ------
    KeyError
        If a needed column is missing (pandas' error, naming it).
    ValueError
        If ``panel`` has no rows (the minimum quarter is undefined).
    """
    ids, pidx = np.unique(panel["person_id"].to_numpy(), return_inverse=True)
    q = panel["quarter"].to_numpy().astype(np.int64)
    q0 = int(q.min())
    T = int(q.max()) - q0 + 1
    col = q - q0

    def dense(values: np.ndarray) -> np.ndarray:
        out = np.zeros((ids.size, T), bool)
        out[pidx, col] = values
        return out

    present0 = np.zeros(ids.size, bool)
    present0[pidx[col == 0]] = True
    arrays = PanelArrays(
        ids, q0, dense(panel["registered"].to_numpy(bool)),
        dense(panel["employed"].to_numpy(bool)), present0,
    )
    for f in dict.fromkeys(flags):
        arrays.flags[f] = dense(panel[f].to_numpy(bool))
    return arrays


def later_start_key(spec: TreatmentSpec) -> str | None:
    """Key in :attr:`PanelArrays.flags` of the spec's ``later_start_at_risk`` mask (None
    without one): the mask depends on the rule, the population and the clock (rows without
    it are not at risk), so the key holds the three."""
    if spec.later_start_at_risk is None:
        return None
    return f"__later:{spec.population}:{spec.clock_col}:{spec.later_start_at_risk}"


def store_later_start_mask(panel: pd.DataFrame, spec: TreatmentSpec,
                           arrays: PanelArrays) -> None:
    """Evaluate ``spec.later_start_at_risk`` on the panel rows (where the spec's clock is
    set) and keep it as a dense (persons, quarters) bool array in ``arrays.flags`` under
    :func:`later_start_key`; nothing without the expression. A person-quarter without a
    panel row is not at risk.

    Raises
    ------
    ValueError
        If the expression is not text, names a column the panel lacks or gives values other
        than True/False (:func:`_eval_rule`); if ``spec.population`` is set and the panel has
        no ``sample`` column.
    """
    key = later_start_key(spec)
    if key is None or key in arrays.flags:
        return
    rows = None
    if spec.population is not None:
        if "sample" not in panel.columns:  # fix46: the mask held every population's rows
            raise ValueError(
                f"TreatmentSpec {spec.treatment!r}: later_start_at_risk needs the person "
                f"column 'sample' to keep population {spec.population!r} (as risk_sets "
                "does); load the panel with mia_helpers.panel.load_panel, or set "
                "population=None")
        rows = (panel["sample"] == spec.population).to_numpy()
    mask = (_eval_rule(panel, spec, "later_start_at_risk", rows=rows)
            & panel[spec.clock_col].notna().to_numpy())
    out = np.zeros((arrays.person_ids.size, arrays.n_quarters), bool)
    row = arrays.index(panel["person_id"].to_numpy())
    col = panel["quarter"].to_numpy().astype(np.int64) - arrays.q0
    ok = (row < arrays.person_ids.size) & (col >= 0) & (col < arrays.n_quarters)
    out[row[ok], col[ok]] = mask[ok]
    arrays.flags[key] = out


#: person columns that :func:`load_matching_panel` attaches to the panel rows
PERSON_COLUMNS = ("sample", "sex", "birth_year", "origin", "generation", "education",
                  "dutch_level", "household", "children", "school_leaving_quarter",
                  "arrival_quarter", "residence_ground")
#: panel columns the default covariates and risk sets use
PANEL_COLUMNS = ("person_id", "quarter", "registered", "employed", "registration_start",
                 "elapsed_registration", "experience", "prior_measure_starts",
                 "inburgering_started")


def load_matching_panel(
    data_dir: str | Path, specs: Sequence[TreatmentSpec], population: str | None = "resident",
    extra_columns: Sequence[str] = (),
) -> pd.DataFrame:
    """Only the panel columns the specs need, with person covariates attached (lean loader).

    Equivalent to :func:`mia_helpers.panel.load_panel` restricted to those columns and to one
    population, at a fraction of the memory (for a million persons: ~1.5 GB instead of >10 GB).

    Parameters
    ----------
    data_dir : str or pathlib.Path
        The data folder holding ``persons.parquet`` and ``panel.parquet``.
    specs : sequence of TreatmentSpec
        Their start, outcome, clock and spell columns are read (when the panel has them).
    population : str or None
        Value of the person column ``sample`` to keep; ``None`` = everybody.
    extra_columns : sequence of str
        Further panel columns to read (when present; absent names are skipped silently).

    Returns
    -------
    pandas.DataFrame
        One row per person-quarter of the population, columns :data:`PANEL_COLUMNS` (and
        ``contract_signed``) that the panel has, the specs' columns, ``extra_columns`` and
        the :data:`PERSON_COLUMNS` of ``persons.parquet`` (categorical and nullable dtypes
        kept), in the panel file's row order.

    Raises
    ------
    mia_helpers.files.DataFileError
        From :func:`mia_helpers.panel.require_current_panel`: the folder or its panel is
        missing or out of date.
    FileNotFoundError
        If ``persons.parquet`` is missing.
    """
    import pyarrow.parquet as pq

    data_dir = Path(data_dir)
    from mia_helpers.panel import require_current_panel

    avail = set(pq.ParquetFile(require_current_panel(data_dir)).schema_arrow.names)
    need = list(dict.fromkeys([
        *PANEL_COLUMNS, "contract_signed", *extra_columns,
        *(c for s in specs for c in (s.start_col, s.outcome_col, s.clock_col, s.spell_col)
          if c),
    ]))
    cols = [c for c in need if c in avail]
    persons = pd.read_parquet(data_dir / "persons.parquet")
    persons = persons[["person_id", *(c for c in PERSON_COLUMNS if c in persons.columns)]]
    if population is not None:
        persons = persons[(persons["sample"] == population).to_numpy()]
    persons = persons.sort_values("person_id", ignore_index=True)
    ids = persons["person_id"].to_numpy()
    parts, positions = [], []
    # batch by batch: only the population's rows are ever converted to pandas
    for batch in pq.ParquetFile(data_dir / "panel.parquet").iter_batches(
        batch_size=1_000_000, columns=cols
    ):
        bid = batch.column("person_id").to_numpy()
        pos = np.searchsorted(ids, bid)
        pos_c = np.minimum(pos, max(ids.size - 1, 0))
        keep = (pos < ids.size) & (ids[pos_c] == bid)
        if keep.any():
            parts.append(batch.filter(keep).to_pandas())
            positions.append(pos_c[keep])
    panel = pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=cols)
    pos = np.concatenate(positions) if positions else np.zeros(0, np.int64)
    for c in persons.columns[1:]:
        panel[c] = persons[c].array.take(pos)  # keeps categorical and nullable dtypes
    return panel


# --------------------------------------------------------------------------------------------
# risk sets
# --------------------------------------------------------------------------------------------


def _history(panel: pd.DataFrame, arrays: PanelArrays) -> pd.DataFrame:
    """Employment history up to each row's quarter (from the dense arrays)."""
    emp = arrays.employed
    n, T = emp.shape
    cols = np.arange(T, dtype=np.int16)
    last = np.where(emp, cols[None, :], -1).astype(np.int16)
    np.maximum.accumulate(last, axis=1, out=last)
    # last employed column strictly before c
    last_before = np.hstack([np.full((n, 1), -1, np.int16), last[:, :-1]])
    p = arrays.index(panel["person_id"].to_numpy())
    c = panel["quarter"].to_numpy().astype(np.int64) - arrays.q0
    lb = last_before[p, c]
    present0 = arrays.present0
    return pd.DataFrame(
        {
            "employed_at_window_start": (emp[p, 0] & present0[p]).astype(np.float32),
            "ever_employed": (lb >= 0).astype(np.float32),
            "quarters_since_employment": np.where(lb >= 0, np.minimum(c - lb, 12), 12).astype(
                np.float32
            ),
        },
        index=panel.index,
    )


def no_start_before(person: np.ndarray, start: np.ndarray, spell: np.ndarray | None = None
                    ) -> np.ndarray:
    """Whether no start of the treatment lies strictly before each row in its spell.

    The risk-set rule shared by :func:`risk_sets` and :func:`mia_helpers.dynamic.dynamic_match`:
    a row may be treated or pool only while the treatment has not started earlier in the
    row's spell (its first start in the spell is a treated row; rows after it are out).

    Parameters
    ----------
    person : numpy.ndarray
        (n,) person ids or codes, rows sorted by person and time.
    start : numpy.ndarray
        (n,) bool, the treatment starts in the row's period.
    spell : numpy.ndarray, optional
        (n,) spell values: a spell is a run of consecutive rows of one person with equal
        values (NaN must be replaced by a comparable value); ``None`` = the person's whole
        history is one spell.

    Returns
    -------
    numpy.ndarray
        (n,) bool.
    """
    same = person[1:] == person[:-1]
    if spell is not None:
        same = same & (spell[1:] == spell[:-1])
    new_run = np.concatenate([[True], ~same])
    x = start.astype(np.int64)
    excl = np.cumsum(x) - x  # starts strictly before, over all rows
    before = excl - excl[new_run][np.cumsum(new_run) - 1]
    return before == 0


def exact_strata(columns: Sequence[np.ndarray | pd.Series], n_rows: int,
                 clock: np.ndarray | None = None, max_clock: int | None = None) -> np.ndarray:
    """Integer code of the exact-matching cell of every row (shared by :func:`risk_sets` and
    :func:`mia_helpers.dynamic.dynamic_match`).

    Parameters
    ----------
    columns : sequence of array-like
        (n,) values of each exact-matching column (any sortable dtype, no missing values).
    n_rows : int
        n (all rows in one cell when there are no columns).
    clock, max_clock : numpy.ndarray and int, optional
        With both given, rows with ``clock >= max_clock`` (the pooled last risk set) are also
        matched exactly on the clock.

    Returns
    -------
    numpy.ndarray
        (n,) int64 cell codes (equal codes = same cell).
    """
    stratum = np.zeros(n_rows, np.int64)
    cols = list(columns)
    if clock is not None and max_clock is not None:
        cols.append(np.maximum(np.asarray(clock, np.int64) - max_clock + 1, 0))
    for v in cols:
        codes_, uniq = pd.factorize(v, sort=True)
        stratum = stratum * (len(uniq) + 1) + (codes_ + 1)
    return stratum


#: panel columns :func:`risk_sets` reads besides the spec's own columns (when present)
_RISK_SET_READS = ("person_id", "quarter", *CATEGORICAL, "birth_year", "children", "experience",
                   "school_leaving_quarter", "prior_measure_starts", "arrival_quarter",
                   "inburgering_started", "contract_signed")


def _risk_set_columns(panel: pd.DataFrame, spec: TreatmentSpec) -> list[str]:
    """The columns of ``panel`` that :func:`risk_sets` reads for ``spec``, in panel order."""
    used = {*_RISK_SET_READS, spec.start_col, spec.clock_col, spec.outcome_col, *spec.exact,
            *((spec.spell_col,) if spec.spell_col else ())}
    return [c for c in panel.columns if c in used]


def panel_reads(spec: TreatmentSpec, columns: Sequence[str]) -> list[str] | None:
    """The columns among ``columns`` (a panel's, in order) that :func:`match` reads for
    ``spec``: those :func:`risk_sets` copies (person covariates, history, the spec's own
    columns), those named in the text of ``at_risk``, ``pool_exclude`` and
    ``later_start_at_risk``, ``sample`` (the
    population) and those of :func:`panel_arrays` (``registered``, ``employed``); None when
    ``at_risk`` is a callable (it may read any column). A panel holding only these columns
    gives the same match (risk sets, covariates, scores, pairs) as the whole panel
    (tests/test_matching.py), so a caller that builds the panel for one match need not
    compute the others (:func:`mia_helpers.montecarlo.replication_columns`)."""
    frame = pd.DataFrame(columns=list(columns))
    named = _expression_columns(frame, spec)
    if named is None:
        return None
    later = spec.later_start_at_risk  # fix46: store_later_start_mask reads these too
    if later is not None and not isinstance(later, str):
        return None
    named_later = [c for c in frame.columns if isinstance(c, str) and later and c in later]
    used = {*_risk_set_columns(frame, spec), *named, *named_later, "sample", "registered",
            "employed", spec.start_col, spec.outcome_col}
    return [c for c in columns if c in used]


def _expression_columns(panel: pd.DataFrame, spec: TreatmentSpec) -> list[str] | None:
    """The columns of ``panel`` whose names occur in the text of the spec's ``at_risk`` and
    ``pool_exclude`` expressions (a superset of those :meth:`pandas.DataFrame.eval` reads),
    or None when ``at_risk`` is a callable (it may read any column)."""
    if callable(spec.at_risk):
        return None
    text = " ".join(e for e in (spec.at_risk, spec.pool_exclude) if isinstance(e, str))
    return [c for c in panel.columns if isinstance(c, str) and c in text]


def risk_sets(panel: pd.DataFrame, spec: TreatmentSpec, arrays: PanelArrays | None = None
              ) -> pd.DataFrame:
    """All person-quarter rows of the risk sets of ``spec``, with covariates and history.

    Parameters
    ----------
    panel : the person-quarter panel joined with person covariates
        (:func:`mia_helpers.panel.load_panel`), possibly with extra columns the spec names;
        needs ``person_id``, ``quarter``, ``registered``, ``employed``, the spec's start,
        clock and outcome columns, ``sample`` when ``spec.population`` is set, and the
        columns named by ``at_risk``, ``pool_exclude``, ``spell_col`` and ``exact``.
    spec : the treatment definition.
    arrays : dense arrays of ``panel`` (built when not given).

    Returns
    -------
    pandas.DataFrame
        One row per person-quarter at risk (treated or pool), columns ``person_id``, ``quarter``,
        ``clock`` (u), ``risk_set`` (``min(u, max_clock)``), ``treated`` (bool), ``stratum``
        (int code of the exact-matching cells; in the pooled risk set ``u >= max_clock`` the
        cells also hold ``u`` itself), the covariates, and ``person_row`` (row in
        ``arrays``). Sorted by person and quarter. Ages are in decades (``age`` = years / 10),
        ``calendar_quarter`` and ``years_since_arrival`` in years.

    Raises
    ------
    ValueError
        If ``panel`` lacks ``person_id``, ``quarter`` or the spec's start, clock or outcome
        column; if ``spec.population`` is set and ``panel`` has no ``sample`` column; if an
        ``exact`` column is not in the panel.
    KeyError
        If ``registered``/``employed`` (dense arrays) or the ``spell_col`` column is missing.
    ValueError
        If the text rule ``at_risk`` or ``pool_exclude`` names a missing column, or a rule
        (text, or a callable ``at_risk``) gives values other than one True/False per row
        (:func:`_eval_rule`).

    Warns
    -----
    UserWarning
        With the number of rows of newcomers (or of persons of unknown sample) without an
        ``arrival_quarter``, whose ``years_since_arrival`` is set to 0.

    References
    ----------
    The risk sets of Sianesi (2004): treated at ``u`` against the not yet treated at ``u``.
    """
    for col in ("person_id", "quarter", spec.start_col, spec.clock_col, spec.outcome_col):
        if col not in panel.columns:
            raise ValueError(f"panel lacks column {col!r} needed by the spec of {spec.treatment!r}")
    if arrays is None:
        arrays = panel_arrays(panel, [spec.start_col, spec.outcome_col])
    df = panel
    # the columns read below: rows are copied with these only (a copy of every panel column
    # costs more than the rest of this function), and, when the rule expressions are text,
    # with the columns they name (a callable rule may read any column: it gets them all)
    cols = _risk_set_columns(panel, spec)
    pid = df["person_id"].to_numpy()
    q = df["quarter"].to_numpy()
    ordered = bool(np.all((pid[1:] > pid[:-1]) | ((pid[1:] == pid[:-1]) & (q[1:] > q[:-1]))))
    in_pop = None
    if spec.population is not None:
        if "sample" not in df.columns:
            raise ValueError("population filter needs the person column 'sample' (load_panel)")
        in_pop = (df["sample"] == spec.population).to_numpy()
        named = _expression_columns(panel, spec)
        if in_pop.all():
            in_pop = None
        elif not (ordered and named is not None and bool(np.all(
                (in_pop[1:] == in_pop[:-1]) | (pid[1:] != pid[:-1])))):
            df = df[in_pop] if named is None else df.loc[
                in_pop, [c for c in panel.columns if c in {*cols, *named}]]
            in_pop = None
            pid = df["person_id"].to_numpy()
            q = df["quarter"].to_numpy()
            ordered = bool(np.all((pid[1:] > pid[:-1])
                                  | ((pid[1:] == pid[:-1]) & (q[1:] > q[:-1]))))
        # else: a sorted panel whose persons are wholly in or out of the population, and text
        # rules: the rules run on every row, are checked and read only in the population's
        # rows (rows=in_pop), and the other population's rows are dropped with the rows out of
        # the risk sets (the same rows, without a copy of the panel's columns)
    if not ordered:
        df = df.sort_values(["person_id", "quarter"])
        pid = df["person_id"].to_numpy()
    at_risk = (_eval_rule(df, spec, "at_risk", rows=in_pop)
               & df[spec.clock_col].notna().to_numpy())
    start = df[spec.start_col].to_numpy(bool)
    spell = None
    if spec.spell_col:
        sv = df[spec.spell_col].to_numpy(np.float64, na_value=np.nan)
        spell = np.where(np.isnan(sv), -np.inf, sv)
    keep = at_risk & no_start_before(pid, start, spell)
    if _has_rule(spec.pool_exclude):
        keep &= ~(_eval_rule(df, spec, "pool_exclude", rows=in_pop) & ~start)
    if in_pop is not None:
        keep &= in_pop
    rs = df.loc[keep, cols]
    hist = _history(rs, arrays)
    u = rs[spec.clock_col].to_numpy().astype(np.int64)
    # the columns are collected in a dict and the frame is built once at the end (inserting
    # some thirty columns one by one into a frame cost about a third of this function); the
    # same columns, in the same order, with the same values and dtypes
    quarter = rs["quarter"].to_numpy().astype(np.int64)
    out: dict[str, object] = {
        "person_id": rs["person_id"].to_numpy(),
        "quarter": quarter,
        "clock": u,
        "risk_set": np.minimum(u, spec.max_clock),
        "treated": rs[spec.start_col].to_numpy(bool),
    }
    out["person_row"] = arrays.index(out["person_id"])
    for c in CATEGORICAL:
        if c in rs.columns:
            out[c] = _category_values(rs[c])
    if "birth_year" in rs.columns:
        age = (year_of(quarter) - rs["birth_year"].to_numpy()).astype(np.float32)
        out["age"] = age / 10.0
        out["age_sq"] = (age / 10.0) ** 2
        out["age_under_25"] = covariates.age_under_25(age).astype(np.float32)
        out["age_50_plus"] = covariates.age_50_plus(age).astype(np.float32)
    if "children" in rs.columns:
        out["children_capped"] = covariates.children_capped(rs["children"]).astype(np.float32)
        out["has_children"] = covariates.has_children(rs["children"]).astype(np.float32)
    if "experience" in rs.columns:
        out["experience_years"] = covariates.experience_years(rs["experience"]).astype(
            np.float32)
    for c in hist.columns:
        out[c] = hist[c].to_numpy()
    if "school_leaving_quarter" in rs.columns:
        # experience before the window is not observed: school leavers have none
        out["left_school_in_window"] = rs["school_leaving_quarter"].notna().to_numpy().astype(
            np.float32)
    if "prior_measure_starts" in rs.columns:
        out["prior_measure_starts"] = np.minimum(rs["prior_measure_starts"].to_numpy(), 5
                                                 ).astype(np.float32)
    out["calendar_quarter"] = (quarter - arrays.q0).astype(np.float32) / 4
    if "arrival_quarter" in rs.columns:
        arr = rs["arrival_quarter"].to_numpy(np.float64, na_value=np.nan)
        since = (quarter - arr) / 4.0
        gap = np.isnan(since)
        if spec.population == "resident":
            gap = np.zeros_like(gap)  # residents have no arrival quarter by design
        elif spec.population is None and "sample" in df.columns:
            gap &= (df.loc[keep, "sample"] == "newcomer").to_numpy()
        if gap.any():  # fix46: the 0 was set without a word
            warnings.warn(
                f"risk_sets ({spec.treatment!r}): {int(gap.sum()):,} of {gap.size:,} "
                "person-quarter rows of newcomers (or of persons whose sample is not known) "
                "have no 'arrival_quarter'; their covariate 'years_since_arrival' is set to 0; "
                "what to do: fill arrival_quarter in persons, or keep these newcomers out "
                "(mia_helpers.newcomers.newcomer_panel does)", stacklevel=2)
        out["years_since_arrival"] = np.where(np.isnan(since), 0.0, since).astype(np.float32)
    if "inburgering_started" in rs.columns:
        # history strictly before u: the panel flag includes the contract's own quarter
        ib = rs["inburgering_started"].to_numpy(bool)
        if "contract_signed" in rs.columns:
            ib = ib & ~rs["contract_signed"].to_numpy(bool)
        out["inburgering_started"] = ib.astype(np.float32)
    for c in spec.exact:
        if c not in out:
            if c not in rs.columns:
                raise ValueError(f"exact-matching column {c!r} not in the panel")
            out[c] = rs[c].to_numpy()
    if spec.calendar_band:
        out["calendar_period"] = (quarter - arrays.q0) // int(spec.calendar_band)
    frame = pd.DataFrame(out)
    # the pooled risk set (u >= max_clock) matches exactly on u: a control at a shorter
    # duration is known to stay unemployed and untreated until the treated's u
    frame["stratum"] = exact_strata(
        [frame[c] for c in (*spec.exact, *(("calendar_period",) if spec.calendar_band else ()))],
        len(frame), u, spec.max_clock)
    return frame


def long_panel(panel: pd.DataFrame, spec: TreatmentSpec, arrays: PanelArrays | None = None,
               k: int = 3, caliper: float = 0.2, pooled: bool = False, min_treated: int = 20,
               ) -> tuple[pd.DataFrame, dict, dict]:
    """The MIA panel of one treatment as a plain long-format panel for the general API
    (:func:`mia_helpers.dynamic.dynamic_match`, :func:`mia_helpers.dynamic.dynamic_effects`),
    with the keyword arguments under which that API reproduces :func:`match` and
    :func:`mia_helpers.effects.estimate_effects` (tested to 1e-10 in
    ``tests/test_mia_engine_reference.py``). Use it to export the design, or to run the
    general API's options on the book's data.

    Parameters
    ----------
    panel : pandas.DataFrame
        The person-quarter panel with person covariates (:func:`mia_helpers.panel.load_panel`).
    spec : TreatmentSpec
        The treatment.
    arrays : PanelArrays, optional
        Dense arrays of ``panel`` (built when not given).
    k, caliper, pooled, min_treated : as in :func:`match`.

    Returns
    -------
    (data, match_kwargs, effects_kwargs)
        ``data``: one row per person of ``spec.population`` and quarter, from the person's
        first panel row through the panel's last quarter (quarters without a panel row are
        added, never at risk, without events), sorted by person and quarter; plain columns
        ``person_id``, ``quarter`` (int), ``u`` (the clock, float64, NaN outside the risk
        sets), ``at_risk`` (also the "at risk of a later start" of the now-versus-never
        censoring weights, as in :func:`mia_helpers.effects.outcome_arrays`, unless the spec
        has ``later_start_at_risk``: then that mask is the column ``later_start_at_risk``,
        passed as ``start_at_risk`` in ``effects_kwargs``), ``start``,
        ``outcome`` (bool), ``spell`` (when the spec has one), the exact-matching columns (object, None outside
        the risk sets; ``calendar_period`` with a calendar band) and the propensity
        covariates of :func:`design_matrix` (float32, dummies ``var[level]``, NaN outside the
        risk sets: values at ``u``, history up to ``u``). ``match_kwargs`` and
        ``effects_kwargs`` are dicts of keyword arguments for ``dynamic_match(data, **...)``
        and ``dynamic_effects(match, **..., horizons=...)`` (horizons are the caller's).

    Raises
    ------
    ValueError
        As :func:`risk_sets` for a spec the panel cannot serve, and as :func:`design_matrix`
        for missing covariate values.
    """
    if arrays is None:
        arrays = panel_arrays(panel, [spec.start_col, spec.outcome_col])
    rows = risk_sets(panel, spec, arrays)
    X = design_matrix(rows, spec.covariates)
    df = panel
    if spec.population is not None:
        df = df[(df["sample"] == spec.population).to_numpy()]
    df = df.sort_values(["person_id", "quarter"])
    p = arrays.index(df["person_id"].to_numpy())
    c = df["quarter"].to_numpy().astype(np.int64) - arrays.q0
    people, first_pos = np.unique(p, return_index=True)
    first_c = c[first_pos]
    T = arrays.n_quarters
    lens = T - first_c
    gp = np.repeat(people, lens)
    gc = np.repeat(first_c, lens) + (np.arange(lens.sum()) - np.repeat(np.cumsum(lens) - lens,
                                                                        lens))
    n = gp.size
    # position of each panel row, and of the last panel row at or before each grid row
    grid_pos = np.searchsorted(gp * (T + 1) + gc, p * (T + 1) + c)
    present = np.zeros(n, bool)
    present[grid_pos] = True

    def dense(values: np.ndarray, fill) -> np.ndarray:
        out = np.full(n, fill, dtype=np.asarray(values).dtype if fill is not None else object)
        out[grid_pos] = values
        return out

    start = df[spec.start_col].to_numpy(bool)
    eligible = _eval_rule(df, spec, "at_risk") & df[spec.clock_col].notna().to_numpy()
    if _has_rule(spec.pool_exclude):
        eligible &= ~(_eval_rule(df, spec, "pool_exclude") & ~start)
    out = pd.DataFrame({
        "person_id": arrays.person_ids[gp], "quarter": (gc + arrays.q0).astype(np.int64),
        "u": np.nan, "at_risk": dense(eligible, False), "start": dense(start, False),
        "outcome": arrays.flags[spec.outcome_col][gp, gc] if spec.outcome_col in arrays.flags
        else dense(df[spec.outcome_col].to_numpy(bool), False),
    })
    if spec.later_start_at_risk is not None:  # the censoring risk set of "now versus never"
        store_later_start_mask(panel, spec, arrays)  # evaluated once, kept in arrays.flags
        out["later_start_at_risk"] = arrays.flags[later_start_key(spec)][gp, gc]
    if spec.spell_col:
        sv = df[spec.spell_col].to_numpy(np.float64, na_value=np.nan)
        # a quarter without a panel row continues the spell of the row before it
        last = np.maximum.accumulate(np.where(present, np.arange(n), -1))
        out["spell"] = dense(np.where(np.isnan(sv), -np.inf, sv), np.nan)[last]
    key = np.searchsorted(gp * (T + 1) + gc, rows["person_row"].to_numpy() * (T + 1)
                          + rows["quarter"].to_numpy() - arrays.q0)
    out.loc[key, "u"] = rows["clock"].to_numpy(np.float64)
    exact = [*spec.exact, *(("calendar_period",) if spec.calendar_band else ())]
    for col in exact:
        v = np.full(n, None, dtype=object)
        v[key] = rows[col].to_numpy(object)
        out[col] = v
    for col in X.columns:
        v = np.full(n, np.nan, np.float32)
        v[key] = X[col].to_numpy(np.float32)
        out[col] = v
    match_kwargs = dict(
        id="person_id", time="quarter", clock="u", at_risk="at_risk", treatment_start="start",
        covariates=list(X.columns), exact=exact, caliper=caliper, k=k, distance="logit",
        propensity="pooled" if pooled else "per_risk_set", min_treated=min_treated,
        ridge=1e-4, max_iter=50, ties="score", spell="spell" if spec.spell_col else None,
        max_clock=spec.max_clock, all_risk_sets=True)
    T_obs = T if spec.window_end is None else spec.window_end - arrays.q0 + 1
    effects_kwargs = dict(outcome="outcome",
                          window_end=int(arrays.q0 + T_obs - 1 - (spec.stable_quarters - 1)))
    if spec.later_start_at_risk is not None:
        effects_kwargs["start_at_risk"] = "later_start_at_risk"
    return out, match_kwargs, effects_kwargs


_TEXT_DTYPE: list = []


def _category_values(col: pd.Series) -> np.ndarray | pd.api.extensions.ExtensionArray:
    """``col.astype("category").to_numpy()`` as a frame column receives it (pandas infers its
    text dtype from the object array): for a categorical column whose categories already have
    that text dtype, without missing values, taken from the categories directly (the same
    values and dtype, without a round trip through Python strings)."""
    if not _TEXT_DTYPE:
        _TEXT_DTYPE.append(pd.Series(np.array(["a"], dtype=object)).dtype)
    if isinstance(col.dtype, pd.CategoricalDtype):
        cat = col.array
        codes_ = cat.codes
        if cat.categories.dtype == _TEXT_DTYPE[0] and (codes_.size == 0 or codes_.min() >= 0):
            return cat.categories.array.take(codes_)
    return col.astype("category").to_numpy()


def _levels(col: pd.Series) -> tuple[np.ndarray, Sequence]:
    """Codes and levels of ``pd.Categorical(col)`` (codes -1 for missing): for an object or
    text column by :func:`pandas.factorize` with sorted levels, as ``pd.Categorical`` does,
    without building its index of levels (a categorical column keeps its category order)."""
    if col.dtype == object or isinstance(col.dtype, pd.StringDtype):
        try:
            codes_, levels = pd.factorize(col.array if col.dtype != object else col.to_numpy(),
                                          sort=True)
            return codes_, levels
        except TypeError:  # levels that cannot be sorted: pd.Categorical's own fallback
            pass
    cat = pd.Categorical(col)
    return cat.codes, cat.categories


def design_matrix(rs: pd.DataFrame, covariates: Sequence[str] | None = None) -> pd.DataFrame:
    """Numeric covariate matrix of risk-set rows: dummies ``var[level]`` of categorical covariates
    (first level dropped) and the numeric covariates, as float32 (half the memory at a million persons;
    the logit and balance computations accumulate in float64).

    ``covariates=None`` takes every covariate of :data:`CATEGORICAL` and :data:`NUMERIC` present
    in ``rs`` (and not missing in every row); constant columns are dropped. Missing values in
    a used covariate are refused (``ValueError`` naming the column and count).

    Parameters
    ----------
    rs : pandas.DataFrame
        Risk-set rows (:func:`risk_sets`), n rows.
    covariates : sequence of str, optional
        Columns of ``rs`` to use; columns in :data:`CATEGORICAL` or of categorical dtype
        become dummies, the others are used as numbers.

    Returns
    -------
    pandas.DataFrame
        (n, p) float32, index of ``rs``; columns ``var[level]`` (0/1; levels sorted, or a
        categorical's own category order; first dropped) and the numeric covariates' names, constant columns left out.

    Raises
    ------
    ValueError
        If a used covariate has missing values (:func:`mia_helpers.core.require_complete`)
        or a name in ``covariates`` is not a column of ``rs``.
    """
    # default covariates: a column missing in *every* row (e.g. residence ground of residents)
    # is not recorded for this population and is left out; partly missing columns are refused
    names = list(covariates) if covariates is not None else [
        c for c in (*CATEGORICAL, *NUMERIC) if c in rs.columns and rs[c].notna().any()
    ]
    core.require_complete(rs, names, "risk-set design matrix")
    cols: dict[str, np.ndarray] = {}
    for c in names:
        if c not in rs.columns:
            raise ValueError(f"covariate {c!r} is not a risk-set column")
        if c in CATEGORICAL or isinstance(rs[c].dtype, pd.CategoricalDtype):
            codes_, levels = _levels(rs[c])
            for j, level in enumerate(levels[1:], start=1):
                cols[f"{c}[{level}]"] = (codes_ == j).astype(np.float32)
        else:
            cols[c] = rs[c].to_numpy(np.float32)
    keep = {k: v for k, v in cols.items() if v.size and v.min() != v.max()}
    return pd.DataFrame(keep, index=rs.index)


# --------------------------------------------------------------------------------------------
# neighbour search
# --------------------------------------------------------------------------------------------


def nearest_neighbours(
    treated_score: np.ndarray,
    treated_stratum: np.ndarray,
    pool_score: np.ndarray,
    pool_stratum: np.ndarray,
    k: int = 1,
    caliper: float = np.inf,
    treated_group: np.ndarray | None = None,
    pool_group: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """The ``k`` nearest pool members of every treated unit, within its stratum and caliper.

    Vectorised: the pool is sorted by (stratum, score); each treated unit's insertion point is
    found with :func:`numpy.searchsorted`, and its ``k`` nearest neighbours are among the ``k``
    pool members on either side of it (in one dimension this is exact).

    Parameters
    ----------
    treated_score, pool_score : numpy.ndarray
        Shapes (n_treated,) and (n_pool,), float: scores (e.g. logit propensity scores); all
        finite.
    treated_stratum, pool_stratum : numpy.ndarray
        Shapes (n_treated,) and (n_pool,), integer: exact-matching cells; a neighbour is in
        the treated unit's cell.
    k : int
        Neighbours per treated unit, >= 1 (matching with replacement: a pool member can serve
        many).
    caliper : float
        Maximum absolute score distance, in the units of the scores (default ``inf``: none).
    treated_group, pool_group : numpy.ndarray or None
        Optional integer ids (persons), shapes of the scores; a pool member with the treated
        unit's id is never its neighbour (no person is their own control). The search then
        looks ``k + m`` positions to each side, ``m`` = the most pool rows one id has in one
        stratum, which still finds the ``k`` nearest admissible members exactly. Used only
        when both are given.

    Returns
    -------
    index : numpy.ndarray
        Shape (n_treated, k), int64: positions in the pool arrays, nearest first; -1 where
        fewer than ``k`` pool members lie within the caliper in the stratum.
    distance : numpy.ndarray
        Shape (n_treated, k), float64: absolute score distances (``inf`` where index is -1).

    Notes
    -----
    Ties, as implemented: equidistant candidates are taken in window order (position in the
    pool sorted by stratum, score and data order, from ``pos - (k + m)`` on). So a lower score
    precedes a higher one, and pool rows sharing the treated's score or a higher one are taken
    in data order; but when more than ``k + m`` pool rows share one score *below* the treated's,
    the pick is the row at the window's left edge, which depends on ``k + m`` (``m`` = 0
    without groups), not the first in data order. Changing this would change the book's
    numbers wherever such ties occur (discrete covariates); it is reported, not fixed here.

    Raises
    ------
    ValueError
        If ``k < 1``, if a score is NaN or infinite (checked when both sides are non-empty),
        or if ``treated_group`` / ``pool_group`` do not have the shapes of their scores.

    References
    ----------
    Nearest-neighbour matching with replacement within a caliper, as R's MatchIt
    (Ho et al. 2011) with ``replace = TRUE``; the vectorised search is the project's own.
    """
    ts = np.asarray(treated_score, np.float64)
    ps = np.asarray(pool_score, np.float64)
    tz = np.asarray(treated_stratum, np.int64)
    pz = np.asarray(pool_stratum, np.int64)
    if k < 1:
        raise ValueError("k must be >= 1")
    nt = ts.size
    if nt == 0 or ps.size == 0:
        return np.full((nt, k), -1, np.int64), np.full((nt, k), np.inf)
    if not (np.isfinite(ts).all() and np.isfinite(ps).all()):
        raise ValueError("scores must be finite")
    grouped = treated_group is not None and pool_group is not None
    m = 0
    if grouped:
        tg = np.asarray(treated_group, np.int64)
        pg = np.asarray(pool_group, np.int64)
        if tg.shape != ts.shape or pg.shape != ps.shape:
            raise ValueError("treated_group and pool_group must match the scores' shapes")
        # most pool rows of one id in one stratum: runs of the sorted (stratum, id) key (a 1-d
        # integer sort; np.unique(axis=0) on the stacked pair is an order of magnitude slower)
        key = np.sort((pz - pz.min()) * (int(pg.max() - pg.min()) + 1) + (pg - pg.min()))
        edges = np.flatnonzero(np.diff(key)) + 1
        m = int(np.diff(np.concatenate([[0], edges, [key.size]])).max())
    order = np.lexsort((ps, pz))
    ps_s, pz_s = ps[order], pz[order]
    # composite key: strata far apart on one line, so a sorted search respects them
    lo = min(ts.min(), ps.min())
    span = max(ts.max(), ps.max()) - lo + 1.0
    p_key = (ps_s - lo) + pz_s * 4.0 * span
    t_key = (ts - lo) + tz * 4.0 * span
    pos = np.searchsorted(p_key, t_key)
    offsets = np.arange(-(k + m), k + m)
    cand = pos[:, None] + offsets[None, :]
    valid = (cand >= 0) & (cand < ps_s.size)
    cand_c = np.clip(cand, 0, ps_s.size - 1)
    dist = np.abs(ps_s[cand_c] - ts[:, None])
    ok = valid & (pz_s[cand_c] == tz[:, None]) & (dist <= caliper)
    if grouped:
        ok &= pg[order][cand_c] != tg[:, None]
    dist = np.where(ok, dist, np.inf)
    pick = np.argsort(dist, axis=1, kind="stable")[:, :k]
    d = np.take_along_axis(dist, pick, axis=1)
    idx = order[np.take_along_axis(cand_c, pick, axis=1)]
    idx = np.where(np.isfinite(d), idx, -1)
    return idx.astype(np.int64), d


# --------------------------------------------------------------------------------------------
# propensity scores and matching
# --------------------------------------------------------------------------------------------


_BLAS_CONTROLLER: dict[int, object] = {}


def _blas_controller():
    """The process's :class:`threadpoolctl.ThreadpoolController`, made once per process:
    ``threadpool_limits`` made a new one per call, which scans the loaded libraries (reads
    ``/proc/self/maps``, about 3 ms of CPU per logit, a sixth of the propensity stage of a
    Monte Carlo replication). Keyed by process id, so a forked child makes its own."""
    import os

    from threadpoolctl import ThreadpoolController

    ctl = _BLAS_CONTROLLER.get(os.getpid())
    if ctl is None:
        ctl = _BLAS_CONTROLLER[os.getpid()] = ThreadpoolController()
    return ctl


def fit_logit(
    X: np.ndarray, y: np.ndarray, ridge: float = 1e-4, weights: np.ndarray | None = None,
    max_iter: int = 50, tol: float = 1e-10, names: Sequence[str] | None = None,
    model: str = "propensity logit", warn: bool = True, event_word: str = "treated",
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Logistic regression with intercept on standardised covariates, optionally with a tiny
    ridge, by the package's one solver (:func:`mia_helpers.core.newton_binary`).

    ``ridge`` (per unit of weight, on standardised slopes, not the intercept) keeps separated
    cells finite; at 1e-4 the fit is practically the maximum-likelihood logit; 0 gives the
    unpenalised maximum likelihood (R's ``glm``).

    Parameters
    ----------
    X : (n, p) covariates without intercept; ``y`` (n,) 0/1 (refused otherwise);
    weights : (n,) frequency weights (default 1).
    names : term names for the separation warning (default ``x0..``).
    warn : check for terms without treated / controls and for separation
        (:func:`mia_helpers.core.find_separation`) and warn naming them; warn
        (``RuntimeWarning``) when the iterations did not converge for another reason.

    Returns
    -------
    (eta, beta, (mu, sd)) : the linear predictor (log-odds) of every row, the coefficients on the
    standardised scale (intercept first) and the standardisation, so that new rows get
    ``beta[0] + ((X_new - mu) / sd) @ beta[1:]``.

    Raises
    ------
    ValueError
        If ``y`` is not 0/1, has missing values, or holds only one outcome (or no rows);
        if a column of ``X`` holds a missing or infinite value (naming it).

    Warns
    -----
    mia_helpers.core.NotIdentifiedWarning
        With ``warn``, for terms without treated or controls, or separation.
    RuntimeWarning
        With ``warn``, when the Newton iterations did not converge for another reason.

    References
    ----------
    The project's own Newton solver (:func:`mia_helpers.core.newton_binary`); with
    ``ridge = 0`` the maximum-likelihood logit of R's ``glm(family = binomial)``.
    """
    X = np.asarray(X, np.float64)
    yb = core.require_binary(y, f"{model}: outcome").astype(np.float64)
    w = np.ones(len(yb)) if weights is None else np.asarray(weights, np.float64)
    if len(yb) == 0 or yb.min() == yb.max():
        what = f"all {len(yb)} rows are {int(yb[0])}" if len(yb) else "it has no rows"
        raise ValueError(f"{model}: a logit needs both outcomes (0 and 1) among its rows; "
                         f"{what}, as on a small extract or a narrow risk set: use a larger "
                         "extract or a longer window, or pool the clock values (max_clock)")
    with np.errstate(all="ignore"):
        mu = X.mean(axis=0)
    # a missing or infinite value makes its column's mean non-finite (a finite mean clears
    # the column without another pass over X; a mean that overflowed is checked in full)
    if not np.isfinite(mu).all() and not np.isfinite(X).all():
        bad = np.flatnonzero(~np.isfinite(X).all(axis=0))
        nm = [names[j] for j in bad] if names is not None else bad.tolist()
        raise ValueError(f"{model}: missing or infinite values in covariate(s) {nm}")
    # [1, (X - mu) / sd]: the deviations in a contiguous array (operations on the strided
    # columns of Z take three times as long), divided by sd straight into Z
    D = X - mu
    # X.std(axis=0) by numpy's own steps (mean of the squared deviations, square root),
    # reusing the deviations instead of computing the mean and deviations again
    sd = np.sqrt(np.square(D).sum(axis=0) / len(D))
    sd[sd == 0] = 1.0
    Z = np.empty((len(yb), X.shape[1] + 1))
    Z[:, 0] = 1.0
    np.divide(D, sd, out=Z[:, 1:])
    del D
    pen = np.full(Z.shape[1], ridge * w.sum())
    pen[0] = 0.0
    # one BLAS thread: on small shared machines OpenBLAS threads thrash (30x slower)
    with _blas_controller().limit(limits=1, user_api="blas"):
        beta, converged = core.newton_binary(Z, w * yb, w, "logit", maxiter=max_iter, tol=tol,
                                             penalty=pen)
    eta = Z @ beta
    if warn:
        nm = list(names) if names is not None else [f"x{j}" for j in range(X.shape[1])]
        sep = core.find_separation(X, w * yb, w, nm, eta=eta, converged=converged,
                                   event_word=event_word)
        if sep:
            core.warn_not_identified(
                f"{model}: {sep}; "
                + ("the ridge keeps the scores finite" if ridge > 0 else
                   "fitted probabilities numerically 0 or 1 occurred"))
        elif not converged:
            warnings.warn(f"{model}: the Newton iterations did not converge in {max_iter} "
                          f"steps (largest relative step still above {tol:g}) and no "
                          "separation explains it; the coefficients are not the maximum of "
                          "the likelihood (raise max_iter)", RuntimeWarning, stacklevel=2)
    return eta, beta, np.vstack([mu, sd])


def fit_propensity(
    X: np.ndarray, treated: np.ndarray, risk_set: np.ndarray, *, pooled: bool = False,
    min_treated: int = 20, ridge: float = 1e-4, max_iter: int = 50,
    names: Sequence[str] | None = None, set_names: Sequence[object] | None = None,
    dummy_prefix: str = "risk_set", force_pooled: frozenset = frozenset(), warn: bool = True,
    report: dict | None = None,
) -> tuple[np.ndarray, np.ndarray]:
    """Logit propensity score of starting at ``u`` for every risk-set row: the one propensity
    path of :func:`match`, :func:`mia_helpers.dynamic.dynamic_match` and the re-estimating
    bootstrap of :func:`mia_helpers.effects.estimate_effects`.

    One logit per risk set (:func:`fit_logit`); a risk set with fewer than ``min_treated``
    treated, only treated, or listed in ``force_pooled`` (and every risk set when ``pooled``)
    takes the score of one pooled logit over all rows with risk-set dummies (a discrete-time
    hazard of starting with a free baseline).

    Parameters
    ----------
    X : numpy.ndarray
        (n, p) covariates (float32 or float64; the fits accumulate in float64).
    treated : numpy.ndarray
        (n,) 0/1 or bool, the row starts the treatment.
    risk_set : numpy.ndarray
        (n,) integer risk-set labels.
    pooled, min_treated, force_pooled : see above.
    ridge, max_iter : :func:`fit_logit` (ridge per observation on standardised slopes).
    names : term names of ``X`` (warnings); ``set_names`` (one per sorted risk-set label)
        and ``dummy_prefix`` name the risk sets in warnings and pooled dummies.
    warn : warn about terms the logits cannot identify; with ``report`` given, the per-risk-set
        findings go into ``report["separation"]`` instead (risk set -> description) and
        ``report["pooled"]`` lists the risk sets scored by the pooled logit.

    Returns
    -------
    (score, pooled_used) : numpy.ndarray
        (n,) float64 linear predictor (log-odds of starting) and (n,) bool (the row's score is
        the pooled logit's).

    Raises
    ------
    ValueError
        As :func:`fit_logit`: ``treated`` not 0/1, a missing or infinite covariate, or a
        pooled logit whose rows hold only one outcome.

    References
    ----------
    Per-duration propensity scores of Sianesi (2004); the pooled fallback with risk-set
    dummies is the project's own.
    """
    y = np.asarray(treated).astype(np.float64)
    levels = np.unique(risk_set)
    labels = list(levels) if set_names is None else list(set_names)
    nm = list(names) if names is not None else None
    score = np.full(len(y), np.nan)
    for i, r in enumerate(levels):  # a loop over the risk sets, not over persons
        m = risk_set == r
        n1 = int(y[m].sum())
        if pooled or int(r) in force_pooled or n1 < min_treated or n1 == m.sum():
            if report is not None:
                report.setdefault("pooled", []).append(int(r))
            continue
        Xm = X[m].astype(np.float64)
        eta = fit_logit(Xm, y[m], ridge=ridge, max_iter=max_iter, names=nm,
                        model=f"propensity logit at {dummy_prefix} {labels[i]}",
                        warn=warn and report is None)[0]
        score[m] = eta
        if warn and report is not None:
            sep = core.find_separation(Xm, y[m].astype(float),
                                       np.ones(int(m.sum())), nm, eta=eta,
                                       event_word="treated")
            if sep:
                report.setdefault("separation", {})[int(r)] = sep
    need = np.isnan(score)
    if need.any():
        dummies = (risk_set[:, None] == levels[None, 1:]).astype(X.dtype)
        dnames = None if nm is None else [*nm, *[f"{dummy_prefix}[{v}]" for v in labels[1:]]]
        pooled_score = fit_logit(np.hstack([X, dummies]), y, ridge=ridge, max_iter=max_iter,
                                 names=dnames, model="pooled propensity logit", warn=warn)[0]
        score = np.where(need, pooled_score, score)
    return score, need


def propensity_scores(
    rs: pd.DataFrame, X: pd.DataFrame, pooled: bool = False, C: float = 1e4,
    min_treated: int = 20, report: dict | None = None,
) -> np.ndarray:
    """Logit propensity score of starting at ``u`` for every risk-set row (:func:`fit_propensity`
    on the risk-set rows of :func:`risk_sets`).

    Parameters
    ----------
    rs : risk-set rows (:func:`risk_sets`); ``X`` their design matrix.
    pooled : one logit over all risk sets with risk-set dummies instead of one logit per ``u``.
    C : inverse ridge penalty (per observation) on the standardised slopes (:func:`fit_logit`);
        the default 1e4 is practically unpenalised but keeps separated cells finite.
    min_treated : risk sets with fewer treated (or without any control) get the pooled score.
    report : if given, filled with ``"pooled"`` (risk sets scored by the pooled logit) and
        ``"separation"`` (risk set -> description of terms without treated or controls, or
        separated) for the support table.

    Returns
    -------
    numpy.ndarray of the linear predictor (log-odds of starting), one per row.

    Raises
    ------
    ValueError
        If ``rs["treated"]`` is not 0/1 or has missing values, and as :func:`fit_propensity`.
    KeyError
        If ``rs`` lacks ``treated`` or ``risk_set``.
    """
    y = core.require_binary(rs["treated"], "risk-set column 'treated'").astype(int)
    rep = report if report is not None else {}
    rep.setdefault("pooled", [])
    rep.setdefault("separation", {})
    score, _ = fit_propensity(X.to_numpy(np.float32), y, rs["risk_set"].to_numpy(),
                              pooled=pooled, min_treated=min_treated, ridge=1.0 / C,
                              names=list(X.columns), report=rep)
    if rep["separation"] and report is None:
        core.warn_not_identified(
            "propensity logit: " + "; ".join(f"risk set {r}: {d}"
                                             for r, d in rep["separation"].items())
            + "; the ridge keeps the scores finite")
    return score


def caliper_widths(distance: np.ndarray, risk_set: np.ndarray, caliper: float | None,
                   std: bool = True) -> dict[int, float]:
    """Absolute caliper of every risk set (one rule for :func:`match`,
    :func:`mia_helpers.dynamic.dynamic_match` and the re-estimating bootstrap).

    Parameters
    ----------
    distance : numpy.ndarray
        (n,) float64 matched-on score of the risk-set rows.
    risk_set : numpy.ndarray
        (n,) integer risk-set labels.
    caliper : float or None
        In sample standard deviations of ``distance`` within the risk set (denominator
        ``n -`` :data:`CALIPER_DDOF`, as R's ``sd`` in MatchIt's ``std.caliper``), or in units of
        ``distance`` when ``std`` is False; ``None`` or ``inf``: no caliper.

    Returns
    -------
    dict
        Risk-set label (int) -> absolute caliper (float, ``inf`` for none; 0 for a risk set of
        one row with ``std``).
    """
    out = {}
    for r in np.unique(risk_set):  # a loop over the risk sets
        if caliper is None or not np.isfinite(caliper):
            out[int(r)] = np.inf
        elif not std:
            out[int(r)] = float(caliper)
        else:
            s = distance[risk_set == r]
            sd = s.std(ddof=CALIPER_DDOF) if s.size > CALIPER_DDOF else 0.0
            out[int(r)] = float(caliper * sd)
    return out


def support_counts(risk_set: np.ndarray, treated: np.ndarray, treated_pos: np.ndarray,
                   caliper_abs: dict[int, float]) -> pd.DataFrame:
    """Common support per risk set: ``risk_set``, ``n_treated``, ``n_pool``, ``n_matched``,
    ``n_dropped`` (treated without a pool member in stratum and caliper; int64) and
    ``caliper`` (absolute, float64), one row per risk-set label in sorted order.

    ``risk_set`` (n,) int labels and ``treated`` (n,) bool of the risk-set rows;
    ``treated_pos`` int positions of the matched treated rows (repeats allowed);
    ``caliper_abs`` as :func:`caliper_widths` (a ``KeyError`` when it lacks a label)."""
    levels, code = np.unique(risk_set, return_inverse=True)
    matched = np.zeros(len(risk_set), bool)
    matched[treated_pos] = True
    n_t = np.bincount(code, treated, levels.size).astype(np.int64)
    n_m = np.bincount(code, matched, levels.size).astype(np.int64)
    n = np.bincount(code, minlength=levels.size).astype(np.int64)
    return pd.DataFrame({"risk_set": levels, "n_treated": n_t, "n_pool": n - n_t,
                         "n_matched": n_m, "n_dropped": n_t - n_m,
                         "caliper": [caliper_abs[int(r)] for r in levels]})


def control_weights(pairs: pd.DataFrame, n_rows: int) -> np.ndarray:
    """(n_rows,) matching weight of every risk-set row: 1 for a matched treated row, the sum of
    its pair weights for a control, 0 otherwise (shared by :class:`MatchResult` and
    :class:`mia_helpers.dynamic.DynamicMatch`). ``pairs``: columns ``treated``, ``control``
    (int positions < ``n_rows``) and ``weight`` (:func:`pairs_frame`)."""
    w = np.bincount(pairs["control"], weights=pairs["weight"], minlength=n_rows)
    w[np.unique(pairs["treated"].to_numpy())] = 1.0
    return w


def pairs_frame(treated_pos: np.ndarray, control_pos: np.ndarray, distance: np.ndarray
                ) -> pd.DataFrame:
    """The pairs table: ``treated``, ``control`` (int64 positions), ``weight`` (1 / controls of
    the treated row), ``distance`` (absolute, float64)."""
    return pd.DataFrame({"treated": treated_pos, "control": control_pos,
                         "weight": pair_weights(treated_pos), "distance": distance})


class MatchedRows:
    """Counts and weights shared by the match results (:class:`MatchResult`,
    :class:`mia_helpers.dynamic.DynamicMatch`): both hold ``rows`` (with a bool ``treated``
    column) and ``pairs`` (``treated``, ``control`` positions, ``weight``)."""

    rows: pd.DataFrame
    pairs: pd.DataFrame

    @property
    def n_treated(self) -> int:
        """Treated rows in the risk sets."""
        return int(self.rows["treated"].sum())

    @property
    def n_matched(self) -> int:
        """Treated rows with at least one control."""
        return int(self.pairs["treated"].nunique())

    def control_weights(self) -> np.ndarray:
        """(n_rows,) float64 matching weight of every risk-set row: 1 for a matched treated row,
        the sum of its pair weights for a control, 0 otherwise."""
        return control_weights(self.pairs, len(self.rows))


@dataclass
class MatchResult(MatchedRows):
    """Everything :func:`match` produced.

    Attributes
    ----------
    spec : the treatment definition.
    rows : risk-set rows (:func:`risk_sets`) with the column ``score`` (logit propensity score).
    X : their design matrix (covariates of the balance table).
    pairs : one row per treated-control match: ``treated`` and ``control`` (positions in
        ``rows``), ``weight`` (1 / number of controls of that treated), ``distance``.
    support : per risk set: ``n_treated``, ``n_pool``, ``n_matched``, ``n_dropped`` (treated
        without a pool member in the caliper), ``caliper`` (absolute, logit units),
        ``score_model`` ("risk set" or "pooled": the risk set had fewer than ``min_treated``
        treated and took the pooled logit's score), ``not_identified`` (terms without
        treated or controls in that risk set's logit, else NaN).
    balance : :func:`smd_table` output (per risk set and ``"pooled"``). Given as None (as
        :func:`match` does), it is computed by :func:`smd_table` from ``rows``, ``X`` and
        ``pairs`` when first read and then kept (a Monte Carlo replication, which never reads
        it, saves the table: about 10 ms of its CPU); reading it, ``repr``, ``==`` and
        :func:`dataclasses.replace` give the same table as computing it at once.
    arrays : dense panel arrays (outcomes, registration) for :mod:`mia_helpers.effects`.
    k, caliper_sd : matching parameters.
    """

    spec: TreatmentSpec
    rows: pd.DataFrame
    X: pd.DataFrame
    pairs: pd.DataFrame
    support: pd.DataFrame
    balance: pd.DataFrame | None
    arrays: PanelArrays
    k: int
    caliper_sd: float
    #: the stored balance table (None until :attr:`balance` is first read, when given as None)
    _balance: pd.DataFrame | None = field(default=None, init=False, repr=False, compare=False)


def _get_balance(self: MatchResult) -> pd.DataFrame:
    if self._balance is None:
        self._balance = smd_table(self)
    return self._balance


def _set_balance(self: MatchResult, value: pd.DataFrame | None) -> None:
    self._balance = value


# after the dataclass decorator: its __init__ assigns ``self.balance`` (the setter) and its
# __repr__, __eq__ and dataclasses.replace read it (the getter)
MatchResult.balance = property(_get_balance, _set_balance,  # type: ignore[assignment]
                               doc="The balance table (:func:`smd_table`), computed on first "
                                   "read when the constructor was given None.")



def match_arrays(
    score: np.ndarray, stratum: np.ndarray, risk_set: np.ndarray, treated: np.ndarray,
    k: int, caliper_abs: dict[int, float], group: np.ndarray | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Match within every risk set (arrays in, pairs out; used by :func:`match` and the
    bootstrap). ``group`` (person ids or codes, one per row): a row is never matched to a
    row of the same person (other spells, or bootstrap clones). Returns ``(treated_pos,
    control_pos, distance)`` of all pairs (int64, int64, float64), risk set by risk set in the
    order of ``caliper_abs``. ``score`` (n,) float, ``stratum``/``risk_set`` (n,) int,
    ``treated`` (n,) bool, ``caliper_abs`` as :func:`caliper_widths`. Raises ``ValueError``
    as :func:`nearest_neighbours` (``k < 1``, a non-finite score in a risk set with treated
    and controls)."""
    t_all, c_all, d_all = [], [], []
    for r, cal in caliper_abs.items():
        m = risk_set == r
        ti = np.flatnonzero(m & treated)
        ci = np.flatnonzero(m & ~treated)
        if ti.size == 0 or ci.size == 0:
            continue
        idx, dist = nearest_neighbours(
            score[ti], stratum[ti], score[ci], stratum[ci], k, cal,
            None if group is None else group[ti], None if group is None else group[ci])
        ok = idx >= 0
        t_all.append(np.repeat(ti, ok.sum(axis=1)))
        c_all.append(ci[idx[ok]])
        d_all.append(dist[ok])
    if not t_all:
        e = np.zeros(0, np.int64)
        return e, e, np.zeros(0)
    return np.concatenate(t_all), np.concatenate(c_all), np.concatenate(d_all)


def pair_weights(treated_pos: np.ndarray) -> np.ndarray:
    """(n_pairs,) float64: 1 / (number of controls of the pair's treated unit), from the
    (n_pairs,) treated positions of the pairs."""
    _, inv, cnt = np.unique(treated_pos, return_inverse=True, return_counts=True)
    return 1.0 / cnt[inv]


def match(
    panel: pd.DataFrame | str | Path,
    spec: TreatmentSpec,
    k: int = 3,
    caliper: float = 0.2,
    pooled: bool = False,
    arrays: PanelArrays | None = None,
    rows: pd.DataFrame | None = None,
    min_treated: int = 20,
) -> MatchResult:
    """Dynamic propensity-score matching of the starters of ``spec`` to the not-yet-treated.

    Parameters
    ----------
    panel : the panel with person covariates, or a data folder (read with
        :func:`mia_helpers.panel.load_panel`).
    spec : treatment definition (:class:`TreatmentSpec`).
    k : nearest neighbours per treated, with replacement.
    caliper : maximum distance on the logit score, in standard deviations of the logit score in
        the risk set (MatchIt's ``std.caliper``; sample SD with ``ddof =``
        :data:`CALIPER_DDOF`, as MatchIt's ``sd``); ``inf`` for none; must be > 0.
    pooled : one pooled propensity logit with risk-set dummies instead of one per ``u``.
    min_treated : risk sets with fewer treated get the score of the pooled logit (reported in
        the support table's ``score_model`` column).
    arrays, rows : pre-built dense arrays and risk-set rows (to reuse across calls).

    Returns
    -------
    MatchResult
        The matched pairs, common-support counts and balance table. Where the spec sets
        ``later_start_at_risk``, its mask is stored in ``arrays.flags`` (a given ``arrays``
        gains that key; :func:`store_later_start_mask`).

    Raises
    ------
    ValueError
        If ``caliper <= 0`` or ``k < 1`` or ``min_treated < 1``.
        As :func:`risk_sets` (columns the spec needs), :func:`design_matrix` (missing
        covariate values) and :func:`fit_logit` (a logit with one outcome only).
    NoStartersError, NoMatchError
        (:class:`NotEstimableError`, a ``ValueError``) If nobody starts the treatment, or if
        no treated unit is matched within the caliper.
    mia_helpers.files.DataFileError
        When ``panel`` is a folder without a current panel (:func:`mia_helpers.panel.load_panel`).

    References
    ----------
    Sianesi (2004) for the dynamic design; nearest-neighbour matching with replacement and
    ``std.caliper`` as R's MatchIt (Ho et al. 2011).
    """
    if not caliper > 0:
        raise ValueError(f"caliper must be > 0 (in SDs of the logit score), got {caliper!r}")
    if k < 1 or min_treated < 1:
        raise ValueError(f"k and min_treated must be >= 1, got k={k}, min_treated={min_treated}")
    if isinstance(panel, (str, Path)):
        from mia_helpers.panel import load_panel

        panel = load_panel(panel)
    if arrays is None:
        arrays = panel_arrays(panel, [spec.start_col, spec.outcome_col])
    if rows is None:
        rows = risk_sets(panel, spec, arrays)
    if not rows["treated"].any():
        raise NoStartersError(spec.treatment)
    store_later_start_mask(panel, spec, arrays)
    rows = rows.reset_index(drop=True)
    X = design_matrix(rows, spec.covariates)
    report: dict = {}
    score = propensity_scores(rows, X, pooled=pooled, min_treated=min_treated, report=report)
    rows = rows.assign(score=score)
    treated = rows["treated"].to_numpy(bool)
    rset = rows["risk_set"].to_numpy()
    cal_abs = caliper_widths(score, rset, caliper)
    person = pd.factorize(rows["person_id"])[0]
    tp, cp, dist = match_arrays(score, rows["stratum"].to_numpy(), rset, treated, k, cal_abs,
                                person)
    pairs = pairs_frame(tp, cp, dist)
    sup = support_counts(rset, treated, tp, cal_abs)
    sup["score_model"] = np.where(sup["risk_set"].isin(report["pooled"]), "pooled", "risk set")
    sup["not_identified"] = pd.Series(report["separation"], dtype=object).reindex(
        sup["risk_set"]).to_numpy()
    if tp.size == 0:
        raise NoMatchError(spec.treatment, caliper)
    if report["separation"]:
        first = next(iter(report["separation"].items()))
        core.warn_not_identified(
            f"{spec.treatment!r} propensity logits: {len(report['separation'])} risk set(s) "
            f"have terms without treated or without controls (e.g. risk set {first[0]}: "
            f"{first[1].split('; ')[0]}); the ridge keeps the scores finite; every case is "
            "listed in the not_identified column of the per-risk-set support (a match "
            "result's support, an effects result's support())")
    # the balance table (smd_table) is computed when first read
    return MatchResult(spec, rows, X, pairs, sup, None, arrays, k, caliper)


# --------------------------------------------------------------------------------------------
# balance
# --------------------------------------------------------------------------------------------


def _moments(X: np.ndarray, w: np.ndarray, XX: np.ndarray | None = None
             ) -> tuple[np.ndarray, np.ndarray]:
    """Weighted mean and variance of the columns of X (BLAS products, float64 accumulation);
    ``XX`` is ``X * X`` when the caller has it."""
    sw = float(w.sum())
    if sw <= 0:
        nan = np.full(X.shape[1], np.nan)
        return nan, nan
    wx = w.astype(X.dtype)
    m = (wx @ X).astype(np.float64) / sw
    m2 = (wx @ (X * X if XX is None else XX)).astype(np.float64) / sw
    return m, np.maximum(m2 - m * m, 0.0)


def _smd(X: np.ndarray, treated: np.ndarray, w: np.ndarray):
    """SMD before (all treated vs pool) and after (weighted), with the before-matching SD."""
    ones_t = treated.astype(np.float64)
    ones_c = (~treated).astype(np.float64)
    XX = X * X  # the squares once for the four moments
    mt, vt = _moments(X, ones_t, XX)
    mc_raw, vc_raw = _moments(X, ones_c, XX)
    mt_w, _ = _moments(X, w * treated, XX)
    mc, _ = _moments(X, w * ~treated, XX)
    sd = np.sqrt((vt + vc_raw) / 2)
    sd = np.where(sd > 0, sd, np.nan)
    return (mt - mc_raw) / sd, (mt_w - mc) / sd


def smd_table(res: MatchResult) -> pd.DataFrame:
    """Standardised mean differences of every covariate before and after matching.

    SMD = (treated mean - control mean) / s, with s the pooled standard deviation of treated and
    pool *before* matching (the same s before and after, so the two are comparable; Austin 2011).
    Before: all treated vs the whole pool. After: matched treated vs their matched controls
    weighted by the matching weights. Computed per risk set and for all risk sets stacked
    (``risk_set = "pooled"``).

    Returns
    -------
    pandas.DataFrame with columns ``risk_set``, ``covariate``, ``smd_before``, ``smd_after``.
    """
    X = res.X.to_numpy(np.float32)
    treated = res.rows["treated"].to_numpy(bool)
    w = res.control_weights()
    rset = res.rows["risk_set"].to_numpy()
    before, after = _smd(X, treated, w)
    labels, bs, afs = ["pooled"], [before], [after]
    for r in np.unique(rset):
        m = rset == r
        if treated[m].sum() == 0 or (~treated[m]).sum() == 0:
            continue
        b, a = _smd(X[m], treated[m], w[m])
        labels.append(str(int(r)))
        bs.append(b)
        afs.append(a)
    # one frame (not one per risk set and a concat: most of this function's time)
    k = len(res.X.columns)
    return pd.DataFrame({
        "risk_set": np.repeat(np.array(labels, dtype=object), k),
        "covariate": np.tile(np.asarray(res.X.columns, dtype=object), len(labels)),
        "smd_before": np.concatenate(bs), "smd_after": np.concatenate(afs),
    })
