"""Issue 14's calibration criteria, checked in ``make test`` on the shipped Monte Carlo results.

The studies are Appendix A's (``results/montecarlo_appendix_a.parquet``: IBO, basic training and
the zero-effect measure, 200 replications each) and chapter 5's inburgering study
(``results/montecarlo_newcomers.parquet``, 400 replications: the first 200 covered 0.985 at
quarters 6 and 7, one replication above the band, and 200 more halve the variance of a coverage
and of a bias estimate; see ``mia_helpers.montecarlo_newcomers.INBURGERING_STUDY``). The rows are read under the key
of the current code and parameters; a stale file fails here and in the freshness tests
(regenerate with ``make montecarlo``), it is never recomputed in ``make test``.

Criteria (issue 14, fixed before the results were computed): at every quarter 4-8 since the
start, for the matched estimator with the book's intervals (linearized, person-clustered):

- the Monte Carlo bias lies within 2 Monte Carlo standard errors of zero (SE = SD of the errors
  over sqrt(R));
- the coverage of the 95 % intervals lies in [0.90, 0.98] (at R = 200 and a true coverage of
  0.95 the binomial Monte Carlo SE of a coverage is 1.5 points, so the band is about 2 SE on
  either side; at R = 400 about 2.8 SE).

Which truth: the generator's truth over *all* of a measure's starters (``true_att_pp``), the
estimand the chapters name, as the criteria were fixed. A caliper match averages over the
starters who found a twin; each replication also records the truth over those
(``true_att_matched_pp``, Monte Carlo version 5 / newcomers 4) and Appendix A reads the point
estimates against both (``claims.truth_scope_table``, ``tests/test_fp28_truth_scope.py``).
The choice was made before that second truth was computed on the full studies (a benchmark
on 60 of the 400 inburgering data sets had shown it would not favour the estimator).

Both estimands for the three measures and for inburgering ("now versus later" is the
estimand chapter 5 reads; its "now versus never" is shown in Appendix A only).

Positivity. Where the matched "now versus never" lacks support for some treated (their twins'
modelled probability of remaining unstarted is below 0.001), the estimator says the effect is
not point-identified and widens the interval by the worst case for them
(``mia_helpers.effects._worst_case_bounds``, Manski 1990); where the twins' Kaplan-Meier rests
on fewer than ``mia_helpers.effects.MIN_CONTROL_PERSONS`` (10) effective twins, it flags the
estimate the same way and its interval is the worst case for every treated person (since the
thirty-ninth session). The criteria above are for point estimates, so each quarter's replications are split by what the estimate claims
(``mia_helpers.claims.point_and_bound_summaries``): the point estimates must meet both
criteria; the bounds must hold the truth at least as often as the band's lower end (they may
over-cover by design), and their bias is not a criterion. Where a part holds fewer than the
200 data sets the issue asks for, its coverage band is widened to 2 binomial Monte Carlo SEs
of a coverage of 0.95 at that part's size when that is wider
(``mia_helpers.claims.coverage_tolerance``; the band of issue 14 is about 2 such SEs at 200). On the inburgering study, obligated newcomers
sign with probability 0.69 per quarter (``mia_helpers.claims.contract_sign_probabilities``),
so their twins are almost never unsigned six quarters on.

Since the switch (base 2029; mia_helpers.montecarlo_switched) no inburgering criterion is a
strict expected failure (before it, on base 2005, the coverage of "now versus later" was, one
replication above the band; and the bias of the few "now versus never" point estimates at
quarter 6 until the thirty-ninth session: the NEVER_BIAS comment below). The zero-effect
measure's two tests are strict expected failures: literal failures of the thresholds that the
family-wise reading fixed before the data does not call defects (ZERO_LATER, ZERO_NEVER). On
the confirmation study (a record of the earlier code) two "now versus never" criteria are
(CONF_NEVER_BIAS, CONF_NEVER_COVERAGE). Strict: the day they pass, the marker must go.
"""

