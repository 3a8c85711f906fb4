"""api52: an econometrician's own person-period data through the discrete-time hazard model
(:func:`mia_helpers.hazard.group_periods`, :func:`~mia_helpers.hazard.fit_hazard`,
:func:`~mia_helpers.hazard.predict_cumulative_incidence`). Before, a missing person id stopped
in scipy ("negative axis 0 index: -1"); a missing or negative ``u`` was put in the last
duration bin and a repeated (person, u) row counted twice, without a word; a date covariate
entered as nanoseconds; a user's column named ``sex`` or ``education`` could not be fitted
(the book's reference level was forced on it); predictions for text covariates needed every
level in the profiles; and a profile at a level without events was predicted as the reference
level, a finite curve with a tight band."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers import hazard as hz
from mia_helpers.core import NotIdentifiedWarning

BINS = (0, 3, 6)


def _periods(seed: int = 7, n: int = 300) -> pd.DataFrame:
    """Person-periods of ``n`` persons, up to 9 periods, the event ending follow-up: a
    number ``x``, a text ``region`` (levels a, b, c) and 0/1 ``event``."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        x, region = rng.normal(), ("a", "b", "c")[i % 3]
        for u in range(9):
            e = int(rng.random() < 1 / (1 + np.exp(2.0 - 0.5 * x)))
            rows.append({"person_id": i, "u": u, "event": e, "x": x, "region": region})
            if e:
                break
    return pd.DataFrame(rows)


@pytest.mark.parametrize("edit, match", [
    (lambda d: d.assign(person_id=d["person_id"].where(d.index != 4)),
     "person_col='person_id' has 1 missing value"),
    (lambda d: d.assign(u=d["u"].where(d.index != 4)), "column 'u' is missing, infinite or neg"),
    (lambda d: d.assign(u=np.where(d.index == 4, -1, d["u"])), "negative in 1 row"),
    (lambda d: pd.concat([d, d.iloc[[5, 6]]]), r"\('person_id', 'u'\) pairs of 2 rows"),
    (lambda d: d.assign(event=d["event"].where(d.index != 4)), "'event' has 1 missing value"),
    (lambda d: d.assign(event=d["event"].map({0: "no", 1: "yes"})), r"found values \['no'"),
])
def test_group_periods_refuses_rows_it_would_misread(edit, match):
    with pytest.raises(ValueError, match=match):
        hz.group_periods(edit(_periods()), ["x"], bins=BINS)


def test_a_date_covariate_is_refused():
    d = _periods().assign(when=lambda t: pd.Timestamp("2020-01-01")
                          + pd.to_timedelta(t["person_id"], "D"))
    with pytest.raises(TypeError, match="covariate 'when' has dtype datetime"):
        hz.fit_hazard(hz.group_periods(d, ["when"], bins=BINS), ["when"])


def test_a_users_column_named_as_the_books_takes_its_own_reference():
    d = _periods().assign(sex=lambda t: np.where(t["person_id"] % 2 == 0, "f", "m"))
    g = hz.group_periods(d, ["sex"], bins=BINS)
    with pytest.raises(ValueError, match="pass references="):
        hz.fit_hazard(g, ["sex"])
    fit = hz.fit_hazard(g, ["sex"], references={"sex": "m"})
    assert "sex[f]" in fit.params.index and fit.levels["sex"][0] == "m"
    prof = pd.DataFrame({"profile": ["f"], "sex": ["f"]})
    assert hz.predict_cumulative_incidence(fit, prof, max_u=3)["cum_incidence"].notna().all()


def test_missing_covariate_counts_person_periods_not_cells():
    d = _periods()
    d.loc[[4, 5], "region"] = None
    with pytest.raises(ValueError, match=r"'region' \(2 person-periods\)"):
        hz.fit_hazard(hz.group_periods(d, ["region"], bins=BINS), ["region"])


def test_text_covariate_predicts_one_level_as_a_categorical_does():
    d = _periods()
    prof = pd.DataFrame({"profile": ["c"], "x": [0.0], "region": ["c"]})
    text = hz.fit_hazard(hz.group_periods(d, ["x", "region"], bins=BINS), ["x", "region"])
    cat = d.assign(region=d["region"].astype("category"))
    categorical = hz.fit_hazard(hz.group_periods(cat, ["x", "region"], bins=BINS),
                                ["x", "region"])
    a = hz.predict_cumulative_incidence(text, prof, max_u=5)
    b = hz.predict_cumulative_incidence(categorical, prof, max_u=5)
    pd.testing.assert_frame_equal(a, b)


def test_a_level_without_events_has_no_predicted_curve():
    d = _periods()
    d.loc[d["region"] == "c", "event"] = 0
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", NotIdentifiedWarning)
        fit = hz.fit_hazard(hz.group_periods(d, ["x", "region"], bins=BINS), ["x", "region"])
    assert fit.not_identified == {"region[c]": "no events where it is 1"}
    prof = pd.DataFrame({"profile": ["a", "c"], "x": [0.0, 0.0], "region": ["a", "c"]})
    with pytest.warns(NotIdentifiedWarning, match=r"no estimate for term \['region\[c\]'\]"):
        out = hz.predict_cumulative_incidence(fit, prof, max_u=5)
    by = out.set_index("profile")
    assert by.loc["a", ["hazard", "cum_incidence", "ci_low", "ci_high"]].notna().all().all()
    assert by.loc["c", ["hazard", "cum_incidence", "ci_low", "ci_high"]].isna().all().all()


def test_km_refuses_a_missing_group_instead_of_dropping_it():
    d = _periods()
    d.loc[4, "region"] = None
    with pytest.raises(ValueError, match="column 'region' has 1 missing value;"):
        hz.km_cumulative_incidence(d, by="region", max_u=3)


def test_tidy_refuses_a_term_the_model_lacks():
    fit = hz.fit_hazard(hz.group_periods(_periods(), ["x", "region"], bins=BINS),
                        ["x", "region"])
    assert fit.tidy(terms=["region[b]"])["term"].tolist() == ["region[b]"]
    with pytest.raises(KeyError, match=r"term \['region\[B\]'\] not in the model"):
        fit.tidy(terms=["region[B]"])


def test_an_empty_reference_level_is_refused():
    d = _periods()
    d["region"] = pd.Categorical(d["region"], categories=["z", "a", "b", "c"])
    with pytest.raises(ValueError, match="reference level 'z' of 'region' has no person-period"):
        hz.fit_hazard(hz.group_periods(d, ["region"], bins=BINS), ["region"])
    d["region"] = d["region"].cat.remove_unused_categories()
    fit = hz.fit_hazard(hz.group_periods(d, ["region"], bins=BINS), ["region"])
    assert not fit.not_identified and fit.levels["region"][0] == "a"


def test_an_infinite_covariate_is_refused_with_its_person_periods():
    d = _periods()
    d.loc[[4, 5], "x"] = np.inf
    with pytest.raises(ValueError, match=r"infinite values in covariate 'x' \(2 person-periods\)"):
        hz.fit_hazard(hz.group_periods(d, ["x"], bins=BINS), ["x"])


def test_the_linear_probability_model_refuses_what_group_periods_refuses():
    d = _periods()
    d.loc[4, "u"] = np.nan
    with pytest.raises(ValueError, match="column 'u' is missing, infinite or negative in 1 row"):
        hz.lpm_robustness(d, ["x"], bins=BINS)
