"""trial25b: a bound that disclosure control hides is not to be read "in the tables".

Seed 6868, 6,000 residents, 2,500 newcomers, min_cell 11, estimand "now_vs_never": chapter 4's
origin prose said IBO's and Other workplace learning's Eastern-EU estimates were bounds at
quarters 4 to 12 and told the reader to "read the curves and tables at those quarters as
bounds", while the table printed x (and the figure drew nothing) for Other workplace learning
at quarters 4 and 5; chapter 5 said the same of MO at quarters 2 to 12, every one hidden.
"""
import numpy as np
import pandas as pd

from mia_helpers import claims


def _tidy() -> pd.DataFrame:
    rows = [{"measure": m, "estimand": "now_vs_never", "estimator": "matched",
             "quarter_since_start": q, "n_treated": 40, "att_pp": 2.0, "ci_low": -20.0,
             "ci_high": 30.0, "point_identified": q < 4}
            for m in ("workplace_learning_ibo", "workplace_learning_other") for q in range(1, 9)]
    return pd.DataFrame(rows)


def test_hidden_bounds_are_not_read_as_bounds_in_the_tables():
    tidy = _tidy()
    published = tidy.copy()
    hide = (published["measure"] == "workplace_learning_other") & published[
        "quarter_since_start"].isin([4, 5])
    published.loc[hide, ["att_pp", "ci_low", "ci_high"]] = np.nan
    text = claims.never_bounds_sentence(tidy, "now_vs_never", 11, published=published)
    assert "IBO at quarters 4 to 8 and Other workplace learning at quarters 6 to 8 (the " \
        "positivity" in text, text
    assert "Other workplace learning at quarters 4 and 5 the estimate is not point-identified " \
        "either, but disclosure control hides its bounds" in text, text
    # without the published view: as before
    plain = claims.never_bounds_sentence(tidy, "now_vs_never", 11)
    assert "Other workplace learning at quarters 4 to 8" in plain, plain
    assert "hides" not in plain


def test_all_bounds_hidden():
    tidy = _tidy()
    tidy = tidy[tidy["measure"] == "workplace_learning_other"]
    published = tidy.assign(att_pp=np.nan, ci_low=np.nan, ci_high=np.nan)
    text = claims.never_bounds_sentence(tidy, "now_vs_never", 11, what="step",
                                        published=published)
    assert "read the curves and tables" not in text, text
    assert text.startswith("The matched \"now versus never\" estimate is not point-identified "
                           "for Other workplace learning at quarters 4 to 8 (the positivity "
                           "warnings printed above), but disclosure control hides its bounds"), text
    assert "neither the tables nor the curves give" in text, text
