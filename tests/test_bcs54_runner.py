"""The bias-corrected matching study's runner (``benchmarks/bias_corrected_study.py``) on
trial seed 4280 (the brief's trial seeds 4280-4299; never a seed of the study's base 2028):
its data set is ``replication_match``'s, its expected errors are the exploratory diagnosis's,
its checks and its cache refuse what they should.

The corrected estimator is :func:`mia_helpers.bias_correction.corrected_later_estimates`;
:func:`_standin`, the diagnosis's formula written here, is the reference it is held to."""

from __future__ import annotations

import re
import sys

import numpy as np
import pandas as pd
import pytest
from benchmark_module import load_benchmark

from mia_helpers.bias_correction import corrected_later_estimates

SEED = 4280

run = load_benchmark("bias_corrected_study")
nvl = run.nvl  # the runner's own instance: its recorder and PATCH are the ones installed
SIM = nvl.SIM


def _standin(ea, Y, observed, level=0.95):
    """The diagnosis's ``bias_corrected`` formula (``one_horizons``) on the outcomes ``Y``:
    per horizon, mu0 = least squares of Y on [1, X, risk-set dummies] among the pool rows
    observed there; points only (no variance)."""
    tp, cp, w = ea.treated_pos, ea.control, ea.weight
    tu, tinv = np.unique(tp, return_inverse=True)
    rs = pd.factorize(ea.risk_set)[0]
    design = np.column_stack([np.ones(len(rs)), ea.X.astype(np.float64),
                              rs[:, None] == np.arange(1, rs.max() + 1)[None, :]])
    A = observed.sum(axis=1)  # observed is A >= k for k = 1..K: A = number of True
    recs = []
    for k in range(1, Y.shape[1] + 1):
        v, ok = nvl._pair_weights_at(k, tp, cp, w, tinv, tu.size, A)
        o = observed[:, k - 1] & ~ea.treated
        beta = np.linalg.lstsq(design[o], Y[o, k - 1], rcond=None)[0]
        mu0 = design @ beta
        m1 = Y[tu[ok], k - 1].mean()
        m0u = np.bincount(tinv, v * Y[cp, k - 1], tu.size)[ok].mean()
        corr = (mu0[tu] - np.bincount(tinv, v * mu0[cp], tu.size))[ok].mean()
        recs.append(dict(quarter_since_start=k, n_treated=int(ok.sum()), m1=m1,
                         m0=m0u + corr, m0_uncorrected=m0u, att_pp=100 * (m1 - m0u - corr),
                         att_uncorrected_pp=100 * (m1 - m0u), correction_pp=100 * corr,
                         se_pp=np.nan, df=np.nan, ci_low=np.nan, ci_high=np.nan))
    return pd.DataFrame(recs)


@pytest.fixture
def originals():
    """The generator's own ``_Run`` methods during and after the test (the runner installs
    the diagnosis's recorder in this process)."""
    def restore():
        SIM._Run.__init__, SIM._Run.search = nvl._ORIG["init"], nvl._ORIG["search"]
        SIM._Run.finish, SIM._Run.u, SIM._Run.us = (nvl._ORIG["finish"], nvl._ORIG["u"],
                                                    nvl._ORIG["us"])
        nvl.PATCH["record"], nvl.PATCH["fresh"] = True, None
    restore()
    yield
    restore()


def test_runner_draws_replication_match_data_set(originals):
    """Same risk-set rows, pairs and truths as ``replication_match(4280)`` (drawn first, with
    the generator's own methods; the runner's draw has the recorder installed)."""
    from mia_helpers.montecarlo_newcomers import replication_match

    ref, truth = replication_match(SEED, 10_000, 0, "inburgering", 3, 0.2)
    d, t = run.draw(SEED)
    res = run.match(d)
    pd.testing.assert_frame_equal(res.rows.reset_index(drop=True),
                                  ref.rows.reset_index(drop=True))
    pd.testing.assert_frame_equal(res.pairs.reset_index(drop=True),
                                  ref.pairs.reset_index(drop=True))
    mine = run.truth_rows(res, d, t)
    theirs = truth[truth["estimand"] == "now_vs_later"].set_index("quarter_since_start")
    for col in ("true_att_pp", "true_att_matched_pp"):
        np.testing.assert_array_equal(mine[col].to_numpy(),
                                      theirs[col].reindex(range(1, 13)).to_numpy())


