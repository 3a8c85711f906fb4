"""The streaming engine (mia_helpers.stream) against the in-memory engine on the same data."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from frames import assert_frame_equal

from mia_helpers import effects as ef
from mia_helpers.effects import estimate_effects, outcome_arrays
from mia_helpers.matching import TreatmentSpec, load_matching_panel, match
from mia_helpers.panel import build_panel
from mia_helpers.stream import generate_chunked, stream_effects
from mia_helpers.synthetic import REGISTERS, generate

MEASURE = "workplace_learning_ibo"
MIN_TREATED = 5
#: summation-order tolerance: the engines add the same float64 terms in another order (risk
#: set by risk set instead of person by person); n * eps64 for n <= 1e5 terms is 2e-11
ORDER_TOL = 1e-10


@pytest.fixture(scope="module")
def data(tmp_path_factory):
    out = tmp_path_factory.mktemp("stream") / "data"
    generate_chunked(out, seed=7, residents=6000, newcomers=0, chunk_persons=2500)
    build_panel(out)
    return out


@pytest.fixture(scope="module")
def both(data):
    spec = TreatmentSpec.measure(MEASURE)
    res = match(load_matching_panel(data, [spec]), spec, k=3, min_treated=MIN_TREATED)
    ref = estimate_effects(res, bootstrap=0, progress=False)
    # small chunks: persons of one risk set come from several chunks
    st = stream_effects(data, spec, k=3, min_treated=MIN_TREATED, chunk_persons=700)
    return res, ref, st


def _ipcw_fit(res):
    """The in-memory engine's IPCW fit (linear predictor of every row, quarter terms)."""
    ea = ef.estimation_arrays(res, "person_id", "score")
    oa = outcome_arrays(res, 12)
    return ef._fit_ipcw_arrays(ea.X, ea.names, ea.control, ea.weight, oa.E, oa.S, oa.A, oa.reg,
                               12)


