"""heart54: Appendix C's few-deaths rule counts distinct persons on each side.

``heart.published_effects`` hid an effect where either side had fewer than ``min_cell``
deaths or survivors (heart53, :func:`mia_helpers.effect_tables.one_side_small`), but counted
the matched controls in treated-equivalents (``control_outcome x n_treated``). Matching is
with replacement, so a waiting patient matched to several transplanted weighs more than one,
and those weighted deaths reach ``min_cell`` on fewer persons: here 30 transplanted are
matched (k = 1) to two waiting patients, 15 each, one of whom dies, so the controls' 15
treated-equivalent deaths and 15 survivors are one person each. The effect was published;
with :func:`mia_helpers.heart.effect_persons` it is hidden. Where every transplanted patient
has a control of their own the persons suffice and the effect stays. Hand-made panels, no
public data; each test failed on the code before heart54 (no ``effect_persons``)."""
from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers.dynamic import dynamic_effects, dynamic_match
from mia_helpers.heart import effect_persons, published_effects

MIN_CELL = 10
#: the horizon read: the transplanted die in period 4, counted at horizon 5 with the
#: transplant period as horizon 1 (count_start_period), the controls in period 3
H = 5


def _panel(treated_x: list[float], pool_x: list[float], pool_dead: set[int],
           treated_dead: int, last: int = 8) -> pd.DataFrame:
    """Transplanted patients (all in period 0, covariate ``treated_x``; the first
    ``treated_dead`` die in period 4) and patients waiting throughout (``pool_x``; those in
    ``pool_dead`` die in period 3); everyone else followed to ``last``."""
    rows = []
    for i, x in enumerate(treated_x):
        end = 4 if i < treated_dead else last
        rows += [dict(id=f"t{i}", period=p, waiting=p == 0, transplant_start=p == 0,
                      death=i < treated_dead and p == end, x=x) for p in range(end + 1)]
    for j, x in enumerate(pool_x):
        end = 3 if j in pool_dead else last
        rows += [dict(id=f"c{j}", period=p, waiting=True, transplant_start=False,
                      death=j in pool_dead and p == end, x=x) for p in range(end + 1)]
    return pd.DataFrame(rows)