from __future__ import annotations

import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers import montecarlo as mc
from mia_helpers import montecarlo_newcomers as mcn

QUARTERS = (4, 8)
N_SE = 2.0
COVERAGE_BAND = (0.90, 0.98)


def _shipped(module, params: dict) -> pd.DataFrame:
    key = module._key(module._params(**params))
    rows = module._read_shipped(key)
    if rows is None:
        pytest.fail(f"{module.SHIPPED_RESULTS} holds no rows for the current code and "
                    "parameters: regenerate it with `make montecarlo`")
    return rows


def _matched(s: pd.DataFrame, estimand: str) -> pd.DataFrame:
    """A summary's matched rows of ``estimand`` at quarters 4-8, indexed by quarter."""
    return s[(s["estimator"] == "matched") & (s["estimand"] == estimand)
             & s["quarter_since_start"].between(*QUARTERS)].set_index("quarter_since_start")


def _criteria(module, params: dict, estimand: str, criterion: str) -> None:
    """Issue 14's criterion (``"bias"`` or ``"coverage"``) at quarters 4-8, with >= 200
    replications each, on the point estimates and (coverage) on the bounds."""
    _criteria_rows(_shipped(module, params), estimand, criterion)


def _criteria_rows(rows: pd.DataFrame, estimand: str, criterion: str) -> None:
    """:func:`_criteria` on a study's rows."""
    full = _matched(mc.summarise(rows), estimand)
    assert len(full) == QUARTERS[1] - QUARTERS[0] + 1
    assert (full["replications"] >= 200).all()
    point, bound = (_matched(x, estimand) for x in claims.point_and_bound_summaries(rows))
    if criterion == "bias":  # a part of one data set has no Monte Carlo SE: not judged
        judged = point[point["replications"] >= 2]
        assert (judged["bias"].abs() <= N_SE * judged["mc_se_bias"]).all(), point
        return
    low, high = claims.coverage_tolerance(point["replications"], COVERAGE_BAND)
    assert ((point["coverage"] >= low) & (point["coverage"] <= high)).all(), point
    low, _ = claims.coverage_tolerance(bound["replications"], COVERAGE_BAND)
    assert (bound["coverage"] >= low).all(), bound


def _open(reason: str):
    return pytest.mark.xfail(strict=True, reason="issue 14 open: " + reason)


def _literal(reason: str):
    """A literal failure of issue 14's thresholds that the family-wise reading fixed before
    the data (mia_helpers.montecarlo_switched, rules S2-S4) does not call a defect: strict,
    so the marker must go the day the check holds."""
    return pytest.mark.xfail(strict=True, reason="literal failure, not a defect by rules "
                             "S2-S4 (montecarlo_switched.SWITCHED_READ): " + reason)


# The switched studies (base 2029, fifty-third session): of the 84 judged checks, 5 fail their
# literal threshold where 2.5 are expected of a perfect estimator (rule S1), all five in the
# zero-effect measure, whose quarters and estimands share the same 200 data sets; Holm's
# procedure rejects none (smallest p-value 0.020 against 0.05 / 84), nor its pooled biases
# (-0.23 pp, p = 0.055 and 0.099 against 0.05 / 7). tests/test_sw55_switched_reading.py pins it.
ZERO_LATER = _literal(
    "zero-effect measure, 'now versus later': bias -0.30 and -0.33 pp at quarters 7 and 8, "
    "2.20 and 2.35 Monte Carlo SE (coverage 0.955-0.975 holds)")
ZERO_NEVER = _literal(
    "zero-effect measure, 'now versus never' (estimator unchanged by the switch): bias -0.31 "
    "and -0.34 pp at quarters 7 and 8, 2.07 and 2.10 Monte Carlo SE, and coverage 0.985 at "
    "quarter 5 (197 of 200 intervals hold the truth, one more than the band allows)")


