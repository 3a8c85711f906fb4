"""Chapter 6's generator's value of "non-EU women's extra first-job gap" is the one chapter 2
sets beside its cells: women's minus men's direct term relative to natives of the same sex.

sexmc44: :func:`mia_helpers.conclusions.add_school_leaver_truth` averaged
``job.female_origin_generation`` over the cells without subtracting native women's term, so
with ``job.female_origin_generation.belgian:native`` set its truth was off chapter 2's
(:func:`mia_helpers.subgroups.true_terms_by_sex`) by that term. Exact identities
(floating-point, rtol 1e-12: a mean of three terms).
"""

from __future__ import annotations

import numpy as np
import pytest

from mia_helpers import codes
from mia_helpers import conclusions as cc
from mia_helpers import subgroups as sg

CELLS = ["maghreb:second", "turkish:intermediate", "subsaharan:second"]


def _params(native_women: float) -> dict:
    fog = {f"{o}:{g}": 0.0 for o in codes.ORIGINS for g in codes.GENERATIONS}
    fog.update({"maghreb:second": -0.4, "turkish:intermediate": 0.3,
                "belgian:native": native_women})
    og = {k: -0.2 for k in fog} | {"belgian:native": 0.0}
    return {"config": {"job": {"origin_generation": og, "female_origin_generation": fog}}}


@pytest.mark.parametrize("native_women", [0.0, 0.1])
def test_chapter6_truth_is_chapter2s_women_minus_men_term(native_women):
    params = _params(native_women)
    rows = cc.add_school_leaver_truth({"nonEU_women_job": {"cells": CELLS}}, params)
    t = sg.true_terms_by_sex(params).pivot(index="group", columns="sex", values="truth")
    chapter2 = float((t["female"] - t["male"])[CELLS].mean())
    assert rows["nonEU_women_job"]["truth"] == pytest.approx(chapter2, rel=1e-12)
    assert chapter2 == pytest.approx(np.mean([-0.4, 0.3, 0.0]) - native_women, rel=1e-12)


def test_chapter6_truth_without_cells_is_missing():
    rows = cc.add_school_leaver_truth({"nonEU_women_job": {"cells": []}}, _params(0.1))
    assert np.isnan(rows["nonEU_women_job"]["truth"])


def test_the_independent_cells_se_warns_that_it_understates():
    """Without its fits the non-EU average's SE takes the cells as independent, which the
    Monte Carlo showed too narrow (benchmarks/sex_gap_montecarlo.py): it must say so."""
    import warnings

    import pandas as pd

    rows = []
    for sex, est in (("female", 0.2), ("male", 0.1)):
        for g in ("maghreb:second", "turkish:first"):
            rows.append(dict(model="M3", event="job", sex=sex, group=g, estimate=est,
                             se=0.05, ci_low=est - 0.1, ci_high=est + 0.1, n_persons=500,
                             n_events=200, suppressed=False))
    table = pd.DataFrame(rows)
    missing = [c for c in sg.GAP_COLUMNS if c not in table]
    for c in missing:
        table[c] = {"df_resid": 1000}.get(c, False)
    with pytest.warns(UserWarning, match="understates"):
        d = sg.non_eu_sex_difference(table, "M3", "job")
    assert d["n_cells"] == 2
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        sg.non_eu_sex_difference(table[table["group"] == "turkish:first"], "M3", "job")
