"""Appendix A executes with small parameters (kept for the browser test by nbrun).

Besides the small data (nbrun.SMALL), the Monte Carlo runs only a few small replications, so
the chapter executes in well under two minutes; the Monte Carlo's statistical properties are
tested in tests/test_montecarlo.py.
"""

import pytest
from nbrun import SMALL, run_chapter

#: a handful of small Monte Carlo replications: the notebook test checks execution only
SMALL_MC = {"replications": 2, "exercise_replications": 2, "mc_residents": 2000,
            "mc_newcomers": 300, "bootstrap": 9, "nc_replications": 2,
            "mc_nc_newcomers": 1500}


@pytest.mark.notebook
def test_appendix_a_executes(tmp_path):
    # the command line's note (chapters.montecarlo_note) predicts the notebook's Monte Carlo
    # studies with chapters.appendix_a_studies, a mirror of the notebook's calls
    from mia_helpers import chapters

    short, source = chapters.resolve_chapter("A")
    params = chapters.read_parameters(source)
    given = {**SMALL, **SMALL_MC}
    values = chapters.check_parameters(short, params, [(k, str(v)) for k, v in given.items()
                                                       if k in params])
    merged = {n: p.default for n, p in params.items() if p.literal} | values  # as the note
    predicted = {f.cache_path(p) for _, f, p in chapters.appendix_a_studies(merged)}
    (cache,) = {p.parent for p in predicted}
    before = {p: p.stat().st_mtime_ns for p in cache.glob("*.parquet")}

    nb = run_chapter("A_matching_method", tmp_path, **SMALL_MC)
    # papermill injected the small parameters after the `parameters` cell
    assert any("injected-parameters" in c["metadata"].get("tags", []) for c in nb["cells"])
    assert "# Appendix A" in "".join(nb["cells"][0]["source"])  # title cell first
    # every study the notebook computed (a cache file written by this run) was predicted: a
    # study added to the notebook but not to the mirror fails here (with an empty cache, as
    # on a fresh clone, every study of these parameters is computed and written)
    written = {p for p in cache.glob("*.parquet") if before.get(p) != p.stat().st_mtime_ns}
    assert written <= predicted, sorted(map(str, written - predicted))
    # ... and every predicted study is cached now, so the note announces nothing (a
    # prediction the notebook does not compute would still be announced here)
    assert chapters.montecarlo_note(short, params, values) is None
    # the tables the exercise cells display (not glued) show their rows by a label, never by
    # pandas' 0, 1, ... (trial16: "the pandas index shows as a column")
    import re

    shown = ["".join(o["data"]["text/html"]) for c in nb["cells"] for o in c.get("outputs", [])
             if "dataframe" in "".join(o.get("data", {}).get("text/html", ""))]
    assert len(shown) >= 2
    assert not [h for h in shown if re.search(r"<tr>\s*<th>0</th>", h)]
