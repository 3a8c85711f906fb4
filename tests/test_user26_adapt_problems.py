"""A new analyst's messy extract through ``adapt`` (user26): every problem in one run.

A hand-made extract mangled like a real one (columns missing from several registers at once,
a renamed column, unmapped codes in several columns, dates in another format, NULL written for
a missing end date, 31/12/9999 for a spell still running, duplicated person-months, Latin-1)
showed: ``adapt`` stopped at the first missing column, so the unmapped codes (and every other
register's missing columns) needed further runs; a missing end-date column was offered
``constants: {end_quarter: null}`` (every spell still running); ``read: {na_values: [NULL]}``
made every empty field the text ""; an encoding error gave an offset into a pandas chunk;
"true"/"false" in a boolean column were refused as unmapped while the message listed
"true, false" as our values; repeated rows got no printed note; a window taken by default
dropped later quarters with only an exclusion count. Each test below holds one of these.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_analyst19_adapt import ENC, _delivery

from mia_helpers import cli
from mia_helpers.adapters import MappingError, MappingFileError, adapt, load_mapping
from mia_helpers.adapters.core import ExtractProblemsError, guess_date_formats
from mia_helpers.cli.adapt import window_note
from mia_helpers.schemas import RegisterError


def _rewrite(m: dict, file: str, change) -> None:
    """Apply ``change`` to the raw CSV ``file`` of delivery ``m`` (all text, Latin-1)."""
    path = f"{m['source_dir']}/{file}"
    df = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding=ENC)
    change(df).to_csv(path, sep=";", index=False, encoding=ENC)


def test_one_run_lists_every_missing_column_and_every_value_problem(tmp_path):
    m = _delivery(tmp_path, measures=[
        {"ID": "1", "ACTIE": "OPL_TAAL", "START": "01/04/2008", "EINDE": "30/06/2008"}])
    _rewrite(m, "personen.csv", lambda d: d.rename(columns={"GESLACHT": "GESL"}).assign(
        HERKOMST=["Belgie"] * 3 + ["Maghreb"]))
    _rewrite(m, "ksz.csv", lambda d: d.drop(columns="LOON"))
    _rewrite(m, "inschrijvingen.csv", lambda d: d.assign(BEGIN="2008-02-15"))
    with pytest.raises(ExtractProblemsError) as err:
        adapt(m)
    e, text = err.value, str(err.value)
    # caught by any handler written for the single errors it replaces
    assert isinstance(e, RegisterError) and isinstance(e, MappingError)
    assert isinstance(e, MappingFileError)
    assert e.rule == "missing_source_column" and e.table == "persons"
    assert "'GESLACHT' (-> sex, may not be empty; the file has 'GESL'" in text
    assert "'LOON' (-> wage_class)" in text and "constants: {wage_class: null}" in text
    p = e.problems.set_index(["table", "column"])
    # persons lacks a column, yet the codes of its other columns are read and listed
    assert p.loc[("persons", "origin"), "value"] == "Belgie"
    assert p.loc[("vdab_measures", "measure"), "value"] == "OPL_TAAL"
    assert p.loc[("vdab_registrations", "start_quarter"), "problem"] == "unparseable_date"
    assert "the listed values read with the format '%Y-%m-%d'" in text
    assert text.count("\n[") == 3  # two registers' columns, one block of values


def test_a_single_problem_keeps_its_own_error(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "ksz.csv", lambda d: d.drop(columns="LOON"))
    with pytest.raises(RegisterError, match="missing_source_column") as err:
        adapt(m)
    assert not isinstance(err.value, ExtractProblemsError)
    m = _delivery(tmp_path, measures=[
        {"ID": "1", "ACTIE": "OPL_TAAL", "START": "01/04/2008", "EINDE": "30/06/2008"}])
    with pytest.raises(MappingError) as err:
        adapt(m)
    assert not isinstance(err.value, ExtractProblemsError)


def test_a_missing_end_date_column_is_not_offered_null(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "acties.csv", lambda d: d.drop(columns="EINDE"))
    _rewrite(m, "inschrijvingen.csv", lambda d: d.drop(columns="REDEN"))
    with pytest.raises(ExtractProblemsError) as err:
        adapt(m)
    text = str(err.value)
    assert "constants: {end_quarter: null}" not in text
    assert "empty means a spell still running" in text and "ask the data owner" in text
    assert "constants: {end_reason: null}" in text  # an attribute may be declared missing


def test_several_optional_columns_missing_are_all_offered_null(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "ksz.csv", lambda d: d.drop(columns=["LOON", "REG"]))
    with pytest.raises(RegisterError) as err:
        adapt(m)
    assert "constants: {wage_class: null, regular: null}" in str(err.value)


def test_a_file_with_missing_columns_still_has_its_lines_and_encoding_checked(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.drop(columns="OPLEIDING"))
    m["registers"]["persons"]["read"] = {"sep": ";"}  # Latin-1 read as UTF-8
    with pytest.raises(ExtractProblemsError) as err:
        adapt(m)
    text = str(err.value)
    assert "'OPLEIDING' (-> education" in text
    # the line of the first byte that is not UTF-8 (header = line 1), not a chunk offset
    assert "is not in encoding 'utf-8' (byte b'\\xeb' on line 2" in text


def test_na_values_keep_empty_fields_missing_and_null_texts_are_named(tmp_path):
    regs = [{"ID": "1", "BEGIN": "15/02/2008", "EINDE": "NULL", "REDEN": ""}]
    m = _delivery(tmp_path, registrations=regs)
    with pytest.raises(MappingError) as err:
        adapt(m)
    assert "`read: {na_values: {EINDE: ['NULL']}}`" in str(err.value)
    m["registers"]["vdab_registrations"]["read"]["na_values"] = {"EINDE": ["NULL"]}
    reg = adapt(m).registers["vdab_registrations"]  # REDEN "" stays missing, not code ""
    assert reg.end_quarter.isna().all() and reg.end_reason.isna().all()
    m["registers"]["vdab_registrations"]["read"]["na_values"] = ["NULL"]
    assert adapt(m).registers["vdab_registrations"].end_reason.isna().all()


def test_far_future_end_dates_are_explained_as_still_running(tmp_path):
    regs = [{"ID": "1", "BEGIN": "15/02/2008", "EINDE": "31/12/9999", "REDEN": ""}]
    m = _delivery(tmp_path, registrations=regs)
    with pytest.raises(RegisterError, match="implausible_value") as err:
        adapt(m)
    assert "`read: {na_values: {EINDE: ['31/12/9999']}}`" in str(err.value)
    m["registers"]["vdab_registrations"]["read"]["na_values"] = {"EINDE": "31/12/9999"}
    assert adapt(m).registers["vdab_registrations"].end_quarter.isna().all()


def test_date_formats_are_guessed_from_the_values():
    assert guess_date_formats(pd.Series(["20100601", "20141231"])) == ["%Y%m%d"]
    assert guess_date_formats(pd.Series(["2011K3", "2012k1"])) == ["%YK%q"]
    assert guess_date_formats(pd.Series(["20113"])) == ["%Y%q"]  # not also %Y%m
    both = guess_date_formats(pd.Series(["01/02/2010", "03/04/2011"]))
    assert both[:2] == ["%d/%m/%Y", "%m/%d/%Y"]  # both named: the values cannot tell
    assert guess_date_formats(pd.Series(["gisteren"])) == []


def test_duplicate_person_months_are_listed_with_the_other_registers_errors(tmp_path):
    m = _delivery(tmp_path, ksz_quarters=("200801", "200801", "200802"))
    k = m["registers"]["ksz_positions"]
    k["columns"]["KW"] = "month"
    del k["dates"]
    k["monthly"] = {"column": "month", "format": "%Y%m"}
    _rewrite(m, "personen.csv", lambda d: pd.concat([d, d.iloc[:1]]))  # person 1 twice
    with pytest.raises(RegisterError) as err:
        adapt(m)
    text = str(err.value)
    assert "duplicate_person_month" in text and "'duplicate_key'" in text


def test_true_and_false_text_is_read_as_booleans_without_a_map(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(OUDER_WERKT=["true", "False", " TRUE", ""]))
    del m["registers"]["persons"]["codes"]["parent_employed"]
    with pytest.raises(RegisterError, match="null_value"):  # the empty one: may not be empty
        adapt(m)
    _rewrite(m, "personen.csv", lambda d: d.assign(OUDER_WERKT=["true", "False", " TRUE", "ja"]))
    with pytest.raises(MappingError) as err:  # "ja" still unmapped, alone
        adapt(m)
    assert err.value.problems.value.tolist() == ["ja"]
    _rewrite(m, "personen.csv", lambda d: d.assign(OUDER_WERKT=["true", "False", " TRUE", "false"]))
    got = adapt(m).registers["persons"].parent_employed.tolist()
    assert got == [True, False, True, False]


def test_adapt_prints_repeated_rows_and_quarters_outside_the_window(tmp_path, capsys):
    import yaml

    row = {"ID": "1", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"}
    m = _delivery(tmp_path, measures=[row, row], ksz_quarters=("20081", "20082", "20091"))
    (tmp_path / "mapping.yaml").write_text(yaml.safe_dump(m, allow_unicode=True))
    assert cli.main(["adapt", "--mapping", str(tmp_path / "mapping.yaml"),
                     "--out", str(tmp_path / "x")]) == 0
    out = capsys.readouterr().out
    assert "note: rows equal in every column" in out and "vdab_measures 1 of 2" in out
    assert "note: 4 of 12 KSZ person-quarters lie outside the window 2008Q1..2008Q4; the " \
           "panel leaves them out (outside_window) (window: the mapping's `window:`)" in out
    assert "set `window: {start: 2008Q1, end: 2009Q1}`" in out
    del m["window"]
    q = pd.DataFrame({"quarter": [0, 48]})  # 2005Q1, 2017Q1
    note = window_note(load_mapping(m), {"ksz_positions": q})
    assert "taken because the mapping has no `window:`" in note
    assert "reaches beyond" not in note
    note = window_note(load_mapping(m), {"ksz_positions": q.iloc[:1]})  # only 2005Q1
    assert "the window 2005Q1..2016Q4 reaches beyond the extract's KSZ quarters" in note
    assert "outside" not in note and window_note(load_mapping(m), {
        "ksz_positions": pd.DataFrame({"quarter": [0, 47]})}) == ""


def test_no_ksz_quarter_in_the_window_is_an_error_not_an_empty_panel(tmp_path):
    m = _delivery(tmp_path)
    m["window"] = {"start": "2020Q1", "end": "2024Q4"}
    with pytest.raises(RegisterError, match="'no_quarter_in_window'") as err:
        adapt(m, tmp_path / "x")
    assert "window 2020Q1..2024Q4; they run 2008Q1..2008Q4" in str(err.value)
    assert not (tmp_path / "x" / "persons.parquet").exists()


def test_monthly_rows_read_as_quarters_are_told_to_use_monthly_not_to_delete(tmp_path):
    m = _delivery(tmp_path, ksz_quarters=("200801", "200802", "200803", "200804"))
    m["registers"]["ksz_positions"]["dates"]["quarter"] = "%Y%m"
    with pytest.raises(RegisterError, match="'duplicate_key'") as err:
        adapt(m)
    text = str(err.value)
    assert "4 of 8 person-quarters have 2 or 3 rows" in text
    assert "map `KW: month` under `columns:`" in text
    assert "`monthly: {column: month, format: '%Y%m', rule: last}`" in text
    assert "keep one row per key in the source extract" not in text  # fp27: no contradiction
    k = m["registers"]["ksz_positions"]  # doing what it says works
    k["columns"]["KW"] = "month"
    del k["dates"]
    k["monthly"] = {"column": "month", "format": "%Y%m", "rule": "last"}
    assert len(adapt(m).registers["ksz_positions"]) == 8


def test_a_code_that_differs_only_in_case_or_accents_is_named_with_its_twin(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(GESLACHT=["MAN", "Vrouw", "Man", "Vrouw"],
                                                     HERKOMST=["Belgie"] * 3 + ["Maghreb"]))
    with pytest.raises(MappingError) as err:
        adapt(m)
    text = str(err.value)
    assert "'MAN' ~ 'Man'" in text and "'Belgie' ~ 'België'" in text
    assert text.count(" ~ ") == 2


def test_windows_text_read_as_latin1_is_named_with_cp1252(tmp_path):
    m = _delivery(tmp_path)
    path = f"{m['source_dir']}/personen.csv"
    df = pd.read_csv(path, sep=";", dtype=str, keep_default_na=False, encoding=ENC)
    df["GENERATIE"] = ["autochtoon"] * 3 + ["1ste generatie \u2013 nieuw"]  # an en dash
    df.to_csv(path, sep=";", index=False, encoding="cp1252")
    m["registers"]["persons"]["codes"]["generation"]["1ste generatie \u2013 nieuw"] = "first"
    with pytest.raises(MappingError, match="set `read: {encoding: cp1252}` for register "
                                           "'persons'"):
        adapt(m)  # read as latin-1: the dash is U+0096
    m["registers"]["persons"]["read"]["encoding"] = "cp1252"
    assert adapt(m).registers["persons"].generation.tolist()[-1] == "first"


def test_a_column_both_mapped_and_constant_is_refused(tmp_path):
    m = _delivery(tmp_path)
    m["registers"]["ksz_positions"]["constants"] = {"wage_class": None}
    with pytest.raises(MappingFileError, match=r"both under `columns:` and `constants:`: "
                                               r"'wage_class' \(source column 'LOON'\)"):
        load_mapping(m)


def test_the_mapping_does_not_offer_null_for_an_end_date(tmp_path):
    m = _delivery(tmp_path)
    del m["registers"]["vdab_measures"]["columns"]["EINDE"]
    del m["registers"]["vdab_measures"]["dates"]["end_quarter"]
    with pytest.raises(MappingFileError, match="no source for register columns") as err:
        load_mapping(m)
    assert "constants: {end_quarter: null}" not in str(err.value)
    assert "empty means a spell still running" in str(err.value)


def test_a_column_mixing_date_layouts_is_not_told_to_change_its_format(tmp_path):
    regs = [{"ID": "1", "BEGIN": "15/02/2008", "EINDE": "2008-08-10", "REDEN": "Werk"},
            {"ID": "2", "BEGIN": "15/02/2008", "EINDE": "10/08/2008", "REDEN": "Werk"}]
    with pytest.raises(MappingError) as err:
        adapt(_delivery(tmp_path, registrations=regs))
    text = str(err.value)
    assert "the listed values read with the format '%Y-%m-%d'" in text
    assert "1 other value of the column read with the mapping's format '%d/%m/%Y', so the " \
           "column mixes layouts: do not change the format" in text
    regs[1]["EINDE"] = "2008-08-10"  # all in the other layout: change the format
    with pytest.raises(MappingError) as err:
        adapt(_delivery(tmp_path, registrations=regs))
    assert "mixes layouts" not in str(err.value)


def test_person_ids_are_digits_not_numbers_read_loosely(tmp_path):
    regs = [{"ID": "1,000", "BEGIN": "15/02/2008", "EINDE": "", "REDEN": ""},
            {"ID": "1e0", "BEGIN": "15/02/2008", "EINDE": "", "REDEN": ""},
            {"ID": " 2.0", "BEGIN": "15/02/2008", "EINDE": "", "REDEN": ""}]
    with pytest.raises(MappingError) as err:
        adapt(_delivery(tmp_path, registrations=regs))
    p = err.value.problems
    assert sorted(p.value) == ["1,000", "1e0"] and set(p.problem) == {"not_an_integer"}


def test_the_mapping_names_a_problem_of_every_register_at_once(tmp_path):
    m = _delivery(tmp_path)
    m["registers"]["persons"]["codes"]["sex"] = {"Man": "man"}  # not our code
    m["registers"]["vdab_measures"]["dates"]["end_quarter"] = "dd/mm/yyyy"
    with pytest.raises(MappingFileError) as err:
        load_mapping(m)
    text = str(err.value)
    assert text.startswith("2 registers of the mapping have a problem")
    assert "[1] mapping register 'persons' codes of 'sex': targets ['man']" in text
    assert "[2] mapping register 'vdab_measures' dates of 'end_quarter'" in text


def test_a_file_in_another_encoding_still_has_its_codes_listed(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(GENERATIE=["autochtoon"] * 3 + ["1ste gen"]))
    m["registers"]["persons"]["read"] = {"sep": ";"}  # Latin-1 read as UTF-8
    with pytest.raises(ExtractProblemsError) as err:
        adapt(m)
    assert "is not in encoding 'utf-8'" in str(err.value)
    assert err.value.problems.value.tolist() == ["1ste gen"]  # read as latin-1 to list it


def test_a_missing_id_column_with_text_ids_is_listed_not_a_crash(tmp_path):
    m = _delivery(tmp_path)
    m["person_ids"] = "text"
    _rewrite(m, "acties.csv", lambda d: d.rename(columns={"ID": "id "}))
    _rewrite(m, "ksz.csv", lambda d: d.drop(columns="LOON"))
    with pytest.raises(ExtractProblemsError) as err:
        adapt(m)
    assert "'ID' (-> person_id, may not be empty; the file has 'id '" in str(err.value)


def test_a_header_read_with_the_wrong_separator_gets_no_remedy_per_column(tmp_path):
    m = _delivery(tmp_path)
    m["registers"]["persons"]["read"] = {"sep": ",", "encoding": ENC}
    with pytest.raises(RegisterError) as err:
        adapt(m)
    text = str(err.value)
    assert "set `read: {sep: ';'}` for register 'persons'" in text
    assert "ask the data owner" not in text and "constants:" not in text


def test_every_implausible_column_of_a_register_is_named_in_one_run(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(GEBJAAR=["92", "1990", "1990", "1990"],
                                                     KINDEREN=["0", "-1", "0", "0"]))
    _rewrite(m, "ksz.csv", lambda d: d.assign(VTE="100"))  # a percentage
    with pytest.raises(RegisterError) as err:
        adapt(m)
    e, text = err.value, str(err.value)
    assert (e.rule, e.count) == ("implausible_value", 1) and "column 'birth_year'" in text
    assert "2 more broken rules" in text
    assert "(column 'children': plausible values are 0..20 children; found -1)" in text
    assert "(column 'fte_fraction': plausible values are fractions of a full-time job, 0..1; " \
           "found 100)" in text


def test_a_raw_file_not_found_names_a_file_like_it(tmp_path):
    m = _delivery(tmp_path)
    (tmp_path / "raw" / "acties.csv").rename(tmp_path / "raw" / "Acties.CSV")
    with pytest.raises(MappingFileError, match="the folder has 'Acties.CSV': set `file:`"):
        adapt(m)


def test_repeated_ksz_person_quarters_are_told_apart_from_conflicting_ones(tmp_path):
    m = _delivery(tmp_path, ksz_quarters=("20081", "20081", "20082"))  # 2008Q1 twice
    pos = ["Loontrekkende"] * 12
    pos[10] = "Zelfstandige"  # person 4's second row of 2008Q1: another position
    _rewrite(m, "ksz.csv", lambda d: d.assign(POS=pos))
    m["registers"]["ksz_positions"]["codes"]["position"]["Zelfstandige"] = "self_employed"
    with pytest.raises(RegisterError, match="'duplicate_key': 8 row") as err:
        adapt(m)
    text = str(err.value)
    assert "3 rows repeat another row exactly (keep one of each), 2 rows give a " \
           "person-quarter different values" in text
    # newuser30: "10 row(s) (... 4 repeat, 3 differ)" did not add up for the reader; the count
    # names the person-quarters with several rows (all their rows, first copies included) and
    # those whose rows differ
    assert "all rows of the 4 person-quarters with several rows" in text
    assert "2 rows give a person-quarter different values (in 1 person-quarter;" in text


def test_adapt_help_names_the_mapping_format_and_what_a_failed_run_lists(capsys):
    with pytest.raises(SystemExit):
        cli.main(["adapt", "--help"])
    out = capsys.readouterr().out
    assert "mia_helpers/adapters/example_mapping.yaml" in out
    assert "python -m pydoc mia_helpers.adapters" in out
    assert "one run lists every problem it finds" in out


def test_empty_required_values_name_the_source_column_and_a_remedy_the_analyst_has(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(GESLACHT=["Man", "", "Man", "Vrouw"]))
    with pytest.raises(RegisterError, match="'null_value'") as err:
        adapt(m)
    text = str(err.value)
    assert "empty values (source column 'GESLACHT') (a person removed" in text
    # fp27: the remedy is said once, by the schema's rule, not contradicted by it
    assert "what to do: the column may not be empty and the panel never drops or fills rows " \
           "silently: ask the data owner for the values, or remove those rows from the raw " \
           "file and report the removal" in text
    assert "fill these values in" not in text and text.count("ask the data owner") == 1
