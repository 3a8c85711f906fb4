"""Publication figures (mia_helpers.plots): legends, labels, ticks, colour bars."""

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

from mia_helpers import plots  # noqa: E402


def _curves(truth=True):
    q = np.arange(1, 9)
    rows = []
    for m in ("training_basic", "workplace_learning_ibo"):
        for est in ("naive", "matched"):
            rows.append(pd.DataFrame({"measure": m, "estimator": est, "quarter_since_start": q,
                                      "att_pp": q * 0.5, "ci_low": q * 0.5 - 1,
                                      "ci_high": q * 0.5 + 1,
                                      "true_att_pp": q * 0.4 if truth else np.nan}))
    return pd.concat(rows, ignore_index=True)


def _legend_texts(fig):
    return [t.get_text() for lg in fig.legends for t in lg.get_texts()]


def test_effect_curves_name_every_line_and_use_reader_labels():
    fig = plots.effect_curves(_curves(), level=0.9)
    assert _legend_texts(fig) == ["Naive", "Matched", "Truth", "90 % confidence interval"]
    titles = [ax.get_title() for ax in fig.axes if ax.get_visible()]
    assert titles == ["Basic training", "IBO"]
    ticks = fig.axes[0].get_xticks()
    assert np.allclose(ticks, np.round(ticks))  # whole quarters
    plt.close(fig)


def test_effect_curves_without_truth_draw_no_truth_entry():
    fig = plots.effect_curves(_curves(truth=False))
    assert "Truth" not in _legend_texts(fig)
    plt.close(fig)


def test_effect_curves_reject_missing_columns_and_panels():
    with pytest.raises(ValueError, match="lacks columns"):
        plots.effect_curves(_curves().drop(columns="ci_low"))
    with pytest.raises(ValueError, match="not in column"):
        plots.effect_curves(_curves(), ["mo"])


def test_legend_sits_below_the_panels():
    fig = plots.effect_curves(_curves())
    fig.canvas.draw()
    legend = fig.legends[0].get_window_extent()
    lowest = min(ax.get_window_extent().y0 for ax in fig.axes if ax.get_visible())
    assert legend.y1 <= lowest  # the legend covers no curve
    plt.close(fig)


def test_cumulative_incidence_and_heatmap():
    d = pd.DataFrame({"u": list(range(5)) * 2, "cum_incidence": np.linspace(0, 0.5, 10),
                      "residence_ground": ["family"] * 5 + ["asylum"] * 5})
    fig = plots.cumulative_incidence(d, hue="residence_ground", steps=True)
    assert _legend_texts(fig) == ["Family", "Asylum"]
    plt.close(fig)
    m = pd.DataFrame([[0.5, -0.2], [np.nan, 1.0]], index=["maghreb", "turkish"],
                     columns=["training_basic", "workplace_learning_ibo"])
    fig = plots.heatmap(m, colorbar_label="log2 RRR")
    assert len(fig.axes) == 2 and fig.axes[1].get_ylabel() == "log2 RRR"  # colour bar
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == ["Maghreb", "Turkish"]
    plt.close(fig)


def test_cumulative_incidence_draws_bands_and_panels():
    d = pd.DataFrame({"u": list(range(4)) * 2, "cum_incidence": np.linspace(0, 0.4, 8),
                      "ci_low": 0.0, "ci_high": 0.5, "profile": ["belgian:native"] * 4
                      + ["maghreb:second"] * 4, "event": ["job"] * 4 + ["stable"] * 4})
    fig = plots.cumulative_incidence(d, hue="profile", panel="event", band=("ci_low", "ci_high"),
                                     percent=True)
    # panel titles are reader labels of the codes (label map)
    assert [ax.get_title() for ax in fig.axes if ax.get_visible()] == ["First job",
                                                                        "First stable job"]
    assert fig.axes[0].collections  # the band
    assert fig.axes[0].get_ylim()[1] >= 50  # percent
    plt.close(fig)


def test_heatmap_log_scale_colours_ratios_symmetrically_and_keeps_annotations():
    m = pd.DataFrame([[0.5, 2.0]], index=["maghreb:second"], columns=["a", "b"])
    fig = plots.heatmap(m, colorbar_label="RRR (log2 colour scale)", log_base=2)
    img = fig.axes[0].images[0].get_array()
    assert np.allclose(img, [[-1.0, 1.0]])  # log2 of the ratios, centred at 0
    assert [t.get_text() for t in fig.axes[0].texts] == ["0.50", "2.00"]
    assert fig.axes[0].get_yticklabels()[0].get_text() == "Maghreb (second generation)"
    plt.close(fig)


def test_gap_bars_draw_truth_and_say_when_nothing_can_be_drawn():
    g = pd.DataFrame({"origin_generation": ["maghreb:second", "turkish:first"],
                      "outcome": ["workplace_learning_ibo"] * 2, "raw_gap": [-4.0, "x"],
                      "adjusted_gap": [-3.0, "x"], "true_adjusted_gap": [-2.5, -1.0]})
    fig = plots.gap_bars(g, ["workplace_learning_ibo"], empty_note="nothing")
    assert _legend_texts(fig) == ["Raw gap", "Adjusted gap (M1)", "True adjusted gap"]
    assert [t.get_text() for t in fig.axes[0].get_yticklabels()] == [
        "Maghreb (second generation)"]  # the suppressed cell is not drawn
    plt.close(fig)
    fig = plots.gap_bars(g.iloc[1:], ["workplace_learning_ibo"], empty_note="nothing")
    assert [t.get_text() for t in fig.axes[0].texts] == ["nothing"]
    plt.close(fig)


def test_note_figure_renders_as_an_image():
    """A figure that only says why it is empty must still glue a PNG: IPython renders nothing
    for a figure without axes (chapter 4's by-origin figure with no direct-link measure was
    glued without an image, so its number and caption vanished from the runner's HTML)."""
    from IPython.core.pylabtools import print_figure

    fig = plots.note_figure("No direct-link measure among the measures run")
    png = print_figure(fig, "png")
    assert png and png.startswith(b"\x89PNG")
    assert [t.get_text() for t in fig.axes[0].texts] == [
        "No direct-link measure among the measures run"]
    plt.close(fig)


def _km(groups: dict[str, int]) -> pd.DataFrame:
    """Kaplan-Meier rows of ``hazard.km_cumulative_incidence`` for groups (key -> persons)."""
    rows = []
    for g, n in groups.items():
        left, cum = n, 0.0
        for u in range(6):
            events = n // 10
            cum = 1 - (1 - cum) * (1 - events / left)
            rows.append({"origin_generation": g, "u": u, "n_at_risk": left, "events": events,
                         "cum_incidence": cum})
            left -= events
    return pd.DataFrame(rows)


def test_school_leaver_curves_name_every_origin_drawn_with_reader_labels():
    """The legend was taken from the top right panel only and showed codes ("southern_eu"):
    an origin drawn in another panel had a line but no legend entry."""
    from mia_helpers import hazard as hz

    job = _km({"belgian:native": 500, "maghreb:intermediate": 200, "turkish:second": 200})
    stable = _km({"belgian:native": 500, "maghreb:intermediate": 200})
    fig = hz.plot_cumulative_incidence({"job": job, "stable": stable}, min_cell=10, max_u=5)
    assert _legend_texts(fig) == ["Maghreb", "Turkish", "Belgian (native)"]
    plt.close(fig)
