"""Statistical disclosure control of the tables and figures the book publishes.

Every published table goes through :func:`suppress`, which works on numbers: it returns a
:class:`Protected` table whose ``data`` keeps the numeric columns numeric (suppressed cells
NaN / ``<NA>``) next to a ``reason`` frame saying why each hidden cell is hidden. Markers such
as ``"<10"`` and ``"x"`` appear only when the table is rendered (:meth:`Protected.render`,
which the notebook display and :meth:`Protected.to_csv` use). Every call is written to the
run's checking record (:func:`checking_record`, :func:`write_record`; the chapter runner has it
written to ``disclosure_record.json`` in the run folder), the analogue of the ``results.json``
of the SACRO project's ``acro`` checker.

Rules (see the book page "Disclosure control" for their sources)
-----------------------------------------------------------------
``primary``
    A count of persons ``n`` with ``0 < n < min_cell`` is hidden. Zero is shown.
``derived``
    A value computed on a hidden count (share, mean, estimate) is hidden with it.
``share``
    A share is hidden when its numerator or its complement (denominator minus numerator) is
    a small count, whether or not the numerator is published.
``complement``
    Within a linear relation the reader knows (a row ``total = part_1 + ... + part_k``, or
    the rows of a group whose total is known), hidden cells must not be recoverable by
    subtraction: while fewer than two cells are hidden or the hidden cells add up to fewer than
    ``min_cell`` persons, the smallest published positive cell is hidden too (secondary
    suppression). A small *remainder* (``total - sum(parts)`` of a non-exhaustive relation,
    e.g. treated minus matched) counts as a hidden cell.
``horizon``
    Successive counts of one cohort over a horizon (treated persons at quarters 4, 5, 8...)
    may not change by fewer than ``min_cell`` persons (the difference is the number censored
    or leaving): the later count is hidden, the estimates beside it stay.
``ledger``
    A cell hidden in an earlier table of the same run (same key values, same column) is hidden
    again when another table publishes it.

Public API
----------
- :func:`suppress` - numeric suppression with all rules, returning :class:`Protected`.
- :func:`suppress_small_cells` - ``suppress(...).render()``: markers in place (display only).
- :func:`coarsen_steps` - merge the steps of a survival / cumulative-incidence curve until each
  rests on ``min_cell`` events.
- :func:`safe_crosstab` - distinct persons per cell, suppressed.
- :func:`assert_publishable`, :func:`check_no_person_ids` - last checks before showing.
- :func:`checking_record`, :func:`write_record`, :func:`reset_record` - the run's record.

References
----------
Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley. Chapter 5 (cell
suppression in frequency tables, secondary suppression).
Brandt, M. et al. (2010). *Guidelines for the checking of output based on microdata research*.
ESSnet SDC / Eurostat (rules of thumb: threshold, differencing, survival tables).
Green, E., Ritchie, F. et al. (2021). *ACRO: automatic checking of research outputs*
(SACRO project; ``acro`` results record).
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import tempfile
from collections.abc import Hashable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mia_helpers import disclosure_vocabulary as vocab

__all__ = [
    "DEFAULT_MIN_CELL",
    "DisclosureError",
    "Protected",
    "assert_publishable",
    "check_no_person_ids",
    "checking_record",
    "coarsen_steps",
    "reset_record",
    "safe_crosstab",
    "suppress",
    "suppress_small_cells",
    "write_record",
]

#: Minimum number of persons behind a published count.
DEFAULT_MIN_CELL: int = 10

#: Marker of a suppressed derived value (share, mean, rate...) or secondary suppression.
DEFAULT_VALUE_MARKER: str = "x"


class DisclosureError(ValueError):
    """A table is not safe to publish: it holds a small count or a person identifier."""


# --------------------------------------------------------------------------------------------
# the protected table
# --------------------------------------------------------------------------------------------


@dataclass
class Protected:
    """A table after disclosure control: numbers plus the reason of each hidden cell.

    Attributes
    ----------
    data : pandas.DataFrame
        The table with every hidden cell missing (NaN, or ``<NA>`` in count columns, which are
        nullable ``Int64``). Safe to compute with and to plot.
    reason : pandas.DataFrame
        Same shape, ``str``: ``""`` for a published cell, else the rule that hid it
        (``primary``, ``derived``, ``share``, ``complement``, ``horizon``, ``ledger``).
    count_cols : list
        The columns holding numbers of persons.
    min_cell : int
        Threshold used.
    name : str
        Name of the table in the checking record.
    """

    data: pd.DataFrame
    reason: pd.DataFrame
    count_cols: list = field(default_factory=list)
    min_cell: int = DEFAULT_MIN_CELL
    name: str = ""

    @property
    def mask(self) -> pd.DataFrame:
        """Boolean frame, True where a cell is hidden."""
        return self.reason.ne("")

    @property
    def columns(self) -> pd.Index:
        return self.data.columns

    def __len__(self) -> int:
        return len(self.data)

    def __getitem__(self, key: Any) -> Any:
        """Numeric columns (hidden cells missing), as ``data[key]``."""
        return self.data[key]

    def drop(self, columns: Sequence[Hashable]) -> Protected:
        """The protected table without ``columns`` (e.g. numerators used only for the rules)."""
        cols = _as_list(columns)
        return Protected(self.data.drop(columns=cols), self.reason.drop(columns=cols),
                         [c for c in self.count_cols if c not in cols], self.min_cell, self.name)

    def render(self, marker: str | None = None, value_marker: str = DEFAULT_VALUE_MARKER
               ) -> pd.DataFrame:
        """The table for display: a hidden count shows ``marker`` (``"<min_cell>"``) when it was
        hidden as a small count, ``value_marker`` otherwise; hidden values show
        ``value_marker``. Columns without hidden cells keep their dtype."""
        marker = f"<{self.min_cell}" if marker is None else marker
        out = self.data.copy()
        for pos, col in enumerate(out.columns):
            r = self.reason.iloc[:, pos].to_numpy()
            hidden = r != ""
            if not hidden.any():
                continue
            vals = self.data.iloc[:, pos].astype(object).to_numpy(copy=True)
            vals[hidden] = np.where((r[hidden] == "primary") & (col in self.count_cols), marker,
                                    value_marker)
            out[col] = pd.Series(vals, index=out.index, dtype=object)
        return out

    def _repr_html_(self) -> str:
        return self.render()._repr_html_()

    def __repr__(self) -> str:
        return repr(self.render())

    def to_csv(self, path: str | Path, **kwargs: Any) -> None:
        """Write the rendered table (markers in place) as CSV, atomically."""
        path = Path(path)
        fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        os.close(fd)
        try:
            self.render().to_csv(tmp, **kwargs)
            os.replace(tmp, path)
        finally:
            if os.path.exists(tmp):
                os.unlink(tmp)


# --------------------------------------------------------------------------------------------
# checking record (one per process: a notebook kernel is one run)
# --------------------------------------------------------------------------------------------

_RECORD: list[dict[str, Any]] = []
#: environment variable naming the file to which every call of :func:`suppress` writes the
#: record (set by the chapter runner for the notebook kernel: ``disclosure_record.json``)
RECORD_ENV = "MIA_DISCLOSURE_RECORD"
_LEDGER: dict[tuple, str] = {}


def reset_record() -> None:
    """Forget the checking record and the ledger of hidden cells (a new run)."""
    _RECORD.clear()
    _LEDGER.clear()


def checking_record() -> pd.DataFrame:
    """One row per table protected in this run: output, rows, columns, min_cell, cells hidden
    by each rule, status (``pass``: every rule applied, nothing left to review)."""
    cols = ["output", "timestamp", "rows", "columns", "min_cell", "count_cols", "hidden",
            "primary", "derived", "share", "complement", "horizon", "ledger", "status"]
    return pd.DataFrame(_RECORD, columns=cols)


def write_record(path: str | Path) -> Path:
    """Write the checking record as JSON (``{"output_0": {...}, ...}``, the layout of acro's
    ``results.json``), atomically. Returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rec = {f"output_{i}": {**r, "type": "table", "properties": {"method": "suppress"},
                           "summary": f"{r['status']}; hidden cells: {r['hidden']}"}
           for i, r in enumerate(_RECORD)}
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"version": "mia_helpers.disclosure 1", "results": rec}, fh, indent=1,
                  default=str)
    os.replace(tmp, path)
    return path


