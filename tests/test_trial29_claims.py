"""trial29 (seed 5151, 5,000 residents, 1,800 newcomers, min_cell 15, window from 2006Q1):
sentences that the tables beside them contradicted on that data set."""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims


def _comparison() -> pd.DataFrame:
    """Chapter 5's comparison as trial29 published it: no newcomer effect at 5 quarters, but
    newcomer effects of vocational training (4 and 8 quarters) and other workplace learning
    (8 quarters) published; residents' effects at every quarter."""
    nan = float("nan")
    newcomer = {("workplace_learning_ibo", 4): nan, ("workplace_learning_ibo", 5): nan,
                ("workplace_learning_ibo", 8): nan, ("training_vocational", 4): -3.4,
                ("training_vocational", 5): nan, ("training_vocational", 8): 4.3,
                ("workplace_learning_other", 4): nan, ("workplace_learning_other", 5): nan,
                ("workplace_learning_other", 8): 7.4}
    resident = {("workplace_learning_ibo", q): v for q, v in ((4, 9.2), (5, 11.6), (8, 12.9))}
    resident |= {("training_vocational", q): v for q, v in ((4, 2.9), (5, 3.2), (8, 8.0))}
    resident |= {("workplace_learning_other", q): v for q, v in ((4, 6.5), (5, 5.2), (8, 8.0))}
    rows = [{"population": pop, "measure": m, "quarter_since_start": q, "att_pp": v,
             "ci_low": v - 5.5, "ci_high": v + 5.5}
            for pop, d in (("newcomer", newcomer), ("resident", resident))
            for (m, q), v in d.items()]
    return pd.DataFrame(rows)


def test_newcomer_summary_says_at_which_quarter_no_effect_is_stated():
    """The summary bullet read "No VDAB measure's effect for newcomers can be stated" while
    the table published three newcomer effects (at 4 and 8 quarters): the headline quarter is
    the one at which none can be stated, and the bullet says so."""
    text, summary = claims.measure_ranking_sentences(_comparison(), 5)
    assert text.startswith("At 5 quarters"), text
    assert summary.startswith("No VDAB measure's effect for newcomers at 5 quarters can be "
                              "stated"), summary


def test_one_measure_summary_says_its_quarter():
    """The one-measure variant of the same bullet names the quarter as well."""
    comp = _comparison()
    comp = comp[comp["measure"] == "workplace_learning_ibo"]
    _, summary = claims.measure_ranking_sentences(comp, 5)
    assert "for newcomers at 5 quarters rests on too few starters" in summary, summary
