"""Trial20 (seed 8080, min_cell 15, window from 2006Q1): figure labels and units.

- Chapter 3's heatmap colours relative risk ratios by their log2 but its colour bar, labelled
  "relative risk ratio", read -1.5 to 1.5: a ratio cannot be negative. The ticks now carry
  the ratios (0.5, 1, 2) at whole (else half) powers of the base.
"""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import pandas as pd  # noqa: E402

from mia_helpers import plots  # noqa: E402


def _bar_labels(fig):
    bar = fig.axes[-1]  # the colour bar's axes comes after the heatmap's
    fig.canvas.draw()
    return [t.get_text() for t in bar.get_yticklabels()]


def test_log_heatmap_colour_bar_reads_in_ratios():
    m = pd.DataFrame([[0.38, 1.36], [1.0, 0.5]], index=["maghreb:second", "turkish:first"],
                     columns=["training_basic", "workplace_learning_ibo"])
    fig = plots.heatmap(m, colorbar_label="relative risk ratio (log2 colour scale)",
                        log_base=2, limit=1.5, cmap="RdBu")
    labels = _bar_labels(fig)
    plt.close(fig)
    assert labels == ["0.5", "1", "2"]  # log2 ticks -1, 0, 1, read as ratios
    assert all(not t.startswith(("-", "\N{MINUS SIGN}")) for t in labels)


def test_log_heatmap_narrow_scale_gets_half_powers():
    m = pd.DataFrame([[0.8, 1.2]], index=["maghreb:second"], columns=["a", "b"])
    fig = plots.heatmap(m, colorbar_label="ratio", log_base=2, limit=0.6)
    labels = _bar_labels(fig)
    plt.close(fig)
    assert labels == ["0.707", "1", "1.41"]


def test_linear_heatmap_colour_bar_keeps_its_values():
    m = pd.DataFrame([[-1.0, 1.0]], index=["maghreb:second"], columns=["a", "b"])
    fig = plots.heatmap(m, colorbar_label="gap", limit=1.0)
    labels = _bar_labels(fig)
    plt.close(fig)
    assert any(t.startswith(("-", "\N{MINUS SIGN}")) for t in labels)  # no ratio relabelling


def _origin_curves(truth: bool = True) -> pd.DataFrame:
    rows = []
    for m in ("IBO", "Vocational training"):
        for g in ("Belgian", "Non-EU"):
            for q in range(1, 13):
                rows.append(dict(measure=m, group=g, quarter_since_start=q, att_pp=float(q),
                                 ci_low=q - 2.0, ci_high=q + 2.0,
                                 true_att_pp=q + 0.5 if truth else float("nan")))
    out = pd.DataFrame(rows)
    out.loc[(out.group == "Non-EU") & (out.quarter_since_start > 9),
            ["att_pp", "ci_low", "ci_high"]] = float("nan")  # suppressed: not drawn
    return out


def test_group_effect_curves_whole_quarters_and_a_key_to_both_line_styles():
    fig = plots.group_effect_curves(_origin_curves())
    fig.canvas.draw()
    ax = fig.axes[0]
    ticks = [t for t in ax.get_xticks() if ax.get_xlim()[0] <= t <= ax.get_xlim()[1]]
    assert ticks and all(float(t).is_integer() for t in ticks)  # not 2.5, 5.0, 7.5
    names = [t.get_text() for t in fig.legends[0].get_texts()]
    plt.close(fig)
    assert names == ["origin: Belgian", "origin: Non-EU", "estimate (solid)",
                     "generator's truth (dashed)"]
    assert [a.get_title() for a in fig.axes[:2]] == ["IBO", "Vocational training"]


def test_group_effect_curves_without_truth_has_no_truth_key():
    fig = plots.group_effect_curves(_origin_curves(truth=False))
    names = [t.get_text() for t in fig.legends[0].get_texts()]
    plt.close(fig)
    assert "generator's truth (dashed)" not in names


def test_group_effect_curves_names_a_missing_column():
    import pytest

    with pytest.raises(ValueError, match="ci_high"):
        plots.group_effect_curves(_origin_curves().drop(columns=["ci_high"]))
