"""teach52: chapter 6's findings table printed the newcomers' IBO effect at 4 quarters as
"0 % [n/a, n/a]" (seed 4212, 5,000 residents, 2,500 newcomers; prose "0 per cent (n/a to
n/a)") where chapter 5 prints 0.0 pp [-10.7, 10.7] on 83 matched starters: the relative
interval's base, the twins' mean, was read as ``att_pp / att_rel``, which is 0/0 for an
effect of exactly zero, so the interval and the generator's value on that base were lost.
The base is now the twins' mean itself (``control_outcome``) there."""
from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import conclusions as cc

IBO = "workplace_learning_ibo"


def test_a_zero_effect_keeps_its_relative_interval_and_base():
    tidy = pd.DataFrame([{"estimator": "matched", "quarter_since_start": 4,
                          "estimand": "now_vs_later", "measure": IBO, "att_pp": 0.0,
                          "att_rel": 0.0, "ci_low": -10.7, "ci_high": 10.7, "n_treated": 83,
                          "treated_outcome": 0.25, "control_outcome": 0.25}])
    truth = pd.DataFrame([{"population": "newcomer", "measure": IBO, "group": "all",
                           "estimand": "now_vs_later", "quarter_since_start": 4,
                           "true_att_pp": 4.0, "true_att_rel": 0.21}])
    row = cc._relative_row(tidy, 4, truth, "newcomer", "now_vs_later")
    assert row["estimate"] == 0.0
    assert np.isclose(row["ci_low"], -10.7 / 25 * 100) and np.isclose(row["ci_high"],
                                                                      10.7 / 25 * 100)
    assert np.isclose(row["truth"], 100 * 4.0 / 25)  # on the interval's base, not 21 %
    assert row["truth_held"] is True  # 4.0 pp lies in [-10.7, 10.7]
