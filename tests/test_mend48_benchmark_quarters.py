"""mend48: ``benchmarks/coverage.py`` and ``benchmarks/subgroup_coverage.py`` typed the judged
quarters ``(4, 8)`` as their ``--quarters`` default; they read issue 14's one constant,
``mia_helpers.montecarlo_confirmation.ISSUE14_QUARTERS``, so that a change of the criteria's
quarters reaches them. Checked through ``--help`` only (no benchmark is run): with the constant
set to another pair, the default each prints is that pair."""
from __future__ import annotations

import pytest
from benchmark_module import load_benchmark

from mia_helpers import montecarlo_confirmation


@pytest.mark.parametrize("name", ["coverage", "subgroup_coverage"])
def test_the_default_quarters_are_issue14s(name, monkeypatch, capsys):
    bench = load_benchmark(name)
    monkeypatch.setattr(montecarlo_confirmation, "ISSUE14_QUARTERS", (3, 7))
    with pytest.raises(SystemExit) as stop:
        bench.main(["--help"])
    assert stop.value.code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "ISSUE14_QUARTERS: (3, 7)" in out, out


@pytest.mark.parametrize("name", ["coverage", "subgroup_coverage"])
def test_no_typed_quarters(name):
    from nbrun import ROOT

    assert "(4, 8)" not in (ROOT / "benchmarks" / f"{name}.py").read_text(encoding="utf-8")
