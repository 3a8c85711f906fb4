"""tidy47: chapter 5's measure-ranking sentence said of a single measure's hidden effect that
it "rests on too few starters, or too few who entered or did not, to be stated", giving both
reasons; it says which holds (``claims.hidden_step_reasons`` on the comparison's own effect
rows, app47's rule), and keeps the alternatives where neither computed reason holds.
Hand-made rows; exact wording."""
from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims

IBO = "workplace_learning_ibo"


def _tidy(pop: str) -> pd.DataFrame:
    """IBO's matched rows at 4, 5, 8 quarters: residents on 12 starters at 5 quarters;
    newcomers on 300 starters with few twins who entered (control share 0.004)."""
    rows = []
    for q in (4, 5, 8):
        n = 12 if pop == "resident" and q == 5 else 300
        rows.append(dict(measure=IBO, estimand="now_vs_later", estimator="matched",
                         quarter_since_start=q, att_pp=2.0, ci_low=-7.0, ci_high=11.0, se=2.0,
                         n_treated=n, treated_outcome=0.3,
                         control_outcome=0.004 if pop == "newcomer" else 0.3))
    return pd.DataFrame(rows)


def _comparison() -> pd.DataFrame:
    return pd.DataFrame([dict(population=p, measure=IBO, quarter_since_start=5, att_pp=np.nan)
                         for p in ("newcomer", "resident")])


def _why() -> dict:
    return {p: {m: r for m, (r, _) in claims.hidden_step_reasons(
        _tidy(p), "now_vs_later", [5], [IBO], 20).items()} for p in ("newcomer", "resident")}


def test_the_reasons_of_the_rows():
    assert _why() == {"newcomer": {IBO: ("entrants",)}, "resident": {IBO: ("starters",)}}


def test_the_sentence_says_which_count_holds():
    text, summary = claims.measure_ranking_sentences(_comparison(), 5, None, _why(), 20)
    assert text == ("At 5 quarters the matched effect of IBO cannot be stated: for newcomers it "
                    "rests on too few who entered or did not to be stated; for residents it "
                    "rests on fewer than 20 matched starters to be stated."), text
    assert summary == ("The effect of IBO for newcomers at 5 quarters rests on too few who "
                       "entered or did not to be stated"), summary
    assert "or too few who entered" not in text + summary


def test_without_a_computed_reason_the_alternatives_stay():
    why = {"newcomer": {IBO: ()}, "resident": {IBO: ("starters",)}}
    text, _ = claims.measure_ranking_sentences(_comparison(), 5, None, why, 20)
    assert ("for newcomers it rests on too few starters, or too few who entered or did not, "
            "to be stated, or would give away a starters count the table hides") in text, text


def test_the_chapter_passes_the_rows():
    from pathlib import Path
    nb = next((Path(__file__).resolve().parents[1] / "notebooks").glob("05_*.md")).read_text()
    assert "tidy_by_population=comparison_tidy" in nb
    assert "comparison_tidy=comparison_tidy" in nb


def test_one_clause_when_both_populations_share_the_reason():
    text, _ = claims.measure_ranking_sentences(_comparison(), 5)
    assert text == ("At 5 quarters the matched effect of IBO cannot be stated: for newcomers and "
                    "residents it rests on too few starters, or too few who entered or did not, "
                    "to be stated, or would give away a starters count the table hides."), text
