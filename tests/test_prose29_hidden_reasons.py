"""Where chapters 2 and 3 say why a cell is not published, they name every rule that can
hide it, not the small-cell rule alone (prose29: chapter 2's risk-set shares "(too few
persons)" are also hidden as counts that would give a hidden one away by difference;
chapter 3's RRR and gap cells "(small cells are suppressed)" also where, set against the
composition table, the RRR table or chapter 1's persons, they would give a hidden cell away,
and its gap figure read "every gap rests on fewer than min_cell persons" whatever hid them)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from mia_helpers import claims, subgroups

NOTEBOOKS = Path(__file__).resolve().parents[1] / "notebooks"


def test_risk_share_sentence_names_the_difference_rule():
    s = claims.risk_share_sentence(np.nan, np.nan, 0, 0, 0, 0)
    assert "(too few persons)" not in s, s
    assert "too few persons with or without a job" in s and "by difference" in s, s


def test_duration_sentence_names_entries_and_non_entries():
    periods = pd.DataFrame({"person_id": range(6), "u": [1, 2, 3, 9, 10, 11],
                            "event": [1, 0, 0, 0, 1, 0]})
    s = claims.duration_dependence_sentence(periods, min_cell=10)
    assert "(too few persons)" not in s, s
    assert "with an entry, or without one" in s, s


def test_inflow_sentences_name_the_linked_table_rule():
    gaps = pd.DataFrame({"raw": [np.nan], "adj": [np.nan]})
    s = claims.gap_range_sentence(gaps, "first")
    assert "small cells are suppressed" not in s
    assert claims.INFLOW_HIDDEN_WHY in s, s
    assert claims.INFLOW_HIDDEN_WHY in claims.rrr_width_clause(0)
    assert "too few for any interval" not in claims.rrr_width_clause(0)
    rrr = pd.DataFrame({"outcome": ["workplace_learning_ibo"], "origin_generation":
                        ["maghreb:first"], "exp_estimate": [np.nan], "exp_ci_low": [np.nan],
                        "exp_ci_high": [np.nan]})
    s = claims.rrr_interval_sentence(rrr)
    assert "small cells are suppressed" not in s and claims.INFLOW_HIDDEN_WHY in s, s


def test_gap_figure_note_is_not_the_small_cell_rule_alone():
    text = (NOTEBOOKS / "03_activation_inflow.md").read_text()
    assert "every gap rests on fewer than" not in text
    assert "empty_note=claims.INFLOW_GAPS_EMPTY" in text
    assert "would give one away" in claims.INFLOW_GAPS_EMPTY


def test_truth_coverage_names_cells_without_an_interval():
    table = pd.DataFrame({"sex": ["female"], "event": ["job"], "group": ["maghreb:first"],
                          "n_persons": [500], "n_events": [200], "df_resid": [400],
                          "ci_low": [np.nan], "ci_high": [np.nan], "truth": [-0.3]})
    for c in subgroups.COVERAGE_COLUMNS:
        if c not in table:
            table[c] = 100
    s = subgroups.truth_coverage_sentence(table, 0.95, min_cell=10)
    assert "no finite interval" in s, s
