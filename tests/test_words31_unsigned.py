"""words31: appendix A read "few eligible twins are still unsigned a few quarters on" whatever
the generator's signing probabilities; the clause now computes the shares still unsigned."""
import pytest

from mia_helpers import claims
from mia_helpers.montecarlo import calibration


def test_shares_follow_the_probabilities() -> None:
    # a low signing probability: most are still unsigned, the old "few" would be false
    s = claims.unsigned_clause((0.1, 0.05), 4)
    assert s == ("after 4 quarters 65.6 per cent of obligated newcomers and 81.5 per cent of the others "
                 "are still unsigned"), s
    assert claims.unsigned_clause((0.69, 0.35), 1).startswith("after 1 quarter 31.0 per cent")


def test_bad_inputs_named() -> None:
    with pytest.raises(ValueError, match="quarter 0"):
        claims.unsigned_clause((0.5, 0.5), 0)
    with pytest.raises(ValueError, match="within"):
        claims.unsigned_clause((1.5, 0.5), 2)


def test_first_calibration_quarter_from_the_function() -> None:
    assert claims.first_calibration_quarter(calibration) == \
        claims._calibration_default(calibration, "quarters")[0]