# --------------------------------------------------------------------------------------------
# helpers
# --------------------------------------------------------------------------------------------


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
    cols = [c for c in table.columns if vocab.is_count_name(c)]
    if not cols:
        raise ValueError(
            "no count columns given and none recognised by name "
            f"(n, count, persons, n_*, *_n, *_count) among {list(table.columns)!r}; "
            "pass count_cols explicitly"
        )
    return cols


def _numeric_counts(table: pd.DataFrame, col: Hashable, *, strict: bool) -> np.ndarray:
    """Counts of column ``col`` as float64 (with ``strict=False`` markers become NaN)."""
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


def _protect_group(vals: np.ndarray, hidden: np.ndarray, extra: float, min_cell: int
                   ) -> np.ndarray:
    """Cells to hide in addition, so that the hidden cells of one relation (plus a hidden
    remainder ``extra``) number at least two and add up to at least ``min_cell``."""
    add = np.zeros(len(vals), bool)
    n_hidden = int(hidden.sum()) + (extra > 0)
    if n_hidden == 0:
        return add
    total = float(np.nansum(vals[hidden])) + extra
    order = np.argsort(np.where(np.isnan(vals), np.inf, vals), kind="stable")
    for i in order:  # a handful of cells of one aggregate row or group
        if n_hidden >= 2 and total >= min_cell:
            break
        if hidden[i] or add[i] or not vals[i] > 0:
            continue
        add[i] = True
        n_hidden += 1
        total += vals[i]
    return add


