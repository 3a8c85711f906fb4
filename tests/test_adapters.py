"""Adapters: a raw-layout extract maps back to the registers it was written from, exactly.

The fixture (:mod:`mia_helpers.adapters.fixture`) rewrites synthetic registers with Dutch
names and codes, dates (a random day in the quarter) and monthly KSZ rows; the example mapping
must undo all of it. Equality is exact (values, dtypes, categories, row order): the round trip
involves no estimation, so no tolerance is needed.
"""

from __future__ import annotations

import copy
import json
from pathlib import Path

import pandas as pd
import pytest
import yaml
from frames import assert_frame_equal

from mia_helpers import cli
from mia_helpers.adapters import (
    EXAMPLE_MAPPING,
    MappingError,
    MappingFileError,
    adapt,
    collapse_months,
    load_mapping,
)
from mia_helpers.adapters.dates import parse_dates, quarter_of_dates, quarter_of_labels
from mia_helpers.adapters.fixture import write_raw_fixture
from mia_helpers.data import ensure_data, has_truth
from mia_helpers.quarters import to_index
from mia_helpers.schemas import SPECS, RegisterError, validate_register


@pytest.fixture(scope="module")
def synthetic() -> Path:
    """Small cached synthetic data (registers + panel; no truth tables)."""
    return ensure_data(seed=2005, residents=300, newcomers=150, truth=False)


@pytest.fixture(scope="module")
def raw(synthetic, tmp_path_factory) -> Path:
    """The raw layout of ``synthetic`` and its mapping file."""
    return write_raw_fixture(synthetic, tmp_path_factory.mktemp("fixture"), seed=3)


def _mapping_dict(mapping_path: Path) -> dict:
    d = yaml.safe_load(mapping_path.read_text())
    d["source_dir"] = str(mapping_path.parent / d["source_dir"])
    return d


@pytest.mark.parametrize("rule", ["last", "majority"])
def test_round_trip_reproduces_the_registers_exactly(synthetic, raw, rule):
    m = _mapping_dict(raw)
    m["registers"]["ksz_positions"]["monthly"]["rule"] = rule
    res = adapt(m)
    for table in SPECS:
        expected = pd.read_parquet(synthetic / f"{table}.parquet")
        assert_frame_equal(res.registers[table], expected, obj=table)
    # the monthly file really has more rows, with changes inside quarters
    ksz = res.log.set_index("table").loc["ksz_positions"]
    assert ksz.source_rows > 2 * ksz.register_rows


def test_cli_writes_registers_panel_and_manifest_without_truth(synthetic, raw, tmp_path):
    out = tmp_path / "extract"
    rc = cli.main(["adapt", "--mapping", str(raw), "--out", str(out), "--panel"])
    assert rc == 0
    assert not has_truth(out) and not (out / "truth").exists()
    assert_frame_equal(pd.read_parquet(out / "panel.parquet"),
                                  pd.read_parquet(synthetic / "panel.parquet"))
    manifest = json.loads((out / "manifest.json").read_text())
    assert manifest["parameters"]["command"] == "adapt"
    assert manifest["data"]["has_truth"] is False
    assert "persons.parquet" in manifest["data"]["files"]
    assert len(manifest["inputs"]) == 6  # the raw files are fingerprinted
    assert pd.read_csv(out / "adapt_log.csv").register_rows.gt(0).all()


