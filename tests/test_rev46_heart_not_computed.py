"""rev46: Appendix C's effect phrases (``claims.heart_effect_phrases``) read the table of
``heart.published_effects``, whose hidden cells hold markers (``<min_cell``, ``x``). mend46
made a NaN there read "no estimate (none was computed)" at ``min_cell`` 1 only; from 2 on it
still read "an estimate hidden by disclosure control (fewer than 10 transplanted patients
behind it)". At a horizon no transplanted patient is followed to, ``dynamic_effects`` gives 0
treated and no estimate; ``published_effects`` publishes the 0 (no rule hides a zero of a
group of ``min_cell`` or more) and leaves the estimate empty, so the phrase gave a disclosure
reason for an estimate that was never computed. Checked through the real table maker
(published_effects) and on hand-made rows. Exact strings."""
from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers.heart import published_effects

NAN = float("nan")
NONE = "no estimate (none was computed)"


def _effects(n_long: int) -> pd.DataFrame:
    """dynamic_effects-like rows: matched, group all, horizons 4 and 52; at 52 ``n_long``
    treated (0: nobody followed that long, no estimate)."""
    rows = []
    for est in ("now_vs_later", "now_vs_never"):
        for h, n in ((4, 60), (52, n_long)):
            e = -5.2778 if n else NAN
            rows.append(dict(group="all", estimand=est, estimator="matched", horizon=h,
                             n_treated=n, treated_outcome=0.5 if n else NAN,
                             control_outcome=0.55 if n else NAN, att_pp=e,
                             att_rel=-0.1 if n else NAN, se=4.0 if n else NAN,
                             ci_low=e - 8 if n else NAN, ci_high=e + 8 if n else NAN,
                             point_identified=True))
    return pd.DataFrame(rows)


@pytest.mark.parametrize("min_cell", [1, 10])
def test_an_estimate_on_no_treated_is_not_called_hidden(min_cell):
    shown = published_effects(_effects(0), pd.Series({"all": 62}), [4, 52], min_cell)
    long = shown[(shown["horizon"] == 52) & (shown["estimand"] == "now_vs_later")].iloc[0]
    assert not isinstance(long["n_treated"], str) and float(long["n_treated"]) == 0, long
    assert not isinstance(long["att_pp"], str), long  # the premise: no marker, a NaN
    out = claims.heart_effect_phrases(shown, 4, 52, min_cell, 0.95)
    assert out["now_vs_later_long"] == NONE, out
    assert out["now_vs_never_long"] == NONE, out


def test_a_marked_estimate_stays_hidden():
    """A count hidden as small (marker) still reads as hidden, with its bound."""
    shown = published_effects(_effects(55), pd.Series({"all": 62}), [4, 52], 10)
    raw = shown.copy()
    pick = (raw["horizon"] == 52) & (raw["estimand"] == "now_vs_later")
    raw = raw.astype({"n_treated": object, "att_pp": object})
    raw.loc[pick, ["n_treated", "att_pp"]] = ["<10", "x"]
    out = claims.heart_effect_phrases(raw, 4, 52, 10, 0.95)
    assert out["now_vs_later_long"] == ("an estimate hidden by disclosure control (fewer "
                                        "than 10 transplanted patients behind it)"), out


def test_without_counts_a_nan_from_2_on_reads_as_before():
    """A table without n_treated (a NaN for each hidden cell): as mend46 left it."""
    t = _effects(55).drop(columns="n_treated")
    t.loc[t["horizon"] == 52, "att_pp"] = NAN
    out = claims.heart_effect_phrases(t, 4, 52, 10, 0.95)
    assert out["now_vs_later_long"].startswith("an estimate hidden by disclosure control"), out
