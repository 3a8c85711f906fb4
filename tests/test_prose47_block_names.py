"""One concept, one name: chapter 2's parental covariate block (prose47).

Found by an analyst re-run: the prose called the block "parents" (:data:`mia_helpers.claims.
BLOCK_WORDS`: "M3 (+ parents)", "the covariate blocks (individual, household and parents)")
while the tables beside it label it "Parental" (:data:`mia_helpers.labels.LABELS`), as the
parameter ``blocks`` and :data:`mia_helpers.hazard.BLOCKS` name it "parental". The prose now
uses the tables' name for every block.

Data: the package's name maps only (no tolerance).
"""

from __future__ import annotations

from mia_helpers import claims
from mia_helpers.hazard import BLOCKS
from mia_helpers.labels import LABELS


def test_every_block_has_one_name_in_prose_and_tables():
    assert set(claims.BLOCK_WORDS) == set(BLOCKS)
    assert {b: claims.BLOCK_WORDS[b] for b in BLOCKS} == {b: LABELS[b].lower() for b in BLOCKS}


def test_the_prose_names_the_parental_block_as_the_tables_do():
    assert claims.nested_models_phrase(["parental"]).endswith("M1 (+ parental)")
    assert "parents" not in claims.blocks_clause(["individual", "household", "parental"])
