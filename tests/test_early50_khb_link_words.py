"""Chapter 2's KHB section does not call its models logit whatever the parameter ``link``
(early50: seed 4133 with ``link = "cloglog"`` read "Logit coefficients of nested models cannot
be compared directly" above complementary log-log fits; the rescaling argument holds for
both links, whose latent errors have a fixed variance)."""

from pathlib import Path

CHAPTER = Path(__file__).resolve().parents[1] / "notebooks" / "02_school_leaver_entry.md"


def test_khb_section_names_both_links():
    text = CHAPTER.read_text(encoding="utf-8")
    section = text[text.index("## How much of the gap do the covariates explain?"):]
    section = section[:section.index("```{code-cell}")]
    assert "Logit coefficients" not in section
    assert "nested logit (or complementary log-log) models" in section
