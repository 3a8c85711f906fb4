"""The book's own Sphinx extensions (``book/_ext``): the teaching edition's solution stripping
and the PDF's HTML-table conversion. Both are pure functions, tested on real chapter sources
and on hand-made HTML whose expected grid is known."""

from __future__ import annotations

import re
import sys

import jupytext
import pytest
from docutils import nodes
from nbrun import ROOT

sys.path.insert(0, str(ROOT / "book" / "_ext"))

from book_edition import strip_solutions  # noqa: E402
from latex_book import html_table_to_nodes  # noqa: E402

CHAPTERS = sorted((ROOT / "notebooks").glob("*.md"))


def _text(cell: dict) -> str:
    return "".join(cell["source"]) if isinstance(cell["source"], list) else cell["source"]


@pytest.mark.parametrize("path", CHAPTERS, ids=lambda p: p.stem)
def test_strip_solutions_removes_exactly_the_gated_solutions(path) -> None:
    source = path.read_text()
    nb = jupytext.reads(source, fmt="md:myst")
    nb = {"cells": [dict(c) for c in nb.cells]}
    stripped = strip_solutions(nb)
    kept = "\n".join(_text(c) for c in stripped["cells"])
    assert "{solution-start}" not in kept and "{solution-end}" not in kept
    # every exercise stays
    assert kept.count("{exercise}") == source.count("```{exercise}")
    # the code cells inside the gates are gone, every other code cell stays
    gated = re.findall(r"```\{solution-start\}.*?```\{solution-end\}", source, flags=re.DOTALL)
    inside = sum(g.count("```{code-cell}") for g in gated)
    code_before = sum(c["cell_type"] == "code" for c in nb["cells"])
    code_after = sum(c["cell_type"] == "code" for c in stripped["cells"])
    assert code_before - code_after == inside
    # prose outside the gates survives: every heading of the chapter is still there
    outside = re.sub(r"```\{solution-start\}.*?```\{solution-end\}\n```", "", source,
                     flags=re.DOTALL)
    for heading in re.findall(r"^#+ .*$", outside, flags=re.MULTILINE):
        assert heading in kept, heading


def test_strip_solutions_keeps_a_notebook_without_solutions() -> None:
    nb = {"cells": [{"cell_type": "markdown", "source": "# Title\n\ntext"},
                    {"cell_type": "code", "source": "x = 1", "outputs": []}]}
    assert strip_solutions(nb)["cells"] == nb["cells"]


def _grid(table: nodes.table) -> tuple[list[list[str]], list[list[str]]]:
    tgroup = table.next_node(nodes.tgroup)
    head = tgroup.next_node(nodes.thead)
    body = tgroup.next_node(nodes.tbody)

    def rows(part):
        return [[e.astext() for e in r.children] for r in part.children] if part else []

    return rows(head), rows(body)


def test_html_table_spans_become_a_rectangular_grid() -> None:
    html = """<table><caption>Table: effects</caption>
      <thead><tr><th></th><th colspan="2">matched</th></tr>
             <tr><th>measure</th><th>att_pp</th><th>ci</th></tr></thead>
      <tbody><tr><th rowspan="2">IBO</th><td>3.1</td><td>[1, 5]</td></tr>
             <tr><td>2.9</td><td>[0.8, 4.9]</td></tr></tbody></table>"""
    out = html_table_to_nodes(html)
    tables = [n for n in out if isinstance(n, nodes.table)]
    assert len(tables) == 1
    table = tables[0]
    assert table.next_node(nodes.title).astext() == "Table: effects"
    head, body = _grid(table)
    assert head == [["", "matched", ""], ["measure", "att_pp", "ci"]]
    assert body == [["IBO", "3.1", "[1, 5]"], ["", "2.9", "[0.8, 4.9]"]]
    assert len(list(table.findall(nodes.colspec))) == 3
    # font size and column widths are set later, for every table (test_latex_tables.py)
    assert out == [table]


def test_html_without_table_is_kept_as_text() -> None:
    out = html_table_to_nodes("<div><b>note</b>: nothing tabular</div>")
    assert len(out) == 1 and isinstance(out[0], nodes.literal_block)
    assert "nothing tabular" in out[0].astext()


def test_negative_numbers_get_a_minus_sign_that_cannot_break() -> None:
    html = "<table><tr><td>-0.11</td><td>-x</td><td>a-b</td></tr></table>"
    table = next(n for n in html_table_to_nodes(html) if isinstance(n, nodes.table))
    _, body = _grid(table)
    assert body == [["\u22120.11", "-x", "a-b"]]
