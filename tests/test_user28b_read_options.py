"""user28b: ``read:`` options the adapter did not honour were passed to pandas, which reads
every CSV field as text, and so ignored them silently (``true_values``, ``float_precision``)
or parsed dates by its own rules (``parse_dates``, month first); a Parquet register's
``read:`` was ignored whole. Each is now honoured or refused by the mapping, naming the option
and what to use instead."""

from __future__ import annotations

import pandas as pd
import pytest
from test_analyst19_adapt import _delivery

from mia_helpers.adapters import MappingFileError, adapt, load_mapping


def test_true_and_false_values_are_honoured_in_a_boolean_column(tmp_path):
    m = _delivery(tmp_path)
    k = m["registers"]["ksz_positions"]
    del k["codes"]["regular"]  # J/N read by true_values/false_values instead of codes:
    k["read"] = {**k["read"], "true_values": ["J"], "false_values": ["N"]}
    ksz = adapt(m).registers["ksz_positions"]
    assert ksz.regular.astype(bool).all() and len(ksz) == 16


@pytest.mark.parametrize("read, words", [
    ({"true_values": ["J"]}, "both say which texts are true or false"),  # codes: too
    ({"true_values": ["J"], "false_values": ["J"]}, "both hold ['J']"),
    ({"true_values": [True]}, "a text or a list of texts"),
])
def test_contradicting_true_values_are_refused(tmp_path, read, words):
    m = _delivery(tmp_path)
    k = m["registers"]["ksz_positions"]
    if "false_values" in read or True in read["true_values"]:
        del k["codes"]["regular"]
    k["read"] = {**k["read"], **read}
    with pytest.raises(MappingFileError) as err:
        load_mapping(m)
    assert words in str(err.value) and "'ksz_positions'" in str(err.value)


def test_true_values_of_a_register_without_a_boolean_column_are_refused(tmp_path):
    m = _delivery(tmp_path)
    r = m["registers"]["vdab_registrations"]
    r["read"] = {**r["read"], "true_values": ["J"]}
    with pytest.raises(MappingFileError, match="applies to boolean columns.*maps none"):
        load_mapping(m)


@pytest.mark.parametrize("option, value, instead", [
    ("parse_dates", ["BEGIN"], "`dates:`"), ("dayfirst", True, "`dates:`"),
    ("date_format", "%d/%m/%Y", "`dates:`"), ("float_precision", "high", "read as text"),
    ("dtype_backend", "pyarrow", "read as text"), ("na_filter", False, "`na_values:`"),
    ("dialect", "excel", "quotechar"), ("compression", "gzip", "decompress the file"),
    ("usecols", ["ID"], "`columns:`"), ("quoting", 2, "would read unquoted fields"),
])
def test_read_options_the_adapter_does_not_apply_are_refused_with_what_instead(
        tmp_path, option, value, instead):
    m = _delivery(tmp_path)
    r = m["registers"]["vdab_registrations"]
    r["read"] = {**r["read"], option: value}
    with pytest.raises(MappingFileError) as err:
        load_mapping(m)
    text = str(err.value)
    assert "'vdab_registrations'" in text and instead in text
    assert option in text


def test_a_parquet_registers_read_options_are_refused(tmp_path):
    m = _delivery(tmp_path)
    raw = tmp_path / "raw"
    pd.read_csv(raw / "inschrijvingen.csv", sep=";", dtype=str, encoding="latin-1"
                ).to_parquet(raw / "inschrijvingen.parquet")
    r = m["registers"]["vdab_registrations"]
    r["file"] = "inschrijvingen.parquet"
    r["read"] = {"na_values": ["NULL"]}
    with pytest.raises(MappingFileError, match=r"applies to CSV files only.*Parquet"):
        load_mapping(m)
    del r["read"]
    assert len(adapt(m).registers["vdab_registrations"]) == 1


def test_skipinitialspace_applies_to_the_header_as_to_the_rows(tmp_path):
    m = _delivery(tmp_path)
    path = tmp_path / "raw" / "inschrijvingen.csv"
    path.write_text(path.read_text(encoding="latin-1").replace(";", "; "), encoding="latin-1")
    r = m["registers"]["vdab_registrations"]
    r["read"] = {**r["read"], "skipinitialspace": True}
    reg = adapt(m).registers["vdab_registrations"]  # was: ' BEGIN' not 'BEGIN' (header)
    assert len(reg) == 1 and reg.end_reason.iloc[0] == "employment"


def test_sep_and_delimiter_together_are_refused(tmp_path):
    m = _delivery(tmp_path)
    r = m["registers"]["vdab_registrations"]
    r["read"] = {**r["read"], "delimiter": ";"}
    with pytest.raises(MappingFileError, match="both give the separator; keep `sep:` only"):
        load_mapping(m)


def test_na_values_of_a_column_that_is_not_mapped_are_refused(tmp_path):
    m = _delivery(tmp_path)
    r = m["registers"]["vdab_registrations"]
    r["read"] = {**r["read"], "na_values": {"EINDDE": ["31/12/9999"]}}  # misspelt EINDE
    with pytest.raises(MappingFileError, match=r"names 'EINDDE' \(did you mean 'EINDE'\?\)"):
        load_mapping(m)
    r["read"]["na_values"] = {"EINDE": ["31/12/9999"]}
    load_mapping(m)
    p = m["registers"]["persons"]  # a read: block shared by YAML anchors names it too
    p["read"] = {**p["read"], "na_values": {"EINDE": ["31/12/9999"]}}
    load_mapping(m)
