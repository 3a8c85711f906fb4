"""seed37: chapter prose read against the tables of a run on seed 7707 with a small population
(3,000 residents, 1,500 newcomers, window 2006Q1-2016Q4), so that more cells are small."""
from __future__ import annotations

from frames import one_point_estimate_rows

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


def test_the_chapters_hazard_table_runs_and_prints_the_odds_ratio_interval():
    # seed 7707, chapter 4 stopped in its hazard-table cell: effects.hazard_table renamed the
    # fits' exp_ci_low/exp_ci_high to ci_low/ci_high beside the tidy table's own (log-odds)
    # ci_low/ci_high, and suppress() met a frame with two columns of each name
    # ("'DataFrame' object has no attribute 'dtype'"; mended on main, found by reader37 too).
    # The interval printed must be the odds ratio's.
    import numpy as np
    import pandas as pd

    from mia_helpers.effects import hazard_table

    class _Fit:
        def tidy(self, level=0.95):
            est = np.array([-0.5, 0.2])
            return pd.DataFrame({
                "term": ["treated[1]", "treated[2]"], "estimate": est, "se": [0.1, 0.1],
                "ci_low": est - 0.2, "ci_high": est + 0.2, "exp_estimate": np.exp(est),
                "exp_ci_low": np.exp(est - 0.2), "exp_ci_high": np.exp(est + 0.2),
                "p_value": [0.01, 0.05], "quarter_since_start": [1, 2],
                "n_persons": [200, 190], "n_events": [40, 50],
                "n_treated_persons": pd.array([60, 55], "Int64"),
                "n_treated_events": pd.array([12, 3], "Int64"), "df_resid": [400, 400]})

    class _Res:
        hazards = {"workplace_learning_ibo": _Fit(), "training_basic": _Fit()}

    t = hazard_table(_Res(), min_cell=10)
    assert set(t.columns) == {"workplace_learning_ibo", "training_basic"}
    assert t.loc[1, "workplace_learning_ibo"] == "0.61 [0.50, 0.74]"
    assert t.loc[2, "training_basic"] == "x"  # 3 treated events
    assert list(hazard_table(_Res(), quarters=[2]).index) == [2]


def test_chapter_6_says_a_gap_that_cannot_be_decomposed_in_words():
    # seed 7707, chapter 6's findings table and prose: "not shown (not decomposable: KHB:
    # terms {'dutch_level[basic]': 'no events where it is 1'} are not identified)", the
    # exception's message with a Python dict and a raw term name
    import inspect

    from mia_helpers import conclusions
    from mia_helpers.khb import KHBNotIdentifiedError, not_decomposable_note

    err = KHBNotIdentifiedError({"dutch_level[basic]": "no events where it is 1"}, ["group"])
    note = not_decomposable_note(err)
    # the separation's direction withheld, as chapter 2's notes withhold it (dpo25)
    assert note == ("not decomposable: term Dutch level: Basic cannot be identified (one "
                    "outcome only where it is 1 (counts withheld))"), note
    assert "{" not in note and "dutch_level" not in note
    assert not_decomposable_note(ValueError("x not identified; more")) == (
        "not decomposable: x not identified")
    assert "not_decomposable_note(err)" in inspect.getsource(conclusions)


def test_inburgering_never_claims_with_one_point_estimate_do_not_say_there_is_none():
    # seed 7707, Appendix A at 20 inburgering replications: 19 of 20 data sets flagged at
    # quarter 4 and all at 5-8; the appendix read "the bias cannot be judged (too few
    # replications for a Monte Carlo SE); the coverage of the point estimates lies inside
    # [...] there" ("there" pointing at nothing) and then "No data set gives a point
    # estimate at these quarters", false for quarter 4

    from mia_helpers.montecarlo import summarise

    rows = one_point_estimate_rows()
    c = claims.inburgering_claims(summarise(rows), estimand="now_vs_never", prefix="mcnn",
                                  results=rows)
    assert "No data set gives a point estimate" not in c["mcnn_max_abs_z_sentence"]
    assert c["mcnn_max_abs_z_sentence"].startswith("The point estimates are too few"), c
    assert c["mcnn_sentence"].startswith(
        "the bias cannot be judged where it is a point estimate (quarter 4, in 1 of 20 data "
        "sets: too few replications"), c["mcnn_sentence"]  # one bracket (seed40)


def test_truth_scope_sentence_does_not_count_a_quarter_without_a_monte_carlo_se_as_failed():
    # seed 7707, Appendix A at 20 inburgering replications: "the matched bias lies within
    # two Monte Carlo standard errors of zero at 35 of the 36 study-estimand quarters", the
    # 36th being quarter 4 of inburgering "now versus never", one point estimate (the other
    # data sets bounds) and so no Monte Carlo SE: it neither passed nor failed
    import numpy as np
    import pandas as pd

    def rows(q, share, estimand):
        n = len(share)
        return pd.DataFrame({"estimand": estimand, "estimator": "matched",
                             "quarter_since_start": q, "att_pp": 10.0 + np.linspace(-1, 1, n),
                             "ci_low": 0.0, "ci_high": 20.0, "unsupported_share": share,
                             "true_att_pp": 10.0, "true_att_matched_pp": 10.0,
                             "seed": np.arange(n)})

    later = pd.concat([rows(q, [0.0] * 4, "now_vs_later") for q in range(4, 9)])
    never = pd.concat([rows(4, [0.0, 0.2, 0.2, 0.2], "now_vs_never")]
                      + [rows(q, [0.2] * 4, "now_vs_never") for q in range(5, 9)])
    t = claims.truth_scope_table({"Inburgering contract": pd.concat([later, never])})
    text = claims.truth_scope_verdicts(t)
    assert "at 5 of the 5 study-estimand quarters with a Monte Carlo SE (at 1 more the point "\
           "estimates are too few for one)" in text, text
    assert "of the 6 study-estimand quarters" not in text
    # a table without the attribute (built elsewhere): a row without any |bias| / MC SE
    plain = t.copy()
    plain.attrs = {}
    assert "(at 1 more the point estimates" in claims.truth_scope_verdicts(plain)


def test_risk_share_sentence_says_both_for_two_groups():
    # seed 7707, min_cell 20: "the share with a job is lower than theirs for every one of
    # the 2 other groups with a published share" (the summary read "both groups")
    text = claims.risk_share_sentence(0.847, 0.697, 2, 2, 4, 4)
    assert "lower than theirs for both other groups with a published share" in text, text
    assert "every one of the 4 other groups" in text, text
