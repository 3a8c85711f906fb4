"""read49: Appendix A's words for the replication reading, on hand-made verdicts and criteria.

Found on the default run (base seeds 2005, 2007, 2025 and rule 4's 2026):
- the table's second-replication column said "none" for the "now versus later" bias, which
  it read at quarter 7 only, and "not read" for the "now versus never" coverage, which rule 4
  sent it at quarter 6 and which it could not judge there (no point estimate);
- the sentence said "no later study judges it, the second replication's included" without
  why, and would have said it of a check failing on the second replication itself;
- it gave no study's margin (the replication's quarter-7 bias fails at 2.03 Monte Carlo SE);
- the unread failure of the second study came after the verdict ("Read for those checks
  only" had lost its antecedent) and parsed badly ("0.982, above the band over 331");
- the verdict did not say that "undecided" is for good once the second replication ran, nor
  that issue 14 stays open; the clause on rule 4 named no seed and no count;
- the null failure sentence ended "The reading fixed in advance is kept all the same" just
  before the section that replaces that reading.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from mia_helpers import claims
from mia_helpers import montecarlo_confirmation as mc
from mia_helpers import montecarlo_replication as mr

SECOND = mr.SECOND
THREE = mr.STUDIES


def verdicts(rows: dict[tuple[str, str, int], dict]) -> pd.DataFrame:
    """Verdicts over both estimands' bias and coverage at quarters 4-8, holding on the three
    studies unless ``rows`` overrides a check's columns."""
    recs = []
    for est in ("now_vs_later", "now_vs_never"):
        for crit in ("bias", "coverage"):
            for q in range(4, 9):
                bias = crit == "bias"
                rec = dict(estimand=est, criterion=crit, quarter_since_start=q, judged=THREE,
                           fails=(), directions=(), pooled_bias_fails=False, reading="holds",
                           pooled_read=bias, pooled_bias_pp=0.05 if bias else np.nan,
                           pooled_mc_se=0.1 if bias else np.nan,
                           all_three_bias_pp=0.03 if bias else np.nan,
                           all_three_mc_se=0.1 if bias else np.nan, pooled_bound_se=2.69)
                rec.update(rows.get((est, crit, q), {}))
                recs.append(rec)
    return pd.DataFrame(recs)


#: the default run's shape: q7 "now versus later" bias fails on the replication and holds on
#: the second; q6 "now versus never" coverage fails on the confirmation and no later study
#: has a point estimate there
SHIPPED_LIKE = {
    ("now_vs_later", "bias", 7): dict(judged=(*THREE, SECOND), fails=("replication",),
                                      directions=("high",), reading="not_replicated"),
    ("now_vs_never", "coverage", 6): dict(judged=("shipped", "confirmation"),
                                          fails=("confirmation",), directions=("low",),
                                          reading="undecided"),
}


def criteria(rows: list[tuple]) -> pd.DataFrame:
    """An ``issue14_criteria`` table of (estimand, criterion, quarter, data_sets, value,
    mc_se) rows."""
    return pd.DataFrame([dict(estimand=e, criterion=c, quarter_since_start=q, data_sets=n,
                              value=v, mc_se=se, low=np.nan, high=np.nan, judged=True,
                              holds=True) for e, c, q, n, v, se in rows])


def test_second_column_says_which_quarters_it_read():
    table = claims.replication_table(verdicts(SHIPPED_LIKE), second_run=True)
    col = table.set_index(["Estimand", "Criterion"])[
        "Second replication's seeds: fails at (quarters)"]
    later_bias = col[col.index.get_level_values(0) == "Now versus later"].iloc[0]
    never = col[col.index.get_level_values(0) == "Now versus never"]
    assert later_bias == "none (only quarter 7 read)"
    assert never.iloc[1] == "not judged (only quarter 6 read; no point estimate there)"
    assert never.iloc[0] == "not read" and col.iloc[1] == "not read"
    reading = table.set_index(["Estimand", "Criterion"])["Reading"]
    assert reading[reading.index.get_level_values(0) == "Now versus never"].iloc[1].startswith(
        "Quarter 6: undecided for good (it fails on the last study that judges it, and the "
        "reading adds no further study)")
    before = claims.replication_table(verdicts(SHIPPED_LIKE), second_run=False)
    assert "undecided for good" not in " ".join(before["Reading"])


def test_second_column_shown_when_it_ran_though_it_judged_nothing():
    """Rule 4 ran the second study for a check it could not judge: its column is shown."""
    v = verdicts({k: r for k, r in SHIPPED_LIKE.items() if r["reading"] == "undecided"})
    assert "Second replication's seeds: fails at (quarters)" not in \
        claims.replication_table(v).columns  # inferred: nothing judged there
    shown = claims.replication_table(v, second_run=True)
    assert "Second replication's seeds: fails at (quarters)" in shown.columns


def test_second_column_counts_a_failure_among_quarters_read():
    v = verdicts({("now_vs_later", "bias", q): dict(
        judged=(*THREE, SECOND), fails=("replication", SECOND), directions=("high", "high"),
        reading="defect") for q in range(4, 9)})
    table = claims.replication_table(v, second_run=True)
    assert table["Second replication's seeds: fails at (quarters)"].iat[0] == "4 to 8"


def test_undecided_says_why_no_later_study_judges_it():
    text = claims.replication_sentence(verdicts(SHIPPED_LIKE), 19, second_run=True)
    assert ('The "now versus never" coverage at quarter 6 fails on the confirmation seeds '
            "(below the band) only, and neither the replication seeds nor the second "
            "replication's seeds give a point estimate there to judge it: undecided for good"
            ) in text, text
    first = claims.replication_sentence(verdicts({("now_vs_never", "bias", 5): dict(
        judged=("shipped", "confirmation"), fails=("confirmation",), directions=("low",),
        reading="undecided")}), 20)
    assert ("(below zero) only, and the replication seeds do not give two point estimates "
            "there to judge it: undecided, for the second replication study to read") in first


