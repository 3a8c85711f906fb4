"""A duration bin that nobody at risk reaches is no term of chapter 2's hazard models (user46).

Found on a run of chapter 2 over the window 2008Q1-2014Q4 (seed 2019, 8,000 residents,
``min_cell`` 25): the stable-job risk set ends 24 quarters after leaving school (28 quarters
less the 3 a stable job needs to be recognised), so the last duration bin of
:data:`mia_helpers.hazard.DEFAULT_BINS`, from quarter 25, held no person-quarter. It stayed a
term of every model, was dropped with a warning "term 'dur[25]' dropped: no variation (zero in
every row)" printed under chapter 2's and chapter 6's cells, and the stable-job table's row
"not identified (reason)" read "dur: 25: no variation (zero in every row)" in every model, a
term the text never explains. Bins without events were already left out
(``dropped_bins``, hazard 0 there); a bin without any person-quarter is now left out too, and
not as a bin of hazard 0: the data say nothing of it.

Data: hand-made person-quarters (no tolerance: terms and warnings only).
"""

from __future__ import annotations

import warnings

import numpy as np
import pandas as pd
import pytest

from mia_helpers import hazard as hz


def _periods(last_u: int, seed: int = 5) -> pd.DataFrame:
    """Person-quarters of natives and Maghrebi second generation followed from u = 0 to an
    event or ``last_u`` (the window's end for everybody)."""
    rng = np.random.default_rng(seed)
    rows = []
    for pid in range(400):
        g = "belgian:native" if pid < 250 else "maghreb:second"
        for u in range(last_u + 1):
            ev = int(rng.random() < 0.08)
            rows.append((pid, u, ev, g))
            if ev:
                break
    d = pd.DataFrame(rows, columns=["person_id", "u", "event", hz.KEY])
    d[hz.KEY] = pd.Categorical(d[hz.KEY], categories=hz.origin_generation_levels())
    return d


@pytest.mark.parametrize("last_u", [20, 24])
def test_a_bin_beyond_the_data_is_no_term(last_u):
    pp = _periods(last_u)
    assert pp["u"].max() < hz.DEFAULT_BINS[-1]  # the premise: nobody reaches the last bin
    g = hz.group_periods(pp, [hz.KEY])
    assert hz.DEFAULT_BINS[-1] not in g.bins and hz.DEFAULT_BINS[-1] not in g.dropped_bins
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fit = hz.fit_hazard(g, [hz.KEY], name="M0")
    said = [str(w.message) for w in caught if "dur[" in str(w.message)]
    assert not said, said
    assert not any(t.startswith("dur[") for t in fit.not_identified), fit.not_identified
    table = hz.nested_table({"M0": fit}, pp, min_cell=10)
    assert "dur" not in str(table.loc["not identified (reason)", "M0"]), table


def test_a_bin_with_person_quarters_but_no_event_stays_a_bin_of_hazard_zero():
    """The existing rule is kept: a bin reached by persons at risk, none of whom has the event,
    is listed in ``dropped_bins`` (its hazard is 0, which the data do say)."""
    pp = _periods(30)
    pp.loc[pp["u"] >= hz.DEFAULT_BINS[-1], "event"] = 0
    g = hz.group_periods(pp, [hz.KEY])
    assert hz.DEFAULT_BINS[-1] in g.dropped_bins


def test_predictions_past_the_data_extend_the_last_bin_observed():
    pp = _periods(20)
    fit = hz.fit_hazard(hz.group_periods(pp, [hz.KEY]), [hz.KEY], name="M0")
    prof = pd.DataFrame({"profile": ["native"], hz.KEY: ["belgian:native"]})
    ci = hz.predict_cumulative_incidence(fit, prof, max_u=30, n_sim=20, seed=1)
    value = ci.set_index("u")["cum_incidence"]
    assert value.is_monotonic_increasing and value.loc[30] > value.loc[20], value
    # (rev46) the hazard past the data is the last observed bin's (from 17), exactly: before,
    # quarters 25-30 fell in the unreached bin, whose dropped term left the reference bin's
    # hazard there (the checks above passed on that too)
    last = max(fit.bins)
    assert last == 17 and max(hz.DEFAULT_BINS) not in fit.bins, fit.bins
    h = ci.set_index("u")["hazard"]
    assert (h.loc[last:30] == h.loc[last]).all(), h.loc[last:30]
