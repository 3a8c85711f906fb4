"""The YAML mapping file: what it may say and how it is checked before any data are read.

See :mod:`mia_helpers.adapters` for the format. :func:`load_mapping` parses a file (or a dict)
into :class:`Mapping` and rejects, with a message naming the register and key, anything the
adapter could not honour: an unknown register or register column, a code mapped to a value
outside our code lists, a date on a column that is not a quarter, a register whose mapped
columns do not cover its schema.
"""

from __future__ import annotations

import dataclasses
import difflib
import inspect
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from mia_helpers.params import load_yaml
from mia_helpers.quarters import Window, to_index, to_label
from mia_helpers.schemas import SPECS
from mia_helpers.words import plural

#: Time zone the extract's dates are meant in, unless the mapping says ``timezone:``.
DEFAULT_TIMEZONE = "Europe/Brussels"
#: Date formats with a special meaning (every other format is a ``strftime`` pattern).
QUARTER_LABEL = "quarter_label"  # "2011Q1"
QUARTER_INDEX = "quarter_index"  # already our quarter index (2005Q1 = 0)
EXCEL_DAYS = "excel_days"  # a spreadsheet's serial day number: 39448 = 2008-01-01 (user27)
SPECIAL_FORMATS = (QUARTER_LABEL, QUARTER_INDEX, EXCEL_DAYS)
#: a date format holding this directive is a quarter pattern (:func:`~mia_helpers.adapters.
#: dates.quarter_pattern`): ``"%Y%q"`` reads ``"20103"`` as 2010Q3
QUARTER_DIRECTIVE = "%q"
#: register columns that hold a year, read from a date (a birth date) when given a format
#: under ``dates:`` (user27: a birth date was refused as not an integer)
YEAR_OF_DATE = ("birth_year",)
#: what a ``dates:`` format may be (the hint of the errors about formats)
FORMAT_HINT = ("a date format is a strftime pattern such as '%d/%m/%Y' (31/12/2010), "
               "'%Y-%m-%d' or '%Y%m' (201012); quarter_label ('2010Q4'); a quarter pattern "
               "with %q, the quarter number, such as '%Y%q' ('20104') or '%YK%q' ('2010K4'); "
               "quarter_index (already 2005Q1 = 0); or excel_days (a spreadsheet's serial day "
               "number, days since 1899-12-30: 39448 is 2008-01-01)")
#: what an empty value of a quarter column that may be empty means (a missing column of these
#: cannot be declared ``constants: {column: null}``)
EMPTY_MEANS = {
    "end_quarter": "a spell still running at the end of the extract",
    "school_leaving_quarter": "the person did not leave school (no school leaver in chapter 2)",
    "arrival_quarter": "the person did not arrive as a newcomer (chapter 5 needs it)",
}


#: How an extract writes its person ids (mapping key ``person_ids``): ``integer`` (whole
#: numbers, the default) or ``text`` (pseudonyms such as ``"a9f3c2..."``, numbered by
#: :func:`mia_helpers.adapters.core.number_person_ids`)
PERSON_IDS = ("integer", "text")
#: Rules that turn person-month rows into one row per person-quarter.
MONTHLY_RULES = ("last", "majority")
#: Registers that may be declared ``empty: true`` (not delivered).
OPTIONAL_REGISTERS = ("vdab_measures", "abb_inburgering", "wse_permits")
FORMATS = ("csv", "parquet")
#: file name endings of compressed files and spreadsheets, which adapt does not read, and what
#: to do instead (user51: ``acties.csv.gz`` was told to set ``format: csv``, then that the
#: file is not UTF-8 and to set ``encoding: cp1252``)
NOT_READ = {
    "gz": "a gzip-compressed file: decompress it (gunzip, or 7-Zip on Windows)",
    "zip": "a ZIP archive: extract the file from it",
    "bz2": "a bzip2-compressed file: decompress it (bunzip2)",
    "xz": "an xz-compressed file: decompress it (unxz)",
    "zst": "a zstd-compressed file: decompress it (unzstd)",
    "7z": "a 7-Zip archive: extract the file from it",
    "xlsx": "a spreadsheet workbook: save its sheet as CSV (CSV UTF-8)",
    "xls": "a spreadsheet workbook: save its sheet as CSV (CSV UTF-8)",
}


#: what to use instead of a ``read:`` option the adapter does not apply (user28b: options
#: such as ``true_values`` or ``parse_dates`` were passed to pandas, which read every CSV
#: field as text and so ignored them, or parsed dates by its own rules, silently)
_DATES_INSTEAD = ("dates are read by the register's `dates:` (a format per register column, "
                  "e.g. `dates: {start_quarter: '%d/%m/%Y'}`), never by pandas")
_TEXT_INSTEAD = ("every CSV field is read as text and converted by the adapter (numbers by "
                 "`decimal:`/`thousands:`, codes and booleans by `codes:`, dates by `dates:`), "
                 "so it would have no effect: remove it")
_PREPARE_INSTEAD = ("prepare the file instead (e.g. delete the lines above the header, or "
                    "the lines after the data) and keep a note of what was removed")
