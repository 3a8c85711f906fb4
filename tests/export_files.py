"""One way for the export-check tests to write an export and scan it (ec28b, ec29 had written
it in five test files)."""

from __future__ import annotations

import json
from pathlib import Path

from mia_helpers import export_check as ec


def scan_files(tmp_path: Path, files: dict[str, object], min_cell: int) -> ec.ScanResult:
    """Write ``files`` (relative path -> text, or any other object as JSON) under
    ``tmp_path / "export"`` in UTF-8 and return :func:`mia_helpers.export_check.scan` of that
    folder at ``min_cell``."""
    root = tmp_path / "export"
    for rel, content in files.items():
        p = root / rel
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(content if isinstance(content, str) else json.dumps(content),
                     encoding="utf-8")
    return ec.scan(root, min_cell)


def run_folders(root: Path, min_cells: dict[str, int], table: str) -> None:
    """Under ``root``, one run folder per name of ``min_cells``, each with a ``manifest.json``
    recording that ``min_cell`` and a ``table.csv`` of ``table`` (rev45: newuser22 and dpo45
    wrote these folders each in their own loop)."""
    for name, run_min_cell in min_cells.items():
        run = root / name
        run.mkdir()
        (run / "manifest.json").write_text(json.dumps(
            {"manifest_version": 1, "parameters": {"min_cell": run_min_cell}}))
        (run / "table.csv").write_text(table)


def scan_notebook_and_html(tmp_path: Path, source: str, min_cell: int
                           ) -> tuple[ec.ScanResult, ec.ScanResult, str]:
    """A one-cell Markdown notebook of ``source`` and its HTML as the runner renders it
    (:func:`mia_helpers.chapters.render_html`), each scanned alone in a folder of its own at
    ``min_cell``: (notebook's result, HTML's result, the HTML text)."""
    import shutil

    from mia_helpers.chapters import render_html

    nb = {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [
        {"cell_type": "markdown", "id": "a", "metadata": {}, "source": source}]}
    run = tmp_path / "run"
    run.mkdir()
    (run / "c.ipynb").write_text(json.dumps(nb), encoding="utf-8")
    html = render_html(run / "c.ipynb")
    results = []
    for src in (run / "c.ipynb", html):
        folder = tmp_path / src.suffix[1:]
        folder.mkdir()
        shutil.copy(src, folder / src.name)
        results.append(ec.scan(folder, min_cell))
    return results[0], results[1], html.read_text(encoding="utf-8")
