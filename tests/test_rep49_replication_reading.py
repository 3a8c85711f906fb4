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
    """An ``issue14_criteria`` table of one check: "holds", "fails", "unjudged" or "absent"."""
    if status == "absent":
        return pd.DataFrame(columns=["estimand", "criterion", "quarter_since_start", "judged",
                                     "holds"])
    return pd.DataFrame([dict(zip(("estimand", "criterion", "quarter_since_start"), CHECK,
                                  strict=True),
                              judged=status != "unjudged", holds=status == "holds")])


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
    ("fails", "holds", "holds", "chance"),        # the shipped study's failure, not recurring
    ("holds", "fails", "holds", "chance"),        # rule 3: the confirmation's, not recurring
    ("holds", "fails", "fails", "defect"),        # rule 2: it recurs
    ("fails", "holds", "fails", "defect"),        # rule 2: any two studies
    ("fails", "fails", "holds", "defect"),
    ("holds", "holds", "fails", "undecided"),     # rule 4: only on the last study judging it
    ("holds", "fails", "unjudged", "undecided"),  # no later study judges it
    ("holds", "fails", "absent", "undecided"),
    ("unjudged", "unjudged", "holds", "holds"),
])
def test_rules_2_to_4(shipped, confirmation, replication, reading):
    assert _read(shipped, confirmation, replication)["reading"] == reading


