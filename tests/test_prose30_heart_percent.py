"""Appendix C writes a percentage as the rest of the book does: "95 % interval" (prose30)."""
import re
from pathlib import Path

from mia_helpers.claims import estimate_phrase, percent_text


def test_interval_level_has_the_books_space():
    text = estimate_phrase(-5.3, -11.4, 7.5, 10, "percentage points", level_pct=95)
    assert text == "-5.3 percentage points (95 per cent interval -11.4 to 7.5)"
    assert percent_text(0.95) == "95 per cent"  # the form the other chapters glue


def test_appendix_c_prose_has_no_unspaced_percent():
    src = Path(__file__).resolve().parents[1] / "notebooks" / "C_heart_transplant.md"
    prose = re.sub(r"```.*?```", "", src.read_text(encoding="utf-8"), flags=re.S)
    assert not re.findall(r"\d%", prose)


def test_later_share_has_the_books_space():
    from mia_helpers.claims import later_share_phrase

    assert later_share_phrase(0.594, (37, 25), 10) == "59 per cent"
