"""Chapter 2's predicted-curve figure says which cells it draws (trial19: seed 7575, window
2006Q3, ``min_cell`` 20). Caption and prose said "natives and the two generations of Maghrebi
origin" while the figure drew the natives alone, and the prose below it said so twice."""

from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import claims

REF, MAGHREB = "belgian:native", ["maghreb:intermediate", "maghreb:second"]


def test_cells_text_names_what_each_panel_draws():
    both = {"first job": [REF, *MAGHREB], "first stable job": [REF, *MAGHREB]}
    assert claims.predicted_cells_text(both, REF, MAGHREB) == (
        "Belgian (native), Maghreb (intermediate generation) and Maghreb (second generation)")
    alone = {"first job": [REF], "first stable job": [REF]}
    s = claims.predicted_cells_text(alone, REF, MAGHREB)
    assert s.startswith("Belgian (native) only (the tables do not publish the cells of Maghreb")
    assert "none" not in s  # tests/nbrun.py's LEAK_WORDS
    mixed = {"first job": [REF, *MAGHREB], "first stable job": [REF]}
    s = claims.predicted_cells_text(mixed, REF, MAGHREB)
    assert s.startswith("Belgian (native) and, for the first job, Maghreb (intermediate")
    assert "Belgian (native) only for the first stable job" in s
    one = {"first job": [REF, MAGHREB[1]], "first stable job": [REF, MAGHREB[1]]}
    assert "the tables do not publish Maghreb (intermediate generation)" in (
        claims.predicted_cells_text(one, REF, MAGHREB))


def _curves(profiles):
    return pd.DataFrame([dict(u=u, profile=p, event=e, cum_incidence=0.1 * u - 0.05 * i,
                              ci_low=0.1 * u - 0.05 * i - 0.01 * (i + 1),
                              ci_high=0.1 * u - 0.05 * i + 0.01 * (i + 1))
                         for i, p in enumerate(profiles) for e in ("first job",)
                         for u in range(4)])


def test_curves_sentence_says_once_that_only_the_reference_is_drawn():
    s = claims.predicted_curves_sentence(_curves([REF]), REF, {REF: 100})
    assert s == "only the Belgian (native) curve is drawn, so neither bands nor curves are compared"
    s = claims.predicted_curves_sentence(_curves([REF, MAGHREB[0]]), REF,
                                         {REF: 500, MAGHREB[0]: 50})
    assert s.startswith("the bands are narrowest for Belgian (native), the largest")
    assert "stay below the Belgian (native) curve at every duration" in s
    with pytest.raises(ValueError, match="ci_low"):
        claims.predicted_curves_sentence(_curves([REF]).drop(columns="ci_low"), REF, {})


def test_stable_further_sentence_stands_alone():
    none = claims.stable_further_sentence(float("nan"), 0.5, True)
    assert none.startswith("No non-EU cell is published in both tables")
    assert "Comparing" not in none
    some = claims.stable_further_sentence(0.3, 0.5, True)
    assert some.startswith("Comparing the two tables over the non-EU cells published in both, "
                           "for stable jobs")
    text = (Path(__file__).resolve().parent.parent / "notebooks"
            / "02_school_leaver_entry.md").read_text()
    assert "in both,\n{glue:text}`leavers_stable_sentence`" not in text