@pytest.mark.parametrize("estimand", ["now_vs_later", "now_vs_never"])
@pytest.mark.parametrize("study", ["ibo", "basic_training", "zero_effect"])
def test_measures_meet_issue_14(study, estimand, request):
    if study == "zero_effect":
        request.applymarker(ZERO_LATER if estimand == "now_vs_later" else ZERO_NEVER)
    for criterion in ("bias", "coverage"):
        _criteria(mc, mc.APPENDIX_A_STUDIES[study], estimand, criterion)


# LATER_COVERAGE, the "now versus later" coverage, a strict expected failure from the
# residence-ground cell to the switch: on the base-2005 study the uncorrected estimator's
# intervals covered 0.985 at quarter 6 (one replication above the band at R = 400), read as
# Monte Carlo chance by the confirmation study (0.955-0.968) and not replicated on base 2025
# (0.950). On the switched study (base 2029, bias-corrected) the check holds.
# NEVER_BIAS, the "now versus never" bias, an expected failure until the thirty-ninth session: at quarter 6
# only 5 of the 400 data sets gave a point estimate and they lay 2.3 pp above the truth (2.9
# Monte Carlo SE). Since then the censoring model counts twins who sign while employed
# (benchmarks/never_censoring.py) and a Kaplan-Meier on fewer than 10 effective twins gives
# no point estimate (never_repair3.py), both adopted by benchmarks/never_repair4.py on unread
# seeds: the quarter-4 and quarter-5 biases here went from -0.20 and -0.29 to -0.11 and -0.17
# pp, and quarter 6 keeps 4 point estimates, 2.3 pp above the truth with an SE of 1.2.


@pytest.mark.parametrize("estimand, criterion", [
    # "now versus later", the estimand chapter 5 reads: without the residence-ground cell
    # (NEWCOMER_EXACT) its bias was 2.0-2.4 Monte Carlo SE at quarters 6-8
    pytest.param("now_vs_later", "bias", id="later-bias"),
    pytest.param("now_vs_later", "coverage", id="later-coverage"),
    # "now versus never": before the positivity flag, its point estimate at quarter 8 was
    # 2.8 Monte Carlo SE below the truth with intervals covering 0.982
    pytest.param("now_vs_never", "bias", id="never-bias"),
    pytest.param("now_vs_never", "coverage", id="never-coverage"),
])
def test_inburgering_meets_issue_14(estimand, criterion):
    _criteria(mcn, mcn.INBURGERING_STUDY, estimand, criterion)


def test_inburgering_never_is_flagged_where_twins_cannot_stay_unsigned():
    """The generator's obligated newcomers sign with probability p per quarter (0.69), so an
    obligated twin is still unsigned l quarters on with probability (1 - p)^l, below the
    estimator's floor of 0.001 from l = ceil(log 0.001 / log(1 - p)) on (6 quarters): from
    horizon l + 1 on, every replication must flag the obligated signers as unsupported (the
    estimator's model of signing may flag earlier, it must not flag later)."""
    import math

    from mia_helpers.effects import _IPCW_FLOOR

    p_obligated, _ = claims.contract_sign_probabilities()
    first = math.ceil(math.log(_IPCW_FLOOR) / math.log(1 - p_obligated)) + 1
    s = _matched(mc.summarise(_shipped(mcn, mcn.INBURGERING_STUDY)), "now_vs_never")
    late = s[s.index >= first]
    assert len(late) and (late["not_point_identified"] == late["replications"]).all(), s


def _verdict(rows: pd.DataFrame, estimand: str, criterion: str) -> bool:
    try:
        _criteria_rows(rows, estimand, criterion)
    except AssertionError:
        return False
    return True


