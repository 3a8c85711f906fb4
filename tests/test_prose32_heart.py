"""prose32: Appendix C's precision bullet read "both analyses are imprecise", a typed judgement.
It now decides, by a stated rule, whether each analysis tells the sign of the effect (its
interval, as printed, excludes no effect: a hazard ratio of 1, a difference of 0 points) and
gives both intervals and the matched one's width."""
import math

from mia_helpers import claims

NAN = math.nan


def test_default_intervals_tell_no_sign_and_state_the_width() -> None:
    # Appendix C's default run: Cox 0.54 to 1.83, matched -26.2 to 11.5 points at 52 periods
    s = claims.heart_precision_clause(0.54, 1.83, 52, -26.23, 11.51, 10)
    assert "imprecise" not in s
    assert s == ("neither analysis tells the sign of the effect, since each interval holds no "
                 "effect (a hazard ratio of 1, a difference of 0 points): the Cox interval of "
                 "the hazard ratio runs from 0.54 to 1.83, and the matched now-versus-later "
                 "interval after 52 periods runs from -26.2 to 11.5 points, a width of 37.7 "
                 "percentage points"), s


def test_verdict_follows_the_intervals() -> None:
    both = claims.heart_precision_clause(1.20, 1.83, 52, -26.2, -1.5, 10)
    assert both.startswith("both analyses tell the sign of the effect, since each interval "
                           "excludes no effect"), both
    assert "a width of 24.7 percentage points" in both
    cox = claims.heart_precision_clause(0.54, 0.93, 52, -26.2, 11.5, 10)
    assert cox.startswith("only the Cox model tells the sign of the effect, since only its "
                          "interval excludes no effect (a hazard ratio of 1)"), cox
    matched = claims.heart_precision_clause(0.54, 1.83, 52, 0.05, 11.5, 10)
    assert matched.startswith("only the matched estimate tells the sign"), matched
    # compared as printed: a lower bound that prints 0.0 holds no effect
    assert claims.heart_precision_clause(0.54, 1.83, 52, 0.04, 11.5, 10).startswith("neither")
    assert claims.heart_precision_clause(1.004, 1.83, 52, -2.0, 1.0, 10).startswith("neither")


def test_hidden_intervals_are_not_read() -> None:
    one = claims.heart_precision_clause(NAN, NAN, 52, -26.2, 11.5, 10)
    assert one.startswith("the matched estimate does not tell the sign of the effect, since its "
                          "interval holds no effect (a difference of 0 points): the Cox interval "
                          "is hidden by disclosure control (fewer than 10 patients"), one
    other = claims.heart_precision_clause(0.5, 0.9, 52, NAN, NAN, 15)
    assert other.startswith("the Cox model tells the sign of the effect, since its interval "
                            "excludes no effect (a hazard ratio of 1)"), other
    assert "fewer than 15 transplanted patients" in other
    none = claims.heart_precision_clause(NAN, NAN, 52, NAN, NAN, 10)
    assert none.startswith("whether either analysis tells the sign of the effect cannot be read")
    for text in (one, other, none):
        assert "nan" not in text.lower()
