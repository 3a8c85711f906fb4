"""The replication study's reading of issue 14's criteria ("a defect replicates",
``mia_helpers.montecarlo_replication``), on hand-made check tables and studies.

Committed with the reading, before any data set of the replication study (base seed 2025)
was generated: these tests fix what each rule says, whatever the study shows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from mia_helpers import montecarlo_replication as mr

CHECK = ("now_vs_never", "bias", 5)


def _table(status: str) -> pd.DataFrame:
    """An ``issue14_criteria`` table of one bias check: "holds", "fails" (below zero),
    "fails+" (above zero), "unjudged" or "absent"."""
    cols = ["estimand", "criterion", "quarter_since_start", "judged", "holds", "value", "low",
            "high"]
    if status == "absent":
        return pd.DataFrame(columns=cols)
    value = {"fails": -1.0, "fails+": 1.0}.get(status, 0.0)
    return pd.DataFrame([dict(zip(("estimand", "criterion", "quarter_since_start"), CHECK,
                                  strict=True),
                              judged=status != "unjudged", holds=status == "holds",
                              value=value, low=-0.5, high=0.5)])


def _read(shipped: str, confirmation: str, replication: str, second: str | None = None,
          pooled: str | None = None) -> pd.Series:
    out = mr.read_checks({"shipped": _table(shipped), "confirmation": _table(confirmation),
                          "replication": _table(replication)},
                         None if pooled is None else _table(pooled),
                         None if second is None else _table(second))
    assert len(out) == 1
    return out.iloc[0]


@pytest.mark.parametrize("shipped, confirmation, replication, reading", [
    ("holds", "holds", "holds", "holds"),
    ("fails", "holds", "holds", "not_replicated"),   # the shipped study's, not recurring
    ("holds", "fails", "holds", "not_replicated"),   # rule 3: the confirmation's
    ("holds", "fails", "fails", "defect"),           # rule 2: it recurs in its direction
    ("fails", "holds", "fails", "defect"),           # rule 2: any two studies
    ("fails", "fails", "holds", "defect"),
    ("fails+", "fails", "holds", "not_replicated"),  # opposite directions do not replicate
    ("holds", "fails", "fails+", "undecided"),       # ... and the last is on the last study
    ("fails+", "fails", "fails+", "defect"),         # two of three above zero
    ("holds", "holds", "fails", "undecided"),        # rule 4: only on the last study
    ("holds", "fails", "unjudged", "undecided"),     # no later study judges it
    ("holds", "fails", "absent", "undecided"),
    ("unjudged", "unjudged", "holds", "holds"),
])
def test_rules_2_to_4(shipped, confirmation, replication, reading):
    assert _read(shipped, confirmation, replication)["reading"] == reading


@pytest.mark.parametrize("replication, second, reading, fails", [
    ("fails", "holds", "not_replicated", ("replication",)),
    ("fails", "fails", "defect", ("replication", mr.SECOND)),
    ("fails", "fails+", "undecided", ("replication", mr.SECOND)),  # undecided for good
    ("fails", "unjudged", "undecided", ("replication",)),
    ("unjudged", "holds", "not_replicated", ("confirmation",)),  # judged at last
    ("unjudged", "fails", "defect", ("confirmation", mr.SECOND)),
])
def test_rule_4_second_replication(replication, second, reading, fails):
    confirmation = "fails" if replication == "unjudged" else "holds"
    row = _read("holds", confirmation, replication, second)
    assert row["reading"] == reading
    assert row["fails"] == fails


def test_second_replication_reads_only_undecided_checks():
    """Rule 4: a check already decided is not read again on the second replication."""
    row = _read("holds", "fails", "holds", second="fails")
    assert row["reading"] == "not_replicated" and mr.SECOND not in row["judged"]
    row = _read("holds", "holds", "holds", second="fails")
    assert row["reading"] == "holds"


@pytest.mark.parametrize("pooled, reading", [("fails", "defect"), ("holds", "holds"),
                                             ("unjudged", "holds")])
def test_rule_5_pooled_bias(pooled, reading):
    row = _read("holds", "holds", "holds", pooled=pooled)
    assert row["reading"] == reading and row["pooled_bias_fails"] == (pooled == "fails")


def test_rule_5_reads_bias_rows_only():
    t = _table("fails").assign(criterion="coverage")
    out = mr.read_checks({"shipped": _table("holds").assign(criterion="coverage")}, t)
    assert out["pooled_bias_fails"].tolist() == [False]
    assert out["reading"].tolist() == ["holds"]


def test_issue14_met_and_needs_second():
    judged = [mr.STUDIES, mr.STUDIES]
    v = pd.DataFrame({"reading": ["holds", "not_replicated"], "judged": judged})
    assert mr.issue14_met(v) and not mr.needs_second(v)
    for bad in ("defect", "undecided"):
        v = pd.DataFrame({"reading": ["holds", bad], "judged": judged})
        assert not mr.issue14_met(v)
        assert mr.needs_second(v) == (bad == "undecided")
    assert not mr.issue14_met(pd.DataFrame({"reading": []}))
    # rule 4 adds no third study
    v = pd.DataFrame({"reading": ["undecided"], "judged": [(*mr.STUDIES, mr.SECOND)]})
    with pytest.raises(ValueError, match="adds no further study"):
        mr.needs_second(v)


def test_read_checks_names_a_missing_column():
    with pytest.raises(ValueError, match="'confirmation'.*holds"):
        mr.read_checks({"shipped": _table("holds"),
                        "confirmation": _table("holds").drop(columns="holds")})
    with pytest.raises(ValueError, match="no study"):
        mr.read_checks({})


def test_pooled_bias_bound_is_bonferroni():
    assert mr.pooled_bias_bound(10) == pytest.approx(stats.norm.isf(0.0025), abs=1e-12)
    assert mr.pooled_bias_bound(1, 0.05) == pytest.approx(stats.norm.isf(0.025), abs=1e-12)
    for checks, alpha in ((0, 0.05), (3, 0.0), (3, 1.0)):
        with pytest.raises(ValueError, match="checks must be >= 1"):
            mr.pooled_bias_bound(checks, alpha)


def _criteria(sizes: dict[tuple[str, str, int], int], fails: tuple = ()) -> pd.DataFrame:
    """A hand-made ``issue14_criteria`` table with these part sizes; ``fails``: keys that
    fail below their bound."""
    recs = []
    for (est, crit, q), n in sizes.items():
        bad = (est, crit, q) in fails
        recs.append(dict(estimand=est, criterion=crit, quarter_since_start=q, data_sets=n,
                         value=-3.0 if bad else 0.0, mc_se=1.0, low=-2.0, high=2.0,
                         judged=crit != "bias" or n >= 2, holds=not bad))
    return pd.DataFrame(recs)


def test_null_reading_rate_against_the_formula():
    """``null_reading_rate`` on large parts whose failure probabilities are known: bias
    checks fail with p = 2 (1 - Phi(2)) (normal: 400 data sets), half each way; coverages of
    400 essentially never. A check is a defect when two of three studies fail it in the same
    direction, or when the replication alone fails and the second replication fails the
    same way; rule 5 adds its Bonferroni 0.05 (the pooled scores are independent of the
    rest only approximately: the formula is checked with rule 5 switched off by a part of
    fewer than 30 data sets, and the rate with it must exceed the rate without). Tolerance:
    4 binomial Monte Carlo SE of the simulated rate (20,000 draws)."""
    def formula(p: float) -> float:
        q = p / 2  # one direction
        # per direction: two or three of the three studies; else the replication alone
        # fails (either way) and the second replication fails the same way
        per = 2 * (3 * q ** 2 * (1 - q) + q ** 3) + p * (1 - p) ** 2 * q
        return 1 - (1 - per) ** 5

    sizes = {("now_vs_later", "bias", k): 400 for k in range(4, 9)}
    small = {k: 12 for k in sizes}  # 12 + 12 pooled: below 30, rule 5 reads nothing
    rate, se = mr.null_reading_rate(_criteria(small), _criteria(small), conditional=False)
    expected = formula(2 * stats.t.sf(2.0, 11))
    assert abs(rate - expected) <= 4 * se, (rate, expected)
    with_pool, se2 = mr.null_reading_rate(_criteria(sizes), _criteria(sizes), False)
    base = formula(2 * stats.norm.sf(2.0))
    assert base - 4 * se2 < with_pool <= base + 0.05 + 4 * se2, (with_pool, base)


def test_null_reading_rate_given_a_failure():
    """Conditional on one finished failure below zero, a null replication fails it again in
    that direction with q = 1 - Phi(2) = 0.0228; other checks hold on both finished studies.
    Tolerance: 4 binomial Monte Carlo SE."""
    sizes = {("now_vs_later", "bias", 5): 12}
    failed = _criteria(sizes, fails=(("now_vs_later", "bias", 5),))
    rate, se = mr.null_reading_rate(_criteria(sizes), failed, conditional=True)
    q = stats.t.sf(2.0, 11)
    p = 2 * q
    # defect: replication fails low (q); or fails high (q), then the second fails low/high
    expected = q + q * p
    assert abs(rate - expected) <= 4 * se, (rate, expected)


def test_null_reading_rate_refuses_bad_input():
    t = _criteria({("now_vs_later", "bias", 5): 12})
    with pytest.raises(ValueError, match="draws must be >= 1"):
        mr.null_reading_rate(t, t, False, draws=0)
    with pytest.raises(ValueError, match="confirmation_criteria lacks 'data_sets'"):
        mr.null_reading_rate(t, t.drop(columns="data_sets"), False)


def _drawn(bias: float = 0.0, R: int = 400, quarters: tuple[int, int] = (4, 8)
           ) -> pd.DataFrame:
    """R hand-made "now versus later" data sets per quarter (errors ``bias`` plus the R normal
    scores, SD about 1; intervals +-1.96 cover about 0.95), every row a point estimate."""
    scores = stats.norm.ppf((np.arange(R) + 0.5) / R)
    return pd.concat([pd.DataFrame(dict(
        estimand="now_vs_later", estimator="matched", quarter_since_start=q,
        att_pp=2.0 + bias + scores, true_att_pp=2.0, ci_low=2.0 + bias + scores - 1.96,
        ci_high=2.0 + bias + scores + 1.96, unsupported_share=0.0, replication=range(R)))
        for q in range(quarters[0], quarters[1] + 1)], ignore_index=True)


def test_replication_verdicts_on_drawn_studies():
    """Calibrated studies hold; a bias within 2 SE on each study of 400 data sets (1.95 SE)
    but beyond rule 5's bound on the confirmation and replication pooled (800 data sets:
    2.76 pooled SE against 2.58 for 5 checks) is a defect; a bias of 3 SE on one study only
    is undecided."""
    calm = {n: _drawn() for n in mr.STUDIES}
    v = mr.replication_verdicts(calm)
    assert (v["reading"] == "holds").all() and mr.issue14_met(v)
    assert v.loc[v["criterion"] == "bias", "pooled_bound_se"].iloc[0] == pytest.approx(
        mr.pooled_bias_bound(5))
    sd = float(np.std(stats.norm.ppf((np.arange(400) + 0.5) / 400), ddof=1))
    small = {n: _drawn(bias=1.95 * sd / 20) for n in mr.STUDIES}
    v = mr.replication_verdicts(small)
    bias = v[v["criterion"] == "bias"]
    assert (bias["fails"].map(len) == 0).all() and bias["pooled_bias_fails"].all()
    assert (bias["reading"] == "defect").all() and not mr.issue14_met(v)
    one = {**calm, "replication": _drawn(bias=3 * sd / 20)}
    v = mr.replication_verdicts(one)
    bias = v[v["criterion"] == "bias"]
    assert (bias["reading"] == "undecided").all() and mr.needs_second(v)
    v2 = mr.replication_verdicts(one, second=_drawn())
    assert (v2.loc[v2["criterion"] == "bias", "reading"] == "not_replicated").all()


def test_run_replication_refuses_a_replicated_seed():
    with pytest.raises(ValueError, match="2007.*re-read the same data sets"):
        mr.run_replication(1, 100, 0, 2007, other_seeds=(2005, 2007))


# --- Appendix A's words for the reading (mia_helpers.claims) ---------------------------------

def _verdicts(readings: dict[tuple[str, str, int], tuple[tuple[str, ...], str, bool]],
              second: bool = False) -> pd.DataFrame:
    """``replication_verdicts``-shaped rows over both estimands' bias and coverage at quarters
    4-8: every check holds on the three studies unless ``readings`` gives its (fails,
    reading, pooled_bias_fails); failures are below zero / below the band."""
    recs = []
    for est in ("now_vs_later", "now_vs_never"):
        for crit in ("bias", "coverage"):
            for q in range(4, 9):
                fails, reading, pooled = readings.get((est, crit, q), ((), "holds", False))
                judged = mr.STUDIES + ((mr.SECOND,) if second and mr.SECOND in fails else ())
                bias = crit == "bias"
                recs.append(dict(estimand=est, criterion=crit, quarter_since_start=q,
                                 judged=judged, fails=fails, directions=("low",) * len(fails),
                                 pooled_bias_fails=pooled, reading=reading,
                                 pooled_read=bias,
                                 pooled_bias_pp=(-0.4 if pooled else 0.05) if bias else np.nan,
                                 pooled_mc_se=0.1 if bias else np.nan,
                                 all_three_bias_pp=0.03 if bias else np.nan,
                                 all_three_mc_se=0.1 if bias else np.nan,
                                 pooled_bound_se=2.81))
    return pd.DataFrame(recs)


def test_sentence_all_hold():
    from mia_helpers import claims

    text = claims.replication_sentence(_verdicts({}), 20)
    assert text.startswith("On the replication seeds all 20 checks judged hold")
    assert "within 2.81 pooled Monte Carlo SE" in text and "lies 0.5 SE from zero" in text  # read49: not "from it" (the bound)
    assert "(0.3 SE over all three studies, a figure the reading does not judge)" in text
    assert text.endswith("By this reading the inburgering estimator meets issue 14's criteria.")


@pytest.mark.parametrize("fails, reading, pooled, expect", [
    (("confirmation",), "not_replicated", False,
     "fails on the confirmation seeds (below zero) only and holds on the replication seeds: "
     "by the reading fixed in advance, not replicated"),
    (("confirmation", "replication"), "defect", False,
     "fails on the confirmation seeds (below zero) and replication seeds (below zero), a "
     "failure that recurs in its direction: by the reading fixed in advance, a defect"),
    ((), "defect", True, "its bias over the confirmation and replication studies pooled lies "
     "4.0 pooled Monte Carlo SE from zero, beyond the bound of 2.81"),
    (("replication",), "undecided", False,
     "fails on the replication seeds (below zero) only and no later study judges it: "
     "undecided, for the second replication study to read"),
])
def test_sentence_reads_each_reading(fails, reading, pooled, expect):
    from mia_helpers import claims

    v = _verdicts({("now_vs_never", "bias", 5): (fails, reading, pooled)})
    text = claims.replication_sentence(v, 20)
    assert 'The "now versus never" bias at quarter 5 ' + expect in text, text
    rep = int("replication" in fails)
    assert f"On the replication seeds {'all 20' if not rep else '19 of the 20'} checks" in text
    met = reading == "not_replicated"
    assert text.endswith("meets issue 14's criteria." if met else
                         f"does not meet issue 14's criteria: one "
                         f"{'check read as a defect' if reading == 'defect' else 'check undecided'}.")
    assert ("within 2.81 pooled" in text) == (not pooled)
    table = claims.replication_table(v)
    row = table[(table["Estimand"] == "Now versus never")
                & table["Criterion"].str.startswith("Bias")].iloc[0]
    assert row["Reading"].startswith("Quarter 5: ")
    assert row[claims.POOLED_BIAS_COLUMN] == ("5" if pooled else "none")
    assert (table[claims.POOLED_BIAS_COLUMN].eq("not read")
            == table["Criterion"].str.startswith("Coverage")).all()


def test_sentence_opposite_directions_and_no_pooled_cell():
    from mia_helpers import claims

    v = _verdicts({("now_vs_later", "coverage", 6): (("shipped", "confirmation"),
                                                      "not_replicated", False)})
    v.loc[(v["criterion"] == "coverage") & (v["quarter_since_start"] == 6), "directions"] = \
        pd.Series([("high", "low")] * 2, index=v.index[(v["criterion"] == "coverage")
                                                       & (v["quarter_since_start"] == 6)])
    v["pooled_read"] = False
    text = claims.replication_sentence(v, 20)
    assert ("fails on the shipped seeds (above the band) and confirmation seeds (below the "
            "band) in opposite directions and holds on the replication seeds: by the reading "
            "fixed in advance, not replicated") in text, text
    assert "so the pooled bound judges no check" in text
    assert (claims.replication_table(v)[claims.POOLED_BIAS_COLUMN] == "not read").all()


def test_sentence_after_the_second_replication():
    from mia_helpers import claims

    v = _verdicts({("now_vs_later", "coverage", 6): (("replication", mr.SECOND), "defect",
                                                      False)}, second=True)
    text = claims.replication_sentence(v, 20, second_run=True)
    assert ("fails on the replication seeds (below the band) and second replication's seeds "
            "(below the band), a failure that recurs in its direction") in text
    table = claims.replication_table(v)
    assert "Second replication's seeds: fails at (quarters)" in table.columns
    assert "Second replication's seeds: fails at (quarters)" not in claims.replication_table(
        _verdicts({})).columns


def test_words_refuse_empty_verdicts():
    from mia_helpers import claims

    for fn in (lambda v: claims.replication_table(v), lambda v: claims.replication_sentence(v, 0)):
        with pytest.raises(ValueError, match="empty verdicts"):
            fn(_verdicts({}).iloc[:0])


def test_second_replication_seed():
    assert mr.second_replication_seed(2025, (2005, 2007)) == \
        mr.SECOND_REPLICATION_STUDY["base_seed"]
    assert mr.second_replication_seed(10, (11, 12, 5)) == 13


@pytest.mark.parametrize("given, clash", [
    ([("nc_replication_seed", "2029")], "'seed'"),
    ([("nc_replication_seed", "2007")], "'nc_confirmation_seed'"),
    ([("seed", "2025")], "'seed'"),
])
def test_appendix_a_refuses_a_replication_seed_of_another_study(given, clash):
    """Appendix A's ``nc_replication_seed`` must differ from ``seed`` and
    ``nc_confirmation_seed``: refused before the run, naming both parameters."""
    from mia_helpers import chapters

    short, source = chapters.resolve_chapter("A")
    params = chapters.read_parameters(source)
    with pytest.raises(chapters.ChapterError,
                       match=f"'nc_replication_seed' and {clash} are both"):
        chapters.check_parameters(short, params, given)
    chapters.check_parameters(short, params, [("nc_replication_seed", "4711")])


def test_verdicts_refuse_another_order_and_foreign_data_sets():
    """Rule 1: the studies in their order; each study's data sets from its base seed."""
    from mia_helpers.montecarlo import replication_seeds

    rows = {n: _drawn(R=4) for n in mr.STUDIES}
    with pytest.raises(ValueError, match="in that order"):
        mr.replication_verdicts(dict(reversed(list(rows.items()))))
    seeded = {n: r.assign(seed=r["replication"].map(dict(enumerate(replication_seeds(b, 4)))))
              for (n, r), b in zip(rows.items(), (2005, 2007, 2025), strict=True)}
    mr.replication_verdicts(seeded, base_seeds=dict(zip(mr.STUDIES, (2005, 2007, 2025),
                                                        strict=True)))
    with pytest.raises(ValueError, match="replication study's data sets .* base seed 2026"):
        mr.replication_verdicts(seeded, base_seeds={"replication": 2026})


