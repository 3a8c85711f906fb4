"""Chapter 4's band and bias sentences read point-identified matched estimates only (nvn24).

With ``estimand = "now_vs_never"`` a matched row with ``point_identified`` False is only
partially identified: its interval is widened by the worst case (Manski bounds) for the starters
whose twins could not remain untreated that long, so it is a bound, not an estimate with a
confidence interval (the chapter's own ``eff_never_bounds`` says so). A new-user trial found the
band sentence counting such bounds among the bands that hold the truth, and the bias sentences
averaging them as matched estimates (seed 4242, 1,200 residents, ``min_cell`` 15: application
assignment at quarter 8, "2 of 40 published measure-horizons").
"""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims

IBO, SANCTION = "workplace_learning_ibo", "sanction_transmission"
NEVER = "now_vs_never"


def _tidy(bounded_quarter: int = 8) -> pd.DataFrame:
    """Both measures on 200 matched starters (400 naive), quarters 1-8; naive 6.0 and matched
    2.0 pp beside a truth of 2.0 with a band of +-3, except sanction transmission at
    ``bounded_quarter``: not point-identified, its matched value 12.0 in a worst-case interval
    [-20, 30] that holds the truth."""
    rows = []
    for m in (IBO, SANCTION):
        for q in range(1, 9):
            bound = m == SANCTION and q == bounded_quarter
            for est, value in (("naive", 6.0), ("matched", 12.0 if bound else 2.0)):
                low, high = (-20.0, 30.0) if bound and est == "matched" else (value - 3,
                                                                              value + 3)
                rows.append({"measure": m, "estimand": NEVER, "estimator": est,
                             "quarter_since_start": q, "att_pp": value, "att_rel": 0.1,
                             "ci_low": low, "ci_high": high, "true_att_pp": 2.0,
                             "n_treated": 200 if est == "matched" else 400,
                             "treated_outcome": 0.4, "control_outcome": 0.38,
                             "point_identified": not (bound and est == "matched")})
    return pd.DataFrame(rows)


def _claims(tidy: pd.DataFrame) -> dict:
    support = pd.DataFrame({"measure": [IBO, SANCTION], "n_treated": [220, 220],
                            "n_dropped": [20, 20], "dropped_pct": [9.1, 9.1]})
    balance = pd.DataFrame({"risk_set": "pooled", "measure": [IBO, SANCTION],
                            "smd_after": [0.02, 0.03]})
    return claims.effects_claims(tidy, support, balance, {}, NEVER, min_cell=10)


def test_bounded_quarters_names_the_bounds_among_the_quarters():
    t = _tidy()
    assert claims.bounded_quarters(t, NEVER, range(4, 9)) == {SANCTION: [8]}
    assert claims.bounded_quarters(t, NEVER, range(4, 8)) == {}
    assert claims.bounded_quarters(t, "now_vs_later", range(4, 9)) == {}
    # a bound the tables hide (fewer than min_cell starters) is not named
    few = t.assign(n_treated=t["n_treated"].where(t["measure"] != SANCTION, 5))
    assert claims.bounded_quarters(few, NEVER, range(4, 9), min_cell=10) == {}


def test_band_sentence_leaves_bounds_out_and_names_them():
    s = _claims(_tidy())["eff_band_sentence"]
    # the old sentence: "... at every horizon from 4 to 8 quarters for every measure", the
    # bound's [-20, 30] counted as a band that holds the truth
    assert s == ("the truth lies inside the matched band of every point-identified estimate "
                 "the tables publish from 4 to 8 quarters; left out is Sanction transmission "
                 "at quarter 8, where the matched estimate is not point-identified: its "
                 "interval is a worst-case bound, not a confidence interval, and says nothing "
                 "of coverage"), s
    # no bound among the judged quarters: the sentence as before
    s = _claims(_tidy(bounded_quarter=2))["eff_band_sentence"]
    assert s == ("the truth lies inside the matched band at every horizon from 4 to 8 quarters "
                 "for every measure"), s


def test_band_sentence_counts_misses_among_point_identified_only():
    t = _tidy()
    t.loc[(t["measure"] == IBO) & (t["estimator"] == "matched")
          & (t["quarter_since_start"] == 5), ["att_pp", "ci_low", "ci_high"]] = [9.0, 6.0, 12.0]
    s = _claims(t)["eff_band_sentence"]
    assert s.startswith("the truth lies outside the matched band in 1 of 9 published "
                        "point-identified measure-horizons from 4 to 8 quarters (IBO); left "
                        "out is Sanction transmission at quarter 8"), s


def test_bias_sentence_does_not_read_a_bound():
    c = _claims(_tidy())
    s = c["eff_bias_sentence"]
    # the old sentence put sanction transmission's naive bias, against a matched average that
    # holds the bound, among the measures matching corrects ("overstates the return of IBO and
    # Sanction transmission")
    assert "overstates the return of IBO (on" in s, s
    assert s.endswith("The naive bias of Sanction transmission is not read here: its matched "
                      "estimate is not point-identified at quarter 8 (a worst-case bound, not "
                      "an estimate), so what matching removes cannot be told."), s
    assert "Sanction transmission" not in c["eff_bias_summary"], c["eff_bias_summary"]


def test_bias_table_sentence_names_the_bounded_rows():
    t = _tidy()
    table = claims.bias_table(t, NEVER, range(4, 9), min_cell=10)
    bounds = claims.bounded_quarters(t, NEVER, range(4, 9), 10)
    s = claims.bias_table_sentence(table, min_cell=10, bounds=bounds)
    # the naive direction is read for both; whether matching lowers the bias only for IBO
    assert s.startswith("On average the naive estimate lies above the truth for IBO and "
                        "Sanction transmission (the signed bias). Matching lowers the absolute "
                        "bias of IBO, from 4.0 to 0.0 points."), s
    # reader34: "share of bias removed", the table's name of the column, throughout
    assert ("The matched bias and share of bias removed of Sanction transmission are not given: its "
            "matched estimate is not point-identified at quarter 8, so its average would hold a "
            "worst-case bound, not an estimate.") in s, s  # late24: bias_table gives none
    # without bounds the table still gives no matched average of the bound (late24): the row
    # is neither read nor called hidden
    bare = claims.bias_table_sentence(table, min_cell=10)
    assert "Matching lowers the absolute bias of IBO, from" in bare, bare
    assert "share of bias removed of Sanction transmission are not given" in bare, bare
    assert "hidden" not in bare, bare


def test_origin_band_count_leaves_bounds_out():
    rows = []
    for g in ("belgian", "non_eu"):
        for q in range(1, 9):
            bound = g == "non_eu" and q == 8
            rows.append({"measure": IBO, "group": g, "estimand": NEVER, "estimator": "matched",
                         "quarter_since_start": q, "att_pp": 2.0,
                         "ci_low": -20.0 if bound else -1.0, "ci_high": 30.0 if bound else 5.0,
                         "n_treated": 100, "true_att_pp": 2.0, "point_identified": not bound})
    c = claims.origin_claims(pd.DataFrame(rows), [IBO], min_cell=10)
    # the old sentence: "... lies inside the group's band at 10 of 10 points", the bound counted
    assert c["eff_origin_inside"] == (
        "At quarters 4 to 8, for the group estimates of IBO, the generator's group truth lies "
        "inside the group's band "
        "at all 9 point-identified points (IBO for Non-EU starters at quarter 8 left out: there "
        "the estimate is not point-identified, its interval a worst-case bound, not a confidence "
        "interval)."), c["eff_origin_inside"]
    assert (c["origin_inside"], c["origin_points"]) == (9, 9)
