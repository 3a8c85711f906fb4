"""words31: chapter 3 read "intervals are wide for small origin groups, a reminder that the
seed study's cell-by-cell statements rest on few participants" whatever the published
intervals; the clause now gives the narrowest and widest interval and the persons behind each."""
import numpy as np
import pandas as pd

from mia_helpers import claims


def _rrr(low, high, n) -> pd.DataFrame:
    return pd.DataFrame({"origin_generation": [f"g{i}" for i in range(len(low))],
                         "outcome": ["workplace_learning_ibo"] * len(low),
                         "exp_ci_low": low, "exp_ci_high": high, "n_persons": n})


def test_narrow_intervals_on_large_groups_are_not_called_wide() -> None:
    # narrow intervals on hundreds of persons: the old clause would still say "wide ... few"
    r = _rrr([0.9, 0.8], [1.1, 1.25], [900, 400])
    s = claims.rrr_width_clause(2, r)
    assert "wide for small" not in s and "few participants" not in s, s
    assert s == ("; the upper bound of an interval shown is 1.2 times its lower one at the "
                 "narrowest (on 900 persons who entered) and 1.6 times at the widest (on 400 "
                 "persons who entered)"), s


def test_hidden_counts_and_hidden_intervals_left_out() -> None:
    r = _rrr([0.5, np.nan], [2.0, np.nan], ["<10", "x"])
    assert claims.rrr_width_clause(1, r) == ("; the interval shown has an upper bound 4.0 "
                                             "times its lower one")


def test_no_interval_keeps_the_hidden_reason() -> None:
    assert claims.INFLOW_HIDDEN_WHY in claims.rrr_width_clause(0, _rrr([], [], []))
