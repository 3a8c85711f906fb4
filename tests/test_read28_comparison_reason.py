"""Chapter 5's comparison sentences give every reason the comparison table hides an effect
for: too few starters or entrants, or an effect that, beside a hidden starters count, would
give that count away (dpo26's 1/(L n) grid). read28: seed 6262, 4,000 residents, 1,500
newcomers, min_cell 12: vocational training's newcomer effect at 5 quarters (89 and 76
starters at 4 and 8) was hidden by the grid rule alone, and the text said "for newcomers no
measure's effect can be stated (too few starters, or too few who entered or did not)"."""
import pandas as pd

from mia_helpers import claims

CODES = ["workplace_learning_ibo", "training_vocational", "workplace_learning_other"]
PINS = "would give away a starters count the table hides"


def _comparison(newcomer: list[float]) -> pd.DataFrame:
    rows = [{"population": pop, "measure": m, "quarter_since_start": 5, "att_pp": v,
             "ci_low": v - 5, "ci_high": v + 5}
            for pop, vals in (("newcomer", newcomer), ("resident", [12.0, 0.3, 6.9]))
            for m, v in zip(CODES, vals, strict=True)]
    return pd.DataFrame(rows)


def test_ranking_and_summary_name_the_grid_rule() -> None:
    text, summary = claims.measure_ranking_sentences(_comparison([float("nan")] * 3), 5)
    assert "for newcomers no measure's effect can be stated (too few starters, or too few " \
           f"who entered or did not, or an estimate that {PINS})" in text, text
    assert summary.endswith(f"or an estimate that {PINS})"), summary


def test_vocational_sentence_names_the_grid_rule() -> None:
    text = claims.vocational_sentence(_comparison([float("nan")] * 3), 5, synthetic=True)
    assert f"neither newcomer effect at 5 quarters is published (too few starters, or too few " \
           f"who entered or did not, or an estimate that {PINS}), so they cannot be compared" \
           in text, text


def test_one_stated_the_others_reason() -> None:
    text, _ = claims.measure_ranking_sentences(
        _comparison([float("nan"), 13.9, float("nan")]), 5)
    assert f"the others rest on too few starters, or too few who entered or did not, or {PINS}" \
        in text, text
