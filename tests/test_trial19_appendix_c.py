"""Appendix C under the book's disclosure rule (trial19, seed 7575, ``min_cell`` 20).

The appendix printed ``panel.head()`` (five rows of one patient) and ``match.support.head(8)``
(14, 8, 9, ... transplanted patients per week, 3 dropped), said "62 of the 69 transplanted
patients" (7 dropped, also at the default ``min_cell`` 10), published ``n_treated`` 62, 60, 58,
55 along the horizons (2 and 3 patients whose follow-up ended in between) and drew the share
dead week by week (one death a step). Cheap unit tests of the package functions that replace
those outputs, on hand-made frames.
"""

from pathlib import Path
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest

from mia_helpers import claims
from mia_helpers.describe import column_schema, support_summary
from mia_helpers.heart import (
    JASA_PANEL_COLUMNS,
    matched_by_group,
    published_curves,
    published_effects,
)

NOTEBOOK = Path(__file__).resolve().parent.parent / "notebooks" / "C_heart_transplant.md"
FOUND = "found a patient still waiting within the caliper"


def test_column_schema_lists_columns_and_no_values():
    panel = pd.DataFrame({"id": [101, 102], "death": [True, False],
                          "surgery": pd.array(["none", "prior bypass"], dtype="string")})
    out = column_schema(panel, {"death": "died", "id": "patient", "surgery": "bypass"})
    assert list(out.columns) == ["column", "dtype", "meaning"]
    assert list(out["column"]) == ["id", "death", "surgery"]  # the frame's order
    assert list(out["meaning"]) == ["patient", "died", "bypass"]
    assert out.loc[1, "dtype"] == "bool"
    shown = out.to_string()
    assert "101" not in shown and "prior bypass" not in shown  # no row's value


def test_column_schema_names_missing_and_extra_meanings():
    panel = pd.DataFrame({"id": [1], "age": [30.0]})
    with pytest.raises(ValueError, match=r"no meaning for the columns \['age'\]"):
        column_schema(panel, {"id": "patient"})
    with pytest.raises(ValueError, match=r"the table lacks: \['sex'\]"):
        column_schema(panel, {"id": "patient", "age": "years", "sex": "x"})


def test_jasa_panel_columns_cover_the_panel_columns():
    # jasa_panel's columns, as its docstring lists them
    cols = ["id", "period", "waiting", "transplant_start", "death", "age", "surgery", "year",
            "age_group"]
    assert list(JASA_PANEL_COLUMNS) == cols


SUPPORT = pd.DataFrame({"risk_set": [0, 1, 2, 3], "n_treated": [14, 8, 9, 38],
                        "n_matched": [14, 8, 6, 34], "n_dropped": [0, 0, 3, 4]})


def test_support_summary_hides_the_matched_beside_few_dropped():
    p = support_summary(SUPPORT, min_cell=20)
    shown = p.render().iloc[0]
    assert shown["risk_sets"] == 4 and int(shown["n_treated"]) == 69  # the total stays
    assert shown["n_dropped"] == "<20" and shown["n_matched"] == "x"
    shown = support_summary(SUPPORT, min_cell=5).render().iloc[0]
    assert [int(shown[c]) for c in ("n_treated", "n_matched", "n_dropped")] == [69, 62, 7]
    with pytest.raises(ValueError, match="n_dropped"):
        support_summary(SUPPORT.drop(columns="n_dropped"))


def test_support_sentence_states_no_hidden_count():
    s = claims.support_sentence(support_summary(SUPPORT, 20), 20, "transplanted patients",
                                FOUND)
    assert s.startswith("In 4 such periods, all but fewer than 20 of the 69 transplanted")
    assert "62" not in s and " 7 " not in s
    s = claims.support_sentence(support_summary(SUPPORT, 5), 5, "transplanted patients", FOUND)
    assert "62 of the 69 transplanted patients" in s and "the other 7 (column n_dropped)" in s
    full = SUPPORT.assign(n_matched=SUPPORT["n_treated"], n_dropped=0)
    s = claims.support_sentence(support_summary(full, 20), 20, "transplanted patients", FOUND)
    assert s == f"In 4 such periods, all 69 transplanted patients {FOUND}."
    with pytest.raises(ValueError, match="one row"):
        claims.support_sentence(pd.concat([support_summary(SUPPORT, 5).render()] * 2), 5,
                                "patients", FOUND)


