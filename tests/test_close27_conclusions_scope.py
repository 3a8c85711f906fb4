"""Chapter 6 read the IBO effect against the generator's value although matching dropped
83.4 % of its starters at ``caliper = 0.001`` (close27); chapter 4 gives the caution from
``claims.TRUTH_SCOPE_DROPPED_PCT`` on, and so does chapter 6 now."""
from __future__ import annotations

from pathlib import Path

from mia_helpers import claims
from mia_helpers import conclusions as cc
from mia_helpers.disclosure import small_count_matches


def _rows(dropped: float | None) -> dict:
    rows = {f.key: {"estimate": 30.0, "ci_low": 18.5, "ci_high": 43.0, "n_persons": 100,
                    "truth": 17.0} for f in cc.STUDY_FINDINGS}
    if dropped is not None:
        rows["ibo_residents_q5"]["dropped_pct"] = dropped
    return rows


def test_many_dropped_the_generator_value_comes_with_the_caution() -> None:
    rows = _rows(83.4)
    assert cc.truth_scope_of(rows) == {"ibo_residents_q5": 83.4}
    g = cc.glue_texts(cc.findings_table(rows, synthetic=True), cc.truth_scope_of(rows))
    # with its leading space, as every _truth glue (read27)
    assert g["ibo_residents_q5_truth"].startswith(" (generator: 17 per cent, an average over all")
    assert "83.4 per cent" in g["ibo_residents_q5_truth"]
    assert "misses" not in g["ibo_residents_q5_evidence"]
    assert "83.4 per cent" in g["ibo_residents_q5_evidence"]
    # the caution itself states no count (export-check read "twin: two" as a label)
    for key in ("ibo_residents_q5_truth", "ibo_residents_q5_evidence", "recovery"):
        assert not small_count_matches(g[key], 10), g[key]
    # the other findings are read against the generator as before
    assert g["ibo_newcomers_q4_evidence"].endswith("misses the generator's value, 17 per cent)")
    assert "not read against the generator's value: matching dropped 83.4 per cent" in g["recovery"]
    assert "for 6 of the" not in g["recovery"] and "IBO effect, residents" in g["recovery"]


def test_few_dropped_or_no_share_reads_as_before() -> None:
    base = cc.glue_texts(cc.findings_table(_rows(None), synthetic=True))
    rows = _rows(None)
    same = cc.glue_texts(cc.findings_table(rows, synthetic=True), cc.truth_scope_of(rows))
    assert base == same
    assert base["ibo_residents_q5_truth"] == " (generator: 17 per cent)"  # trial27: its own space


def test_chapter_6_glues_the_scope_and_chapter_4_threshold_is_the_rule() -> None:
    src = (Path(__file__).resolve().parents[1] / "notebooks" / "06_conclusions.md").read_text(
        encoding="utf-8")
    assert "cc.glue_texts(table, cc.truth_scope_of(rows))" in src
    assert claims.TRUTH_SCOPE_DROPPED_PCT == 10.0
