"""ec26: three holes of ``export-check`` left open by ec25.

1. Vague counts before nouns of persons were not read: "two of them" (a number: checked like
   "2"), and "a few persons", "a handful of starters", "a couple of the twins", "several
   persons" (words that imply a small count whose number cannot be read: refused).
2. An HTML table with a row index (pandas' ``to_html()``, a ``Styler``) and its total label
   in a data column got no complement finding: the index was taken as a grouping key, and a
   key with one value per row leaves every row alone in its group.
3. PNG and JPEG figures passed without a word, though their drawn text (titles, notes) can
   state a count: the check cannot read it, so it now lists every such figure for the output
   checker to read (the run still passes: the book's figures are drawn from suppressed data).
"""

from __future__ import annotations

import json

import pandas as pd
import pytest

from mia_helpers import export_check as ec
from mia_helpers.disclosure import redact_small_counts, small_counts_in_text
from mia_helpers.export_check import scan


def _nb(cells: list[dict]) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": cells}


def _code(source: str, outputs: list[dict] | None = None, ec_: int = 1) -> dict:
    return {"cell_type": "code", "metadata": {}, "execution_count": ec_, "source": source,
            "outputs": outputs or []}


# --- 1. vague counts ----------------------------------------------------------------------

VAGUE_LEAKS = [
    ("Two of them entered in Antwerp.", "Two of them"),
    ("Of the 40 starters, 3 of them signed.", "3 of them"),
    ("40 starters, two of whom signed", "two of whom"),
    ("3 of those who entered signed", "3 of those"),
    ("fewer than 3 of them signed", "fewer than 3 of them"),
    ("only a couple of them signed", "a couple of them"),
    ("a couple of the twins signed", "a couple of the twins"),
    ("In Antwerp a few persons entered.", "a few persons"),
    ("a handful of starters signed", "a handful of starters"),
    ("several persons in Antwerp entered", "several persons"),
    ("several of them entered", "several of them"),
    ("a few of them signed", "a few of them"),
    ("only a few Turkish newcomers signed", "a few Turkish newcomers"),
    ("a few more persons entered", "a few more persons"),
    ("several other starters signed", "several other starters"),
]


@pytest.mark.parametrize(("text", "phrase"), VAGUE_LEAKS)
def test_vague_and_pronoun_counts_of_persons_are_refused(text, phrase):
    assert phrase in small_counts_in_text(text, 10), small_counts_in_text(text, 10)


@pytest.mark.parametrize(("text", "phrase"), VAGUE_LEAKS)
def test_redaction_leaves_no_vague_count(text, phrase):
    assert small_counts_in_text(redact_small_counts(text, 10), 10) == [], text


@pytest.mark.parametrize("text", [
    "Of the 400 starters, twelve of them signed",  # at or above the threshold
    "every one of them",  # the generic article
    "fewer than 10 of them signed",  # the marker's bound
    "more than 3 of them signed",  # a lower bound
    "two of these quarters",  # a determiner before a noun that is not persons
    "because a few hundred starters per data set are few",
    "with a few transplanted patients each",  # the design: per one
    "compares each transplanted patient with a few waiting patients of similar propensity",
    "so few eligible twins are still unsigned",  # 'few' alone: not many, the marker's sense
    "too few persons to publish",
    "a few quarters later",  # not persons
    "several measures",
])
def test_the_design_large_counts_and_other_nouns_pass(text):
    assert small_counts_in_text(text, 10) == [], text


def test_a_vague_count_in_prose_is_refused_and_named_as_vague(tmp_path):
    md = {"cell_type": "markdown", "metadata": {}, "source": "In Antwerp a few persons entered."}
    path = tmp_path / "c.ipynb"
    path.write_text(json.dumps(_nb([md])))
    found = scan(path, 10).findings
    assert [f.rule for f in found] == ["small_count"], found
    assert "'a few persons'" in found[0].detail and "vague" in found[0].detail


# --- 2. complements of HTML tables with a row index -----------------------------------------

def _total_table() -> pd.DataFrame:
    return pd.DataFrame({"origin": ["belgian", "maghreb", "other", "all"],
                         "n_treated": [852, 277, "<10", 1134]})


