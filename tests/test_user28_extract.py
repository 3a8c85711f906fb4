"""user28: a third messy extract (semicolons and decimal commas, Windows and UTF-16 text,
codes with trailing spaces and mixed case, mixed date layouts, a register split per year,
Parquet ids typed as numbers beside zero-padded text ids, a month column in two layouts,
'2010q3', empty registers). What it showed, one test each:

- a ``monthly:`` month column could take one format only (a list gave a regular-expression
  error, a traceback, after every file was read), and the month rows no format read were
  counted again as ``duplicate_person_month`` (all such rows of a person "repeat" one month);
  the message offered ``dates: {month: [...]}``, which the mapping refuses;
- a Parquet register's integer ids were not compared with the spellings of another
  register's text ids: ``'0001'`` in persons and ``1`` in KSZ were merged without a note;
- ``file:`` given a list of yearly files raised a TypeError (a traceback), a pattern was
  looked up as a file name: a list is now read file by file and joined;
- a date format Python cannot compile (``'%Y-%m-%Y'``) or with a bad directive (``'%Q'``)
  was accepted by the mapping and failed only after reading (or matched nothing);
- ``quarter_label`` refused ``'2010q3'`` and no format the message offered read it;
- a UTF-16 file was told to try cp1252 or latin-1.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_analyst19_adapt import ENC, _delivery
from test_user26_adapt_problems import _rewrite

from mia_helpers.adapters import MappingError, MappingFileError, adapt, load_mapping
from mia_helpers.adapters.core import ExtractProblemsError
from mia_helpers.adapters.dates import quarter_of_labels
from mia_helpers.quarters import to_index
from mia_helpers.schemas import RegisterError


def _monthly(tmp_path, months, fmt):
    """The small delivery with its KSZ file holding one row per person and month."""
    m = _delivery(tmp_path)
    _rewrite(m, "ksz.csv", lambda d: pd.DataFrame(
        [{**d.iloc[0].to_dict(), "ID": i, "KW": mo} for i in d.ID.unique() for mo in months]))
    k = m["registers"]["ksz_positions"]
    k["columns"]["KW"] = "month"
    del k["dates"]
    k["monthly"] = {"column": "month", "format": fmt, "rule": "last"}
    return m


def test_a_month_column_in_two_layouts_takes_a_list_of_formats(tmp_path):
    months = ["200801", "2008-02", "200803", "2008-04", "200805", "200806"]
    m = _monthly(tmp_path, months, "%Y%m")
    with pytest.raises(MappingError) as err:  # one format: the other layout listed
        adapt(m)
    text = str(err.value)
    assert not isinstance(err.value, ExtractProblemsError)  # no spurious second problem
    assert "duplicate_person_month" not in text
    assert "unparseable_date, 2 distinct values in 8 rows" in text
    assert "`monthly: {column: month, format: ['%Y%m', '%Y-%m']}`" in text
    assert "`dates: {month:" not in text  # the mapping refuses dates: on a month column
    m["registers"]["ksz_positions"]["monthly"]["format"] = ["%Y%m", "%Y-%m"]
    ksz = adapt(m).registers["ksz_positions"]
    assert sorted(set(ksz.quarter)) == [to_index("2008Q1"), to_index("2008Q2")]
    assert len(ksz) == 8  # 4 persons x 2 quarters


def test_months_two_formats_read_differently_are_refused_and_listed(tmp_path):
    # '01/02/2008' is 1 February as '%d/%m/%Y' and 2 January as '%m/%d/%Y'
    m = _monthly(tmp_path, ["31/01/2008", "01/02/2008"], ["%d/%m/%Y", "%m/%d/%Y"])
    with pytest.raises(MappingError) as err:
        adapt(m)
    p = err.value.problems
    amb = p[p.problem == "ambiguous_formats"]
    assert amb.value.tolist() == ["01/02/2008"] and amb["count"].tolist() == [4]
    assert "'01/02/2008' by '%d/%m/%Y': 2008-02; '%m/%d/%Y': 2008-01" in str(err.value)
    assert "format '%d/%m/%Y or %m/%d/%Y'" in str(err.value)
    assert "formats of `monthly: {format: [...]}` read these values as different months" \
        in str(err.value)


def test_a_month_read_in_an_implausible_year_is_no_reading(tmp_path):
    # '122008' is December 2008 as '%m%Y'; as '%Y%m' August 1220, which is no reading
    m = _monthly(tmp_path, ["200801", "122008", "031220"], ["%Y%m", "%m%Y"])
    with pytest.raises(MappingError) as err:  # '031220': March 1220 or 0312-20: listed
        adapt(m)
    p = err.value.problems
    assert p[["value", "problem"]].values.tolist() == [["031220", "unparseable_date"]]
    (tmp_path / "ok").mkdir()
    m = _monthly(tmp_path / "ok", ["200801", "122008"], ["%Y%m", "%m%Y"])
    ksz = adapt(m).registers["ksz_positions"]
    assert sorted(set(ksz.quarter)) == [to_index("2008Q1"), to_index("2008Q4")]


def test_rows_whose_month_is_unparseable_are_not_repeated_person_months(tmp_path):
    m = _monthly(tmp_path, ["200801", "x", "y", "200804"], "%Y%m")
    with pytest.raises(MappingError) as err:
        adapt(m)
    assert "duplicate_person_month" not in str(err.value)
    assert set(err.value.problems.value) == {"x", "y"}


@pytest.mark.parametrize("fmt, words", [
    (["%Y%m", "%Y"], "gives no month"), (["%Y%m", "%Y%m"], "more than once"),
    ([], "must hold one or more formats"), ("%Y-%m-%Y", "not a valid strftime pattern"),
])
def test_bad_month_formats_are_refused_by_the_mapping(tmp_path, fmt, words):
    m = _monthly(tmp_path, ["200801"], fmt)
    with pytest.raises(MappingFileError, match=words):
        load_mapping(m)


def test_parquet_integer_ids_are_compared_with_zero_padded_text_ids(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(ID=d.ID.str.zfill(4)))
    for f in ("inschrijvingen.csv", "acties.csv"):
        _rewrite(m, f, lambda d: d.assign(ID=d.ID.str.zfill(4)))
    raw = tmp_path / "raw"
    ksz = pd.read_csv(raw / "ksz.csv", sep=";", dtype=str, encoding=ENC)
    ksz.assign(ID=ksz.ID.astype("int64")).to_parquet(raw / "ksz.parquet", index=False)
    m["registers"]["ksz_positions"].update(file="ksz.parquet", read={})
    res = adapt(m)
    assert len(res.registers["ksz_positions"]) == 16  # one person each, as before
    across = [n for n in res.notes if "written differently in different registers" in n]
    assert len(across) == 1
    assert "4 person ids" in across[0]
    assert "'0001' in 'persons'" in across[0] and "'1' in 'ksz_positions'" in across[0]


def _yearly(tmp_path):
    """The small delivery with its measures split into one file per year (2008, 2009)."""
    m = _delivery(tmp_path, measures=[
        {"ID": "1", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"},
        {"ID": "2", "ACTIE": "IBO", "START": "01/10/2008", "EINDE": "15/01/2009"},
        {"ID": "3", "ACTIE": "IBO", "START": "01/02/2009", "EINDE": ""}])
    raw = tmp_path / "raw"
    a = pd.read_csv(raw / "acties.csv", sep=";", dtype=str, keep_default_na=False, encoding=ENC)
    for year, rows in a.groupby(a.START.str[-4:]):
        rows.to_csv(raw / f"acties_{year}.csv", sep=";", index=False, encoding=ENC)
    return m


def test_a_register_in_one_file_per_year_takes_a_list_of_files(tmp_path):
    m = _yearly(tmp_path)
    whole = adapt(m).registers["vdab_measures"]
    m["registers"]["vdab_measures"]["file"] = ["acties_2008.csv", "acties_2009.csv"]
    res = adapt(m)
    pd.testing.assert_frame_equal(res.registers["vdab_measures"], whole)
    log = res.log.set_index("table").loc["vdab_measures"]
    assert log.file == "acties_2008.csv + acties_2009.csv" and log.source_rows == 3


def test_each_file_of_a_list_is_checked_and_named(tmp_path):
    m = _yearly(tmp_path)
    _rewrite(m, "acties_2009.csv", lambda d: d.rename(columns={"ACTIE": "ACTIECODE"}))
    m["registers"]["vdab_measures"]["file"] = ["acties_2008.csv", "acties_2009.csv"]
    with pytest.raises(RegisterError) as err:
        adapt(m)
    text = str(err.value)
    assert "acties_2009.csv" in text and "'ACTIE' (-> measure" in text
    assert "file acties_2009.csv has columns" in text
    path = tmp_path / "raw" / "acties_2008.csv"  # a second file's problem: both listed
    path.write_bytes(path.read_bytes().replace(b"IBO", "IBÖ".encode("cp1252")))
    m["registers"]["vdab_measures"]["read"] = {"sep": ";"}  # UTF-8
    with pytest.raises(ExtractProblemsError) as err:
        adapt(m)
    text = str(err.value)
    assert "raw file " in text and "acties_2008.csv is not in encoding 'utf-8'" in text
    assert "file acties_2009.csv has columns" in text


@pytest.mark.parametrize("file, words", [
    ("acties_*.csv", "holds a pattern"), (["a.csv", "a.csv"], "each file once"),
    (["a.csv", "b.parquet"], "different extensions"), (7, "a file name or a list"),
])
def test_a_pattern_or_a_bad_list_of_files_is_refused(tmp_path, file, words):
    m = _delivery(tmp_path)
    m["registers"]["vdab_measures"]["file"] = file
    with pytest.raises(MappingFileError) as err:
        load_mapping(m)
    assert "register 'vdab_measures'" in str(err.value) and words in str(err.value)


@pytest.mark.parametrize("fmt, words", [
    ("%Y-%m-%Y", "each directive may appear once"), ("%d/%m/%Q", "bad directive"),
])
def test_an_invalid_strftime_format_is_refused_before_reading(tmp_path, fmt, words):
    m = _delivery(tmp_path)
    m["registers"]["vdab_measures"]["dates"]["end_quarter"] = fmt
    with pytest.raises(MappingFileError) as err:
        load_mapping(m)
    assert "register 'vdab_measures' dates of 'end_quarter'" in str(err.value)
    assert words in str(err.value)


def test_quarter_labels_are_read_in_either_case(tmp_path):
    s = pd.Series(["2010Q3", "2010q3", "2010-q3", " 2010 Q3 ", "2010Q5"])
    assert quarter_of_labels(s).tolist()[:4] == [22] * 4
    assert pd.isna(quarter_of_labels(s).iloc[4])
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(AANKOMST=[""] * 3 + ["2009q2"]))
    p = adapt(m).registers["persons"]
    assert p.arrival_quarter.iloc[3] == to_index("2009Q2")


@pytest.mark.parametrize("read", [{"sep": ";"}, {"sep": ";", "encoding": ENC}])
def test_a_utf16_file_is_told_to_read_as_utf16(tmp_path, read):
    m = _delivery(tmp_path)
    path = tmp_path / "raw" / "acties.csv"
    text = path.read_text(encoding=ENC)
    path.write_text(text, encoding="utf-16")
    m["registers"]["vdab_measures"]["read"] = read  # the default UTF-8, or latin-1
    with pytest.raises(MappingFileError) as err:
        adapt(m)
    assert "acties.csv" in str(err.value)
    assert "`read: {encoding: utf-16}`" in str(err.value)
    assert "rename `ID:`" not in str(err.value)  # not a renamed column
    m["registers"]["vdab_measures"]["read"] = {"sep": ";", "encoding": "utf-16"}
    assert len(adapt(m).registers["vdab_measures"]) == 1


@pytest.mark.parametrize("read, fte, want", [
    ({}, "0,5", 0.5), ({"decimal": ","}, "0,5", 0.5), ({"decimal": "."}, "0.5", 0.5),
    ({"thousands": ".", "decimal": ","}, "1.000,5", "1000.5"),  # implausible, refused
    ({"decimal": "."}, "0,5", "not_a_number"), ({"thousands": ","}, "0,5", "found 5"),
])
def test_decimal_and_thousands_read_options_are_honoured(tmp_path, read, fte, want):
    m = _delivery(tmp_path)
    _rewrite(m, "ksz.csv", lambda d: d.assign(VTE=fte))
    m["registers"]["ksz_positions"]["read"].update(read)
    if not isinstance(want, str):
        assert set(adapt(m).registers["ksz_positions"].fte_fraction) == {want}
        return
    with pytest.raises((MappingError, RegisterError)) as err:  # never read as 0.5
        adapt(m)
    assert "fte_fraction" in str(err.value) and want in str(err.value)


def test_a_renamed_header_with_spaces_is_offered_as_a_quoted_yaml_key(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "acties.csv", lambda d: d.rename(columns={"ACTIE": "ACTIE "}))
    with pytest.raises(Exception) as err:
        adapt(m)
    assert "rename `ACTIE:` to `'ACTIE ':`" in str(err.value)


def test_a_register_delivered_without_rows_is_named_like_one_not_delivered(tmp_path, capsys):
    import yaml

    from mia_helpers import cli

    m = _delivery(tmp_path)  # its ABB file holds a header and no rows; WSE `empty: true`
    (tmp_path / "mapping.yaml").write_text(yaml.safe_dump(m, allow_unicode=True))
    rc = cli.main(["adapt", "--mapping", str(tmp_path / "mapping.yaml"), "--out",
                   str(tmp_path / "extract")])
    printed = capsys.readouterr().out
    assert rc == 0
    assert "or delivered without rows are read as registers in which nothing happened" in printed
    assert "abb_inburgering: raw file abb.csv has no rows: " in printed
    assert "wse_permits: no work permits" in printed