READ_INSTEAD = {
    "parse_dates": _DATES_INSTEAD, "date_format": _DATES_INSTEAD, "dayfirst": _DATES_INSTEAD,
    "cache_dates": _DATES_INSTEAD,
    "dtype": _TEXT_INSTEAD, "converters": _TEXT_INSTEAD, "dtype_backend": _TEXT_INSTEAD,
    "float_precision": _TEXT_INSTEAD,
    "usecols": "only the source columns under `columns:` are read; remove it",
    "header": _PREPARE_INSTEAD, "names": "rename the source columns under `columns:` "
    "(the file's header names them; a file without a header line needs one added)",
    "skiprows": _PREPARE_INSTEAD, "skipfooter": _PREPARE_INSTEAD, "nrows": _PREPARE_INSTEAD,
    "comment": _PREPARE_INSTEAD, "skip_blank_lines": _PREPARE_INSTEAD,
    "on_bad_lines": "correct the lines in the file: every line must have the header's fields",
    "encoding_errors": "set the file's `encoding:` (e.g. cp1252, latin-1, utf-16)",
    "lineterminator": "the adapter reads any line end (\\n, \\r\\n); remove it",
    "delim_whitespace": "set `sep:` to the one separator character (e.g. '\\t')",
    "dialect": "give the dialect's options themselves: sep, quotechar, doublequote, "
               "escapechar, quoting, skipinitialspace",
    "na_filter": "an empty field is always read as missing; further texts read as missing "
                 "go under `na_values:`",
    "compression": "decompress the file and name the decompressed file under `file:` (each "
                   "line of the text is checked before reading)",
    "storage_options": "the raw files are read from source_dir; remove it",
    "index_col": "every column is read as data, none as the row index; remove it",
    "engine": "the adapter chooses the reader; remove it",
    "iterator": "the adapter reads each file whole; remove it",
    "chunksize": "the adapter reads each file whole; remove it",
}
#: ``read:`` options (of :func:`pandas.read_csv`) that the adapter refuses (:data:`READ_INSTEAD`
#: says what to use instead): they change which lines are records or how lines split into
#: fields (so that the check that every line has the header's fields,
#: :func:`mia_helpers.adapters.core.check_field_counts`, would not hold for the rows read), or
#: drop or reinterpret values, or would have no effect on fields read as text
UNSUPPORTED_READ = tuple(READ_INSTEAD)
#: ``quoting:`` values the adapter reads (csv.QUOTE_MINIMAL, QUOTE_ALL, QUOTE_NONE): the
#: others make Python's reader take unquoted fields as numbers or refuse them
READ_QUOTING = (0, 1, 3)
#: ``read:`` options of how a file's values are read (missing texts, numbers, booleans): one
#: file of a register's list may give them for itself too (user29: yearly files from
#: different export systems write ``1.000,5`` in one year and ``1000.5`` in the next, or
#: ``J``/``N`` and ``Y``/``N``); they apply to that file's rows only
VALUE_READ = ("na_values", "keep_default_na", "decimal", "thousands", "true_values",
              "false_values")
#: ``read:`` options one file of a register's list may take for itself (user28b: a yearly
#: file in another encoding or with another separator): those of how the file's text is read
#: and how its values are read (:data:`VALUE_READ`, user29); a file's option replaces the
#: register's option of the same name for that file (``na_values`` too: whole, not merged)
PER_FILE_READ = ("encoding", "sep", "delimiter", "quotechar", "doublequote", "escapechar",
                 "quoting", "skipinitialspace", *VALUE_READ)


def read_options() -> list[str]:
    """The ``read:`` options a mapping may give: the keyword arguments of
    :func:`pandas.read_csv` except the file and :data:`UNSUPPORTED_READ`, sorted."""
    import pandas as pd

    names = set(inspect.signature(pd.read_csv).parameters) - {"filepath_or_buffer"}
    return sorted(names - set(UNSUPPORTED_READ))


class MappingFileError(ValueError):
    """The mapping file itself is wrong (raised before any data are read)."""


@dataclass(frozen=True)
class Monthly:
    """Person-month rows to collapse into person-quarter rows.

    ``column`` is the (renamed) column holding the month, ``format`` its date format, ``rule``
    the collapse rule (``last`` or ``majority``, see :func:`mia_helpers.adapters.dates.collapse_months`).
    """

    column: str
    format: str
    rule: str = "last"
    #: every format of a month column mixing layouts (``format: ['%Y%m', '%Y-%m']``; each
    #: value read by the first format that reads it; user28); empty for a single format
    formats: tuple[str, ...] = ()


