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
    e.g. treated minus matched) counts as a hidden cell. Then an exact audit: the reader's
    feasible interval of every hidden small count and small remainder, given all published
    cells and declared relations (a ``<10`` cell lies in ``[1, 9]``, an ``x`` count is at
    least 10), is computed by linear programming, and further cells are hidden until each
    still spans ``[1, min_cell - 1]`` (:func:`feasible_intervals`).
``split`` (secondary suppression, recorded as ``complement``)
    A count that another table of the same run publishes split in two parts (chapter 2's
    persons of a cell, published pooled and by sex) is hidden where
    ``min_cell < n < 2 min_cell - 1``: the split table shows at least one part as small
    (both parts can be ``min_cell`` or more only when ``n >= 2 min_cell``), and with ``n``
    published the parts' markers bound it: two ``<m`` parts of ``n`` each lie in
    ``[n - m + 1, m - 1]``, and a ``<m`` part beside an ``x`` part (at least ``m``) in
    ``[1, n - m]``, both narrower than ``[1, m - 1]`` exactly when ``m < n < 2m - 1``. Hidden
    (an ``x``, at least ``m``), ``n`` leaves each part its whole interval. The rule needs only
    ``n``, so every table that publishes the count hides the same cells. The count's published
    parts in the table's relations (events of those persons) are hidden with it where together
    above ``min_cell``: ``n`` at least their sum would narrow the split parts again.
``horizon``
    Successive counts of one cohort over a horizon (treated persons at quarters 4, 5, 8...)
    may not change by fewer than ``min_cell`` persons (the difference is the number censored
    or leaving): the later count is hidden, the estimates beside it stay. In a table that also
    has groups whose total the reader knows (``groups``), a group shows its counts all or not
    at all: the sum of a group's hidden cells is its total minus its published cells, a
    derived count whose change along the sequence would otherwise be published unchecked
    (a hidden zero reads ``x``).
``ledger``
    A cell hidden in an earlier table of the same run (same key values, same column) is hidden
    again when another table publishes it. Tables that name the same counts or keys otherwise
    say so (``ledger_as``, ``key_names``; chapter 2's pooled tables,
    :func:`mia_helpers.hazard.pooled_cell_rules`), so that they cannot choose different
    complementary cells, which a reader of both would difference. The ledger only adds
    hidden cells: whatever it hid, every value the table's own rules hide alone is hidden
    too (:func:`suppress` runs the table again without the ledger where the ledger hid one
    of its counts; led46).
``nk-rule``, ``p-ratio``
    acro's dominance rules for magnitudes (sums, means): hidden when the ``nk_n`` (2) largest
    contributors hold more than ``nk_k`` (0.9) of the cell total, or when
    ``(total - top1 - top2) / top1 < pratio_p`` (0.1); contributions from
    :func:`contributions`.
``dof``
    acro's rule for regressions: the estimates of a model with fewer than ``dof_threshold``
    (10) residual degrees of freedom are hidden.

Public API
----------
- :func:`suppress` - numeric suppression with all rules, returning :class:`Protected`.
- :func:`suppress_small_cells` - ``suppress(...).render()``: markers in place (display only).
- :func:`contributions`, :func:`contribution_columns` - the per-cell evidence of the
  dominance rules (cell total and largest person contributions).
- :func:`feasible_intervals` - what a reader can deduce about each hidden cell (LP audit).
- :func:`coarsen_steps` - merge the steps of a survival / cumulative-incidence curve until each
  rests on ``min_cell`` events.
- :func:`safe_crosstab` - distinct persons per cell, suppressed.
- :func:`assert_publishable`, :func:`check_no_person_ids` - last checks before showing.
- :func:`small_counts_in_text`, :func:`redact_small_counts`, :func:`protect_warnings` - small
  counts of persons in printed text (warnings of the model fits: "1 treated in 1 rows").
- :func:`checking_record`, :func:`write_record`, :func:`reset_record` - the run's record.

References
----------
Hundepool, A. et al. (2012). *Statistical Disclosure Control*. Wiley. Chapter 5 (cell
suppression in frequency tables, secondary suppression).
Brandt, M. et al. (2010). *Guidelines for the checking of output based on microdata research*.
ESSnet SDC / Eurostat (rules of thumb: threshold, differencing, survival tables).
Green, E., Ritchie, F. et al. (2021). *ACRO: automatic checking of research outputs*
(SACRO project; ``acro`` results record). Rule names, statuses and defaults follow
``acro/default.yaml`` and ``acro_tables.py`` (``agg_nk``, ``agg_p_percent``,
``get_table_sdc``), v0.4.12, github.com/AI-SDC/ACRO; ``acro_regression`` for ``dof``.
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as _dt
import html
import json
import os
import re
import sys
import tempfile
from collections.abc import Callable, Hashable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mia_helpers import disclosure_vocabulary as vocab
from mia_helpers.words import counted, real_plurals

__all__ = [
    "DEFAULT_DOF_THRESHOLD",
    "DEFAULT_MIN_CELL",
    "DEFAULT_NK_K",
    "DEFAULT_NK_N",
    "DEFAULT_PRATIO_P",
    "DisclosureError",
    "NO_GROUP",
    "Protected",
    "assert_publishable",
    "check_min_cell",
    "check_no_person_ids",
    "checking_record",
    "coarsen_steps",
    "default_value_cols",
    "whole_group_cells",
    "whole_group_hide",
    "zeros_of_small_groups",
    "contribution_columns",
    "contributions",
    "feasible_intervals",
    "plain_category",
    "plain_warning",
    "protect_warnings",
    "withhold_flat_horizons",
    "hide_more",
    "record_hidden",
    "record_published",
    "redact_small_counts",
    "reset_record",
    "safe_crosstab",
    "split_bounds",
    "suppress",
    "totals_as_last_resort",
    "whole_groups_hidden",
    "withhold_separation_counts",
    "x_bounds_gap",
    "suppress_small_cells",
    "write_record",
]

#: Minimum number of persons behind a published count.
DEFAULT_MIN_CELL: int = 10

#: Defaults of the SACRO project's ``acro`` (``acro/default.yaml``, v0.4.12 and later):
#: ``safe_nk_n``, ``safe_nk_k`` (N-K dominance), ``safe_pratio_p`` (p-ratio) and
#: ``safe_dof_threshold`` (residual degrees of freedom of a regression).
DEFAULT_NK_N: int = 2
DEFAULT_NK_K: float = 0.9
DEFAULT_PRATIO_P: float = 0.1
DEFAULT_DOF_THRESHOLD: int = 10
#: prefix of the contribution columns (:func:`contributions`) that :func:`suppress` reads and
#: removes from the published table
CONTRIBUTION_PREFIX: str = "_contrib_"
#: every rule that can hide a cell, in the order of the checking record
RULES: tuple[str, ...] = ("primary", "derived", "share", "complement", "horizon", "ledger",
                          "nk-rule", "p-ratio", "dof")
#: the rules whose hidden count hides the values computed on it (``derived``); not
#: ``horizon`` (an estimate on ``min_cell`` or more persons stays) nor ``share``
VALUES_FOLLOW: tuple[str, ...] = ("primary", "complement", "ledger", "derived", "nk-rule",
                                  "p-ratio", "dof")

#: the rules of :func:`suppress` that hide a value for a count below ``min_cell`` behind it
#: (its own, or one it follows); ``dof``, ``nk-rule`` and ``p-ratio`` count nothing
#: (:func:`mia_helpers.claims.hidden_reason` words the reason by this split)
COUNT_RULES: tuple[str, ...] = ("primary", "derived", "share", "complement", "horizon", "ledger")

#: the rules whose hidden count hides a model estimate on it (``suppress(values_follow=)``):
#: all of :data:`VALUES_FOLLOW` but ``ledger``. A count this table hides by its own rules (small,
#: or the complement of its own relations, e.g. few persons without the event) hides the
#: estimate as before; a count hidden only because another table of the run hid it, to keep
#: that table's cells from being differenced (chapter 2: the persons at risk of a stable job,
#: which beside the first-job risk set give the few who left school in the window's last
#: quarters), leaves the estimate, which gives no count back, published; a count the table's
#: own rules would hide alone still hides it, whatever the ledger hid first (led46)
ESTIMATES_FOLLOW: tuple[str, ...] = tuple(r for r in VALUES_FOLLOW if r != "ledger")

#: A key value of ``suppress``'s ``groups`` that puts a row in no group: the total its group
#: would have is not published (chapter 2's KHB table by sex, for a cell whose pooled persons
#: the pooled tables hide).
NO_GROUP: str = "(no published total)"

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
    zeros : frozenset
        ``(count column, row position)`` of each zero hidden as a zero of a group of fewer
        than ``min_cell`` persons (``suppress(zeros=)``; dpo35): :func:`feasible_intervals`
        audits them as it audits small counts.
    """

    data: pd.DataFrame
    reason: pd.DataFrame
    count_cols: list = field(default_factory=list)
    min_cell: int = DEFAULT_MIN_CELL
    name: str = ""
    #: records the table as published (:func:`record_published`; set by :func:`suppress`
    #: with ``record=False``)
    pending: Callable[[pd.DataFrame], None] | None = field(default=None, repr=False,
                                                          compare=False)
    zeros: frozenset = field(default_factory=frozenset, repr=False, compare=False)
    #: row positions whose hidden cells are all marked alike, ``value_marker``
    #: (``suppress(one_marker=)``; dpo37)
    one_marker: frozenset = field(default_factory=frozenset, repr=False, compare=False)

    def __getstate__(self) -> dict[str, Any]:
        """Pickled (a worker process's result) or deep-copied without ``pending``: the
        checking record and ledger are the process's own."""
        return {**self.__dict__, "pending": None}

    @property
    def mask(self) -> pd.DataFrame:
        """Boolean frame, True where a cell is hidden."""
        return self.reason.ne("")

    @property
    def columns(self) -> pd.Index:
        """The columns of the protected table (``data.columns``)."""
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
                         [c for c in self.count_cols if c not in cols], self.min_cell, self.name,
                         self.pending, frozenset(z for z in self.zeros if z[0] not in cols),
                         self.one_marker)

    def render(self, marker: str | None = None, value_marker: str = DEFAULT_VALUE_MARKER
               ) -> pd.DataFrame:
        """The table for display: a hidden count shows ``marker`` (``"<min_cell>"``) when it was
        hidden as a small count, ``value_marker`` otherwise; hidden values show
        ``value_marker``. Columns without hidden cells keep their dtype. The rows audited with
        one marker (``one_marker``) show ``value_marker`` for every hidden cell. A hidden zero
        of a small group (``zeros``) shows ``marker``, as a small count: it is audited as one,
        and beside a small count of its group an ``x`` (not small) could only be the zero
        (dpo37: chapter 2's KHB table by sex, a cell's women ``x`` beside its men ``<10``,
        the pooled cell ``<10``)."""
        marker = f"<{self.min_cell}" if marker is None else marker
        alike = np.zeros(len(self.data), bool)
        alike[list(self.one_marker)] = True
        out = self.data.copy()
        for pos, col in enumerate(out.columns):
            r = self.reason.iloc[:, pos].to_numpy()
            hidden = r != ""
            if not hidden.any():
                continue
            vals = self.data.iloc[:, pos].astype(object).to_numpy(copy=True)
            small = (r == "primary") & (col in self.count_cols)
            for c, i in self.zeros:  # a zero of a small group reads as a small count (dpo37)
                if c == col and i < len(small):
                    small[i] = True
            vals[hidden] = np.where(small[hidden] & ~alike[hidden], marker, value_marker)
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
#: ledger keys of count cells an earlier table of the run published (shown, non-zero): a total
#: among them is never hidden as the last resort, which would protect nothing (rev24)
_SHOWN: set[tuple] = set()
#: the relation totals :func:`suppress` may hide as the last resort by default
#: (:func:`totals_as_last_resort`)
_LAST_RESORT: contextvars.ContextVar[tuple] = contextvars.ContextVar("last_resort", default=())


@contextlib.contextmanager
def totals_as_last_resort(cols: Sequence[Hashable]) -> Iterator[None]:
    """Within the block, :func:`suppress` calls without ``last_resort`` take ``cols`` as it:
    for a table built by code that does not pass it (chapter 5's feeder model, built in the
    fingerprinted :func:`mia_helpers.newcomers.feeder_table`, whose ``n_persons`` per term
    only it publishes: seed 3737, 4,000 residents, 1,200 newcomers, ``min_cell`` 13: 21 native
    Dutch speakers at risk beside first starts ``x`` left at most 8 without one)."""
    token = _LAST_RESORT.set(tuple(cols))
    try:
        yield
    finally:
        _LAST_RESORT.reset(token)


_WHOLE_GROUPS: contextvars.ContextVar[tuple] = contextvars.ContextVar("whole_groups",
                                                                      default=())


@contextlib.contextmanager
def whole_groups_hidden(total: Hashable, parts: Sequence[Hashable]) -> Iterator[None]:
    """Within the block, :func:`suppress` calls without ``hide`` on a table holding ``total``
    and every column of ``parts`` hide, by the ``complement`` rule, each part that equals its
    group's persons (:func:`whole_group_hide`: "all of this group did it", an attribute
    disclosure at any group size): for a table built by code that does not pass ``hide``
    (chapter 5's feeder model, built in the fingerprinted
    :func:`mia_helpers.newcomers.feeder_table`, whose first starts are persons: dpo37b, seed
    2021, 200 residents, 100 newcomers, ``min_cell`` 12 printed "Turkish | 12 | 12", every
    Turkish newcomer at risk having started a measure; export-check's ``whole_group`` rule
    refused the table)."""
    token = _WHOLE_GROUPS.set((total, tuple(parts)))
    try:
        yield
    finally:
        _WHOLE_GROUPS.reset(token)


def reset_record() -> None:
    """Forget the checking record and the ledger of hidden (and shown) cells (a new run)."""
    _RECORD.clear()
    _LEDGER.clear()
    _SHOWN.clear()


def checking_record() -> pd.DataFrame:
    """One row per table protected in this run: output, rows, columns, min_cell, cells hidden
    by each rule (:data:`RULES`), the smallest residual degrees of freedom of a model table
    (``dof_min``), and ``status`` in ``acro``'s words: ``pass`` (nothing hidden), ``review``
    (cells suppressed: the output checker looks at what was hidden), ``fail`` (a hidden small
    count is still recoverable, see :func:`suppress`: the table must not leave). ``narrowed``
    lists hidden small counts whose feasible interval is narrower than ``[1, min_cell - 1]``
    but not a single value (no suppression inside the table can widen it), ``unresolved`` those
    determined exactly, each as ``"column (row i)"`` with rows counted from 1 (``cells``, in
    acro's format, holds 0-based positions)."""
    cols = ["output", "timestamp", "rows", "columns", "min_cell", "count_cols", "magnitude_cols",
            "dof_col", "dof_min", "dof_threshold", "nk_n", "nk_k", "pratio_p", "hidden", *RULES,
            "narrowed", "unresolved", "status", "summary"]
    return pd.DataFrame(_RECORD, columns=cols)


def write_record(path: str | Path) -> Path:
    """Write the checking record as JSON, atomically, in the layout of ``acro``'s
    ``results.json``: ``{"version", "results": {"output_0": {...}, ...}}``, each entry with
    ``uid``, ``status`` (pass / review / fail), ``type`` (``table``, or ``regression`` for a
    table with residual degrees of freedom), ``summary`` (acro's wording, e.g.
    ``"review; threshold: 2 cells suppressed; nk-rule: 1 cells suppressed; "`` or
    ``"fail; dof=4 < 10"``), ``sdc`` (``summary``: cells per acro rule name ``threshold``,
    ``p-ratio``, ``nk-rule``, plus this package's secondary rules; ``cells``: their
    ``[row, column]`` positions) and this package's counts per rule. Returns the path."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    rec = {}
    for i, r in enumerate(_RECORD):
        entry = {k: v for k, v in r.items() if k != "cells"}
        entry.update({"uid": f"output_{i}",
                      "type": "regression" if r.get("dof_col") else "table",
                      "properties": {"method": "suppress"},
                      "sdc": {"summary": {"suppressed": True, **r["sdc_summary"]},
                              "cells": r["cells"]}})
        entry.pop("sdc_summary", None)
        rec[f"output_{i}"] = entry
    fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
    with os.fdopen(fd, "w", encoding="utf-8") as fh:
        json.dump({"version": "mia_helpers.disclosure 2", "results": rec}, fh, indent=1,
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


def check_min_cell(min_cell: object, where: str, *, floor: int = 1, name: str = "min_cell",
                   why: str = "") -> int:
    """``min_cell``, the disclosure threshold (minimum persons behind a published count), as
    an int: the one check of it (val46; before, four copies with four rules). ``where`` names
    the function (or command) that reads it, ``name`` the parameter as the caller wrote it
    (``"--min-cell"`` for export-check), ``floor`` the least threshold the caller accepts (1
    here, 2 for export-check, where at 1 no count lies below the bound) and ``why`` says why
    a value below it is refused.

    Rule (a count of persons, as the command line reads ``-p min_cell``, and as a data
    owner means it): a whole number >= ``floor``. An int or numpy integer is taken as it
    is; a float or numpy float without a fraction (``10.0``, as papermill or a YAML file
    may pass it) is taken as that whole number and returned as ``int`` (10.0 persons are
    10 persons: refusing it protects nothing). Refused: a fraction (``10.5``: rounding
    either way would set a threshold nobody chose), NaN and infinity, a boolean (``True``
    is no count, though Python reads it as 1), text (``"10"``: the command line converts
    ``-p min_cell 10`` to a number before it arrives; text here means a value was quoted or
    read from a file unconverted) and anything else.

    Raises ``ValueError`` naming ``where``, ``name``, the value, what is wrong with it and
    the remedy."""
    hint = ""
    if isinstance(min_cell, bool | np.bool_):
        hint = " (true/false, not a number of persons)"
    elif isinstance(min_cell, str):
        try:
            float(min_cell.strip())
            hint = f" (text: give the number itself, {min_cell.strip()}, without quotes)"
        except ValueError:
            hint = " (text, not a number of persons)"
    elif min_cell is None:
        hint = " (no value)"
    elif not isinstance(min_cell, int | float | np.integer | np.floating):
        hint = f" (a {type(min_cell).__name__}, not a number of persons)"
    elif not np.isfinite(float(min_cell)):
        hint = " (not a finite number)"
    elif not float(min_cell).is_integer():
        low = int(np.floor(float(min_cell)))
        hint = (f" (not a whole number: a threshold counts persons; give {low} or {low + 1}, "
                "whichever the data owner set)")
    elif min_cell < floor:
        hint = f" ({why})" if why else ""
    else:
        return int(min_cell)
    given = (f"{name} {DEFAULT_MIN_CELL}" if name.startswith("-") else
             f"-p {name} {DEFAULT_MIN_CELL} on the command line, {name}={DEFAULT_MIN_CELL} "
             "in Python")
    raise ValueError(f"{where}: {name} must be a whole number >= {floor}, got {min_cell!r}"
                     f"{hint}; pass the disclosure threshold the data owner set (the book's "
                     f"default is {DEFAULT_MIN_CELL}: {given})")


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


def _group_ids(table: pd.DataFrame, keys: Sequence[Hashable]) -> np.ndarray:
    """Group number of each row of ``table`` by ``keys`` (all rows one group when ``keys`` is
    empty; missing key values form a group of their own); ``-1`` for a row with a key value
    :data:`NO_GROUP`, which belongs to no group (its group's total is not known to the
    reader)."""
    n = len(table)
    if not keys:
        return np.zeros(n, int)
    # numbered in order of first appearance, as ``table.groupby(list(keys), sort=False,
    # observed=True, dropna=False).ngroup()`` (its frame and index overhead, about 15 ms a
    # call, made this a third of suppress's time): one code per key column by
    # ``pd.factorize`` (first appearance; missing values one code of their own), their
    # combinations renumbered by first appearance
    codes, none = [], np.zeros(n, bool)
    for k in keys:
        c, uniques = pd.factorize(table[k], sort=False, use_na_sentinel=False)
        codes.append(c.astype(np.int64))
        flag = np.array([isinstance(u, str) and u == NO_GROUP
                         for u in np.asarray(uniques, dtype=object)], dtype=bool)
        if flag.any():
            none |= flag[c]
    if len(codes) == 1:
        gid = codes[0]
    else:
        _, first, inverse = np.unique(np.column_stack(codes), axis=0, return_index=True,
                                      return_inverse=True)
        rank = np.empty(len(first), np.int64)
        rank[np.argsort(first, kind="stable")] = np.arange(len(first))
        gid = rank[inverse.reshape(-1)]
    return np.where(none, -1, gid)


def split_bounds(values: np.ndarray, min_cell: int) -> np.ndarray:
    """Boolean mask of counts ``n`` that the ``split`` rule hides (``min_cell < n < 2 min_cell
    - 1``: a split of ``n`` in two shows a small part that ``n`` would bound; see the module
    docstring). NaN is not hidden. Used by :func:`suppress` (``split_in_two``) and by tables
    that must know which totals the reader lacks
    (:func:`mia_helpers.subgroups.khb_table`)."""
    v = np.asarray(values, dtype=float)
    with np.errstate(invalid="ignore"):
        return (v > min_cell) & (v < 2 * min_cell - 1)


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
# magnitude tables: contributions and the dominance rules of acro
# --------------------------------------------------------------------------------------------


def contribution_columns(name: str, n_top: int = DEFAULT_NK_N) -> tuple[str, list[str]]:
    """Names of the contribution columns of magnitude ``name`` made by :func:`contributions`:
    ``(total, [top_1, ..., top_n])`` (``_contrib_<name>_total``, ``_contrib_<name>_top1``...)."""
    base = f"{CONTRIBUTION_PREFIX}{name}"
    return f"{base}_total", [f"{base}_top{i}" for i in range(1, max(int(n_top), 2) + 1)]


def contributions(
    df: pd.DataFrame,
    by: Sequence[Hashable],
    values: Hashable | Sequence[Hashable],
    person_col: Hashable = "person_id",
    n_top: int = DEFAULT_NK_N,
) -> pd.DataFrame:
    """The evidence the dominance rules need, per cell: total and largest contributions.

    The contributor is the person (statistical offices' "respondent"): a person's rows in a
    cell are added up first, so one person with many quarters or spells is one contributor.

    Parameters
    ----------
    df : pandas.DataFrame
        Person-level or person-period rows; never leaves this function.
    by : list of labels
        Columns defining the cells of the published table (may be empty: one cell).
    values : label or list of labels
        Magnitude columns (durations, days, starts, wages...), non-negative numbers.
    person_col : label, default ``"person_id"``
    n_top : int, default 2
        Number of largest contributions kept (at least 2, the p-ratio needs two; at least the
        ``nk_n`` passed to :func:`suppress`).

    Returns
    -------
    pandas.DataFrame
        One row per cell (the ``by`` columns, then for each value the float64 columns of
        :func:`contribution_columns`: the cell total and the largest ``n_top`` person totals
        in decreasing order, 0 where the cell has fewer contributors). Merge it into the table
        and name the value in ``suppress(..., magnitudes={published_col: value})``; ``suppress``
        removes these columns from what it publishes.

    Raises
    ------
    ValueError
        A column is missing, or a value is negative (the dominance rules are not defined for
        negative contributions; acro leaves such cells to a manual review).
    """
    by, vals = _as_list(by), _as_list(values)
    n_top = max(int(n_top), 2)
    missing = [c for c in [*by, *vals, person_col] if c not in df.columns]
    if missing:
        raise ValueError(f"columns not in data: {missing!r}")
    for v in vals:
        x = pd.to_numeric(df[v], errors="coerce")
        if (x < 0).any():
            raise ValueError(f"magnitude {v!r} holds negative values: the dominance rules "
                             "need non-negative contributions (publish absolute values)")
    key = by if by else ["_cell"]
    d = df[[*by, person_col, *vals]].assign(_cell=0) if not by else df[[*by, person_col, *vals]]
    per = (d.groupby([*key, person_col], observed=True, dropna=False, sort=False)[vals]
           .sum().astype("float64").reset_index())
    out = per.groupby(key, observed=True, dropna=False, sort=True)[vals].sum()
    frames = []
    for v in vals:
        total, tops = contribution_columns(str(v), n_top)
        s = per.sort_values([*key, v], ascending=[True] * len(key) + [False], kind="stable")
        s = s.assign(_rank=s.groupby(key, observed=True, dropna=False, sort=False).cumcount())
        s = s[s["_rank"] < n_top]
        wide = s.pivot_table(index=key, columns="_rank", values=v, aggfunc="sum",
                             observed=True, dropna=False).reindex(columns=range(n_top))
        wide.columns = tops
        frames.append(pd.concat([out[v].rename(total), wide.reindex(out.index).fillna(0.0)],
                                axis=1))
    res = pd.concat(frames, axis=1).reset_index()
    return res.drop(columns="_cell") if not by else res


def _dominance(total: np.ndarray, tops: np.ndarray, nk_n: int, nk_k: float, pratio_p: float,
               zeros_are_disclosive: bool) -> tuple[np.ndarray, np.ndarray]:
    """Masks of cells failing acro's N-K rule and p-ratio rule.

    N-K rule (``acro_tables.agg_nk``; Hundepool et al. 2012, 4.2.2): the ``nk_n`` largest
    contributions exceed the fraction ``nk_k`` of a positive cell total.
    p-ratio rule (``acro_tables.agg_p_percent``): ``(total - top1 - top2) / top1 < pratio_p``,
    what the second largest contributor learns of the largest, as a fraction of it; a cell with
    one contributor fails; a cell whose total is not positive fails when
    ``zeros_are_disclosive`` (acro's default). Cells with a missing total are not flagged.
    """
    ok = ~np.isnan(total)
    with np.errstate(invalid="ignore", divide="ignore"):
        nk = ok & (total > 0) & (tops[:, :nk_n].sum(axis=1) / total > nk_k)
        top1, top2 = tops[:, 0], tops[:, 1]
        p_val = np.where(top1 > 0, (total - top1 - top2) / top1, np.nan)
        pr = ok & np.where(total > 0, p_val < pratio_p, zeros_are_disclosive)
    return nk, pr


# --------------------------------------------------------------------------------------------
# exact audit of secondary suppression: feasible intervals by linear programming
# --------------------------------------------------------------------------------------------


def _linear_system(num: dict, reason: dict, counts: Sequence[Hashable], relations: list,
                   groups: dict, gids: dict, n: int, min_cell: int,
                   unknown: frozenset = frozenset(), twins: Mapping[int, int] | None = None,
                   one_marker: frozenset = frozenset(), zeros: frozenset = frozenset()):
    """The reader's linear system of one table: unknowns (hidden cells of declared relations
    and groups, hidden totals, unpublished remainders), their bounds, and the equations.

    Returns (variables, A_eq (m, v), b_eq (m,), bounds [(lo, hi)], true values (v,)).
    A hidden count hidden as small (``primary``) lies in ``[1, min_cell - 1]`` (its marker
    says so); any other hidden count in ``[min_cell, inf)`` (it was not small: zero and small
    counts are shown or marked as such); a remainder (total minus the parts of a non-exhaustive
    relation) and any hidden non-count in ``[0, inf)``. A group total below ``min_cell`` is
    not an equation the reader knows: it is a small count, hidden wherever it is published.
    A cell of a column in ``unknown`` (counts no table publishes, ``suppress``'s
    ``unknown_to_reader``) is an unknown in ``[0, inf)`` whether hidden or not. ``twins``
    (``suppress(twins=)``): a row that repeats another row (``{row: row it repeats}``, 0-based
    positions) is that row's cell in every equation, one unknown for both (the reader knows
    they are equal). ``one_marker`` (rows, ``suppress(one_marker=)``): the published form
    marks every hidden cell of those rows alike (``x``), so a hidden count there is only
    known to be at least 1 (0 for a hidden zero): ``[1, inf)``, neither
    ``[1, min_cell - 1]`` nor ``[min_cell, inf)``. ``zeros`` (``(column, row)`` pairs,
    ``suppress(zeros=)``): hidden zeros of small groups, printed as small counts
    (:meth:`Protected.render`), so the reader knows them to lie in ``[0, min_cell - 1]``.
    """
    var: dict[tuple, int] = {}
    twins = dict(twins or {})
    bounds: list[tuple[float, float | None]] = []
    truth: list[float] = []
    counts = set(counts)

    def cell(c: Hashable, i: int) -> tuple[int | None, float]:
        i = twins.get(i, i)
        v = float(num[c][i])
        if reason[c][i] == "" and c not in unknown:
            return None, v
        k = ("cell", c, i)
        if k not in var:
            var[k] = len(bounds)
            if c in unknown:
                bounds.append((0.0, None))
            elif i in one_marker and c in counts:
                # dpo37: one marker for every hidden cell; a shown blank is a 0, an x is not
                bounds.append((1.0 if v >= 1 else 0.0, None))
            elif (c, i) in zeros and c in counts:  # printed <min_cell (dpo37)
                bounds.append((0.0, float(min_cell - 1)))
            elif c in counts and reason[c][i] == "primary":
                bounds.append((1.0, float(min_cell - 1)))
            elif c in counts and v >= min_cell:
                bounds.append((float(min_cell), None))
            else:
                bounds.append((0.0, None))
            truth.append(v)
        return var[k], v

    rows_a: list[dict[int, float]] = []
    rhs: list[float] = []
    for r, (total, parts, exhaustive) in enumerate(relations):
        for i in range(n):
            coef: dict[int, float] = {}
            b = 0.0
            for c, sign in [(total, 1.0), *[(p, -1.0) for p in parts]]:
                j, v = cell(c, i)
                if np.isnan(v):
                    break
                if j is None:
                    b -= sign * v
                else:
                    coef[j] = coef.get(j, 0.0) + sign
            else:
                if not exhaustive:
                    rem = float(num[total][i]) - sum(float(num[p][i]) for p in parts)
                    k = ("rem", r, i)
                    var[k] = len(bounds)
                    bounds.append((0.0, None))
                    truth.append(rem)
                    coef[var[k]] = -1.0
                if coef:
                    rows_a.append(coef)
                    rhs.append(b)
    for c in groups:
        gid = gids[c]
        # the rows of each group (ascending), groups in ascending number: one stable sort
        order = np.argsort(gid, kind="stable")
        order = order[gid[order] >= 0]
        if not len(order):
            continue
        cut = np.flatnonzero(np.diff(gid[order])) + 1
        values = np.nan_to_num(np.asarray(num[c], float)[order], nan=0.0)
        sums = np.add.reduceat(values, np.concatenate([[0], cut]))
        for rows, total in zip(np.split(order, cut), sums, strict=True):
            # counts: the groups' totals are sums of integers, exact in either order
            coef, b = {}, float(total)
            if 0 < b < min_cell:
                continue  # a small group total is itself hidden wherever it is published
            for i in rows:
                j, v = cell(c, int(i))
                if j is None:
                    b -= 0.0 if np.isnan(v) else v
                else:
                    coef[j] = coef.get(j, 0.0) + 1.0
            if coef:
                rows_a.append(coef)
                rhs.append(b)
    A = np.zeros((len(rows_a), len(bounds)))
    for k, coef in enumerate(rows_a):
        for j, a in coef.items():
            A[k, j] = a
    return var, A, np.array(rhs), bounds, np.array(truth)


def _components(A: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Connected components of the reader's linear system: unknowns linked through shared
    equations (a bipartite graph of the unknowns and the equations with a nonzero
    coefficient). Returns the component label of each unknown (v,) and of each equation
    (m,), from one labelling, so an unknown and the equations of its component share a
    label (scipy's ``connected_components``)."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    m, v = A.shape
    r, c = np.nonzero(A)
    graph = coo_matrix((np.ones(len(r)), (c, v + r)), shape=(v + m, v + m))
    _, label = connected_components(graph, directed=False)
    return label[:v], label[v:]


def _interval(A: np.ndarray, b: np.ndarray, bounds: list, j: int,
              components: tuple[np.ndarray, np.ndarray] | None = None,
              cache: dict | None = None) -> tuple[float, float]:
    """Smallest and largest value of unknown ``j`` over the reader's feasible set
    ``{x : A x = b, lo <= x <= hi}``. Only the equations connected to ``j`` matter: one
    equation is solved in closed form (``x_j = (b - sum of the others) / a_j`` at the others'
    bounds), several by linear programming (scipy's HiGHS). ``components``: the system's
    :func:`_components` (computed here when not given; an audit of many unknowns computes it
    once). ``cache``: a dict that keeps the interval of each component's system (its
    equations, right-hand sides, bounds and the position of ``j``), so that an audit repeated
    after one more cell is hidden solves only the component that changed."""
    var_label, row_label = _components(A) if components is None else components
    comp_r = row_label == var_label[j]
    if not comp_r.any():
        lo, hi = bounds[j]
        return float(lo), (np.inf if hi is None else float(hi))
    vs = np.flatnonzero(var_label == var_label[j])
    Ac, bc = A[np.ix_(comp_r, vs)], b[comp_r]
    k = int(np.searchsorted(vs, j))
    comp_bounds = [bounds[v] for v in vs]
    if cache is None:
        return _component_interval(Ac, bc, comp_bounds, k)
    key = (k, (Ac.shape, Ac.tobytes(), bc.tobytes(), tuple(comp_bounds)))
    if key not in cache:
        cache[key] = _component_interval(Ac, bc, comp_bounds, k)
    return cache[key]


def _intervals(A: np.ndarray, b: np.ndarray, bounds: list, js: Sequence[int],
               cache: dict | None = None) -> list[tuple[float, float]]:
    """:func:`_interval` of each unknown in ``js`` (the same values), with the system's
    components found once and each component's equations taken out once for all its
    unknowns."""
    if not len(js):
        return []
    var_label, row_label = _components(A)
    n_labels = int(max(var_label.max(initial=-1), row_label.max(initial=-1))) + 1
    # the unknowns and equations of each component, ascending: one stable sort each
    var_order = np.argsort(var_label, kind="stable")
    var_of = np.split(var_order, np.cumsum(np.bincount(var_label, minlength=n_labels))[:-1])
    row_order = np.argsort(row_label, kind="stable")
    row_of = np.split(row_order, np.cumsum(np.bincount(row_label, minlength=n_labels))[:-1])
    wanted: dict[int, list[int]] = {}
    for j in js:
        wanted.setdefault(int(var_label[j]), []).append(int(j))
    out: dict[int, tuple[float, float]] = {}
    for label, mine in wanted.items():
        vs, rs = var_of[label], row_of[label]
        if not len(rs):
            for j in mine:
                lo, hi = bounds[j]
                out[j] = (float(lo), np.inf if hi is None else float(hi))
            continue
        Ac, bc = A[np.ix_(rs, vs)], b[rs]
        comp_bounds = [bounds[v] for v in vs]
        system = (Ac.shape, Ac.tobytes(), bc.tobytes(), tuple(comp_bounds))
        for j in mine:
            k = int(np.searchsorted(vs, j))
            if cache is None:
                out[j] = _component_interval(Ac, bc, comp_bounds, k)
                continue
            if (k, system) not in cache:
                cache[(k, system)] = _component_interval(Ac, bc, comp_bounds, k)
            out[j] = cache[(k, system)]
    return [out[j] for j in js]


def _component_interval(Ac: np.ndarray, bc: np.ndarray, bounds: list,
                        k: int) -> tuple[float, float]:
    """:func:`_interval` of unknown ``k`` of one connected component: equations ``Ac`` (m, v),
    right-hand sides ``bc`` (m,), the component's bounds (v pairs)."""
    from scipy.optimize import linprog

    lo_b = np.array([lo for lo, _ in bounds], float)
    hi_b = np.array([np.inf if hi is None else hi for _, hi in bounds], float)
    if len(Ac) == 1 and np.all(np.abs(Ac[0]) == 1):
        a = Ac[0]
        others = np.arange(len(bounds)) != k
        lo_o, hi_o = lo_b[others], hi_b[others]
        ao = a[others] * a[k]  # x_j = a_k * b - sum(a_k a_i x_i)
        with np.errstate(invalid="ignore"):
            s_min = np.where(ao > 0, ao * lo_o, ao * hi_o).sum()
            s_max = np.where(ao > 0, ao * hi_o, ao * lo_o).sum()
        base = a[k] * bc[0]
        return max(lo_b[k], base - s_max), min(hi_b[k], base - s_min)
    c = np.zeros(len(bounds))
    out = []
    for sign in (1.0, -1.0):
        c[k] = sign
        res = linprog(c, A_eq=Ac, b_eq=bc, bounds=bounds, method="highs")
        if res.status == 3:  # unbounded
            out.append(-np.inf if sign > 0 else np.inf)
        elif res.status != 0:
            raise RuntimeError(f"feasible-interval LP failed ({res.message}); the true table "
                               "is a solution, so this is a bug")
        elif np.allclose(res.x, np.round(res.x), rtol=0, atol=1e-7):
            out.append(sign * res.fun)  # an integer table attains the bound
        else:  # a fractional vertex: the bound of whole persons may be tighter (old27)
            out.append(sign * _integer_optimum(c, Ac, bc, bounds, res.fun))
    return out[0], out[1]


