"""read48, Appendix C: the balance table (absolute SMD before and after matching, all risk sets
stacked) was introduced as showing "whether the matched waiting patients resemble the
transplanted ones" and then left unread, while matching left the year of acceptance further
apart than before (0.052 before, -0.139 after, beyond the conventional 0.1) and prior bypass
surgery too (0.045 to 0.070). The sentence after the table now reads it."""

import pandas as pd
import pytest

from mia_helpers import claims

BAL = pd.DataFrame({"covariate": ["Age", "Surgery: Prior bypass",
                                  "Year of acceptance (since Nov. 1967)"],
                    "smd_before": [0.311, 0.045, 0.052], "smd_after": [0.014, 0.070, -0.139]})


def test_the_stanford_balance_is_read():
    s = claims.heart_balance_sentence(BAL)
    assert s == ("Matching brings the transplanted and their controls closer on age "
                 "(absolute SMD 0.311 before matching, 0.014 after) but not on surgery: prior "
                 "bypass (0.045 before, 0.070 after) or year of acceptance (since Nov. 1967) "
                 "(0.052 before, 0.139 after, above the conventional 0.1), so the matched "
                 "comparison below rests on controls that differ from the transplanted in "
                 "year of acceptance (since Nov. 1967) by more than that mark."), s


def test_all_balanced():
    bal = BAL.assign(smd_after=[0.01, 0.02, 0.03])
    s = claims.heart_balance_sentence(bal)
    assert s == ("Matching brings the transplanted and their controls closer on every "
                 "covariate: each absolute SMD after matching is below the conventional 0.1 "
                 "(largest 0.030, year of acceptance (since Nov. 1967))."), s


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="smd_after"):
        claims.heart_balance_sentence(BAL.drop(columns=["smd_after"]))
