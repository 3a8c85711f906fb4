"""Appendix A executes with small parameters (kept for the browser test by nbrun)."""

import pytest
from nbrun import run_chapter


@pytest.mark.notebook
def test_appendix_a_executes(tmp_path):
    nb = run_chapter("A_matching_method", tmp_path)
    # papermill injected the small parameters after the `parameters` cell
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in nb["cells"])
    assert "# Appendix A" in "".join(nb["cells"][0]["source"])  # title cell first
