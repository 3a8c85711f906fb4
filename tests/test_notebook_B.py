"""Appendix B (reproducibility record) executes and shows the data fingerprint."""

from nbrun import run_chapter


def test_appendix_b_executes(tmp_path):
    nb = run_chapter("B_reproducibility", tmp_path)
    glued = {o["metadata"]["scrapbook"]["name"]:
             o["data"].get("application/papermill.record/text/plain", "")
             for c in nb["cells"] for o in c.get("outputs", [])
             if "scrapbook" in o.get("metadata", {})}
    assert len(glued["b-fingerprint"].strip("'")) == 12  # the data fingerprint is shown
    assert glued["b-revision"]  # and the git revision