def _integer_optimum(c: np.ndarray, Ac: np.ndarray, bc: np.ndarray, bounds: list,
                     relaxed: float) -> float:
    """The optimum of ``c @ x`` over the component's *integer* tables (counts are whole
    persons), where the linear relaxation's optimum ``relaxed`` sits at a fractional vertex.
    The relaxation's interval can then be wider than what a reader who knows the counts
    are whole numbers concludes (close22-26: "the LP bounds are continuous, not integer";
    ``x2 - x1 = 5``, ``x0 + x1 + x2 = 19`` with every count in 1..9 lets ``x0`` reach 9 in
    the relaxation but 8 in whole persons), so the audit would pass a count the integer
    reader narrows. HiGHS' branch and bound (scipy's ``linprog(integrality=)``); the true
    table is an integer solution, so it is feasible. Where it stops without proof (a time
    or node limit) the relaxation's value is kept (the audit as before)."""
    from scipy.optimize import linprog

    res = linprog(c, A_eq=Ac, b_eq=bc, bounds=bounds, method="highs",
                  integrality=np.ones(len(bounds)))
    if res.status != 0:
        return float(relaxed)
    return float(res.fun)


def _sensitive(var: dict, truth: np.ndarray, reason: dict, min_cell: int,
               unknown: frozenset = frozenset(), zeros: frozenset = frozenset(),
               whole: frozenset = frozenset()) -> list[tuple]:
    """Unknowns that must stay protected: small counts hidden as such (not those of columns
    no table publishes, ``unknown``), small remainders, and the hidden zeros of groups of
    fewer than ``min_cell`` persons (``zeros``: ``(column, row)`` pairs, ``suppress(zeros=)``;
    dpo34), whose interval must reach ``min_cell - 1`` as a small count's does; and the zero
    remainders of whole groups (``whole``: ``(relation, row)`` pairs, a part the caller hides
    because it equals its total, :func:`whole_group_hide`), whose interval must reach 1: a
    reader who finds the remainder 0 knows that every person of the group has the attribute
    (dpo38: 10 school leavers at risk beside their first jobs ``x``, at least 10)."""
    out = []
    for k, j in var.items():
        if k[0] == "rem" and (k[1], k[2]) in whole and truth[j] == 0:
            out.append(k)
            continue
        if k[0] == "cell" and reason[k[1]][k[2]] == "primary" and k[1] not in unknown:
            out.append(k)
        elif k[0] == "cell" and (k[1], k[2]) in zeros and reason[k[1]][k[2]] != "":
            out.append(k)
        elif k[0] == "rem" and 0 < truth[j] < min_cell:
            out.append(k)
    return out


def _protected_enough(lo: float, hi: float, min_cell: int, high: float | None = None) -> bool:
    """A hidden small count is protected when the reader's interval is no narrower than what
    its marker already says: it reaches 1 (or below) and ``min_cell - 1`` (or above; ``high``
    where the markers themselves allow less, :func:`_marker_high`)."""
    eps = 1e-7
    return lo <= 1 + eps and hi >= (min_cell - 1 if high is None else high) - eps


def _marker_high(k: tuple, relations: list, reason: dict, counts: Sequence[Hashable],
                 min_cell: int, unknown: frozenset = frozenset(),
                 one_marker: frozenset = frozenset(), whole: frozenset = frozenset()) -> float:
    """The largest value the markers of its own relation allow an unknown: ``min_cell - 1``,
    except for the remainder of a total hidden as small (``<min_cell``, at most
    ``min_cell - 1``), which is at most ``min_cell - 1`` less one for each part hidden as
    small (each at least 1). That bound is the markers' own, the same whatever else is
    published or hidden: requiring ``min_cell - 1`` there would list every such remainder as
    narrowed although no table tells more than its row's markers (narrow24b: chapter 2's risk
    sets, seed 2468, 2,500 residents, 400 newcomers, ``min_cell`` 11: Other non-EU
    intermediate school leavers with a first job ``<11`` and with a first stable job ``<11``,
    so those with a job but no stable one at most 9; chapter 5's feeder model, same seed:
    native Dutch speakers ``<11`` and their first starts ``<11``). A part published, or hidden
    otherwise, lowers nothing here (conservative: the audit then hides it). In a row of
    ``one_marker`` no marker says a total is small: ``min_cell - 1``. The zero remainder of a
    whole group (``whole``, :func:`_sensitive`) need only reach 1 (dpo38)."""
    if k[0] == "rem" and (k[1], k[2]) in whole:
        return 1.0
    cap = float(min_cell - 1)
    if k[0] != "rem" or k[2] in one_marker:
        return cap
    total, parts, _ = relations[k[1]]
    i = k[2]
    if total in unknown or total not in counts or reason[total][i] != "primary":
        return cap
    return cap - sum(1 for p in parts
                     if p in counts and p not in unknown and reason[p][i] == "primary")


def feasible_intervals(protected: Protected, relations: Sequence[tuple] | None = None,
                       groups: Mapping[Hashable, Sequence[Hashable]] | None = None,
                       table: pd.DataFrame | None = None,
                       zeros: Mapping[Hashable, Sequence[bool]] | None = None,
                       twins: Mapping[int, int] | None = None) -> pd.DataFrame:
    """What a reader can learn about each hidden cell of a table from its published cells and
    the declared relations and groups: the exact feasible interval, by linear programming.

    Parameters
    ----------
    protected : Protected
        Output of :func:`suppress`.
    relations, groups
        As passed to :func:`suppress`.
    table : pandas.DataFrame
        The unprotected table (the true values, needed for the known group totals and to state
        the true value beside each interval). Stays with the caller.
    zeros : mapping ``{count_col: [bool per row]}``, optional
        As passed to ``suppress(zeros=)``: the zeros of groups of fewer than ``min_cell``
        persons. Default: those ``suppress`` hid (``protected.zeros``; dpo35). A hidden zero
        is audited as a small count: ``protected`` is True only when its interval reaches
        ``min_cell - 1``, so a zero a known total gives back by subtraction is reported.
    twins : mapping ``{row: row it repeats}``, optional
        As passed to ``suppress(twins=)``: each such row's counts are one unknown with those
        of the row it repeats (listed once, at that row).

    Returns
    -------
    pandas.DataFrame
        One row per unknown: ``kind`` (``cell`` or ``remainder``), ``column``, ``row``,
        ``reason``, ``value`` (true), ``low``, ``high`` (the interval), ``protected`` (for
        small counts, hidden zeros of small groups and small remainders: the interval is no
        narrower than ``[1, min_cell - 1]``; True for other cells).

    Raises
    ------
    ValueError
        If ``table`` is None, or a count column of ``table`` is boolean, holds non-numeric
        entries or negative counts.
    """
    if table is None:
        raise ValueError("feasible_intervals needs the unprotected table (true values)")
    relations = [(t, _as_list(p), bool(e)) for t, p, e in (relations or [])]
    groups = {c: _as_list(k) for c, k in (groups or {}).items()}
    n = len(table)
    cols = set(protected.count_cols) | {c for t, p, _ in relations for c in [t, *p]} | set(groups)
    num = {c: _numeric_counts(table, c, strict=True) for c in cols}
    reason = {c: protected.reason[c].to_numpy() for c in protected.reason.columns}
    gids = {c: _group_ids(table, ks) for c, ks in groups.items()}
    var, A, b, bounds, truth = _linear_system(num, reason, protected.count_cols, relations,
                                              groups, gids, n, protected.min_cell,
                                              twins=twins, one_marker=protected.one_marker,
                                              zeros=frozenset(protected.zeros))
    if zeros is None:
        zero_cells = frozenset(protected.zeros)
    else:
        zero_cells = frozenset((c, int(i)) for c, m in zeros.items()
                               for i in np.flatnonzero(np.asarray(m, dtype=bool)))
    sens = set(_sensitive(var, truth, reason, protected.min_cell, zeros=zero_cells))
    rows = []
    for (k, j), (lo, hi) in zip(var.items(), _intervals(A, b, bounds, list(var.values())),
                                strict=True):
        rows.append({"kind": "cell" if k[0] == "cell" else "remainder",
                     "column": k[1] if k[0] == "cell" else relations[k[1]][0],
                     "row": protected.data.index[k[2]],
                     "reason": reason[k[1]][k[2]] if k[0] == "cell" else "",
                     "value": truth[j], "low": lo, "high": hi,
                     "protected": (k not in sens) or _protected_enough(
                         lo, hi, protected.min_cell,
                         _marker_high(k, relations, reason, protected.count_cols,
                                      protected.min_cell,
                                      one_marker=protected.one_marker))})
    return pd.DataFrame(rows, columns=["kind", "column", "row", "reason", "value", "low", "high",
                                       "protected"])


def _repair(num: dict, reason: dict, counts: list, relations: list, groups: dict, gids: dict,
            n: int, min_cell: int, unknown: frozenset = frozenset(),
            last: frozenset = frozenset(), published: frozenset = frozenset(),
            zeros: frozenset = frozenset(), twins: Mapping[int, int] | None = None,
            one_marker: frozenset = frozenset(), whole: frozenset = frozenset()) -> list[str]:
    """Hide further cells until every hidden small count (and small remainder) of the declared
    relations and groups has a feasible interval no narrower than its marker's (exact audit,
    :func:`_interval`). For each unknown that fails, the candidates are the published positive
    parts of a relation, or cells of a group, that hold it (never a relation's total: shares
    and values computed on a total would give it back); the smallest one that protects it is
    hidden (``complement``), else the largest, and the audit starts again. A remainder that no
    part can protect (its parts all hidden: a total published beside a part marked ``x``, at
    least ``min_cell``, bounds the remainder by the total less ``min_cell``) has its total
    hidden as the last resort (``complement``; the values on it follow) where the total is
    one of ``last`` (``suppress(last_resort=)``: totals the caller knows no other table
    gives away; never ``not_shown`` or ``unknown`` columns) and hiding it protects the
    remainder (else it stays shown), and no earlier table of the run published that cell
    (``published``, ``(column, row)`` pairs found in the ledger; rev24), once nothing else is
    left to hide (narrow24b:
    chapter 5's feeder model, seed 3737, 4,000 residents, 1,200 newcomers, ``min_cell`` 13:
    21 native Dutch speakers at risk, their first starts ``x``, so at most 8 without one).
    Returns two lists of the
    unknowns that no further suppression inside this table can protect (e.g. a group whose
    total is known and whose cells are all small): those whose interval is narrowed but still
    holds two or more integers (the record says so: review), and those determined exactly
    (the table fails). ``twins``: rows that repeat another row (``suppress(twins=)``) are
    audited as that row, and a candidate there is the row it repeats (the caller hides the
    repeat with it). ``one_marker``: rows whose published form marks every hidden cell
    alike (:func:`_linear_system`). ``whole``: zero remainders of whole groups that must not
    be determined 0 (:func:`_sensitive`; dpo38)."""
    twins = dict(twins or {})

    def high(k: tuple) -> float:
        return _marker_high(k, relations, reason, counts, min_cell, unknown, one_marker, whole)

    def audit() -> tuple[dict, list, dict]:
        var, A, b, bounds, truth = _linear_system(num, reason, counts, relations, groups, gids,
                                                  n, min_cell, unknown, twins, one_marker,
                                                  zeros)
        sens = _sensitive(var, truth, reason, min_cell, unknown, zeros, whole)
        iv = dict(zip(sens, _intervals(A, b, bounds, [var[k] for k in sens], cache),
                      strict=True))
        bad = [k for k, (lo, hi) in iv.items() if not _protected_enough(lo, hi, min_cell,
                                                                        high(k))]
        return var, bad, iv

    def label(k: tuple) -> str:
        what = k[1] if k[0] == "cell" else f"remainder of {relations[k[1]][0]}"
        return f"{what} (row {k[2] + 1})"  # rows counted from 1, as export-check's

    def candidates(k: tuple) -> list[tuple[Hashable, int]]:
        i = k[2]
        cands: list[tuple[Hashable, int]] = []
        if k[0] == "rem":
            cands = [(c, i) for c in relations[k[1]][1]]
        else:
            for tot, parts, _ in relations:
                if k[1] == tot or k[1] in parts:
                    cands += [(c, i) for c in parts]
            if k[1] in groups:
                g = gids[k[1]]
                if g[i] >= 0:
                    mates = [int(r) for r in np.flatnonzero(g == g[i])]
                    cands += [(k[1], r) for r in mates]
                    # a twin's other group: hiding one of its cells frees the twin's count
                    # (narrow36: the natives, hidden with the Belgian origin, are known
                    # while the other origins are shown)
                    for r in mates:
                        rr = twins.get(r, r)
                        for p in {rr, *[x for x, y in twins.items() if y == rr]} - {r}:
                            if g[p] >= 0:
                                cands += [(k[1], int(q)) for q in np.flatnonzero(g == g[p])]
        cands = [(c, twins.get(r, r)) for c, r in cands]
        out = [(c, r) for c, r in dict.fromkeys(cands)
               if reason[c][r] == "" and num[c][r] > 0 and c not in unknown]
        return sorted(out, key=lambda cr: num[cr[0]][cr[1]])

    def last_resort(k: tuple) -> tuple[Hashable, int] | None:
        """The total of a remainder's relation, where it may be hidden."""
        if k[0] != "rem":
            return None
        tot, i = relations[k[1]][0], k[2]
        if (tot in last and tot in counts and tot not in unknown
                and (tot, i) not in published
                and reason[tot][i] == "" and num[tot][i] > 0):
            return tot, i
        return None

    stuck: set = set()
    tried: set = set()  # remainders whose total was tried as the last resort
    cache: dict = {}  # intervals by component system: a round changes one component
    for _ in range(10 * n + 10):  # each round hides at least one more cell
        var, bad, iv = audit()
        todo = [k for k in bad if k not in stuck]
        if not todo:  # nothing else helps: a remainder's total where that protects it
            hid = False
            for k in bad:
                t = last_resort(k)
                if t is None or k in tried:
                    continue
                tried.add(k)
                reason[t[0]][t[1]] = "complement"
                v2, A2, b2, bo2, _ = _linear_system(num, reason, counts, relations, groups,
                                                    gids, n, min_cell, unknown, twins,
                                                    one_marker, zeros)
                if _protected_enough(*_interval(A2, b2, bo2, v2[k], cache=cache), min_cell,
                                     high(k)):
                    hid = True
                    break
                reason[t[0]][t[1]] = ""  # in vain: shown as before
            if hid:
                continue  # the audit again
            exact = [k for k in bad if np.floor(iv[k][1] + 1e-7) <= np.ceil(iv[k][0] - 1e-7)]
            return [label(k) for k in bad if k not in exact], [label(k) for k in exact]
        for k in todo:
            cands = candidates(k)
            if not cands:
                stuck.add(k)
                continue
            chosen = cands[-1]
            for c, r in cands:
                reason[c][r] = "complement"
                v2, A2, b2, bo2, _ = _linear_system(num, reason, counts, relations, groups,
                                                    gids, n, min_cell, unknown, twins,
                                                    one_marker, zeros)
                ok = _protected_enough(*_interval(A2, b2, bo2, v2[k], cache=cache),
                                       min_cell, high(k))
                reason[c][r] = ""
                if ok:
                    chosen = (c, r)
                    break
            reason[chosen[0]][chosen[1]] = "complement"
            break  # audit again: this cell may protect others too
    raise RuntimeError("secondary suppression did not settle; this is a bug")


def x_bounds_gap(published: float, later: float, min_cell: int) -> bool:
    """Whether a count ``later``, hidden but printed as not small (``x``: at least
    ``min_cell``), that falls below a ``published`` count before it, bounds the persons
    between them more tightly than the small-count rule does: ``min_cell <= later <
    published <= 2 min_cell - 2`` for whole counts (``published - min_cell < min_cell - 1``
    in general, as weighted counts need). The reader then knows the difference lies in ``[1,
    published - min_cell]``, inside ``[1, min_cell - 1]`` (dpo45: 11 then ``x`` at
    ``min_cell`` 10 gave 10 persons, one leaver), so ``published`` is hidden with the ``x``.
    The one rule of :func:`suppress` (rule ``horizon``, a falling ``x``) and of
    :func:`mia_helpers.effect_tables.matched_anchor` (val46: written twice before). False
    where either count is missing (NaN)."""
    return bool(later >= min_cell and 0 < published - later < min_cell
                and published - min_cell < min_cell - 1)


def _horizon_pass(num: dict, reason: dict, counts: Sequence[Hashable], gid: np.ndarray,
                  pos: np.ndarray, min_cell: int) -> bool:
    """The ``horizon`` rule on single cells: along each cohort (rows ``pos`` in order, cohort
    ids ``gid``), a published count that differs from the cohort's last published count by
    fewer than ``min_cell`` (and not by 0) is hidden. A published count of at most
    ``2 min_cell - 2`` followed by a hidden count printed as not small (``x``: at least
    ``min_cell``, at most that count) that differs from it by 1 to ``min_cell - 1`` is hidden
    too: the ``x`` bounds the leavers between them by the count less ``min_cell``, tighter
    than the rule's 1 to ``min_cell - 1`` (dpo45: 11 then ``x`` gave 10, one leaver; the
    rule of :func:`mia_helpers.describe.profile_person_bounds` for a part marked ``x``).
    Idempotent for a given set of hidden cells. Returns whether a cell was hidden."""
    changed = False
    for c in counts:
        last, last_g, last_i = np.nan, None, None
        for g, i in zip(gid, pos, strict=True):  # rows of an aggregate table
            if g != last_g:
                last, last_g, last_i = np.nan, g, None
            if reason[c][i] != "":
                v = num[c][i]
                if (last_i is not None and reason[c][i] != "primary"
                        and x_bounds_gap(last, v, min_cell)):
                    reason[c][last_i] = "horizon"  # dpo45: the anchor goes with the x
                    last, last_i = np.nan, None
                    changed = True
                continue
            if not np.isnan(last) and _small(np.array([abs(last - num[c][i])]), min_cell)[0]:
                reason[c][i] = "horizon"
                changed = True
                if num[c][i] >= min_cell and last - min_cell < min_cell - 1:
                    reason[c][last_i] = "horizon"  # dpo45: as above
                    last, last_i = np.nan, None
            else:
                last, last_i = num[c][i], i
    return changed


