"""fresh50: chapter 6 on an own extract read "a register proxy places (on a real extract:
unknown, the true types are not registered) of the spells on the right side of the
self-reliance cut": the real extract's words were glued into the synthetic sentence. The
whole clause is glued now (:func:`mia_helpers.claims.typology_agreement_clause`)."""
from __future__ import annotations

from pathlib import Path

from mia_helpers import claims

NOTEBOOK = Path(__file__).resolve().parents[1] / "notebooks" / "06_conclusions.md"


def test_with_the_generator_types_the_share_is_stated():
    assert claims.typology_agreement_clause(0.734) == (
        "a register proxy places 73 per cent of the spells on the right side of the "
        "self-reliance cut")


def test_on_a_real_extract_the_clause_says_it_cannot_be_told():
    clause = claims.typology_agreement_clause(None)
    assert clause.startswith("how many spells a register proxy places")
    assert "cannot be told on a real extract" in clause and "(" not in clause


def test_the_chapter_glues_the_whole_clause():
    text = " ".join(NOTEBOOK.read_text().split())
    assert "the consultants' allocation: {glue:text}`ch6_typology_agreement`, and nothing" in text
    assert "claims.typology_agreement_clause(" in text
    assert "register proxy places" not in text
