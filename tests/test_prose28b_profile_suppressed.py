"""Chapter 3's profile sentence names the direct-link measures whose share is suppressed, one
or several: "the other direct-link measures' shares are suppressed" was said in the plural
beside a single suppressed share (prose28b)."""
from mia_helpers import claims

PAIRS = [(52.4, 18.2, "are of Belgian origin"), (29.3, 13.9, "are highly educated"),
         (21.2, 57.8, "have no or basic Dutch")]
DIRECT = ["workplace_learning_ibo", "training_vocational", "workplace_learning_other"]


def test_one_suppressed_share_is_singular_and_named() -> None:
    s = claims.profile_pairs_sentence(
        PAIRS, using=[None, None, ["training_vocational", "workplace_learning_other"]],
        direct=DIRECT)
    assert "measures' shares are suppressed" not in s, s
    assert s.endswith("(the mean of vocational training and other workplace learning: IBO's "
                      "share is suppressed)"), s


def test_two_suppressed_shares_are_plural_and_named() -> None:
    s = claims.profile_pairs_sentence(PAIRS, using=[None, None, ["workplace_learning_other"]],
                                      direct=DIRECT)
    assert s.endswith("(for other workplace learning alone: IBO's and vocational training's "
                      "shares are suppressed)"), s


def test_without_the_measures_the_clause_holds_for_one_or_several() -> None:
    s = claims.profile_pairs_sentence(PAIRS, using=[None, None, ["workplace_learning_other"]])
    assert "every other direct-link measure's share is suppressed" in s, s
