r"""Sphinx extension: the PDF as a book.

For the LaTeX builder only (the HTML is untouched):

1. **Tables as LaTeX tables.** A notebook's pandas tables reach Sphinx as ``text/html``
   (DataFrame and Styler displays) and ``text/plain``. By default the PDF printed the plain
   text, a fixed-width dump that wraps and splits across pages. ``_config.yml`` makes the
   LaTeX builder prefer ``text/html`` (``nb_mime_priority_overrides``) and this extension turns
   each HTML table into a docutils table, which Sphinx writes as a real LaTeX table
   (booktabs rules; ``longtable`` with repeated headers when it is long). A ``<caption>``
   becomes the table's caption. HTML output that holds no table is printed as text, so
   nothing is dropped silently.
2. **Tables that fit the page.** Every table, MyST ``{table}`` or pandas, is measured
   (FreeFont metrics of the book's fonts) and given Sphinx's own ``tabularcolumns``
   specification and a font size (\small, \footnotesize or \scriptsize, set per column so
   that the caption keeps the text size) with which it fits the text width: natural columns
   where they fit, else ragged ``p`` columns no narrower than their widest word, without
   hyphenation; pandas names may break after an underscore. Tall tables, and tables inside
   admonitions, exercises and solutions, become longtables that break across pages (see
   :func:`table_layout` and :class:`FitTablesToPage`; ``latex_fit_tables = False`` turns it
   off). ``benchmarks/pdf_check.py`` lists what still overflows in a built PDF.
3. **Book structure.** The root page (``book/intro``) becomes an unnumbered chapter
   "Introduction" with unnumbered sections, instead of chapters 1-5 that pushed "Chapter 1"
   to chapter six; chapters are numbered 1-6 by LaTeX, appendices A-D (their figures and
   tables A.1, ...), and the API reference, disclosure page, glossary, teaching notes and
   bibliography are unnumbered (see :func:`book_structure`).
4. **One bibliography without labels.** The preamble (``_config.yml``, ``latex_elements``)
   sets the bibliography as a hanging list without the alphabetic labels and without a
   second heading; the text cites author-year.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util import logging
from sphinx_exercise.nodes import exercise_enumerable_node

logger = logging.getLogger(__name__)


def _grid(rows) -> list[list[str]]:
    """Text grid of HTML rows (``<tr>`` elements), colspan and rowspan expanded with blanks."""
    grid: list[list[str | None]] = []
    for r, tr in enumerate(rows):
        while len(grid) <= r:
            grid.append([])
        c = 0
        for cell in tr.find_all(["th", "td"], recursive=False):
            while c < len(grid[r]) and grid[r][c] is not None:
                c += 1
            text = cell.get_text(" ", strip=True)
            colspan = int(cell.get("colspan", 1) or 1)
            rowspan = int(cell.get("rowspan", 1) or 1)
            for dr in range(rowspan):
                while len(grid) <= r + dr:
                    grid.append([])
                row = grid[r + dr]
                while len(row) < c + colspan:
                    row.append(None)
                for dc in range(colspan):
                    row[c + dc] = text if (dr == 0 and dc == 0) else ""
            c += colspan
    return [[cell or "" for cell in row] for row in grid]


_NEGATIVE = re.compile(r"^-(?=[\d.])")


def _row(cells: list[str]) -> nodes.row:
    row = nodes.row()
    for text in cells:
        # a minus sign, not a hyphen: LaTeX may break a line after a hyphen ("-" / "0.11")
        text = _NEGATIVE.sub("\u2212", text)
        entry = nodes.entry()
        entry += nodes.paragraph(text=text)
        row += entry
    return row


def html_table_to_nodes(html: str) -> list[nodes.Node]:
    """Docutils nodes for the tables of an HTML fragment (a pandas or Styler display).

    Returns raw LaTeX font-size switches around one :class:`docutils.nodes.table` per
    ``<table>``, or a literal block of the fragment's text when it holds no table.
    """
    from bs4 import BeautifulSoup

    soup = BeautifulSoup(html, "html.parser")
    tables = soup.find_all("table")
    if not tables:
        text = soup.get_text("\n", strip=True)
        return [nodes.literal_block(text, text)] if text else []
    out: list[nodes.Node] = []
    for html_table in tables:
        head_rows = html_table.thead.find_all("tr", recursive=False) if html_table.thead else []
        body = html_table.tbody or html_table
        body_rows = [tr for tr in body.find_all("tr", recursive=False) if tr not in head_rows]
        head, rows = _grid(head_rows), _grid(body_rows)
        ncols = max((len(r) for r in head + rows), default=0)
        if ncols == 0:
            continue
        head = [r + [""] * (ncols - len(r)) for r in head]
        rows = [r + [""] * (ncols - len(r)) for r in rows]
        table = nodes.table(classes=["mia-table"])
        caption = html_table.find("caption")
        if caption is not None and caption.get_text(strip=True):
            table += nodes.title(text=caption.get_text(" ", strip=True))
        tgroup = nodes.tgroup(cols=ncols)
        table += tgroup
        for _ in range(ncols):
            tgroup += nodes.colspec(colwidth=1)
        if head:
            thead = nodes.thead()
            for r in head:
                thead += _row(r)
            tgroup += thead
        tbody = nodes.tbody()
        for r in rows or [[""] * ncols]:
            tbody += _row(r)
        tgroup += tbody
        out.append(table)
    return out


class HtmlTablesToLatex(SphinxPostTransform):
    """Replace raw HTML table outputs by docutils tables (LaTeX builder only)."""

    default_priority = 400
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        for raw in list(self.document.findall(nodes.raw)):
            if "html" not in raw.get("format", "").split():
                continue
            raw.replace_self(html_table_to_nodes(raw.astext()))


# --- fitting tables to the text width ------------------------------------------------------
# Advance widths (1/1000 em) of the book's fonts, GNU FreeFont as set by Sphinx for xelatex:
# FreeSerif (table body) and FreeSans (header cells, ``\sphinxstyletheadfamily`` = \sffamily).
# Read from /usr/share/fonts/opentype/freefont/Free{Serif,Sans}.otf (fonts-freefont-otf 20211204)
# with fontTools (hmtx / unitsPerEm 1000). Any other character counts as _UNKNOWN_WIDTH.
_METRIC_CHARS = (
    " !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefghijklmnopqrstuvwxyz{|}~"
    "\u2212\u2013\u2014\u00d7\u2264\u2265\u2019\u201c\u201d\u00e9\u00eb\u00ef\u00b1\u2026\u00b7"
)
_SERIF = (
    "250 333 400 500 500 833 778 200 333 333 500 564 250 333 250 296 500 500 500 500 500 500 500 "
    "500 500 500 250 250 564 564 564 444 865 721 631 670 719 610 564 722 714 327 385 709 611 881 "
    "725 724 576 723 667 529 606 721 701 947 714 701 613 333 296 333 469 500 250 435 500 444 499 "
    "444 373 467 498 278 348 513 258 779 489 491 500 499 345 367 283 490 468 683 482 471 417 480 "
    "200 480 500 564 500 1000 564 636 636 200 400 400 444 444 278 564 1000 250"
)
_SANS = (
    "250 333 333 556 556 889 667 200 333 333 389 584 278 333 250 278 556 556 556 556 556 556 556 "
    "556 556 556 250 250 584 584 584 556 1015 666 664 709 698 633 599 765 721 278 528 674 563 846 "
    "730 784 656 784 709 667 632 720 645 937 657 678 615 278 278 277 469 556 250 543 559 506 559 "
    "533 280 550 536 222 243 514 214 812 537 534 559 559 332 493 280 537 496 722 476 478 486 333 "
    "250 333 500 584 500 1000 584 584 584 250 400 400 533 533 262 584 680 250"
)
_WIDTHS = {
    "serif": dict(zip(_METRIC_CHARS, map(int, _SERIF.split()), strict=True)),
    "sans": dict(zip(_METRIC_CHARS, map(int, _SANS.split()), strict=True)),
}
_UNKNOWN_WIDTH = 1000  # an em: wider than any character measured above
#: inline code (``\sphinxcode``) is set in FreeMono, 600 units for every character; such
#: text is marked by shifting its characters into a private-use plane (see _entry_text)
_MONO_WIDTH, _MONO_SHIFT = 600, 0xF0000
#: estimated widths are multiplied by this and padded by _PAD_PT: xelatex's kerning and the
#: inter-word stretch of a justified line make real widths differ by a few per cent.
_SAFETY, _PAD_PT = 1.04, 1.0
#: \linewidth in pt for Sphinx's default geometry (hmargin 1in on each side), by papersize;
#: measured with \showthe\linewidth in a Sphinx 7.4 LaTeX build (xelatex).
TEXTWIDTH_PT = {"a4paper": 453.0, "letterpaper": 469.0}
#: font sizes tried, largest first: LaTeX command, size and baselineskip in pt (10pt class),
#: and the space \tabcolsep on each side of a column.
SIZES = (
    (r"\small", 9.0, 11.0, 5.0),
    (r"\footnotesize", 8.0, 9.5, 4.0),
    (r"\scriptsize", 7.0, 8.0, 3.0),
)
_SMALL, _FOOTNOTE, _SCRIPT = SIZES
#: (size, layouts) in the order tried by :func:`table_layout`
#: ("c": text wrapped on at most MAX_TEXT_LINES lines; "C": on any number of lines). Each
#: entry is a group: the first (size, layouts) of a one-element group that fits is taken;
#: of a larger group, the fitting candidate with the lowest estimated table wins.
ORDER = (
    ((_SMALL, "ab"),), ((_FOOTNOTE, "ab"),), ((_SMALL, "c"),), ((_FOOTNOTE, "c"),),
    ((_SCRIPT, "abc"),),
    ((_SMALL, "C"), (_FOOTNOTE, "C"), (_SCRIPT, "C")),
    ((_SMALL, "d"), (_FOOTNOTE, "d"), (_SCRIPT, "d")),
)
#: a text cell wrapped on more lines than this is worth a smaller font first
MAX_TEXT_LINES = 2
#: a table taller than this (pt, estimated) or with more rows is set as a longtable, which
#: breaks across pages (A4 text height is about 700 pt)
LONG_PT, LONG_ROWS = 330.0, 20
#: a number, interval, percentage, p-value ("<0.001") or count, possibly with a marker
_NUMERIC = re.compile(r"^[\s\d.,:;%+\-\u2212\u2013()\[\]<>=\u2264\u2265\u00d7*\u2020\u2021^eE]*$")
_DIGIT = re.compile(r"\d")
#: cells of a numeric column without a number: dashes, disclosure's suppressed-value marker
_PLACEHOLDERS = ("-", "\u2013", "\u2212", "x")


def text_width(text: str, size_pt: float, font: str = "serif") -> float:
    """Width in pt of one line of ``text`` set in the book's ``font`` at ``size_pt``.

    Parameters
    ----------
    text : str
        The line (no line breaks).
    size_pt : float
        Font size in pt.
    font : {"serif", "sans"}
        FreeSerif (table body) or FreeSans (header cells).

    Returns
    -------
    float
        Advance width, from the fonts' metrics (see ``_SERIF``), times ``_SAFETY`` plus
        ``_PAD_PT``; 0 for an empty string.
    """
    if not text:
        return 0.0
    table = _WIDTHS[font]
    units = sum(_MONO_WIDTH if ord(ch) >= _MONO_SHIFT else table.get(ch, _UNKNOWN_WIDTH)
                for ch in text)
    return units / 1000 * size_pt * _SAFETY + _PAD_PT


_BREAKS = re.compile(r"\s+|(?<=_)(?=\w)")


def _cell_widths(text: str, size_pt: float, font: str) -> tuple[float, float]:
    """(natural width, widest word) of a cell's text in pt; lines break only at spaces and
    after the underscores of names (``coefficient_training_basic``, see :func:`_allow_breaks`).
    """
    lines = [ln for ln in text.splitlines() if ln.strip()] or [""]
    natural = max(text_width(ln.strip(), size_pt, font) for ln in lines)
    words = [w for w in _BREAKS.split(text) if w] or [""]
    return natural, max(text_width(w, size_pt, font) for w in words)


def _lines(text: str, width: float, size_pt: float, font: str) -> int:
    """Lines a cell's text takes in a ragged column ``width`` pt wide (greedy filling, as
    TeX's ragged-right setting does when no line can be improved by hyphenation)."""
    space = _WIDTHS[font][" "] / 1000 * size_pt
    count = 0
    for paragraph in text.splitlines() or [""]:
        line, count = 0.0, count + 1
        for word in (w for w in _BREAKS.split(paragraph) if w):
            w = text_width(word, size_pt, font) - _PAD_PT
            if line and line + space + w > width - _PAD_PT:
                count, line = count + 1, w
            else:
                line += (space if line else 0.0) + w
    return count