def _hidden_sums_pass(num: dict, reason: dict, closed: Sequence[Hashable], gids: dict) -> bool:
    """The ``horizon`` rule on the derived count of a group whose total the reader knows (a
    table with both ``groups`` and ``sequence``): once one count of such a group is hidden,
    every other count of the group is hidden too, zeros included (missing counts stay
    missing). The reader then knows the sum of the group's hidden cells only as the group
    total itself, so no sum of hidden cells, and no change of one along the sequence, can be
    formed from this table (see :func:`suppress`, Notes). Returns whether a cell was hidden."""
    changed = False
    for c in closed:
        hid = reason[c] != ""
        gid = gids[c]
        touched = np.zeros(int(gid.max()) + 2 if len(gid) else 1, bool)
        touched[gid[hid & (gid >= 0)]] = True
        add = touched[gid] & (gid >= 0) & ~hid & ~np.isnan(num[c])
        if add.any():
            reason[c][add] = "horizon"
            changed = True
    return changed


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
    ledger_as: Mapping[Hashable, tuple[str, Mapping[str, str]]] | None = None,
    key_names: Mapping[Hashable, str] | None = None,
    name: str = "",
    split_in_two: Sequence[Hashable] | None = None,
    hide: Mapping[Hashable, Sequence[bool]] | None = None,
    zeros: Mapping[Hashable, Sequence[bool]] | None = None,
    magnitudes: Mapping[Hashable, Hashable] | None = None,
    nk_n: int = DEFAULT_NK_N,
    nk_k: float = DEFAULT_NK_K,
    pratio_p: float = DEFAULT_PRATIO_P,
    zeros_are_disclosive: bool = True,
    dof: Hashable | None = None,
    dof_threshold: int = DEFAULT_DOF_THRESHOLD,
    record: bool = True,
    not_shown: Sequence[Hashable] | None = None,
    shown_rows: Sequence[bool] | None = None,
    unknown_to_reader: Sequence[Hashable] | None = None,
    values_follow: Sequence[str] = VALUES_FOLLOW,
    hide_rule: str = "horizon",
    last_resort: Sequence[Hashable] | None = None,
    twins: Mapping[int, int] | None = None,
    one_marker: bool | Sequence[bool] = False,
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
        Minimum number of persons behind a published count (``0 < n < min_cell`` is small):
        a whole number >= 1 (``10.0`` is read as 10; :func:`check_min_cell`).
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
        knows (a published total, or shares of the group). A row with a key value
        :data:`NO_GROUP` belongs to no group (its group's total is not published).
    sequence : ``(order_col, [key cols])``, optional
        Rows are successive horizons of one cohort per key: counts may not change by fewer
        than ``min_cell`` between published horizons. With ``groups`` as well, a group of a
        count column shows its counts all or not at all (``horizon``; see Notes).
    keys : list of labels, optional
        Columns that identify a cell across the tables of a run (with the named index
        levels): a count hidden in an earlier table with the same key values and column name
        is hidden here too (``ledger`` rule), and this table's hidden counts are remembered.
        Default None: the table does not take part in the ledger.
    ledger_as : mapping ``{count_col: (ledger_name, {key: value})}``, optional
        How a count column is identified in the ledger when another table of the run
        publishes the same counts under another column name or with a key this table holds
        in its column names: the name, and key values added to the row's keys (chapter 2's
        risk-set table holds ``n_persons_job``, the models' tables ``n_persons`` of the event
        ``job``: both ``("n_persons", {"event": "job"})``). Default: the column's own name
        and no added key. Needs ``keys``.
    key_names : mapping ``{key_col: name}``, optional
        Names of key columns in the ledger where another table names the same key otherwise
        (``{"group": "origin_generation"}``). Needs ``keys``.
    name : str
        Name of the table in the checking record.
    split_in_two : list of labels, optional
        Count columns that another table of the run publishes split in two parts (e.g. by
        sex): a count ``n`` with ``min_cell < n < 2 min_cell - 1`` is hidden (``complement``;
        see the ``split`` rule in the module docstring), its values with it.
    hide : mapping ``{count_col: [bool per row]}``, optional
        Counts the caller hides because another table of the run publishes the same persons'
        count under other settings and the two may not differ by fewer than ``min_cell`` (the
        ``horizon`` rule across tables, e.g. starters dropped at two calipers,
        :func:`mia_helpers.effect_tables.caliper_table`): recorded as ``horizon``, the values
        beside them stay (as for the sequence rule). A small count stays ``primary``.
    hide_rule : str, default ``"horizon"``
        The rule under which ``hide``'s cells are recorded: ``"complement"`` for counts the
        caller withholds so that another table's hidden cells have no known total (chapter
        3's composition table, :func:`mia_helpers.competing.composition_withheld`); its
        values then follow (``derived``) and the table's own relations and groups protect
        the withheld cells as any other hidden cell. ``"derived"`` for counts of at least
        ``min_cell`` rows that rest on fewer than ``min_cell`` persons (a person's starts
        counted once each, :func:`mia_helpers.effect_tables.few_persons`): values follow, and
        the relations, groups and sequence protect them as any other hidden cell (chapter 4's
        starters by origin group, whose groups add up to the pooled starters). With
        ``"complement"``, a part of a one-part relation that ``hide`` withholds because it
        equals its total (:func:`whole_group_hide`) leaves a remainder of 0 that the audit
        keeps open: the reader's largest remainder must be at least 1, else the total is hidden
        as the last resort (``last_resort``) or the table fails (dpo38: 10 persons at risk
        beside entrants ``x``, at least 10, are all of them).
    zeros : mapping ``{count_col: [bool per row]}``, optional
        Zero counts to hide because they rest on a group of fewer than ``min_cell`` persons
        (:func:`zeros_of_small_groups`; dpo34): "0 of the 4 persons of the group started"
        tells of each of the 4 that they did not (attribute disclosure). Only the cells whose
        count is 0 are hidden, recorded as ``complement`` (rendered ``<min_cell``, as a small
        count, so that beside one it is not told apart; dpo37), their values
        follow, and the table's relations and groups protect them as a small count: the
        exact audit widens the reader's interval of each to reach ``min_cell - 1``.
    last_resort : list of labels, optional
        Relation totals that this table alone publishes: where a small remainder stays
        narrowed and no part of its relation is left to hide (a total beside a part marked
        ``x``), its total is hidden as the last resort (``complement``, values follow). Not
        for a total known from another table (hiding it here would protect nothing);
        ``not_shown`` columns never, nor a cell an earlier table published under the same
        ledger key (``keys``; rev24). Default: those of :func:`totals_as_last_resort`, none
        outside it (narrow24b).
    twins : mapping ``{row: row it repeats}``, optional
        Rows (0-based positions) that count exactly the persons of another row, in another
        group (chapter 3's composition table: generation "native" and origin "belgian" are
        the same inflows). The reader knows the two are equal: each pair is hidden together
        (a count hidden in one is hidden in the other, with the same reason) and the exact
        audit reads it as one unknown in both groups, so hiding the pair leaves the totals of
        both groups unknown (narrow36: before, the repeat was left out of its group, whose
        other cells were then protected against a known total, which all-small cells of a
        small outcome could not be). The repeated row must not itself repeat another one,
        and both rows must hold the same counts.
    one_marker : bool or list of bool (one per row), default False
        The published form marks every hidden cell alike (``x``), small or not: a table
        shown as shares only, whose hidden shares all read ``x`` (chapter 3's inflow
        profile); True for every row, or the rows where no other output tells small from
        other hidden cells. The exact audit then reads them as the reader can: a hidden count is at
        least 1 (0 for a hidden zero) and bounded only by the relations and groups, not
        ``[1, min_cell - 1]`` for ``<min_cell`` and ``[min_cell, inf)`` for ``x`` (dpo37:
        the profile's audit read markers the page does not print, and listed as narrowed a
        small outcome's durations at inflow, all hidden beside a known total, which the
        page's three ``x`` do not narrow). :meth:`Protected.render` then marks hidden
        counts ``x`` too, so any print of the table is what was audited.
    magnitudes : mapping ``{published_col: value}``, optional
        Columns that publish a magnitude (a sum or mean of durations, days, starts, wages...)
        rather than a count, each with the name of the value whose per-cell contributions
        the table carries (columns of :func:`contributions`, merged in; they are removed from
        the result). A magnitude is hidden (``nk-rule``) when its ``nk_n`` largest
        contributors hold more than ``nk_k`` of the cell total, and (``p-ratio``) when
        ``(total - top1 - top2) / top1 < pratio_p`` (acro's dominance rules).
    nk_n, nk_k, pratio_p, zeros_are_disclosive
        Parameters of the dominance rules; defaults are acro's (2, 0.9, 0.1, True).
    dof : label, optional
        Column of the residual degrees of freedom of the model behind each row (a model or
        estimate table: observations minus estimated parameters). Where it is below
        ``dof_threshold`` every value column of the row is hidden (``dof``, acro's
        ``safe_dof_threshold`` rule). Needs ``value_cols``.
    dof_threshold : int, default 10
    record : bool, default True
        Write the table to the run's checking record. False for a helper table that is never
        published itself (it only decides which cells other tables hide, e.g.
        :func:`mia_helpers.describe.hidden_group_totals`): the record lists published tables
        only. The ledger (``keys``) is written either way.
    not_shown : list of labels, optional
        Columns that take part in the rules but that the published form of the table leaves
        out (chapter 4's helper counts ``_starters``, ``_matched``; chapter 2's persons and
        events by sex behind the gaps by sex, whose display shows estimates only): they stay
        in the result (hidden cells missing) but the checking record counts only the cells
        of the other columns, so that it lists what the reader sees.
    shown_rows : list of bool, optional
        One per row: False for a row that takes part in the rules but that the published
        table leaves out (chapter 2's KHB table by sex keeps the counts of a sex without a
        decomposition for the groups rule and shows only the decomposed rows). The record
        counts the cells of the shown rows only. Default: every row is shown.
    unknown_to_reader : list of count labels, optional
        Count columns that no table of the run publishes (chapter 2's events by sex): they
        take part in the primary rule and the relations (a value on few events is hidden),
        but in the exact audit their cells are unknowns in ``[0, inf)``, published or not,
        and a hidden one is not a small count to protect (the reader never sees it, so no
        remainder through it is narrowed). Implies ``not_shown``.
    values_follow : sequence of rule names, default :data:`VALUES_FOLLOW`
        The rules whose hidden count hides the values on it. Model estimates (odds ratios,
        gaps, decomposition shares) give no count back, so they do not follow a count hidden
        only by the ``ledger`` (:data:`ESTIMATES_FOLLOW`); shares and means, from which a
        count can be recomputed, keep the default. Seed 7575, window
        2006Q3, ``min_cell`` 20: chapter 2 hid the persons at risk of a stable job of every
        cell (with the first-job risk set they gave the few school leavers of the window's
        last quarters), and with them every stable-job odds ratio, gap and explained share.
        Whatever the ledger hid, a value that the table alone would hide is hidden (the table
        is run again without the ledger where the ledger hid one of its counts; led46).

    Returns
    -------
    Protected
        ``data`` (count columns nullable ``Int64``, hidden cells missing), ``reason``.
        Contribution columns of ``magnitudes`` are not part of it.

    Raises
    ------
    ValueError
        Bad ``min_cell``, missing column, negative or non-numeric counts, an argument naming
        columns that are not count columns, a bad ``values_follow`` or ``hide_rule``, a table
        ``name`` already in the checking record.
    TypeError
        ``table`` is not a DataFrame, or is already :class:`Protected`.
    DisclosureError
        The table carries a person identifier.
    RuntimeError
        The horizon rule did not settle (a bug, never expected).

    Notes
    -----
    Secondary suppression has two stages. First the classic heuristic (Hundepool et al. 2012,
    section 5.2): in each declared relation or group, hide the smallest published cells until
    at least two cells are hidden and they add up to ``min_cell`` or more. That alone is not
    sufficient: a reader knows that a ``<10`` cell lies in ``[1, min_cell - 1]`` and that an
    ``x`` count is not small (else it would read ``<10``), so cells ``1`` and ``10`` hidden in
    a group of known total 61 with 50 shown give ``1 + x = 11`` with ``x >= 10``: the small
    cell is exactly 1. Second, therefore, an exact audit: for every hidden small count (and
    every small unpublished remainder) the reader's feasible interval given all published
    cells and all declared relations and groups is computed by linear programming
    (:func:`feasible_intervals`, scipy's HiGHS), and further cells are hidden until each
    interval still reaches from 1 to ``min_cell - 1``: the table then tells nothing about a
    hidden small count beyond its marker. This guarantee holds for the relations and groups
    declared here (and the ledger across tables); it is not a minimum-loss suppression. Where
    no suppression inside the table can give it (a group whose total is known elsewhere and
    whose cells are all small), the record marks the table ``fail`` and the output must not
    leave.

    Groups along a sequence (``groups`` and ``sequence`` together, e.g. chapter 4's starters
    by origin group: the groups of a measure and horizon add up to the pooled count, and each
    group is a cohort over the horizons). Whatever cells of a group are hidden, their *sum* is
    published implicitly: the known total minus the group's published cells. That sum is a
    count of persons too, and its change from one horizon to the next is the number who left
    the hidden groups (seed 2031: the hidden southern and eastern EU groups held 287 and then
    282 starters, so 5 left, although each group's own count was hidden for exactly that
    reason). The sequence rule on single cells never sees it. Rule: once one count of such a
    group is hidden, every count of the group is hidden (``horizon``, counted in the checking
    record as such; the estimates beside the counts stay, as for the sequence rule), zeros
    included: a zero shown beside hidden cells tells which groups the hidden sum covers, and
    that set's published count at another horizon gives its change (groups ``A``, ``B``, ``C``
    at 50, 30, 20, then ``A`` hidden at 45, ``B`` with it at 30, ``C`` shown at 0: the pooled 75
    against the published 50 + 30 says 5 left ``A`` and ``B``). The two rules are applied
    again until nothing changes (a newly hidden cell can change a cohort's last published
    count). Then the only sums of hidden cells a reader can form from the table are the
    group totals themselves, which are known without it, so no difference of hidden sums can
    arise, between successive horizons or any two, whatever the direction of the changes. The
    exact alternative (hide more only where two hidden sums differ by fewer than
    ``min_cell``) was rejected: the hidden sets differ by horizon, so the sums a reader can
    compare are those over the union of two horizons' hidden groups, and over either set
    alone when the two are disjoint (``A`` and ``C`` hidden at one horizon, ``B`` and ``D``
    at the next, give the change of ``A + C``), for every pair of horizons, not only
    successive ones; checking them all is possible, but the result is safe only for counts
    that never rise and is hard to verify. All or none is the conservative rule an output
    checker verifies by eye. Cost: counts only, never estimates. Source: Hundepool et al.
    (2012), chapters 4-5 on linked tables (cells published in one table add up to a cell
    published in another, so they are protected together) and on disclosure by differencing;
    Brandt et al. (2010) on differencing of tables of the same population. Relations
    (``relations``) are row-wise and not covered by this rule.
    """
    call = dict(locals())  # the arguments, for the table's run without the ledger (led46)
    if isinstance(table, Protected):
        raise TypeError("table is already protected; pass table.data and the same rules")
    if not isinstance(table, pd.DataFrame):
        raise TypeError(f"table must be a pandas DataFrame, got {type(table).__name__}")
    min_cell = check_min_cell(min_cell, "disclosure.suppress")
    check_no_person_ids(table)
    bad_rules = sorted(set(values_follow) - set(RULES))
    if bad_rules:
        raise ValueError(f"values_follow: unknown rules {bad_rules}; rules: {list(RULES)}")
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
    magnitudes = dict(magnitudes or {})
    contrib: dict[Hashable, tuple[str, list[str]]] = {}
    if magnitudes:
        if isinstance(nk_n, bool) or not isinstance(nk_n, int | np.integer) or nk_n < 1:
            raise ValueError(f"nk_n must be a positive integer, got {nk_n!r}")
        if not 0 < nk_k <= 1 or not 0 < pratio_p < 1:
            raise ValueError(f"nk_k must be in (0, 1] and pratio_p in (0, 1), got {nk_k!r}, "
                             f"{pratio_p!r}")
        for col, value in magnitudes.items():
            total, tops = contribution_columns(str(value), nk_n)
            absent = [c for c in [total, *tops] if c not in table.columns]
            if absent:
                raise ValueError(
                    f"magnitude column {col!r} of table {name!r}: contribution columns "
                    f"{absent!r} are missing; merge contributions(df, by, {value!r}, "
                    f"n_top={max(nk_n, 2)}) into the table")
            contrib[col] = (total, tops)
            needed |= {col, total, *tops}
    if dof is not None:
        needed.add(dof)
        if not value_map:
            raise ValueError(f"dof={dof!r} given without value_cols: name the estimate "
                             "columns to hide when the residual degrees of freedom are low")
    if sequence is not None:
        needed |= {sequence[0], *_as_list(sequence[1])}
    missing = [c for c in needed if c not in table.columns]
    if missing:
        raise ValueError(f"columns not in table {name or ''}: {missing!r}")
    split_in_two = _as_list(split_in_two)
    if set(split_in_two) - set(counts):
        raise ValueError(f"split_in_two of table {name!r} names columns that are not count "
                         f"columns: {sorted(map(str, set(split_in_two) - set(counts)))!r}")
    whole = _WHOLE_GROUPS.get()
    if (hide is None and whole and hide_rule == "horizon"
            and {whole[0], *whole[1]} <= set(table.columns)):
        # within whole_groups_hidden: a part equal to its group's persons is hidden
        hide, hide_rule = whole_group_hide(table, whole[0], whole[1]), "complement"
    hide = {c: np.asarray(m, dtype=bool) for c, m in (hide or {}).items()}
    bad_hide = [c for c, m in hide.items() if c not in counts or m.shape != (len(table),)]
    if bad_hide:
        raise ValueError(f"hide of table {name!r}: {bad_hide!r} must be count columns, each with "
                         f"one bool per row ({len(table)})")
    rows_shown = (np.ones(len(table), bool) if shown_rows is None
                  else np.asarray(shown_rows, dtype=bool))
    if rows_shown.shape != (len(table),):
        raise ValueError(f"shown_rows of table {name!r} must hold one bool per row "
                         f"({len(table)}), got shape {rows_shown.shape}")
    unknown = frozenset(_as_list(unknown_to_reader))
    if unknown - set(counts):
        raise ValueError(f"unknown_to_reader of table {name!r} names columns that are not count "
                         f"columns: {sorted(map(str, unknown - set(counts)))!r}")
    not_shown = set(_as_list(not_shown)) | set(unknown)
    last = frozenset(_as_list(last_resort) if last_resort is not None
                     else _LAST_RESORT.get()) - not_shown
    if not_shown - set(table.columns):
        raise ValueError(f"not_shown of table {name!r} names columns not in the table: "
                         f"{sorted(map(str, not_shown - set(table.columns)))!r}")
    overlap = set(counts) & (set(value_map) | set(shares))
    if overlap:
        raise ValueError(f"columns given both as counts and as values: {sorted(overlap)!r}")
    twins = {int(i): int(j) for i, j in (twins or {}).items()}
    bad_twins = {i: j for i, j in twins.items()
                 if not (0 <= i < len(table) and 0 <= j < len(table)) or i == j or j in twins}
    if bad_twins:
        raise ValueError(f"twins of table {name!r}: {bad_twins!r} must map a row position to "
                         f"another row position (0 to {len(table) - 1}) that repeats no row")

    n = len(table)
    num = {c: _numeric_counts(table, c, strict=True) for c in
           set(counts) | {c for nd in shares.values() for c in nd}}
    reason = {c: np.full(n, "", dtype=object) for c in table.columns}
    for c in counts:
        reason[c][_small(num[c], min_cell)] = "primary"
    for i, j in twins.items():
        differ = [c for c in counts if not (num[c][i] == num[c][j]
                                            or (np.isnan(num[c][i]) and np.isnan(num[c][j])))]
        if differ:
            raise ValueError(f"twins of table {name!r}: rows {i} and {j} differ in the count "
                             f"columns {differ!r}; a twin must repeat its row's counts")

    def same_as_twin() -> bool:
        """Hide each twin pair's counts together (the reason of the hidden one); True if a
        cell was hidden."""
        changed = False
        for i, j in twins.items():
            for c in counts:
                if (reason[c][i] == "") != (reason[c][j] == ""):
                    r = reason[c][i] or reason[c][j]
                    reason[c][i] = reason[c][j] = r
                    changed = True
        return changed

    for s, (a, b) in shares.items():
        bad = _small(num[a], min_cell) | _small(num[b] - num[a], min_cell)
        reason[s][bad & (reason[s] == "")] = "share"

    # ledger: a cell hidden in an earlier table stays hidden
    key_cols = list(keys) if keys is not None else []
    key_frame = table[key_cols].astype(str) if key_cols else pd.DataFrame(index=table.index)
    idx_names = [nm for nm in table.index.names if nm is not None] if keys is not None else []
    ledger_as = dict(ledger_as or {})
    key_names = {k: str(v) for k, v in (key_names or {}).items()}
    if (ledger_as or key_names) and keys is None:
        raise ValueError(f"ledger_as and key_names of table {name!r} need keys (the ledger)")
    if set(ledger_as) - set(counts):
        raise ValueError(f"ledger_as of table {name!r} names columns that are not count "
                         f"columns: {sorted(map(str, set(ledger_as) - set(counts)))!r}")
    row_keys = []
    for i in range(n):
        kv = tuple((key_names.get(k, str(k)), key_frame.iat[i, j])
                   for j, k in enumerate(key_cols))
        kv += (("min_cell", str(min_cell)),)
        if idx_names:
            iv = table.index[i] if len(idx_names) > 1 else (table.index[i],)
            kv += tuple((key_names.get(nm, str(nm)), str(v))
                        for nm, v in zip(idx_names, iv, strict=False))
        row_keys.append(frozenset(kv))

    def ledger_key(i: int, c: Hashable) -> tuple[frozenset, str]:
        as_name, extra = ledger_as.get(c, (str(c), {}))
        return (row_keys[i] | {(str(k), str(v)) for k, v in extra.items()}, str(as_name))

    published: frozenset = frozenset()
    if key_cols or idx_names:
        for c in counts:
            for i in range(n):  # rows of an aggregate table
                if reason[c][i] == "" and _LEDGER.get(ledger_key(i, c)) and num[c][i] > 0:
                    reason[c][i] = "ledger"
        # totals an earlier table published: hiding them here as the last resort would
        # protect nothing (rev24: a count table showing 21 persons, then a table hiding them
        # beside first starts 'x' recorded no narrowed remainder)
        published = frozenset((c, i) for c in last if c in counts for i in range(n)
                              if ledger_key(i, c) in _SHOWN)

    if hide_rule not in ("horizon", "complement", "derived"):
        raise ValueError(f"hide_rule of table {name!r} must be 'horizon', 'complement' or "
                         f"'derived', got {hide_rule!r}")
    for c, m in hide.items():  # the caller's differences across tables
        reason[c][m & (reason[c] == "") & ~(num[c] == 0)] = hide_rule
    # a part hidden because it equals its total (whole_group_hide): the reader may not find
    # the remainder 0 either, e.g. a total of min_cell beside the part 'x' (dpo38)
    whole_rems: frozenset = frozenset()
    if hide_rule == "complement":
        whole_rems = frozenset(
            (r, int(i)) for r, (t, ps, exh) in enumerate(relations)
            if not exh and len(ps) == 1 and ps[0] in hide and t in num
            for i in np.flatnonzero(hide[ps[0]] & (num[ps[0]] == num[t]) & (num[t] > 0)))
    zero_masks = {c: np.asarray(m, dtype=bool) for c, m in (zeros or {}).items()}
    bad_zeros = [c for c, m in zero_masks.items()
                 if c not in counts or m.shape != (len(table),)]
    if bad_zeros:
        raise ValueError(f"zeros of table {name!r}: {bad_zeros!r} must be count columns, each "
                         f"with one bool per row ({len(table)})")
    zero_cells: frozenset = frozenset()
    for c, m in zero_masks.items():  # zeros of groups of fewer than min_cell persons (dpo34)
        hit = m & (reason[c] == "") & (num[c] == 0)
        reason[c][hit] = "complement"
        zero_cells |= {(c, int(i)) for i in np.flatnonzero(hit)}
    for c in split_in_two:  # the split rule: the parts published elsewhere stay unbounded
        bound = split_bounds(num[c], min_cell) & (reason[c] == "")
        reason[c][bound] = "complement"
        # the count's published parts in this table bound it from below: above min_cell they
        # would narrow the split parts again (two "<m" parts of n >= 25 lie in [6, m - 1] at
        # m = 20), so they are hidden with it (an "x" is at least min_cell: no bound above it)
        for total, parts, _ in relations:
            if total != c:
                continue
            vals = np.column_stack([_numeric_counts(table, p, strict=True) for p in parts])
            shown = np.column_stack([reason[p] == "" for p in parts])
            low = np.nansum(np.where(shown, vals, 0.0), axis=1)
            for j, p in enumerate(parts):
                hit = bound & (low > min_cell) & shown[:, j] & (vals[:, j] > 0)
                reason[p][hit] = "complement"

    by_keys: dict[tuple, np.ndarray] = {}  # the group numbers of each key list, once
    gids: dict[Hashable, np.ndarray] = {}
    for c, ks in groups.items():
        if tuple(ks) not in by_keys:
            by_keys[tuple(ks)] = _group_ids(table, ks)
        gids[c] = by_keys[tuple(ks)]
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
        for c, gid in gids.items():
            vals = num[c] if c in num else _numeric_counts(table, c, strict=True)
            for g in np.unique(gid[gid >= 0]):  # groups of an aggregate table
                rows = np.flatnonzero(gid == g)
                add = _protect_group(vals[rows], reason[c][rows] != "", 0.0, min_cell)
                for i in rows[add]:
                    reason[c][i] = "complement"
                    changed = True
        changed |= same_as_twin()
        if not changed:
            break
    unresolved: list[str] = []
    narrowed: list[str] = []
    if isinstance(one_marker, bool | np.bool_):
        alike = frozenset(range(n)) if one_marker else frozenset()
    else:
        om = np.asarray(one_marker, dtype=bool)
        if om.shape != (n,):
            raise ValueError(f"one_marker: one bool per row ({n}), got shape {om.shape}")
        alike = frozenset(int(i) for i in np.flatnonzero(om))
    if relations or groups:
        for c in {x for t, p, _ in relations for x in [t, *p]} | set(groups):
            if c not in num:
                num[c] = _numeric_counts(table, c, strict=True)
        narrowed, unresolved = _repair(num, reason, list(counts), relations, groups, gids, n,
                                       min_cell, unknown, last, published, zero_cells, twins,
                                       alike, whole_rems)
        same_as_twin()  # the repair hides the repeated rows: their repeats follow

    if sequence is not None:
        order_col, ks = sequence[0], _as_list(sequence[1])
        srt = table.reset_index(drop=True).sort_values([*ks, order_col], kind="stable")
        seq_gid = srt.groupby(ks, sort=False, observed=True).ngroup().to_numpy() if ks \
            else np.zeros(n, int)
        seq_pos = srt.index.to_numpy()
        closed = [c for c in groups if c in counts]  # groups the sequence rule reaches
        for _ in range(len(counts) * n + 1):  # each round hides at least one more cell
            changed = _horizon_pass(num, reason, counts, seq_gid, seq_pos, min_cell)
            changed |= _hidden_sums_pass(num, reason, closed, gids)
            if not changed:
                break
            if relations or groups:  # more hidden cells only widen the reader's intervals:
                # the audit is repeated so that the record's lists are those of the table shown
                narrowed, unresolved = _repair(num, reason, list(counts), relations, groups,
                                               gids, n, min_cell, unknown, last, published,
                                               zero_cells, twins, alike, whole_rems)
                same_as_twin()
        else:
            raise RuntimeError("the horizon rule did not settle; this is a bug")
    if unresolved:
        import warnings

        warnings.warn(f"table {name!r}: hidden small counts stay recoverable from the "
                      f"declared relations whatever else is hidden ({', '.join(unresolved)}); "
                      "the checking record marks it 'fail' and export-check refuses the run",
                      stacklevel=2)

    for col, (total, tops) in contrib.items():
        tot = _numeric_counts(table, total, strict=True)
        top = np.column_stack([_numeric_counts(table, t, strict=True) for t in tops])
        nk, pr = _dominance(tot, top, int(nk_n), float(nk_k), float(pratio_p),
                            bool(zeros_are_disclosive))
        shown = (reason[col] == "") & table[col].notna().to_numpy()
        reason[col][shown & nk] = "nk-rule"
        reason[col][shown & pr & ~nk] = "p-ratio"
    dof_vals = None
    if dof is not None:
        dof_vals = pd.to_numeric(table[dof], errors="coerce").to_numpy(dtype=float,
                                                                       na_value=np.nan)
        low = ~(dof_vals >= dof_threshold)  # missing degrees of freedom count as too few
        for v in value_map:
            reason[v][low & (reason[v] == "")] = "dof"

    for _ in range(2):  # a value may follow another value (a share of two magnitudes)
        for v, cs in value_map.items():
            follow = np.logical_or.reduce([np.isin(reason[c], list(values_follow))
                                           for c in cs]) if cs else np.zeros(n, bool)
            reason[v][follow & (reason[v] == "")] = "derived"
    # the ledger only adds: a value this table hides alone stays hidden whatever an earlier
    # table hid (led46). A cell the ledger hides first escapes the table's own rules on it (the
    # complement rule reads only rows whose total is shown; a small remainder beside a hidden
    # count needs no further cell), and estimates do not follow a count hidden by the ledger
    # alone (ESTIMATES_FOLLOW): chapter 2 at seed 2019, min_cell 25, published first-job gaps
    # of cells with 24 and 14 persons without a first job (user46).
    if value_map and any((reason[c] == "ledger").any() for c in counts):
        import warnings

        with warnings.catch_warnings():  # the run alone is not published: no second warning
            warnings.simplefilter("ignore")
            alone = suppress(**{**call, "count_cols": list(counts), "keys": None,
                                "ledger_as": None, "key_names": None, "record": False,
                                "hide": hide, "hide_rule": hide_rule}).reason
        for v in value_map:
            own = alone[v].to_numpy(dtype=object)
            more = (reason[v] == "") & (own != "")
            reason[v][more] = own[more]

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
    evidence = [c for tt in contrib.values() for c in [tt[0], *tt[1]] if c not in magnitudes]
    data = data.drop(columns=evidence)
    reason_df = reason_df.drop(columns=evidence)
    if key_cols or idx_names:
        for c in counts:
            for i in np.flatnonzero(reason[c] != ""):
                _LEDGER[ledger_key(i, c)] = reason[c][i]
    done: list[bool] = []

    def publish(final: pd.DataFrame) -> None:
        """The table as published, with the reasons ``final`` (this table's, or more cells
        hidden by tables linked to it): its shown counts marked published in the ledger, its
        further hidden ones hidden there, and its entry in the checking record."""
        if done:
            raise ValueError(f"table {name!r} is already in the checking record")
        if len(final) != n:
            raise ValueError(f"table {name!r}: the published reasons have {len(final)} rows, "
                             f"the table {n}")
        done.append(True)
        for c in counts if key_cols or idx_names else ():
            if c not in final.columns:
                continue
            r = final[c].astype(str).to_numpy()
            for i in np.flatnonzero(r != ""):
                _LEDGER.setdefault(ledger_key(i, c), str(r[i]))
            if c not in not_shown:  # published (a helper table publishes none)
                for i in np.flatnonzero((r == "") & (num[c] > 0) & rows_shown):
                    _SHOWN.add(ledger_key(i, c))
        shown_cols = [c for c in final.columns if c not in not_shown]
        _record(name, final.loc[rows_shown, shown_cols], int(rows_shown.sum()), min_cell,
                [c for c in counts if c not in not_shown and c in final.columns],
                list(contrib), dof, dof_vals, dof_threshold, nk_n, nk_k, pratio_p, unresolved,
                narrowed)
        if os.environ.get(RECORD_ENV):  # the chapter runner asks for the run's record
            write_record(os.environ[RECORD_ENV])

    if not record:  # recorded later, if published, by record_published
        return Protected(data, reason_df, list(counts), int(min_cell), name, pending=publish,
                         zeros=zero_cells, one_marker=alike)
    publish(reason_df)
    return Protected(data, reason_df, list(counts), int(min_cell), name, zeros=zero_cells,
                     one_marker=alike)


def record_published(table: Protected) -> Protected:
    """Write a table that :func:`suppress` protected with ``record=False`` to the run's
    checking record as it is finally published, once the tables linked to it have hidden
    more of its cells (fpx28: chapter 5's feeder model,
    :func:`mia_helpers.newcomers.feeder_table`, before
    :func:`mia_helpers.linked_tables.feeder_against_steps` and
    :func:`~mia_helpers.linked_tables.feeder_against_profile`): its counts shown then are
    marked published in the ledger (``keys``) only now, so a linked table run before may
    still hide one as the last resort; the counts hidden since are hidden in the ledger too.
    Returns ``table`` with nothing left to record.

    Raises
    ------
    ValueError
        If ``table`` has nothing to record (protected with ``record=True``, already recorded,
        or not made by :func:`suppress`), or its rows are not those :func:`suppress` protected.
    """
    if table.pending is None:
        raise ValueError(f"record_published({table.name!r}): nothing to record (suppress "
                         "recorded it with record=True, or it was recorded already)")
    table.pending(table.reason)
    return replace(table, pending=None)


def _record(name: str, reason_df: pd.DataFrame, n: int, min_cell: int, counts: list,
            magnitude_cols: list, dof: Hashable | None, dof_vals: np.ndarray | None,
            dof_threshold: int, nk_n: int, nk_k: float, pratio_p: float,
            unresolved: list[str], narrowed: list[str] | None = None) -> None:
    """Append one table to the checking record (acro's rule names and statuses)."""
    arr = reason_df.to_numpy()
    where = {r: arr == r for r in RULES}  # one array comparison per rule (not a frame's)
    rule_counts = {r: int(where[r].sum()) for r in RULES}
    hidden = int(sum(rule_counts.values()))
    acro_names = {"threshold": "primary", "p-ratio": "p-ratio", "nk-rule": "nk-rule"}
    sdc_summary = {"negative": 0, "missing": 0,
                   **{a: rule_counts[r] for a, r in acro_names.items()},
                   "all-values-are-same": 0,
                   **{r: rule_counts[r] for r in RULES if r not in acro_names.values()}}
    cells = {a: [[int(i), int(j)] for i, j in zip(*np.nonzero(where[r]), strict=True)]
             for a, r in {**acro_names, **{r: r for r in RULES
                                           if r not in acro_names.values()}}.items()}
    dof_min = None
    if dof is not None and dof_vals is not None and len(dof_vals):
        dof_min = float(np.nanmin(dof_vals)) if not np.isnan(dof_vals).all() else float("nan")
    parts = [f"{a}: {sdc_summary[a]} cells suppressed; " for a in
             ["threshold", "p-ratio", "nk-rule", *[r for r in RULES
                                                   if r not in acro_names.values()]]
             if sdc_summary[a]]
    status = "fail" if unresolved else ("review" if hidden else "pass")
    summary = status + ("; " + "".join(parts) if parts else "")
    if dof is not None and dof_min is not None:
        cmp = "<" if not dof_min >= dof_threshold else ">="
        summary += f"{'; ' if not parts else ''}dof={dof_min:g} {cmp} {dof_threshold}"
        if cmp == "<":
            summary += " (estimates of those rows suppressed)"
    if narrowed:
        summary += f"; narrowed (group total known elsewhere): {', '.join(narrowed)}"
    if unresolved:
        summary += f"; recoverable: {', '.join(unresolved)}"
    _RECORD.append({"output": name or f"table_{len(_RECORD)}",
                    "timestamp": _dt.datetime.now(_dt.UTC).isoformat(timespec="seconds"),
                    "rows": n, "columns": int(reason_df.shape[1]), "min_cell": int(min_cell),
                    "count_cols": [str(c) for c in counts],
                    "magnitude_cols": [str(c) for c in magnitude_cols],
                    "dof_col": None if dof is None else str(dof), "dof_min": dof_min,
                    "dof_threshold": int(dof_threshold), "nk_n": int(nk_n), "nk_k": float(nk_k),
                    "pratio_p": float(pratio_p), "hidden": hidden, **rule_counts,
                    "narrowed": list(narrowed or []), "unresolved": unresolved, "status": status, "summary": summary,
                    "sdc_summary": sdc_summary, "cells": cells})


def hide_more(table: Protected, hide: Mapping[str, np.ndarray], rule: str, name: str,
              min_cell: int) -> Protected:
    """``table`` with more cells hidden by a rule across tables, after :func:`suppress`
    protected it: in each column of ``hide``, the published cells of the rows where its mask
    (bool, one per row) is True become missing, with ``rule`` as their reason, and are added
    to the checking record as entry ``name`` (:func:`record_hidden`). ``table`` itself when
    no published cell is hit; it is never modified. The one step of the rules that
    :func:`suppress` cannot take as arguments (chapter 3's gap table against other tables,
    chapter 1's repeated stable starts, the effect tables' one-sided and relative effects).

    Raises
    ------
    ValueError
        For a ``rule`` that is not one of :data:`RULES`.
    KeyError
        For a column of ``hide`` that ``table`` lacks.
    """
    if rule not in RULES:
        raise ValueError(f"hide_more({name!r}): rule {rule!r} is not one of {', '.join(RULES)}")
    data, reason = table.data.copy(), table.reason.copy()
    added = pd.DataFrame("", index=reason.index, columns=reason.columns)
    for col, mask in hide.items():
        hit = np.asarray(mask, dtype=bool) & data[col].notna().to_numpy()
        data.loc[hit, col] = np.nan
        reason.loc[hit, col] = added.loc[hit, col] = rule
    if not (added != "").to_numpy().any():
        return table
    record_hidden(name, added, min_cell)
    return replace(table, data=data, reason=reason)


def record_hidden(name: str, reason: pd.DataFrame, min_cell: int) -> None:
    """Add to the checking record the cells a function hid in a table after :func:`suppress`
    protected it (a rule across tables that ``suppress`` cannot take as an argument, e.g. the
    relative effects of :func:`mia_helpers.effect_tables.treated_share_small`): one entry
    named ``name``, status ``review``, with ``reason``'s non-empty cells under their rule
    (one of :data:`RULES`; positions are those of ``reason``, the table as published). No
    entry when ``reason`` has no such cell. Written to the run's record file as
    :func:`suppress` does.

    Raises
    ------
    ValueError
        A reason that is not one of :data:`RULES`.
    """
    values = {str(v) for v in np.unique(reason.astype(str).to_numpy())} - {""}
    if values - set(RULES):
        raise ValueError(f"record_hidden({name!r}): reasons {sorted(values - set(RULES))} are "
                         f"not rules of the checking record ({', '.join(RULES)})")
    if not values:
        return
    _record(name, reason.astype(str), len(reason), min_cell, [], [], None, None,
            DEFAULT_DOF_THRESHOLD, DEFAULT_NK_N, DEFAULT_NK_K, DEFAULT_PRATIO_P, [])
    if os.environ.get(RECORD_ENV):
        write_record(os.environ[RECORD_ENV])


def record_unresolved(name: str, reason: pd.DataFrame, min_cell: int,
                      unresolved: Sequence[str]) -> None:
    """Add to the checking record a table that no suppression inside it can protect, status
    ``fail`` (the output may not leave; the export check refuses the run): e.g. a group whose
    total the reader knows from other tables and which holds a small count whatever is hidden
    (:func:`mia_helpers.describe.exclusion_log`). ``unresolved``: one sentence per problem,
    without the small counts themselves (the record leaves with the outputs). ``reason`` as in
    :func:`record_hidden`. No entry when ``unresolved`` is empty.
    """
    if not unresolved:
        return
    _record(name, reason.astype(str), len(reason), min_cell, [], [], None, None,
            DEFAULT_DOF_THRESHOLD, DEFAULT_NK_N, DEFAULT_NK_K, DEFAULT_PRATIO_P,
            list(unresolved))
    if os.environ.get(RECORD_ENV):
        write_record(os.environ[RECORD_ENV])


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

    Without ``value_cols`` the table's numeric columns that are neither counts nor labels
    (:func:`default_value_cols`: shares, means, estimates) follow every count column, as a
    list ``value_cols`` does: a share left beside a ``<10`` count gave the count back (dpo31:
    ``n`` 9 shown as ``<10`` beside ``share_employed`` 0.333 is 3 of 9; export-check refuses
    such a table as ``share_count``). Pass ``value_cols={}`` to let no column follow.

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
    if value_cols is None:
        value_cols = default_value_cols(table, count_cols, **rules) or None
    p = suppress(table, count_cols, min_cell, value_cols, **rules)
    out = p.render(marker, value_marker)
    for c in p.count_cols:  # untouched count columns keep the caller's dtype
        if not p.mask[c].any():
            out[c] = table[c]
    return out


#: a value computed on the persons of a row even where its label names a unit ("mean_age",
#: "median_quarters", "pct_year"): :func:`default_value_cols` hides it with their counts
_VALUE_NAME = re.compile(r"(?i)^(?:mean|avg|average|median|share|pct|percent|sd|std)(?:_|\b)"
                         r"|_(?:mean|avg|median|share|pct|percent)$")


def default_value_cols(table: pd.DataFrame, count_cols: Sequence[Hashable] | None = None,
                       **rules: Any) -> list[Hashable]:
    """The columns of ``table`` that :func:`suppress_small_cells` hides beside a hidden count
    when the caller names no ``value_cols`` (dpo31): numeric columns (or text columns whose
    every value reads as a number) that are not count columns (``count_cols``, else those
    named as counts), not a share of ``rules["shares"]`` (its own rule), not a key of the
    ``keys``, ``groups`` or ``sequence`` rules or the ``dof`` column, not boolean and not named
    as a number other than a value (a quarter, horizon, age: ``vocab.is_non_count_name``)
    unless named as a mean, median or share of one (``mean_age``: :data:`_VALUE_NAME`).

    Returns
    -------
    list of column labels, in the table's order (empty if there is none).

    Raises
    ------
    ValueError
        As :func:`suppress` when no count column is given or recognised by name.
    """
    counts = set(_infer_count_cols(table) if count_cols is None else _as_list(count_cols))
    skip = set(counts) | set(dict(rules.get("shares") or {}))
    skip |= set(_as_list(rules.get("keys")))
    skip |= {k for ks in dict(rules.get("groups") or {}).values() for k in _as_list(ks)}
    seq = rules.get("sequence")
    if seq is not None:
        skip |= {seq[0], *_as_list(seq[1])}
    if rules.get("dof") is not None:
        skip.add(rules["dof"])
    out = []
    for c in table.columns:
        if c in skip or (vocab.is_non_count_name(c) and not _VALUE_NAME.search(str(c))):
            continue
        col = table[c]
        if pd.api.types.is_bool_dtype(col.dtype):
            continue
        if not pd.api.types.is_numeric_dtype(col.dtype):
            given = col.dropna()
            if given.empty or given.map(lambda x: isinstance(x, bool | np.bool_)).any() \
                    or pd.to_numeric(given, errors="coerce").isna().any():
                continue
        out.append(c)
    return out


def whole_group_cells(table: pd.DataFrame, total: Hashable, part: Hashable) -> list[bool]:
    """Rows in which every person of the group has the attribute: ``part`` equals ``total``
    (and is positive), e.g. 88 contracts of 88 asylum newcomers.

    The ``share`` rule hides a share whose complement is small, but a complement of zero is
    shown (a zero count is no person), so such a row printed "100.0 %": class disclosure, as
    it tells the reader of every member of the group that they have the attribute
    (Hundepool et al. 2012, ch. 5, "group disclosure"). Pass the result as
    ``suppress(hide={part: ...}, hide_rule="complement")``: the count is hidden (``x``, at
    least ``min_cell``), its share with it, and the relations protect it as any hidden cell
    (old29: chapter 5's contracts by residence ground, seed 7171 with 400 newcomers and seed
    2005 with 2,000: asylum and family at 100 %).

    Parameters
    ----------
    table : DataFrame
        One row per group.
    total, part : column labels
        Persons of the group and persons of it with the attribute (counts).

    Returns
    -------
    list of bool, one per row of ``table``.

    Raises
    ------
    KeyError
        Naming the missing column.
    """
    for col in (total, part):
        if col not in table.columns:
            raise KeyError(f"whole_group_cells: no column {col!r} (columns: "
                           f"{list(table.columns)})")
    n = pd.to_numeric(table[total], errors="coerce").to_numpy(dtype=float)
    k = pd.to_numeric(table[part], errors="coerce").to_numpy(dtype=float)
    return [bool(x) for x in (k == n) & (n > 0)]


def whole_group_hide(table: pd.DataFrame, total: Hashable, parts: Sequence[Hashable]
                     ) -> dict[Hashable, list[bool]]:
    """:func:`whole_group_cells` for every count column in ``parts`` of persons of the group
    (each at most ``total``), as ``suppress``'s ``hide`` (with ``hide_rule="complement"``).

    dpo29b: chapter 5's steps table hid a ground's contracts where every newcomer of it had
    signed, but not its NT2 starts beside them (one per person at most in the synthetic data at
    seeds 3131 and 2005, so persons too): seed 11, 300 residents, 150 newcomers, ``min_cell``
    10 printed "Asylum | 31 | x | 31", every asylum newcomer having started an NT2 course.

    Parameters
    ----------
    table : DataFrame
        One row per group.
    total : column label
        Persons of the group.
    parts : column labels
        Counts of persons of the group with an attribute each.

    Returns
    -------
    dict
        ``{part: list of bool}``, one bool per row of ``table``.

    Raises
    ------
    KeyError
        Naming a missing column.
    """
    return {p: whole_group_cells(table, total, p) for p in parts}


def zeros_of_small_groups(table: pd.DataFrame, value_cols: Sequence[Hashable],
                          persons_col: Hashable | Sequence[float] | np.ndarray | pd.Series,
                          min_cell: int = DEFAULT_MIN_CELL, *,
                          whole: Mapping[Hashable, Hashable | float] | None = None,
                          atol: float = 0.0) -> dict[Hashable, np.ndarray]:
    """Positions of the values that state "none" (or "all") of a group of fewer than
    ``min_cell`` persons (dpo34).

    The ``primary`` rule shows a zero count (a zero is no person), and a share, curve value
    or relative risk ratio of 0 rests on no event. But where the group itself has fewer than
    ``min_cell`` persons, a published zero tells of each of them that they did not
    experience the outcome: "none of the 4 persons of group G started IBO" is an attribute
    disclosure about 4 identifiable persons (Hundepool et al. 2012, ch. 5, "group
    disclosure"; the ``whole_group`` rule is its mirror, all of a group with the attribute).
    Likewise a value equal to the whole group (``whole``) states that all of them did. Pass
    the count columns' masks as ``suppress(zeros=...)`` (the zeros are hidden as
    ``complement``, printed ``<min_cell`` as a small count since dpo37, and protected by the
    table's relations) or hide values with
    :func:`hide_more`.

    Parameters
    ----------
    table : DataFrame
        One row per group (or cell), any index.
    value_cols : sequence of labels
        Columns to read: counts, shares, curve values, estimates. Text (a marker such as
        ``"<10"`` or ``"x"``) and missing values are never zero.
    persons_col : label, or list / array / Series of numbers
        The persons of each row's group (persons at risk, not persons with the outcome): a
        column of ``table``, or one number per row in row order (e.g. persons counted
        elsewhere, mapped onto the rows; a Series is read by position). A row whose persons are missing (unknown) is not flagged.
    min_cell : int
        Minimum persons behind a published value; groups with ``0 < persons < min_cell``
        are small. A group of 0 persons has no values to disclose.
    whole : mapping ``{value_col: all}``, optional
        The value of ``value_col`` that states "all of the group": a number (``100.0`` for
        a percentage, ``1.0`` for a fraction) or a column label whose value in the row is
        the whole group (``"n_persons"`` for a count of persons with the outcome). Such
        values of small groups are flagged too. Default: zeros only.
    atol : float, default 0.0
        Values with ``|v| <= atol`` count as zero (and ``|v - all| <= atol`` as all): a
        value that the table prints rounded to 0 implies 0 (half a unit of its last
        published decimal, e.g. ``0.005`` for an RRR printed with two decimals).

    Returns
    -------
    dict
        ``{value_col: numpy bool array of shape (len(table),)}``, True at the disclosive
        positions.

    Raises
    ------
    KeyError
        A column of ``value_cols``, ``persons_col`` or ``whole`` not in ``table`` (naming it
        and the table's columns).
    ValueError
        ``min_cell`` not a whole number >= 1, negative ``atol``, ``persons_col`` given as
        numbers of another length than ``table``, or negative persons.
    """
    min_cell = check_min_cell(min_cell, "disclosure.zeros_of_small_groups")
    if not atol >= 0:
        raise ValueError(f"zeros_of_small_groups: atol must be >= 0, got {atol!r}")
    cols = list(table.columns)
    if not isinstance(persons_col, list | np.ndarray | pd.Series | pd.Index | range):
        if persons_col not in cols:
            raise KeyError(f"zeros_of_small_groups: no persons column {persons_col!r} (columns: "
                           f"{cols}); pass the persons of each row's group as a column or as "
                           "one number per row")
        persons = pd.to_numeric(table[persons_col], errors="coerce").to_numpy(float)
    else:
        persons = pd.to_numeric(pd.Series(np.asarray(persons_col, dtype=object).ravel()),
                                errors="coerce").to_numpy(float)
        if persons.shape != (len(table),):
            raise ValueError(f"zeros_of_small_groups: persons_col holds {persons.shape[0]} "
                             f"numbers, the table {len(table)} rows (one per row)")
    if (persons < 0).any():
        raise ValueError("zeros_of_small_groups: persons per group must not be negative")
    whole = dict(whole or {})
    missing = [c for c in [*value_cols, *whole] if c not in cols]
    missing += [w for w in whole.values() if isinstance(w, str) and w not in cols]
    if missing:
        raise KeyError(f"zeros_of_small_groups: columns {missing!r} not in the table "
                       f"(columns: {cols})")
    small = _small(persons, min_cell)
    out: dict[Hashable, np.ndarray] = {}
    for c in value_cols:
        v = pd.to_numeric(table[c], errors="coerce").to_numpy(dtype=float, na_value=np.nan)
        with np.errstate(invalid="ignore"):
            hit = np.abs(v) <= atol
            if c in whole:
                w = whole[c]
                full = (pd.to_numeric(table[w], errors="coerce").to_numpy(float, na_value=np.nan)
                        if isinstance(w, str) else np.full(len(table), float(w)))
                hit |= np.abs(v - full) <= atol
        out[c] = small & hit & ~np.isnan(v)
    return out


def suppress_subgroups(
    table: pd.DataFrame,
    by: Hashable,
    total: str,
    keys: Sequence[Hashable],
    count_cols: Sequence[Hashable],
    min_cell: int = DEFAULT_MIN_CELL,
    value_cols: Mapping[Hashable, Hashable] | Sequence[Hashable] | None = None,
    **rules: Any,
) -> pd.DataFrame:
    """:func:`suppress_small_cells` of a table that holds, per ``keys``, the rows of the
    subgroups in column ``by`` and a row of their total (``by == total``): the subgroups'
    counts add up to the total's, so they are one group of :func:`suppress` (``groups``) and a
    hidden subgroup cannot come back as the total minus the others.

    Appendix C's effects by age group (seed 6464 bootstrap, ``min_cell`` 15): the rows of all
    patients (55 transplanted at 52 periods), 45-54 (35) and under 45 (16) were published
    beside "<15" for 55 plus, which is 55 - 35 - 16 = 4.

    Parameters
    ----------
    table : DataFrame
        One row per subgroup (or total) and key values; not modified.
    by : label
        Column of the subgroup; ``total`` marks the total row (in no group: it is published
        as it is).
    total : str
        Value of ``by`` on the total rows.
    keys : list of labels
        Columns that identify one set of subgroups and their total (e.g. estimand, estimator,
        horizon).
    count_cols, min_cell, value_cols, rules
        As for :func:`suppress_small_cells` (``groups`` may not be given: it is set here).

    Returns
    -------
    DataFrame
        The rendered table (markers in place), same index and columns as ``table``.

    Raises
    ------
    ValueError
        A missing column, ``groups`` in ``rules``, or key values with subgroup rows but no
        total row (the subgroups would add up to nothing the reader knows: say so instead).
    """
    missing = [c for c in (by, *keys) if c not in table.columns]
    if missing:
        raise ValueError(f"suppress_subgroups: table lacks columns {missing}")
    if "groups" in rules:
        raise ValueError("suppress_subgroups sets groups itself; pass no groups")
    is_total = table[by].astype(str) == str(total)
    key = table[list(keys)].astype(str).agg("|".join, axis=1)
    orphans = sorted(set(key[~is_total]) - set(key[is_total]))
    if orphans:
        raise ValueError(f"suppress_subgroups: no {by} == {total!r} row for the keys "
                         f"{orphans[:3]} (of {list(keys)})")
    col = "_subgroup_total"
    out = suppress_small_cells(table.assign(**{col: key.where(~is_total, NO_GROUP)}),
                               count_cols, min_cell, value_cols,
                               groups={c: [col] for c in count_cols}, **rules)
    return out.drop(columns=col)


def coarsen_steps(
    curve: pd.DataFrame,
    time: Hashable,
    value: Sequence[Hashable] | Hashable,
    events: Hashable,
    at_risk: Hashable | None = None,
    by: Sequence[Hashable] | None = None,
    min_cell: int = DEFAULT_MIN_CELL,
    start: float | None = None,
    exact_at: float | None = None,
    total: Hashable | None = None,
    drop_unpublished: bool = False,
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
    exact_at : a time whose exact (uncoarsened) value another table of the run publishes
        (chapter 3's natives' cumulative incidence at the horizon in the gap table). The
        curve is then published at its exact value there, and the steps before it are merged
        backwards until the last one rests on ``min_cell`` events: else the exact value minus
        the curve's held level would be a step taken by fewer than ``min_cell`` persons. When
        the events up to ``exact_at`` are fewer than ``min_cell`` the exact value cannot be
        published (the other table must hide it); the curve is left as without ``exact_at``.
    total : column of each group's events over its whole follow-up (constant within a group),
        when another table publishes that total (chapter 2's risk-set table: the school
        leavers with a first job inside the window, also after the curve stops). The last
        published steps are then merged into the remainder until the events after the last
        one (``total`` minus the events up to it) are none or at least ``min_cell``: else that
        total minus the curve's last level times the persons would count the few who entered
        after it (seed 2005, 800 residents, min_cell 10: 39 Maghrebi second-generation school
        leavers, 27 with a first job, the curve's last level 21/39 with nobody censored
        before it, so 6 entered later). Not combined with ``exact_at`` (``ValueError``).
    drop_unpublished : leave out a curve none of whose steps can be published (some events,
        but fewer than ``min_cell`` before its points end) instead of holding it at ``start``:
        a curve held at 0 reads as "no event", and a sentence taking its level at the horizon
        states a false 0 (dpo21, seed 5757, 2,500 residents, min_cell 15: chapter 3 drew the
        IBO inflow of other non-EU jobseekers at 0 and wrote "0.0 to 3.4 % for the non-EU
        origins", where 14 persons, 2.5 %, had started one). A curve without any event keeps
        its true level ``start``.

    Returns
    -------
    DataFrame
        ``curve`` without the count columns (``events``, ``at_risk``, ``total``): within a group the
        curve keeps its last published level until at least ``min_cell`` events have
        accumulated since the last published step, then jumps to the current value (the
        step is merged with the ones before it). A curve therefore never shows a step taken
        by fewer than ``min_cell`` persons.

    Raises
    ------
    ValueError
        If ``min_cell`` is not a whole number >= 1, or both ``exact_at`` and ``total`` are
        given.

    Notes
    -----
    Brandt et al. (2010), section on survival tables: each step of a Kaplan-Meier curve is a
    frequency; merge time intervals until each holds at least the threshold.
    """
    min_cell = check_min_cell(min_cell, "disclosure.coarsen_steps")
    if total is not None and exact_at is not None:
        raise ValueError("coarsen_steps: give exact_at or total, not both (a total published "
                         "elsewhere and an exact value at exact_at are not reconciled)")
    values = _as_list(value)
    by = _as_list(by)
    d = curve.sort_values([*by, time], kind="stable").reset_index(drop=True)
    if at_risk is not None:
        d = d[d[at_risk].to_numpy() >= min_cell].reset_index(drop=True)
    ev = d[events].to_numpy(dtype=float)
    tt = d[time].to_numpy(dtype=float)
    gid = d.groupby(by, sort=False, observed=True).ngroup().to_numpy() if by \
        else np.zeros(len(d), int)
    raw = {v: d[v].to_numpy(dtype=float) for v in values}
    out_vals = {v: np.full(len(d), np.nan) for v in values}
    bounds = np.flatnonzero(np.r_[True, gid[1:] != gid[:-1], True]) if len(d) else [0]
    keep = np.ones(len(d), bool)
    for lo, hi in zip(bounds[:-1], bounds[1:], strict=True):  # one curve (aggregates)
        steps = _curve_steps(ev[lo:hi], tt[lo:hi], min_cell, exact_at)
        cum = np.cumsum(ev[lo:hi])
        if total is not None:  # the events after the last step: none or min_cell
            rest = float(d[total].to_numpy(dtype=float)[lo])
            while steps and 0 < rest - cum[max(steps)] < min_cell:
                steps.discard(max(steps))
        if drop_unpublished and not steps and cum.size and cum[-1] > 0:
            keep[lo:hi] = False  # only the start level could be shown: not a curve
            continue
        last = -1
        for j in range(hi - lo):
            if j in steps or (start is None and cum[j] == 0):
                last = j  # a published step, or (start unknown) the level before any event
            for v in values:
                if last >= 0:
                    out_vals[v][lo + j] = raw[v][lo + last]
                elif start is not None:
                    out_vals[v][lo + j] = float(start)
    for v in values:
        d[v] = out_vals[v]
    drop = [c for c in (events, at_risk, total) if c is not None]
    return d.drop(columns=drop)[keep].reset_index(drop=True)


def _curve_steps(ev: np.ndarray, t: np.ndarray, min_cell: int,
                 exact_at: float | None) -> set[int]:
    """Positions of one curve's published steps (:func:`coarsen_steps`).

    Forward: a step where ``min_cell`` events have accumulated since the last one. With
    ``exact_at``: the position of that time becomes a step whenever the events up to it reach
    ``min_cell``; earlier steps are dropped, last first, until the events since the last kept
    one reach ``min_cell``, and the steps after it are counted again from it.
    """
    def forward(first: int, stop: int) -> list[int]:
        out, acc = [], 0.0
        for i in range(first, stop):
            acc += ev[i]
            if acc >= min_cell:
                out.append(i)
                acc = 0.0
        return out

    steps = forward(0, len(ev))
    hit = np.flatnonzero(t == exact_at) if exact_at is not None else np.array([], int)
    if len(hit) == 0 or ev[: hit[0] + 1].sum() < min_cell:
        return set(steps)
    a = int(hit[0])
    before = [i for i in steps if i <= a]
    # (with no event since the last step the held level is the exact value already)
    if not before or (before[-1] != a and ev[before[-1] + 1: a + 1].sum() > 0):
        while before and ev[before[-1] + 1: a + 1].sum() < min_cell:
            before.pop()
        before.append(a)
    return set(before) | set(forward(a + 1, len(ev)))


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
        If a column is missing, ``index`` or ``columns`` is empty, or ``min_cell`` is not a
        whole number >= 1.
    DisclosureError
        If ``index`` or ``columns`` names the person identifier ``person_col``.
    """
    min_cell = check_min_cell(min_cell, "disclosure.safe_crosstab")
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
    ValueError
        A ``count_cols`` column not in the table, or a bad ``min_cell``.
    """
    min_cell = check_min_cell(min_cell, "disclosure.assert_publishable")
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
                f"column {c!r} holds {counted(int(small.sum()), 'count')} below "
                f"min_cell={min_cell} "
                f"(rows {rows!r}{', ...' if small.sum() > 5 else ''}); "
                "pass the table through suppress first"
            )


# --------------------------------------------------------------------------------------------
# printed text: warnings and messages that state counts
# --------------------------------------------------------------------------------------------

#: nouns after a number that make it a count of persons, and nouns that name persons and
#: nothing else (both numbers of "2 of 62 persons" are counts): one vocabulary,
#: :mod:`mia_helpers.disclosure_vocabulary`
COUNT_NOUNS = vocab.COUNT_NOUNS
PERSON_NOUNS = vocab.PERSON_NOUNS
#: a number as a count states it: digits ("4", "2.5" weighted) or a word ("three", "Four",
#: "twenty-one": :data:`mia_helpers.disclosure_vocabulary.NUMBER_WORDS`; ec24). A decimal
#: with a fractional part before a noun of persons is no count (dpo54: :func:`_not_a_count`)
_NUM = (r"(?:\d{1,3}(?:\.\d{3}){2,}|\d{1,3}(?:,\d{3}){2,}|\d+(?:[.,]\d+)?|" + vocab.NUMBER_WORD
        + r")")
#: a number after "than", "below", "under" or "at least" is a bound, not a count: a lower bound
#: ("more than 3 persons", "at least 3") publishes no small count, and an upper bound ("fewer
#: than 3 persons") is read by :data:`UPPER_BOUND` (ec25); so is the ``k`` of
#: k-nearest-neighbour matching ("k = 3 controls", ec24) not a count. The upper number of a
#: range written with a hyphen is read ("3-4 persons", "two-three persons": rev25, it passed
#: as the hyphen hid it); not a number after another hyphen ("covid-19 patients")
_BOUND = (r"(?:(?<![\w.\-])|(?<=\d-)|"
          + "|".join(rf"(?<=\b{w}-)" for w in vocab.RANGE_WORDS) + ")"
          r"(?<!than )(?<!below )(?<!under )(?<!least )"
          # a glued number in the runner's HTML stands between two spaces: "at least  14
          # persons" is a bound as "at least 14 persons" is (rev25)
          r"(?<!than  )(?<!below  )(?<!under  )(?<!least  )"
          r"(?<!\bk = )(?<!\bk=)(?<!\bk: )")
#: a share in brackets between a count and its noun: "4 (3.2 %) persons", "2 of 62 (3.2%)
#: persons" (ec24)
_SHARE = r"(?:[ \t]*\([^()\n]{0,24}%[ \t]*\))?"
_NOUNS = "|".join(COUNT_NOUNS)
_PERSONS = "|".join(PERSON_NOUNS)
#: the words that are no label of persons between a count and its noun (cnt51): a bound's
#: or a ratio's words ("fewer", "under", "per"), "effective" (a weight: see :data:`_ADJ`), a
#: percentage's words ("4 percent IBO starters" is a share), units of time ("4 quarters"), the
#: months of a date ("4 May IBO starters"), the small words of a sentence and a number's unit
_NOT_LABEL = (r"effective|fewer|under|per|over|than|more|less|most|least|times|"
              r"per-?cent|percent|procent|pp|quarters?|years?|months?|weeks?|days?|periods?|hours?|"
              r"jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
              r"sep(?:t|tember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?|"
              r"the|a|an|and|or|but|of|in|on|at|to|for|with|by|from|as|is|are|was|were|be|"
              r"been|not|no|all|both|each|every|these|those|this|that|which|who|whom|then|"
              r"had|have|has|it|its|their|there|they|we|our|"
              # a number's unit ("drei Millionen Menschen", ec30) and units of time in Dutch,
              # French and German
              r"hundreds?|thousands?|millions?|billions?|dozens?|millionen|milliarden|"
              r"tausende?|hunderte?|dutzende?|miljoen|miljard|honderden|duizenden|tientallen|"
              r"milliers|centaines|dizaines|jahre|jahren|monate|monaten|wochen|tage|tagen|"
              r"quartale|quartalen|jaar|jaren|maanden|weken|dagen|kwartalen|ans|ann[ée]es|"
              r"mois|semaines|jours|trimestres")
#: one word of a label of persons between a count and its noun (cnt51: "The 4 IBO starters",
#: "the 4 female IBO starters", "4 Maghreb-born women", "3 newly arrived jobseekers" passed
#: export-check while "4 starters" was refused): an adjective by its ending (a participle or
#: an adjective of origin) or a few plain ones (rev25: :data:`_ADJECTIVE_WORD`), an adverb in
#: "-ly" ("newly"), a word
#: joined by a hyphen ("Maghreb-born", "non-EU") or a word with a capital ("IBO", "Limburg",
#: "Turkish"; case-sensitive)
_ADJECTIVE_WORD = (r"[A-Za-z][\w-]*(?:ed|ible|able|ian|an|ish|ese|ing|ive|ic|al|ent|ant|er"
                   r"|est)|young|old|new|male|female|unique|distinct|extra|single")
_LABEL_WORD = (_ADJECTIVE_WORD + r"|born|[A-Za-z]+ly|[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+"
               r"|(?-i:[A-Z][A-Za-z0-9]*)")
#: one to three words of a label between a count and a noun of persons: "3 matched persons",
#: "6 of the 69 transplanted patients", "2 of 62 eligible persons", "3 Turkish newcomers", "3
#: older persons" (rev25: they passed), "4 female IBO starters" (cnt51). Each a word of
#: :data:`_LABEL_WORD`; not a verb ("Table 5 counts persons"), not "effective" (the
#: effective number of persons behind a variance, "5.5 effective persons", is a weight, its
#: degrees of freedom the dof rule's), and not before a noun the persons qualify ("2 largest
#: newcomer groups")
def _adjectives(word: str, most: int, words: str | None = None) -> str:
    """The pattern of :data:`_ADJ`: up to ``most`` words of pattern ``word`` (none of
    :data:`_NOT_LABEL`), each followed by one or two spaces, before a noun of persons; or
    one German or Dutch adjective before a German or Dutch noun of persons. Optional.
    ``words``: a pattern of the whole sequence of words in place of ``{1,most}`` words of
    ``word`` (:data:`_ADJ_VAGUE`)."""
    one = r"(?:(?!(?:" + _NOT_LABEL + r")(?![\w-]))(?:" + word + r")[ \t]{1,2})"
    return (r"(?:" + (words if words is not None else one + "{1," + str(most) + "}")
            + r"(?=(?:" + _PERSONS + r")(?![\w-])(?![ \t]+(?:rows?|quarters?|terms?|levels?|"
            r"units?|ids?|records?|counts?|periods?|years?|groups?|effects?|cells?)(?![\w-])))"
            # ec30: a German or Dutch adjective ("drei arbeitslose Personen", "zwei neuen
            # Teilnehmern", "drie nieuwe werkzoekenden"), by its ending "-e"/"-en", before a
            # German or Dutch noun of persons; not "Millionen", "honderden" (a number's unit)
            r"|(?!(?:millionen|milliarden|tausende|hunderte|dutzende|miljoen|honderden"
            r"|duizenden|tientallen)(?![\w-]))[^\W\d_][\w-]*en?[ \t]{1,2}(?=(?:"
            + "|".join((*vocab.GERMAN_PERSON_NOUNS, *vocab.DUTCH_PERSON_NOUNS))
            + r")(?![\w-])))?")


_ADJ = _adjectives(_LABEL_WORD, 3)
#: a word of a label that names a group of the data (api53): a word with a capital ("IBO",
#: "Turkish", "Limburg"; case-sensitive) or one joined by a hyphen ("non-EU", "Maghreb-born")
_GROUP_WORD = r"[A-Za-z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)+|(?-i:[A-Z][A-Za-z0-9]*)"


def _label_with_group() -> str:
    """One to three words of :data:`_LABEL_WORD` of which one at least is a
    :data:`_GROUP_WORD` (a sequence for :func:`_adjectives`)."""
    def w(pattern: str) -> str:
        return r"(?:(?!(?:" + _NOT_LABEL + r")(?![\w-]))(?:" + pattern + r")[ \t]{1,2})"
    label, group = w(_LABEL_WORD), w(_GROUP_WORD)
    return (r"(?:" + group + label + "{0,2}|" + label + group + label + "?|" + label + "{2}"
            + group + ")")


#: the label a vague word ("a few", "several") may have before its noun: one adjective
#: (rev25), or (api53) one to three label words of which one names a group of the data ("a
#: few IBO starters", "several non-EU women", "a handful of female IBO starters", "a few of
#: the Maghreb-born women" passed export-check). After a vague word the wider label of
#: :data:`_ADJ` without such a word read the book's own generic prose as a count ("a few
#: heavily weighted controls' own outcomes" of the design page; cnt51): a label without a
#: capital or hyphen describes a kind of person, one with them a cell of the data
_ADJ_VAGUE = ("(?:" + _adjectives(_LABEL_WORD, 3, _label_with_group()).removesuffix("?")
              + "|" + _adjectives(_ADJECTIVE_WORD, 1) + ")")
#: a ratio of the design after the noun: "3 controls per starter", "up to 3 twins per starter",
#: "2 controls for each treated" (ec24); a count per period ("3 persons per quarter") is not
_RATIO = (r"(?![ \t]+(?:per|for[ \t]+(?:each|every))[ \t]+(?:"
          + "|".join(vocab.RATIO_NOUNS) + r")(?![\w-]))")
#: ``N NOUN``, ``N of its M NOUN``, ``N/M NOUN`` or ``N of M matched treated`` (both numbers
#: are counts; the last is :func:`mia_helpers.dynamic.dynamic_match`'s "12 of 62 matched
#: treated rows got fewer than 3 controls", which Appendix C printed at ``min_cell`` 20 beside
#: prose that said "fewer than 20"; other "N of M" phrases without a determiner are not read as
#: counts, e.g. Appendix A's "6 of 185 treated units" of the public lalonde data). Groups:
#: ``n`` the count, ``frac`` the whole of a fraction ("4/62 persons", ec24), ``m_det`` the
#: whole after a determiner, ``m`` the whole without one, ``of`` the word for "of". dpo55:
#: in Dutch, French and German too ("3 van de 40 deelnemers", "3 op 40 deelnemers", "3 des 40
#: personnes", "3 sur 40 personnes", "3 parmi les 40 personnes", "3 der 40 Teilnehmer",
#: "3 van de deelnemers" passed while "3 of the 40 starters" was refused; "3 von 40
#: Teilnehmern" is :data:`GERMAN_OF`'s)
COUNT_PHRASE = re.compile(
    _BOUND + "(?P<n>" + _NUM + ")"
    + r"(?:[ \t]?/[ \t]?(?P<frac>\d+)"
    r"|(?:\s+(?P<of>(?:out\s+)?of|van|op|des|sur|parmi|der)\s+"
    r"(?:(?:its|their|the|all|these|those|de|deze|die|hun|alle|les|ces|leurs|den|diesen|allen)"
    r"\s+(?P<m_det>" + _NUM + r")"
    r"|(?:its|their|the|all|these|those|de|deze|die|hun|alle|les|ces|leurs|den|diesen|allen)"
    r"(?=[ \t]{1,2}" + _ADJ + r"(?:" + _PERSONS
    + r"|matched[ \t]+treated|treated)(?![\w-]))"
    r"|(?P<m>" + _NUM + r")(?=" + _SHARE + r"(?:\s+matched\s+treated\b|[ \t]{1,2}" + _ADJ
    + r"(?:" + _PERSONS + r")(?![\w-]))))))?"
    + _SHARE
    # not a name assigned to in code ("seed = 7\nresidents = 400" of a parameters cell); the
    # number and the noun within one line and at most two spaces apart: a wider gap is a
    # printed table's column gap ("4             death": row 4 of Appendix C's table of the
    # panel's columns, trial22), whose counts the table checks read by column
    + r"(?:[ \t]{1,2}|[ \t]?\n[ \t]*|(?<=['\u2019]))" + _ADJ + r"(?P<noun>" + _NOUNS
    + r")(?![\w-])(?![ \t]*=(?!=))"
    + _RATIO, re.IGNORECASE)
#: the nouns after which a number written as a word is read as a count: persons only ("the
#: ratios of the two events" of chapter 2's prose names two kinds of event; the package's
#: warnings, which count rows, events and trials, print digits)
_WORD_NOUN = re.compile("|".join((*PERSON_NOUNS, "treated", "matched starters?",
                                   "matched treated", "persons? at risk")), re.IGNORECASE)
#: nouns whose plural does not end in "s" (the Dutch plurals in "-en" of
#: :data:`mia_helpers.disclosure_vocabulary.OTHER_PERSON_NOUNS`: "three personen" is a plural;
#: ec28b)
_DUTCH_NOUN = re.compile("|".join(vocab.DUTCH_PERSON_NOUNS), re.IGNORECASE)
#: the German nouns (ec30): a plural unless :data:`vocab.GERMAN_SINGULAR_NOUNS` names it
_GERMAN_NOUN = re.compile("|".join(vocab.GERMAN_PERSON_NOUNS), re.IGNORECASE)
_PLURAL_NO_S = ("people", "women", "men", "treated", "matched treated", "personen", "mensen",
                "werkzoekenden", "leerlingen", "werklozen", "jongeren", "cursisten", "vrouwen",
                "mannen")


def _dutch_plural(noun: str) -> bool:
    """Whether ``noun`` is a Dutch noun of persons in the plural in "-en" ("vluchtelingen",
    "patiënten", "ondervraagden"; dpo55): none of the Dutch singulars of
    :data:`mia_helpers.disclosure_vocabulary.DUTCH_PERSON_NOUNS` ends so."""
    return _DUTCH_NOUN.fullmatch(noun) is not None and noun.lower().endswith("en")


#: the word before "one" or "a single" that makes it the generic article of a definition
#: ("the rows of one person", "one row per person", "about a single person", "every one of
#: the 62 matched treated", "no one"), not a count; "rows of only one person" counts (ec25)
_GENERIC_BEFORE = re.compile(r"(?:^|[^\w-])(?:of|per|about|within|each|every|any|no|not|"
                             # Dutch and French (ec29): "per persoon", "par personne"
                             r"elke|iedere?|geen|par|chaque|aucun|aucune|"
                             # German (ec30): "pro Person", "nicht nur eine Person"
                             r"pro|je|jede[rnms]?|keine?|nicht)"
                             r"[ \t]+$", re.IGNORECASE)
#: a noun after the noun of persons: the first qualifies the second ("one person row", "one
#: treated term", "two treated units"), which is not a count of persons
_QUALIFIES = re.compile(r"[ \t]+(?:rows?|quarters?|terms?|levels?|units?|ids?|records?|"
                        r"counts?|periods?|years?|groups?)(?![\w-])", re.IGNORECASE)


def _read_as_count(m: re.Match, groups: Sequence[str] = ("n", "m_det", "m"),
                   noun_group: str = "noun") -> bool:
    """Whether a :data:`COUNT_PHRASE` (or :data:`UPPER_BOUND`) match whose numbers include a
    word states a count: the noun names persons (:data:`_WORD_NOUN`) and is not an adjective
    of another noun ("one person row"), a word above one stands before a plural noun ("three
    persons"; before a singular one the noun qualifies another: "only one of the two newcomer
    effects" of chapter 5's prose), and "one" or "a single" is not the generic article of a
    definition (:data:`_GENERIC_BEFORE`: "the rows of one person"). "one person", "a single
    patient", "only one starter" state counts (ec25). Matches in digits are read as before."""
    words = [g for g in groups if m.group(g) and not m.group(g)[0].isdigit()]
    if not words:
        return True
    noun = m.group(noun_group)
    if not _WORD_NOUN.fullmatch(noun) or _QUALIFIES.match(m.string, m.end(noun_group)):
        return False
    first = words[0]
    if m.group(first).lower() == "onze" and _DUTCH_NOUN.fullmatch(noun):
        return False  # Dutch "onze deelnemers": our participants (ec29)
    plural = (any(w.endswith("s") for w in noun.lower().split()) or noun.lower() in _PLURAL_NO_S
              or _dutch_plural(noun)
              or (_GERMAN_NOUN.fullmatch(noun) is not None
                  and vocab.GERMAN_SINGULAR_NOUNS.fullmatch(noun) is None))
    if plural and re.sub(r"\s+", "-", m.group(first).lower()) in vocab.ONLY_WORDS:
        return False  # "the only persons counted are ..." (rev25)
    if _value(m, first) == 1 and _GENERIC_BEFORE.search(
            m.string, max(0, m.start(first) - 12), m.start(first)):
        return False
    return plural or all(_value(m, g) <= 1 for g in words)


_PERIODS = "quarters?|years?|months?|weeks?|days?|periods?|hours?"
#: "of whom 4 entered", "of which 3 signed": a count of the persons just named (ec24). Not a
#: decimal, a percentage or a number of periods ("of which 3.5 % signed", "of which 3
#: quarters"); nor "of which" after periods (:data:`_OF_PERIODS`)
OF_WHOM = re.compile(
    r"(?:\bof[ \t]+(?:whom|which)|\bvan[ \t]+wie|\bwaarvan|(?<![\w-])dont"  # ec29: NL, FR
    r"|\bvon[ \t]+denen|\bwovon|\bdavon)"  # ec30: German
    r"[ \t]+(" + _NUM + r")(?![\w\-]|[.,]\d|[ \t]*%|[ \t]+(?:"
    + _PERIODS + r"|kwartalen|kwartaal|jaren?|maanden?|trimestres?|ans?|ann[ée]es?|mois"
    r"|quartalen?|jahren?|monaten?|wochen|tagen?|prozent"
    r"|pp|percent|per[ \t]?cent|procent|pour[ \t]?cent)\b)", re.IGNORECASE)
#: periods just before "of which": "12 quarters, of which 3 had a start" counts quarters
_OF_PERIODS = re.compile("(?:" + _PERIODS + r")[ \t]*,?[ \t]*of[ \t]+which\b", re.IGNORECASE)


#: a count stated by its label: "n = 4", "(N: 3)", "Patients: 7", "No. Observations:  4" (``n``
#: or ``N`` with ``=`` or ``:``; a noun of :data:`PERSON_NOUNS`, "treated", "events" or
#: "observations" with a colon). Only whole numbers: a decimal ("n = 4.5") is an estimate, a
#: number followed by "%" a percentage, one followed by a unit of time ("n = 3 quarters") not a
#: count of persons, and "n = 1 234" a large number. A noun with ``=`` is not read
#: ("residents = 400" assigns a parameter in code). The number may be a word ("n = four", "N:
#: three", "n = one": ec25)
COUNT_LABEL = re.compile(
    r"(?<![\w.\-])(?:n[ \t]*[=:]|(?:" + "|".join((*PERSON_NOUNS, "treated", "events?",
                                                    "observations?")) + r")[ \t]*:)"
    r"[ \t]*(\d+|" + vocab.NUMBER_WORD + r")(?!\d|[.,]\d|[ \t]*%|[ \u202f\u00a0]\d{3}(?!\d)"
    r"|[ \t]+(?:quarters?|years?|months?|weeks?|days?|periods?|pp|percent)\b)", re.IGNORECASE)


#: the strict upper bounds of Dutch, French and German (ec30): "minder dan 3 personen",
#: "moins de 3 personnes", "moins d'une dizaine de personnes", "weniger als 3 Personen",
#: "unter 3 Personen", read as "fewer than 3 persons" is (:data:`UPPER_BOUND`)
_STRICT_NL_FR_DE = (r"(?:minder|kleiner|lager)[ \t]+dan|onder(?:[ \t]+de)?|beneden"
                    r"|moins[ \t]+(?:de(?![\w-])|d['\u2019]|que(?![\w-]))"
                    r"|en[ \t]+dessous[ \t]+de|inf[ée]rieur[ \t]+[àa]"
                    r"|(?:weniger|kleiner)[ \t]+als|unter(?:halb[ \t]+von)?")
#: their other upper bounds, read as "at most 3 persons" is: "ten hoogste", "hoogstens",
#: "hooguit", "maximaal", "niet meer dan", "au plus", "au maximum", "tout au plus", "pas plus
#: de", "jusqu'à", "höchstens", "maximal", "bis zu", "nicht mehr als"
_AT_MOST_NL_FR_DE = (r"ten[ \t]+hoogste|hoogstens|hooguit|maximaal|op[ \t]+(?:zijn|z['\u2019]n)"
                     r"[ \t]+hoogst|niet[ \t]+meer[ \t]+dan"
                     r"|(?:tout[ \t]+)?au[ \t]+(?:plus|maximum)|pas[ \t]+plus[ \t]+(?:de|d['\u2019])"
                     r"|jusqu['\u2019][àa]"
                     r"|h(?:ö|oe)chstens|maximal|bis[ \t]+zu|nicht[ \t]+mehr[ \t]+als")
#: a number just below a bound (ec31): "nearly ten persons", "almost 10", "just under 10",
#: "knapp zehn Personen", "fast zehn", "bijna tien personen", "près de dix personnes",
#: "presque dix": an upper bound ("fewer than ten") with a lower bound implied near it, read
#: by :data:`UPPER_BOUND` and decided by :func:`_bound_discloses` (refused when the bound is
#: at most ``min_cell``)
_NEARLY = (r"nearly|almost|just[ \t]+(?:under|below)|not[ \t]+quite"
           r"|bijna|nagenoeg|net[ \t]+(?:onder|minder[ \t]+dan)"
           r"|pr[èe]s[ \t]+(?:de(?![\w-])|d['\u2019])|presque|[àa][ \t]+peine[ \t]+moins[ \t]+de"
           r"|knapp(?:[ \t]+unter)?|fast|beinahe|nahezu")
_NEARLY_OPS = re.compile(_NEARLY, re.IGNORECASE)
_NEARLY_BEFORE = re.compile(r"(?<![\w-])(?:" + _NEARLY + r")[ \t]*$", re.IGNORECASE)
#: an upper bound of a count of persons (ec25): "fewer than 3 persons", "less than three
#: starters", "under 5 patients", "below 5 persons", "<5 persons", "at most 3 persons", "no more
#: than 3 entrants", "up to 3 twins", "<= 3 persons", "3 or fewer persons", "3 persons or
#: fewer". The decision (:func:`_bound_discloses`) is the output checker's: the book writes a
#: hidden count as the marker ``<min_cell`` (:func:`suppress`; "fewer than 10 persons" in its
#: prose), which says only that the count lies in ``[1, min_cell - 1]``; a published upper
#: bound below that ("fewer than 3", "at most 3" at ``min_cell`` 10) tells that the count is
#: at most 2 or 3, narrower than the marker allows (the secondary-suppression audit's rule: no
#: hidden count narrowed below ``[1, min_cell - 1]``), so it is refused as a small count. The
#: rule stated at the threshold passes ("cells with fewer than 10 persons are hidden", "at most
#: 9 persons" at ``min_cell`` 10), as does "fewer than min_cell persons" (no number). Lower
#: bounds ("more than 3", "at least 3", "no fewer than 3") disclose no small count. Groups:
#: ``op``/``n``/``noun`` (the bound before the number), ``n2``/``op2``/``noun2`` ("3 or fewer
#: persons"), ``n3``/``noun3``/``op3`` ("3 persons or fewer")
UPPER_BOUND = re.compile(
    r"(?<![\w.\-])(?<!no )(?<!not )(?<!niet )(?<!pas )(?<!nicht )(?:"
    r"(?P<op>(?:fewer|less)[ \t]+than|under|below|<(?![=<])|at[ \t]+most|"
    r"(?:no|not)[ \t]+more[ \t]+than|up[ \t]+to|\u2264|<=|=<|(?:a[ \t]+)?maximum[ \t]+of|"
    + _NEARLY + "|" + _STRICT_NL_FR_DE + "|" + _AT_MOST_NL_FR_DE + r")"
    r"[ \t]*(?:\n[ \t]*)?(?P<n>" + _NUM + r")" + _SHARE
    + r"(?:[ \t]{1,2}|[ \t]?\n[ \t]*|(?<=['\u2019]))"
    + _ADJ + r"(?P<noun>" + _NOUNS + r")(?![\w-])" + _RATIO
    + r"|(?P<n2>" + _NUM + r")[ \t]+(?:or|of|oder|ou)[ \t]+(?P<op2>fewer|less|minder|weniger|"
    r"moins(?:[ \t]+de)?)[ \t]{1,2}" + _ADJ
    + r"(?P<noun2>" + _NOUNS + r")(?![\w-])" + _RATIO
    + r"|(?P<n3>" + _NUM + r")[ \t]{1,2}" + _ADJ + r"(?P<noun3>" + _NOUNS + r")[ \t]+"
    r"(?:or|of|oder|ou)[ \t]+(?P<op3>fewer|less|minder|weniger|moins)(?![\w-]))", re.IGNORECASE)
#: a lower bound beside an upper bound of one count (rev25): "more than 3 but fewer than 10
#: persons", "at least 2 and at most 9 persons", "over 4 but under 10 starters". The upper
#: bound at the threshold passes on its own (the rule), but the pair narrows the hidden count
#: to 4..9, not the marker's 1..9 (:func:`_pair_discloses`). Groups ``lo_op``, ``lo``,
#: ``hi_op``, ``hi``, ``noun``
BOUND_PAIR = re.compile(
    r"(?<![\w.\-])(?P<lo_op>(?:more|greater)[ \t]+than|at[ \t]+least|over|above|"
    r"no[ \t]+(?:fewer|less)[ \t]+than|>=?|\u2265)[ \t]*(?P<lo>" + _NUM + r")"
    r"(?:[ \t]{1,2}" + _ADJ + r"(?:" + _NOUNS + r")(?![\w-]))?[ \t]*,?[ \t]+"
    r"(?:but|and|yet|while)[ \t]+(?P<hi_op>(?:fewer|less)[ \t]+than|at[ \t]+most|under|"
    r"below|no[ \t]+more[ \t]+than|up[ \t]+to|<=?|\u2264)[ \t]*(?P<hi>" + _NUM + r")"
    r"[ \t]{1,2}" + _ADJ + r"(?P<noun>" + _NOUNS + r")(?![\w-])", re.IGNORECASE)
#: "the number of persons was 3", "the number of entrants is three" (rev25: passed while "3
#: persons" was refused); group 1 the number
NUMBER_OF = re.compile(
    # ec29: "het aantal personen was drie", "le nombre de personnes était de trois"
    r"\b(?:number[ \t]+of|aantal|nombre[ \t]+(?:de|d['\u2019])"
    # ec30: "die Zahl der Personen betrug drei", "die Anzahl der Teilnehmer lag bei drei"
    r"|(?:an)?zahl[ \t]+(?:der|an))[ \t]*"
    r"(?:the[ \t]+|de[ \t]+|les[ \t]+)?" + _ADJ + r"(?:" + _PERSONS + r"|treated)(?![\w-])[ \t]+"
    r"(?:is|was|were|are|equals|totals?|totalled|came[ \t]+to|stood[ \t]+at|stands[ \t]+at|"
    r"reached|bedraagt|bedroeg|bedroegen|zijn|waren|était|est|s['\u2019][ée]levait[ \t]+à|"
    r"betr(?:ug|ägt|aegt)|war|ist|lag[ \t]+bei|liegt[ \t]+bei|"
    r"s['\u2019][ée]l[èe]ve[ \t]+à|=)(?:[ \t]+de)?[ \t]+(" + _NUM
    + r")(?![\w\-]|[.,]\d|[ \t]*%)", re.IGNORECASE)
#: a count of persons "per" a person that is not the matching design's: "3 persons per
#: starter", "2 entrants for each treated" (rev25: the ratio exemption of "3 controls per
#: starter" let any noun of persons out; only controls, twins and matches are the design's
#: ratio). Digits only ("one person per household" is a definition); group 1 the number
PERSONS_PER = re.compile(
    r"(?<![\w.\-])(\d+)[ \t]{1,2}" + _ADJ + r"(?!(?:controls?|twins?|matches?)(?![\w-]))(?:"
    + _PERSONS + r")(?![\w-])[ \t]+(?:per|for[ \t]+(?:each|every))[ \t]+(?:"
    + "|".join(vocab.RATIO_NOUNS) + r")(?![\w-])", re.IGNORECASE)
#: a count of persons named by a pronoun (ec26: "two of them entered" passed while "2 persons
#: entered" was refused): "two of them", "3 of whom signed", "a couple of them", "one of
#: those entered". A number, checked as "2" is; not after a bound ("more than 3 of them"), nor
#: the generic "every one of them" (:data:`_GENERIC_BEFORE`). "these" and "those" only as
#: pronouns: before punctuation, the end of the text or a verb ("two of those quarters" names
#: no persons). "them" may stand for measures or quarters: read as persons all the same (the
#: conservative reading; write "both" or the noun). Group 1 the number
OF_THEM = re.compile(
    _BOUND + r"(" + vocab.NUMBER_WORD + r"|a[ \t]+(?:couple|pair)|\d+"
    # ec31: the article forms of one before the pronoun of their language: "einer von
    # ihnen", "eine von denen", "een van hen", "l'un d'eux", "une d'entre elles"
    r"|ein(?:e[rsmn]?)?(?=[ \t]+von[ \t])|een(?=[ \t]+van[ \t])"
    r"|une?(?=[ \t]+d(?:['\u2019\u2018\u00b4\u02bc`]|[ \t]+entre)))[ \t]+"
    # ec29: "twee van hen", "deux d'entre eux"
    # ec30: "zwei von ihnen", "drei von denen"
    r"(?:van[ \t]+(?:hen|hun|wie)|von[ \t]+(?:ihnen|denen)"
    r"|d(?:['\u2019\u2018\u00b4\u02bc`][ \t]?|[ \t]+)(?:entre[ \t]+)?(?:eux|elles)|of[ \t]+"
    r"(?:them|whom|(?:these|those)(?=[ \t]*(?:[^\w \t]|$|(?:were|was|are|is|had|have|has|"
    r"did|do|got|entered|signed|started|left|found|stayed|remained|who)(?![\w-])))))(?![\w-])",
    re.IGNORECASE | re.MULTILINE)
#: a count of persons as a Dutch group word (ec29): "met z'n drieën", "met hun vieren" (the
#: three, the four of them); group 1 the word (:data:`mia_helpers.disclosure_vocabulary.GROUP_WORDS`)
WITH_N = re.compile(r"(?<![\w-])met[ \t]+(?:z['\u2019]n|zijn|hun|ons|jullie)[ \t]+("
                    + "|".join(vocab.GROUP_WORDS) + r")(?![\w-])", re.IGNORECASE)
#: a strict upper bound before a pronoun (ec26): "fewer than 3 of them", "under 5 of whom":
#: the count is at most 2 or 4, narrower than the marker when the bound is below ``min_cell``
#: (as :data:`UPPER_BOUND` judges "fewer than 3 persons"); in Dutch, French and German too
#: (ec30). Groups ``n``
BOUND_OF_THEM = re.compile(
    r"(?<![\w.\-])(?<!niet )(?<!pas )(?<!nicht )(?P<op>(?:fewer|less)[ \t]+than|under|below|<|"
    # ec31: "nearly ten of them", "knapp zehn von ihnen" (:data:`_NEARLY`)
    + _NEARLY + "|" + _STRICT_NL_FR_DE + r")[ \t]*(?P<n>\d+|"
    + vocab.NUMBER_WORD + r")[ \t]+(?:of[ \t]+(?:them|whom)"
    # ec30: "minder dan 3 van hen", "moins de 3 d'entre eux", "weniger als 3 von ihnen"
    r"|van[ \t]+(?:hen|wie)|von[ \t]+(?:ihnen|denen)"
    r"|d(?:['\u2019][ \t]?|[ \t]+)entre[ \t]+(?:eux|elles))(?![\w-])", re.IGNORECASE)
#: a vague word for a small count of persons (ec26): "a few persons", "a handful of starters",
#: "a couple of the twins", "several persons", "a small number of newcomers", "a few of them".
#: Its number cannot be read, and the word says it is small: narrower than the marker's
#: ``[1, min_cell - 1]`` (as :data:`BOUND_PAIR` is), so it is refused at any threshold ("a
#: couple" and "a pair" are 2, checked as 2). Not "few" alone ("too few persons", "so few
#: twins are still unsigned": not many, which is what the marker says), not before a number
#: ("a few hundred starters"), nor a number of the design per one person ("a few controls
#: each", "each patient with a few waiting patients", "a few twins per starter":
#: :func:`_vague_per_one`). Groups ``word``, ``noun`` (absent before a pronoun)
VAGUE_COUNT = re.compile(
    r"(?<![\w.\-])(?P<word>a[ \t]+few|a[ \t]+handful|a[ \t]+couple|a[ \t]+pair|several|"
    r"a[ \t]+small[ \t]+number"
    # Dutch and French (ec29: "enkele werkzoekenden", "quelques demandeurs d'emploi", "een
    # handvol nieuwkomers", "une poignée d'habitants" passed)
    r"|enkele|een[ \t]+paar|een[ \t]+handvol|een[ \t]+klein[ \t]+aantal|quelques|plusieurs"
    r"|une[ \t]+poign[ée]e[ \t]+(?:de|d['\u2019])|un[ \t]+petit[ \t]+nombre[ \t]+"
    r"(?:de|d['\u2019])"
    # German (ec30: "ein paar Teilnehmer", "einige Arbeitsuchende", "mehrere Personen", "eine
    # Handvoll Neuankömmlinge", "eine kleine Zahl von Personen")
    r"|ein[ \t]+paar|einige|mehrere|eine[ \t]+handvoll|eine[ \t]+(?:kleine|geringe)[ \t]+"
    r"(?:an)?zahl(?:[ \t]+(?:von|an))?"
    # ec31: "nur wenige Teilnehmer" (not "zu wenige", "so wenige": too few, as the marker
    # says), "quelques-uns d'entre eux"
    r"|(?<!zu[ \t])(?<!so[ \t])wenigen?|quelques-une?s)(?:[ \t]+more)?(?:[ \t]+of)?"
    # the noun may follow on the next line of wrapped prose ("used by several\nstarters");
    # ec31: the pronoun in Dutch, French and German too ("enkele van hen", "plusieurs d'entre
    # eux", "einige von denen"), group ``pron``
    r"(?:[ \t]+(?P<pron>of[ \t]+(?:them|whom)|von[ \t]+(?:ihnen|denen)|van[ \t]+(?:hen|wie)"
    r"|d(?:['\u2019][ \t]?|[ \t]+)entre[ \t]+(?:eux|elles))(?![\w-])"
    r"|(?:[ \t]+|[ \t]?\n[ \t]*|(?<=['\u2019]))"
    r"(?:(?:the|these|those|its|their)[ \t]+)?"
    r"(?!(?:hundreds?|thousands?|dozens?|millions?|scores?|hundert|tausend|dutzende?|"
    r"millionen)(?![\w-]))" + _ADJ_VAGUE
    + r"(?P<noun>" + _PERSONS + r"|treated)(?![\w-])" + _RATIO + r")", re.IGNORECASE)
#: verbs of what persons do or have, after which a vague word without a noun counts persons
#: ("a handful entered", "several signed a contract", "a few had no job", "only a few
#: left."; ec27): base, third person and past forms
_PERSON_VERBS = (
    r"enter(?:s|ed)?|le(?:ave|aves|ft)|start(?:s|ed)?|sign(?:s|ed)?|d(?:ie|ies|ied)|"
    r"exit(?:s|ed)?|join(?:s|ed)?|stay(?:s|ed)?|remain(?:s|ed)?|return(?:s|ed)?|"
    r"move(?:s|d)?|work(?:s|ed)?|f(?:ind|inds|ound)|g(?:et|ets|ot)|ha(?:ve|s|d)|"
    r"receive(?:s|d)?|drop(?:s|ped)?|los(?:e|es|t)|quit(?:s)?|fail(?:s|ed)?|"
    r"qualif(?:y|ies|ied)|complete(?:s|d)?|finish(?:es|ed)?|reach(?:es|ed)?|"
    r"went|go(?:es)?|came|come(?:s)?|t(?:ook|ake|akes)|kept|keeps?|"
    # the passive of an outcome or a register's state ("a handful were employed")
    r"(?:were|was|are|is|have[ \t]+been|had[ \t]+been)[ \t]+(?:still[ \t]+|also[ \t]+)?"
    r"(?:employed|unemployed|hired|registered|enrolled|placed|sanctioned|excluded|"
    r"treated|matched|dropped|transplanted|admitted|discharged|deregistered)")
#: what may follow such a verb in a clause (the end of the clause, a preposition, an article,
#: an adverb, a conjunction): not a noun, so that "a few dropped rows", "several signed
#: contracts" (a participle before its noun) are not read as persons
_VERB_FOLLOWS = (
    r"(?=[ \t]*(?:[.,;:!?)]|$|\n)|[ \t]+(?:in|within|by|before|after|at|on|to|into|from|"
    r"with|without|during|over|under|than|the|a|an|their|his|her|its|this|that|these|those|"
    r"again|later|earlier|early|soon|only|all|both|too|also|then|and|or|but|no|not|any|"
    r"never|still|already|eventually|work|employment|jobs?|a[ \t]+job|out|up|off|away|"
    r"back|home|each)(?![\w-]))")
#: the same verbs in German, Dutch and French (ec31: "einige fanden Arbeit", "wenige
#: unterschrieben", "enkele vonden werk", "quelques-uns ont trouvé du travail" passed): present
#: and past forms, singular (after "eine Handvoll", "een handvol", "une poignée") and plural,
#: the French compound past, and the passive of a register's state ("einige waren nach einem
#: Jahr beschäftigt"). A verb of having only before what persons have or lack ("einige hatten
#: keine Arbeit"; not "einige haben gezeigt, dass": studies may show). A German or Dutch
#: participle before its noun takes an ending ("einige unterschriebene Verträge") and is no
#: verb here
_UE, _AE, _OE, _SZ = r"(?:ü|ue)", r"(?:ä|ae)", r"(?:ö|oe)", r"(?:ß|ss)"
_PERSON_VERBS_DE = (
    r"fand(?:en)?|finde[nt]|unterschrieb(?:en)?|unterschreib(?:en|t)|verlie" + _SZ + r"(?:en)?"
    r"|verlassen|verl" + _AE + _SZ + r"t|begann(?:en)?|beginn(?:en|t)|starb(?:en)?|sterben"
    r"|stirbt|blieb(?:en)?|bleib(?:en|t)|kehrt(?:e|en)?|zog(?:en)?|arbeitet(?:e|en)?|arbeiten"
    r"|erhielt(?:en)?|erhalten|erh" + _AE + r"lt|bekam(?:en)?|bekomm(?:en|t)|verlor(?:en)?"
    r"|verlier(?:en|t)|brach(?:en)?|schloss(?:en)?|erreicht(?:e|en)?|erreichen|ging(?:en)?"
    r"|geh(?:en|t)|kam(?:en)?|komm(?:en|t)|nahm(?:en)?|nehmen|nimmt|trat(?:en)?|treten|tritt"
    r"|wechselt(?:e|en)?|wechseln|zogen"
    r"|(?:haben|hat|hatten?)(?=[ \t]+(?:kein(?:e|en)?|nicht|noch|schon|bereits|arbeit"
    r"|besch" + _AE + r"ftigung|einen[ \t]+(?:job|vertrag|arbeitsplatz)|eine[ \t]+stelle)"
    r"(?![\w-]))"
    r"|(?:waren|war|sind|ist|wurden|wurde|blieben|blieb)(?:[ \t]+[^\W\d_]+){0,4}?[ \t]+"
    r"(?:besch" + _AE + r"ftigt|arbeitslos|erwerbst" + _AE + r"tig|eingestellt|angemeldet"
    r"|abgemeldet|registriert|vermittelt|sanktioniert|ausgeschlossen|gematcht|behandelt)")
_PERSON_VERBS_NL = (
    r"vond(?:en)?|vind(?:en|t)|tekende(?:n)?|teken(?:en|t)|vertrok(?:ken)?|vertrek(?:ken|t)"
    r"|begon(?:nen)?|begin(?:nen|t)|stierf|stierven|bleef|bleven|blijven|blijft"
    r"|kreeg|kregen|krijg(?:en|t)|verloor|verloren|stopte(?:n)?|stoppen|werkte(?:n)?|werken"
    r"|werkt|keerde(?:n)?|ging(?:en)?|gaan|gaat|kwam(?:en)?|komen|komt|haakte(?:n)?[ \t]+af"
    r"|trad(?:en)?|rondde(?:n)?|behaalde(?:n)?"
    r"|(?:hebben|heeft|had(?:den)?)(?=[ \t]+(?:geen|niet|nog|al|werk|een[ \t]+(?:baan|job"
    r"|contract))(?![\w-]))"
    r"|(?:waren|was|zijn|is|werden|werd|bleven|bleef)(?:[ \t]+[^\W\d_]+){0,4}?[ \t]+"
    r"(?:aan[ \t]+het[ \t]+werk|werkloos|tewerkgesteld|ingeschreven|aangeworven|geplaatst"
    r"|gesanctioneerd|uitgesloten|uitgeschreven)")
_PERSON_VERBS_FR = (
    r"(?:ont|a|avaient|avait)[ \t]+(?:(?:d[ée]j[àa]|aussi|ensuite|finalement|vite)[ \t]+)?"
    r"(?:trouv[ée]|sign[ée]|quitt[ée]|obtenu|perdu|commenc[ée]|d[ée]croch[ée]|re[çc]u"
    r"|abandonn[ée]|termin[ée]|travaill[ée]|rejoint|retrouv[ée]|achev[ée]|r[ée]ussi)"
    r"|(?:sont|[ée]taient|est|[ée]tait|restent|restaient)[ \t]+(?:(?:rest[ée]e?s?|rest[ée]e?s?"
    r"|encore|toujours|d[ée]j[àa])[ \t]+)?"
    r"(?:partie?s?|rest[ée]e?s?|entr[ée]e?s?|sortie?s?|revenue?s?|d[ée]c[ée]d[ée]e?s?"
    r"|employ[ée]e?s?|embauch[ée]e?s?|inscrite?s?|plac[ée]e?s?|sanctionn[ée]e?s?|exclue?s?"
    r"|au[ \t]+ch[ôo]mage|au[ \t]+travail)"
    r"|trouvent|signent|quittent|restent|obtiennent|travaillent|partent|entrent|commencent"
    r"|re[çc]oivent|perdent|trouv[èe]rent|sign[èe]rent|quitt[èe]rent")
#: the vague words of :data:`VAGUE_COUNT` without a noun in German, Dutch and French (ec31),
#: and those of them that may end a clause ("nur wenige.", "slechts een handvol.", "une
#: poignée."): not "einige", "mehrere", "enkele", "plusieurs", "quelques" (pronouns of anything,
#: as "several" is)
_VAGUE_WORDS_DE_NL_FR = (
    r"ein[ \t]+paar|einige|mehrere|eine[ \t]+handvoll|eine[ \t]+(?:kleine|geringe)[ \t]+"
    r"(?:an)?zahl|(?<!zu[ \t])(?<!so[ \t])wenige|enkelen?|een[ \t]+paar|een[ \t]+handvol"
    r"|een[ \t]+klein[ \t]+aantal|weinigen|quelques-une?s|plusieurs|une[ \t]+poign[ée]e"
    r"|un[ \t]+petit[ \t]+nombre")
#: a vague word for a small count without a noun, before a verb of persons (ec27: "a
#: handful entered" passed) or ending its clause ("only a handful."; close27): refused as
#: :data:`VAGUE_COUNT` is, because its number cannot be read and what does the verb (or what
#: the clause counts) is persons. Groups ``word`` (the vague word), ``verb`` or ``end``. Not "a
#: few dropped rows" (:data:`_VERB_FOLLOWS`), not "several are compared" (not a verb of
#: persons)
VAGUE_ACT = re.compile(
    r"(?<![\w.\-])(?P<word>a[ \t]+few|a[ \t]+handful|a[ \t]+couple|a[ \t]+pair|several|"
    r"a[ \t]+small[ \t]+number|" + _VAGUE_WORDS_DE_NL_FR + r")(?:[ \t]+more)?"
    r"(?:[ \t]+(?:only|still|also|later|then|eventually|never|ever|already|soon"
    r"|(?:nur|noch|auch|sp(?:ä|ae)ter|dann|schlie(?:ß|ss)lich)(?![\w-])))?"
    r"(?:[ \t]+(?P<verb>(?:" + _PERSON_VERBS + r")(?![\w-])" + _VERB_FOLLOWS
    + r"|(?:" + _PERSON_VERBS_DE + "|" + _PERSON_VERBS_NL + "|" + _PERSON_VERBS_FR
    + r")(?![\w-]))"
    # or nothing after it: the clause ends on the vague word ("Of the 400 starters, only a
    # handful."; close27), which then stands for the count itself; not at a line's end (wrapped
    # prose: "with a few\ncharacteristics"), nor "several" or "a pair" ("one finding, not
    # several.": a pronoun of anything)
    + r"|(?P<end>(?<!several)(?<!pair)(?<!einige)(?<!mehrere)(?<!enkele)(?<!enkelen)"
    r"(?<!plusieurs)(?=[ \t]*(?:[.;:!?)]|\Z))))", re.IGNORECASE)
#: "each", "every" or "per" earlier in the clause of a vague count ("compares each patient
#: with a few waiting patients") or "each" after it ("a few controls each"): the design's
#: number per one person, not a count
_PER_ONE_BEFORE = re.compile(r"(?<![\w-])(?:each|every|per)(?![\w-])[^.;:!?()]*$",
                             re.IGNORECASE)
_EACH_AFTER = re.compile(r"[ \t]+each(?![\w-])", re.IGNORECASE)


def _vague_per_one(m: re.Match) -> bool:
    """Whether a :data:`VAGUE_COUNT` match is a number of the design per one person: "each"
    after it, or "each", "every" or "per" earlier in its clause (up to 80 characters)."""
    return bool(_EACH_AFTER.match(m.string, m.end()) or _PER_ONE_BEFORE.search(
        m.string, max(0, m.start() - 80), m.start()))


def _vague_value(m: re.Match) -> float | None:
    """The number a :data:`VAGUE_COUNT` word states: 2 for "a couple" and "a pair", else
    None (it cannot be read)."""
    word = re.sub(r"\s+", "-", m.group("word").lower())
    return float(vocab.PHRASE_WORDS[word]) if word in vocab.PHRASE_WORDS else None


#: strict upper bounds: the count is below the number ("fewer than 3": at most 2)
_STRICT_OPS = re.compile(r"(?:fewer|less)[ \t]+than|under|below|<|" + _STRICT_NL_FR_DE,
                         re.IGNORECASE)
#: nouns of the matching design that a per-person number counts ("got fewer than 3 controls",
#: "with up to 3 twins": the ``k`` asked for each matched person), after a verb of having
_DESIGN_NOUNS = re.compile(r"controls?|twins?|matches?", re.IGNORECASE)
#: what follows a bound that states the suppression rule rather than a count: "cells below 10
#: persons are suppressed", "groups with fewer than 10 patients are hidden", "points behind
#: fewer than 10 starters are not drawn" (ec23: a threshold is a bound, not a count)
#: (rev25) only after the rule's subject (:data:`_RULE_SUBJECT`): "at most 3 persons entered,
#: others hidden", "fewer than 3 persons, suppressed" and "in Antwerp at most 3 persons are
#: hidden" state a count of one place
_RULE_AFTER = re.compile(r"[ \t,)]*(?:(?:are|is|were|was|get|gets|stay|stays|remain|remains|"
                         r"(?:will[ \t]+|would[ \t]+|must[ \t]+|should[ \t]+)?be)[ \t]+)?"
                         r"(?:not[ \t]+(?:drawn|shown|published|reported|"
                         r"plotted)|suppressed|hidden|withheld|masked|blanked|left[ \t]+out)"
                         r"(?![\w-])"
                         # ec30: the rule in Dutch, French and German ("cellen met minder dan
                         # 5 personen worden onderdrukt", "les cellules de moins de 5 personnes
                         # sont masquées", "Zellen mit weniger als 5 Personen werden
                         # unterdrückt")
                         r"|[ \t,)]*(?:(?:worden|wordt|zijn|werden|wird|sind|sont|est|seront)"
                         r"[ \t]+)?(?:niet[ \t]+(?:getoond|gepubliceerd)|onderdrukt|verborgen|"
                         r"weggelaten|gemaskeerd|supprim[ée]e?s?|masqu[ée]e?s?|cach[ée]e?s?|"
                         r"omise?s?|nicht[ \t]+(?:gezeigt|ver(?:ö|oe)ffentlicht)|"
                         r"unterdr(?:ü|ue)ckt|ausgeblendet|geschw(?:ä|ae)rzt)(?![\w-])",
                         re.IGNORECASE)
#: the subject of a suppression rule just before its bound: "cells with", "groups of", "points
#: behind", "an estimate on", "cells" ("cells below 5 persons are suppressed"; rev25)
_RULE_SUBJECT = re.compile(r"(?:^|[^\w-])(?:cells?|groups?|rows?|points?|estimates?|counts?|"
                           r"categor(?:y|ies)|values?|bars?|strat(?:a|um)|risk[ \t]+sets?|"
                           r"figures?|numbers?|results?|shares?|rates?|curves?|horizons?|"
                           r"quarters?|differences?|means?|effects?|proportions?|"
                           r"percentages?|bins?|any(?:thing)?"
                           # ec30: Dutch, French, German
                           r"|cellen|groepen|cellules?|groupes?|cases?|zellen|gruppen|felder)"
                           r"[ \t]+(?:(?:with|of|on|behind|"
                           r"from|having|holding|containing|covering|(?:resting|based)[ \t]+on"
                           r"|met|van|avec|de|mit|von)"
                           r"[ \t]+)?$",
                           re.IGNORECASE)
#: the verb before a per-person number of the matching design, as
#: :func:`mia_helpers.dynamic.dynamic_match` prints it ("12 of 62 matched treated rows got
#: fewer than 3 controls"), or after matching ("matched with up to 3 controls"); not "had",
#: "has" or a bare "with" (rev25: "Antwerp had fewer than 3 controls" and "a district with
#: fewer than 3 twins" passed; controls and twins are persons)
_HAVING = re.compile(r"(?:^|[^\w-])(?:got|gets?|getting|receive[sd]?|receiving|"
                     r"(?:matched|matches|match|matching|paired)[ \t]+(?:with|to))[ \t]+$",
                     re.IGNORECASE)


def _bound_parts(m: re.Match) -> tuple[str, str, str]:
    """The number, noun and bound groups (names) of one :data:`UPPER_BOUND` match."""
    if m.group("n") is not None:
        return "n", "noun", "op"
    if m.group("n2") is not None:
        return "n2", "noun2", "op2"
    return "n3", "noun3", "op3"


def _bound_discloses(m: re.Match, min_cell: int) -> bool:
    """Whether an :data:`UPPER_BOUND` match publishes a bound of a count of persons narrower
    than the marker ``<min_cell``: a strict bound ``B`` ("fewer than B") when ``1 < B <
    min_cell`` (the count is at most ``B - 1``, and at most 0 when ``B`` is 1: zero passes,
    as in tables), another ("at most B", "B or fewer") when ``0 < B < min_cell - 1``, a
    number just below ``B`` ("nearly B", "knapp B", "bijna B", "près de B": :data:`_NEARLY`,
    ec31) when ``0 < B <= min_cell``. Not a count: a number word before a noun that does not name persons (:func:`_read_as_count`),
    a per-person number of the matching design ("got fewer than 3 controls"), and a statement
    of the suppression rule ("cells below 10 persons are suppressed": :data:`_RULE_AFTER`
    after :data:`_RULE_SUBJECT`; rev25)."""
    n, noun, op = _bound_parts(m)
    if not _read_as_count(m, (n,), noun) or (
            _RULE_AFTER.match(m.string, m.end())
            and _RULE_SUBJECT.search(m.string, max(0, m.start() - 40), m.start())):
        return False
    if _DESIGN_NOUNS.fullmatch(m.group(noun)) and _HAVING.search(
            m.string, max(0, m.start() - 20), m.start()):
        return False
    b = _value(m, n)
    if op == "op" and _NEARLY_OPS.fullmatch(m.group(op)):
        # "nearly ten": below ten and near it, narrower than the marker's [1, min_cell - 1]
        # when ten is at most min_cell (as BOUND_PAIR's "more than 3 but fewer than 10"; ec31);
        # "nearly 1" (a weighted row, a share of one person) is refused as "1" was
        return 0 < b <= min_cell
    strict = op == "op" and _STRICT_OPS.fullmatch(m.group(op)) is not None
    return 1 < b < min_cell if strict else 0 < b < min_cell - 1


def _pair_discloses(m: re.Match, min_cell: int) -> bool:
    """Whether a :data:`BOUND_PAIR` match narrows a count of persons below the marker's
    ``[1, min_cell - 1]``: its lower bound excludes 1 ("more than 1", "at least 2") and is
    below ``min_cell`` (an upper bound below the threshold is refused on its own too)."""
    if not _read_as_count(m, ("lo", "hi"), "noun"):
        return False
    lo, hi = _value(m, "lo"), _value(m, "hi")
    strict = re.match(r"(?:more|greater|over|above|>(?!=))", m.group("lo_op"), re.I) is not None
    narrowed = (lo >= 1 if strict else lo >= 2) and lo < min_cell
    return narrowed or 0 < hi < min_cell - 1


#: Dutch nouns of persons whose plural is not the singular with "s" (dpo54)
_DUTCH_PLURALS = {"persoon": "personen", "leerling": "leerlingen", "cursist": "cursisten",
                  "werkloze": "werklozen", "werkzoekende": "werkzoekenden",
                  # dpo55
                  "mens": "mensen", "vrouw": "vrouwen", "jongere": "jongeren",
                  "vluchteling": "vluchtelingen", "patiënt": "patiënten",
                  "ondervraagde": "ondervraagden",
                  "uitkeringsgerechtigde": "uitkeringsgerechtigden"}
#: the French singulars whose adjective changes in the plural (dpo55): "nouvel arrivant" is
#: "nouveaux arrivants", "nouvelle arrivante" "nouvelles arrivantes"
_FRENCH_NEW = re.compile(r"(nouve)(l|lle)([ \t]+arrivante?)", re.IGNORECASE)


def _plural_noun(noun: str) -> str | None:
    """The plural of a singular noun of :data:`COUNT_NOUNS` after a count of one, or None
    when ``noun`` is a plural already ("persons", "people", "treated", "personen",
    "Teilnehmer"). The marker ``<min_cell`` stands for more than one, so "1 more person
    left" reads "<10 more persons left", not "<10 more person left" (dpo54). English, French
    and Dutch nouns by their last word ("job seekers", "élèves", "nieuwkomers"; a few Dutch
    ones by :data:`_DUTCH_PLURALS`: "persoon" is "personen"), or by their first before "at
    risk" or "d'emploi" ("persons at risk", "demandeurs d'emploi"); German singulars
    (:data:`vocab.GERMAN_SINGULAR_NOUNS`, with a capital, as German writes its nouns:
    "Person", "Teilnehmerin", "Flüchtling", "Arbeitsloser") by their German plural."""
    low = noun.lower()
    if low in _DUTCH_PLURALS:  # before the plural in "s": "mens" is "mensen" (dpo55)
        return noun[0] + _DUTCH_PLURALS[low][1:]
    new = _FRENCH_NEW.fullmatch(noun)
    if new:
        return new.group(1) + ("aux" if new.group(2).lower() == "l" else new.group(2) + "s") \
            + new.group(3) + "s"
    if (any(w.endswith("s") for w in re.split(r"[\s'\u2019]+", low)) or low in _PLURAL_NO_S
            or low.endswith("treated") or _dutch_plural(noun)):
        return None
    if _GERMAN_NOUN.fullmatch(noun) and not (low == "person" and noun[0].islower()):
        if not vocab.GERMAN_SINGULAR_NOUNS.fullmatch(noun):
            return None  # a plural, or "Teilnehmer" (its plural is the singular)
        if low.endswith("in"):
            return noun + "nen"  # "Teilnehmerin": "Teilnehmerinnen"
        if low.endswith("ling"):
            return noun + "e"  # "Flüchtling": "Flüchtlinge"
        if low == "mann":
            return noun[0] + "änner"  # "Mann": "Männer" (dpo55)
        if low.endswith("er"):
            return noun[:-1]  # "Arbeitsloser": "Arbeitslose"
        return noun + "en"  # "Person", "Mensch"
    first = re.match(r"\S+(?=[ \t]+at[ \t]+risk$|[ \t]*d(?:['\u2019\u2018\u00b4\u02bc`]|[ \t])"
                     r"[ \t]*emploi$)", noun, re.IGNORECASE)
    head, tail = (first.group(0), noun[first.end():]) if first else (
        re.split(r"(?<=[\s-])(?=\S+$)", noun)[-1], "")
    lead = noun[:len(noun) - len(head) - len(tail)] if not first else ""
    if re.fullmatch(r"(?:wo)?man", head, re.IGNORECASE):
        plural = head[:-2] + ("EN" if head.isupper() else "en")  # "woman": "women"
    elif re.search(r"[^aeiou]y$", head, re.IGNORECASE):
        plural = head[:-1] + "ies"  # "beneficiary": "beneficiaries"
    elif re.search(r"(?:ch|sh|x)$", head, re.IGNORECASE):
        plural = head + "es"  # "match": "matches"
    else:
        plural = head + "s"
    return lead + plural + tail


def _plural_edit(m: re.Match, group: str) -> list[tuple[int, int, str]]:
    """The edit that writes noun group ``group`` of a redacted match in the plural after
    the marker (:func:`_plural_noun`), or none when it is a plural already."""
    noun = m.group(group)
    plural = _plural_noun(noun) if noun else None
    return [(m.start(group), m.end(group), plural)] if plural else []


def _redact_bound(m: re.Match, min_cell: int) -> str:
    """An :data:`UPPER_BOUND` match rewritten as the marker states it: "fewer than 3 persons"
    and "at most 3 persons" read "fewer than 10 persons", "<3 persons" "<10 persons", "3 or
    fewer persons" and "3 persons or fewer" "fewer than 10 persons" (``min_cell`` 10)."""
    n, noun, op = _bound_parts(m)
    txt, base = m.group(0), m.start()
    fewer = _FEWER_THAN[_bound_language(m.group(op))]
    plural = _plural_noun(m.group(noun)) or m.group(noun)  # "at most 1 person" (dpo54)
    if op == "op":
        symbol = m.group(op).strip()[0] in "<=\u2264"
        return (txt[:m.start(op) - base] + (f"<{min_cell}" if symbol else
                                             f"{fewer} {min_cell}")
                + txt[m.end(n) - base:m.start(noun) - base] + plural + txt[m.end(noun) - base:])
    return f"{fewer} {min_cell} " + plural


#: "all but" in the language of a :data:`COUNT_PHRASE` "N of M" (dpo55: "38 van de 40
#: deelnemers" reads "alle behalve <10 van de 40 deelnemers"), by its word for "of"
_ALL_BUT = {"en": "all but", "nl": "alle behalve", "fr": "tous sauf", "de": "alle außer"}
_OF_LANGUAGE = {"van": "nl", "op": "nl", "des": "fr", "sur": "fr", "parmi": "fr", "der": "de"}
#: "fewer than" in the language of a bound (ec30: "minder dan 3 personen" reads "minder dan
#: 10 personen", not "fewer than 10 personen")
_FEWER_THAN = {"en": "fewer than", "nl": "minder dan", "fr": "moins de", "de": "weniger als"}
_BOUND_NL = re.compile(r"minder|kleiner[ \t]+dan|lager|onder|beneden|ten[ \t]+hoogste|hoog|"
                       r"maximaal|niet|bijna|nagenoeg|net[ \t]", re.IGNORECASE)
_BOUND_FR = re.compile(r"moins|en[ \t]+dessous|inf[ée]rieur|au[ \t]|tout|pas|jusqu|pr[èe]s|"
                       r"presque|[àa][ \t]+peine", re.IGNORECASE)
_BOUND_DE = re.compile(r"weniger|kleiner[ \t]+als|unter|h(?:ö|oe)chstens|maximal(?![\w-])|bis|"
                       r"nicht|knapp|fast|beinahe|nahezu", re.IGNORECASE)


def _bound_language(op: str) -> str:
    """The language of an :data:`UPPER_BOUND`'s words (``"en"``, ``"nl"``, ``"fr"``,
    ``"de"``), by the first word of the bound."""
    for lang, rx in (("de", _BOUND_DE), ("nl", _BOUND_NL), ("fr", _BOUND_FR)):
        if rx.match(op):
            return lang
    return "en"


#: the language of a vague word (ec31: "enkele werkzoekenden" reads "minder dan 10
#: werkzoekenden", not "fewer than 10 werkzoekenden"), by its first word
_VAGUE_NL = re.compile(r"enkelen?|een[ \t]|weinigen", re.IGNORECASE)
_VAGUE_FR = re.compile(r"quelques|plusieurs|une?[ \t]", re.IGNORECASE)
_VAGUE_DE = re.compile(r"ein(?:e|ige)?[ \t]|einige|mehrere|wenigen?", re.IGNORECASE)
#: "a share" in the language of a :data:`SHARE_OF` match (ec31: "2,5 % van de 40
#: werkzoekenden" read "a share van de 40 werkzoekenden")
_A_SHARE = {"en": "a share", "nl": "een aandeel", "fr": "une part", "de": "ein Anteil"}
_SHARE_NL = re.compile(r"(?<![\w-])(?:van|onder)(?![\w-])", re.IGNORECASE)
_SHARE_FR = re.compile(r"(?<![\w-])(?:des|de|sur|parmi|dont)(?![\w-])", re.IGNORECASE)


def _vague_language(word: str) -> str:
    """The language of a :data:`VAGUE_COUNT` or :data:`VAGUE_ACT` word (``"en"``, ``"nl"``,
    ``"fr"``, ``"de"``)."""
    for lang, rx in (("nl", _VAGUE_NL), ("de", _VAGUE_DE), ("fr", _VAGUE_FR)):
        if rx.match(word):
            return lang
    return "en"


def _share_language(phrase: str) -> str:
    """The language of a :data:`SHARE_OF` match, by its word for "of" ("van": Dutch; "des",
    "de", "sur", "parmi", "dont": French; else English)."""
    return "nl" if _SHARE_NL.search(phrase) else "fr" if _SHARE_FR.search(phrase) else "en"


#: the nouns of persons of :data:`PERSON_NOUNS` (and "matched starters") as a whole noun
_PERSON_NOUN_FULL = re.compile("(?:" + _PERSONS + r")|matched[ \t]+starters?", re.IGNORECASE)
#: words that state a number before a noun of persons as a weighted count: "3.3 weighted
#: controls", "2.5 treated-equivalent twins" (matching weights, each of ``k`` twins ``1 / k``:
#: book/disclosure.md counts the twins in treated-equivalents, and the effect rules hide a
#: side of few of them), or the package's "(2.5 controls in 3 rows)" of a weighted logit
#: (dpo55: in Dutch, German and French too, "3,3 gewogen personen", "3,3 gewichtete
#: Personen", "3,3 personnes pondérées")
_WEIGHT_WORD = r"weighted|gewogen|gewichtete?[nrsm]?|pond[ée]r[ée]e?s?"
_WEIGHTED_WORDS = re.compile(r"(?:" + _WEIGHT_WORD + r")(?![\w-])|equivalents?(?![\w-])",
                             re.IGNORECASE)
#: the weight word after the noun (dpo55: "3.3 controls (weighted)", "3.3 controls, weighted",
#: "3.3 controls weighted by their distance", "2.5 twins (treated-equivalents)", "2.5 twins
#: in treated-equivalents" passed as means while "3.3 weighted controls" was a count)
_WEIGHTED_AFTER = re.compile(r"[ \t]*(?:\([ \t]*(?:" + _WEIGHT_WORD + r"|(?:treated-)?"
                             r"equivalents?)(?![\w-])[^()\n]{0,40}\)|,?[ \t]+(?:"
                             + _WEIGHT_WORD + r"|in[ \t]+(?:treated-)?equivalents?)(?![\w-]))",
                             re.IGNORECASE)
#: the weight word before the number (dpo55: "a weighted count of 3.3 controls", "the weighted
#: number of controls was 3.3", "weighted: 3.3 controls", "of whom, weighted, 2.5 entered")
_WEIGHTED_BEFORE = re.compile(
    r"(?<![\w-])(?:(?:" + _WEIGHT_WORD + r")(?:[ \t]+(?:count|number|total|sum|n|aantal|totaal|"
    r"anzahl|zahl|summe)(?![\w-]))?(?:[ \t]+(?:of|van|von|der))?(?:[ \t]+(?:the|de))?"
    r"|(?:nombre|total|effectif)[ \t]+pond[ée]r[ée][ \t]+(?:de|d['\u2019]))[ \t]*[:=,]?[ \t]*$",
    re.IGNORECASE)
_IN_ROWS_AFTER = re.compile(r"[ \t]+in[ \t]+<?\d+(?:[.,]\d+)?[ \t]+(?:weighted[ \t]+)?rows?"
                            r"(?![\w-])", re.IGNORECASE)


def _fractional(word: str) -> bool:
    """Whether ``word`` is a number in digits with a fractional part that is not zero
    ("2.5", "0.5", "2,5" with a decimal comma: :func:`vocab.number_value`); "2.0", "2,00",
    "3" and number words are whole."""
    if not word or not word[0].isdigit():
        return False
    try:
        value = vocab.number_value(word)
    except ValueError:
        return False
    return bool(np.isfinite(value)) and value != int(value)


#: digits whose dots group thousands as Dutch, French and German write them: "2.000",
#: "12.345", "1.234.567" (dpo55; :func:`_thousands_dot`)
_THOUSANDS_DOT = re.compile(r"\d{1,3}(?:\.\d{3})+")
#: the French nouns of persons (:data:`mia_helpers.disclosure_vocabulary.FRENCH_PERSON_NOUNS`),
#: and those French writes as English does ("participants", "patients": French and English
#: to :func:`_noun_languages`)
_FRENCH_NOUN = re.compile("|".join((*vocab.FRENCH_PERSON_NOUNS, "participants?", "patients?",
                                    "(?:im)?migrants?", "residents?")), re.IGNORECASE)
#: the English nouns of :data:`COUNT_NOUNS` (all but the Dutch, French and German ones)
_ENGLISH_NOUN = re.compile("|".join(
    n for n in COUNT_NOUNS if n not in {*vocab.DUTCH_PERSON_NOUNS, *vocab.FRENCH_PERSON_NOUNS,
                                        *vocab.GERMAN_PERSON_NOUNS}), re.IGNORECASE)
#: words of a sentence in Dutch, French or German that English does not use (a decimal comma
#: language: :func:`_thousands_dot`), and words of an English sentence
_COMMA_DECIMAL_WORDS = re.compile(
    r"(?<![\w-])(?:het|een|zijn|waren|werden|wordt|werd|niet|ook|deze|aantal|waarvan|naar|uit|"
    r"maar|nog|heeft|hebben|van|voor|dan|tot|wie|er|bij|"
    r"der|das|und|mit|von|nicht|sind|wurden|haben|hatten|einer|eines|insgesamt|davon|f(?:ü|ue)r|"
    r"gab|ist|auch|nur|im|zum|zur|aus|denen|wovon|unter|weniger|als|etwa|rund|"
    r"les|des|sont|[ée]taient|dont|avec|parmi|ont|[ée]t[ée]|une|est|[ée]tait|du|aux|sur|moins|"
    r"plus|entre|qui|environ|il[ \t]+y[ \t]+a(?:vait)?)(?![\w-])", re.IGNORECASE)
_ENGLISH_WORDS = re.compile(
    r"(?<![\w-])(?:the|of|and|were|with|from|that|this|which|who|had|have|has|are|than|fewer|"
    r"more|there|these|those|only|about|among|at|by|to)(?![\w-])", re.IGNORECASE)
#: the end of a sentence: a full stop, "!" or "?" before a space, or a line break
_SENTENCE_END = re.compile(r"[.!?](?=\s)|\n")


def _noun_languages(noun: str) -> set[str]:
    """The languages (``"en"``, ``"nl"``, ``"fr"``, ``"de"``) of whose nouns of persons
    ``noun`` is one: "persons" is English only, "personen" Dutch and German, "participants"
    English and French."""
    return {lang for lang, rx in (("en", _ENGLISH_NOUN), ("nl", _DUTCH_NOUN),
                                  ("fr", _FRENCH_NOUN), ("de", _GERMAN_NOUN))
            if rx.fullmatch(noun)}


def _thousands_dot(m: re.Match, group: str | int) -> bool:
    """Whether the number of group ``group`` of a count match is a whole number whose dots
    group thousands (dpo55: "2.000 personen" is two thousand persons and was read as 2,
    refused or redacted as a small count). The rule, which never reads a small count as a
    large one where English may be meant: the dots must group exactly three digits each
    (:data:`_THOUSANDS_DOT`), and the phrase be Dutch, French or German, languages that
    write a decimal with a comma (:func:`mia_helpers.disclosure_vocabulary.number_value`):

    - its noun of persons is of those languages only ("personen", "Teilnehmer",
      "personnes", "deelnemers"), or the match is German by its form (:data:`GERMAN_OF`);
    - a noun that is English only ("persons", "starters") makes the dot a decimal point,
      "2.000 persons" is 2 (an English float printed with three decimals) and "2.500
      persons" a mean of 2.5;
    - a noun English shares with another language ("participants", "patients") or no noun
      ("waarvan 2.000 ...", "het aantal ... was 2.000") is decided by the words of the
      sentence around the match: a thousands dot only when it holds a word of Dutch,
      French or German (:data:`_COMMA_DECIMAL_WORDS`) and none of English
      (:data:`_ENGLISH_WORDS`); no such word, or both, keep the smaller reading."""
    if not _THOUSANDS_DOT.fullmatch(m.group(group) or ""):
        return False
    if m.re is GERMAN_OF:
        return True
    nouns = [m.group(g) for g in ("noun", "noun2", "noun3")
             if g in m.re.groupindex and m.group(g)]
    langs = set().union(*(_noun_languages(n) for n in nouns)) if nouns else set()
    if langs == {"en"}:
        return False
    if langs and "en" not in langs:
        return True
    text = m.string
    ends = [e.end() for e in _SENTENCE_END.finditer(text, max(0, m.start() - 200), m.start())]
    start = ends[-1] if ends else max(0, m.start() - 200)
    after = _SENTENCE_END.search(text, m.end(), min(len(text), m.end() + 200))
    sentence = text[start:after.start() if after else min(len(text), m.end() + 200)]
    return (_COMMA_DECIMAL_WORDS.search(sentence) is not None
            and _ENGLISH_WORDS.search(sentence) is None)


def _fractional_at(m: re.Match, group: str | int) -> bool:
    """:func:`_fractional` of the number of group ``group`` of a count match, whose dots
    may group thousands (:func:`_thousands_dot`: "2.500 personen" is whole)."""
    return not _thousands_dot(m, group) and _fractional(m.group(group))


def _value(m: re.Match, group: str | int) -> float:
    """The value of the number of group ``group`` of a count match: :func:`_count_value`,
    or the whole number of digits whose dots group thousands in a Dutch, French or German
    phrase (:func:`_thousands_dot`, dpo55: "2.000 personen" is 2000). Raises ``ValueError``
    when the group is no number."""
    word = m.group(group)
    if _thousands_dot(m, group):
        return float(word.replace(".", ""))
    return _count_value(word)


def _not_a_count(m: re.Match, group: str | int) -> bool:
    """Whether the number of group ``group`` of a count match is no count of persons
    (dpo54): a number with a fractional part that is not zero (:func:`_fractional`) before
    a noun of persons (:data:`COUNT_PHRASE`, :data:`DIFFERENCE`), or after "of whom" or "the
    number of persons was" (:data:`OF_WHOM`, :data:`NUMBER_OF`, whose persons are named
    before it). A count of persons is a whole number; "2.5 persons were dropped", "0.5 more
    starters" state a mean or an expected number, as "2.5 persons per household" does ("2.5
    persons" was read as a count and redacted to "<10 persons"). Still counts: a whole
    value written as a decimal ("2.0 persons", "3,0 personen": a count printed from a float),
    a decimal before a noun of rows, events, trials, "later starts" or "treated" (the
    package's weighted counts, "(2.5 later starts in 2.5 rows)", whose weights of at least
    one bound the rows behind them), and a decimal stated as a weighted count of persons
    (:data:`_WEIGHTED_WORDS`, :data:`_IN_ROWS_AFTER`: "3.3 treated-equivalent controls",
    whose persons may be few). A bound ("at most 2.5 persons") is no count and is read as a
    bound (:data:`UPPER_BOUND`)."""
    if not _fractional_at(m, group):
        return False
    if m.re not in (OF_WHOM, NUMBER_OF, GERMAN_OF, COUNT_PHRASE, DIFFERENCE):
        return False
    if _weighted(m):  # dpo55: the weight word before or after the noun too
        return False
    if m.re in (OF_WHOM, NUMBER_OF, GERMAN_OF):  # GERMAN_OF: "2,5 von 40 Teilnehmern"
        return True
    return (_PERSON_NOUN_FULL.fullmatch(m.group("noun")) is not None
            and not _IN_ROWS_AFTER.match(m.string, m.end()))


def _weighted(m: re.Match) -> bool:
    """Whether a count match states its number as a weighted count (:func:`_not_a_count`):
    a weight word in it ("3.3 weighted controls": :data:`_WEIGHTED_WORDS`), after it ("3.3
    controls (weighted)", "3.3 controls, weighted": :data:`_WEIGHTED_AFTER`) or just before
    it ("a weighted count of 3.3 controls", "the weighted number of controls was 3.3":
    :data:`_WEIGHTED_BEFORE`; dpo55: the last two passed as means)."""
    return (_WEIGHTED_WORDS.search(m.group(0)) is not None
            or _WEIGHTED_AFTER.match(m.string, m.end()) is not None
            or _WEIGHTED_BEFORE.search(m.string, max(0, m.start() - 40), m.start()) is not None)


def _no_complement(m: re.Match) -> bool:
    """Whether a :data:`COUNT_PHRASE` match "N of M persons" states no count of persons left
    out of its whole (dpo52's "37 of the 40 starters" does): its part or its whole is no
    count (:func:`_not_a_count`: "37.5 of the 40 starters" is a mean, dpo54). Read alike by
    :func:`_redaction_edits` and export-check's ``complements_in_text``."""
    return any(m.group(g) and _not_a_count(m, g) for g in ("n", "m_det", "m")
               if g in m.re.groupindex)


def _phrase_numbers(m: re.Match) -> list[tuple[int, int, float]]:
    """Start, end and value of each count of one :data:`COUNT_PHRASE`, :data:`COUNT_LABEL` or
    :data:`OF_WHOM` match (digits or a number word); not a number that is no count of
    persons (:func:`_not_a_count`: "2.5 persons", dpo54)."""
    groups = ("n", "frac", "m_det", "m") if m.re is COUNT_PHRASE else (1,)
    return [(m.start(g), m.end(g), _value(m, g))
            for g in groups if m.group(g) is not None and not _not_a_count(m, g)]


#: the words of a bound just before a number, with any spaces and one line break between
#: ("at least\n 9  persons" of the runner's HTML, where a glued number stands between spaces
#: and a line may break before it: rev25); :data:`_BOUND` sees one space only
_AFTER_BOUND = re.compile(r"(?<![\w-])(?:than|below|under|least"
                          # ec30: Dutch, French and German lower bounds ("meer dan 3
                          # personen", "plus de 3 personnes", "mindestens 3 Personen",
                          # "niet minder dan 3") publish no small count, as "more than 3
                          # persons" does not; their upper bounds are UPPER_BOUND's
                          r"|(?:meer|minder)[ \t]+dan|minstens|ten[ \t]+minste|tenminste"
                          r"|minimaal|(?:plus|moins)[ \t]+(?:de|que)|au[ \t]+moins"
                          r"|(?:mehr|weniger)[ \t]+als|mindestens|wenigstens)[ \t]*(?:\n[ \t]*)?$"
                          r"|(?<![\w-])(?:plus|moins)[ \t]+d['\u2019]$", re.IGNORECASE)


#: the name of a numbered thing before a number, which makes the number its label, not a
#: count (cnt51): "Table 4 starters", "Figure 3 Turkish men", "chapter 5 newcomers", "quarter
#: 4 IBO starters" (the fourth quarter). A quarter after an ordinal or a determiner is a
#: period and the number after it a count ("in the first quarter 4 IBO starters entered")
_NUMBERED_BEFORE = re.compile(
    r"(?<![\w-])(?:(?:tables?|tab\.|figures?|fig\.|chapters?|ch\.|sections?|sec\.|appendix|"
    r"equations?|eq\.|exercises?|steps?|columns?|panels?|pages?|p\.|models?|waves?|rounds?|"
    r"versions?|tabel|figuur|hoofdstuk|tableau|chapitre|tabelle|abbildung|kapitel)"
    r"|(?<!first )(?<!second )(?<!third )(?<!fourth )(?<!fifth )(?<!last )(?<!next )"
    r"(?<!same )(?<!that )(?<!this )(?<!each )(?<!every )(?<!one )(?<!a )(?<!per )"
    r"(?<!previous )(?<!final )(?<!later )(?<!earlier )(?<!its )(?<!their )"
    r"(?:quarter|kwartaal|trimestre|quartal))[ \t]*$", re.IGNORECASE)


#: a percentage: "2.5%", "2.5 %", "2.5 percent", "2.5 per cent"
_PCT_OF = (r"(\d+(?:[.,]\d+)?)[ \t]*(?:%|per[ \t]?cent(?![\w-])|percent(?![\w-])"
           r"|procent(?![\w-])|pour[ \t]?cent(?![\w-]))")
#: (ec29) Dutch and French determiners too: "2,5 % van de 40 werkzoekenden", "2,5 % des 40
#: personnes"
_OF_THE = (r"(?:the[ \t]+|all[ \t]+|these[ \t]+|those[ \t]+|de[ \t]+|deze[ \t]+|die[ \t]+"
           r"|les[ \t]+|ces[ \t]+)?")
_OF_NL_FR = r"(?:of|van|des|de|sur|parmi|onder)"
_PERSON_NOUN = r"(?:" + _PERSONS + r"|treated)(?![\w-])"
#: a share of a count of persons, which gives its numerator back (ec28: they passed):
#: "2.5% of the 40 starters entered", "Of the 40 starters, 2.5 % entered", "40 starters, of
#: whom 2.5% entered"; groups ``pct`` and ``n`` by :func:`_share_parts`
SHARE_OF = re.compile(
    _PCT_OF + r"[ \t]+" + _OF_NL_FR + r"[ \t]+" + _OF_THE + r"(" + _NUM + r")[ \t]+" + _ADJ
    + _PERSON_NOUN
    + r"|\b" + _OF_NL_FR + r"[ \t]+" + _OF_THE + r"(" + _NUM + r")[ \t]+" + _ADJ + _PERSON_NOUN
    # a Dutch verb may stand before the share: "Van de 40 personen vond 2,5 % werk" (ec29)
    + r"[ \t]*,?(?:[ \t]+(?:vond|vonden|had|hadden|kreeg|kregen|was|waren|trouva|trouvent|"
    r"ont|a|avait|avaient))?[ \t]+(?:only[ \t]+|just[ \t]+|some[ \t]+|slechts[ \t]+|"
    r"seulement[ \t]+)?" + _PCT_OF
    + r"|(" + _NUM + r")[ \t]+" + _ADJ + _PERSON_NOUN + r"[ \t]*,?[ \t]+(?:of[ \t]+whom|van"
    r"[ \t]+wie|dont)[ \t]+" + _PCT_OF, re.IGNORECASE)
#: "1 in 40 starters", "one in forty persons": a count out of a count (ec28: it passed)
ONE_IN = re.compile(r"(?<![\w.,])(" + _NUM + r")[ \t]+in[ \t]+(" + _NUM + r")[ \t]+" + _ADJ
                    + _PERSON_NOUN, re.IGNORECASE)


#: German ordinals after "jeder"/"jede"/"jedes" (dpo32: "jeder dritte Teilnehmer" is "one in
#: three participants", which :data:`ONE_IN` reads): the ordinal's value
_DE_ORDINALS = {"zweite": 2, "dritte": 3, "vierte": 4, "fünfte": 5, "fuenfte": 5,
                "sechste": 6, "siebte": 7, "siebente": 7, "achte": 8, "neunte": 9,
                "zehnte": 10, "elfte": 11, "zwölfte": 12, "zwoelfte": 12, "dreizehnte": 13,
                "vierzehnte": 14, "fünfzehnte": 15, "fuenfzehnte": 15, "sechzehnte": 16,
                "siebzehnte": 17, "achtzehnte": 18, "neunzehnte": 19, "zwanzigste": 20}
_GERMAN_PERSONS = r"(?:" + "|".join(vocab.GERMAN_PERSON_NOUNS) + r")(?![\w-])"
#: German forms of a small count that the word-number reader missed (dpo32; the leftovers
#: of ec31): "von denen einer Arbeit fand", "davon nur eine" (the article form of one after
#: the relative pronoun, as :data:`OF_WHOM` reads "von denen zwei"); "einer der Teilnehmer",
#: "eine der 40 Personen" (as :data:`COUNT_PHRASE` reads "drei der Teilnehmer"); "3 von 40
#: Teilnehmern", "drei von den 40 Personen" (as "3 of 40 participants"); and "jeder dritte
#: Teilnehmer", "jede fünfte Person", "jeder Dritte" (one in three, as :data:`ONE_IN` reads
#: "one in three participants"). Groups ``one`` (an article form of one), ``n`` and ``m``
#: (the count and its whole), ``ord`` (the ordinal: one in that many)
GERMAN_OF = re.compile(
    r"(?:(?<![\w-])(?:von[ \t]+denen|wovon|davon)[ \t]+(?:nur[ \t]+|lediglich[ \t]+"
    r"|genau[ \t]+)?(?P<one>ein(?:e[rs]?)?)(?![\w-])(?![ \t]+(?:prozent|quartals?|jahre?s?|"
    r"monats?|woche|tag|anteil|teil|gro(?:ß|ss)teil|bruchteil|drittel|viertel|f(?:ü|ue)nftel|h(?:ä|ae)lfte|mal|paar|handvoll)(?![\w-]))"
    r"|(?<![\w-])(?P<one2>ein(?:e[rs]?))[ \t]+(?:der|von[ \t]+den)[ \t]+"
    r"(?:(?P<m2>\d+|" + vocab.NUMBER_WORD + r")[ \t]+)?" + _ADJ + _GERMAN_PERSONS
    + r"|(?<![\w.,\-])(?P<n>" + _NUM + r")[ \t]+von[ \t]+(?:den[ \t]+|allen[ \t]+"
    r"|diesen[ \t]+|insgesamt[ \t]+)?(?P<m>" + _NUM + r")[ \t]+" + _ADJ + _GERMAN_PERSONS
    + r"|(?<![\w-])jede[rsn]?[ \t]+(?:(?P<ord>" + "|".join(_DE_ORDINALS) + r")(?![\w-])"
    r"(?=[ \t]+" + _ADJ + _GERMAN_PERSONS + r")|(?-i:(?P<ord2>"
    + "|".join(x.capitalize() for x in _DE_ORDINALS) + r"))(?![\w-])))", re.IGNORECASE)


def _german_numbers(m: re.Match) -> list[tuple[int, int, float]]:
    """Start, end and value of each count of a :data:`GERMAN_OF` match: an article form of
    one is 1, an ordinal ("jeder dritte") is one in that many (both the 1 and the 3), as
    :data:`ONE_IN` reads "one in three"."""
    out = [(m.start(g), m.end(g), 1.0) for g in ("one", "one2") if m.group(g)]
    out += [(m.start(g), m.end(g), _value(m, g)) for g in ("n", "m", "m2")
            if m.group(g) and not _not_a_count(m, g)]
    for g in ("ord", "ord2"):
        if m.group(g):
            out += [(m.start(), m.start(g), 1.0),
                    (m.start(g), m.end(g), float(_DE_ORDINALS[m.group(g).lower()]))]
    return out


def _share_parts(m: re.Match) -> tuple[int, int]:
    """The groups of the percentage and of the count of a :data:`SHARE_OF` match."""
    return (1, 2) if m.group(1) is not None else (4, 3) if m.group(3) is not None else (6, 5)


def _share_discloses(m: re.Match, min_cell: int) -> bool:
    """Whether a :data:`SHARE_OF` match states a count of persons in ``(0, min_cell)``: the
    count itself, or every numerator (or every complement) that the share allows within its
    rounding (its published decimals), as :func:`mia_helpers.export_check`'s
    ``share_count`` reads a table."""
    pg, ng = _share_parts(m)
    n = _value(m, ng)
    if 0 < n < min_cell:
        return True
    pct = m.group(pg).replace(",", ".")  # a decimal comma (ec29: "2,5 %")
    half = 0.5 * 10.0 ** -(len(pct.split(".")[1]) if "." in pct else 0)
    lo = max(0, int(np.ceil(round(n * (float(pct) - half) / 100, 9))))
    hi = min(int(n), int(np.floor(round(n * (float(pct) + half) / 100, 9))))
    return hi >= lo and ((lo >= 1 and hi < min_cell) or (n - hi >= 1 and n - lo < min_cell))


#: a difference of persons stated in words (dpo53): "3 more starters than in Ghent", "three
#: fewer newcomers", "2 additional patients" count the persons between two groups, as a
#: table's difference does (it passed: "more" and "fewer" are no label of persons, so the
#: count phrase did not read them); "3 more quarters", "5 more percentage points" are no
#: persons
DIFFERENCE = re.compile(
    _BOUND + r"(?P<n>" + _NUM + r")[ \t]{1,2}(?:more|fewer|less|additional|extra)[ \t]{1,2}"
    + _ADJ + r"(?P<noun>" + _PERSONS + r")(?![\w-])", re.IGNORECASE)
#: a verb of what a part of a group did, after its number (:data:`WHOLE_PART`): a past
#: ("entered", "found", "had", "were") or "are", "have", "still"
_PART_VERB = (r"(?!(?:seed|speed|need|hundred|indeed|feed|breed|bleed|greed|creed|weed|reed|"
              r"bed|red)(?![\w-]))"  # nouns ending in "ed" (fresh53: "1 seed was used")
              r"(?:[a-z]+ed|found|had|were|was|got|left|took|made|began|went|did|won|lost|"
              r"fell|came|gave|held|kept|became|are|have|still|remain(?:ed)?)(?![\w-])")
#: a rate's base before :data:`WHOLE_PART`'s whole: "per 100 newcomers, 8 started" names no
#: group of 100 persons (fresh53)
_RATE_BEFORE = re.compile(r"(?<![\w-])(?:per|every|each)[ \t]+$", re.IGNORECASE)
#: a whole and its part in two clauses or sentences (dpo53): "Of the 40 starters, 37 found a
#: job", "There were 40 starters; 37 found a job", "40 starters. Of them, 37 entered", "40
#: starters, of whom 37 signed": the part, or the whole minus it, may be a small count, as
#: "37 of the 40 starters" (:data:`COUNT_PHRASE`) is. Groups ``m`` the whole, ``noun``, ``n``
#: the part (a whole number followed by a verb: :data:`_PART_VERB`, not a share or a period)
WHOLE_PART = re.compile(
    _BOUND + r"(?P<m>" + _NUM + r")[ \t]{1,2}" + _ADJ + r"(?P<noun>" + _PERSONS + r")(?![\w-])"
    r"[ \t]*(?:,|;|:|\.|\u2014|\u2013)[ \t]*(?:\n[ \t]*)?"
    r"(?:(?:(?:of|among)[ \t]+(?:them|these|those|whom|which)|and|but|only|just)[ \t]*,?[ \t]*)*"
    r"(?P<n>\d+|" + vocab.NUMBER_WORD + r")(?![\w\-]|[.,]\d|[ \t]*%)"
    r"[ \t]{1,2}(?:of[ \t]+them[ \t]+)?" + _PART_VERB, re.IGNORECASE)
#: a count without a noun in a list (dpo53): a line "Label: N" ("Maghreb: 3", "- Ghent: 4")
#: whose lead line (the heading or sentence above the list) names persons
#: (:func:`_list_of_persons`); a period, a seed or a numbered thing as the label is no count
LIST_COUNT = re.compile(
    r"^[ \t]*(?:[-*+\u2022][ \t]+|\d+[.)][ \t]+)?(?P<label>[^\W\d_][^:\n]{0,40}?)[ \t]*:"
    r"[ \t]*(?P<n>\d+)[ \t]*[.,;]?[ \t]*$", re.MULTILINE)
#: labels of a list line that name no group of persons: periods, parameters, numbered things,
#: statistics and units (fresh53)
_NOT_GROUP_LABEL = re.compile(
    r"(?i)^(?:.*\b(?:quarters?|years?|months?|weeks?|days?|periods?|horizons?|seeds?|tables?|"
    r"figures?|chapters?|sections?|steps?|levels?|pages?|versions?|rounds?|waves?|models?|"
    r"exercises?|appendix|columns?|rows?|cells?|decimals?|digits?|k|min_cell|bootstrap|"
    r"replications?|iterations?|caliper|lag|order|rank|degrees?|df|dof|items?|questions?|"
    r"events?|trials?|spells?|starts?|terms?|parameters?|controls per \w+)|[a-z_]+_[a-z_]+"
    # fresh53: a statistic or a unit ("Share (%): 3", "Odds ratio: 2", "Effect (pp): 3")
    r"|.*(?:%|\(pp\)|\bper cent\b|\bpercentage\b|\b(?:shares?|rates?|ratios?|odds|"
    r"effects?|means?|medians?|averages?|durations?|ages?|probabilit(?:y|ies)|coefficients?|"
    r"estimates?|points?|gaps?|scores?|weights?)\b).*)$")
_PERSONS_WORD = re.compile(r"(?<![\w-])(?:" + _PERSONS + r")(?![\w-])|number of|counts?\b",
                           re.IGNORECASE)


def _list_of_persons(m: re.Match) -> bool:
    """Whether a :data:`LIST_COUNT` line counts persons: its label is no period, parameter or
    numbered thing (:data:`_NOT_GROUP_LABEL`), and the first line above it that is neither
    blank nor another "Label: N" line (the list's heading or lead-in) names persons or a count
    ("Persons by origin", "Starters per region:", "## Number of newcomers")."""
    if _NOT_GROUP_LABEL.match(m.group("label").strip()):
        return False
    for line in reversed(m.string[:m.start()].split("\n")[-12:]):
        if not line.strip() or LIST_COUNT.fullmatch(line):
            continue
        return _PERSONS_WORD.search(line) is not None
    return False


def _whole_part_discloses(m: re.Match, min_cell: int) -> bool:
    """Whether a :data:`WHOLE_PART` match leaves a small part, or a small rest of the whole."""
    try:
        whole, part = _value(m, "m"), _value(m, "n")
    except ValueError:
        return False
    return part <= whole and (0 < part < min_cell or 0 < whole - part < min_cell)


def _count_matches(text: str) -> list[re.Match]:
    """Every :data:`UPPER_BOUND`, :data:`COUNT_PHRASE`, :data:`COUNT_LABEL` and
    :data:`OF_WHOM` match of ``text``, in order; a phrase overlapping a bound ("at most 3
    persons") is left to the bound, and a label or "of whom" match overlapping a phrase match
    ("n = 4 persons", "of whom 4 persons") to the phrase. Bounds are returned whether or not
    they disclose (:func:`_bound_discloses` decides)."""
    pairs = list(BOUND_PAIR.finditer(text))
    taken = [(m.start(), m.end()) for m in pairs]
    bounds = pairs + [m for m in UPPER_BOUND.finditer(text)
                      if not any(a < m.end() and m.start() < b for a, b in taken)]
    taken = [(m.start(), m.end()) for m in bounds]
    # ec28; dpo32: the German forms
    bounds += [m for rx in (SHARE_OF, ONE_IN, GERMAN_OF) for m in rx.finditer(text)
               if not any(a < m.end() and m.start() < b for a, b in taken)]
    taken = [(m.start(), m.end()) for m in bounds]
    phrases = [m for m in COUNT_PHRASE.finditer(text) if _read_as_count(m)
               and not any(a < m.end() and m.start() < b for a, b in taken)
               and not _AFTER_BOUND.search(text, max(0, m.start() - 16), m.start())
               and not _NUMBERED_BEFORE.search(text, max(0, m.start() - 32), m.start())]
    taken += [(m.start(), m.end()) for m in phrases]
    others = [m for rx in (COUNT_LABEL, OF_WHOM, NUMBER_OF, PERSONS_PER, OF_THEM, WITH_N)
              for m in rx.finditer(text)
              if not any(a < m.end() and m.start(1) < b for a, b in taken)
              and not (m.re is OF_WHOM and _OF_PERIODS.search(text, max(0, m.start() - 20),
                                                              m.start(1)))
              and not (m.re is OF_THEM and _generic_of_them(m))]
    taken += [(m.start(), m.end()) for m in others]
    vague = [m for rx in (BOUND_OF_THEM, VAGUE_COUNT, VAGUE_ACT) for m in rx.finditer(text)
             if not (m.re in (VAGUE_COUNT, VAGUE_ACT) and _vague_per_one(m))
             and not any(a < m.end() and m.start() < b for a, b in taken)]
    taken += [(m.start(), m.end()) for m in vague]
    # dpo53: differences in words, a whole and its part in two clauses, a list's counts
    words = [m for m in DIFFERENCE.finditer(text) if _read_as_count(m, ("n",))
             and not any(a < m.end() and m.start() < b for a, b in taken)
             and not _AFTER_BOUND.search(text, max(0, m.start() - 16), m.start())]
    words += [m for m in WHOLE_PART.finditer(text) if _read_as_count(m, ("m",))
              and not _AFTER_BOUND.search(text, max(0, m.start() - 16), m.start())
              and not _RATE_BEFORE.search(text, max(0, m.start() - 16), m.start())
              and not _NUMBERED_BEFORE.search(text, max(0, m.start() - 32), m.start())]
    words += [m for m in LIST_COUNT.finditer(text) if _list_of_persons(m)]
    return sorted(bounds + phrases + others + vague + words, key=lambda m: m.start())


#: the article forms of one that :data:`OF_THEM` reads before a pronoun ("einer von ihnen",
#: "een van hen"; ec31): not number words elsewhere ("eine Person" is a person)
_ONE_ARTICLE = re.compile(r"ein(?:e[rsmn]?)?|een", re.IGNORECASE)


def _count_value(word: str) -> float:
    """The value of a number read by a count match: :func:`vocab.number_value`, or 1 for an
    article form of one (:data:`_ONE_ARTICLE`) before a pronoun."""
    return 1.0 if _ONE_ARTICLE.fullmatch(word) else vocab.number_value(word)


def _generic_of_them(m: re.Match) -> bool:
    """Whether an :data:`OF_THEM` match is no count: after the words of a bound ("more than
    3 of them": :data:`_AFTER_BOUND`), a number just below a bound that
    :data:`BOUND_OF_THEM` reads ("nearly ten of them"; ec31), or "one" as the generic article ("every one of
    them")."""
    text = m.string
    if _AFTER_BOUND.search(text, max(0, m.start() - 16), m.start()):
        return True
    if _NEARLY_BEFORE.search(text, max(0, m.start() - 24), m.start()) and any(
            b.end() == m.end() for b in BOUND_OF_THEM.finditer(text, max(0, m.start() - 24),
                                                               m.end())):
        return True  # "nearly ten of them": BOUND_OF_THEM's (ec31)
    return _value(m, 1) == 1 and _GENERIC_BEFORE.search(
        text, max(0, m.start() - 12), m.start()) is not None


def _discloses(m: re.Match, min_cell: int) -> bool:
    """Whether one match of :func:`_count_matches` states a small count of persons."""
    if m.re is UPPER_BOUND:
        return _bound_discloses(m, min_cell)
    if m.re is BOUND_PAIR:
        return _pair_discloses(m, min_cell)
    if m.re is SHARE_OF:  # "2.5% of the 40 starters": one person (ec28)
        return _share_discloses(m, min_cell)
    if m.re is GERMAN_OF:  # "einer der Teilnehmer", "jeder dritte Teilnehmer" (dpo32)
        one = m.group("one") or m.group("one2")
        if one and _GENERIC_BEFORE.search(m.string, max(0, m.start() - 12), m.start()):
            return False  # "nicht einer der Teilnehmer": none
        return any(0 < v < min_cell for _, _, v in _german_numbers(m))
    if m.re is ONE_IN:  # "1 in 40 starters" (ec28); "1 in 2.5 starters" is a rate (dpo54)
        if _fractional_at(m, 2):
            return False
        return any(0 < _value(m, g) < min_cell for g in (1, 2))
    if m.re is BOUND_OF_THEM:  # "fewer than 3 of them": at most 2 (ec26)
        b = _value(m, "n")
        if _NEARLY_OPS.fullmatch(m.group("op")):  # "nearly ten of them", as UPPER_BOUND (ec31)
            return 0 < b <= min_cell
        return 1 < b < min_cell
    if m.re in (VAGUE_COUNT, VAGUE_ACT):  # a number it cannot read is refused (ec26, ec27)
        v = _vague_value(m)
        return v is None or 0 < v < min_cell
    if m.re is WHOLE_PART:  # dpo53
        return _whole_part_discloses(m, min_cell)
    if m.re in (DIFFERENCE, LIST_COUNT):  # dpo53; dpo54: "0.5 more starters" is no count
        return 0 < _value(m, "n") < min_cell and not _not_a_count(m, "n")
    return any(0 < v < min_cell for _, _, v in _phrase_numbers(m))


#: a maths span of Markdown or of MathJax's HTML: ``$$...$$``, ``$...$``, ``\\[...\\]``,
#: ``\\(...\\)``; group ``m`` (or ``d``, ``b``, ``p``) its content
_MATH_SPAN = re.compile(r"\$\$(?P<d>.+?)\$\$|\$(?P<m>[^$\n]+?)\$|\\\[(?P<b>.+?)\\\]"
                        r"|\\\((?P<p>.+?)\\\)", re.S)
#: TeX that sets a label apart without changing what it says: thin and negative spaces,
#: ``{=}``, a number in ``\mathrm{...}``/``\text{...}``, a subscript on ``n`` or ``N``
_TEX_SPACES = re.compile(r"\\[,!;: ]|\\q?quad\b|~")
_TEX_BRACED = re.compile(r"\\(?:mathrm|text|textrm|textup|mathit|mathbf|mathsf|boldsymbol|"
                         r"operatorname|mbox|hbox)\s*\{([^{}]*)\}")
_TEX_SUBSCRIPT = re.compile(r"(?<![\w\\])([nN])_(?:\{[^{}]*\}|\w)")


def _math_plain(text: str) -> str:
    """``text`` with every maths span read as plain text, for the count rules: ``$n=4$``,
    ``$n\\,=\\,4$``, ``$n{=}4$``, ``$n = \\mathrm{4}$``, ``$n_{\\text{IBO}} = 4$`` and
    ``$n$ = 4`` all read "n=4" or "n = 4" (close27: the maths-mode forms passed export-check).
    Newlines are kept, so line numbers stay; the delimiters are dropped. Conservative: a
    maths span can only add a reading of a count, and the prose outside is unchanged."""
    def plain(m: re.Match) -> str:
        body = next(g for g in m.groups() if g is not None)
        body = _TEX_SPACES.sub(" ", body).replace("{=}", "=")
        body = _TEX_SUBSCRIPT.sub(r"\1", _TEX_BRACED.sub(r"\1", _TEX_BRACED.sub(r"\1", body)))
        return body

    return _MATH_SPAN.sub(plain, text) if ("$" in text or "\\(" in text
                                           or "\\[" in text) else text


#: one character of a maths span read as plain text, with the range of ``text`` it comes from
_Mapped = tuple[str, int, int]


def _sub_mapped(rx: re.Pattern, chars: list[_Mapped], group: int | None,
                const: str | Callable[[re.Match], str] = "") -> list[_Mapped]:
    """``chars`` with each match of ``rx`` replaced by its group ``group`` (each character
    keeps its origin) or, when ``group`` is None, by ``const`` (or ``const(match)``), whose
    characters come from the whole match."""
    s = "".join(c for c, _, _ in chars)
    out: list[_Mapped] = []
    end = 0
    for m in rx.finditer(s):
        out += chars[end:m.start()]
        if group is None:
            new = const(m) if callable(const) else const
            out += [(ch, chars[m.start()][1], chars[m.end() - 1][2]) for ch in new]
        else:
            out += chars[m.start(group):m.end(group)]
        end = m.end()
    return out + chars[end:]


def _math_plain_map(text: str) -> tuple[str, list[tuple[int, int]],
                                         list[tuple[int, int, int, int]]]:
    """``_math_plain(_plain_spacing(text))`` with where each character comes from: the plain
    text, the range of ``text`` of each of its characters, and (start, end in ``text`` with
    the delimiters, start, end in the plain text) of each maths span. Used by
    :func:`redact_small_counts`, so that it rewrites a count where the reader finds it
    (ec28)."""
    chars: list[_Mapped] = [(c, i, i + 1) for i, c in enumerate(text)]
    chars = _sub_mapped(_ENTITY, chars, None, lambda m: html.unescape(m.group(0)))
    chars = _sub_mapped(_SPACE_LIKE, chars, None, " ")
    chars = _sub_mapped(_INVISIBLE, chars, None, "")
    chars = _sub_mapped(_COMBINING, chars, None, _compose)
    norm = "".join(c for c, _, _ in chars)
    out: list[_Mapped] = []
    spans: list[tuple[int, int, int, int]] = []
    end = 0
    for m in _MATH_SPAN.finditer(norm):
        out += chars[end:m.start()]
        g = next(k for k in ("d", "m", "b", "p") if m.group(k) is not None)
        body = chars[m.start(g):m.end(g)]
        body = _sub_mapped(_TEX_SPACES, body, None, " ")
        body = _sub_mapped(re.compile(r"\{=\}"), body, None, "=")
        body = _sub_mapped(_TEX_BRACED, _sub_mapped(_TEX_BRACED, body, 1), 1)
        body = _sub_mapped(_TEX_SUBSCRIPT, body, 1)
        spans.append((chars[m.start()][1], chars[m.end() - 1][2], len(out), len(out) + len(body)))
        out += body
        end = m.end()
    out += chars[end:]
    return "".join(c for c, _, _ in out), [(a, b) for _, a, b in out], spans


#: an HTML character reference ("&nbsp;", "&#51;", "&#x33;"): Markdown and HTML show it as
#: its character, so "3&nbsp;persons" reads "3 persons" (ec28)
_ENTITY = re.compile(r"&(?:#[0-9]{1,7}|#[xX][0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});")
#: spaces other than the ASCII space: no-break, narrow no-break, thin, figure, zero-width,
#: ideographic...
#: ("3\u00a0persons", typeset or pasted from a spreadsheet, read "3 persons"; ec28)
_SPACE_LIKE = re.compile("[\u00a0\u1680\u2000-\u200b\u202f\u205f\u3000]")
#: characters that show nothing inside a word: soft hyphen, zero-width joiners, word joiner, BOM
_INVISIBLE = re.compile("[\u00ad\u180e\u200c\u200d\u2060\ufeff]")


#: a letter followed by combining marks ("e\u0301"): shown as one accented letter, read as
#: its composed form ("e\u0301e\u0301n persoon" is "één persoon"; ec29)
_COMBINING = re.compile("[^\\W\\d_]?[\u0300-\u036f]+")


def _compose(m: re.Match) -> str:
    """A :data:`_COMBINING` match in its composed (NFC) form."""
    import unicodedata

    return unicodedata.normalize("NFC", m.group(0))


def _plain_spacing(text: str) -> str:
    """``text`` as it shows: character references unescaped, other spaces as the ASCII
    space, invisible characters dropped (ec28: "3\u00a0persons", "3&nbsp;persons" and
    "3\u200bpersons" passed the reader). Newlines are kept."""
    if "&" in text:
        text = _ENTITY.sub(lambda m: html.unescape(m.group(0)), text)
    if not text.isascii():
        text = _COMBINING.sub(_compose, _INVISIBLE.sub("", _SPACE_LIKE.sub(" ", text)))
    return text


def small_count_matches(text: str, min_cell: int = DEFAULT_MIN_CELL) -> list[tuple[int, str]]:
    """Where ``text`` states a count of persons in ``(0, min_cell)``: (line number counted
    from 1, phrase) for each phrase of :func:`small_counts_in_text`, in order. Maths spans
    are read as plain text first (:func:`_math_plain`: "$n{=}4$" states a count as "n = 4"
    does), so a phrase found there is given as read.

    Raises ``ValueError`` unless ``min_cell`` is a whole number >= 1
    (:func:`check_min_cell`).
    """
    min_cell = check_min_cell(min_cell, "disclosure.small_count_matches")
    text = _math_plain(_plain_spacing(text))
    return [(text.count("\n", 0, m.start()) + 1, m.group(0)) for m in _count_matches(text)
            if _discloses(m, min_cell)]


def small_counts_in_text(text: str, min_cell: int = DEFAULT_MIN_CELL) -> list[str]:
    """The phrases of ``text`` that state a count of persons in ``(0, min_cell)``: a number
    followed by a noun of :data:`COUNT_NOUNS` ("1 treated", "3 of its 92 rows", "2 of 62
    persons", "2.5 later starts"; in words before a noun of persons, "three persons", "one
    person", "a single patient"; one to three words of a label may stand before a noun of
    persons, "the 4 female IBO starters": :data:`_ADJ`), a whole number after a count's label ("n = 4", "N: three",
    "Patients: 7": :data:`COUNT_LABEL`), or an upper bound narrower than the marker
    ``<min_cell`` ("fewer than 3 persons", "at most 3 persons": :data:`UPPER_BOUND`). Since
    dpo53 also a difference in words ("3 more starters": :data:`DIFFERENCE`), a whole and
    its part in two clauses whose part or rest is small ("Of the 40 starters, 37 found a
    job": :data:`WHOLE_PART`) and a list's "Label: 3" under a lead line of persons
    (:data:`LIST_COUNT`). Zero passes, as in tables. A number with a fractional part
    before a noun of persons ("2.5 persons", "0.5 more starters") is a mean, no count, unless
    stated as weighted (dpo54: :func:`_not_a_count`); "2.0 persons" is a count. Used by
    ``export-check`` on printed output and on the text of Markdown.

    Raises ``ValueError`` unless ``min_cell`` is a whole number >= 1
    (:func:`check_min_cell`).
    """
    return [phrase for _, phrase in small_count_matches(text, min_cell)]


def _pct_end(m: re.Match, g: int) -> int:
    """End of the percentage (number and sign or word) whose number is group ``g``."""
    tail = re.match(r"[ \t]*(?:%|per[ \t]?cent|percent|procent|pour[ \t]?cent)",
                    m.string[m.end(g):], re.I)
    return m.end(g) + (tail.end() if tail else 0)


def _redaction_edits(m: re.Match, min_cell: int) -> list[tuple[int, int, str]]:
    """The edits (start, end, new text) that state one match of :func:`_count_matches` as
    the marker does, or none when it states no small count: the number itself for a count
    ("n = 4" reads "n = <10", "3 of them" reads "<10 of them"), the whole phrase for a bound
    or a vague word ("at most 3 persons", "a handful entered")."""
    whole = m.start(), m.end()
    if m.re is UPPER_BOUND:
        return [(*whole, _redact_bound(m, min_cell))] if _bound_discloses(m, min_cell) else []
    if m.re is BOUND_PAIR:  # the pair reads as the marker states it
        return ([(*whole, f"fewer than {min_cell} " + m.group("noun"))]
                if _pair_discloses(m, min_cell) else [])
    if m.re is BOUND_OF_THEM:  # the bound reads as the marker states it (ec26)
        if not _discloses(m, min_cell):
            return []
        if _NEARLY_OPS.fullmatch(m.group("op")):  # "nearly ten" reads "fewer than 10" (ec31)
            return [(m.start("op"), m.end("n"),
                     f"{_FEWER_THAN[_bound_language(m.group('op'))]} {min_cell}")]
        return [(m.start("n"), m.end("n"), str(min_cell))]
    if m.re is SHARE_OF:  # the share is withheld, a small count marked (ec28)
        if not _discloses(m, min_cell):
            return []
        pg, ng = _share_parts(m)
        n = _value(m, ng)
        return sorted([(m.start(pg), _pct_end(m, pg), _A_SHARE[_share_language(m.group(0))])]
                      + ([(m.start(ng), m.end(ng), f"<{min_cell}")]
                         if 0 < n < min_cell else []))
    if m.re is GERMAN_OF:  # dpo32: an ordinal reads "ein Anteil", a small count the marker
        if not _discloses(m, min_cell):
            return []
        g = "ord" if m.group("ord") else "ord2" if m.group("ord2") else None
        if g:
            return [(m.start(), m.end(g), _A_SHARE["de"] + (" der" if g == "ord" else ""))]
        return [(a, b, f"<{min_cell}") for a, b, v in _german_numbers(m) if 0 < v < min_cell]
    if m.re is ONE_IN:  # the small count(s) marked (ec28)
        if not _discloses(m, min_cell):
            return []
        return [(m.start(g), m.end(g), f"<{min_cell}") for g in (1, 2)
                if 0 < _value(m, g) < min_cell]
    if m.re in (VAGUE_ACT, VAGUE_COUNT) and not _discloses(m, min_cell):
        return []
    if m.re in (DIFFERENCE, LIST_COUNT, WHOLE_PART):  # dpo53: the number reads as the marker
        if not _discloses(m, min_cell):
            return []
        if 0 < _value(m, "n") < min_cell:
            # "1 more person left" reads "<10 more persons left" (dpo54)
            return [(m.start("n"), m.end("n"), f"<{min_cell}")] + (
                _plural_edit(m, "noun") if m.re is DIFFERENCE else [])
        return [(m.start("n"), m.end("n"), f"all but <{min_cell}")]  # the rest is small
    # the vague word reads as the marker states it, in its language (ec26, ec27, ec31)
    fewer = f"{_FEWER_THAN[_vague_language(m.group('word'))]} {min_cell}" if m.re in (
        VAGUE_ACT, VAGUE_COUNT) else ""
    if m.re is VAGUE_ACT:
        return [(m.start(), m.end("word"), fewer)]
    if m.re is VAGUE_COUNT:
        return [(*whole, f"{fewer} " + (m.group("noun") or m.group("pron")))]
    out = [(start, end, f"<{min_cell}") for start, end, v in _phrase_numbers(m)
           if 0 < v < min_cell]
    if m.re is COUNT_PHRASE and not out and m.group("n") and (m.group("m_det") or m.group("m")) \
            and not _no_complement(m):
        # dpo52's "37 of the 40 starters": the whole minus the count is small; it reads as
        # the marker states it, "all but <10 of the 40 starters" (dpo53: it was kept)
        try:
            rest = _value(m, "m_det" if m.group("m_det") else "m") - _value(m, "n")
        except ValueError:
            rest = 0
        if 0 < rest < min_cell:  # in the language of its "of" (dpo55: "38 van de 40")
            all_but = _ALL_BUT[_OF_LANGUAGE.get((m.group("of") or "of").lower(), "en")]
            out = [(m.start("n"), m.end("n"), f"{all_but} <{min_cell}")]
    if m.re is COUNT_PHRASE and out:  # "1 person" reads "<10 persons" (dpo54)
        out += _plural_edit(m, "noun")
    return out


def redact_small_counts(text: str, min_cell: int = DEFAULT_MIN_CELL) -> str:
    """``text`` with every count of persons in ``(0, min_cell)`` of a :data:`COUNT_PHRASE` or
    :data:`COUNT_LABEL` replaced by the marker ``<min_cell`` ("(1 treated in 1 rows)" reads
    "(<10 treated in <10 rows)", "n = 4" reads "n = <10"), and every disclosing
    :data:`UPPER_BOUND` by the marker's bound ("at most 3 persons" reads "fewer than 10
    persons"); other numbers are kept.

    Text is read as :func:`small_count_matches` reads it, maths spans included (ec28: "$n\\,=
    \\,4$", "$n = \\mathrm{4}$", "\\(n{=}4\\)" and "$n$ = 4" were kept, and export-check
    refused the redacted text): a number is rewritten where it stands, inside the maths
    ("$n\\,=\\,<10$", "$n = \\mathrm{<10}$"); a phrase rewritten as a whole that begins or
    ends inside a maths span takes the whole span with it, written as plain text. What
    this returns passes :func:`small_count_matches`. A count of one before a singular noun
    is written with the plural noun after the marker ("1 more person left" reads "<10 more
    persons left": :func:`_plural_noun`, dpo54); a number that is no count of persons
    ("2.5 persons": :func:`_not_a_count`) is kept, as the checker keeps it.

    Raises ``ValueError`` unless ``min_cell`` is a whole number >= 1
    (:func:`check_min_cell`).
    """
    min_cell = check_min_cell(min_cell, "disclosure.redact_small_counts")
    plain, origin, spans = _math_plain_map(text)
    edits = []
    for e in sorted(e for m in _count_matches(plain) for e in _redaction_edits(m, min_cell)):
        if not edits or e[0] >= edits[-1][1]:  # dpo53: two rules may rewrite one number
            edits.append(e)
    # clusters in the plain text: an edit reaching across a span's edge takes the whole span
    clusters: list[list] = []  # [start, end, edits, span_start, span_end] (plain)
    for s, e, new in edits:
        cs, ce, c_s, c_e = s, e, None, None
        changed = True
        while changed:
            changed = False
            for os_, oe, ps, pe in spans:
                if ps < ce and cs < pe and not (ps <= cs and ce <= pe) \
                        and (ps < cs or ce < pe):
                    if ps < cs:
                        cs, c_s, changed = ps, os_, True
                    if pe > ce:
                        ce, c_e, changed = pe, oe, True
        if clusters and cs < clusters[-1][1]:
            last = clusters[-1]
            if cs < last[0]:
                last[0], last[3] = cs, c_s
            if ce > last[1]:
                last[1], last[4] = ce, c_e
            last[2].append((s, e, new))
        else:
            clusters.append([cs, ce, [(s, e, new)], c_s, c_e])
    out, pos = [], 0
    for cs, ce, group, c_s, c_e in clusters:
        if ce == cs:
            continue
        o_start = c_s if c_s is not None else origin[cs][0]
        o_end = c_e if c_e is not None else origin[ce - 1][1]
        if len(group) == 1 and (c_s, c_e) == (None, None):
            new = group[0][2]
        else:  # the cluster as plain text, with its edits
            new, at = [], cs
            for s, e, rep in group:
                new += [plain[at:s], rep]
                at = e
            new = "".join(new + [plain[at:ce]])
        out += [text[pos:o_start], new]
        pos = o_end
    return "".join(out) + text[pos:]


#: events in trials, as :mod:`mia_helpers.core.glm` printed them before fp26
_EVENTS_IN_TRIALS = r"\d+(?:\.\d+)?\s+events in \d+(?:\.\d+)?\s+trials"
#: a model's separation detail over person-period rows, as :mod:`mia_helpers.core.glm`
#: words it: "no events where it is 1" (a term's reason), "no events among the rows where it
#: is 1 (quasi-complete separation)" (its warning); before fp26 with the counts: "no events
#: among the rows where it is 1 (0 events in 24 trials; quasi-complete separation)", "only
#: events where it is 1 (31 events in 31 trials)"
_SEPARATION_DETAIL = re.compile(
    r"(?:no|only) events(?: among the rows)? where it is 1"
    rf"(?: \((?:{_EVENTS_IN_TRIALS}(?P<sep>; quasi-complete separation)?"
    r"|(?P<sep_only>quasi-complete separation))\))?")
#: a fit with nothing left after the guards (``core.glm._nothing_left``): "the rows left hold
#: only one outcome (no events)"; before fp26 "the 5 rows left hold only one outcome (0 events
#: in 24 trials)" (lead25: the same detail as a separation's)
_ONE_OUTCOME_LEFT = re.compile(
    rf"only one outcome \((?:{_EVENTS_IN_TRIALS}|no events|only events)\)")
#: a separation warning's perfectly predicted rows before fp26: "12 rows (0 events in 48
#: trials) are predicted perfectly" (now "the rows they predict perfectly", no counts)
_SEPARATION_ROWS = re.compile(rf"\d+ rows \({_EVENTS_IN_TRIALS}\) are predicted perfectly")


#: the direction of a propensity or IPCW logit's separated term, as :mod:`mia_helpers.core.glm`
#: words it with the fit's ``event_word`` ("treated", "later starts"), with the counts
#: printed before fp26 or their markers: "has only treated where it is 1 (<10 treated in <10
#: rows)" (dpo30c)
_GROUP_DIRECTION = re.compile(
    r"(?:no|only) (?:treated|controls|later starts|starters)(?: among the rows)? where it is 1"
    r"(?: \((?:<?\d+(?:\.\d+)?|<\d+) \w+(?: \w+)? in (?:<?\d+(?:\.\d+)?) rows\))?")

#: a multinomial logit's separated term (:mod:`mia_helpers.core.mnl`): "is not identified for
#: outcome 'x': none of its rows have that outcome", "is not identified: none of its rows have
#: the base outcome 'x'", and the reasons of its estimates table "no rows of 'x' where it is
#: 1", "no rows of base 'x'" (dpo32: a stated zero of a group that the tables hide)
_MNL_ZERO = re.compile(
    r"(?P<for> for outcome '[^'\n]*': none of its rows have that outcome(?: \(quasi-complete "
    r"separation\))?)|(?P<base>: none of its rows have the base outcome '[^'\n]*'(?: \(quasi-"
    r"complete separation\))?)|(?P<reason>no rows of (?:base )?'[^'\n]*'(?: where it is 1)?)")


def _mnl_zero(m: re.Match) -> str:
    """The withheld wording of one :data:`_MNL_ZERO` match."""
    if m.group("for"):
        return " for one outcome (which and why withheld; quasi-complete separation)"
    if m.group("base"):
        return " (why withheld; quasi-complete separation)"
    return "one outcome missing where it is 1 (which withheld)"


def withhold_separation_counts(text: str) -> str:
    """``text`` with the detail of a model's separation over person-period rows withheld: the
    direction ("no events" or "only events" where a term is 1) and the events and trials
    behind it are replaced by "one outcome only where it is 1 (counts withheld)", and the
    perfectly predicted rows of a separation warning by "some rows (counts withheld)".

    A trial is a person-period: many trials can be one person, so a count of trials of
    ``min_cell`` or more (which :func:`redact_small_counts` keeps) rests on any number of
    persons, and "no events where it is 1" then states that each of those few persons never
    entered, a share of 0 % with fewer than ``min_cell`` persons lacking the outcome (dpo25:
    chapter 2, seed 3131, 1,500 residents, 300 newcomers, ``min_cell`` 14, printed "male,
    job: ... Dutch level: No Dutch cannot be identified (no events where it is 1 (0 events
    in 24 trials))": the 24 quarters without a job of the one male school leaver with no
    Dutch; and "(0 events in 100 trials)" for the five Sub-Saharan intermediate-generation
    women without a stable job). Other text is kept.

    Since fp26 :mod:`mia_helpers.core` no longer prints these counts ("no events where it is
    1", "the rows left hold only one outcome (no events)"); this withholds the direction that
    is left (each of an unknown, possibly small, number of persons without the outcome) and
    any text with the counts written before, so the published wording is unchanged.

    The propensity and IPCW logits' "term 'x' has only treated where it is 1" ("no treated",
    "only later starts", "no later starts") tell the same of a group of persons: that every
    one of them started the step (or none did), whatever their number, which the counts'
    markers leave open down to one person. That is the class disclosure ``export-check``'s
    ``whole_group`` rule refuses in a table (dpo30c: chapter 5, seed 6464, 1,200 residents,
    400 newcomers, ``min_cell`` 12, printed "risk set 1: term 'origin[southern_eu]' has only
    treated where it is 1" and "term 'dutch_level[native]' has no treated where it is 1"
    beside a table giving the native-Dutch newcomers as "<12"); the direction and any counts
    are withheld as "one group only where it is 1 (direction withheld)".

    The multinomial logit of chapter 3 (:mod:`mia_helpers.core.mnl`) names the outcome that
    none of a term's rows have ("term 'origin_generation[southern_eu:first]' is not
    identified for outcome 'workplace_learning_ibo': none of its rows have that outcome"):
    a zero of a group whose count the tables hide when it is below ``min_cell`` (its
    complement, the group, is small: the ``share`` rule), so the warning gave the hidden
    cell back, and said of each of those few persons that they never entered the measure
    (dpo32: chapter 3, seed 8080, 1,500 residents, 500 newcomers, ``min_cell`` 15, printed it
    for seven origin groups of 25 to 48 persons, whose zeros the tables publish too, and for
    the durations u[5] to u[8+] and "no Dutch" of subsets whose sizes no table gives; the
    warning cannot tell a small group from a large one). The outcome and the zero
    are withheld: "is not identified for one outcome (which and why withheld; quasi-complete
    separation)", and the estimates table's reason "no rows of 'x' where it is 1" reads "one
    outcome missing where it is 1 (which withheld)"."""
    def detail(m: re.Match) -> str:
        return ("one outcome only where it is 1 (counts withheld"
                + ("; quasi-complete separation)" if m.group("sep") or m.group("sep_only")
                   else ")"))

    text = _SEPARATION_DETAIL.sub(detail, text)
    text = _GROUP_DIRECTION.sub("one group only where it is 1 (direction withheld)", text)
    text = _ONE_OUTCOME_LEFT.sub("only one outcome (counts withheld)", text)
    text = _MNL_ZERO.sub(_mnl_zero, text)  # dpo32
    return _SEPARATION_ROWS.sub("some rows (counts withheld) are predicted perfectly", text)


def plain_category(category: type[Warning] | str) -> str:
    """The words a reader sees before a warning's text: ``"Warning"`` for a plain
    ``UserWarning`` (or ``Warning``), else ``"Warning (<its kind>)"`` with the class name's
    words in lower case without ``Warning`` (``NotIdentifiedWarning`` -> ``"Warning (not
    identified)"``, ``RuntimeWarning`` -> ``"Warning (runtime)"``, ``FutureWarning`` ->
    ``"Warning (future)"``). ``category`` is the class or its name as Python prints it
    (``"pandas.errors.PerformanceWarning"``: the last part)."""
    name = category if isinstance(category, str) else getattr(category, "__name__",
                                                              str(category))
    name = name.rsplit(".", 1)[-1]
    kind = name[:-len("Warning")] if name.endswith("Warning") else name
    if kind in ("", "User"):
        return "Warning"
    words = re.findall(r"[A-Z]+(?![a-z])|[A-Z]?[a-z0-9]+", kind) or [kind]
    return f"Warning ({' '.join(w if w.isupper() and len(w) > 1 else w.lower() for w in words)})"


def plain_warning(text: str, category: type[Warning]) -> str:
    """One warning as a chapter's reader sees it (:func:`protect_warnings`): ``"Warning: " +
    text`` (:func:`plain_category`), without the Python file, line number and source line
    that :func:`warnings.showwarning` prints by default (user30: a rendered chapter showed
    ``/work/main/mia_helpers/effects.py:1732: NotIdentifiedWarning: ...`` and the package's
    code line, which tell a reader nothing and name the analyst's folders)."""
    return f"{plain_category(category)}: {text}"


#: the horizons of :func:`mia_helpers.effects.estimate_effects`' warning "no interval where
#: the treated or the controls show no variation (cumulative incidence 0 or 1): now_vs_later
#: matched at horizons 1, 2; ..." (:func:`withhold_flat_horizons`)
_FLAT_HORIZONS = re.compile(
    r"(?P<head>no interval where the treated or the controls show no variation "
    r"\(cumulative incidence 0 or 1\)):[ \t]*(?P<list>[^\n]*?(?:at horizons?|at k)[^\n]*)")


def withhold_flat_horizons(text: str) -> str:
    """``text`` with the estimands, estimators and horizons of the effects' warning "no
    interval where the treated or the controls show no variation (cumulative incidence 0 or
    1): now_vs_later matched at horizons 1, 2, ..." withheld, as "... at some horizons (which
    withheld)". Other text is kept.

    At a horizon it lists, the treated or their twins all had, or all lacked, the outcome: of
    a step or measure whose matched starters are fewer than ``min_cell`` (the tables hide all
    of its rows) the warning told so of each of those few persons, horizon by horizon (dpo31:
    chapter 5, seed 3131, 1,500 residents, 500 newcomers, ``min_cell`` 13, printed "mo: no
    interval where ... now_vs_later matched at horizons 1, 2, ..., 12" beside a support table
    giving MO's matched starters as ``<13``); and at a horizon whose effect a table hides
    because the entrants or non-entrants of one side are few, that the other side was
    whole. Which published effects have no interval the tables themselves show.
    """
    return _FLAT_HORIZONS.sub(lambda m: m.group("head") + " at some horizons (which withheld)",
                              text)


#: a warning's first line as :func:`plain_warning` prints it (``kind`` None for a plain one)
PLAIN_WARNING_LINE = re.compile(r"^Warning(?: \((?P<kind>[\w ]+)\))?: (?P<message>.*)$")


def protect_warnings(min_cell: int = DEFAULT_MIN_CELL) -> None:
    """Have every warning this process prints show its small counts of persons as ``<min_cell``
    (:func:`redact_small_counts`), as one plain line ``Warning: ...`` or ``Warning (not
    identified): ...`` (:func:`plain_warning`) instead of Python's ``file:line: Category:
    ...`` and source line.

    The model fits warn with the counts behind a term they cannot identify ("term
    'residence_ground[work]' has only treated where it is 1 (1 treated in 1 rows)"): useful
    inside the secure environment, but a chapter's notebook keeps the warning in its outputs,
    and a count of one person with an attribute and an outcome may not leave. Each chapter
    calls this in its first code cell with its ``min_cell``; ``export-check`` refuses printed
    output that still states such a count. Calling it again replaces the threshold. A
    ``min_cell`` below :data:`mia_helpers.export_check.MIN_CELL_FLOOR` (1: nothing is hidden)
    is allowed for exploring inside the secure environment, with a ``UserWarning`` that the
    run's outputs cannot pass ``export-check``.

    In an IPython kernel it also keeps the text drawn in each figure the chapter shows or glues
    in the output's metadata (:func:`mia_helpers.figure_text.keep_figure_text`), so that
    ``export-check`` reads a figure's titles, labels, legends and annotations as it reads
    printed text (ec27), instead of listing the figure for review.

    Raises ``ValueError`` unless ``min_cell`` is a whole number >= 1
    (:func:`check_min_cell`).
    """
    import warnings

    min_cell = check_min_cell(min_cell, "disclosure.protect_warnings")
    from mia_helpers.export_check import MIN_CELL_FLOOR

    # once per run: a worker process inherits the threshold (and the warning was given)
    if min_cell < MIN_CELL_FLOOR and os.environ.get(PROTECT_ENV) != str(int(min_cell)):
        warnings.warn(f"min_cell = {min_cell}: no count is small, so nothing is hidden; "
                      f"export-check refuses a threshold below {MIN_CELL_FLOOR}, so no output "
                      "of this run can leave the secure environment (use it to explore inside "
                      "only)", UserWarning, stacklevel=2)
    original = getattr(warnings.showwarning, "_mia_original", warnings.showwarning)

    def show(message, category, filename, lineno, file=None, line=None):  # noqa: ANN001
        # the separation detail over person-periods first: its trials are no count of
        # persons (withhold_separation_counts, dpo25); printed as the reader's line, without
        # Python's file:line and source line (user30: they named the analyst's folders)
        # and the horizons at which one side showed no variation (withhold_flat_horizons,
        # dpo31: a whole group of a step's few matched starters, horizon by horizon)
        text = redact_small_counts(
            withhold_flat_horizons(withhold_separation_counts(str(message))), min_cell)
        # user52: matching.py's (fingerprinted) "7 risk set(s) have terms ..." in a chapter's
        # notebook; the command line prints its warnings through the same rule
        text = real_plurals(text)
        out = sys.stderr if file is None else file
        if out is None:  # no stderr (pythonw): nowhere to print, as Python's own
            return
        with contextlib.suppress(OSError):  # a closed stream, as Python's own
            out.write(plain_warning(text, category) + "\n")

    show._mia_original = original  # type: ignore[attr-defined]
    warnings.showwarning = show
    # worker processes (joblib's, of the Monte Carlo and the bootstrap) print to the same
    # output: they inherit the threshold and install the same hook when they import the
    # package (mia_helpers/__init__.py)
    os.environ[PROTECT_ENV] = str(int(min_cell))
    from mia_helpers.figure_text import keep_figure_text

    keep_figure_text()


#: environment variable through which :func:`protect_warnings` reaches worker processes
PROTECT_ENV = "MIA_PROTECT_WARNINGS"
