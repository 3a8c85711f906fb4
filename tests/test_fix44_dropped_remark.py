"""Chapter 2's remark on the terms its nested tables list as dropped (work experience, age
at leaving school) stood even when the individual block, which holds both, was not in the
models (``-p blocks '["household"]'``; fix44). It is glued now, and empty without them."""

from __future__ import annotations

from pathlib import Path

import pytest

from mia_helpers import claims

CHAPTER = Path(__file__).resolve().parents[1] / "notebooks" / "02_school_leaver_entry.md"
REMARK = (" Terms listed as dropped are constant or exact linear combinations of earlier terms "
          "in these data: work experience is zero for everyone before a first job, and in the "
          "synthetic data age at leaving school is a function of education and generation.")


@pytest.mark.parametrize("blocks", [["individual", "household", "parental"],
                                    ["household", "individual"], ["individual"]])
def test_remark_with_the_individual_block(blocks):
    assert claims.dropped_terms_remark(blocks) == REMARK  # the default wording, unchanged


@pytest.mark.parametrize("blocks", [["household"], ["parental", "household"], []])
def test_no_remark_without_it(blocks):
    assert claims.dropped_terms_remark(blocks) == ""


def test_unknown_block_refused():
    with pytest.raises(KeyError):
        claims.dropped_terms_remark(["individuals"])


def test_chapter_glues_the_remark():
    text = CHAPTER.read_text()
    assert "work experience is zero" not in text  # no longer typed in the prose
    assert "{glue:text}`leavers_dropped_remark`" in text
    assert 'glue("leavers_dropped_remark", claims.dropped_terms_remark(blocks)' in text
