"""Chapter 2 executes with small parameters (3,000 residents) and non-default options.

Runs with the cloglog link, a six-quarter stable-job definition and a disclosure threshold of
50 persons, so that small origin x generation groups of the small sample are suppressed: the
test checks that suppression markers reach the published tables and no cell raises.
"""

from __future__ import annotations

import pytest
from nbrun import leaked_glue, run_chapter


@pytest.mark.notebook
def test_chapter_02_runs(tmp_path, monkeypatch):
    # one BLAS thread in the kernel: two pytest workers share two cores (see test_hazard.py)
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    monkeypatch.setenv("OMP_NUM_THREADS", "1")
    nb = run_chapter(
        "02_school_leaver_entry", tmp_path, link="cloglog", stable_quarters=6, min_cell=50,
        n_sim=100,
    )
    # shown outputs and glued ones (stored under application/papermill.record/...)
    text = "\n".join(
        "".join(v if isinstance(v, str) else "".join(v) for k, v in o.get("data", {}).items()
                if k.endswith(("text/plain", "text/markdown"))) + "".join(o.get("text", ""))
        for c in nb["cells"] for o in c.get("outputs", [])
    )
    assert not leaked_glue(nb)  # a missing quantity is said in words, never "nan"
    assert "hazard ratios [interval] of entry into a first job" in text
    assert "<50" in text  # small groups suppressed in the published tables
    images = sum(any(k.endswith("image/png") for k in o.get("data", {}))
                 for c in nb["cells"] for o in c.get("outputs", []))
    assert images >= 4
    assert "person_id" not in text  # no person-level rows reach the book
