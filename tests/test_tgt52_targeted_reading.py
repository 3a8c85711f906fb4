"""The targeted study's reading (rules T1-T5 of ``mia_helpers.montecarlo_targeted``), on
hand-made verdicts and check tables.

Committed with the reading, before any data set of the targeted study (base seed 2027) was
generated: these tests fix what each rule says, whatever the study shows.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from mia_helpers import montecarlo_confirmation as mc
from mia_helpers import montecarlo_newcomers as mcn
from mia_helpers import montecarlo_replication as mr
from mia_helpers import montecarlo_targeted as mt

#: the real fingerprint function: the rules' tests below run under the first read's code
#: (fp55: a changed estimator made thirteen of them fail on rule T5's refusal, not on the
#: rule each tests); T5 itself is tested against the code at hand with this
CODE_FINGERPRINT = mcn.code_fingerprint
CHECK = ("now_vs_never", "coverage", 6)
OTHER = ("now_vs_never", "bias", 5)
BIAS6 = ("now_vs_never", "bias", 6)


@pytest.fixture(autouse=True)
def _first_read_code(monkeypatch):
    """The rules T1-T4 are read under the code of the replication reading's first read
    (rule T5), whatever the code at hand."""
    if mr.FIRST_READ is not None:
        monkeypatch.setattr(mcn, "code_fingerprint", lambda: mr.FIRST_READ["fingerprint"])


def _verdicts(reading: str = "undecided") -> pd.DataFrame:
    """The replication reading's final verdicts as the first read left them: the quarter-6
    coverage failed on the confirmation study (below its band) and was judged nowhere after;
    a second check, decided, to show that it is not read again."""
    return pd.DataFrame([
        dict(zip(mr._KEY, CHECK, strict=True), judged=("shipped", "confirmation"),
             fails=("confirmation",), directions=("low",), reading=reading),
        dict(zip(mr._KEY, OTHER, strict=True), judged=("shipped", "confirmation",
                                                       "replication"),
             fails=("confirmation",), directions=("low",), reading="not_replicated"),
        dict(zip(mr._KEY, BIAS6, strict=True), judged=("shipped",), fails=(), directions=(),
             reading="holds")])


def _criteria(status: str, bias6: str = "holds", size: int = 220) -> pd.DataFrame:
    """An ``issue14_criteria`` table of the targeted study: the quarter-6 coverage "holds",
    "low" (below its band), "high" (above) or "absent" (no point estimate there) over
    ``size`` point estimates, the quarter-6 bias ("holds" or "fails", same part) and the
    quarter-5 bias failing (which must not be read)."""
    rows = [dict(zip(mr._KEY, OTHER, strict=True), data_sets=300, value=-9.0, mc_se=1.0,
                 low=-2.0, high=2.0, judged=True, holds=False)]
    if status != "absent":
        value = {"holds": 0.95, "low": 0.85, "high": 0.995}[status]
        rows.append(dict(zip(mr._KEY, CHECK, strict=True), data_sets=size, value=value,
                         mc_se=0.015, low=0.90, high=0.98, judged=True,
                         holds=status == "holds"))
        rows.append(dict(zip(mr._KEY, BIAS6, strict=True), data_sets=size,
                         value=0.1 if bias6 == "holds" else 3.0, mc_se=0.5, low=-1.0, high=1.0,
                         judged=True, holds=bias6 == "holds"))
    return pd.DataFrame(rows)


def _read(status: str, monkeypatch: pytest.MonkeyPatch, reading: str = "undecided",
          bias6: str = "holds", size: int = 220) -> pd.DataFrame:
    monkeypatch.setattr(mt, "issue14_criteria",
                        lambda rows, quarters: _criteria(status, bias6, size))
    return mt.targeted_verdicts(_verdicts(reading), pd.DataFrame()).set_index(mr._KEY)


@pytest.mark.parametrize("status, reading, fails", [
    ("holds", "not_replicated", ("confirmation",)),           # T2: a later study holds
    ("low", "defect", ("confirmation", mt.TARGETED)),         # T2: same direction twice
    ("high", "undecided", ("confirmation", mt.TARGETED)),     # T2: opposite directions
    ("absent", "undecided", ("confirmation",)),               # T2: not judged
])
def test_t2_reading_of_the_undecided_check(status, reading, fails, monkeypatch):
    row = _read(status, monkeypatch).loc[CHECK]
    assert row["reading"] == reading
    assert row["fails"] == fails
    assert bool(row["targeted_read"])
    assert (mt.TARGETED in row["judged"]) == (status != "absent")


def test_t3_decided_checks_are_not_read(monkeypatch):
    """The targeted study's failing quarter-5 bias changes nothing: that check was decided."""
    out = _read("low", monkeypatch)
    row = out.loc[OTHER]
    assert row["reading"] == "not_replicated"
    assert mt.TARGETED not in row["judged"]
    assert not bool(row["targeted_read"])
    assert np.isnan(row["targeted_value"])


def test_t1_only_undecided_checks_are_read(monkeypatch):
    """A check the replication reading decided (here the quarter-6 coverage as a defect) is not
    read again, whatever the targeted study shows."""
    row = _read("holds", monkeypatch, reading="defect").loc[CHECK]
    assert row["reading"] == "defect"
    assert not bool(row["targeted_read"])


def test_t4_issue_14_follows_rule_6(monkeypatch):
    assert mr.issue14_met(_read("holds", monkeypatch).reset_index())
    for status in ("low", "high", "absent"):
        assert not mr.issue14_met(_read(status, monkeypatch).reset_index())