@pytest.mark.parametrize("study", ["ibo", "basic_training", "zero_effect", "inburgering"])
def test_package_criteria_agree_with_this_file(study):
    """``mia_helpers.montecarlo_confirmation.issue14_criteria`` (which the confirmation study's
    reading and Appendix A use) gives this file's verdict, criterion by criterion."""
    from mia_helpers import montecarlo_confirmation as mcc

    rows = (_shipped(mcn, mcn.INBURGERING_STUDY) if study == "inburgering"
            else _shipped(mc, mc.APPENDIX_A_STUDIES[study]))
    c = mcc.issue14_criteria(rows, QUARTERS, N_SE, COVERAGE_BAND)
    for estimand in ("now_vs_later", "now_vs_never"):
        e = c[c["estimand"] == estimand]
        for criterion, names in (("bias", ["bias"]), ("coverage", ["coverage",
                                                                   "bound_coverage"])):
            sel = e[e["criterion"].isin(names)]
            package = bool((sel["holds"] | ~sel["judged"]).all())
            assert package == _verdict(rows, estimand, criterion), (study, estimand,
                                                                      criterion, sel)


# --- the confirmation study (mia_helpers.montecarlo_confirmation: the inburgering study on base
# seed 2007, 400 data sets, its reading fixed in its docstring before it was generated) -------

CONF_NEVER_BIAS = _open(
    "confirmation study: the 243 quarter-5 'now versus never' point estimates lie 0.59 pp "
    "below the truth (2.1 Monte Carlo SE; both studies pooled 0.38 pp, 2.1 SE): by the "
    "reading fixed in advance a defect of the estimator, not chance. The thirty-ninth "
    "session's censoring risk set (a twin may sign while employed, benchmarks/"
    "never_censoring.py) moved quarter 4 from -0.14 to -0.05 pp and the shipped study's "
    "quarter 5 from -0.29 to -0.17, but not this one (-0.56 before); a fresh study (base 2011, "
    "benchmarks/never_repair4.py) gave -0.22 (0.9 SE) there. A pre-registered diagnosis on "
    "1,400 data sets of base 2012 (benchmarks/never_decompose.py, fortieth session) split the "
    "error into a matching part (the twins' own re-simulated never-treated outcomes against "
    "the starters') and a censoring part (the IPCW Kaplan-Meier against the twins' own mean): "
    "error -0.06 / -0.09 pp (1.1 / 0.8 paired SE) at quarters 4 / 5, neither part located: "
    "no defect found, so "
    "the failure stays open as the reading requires. The replication reading fixed before base "
    "2025 ran (mia_helpers.montecarlo_replication, test_replication_reading) reads it as not "
    "replicated: -0.13 pp there (0.5 Monte Carlo SE)")
CONF_NEVER_COVERAGE = _open(
    "confirmation study: at quarter 6 one data set gives a point estimate (replication 243, "
    "-23.8 pp against a truth of +3.8) and its interval misses; its twins' Kaplan-Meier "
    "rests on 10.4 effective twins, just above the threshold of 10 below which the "
    "estimator gives none (benchmarks/never_repair3.py). The quarter-4 coverage that failed "
    "before (0.893) is 0.956 since the thirty-ninth session's model-based control variance "
    "and censoring risk set (adopted on unread seeds by benchmarks/never_repair4.py); one "
    "miss in a part of one data set is what issue 14's rule judges here; neither replication "
    "study (bases 2025, 2026) gives a quarter-6 point estimate, so the replication reading "
    "leaves it undecided for good (test_replication_reading)")


def _first_study_rows() -> pd.DataFrame:
    """The inburgering study of base 2005 the kept readings read first, of the confirmation
    study's code: the shipped file's under this code, else the record of the earlier code
    (``montecarlo_confirmation.first_study``; rec55: after the switch the shipped file holds
    the book's new study)."""
    from mia_helpers import montecarlo_confirmation as mcc

    conf = _confirmation_rows()
    if claims.record_fingerprint(conf) is None:
        return _shipped(mcn, mcc.CONFIRMED_STUDY)
    return mcc.first_study(pd.DataFrame(), mcc.CONFIRMED_STUDY["base_seed"], conf)[0]


