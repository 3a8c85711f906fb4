"""Apply a mapping: raw files -> the six register tables, validated, written as Parquet.

The steps, per register, in this order (see :mod:`mia_helpers.adapters` for the file format):

0. before any file is read in full: check that every raw file exists, holds the mapped
   source columns and, for CSV, that every line has as many fields as the header
   (:func:`check_raw`; a line with more or fewer fields would otherwise be read shifted or
   padded with missing values, silently);
1. read the raw file (CSV as text, every field a string, empty = missing; Parquet as typed);
2. keep the mapped source columns and rename them (a missing source column is an error);
3. map codes (``codes``); a non-missing value absent from the map is *unmapped*. A code or
   boolean column without a map must already hold our codes / booleans; other values are
   unmapped too;
4. parse dates (``dates``) to quarter indices; a non-missing value that does not parse is an
   error, as is a non-numeric value in a numeric column and a whole number that the
   register's integer type cannot hold (``out_of_range``; a cast would wrap it around);
5. after all registers are read: if anything was unmapped or unparseable, raise
   :class:`MappingError` listing every (table, column, problem, value, count) - nothing is
   dropped silently; a file that could not be read or lacks mapped columns does not stop
   steps 1-4 for the other files (nor for its columns that are there), and the registers
   without any problem go on to steps 6-7, so that :class:`ExtractProblemsError` lists every
   problem of one run;
6. set ``constants``; collapse person-month rows (``monthly``, rule in :mod:`.dates`);
7. cast to the dtypes the generator writes (ids int64, quarters int16 / nullable Int16,
   codes categorical over the full code list...), sort by the register key, and validate with
   :func:`mia_helpers.schemas.validate_register` over the mapping's window (types, codes and
   plausible values such as birth years; a :class:`~mia_helpers.schemas.RegisterError` names
   the raw file).

Rows outside the observation window are *not* removed here: the panel build excludes them and
counts them in its exclusion log.
"""

from __future__ import annotations

import csv
import dataclasses
import re
import time
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd

from mia_helpers import schemas
from mia_helpers.adapters import dates as D
from mia_helpers.adapters.mapping import (
    EMPTY_MEANS,
    EXCEL_DAYS,
    FORMAT_HINT,
    QUARTER_DIRECTIVE,
    QUARTER_INDEX,
    QUARTER_LABEL,
    YEAR_OF_DATE,
    Mapping,
    MappingFileError,
    RegisterMapping,
    bool_texts,
    load_mapping,
)
from mia_helpers.quarters import BASE_YEAR, to_label
from mia_helpers.schemas import SPECS, validate_register
from mia_helpers.words import counted, plural

#: Integer dtypes the generator writes (other integer columns are int64).
INT_DTYPES = {"birth_year": "int16", "children": "int8"}
#: Row order of each register (categoricals sort in code-list order).
SORT_KEYS = {
    "persons": ["person_id"],
    "ksz_positions": ["person_id", "quarter"],
    "vdab_registrations": ["person_id", "start_quarter"],
    "vdab_measures": ["person_id", "start_quarter", "measure"],
    "abb_inburgering": ["person_id", "quarter", "step"],
    "wse_permits": ["person_id", "quarter", "permit_type"],
}
#: Files of a register folder built from its registers (the panel build's): removed when
#: ``adapt`` writes new registers into the folder, so that none describes earlier registers.
DERIVED_FILES = ("panel.parquet", "panel_meta.json", "exclusion_log.csv")
#: Most values listed per (table, column, problem) in a MappingError.
MAX_LISTED = 25
#: Most line numbers named when CSV lines have the wrong number of fields.
MAX_LINES = 10


def _agreeing(n: int, noun: str, verb_one: str, verb_many: str) -> str:
    """The count, its noun and the verb agreeing: ``"1 row repeats"``, ``"3 rows repeat"``."""
    return f"{counted(n, noun)} {verb_one if n == 1 else verb_many}"


def _unit(rule: str, count: int) -> str:
    """The unit of a problem's count in adapt_problems.csv: the schema's word for the rule
    (:data:`mia_helpers.schemas._COUNTS`, written with "(s)"; rows else) in the number of
    ``count`` (mend49)."""
    return plural(count, schemas._COUNTS.get(rule, "row").removesuffix("(s)"))


class MappingError(ValueError):
    """Values the mapping does not cover: unmapped codes, unparseable dates or numbers.

    ``problems`` is a DataFrame with columns table, column, problem, value, count (one row per
    distinct offending value, most frequent first; at most :data:`MAX_LISTED` per column),
    and file (the raw file), source_column, format (the ``dates:`` format applied, else
    empty), distinct (distinct offending values of the column, listed or not) and rows (its
    offending rows). The message has one line per (table, column, problem) with these
    totals and what to do, then the listed values.
    """

    def __init__(self, problems: pd.DataFrame):
        self.problems = problems.reset_index(drop=True)
        p = self.problems
        for col, default in (("file", ""), ("source_column", ""), ("format", "")):
            if col not in p:
                p[col] = default
        if "distinct" not in p:
            p["distinct"] = p.groupby(["table", "column", "problem"])["value"].transform("size")
        if "rows" not in p:
            p["rows"] = p.groupby(["table", "column", "problem"])["count"].transform("sum")
        if "where" in p:  # user28b: files named per value: the header names them all
            p["file"] = p.groupby(["table", "column", "problem"])["file"].transform(
                lambda f: " + ".join(dict.fromkeys(x for v in f for x in str(v).split(" + ")
                                                   if x)))
        firsts = p.drop_duplicates(["table", "column", "problem"])
        kinds = ", ".join(f"{int(n)} {k}" for k, n in firsts.groupby("problem")["distinct"]
                          .sum().items())
        kinds_n = int(firsts["distinct"].sum())
        lines = []
        for r in firsts.itertuples(index=False):
            src = f" (raw file {r.file}, source column {r.source_column!r}" if r.file else " ("
            src += f", format {r.format!r})" if r.format else ")"
            src = "" if src == " ()" else src
            listed = int((p.table.eq(r.table) & p.column.eq(r.column)
                          & p.problem.eq(r.problem)).sum())
            shown = f", {listed} listed below" if listed < r.distinct else ""
            lines.append(f"- {r.table}.{r.column}{src}: {r.problem}, "
                         f"{counted(int(r.distinct), 'distinct value')} in "
                         f"{counted(int(r.rows), 'row')}{shown}; {_remedy_of(p, r)}"
                         + _our_codes(r.table, r.column, r.problem)
                         + _values_hint(p, r))
        garbled = p[(p.problem == "unmapped_code")
                    & p.value.astype(str).str.contains(MOJIBAKE, regex=True)]
        for table, rows in garbled.groupby("table", sort=False):
            lines.append(f"- {table}: values such as {rows.value.iloc[0]!r} look like UTF-8 text "
                         "read in another encoding; what to do: set `read: {encoding: utf-8}` "
                         f"for register {table!r} in the mapping (not the codes)")
        text = p.value.astype(str)
        c1 = p[(p.problem == "unmapped_code") & text.str.contains("[\u0080-\u009f]", regex=True)
               & ~text.str.contains(MOJIBAKE, regex=True)]
        for table, rows in c1.groupby("table", sort=False):  # user26
            lines.append(f"- {table}: values such as {rows.value.iloc[0]!r} hold control "
                         "characters U+0080..U+009F, which Windows text (cp1252: curly quotes, "
                         "dashes, the euro sign) shows when read as latin-1; what to do: set "
                         f"`read: {{encoding: cp1252}}` for register {table!r} in the mapping "
                         "(not the codes)")
        super().__init__(
            f"the mapping does not cover every value ({kinds} "
            f"{plural(kinds_n, 'distinct value')}); "
            "nothing was "
            "written:\n" + "\n".join(lines) + "\n"
            + p[["table", "column", "problem", "value", "count"]
                + (["where"] if "where" in p else [])].fillna("").to_string(index=False)
        )


#: texts that extracts write for a missing value (compared trimmed, in upper case)
MISSING_TEXTS = ("NULL", "NA", "N/A", "NAN", "NONE", "\\N", "-", "?", ".",
                 "00/00/0000", "0000-00-00", "00000000", "#N/A")
#: formats tried on unparseable dates (:func:`guess_date_formats`): strftime patterns, then
#: quarter patterns
GUESS_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y/%m/%d", "%Y%m%d",
                 "%d%m%Y", "%m/%d/%Y", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S",
                 "%d/%m/%Y %H:%M:%S", "%d/%m/%Y %H:%M", "%Y%m", "%Y-%m", "%m/%Y",
                 QUARTER_LABEL, "%YK%q", "%Y%q", "%Y-%q", "%q/%Y", "%qQ%Y",
                 "%d/%m/%y", "%d-%m-%y", "%d.%m.%y", EXCEL_DAYS)
#: serial day numbers taken for spreadsheet dates by :func:`guess_date_formats` (1927..2119)
EXCEL_GUESS = (10000, 80000)


def excel_days(values: pd.Series) -> pd.Series:
    """Datetimes of spreadsheet serial day numbers (days since 1899-12-30, the count Excel
    and LibreOffice store: 39448 is 2008-01-01); text or numbers; others are NaT."""
    num = pd.to_numeric(pd.Series(values).astype("string").str.strip(), errors="coerce")
    num = num.where((num == num.round()) & num.between(1, 2958465))
    return pd.Timestamp("1899-12-30") + pd.to_timedelta(num, unit="D")


def guess_date_formats(values: pd.Series) -> list[str]:
    """The formats of :data:`GUESS_FORMATS` that read every one of ``values`` (text) as a
    date or quarter, at most three: the hint of an ``unparseable_date`` problem. Several
    formats are named when the values do not tell them apart (``"01/02/2010"`` is 1 February
    with ``%d/%m/%Y`` and 2 January with ``%m/%d/%Y``); none when no format reads them all.
    Five-digit values read with ``%Y%m`` too (``"20113"`` as March 2011), so ``%Y%m`` is not
    named for them when a quarter pattern reads them (nor ``excel_days``, 20113 being a day
    in 1955); a format that reads a value only with a one-digit month or day
    (:func:`ambiguous_dates`) or as a year outside 1900..2100 does not read it."""
    text = pd.Series(values, dtype="string").str.strip().dropna()
    text = text[text != ""]
    if not len(text):
        return []
    out = []
    for fmt in GUESS_FORMATS:
        if fmt == QUARTER_LABEL:
            q = D.quarter_of_labels(text)
        elif QUARTER_DIRECTIVE in fmt:
            q = D.quarter_of_pattern(text, fmt)
        elif fmt == EXCEL_DAYS:
            num = pd.to_numeric(text, errors="coerce")
            q = D.quarter_of_dates(excel_days(text)).where(num.between(*EXCEL_GUESS))
        else:
            parsed = pd.to_datetime(text, format=fmt, errors="coerce")
            # user27: '39448' (a spreadsheet day) was offered '%Y%m' (year 3944, month 8)
            parsed = parsed.where(~ambiguous_dates(text, parsed, fmt)
                                  & parsed.dt.year.between(1900, 2100))
            q = D.quarter_of_dates(parsed)
        if q.notna().all():
            out.append(fmt)
    if any(QUARTER_DIRECTIVE in f or f == QUARTER_LABEL for f in out):
        out = [f for f in out if ("%m" not in f or "%d" in f) and f != EXCEL_DAYS]
    return out[:3]


#: two date directives with nothing between them: a one-digit month or day is ambiguous there
_ADJACENT = re.compile(r"%[dmyYHMSjIp]%[dmyYHMSjIp]")


def ambiguous_dates(values: pd.Series, parsed: pd.Series, fmt: str) -> pd.Series:
    """Text ``values`` that ``fmt`` read (``parsed``) only with a one-digit field where two
    directives meet without a separator: written back with ``fmt`` they differ (``"20103"``
    read with ``"%Y%m"`` is March 2010, written ``"201003"``; it may be the quarter 2010Q3,
    ``"%Y%q"``). user27: such values were read silently, a quarter shifted. All False when
    ``fmt`` has no adjacent directives or the values are typed dates."""
    none = pd.Series(False, index=values.index)
    if not _ADJACENT.search(fmt) or not (pd.api.types.is_object_dtype(values.dtype)
                                         or pd.api.types.is_string_dtype(values.dtype)):
        return none
    text = values.astype("string").str.strip()
    # a plain test: on an empty column (a file with a header and no rows) pandas' map kept
    # the string dtype and ``.all()`` raised "Cannot perform reduction 'all' with string
    # dtype" (user36: `adapt` of a monthly KSZ file without rows was a traceback)
    if not all(isinstance(v, str) for v in text.dropna()):  # pragma: no cover
        return none
    ok = parsed.notna()
    if not ok.any():
        return none
    back = pd.Series(pd.NA, index=values.index, dtype="string")
    back[ok] = parsed[ok].dt.strftime(fmt)
    return (ok & (back != text)).fillna(False).astype(bool)


#: fewest dates of a column in which :func:`swapped_day_month` looks for a swap: with 20
#: dates, all in one calendar month with two or more days, all 1..12, is what a format with
#: day and month swapped makes of first-of-month dates; a column correctly read falls so in
#: one month only if every event of 20 happened in the same month of the year
MIN_SWAP_DATES = 20


def swapped_day_month(parsed: pd.Series, fmt: str) -> bool:
    """Whether ``fmt`` (a strftime format with both ``%d`` and ``%m``) seems to read day and
    month the wrong way round: the column's ``parsed`` dates (at least
    :data:`MIN_SWAP_DATES` of them) all fall in one calendar month, on two or more different
    days, all of them 1..12. user32: dates delivered as the first of the month
    (``01/04/2011``) read with ``"%m/%d/%Y"`` (or ``"%Y-%d-%m"``) all parse, as January 4th
    and so on, so every spell was moved to the year's first quarter, silently (the usual
    give-away, days above 12 failing, never comes). False for typed dates and other
    formats."""
    if "%d" not in fmt or "%m" not in fmt:
        return False
    d = pd.to_datetime(parsed, errors="coerce").dropna()
    if len(d) < MIN_SWAP_DATES:
        return False
    days = d.dt.day
    return bool(d.dt.month.nunique() == 1 and days.nunique() >= 2 and days.max() <= 12)


def _values_hint(p: pd.DataFrame, r: object) -> str:
    """What the listed values of one (table, column, problem) of a :class:`MappingError`
    suggest (user26): texts that mean missing (``NULL``, ``\\N``...) and, for unparseable
    dates, the formats that read them all (:func:`guess_date_formats`)."""
    rows = p[p.table.eq(r.table) & p.column.eq(r.column) & p.problem.eq(r.problem)]
    vals = rows.value.astype(str)
    missing = sorted(set(vals[vals.str.strip().str.upper().isin(MISSING_TEXTS)]))
    hint = ""
    if missing:
        src = f"{r.source_column}: " if getattr(r, "source_column", "") else ""
        code = (" (ask the data owner first: in a code column such a text may be a code, "
                "'NA' is Namibia's country code; map a code under `codes:`)"
                if r.problem == "unmapped_code" else "")  # user29
        hint += (f"; {', '.join(map(repr, missing))} {'looks' if len(missing) == 1 else 'look'} "
                 "like a missing value written as "
                 f"text{code}: if so, read it as missing with the register's read option `read: "
                 f"{{na_values: {{{src}{missing}}}}}` (CSV; an empty field stays missing too)")
    if "near" in rows and rows.near.fillna("").astype(str).ne("").any():
        near = rows[rows.near.fillna("").astype(str).ne("")]
        pairs = ", ".join(f"{v!r} ~ {k!r}" for v, k in zip(near.value, near.near, strict=True))
        hint += (f"; {pairs}: the same code up to case, accents or punctuation? then map each "
                 "under `codes:` to the same code as its twin")
    if "close" in rows and rows.close.fillna("").astype(str).ne("").any():
        close = rows[rows.close.fillna("").astype(str).ne("")]
        pairs = ", ".join(f"{v!r} ~ {k!r}" for v, k in zip(close.value, close.close,
                                                           strict=True))
        hint += (f"; {pairs}: a misspelling of a mapped code? ask the data owner; if it is that "
                 "code, map it under `codes:` to the same code as the code it resembles")
    if r.problem == "not_an_integer" and r.column in YEAR_OF_DATE:
        fmts = guess_date_formats(rows.value.astype(str))
        if fmts:  # user27: a birth date was told only to be corrected in the raw file
            hint += (f"; the listed values are dates (read with {fmts[0]!r}): to take their "
                     f"year, give the column a format under `dates:`, e.g. `dates: "
                     f"{{{r.column}: {fmts[0]!r}}}`")
    hint += _undated_quarter_hint(rows, r)
    if r.problem in ("unparseable_date", "ambiguous_date"):
        rest = rows[~vals.str.strip().str.upper().isin(MISSING_TEXTS)].value
        fmts = guess_date_formats(rest)
        parsed = int(rows["parsed"].iloc[0]) if "parsed" in rows and \
            pd.notna(rows["parsed"].iloc[0]) else 0
        if fmts:
            hint += ("; the listed values read with the format "
                     + " or ".join(repr(f) for f in fmts)
                     + (" (check which is meant)" if len(fmts) > 1 else ""))
        if parsed and not _us_dates(rest, r.format):  # user26: a mixed column was told
            # to change the format of every value (user34: not when the values are US dates,
            # which the remedy names; the values read may be US dates read swapped)
            hint += (f"; {counted(parsed, 'other value')} of the column read with the mapping's "
                     "format"
                     + (f" {r.format!r}" if r.format else "")
                     + ", so the column mixes layouts: do not change the format, correct these "
                     "rows in the raw file (or ask the data owner which dates they are)")
            monthly = r.column not in SPECS.get(r.table, {})  # a `monthly:` month column
            if fmts and r.format and " or " not in r.format:  # ids27: or give both layouts
                where = (f"`monthly: {{column: {r.column}, format: [{r.format!r}, "
                         f"{fmts[0]!r}]}}` (keep its `rule:`)" if monthly else
                         f"`dates: {{{r.column}: [{r.format!r}, {fmts[0]!r}]}}`")
                hint += (f", or, if they are dates in the layout {fmts[0]!r}, give the column "
                         f"both formats as a list: {where} (each value is read by the first "
                         "format that reads it; values two formats read as different "
                         + ("months" if monthly else "quarters") + " are refused, listed)")
    if r.problem == "day_month_swapped" and r.format and " or " not in r.format:
        swapped = r.format.replace("%d", "\0").replace("%m", "%d").replace("\0", "%m")
        hint += f"; here: `dates: {{{r.column}: {swapped!r}}}` instead of {r.format!r}"
    if r.problem == "ambiguous_formats" and "readings" in rows:
        hint += "; read as " + "; ".join(
            f"{v!r} by {x}" for v, x in zip(rows.value.head(3), rows.readings.head(3),
                                            strict=True))
    return hint


def timezone_shift_notes(rm: RegisterMapping, raw: pd.DataFrame) -> list[str]:
    """Warnings about time-zone-aware date columns of ``raw`` (the source columns of register
    mapping ``rm``) whose values are all midnights in their own time zone (dates stored as
    timestamps) and fall on the day before when read in the mapping's ``timezone:`` (a zone
    west of theirs): each names the register, column, source column and file, counts the
    values moved to the day before and into the previous quarter, and the ``timezone:`` to
    set. user51: permits stored as midnights in Europe/Brussels, read with ``timezone: UTC``,
    moved 8 of 878 permits into the previous quarter, silently. Empty when there are none
    (``timezone: null`` refuses aware values: :func:`.dates.parse_dates`)."""
    out: list[str] = []
    if rm.timezone is None:
        return out
    for src, col in rm.columns.items():
        if col not in rm.dates or src not in raw:
            continue
        s = raw[src]
        if not isinstance(s.dtype, pd.DatetimeTZDtype):
            continue
        vals = s.dropna()
        own = str(s.dtype.tz)
        if not len(vals) or own == str(rm.timezone):
            continue
        wall = vals.dt.tz_localize(None)
        if not (wall == wall.dt.normalize()).all():  # not dates: times of day
            continue
        there = vals.dt.tz_convert(rm.timezone).dt.tz_localize(None)
        days = int((there.dt.normalize() != wall).sum())
        if not days:
            continue
        moved = int((D.quarter_of_dates(there) != D.quarter_of_dates(wall)).sum())
        out.append(
            f"warning: register {rm.table!r} column {col!r} (source column {src!r}, file "
            f"{rm.file}): its {counted(len(vals), 'timestamp')} are all midnights in their own "
            f"time zone {own}, dates stored as timestamps; read in the mapping's `timezone: "
            f"{rm.timezone}`, {days} of them fall on the day before and {moved} in the "
            f"previous quarter; what to do: if the dates are meant in {own}, set `timezone: "
            f"{own}` in the mapping and re-run adapt")
    return out


def _typed_dates(s: pd.Series) -> bool:
    """Whether ``s`` holds typed dates (a datetime dtype, or ``datetime.date`` objects as a
    Parquet date32 column is read), not text or numbers."""
    import datetime

    if pd.api.types.is_datetime64_any_dtype(s.dtype):
        return True
    first = s.dropna().head(1)
    return bool(len(first)) and isinstance(first.iloc[0], datetime.date)


