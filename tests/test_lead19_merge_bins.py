"""effect_tables.merge_bins_by_persons by integer codes equals the definition: bins taken left
to right until the distinct persons with a row in the merged bin number min_cell, a last
remainder with fewer joining the bin before (the first version collected the ids in a Python
set; this is that version, as the reference)."""

from __future__ import annotations

import numpy as np
import pytest

from mia_helpers.effect_tables import merge_bins_by_persons


def _reference(bin_of_row, person, bins, min_cell):
    starts, current = [0], set()
    for b in range(bins):
        current.update(person[bin_of_row == b].tolist())
        if len(current) >= min_cell and b < bins - 1:
            starts.append(b + 1)
            current = set()
    if len(current) < min_cell and len(starts) > 1:
        starts.pop()
    return starts


@pytest.mark.parametrize("seed", range(30))
def test_equals_the_set_definition(seed):
    rng = np.random.default_rng(seed)
    n, bins = int(rng.integers(0, 400)), int(rng.integers(1, 31))
    person = rng.integers(0, max(1, n // 3) + 1, n) * 7 + 1000  # repeated, not 0..k
    bin_of_row = rng.integers(0, bins, n)
    min_cell = int(rng.integers(2, 25))
    assert merge_bins_by_persons(bin_of_row, person, bins, min_cell) == _reference(
        bin_of_row, person, bins, min_cell)
