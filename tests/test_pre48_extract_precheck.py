"""pre48: the pre-check of an analyst's own register folder
(:func:`mia_helpers.data.check_register_columns`, run by ``panel``, ``effects``,
``ensure_data`` and the chapters' check before the panel's validation) names what the
validation said badly or one register at a time:

1. codes that differ from a valid one only in case or whitespace (``'male '``, ``'Male'``):
   the distinct wrong values with their rows, and the line that mends them;
2. column names in another case (``PERSON_ID``): named, with the rename line;
3. the errors of every register in one message (the validation stopped at the first);
4. exact copies of rows: persons / KSZ positions ``duplicate_key`` and VDAB registrations
   ``duplicate_row`` (the build said ``overlapping_spells`` with ``previous_end 32767``),
   with the line that drops them.
"""
from __future__ import annotations

import pandas as pd
import pytest
import test_input48_extract_inputs as input48
from test_input48_extract_inputs import _apply_cast, _panel

from mia_helpers import cli, data
from mia_helpers.codes import SEXES
from mia_helpers.schemas import RegisterError

source, extract = input48.source, input48.extract  # input48's fixtures: a small own folder


def _rewrite(folder, table, change):
    df = pd.read_parquet(folder / f"{table}.parquet")
    change(df).to_parquet(folder / f"{table}.parquet", index=False)
    return df


def test_codes_differing_in_case_or_spaces_are_named_with_the_mending_line(extract, capsys):
    persons = pd.read_parquet(extract / "persons.parquet")
    sex = persons["sex"].astype(str)
    broken = sex.where(sex != "male", "male ").where(persons.index % 3 != 0, "Male")
    broken.iloc[0] = "x"  # not a code in any case
    _rewrite(extract, "persons", lambda d: d.assign(sex=broken))
    with pytest.raises(RegisterError) as info:
        data.check_register_columns(extract)
    err, msg = info.value, " ".join(str(info.value).split())
    assert (err.table, err.rule) == ("persons", "unknown_code")
    assert err.count == int((~broken.isin(SEXES)).sum())
    counts = broken[~broken.isin(SEXES)].value_counts()
    for value, n in counts.items():  # each wrong value, with its rows
        assert f"{value!r} ({n} row{'' if n == 1 else 's'})" in msg, msg
    assert "'male ' -> 'male'" in msg and "'Male' -> 'male'" in msg, msg
    assert "2 of them differs from a valid code only in case" in msg, msg
    assert f"valid codes: {', '.join(SEXES)}" in msg
    fix = 'df[\'sex\'] = df[\'sex\'].str.strip().str.lower()'
    assert fix in msg, msg
    mended = _apply_cast(fix, persons.assign(sex=broken))
    assert set(mended["sex"]) == set(SEXES) | {"x"}
    rc, out = _panel(extract, capsys)
    assert rc == 2 and "'Male' -> 'male'" in out, out


def test_only_whitespace_gets_a_strip(extract):
    _rewrite(extract, "ksz_positions", lambda d: d.assign(
        position=d["position"].astype(str) + " "))
    with pytest.raises(RegisterError) as info:
        data.check_register_columns(extract)
    assert "every one of them differs" in str(info.value)
    assert "df['position'] = df['position'].str.strip()" in str(info.value)
    assert (info.value.examples["valid_code"] != "").all()


def test_column_names_in_another_case_are_named_with_the_rename(extract, capsys):
    wse = _rewrite(extract, "wse_permits", lambda d: d.rename(
        columns={"person_id": "PERSON_ID", "quarter": " Quarter"}))
    with pytest.raises(RegisterError) as info:
        data.check_register_columns(extract)
    err = info.value
    assert (err.table, err.rule, err.count) == ("wse_permits", "missing_column", 2)
    line = "df = df.rename(columns={'PERSON_ID': 'person_id', ' Quarter': 'quarter'})"
    assert line in str(err), str(err)
    renamed = _apply_cast(line, wse.rename(columns={"person_id": "PERSON_ID",
                                                     "quarter": " Quarter"}))
    pd.testing.assert_frame_equal(renamed, wse)


