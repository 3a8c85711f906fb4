"""Display and sentence helpers refuse a table without their columns with one clear message.

Each helper is first run on a minimal frame holding exactly the columns it documents (so the
check asks for nothing the helper does not read), then on that frame without each column in
turn: the ``ValueError`` must name the helper, the missing column and the function whose table
it expects (:func:`mia_helpers.labels.require_columns`), where pandas used to raise a
``KeyError`` or ``TypeError`` from inside the helper.
"""

from __future__ import annotations

import re

import matplotlib
import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers import subgroups as sg
from mia_helpers import typology as ty
from mia_helpers.labels import require_columns

matplotlib.use("Agg")


def _close(result):
    import matplotlib.pyplot as plt

    if isinstance(result, plt.Figure):
        plt.close(result)
    return result


GAPS = pd.DataFrame({
    "sex": ["female", "male", "female", "male"], "event": "job", "model": "M0",
    "group": ["maghreb:second", "maghreb:second", "turkish:first", "turkish:first"],
    "estimate": [-0.5, -0.3, -0.2, -0.1], "se": 0.1, "ci_low": [-0.7, -0.5, -0.4, -0.3],
    "ci_high": [-0.3, -0.1, 0.0, 0.1]})
TRUTH = pd.DataFrame({
    "sex": ["female", "male"], "group": ["maghreb:second"] * 2, "estimate": [-0.5, -0.3],
    "ci_low": [-0.7, -0.5], "ci_high": [-0.3, -0.1], "n_persons": [50, 60],
    "n_events": [20, 30], "df_resid": [500, 600]})
KHB = pd.DataFrame({"sex": ["female"], "event": ["job"], "group": ["maghreb:second"],
                    "gap": [-0.5], "explained": [-0.2], "share_pct": [40.0], "n_persons": [50]})
DIFFS = pd.DataFrame({"event": ["stable", "job"], "model": ["M0", "M0"], "mean": [-0.2, 0.1],
                      "ci_low": [-0.4, -0.1], "ci_high": [0.0, 0.3], "n_cells": [3, 3]})
CALIB = pd.DataFrame([
    {"measure": "training_basic", "estimand": "now_vs_later", "estimator": e, "n_quarters": 5,
     "quarters_bias_ok": 5, "quarters_coverage_ok": 4, "max_abs_z": 1.2, "mean_bias": 0.1,
     "coverage_min": 0.93, "coverage_max": 0.97} for e in ("matched", "naive")])
FEEDER = pd.DataFrame({"term": ["inburgering_before"], "odds_ratio": [1.8], "ci_low": [1.2],
                       "ci_high": [2.5]})
CURVES = pd.DataFrame({"u": [0, 1, 2] * 2, "profile": ["ref"] * 3 + ["a"] * 3,
                       "cum_incidence": [0.0, 0.2, 0.4, 0.0, 0.1, 0.2]})
TIDY = pd.DataFrame({"measure": ["m1", "m1", "m2", "m2"], "estimand": "now_vs_later",
                     "estimator": ["matched", "naive"] * 2, "quarter_since_start": 1,
                     "att_pp": [-2.0, 1.0, 3.0, 2.0], "ci_low": [-3.0, 0.0, 1.0, 1.0],
                     "ci_high": [-1.0, 2.0, 5.0, 3.0]})
RRR = pd.DataFrame({"origin_generation": ["maghreb:second", "turkish:first"], "outcome": ["ibo", "ibo"],
                    "exp_ci_low": [0.5, 1.2], "exp_ci_high": [0.9, 1.5]})
INTAKE = pd.DataFrame({"ideal_type": ["a", "b"], "outcome": ["training_basic"] * 2,
                       "pct": [10.0, 12.0], "true_pct": [11.0, 11.0], "se_pct": [1.0, 1.0]})

