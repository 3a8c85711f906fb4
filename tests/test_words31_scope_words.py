"""words31: the sentences on measures out of the truth's scope said "matching dropped too many
(many) starters", a judgement no computed number carried. They now state the share dropped and
the rule it is held against (:data:`mia_helpers.claims.TRUTH_SCOPE_DROPPED_PCT`, with its
stated source), and a share below half is no longer "few of its starters"."""
import pandas as pd

from mia_helpers import claims

IBO, BASIC = "workplace_learning_ibo", "training_basic"


def test_rule_words_follow_the_constant(monkeypatch) -> None:
    assert claims.scope_rule_words().startswith("at least the 10 per cent at which a 10-point")
    monkeypatch.setattr(claims, "TRUTH_SCOPE_DROPPED_PCT", 20.0)
    assert claims.scope_rule_words().startswith("at least the 20 per cent at which a 5-point")


def test_truth_scope_sentence_states_share_and_rule() -> None:
    s = claims.truth_scope_sentence({IBO: 12.0})
    assert "many" not in s, s
    assert ("12.0 per cent of the starters of IBO found no statistical twin within the caliper, a "
            "share of at least the 10 per cent") in s, s


def test_unscoped_sentences_state_shares_not_many() -> None:
    bias = pd.Series({IBO: -2.5, BASIC: 3.0})
    for ref in ("the truth", "the matched estimate"):
        text, summary = claims.naive_bias_sentences(bias, ref, 1.0,
                                                    other_scope={IBO: 11.0, BASIC: 12.0})
        assert "too many of" not in text and "dropped many" not in text, text
        assert ("12.0 per cent of the starters of Basic training and 11.0 per cent of those of IBO found no "
                "statistical twin within the caliper and are outside their matched estimates "
                "(shares of at least") in text, text
        assert "would move the truth by 1 point" in text, text
        assert "is reflects" not in text, text


def test_fewer_than_half_only_where_more_than_half_dropped() -> None:
    bias = pd.Series({IBO: -2.5, BASIC: 3.0})
    _, low = claims.naive_bias_sentences(bias, "the truth", 1.0,
                                         other_scope={IBO: 11.0, BASIC: 12.0})
    assert "few" not in low, low
    _, high = claims.naive_bias_sentences(bias, "the truth", 1.0,
                                          other_scope={IBO: 60.0, BASIC: 70.0})
    assert "on fewer than half of their starters" in high, high


def test_summary_against_matched_says_fewer_than_half_not_few() -> None:
    bias = pd.Series({IBO: -2.5, BASIC: 3.0})
    _, high = claims.naive_bias_sentences(bias, "the matched estimate", 1.0,
                                          other_scope={IBO: 60.0, BASIC: 70.0})
    assert "speak for fewer than half of their starters" in high, high
    assert "speak for few of" not in high, high