def test_chunked_generation_equals_one_run(tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    generate(a, seed=5, residents=900, newcomers=450, truth=False)
    generate_chunked(b, seed=5, residents=900, newcomers=450, chunk_persons=400)
    for r in REGISTERS:
        assert_frame_equal(pd.read_parquet(a / f"{r}.parquet"),
                                      pd.read_parquet(b / f"{r}.parquet"), obj=r)


def test_support_and_pairs_equal(both):
    res, _, st = both
    assert_frame_equal(res.support, st.support[res.support.columns],
                                  check_dtype=False)
    assert len(st.pairs) == len(res.pairs)
    # the same treated-control person-quarters (positions differ: the stream orders rows by
    # risk set first)
    r = res.rows
    pid, q = r["person_id"].to_numpy(), r["quarter"].to_numpy()
    t, c = res.pairs["treated"].to_numpy(), res.pairs["control"].to_numpy()
    mem = pd.DataFrame({"treated_person": pid[t], "treated_quarter": q[t],
                        "control_person": pid[c], "control_quarter": q[c],
                        "weight": res.pairs["weight"].to_numpy(),
                        "distance": res.pairs["distance"].to_numpy()})
    cols = list(mem.columns)
    srt = cols[:4]
    assert_frame_equal(
        st.pairs[cols].sort_values(srt, ignore_index=True),
        mem.sort_values(srt, ignore_index=True), check_dtype=False, rtol=0, atol=ORDER_TOL)
    assert st.n_rows == len(r)
    assert st.n_treated == res.n_treated


def test_effects_equal(both):
    res, ref, st = both
    got = st.tidy
    assert list(got.columns) == list(ref.columns)
    # the positivity flag of "now versus never" (no interval to widen in the stream)
    assert (got["point_identified"].to_numpy() == ref["point_identified"].to_numpy()).all()
    assert_frame_equal(got[["measure", "estimand", "quarter_since_start",
                                       "estimator", "n_treated"]],
                                  ref[["measure", "estimand", "quarter_since_start",
                                       "estimator", "n_treated"]], check_dtype=False)
    # documented difference: the IPCW linear predictor is a float32 matrix-vector product in
    # both engines, over all rows in memory and over the matched controls in the stream, so
    # BLAS blocks it differently; the fitted IPCW coefficients are equal (checked below) and
    # eta differs by float32 rounding, at most p * 2^-23 * max|eta| (p terms). An IPCW weight
    # is 1 / S with S a product of (1 - h), h = expit(eta + b_l) <= 1, so a change d in every
    # eta changes each log-weight by at most K d; the Kaplan-Meier incidence, a function of
    # ratios of weighted sums, moves by at most about 2 K d: tolerance 100 * 2 K d pp.
    eta, _ = _ipcw_fit(res)
    ctrl = np.unique(res.pairs["control"])
    d = res.X.shape[1] * 2.0**-23 * np.abs(eta[ctrl]).max()
    never_tol = 100 * 2 * 12 * d
    for (estimand, estimator), g in ref.groupby(["estimand", "estimator"]):
        tol = never_tol if (estimand, estimator) == ("now_vs_never", "matched") else ORDER_TOL
        s = got.loc[g.index]
        for c in ("att_pp", "treated_outcome", "control_outcome"):
            scale = 100 if c == "att_pp" else 1
            np.testing.assert_allclose(s[c], g[c], rtol=0, atol=tol / (100 / scale),
                                       err_msg=f"{estimand} {estimator} {c}")
    assert np.isfinite(ref["att_pp"]).sum() > 20


def test_ipcw_fit_equal(both):
    res, _, st = both
    _, beta_l = _ipcw_fit(res)
    np.testing.assert_allclose(st.ipcw_quarter_terms, beta_l, rtol=0, atol=ORDER_TOL)


def test_balance_equal(both):
    res, _, st = both
    a = res.balance.set_index(["risk_set", "covariate"])
    b = st.balance.set_index(["risk_set", "covariate"]).reindex(a.index)
    assert len(st.balance) == len(res.balance)
    per = a.index.get_level_values(0) != "pooled"
    np.testing.assert_allclose(b[per].to_numpy(float), a[per].to_numpy(float), rtol=0,
                               atol=ORDER_TOL, equal_nan=True)
    # documented difference: the pooled row sums all rows in float32 BLAS products in memory
    # and float64 per risk set in the stream; float32 sums of n terms carry relative error up
    # to n * 2^-24 (n = risk-set rows), and an SMD is a difference of means over an SD
    n = st.n_rows
    np.testing.assert_allclose(b[~per].to_numpy(float), a[~per].to_numpy(float), rtol=0,
                               atol=4 * n * 2.0**-24 * np.nanmax(np.abs(a[~per].to_numpy(float))),
                               equal_nan=True)


def test_thin_risk_set_refused(data):
    spec = TreatmentSpec.measure(MEASURE)
    with pytest.raises(ValueError, match="min_treated"):
        stream_effects(data, spec, min_treated=10**6)


def test_bad_arguments(data):
    spec = TreatmentSpec.measure(MEASURE)
    with pytest.raises(ValueError, match="chunk_persons"):
        stream_effects(data, spec, chunk_persons=0)
    with pytest.raises(ValueError, match="caliper"):
        stream_effects(data, spec, caliper=0)


# argument checks: each bad value is refused before any file is read (the data folder does not
# exist, so reaching the data would raise a different error) or written

BAD_STREAM_ARGUMENTS = [
    ({"threads": 0}, "threads"),
    ({"threads": -2}, "threads"),
    ({"threads": 1.5}, "threads"),
    ({"max_quarter": 0}, "max_quarter"),
    ({"max_quarter": -1}, "max_quarter"),
    ({"chunk_persons": 2.5}, "chunk_persons"),
    ({"chunk_persons": 0}, "chunk_persons"),
    ({"chunk_persons": -100}, "chunk_persons"),
    ({"chunk_persons": 0.5}, "chunk_persons"),
    ({"chunk_persons": float("nan")}, "chunk_persons"),
    ({"k": 0}, "k must"),
    ({"k": True}, "k must"),
    ({"min_treated": 0}, "min_treated"),
    ({"min_treated": 2.5}, "min_treated"),
    ({"caliper": 0}, "caliper"),
    ({"caliper": -0.2}, "caliper"),
    ({"caliper": float("nan")}, "caliper"),
    ({"caliper": "0.2"}, "caliper"),
    ({"estimands": ()}, "estimands"),
    ({"estimands": "now_vs_later"}, "estimands"),
    ({"estimands": ("now_vs_soon",)}, "estimands"),
]


@pytest.mark.parametrize(("kwargs", "name"), BAD_STREAM_ARGUMENTS,
                         ids=[f"{next(iter(k))}={next(iter(k.values()))!r}"
                              for k, _ in BAD_STREAM_ARGUMENTS])
def test_bad_argument_named_before_reading(tmp_path, kwargs, name):
    spec = TreatmentSpec.measure(MEASURE)
    value = next(iter(kwargs.values()))
    with pytest.raises(ValueError, match=name) as err:
        stream_effects(tmp_path / "no_data", spec, **kwargs)
    shown = value[0] if isinstance(value, tuple) and value else value
    if not isinstance(value, float) or value == value:  # the value is shown (NaN as nan)
        assert repr(shown) in str(err.value)
    assert list(tmp_path.iterdir()) == []


def test_unknown_measure_lists_the_codes(tmp_path):
    from mia_helpers import codes

    with pytest.raises(ValueError, match="spec.treatment") as err:
        stream_effects(tmp_path, TreatmentSpec.measure("workplace_learning_ib0"))
    assert "'workplace_learning_ib0'" in str(err.value)
    assert all(m in str(err.value) for m in codes.MEASURES)
    with pytest.raises(ValueError, match="spec.population"):
        stream_effects(tmp_path, TreatmentSpec.measure(MEASURE, population="residents"))
    with pytest.raises(ValueError, match="spec.max_clock"):
        stream_effects(tmp_path, TreatmentSpec.measure(MEASURE, max_clock=0))
    with pytest.raises(ValueError, match="spec must be"):
        stream_effects(tmp_path, MEASURE)


def test_missing_work_dir_named(tmp_path):
    with pytest.raises(ValueError, match="work_dir"):
        stream_effects(tmp_path, TreatmentSpec.measure(MEASURE), work_dir=tmp_path / "absent")


def test_whole_floats_accepted(tmp_path):
    """``2e5`` is a whole number: accepted (the error is then the missing panel, not the
    argument)."""
    from mia_helpers.files import DataFileError

    with pytest.raises((DataFileError, FileNotFoundError)):
        stream_effects(tmp_path, TreatmentSpec.measure(MEASURE), chunk_persons=2e5,
                       max_quarter=12.0, threads=np.int64(1))


@pytest.mark.parametrize(("kwargs", "name"), [
    ({"chunk_persons": 0}, "chunk_persons"), ({"chunk_persons": 10.5}, "chunk_persons"),
    ({"residents": -1}, "residents"), ({"newcomers": 1.5}, "newcomers"),
    ({"residents": 0, "newcomers": 0}, "both 0"), ({"seed": -1}, "seed"),
])
def test_generate_chunked_bad_arguments(tmp_path, kwargs, name):
    out = tmp_path / "data"
    with pytest.raises(ValueError, match=name):
        generate_chunked(out, **{"residents": 10, "newcomers": 0, **kwargs})
    assert not out.exists()
