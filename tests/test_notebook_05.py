"""Chapter 5 executes with small parameters (kept for the browser test by nbrun), and without
truth files (a real extract: estimates without truth lines, no error)."""

import json
import re
import shutil

import pytest
from nbrun import NOTEBOOKS, SMALL, run_chapter
from test_prose import CH5_FIRST, check_glue, expected_ch05

from mia_helpers.data import ensure_data
from mia_helpers.notebook_run import execute

pytestmark = pytest.mark.notebook
NAME = "05_newcomer_integration"


@pytest.fixture(scope="module")
def nb(tmp_path_factory) -> dict:
    """The chapter's main run (``test_prose.CH5_FIRST``, seed 2015): its outputs, its prose
    check (:func:`test_prose.check_glue`) and the page the browser test builds."""
    return run_chapter(NAME, tmp_path_factory.mktemp("ch5"), **CH5_FIRST)


def test_chapter_05_glue_matches_results(nb):
    check_glue(NAME, nb, CH5_FIRST, expected_ch05)


def test_chapter_05_executes(nb):
    # papermill injected the small parameters after the `parameters` cell
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in nb["cells"])
    assert "# Chapter 5" in "".join(nb["cells"][0]["source"])  # title cell first


def test_chapter_05_without_truth_without_mo_and_with_one_measure(tmp_path):
    """Chapter 5 on a real extract (no truth files: estimates without truth lines, no error),
    run without MO and with one VDAB measure: no glued sentence claims a result for MO or
    compares measures that were not run, and none prints "nan" or "none". (One run for both
    cases: the truth and the step paths of the chapter are separate cells.)"""
    import re

    from nbrun import unresolved_glue

    src = ensure_data(**SMALL)
    real = tmp_path / "extract"
    shutil.copytree(src, real, ignore=shutil.ignore_patterns("truth"))
    out = execute(NOTEBOOKS / "05_newcomer_integration.md", tmp_path / "nb.ipynb",
                  {"data_dir": str(real), "treatments": ["inburgering", "nt2"],
                   "measures": ["workplace_learning_ibo"]}, warm=True)  # nbrun's warm kernel
    nb = json.loads(out.read_text())
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert not unresolved_glue(nb)
    text = {o["metadata"]["scrapbook"]["name"]:
            o["data"].get("application/papermill.record/text/plain", "") for o in outputs
            if o.get("metadata", {}).get("scrapbook")}
    sentences = {k: v for k, v in text.items() if v.startswith(("'", '"'))}
    for key, value in sentences.items():
        assert not re.search(r"\bnan\b|\bnone\b|: \.|\[\]", value), (key, value)
    assert "MO is not among the steps estimated" in sentences["nc_mo_support_sentence"]
    assert "MO" not in sentences["nc_zero_sentence"]
    assert "MO" not in sentences["nc_steps_names"]
    assert "this run does not compare both" in sentences["nc_vocational_sentence"]
    # the one measure's effect, or why it is hidden (dpo23: few entrants hide it too)
    assert ("the only VDAB measure compared" in sentences["nc_top_summary"]
            or "rests on too few starters, or too few who entered"
            in sentences["nc_top_summary"])


#: the smallest extract found on which chapter 5 stopped in its comparison of VDAB measures
#: (``ValueError: 'training_vocational': no treated unit matched within the caliper``): with
#: 140 newcomers, two of the three measures have no newcomer starter with a twin within the
#: default caliper of 0.2 SD, and MO none among the steps
TINY = {"seed": 2005, "residents": 1000, "newcomers": 140}


def test_chapter_05_goes_on_when_a_measure_cannot_be_estimated(tmp_path):
    """On a tiny extract chapter 5 skips the measures (and steps) the data cannot estimate,
    warns naming them and what to change, says so in words in the prose, and its tables show
    only what was estimated and passes disclosure control. (About 8 s.)"""
    from nbrun import leaked_glue, unresolved_glue

    from mia_helpers.export_check import scan

    out = execute(NOTEBOOKS / "05_newcomer_integration.md", tmp_path / "nb.ipynb", TINY,
                  warm=True)  # the warm kernel of nbrun's runs (about 4 s less)
    nb = json.loads(out.read_text())
    outputs = [o for c in nb["cells"] for o in c.get("outputs", [])]
    assert not [o for o in outputs if o.get("output_type") == "error"]
    assert not unresolved_glue(nb) and not leaked_glue(nb), leaked_glue(nb)
    assert scan(out, min_cell=10).ok
    stderr = "".join("".join(o["text"]) for o in outputs if o.get("name") == "stderr")
    for measure in ("training_vocational", "workplace_learning_other"):
        assert (f"Warning: '{measure}' is not estimated for newcomers" in stderr
                and "widen `caliper` (now 0.2)" in stderr), stderr[-2000:]
    glued = {o["metadata"]["scrapbook"]["name"]: o["data"] for o in outputs
             if o.get("metadata", {}).get("scrapbook")}
    text = {k: v.get("application/papermill.record/text/plain", "") for k, v in glued.items()}
    assert text["nc_measures_skipped_sentence"].strip("'\"").startswith(
        "Vocational training and other workplace learning were not estimated for newcomers")
    assert "-p measures '[workplace_learning_ibo]'" in text["nc_measures_skipped_sentence"]
    assert "could not be estimated for newcomers" in text["nc_vocational_sentence"]
    for key, value in text.items():
        if value.startswith(("'", '"')):
            assert not re.search(r"\bnan\b|\bNone\b|\[\]", value), (key, value)
    table = glued["tbl-newcomers-measures"]["application/papermill.record/text/markdown"]
    rows = [r for r in table.splitlines() if r.startswith("| Newcomer")]
    assert rows and all("| IBO |" in r for r in rows), rows  # only the measure estimated
    assert all(r.split("|")[-2].strip() == "<10" for r in rows)  # hidden: fewer than min_cell
