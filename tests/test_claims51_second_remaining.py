"""Chapter 3's "what remains of [the second generation's] adjusted gap is that built-in term,
up to sampling error" was decided by the signs of M1's and the generator's adjusted gaps
alone (claims51): no interval was read. It is now judged by the intervals Table 4 (the RRR
table) publishes: the built-in term of a cell is its true IBO RRR, and the sentence says for
how many cells it lies inside M1's 95 per cent interval. Hand-made tables."""

import numpy as np
import pandas as pd
import pytest
from second_rrr_inputs import rrr_inputs

from mia_helpers import claims
from mia_helpers.covariates import KEY


def _gaps(rows) -> pd.DataFrame:
    return pd.DataFrame([{KEY: k, "outcome": "workplace_learning_ibo", "generation": "second",
                          "raw": r, "adj": a, "true_adjusted_gap": t} for k, r, a, t in rows])


#: two cells, signs agreeing: the old code said "up to sampling error" on the signs alone
AGREE = [("maghreb:second", -2.2, -1.8, -1.7), ("turkish:second", -2.4, -1.9, -1.7)]


def test_a_truth_outside_the_interval_is_not_called_sampling_error():
    # Maghreb: true RRR 0.80 against M1's 0.50 [0.40, 0.62]; the gaps' signs agree
    inputs = rrr_inputs(["maghreb:second", "turkish:second"],
                        intervals={"maghreb:second": (0.50, 0.40, 0.62)})
    c = claims.second_remaining_claims(_gaps(AGREE), True, **inputs)
    text = c["inflow_second_remaining"]
    assert "on these data what remains of its adjusted gap is that built-in term" not in text
    # read52: one miss among 2 cells is what 95 per cent intervals give by chance alone with
    # probability 0.10, so it is no longer read as "M1 does not recover that term there"
    # (tests/test_read52_second_sign.py reads the case where chance is unlikely)
    assert ("the generator's true IBO RRR lies outside M1's 95 per cent interval for "
            "Maghreb (second generation) (true 0.80 against 0.50 [0.40, 0.62]), one of the 2 "
            "cells checked: 95 per cent intervals miss the truth in at least one of 2 cells by "
            "chance alone with probability 0.10") in text, text
    assert c["inflow_second_remaining_short"].endswith(
        "but the true IBO RRR lies outside M1's 95 per cent interval for Maghreb (second "
        "generation), a miss that chance alone gives among 2 cells with probability 0.10"), c


def test_covered_truths_say_what_was_checked():
    c = claims.second_remaining_claims(_gaps(AGREE), True,
                                       **rrr_inputs(["maghreb:second", "turkish:second"]))
    assert c["inflow_second_remaining"].endswith(
        "so on these data what remains of its adjusted gap is that built-in term, up to "
        "sampling error: the generator's true IBO RRR lies inside M1's 95 per cent interval "
        "for both second-generation cells whose gap and interval are published"), c
    assert c["inflow_second_remaining_short"].endswith(
        "up to sampling error (the true IBO RRR inside M1's 95 per cent interval for both "
        "cells checked)"), c


def test_an_opposite_sign_inside_the_interval_is_within_sampling_error():
    # the old code read any opposite sign as "M1 does not recover that term there"
    rows = [*AGREE, ("eastern_eu:second", -0.6, -0.02, 0.10)]
    inputs = rrr_inputs([r[0] for r in rows])
    text = claims.second_remaining_claims(_gaps(rows), True, **inputs)["inflow_second_remaining"]
    assert "does not recover" not in text, text
    assert ("M1's adjusted gap has the opposite sign to the generator's true one for Eastern "
            "EU (second generation) (-0.02 against +0.1 points), though the true RRR lies "
            "inside M1's interval there") in text, text


def test_a_cell_without_a_published_interval_is_not_counted():
    inputs = rrr_inputs(["maghreb:second", "turkish:second"],
                        intervals={"turkish:second": (np.nan, np.nan, np.nan)})
    text = claims.second_remaining_claims(_gaps(AGREE), True, **inputs)["inflow_second_remaining"]
    assert "for the one second-generation cell whose gap and interval are published" in text
    assert text.endswith("; for Turkish (second generation) the RRR table publishes no "
                         "interval, so that cell is not checked"), text
    none = rrr_inputs(["maghreb:second", "turkish:second"],
                      intervals=dict.fromkeys(["maghreb:second", "turkish:second"],
                                              (np.nan, np.nan, np.nan)))
    c = claims.second_remaining_claims(_gaps(AGREE), True, **none)
    assert "up to sampling error, but the RRR table publishes no interval" in \
        c["inflow_second_remaining"], c
    assert "is the low-link term" not in c["inflow_second_remaining_short"], c


def test_no_truth_no_sampling_error_and_the_check_needs_its_tables():
    real = claims.second_remaining_claims(_gaps(AGREE), False)
    assert all("sampling error" not in v for v in real.values()), real
    assert "registers cannot tell" in real["inflow_second_remaining"]
    with pytest.raises(ValueError, match="rrr"):
        claims.second_remaining_claims(_gaps(AGREE), True)


def test_second_rrr_cover_reads_the_published_interval():
    inputs = rrr_inputs(["maghreb:second"], true=0.62,
                        intervals={"maghreb:second": (0.50, 0.40, 0.62)})
    got = claims.second_rrr_cover(_gaps(AGREE[:1]), **inputs)
    assert got["covered"].tolist() == [True]  # the bound itself is inside
    with pytest.raises(ValueError, match="exp_ci_low"):
        claims.second_rrr_cover(_gaps(AGREE[:1]), inputs["rrr"].drop(columns="exp_ci_low"),
                                inputs["true_rrr"])
