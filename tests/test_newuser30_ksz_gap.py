"""Whole quarters without any KSZ row inside the window (newuser30).

An analyst whose KSZ register came as yearly files left one year out of the mapping's
``file:`` list: ``adapt --panel`` and ``panel`` built a panel with no row for anybody in
those quarters and printed only the generic unplaced-rows warning, which names neither the
quarters nor the likely cause. Now both print a warning naming the empty quarters.
"""

from __future__ import annotations

import pandas as pd
import yaml
from test_analyst19_adapt import _delivery

from mia_helpers import cli


def test_adapt_and_panel_name_quarters_without_any_ksz_row(tmp_path, capsys):
    # KSZ rows in 2008Q1, 2008Q2 and 2008Q4: 2008Q3 holds none (its file not delivered)
    m = _delivery(tmp_path, ksz_quarters=("20081", "20082", "20084"))
    (tmp_path / "mapping.yaml").write_text(yaml.safe_dump(m, allow_unicode=True))
    out_dir = tmp_path / "extract"
    assert cli.main(["adapt", "--mapping", str(tmp_path / "mapping.yaml"),
                     "--out", str(out_dir), "--panel"]) == 0
    out = capsys.readouterr().out
    assert "warning: the KSZ register (ksz.csv) has no row at all in 1 quarter inside the " \
           "window, between its first and last quarter: 2008Q3" in out
    assert "missing from the mapping's `file:` list" in out
    assert cli.main(["panel", "--data", str(out_dir), "--window-start", "2008Q1",
                     "--window-end", "2008Q4"]) == 0
    assert "has no row at all in 1 quarter inside" in capsys.readouterr().out


def test_no_warning_without_a_gap_and_runs_are_named():
    from mia_helpers.cli.adapt import ksz_gap_warning
    from mia_helpers.quarters import Window

    w = Window(0, 47)
    assert ksz_gap_warning(pd.Series([0, 1, 2, 47]), Window(0, 2)) == ""  # 47 is outside
    text = ksz_gap_warning(pd.Series([0, 1, 6, 8, 60]), w)  # 2..5 and 7 empty, 60 outside
    assert "5 quarters" in text and "2005Q3..2006Q2, 2006Q4;" in text
