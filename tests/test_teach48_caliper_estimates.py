"""Chapter 4's caliper exercise (``ex-effects-caliper``) reads the estimate it asks about
(teach48).

The exercise asks how the number dropped, the balance *and the estimate* at five quarters
change with the caliper; the solution read the first two and ended "compare the estimates in
the table to see what the caliper buys". On seed 4050 the estimates were 8.8, 8.2 and 8.2
points at calipers 0.01, 0.20 (the chapter's) and 2.00, a move of 0.6 points that a student
cannot judge without the scale of one estimate's sampling error.

Data: a hand-made published caliper table (as ``caliper_table(...).render()`` prints it) and
the matched rows behind it (``se``), no tolerance.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers import exercise_answers


def _shown(att=("8.8", "8.2", "8.2")):
    return pd.DataFrame({"caliper": ["0.01", "0.20", "2.00"],
                         "role": ["narrower", "the chapter's", "wider"],
                         "att_pp_q5": list(att)})


def _behind(se=(1.1, 0.9, 0.9)):
    return pd.DataFrame({"att_pp": [8.81, 8.2, 8.19], "se": list(se)})


def test_a_move_smaller_than_one_standard_error_is_said_so():
    s = exercise_answers.caliper_estimate_sentence(_shown(), _behind(), 5)
    assert "8.2 points at the chapter's caliper (0.20)" in s, s
    assert "8.8 at 0.01" in s and "8.2 at 2.00" in s, s
    assert "0.6 points" in s and "standard error" in s and "0.9" in s, s
    assert "less than" in s, s


def test_a_move_beyond_one_standard_error_is_said_so():
    s = exercise_answers.caliper_estimate_sentence(_shown(("10.5", "8.2", "8.2")), _behind(), 5)
    assert "2.3 points" in s and "more than" in s, s


def test_hidden_estimates_are_not_read():
    s = exercise_answers.caliper_estimate_sentence(_shown(("x", "8.2", "8.2")), _behind(), 5)
    assert "0.01" in s and "hidden" in s and "8.8" not in s, s
    assert exercise_answers.caliper_estimate_sentence(_shown(("8.8", "x", "8.2")), _behind(),
                                                      5) == ""


def test_calipers_are_printed_as_the_table_prints_them():
    # the first run of the mend read "at the chapter's caliper (0.2) and 8.8 at 0.01 and 8.2
    # at 2.0" beside a table printing 0.20 and 2.00
    shown = _shown().assign(caliper=[0.01, 0.2, 2.0])
    s = exercise_answers.caliper_estimate_sentence(shown, _behind(), 5)
    assert "(0.20)" in s and "at 2.00" in s, s
