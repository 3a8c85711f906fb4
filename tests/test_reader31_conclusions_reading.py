"""reader31: chapter 6 reads the school leavers' two odds ratios against the study's "wider gap
for stable jobs" (cc.stable_gap_reading, glued as ch6_nonEU_gap_reading) instead of leaving the
comparison to the reader; the clause follows the estimates, and says nothing where one is
hidden."""
from __future__ import annotations

from pathlib import Path

from mia_helpers import conclusions as cc

ROOT = Path(__file__).resolve().parents[1]


def _table(job: tuple[float, float, float], stable: tuple[float, float, float], n: int = 100):
    rows = {f.key: {"estimate": 1.0, "ci_low": 0.5, "ci_high": 2.0, "n_persons": n,
                    "truth": float("nan")} for f in cc.STUDY_FINDINGS}
    for key, (est, low, high) in (("nonEU_gap_job", job), ("nonEU_gap_stable", stable)):
        rows[key].update(estimate=est, ci_low=low, ci_high=high)
    return cc.findings_table(rows, synthetic=True)


def test_a_lower_stable_ratio_below_one_reads_as_the_wider_gap():
    # this run's values (seed 2005): 0.51 [0.49, 0.54] and 0.43 [0.40, 0.45]
    text = cc.stable_gap_reading(_table((0.51, 0.49, 0.54), (0.43, 0.40, 0.45)))
    assert text.startswith("; ") and "wider for stable jobs, as the study finds" in text
    assert "overlap" not in text
    overlapping = cc.stable_gap_reading(_table((0.51, 0.45, 0.58), (0.48, 0.42, 0.55)))
    assert "wider" in overlapping and "intervals overlap" in overlapping


def test_a_stable_ratio_not_lower_or_not_below_one_does_not_reproduce_the_finding():
    not_lower = cc.stable_gap_reading(_table((0.50, 0.45, 0.55), (0.55, 0.50, 0.60)))
    assert "not lower than the first-job ratio" in not_lower and "does not come back" in not_lower
    above_one = cc.stable_gap_reading(_table((1.30, 1.20, 1.40), (1.10, 1.00, 1.20)))
    assert "is not below one" in above_one and "as the study finds" not in above_one


def test_a_hidden_ratio_gets_no_reading():
    hidden = _table((0.51, 0.49, 0.54), (0.43, 0.40, 0.45), n=5)  # below min_cell: hidden
    assert hidden["estimate"].isna().all()
    assert cc.stable_gap_reading(hidden) == ""


def test_glue_texts_carry_the_reading_and_chapter_6_shows_it():
    g = cc.glue_texts(_table((0.51, 0.49, 0.54), (0.43, 0.40, 0.45)))
    assert g["nonEU_gap_reading"].startswith("; the stable-job ratio is the lower")
    chapter = (ROOT / "notebooks" / "06_conclusions.md").read_text()
    assert "{glue:text}`ch6_nonEU_gap_reading`" in chapter
