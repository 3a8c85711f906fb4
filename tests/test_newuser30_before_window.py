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
from mia_helpers.words import counted


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
    assert (f"wse_permits: {counted(early, 'row')} of "
            f"{counted(early.person_id.nunique(), 'person')} "
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
    assert "abb_inburgering: 1 row of 1 person" in text and "wse_permits" not in text


def test_adapt_panel_warns_too(tmp_path, capsys):
    from mia_helpers.adapters.fixture import make_fixture

    mapping, _ = make_fixture(tmp_path / "rehearsal", residents=200, newcomers=300, seed=9494)
    text = mapping.read_text().replace("window: {start: 2005Q1, end: 2016Q4}",
                                       "window: {start: 2010Q1, end: 2016Q4}")
    assert "2010Q1" in text
    mapping.write_text(text)
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(tmp_path / "x"),
                     "--panel"]) == 0
    out = capsys.readouterr().out
    wse = pd.read_parquet(tmp_path / "x" / "wse_permits.parquet")
    early = wse[wse.quarter < to_index("2010Q1")]
    assert len(early) > 0
    assert "warning: rows before the window start 2010Q1 are left out of the panel" in out
    assert (f"wse_permits: {counted(early, 'row')} of "
            f"{counted(early.person_id.nunique(), 'person')}") in out
