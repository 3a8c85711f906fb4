"""seed34: chapter 5's "systematic gap" sentence (claims.systematic_gap_sentence) was said
whatever the gaps between the matched curves and the truth: beside a curve below the truth,
one above it on average but below it at some quarter, or one inside its band at every
quarter. It is now said only where a step's mean gap prints above the truth, and, given the
curves, as what it is: systematic (above at every quarter) or not, inside the bands or not."""
from __future__ import annotations

import pandas as pd

from mia_helpers import claims

QS = [4, 5, 6, 7, 8]


def _curves(step: str, est: list[float], truth: list[float], half: float) -> pd.DataFrame:
    return pd.DataFrame({"measure": step, "quarter_since_start": QS, "att_pp": est,
                         "ci_low": [e - half for e in est], "ci_high": [e + half for e in est],
                         "true_att_pp": truth})


def test_no_sentence_for_a_curve_below_the_truth():
    assert claims.systematic_gap_sentence(pd.Series({"inburgering": -1.2}), {}) == ""
    assert claims.systematic_gap_sentence(pd.Series({"inburgering": 0.02}), {}) == ""


def test_a_gap_of_changing_sign_is_not_read_as_systematic():
    est, truth = [3.0, 3.0, 1.0, 3.0, 3.0], [2.0, 2.0, 2.0, 2.0, 2.0]  # mean gap +0.6
    curves = _curves("inburgering", est, truth, 0.5)
    s = claims.systematic_gap_sentence(pd.Series({"inburgering": 0.6}), {}, curves)
    assert "not at every one of those quarters" in s and "not the systematic one" in s, s
    assert "do not close" not in s


def test_a_gap_inside_the_bands_is_a_condition_and_one_outside_is_stated():
    curves = _curves("inburgering", [2.5] * 5, [2.0] * 5, 1.0)
    s = claims.systematic_gap_sentence(pd.Series({"inburgering": 0.5}), {}, curves)
    assert s.startswith(" Inburgering contract lies above the truth at every one of those "
                        "quarters but inside its band each time: were that gap systematic"), s
    out = _curves("inburgering", [4.0] * 5, [2.0] * 5, 1.0)
    s = claims.systematic_gap_sentence(pd.Series({"inburgering": 2.0}), {}, out)
    assert "outside its band at some: were that gap systematic rather than chance, it would " \
        "mean" in s, s
