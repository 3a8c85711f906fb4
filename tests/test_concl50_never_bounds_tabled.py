"""Chapter 5's "now versus never" bounds sentence reads the summary table too (concl50, seed
4103, ``-p estimand now_vs_never -p min_cell 20``): the curves hid MO's clipped bounds at
quarters 4 to 12 (judged over every horizon), the summary table printed them at quarter 4
("bounds [-92.6, 7.4]", judged over its own horizons), and the text said of quarters 4 to 12
"disclosure control hides its bounds ..., so neither the tables nor the curves give one
there". Hand-made rows: the run's MO rows at quarters 4, 5 and 8."""

import numpy as np
import pandas as pd

from mia_helpers import claims


def _tidy() -> pd.DataFrame:
    rows = [(4, 0.79, -92.6, 7.4), (5, 3.2, -90.1, 9.9), (8, 9.5, -83.2, 16.8)]
    return pd.DataFrame([dict(measure="mo", estimand="now_vs_never", estimator="matched",
                              quarter_since_start=q, att_pp=a, ci_low=lo, ci_high=hi,
                              n_treated=3000, point_identified=False, unsupported_share=0.1,
                              effective_controls=3.0) for q, a, lo, hi in rows])


def _summary(printed_at_4: bool = True) -> pd.DataFrame:
    lo, hi = (-92.6, 7.4) if printed_at_4 else (np.nan, np.nan)
    return pd.DataFrame({"measure": "mo", "estimand": "now_vs_never",
                         "quarter_since_start": [4, 5, 8], "matched_pp": [0.8, 3.2, 9.5],
                         "ci_low": [lo, np.nan, np.nan], "ci_high": [hi, np.nan, np.nan]})


def test_a_bound_the_table_prints_is_not_said_hidden_from_the_tables():
    tidy = _tidy()
    curves = tidy.assign(ci_low=np.nan, ci_high=np.nan)  # the curves hide all three
    old = claims.never_bounds_sentence(tidy, "now_vs_never", 20, "step", published=curves)
    # the run's sentence: false at quarter 4, where the table prints the bounds
    assert ("MO (social orientation) at quarters 4, 5 and 8 (the warnings printed above), but "
            "disclosure control hides its bounds") in old, old
    text = claims.never_bounds_sentence(tidy, "now_vs_never", 20, "step", published=curves,
                                        tabled=_summary())
    assert ("For MO (social orientation) at quarter 4 the table gives the bounds but the "
            "curves do not draw them: beside the curves' other quarters they would reveal a "
            "count of fewer than 20 persons.") in text, text
    assert ("For MO (social orientation) at quarters 5 and 8 the estimate is not "
            "point-identified either, but disclosure control hides its bounds") in text, text
    assert "at quarters 4, 5 and 8" not in text


def test_without_a_printed_bound_the_sentence_is_as_before():
    tidy = _tidy()
    curves = tidy.assign(ci_low=np.nan, ci_high=np.nan)
    before = claims.never_bounds_sentence(tidy, "now_vs_never", 20, "step", published=curves)
    after = claims.never_bounds_sentence(tidy, "now_vs_never", 20, "step", published=curves,
                                         tabled=_summary(printed_at_4=False))
    assert before == after
    assert "table gives the bounds" not in after
