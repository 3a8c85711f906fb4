"""PDF check: overfull boxes inside tables, with their table and page, and pages as PNG.

Run after ``make pdf`` (or ``jupyter-book build . --builder pdflatex``):

    .venv/bin/python benchmarks/pdf_check.py [_build/latex] [--png DIR] [--resolution 60]
        [--all-tables] [--tolerance-pt 0]

It reads the xelatex log (``mia-book.log``) and the LaTeX source (``mia-book.tex``) that
produced it, and prints

* every ``Overfull \\hbox`` whose source lines lie inside a table environment (``tabular``,
  ``tabulary``, ``longtable``), with the table's number and label (from ``mia-book.aux``), how
  far it sticks out (pt) and the PDF page (1-based, as pdftoppm counts; from the shipped-out
  pages in the log);
* every ``Overfull \\vbox``, i.e. material running into the footer, with its page;
* counts of overfull boxes outside tables (code, long words in text), for information.

With ``--png DIR`` the pages with a reported box (and with ``--all-tables`` every page that
shows a table caption, found with pdftotext) are rendered with pdftoppm for a visual check.

Exit status 1 when any table has an overfull box wider than ``--tolerance-pt`` (default 0,
i.e. every box TeX reports: TeX's own \\hfuzz, 0.1 pt, is the threshold) or any \\vbox
overflows; 0 otherwise. Not a test: the book build it needs takes minutes (``tests/
test_latex_tables.py`` checks the same on a small fixture document).
"""

from __future__ import annotations

import argparse
import re
import shutil
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

#: TeX wraps log lines at max_print_line characters (TeX Live default 79)
MAX_PRINT_LINE = 79
_BOX = re.compile(
    r"^(Overfull|Underfull) \\([hv])box \((?:([\d.]+)pt too (?:wide|high)|badness (\d+))\) "
    r"(?:in paragraph at lines (\d+)--(\d+)|in alignment at lines (\d+)--(\d+)"
    r"|detected at line (\d+)|has occurred while \\output is active)"
)
# a shipped-out page: "[12" (then "]", or file names and font maps "<...>", "{...}")
_SHIPOUT = re.compile(r"(?:^|(?<=[\s\]]))\[(\d+)(?=[\]\s<{]|$)")
_TABLE_ENV = re.compile(r"\\(begin|end)\{(tabulary|tabular|longtable)\}")
_LABEL = re.compile(r"\\label\{\\detokenize\{([^}]*)\}\}")
_NEWLABEL = re.compile(r"^\\newlabel\{([^}]*)\}\{\{([^}]*)\}\{([^}]*)\}")
_CAPTION = re.compile(r"^\s*Table ([A-Z0-9]+(?:\.\d+)*)\s*:", re.MULTILINE)


@dataclass
class Box:
    kind: str  # "Overfull" / "Underfull"
    box: str  # "h" / "v"
    pt: float | None  # how far too wide/high (None for an Underfull's badness)
    first: int | None  # .tex source lines (None: while \output was active)
    last: int | None
    page: int  # PDF page (1-based): the next page shipped out (see parse_log)


@dataclass
class TableSpan:
    first: int  # .tex lines of the table environment, caption included
    last: int
    label: str
    number: str  # printed table number ("3.2"), "" when unlabelled
    printed_page: int | None  # printed page number of its label (caption), from the .aux


def unwrap_log(text: str) -> list[str]:
    """Log lines with TeX's hard wraps (lines of exactly MAX_PRINT_LINE characters) undone."""
    out: list[str] = []
    buffer = ""
    for line in text.splitlines():
        buffer += line
        if len(line) != MAX_PRINT_LINE:
            out.append(buffer)
            buffer = ""
    if buffer:
        out.append(buffer)
    return out


