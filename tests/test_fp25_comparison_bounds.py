"""fp25: chapter 5's comparison of measures (``newcomers.measure_comparison``) carries the
tidy rows' ``point_identified`` flag; the printed table shows a bounded row's worst-case
bounds without a point (``labels.comparison_shown``, the origin table's convention, with
``labels.grid_bounds_note`` for the caption), and chapter 5's sentences leave bounds out of
their rankings and comparisons (before: a "now versus never" bound was printed and ranked as
a point estimate)."""

from __future__ import annotations

import pandas as pd
from bounded_rows import IBO, OTHER, VOC
from bounded_rows import bounded_tidy as _tidy

from mia_helpers import claims, labels, newcomers


def test_the_comparison_carries_the_flag_and_prints_bounds_without_a_point():
    tidy = _tidy({IBO: True, VOC: False}, {IBO: 20.0, VOC: 5.0})
    comp = newcomers.measure_comparison(tidy, None, None, (5,), "now_vs_never", 10)
    assert list(comp["point_identified"]) == [False, True]
    assert list(labels.not_point_identified(comp)) == [True, False]
    shown = labels.comparison_shown(comp)
    assert "point_identified" not in shown.columns
    assert list(shown["att_pp"]) == ["bounds", 5.0]
    assert shown.loc[0, "att_rel_pct"] == "–" and shown.loc[1, "att_rel_pct"] != "–"
    assert (shown.loc[0, "ci_low"], shown.loc[0, "ci_high"]) == (-10.0, 50.0)  # the bounds
    assert "worst-case bounds" in labels.grid_bounds_note(shown)
    md = labels.table_markdown(shown, "c.", "tbl-x").data
    assert "| bounds |" in md and "20.0" not in md
    # every row point-identified: no flag column, nothing changed in print, no caption note
    plain = newcomers.measure_comparison(_tidy({IBO: False, VOC: False}, {IBO: 20.0, VOC: 5.0}),
                                         None, None, (5,), "now_vs_never", 10)
    assert "point_identified" not in plain.columns
    assert labels.comparison_shown(plain).equals(plain)
    assert labels.grid_bounds_note(labels.comparison_shown(plain)) == ""


def test_chapter_5_sentences_leave_a_bound_out_of_the_ranking():
    # the bound's midpoint (20.0) is highest: before, IBO was said to return most
    att = {IBO: 20.0, VOC: 5.0, OTHER: 3.0}
    tidy = _tidy({IBO: True, VOC: False, OTHER: False}, att)
    comp = newcomers.measure_comparison(tidy, tidy, None, (5,), "now_vs_never", 10)
    text, summary = claims.measure_ranking_sentences(comp, 5)
    assert "returns most is Vocational training" in text, text
    assert ("for newcomers as for residents the matched effect of IBO is not point-identified"
            in text), text
    assert "IBO" not in summary and "Vocational training returns most" in summary, summary
    # two measures, one bounded: one stated effect is no ranking, the other's bound is said
    two = newcomers.measure_comparison(_tidy({IBO: True, VOC: False}, {IBO: 20.0, VOC: 5.0}),
                                       None, None, (5,), "now_vs_never", 10)
    text, summary = claims.measure_ranking_sentences(two, 5, {"resident": [IBO, VOC]})
    assert ("for newcomers only Vocational training's effect (5.0 points) can be stated (the "
            "others have only worst-case bounds, not point estimates), so there is no "
            "ranking") in text, text
    assert "too few" not in text and "20.0" not in text, text
    # the caution reads the widths of the table (trial31); one stated effect: no ranking
    caution = claims.newcomer_samples_sentence(two, 5)
    assert caution == "The newcomers' intervals are 60.0 points wide on average.", caution
    # one measure, bounded for newcomers only
    one = newcomers.measure_comparison(_tidy({IBO: True}, {IBO: 20.0}),
                                       _tidy({IBO: False}, {IBO: 4.0}), None, (5,),
                                       "now_vs_never", 10)
    text, summary = claims.measure_ranking_sentences(one, 5)
    assert "4.0 points for residents" in text and "20.0" not in text, text
    assert "for newcomers it is not point-identified" in text, text
    assert "not point-identified" in summary and "20.0" not in summary, summary
    # the seed study's vocational finding is not set against a bound
    voc = newcomers.measure_comparison(_tidy({VOC: True, OTHER: False}, {VOC: 9.0, OTHER: 2.0}),
                                       None, None, (5,), "now_vs_never", 10)
    s = claims.vocational_sentence(voc, 5, synthetic=False)
    assert "cannot be compared" in s and "returns more" not in s.split(";")[1], s
    assert "not point-identified" in s and "9.0" not in s, s



def test_chapter_6_sets_no_bound_beside_the_study():
    """conclusions: an IBO effect that is not point-identified has no estimate (its note
    says why) rather than a relative effect read off the bound's midpoint."""
    from mia_helpers import conclusions as cc

    tidy = _tidy({IBO: True}, {IBO: 20.0}).assign(estimand="now_vs_later")
    row = cc._relative_row(tidy, 5, None, "newcomer", "now_vs_later")
    assert pd.isna(row["estimate"]) and pd.isna(row["ci_low"]) and pd.isna(row["ci_high"])
    assert row["note"] == cc.NOT_POINT_IDENTIFIED and row["n_persons"] == 200
    point = cc._relative_row(tidy.assign(point_identified=True), 5, None, "newcomer",
                             "now_vs_later")
    assert round(point["estimate"], 1) == 66.7 and "note" not in point  # 0.5 / 0.3 - 1
