"""Chapter 1 executes with small parameters on the prose check's first extra seed and the
shifted window (``test_prose.CH1_FIRST``). One run serves three checks: the chapter runs and
publishes no person-level rows (here), every value its claims glue equals the value recomputed
outside the notebook (:func:`test_prose.check_glue`), and the browser test builds its page."""

import pytest
from nbrun import leaked_glue, run_chapter
from test_prose import CH1_FIRST, check_glue, expected_ch01

pytestmark = pytest.mark.notebook
NAME = "01_panel_construction"


@pytest.fixture(scope="module")
def nb(tmp_path_factory) -> dict:
    return run_chapter(NAME, tmp_path_factory.mktemp("ch1"), **CH1_FIRST)


def test_chapter_01_executes(nb):
    text = "".join(
        # shown outputs and glued ones (stored under application/papermill.record/...)
        "".join(v if isinstance(v, str) else "".join(v) for k, v in o.get("data", {}).items()
                if k.endswith(("text/plain", "text/markdown"))) for c in nb["cells"]
        for o in c.get("outputs", [])
    )
    assert not leaked_glue(nb)  # a missing quantity is said in words, never "nan"
    assert "orphan id" in text  # the exclusion log is shown (reader labels)
    assert "person_id" not in text  # no person-level rows reach the book


def test_chapter_01_glue_matches_results(nb):
    check_glue(NAME, nb, CH1_FIRST, expected_ch01)
