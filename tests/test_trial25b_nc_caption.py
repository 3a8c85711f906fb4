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
    # the rule is glued whole since mend45 (labels.min_cell_rule: said from min_cell 2 on,
    # nothing at 1, where it cannot apply); cell45: this test still looked for the bare bound
    assert "{glue:text}`par_rule_few_matched`" in body, body
    from mia_helpers.labels import min_cell_phrases

    rule = min_cell_phrases(11)["par_rule_few_matched"]
    assert "fewer than 11 persons" in rule and rule.endswith("are not drawn."), rule
