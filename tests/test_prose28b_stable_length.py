"""Chapter 2's exercise on a stable job of 8 quarters has a computed answer: for each non-EU
group published in both M0 models, whether its gap against the natives widens (prose28b: the
solution was static)."""
import pandas as pd

from mia_helpers import claims

NOW = pd.Series({"maghreb:second": 0.61, "turkish:intermediate": 0.70,
                 "subsaharan:second": 0.50})


def test_answer_names_the_groups_whose_gap_widens_and_those_whose_does_not() -> None:
    other = pd.Series({"maghreb:second": 0.55, "turkish:intermediate": 0.72,
                       "subsaharan:second": 0.501})
    s = claims.stable_length_sentence(NOW, other, 4, 8)
    assert s == ("In this run, with a stable job of 8 quarters instead of 4, the gap against "
                 "the natives (M0 odds ratio) widens for 1 of the 3 non-EU groups published in "
                 "both models: Maghreb (second generation) from 0.61 to 0.55; it does not for "
                 "Turkish (intermediate generation) from 0.70 to 0.72; for Sub-Saharan (second "
                 "generation) the ratio prints the same at two decimals"), s


def test_a_lower_ratio_above_one_is_no_wider_gap() -> None:
    s = claims.stable_length_sentence(pd.Series({"maghreb:second": 1.30}),
                                      pd.Series({"maghreb:second": 1.10}), 4, 8)
    assert "widens for 0 of the 1 non-EU group" in s and "it does not for Maghreb" in s, s


def test_no_group_published_in_both() -> None:
    s = claims.stable_length_sentence(pd.Series(dtype=float), pd.Series(dtype=float), 4, 8,
                                      "hazard ratio")
    assert s.endswith("so the run cannot answer") and "hazard ratio" in s, s
