"""user29: ``read: {keep_default_na: true}`` read a code ``NA`` (a nationality or country
code: Namibia) as missing, silently. By default the adapter reads only the empty field as
missing (and the texts under ``na_values:``), so ``NA`` is a code; with ``keep_default_na:
true`` pandas' default missing texts are missing in the other columns, and such a text in a
code column is refused and listed (``code_read_as_missing``), whatever ``codes:`` says.
"""

from __future__ import annotations

import pytest
from test_analyst19_adapt import _delivery
from test_user26_adapt_problems import _rewrite

from mia_helpers.adapters import MappingError, adapt


def _namibia(tmp_path):
    m = _delivery(tmp_path, registrations=[
        {"ID": "1", "BEGIN": "15/02/2008", "EINDE": "NULL", "REDEN": ""}])
    _rewrite(m, "personen.csv", lambda d: d.assign(HERKOMST=["België"] * 3 + ["NA"]))
    m["registers"]["persons"]["codes"]["origin"]["NA"] = "subsaharan"
    return m


def test_by_default_NA_is_a_code(tmp_path):
    m = _namibia(tmp_path)
    m["registers"]["vdab_registrations"]["read"] = {
        **m["registers"]["vdab_registrations"]["read"], "na_values": {"EINDE": ["NULL"]}}
    res = adapt(m)
    assert res.registers["persons"].origin.tolist()[-1] == "subsaharan"


def test_keep_default_na_does_not_turn_a_code_into_missing(tmp_path):
    m = _namibia(tmp_path)
    for t in ("persons", "vdab_registrations"):
        m["registers"][t]["read"] = {**m["registers"][t]["read"], "keep_default_na": True}
    with pytest.raises(MappingError) as err:
        adapt(m)
    p = err.value.problems
    assert p[["column", "problem", "value"]].values.tolist() == [
        ["origin", "code_read_as_missing", "NA"]]  # EINDE 'NULL' (a date) read as missing
    text = str(err.value)
    assert "source column 'HERKOMST'" in text and "personen.csv line 5" in text
    assert "Namibia" in text and "remove `keep_default_na: true`" in text


def test_a_files_own_keep_default_na_is_checked_too(tmp_path):
    m = _namibia(tmp_path)
    m["registers"]["persons"]["file"] = ["personen.csv", {
        "file": "personen_2.csv", "read": {"keep_default_na": True}}]
    raw = tmp_path / "raw"
    (raw / "personen_2.csv").write_bytes((raw / "personen.csv").read_bytes()
                                          .replace(b"\n1;", b"\n11;").replace(b"\n2;", b"\n12;")
                                          .replace(b"\n3;", b"\n13;").replace(b"\n4;", b"\n14;"))
    with pytest.raises(MappingError) as err:
        adapt(m)
    p = err.value.problems
    p = p[p.table == "persons"]
    assert p[["problem", "value", "where"]].values.tolist() == [
        ["code_read_as_missing", "NA", "personen_2.csv line 5"]]


def test_an_unmapped_NA_code_is_not_offered_as_missing_without_a_caution(tmp_path):
    m = _namibia(tmp_path)
    del m["registers"]["persons"]["codes"]["origin"]["NA"]
    with pytest.raises(MappingError) as err:
        adapt(m)
    text = str(err.value)
    assert "'NA' looks like a missing value written as text (ask the data owner first: " \
        "in a code column such a text may be a code, 'NA' is Namibia's country code" in text