@dataclass(frozen=True)
class RegisterMapping:
    """How one register is read from one raw file."""

    table: str
    file: str | None
    format: str | None
    read: dict[str, Any] = field(default_factory=dict)
    columns: dict[str, str] = field(default_factory=dict)  # source -> register column
    constants: dict[str, Any] = field(default_factory=dict)  # register column -> value
    codes: dict[str, dict[str, Any]] = field(default_factory=dict)  # column -> {source: ours}
    dates: dict[str, str] = field(default_factory=dict)  # register column -> (first) format
    monthly: Monthly | None = None
    empty: bool = False
    #: time zone of the extract's dates (None: refuse time-zone-aware timestamps)
    timezone: str | None = "Europe/Brussels"
    #: how the extract writes person ids (:data:`PERSON_IDS`)
    person_ids: str = "integer"
    #: register column -> its formats, for a column given a list of formats under ``dates:``
    #: (each value read by the first format that reads it; ids27)
    date_formats: dict[str, tuple[str, ...]] = field(default_factory=dict)
    #: the files of a register delivered in several (``file: [a.csv, b.csv]``, user28), read
    #: one by one and joined; ``file`` is then their names joined by ``" + "`` (for messages)
    files: tuple[str, ...] = ()
    #: per file of ``files``, the ``read:`` options that file takes instead of the register's
    #: (``file: [a.csv, {file: b.csv, read: {encoding: cp1252}}]``; :data:`PER_FILE_READ`)
    file_read: dict[str, dict[str, Any]] = field(default_factory=dict)

    def of_file(self, name: str) -> RegisterMapping:
        """This register read from its file ``name`` alone, with that file's ``read:``."""
        return dataclasses.replace(self, file=name, files=(), file_read={},
                                   read={**self.read, **self.file_read.get(name, {})})

    def paths(self, source_dir: Path) -> list[Path]:
        """The register's raw files under ``source_dir`` (none when ``empty: true``)."""
        if self.empty or not self.file:
            return []
        return [source_dir / f for f in (self.files or (self.file,))]


@dataclass(frozen=True)
class Mapping:
    """A whole mapping file: where the raw files are, the window, and one entry per register."""

    source_dir: Path
    window: Window
    registers: dict[str, RegisterMapping]
    path: Path | None = None
    text: str = ""
    timezone: str | None = "Europe/Brussels"
    #: how the extract writes person ids (:data:`PERSON_IDS`)
    person_ids: str = "integer"
    #: whether the mapping gave ``window:`` (else the seed study's 2005Q1..2016Q4 is taken)
    window_given: bool = True


def _err(where: str, msg: str) -> MappingFileError:
    return MappingFileError(f"mapping {where}: {msg}")


def _as_dict(value: Any, where: str) -> dict:
    if value is None:
        return {}
    if not isinstance(value, dict):
        raise _err(where, f"expected a mapping, got {type(value).__name__}")
    return value


def _code_key(key: Any, where: str) -> str:
    """Source codes are compared as text. Keys read from a file are already the text as written
    (``01`` stays ``"01"``, see :func:`load_mapping`); in a dict given by a caller, booleans are
    ambiguous and refused."""
    if isinstance(key, bool):
        raise _err(where, f"source code {key!r} was read by YAML as a boolean; quote it "
                          "(e.g. 'yes': or 'N': ) so that it is compared as text")
    if key is None:
        raise _err(where, "a null source code cannot be mapped (missing values stay missing)")
    return str(key)


def check_date_format(fmt: str, where: str) -> str:
    """Return ``fmt`` if it is a date format the adapter can apply (:data:`FORMAT_HINT`);
    else raise :class:`MappingFileError` naming ``where``: a format without any ``%``
    directive (``dd/mm/yyyy`` would match no value) or a quarter pattern that is not one."""
    from mia_helpers.adapters.dates import quarter_pattern

    if fmt in SPECIAL_FORMATS:
        return fmt
    if len(fmt) > 1 and fmt[0] == fmt[-1] and fmt[0] in "'\"":
        # user27: `'"%Y-Q%q"'` kept its inner quotes as literal text, so no value matched
        raise _err(where, f"date format {fmt!r} is enclosed in quotes that are part of the "
                          f"format, so no value would parse; write it quoted once in the "
                          f"YAML: {fmt[1:-1]!r}")
    if QUARTER_DIRECTIVE in fmt:
        try:
            quarter_pattern(fmt)
        except ValueError as err:
            raise _err(where, str(err)) from None
        return fmt
    if "%" not in fmt:
        raise _err(where, f"date format {fmt!r} holds no % directive, so no value would "
                          f"parse; {FORMAT_HINT}")
    import datetime
    import re

    try:  # user28: '%Y-%m-%Y' raised re.error only after every file was read
        datetime.datetime.strptime("", fmt)
    except ValueError as err:
        if not str(err).startswith("time data"):  # '%Q': a bad directive, a stray '%'
            raise _err(where, f"date format {fmt!r} is not a valid strftime pattern ({err}); "
                              f"{FORMAT_HINT}") from None
    except re.error as err:  # no match was tried: the format itself is invalid
        raise _err(where, f"date format {fmt!r} is not a valid strftime pattern ({err}): "
                          f"each directive may appear once; {FORMAT_HINT}") from None
    return fmt


