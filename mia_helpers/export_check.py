"""Output check before results leave a secure environment: ``python -m mia_helpers export-check``.

``python -m mia_helpers export-check DIR [--min-cell 10]`` scans an executed book or a run
folder and exits with status 1, printing the file, the notebook cell and the column, if any
published count of persons is small or any person-level identifier appears; it exits 0 when
everything passes. It complements :mod:`mia_helpers.disclosure` (which suppresses the tables
the book makes) by checking what actually ended up in the files.

What is scanned
---------------
- **Executed notebooks** (``*.ipynb``): every output of every code cell. HTML tables
  (``text/html``: DataFrame and Styler displays) are parsed; an output without HTML is parsed
  from its ``text/plain`` (a DataFrame's ``to_string`` layout, a Series with its
  ``Name: ..., dtype`` footer, or a Markdown pipe table); printed text (``stdout``) likewise; and
  every JSON output (``application/json``, ``*+json``: records, column or split layouts, and
  scalar ``{"n_treated": 4}`` entries) is walked. Images cannot be read: save a figure's data
  as CSV next to it, and it is checked as a CSV.
- **CSV / TSV files**: results, exclusion logs, figure data.
- **Data files** (``*.parquet``, ``*.feather``, ``*.pkl``, ``*.dta``, ``*.sav``,
  ``*.sas7bdat``, ``*.rds``, ``*.npy``) are refused outright: an export carries tables and
  figures, not data sets.

Hidden folders (``.jupyter_cache``, ``.ipynb_checkpoints``...) are skipped.

Rules
-----
``small_count``
    A value ``v`` with ``0 < v < min_cell`` in a *count column*. A column is a count column when
    its name (any level of a multi-level header) is ``n``, ``count``, ``persons``, ``n_*``,
    ``*_n``, ``*_count``, ``count_*``, ``persons_*``, ``*_persons``, ``events``, ``at_risk``,
    ``treated``, ``controls``, ``frequency`` or ``aantal*`` (case-insensitive), except names
    that count something other than persons: ``n_boot*``, ``n_rep*``, ``n_sim*``, ``n_iter*``,
    ``n_draws``, ``n_quarters``, ``n_periods``, ``n_measures``, ``n_folds``, ``n_threads``,
    ``n_cores``, ``n_jobs``. In a notebook cell tagged ``counts`` every numeric column of every
    output table is a count column; a cell tagged ``not-person-counts`` (simulation
    replications and the like) is exempt from this rule (the tag is visible to the output
    checker). Zero passes (nobody in the cell discloses nothing); suppression markers such as
    ``<10`` and ``x`` (any non-numeric entry) pass.
``person_id_column``
    A column, index level or printed table header named like a person identifier:
    ``person_id``, ``person``, ``id``, ``pid``, ``pseudo_id``, ``persoon_id``, ``client_id``,
    ``individual_id``, ``rrn``, ``insz``, ``ssin``, ``rijksregisternummer``,
    ``national_number`` (see :func:`mia_helpers.disclosure.check_no_person_ids`).
``id_like_values``
    A column (or the row index) that looks like identifiers whatever its name: at least
    ``id_min_rows`` (20) non-missing values, all distinct, and either pseudonymisation hashes
    (hexadecimal or alphanumeric tokens of one length >= 16, unless the column is named as a
    file hash: ``sha256``, ``md5``, ``hash``, ``checksum``, ``fingerprint``) or integers that are not a
    consecutive run (row numbers, quarters, years) and reach ``id_min_value`` (1000), in an
    unnamed column/index or one whose name contains ``id``/``nr``/``nummer``. A sample of
    person-level rows (``df.sample(25)``) shows such an index.
``data_file``
    A data file in the folder (see above).
"""

from __future__ import annotations

import argparse
import json
import re
from collections.abc import Hashable, Iterator
from dataclasses import dataclass
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from mia_helpers.disclosure import DEFAULT_MIN_CELL

__all__ = ["Finding", "check_table", "scan", "scan_csv", "scan_notebook"]

