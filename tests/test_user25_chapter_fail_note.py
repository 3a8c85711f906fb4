"""user25 (analyst walk-through): chapter 1 on an adapted extract whose rules drop fewer than
min_cell rows of a register marks its exclusion-log table 'fail'; the runner ended with
"before anything leaves: ... export-check" and said nothing, so the analyst learnt it only
from export-check. The runner now names the failed tables (cli.chapter.failed_tables)."""

from __future__ import annotations

import json

from mia_helpers.cli.chapter import failed_tables


def test_failed_tables_are_named_from_the_record(tmp_path):
    record = {"version": "mia_helpers.disclosure 2", "results": {
        "output_0": {"output": "register overview", "status": "pass"},
        "output_2": {"output": "exclusion log: rows dropped per register", "status": "fail"},
        "output_4": {"output": "sample profile", "status": "review"}}}
    (tmp_path / "disclosure_record.json").write_text(json.dumps(record), encoding="utf-8")
    assert failed_tables(tmp_path) == ["exclusion log: rows dropped per register"]


def test_no_record_or_a_damaged_one_names_nothing(tmp_path):
    assert failed_tables(tmp_path) == []
    (tmp_path / "disclosure_record.json").write_text("{not json", encoding="utf-8")
    assert failed_tables(tmp_path) == []


def test_narrowed_tables_are_named_too(tmp_path):
    """user36: export-check refuses an entry listing narrowed counts (status 'review' or
    'pass'), so the runner names it as it names a 'fail' one (each table once)."""
    from mia_helpers.cli.chapter import narrowed_tables

    record = {"version": "mia_helpers.disclosure 2", "results": {
        "output_0": {"output": "register overview", "status": "pass", "narrowed": []},
        "output_6": {"output": "inflow cell rrr", "status": "review",
                     "narrowed": ["n_persons (row 19)"]},
        "output_7": {"output": "inflow totals", "status": "pass",
                     "summary": "pass; narrowed (group total known elsewhere): x"},
        "output_9": {"output": "inflow cell rrr", "status": "review",
                     "narrowed": ["n_persons (row 19)"]},
        "output_2": {"output": "exclusion log", "status": "fail", "narrowed": ["n (row 1)"]}}}
    (tmp_path / "disclosure_record.json").write_text(json.dumps(record), encoding="utf-8")
    assert narrowed_tables(tmp_path) == ["inflow cell rrr", "inflow totals"]
    assert failed_tables(tmp_path) == ["exclusion log"]
    (tmp_path / "disclosure_record.json").write_text("{not json", encoding="utf-8")
    assert narrowed_tables(tmp_path) == []


def test_runner_and_export_check_read_the_record_alike(tmp_path):
    """review36: the runner's warning (:func:`narrowed_tables`, :func:`failed_tables`) and
    export-check's refusal (``export_check._failed_tables``) read the record by two copies of
    one rule; on every kind of entry (fail, a narrowed list, a summary alone, an empty list, a
    failed entry that also lists narrowed counts) they must name the same tables."""
    import re

    from mia_helpers.cli.chapter import narrowed_tables
    from mia_helpers.export_check import _failed_tables

    record = {"version": "mia_helpers.disclosure 2", "results": {
        "output_0": {"output": "register overview", "status": "pass", "narrowed": []},
        "output_1": {"output": "sample profile", "status": "review"},
        "output_2": {"output": "exclusion log", "status": "fail", "summary": "fail: x",
                     "narrowed": ["n (row 1)"]},
        "output_6": {"output": "inflow cell rrr", "status": "review",
                     "narrowed": ["n_persons (row 19)"]},
        "output_7": {"output": "inflow totals", "status": "pass",
                     "summary": "pass; narrowed (group total known elsewhere): x"},
        "output_8": {"output": "risk sets", "status": "review", "narrowed": "n (row 2)"}}}
    (tmp_path / "disclosure_record.json").write_text(json.dumps(record), encoding="utf-8")
    found = _failed_tables(record, "disclosure_record.json")
    named = [re.search(r"table '([^']+)'", f.detail).group(1) for f in found]
    refused_narrowed = [n for n, f in zip(named, found, strict=True) if "as narrowed" in f.detail]
    refused_fail = [n for n, f in zip(named, found, strict=True) if "'fail'" in f.detail]
    assert narrowed_tables(tmp_path) == refused_narrowed == [
        "inflow cell rrr", "inflow totals", "risk sets"]
    assert failed_tables(tmp_path) == refused_fail == ["exclusion log"]