# --------------------------------------------------------------------------------------------
# suppression
# --------------------------------------------------------------------------------------------


def suppress(
    table: pd.DataFrame,
    count_cols: Sequence[Hashable] | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
    value_cols: Mapping[Hashable, Hashable | Sequence[Hashable]] | Sequence[Hashable] | None = None,
    *,
    shares: Mapping[Hashable, tuple[Hashable, Hashable]] | None = None,
    relations: Sequence[tuple[Hashable, Sequence[Hashable], bool]] | None = None,
    groups: Mapping[Hashable, Sequence[Hashable]] | None = None,
    sequence: tuple[Hashable, Sequence[Hashable]] | None = None,
    keys: Sequence[Hashable] | None = None,
    name: str = "",
) -> Protected:
    """Disclosure control of one table: primary and secondary suppression on numbers.

    Parameters
    ----------
    table : pandas.DataFrame
        Aggregates, one row per cell or group (not modified). Must not hold a person id.
    count_cols : list of labels, optional
        Columns holding numbers of distinct persons. Default: columns named as counts
        (:mod:`mia_helpers.disclosure_vocabulary`); ``ValueError`` if there is none.
    min_cell : int, default 10
        Minimum number of persons behind a published count (``0 < n < min_cell`` is small).
    value_cols : mapping or list of labels, optional
        Values computed on counts (shares, means, estimates). A mapping ``{value: count}``
        (or ``{value: [counts]}``) hides ``value`` where one of its counts is hidden; a list
        follows every count column. Values do not follow the ``horizon`` rule (an estimate
        on ``min_cell`` or more persons stays).
    shares : mapping ``{share_col: (numerator_col, denominator_col)}``, optional
        Numerator and denominator counts of a share (they need not be published); the
        share is hidden when the numerator or the complement is small.
    relations : list of ``(total_col, [part_cols], exhaustive)``, optional
        Row-wise identities the reader knows: ``total = sum(parts)`` when ``exhaustive``, else
        ``total = sum(parts) + remainder`` with the remainder unpublished (e.g.
        ``("n_treated", ["n_matched"], False)``: the dropped are treated minus matched).
    groups : mapping ``{count_col: [key cols]}``, optional
        Column-wise identities: the rows sharing the key values add up to a total the reader
        knows (a published total, or shares of the group).
    sequence : ``(order_col, [key cols])``, optional
        Rows are successive horizons of one cohort per key: counts may not change by fewer
        than ``min_cell`` between published horizons.
    keys : list of labels, optional
        Columns that identify a cell across the tables of a run (with the named index
        levels): a count hidden in an earlier table with the same key values and column name
        is hidden here too (``ledger`` rule), and this table's hidden counts are remembered.
        Default None: the table does not take part in the ledger.
    name : str
        Name of the table in the checking record.

    Returns
    -------
    Protected
        ``data`` (count columns nullable ``Int64``, hidden cells missing), ``reason``.

    Raises
    ------
    ValueError
        Bad ``min_cell``, missing column, negative or non-numeric counts.
    DisclosureError
        The table carries a person identifier.

    Notes
    -----
    The complement rule is the classic "hidden cells of a marginal must add up to more than
    the threshold and be at least two" heuristic (Hundepool et al. 2012, section 5.2); it
    hides the smallest published cells first, which keeps information loss low but is not an
    optimal (linear-programming) secondary suppression.
    """
    if isinstance(table, Protected):
        raise TypeError("table is already protected; pass table.data and the same rules")
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    _check_min_cell(min_cell)
    check_no_person_ids(table)
    counts = _infer_count_cols(table) if count_cols is None else _as_list(count_cols)
    if isinstance(value_cols, Mapping):
        value_map = {v: _as_list(c) for v, c in value_cols.items()}
    else:
        value_map = {v: list(counts) for v in _as_list(value_cols)}
    shares = dict(shares or {})
    relations = [(t, _as_list(p), bool(e)) for t, p, e in (relations or [])]
    groups = {c: _as_list(k) for c, k in (groups or {}).items()}
    needed = set(counts) | set(value_map) | {c for cs in value_map.values() for c in cs}
    needed |= set(shares) | {c for nd in shares.values() for c in nd}
    needed |= {c for t, p, _ in relations for c in [t, *p]} | set(groups)
    needed |= {c for ks in groups.values() for c in ks}
    if sequence is not None:
        needed |= {sequence[0], *_as_list(sequence[1])}
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(f"columns not in table {name or ''}: {missing!r}")
    overlap = set(counts) & (set(value_map) | set(shares))
    if overlap:
        raise ValueError(f"columns given both as counts and as values: {sorted(overlap)!r}")

    n = len(table)
    num = {c: _numeric_counts(table, c, strict=True) for c in
           set(counts) | {c for nd in shares.values() for c in nd}}
    reason = {c: np.full(n, "", dtype=object) for c in table.columns}
    for c in counts:
        reason[c][_small(num[c], min_cell)] = "primary"
    for s, (a, b) in shares.items():
        bad = _small(num[a], min_cell) | _small(num[b] - num[a], min_cell)
        reason[s][bad & (reason[s] == "")] = "share"

    # ledger: a cell hidden in an earlier table stays hidden
    key_cols = list(keys) if keys is not None else []
    key_frame = table[key_cols].astype(str) if key_cols else pd.DataFrame(index=table.index)
    idx_names = [nm for nm in table.index.names if nm is not None] if keys is not None else []
    row_keys = []
    for i in range(n):
        kv = tuple((str(k), key_frame.iat[i, j]) for j, k in enumerate(key_cols))
        kv += (("min_cell", str(min_cell)),)
        if idx_names:
            iv = table.index[i] if len(idx_names) > 1 else (table.index[i],)
            kv += tuple((str(nm), str(v)) for nm, v in zip(idx_names, iv, strict=False))
        row_keys.append(frozenset(kv))
    if key_cols or idx_names:
        for c in counts:
            for i in range(n):  # rows of an aggregate table
                if reason[c][i] == "" and _LEDGER.get((row_keys[i], str(c))) and num[c][i] > 0:
                    reason[c][i] = "ledger"

    for _ in range(10):  # secondary suppression until stable
        changed = False
        for total, parts, exhaustive in relations:
            tot = num[total] if total in num else _numeric_counts(table, total, strict=True)
            vals = np.column_stack([num[p] if p in num else _numeric_counts(table, p, strict=True)
                                    for p in parts])
            hid = np.column_stack([reason[p] != "" for p in parts])
            rem = tot - np.nansum(vals, axis=1) if not exhaustive else np.zeros(n)
            for i in np.flatnonzero(reason[total] == ""):
                extra = rem[i] if _small(np.array([rem[i]]), min_cell)[0] else 0.0
                add = _protect_group(vals[i], hid[i], extra, min_cell)
                for j in np.flatnonzero(add):
                    reason[parts[j]][i] = "complement"
                    changed = True
        for c, ks in groups.items():
            gid = table.groupby(ks, sort=False, observed=True, dropna=False).ngroup().to_numpy() \
                if ks else np.zeros(n, int)
            vals = num[c] if c in num else _numeric_counts(table, c, strict=True)
            for g in np.unique(gid):  # groups of an aggregate table
                rows = np.flatnonzero(gid == g)
                add = _protect_group(vals[rows], reason[c][rows] != "", 0.0, min_cell)
                for i in rows[add]:
                    reason[c][i] = "complement"
                    changed = True
        if not changed:
            break

    if sequence is not None:
        order_col, ks = sequence[0], _as_list(sequence[1])
        srt = table.reset_index(drop=True).sort_values([*ks, order_col], kind="stable")
        gid = srt.groupby(ks, sort=False, observed=True).ngroup().to_numpy() if ks \
            else np.zeros(n, int)
        pos = srt.index.to_numpy()
        for c in counts:
            last, last_g = np.nan, None
            for g, i in zip(gid, pos, strict=True):  # rows of an aggregate table
                if g != last_g:
                    last, last_g = np.nan, g
                if reason[c][i] != "":
                    continue
                if not np.isnan(last) and _small(np.array([abs(last - num[c][i])]), min_cell)[0]:
                    reason[c][i] = "horizon"
                else:
                    last = num[c][i]

    for v, cs in value_map.items():
        follow = np.logical_or.reduce([np.isin(reason[c], ["primary", "complement", "ledger",
                                                           "derived"]) for c in cs]) \
            if cs else np.zeros(n, bool)
        reason[v][follow & (reason[v] == "")] = "derived"

    data = table.copy()
    for c in table.columns:
        hidden = reason[c] != ""
        if c in counts:
            data[c] = pd.array(np.where(hidden, np.nan, num[c]), dtype="Float64").round(0) \
                .astype("Int64")
        elif hidden.any():
            col = table[c]
            if pd.api.types.is_numeric_dtype(col.dtype) or isinstance(col.dtype, pd.StringDtype):
                data[c] = col.where(~hidden)
            else:
                data[c] = col.astype(object).where(~hidden, None)
    reason_df = pd.DataFrame(reason, index=table.index, columns=table.columns)
    if key_cols or idx_names:
        for c in counts:
            for i in np.flatnonzero(reason[c] != ""):
                _LEDGER[(row_keys[i], str(c))] = reason[c][i]
    rule_counts = {r: int((reason_df == r).to_numpy().sum()) for r in
                   ("primary", "derived", "share", "complement", "horizon", "ledger")}
    _RECORD.append({"output": name or f"table_{len(_RECORD)}",
                    "timestamp": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
                    "rows": n, "columns": len(table.columns), "min_cell": int(min_cell),
                    "count_cols": [str(c) for c in counts],
                    "hidden": int(sum(rule_counts.values())), **rule_counts, "status": "pass"})
    if os.environ.get(RECORD_ENV):  # the chapter runner asks for the run's record
        write_record(os.environ[RECORD_ENV])
    return Protected(data, reason_df, list(counts), int(min_cell), name)


