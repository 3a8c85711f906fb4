"""trial30 (seed 6161, 3,500 residents, 1,300 newcomers, min_cell 13, window from 2006Q2):
chapter 4's naive-bias sentences name every measure they do not read."""
import pandas as pd


def _effects_claims(starters_basic: int) -> dict:
    """IBO and basic training at quarters 1 to 8; basic training's matched effect on
    ``starters_basic`` matched starters at quarter 5 (the bias table hides its row below
    min_cell 13)."""
    from mia_helpers import claims

    rows = [{"measure": m, "estimand": "now_vs_later", "estimator": est,
             "quarter_since_start": q, "att_pp": v + (3.0 if est == "naive" else 0.0),
             "att_rel": 0.2, "ci_low": v - 3, "ci_high": v + 3, "true_att_pp": v,
             "n_treated": (starters_basic if m == "training_basic" and q == 5 else 300)
             if est == "matched" else 600, "treated_outcome": 0.3, "control_outcome": 0.25}
            for m, v in (("workplace_learning_ibo", 4.2), ("training_basic", -2.1))
            for q in range(1, 9) for est in ("naive", "matched")]
    support = pd.DataFrame({"measure": ["workplace_learning_ibo", "training_basic"],
                            "n_treated": [3329, 2613], "n_dropped": [86, 216],
                            "n_matched": [3243, 2397], "dropped_pct": [2.6, 8.3]})
    balance = pd.DataFrame({"risk_set": "pooled", "measure": ["workplace_learning_ibo",
                                                              "training_basic"],
                            "smd_after": [0.04, 0.03]})
    return claims.effects_claims(pd.DataFrame(rows), support, balance, {}, "now_vs_later",
                                 min_cell=13)


def test_chapter_4_names_a_measure_whose_naive_bias_it_does_not_read():
    # seed 6161: eight measures sorted into below, above and within 1 point of the truth;
    # sanction transmission (its matched effect at 5 quarters hidden) left out without a word
    s = _effects_claims(12)["eff_bias_sentence"]
    assert "The naive bias of Basic training is not read here: its row of the bias table " \
        "below is hidden by disclosure control." in s, s
    assert "not read here" not in _effects_claims(300)["eff_bias_sentence"]