def _undated_quarter_hint(rows: pd.DataFrame, r: object) -> str:
    """The format to give a quarter column read without one (no ``dates:`` entry: its values
    are read as quarter indices) whose listed values are dates: typed dates of a Parquet file
    (``typed_dates``, set by :func:`_prepare`), or text that a format of
    :func:`guess_date_formats` reads. user51: a Parquet timestamp column and ``20151014``
    were listed as ``not_an_integer`` / ``out_of_range`` and told to be mapped under
    ``codes:`` (which a quarter column does not take) or to "check the column's format",
    which the mapping did not give. Empty otherwise."""
    spec = SPECS.get(r.table, {}).get(r.column)
    if spec is None or spec.kind != "quarter" or r.problem not in (
            "not_an_integer", "out_of_range") or str(getattr(r, "format", "") or ""):
        return ""
    add = f"`dates: {{{r.column}: %s}}` for register {r.table!r}"
    if "typed_dates" in rows and rows.typed_dates.fillna(False).astype(bool).any():
        return ("; the source column holds typed dates (a date or timestamp column of a "
                "Parquet file), which are read as dates only when the column is listed under "
                f"`dates:`: add {add % repr('%Y-%m-%d')} (typed dates are read as they are, "
                "whatever the format)")
    fmts = guess_date_formats(rows.value.astype(str))
    if not fmts:
        return ""
    return ("; the listed values are dates or quarters (read with the format "
            + " or ".join(repr(f) for f in fmts) + (", check which is meant" if len(fmts) > 1
                                                     else "")
            + "), but the column has no format under `dates:`, so they were read as quarter "
            f"indices (2005Q1 = 0): give it their format, {add % repr(fmts[0])}")


def _group_rows(p: pd.DataFrame, r: object) -> pd.DataFrame:
    """The listed rows of one (table, column, problem) of a :class:`MappingError`."""
    return p[p.table.eq(r.table) & p.column.eq(r.column) & p.problem.eq(r.problem)]


def _remedy_of(p: pd.DataFrame, r: object) -> str:
    """What to do about one (table, column, problem) of a :class:`MappingError` (``r``, a row
    of ``p``): the remedy its listed values call for (:func:`value_remedy`: person ids a
    spreadsheet turned into numbers, US dates, thousands separators; user34), followed by the
    problem's general remedy (:func:`_what_to_do`) when some listed value is none of these;
    else the general remedy alone (after "what to do: ")."""
    rows = _group_rows(p, r)
    parsed = int(rows["parsed"].iloc[0]) if "parsed" in rows and len(rows) and \
        pd.notna(rows["parsed"].iloc[0]) else 0
    specific, rest = value_remedy(r.table, r.column, r.problem, rows.value,
                                  fmt=str(getattr(r, "format", "") or ""),
                                  source_column=str(getattr(r, "source_column", "") or ""),
                                  parsed=parsed)
    general = _what_to_do(r.table, r.column, r.problem)
    if not specific:
        return f"what to do: {general}"
    return specific + (f"; for the other listed values: {general}" if rest else "")


#: a US date, month/day/year (``03/31/2012``)
_US_DATE = re.compile(r"(\d{1,2})/(\d{1,2})/(\d{4})")
#: a number with thousands separators (``1,000``, ``12,500.5``, ``1.000.000``)
_THOUSANDS = {",": re.compile(r"[+-]?[1-9]\d{0,2}(?:,\d{3})+(?:\.\d+)?"),
              ".": re.compile(r"[+-]?[1-9]\d{0,2}(?:\.\d{3})+(?:,\d+)?")}


def _us_dates(values: pd.Series, fmt: str) -> list[str]:
    """The ``values`` that are US dates (month/day/year with a day above 12, so no other
    reading) that the column's format ``fmt`` (formats joined by ``" or "``) did not read
    because it reads no month first; empty when ``fmt`` is a month-first format."""
    if "%m/%d/%Y" in fmt:
        return []
    out = []
    for v in pd.Series(values).dropna().astype(str):
        m = _US_DATE.fullmatch(v.strip())
        if m and 1 <= int(m.group(1)) <= 12 < int(m.group(2)) <= 31:
            out.append(v.strip())
    return out


def value_remedy(table: str, column: str, problem: str, values: pd.Series, fmt: str = "",
                 source_column: str = "", parsed: int = 0) -> tuple[str, bool]:
    """What to do about listed values of one (table, column, problem) whose spelling tells
    what went wrong (user34), and whether other listed values are left to the general remedy.

    - person ids a spreadsheet turned into numbers (``358,0``, ``358.0``, ``3.58E+02``;
      ``not_an_integer``, ``spreadsheet_number_id``, ``out_of_range``): :func:`id_remedy`;
    - US dates (``03/31/2012``, ``unparseable_date``) where the column's format ``fmt``
      reads another layout: the remedy names the column, the source column, the format
      expected and the US format, and warns that the ``parsed`` values the format did read
      may be US dates read with day and month swapped;
    - numbers with thousands separators (``1,000``; ``not_a_number``, ``not_an_integer``):
      the ``read: {thousands: ...}`` option to set, and for ``fte_fraction`` that a fraction
      of 0..1 holds no thousands.

    Returns ``("", True)`` when no listed value is such a value. ``values``: text as written.
    """
    vals = [str(v).strip() for v in pd.Series(values).dropna()]
    where = f"{table}.{column}" + (f" (source column {source_column!r})" if source_column else "")
    # the text says what the values tell, then "what to do: ..."
    if column == "person_id" and problem in ("not_an_integer", "spreadsheet_number_id",
                                             "out_of_range"):
        hits = [v for v in vals if id_remedy(v)]
        if hits:
            return (id_remedy(hits[0])
                    + (f" ({len(hits)} of the listed values are so)" if len(hits) > 1 else ""),
                    len(hits) < len(vals))
    if problem == "unparseable_date":
        us = _us_dates(pd.Series(vals), fmt)
        if us:
            m = _US_DATE.fullmatch(us[0])
            assert m is not None
            month, day, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            stamp = pd.Timestamp(year=year, month=month, day=day)
            first = fmt.split(" or ")[0]
            try:
                shown = stamp.strftime(first) if "%" in first else ""
            except ValueError:  # pragma: no cover
                shown = ""
            expected = (f"{first!r}" + (f" (this date written so: {shown!r})" if shown else "")
                        if first else "another layout")
            swapped = (f"; the column's {counted(parsed, 'other value')} that {first!r} did "
                       "read may "
                       "be US dates too, read with day and month swapped ('03/04/2012' as "
                       "3 April instead of 4 March; a spell of this register ending before it "
                       "starts may come from it): so do not give both formats as a list, "
                       "and do not correct only the listed rows"
                       if parsed and "%d" in first and "%m" in first else "")
            return (f"{us[0]!r} is a US date (month/day/year: "
                    f"{stamp.strftime('%d %B %Y')}), and the mapping expects {expected} for "
                    f"{where}{swapped}; what to do: ask the data owner in which layout the "
                    f"column is written; if it is month/day/year throughout, set "
                    f"`dates: {{{column}: '%m/%d/%Y'}}` for register {table!r} in the mapping; "
                    "if only some rows are, ask for the column again in one layout"
                    + (f" ({len(us)} of the listed values are US dates)" if len(us) > 1
                       else ""),
                    len(us) < len(vals))
    if problem in ("not_a_number", "not_an_integer"):
        for sep, pattern in _THOUSANDS.items():
            hits = [v for v in vals if pattern.fullmatch(v)]
            if not hits:
                continue
            other = "." if sep == "," else ","
            as_decimal = (float(hits[0].replace(sep, ".")) if hits[0].count(sep) == 1
                          and other not in hits[0] else None)
            fte = ("" if column != "fte_fraction" else
                   f"; {table}.{column} is a fraction of a full-time job (0..1), so a value "
                   "in the thousands is no FTE: check that the source column holds the "
                   "fraction, not hours or a wage"
                   + (f"; if {sep!r} is the decimal separator here ({hits[0]!r} = "
                      f"{as_decimal:g}), remove `decimal:` from the register's `read:` "
                      "(without it a comma and a point are both read as the decimal "
                      "separator)" if as_decimal is not None else ""))
            return (f"{hits[0]!r} in {where} looks like a number written with {sep!r} "
                    f"between thousands, which the register's `read:` options do not read; what to "
                    f"do: if the file writes {sep!r} between thousands (and {other!r} as the "
                    f"decimal separator), set `read: {{thousands: {sep!r}, decimal: "
                    f"{other!r}}}` for register {table!r} in the mapping (for one file of a "
                    "list, in that file's own `read:`), or ask for the column without "
                    f"thousands separators{fte}"
                    + (f" ({len(hits)} of the listed values are so)" if len(hits) > 1 else ""),
                    len(hits) < len(vals))
    return "", True


#: UTF-8 text read as Latin-1 or cp1252 ("BelgiÃ«" for "België"): a lead byte of a two-byte
#: UTF-8 sequence shown as Â or Ã, followed by a continuation byte shown as U+0080..U+00BF
MOJIBAKE = "[\u00c2\u00c3][\u0080-\u00bf]"
#: a UTF-8 byte-order mark read as Latin-1 or cp1252 at the start of a header
BOM_AS_LATIN1 = "\u00ef\u00bb\u00bf"
#: what to do about person ids a spreadsheet turned into numbers (:func:`id_remedy`)
ID_AS_TEXT = ("export the person id column again as text: from the source system or "
              "database straight to CSV, or, in the spreadsheet, format the id column as "
              "Text before the ids are pasted or imported (re-formatting it afterwards does "
              "not bring lost digits back); do not set `person_ids: text` for these values "
              "(they would be other persons than the same ids written as digits)")
#: what to do about each problem of a :class:`MappingError`
_WHAT_TO_DO = {
    "spreadsheet_number_id": "the person ids are numbers in a spreadsheet's scientific "
                             "notation ('3.58E+02'), not pseudonyms: the id column was saved "
                             "as numbers, which keeps 15 significant digits at most; "
                             + ID_AS_TEXT,
    "unmapped_code": "add the values to the mapping's `codes:` of the column (source code: "
                     "our code; a value that means missing: null)",
    "unparseable_date": "set the column's format under `dates:` (or `monthly: {format:}`) in "
                        "the mapping to the values' layout; " + FORMAT_HINT
                        + "; values that are not dates must be corrected in the raw file",
    "ambiguous_date": "the format reads these values only with a one-digit month or day "
                      "where no separator ends it ('20103' with '%Y%m' as March 2010, though "
                      "it may be the quarter 2010Q3; '2010315' with '%Y%m%d'): set the "
                      "column's format under `dates:` to the values' layout (a quarter "
                      "pattern such as '%Y%q' for '20103'), or ask the data owner for "
                      "zero-padded dates ('201003')",
    "day_month_swapped": "every date the mapping's format read falls in one calendar month "
                         "(on different days, none after the 12th): the format reads day and "
                         "month the wrong way round (first-of-month dates such as '01/04/2011' "
                         "read with '%m/%d/%Y' as January 4th), which would move every date "
                         "into that month's quarter; swap %d and %m in the column's format "
                         "under `dates:`; if the dates really all fall in that "
                         "month, ask the data owner to confirm and give the column as "
                         "quarters (quarter_label)",
    "ambiguous_formats": "two of the column's formats under `dates:` read these values as "
                         "different quarters (a birth date: years), so which is meant cannot "
                         "be told: ask the data owner, then correct the rows in the raw file "
                         "or drop the format that misreads them from the list",
    "code_read_as_missing": "`read: {keep_default_na: true}` (the register's or the file's) "
                            "reads pandas' default missing texts (NA, NULL, None, nan, N/A...) "
                            "as missing in every column, and these values of a code column "
                            "are such texts, which may be codes ('NA' is Namibia's country "
                            "code): so as not to turn codes into missing values silently, "
                            "remove `keep_default_na: true` and give the texts that mean "
                            "missing under `na_values:` per source column (e.g. `na_values: "
                            "{EINDDATUM: [NULL]}`); map the codes under `codes:`, or, if the "
                            "data owner confirms they mean missing in this column, name them "
                            "there (`na_values: {SOURCE_COLUMN: ['NA']}`)",
    "not_an_integer": "correct the values in the raw file, or map them under `codes:`; "
                      "person ids that are text (pseudonyms such as 'a9f3c2'): set "
                      "`person_ids: text` at the top of the mapping",
    "not_a_number": "correct the values in the raw file (a decimal comma is read as a point "
                    "unless the register's `read:` sets `decimal: '.'` or `thousands: ','`; "
                    "with `decimal: ','` a point is not read, as it may separate thousands: "
                    "set `thousands: '.'` if it does, or give a file of the list that writes "
                    "decimal points its own `read: {decimal: '.'}`)",
    "out_of_range": "the values do not fit the register's integer type (a date or yyyymm "
                    "read as `quarter_index`?): check the column's format in the mapping",
}


class ExtractProblemsError(MappingFileError, schemas.RegisterError, MappingError):
    """Every problem ``adapt`` found in one run, before stopping: raw files it could not read
    (:class:`MappingFileError`), mapped source columns missing from a file
    (:class:`~mia_helpers.schemas.RegisterError`, ``missing_source_column``), values the
    mapping does not cover (:class:`MappingError`: unmapped codes, unparseable dates, numbers
    that are not numbers, per register and column), and the schema and key rules broken by the
    registers that could be adapted. It is an instance of all three classes, so code that
    catches any of them catches it.

    ``errors`` holds the single errors (file and column errors, then the rule errors),
    ``problems`` the value problems (the columns of :class:`MappingError`; empty when none).
    The attributes of :class:`~mia_helpers.schemas.RegisterError` (``table``, ``rule``...)
    are those of the first register error, if any.
    """

    def __init__(self, errors: list[Exception], problems: pd.DataFrame | None = None):
        self.errors = list(errors)
        self.problems = (problems.reset_index(drop=True) if problems is not None else
                         pd.DataFrame(columns=["table", "column", "problem", "value", "count"]))
        first = next((e for e in self.errors if isinstance(e, schemas.RegisterError)), None)
        self.table = first.table if first is not None else None
        self.rule = first.rule if first is not None else None
        self.count = first.count if first is not None else 0
        self.examples = first.examples if first is not None else pd.DataFrame()
        self.detail = first.detail if first is not None else ""
        self.file = first.file if first is not None else None
        parts = [str(e) for e in self.errors]
        if len(self.problems):
            parts.append(str(MappingError(self.problems)))
        n = len(self.errors) + (self.problems.drop_duplicates(["table", "column", "problem"])
                                .shape[0] if len(self.problems) else 0)
        ValueError.__init__(
            self, f"the extract has {counted(n, 'problem')} to correct before it can be "
            "adapted, all "
            "listed here; nothing was written; what to do: correct each (the mapping or the raw "
            "file it names), then re-run `python -m mia_helpers adapt`:\n"
            + "\n".join(f"[{i}] " + s.replace("\n", "\n    ") for i, s in enumerate(parts, 1)))


def _what_to_do(table: str, column: str, problem: str) -> str:
    """What to do about ``problem`` in ``table.column``: :data:`_WHAT_TO_DO`, without the
    offer of ``null`` for an unmapped code of a column that may not be empty."""
    spec = SPECS.get(table, {}).get(column)
    if problem == "ambiguous_formats" and table in SPECS and column not in SPECS[table]:
        # user28: the month column of `monthly:` (not a register column)
        return ("two of the formats of `monthly: {format: [...]}` read these values as "
                "different months, so which is meant cannot be told: ask the data owner, then "
                "correct the rows in the raw file or drop the format that misreads them from "
                "the list")
    if problem == "unmapped_code" and spec is not None and not spec.nullable:
        return "add the values to the mapping's `codes:` of the column (source code: our code)"
    if problem == "not_an_integer" and spec is not None and spec.kind == "quarter":
        # user51: a quarter column of dates without a format under `dates:` was told to map
        # its dates under `codes:`, which the mapping refuses for a quarter column
        return ("the column has no format under `dates:`, so its values were read as quarter "
                "indices (whole numbers, 2005Q1 = 0): give it the format of its values under "
                f"`dates:` ({FORMAT_HINT}), or correct the values in the raw file")
    if problem == "not_an_integer" and column != "person_id":
        # newuser30: '1,5' children were told to set `person_ids: text`
        return ("correct the values in the raw file (a whole number is expected), or map "
                "them under `codes:`")
    return _WHAT_TO_DO[problem]


def _our_codes(table: str, column: str, problem: str) -> str:
    """The register's codes of ``column``, for the message of an unmapped code: the right-hand
    side of the mapping's `codes:` must be one of them, which the message did not say."""
    if problem != "unmapped_code":
        return ""
    spec = SPECS.get(table, {}).get(column)
    if spec is None:
        return ""
    ours = (f"; our codes of {table}.{column}: {', '.join(spec.codes)}" if spec.codes else
            f"; our values of {table}.{column}: true, false" if spec.kind == "bool" else "")
    if not spec.nullable:  # user25: null was offered for a column that may not be empty
        return (f"; {table}.{column} may not be empty, so no value may map to null: a row "
                "whose code is none of ours must be removed from the raw file (report the "
                "removal)" + ours)
    return ours


@dataclass
class AdaptResult:
    """The adapted registers, a log of rows read and written, and where they went."""

    registers: dict[str, pd.DataFrame]
    log: pd.DataFrame
    out: Path | None
    timings: dict[str, float] = field(default_factory=dict)
    #: rows of event registers whose person is not in persons (:func:`persons_not_in_persons`)
    not_in_persons: pd.DataFrame = field(default_factory=pd.DataFrame)
    #: the note to print about them ("" when there are none)
    not_in_persons_note: str = ""
    #: notes about person ids written in several ways read as one number
    #: (:func:`id_spelling_problems`)
    notes: list[str] = field(default_factory=list)


def _listing(table: str, column: str, problem: str, values: pd.Series,
             rm: RegisterMapping | None = None, parsed: int | None = None) -> pd.DataFrame:
    """The rows of a :class:`MappingError` for the offending ``values`` of one column (at most
    :data:`MAX_LISTED`, with the totals over all of them; ``rm`` names the raw file, the
    source column and the date format)."""
    counts = values.astype("string").value_counts(dropna=True)
    source = fmt = file = ""
    if rm is not None:
        file = str(rm.file or "")
        source = next((s for s, c in rm.columns.items() if c == column), "")
        if rm.monthly and column == rm.monthly.column:
            fmt = " or ".join(rm.monthly.formats) or rm.monthly.format
        elif problem in ("unparseable_date", "ambiguous_date", "ambiguous_formats",
                         "out_of_range", "day_month_swapped"):
            fmt = " or ".join(rm.date_formats.get(column, ())) or rm.dates.get(column, "")
    out = pd.DataFrame({
        "table": table, "column": column, "problem": problem,
        "value": counts.index.astype(object)[:MAX_LISTED], "count": counts.to_numpy()[:MAX_LISTED],
        "file": file, "source_column": source, "format": fmt,
        "distinct": len(counts), "rows": int(counts.sum()),
    })
    if rm is not None and rm.file and len(out):
        # user28b: the rows holding each listed value, to name the file and line of a
        # register delivered in several files (:func:`_locate_rows`; user29: and of one
        # delivered in one file); dropped after
        codes_, uniq = pd.factorize(values.astype("string"), use_na_sentinel=True)
        order = np.argsort(codes_, kind="stable")
        at = {str(u): i for i, u in enumerate(uniq)}
        lo = np.searchsorted(codes_[order], np.arange(len(uniq)))
        hi = np.searchsorted(codes_[order], np.arange(len(uniq)), side="right")
        idx = np.asarray(values.index, dtype="int64")[order]
        out["_rows"] = [idx[lo[at[str(v)]]:hi[at[str(v)]]] for v in out.value]
    if problem == "unmapped_code" and rm is not None:
        out["near"] = [_near_code(v, rm, column) for v in out.value]
        out["close"] = ["" if n else _close_code(v, rm, column)
                        for v, n in zip(out.value, out.near, strict=True)]
    if parsed is not None:  # values of the column that the format did read
        out["parsed"] = parsed
    return out


def _fold(text: object) -> str:
    """A code compared up to case, accents, spaces and ``-``/``_``/``.``."""
    import unicodedata

    s = unicodedata.normalize("NFKD", str(text)).encode("ascii", "ignore").decode()
    return "".join(ch for ch in s.lower() if ch.isalnum())


def _near_code(value: object, rm: RegisterMapping, column: str) -> str:
    """The mapped source code (or, without a map, our code) that an unmapped ``value`` equals
    up to case, accents and punctuation (``"man"`` for ``"Man"``, ``"Belgie"`` for
    ``"België"``), else ``""``: the message then says so (user26)."""
    known = list(rm.codes.get(column, {})) or list(SPECS[rm.table][column].codes or ())
    hits = [k for k in known if _fold(k) == _fold(value)]
    return hits[0] if hits else ""


def _close_code(value: object, rm: RegisterMapping, column: str) -> str:
    """The mapped source code (or, without a map, our code) that an unmapped ``value`` is a
    likely misspelling of (one or two letters apart: :func:`difflib.get_close_matches` at
    ratio 0.85 or more, on the folded codes), else ``""`` (user38: ``BEMIDELING`` beside the
    mapped ``BEMIDDELING`` was listed without a word on it)."""
    import difflib

    known = list(rm.codes.get(column, {})) or list(SPECS[rm.table][column].codes or ())
    folded = {_fold(k): k for k in known}
    hits = difflib.get_close_matches(_fold(value), list(folded), n=1, cutoff=0.85)
    return str(folded[hits[0]]) if hits else ""


def _csv_dialect(rm: RegisterMapping) -> dict:
    """The :mod:`csv` reader options equal to the mapping's ``read`` options (the options
    that change how lines split into fields are refused by the mapping, see
    :data:`mia_helpers.adapters.mapping.UNSUPPORTED_READ`)."""
    r = rm.read
    return {"delimiter": r.get("sep", r.get("delimiter", ",")),
            "quotechar": r.get("quotechar", '"'), "doublequote": r.get("doublequote", True),
            "escapechar": r.get("escapechar"), "quoting": r.get("quoting", csv.QUOTE_MINIMAL),
            "skipinitialspace": r.get("skipinitialspace", False)}


