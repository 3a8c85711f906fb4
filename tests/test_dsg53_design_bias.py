"""Appendix A's post hoc comparison of the matched "now versus later" inburgering bias on two
designs (``claims.design_bias_table`` / ``design_bias_sentence``). The frames are hand-made
with known errors, so every figure has an exact expected value (no tolerance beyond float
rounding); the words are checked for each branch (offsets, adds to, larger, smaller, no
different) and for the data sets left out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims


def _rows(errors_m: list[float], gap: float, study: str = "s", share: float = 0.8,
          quarters: range = range(4, 9), drop: tuple[int, int] | None = None) -> pd.DataFrame:
    """One study: data set i has error ``errors_m[i]`` against the matched truth at every
    quarter and the truth over all starters ``gap`` above the matched truth; ``drop`` =
    (data set, quarter) removes one estimate."""
    out = []
    for i, e in enumerate(errors_m):
        for q in quarters:
            for estimand in ("now_vs_later", "now_vs_never"):
                truth_m = 1.0 + 0.1 * q
                out.append(dict(estimand=estimand, estimator="matched", quarter_since_start=q,
                                att_pp=truth_m + e, true_att_matched_pp=truth_m,
                                true_att_pp=truth_m + gap, replication=i,
                                n_matched=int(100 * share), n_starters=100, study=study))
    f = pd.DataFrame(out)
    if drop is not None:
        f = f[~((f["replication"] == drop[0]) & (f["quarter_since_start"] == drop[1]))]
    return f


def test_table_pools_data_sets_and_keeps_the_identity():
    a, b = _rows([0.1, 0.3], gap=0.05), _rows([0.2, 0.2], gap=0.05)
    tab = claims.design_bias_table({"a": a, "b": b})
    r = tab.loc["run"]
    assert int(r["n_sets"]) == 4 and int(r["n_studies"]) == 2 and int(r["n_excluded"]) == 0
    assert r["bias_matched"] == pytest.approx(0.2)
    assert r["se_matched"] == pytest.approx(np.std([0.1, 0.3, 0.2, 0.2], ddof=1) / 2)
    # bias against all starters = bias against the matched - the truths' gap, per data set
    assert r["bias_all"] == pytest.approx(0.2 - 0.05)
    assert r["scope_gap"] == pytest.approx(0.05)
    assert r["matched_share"] == pytest.approx(0.8)
    assert "targeted" not in tab.index


def test_incomplete_data_set_is_left_out_and_counted():
    tab = claims.design_bias_table({"a": _rows([0.1, 5.0], gap=0.0, drop=(1, 6))})
    r = tab.loc["run"]
    assert int(r["n_sets"]) == 1 and int(r["n_excluded"]) == 1
    assert r["bias_matched"] == pytest.approx(0.1)  # data set 1 (error 5) not averaged in
    text = claims.design_bias_sentence(tab, {"run": 1000})
    assert "1 data set without an estimate at every quarter left out" in text


def test_offsets_and_adds_to():
    off = claims.design_bias_sentence(
        claims.design_bias_table({"a": _rows([0.05, 0.07], gap=0.03)}), {"run": 10_000})
    assert "offsets part of the estimator's own bias" in off
    assert "10,000 newcomers" in off and "2 data sets" in off
    add = claims.design_bias_sentence(
        claims.design_bias_table({"a": _rows([0.05, 0.07], gap=-0.03)}), {"run": 10_000})
    assert "adds to the estimator's own bias" in add
    more = claims.design_bias_sentence(
        claims.design_bias_table({"a": _rows([0.05, 0.07], gap=0.2)}), {"run": 10_000})
    assert "more than offsets" in more


def test_designs_compared_against_own_estimand():
    run = {"a": _rows([0.0, 0.02, -0.02, 0.01, -0.01], gap=0.0)}
    big = _rows([0.5, 0.52, 0.48, 0.51, 0.49], gap=0.0)
    text = claims.design_bias_sentence(claims.design_bias_table(run, big),
                                       {"run": 10_000, "targeted": 40_000})
    assert "the larger design's bias is further from zero" in text
    small = _rows([-0.5, -0.52, -0.48, -0.51, -0.49], gap=0.0)
    text = claims.design_bias_sentence(claims.design_bias_table(run, small),
                                       {"run": 10_000, "targeted": 40_000})
    assert "the larger design's bias is further from zero" in text  # -0.5 against 0
    same = _rows([0.0, 0.03, -0.03, 0.01, -0.01], gap=0.0)
    text = claims.design_bias_sentence(claims.design_bias_table(run, same),
                                       {"run": 10_000, "targeted": 40_000})
    assert "no different beyond Monte Carlo error" in text
    assert "On the targeted study (5 data sets of 40,000 newcomers)" in text
    assert "(s)" not in text and "`" not in text


def test_within_and_beyond_two_se():
    tab = claims.design_bias_table({"a": _rows([0.1, 0.11, 0.09], gap=0.1)})
    text = claims.design_bias_sentence(tab, {"run": 10_000})
    # +0.100 (SE 0.006) against its own estimand; 0.000 against all starters
    assert "+0.100 points (Monte Carlo SE 0.006, beyond two SE) against its own" in text
    assert "within two SE) against all starters" in text


def test_errors_name_the_problem():
    with pytest.raises(ValueError, match="study 'a'.*true_att_matched_pp"):
        claims.design_bias_table({"a": _rows([0.1], 0.0).drop(columns="true_att_matched_pp")})
    tab = claims.design_bias_table({"a": _rows([0.1, 0.2], 0.0)}, _rows([0.1, 0.2], 0.0))
    with pytest.raises(ValueError, match="no newcomers given.*targeted"):
        claims.design_bias_sentence(tab, {"run": 10_000})


def test_no_complete_data_set():
    tab = claims.design_bias_table({"a": _rows([0.1], 0.0, drop=(0, 4))})
    assert int(tab.loc["run", "n_sets"]) == 0
    text = claims.design_bias_sentence(tab, {"run": 10_000})
    assert "no data set has a matched estimate at every one of quarters 4 to 8" in text


def test_bias_compared_by_its_size_not_its_sign():
    """fresh53: a negative bias further from zero was called "smaller" (the signed difference
    was compared), and the clause after it ("would shrink as the design grows") then read as
    if the bias had shrunk. The words compare sizes; a change of sign is said."""
    run = {"a": _rows([0.0, 0.02, -0.02, 0.01, -0.01], gap=0.0)}
    further = _rows([-0.5, -0.52, -0.48, -0.51, -0.49], gap=0.0)
    text = claims.design_bias_sentence(claims.design_bias_table(run, further),
                                       {"run": 10_000, "targeted": 40_000})
    assert "is smaller" not in text
    assert "further from zero" in text
    closer = {"a": _rows([-0.5, -0.52, -0.48, -0.51, -0.49], gap=0.0)}
    near = _rows([0.0, 0.02, -0.02, 0.01, -0.01], gap=0.0)
    text = claims.design_bias_sentence(claims.design_bias_table(closer, near),
                                       {"run": 10_000, "targeted": 40_000})
    assert "is larger" not in text
    assert "closer to zero" in text
    flipped = _rows([0.6, 0.62, 0.58, 0.61, 0.59], gap=0.0)
    text = claims.design_bias_sentence(claims.design_bias_table(closer, flipped),
                                       {"run": 10_000, "targeted": 40_000})
    assert "of the other sign" in text


def test_gap_between_truths_said_above_or_below():
    """fresh53: "lies +0.033 points from the matched starters'" gave no direction in words."""
    above = claims.design_bias_sentence(
        claims.design_bias_table({"a": _rows([0.05, 0.07], gap=0.03)}), {"run": 10_000})
    assert "lies 0.030 points above the matched starters'" in above
    below = claims.design_bias_sentence(
        claims.design_bias_table({"a": _rows([0.05, 0.07], gap=-0.03)}), {"run": 10_000})
    assert "lies 0.030 points below the matched starters'" in below


def test_a_run_without_the_targeted_row_says_why():
    """fresh53 (seed 4260, a run that is not the project's read): the prose before the
    sentence promises the targeted study's design "beside them", and the sentence said
    nothing of it. Without a "targeted" row it now says why, by ``project``."""
    tab = claims.design_bias_table({"a": _rows([0.05, 0.07], gap=0.03)})
    other = claims.design_bias_sentence(tab, {"run": 1_000}, project=False)
    assert "not the project's" in other and "targeted study is not set beside" in other
    own = claims.design_bias_sentence(tab, {"run": 10_000}, project=True)
    assert "targeted study is not set beside" in own and "not the project's" not in own


def test_summary_clause_per_design():
    tab = claims.design_bias_table({"a": _rows([0.1, 0.11, 0.09], gap=0.1)},
                                   _rows([0.0, 0.01, -0.01], gap=0.0))
    text = claims.design_bias_summary(tab)
    assert text.startswith("averaged over quarters 4 to 8")
    assert ("on this run's design it lies beyond two Monte Carlo SE of its own estimand "
            "(+0.100 points) and within them of the truth over all starters (+0.000)") in text
    assert "on the targeted design it lies within two Monte Carlo SE" in text
    short = claims.design_bias_table({"a": _rows([0.1, 0.2], 0.0, quarters=range(5, 7))},
                                     quarters=(5, 6))
    assert claims.design_bias_summary(short).startswith("averaged over quarters 5 to 6")
    empty = claims.design_bias_table({"a": _rows([0.1], 0.0, drop=(0, 4))})
    assert "no data set has an estimate at every quarter" in claims.design_bias_summary(empty)