def parse_log(text: str) -> tuple[list[Box], list[int]]:
    """Boxes reported in a TeX log and the printed number (\\count0) of each shipped page.

    A box warning is followed by a display of the box up to an empty line; page markers
    inside that display are not pages and are skipped. ``Box.page`` is the page shipped out
    next: TeX reports while it builds paragraphs and table rows, before their page is output,
    so this is exact for running text and longtables, and a lower bound for a table that
    cannot break (it may move to the page after); :func:`locate` refines it.
    """
    boxes: list[Box] = []
    shipped: list[int] = []
    in_display = False
    for line in unwrap_log(text):
        if in_display:
            if not line.strip():
                in_display = False
            continue
        m = _BOX.match(line)
        if m:
            kind, box, pt, _badness, *lines = m.groups()
            nums = [int(x) for x in lines if x is not None]
            first, last = (nums[0], nums[-1]) if nums else (None, None)
            page = len(shipped) + 1
            boxes.append(Box(kind, box, float(pt) if pt else None, first, last, page))
            in_display = box == "h"  # \hbox warnings print the box's contents
            rest = line[m.end():]
        else:
            rest = line
        shipped += [int(n) for n in _SHIPOUT.findall(rest)]
    return boxes, shipped


def table_spans(tex: str, aux: str = "") -> list[TableSpan]:
    """Line ranges (1-based) of the outermost table environments of a LaTeX file.

    A span starts at the ``\\begin{savenotes}`` before the table when there is one (Sphinx
    puts the caption between the two) and ends at the table's ``\\end``. The label is the
    first ``\\label`` inside; its printed number comes from the ``.aux`` file.
    """
    labels = {m.group(1): (m.group(2), m.group(3))
              for m in map(_NEWLABEL.match, aux.splitlines()) if m}
    lines = tex.splitlines()
    spans: list[TableSpan] = []
    depth, start, previous_end = 0, 0, 0
    for i, line in enumerate(lines, start=1):
        for m in _TABLE_ENV.finditer(line):
            if m.group(1) == "begin":
                if depth == 0:
                    start = i
                    # back to this table's savenotes, never into the previous table
                    for j in range(i - 1, max(previous_end, i - 40), -1):
                        if "\\begin{savenotes}" in lines[j - 1]:
                            start = j
                            break
                depth += 1
            elif depth:
                depth -= 1
                if depth == 0:
                    previous_end = i
                    body = "\n".join(lines[start - 1:i])
                    label = _LABEL.search(body)
                    name = label.group(1) if label else ""
                    number, page = labels.get(name, ("", ""))
                    spans.append(TableSpan(start, i, name, number,
                                           int(page) if page.isdigit() else None))
    return spans


def table_of(box: Box, spans: list[TableSpan]) -> TableSpan | None:
    """The table whose source lines contain the box's first line, if any."""
    if box.first is None:
        return None
    for span in spans:
        if span.first <= box.first <= span.last:
            return span
    return None


def locate(box: Box, table: TableSpan | None, shipped: list[int], ahead: int = 3) -> int:
    """PDF page of a box in ``table``: the first page from ``box.page`` up to ``ahead`` pages
    later on which the table's caption was printed (a table that cannot break moves to the
    next page, and floats shipped meanwhile can push it further), else ``box.page`` (a box
    in running text, an unlabelled table, or a later page of a longtable)."""
    if table is None or table.printed_page is None:
        return box.page
    for page in range(box.page, min(len(shipped), box.page + ahead) + 1):
        if shipped[page - 1] == table.printed_page:
            return page
    return box.page


def caption_pages(pdf: Path) -> dict[int, list[str]]:
    """PDF pages (1-based) showing a table caption "Table N.M:", with those numbers."""
    text = subprocess.run(["pdftotext", "-layout", str(pdf), "-"], check=True,
                          capture_output=True, text=True).stdout
    out: dict[int, list[str]] = {}
    for page, page_text in enumerate(text.split("\f"), start=1):
        numbers = _CAPTION.findall(page_text)
        if numbers:
            out[page] = numbers
    return out