def _kept_code_ok(rows: pd.DataFrame, recorded: str) -> bool:
    """Whether a kept study's ``rows`` are of the code of its first read ``recorded``: this
    code's rows under that fingerprint, or a record of it under another (rec55)."""
    fp = claims.record_fingerprint(rows)
    return fp == recorded if fp is not None else mcn.code_fingerprint() == recorded


def _confirmation_rows() -> pd.DataFrame:
    from mia_helpers import montecarlo_confirmation as mcc

    rows = mcc.read_confirmation()
    if rows is None:
        pytest.fail(f"{mcc.CONFIRMATION_RESULTS} holds no rows for the current code and "
                    "parameters, nor a record of earlier code: restore the kept record with "
                    "`git checkout -- results/` (make montecarlo does not regenerate it)")
    return rows


@pytest.mark.parametrize("estimand, criterion", [
    pytest.param("now_vs_later", "bias", id="later-bias"),
    pytest.param("now_vs_later", "coverage", id="later-coverage"),
    pytest.param("now_vs_never", "bias", id="never-bias", marks=CONF_NEVER_BIAS),
    pytest.param("now_vs_never", "coverage", id="never-coverage", marks=CONF_NEVER_COVERAGE),
])
def test_confirmation_meets_issue_14(estimand, criterion):
    """Issue 14's criteria, unchanged, on the confirmation study's data sets."""
    _criteria_rows(_confirmation_rows(), estimand, criterion)


@pytest.mark.parametrize("estimand", [
    "now_vs_later",
    pytest.param("now_vs_never", marks=_open(
        "the confirmation study's own reading (rule 2) reads the 'now versus never' failures "
        "as a defect (see test_confirmation_meets_issue_14); the replication reading that "
        "replaces rule 2 is test_replication_reading")),
])
def test_confirmation_reading(estimand):
    """By the reading fixed before the confirmation study ran (its module docstring), every
    criterion of ``estimand`` holds on both studies or fails on the shipped study only, as
    Monte Carlo chance: none is a defect and none stays open."""
    from mia_helpers import montecarlo_confirmation as mcc

    v = mcc.confirmation_verdicts(_first_study_rows(), _confirmation_rows(), QUARTERS)
    v = v[v["estimand"] == estimand]
    assert len(v) and v["reading"].isin(["holds", "chance"]).all(), v


def _drawn(bias: float = 0.0, half: float = 1.96, estimand: str = "now_vs_later",
           R: int = 400) -> pd.DataFrame:
    """R hand-made data sets per quarter 4-8 (no noise: the errors are ``bias`` plus the R
    normal scores, SD about 1, so +-1.96 covers about 0.95), intervals estimate +- ``half``,
    every row a point estimate."""
    import numpy as np
    from scipy import stats

    scores = stats.norm.ppf((np.arange(R) + 0.5) / R)
    return pd.concat([pd.DataFrame(dict(
        estimand=estimand, estimator="matched", quarter_since_start=q,
        att_pp=2.0 + bias + scores, true_att_pp=2.0, ci_low=2.0 + bias + scores - half,
        ci_high=2.0 + bias + scores + half, unsupported_share=0.0, replication=range(R)))
        for q in range(QUARTERS[0], QUARTERS[1] + 1)], ignore_index=True)


def _edited(rows: pd.DataFrame, edit: str) -> pd.DataFrame:
    """``rows`` with one edge of the criteria at quarter 6 (see the cases below)."""
    import numpy as np

    rows = rows.copy()
    q6 = rows["quarter_since_start"] == 6
    if edit == "one point estimate":  # 399 bounds, one point estimate 10 pp off
        rows.loc[q6 & (rows["replication"] < 399), "unsupported_share"] = 0.1
        last = q6 & (rows["replication"] == 399)
        rows.loc[last, ["att_pp", "ci_low", "ci_high"]] = [12.0, 2.0, 22.0]
    elif edit == "bounds miss":  # 100 bounds, none of which holds the truth (taken
        # symmetrically from the scores, so the 300 point estimates stay calibrated)
        flag = q6 & rows["replication"].mod(8).isin([0, 7])
        rows.loc[flag, "unsupported_share"] = 0.1
        rows.loc[flag, ["ci_low", "ci_high"]] = [3.0, 4.0]
    elif edit == "no intervals":  # the point estimates at quarter 6 carry no interval
        rows.loc[q6, ["ci_low", "ci_high"]] = np.nan
    return rows


