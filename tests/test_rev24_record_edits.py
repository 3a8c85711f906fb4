"""rev24: export-check's refusal of narrowed entries survives a hand-edited record.

A disclosure record whose entry had its ``narrowed`` list dropped or emptied (the summary left
as written), or whose ``results`` were turned into a list, passed: nothing was read as narrowed.
"""

from __future__ import annotations

import pytest

from mia_helpers.export_check import _failed_tables

ENTRY = {"output": "starts", "status": "review", "narrowed": ["remainder of n_persons (row 1)"],
         "summary": "review; narrowed (group total known elsewhere): remainder of n_persons "
                    "(row 1)"}


def _refusals(results: object) -> list:
    rec = {"version": "mia_helpers.disclosure 2", "results": results}
    return [f for f in _failed_tables(rec, "disclosure_record.json")
            if f.rule == "disclosure_record"]


@pytest.mark.parametrize("entry", [
    ENTRY,
    {**ENTRY, "status": "pass"},
    {**ENTRY, "narrowed": []},
    {k: v for k, v in ENTRY.items() if k != "narrowed"},
], ids=["as written", "status pass", "list emptied", "list dropped"])
def test_a_narrowed_entry_is_refused_however_edited(entry):
    assert len(_refusals({"output_0": entry})) == 1


def test_results_not_an_object_are_refused():
    assert len(_refusals([ENTRY])) == 1


def test_a_clean_record_passes():
    clean = {**ENTRY, "narrowed": [], "summary": "review"}
    assert _refusals({"output_0": clean}) == []
    assert _refusals({}) == []