def _water_fill(minimum: list[float], natural: list[float], avail: float) -> list[float] | None:
    """Column widths: each column its natural width, the widest ones capped at a common
    width t so that the total is ``avail``, none below its minimum; None if the minima alone
    exceed ``avail``."""
    if sum(minimum) > avail + 1e-9:
        return None
    target = [max(m, n) for m, n in zip(minimum, natural, strict=True)]
    if sum(target) <= avail:
        return target
    lo, hi = 0.0, max(target)
    for _ in range(60):  # bisection on the cap t: total width is monotone in t
        t = (lo + hi) / 2
        total = sum(max(m, min(n, t)) for m, n in zip(minimum, target, strict=True))
        lo, hi = (t, hi) if total <= avail else (lo, t)
    return [max(m, min(n, lo)) for m, n in zip(minimum, target, strict=True)]


def table_layout(head: list[list[str]], body: list[list[str]], align: list[str],
                 textwidth_pt: float) -> dict:
    r"""Font size, column specification and table type that make a table fit the text width.

    Layouts, from the most to the least readable: (a) every column at its natural width
    (``l``/``r``/``c`` columns, nothing wraps), (b) body cells on one line, header cells
    wrapped between words, (c) also text columns wrapped between words, (d) every column
    wrapped between words. They are tried in the order of :data:`ORDER` (layout and size
    traded off: a one-line body in \footnotesize before wrapped text in \small, text on at
    most :data:`MAX_TEXT_LINES` lines before longer wraps, \scriptsize only when nothing else
    fits); the first that fits wins. A wrapped column is a ragged ``p`` column of the
    computed width, without hyphenation (no word is ever split: columns are at least as wide
    as their widest word); the others keep their natural width. If even (d) does not fit at
    the smallest size, its widths are scaled down to the text width (``fits`` is False: the
    log will show an overfull box).

    Parameters
    ----------
    head, body : list of list of str
        Header and body rows, one string per column (rows of equal length).
    align : list of str
        Per column "left", "right" or "center".
    textwidth_pt : float
        Width available to the table (\linewidth), in pt.

    Returns
    -------
    dict
        ``size`` (LaTeX size command), ``baselineskip`` and ``tabcolsep`` (pt), ``colspec``
        (for ``tabularcolumns``), ``widths`` (pt per column), ``wrapped`` (bool per column),
        ``level`` ("a".."d"), ``fits`` (bool) and ``longtable`` (bool: estimated height above
        :data:`LONG_PT` or more than :data:`LONG_ROWS` rows).
    """
    ncols = len(align)
    numeric = [a == "right" for a in align]

    def measure(size_pt):
        nat_h, word_h, nat_b, word_b = ([0.0] * ncols for _ in range(4))
        for rows, font, nat, word in ((head, "sans", nat_h, word_h), (body, "serif", nat_b, word_b)):
            for row in rows:
                for c, text in enumerate(row[:ncols]):
                    n, w = _cell_widths(text, size_pt, font)
                    nat[c], word[c] = max(nat[c], n), max(word[c], w)
        return nat_h, word_h, nat_b, word_b

    def body_lines(widths, size_pt, natural):
        """Most lines any body cell takes with these column widths."""
        return max((_lines(text, widths[c], size_pt, "serif")
                    for row in body for c, text in enumerate(row[:ncols])
                    if widths[c] < natural[c] - 1e-6), default=1)

    def attempt(size, levels):
        cmd, size_pt, skip, sep = size
        nat_h, word_h, nat_b, word_b = measure(size_pt)
        natural = [max(h, b) for h, b in zip(nat_h, nat_b, strict=True)]
        avail = textwidth_pt - 2 * sep * ncols
        for level in levels:
            if level == "a":
                widths = natural if sum(natural) <= avail else None
            else:
                minimum = [
                    max(word_h[c], nat_b[c] if level == "b" or (level in "cC" and numeric[c])
                        else word_b[c])
                    for c in range(ncols)
                ]
                # b: headers wrap into the room left by one-line bodies; c, d: body text
                # wraps, so headers are already at their widest word (room goes to bodies)
                desired = natural if level == "b" else [
                    max(word_h[c], nat_b[c]) for c in range(ncols)]
                widths = _water_fill(minimum, desired, avail)
                if (widths is not None and level == "c"
                        and body_lines(widths, size_pt, natural) > MAX_TEXT_LINES):
                    widths = None
            if widths is not None:
                return level.lower(), widths
        return None

    def height(size, widths):
        """Estimated height in pt: per row the most lines any of its wrapped cells takes."""
        nat_h, _, nat_b, _ = measure(size[1])
        natural = [max(h, b) for h, b in zip(nat_h, nat_b, strict=True)]
        total = 0.0
        for rows, font in ((head, "sans"), (body, "serif")):
            for row in rows:
                lines = max((_lines(text, widths[c], size[1], font)
                             for c, text in enumerate(row[:ncols])
                             if widths[c] < natural[c] - 1e-6), default=1)
                total += lines * size[2] + 2.0  # booktabs/colour-row padding per row
        return total

    chosen = None
    for group in ORDER:  # first fit within a group of ORDER; the lowest table across one
        found = [(size, *f) for size, levels in group for f in [attempt(size, levels)] if f]
        if found:
            size, level, widths = min(found, key=lambda f: height(f[0], f[2]))
            chosen = size, level, widths, True
            break
    if chosen is None:  # nothing fits: the smallest size, widest words, scaled down
        size = SIZES[-1]
        _, word_h, _, word_b = measure(size[1])
        widest = [max(h, b) for h, b in zip(word_h, word_b, strict=True)]
        avail = textwidth_pt - 2 * size[3] * ncols
        chosen = size, "d", [w * avail / sum(widest) for w in widest], False
    (cmd, size_pt, skip, sep), level, widths, fits = chosen
    nat_h, _, nat_b, _ = measure(size_pt)
    natural = [max(h, b) for h, b in zip(nat_h, nat_b, strict=True)]
    wrapped = [level != "a" and w < n - 1e-6 for w, n in zip(widths, natural, strict=True)]
    specs = []
    for c in range(ncols):
        if not wrapped[c]:
            specs.append(">{" + cmd + "}" + align[c][0])
            continue
        ragged = {"right": r"\raggedleft", "center": r"\centering"}.get(align[c], r"\raggedright")
        specs.append(
            ">{" + cmd + ragged + r"\arraybackslash\hyphenpenalty=10000\exhyphenpenalty=10000}"
            + f"p{{{widths[c] / textwidth_pt:.4f}\\linewidth}}"
        )
    tall = height((cmd, size_pt, skip, sep), widths)
    return {
        "size": cmd, "baselineskip": skip, "tabcolsep": sep, "colspec": "".join(specs),
        "widths": widths, "wrapped": wrapped, "level": level, "fits": fits,
        "longtable": tall > LONG_PT or len(head) + len(body) > LONG_ROWS,
    }


