"""Tests of mia_helpers.typology: the consultants' allocation typology against the generator.

Tolerances
----------
- Z_MAX = 3.29: the intake-quarter inflow share of each measure per true ideal type (36 cells)
  must lie within 3.29 binomial standard errors of the generator's expected share (two-sided
  0.1% per cell, about 3.5% that one of 36 fails by chance; the cells are independent given
  the spells' covariates). Seed 2005 at the book's default size, not tuned.
- EXACT = 1e-12: floating-point identities.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import competing as cr
from mia_helpers import typology as ty
from mia_helpers.data import ensure_data, load_parameters
from mia_helpers.panel import load_panel
from mia_helpers.synthetic.config import IDEAL_TYPES

Z_MAX = 3.29
EXACT = 1e-12


@pytest.fixture(scope="module")
def default_intake(default_study):
    data = default_study.data  # ensure_data(); its competing rows computed once (conftest)
    cd = default_study.competing()
    return ty.spell_intake(cd, ty.load_spell_types(data)), load_parameters(data)


def test_ideal_types_quadrants():
    s = np.array([1.0, 1.0, -1.0, -1.0, 0.5])
    d = np.array([0.1, -0.1, 0.1, -0.1, 0.0])
    got = ty.ideal_types(s, d, cut=0.5)
    assert [IDEAL_TYPES[i] for i in got] == [
        "autonomous", "needs_direction", "needs_competences", "needs_both", "autonomous"]
    with pytest.raises(ValueError, match="shape"):
        ty.ideal_types(s, d[:2], cut=0.0)


def test_intake_inflow_per_type_matches_generator(default_intake):
    intake, par = default_intake
    tab = ty.intake_inflow_by_type(intake, par, min_cell=1)
    assert set(tab["ideal_type"]) == set(IDEAL_TYPES)
    z = (tab["pct"] - tab["true_pct"]) / tab["se_pct"]
    assert z.abs().max() < Z_MAX, tab.assign(z=z).sort_values("z").to_string()
    # the mechanism: less self-reliant types go to basic training, the others to IBO
    wide = tab.pivot(index="ideal_type", columns="outcome", values="true_pct")
    low = wide.loc[["needs_competences", "needs_both"]]
    high = wide.loc[["autonomous", "needs_direction"]]
    assert low["training_basic"].min() > high["training_basic"].max()
    assert low["workplace_learning_ibo"].max() < high["workplace_learning_ibo"].min()


def test_true_probabilities_sum_below_one(default_intake):
    intake, par = default_intake
    p = ty.intake_allocation_probabilities(intake.head(500), par)
    assert ((p > 0) & (p < 1)).all().all()
    assert (p.sum(axis=1) < 1).all()


def test_register_proxy_exact_without_unregistered_items(tmp_path):
    """With no weight on digital skills and motivation, the generator's weights recover the
    self-reliance side of every spell that starts with in-window experience only (school
    leavers and newcomers); with the default weights they do not."""
    results = {}
    for tag, sets in {"none": {"self_reliance.digital": 0.0, "self_reliance.motivation": 0.0},
                      "default": {}}.items():
        data = ensure_data(seed=7, residents=1500, newcomers=750, overrides=sets or None,
                           tag=tag if sets else "")
        cd = cr.competing_data(load_panel(data))
        cd = cd[cd["school_leaving_quarter"].notna() | (cd["sample"] == "newcomer")]
        intake = ty.spell_intake(cd, ty.load_spell_types(data))
        par = load_parameters(data)["config"]
        score = ty.register_proxy(intake, weights=par["self_reliance"])["proxy_score"]
        results[tag] = (score.to_numpy(), intake["self_reliance"].to_numpy())
    score, s = results["none"]
    assert np.abs(score - s).max() < EXACT
    score, s = results["default"]
    assert np.abs(score - s).max() > 0.1


def test_recovery_table_measures(default_intake):
    intake, _ = default_intake
    rec = ty.recovery_table(ty.register_proxy(intake), min_cell=10)
    assert rec["crosstab"].sum().sum() == len(intake)
    assert 0.5 < rec["agreement"] <= 1.0
    assert rec["r2_self_direction"] < 0.01  # self-direction is independent of the registers
    assert rec["four_type_ceiling"] <= rec["agreement"]


def test_bad_input(default_intake):
    intake, _ = default_intake
    with pytest.raises(ValueError, match="share_self_reliant"):
        ty.register_proxy(intake, share_self_reliant=1.0)
    with pytest.raises(ValueError, match="recovery_table needs"):
        ty.recovery_table(intake)
    with pytest.raises(ValueError, match="other data"):
        raw = intake.head(3).drop(columns=["self_reliance", "self_direction", "ideal_type"])
        ty.spell_intake(raw.assign(person_id=-1), ty.load_spell_types(ensure_data()))


def test_intake_inflow_needs_measure_codes():
    cd = cr.competing_data(load_panel(ensure_data(seed=2005, residents=3000, newcomers=1500)),
                           grouping="types")
    with pytest.raises(ValueError, match="not measure codes"):
        ty.intake_inflow_by_type(ty.register_proxy(ty.spell_intake(cd)), by="proxy_class")


def test_ticks_sentence_counts_shares_inside_the_binomial_band():
    t = pd.DataFrame({"outcome": ["a", "a", "b", "c"], "pct": [10.0, 30.0, "x", 5.0],
                      "true_pct": [11.0, 20.0, 10.0, 5.0], "se_pct": [1.0, 2.0, 1.0, 0.5]})
    s = ty.ticks_sentence(t, level=0.95)
    assert "Of the 3 bars with a tick, 2 lie within the 95 per cent binomial band" in s
    assert ty.ticks_sentence(t, ["a"], level=0.95).startswith(" Of the 2 bars")
    assert ty.ticks_sentence(t.drop(columns="true_pct")) == ""


def test_intake_and_recovery_sentences_say_missing_shares_in_words():
    import re

    t = pd.DataFrame({"ideal_type": ["autonomous", "needs_direction", "needs_competences",
                                     "needs_both"] * 2,
                      "outcome": ["training_basic"] * 4 + ["workplace_learning_ibo"] * 4,
                      "pct": [5.0, 6.0, 20.0, 22.0, 10.0, 9.0, 3.0, np.nan]})
    s = ty.intake_sentence(t)
    assert s.startswith("The less self-reliant start basic training at intake about 21.0 per cent of "
                        "the time against 5.5 per cent for the self-reliant, and IBO less often")
    assert "no automatic vacancy referral" in s
    hidden = ty.intake_sentence(t.assign(pct=np.nan), by="ideal_type")
    assert "not both published" in hidden and "IBO" in hidden and "not compared" in hidden
    proxy = ty.intake_sentence(t.assign(ideal_type=["self_reliant", "self_reliant",
                                                    "less_self_reliant",
                                                    "less_self_reliant"] * 2)
                               .rename(columns={"ideal_type": "proxy_class"}), by="proxy_class")
    assert "register proxy has no self-direction axis" in proxy
    real = ty.recovery_sentence(None)
    assert "real extract" in real and not re.search(r"\d", real)
    rec = ty.recovery_sentence({"agreement": 0.8, "kappa": 0.6, "r2_self_reliance": 0.55,
                                "r2_self_direction": 0.003, "four_type_ceiling": 0.452})
    assert "80 per cent of the spells" in rec and "at most 46 per cent" in rec
    for text in (s, hidden, proxy, real, rec):
        assert not re.search(r"\b(nan|None|none)\b", text), text
