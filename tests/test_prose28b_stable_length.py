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
    assert "of the one non-EU group published in both models, Maghreb" in s, s
    assert s.endswith("does not widen (from 1.30 to 1.10)"), s
    assert "0 of the 1" not in s, s


def test_one_group_whose_gap_widens_or_prints_the_same() -> None:
    g = "maghreb:second"
    s = claims.stable_length_sentence(pd.Series({g: 0.60}), pd.Series({g: 0.50}), 4, 8)
    assert s.endswith("widens (from 0.60 to 0.50)"), s
    s = claims.stable_length_sentence(pd.Series({g: 0.604}), pd.Series({g: 0.601}), 4, 8)
    assert s.endswith("prints the same at two decimals (from 0.60 to 0.60)"), s


def test_no_group_published_in_both() -> None:
    s = claims.stable_length_sentence(pd.Series(dtype=float), pd.Series(dtype=float), 4, 8,
                                      "hazard ratio")
    assert s.endswith("so the run cannot answer") and "hazard ratio" in s, s