def render(pdf: Path, pages: list[int], out: Path, resolution: int) -> list[Path]:
    """Render ``pages`` of ``pdf`` to ``out/page-NNN.png`` with pdftoppm."""
    out.mkdir(parents=True, exist_ok=True)
    files = []
    for page in sorted(set(pages)):
        stem = out / f"page-{page:03d}"
        subprocess.run(["pdftoppm", "-r", str(resolution), "-png", "-singlefile",
                        "-f", str(page), "-l", str(page), str(pdf), str(stem)], check=True)
        files.append(stem.with_suffix(".png"))
    return files


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("latex_dir", nargs="?", default="_build/latex", type=Path)
    parser.add_argument("--name", default="mia-book", help="stem of the .tex/.log/.pdf files")
    parser.add_argument("--png", type=Path, help="render the reported pages into this folder")
    parser.add_argument("--all-tables", action="store_true",
                        help="with --png: also render every page showing a table caption")
    parser.add_argument("--resolution", type=int, default=60, help="pdftoppm -r (dpi)")
    parser.add_argument("--tolerance-pt", type=float, default=0.0,
                        help="ignore table boxes at most this much too wide")
    parser.add_argument("--verbose", action="store_true", help="list every box")
    args = parser.parse_args(argv)
    base = args.latex_dir / args.name
    log, tex, aux, pdf = (base.with_suffix(s) for s in (".log", ".tex", ".aux", ".pdf"))
    for path in (log, tex):
        if not path.is_file():
            sys.exit(f"{path} not found: build the PDF first (make pdf)")
    if log.stat().st_mtime < tex.stat().st_mtime:
        sys.exit(f"{log} is older than {tex}: the log is stale, rebuild the PDF (make pdf)")
    boxes, shipped = parse_log(log.read_text(errors="replace"))

    spans = table_spans(tex.read_text(errors="replace"),
                        aux.read_text(errors="replace") if aux.is_file() else "")
    print(f"{log}: {len(shipped)} pages shipped out, {len(spans)} tables in {tex.name}")
    for b in boxes:
        b.page = locate(b, table_of(b, spans), shipped)

    in_tables = [(b, t) for b in boxes if b.kind == "Overfull" and b.box == "h"
                 for t in [table_of(b, spans)] if t is not None and (b.pt or 0) > args.tolerance_pt]
    vboxes = [b for b in boxes if b.kind == "Overfull" and b.box == "v"]
    outside = [b for b in boxes if b.kind == "Overfull" and b.box == "h" and table_of(b, spans)
               is None]
    print(f"\nOverfull \\hbox inside tables (> {args.tolerance_pt:g} pt): {len(in_tables)} "
          f"in {len({t.first for _, t in in_tables})} tables")
    by_table: dict[int, list[tuple[Box, TableSpan]]] = {}
    for b, t in in_tables:
        by_table.setdefault(t.first, []).append((b, t))
    for group in by_table.values():
        t = group[0][1]
        name = f"Table {t.number}" if t.number else "unnumbered table"
        pages = sorted({b.page for b, _ in group})
        print(f"  page {'/'.join(map(str, pages)):>7}  {name:<12} {len(group):3d} boxes, widest "
              f"{max(b.pt or 0 for b, _ in group):6.1f} pt  {t.label or f'tex line {t.first}'}")
        if args.verbose:
            for b, _ in group:
                print(f"      {b.pt:7.2f} pt  tex lines {b.first}-{b.last}")
    print(f"\nOverfull \\vbox (material running into the footer): {len(vboxes)}")
    for b in vboxes:
        where = f"tex line {b.first}" if b.first else "while shipping the page"
        t = table_of(b, spans)
        tname = f", in Table {t.number or '?'} {t.label}" if t else ""
        print(f"  page {b.page:4d}  {b.pt:7.2f} pt  {where}{tname}")
    widest = max((b.pt or 0 for b in outside), default=0.0)
    print(f"\nOverfull \\hbox outside tables: {len(outside)} (widest {widest:.1f} pt)")

    if args.png:
        if shutil.which("pdftoppm") is None or not pdf.is_file():
            sys.exit("pdftoppm (poppler-utils) and the PDF are needed for --png")
        pages = [b.page for b, _ in in_tables] + [b.page for b in vboxes]
        if args.all_tables:
            pages += list(caption_pages(pdf))
        files = render(pdf, pages, args.png, args.resolution)
        print(f"\n{len(files)} pages rendered into {args.png}/")
    return 1 if in_tables or vboxes else 0


if __name__ == "__main__":
    sys.exit(main())
