"""The core fits' separation and one-outcome messages name the term and the direction, not
the events, trials or rows behind them (fp26): a trial is a person-period, so "(0 events in
24 trials)" was one school leaver's quarters (dpo25). The publishing places withhold the
direction as before (:func:`mia_helpers.disclosure.withhold_separation_counts`), so the
published wording is unchanged; the effects warnings say "horizon", not matching's ``k``."""

from __future__ import annotations

import re
import warnings

import numpy as np

from mia_helpers import core
from mia_helpers.disclosure import withhold_separation_counts
from mia_helpers.effects import _at_horizons, _positivity_message

#: a count of events, trials or rows as the core messages printed them before fp26
COUNTS = re.compile(r"\d+(?:\.\d+)?\s+(?:events|trials|rows|treated)\b|of its \d+")


def _fit(X: np.ndarray, y: np.ndarray, names: list[str]) -> tuple[object, list[str]]:
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        fit = core.fit_binary(X, y, names=names, model="m")
    return fit, [str(w.message) for w in got]


def test_a_term_without_events_is_named_with_its_direction_only():
    d = np.r_[np.ones(24), np.zeros(76)]
    y = np.r_[np.zeros(24), np.tile([0.0, 1.0], 38)]
    fit, said = _fit(np.c_[np.ones(100), d], y, ["const", "d"])
    assert fit.not_identified == {"d": "no events where it is 1"}
    assert said == ["m: term 'd' is not identified: no events among the rows where it is 1 "
                    "(quasi-complete separation). Its estimate is reported as NaN "
                    "(identified=False) and those rows are left out of the fit."]
    # published as before the change (the direction withheld too)
    assert withhold_separation_counts(fit.not_identified["d"]) == (
        "one outcome only where it is 1 (counts withheld)")
    assert "(counts withheld; quasi-complete separation)" in withhold_separation_counts(said[0])


def test_nothing_left_names_the_outcome_not_the_counts():
    # d = 1: no events; d = 0: only events, so nothing is left once d leaves the fit
    d = np.r_[np.ones(10), np.zeros(30)]
    fit, said = _fit(np.c_[np.ones(40), d], 1.0 - d, ["const", "d"])
    assert fit.not_identified["const"] == (
        "separation (the rows left hold only one outcome (only events))")
    assert not any(COUNTS.search(s) for s in [*said, *fit.not_identified.values()]), said
    assert withhold_separation_counts(fit.not_identified["const"]) == (
        "separation (the rows left hold only one outcome (counts withheld))")


def test_continuous_separation_names_no_rows_events_or_trials():
    rng = np.random.default_rng(1)
    x = np.r_[rng.normal(size=400), np.zeros(200)]
    y = np.r_[(x[:400] > 0).astype(float), (rng.random(200) < 0.4).astype(float)]
    fit, said = _fit(np.c_[np.ones_like(x), x], y, ["const", "x"])
    sep = [s for s in said if "complete separation" in s]
    assert sep and "the rows they predict perfectly are left out" in sep[0]
    assert not any(COUNTS.search(s) for s in said), said
    assert fit.not_identified["x"] == "separation (estimate infinite)"


def test_multinomial_warning_counts_no_rows():
    rng = np.random.default_rng(2)
    n = 300
    d = (rng.random(n) < 0.1).astype(float)
    y = rng.integers(0, 3, n)
    y[d == 1] = np.where(rng.random(int(d.sum())) < 0.5, 0, 1)  # no outcome 2 where d = 1
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        core.fit_mnl(np.c_[np.ones(n), d], y, 3, names=["const", "d"], outcomes=["a", "b", "c"])
    said = [str(w.message) for w in got if issubclass(w.category, core.NotIdentifiedWarning)]
    assert any("term 'd' is not identified for outcome 'c': none of its rows" in s
               for s in said), said
    assert not any(COUNTS.search(s) for s in said), said


def test_effects_warnings_say_horizon_not_k():
    assert _at_horizons([8]) == "horizon 8"
    assert _at_horizons([3, 4, 5, 9]) == "horizons 3-5, 9"
    assert _at_horizons([1, 2], ranges=False) == "horizons 1, 2"
    text = _positivity_message("ibo", np.array([False] * 7 + [True]), widened=True)
    assert text.startswith("ibo: 'now_vs_never' is not point-identified at horizon 8:")
    assert "k =" not in text and "k - 1" not in text