def _entry_text(entry: nodes.entry) -> str:
    """A cell's text, one line per paragraph; inline code marked as monospaced (its
    characters shifted by _MONO_SHIFT, spaces kept so that words still split)."""

    def text(node: nodes.Node) -> str:
        out = []
        for t in node.findall(nodes.Text):
            s = t.astext()
            if any(isinstance(a, nodes.literal) for a in _ancestors(t)):
                s = "".join(c if c.isspace() else chr(_MONO_SHIFT + ord(c)) for c in s)
            out.append(s)
        return "".join(out)

    paragraphs = list(entry.findall(nodes.paragraph))
    return "\n".join(text(p) for p in paragraphs) if paragraphs else text(entry)


def _table_grid(table: nodes.table) -> tuple[list[list[str]], list[list[str]], list[str]] | None:
    """Header rows, body rows and per-column alignment of a docutils table; None when it has
    merged cells or nested tables (left to Sphinx's defaults)."""
    tgroup = table.next_node(nodes.tgroup)
    if tgroup is None or any(True for _ in tgroup.findall(nodes.table)):
        return None
    ncols = int(tgroup.get("cols", 0))
    parts = {"head": [], "body": []}
    right = [[0, 0] for _ in range(ncols)]  # (right-aligned or numeric, non-empty) per column
    classes: list[set[str]] = [set() for _ in range(ncols)]
    for part in tgroup.children:
        if not isinstance(part, nodes.thead | nodes.tbody):
            continue
        key = "head" if isinstance(part, nodes.thead) else "body"
        for row in part.children:
            entries = [e for e in row.children if isinstance(e, nodes.entry)]
            if len(entries) != ncols or any("morecols" in e or "morerows" in e for e in entries):
                return None
            texts = [_entry_text(e) for e in entries]
            parts[key].append(texts)
            if key == "body":
                for c, (e, t) in enumerate(zip(entries, texts, strict=True)):
                    classes[c].update(e.get("classes", []))
                    if t.strip():
                        right[c][1] += 1
                        t = t.strip()
                        right[c][0] += bool(_NUMERIC.match(t) and _DIGIT.search(t)
                                            or t in _PLACEHOLDERS)
    if ncols == 0 or not parts["head"] + parts["body"]:
        return None
    align = []
    for c in range(ncols):
        given = [a for a in ("right", "center", "left") if f"text-{a}" in classes[c]]
        if given:  # a MyST table's alignment row
            align.append(given[0])
        else:  # a pandas table: numbers right-aligned
            align.append("right" if right[c][1] and right[c][0] == right[c][1] else "left")
    return parts["head"], parts["body"], align


