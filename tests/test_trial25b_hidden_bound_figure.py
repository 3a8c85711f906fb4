"""trial25b: chapter 5's figure caption said "one without even a bound is not drawn" of
inburgering at quarters 10 and 11 (seed 6868, 2,500 newcomers, min_cell 11, "now versus
never"), whose bounds exist but disclosure control hides (clipped at a treated share that
gives few entrants): the figure's rows kept the bounded row's point, so the caption read it
as a row without an interval. A bound hidden is hidden whole."""

import numpy as np
import pandas as pd

from mia_helpers import plots
from mia_helpers.effect_tables import hide_one_sided_points


def _rows() -> pd.DataFrame:
    # 100 starters, 25 entered by quarter 1 and 30 by quarter 2: the upper bound 30.0 =
    # 100 m1 at quarter 2 gives the 5 who entered in between
    base = dict(measure="inburgering", estimand="now_vs_never", estimator="matched",
                n_treated=100, control_outcome=0.2)
    return pd.DataFrame([
        {**base, "quarter_since_start": 1, "att_pp": 5.0, "ci_low": 1.0, "ci_high": 9.0,
         "treated_outcome": 0.25, "point_identified": True},
        {**base, "quarter_since_start": 2, "att_pp": 10.0, "ci_low": -70.0, "ci_high": 30.0,
         "treated_outcome": 0.30, "point_identified": False}])


def test_a_hidden_bound_is_hidden_whole_and_not_called_missing():
    tidy = _rows()
    out = hide_one_sided_points(tidy, tidy, 11)
    assert np.isnan(out.loc[1, "ci_low"]) and np.isnan(out.loc[1, "ci_high"])
    assert np.isnan(out.loc[1, "att_pp"]), out  # no point left for a bounded row either
    assert out.loc[0, "att_pp"] == 5.0
    assert "without even a bound" not in plots.figure_bounds_note(out)
