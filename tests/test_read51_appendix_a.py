"""read51: Appendix A read against runs on other seeds (seed 4150, 20 replications, 10 for the
exercises, 20 for the inburgering studies).

- The inburgering study's range of biases read "bias from -0.13 to -0.00 percentage points"
  beside Table 6's 0.00 (a largest bias of about -0.001): :func:`mia_helpers.claims.span_words`
  printed the minus sign of a zero.
- The caliper exercise's Monte Carlo sentence read "the coverage by +0.00 (0.00)" where no
  data set's interval changed (every one held the truth in both runs):
  :func:`mia_helpers.exercise_answers.caliper_mc_sentence` printed a signed zero change with a
  zero error.

Data: hand-made numbers and Monte Carlo rows whose changes are known exactly (no tolerance).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims, exercise_answers

PICK = "estimand == 'now_vs_later' and estimator == 'matched' and quarter_since_start == 5"


def test_span_words_prints_no_minus_zero():
    s = claims.span_words(-0.13, -0.001, ".2f", differ="from {lo} to {hi} percentage points")
    assert s == "from -0.13 to 0.00 percentage points", s
    assert claims.span_words(-0.001, 0.002, ".2f") == "0.00 at each quarter"
    assert claims.span_words(-0.5, 0.5, ".2f") == "from -0.50 to 0.50"  # real signs kept


def _rows(errors, covered=True, truth=2.0, half_width=1.5):
    errors = np.asarray(errors, dtype=float)
    est = truth + errors
    shift = 0.0 if covered else 10.0
    return pd.DataFrame({"replication": np.arange(len(errors)), "estimand": "now_vs_later",
                         "estimator": "matched", "quarter_since_start": 5, "att_pp": est,
                         "true_att_pp": truth, "ci_low": est - half_width + shift,
                         "ci_high": est + half_width + shift})


def test_caliper_sentence_says_no_interval_changed():
    book = _rows([0.3, -0.2, 0.1, 0.4])
    wide = _rows([0.9, 0.1, -0.5, 1.0])  # other estimates, every interval still covers
    s = exercise_answers.caliper_mc_sentence(exercise_answers.caliper_changes(book, wide, PICK))
    assert "+0.00" not in s and "(0.00)" not in s, s
    assert "the coverage changes in none of them" in s, s


def test_caliper_sentence_keeps_a_real_coverage_change():
    book = _rows([0.3, -0.2, 0.1, 0.4])
    wide = pd.concat([_rows([0.9, 0.1], covered=False),
                      _rows([-0.5, 1.0]).assign(replication=[2, 3])], ignore_index=True)
    s = exercise_answers.caliper_mc_sentence(exercise_answers.caliper_changes(book, wide, PICK))
    assert "the coverage by -0.50 (0.29)" in s, s  # two of four lose it: sd 0.577 / 2
