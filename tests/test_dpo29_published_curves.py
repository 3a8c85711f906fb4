"""Rendement curves drawn where chapter 4 hides them (DPO review 29).

Seed 4242, 1,500 residents, 500 newcomers, ``min_cell`` 20: Appendix A drew the IBO
matched effect at quarters 1, 5 and 8 (``curves_for_plot`` only), which chapter 4's figure
hides (the starters who entered at quarter 1 were few; the summary hid quarters 5 and 8),
and averaged them in its prose beside the published truths; and both figures drew naive
points whose own starters who entered numbered 7 to 19 (basic training at quarter 1: 7),
the rule that hides a matched point there. These tests fail before the mend.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers.effect_tables import (
    estimate_shown,
    hide_one_sided_points,
    one_side_small,
    published_curves,
    summary_hides,
    summary_table,
    with_twin_persons,
)

ROOT = Path(__file__).resolve().parents[1]


def _rows(estimator: str, entered: int, n: int = 174) -> pd.DataFrame:
    """One effect row of basic training at quarter 1 with ``entered`` starters who entered."""
    return pd.DataFrame({
        "measure": ["training_basic"], "estimand": ["now_vs_later"], "quarter_since_start": [1],
        "estimator": [estimator], "att_pp": [-5.1], "ci_low": [-8.3], "ci_high": [-1.9],
        "att_rel": [-0.58], "se": [1.4], "n_treated": [n], "treated_outcome": [entered / n],
        "control_outcome": [0.089], "treated_entered_persons": [entered],
        "treated_not_entered_persons": [n - entered], "treated_persons": [n],
        "control_entered_persons": [873], "control_not_entered_persons": [1323]})


def test_naive_point_on_few_entrants_is_not_drawn():
    tidy = pd.concat([_rows("naive", 7), _rows("matched", 40)], ignore_index=True)
    out = hide_one_sided_points(tidy.copy(), tidy, min_cell=20)
    assert out.loc[out["estimator"] == "naive", "att_pp"].isna().all()
    assert out.loc[out["estimator"] == "matched", "att_pp"].notna().all()


def test_naive_point_on_enough_entrants_is_drawn():
    tidy = pd.concat([_rows("naive", 25), _rows("matched", 40)], ignore_index=True)
    out = hide_one_sided_points(tidy.copy(), tidy, min_cell=20)
    assert out["att_pp"].notna().all()


def test_matching_claims_average_only_drawn_points():
    """Appendix A's mean gaps read only the estimates its figure draws (claims._drawn)."""
    import inspect

    q = np.arange(1, 5)
    rows = pd.DataFrame({"estimator": "matched", "quarter_since_start": q,
                         "att_pp": [1.0, 2.0, 30.0, 4.0]})
    drawn = rows.assign(att_pp=rows["att_pp"].where(rows["quarter_since_start"] != 3))
    est = claims._drawn(rows, drawn, "matched")
    assert np.isnan(est[2]) and np.nanmean(np.abs(est)) == pytest.approx(7 / 3)
    assert np.array_equal(claims._drawn(rows, None, "matched"), rows["att_pp"].to_numpy())
    assert np.isnan(claims._drawn(rows, drawn, "naive")).all()  # no naive point drawn
    src = inspect.getsource(claims.matching_claims)
    assert "_drawn(m, published" in src and "_drawn(n, published" in src


@pytest.fixture(scope="module")
def ibo_4242(tmp_path_factory):
    from mia_helpers.effects import activation_effects
    from mia_helpers.panel import build_panel
    from mia_helpers.synthetic import generate

    data = tmp_path_factory.mktemp("dpo29") / "data"
    generate(data, seed=4242, residents=1500, newcomers=500)
    build_panel(data)
    return with_twin_persons(activation_effects(
        data, ["workplace_learning_ibo"], seed=4242, progress=False, interval="linearized"))


def test_published_curves_draw_nothing_hidden(ibo_4242):
    res, mc = ibo_4242, 20
    tidy = res.tidy[res.tidy["estimand"] == "now_vs_later"]
    summary = summary_table(tidy, res, min_cell=mc)
    curves = published_curves(res.tidy, "now_vs_later", summary, mc).reset_index(drop=True)
    rows = res.tidy[res.tidy["estimand"] == "now_vs_later"].reset_index(drop=True)
    drawn = curves["att_pp"].notna().to_numpy()
    matched = rows["estimator"].eq("matched").to_numpy()
    assert not (drawn & matched & ~estimate_shown(rows, mc)).any()
    assert not (drawn & ~matched & one_side_small(rows, mc)).any()
    assert not (drawn & summary_hides(rows, summary)["effect"]).any()
    # the leak of the review: Appendix A's bare curves drew points chapter 4 hides
    from mia_helpers.effects import curves_for_plot
    bare = curves_for_plot(res.tidy, "now_vs_later", min_cell=mc)["att_pp"].notna().to_numpy()
    assert (bare & ~drawn).any()


def test_appendix_a_draws_chapter_4s_curves():
    text = (ROOT / "notebooks" / "A_matching_method.md").read_text()
    assert "published_curves(tidy" in text and "curves_for_plot(" not in text
    assert "published=curves" in text


def test_summary_hides_a_naive_effect_on_few_entrants(ibo_4242):
    """Quarter 1 of IBO (seed 4242): the naive effect's starters who entered are 19 < 20."""
    res = ibo_4242
    tidy = res.tidy[res.tidy["estimand"] == "now_vs_later"]
    naive = tidy[(tidy["estimator"] == "naive") & (tidy["quarter_since_start"] == 1)]
    assert one_side_small(naive, 20).all()
    got = summary_table(tidy, res, (1, 4), min_cell=20)
    q1 = got.data[got.data["quarter_since_start"] == 1]
    assert q1["naive_pp"].isna().all()
    assert got.render().loc[q1.index, "naive_pp"].eq("x").all()


def test_bias_table_does_not_average_a_naive_effect_on_few_entrants():
    rows = []
    for q in range(4, 9):
        for est in ("matched", "naive"):
            r = _rows(est, 60).iloc[0].to_dict()
            r.update(quarter_since_start=q, measure="training_vocational", true_att_pp=1.0,
                     att_pp=3.0 if est == "naive" else 1.5)
            if est == "naive" and q == 6:  # 7 starters who entered: the naive point hidden
                r.update(treated_outcome=7 / 174, treated_entered_persons=7,
                         treated_not_entered_persons=167)
            rows.append(r)
    tidy = pd.DataFrame(rows)
    got = claims.bias_table(tidy, "now_vs_later", range(4, 9), min_cell=20).data.iloc[0]
    assert pd.isna(got["naive_bias_pp"]) and pd.isna(got["share_removed"])
    assert got["matched_bias_pp"] == pytest.approx(0.5)
    clean = tidy[~((tidy["estimator"] == "naive") & (tidy["quarter_since_start"] == 6))]
    ok = claims.bias_table(clean, "now_vs_later", range(4, 9), min_cell=20).data.iloc[0]
    assert ok["naive_bias_pp"] == pytest.approx(2.0)