def check_field_counts(rm: RegisterMapping, path: Path) -> None:
    """Refuse a CSV file with a line that has more or fewer fields than its header.

    pandas reads such lines silently: extra fields are dropped (or, when every line has one
    more field than the header, the first column becomes the row index and every value is
    shifted one column), missing trailing fields become missing values (an end date missing
    this way would read as a spell still running). Empty lines are skipped, as pandas does;
    lines holding only spaces or separators are refused (user32). An unclosed quote or text after a closing quote makes the file unreadable.

    Raises
    ------
    MappingFileError
        Naming the register, the file, the header's number of fields, how many lines break
        the rule and the first :data:`MAX_LINES` of them (line numbers of the file, the header
        being line 1) with their numbers of fields, and what to do.
    """
    enc = rm.read.get("encoding", "utf-8")
    bad: list[tuple[int, int]] = []
    more = fewer = 0
    with open(path, newline="", encoding=enc) as f:
        # strict: an unclosed quote or text after a closing quote is an error (csv.Error)
        reader = csv.reader(f, strict=True, **_csv_dialect(rm))
        header = next(reader, [])
        n = len(header)
        _check_repeated_header(rm, path, header)
        repeats: list[int] = []  # user27: files joined with their headers
        blank: list[int] = []  # lines of spaces or separators only
        plain = [h.lstrip("\ufeff") if i == 0 else h for i, h in enumerate(header)]
        try:
            for row in reader:
                if row and [c.lstrip("\ufeff") for c in row[:1]] + row[1:] == plain:
                    repeats.append(reader.line_num)
                    continue
                if row and not any(c.strip() for c in row):  # user32: ' ' or ';;;'
                    blank.append(reader.line_num)
                    continue
                if len(row) != n and row:
                    more += len(row) > n
                    fewer += len(row) < n
                    if len(bad) < MAX_LINES:
                        bad.append((reader.line_num, len(row)))
        except csv.Error as err:
            raise MappingFileError(
                f"mapping register {rm.table!r}: raw file {path} is not a readable CSV file "
                f"(line {reader.line_num}: {err}); check `read: {{sep: ...}}` in the mapping "
                "or copy the file again") from None
    if repeats:
        raise MappingFileError(
            f"mapping register {rm.table!r}: raw file {path} repeats its header line on "
            f"{counted(repeats, 'line')}: "
            + ", ".join(f"line {x}" for x in repeats[:MAX_LINES])
            + (f" and {len(repeats) - MAX_LINES} more" if len(repeats) > MAX_LINES else "")
            + " (files joined with their headers?); they would be read as a row of values "
            "named like the columns; nothing was written; what to do: remove those lines "
            "from the raw file (or join the files again without their headers)")
    if blank:  # user32: read as a row with every value missing (or told as a field count)
        raise MappingFileError(
            f"mapping register {rm.table!r}: raw file {path} has {counted(blank, 'line')} "
            "holding "
            "no value, only spaces or separators: "
            + ", ".join(f"line {x}" for x in blank[:MAX_LINES])
            + (f" and {len(blank) - MAX_LINES} more" if len(blank) > MAX_LINES else "")
            + " (blank lines at the end of an export?); they would be read as rows with every "
            "value missing; nothing was written; what to do: delete those lines from the raw "
            "file (empty lines are skipped; these hold spaces, tabs or separators)")
    if bad:
        kinds = " and ".join(f"{k} with {w}" for w, k in (("more", more), ("fewer", fewer)) if k)
        lines = ", ".join(f"line {line} ({k} fields)" for line, k in bad)
        n_bad = more + fewer
        raise MappingFileError(
            f"mapping register {rm.table!r}: raw file {path} has {counted(n_bad, 'line')} with "
            "another "
            f"number of fields than its header ({n} fields: {kinds}): {lines}"
            + (f" and {n_bad - len(bad)} more" if n_bad > len(bad) else "")
            + "; nothing was written (such lines would be read shifted or padded with missing "
            "values); what to do: check the separator (`read: {sep: ...}` in the mapping; "
            f"now {_csv_dialect(rm)['delimiter']!r}), that values holding the separator are "
            "quoted, and that the file was not truncated or joined; correct the lines or copy "
            "the file again from the data owner's delivery")


def _check_repeated_header(rm: RegisterMapping, path: Path, header: list[str]) -> None:
    """Refuse a CSV header that names a mapped source column more than once: pandas would read
    the first and rename the others (``EINDDATUM.1``), silently, so which one the mapping
    means cannot be told (a BOM or surrounding spaces are ignored, as pandas ignores them)."""
    names = [h.lstrip("\ufeff") if i == 0 else h for i, h in enumerate(header)]
    twice = {c: [i + 1 for i, h in enumerate(names) if h == c] for c in rm.columns}
    twice = {c: pos for c, pos in twice.items() if len(pos) > 1}
    if twice:
        where = "; ".join(f"{c!r} at fields {', '.join(map(str, pos))}" for c, pos in twice.items())
        raise MappingFileError(
            f"mapping register {rm.table!r}: raw file {path} names a mapped source column more "
            f"than once in its header ({where}); pandas would read only the first, so which "
            "one is meant cannot be told; nothing was written; what to do: rename the columns "
            "in the file's header (or ask the data owner which is which) and map the one meant")


def _undecodable_line(path: Path, encoding: str) -> str:
    """Where the first byte of ``path`` that is not text in ``encoding`` is, for the message
    of an encoding error: ``" on line 2, byte 7 of the line, byte offset 131 of the file"``
    (the line counted from the header, line 1; offsets from 1). The offset of a
    :class:`UnicodeDecodeError` raised by pandas counts from the start of one of its read
    chunks, not of the file, so it located nothing. Nothing of the line's text is given
    (user34: the message printed the line's start, which may hold a name or another personal
    value, and messages and ``adapt_problems.csv`` are read outside the data). Empty when no
    line fails."""
    offset = 0
    with open(path, "rb") as f:
        for number, line in enumerate(f, 1):
            try:
                line.decode(encoding)
            except UnicodeDecodeError as err:
                return (f" on line {number}, byte {err.start + 1} of the line, byte offset "
                        f"{offset + err.start + 1} of the file")
            except LookupError:
                return ""
            offset += len(line)
    return ""


def _na_values(rm: RegisterMapping) -> list[str] | dict[str, list[str]]:
    """The texts read as missing from a CSV file: the empty field, plus the mapping's
    ``read: {na_values: ...}`` (a text, a list, or per source column a dict). user26: the
    mapping's ``na_values`` replaced the empty field, so with ``na_values: [NULL]`` every empty
    field became the text "" (an unmapped code "", an end date "" not parseable) instead of
    missing."""
    given = rm.read.get("na_values")
    if given is None:
        return [""]
    if isinstance(given, dict):
        return {c: ["", *([v] if isinstance(v, str) else list(v or []))]
                for c in rm.columns for v in [given.get(c)]}
    return ["", *([given] if isinstance(given, str) else list(given))]


def default_na_texts() -> frozenset[str]:
    """The texts pandas reads as missing under ``keep_default_na`` (``NA``, ``NULL``,
    ``None``, ``nan``, ``N/A``...), the empty field left out."""
    try:
        from pandas._libs.parsers import STR_NA_VALUES
    except ImportError:  # pragma: no cover - pandas moved it
        from pandas.io.parsers.readers import STR_NA_VALUES  # type: ignore[no-redef]
    return frozenset(STR_NA_VALUES) - {""}


def _code_sources(rm: RegisterMapping) -> list[str]:
    """The mapped source columns of ``rm`` that hold codes: mapped under ``codes:``, or
    feeding a code or boolean register column."""
    spec = SPECS.get(rm.table, {})
    return [src for src, col in rm.columns.items()
            if col in rm.codes or (col in spec and spec[col].kind in ("code", "bool"))]


def _default_na(rm: RegisterMapping, df: pd.DataFrame) -> pd.DataFrame:
    """``read: {keep_default_na: true}`` applied to a CSV file read as text: pandas' default
    missing texts (:func:`default_na_texts`) are missing in every column but the code
    columns (:func:`_code_sources`), whose rows holding such a text (``NA``: Namibia's
    country code) are kept as written and given in ``df.attrs['default_na']`` (source column
    -> row positions), for :func:`_prepare` to list as ``code_read_as_missing``. user29: with
    ``keep_default_na: true`` pandas read a nationality code ``NA`` as missing, silently."""
    texts = default_na_texts()
    codes = set(_code_sources(rm))
    flagged: dict[str, tuple[int, ...]] = {}
    for col in df.columns:
        hit = df[col].isin(texts)
        if not hit.any():
            continue
        if col in codes:
            flagged[col] = tuple(np.flatnonzero(hit.to_numpy()).tolist())
        else:
            df[col] = df[col].mask(hit)
    if flagged:
        df.attrs["default_na"] = flagged
    return df


def _monthly_hint(rm: RegisterMapping, df: pd.DataFrame,
                  err: schemas.RegisterError) -> schemas.RegisterError:
    """``err`` with what to do when KSZ positions repeat a person-quarter because the file
    holds one row per person and *month* read with a date format under ``dates:`` (at most
    three rows per person-quarter, a format with a month): declare ``monthly:``. user26: the
    error said "keep one row per key in the source extract", i.e. delete two months of three.
    Other errors are returned unchanged."""
    fmt = rm.dates.get("quarter", "")
    if (rm.table != "ksz_positions" or err.rule != "duplicate_key" or rm.monthly is not None
            or "%m" not in fmt):
        return err
    per = df.groupby(["person_id", "quarter"]).size()
    if per.max() > 3:
        return err
    src = next((s for s, c in rm.columns.items() if c == "quarter"), "quarter")
    return schemas.RegisterError(
        err.table, err.rule, err.count, err.examples,
        f"{err.detail}; {int((per > 1).sum())} of {len(per)} person-quarters have 2 or 3 rows "
        f"and the dates (format {fmt!r}) have months: if the file holds one row per person and "
        f"month, do not remove rows but map `{src}: month` under `columns:` and replace its "
        f"`dates:` entry by `monthly: {{column: month, format: {fmt!r}, rule: last}}` (or rule "
        "majority), which makes one row per person-quarter", file=err.file)


def _null_hint(rm: RegisterMapping, err: schemas.RegisterError) -> str:
    """An addition to a ``null_value`` error: the source column, and for ``persons`` what
    removing a person's row leaves behind (user26: the error said only to fill the values in,
    which an analyst cannot do for a person's sex; what to do, ask the data owner or remove
    the rows and report it, is now :data:`mia_helpers.schemas.WHAT_TO_DO`'s)."""
    found = re.match(r"column '(\w+)'", err.detail or "")
    if err.rule != "null_value" or found is None:
        return ""
    col = found.group(1)
    src = next((s for s, c in rm.columns.items() if c == col), None)
    where = f" (source column {src!r})" if src else ""
    return (f"; empty values{where}"
            + (" (a person removed from persons leaves rows in the other registers that the "
               "panel counts as orphan_id)" if rm.table == "persons" else ""))


def _sentinel_hint(rm: RegisterMapping, err: schemas.RegisterError) -> str:
    """An addition to an ``implausible_value`` error about a column that may be empty whose
    values lie after the year 2100 (a far-future date such as 31/12/9999 that an extract writes
    for a spell still running): how to read it as missing. user26: the error said only to
    correct the values in the source extract."""
    from mia_helpers.quarters import to_index

    found = re.search(r"column '(\w+)'", err.detail or "")
    if err.rule != "implausible_value" or found is None:
        return ""
    col = found.group(1)
    spec = SPECS[rm.table].get(col)
    ex = err.examples.get(col) if col in err.examples else None
    if spec is None or spec.kind != "quarter" or not spec.nullable or ex is None:
        return ""
    if not (pd.to_numeric(ex, errors="coerce") >= to_index("2100Q1")).any():
        return ""
    src = next((s for s, c in rm.columns.items() if c == col), col)
    fmt = rm.dates.get(col, "")
    try:  # user27: '31/12/9999' was offered for a file writing 99991231
        sample = pd.Timestamp(9999, 12, 31).strftime(fmt) if "%d" in fmt else "31/12/9999"
    except ValueError:  # pragma: no cover - a format strftime cannot write
        sample = "31/12/9999"
    how = (f"add the value as the file writes it to the register's read options, e.g. "
           f"`read: {{na_values: {{{src}: ['{sample}']}}}}` (empty fields stay missing too)"
           if rm.format == "csv" else "the raw file is not CSV: ask the data owner for "
           "empty end dates, or convert the file to CSV and use `read: {na_values: ...}`")
    return (f"; if these far-future dates mean 'still running' (a spell without an end), they "
            f"are to be read as missing: {how}")


class EncodingError(MappingFileError):
    """A CSV file is not text in the mapping's encoding (:func:`read_raw`)."""


def _read_as_latin1(rm: RegisterMapping, source_dir: Path, err: EncodingError,
                    readable: dict[str, RegisterMapping], errors: list[Exception]) -> None:
    """After ``err``, check the file again read as latin-1 (which reads any byte), so that
    ``adapt`` can list the file's other problems (missing columns, codes, dates) in the same
    run: on success ``rm`` read as latin-1 is put in ``readable`` and ``err`` is listed
    saying so; else ``err`` alone. user26: an encoding error hid every other problem of its
    file until a second run."""
    if str(rm.read.get("encoding", "utf-8")).lower().replace("_", "-") in ("latin-1",
                                                                           "latin1"):
        errors.append(err)
        return
    alt = dataclasses.replace(rm, read={**rm.read, "encoding": "latin-1"})
    try:
        check_raw(alt, source_dir)
    except (MappingFileError, schemas.RegisterError):
        errors.append(err)
        return
    readable[rm.table] = alt
    errors.append(EncodingError(f"{err} (the file was read as latin-1 to list any other "
                                "problem of it in this run)"))


def _record_lines(rm: RegisterMapping, path: Path) -> np.ndarray:
    """The line (the header being line 1) on which each record of the CSV file ``path``
    starts, as pandas reads its records (empty lines skipped; a quoted field may span lines)."""
    starts: list[int] = []
    with open(path, newline="", encoding=rm.read.get("encoding", "utf-8")) as f:
        reader = csv.reader(f, **_csv_dialect(rm))
        next(reader, None)
        end = reader.line_num
        for row in reader:
            if row:
                starts.append(end + 1)
            end = reader.line_num
    return np.asarray(starts, dtype="int64")


def _locate_rows(rm: RegisterMapping, source_dir: Path, parts: list[tuple[str, int]],
                 probs: list[pd.DataFrame]) -> None:
    """Name, in each listed value problem of a register (``parts``: its file name and rows,
    or of a register delivered in several files each file's, in the order joined), the
    file(s) holding the value and the first line of each (``acties_2011.csv line 14``; a
    Parquet file's row), in the columns ``file`` and ``where``. user28b: the message named
    the files joined, so which file held a value was to be searched for; user29: a register
    in one file had no line at all."""
    bounds = np.cumsum([0] + [n for _, n in parts])
    lines: dict[int, np.ndarray] = {}
    for p in probs:
        if "_rows" not in p:
            continue
        files, where = [], []
        for rows in p.pop("_rows"):
            which = np.searchsorted(bounds, rows, side="right") - 1
            names, said = [], []
            for k in np.unique(which):
                first = int(rows[which == k].min() - bounds[k])
                name = parts[k][0]
                if rm.format == "csv":
                    if k not in lines:
                        lines[k] = _record_lines(rm.of_file(name), source_dir / name)
                    at = (f"line {int(lines[k][first])}" if first < len(lines[k]) else
                          f"record {first + 1}")
                else:
                    at = f"row {first + 1}"
                n = int((which == k).sum())
                names.append(name)
                said.append(f"{name} {at}" + (f" (+{counted(n - 1, 'more row')})" if n > 1
                                              else ""))
            files.append(" + ".join(names))
            where.append("; ".join(said))
        p["file"] = files
        p["where"] = where


#: the first bytes of compressed files and workbooks -> what the file is and what to do
_PACKED = {
    b"\x1f\x8b": "a gzip-compressed file: decompress it (gunzip, or 7-Zip on Windows)",
    b"PK\x03\x04": ("a ZIP archive (an Excel .xlsx workbook is one too): extract the file "
                    "from it, or save the workbook's sheet as CSV (CSV UTF-8)"),
    b"BZh": "a bzip2-compressed file: decompress it (bunzip2)",
    b"\xfd7zXZ\x00": "an xz-compressed file: decompress it (unxz)",
    b"\x28\xb5\x2f\xfd": "a zstd-compressed file: decompress it (unzstd)",
    b"7z\xbc\xaf\x27\x1c": "a 7-Zip archive: extract the file from it",
    b"\xd0\xcf\x11\xe0": ("an Excel 97-2003 (.xls) workbook: save its sheet as CSV "
                           "(CSV UTF-8)"),
}


def _first_bytes(path: Path, n: int = 8) -> bytes:
    """The first ``n`` bytes of ``path`` (empty when it cannot be read: the reader says why)."""
    try:
        with open(path, "rb") as f:
            return f.read(n)
    except OSError:
        return b""


def packed_file(path: Path) -> str | None:
    """What ``path`` is, and what to do, when its first bytes are those of a compressed file
    or a spreadsheet workbook (:data:`_PACKED`), else None (or when it cannot be read: the
    reader says why). user51: a gzip file named ``.csv`` (or given ``format: csv``) was
    refused as "not in encoding 'utf-8'" with the advice to set ``encoding: cp1252``."""
    head = _first_bytes(path)
    return next((what for magic, what in _PACKED.items() if head.startswith(magic)), None)


def check_raw(rm: RegisterMapping, source_dir: Path,
              taken: dict[str, str] | None = None) -> None:
    """Check one raw file before it is read in full: it exists, is readable, holds the mapped
    source columns and (CSV) has as many fields on every line as in its header
    (:func:`check_field_counts`). Raises as :func:`read_raw` does; ``taken`` (file name ->
    the other register that reads it) keeps a file not found from being told to use another
    register's file (user31)."""
    read_raw(rm, source_dir, header_only=True, taken=taken)


def _file_hint(path: Path, taken: dict[str, str] | None = None, table: str = "") -> str:
    """For a raw file not found: the files of its folder whose name is like it (``Personen.CSV``
    for ``personen.csv``), or that the folder does not exist (user26); not a file that
    another register of the mapping reads (``taken``: file name -> register; user31: a
    missing ``vdab_inschrijvingen.csv`` was told to use ``vdab_acties.csv``, the measures'
    file); and what to do if the register ``table`` was not delivered at all: ``empty: true``
    for one of :data:`~mia_helpers.adapters.mapping.OPTIONAL_REGISTERS`, else ask for it."""
    import difflib

    from mia_helpers.adapters.mapping import OPTIONAL_REGISTERS

    if not path.parent.is_dir():
        return f"; the folder {path.parent} does not exist"
    taken = taken or {}
    names = sorted(p.name for p in path.parent.iterdir() if p.is_file() and p.name not in taken)
    like = [n for n in names if n.lower() == path.name.lower()] or \
        difflib.get_close_matches(path.name, names, n=2, cutoff=0.6)
    if table in OPTIONAL_REGISTERS:
        absent = ("if the register was not delivered, write `empty: true` instead of `file:` "
                  "(the chapters then read it as one in which nothing happened)")
    else:
        absent = ("the panel cannot be built without this register: if it was not delivered, "
                  "ask the data owner for it")
    if like:
        return (f"; the folder has {', '.join(map(repr, like))}: set `file:` of the register "
                f"to it if it is that file; {absent}")
    return f"; {absent}"


#: the ``read:`` options that apply to a CSV file's header line as to its rows
_HEADER_READ = ("sep", "delimiter", "encoding", "quotechar", "doublequote", "escapechar",
                "quoting", "skipinitialspace")


