"""export-check refuses a disclosure record that lists narrowed hidden counts (narrow24).

The checking record's ``narrowed`` lists hidden small counts that a reader bounds more tightly
than ``[1, min_cell - 1]`` and that no further cell of their table protects (status
``review``). dpo24's seed-3737 run of chapter 3 listed five (``inflow cell rrr``), and
export-check let the run pass; since narrow24 neither the default book nor that run lists any,
so a record that does is refused, naming the record, the table and the cells.
"""

from __future__ import annotations

import json
from pathlib import Path

from mia_helpers.export_check import scan

MIN_CELL = 13


def _record(folder: Path, narrowed: list[str]) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    entry = {"output": "inflow cell rrr", "status": "review", "min_cell": MIN_CELL,
             "summary": "review; threshold: 3 cells suppressed; ", "narrowed": narrowed,
             "unresolved": [], "count_cols": ["n_persons"]}
    (folder / "table.csv").write_text("group,n_persons\nmaghreb:first,120\nturkish:first,95\n")
    (folder / "disclosure_record.json").write_text(json.dumps(
        {"version": "mia_helpers.disclosure 2", "results": {"output_4": entry}}))
    return folder


def test_a_narrowed_entry_under_review_is_refused_with_table_cell_and_remedy(tmp_path):
    res = scan(_record(tmp_path / "run", ["n_persons (row 50)"]), MIN_CELL)
    assert not res.ok
    [found] = [f for f in res.findings if f.rule == "disclosure_record"]
    assert found.file.endswith("disclosure_record.json") and "output_4" in found.where
    assert "'inflow cell rrr'" in found.detail and "n_persons (row 50)" in found.detail
    assert "Remedy" in found.detail and "composition_withheld" in found.detail


def test_a_record_without_narrowed_entries_passes(tmp_path):
    assert scan(_record(tmp_path / "run", []), MIN_CELL).ok
