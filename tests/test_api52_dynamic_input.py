"""api52: bad input to :func:`mia_helpers.dynamic.dynamic_match` and
:func:`~mia_helpers.dynamic.history` from an econometrician's own panel. Before, missing ids
were read as one person (float NaN: "16 duplicated rows", object None: matched silently), a
nullable integer ``time`` with a missing value was blamed on ``clock``, a covariate mixing
numbers and text stopped with Python's "'<' not supported between instances of 'int' and
'str'", an object column of True/False was warned about as "text whose every value is a
number ... (1 dummies)", a covariate constant in every risk-set row left the propensity logit
and the balance table without a word, and counts read "1 missing values", "1 gaps"."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers.core import NotIdentifiedWarning
from mia_helpers.dynamic import dynamic_effects, dynamic_match, history


def _panel(n: int = 120, periods: int = 8, seed: int = 52) -> pd.DataFrame:
    """Person x period panel: ``start`` (treatment start, at most once), ``job`` (outcome),
    ``age`` (number), ``region`` (text)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        age, started = 20 + 40 * rng.random(), False
        for t in range(periods):
            s = not started and rng.random() < 0.08 + 0.002 * (age - 40)
            started |= s
            rows.append({"id": i, "t": t, "start": s, "job": bool(rng.random() < 0.1),
                         "age": age, "region": ("north", "south")[i % 2]})
    return pd.DataFrame(rows)


def _match(data: pd.DataFrame, **kw):
    args = {"id": "id", "time": "t", "treatment_start": "start", "covariates": ["age"],
            "caliper": None, **kw}
    return dynamic_match(data, **args)


@pytest.mark.parametrize("missing", [np.nan, None])
def test_missing_ids_are_refused_naming_the_column(missing):
    d = _panel()
    d["id"] = d["id"].astype(object if missing is None else float)
    d.loc[d["id"].isin([3, 5]), "id"] = missing
    with pytest.raises(ValueError, match="id='id' has 16 missing values"):
        _match(d)
    with pytest.raises(ValueError, match="id='id' has 16 missing values"):
        history(d, id="id", time="t", column="start")


def test_a_missing_period_is_blamed_on_time_in_the_singular():
    d = _panel()
    d["t"] = pd.array(d["t"], dtype="Int64")
    d.loc[3, "t"] = pd.NA
    with pytest.raises(ValueError, match="time='t' has 1 missing value;"):
        _match(d)


def test_a_covariate_mixing_numbers_and_text_is_named():
    d = _panel()
    d["mix"] = d["region"].astype(object)
    d.loc[d["id"] == 2, "mix"] = 3
    with pytest.raises(TypeError, match=r"covariate 'mix' mixes values of different types"):
        _match(d, covariates=["age", "mix"])


def test_true_false_objects_are_no_numbers_as_text():
    d = _panel()
    d["north"] = (d["region"] == "north").astype(object)
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        m = _match(d, covariates=["age", "north"])
    assert list(m.X.columns) == ["age", "north[True]"]


def test_a_constant_covariate_is_warned_about():
    d = _panel().assign(const=1.0)
    with pytest.warns(UserWarning, match=r"covariate \['const'\] takes one value in every"):
        m = _match(d, covariates=["age", "const"])
    assert list(m.X.columns) == ["age"]


def test_counts_in_messages_are_real_plurals():
    d = _panel()
    d["flag"] = pd.array(d["start"], dtype="boolean")
    d.loc[0, "flag"] = pd.NA
    with pytest.raises(ValueError, match="has 1 missing value;"):
        _match(d, treatment_start="flag")
    m = _match(d)
    m.panel["job"] = pd.array(m.panel["job"], dtype="boolean")
    m.panel.loc[m.panel.index[3], "job"] = pd.NA
    with pytest.raises(ValueError, match="has 1 missing value;"):
        dynamic_effects(m, outcome="job", horizons=[2])


def test_horizons_beyond_every_treated_follow_up_are_warned_about():
    m = _match(_panel())
    with pytest.warns(UserWarning, match=r"no treated row is observed at horizons 8, 40"):
        out = dynamic_effects(m, outcome="job", horizons=[2, 8, 40], estimands=["now_vs_later"])
    late = out[out["horizon"] >= 8]
    assert (late["n_treated"] == 0).all() and not late["point_identified"].any()


def test_an_infinite_covariate_is_refused_with_its_count():
    d = _panel()
    d.loc[0, "age"] = np.inf  # person 0's first period is in a risk set
    with pytest.raises(ValueError, match="'age' has 1 infinite value in risk-set rows"):
        _match(d)


def test_few_now_versus_later_control_persons_are_warned_about():
    rng = np.random.default_rng(0)
    d = pd.DataFrame([{"id": i, "t": t, "start": i >= 2 and t == 0, "x": rng.normal(),
                       "job": bool(rng.random() < 0.3)} for i in range(62) for t in range(10)])
    m = _match(d, covariates=["x"])  # 60 treated at t = 0, 2 pool persons
    with pytest.warns(UserWarning, match=r"\"now versus later\" controls are fewer than 10 eff"):
        dynamic_effects(m, outcome="job", horizons=[1], estimands=["now_vs_later"])
    with warnings.catch_warnings():
        warnings.simplefilter("error", UserWarning)
        warnings.simplefilter("ignore", NotIdentifiedWarning)
        dynamic_effects(_match(_panel()), outcome="job", horizons=[1],
                        estimands=["now_vs_later"])
