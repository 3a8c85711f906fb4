"""Appendix A executes with small parameters (kept for the browser test by nbrun).

Besides the small data (nbrun.SMALL), the Monte Carlo runs only a few small replications, so
the chapter executes in well under two minutes; the Monte Carlo's statistical properties are
tested in tests/test_montecarlo.py.
"""

import pytest
from nbrun import run_chapter

#: a handful of small Monte Carlo replications: the notebook test checks execution only
SMALL_MC = {"replications": 2, "exercise_replications": 2, "mc_residents": 2000,
            "mc_newcomers": 300, "bootstrap": 9, "nc_replications": 2,
            "mc_nc_newcomers": 1500}


@pytest.mark.notebook
def test_appendix_a_executes(tmp_path):
    nb = run_chapter("A_matching_method", tmp_path, **SMALL_MC)
    # papermill injected the small parameters after the `parameters` cell
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in nb["cells"])
    assert "# Appendix A" in "".join(nb["cells"][0]["source"])  # title cell first
