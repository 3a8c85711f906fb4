"""Chapter 5 executes with small parameters (kept for the browser test by nbrun)."""

import pytest
from nbrun import run_chapter


@pytest.mark.notebook
def test_chapter_05_executes(tmp_path):
    nb = run_chapter("05_newcomer_integration", tmp_path)
    # papermill injected the small parameters after the `parameters` cell
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in nb["cells"])
    assert "# Chapter 5" in "".join(nb["cells"][0]["source"])  # title cell first
