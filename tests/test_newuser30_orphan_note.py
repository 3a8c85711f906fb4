"""The note about persons missing from ``persons`` names the removal the README asks for
(newuser30: after removing rows with an unmapped origin from the raw persons file, as the
README says, the analyst was told only to ask the data owner whether persons is
incomplete)."""

from __future__ import annotations

import pandas as pd

from mia_helpers.adapters.core import orphan_note


def test_orphan_note_names_rows_removed_from_the_persons_file():
    orphans = pd.DataFrame({"table": ["ksz_positions"], "rows": [141], "persons": [3],
                            "example_ids": ["6, 18, 41"]})
    text = orphan_note(orphans)
    assert "ksz_positions 141 rows of 3 persons" in text
    assert "persons whose rows you removed from the raw persons file" in text
    assert "excluded as orphan_id" in text