def test_no_further_study(monkeypatch):
    """T2: the targeted study is the last; verdicts that hold it are refused."""
    once = _read("high", monkeypatch).reset_index()
    with pytest.raises(ValueError, match="already read the targeted study"):
        mt.targeted_verdicts(once, pd.DataFrame())


def test_verdicts_without_columns_are_refused():
    with pytest.raises(ValueError, match="directions"):
        mt.targeted_verdicts(_verdicts().drop(columns="directions"), pd.DataFrame())


def test_targeted_values_are_reported(monkeypatch):
    row = _read("holds", monkeypatch).loc[CHECK]
    assert row["targeted_data_sets"] == 220
    assert row["targeted_value"] == pytest.approx(0.95)
    assert (row["targeted_low"], row["targeted_high"]) == (0.90, 0.98)


def test_seeds_must_be_the_base_seeds():
    rows = pd.DataFrame({"replication": [0, 1], "seed": [1, 2]})
    with pytest.raises(ValueError, match="base seed 2027"):
        mt.targeted_verdicts(_verdicts(), rows, base_seed=2027)


def test_design_differs_from_the_book_s_only_where_the_docstring_says():
    """The design: the confirmation study's parameters but for the four named ones; the base
    seed is the first reserved one and no other study's."""
    changed = {k for k, v in mt.TARGETED_STUDY.items() if mc.CONFIRMATION_STUDY.get(k) != v}
    assert changed == {"replications", "newcomers", "bootstrap", "base_seed"}
    assert mt.TARGETED_STUDY["base_seed"] == 2027
    assert mt.TARGETED_STUDY["replications"] == 200
    assert mt.TARGETED_STUDY["newcomers"] == 4 * mc.CONFIRMATION_STUDY["newcomers"]
    others = {mcn.INBURGERING_STUDY["base_seed"], mc.CONFIRMATION_STUDY["base_seed"],
              mr.REPLICATION_STUDY["base_seed"], mr.SECOND_REPLICATION_STUDY["base_seed"]}
    assert mt.TARGETED_STUDY["base_seed"] not in others
    assert mt.ORDER == (*mr.STUDIES, mr.SECOND, mt.TARGETED)


def test_the_reading_judges_the_code_of_the_first_read(monkeypatch):
    """T5 and rule 7: the targeted study judges the code the replication reading was read with:
    the code at hand, or (rec55) the earlier code whose record the targeted study is."""
    from mia_helpers import claims

    monkeypatch.setattr(mcn, "code_fingerprint", CODE_FINGERPRINT)  # the code at hand
    if CODE_FINGERPRINT() != mr.FIRST_READ["fingerprint"]:
        assert claims.record_fingerprint(mt.read_targeted()) == mr.FIRST_READ["fingerprint"]
    assert mt.TARGETED_READ["fingerprint"] == mr.FIRST_READ["fingerprint"]


def test_only_the_quarter_6_coverage_is_undecided():
    """T1 reads what the first read left undecided: that one check."""
    undecided = [k for k, v in mr.FIRST_READ["readings"].items() if v == "undecided"]
    assert undecided == [CHECK]


@pytest.mark.parametrize("n", [1, 20, 150, 225, 300])
@pytest.mark.parametrize("coverage", [0.85, 0.95])
def test_null_rates_are_the_binomial_tails(n, coverage):
    """Against scipy's binomial distribution functions (a different computation than the
    module's sum over the probability mass); exact up to floating point."""
    row = mt.coverage_null_rates([n], coverage).iloc[0]
    low, high = (float(x) for x in mc_tolerance(n))
    below = np.ceil(low * n - 1e-9) - 1  # the largest count whose share lies below the band
    above = np.floor(high * n + 1e-9)  # the largest count whose share lies inside it
    assert row["p_defect"] == pytest.approx(stats.binom.cdf(below, n, coverage), abs=1e-12)
    assert row["p_undecided"] == pytest.approx(stats.binom.sf(above, n, coverage), abs=1e-12)


def mc_tolerance(n: int) -> tuple[float, float]:
    from mia_helpers.montecarlo import coverage_tolerance

    return coverage_tolerance(n)


def test_null_rates_refuse_bad_input():
    with pytest.raises(ValueError, match="part sizes"):
        mt.coverage_null_rates([0])
    with pytest.raises(ValueError, match="coverage"):
        mt.coverage_null_rates([10], 1.5)


@pytest.mark.parametrize("bias6, reading", [("holds", "holds"), ("fails", "undecided")])
def test_t3a_the_quarter_6_bias_is_read_too(bias6, reading, monkeypatch):
    """T3a: the same part's bias is read; failing on the targeted study alone, it is
    undecided for good and issue 14 is not met, whatever the coverage shows."""
    out = _read("holds", monkeypatch, bias6=bias6)
    row = out.loc[BIAS6]
    assert bool(row["targeted_read"])
    assert row["reading"] == reading
    assert mt.TARGETED in row["judged"]
    assert mr.issue14_met(out.reset_index()) == (bias6 == "holds")


@pytest.mark.parametrize("size, judged", [(99, False), (100, True)])
def test_t1_minimum_part_size(size, judged, monkeypatch):
    """T1: fewer than 100 point estimates count as not judged: the check stays undecided."""
    out = _read("holds", monkeypatch, size=size)
    row = out.loc[CHECK]
    assert (mt.TARGETED in row["judged"]) == judged
    assert row["reading"] == ("not_replicated" if judged else "undecided")
    assert out.loc[BIAS6, "reading"] == "holds"  # judged on the shipped study, as before


def test_t5_another_fingerprint_is_refused(monkeypatch):
    monkeypatch.setattr(mcn, "code_fingerprint", lambda: "0" * 16)
    with pytest.raises(ValueError, match="fingerprint"):
        mt.targeted_verdicts(_verdicts(), pd.DataFrame())
