"""user31: an extract where a few persons have no KSZ quarter in the window.

The panel build drops them (``no_ksz_quarter_in_window``, fewer than ``min_cell``). Chapter 1's
sample table counted every person of the register, the stable-definition table the panel's
persons, so their difference gave the few back: the checking record marked the exclusion log
``fail`` and chapter 1 could never leave. Now the sample table counts the persons of the panel
(``describe.analysis_persons``), and the persons register's delivered rows (and persons) are
hidden in the registers table and the log's ``of_rows``, with a caption note; the run passes
export-check and the delivered total appears nowhere in it.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import describe
from mia_helpers.disclosure import checking_record, reset_record
from mia_helpers.export_check import scan

MIN_CELL = 10
DROPPED = 3  # persons whose KSZ rows are removed (fewer than MIN_CELL)


def _run(args: list[str], env: dict) -> str:
    done = subprocess.run([sys.executable, "-m", "mia_helpers", *args], env=env,
                          capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stderr[-3000:]
    return done.stdout + done.stderr


@pytest.fixture(scope="module")
def extract(tmp_path_factory):
    """Seed 9494 (2,500 residents, 900 newcomers) with the KSZ rows of three persons removed,
    its panel built."""
    tmp = tmp_path_factory.mktemp("user31")
    env = dict(os.environ, MIA_DATA_ROOT=str(tmp / "cache"), OPENBLAS_NUM_THREADS="1",
               OMP_NUM_THREADS="1")
    data = tmp / "data"
    _run(["synth", "--seed", "9494", "--residents", "2500", "--newcomers", "900", "--no-truth",
          "--out", str(data)], env)
    ksz = pd.read_parquet(data / "ksz_positions.parquet")
    persons = pd.read_parquet(data / "persons.parquet")
    gone = persons["person_id"].iloc[[3, 50, 700]]
    ksz[~ksz["person_id"].isin(gone)].reset_index(drop=True).to_parquet(
        data / "ksz_positions.parquet", index=False)
    printed = _run(["panel", "--data", str(data)], env)
    assert f"persons: no_ksz_quarter_in_window {DROPPED} of {len(persons)}" in printed, printed
    return data, env, len(persons)


def test_the_sample_is_the_panel_and_nothing_fails(extract):
    data, _, delivered = extract
    sample = describe.analysis_persons(data)
    assert len(sample) == delivered - DROPPED
    reset_record()
    log = describe.exclusion_log(data, min_cell=MIN_CELL)
    overview = describe.register_overview(data, min_cell=MIN_CELL)
    rec = checking_record()
    assert not rec["status"].astype(str).str.startswith("fail").any(), rec
    row = overview.data["register"].eq("persons")
    assert overview.data.loc[row, ["rows", "persons"]].isna().all(axis=None)
    assert log.data.loc[log.data["table"].eq("persons"), "of_rows"].isna().all()
    note = describe.few_dropped_note(data, MIN_CELL)
    assert "persons register's rows and persons are hidden" in note, note
    # KSZ's persons are the panel's here (the three have no KSZ row at all): shown
    ksz = overview.data["register"].eq("ksz_positions")
    assert overview.data.loc[ksz, "persons"].eq(delivered - DROPPED).all()


def test_analysis_persons_without_a_panel_names_the_command(tmp_path):
    pd.DataFrame({"person_id": [1, 2]}).to_parquet(tmp_path / "persons.parquet")
    with pytest.raises(FileNotFoundError, match=r"panel\.parquet.*mia_helpers panel --data"):
        describe.analysis_persons(tmp_path)


@pytest.mark.notebook
def test_chapter_1_leaves_and_hides_the_delivered_total(extract, tmp_path):
    data, env, delivered = extract
    nb = Path(__file__).resolve().parents[1] / "notebooks"
    out = tmp_path / "out"
    printed = _run(["chapter", "01_panel_construction", "-p", "data_dir", str(data), "-p",
                    "min_cell", str(MIN_CELL), "--out", str(out), "--notebooks", str(nb)], env)
    assert "'fail'" not in printed, printed[-2000:]
    result = scan(out, min_cell=MIN_CELL)
    assert result.ok, [str(f) for f in result.findings]
    text = re.sub(r"data:image/[\w.+-]+;base64,[A-Za-z0-9+/=]+", "",
                  (out / "01_panel_construction.html").read_text())
    text += (out / "01_panel_construction.ipynb").read_text()
    assert not re.search(rf"(?<![\d,.])({delivered:,}|{delivered})(?![\d,])", text)
    assert "persons register's rows and persons are hidden (x)" in text


def test_ksz_persons_are_hidden_when_a_few_have_rows_outside_the_window_only(extract, tmp_path):
    """The three persons' KSZ rows moved past the window end instead of removed: KSZ's
    distinct persons would then be the panel's (the sample table's total) plus three."""
    import shutil

    data, env, delivered = extract
    moved = tmp_path / "moved"
    shutil.copytree(data, moved)
    ksz = pd.read_parquet(data / "ksz_positions.parquet")
    gone = pd.read_parquet(data / "persons.parquet")["person_id"].iloc[[3, 50, 700]]
    late = ksz[ksz["person_id"].isin(pd.read_parquet(data / "persons.parquet")["person_id"]
                                     .iloc[[0, 1, 2]])].head(3).copy()
    late["person_id"] = gone.to_numpy()
    late["quarter"] = late["quarter"] * 0 + 60  # 2020Q1, after the window's 2016Q4
    pd.concat([ksz, late], ignore_index=True).to_parquet(moved / "ksz_positions.parquet",
                                                         index=False)
    _run(["panel", "--data", str(moved)], env)
    reset_record()
    overview = describe.register_overview(moved, min_cell=MIN_CELL).data
    ksz_row = overview["register"].eq("ksz_positions")
    assert overview.loc[ksz_row, "persons"].isna().all()
    assert describe.analysis_persons(moved).shape[0] == delivered - DROPPED
    # the untouched extract shows KSZ's persons (no gap there)
    shown = describe.register_overview(data, min_cell=MIN_CELL).data
    assert shown.loc[shown["register"].eq("ksz_positions"), "persons"].notna().all()
