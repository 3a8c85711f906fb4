"""Chapter 2 names the block its M1 adds from ``blocks`` (user44: with ``-p blocks
'[household]'``, seed 2005, 5,000 residents, the text read "adding the individual block (M1)
pulls the intermediate generation's ratios ...", of an M1 that added the household block;
book/teaching.md asks students to change the blocks of covariates)."""
from pathlib import Path

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "02_school_leaver_entry.md"


def test_the_m1_block_is_glued_from_the_parameter():
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert "adding the individual block (M1)" not in text
    assert "adding the {glue:text}`par_m1_block` block (M1)" in text
    assert '"par_m1_block": blocks[0]' in text
