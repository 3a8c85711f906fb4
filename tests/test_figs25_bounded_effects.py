"""Effect figures draw an effect that is not point-identified as its bounds, not as a point.

A row with ``point_identified`` False holds worst-case bounds and no estimate: the tables
print "bounds [lo, hi]" without a point (mia_helpers.labels.bound_text). The figures drew its
``att_pp`` as a point on the curve and its bounds as part of the confidence band. The rows
here are constructed; the checks read the matplotlib artists (no image comparison).
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
from matplotlib.container import ErrorbarContainer  # noqa: E402

from mia_helpers import plots  # noqa: E402

Q = np.arange(1, 7)
BOUND_Q, BOUND_EST, BOUND_LO, BOUND_HI = 5, 7.7, -20.0, 30.0


def _rows(bounded: bool = True, key: str = "estimator") -> pd.DataFrame:
    """Two curves (naive, matched; or two groups) of one measure; the matched quarter 5 is
    not point-identified when ``bounded``."""
    parts = []
    for k in ("naive", "matched"):
        d = pd.DataFrame({"measure": "workplace_learning_ibo", key: k, "quarter_since_start": Q,
                          "att_pp": Q * 1.0, "ci_low": Q - 1.0, "ci_high": Q + 1.0,
                          "true_att_pp": Q * 0.9, "point_identified": True})
        if k == "matched" and bounded:
            at = d["quarter_since_start"] == BOUND_Q
            d.loc[at, ["att_pp", "ci_low", "ci_high", "point_identified"]] = (
                BOUND_EST, BOUND_LO, BOUND_HI, False)
        parts.append(d)
    return pd.concat(parts, ignore_index=True)


def _points(ax) -> set[tuple[float, float]]:
    """Every finite (x, y) a line of ``ax`` draws with a marker."""
    out = set()
    for line in ax.get_lines():
        if line.get_marker() in (None, "", "None", " "):
            continue
        for x, y in zip(*(np.asarray(v, float) for v in line.get_data()), strict=True):
            if np.isfinite(x) and np.isfinite(y):
                out.add((float(x), round(float(y), 6)))
    return out


def _band_ys(ax) -> np.ndarray:
    """The y values of every filled band (fill_between) of ``ax``."""
    ys = [p.get_paths()[0].vertices[:, 1] for p in ax.collections
          if type(p).__name__ in ("PolyCollection", "FillBetweenPolyCollection")
          and p.get_paths()]
    return np.concatenate(ys) if ys else np.array([])


def _bound_bars(ax) -> list[np.ndarray]:
    """Segments of the error bars of ``ax`` that have no data line (no point)."""
    segs = []
    for c in ax.containers:
        if isinstance(c, ErrorbarContainer):
            assert c.lines[0] is None, "a bound is drawn with a point marker"
            for coll in c.lines[2]:
                segs.extend(np.asarray(s, float) for s in coll.get_segments())
    return segs


def _legend_texts(fig) -> list[str]:
    return [t.get_text() for lg in fig.legends for t in lg.get_texts()]


def _check_bounded(fig) -> None:
    ax = fig.axes[0]
    assert (float(BOUND_Q), BOUND_EST) not in _points(ax)  # no point at the bounded row
    assert (float(BOUND_Q), float(BOUND_Q)) in _points(ax)  # the naive point of that quarter
    segs = _bound_bars(ax)
    assert len(segs) == 1
    np.testing.assert_allclose(segs[0], [[BOUND_Q, BOUND_LO], [BOUND_Q, BOUND_HI]])
    ys = _band_ys(ax)  # the bounds are no confidence band
    assert ys.size and not np.isin([BOUND_LO, BOUND_HI], ys).any()
    assert any(plots.BOUNDS_LABEL in t for t in _legend_texts(fig))


def test_effect_curves_draw_a_bounded_row_as_a_bar_without_a_point():
    fig = plots.effect_curves(_rows(), level=0.95)
    _check_bounded(fig)
    plt.close(fig)


def test_group_effect_curves_draw_a_bounded_row_as_a_bar_without_a_point():
    fig = plots.group_effect_curves(_rows(key="group"), group_col="group")
    _check_bounded(fig)
    plt.close(fig)


def test_without_bounds_no_bar_no_legend_entry_no_caption_note():
    rows = _rows(bounded=False)
    for fig in (plots.effect_curves(rows),
                plots.group_effect_curves(rows.rename(columns={"estimator": "group"}))):
        assert not _bound_bars(fig.axes[0])
        assert not any(plots.BOUNDS_LABEL in t for t in _legend_texts(fig))
        assert (float(BOUND_Q), float(BOUND_Q)) in _points(fig.axes[0])
        plt.close(fig)
    assert plots.figure_bounds_note(rows) == ""
    assert plots.figure_bounds_note(rows.drop(columns="point_identified")) == ""


def test_caption_note_only_where_a_bound_is_drawn_or_left_out():
    note = plots.figure_bounds_note(_rows())
    assert note.startswith(" ") and note.endswith(".") and "worst-case bounds" in note
    assert "not drawn" not in note
    # a bounded row without bounds (the table's "–"): nothing drawn, and the caption says so
    rows = _rows()
    rows.loc[~rows["point_identified"], ["ci_low", "ci_high"]] = np.nan
    note = plots.figure_bounds_note(rows)
    assert "not drawn" in note and "bar" not in note
    fig = plots.effect_curves(rows)
    assert not _bound_bars(fig.axes[0])
    assert (float(BOUND_Q), BOUND_EST) not in _points(fig.axes[0])
    plt.close(fig)
    # a suppressed bounded row (estimate and bounds NaN) is the caption's hidden point
    rows.loc[~rows["point_identified"], "att_pp"] = np.nan
    assert plots.figure_bounds_note(rows) == ""
    # the flag as a rendered table gives it ("False") counts too
    rendered = _rows().astype({"point_identified": str})
    assert plots.figure_bounds_note(rendered) == plots.figure_bounds_note(_rows())


def test_with_point_identified_carries_the_flag_to_curves_built_without_it():
    """Chapter 5's curves (mia_helpers.newcomers.effect_curves) leave the flag out: merged
    back from the effect rows, the bounded row is drawn as its bounds."""
    tidy = _rows().assign(estimand="now_vs_never")
    curves = tidy.drop(columns="point_identified")
    out = plots.with_point_identified(curves, tidy)
    assert list(out["point_identified"]) == list(tidy["point_identified"])
    assert out.drop(columns="point_identified").equals(curves)
    fig = plots.effect_curves(out)
    _check_bounded(fig)
    plt.close(fig)
    assert plots.with_point_identified(curves, curves) is curves  # no flag to carry
    import pytest

    with pytest.raises(ValueError, match="estimand"):
        plots.with_point_identified(curves.drop(columns="estimand"), tidy)
    with pytest.raises(ValueError, match="repeated"):
        plots.with_point_identified(curves, pd.concat([tidy, tidy]))
