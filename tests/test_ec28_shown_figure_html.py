"""ec28: a figure a chapter shows (``display``, the inline backend) rather than glues kept its
drawn text in the notebook's output metadata but not on the ``<img>`` of the runner's HTML, so
export-check read it in the notebook and listed it for review in the HTML. The runner's
template now keeps it on the ``<img>`` (``data-mia-figure-text``) as a glued figure's."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pytest  # noqa: E402

from mia_helpers import export_check as ec  # noqa: E402
from mia_helpers.chapters import render_html  # noqa: E402
from mia_helpers.figure_text import HTML_ATTR, keep_figure_text  # noqa: E402


def _shown(annotation: str) -> dict:
    """The output of ``display(fig)`` in a chapter's kernel (keep_figure_text active)."""
    from IPython.core.formatters import format_display_data

    fig, ax = plt.subplots(figsize=(3, 2))
    ax.bar([1, 2, 3], [40, 55, 61])
    ax.set_title("Entries by quarter")
    ax.set_ylabel("persons")
    ax.annotate(annotation, (1, 40))
    data, meta = format_display_data(fig)
    plt.close(fig)
    return {"output_type": "display_data", "metadata": meta, "data": data}


def _rendered_page(tmp_path: Path, output: dict) -> ec.ScanResult:
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": "# Chapter\n\nText."},
        {"cell_type": "code", "id": "b", "metadata": {}, "execution_count": 1,
         "source": "display(fig)", "outputs": [output]}]}
    run = tmp_path / "run"
    run.mkdir()
    (run / "c.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    html = render_html(run / "c.ipynb")
    page = tmp_path / "page"
    page.mkdir()
    shutil.copy(html, page / "c.html")
    text = html.read_text(encoding="utf-8")
    assert text.count(HTML_ATTR) == 1, "the shown figure's <img> keeps its drawn text"
    return ec.scan(page, 10)


@pytest.mark.parametrize(("annotation", "refused"), [("only 3 persons entered", True),
                                                     ("n = 40", False)])
def test_a_shown_figure_is_read_in_the_runners_html(shell, tmp_path, annotation, refused):
    keep_figure_text()
    res = _rendered_page(tmp_path, _shown(annotation))
    assert res.figures == [], res.figures  # read, not listed for review
    rules = [f.rule for f in res.findings]
    assert ("small_count" in rules) == refused, res.findings
    if refused:
        assert any("3 persons" in f.detail and "figure text" in f.where
                   for f in res.findings), res.findings


def test_a_shown_figure_without_its_text_is_still_listed(shell, tmp_path):
    out = _shown("n = 40")  # keep_figure_text not active: no drawn text in the metadata
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "code", "id": "b", "metadata": {}, "execution_count": 1,
         "source": "display(fig)", "outputs": [out]}]}
    run = tmp_path / "run"
    run.mkdir()
    (run / "c.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    html = render_html(run / "c.ipynb")
    assert HTML_ATTR not in html.read_text(encoding="utf-8")
    page = tmp_path / "page"
    page.mkdir()
    shutil.copy(html, page / "c.html")
    assert len(ec.scan(page, 10).figures) == 1
