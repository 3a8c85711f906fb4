"""ids27: a quarter or date column mixing two layouts ('2010-Q3' and '20103') was refused
with "correct these rows", as a mapping could give one column one format only. Now
``dates:`` takes a list of formats for a column: each value is read by the first format
that reads it; a value two formats read as different quarters is refused, listed."""

from __future__ import annotations

import pytest
from test_analyst19_adapt import _delivery
from test_user26_adapt_problems import _rewrite

from mia_helpers.adapters import MappingError, MappingFileError, adapt, load_mapping
from mia_helpers.quarters import to_index


def _mixed(tmp_path, quarters=("20081", "2008-Q2", "2008Q3", "20084")):
    return _delivery(tmp_path, ksz_quarters=quarters)


def test_a_list_of_formats_reads_a_column_mixing_two_layouts(tmp_path):
    m = _mixed(tmp_path)
    with pytest.raises(MappingError) as err:  # one format: refused as before, with the list
        adapt(m)
    assert "give the column both formats as a list: `dates: {quarter: ['%Y%q', " \
           "'quarter_label']}`" in str(err.value)
    m["registers"]["ksz_positions"]["dates"]["quarter"] = ["%Y%q", "quarter_label"]
    ksz = adapt(m).registers["ksz_positions"]
    want = [to_index(q) for q in ("2008Q1", "2008Q2", "2008Q3", "2008Q4")]
    assert sorted(set(ksz.quarter)) == want and len(ksz) == 16


def test_values_two_formats_read_differently_are_refused_and_listed(tmp_path):
    # '20082' is 2008Q2 as '%Y%q' and quarter index 20082 as quarter_index
    m = _mixed(tmp_path, quarters=("20081", "12", "20082"))
    m["registers"]["ksz_positions"]["dates"]["quarter"] = ["%Y%q", "quarter_index"]
    with pytest.raises(MappingError) as err:
        adapt(m)
    text = str(err.value)
    p = err.value.problems
    amb = p[p.problem == "ambiguous_formats"]
    assert set(amb.value) == {"20081", "20082"} and set(amb["count"]) == {4}
    assert "ksz_positions.quarter (raw file ksz.csv, source column 'KW', format " \
           "'%Y%q or quarter_index'): ambiguous_formats, 2 distinct values in 8 rows" in text
    assert "'20081' by '%Y%q': 2008Q1; 'quarter_index': " in text
    assert "unparseable" not in text  # '12' read by quarter_index only


def test_a_birth_date_in_two_layouts_is_read_as_its_year(tmp_path):
    m = _delivery(tmp_path)
    _rewrite(m, "personen.csv", lambda d: d.assign(
        GEBJAAR=["15/03/1990", "1991-04-02", "02/01/1992", "1993-12-31"]))
    m["registers"]["persons"]["dates"]["birth_year"] = ["%d/%m/%Y", "%Y-%m-%d"]
    p = adapt(m).registers["persons"]
    assert p.birth_year.tolist() == [1990, 1991, 1992, 1993]


@pytest.mark.parametrize("fmts, words", [
    ([], "must hold one or more formats"), (["%Y%q", "%Y%q"], "more than once"),
    (["%Y%q", "dd/mm/yyyy"], "holds no % directive"), ([["%Y%q"]], "must hold"),
])
def test_a_bad_list_of_formats_is_refused_by_the_mapping(tmp_path, fmts, words):
    m = _delivery(tmp_path)
    m["registers"]["ksz_positions"]["dates"]["quarter"] = fmts
    with pytest.raises(MappingFileError, match=words) as err:
        load_mapping(m)
    assert "register 'ksz_positions' dates of 'quarter'" in str(err.value)


def test_a_birth_year_list_with_a_quarter_format_is_refused(tmp_path):
    m = _delivery(tmp_path)
    m["registers"]["persons"]["dates"]["birth_year"] = ["%d/%m/%Y", "%Y%q"]
    with pytest.raises(MappingFileError, match="read from a date as its year"):
        load_mapping(m)
    assert load_mapping(_delivery(tmp_path)).registers["persons"].date_formats == {}
