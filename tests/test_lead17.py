"""Seventeenth session, small mends: the `panel` command prints every exclusion rule with rows
(as `adapt --panel` does, one function), and the warnings sentence names itself when given a
wrong support frame."""

from __future__ import annotations

import shutil

import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers.cli import main


def test_panel_command_prints_every_exclusion_rule_with_rows(tmp_path, small_data, capsys):
    data = tmp_path / "data"
    shutil.copytree(small_data, data, ignore=shutil.ignore_patterns("panel*", "truth"))
    ksz = pd.read_parquet(data / "ksz_positions.parquet")
    late = ksz.iloc[:3].copy()
    late["quarter"] = late["quarter"] + 60  # 15 years on: outside the window
    pd.concat([ksz, late], ignore_index=True).to_parquet(data / "ksz_positions.parquet",
                                                          index=False)
    assert main(["panel", "--data", str(data)]) == 0
    printed = capsys.readouterr().out
    log = pd.read_csv(data / "exclusion_log.csv")
    dropped = log[~log.rule.str.contains("kept") & (log.rows > 0)]
    total = int(dropped["rows"].sum())
    assert f"{total} register rows excluded from the panel" in printed, printed
    for r in log[log.rows > 0].itertuples():
        assert f"  {r.table}: {r.rule} {r.rows}" in printed, (r, printed)
    row = log[(log.table == "ksz_positions") & (log.rule == "outside_window")].iloc[0]
    assert row["rows"] >= 3


def test_support_warnings_sentence_names_itself_and_the_population():
    bad = pd.DataFrame({"measure": ["x"]})
    with pytest.raises(ValueError, match=r"support_warnings_sentence \(population 'women'\)"):
        claims.support_warnings_sentence({"women": bad}, "the cell", "eff.support()")
    with pytest.raises(ValueError, match="^support_warnings_sentence: "):
        claims.unidentified_logits_sentence(bad)


def test_no_chapter_shows_a_figure_without_a_caption():
    """Chapter 3's intake figure and Appendix C's curves were drawn with ``plt.show()``: no
    number, no caption, and the HTML's alternative text read "No description has been
    provided" (trial17). Every figure is glued and placed by a captioned ``glue:figure``."""
    import re
    from pathlib import Path

    for src in sorted(Path(__file__).resolve().parents[1].glob("notebooks/*.md")):
        text = src.read_text()
        assert "plt.show()" not in text, src.name
        for name in re.findall(r'glue\("(fig-[^"]+)", ', text):
            block = re.search(r"```\{glue:figure\} " + re.escape(name) + r"\n:name: "
                              + re.escape(name) + r"\n\n\S", text)
            assert block, (src.name, name)


def test_chapter3_sets_the_gap_table_against_the_published_rrr_rows_only():
    """dpo17: the gap table's persons were compared with the RRR table's counts of every
    outcome, though the book publishes only the direct-link measures' (basic training's RRR
    counts are not shown): its basic-training persons were hidden for a difference no reader
    could form (Eastern EU first generation at 2,000 residents, min_cell 20). The chapter
    passes the published rows, those of ``tbl-inflow-rrr``."""
    from mia_helpers import chapters

    _, source = chapters.resolve_chapter("03")
    text = source.read_text()
    assert 'tab = rrr.render()[rrr.data["outcome"].isin(direct)]' in text  # the published rows
    assert 'rrr.data[rrr.data["outcome"].isin(direct)], min_cell)' in text
