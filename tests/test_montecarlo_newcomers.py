"""The inburgering Monte Carlo of Appendix A (issue 14, items 4 and 6; chapter 5's estimator).

``mia_helpers.montecarlo_newcomers`` replicates chapter 5's matched "now versus later" estimate
of signing the integration contract on synthetic newcomers (10,000 per data set, 400 data sets,
linearized intervals, and B = 49 bootstrap replications each for comparison) and compares every estimate with its own data set's truth
(counterfactual re-simulation with common random numbers). Its results are shipped in
``results/montecarlo_newcomers.parquet`` (``python -m mia_helpers.montecarlo_newcomers``).

Tolerances (and why)
--------------------
- The calibration criteria of issue 14 (bias within 2 Monte Carlo SE, coverage in
  [0.90, 0.98] at quarters 4-8) are checked on the shipped 400-replication study by
  ``tests/test_calibration_shipped.py`` in every ``make test`` (the nightly copies of those
  checks here were removed: same rows, same criteria).
- Fast tests check one small replication (1,500 newcomers, 3 bootstrap replications: only the
  shape of the result, not its statistics), the shipped-file mechanism (a stand-in replication
  counts calls) and the sentence of the appendix on hand-made summaries.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from frames import assert_frame_equal
from mc_fakes import fake_replication

from mia_helpers import claims
from mia_helpers import montecarlo_newcomers as mcn

QUARTERS = range(4, 9)


def test_one_replication_returns_the_columns():
    d = mcn.replication(11, newcomers=1500, bootstrap=3, max_quarter=8)
    assert list(d.columns) == list(mcn.REPLICATION_COLUMNS)
    assert set(d["estimand"]) == {"now_vs_later", "now_vs_never"}
    assert set(d["estimator"]) == {"naive", "matched"}
    assert sorted(d["quarter_since_start"].unique()) == list(range(1, 9))
    assert len(d) == 2 * 2 * 8
    # the truth is attached at every quarter with treated (the generator's own starters)
    assert d["true_att_pp"].notna().all()
    m = d[d["estimator"] == "matched"]
    assert (m["ci_low"] <= m["ci_high"]).all()
    assert (d["seed"] == 11).all()
    assert 0 < d["n_matched"].iloc[0] <= d["n_starters"].iloc[0]
    # the same seed gives the same replication (seeded generator and bootstrap)
    again = mcn.replication(11, newcomers=1500, bootstrap=3, max_quarter=8)
    assert_frame_equal(d, again)


def test_replication_rejects_bad_input():
    with pytest.raises(ValueError, match="unknown treatment"):
        mcn.replication(1, newcomers=10, treatment="ibo")
    with pytest.raises(ValueError, match="newcomers"):
        mcn.replication(1, newcomers=0)


def test_study_meets_issue_14():
    """>= 200 replications of the chapter 5 data size (10,000 newcomers)."""
    p = mcn.INBURGERING_STUDY
    assert p["replications"] >= 200 and p["newcomers"] == 10_000
    assert mcn.NEWCOMER_STUDIES["inburgering"] is p


def test_shipped_results_are_fresh():
    """A shipped file must hold the study computed by the current code; without one nothing is
    read and the appendix computes the study itself (slow, never stale)."""
    st = mcn.shipped_status()
    if not mcn._shipped_path().exists():
        assert not st["fresh"].any() and (st["replications"] == 0).all()
        return
    stale = st[~st["fresh"]]
    assert stale.empty, (f"stale study in {mcn.SHIPPED_RESULTS}: {stale['study'].tolist()}; "
                         "regenerate with `python -m mia_helpers.montecarlo_newcomers`")
    want = {n: p["replications"] for n, p in mcn.NEWCOMER_STUDIES.items()}
    assert dict(zip(st["study"], st["replications"], strict=True)) == want


@pytest.fixture
def fake(monkeypatch):
    return fake_replication(mcn, monkeypatch, 4, n_starters=[5], n_matched=[5])


def test_shipped_read_only_under_matching_key(fake, tmp_path, monkeypatch):
    path = tmp_path / "shipped.parquet"
    study = {"small": dict(replications=3, newcomers=10, bootstrap=2)}
    mcn.write_shipped(path, study, n_jobs=1, progress=False)
    assert len(fake) == 3
    got = mcn.run_study(**study["small"], n_jobs=1, progress=False, use_cache=False,
                        shipped=path)
    assert len(fake) == 3  # read, not recomputed
    assert got["replication"].tolist() == [0, 1, 2]
    mcn.run_study(**{**study["small"], "bootstrap": 3}, n_jobs=1, progress=False,
                  use_cache=False, shipped=path)
    assert len(fake) == 6  # another parameter: recomputed
    key = mcn.study_key(**study["small"])
    monkeypatch.setattr(mcn, "code_fingerprint", lambda: "0" * 16)
    assert mcn.study_key(**study["small"]) != key
    assert not mcn.shipped_status(path, study)["fresh"].any()
    mcn.run_study(**study["small"], n_jobs=1, progress=False, use_cache=False, shipped=path)
    assert len(fake) == 9  # changed code: stale, recomputed
    # absent file: computed (and cached), nothing read
    mcn.run_study(**study["small"], n_jobs=1, progress=False, cache_dir=tmp_path / "c",
                  shipped=tmp_path / "absent.parquet")
    assert len(fake) == 12


def test_fingerprint_covers_the_chapter_5_estimator(monkeypatch):
    from mia_helpers import montecarlo

    assert {"newcomers.py", "montecarlo_newcomers.py"} <= set(mcn.EXTRA_SOURCES)
    fp = mcn.code_fingerprint()
    monkeypatch.setattr(montecarlo, "code_fingerprint", lambda: "1" * 16)
    assert mcn.code_fingerprint() != fp  # the generator/estimator sources count too


def _summary(bias, se_err, coverage, R=200):
    rows = []
    for q, b, c in zip(QUARTERS, bias, coverage, strict=True):
        rows.append(dict(estimand="now_vs_later", estimator="matched", quarter_since_start=q,
                         replications=R, mean_truth=1.0, mean_estimate=1.0 + b, bias=b,
                         rmse=1.0, mc_se_bias=se_err, coverage=c,
                         mc_se_coverage=np.sqrt(c * (1 - c) / R), mean_ci_width=2.0))
    return pd.DataFrame(rows)


def test_claims_state_what_was_found():
    ok = claims.inburgering_claims(_summary([0.01] * 5, 0.05, [0.95] * 5))
    assert ok["mcnc_bias_ok"] == 5 and ok["mcnc_coverage_ok"] == 5
    assert "within two Monte Carlo standard errors" in ok["mcnc_sentence"]
    assert "inside [0.90, 0.98] at every one" in ok["mcnc_sentence"]
    bad = claims.inburgering_claims(_summary([0.01, 0.2, 0.01, 0.3, 0.01], 0.05,
                                          [0.95, 0.85, 0.95, 0.99, 0.95]))
    assert bad["mcnc_bias_ok"] == 3
    assert "exceeds two Monte Carlo standard errors at quarters 5 and 7;" in bad["mcnc_sentence"]
    assert "below 0.90 at quarter 5" in bad["mcnc_sentence"]
    assert "above 0.98 at quarter 7" in bad["mcnc_sentence"]
    assert bad["mcnc_max_abs_z"] == pytest.approx(6.0)
    assert bad["mcnc_err_sd_max"] == pytest.approx(0.05 * np.sqrt(200))
    none = claims.inburgering_claims(_summary([0.0] * 5, 0.05, [0.95] * 5).iloc[:0])
    assert "nothing is found" in none["mcnc_sentence"]
    assert np.isnan(none["mcnc_cov_min"])  # every glue name exists, without a finding
    other = claims.inburgering_claims(_summary([0.01] * 5, 0.05, [0.95] * 5), prefix="mcnn")
    assert set(other) == {"mcnn" + k[len("mcnc"):] for k in ok}


def _never_rows(flagged_from: dict[int, int], R: int = 100, seed: int = 0) -> pd.DataFrame:
    """Rows of a fake "now versus never" study at quarters 4-8: unbiased point estimates with
    95 % intervals (error SD 1 pp), and ``flagged_from[q]`` data sets per quarter flagged with
    an unsupported share of 0.6 and an interval widened by 60 pp."""
    rng = np.random.default_rng(seed)
    out = []
    for q in QUARTERS:
        err = rng.normal(0, 1, R)
        share = np.where(np.arange(R) < flagged_from.get(q, 0), 0.6, 0.0)
        out.append(pd.DataFrame({
            "estimand": "now_vs_never", "estimator": "matched", "quarter_since_start": q,
            "replication": np.arange(R), "true_att_pp": 2.0, "att_pp": 2.0 + err,
            "ci_low": 2.0 + err - 1.96 - 100 * share, "ci_high": 2.0 + err + 1.96 + 100 * share,
            "unsupported_share": share, "n_starters": 10, "n_matched": 8}))
    return pd.concat(out, ignore_index=True)


def test_claims_on_bounded_quarters():
    """Each quarter's data sets split into point estimates (both criteria) and bounds
    (flagged: coverage from below only), as in tests/test_calibration_shipped.py."""
    from mia_helpers.montecarlo import summarise

    rows = _never_rows({5: 30, 6: 100, 7: 100, 8: 100})
    c = claims.inburgering_claims(summarise(rows), estimand="now_vs_never", prefix="mcnn",
                                  results=rows)
    assert c["mcnn_coverage_ok"] == 5
    assert "where it is a point estimate" in c["mcnn_sentence"]
    assert ("where the estimate is a bound (at quarters 5, 6, 7 and 8), its widened intervals "
            "hold the truth in at least 0.90 of those data sets") in c["mcnn_sentence"]
    assert ("not point-identified in every data set at quarters 6, 7 and 8 and in 30 of 100 "
            "at quarter 5:") in c["mcnn_bound_sentence"]
    assert "(at quarter 6, a median 60 per cent of the signers lacked support)" in c["mcnn_bound_sentence"]
    none = claims.inburgering_claims(_summary([0.01] * 5, 0.05, [0.95] * 5))
    assert "every estimate there is a point estimate" in none["mcnc_bound_sentence"]
    allb = _never_rows(dict.fromkeys(QUARTERS, 100))
    c = claims.inburgering_claims(summarise(allb), estimand="now_vs_never", prefix="mcnn",
                                  results=allb)
    assert c["mcnn_sentence"].startswith("the estimate is a bound, not a point estimate, at every")
    assert np.isnan(c["mcnn_max_abs_z"])
    # without the rows, quarters flagged in all data sets or in none are judged as before
    assert claims.inburgering_claims(summarise(allb), estimand="now_vs_never", prefix="mcnn")[
        "mcnn_sentence"] == c["mcnn_sentence"]
    # a quarter flagged in some data sets only cannot be split without them (it used to be
    # judged as point estimates, bounds included)
    with pytest.raises(ValueError, match="at quarter 5 the estimate is a bound in some"):
        claims.inburgering_claims(summarise(rows), estimand="now_vs_never", prefix="mcnn")


def test_coverage_tolerance_is_the_band_at_the_study_size():
    low, high = claims.coverage_tolerance([200, 400, 5, 150])
    assert low[:2].tolist() == [0.90, 0.90] and high[:2].tolist() == [0.98, 0.98]
    assert high[3] == pytest.approx(0.95 + 2 * np.sqrt(0.95 * 0.05 / 150))  # 0.9856
    se5 = np.sqrt(0.95 * 0.05 / 5)  # a part of five data sets: 2 binomial SE either side
    assert low[2] == pytest.approx(0.95 - 2 * se5) and high[2] == 1.0  # 1.145, capped at 1