def _register(table: str, raw: dict) -> RegisterMapping:
    where = f"register {table!r}"
    spec = SPECS[table]
    known = {"file", "format", "read", "columns", "constants", "codes", "dates", "monthly", "empty"}
    unknown = set(raw) - known
    if unknown:
        raise _err(where, f"unknown keys {sorted(unknown)}; allowed: {sorted(known)}")
    if raw.get("empty"):
        if table not in OPTIONAL_REGISTERS:
            raise _err(where, f"only {OPTIONAL_REGISTERS} may be declared empty: the panel "
                       "has a row per person (persons) and KSZ quarter (ksz_positions), and its "
                       "registration clock comes from vdab_registrations, so none of them can "
                       "be missing; what to do: ask the data owner for its file and name it "
                       "under `file:`")
        return RegisterMapping(table, None, None, empty=True)
    file = raw.get("file")
    if not file:
        raise _err(where, "needs 'file' (or 'empty: true' for a register not delivered)")
    files: tuple[str, ...] = ()
    file_read: dict[str, dict[str, Any]] = {}
    if isinstance(file, list | tuple):  # user28: a register delivered one file per year
        file = [_file_entry(f, where, file_read) for f in file]
        if not all(isinstance(f, str) and f for f in file) or len(set(file)) < len(file):
            raise _err(where, f"'file' as a list must name each file once, as texts (e.g. "
                              f"[acties_2010.csv, acties_2011.csv]); got {file!r}")
        files = tuple(file)
        exts = {Path(f).suffix.lower() for f in files}
        if len(exts) > 1 and not raw.get("format"):
            raise _err(where, f"the files of the list {list(files)} have different extensions "
                              f"{sorted(exts)}; give the register's files in one format (or "
                              "`format:` for all of them)")
        file = files[0] if len(files) == 1 else None
    elif not isinstance(file, str):
        raise _err(where, f"'file' must be a file name or a list of file names; got {file!r}")
    if any(ch in f for f in (files or (file,)) for ch in "*?"):
        raise _err(where, f"'file' holds a pattern ({file or list(files)!r}); name the files: "
                          "a register delivered in several files (one per year, say) takes "
                          "their list, `file: [acties_2010.csv, acties_2011.csv]`, each file "
                          "with its header line and the same mapped columns")
    if len(files) == 1:
        files = ()
    first = files[0] if files else file
    fmt = raw.get("format") or Path(first).suffix.lstrip(".").lower()
    if fmt not in FORMATS and fmt in NOT_READ and not raw.get("format"):
        raise _err(where, f"file {first!r} is {NOT_READ[fmt]}, and name the file it gives "
                          "under `file:` (adapt reads CSV and Parquet files as delivered, not "
                          "compressed or as workbooks)")
    if fmt not in FORMATS:
        # a text export named .txt or .tsv is CSV with another separator (analyst20)
        hint = ("" if raw.get("format") else
                f" (taken from the file name {first!r}); a delimited text file of another "
                "extension is read with `format: csv` (and `read: {sep: ...}`)")
        raise _err(where, f"format {fmt!r} not supported; use one of {FORMATS}{hint}")
    columns = {str(k): str(v) for k, v in _as_dict(raw.get("columns"), where + " columns").items()}
    constants = _as_dict(raw.get("constants"), where + " constants")
    monthly = None
    if raw.get("monthly") is not None:
        m = _as_dict(raw["monthly"], where + " monthly")
        if table != "ksz_positions":
            raise _err(where, "'monthly' applies to ksz_positions only")
        odd = sorted(set(m) - {"column", "format", "rule"})
        if odd:  # user37: `rul: majority` was ignored and the rule 'last' applied, unsaid
            raise _err(where, f"monthly: unknown keys {odd}; allowed: ['column', 'format', "
                              "'rule']")
        rule = m.get("rule", "last")
        if rule not in MONTHLY_RULES:
            raise _err(where, f"monthly rule {rule!r} unknown; use one of {MONTHLY_RULES}")
        if "column" not in m or "format" not in m:
            raise _err(where, "monthly needs 'column' (the month) and 'format'")
        raw_fmt = m["format"]
        if isinstance(raw_fmt, list | tuple):  # user28: a month column mixing layouts
            if not raw_fmt or any(isinstance(f, list | tuple | dict) or f is None
                                  for f in raw_fmt):
                raise _err(where, f"monthly format: a list of formats must hold one or more "
                                  f"formats (texts), e.g. ['%Y%m', '%Y-%m'] for '201103' and "
                                  f"'2011-03'; got {raw_fmt!r}")
            raw_fmts = [str(f) for f in raw_fmt]
        else:
            raw_fmts = [str(raw_fmt)]
        mfmts = tuple(check_date_format(f, f"{where} monthly format") for f in raw_fmts)
        for mfmt in mfmts:
            if mfmt in SPECIAL_FORMATS or QUARTER_DIRECTIVE in mfmt or "%m" not in mfmt:
                raise _err(where, f"monthly format {mfmt!r} gives no month; use a strftime "
                                  "format with the month, e.g. '%Y%m' for '201103'")
        twice = sorted({f for f in mfmts if mfmts.count(f) > 1})
        if twice:
            raise _err(where, f"monthly {plural(twice, 'format')} {twice} given more than once "
                              "in the list")
        monthly = Monthly(str(m["column"]), mfmts[0], rule, mfmts if len(mfmts) > 1 else ())
    targets = list(columns.values())
    dup = sorted({t for t in targets if targets.count(t) > 1})
    if dup:
        raise _err(where, f"several source columns map to {dup}")
    allowed = set(spec) | ({monthly.column} if monthly else set())
    bad = sorted((set(targets) | set(constants)) - allowed)
    if bad:
        # newuser22: `GEBOORTEJAAR: birthyear` was refused without the close name or a remedy
        hints = [f"{b!r} (did you mean {m[0]!r}?)" if (m := difflib.get_close_matches(
            b, list(spec), n=1)) else repr(b) for b in bad]
        # user51: "columns 'end_reasn' (did you mean ...) are not" for one column
        raise _err(where, f"{plural(bad, 'column')} {', '.join(hints)} "
                          f"{'is' if len(bad) == 1 else 'are'} not in the register schema "
                          f"{list(spec)}; what to do: write our register column names on the "
                          "right of the colon under `columns:` (or `constants:`), the source "
                          "column names on the left")
    produced = set(targets) | set(constants)
    if monthly:
        if monthly.column not in targets:
            raise _err(where, f"monthly column {monthly.column!r} is not among the mapped columns")
        if "quarter" in produced:
            raise _err(where, "with 'monthly' the quarter comes from the month; do not map 'quarter'")
        produced = (produced - {monthly.column}) | {"quarter"}
    missing = [c for c in spec if c not in produced]
    if missing:
        # user25: an extract without an optional column was not told how to declare it missing
        optional = [c for c in missing if spec[c].nullable and c not in EMPTY_MEANS]
        hint = (f"; a column the extract does not have and that may be empty is declared "
                f"missing in every row with `constants: {{{optional[0]}: null}}`"
                if optional else "")
        # user26: an end date was offered null too, which reads every spell as still running
        hint += "".join(f"; {c!r} may be empty, but empty means {EMPTY_MEANS[c]}: map it from "
                        "a source column" for c in missing if c in EMPTY_MEANS)
        raise _err(where, f"no source for register columns {missing} (map them under 'columns' "
                          f"or give them under 'constants'){hint}")
    codes: dict[str, dict[str, Any]] = {}
    for col, cmap in _as_dict(raw.get("codes"), where + " codes").items():
        cw = f"{where} codes of {col!r}"
        if col not in spec or spec[col].kind not in ("code", "bool", "int"):
            # newuser22: `gender:` under `codes:` was told only which kinds of column take codes
            coded = [c for c, s in spec.items() if s.kind in ("code", "bool", "int")]
            what = (f"{col!r} is not a column of register {table!r}" if col not in spec else
                    f"{col!r} is not a code, boolean or integer column")
            raise _err(cw, f"{what}; the keys under `codes:` are our register columns (right "
                           f"of the colon under `columns:`), here one of {coded}")
        if col not in targets:
            given = (" (it is given under `constants:`: remove its `codes:`)"
                     if col in constants else "")
            raise _err(cw, f"{col!r} is not a mapped column{given}")
        cmap = _as_dict(cmap, cw)
        out = {_code_key(k, cw): v for k, v in cmap.items()}
        kind, allowed_codes = spec[col].kind, spec[col].codes
        bad_targets = [
            v for v in out.values()
            if v is not None and (
                (kind == "code" and v not in allowed_codes)
                or (kind == "bool" and not isinstance(v, bool))
                or (kind == "int" and (isinstance(v, bool) or not isinstance(v, int)))
            )
        ]
        if bad_targets:
            hint = f"our codes are {list(allowed_codes)}" if kind == "code" else f"values must be {kind}"
            raise _err(cw, f"targets {sorted(map(str, set(bad_targets)))} are not valid ({hint})")
        to_null = sorted(k for k, v in out.items() if v is None)
        if to_null and not spec[col].nullable:
            # user25: else refused only after reading, as values to "fill in the source extract"
            raise _err(cw, f"{col!r} may not be empty, so no source code may map to null (here "
                           f"{to_null}): map each to one of our codes, or remove its rows from "
                           "the raw file and report the removal")
        codes[col] = out
    dates: dict[str, str] = {}
    date_formats: dict[str, tuple[str, ...]] = {}
    for col, fmt_ in _as_dict(raw.get("dates"), where + " dates").items():
        if col not in spec or (spec[col].kind != "quarter" and col not in YEAR_OF_DATE):
            raise _err(where, f"dates apply to quarter columns and to {', '.join(YEAR_OF_DATE)}"
                              f" (a date read as its year); {col!r} is neither")
        if col not in targets:
            raise _err(where, f"date column {col!r} is not a mapped column")
        dw = f"{where} dates of {col!r}"
        if isinstance(fmt_, list | tuple):  # ids27: a column mixing layouts
            if not fmt_ or any(isinstance(f, list | tuple | dict) or f is None for f in fmt_):
                raise _err(dw, f"a list of formats must hold one or more formats (texts), "
                               f"e.g. ['quarter_label', '%Y%q'] for '2010Q3' and '20103'; "
                               f"got {fmt_!r}")
            fmts = tuple(check_date_format(str(f), dw) for f in fmt_)
            twice = sorted({f for f in fmts if fmts.count(f) > 1})
            if twice:
                raise _err(dw, f"{plural(twice, 'format')} {twice} given more than once in the "
                               "list")
        else:
            fmts = (check_date_format(str(fmt_), dw),)
        for f in fmts:
            if col in YEAR_OF_DATE and (f in (QUARTER_LABEL, QUARTER_INDEX)
                                        or QUARTER_DIRECTIVE in f):
                raise _err(where, f"{col!r} is read from a date as its year: give a date "
                                  f"format such as '%Y-%m-%d' or excel_days, not {f!r}")
        dates[col] = fmts[0]
        if len(fmts) > 1:
            date_formats[col] = fmts
    both = sorted(set(constants) & set(targets))
    if both:  # user26: the constant silently replaced every value read from the file
        src = {c: [s for s, tc in columns.items() if tc == c] for c in both}
        raise _err(where, f"register {plural(both, 'column')} given both under `columns:` and "
                          "`constants:`: "
                          + ", ".join(f"{c!r} (source column {', '.join(map(repr, src[c]))})"
                                      for c in both)
                          + "; the constant would replace every value read from the file; keep "
                            "one: the `columns:` line when the file has the column, the "
                            "constant when it does not")
    for col, value in constants.items():
        s = spec[col]
        if value is None and not s.nullable:
            raise _err(where, f"constant {col}=null: {col!r} may not be empty; map it from a "
                              "source column")
        if s.kind == "code" and value is not None and value not in s.codes:
            raise _err(where, f"constant {col}={value!r} is not one of {list(s.codes)}")
    read = _as_dict(raw.get("read"), where + " read")
    if read and fmt == "parquet":  # user28b: ignored silently for a Parquet file
        raise _err(where, f"read {plural(read, 'option')} {sorted(read)} "
                          f"{'applies' if len(read) == 1 else 'apply'} to CSV files only, and the "
                          f"register's file is Parquet (its columns are typed, its missing "
                          f"values are missing); remove `read:`, and map codes under `codes:`")
    refused = sorted(set(read) & (set(UNSUPPORTED_READ) | set(READ_INSTEAD)))
    if refused:
        raise _err(where, f"read {plural(refused, 'option')} {refused} "
                          f"{'is' if len(refused) == 1 else 'are'} not supported (the adapter reads "
                          "the header, line 1, and every further non-empty line as a record "
                          "with the header's fields, each field as text, so that no line or "
                          "value is dropped, shifted or reinterpreted silently); what to use "
                          "instead: " + "; ".join(f"{k}: {READ_INSTEAD[k]}" for k in refused))
    if "quoting" in read and read["quoting"] not in READ_QUOTING:
        raise _err(where, f"read option quoting={read['quoting']!r} is not supported: use 0 "
                          "(quotes around fields that hold the separator, the default), 1 "
                          "(every field quoted) or 3 (quotes are text); the others would read "
                          "unquoted fields as numbers")
    allowed = read_options()
    unknown_read = sorted(set(read) - set(allowed))
    if unknown_read:  # else pandas raises a TypeError only when the whole file is read
        hints = [f"{k!r} (did you mean {m[0]!r}?)" if (m := difflib.get_close_matches(
            k, allowed, n=1)) else repr(k) for k in unknown_read]
        raise _err(where, f"unknown read {plural(hints, 'option')} {', '.join(hints)}: "
                          "`read:` takes options "
                          "of pandas.read_csv, e.g. sep, encoding, quotechar, decimal, "
                          "thousands; correct or remove the key")
    if "sep" in read and "delimiter" in read:  # user28b: pandas' ValueError, a traceback
        raise _err(where, f"read options sep={read['sep']!r} and delimiter="
                          f"{read['delimiter']!r} both give the separator; keep `sep:` only")
    sep = read.get("sep", read.get("delimiter", ","))
    if not (isinstance(sep, str) and len(sep) == 1):
        raise _err(where, f"read option sep={sep!r} is not supported: the separator must be one "
                          "character (e.g. ';', ',', '\t', '|')")
    _number_marks(read, where)
    _bool_values(table, read, columns, codes, where)
    if file_read and fmt != "csv":
        raise _err(where, "a file's own `read:` applies to CSV files only")
    for name, own in file_read.items():
        if {"sep", "delimiter"} <= set({**read, **own}):
            raise _err(where, f"file {name!r}: read options sep and delimiter both give the "
                              "separator (one in the register's `read:`, one in the file's); "
                              "use `sep:` in both")
        sep = {**read, **own}.get("sep", {**read, **own}.get("delimiter", ","))
        if not (isinstance(sep, str) and len(sep) == 1):
            raise _err(where, f"file {name!r}: read option sep={sep!r} is not supported: the "
                              "separator must be one character (e.g. ';', ',', '\t', '|')")
        if "quoting" in own and own["quoting"] not in READ_QUOTING:
            raise _err(where, f"file {name!r}: read option quoting={own['quoting']!r} is not "
                              "supported: use 0, 1 or 3")
        _number_marks({**read, **own}, f"{where} file {name!r}")
        if set(own) & {"true_values", "false_values"}:  # user29: per file, checked alike
            _bool_values(table, {**read, **own}, columns, codes, f"{where} file {name!r}")
    shown = " + ".join(files) if files else str(file)
    return RegisterMapping(table, shown, fmt, read, columns, constants, codes, dates, monthly,
                           date_formats=date_formats, files=files,
                           file_read=file_read if files else {})