def test_every_registers_errors_come_in_one_message(extract, capsys):
    _rewrite(extract, "persons", lambda d: d.assign(sex=d["sex"].astype(str).str.upper()))
    _rewrite(extract, "ksz_positions", lambda d: d.rename(
        columns={"fte_fraction": "FTE_Fraction"}))
    (extract / "wse_permits.parquet").unlink()
    _rewrite(extract, "vdab_measures", lambda d: d.assign(
        start_quarter=d["start_quarter"].astype("float64")))
    with pytest.raises(RegisterError) as info:
        data.check_register_columns(extract)
    err, msg = info.value, str(info.value)
    assert (err.table, err.rule) == ("persons", "unknown_code")  # the first register's rule
    assert {(e.table, e.rule) for e in err.errors} == {
        ("persons", "unknown_code"), ("ksz_positions", "missing_column"),
        ("vdab_measures", "wrong_dtype"), ("wse_permits", "missing_table")}
    for text in ("register 'ksz_positions'", "'FTE_Fraction': 'fte_fraction'",
                 "register 'vdab_measures'", "'start_quarter'", "register 'wse_permits'",
                 "no file", "3 more registers"):
        assert text in msg, (text, msg)
    rc, out = _panel(extract, capsys)  # the command line says all of it at once
    assert rc == 2 and "register 'wse_permits'" in out and "'FTE_Fraction'" in out, out


@pytest.mark.parametrize("table, rule", [("vdab_registrations", "duplicate_row"),
                                         ("persons", "duplicate_key"),
                                         ("ksz_positions", "duplicate_key")])
def test_exact_copies_are_refused_with_the_line_that_drops_them(extract, capsys, table, rule):
    df = pd.read_parquet(extract / f"{table}.parquet")
    if table == "vdab_registrations":  # a spell still running: the build said 32767
        assert df["end_quarter"].isna().any()
        copies = pd.concat([df[df["end_quarter"].isna()].head(2), df.head(1)])
    else:
        copies = df.head(3)
    pd.concat([df, copies]).to_parquet(extract / f"{table}.parquet", index=False)
    with pytest.raises(RegisterError) as info:
        data.check_register_columns(extract)
    err, msg = info.value, " ".join(str(info.value).split())
    assert (err.table, err.rule, err.count) == (table, rule, 6)  # the rows with a copy
    assert "3 rows repeat an earlier row in every column" in msg, msg
    assert "32767" not in err.examples.to_string()
    line = msg.split("drop them with ")[1].split(" and report")[0]
    mended = _apply_cast(line, pd.concat([df, copies]))
    pd.testing.assert_frame_equal(mended.reset_index(drop=True), df.reset_index(drop=True))
    rc, out = _panel(extract, capsys)
    assert rc == 2 and f"'{rule}'" in out and "overlapping_spells" not in out, out


def test_the_synthetic_registers_pass(source):
    data.check_register_columns(source)  # nothing to say about clean registers


def test_repeated_measure_rows_are_noted_with_the_line_that_drops_them(extract, capsys):
    meas = pd.read_parquet(extract / "vdab_measures.parquet")
    pd.concat([meas, meas.head(2)]).to_parquet(extract / "vdab_measures.parquet", index=False)
    data.check_register_columns(extract)  # the build excludes and counts them: not refused
    assert cli.main(["panel", "--data", str(extract)]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert f"vdab_measures: 2 of {len(meas) + 2} rows" in out, out
    line = ("df = df.drop_duplicates(subset=['person_id', 'measure', 'start_quarter', "
            "'end_quarter'])")
    assert line in out and "(duplicate_measure)" in out, out
    mended = _apply_cast(line, pd.concat([meas, meas.head(2)]))
    pd.testing.assert_frame_equal(mended.reset_index(drop=True), meas)


def test_chapters_and_ensure_data_say_every_register_at_once(extract):
    from mia_helpers import chapters
    from mia_helpers.quarters import Window

    _rewrite(extract, "persons", lambda d: d.assign(sex=d["sex"].astype(str) + " "))
    _rewrite(extract, "abb_inburgering", lambda d: d.rename(columns={"step": "STEP"}))
    for check in (lambda: chapters._check_registers(extract, Window()),
                  lambda: data.ensure_data(data_dir=extract)):
        with pytest.raises(RegisterError) as info:
            check()
        assert (info.value.table, info.value.rule) == ("persons", "unknown_code")
        assert "df['sex'] = df['sex'].str.strip()" in str(info.value)
        assert "df = df.rename(columns={'STEP': 'step'})" in str(info.value)