def read_raw(rm: RegisterMapping, source_dir: Path, header_only: bool = False,
             checked: bool = False, taken: dict[str, str] | None = None) -> pd.DataFrame:
    """Read the mapped source columns of one raw file (CSV as text, Parquet as typed).

    ``header_only``: only check the file (:func:`check_raw`) and return no rows (for CSV the
    whole file is scanned for its field counts all the same). ``checked``: the file passed
    :func:`check_raw` already (its CSV lines are not counted again).

    Raises :class:`MappingFileError` naming the file when it is missing, empty (no header
    line), not parseable as CSV, has lines with more or fewer fields than its header
    (:func:`check_field_counts`), not in the mapping's encoding (:class:`EncodingError`, a
    :class:`MappingFileError`, saying to set ``read: {encoding: ...}``), or not readable as
    Parquet;
    :class:`~mia_helpers.schemas.RegisterError` (``missing_source_column``) when a mapped
    source column is not in the file.
    """
    if rm.files:  # user28: one file per year: each checked and read alone, then joined
        parts = [read_raw(rm.of_file(f), source_dir, header_only, checked) for f in rm.files]
        flagged: dict[str, list[int]] = {}
        start = 0
        for x in parts:  # user29: rows of a code whose text keep_default_na reads as missing
            for col, rows in x.attrs.pop("default_na", {}).items():
                flagged.setdefault(col, []).extend(start + r for r in rows)
            start += len(x)
        joined = pd.concat(parts, ignore_index=True)
        joined.attrs["parts"] = [(f, len(x)) for f, x in zip(rm.files, parts, strict=True)]
        if flagged:
            joined.attrs["default_na"] = {c: tuple(r) for c, r in flagged.items()}
        return joined
    path = source_dir / rm.file
    if not path.exists():
        raise MappingFileError(f"mapping register {rm.table!r}: raw file {path} not found "
                               "(check source_dir / --source and 'file')"
                               + _file_hint(path, taken, rm.table))
    cols = list(rm.columns)
    if rm.format == "csv" and _first_bytes(path).startswith(b"PAR1"):
        # user51: refused as "not in encoding 'utf-8'", told to set `encoding: cp1252`
        raise MappingFileError(
            f"mapping register {rm.table!r}: raw file {path} is a Parquet file, not CSV "
            "text: give the register `format: parquet` in the mapping (or deliver the file "
            "named .parquet), without `read:`")
    if rm.format == "csv" and (packed := packed_file(path)) is not None:
        raise MappingFileError(
            f"mapping register {rm.table!r}: raw file {path} is {packed}, and name the file "
            "it gives under `file:` (adapt reads a CSV file as delivered text, not compressed "
            "or as a workbook; its encoding is not the problem)")
    if rm.format == "csv":
        opts = {"keep_default_na": False, **rm.read, "na_values": _na_values(rm)}
        try:
            # user28b: the header read with every option of how lines split into fields
            # (`skipinitialspace: true` read ' BEGIN' here and 'BEGIN' in the rows)
            header = pd.read_csv(path, nrows=0, **{k: v for k, v in opts.items()
                                                   if k in _HEADER_READ})
            _check_columns(rm, list(header.columns), path)
            if not checked:
                check_field_counts(rm, path)
            if header_only:
                return header[cols]
            # index_col=False: never take the first column as the row index (checked lines
            # have the header's number of fields, so this is a second guard)
            df = pd.read_csv(path, dtype=str, usecols=cols, index_col=False,
                             **{**opts, "keep_default_na": False})
            return _default_na(rm, df) if opts.get("keep_default_na") else df
        except UnicodeDecodeError as err:
            enc = opts.get("encoding", "utf-8")
            where = _undecodable_line(path, enc)  # user26: the offset was into a chunk
            with open(path, "rb") as f:
                head = f.read(2)
            which = ("`read: {encoding: utf-16}` (the file starts with a UTF-16 byte-order "
                     "mark; latin-1 or cp1252 would read it as garbage)"
                     if head in (b"\xff\xfe", b"\xfe\xff") else  # user28
                     "`read: {encoding: cp1252}` (Windows) or `latin-1`")
            raise EncodingError(
                f"mapping register {rm.table!r}: raw file {path} is not in encoding {enc!r} "
                f"(byte {err.object[err.start:err.start + 1]!r}{where}); set "
                f"`read: {{encoding: ...}}` for this register in the mapping, e.g. "
                f"{which}") from None
        except pd.errors.EmptyDataError:
            raise MappingFileError(
                f"mapping register {rm.table!r}: raw file {path} is empty (0 bytes or no "
                "header line): copy it again from the data owner's delivery; a register "
                "without rows needs at least its header line, and one not delivered "
                "`empty: true` in the mapping") from None
        except pd.errors.ParserError as err:
            raise MappingFileError(
                f"mapping register {rm.table!r}: raw file {path} is not a readable CSV file "
                f"({err}); check `read: {{sep: ...}}` in the mapping or copy the file "
                "again") from None
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        names = pq.ParquetFile(path).schema_arrow.names
    except (pa.ArrowException, OSError) as err:
        head = _first_bytes(path, 512)
        if (packed := packed_file(path)) is not None:
            what = (f"is {packed}, and name the file it gives under `file:` (adapt reads a "
                    "Parquet file as delivered, not compressed)")
        elif head and not head.startswith(b"PAR1") and b"\x00" not in head and (
                b"\n" in head or b"\r" in head):
            # user51: a CSV export named .parquet was called "empty or truncated"
            what = ("is a text file (a CSV export?), not Parquet: give the register `format: "
                    "csv` in the mapping (with `read: {sep: ...}` for a separator other than "
                    "a comma)")
        else:
            what = ("is not a readable Parquet file "
                    f"({path.stat().st_size} bytes; {err}); it is empty or truncated: copy it "
                    "again from the data owner's delivery")
        raise MappingFileError(f"mapping register {rm.table!r}: raw file {path} {what}") from None
    _check_columns(rm, names, path)
    if header_only:
        return pd.DataFrame(columns=cols)
    return pd.read_parquet(path, columns=cols)


#: separators a CSV header read as one column is checked for (:func:`_separator_hint`)
_COMMON_SEPARATORS = (";", ",", "\t", "|")


def _separator_hint(rm: RegisterMapping, present: list[str]) -> str:
    """What to do when mapped source columns are missing from a file's header: set the
    separator, when the header was read as one column that holds another common separator;
    else correct the mapping's source column names."""
    if rm.format == "csv" and present and (str(present[0])[:2] in ("\u00ff\u00fe",
                                                                 "\u00fe\u00ff")
                                           or any("\x00" in str(c) for c in present)):
        # user28: a UTF-16 file read as latin-1 was told to rename `ID:` to `ÿþI D :`
        enc = rm.read.get("encoding", "utf-8")
        return (f"the header holds NUL characters or starts with a UTF-16 byte-order mark "
                f"read in encoding {enc!r}: the file is UTF-16 text; what to do: set "
                f"`read: {{encoding: utf-16}}` for register {rm.table!r} in the mapping")
    if rm.format == "csv" and present and str(present[0]).startswith(BOM_AS_LATIN1):
        enc = rm.read.get("encoding", "utf-8")
        return (f"the header starts with a UTF-8 byte-order mark read in encoding {enc!r} as "
                f"{BOM_AS_LATIN1!r}: the file is UTF-8; what to do: set `read: {{encoding: "
                f"utf-8}}` for register {rm.table!r} in the mapping")
    if rm.format == "csv" and len(present) == 1 and len(rm.columns) > 1:
        sep = _csv_dialect(rm)["delimiter"]
        found = [c for c in _COMMON_SEPARATORS if c != sep and c in str(present[0])]
        if found:
            return (f"the header was read as one column with the separator {sep!r} but holds "
                    f"{found[0]!r}: the file looks delimited by {found[0]!r}; what to do: set "
                    f"`read: {{sep: {found[0]!r}}}` for register {rm.table!r} in the mapping")
    return ("what to do: correct the source column names (left of the colon under "
            f"`columns:`) of register {rm.table!r} in the mapping to the file's header, or "
            "copy the file again if its header is damaged")


def _close_columns(missing: list[str], present: list[str], mapped: list[str]) -> dict[str, str]:
    """For each missing source column, the header column it most likely is (same name up to
    case, spaces, ``-``/``_``, else the closest unmapped name by :mod:`difflib`): a column
    renamed in the delivery (``GESL`` for ``GESLACHT``) is then named in the message."""
    import difflib

    def norm(s: str) -> str:
        return "".join(ch for ch in str(s).lower() if ch.isalnum())

    free = [str(c) for c in present if c not in mapped]
    out = {}
    for c in missing:
        same = [f for f in free if norm(f) == norm(c)]
        close = same or difflib.get_close_matches(c, free, n=1, cutoff=0.6) or \
            difflib.get_close_matches(norm(c), [norm(f) for f in free], n=1, cutoff=0.6)
        if close:
            hit = close[0] if close[0] in free else free[[norm(f) for f in free].index(close[0])]
            out[c] = hit
    return out


def _yaml_key(name: str) -> str:
    """``name`` as a YAML key that reads back as ``name``: quoted when YAML would change it
    (user28: the hint `ACTIECODE :` for a header 'ACTIECODE ' reads back as 'ACTIECODE')."""
    import yaml

    from mia_helpers.params import load_yaml

    try:
        back = load_yaml(f"{name}: x", keys_as_written=True)
        if isinstance(back, dict) and list(back) == [name]:
            return name
    except yaml.YAMLError:
        pass
    return "'" + name.replace("'", "''") + "'"


class HeaderEncodingError(MappingFileError, schemas.RegisterError):
    """A header misread in the wrong encoding (a UTF-16 file, or a UTF-8 byte-order mark, read
    in another encoding): a problem of the file (:class:`MappingFileError`, as a file that does
    not decode is) that is also the register's ``missing_source_column`` error (the
    attributes of :class:`~mia_helpers.schemas.RegisterError`). Raised by
    :func:`_check_columns`; the message says which ``encoding:`` to set."""


def _check_columns(rm: RegisterMapping, present: list[str], path: Path) -> None:
    missing = [c for c in rm.columns if c not in present]
    if missing:
        # user25: an extract without an optional column (the KSZ wage class) was told only to
        # correct the column's name
        spec = SPECS.get(rm.table, {})
        optional = [rm.columns[c] for c in missing
                    if rm.columns[c] in spec and spec[rm.columns[c]].nullable
                    and rm.columns[c] not in EMPTY_MEANS]
        # user26: a missing end-date column was offered `constants: {end_quarter: null}`,
        # which reads every spell as still running; an empty quarter means something
        meaning = [f"{rm.columns[c]!r} may be empty, but empty means "
                   f"{EMPTY_MEANS[rm.columns[c]]}, so it cannot be declared null for every row: "
                   f"ask the data owner for the column ({c!r})"
                   for c in missing if rm.columns[c] in EMPTY_MEANS]
        hint = (f"; if the extract does not have {optional[0]!r}, which may be empty, remove "
                f"its line (and its `codes:`) and give `constants: {{{optional[0]}: null}}`"
                if len(optional) == 1 else
                f"; if the extract does not have {', '.join(map(repr, optional))}, which may "
                "be empty, remove their lines (and their `codes:`) and give `constants: {"
                + ", ".join(f"{c}: null" for c in optional) + "}`" if optional else "")
        # user26: the message named the missing columns only in its examples, without the
        # register column each feeds, and not a header column that looks like a renamed one
        close = _close_columns(missing, present, list(rm.columns))
        layout = _separator_hint(rm, present)
        if not layout.startswith("what to do: correct the source column names"):
            # the header was misread (separator, byte-order mark): no remedy per column
            close, hint, meaning = {}, "", []
            spec = {}
        named = ", ".join(f"{c!r} (-> {rm.columns[c]}"
                          + ("" if rm.columns[c] not in spec or spec[rm.columns[c]].nullable
                             else ", may not be empty" + ("" if c in close else
                                                          ": if the extract lacks it, ask the "
                                                          "data owner for it"))
                          + (f"; the file has {close[c]!r}: rename `{c}:` to "
                             f"`{_yaml_key(close[c])}:` "
                             "under `columns:` if it is that column" if c in close else "")
                          + ")" for c in missing)
        # a header misread for its encoding is the file's problem, whatever else is mapped
        # (lead29: after user29 skipped the re-read of a register none of whose columns was
        # found, a UTF-16 file read as latin-1 stopped as a column error, not a file error)
        cls = HeaderEncodingError if "encoding" in layout.split("what to do")[0] \
            else schemas.RegisterError
        raise cls(
            rm.table, "missing_source_column", len(missing),
            pd.DataFrame({"source_column": missing,
                          "register_column": [rm.columns[c] for c in missing]}),
            f"mapped source {plural(missing, 'column')} not in the file: {named}; file "
            f"{path.name} has columns "
            f"{present}; {layout}{hint}"
            + "".join(f"; {s}" for s in meaning),
            file=path,
        )


def _map_codes(s: pd.Series, cmap: dict) -> tuple[pd.Series, pd.Series]:
    """Map source codes (compared as text); return (mapped values, unmapped source values).

    A value and a source code that are one text in Unicode's canonical composition (NFC:
    ``"BELGIE\u0308"``, an E followed by a combining diaeresis, as macOS and some exports
    write it, and ``"BELGIË"``) are the same code (user37: such a value was listed as
    unmapped beside a twin that printed identically, with the remedy to map it under
    ``codes:``, which cannot be typed); the listed values keep their own text."""
    key = s.astype("string").str.strip()
    codes_, uniques = pd.factorize(key, use_na_sentinel=True)
    uniq = pd.Series(uniques, dtype="string")
    composed: dict[str, object] = {}
    for k, v in cmap.items():  # an exact key wins; of keys one text in NFC, the first
        composed.setdefault(unicodedata.normalize("NFC", str(k)), v)
    lookup = {u: (cmap[u] if u in cmap else composed.get(unicodedata.normalize("NFC", u)))
              for u in uniq}
    known = np.array([u in cmap or unicodedata.normalize("NFC", u) in composed for u in uniq],
                     dtype=bool)
    targets = np.array([lookup[u] if k else None for u, k in zip(uniq, known, strict=True)],
                       dtype=object)
    if not len(targets):  # every value missing (e.g. residence ground in a residents' file)
        return pd.Series(None, index=s.index, dtype=object), key.iloc[:0]
    ok_codes = np.where(codes_ >= 0, codes_, 0)
    mapped = pd.Series(np.where(codes_ >= 0, targets[ok_codes], None), index=s.index, dtype=object)
    unmapped = (codes_ >= 0) & ~known[ok_codes]
    return mapped, key[unmapped]


#: the texts read as our booleans in a boolean column without a map (case and spaces ignored)
_BOOL_TEXT = {"true": True, "false": False}


def _prepare(rm: RegisterMapping, raw: pd.DataFrame, unread: dict | None = None
             ) -> tuple[pd.DataFrame, list[pd.DataFrame], int]:
    """Steps 2-4: rename, map codes, parse dates and numbers; collect problems. The third
    value counts the spells whose end date precedes their start date inside one quarter
    (:func:`reversed_in_quarter`). ``unread`` (a dict, filled in): per register column, the
    rows whose value is listed as a problem (user27: so that the rules of the register can
    still be checked on the other rows)."""
    segs = _file_segments(rm, raw.attrs.get("parts"))
    swallowed = raw.attrs.get("default_na", {})
    df = raw.rename(columns=rm.columns)[list(rm.columns.values())]
    df.attrs = {}
    spec = SPECS[rm.table]
    problems: list[pd.DataFrame] = []
    unread = {} if unread is None else unread

    def mark(col: str, rows: pd.Series | np.ndarray) -> None:
        rows = np.asarray(rows, dtype=bool)
        unread[col] = unread[col] | rows if col in unread else rows
    for src, rows in swallowed.items():  # user29: codes keep_default_na reads as missing
        col = rm.columns[src]
        hit = np.zeros(len(df), dtype=bool)
        hit[list(rows)] = True
        problems.append(_listing(rm.table, col, "code_read_as_missing", df[col][hit], rm))
        mark(col, hit)
        df[col] = df[col].mask(hit)  # listed here, not again as unmapped
    dates: dict[str, pd.Series] = {}  # the parsed dates of the date columns

    def as_bool(r: RegisterMapping, s: pd.Series) -> pd.Series:
        given = bool_texts(r.read)  # user28b: read: {true_values, false_values}

        def one(v: object) -> object:
            if not isinstance(v, str):
                return v
            t = v.strip()
            return given[t] if t in given else _BOOL_TEXT.get(t.lower(), v)
        return s.map(one)
    for col in df.columns:
        s = df[col]
        cs = spec.get(col)
        if col in rm.codes:
            mapped, bad = _map_codes(s, rm.codes[col])
            if len(bad):
                problems.append(_listing(rm.table, col, "unmapped_code", bad, rm))
                mark(col, s.index.isin(bad.index))
            df[col] = mapped
        elif cs is not None and cs.kind == "code":
            text = s.astype("string").str.strip()
            bad = text[text.notna() & ~text.isin(list(cs.codes))]
            if len(bad):
                problems.append(_listing(rm.table, col, "unmapped_code", bad, rm))
                mark(col, s.index.isin(bad.index))
            df[col] = text.astype(object).where(text.notna(), None)
        elif cs is not None and cs.kind == "bool" and not pd.api.types.is_bool_dtype(s.dtype):
            # user26: a CSV field is text, so "true"/"false" (our values, as the message of an
            # unmapped value lists them) were refused as unmapped "true" and "false"
            s = _by_file(segs, s, as_bool)  # user28b: read: {true_values, false_values}
            df[col] = s
            codes_, uniques = pd.factorize(s, use_na_sentinel=True)  # few distinct values
            good = np.array([isinstance(u, bool | np.bool_) for u in uniques] + [True])
            bad = ~good[codes_]  # code -1 (missing) indexes the final True
            if bad.any():
                problems.append(_listing(rm.table, col, "unmapped_code", s[bad], rm))
                mark(col, bad)
        if rm.monthly and col == rm.monthly.column and rm.monthly.formats:
            parsed = _read_month_formats(rm, col, s, problems, mark)  # user28
            df = df.drop(columns=col)
            df["quarter"] = D.quarter_of_dates(parsed)
            df["month"] = D.month_in_quarter(parsed)
        elif rm.monthly and col == rm.monthly.column:
            parsed = D.parse_dates(s, rm.monthly.format, rm.timezone,
                                   f"register {rm.table!r} column {col!r}")
            bad = s.notna() & parsed.isna()
            if bad.any():
                problems.append(_listing(rm.table, col, "unparseable_date", s[bad], rm,
                                         parsed=int((s.notna() & ~bad).sum())))
                mark("quarter", bad)
                mark("month", bad)
            amb = ambiguous_dates(s, parsed, rm.monthly.format)
            if amb.any():
                problems.append(_listing(rm.table, col, "ambiguous_date", s[amb], rm,
                                         parsed=int((s.notna() & ~bad & ~amb).sum())))
                mark("quarter", amb)
                mark("month", amb)
                parsed = parsed.where(~amb)
            df = df.drop(columns=col)
            df["quarter"] = D.quarter_of_dates(parsed)
            df["month"] = D.month_in_quarter(parsed)
        elif col in rm.date_formats:  # ids27: a list of formats, the first that reads
            q, d, s = _read_formats(rm, col, s, problems, mark)
            if d is not None:
                dates[col] = d
            bad = s.notna() & q.isna()
            if bad.any():
                problems.append(_listing(rm.table, col, "unparseable_date", s[bad], rm,
                                         parsed=int((s.notna() & ~bad).sum())))
                mark(col, bad)
            if col in YEAR_OF_DATE:
                q = dates[col].dt.year.astype("Int64")
            df[col] = q
        elif col in rm.dates:
            q, d, amb = _read_format(rm, col, s, rm.dates[col])
            if d is not None:
                dates[col] = d
            if amb.any():  # user27: '20103' read with '%Y%m' as March 2010, silently
                problems.append(_listing(rm.table, col, "ambiguous_date", s[amb], rm,
                                         parsed=int(d.notna().sum())))
                mark(col, amb)
                s = s.where(~amb)  # listed as ambiguous, not again as unparseable
            bad = s.notna() & q.isna()
            if bad.any():
                problems.append(_listing(rm.table, col, "unparseable_date", s[bad], rm,
                                         parsed=int((s.notna() & ~bad).sum())))
                mark(col, bad)
            if d is not None and swapped_day_month(d, rm.dates[col]):  # user32
                read = s.notna() & q.notna()
                problems.append(_listing(rm.table, col, "day_month_swapped", s[read], rm,
                                         parsed=int(read.sum())))
                mark(col, read)
            if col in YEAR_OF_DATE:  # a birth date: its year (user27)
                q = dates[col].dt.year.astype("Int64")
            df[col] = q
        elif cs is not None and cs.kind == "id" and rm.person_ids == "text":
            text = s.astype("string").str.strip()  # numbered by number_person_ids
            sheet = text.str.fullmatch(_ID_SCIENTIFIC_SHEET.pattern).fillna(False)
            if sheet.any():  # user34: '3.58E+02' read as a pseudonym, another person
                problems.append(_listing(rm.table, col, "spreadsheet_number_id", s[sheet], rm))
                mark(col, sheet.to_numpy(dtype=bool))
                text = text.mask(sheet)
            df[col] = text.astype(object).where(text.notna() & (text != ""), None)
        elif cs is not None and cs.kind in ("id", "int", "quarter", "float") and col not in rm.codes:
            def number_text(r: RegisterMapping, x: pd.Series, kind: str = cs.kind
                            ) -> pd.Series:
                return _number_text(r, x, points=kind != "id")
            num = pd.to_numeric(_by_file(segs, s, number_text) if not
                                pd.api.types.is_numeric_dtype(s.dtype) else s,
                                errors="coerce")
            bad = s.notna() & num.isna()
            if cs.kind != "float":
                bad |= num.notna() & (num != num.round())
            if cs.kind == "id" and not pd.api.types.is_numeric_dtype(s.dtype):
                # user26: "12,000" (a thousands separator read as a decimal comma) and "1e3"
                # were read as the ids 12 and 1000, another person's, silently
                text = s.astype("string").str.strip()
                bad |= s.notna() & ~text.str.fullmatch(_ID_TEXT).fillna(False)
                # user32: '358,0' (a spreadsheet's whole number with a decimal comma) is 358
                # as '358.0' is; read so only when it reads as its digits (not 3580 under
                # `thousands: ','`)
                digits = pd.to_numeric(text.str.extract(r"^(\d+)", expand=False),
                                       errors="coerce")
                bad |= s.notna() & num.notna() & (num != digits).fillna(True)
            if bad.any():
                problem = "not_a_number" if cs.kind == "float" else "not_an_integer"
                problems.append(_listing(rm.table, col, problem, s[bad], rm))
                if cs.kind == "quarter" and _typed_dates(s):  # user51: named as dates
                    problems[-1]["typed_dates"] = True
                mark(col, bad)
            df[col] = num
    for col in df.columns:  # whole numbers that the register's integer type cannot hold
        cs = spec.get(col)
        if cs is not None and cs.kind == "id" and rm.person_ids == "text":
            # text pseudonyms are numbered later (number_person_ids), not read as numbers:
            # a hexadecimal pseudonym such as "91E50632554855" would read as 9.1e50632554856
            # (analyst20: 42 persons of 25,000 refused as out_of_range)
            continue
        if cs is not None and cs.kind in ("id", "int", "quarter"):
            info = np.iinfo(_int_dtype(col, cs.kind))
            num = pd.to_numeric(df[col], errors="coerce")
            out = (num.notna() & ((num < info.min) | (num > info.max))).to_numpy(dtype=bool)
            if out.any():
                problems.append(_listing(rm.table, col, "out_of_range", df[col][out], rm))
                mark(col, out)
    swap = swappable_reversed(rm, dates)
    if swap:
        df.attrs["swappable_reversed"] = swap
    return df, problems, reversed_in_quarter(dates)


