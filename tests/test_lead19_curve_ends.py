"""Step curves mark their last published point (trial18: chapter 3's Figure 2 drew the exact
value at the horizon as a step of no width, so the prose's horizon values could not be read
off the figure)."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from mia_helpers import plots  # noqa: E402


def test_each_step_curve_ends_with_a_dot_at_its_last_published_value():
    d = pd.DataFrame({"u": [0, 1, 2, 3] * 2, "origin": ["belgian"] * 4 + ["maghreb"] * 4,
                      "cum_incidence": [0.0, 0.01, 0.02, 0.05, 0.0, 0.02, 0.03, np.nan]})
    fig = plots.cumulative_incidence(d, y="cum_incidence", hue="origin", steps=True, percent=True)
    dots = [(tuple(line.get_xdata()), tuple(line.get_ydata()))
            for line in fig.axes[0].get_lines() if line.get_marker() == "o"]
    assert sorted(dots) == [((2,), (3.0,)), ((3,), (5.0,))]  # maghreb ends at u = 2


def test_lines_without_steps_get_no_dots():
    d = pd.DataFrame({"u": [0, 1], "origin": ["belgian"] * 2, "cum_incidence": [0.0, 0.1]})
    fig = plots.cumulative_incidence(d, y="cum_incidence", hue="origin")
    assert not [line for line in fig.axes[0].get_lines() if line.get_marker() == "o"]
