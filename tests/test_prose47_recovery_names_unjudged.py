"""Chapter 6's recovery sentence names every finding with a generator's value (prose47).

Found by an analyst re-run of chapter 6 (user46's run: seed 2019, 8,000 residents, window
2008Q1-2014Q4, ``min_cell`` 25): the table gave the residents' IBO effect a generator's value
(27 %) beside "relative effect hidden ...", and the sentence on how the estimates compare with
the generator read "the interval holds the generator's value for both other findings that
have one and an estimate shown; the finding "IBO effect, newcomers (4 quarters)" has no
estimate shown ..." (set apart for its dropped starters): the residents' IBO finding was only
left out of a count, never named. The sentence now names each finding with a generator's value
and no verdict: no estimate shown, or an estimate without an interval.

Data: hand-made findings tables in :func:`mia_helpers.conclusions.findings_table`'s columns
(the user46 run's shape); no tolerance.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers.conclusions import recovery_sentence

KEYS = ["nonEU_women_job", "ibo_lowlink_rrr", "ibo_residents_q5", "ibo_newcomers_q4"]
RES = '"IBO effect, residents (5 quarters)"'


def _table(res_estimate: float = np.nan, res_band: bool = False) -> pd.DataFrame:
    band = 2.0 if res_band else np.nan
    return pd.DataFrame({
        "key": KEYS, "estimate": [-0.06, 0.57, res_estimate, np.nan],
        "ci_low": [-0.2, 0.5, res_estimate - band, np.nan],
        "ci_high": [0.1, 0.6, res_estimate + band, np.nan],
        "truth": [0.0, 0.55, 27.0, 36.0], "truth_held": [np.nan, np.nan, np.nan, np.nan]})


def test_the_hidden_residents_ibo_finding_is_named():
    text = recovery_sentence(_table(), {"ibo_newcomers_q4": 26.8})
    # one clause names both (read47: it was one "has no estimate shown" clause for each)
    assert text.startswith("the interval holds the generator's value for both other findings "
                           "that have one and an estimate shown; the findings " + RES
                           + ' and "IBO effect, newcomers (4 quarters)" have no estimate shown '
                           "to read against the generator's value")
    assert "26.8 per cent" in text  # set apart for its dropped starters, still said
    assert text.count(RES) == 1


def test_without_scope_and_with_an_estimate_but_no_interval():
    text = recovery_sentence(_table(25.0, res_band=False))
    assert "findings that have one and an interval shown" in text
    assert f"the finding {RES} has no interval to hold the generator's value" in text
    assert '"IBO effect, newcomers (4 quarters)" has no estimate shown' in text


def test_no_verdict_at_all_does_not_deny_the_known_truths():
    t = _table().iloc[2:].reset_index(drop=True)
    text = recovery_sentence(t)
    assert "has a known truth to compare with" not in text
    assert text.startswith("no finding here has both a known truth and an interval shown")
    assert RES in text and "IBO effect, newcomers" in text


def test_every_finding_judged_names_none():
    t = _table(25.0, res_band=True).iloc[:3]
    assert recovery_sentence(t) == ("the interval holds the generator's value for all 3 "
                                    "findings that have one")