def suppress_small_cells(
    table: pd.DataFrame,
    count_cols: Sequence[Hashable] | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
    value_cols: Mapping[Hashable, Hashable] | Sequence[Hashable] | None = None,
    marker: str | None = None,
    value_marker: str = DEFAULT_VALUE_MARKER,
    **rules: Any,
) -> pd.DataFrame:
    """The rendered table of :func:`suppress` (markers in place): for display only.

    Parameters are those of :func:`suppress` (``rules`` passes ``shares``, ``relations``,
    ``groups``, ``sequence``, ``keys``, ``name``); ``marker`` (default ``f"<{min_cell}"``)
    replaces a small count, ``value_marker`` every other hidden cell.

    Returns
    -------
    pandas.DataFrame
        Same index and columns; columns with a hidden cell hold ``object`` values.

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
    p = suppress(table, count_cols, min_cell, value_cols, **rules)
    out = p.render(marker, value_marker)
    for c in p.count_cols:  # untouched count columns keep the caller's dtype
        if not p.mask[c].any():
            out[c] = table[c]
    return out


def coarsen_steps(
    curve: pd.DataFrame,
    time: Hashable,
    value: Sequence[Hashable] | Hashable,
    events: Hashable,
    at_risk: Hashable | None = None,
    by: Sequence[Hashable] | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
    start: float | None = None,
) -> pd.DataFrame:
    """Coarsen step curves (Kaplan-Meier, cumulative incidence) so that every published step
    rests on at least ``min_cell`` events and every point on ``min_cell`` persons at risk.

    Parameters
    ----------
    curve : DataFrame, one row per group and time, sorted or not.
    time : column of the time axis (e.g. quarters ``u``).
    value : column(s) of the curve (cumulative incidence, survival); NaN where hidden.
    events : column of the number of persons with the event at that time.
    at_risk : column of persons at risk; points with fewer than ``min_cell`` at risk are
        dropped (the curve stops).
    by : group columns (one curve per group).
    min_cell : threshold.
    start : level of the curve before the first event (0 for a cumulative incidence, 1 for a
        survival curve); None: unknown, points before ``min_cell`` events are NaN.

    Returns
    -------
    DataFrame
        ``curve`` without the count columns (``events``, ``at_risk``): within a group the
        curve keeps its last published level until at least ``min_cell`` events have
        accumulated since the last published step, then jumps to the current value (the
        step is merged with the ones before it). A curve therefore never shows a step taken
        by fewer than ``min_cell`` persons.

    Notes
    -----
    Brandt et al. (2010), section on survival tables: each step of a Kaplan-Meier curve is a
    frequency; merge time intervals until each holds at least the threshold.
    """
    _check_min_cell(min_cell)
    values = _as_list(value)
    by = _as_list(by)
    d = curve.sort_values([*by, time], kind="stable").reset_index(drop=True)
    if at_risk is not None:
        d = d[d[at_risk].to_numpy() >= min_cell].reset_index(drop=True)
    ev = d[events].to_numpy(dtype=float)
    gid = d.groupby(by, sort=False, observed=True).ngroup().to_numpy() if by \
        else np.zeros(len(d), int)
    out_vals = {v: d[v].to_numpy(dtype=float).copy() for v in values}
    acc, shown = 0.0, {}
    for i in range(len(d)):  # time points of a few curves (aggregates, not persons)
        if i == 0 or gid[i] != gid[i - 1]:
            acc = 0.0
            shown = {v: (np.nan if start is None else float(start)) for v in values}
        acc += ev[i]
        if acc == 0 and any(np.isnan(x) for x in shown.values()):
            shown = {v: out_vals[v][i] for v in values}  # the level before any event
        elif acc >= min_cell:
            shown = {v: out_vals[v][i] for v in values}
            acc = 0.0
        for v in values:
            out_vals[v][i] = shown[v]
    for v in values:
        d[v] = out_vals[v]
    drop = [c for c in (events, at_risk) if c is not None]
    return d.drop(columns=drop)


def safe_crosstab(
    df: pd.DataFrame,
    index: Hashable | Sequence[Hashable],
    columns: Hashable | Sequence[Hashable],
    min_cell: int = DEFAULT_MIN_CELL,
    person_col: Hashable = "person_id",
    marker: str | None = None,
) -> pd.DataFrame:
    """Cross-tabulate distinct persons and suppress small cells (rendered, markers in place).

    Parameters
    ----------
    df : pandas.DataFrame
        Person-level (or person-period) data; it never leaves this function.
    index, columns : column label or list of labels
        Grouping variables of the rows and of the columns of the table.
    min_cell : int, default 10
        Minimum number of persons behind a published cell.
    person_col : column label, default "person_id"
        Person identifier; each cell counts *distinct* persons.
    marker : str, optional
        Replacement of a suppressed count; default ``f"<{min_cell}"``.

    Returns
    -------
    pandas.DataFrame
        Rows indexed by ``index``, one column per combination of ``columns``; cell = number
        of distinct persons, ``0`` for combinations nobody has, ``marker`` for small cells.
        Missing grouping values form their own row or column, so nobody disappears uncounted.
        No margins are published, so no complementary suppression is needed.

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
    return suppress_small_cells(counts, count_cols=list(counts.columns), min_cell=min_cell,
                                marker=marker, name="crosstab")


