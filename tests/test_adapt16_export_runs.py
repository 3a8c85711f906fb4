"""``export-check`` refuses chapter run folders that are not as the runner left a finished run.

Found by running the chapters on an adapted extract and checking ``export/``: a run folder
whose ``manifest.json`` was missing (the runner removes it when a run starts and writes it
last: an interrupted or failed run) passed as long as ``disclosure_record.json`` was missing
too, and a notebook and HTML left in a folder by an earlier run of another chapter passed,
although the folder's disclosure record is the new run's.
"""

from __future__ import annotations

import json
from pathlib import Path

from mia_helpers.export_check import scan
from mia_helpers.files import sha256_file

NOTEBOOK = "04_activation_effects"


def _notebook(path: Path, papermill: bool = True) -> Path:
    """An executed notebook with one printed line; the chapter runner's carries papermill's
    metadata."""
    meta = {"papermill": {"parameters": {"min_cell": 10}}} if papermill else {}
    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": meta, "cells": [
        {"cell_type": "code", "execution_count": 1, "metadata": {}, "source": "print('x')",
         "outputs": [{"output_type": "stream", "name": "stdout", "text": "done\n"}]}]}
    path.write_text(json.dumps(nb))
    return path


def _run(folder: Path, stem: str = NOTEBOOK, manifest: bool = True) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    _notebook(folder / f"{stem}.ipynb")
    (folder / f"{stem}.html").write_text("<html><body><p>done</p></body></html>")
    if manifest:
        (folder / "disclosure_record.json").write_text(json.dumps(
            {"version": "mia_helpers.disclosure 2", "results": {}}))
        # the hashes of what the runner wrote, as every run since user25 stores them (dpo46)
        outputs = {p.name: {"sha256": sha256_file(p)} for p in (
            folder / f"{stem}.ipynb", folder / f"{stem}.html", folder / "disclosure_record.json")}
        (folder / "manifest.json").write_text(json.dumps({
            "manifest_version": 1, "parameters": {"min_cell": 10},
            "inputs": {f"/x/notebooks/{stem}.md": {"bytes": 1, "sha256": "0"}},
            "outputs": outputs}))
    return folder


def test_a_finished_run_folder_passes(tmp_path):
    assert scan(_run(tmp_path / "ae")).ok


def test_a_runner_notebook_without_manifest_and_record_is_refused(tmp_path):
    _run(tmp_path / "ae", manifest=False)
    found = scan(tmp_path).findings
    assert [(f.file, f.rule) for f in found] == [(f"ae/{NOTEBOOK}.ipynb", "incomplete_run")]
    assert "manifest.json" in found[0].detail and "run the chapter again" in found[0].detail


def test_a_notebook_not_made_by_the_runner_is_still_checked_on_its_content(tmp_path):
    _notebook(tmp_path / "mine.ipynb", papermill=False)
    assert scan(tmp_path).ok


def test_outputs_of_an_earlier_run_of_another_chapter_are_refused(tmp_path):
    folder = _run(tmp_path / "ae")
    _notebook(folder / "02_school_leaver_entry.ipynb")
    (folder / "02_school_leaver_entry.html").write_text("<html><body><p>old</p></body></html>")
    found = sorted((f.file, f.rule) for f in scan(tmp_path).findings)
    assert found == [("ae/02_school_leaver_entry.html", "stale_output"),
                     ("ae/02_school_leaver_entry.ipynb", "stale_output")]


def test_the_runner_refuses_an_out_folder_of_another_chapter_before_a_kernel(tmp_path, capsys):
    from mia_helpers import cli

    folder = _run(tmp_path / "ae")
    before = sorted(p.name for p in folder.iterdir())
    assert cli.main(["chapter", "activation_inflow", "-p", "residents", "300", "-p", "newcomers",
                     "150", "--out", str(folder)]) == 2
    err = capsys.readouterr().err
    assert f"--out {folder}" in err and f"{NOTEBOOK}.ipynb" in err
    assert "its own --out folder" in err
    assert sorted(p.name for p in folder.iterdir()) == before  # manifest and record untouched


def test_one_notebook_given_alone_is_checked_on_its_content(tmp_path):
    """The folder rules need the folder: a notebook given as the path is checked by content
    (as the test harness checks each executed chapter)."""
    nb = _run(tmp_path / "ae", manifest=False) / f"{NOTEBOOK}.ipynb"
    assert scan(nb).ok
    assert not scan(tmp_path).ok


def test_a_papermill_notebook_not_rendered_by_the_runner_is_checked_on_its_content(tmp_path):
    """A notebook executed with papermill outside the runner (no HTML, no mathjax/ beside it,
    as tests/nbrun.py leaves one) is no run folder: it passes on its content."""
    (tmp_path / "run").mkdir()
    _notebook(tmp_path / "run" / f"{NOTEBOOK}.ipynb")
    assert scan(tmp_path / "run").ok
    (tmp_path / "run" / "mathjax").mkdir()
    (tmp_path / "run" / "mathjax" / "x.css").write_text("")
    assert any(f.rule == "incomplete_run" for f in scan(tmp_path / "run").findings)
