"""A prediction at a profile that breaks a relation for which a term was dropped as collinear
is not identified: NaN with a warning naming the term, in hazard.predict_cumulative_incidence
and in competing's predictions (api53: the dropped term was read as 0, a finite curve; the
prediction of a level without rows was api52's NaN in hazard, and silent in competing).
Profiles that keep the relation are predicted as before."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers import competing as cr
from mia_helpers import hazard as hz
from mia_helpers.core import NotIdentifiedWarning


def _periods(seed: int = 1, n: int = 600) -> pd.DataFrame:
    """Person-quarters where ``b`` equals ``a`` for everyone (``b`` is dropped as collinear)
    and ``c`` varies on its own; the hazard rises with ``a``."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        a, c = float(rng.integers(0, 2)), float(rng.integers(0, 2))
        for u in range(6):
            e = int(rng.random() < 0.2 + 0.1 * a)
            rows.append((i, u, e, a, a, c))
            if e:
                break
    return pd.DataFrame(rows, columns=["person_id", "u", "event", "a", "b", "c"])


def _fit() -> hz.HazardFit:
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotIdentifiedWarning)
        return hz.fit_hazard(hz.group_periods(_periods(), ["a", "b", "c"]), ["a", "b", "c"])


def test_a_profile_breaking_the_relation_is_nan_with_a_warning():
    fit = _fit()
    assert "collinear" in fit.not_identified["b"]
    prof = pd.DataFrame({"profile": ["keeps", "breaks", "reference"],
                         "a": [1.0, 1.0, 0.0], "b": [1.0, 0.0, 0.0], "c": [0.0, 0.0, 1.0]})
    with pytest.warns(NotIdentifiedWarning, match=r"\['b'\].*break the relation"):
        cur = hz.predict_cumulative_incidence(fit, prof, max_u=3, n_sim=50)
    by = cur.set_index(["profile", "u"])
    assert by.loc["breaks", ["hazard", "cum_incidence", "ci_low", "ci_high"]].isna().all().all()
    kept = by.loc[["keeps", "reference"]]
    assert np.isfinite(kept[["hazard", "cum_incidence", "ci_low", "ci_high"]].to_numpy()).all()


def test_profiles_that_keep_the_relation_are_predicted_as_before():
    """Without a breaking profile: no warning, and the curves of the fit without ``b`` (the
    same model, ``b`` never in it) at the same seed of the draws."""
    fit = _fit()
    prof = pd.DataFrame({"profile": ["one", "zero"], "a": [1.0, 0.0], "b": [1.0, 0.0],
                         "c": [1.0, 0.0]})
    with warnings.catch_warnings():
        warnings.simplefilter("error", NotIdentifiedWarning)
        cur = hz.predict_cumulative_incidence(fit, prof, max_u=4, n_sim=50)
    alone = hz.fit_hazard(hz.group_periods(_periods(), ["a", "c"]), ["a", "c"])
    ref = hz.predict_cumulative_incidence(alone, prof.drop(columns="b"), max_u=4, n_sim=50)
    # the same likelihood maximised by the same solver: equal to its convergence tolerance
    np.testing.assert_allclose(cur["cum_incidence"], ref["cum_incidence"], rtol=1e-6)


def test_the_relation_survives_explain_collinear():
    fit = _fit()
    explained = hz.explain_collinear(fit, _periods())
    prof = pd.DataFrame({"profile": ["breaks"], "a": [0.0], "b": [1.0], "c": [0.0]})
    with pytest.warns(NotIdentifiedWarning, match="break the relation"):
        cur = hz.predict_cumulative_incidence(explained, prof, max_u=2, n_sim=20)
    assert cur["cum_incidence"].isna().all()


def _competing_data() -> pd.DataFrame:
    """Spell-quarters of three origin cells whose ``low_link`` is 1 outside the natives: the
    origin dummies make ``low_link`` collinear (dropped)."""
    rng = np.random.default_rng(3)
    groups = ["belgian:native", "maghreb:second", "turkish:second"]
    rows = []
    for i in range(900):
        for u in range(5):
            o = int(rng.choice(3, p=[0.7, 0.15, 0.15]))
            rows.append((i, 0, u, o, groups[i % 3]))
            if o:
                break
    d = pd.DataFrame(rows, columns=["person_id", "spell", "u", "outcome", cr.KEY])
    d["low_link"] = (d[cr.KEY] != "belgian:native").astype(float)
    d.attrs["outcomes"] = ["no_inflow", "a", "b"]
    return d


def test_competing_predictions_breaking_a_relation_or_at_an_empty_cell_are_nan():
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotIdentifiedWarning)
        fit = cr.fit_inflow(_competing_data(), ("duration", "origin", "low_link"), max_u=3)
    assert "low_link" in fit.dropped
    prof = pd.DataFrame({"profile": ["keeps", "breaks", "empty cell"],
                         cr.KEY: ["maghreb:second", "maghreb:second", "eastern_eu:second"],
                         "low_link": [1.0, 0.0, 0.0]})
    with pytest.warns(NotIdentifiedWarning) as caught:
        cif = cr.predict_cif(fit, prof, horizon=2)
    said = " ".join(str(w.message) for w in caught)
    assert "['low_link']" in said and "origin_generation[eastern_eu:second]" in said
    by = cif.set_index("profile")["cum_incidence"]
    assert by.loc[["breaks", "empty cell"]].isna().all()
    assert np.isfinite(by.loc["keeps"]).all()


