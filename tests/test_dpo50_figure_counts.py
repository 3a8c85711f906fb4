"""dpo50: a count written on a bar of a panel labelled only "Count" or "Frequency".

ec27 reads a whole number written on a bar (``bar_label``, an annotation) as a count of
persons where the panel's title or axis label names persons ("4" on a bar of "starters").
The labels plotting libraries write by default name no noun: seaborn's ``histplot`` and
``countplot`` label the axis "Count", a histogram often "Frequency", and pandas'
``value_counts().plot.bar()`` labels nothing. A bar of 4 persons labelled "4" there passed.
A panel whose axis or title is such a generic count word alone, or that has no title or
axis label at all, is read as counting persons now (the book draws none: its only numbers
drawn as values are chapter 3's heatmap's two-decimal ratios, in titled panels; refuse when
unsure); a panel of another unit is not.
"""

from __future__ import annotations

import json

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from mia_helpers import export_check as ec  # noqa: E402
from mia_helpers.figure_text import (  # noqa: E402
    figure_text_metadata,
    keep_figure_text,
    read_figure_text,  # noqa: E402
)

GLUE = "application/papermill.record/"


def _scan(tmp_path, fig) -> ec.ScanResult:
    from IPython.core.formatters import format_display_data

    data, meta = format_display_data(fig)
    meta["scrapbook"] = {"name": "fig-a", "mime_prefix": GLUE}
    plt.close(fig)
    out = {"output_type": "display_data", "metadata": meta,
           "data": {GLUE + k: v for k, v in data.items()}}
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "metadata": {}, "execution_count": 1, "source": "fig",
         "outputs": [out]}]}
    (tmp_path / "c.ipynb").write_text(json.dumps(nb))
    return ec.scan(tmp_path / "c.ipynb", 10)


@pytest.mark.parametrize("ylabel", ["Count", "count", "Frequency", "Number", "n", "N",
                                    "Aantal", "Anzahl"])
def test_a_small_count_on_a_bar_of_a_generic_count_panel_is_refused(shell, tmp_path, ylabel):
    """Each passed before dpo50."""
    keep_figure_text()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar_label(ax.bar(["a", "b"], [40, 4]))
    ax.set_ylabel(ylabel)
    res = _scan(tmp_path, fig)
    assert [f.rule for f in res.findings] == ["small_count"], res.findings


def test_pandas_value_counts_bar_without_labels_is_refused(shell, tmp_path):
    keep_figure_text()
    counts = pd.Series(["Ghent"] * 40 + ["Aalst"] * 4).value_counts()
    _, ax = plt.subplots(figsize=(3, 2))  # a fresh figure: not an earlier test's current axes
    counts.plot.bar(ax=ax)
    ax.bar_label(ax.containers[0])
    res = _scan(tmp_path, ax.figure)
    assert [f.rule for f in res.findings] == ["small_count"], res.findings


@pytest.mark.parametrize(("ylabel", "heights"), [
    ("Count", [40, 55]), ("Number of quarters", [40, 4]), ("share of quarters (%)", [40, 4]),
    ("Countries", [40, 4])])
def test_large_counts_or_other_units_pass(shell, tmp_path, ylabel, heights):
    keep_figure_text()
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar_label(ax.bar(["a", "b"], heights))
    ax.set_ylabel(ylabel)
    res = _scan(tmp_path, fig)
    assert res.ok, res.findings


def test_tick_labels_of_a_count_panel_are_its_scale():
    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar(["a", "b"], [40, 4])
    ax.set_ylabel("Count")
    texts = read_figure_text(figure_text_metadata(fig))
    plt.close(fig)
    assert not any(t.endswith("persons") for t in texts), texts


def test_a_heatmaps_ratios_in_titled_panels_pass(shell, tmp_path):
    """Chapter 3's heatmap (plots.heatmap) writes two-decimal ratios, and its panels have
    titles: nothing is read as a count."""
    from mia_helpers import plots

    keep_figure_text()
    fig, ax = plt.subplots(figsize=(3, 2))
    plots.heatmap(pd.DataFrame([[1.08, 0.74], [1.0, 2.0]], index=["a", "b"],
                               columns=["c", "d"]), ax=ax, colorbar_label="ratio")
    ax.set_title("Estimate (M1)")
    res = _scan(tmp_path, fig)
    assert res.ok, res.findings
