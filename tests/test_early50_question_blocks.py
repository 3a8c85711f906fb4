"""Chapter 2's question names the covariate blocks the run fits (early50: seed 4134 with
``blocks = [household, individual]`` asked how much "the parents' background" explains,
though no model held the parental block)."""

from pathlib import Path

from mia_helpers import claims

CHAPTER = Path(__file__).resolve().parents[1] / "notebooks" / "02_school_leaver_entry.md"
KEY = "leavers_question_explain"


def test_default_blocks_keep_the_question():
    got = claims.block_scope_phrases(["individual", "household", "parental"])[KEY]
    assert got == ("do individual characteristics, the household and the parents' background "
                   "explain")


def test_left_out_block_is_not_asked_about():
    got = claims.block_scope_phrases(["household", "individual"])[KEY]
    assert "parents" not in got
    assert got == "do individual characteristics and the household explain"
    assert claims.block_scope_phrases(["parental"])[KEY] == "does the parents' background explain"


def test_chapter_glues_the_question():
    text = CHAPTER.read_text(encoding="utf-8")
    assert "gap with natives {glue:text}`leavers_question_explain`?" in text
    assert "do individual characteristics, the household and the parents' background" not in text
