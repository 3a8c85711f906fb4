"""Chapter 5 executes with small parameters (kept for the browser test by nbrun), and without
truth files (a real extract: estimates without truth lines, no error)."""

import json
import shutil

import pytest
from nbrun import NOTEBOOKS, SMALL, run_chapter

from mia_helpers.data import ensure_data
from mia_helpers.notebook_run import execute


@pytest.mark.notebook
def test_chapter_05_executes(tmp_path):
    nb = run_chapter("05_newcomer_integration", tmp_path)
    # papermill injected the small parameters after the `parameters` cell
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in nb["cells"])
    assert "# Chapter 5" in "".join(nb["cells"][0]["source"])  # title cell first


@pytest.mark.notebook
def test_chapter_05_without_truth(tmp_path):
    src = ensure_data(**SMALL)
    real = tmp_path / "extract"
    shutil.copytree(src, real, ignore=shutil.ignore_patterns("truth"))
    out = execute(NOTEBOOKS / "05_newcomer_integration.md", tmp_path / "nb.ipynb",
                  {"data_dir": str(real)})
    nb = json.loads(out.read_text())
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error"
