"""dpo46: the same cell counted in two tables of one export, a few persons apart.

An analyst exports chapter 1's persons by origin and, beside it, the same table made again
with one more filter (or at the next horizon, or from chapter 5's newcomers counted under the
same labels): "Origin | Persons" with Maghreb 120 in one file and 117 in another. Each passes
on its own, and the difference, 3 persons, is published by the two together; ``--released``
compared such cells across exports only (dpo32). A count of persons whose column and row
labels are the same in two tables of one export and whose values differ by more than zero and
fewer than ``min_cell`` is refused now (``linked_difference``), naming both tables. The same
table shown twice (a notebook and its HTML) agrees with itself and passes.
"""

from __future__ import annotations

import pandas as pd

from mia_helpers.export_check import scan


def _csv(path, persons, col="Persons"):
    pd.DataFrame({"Origin": ["Maghreb", "Turkish"], col: persons}).to_csv(path, index=False)


def test_one_cell_a_few_persons_apart_in_two_files_is_refused(tmp_path):
    _csv(tmp_path / "origins.csv", [120, 300])
    _csv(tmp_path / "origins_filtered.csv", [117, 300])
    found = [f for f in scan(tmp_path, min_cell=10).findings]
    assert [f.rule for f in found] == ["linked_difference"], found
    d = found[0].detail
    assert "'Maghreb'" in d and "120" in d and "117" in d and "origins.csv" in (
        found[0].file + d) and "origins_filtered.csv" in (found[0].file + d)


def test_the_same_counts_or_large_differences_pass(tmp_path):
    _csv(tmp_path / "origins.csv", [120, 300])
    _csv(tmp_path / "again.csv", [120, 300])
    _csv(tmp_path / "other.csv", [150, 200])
    assert scan(tmp_path, min_cell=10).findings == []


def test_another_count_column_is_not_compared(tmp_path):
    _csv(tmp_path / "origins.csv", [120, 300])
    _csv(tmp_path / "starters.csv", [117, 290], col="Starters")
    assert scan(tmp_path, min_cell=10).findings == []
