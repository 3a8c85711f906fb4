"""user27: one ``adapt`` run names every problem with its full count, checks the rules of
registers whose values it lists on the rows it could read, reports persons missing from
``persons`` without ``--panel``, and writes the problems one per row beside ``--out``.

Before: the second of two broken rules of a register was counted only among the rows without
the first ("counted among the rows without the problems listed before it"); a register with
one unmapped code got no rule or key check, so a second run found its duplicate persons; a
measure of a person not in ``persons`` was reported only by ``--panel``; the combined message
of a messy extract ran to hundreds of lines with no file to sort or filter.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_analyst19_adapt import _delivery, _persons
from test_user26_adapt_problems import _rewrite

from mia_helpers.adapters import adapt
from mia_helpers.adapters.core import (
    PROBLEM_COLUMNS,
    ExtractProblemsError,
    problems_path,
    schema_errors,
)
from mia_helpers.schemas import RegisterError


def test_every_rule_is_counted_over_all_rows_not_only_the_rest(tmp_path):
    m = _delivery(tmp_path)
    # person 1 has both an implausible birth year and -1 children: counted in both rules
    _rewrite(m, "personen.csv", lambda d: d.assign(GEBJAAR=["92", "1990", "1990", "1990"],
                                                     KINDEREN=["-1", "-1", "0", "0"]))
    with pytest.raises(RegisterError) as err:
        adapt(m)
    text = str(err.value)
    assert (err.value.rule, err.value.count) == ("implausible_value", 1)
    assert "breaks rule 'implausible_value': 2 rows (column 'children'" in text
    assert "counted among the rows without" not in text


def test_an_age_is_judged_only_where_the_birth_year_is_plausible():
    from mia_helpers.adapters.core import _cast
    from mia_helpers.quarters import to_index

    p = _cast("persons", pd.DataFrame({
        "person_id": [1, 2], "sample": "resident", "sex": "male", "birth_year": [92, 1950],
        "origin": "belgian", "generation": "native", "education": "low",
        "study_field": "general", "dutch_level": "good", "household": "single",
        "children": 0, "parent_employed": True, "parent_education": "low",
        "school_leaving_quarter": [to_index("2008Q1"), to_index("1955Q1")],
        "arrival_quarter": None, "residence_ground": None}))
    errs = {e.detail.split(":")[0]: e for e in schema_errors("persons", p)}
    assert errs["column 'birth_year'"].count == 1
    # person 2 left school at age 5; person 1's age (1916) is not judged, and said so
    school = errs["column 'school_leaving_quarter'"]
    assert school.count == 1 and "1 other row with an implausible or unread 'birth_year' " \
        "are not judged here" in school.detail


def test_key_rules_run_on_the_readable_rows_of_a_register_with_unmapped_codes(tmp_path):
    p = _persons()
    p = pd.concat([p, p.iloc[[0]]])  # person 1 twice
    p.iloc[1, p.columns.get_loc("GESLACHT")] = "X"  # an unmapped sex
    m = _delivery(tmp_path, persons=p)
    with pytest.raises(ExtractProblemsError) as err:
        adapt(m)
    text = str(err.value)
    assert "unmapped_code" in text
    assert "register 'persons'" in text and "breaks rule 'duplicate_key': 2 row(s)" in text


def test_rows_with_an_unparseable_key_date_are_left_out_of_the_key_check_and_counted(tmp_path):
    m = _delivery(tmp_path, registrations=[
        {"ID": "1", "BEGIN": "15/02/2008", "EINDE": "", "REDEN": ""},
        {"ID": "1", "BEGIN": "15/05/2008", "EINDE": "", "REDEN": ""},
        {"ID": "2", "BEGIN": "2008-02-15", "EINDE": "", "REDEN": ""}])
    with pytest.raises(ExtractProblemsError) as err:
        adapt(m)
    text = str(err.value)
    assert "unparseable_date" in text
    assert "breaks rule 'overlapping_spells': 1 row" in text
    assert "checked on the 2 of 3 rows whose person_id, start_quarter, end_quarter could " \
           "be read and are not empty (1 row left out" in text


def test_persons_missing_from_persons_are_reported_without_panel(tmp_path, capsys):
    from mia_helpers import cli

    m = _delivery(tmp_path, measures=[
        {"ID": "1", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"},
        {"ID": "77", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"}])
    res = adapt(m, tmp_path / "x")
    assert res.not_in_persons.to_dict("records") == [
        {"table": "vdab_measures", "rows": 1, "persons": 1, "example_ids": "77"}]
    log = pd.read_csv(tmp_path / "x" / "adapt_log.csv").set_index("table")
    assert log.loc["vdab_measures", "rows_not_in_persons"] == 1
    assert log.loc["persons", "rows_not_in_persons"] == 0
    import yaml

    (tmp_path / "m.yaml").write_text(yaml.safe_dump(m, allow_unicode=True))
    assert cli.main(["adapt", "--mapping", str(tmp_path / "m.yaml"),
                     "--out", str(tmp_path / "y")]) == 0
    out = capsys.readouterr().out
    assert "vdab_measures 1 row of 1 person, e.g. ids 77" in out
    assert "inside the secure environment only" in out


def test_text_pseudonyms_missing_from_persons_are_shown_as_written(tmp_path):
    m = _delivery(tmp_path, measures=[
        {"ID": "0042", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"}])
    m["person_ids"] = "text"
    res = adapt(m)
    assert res.not_in_persons.example_ids.tolist() == ["0042"]  # not its number


def test_a_failed_run_writes_one_row_per_problem_beside_out(tmp_path):
    p = _persons()
    p.iloc[1, p.columns.get_loc("GESLACHT")] = "X"
    m = _delivery(tmp_path, persons=pd.concat([p, p.iloc[[0]]]), measures=[
        {"ID": "9", "ACTIE": "OPLEIDING", "START": "01/04/2008", "EINDE": "30/06/2008"}])
    _rewrite(m, "ksz.csv", lambda d: d.drop(columns="LOON"))
    out = tmp_path / "extract"
    with pytest.raises(ExtractProblemsError) as err:
        adapt(m, out)
    path = problems_path(out)
    assert path == tmp_path / "extract.adapt_problems.csv" and not out.exists()
    assert str(path) in str(err.value).splitlines()[0] and str(path) in str(err.value)
    t = pd.read_csv(path, dtype=str, keep_default_na=False)
    assert list(t.columns) == PROBLEM_COLUMNS
    got = {(r.register, r.column, r.rule, r.count) for r in t.itertuples()}
    assert ("ksz_positions", "wage_class", "missing_source_column", "1") in got
    assert ("persons", "sex", "unmapped_code", "1") in got
    assert ("vdab_measures", "measure", "unmapped_code", "1") in got
    assert ("persons", "person_id", "duplicate_key", "2") in got
    assert t["values"][t.rule == "duplicate_key"].tolist() == ["e.g. person ids 1"]
    assert all(t.remedy[t.number != ""] != "")
    # the numbered rows are the message's [1], [2]...
    assert int(t.number[t.number != ""].astype(int).max()) == str(err.value).count("\n[")
    # a later successful run removes it
    (tmp_path / "ok").mkdir()
    m2 = _delivery(tmp_path / "ok")
    adapt(m2, out)
    assert not path.exists()


def test_text_ids_that_differ_only_in_leading_zeros_are_an_error_not_orphans(tmp_path):
    p = _persons()
    p["ID"] = p.ID.str.zfill(8)  # persons: 00000001; the other registers: 1
    m = _delivery(tmp_path, persons=p)
    m["person_ids"] = "text"
    with pytest.raises(RegisterError) as err:
        adapt(m, tmp_path / "x")
    text = str(err.value)
    t = pd.read_csv(problems_path(tmp_path / "x"), dtype=str, keep_default_na=False)
    assert set(t.register[t.rule == "person_id_leading_zeros"]) == {
        "vdab_registrations", "vdab_measures"}  # every register, not only the first
    assert "breaks rule 'person_id_leading_zeros'" in text
    assert "remove `person_ids: text` from the mapping" in text
    assert "00000001" in text
    del m["person_ids"]  # read as numbers they are the same persons
    assert not adapt(m).not_in_persons.shape[0]


def test_a_far_future_end_date_is_offered_na_values_in_the_files_own_layout(tmp_path):
    m = _delivery(tmp_path, registrations=[
        {"ID": "1", "BEGIN": "20080215", "EINDE": "99991231", "REDEN": ""}])
    m["registers"]["vdab_registrations"]["dates"] = {"start_quarter": "%Y%m%d",
                                                     "end_quarter": "%Y%m%d"}
    out = tmp_path / "extract"
    with pytest.raises(RegisterError) as err:
        adapt(m, out)
    assert "`read: {na_values: {EINDE: ['99991231']}}`" in str(err.value)
    t = pd.read_csv(problems_path(out), dtype=str, keep_default_na=False)
    row = t[t.rule == "implausible_value"].iloc[0]
    assert row.source_column == "EINDE" and row.file.endswith("raw/inschrijvingen.csv")
    assert "na_values: {EINDE: ['99991231']}" in row.remedy


def test_a_quarter_like_20103_read_as_a_month_is_refused_not_shifted(tmp_path):
    from mia_helpers.adapters import MappingError

    m = _delivery(tmp_path)
    m["registers"]["ksz_positions"]["dates"] = {"quarter": "%Y%m"}  # the data are 20081..20084
    with pytest.raises(MappingError) as err:
        adapt(m)
    text = str(err.value)
    assert "ksz_positions.quarter" in text and "ambiguous_date" in text
    assert "the listed values read with the format '%Y%q'" in text
    # zero-padded months stay readable, and unpadded days are caught too
    from mia_helpers.adapters import dates as D
    from mia_helpers.adapters.core import ambiguous_dates

    s = pd.Series(["201003", "2010315", "20100315", None])
    assert ambiguous_dates(s, D.parse_dates(s, "%Y%m"), "%Y%m").tolist() == [False] * 4
    assert ambiguous_dates(s, D.parse_dates(s, "%Y%m%d"), "%Y%m%d").tolist() == [
        False, True, False, False]


def test_spreadsheet_day_numbers_and_two_digit_years_are_guessed_and_read(tmp_path):
    from mia_helpers.adapters.core import guess_date_formats

    assert guess_date_formats(pd.Series(["39448", "40179"])) == ["excel_days"]  # not '%Y%m'
    assert guess_date_formats(pd.Series(["20103", "20104"])) == ["%Y%q"]
    assert guess_date_formats(pd.Series(["15/07/15", "01/02/09"])) == ["%d/%m/%y"]
    m = _delivery(tmp_path, measures=[
        {"ID": "1", "ACTIE": "IBO", "START": "39539", "EINDE": "39629"}])  # 2008-04-01..06-30
    m["registers"]["vdab_measures"]["dates"] = {"start_quarter": "excel_days",
                                                "end_quarter": "excel_days"}
    got = adapt(m).registers["vdab_measures"]
    assert (got.start_quarter.tolist(), got.end_quarter.tolist()) == ([13], [13])  # 2008Q2


def test_a_date_format_kept_in_quotes_is_refused_with_the_format_meant(tmp_path):
    from mia_helpers.adapters import MappingFileError

    m = _delivery(tmp_path)
    m["registers"]["abb_inburgering"]["dates"] = {"quarter": '"%Y-Q%q"'}
    with pytest.raises(MappingFileError, match="write it quoted once in the YAML: '%Y-Q%q'"):
        adapt(m)


@pytest.mark.parametrize("col", ["rows_not_in_persons", "persons_not_in_persons"])
def test_the_new_adapt_log_columns_are_read_as_counts_by_export_check(col):
    from mia_helpers import disclosure_vocabulary as vocab

    assert vocab.is_count_name(col) and not vocab.is_non_count_name(col)


def test_a_header_repeated_inside_a_joined_file_is_named_by_its_line(tmp_path):
    from mia_helpers.adapters import MappingFileError

    m = _delivery(tmp_path, measures=[
        {"ID": "1", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"}] * 2)
    path = tmp_path / "raw" / "acties.csv"
    lines = path.read_text(encoding="latin-1").splitlines()
    path.write_text("\n".join([*lines[:2], lines[0], *lines[2:]]) + "\n", encoding="latin-1")
    with pytest.raises(MappingFileError, match=r"repeats its header line on 1 line: "
                                               r"line 3 \(files joined"):
        adapt(m)


def test_overlapping_registrations_show_both_spells_of_an_overlap(tmp_path):
    m = _delivery(tmp_path, registrations=[
        {"ID": "1", "BEGIN": "15/01/2008", "EINDE": "10/03/2008", "REDEN": "Werk"},
        {"ID": "1", "BEGIN": "15/02/2008", "EINDE": "10/08/2008", "REDEN": "Werk"},
        {"ID": "1", "BEGIN": "15/11/2008", "EINDE": "", "REDEN": ""}])
    with pytest.raises(RegisterError) as err:
        adapt(m)
    e = err.value
    assert (e.rule, e.count) == ("overlapping_spells", 1)
    assert e.examples.overlaps_earlier.tolist() == [False, True, False]
    assert e.examples.start_quarter.tolist() == ["2008Q1", "2008Q1", "2008Q4"]  # newuser30


def test_a_monthly_file_with_an_unmapped_code_still_has_its_values_checked(tmp_path):
    from test_analyst19_adapt import ENC

    m = _delivery(tmp_path)
    k = m["registers"]["ksz_positions"]
    k["columns"]["KW"] = "month"
    del k["dates"]
    k["monthly"] = {"column": "month", "format": "%Y%m", "rule": "last"}
    months = ["200801", "200802", "200803"]
    pd.DataFrame([{"ID": str(i), "KW": mo, "POS": "Loontrekkende" if i != 2 else "Arbeider",
                   "VTE": "150" if i == 3 else "1,0", "LOON": "2", "REG": "J"}
                  for i in range(1, 5) for mo in months]).to_csv(
        tmp_path / "raw" / "ksz.csv", sep=";", index=False, encoding=ENC)
    with pytest.raises(ExtractProblemsError) as err:
        adapt(m)
    text = str(err.value)
    assert "ksz_positions position unmapped_code Arbeider      3" in text
    assert "breaks rule 'implausible_value': 3 row(s) (column 'fte_fraction'" in text
    assert "counted in month rows of the monthly file" in text


def test_text_ids_read_from_a_float_parquet_column_are_an_error_not_orphans(tmp_path):
    m = _delivery(tmp_path)
    m["person_ids"] = "text"
    pd.DataFrame({"ID": [1.0, 2.0], "STAP": ["A", "A"], "KW": ["2008Q1", "2008Q2"],
                  "VERPLICHT": ["true", "true"]}).to_parquet(tmp_path / "raw" / "abb.parquet")
    m["registers"]["abb_inburgering"].update(file="abb.parquet", codes={"step": {
        "A": "registration"}})
    m["registers"]["abb_inburgering"].pop("read", None)
    with pytest.raises(RegisterError) as err:
        adapt(m)
    assert "breaks rule 'person_id_leading_zeros': 2 row(s)" in str(err.value)
    assert err.value.examples.id_in_register.tolist() == ["1.0", "2.0"]


def test_nulls_are_counted_per_column_not_over_the_union_of_columns():
    # schemas.validate_register counts the rows with a null in *any* column under the first
    # column's name (3 for 'sex' here); the adapter counts each column's own rows
    from mia_helpers.adapters.core import _cast

    p = _cast("persons", pd.DataFrame({
        "person_id": [1, 2, 3, 4], "sample": "resident", "sex": ["male", None, None, "male"],
        "birth_year": 1990, "origin": "belgian", "generation": "native",
        "education": ["low", "low", None, None], "study_field": "general",
        "dutch_level": "good", "household": "single", "children": 0,
        "parent_employed": True, "parent_education": "low", "school_leaving_quarter": None,
        "arrival_quarter": None, "residence_ground": None}))
    got = [(e.rule, e.count, e.detail) for e in schema_errors("persons", p)]
    assert got == [("null_value", 2, "column 'sex'"), ("null_value", 2, "column 'education'")]


def test_a_birth_date_is_named_as_a_date_and_read_as_its_year_with_a_format(tmp_path):
    from mia_helpers.adapters import MappingError

    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(GEBJAAR="12.05.1990"))
    with pytest.raises(MappingError) as err:
        adapt(m)
    assert "give the column a format under `dates:`, e.g. `dates: {birth_year: " \
           "'%d.%m.%Y'}`" in str(err.value)
    m["registers"]["persons"]["dates"]["birth_year"] = "%d.%m.%Y"
    assert adapt(m).registers["persons"].birth_year.tolist() == [1990] * 4
    m["registers"]["persons"]["dates"]["birth_year"] = "%Y%q"
    from mia_helpers.adapters import MappingFileError

    with pytest.raises(MappingFileError, match="is read from a date as its year"):
        adapt(m)


def test_examples_of_a_broken_rule_show_text_pseudonyms_not_their_numbers(tmp_path):
    p = _persons()
    p["ID"] = ["a9f3", "b7e1", "c001", "d4d4"]
    m = _delivery(tmp_path, persons=pd.concat([p, p.iloc[[2]]]), registrations=[
        {"ID": "c001", "BEGIN": "15/02/2008", "EINDE": "", "REDEN": ""}], measures=[])
    m["person_ids"] = "text"
    with pytest.raises(RegisterError) as err:
        adapt(m)
    assert (err.value.rule, err.value.count) == ("duplicate_key", 2)
    assert err.value.examples.person_id.tolist() == ["c001", "c001"]
