"""export-check and several runs of one chapter on the same data (DPO review 17).

Each chapter run protects only itself. Chapter 3 run twice on the same data (seed 2005, 2,000
residents, min_cell 20) at horizon 8 and 9 published Other non-EU first generation's cumulative
basic-training inflow as 15.24 % and 15.75 %: a step of one or two spells that the run's own
curve merges. Exported together, both passed. Runs of one chapter on the same data with other
parameters are now refused (``parameter_variation``).
"""

from __future__ import annotations

import json

from mia_helpers.export_check import scan

NB = "notebooks/03_activation_inflow.md"


def _run(folder, horizon, fingerprint="abc", notebook=NB, min_cell=20):
    folder.mkdir()
    (folder / "manifest.json").write_text(json.dumps({
        "manifest_version": 1, "inputs": {notebook: {"sha256": "0"}},
        "data": {"fingerprint": fingerprint},
        "parameters": {"min_cell": min_cell, "horizon": horizon, "seed": 2005}}))
    (folder / "table.csv").write_text("group,n_persons\na,25\nb,40\n")
    return folder


def _found(res):
    return [f for f in res.findings if f.rule == "parameter_variation"]


def test_two_horizons_on_the_same_data_are_refused(tmp_path):
    _run(tmp_path / "h8", 8)
    _run(tmp_path / "h9", 9)
    res = scan(tmp_path, min_cell=20)
    found = _found(res)
    assert not res.ok and len(found) == 1, res.findings
    assert "horizon: 8 there, 9 here" in found[0].detail
    assert found[0].file.startswith("h9")


def test_other_data_other_chapters_or_the_same_parameters_pass(tmp_path):
    _run(tmp_path / "a", 8)
    _run(tmp_path / "b", 9, fingerprint="def")  # another extract
    _run(tmp_path / "c", 9, notebook="notebooks/06_conclusions.md")  # another chapter
    _run(tmp_path / "d", 8)  # the same run again
    assert not _found(scan(tmp_path, min_cell=20))
