"""input48: an analyst's own register folder, broken the ways real extracts break, is refused
before the panel build with a message that names the file, the column and a remedy that works.

- A quarter column stored as quarter labels (``"2010Q1"``) or as dates: the validation's
  ``wrong_dtype`` advised ``astype("int16")``, which fails on labels and turns dates into
  nanoseconds; now each column is named with the line that converts it, and that line works.
- A register written as a Parquet data set in parts (a folder ``vdab_measures.parquet/``):
  ``panel`` stopped with "...: Is a directory" and the chapters' check said "file not
  found"; now both say it is a folder and how to write it as one file.
"""
from __future__ import annotations

import re
import shutil

import pandas as pd
import pytest

import mia_helpers.notebook_run
import mia_helpers.quarters
from mia_helpers import chapters, cli, data
from mia_helpers.files import DataFileError
from mia_helpers.quarters import Window, to_label
from mia_helpers.schemas import TABLES, RegisterError


@pytest.fixture(scope="module")
def source(tmp_path_factory):
    folder = tmp_path_factory.mktemp("input48") / "synth"
    assert cli.main(["synth", "--residents", "60", "--newcomers", "15", "--seed", "48",
                     "--out", str(folder), "--no-truth"]) == 0
    return folder


@pytest.fixture
def extract(source, tmp_path):
    """The six registers only, as an analyst's own folder (no marker, no panel)."""
    out = tmp_path / "extract"
    out.mkdir()
    for t in TABLES:
        shutil.copy(source / f"{t}.parquet", out / f"{t}.parquet")
    return out


def _panel(folder, capsys):
    rc = cli.main(["panel", "--data", str(folder)])
    return rc, " ".join(capsys.readouterr().err.split())


def _apply_cast(cast: str, df: pd.DataFrame) -> pd.DataFrame:
    """Run the message's conversion line on ``df`` (as the analyst would paste it)."""
    scope = {"df": df.copy(), "mia_helpers": mia_helpers, "pd": pd}
    exec(cast, scope)  # noqa: S102 - the line the message tells the analyst to run
    return scope["df"]


def test_quarter_labels_are_named_with_a_conversion_that_works(extract, capsys):
    ksz = pd.read_parquet(extract / "ksz_positions.parquet")
    broken = ksz.assign(quarter=ksz["quarter"].map(to_label))
    broken.to_parquet(extract / "ksz_positions.parquet", index=False)
    rc, err = _panel(extract, capsys)
    assert rc == 2, err
    assert "ksz_positions.parquet" in err and "'quarter'" in err, err
    assert "mia_helpers.quarters.to_index" in err and "2005Q1 = 0" in err, err
    assert not (extract / "panel.parquet").exists()
    with pytest.raises(RegisterError) as info:
        data.check_register_columns(extract)
    cast = info.value.examples.loc[0, "cast"]
    mended = _apply_cast(cast, broken)
    pd.testing.assert_series_equal(mended["quarter"], ksz["quarter"])
    mended.to_parquet(extract / "ksz_positions.parquet", index=False)
    assert cli.main(["panel", "--data", str(extract)]) == 0


def test_quarter_dates_are_named_with_a_conversion_that_keeps_missing_ends(extract, capsys):
    reg = pd.read_parquet(extract / "vdab_registrations.parquet")
    assert reg["end_quarter"].isna().any()  # spells still running: the cast keeps them missing

    def first_day(q):
        return pd.PeriodIndex.from_fields(year=2005 + q // 4, quarter=q % 4 + 1,
                                          freq="Q").to_timestamp()

    broken = reg.assign(start_quarter=first_day(reg["start_quarter"].astype(int)),
                        end_quarter=pd.Series(first_day(reg["end_quarter"].fillna(0)
                                                        .astype(int))).where(
                            reg["end_quarter"].notna().to_numpy()))
    broken.to_parquet(extract / "vdab_registrations.parquet", index=False)
    rc, err = _panel(extract, capsys)
    assert rc == 2, err
    assert "vdab_registrations.parquet" in err, err
    assert "'start_quarter'" in err and "'end_quarter'" in err and ".dt.quarter" in err, err
    with pytest.raises(RegisterError) as info:
        data.check_register_columns(extract)
    mended = broken
    for cast in info.value.examples["cast"]:
        mended = _apply_cast(cast, mended)
    pd.testing.assert_frame_equal(mended[["start_quarter", "end_quarter"]],
                                  reg[["start_quarter", "end_quarter"]], check_dtype=False)
    assert str(mended["end_quarter"].dtype) == "Int16"


def test_chapters_and_ensure_data_name_the_quarter_conversion(extract):
    wse = pd.read_parquet(extract / "wse_permits.parquet")
    wse.assign(quarter=wse["quarter"].map(to_label)).to_parquet(
        extract / "wse_permits.parquet", index=False)
    for check in (lambda: chapters._check_registers(extract, Window()),
                  lambda: data.ensure_data(data_dir=extract)):
        with pytest.raises(RegisterError, match=re.escape("quarters.to_index")) as info:
            check()
        assert info.value.table == "wse_permits" and info.value.rule == "wrong_dtype"


def test_dates_written_as_text_point_to_the_quarter_index_helper(extract):
    meas = pd.read_parquet(extract / "vdab_measures.parquet")
    meas.assign(start_quarter=pd.PeriodIndex.from_fields(
        year=2005 + meas["start_quarter"] // 4, quarter=meas["start_quarter"] % 4 + 1,
        freq="Q").strftime("%Y-%m-%d")).to_parquet(extract / "vdab_measures.parquet",
                                                    index=False)
    with pytest.raises(RegisterError) as info:
        data.check_register_columns(extract)
    assert "quarter_index(df['start_quarter'])" in info.value.examples.loc[0, "cast"]


