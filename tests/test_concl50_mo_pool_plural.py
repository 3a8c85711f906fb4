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
