"""dpo50: a LaTeX table in Markdown or a page, which MathJax or LaTeX renders, passed unread.

``DataFrame.to_latex()`` pasted into a Markdown cell or file (in a math block, as MathJax
shows an ``array``, or as it is) was read as prose only: its counts (3 persons of Ghent)
passed. export-check reads LaTeX tables of ``text/latex`` outputs (:func:`latex_tables`);
it reads them in Markdown and in an HTML page's text now, ``tabular`` and math ``array``
alike, and refuses one it cannot read.
"""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.export_check import scan

SMALL = pd.DataFrame({"persons": [40, 3]}, index=["Antwerp", "Ghent"])
SAFE = pd.DataFrame({"persons": [40, 30]}, index=["Antwerp", "Ghent"])
ARRAY = "$$\n\\begin{array}{lr}\n & persons \\\\\nAntwerp & 40 \\\\\nGhent & %s \\\\\n\\end{array}\n$$\n"


@pytest.mark.parametrize(("name", "text"), [
    ("page.md", "The counts:\n\n$$\n" + SMALL.to_latex() + "\n$$\n"),
    ("page.md", "The counts:\n\n" + SMALL.to_latex()),
    ("page.md", ARRAY % "3"),
    ("page.html", "<html><body><p>The counts:</p><p>" + SMALL.to_latex() + "</p></body></html>"),
])
def test_a_latex_table_in_text_is_read(tmp_path, name, text):
    """Each passed before dpo50."""
    (tmp_path / name).write_text(text)
    res = scan(tmp_path, 10)
    assert "small_count" in {f.rule for f in res.findings}, res.findings


@pytest.mark.parametrize(("name", "text"), [
    ("page.md", "The counts:\n\n$$\n" + SAFE.to_latex() + "\n$$\n"),
    ("page.md", ARRAY % "30"),
    ("page.md", "A formula: $\\frac{a}{b}$ and $$x^2 + y^2$$ with no table.\n")])
def test_a_latex_table_without_small_counts_passes(tmp_path, name, text):
    (tmp_path / name).write_text(text)
    res = scan(tmp_path, 10)
    assert res.ok, res.findings


def test_a_latex_table_that_cannot_be_read_is_refused(tmp_path):
    """Rows of different widths: not read, so refused."""
    text = "\\begin{tabular}{lr}\nA & 40 \\\\\nB & 3 & 7 \\\\\n\\end{tabular}\n"
    (tmp_path / "page.md").write_text(text)
    res = scan(tmp_path, 10)
    assert "unreadable_table" in {f.rule for f in res.findings}, res.findings
