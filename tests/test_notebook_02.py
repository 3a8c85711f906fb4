"""Chapter 2 executes with small parameters (3,000 residents) and non-default options.

Runs with the cloglog link, a six-quarter stable-job definition and a disclosure threshold of
50 persons (``test_prose.CH2_FIRST``, seed 2013), so that small origin x generation groups of
the small sample are suppressed: the test checks that suppression markers reach the published
tables and no cell raises. The same run is the prose check of the chapter's first extra seed
(:func:`test_prose.check_glue`: every glued value equals the value recomputed outside the
notebook with these options) and the page the browser test builds.
"""

from __future__ import annotations

import pytest
from nbrun import leaked_glue, run_chapter
from test_prose import CH2_FIRST, check_glue, expected_ch02

pytestmark = pytest.mark.notebook
NAME = "02_school_leaver_entry"


@pytest.fixture(scope="module")
def nb(tmp_path_factory) -> dict:
    return run_chapter(NAME, tmp_path_factory.mktemp("ch2"), **CH2_FIRST)


def test_chapter_02_runs(nb):
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


def test_chapter_02_glue_matches_results(nb):
    check_glue(NAME, nb, CH2_FIRST, expected_ch02)
