"""An analyst's own delivery through ``adapt`` (analyst19): small hand-made raw files.

A raw delivery disguised the way a data owner sends it (KSZ quarters as ``20103``, Dutch
labels, Latin-1, semicolons, WSE not delivered) showed: no date format could read ``20103``;
the unparseable-value error counted only the listed values as "distinct", named no raw file
or format and said nothing about what to do; ``adapt`` stopped at the first broken error rule,
so an analyst needed one 45-second run per problem; a chapter window beyond the extract named
one parameter per run; measure starts (and registration starts, inburgering steps) in a
quarter without a KSZ row vanished from the panel uncounted; a register not delivered was read
as one in which nothing happened, without a word. Each test below holds one of these.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from mia_helpers import cli
from mia_helpers.adapters import MappingError, MappingFileError, adapt, load_mapping
from mia_helpers.adapters.core import MAX_LISTED
from mia_helpers.adapters.dates import quarter_of_pattern, quarter_pattern
from mia_helpers.schemas import RegisterError

ENC = "latin-1"


def _persons(n: int = 4) -> pd.DataFrame:
    return pd.DataFrame({
        "ID": [str(i) for i in range(1, n + 1)],
        "STEEKPROEF": ["Ingezetene"] * (n - 1) + ["Nieuwkomer"],
        "GESLACHT": ["Man", "Vrouw"] * (n // 2) + ["Man"] * (n % 2),
        "GEBJAAR": ["1990"] * n,
        "HERKOMST": ["België"] * (n - 1) + ["Maghreb"],
        "GENERATIE": ["autochtoon"] * (n - 1) + ["1ste generatie"],
        "OPLEIDING": ["Laag"] * n, "STUDIE": ["Algemeen"] * n, "NL": ["Goed"] * n,
        "GEZIN": ["Alleen"] * n, "KINDEREN": ["0"] * n, "OUDER_WERKT": ["ja"] * n,
        "OPL_OUDER": ["Laag"] * n, "SCHOOL": [""] * n,
        "AANKOMST": [""] * (n - 1) + ["2009Q2"], "GROND": [""] * (n - 1) + ["Arbeid"],
        "GEMEENTE": ["Liège"] * n,
    })


def _delivery(tmp_path: Path, ksz_quarters=("20081", "20082", "20083", "20084"),
              registrations=None, measures=None, persons=None) -> dict:
    """Write a small raw delivery (Latin-1, ``;``) and return its mapping as a dict: persons
    (the last one a non-EU newcomer), a KSZ row per person in each of ``ksz_quarters``
    (labels ``yyyyq``), VDAB registrations and measures (lists of row dicts), ABB empty, WSE
    not delivered."""
    raw = tmp_path / "raw"
    raw.mkdir(exist_ok=True)
    p = _persons() if persons is None else persons
    p.to_csv(raw / "personen.csv", sep=";", index=False, encoding=ENC)
    ids = p["ID"].drop_duplicates()
    pd.DataFrame([{"ID": i, "KW": q, "POS": "Loontrekkende", "VTE": "1,0", "LOON": "2",
                   "REG": "J"} for i in ids for q in ksz_quarters]
                 ).to_csv(raw / "ksz.csv", sep=";", index=False, encoding=ENC)
    reg = registrations if registrations is not None else [
        {"ID": "1", "BEGIN": "15/02/2008", "EINDE": "10/08/2008", "REDEN": "Werk"}]
    pd.DataFrame(reg, columns=["ID", "BEGIN", "EINDE", "REDEN"]).to_csv(
        raw / "inschrijvingen.csv", sep=";", index=False, encoding=ENC)
    meas = measures if measures is not None else [
        {"ID": "1", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"}]
    pd.DataFrame(meas, columns=["ID", "ACTIE", "START", "EINDE"]).to_csv(
        raw / "acties.csv", sep=";", index=False, encoding=ENC)
    pd.DataFrame(columns=["ID", "STAP", "KW", "VERPLICHT"]).to_csv(
        raw / "abb.csv", sep=";", index=False, encoding=ENC)
    read = {"sep": ";", "encoding": ENC}
    return {
        "version": 1, "source_dir": str(raw), "window": {"start": "2008Q1", "end": "2008Q4"},
        "registers": {
            "persons": {
                "file": "personen.csv", "read": read,
                "columns": {"ID": "person_id", "STEEKPROEF": "sample", "GESLACHT": "sex",
                            "GEBJAAR": "birth_year", "HERKOMST": "origin",
                            "GENERATIE": "generation", "OPLEIDING": "education",
                            "STUDIE": "study_field", "NL": "dutch_level", "GEZIN": "household",
                            "KINDEREN": "children", "OUDER_WERKT": "parent_employed",
                            "OPL_OUDER": "parent_education", "SCHOOL": "school_leaving_quarter",
                            "AANKOMST": "arrival_quarter", "GROND": "residence_ground"},
                "codes": {"sample": {"Ingezetene": "resident", "Nieuwkomer": "newcomer"},
                          "sex": {"Man": "male", "Vrouw": "female"},
                          "origin": {"België": "belgian", "Maghreb": "maghreb"},
                          "generation": {"autochtoon": "native", "1ste generatie": "first"},
                          "education": {"Laag": "low"}, "study_field": {"Algemeen": "general"},
                          "dutch_level": {"Goed": "good"}, "household": {"Alleen": "single"},
                          "parent_employed": {"ja": True, "nee": False},
                          "parent_education": {"Laag": "low"},
                          "residence_ground": {"Arbeid": "work"}},
                "dates": {"school_leaving_quarter": "%d/%m/%Y",
                          "arrival_quarter": "quarter_label"}},
            "ksz_positions": {
                "file": "ksz.csv", "read": read,
                "columns": {"ID": "person_id", "KW": "quarter", "POS": "position",
                            "VTE": "fte_fraction", "LOON": "wage_class", "REG": "regular"},
                "codes": {"position": {"Loontrekkende": "salaried"},
                          "wage_class": {"1": "low", "2": "mid", "3": "high"},
                          "regular": {"J": True, "N": False}},
                "dates": {"quarter": "%Y%q"}},
            "vdab_registrations": {
                "file": "inschrijvingen.csv", "read": read,
                "columns": {"ID": "person_id", "BEGIN": "start_quarter", "EINDE": "end_quarter",
                            "REDEN": "end_reason"},
                "codes": {"end_reason": {"Werk": "employment"}},
                "dates": {"start_quarter": "%d/%m/%Y", "end_quarter": "%d/%m/%Y"}},
            "vdab_measures": {
                "file": "acties.csv", "read": read,
                "columns": {"ID": "person_id", "ACTIE": "measure", "START": "start_quarter",
                            "EINDE": "end_quarter"},
                "codes": {"measure": {"IBO": "workplace_learning_ibo"}},
                "dates": {"start_quarter": "%d/%m/%Y", "end_quarter": "%d/%m/%Y"}},
            "abb_inburgering": {
                "file": "abb.csv", "read": read,
                "columns": {"ID": "person_id", "STAP": "step", "KW": "quarter",
                            "VERPLICHT": "obligated"},
                "dates": {"quarter": "quarter_label"}},
            "wse_permits": {"empty": True},
        },
    }


def test_quarter_patterns_read_yyyyq_and_dutch_kwartaal_labels():
    s = pd.Series(["20103", " 2010K3 ", "2010k3", "20105", "2010Q3", None], dtype=object)
    assert quarter_of_pattern(s, "%Y%q").tolist()[:1] == [22]
    k = quarter_of_pattern(s, "%YK%q")
    assert k.tolist()[1:3] == [22, 22]  # spaces around and the letter's case do not matter
    assert k.isna().tolist() == [True, False, False, True, True, True]
    assert quarter_of_pattern(s, "%Y%q").isna().tolist() == [False, True, True, True, True, True]
    assert quarter_of_pattern(pd.Series(["3/2010", "Q3 2010"]), "%q/%Y").tolist()[0] == 22
    assert quarter_of_pattern(pd.Series([20103]), "%Y%q").tolist() == [22]  # a number column


@pytest.mark.parametrize("fmt, words", [
    ("%Y%q%q", "%q exactly once"), ("%d/%q/%Y", "directive '%d' is not allowed"),
    ("Q%q", "%Y exactly once"), ("dd/mm/yyyy", "holds no % directive"),
])
def test_a_date_format_that_cannot_work_is_refused_by_the_mapping(tmp_path, fmt, words):
    m = _delivery(tmp_path)
    m["registers"]["ksz_positions"]["dates"]["quarter"] = fmt
    with pytest.raises(MappingFileError, match=words) as err:
        load_mapping(m)
    assert "register 'ksz_positions' dates of 'quarter'" in str(err.value)
    if "%q" in fmt:  # a quarter pattern: its own function says the same
        with pytest.raises(ValueError, match=words):
            quarter_pattern(fmt)


def test_a_quarter_pattern_is_no_month_for_monthly_positions(tmp_path):
    m = _delivery(tmp_path)
    k = m["registers"]["ksz_positions"]
    k["columns"]["KW"] = "month"
    del k["dates"]
    k["monthly"] = {"column": "month", "format": "%Y%q"}
    with pytest.raises(MappingFileError, match="gives no month"):
        load_mapping(m)


def test_yyyyq_quarters_are_adapted_to_their_indices(tmp_path):
    res = adapt(_delivery(tmp_path))
    ksz = res.registers["ksz_positions"]
    assert sorted(ksz.quarter.unique()) == [12, 13, 14, 15]  # 2008Q1..2008Q4
    assert ksz.fte_fraction.eq(1.0).all()  # "1,0": a decimal comma
    assert res.registers["persons"].arrival_quarter.dropna().tolist() == [17]  # 2009Q2


def test_unparseable_values_are_counted_in_full_with_file_format_and_what_to_do(tmp_path):
    quarters = [f"{y}/{q}" for y in range(2001, 2011) for q in range(1, 5)]  # 40 distinct
    m = _delivery(tmp_path, ksz_quarters=quarters)
    with pytest.raises(MappingError) as err:
        adapt(m)
    p = err.value.problems
    assert len(p) == MAX_LISTED < 40  # listed ...
    assert set(p.distinct) == {40} and set(p.rows) == {4 * 40}  # ... but counted in full
    text = str(err.value)
    assert "(40 unparseable_date distinct values)" in text
    assert "raw file ksz.csv, source column 'KW', format '%Y%q'" in text
    assert f"{MAX_LISTED} listed below" in text
    assert "what to do: set the column's format under `dates:`" in text
    assert "'%Y%q' ('20104')" in text  # the quarter patterns are offered


def test_every_broken_error_rule_is_named_in_one_run(tmp_path):
    p = _persons()
    m = _delivery(tmp_path, persons=pd.concat([p, p.iloc[[0]]]), registrations=[
        {"ID": "1", "BEGIN": "15/08/2008", "EINDE": "10/02/2008", "REDEN": "Werk"},
        {"ID": "2", "BEGIN": "15/02/2008", "EINDE": "", "REDEN": ""},
        {"ID": "2", "BEGIN": "15/05/2008", "EINDE": "", "REDEN": ""}])
    out = tmp_path / "extract"
    with pytest.raises(RegisterError) as err:
        adapt(m, out)
    e = err.value
    assert (e.table, e.rule, e.count) == ("persons", "duplicate_key", 2)  # the first, in full
    text = str(e)
    assert "2 more broken rules" in text
    assert "register 'vdab_registrations' (file" in text
    assert "breaks rule 'end_before_start': 1 row" in text
    assert "breaks rule 'overlapping_spells': 1 row" in text
    assert not out.exists()


def test_a_chapter_window_beyond_the_extract_names_both_parameters_at_once(tmp_path):
    from mia_helpers.chapters import check_extract_window
    from mia_helpers.files import DataFileError, write_json_atomic
    from mia_helpers.quarters import Window

    write_json_atomic(tmp_path / "manifest.json", {"parameters": {
        "command": "adapt", "window_start": 8, "window_end": 39}})
    with pytest.raises(DataFileError) as err:
        check_extract_window(tmp_path, Window(0, 47))
    text = str(err.value)
    assert "parameter 'window_start' is 2005Q1 and parameter 'window_end' is 2016Q4" in text
    assert "set -p window_start 2007Q1 -p window_end 2014Q4" in text
    with pytest.raises(DataFileError, match="set -p window_end 2014Q4 "):
        check_extract_window(tmp_path, Window(8, 40))
    check_extract_window(tmp_path, Window(8, 39))  # inside: no error


def test_events_in_a_quarter_without_ksz_row_are_counted_and_printed(tmp_path, capsys):
    from mia_helpers.data import events_without_ksz_row, unplaced_summary
    from mia_helpers.quarters import Window

    # person 1's KSZ rows: 2008Q1, Q3, Q4; its measure starts in 2008Q2 (no KSZ row), the
    # registration in 2008Q1 (placed); person 2 a measure in 2008Q3 (placed); one measure row
    # delivered twice counts once
    m = _delivery(tmp_path, measures=[
        {"ID": "1", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"},
        {"ID": "1", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"},
        {"ID": "2", "ACTIE": "IBO", "START": "01/07/2008", "EINDE": ""}])
    ksz = pd.read_csv(tmp_path / "raw" / "ksz.csv", sep=";", dtype=str, encoding=ENC)
    ksz = ksz[~((ksz.ID == "1") & (ksz.KW == "20082"))]
    ksz.to_csv(tmp_path / "raw" / "ksz.csv", sep=";", index=False, encoding=ENC)
    import yaml

    (tmp_path / "mapping.yaml").write_text(yaml.safe_dump(m, allow_unicode=True))
    out = tmp_path / "extract"
    rc = cli.main(["adapt", "--mapping", str(tmp_path / "mapping.yaml"), "--out", str(out),
                   "--panel"])
    printed = capsys.readouterr().out
    assert rc == 0
    assert "warning: 1 register row in the window falls in a quarter" in printed
    assert "vdab_measures: 1 of 2 rows (start_quarter), 1 person" in printed
    assert "lost is the measure start" in printed and "vdab_registrations: 0" not in printed
    assert "vdab_measures: duplicate_measure 1" in printed  # the repeat: excluded, counted
    u = events_without_ksz_row(out, Window(12, 15)).set_index("table")
    assert u.loc["vdab_measures", ["rows", "persons", "of_rows"]].tolist() == [1, 1, 2]
    assert u.loc["vdab_registrations", ["rows", "of_rows"]].tolist() == [0, 1]
    assert unplaced_summary(u.reset_index().assign(rows=0)) == ""
    # the register not delivered, and what the panel makes of it: 1 non-EU newcomer
    assert "wse_permits: no work permits" in printed and "(1 non-EU newcomer in persons)" in printed


def test_text_person_ids_are_numbered_alike_in_every_register(tmp_path):
    p = _persons()
    p["ID"] = ["a9f3", "0b12", "c77e", " 1"]  # pseudonyms; spaces around are trimmed
    m = _delivery(tmp_path, persons=p)  # registration and measure of id "1"
    with pytest.raises(MappingError, match="set `person_ids: text` at the top of the mapping"):
        adapt(m)
    m["person_ids"] = "text"
    res = adapt(m)
    # sorted as text: "0b12" 1, "1" 2, "a9f3" 3, "c77e" 4
    assert res.registers["persons"].person_id.tolist() == [1, 2, 3, 4]
    assert res.registers["persons"].sex.tolist() == ["female", "female", "male", "male"]
    assert res.registers["vdab_registrations"].person_id.tolist() == [2]
    assert res.registers["vdab_measures"].person_id.tolist() == [2]
    assert res.registers["ksz_positions"].groupby("person_id").size().tolist() == [4] * 4
    assert str(res.registers["ksz_positions"].person_id.dtype) == "int64"
    m["person_ids"] = "hash"
    with pytest.raises(MappingFileError, match="mapping person_ids: 'hash' is not one of"):
        load_mapping(m)


def test_utf8_files_read_as_latin1_are_named_with_the_encoding_to_set(tmp_path):
    m = _delivery(tmp_path)
    f = tmp_path / "raw" / "personen.csv"
    text = f.read_text(encoding=ENC)
    f.write_text(text, encoding="utf-8-sig")  # a byte-order mark: the header's first name
    with pytest.raises(RegisterError, match="missing_source_column") as err:
        adapt(m)
    assert "byte-order mark read in encoding 'latin-1'" in str(err.value)
    assert "set `read: {encoding: utf-8}` for register 'persons'" in str(err.value)
    f.write_text(text, encoding="utf-8")  # no mark: "België" is read as "BelgiÃ«"
    with pytest.raises(MappingError) as err:
        adapt(m)
    assert "values such as 'BelgiÃ«' look like UTF-8 text read in another encoding" \
        in str(err.value)
    m["registers"]["persons"]["read"] = {"sep": ";", "encoding": "utf-8"}
    assert adapt(m).registers["persons"].origin.tolist()[0] == "belgian"


def test_end_dates_before_start_dates_inside_one_quarter_are_counted(tmp_path, capsys):
    m = _delivery(tmp_path, measures=[  # 20 June to 1 April: both 2008Q2
        {"ID": "1", "ACTIE": "IBO", "START": "20/06/2008", "EINDE": "01/04/2008"},
        {"ID": "2", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "20/06/2008"},
        {"ID": "3", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": ""}])
    import yaml

    (tmp_path / "mapping.yaml").write_text(yaml.safe_dump(m, allow_unicode=True))
    out = tmp_path / "extract"
    assert cli.main(["adapt", "--mapping", str(tmp_path / "mapping.yaml"), "--out",
                     str(out)]) == 0
    log = pd.read_csv(out / "adapt_log.csv").set_index("table")
    assert log.loc["vdab_measures", "reversed_in_quarter"] == 1
    assert log.loc["vdab_registrations", "reversed_in_quarter"] == 0
    printed = capsys.readouterr().out
    assert "vdab_measures 1 of 3 (file acties.csv); check those dates" in printed
    # kept as a one-quarter spell: its quarters pass the end_before_start rule
    assert pd.read_parquet(out / "vdab_measures.parquet").end_quarter.tolist()[0] == 13


def test_the_example_fixture_writes_no_reversed_days():
    import numpy as np

    from mia_helpers.adapters.fixture import _ordered_days

    spells = pd.DataFrame({"start_quarter": [12] * 200 + [12],
                           "end_quarter": pd.array([12] * 200 + [None], dtype="Int16")})
    start, end = _ordered_days(spells, np.random.default_rng(0))
    assert (end[:200] >= start[:200]).all() and end.isna().tolist()[-1]
    assert (start.dt.quarter == 1).all() and (end[:200].dt.quarter == 1).all()  # 2008Q1


def test_measure_rows_with_one_start_and_two_ends_are_counted(tmp_path, capsys):
    m = _delivery(tmp_path, measures=[  # person 1: one start quarter, ends 2008Q2 and Q3
        {"ID": "1", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"},
        {"ID": "1", "ACTIE": "IBO", "START": "02/04/2008", "EINDE": "30/09/2008"},
        {"ID": "2", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"},
        {"ID": "2", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"}])
    import yaml

    (tmp_path / "mapping.yaml").write_text(yaml.safe_dump(m, allow_unicode=True))
    out = tmp_path / "extract"
    assert cli.main(["adapt", "--mapping", str(tmp_path / "mapping.yaml"), "--out",
                     str(out)]) == 0
    log = pd.read_csv(out / "adapt_log.csv").set_index("table")
    # person 1's two rows; person 2's exact repeat is repeated_rows (duplicate_measure)
    assert log.loc["vdab_measures", ["same_start_other_end", "repeated_rows"]].tolist() == [2, 1]
    assert "note: 2 measure rows share person, measure and start quarter" \
        in capsys.readouterr().out


def test_a_chapter_whose_register_was_not_delivered_is_refused_before_a_kernel(tmp_path):
    from mia_helpers.adapters import empty_register
    from mia_helpers.chapters import NEEDED_REGISTERS, _check_needed_registers
    from mia_helpers.files import DataFileError

    empty_register("abb_inburgering").to_parquet(tmp_path / "abb_inburgering.parquet")
    with pytest.raises(DataFileError) as err:
        _check_needed_registers("newcomer_integration", tmp_path)
    text = str(err.value)
    assert "register 'abb_inburgering'" in text and "has no rows" in text
    assert "chapter 'newcomer_integration' studies the effects of the inburgering steps" in text
    _check_needed_registers("school_leaver_entry", tmp_path)  # needs no ABB data
    _check_needed_registers("activation_effects", tmp_path)  # no measures file: not checked
    one = empty_register("vdab_measures")
    one.loc[0] = [1, "training_basic", 3, 4]
    one.to_parquet(tmp_path / "vdab_measures.parquet")
    _check_needed_registers("activation_effects", tmp_path)  # one row is enough here
    from mia_helpers.chapters import CHAPTERS

    assert set(NEEDED_REGISTERS) <= set(CHAPTERS)  # a misspelt chapter would never be checked
