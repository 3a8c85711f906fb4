"""rev45: findings of the review of session 42's change (2445f0f..fd24149)."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.export_check import check_table


def test_horizon_rule_reads_the_horizon_column_beside_a_horizon_index():
    """The horizon rule took the horizon column's position in the frame with the index levels
    put before it: beside an index named as a horizon ("Quarter", calendar) it read the text
    column ``cohort`` as the horizon, found no numbers, and a risk set falling 60 to 59 passed
    (``curve_steps`` had the position right; both now share ``_horizon_frame``)."""
    t = pd.DataFrame({"Quarter": [20151, 20152, 20153, 20154], "cohort": ["a"] * 4,
                      "u": [1, 2, 3, 4], "n_at_risk": [60, 59, 40, 30]}).set_index("Quarter")
    found = check_table(t, 10)
    assert [r for r, _ in found] == ["horizon_difference"], found
    assert "'n_at_risk' changes by fewer than 10 persons between successive 'u' (row 20152)" \
        in found[0][1]


def test_origin_claims_do_not_deny_a_direct_link_measure_that_was_run():
    """With IBO run but no group estimate of it published, chapter 4 said "None of the
    measures run has a direct link to employers (IBO, ...: add one to the parameter
    measures)" (cell45 kept that wording for the case); the note and figure said so too."""
    from mia_helpers import claims
    from mia_helpers.origin_effects import GROUP_COLUMNS

    empty = pd.DataFrame(columns=[*GROUP_COLUMNS, "true_att_pp"])
    c = claims.origin_claims(empty, ["workplace_learning_ibo"], measures=[
        "workplace_learning_ibo", "training_basic"])
    assert c["eff_origin_scope"] == ("No effect of IBO by origin group is published in this "
                                     "run, so the table and the figure below are empty.")
    assert not any("direct link" in str(v) or "direct-link" in str(v) for v in c.values()), c
    assert claims.origin_empty_reason([], ["training_basic"]) == claims.no_direct_link(
        ["training_basic"])


@pytest.mark.parametrize("bad", [0, 1.5, True, "10", None])
def test_a_bound_that_is_no_count_is_refused_naming_the_function(bad):
    """min_cell_rule's refusal named min_cell_count and "the bound before 'person'", a noun
    the caller never gave; a text "10" raised a TypeError from a comparison."""
    from mia_helpers import labels

    with pytest.raises(ValueError, match=r"^labels\.min_cell_rule: min_cell must be a whole "
                       r"number >= 1, got .*; pass the disclosure threshold"):
        labels.min_cell_rule(bad, " a rule.")
    with pytest.raises(ValueError, match=r"^labels\.min_cell_count \(the bound before 'row'\)"):
        labels.fewer_than(bad, "row")
