"""``benchmarks/seed_runs.py`` (rev46): the one append loop and stopping rule of the issue-14
seed protocols, before written in ``never_k.py`` and ``never_positivity.py`` (duplicates D1).
Each script's ``run`` is called with its evaluation replaced by a fake that returns one row
per seed: the file holds the seeds in order with their replication index, a seed already in
the file is not evaluated again, and no data set starts after the stopping time. Exact
checks."""
from __future__ import annotations

import pandas as pd
import pytest
from benchmark_module import load_benchmark

runs = load_benchmark("seed_runs")
nk = load_benchmark("never_k")
npos = load_benchmark("never_positivity")
LATE = "23:59"  # no test runs in the day's last minute...
EARLY = "00:00"  # ...nor before midnight: now is always past it


def _fake(calls: list[int]):
    def rows(seed: int, *k: int) -> pd.DataFrame:
        calls.append(seed)
        return pd.DataFrame({"seed": [seed], "k": list(k) or [0], "x": [seed % 7]})
    return rows


def test_append_seeds_appends_in_order_and_skips_done(tmp_path, capsys):
    out = tmp_path / "sub" / "rows.csv"
    calls: list[int] = []
    runs.append_seeds([11, 12, 13], {12}, out, _fake(calls), LATE)
    got = pd.read_csv(out)
    assert calls == [11, 13]
    assert got["replication"].tolist() == [0, 2] and got["seed"].tolist() == [11, 13]
    runs.append_seeds([11, 12, 13, 14], {11, 12, 13}, out, _fake(calls), LATE)
    assert pd.read_csv(out)["seed"].tolist() == [11, 13, 14]  # one header, appended
    assert "data set 3 seed 14" in capsys.readouterr().out


def test_no_data_set_starts_after_the_stopping_time(tmp_path, capsys):
    out = tmp_path / "rows.csv"
    calls: list[int] = []
    runs.append_seeds([11, 12], set(), out, _fake(calls), EARLY)
    assert calls == [] and not out.exists()
    assert "stopping rule: 00:00 UTC reached before data set 0" in capsys.readouterr().out


def test_a_stopping_time_that_is_no_time_is_refused():
    with pytest.raises(ValueError, match="--stop-at.*HH:MM.*'noon'"):
        runs.stop_time("noon")


def test_never_k_runs_every_k_of_a_seed_and_skips_complete_seeds(tmp_path, monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(nk, "replicate", _fake(calls))
    out = tmp_path / "k.csv"
    nk.run(2, out, LATE)
    got = pd.read_csv(out)
    seeds = list(nk.replication_seeds(nk.BASE_SEED, 3))
    assert got["seed"].tolist() == [s for s in seeds[:2] for _ in nk.KS]
    assert got["k"].tolist() == list(nk.KS) * 2 and got["replication"].tolist() == [0] * 3 + [1] * 3
    calls.clear()
    nk.run(3, out, LATE)
    assert calls == [seeds[2]] * len(nk.KS)


def test_never_positivity_runs_a_seed_once(tmp_path, monkeypatch):
    calls: list[int] = []
    monkeypatch.setattr(npos, "evaluate", _fake(calls))
    out = tmp_path / "p.csv"
    npos.run(2, out, LATE)
    npos.run(2, out, LATE)
    seeds = list(npos.replication_seeds(npos.BASE_SEED, 2))
    assert calls == seeds
    assert pd.read_csv(out)[["replication", "seed"]].values.tolist() == [[0, seeds[0]],
                                                                         [1, seeds[1]]]
