"""Chapter 4's bias-table sentence and origin section apply the truth-scope rule: a measure
whose matched estimate drops ``claims.TRUTH_SCOPE_DROPPED_PCT`` % or more of its starters is
not compared with the truth of all of them (prose28b: at caliper 0.001, 70.8-84.5 % dropped,
"Matching lowers the absolute bias of ..." and "10.5 percentage points for Belgian starters
(generator truth 8.1)")."""
import pandas as pd

from mia_helpers import claims

IBO, BASIC = "workplace_learning_ibo", "training_basic"


def _bias_tidy(naive_err: dict[str, float], matched_err: dict[str, float]) -> pd.DataFrame:
    rows = []
    for m in naive_err:
        for q in range(4, 9):
            for est, err in (("naive", naive_err[m]), ("matched", matched_err[m])):
                rows.append(dict(measure=m, estimand="now_vs_later", estimator=est,
                                 quarter_since_start=q, att_pp=5.0 + err, true_att_pp=5.0,
                                 n_treated=50))
    return pd.DataFrame(rows)


def test_bias_table_sentence_does_not_read_a_measure_out_of_scope() -> None:
    t = claims.bias_table(_bias_tidy({IBO: 6.0, BASIC: 4.0}, {IBO: 1.0, BASIC: 2.0}),
                          "now_vs_later")
    assert "Matching lowers the absolute bias of IBO and Basic training" in \
        claims.bias_table_sentence(t)
    s = claims.bias_table_sentence(t, scope={IBO: 70.8})
    assert "Matching lowers the absolute bias of Basic training, from 4.0 to 2.0 points." in s, s
    assert "Whether matching lowers the absolute bias of IBO is not read from the table: " \
           "70.8 per cent of its starters found no statistical twin within the caliper and are " \
           "outside its matched estimate, a share of at least the 10 per cent" in s, s
    every = claims.bias_table_sentence(t, scope={IBO: 70.8, BASIC: 12.0})
    assert "Matching lowers" not in every and "Matching does not" not in every, every
    assert "IBO and Basic training is not read" in every, every


def _by_group() -> pd.DataFrame:
    return pd.DataFrame([
        {"measure": IBO, "group": g, "quarter_since_start": q, "estimator": "matched",
         "estimand": "now_vs_later", "att_pp": 6.0, "ci_low": 1.0, "ci_high": 12.0,
         "true_att_pp": 7.0, "n_treated": 200, "point_identified": True}
        for g in ("belgian", "non_eu") for q in range(1, 9)])


def test_origin_claims_do_not_set_a_measure_out_of_scope_against_the_truth() -> None:
    c = claims.origin_claims(_by_group(), [IBO], min_cell=10)
    assert "(generator truth 7.0)" in c["eff_origin_headline"]
    assert c["eff_origin_inside"].endswith("at all 10 points."), c["eff_origin_inside"]
    s = claims.origin_claims(_by_group(), [IBO], min_cell=10, scope={IBO: 70.8})
    assert "generator truth 7.0" not in s["eff_origin_headline"], s["eff_origin_headline"]
    assert "not set against the generator's group truth: matching dropped 70.8 per cent of IBO's " \
           "starters" in s["eff_origin_headline"], s["eff_origin_headline"]
    assert s["origin_points"] == 0
    assert s["eff_origin_inside"] == (
        "At quarters 4 to 8, no group estimate of IBO is checked against the generator's "
        "group truth (IBO left out: matching dropped 70.8 per cent of its starters, so its estimates "
        "average over fewer starters than the truth does)."), s["eff_origin_inside"]


def test_origin_summary_does_not_point_to_a_comparison_the_scope_rule_left_out() -> None:
    c = claims.origin_claims(_by_group(), [IBO], min_cell=10)
    assert c["eff_origin_summary"].endswith("per-group truth is in the section on effects by "
                                            "origin"), c["eff_origin_summary"]
    s = claims.origin_claims(_by_group(), [IBO], min_cell=10, scope={IBO: 70.8})
    assert s["eff_origin_summary"].endswith("no group estimate is set against the generator's "
                                            "per-group truth (matching dropped 70.8 per cent of its "
                                            "starters, at least the 10 per cent at which a 10-point "
                                            "difference between the effects of dropped and "
                                            "kept starters would move the truth by 1 point)"
                                            ), s["eff_origin_summary"]
