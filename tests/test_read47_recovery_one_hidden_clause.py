"""Chapter 6's recovery sentence names the findings without an estimate shown in one clause
(read47).

Found on analyst re-runs of chapter 6 (the brief of read47; the shape of user46's run, seed
2019, min_cell 25): where both IBO findings have a generator's value and no estimate shown,
one of them set apart for its dropped starters (:func:`mia_helpers.conclusions.truth_scope_of`)
and the other not, the sentence read "...; the finding "IBO effect, residents (5 quarters)" has
no estimate shown to read against the generator's value (its row in the table says why); the
finding "IBO effect, newcomers (4 quarters)" has no estimate shown to read against the
generator's value (the table hides it; ...)": the same clause twice in a row. It is now one
clause naming both, with the dropped share of the one set apart. Where both are set apart the
table hides "them", not "it".

Data: hand-made findings tables in :func:`mia_helpers.conclusions.findings_table`'s columns
(the shape of tests/test_prose47_recovery_names_unjudged.py); no tolerance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers.conclusions import recovery_sentence

KEYS = ["nonEU_women_job", "ibo_lowlink_rrr", "ibo_residents_q5", "ibo_newcomers_q4"]
RES = '"IBO effect, residents (5 quarters)"'
NEW = '"IBO effect, newcomers (4 quarters)"'
NO_EST = "no estimate shown to read against the generator's value"


def _table(truths: tuple[float, float] = (0.0, 0.55)) -> pd.DataFrame:
    return pd.DataFrame({
        "key": KEYS, "estimate": [-0.06, 0.57, np.nan, np.nan],
        "ci_low": [-0.2, 0.5, np.nan, np.nan], "ci_high": [0.1, 0.6, np.nan, np.nan],
        "truth": [*truths, 27.0, 36.0], "truth_held": [np.nan] * 4})


def test_one_clause_names_both_hidden_ibo_findings():
    text = recovery_sentence(_table(), {"ibo_newcomers_q4": 26.8})
    assert text.count(NO_EST) == 1, text
    assert f"the findings {RES} and {NEW} have {NO_EST}" in text
    assert "26.8 per cent" in text and text.count(RES) == 1 and text.count(NEW) == 1
    assert text.startswith("the interval holds the generator's value for both other findings "
                           "that have one and an estimate shown; ")


def test_one_clause_when_no_other_finding_is_judged():
    text = recovery_sentence(_table((np.nan, np.nan)), {"ibo_newcomers_q4": 26.8})
    assert text.count(NO_EST) == 1, text
    assert f"the findings {RES} and {NEW} have {NO_EST}" in text


def test_both_set_apart_the_table_hides_them():
    text = recovery_sentence(_table(), {"ibo_residents_q5": 11.0, "ibo_newcomers_q4": 26.8})
    assert text.count(NO_EST) == 1
    assert "(the table hides them;" in text and "hides it" not in text


def test_one_set_apart_alone_keeps_its_wording():
    t = _table()
    t.loc[2, ["estimate", "ci_low", "ci_high"]] = [23.0, 11.0, 36.0]
    t.loc[2, "truth"] = 17.0
    text = recovery_sentence(t, {"ibo_newcomers_q4": 26.8})
    assert text.endswith(f"; the finding {NEW} has {NO_EST} (the table hides it; matching "
                         "dropped 26.8 per cent of its starters for lack of a statistical twin)")


def test_the_table_order_is_kept():
    """read47's run (seed 2024): residents' effect shown and set apart, newcomers' hidden and
    set apart: the residents' clause first, as in the table."""
    t = _table()
    t.loc[2, ["estimate", "ci_low", "ci_high"]] = [23.0, 11.0, 36.0]
    text = recovery_sentence(t, {"ibo_residents_q5": 11.3, "ibo_newcomers_q4": 26.5})
    assert text.index(RES) < text.index(NEW)
    assert text.count(NO_EST) == 1 and text.endswith("(the table hides it; matching dropped "
                                                     "26.5 per cent of its starters for lack "
                                                     "of a statistical twin)")
