"""``benchmarks/never_overcoverage.py`` (forty-third session, cov46; exploratory and
descriptive): its coverage, SD of the errors and SE / SD ratio on a small hand-made frame,
its recovery of the two variances from the package's MOVER interval, and its refusal of a
missing input file by name. No generator run, no Monte Carlo file read."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from benchmark_module import load_benchmark

from mia_helpers import claims
from mia_helpers import effects as ef

nov = load_benchmark("never_overcoverage")


def _frame(errors, se, quarter=4, base=2016, estimand="now_vs_never", m1=np.nan):
    """Rows in the script's common columns: truth 0, estimate = error, interval +- 1.96 se."""
    e = np.asarray(errors, float)
    return pd.DataFrame({
        "base": base, "estimand": estimand, "replication": np.arange(e.size), "quarter": quarter,
        "att_pp": e, "true_att_pp": 0.0, "ci_low": e - nov.Z * se, "ci_high": e + nov.Z * se,
        "se": se, "m1": m1, "n_treated": 100.0, "point_identified": True})


def test_coverage_sd_and_ratio_by_hand():
    d = _frame([-1.0, 0.0, 1.0, 2.0], 1.5)
    # the last interval [1, 3] misses the truth 0 from above: a miss "below" (truth < ci_low)
    d.loc[3, ["ci_low", "ci_high"]] = [1.0, 3.0]
    # left out: a flagged horizon (worst-case bound) and a quarter outside 4-6
    extra = pd.concat([_frame([50.0], 1.5).assign(point_identified=False),
                       _frame([50.0], 1.5, quarter=8)])
    t = nov.describe(pd.concat([d, extra], ignore_index=True), boot=500, seed=1)
    assert len(t) == 1
    r = t.iloc[0]
    sd = math.sqrt(5 / 3)  # SD (ddof 1) of -1, 0, 1, 2: squares about 0.5 sum to 5
    assert r["n"] == 4 and r["coverage"] == pytest.approx(0.75)
    assert r["mc_se_cov"] == pytest.approx(math.sqrt(0.75 * 0.25 / 4))
    assert r["below"] == 1 and r["above"] == 0
    assert r["bias"] == pytest.approx(0.5)
    assert r["sd_err"] == pytest.approx(sd)
    assert r["mean_se"] == pytest.approx(1.5) and r["se_kind"] == "stored"
    assert r["ratio"] == pytest.approx(1.5 / sd)
    assert r["ratio_lo"] <= r["ratio"] <= r["ratio_hi"]
    # the implied SE of the three untouched +- 1.96 se intervals is 1.5, of [1, 3] 1 / 1.96
    assert r["ratio_implied"] == pytest.approx((3 * 1.5 + 1 / nov.Z) / 4 / sd)
    # a fixed seed gives the same bootstrap interval
    t2 = nov.describe(pd.concat([d, extra], ignore_index=True), boot=500, seed=1)
    assert t2.iloc[0]["ratio_lo"] == r["ratio_lo"]


def test_implied_se_where_none_is_stored():
    d = _frame([-2.0, 1.0, 0.5], 2.0).assign(se=np.nan)
    r = nov.describe(d, boot=200).iloc[0]
    assert r["se_kind"] == "implied" and r["mean_se"] == pytest.approx(2.0)
    assert np.isnan(r["hw_over_se"])


def test_mover_parts_inverts_the_package_interval():
    """The two variances come back from the package's own interval (effects._mover_interval)
    to within the root finder's tolerance: skewed (S near 1) and near-symmetric cases."""
    m1 = np.array([0.12, 0.30, 0.08])
    m0 = np.array([0.09, 0.25, 0.02])
    var_t = np.array([1.7e-5, 4e-5, 2e-6])
    var_c = np.array([5.6e-4, 1e-4, 3e-5])
    lo, hi = ef._mover_interval(m1, m0, var_t, var_c, nov.Z)
    vt, vc = nov.mover_parts(m1, 100 * (m1 - m0), lo, hi)
    np.testing.assert_allclose(vt, 1e4 * var_t, rtol=1e-6)
    np.testing.assert_allclose(vc, 1e4 * var_c, rtol=1e-6)


