"""fresh48: chapter 2 described the controls of the default blocks whatever ``blocks`` was.

`chapter school_leaver_entry -p seed 4048 -p blocks '[individual, parental]'` fits no model
with the household block (couple, children), yet the chapter said that the largest model
"sees every other term" of the generator, that in the per-sex models "woman with children"
drops out of the controls while "children" remains, that the registers' children and
household composition are characteristics "which the models use", and that the controls
"can close the part of the gap that runs through diploma, language and the presence of
children". ``claims.block_scope_phrases`` now says each from the blocks.
"""

from pathlib import Path

import pytest

from mia_helpers import claims

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "02_school_leaver_entry.md"
DEFAULT = ["individual", "household", "parental"]


def test_default_blocks_keep_the_chapters_sentences():
    p = claims.block_scope_phrases(DEFAULT)
    assert p["leavers_model_sees"] == ("the model sees every other term except the measures' "
                                       "lock-in and gains")
    assert p["leavers_sex_controls"] == ('Sex and "woman with children" drop out of the '
                                         'controls (they are constant within a sex; '
                                         '"children" remains).')
    assert p["leavers_registers_used"] == ", which the models use"
    assert "diploma, language and the presence of children;" in p["leavers_controls_close"]


def test_without_the_household_block_no_sentence_claims_children_among_the_controls():
    p = claims.block_scope_phrases(["individual", "parental"])
    assert "household block" in p["leavers_model_sees"]
    assert "children and household" in p["leavers_model_sees"]
    assert "woman with children" not in p["leavers_sex_controls"]
    assert '"children" remains' not in p["leavers_sex_controls"]
    assert "children are not among their controls" in p["leavers_sex_controls"]
    assert "which the models use" not in p["leavers_registers_used"]
    assert p["leavers_registers_used"] == ("; this run's models use education and the Dutch "
                                           "indicator, not "
                                           "children and household (parameter blocks)")
    close = p["leavers_controls_close"]
    assert close.startswith("So the controls above can close the part of the gap that runs "
                            "through diploma and language;"), close


def test_without_the_individual_block_sex_is_not_said_to_drop_out():
    p = claims.block_scope_phrases(["household"])
    assert not p["leavers_sex_controls"].startswith("Sex")
    assert "sex is not among their controls" in p["leavers_sex_controls"]
    assert "education, Dutch, sex, VDAB registration and parents" in p["leavers_model_sees"]
    nothing = claims.block_scope_phrases(["parental"])
    assert nothing["leavers_sex_controls"].startswith("Nothing drops out")
    assert "close no part" in nothing["leavers_controls_close"]


def test_unknown_block_is_refused_naming_the_parameter():
    with pytest.raises(ValueError, match="blocks"):
        claims.block_scope_phrases(["individual", "neighbourhood"])


def test_the_chapter_glues_the_four_sentences():
    text = NOTEBOOK.read_text(encoding="utf-8")
    for key in ("leavers_model_sees", "leavers_sex_controls", "leavers_registers_used",
                "leavers_controls_close"):
        assert f"{{glue:text}}`{key}`" in text, key
    for typed in ("the model sees every other term", 'Sex and "woman with children" drop out',
                  "which the models use", "runs through diploma, language"):
        assert typed not in " ".join(text.split()), typed
    assert "claims.block_scope_phrases(blocks)" in text


def test_sex_difference_caption_names_the_runs_scale():
    """fresh48: Table 9's caption said "log-odds or log-hazard scale" whatever the link; it
    now names the run's (the sentence under it already did)."""
    text = NOTEBOOK.read_text(encoding="utf-8")
    assert "log-odds or log-hazard" not in text
    # rev48: the scale is the link's words from their one home, hazard.link_words
    assert "({scale_name} scale)" in text
    assert ('ratio_name, scale_name = map(hz.link_words(link).get, ("gap_ratio", '
            '"gap_scale"))') in text
