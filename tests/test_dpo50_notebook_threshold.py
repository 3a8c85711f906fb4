"""dpo50: an executed notebook's own ``min_cell``, where no run manifest records it.

A chapter run outside the chapter runner (``papermill notebooks/03...ipynb out.ipynb -p
min_cell 5``, or the book built with a parameter cell edited to ``min_cell = 5``) leaves no
``manifest.json``; export-check at 10 passed it wherever no count it shows lay in 5 to 9,
though its curves' steps, secondary suppression and dominance rules ran at 5 (what dpo45
refuses for a run folder by its manifest). The notebook says its threshold itself: papermill
records the parameters in its metadata, and every chapter that protects a table glues
``par_min_cell`` for its prose (shown in the runner's HTML as a marked glued value). A
threshold read there other than the check's is refused as the manifest's is.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from mia_helpers.export_check import scan

TABLE = "| origin | persons |\n|---|---|\n| a | 40 |\n| b | 50 |\n"


def _notebook(folder: Path, papermill: int | None = None, glued: str | None = None) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    outputs = [{"output_type": "display_data", "metadata": {},
                "data": {"text/markdown": TABLE, "text/plain": "table"}}]
    if glued is not None:
        prefix = "application/papermill.record/"
        outputs.append({"output_type": "display_data", "data": {prefix + "text/plain": glued},
                        "metadata": {"scrapbook": {"name": "par_min_cell",
                                                   "mime_prefix": prefix}}})
    meta = {} if papermill is None else {"papermill": {"parameters": {"min_cell": papermill,
                                                                      "seed": 4105}}}
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": meta, "cells": [
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "x",
         "outputs": outputs}]}
    path = folder / "chapter.ipynb"
    path.write_text(json.dumps(nb))
    return path


@pytest.mark.parametrize(("papermill", "glued", "check", "rule"), [
    (5, None, 10, "min_cell_above_run"), (None, "5", 10, "min_cell_above_run"),
    (None, "np.int64(5)", 10, "min_cell_above_run"), (20, "20", 10, "min_cell_below_run")])
def test_a_notebook_run_at_another_threshold_is_refused(tmp_path, papermill, glued, check,
                                                        rule):
    """Each passed before dpo50 (its one table has no count below either threshold)."""
    found = scan(_notebook(tmp_path, papermill, glued), check).findings
    assert [f.rule for f in found] == [rule], found
    run = papermill or 20 if rule == "min_cell_below_run" else 5
    assert f"min_cell={run}" in found[0].detail and f"min_cell={check}" in found[0].detail


@pytest.mark.parametrize(("papermill", "glued"), [(10, None), (None, "10"), (10, "10"),
                                                  (None, None)])
def test_a_notebook_at_the_checks_threshold_or_silent_on_it_passes(tmp_path, papermill, glued):
    res = scan(_notebook(tmp_path, papermill, glued), 10)
    assert res.ok, res.findings


def test_the_runners_html_states_its_threshold_too(tmp_path):
    """The runner's rendering marks the glued value (``resolve_glue(mark=True)``)."""
    page = ('<html><body><p>Cells of fewer than <span class="mia-glue" data-glue="par_min_cell">'
            "5</span> persons are hidden.</p></body></html>")
    (tmp_path / "chapter.html").write_text(page)
    found = scan(tmp_path / "chapter.html", 10).findings
    assert [f.rule for f in found] == ["min_cell_above_run"], found
    assert scan(tmp_path / "chapter.html", 5).ok
