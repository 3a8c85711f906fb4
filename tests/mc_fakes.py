"""A stand-in for a Monte Carlo replication (shared by the shipped-results tests of Appendix A
and of the inburgering study): one row whose estimate depends on the seed, and the seeds it
was called with."""

from __future__ import annotations

from types import ModuleType

import pandas as pd


def fake_replication(module: ModuleType, monkeypatch, quarter: int, **extra: list) -> list[int]:
    """Replace ``module.replication`` by a cheap fake; returns the list of seeds it receives."""
    calls: list[int] = []

    def rep(seed, *args, **kwargs):
        calls.append(seed)
        return pd.DataFrame({"estimand": ["now_vs_later"], "estimator": ["matched"],
                             "quarter_since_start": [quarter], "att_pp": [float(seed % 7)],
                             "ci_low": [0.0], "ci_high": [1.0], "se": [1.0], "n_treated": [5],
                             "true_att_pp": [0.0], **extra, "seed": [seed]})

    monkeypatch.setattr(module, "replication", rep)
    return calls
