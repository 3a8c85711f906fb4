"""rev25: places of a notebook or page where ec25's ``export-check`` did not read a count.

A Markdown table's count cell written as a word ("three", "one") was text, not a count; an
image's alternative text, tooltip or accessible name ('<img alt="3 persons entered">', an SVG
``aria-label``) was not read; nor were the notebook's and its cells' metadata (a title "3
persons entered in Antwerp" is published with the .ipynb); nor a number in an f-string's
braces of a code cell (``f"{3} persons"``)."""

from __future__ import annotations

import json

import pytest

from mia_helpers.export_check import code_text, html_prose, scan


def _nb(cells: list[dict], metadata: dict | None = None) -> dict:
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": metadata or {}, "cells": cells}


def _md(source: str, metadata: dict | None = None) -> dict:
    return {"cell_type": "markdown", "metadata": metadata or {}, "source": source}


def _display(data: dict) -> dict:
    return {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "fig",
            "outputs": [{"output_type": "display_data", "metadata": {}, "data": data}]}


def _findings(tmp_path, nb: dict, min_cell: int = 10):
    path = tmp_path / "c.ipynb"
    path.write_text(json.dumps(nb))
    return scan(path, min_cell).findings


@pytest.mark.parametrize("word", ["three", "one", "Three"])
def test_a_markdown_table_count_in_words_is_refused(tmp_path, word):
    table = f"| city | persons |\n|---|---|\n| Antwerp | {word} |\n| Ghent | 40 |\n"
    found = _findings(tmp_path, _nb([_md(table)]))
    assert [f.rule for f in found] == ["small_count"], found
    assert "column 'persons'" in found[0].detail


def test_a_markdown_table_count_in_words_at_the_threshold_passes(tmp_path):
    table = "| city | persons |\n|---|---|\n| Antwerp | twelve |\n| Ghent | 40 |\n"
    assert _findings(tmp_path, _nb([_md(table)])) == []


@pytest.mark.parametrize("data", [
    {"text/html": '<img alt="3 persons entered" src="x.png">', "text/plain": "<Figure>"},
    {"text/html": '<img title="3 persons entered" src="x.png">', "text/plain": "<Figure>"},
    {"image/svg+xml": '<svg xmlns="http://www.w3.org/2000/svg" aria-label="3 persons entered">'
                      "<text>Antwerp</text></svg>", "text/plain": "<Figure>"},
])
def test_an_images_alternative_text_is_read(tmp_path, data):
    found = _findings(tmp_path, _nb([_display(data)]))
    assert [f.rule for f in found] == ["small_count"], found
    assert "'3 persons'" in found[0].detail


def test_html_prose_reads_alt_and_title_attributes():
    assert "3 persons entered" in html_prose('<p>Figure <img alt="3 persons entered"></p>')
    assert "only 2 starters" in html_prose("<span title='only 2 starters'>x</span>")
    # a page's figure without alternative text reads as before
    assert html_prose("<p>a <b>b</b></p>").split() == ["a", "b"]


def test_a_notebook_page_reads_an_outputs_alt_text(tmp_path):
    page = ('<html><body><div class="jp-Cell jp-CodeCell"><div class="jp-OutputArea">'
            '<div class="jp-RenderedImage" data-mime-type="image/png">'
            '<img alt="only 3 persons in Antwerp" src="data:image/png;base64,AAAA"></div>'
            "</div></div></body></html>")
    path = tmp_path / "c.html"
    path.write_text(page)
    found = [f for f in scan(path, 10).findings if f.rule == "small_count"]
    assert found and "'3 persons'" in found[0].detail, scan(path, 10).findings


@pytest.mark.parametrize("where", ["notebook", "cell"])
def test_metadata_text_is_read(tmp_path, where):
    meta = {"title": "3 persons entered in Antwerp"}
    nb = _nb([_md("Text.", meta if where == "cell" else None)],
             meta if where == "notebook" else None)
    found = _findings(tmp_path, nb)
    assert [f.rule for f in found] == ["small_count"], found
    assert "metadata" in found[0].where and "'3 persons'" in found[0].detail


def test_ordinary_metadata_passes(tmp_path):
    meta = {"kernelspec": {"name": "python3", "display_name": "Python 3", "language": "python"},
            "papermill": {"parameters": {"min_cell": 10, "residents": 5000},
                          "duration": 3.2, "version": "2.6.0"},
            "jupytext": {"formats": "ipynb,md:myst"}}
    nb = _nb([_md("Text.", {"tags": ["not-person-counts"]})], meta)
    assert _findings(tmp_path, nb) == []


def test_a_number_in_fstring_braces_is_read():
    assert "3 persons" in code_text('print(f"Antwerp: {3} persons")\n')
    assert "{n} persons" in code_text('print(f"Antwerp: {n} persons")\n')


def test_tags_without_alt_text_keep_one_space():
    """Reading alt text must not widen the gap a tag leaves: the glued number of the runner's
    HTML ("fewer than <span>3</span> persons") is read with its noun."""
    from mia_helpers.disclosure import small_counts_in_text
    prose = html_prose('<p>fewer than <span class="mia-glue">3</span> persons entered</p>')
    # close25: runs of whitespace are one space, so the phrase reads as a reader sees it
    assert small_counts_in_text(prose, 10) == ["fewer than 3 persons"], prose


@pytest.mark.parametrize("key", ["size", "nbytes", "rows", "n_rows", "Bytes"])
@pytest.mark.parametrize("versioned", [True, False])
def test_a_manifests_data_size_under_another_key_is_refused(tmp_path, key, versioned):
    """ec25 read only ``bytes`` and only in a manifest with ``manifest_version``."""
    man = {"parameters": {"min_cell": 10},
           "data": {"files": {"wse_permits.parquet": {"sha256": "ab" * 32, key: 1843}}}}
    if versioned:
        man["manifest_version"] = 1
    folder = tmp_path / "out"
    folder.mkdir()
    (folder / "other.json").write_text(json.dumps(man))
    found = scan(folder, 10).findings
    assert [(f.rule, f.where) for f in found] == [("data_size", "data.files")], found
    man["data"]["files"]["wse_permits.parquet"].pop(key)
    (folder / "other.json").write_text(json.dumps(man))
    assert scan(folder, 10).findings == []
