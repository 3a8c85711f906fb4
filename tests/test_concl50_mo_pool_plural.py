"""Chapter 5's MO note compares MO's dropped share with "the other step's" when one other
step is estimated (concl50, seed 4104, ``-p treatments '[mo, inburgering]'``: "compare its
dropped share with the other steps'" beside a table of two steps)."""

import pandas as pd

from mia_helpers import claims


def _support(steps, pools):
    return pd.DataFrame({"measure": steps, "n_treated": [1884, 1900, 1021][:len(steps)],
                         "n_pool": pools})


def test_one_other_step_is_singular():
    # the run's support table: MO 1,884 starters, 389 pool quarters; inburgering 1,900, 975
    one = claims.newcomer_step_claims(["mo", "inburgering"],
                                      support=_support(["mo", "inburgering"], [389, 975]))
    text = one["nc_mo_support_sentence"]
    assert text.endswith("compare its dropped share with the other step's."), text
    assert "0.2 newcomer-quarters at risk per starter, against 0.5 for inburgering" in text
    wide = claims.mo_pool_sentence(_support(["mo", "inburgering"], [5000, 975]))
    assert wide.endswith("the other step's."), wide
    # without the table, the typed fallback counts the steps too
    bare = claims.newcomer_step_claims(["mo", "inburgering"])["nc_mo_support_sentence"]
    assert bare.endswith("the other step's."), bare


def test_several_other_steps_stay_plural():
    three = claims.newcomer_step_claims(
        ["inburgering", "mo", "nt2"],
        support=_support(["mo", "inburgering", "nt2"], [389, 975, 8870]))
    assert three["nc_mo_support_sentence"].endswith("with the other steps'.")
    bare = claims.newcomer_step_claims(["inburgering", "mo", "nt2"])["nc_mo_support_sentence"]
    assert bare.endswith("with the other steps'.")


def test_feeder_curves_sentence_does_not_claim_quarter_zero():
    """Chapter 5's model figure: both curves start at 0 in quarter 0 (seed 4103, every
    ground drawn), so "lies above ... at every quarter" was false at the first quarter; the
    sentence now says "after the first", and a gap at the first quarter is still not needed."""
    n = 5
    curves = pd.DataFrame({"residence_ground": "family", "u": [*range(n), *range(n)],
                           "integration": ["contract + NT2"] * n + ["none"] * n,
                           "cum_incidence": [0.0, 0.1, 0.2, 0.3, 0.4, 0.0, 0.05, 0.1, 0.2, 0.3]})
    s = claims.feeder_curves_sentence(curves)
    assert "at every quarter after the first (where both start at zero)" in s, s
    assert "lies above" in s and "not for" not in s
    at0 = curves.query("u == 0")
    assert at0["cum_incidence"].nunique() == 1  # equal there: "every quarter" would be false
