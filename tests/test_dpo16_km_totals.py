"""Chapter 2's Kaplan-Meier curves against its risk-set table (DPO review 16).

The risk-set table publishes each origin x generation cell's school leavers (``n_persons_job``)
and those with a first job inside the window (``n_entered_job``). Where nobody was censored
before a curve's last published step, that step's level times the persons is the exact number
who entered by then, so ``n_entered_job`` minus it counts those who entered after the curve's
last step. Run before the fix (seed 2005, 800 residents, min_cell 10): Maghrebi second
generation, 39 school leavers, 27 with a first job, the figure's last level 21/39 at quarter 9
with nobody censored before it: 6 entered later, fewer than min_cell.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import hazard as hz
from mia_helpers.disclosure import coarsen_steps

MIN_CELL = 10


def _periods(n: int, entries: dict[int, int], last_u: int, group: str = "maghreb:second"):
    """Person-quarters of ``n`` persons of one cell followed from u = 0: ``entries[u]`` enter at
    quarter ``u``; the others stay at risk, without censoring, up to ``last_u``."""
    rows, pid = [], 0
    for u_entry, k in entries.items():
        for _ in range(k):
            rows += [(pid, u, int(u == u_entry)) for u in range(u_entry + 1)]
            pid += 1
    for _ in range(n - sum(entries.values())):
        rows += [(pid, u, 0) for u in range(last_u + 1)]
        pid += 1
    pp = pd.DataFrame(rows, columns=["person_id", "u", "event"])
    pp[hz.KEY] = pd.Categorical([group] * len(pp))
    return pp


def _remainders(pub: pd.DataFrame, n: int, total: int) -> float:
    """What a reader computes: entrants of the count table minus the curve's last level x n."""
    return total - pub["cum_incidence"].iloc[-1] * n


def test_the_leak_of_the_seed_2005_run_is_closed():
    # 39 persons: 10 enter at u = 3, 11 at u = 9 (the figure's steps), 6 after u = 24; the
    # others stay at risk (>= min_cell) beyond the figure's last quarter
    pp = _periods(39, {3: 10, 9: 11, 30: 6}, last_u=40)
    km = hz.km_cumulative_incidence(pp, max_u=24)
    assert km["events_total"].eq(27).all()  # also the entries after max_u
    pub = hz.publishable_km(km, MIN_CELL)
    rest = _remainders(pub, 39, 27)
    assert rest == 0 or rest >= MIN_CELL, rest
    # the step taken by 10 at u = 3 stays (17 entered after it)
    assert pub.set_index("u")["cum_incidence"].loc[3] == pytest.approx(10 / 39)


def test_without_the_total_the_curve_counts_the_few_who_entered_later():
    """The leak itself (what coarsen_steps did before ``total``)."""
    pp = _periods(39, {3: 10, 9: 11, 30: 6}, last_u=40)
    km = hz.km_cumulative_incidence(pp, max_u=24).drop(columns="events_total")
    pub = hz.publishable_km(km, MIN_CELL)
    assert _remainders(pub, 39, 27) == pytest.approx(6)


@pytest.mark.parametrize("seed", range(30))
def test_total_random_curves(seed):
    rng = np.random.default_rng(seed)
    n_u = int(rng.integers(3, 14))
    ev = rng.poisson(rng.choice([2, 5, 9]), size=n_u)
    later = int(rng.integers(0, 25))
    n0 = int(ev.sum()) + later + 50
    cum = np.cumsum(ev)
    curve = pd.DataFrame({"u": range(n_u), "cum_incidence": cum / n0, "events": ev,
                          "n_at_risk": n0 - np.r_[0, cum[:-1]], "tot": cum[-1] + later})
    out = coarsen_steps(curve, "u", "cum_incidence", "events", "n_at_risk", min_cell=MIN_CELL,
                        start=0.0, total="tot")
    assert "tot" not in out.columns
    levels = np.round(out["cum_incidence"].to_numpy() * n0)
    steps = np.diff(np.r_[0.0, levels])
    assert ((steps == 0) | (steps >= MIN_CELL)).all(), (ev, levels)
    rest = cum[-1] + later - levels[-1]
    assert rest == 0 or rest >= MIN_CELL, (ev, later, levels)
    plain = coarsen_steps(curve.drop(columns="tot"), "u", "cum_incidence", "events", "n_at_risk",
                          min_cell=MIN_CELL, start=0.0)
    if later == 0 or later >= MIN_CELL:  # nothing to merge: the curve is as without total
        pd.testing.assert_frame_equal(out, plain)


def test_total_and_exact_at_together_are_refused():
    curve = pd.DataFrame({"u": [0, 1], "cum_incidence": [0.1, 0.2], "events": [10, 10],
                          "n_at_risk": [100, 90], "tot": [30, 30]})
    with pytest.raises(ValueError, match="exact_at or total"):
        coarsen_steps(curve, "u", "cum_incidence", "events", "n_at_risk", start=0.0, exact_at=1,
                      total="tot")


def test_chapter_five_feeder_curves_use_the_same_rule():
    """Chapter 5's feeder curves (newcomers.feeder_km) go through hazard.publishable_km too."""
    from mia_helpers import newcomers as nc

    pp = _periods(39, {3: 10, 9: 11, 30: 6}, last_u=40).rename(
        columns={hz.KEY: "residence_ground"})
    pub = nc.feeder_km(pp, "residence_ground", max_u=24, min_cell=MIN_CELL)
    rest = _remainders(pub, 39, 27)
    assert rest == 0 or rest >= MIN_CELL, rest


