"""tidy48: Appendix C printed its effects tables unrounded (``att_pp`` -5.2778 beside prose
reading -5.3); :func:`mia_helpers.heart.effects_display` rounds the shown table only, keeping
the column names the appendix's prose reads. Hand-made rows (exact strings, no tolerance)."""
from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import heart

ROOT = Path(__file__).resolve().parents[1]


def _rows() -> pd.DataFrame:
    return pd.DataFrame({
        "estimand": ["now_vs_later", "now_vs_never", "now_vs_never"], "horizon": [1, 6, 12],
        "att_pp": [-5.2778, "–", "x"], "ci_low": [-12.34567, -40.0, "x"],
        "ci_high": [1.98765, 3.04999, "x"], "n_treated": [62, 60, "<20"],
        "point_identified": [True, False, True]})


def test_effects_display_rounds_only_the_shown_table():
    rows = _rows()
    before = rows.copy()
    shown = heart.effects_display(rows)
    assert list(shown.columns) == list(rows.columns)  # the names the prose reads
    assert shown["att_pp"].tolist() == ["-5.3", "–", "x"]
    assert shown["ci_low"].tolist() == ["-12.3", "-40.0", "x"]
    assert shown["ci_high"].tolist() == ["2.0", "3.0", "x"]
    assert shown["n_treated"].tolist() == [62, 60, "<20"]
    assert shown["point_identified"].tolist() == [True, False, True]  # the prose reads False
    assert shown["estimand"].tolist() == ["now_vs_later", "now_vs_never", "now_vs_never"]
    pd.testing.assert_frame_equal(rows, before)  # the data keep every decimal


def test_effects_display_names_missing_columns():
    with pytest.raises(ValueError, match="ci_high"):
        heart.effects_display(_rows().drop(columns="ci_high"))


def test_appendix_c_prints_its_effects_tables_through_the_display():
    """Every code cell of Appendix C that ends in an effects table (``att_pp`` selected or
    :func:`heart.shown_effects`) shows it through :func:`heart.effects_display`."""
    text = (ROOT / "notebooks" / "C_heart_transplant.md").read_text(encoding="utf-8")
    cells = re.findall(r"```\{code-cell\}[^\n]*\n(.*?)```", text, flags=re.S)
    shown = [c for c in cells if "shown_effects(" in c or '"att_pp", "ci_low"' in c]
    assert len(shown) == 2
    for cell in shown:
        assert "heart.effects_display(" in cell, cell
