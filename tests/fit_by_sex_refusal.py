"""Shared test set-up: ``subgroups.fit_by_sex`` with a KHB decomposition that refuses a term
(``KHBNotIdentifiedError``) and the hazard fits stubbed out (test_x13, dpo25)."""

from __future__ import annotations

import warnings

import pandas as pd


def fit_by_sex_refused(monkeypatch, reason: str, event: str) -> tuple[dict, list]:
    """``fit_by_sex`` over one ``event`` of a female and a male row where KHB refuses
    ``dutch_level[none]`` with ``reason``: (its result, the warnings it raised)."""
    from mia_helpers import subgroups as sg
    from mia_helpers.khb import KHBNotIdentifiedError

    def refuse(*args, **kwargs):
        raise KHBNotIdentifiedError({"dutch_level[none]": reason}, ["g"])

    monkeypatch.setattr(sg, "khb", refuse)
    monkeypatch.setattr(sg.hz, "group_periods", lambda p, covs: p)
    monkeypatch.setattr(sg.hz, "fit_hazard", lambda *a, **k: None)
    monkeypatch.setattr(sg, "blocks_within_sex", lambda blocks: {"individual": ["x"]})
    periods = {event: pd.DataFrame({"sex": ["female", "male"]})}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        out = sg.fit_by_sex(periods, ["individual"])
    return out, caught
