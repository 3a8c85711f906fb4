"""A hazard-model term dropped as collinear says what it combines (old29: chapter 5's feeder
model dropped Origin: Turkish 'collinear with earlier terms', and neither table nor prose said
that every newcomer of an EU origin has the EU-citizen ground and no other has, so the
non-EU origins add up to the non-EU grounds)."""

import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers import hazard
from mia_helpers.claims import feeder_identification_sentence


def _periods(seed=1):
    rng = np.random.default_rng(seed)
    n = 600
    ground = rng.choice(["eu_citizen", "asylum", "family"], n)
    eu = ground == "eu_citizen"
    origin = np.where(eu, rng.choice(["eastern_eu", "southern_eu"], n),
                      rng.choice(["maghreb", "turkish"], n))
    rows = []
    for i in range(n):
        for u in range(8):
            event = rng.random() < 0.15
            rows.append((i, u, int(event), ground[i], origin[i], rng.choice(["male", "female"])))
            if event:
                break
    p = pd.DataFrame(rows, columns=["person_id", "u", "event", "residence_ground", "origin",
                                    "sex"])
    for c in ("residence_ground", "origin", "sex"):
        p[c] = pd.Categorical(p[c])
    return p


@pytest.fixture(scope="module")
def fitted():
    p = _periods()
    cov = ["residence_ground", "origin", "sex"]
    with pytest.warns(Warning, match="collinear"):  # the fit warns, as before
        fit = hazard.fit_hazard(hazard.group_periods(p, cov, bins=[0, 2, 4]), cov)
    return p, fit


def test_dropped_term_names_what_it_combines(fitted):
    p, fit = fitted
    (term,) = [t for t, r in fit.not_identified.items() if "collinear" in r]
    assert fit.not_identified[term] == "collinear with earlier terms"  # what the table said
    out = hazard.explain_collinear(fit, p)
    assert out.not_identified[term] == ("collinear with earlier terms: a combination of "
                                        "residence ground and the other levels of origin")
    assert fit.not_identified[term] == "collinear with earlier terms"  # a copy
    assert out.params.equals(fit.params)
    tidy = out.tidy()  # the flag: the term's row, not identified, without an estimate
    row = tidy[tidy["term"] == term].iloc[0]
    assert not row["identified"] and np.isnan(row["estimate"])


def test_sentence_says_why():
    feeder = pd.DataFrame({"term": ["origin[maghreb]", "origin[turkish]"],
                           "identified": [True, False],
                           "not_identified": ["", "collinear with earlier terms: a combination "
                                              "of residence ground and the other levels of "
                                              "origin"]})
    text = feeder_identification_sentence(feeder)
    assert ("Origin: Turkish (collinear with earlier terms: a combination of residence ground "
            "and the other levels of origin)") in text


def test_no_collinear_term_same_fit():
    p = _periods()
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        fit = hazard.fit_hazard(hazard.group_periods(p, ["sex"], bins=[0, 2, 4]), ["sex"])
    assert hazard.explain_collinear(fit, p) is fit
