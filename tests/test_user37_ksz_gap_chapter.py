"""user37: an extract with no KSZ row at all in one quarter (2012Q2) gave the panel hundreds of
spurious job and stable-job starts in the quarter after it (372 against about 55 in the other
quarters), which chapters 1 and 2 published as entries into stable work. ``adapt`` warned once;
``chapter`` said nothing before its run. It now prints the same warning, which names the quarter
after each gap."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from mia_helpers import cli
from mia_helpers.chapters import ChapterFailed, ksz_gap_chapter_warning
from mia_helpers.data import ksz_gap_warning
from mia_helpers.quarters import Window, to_index


def test_warning_names_the_quarter_after_each_gap():
    present = [q for q in range(to_index("2010Q1"), to_index("2013Q4") + 1)
               if q not in {to_index("2011Q2"), to_index("2012Q2"), to_index("2012Q3")}]
    text = ksz_gap_warning(pd.Series(present), Window(0, 59))
    assert "2011Q2, 2012Q2..2012Q3;" in text, text
    assert "stable-job start, in the quarter after it (2011Q3, 2012Q4)" in text, text


def test_chapter_warns_before_running_on_a_folder_with_a_ksz_gap(tmp_path, capsys, monkeypatch):
    data = tmp_path / "syn"
    assert cli.main(["synth", "--seed", "3737", "--residents", "300", "--newcomers", "50",
                     "--out", str(data), "--no-truth"]) == 0
    ksz_file = data / "ksz_positions.parquet"
    ksz = pd.read_parquet(ksz_file)
    ksz[ksz.quarter != to_index("2009Q2")].to_parquet(ksz_file, index=False)
    given = [("data_dir", str(data))]
    text = ksz_gap_chapter_warning("school_leaver_entry", given)
    assert "no row at all in 1 quarter inside" in text and "2009Q2;" in text, text
    assert "(2009Q3)" in text, text
    # outside the chapter's window the gap is none of its business
    assert ksz_gap_chapter_warning("school_leaver_entry", given + [
        ("window_start", "2010Q1"), ("max_u_plot", "20")]) == ""
    assert ksz_gap_chapter_warning("school_leaver_entry", []) == ""

    def stub(*args, **kwargs):  # the warning is printed before the kernel starts
        raise ChapterFailed("stub", Path(tmp_path / "nb.ipynb"), None)

    monkeypatch.setattr("mia_helpers.cli.chapter.run_chapter", stub)
    capsys.readouterr()
    assert cli.main(["chapter", "2", "-p", "data_dir", str(data)]) == 1
    assert "warning: the KSZ register" in capsys.readouterr().err


def test_a_failed_cell_on_a_folder_above_the_floor_is_not_blamed_on_its_size(tmp_path):
    """user37: chapter 4 failed on a package error (an AttributeError) on a folder of 1,500
    residents, and the message said the folder might be too small and to use a larger
    extract. Above the floor it now says that size is not the likely cause."""
    from mia_helpers import chapters

    data = tmp_path / "syn"
    least = chapters.MATCHING_FLOOR["activation_effects"]["residents"]
    assert cli.main(["synth", "--seed", "3738", "--residents", str(least), "--newcomers", "20",
                     "--out", str(data), "--no-truth"]) == 0
    text = chapters._data_dir_context("activation_effects", str(data))
    assert f"at least the {least:,} residents" in text, text
    assert "size is not the likely cause" in text and "larger extract" not in text, text


def test_chapter_warns_when_its_window_reaches_beyond_the_ksz_quarters(tmp_path):
    """user37: an extract adapted over 2008Q1..2021Q4 with KSZ quarters ending in 2019Q4 ran
    chapter 2 over the whole window unannounced (more person-quarters at risk, other hazard
    ratios than within the KSZ quarters)."""
    data = tmp_path / "syn"
    assert cli.main(["synth", "--seed", "3739", "--residents", "300", "--newcomers", "50",
                     "--out", str(data), "--no-truth"]) == 0
    ksz_file = data / "ksz_positions.parquet"
    ksz = pd.read_parquet(ksz_file)
    ksz[ksz.quarter <= to_index("2014Q4")].to_parquet(ksz_file, index=False)
    text = ksz_gap_chapter_warning("school_leaver_entry", [("data_dir", str(data))])
    assert "reaches beyond the KSZ register's quarters" in text, text
    assert "2005Q1..2014Q4): 2015Q1..2016Q4 hold no KSZ row" in text, text
    assert "-p window_start 2005Q1 -p window_end 2014Q4" in text, text
    assert ksz_gap_chapter_warning("school_leaver_entry", [
        ("data_dir", str(data)), ("window_end", "2014Q4")]) == ""


def test_panel_warns_when_its_window_reaches_beyond_the_ksz_quarters(tmp_path, capsys):
    data = tmp_path / "syn"
    assert cli.main(["synth", "--seed", "3740", "--residents", "200", "--newcomers", "20",
                     "--out", str(data), "--no-truth"]) == 0
    ksz_file = data / "ksz_positions.parquet"
    ksz = pd.read_parquet(ksz_file)
    ksz[ksz.quarter >= to_index("2006Q1")].to_parquet(ksz_file, index=False)
    capsys.readouterr()
    assert cli.main(["panel", "--data", str(data), "--out", str(tmp_path / "p" / "panel.parquet")]
                    ) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "warning: the panel's window 2005Q1..2016Q4 reaches beyond" in out, out
    assert "2005Q1..2005Q4 hold no KSZ row" in out and "--window-start 2006Q1" in out, out
