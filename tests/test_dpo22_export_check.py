"""dpo22: what ``export-check`` passed without being able to check it.

Found by checking, at ``min_cell`` 11, copies of chapter run folders (seed 7171) as a user
might take them out: an empty Markdown or HTML file passed as checked (an empty CSV, JSON or
notebook was refused); a run folder whose notebook and ``disclosure_record.json`` were left
out passed with its HTML and manifest; the runner's HTML copied out of its run folder passed
on its content, so a chapter whose record marks a table ``fail`` could leave as HTML alone;
and ``{}`` written over ``disclosure_record.json`` passed as an ordinary JSON output."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pytest

from mia_helpers import chapters
from mia_helpers.export_check import RUNNER_HTML_MARK, scan
from mia_helpers.files import sha256_file

STEM = "01_panel_construction"
PAGE = ("<html><head><title>Chapter 1</title>{mark}</head><body><table><tr><th>Origin</th>"
        "<th>Persons</th></tr><tr><td>a</td><td>120</td></tr></table></body></html>")
RUNNER_PAGE = PAGE.format(mark='<meta content="mia_helpers chapter runner" name="generator"/>')


def _rules(found) -> set[tuple[str, str]]:
    return {(f.file, f.rule) for f in found}


def _run_folder(folder: Path, notebook: bool = True, record: str | None = None) -> Path:
    folder.mkdir(parents=True)
    (folder / f"{STEM}.html").write_text(RUNNER_PAGE)
    if notebook:
        (folder / f"{STEM}.ipynb").write_text(json.dumps({
            "nbformat": 4, "nbformat_minor": 5, "metadata": {"papermill": {}}, "cells": []}))
    if record is not None:
        (folder / "disclosure_record.json").write_text(record)
    # the hashes of what the runner wrote, as every run since user25 stores them (dpo46)
    outputs = {p.name: {"sha256": sha256_file(p)} for p in folder.iterdir()}
    (folder / "manifest.json").write_text(json.dumps({
        "manifest_version": 1, "parameters": {"min_cell": 11},
        "inputs": {f"/x/notebooks/{STEM}.md": {"bytes": 1, "sha256": "0"}},
        "outputs": outputs}))
    return folder


GOOD_RECORD = json.dumps({"version": "mia_helpers.disclosure 2", "results": {}})


def test_empty_markdown_and_html_are_refused(tmp_path):
    (tmp_path / "t.md").write_text("")
    (tmp_path / "t.html").write_text("  \n")
    (tmp_path / "ok.md").write_text("| Origin | Persons |\n|---|---|\n| a | 120 |\n")
    found = scan(tmp_path, min_cell=11).findings
    assert _rules(found) == {("t.md", "unreadable"), ("t.html", "unreadable")}
    assert all("empty file" in f.detail for f in found)


def test_a_complete_run_folder_passes(tmp_path):
    assert scan(_run_folder(tmp_path / "run", record=GOOD_RECORD), min_cell=11).ok


def test_a_run_folder_with_its_html_but_no_record_is_refused(tmp_path):
    _run_folder(tmp_path / "run", notebook=False)
    assert ("run/disclosure_record.json", "disclosure_record") in _rules(
        scan(tmp_path, min_cell=11).findings)


def test_a_record_that_is_not_the_disclosure_record_is_refused(tmp_path):
    _run_folder(tmp_path / "run", record="{}")
    found = [f for f in scan(tmp_path, min_cell=11).findings if f.rule == "disclosure_record"]
    assert [f.file for f in found] == ["run/disclosure_record.json"]
    assert "not the runner's disclosure record" in found[0].detail


def test_the_runners_html_outside_its_run_folder_is_refused(tmp_path):
    (tmp_path / "renamed.html").write_text(RUNNER_PAGE)
    (tmp_path / "mine.html").write_text(PAGE.format(mark=""))  # not the runner's: by content
    assert _rules(scan(tmp_path, min_cell=11).findings) == {("renamed.html", "incomplete_run")}
    # a rendering beside its notebook not executed by the runner: checked on its content, as
    # that notebook is (tests/test_notebook_run.py renders one)
    (tmp_path / "renamed.ipynb").write_text(json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": []}))
    assert scan(tmp_path, min_cell=11).ok


def test_the_runner_writes_the_mark_export_check_reads():
    assert RUNNER_HTML_MARK in chapters._RUNNER_TEMPLATE


def _manifest_run(folder: Path, min_cell: int, checkout: str = "/x") -> Path:
    folder.mkdir(parents=True)
    (folder / f"{STEM}.html").write_text(RUNNER_PAGE)
    (folder / "manifest.json").write_text(json.dumps({
        "manifest_version": 1, "parameters": {"min_cell": min_cell},
        "data": {"fingerprint": "abc"},
        "inputs": {f"{checkout}/notebooks/{STEM}.md": {"bytes": 1, "sha256": "0"}},
        # the runner's hash of its page (dpo47: without it, the page is refused)
        "outputs": {f"{STEM}.html": {"sha256": hashlib.sha256(RUNNER_PAGE.encode()).hexdigest()}}}))
    (folder / "disclosure_record.json").write_text(GOOD_RECORD)
    return folder


def test_a_run_released_earlier_with_another_threshold_is_refused(tmp_path):
    """dpo22, seed 7171: chapter 2 at min_cell 11 and 25 each hid what the other showed (42
    and 38 school leavers with a first and a first stable job: 4 without a stable one)."""
    _manifest_run(tmp_path / "old" / "ch", 11, checkout="/elsewhere")  # another checkout
    new = _manifest_run(tmp_path / "new" / "ch", 25).parent
    assert scan(new, min_cell=25).ok  # alone it passes
    found = scan(new, min_cell=25, released=[tmp_path / "old"]).findings
    assert [(f.file, f.rule) for f in found] == [("ch/manifest.json", "parameter_variation")]
    assert "min_cell: 11 there, 25 here" in found[0].detail
    same = _manifest_run(tmp_path / "again" / "ch", 25).parent
    assert scan(same, min_cell=25, released=[new]).ok  # the same parameters: nothing new


def test_a_missing_released_folder_is_refused_before_the_scan(tmp_path, monkeypatch):
    import mia_helpers.export_check as ec

    def no_scan(*args, **kwargs):
        raise AssertionError("the scan started before --released was checked")

    monkeypatch.setattr(ec, "_scan_file", no_scan)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "t.csv").write_text("a\n1\n")
    with pytest.raises(ValueError, match=r"--released .*nowhere: not a folder"):
        scan(tmp_path / "out", min_cell=10, released=[tmp_path / "nowhere"])
