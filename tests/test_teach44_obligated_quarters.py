"""Chapter 5's obligated-grounds exercise names the quarters its gaps average over only where
it states gaps (user44).

With ``-p residence_grounds '[family, asylum]'`` (seed 2005, 5,000 residents, 2,500
newcomers) the solution read "The exercise cannot run here: the chapter keeps only obligated
grounds already. (Gaps are averaged over quarters 4 to 8.)": the note was typed after the
glued sentence, of gaps never computed. The note is now part of the sentence that states gaps.
"""
from pathlib import Path

import pandas as pd

from mia_helpers import claims

QUARTERS = [4, 5, 6, 7, 8]
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "05_newcomer_integration.md"


def _gap_rows(naive: float, matched: float, n: int = 400) -> pd.DataFrame:
    return pd.DataFrame([{"measure": "inburgering", "estimand": "now_vs_later", "estimator": est,
                          "quarter_since_start": q, "att_pp": v, "n_treated": n}
                         for q in QUARTERS for est, v in (("naive", naive), ("matched", matched))])


def test_stated_gaps_end_with_their_quarters():
    s = claims.obligated_gap_claim(_gap_rows(1.0, 1.2), _gap_rows(0.5, 2.9), ["family", "asylum"],
                                   QUARTERS, 10, dropped_pct=23.4, say_quarters=True)
    assert s.startswith("Within the family and asylum grounds"), s
    assert s.endswith(" (Gaps are averaged over quarters 4 to 8.)"), s


def test_no_quarters_note_where_no_gap_is_stated():
    s = claims.obligated_gap_claim(None, None, ["family", "asylum"], QUARTERS, 10,
                                   "the chapter keeps only obligated grounds already",
                                   say_quarters=True)
    assert s == ("The exercise cannot run here: the chapter keeps only obligated grounds "
                 "already."), s
    hidden = claims.obligated_gap_claim(_gap_rows(1.0, 1.2, n=5), _gap_rows(0.5, 2.9),
                                        ["family"], QUARTERS, 10, say_quarters=True)
    assert hidden.startswith("The exercise cannot state its gaps here"), hidden
    assert "Gaps are averaged" not in hidden, hidden


def test_the_solution_types_no_quarters_note_of_its_own():
    text = NOTEBOOK.read_text(encoding="utf-8")
    part = text[text.index("```{solution-start} ex-newcomers-obligated"):]
    part = part[:part.index("```{solution-end}")]
    assert "say_quarters=True" in part
    assert "(Gaps are averaged over quarters" not in part