def _file_entry(entry: Any, where: str, file_read: dict[str, dict[str, Any]]) -> Any:
    """One entry of a register's ``file:`` list: a file name, or ``{file: NAME, read: {...}}``
    for a file read with its own options (:data:`PER_FILE_READ`, put in ``file_read``);
    user28b: one file of the list in another encoding could not be read at all."""
    if not isinstance(entry, dict):
        return entry
    if set(entry) - {"file", "read"} or not isinstance(entry.get("file"), str):
        raise _err(where, f"an entry of the list under 'file' is a file name or "
                          f"{{file: NAME, read: {{encoding: cp1252}}}}; got {entry!r}")
    own = _as_dict(entry.get("read"), f"{where} read of file {entry['file']!r}")
    other = sorted(set(own) - set(PER_FILE_READ))
    if other:
        raise _err(where, f"file {entry['file']!r}: read {plural(other, 'option')} {other} "
                          "cannot be given "
                          f"per file (only {', '.join(PER_FILE_READ)}); give them in the "
                          "register's `read:` (or correct a misspelt option name)")
    file_read[entry["file"]] = own
    return entry["file"]


def _number_marks(read: dict, where: str) -> None:
    """Refuse ``decimal`` or ``thousands`` that is not one character, or both the same
    (user29: a file's own ``decimal: "."`` beside the register's ``thousands: "."`` removed
    every point, reading ``0.5`` as 5, silently)."""
    for k in ("decimal", "thousands"):
        v = read.get(k)
        if v is not None and not (isinstance(v, str) and len(v) == 1):
            raise _err(where, f"read option {k}={v!r} must be one character, e.g. ',' or '.'")
    if read.get("decimal") is not None and read.get("decimal") == read.get("thousands"):
        raise _err(where, f"read options decimal and thousands are both "
                          f"{read['decimal']!r} (a file's own `read:` replaces the register's "
                          "option of the same name only: give the file both, e.g. "
                          "`{decimal: '.', thousands: ','}`)")