def _run(panel: pd.DataFrame, with_persons: bool = True
         ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    """(effects at horizon H, matched "now versus later" rows of group "all"; the published
    rows of those; the person counts) of a 1:1 match without caliper on ``x``."""
    with warnings.catch_warnings():  # the few effective controls are this test's point
        warnings.simplefilter("ignore")
        match = dynamic_match(panel, id="id", time="period", at_risk="waiting",
                              treatment_start="transplant_start", covariates=["x"], k=1,
                              caliper=None, min_treated=1)
        eff = dynamic_effects(match, outcome="death", horizons=range(1, H + 1),
                              count_start_period=True)
    persons = effect_persons(match, "death", H, count_start_period=True)
    pub = published_effects(eff, pd.Series({"all": match.n_treated}), [H], MIN_CELL,
                            persons=persons if with_persons else None)

    def pick(d: pd.DataFrame) -> pd.DataFrame:
        return d[(d["group"] == "all") & (d["estimand"] == "now_vs_later")
                 & (d["estimator"] == "matched") & (d["horizon"] == H)]
    return pick(eff), pick(pub), pick(persons)


def _reused() -> pd.DataFrame:
    # 30 transplanted, half at x 0.04 (nearest waiting patient: c0, who dies), half at
    # 10.04 (nearest: c2, who lives); 12 transplanted die, 18 live
    return _panel([0.04 if i % 2 else 10.04 for i in range(30)], [0.0, 0.1, 10.0, 10.1],
                  {0}, treated_dead=12)


def test_weighted_control_deaths_of_one_person_hide_the_effect():
    eff, pub, persons = _run(_reused())
    # the premise: 12 and 18 transplanted, 15 and 15 controls in treated-equivalents (the
    # controls' own share; control_outcome is bias-corrected, switch55), all at least
    # MIN_CELL (the rule before heart54 published the effect, -10 pp before the correction)
    n = float(eff["n_treated"].iloc[0])
    assert n == 30
    assert np.isclose(eff["treated_outcome"].iloc[0] * n, 12)
    assert np.isclose(eff["control_outcome_uncorrected"].iloc[0] * n, 15)
    assert np.isclose(100 * (eff["treated_outcome"].iloc[0]
                             - eff["control_outcome_uncorrected"].iloc[0]), -10.0)
    # the persons behind them: one waiting patient died, one lived; 12 and 18 transplanted
    row = persons.iloc[0]
    assert (row["control_entered_persons"], row["control_not_entered_persons"]) == (1, 1)
    assert (row["treated_entered_persons"], row["treated_not_entered_persons"]) == (12, 18)
    for col in ("att_pp", "ci_low", "ci_high", "se", "att_rel"):
        assert str(pub[col].iloc[0]) == "x", (col, pub)
    assert str(pub["n_treated"].iloc[0]) == "30"  # the count itself stays


def test_without_persons_the_weighted_rule_publishes_it():
    # the fallback (no persons given) is the old rule: what heart54 mends in Appendix C
    eff, pub, _ = _run(_reused(), with_persons=False)
    # printed with one decimal (tolerance: half of it); the bias-corrected effect, near -10
    assert float(pub["att_pp"].iloc[0]) == pytest.approx(float(eff["att_pp"].iloc[0]),
                                                         abs=0.05)


def test_enough_distinct_persons_keep_the_effect():
    # 30 transplanted, each with a waiting patient of their own (x 0, 1, ..., 29 and
    # x + 0.01); 12 of the waiting die, 18 live; 12 transplanted die
    eff, pub, persons = _run(_panel([i + 0.01 for i in range(30)],
                                    [float(i) for i in range(30)], set(range(12)),
                                    treated_dead=12))
    row = persons.iloc[0]
    assert (row["control_entered_persons"], row["control_not_entered_persons"]) == (12, 18)
    assert (row["treated_entered_persons"], row["treated_not_entered_persons"]) == (12, 18)
    # printed with one decimal (tolerance: half of it); the bias-corrected effect, near 0
    assert float(pub["att_pp"].iloc[0]) == pytest.approx(float(eff["att_pp"].iloc[0]),
                                                         abs=0.05)
    assert float(pub["att_pp"].iloc[0]) == pytest.approx(0.0)


def test_persons_of_a_group_count_its_own_pairs():
    # by a level of x's side: each group of 15 transplanted has its one waiting patient
    panel = _reused().assign(side=lambda d: np.where(d["x"] < 5, "low", "high"))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        match = dynamic_match(panel, id="id", time="period", at_risk="waiting",
                              treatment_start="transplant_start", covariates=["x"], k=1,
                              caliper=None, min_treated=1)
    p = effect_persons(match, "death", H, by="side", count_start_period=True)
    at = p[(p["estimand"] == "now_vs_later") & (p["horizon"] == H)].set_index("group")
    assert at.loc["low", ["control_entered_persons", "control_not_entered_persons"]
                  ].tolist() == [1, 0]
    assert at.loc["high", ["control_entered_persons", "control_not_entered_persons"]
                  ].tolist() == [0, 1]
    assert at.loc["all", "treated_persons"] == 30


def test_persons_must_name_their_rows():
    eff, _, persons = _run(_reused())
    with pytest.raises(ValueError, match="control_entered_persons"):
        published_effects(eff, pd.Series({"all": 30}), [H], MIN_CELL,
                          persons=persons.drop(columns="control_entered_persons"))


def test_the_rows_carry_the_effect_as_printed_and_judged():
    # heart53 judged the effect at one decimal but returned four (-5.2778 beside a count the
    # rule let stand): the rows now carry what the table prints and the rule judged; the
    # shares keep `decimals`, and a hidden cell its marker
    rows = []
    for est in ("now_vs_later", "now_vs_never"):
        for h, n, a, b in ((4, 60, 19, 133 / 6), (26, 45, 20, 25)):
            m1, m0 = a / n, b / n
            att = 100 * (m1 - m0)
            rows.append(dict(group="all", estimand=est, estimator="matched", horizon=h,
                             n_treated=n, treated_outcome=m1, control_outcome=m0, att_pp=att,
                             att_rel=(m1 - m0) / m0, se=7.04321, ci_low=att - 13.80469,
                             ci_high=att + 13.80469))
    eff = pd.DataFrame(rows)
    out = published_effects(eff, pd.Series({"all": 80}), [4, 26], MIN_CELL, decimals=4)
    later = out[out["estimand"] == "now_vs_later"]
    assert later["att_pp"].tolist() == [-5.3, -11.1]  # before heart54: -5.2778, -11.1111
    assert later["se"].tolist() == [7.0, 7.0]
    assert later["ci_low"].tolist() == [round(-19 / 3.6 - 13.80469, 1), -24.9]
    assert later["treated_outcome"].tolist() == [0.3167, 0.4444]  # decimals=4 as before
    # a hidden count keeps the effect's marker: 69 matched, 60 at 4 periods (9 left)
    hidden = published_effects(eff, pd.Series({"all": 69}), [4, 26], MIN_CELL, decimals=4)
    hl = hidden[hidden["estimand"] == "now_vs_later"]
    assert hl["att_pp"].astype(str).tolist() == ["x", "-11.1"]


def test_persons_never_publish_what_the_weights_hide():
    # k = 3: 60 transplanted, 24 dead; their controls 15 persons who died but only 5
    # treated-equivalents (each weighted 1 / 3 and serving one transplanted), 45 alive. The
    # persons alone would pass; the weights, which the controls' curve also counts, do not
    n, m1, m0 = 60, 24 / 60, 5 / 60
    eff = pd.DataFrame([dict(group="all", estimand="now_vs_later", estimator="matched",
                             horizon=H, n_treated=n, treated_outcome=m1, control_outcome=m0,
                             att_pp=100 * (m1 - m0), att_rel=(m1 - m0) / m0, se=5.0,
                             ci_low=10.0, ci_high=30.0)])
    persons = eff[["group", "estimand", "estimator", "horizon"]].assign(
        control_entered_persons=15, control_not_entered_persons=135,
        treated_entered_persons=24, treated_not_entered_persons=36, treated_persons=60)
    out = published_effects(eff, pd.Series({"all": n}), [H], MIN_CELL, persons=persons)
    assert str(out["att_pp"].iloc[0]) == "x", out
    # with 12 treated-equivalents (36 persons) it stays
    m0 = 12 / 60
    eff = eff.assign(control_outcome=m0, att_pp=100 * (m1 - m0), att_rel=(m1 - m0) / m0)
    out = published_effects(eff, pd.Series({"all": n}), [H], MIN_CELL,
                            persons=persons.assign(control_entered_persons=36))
    assert float(out["att_pp"].iloc[0]) == pytest.approx(20.0)
