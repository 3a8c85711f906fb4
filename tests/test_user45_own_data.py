"""An analyst's own panel in the public API (user45, book/api.md): an empty panel is refused
by name (it stopped in an IndexError deep in the matching), and a covariate of text whose every
value is a number (a CSV read with ``dtype=str``) is not turned into one dummy per value
without a word."""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers.dynamic import dynamic_effects, dynamic_match, history


def _panel(n: int = 300, seed: int = 3) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        age, started = float(rng.uniform(20, 60)), False
        for m in range(12):
            start = (not started) and bool(rng.random() < 0.05)
            started = started or start
            rows.append({"person": i, "month": m, "start": start, "age": age,
                         "region": ["north", "south"][i % 2]})
    return pd.DataFrame(rows)


def test_an_empty_panel_is_refused_by_name():
    empty = _panel().iloc[:0]
    with pytest.raises(ValueError, match="no rows") as err:
        dynamic_match(empty, id="person", time="month", treatment_start="start",
                      covariates=["age"])
    assert "data" in str(err.value)


@pytest.mark.filterwarnings("ignore:pooled propensity logit")
def test_numbers_stored_as_text_are_named():
    panel = _panel()
    panel["age"] = panel["age"].round(1).astype(str)
    with pytest.warns(UserWarning, match="'age'") as rec:
        dynamic_match(panel, id="person", time="month", treatment_start="start",
                      covariates=["age"], caliper=None)
    msg = next(str(w.message) for w in rec if "'age'" in str(w.message))
    assert "to_numeric" in msg and "category" in msg and "levels" in msg


def test_codes_declared_as_categories_or_words_are_not_warned():
    panel = _panel()
    panel["region_code"] = np.where(panel["region"] == "north", "01", "02")
    panel["region_code"] = panel["region_code"].astype("category")
    with warnings.catch_warnings(record=True) as rec:
        warnings.simplefilter("always")
        dynamic_match(panel, id="person", time="month", treatment_start="start",
                      covariates=["age", "region", "region_code"], caliper=None)
    assert not [w for w in rec if "to_numeric" in str(w.message)]


def _events() -> pd.DataFrame:
    return pd.DataFrame({"id": [1, 1, 1, 2, 2], "t": [0, 2, 5, 1, 0],
                         "e": [True, False, False, True, False]})


def test_history_refuses_a_time_that_is_not_integer_periods():
    """Dates became nanoseconds (every periods_since at its cap) and 0.5 was cut to 0."""
    dates = _events().assign(t=pd.to_datetime(["2010-01-01", "2010-03-01", "2010-06-01",
                                               "2010-02-01", "2010-01-01"]))
    halves = _events().assign(t=[0, 0.5, 5, 1, 0])
    for data in (dates, halves):
        with pytest.raises(ValueError, match="time='t' must hold integer periods"):
            history(data, id="id", time="t", column="e", how="periods_since", cap=9)


def test_history_refuses_duplicated_person_periods():
    """A repeated person-period was counted twice (count 2 after one event)."""
    data = pd.concat([_events(), _events().iloc[:1]], ignore_index=True)
    with pytest.raises(ValueError, match=r"1 duplicated \('id', 't'\) row;"):
        history(data, id="id", time="t", column="e")


def test_history_keeps_rows_with_repeated_index_labels():
    """Labels repeated by a concat (not rows) stopped in pandas' 'cannot reindex'."""
    data = _events()
    fresh = {how: history(data, id="id", time="t", column="e" if how != "lag" else "t", how=how,
                          cap=9).to_numpy() for how in ("count", "ever", "periods_since", "lag")}
    data.index = [0, 0, 1, 1, 2]
    for how, expected in fresh.items():
        got = history(data, id="id", time="t", column="e" if how != "lag" else "t", how=how,
                      cap=9)
        assert list(got.index) == [0, 0, 1, 1, 2]
        np.testing.assert_array_equal(got.to_numpy(), expected)
    assert fresh["count"].tolist() == [0, 1, 1, 0, 0]  # by hand: person 1's event at t=0
    assert fresh["periods_since"].tolist() == [9, 2, 5, 9, 9]


@pytest.fixture(scope="module")
def matched():
    panel = _panel(400, seed=5)
    panel["job"] = np.random.default_rng(6).random(len(panel)) < 0.1
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return dynamic_match(panel, id="person", time="month", treatment_start="start",
                             covariates=["age"], exact=["region"], caliper=None, k=2)


