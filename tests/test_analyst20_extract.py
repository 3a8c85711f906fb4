"""An analyst's own disguised extract after the panel-cleaning change (analyst20).

Synthetic registers (seed 9191, 25,000 persons) exported as raw files with hexadecimal text
pseudonyms, Dutch codes, other date formats, monthly KSZ rows with 3 % of person-quarters
missing, repeated and re-delivered measure rows and unknown persons, over 2007Q1-2015Q4:

- ``person_ids: text`` refused 42 of 25,000 persons as ``out_of_range``: a pseudonym such as
  ``91E50632554855`` was range-checked as the number 9.1e50632554856 before it was numbered;
- the registrations' ``no_ksz_row_in_quarter`` was in the register's dropping group of the
  protected exclusion log, but such a spell stays in the panel from its next KSZ quarter and
  chapter 3 counts it: the suppression hid it as the complement of a small ``orphan_id``
  (4 rows), and the register's 51,663 rows less chapter 3's 40,181 spells less the shown
  8,761 outside the window and 2,717 left-truncated gave the 4 back;
- chapter 1's coverage sentence joined three counts as "A and B and C".
"""

from __future__ import annotations

import pandas as pd
import pytest
from test_analyst19_adapt import _delivery, _persons

from mia_helpers import describe
from mia_helpers.adapters import adapt
from mia_helpers.disclosure import suppress


def test_hexadecimal_text_pseudonyms_are_numbered_not_read_as_numbers(tmp_path):
    p = _persons()
    p["ID"] = ["91E50632554855", "5E3", "c77e", " 1"]  # hexadecimal digests, one like 5000
    m = _delivery(tmp_path, persons=p)  # registration and measure of id "1"
    m["person_ids"] = "text"
    res = adapt(m)
    # sorted as text: "1" 1, "5E3" 2, "91E50632554855" 3, "c77e" 4
    assert res.registers["persons"].person_id.tolist() == [1, 2, 3, 4]
    assert res.registers["persons"]["sample"].tolist() == ["newcomer", "resident", "resident",
                                                       "resident"]
    assert res.registers["vdab_measures"].person_id.tolist() == [1]


def _registrations_log(tmp_path, orphan: int, outside: int, truncated: int, unplaced: int):
    rules = ["orphan_id", "outside_window", "left_truncated_spell",
             "censored_at_window_end (kept)", "no_ksz_row_in_quarter"]
    of = 51_663
    log = pd.DataFrame({"table": "vdab_registrations", "rule": rules,
                        "rows": [orphan, outside, truncated, 7_082, unplaced],
                        "of_rows": [of, of, of, None, None]}).astype({"of_rows": "Int64"})
    log.to_csv(tmp_path / "exclusion_log.csv", index=False)
    return tmp_path


def test_registrations_without_a_ksz_row_do_not_protect_a_small_orphan_count(tmp_path):
    """Chapter 3's spells are the registrations kept less the spells without any KSZ quarter
    (none here), so the reader knows orphan + outside + truncated; with orphan hidden, one of
    the other two must be hidden too, and the registrations' no_ksz_row_in_quarter, which
    that difference does not count, protects nothing."""
    for min_cell in (10, 20):
        prot = describe.exclusion_log(_registrations_log(tmp_path, 4, 8_761, 2_717, 1_238),
                                      min_cell=min_cell)
        hidden = prot.mask["rows"].to_numpy()
        assert hidden[0]
        assert hidden[1] or hidden[2], min_cell  # else 51,663 - spells - 8,761 - 2,717 = 4
    assert describe.SPELL_STAYS == {("vdab_registrations", "no_ksz_row_in_quarter")}


def test_a_small_unplaced_registration_count_is_hidden_on_its_own(tmp_path):
    prot = describe.exclusion_log(_registrations_log(tmp_path, 40, 8_761, 2_717, 3),
                                  min_cell=10)
    assert prot.render()["rows"].astype(str).tolist() == ["40", "8761", "2717", "7082", "<10"]


def test_measures_unplaced_rows_stay_in_the_dropping_group(tmp_path):
    """A measure start without a KSZ row is in no panel row: the register's rows minus the
    starts the panel places count it, so it stays in the group (lead20's rule)."""
    log = pd.DataFrame({
        "table": "vdab_measures",
        "rule": ["orphan_id", "outside_window", "left_truncated_spell", "duplicate_measure",
                 "overlapping_measure", "no_ksz_row_in_quarter"],
        "rows": [4, 11_180, 164, 720, 163, 1_415],
        "of_rows": [60_166] * 3 + [None] * 3}).astype({"of_rows": "Int64"})
    log.to_csv(tmp_path / "exclusion_log.csv", index=False)
    hidden = describe.exclusion_log(tmp_path, min_cell=10).mask["rows"].to_numpy()
    assert hidden[0] and hidden[1:].sum() >= 1


def test_coverage_sentence_lists_three_registers_with_commas():
    log = pd.DataFrame({"table": ["vdab_registrations", "vdab_measures", "abb_inburgering"],
                        "rule": "no_ksz_row_in_quarter", "rows": [1_238, 1_415, 994]})
    s = describe.register_coverage_sentence(
        suppress(log, count_cols=["rows"], min_cell=10, name="test log"), [], 10)
    assert s.startswith("1,238 VDAB registration starts, 1,415 measure starts and 994 "
                        "inburgering steps in the window fall in a quarter")
    assert "registration spell is in the panel from its next KSZ quarter" in s


def test_export_check_does_not_advise_more_suppression_for_a_failed_table():
    """A table the record marks 'fail' holds a small count that no further suppression in it
    can protect (chapter 1's exclusion log with 3 persons without a KSZ quarter): the advice
    was 'suppress more cells in the chapter and run it again', which cannot work."""
    from mia_helpers.export_check import _failed_tables

    record = {"results": {"output_2": {
        "output": "exclusion log: rows dropped per register", "status": "fail",
        "summary": "fail; recoverable: persons: its rules drop fewer than 10 rows in all"}}}
    [found] = _failed_tables(record, "panel_construction/disclosure_record.json")
    assert found.rule == "disclosure_record"
    assert "suppress more cells in the chapter" not in found.detail
    assert "suppressing more cells of it does not help" in found.detail
    assert "output checker" in found.detail


def test_a_txt_file_is_refused_with_the_format_to_set(tmp_path):
    from mia_helpers.adapters import MappingFileError, load_mapping

    m = _delivery(tmp_path)
    m["registers"]["persons"]["file"] = "bevolking.txt"
    with pytest.raises(MappingFileError, match=r"format 'txt' not supported.*taken from the "
                       r"file name 'bevolking.txt'.*`format: csv`"):
        load_mapping(m)