def test_a_register_written_as_a_parquet_folder_is_named_so(extract, capsys):
    meas = pd.read_parquet(extract / "vdab_measures.parquet")
    (extract / "vdab_measures.parquet").unlink()
    meas.to_parquet(extract / "vdab_measures.parquet", partition_cols=["measure"])
    rc, err = _panel(extract, capsys)
    assert rc == 2, err
    assert "vdab_measures.parquet: is a folder" in err and "to_parquet(" in err, err
    with pytest.raises(DataFileError, match="is a folder, not a file"):
        chapters._check_registers(extract, Window())


def test_panel_notes_an_empty_register(extract, capsys):
    meas = pd.read_parquet(extract / "vdab_measures.parquet")
    meas.head(0).to_parquet(extract / "vdab_measures.parquet", index=False)
    assert cli.main(["panel", "--data", str(extract)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert (f"vdab_measures: file {extract / 'vdab_measures.parquet'} has no rows: no measure "
            "starts") in out, out
    assert "not as unknown" in out and "failed export" in out, out


def test_panel_notes_repeated_event_rows_and_reads_them_once(extract, tmp_path, capsys):
    assert cli.main(["panel", "--data", str(extract), "--out", str(tmp_path / "a" / "p.parquet")
                     ]) == 0
    assert "repeat an earlier row" not in capsys.readouterr().out
    for t, n in (("abb_inburgering", 3), ("wse_permits", 2)):
        df = pd.read_parquet(extract / f"{t}.parquet")
        pd.concat([df, df.head(n)]).to_parquet(extract / f"{t}.parquet", index=False)
    assert cli.main(["panel", "--data", str(extract), "--out", str(tmp_path / "b" / "p.parquet")
                     ]) == 0
    out = " ".join(capsys.readouterr().out.split())
    for t, n in (("abb_inburgering", 3), ("wse_permits", 2)):
        assert f"{t}: {n} of " in out and "repeat an earlier row in every column" in out, out
    # the note's claim: the panel is the same as without the repeats
    pd.testing.assert_frame_equal(pd.read_parquet(tmp_path / "a" / "p.parquet"),
                                  pd.read_parquet(tmp_path / "b" / "p.parquet"))


@pytest.mark.parametrize("table, rule", [("ksz_positions", "duplicate_key"),
                                         ("vdab_measures", "end_before_start")])
def test_the_builds_row_rules_stop_a_chapter_before_its_kernel(extract, tmp_path, table, rule,
                                                               capsys, monkeypatch):
    df = pd.read_parquet(extract / f"{table}.parquet")
    if rule == "duplicate_key":
        df = pd.concat([df, df.head(2)])
    else:
        ends = df["end_quarter"].notna() & (df["start_quarter"] > 1)
        df.loc[df.index[ends][:2], "end_quarter"] = df.loc[df.index[ends][:2],
                                                           "start_quarter"] - 1
    df.to_parquet(extract / f"{table}.parquet", index=False)
    with pytest.raises(RegisterError) as info:
        chapters._check_registers(extract, Window())
    assert (info.value.table, info.value.rule, info.value.count) == (table, rule, 4 if rule ==
                                                                     "duplicate_key" else 2)
    started = []
    monkeypatch.setattr(mia_helpers.notebook_run, "execute",
                        lambda *a, **k: started.append(1))
    rc = cli.main(["chapter", "panel_construction", "-p", "data_dir", str(extract),
                   "--out", str(tmp_path / "run")])
    err = " ".join(capsys.readouterr().err.split())
    assert rc == 2 and not started, err
    assert f"parameter 'data_dir': register '{table}'" in err and f"'{rule}'" in err, err
    assert not (tmp_path / "run").exists() and not (extract / "panel.parquet").exists()


def test_panel_notes_ksz_quarters_beyond_a_shorter_window(extract, capsys):
    q = pd.read_parquet(extract / "ksz_positions.parquet")["quarter"]
    assert cli.main(["panel", "--data", str(extract), "--window-end", "2014Q4"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    n = int((q > 39).sum())  # 2014Q4 = 39
    assert n > 0
    assert (f"note: {n} of {len(q)} KSZ person-quarters ({extract / 'ksz_positions.parquet'}"
            f") {'lies' if n == 1 else 'lie'} outside the window 2005Q1..2014Q4") in out, out
    assert f"--window-end {to_label(int(q.max()))}" in out, out
    assert cli.main(["panel", "--data", str(extract)]) == 0  # the folder's whole window
    assert "lie outside the window" not in capsys.readouterr().out


def test_text_person_ids_point_to_one_numbering_not_astype(extract, capsys):
    for t in TABLES:  # pseudonyms written with leading zeros, as text
        df = pd.read_parquet(extract / f"{t}.parquet")
        df.assign(person_id=df["person_id"].map("{:05d}".format)).to_parquet(
            extract / f"{t}.parquet", index=False)
    rc, err = _panel(extract, capsys)
    assert rc == 2, err
    assert "persons.parquet" in err and "'person_id'" in err and "'00001'" in err, err
    assert "number_ids(registers)" in err and "'0123' and '123' as one person" in err, err
    with pytest.raises(RegisterError) as info:  # every register named, the first in full
        data.check_register_columns(extract)
    assert all(f"register {t!r}" in str(info.value) for t in TABLES)
