"""Appendix B (reproducibility record) executes and shows the data fingerprint; the same run
is the prose check of its first extra seed (``test_prose.B_FIRST``)."""

import pytest
from nbrun import ROOT, run_chapter
from test_prose import B_FIRST, check_glue, expected_b, glued_values

pytestmark = pytest.mark.notebook
NAME = "B_reproducibility"


@pytest.fixture(scope="module")
def nb(tmp_path_factory) -> dict:
    return run_chapter(NAME, tmp_path_factory.mktemp("chB"), **B_FIRST)


def test_appendix_b_executes(nb):
    glued = {o["metadata"]["scrapbook"]["name"]:
             o["data"].get("application/papermill.record/text/plain", "")
             for c in nb["cells"] for o in c.get("outputs", [])
             if "scrapbook" in o.get("metadata", {})}
    assert len(glued["b-fingerprint"].strip("'")) == 12  # the data fingerprint is shown
    assert glued["b-revision"]  # and the git revision
    # file sizes are not published (a register's size follows its number of rows)
    table = next(o["data"]["application/papermill.record/text/markdown"]
                 for c in nb["cells"] for o in c.get("outputs", [])
                 if o.get("metadata", {}).get("scrapbook", {}).get("name") == "tbl-b-files")
    header = table.splitlines()[[i for i, line in enumerate(table.splitlines())
                                 if line.startswith("|")][0]]
    assert "sha-256" in header.lower() and "bytes" not in header.lower(), header


def test_appendix_b_glue_matches_results(nb):
    from mia_helpers.manifest import git_revision

    check_glue(NAME, nb, B_FIRST, expected_b)
    assert glued_values(nb)["b-revision"].strip("'").startswith(
        git_revision(ROOT)["revision"][:12])