def test_undecided_on_the_second_replication_itself():
    """A failure on the second replication in a new direction: it is not a later study."""
    v = verdicts({("now_vs_later", "bias", 7): dict(
        judged=(*THREE, SECOND), fails=("replication", SECOND), directions=("high", "low"),
        reading="undecided")})
    text = claims.replication_sentence(v, 20, second_run=True)
    assert ("fails on the replication seeds (above zero) and second replication's seeds "
            "(below zero) in opposite directions and no later study judges it: undecided for "
            "good") in text, text
    assert "the second replication's included" not in text


def test_values_margins_and_holding_values():
    crit = {"shipped": criteria([]), "confirmation": criteria([
        ("now_vs_never", "coverage", 6, 1, 0.0, 0.0)]),
        "replication": criteria([("now_vs_later", "bias", 7, 400, 0.0893, 0.044)]),
        SECOND: criteria([("now_vs_later", "bias", 7, 400, -0.0106, 0.0455)])}
    text = claims.replication_sentence(verdicts(SHIPPED_LIKE), 19, second_run=True,
                                       criteria=crit)
    # 2.03 SE, not "2.0": a failing bias must not read as within the 2-SE criterion
    assert ("fails on the replication seeds (+0.089 pp, 2.03 Monte Carlo SE above zero) only "
            "and holds on the second replication's seeds (-0.011 pp, 0.23 Monte Carlo SE)"
            ) in text, text
    assert "fails on the confirmation seeds (0.000 over 1 point estimate, below the band)" in text


def test_unread_failure_before_the_verdict_and_verdict_for_good():
    unread = " The second replication study ... also fails one check it does not read: x."
    text = claims.replication_sentence(verdicts(SHIPPED_LIKE), 19, second_run=True,
                                       unread=unread)
    assert text.index("also fails one check it does not read") < text.index("By this reading")
    assert text.endswith("does not meet issue 14's criteria: one check undecided for good, so "
                         "issue 14 stays open."), text
    before = claims.replication_sentence(verdicts(SHIPPED_LIKE), 19)
    assert before.endswith("criteria: one check undecided.")  # rule 4 not yet run


def test_second_clause_and_summary():
    v = verdicts(SHIPPED_LIKE)
    second = pd.DataFrame({"replication": range(400)})
    assert claims.second_clause(v, second, 2026) == (
        "the three studies left two checks undecided, so the second replication study read "
        "them, and them only, on its 400 data sets of base seed 2026")
    assert claims.second_clause(v, None).startswith("no check was left undecided")
    assert claims.replication_summary(v, True) == (
        "it does not meet issue 14's criteria (the \"now versus never\" coverage at quarter 6 "
        "stays undecided for good), so issue 14 stays open")
    assert claims.replication_summary(verdicts({}), False) == (
        "it meets issue 14's criteria on the three studies")
    assert claims.replication_summary(verdicts({}), True) == (  # rule 4 ran a fourth (user53)
        "it meets issue 14's criteria on the four studies")


def test_null_sentence_after_the_revision():
    fam = pd.DataFrame({"family": list(mc.NULL_FAMILIES), "checks": [7, 8, 5, 20],
                        "rate": [0.19, 0.04, 0.05, 0.256], "mc_se": 0.01,
                        "independent_rate": [0.28, 0.06, 0.04, 0.35]})
    chk = pd.DataFrame({"estimand": "now_vs_never", "criterion": ["bias"],
                        "quarter_since_start": 6, "data_sets": [40], "judged": [True],
                        "null_rate": 0.0, "independent_rate": np.nan})
    rates = mc.NullFailureRates(fam, chk, 2000)
    kept = claims.null_failure_sentence(rates)
    revised = claims.null_failure_sentence(rates, revised=True)
    assert "is kept all the same" in kept and "is kept" not in revised
    assert revised.endswith("the reading fixed in advance stood until the project revised "
                            "it, before a new study (below).")
    assert revised.split(". The number")[0] == kept.split(". The reading fixed")[0]


def test_pooled_distance_from_zero_and_null_series():
    text = claims.replication_sentence(verdicts({}), 20)
    assert "lies 0.5 SE from zero (" in text and "SE from it" not in text
    null = claims.replication_null_sentence(0.108, 0.144, 0.256)
    assert ("in 11 per cent of series of three fresh studies of this design (with the second "
            "replication where its rule runs it) and, given what the first two studies "
            "showed, in 14 per cent, against 26 per cent") in null, null


def test_a_record_of_earlier_code_says_issue_14_stayed_open_for_that_estimator():
    # after the switch the replication studies are records of the uncorrected estimator; the
    # built Appendix A said "so issue 14 stays open" of them, beside the switched studies'
    # "meet" (fifty-third session)
    now = claims.replication_sentence(verdicts(SHIPPED_LIKE), 19, second_run=True)
    assert "the inburgering estimator does not meet" in now and "so issue 14 stays open" in now
    rec = claims.replication_sentence(verdicts(SHIPPED_LIKE), 19, second_run=True, record=True)
    assert "stays open" not in rec, rec
    assert ("By this reading the earlier, uncorrected inburgering estimator did not meet "
            "issue 14's criteria") in rec, rec
    assert rec.endswith("so issue 14 stayed open for that estimator."), rec
    met = claims.replication_sentence(verdicts({}), 20, record=True)
    assert "the earlier, uncorrected inburgering estimator met issue 14's criteria" in met, met