def test_short_matches_sentence_hides_the_matched_total():
    pairs = pd.DataFrame({"treated": np.repeat(np.arange(62), [2] * 12 + [3] * 50)})
    s = claims.short_matches_sentence(pairs, 3, 20, "matched transplanted patients",
                                      "patients still waiting", matched_published="x",
                                      warned=False)
    assert s.startswith("Fewer than 20 of the matched transplanted patients got fewer")
    assert "62" not in s and "warning" not in s
    s = claims.short_matches_sentence(pairs, 3, 20, "matched", "pool")
    assert s.startswith("The warning under the cell says that fewer than 20 of the 62 matched")
    # 50 short of 62: the 12 with all their controls would be few
    pairs = pd.DataFrame({"treated": np.repeat(np.arange(62), [2] * 50 + [3] * 12)})
    assert "all but fewer than 20 of the 62" in claims.short_matches_sentence(pairs, 3, 20)


def _effects(counts: dict[str, list[int]]) -> pd.DataFrame:
    # half the treated died by each horizon (enough either side at min_cell 20: heart53)
    rows = []
    for g, ns in counts.items():
        for est in ("now_vs_later", "now_vs_never"):
            for estimator in ("matched", "naive"):
                for h, n in zip((4, 13, 26, 52), ns, strict=True):
                    rows.append(dict(group=g, estimand=est, estimator=estimator, horizon=h,
                                     treated_outcome=0.5, control_outcome=0.55, att_pp=-5.0,
                                     att_rel=-0.14, se=2.0, ci_low=-9.0, ci_high=-1.0,
                                     n_treated=n, point_identified=True))
    return pd.DataFrame(rows)


def test_published_effects_hides_counts_that_step_by_few():
    eff = _effects({"all": [60, 60, 58, 55], "45-54": [38, 38, 36, 35],
                    "under 45": [18, 18, 18, 17], "55 plus": [4, 4, 4, 3]})
    first = pd.Series({"all": 62, "45-54": 38, "under 45": 20, "55 plus": 4})
    out = published_effects(eff, first, [4, 26, 52], min_cell=20)
    assert set(out["estimator"]) == {"matched"} and sorted(set(out["horizon"])) == [4, 26, 52]
    main = out[out["group"] == "all"]
    assert (main["n_treated"] == "x").all()  # 62 -> 60 -> 58 -> 55: each step under 20
    assert (main["att_pp"].astype(float) == -5.0).all()  # the estimates stay
    small = out[out["group"].isin(["under 45", "55 plus"])]
    assert (small["n_treated"] == "<20").all() and (small["att_pp"] == "x").all()
    assert list(out.index) == list(eff[(eff["estimator"] == "matched")
                                       & eff["horizon"].isin([4, 26, 52])].index)
    # steps of 20 or more are published
    eff = _effects({"all": [100, 80, 60, 40]})
    out = published_effects(eff, pd.Series({"all": 120}), [4, 13, 26, 52], min_cell=20)
    assert [int(v) for v in out["n_treated"].iloc[:4]] == [100, 80, 60, 40]
    with pytest.raises(ValueError, match="no matched count for the groups"):
        published_effects(eff, pd.Series({"other": 1}), [4], min_cell=20)


def test_published_curves_step_only_on_min_cell_deaths():
    h = np.arange(1, 11)
    dead = np.array([1, 2, 4, 7, 10, 12, 15, 20, 21, 25])  # cumulative deaths of 50
    eff = pd.DataFrame({"group": "all", "estimand": "now_vs_later", "estimator": "matched",
                        "horizon": h, "n_treated": 50, "treated_outcome": dead / 50,
                        "control_outcome": dead / 100})
    out = published_curves(eff, min_cell=10)
    t = out[out["arm"] == "treated_outcome"].set_index("horizon")["share"]
    assert list(t) == [0, 0, 0, 0, 0.2, 0.2, 0.2, 0.4, 0.4, 0.4]  # steps at 10 and 20 deaths
    c = out[out["arm"] == "control_outcome"].set_index("horizon")["share"]
    assert list(c) == [0] * 7 + [0.2] * 3  # 10 weighted deaths reached at horizon 8
    steps = np.diff(np.r_[0, t.to_numpy()]) * 50
    assert ((steps == 0) | (steps >= 10)).all()
    few = eff.assign(n_treated=8)  # fewer than min_cell followed: no point
    assert published_curves(few, min_cell=10).empty