@pytest.mark.parametrize("rows, verdicts", [
    pytest.param(_drawn(), {"bias": True, "coverage": True}, id="calibrated"),
    pytest.param(_drawn(bias=0.5), {"bias": False, "coverage": True}, id="biased"),
    pytest.param(_drawn(half=3.0), {"bias": True, "coverage": False}, id="over-covering"),
    pytest.param(_edited(_drawn(), "one point estimate"), {"bias": True, "coverage": True},
                 id="one-point-estimate"),
    pytest.param(_edited(_drawn(), "bounds miss"), {"bias": True, "coverage": False},
                 id="bounds-miss"),
    pytest.param(_edited(_drawn(), "no intervals"), {"bias": True, "coverage": False},
                 id="no-intervals"),
])
def test_package_criteria_agree_on_the_edges(rows, verdicts):
    """The agreement above on hand-made studies that reach the rules' edges the shipped studies
    do not (a part of one data set, bounds that miss, estimates without intervals): this
    file's verdict is the one expected, and the package's rule gives the same."""
    from mia_helpers import montecarlo_confirmation as mcc

    c = mcc.issue14_criteria(rows, QUARTERS, N_SE, COVERAGE_BAND)
    for criterion, names in (("bias", ["bias"]), ("coverage", ["coverage", "bound_coverage"])):
        assert _verdict(rows, "now_vs_later", criterion) == verdicts[criterion], criterion
        sel = c[c["criterion"].isin(names)]
        assert bool((sel["holds"] | ~sel["judged"]).all()) == verdicts[criterion], sel


# --- the replication study (mia_helpers.montecarlo_replication: base seed 2025, 400 data sets,
# its reading "a defect replicates" fixed and reviewed before its data sets were generated;
# rule 4's second replication on base 2026) -------------------------------------------------

def _replication_rows(study: dict | None = None) -> pd.DataFrame:
    from mia_helpers import montecarlo_replication as mr

    rows = mr.read_replication(study=study or mr.REPLICATION_STUDY)
    if rows is None:
        pytest.fail(f"{mr.REPLICATION_RESULTS} holds no rows for the current code and "
                    "parameters, nor a record of earlier code: restore the kept record with "
                    "`git checkout -- results/` (make montecarlo does not regenerate it)")
    return rows


def _replication_verdicts() -> pd.DataFrame:
    from mia_helpers import montecarlo_confirmation as mcc
    from mia_helpers import montecarlo_replication as mr

    studies = dict(zip(mr.STUDIES, (_first_study_rows(), _confirmation_rows(),
                                    _replication_rows()), strict=True))
    seeds = dict(zip(mr.STUDIES, (mcc.CONFIRMED_STUDY["base_seed"],
                                  mcc.CONFIRMATION_STUDY["base_seed"],
                                  mr.REPLICATION_STUDY["base_seed"]), strict=True))
    seeds[mr.SECOND] = mr.SECOND_REPLICATION_STUDY["base_seed"]
    v = mr.replication_verdicts(studies, quarters=QUARTERS, base_seeds=seeds)
    if mr.needs_second(v):
        v = mr.replication_verdicts(studies, _replication_rows(mr.SECOND_REPLICATION_STUDY),
                                    quarters=QUARTERS, base_seeds=seeds)
    return v


