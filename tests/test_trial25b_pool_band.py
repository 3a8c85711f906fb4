"""trial25b: chapter 4's pool exercise compared its "now versus later" change with "the mean
width of the measure's 95 % band in this run"; with estimand = "now_vs_never" (seed 6868,
min_cell 11) the figure draws the "now versus never" bands, so the sentence must name the
estimand whose band it averages."""

from pathlib import Path

NB = Path(__file__).resolve().parents[1] / "notebooks" / "04_activation_effects.md"


def test_pool_exercise_names_the_band_estimand():
    text = NB.read_text(encoding="utf-8")
    start = text.index('glue("ex-other-compare"')
    cell = text[start:start + 600]
    assert "now versus later" in cell.split("band in this run")[0], cell
