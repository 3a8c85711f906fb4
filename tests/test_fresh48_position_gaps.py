"""fresh48: chapter 1's positions figure drew lines across suppressed quarters.

Seed 4048, 2,000 residents, 600 newcomers, window 2005Q1-2012Q4, ``min_cell`` 20: the
Sub-Saharan employment share was published for a few quarters at each end of the window and
left out in between ("Shares behind fewer than 20 persons are left out"), yet the figure drew
one straight line over the six years between, as if those quarters held the values on it.
A line now stops at a left-out quarter; a quarter published alone is drawn as a dot.
"""

import matplotlib

matplotlib.use("Agg")

import pandas as pd  # noqa: E402

from mia_helpers import describe  # noqa: E402

KEPT = [0, 1, 2, 3, 10, 11, 12, 13, 20]  # quarters 4-9 and 14-19 suppressed (absent rows)


def _shares():
    rows = [{"quarter": q, "origin": o, "position_group": p, "share": 0.2 + q / 100}
            for q in KEPT for o in ("belgian", "turkish") for p in ("employed", "jobseeker")]
    return pd.DataFrame(rows)


def _lines(fig):
    return [line.get_xdata() for ax in fig.axes for line in ax.lines if len(line.get_xdata())]


def test_no_line_spans_a_left_out_quarter():
    fig = describe.plot_position_shares(_shares())
    for x in _lines(fig):
        quarters = [round((v - 2005) * 4) for v in x]
        steps = {b - a for a, b in zip(quarters, quarters[1:], strict=False)}
        assert steps <= {1}, quarters  # old code: one line 0..20 with steps of 7 and 7


def test_a_quarter_published_alone_is_drawn_as_a_dot():
    fig = describe.plot_position_shares(_shares())
    dots = [tuple(xy) for ax in fig.axes for c in ax.collections for xy in c.get_offsets()]
    assert (2010.0, 0.4) in [(float(x), round(float(y), 6)) for x, y in dots], dots
    # every published point is drawn: on a line or as a dot
    drawn = sum(len(x) for x in _lines(fig) if len(x) > 1) + len(dots)
    assert drawn == len(_shares())


def test_colours_of_dots_follow_the_lines_legend():
    fig = describe.plot_position_shares(_shares())
    legend = {t.get_text(): h.get_color() for t, h in
              zip(fig.legends[0].get_texts(), fig.legends[0].legend_handles, strict=True)}
    ax = fig.axes[0]
    colours = {tuple(round(v, 6) for v in c) for col in ax.collections
               for c in col.get_facecolors()}
    expected = {tuple(round(v, 6) for v in matplotlib.colors.to_rgba(legend[k]))
                for k in ("Employed", "Jobseeker")}
    assert colours == expected, (colours, expected)