@pytest.mark.parametrize("kw, name", [
    ({"horizons": "12"}, "horizons"),        # was read as horizons 1 and 2
    ({"horizons": [3.5]}, "horizons"),       # was read as horizon 3
    ({"horizons": [True]}, "horizons"),      # was read as horizon 1
    ({"window_end": 5.5}, "window_end"),     # was cut to 5
    ({"window_end": "2014Q4"}, "window_end"),  # int()'s bare 'invalid literal'
    ({"min_cell": 0}, "min_cell"),           # a disclosure threshold that hides nothing
    ({"min_cell": 2.5}, "min_cell"),
    ({"estimands": "now_vs_later"}, "estimands"),  # was "unknown estimand 'n'"
])
def test_dynamic_effects_refuses_values_it_would_reinterpret(matched, kw, name):
    args = {"outcome": "job", "horizons": [3], "estimands": ["now_vs_later"], **kw}
    # val46: min_cell is checked by the package's one rule (disclosure.check_min_cell), whose
    # message starts with the function's name: "dynamic_effects: min_cell must be ..."
    with pytest.raises((TypeError, ValueError),
                       match=f"^({name}=|dynamic_effects: {name} must be)") as err:
        dynamic_effects(matched, **args)
    assert repr(kw[name]) in str(err.value)


def test_dynamic_effects_takes_numpy_integers(matched):
    got = dynamic_effects(matched, outcome="job", horizons=np.arange(1, 4),
                          estimands=("now_vs_later",), window_end=np.int64(11), min_cell=10)
    assert sorted(got["horizon"].unique()) == [1, 2, 3]


@pytest.mark.parametrize("kw, name", [
    ({"covariates": "age"}, "covariates"),   # was "covariates/exact='a' is not a column"
    ({"exact": "region"}, "exact"),          # was "'r' is not a column"
    ({"ridge": -1.0}, "ridge"),              # a negative penalty was fitted (no convergence)
    ({"ridge": float("nan")}, "ridge"),      # NaN scores were matched
    ({"max_iter": 0}, "max_iter"),           # "did not converge in 0 steps", then matched
    ({"min_treated": 2.5}, "min_treated"),
    ({"std_caliper": "no"}, "std_caliper"),  # a text read as True
])
def test_dynamic_match_refuses_values_it_would_reinterpret(kw, name):
    args = {"id": "person", "time": "month", "treatment_start": "start",
            "covariates": ["age"], **kw}
    # val46: min_cell is checked by the package's one rule (disclosure.check_min_cell), whose
    # message starts with the function's name: "dynamic_effects: min_cell must be ..."
    with pytest.raises((TypeError, ValueError),
                       match=f"^({name}=|dynamic_effects: {name} must be)") as err:
        dynamic_match(_panel(), **args)
    assert repr(kw[name]) in str(err.value)


def test_skipped_measures_sentence_agrees_in_number():
    """Chapter 5 on an extract without two measures read "vocational training and other
    workplace learning were not estimated for newcomers: nobody starts it in this extract"."""
    from mia_helpers.claims import measure_skipped_sentence
    from mia_helpers.stepwise import NOBODY_STARTS

    two = {"training_vocational": NOBODY_STARTS, "workplace_learning_other": NOBODY_STARTS}
    text = measure_skipped_sentence(["workplace_learning_ibo", *two], {"newcomer": two})
    assert "nobody starts them in this extract" in text and "starts it " not in text
    one = measure_skipped_sentence(["workplace_learning_ibo", "training_vocational"],
                                   {"newcomer": {"training_vocational": NOBODY_STARTS}})
    assert "nobody starts it in this extract" in one


@pytest.mark.parametrize("horizons, words", [
    ([3, 30], "30"),   # was left out of the table without a word
    ("6", "'6'"),      # was pandas' "Cannot set a DataFrame with multiple columns"
])
def test_published_effects_refuses_horizons_it_cannot_publish(matched, horizons, words):
    from mia_helpers.heart import matched_by_group, published_effects

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        eff = dynamic_effects(matched, outcome="job", horizons=range(1, 7), by="region",
                              estimands=["now_vs_later"])
    with pytest.raises(ValueError, match="horizons") as err:
        published_effects(eff, matched_by_group(matched, "region"), horizons, min_cell=10)
    assert words in str(err.value)