COUNT_NAME = re.compile(
    r"^(n|count|counts|persons|n_.+|.+_n|.+_count|count_.+|persons_.+|.+_persons|events|"
    r"at_risk|treated|controls|frequency|freq|aantal.*)$",
    re.IGNORECASE,
)
NOT_PERSON_COUNT = re.compile(
    r"^n_(boot\w*|rep\w*|sim\w*|iter\w*|draws?|quarters?|periods?|measures?|folds?|threads?|"
    r"cores?|jobs?)$",
    re.IGNORECASE,
)
ID_NAME = re.compile(
    r"^(id|person|.*person_?id|persoon_?id|pid|individual_?id|pseudo_?id|client_?id|"
    r"rrn|insz|ssin|rijksregisternummer|national_?number)$",
    re.IGNORECASE,
)
ID_HINT = re.compile(r"(^|_)(id|nr|nummer)($|_)", re.IGNORECASE)
FILE_HASH = re.compile(r"sha\d*|md5|hash|checksum|fingerprint", re.IGNORECASE)  # of files
HASH_TOKEN = re.compile(r"^[0-9A-Za-z+/=_-]{16,}$")
DATA_SUFFIXES = {".parquet", ".feather", ".pkl", ".pickle", ".dta", ".sav", ".sas7bdat", ".rds",
                 ".npy", ".npz", ".arrow"}
