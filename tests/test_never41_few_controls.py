"""Issue 14, third protocol (``benchmarks/never_repair3.py``): the matched "now versus never"
gives no point estimate where the twins' Kaplan-Meier rests on fewer than
``effects.MIN_CONTROL_PERSONS`` effective (Kish) persons.

Exact checks: the Kish count is a closed formula on hand-made weights (no tolerance beyond
float rounding, 1e-12); the flag, the worst-case interval and the warning follow it
horizon by horizon on a drawn design; the benchmark's count (which the held-out test used)
and the package's are the same numbers on the same design."""
from __future__ import annotations

import sys
import warnings
from pathlib import Path

import numpy as np
import pytest
from drawn_designs import risk_set_design

from mia_helpers import core
from mia_helpers import effects as ef

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))


def _hand(weights_by_row, person, S, A, K=3):
    """Arrays for :func:`effects._effective_control_persons` with one treated per control
    row, every IPCW weight 1 (eta -inf: no start is ever modelled) and pair weights
    ``weights_by_row``."""
    n = len(person)
    tp = np.full(n, n)  # one treated row, observed throughout
    cp = np.arange(n)
    A_all = np.append(np.asarray(A, np.int64), K)
    S_all = np.append(np.asarray(S, np.int64), 10_000)
    eta = np.full(n + 1, -np.inf)
    reg = np.ones((n + 1, K), bool)
    pers = np.append(np.asarray(person), -1)
    return ef._effective_control_persons(eta, np.zeros(K), tp, cp,
                                         np.asarray(weights_by_row, float), S_all, A_all, reg,
                                         pers, K)


def test_kish_count_on_hand_made_weights():
    # four persons with equal weight: 4 at every horizon
    assert _hand([1, 1, 1, 1], [0, 1, 2, 3], [99] * 4, [3] * 4) == pytest.approx([4, 4, 4],
                                                                                 abs=1e-12)
    # one person holding two rows counts once: weights by person 2, 1, 1 -> 16 / 6
    assert _hand([1, 1, 1, 1], [0, 0, 1, 2], [99] * 4, [3] * 4)[0] == pytest.approx(16 / 6,
                                                                                   abs=1e-12)
    # unequal weights 3, 1: (4)^2 / 10
    assert _hand([3, 1], [0, 1], [99, 99], [3, 3])[0] == pytest.approx(1.6, abs=1e-12)
    # a row censored by its own start at 1 (S = 1: at risk through horizon 1 only) or by the
    # end of observation at 2 leaves the count from the next horizon on
    got = _hand([1, 1, 1, 1], [0, 1, 2, 3], [1, 99, 99, 99], [3, 2, 3, 3])
    assert got == pytest.approx([4, 3, 2], abs=1e-12)


def _design(n_persons, seed=3):
    return risk_set_design(np.random.default_rng(seed), n_persons, 6, start_periods=3,
                           start_intercept=-1.8, reg_until=2, with_pairs=True)


def _curves(ea, oa, **kw):
    with warnings.catch_warnings(record=True) as got:
        warnings.simplefilter("always")
        out = ef.effect_curves(ea, oa, ("now_vs_never",), interval="linearized", **kw)
    return out[("now_vs_never", "matched")], [str(w.message) for w in got
                                              if issubclass(w.category,
                                                            core.NotIdentifiedWarning)]


def _n_eff(ea, oa):
    eta, bl = ef._fit_ipcw_arrays(ea.X, ea.names, ea.control, ea.weight, oa.E, oa.S, oa.A,
                                  oa.reg, oa.max_quarter)
    return ef._effective_control_persons(eta, bl, ea.treated_pos, ea.control, ea.weight,
                                         oa.S, oa.A, oa.reg, ea.person, oa.max_quarter)