def _day_first(fmt: str) -> bool:
    """Whether the strftime format ``fmt`` writes the day before the month (``%d`` before
    ``%m``)."""
    return "%d" in fmt and "%m" in fmt and fmt.index("%d") < fmt.index("%m")


def swappable_reversed(rm: RegisterMapping, dates: dict[str, pd.Series]) -> frozenset:
    """The row labels of spells whose end date precedes their start date, whose dates were
    read with a day-first format (``%d`` before ``%m``, under ``dates:``) and could be read
    month-first as well (every day and month 12 or less): US dates (``03/04/2011`` = 4 March)
    read day-first turn a spell around; only spells that the month-first reading puts in order
are counted. user35: the ``end_before_start`` error then only said
    "correct the spells' dates"; :func:`key_errors` names the possible swap for these rows.
    An empty frozenset when a date column is missing or not read day-first."""
    if "start_quarter" not in dates or "end_quarter" not in dates:
        return frozenset()
    fmts = [rm.date_formats.get(c) or (rm.dates.get(c, ""),)
            for c in ("start_quarter", "end_quarter")]
    if not all(_day_first(f[0]) for f in fmts):
        return frozenset()
    start = pd.to_datetime(dates["start_quarter"], errors="coerce")
    end = pd.to_datetime(dates["end_quarter"], errors="coerce")
    both = ((start.dt.day <= 12) & (end.dt.day <= 12)).fillna(False)  # months are <= 12
    bad = (end < start).fillna(False) & both
    if not bad.any():
        return frozenset()

    def swapped(d: pd.Series) -> pd.Series:
        return pd.to_datetime(pd.DataFrame({"year": d.dt.year, "month": d.dt.day,
                                            "day": d.dt.month}), errors="coerce")
    bad &= (swapped(end[bad]) >= swapped(start[bad])).reindex(bad.index, fill_value=False)
    return frozenset(bad[bad].index.tolist())


def _file_segments(rm: RegisterMapping, parts: list[tuple[str, int]] | None
                   ) -> list[tuple[slice, RegisterMapping]]:
    """The rows of each file of a register's list (``parts``: file name and rows, in the
    order joined) with the register read as that file (:meth:`RegisterMapping.of_file`), when
    a file gives options of how values are read (:data:`~mia_helpers.adapters.mapping.
    VALUE_READ`: ``decimal``, ``thousands``, ``true_values``, ``false_values``; user29), so
    that each file's numbers and booleans are read by its own options; else one segment, all
    rows with ``rm``. (``na_values`` and ``keep_default_na`` apply when the file is read.)"""
    own = {"decimal", "thousands", "true_values", "false_values"}
    if not (rm.files and parts and any(set(rm.file_read.get(f, {})) & own for f, _ in parts)):
        return [(slice(None), rm)]
    bounds = np.cumsum([0] + [n for _, n in parts])
    return [(slice(int(a), int(b)), rm.of_file(f))
            for (f, _), a, b in zip(parts, bounds[:-1], bounds[1:], strict=True)]


def _by_file(segs: list[tuple[slice, RegisterMapping]], s: pd.Series,
             how: Callable[[RegisterMapping, pd.Series], pd.Series]) -> pd.Series:
    """``how`` applied to the rows of each file segment of ``s`` (:func:`_file_segments`)
    with that file's mapping, the results joined in order."""
    if len(segs) == 1:
        return how(segs[0][1], s)
    return pd.concat([how(r, s.iloc[sl]) for sl, r in segs])


def _number_text(rm: RegisterMapping, s: pd.Series, points: bool = True) -> pd.Series:
    """The text of numbers (trimmed) as :func:`pandas.to_numeric` reads it, by the register's
    ``read:`` options (CSV is read as text, so pandas applies none of them): without
    ``decimal``, a decimal comma is read as a point (``0,5``); ``decimal: ','`` reads the comma
    as the point and ``decimal: '.'`` only the point (``0,5`` is then not a number, listed);
    ``thousands`` removes its separator first (``thousands: '.', decimal: ','`` reads
    ``1.000,5`` as 1000.5). user28: ``thousands: ','`` was ignored and ``1,500`` read as 1.5.
    user29: ``decimal: ','`` (given) read a point as a decimal point too, so ``1.000`` (one
    thousand, with a thousands point) was 1.0; now, unless ``points`` is False (person ids,
    whose ``123.0`` is a spelling of 123), a point is then no number (listed): give
    ``thousands: '.'``, or a file from a system writing points its own ``decimal: '.'``."""
    text = s.astype("string").str.strip()
    thousands, decimal = rm.read.get("thousands"), rm.read.get("decimal")
    if thousands:
        text = text.str.replace(str(thousands), "", regex=False)
    if points and decimal is not None and decimal != "." and thousands != ".":
        text = text.mask(text.str.contains(".", regex=False).fillna(False))
    if decimal is None and thousands != ",":
        decimal = ","
    if decimal and decimal != ".":
        text = text.str.replace(str(decimal), ".", regex=False)
    return text


def _read_format(rm: RegisterMapping, col: str, s: pd.Series, fmt: str
                 ) -> tuple[pd.Series, pd.Series | None, pd.Series]:
    """Read the source values ``s`` of date column ``col`` with one format: their quarter
    indices, their dates (None for a quarter format) and the values the format reads only
    ambiguously (:func:`ambiguous_dates`; not read: missing in the quarters and dates)."""
    none = pd.Series(False, index=s.index)
    if fmt == QUARTER_LABEL:
        return D.quarter_of_labels(s), None, none
    if QUARTER_DIRECTIVE in fmt:
        return D.quarter_of_pattern(s, fmt), None, none
    if fmt == QUARTER_INDEX:
        q = pd.to_numeric(s, errors="coerce").astype("Float64")
        return q.where(q == q.round()), None, none  # Int16 in _cast, after the range test
    if fmt == EXCEL_DAYS:
        d = excel_days(s)
        return D.quarter_of_dates(d), d, none
    d = D.parse_dates(s, fmt, rm.timezone, f"register {rm.table!r} column {col!r}")
    amb = ambiguous_dates(s, d, fmt)
    d = d.where(~amb)
    return D.quarter_of_dates(d), d, amb


def _first_reading(val: np.ndarray) -> tuple[np.ndarray, ...]:
    """Which of several formats' readings a value takes, from ``val`` (n values x k formats,
    float, NaN where a format does not read the value): ``got`` (n x k, read),
    ``anyg`` (read by some format), ``conflict`` (two formats read it differently),
    ``first`` (index of the first format that reads it) and ``use`` (read, without a
    conflict), as :func:`_read_formats` and :func:`_read_month_formats` apply them."""
    got = ~np.isnan(val)
    anyg = got.any(axis=1)
    with np.errstate(invalid="ignore"):
        lo = np.min(np.where(got, val, np.inf), axis=1)
        hi = np.max(np.where(got, val, -np.inf), axis=1)
    conflict = anyg & (lo != hi)
    return got, anyg, conflict, np.argmax(got, axis=1), anyg & ~conflict


def _read_formats(rm: RegisterMapping, col: str, s: pd.Series, problems: list, mark
                  ) -> tuple[pd.Series, pd.Series | None, pd.Series]:
    """Read date column ``col`` with its list of formats (``rm.date_formats``, ids27): each
    value by the first format that reads it. A value that two formats read as different
    quarters (a birth date: years) is listed as ``ambiguous_formats``, one that a format
    reads only ambiguously and no other reads as ``ambiguous_date``; neither is read. Returns
    the quarters, the dates (None when no format gives dates; NaT where a quarter format read
    the value) and ``s`` without the listed values (the rest that no format read is then
    unparseable)."""
    fmts = rm.date_formats[col]
    reads = [_read_format(rm, col, s, f) for f in fmts]
    year = col in YEAR_OF_DATE
    val = np.column_stack([
        (d.dt.year if year else q).to_numpy(dtype="float64", na_value=np.nan)
        if (d is not None or not year) else np.full(len(s), np.nan) for q, d, _ in reads])
    got, anyg, conflict, first, use = _first_reading(val)
    qv = np.column_stack([q.to_numpy(dtype="float64", na_value=np.nan) for q, _, _ in reads])
    q = pd.Series(np.where(use, qv[np.arange(len(s)), first], np.nan), index=s.index)
    q = q.astype("Float64").round()
    d = None
    if any(x is not None for _, x, _ in reads):
        d = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
        for i, (_, di, _) in enumerate(reads):
            if di is not None:
                pick = use & (first == i)
                d[pick] = di[pick].dt.tz_localize(None) if getattr(di.dt, "tz", None) \
                    else di[pick]
    if conflict.any():
        shown = s[conflict]
        readings = {v: "; ".join(
            f"{f!r}: " + (str(int(val[i, k])) if year else _label(int(val[i, k])))
            for k, f in enumerate(fmts) if got[i, k])
            for i, v in zip(np.flatnonzero(conflict), shown, strict=True)}
        listing = _listing(rm.table, col, "ambiguous_formats", shown, rm,
                           parsed=int(use.sum()))
        listing["readings"] = [readings.get(v, "") for v in listing.value]
        problems.append(listing)
        mark(col, conflict)
    for i, (f, (_, di, _)) in enumerate(zip(fmts, reads, strict=True)):
        took = use & (first == i)  # user32: the values this format read, day for month?
        if di is not None and took.any() and swapped_day_month(di[took], f):
            listing = _listing(rm.table, col, "day_month_swapped", s[took], rm,
                               parsed=int(took.sum()))
            listing["format"] = f
            problems.append(listing)
            mark(col, took)
    amb = np.zeros(len(s), dtype=bool)
    for _, _, a in reads:
        amb |= a.to_numpy(dtype=bool)
    amb &= ~anyg
    if amb.any():
        problems.append(_listing(rm.table, col, "ambiguous_date", s[amb], rm,
                                 parsed=int(use.sum())))
        mark(col, amb)
    return q, d, s.where(~(conflict | amb))


def _read_month_formats(rm: RegisterMapping, col: str, s: pd.Series, problems: list,
                        mark: object) -> pd.Series:
    """Read the month column ``col`` of a ``monthly`` file with its list of formats
    (``monthly: {format: ['%Y%m', '%Y-%m']}``, user28): each value by the first format that
    reads it. A value two formats read as different months is listed as
    ``ambiguous_formats``, one a format reads only ambiguously (:func:`ambiguous_dates`) and
    no other reads as ``ambiguous_date``, one no format reads as ``unparseable_date``; none of
    them is read (``mark``-ed in ``quarter`` and ``month``). Returns the dates (NaT where not
    read)."""
    fmts = rm.monthly.formats
    where = f"register {rm.table!r} column {col!r}"
    reads, ambs = [], []
    for f in fmts:
        d = D.parse_dates(s, f, rm.timezone, where)
        a = ambiguous_dates(s, d, f)
        # a month in a year outside 1900..2100 is no reading ('122012' with '%Y%m' is
        # December 1220), as in guess_date_formats: else '%Y%m' beside '%m%Y' refused every
        # '%m%Y' value as read two ways; a value no format reads plausibly is listed
        reads.append(d.where(~a & d.dt.year.between(1900, 2100)))
        ambs.append(a.to_numpy(dtype=bool))
    val = np.column_stack([(d.dt.year * 12 + d.dt.month - 1).to_numpy(dtype="float64",
                                                                      na_value=np.nan)
                           for d in reads])
    got, anyg, conflict, first, use = _first_reading(val)
    parsed = pd.Series(pd.NaT, index=s.index, dtype="datetime64[ns]")
    for i, d in enumerate(reads):
        pick = use & (first == i)
        if pick.any():
            parsed[pick] = d[pick].astype("datetime64[ns]")
    amb = np.logical_or.reduce(ambs) & ~anyg
    bad = s.notna().to_numpy() & ~anyg & ~amb

    def month(v: float) -> str:
        return f"{int(v) // 12}-{int(v) % 12 + 1:02d}"
    for kind, rows in (("ambiguous_formats", conflict), ("ambiguous_date", amb),
                       ("unparseable_date", bad)):
        if not rows.any():
            continue
        listing = _listing(rm.table, col, kind, s[rows], rm, parsed=int(use.sum()))
        if kind == "ambiguous_formats":
            readings = {v: "; ".join(f"{f!r}: {month(val[i, k])}" for k, f in enumerate(fmts)
                                     if got[i, k])
                        for i, v in zip(np.flatnonzero(rows), s[rows], strict=True)}
            listing["readings"] = [readings.get(v, "") for v in listing.value]
        problems.append(listing)
        mark("quarter", rows)
        mark("month", rows)
    return parsed


def same_start_other_end(measures: pd.DataFrame) -> int:
    """Measure rows that share person, measure and start quarter with a row of another end
    quarter (a spell delivered again with a corrected end, say). The panel build keeps the
    longest of them (one still running counts as longest) and drops the others as
    ``overlapping_measure``; ``adapt`` counts them so that the analyst can keep the right
    one in the raw file where it is not the longest. Exact repeats (``duplicate_measure``) are not
    counted here. Returns the number of such rows (every row of each such group)."""
    key = ["person_id", "measure", "start_quarter"]
    spells = measures[[*key, "end_quarter"]].drop_duplicates()
    return int(spells.duplicated(key, keep=False).sum())


def reversed_in_quarter(dates: dict[str, pd.Series]) -> int:
    """Spells whose end date precedes their start date but falls in the same quarter: their
    quarters pass the ``end_before_start`` rule (a one-quarter spell), so they are adapted,
    and only counted here (``adapt_log.csv`` column ``reversed_in_quarter``; ``adapt``
    prints them). ``dates``: the parsed ``start_quarter`` and ``end_quarter`` dates of a
    register (0 when either is not a date)."""
    if "start_quarter" not in dates or "end_quarter" not in dates:
        return 0
    start, end = dates["start_quarter"], dates["end_quarter"]
    same = D.quarter_of_dates(start) == D.quarter_of_dates(end)
    return int((same.fillna(False) & (end < start).fillna(False)).sum())


def number_person_ids(prepared: dict[str, pd.DataFrame], labels: list | None = None) -> int:
    """Replace text person ids (mapping ``person_ids: text``) by whole numbers, in place: the
    distinct ids of all registers, sorted as text, are numbered 1, 2, ... so that one
    pseudonym has one number in every register (a person of an event register who is not in
    ``persons`` keeps being an orphan, counted by the panel build). Missing ids stay missing
    (the validation reports them). Returns the number of distinct ids; ``labels`` (a list)
    receives the pseudonyms in number order (number ``k`` is ``labels[k - 1]``)."""
    ids = pd.concat([df["person_id"] for df in prepared.values()], ignore_index=True).dropna()
    uniq = np.sort(ids.astype(str).unique())
    if labels is not None:
        labels.extend(uniq.tolist())
    for df in prepared.values():
        codes_ = pd.Index(uniq).get_indexer(df["person_id"].astype(object))
        df["person_id"] = pd.array(np.where(codes_ >= 0, codes_ + 1, 0), dtype="Int64")
        df.loc[codes_ < 0, "person_id"] = pd.NA
    return len(uniq)


def _int_dtype(col: str, kind: str) -> str:
    """The integer dtype the generator writes for a column of kind id, int or quarter."""
    if kind == "id":
        return "int64"
    return INT_DTYPES.get(col, "int16" if kind == "quarter" else "int64")