TAG_COUNTS = "counts"
TAG_EXEMPT = "not-person-counts"
ID_MIN_ROWS = 20
ID_MIN_VALUE = 1000
_NUMBER = re.compile(r"^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True)
class Finding:
    """One problem: the file, where in it (cell, output, table, line), the rule, the detail."""

    file: str
    where: str
    rule: str
    detail: str

    def __str__(self) -> str:
        loc = f": {self.where}" if self.where else ""
        return f"{self.file}{loc}: {self.rule}: {self.detail}"


# --- table checks ---------------------------------------------------------------------------


def _labels(col: Hashable) -> list[str]:
    parts = col if isinstance(col, tuple) else (col,)
    return [str(p).strip() for p in parts if p is not None and str(p).strip() != ""]


def is_count_column(col: Hashable) -> bool:
    """Whether a column label names a count of persons (see the module docstring)."""
    return any(COUNT_NAME.match(p) and not NOT_PERSON_COUNT.match(p) for p in _labels(col))


def _numbers(values: pd.Series) -> np.ndarray:
    """Numeric value of each entry (NaN for markers, text, missing); tolerates ``1,234``."""
    if pd.api.types.is_bool_dtype(values.dtype):
        return np.full(len(values), np.nan)
    if pd.api.types.is_numeric_dtype(values.dtype):
        return pd.to_numeric(values, errors="coerce").to_numpy(dtype=float, na_value=np.nan)
    text = values.astype("string").str.strip().str.replace(r"(?<=\d)[,\u202f\u00a0 ](?=\d{3})",
                                                           "", regex=True)
    ok = text.str.match(_NUMBER.pattern).fillna(False).astype(bool)
    out = np.full(len(values), np.nan)
    if ok.any():
        out[ok.to_numpy()] = text[ok].astype(float).to_numpy()
    return out


def _id_like(values: pd.Series, name: Hashable, id_min_rows: int, id_min_value: int) -> str | None:
    labels = _labels(name)
    if any(is_count_column(p) for p in labels):
        return None
    v = values.dropna()
    if isinstance(v.dtype, pd.CategoricalDtype):
        v = v.astype(object)
    v = v[v.astype(str).str.strip() != ""]
    if len(v) < id_min_rows or v.astype(str).nunique() != len(v):
        return None
    text = v.astype(str).str.strip()
    lengths = text.str.len()
    if lengths.nunique() == 1 and lengths.iloc[0] >= 16 and text.str.match(HASH_TOKEN.pattern).all() \
            and text.str.contains(r"\d").all() and not any(FILE_HASH.search(p) for p in labels):
        return f"{len(v)} distinct tokens of length {lengths.iloc[0]} look like pseudonymised ids"
    nums = _numbers(text)
    if np.isnan(nums).any() or (nums != np.round(nums)).any() or text.str.contains(r"\.").any():
        return None
    if not labels or any(ID_HINT.search(p) for p in labels):
        if nums.max() - nums.min() + 1 == len(nums) or nums.max() < id_min_value:
            return None
        return f"{len(v)} distinct non-consecutive integers up to {int(nums.max())} look like ids"
    return None


def check_table(
    table: pd.DataFrame,
    min_cell: int = DEFAULT_MIN_CELL,
    all_counts: bool = False,
    exempt_counts: bool = False,
    id_min_rows: int = ID_MIN_ROWS,
    id_min_value: int = ID_MIN_VALUE,
) -> list[tuple[str, str]]:
    """Problems of one published table as (rule, detail) pairs (empty list: publishable).

    Parameters
    ----------
    table : the table as published (markers such as ``"<10"`` allowed). Its index counts too.
    min_cell : minimum number of persons behind a published count.
    all_counts : every numeric column is a count column (cells tagged ``counts``).
    exempt_counts : skip the small-count rule (cells tagged ``not-person-counts``).
    """
    out: list[tuple[str, str]] = []
    names = [("column", c) for c in table.columns]
    names += [("index level", n) for n in table.index.names if n is not None]
    for kind, label in names:
        bad = [p for p in _labels(label) if ID_NAME.match(p)]
        if bad:
            out.append(("person_id_column", f"{kind} {bad[0]!r} is a person identifier"))
    for pos, col in enumerate(table.columns):
        s = table.iloc[:, pos]
        if not exempt_counts and (is_count_column(col) or all_counts):
            nums = _numbers(s)
            with np.errstate(invalid="ignore"):
                small = (nums > 0) & (nums < min_cell)
            if small.any():
                rows = [str(r) for r in table.index[small][:5]]
                more = ", ..." if small.sum() > 5 else ""
                out.append(("small_count",
                            f"column {col!r} holds {int(small.sum())} count(s) in (0, {min_cell}) "
                            f"(rows {', '.join(rows)}{more}); suppress them "
                            "(mia_helpers.disclosure.suppress_small_cells)"))
        why = _id_like(s, col, id_min_rows, id_min_value)
        if why:
            out.append(("id_like_values", f"column {col!r}: {why}"))
    if not isinstance(table.index, pd.RangeIndex):
        for lvl in range(table.index.nlevels):
            idx = pd.Series(table.index.get_level_values(lvl))
            why = _id_like(idx, table.index.names[lvl], id_min_rows, id_min_value)
            if why:
                out.append(("id_like_values", f"row index: {why}"))
    return out


# --- HTML tables ----------------------------------------------------------------------------


class _TableParser(HTMLParser):
    """Collect every <table> as rows of (is_header_row, [(tag, text, colspan, rowspan)])."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tables: list[list[tuple[bool, list[tuple[str, str, int, int]]]]] = []
        self._stack: list[dict] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        if tag == "table":
            self._stack.append({"rows": [], "thead": False, "row": None, "cell": None})
        elif not self._stack:
            return
        t = self._stack[-1]
        if tag == "thead":
            t["thead"] = True
        elif tag == "tbody":
            t["thead"] = False
        elif tag == "tr":
            t["row"] = (t["thead"], [])
        elif tag in ("td", "th") and t["row"] is not None:
            def span(k: str) -> int:
                try:
                    return max(1, int(a.get(k) or 1))
                except ValueError:
                    return 1
            t["cell"] = [tag, "", span("colspan"), span("rowspan")]

    def handle_endtag(self, tag: str) -> None:
        if not self._stack:
            return
        t = self._stack[-1]
        if tag in ("td", "th") and t["cell"] is not None and t["row"] is not None:
            c = t["cell"]
            t["row"][1].append((c[0], " ".join(c[1].split()), c[2], c[3]))
            t["cell"] = None
        elif tag == "tr" and t["row"] is not None:
            t["rows"].append(t["row"])
            t["row"] = None
        elif tag == "thead":
            t["thead"] = False
        elif tag == "table":
            self.tables.append(self._stack.pop()["rows"])

    def handle_data(self, data: str) -> None:
        if self._stack and self._stack[-1]["cell"] is not None:
            self._stack[-1]["cell"][1] += data


def _grid(rows: list[list[tuple[str, str, int, int]]]) -> list[list[tuple[str, str]]]:
    """Expand colspan/rowspan into a rectangular grid of (tag, text)."""
    grid: list[list[tuple[str, str]]] = []
    pending: dict[int, tuple[int, tuple[str, str]]] = {}  # column -> (rows left, cell)
    for cells in rows:
        row: list[tuple[str, str]] = []
        it = iter(cells)
        col = 0
        while True:
            if col in pending:
                left, cell = pending[col]
                row.append(cell)
                if left <= 1:
                    del pending[col]
                else:
                    pending[col] = (left - 1, cell)
                col += 1
                continue
            nxt = next(it, None)
            if nxt is None:
                break
            tag, text, cs, rs = nxt
            for _ in range(cs):
                row.append((tag, text))
                if rs > 1:
                    pending[col] = (rs - 1, (tag, text))
                col += 1
        grid.append(row)
    return grid


def html_tables(html: str) -> list[pd.DataFrame]:
    """The tables of an HTML fragment as DataFrames of text (header rows -> column labels,
    leading ``<th>`` cells of body rows -> index). Markers and numbers stay as text."""
    p = _TableParser()
    p.feed(html)
    p.close()
    out = []
    for rows in p.tables:
        header = [[c for c in cells] for is_head, cells in rows if is_head]
        body = [[c for c in cells] for is_head, cells in rows if not is_head]
        if not header and body and all(c[0] == "th" for c in body[0]):
            header, body = [body[0]], body[1:]  # a table without <thead>
        hgrid, bgrid = _grid(header), _grid(body)
        if not bgrid:
            continue
        width = max(len(r) for r in bgrid)
        n_index = min(next((i for i, c in enumerate(r) if c[0] != "th"), len(r)) for r in bgrid)
        n_index = min(n_index, width - 1) if width > 1 else 0
        hgrid = [r + [("th", "")] * (width - len(r)) for r in hgrid]
        bgrid = [r + [("td", "")] * (width - len(r)) for r in bgrid]
        cols = []
        for j in range(n_index, width):
            parts = tuple(r[j][1] for r in hgrid if r[j][1] != "")
            cols.append(parts if len(parts) > 1 else (parts[0] if parts else ""))
        index_names = [next((r[j][1] for r in hgrid if r[j][1] != ""), None) for j in range(n_index)]
        data = [[c[1] for c in r[n_index:]] for r in bgrid]
        df = pd.DataFrame(data, dtype=object)
        df.columns = pd.Index(cols, tupleize_cols=False, dtype=object)  # tuples = header levels
        if n_index:
            idx = [[r[j][1] for r in bgrid] for j in range(n_index)]
            df.index = pd.MultiIndex.from_arrays(idx, names=index_names) if n_index > 1 \
                else pd.Index(idx[0], name=index_names[0])
        out.append(df)
    return out


# --- text tables ----------------------------------------------------------------------------

_SERIES_FOOTER = re.compile(r"^Name:\s*(.*?),\s*(Length: \d+,\s*)?dtype:\s*\S+\s*$")


def _pipe_table(lines: list[str]) -> pd.DataFrame | None:
    rows = [[c.strip() for c in ln.strip().strip("|").split("|")] for ln in lines]
    rows = [r for r in rows if not all(re.fullmatch(r":?-{2,}:?", c) or c == "" for c in r)]
    if len(rows) < 2 or len({len(r) for r in rows}) != 1:
        return None
    return pd.DataFrame(rows[1:], columns=rows[0], dtype=object)


def text_tables(text: str) -> list[pd.DataFrame]:
    """Tables printed as text: a DataFrame's ``to_string`` layout (columns right-aligned under
    their header), a Series with its ``Name:`` footer, or a Markdown pipe table."""
    out: list[pd.DataFrame] = []
    blocks = re.split(r"\n\s*\n", text.strip("\n"))
    for block in blocks:
        lines = [ln.rstrip() for ln in block.split("\n") if ln.strip()]
        if len(lines) < 2:
            continue
        if all(ln.lstrip().startswith("|") for ln in lines):
            t = _pipe_table(lines)
            if t is not None:
                out.append(t)
            continue
        m = _SERIES_FOOTER.match(lines[-1])
        if m:
            body = lines[:-1]
            rows = [re.split(r"\s{2,}", ln.strip()) for ln in body]
            rows = [r for r in rows if len(r) >= 2]
            if rows:
                s = pd.Series([r[-1] for r in rows], index=[" ".join(r[:-1]) for r in rows],
                              name=m.group(1), dtype=object)
                out.append(s.to_frame())
            continue
        header = lines[0]
        spans = [(mm.start(), mm.end(), mm.group()) for mm in re.finditer(r"\S+(?: \S+)*", header)]
        if not spans:
            continue
        ends = [e for _, e, _ in spans]
        names = [g for _, _, g in spans]
        data_lines = [ln for ln in lines[1:] if not (ln.strip() and ln[: spans[0][0]].strip() and
                                                      not ln[spans[0][0]:].strip())]
        rows, index = [], []
        for ln in data_lines:
            if len(ln) < ends[-1] - len(names[-1]):
                continue
            first = re.split(r"\s{2,}", ln[: ends[0]].strip())
            vals = [first[-1]] + [ln[ends[k - 1]: ends[k]].strip() for k in range(1, len(ends))]
            rows.append(vals)
            index.append(first[0] if len(first) > 1 else "")
        if rows:
            out.append(pd.DataFrame(rows, columns=names, index=index, dtype=object))
    return out


def _text_id_headers(text: str) -> list[str]:
    """Identifier names in a printed table header (a line of identifier-like words, followed by
    a line starting with a row number)."""
    lines = text.split("\n")
    found = []
    for a, b in zip(lines, lines[1:], strict=False):
        toks = a.split()
        nxt = b.split()
        if len(toks) >= 2 and all(re.fullmatch(r"\w+", t) for t in toks) and nxt and \
                re.fullmatch(r"\d+", nxt[0]):
            found += [t for t in toks if ID_NAME.match(t)]
    return found


# --- JSON -----------------------------------------------------------------------------------


def json_tables(obj: Any) -> Iterator[pd.DataFrame]:
    """Tables inside a JSON value: lists of records, ``{"columns", "data"}`` (split layout),
    dicts of equal-length lists, and the scalar entries of any dict (as a one-row table)."""
    if isinstance(obj, list):
        if obj and all(isinstance(x, dict) for x in obj):
            yield pd.DataFrame.from_records(obj)
        for x in obj:
            if isinstance(x, dict | list):
                yield from json_tables(x)
        return
    if not isinstance(obj, dict):
        return
    if isinstance(obj.get("columns"), list) and isinstance(obj.get("data"), list):
        try:
            yield pd.DataFrame(obj["data"], columns=obj["columns"],
                               index=obj.get("index") if isinstance(obj.get("index"), list)
                               else None)
        except (ValueError, TypeError):
            pass
    lists = {k: v for k, v in obj.items() if isinstance(v, list) and
             not any(isinstance(x, dict | list) for x in v)}
    if len(lists) >= 2 and len({len(v) for v in lists.values()}) == 1:
        yield pd.DataFrame(lists)
    scalars = {k: v for k, v in obj.items() if not isinstance(v, dict | list)}
    if scalars:
        yield pd.DataFrame([scalars])
    for k, v in obj.items():
        if isinstance(v, list) and k in lists and len(lists) >= 2:
            continue
        if isinstance(v, dict | list):
            yield from json_tables(v)


# --- files ----------------------------------------------------------------------------------


def _src(x: Any) -> str:
    return "".join(x) if isinstance(x, list) else str(x or "")


def scan_notebook(path: str | Path, min_cell: int = DEFAULT_MIN_CELL,
                  id_min_rows: int = ID_MIN_ROWS, id_min_value: int = ID_MIN_VALUE,
                  display: str | None = None) -> tuple[list[Finding], int]:
    """Check every output of an executed notebook; return (findings, number of tables seen)."""
    path = Path(path)
    name = display or str(path)
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as err:
        return [Finding(name, "", "unreadable", f"not a notebook: {err}")], 0
    findings: list[Finding] = []
    n_tables = 0
    for ci, cell in enumerate(nb.get("cells", [])):
        if cell.get("cell_type") != "code":
            continue
        tags = set((cell.get("metadata") or {}).get("tags") or [])
        ec = cell.get("execution_count")
        here = f"cell {ci}" + (f" [In {ec}]" if ec else "")
        for oi, output in enumerate(cell.get("outputs") or []):
            tables: list[pd.DataFrame] = []
            texts: list[str] = []
            if output.get("output_type") == "stream":
                texts.append(_src(output.get("text")))
                tables += text_tables(texts[-1])
            data = output.get("data") or {}
            if "text/html" in data and "<table" in _src(data["text/html"]).lower():
                tables += html_tables(_src(data["text/html"]))
            elif "text/markdown" in data and "|" in _src(data["text/markdown"]):
                tables += text_tables(_src(data["text/markdown"]))
            elif "text/plain" in data:
                texts.append(_src(data["text/plain"]))
                tables += text_tables(texts[-1])
            for mime, value in data.items():
                if mime.endswith("json") and "widget" not in mime:
                    obj = value if not isinstance(value, str) else _json_or_none(value)
                    tables += list(json_tables(obj))
            found: list[Finding] = []
            for ti, t in enumerate(tables):
                n_tables += 1
                for rule, detail in check_table(t, min_cell, TAG_COUNTS in tags, TAG_EXEMPT in tags,
                                                id_min_rows, id_min_value):
                    found.append(Finding(name, f"{here}, output {oi}, table {ti}", rule, detail))
            if not any(f.rule == "person_id_column" for f in found):
                for text in texts:  # a printed header the table parser could not align
                    for ident in sorted(set(_text_id_headers(text))):
                        found.append(Finding(name, f"{here}, output {oi}", "person_id_column",
                                             f"printed table has a column {ident!r}"))
            findings += found
    return _dedupe(findings), n_tables


def _json_or_none(text: str) -> Any:
    try:
        return json.loads(text)
    except ValueError:
        return None


def _dedupe(findings: list[Finding]) -> list[Finding]:
    seen, out = set(), []
    for f in findings:
        key = (f.file, f.where.split(", table")[0], f.rule, f.detail)
        if key not in seen:
            seen.add(key)
            out.append(f)
    return out


def scan_csv(path: str | Path, min_cell: int = DEFAULT_MIN_CELL, id_min_rows: int = ID_MIN_ROWS,
             id_min_value: int = ID_MIN_VALUE, display: str | None = None) -> list[Finding]:
    """Check one CSV (or TSV) file; row numbers in the findings are file line numbers."""
    path = Path(path)
    name = display or str(path)
    try:
        df = pd.read_csv(path, dtype=str, keep_default_na=False,
                         sep="\t" if path.suffix.lower() == ".tsv" else None, engine="python")
    except (OSError, ValueError, pd.errors.ParserError) as err:
        return [Finding(name, "", "unreadable", f"cannot read as CSV: {err}")]
    df.index = pd.RangeIndex(2, len(df) + 2, name="line")
    return [Finding(name, "", rule, detail.replace("(rows ", "(lines "))
            for rule, detail in check_table(df, min_cell, id_min_rows=id_min_rows,
                                            id_min_value=id_min_value)]


@dataclass
class ScanResult:
    """What :func:`scan` looked at and what it found."""

    findings: list[Finding]
    notebooks: int = 0
    tables: int = 0
    csv_files: int = 0

    @property
    def ok(self) -> bool:
        return not self.findings


def scan(root: str | Path, min_cell: int = DEFAULT_MIN_CELL, id_min_rows: int = ID_MIN_ROWS,
         id_min_value: int = ID_MIN_VALUE) -> ScanResult:
    """Check every notebook, CSV/TSV and data file under ``root`` (a folder or one file)."""
    root = Path(root)
    if not root.exists():
        raise ValueError(f"nothing to check: {root} does not exist")
    if root.is_file():
        files, base = [root], root.parent
    else:
        files = sorted(p for p in root.rglob("*") if p.is_file() and not any(
            part.startswith(".") for part in p.relative_to(root).parts))
        base = root
    res = ScanResult([])
    for p in files:
        shown = str(p.relative_to(base)) if p != root else str(p)
        suffix = p.suffix.lower()
        if suffix == ".ipynb":
            f, n = scan_notebook(p, min_cell, id_min_rows, id_min_value, display=shown)
            res.findings += f
            res.notebooks += 1
            res.tables += n
        elif suffix in (".csv", ".tsv"):
            res.findings += scan_csv(p, min_cell, id_min_rows, id_min_value, display=shown)
            res.csv_files += 1
        elif suffix in DATA_SUFFIXES:
            res.findings.append(Finding(shown, "", "data_file",
                                        "data files may not leave the secure environment"))
    return res


def _add_arguments(p: argparse.ArgumentParser) -> None:
    p.add_argument("path", type=Path, help="executed book, run folder or one file")
    p.add_argument("--min-cell", type=int, default=DEFAULT_MIN_CELL,
                   help=f"minimum persons behind a published count (default {DEFAULT_MIN_CELL})")
    p.add_argument("--id-min-rows", type=int, default=ID_MIN_ROWS,
                   help="distinct values from which a column can look like ids (default 20)")


def _run(args: argparse.Namespace) -> int:
    if args.min_cell < 1:
        raise ValueError("--min-cell must be >= 1")
    res = scan(args.path, args.min_cell, args.id_min_rows)
    for f in res.findings:
        print(f)
    summary = (f"export-check {args.path}: {res.notebooks} notebook(s) ({res.tables} table(s)), "
               f"{res.csv_files} CSV file(s), min_cell={args.min_cell}: ")
    print(summary + ("OK" if res.ok else f"FAILED ({len(res.findings)} problem(s))"))
    return 0 if res.ok else 1

