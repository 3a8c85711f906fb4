"""Prose read against a second seed (user43, seed 2012): sentences that were true but read
oddly on that run's numbers."""

from __future__ import annotations

import pandas as pd

from mia_helpers import claims

IBO = "workplace_learning_ibo"


def _rows(quarters, groups=("belgian", "non_eu"), miss=0) -> pd.DataFrame:
    """Matched rows of IBO by origin group, bands (-1, 5) around a truth of 2.0; the first
    ``miss`` rows have the truth outside their band."""
    rows = pd.DataFrame([
        {"measure": IBO, "group": g, "estimand": "now_vs_later", "estimator": "matched",
         "quarter_since_start": q, "att_pp": 2.0, "ci_low": -1.0, "ci_high": 5.0,
         "n_treated": 200, "true_att_pp": 2.0} for g in groups for q in quarters])
    rows.loc[rows.index[:miss], "true_att_pp"] = 9.0
    return rows


def _inside(rows, quarters) -> str:
    return claims.origin_claims(rows, [IBO], quarters=quarters)["eff_origin_inside"]


def test_band_count_reads_a_full_count_as_all():
    """Seed 2012, chapter 4: "the generator's group truth lies inside the group's band at
    46 of 46 points"; the book's rule for a full count (dpo16, trial26) is "all 46"."""
    s = _inside(_rows(range(4, 9)), range(4, 9))
    assert s.endswith("group truth lies inside the group's band at all 10 points."), s
    assert "10 of 10" not in s
    s = _inside(_rows(range(4, 9), miss=1), range(4, 9))
    assert s.endswith("band at 9 of 10 points."), s
    s = _inside(_rows([4], groups=("belgian",)), [4])
    assert s.endswith("band at the one point."), s  # not "at 1 of 1 points"
    s = _inside(_rows([4]), [4])
    assert s.endswith("band at both points."), s


def test_warning_sentences_do_not_open_with_a_numeral():
    """The sentences after the printed warnings opened with digits from ten on ("21 risk sets
    with too few starters ... were scored", "12 terms of the feeder model are not
    identified"); below ten they read in words ("Six risk sets ...")."""
    from mia_helpers.claims import feeder_identification_sentence, support_warnings_sentence

    rows = [{"measure": "training_vocational", "not_identified": "", "score_model": m}
            for m in ["own"] * 3 + ["pooled"] * 12]
    s = support_warnings_sentence({"": pd.DataFrame(rows)}, "the cell above", "support")
    assert " Of the risk sets, 12 with too few starters for a logit of their own were scored " \
           "by one pooled logit" in s, s
    assert ". 12 " not in s
    terms = [f"origin[o{i}]" for i in range(12)]
    f = pd.DataFrame({"term": ["inburgering_before", *terms],
                      "identified": [True] + [False] * 12,
                      "not_identified": [""] + ["no events"] * 12})
    s = feeder_identification_sentence(f)
    assert s.startswith("Of the terms of the feeder model, 12 are not identified on these "
                        "data: "), s
    assert s.endswith("so the table gives no odds ratio for them."), s


def test_findings_set_apart_are_quoted_row_labels():
    """Chapter 6: "...for all 3 other findings that have one; IBO effect, newcomers (4
    quarters) is not read against the generator's value" opened a clause with a table label
    whose comma, with two of them, read as a list of four ("IBO effect, residents (5
    quarters) and IBO effect, newcomers (4 quarters) are not read")."""
    from mia_helpers import conclusions as cc

    rows = {f.key: {"estimate": 30.0, "ci_low": 18.5, "ci_high": 43.0, "n_persons": 100,
                    "truth": 30.0} for f in cc.STUDY_FINDINGS}
    rows["ibo_newcomers_q4"]["dropped_pct"] = 32.4
    rows["ibo_residents_q5"]["dropped_pct"] = 12.0
    rec = cc.recovery_sentence(cc.findings_table(rows, synthetic=True), cc.truth_scope_of(rows))
    assert ('other findings that have one; the findings "IBO effect, residents (5 quarters)" '
            'and "IBO effect, newcomers (4 quarters)" are not read against the generator\'s '
            "value: matching dropped 12.0 per cent and 32.4 per cent") in rec, rec


def test_naive_and_matched_misses_are_said_to_be_misses():
    """Seed 2012, chapter 4: "matching moves it past the truth (sanction transmission: naive
    -1.5, matched 1.6 points)" read as the two estimates; Table 3 printed naive estimates of
    0.6 to 2.1 points for that measure. The numbers are the signed misses."""
    from mia_helpers.claims import naive_bias_sentences

    bias = pd.Series({"sanction_transmission": -1.5, "training_basic": -6.7,
                      "workplace_learning_ibo": 6.9})
    matched = pd.Series({"sanction_transmission": 1.6, "training_basic": -0.3,
                         "workplace_learning_ibo": -0.6})
    text, _ = naive_bias_sentences(bias, "the truth", 1.0, selection=bias - matched)
    assert ("moves it past the truth (Sanction transmission: naive -1.5, matched +1.6 points "
            "against the truth)") in text, text


def test_obligated_exercise_names_its_estimand():
    """Chapter 5 run with estimand = "now_vs_never" (seed 2012): the exercise's "mean gap
    between naive and matched estimates is 0.7 points, against 1.2" came from "now versus
    later" estimates (stepwise.obligated_exercise_effects), beside a chapter that drew only
    bounds for inburgering."""
    from mia_helpers.claims import obligated_gap_sentence

    s = obligated_gap_sentence(0.7, 1.2, ["family", "asylum"])
    assert ('the mean gap between naive and matched "now versus later" estimates is 0.7 '
            "points, against 1.2") in s, s


def _never_rows(bounded_at: dict[str, set[int]]) -> pd.DataFrame:
    """Chapter 5 "now versus never" rows of two steps at quarters 4-8, not point-identified
    at the quarters given per step."""
    return pd.DataFrame([
        {"measure": step, "estimand": "now_vs_never", "estimator": est,
         "quarter_since_start": q, "att_pp": v, "ci_low": v - 2, "ci_high": v + 2, "se": 1.0,
         "n_treated": 300, "true_att_pp": 1.0,
         "point_identified": not (est == "matched" and q in bounded_at.get(step, set()))}
        for step, (naive, matched) in {"inburgering": (0.5, 2.7), "mo": (1.0, 3.0),
                                       "nt2": (-1.0, 1.5)}.items()
        for est, v in (("naive", naive), ("matched", matched)) for q in range(4, 9)])


def test_steps_bounded_at_every_judged_quarter_are_not_said_bounded_at_some():
    """Seed 2012, estimand = "now_vs_never": the contract was not point-identified at
    quarters 2 to 12 and MO at 3 to 12, and the text read "inburgering contract and MO
    (social orientation) are only bounded at some of those quarters" (quarters 4 to 8)."""
    from newcomer_claims_inputs import newcomer_inputs

    steps, feeder, comp = newcomer_inputs()
    tidy = _never_rows({"inburgering": set(range(4, 9)), "mo": {5}})
    s = claims.newcomer_claims(tidy, steps, feeder, comp, "now_vs_never",
                               min_cell=10)["nc_naive_sentence"]
    assert ("Inburgering contract is not point-identified at any of those quarters (see the "
            "bounds above) and is not described") in s, s
    assert ("MO (social orientation) is only bounded at some of those quarters (see the "
            "bounds above) and is not described") in s, s
