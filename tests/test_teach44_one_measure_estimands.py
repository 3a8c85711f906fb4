"""Chapter 4 run on one measure (user44, ``-p measures '[sanction_transmission]'``, seed
2005, 5,000 residents): the estimands exercise read "The two estimands differ most for
sanction transmission (1.19 points at 12 quarters)", a largest of one."""
import pandas as pd

from mia_helpers import claims


def _tidy(later: float, never: float, measure: str = "sanction_transmission") -> pd.DataFrame:
    return pd.DataFrame([{"measure": measure, "estimand": e, "estimator": "matched",
                          "quarter_since_start": 12, "att_pp": v}
                         for e, v in (("now_vs_later", later), ("now_vs_never", never))])


def test_one_measure_is_not_a_largest_difference():
    sol = claims._estimand_difference(_tidy(10.0, 11.19))["eff_estimand_diff_solution"]
    assert "differ most" not in sol, sol
    assert sol.startswith("The two estimands differ for "), sol
    assert sol.endswith(", the only measure with both point estimates published there (1.19 "
                        "points at 12 quarters)."), sol


def test_two_measures_keep_the_largest():
    c = claims._estimand_difference(pd.concat([_tidy(10.0, 11.19),
                                               _tidy(1.0, 1.1, "training_basic")]))
    assert "differ by at most 1.19 points" in c["eff_estimand_diff_sentence"]
    assert c["eff_estimand_diff_solution"].startswith("The two estimands differ most for ")
    assert "(1.19 points at 12 quarters)." in c["eff_estimand_diff_solution"]
