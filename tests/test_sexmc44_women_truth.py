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
