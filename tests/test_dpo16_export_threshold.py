"""export-check and the run's own threshold (DPO review 16).

Chapter 5 run with ``-p residents 3000 -p newcomers 1500 -p min_cell 20`` and checked with
``python -m mia_helpers export-check <folder>`` was reported OK at min_cell=10 (the option's
default): a cell of 10 to 19 persons would have passed. The runner's manifest records the
run's ``min_cell``; a check below it is refused now, naming the option to use.
"""

from __future__ import annotations

import json

from mia_helpers.export_check import scan


def _run_folder(tmp_path, min_cell):
    (tmp_path / "manifest.json").write_text(json.dumps(
        {"manifest_version": 1, "parameters": {"min_cell": min_cell, "residents": 3000}}))
    (tmp_path / "table.csv").write_text("group,n_persons\na,25\nb,40\n")
    return tmp_path


def test_a_check_below_the_runs_threshold_is_refused(tmp_path):
    res = scan(_run_folder(tmp_path, 20), min_cell=10)
    assert not res.ok
    found = [f for f in res.findings if f.rule == "min_cell_below_run"]
    assert len(found) == 1 and "--min-cell 20" in found[0].detail, res.findings


def test_a_check_at_the_runs_threshold_passes(tmp_path):
    res = scan(_run_folder(tmp_path, 20), min_cell=20)
    assert res.ok, res.findings


def test_a_check_above_the_runs_threshold_is_refused(tmp_path):
    # dpo45: a run at a lower threshold applied its curve steps, secondary suppression and
    # dominance rules at that threshold, which a figure does not show (min_cell_above_run);
    # until then a check above the run's threshold passed here
    res = scan(_run_folder(tmp_path, 20), min_cell=25)
    found = [f for f in res.findings if f.rule == "min_cell_above_run"]
    assert not res.ok and len(found) == 1 and "-p min_cell 25" in found[0].detail, res.findings


def test_the_command_line_default_names_the_option(tmp_path, capsys):
    from mia_helpers.__main__ import main

    folder = _run_folder(tmp_path, 20)
    assert main(["export-check", str(folder)]) == 1
    assert "export-check --min-cell 20" in capsys.readouterr().out
    assert main(["export-check", "--min-cell", "20", str(folder)]) == 0