def bool_texts(read: dict) -> dict[str, bool]:
    """The texts ``read: {true_values: [...], false_values: [...]}`` read as True and False
    in a boolean column without ``codes:`` (compared trimmed, as written)."""
    out: dict[str, bool] = {}
    for key, value in (("true_values", True), ("false_values", False)):
        given = read.get(key)
        for v in [given] if isinstance(given, str | int) else list(given or []):
            out[str(v)] = value
    return out


def _bool_values(table: str, read: dict, columns: dict[str, str],
                 codes: dict[str, dict[str, Any]], where: str) -> None:
    """Check ``true_values``/``false_values``: texts, none in both lists, and a boolean column
    of the register without ``codes:`` to apply them to (user28b: pandas ignored them, as it
    reads every field as text, so ``J``/``N`` were refused as unmapped, or with ``codes:``
    one list contradicted the other)."""
    given = [k for k in ("true_values", "false_values") if k in read]
    if not given:
        return
    for k in given:
        v = read[k]
        if not (isinstance(v, str) or (isinstance(v, list) and v and all(
                isinstance(x, str | int) and not isinstance(x, bool) for x in v))):
            raise _err(where, f"read option {k} must be a text or a list of texts (quoted, "
                              f"e.g. ['J', 'ja']); got {v!r}")
    both = sorted({str(x) for x in ([read.get("true_values")] if isinstance(
        read.get("true_values"), str) else read.get("true_values") or [])}
        & {str(x) for x in ([read.get("false_values")] if isinstance(
            read.get("false_values"), str) else read.get("false_values") or [])})
    if both:
        raise _err(where, f"read options true_values and false_values both hold {both}")
    spec = SPECS[table]
    bools = [c for c in columns.values() if c in spec and spec[c].kind == "bool"]
    coded = [c for c in bools if c in codes]
    if coded:
        raise _err(where, f"read {plural(given, 'option')} {given} and `codes:` of the boolean "
                          f"{plural(coded, 'column')} {coded} both say which texts are true or "
                          f"false; give them in `codes:` only (e.g. `codes: {{{coded[0]}: "
                          "{'J': true, 'N': false}}`) and remove the read "
                          f"{plural(given, 'option')}")
    if not bools:
        raise _err(where, f"read {plural(given, 'option')} {given} "
                          f"{'applies' if len(given) == 1 else 'apply'} to boolean columns, and "
                          f"register {table!r} maps none; remove "
                          f"{'it' if len(given) == 1 else 'them'}")


