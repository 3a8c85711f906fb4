"""A reader's check of chapters 2, 4 and 5 at the default parameters (seed 2005): sentences
read against the tables they cite, at the decimals those tables print."""
import pandas as pd

from mia_helpers import claims


def test_lpm_sentence_compares_gaps_as_the_table_prints_them():
    # seed 2005, defaults: Southern EU (second generation) printed -1.2 for any job and -1.2
    # for a stable job in M0, and the sentence called the stable-job gap larger
    t = pd.DataFrame({"origin_generation": ["southern_eu:second", "maghreb:second"],
                      "n_persons": [475, 799],
                      "job M0 (pp)": [-1.16, -4.1], "job M3 (pp)": [-0.4, -3.2],
                      "stable M0 (pp)": [-1.24, -3.5], "stable M3 (pp)": [-0.7, -2.9]})
    s = claims.lpm_sentence(t, "M0", "M3")
    assert "in M0 no stable-job gap is larger in size than the any-job gap" in s
    assert "in M3 the stable-job gap is larger in size than the any-job gap for Southern EU" in s
    # two decimals printed: the same gaps differ, and the sentence says so
    s2 = claims.lpm_sentence(t, "M0", "M3", decimals=2)
    assert "in M0 the stable-job gap is larger in size than the any-job gap for Southern EU" in s2
    # a gap the controls leave at the same printed value is not called shrunk
    t2 = t.assign(**{"job M3 (pp)": [-1.18, -3.2]})
    s3 = claims.lpm_sentence(t2, "M0", "M3")
    assert "shrink the gaps for any job in 1 of 2 cells (not for Southern EU" in s3