def test_mover_parts_nan_without_a_survival_in_0_1():
    vt, vc = nov.mover_parts([0.5], [-60.0], [-70.0], [-50.0])  # m0 = 1.1
    assert np.isnan(vt[0]) and np.isnan(vc[0])


def test_split_reported_only_where_m1_is_stored():
    m1 = np.full(3, 0.12)
    m0 = np.array([0.08, 0.09, 0.10])
    lo, hi = ef._mover_interval(m1, m0, np.full(3, 2e-5), np.full(3, 4e-4), nov.Z)
    d = _frame(100 * (m1 - m0), np.nan).assign(m1=m1, ci_low=lo, ci_high=hi, true_att_pp=2.0)
    r = nov.describe(d, boot=100).iloc[0]
    assert r["var_t"] == pytest.approx(0.2, rel=1e-6)
    assert r["var_c"] == pytest.approx(4.0, rel=1e-6)
    assert "var_t" not in nov.describe(_frame([0.0, 1.0], 1.0), boot=100).columns


def test_missing_files_are_refused_by_name(tmp_path, capsys):
    with pytest.raises(FileNotFoundError, match="montecarlo_newcomers.parquet.*make montecarlo"):
        nov.load(results=tmp_path)
    cols = dict(estimand="now_vs_never", estimator="matched", replication=0,
                quarter_since_start=4, att_pp=1.0, true_att_pp=1.0, ci_low=0.0, ci_high=2.0,
                se=0.5, point_identified=True)
    for name in ("montecarlo_newcomers.parquet", "montecarlo_confirmation.parquet"):
        pd.DataFrame([cols]).to_parquet(tmp_path / name)
    missing = tmp_path / "never_k_2016.csv"
    with pytest.raises(FileNotFoundError, match="never_k_2016.csv.*never_k.py"):
        nov.load(k_csv=missing, results=tmp_path)
    assert nov.main(["--k-csv", str(missing), "--results", str(tmp_path)]) == 2
    assert "never_k_2016.csv does not exist" in capsys.readouterr().err
    pd.DataFrame([{**cols, "k": 3}]).to_csv(missing, index=False)
    with pytest.raises(FileNotFoundError, match="nope.csv.*never_positivity.py"):
        nov.load(k_csv=missing, pos_csv=tmp_path / "nope.csv", results=tmp_path)


def test_a_missing_column_is_named(tmp_path):
    bad = pd.DataFrame([{"replication": 0, "quarter_since_start": 4}])
    with pytest.raises(KeyError, match="att_pp"):
        nov._tidy(bad, tmp_path / "x.csv", 2016)


def test_agrees_with_the_package_summary_of_point_estimates(tmp_path):
    """On raw Monte Carlo rows (flagged, unflagged and a missing flag, which the package
    reads as no flag) the script's n, coverage and bias equal those of
    ``claims.point_and_bound_summaries`` (the point estimates' ``montecarlo.summarise``)."""
    rng = np.random.default_rng(3)
    n = 40
    att = rng.normal(1.0, 2.0, n)
    half = rng.uniform(1.0, 4.0, n)
    flag = pd.array([True] * 30 + [False] * 8 + [None] * 2, dtype="object")
    raw = pd.DataFrame({
        "estimand": "now_vs_never", "estimator": "matched", "replication": np.arange(n),
        "quarter_since_start": 4, "att_pp": att, "true_att_pp": 1.0, "ci_low": att - half,
        "ci_high": att + 0.5 * half, "se": half / 2, "point_identified": flag})
    point, _ = claims.point_and_bound_summaries(raw)
    r = nov.describe(nov._tidy(raw, tmp_path / "raw.csv", 2005), boot=100).iloc[0]
    p = point.iloc[0]
    assert r["n"] == p["replications"] == 32
    assert r["coverage"] == pytest.approx(p["coverage"])
    assert r["bias"] == pytest.approx(p["bias"])
