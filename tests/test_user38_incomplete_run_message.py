"""user38: ``export-check``'s ``incomplete_run`` message for the HTML of a failed chapter run
said the folder had no ``disclosure_record.json`` when it had one (the kernel's suppress
calls write it before the failing cell; the runner renders the HTML and writes no manifest).
The message now says what the folder holds, in both cases."""

from __future__ import annotations

import json
from pathlib import Path

from mia_helpers.export_check import scan

STEM = "01_panel_construction"
PAGE = ('<html><head><title>Chapter 1</title><meta content="mia_helpers chapter runner" '
        'name="generator"/></head><body><p>Chapter 1</p></body></html>')
RECORD = json.dumps({"version": "mia_helpers.disclosure 2", "results": {}})


def _failed_run(folder: Path, record: bool) -> Path:
    folder.mkdir(parents=True)
    (folder / f"{STEM}.html").write_text(PAGE)
    (folder / f"{STEM}.ipynb").write_text(json.dumps({
        "nbformat": 4, "nbformat_minor": 5, "metadata": {"papermill": {}}, "cells": []}))
    if record:
        (folder / "disclosure_record.json").write_text(RECORD)
    return folder


def _html_detail(root: Path) -> str:
    (found,) = [f for f in scan(root, min_cell=10).findings
                if f.rule == "incomplete_run" and f.file.endswith(".html")]
    return found.detail


def test_a_failed_runs_html_beside_its_record_says_the_record_is_there(tmp_path):
    detail = _html_detail(_failed_run(tmp_path / "run", record=True))
    assert "with a disclosure_record.json but without the run's manifest.json" in detail
    assert "manifest.json and disclosure_record.json:" not in detail
    assert "run the chapter again" in detail


def test_the_html_without_a_record_says_both_are_missing(tmp_path):
    detail = _html_detail(_failed_run(tmp_path / "run", record=False))
    assert "without the run's manifest.json and disclosure_record.json" in detail