def _na_columns(rm: RegisterMapping, mapped: set[str]) -> None:
    """Refuse a column of ``read: {na_values: {COLUMN: ...}}`` (the register's or a file's)
    that is a mapped source column of no register: a misspelling, read for no column,
    silently (user28b). A column mapped in another register is let be (a ``read:`` block
    shared by YAML anchors)."""
    for name, opts in [("", rm.read), *rm.file_read.items()]:
        na = opts.get("na_values")
        stray = sorted(map(str, set(na) - mapped)) if isinstance(na, dict) else []
        if stray:
            hints = [f"{k!r} (did you mean {m[0]!r}?)" if (m := difflib.get_close_matches(
                k, list(rm.columns), n=1)) else repr(k) for k in stray]
            raise _err(f"register {rm.table!r}", (f"file {name!r}: " if name else "")
                       + f"read option na_values names {', '.join(hints)}, a mapped source "
                       "column of no register (the keys are source columns, left of the colon "
                       f"under `columns:`, here {list(rm.columns)})")


def load_mapping(source: str | Path | dict, source_dir: str | Path | None = None) -> Mapping:
    """Parse and check a mapping (a YAML file or an already-parsed dict).

    Parameters
    ----------
    source : path of the YAML file, or its content as a dict.
    source_dir : folder of the raw files; overrides the file's ``source_dir``. A relative
        ``source_dir`` in the file is taken relative to the mapping file's folder.

    Raises
    ------
    MappingFileError
        Naming the register and key that is wrong.
    """
    path = None
    text = ""
    if isinstance(source, dict):
        raw = source
    else:
        path = Path(source)
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            raise MappingFileError(f"mapping file {path} not found") from None
        except UnicodeDecodeError as err:
            raise MappingFileError(f"mapping file {path} is not UTF-8 ({err.reason} at byte "
                                   f"{err.start}); save it as UTF-8") from None
        try:
            raw = load_yaml(text, keys_as_written=True)
        except yaml.YAMLError as err:
            raise MappingFileError(f"mapping file {path}: not valid YAML: {err}") from None
    if not isinstance(raw, dict):
        raise _err("file", "expected a YAML mapping at the top level")
    unknown = set(raw) - {"version", "source_dir", "window", "registers", "timezone",
                          "person_ids"}
    if unknown:
        raise _err("file", f"unknown top-level keys {sorted(unknown)}")
    if raw.get("version", 1) != 1:
        raise _err("file", f"version {raw.get('version')!r} not supported (this adapter reads 1)")
    win = _as_dict(raw.get("window"), "window")
    # user37: `{start: 2008Q1, ende: 2019Q4}` took the seed study's end 2016Q4 unsaid and cut
    # three years from the panel; a window given names both of its quarters and nothing else
    odd = sorted(set(win) - {"start", "end"})
    gone = [k for k in ("start", "end") if k not in win]
    if raw.get("window") is not None and (odd or gone):
        raise _err("window", (f"unknown keys {odd}" if odd else "")
                   + ("; " if odd and gone else "")
                   + (f"no {' and no '.join(gone)}" if gone else "")
                   + "; write both quarters of the extract's window, e.g. "
                     "`window: {start: 2005Q1, end: 2024Q4}` (without `window:`, the seed "
                     "study's 2005Q1..2016Q4 is taken)")
    quarters = []
    for key, default in (("start", "2005Q1"), ("end", "2016Q4")):
        value = win.get(key, default)
        try:
            quarters.append(to_index(value))
        except ValueError:
            # user38: `end: 2016Q5` was refused without saying what a quarter label is
            from mia_helpers.params import _quarter_hint

            raise _err("window", f"{key} {value!r} is not a quarter label"
                                 f"{_quarter_hint(str(value))}; write the extract's first and "
                                 "last quarter, e.g. `window: {start: 2005Q1, end: 2024Q4}`"
                       ) from None
    first, last = quarters
    if last < first:  # Window's own message gives quarter indices ("end 20 before start 27")
        raise _err("window", f"end {to_label(last)} is before start {to_label(first)}; write "
                             "{start: FIRST, end: LAST}, e.g. {start: 2005Q1, end: 2024Q4}")
    window = Window(first, last)
    regs = _as_dict(raw.get("registers"), "registers")
    unknown = sorted(set(regs) - set(SPECS))
    if unknown:
        raise _err("registers", f"unknown registers {unknown}; the registers are {list(SPECS)}")
    missing = [t for t in SPECS if t not in regs]
    if missing:
        raise _err("registers", f"no entry for {missing} (use 'empty: true' for a register "
                                "that was not delivered)")
    tz = raw.get("timezone", DEFAULT_TIMEZONE)
    if tz is not None:
        import zoneinfo

        try:
            zoneinfo.ZoneInfo(str(tz))
        except (zoneinfo.ZoneInfoNotFoundError, ValueError):
            raise _err("timezone", f"{tz!r} is not a time zone name (e.g. Europe/Brussels, "
                                   "UTC); null refuses time-zone-aware timestamps") from None
        tz = str(tz)
    ids = raw.get("person_ids", "integer")
    if ids not in PERSON_IDS:
        raise _err("person_ids", f"{ids!r} is not one of {list(PERSON_IDS)}: 'integer' (the "
                                 "default) reads the ids as whole numbers, 'text' numbers "
                                 "text ids (pseudonyms such as 'a9f3...') 1, 2, ... in sorted "
                                 "order over all registers")
    registers = {}
    errors: list[MappingFileError] = []
    for t in SPECS:  # user26: every register's first problem, not only the first register's
        try:
            registers[t] = dataclasses.replace(_register(t, _as_dict(regs[t], f"register {t!r}")),
                                               timezone=tz, person_ids=ids)
        except MappingFileError as err:
            errors.append(err)
    mapped = {str(c) for v in regs.values() if isinstance(v, dict)
              and isinstance(v.get("columns"), dict) for c in v["columns"]}
    for r in registers.values():
        try:
            _na_columns(r, mapped)
        except MappingFileError as err:
            errors.append(err)
    if len(errors) == 1:
        raise errors[0]
    if errors:
        raise MappingFileError(
            f"{len(errors)} registers of the mapping have a problem (each register's first; "
            "correct them all, then run again):\n"
            + "\n".join(f"[{i}] {e}" for i, e in enumerate(errors, 1)))
    if source_dir is not None:
        sdir = Path(source_dir)
    else:
        sdir = Path(raw.get("source_dir", "."))
        if not sdir.is_absolute() and path is not None:
            sdir = path.parent / sdir
    return Mapping(sdir, window, registers, path, text, tz, ids,
                   window_given=raw.get("window") is not None)
