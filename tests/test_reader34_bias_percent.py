"""reader34: chapter 4's bias table shows the share of bias removed in per cent, as the
book's other shares, converted for display (:func:`mia_helpers.labels.fraction_as_percent`);
the computing functions keep the fraction."""
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import labels
from mia_helpers.disclosure import suppress

ROOT = Path(__file__).resolve().parents[1]
TO_PCT = {"share_removed": "share_removed_pct"}


def _bias() -> pd.DataFrame:
    return pd.DataFrame({"measure": ["a", "b", "c"], "naive_abs_bias_pp": [2.0, 4.0, 1.0],
                         "share_removed": [0.41, -0.25, 0.9], "n_treated": [50, 60, 3]})


def test_frame_in_per_cent_and_input_unchanged() -> None:
    bias = _bias()
    shown = labels.fraction_as_percent(bias, TO_PCT)
    assert list(shown.columns) == ["measure", "naive_abs_bias_pp", "share_removed_pct",
                                   "n_treated"]
    np.testing.assert_allclose(shown["share_removed_pct"], [41.0, -25.0, 90.0])
    assert bias["share_removed"].tolist() == [0.41, -0.25, 0.9]
    assert labels.PERCENT_OF_FRACTION == 100
    assert labels.column_label("share_removed_pct") == "Share of bias removed (%)"


def test_protected_keeps_hidden_cells() -> None:
    p = suppress(_bias(), count_cols=["n_treated"], min_cell=10,
                 value_cols={"share_removed": "n_treated", "naive_abs_bias_pp": "n_treated"},
                 name="reader34 bias", record=False)
    shown = labels.fraction_as_percent(p, TO_PCT)
    assert shown.reason["share_removed_pct"].tolist() == p.reason["share_removed"].tolist()
    assert shown.reason["share_removed_pct"].iloc[2] != ""  # on 3 starters: hidden
    assert pd.isna(shown.data["share_removed_pct"].iloc[2])
    md = labels.table_markdown(shown, "Bias.", "tbl-x", decimals={"share_removed_pct": 0}).data
    assert "Share of bias removed (%)" in md
    assert "| 41 |" in md and "| -25 |" in md and "0.41" not in md


def test_errors_name_the_column() -> None:
    with pytest.raises(ValueError, match="share_removed"):
        labels.fraction_as_percent(pd.DataFrame({"measure": ["x"]}), TO_PCT)
    note = pd.DataFrame({"measure": ["(real extract: no truth)"]})
    assert labels.fraction_as_percent(note, TO_PCT, missing_ok=True).equals(note)
    with pytest.raises(ValueError, match="already"):
        labels.fraction_as_percent(_bias().assign(share_removed_pct=1.0), TO_PCT)


def test_chapter_4_shows_the_share_in_per_cent() -> None:
    text = (ROOT / "notebooks" / "04_activation_effects.md").read_text(encoding="utf-8")
    cell = text[text.index('glue("tbl-effects-bias"'):]
    cell = cell[:cell.index("```")]
    assert 'labels.fraction_as_percent(bias, {"share_removed": "share_removed_pct"}' in cell
    assert 'decimals={"share_removed_pct": 0}' in cell and '"share_removed": 2' not in cell