# (helper name in the message, call, minimal frame, its required columns, producer named)
CASES = [
    ("subgroups.gap_display", lambda t: sg.gap_display(t, ["M0"]), GAPS,
     ["sex", "event", "model", "group", "estimate", "ci_low", "ci_high"],
     "subgroups.gap_table"),
    ("subgroups.women_minus_men", lambda t: sg.women_minus_men(t, "M0", "job"), GAPS,
     list(GAPS.columns), "subgroups.gap_table"),
    ("subgroups.non_eu_sex_difference", lambda t: sg.non_eu_sex_difference(t, "M0", "job"),
     GAPS, list(GAPS.columns), "subgroups.gap_table"),
    ("subgroups.sex_difference_table", lambda t: sg.sex_difference_table(t, ["M0"]), GAPS,
     list(GAPS.columns), "subgroups.gap_table"),
    ("subgroups.sex_difference_sentence",
     lambda t: sg.sex_difference_sentence(t, 0.95, "M0"), DIFFS, list(DIFFS.columns),
     "subgroups.sex_difference_table"),
    ("subgroups.plot_truth_by_sex", lambda t: _close(sg.plot_truth_by_sex(t)), TRUTH,
     list(TRUTH.columns), "subgroups.truth_table"),
    ("subgroups.truth_coverage", sg.truth_coverage, TRUTH,
     list(sg.COVERAGE_COLUMNS), "subgroups.truth_table"),
    ("subgroups.truth_coverage_sentence", lambda t: sg.truth_coverage_sentence(t, 0.95), TRUTH,
     list(sg.COVERAGE_COLUMNS), "subgroups.truth_table"),
    ("subgroups.khb_display", sg.khb_display, KHB, list(KHB.columns), "subgroups.khb_table"),
    ("claims.calibration_sentence", claims.calibration_sentence, CALIB, list(CALIB.columns),
     "montecarlo.calibration"),
    ("claims.feeder_sentence", claims.feeder_sentence, FEEDER, list(FEEDER.columns),
     "newcomers.feeder_table"),
    ("claims.below_reference", lambda t: claims.below_reference(t, "ref"), CURVES,
     list(CURVES.columns), "hazard.predict_cumulative_incidence"),
    ("claims.ranking", lambda t: claims.ranking(t, "now_vs_later", 1), TIDY,
     ["measure", "estimand", "estimator", "quarter_since_start", "att_pp"],
     "effects.estimate_effects"),
    ("claims.lock_in", lambda t: claims.lock_in(t, "now_vs_later"), TIDY,
     ["measure", "estimand", "estimator", "quarter_since_start", "att_pp", "ci_high"],
     "effects.estimate_effects"),
    ("claims.truth_outside_band", lambda t: claims.truth_outside_band(t, "now_vs_later", [1]),
     TIDY, list(TIDY.columns), "effects.estimate_effects"),
    ("claims.naive_bias", lambda t: claims.naive_bias(t, "now_vs_later", [1]), TIDY,
     ["measure", "estimand", "estimator", "quarter_since_start", "att_pp"],
     "effects.estimate_effects"),
    ("claims.rrr_cells_by_interval", claims.rrr_cells_by_interval, RRR, list(RRR.columns),
     "competing.cell_rrr_table"),
    ("typology.ticks_sentence", ty.ticks_sentence, INTAKE, ["outcome", "pct", "se_pct"],
     "typology.intake_inflow_by_type"),
    ("typology.plot_inflow_by_type", lambda t: _close(ty.plot_inflow_by_type(t)), INTAKE,
     ["ideal_type", "outcome", "pct"], "typology.intake_inflow_by_type"),
]
IDS = [c[0] for c in CASES]


@pytest.mark.parametrize(("name", "call", "frame", "need", "producer"), CASES, ids=IDS)
def test_minimal_frame_is_enough(name, call, frame, need, producer):
    call(frame[need] if set(need) != set(frame.columns) else frame)


@pytest.mark.parametrize(("name", "call", "frame", "need", "producer"), CASES, ids=IDS)
def test_each_missing_column_is_named(name, call, frame, need, producer):
    for col in need:
        with pytest.raises(ValueError, match=re.escape(name)) as err:
            call(frame.drop(columns=col))
        msg = str(err.value)
        assert f"lacks column ['{col}']" in msg, msg
        assert producer in msg, msg


def test_not_a_table():
    with pytest.raises(ValueError, match=r"subgroups.gap_display: expected a DataFrame"):
        sg.gap_display({"sex": ["female"]}, ["M0"])


def test_require_columns_lists_all_missing_once():
    with pytest.raises(ValueError) as err:
        require_columns(pd.DataFrame({"a": [1]}), ["a", "b", "c", "b"], "f", "g")
    assert "f: the table lacks columns ['b', 'c'] (it has ['a']); pass the table of g" == str(
        err.value)
    require_columns(pd.DataFrame({"a": [np.nan]}), ["a"], "f", "g")  # present: no error