@pytest.mark.parametrize("estimand, criterion", [
    pytest.param("now_vs_later", "bias", id="later-bias", marks=_open(
        "replication study (base 2025): the quarter-7 'now versus later' point estimates lie "
        "+0.089 pp above the truth (2.03 Monte Carlo SE), a failure neither the shipped nor "
        "the confirmation study shows; by the replication reading fixed in advance it is not "
        "replicated: on the second replication study (base 2026) that bias is -0.01 pp")),
    pytest.param("now_vs_later", "coverage", id="later-coverage"),
    pytest.param("now_vs_never", "bias", id="never-bias"),
    pytest.param("now_vs_never", "coverage", id="never-coverage"),
])
def test_replication_meets_issue_14(estimand, criterion):
    """Issue 14's criteria, unchanged, on the replication study's data sets."""
    _criteria_rows(_replication_rows(), estimand, criterion)


def test_replication_first_read_is_recorded():
    """Rule 7: the verdict is the first read's, under the code it ran with; the readings
    recorded then (``FIRST_READ``) are what the reading gives on the shipped files now."""
    from mia_helpers import montecarlo_replication as mr

    first = mr.FIRST_READ
    assert first is not None, "the replication study has not been read"
    assert _kept_code_ok(_replication_rows(), first["fingerprint"]), (
        "the estimator changed since the replication study's first read (rule 7) and the "
        "studies are not kept as its record: judge it on a fresh reserved base under a reading "
        "committed beforehand")
    v = _replication_verdicts()
    off = {(r.estimand, r.criterion, int(r.quarter_since_start)): r.reading
           for r in v[v["reading"] != "holds"].itertuples(index=False)}
    assert off == first["readings"]
    assert first["verdict"] == ("meets" if mr.issue14_met(v) else "does not meet")


@pytest.mark.xfail(strict=True, reason=(
    "issue 14 open: by the replication reading (fixed in advance) one check stays undecided for "
    "good: the confirmation study's quarter-6 'now versus never' coverage (the one interval of "
    "its one point estimate there misses). Neither the replication (base 2025) nor the second "
    "replication (base 2026) gives a quarter-6 point estimate, so no later study judges it, "
    "and rule 4 adds no further study. Every other failure does not replicate: the "
    "confirmation's quarter-5 'now versus never' bias, the shipped quarter-6 'now versus "
    "later' coverage and the replication's quarter-7 'now versus later' bias"))
def test_replication_reading():
    """Rule 6 of the replication reading: no check of the inburgering estimator is a defect or
    undecided across the shipped, confirmation and replication studies."""
    from mia_helpers import montecarlo_replication as mr

    v = _replication_verdicts()
    assert mr.issue14_met(v), v[~v["reading"].isin(["holds", "not_replicated"])]


def test_replication_file_is_fresh():
    from mia_helpers import montecarlo_replication as mr

    st = mr.shipped_status()
    kept = [mr.read_replication(study=s) for s in mr.REPLICATION_STUDIES.values()]
    if not st["fresh"].any() and all(  # rec55: kept as the record of the first read's code
            r is not None and _kept_code_ok(r, mr.FIRST_READ["fingerprint"]) for r in kept):
        assert [r["replication"].nunique() for r in kept] == [
            s["replications"] for s in mr.REPLICATION_STUDIES.values()]
        return
    assert st["fresh"].all(), (
        f"{mr.REPLICATION_RESULTS} is stale or missing: a kept record, restore it with "
        "`git checkout -- results/` (make montecarlo does not regenerate it)")
    assert (st["replications"] == mr.REPLICATION_STUDY["replications"]).all()


# --- the targeted study (mia_helpers.montecarlo_targeted: base seed 2027, 200 data sets of
# 40,000 newcomers; its protocol, rules T1-T5, committed and reviewed before its first data set)

def _targeted_verdicts() -> pd.DataFrame:
    from mia_helpers import montecarlo_targeted as mt

    rows = mt.read_targeted()
    if rows is None:
        pytest.fail(f"{mt.TARGETED_RESULTS} holds no rows for the current code and "
                    "parameters: regenerate it with `python -m mia_helpers.montecarlo_targeted`")
    return mt.targeted_verdicts(_replication_verdicts(), rows, quarters=QUARTERS,
                                base_seed=mt.TARGETED_STUDY["base_seed"])


