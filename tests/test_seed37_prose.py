"""seed37: chapter prose read against the tables of a run on seed 7707 with a small population
(3,000 residents, 1,500 newcomers, window 2006Q1-2016Q4), so that more cells are small."""
from __future__ import annotations

from mia_helpers import claims


class _Fit:
    def __init__(self, dropped):
        self.not_identified = dropped


def test_dropped_terms_keep_the_capital_of_dutch_and_name_pooled_terms_alike():
    # seed 7707, chapter 2: "... and dutch level: No Dutch (one outcome only where it is 1
    # ...; for women, the first stable job); the pooled models drop age at leaving and
    # Experience (years)": a lower-case language name, and the pooled terms written with
    # another case than the same terms a few words before
    age = {"age_at_leaving": "collinear with earlier terms"}
    both = {**age, "experience_years": "no variation (zero in every row)"}
    dutch = {**age, "dutch_level[none]": "one outcome only where it is 1"}
    by_sex = {"female": {"fits": {"job": {"M1": _Fit(both)}, "stable": {"M1": _Fit(dutch)}},
                         "not_decomposed": {}},
              "male": {"fits": {"job": {"M1": _Fit(both)}, "stable": {"M1": _Fit(age)}},
                       "not_decomposed": {}}}
    pooled = {"job": {"M1": _Fit(both)}, "stable": {"M1": _Fit(age)}}
    s = claims.sex_dropped_terms_sentence(by_sex, pooled)
    assert "dutch level" not in s, s
    assert "Dutch level: No Dutch (one outcome only where it is 1; for women" in s, s
    assert "the pooled models drop age at leaving and experience (years)." in s, s


def test_in_sentence_lowers_common_nouns_only():
    assert claims._in_sentence("family") == "family"
    assert claims._in_sentence("training_basic") == "basic training"
    assert claims._in_sentence("dutch_level[none]") == "Dutch level: No Dutch"
    assert claims._in_sentence("workplace_learning_ibo") == "IBO"


def test_withheld_shares_sentence_says_why_it_counts_fewer_shares_than_the_table_prints():
    # seed 7707, chapter 3: "Of the 90 origin and generation shares of the measures, 6 are
    # hidden" under a composition table that prints 99 such shares (11 rows of 9 measures):
    # the natives' generation row repeats the Belgian origin's and was left out unsaid
    import pandas as pd

    from mia_helpers import competing as cr
    from mia_helpers.disclosure import Protected

    rows = [("origin", "belgian"), ("origin", "maghreb"), ("generation", "native"),
            ("generation", "second")]
    data = pd.DataFrame([{"outcome": "ibo", "variable": v, "value": x, "n_persons": 50.0,
                          "share": 10.0} for v, x in rows])
    reason = pd.DataFrame("", index=data.index, columns=data.columns)
    reason.loc[1, ["n_persons", "share"]] = "withheld"
    text = cr.withheld_shares_sentence(Protected(data, reason, ["n_persons"], 10, "c"))
    assert text.startswith("Of the 3 origin and generation shares of the measures, one is")
    assert text.endswith("(the natives' generation row, which repeats the Belgian origin's, "
                         "is not counted again)"), text
