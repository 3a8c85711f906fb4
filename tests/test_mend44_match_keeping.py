"""mend44: ``benchmarks/never_censoring.py`` and ``never_decompose.py`` each wrapped a module
function by hand to keep what ``newcomer_match`` passed to it (``load_panel``,
``newcomer_truth``); both now use ``never_censoring.match_keeping``. Checked here with stubs
(no generator run): it keeps the last call's arguments and result, hands the result on, and
puts the original back, also when the match fails. On seed 424242 the old and new
``match_with_panel`` / ``match_with_generator`` gave equal panels, truths and matched rows
(mend44, run once; the long benchmarks were not re-run)."""

from __future__ import annotations

from types import SimpleNamespace

import pytest
from benchmark_module import load_benchmark

nd = load_benchmark("never_decompose")
keeping = nd.match_keeping  # the one never_decompose imports from never_censoring


def test_the_last_call_is_kept_and_the_original_put_back(monkeypatch):
    mod = SimpleNamespace(f=lambda *a: sum(a))
    original = mod.f

    def match(seed, estimand):
        assert mod.f is not original  # wrapped while the match runs
        mod.f(1, 2)
        return "res", {4: 1.5}, 8 + mod.f(seed, 1) - seed - 1

    monkeypatch.setitem(keeping.__globals__, "newcomer_match", match)
    res, truth, K, kept = keeping(5, mod, "f")
    assert (res, truth, K) == ("res", {4: 1.5}, 8)  # the wrapped call's result was handed on
    assert kept == {"args": (5, 1), "result": 6}
    assert mod.f is original


def test_the_original_is_put_back_when_the_match_fails(monkeypatch):
    mod = SimpleNamespace(f=len)

    def match(seed, estimand):
        raise RuntimeError("no data")

    monkeypatch.setitem(keeping.__globals__, "newcomer_match", match)
    with pytest.raises(RuntimeError, match="no data"):
        keeping(5, mod, "f")
    assert mod.f is len


def test_match_with_generator_names_the_truths_arguments(monkeypatch):
    from mia_helpers.synthetic import truth as truth_mod

    monkeypatch.setattr(truth_mod, "newcomer_truth", lambda *a: "frame")

    def match(seed, estimand):
        return "res", {}, truth_mod.newcomer_truth("pop", "hist", "cfg", seed, "window") and 8

    monkeypatch.setitem(keeping.__globals__, "newcomer_match", match)
    res, _, K, gen = nd.match_with_generator(7)
    assert (res, K) == ("res", 8)
    assert gen == dict(pop="pop", hist="hist", cfg="cfg", seed=7, window="window",
                       truth="frame")