def test_km_gaps_are_read_where_no_step_is_held_back():
    """claims.km_gaps compared each group at the last quarter with min_cell events so far, also
    where the group's curve was held at an earlier level (seed 2005, 2,000 residents, min_cell
    20: the stable-job gap read 56.6 instead of 24.7 points once the last step is held back)."""
    from mia_helpers import claims

    ref = _periods(400, {u: 12 for u in range(0, 24)}, last_u=40, group=hz.REFERENCE_GROUP)
    ref["person_id"] += 10_000
    grp = _periods(39, {3: 10, 9: 11, 30: 6}, last_u=40)
    pp = pd.concat([ref, grp], ignore_index=True)
    pp[hz.KEY] = pp[hz.KEY].astype(str)
    km = hz.km_cumulative_incidence(pp, max_u=24)
    gj, gs, at, coarse = claims.km_gaps({"job": km, "stable": km}, MIN_CELL,
                                        hz.REFERENCE_GROUP)
    g = "maghreb:second"
    assert coarse == [] and at[g] == 8  # the group's level 10/39 is its own up to quarter 8
    raw = km.set_index([hz.KEY, "u"])["cum_incidence"]
    assert gj[g] == pytest.approx(raw[(hz.REFERENCE_GROUP, 8)] - raw[(g, 8)], abs=1e-12)


def test_km_gaps_skip_levels_held_by_ordinary_coarsening():
    """Also without a held-back last step a coarsened curve lags up to min_cell - 1 events;
    at seed 2005 (defaults) that moved the published gaps up to 5.2 points off the curves'
    own gaps at the compared quarter. The group (6 entries a quarter, 12 more later) steps at
    quarters 1, 3, 5 (12 events each), so quarter 6 shows the level of quarter 5."""
    from mia_helpers import claims

    ref = _periods(400, {u: 12 for u in range(0, 24)}, last_u=40, group=hz.REFERENCE_GROUP)
    ref["person_id"] += 10_000
    grp = _periods(200, {**{u: 6 for u in range(7)}, 20: 12}, last_u=24)
    pp = pd.concat([ref, grp], ignore_index=True)
    pp[hz.KEY] = pp[hz.KEY].astype(str)
    km = hz.km_cumulative_incidence(pp, max_u=6)
    gj, _, at, _ = claims.km_gaps({"job": km, "stable": km}, MIN_CELL, hz.REFERENCE_GROUP)
    raw = km.set_index([hz.KEY, "u"])["cum_incidence"]
    assert at["maghreb:second"] == 5
    assert gj["maghreb:second"] == pytest.approx(
        raw[(hz.REFERENCE_GROUP, 5)] - raw[("maghreb:second", 5)], abs=1e-12)


def test_a_curve_held_at_zero_is_not_drawn():
    """Seed 2005, 800 residents, min_cell 10: 8 of the 11 Southern EU intermediate-generation
    school leavers found a first job, and the figure drew their curve flat at 0 (the coarsened
    curve's start), which reads as nobody entering."""
    import matplotlib.pyplot as plt

    ref = _periods(400, {u: 12 for u in range(0, 24)}, last_u=40, group=hz.REFERENCE_GROUP)
    ref["person_id"] += 10_000
    few = _periods(30, {1: 4, 2: 4}, last_u=5, group="southern_eu:intermediate")
    few["person_id"] += 20_000
    none = _periods(30, {}, last_u=5, group="turkish:intermediate")  # nobody enters: drawn
    none["person_id"] += 30_000
    pp = pd.concat([ref, few, none], ignore_index=True)
    pp[hz.KEY] = pp[hz.KEY].astype(str)
    km = hz.km_cumulative_incidence(pp, max_u=5)
    fig = hz.plot_cumulative_incidence({"job": km, "stable": km}, min_cell=MIN_CELL, max_u=5)
    legend = [t.get_text() for t in fig.legends[0].get_texts()]
    plt.close(fig)
    assert "Southern EU" not in legend and "Turkish" in legend, legend


def test_a_generation_without_a_drawn_curve_draws_the_natives_without_a_warning():
    """When every curve of a generation is left out (here the second generation has no group
    at all), its panels show the natives only: seaborn was handed an empty frame and warned
    "Ignoring `palette` because no `hue` variable has been assigned" under chapter 2's cell
    (3,000 residents, after the curves held at 0 were left out)."""
    import warnings

    import matplotlib.pyplot as plt

    ref = _periods(400, {u: 12 for u in range(0, 24)}, last_u=40, group=hz.REFERENCE_GROUP)
    ref["person_id"] += 10_000
    few = _periods(30, {1: 4, 2: 4}, last_u=5, group="southern_eu:intermediate")
    few["person_id"] += 20_000
    pp = pd.concat([ref, few], ignore_index=True)
    pp[hz.KEY] = pp[hz.KEY].astype(str)
    km = hz.km_cumulative_incidence(pp, max_u=5)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = hz.plot_cumulative_incidence({"job": km, "stable": km}, min_cell=MIN_CELL,
                                           max_u=5)
    lines = [len(ax.lines) for ax in fig.axes]
    plt.close(fig)
    assert lines == [1, 1, 1, 1]  # the natives' step line in each of the four panels
