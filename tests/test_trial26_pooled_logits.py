"""trial26, chapter 5 on seed 7373: "21 risk sets with too few starters for a logit of their
own were scored by one pooled logit with a term per risk set", for three measures in two
populations. Each measure's match pools its own few-starter risk sets into a logit of its
own, so the count of pooled logits is that of measures (and populations) with such sets."""

from __future__ import annotations

import pandas as pd

from mia_helpers.claims import support_warnings_sentence


def _support(pooled: dict[str, int], own: int = 3) -> pd.DataFrame:
    rows = []
    for m, k in pooled.items():
        rows += [{"measure": m, "not_identified": "", "score_model": "own"}] * own
        rows += [{"measure": m, "not_identified": "", "score_model": "pooled"}] * k
    return pd.DataFrame(rows)


def test_one_measure_one_pooled_logit():
    s = support_warnings_sentence({"": _support({"inburgering": 6})}, "the cell above",
                                  "ob_support")
    assert "Six risk sets with too few starters for a logit of their own were scored by one " \
           "pooled logit with a term per risk set; any warning on the pooled" in s


def test_several_measures_and_populations():
    s = support_warnings_sentence(
        {"newcomers": _support({"workplace_learning_ibo": 8, "training_vocational": 10}),
         "residents": _support({"workplace_learning_ibo": 3})},
        "the comparison cell above", "comparison_support")
    assert "one pooled logit" not in s, s
    assert ("Of the risk sets, 21 with too few starters for a logit of their own were scored "
            "by three pooled logits, one per measure and population, with a term per risk set; any "
            "warning on a pooled propensity logit") in s


def test_several_measures_one_population():
    s = support_warnings_sentence({"": _support({"training_basic": 1, "mediation_guidance": 3})},
                                  "the expensive cell above", "result.support()")
    assert "were scored by two pooled logits, one per measure, with a term" in s


def _hits(measure: str, hit: int, own: int) -> pd.DataFrame:
    rows = [{"measure": measure, "not_identified": "term 'x' has no treated" if i < hit else "",
             "score_model": "own"} for i in range(own)]
    return pd.DataFrame(rows)


def test_full_count_reads_all():
    # trial26, chapter 5 at min_cell 15: "6 of the 6 for newcomers"
    s = support_warnings_sentence(
        {"newcomers": pd.concat([_hits("training_vocational", 3, 3),
                                 _hits("workplace_learning_other", 3, 3)]),
         "residents": _hits("workplace_learning_ibo", 21, 27)},
        "the comparison cell above", "comparison_support")
    assert "all 6 for newcomers (Vocational training and Other workplace learning)" in s
    assert "21 of the 27 for residents" in s and "6 of the 6" not in s


def test_single_logit_is_singular():
    s = support_warnings_sentence({"": _hits("inburgering", 1, 1)}, "the cell above",
                                  "eff.support()", unit="quarter since arrival", what="step")
    assert ("concern the one propensity logit (one per step and quarter since arrival), that "
            "of Inburgering contract:") in s
    s = support_warnings_sentence({"": _hits("inburgering", 2, 2)}, "the cell above",
                                  "eff.support()")
    assert "concern both propensity logits (one per measure and duration), those of" in s


# trial30b, chapter 4 on seed 8383 (6,000 residents, min_cell 11): "16 risk sets ... were
# scored by seven pooled logits, one per measure" with nine measures run; only seven had risk
# sets with too few starters. The sentence says the pooled logits are those of the measures
# with such risk sets when not every measure has one.
def test_pooled_logits_of_some_measures_only():
    s = support_warnings_sentence(
        {"": _support({"training_basic": 2, "mediation_guidance": 3, "sanction_transmission": 0})},
        "the expensive cell above", "result.support()")
    assert ("Five risk sets with too few starters for a logit of their own were scored by two "
            "pooled logits, one per measure with such risk sets, with a term per risk set") in s, s


def test_pooled_logits_of_every_measure_unchanged():
    s = support_warnings_sentence({"": _support({"training_basic": 1, "mediation_guidance": 3})},
                                  "the expensive cell above", "result.support()")
    assert "were scored by two pooled logits, one per measure, with a term" in s, s
