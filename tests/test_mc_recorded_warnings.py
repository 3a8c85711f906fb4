"""Monte Carlo replications record their NotIdentifiedWarnings instead of printing them
(Appendix A with a new seed printed about 170 warning blocks from its joblib workers), and
Appendix A says how many data sets raised them, from the recorded counts."""

from __future__ import annotations

import warnings

import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers import montecarlo as mc
from mia_helpers.core import NotIdentifiedWarning, warn_not_identified


def _replicate(seed, params):
    for _ in range(seed % 3):  # seed 3: none, 4: one, 5: two
        warn_not_identified(f"term 'x' has no treated (seed {seed})")
    if params.get("other"):
        warnings.warn("something else", RuntimeWarning, stacklevel=1)
    return pd.DataFrame({"quarter_since_start": [1, 2], "att_pp": [0.0, 1.0]})


def test_record_warnings_counts_and_does_not_print():
    with warnings.catch_warnings(record=True) as shown:
        warnings.simplefilter("always")
        rows = [mc.record_warnings(_replicate, s, {}) for s in (3, 4, 5)]
    assert not shown  # nothing reaches the caller
    assert [r[mc.WARNINGS_COLUMN].tolist() for r in rows] == [[0, 0], [1, 1], [2, 2]]
    assert rows[2][mc.WARNINGS_COLUMN].dtype == "int64"


def test_record_warnings_lets_other_categories_through():
    with pytest.warns(RuntimeWarning, match="something else"):
        rows = mc.record_warnings(_replicate, 4, {"other": True})
    assert rows[mc.WARNINGS_COLUMN].tolist() == [1, 1]  # the RuntimeWarning is not counted


def test_warning_counts_per_replication_and_study():
    rows = pd.concat([mc.record_warnings(_replicate, s, {}).assign(replication=i, measure=m)
                      for m in ("a", "b") for i, s in enumerate((3, 4, 5))], ignore_index=True)
    # per measure: replications with warnings 2 of 3, warnings 0 + 1 + 2
    assert mc.warning_counts(rows) == (4, 6, 6)
    assert mc.warning_counts(rows.drop(columns=mc.WARNINGS_COLUMN)) is None


def test_study_file_run_records_warnings_of_its_workers(tmp_path):
    sf = mc.StudyFile(tmp_path / "none.parquet", {}, lambda **p: p, lambda p, fp=None: "k",
                      lambda: "fp", _replicate)
    with warnings.catch_warnings():
        warnings.simplefilter("error", NotIdentifiedWarning)  # a printed one would raise
        rows = sf.run({"replications": 3, "base_seed": 1}, n_jobs=1, progress=False,
                      use_cache=False, shipped=False)
    per = rows.groupby("replication")[mc.WARNINGS_COLUMN].first()
    seeds = mc.replication_seeds(1, 3)
    assert per.tolist() == [s % 3 for s in seeds]


def test_recorded_warnings_sentence():
    s = claims.montecarlo_recorded_warnings_sentence((40, 40, 170))
    assert s.startswith("The model fits of all 40 data sets raised warnings (170 in all)"), s
    assert "column not_identified_warnings" in s and "not point-identified" in s
    assert claims.montecarlo_recorded_warnings_sentence((3, 600, 5)).startswith(
        "The model fits of 3 of the 600 data sets raised warnings (5 in all)")
    assert claims.montecarlo_recorded_warnings_sentence((0, 200, 0)).startswith(
        "None of the model fits of the 200 data sets")
    assert "no count" in claims.montecarlo_recorded_warnings_sentence(None)
    for bad in ((5, 4, 9), (2, 4, 1), (0, 4, 3), (-1, 4, 0)):
        with pytest.raises(ValueError, match="counts"):
            claims.montecarlo_recorded_warnings_sentence(bad)


def test_appendix_a_glues_the_recorded_sentence():
    from mia_helpers import chapters

    _, source = chapters.resolve_chapter("A")
    text = source.read_text()
    assert "{glue:text}`a_mc_recorded`" in text
    assert "warning_counts(mc)" in text