def test_unread_second_failures_are_reported():
    """A check the second replication fails but rule 4 does not read is named, not dropped;
    the checks it reads are not repeated."""
    from mia_helpers import claims

    v = _verdicts({("now_vs_later", "coverage", 6): (("replication",), "not_replicated",
                                                      False)})
    read = ((v["estimand"] == "now_vs_later") & (v["criterion"] == "coverage")
            & (v["quarter_since_start"] == 6))
    v["judged"] = [(*mr.STUDIES, mr.SECOND) if r else j
                   for r, j in zip(read, v["judged"], strict=True)]
    second = pd.DataFrame([
        dict(estimand="now_vs_never", criterion="coverage", quarter_since_start=4,
             data_sets=331, value=0.982, low=0.9, high=0.98, judged=True, holds=False),
        dict(estimand="now_vs_later", criterion="coverage", quarter_since_start=6,
             data_sets=400, value=0.99, low=0.9, high=0.98, judged=True, holds=False),
        dict(estimand="now_vs_later", criterion="bias", quarter_since_start=7,
             data_sets=400, value=0.01, low=-0.09, high=0.09, judged=True, holds=True)])
    text = claims.unread_second_sentence(v, second)
    # read49: the sentence names the checks it means and its parenthesis parses
    assert text == (" The second replication study, read only for the checks left undecided as "
                    "fixed in advance, also fails one check it does not read: the \"now versus "
                    "never\" coverage at quarter 4 (0.982 over 331 point estimates, above the "
                    "band); reported here, not judged."), text
    assert claims.unread_second_sentence(v, second.iloc[1:]) == ""
    table = claims.replication_table(v)
    col = "Second replication's seeds: fails at (quarters)"
    assert table.loc[table["Criterion"].str.startswith("Bias"), col].eq("not read").all()


def test_appendix_a_refuses_bootstrap_intervals_before_the_run():
    """fresh49: ``-p interval bootstrap`` crashed inside the run ("needs bootstrap >= 2, got
    0": the sensitivity scenario and exercises run without a bootstrap); refused before it,
    naming the parameter and what to do."""
    from mia_helpers import chapters

    short, source = chapters.resolve_chapter("A")
    params = chapters.read_parameters(source)
    with pytest.raises(chapters.ChapterError,
                       match="'interval' cannot be 'bootstrap' here.*keep interval "
                             "'linearized'"):
        chapters.check_parameters(short, params, [("interval", "bootstrap"),
                                                  ("bootstrap", "199")])
