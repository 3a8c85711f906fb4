"""Chapter 4's summary says which measures' group intervals it compared: "the effects of IBO,
Other workplace learning and Vocational training are estimated with wider intervals for the
smaller groups" stood beside an origin table showing no starters count of other workplace
learning's groups (read28: seed 6262, 4,000 residents, 1,500 newcomers, min_cell 12)."""
import pandas as pd

from mia_helpers import claims

IBO, OTHER = "workplace_learning_ibo", "workplace_learning_other"


def _rows(other_non_eu: int) -> pd.DataFrame:
    rows = []
    for m in (IBO, OTHER):
        for g, n, half in (("belgian", 320, 6.0), ("non_eu", 98 if m == IBO else other_non_eu,
                                                    11.0)):
            rows += [{"measure": m, "group": g, "quarter_since_start": q, "att_pp": 8.0,
                      "ci_low": 8.0 - half, "ci_high": 8.0 + half, "n_treated": n,
                      "true_att_pp": 7.0, "estimator": "matched"} for q in range(1, 9)]
    return pd.DataFrame(rows)


def test_summary_names_the_measures_compared() -> None:
    s = claims.origin_claims(_rows(5), [IBO, OTHER], min_cell=12)["eff_origin_summary"]
    assert s.startswith("By origin group, the effect of IBO is estimated with wider intervals "
                        "for the smaller groups (for Other workplace learning the table shows "
                        "too few groups' starters at one horizon to compare)"), s


def test_every_measure_compared_reads_as_before() -> None:
    s = claims.origin_claims(_rows(90), [IBO, OTHER], min_cell=12)["eff_origin_summary"]
    assert s.startswith("By origin group, the effects of IBO and Other workplace learning are "
                        "estimated with wider intervals for the smaller groups"), s
    assert "too few groups' starters" not in s, s
