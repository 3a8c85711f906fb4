"""words31: chapter 3 read "the explained share ... is missing for raw gaps near zero and
erratic just above" on any seed. The sentence now counts the cells whose share is left out
and gives, from the published gaps, how far one printed digit of the adjusted gap moves the
share at the smallest and the largest raw gap."""
import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims


def _gaps(raw, adj) -> pd.DataFrame:
    raw, adj = np.asarray(raw, float), np.asarray(adj, float)
    share = np.where(np.abs(raw) >= claims.SHARE_RAW_MIN_PP, 100 * (1 - adj / raw), np.nan)
    return pd.DataFrame({"origin_generation": ["moroccan:first"] * len(raw),
                         "outcome": ["workplace_learning_ibo"] * len(raw),
                         "raw_gap": raw, "adjusted_gap": adj,
                         "share_explained_pct": share})


def test_no_near_zero_gap_says_none_left_out() -> None:
    # every raw gap far from zero: the old text's "missing for raw gaps near zero" is false
    s = claims.explained_share_sentence(_gaps([-8.0, -5.0], [-4.0, -2.0]))
    assert "(no cell of the table)" in s, s
    assert "erratic" not in s, s
    # one digit, 0.01 pp, over raw gaps of 5 and 8 pp: 100 * 0.01 / 5 = 0.2 and 0.125 pp
    assert "moves it by 0.2 percentage points at the smallest raw gap with a share, 5.00 percentage points" in s, s
    assert "against 0.12 percentage points at the largest, 8.00 percentage points" in s, s


def test_near_zero_gap_counted_and_move_computed() -> None:
    s = claims.explained_share_sentence(_gaps([0.05, 0.2, -6.0], [0.3, 0.1, -3.0]))
    assert "(1 of the table's 3 published cells)" in s, s
    assert "moves it by 5 percentage points at the smallest raw gap with a share, 0.20 percentage points" in s, s


def test_no_share_published() -> None:
    s = claims.explained_share_sentence(_gaps([0.05], [0.3]))
    assert s.endswith("and no published cell has one"), s


def test_missing_column_named() -> None:
    with pytest.raises(ValueError, match="share_explained_pct"):
        claims.explained_share_sentence(_gaps([1.0], [0.5]).drop(columns="share_explained_pct"))
