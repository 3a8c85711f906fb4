"""Tests of the KHB decomposition (mia_helpers.khb) on simulated logit data with a known answer.

Design: a binary key x, a confounder z = a x + u with u ~ N(0, s^2), and
logit P(y = 1) = c0 + b x + c z. On the full model's scale the total association of x is
b + c a (z's linear dependence on x passed through), so the share of it explained by z is
c a / (b + c a) = 2/3 here. The naive difference compares b_naive (the model without z, whose
latent error also absorbs c u and is therefore rescaled towards zero) with b, and misses.

Tolerances
----------
- KHB share within 0.05 of 2/3: its sampling SD at n = 20,000 is about 0.015 (the diff SE
  0.03 over a reduced coefficient of 1.5), so 0.05 is more than 3 SD.
- The naive share must miss 2/3 by more than 0.10 (it is about 0.47 in the population).
- Delta-method SE of the difference: the Monte Carlo SD over 40 replications must lie within
  [0.7, 1.4] times the mean reported SE (the SD estimate itself has ~11 % relative error).
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from mia_helpers import hazard as hz
from mia_helpers.khb import khb

B, A, C, S = 0.5, 1.0, 1.0, 2.0
TRUE_SHARE = C * A / (B + C * A)
SHARE_TOL = 0.05
NAIVE_MISS = 0.10


def simulate(n: int, seed: int) -> hz.GroupedPeriods:
    rng = np.random.default_rng(seed)
    x = rng.binomial(1, 0.5, n).astype(float)
    z = A * x + rng.normal(0.0, S, n)
    w = rng.binomial(1, 0.5, n).astype(float)  # an irrelevant second control (own block)
    eta = -1.0 + B * x + C * z
    y = (rng.uniform(size=n) < 1.0 / (1.0 + np.exp(-eta))).astype(np.int8)
    pp = pd.DataFrame({"person_id": np.arange(n), "u": 0, "event": y, "x": x, "z": z, "w": w})
    return hz.group_periods(pp, ["x", "z", "w"], bins=(0,), drop_empty_bins=False)


@pytest.fixture(scope="module")
def result():
    return khb(simulate(20_000, seed=11), "x", {"confounder": ["z"], "noise": ["w"]})


def test_known_share(result):
    row = result.summary.iloc[0]
    assert abs(row["share"] - TRUE_SHARE) < SHARE_TOL
    assert abs(row["naive_share"] - TRUE_SHARE) > NAIVE_MISS
    # the reduced model's coefficient is the total association b + c a on the full scale
    assert abs(row["reduced"] - (B + C * A)) < 3 * 0.05
    assert row["rescaling"] > 1.2  # the naive coefficient is attenuated by the rescaling


def test_identity_and_blocks(result):
    s = result.summary.iloc[0]
    # reduced - full from the two fits equals sum_j gamma_j theta_j (the KHB identity)
    assert s["diff"] == pytest.approx(s["diff_identity"], abs=1e-6)
    blocks = result.blocks.set_index("block")
    assert blocks["contribution"].sum() == pytest.approx(s["diff"], abs=1e-6)
    # the irrelevant, independent control explains nothing
    assert abs(blocks.loc["noise", "contribution"]) < 3 * blocks.loc["noise", "se"] + 1e-3
    assert blocks.loc["confounder", "share"] == pytest.approx(s["share"], abs=0.01)


def test_delta_method_se_matches_monte_carlo():
    diffs, ses = [], []
    for r in range(40):
        res = khb(simulate(4000, seed=1000 + r), "x", {"confounder": ["z"]})
        diffs.append(res.summary["diff"].iloc[0])
        ses.append(res.summary["diff_se"].iloc[0])
    ratio = np.std(diffs, ddof=1) / np.mean(ses)
    assert 0.7 < ratio < 1.4, ratio


def test_khb_on_person_periods():
    """On clustered person-period data (up to six quarters per person, rows after the event
    dropped) with a categorical key and the cloglog link."""
    rng = np.random.default_rng(3)
    n = 3000
    g = rng.integers(0, 3, n)
    z = (rng.uniform(size=n) < 0.3 + 0.2 * g).astype(float)
    rows = pd.DataFrame({"person_id": np.repeat(np.arange(n), 6), "u": np.tile(np.arange(6), n)})
    gg = np.repeat(g, 6)
    zz = np.repeat(z, 6)
    eta = -2.0 - 0.3 * gg + 0.8 * zz
    rows["event"] = (rng.uniform(size=len(rows)) < 1 / (1 + np.exp(-eta))).astype(np.int8)
    rows = rows[rows.groupby("person_id")["event"].cumsum().shift(fill_value=0).to_numpy() == 0]
    rows = rows[(rows.groupby("person_id")["event"].cumsum() - rows["event"]).to_numpy() == 0]
    rows["grp"] = pd.Categorical(np.array(["a", "b", "c"])[np.repeat(g, 6)][rows.index])
    rows["z"] = zz[rows.index]
    gp = hz.group_periods(rows, ["grp", "z"], bins=(0, 1, 2, 3, 4, 5))
    res = khb(gp, "grp", {"z": ["z"]}, link="cloglog")
    s = res.summary.set_index("term")
    assert list(s.index) == ["grp[b]", "grp[c]"]
    # z is more common in groups b and c (+0.2, +0.4) and raises the log hazard by 0.8: it
    # explains about 0.16 and 0.32 of their (negative) gaps on the cloglog scale
    np.testing.assert_allclose(s["diff"], [0.16, 0.32], atol=0.1)
    assert (s["diff_se"] > 0).all()
    np.testing.assert_allclose(s["diff"], s["diff_identity"], atol=1e-6)


def _separated() -> tuple[hz.GroupedPeriods, int]:
    """Grouped person-periods with a 0/1 control ``d`` nobody with which has the event, and the
    number of persons with ``d`` = 1 (3,000 persons, seed 3; also tests/test_bib47_khb_reason)."""
    rng = np.random.default_rng(3)
    n = 3000
    x = rng.binomial(1, 0.5, n).astype(float)
    d = rng.binomial(1, 0.05, n).astype(float)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(-1 + 0.5 * x)))).astype(np.int8)
    y[d == 1] = 0
    pp = pd.DataFrame({"person_id": np.arange(n), "u": 0, "event": y, "x": x, "d": d})
    return hz.group_periods(pp, ["x", "d"], bins=(0,), drop_empty_bins=False), int(d.sum())


def test_control_without_events_is_not_decomposable_but_flagged():
    """A 0/1 control with no events where it is 1 (a small extract: nobody with no Dutch
    enters) makes the KHB models unidentified: ``raise`` names the term; ``flag`` warns and
    returns NaN values with the reason, which share_table shows in ``note``."""
    from mia_helpers import core
    from mia_helpers.khb import (
        KHBNotIdentifiedError,
        not_decomposable_note,
        not_decomposed_sentence,
        share_table,
    )

    g, n_d = _separated()
    with pytest.warns(core.NotIdentifiedWarning), pytest.raises(
            KHBNotIdentifiedError, match=r"'d'.*no events where it is 1") as err:
        khb(g, "x", {"language": ["d"]})
    # the direction, not the counts (fp26: trials are person-periods, no count of persons)
    assert f"{n_d} trials" not in str(err.value) and "events in" not in str(err.value)
    with pytest.warns(core.NotIdentifiedWarning, match="not decomposable"):
        r = khb(g, "x", {"language": ["d"]}, not_identified="flag")
    # the separation's direction withheld in the published note as well (dpo25: a few
    # persons without the outcome)
    # one wording with chapter 6's note (khb.not_decomposable_note; review37)
    assert r.note.startswith("not decomposable: term ")
    assert "cannot be identified (one outcome only" in r.note and "not identified" not in r.note
    assert "trials" not in r.note
    # reader-facing text names a term by its label, never by its model name
    dutch = KHBNotIdentifiedError({"dutch_level[none]": "no events where it is 1"}, ["x"])
    assert "dutch_level" not in dutch.reason and "Dutch level: No Dutch" in dutch.reason
    # the exception's reason is the note's text (bib47): one wording, the direction withheld
    assert "not decomposable: " + dutch.reason == not_decomposable_note(dutch)
    assert "no events" not in dutch.reason
    assert "[none]" not in not_decomposed_sentence(
        {"job": type(r)(summary=r.summary, blocks=r.blocks, link=r.link,
                        note="not decomposable: " + dutch.reason)})
    assert list(r.summary["term"]) == ["x"] and r.summary.drop(columns="term").isna().all().all()
    t = share_table({"job": r})
    assert t.loc[0, "note"] == r.note and np.isnan(t.loc[0, "share_pct"])
    assert "first job" in not_decomposed_sentence({"job": r})
    import matplotlib

    matplotlib.use("Agg")
    from mia_helpers.khb import plot_gap_and_share

    assert "no decomposition" in plot_gap_and_share(t).axes[0].texts[0].get_text()
    with pytest.raises(ValueError, match="not_identified"):
        khb(g, "x", {"language": ["d"]}, not_identified="skip")


def test_no_share_of_a_gap_whose_interval_includes_zero(result):
    from mia_helpers.khb import NO_SHARE_NOTE, share_table

    # a clear gap (B + C A = 1.5): its interval excludes zero and the share is stated
    s = result.summary.iloc[0]
    assert s["reduced_ci_low"] < s["reduced"] < s["reduced_ci_high"] and s["reduced_ci_low"] > 0
    kept = share_table({"job": result})
    assert kept.loc[0, "share_pct"] == pytest.approx(100 * s["share"], abs=1e-3)
    assert kept.loc[0, "note"] == ""
    # a direct effect that cancels the confounder's (-C A): total gap zero, explained part not;
    # the share diff / reduced is then a ratio with a denominator near zero (seed 2011 of the
    # chapter gave 4,438.7 % for a gap of -0.002)
    rng = np.random.default_rng(5)
    n = 4000
    x = rng.binomial(1, 0.5, n).astype(float)
    z = A * x + rng.normal(0.0, S, n)
    y = (rng.uniform(size=n) < 1 / (1 + np.exp(-(-1.0 - C * A * x + C * z)))).astype(np.int8)
    pp = pd.DataFrame({"person_id": np.arange(n), "u": 0, "event": y, "x": x, "z": z})
    r = khb(hz.group_periods(pp, ["x", "z"], bins=(0,), drop_empty_bins=False), "x",
            {"confounder": ["z"]})
    g = r.summary.iloc[0]
    assert g["reduced_ci_low"] <= 0 <= g["reduced_ci_high"]
    t = share_table({"job": r})
    assert np.isnan(t.loc[0, "share_pct"]) and np.isnan(t.loc[0, "share_confounder_pct"])
    assert t.loc[0, "note"] == NO_SHARE_NOTE and np.isfinite(t.loc[0, "explained"])
    from mia_helpers.labels import table_markdown

    assert "| –" in table_markdown(t[["group", "share_pct", "note"]], "c", "t").data
