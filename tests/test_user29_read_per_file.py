"""user29: the options of how values are read (``decimal``, ``thousands``, ``true_values``,
``false_values``, ``na_values``, ``keep_default_na``) may be given per file of a register
delivered in several files (yearly files from different export systems); before, a file's
own ``decimal`` or ``true_values`` was refused by the mapping, so one export system's
``0.5`` or ``Y`` could not be read beside another's ``0,5`` or ``J``.
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_analyst19_adapt import ENC, _delivery

from mia_helpers.adapters import MappingFileError, adapt, load_mapping
from mia_helpers.quarters import to_index


def _two_systems(tmp_path):
    """KSZ in two files: 2008Q1-Q2 from a system writing ``1.000,5``-style numbers and
    ``J``/``N``, 2008Q3-Q4 from one writing ``0.5`` and ``Y``/``N``."""
    m = _delivery(tmp_path)
    raw = tmp_path / "raw"
    k = pd.read_csv(raw / "ksz.csv", sep=";", dtype=str, keep_default_na=False, encoding=ENC)
    a, b = k[k.KW.isin(["20081", "20082"])].copy(), k[k.KW.isin(["20083", "20084"])].copy()
    a["VTE"], a["REG"] = "0,5", "J"
    b["VTE"], b["REG"] = "0.25", "Y"
    a.to_csv(raw / "ksz_a.csv", sep=";", index=False, encoding=ENC)
    b.to_csv(raw / "ksz_b.csv", sep=";", index=False, encoding=ENC)
    reg = m["registers"]["ksz_positions"]
    del reg["codes"]["regular"]
    reg["read"] = {**reg["read"], "decimal": ",", "thousands": ".",
                   "true_values": ["J"], "false_values": ["N"]}
    reg["file"] = ["ksz_a.csv", {"file": "ksz_b.csv", "read": {
        "decimal": ".", "thousands": ",", "true_values": ["Y"]}}]
    return m


def test_a_files_own_decimal_and_true_values_read_its_rows_only(tmp_path):
    m = _two_systems(tmp_path)
    ksz = adapt(m).registers["ksz_positions"]
    early = ksz.quarter < to_index("2008Q3")
    assert ksz[early].fte_fraction.tolist() == [0.5] * int(early.sum())
    assert ksz[~early].fte_fraction.tolist() == [0.25] * int((~early).sum())
    assert ksz.regular.all()


def test_without_the_files_own_options_its_values_are_listed_not_misread(tmp_path):
    m = _two_systems(tmp_path)
    m["registers"]["ksz_positions"]["file"] = ["ksz_a.csv", "ksz_b.csv"]
    with pytest.raises(Exception) as err:
        adapt(m)
    p = err.value.problems
    assert set(p.value) == {"Y"}  # 0.25 read with thousands '.' is 25: implausible, listed
    assert "fte_fraction" in str(err.value)


def test_a_files_decimal_equal_to_the_registers_thousands_is_refused(tmp_path):
    m = _two_systems(tmp_path)
    m["registers"]["ksz_positions"]["file"][1]["read"] = {"decimal": "."}
    with pytest.raises(MappingFileError, match="decimal and thousands are both '.'"):
        load_mapping(m)


def test_a_files_true_values_are_checked_like_the_registers(tmp_path):
    m = _two_systems(tmp_path)
    m["registers"]["ksz_positions"]["file"][1]["read"] = {"true_values": ["N"]}
    with pytest.raises(MappingFileError, match="true_values and false_values both hold"):
        load_mapping(m)


def test_a_point_is_not_read_as_a_decimal_point_when_decimal_is_a_comma(tmp_path):
    m = _two_systems(tmp_path)  # ksz_b.csv writes 0.25; read with the register's options
    reg = m["registers"]["ksz_positions"]
    reg["read"] = {k: v for k, v in reg["read"].items() if k != "thousands"}
    reg["file"] = ["ksz_a.csv", {"file": "ksz_b.csv", "read": {"true_values": ["Y"]}}]
    with pytest.raises(Exception) as err:  # before: 0.25 read silently (1.000 as 1.0)
        adapt(m)
    p = err.value.problems
    assert p[["column", "problem", "value"]].values.tolist() == [
        ["fte_fraction", "not_a_number", "0.25"]]
    assert "give a file of the list that writes decimal points its own" in str(err.value)
    reg["file"][1]["read"]["decimal"] = "."
    assert adapt(m).registers["ksz_positions"].fte_fraction.max() == 0.5
