"""The truth over a subset of starters (mia_helpers.matched_truth)."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from generator_world import generator_world

from mia_helpers import codes
from mia_helpers.matched_truth import match_scope_truth, starts_of, truth_over_starts
from mia_helpers.synthetic.truth import activation_truth, first_starts_in_spell

SEED, MEASURE = 4242, "workplace_learning_ibo"
KEYS = ["estimand", "quarter_since_start"]


@pytest.fixture(scope="module")
def world():
    return generator_world(SEED)


def test_all_starts_reproduce_the_generators_truth(world):
    pop, hist, cfg, window = world
    rows, cols = first_starts_in_spell(hist, codes.MEASURES.index(MEASURE))
    got = truth_over_starts(pop, hist, cfg, SEED, window, MEASURE, rows, cols)
    want = activation_truth(pop, hist, cfg, SEED, window, measures=(MEASURE,),
                            populations=("resident",))
    want = want[want["group"] == "all"].astype({"estimand": str})
    m = got.merge(want, on=KEYS, suffixes=("", "_g"), validate="one_to_one")
    assert len(m) == len(want) > 0
    # the same re-simulation of the same starts: equal to the last bit
    np.testing.assert_array_equal(m["true_att_pp"], m["true_att_pp_g"])
    np.testing.assert_array_equal(m["n_treated"], m["n_treated_g"])


def test_a_start_does_not_depend_on_the_others(world):
    """Common random numbers keyed by person: the truth over a union of two disjoint sets of
    starts is the observed-count-weighted mean of the two sets' outcomes."""
    pop, hist, cfg, window = world
    rows, cols = first_starts_in_spell(hist, codes.MEASURES.index(MEASURE))
    assert rows.size >= 20
    half = np.arange(rows.size) % 2 == 0
    parts = [truth_over_starts(pop, hist, cfg, SEED, window, MEASURE, rows[s], cols[s])
             for s in (half, ~half, np.ones(rows.size, bool))]
    a, b, whole = (p.set_index(KEYS) for p in parts)
    for col in ("treated_outcome", "counterfactual_outcome"):
        mixed = (a[col] * a["n_treated"] + b[col] * b["n_treated"]) / whole["n_treated"]
        np.testing.assert_allclose(mixed, whole[col], rtol=0, atol=1e-12)


def test_match_scope_truth_on_a_fake_match(world):
    pop, hist, cfg, window = world
    rows, cols = first_starts_in_spell(hist, codes.MEASURES.index(MEASURE))
    n = rows.size
    treated_rows = pd.DataFrame({"person_id": pop.person_id[rows],
                                 "quarter": cols + window.start, "treated": True})
    frame = pd.concat([treated_rows, treated_rows.assign(treated=False)], ignore_index=True)
    keep = np.arange(n)[np.arange(n) % 3 != 0]  # a third of the starters without a twin

    class Fake:
        spec = type("S", (), {"treatment": MEASURE})()
        rows = frame
        pairs = pd.DataFrame({"treated": keep, "control": keep + n})

    out = match_scope_truth(Fake(), pop, hist, cfg, SEED, window, quarters=range(4, 9))
    assert set(out["quarter_since_start"]) == set(range(4, 9))
    assert (out["n_starters"] == n).all() and (out["n_matched"] == keep.size).all()
    np.testing.assert_allclose(out["dropped_share"], 1 - keep.size / n)
    sub = truth_over_starts(pop, hist, cfg, SEED, window, MEASURE, rows[keep], cols[keep])
    m = out.merge(sub, on=KEYS)
    np.testing.assert_array_equal(m["truth_matched"], m["true_att_pp"])
    np.testing.assert_allclose(m["difference"], m["truth_matched"] - m["truth_all"])


def test_errors_name_the_problem(world):
    pop, hist, cfg, window = world
    with pytest.raises(KeyError, match="person_id"):
        starts_of(pop, np.array([-7]), np.array([3]), window)
    with pytest.raises(ValueError, match="unknown treatment"):
        truth_over_starts(pop, hist, cfg, SEED, window, "nope", np.array([0]), np.array([1]))
    with pytest.raises(ValueError, match="no starts"):
        truth_over_starts(pop, hist, cfg, SEED, window, MEASURE, np.array([], int),
                          np.array([], int))


def _support(pcts):
    return pd.DataFrame({"measure": ["workplace_learning_ibo", "training_basic"][:len(pcts)],
                         "dropped_pct": pcts})


def test_bias_caption_names_the_truth_of_all_starters_and_the_dropped_shares():
    from mia_helpers import claims

    note = claims.bias_truth_note(_support([2.6, 8.3]))
    assert "averaged over all of a measure's starters" in note
    assert "(2.6-8.3 per cent of a measure's starters dropped" in note
    assert "(8.3 per cent of" in claims.bias_truth_note(_support([2.6, 8.3]), ["training_basic"])
    hidden = claims.bias_truth_note(_support([np.nan, 8.3]))
    assert "(8.3 per cent of" in hidden and "hidden shares not read" in hidden
    assert "hidden by disclosure control" in claims.bias_truth_note(_support([np.nan]))
    assert "every published starter" in claims.bias_truth_note(_support([0.0, 0.0]))
    assert claims.bias_truth_note(_support([2.6]), synthetic=False) == ""
    with pytest.raises(ValueError, match="dropped_pct"):
        claims.bias_truth_note(pd.DataFrame({"measure": ["x"]}))


def test_chapter_4_glues_the_note_into_the_bias_caption():
    from pathlib import Path

    text = (Path(__file__).resolve().parents[1] / "notebooks"
            / "04_activation_effects.md").read_text()
    cell = text.split('glue("tbl-effects-bias"', 1)[1].split("```", 1)[0]
    assert "claims.bias_truth_note(support, synthetic=truth is not None)" in cell
