"""The truth over the matched starters in the Monte Carlo (issue 14's truth-scope question).

A caliper match estimates the effect over the starters who found a twin; the generator's
``true_att_pp`` averages over all starters (Rosenbaum & Rubin 1985, incomplete matching).
``mia_helpers.montecarlo.matched_starters_truth`` records the former in every replication and
``summarise`` reads estimates against both; Appendix A's ``claims.truth_scope_table`` reports
both verdicts. Issue 14's criteria stay with the truth over all starters
(``tests/test_calibration_shipped.py``), as fixed before either was computed.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from generator_world import generator_world

from mia_helpers import claims, codes
from mia_helpers import montecarlo as mc
from mia_helpers import montecarlo_newcomers as mcn
from mia_helpers.matched_truth import truth_over_starts
from mia_helpers.synthetic.truth import activation_truth, first_starts_in_spell

SEED, MEASURE = 4243, "training_basic"
KEYS = ["estimand", "quarter_since_start"]


@pytest.fixture(scope="module")
def world():
    pop, hist, cfg, window = generator_world(SEED)
    rows, cols = first_starts_in_spell(hist, codes.MEASURES.index(MEASURE))
    return pop, hist, cfg, window, rows, cols


def _fake_match(pop, window, rows, cols, keep):
    n = rows.size
    treated = pd.DataFrame({"person_id": pop.person_id[rows], "quarter": cols + window.start,
                            "treated": True})

    class Fake:
        rows = pd.concat([treated, treated.assign(treated=False)], ignore_index=True)
        pairs = pd.DataFrame({"treated": np.repeat(keep, 2), "control": np.repeat(keep, 2) + n})
    return Fake()


def test_everyone_matched_gives_the_generators_truth(world):
    pop, hist, cfg, window, rows, cols = world
    got = mc.matched_starters_truth(_fake_match(pop, window, rows, cols, np.arange(rows.size)),
                                    pop, hist, cfg, SEED, window, MEASURE)
    want = activation_truth(pop, hist, cfg, SEED, window, measures=(MEASURE,),
                            populations=("resident",))
    want = want[want["group"] == "all"].astype({"estimand": str})
    m = got.merge(want, on=KEYS, validate="one_to_one")
    assert len(m) == len(want) > 0
    np.testing.assert_allclose(m["true_att_matched_pp"], m["true_att_pp"], rtol=0, atol=1e-12)


def test_only_the_matched_starters_count_each_once(world):
    """Positional pair indices, repeated for k = 2 twins: each matched starter counted once."""
    pop, hist, cfg, window, rows, cols = world
    keep = np.flatnonzero(np.arange(rows.size) % 4 != 0)
    got = mc.matched_starters_truth(_fake_match(pop, window, rows, cols, keep), pop, hist, cfg,
                                    SEED, window, MEASURE)
    want = truth_over_starts(pop, hist, cfg, SEED, window, MEASURE, rows[keep], cols[keep])
    m = got.merge(want, on=KEYS, validate="one_to_one")
    np.testing.assert_array_equal(m["true_att_matched_pp"], m["true_att_pp"])


def test_nobody_matched_gives_no_rows(world):
    pop, hist, cfg, window, rows, cols = world
    got = mc.matched_starters_truth(_fake_match(pop, window, rows, cols, np.array([], int)),
                                    pop, hist, cfg, SEED, window, MEASURE)
    assert got.empty and list(got.columns) == [*KEYS, "true_att_matched_pp"]


def _rows(errs_all, errs_matched, estimand="now_vs_later", q=5):
    n = len(errs_all)
    return pd.DataFrame({"estimand": estimand, "estimator": "matched", "quarter_since_start": q,
                         "att_pp": 10.0, "ci_low": 0.0, "ci_high": 20.0,
                         "unsupported_share": 0.0,
                         "true_att_pp": 10.0 - np.asarray(errs_all, float),
                         "true_att_matched_pp": 10.0 - np.asarray(errs_matched, float),
                         "seed": np.arange(n)})


def test_summarise_reads_both_truths():
    s = mc.summarise(_rows([1.0, 3.0, 2.0], [0.0, 1.0, -1.0])).iloc[0]
    assert s["bias"] == pytest.approx(2.0)
    assert s["bias_matched"] == pytest.approx(0.0)
    assert s["mc_se_bias_matched"] == pytest.approx(1.0 / np.sqrt(3))
    assert s["mean_truth_matched"] - s["mean_truth"] == pytest.approx(2.0)


def test_summarise_without_a_matched_truth_keeps_its_columns():
    s = mc.summarise(_rows([1.0, 3.0], [0.0, 0.0]).drop(columns="true_att_matched_pp"))
    assert not set(claims.MATCHED_TRUTH_COLS) & set(s.columns)


def test_truth_scope_table_and_sentence_name_the_differing_verdicts():
    # study A: errors 2 +- 1 against all starters (z = 2 / (1 / sqrt 4) = 4: fails),
    # 0 +- 1 against matched (passes); study B: both pass
    a = pd.concat([_rows([1, 3, 1, 3], [-1, 1, -1, 1], q=q) for q in range(4, 9)])
    b = pd.concat([_rows([-1, 1, -1, 1], [-1, 1, -1, 1], q=q) for q in range(4, 9)])
    t = claims.truth_scope_table({"A": a, "B": b})
    r = t.set_index("study")
    assert r.loc["A", "quarters_bias_ok"] == 0 and r.loc["A", "quarters_bias_matched_ok"] == 5
    assert r.loc["B", "quarters_bias_ok"] == 5 == r.loc["B", "quarters_bias_matched_ok"]
    assert r.loc["A", "max_truth_gap"] == pytest.approx(2.0)
    text = claims.truth_scope_verdicts(t)
    assert "at 5 of the 10 study-estimand quarters against the truth over all" in text
    assert "at 10 against the truth over the matched starters" in text
    assert ('the verdicts differ for A "now versus later" (within the bound at 0 of 5 '
            "quarters against the truth over all starters, at 5 against the matched") in text
    assert "B " not in text.split("differ for", 1)[1]


def test_truth_scope_table_refuses_results_without_the_matched_truth():
    with pytest.raises(ValueError, match="'old'.*regenerate"):
        claims.truth_scope_table({"old": _rows([1.0], [1.0]).drop(
            columns="true_att_matched_pp")})


def test_replication_columns_carry_the_matched_truth():
    assert "true_att_matched_pp" in mcn.REPLICATION_COLUMNS
