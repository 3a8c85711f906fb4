"""prose32: chapter 4's scope sentences read "matching dropped IBO 23.4 % of its starters"
(a measure and a share in one object) and gave IBO's share alone, while chapter 5 set a
step's share beside the other steps'. They now say whom the matched estimate leaves out
("23.4 % of IBO's starters found no twin ...") and set the shares of the measures read the
usual way beside it, all computed from the published common-support table."""
import pandas as pd
import pytest

from mia_helpers import claims

IBO, BASIC, MED = "workplace_learning_ibo", "training_basic", "mediation_guidance"


def _support(ibo: float, basic: float, med: float | None) -> pd.DataFrame:
    return pd.DataFrame({"measure": [IBO, BASIC, MED], "dropped_pct": [ibo, basic, med]})


def _bias_table() -> pd.DataFrame:
    rows = [dict(measure=m, estimand="now_vs_later", estimator=est, quarter_since_start=q,
                 att_pp=5.0 + err, true_att_pp=5.0, n_treated=50)
            for m, (naive, matched) in {IBO: (6.0, 1.0), BASIC: (4.0, 2.0),
                                        MED: (3.0, 1.0)}.items()
            for q in range(4, 9) for est, err in (("naive", naive), ("matched", matched))]
    return claims.bias_table(pd.DataFrame(rows), "now_vs_later")


def test_no_twin_words_subject_and_number() -> None:
    assert claims.no_twin_words([IBO], {IBO: 23.4}) == (
        "23.4 per cent of the starters of IBO found no statistical twin within the caliper and are "
        "outside its matched estimate")
    assert claims.no_twin_words([IBO], {IBO: 23.4}, named_before=True).startswith(
        "23.4 per cent of its starters found")
    two = claims.no_twin_words([IBO, BASIC], {IBO: 23.4, BASIC: 30.0})
    assert two.startswith("23.4 per cent of the starters of IBO and 30.0 per cent of those of Basic "
                          "training found"), two
    assert two.endswith("are outside their matched estimates"), two
    mixed = claims.no_twin_words([IBO, BASIC], {IBO: 23.4})
    assert "23.4 per cent of the starters of IBO and an unstated share of those of Basic" in mixed
    assert claims.no_twin_words([IBO], {}).endswith("is outside its matched estimate")
    with pytest.raises(ValueError, match="no measure"):
        claims.no_twin_words([], {})


def test_bias_table_sentence_states_share_and_the_others_beside_it() -> None:
    s = claims.bias_table_sentence(_bias_table(), scope=claims.truth_scope(
        _support(23.4, 2.1, 8.3)))
    assert "matching dropped" not in s and "IBO 23.4 per cent" not in s, s
    assert ("Whether matching lowers the absolute bias of IBO is not read from the table: "
            "23.4 per cent of its starters found no statistical twin within the caliper and are "
            "outside its matched estimate (against 2.1 to 8.3 per cent for the other measures), a "
            "share of at least the 10 per cent") in s, s
    # other shares, other comparison: the numbers come from the support table
    s = claims.bias_table_sentence(_bias_table(), scope=claims.truth_scope(
        _support(41.0, 5.5, 5.5)))
    assert "41.0 per cent of its starters" in s and "(against 5.5 per cent for the other measures)" in s, s
    # a hidden share is not read, and the others are said to be those whose share is published
    s = claims.bias_table_sentence(_bias_table(), scope=claims.truth_scope(
        _support(41.0, 3.0, None)))
    assert "(against 3.0 per cent for Basic training)" in s, s
    # two out of scope: each named with its share, the third measure's beside them
    s = claims.bias_table_sentence(_bias_table(), scope=claims.truth_scope(
        _support(41.0, 12.0, 3.0)))
    assert ("41.0 per cent of the starters of IBO and 12.0 per cent of those of Basic training found no "
            "statistical twin within the caliper and are outside their matched estimates "
            "(against 3.0 per cent for Mediation and guidance), shares of") in s, s
    assert "their matched biases also hold" in s, s
    # a plain mapping (no published shares): no comparison is invented
    s = claims.bias_table_sentence(_bias_table(), scope={IBO: 41.0})
    assert "against" not in s, s


