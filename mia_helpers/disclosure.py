"""Statistical disclosure control of the tables and figures the book publishes.

Implements primary cell suppression (DESIGN section 6): every count of persons below a
minimum cell size (default 10) is replaced by a marker such as ``"<10"``, and every value
computed on such a cell (a share, a mean, a rate) is suppressed with it. No person-level
row may be published: :func:`check_no_person_ids` refuses tables that carry a person
identifier, and :func:`assert_publishable` is the last check before a table is shown.

Public API
----------
- :func:`suppress_small_cells` - copy of a table with small counts and their derived
  values replaced by markers.
- :func:`safe_crosstab` - distinct persons per cell of a cross-tabulation, suppressed.
- :func:`assert_publishable` - raise :class:`DisclosureError` if a table is not safe.
- :func:`check_no_person_ids` - raise :class:`DisclosureError` on identifier columns.

Conventions
-----------
- A count ``n`` is *small* when ``0 < n < min_cell``. Zero is shown: an empty cell says
  that nobody has the combination, which discloses nothing about any person, and hiding
  zeros would make structurally empty cells look confidential.
- Suppressed counts show ``f"<{min_cell}"``; suppressed derived values show ``"x"``
  (both configurable). Columns holding a marker become ``object`` dtype.
- Missing counts (NaN) are left as they are: they are not a count of persons.

References
----------
Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley. Chapter 5 (cell
suppression in frequency tables).
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Mapping, Sequence

import numpy as np
import pandas as pd

__all__ = [
    "DEFAULT_MIN_CELL",
    "DisclosureError",
    "assert_publishable",
    "check_no_person_ids",
    "safe_crosstab",
    "suppress_small_cells",
]

#: Minimum number of persons behind a published count (DESIGN section 6).
DEFAULT_MIN_CELL: int = 10

#: Marker of a suppressed derived value (share, mean, rate...).
DEFAULT_VALUE_MARKER: str = "x"

# Column names taken to be counts of persons when ``count_cols`` is not given.
_COUNT_NAME = re.compile(
    r"^(n|count|persons|n_.+|.+_n|.+_count|count_.+|n_persons|persons_.+)$", re.IGNORECASE
)

# Column (or index level) names taken to be person identifiers.
_ID_NAME = re.compile(
    r"^(id|.*person_?id|persoon_?id|pid|individual_?id|pseudo_?id|client_?id|"
    r"rrn|insz|ssin|rijksregisternummer|national_?number)$",
    re.IGNORECASE,
)


class DisclosureError(ValueError):
    """A table is not safe to publish: it holds a small count or a person identifier."""


def _as_list(cols: Hashable | Sequence[Hashable] | None) -> list[Hashable]:
    if cols is None:
        return []
    if isinstance(cols, str) or not isinstance(cols, Sequence):
        return [cols]
    return list(cols)


def _check_min_cell(min_cell: int) -> None:
    if isinstance(min_cell, bool) or not isinstance(min_cell, int | np.integer) or min_cell < 1:
        raise ValueError(f"min_cell must be a positive integer, got {min_cell!r}")


def _infer_count_cols(table: pd.DataFrame) -> list[Hashable]:
    cols = [c for c in table.columns if isinstance(c, str) and _COUNT_NAME.match(c)]
    if not cols:
        raise ValueError(
            "no count columns given and none recognised by name "
            f"(n, count, persons, n_*, *_n, *_count) among {list(table.columns)!r}; "
            "pass count_cols explicitly"
        )
    return cols


def _numeric_counts(table: pd.DataFrame, col: Hashable, *, strict: bool) -> np.ndarray:
    """Counts of column ``col`` as float64 (markers and other text become NaN).

    With ``strict=True`` a non-numeric entry is an error (input of suppression); with
    ``strict=False`` it is ignored (a marker left by an earlier suppression).
    """
    raw = table[col]
    if pd.api.types.is_bool_dtype(raw.dtype):
        raise ValueError(f"count column {col!r} is boolean, not a count of persons")
    values = pd.to_numeric(raw, errors="coerce").to_numpy(dtype="float64", na_value=np.nan)
    if strict:
        bad = np.isnan(values) & raw.notna().to_numpy()
        if bad.any():
            example = raw[bad].iloc[0]
            raise ValueError(
                f"count column {col!r} holds non-numeric entries, e.g. {example!r}; "
                "was it suppressed already?"
            )
        if (values < 0).any():
            rows = list(table.index[values < 0][:5])
            raise ValueError(f"count column {col!r} holds negative counts at rows {rows!r}")
    return values


def _small(values: np.ndarray, min_cell: int) -> np.ndarray:
    """Boolean mask of small counts, ``0 < n < min_cell`` (NaN is not small)."""
    with np.errstate(invalid="ignore"):
        return (values > 0) & (values < min_cell)


def _mask_column(series: pd.Series, mask: np.ndarray, marker: str) -> pd.Series:
    if not mask.any():
        return series.copy()
    out = series.to_numpy(dtype=object, copy=True)
    out[mask] = marker
    return pd.Series(out, index=series.index, name=series.name, dtype=object)


def suppress_small_cells(
    table: pd.DataFrame,
    count_cols: Sequence[Hashable] | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
    value_cols: Mapping[Hashable, Hashable] | Sequence[Hashable] | None = None,
    marker: str | None = None,
    value_marker: str = DEFAULT_VALUE_MARKER,
) -> pd.DataFrame:
    """Return a copy of ``table`` that is safe to publish: small counts suppressed.

    Parameters
    ----------
    table : pandas.DataFrame
        A table of aggregates, one row per cell or group. It is not modified.
    count_cols : list of column labels, optional
        Columns holding numbers of persons. Default: the columns whose name looks like a
        count (``n``, ``count``, ``persons``, ``n_*``, ``*_n``, ``*_count``); a
        ``ValueError`` is raised if there is none.
    min_cell : int, default 10
        Minimum number of persons behind a published count. A count ``n`` with
        ``0 < n < min_cell`` is suppressed; zero is kept (see Notes).
    value_cols : mapping or list of column labels, optional
        Columns computed on the counts (shares, means, rates...). A mapping
        ``{value_col: count_col}`` suppresses ``value_col`` in the rows where
        ``count_col`` is small; a list suppresses each listed column in every row where
        *any* count column is small.
    marker : str, optional
        Replacement of a suppressed count; default ``f"<{min_cell}"``.
    value_marker : str, default "x"
        Replacement of a suppressed derived value.

    Returns
    -------
    pandas.DataFrame
        A copy with the same index and columns. Columns where something was suppressed
        hold ``object`` values (numbers and markers); other columns keep their dtype.

    Raises
    ------
    ValueError
        If ``min_cell`` is not a positive integer, a column is missing, or a count column
        holds negative or non-numeric entries.
    DisclosureError
        If the table carries a person identifier (see :func:`check_no_person_ids`).

    Notes
    -----
    Zero counts are published: "nobody in this cell" reveals nothing about a person.
    This is *primary* suppression only. If the table also publishes totals from which a
    single suppressed cell can be recovered by subtraction, suppress a second cell or drop
    the total (complementary suppression is not automated here).

    Examples
    --------
    >>> t = pd.DataFrame({"origin": ["a", "b", "c"], "n": [120, 4, 0],
    ...                   "share_employed": [0.5, 0.25, np.nan]})
    >>> suppress_small_cells(t, value_cols={"share_employed": "n"})
      origin    n share_employed
    0      a  120            0.5
    1      b  <10              x
    2      c    0            NaN
    """
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    _check_min_cell(min_cell)
    check_no_person_ids(table)
    counts = _infer_count_cols(table) if count_cols is None else _as_list(count_cols)
    if isinstance(value_cols, Mapping):
        value_map: dict[Hashable, list[Hashable]] = {v: [c] for v, c in value_cols.items()}
    else:
        value_map = {v: list(counts) for v in _as_list(value_cols)}
    needed = set(counts) | set(value_map) | {c for cs in value_map.values() for c in cs}
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(f"columns not in table: {missing!r}")
    overlap = set(counts) & set(value_map)
    if overlap:
        raise ValueError(f"columns given both as counts and as values: {sorted(overlap)!r}")

    marker = f"<{min_cell}" if marker is None else marker
    small = {c: _small(_numeric_counts(table, c, strict=True), min_cell) for c in counts}

    out = table.copy()
    for c in counts:
        out[c] = _mask_column(table[c], small[c], marker)
    for v, cs in value_map.items():
        mask = np.logical_or.reduce([small[c] for c in cs]) if cs else np.zeros(len(table), bool)
        out[v] = _mask_column(table[v], mask, value_marker)
    return out


def safe_crosstab(
    df: pd.DataFrame,
    index: Hashable | Sequence[Hashable],
    columns: Hashable | Sequence[Hashable],
    min_cell: int = DEFAULT_MIN_CELL,
    person_col: Hashable = "person_id",
    marker: str | None = None,
) -> pd.DataFrame:
    """Cross-tabulate distinct persons and suppress small cells.

    Parameters
    ----------
    df : pandas.DataFrame
        Person-level (or person-period) data; it never leaves this function.
    index, columns : column label or list of labels
        Grouping variables of the rows and of the columns of the table.
    min_cell : int, default 10
        Minimum number of persons behind a published cell (see
        :func:`suppress_small_cells`).
    person_col : column label, default "person_id"
        Person identifier; each cell counts *distinct* persons, so a person observed in
        many quarters of a cell counts once.
    marker : str, optional
        Replacement of a suppressed count; default ``f"<{min_cell}"``.

    Returns
    -------
    pandas.DataFrame
        Rows indexed by ``index``, one column per combination of ``columns``; cell =
        number of distinct persons, ``0`` for combinations nobody has (among the observed
        levels), ``marker`` for ``0 < n < min_cell``. Missing grouping values form their
        own row or column (NaN), so that nobody disappears uncounted.

    Raises
    ------
    ValueError
        If a column is missing or ``min_cell`` is not a positive integer.
    """
    _check_min_cell(min_cell)
    rows, cols = _as_list(index), _as_list(columns)
    if not rows or not cols:
        raise ValueError("safe_crosstab needs at least one index and one columns variable")
    missing = [c for c in [*rows, *cols, person_col] if c not in df.columns]
    if missing:
        raise ValueError(f"columns not in data: {missing!r}")
    if person_col in rows or person_col in cols:
        raise DisclosureError(f"cannot tabulate by the person identifier {person_col!r}")
    counts = (
        df.groupby([*rows, *cols], observed=True, dropna=False, sort=True)[person_col]
        .nunique()
        .unstack(cols, fill_value=0)
        .astype("int64")
    )
    return suppress_small_cells(
        counts, count_cols=list(counts.columns), min_cell=min_cell, marker=marker
    )


def check_no_person_ids(table: pd.DataFrame) -> None:
    """Raise if ``table`` carries a person identifier in a column or index level.

    Parameters
    ----------
    table : pandas.DataFrame
        Table about to be published.

    Raises
    ------
    DisclosureError
        Naming the offending column or index level. Recognised names (case-insensitive):
        ``id``, ``person_id`` and anything ending in ``personid``/``person_id``,
        ``persoon_id``, ``pid``, ``individual_id``, ``pseudo_id``, ``client_id``,
        ``rrn``, ``insz``, ``ssin``, ``rijksregisternummer``, ``national_number``.
    """
    names: list[tuple[str, Hashable]] = []
    for label in table.columns:
        parts = label if isinstance(label, tuple) else (label,)
        names += [("column", p) for p in parts]
    names += [("index level", n) for n in table.index.names if n is not None]
    names += [("column level", n) for n in table.columns.names if n is not None]
    bad = [(kind, n) for kind, n in names if isinstance(n, str) and _ID_NAME.match(n)]
    if bad:
        described = ", ".join(f"{kind} {n!r}" for kind, n in bad)
        raise DisclosureError(
            f"table holds a person identifier ({described}); person-level rows must "
            "never be published: aggregate first"
        )


def assert_publishable(
    table: pd.DataFrame,
    count_cols: Sequence[Hashable] | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
) -> None:
    """Raise unless ``table`` is safe to publish.

    Checks that no column or index level is a person identifier and that no count column
    holds a number in ``(0, min_cell)``. Markers left by :func:`suppress_small_cells` (any
    non-numeric entry) are accepted.

    Parameters
    ----------
    table : pandas.DataFrame
        Table about to be shown or written.
    count_cols : list of column labels, optional
        Count columns to check; default as in :func:`suppress_small_cells`.
    min_cell : int, default 10
        Minimum number of persons behind a published count.

    Raises
    ------
    DisclosureError
        Naming the first offending column and (up to five of) its rows.
    """
    _check_min_cell(min_cell)
    check_no_person_ids(table)
    counts = _infer_count_cols(table) if count_cols is None else _as_list(count_cols)
    missing = [c for c in counts if c not in table.columns]
    if missing:
        raise ValueError(f"columns not in table: {missing!r}")
    for c in counts:
        small = _small(_numeric_counts(table, c, strict=False), min_cell)
        if small.any():
            rows = list(table.index[small][:5])
            raise DisclosureError(
                f"column {c!r} holds {int(small.sum())} count(s) below min_cell={min_cell} "
                f"(rows {rows!r}{', ...' if small.sum() > 5 else ''}); "
                "pass the table through suppress_small_cells first"
            )
