"""Chapter 1 executes with small parameters."""

from nbrun import run_chapter


def test_chapter_01_executes(tmp_path):
    nb = run_chapter("01_panel_construction", tmp_path)
    text = "".join(
        "".join(o.get("data", {}).get("text/plain", "")) for c in nb["cells"]
        for o in c.get("outputs", [])
    )
    assert "orphan_id" in text  # the exclusion log is shown
    assert "person_id" not in text  # no person-level rows reach the book