def _allow_breaks(table: nodes.table) -> None:
    """Let LaTeX break a line after each underscore of a name inside a word (pandas column
    names such as ``coefficient_training_basic`` have no space to break at)."""
    for text in list(table.findall(nodes.Text)):
        parts = re.split(r"(?<=_)(?=\w)", text.astext())
        if len(parts) == 1 or isinstance(text.parent, nodes.raw):
            continue
        new: list[nodes.Node] = []
        for i, part in enumerate(parts):
            if i:
                new.append(nodes.raw("", r"\allowbreak{}", format="latex"))
            new.append(nodes.Text(part))
        parent = text.parent
        index = parent.index(text)
        parent.remove(text)
        for j, node in enumerate(new):
            parent.insert(index + j, node)


#: nodes that indent their content in the PDF (admonitions, exercises): the width they take
_INDENT_PT = 24.0


class FitTablesToPage(SphinxPostTransform):
    """Give every table a font size and column specification that fit the text width.

    Runs after :class:`HtmlTablesToLatex` (LaTeX builder only). For each table without an
    explicit ``tabularcolumns`` it inserts Sphinx's own ``tabular_col_spec`` node with the
    specification of :func:`table_layout`, sets the column separation and row height of the
    chosen size in a group around the table (the caption keeps the text size: the size is
    set per column), and marks tall tables ``longtable`` so that they break across pages.
    """

    default_priority = 410
    builders = ("latex",)

    def run(self, **kwargs) -> None:
        if not self.config.latex_fit_tables:
            return
        papersize = self.config.latex_elements.get("papersize", "letterpaper")
        textwidth = TEXTWIDTH_PT.get(papersize, min(TEXTWIDTH_PT.values()))
        for table in list(self.document.findall(nodes.table)):
            parent = table.parent
            if parent is None or any(isinstance(a, nodes.table) for a in _ancestors(table)):
                continue
            index = parent.index(table)
            if index and isinstance(parent[index - 1], addnodes.tabular_col_spec):
                continue  # the author's own tabularcolumns wins
            grid = _table_grid(table)
            if grid is None:
                continue
            frames = sum(1 for a in _ancestors(table) if _indents(a))
            layout = table_layout(*grid, textwidth_pt=textwidth - frames * _INDENT_PT)
            # in a frame (admonition, exercise, solution) an unbreakable table runs past the
            # footer when the frame is split across pages: a longtable breaks there too
            if frames:
                layout["longtable"] = True
            if not layout["fits"]:
                logger.warning("table does not fit the text width even in \\scriptsize",
                               location=table)
            _allow_breaks(table)
            table["classes"] = [c for c in table["classes"] if c != "colwidths-given"]
            if layout["longtable"] and "longtable" not in table["classes"]:
                table["classes"].append("longtable")
            spec = addnodes.tabular_col_spec()
            spec["spec"] = layout["colspec"]
            stretch = layout["baselineskip"] / 12.0  # \normalsize baselineskip (10pt class)
            parent.insert(index, [
                nodes.raw("", f"\\begingroup\\setlength{{\\tabcolsep}}{{{layout['tabcolsep']:g}pt}}"
                          f"\\renewcommand{{\\arraystretch}}{{{stretch:.3f}}}\n", format="latex"),
                spec,
            ])
            parent.insert(parent.index(table) + 1,
                          nodes.raw("", "\\endgroup\n", format="latex"))