def check_no_person_ids(table: pd.DataFrame | Protected) -> None:
    """Raise if ``table`` carries a person identifier in a column or index level.

    Raises
    ------
    DisclosureError
        Naming the offending column or index level (names of
        :data:`mia_helpers.disclosure_vocabulary.ID_NAME`).
    """
    if isinstance(table, Protected):
        table = table.data
    names: list[tuple[str, Hashable]] = []
    for label in table.columns:
        names += [("column", p) for p in vocab.labels(label)]
    names += [("index level", n) for n in table.index.names if n is not None]
    names += [("column level", n) for n in table.columns.names if n is not None]
    bad = [(kind, n) for kind, n in names if isinstance(n, str) and vocab.ID_NAME.match(n)]
    if bad:
        described = ", ".join(f"{kind} {n!r}" for kind, n in bad)
        raise DisclosureError(
            f"table holds a person identifier ({described}); person-level rows must "
            "never be published: aggregate first"
        )


def assert_publishable(
    table: pd.DataFrame | Protected,
    count_cols: Sequence[Hashable] | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
) -> None:
    """Raise unless ``table`` is safe to publish: no identifier, no count in
    ``(0, min_cell)`` (markers and missing values pass).

    Raises
    ------
    DisclosureError
        Naming the first offending column and (up to five of) its rows.
    """
    _check_min_cell(min_cell)
    if isinstance(table, Protected):
        count_cols = table.count_cols if count_cols is None else count_cols
        table = table.data
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
                "pass the table through suppress first"
            )
