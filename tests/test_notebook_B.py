"""Appendix B (reproducibility record) executes and shows the data fingerprint."""

from nbrun import run_chapter


def test_appendix_b_executes(tmp_path):
    nb = run_chapter("B_reproducibility", tmp_path)
    text = "".join(
        "".join(o.get("text", "")) for c in nb["cells"] for o in c.get("outputs", [])
    )
    assert "data fingerprint" in text and "git revision" in text
