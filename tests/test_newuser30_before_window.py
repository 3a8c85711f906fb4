"""Work permits and inburgering steps before the window start (newuser30).

A panel built over a window starting after the extract's first quarter leaves permits granted
before it out as ``outside_window``; the panel then reads those non-EU newcomers as without
labour-market access (and ABB registrations as absent) in the window, while the command said
only "wse_permits: outside_window N". ``panel`` (and ``adapt --panel``) now warn, naming the
registers, rows, persons and the panel columns concerned.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers import cli
from mia_helpers.data import before_window_warning
from mia_helpers.quarters import Window, to_index


def test_panel_warns_that_permits_before_the_window_are_lost(tmp_path, capsys):
    data = tmp_path / "syn"
    assert cli.main(["synth", "--seed", "9494", "--residents", "300", "--newcomers", "300",
                     "--out", str(data), "--no-truth"]) == 0
    capsys.readouterr()
    assert cli.main(["panel", "--data", str(data), "--out", str(tmp_path / "p" / "panel.parquet"),
                     "--window-start", "2010Q1"]) == 0
    out = capsys.readouterr().out
    start = to_index("2010Q1")
    wse = pd.read_parquet(data / "wse_permits.parquet")
    early = wse[wse.quarter < start]
    assert len(early) > 0  # the constructed case: permits before 2010Q1 exist
    assert (f"wse_permits: {len(early)} row(s) of {early.person_id.nunique()} person(s) "
            "(labour_market_access: read as without a work permit") in out
    # what the warning says is what the panel does: no access at the window start
    panel = pd.read_parquet(tmp_path / "p" / "panel.parquet")
    only_early = set(early.person_id) - set(wse[wse.quarter <= start].person_id[
        wse.quarter >= start])  # no permit at the window start itself
    first = panel[panel.person_id.isin(only_early) & (panel.quarter == start)]
    assert len(first) and not first.labour_market_access.astype(bool).any()


def test_no_warning_when_nothing_lies_before_the_window():
    regs = {"wse_permits": pd.DataFrame({"person_id": [1], "quarter": [4]}),
            "abb_inburgering": pd.DataFrame({"person_id": [1, 1], "quarter": [3, 5]})}
    assert before_window_warning(regs, Window(0, 47)) == ""
    text = before_window_warning(regs, Window(4, 47))
    assert "abb_inburgering: 1 row(s) of 1 person(s)" in text and "wse_permits" not in text