@pytest.mark.parametrize("n_persons", [60, 400])
def test_flag_interval_and_warning_follow_the_count(n_persons):
    ea, oa = _design(n_persons)
    n_eff = _n_eff(ea, oa)
    # a threshold between the two largest distinct counts, so that some horizons are
    # withheld and some not (whatever the draw)
    u = np.unique(n_eff[n_eff > 0])
    thr = float(u[-2:].mean())
    c, msgs = _curves(ea, oa, min_persons=thr)
    pos = c["unsupported"] > 0
    few = (n_eff < thr) & ~(_curves(ea, oa, min_persons=0)[0]["unsupported"] > 0)
    assert few.any() and (~few).any(), n_eff
    # the positivity share is left as it is; the flag and the count say why
    np.testing.assert_array_equal(c["unsupported"][few], 0.0)
    np.testing.assert_array_equal(c["point_identified"], ~pos & ~few)
    np.testing.assert_allclose(c["effective_controls"], n_eff, rtol=1e-12)
    np.testing.assert_allclose(c["lo"][few], 100 * (c["m1"][few] - 1))
    np.testing.assert_allclose(c["hi"][few], 100 * c["m1"][few])
    assert any("effective twins" in m for m in msgs), msgs
    # with min_persons 0 the rule withholds nothing: every horizon it withheld above is then
    # a point estimate unless positivity flags it
    c0, msgs0 = _curves(ea, oa, min_persons=0)
    assert not any("effective twins" in m for m in msgs0)
    assert c0["point_identified"][few].all()
    np.testing.assert_array_equal(c0["att"], c["att"])  # the estimate itself is unchanged


def test_benchmark_count_is_the_package_count():
    never_repair3 = pytest.importorskip("never_repair3")
    ea, oa = _design(400)
    eta, bl = ef._fit_ipcw_arrays(ea.X, ea.names, ea.control, ea.weight, oa.E, oa.S, oa.A,
                                  oa.reg, oa.max_quarter)
    np.testing.assert_allclose(never_repair3.effective_controls(ea, oa, eta, bl,
                                                                oa.max_quarter),
                               _n_eff(ea, oa), rtol=1e-12)


def _support_table(**cols):
    import pandas as pd

    base = dict(horizon=[1, 2, 3], point_identified=[True, False, False],
                unsupported_share=[0.0, 0.0, 0.2], effective_controls=[50.0, 5.0, 3.0],
                n_treated=[100, 100, 100])
    base.update(cols)
    return pd.DataFrame(base)


def test_support_sentence_names_the_few_twins_apart_from_positivity():
    from mia_helpers.claims import never_support_sentence

    both = never_support_sentence(_support_table(), [1, 2, 3])
    # period 3 fails positivity on 3 effective twins: its interval is the whole worst case
    # (fix43), named with the few-twins horizons, not widened by 20 points (doc44)
    assert "about 20 per cent" in both and "periods 2 and 3" in both
    assert "20.0 points" not in both
    assert "fewer than 10 effective twins" in both and "either" in both
    alone = never_support_sentence(_support_table().iloc[:2], [1, 2])
    assert "positivity holds" in alone and "fewer than 10 effective twins" in alone
    assert "either" not in alone
    # without the column (an older table) a flag with a share of 0 has no other cause
    old = never_support_sentence(_support_table().drop(columns="effective_controls"),
                                 [1, 2, 3])
    assert "period 2" in old and "fewer than 10 effective twins" in old
    # a suppressed share: the count decides; without it the flag reads as positivity
    hidden = _support_table(unsupported_share=[0.0, np.nan, 0.2])
    assert "fewer than 10 effective twins" in never_support_sentence(hidden, [1, 2, 3])
    assert "effective twins" not in never_support_sentence(
        hidden.drop(columns="effective_controls"), [1, 2, 3])


def test_split_rule_reads_the_flag_and_old_rows():
    import pandas as pd

    from mia_helpers.labels import not_point_identified

    new = pd.DataFrame(dict(point_identified=[True, False, False],
                            unsupported_share=[0.0, 0.0, 0.3]))
    np.testing.assert_array_equal(not_point_identified(new), [False, True, True])
    old = new.drop(columns="point_identified")
    np.testing.assert_array_equal(not_point_identified(old), [False, False, True])