@pytest.mark.parametrize("replication, second, reading, fails", [
    ("fails", "holds", "chance", ("replication",)),
    ("fails", "fails", "defect", ("replication", mr.SECOND)),
    ("fails", "unjudged", "undecided", ("replication",)),
    ("unjudged", "holds", "chance", ("confirmation",)),   # the confirmation's, judged at last
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
    assert row["reading"] == "chance" and mr.SECOND not in row["judged"]
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
    assert out["reading"].tolist() == ["holds"]


def test_issue14_met_and_needs_second():
    v = pd.DataFrame({"reading": ["holds", "chance"]})
    assert mr.issue14_met(v) and not mr.needs_second(v)
    for bad in ("defect", "undecided"):
        v = pd.DataFrame({"reading": ["holds", bad]})
        assert not mr.issue14_met(v)
        assert mr.needs_second(v) == (bad == "undecided")
    assert not mr.issue14_met(pd.DataFrame({"reading": []}))


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


def test_null_rate_against_a_simulation_of_the_rules():
    """``replication_null_rate``'s formula against the rules themselves (``mr._reading``) on
    simulated independent failures. Tolerance: 4 binomial Monte Carlo SE of the simulated
    rate (B = 20,000 draws)."""
    rng = np.random.default_rng(49)
    p = np.array([0.0455] * 7 + [0.05, 0.035, 0.006])
    B = 20_000
    fails = rng.random((B, 4, p.size)) < p  # studies S, C, R, second replication
    order = list(mr.STUDIES)
    defect = np.zeros(B, dtype=bool)
    for b in range(2000):  # the rules themselves, on a subsample: the formula's check
        for k in range(p.size):
            f = [order[i] for i in range(3) if fails[b, i, k]]
            r = mr._reading(order, f, order)
            defect[b] |= r == "defect" or (r == "undecided" and fails[b, 3, k])
    # vectorised on all draws, checked against the loop on its subsample
    n3 = fails[:, :3, :].sum(axis=1)
    vec = ((n3 >= 2) | ((n3 == 1) & fails[:, 2, :] & fails[:, 3, :])).any(axis=1)
    assert (vec[:2000] == defect[:2000]).all()
    rate = vec.mean()
    analytic = mr.replication_null_rate(p)
    assert abs(rate - analytic["replicated"]) <= 4 * np.sqrt(rate * (1 - rate) / B)
    assert analytic["bound"] == pytest.approx(analytic["replicated"] + 0.05)


def test_null_rate_refuses_bad_input():
    with pytest.raises(ValueError, match=r"\[0, 1\]"):
        mr.replication_null_rate([0.1, 1.2])
    with pytest.raises(ValueError, match="studies must be >= 2"):
        mr.replication_null_rate([0.1], studies=1)


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
    """Calibrated studies hold; a bias within 2 SE on each study of 400 data sets (1.8 SE)
    but beyond rule 5's bound on the 1,200 pooled (3.1 pooled SE against 2.58 for 5 checks)
    is a defect; a bias of 3 SE on one study only is undecided."""
    calm = {n: _drawn() for n in mr.STUDIES}
    v = mr.replication_verdicts(calm)
    assert (v["reading"] == "holds").all() and mr.issue14_met(v)
    assert v.loc[v["criterion"] == "bias", "pooled_bound_se"].iloc[0] == pytest.approx(
        mr.pooled_bias_bound(5))
    sd = float(np.std(stats.norm.ppf((np.arange(400) + 0.5) / 400), ddof=1))
    small = {n: _drawn(bias=1.8 * sd / 20) for n in mr.STUDIES}
    v = mr.replication_verdicts(small)
    bias = v[v["criterion"] == "bias"]
    assert (bias["fails"].map(len) == 0).all() and bias["pooled_bias_fails"].all()
    assert (bias["reading"] == "defect").all() and not mr.issue14_met(v)
    one = {**calm, "replication": _drawn(bias=3 * sd / 20)}
    v = mr.replication_verdicts(one)
    bias = v[v["criterion"] == "bias"]
    assert (bias["reading"] == "undecided").all() and mr.needs_second(v)
    v2 = mr.replication_verdicts(one, second=_drawn())
    assert (v2.loc[v2["criterion"] == "bias", "reading"] == "chance").all()


def test_run_replication_refuses_a_replicated_seed():
    with pytest.raises(ValueError, match="2007.*re-read the same data sets"):
        mr.run_replication(1, 100, 0, 2007, other_seeds=(2005, 2007))


# --- Appendix A's words for the reading (mia_helpers.claims) ---------------------------------

def _verdicts(readings: dict[tuple[str, str, int], tuple[tuple[str, ...], str, bool]],
              second: bool = False) -> pd.DataFrame:
    """``read_checks``-shaped verdicts over both estimands' bias and coverage at quarters 4-8:
    every check holds on the three studies unless ``readings`` gives its (fails, reading,
    pooled_bias_fails)."""
    recs = []
    for est in ("now_vs_later", "now_vs_never"):
        for crit in ("bias", "coverage"):
            for q in range(4, 9):
                fails, reading, pooled = readings.get((est, crit, q), ((), "holds", False))
                judged = mr.STUDIES + ((mr.SECOND,) if second and mr.SECOND in fails else ())
                recs.append(dict(estimand=est, criterion=crit, quarter_since_start=q,
                                 judged=judged, fails=fails, pooled_bias_fails=pooled,
                                 reading=reading,
                                 pooled_bias_pp=(-0.4 if pooled else 0.05)
                                 if crit == "bias" else np.nan,
                                 pooled_mc_se=0.1 if crit == "bias" else np.nan,
                                 pooled_bound_se=2.81))
    return pd.DataFrame(recs)


def test_sentence_all_hold():
    from mia_helpers import claims

    text = claims.replication_sentence(_verdicts({}), 20)
    assert text.startswith("On the replication seeds all 20 checks judged hold")
    assert "within 2.81 pooled Monte Carlo SE" in text and "lies 0.5 SE from it" in text
    assert text.endswith("By this reading the inburgering estimator meets issue 14's criteria.")


@pytest.mark.parametrize("fails, reading, pooled, expect", [
    (("confirmation",), "chance", False,
     "fails on the confirmation seeds only and holds on the replication seeds: by the "
     "reading fixed in advance, Monte Carlo chance"),
    (("confirmation", "replication"), "defect", False,
     "fails on the confirmation seeds and replication seeds, a failure that recurs: by the "
     "reading fixed in advance, a defect"),
    ((), "defect", True, "its bias over the three studies pooled lies 4.0 pooled Monte Carlo "
     "SE from zero, beyond the bound of 2.81"),
    (("replication",), "undecided", False,
     "fails on the replication seeds only and no later study judges it: undecided, for the "
     "second replication study to read"),
])
def test_sentence_reads_each_reading(fails, reading, pooled, expect):
    from mia_helpers import claims

    v = _verdicts({("now_vs_never", "bias", 5): (fails, reading, pooled)})
    text = claims.replication_sentence(v, 20)
    assert 'The "now versus never" bias at quarter 5 ' + expect in text, text
    rep = int("replication" in fails)
    assert f"On the replication seeds {'all 20' if not rep else '19 of the 20'} checks" in text
    met = reading == "chance"
    assert text.endswith("meets issue 14's criteria." if met else
                         f"does not meet issue 14's criteria: one "
                         f"{'check read as a defect' if reading == 'defect' else 'undecided'}.")
    assert ("within 2.81 pooled" in text) == (not pooled)
    table = claims.replication_table(v)
    row = table[(table["Estimand"] == "Now versus never")
                & table["Criterion"].str.startswith("Bias")].iloc[0]
    assert row["Reading"].startswith("Quarter 5: ")
    assert row["Three studies pooled: bias beyond the bound at (quarters)"] == (
        "5" if pooled else "none")
    assert (table["Three studies pooled: bias beyond the bound at (quarters)"].eq("not read")
            == table["Criterion"].str.startswith("Coverage")).all()


def test_sentence_after_the_second_replication():
    from mia_helpers import claims

    v = _verdicts({("now_vs_later", "coverage", 6): (("replication", mr.SECOND), "defect",
                                                      False)}, second=True)
    text = claims.replication_sentence(v, 20, second_run=True)
    assert ("fails on the replication seeds and second replication's seeds, a failure that "
            "recurs") in text
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
    ([("nc_replication_seed", "2005")], "'seed'"),
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
