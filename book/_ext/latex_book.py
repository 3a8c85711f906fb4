"""Sphinx extension: the PDF as a book.

For the LaTeX builder only (the HTML is untouched):

1. **Tables as LaTeX tables.** A notebook's pandas tables reach Sphinx as ``text/html``
   (DataFrame and Styler displays) and ``text/plain``. By default the PDF printed the plain
   text, a fixed-width dump that wraps and splits across pages. ``_config.yml`` makes the
   LaTeX builder prefer ``text/html`` (``nb_mime_priority_overrides``) and this extension turns
   each HTML table into a docutils table, which Sphinx writes as a real LaTeX table
   (booktabs rules; ``longtable`` with repeated headers when it is long). Column widths are
   proportional to the longest entry of each column (clipped), so every table spans at most
   the text width and wraps inside its cells; wide tables are set in a smaller font. A
   ``<caption>`` becomes the table's caption. HTML output that holds no table is printed as
   text, so nothing is dropped silently.
2. **Book structure.** The root page (``book/intro``) becomes an unnumbered chapter
   "Introduction" with unnumbered sections, instead of chapters 1-5 that pushed "Chapter 1"
   to chapter six; chapters are numbered 1-5 by LaTeX, appendices A-D, and the API reference,
   glossary, teaching notes and bibliography are unnumbered (see :func:`book_structure`).
3. **One bibliography without labels.** The preamble (``_config.yml``, ``latex_elements``)
   sets the bibliography as a hanging list without the alphabetic labels and without a
   second heading; the text cites author-year.
"""

from __future__ import annotations

import re

from docutils import nodes
from sphinx import addnodes
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx_exercise.nodes import exercise_enumerable_node

#: relative width of a column, in characters of its longest entry, is clipped to this range
MIN_WIDTH, MAX_WIDTH = 4, 40
#: tables with more columns than this are set in \footnotesize, else \small
WIDE = 6


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
        widths = [
            min(MAX_WIDTH, max(MIN_WIDTH, *(len(r[c]) for r in head + rows)))
            for c in range(ncols)
        ]
        table = nodes.table(classes=["colwidths-given", "mia-table"])
        caption = html_table.find("caption")
        if caption is not None and caption.get_text(strip=True):
            table += nodes.title(text=caption.get_text(" ", strip=True))
        tgroup = nodes.tgroup(cols=ncols)
        table += tgroup
        for w in widths:
            tgroup += nodes.colspec(colwidth=w)
        if head:
            thead = nodes.thead()
            for r in head:
                thead += _row(r)
            tgroup += thead
        tbody = nodes.tbody()
        for r in rows or [[""] * ncols]:
            tbody += _row(r)
        tgroup += tbody
        size = r"\footnotesize" if ncols > WIDE else r"\small"
        out += [
            nodes.raw("", "\\begingroup" + size + "\n", format="latex"),
            table,
            nodes.raw("", "\\endgroup\n", format="latex"),
        ]
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


def book_structure(app, doctree, docname) -> None:
    """Front matter, chapter and appendix numbering, back matter (LaTeX builder only).

    The LaTeX builder resolves the whole book as one tree under the root page; this runs on
    that tree. The root page's body becomes an unnumbered chapter "Introduction" whose
    sections are unnumbered too. Chapter titles lose the typed "Chapter N: " (LaTeX numbers
    chapters); appendix files (``notebooks/<letter>_*`` and ``book/design``, listed together
    in ``_toc.yml``) follow ``\\appendix`` and lose "Appendix X: " (LaTeX letters them in toc
    order, which must match their typed letters); every other page after them (API
    reference, glossary, teaching notes, bibliography) is unnumbered back matter.
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
                parent.insert(parent.index(start), _raw("\\appendix"))
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
    app.connect("doctree-resolved", book_structure)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