def test_expected_errors_are_the_diagnosis(originals, monkeypatch):
    """The book's expected error is the diagnosis's ``hz_package`` (the same sums: 1e-9 pp);
    the corrected one is the diagnosis's ``bias_corrected`` formula with its regression fitted
    on the expected outcomes, as the design applies the estimator to them (1e-6 pp: float32
    covariates in the estimation arrays against float64 in the diagnosis). The diagnosis's own
    ``hz_bias_corrected`` fits the regression on the realised outcomes instead; the stand-in
    on the realised outcomes reproduces it, which pins the stand-in to the diagnosis."""
    from mia_helpers.effects import estimation_arrays, outcome_arrays

    monkeypatch.setattr(nvl, "SEED_RANGE", range(SEED, SEED + 1))
    nvl.install_recorder()  # as the diagnosis's main() does
    hz = nvl.one_horizons(SEED, 10_000, 2)
    rows = run.dataset_rows(SEED, corrected_later_estimates, replicas=2)
    book = rows[rows["estimator"] == "book"].set_index("quarter_since_start")
    corr = rows[rows["estimator"] == "corrected"].set_index("quarter_since_start")
    ks = range(1, 13)
    np.testing.assert_allclose(book["expected_error_pp"], [hz[f"hz_package_q{k}"] for k in ks],
                               rtol=0, atol=1e-9)
    # the diagnosis's corrected variant on the same expected outcomes
    d, _ = run.draw(SEED)
    res = run.match(d)
    ea, oa = estimation_arrays(res, "person_id", "score"), outcome_arrays(res, 12)
    kk = np.arange(1, 13)[None, :]
    obs = oa.A[:, None] >= kk
    r, c = nvl.starts_of(d["pop"], res.rows["person_id"].to_numpy(),
                         res.rows["quarter"].to_numpy(), d["window"])
    mu = nvl.expected_outcomes(d, r, c, res.rows["treated"].to_numpy(bool), 2)
    np.testing.assert_allclose(corr["expected_error_pp"], _standin(ea, mu, obs)["att_pp"],
                               rtol=0, atol=1e-6)
    # mixing: the diagnosis's control sums on mu, its regression on the realised outcomes
    real = _standin(ea, (oa.E[:, None] <= kk).astype(float), obs)
    mixed = (_standin(ea, mu, obs)["att_uncorrected_pp"] - real["correction_pp"]).to_numpy()
    np.testing.assert_allclose(mixed, [hz[f"hz_bias_corrected_q{k}"] for k in ks], rtol=0,
                               atol=1e-6)
    assert (book["n_treated"] == corr["n_treated"]).all()
    assert set(rows.columns) == set(run.bcs.RESULT_COLUMNS)


def test_runner_raises_when_uncorrected_is_not_the_package(originals):
    def shifted(ea, Y, observed, level=0.95):
        out = _standin(ea, Y, observed, level)
        return out.assign(att_uncorrected_pp=out["att_uncorrected_pp"] + 1e-6)

    with pytest.raises(RuntimeError, match=f"seed {SEED}: the corrected function's"):
        run.dataset_rows(SEED, shifted, replicas=1)


def test_smoke_refuses_other_seeds():
    for a, b in ((2028, 2029), (4279, 4281), (4299, 4301), (4285, 4285)):
        with pytest.raises(ValueError, match="trial seeds 4280-4299 only"):
            run.smoke(a, b)


def test_cache_refuses_files_of_other_code(tmp_path):
    df = pd.DataFrame({c: [0.0] for c in run.bcs.RESULT_COLUMNS})
    key = dict(study_params=dict(run.bcs.study_params()), code_fingerprint="a", sha256={})
    run.write_rows(df, tmp_path / "seed_1.parquet", dict(key, seed=1))
    assert run.cached_seeds(tmp_path, [1, 2], key) == [1]
    assert run.read_meta(tmp_path / "seed_1.parquet")["code_fingerprint"] == "a"
    with pytest.raises(RuntimeError, match="another code or design"):
        run.cached_seeds(tmp_path, [1, 2], dict(key, code_fingerprint="b"))
    with pytest.raises(RuntimeError, match="another code or design"):
        run.cached_seeds(tmp_path, [2, 3], key)  # a seed of another run


def test_run_study_writes_metadata_and_resumes(originals, tmp_path, capsys, monkeypatch):
    """The study's path end to end on one trial seed and one worker: the result file carries
    the design, the code fingerprint, the three sources' hashes, the date and the run time; a
    second run reads the partial file instead of drawing the data set again; progress lines
    carry no figure of the study."""
    from mia_helpers import montecarlo_newcomers as mcn

    out = tmp_path / "result.parquet"
    monkeypatch.setitem(sys.modules, run.__name__, run)  # the workers unpickle its _work
    run.run_study(tmp_path / "cache", out, jobs=1, seeds=[SEED])
    meta = run.read_meta(out)
    assert meta["code_fingerprint"] == mcn.code_fingerprint()
    assert meta["study_params"] == dict(run.bcs.study_params())
    assert set(meta["sha256"]) == {"mia_helpers/bias_correction.py",
                                   "benchmarks/bias_corrected_study.py",
                                   "benchmarks/nvl_bias_diagnosis.py"}
    assert meta["data_sets"] == 1 and meta["run_seconds"] > 0 and meta["date"]
    first = pd.read_parquet(out)
    assert len(first) == 24
    printed = capsys.readouterr().out
    assert printed.count("\n") == 3 and "1 of 1 data set done" in printed
    assert not re.findall(r"\d\.\d", printed.replace(str(tmp_path), ""))  # no figure
    run.run_study(tmp_path / "cache", out, jobs=1, seeds=[SEED])
    assert "1 of 1 data set already in" in capsys.readouterr().out
    pd.testing.assert_frame_equal(pd.read_parquet(out), first)


def test_design_switch_selects_the_second_study(monkeypatch):
    """``--design targeted`` runs the second study's design (40,000 newcomers, base 2030) and
    writes its own result file; an unknown design is refused before anything runs."""
    from mia_helpers import claims

    monkeypatch.setattr(run, "bcs", run.bcs)
    monkeypatch.setattr(run, "DESIGN_NAME", run.DESIGN_NAME)
    run.use_design("targeted")
    assert run.bcs.DESIGN["newcomers"] == 40_000 and run.bcs.DESIGN["base_seed"] == 2030
    assert run.code_key()["study_params"]["replications"] == 150
    assert claims.BIAS_CORRECTED_STUDIES[run.DESIGN_NAME]["results"].name == \
        "montecarlo_bias_corrected_targeted.parquet"
    run.use_design("book")
    assert run.bcs.DESIGN["newcomers"] == 10_000
    with pytest.raises(ValueError, match="unknown design 'other'"):
        run.use_design("other")
