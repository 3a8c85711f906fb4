"""Chapter 4 executes with small parameters and publishes no person-level rows."""

from nbrun import run_chapter


def test_chapter_04_executes(tmp_path):
    nb = run_chapter("04_activation_effects", tmp_path,
                     measures=["training_basic", "workplace_learning_ibo",
                               "vacancy_referral_automatic"])
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
