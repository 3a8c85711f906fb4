"""Chapter 4's origin table and figure treat a measure out of truth scope (matching dropped
``claims.TRUTH_SCOPE_DROPPED_PCT`` % or more of its starters) as the rest of the chapter
does: its group truth is not drawn beside its estimates, and the table's caption says that
the truth it prints is not that of the estimate (prose29: at caliper 0.03 on seed 6161,
4,000 residents, min_cell 12, IBO's Belgian estimate 8.3 printed beside "Truth (pp)" 11.2
and a dashed truth line, with 40.6 % of IBO's starters dropped and no word)."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims

IBO, VOC, OTHER = "workplace_learning_ibo", "training_vocational", "workplace_learning_other"
NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "04_activation_effects.md"


def _rows() -> pd.DataFrame:
    """Published group estimates (as origin_published gives them) of three measures at two
    horizons, with the group truth; other workplace learning's truth is hidden ("x" in the
    table, missing here)."""
    rows = []
    for m, truth in ((IBO, 11.2), (VOC, 2.8), (OTHER, np.nan)):
        for q in (4, 5):
            rows.append(dict(measure=m, group="belgian", quarter_since_start=q, att_pp=8.3,
                             ci_low=0.9, ci_high=15.7, true_att_pp=truth, n_treated=200))
    return pd.DataFrame(rows)


def test_figure_draws_no_truth_out_of_scope():
    scope = {IBO: 40.6, OTHER: 46.4}
    drawn, words = claims.origin_figure_truth(_rows(), scope)
    truth = drawn.set_index("measure")["true_att_pp"]
    assert truth.loc[IBO].isna().all() and truth.loc[VOC].notna().all()
    assert words == ("; dashed: the generator's truth for the group (not drawn for IBO: "
                     "matching dropped 40.6 per cent of IBO's starters, so the truth over all of a "
                     "group's starters is not the truth of the matched estimate)"), words
    # every truth out of scope: none drawn, said so; in scope: the dashed truth alone
    _, words = claims.origin_figure_truth(_rows(), {IBO: 40.6, VOC: 44.5})
    assert words.startswith("; the generator's truth is not drawn for IBO and Vocational "
                            "training: matching dropped 40.6 per cent of IBO's starters and 44.5 per cent of "
                            "Vocational training's"), words
    assert claims.origin_figure_truth(_rows(), {})[1] == (
        "; dashed: the generator's truth for the group")
    # a real extract: no truth, no words
    real = _rows().assign(true_att_pp=np.nan)
    assert claims.origin_figure_truth(real, {IBO: 40.6})[1] == ""


def test_table_caption_marks_the_truth_out_of_scope():
    table = _rows().astype({"true_att_pp": object})
    table.loc[table["measure"] == OTHER, "true_att_pp"] = "x"  # hidden: not named
    note = claims.origin_truth_note(table, {IBO: 40.6, OTHER: 46.4})
    assert note.startswith(" Matching dropped 40.6 per cent of IBO's starters (common-support "
                           "table): the group truth printed for that measure"), note
    assert "not the truth of the estimate beside it" in note and "Other" not in note
    assert claims.origin_truth_note(table, {}) == ""
    assert claims.origin_truth_note(table.drop(columns="true_att_pp"), {IBO: 40.6}) == ""


@pytest.mark.parametrize("glue_name", ["eff_origin_truth_lines"])
def test_notebook_caption_reads_the_computed_truth_words(glue_name):
    text = NOTEBOOK.read_text()
    caption = text[text.index(":name: fig-effects-origin"):]
    caption = caption[:caption.index("```")]
    assert f"{{glue:text}}`{glue_name}`" in caption
    assert "dashed: the generator's truth" not in caption  # no static truth words
    assert re.search(r"claims\.origin_truth_note\(otab, scope\)", text)
    assert re.search(r"claims\.origin_figure_truth\(oc, scope\)", text)


def test_origin_summary_points_to_no_comparison_where_none_is_made():
    rows = _rows().assign(group="belgian", n_treated=5)  # every estimate on few starters
    c = claims.origin_claims(rows, [IBO, VOC, OTHER], min_cell=10)
    assert c["origin_points"] == 0
    assert "the comparison with the generator's per-group truth is in the section" not in (
        c["eff_origin_summary"]), c["eff_origin_summary"]