@pytest.mark.parametrize("render", [
    lambda t: t.to_html(),  # pandas' default: the row index printed
    lambda t: t.style.to_html(),  # a Styler keeps the row index as row headings
    lambda t: t.set_index(pd.Index(["r1", "r2", "r3", "r4"])).style.to_html(),
])
def test_a_total_label_in_a_data_column_beside_a_row_index_is_checked(tmp_path, render):
    out = {"output_type": "display_data", "metadata": {},
           "data": {"text/html": render(_total_table()), "text/plain": "<table>"}}
    path = tmp_path / "c.ipynb"
    path.write_text(json.dumps(_nb([_code("t", [out])])))
    found = scan(path, 10).findings
    assert [f.rule for f in found] == ["complement"], found
    assert "1134" in found[0].detail and "is 5" in found[0].detail


def test_a_row_index_does_not_split_the_groups_of_a_two_way_table():
    t = pd.DataFrame({"quarter": ["1", "1", "1", "2", "2", "2"],
                      "origin": ["a", "b", "all", "a", "b", "all"],
                      "n_treated": [40, "<10", 45, 30, 30, 60]})
    t.index = pd.Index([str(i) for i in range(len(t))])
    rules = [r for r, _ in ec.check_table(t, 10)]
    assert rules == ["complement"], rules  # quarter 1: 45 - 40 = 5; quarter 2 adds up


# --- 3. figures whose drawn text is not read ------------------------------------------------

PNG = "iVBORw0KGgo="  # a PNG's signature, base64


def test_a_png_figure_of_a_notebook_is_listed_for_the_output_checker(tmp_path):
    fig = {"output_type": "display_data", "metadata": {},
           "data": {"image/png": PNG, "text/plain": "<Figure size 640x480 with 1 Axes>"}}
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "c.ipynb").write_text(json.dumps(_nb([_code("fig", [fig], ec_=3)])))
    res = scan(folder, 10)
    assert res.ok, res.findings  # the book's figures are drawn from suppressed data
    assert res.figures == [("c.ipynb", "cell 1 [In 3], output 1")], res.figures
    rec = json.loads(ec.write_results(res, folder, 10, folder / ec.RECORD_NAME).read_text())
    figures = [e for e in rec["results"].values() if e["type"] == "figure"]
    assert [(e["status"], e["files"], e["where"]) for e in figures] == [
        ("review", ["c.ipynb"], "cell 1 [In 3], output 1")]
    assert "not read" in figures[0]["exception"][0]
    assert rec["status"] == "pass"


def test_a_png_embedded_in_html_is_listed_and_the_summary_says_so(tmp_path, capsys):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "p.html").write_text(
        "<html><body><p>Figure 1.</p>\n\n"
        f'<img alt="curves" src="data:image/png;base64,{PNG}">\n</body></html>\n')
    rc = ec.run_check(ec.argparse.Namespace(path=folder, min_cell=10, id_min_rows=20, record=None,
                                       dof_threshold=10, released=[]))
    out = capsys.readouterr().out
    assert rc == 0, out
    assert "1 figure (PNG" in out and "figure p.html: image at line 3 (curves)" in out, out


def test_a_figure_glued_without_display_is_listed_too(tmp_path):
    glued = {"output_type": "display_data", "metadata": {"scrapbook": {"name": "fig_a"}},
             "data": {"application/papermill.record/image/png": PNG,
                      "application/papermill.record/text/plain": "<Figure>"}}
    path = tmp_path / "c.ipynb"
    path.write_text(json.dumps(_nb([_code("glue('fig_a', fig)", [glued])])))
    res = scan(path, 10)
    assert res.ok and res.figures == [("c.ipynb", "cell 1 [In 1], output 1 (glued fig_a)")]


def test_an_image_in_markdown_is_listed_without_borrowing_another_tags_text(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "n.md").write_text('<p title="intro">Text.</p>\n\n'
                                 f"![curves](data:image/png;base64,{PNG})\n")
    res = scan(folder, 10)
    assert res.ok and res.figures == [("n.md", "image at line 3")], res.figures


def test_an_image_of_another_format_embedded_in_html_is_listed(tmp_path):
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "p.html").write_text('<html><body><p>Figure 1.</p>\n'
                                   '<img src="data:image/gif;base64,R0lGODlh"></body></html>\n')
    assert scan(folder, 10).figures == [("p.html", "image at line 2")]
