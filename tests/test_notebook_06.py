"""Chapter 6 (conclusions) executes with small parameters (kept for the browser test by
nbrun), and on the real-extract fixture without truth: the adapters' raw layout of the small
synthetic data turned back into registers (no ``truth/``), where the chapter reads that
extract's results and labels every row an estimate."""

import json

import pytest
from nbrun import NOTEBOOKS, SMALL, run_chapter

from mia_helpers.adapters.core import adapt
from mia_helpers.adapters.fixture import write_raw_fixture
from mia_helpers.data import ensure_data
from mia_helpers.notebook_run import execute


def _outputs(nb: dict) -> str:
    """Shown outputs and glued ones (myst-nb stores those under
    application/papermill.record/...; the findings tables are glued Markdown)."""
    return "\n".join(
        "".join("".join(v) for k, v in o.get("data", {}).items()
                if k.endswith(("text/plain", "text/markdown"))) + "".join(o.get("text", ""))
        for c in nb["cells"] for o in c.get("outputs", []))


@pytest.mark.notebook
def test_chapter_06_executes(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    nb = run_chapter("06_conclusions", tmp_path)
    assert "# Chapter 6" in "".join(nb["cells"][0]["source"])
    text = _outputs(nb)
    assert "by construction" in text and "IBO effect, residents" in text  # reader names
    assert "ibo_residents_q5" not in text  # no internal keys in the tables


@pytest.mark.notebook
def test_chapter_06_on_the_real_extract_fixture(tmp_path, monkeypatch):
    monkeypatch.setenv("OPENBLAS_NUM_THREADS", "1")
    mapping = write_raw_fixture(ensure_data(**SMALL), tmp_path / "raw", seed=3)
    extract = tmp_path / "extract"
    adapt(mapping, out=extract)
    assert not (extract / "truth").exists()
    out = execute(NOTEBOOKS / "06_conclusions.md", tmp_path / "nb.ipynb",
                  {"data_dir": str(extract)}, warm=True)  # nbrun's warm kernel
    nb = json.loads(out.read_text())
    for cell in nb["cells"]:
        for output in cell.get("outputs", []):
            assert output.get("output_type") != "error"
    text = _outputs(nb)
    assert "estimate" in text and "by construction" not in text