def test_unmapped_codes_are_listed_with_counts(raw, tmp_path):
    src = raw.parent / "raw"
    bad = tmp_path / "raw"
    bad.mkdir()
    for f in src.iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    ksz = pd.read_parquet(bad / "ksz_posities_maand.parquet")
    ksz.loc[ksz.index[:7], "POSITIE"] = "UITZENDKRACHT"
    ksz.loc[ksz.index[7:9], "POSITIE"] = "BRUGPENSIOEN"
    ksz.to_parquet(bad / "ksz_posities_maand.parquet", index=False)
    persons = pd.read_csv(bad / "personen.csv", sep=";", dtype=str, keep_default_na=False)
    persons.loc[persons.index[:3], "GESLACHT"] = "X"
    persons.to_csv(bad / "personen.csv", sep=";", index=False)
    with pytest.raises(MappingError) as info:
        adapt(raw, source_dir=bad)
    p = info.value.problems.set_index(["table", "column", "value"])
    assert p.loc[("ksz_positions", "position", "UITZENDKRACHT"), "count"] == 7
    assert p.loc[("ksz_positions", "position", "BRUGPENSIOEN"), "count"] == 2
    assert p.loc[("persons", "sex", "X"), "count"] == 3
    assert set(p.problem) == {"unmapped_code"}
    assert "UITZENDKRACHT" in str(info.value) and "codes" in str(info.value)
    # through the command line: exit status 2 and the listing on stderr
    rc = cli.main(["adapt", "--mapping", str(raw), "--source", str(bad),
                   "--out", str(tmp_path / "out")])
    assert rc == 2
    assert not (tmp_path / "out" / "persons.parquet").exists()


def test_unparseable_dates_and_numbers_are_listed(raw, tmp_path):
    m = _mapping_dict(raw)
    src = Path(m["source_dir"])
    bad = tmp_path / "raw"
    bad.mkdir()
    for f in src.iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    reg = pd.read_csv(bad / "vdab_inschrijvingen.csv", sep=";", dtype=str, keep_default_na=False)
    reg.loc[reg.index[:2], "BEGINDATUM"] = "2011-03-15"  # ISO where dd/mm/yyyy is expected
    reg.loc[reg.index[2], "PSEUDO_ID"] = "A17"
    reg.to_csv(bad / "vdab_inschrijvingen.csv", sep=";", index=False)
    with pytest.raises(MappingError) as info:
        adapt(m, source_dir=bad)
    p = info.value.problems
    row = p[(p.column == "start_quarter")].iloc[0]
    assert (row.problem, row.value, row["count"]) == ("unparseable_date", "2011-03-15", 2)
    assert ((p.column == "person_id") & (p.problem == "not_an_integer")).sum() == 1


def test_missing_source_column_is_an_error(raw):
    m = _mapping_dict(raw)
    cols = m["registers"]["wse_permits"]["columns"]
    cols["KAART_TYPE"] = cols.pop("TYPE_KAART")
    with pytest.raises(RegisterError, match="missing_source_column"):
        adapt(m)


def test_register_not_delivered_is_written_empty(synthetic, raw, tmp_path):
    m = _mapping_dict(raw)
    m["registers"]["wse_permits"] = {"empty": True}
    res = adapt(m, tmp_path)
    wse = pd.read_parquet(tmp_path / "wse_permits.parquet")
    assert len(wse) == 0 and list(wse.columns) == list(SPECS["wse_permits"])
    expected = pd.read_parquet(synthetic / "wse_permits.parquet")
    assert (res.registers["wse_permits"].dtypes == expected.dtypes).all()
    # Parquet keeps no categories for an empty dictionary column; the kinds still match
    assert [str(d) for d in wse.dtypes] == [str(d) for d in expected.dtypes]
    validate_register("wse_permits", wse)
    assert len(res.registers["persons"]) == 450


@pytest.mark.parametrize(
    "edit, message",
    [
        (lambda m: m["registers"]["persons"]["codes"]["sex"].update({"X": "unknown_sex"}),
         "not valid"),
        (lambda m: m["registers"]["persons"]["codes"]["sex"].update({True: "male"}),
         "boolean"),
        (lambda m: m["registers"]["persons"]["columns"].pop("GESLACHT"), "no source for"),
        (lambda m: m["registers"].pop("vdab_measures"), "no entry for"),
        (lambda m: m["registers"]["persons"].update({"empty": True}), "may be declared empty"),
        (lambda m: m["registers"]["persons"]["dates"].update({"sex": "%Y"}), "quarter columns"),
        (lambda m: m["registers"]["ksz_positions"]["monthly"].update({"rule": "first"}),
         "monthly rule"),
        (lambda m: m["registers"]["persons"]["columns"].update({"EXTRA": "nationality"}),
         "not in the register schema"),
    ],
)
def test_mapping_file_errors_are_caught_before_reading(raw, edit, message):
    m = copy.deepcopy(_mapping_dict(raw))
    edit(m)
    with pytest.raises(MappingFileError, match=message):
        load_mapping(m)


