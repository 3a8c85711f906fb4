"""user34: an analyst's own extract with defects whose spelling tells what went wrong gets a
remedy for that defect, not a generic one: person ids a spreadsheet turned into numbers
(``358,0``, ``358.0``, ``3.58E+02``: export the id column as text), US dates where the
mapping expects another layout (naming the column and the format expected), and numbers with
a thousands separator (the ``read: {thousands: ...}`` option). An encoding error names the
file, line and byte offset, never the text of the line (it may hold a name)."""

from __future__ import annotations

import pandas as pd
import pytest
from test_analyst19_adapt import _delivery, _persons
from test_user26_adapt_problems import _rewrite

from mia_helpers.adapters import MappingError, MappingFileError, adapt
from mia_helpers.adapters.core import (
    id_remedy,
    problems_path,
    value_remedy,
)

# --- 1. person ids a spreadsheet wrote as numbers -------------------------------------------


@pytest.mark.parametrize("value", ["358,0", "358.0", "358.00", "3.58E+02", "3,58E+02", "1e3",
                                   " 358.0 ", "12,000", "1.234.567"])
def test_id_remedy_names_the_value_and_says_export_the_ids_as_text(value):
    text = id_remedy(value)
    assert repr(value.strip()) in text
    assert "spreadsheet" in text
    assert "what to do: export the person id column again as text" in text
    assert "do not set `person_ids: text`" in text


@pytest.mark.parametrize("value", ["358", "00358", "a9f3c2", "358,5", "1,0000", "", "E+02"])
def test_id_remedy_is_empty_for_ids_no_spreadsheet_wrote(value):
    assert id_remedy(value) == ""


