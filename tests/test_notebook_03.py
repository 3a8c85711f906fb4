"""Chapter 3 (activation inflow) executes with small parameters (3,000 residents).

The first run uses the defaults (nine measure codes); the second the seven measure types, a
subset of measures (the rest pooled) and a disclosure threshold of 50 persons, so that
suppression markers reach the published tables without any cell raising.
"""

from __future__ import annotations

import pytest
from nbrun import leaked_glue, run_chapter

pytestmark = pytest.mark.notebook


@pytest.mark.slow
def test_chapter_03_runs_with_small_parameters(tmp_path):
    nb = run_chapter("03_activation_inflow", tmp_path, min_cell=10)
    text = "\n".join(
        # shown outputs and glued ones (stored under application/papermill.record/...)
        "".join(v if isinstance(v, str) else "".join(v) for k, v in out.get("data", {}).items()
                if k.endswith(("text/plain", "text/markdown")))
        for cell in nb["cells"] for out in cell.get("outputs", [])
    )
    assert not leaked_glue(nb)  # a missing quantity is said in words, never "nan"
    # the truth is shown beside the estimates on synthetic data (reader column names)
    assert "True RRR" in text and "True adjusted gap" in text and "z vs truth" in text
    # no person identifier reaches an output
    assert "person_id" not in text
    # the ideal-type inflow and the proxy's cross-table are numbered tables, rows in type order
    types = text.index(":name: tbl-inflow-types")
    assert ":name: tbl-inflow-proxy" in text
    assert text.index("| Autonomous", types) < text.index("| Needs direction", types) < \
        text.index("| Needs both", types)
    images = sum(any(k.endswith("image/png") for k in out.get("data", {}))
                 for cell in nb["cells"] for out in cell.get("outputs", []))
    assert images == 5  # four figures, and the inflow by ideal type


@pytest.mark.slow
def test_chapter_03_runs_with_types_grouping_and_subset(tmp_path):
    nb = run_chapter(
        "03_activation_inflow", tmp_path, keep=False, grouping="types",
        measures=["training_basic", "workplace_learning_ibo", "training_vocational",
                  "workplace_learning_other", "mediation_guidance"],
        covariate_blocks=["self_reliance"], min_cell=50,
    )
    text = "\n".join(
        "".join(v if isinstance(v, str) else "".join(v) for k, v in out.get("data", {}).items()
                if k.endswith(("text/plain", "text/markdown"))) + "".join(out.get("text", ""))
        for cell in nb["cells"] for out in cell.get("outputs", [])
    )
    assert not leaked_glue(nb)  # a missing quantity is said in words, never "nan"
    assert "<50" in text  # small cells of the small sample are suppressed
    assert "Vacancy referral" not in text  # not kept: pooled into other_measure
    assert "Other measure" in text


@pytest.mark.nightly
def test_chapter_03_on_an_extract_without_truth(tmp_path):
    """A real extract has no true ideal types: the chapter shows the register proxy's classes
    and says the proxy cannot be checked, instead of failing (nightly: a third chapter run)."""
    from nbrun import SMALL

    from mia_helpers.adapters.core import adapt
    from mia_helpers.adapters.fixture import write_raw_fixture
    from mia_helpers.data import ensure_data

    extract = tmp_path / "extract"
    adapt(write_raw_fixture(ensure_data(**SMALL), tmp_path / "raw", seed=3), out=extract)
    assert not (extract / "truth").exists()
    nb = run_chapter("03_activation_inflow", tmp_path / "run", keep=False, data_dir=str(extract))
    text = "\n".join(
        "".join(v if isinstance(v, str) else "".join(v) for k, v in out.get("data", {}).items()
                if k.endswith(("text/plain", "text/markdown")))
        for cell in nb["cells"] for out in cell.get("outputs", [])
    )
    assert not leaked_glue(nb)
    assert "by proxy class" in text and "the proxy cannot be checked" in text
    assert "True RRR" not in text