def test_example_mapping_is_the_fixture_mapping(raw):
    assert raw.read_text() == EXAMPLE_MAPPING.read_text()
    assert load_mapping(EXAMPLE_MAPPING).window.labels() == ("2005Q1", "2016Q4")


def test_dates_map_to_their_quarter():
    s = pd.Series(["01/01/2005", "31/03/2005", "01/04/2005", "15/03/2011", "31/12/2016", None])
    q = quarter_of_dates(parse_dates(s, "%d/%m/%Y"))
    expected = [0, 0, 1, to_index("2011Q1"), to_index("2016Q4")]
    assert q.iloc[:5].tolist() == expected and q.isna().iloc[5]
    iso = quarter_of_dates(parse_dates(pd.Series(["2011-03-15", "2017-01-01"]), "%Y-%m-%d"))
    assert iso.tolist() == [to_index("2011Q1"), 48]
    assert quarter_of_labels(pd.Series(["2008Q1", "2019Q4", "2011-Q2"])).tolist() == [12, 59, 25]
    before = quarter_of_dates(parse_dates(pd.Series(["2004-12-31"]), "%Y-%m-%d"))
    assert before.tolist() == [-1]  # kept; the panel build excludes and counts it


def test_monthly_rules_differ_as_documented():
    """Quarter 0: months A, A, B -> last B, majority A. Quarter 1: A, B (month 2 missing) ->
    a tie, both rules take the latest month (B). Attributes come from the chosen month."""
    df = pd.DataFrame({
        "person_id": [1, 1, 1, 1, 1],
        "quarter": [0, 0, 0, 1, 1],
        "month": [0, 1, 2, 0, 1],
        "position": ["salaried", "salaried", "inactive", "salaried", "inactive"],
        "fte_fraction": [1.0, 0.5, 0.0, 1.0, 0.0],
    })
    shuffled = df.sample(frac=1, random_state=1)
    last = collapse_months(shuffled, "last")
    major = collapse_months(shuffled, "majority")
    assert last.position.tolist() == ["inactive", "inactive"]
    assert major.position.tolist() == ["salaried", "inactive"]
    assert major.fte_fraction.tolist() == [0.5, 0.0]  # latest month with the chosen position
    assert "month" not in last.columns and last.quarter.tolist() == [0, 1]


def test_duplicate_person_months_are_an_error(raw, tmp_path):
    m = _mapping_dict(raw)
    src = Path(m["source_dir"])
    bad = tmp_path / "raw"
    bad.mkdir()
    for f in src.iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    ksz = pd.read_parquet(bad / "ksz_posities_maand.parquet")
    pd.concat([ksz, ksz.iloc[:2]]).to_parquet(bad / "ksz_posities_maand.parquet", index=False)
    with pytest.raises(RegisterError, match="duplicate_person_month"):
        adapt(m, source_dir=bad)


@pytest.mark.notebook
def test_chapter_runs_on_adapted_data_without_truth_and_passes_export_check(tmp_path):
    """The issue's test: a chapter executes on an adapter-produced folder (no truth/) and its
    executed notebook passes the export check at min_cell = 10."""
    from nbrun import SMALL, run_chapter

    from mia_helpers.export_check import scan

    data = ensure_data(**SMALL)
    mapping = write_raw_fixture(data, tmp_path / "fixture", seed=5)
    extract = tmp_path / "extract"
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(extract), "--panel"]) == 0
    run_dir = tmp_path / "run"
    nb = run_chapter("01_panel_construction", run_dir, keep=False, data_dir=str(extract))
    assert len(nb["cells"]) > 5
    # shown figures and glued ones (stored under application/papermill.record/image/png)
    images = [o for c in nb["cells"] for o in c.get("outputs", [])
              if any(k.endswith("image/png") for k in o.get("data", {}))]
    assert images  # figures render without truth
    result = scan(run_dir, min_cell=10)
    assert result.notebooks == 1 and result.tables > 0
    assert result.ok, "\n".join(map(str, result.findings))


