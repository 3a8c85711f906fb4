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
                   "measures": ["workplace_learning_ibo"]})
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
    assert "the only VDAB measure compared" in sentences["nc_top_summary"]
