"""reader31: column labels a policy reader can read, which export-check still maps back to their
codes. Chapter 3 printed "Df resid", which export_check.book_code could not map back, so its
residual-degrees-of-freedom rule (export_check.DOF_NAME) did not see the column; chapter 4 and 5
printed the undefined "CI"; appendix A printed code names ("Mean ci width")."""
from __future__ import annotations

import pandas as pd

from mia_helpers import export_check as ec
from mia_helpers.labels import LABELS, column_label, effect_table

NEW = {"self_reliance": "Self-reliance", "lockin": "Lock-in",
       "duration_quarters": "Duration (quarters)", "gain_quarters": "Gain lasts (quarters)",
       "cum_incidence_group": "Group's cumulative incidence (%)",
       "cum_incidence_reference": "Natives' cumulative incidence (%)",
       "df_resid": "Residual degrees of freedom", "mean_ci_width": "Mean interval width (pp)",
       "n_quarters": "Quarters checked", "max_abs_z": "Largest |bias| in Monte Carlo SE"}


def test_new_labels_are_unique_and_map_back_to_their_codes():
    for code, text in NEW.items():
        assert column_label(code) == text
        assert [c for c, t in LABELS.items() if t == text] == [code], text
        assert ec.book_code(text) == code


def test_the_dof_rule_sees_the_relabelled_column():
    table = pd.DataFrame({"Outcome": ["IBO", "IBO"], "RRR": ["0.60", "0.55"],
                          LABELS["df_resid"]: ["5", "174857"]})
    found = ec._low_dof(ec._coded(table)[0], [], 10)
    assert found, "a row with 5 residual degrees of freedom must be flagged"
    assert ec._low_dof(ec._coded(table.iloc[[1]])[0], [], 10) == []


def test_effect_tables_say_interval_not_ci():
    summary = pd.DataFrame({"measure": ["workplace_learning_ibo"], "quarter_since_start": [5],
                            "matched_pp": [9.3], "ci_low": [7.0], "ci_high": [11.6],
                            "matched_rel_pct": [25.0], "naive_pp": [17.8], "n_treated": [2599]})
    cols = list(effect_table(summary, level=0.95).columns)
    assert "Matched (pp) [95 % interval]" in cols
    assert not any("CI" in c.split() or "CI]" in c for c in cols)