def test_extract_with_another_window_runs_unchanged(tmp_path):
    """A 2008Q1-2019Q4 extract: the mapping's window reaches the panel; registers and panel are
    those of synthetic data generated over that window."""
    from mia_helpers.panel import PanelSpec, build_panel
    from mia_helpers.quarters import Window
    from mia_helpers.synthetic import generate

    window = Window.from_labels("2008Q1", "2019Q4")
    data = tmp_path / "w12"
    generate(data, 5, 300, 150, window=window, truth=False)
    build_panel(data, PanelSpec(window=window))
    mapping = write_raw_fixture(data, tmp_path / "fixture", seed=4)
    m = yaml.safe_load(mapping.read_text())
    m["window"] = {"start": "2008Q1", "end": "2019Q4"}
    mapping.write_text(yaml.safe_dump(m, sort_keys=False))
    out = tmp_path / "extract"
    assert cli.main(["adapt", "--mapping", str(mapping), "--out", str(out), "--panel"]) == 0
    for table in SPECS:
        assert_frame_equal(pd.read_parquet(out / f"{table}.parquet"),
                                      pd.read_parquet(data / f"{table}.parquet"), obj=table)
    panel = pd.read_parquet(out / "panel.parquet")
    assert_frame_equal(panel, pd.read_parquet(data / "panel.parquet"))
    assert panel.quarter.min() >= 12 and panel.quarter.max() == 59
    meta = json.loads((out / "panel_meta.json").read_text())
    assert meta["spec"]["window"] == [12, 59]


# ------------------------------------------------- malformed raw lines and implausible values


def _copy_raw(raw: Path, tmp_path: Path) -> Path:
    """A writable copy of the fixture's raw files."""
    src = Path(_mapping_dict(raw)["source_dir"])
    bad = tmp_path / "raw"
    bad.mkdir()
    for f in src.iterdir():
        (bad / f.name).write_bytes(f.read_bytes())
    return bad