def test_targeted_file_is_fresh():
    from mia_helpers import montecarlo_targeted as mt

    st = mt.shipped_status()
    kept = mt.read_targeted()
    if not st["fresh"].any() and kept is not None and _kept_code_ok(  # rec55: a record
            kept, mt.TARGETED_READ["fingerprint"]):
        assert kept["replication"].nunique() == mt.TARGETED_STUDY["replications"]
        return
    assert st["fresh"].all(), (
        f"{mt.TARGETED_RESULTS} is stale or missing: a kept record, restore it with "
        "`git checkout -- results/` (make montecarlo does not regenerate it)")
    assert (st["replications"] == mt.TARGETED_STUDY["replications"]).all()


def test_targeted_first_read_is_recorded():
    """Rule T5: the targeted study's verdict is its first read's, under the code it ran with;
    the readings recorded then (``TARGETED_READ``) are what the reading gives now."""
    from mia_helpers import montecarlo_replication as mr
    from mia_helpers import montecarlo_targeted as mt

    first = mt.TARGETED_READ
    assert first is not None, "the targeted study has not been read"
    assert first["fingerprint"] == mr.FIRST_READ["fingerprint"]
    assert _kept_code_ok(mt.read_targeted(), first["fingerprint"])  # this code's, or a record
    v = _targeted_verdicts()
    read = {(r.estimand, r.criterion, int(r.quarter_since_start)): r.reading
            for r in v[v["targeted_read"]].itertuples(index=False)}
    assert read == first["readings"]
    assert first["verdict"] == ("meets" if mr.issue14_met(v) else "does not meet")
    from mia_helpers.montecarlo_confirmation import issue14_criteria

    crit = issue14_criteria(mt.read_targeted(), QUARTERS)
    unread = crit[crit["judged"] & ~crit[["estimand", "criterion", "quarter_since_start"]].apply(
        tuple, axis=1).isin(list(read))]
    assert first["unread_failing"] == int((~unread["holds"]).sum())


def test_targeted_reading():
    """Rule T4: with the targeted study, no check of the inburgering estimator is a defect or
    undecided (issue 14's criteria by the reading fixed in advance; met for the filled part
    only, ``montecarlo_targeted.MET_FOR_FILLED_PART``)."""
    from mia_helpers import montecarlo_replication as mr

    v = _targeted_verdicts()
    assert mr.issue14_met(v), v[~v["reading"].isin(["holds", "not_replicated"])]


def _targeted_fact(reason: str):
    return pytest.mark.xfail(strict=True, reason="targeted study, reported and not read by its "
                             "reading (rule T3): " + reason)


@pytest.mark.parametrize("estimand, criterion", [
    pytest.param("now_vs_later", "bias", id="later-bias", marks=_targeted_fact(
        "the 'now versus later' point estimates lie above the truth beyond 2 Monte Carlo SE at "
        "every quarter 4-8 (+0.05 to +0.08 pp, 2.4 to 3.1 SE) on this design of 40,000 "
        "newcomers, a bias the book's design (Monte Carlo SE about 1.6 times larger) does not "
        "detect")),
    pytest.param("now_vs_later", "coverage", id="later-coverage"),
    pytest.param("now_vs_never", "bias", id="never-bias"),
    pytest.param("now_vs_never", "coverage", id="never-coverage", marks=_targeted_fact(
        "the 'now versus never' intervals over-cover at quarters 4 and 5 (1.000 and 0.995 of "
        "199 point estimates, above the band)")),
])
def test_targeted_study_meets_issue_14(estimand, criterion):
    """Issue 14's criteria, unchanged, on the targeted study's data sets (its larger design):
    facts of that study, which its reading reads only at quarter 6 of "now versus never"."""
    from mia_helpers import montecarlo_targeted as mt

    rows = mt.read_targeted()
    if rows is None:
        pytest.fail(f"{mt.TARGETED_RESULTS} is stale or missing")
    _criteria_rows(rows, estimand, criterion)