def test_matched_by_group_counts_each_matched_treated_once():
    panel = pd.DataFrame({"age_group": ["under 45", "45-54", "45-54", "55 plus"]})
    rows = pd.DataFrame({"panel_row": [0, 1, 2, 3, 0]})
    pairs = pd.DataFrame({"treated": [0, 0, 1, 2], "control": [3, 4, 3, 3]})
    m = matched_by_group(SimpleNamespace(panel=panel, rows=rows, pairs=pairs), "age_group")
    assert m.to_dict() == {"all": 3, "under 45": 1, "45-54": 2}
    with pytest.raises(KeyError, match="no column 'sex'"):
        matched_by_group(SimpleNamespace(panel=panel, rows=rows, pairs=pairs), "sex")


def test_appendix_c_shows_no_person_rows():
    text = NOTEBOOK.read_text()
    assert ".head(" not in text and "match.support.head" not in text
    assert "column_schema(panel, JASA_PANEL_COLUMNS)" in text
    assert "published_effects(" in text and "published_curves(" in text
    assert "{glue:text}`n_matched`" not in text  # the matched count may be hidden


def test_plot_curves_draws_every_estimand_also_without_points():
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    from mia_helpers.heart import plot_curves

    h = np.arange(1, 6)
    eff = pd.DataFrame({"group": "all", "estimand": "now_vs_later", "estimator": "matched",
                        "horizon": h, "n_treated": 8, "treated_outcome": h / 10,
                        "control_outcome": h / 20})
    empty = published_curves(eff, min_cell=10)  # 8 followed: nothing to draw
    assert empty.empty and list(empty.columns) == ["estimand", "horizon", "arm", "share"]
    # one figure: now versus later drawn, now versus never without a published point
    fig = plot_curves(published_curves(eff.assign(n_treated=100), min_cell=10),
                      ["now_vs_later", "now_vs_never"], "weeks", 10)
    assert [ax.get_title() for ax in fig.axes] == ["now versus later", "now versus never"]
    assert [[t.get_text() for t in ax.texts] for ax in fig.axes] == [
        [], ["no point rests on 10 or more patients"]]
    assert [t.get_text() for t in fig.legends[0].texts] == ["transplanted now",
                                                            "matched controls (waiting)"]
    plt.close(fig)
    with pytest.raises(ValueError, match="no estimand"):
        plot_curves(empty, [], "weeks", 10)


def test_heart_counts_and_estimates_read_well_when_hidden():
    ok = claims.heart_data_sentence(103, 69, 75, 25.0, 4612, 20)
    assert ok == ("Of the 103 patients, 69 received a heart, after a median wait of 25 days, "
                  "and 75 died during follow-up. The panel has 4,612 patient-periods.")
    hid = claims.heart_data_sentence(103, 69, 75, 25.0, 4612, 200)
    assert "103" not in hid and "69" not in hid and "25 days" not in hid
    assert hid.startswith("Of the fewer than 200 patients, fewer than 200 received a heart "
                          "(their median wait")
    assert claims.published_count(95, 10, total=103) == "a number hidden by disclosure control"
    assert claims.published_count(0, 10, total=50) == "0"
    assert claims.published_count(0, 10, total=5) == "a number hidden by disclosure control"
    with pytest.raises(ValueError, match="0..total"):
        claims.published_count(7, 10, total=5)
    assert claims.estimate_phrase(-5.28, -11.41, 7.46, 20, "percentage points", 95) == (
        "-5.3 percentage points (95 per cent interval -11.4 to 7.5)")
    assert claims.estimate_phrase(0.99, 0.535, 1.831, 20, "", 95, decimals=2) == (
        "0.99 (95 per cent interval 0.54 to 1.83)")
    gone = claims.estimate_phrase(float("nan"), float("nan"), float("nan"), 200, "points")
    assert "nan" not in gone and "fewer than 200 transplanted patients" in gone
    assert claims.estimate_phrase(1.0, float("nan"), float("nan"), 20, "points") == (
        "1.0 points (no interval computed)")
    nan = float("nan")
    assert "nan" not in claims.heart_widths_clause(52, nan, nan)
    assert claims.heart_widths_clause(52, 61.2, 27.4) == (
        "after 52 periods it spans 61 points, against 27 for now versus later")
    p = claims.heart_precision_clause(nan, nan, 52, nan, nan, 200)
    assert "nan" not in p and "Cox interval is hidden" in p
    hidden = support_summary(SUPPORT.assign(n_treated=SUPPORT["n_treated"]), 200)
    s = claims.support_sentence(hidden, 200, "transplanted patients", FOUND)
    assert s.startswith("In 4 such periods, disclosure control hides how many of the fewer "
                        "than 200 transplanted patients found")