def _cast(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """Step 7: the dtypes the generator writes; columns in schema order; rows in key order."""
    return _cast_rows(table, df)[0]


def _cast_rows(table: str, df: pd.DataFrame) -> tuple[pd.DataFrame, np.ndarray]:
    """:func:`_cast`, and the index label of ``df`` (the raw file's record, for a register
    read row for row) of each row of the result (user29: to name the file and line of an
    example of a broken rule)."""
    res = _cast_columns(table, df).sort_values(SORT_KEYS[table], kind="stable")
    return res.reset_index(drop=True), res.index.to_numpy()


def _example_lines(err: schemas.RegisterError, rm: RegisterMapping, source_dir: Path,
                   parts: list[tuple[str, int]], rows: np.ndarray,
                   cache: dict[str, np.ndarray]) -> schemas.RegisterError:
    """``err`` with a column ``where`` in its examples naming the raw file and line of each
    example row (``rows``: the raw record of each register row, :func:`_cast_rows`; a Parquet
    file's row), as a listed value names them (user29: a person-quarter delivered twice was
    shown as ``person_id 2, quarter 9``, to be searched for in the files), its quarter
    columns written as labels (``2017Q1``, not the index 48; newuser30). ``err`` is
    returned unchanged when its examples are not register rows."""
    ex = err.examples
    if not isinstance(ex, pd.DataFrame) or ex.empty or "person_id" not in ex             or not pd.api.types.is_integer_dtype(ex.index) or ex.index.min() < 0             or ex.index.max() >= len(rows) or "where" in ex:
        return err
    bounds = np.cumsum([0] + [n for _, n in parts])
    said = []
    for r in rows[ex.index.to_numpy()]:
        k = int(np.searchsorted(bounds, r, side="right") - 1)
        name, first = parts[k][0], int(r - bounds[k])
        if rm.format == "csv":
            if name not in cache:
                cache[name] = _record_lines(rm.of_file(name) if rm.files else rm,
                                            source_dir / name)
            said.append(f"{name} line {int(cache[name][first])}" if first < len(cache[name])
                        else f"{name} record {first + 1}")
        else:
            said.append(f"{name} row {first + 1}")
    shown = ex.assign(where=said)
    for col, cs in SPECS.get(err.table, {}).items():
        # newuser30: a quarter index (48) is in no raw file; its label (2017Q1) reads as
        # the file's date or quarter does
        if cs.kind == "quarter" and col in shown:
            v = pd.to_numeric(shown[col], errors="coerce")
            shown[col] = [to_label(int(x)) if pd.notna(x) else None for x in v]
    return schemas.RegisterError(err.table, err.rule, err.count, shown,
                                 err.detail, file=err.file)


def _cast_columns(table: str, df: pd.DataFrame) -> pd.DataFrame:
    """:func:`_cast` without the sort: ``df``'s rows and index kept."""
    out = {}
    for col, cs in SPECS[table].items():
        s = df[col]
        if cs.kind == "code":
            out[col] = pd.Categorical(s.astype(object).where(s.notna(), None), categories=list(cs.codes))
        elif cs.kind in ("id", "int", "quarter"):
            dtype = _int_dtype(col, cs.kind)
            if pd.api.types.is_integer_dtype(s.dtype):
                nullable = s.astype(dtype.capitalize())
            else:  # float or object holding whole numbers (checked in _prepare)
                nullable = pd.Series(pd.array(s, dtype="Float64"), index=df.index)
                nullable = nullable.astype(dtype.capitalize())
            if cs.nullable or nullable.isna().any():
                out[col] = nullable  # nulls in a non-nullable column: validation reports them
            else:
                out[col] = nullable.astype(dtype)
        elif cs.kind == "float":
            out[col] = pd.to_numeric(s).astype("float64")
        elif cs.kind == "bool":
            b = pd.array(s.astype(object).where(s.notna(), None), dtype="boolean")
            out[col] = b if (cs.nullable or pd.isna(b).any()) else b.astype(bool)
        else:  # pragma: no cover - every kind is handled above
            raise AssertionError(cs.kind)
    return pd.DataFrame(out, index=df.index)


#: the columns each key rule of :func:`key_errors` reads, by register
KEY_COLUMNS = {"persons": ["person_id"], "ksz_positions": ["person_id", "quarter"],
               "vdab_registrations": ["person_id", "start_quarter", "end_quarter"],
               "vdab_measures": ["person_id", "start_quarter", "end_quarter"]}


def partial_register(table: str, rm: RegisterMapping, df: pd.DataFrame,
                     unread: dict[str, np.ndarray]
                     ) -> tuple[pd.DataFrame, pd.DataFrame] | None:
    """A register with problems (unmapped codes, unparseable dates, missing source columns)
    cast so that its rules can be checked on the values that were read (user27: such a
    register got no rule or key check in the run that listed its values, so a second run
    revealed new problems). Returns the cast rows (a ``monthly`` file's month rows, not
    collapsed) and a boolean frame of the cells not read (``unread``, a column missing from
    the file: every row), which are set missing; None when it cannot be cast."""
    df = df.copy()
    n = len(df)
    flags = {}
    for col in SPECS[table]:
        if col in rm.constants:
            df[col] = rm.constants[col]
            flags[col] = np.zeros(n, dtype=bool)
        elif col not in df:
            df[col] = None
            flags[col] = np.ones(n, dtype=bool)
        else:
            flags[col] = np.asarray(unread.get(col, np.zeros(n, dtype=bool)), dtype=bool)
            if flags[col].any():
                df[col] = df[col].astype(object).where(~flags[col], None)
    try:
        cast = _cast_columns(table, df)
    except (ValueError, TypeError, OverflowError):  # pragma: no cover - defensive
        return None  # the caller notes that the register's rules were not checked
    return cast, pd.DataFrame(flags, index=cast.index)


def partial_key_errors(table: str, rm: RegisterMapping, df: pd.DataFrame,
                       flags: pd.DataFrame, file: Path | None,
                       absent: set[str] | frozenset[str] = frozenset(),
                       swappable: frozenset = frozenset()
                       ) -> tuple[list[schemas.RegisterError], str]:
    """The key rules (:func:`key_errors`) of a register with problems, checked on the rows
    whose key columns (:data:`KEY_COLUMNS`) were read and are not empty, each error saying
    how many rows it was checked on and how many were left out. ``swappable``: the row labels
    of reversed spells that may be US dates read day-first (:func:`swappable_reversed`),
    named in the ``end_before_start`` error as :func:`key_errors` names them (fix36: the
    hint was missing here). Also returns a note for the message when rows were left out and
    no key rule is broken ("" otherwise)."""
    cols = KEY_COLUMNS.get(table)
    if not cols or (rm.monthly is not None and table == "ksz_positions"):
        return [], ""  # no key rule, or person-months (checked by duplicate_months)
    gone = [c for c in cols if c in absent]
    if gone:  # user28b: "checked on the 0 of N rows" said nothing of why
        src = ", ".join(f"{c!r} (source column "
                        + ", ".join(repr(x) for x, t in rm.columns.items() if t == c) + ")"
                        for c in gone)
        return [], (f"note: register {table!r}: its key rules ({', '.join(cols)}) could not "
                    f"be checked because {src} is missing from the file (listed above); they "
                    "will be once the column is there")
    ok = ~flags[cols].any(axis=1).to_numpy() & df[cols[:2]].notna().all(axis=1).to_numpy()
    left = int((~ok).sum())
    where = (f"checked on the {int(ok.sum())} of {counted(df, 'row')} whose "
             f"{', '.join(cols)} could be read and are not empty ({counted(left, 'row')} left "
             "out: their values are "
             "listed as problems)")
    out = [schemas.RegisterError(e.table, e.rule, e.count, e.examples,
                                 e.detail + (f"; {where}" if left else ""), file=e.file)
           for e in key_errors(table, df[ok], file, swappable)]
    note = (f"note: register {table!r}: key rules {where}; none broken there"
            if left and not out else "")
    return out, note


def persons_not_in_persons(registers: dict[str, pd.DataFrame], labels: list | None = None,
                           examples: int = 5) -> pd.DataFrame:
    """Rows of the event registers whose person is not in ``persons`` (the panel build
    excludes them as ``orphan_id``): one row per register with such rows: table, rows,
    persons and up to ``examples`` example ids (the pseudonymised ids as the raw files write
    them; with ``person_ids: text`` the pseudonyms, ``labels``). The ids are for the analyst
    inside the secure environment; they are never to be exported."""
    cols = ["table", "rows", "persons", "example_ids"]
    p = registers.get("persons")
    if p is None or "person_id" not in p:
        return pd.DataFrame(columns=cols)
    known = pd.Index(p["person_id"].dropna().unique())
    out = []
    for table, df in registers.items():
        if table == "persons" or "person_id" not in df or not len(df):
            continue
        ids = df["person_id"].dropna()
        miss = ids[~ids.isin(known)]
        if len(miss):
            uniq = np.sort(miss.unique())[:examples]
            shown = [labels[int(i) - 1] if labels else str(int(i)) for i in uniq]
            out.append(dict(table=table, rows=len(miss), persons=int(miss.nunique()),
                            example_ids=", ".join(shown)))
    return pd.DataFrame(out, columns=cols)


def leading_zero_errors(registers: dict[str, pd.DataFrame], labels: list,
                        mapping: Mapping) -> list[schemas.RegisterError]:
    """With ``person_ids: text``: an error for each event register whose ids are not in
    persons as written but are up to leading zeros or a trailing ``.0`` (``00000001`` in
    persons, ``1`` in a Parquet file of integers, ``1.0`` in one of floats). user27: every such row became a person missing from persons,
    excluded by the panel as ``orphan_id``; read as numbers (without ``person_ids: text``)
    they are the same person."""
    lab = np.asarray(labels, dtype=object)
    persons = registers["persons"]["person_id"].dropna().astype("int64").to_numpy()
    written = set(lab[persons - 1].tolist())
    twin_of = {_id_stripped(w): w for w in written}  # a spelling in persons, per stripped id
    out = []
    for table, df in registers.items():
        if table == "persons" or "person_id" not in df or not len(df):
            continue
        ids = lab[df["person_id"].dropna().astype("int64").to_numpy() - 1]
        uniq = pd.unique(ids)  # each spelling judged once, then mapped back to the rows
        bad = {x for x in uniq if x not in written and _id_stripped(x) in twin_of}
        miss = pd.Series(ids).isin(bad).to_numpy() if bad else np.zeros(len(ids), dtype=bool)
        if miss.any():
            rm = mapping.registers[table]
            ex = sorted(bad)[:5]
            twins = [twin_of[_id_stripped(x)] for x in ex]
            out.append(schemas.RegisterError(
                table, "person_id_leading_zeros", int(miss.sum()),
                pd.DataFrame({"id_in_register": ex, "id_in_persons": twins}),
                f"{int(miss.sum())} of {counted(ids, 'row')} "
                f"{'has' if int(miss.sum()) == 1 else 'have'} a person id that is in persons "
                "only with other leading zeros (or without a trailing '.0'); read as text (`person_ids: text`) they are "
                "other persons, whose rows the panel would drop as orphan_id; what to do: if "
                "the ids are numbers, remove `person_ids: text` from the mapping (ids are then "
                "read as numbers, '00000001' = 1); if they are text pseudonyms, ask the data "
                "owner for one spelling in every register",
                file=mapping.source_dir / rm.file if rm.file else None))
    return out


#: a person id as the id check accepts it (whole number, optionally written with ``.0``)
#: a person id read as a number, as written: digits, maybe with ``.0`` or ``,0`` (user32)
_ID_TEXT = r"\d+([.,]0)?"
#: a whole number as a spreadsheet writes it once it stored the id column as numbers (one
#: or two decimal zeros: ``12,000`` may be twelve thousand, :data:`_ID_THOUSANDS`)
_ID_DECIMAL = re.compile(r"\d+[.,]00?")
#: a whole number written with thousands separators (``12,000``, ``1.234.567``)
_ID_THOUSANDS = re.compile(r"[1-9]\d{0,2}(?:[.,]\d{3})+")
#: a number in a spreadsheet's scientific notation (``3.58E+02``, ``1e3``)
_ID_SCIENTIFIC = re.compile(r"\d+(?:[.,]\d*)?[eE][+-]?\d+")
#: the same as only a spreadsheet writes it (a decimal separator and a signed exponent):
#: refused under ``person_ids: text`` too, where ``91E50632554855`` may be a hexadecimal
#: pseudonym
_ID_SCIENTIFIC_SHEET = re.compile(r"\d[.,]\d+[eE][+-]\d+")


def id_remedy(value: object) -> str:
    """The specific remedy for a person id a spreadsheet wrote as a number, else ``""``.

    ``value``: one id as written in the raw file (text; trimmed here). A whole number with a
    decimal part of zeros (``"358,0"``, ``"358.0"``, ``"358.00"``), with thousands
    separators (``"12,000"``) or in scientific notation (``"3.58E+02"``, ``"1e3"``) tells that the id column passed through a
    spreadsheet that stored it as numbers: leading zeros are then gone, and an id of more
    than 15 digits has lost its last ones (scientific notation shows fewer still), so the
    ids cannot be trusted as they stand. user34: such ids were told to "correct the values
    in the raw file" or to set ``person_ids: text``, which makes ``358.0`` another person
    than ``358``. The text names the value, what happened and :data:`ID_AS_TEXT`; used in
    the messages of refused ids (``not_an_integer``, ``spreadsheet_number_id``) and in the
    notes on ids read as numbers (:func:`id_spelling_problems`).
    """
    text = str(value).strip()
    if _ID_SCIENTIFIC.fullmatch(text):
        return (f"{text!r} is a person id in a spreadsheet's scientific notation: the id "
                "column was saved as numbers, which keeps 15 significant digits at most and "
                "shows fewer, so the id cannot be read back (another person may have the "
                f"same rounded number); what to do: {ID_AS_TEXT}")
    if _ID_THOUSANDS.fullmatch(text):
        return (f"{text!r} is a person id written as a spreadsheet writes a number with a "
                "thousands separator (or three decimals): the id column was saved as "
                "numbers, which drops leading zeros and the digits of an id beyond the "
                f"15th; what to do: {ID_AS_TEXT}")
    if _ID_DECIMAL.fullmatch(text):
        return (f"{text!r} is a person id as a spreadsheet writes a whole number: the id "
                "column was saved as numbers, which drops leading zeros and the digits of "
                f"an id beyond the 15th; what to do: {ID_AS_TEXT}")
    return ""


def id_spellings(rm: RegisterMapping, raw: pd.DataFrame) -> pd.Series | None:
    """The person ids of a raw file as written (trimmed text, aligned with ``raw``'s rows),
    when they are read as numbers (no ``person_ids: text``), else None. Values the id
    check refuses are missing here (they are listed as ``not_an_integer``). Ids typed as
    numbers (a Parquet column of integers) are written as their digits (categorical), so
    that ``'0123'`` in another register's CSV is noted as another spelling of ``123``
    (user28)."""
    src = next((s for s, c in rm.columns.items() if c == "person_id"), None)
    if rm.person_ids == "text" or src is None or src not in raw:
        return None
    if pd.api.types.is_numeric_dtype(raw[src].dtype) and not pd.api.types.is_bool_dtype(
            raw[src].dtype):
        # user28: a Parquet file of integer ids has one spelling per number, its digits;
        # returned so that '0123' in another register's CSV is noted as a spelling of 123
        num = pd.to_numeric(raw[src], errors="coerce")
        num = num.where(num.notna() & (num == num.round()) & (num >= 0) & (num < 2 ** 63))
        codes_, uniques = pd.factorize(num, use_na_sentinel=True)  # each number once
        cats = pd.Index(uniques).astype("int64").astype(str) if len(uniques) else \
            pd.Index([], dtype=object)
        return pd.Series(pd.Categorical.from_codes(codes_, categories=cats), index=raw.index)
    text = raw[src].astype("string").str.strip()
    ok = text.str.fullmatch(_ID_TEXT).fillna(False)
    if text.str.contains(",", regex=False).fillna(False).any():  # user32: '358,0' is 358
        # only where the id check reads it so (not under `thousands: ','` or `decimal: '.'`)
        num = pd.to_numeric(_number_text(rm, text, points=False), errors="coerce")
        digits = pd.to_numeric(text.str.extract(r"^(\d+)", expand=False), errors="coerce")
        ok &= (num == digits).fillna(False)
    return text.where(ok)


def _id_stripped(text: str) -> str:
    """A person id as written without leading zeros and a trailing ``.0`` or ``,0``
    (``'00000001'``, ``'1.0'``, ``'1,0'`` -> ``'1'``): the one normalisation of the id-spelling checks
    (:func:`leading_zero_errors` with ``person_ids: text``, :func:`id_spelling_problems`
    without)."""
    return re.sub(r"[.,]0+$", "", text).lstrip("0") or "0"


def _id_number(text: str) -> int:
    return int(_id_stripped(text))


#: the remedy of a spelling note whose ids include one a spreadsheet wrote (user34)
_SEE_SHEET_NOTE = ("see the note on person ids written as a spreadsheet writes whole numbers "
                   "(export the id column again as text)")
#: the key (besides the person) that two spellings of one id merge, by register
_SPELLING_KEYS = {"persons": [], "ksz_positions": ["quarter"]}


def id_spelling_problems(written: dict[str, pd.Series], prepared: dict[str, pd.DataFrame],
                         mapping: Mapping) -> tuple[list[schemas.RegisterError], list[str]]:
    """Person ids that differ only by leading zeros or a trailing ``.0`` (``'0123'``,
    ``'123'``, ``'123.0'``), read as one number without ``person_ids: text`` (ids35).

    ``written``: per register, the ids as written (:func:`id_spellings`); ``prepared``: the
    registers read (same rows). Returns an error (``person_id_spellings``) per register in
    which two spellings of one number make rows share a key they would not share as text
    (two persons rows; one KSZ person-quarter, or person-month of a ``monthly`` file), and
    notes (counted, naming the register, source column and an example pair) for the other
    spellings within a register and for spellings that differ between registers: nothing
    is merged without a word. The remedy: ``person_ids: text`` if the zeros are significant;
    otherwise nothing to do (they are one person). Ids written as a spreadsheet writes whole
    numbers (``'358.0'``, ``'358,0'``) get a note of their own per register, even when the
    register writes every id so, naming the raw file, the source column, the rows, the person
    the number is written as elsewhere and :func:`id_remedy` (export the id column again as
    text; user34); the errors naming such a spelling point to it, and the notes on other
    spellings leave such spellings out (fix36: one id '1,0' beside '1' gave three notes for
    one defect, two of which only pointed to the first)."""
    errors: list[schemas.RegisterError] = []
    notes: list[str] = []
    per: dict[str, pd.DataFrame] = {}  # register -> distinct (number, spelling, sheet)
    remedy = ("if the leading zeros are significant (pseudonyms of fixed width), set "
              "`person_ids: text` at the top of the mapping; otherwise nothing to do")
    for table, text in written.items():
        spell = text.dropna()
        if len(spell):
            rm = mapping.registers[table]
            uniq = pd.Series(spell.unique(), dtype=object)
            per[table] = pd.DataFrame({
                "spelling": uniq, "number": uniq.map(_id_number),
                "source": next(s for s, c in rm.columns.items() if c == "person_id"),
                "sheet": uniq.map(lambda x: bool(_ID_DECIMAL.fullmatch(x))).astype(bool)})
    # fix36: each number's spellings that no spreadsheet wrote, this register's first, for
    # the spreadsheet note to name the same person as written elsewhere
    plain_all = pd.concat([d[~d.sheet].assign(table=t) for t, d in per.items()],
                          ignore_index=True) if per else pd.DataFrame(
        columns=["spelling", "number", "source", "sheet", "table"])
    for table, pairs in per.items():
        text = written[table]
        rm = mapping.registers[table]
        src = pairs.source.iloc[0]
        number = text.map(dict(zip(pairs.spelling, pairs.number, strict=True)))  # by hash
        many = pairs[pairs.number.duplicated(keep=False)].sort_values(["number", "spelling"])
        sheet = pairs[pairs.sheet]
        if len(sheet):  # user34: ids a spreadsheet wrote as numbers ('358.0'), said so
            ex_sheet = sheet.sort_values(["number", "spelling"]).iloc[0]
            n_rows = int(text.isin(sheet.spelling).sum())
            twins = plain_all[plain_all.number == ex_sheet.number]
            twins = twins.assign(other=twins.table != table,
                                 zeros=twins.spelling != str(ex_sheet.number)).sort_values(
                ["other", "zeros", "spelling"], kind="stable")
            same = (f", the same person as {twins.spelling.iloc[0]!r} in "
                    f"{twins.table.iloc[0]!r}" if len(twins) else "")
            files = ", ".join(rm.files or ((rm.file,) if rm.file else ()))
            notes.append(f"note: person ids of register {table!r} ("
                         + (f"raw file {files}, " if files else "")
                         + f"source column {src!r}): "
                         f"{counted(sheet, 'id')} written as a spreadsheet writes whole "
                         f"numbers ({counted(n_rows, 'row')}), e.g. {ex_sheet.spelling!r}, read "
                         "as the number "
                         f"{ex_sheet.number}{same}; " + id_remedy(ex_sheet.spelling))
        if not len(many):
            continue
        here = (_SEE_SHEET_NOTE if many.sheet.any() else remedy)
        df = prepared[table]
        keys = _SPELLING_KEYS.get(table)
        if keys is not None and rm.monthly is not None:
            keys = ["quarter", "month"]
        if keys is not None and all(k in df for k in keys):
            few = number.isin(many.number).to_numpy()  # only numbers spelt several ways
            frame = df.loc[few, keys].assign(number=number[few], spelling=text[few]).dropna(
                subset=["number", *keys])
            n_spell = frame.groupby(["number", *keys], dropna=True).spelling.transform("nunique")
            merged = frame[n_spell > 1]
            if len(merged):
                first = merged.sort_values(["number", "spelling"]).iloc[0]
                twin = merged[(merged.number == first.number)
                              & (merged.spelling != first.spelling)].spelling.iloc[0]
                key = "person" if not keys else "person-" + "-".join(keys)
                errors.append(schemas.RegisterError(
                    table, "person_id_spellings", len(merged),
                    merged.sort_values(["number", "spelling"]).head(5).rename(
                        columns={"spelling": "id_as_written", "number": "person_id"}),
                    f"{counted(merged, 'row')} {'shares' if len(merged) == 1 else 'share'} a "
                    f"{key} key only because person ids "
                    f"spelt differently in source column {src!r} (e.g. {first.spelling!r} "
                    f"and {twin!r}) are read as one number; what to do: "
                    + (f"{remedy} (then they are other persons)" if here == remedy else
                       _SEE_SHEET_NOTE)
                    + f"; if they are one person, keep one row per {key} in the raw file",
                    file=mapping.source_dir / rm.file if rm.file else None))
                continue
        # fix36: spellings a spreadsheet wrote are the spreadsheet note's defect (its remedy
        # covers them); this note counts the numbers written otherwise in more than one way
        plain = many[~many.sheet]
        plain = plain[plain.number.duplicated(keep=False)]
        if not len(plain):
            continue
        ex = plain.groupby("number").spelling.apply(list).iloc[0]
        rows = int(text.isin(plain.spelling).sum())
        notes.append(f"note: register {table!r} (source column {src!r}): "
                     f"{counted(plain.number.nunique(), 'person id')} written in more than "
                     f"one way ({counted(rows, 'row')}), e.g. {' and '.join(map(repr, ex[:2]))}, "
                     "differing only "
                     "by leading zeros or '.0'; they are read as one number, one person; what "
                     "to do: " + remedy)
    if len(per) > 1:  # the same number written otherwise in another register
        # fix36: spellings a spreadsheet wrote are said in the spreadsheet note only
        allp = plain_all
        tables = allp.groupby("number").table.transform("nunique")
        # a spelling missing from another register that has the number
        alone = (allp.groupby(["number", "spelling"]).table.transform("nunique") < tables)
        across = allp[alone & (tables > 1)]
        if len(across):
            n = across.number.nunique()
            first = across.sort_values(["number", "table", "spelling"]).iloc[0]
            has = set(allp[(allp.number == first.number)
                           & (allp.spelling == first.spelling)].table)
            other = allp[(allp.number == first.number) & ~allp.table.isin(has)].iloc[0]
            notes.append(
                f"note: {counted(n, 'person id')} {'is' if n == 1 else 'are'} written "
                "differently in different registers, "
                "differing only by leading zeros or '.0' (e.g. "
                f"{first.spelling!r} in {first.table!r}, source column {first.source!r}, and "
                f"{other.spelling!r} in {other.table!r}, source column {other.source!r}); "
                "they are read as one number, one person; what to do: " + remedy)
    return errors, notes


def _with_source_ids(err: schemas.RegisterError, labels: list) -> schemas.RegisterError:
    """``err`` with the person ids of its examples written as the raw files write them (the
    pseudonyms of ``person_ids: text``, numbered by :func:`number_person_ids`)."""
    ex = err.examples
    if "person_id" not in ex or not len(ex) or err.rule == "person_id_leading_zeros":
        return err
    ids = pd.to_numeric(ex["person_id"], errors="coerce")
    shown = [labels[int(i) - 1] if pd.notna(i) and 0 < i <= len(labels) else None for i in ids]
    return schemas.RegisterError(err.table, err.rule, err.count,
                                 ex.assign(person_id=shown), err.detail, file=err.file,
                                 more=err.more)


def orphan_note(orphans: pd.DataFrame) -> str:
    """The printed note about persons of event registers missing from ``persons``
    (:func:`persons_not_in_persons`); "" when there are none."""
    if not len(orphans):
        return ""
    return ("note: person ids in event registers but not in persons (the panel build excludes "
            "their rows as orphan_id; adapt_log.csv, rows_not_in_persons): "
            + "; ".join(f"{r.table} {counted(r.rows, 'row')} of {counted(r.persons, 'person')}, "
                        "e.g. ids "
                        f"{r.example_ids}" for r in orphans.itertuples())
            + " (pseudonymised ids, shown for checking inside the secure environment only: "
            "never copy them into anything exported); what to do: ask the data owner whether "
            "persons is incomplete or the ids differ between registers (persons whose rows "
            "you removed from the raw persons file, e.g. for a code none of ours, are "
            "counted here: their other rows are kept and excluded as orphan_id; newuser30)")


def _key_problems(table: str, df: pd.DataFrame) -> list[tuple[str, pd.Series, list[str], str]]:
    """(rule, offending rows, sort columns, detail) of each panel error rule a register breaks."""
    out = []
    if table == "persons":
        dup = df["person_id"].duplicated(keep=False)
        exact = int(df.duplicated().sum())
        out.append(("duplicate_key", dup, ["person_id"],
                    f"person_id must be unique: "
                    f"{_agreeing(int(df.loc[dup, 'person_id'].nunique()), 'person', 'has', 'have')} "
                    f"several rows, {_agreeing(exact, 'row', 'repeats', 'repeat')} another row "
                    "exactly"))
    if table == "ksz_positions":
        key = ["person_id", "quarter"]
        dup = df.duplicated(key, keep=False)
        exact = int(df.duplicated().sum())
        # user26: exact repeats and two positions in one quarter need different remedies
        distinct = df[dup].drop_duplicates()
        conflict = distinct.duplicated(key, keep=False)
        differ = int(conflict.sum())
        # newuser30: "10 rows: 4 repeat, 3 differ" did not say how the rows were counted
        n_keys = len(df.loc[dup, key].drop_duplicates())
        n_conflict = len(distinct.loc[conflict, key].drop_duplicates())
        out.append(("duplicate_key", dup, key,
                    f"one position per person-quarter; the rows counted are all rows of "
                    f"the {counted(n_keys, 'person-quarter')} with several rows: "
                    f"{_agreeing(exact, 'row', 'repeats', 'repeat')} another row exactly (keep "
                    f"one of each), {_agreeing(differ, 'row', 'gives', 'give')} a "
                    f"person-quarter different values (in {counted(n_conflict, 'person-quarter')}; "
                    "several positions in one quarter: keep the one the "
                    "data owner's rule names, e.g. the main position, in the raw file)"))
    if table in ("vdab_registrations", "vdab_measures"):
        end, start = df["end_quarter"], df["start_quarter"]
        out.append(("end_before_start", (end.notna() & (end < start)).fillna(False),
                    ["person_id", "start_quarter"], "end quarter before start quarter"))
    if table == "vdab_registrations":
        s = df.sort_values(["person_id", "start_quarter", "end_quarter"], kind="stable")
        prev_end = s["end_quarter"].astype("Float64").fillna(32767).groupby(s["person_id"]).shift()
        over = (s["start_quarter"] <= prev_end).fillna(False).reindex(df.index)
        out.append(("overlapping_spells", over, ["person_id", "start_quarter"],
                    "a person cannot be in two registration spells at once"))
    return out


def check_keys(table: str, df: pd.DataFrame, file: Path | None = None) -> None:
    """Refuse an adapted register that breaks one of the panel build's error rules
    (:func:`mia_helpers.panel.clean_registers`: ``duplicate_key`` of persons and KSZ
    person-quarters, ``end_before_start`` of VDAB spells, ``overlapping_spells`` of VDAB
    registrations), over all its rows, before anything is written: otherwise the adapted
    folder would be complete and only the panel build (``--panel`` or the first chapter)
    would fail, without naming the raw file.

    Raises
    ------
    mia_helpers.schemas.RegisterError
        Naming the register, the raw ``file``, the rule, the number of offending rows (all of
        them; for ``overlapping_spells`` the later spell of each overlapping pair), up to five
        examples and what to do.
    """
    errors = key_errors(table, df, file)
    if errors:
        raise errors[0]


def key_errors(table: str, df: pd.DataFrame, file: Path | None = None,
               swappable: frozenset = frozenset()) -> list[schemas.RegisterError]:
    """Every error rule of :func:`check_keys` that ``df`` breaks, as one
    :class:`~mia_helpers.schemas.RegisterError` each (none: an empty list). ``swappable``:
    the row labels of reversed spells whose day-first dates may be US dates
    (:func:`swappable_reversed`), named in the ``end_before_start`` error."""
    out = []
    for rule, bad, order, detail in _key_problems(table, df):
        bad = pd.Series(bad, index=df.index).astype(bool)
        if bad.any():
            examples = df[bad].sort_values(order, kind="stable").head(5)
            n_swap = int(bad[bad].index.isin(list(swappable)).sum()) if swappable else 0
            if rule == "end_before_start" and n_swap:  # user35
                detail += swap_hint(n_swap)
            if rule == "overlapping_spells":  # user27: the later spells alone showed no overlap
                examples = _overlap_pairs(df, bad)
                detail += ("; the examples show each such spell (overlaps_earlier True) after "
                           "the person's earlier spell it overlaps")
            out.append(schemas.RegisterError(
                table, rule, int(bad.sum()), examples, f"{detail}; nothing was written",
                file=file))
    return out


def swap_hint(n_swap: int) -> str:
    """What the ``end_before_start`` error of :func:`key_errors` adds for ``n_swap`` (> 0)
    reversed spells whose day-first dates may be US dates (:func:`swappable_reversed`): the
    one wording of this remedy, whether the register's keys are checked whole or, on a
    register with other problems, on the rows read (:func:`partial_key_errors`; fix36).
    Starts with ``"; "``."""
    return (f"; {n_swap} of these spells {'has' if n_swap == 1 else 'have'} "
            "dates read day-first (the mapping's `dates:` "
            "format has %d before %m) whose days and months are all 12 or less: if the "
            "extract writes US dates (month first, 03/04/2011 = 4 March), day and month were "
            "swapped; then change the format to month-first (e.g. '%m/%d/%Y') instead of "
            "correcting the dates")


def _overlap_pairs(df: pd.DataFrame, later: pd.Series, persons: int = 2) -> pd.DataFrame:
    """The spells of the first ``persons`` persons with overlapping registrations, in start
    order, with ``overlaps_earlier`` marking the spells that start before an earlier one
    ended: the example of ``overlapping_spells`` shows both spells of each overlap."""
    who = df.loc[later, "person_id"].drop_duplicates().head(persons)
    rows = df[df.person_id.isin(who)].assign(overlaps_earlier=later[df.person_id.isin(who)])
    return rows.sort_values(["person_id", "start_quarter", "end_quarter"], kind="stable")


#: schema rules about rows (a row is dropped from the copy re-validated by
#: :func:`schema_errors` to find the next rule)
_ROW_RULES = ("implausible_value", "null_value", "unknown_code")


def _offending(table: str, df: pd.DataFrame, column: str, rule: str,
               window: object) -> np.ndarray:
    """The rows of ``df`` that break ``rule`` in ``column`` (as
    :func:`mia_helpers.schemas.validate_register` finds them)."""
    s = df[column]
    if rule == "null_value":
        return s.isna().to_numpy(dtype=bool)
    if rule == "unknown_code":
        codes_ = SPECS[table][column].codes or ()
        return (s.notna() & ~s.astype(object).isin(list(codes_))).to_numpy(dtype=bool)
    r = schemas.plausible_ranges(table, window).get(column)
    if r is None:
        return np.zeros(len(df), dtype=bool)
    values = s.to_numpy(dtype="float64", na_value=np.nan)
    if r.age_of is not None:
        values = BASE_YEAR + np.floor(values / 4) \
            - df[r.age_of].to_numpy(dtype="float64", na_value=np.nan)
    return ~np.isnan(values) & ((values < r.low) | (values > r.high))


def schema_errors(table: str, df: pd.DataFrame, window: object = None,
                  rounds: int = 12, unread: pd.DataFrame | None = None
                  ) -> list[schemas.RegisterError]:
    """Every schema rule of :func:`mia_helpers.schemas.validate_register` that ``df`` breaks,
    each counted over *all* rows of the register (user27; user26 left the rows of an earlier
    error out of the later ones' counts): the table rules (a missing column, a wrong type, an
    empty required register) are :func:`~mia_helpers.schemas.validate_register`'s; then every
    column is checked for ``null_value``, ``unknown_code`` and ``implausible_value`` on its own
    (an age, such as the school-leaving quarter's, only on rows whose birth year is plausible,
    said in the message). Whatever :func:`~mia_helpers.schemas.validate_register` still finds
    on the rows without any of these problems is added (at most ``rounds`` times).

    ``unread``: per column, the rows whose value could not be read (unmapped, unparseable;
    boolean frame with some of ``df``'s columns): those cells are not judged, and the
    message says on how many rows the column was checked."""
    try:
        validate_register(table, df, window)
        return []
    except schemas.RegisterError as err:
        if err.rule not in _ROW_RULES:
            return [err]  # a column missing or of another type: no row rule can be judged
    n = len(df)
    skip = {c: (unread[c].to_numpy(dtype=bool) if unread is not None and c in unread
                else np.zeros(n, dtype=bool)) for c in df.columns}
    errors: list[schemas.RegisterError] = []
    flagged = np.zeros(n, dtype=bool)

    def add(rule: str, col: str, bad: np.ndarray, detail: str) -> None:
        nonlocal flagged
        if not bad.any():
            return
        flagged |= bad
        if skip[col].any():
            detail += (f"; checked on the {int((~skip[col]).sum())} of {counted(n, 'row')} whose "
                       f"{col!r} could be read (the others are listed as unreadable values)")
        errors.append(schemas.RegisterError(table, rule, int(bad.sum()), df[bad].head(5),
                                            detail))

    for col, cs in SPECS[table].items():
        s = df[col]
        if not cs.nullable:
            add("null_value", col, s.isna().to_numpy(dtype=bool) & ~skip[col],
                f"column {col!r}")
        if cs.codes:
            bad = _offending(table, df, col, "unknown_code", window) & ~skip[col]
            add("unknown_code", col, bad,
                f"column {col!r}; valid codes: {', '.join(cs.codes)}")
    birth_bad = np.zeros(n, dtype=bool)
    for col, r in schemas.plausible_ranges(table, window).items():
        bad = _offending(table, df, col, "implausible_value", window) & ~skip[col]
        note = ""
        if r.age_of is not None:
            judged = ~(birth_bad | skip[r.age_of] | df[r.age_of].isna().to_numpy(dtype=bool))
            left = int((bad & ~judged).sum())
            bad &= judged
            if left:
                note = (f"; {counted(left, 'other row')} with an implausible or unread "
                        f"{r.age_of!r} "
                        "are not judged here")
        found = np.unique(df[col].to_numpy(dtype="float64", na_value=np.nan)[bad])
        quarter = SPECS[table][col].kind == "quarter"
        shown = ", ".join(f"{v:g}" + (f" ({_label(int(v))})" if quarter else "")
                          for v in found[:10])
        more = f" and {len(found) - 10} more" if len(found) > 10 else ""
        add("implausible_value", col, bad,
            f"column {col!r}: plausible values are {r.why}; found {shown}{more}{note}")
        if col == "birth_year":
            birth_bad = bad
    # the validator's own verdict on the rows without any problem found above (a guard: a
    # rule it has that the checks above do not know is still listed)
    rest = ~flagged & ~np.column_stack([m for m in skip.values()] or
                                       [np.zeros(n, dtype=bool)]).any(axis=1)
    cur = df[rest]
    for _ in range(rounds if len(cur) else 0):
        try:
            validate_register(table, cur, window)
            break
        except schemas.RegisterError as err:
            if any(e.rule == err.rule and e.detail.split(";")[0] == err.detail.split(";")[0]
                   for e in errors):
                break  # pragma: no cover - the checks above found every such row
            errors.append(schemas.RegisterError(
                err.table, err.rule, err.count, err.examples,
                f"{err.detail}; counted among the rows without the problems listed before "
                "it", file=err.file))
            col = re.match(r"column '(\w+)'", err.detail or "")
            if err.rule not in _ROW_RULES or col is None or col.group(1) not in cur:
                break
            bad = _offending(table, cur, col.group(1), err.rule, window)
            if not bad.any() or bad.all():
                break
            cur = cur[~bad]
    return errors


def _label(q: int) -> str:
    """The label of quarter index ``q`` (``2011Q3``)."""
    from mia_helpers.quarters import to_label

    return to_label(q)


def _raise_all(errors: list[schemas.RegisterError]) -> None:
    """Raise the first of ``errors`` (with its examples), its message listing the others too
    (register, file, rule, rows), so that one run names every rule the registers break."""
    if not errors:
        return
    first = errors[0]
    if len(errors) > 1:
        others = "; ".join(f"register {e.table!r}" + (f" (file {e.file})" if e.file else "")
                           + f" breaks rule {e.rule!r}: {counted(e.count, 'row')}"
                           + (f" ({e.detail})" if e.detail else "")  # user26: which column
                           for e in errors[1:])
        raise schemas.RegisterError(
            first.table, first.rule, first.count, first.examples,
            f"{first.detail}; and {counted(len(errors) - 1, 'more broken rule')}, to correct as "
            f"well before re-running: {others}", file=first.file)
    raise first


#: the columns of ``adapt_log.csv``, in the order ``adapt`` writes them: per register the rows
#: read and written, and what was kept or reversed (``mia_helpers.export_check`` knows a
#: renamed copy of the log by its first :data:`LOG_KEY_COLUMNS`; dpo52: it typed them apart)
LOG_COLUMNS = ["table", "file", "source_rows", "register_rows", "repeated_rows",
               "reversed_in_quarter", "same_start_other_end", "rows_not_in_persons",
               "persons_not_in_persons"]
#: the leading columns of :data:`LOG_COLUMNS` that every ``adapt_log.csv`` has had (the later
#: ones were added since, user27): export-check knows the log by them
LOG_KEY_COLUMNS = LOG_COLUMNS[:4]
#: the file ``adapt`` writes into its ``--out`` folder when it stops: one row per problem
PROBLEMS_FILE = "adapt_problems.csv"
#: the columns of :data:`PROBLEMS_FILE`
PROBLEM_COLUMNS = ["number", "register", "file", "column", "source_column", "rule", "count",
                   "unit", "values", "remedy", "detail"]


def _remedy(text: str) -> str:
    """The "what to do" part of a message (up to its examples), else ""."""
    text = text.split("; examples:\n")[0]
    at = text.find("what to do:")
    return text[at + len("what to do:"):].strip() if at >= 0 else ""


#: starts of the parts of a rule error's detail that say what to do (the adapter's hints)
_HINT_STARTS = ("if these far-future", "empty values", "if the file holds one row",
                "if the extract", "do not remove rows")


def _hints(detail: str) -> str:
    """The adapter's hints in a rule error's ``detail`` (:func:`_sentinel_hint`,
    :func:`_null_hint`, :func:`_monthly_hint`), for the remedy column of the problems file."""
    parts = [p.strip() for p in detail.split("; ")]
    return "; ".join(p for p in parts if p.startswith(_HINT_STARTS))


def _error_rows(err: Exception) -> list[dict]:
    """The rows of :data:`PROBLEMS_FILE` for one single error (a file or rule error)."""
    if isinstance(err, schemas.RegisterError) and not isinstance(err, ExtractProblemsError):
        file = str(err.file) if err.file is not None else ""
        head = str(err).split("; examples:\n")[0]
        if err.rule == "missing_source_column":
            return [dict(register=err.table, file=file, column=r.register_column,
                         source_column=r.source_column, rule=err.rule, count=1,
                         unit="column", values="", remedy=_remedy(head), detail=head)
                    for r in err.examples.itertuples()]
        col = re.match(r"column '(\w+)'", err.detail or "")
        column = col.group(1) if col else ""
        if not column and err.rule in ("duplicate_key", "end_before_start",
                                       "overlapping_spells", "duplicate_person_month"):
            column = ", ".join(KEY_COLUMNS.get(err.table, ["person_id"]))
        found = re.search(r"; found (.*?)(;|$)", err.detail or "")
        values = found.group(1) if found else ""
        if not values and "person_id" in err.examples and len(err.examples):
            ids = err.examples["person_id"].dropna().astype(str).drop_duplicates().head(5)
            values = "e.g. person ids " + ", ".join(ids)  # (inside the environment only)
        return [dict(register=err.table, file=file, column=column, source_column="",
                     rule=err.rule, count=int(err.count),
                     unit=_unit(err.rule, int(err.count)),
                     values=values,
                     remedy="; ".join(x for x in (_hints(err.detail or ""),
                                                  schemas.WHAT_TO_DO.get(err.rule, ""),
                                                  _remedy(err.detail or "")) if x),
                     detail=head)]
    text = str(err)
    reg = re.search(r"mapping register '(\w+)': raw file (.+?) (?:is|not|has|names) ", text)
    return [dict(register=reg.group(1) if reg else "", file=reg.group(2) if reg else "",
                 column="", source_column="", rule="unreadable_file" if not isinstance(
                     err, EncodingError) else "encoding", count=1, unit="file", values="",
                 remedy=_remedy(text) or text, detail=text)]


def problems_table(err: Exception, not_in_persons: pd.DataFrame | None = None,
                   notes: list[str] | None = None,
                   errors: list[Exception] | None = None) -> pd.DataFrame:
    """One row per problem of a failed ``adapt`` run (:data:`PROBLEM_COLUMNS`): register,
    raw file, register column, source column, rule (for values: unmapped_code,
    unparseable_date...), count and its unit (rows, columns, files), the offending values
    (at most :data:`MAX_LISTED` per column, each with its count), the remedy and the full
    message; ``number`` is the ``[n]`` of the message (the values the mapping does not cover
    share one). Persons of event registers missing
    from persons (not an error: the panel excludes them as ``orphan_id``) and ``notes`` are
    added as rows of rule ``not_in_persons`` and ``note`` (user27). ``errors``: the single
    errors that ``err`` (a :class:`~mia_helpers.schemas.RegisterError` naming the others in
    its message, :func:`_raise_all`) stands for."""
    rows: list[dict] = []
    singles = err.errors if isinstance(err, ExtractProblemsError) else (
        [] if type(err) is MappingError else errors or [err])
    for i, e in enumerate(singles, 1):
        rows += [dict(r, number=i) for r in _error_rows(e)]
    values = getattr(err, "problems", None) if isinstance(err, MappingError) else None
    block = len(singles) + 1  # the message's [n] of the values the mapping does not cover
    if values is not None and len(values):
        for (table, column, problem), g in values.groupby(["table", "column", "problem"],
                                                          sort=False):
            first = g.iloc[0]
            at = (g["where"].fillna("").astype(str) if "where" in g else
                  pd.Series("", index=g.index))
            listed = "; ".join(f"{v!r} ({int(c)}" + (f"; {w})" if w else ")")
                               for v, c, w in zip(g.value, g["count"], at, strict=True))
            rows.append(dict(number=block, register=table, file=first.get("file", ""),
                             column=column, source_column=first.get("source_column", ""),
                             rule=problem, count=int(first.get("rows", g["count"].sum())),
                             unit=plural(int(first.get("rows", g["count"].sum())), "row"),
                             values=listed,
                             remedy=_remedy_of(values, SimpleNamespace(**first.to_dict())),
                             detail=counted(int(first.get("distinct", len(g))),
                                            "distinct value")
                             + (f", format {first.get('format')!r}" if first.get("format")
                                else "")))
    for r in (not_in_persons.itertuples() if not_in_persons is not None else []):
        rows.append(dict(number="", register=r.table, file="", column="person_id",
                         source_column="", rule="not_in_persons", count=int(r.rows),
                         unit=plural(int(r.rows), "row"),
                         values=f"{counted(r.persons, 'person')}; e.g. ids "
                         f"{r.example_ids} (pseudonymised: inside the secure environment "
                         "only)", remedy="not an error: the panel excludes these rows as "
                         "orphan_id; ask the data owner whether persons is incomplete or "
                         "the ids differ between registers", detail=""))
    for n in notes or []:
        if not n.startswith("note: person ids in event registers"):
            rows.append(dict(number="", register="", file="", column="", source_column="",
                             rule="note", count="", unit="", values="", remedy="", detail=n))
    return pd.DataFrame(rows, columns=PROBLEM_COLUMNS)


def problems_path(out: str | Path) -> Path:
    """Where a failed run into ``out`` lists its problems: beside the folder, not in it
    (nothing is written into ``out`` when ``adapt`` stops), ``extract.adapt_problems.csv``
    for ``--out extract/``."""
    out = Path(out).resolve()
    return out.parent / f"{out.name}.{PROBLEMS_FILE}"


def _report_problems(err: Exception, out: str | Path | None, not_in_persons: pd.DataFrame,
                     notes: list[str], mapping: Mapping | None = None,
                     errors: list[Exception] | None = None) -> None:
    """Add ``notes`` to the message of ``err`` and, with an ``out`` folder, write its
    problems to :func:`problems_path` (atomically, beside ``out``) and name
    that file at the start and end of the message (user27: the message of a messy extract
    runs to hundreds of lines)."""
    table = problems_table(err, not_in_persons, notes, errors)
    if mapping is not None:  # every row names the raw file by its path, and its source column
        for i, r in table.iterrows():
            rm = mapping.registers.get(r.register)
            if rm is None or rm.empty:
                continue
            if not r.file or r.file == str(rm.file):
                table.loc[i, "file"] = str(mapping.source_dir / rm.file)
            elif rm.files and set(str(r.file).split(" + ")) <= set(rm.files):  # user28b
                table.loc[i, "file"] = " + ".join(str(mapping.source_dir / f)
                                                  for f in str(r.file).split(" + "))
            if not r.source_column and r.column:
                table.loc[i, "source_column"] = ", ".join(
                    next((s for s, c in rm.columns.items() if c == col), "")
                    for col in str(r.column).split(", "))
    err.problems_table = table
    extra = "".join(f"\n{n}" for n in notes)
    if out is not None:
        from mia_helpers.files import atomic_path

        path = problems_path(out)
        with atomic_path(path) as tmp:
            table.to_csv(tmp, index=False)
        n = int((table.number.astype(str) != "").sum())
        extra += (f"\nevery problem is listed one per row (register, file, column, rule, "
                  f"count, values, remedy; {counted(n, 'row')}) in {path}; it holds "
                  "pseudonymised ids "
                  "and values of the extract: never export it")
        err.problems_file = path
    if extra:
        first = f"(all problems, one per row: {problems_path(out)}) " if out else ""
        err.args = (first + str(err) + extra, *err.args[1:])


def _check_files(rm: RegisterMapping, source_dir: Path
                 ) -> tuple[list[Exception], list[str]]:
    """The problems of each file of a register delivered in several (``rm.files``), each
    checked alone (:func:`check_raw`) and named: every file's, not only the first's; and the
    files without a problem, which ``adapt`` reads in the same run (user28b: a register with
    one unreadable file was not read at all, so the other files' value problems showed only
    in the next run)."""
    found: list[Exception] = []
    good: list[str] = []
    for f in rm.files:
        try:
            check_raw(rm.of_file(f), source_dir)
            good.append(f)
        except schemas.RegisterError as err:
            if err.rule != "missing_source_column":  # pragma: no cover - check_raw's only
                raise
            found.append(_column_in_other_files(rm, f, err, source_dir))
        except EncodingError as err:  # user28b: one file of the list in another encoding
            found.append(EncodingError(
                f"{err}; if only this file of the list is in another encoding, give it its "
                f"own: `file: [..., {{file: {f}, read: {{encoding: cp1252}}}}, ...]` (or "
                "latin-1, utf-16)"))
        except MappingFileError as err:
            found.append(err)
    return found, good


def _files_counted(rm: RegisterMapping, names: list[str], source_dir: Path) -> str:
    """``names`` (files of ``rm``'s list) with the records of each: a CSV file's non-empty
    lines after its header, counted in bytes whatever its encoding (a field spanning lines
    counts each line), a Parquet file's rows from its footer; "not found" or "unreadable"."""
    said = []
    for f in names:
        path = source_dir / f
        try:
            if rm.format == "csv":
                with open(path, "rb") as fh:
                    n = sum(1 for line in fh if line.strip(b"\r\n\x00 \t")) - 1
                said.append(f"{f} ({counted(max(n, 0), 'line')} after the header)")
            else:
                import pyarrow.parquet as pq

                said.append(f"{f} ({counted(pq.ParquetFile(path).metadata.num_rows, 'row')})")
        except FileNotFoundError:
            said.append(f"{f} (not found)")
        except Exception:  # noqa: BLE001 - its own problem is listed
            said.append(f"{f} (unreadable)")
    return ", ".join(said)


def _header(rm: RegisterMapping, path: Path) -> list[str]:
    """The column names of the raw file ``path`` read as ``rm`` reads it ([] when they
    cannot be read)."""
    try:
        if rm.format == "csv":
            opts = {k: v for k, v in rm.read.items() if k in _HEADER_READ}
            return [str(c) for c in pd.read_csv(path, nrows=0, **opts).columns]
        import pyarrow.parquet as pq

        return list(pq.ParquetFile(path).schema_arrow.names)
    except Exception:  # noqa: BLE001 - that file's own problem is listed by its own check
        return []


def _column_in_other_files(rm: RegisterMapping, name: str, err: schemas.RegisterError,
                           source_dir: Path) -> schemas.RegisterError:
    """``err`` (source columns missing from the file ``name`` of a register's list) with what
    to do when other files of the list have the column: ``columns:`` applies to every file
    of the list, so its hint to rename the column there would break them (user29: the
    message said to rename ``ACTIE:`` to ``ACTIECODE:``, which only moved the error to the
    other files)."""
    missing = list(err.examples["source_column"])
    heads = {f: _header(rm.of_file(f), source_dir / f) for f in rm.files if f != name}
    have = {c: [f for f, h in heads.items() if c in h] for c in missing}
    have = {c: fs for c, fs in have.items() if fs}
    if not have:
        return err
    detail = err.detail
    for c in have:  # the rename hint of _check_columns, wrong here
        detail = re.sub(rf"; the file has '[^']*': rename `{re.escape(_yaml_key(c))}:` to "
                        r"`[^`]*:` under `columns:` if it is that column", "", detail)
    detail = detail.replace(
        "; what to do: correct the source column names (left of the colon under `columns:`) "
        f"of register {rm.table!r} in the mapping to the file's header, or copy the file "
        "again if its header is damaged", "")
    close = _close_columns(list(have), _header(rm.of_file(name), source_dir / name),
                           list(rm.columns))
    said = "; ".join(
        f"{c!r} is in the list's other {plural(fs, 'file')} {', '.join(fs)}"
        + (f", and {name} has {close[c]!r} instead" if c in close else "") for c, fs in
        have.items())
    detail += (f"; {said}: `columns:` applies to every file of the list, so do not rename "
               f"the column there (the other files would then lack it); what to do: ask the "
               f"data owner for {name} with the header of the other files, or, if the data "
               f"owner confirms it is the same column, copy {name} and correct the column's "
               f"name in its header line (line 1), keeping a note of the change")
    return schemas.RegisterError(err.table, err.rule, err.count, err.examples, detail,
                                 file=err.file)


def empty_register(table: str) -> pd.DataFrame:
    """A zero-row register with the generator's dtypes (for a register not delivered)."""
    return _cast(table, pd.DataFrame({c: pd.Series([], dtype=object) for c in SPECS[table]}))


def adapt(
    mapping: str | Path | dict | Mapping,
    out: str | Path | None = None,
    source_dir: str | Path | None = None,
    validate: bool = True,
) -> AdaptResult:
    """Turn the raw files described by ``mapping`` into the six registers of book/design.md section 2.

    Parameters
    ----------
    mapping : YAML mapping file (or its parsed content, or a :class:`Mapping`).
    out : folder to write ``<register>.parquet`` files and ``adapt_log.csv`` into (None: do not
        write, only return the tables).
    source_dir : folder of the raw files (overrides the mapping's ``source_dir``).
    validate : run :func:`mia_helpers.schemas.validate_register` on every register.

    Returns
    -------
    AdaptResult
        ``registers`` (table -> DataFrame), ``log`` (table, file, source_rows, register_rows,
        repeated_rows: rows equal to an earlier row of the register in every column,
        reversed_in_quarter: spells whose end date precedes their start date inside one
        quarter, :func:`reversed_in_quarter`; same_start_other_end: measure rows sharing
        person, measure and start quarter with a row of another end,
        :func:`same_start_other_end`) and ``out``.

    Raises
    ------
    ExtractProblemsError
        When there is more than one kind of problem (or several file or column problems):
        every unreadable file, missing source column, unmapped or unparseable value, repeated
        person-month and the broken rules of the registers without such problems, in one
        error (an instance of the three classes below too).
    MappingError
        Listing every unmapped code and unparseable value of every register.
    MappingFileError
        A raw file is missing or unreadable, or a CSV line has more or fewer fields than the
        header (:func:`check_field_counts`): all files are checked before any is read in full.
    mia_helpers.schemas.RegisterError
        When an adapted register breaks a schema rule (over the mapping's window: implausible
        values too), naming its raw file, or a source column is missing.
    mia_helpers.files.DataFileError
        Before any file is read, when ``out`` holds a ``truth/`` folder (a ``synth`` folder):
        its true effects would be shown as the extract's.
    """
    m = mapping if isinstance(mapping, Mapping) else load_mapping(mapping, source_dir)
    if source_dir is not None and isinstance(mapping, Mapping):
        m = dataclasses.replace(m, source_dir=Path(source_dir))
    if out is not None and (Path(out) / "truth").exists():
        # newuser22: `adapt --out` into a `synth` folder kept its truth/, so the chapters drew
        # the generator's true effects beside the extract's estimates, and said "no truth/"
        from mia_helpers.files import DataFileError

        raise DataFileError(
            f"output folder {out} (--out) holds truth/ (the true effects of a synthetic data set written by "
            "`synth`): the chapters would show them beside the adapted extract's estimates as "
            f"if they were its truth; what to do: give adapt a new folder, or remove {out}")
    timings: dict[str, float] = {}
    t0 = time.perf_counter()
    prepared: dict[str, pd.DataFrame] = {}
    swap_of: dict[str, frozenset] = {}  # user35: reversed spells that may be US dates
    problems: list[pd.DataFrame] = []
    log = []
    # user26: every problem found in one run. Before, the first missing column (or unreadable
    # file) stopped the run before any code was read, so a second run was needed to see the
    # unmapped codes, and a third for the rules of the registers; now all files are checked,
    # every readable one is read (its columns that are there), and one error lists it all.
    file_errors: list[Exception] = []
    readable: dict[str, RegisterMapping] = {}
    incomplete: set[str] = set()  # registers with a file, column, value or month error
    written: dict[str, pd.Series] = {}  # person ids as written (ids27)
    unread_by: dict[str, dict[str, np.ndarray]] = {}  # per register: cells not read
    skipped_notes: list[str] = []  # files of a register's list not read (user28b)
    tz_notes: list[str] = []  # dates read in another time zone (user51)
    parts_of: dict[str, list[tuple[str, int]]] = {}  # per register: its files and rows
    rows_of: dict[str, np.ndarray] = {}  # per register read row for row: raw record per row
    for table, rm in m.registers.items():  # every file's layout, before any is read in full
        if rm.empty:
            continue
        if rm.files:  # user28: each file of a list checked, every file's problem listed
            found, good = _check_files(rm, m.source_dir)
            if found:
                file_errors += found
                incomplete.add(table)
                if good:  # user28b: the readable files read and checked in this run
                    readable[table] = dataclasses.replace(rm, files=tuple(good),
                                                          file=" + ".join(good))
                    bad = [f for f in rm.files if f not in good]
                    skipped_notes.append(  # user29: with the rows of each file counted
                        f"note: register {table!r}: its {plural(bad, 'file')} "
                        f"{_files_counted(rm, bad, m.source_dir)} could not be read (listed "
                        f"above) and none of their rows was read, so the values and rules of "
                        f"the register were checked on its other {plural(good, 'file')} "
                        f"{_files_counted(rm, good, m.source_dir)} only; those of "
                        f"{', '.join(bad)} will be once they are corrected (nothing is "
                        "written until every file of the list is read)")
                else:
                    skipped_notes.append(
                        f"note: register {table!r}: none of its files could be read (listed "
                        "above), so its value checks were skipped; they will run once the "
                        "files are corrected")
            else:
                readable[table] = rm
            continue
        try:
            check_raw(rm, m.source_dir, taken={
                f: t for t, r in m.registers.items() if t != table
                for f in (r.files or ((r.file,) if r.file else ()))})
            readable[table] = rm
        except EncodingError as err:
            incomplete.add(table)
            _read_as_latin1(rm, m.source_dir, err, readable, file_errors)
        except MappingFileError as err:
            file_errors.append(err)
            incomplete.add(table)
        except schemas.RegisterError as err:
            if err.rule != "missing_source_column":
                raise
            file_errors.append(err)
            incomplete.add(table)
            gone = set(err.examples["source_column"])
            rest = dataclasses.replace(
                rm, columns={s: c for s, c in rm.columns.items() if s not in gone})
            if not rest.columns:  # user29: none there (a wrong `sep:`): nothing to read,
                continue          # and no spurious 'empty_table' (zero rows read)
            try:  # the columns that are there, their lines' fields and encoding checked too
                check_raw(rest, m.source_dir)
                readable[table] = rest
            except EncodingError as err2:
                _read_as_latin1(rest, m.source_dir, err2, readable, file_errors)
            except MappingFileError as err2:
                file_errors.append(err2)
    timings["check"] = time.perf_counter() - t0
    t0 = time.perf_counter()
    for table, rm in m.registers.items():
        if rm.empty:
            log.append(dict(table=table, file=None, source_rows=0, reversed_in_quarter=0))
            continue
        if table not in readable:
            continue
        try:
            raw = read_raw(readable[table], m.source_dir, checked=True)
        except MappingFileError as err:
            file_errors.append(err)
            incomplete.add(table)
            continue
        df, probs, flipped = _prepare(readable[table], raw, unread_by.setdefault(table, {}))
        tz_notes += timezone_shift_notes(readable[table], raw)  # user51
        swap_of[table] = df.attrs.pop("swappable_reversed", frozenset())  # user35
        # user29: the file and line of a listed value for a register in one file too
        _locate_rows(readable[table], m.source_dir,
                     raw.attrs.get("parts") or [(readable[table].file, len(raw))], probs)
        prepared[table] = df
        ids_written = id_spellings(readable[table], raw)
        if ids_written is not None:
            written[table] = ids_written
        problems += probs
        if probs:
            incomplete.add(table)
        parts_of[table] = raw.attrs.get("parts") or [(readable[table].file, len(raw))]
        log.append(dict(table=table, file=rm.file, source_rows=len(raw),
                        reversed_in_quarter=flipped))
    timings["read"] = time.perf_counter() - t0
    values = pd.concat(problems, ignore_index=True) if problems else None
    labels: list = []  # text pseudonyms by number (person_ids: text)
    if m.person_ids == "text":  # (a register whose id column is missing has none)
        number_person_ids({t: df for t, df in prepared.items() if "person_id" in df}, labels)
    t0 = time.perf_counter()
    registers: dict[str, pd.DataFrame] = {}
    partial: dict[str, tuple[pd.DataFrame, pd.DataFrame]] = {}
    notes: list[str] = list(skipped_notes)
    errors: list[schemas.RegisterError] = []
    for table, rm in m.registers.items():
        if rm.empty:
            registers[table] = empty_register(table)
            continue
        if table not in prepared:
            continue
        df = prepared[table]
        if rm.monthly and {"person_id", "quarter", "month"} <= set(df.columns):
            # user28: rows whose month was not read (listed as problems) were counted as
            # repeated person-months of one another
            dup = D.duplicate_months(df) & df[["quarter", "month"]].notna().all(axis=1) \
                .to_numpy()
            if dup.any():  # user26: listed with the other errors, not alone
                src_month = next((s for s, c in rm.columns.items() if c == rm.monthly.column),
                                 rm.monthly.column)
                ex = df[dup].sort_values(["person_id", "quarter", "month"]).head(5)
                # user31: the examples showed "quarter 35, month 2", in no raw file: now the
                # calendar month (2013-12) and the raw file's row or line
                q, mo = ex["quarter"].astype(int), ex["month"].astype(int)
                ex = ex.assign(calendar_month=[f"{BASE_YEAR + a // 4}-{(a % 4) * 3 + b + 1:02d}"
                                               for a, b in zip(q, mo, strict=True)])
                err = schemas.RegisterError(
                    table, "duplicate_person_month", int(dup.sum()), ex,
                    "one row per person and month expected (quarter: the quarter holding the "
                    "calendar month; month: 0-2 inside the quarter); what to do: keep one row "
                    f"per person and month (source column {src_month!r}) in the raw file "
                    "(exact duplicate rows too) and re-run `python -m mia_helpers adapt`; "
                    "nothing was written",
                    file=m.source_dir / rm.file,
                )
                parts = parts_of.get(table, [])
                if isinstance(df.index, pd.RangeIndex) and len(df) == sum(n for _, n in parts):
                    err = _example_lines(err, readable[table], m.source_dir, parts,
                                         np.arange(len(df)), {})
                errors.append(err)
                incomplete.add(table)
        if table in incomplete:  # user27: its rules checked on the values that were read
            got = partial_register(table, rm, df, unread_by.get(table, {}))
            if got is not None:
                partial[table] = got
            else:  # pragma: no cover - defensive: said, not skipped silently
                notes.append(f"note: register {table!r}: its rules could not be checked in "
                             "this run (its values could not be cast); they will be once the "
                             "problems listed are corrected")
            continue
        for col, value in rm.constants.items():
            df[col] = value
        if rm.monthly:
            df = D.collapse_months(df, rm.monthly.rule)
            registers[table] = _cast(table, df)
        else:
            registers[table], rows_of[table] = _cast_rows(table, df)
    for table, df in registers.items():  # every register's first schema error, then the
        if not validate:                 # panel's error rules, all before writing
            continue
        rm = m.registers[table]
        file = m.source_dir / rm.file if rm.file else None
        found = schema_errors(table, df, m.window)
        cache: dict[str, np.ndarray] = {}

        def lines(e: schemas.RegisterError, table: str = table,
                  cache: dict = cache) -> schemas.RegisterError:
            if table not in rows_of:  # a monthly register: its rows are collapsed months
                return e
            return _example_lines(e, readable[table], m.source_dir, parts_of[table],
                                  rows_of[table], cache)
        errors += [lines(schemas.RegisterError(  # the same errors, naming the raw file
            table, err.rule, err.count, err.examples,
            err.detail + _sentinel_hint(rm, err) + _null_hint(rm, err), file=file))
            for err in found]
        if any(err.rule not in _ROW_RULES for err in found):
            continue  # a column missing or of another type: the keys cannot be checked
        errors += [lines(_monthly_hint(rm, df, e))
                   for e in key_errors(table, df, file, swap_of.get(table, frozenset()))]
    for table, (df, flags) in partial.items():  # user27: registers with problems as well
        if not validate:
            continue
        rm = m.registers[table]
        file = m.source_dir / rm.file if rm.file else None
        found = schema_errors(table, df, m.window, unread=flags)
        unit = "; counted in month rows of the monthly file" if rm.monthly else ""
        raw_rows = np.arange(len(df))  # its rows are the raw records, in order (user29)
        cache = {}
        errors += [_example_lines(schemas.RegisterError(
            table, err.rule, err.count, err.examples,
            err.detail + unit + _sentinel_hint(rm, err) + _null_hint(rm, err), file=file),
            readable[table], m.source_dir, parts_of[table], raw_rows, cache)
            for err in found]
        if any(err.rule not in _ROW_RULES for err in found):
            continue
        absent = {c for c in SPECS[table] if c not in prepared[table]
                  and c not in rm.constants and not (rm.monthly and c == "quarter")}
        keys, note = partial_key_errors(table, rm, df, flags, file, absent,
                                        swap_of.get(table, frozenset()))
        errors += [_example_lines(e, readable[table], m.source_dir, parts_of[table],
                                  raw_rows, cache) for e in keys]
        if note:
            notes.append(note)
    # user27: persons of the event registers missing from persons, reported without --panel
    # (only when every person id of persons was read: else anyone might look missing)
    seen = {**{t: d for t, (d, f) in partial.items() if not f["person_id"].any()},
            **registers}
    persons_read = "persons" in registers or (
        "persons" in seen and "person_id" in prepared.get("persons", {}))
    orphans = persons_not_in_persons(seen if persons_read else {}, labels)
    if labels and len(orphans):
        errors += leading_zero_errors(seen, labels, m)
    orphan_text = orphan_note(orphans)
    spelt, spelling_notes = id_spelling_problems(written, prepared, m)
    errors += spelt
    ksz = registers.get("ksz_positions")
    if ksz is not None and len(ksz) and not ksz.quarter.between(m.window.start,
                                                                m.window.end).any():
        # user26: else an empty panel was written (exit 0) and only the chapters failed
        from mia_helpers.quarters import to_label

        rm = m.registers["ksz_positions"]
        errors.append(schemas.RegisterError(
            "ksz_positions", "no_quarter_in_window", len(ksz), ksz.head(0),
            f"none of the KSZ person-quarters lies in the mapping's window "
            f"{to_label(m.window.start)}..{to_label(m.window.end)}"
            + ("" if m.window_given else " (the default: the mapping has no `window:`)")
            + f"; they run {to_label(int(ksz.quarter.min()))}..{to_label(int(ksz.quarter.max()))}"
            "; what to do: set `window: {start: ..., end: ...}` in the mapping to the "
            "extract's period, or check the format of the quarter column; nothing was written",
            file=m.source_dir / rm.file if rm.file else None))
    if labels:  # user27: the examples showed the numbers 1, 2... found in no raw file
        errors = [_with_source_ids(e, labels) for e in errors]
    failure: Exception | None = None
    if values is not None and not file_errors and not errors:
        failure = MappingError(values)  # as before: only values the mapping does not cover
    elif len(file_errors) == 1 and values is None and not errors:
        failure = file_errors[0]  # as before: one file or column error alone
    elif file_errors or values is not None:
        failure = ExtractProblemsError([*file_errors, *errors], values)
    elif errors:
        try:
            _raise_all(errors)
        except schemas.RegisterError as err:
            failure = err
    if failure is not None:
        _report_problems(failure, out, orphans,
                         [n for n in [*notes, *spelling_notes, orphan_text] if n], m,
                         errors if isinstance(failure, schemas.RegisterError) else None)
        raise failure
    timings["transform"] = time.perf_counter() - t0
    log_df = pd.DataFrame(log)
    log_df["register_rows"] = [len(registers[t]) for t in log_df.table]
    # rows equal to an earlier row in every register column: kept here (the panel build
    # excludes a repeated measure spell as overlapping_measure), shown so none goes unseen
    log_df["repeated_rows"] = [int(registers[t].duplicated().sum()) for t in log_df.table]
    log_df = log_df[[c for c in log_df.columns if c != "reversed_in_quarter"]
                    + ["reversed_in_quarter"]]
    log_df["same_start_other_end"] = [same_start_other_end(registers[t]) if t ==
                                      "vdab_measures" else 0 for t in log_df.table]
    per = orphans.set_index("table")
    log_df["rows_not_in_persons"] = [int(per.rows.get(t, 0)) for t in log_df.table]
    log_df["persons_not_in_persons"] = [int(per.persons.get(t, 0)) for t in log_df.table]
    log_df = log_df[LOG_COLUMNS]  # the order export-check reads (KeyError: one not listed)
    out_path = None
    if out is not None:
        from mia_helpers.files import atomic_path, begin_incomplete, finish_complete
        from mia_helpers.synthetic import write_parquet

        out_path = Path(out)
        t0 = time.perf_counter()
        begin_incomplete(out_path, f"adapt (mapping {m.path or 'a dict'})")
        for stale in DERIVED_FILES:  # built from the registers this run replaces
            (out_path / stale).unlink(missing_ok=True)
        problems_path(out_path).unlink(missing_ok=True)  # an earlier failed run's
        for table, df in registers.items():
            write_parquet(df, out_path / f"{table}.parquet")
        with atomic_path(out_path / "adapt_log.csv") as tmp:
            log_df.to_csv(tmp, index=False)
        finish_complete(out_path, "adapt", [*(f"{t}.parquet" for t in registers), "adapt_log.csv"])
        timings["write"] = time.perf_counter() - t0
    return AdaptResult(registers, log_df, out_path, timings, orphans, orphan_text,
                       [*spelling_notes, *tz_notes])
