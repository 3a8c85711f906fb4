"""Newcomers without an arrival quarter or residence ground (user45): both columns may be
empty in ``persons`` (the schema allows it for residents), and chapter 5 counts quarters since
arrival, so it left 20 such newcomers out of every table and estimate without a word (Table 1
summed 980 of 1,000 newcomers). The chapter command now warns before the run with their
count and what to do."""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers.chapters import newcomer_gaps_chapter_warning
from mia_helpers.panel import build_panel
from mia_helpers.synthetic import generate


@pytest.fixture(scope="module")
def folders(tmp_path_factory):
    ok = tmp_path_factory.mktemp("complete")
    generate(ok, seed=46, residents=1200, newcomers=300, truth=False)
    build_panel(ok)
    gaps = tmp_path_factory.mktemp("gaps")
    generate(gaps, seed=46, residents=1200, newcomers=300, truth=False)
    p = pd.read_parquet(gaps / "persons.parquet")
    idx = p.index[p["sample"] == "newcomer"]
    p.loc[idx[:20], "arrival_quarter"] = pd.NA
    p.loc[idx[20:32], "residence_ground"] = None
    p.to_parquet(gaps / "persons.parquet")
    build_panel(gaps)
    return ok, gaps


@pytest.mark.parametrize("chapter", ["newcomer_integration", "conclusions"])
def test_newcomers_without_arrival_or_ground_are_announced(folders, chapter):
    _, gaps = folders
    text = newcomer_gaps_chapter_warning(chapter, [("data_dir", str(gaps))])
    assert text.startswith("warning: parameter 'data_dir'")
    assert "20 of the 300 newcomers" in text and "arrival_quarter" in text
    assert "12 of the 300 newcomers" in text and "residence_ground" in text
    assert str(gaps / "persons.parquet") in text and "what to do" in text


def test_complete_newcomers_and_other_chapters_say_nothing(folders):
    ok, gaps = folders
    assert newcomer_gaps_chapter_warning("newcomer_integration", [("data_dir", str(ok))]) == ""
    assert newcomer_gaps_chapter_warning("school_leaver_entry", [("data_dir", str(gaps))]) == ""
    assert newcomer_gaps_chapter_warning("newcomer_integration", []) == ""


def test_chapter_2_without_school_leavers_is_refused_before_a_kernel(tmp_path):
    """An extract of adults only (no school_leaving_quarter) stopped chapter 2 in a cell after
    30 s with "table 'tbl-leavers-risk' has no rows to publish"."""
    from mia_helpers.chapters import (
        ChapterError,
        check_parameters,
        read_parameters,
        resolve_chapter,
    )

    generate(tmp_path, seed=47, residents=800, newcomers=0, truth=False)
    p = pd.read_parquet(tmp_path / "persons.parquet")
    params = read_parameters(resolve_chapter("school_leaver_entry")[1])
    given = [("data_dir", str(tmp_path))]
    assert check_parameters("school_leaver_entry", params, given)  # leavers: runs
    p["school_leaving_quarter"] = pd.array([pd.NA] * len(p), dtype="Int16")
    p.to_parquet(tmp_path / "persons.parquet")
    with pytest.raises(ChapterError) as err:
        check_parameters("school_leaver_entry", params, given)
    msg = str(err.value)
    assert "school_leaving_quarter" in msg and "2005Q1..2016Q4" in msg
    assert str(tmp_path / "persons.parquet") in msg and "what to do" in msg
