"""trial25b: chapter 5's effect-curve caption said nothing of the points disclosure control
leaves out (seed 6868, min_cell 11, "now versus never": MO's matched curve was not drawn at
all, and inburgering's bounds at quarters 10 and 11 were hidden), unlike chapter 4's."""

import re
from pathlib import Path

NB = Path(__file__).resolve().parents[1] / "notebooks" / "05_newcomer_integration.md"


def test_curve_caption_names_the_hidden_points():
    text = NB.read_text(encoding="utf-8")
    caption = re.search(r"```\{glue:figure\} fig-newcomers-curves\n(.*?)```", text, re.S)
    assert caption, "caption of fig-newcomers-curves not found"
    body = caption.group(1)
    # the bound is glued: par_min_cell, or (since fix44, grammatical at min_cell 1)
    # par_fewer_persons, "fewer than <min_cell> persons"
    assert "are not drawn" in body and ("{glue:text}`par_min_cell`" in body
                                        or "{glue:text}`par_fewer_persons`" in body), body