def test_truth_scope_sentence_sets_the_rule_after_the_scope_shares() -> None:
    full = claims.truth_scope(_support(23.4, 2.6, 8.3))
    s = claims.truth_scope_sentence({IBO: 23.4}, others=full)
    assert ("; 23.4 per cent of the starters of IBO found no statistical twin within the caliper "
            "(against 2.6 to 8.3 per cent for the other measures), a share of at least the 10 per cent") \
        in s, s
    assert claims.truth_scope_sentence({IBO: 23.4}).count("against") == 0  # nothing to set
    # the part of the scope the sentence speaks of: the rest of the scope is named, not
    # counted among the measures read the usual way
    full = claims.truth_scope(_support(23.4, 30.0, 8.3))
    s = claims.truth_scope_sentence({IBO: 23.4}, others=full)
    assert "(against 8.3 per cent for Mediation and guidance)" in s, s


def test_chapter_4_scope_sentence_sets_the_other_measures_beside_it() -> None:
    import sys
    from pathlib import Path
    sys.path.insert(0, str(Path(__file__).parent))
    from test_teach28_scope_selection import _claims

    c = _claims(23.4)
    s = c["eff_truth_scope_sentence"]
    assert ("23.4 per cent of the starters of Other workplace learning and 80.0 per cent of those of "
            "Mediation and guidance found no statistical twin within the caliper (against "
            "2.6 per cent for IBO), shares of at least") in s, s
    text = c["eff_bias_sentence"]
    assert "matching dropped" not in text, text
    # the shares and their rule follow in eff_truth_scope_sentence: not said twice
    assert ("cannot be told: its matched estimate leaves out the starters without a "
            "statistical twin within the caliper (its share and the rule that judges it "
            "follow), too many for that estimate to test it") in text, text
    assert "23.4" not in text and "at least the 10 per cent" not in text, text
    # without the flag (another caller) the sentence gives them itself
    alone, _ = claims.naive_bias_sentences(pd.Series({IBO: -2.5}), "the truth", 1.0,
                                           other_scope={IBO: 23.4})
    assert ("23.4 per cent of the starters of IBO found no statistical twin within the caliper and "
            "are outside its matched estimate (a share of at least the 10 per cent") in alone, alone
    two, _ = claims.naive_bias_sentences(pd.Series({IBO: -2.5, BASIC: 3.0}), "the truth", 1.0,
                                         other_scope={IBO: 23.4, BASIC: 30.0},
                                         shares_follow=True)
    assert "their matched estimates leave out the starters" in two, two
    assert "(their shares and the rule that judges them follow)" in two, two
    s = _claims(12.5)["eff_truth_scope_sentence"]
    assert "12.5 per cent of the starters of Other workplace learning" in s, s


def test_chapter_5_naive_clause_rule_before_the_other_steps() -> None:
    # chapter 5 at its defaults: "with Inburgering contract 23.4 % and MO (social orientation)
    # 41.1 % of their starters dropped ..., against 2.8 % for NT2 (Dutch course) (at least the
    # 10 % ...)": the rule read as NT2's
    support = pd.DataFrame({"measure": ["inburgering", "mo", "nt2"],
                            "dropped_pct": [23.4, 41.1, 2.8]})
    scope = claims.truth_scope(support)
    s = claims.few_kept_naive_clause(dict(scope), published=scope)
    assert s.startswith("for Inburgering contract and MO (social orientation), with 23.4 per cent of "
                        "the starters of Inburgering contract and 41.1 per cent of those of MO (social "
                        "orientation) dropped for lack of a statistical twin (at least the 10 per cent"), s
    assert "1 point), against 2.8 per cent for NT2 (Dutch course), the matched curve" in s, s
    scope = claims.truth_scope(support.assign(dropped_pct=[23.4, 5.0, 2.8]))
    s = claims.few_kept_naive_clause(dict(scope), published=scope)
    assert s.startswith("for Inburgering contract, with 23.4 per cent of its starters dropped"), s
    assert "against 2.8 to 5.0 per cent for the other steps, the matched curve" in s, s
