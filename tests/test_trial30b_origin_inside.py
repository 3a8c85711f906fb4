"""Chapter 4's band-count sentence keeps the horizons apart from the measures (trial30b, seed
8383, 6,000 residents, min_cell 11: "No group estimate over quarters 4 to 8 and IBO, Other
workplace learning and Vocational training is checked ..." read as if the measures were
quarters)."""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims

IBO, OTHER, VOC = "workplace_learning_ibo", "workplace_learning_other", "training_vocational"
MEASURES = [IBO, OTHER, VOC]
NAMES = "IBO, Other workplace learning and Vocational training"


def _rows(n_treated: int = 200) -> pd.DataFrame:
    """Matched never-estimates of three direct-link measures for two groups at quarters 1-8,
    every band (-1, 5) around the truth 2.0."""
    return pd.DataFrame([
        {"measure": m, "group": g, "estimand": "never", "estimator": "matched",
         "quarter_since_start": q, "att_pp": 2.0, "ci_low": -1.0, "ci_high": 5.0,
         "n_treated": n_treated, "true_att_pp": 2.0}
        for m in MEASURES for g in ("belgian", "non_eu") for q in range(1, 9)])


def test_band_count_names_quarters_then_measures():
    s = claims.origin_claims(_rows(), MEASURES, min_cell=11)["eff_origin_inside"]
    assert "quarters 4 to 8 and IBO" not in s, s
    assert s == (f"At quarters 4 to 8, for the group estimates of {NAMES}, the generator's "
                 "group truth lies inside the group's band at all 30 points."), s


def test_no_estimate_checked_names_quarters_then_measures():
    scope = {IBO: 60.0, OTHER: 55.0, VOC: 50.0}  # every measure out of truth scope
    s = claims.origin_claims(_rows(), MEASURES, min_cell=11, scope=scope)["eff_origin_inside"]
    assert s.startswith(f"At quarters 4 to 8, no group estimate of {NAMES} is checked "
                        "against the generator's group truth ("), s
    s = claims.origin_claims(_rows(5), MEASURES, min_cell=11)["eff_origin_inside"]
    assert s.startswith(f"At quarters 4 to 8, no group estimate of {NAMES} is published (on "
                        "11 or more matched starters"), s


def test_hidden_points_of_a_measure_out_of_truth_scope_are_not_counted():
    """Seed 8383: "19 of 19 points (29 points that disclosure control hides left out;
    Vocational training left out ...)": 8 of the 29 were Vocational training's, which the
    sentence leaves out whole; IBO and Other workplace learning had 21 hidden of 40."""
    rows = _rows()
    rows = rows[rows["measure"] != OTHER]
    rows.loc[rows["group"] == "non_eu", "n_treated"] = 5  # below min_cell: hidden
    c = claims.origin_claims(rows, [IBO, VOC], min_cell=11, scope={VOC: 12.0})
    assert (c["origin_inside"], c["origin_points"], c["origin_hidden"]) == (5, 5, 5)
    assert c["eff_origin_inside"] == (
        "At quarters 4 to 8, for the group estimates of IBO, the generator's group truth lies "
        "inside the group's band at all 5 points (five points that disclosure control hides "
        "left out; Vocational training left out: matching dropped 12.0 per cent of its starters, so "
        "its estimates average over fewer starters than the truth does)."), c["eff_origin_inside"]