def test_a_scientific_id_is_refused_with_the_id_remedy_not_the_generic_one(tmp_path):
    m = _delivery(tmp_path, measures=[
        {"ID": "1", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"},
        {"ID": "2.00E+00", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"}])
    with pytest.raises(MappingError) as err:
        adapt(m, tmp_path / "out")
    text = str(err.value)
    line = next(x for x in text.splitlines() if x.startswith("- vdab_measures.person_id"))
    assert "not_an_integer" in line
    assert "'2.00E+00' is a person id in a spreadsheet's scientific notation" in line
    assert "export the person id column again as text" in line
    # the generic advice, which would make the id another person, is not given
    assert "set `person_ids: text` at the top of the mapping" not in line
    csv = pd.read_csv(problems_path(tmp_path / "out"))
    row = csv[(csv.column == "person_id") & (csv.rule == "not_an_integer")].iloc[0]
    assert "export the person id column again as text" in row.remedy


def test_mixed_listed_ids_keep_the_generic_remedy_for_the_others(tmp_path):
    m = _delivery(tmp_path, measures=[
        {"ID": "3.58E+02", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"},
        {"ID": "A17", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"}])
    with pytest.raises(MappingError) as err:
        adapt(m)
    line = next(x for x in str(err.value).splitlines()
                if x.startswith("- vdab_measures.person_id"))
    assert "'3.58E+02' is a person id in a spreadsheet's scientific notation" in line
    assert "for the other listed values: correct the values in the raw file" in line


def test_a_spreadsheet_id_under_text_ids_is_refused_not_read_as_a_pseudonym(tmp_path):
    m = _delivery(tmp_path, measures=[
        {"ID": "3.58E+02", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"}])
    m["person_ids"] = "text"
    with pytest.raises(MappingError) as err:
        adapt(m)
    p = err.value.problems
    assert p[["table", "column", "problem", "value"]].values.tolist() == [
        ["vdab_measures", "person_id", "spreadsheet_number_id", "3.58E+02"]]
    assert "export the person id column again as text" in str(err.value)


def test_hexadecimal_pseudonyms_are_not_taken_for_spreadsheet_numbers(tmp_path):
    p = _persons()
    p["ID"] = ["91E50632554855", "a9f3c2", "b00001", "c00002"]
    m = _delivery(tmp_path, persons=p, registrations=[
        {"ID": "91E50632554855", "BEGIN": "15/02/2008", "EINDE": "", "REDEN": ""}],
        measures=[{"ID": "a9f3c2", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"}])
    m["person_ids"] = "text"
    res = adapt(m)
    assert len(res.registers["persons"]) == 4


def test_ids_written_with_a_decimal_zero_are_read_with_a_note_naming_the_remedy(tmp_path):
    """``358.0`` and ``358,0`` are read as 358 (user32), and said so even when the register
    writes every id that way (no second spelling within it to note)."""
    p = _persons()
    p["ID"] = p.ID + ".0"
    m = _delivery(tmp_path, persons=p, measures=[
        {"ID": "1,0", "ACTIE": "IBO", "START": "01/04/2008", "EINDE": "30/06/2008"}])
    _rewrite(m, "ksz.csv", lambda d: d.assign(ID=d.ID.str.replace(".0", "", regex=False)))
    res = adapt(m)
    assert res.registers["persons"].person_id.tolist() == [1, 2, 3, 4]
    sheet = [n for n in res.notes if n.startswith("note: person ids of register")]
    assert {n.split("'")[1] for n in sheet} == {"persons", "vdab_measures"}, res.notes
    persons = next(n for n in sheet if "'persons'" in n)
    assert "'ID'): 4 ids written as a spreadsheet writes whole numbers (4 rows), e.g. '1.0', " \
        "read as the number 1" in persons
    assert "export the person id column again as text" in persons
    measures = next(n for n in sheet if "'vdab_measures'" in n)
    assert "1 id written as a spreadsheet writes whole numbers (1 row), e.g. '1,0'" \
        in measures
    # fix36: the spreadsheet notes name the same person as written elsewhere; no second note
    # on the spellings across registers for the same defect
    assert "read as the number 1, the same person as '1' in 'ksz_positions'" in persons
    assert not [n for n in res.notes if "in different registers" in n], res.notes


# --- 2. US dates -------------------------------------------------------------------------


def _us_registrations(n: int = 3) -> list[dict]:
    """One registration per person 1..n, start as month/day/year (days above 12)."""
    return [{"ID": str(i), "BEGIN": f"0{i}/2{i}/2008", "EINDE": "", "REDEN": ""}
            for i in range(1, n + 1)]


def test_us_dates_get_a_remedy_naming_the_column_and_the_format_expected(tmp_path):
    m = _delivery(tmp_path, registrations=_us_registrations())
    with pytest.raises(MappingError) as err:
        adapt(m)
    line = next(x for x in str(err.value).splitlines()
                if x.startswith("- vdab_registrations.start_quarter"))
    assert "'01/21/2008' is a US date (month/day/year: 21 January 2008)" in line
    assert "the mapping expects '%d/%m/%Y' (this date written so: '21/01/2008') for " \
           "vdab_registrations.start_quarter (source column 'BEGIN')" in line
    assert "set `dates: {start_quarter: '%m/%d/%Y'}` for register 'vdab_registrations'" in line
    assert "3 of the listed values are US dates" in line


def test_us_dates_where_iso_is_expected(tmp_path):
    m = _delivery(tmp_path, registrations=_us_registrations(1))
    m["registers"]["vdab_registrations"]["dates"]["start_quarter"] = "%Y-%m-%d"
    with pytest.raises(MappingError) as err:
        adapt(m)
    assert "the mapping expects '%Y-%m-%d' (this date written so: '2008-01-21')" in \
        str(err.value)


def test_us_dates_partly_read_are_not_told_to_correct_the_listed_rows_only(tmp_path):
    """A US column read with ``%d/%m/%Y`` reads every date with a day up to 12, swapped; the
    message said the column mixes layouts and to correct the listed rows only."""
    regs = _us_registrations() + [
        {"ID": "4", "BEGIN": "03/04/2008", "EINDE": "", "REDEN": ""}]  # read as 3 April
    with pytest.raises(MappingError) as err:
        adapt(_delivery(tmp_path, registrations=regs))
    line = next(x for x in str(err.value).splitlines()
                if x.startswith("- vdab_registrations.start_quarter"))
    assert "1 other value that '%d/%m/%Y' did read may be US dates too, read with day " \
           "and month swapped" in line
    assert "do not change the format" not in line and "mixes layouts" not in line


def test_day_first_dates_a_format_cannot_read_keep_the_general_remedy(tmp_path):
    regs = [{"ID": "1", "BEGIN": "2008.02.15", "EINDE": "", "REDEN": ""}]
    with pytest.raises(MappingError) as err:
        adapt(_delivery(tmp_path, registrations=regs))
    assert "US date" not in str(err.value)
    assert "set the column's format under `dates:`" in str(err.value)


def test_a_month_first_format_gets_no_us_remedy():
    text, rest = value_remedy("vdab_registrations", "start_quarter", "unparseable_date",
                              pd.Series(["02/30/2008"]), fmt="%m/%d/%Y")
    assert (text, rest) == ("", True)


# --- 3. thousands separators ---------------------------------------------------------------


def test_a_thousands_separator_in_the_fte_gets_the_thousands_remedy(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "ksz.csv", lambda d: d.assign(VTE=["0.5"] * (len(d) - 1) + ["1,000"]))
    m["registers"]["ksz_positions"]["read"] = {**m["registers"]["ksz_positions"]["read"],
                                               "decimal": "."}
    with pytest.raises(MappingError) as err:
        adapt(m)
    line = next(x for x in str(err.value).splitlines()
                if x.startswith("- ksz_positions.fte_fraction"))
    assert "not_a_number" in line
    assert "'1,000' in ksz_positions.fte_fraction (source column 'VTE') looks like a number " \
           "written with ',' between thousands" in line
    assert "set `read: {thousands: ',', decimal: '.'}` for register 'ksz_positions'" in line
    assert "is a fraction of a full-time job (0..1)" in line
    assert "if ',' is the decimal separator here ('1,000' = 1), remove `decimal:`" in line


def test_a_thousands_separator_in_a_whole_number_column(tmp_path):
    p = _persons()
    p.loc[0, "GEBJAAR"] = "1,990.0"  # not a number whatever the decimal separator
    with pytest.raises(MappingError) as err:
        adapt(_delivery(tmp_path, persons=p))
    line = next(x for x in str(err.value).splitlines()
                if x.startswith("- persons.birth_year"))
    assert "'1,990.0' in persons.birth_year (source column 'GEBJAAR') looks like a number " \
           "written with ',' between thousands" in line
    assert "fraction of a full-time job" not in line


def test_point_thousands_under_a_decimal_comma():
    text, rest = value_remedy("ksz_positions", "fte_fraction", "not_a_number",
                              pd.Series(["1.000", "abc"]))
    assert "set `read: {thousands: '.', decimal: ','}`" in text and rest


def test_plain_bad_numbers_keep_the_generic_remedy():
    assert value_remedy("ksz_positions", "fte_fraction", "not_a_number",
                        pd.Series(["abc", "0,5,5"])) == ("", True)


# --- 4. encoding errors do not print the line ---------------------------------------------


def test_an_encoding_error_names_line_and_byte_offset_not_the_text(tmp_path):
    p = _persons()
    p["GEMEENTE"] = ["Désiré Janssens", "Gent", "Gent", "Gent"]  # a name, in Latin-1
    p = p[["ID", "GEMEENTE"] + [c for c in p if c not in ("ID", "GEMEENTE")]]
    m = _delivery(tmp_path, persons=p)
    m["registers"]["persons"]["read"] = {"sep": ";"}  # read as UTF-8
    raw = (tmp_path / "raw" / "personen.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError) as bad:
        raw.decode("utf-8")
    offset = bad.value.start  # 0-based offset in the file of the first non-UTF-8 byte
    assert raw[offset:offset + 1] == b"\xe9"  # in the name, on the line of person 3
    line = raw[:offset].count(b"\n") + 1
    in_line = offset - (raw.rfind(b"\n", 0, offset) + 1)
    with pytest.raises(MappingFileError) as err:
        adapt(m, tmp_path / "out")
    text = str(err.value)
    assert f"raw file {tmp_path / 'raw' / 'personen.csv'} is not in encoding 'utf-8' " \
           f"(byte b'\\xe9' on line {line}, byte {in_line + 1} of the line, byte offset " \
           f"{offset + 1} of the file)" in text
    for leak in ("sir", "Janssens", "D\\xe9", "Gent;"):
        assert leak not in text, leak
    written = problems_path(tmp_path / "out").read_text(encoding="utf-8")
    assert "Janssens" not in written and "sir" not in written
    assert f"byte offset {offset + 1} of the file" in written
