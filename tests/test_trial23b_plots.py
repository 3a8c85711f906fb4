"""trial23b: chapter 4's origin-group figure on seed 8181 (min_cell 12) keyed a group with
nothing drawn, and drew a lone estimate (its neighbours hidden) without its band."""
import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402

from mia_helpers import plots  # noqa: E402


def _curves() -> pd.DataFrame:
    rows = []
    for grp in ("Belgian", "Eastern EU", "Southern EU"):
        for q in range(1, 7):
            shown = grp == "Belgian" or (grp == "Southern EU" and q == 4)
            v = float(q) if shown else np.nan
            rows.append({"measure": "IBO", "group": grp, "quarter_since_start": q,
                         "att_pp": v, "ci_low": v - 2, "ci_high": v + 2, "true_att_pp": v})
    return pd.DataFrame(rows)


def test_group_curves_key_only_groups_drawn_and_show_a_lone_band():
    fig = plots.group_effect_curves(_curves())
    try:
        keys = [t.get_text() for t in fig.legends[0].get_texts()]
        assert "origin: Eastern EU" not in keys, keys  # nothing of it is drawn
        assert {"origin: Belgian", "origin: Southern EU"} <= set(keys), keys
        ax = fig.axes[0]
        # the lone Southern EU point at quarter 4 (4 pp, band 2 to 6) has a visible band
        segs = [s for c in ax.collections for s in getattr(c, "get_segments", list)()]
        assert any(np.allclose(s, [[4, 2], [4, 6]]) for s in segs), segs
    finally:
        plt.close(fig)


def test_effect_curves_draw_a_lone_band():
    d = _curves().query("group == 'Southern EU'").assign(estimator="matched")
    fig = plots.effect_curves(d, ["IBO"])
    try:
        segs = [s for c in fig.axes[0].collections for s in getattr(c, "get_segments",
                                                                    list)()]
        assert any(np.allclose(s, [[4, 2], [4, 6]]) for s in segs), segs
    finally:
        plt.close(fig)
