"""Appendix C's figure stops the controls' "now versus never" curve where the estimate is not
point-identified, and its caption says so (trial25: the curve ran on to 0.89 at 52 periods
beside a table flagging every horizon from 20 on)."""

import numpy as np
import pandas as pd

from mia_helpers.heart import curves_caption_note, first_unidentified, published_curves


def _effects(flag_from: int | None, horizons: int = 30) -> pd.DataFrame:
    rows = []
    for est in ("now_vs_later", "now_vs_never"):
        for h in range(1, horizons + 1):
            rows.append(dict(group="all", estimator="matched", estimand=est, horizon=h,
                             n_treated=100, treated_outcome=0.02 * h,
                             control_outcome=0.025 * h,
                             point_identified=not (est == "now_vs_never" and flag_from
                                                   and h >= flag_from)))
    return pd.DataFrame(rows)


def _last(curves: pd.DataFrame, est: str, arm: str) -> float:
    d = curves[(curves["estimand"] == est) & (curves["arm"] == arm)]
    return float(d["horizon"].max())


def test_never_controls_curve_stops_before_first_flagged_horizon():
    eff = _effects(flag_from=20)
    assert first_unidentified(eff, "now_vs_never") == 20
    assert first_unidentified(eff, "now_vs_later") == np.inf
    cur = published_curves(eff, min_cell=10)
    assert _last(cur, "now_vs_never", "control_outcome") < 20
    assert _last(cur, "now_vs_never", "treated_outcome") == 30  # observed: drawn on
    assert _last(cur, "now_vs_later", "control_outcome") == 30


def test_identified_curves_unchanged_and_no_note():
    eff = _effects(flag_from=None)
    cur = published_curves(eff, min_cell=10)
    assert _last(cur, "now_vs_never", "control_outcome") == 30
    assert curves_caption_note(eff) == ""
    assert first_unidentified(eff.drop(columns="point_identified"), "now_vs_never") == np.inf


def test_caption_note_names_the_period():
    note = curves_caption_note(_effects(flag_from=20))
    assert note.startswith(" ") and note.endswith(".")
    assert "period 20" in note and "not point-identified" in note


def test_flag_at_a_horizon_without_treated_is_not_a_stop():
    eff = _effects(flag_from=20)
    eff.loc[(eff["estimand"] == "now_vs_never") & (eff["horizon"] == 20), "n_treated"] = 0
    assert first_unidentified(eff, "now_vs_never") == 21


def test_shown_effects_print_no_point_where_not_identified():
    from mia_helpers.heart import shown_effects

    eff = _effects(flag_from=20)
    eff = eff[eff["horizon"].isin([4, 26])].assign(att_pp=-1.5, ci_low=-3.0, ci_high=0.5,
                                                    se=1.0, att_rel=0.1)
    out = shown_effects(eff)
    assert list(out.index) == list(range(len(out)))
    never26 = out[(out["estimand"] == "now_vs_never") & (out["horizon"] == 26)]
    assert never26["att_pp"].tolist() == ["–"] and never26["ci_low"].tolist() == [-3.0]
    assert (out.loc[out["point_identified"], "att_pp"] == -1.5).all()
    # a rendered table's "False" is a flag too
    rendered = eff.assign(point_identified=eff["point_identified"].map(str))
    assert shown_effects(rendered)["att_pp"].tolist().count("–") == 1
