"""dpo46: ``--released`` compared the tables of two exports, not their figures.

A Kaplan-Meier curve drawn by chapter 3 from one extract and again from the extract with a
quarter more (or at another window) differs, step by step, by the persons that changed, who
may be fewer than ``min_cell``; the figure's data cannot be read (a PNG), and the two exports
passed together whatever their curves differed by. A PNG or JPEG figure of a file the
earlier export holds too (same file name) must now be one of that file's figures there, byte
for byte (the same figure drawn from the same data is the same PNG), else it is refused
(``released_figure``), in a notebook and in an HTML page alike.
"""

from __future__ import annotations

import base64
import json

from mia_helpers.export_check import scan

PNG_A = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"curve of 600 at risk" * 20).decode()
PNG_B = base64.b64encode(b"\x89PNG\r\n\x1a\n" + b"curve of 601 at risk" * 20).decode()


def _notebook(folder, png, name="03_activation_inflow.ipynb"):
    folder.mkdir(parents=True, exist_ok=True)
    lines = [png[i:i + 76] + "\n" for i in range(0, len(png), 76)]  # as nbformat wraps it
    (folder / name).write_text(json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [{
            "cell_type": "code", "execution_count": 1, "metadata": {}, "source": "plot()",
            "outputs": [{"output_type": "display_data", "metadata": {},
                         "data": {"image/png": lines, "text/plain": "<Figure>"}}]}]}))


def _page(folder, png, name="03_activation_inflow.html"):
    folder.mkdir(parents=True, exist_ok=True)
    (folder / name).write_text(f'<html><body><p>Figure 1</p><img alt="Figure 1" '
                               f'src="data:image/png;base64,{png}"/></body></html>')


def _rules(here, rel):
    return [(f.file, f.rule) for f in scan(here, min_cell=10, released=[rel]).findings]


def test_a_figure_that_differs_from_the_released_one_is_refused(tmp_path):
    _notebook(tmp_path / "rel", PNG_A)
    _notebook(tmp_path / "here", PNG_B)
    found = [f for f in scan(tmp_path / "here", min_cell=10,
                             released=[tmp_path / "rel"]).findings]
    assert [(f.file, f.rule) for f in found] == [("03_activation_inflow.ipynb",
                                                  "released_figure")], found
    assert "output 1" in found[0].where and str(tmp_path / "rel") in found[0].detail


def test_the_same_figure_passes(tmp_path):
    _notebook(tmp_path / "rel", PNG_A)
    _notebook(tmp_path / "here", PNG_A)
    assert _rules(tmp_path / "here", tmp_path / "rel") == []


def test_a_figure_in_a_page_is_compared_with_the_notebooks_alike(tmp_path):
    _page(tmp_path / "rel", PNG_A)
    _page(tmp_path / "here", PNG_B)
    assert _rules(tmp_path / "here", tmp_path / "rel") == [
        ("03_activation_inflow.html", "released_figure")]
    _page(tmp_path / "here", PNG_A)
    assert _rules(tmp_path / "here", tmp_path / "rel") == []


def test_a_file_the_earlier_export_does_not_hold_is_not_compared(tmp_path):
    _notebook(tmp_path / "rel", PNG_A, name="01_panel_construction.ipynb")
    _notebook(tmp_path / "here", PNG_B)
    assert _rules(tmp_path / "here", tmp_path / "rel") == []


def test_without_released_nothing_is_compared(tmp_path):
    _notebook(tmp_path / "here", PNG_B)
    assert scan(tmp_path / "here", min_cell=10).findings == []


def test_a_page_is_compared_with_the_released_notebook_of_its_chapter(tmp_path):
    """The notebook and its HTML hold the same figures: a page here is set against the
    notebook released there (the same file name but for the suffix)."""
    _notebook(tmp_path / "rel", PNG_A)
    _page(tmp_path / "here", PNG_B)
    assert _rules(tmp_path / "here", tmp_path / "rel") == [
        ("03_activation_inflow.html", "released_figure")]
    _page(tmp_path / "here", PNG_A)
    assert _rules(tmp_path / "here", tmp_path / "rel") == []
