"""Appendix A's confirmation paragraph says in words where a study has no ratio of standard
error to the errors' SD (user44).

Appendix A (``-p replications 20 -p exercise_replications 10``, the shipped confirmation
study) printed: "At quarter 6 the "now versus never" point estimates' standard errors
average not computable (fewer than two point estimates) of their errors' standard deviation
on the confirmation seeds, where their intervals cover 0.000, and 2.96 on the shipped seeds".
"""
import numpy as np
from test_montecarlo_confirmation import _rows

from mia_helpers import claims
from mia_helpers import montecarlo_confirmation as mcc


def _one_point_estimate_at_quarter_6():
    ship = _rows(0.0, 1.96)
    ship["se"] = 1.0
    conf = _rows(0.0, 1.96)
    conf["se"] = 1.0
    q6 = conf["quarter_since_start"] == 6
    conf.loc[q6 & (conf["replication"] > 0), ["att_pp", "ci_low", "ci_high", "se"]] = np.nan
    conf.loc[q6 & (conf["replication"] == 0), ["ci_low", "ci_high"]] = [10.0, 12.0]  # misses
    return ship, conf


def test_a_study_without_a_ratio_is_said_in_words():
    ship, conf = _one_point_estimate_at_quarter_6()
    s = claims.confirmation_claims(mcc.confirmation_verdicts(ship, conf), ship,
                                   conf)["a_conf_se_sentence"]
    assert "average not computable" not in s and "not computable (fewer" not in s, s
    assert s == ("At quarter 6 the \"now versus later\" point estimates' standard errors "
                 "average 1.00 of their errors' standard deviation on the shipped seeds, where "
                 "their intervals cover 0.950; on the confirmation seeds, where they cover "
                 "0.000, fewer than two data sets give a point estimate, so that ratio cannot "
                 "be computed."), s


def test_both_studies_without_a_ratio():
    ship, conf = _one_point_estimate_at_quarter_6()
    q6 = ship["quarter_since_start"] == 6
    ship.loc[q6 & (ship["replication"] > 0), ["att_pp", "ci_low", "ci_high", "se"]] = np.nan
    s = claims.confirmation_claims(mcc.confirmation_verdicts(ship, conf), ship,
                                   conf)["a_conf_se_sentence"]
    assert s.startswith("At quarter 6 fewer than two data sets of either study give a "
                        "\"now versus later\" point estimate (coverage 0.000 on the "
                        "confirmation seeds"), s
    assert "cannot be set against their errors' standard deviation" in s, s
