"""dpo46: files of a chapter run folder that the run's record does not vouch for.

The runner stores the SHA-256 of what it wrote (the notebook, its HTML, the disclosure
record) in the run's ``manifest.json`` (``outputs``), and export-check refuses a changed one
(``edited_output``, user25). Three ways round it passed:

- a file the runner did not write, put in the run folder after the run (an effects table
  saved from the notebook and edited, 167 starters made 168): checked on its content alone,
  as if the run had made it, though no hash can tell whether it still shows what the run
  computed (``unrecorded_output``);
- the manifest's ``outputs`` removed (read as a run made before user25), or one output's
  ``sha256`` removed, beside an edited notebook (``edited_output``);
- the ``effects`` command's CSV with a column or two dropped, which no longer held every
  column by which ``uncontrolled_output`` knew it, and passed with large counts.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime

import pandas as pd

from mia_helpers.export_check import scan
from mia_helpers.manifest import write_manifest

TABLE = "| Measure | Starters |\n|---|---:|\n| IBO | 167 |\n"


def _run_folder(tmp_path):
    run = tmp_path / "export" / "activation_effects"
    run.mkdir(parents=True)
    page = run / "page.md"
    page.write_text(TABLE, encoding="utf-8")
    now = datetime.now(UTC)
    write_manifest(run, {"min_cell": 10}, None, now, now, outputs=[page])
    return run, page


def _found(tmp_path, rule):
    return [f for f in scan(tmp_path / "export").findings if f.rule == rule]


def test_a_file_added_to_a_run_folder_after_the_run_is_refused(tmp_path):
    run, _ = _run_folder(tmp_path)
    assert scan(tmp_path / "export").findings == []
    pd.DataFrame({"measure": ["ibo"], "Starters": [168], "Matched (pp)": [4.1]}).to_csv(
        run / "effects_summary.csv", index=False)
    (found,) = _found(tmp_path, "unrecorded_output")
    assert found.file == "activation_effects/effects_summary.csv"
    assert "manifest.json" in found.detail and "outputs" in found.detail


def test_a_file_in_a_sub_folder_of_a_run_folder_is_refused_too(tmp_path):
    run, _ = _run_folder(tmp_path)
    (run / "extra").mkdir()
    (run / "extra" / "table.md").write_text(TABLE, encoding="utf-8")
    assert [f.file for f in _found(tmp_path, "unrecorded_output")] == [
        "activation_effects/extra/table.md"]


def test_a_file_beside_run_folders_is_checked_on_its_content(tmp_path):
    _run_folder(tmp_path)
    (tmp_path / "export" / "notes.md").write_text(TABLE, encoding="utf-8")
    assert scan(tmp_path / "export").findings == []


def _notebook(path, starters):
    """A notebook as papermill leaves it (its metadata), printing one table."""
    path.write_text(json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {"papermill": {}}, "cells": [{
            "cell_type": "code", "execution_count": 1, "metadata": {}, "source": "t",
            "outputs": [{"output_type": "display_data", "metadata": {},
                         "data": {"text/markdown": TABLE.replace("167", str(starters))}}]}]}))


def test_an_edited_notebook_whose_manifest_lost_its_outputs_is_refused(tmp_path):
    run = tmp_path / "export" / "activation_effects"
    run.mkdir(parents=True)
    nb = run / "04_activation_effects.ipynb"
    _notebook(nb, 167)
    now = datetime.now(UTC)
    write_manifest(run, {"min_cell": 10}, None, now, now, outputs=[nb])
    assert _found(tmp_path, "edited_output") == []
    _notebook(nb, 168)
    assert [f.file for f in _found(tmp_path, "edited_output")] == [
        "activation_effects/04_activation_effects.ipynb"]
    man = json.loads((run / "manifest.json").read_text())
    man.pop("outputs")  # read as a run made before user25: the edit passed
    (run / "manifest.json").write_text(json.dumps(man))
    found = _found(tmp_path, "edited_output")
    assert [f.file for f in found] == ["activation_effects/manifest.json"], found
    assert "records no SHA-256" in found[0].detail


def test_an_output_whose_hash_was_removed_is_refused(tmp_path):
    run, page = _run_folder(tmp_path)
    man = json.loads((run / "manifest.json").read_text())
    man["outputs"]["page.md"].pop("sha256")
    (run / "manifest.json").write_text(json.dumps(man))
    page.write_text(TABLE.replace("167", "168"), encoding="utf-8")
    assert [f.file for f in _found(tmp_path, "edited_output")] == ["activation_effects/page.md"]


def test_an_effects_csv_with_columns_dropped_is_still_refused(tmp_path):
    (tmp_path / "export").mkdir()
    rows = pd.DataFrame({"measure": ["ibo"] * 2, "estimand": ["now_vs_later"] * 2,
                         "quarter_since_start": [4, 8], "estimator": ["matched"] * 2,
                         "att_pp": [3.1, 4.2], "n_treated": [400, 380], "se": [1.1, 1.2],
                         "df": [399, 379], "point_identified": [True, True],
                         "interval": ["linearized"] * 2, "ci_level": [0.95, 0.95]})
    rows.to_csv(tmp_path / "export" / "effects.csv", index=False)
    assert [f.rule for f in scan(tmp_path / "export").findings] == ["uncontrolled_output"]
    rows.drop(columns=["estimand", "estimator", "interval"]).to_csv(
        tmp_path / "export" / "effects.csv", index=False)
    assert [f.rule for f in scan(tmp_path / "export").findings] == ["uncontrolled_output"]


def test_a_protected_table_of_effects_is_not_the_effects_rows(tmp_path):
    """The chapters' tables of effects hold the same code names, but none of the command's
    own columns (tests/test_leaks.py's clean run folder)."""
    (tmp_path / "export").mkdir()
    pd.DataFrame({"measure": ["ibo"] * 2, "estimand": ["now_vs_later"] * 2,
                  "quarter_since_start": [4, 8], "estimator": ["matched"] * 2,
                  "att_pp": [3.1, 4.2], "n_treated": [400, 380]}).to_csv(
        tmp_path / "export" / "summary.csv", index=False)
    assert scan(tmp_path / "export").findings == []
