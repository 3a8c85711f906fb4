"""trial26: Appendix C published n_treated 58 (now versus later) and 59 (now versus never) at
26 periods on the book's defaults, and 55 and 56 at 52 periods at min_cell 12: the two
estimands count the treated differently ("later": with a control followed as long), so the
difference counted one patient. A "never" count is now shown only where it equals the
"later" count of its group and horizon."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.heart import counts_agree_across_estimands, published_effects


def _effects(later, never, horizons=(4, 26, 52)):
    rows = []
    for est, counts in (("now_vs_later", later), ("now_vs_never", never)):
        for h, n in zip(horizons, counts, strict=True):
            rows.append({"group": "all", "estimand": est, "estimator": "matched",
                         "horizon": h, "n_treated": n, "treated_outcome": 0.3,
                         "control_outcome": 0.35, "att_pp": -5.0, "att_rel": -0.1,
                         "se": 4.0, "ci_low": -13.0, "ci_high": 3.0})
    return pd.DataFrame(rows)


def test_never_count_one_apart_is_hidden():
    eff = _effects([66, 55, 40], [66, 56, 40])
    out = published_effects(eff, pd.Series({"all": 80}), [4, 26, 52], min_cell=10)
    never = out[out["estimand"] == "now_vs_never"].set_index("horizon")["n_treated"]
    later = out[out["estimand"] == "now_vs_later"].set_index("horizon")["n_treated"]
    assert later[26] == 55 and never[26] == "x"
    assert never[4] == 66 and never[52] == 40  # equal counts stay
    # the estimates beside a hidden count stay
    assert (out.loc[out["estimand"] == "now_vs_never", "att_pp"] == -5.0).all()


def test_never_hidden_where_the_later_count_is_hidden():
    eff = _effects([66, 60, 40], [66, 60, 40])
    out = published_effects(eff, pd.Series({"all": 70}), [4, 26, 52], min_cell=10)
    later = out[out["estimand"] == "now_vs_later"].set_index("horizon")["n_treated"]
    never = out[out["estimand"] == "now_vs_never"].set_index("horizon")["n_treated"]
    assert later[4] == "x" and never[4] == "x"  # 70 -> 66 hidden by the sequence rule


def test_one_estimand_unchanged_and_bad_index():
    eff = _effects([66, 58, 40], [66, 59, 40])
    later = eff[eff["estimand"] == "now_vs_later"]
    assert counts_agree_across_estimands(later, later).equals(later)
    with pytest.raises(ValueError, match="differ"):
        counts_agree_across_estimands(eff, eff.iloc[::-1])
