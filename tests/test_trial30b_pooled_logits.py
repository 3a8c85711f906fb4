"""Chapter 4 on seed 8383 (6,000 residents, min_cell 11): "16 risk sets ... were scored by
seven pooled logits, one per measure" with nine measures run; only seven had risk sets with
too few starters. The sentence says the pooled logits are those of the measures with such
risk sets when not every measure has one."""

from __future__ import annotations

import pandas as pd

from mia_helpers.claims import support_warnings_sentence


def _support(pooled: dict[str, int], own: int = 3) -> pd.DataFrame:
    rows = []
    for m, k in pooled.items():
        rows += [{"measure": m, "not_identified": "", "score_model": "own"}] * own
        rows += [{"measure": m, "not_identified": "", "score_model": "pooled"}] * k
    return pd.DataFrame(rows)


def test_pooled_logits_of_some_measures_only():
    s = support_warnings_sentence(
        {"": _support({"training_basic": 2, "mediation_guidance": 3, "sanction_transmission": 0})},
        "the expensive cell above", "result.support()")
    assert ("Five risk sets with too few starters for a logit of their own were scored by two "
            "pooled logits, one per measure with such risk sets, with a term per risk set") in s, s


def test_pooled_logits_of_every_measure_unchanged():
    s = support_warnings_sentence({"": _support({"training_basic": 1, "mediation_guidance": 3})},
                                  "the expensive cell above", "result.support()")
    assert "were scored by two pooled logits, one per measure, with a term" in s, s