def _edit_lines(path: Path, edit: dict[int, str]) -> None:
    """Replace lines of a text file by line number (the header is line 1)."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    for number, fn in edit.items():
        lines[number - 1] = fn(lines[number - 1].rstrip("\r\n")) + "\n"
    path.write_text("".join(lines), encoding="utf-8")


def test_csv_lines_with_more_or_fewer_fields_are_refused_naming_file_and_lines(raw, tmp_path):
    """pandas reads a line with an extra field silently (usecols drops it) and pads a short
    line with missing values: a registration whose end date and reason are cut off would be
    read as a spell still running. Both are refused, with the file, the line numbers and what
    to do, and nothing is written."""
    bad = _copy_raw(raw, tmp_path)
    reg = bad / "vdab_inschrijvingen.csv"
    lines = reg.read_text().splitlines()
    ended = next(i + 1 for i, line in enumerate(lines) if i >= 10 and line.split(";")[2])
    _edit_lines(reg, {4: lambda s: s + ";EXTRA", 9: lambda s: s + ";X;Y",
                      ended: lambda s: ";".join(s.split(";")[:2])})
    with pytest.raises(MappingFileError) as info:
        adapt(raw, source_dir=bad)
    msg = str(info.value)
    assert str(reg) in msg and "'vdab_registrations'" in msg
    assert "3 lines" in msg and "header (4 fields" in msg
    assert "2 with more" in msg and "1 with fewer" in msg
    for line, fields in ((4, 5), (9, 6), (ended, 2)):
        assert f"line {line} ({fields} fields)" in msg
    assert "what to do" in msg.lower() and "sep" in msg
    # through the command line: exit status 2, no register written
    out = tmp_path / "out"
    assert cli.main(["adapt", "--mapping", str(raw), "--source", str(bad), "--out", str(out)]) == 2
    assert not (out / "vdab_registrations.parquet").exists()


def test_every_line_one_field_too_many_is_refused_not_shifted(raw, tmp_path):
    """One more field on every data line of a file whose columns the mapping reads only in part
    (NAAM is not read): pandas takes the first column as the row index and reads every value
    one column to the left (the old adapter then listed sexes as unmapped sample codes)."""
    bad = _copy_raw(raw, tmp_path)
    persons = bad / "personen.csv"
    n = len(persons.read_text().splitlines())
    _edit_lines(persons, {i: (lambda s: s + ";X") for i in range(2, n + 1)})
    with pytest.raises(MappingFileError, match=rf"{n - 1} lines.*line 2 \(18 fields\)"):
        adapt(raw, source_dir=bad)


def test_raw_lines_are_checked_before_any_file_is_read_in_full(raw, tmp_path):
    """An unmapped code in the first register (found only when it is read) and a bad line in
    the last: the line is reported, since every file's layout is checked first."""
    bad = _copy_raw(raw, tmp_path)
    persons = pd.read_csv(bad / "personen.csv", sep=";", dtype=str, keep_default_na=False)
    persons.loc[persons.index[:3], "GESLACHT"] = "X"
    persons.to_csv(bad / "personen.csv", sep=";", index=False)
    _edit_lines(bad / "wse_arbeidskaarten.csv", {3: lambda s: s + ",1"})
    with pytest.raises(MappingFileError, match="wse_arbeidskaarten.csv.*line 3"):
        adapt(raw, source_dir=bad)


def test_quoted_separators_inside_values_are_not_extra_fields(synthetic, raw, tmp_path):
    bad = _copy_raw(raw, tmp_path)
    persons = pd.read_csv(bad / "personen.csv", sep=";", dtype=str, keep_default_na=False)
    persons["NAAM"] = "Doe; J."  # quoted by to_csv: one field
    persons.to_csv(bad / "personen.csv", sep=";", index=False)
    assert '"Doe; J."' in (bad / "personen.csv").read_text()
    res = adapt(raw, source_dir=bad)
    assert_frame_equal(res.registers["persons"],
                                  pd.read_parquet(synthetic / "persons.parquet"))


@pytest.mark.parametrize("read, message", [
    ({"sep": ";", "skiprows": 1}, r"read option \['skiprows'\] is not supported"),
    ({"sep": ";", "on_bad_lines": "skip"}, "on_bad_lines"),
    ({"sep": ";;"}, "separator must be one character"),
])
def test_read_options_that_would_hide_bad_lines_are_refused(raw, read, message):
    m = _mapping_dict(raw)
    m["registers"]["persons"]["read"] = read
    with pytest.raises(MappingFileError, match=message):
        load_mapping(m)


def test_a_misspelt_read_option_is_refused_by_name_before_reading(raw):
    """pandas would raise a bare TypeError only when the whole file is read."""
    m = _mapping_dict(raw)
    m["registers"]["persons"]["read"] = {"sep": ";", "encodng": "latin-1"}
    with pytest.raises(MappingFileError, match=r"register 'persons'.*'encodng' \(did you mean "
                                               r"'encoding'\?\)"):
        load_mapping(m)


def test_a_file_with_another_separator_says_which_separator_to_set(raw, tmp_path):
    """A comma-separated file read with the mapping's ';' has one header column holding every
    name: the error says to set ``sep: ','`` rather than listing 16 missing columns only."""
    bad = _copy_raw(raw, tmp_path)
    persons = pd.read_csv(bad / "personen.csv", sep=";", dtype=str, keep_default_na=False)
    persons.to_csv(bad / "personen.csv", sep=",", index=False)
    with pytest.raises(RegisterError, match=r"personen\.csv.*looks delimited by ','.*"
                                            r"`read: \{sep: ','\}` for register 'persons'"):
        adapt(raw, source_dir=bad)


