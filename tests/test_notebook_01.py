"""Chapter 1 executes with small parameters."""

from nbrun import leaked_glue, run_chapter


def test_chapter_01_executes(tmp_path):
    nb = run_chapter("01_panel_construction", tmp_path)
    text = "".join(
        # shown outputs and glued ones (stored under application/papermill.record/...)
        "".join(v if isinstance(v, str) else "".join(v) for k, v in o.get("data", {}).items()
                if k.endswith(("text/plain", "text/markdown"))) for c in nb["cells"]
        for o in c.get("outputs", [])
    )
    assert not leaked_glue(nb)  # a missing quantity is said in words, never "nan"
    assert "orphan id" in text  # the exclusion log is shown (reader labels)
    assert "person_id" not in text  # no person-level rows reach the book
