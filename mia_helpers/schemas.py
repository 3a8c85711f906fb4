"""Schemas of the six MIA registers and the rules every input must pass (book/design.md sections 2-3).

Two kinds of rule:

*Errors* stop the panel build with a :class:`RegisterError` that names the table, the rule, the
number of offending rows and up to five example rows; :func:`validate_register` checks every
rule and one error lists all that fail, and the checks an earlier failure made impossible:

- ``missing_column`` / ``wrong_dtype`` - a column is absent or of the wrong type;
- ``empty_table`` - a required register (persons, ksz_positions, vdab_registrations) has no rows;
- ``unknown_code`` - a categorical value outside the code lists of :mod:`mia_helpers.codes`;
- ``null_value`` - a null where the column does not allow one;
- ``duplicate_key`` - two rows for the same person (persons) or person-quarter (ksz_positions);
- ``end_before_start`` - a spell whose end quarter precedes its start quarter;
- ``overlapping_spells`` - two VDAB registration spells of one person that share a quarter;
- ``implausible_value`` - a value outside its plausible range (:func:`plausible_ranges`): a
  birth year more than :data:`LIFETIME_YEARS` years before the observation window or after it,
  a quarter more than :data:`LIFETIME_YEARS` years before or after the window, school leaving
  before age :data:`MIN_SCHOOL_LEAVING_AGE` or arrival before birth, a number of children
  outside 0..:data:`MAX_CHILDREN`, an FTE fraction outside [0, 1].

*Exclusions* remove rows and count them in the exclusion log (table, rule, rows) that
chapter 1 shows; nothing disappears uncounted:

- ``orphan_id`` - a row of an event register whose person_id is not in ``persons``;
- ``outside_window`` - a row outside the observation window (a spell: one that starts after
  the window or ends before it starts);
- ``left_truncated_spell`` - a VDAB registration or measure spell that starts before the window
  and runs into it: excluded whole, since its start (the registration clock, the measure
  start) is not observed inside the window;
- ``duplicate_measure`` - a measure row equal to an earlier one (person, measure, start and
  end quarter): a repeated delivery, excluded;
- ``overlapping_measure`` - a measure spell that starts while the same measure is still running
  for that person (the later spell is excluded; of spells of one start quarter the longest
  is kept, one still running counting as longest). "Running" reads every earlier spell of
  the measure, excluded ones included: spells that overlap form one episode, whose first
  spell is kept, and a spell counts as a new start only after the last end of all earlier
  spells (a spell B that overlaps the kept A and ends after it also excludes a spell C
  that starts after A's end but before B's: B records the person as still in the measure);
- ``no_ksz_row_in_quarter`` - a VDAB registration or measure start, or an inburgering step, in
  a quarter in which its person has no ``ksz_positions`` row: the panel has a row per KSZ
  person-quarter, so it is in no panel row (a measure start is lost, a registration its first
  quarter, an inburgering step its flag);
- ``no_ksz_quarter_in_spell`` - a VDAB registration spell none of whose quarters (to the
  window end if it still runs) has a ``ksz_positions`` row of its person: the spell is in no
  panel row (one that lacks only its start quarter stays, from its next KSZ quarter);
- ``no_ksz_quarter_in_window`` (table ``persons``) - a person without any ``ksz_positions``
  quarter in the window: the panel has a row per KSZ person-quarter, so the person is in no
  analysis (counted, not an error: a person may arrive or retire outside the window).

Spells running past the window end, with a recorded end after it or none (still running), are
right-censored there (end set to null) and counted under ``censored_at_window_end``; they are
kept.

Register files with columns the schema does not know are read all the same: the columns are
ignored, with an :class:`IgnoredColumnsWarning` naming the file and the columns
(:func:`mia_helpers.panel.validate_files`, which also records them in the panel's metadata).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa
from pandas.api import types as ptypes

from mia_helpers import codes
from mia_helpers.quarters import BASE_YEAR, Window, to_label

#: what to do about a broken rule, by rule (the message's last part; the register's
#: specification is book/design.md section 2.2, a real extract's mapping
#: mia_helpers/adapters/__init__.py)
WHAT_TO_DO = {
    "missing_table": "write the register's file (a register not delivered: `empty: true` in "
                     "the adapter's mapping gives an empty one with its columns)",
    "missing_column": "add the column (book/design.md section 2.2 lists every register's "
                      "columns) or map it from a source column in the adapter's mapping",
    "empty_table": "a required register cannot be empty: check that the extract holds it",
    "wrong_dtype": "store the column with the expected type (book/design.md section 2.1)",
    "null_value": "the column may not be empty and the panel never drops or fills rows "
                  "silently: ask the data owner for the values, or remove those rows from the "
                  "raw file and report the removal",
    "unknown_code": "map the source codes to the valid codes in the adapter's mapping "
                    "(`codes:`) and re-run `python -m mia_helpers adapt`",
    "duplicate_key": "find out why a key repeats before removing any row (exact copies, a "
                     "finer time unit such as months, two spells or jobs in one quarter); the "
                     "register holds one row per key",
    "end_before_start": "correct the spells' dates in the source extract",
    "overlapping_spells": "merge or correct the overlapping spells in the source extract",
    "implausible_value": "check the values against the source extract (a placeholder such "
                         "as a far-future end date for a spell still running is to be read as "
                         "missing, see the adapter's `read: {na_values: ...}`); when a whole "
                         "column is out of range, a unit or format in the adapter's mapping is "
                         "wrong "
                         "(e.g. a year or yyyymm read as `quarter_index`, a two-digit year): "
                         "fix it there and re-run `python -m mia_helpers adapt`; check too "
                         "that the observation window is the extract's",
}
#: the unit a rule counts (rows unless named here)
_COUNTS = {"missing_column": "column(s)", "missing_source_column": "column(s)",
           "missing_table": "file(s)"}


class RegisterError(ValueError):
    """A register violates a rule whose consequence is an error (see module docstring).

    The message names the register, its file (``file``, when read from one), the rule, how
    many rows (or columns) break it, the column and its valid codes where one is concerned
    (``detail``), what to do (:data:`WHAT_TO_DO`) and up to five examples."""

    def __init__(self, table: str, rule: str, count: int, examples: pd.DataFrame, detail: str = "",
                 file: str | Path | None = None, more: str = "",
                 errors: list[RegisterError] | None = None):
        self.table, self.rule, self.count, self.examples = table, rule, count, examples
        self.detail, self.file = detail, file
        #: the further broken rules and skipped checks (:func:`_with_more`), shown after this
        #: rule's examples; a caller re-raising with the file named passes it on
        self.more = more
        #: every broken rule, one error each (set by :func:`validate_register`; else this one)
        self.errors: list[RegisterError] = list(errors) if errors else [self]
        ex = examples.head(5).to_string(index=False) if len(examples) else "(no rows)"
        where = f" (file {file})" if file is not None else ""
        msg = (f"register {table!r}{where} breaks rule {rule!r}: {count} "
               f"{_COUNTS.get(rule, 'row(s)')}")
        if detail:
            msg += f" ({detail})"
        if rule in WHAT_TO_DO:
            msg += f"; what to do: {WHAT_TO_DO[rule]}"
        super().__init__(f"{msg}; examples:\n{ex}{more}")


def _with_more(errors: list[RegisterError], skipped: list[str]) -> RegisterError:
    """One :class:`RegisterError` for every rule in ``errors`` (the first's table, rule, count
    and examples; each other one's message, with its examples, listed after them) and the
    checks ``skipped`` because an earlier rule failed."""
    first = errors[0]
    if len(errors) == 1 and not skipped:
        return first
    parts, note = [], []
    if len(errors) > 1:
        note.append(f"and {len(errors) - 1} more broken rule(s), listed below")
        parts.append(f"\n\nand {len(errors) - 1} more broken rule(s) of register "
                     f"{first.table!r}, to correct as well before re-running:")
        parts += [f"\n({i}) {e}" for i, e in enumerate(errors[1:], start=2)]
    if skipped:
        note.append(f"{len(skipped)} check(s) skipped, listed below")
        parts.append("\n\nnot checked, because an earlier rule failed: "
                     + "; ".join(skipped))
    detail = "; ".join(d for d in (first.detail, *note) if d)
    return RegisterError(first.table, first.rule, first.count, first.examples, detail,
                         file=first.file, more="".join(parts), errors=errors)


class IgnoredColumnsWarning(UserWarning):
    """A register file holds columns the schema does not know; they are not read."""


@dataclass(frozen=True)
class ColumnSpec:
    """Type, nullability and code list of one register column."""

    kind: str  # "id", "quarter", "int", "float", "bool", "code"
    nullable: bool = False
    codes: tuple[str, ...] | None = None


QUARTER = ColumnSpec("quarter")
SPECS: dict[str, dict[str, ColumnSpec]] = {
    "persons": {
        "person_id": ColumnSpec("id"),
        "sample": ColumnSpec("code", codes=codes.SAMPLES),
        "sex": ColumnSpec("code", codes=codes.SEXES),
        "birth_year": ColumnSpec("int"),
        "origin": ColumnSpec("code", codes=codes.ORIGINS),
        "generation": ColumnSpec("code", codes=codes.GENERATIONS),
        "education": ColumnSpec("code", codes=codes.EDUCATIONS),
        "study_field": ColumnSpec("code", codes=codes.STUDY_FIELDS),
        "dutch_level": ColumnSpec("code", codes=codes.DUTCH_LEVELS),
        "household": ColumnSpec("code", codes=codes.HOUSEHOLDS),
        "children": ColumnSpec("int"),
        "parent_employed": ColumnSpec("bool"),
        "parent_education": ColumnSpec("code", codes=codes.PARENT_EDUCATIONS),
        "school_leaving_quarter": ColumnSpec("quarter", nullable=True),
        "arrival_quarter": ColumnSpec("quarter", nullable=True),
        "residence_ground": ColumnSpec("code", nullable=True, codes=codes.RESIDENCE_GROUNDS),
    },
    "ksz_positions": {
        "person_id": ColumnSpec("id"),
        "quarter": QUARTER,
        "position": ColumnSpec("code", codes=codes.POSITIONS),
        "fte_fraction": ColumnSpec("float"),
        "wage_class": ColumnSpec("code", nullable=True, codes=codes.WAGE_CLASSES),
        "regular": ColumnSpec("bool", nullable=True),
    },
    "vdab_registrations": {
        "person_id": ColumnSpec("id"),
        "start_quarter": QUARTER,
        "end_quarter": ColumnSpec("quarter", nullable=True),
        "end_reason": ColumnSpec("code", nullable=True, codes=codes.END_REASONS),
    },
    "vdab_measures": {
        "person_id": ColumnSpec("id"),
        "measure": ColumnSpec("code", codes=codes.MEASURES),
        "start_quarter": QUARTER,
        "end_quarter": ColumnSpec("quarter", nullable=True),
    },
    "abb_inburgering": {
        "person_id": ColumnSpec("id"),
        "step": ColumnSpec("code", codes=codes.INBURGERING_STEPS),
        "quarter": QUARTER,
        "obligated": ColumnSpec("bool"),
    },
    "wse_permits": {
        "person_id": ColumnSpec("id"),
        "permit_type": ColumnSpec("code", codes=codes.PERMIT_TYPES),
        "quarter": QUARTER,
    },
}
REQUIRED_NONEMPTY = ("persons", "ksz_positions", "vdab_registrations")
TABLES = tuple(SPECS)


def _dtype_check(kind: str) -> pa.Check:
    tests = {
        "id": ptypes.is_integer_dtype,
        "quarter": ptypes.is_integer_dtype,
        "int": ptypes.is_integer_dtype,
        "float": lambda d: ptypes.is_float_dtype(d) or ptypes.is_integer_dtype(d),
        "bool": ptypes.is_bool_dtype,
        "code": lambda d: isinstance(d, pd.CategoricalDtype)
        or ptypes.is_string_dtype(d)
        or ptypes.is_object_dtype(d),
    }
    test = tests[kind]
    return pa.Check(lambda s: bool(test(s.dtype)), element_wise=False, error=f"dtype must be {kind}")


def schema(table: str) -> pa.DataFrameSchema:
    """The pandera schema of one register (types, nulls, code lists); the value ranges are
    :func:`plausible_ranges`."""
    cols = {}
    for name, spec in SPECS[table].items():
        checks = [_dtype_check(spec.kind)]
        if spec.codes is not None:
            checks.append(pa.Check.isin(list(spec.codes), error="unknown_code"))
        cols[name] = pa.Column(None, checks=checks, nullable=spec.nullable, required=True)
    return pa.DataFrameSchema(cols, strict=False, name=table)


def _rule_of(failure: pd.Series) -> str:
    text = str(failure.get("check", ""))
    if "column_in_dataframe" in text:
        return "missing_column"
    if "not_nullable" in text:
        return "null_value"
    if "unknown_code" in text:
        return "unknown_code"
    if "dtype must be" in text:
        return "wrong_dtype"
    return text or "schema"


#: the column kinds of :class:`ColumnSpec` in words (the ``wrong_dtype`` examples)
_KIND_WORDS = {
    "id": "integer person id",
    "quarter": "integer quarter index (2005Q1 = 0)",
    "int": "integer",
    "float": "floating point",
    "bool": "boolean",
    "code": "text code or categorical",
}


def _cast_hint(spec: ColumnSpec) -> str:
    """The cast that gives a column of ``spec`` its expected type (the ``wrong_dtype``
    examples' ``cast``; book/design.md section 2.1: ids ``int64``, quarters ``int16``,
    whole numbers with missing values pandas' nullable ``Int16``)."""
    return {"id": 'astype("int64")',
            "quarter": 'astype("Int16")' if spec.nullable else 'astype("int16")',
            "int": 'astype("Int16")' if spec.nullable else 'astype("int16")',
            "float": 'astype("float64")',
            "bool": 'astype("boolean")' if spec.nullable else 'astype("bool")',
            "code": 'astype("string")'}.get(spec.kind, "")


#: a person's records lie within this many years of the observation window (a birth year at
#: most this many years before the window's first year; a quarter at most this many years
#: before or after the window): a generous human lifetime, so that only impossible values (a
#: two-digit year, a year or yyyymm read as a quarter index) fail
LIFETIME_YEARS = 100
#: youngest plausible age (calendar year minus birth year) at leaving school: compulsory
#: full-time schooling in Belgium lasts to age 15 or 16; a year less for the calendar-year age
MIN_SCHOOL_LEAVING_AGE = 14
#: largest plausible number of children in a household
MAX_CHILDREN = 20


@dataclass(frozen=True)
class Range:
    """Plausible values of one column: ``low <= value <= high`` (nulls are not checked);
    ``age_of`` names the column of the birth year when the bounds are ages (calendar year of
    the quarter minus birth year); ``why`` says what the bounds mean."""

    low: float
    high: float
    why: str
    age_of: str | None = None


def plausible_ranges(table: str, window: Window | None = None) -> dict[str, Range]:
    """The plausible range of each range-checked column of ``table`` (rule
    ``implausible_value``), for registers of the observation ``window`` (default: the book's
    2005Q1-2016Q4). Quarters are indices (2005Q1 = 0); quarters outside the window but
    inside these bounds are not errors (the panel build excludes and counts them)."""
    w = window or Window()
    first, last = BASE_YEAR + w.start // 4, BASE_YEAR + w.end // 4
    lo_year, hi_year = first - LIFETIME_YEARS, last + LIFETIME_YEARS
    span = f"the window {w.labels()[0]}..{w.labels()[1]}"
    qlo, qhi = (lo_year - BASE_YEAR) * 4, (hi_year - BASE_YEAR) * 4 + 3
    quarter = Range(qlo, qhi, f"quarter indices (2005Q1 = 0) {qlo}..{qhi}, i.e. "
                              f"{to_label(qlo)}..{to_label(qhi)}: within {LIFETIME_YEARS} years "
                              f"of {span}")
    out: dict[str, Range] = {}
    if table == "persons":  # the birth year first: the ages are computed from it
        out["birth_year"] = Range(first - LIFETIME_YEARS, last,
                                  f"birth years {first - LIFETIME_YEARS}..{last}: at most "
                                  f"{LIFETIME_YEARS} years before {span}, not after it")
        out["children"] = Range(0, MAX_CHILDREN, f"0..{MAX_CHILDREN} children")
        out["school_leaving_quarter"] = Range(
            MIN_SCHOOL_LEAVING_AGE, LIFETIME_YEARS,
            f"quarters at an age (calendar year minus birth_year) of {MIN_SCHOOL_LEAVING_AGE}.."
            f"{LIFETIME_YEARS}", age_of="birth_year")
        out["arrival_quarter"] = Range(
            0, LIFETIME_YEARS, f"quarters at an age (calendar year minus birth_year) of "
                               f"0..{LIFETIME_YEARS}, not before birth", age_of="birth_year")
    for c, spec in SPECS[table].items():
        if spec.kind == "quarter" and c not in out:
            out[c] = quarter
    if table == "ksz_positions":
        out["fte_fraction"] = Range(0.0, 1.0, "fractions of a full-time job, 0..1")
    return out


def _range_errors(table: str, df: pd.DataFrame, window: Window | None,
                  unreadable: dict[str, str]) -> tuple[list[RegisterError], list[str]]:
    """A :class:`RegisterError` (``implausible_value``) for each column of
    :func:`plausible_ranges` with values out of range: all its offending rows counted, up to
    five shown, and its distinct offending values named (at most ten); and the range checks
    skipped. ``unreadable``: the columns whose values cannot be judged (missing, wrong
    type), with the reason. An age (calendar year of the quarter minus the birth year) is
    judged only on rows whose birth year is plausible (the others are counted in the
    message)."""
    errors: list[RegisterError] = []
    skipped: list[str] = []
    birth_bad = np.zeros(len(df), dtype=bool)
    for col, r in plausible_ranges(table, window).items():
        if col in unreadable:
            if unreadable[col] != "missing":  # a missing column's checks are said in one go
                skipped.append(f"implausible_value in column {col!r} ({unreadable[col]})")
            continue
        if r.age_of is not None and r.age_of in unreadable:
            skipped.append(f"implausible_value in column {col!r} (an age: its {r.age_of!r} "
                           f"is {unreadable[r.age_of]})")
            continue
        raw = df[col].to_numpy(dtype="float64", na_value=np.nan)
        values, note = raw, ""
        if r.age_of is not None:  # calendar year of the quarter minus the birth year
            values = BASE_YEAR + np.floor(raw / 4) \
                - df[r.age_of].to_numpy(dtype="float64", na_value=np.nan)
        bad = ~np.isnan(values) & ((values < r.low) | (values > r.high))
        if r.age_of is not None and (bad & birth_bad).any():
            note = (f"; {int((bad & birth_bad).sum())} other row(s) with an implausible "
                    f"{r.age_of!r} are not judged here")
            bad &= ~birth_bad
        if col == "birth_year":
            birth_bad = bad
        if bad.any():
            found = np.unique(raw[bad])
            quarter = SPECS[table][col].kind == "quarter"
            shown = ", ".join(f"{v:g}" + (f" ({to_label(int(v))})" if quarter else "")
                              for v in found[:10])
            more = f" and {len(found) - 10} more" if len(found) > 10 else ""
            errors.append(RegisterError(
                table, "implausible_value", int(bad.sum()), df[bad].head(5),
                f"column {col!r}: plausible values are {r.why}; found {shown}{more}{note}"))
    return errors, skipped


def _schema_errors(table: str, df: pd.DataFrame) -> tuple[list[RegisterError], list[str]]:
    """The pandera rules of :func:`schema` (types, nulls, codes) on the columns ``df`` has:
    ``wrong_dtype`` once for all columns of a wrong type, then ``null_value`` and
    ``unknown_code`` one error per column (in the register's column order); the code check of
    a column of a wrong type is skipped (its values are no codes)."""
    full = schema(table)
    present = {c: col for c, col in full.columns.items() if c in df.columns}
    try:  # codes are compared as strings; categorical dtypes are checked on their categories
        pa.DataFrameSchema(present, strict=False, name=table).validate(df, lazy=True)
        return [], []
    except pa.errors.SchemaErrors as err:
        fc = err.failure_cases
    fc = fc.assign(rule=fc.apply(_rule_of, axis=1))
    errors: list[RegisterError] = []
    skipped: list[str] = []
    wrong = [c for c in SPECS[table] if c in set(fc.loc[fc.rule == "wrong_dtype", "column"])]
    if wrong:
        # fix46: the cast that mends each column (whole numbers stored as floats because
        # some are missing take pandas' nullable Int16), not only the adapter
        casts = [_cast_hint(SPECS[table][c]) for c in wrong]
        hint = (f"; cast it, e.g. df[{wrong[0]!r}] = df[{wrong[0]!r}].{casts[0]}"
                + (" (pandas' nullable integer: missing values stay missing)"
                   if casts[0] == 'astype("Int16")' else "")
                + (", each column by its 'cast' below" if len(wrong) > 1 else ""))
        errors.append(RegisterError(table, "wrong_dtype", len(df), pd.DataFrame(
            {"column": wrong, "dtype": [str(df[c].dtype) for c in wrong],
             "expected": [_KIND_WORDS.get(SPECS[table][c].kind, SPECS[table][c].kind)
                          for c in wrong], "cast": casts}), f"column {wrong[0]!r}"
            + (f" and {len(wrong) - 1} more" if len(wrong) > 1 else "") + hint))
    known = {"wrong_dtype", "null_value", "unknown_code"}
    for rule in ("null_value", "unknown_code"):
        for col in SPECS[table]:
            cases = fc[(fc.rule == rule) & (fc.column == col)]
            if rule == "unknown_code" and col in wrong:
                if SPECS[table][col].codes:
                    skipped.append(f"unknown_code in column {col!r} (of a wrong type)")
                continue
            if not len(cases):
                continue
            idx = pd.to_numeric(cases["index"], errors="coerce").dropna().astype(int).unique()
            if len(idx):  # user27: one column's rows, shown by index label (a filtered frame's)
                examples, count = df[df.index.isin(idx)].head(5), len(idx)
            else:
                examples, count = cases[["column", "failure_case"]], len(cases)
            detail = f"column {col!r}"
            if rule == "unknown_code" and SPECS[table][col].codes:
                detail += f"; valid codes: {', '.join(SPECS[table][col].codes)}"
            errors.append(RegisterError(table, rule, count, examples, detail))
    for rule, cases in fc[~fc.rule.isin(known)].groupby("rule", sort=False):  # pragma: no cover
        errors.append(RegisterError(table, str(rule), len(cases),  # a check not named above
                                    cases[["column", "failure_case"]]))
    return errors, skipped


def validate_register(table: str, df: pd.DataFrame, window: Window | None = None) -> pd.DataFrame:
    """Check columns, types, nulls, codes and plausible values (:func:`plausible_ranges`, for
    registers of the observation ``window``; default the book's 2005Q1-2016Q4) of one
    register. Every rule is checked (fpx28; before, the first failing one stopped the check),
    and one :class:`RegisterError` raised for all that fail: its ``rule``, ``count`` and
    ``examples`` are the first's (in the order ``missing_column``, ``empty_table``,
    ``wrong_dtype``, ``null_value``, ``unknown_code``, ``implausible_value``; columns in the
    register's order), each rule counted over all rows; its message lists every other broken
    rule with its count and examples (``errors`` holds one error per rule), and the checks
    that could not be made because an earlier rule failed (a missing column's, the code and
    range checks of a column of a wrong type, an age whose birth year is missing). Returns
    ``df`` unchanged.

    Raises
    ------
    KeyError
        If ``table`` is not a register of :data:`SPECS`.
    RegisterError
        (a ``ValueError``) If any rule fails, as above.
    """
    if table not in SPECS:
        raise KeyError(f"unknown register {table!r}; registers are {list(SPECS)}")
    errors: list[RegisterError] = []
    skipped: list[str] = []
    missing = [c for c in SPECS[table] if c not in df.columns]
    if missing:
        errors.append(RegisterError(table, "missing_column", len(missing),
                                    pd.DataFrame({"column": missing})))
        skipped.append(f"every check of the missing column(s) {missing} (type, null_value, "
                       "unknown_code, implausible_value)")
    if table in REQUIRED_NONEMPTY and len(df) == 0:
        errors.append(RegisterError(table, "empty_table", 0, df.head(0),
                                    "a required register is empty"))
    found, skip = _schema_errors(table, df)
    errors += found
    skipped += skip
    unreadable = {c: "missing" for c in missing}
    for e in found:
        if e.rule == "wrong_dtype":
            unreadable.update({c: "of a wrong type" for c in e.examples["column"]})
    found, skip = _range_errors(table, df, window, unreadable)
    errors += found
    skipped += skip
    if errors:
        raise _with_more(errors, skipped)
    return df


def examples_of(df: pd.DataFrame, mask: np.ndarray | pd.Series) -> pd.DataFrame:
    """Up to five rows of ``df`` selected by ``mask``."""
    return df[np.asarray(mask, dtype=bool)].head(5)
