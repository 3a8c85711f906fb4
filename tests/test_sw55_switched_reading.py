"""The reading of the switched estimator's studies (mia_helpers.montecarlo_switched, rules
S1-S4), on hand-made study rows whose errors and coverage are set exactly, so every verdict
below follows from the rules' arithmetic, not from a random draw.

Tolerances: p-values and failure probabilities are compared with an independent formula to
1e-12 (floating-point precision of scipy's distributions); the verdicts are exact."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from mia_helpers import montecarlo_newcomers as mcn
from mia_helpers import montecarlo_switched as sw
from mia_helpers.montecarlo import APPENDIX_A_STUDIES, replication_seeds

SD = 0.3  # each data set's error SD (pp)
Z = stats.norm.ppf(0.975)


def _errors(n: int, quarter: int) -> np.ndarray:
    """n errors with mean exactly 0 and SD about SD: normal quantiles, in an order that
    differs by quarter (so the pooled mean over quarters is not a single quantile's)."""
    e = SD * stats.norm.ppf((np.arange(n) + 0.5) / n)
    e -= e.mean()
    return np.random.default_rng(quarter).permutation(e)


def study(n: int, bias: dict | None = None, half_width: dict | None = None,
          no_interval: set | None = None, base: int = sw.SWITCHED_BASE_SEED) -> pd.DataFrame:
    """Rows of one study: n data sets of base ``base``, both estimands, quarters 1-12, point
    estimates with truth 1.0 pp; ``bias`` {(estimand, quarter): pp} shifts the errors,
    ``half_width`` {(estimand, quarter): multiple of SD} sets the intervals (default 1.96 SD:
    coverage 0.95 of the exact quantiles), ``no_interval`` {(estimand, quarter)} drops them."""
    bias, half_width, no_interval = bias or {}, half_width or {}, no_interval or set()
    seeds = replication_seeds(base, n)
    recs = []
    for est in ("now_vs_later", "now_vs_never"):
        for q in range(1, 13):
            att = 1.0 + _errors(n, q) + bias.get((est, q), 0.0)
            hw = SD * half_width.get((est, q), Z)
            lo, hi = att - hw, att + hw
            if (est, q) in no_interval:
                lo, hi = np.full(n, np.nan), np.full(n, np.nan)
            recs.append(pd.DataFrame(dict(
                estimand=est, estimator="matched", quarter_since_start=q, att_pp=att,
                ci_low=lo, ci_high=hi, true_att_pp=1.0, point_identified=True,
                unsupported_share=0.0, seed=seeds)))
    return pd.concat(recs, ignore_index=True)


def four(**changes: pd.DataFrame) -> dict[str, pd.DataFrame]:
    out = {name: study(int(p["replications"])) for name, p in sw.SWITCHED_STUDIES.items()}
    out.update(changes)
    return out


def test_design_is_the_books_studies_on_base_2029():
    assert sw.SWITCHED_BASE_SEED == 2029
    assert sw.SWITCHED_STUDIES["inburgering"] == {**mcn.INBURGERING_STUDY, "base_seed": 2029}
    for m in ("ibo", "basic_training", "zero_effect"):
        assert sw.SWITCHED_STUDIES[m] == {**APPENDIX_A_STUDIES[m], "base_seed": 2029}
    assert set(sw.SENSITIVITY_STUDIES) == set(APPENDIX_A_STUDIES) - set(sw.SWITCHED_STUDIES)
    assert all(p["base_seed"] == 2029 for p in sw.SENSITIVITY_STUDIES.values())


def test_perfect_estimator_meets():
    r = sw.read_switched(four())
    assert r["verdict"] == "meets" and r["defects"] == []
    assert r["failed"] == 0
    # both families judged: 4 studies x 2 estimands x 5 quarters x (bias, coverage)
    assert int(r["checks"]["judged"].sum()) == 80
    assert int(r["pooled"]["judged"].sum()) == 8


def test_one_literal_failure_is_not_a_defect():
    # a bias of 2.2 MC SE at one quarter fails issue 14's check but not Holm's family
    n = 200
    se = SD / np.sqrt(n)
    r = sw.read_switched(four(ibo=study(n, bias={("now_vs_later", 6): 2.2 * se})))
    assert r["failed"] == 1
    assert r["verdict"] == "meets"


def test_large_single_quarter_bias_is_a_per_quarter_defect():
    n = 200
    se = SD / np.sqrt(n)
    r = sw.read_switched(four(ibo=study(n, bias={("now_vs_later", 6): 6 * se})))
    assert r["verdict"] == "does not meet"
    assert "ibo now_vs_later bias at quarter 6" in r["defects"]


def test_constant_small_bias_is_found_by_the_pooled_family_only():
    # 2.5 MC SE at each quarter: five literal failures, none rejected by Holm over 80 checks
    # (2.5 SE: p = 0.013, above Holm's smallest threshold 0.05 / 80), but the pooled bias over five quarters is
    # 2.5 sqrt(5) SE (the errors' orders differ by quarter) and is rejected
    n = 400
    se = SD / np.sqrt(n)
    b = {("now_vs_later", q): 2.5 * se for q in range(4, 9)}
    r = sw.read_switched(four(inburgering=study(n, bias=b)))
    per_quarter = r["checks"]
    assert int((~per_quarter["holds"] & per_quarter["judged"]).sum()) == 5
    assert not per_quarter["defect"].any()
    assert r["defects"] == ["inburgering now_vs_later pooled bias"]


def test_under_coverage_is_a_defect_and_slight_over_coverage_is_not():
    n = 200
    under = study(n, half_width={("now_vs_never", 5): 1.2})  # covers about 0.77
    r = sw.read_switched(four(zero_effect=under))
    assert "zero_effect now_vs_never coverage at quarter 5" in r["defects"]
    # 393 of 400 intervals (0.9825): above the band, but not beyond Monte Carlo error of
    # a true coverage of 0.98 (ref55: the band is the null)
    over = study(400, half_width={("now_vs_later", 7): stats.norm.ppf(0.99125)})
    r = sw.read_switched(four(inburgering=over))
    c = r["checks"]
    row = c[(c.study == "inburgering") & (c.estimand == "now_vs_later")
            & (c.criterion == "coverage") & (c.quarter_since_start == 7)].iloc[0]
    assert row.value == 393 / 400
    assert not row.holds and not row.defect and r["verdict"] == "meets"


def test_missing_intervals_are_a_defect():
    r = sw.read_switched(four(basic_training=study(200, no_interval={("now_vs_later", 4)})))
    assert "basic_training now_vs_later coverage at quarter 4" in r["defects"]


def test_p_values_and_fail_probabilities_against_formulas():
    n = 200
    se = SD / np.sqrt(n)
    c = sw.check_table({"ibo": study(n, bias={("now_vs_later", 5): 1.5 * se})})
    b = c[(c.criterion == "bias") & (c.estimand == "now_vs_later")
          & (c.quarter_since_start == 5)].iloc[0]
    t = b.value / b.mc_se
    assert b.p_value == pytest.approx(2 * stats.t.cdf(-abs(t), n - 1), abs=1e-12)
    assert b.fail_probability == pytest.approx(2 * stats.t.cdf(-2.0, n - 1), abs=1e-12)
    cv = c[(c.criterion == "coverage") & (c.estimand == "now_vs_later")
           & (c.quarter_since_start == 5)].iloc[0]
    lo, hi = int(np.ceil(0.90 * n)), int(np.floor(0.98 * n))  # inside: lo..hi covered
    outside = stats.binom.cdf(lo - 1, n, 0.95) + stats.binom.sf(hi, n, 0.95)
    assert cv.fail_probability == pytest.approx(outside, abs=1e-12)
    judged = c[c["judged"]]
    assert sw.expected_failures(c) == pytest.approx(judged["fail_probability"].sum())


def test_pooled_leaves_out_and_counts_incomplete_data_sets():
    df = study(200)
    drop = (df.seed == df.seed.iloc[0]) & (df.quarter_since_start == 8) & (
        df.estimand == "now_vs_never")
    df.loc[drop, "point_identified"] = False  # a bound: not a point estimate
    p = sw.pooled_table({"ibo": df})
    row = p[p.estimand == "now_vs_never"].iloc[0]
    assert (row.data_sets, row.left_out) == (199, 1)
    few = sw.pooled_table({"ibo": study(20)})
    assert not few["judged"].any() and few["p_value"].isna().all()


def test_refusals():
    with pytest.raises(ValueError, match="four studies"):
        sw.read_switched({"ibo": study(200)})
    with pytest.raises(ValueError, match="not those of base 2029"):
        sw.check_seeds({"ibo": study(200, base=2005)})
    with pytest.raises(ValueError, match="1 of its 200 data sets is missing"):
        sw.check_seeds({"ibo": study(200).query("seed != @study(200).seed.iloc[0]")})
    with pytest.raises(ValueError, match="not one of"):
        sw.check_seeds({"ibo_no_caliper": study(100)})
    with pytest.raises(ValueError, match="family-wise level"):
        sw.check_table({"ibo": study(200)}, level=1.5)


# ref55 (referee, before any data of base 2029): a coverage is tested against issue 14's band,
# not against 0.95; a study must carry both estimands at every judged quarter


def _row(c: pd.DataFrame, study_: str, est: str, crit: str, q: int) -> pd.Series:
    return c[(c.study == study_) & (c.estimand == est) & (c.criterion == crit)
             & (c.quarter_since_start == q)].iloc[0]


def test_over_coverage_inside_the_band_by_monte_carlo_error_is_not_a_defect():
    # 396 of 400 (0.99): fails the band literally; a true coverage of 0.98 gives at least 396
    # of 400 with probability about 0.1, so it is not a defect (tested against 0.95, as the
    # first version did, p = binomtest(396, 400, 0.95) < 0.05 / 80 made it one)
    over = study(400, half_width={("now_vs_later", 7): stats.norm.ppf(0.995)})
    r = sw.read_switched(four(inburgering=over))
    row = _row(r["checks"], "inburgering", "now_vs_later", "coverage", 7)
    assert row.value == 396 / 400 and not row.holds
    assert row.p_value == pytest.approx(
        min(1.0, 2 * min(stats.binom.cdf(396, 400, 0.90), stats.binom.sf(395, 400, 0.98))),
        abs=1e-12)
    assert not row.defect and r["verdict"] == "meets"


def test_bounds_covering_at_the_band_end_are_not_a_defect():
    # worst-case bounds holding the truth in 356 of 400 data sets (0.89) fail the band's lower
    # end literally, but a true coverage of 0.90 gives at most 356 with probability 0.27
    df = study(400, half_width={("now_vs_never", 8): stats.norm.ppf(0.945)})
    flag = (df.estimand == "now_vs_never") & (df.quarter_since_start == 8)
    df.loc[flag, "point_identified"] = False
    r = sw.read_switched(four(inburgering=df))
    row = _row(r["checks"], "inburgering", "now_vs_never", "bound_coverage", 8)
    assert row.value == 356 / 400 and not row.holds
    assert row.p_value == pytest.approx(stats.binom.cdf(356, 400, 0.90), abs=1e-12)
    assert not row.defect and r["verdict"] == "meets"


def test_coverage_p_value_is_against_the_band():
    c = sw.check_table({"ibo": study(200, half_width={("now_vs_never", 4): 1.2})})
    row = _row(c, "ibo", "now_vs_never", "coverage", 4)
    k = round(row.value * 200)
    assert row.p_value == pytest.approx(
        min(1.0, 2 * min(stats.binom.cdf(k, 200, 0.90), stats.binom.sf(k - 1, 200, 0.98))),
        abs=1e-12)
    assert sw.COVERAGE_NULL_BAND == (0.90, 0.98)


def test_a_study_without_an_estimand_or_a_quarter_is_refused():
    df = study(200)
    with pytest.raises(ValueError, match="lack the matched estimate"):
        sw.read_switched(four(ibo=df[df.estimand != "now_vs_never"]))
    gap = (df.estimand == "now_vs_later") & (df.quarter_since_start == 6) & (
        df.seed == df.seed.iloc[0])
    with pytest.raises(ValueError, match=r"\('now_vs_later', 6\)"):
        sw.check_seeds({"ibo": df[~gap]})


def test_pooled_reports_the_matched_truth_beside_and_does_not_judge_it():
    df = study(200).assign(true_att_matched_pp=0.9)  # the estimates lie 0.1 pp above it
    p = sw.pooled_table({"ibo": df})
    assert np.allclose(p["bias_matched"], 0.1, atol=1e-12)
    assert np.allclose(p["bias"], 0.0, atol=1e-12)
    assert not p["defect"].any()
    assert sw.pooled_table({"ibo": study(200)})["bias_matched"].isna().all()


def test_section_says_not_yet_run_and_names_the_missing_studies():
    out = sw.appendix_section({"inburgering": None, **{m: study(200) for m in
                                                         ("ibo", "basic_training",
                                                          "zero_effect")}})
    assert "not yet run" in out["a_sw_sentence"] and "inburgering" in out["a_sw_sentence"]
    assert "IBO" not in out["a_sw_sentence"].split("hold ")[1].split(" for base")[0]
    assert set(sw.SECTION_TABLES) <= set(out)


def test_section_reads_the_verdict_from_the_reading():
    n = 200
    se = SD / np.sqrt(n)
    good = sw.appendix_section(four())
    assert "meet issue 14's criteria" in good["a_sw_sentence"]
    assert "do not meet" not in good["a_sw_sentence"]
    bad = sw.appendix_section(four(ibo=study(n, bias={("now_vs_later", 6): 6 * se})))
    assert "do not meet" in bad["a_sw_sentence"]
    assert 'IBO "now versus later" bias at quarter 6' in bad["a_sw_sentence"]
    r = sw.read_switched(four())
    judged = int(r["checks"]["judged"].sum())
    assert f"Of the {judged} checks judged, 0 fail their threshold" in good["a_sw_sentence"]
    assert f"{r['expected_failed']:.1f}" in good["a_sw_sentence"]


def test_the_recorded_reading_is_the_reading_of_the_shipped_studies():
    # rule S5: the reading is final for the code it ran with. A code change (new fingerprint)
    # fails here and in the freshness tests; a changed verdict, defect or count fails here
    from mia_helpers.montecarlo import code_fingerprint as appendix_a_fingerprint
    from mia_helpers.montecarlo_newcomers import code_fingerprint

    rec = sw.SWITCHED_READ
    assert (rec["fingerprint"], rec["appendix_a_fingerprint"]) == (
        code_fingerprint(), appendix_a_fingerprint()), (
        "the code changed since the switched studies were read (rule S5)")
    shipped = sw.shipped_studies()
    assert all(v is not None for v in shipped.values()), sorted(
        k for k, v in shipped.items() if v is None)
    r = sw.read_switched(shipped)
    assert (r["verdict"], r["defects"], r["failed"]) == (
        rec["verdict"], rec["defects"], rec["failed"])
    # recorded to two decimals
    assert r["expected_failed"] == pytest.approx(rec["expected_failed"], abs=0.005)
    assert sw.verdict_text(r) in sw.appendix_section()["a_sw_sentence"]


def test_verdict_names_the_literal_failures_grouped_by_quarter():
    # a bias of 2.5 MC SE fails the literal threshold (2 SE) but not Holm's first step
    # (p about 0.013 against 0.05 / 84): the verdict stays "meets" and says where it failed
    n = 200
    se = SD / np.sqrt(n)
    r = sw.read_switched(four(ibo=study(n, bias={("now_vs_later", 6): 2.5 * se,
                                                  ("now_vs_later", 7): 2.5 * se})))
    assert r["verdict"] == "meets" and r["failed"] == 2
    text = sw.verdict_text(r)
    assert 'They are: IBO "now versus later" bias at quarters 6 and 7.' in text
    one = sw.read_switched(four(ibo=study(n, bias={("now_vs_later", 6): 2.5 * se})))
    assert 'It is: IBO "now versus later" bias at quarter 6.' in sw.verdict_text(one)
    assert "They are" not in sw.verdict_text(sw.read_switched(four()))


def test_section_tables_pass_export_check_and_declare_their_units():
    # a fresh clone's Appendix A failed export-check: "Checks", "Failed" and "Left out"
    # held small whole numbers read as counts of persons. The labels now declare their units
    # (checks, data sets), which export-check reads as not persons; an undeclared label is
    # still read as persons
    from mia_helpers.export_check import check_table

    r = sw.read_switched(four(ibo=study(200, bias={("now_vs_later", 6): 2.5 * SD / np.sqrt(200)})))
    summary = sw._checks_summary(r["checks"])
    assert summary["failed (checks)"].between(1, 9).any()
    assert not check_table(summary, 10)
    bare = summary.rename(columns={"failed (checks)": "failed"})
    assert any(rule == "small_count" for rule, _ in check_table(bare, 10))
    left = pd.DataFrame({"study": ["IBO"], "read (data sets)": [194], "left out (data sets)": [6]})
    assert not check_table(left, 10)
    assert any(rule == "small_count" for rule, _ in check_table(
        left.rename(columns={"left out (data sets)": "left out"}), 10))


def test_summary_clause_follows_the_reading():
    n = 200
    se = SD / np.sqrt(n)
    good = sw.appendix_section(four())["a_sw_summary"]
    r = sw.read_switched(four())
    assert good.startswith("they meet issue 14's criteria, read family-wise"), good
    assert f"of the {int(r['checks']['judged'].sum())} checks judged, 0 fail" in good
    assert f"{r['expected_failed']:.1f} are expected" in good
    bad = sw.appendix_section(four(ibo=study(n, bias={("now_vs_later", 6): 6 * se})))
    assert bad["a_sw_summary"].startswith("they do not meet"), bad["a_sw_summary"]
    assert '1 defect: IBO "now versus later" bias at quarter 6' in bad["a_sw_summary"]
    missing = sw.appendix_section({"inburgering": None, **{m: study(200) for m in (
        "ibo", "basic_training", "zero_effect")}})
    assert missing["a_sw_summary"].startswith("not yet run"), missing["a_sw_summary"]
