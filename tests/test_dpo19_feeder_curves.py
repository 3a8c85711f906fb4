"""Chapter 5's model-predicted feeder curves may not print an odds ratio the feeder table
hides (DPO review 19).

A ground's predicted quarterly hazards against the reference ground's give its odds ratio
back: ``logit h_g(u) - logit h_ref(u) = log OR_g`` at every quarter. Run before the fix (seed
2005, 800 residents, 400 newcomers, min_cell 10): ground "Work", 30 persons and 23 first
starts, hidden in the table (7 without a start); its curve gave the odds ratio 1.41.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers.disclosure import Protected
from mia_helpers.linked_tables import feeder_curves_published


def _curves(ors: dict[str, float], integration_or: float = 2.0) -> pd.DataFrame:
    """Predicted curves of a logit hazard with a baseline per quarter, a ground odds ratio and
    one for contract + NT2 (the shape of ``newcomers.feeder_curves``)."""
    base = np.array([0.05, 0.08, 0.1, 0.12])
    rows = []
    for g, orr in ors.items():
        for label, extra in (("contract + NT2", integration_or), ("none", 1.0)):
            odds = base / (1 - base) * orr * extra
            h = odds / (1 + odds)
            ci = 1 - np.cumprod(1 - h)
            rows += [dict(profile=f"{g}: {label}", u=u, hazard=h[u], cum_incidence=ci[u],
                          residence_ground=g, integration=label) for u in range(len(base))]
    return pd.DataFrame(rows)


def _feeder(hidden: dict[str, str]) -> Protected:
    terms = ["inburgering_before", "nt2_before", "residence_ground[asylum]",
             "residence_ground[work]"]
    data = pd.DataFrame({"term": terms, "odds_ratio": [1.6, 1.25, 1.27, 1.41],
                         "n_persons": [287, 245, 70, 30], "n_events": [218, 186, 57, 23]})
    reason = pd.DataFrame("", index=data.index, columns=data.columns)
    for term, why in hidden.items():
        reason.loc[data["term"] == term, ["odds_ratio", "n_persons"]] = why
    return Protected(data, reason, ["n_persons", "n_events"], 10)


def test_the_leak_by_arithmetic():
    c = _curves({"eu_citizen": 1.0, "work": 1.41}).query("integration == 'none'")
    h = c.pivot(index="u", columns="residence_ground", values="cum_incidence")
    s = 1 - h
    hz = (1 - s / s.shift(1)).fillna(h.iloc[0])
    logit = np.log(hz / (1 - hz))
    assert np.exp(logit["work"] - logit["eu_citizen"]).to_numpy() == pytest.approx(1.41)


def test_a_ground_whose_odds_ratio_is_hidden_is_not_drawn():
    c = _curves({"eu_citizen": 1.0, "asylum": 1.27, "work": 1.41})
    out = feeder_curves_published(c, _feeder({"residence_ground[work]": "derived"}))
    assert set(out["residence_ground"]) == {"eu_citizen", "asylum"}  # the reference stays
    assert set(out["integration"]) == {"contract + NT2", "none"}
    assert len(feeder_curves_published(c, _feeder({}))) == len(c)


@pytest.mark.parametrize("term", ["inburgering_before", "nt2_before"])
def test_a_hidden_integration_odds_ratio_drops_the_contract_profile(term):
    c = _curves({"eu_citizen": 1.0, "asylum": 1.27})
    out = feeder_curves_published(c, _feeder({term: "primary"}))
    assert set(out["integration"]) == {"none"} and set(out["residence_ground"]) == {
        "eu_citizen", "asylum"}


def test_missing_columns_are_named():
    with pytest.raises(ValueError, match="integration"):
        feeder_curves_published(_curves({"eu_citizen": 1.0}).drop(columns="integration"),
                                _feeder({}))
