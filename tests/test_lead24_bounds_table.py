"""The printed summary table marks an effect that is not point-identified as its worst-case
bounds, with no point and no relative effect (nvn24 found chapter 4 at seed 4242, "now versus
never", printing Application assignment at quarter 8 as "1.3 [-13.6, 16.2]", like an estimate
with its confidence interval)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import labels


def _summary(point_identified) -> pd.DataFrame:
    return pd.DataFrame({
        "measure": ["workplace_learning_ibo", "workplace_learning_ibo"],
        "quarter_since_start": [4, 8], "matched_pp": [2.0, 1.3], "ci_low": [0.5, -13.6],
        "ci_high": [3.5, 16.2], "matched_rel_pct": [10.0, 5.0], "naive_pp": [4.0, 3.0],
        "n_treated": [120, 110], "point_identified": point_identified})


@pytest.mark.parametrize("flags", [[True, False], np.array([True, False]),
                                   pd.array([True, False], dtype="boolean"),
                                   np.array([True, False], dtype=object)])
def test_bound_printed_as_bounds_without_point(flags):
    t = labels.effect_table(_summary(flags))
    cell = t.filter(like="Matched").iloc[:, 0]
    assert cell.iloc[0] == "2.0 [0.5, 3.5]"
    assert cell.iloc[1] == "bounds [-13.6, 16.2]"
    assert t["Relative (%)"].tolist() == ["10.0", "–"]


def test_without_the_flag_every_row_is_an_estimate():
    t = labels.effect_table(_summary([True, True]).drop(columns="point_identified"))
    assert t.filter(like="Matched").iloc[1, 0] == "1.3 [-13.6, 16.2]"


def test_caption_note_only_where_bounds_are_printed():
    assert labels.bounds_note(_summary([True, True])) == ""
    assert "worst-case bounds" in labels.bounds_note(_summary([True, False]))


def _tidy() -> pd.DataFrame:
    rows = []
    for m, pi, est in (("workplace_learning_ibo", True, 5.0), ("training_basic", True, 2.0),
                       ("sanction_transmission", False, 9.0)):
        for q in (1, 4, 5, 8):
            rows.append(dict(measure=m, estimand="now_vs_never", estimator="matched",
                             quarter_since_start=q, att_pp=est, att_rel=0.1, ci_low=est - 1,
                             ci_high=est + 1, n_treated=200, point_identified=pi or q != 5))
    return pd.DataFrame(rows)


def test_ranking_leaves_bounds_out_and_names_them():
    """A bound (sanction transmission at quarter 5, the highest point) is not ranked, and
    the sentence says why; without the argument the old sentence (no mention) is kept."""
    from mia_helpers import claims

    rank = claims.ranking(_tidy(), "now_vs_never", 5)
    assert "sanction_transmission" not in set(rank["measure"])
    assert list(rank["measure"]) == ["workplace_learning_ibo", "training_basic"]
    bounded = list(claims.bounded_quarters(_tidy(), "now_vs_never", [5]))
    assert bounded == ["sanction_transmission"]
    text, _ = claims.ranking_sentences(rank, 5, list(rank["measure"]), False, 10,
                                       "now_vs_never", bounded)
    assert "is not ranked: at 5 quarters its matched effect is not point-identified" in text
    empty, summary = claims.ranking_sentences(rank.iloc[0:0], 5, [], False, 10,
                                              "now_vs_never", bounded)
    assert "no published matched effect is a point estimate" in empty
    assert "only worst-case bounds" in summary


def test_inburgering_sentence_names_its_estimand():
    """Chapter 5's inburgering sentence reads "now versus later" rows whatever estimand the
    chapter draws, so it names it (late24: a "now versus never" run stated -2.1, -5.3 and
    -6.1 beside a table of the other estimand)."""
    from mia_helpers import claims

    rows = [dict(measure="inburgering", estimand="now_vs_later", estimator="matched",
                 quarter_since_start=q, att_pp=-2.0, ci_low=-4.0, ci_high=0.0, se=1.0,
                 n_treated=300, treated_outcome=0.4, control_outcome=0.42)
            for q in (4, 5, 8)]
    text = claims._inburgering_sentence(pd.DataFrame(rows), [4, 5, 8], 10)
    assert text.startswith('the matched "now versus later" effect of inburgering at 4, 5 and 8')
