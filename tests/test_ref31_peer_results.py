"""The committed MatchIt benchmark figures Appendix A glues (``results/matchit_peer.json``,
read by :func:`mia_helpers.matchit_compat.peer_benchmark`) and the reader's errors."""

from __future__ import annotations

import json

import pytest

from mia_helpers.matchit_compat import PEER_RESULTS, peer_benchmark, peer_benchmark_claims


def test_committed_file_is_consistent():
    table, meta = peer_benchmark()
    assert {"date", "machine", "matchit_version", "source", "command"} <= set(meta)
    assert table["units"].is_monotonic_increasing and (table["ours_s"] > 0).all()
    # the recorded ratios come from unrounded seconds; the seconds are rounded to two or
    # three significant digits, so their quotient is within 5 % of the ratio
    assert ((table["matchit_s"] / table["ours_s"]) / table["ratio"] - 1).abs().max() < 0.05
    g = peer_benchmark_claims()
    assert g["a_peer_n_big"] == table["units"].max()
    assert g["a_peer_matchit_min_big"] == pytest.approx(table["matchit_s"].iloc[-1] / 60)
    assert g["a_peer_ratio_mid"] == table["ratio"].iloc[-2]


def test_reader_errors_name_the_file_and_column(tmp_path):
    with pytest.raises(FileNotFoundError, match="matchit_peer.py --out"):
        peer_benchmark(tmp_path / "none.json")
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps({"rows": [{"units": 10, "ours_s": 1.0}]}))
    with pytest.raises(ValueError, match=r"lack column \['matchit_s'\]"):
        peer_benchmark(bad)
    one = tmp_path / "one.json"
    one.write_text(json.dumps({"rows": [{"units": 10, "ours_s": 1.0, "matchit_s": 2.0},
                                        {"units": 20, "ours_s": 1.0, "matchit_s": None}]}))
    table, _ = peer_benchmark(one)
    assert table["ratio"].iloc[0] == 2.0  # recomputed when the file has no ratio
    with pytest.raises(ValueError, match="fewer than two|at 1 size"):
        peer_benchmark_claims(one)
    assert str(PEER_RESULTS) == "results/matchit_peer.json"