def test_a_standardised_curve_with_a_row_without_estimate_is_nan():
    """Rows averaged into one profile: a row without an estimate makes the mean NaN (a mean
    over the others would be the curve of fewer persons under the profile's name)."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotIdentifiedWarning)
        fit = cr.fit_inflow(_competing_data(), ("duration", "origin", "low_link"), max_u=3)
        rows = pd.DataFrame({"profile": ["mixed", "mixed"], cr.KEY: ["maghreb:second"] * 2,
                             "low_link": [1.0, 0.0]})
        cif = cr.predict_cif(fit, rows, horizon=1)
    assert cif["cum_incidence"].isna().all()


def test_curves_at_each_grounds_own_modes_hide_a_ground_whose_differing_term_is_hidden():
    """feeder_curves_within_grounds' profiles differ between grounds in origin (say): two
    grounds' curves then give back the sum of the ground's and the origins' odds ratios, so a
    hidden origin odds ratio hides the grounds whose profile has that origin and not another
    ground's; a level every ground's profile shares cancels and hides nothing."""
    from mia_helpers.disclosure import Protected
    from mia_helpers.linked_tables import feeder_curves_published

    rows = [dict(profile=f"{g}: {i}", u=u, cum_incidence=0.1 * (u + 1), residence_ground=g,
                 integration=i)
            for g in ("eu_citizen", "asylum", "work") for i in ("contract + NT2", "none")
            for u in range(3)]
    curves = pd.DataFrame(rows)
    curves.attrs["profiles"] = {
        "eu_citizen": {"origin": "eastern_eu", "sex": "female"},
        "asylum": {"origin": "subsaharan", "sex": "female"},
        "work": {"origin": "maghreb", "sex": "female"}}
    terms = ["inburgering_before", "nt2_before", "residence_ground[asylum]",
             "residence_ground[work]", "origin[subsaharan]", "origin[maghreb]", "sex[female]"]
    data = pd.DataFrame({"term": terms, "odds_ratio": [1.6, 1.2, 1.3, 1.4, 0.9, 1.1, 1.05]})

    def table(hidden: set[str]) -> Protected:
        reason = pd.DataFrame("", index=data.index, columns=data.columns)
        reason.loc[data["term"].isin(hidden), "odds_ratio"] = "primary"
        return Protected(data, reason, [], 10)

    assert len(feeder_curves_published(curves, table(set()))) == len(curves)
    out = feeder_curves_published(curves, table({"origin[subsaharan]"}))
    assert set(out["residence_ground"]) == {"eu_citizen", "work"}
    out = feeder_curves_published(curves, table({"sex[female]"}))  # shared by every ground
    assert len(out) == len(curves)


def test_feeder_curves_within_grounds_keep_the_relation_of_ground_and_origin():
    """A feeder model whose data hold "EU origin if and only if the EU-citizen ground" drops
    an origin term; at all newcomers' modes (an EU origin) the non-EU grounds' curves are
    NaN, at each ground's own modes every curve is finite."""
    from mia_helpers import newcomers as nc
    from mia_helpers.linked_tables import feeder_curves_within_grounds

    rng = np.random.default_rng(7)
    rows = []
    for i in range(1200):
        eu = i % 2 == 0
        ground = "eu_citizen" if eu else ("asylum", "family")[i % 4 // 2]
        origin = (("eastern_eu", "southern_eu") if eu else ("maghreb", "turkish"))[i % 3 % 2]
        inb = float(not eu and rng.random() < 0.5)
        for u in range(8):
            e = int(rng.random() < 0.1 + 0.1 * inb)
            rows.append(dict(person_id=i, u=u, event=e, inburgering_before=inb, nt2_before=0.0,
                             residence_ground=ground, origin=origin, sex="female",
                             education="low", dutch="none"))
            if e:
                break
    periods = pd.DataFrame(rows)
    for c in ("residence_ground", "origin"):
        periods[c] = pd.Categorical(periods[c], categories=sorted(set(periods[c]), key=lambda v: (
            v not in ("eu_citizen", "eastern_eu"), v)))
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotIdentifiedWarning)
        fit = nc.feeder_hazard(periods)
    assert any("collinear" in why for why in fit.not_identified.values()), fit.not_identified
    with pytest.warns(NotIdentifiedWarning, match="break the relation"):
        pooled = nc.feeder_curves(fit, periods, max_u=4)
    assert pooled["cum_incidence"].isna().any()
    own = feeder_curves_within_grounds(fit, periods, max_u=4)
    assert np.isfinite(own["cum_incidence"]).all()
    assert set(own["residence_ground"]) == {"eu_citizen", "asylum", "family"}
    assert own.attrs["profiles"]["asylum"]["origin"] in ("maghreb", "turkish")


def test_a_figure_of_curves_none_of_which_is_drawn_says_so():
    """Every curve hidden or not identified (chapter 5 at its floor hid every ground): a figure
    that says no curve is drawn, not matplotlib's error on a legend of no line."""
    import matplotlib.pyplot as plt

    from mia_helpers import plots

    empty = pd.DataFrame({"u": [0, 1], "cum_incidence": [np.nan, np.nan],
                          "residence_ground": ["work", "work"]})
    fig = plots.cumulative_incidence(empty, hue="residence_ground")
    assert "no curve to draw" in " ".join(t.get_text() for t in fig.axes[0].texts)
    plt.close(fig)
