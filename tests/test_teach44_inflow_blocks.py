"""Chapter 3 with other covariate blocks (user44; book/teaching.md: "Change the measures and
their grouping ... and the blocks of covariates"; the exercise ex-inflow-noself sets
``covariate_blocks = []``). With ``-p covariate_blocks '[]'`` (seed 2005, 5,000 residents)
the chapter still read "Holding Dutch, education and experience fixed, the first
generation's adjusted gap is smaller ...", "With the same self-reliance, ..." and, of basic
training's gaps, "where the adjusted gap is the smaller, weaker Dutch and lower education
send jobseekers to competence building", of an M1 that equals M0."""
from pathlib import Path

import pytest

from mia_helpers import claims

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "03_activation_inflow.md"


def test_default_blocks_keep_the_chapter_words():
    w = claims.inflow_m1_words(["self_reliance", "newcomer"])
    assert w["inflow_m1_holding"] == "Holding Dutch, education and experience fixed"
    assert w["inflow_m1_same"] == "With the same self-reliance"


def test_no_block_says_m1_equals_m0():
    w = claims.inflow_m1_words([])
    assert "Dutch" not in " ".join(w.values()), w
    assert w["inflow_m1_holding"] == "With nothing held fixed (in this run M1 equals M0)"
    assert "M1 adds no covariate block to M0" in w["inflow_m1_keeping"]


def test_other_blocks_are_named():
    w = claims.inflow_m1_words(["demographics", "newcomer"])
    assert w["inflow_m1_holding"] == ("Holding sex, age, household and children and the "
                                      "newcomers' integration contract fixed (not Dutch, "
                                      "education or experience)"), w
    with pytest.raises(ValueError, match="unknown covariate blocks"):
        claims.inflow_m1_words(["dutch"])


def test_the_chapter_glues_the_words_and_passes_its_blocks():
    text = NOTEBOOK.read_text(encoding="utf-8")
    flat = " ".join(text.split())
    assert "Holding Dutch, education and experience fixed," not in flat
    assert "- With the same self-reliance," not in text
    assert "keeping their Dutch, education and experience" not in flat
    assert "{glue:text}`inflow_m1_holding`" in text and "{glue:text}`inflow_m1_same`" in text
    assert "blocks=covariate_blocks" in text and "claims.inflow_m1_words(covariate_blocks)" in text