def test_a_misspelt_source_column_says_to_correct_the_mapping(raw):
    m = _mapping_dict(raw)
    cols = m["registers"]["wse_permits"]["columns"]
    cols["KAART_TYPE"] = cols.pop("TYPE_KAART")
    with pytest.raises(RegisterError, match=r"wse_arbeidskaarten\.csv.*what to do: correct the "
                                            r"source column names.*'wse_permits'"):
        adapt(m)


def test_integers_the_register_type_cannot_hold_are_listed_not_wrapped(raw, tmp_path):
    """300 children would be cast to int8 as 44 (wrap-around) and pass every check."""
    bad = _copy_raw(raw, tmp_path)
    persons = pd.read_csv(bad / "personen.csv", sep=";", dtype=str, keep_default_na=False)
    persons.loc[persons.index[:2], "AANTAL_KINDEREN"] = "300"
    persons.to_csv(bad / "personen.csv", sep=";", index=False)
    with pytest.raises(MappingError) as info:
        adapt(raw, source_dir=bad)
    p = info.value.problems
    row = p[p.problem == "out_of_range"].iloc[0]
    assert (row.table, row.column, row.value, row["count"]) == ("persons", "children", "300", 2)
    assert "integer type" in str(info.value)


def test_implausible_birth_year_is_an_error_naming_the_raw_file(raw, tmp_path):
    bad = _copy_raw(raw, tmp_path)
    persons = pd.read_csv(bad / "personen.csv", sep=";", dtype=str, keep_default_na=False)
    persons.loc[persons.index[[1, 4]], "GEBOORTEJAAR"] = "1200"
    persons.to_csv(bad / "personen.csv", sep=";", index=False)
    with pytest.raises(RegisterError) as info:
        adapt(raw, source_dir=bad)
    err = info.value
    assert (err.table, err.rule, err.count) == ("persons", "implausible_value", 2)
    msg = str(err)
    assert str(bad / "personen.csv") in msg and "'birth_year'" in msg
    assert "1905..2016" in msg and "found 1200" in msg and "what to do" in msg
    assert err.examples["birth_year"].tolist() == [1200, 1200]


def test_quarter_index_holding_yyyymm_is_an_error(raw, tmp_path):
    """A yyyymm value (201103) mapped as `quarter_index` is out of the int16 range (listed);
    a year (2011) fits but is 500 years away from the window (implausible_value)."""
    bad = _copy_raw(raw, tmp_path)
    m = _mapping_dict(raw)
    m["registers"]["wse_permits"]["dates"]["quarter"] = "quarter_index"
    wse = pd.read_csv(bad / "wse_arbeidskaarten.csv", dtype=str)
    wse["KWARTAAL_TOEKENNING"] = [str(to_index(v)) for v in wse["KWARTAAL_TOEKENNING"]]
    wse.to_csv(bad / "wse_arbeidskaarten.csv", index=False)
    adapt(m, source_dir=bad)  # quarter indices: fine
    wse.loc[wse.index[0], "KWARTAAL_TOEKENNING"] = "201103"
    wse.to_csv(bad / "wse_arbeidskaarten.csv", index=False)
    with pytest.raises(MappingError, match="out_of_range"):
        adapt(m, source_dir=bad)
    wse.loc[wse.index[0], "KWARTAAL_TOEKENNING"] = "2011"
    wse.to_csv(bad / "wse_arbeidskaarten.csv", index=False)
    with pytest.raises(RegisterError) as info:
        adapt(m, source_dir=bad)
    assert (info.value.rule, info.value.count) == ("implausible_value", 1)
    assert "wse_arbeidskaarten.csv" in str(info.value) and "2011 (2507Q4)" in str(info.value)
