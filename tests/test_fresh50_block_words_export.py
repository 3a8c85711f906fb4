"""fresh50: chapter 2 on an own extract at ``-p blocks '[individual, parental]'`` and
``min_cell`` 20 failed its own export: the glued clause "this run's models use the first two
of these, not children and household" was read by ``export-check`` as "two" persons ("two of
these", like "two of them", names a count; ec26). The clause names the characteristics now,
and every sentence :func:`mia_helpers.claims.block_scope_phrases` writes, for every choice of
blocks, passes the check's reading of prose."""
from __future__ import annotations

import itertools

import pytest
from export_files import scan_files

from mia_helpers import claims

BLOCKS = ("individual", "household", "parental")
CHOICES = [list(c) for n in (1, 2, 3) for c in itertools.combinations(BLOCKS, n)]


@pytest.mark.parametrize("blocks", CHOICES, ids="+".join)
def test_the_block_sentences_state_no_count_of_persons(tmp_path, blocks):
    text = "\n\n".join(claims.block_scope_phrases(blocks).values())
    found = scan_files(tmp_path, {"ch2.md": text + "\n"}, 20).findings
    assert found == [], found


def test_the_clause_names_the_characteristics():
    used = claims.block_scope_phrases(["individual", "parental"])["leavers_registers_used"]
    assert "education and the Dutch indicator" in used and "two" not in used
