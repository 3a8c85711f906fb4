"""Chapter 4 executes with small parameters and publishes no person-level rows.

The main run (``test_prose.CH4_FIRST``: seed 2011, three measures) serves three checks: the
chapter's outputs (here), every value its claims glue equals the value recomputed outside the
notebook (:func:`test_prose.check_glue`), and the page the browser test builds.
"""

import pytest
from nbrun import run_chapter
from test_prose import CH4_FIRST, check_glue, expected_ch04

pytestmark = pytest.mark.notebook
NAME = "04_activation_effects"


@pytest.fixture(scope="module")
def nb(tmp_path_factory) -> dict:
    return run_chapter(NAME, tmp_path_factory.mktemp("ch4"), **CH4_FIRST)


def test_chapter_04_glue_matches_results(nb):
    check_glue(NAME, nb, CH4_FIRST, expected_ch04)


def test_chapter_04_executes(nb):
    text = "".join(
        # shown outputs and glued ones (stored under application/papermill.record/...)
        "".join(v if isinstance(v, str) else "".join(v) for k, v in o.get("data", {}).items()
                if k.endswith(("text/plain", "text/markdown"))) for c in nb["cells"]
        for o in c.get("outputs", [])
    )
    assert ":name: tbl-effects-summary" in text  # the summary table is shown, numbered
    assert "Share of bias removed" in text  # the bias comparison with the truth is shown
    assert "person_id" not in text  # no person-level rows reach the book
    images = sum(any(k.endswith("image/png") for k in o.get("data", {})) for c in nb["cells"]
                 for o in c.get("outputs", []))
    assert images >= 3  # support histogram, love plot, rendement curves


def test_chapter_04_with_one_measure_without_a_direct_link(tmp_path):
    """Chapter 4 run on one measure that has no direct link to employers: no cell fails (it
    raised KeyError 'group' in the effects by origin), the by-origin section says in words
    that nothing is split, its figure is still an image (a note) and its table a note, and no
    glued sentence prints "nan", "none" or an empty list."""
    import json
    import re

    from nbrun import NOTEBOOKS, unresolved_glue

    from mia_helpers.export_check import scan
    from mia_helpers.notebook_run import execute

    out = execute(NOTEBOOKS / "04_activation_effects.md", tmp_path / "ch4.ipynb",
                  {"seed": 2005, "residents": 3000, "newcomers": 1500,
                   "measures": ["training_basic"]}, warm=True)  # nbrun's warm kernel
    nb = json.loads(out.read_text())
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert not unresolved_glue(nb)
    assert scan(out, min_cell=10).ok
    glued = {o["metadata"]["scrapbook"]["name"]: o["data"] for o in outputs
             if o.get("metadata", {}).get("scrapbook")}
    text = {k: v.get("application/papermill.record/text/plain", "") for k, v in glued.items()
            if not k.startswith(("tbl-", "fig-"))}
    assert text["eff_origin_scope"].strip("'\"").startswith(  # cell45: worded for one
        "Basic training, the one measure run, has no direct link to employers")
    assert "application/papermill.record/image/png" in glued["fig-effects-origin"]
    assert "(basic training, the one measure run, has no direct link" in glued["tbl-effects-origin"][
        "application/papermill.record/text/markdown"]
    for key, value in text.items():
        if value.startswith(("'", '"')):  # a glued sentence
            assert not re.search(r"\bnan\b|\bnone\b|: \.|\[\]", value), (key, value)
    # one measure: described, not ranked or compared with others
    assert "the matched effect of basic training is" in text["eff_ranking_sentence"]  # seed38
    assert "returns the most" not in text["eff_ranking_summary"]