def _ancestors(node: nodes.Node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def _indents(node: nodes.Node) -> bool:
    name = type(node).__name__
    return isinstance(node, nodes.Admonition | nodes.block_quote) or name.startswith(
        ("exercise", "solution"))


_CHAPTER_PREFIX = re.compile(r"^(Chapter \d+|Appendix [A-Z]):\s*")


def _raw(latex: str) -> nodes.raw:
    return nodes.raw("", latex + "\n", format="latex")


_SECTION_NUMBER = re.compile(r"^\d+(\.\d+)*\.?\s+")


def _strip_title(section: nodes.section, prefix: re.Pattern = _CHAPTER_PREFIX) -> None:
    """Drop a typed "Chapter 4: " or "Appendix A: " from a chapter title (LaTeX numbers it)."""
    title = section.next_node(nodes.title)
    if title is not None and title.children and isinstance(title[0], nodes.Text):
        text = prefix.sub("", title[0].astext(), count=1)
        title.replace(title[0], nodes.Text(text))


#: Sphinx numbers figures, tables, code listings and equations "\arabic{chapter}.n"
#: (sphinxlatexnumfig.sty), so Appendix A's tables printed as "Table 1.1": use the letter
_APPENDIX_NUMBERS = "".join(
    r"\renewcommand{\the" + c + r"}{\thechapter.\arabic{" + c + "}}"
    for c in ("figure", "table", "literalblock", "equation")
)


def book_structure(app, doctree, docname) -> None:
    """Front matter, chapter and appendix numbering, back matter (LaTeX builder only).

    The LaTeX builder resolves the whole book as one tree under the root page; this runs on
    that tree. The root page's body becomes an unnumbered chapter "Introduction" whose
    sections are unnumbered too. Chapter titles lose the typed "Chapter N: " (LaTeX numbers
    chapters); appendix files (``notebooks/<letter>_*`` and ``book/design``, listed together
    in ``_toc.yml``) follow ``\\appendix`` and lose "Appendix X: " (LaTeX letters them in toc
    order, which must match their typed letters; their figures and tables are numbered A.1,
    ...); every other page after them (API reference, glossary, teaching notes,
    bibliography) is unnumbered back matter.
    """
    if app.builder.name != "latex" or docname != app.config.root_doc:
        return
    top = next(iter(doctree.findall(nodes.section)), None)
    if top is None:
        return
    # 1. the introduction: everything between the root title and the first toctree
    body = [c for c in top.children[1:] if not isinstance(c, nodes.compound)]
    if body:
        intro = nodes.section(ids=["front-matter-introduction"])
        intro += nodes.title(text="Introduction")
        for child in body:
            top.remove(child)
            intro += child
        top.insert(1, intro)
        top.insert(1, _raw("\\setcounter{secnumdepth}{-1}"))
    # 2. chapters, appendices, back matter
    appendix_started = back_started = main_started = False
    for start in list(doctree.findall(addnodes.start_of_file)):
        name = start["docname"]
        parent = start.parent
        section = start.next_node(nodes.section)
        if name.startswith("notebooks/") and name.split("/")[1][:1].isdigit():
            if not main_started:
                parent.insert(parent.index(start), _raw("\\setcounter{secnumdepth}{2}"))
                main_started = True
            if section is not None:
                _strip_title(section)
        elif name.startswith("notebooks/") or name == "book/design":
            if not appendix_started:
                parent.insert(parent.index(start), _raw("\\appendix" + _APPENDIX_NUMBERS))
                appendix_started = True
            if section is not None:
                _strip_title(section)
            if name == "book/design":  # "4.1 Timing convention" is printed as D.4.1
                for sub in list(section.findall(nodes.section))[1:]:
                    _strip_title(sub, _SECTION_NUMBER)
        elif not back_started:
            parent.insert(parent.index(start), _raw("\\setcounter{secnumdepth}{-1}"))
            back_started = True
    # 3. exercises: sphinx-exercise labels them only as ``exercise:<label>``, so a {numref}
    # from another page printed "Exercise ??"; add the label Sphinx's \ref uses, whose text
    # is the exercise's number as printed in its title ("Exercise 9" -> "9").
    registry = getattr(app.env, "sphinx_exercise_registry", {})
    for node in list(doctree.findall(exercise_enumerable_node)):
        label = node.get("label", "")
        number = re.search(r"\d+(?:\.\d+)*", node[0].astext()) if len(node) else None
        if not label or label not in registry or number is None:
            continue
        target = f"{registry[label]['docname']}:{label}"
        node.parent.insert(
            node.parent.index(node),
            _raw(
                r"\expandafter\def\csname @currentlabel\endcsname{" + number.group(0) + "}"
                r"\label{\detokenize{" + target + "}}"
            ),
        )


def setup(app):  # noqa: D103 - Sphinx entry point
    app.add_post_transform(HtmlTablesToLatex)
    app.add_post_transform(FitTablesToPage)
    # False: leave every table to Sphinx's own LaTeX layout (tabulary / longtable defaults)
    app.add_config_value("latex_fit_tables", True, "env", types=[bool])
    app.connect("doctree-resolved", book_structure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
